//! The reader's state, owned in one place, and `update`, the one place that changes it.
//!
//! `App` holds the corpus snapshot, the tree, the panes (one, or two when comparing, one of
//! them active), the mode (browsing, filtering the tree, searching, or a popup), the jump
//! list and what is remembered between runs. Every reference to a report is a `ReportId`.
//! `update` acts on an `Action` and returns `Effect`s for the loop (quit, suspend, save,
//! copy); afterwards `relayout` settles every pane for the screen, so drawing only reads.
//! The search mode lives in `finder`, popups in `popup`, loading in `loading`.

use super::action::{Action, Focus};
use super::finder::Finder;
use super::pane::{Pane, Spot};
use super::popup::Popup;
use super::search::{LineEdit, Scope, Worker};
use crate::corpus::load::Loader;
use crate::corpus::{Corpus, Report, ReportId};
use crate::layout::Ambiguous;
use crate::search::{Hit, Matcher, Query};
use crate::tree::Tree;
use ratatui::layout::Rect;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

/// Reports in a corpus at most this big start with the whole tree open.
pub(super) const EXPAND_ALL_UP_TO: usize = 200;

/// Matched char indices per (report, paragraph) for the highlighted query.
type HighlightCache = HashMap<(ReportId, usize), Rc<[usize]>>;

/// What the app is doing, innermost layer first: keys go to it, and Esc closes it.
#[derive(Debug)]
pub enum Mode {
    /// The tree and the reader.
    Browse,
    /// Typing the tree's filter.
    Filter(LineEdit),
    /// The search panel over the reader.
    Search(Box<Finder>),
    /// A popup over the panes.
    Popup(Popup),
    /// A research view (trend or concordance) over the panes.
    Study(Box<super::study::Study>),
    /// The targets view over the panes.
    Targets(Box<super::targets::Targets>),
}

/// What the loop must do after an update.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Ctrl-Z: hand the terminal back and stop until `fg`.
    Suspend,
    /// The remembered state changed: write it.
    Save,
    /// Put this on the clipboard; `what` says what it is, for the status line.
    Copy {
        text: String,
        what: &'static str,
    },
}

pub use super::mouse::Mouse;

/// Screen areas of the current geometry, for the mouse and for drawing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    pub tree: Option<Rect>,
    /// The main pane and the second one (when comparing).
    pub panes: [Option<Rect>; 2],
    /// The search panel and its results list (first hit shown, rows per hit).
    pub search: Option<Rect>,
    pub results: Option<(Rect, usize, usize)>,
    /// A research view (trend or concordance), over the tree and panes.
    pub study: Option<Rect>,
    pub status: Rect,
    /// Too small to show anything but a notice.
    pub too_small: bool,
}

pub struct App {
    pub corpus: Arc<Corpus>,
    pub tree: Tree,
    pub focus: Focus,
    /// The report pane, and the second pane of a comparison.
    pub main: Option<Pane>,
    pub second: Option<Pane>,
    /// Keys go to the second pane.
    pub on_second: bool,
    pub mode: Mode,
    pub amb: Ambiguous,
    pub theme: super::theme::Theme,
    pub keymap: super::action::Keymap,
    /// The scope a new search starts with.
    pub default_scope: Scope,
    /// The search panel lists only exact hits (the config's `exact_only`; Ctrl-x there).
    pub exact_only: bool,
    /// How `y` / `Y` cite (the config's `[citation] template`).
    pub citation: crate::cite::Template,
    pub(super) grouping: crate::config::Grouping,
    /// A one-line message for the status line, and when it was set.
    pub message: Option<(String, std::time::Instant)>,
    /// Messages that must not be missed (a damaged state file): also listed under `!`.
    pub notices: Vec<String>,
    /// What is remembered between runs; the loop loads and saves it.
    pub state: crate::state::State,
    /// Per report (by state key), the place this instance last put in the state or took
    /// from it: only a move away from it is stamped, so after a merge brings another
    /// instance's newer place, one that only looked does not win with its old one.
    pub(super) recorded: HashMap<String, Option<crate::state::Spot>>,
    /// The report to reopen once it has loaded (from the state).
    pub(super) restore: Option<String>,
    /// The user opened something: loading must not change what is shown.
    pub(super) chosen: bool,
    /// The filter in force on the tree, empty for none.
    pub tree_filter_text: String,
    /// Hits of the last accepted search (the best ranked, the rest perhaps not: see
    /// `tui::search::LIST_RANKED`), for n / N, which walk them in reading order, and the one
    /// jumped to last (an index into `hits`).
    pub hits: Vec<Hit>,
    pub hit_pos: Option<usize>,
    /// The query those hits answer: highlighted again when a search panel opened since
    /// closes without a jump, so that what is highlighted is what n / N walk.
    pub hits_query: Option<Query>,
    /// Those hits' query as typed (the pinyin when it was retried by its pinyin): what the
    /// research views study when opened from the reader.
    pub hits_text: Option<String>,
    /// Matches of this query are highlighted in the reader.
    pub highlight: Option<Query>,
    /// Highlighted char indices per (report, paragraph), for `highlight`. A cache only.
    highlight_cache: RefCell<HighlightCache>,
    pub(super) matcher: Matcher,
    pub(super) jumps: super::finder::Jumps,
    pub(super) worker: Option<Worker>,
    /// Files still loading in the background, and when the corpus was last rebuilt from them.
    pub loader: Option<Loader>,
    pub(super) last_merge: std::time::Instant,
    /// Bookmarks deleted while the list is open, last first: (position, bookmark).
    pub(super) undo: Vec<(usize, crate::state::Bookmark)>,
    /// The screen size and what goes where on it.
    pub size: (u16, u16),
    pub areas: Areas,
}

impl App {
    pub fn new(corpus: Corpus, amb: Ambiguous) -> App {
        let tree = Tree::build(&corpus, EXPAND_ALL_UP_TO);
        let mut app = App {
            corpus: Arc::new(corpus),
            tree,
            focus: Focus::Tree,
            main: None,
            second: None,
            on_second: false,
            mode: Mode::Browse,
            amb,
            theme: super::theme::Theme::default(),
            keymap: super::action::Keymap::default(),
            default_scope: Scope::All,
            exact_only: false,
            citation: crate::cite::Template::default(),
            grouping: crate::config::Grouping::Province,
            message: None,
            notices: Vec::new(),
            state: crate::state::State::default(),
            recorded: HashMap::new(),
            restore: None,
            chosen: false,
            tree_filter_text: String::new(),
            hits: Vec::new(),
            hit_pos: None,
            hits_query: None,
            hits_text: None,
            highlight: None,
            highlight_cache: RefCell::new(HashMap::new()),
            matcher: Matcher::new(),
            jumps: Default::default(),
            worker: None,
            loader: None,
            last_merge: std::time::Instant::now(),
            undo: Vec::new(),
            size: (80, 24),
            areas: Areas::default(),
        };
        app.open_first();
        app.relayout();
        app
    }

    /// Take the user's settings: theme, keys, search scope, tree grouping.
    pub fn configure(&mut self, config: &crate::config::Config, no_color: bool) {
        let e = config.effective();
        self.theme = super::theme::Theme::new(&e.theme, no_color);
        self.keymap = super::keymap::Keymap::from_config(config).unwrap_or_default();
        self.default_scope = match e.default_scope.unwrap_or_default() {
            crate::config::ScopeSetting::All => Scope::All,
            crate::config::ScopeSetting::Place => Scope::Place,
            crate::config::ScopeSetting::Report => Scope::Report,
        };
        self.exact_only = e.exact_only.unwrap_or(false);
        self.citation =
            e.citation.template.as_deref().and_then(|t| crate::cite::Template::parse(t).ok()).unwrap_or_default();
        let grouping = e.tree_grouping.unwrap_or_default();
        if grouping != self.grouping {
            self.grouping = grouping;
            self.rebuild_tree();
        }
    }

    /// The active pane: the second one when comparing and it has the keys.
    pub fn pane(&self) -> Option<&Pane> {
        if self.on_second { self.second.as_ref() } else { self.main.as_ref() }
    }

    pub fn pane_mut(&mut self) -> Option<&mut Pane> {
        if self.on_second { self.second.as_mut() } else { self.main.as_mut() }
    }

    /// Pane `k`: 0 the main one, 1 the second of a comparison.
    pub fn pane_at(&self, k: usize) -> Option<&Pane> {
        if k == 0 { self.main.as_ref() } else { self.second.as_ref() }
    }

    pub fn pane_at_mut(&mut self, k: usize) -> Option<&mut Pane> {
        if k == 0 { self.main.as_mut() } else { self.second.as_mut() }
    }

    /// The active pane's report.
    pub fn report(&self) -> Option<&Report> {
        self.pane().and_then(|p| self.corpus.get(p.report)).map(|r| &**r)
    }

    /// The report open in the main pane.
    pub fn main_report(&self) -> Option<ReportId> {
        self.main.as_ref().map(|p| p.report)
    }

    /// What y would copy: the active pane's report and cursor paragraph.
    pub fn cursor(&self) -> Option<(ReportId, usize)> {
        let p = self.pane()?;
        let r = self.corpus.get(p.report)?;
        (p.cursor < r.paragraphs.len()).then_some((p.report, p.cursor))
    }

    /// The first paragraph at or below the active pane's top row.
    pub fn top_paragraph(&self) -> Option<usize> {
        self.pane().and_then(|p| p.top_paragraph())
    }

    /// Where the active pane is now.
    pub fn here(&self) -> Option<Spot> {
        self.pane().map(|p| Spot { second: self.on_second, ..p.spot() })
    }

    /// The first key bound to the keymap row `name`, as the help shows it ("Enter", "u").
    pub fn key(&self, name: &str) -> String {
        self.keymap.keys(name).first().map(|k| k.label()).unwrap_or_default()
    }

    /// Show a message in the status line, and keep it in the `!` list for the session.
    pub fn notice(&mut self, msg: String) {
        self.notices.push(msg.clone());
        self.say(format!("{msg}（! 查看）"));
    }

    /// Show a message in the status line for a few seconds.
    pub fn say(&mut self, msg: String) {
        self.message = Some((msg, std::time::Instant::now()));
    }

    /// The screen is now `w`×`h`.
    pub fn resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
        self.relayout();
    }

    /// Settle every pane for the current screen: layouts for their widths, pending jumps,
    /// cursors on screen. Called after every change, so drawing only reads.
    pub fn relayout(&mut self) {
        let areas = super::view::geometry(self);
        self.areas = areas;
        let gutter = super::view::GUTTER;
        // A hidden pane (the tree on a narrow screen, the second pane while searching) keeps
        // its last layout until it shows again; one never laid out gets the whole screen.
        let screen = Rect { height: self.size.1.saturating_sub(1), ..Rect::new(0, 0, self.size.0, 0) };
        for (k, area) in areas.panes.into_iter().enumerate() {
            let (amb, corpus) = (self.amb, Arc::clone(&self.corpus));
            let pane = self.pane_at_mut(k);
            let area = match (area, &pane) {
                (Some(a), _) => a,
                (None, Some(p)) if p.layout().is_none() => screen,
                _ => continue,
            };
            let Some(pane) = pane else { continue };
            let Some(r) = corpus.get(pane.report) else { continue };
            let width = (area.width as usize).saturating_sub(gutter).max(1);
            pane.fit(r, width, area.height as usize, amb);
        }
    }

    /// Open report `id` in the active pane, where it was last left (or at its top).
    pub fn open(&mut self, id: ReportId) {
        if self.corpus.get(id).is_none() || self.pane().is_some_and(|p| p.report == id) {
            return;
        }
        self.remember_position();
        let mut pane = Pane::new(id);
        let key = self.corpus[id].state_key().to_string();
        let saved = self.state.positions.get(&key).copied();
        if let Some(saved) = &saved {
            pane.restore_saved(saved);
        }
        self.recorded.insert(key, saved);
        if self.on_second && self.second.is_some() {
            self.second = Some(pane);
        } else {
            self.main = Some(pane);
        }
        self.tree.reveal(id);
    }

    /// Open the first report in tree order (at the start, and while loading until the user
    /// chooses one), so what opens never depends on which file loaded first.
    pub(super) fn open_first(&mut self) {
        if let Some(first) = self.tree.first_report() {
            self.open(first);
            self.focus = Focus::Tree;
        }
    }

    /// Note where the main pane is, in the state (saved on exit). The place is stamped only
    /// if the pane moved from where this instance last recorded it (see `recorded`).
    pub fn remember_position(&mut self) {
        let Some(p) = self.main.as_ref() else { return };
        let key = self.corpus[p.report].state_key().to_string();
        let here = p.saved();
        let now = crate::state::now();
        // Only a move by the user counts: a relayout for another width changes the offset in
        // the paragraph, another height where the cursor sits, and neither is a new place.
        let moved = p.moved && self.recorded.get(&key).is_none_or(|was| !same_view(was.as_ref(), here.as_ref()));
        if moved {
            self.state.set_position(&key, here, now);
            self.recorded.insert(key.clone(), here);
        }
        self.state.set_last(&key, now);
    }

    /// Rebuild the tree for the corpus, keeping what was opened, closed and filtered.
    pub(super) fn rebuild_tree(&mut self) {
        let mut tree = Tree::build_grouped(&self.corpus, EXPAND_ALL_UP_TO, self.grouping);
        tree.carry_state(&self.tree);
        self.tree = tree;
        if !self.tree_filter_text.is_empty() {
            let text = self.tree_filter_text.clone();
            self.apply_filter(&text);
        }
    }

    /// What a key means here: the keymap, for the line editor being typed into (search,
    /// bookmark note, tree filter), the popup, or the pane with the focus.
    pub fn action_for_key(&self, key: crossterm::event::KeyEvent) -> Action {
        use super::keymap::Context;
        let ctx = match (&self.mode, self.focus) {
            (Mode::Filter(_) | Mode::Popup(Popup::Note(_)), _) => Context::Edit,
            (Mode::Popup(_), _) => Context::List,
            (Mode::Search(f), _) if f.panel.export.is_some() => Context::Edit,
            (Mode::Search(f), _) if f.panel.list_focus => Context::Results,
            (Mode::Search(_), _) => Context::Search,
            (Mode::Study(_), _) => Context::Study,
            (Mode::Targets(t), _) if t.editing.is_some() => Context::Edit,
            (Mode::Targets(_), _) => Context::Study,
            (Mode::Browse, Focus::Tree) => Context::Tree,
            (Mode::Browse, Focus::Reader) => Context::Reader,
        };
        self.keymap.action(key, ctx)
    }

    /// The one place where actions change state.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let mut fx = Vec::new();
        if action == Action::Suspend {
            return vec![Effect::Suspend];
        }
        // Once the user does anything, a report still loading must not take over the view:
        // what they act on stays what they see.
        if action != Action::None {
            self.chosen = true;
        }
        if matches!(action, Action::Open | Action::Accept | Action::NextHit | Action::PrevHit) {
            self.restore = None;
        }
        match std::mem::replace(&mut self.mode, Mode::Browse) {
            Mode::Browse => self.update_browse(action, &mut fx),
            Mode::Filter(edit) => self.update_filter(edit, action),
            Mode::Search(finder) => self.update_search(finder, action, &mut fx),
            Mode::Popup(popup) => self.update_popup(popup, action, &mut fx),
            Mode::Study(study) => self.update_study(study, action, &mut fx),
            Mode::Targets(t) => self.update_targets(t, action, &mut fx),
        }
        self.relayout();
        fx
    }

    /// Highlighted char indices of a paragraph, for the query in `highlight` (cached; each
    /// drawn row of a paragraph shares one list).
    pub fn highlights(&self, report: ReportId, para: usize) -> Rc<[usize]> {
        let Some(q) = &self.highlight else { return Rc::from([]) };
        let mut cache = self.highlight_cache.borrow_mut();
        let matched = || {
            let text = self.corpus.get(report).and_then(|r| r.paragraphs.get(para)).map(|p| p.text.as_str());
            let indices = text.and_then(|t| self.matcher.match_text(q, t)).map(|m| m.indices);
            Rc::from(indices.unwrap_or_default())
        };
        Rc::clone(cache.entry((report, para)).or_insert_with(matched))
    }

    pub(super) fn set_highlight(&mut self, q: Option<Query>) {
        if self.highlight != q {
            self.highlight = q;
            self.highlight_cache.borrow_mut().clear();
        }
    }

    /// Percent of the active report read, by the bottom visible row.
    pub fn percent(&self) -> usize {
        self.pane().map_or(0, |p| p.percent())
    }
}

/// Two saved places are the same view: the top (none) and a spot at the top are one.
fn same_view(a: Option<&crate::state::Spot>, b: Option<&crate::state::Spot>) -> bool {
    let view = |s: Option<&crate::state::Spot>| {
        s.map_or((0, 0, 0), |s| (s.paragraph, s.offset, s.cursor.unwrap_or(s.paragraph)))
    };
    view(a) == view(b)
}
