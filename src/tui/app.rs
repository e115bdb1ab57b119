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
use std::sync::Arc;

/// Reports in a corpus at most this big start with the whole tree open.
pub(super) const EXPAND_ALL_UP_TO: usize = 200;

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

/// A mouse gesture, in screen cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mouse {
    ScrollDown(u16, u16),
    ScrollUp(u16, u16),
    Click(u16, u16),
}

/// Screen areas of the current geometry, for the mouse and for drawing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    pub tree: Option<Rect>,
    /// The main pane and the second one (when comparing).
    pub panes: [Option<Rect>; 2],
    /// The search panel and its results list (first hit shown, rows per hit).
    pub search: Option<Rect>,
    pub results: Option<(Rect, usize, usize)>,
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
    pub(super) grouping: crate::config::Grouping,
    /// A one-line message for the status line, and when it was set.
    pub message: Option<(String, std::time::Instant)>,
    /// What is remembered between runs; the loop loads and saves it.
    pub state: crate::state::State,
    /// The report to reopen once it has loaded (from the state).
    pub(super) restore: Option<String>,
    /// The user opened something: loading must not change what is shown.
    pub(super) chosen: bool,
    /// The filter in force on the tree, empty for none.
    pub tree_filter_text: String,
    /// Hits of the last accepted search, for n / N, and the one we are on.
    pub hits: Vec<Hit>,
    pub hit_pos: Option<usize>,
    /// Matches of this query are highlighted in the reader.
    pub highlight: Option<Query>,
    /// Highlighted char indices per (report, paragraph), for `highlight`. A cache only.
    highlight_cache: RefCell<HashMap<(ReportId, usize), Vec<usize>>>,
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
            grouping: crate::config::Grouping::Province,
            message: None,
            state: crate::state::State::default(),
            restore: None,
            chosen: false,
            tree_filter_text: String::new(),
            hits: Vec::new(),
            hit_pos: None,
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
        self.pane().map(|p| p.spot())
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
        // A pane that is hidden (narrow screen, tree shown) keeps the size it would have.
        let main_area = Rect { height: self.size.1.saturating_sub(1), ..Rect::new(0, 0, self.size.0, 0) };
        let fits: [(Option<Rect>, bool); 2] = [(areas.panes[0], true), (areas.panes[1], false)];
        for (area, is_main) in fits {
            let area = area.unwrap_or(main_area);
            let pane = if is_main { self.main.as_mut() } else { self.second.as_mut() };
            let Some(pane) = pane else { continue };
            let Some(r) = self.corpus.get(pane.report) else { continue };
            let width = (area.width as usize).saturating_sub(gutter).max(1);
            pane.fit(r, width, area.height as usize, self.amb);
        }
    }

    /// Open report `id` in the active pane, where it was last left (or at its top).
    pub fn open(&mut self, id: ReportId) {
        if self.corpus.get(id).is_none() || self.pane().is_some_and(|p| p.report == id) {
            return;
        }
        self.remember_position();
        let mut pane = Pane::new(id);
        if let Some(spot) = self.state.positions.get(&self.corpus[id].path) {
            pane.restore(crate::layout::document::Anchor::Text(spot.paragraph, spot.offset), spot.paragraph);
        }
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

    /// Note where the main pane is, in the state (saved on exit).
    pub fn remember_position(&mut self) {
        let Some(p) = self.main.as_ref() else { return };
        let r = &self.corpus[p.report];
        match p.spot().anchor {
            crate::layout::document::Anchor::Text(para, off) => {
                self.state.positions.insert(r.path.clone(), crate::state::Spot { paragraph: para, offset: off });
            }
            // At the header: the report opens at its top next time.
            _ => {
                self.state.positions.remove(&r.path);
            }
        }
        self.state.last = Some(r.path.clone());
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
        if let Some(id) = self.main_report() {
            self.tree.reveal(id);
        }
    }

    /// What a key means here: the keymap, for the line editor being typed into (search,
    /// bookmark note, tree filter), the popup, or the pane with the focus.
    pub fn action_for_key(&self, key: crossterm::event::KeyEvent) -> Action {
        use super::keymap::Context;
        let ctx = match (&self.mode, self.focus) {
            (Mode::Filter(_) | Mode::Popup(Popup::Note(_)), _) => Context::Edit,
            (Mode::Popup(_), _) => Context::List,
            (Mode::Search(_), _) => Context::Search,
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
        // Once the user opens something, a report still loading must not take over the view.
        if matches!(action, Action::Open | Action::Accept | Action::NextHit | Action::PrevHit) {
            self.restore = None;
            self.chosen = true;
        }
        match std::mem::replace(&mut self.mode, Mode::Browse) {
            Mode::Browse => self.update_browse(action, &mut fx),
            Mode::Filter(edit) => self.update_filter(edit, action),
            Mode::Search(finder) => self.update_search(finder, action, &mut fx),
            Mode::Popup(popup) => self.update_popup(popup, action, &mut fx),
        }
        self.relayout();
        fx
    }

    fn update_browse(&mut self, action: Action, fx: &mut Vec<Effect>) {
        let before = self.here();
        match action {
            Action::Quit => fx.push(Effect::Quit),
            Action::OpenSearch => self.open_search(),
            Action::NextHit => self.step_hit(1),
            Action::PrevHit => self.step_hit(-1),
            Action::JumpBack => self.jump_back(),
            Action::JumpForward => self.jump_forward(),
            Action::SwitchFocus => self.switch_focus(),
            Action::Help => self.mode = Mode::Popup(Popup::Help(0)),
            Action::Problems => self.mode = Mode::Popup(Popup::Problems(0)),
            Action::Bookmarks => {
                self.undo.clear();
                self.mode = Mode::Popup(Popup::Bookmarks(0));
            }
            Action::Mark => {
                if self.cursor().is_some() {
                    self.mode = Mode::Popup(Popup::Note(LineEdit::default()));
                }
            }
            Action::Copy(section) => self.copy(section, fx),
            Action::Compare if self.second.is_some() => {
                self.second = None;
                self.on_second = false;
            }
            Action::Compare => self.open_picker(),
            Action::Filter(c) => {
                // f edits the filter in force; a typed char starts a new one.
                let mut e = LineEdit::default();
                let start = if c.is_some() { String::new() } else { self.tree_filter_text.clone() };
                for ch in start.chars().chain(c) {
                    e.insert(ch);
                }
                self.apply_filter(&e.text);
                self.mode = Mode::Filter(e);
            }
            Action::Outline => {
                if let (Some(r), Some(p)) = (self.report(), self.pane())
                    && !r.sections.is_empty()
                {
                    let sel = r.sections.iter().rposition(|s| s.paragraph <= p.cursor).unwrap_or(0);
                    self.mode = Mode::Popup(Popup::Outline(sel));
                }
            }
            Action::NextHeading | Action::PrevHeading | Action::NextTop | Action::PrevTop => {
                let forward = matches!(action, Action::NextHeading | Action::NextTop);
                let level = if matches!(action, Action::NextTop | Action::PrevTop) { 1 } else { u8::MAX };
                let corpus = Arc::clone(&self.corpus);
                if let Some(p) = self.pane_mut() {
                    p.jump_heading(&corpus[p.report], forward, level);
                }
                self.align_other();
            }
            Action::Close | Action::None => {}
            _ if self.focus == Focus::Tree => self.update_tree(action),
            _ => self.update_reader(action),
        }
        // Heading jumps, g/G and opening a report go on the jump list.
        let is_jump = matches!(
            action,
            Action::NextHeading
                | Action::PrevHeading
                | Action::NextTop
                | Action::PrevTop
                | Action::Top
                | Action::Bottom
                | Action::Open
        );
        if is_jump
            && let Some(from) = before
            && self.here().is_some_and(|h| h.report != from.report || h.cursor != from.cursor)
        {
            self.jumps.record(from);
        }
    }

    /// Tab: tree → reader → (second pane →) tree.
    fn switch_focus(&mut self) {
        match (self.focus, self.on_second, self.second.is_some()) {
            (Focus::Tree, _, _) if self.main.is_some() => {
                self.focus = Focus::Reader;
                self.on_second = false;
            }
            (Focus::Reader, false, true) => self.on_second = true,
            _ => {
                self.focus = Focus::Tree;
                self.on_second = false;
            }
        }
    }

    fn update_tree(&mut self, action: Action) {
        let h = self.areas.tree.map_or(10, |t| t.height.max(2) as isize);
        match action {
            Action::Move(d) => self.tree.move_by(d),
            Action::Page(d, half) => self.tree.move_by(d as isize * if half { h / 2 } else { h }),
            Action::Top => self.tree.move_by(isize::MIN / 2),
            Action::Bottom => self.tree.move_by(isize::MAX / 2),
            Action::Collapse => self.tree.collapse(),
            Action::Expand => self.tree.expand(),
            Action::Open => {
                if let Some(i) = self.tree.activate() {
                    self.on_second = false;
                    self.open(i);
                    self.focus = Focus::Reader;
                }
            }
            _ => {}
        }
    }

    fn update_reader(&mut self, action: Action) {
        let n = self.report().map_or(0, |r| r.paragraphs.len());
        let Some(p) = self.pane_mut() else { return };
        match action {
            Action::Move(d) => p.scroll(d),
            Action::Para(d) => p.move_cursor(d, n),
            Action::Page(d, half) => p.page(d, half),
            Action::Top => p.to_top(),
            Action::Bottom => p.to_bottom(),
            _ => {}
        }
    }

    /// y / Y: the cursor paragraph (or its section) with its citation, to the clipboard.
    /// In the search panel, the selected hit.
    pub(super) fn copy_target(&self, target: Option<(ReportId, usize)>, section: bool, fx: &mut Vec<Effect>) {
        let Some((ri, pi)) = target else { return };
        let report = &self.corpus[ri];
        let text =
            if section { crate::cite::quote_section(report, pi) } else { crate::cite::quote_paragraph(report, pi) };
        if let Some(text) = text {
            fx.push(Effect::Copy { text, what: if section { "本节及出处" } else { "段落及出处" } });
        }
    }

    fn copy(&mut self, section: bool, fx: &mut Vec<Effect>) {
        let before = fx.len();
        self.copy_target(self.cursor(), section, fx);
        if fx.len() == before {
            self.say("没有可复制的段落".to_string());
        }
    }

    /// Filter the tree to the places matching `text` (name, or pinyin: qqhe → 齐齐哈尔市).
    pub(super) fn apply_filter(&mut self, text: &str) {
        self.tree_filter_text = text.trim().to_string();
        if self.tree_filter_text.is_empty() {
            self.tree.filter(None);
            return;
        }
        let q = Query::parse(&self.tree_filter_text);
        let matcher = &self.matcher;
        self.tree.filter(Some(&|label: &str| matcher.match_text(&q, label).is_some()));
    }

    fn update_filter(&mut self, mut e: LineEdit, action: Action) {
        match action {
            Action::Type(c) => e.insert(c),
            Action::Edit(ed) => e.apply(ed),
            Action::Move(d) => {
                self.tree.move_by(d);
                self.mode = Mode::Filter(e);
                return;
            }
            // Enter keeps the filter and goes back to the tree (Enter again opens).
            Action::Accept | Action::Open => return,
            Action::Close | Action::Quit => {
                self.apply_filter("");
                return;
            }
            _ => {}
        }
        let text = e.text.clone();
        self.mode = Mode::Filter(e);
        self.apply_filter(&text);
    }

    /// Highlighted char indices of a paragraph, for the query in `highlight` (cached).
    pub fn highlights(&self, report: ReportId, para: usize) -> Vec<usize> {
        let Some(q) = &self.highlight else { return Vec::new() };
        let mut cache = self.highlight_cache.borrow_mut();
        cache
            .entry((report, para))
            .or_insert_with(|| {
                self.corpus
                    .get(report)
                    .and_then(|r| r.paragraphs.get(para))
                    .and_then(|p| self.matcher.match_text(q, &p.text))
                    .map(|m| m.indices)
                    .unwrap_or_default()
            })
            .clone()
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

    /// The wheel scrolls the pane under the pointer; a click selects in the tree (and opens
    /// a report), in the search results, or puts the cursor on a paragraph.
    pub fn mouse(&mut self, m: Mouse) {
        let inside = |r: Option<Rect>, x: u16, y: u16| {
            r.is_some_and(|r| x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height)
        };
        let a = self.areas;
        let (x, y) = match m {
            Mouse::ScrollDown(x, y) | Mouse::ScrollUp(x, y) | Mouse::Click(x, y) => (x, y),
        };
        let pane_at = (0..2).find(|&k| inside(a.panes[k], x, y));
        match (&self.mode, m) {
            (Mode::Popup(_), _) => return,
            (Mode::Search(_), Mouse::ScrollDown(..) | Mouse::ScrollUp(..))
                if a.results.is_some_and(|(r, _, _)| inside(Some(r), x, y)) =>
            {
                let d = if matches!(m, Mouse::ScrollDown(..)) { 1 } else { -1 };
                self.update(Action::Move(d));
                return;
            }
            (Mode::Search(_), Mouse::Click(..)) if a.results.is_some_and(|(r, _, _)| inside(Some(r), x, y)) => {
                let (r, first, per) = a.results.unwrap_or_default();
                self.select_hit(first + (y - r.y) as usize / per.max(1));
                self.relayout();
                return;
            }
            _ => {}
        }
        match m {
            Mouse::ScrollDown(..) | Mouse::ScrollUp(..) => {
                let d: isize = if matches!(m, Mouse::ScrollDown(..)) { 3 } else { -3 };
                if let Some(k) = pane_at {
                    let pane = if k == 0 { self.main.as_mut() } else { self.second.as_mut() };
                    if let Some(p) = pane {
                        p.scroll(d);
                    }
                } else if inside(a.tree, x, y) {
                    self.tree.move_by(d);
                }
            }
            Mouse::Click(..) => {
                if let Some(t) = a.tree.filter(|&t| inside(Some(t), x, y)) {
                    let row = super::view::tree_first(self, t) + (y - t.y) as usize;
                    if let Some(&n) = self.tree.visible().get(row) {
                        self.tree.cursor = n;
                        self.focus = Focus::Tree;
                        if let Some(i) = self.tree.activate() {
                            self.on_second = false;
                            self.chosen = true;
                            self.open(i);
                            self.focus = Focus::Reader;
                        }
                    }
                } else if let (Some(k), Mode::Browse) = (pane_at, &self.mode) {
                    self.focus = Focus::Reader;
                    self.on_second = k == 1;
                    let top = a.panes[k].map_or(0, |r| r.y);
                    if let Some(p) = self.pane_mut()
                        && let Some(para) = p.para_at_row((y - top) as usize)
                    {
                        p.set_cursor(para);
                    }
                }
            }
        }
        self.relayout();
    }
}
