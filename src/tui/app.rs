//! The reader's state and `update`: positions only; content comes from the corpus and
//! layout modules. No drawing here.

use super::action::{Action, Focus};
use super::search::{Panel, Scope, Worker};
use crate::corpus::load::Loader;
use crate::corpus::{Corpus, Report, ReportId};
use crate::layout::Ambiguous;
use crate::layout::document::{Anchor, DocLayout};
use crate::search::{Filter, Hit, Matcher, Query};
use crate::tree::Tree;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// Reports in a corpus at most this big start with the whole tree open.
const EXPAND_ALL_UP_TO: usize = 200;

/// A popup over the panes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Popup {
    /// Every key, scrolled to this line.
    Help(usize),
    /// Typing the note of a new bookmark.
    Note(super::search::LineEdit),
    /// The bookmark list, with the selected entry.
    Bookmarks(usize),
    /// Choosing the second report to compare with: the candidates and the selected one.
    Pick(Vec<ReportId>, usize),
    /// The skipped files, scrolled to this line.
    Problems(usize),
    /// The outline, with the selected entry.
    Outline(usize),
}

/// The report pane: which report, where, and its cached layout.
#[derive(Debug, Default)]
pub struct Reader {
    pub report: Option<ReportId>,
    /// Index of the top visible row in `layout`.
    pub top: usize,
    /// Rows visible, as of the last draw.
    pub height: usize,
    /// Layout for the width of the last draw; rebuilt only when the width or report changes.
    pub layout: Option<DocLayout>,
}

fn d_of(a: Action) -> isize {
    if let Action::Move(d) = a { d } else { 0 }
}

/// Screen areas of the last frame, filled in by the view.
#[derive(Clone, Copy, Debug, Default)]
pub struct Areas {
    pub tree: Option<ratatui::layout::Rect>,
    /// The tree row drawn first (its scroll offset).
    pub tree_first: usize,
    pub reader: Option<ratatui::layout::Rect>,
    /// The results list: its area, the first hit shown, and rows per hit.
    pub results: Option<(ratatui::layout::Rect, usize, usize)>,
}

/// A mouse gesture, in screen cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mouse {
    ScrollDown(u16, u16),
    ScrollUp(u16, u16),
    Click(u16, u16),
}

/// A place in the text to come back to: (report, position).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spot {
    pub report: ReportId,
    pub anchor: Anchor,
}

pub struct App {
    pub corpus: Arc<Corpus>,
    pub tree: Tree,
    pub focus: Focus,
    pub reader: Reader,
    pub popup: Option<Popup>,
    pub amb: Ambiguous,
    pub quit: bool,
    /// Ctrl-Z was pressed: the loop hands the terminal back and stops the process.
    pub suspend: bool,
    /// Text for the loop to put on the clipboard (OSC 52).
    pub clipboard: Option<String>,
    /// A one-line message for the status line, and when it was set.
    pub message: Option<(String, std::time::Instant)>,
    /// What is remembered between runs; the loop loads and saves it.
    pub state: crate::state::State,
    /// The state changed (a bookmark): the loop saves it.
    pub state_dirty: bool,
    /// The report to reopen once it has loaded (from the state).
    restore: Option<String>,
    pub theme: super::theme::Theme,
    /// Keys the user bound in the config, looked up before the defaults.
    pub keymap: super::action::Keymap,
    /// The scope a new search starts with.
    pub default_scope: Scope,
    grouping: crate::config::Grouping,
    /// Where the last frame drew each pane, for the mouse.
    pub areas: Areas,
    /// The second pane of a comparison, and whether keys go to it.
    pub compare: Option<Reader>,
    pub right_active: bool,
    /// The paragraph the second pane opens at, applied at its first layout.
    compare_pending: Option<usize>,
    /// The tree's filter line while it is being typed.
    pub tree_filter: Option<super::search::LineEdit>,
    /// The filter in force (kept after Enter), empty for none.
    pub tree_filter_text: String,
    /// The search panel, while open.
    pub search: Option<Panel>,
    worker: Option<Worker>,
    /// Where the reader was when the panel opened (Esc goes back there).
    search_origin: Option<Spot>,
    /// Hits of the last accepted search, for n / N, and the one we are on.
    pub hits: Vec<Hit>,
    pub hit_pos: Option<usize>,
    /// Matches of this query are highlighted in the reader.
    pub highlight: Option<Query>,
    /// Highlighted char indices per (report, paragraph), for `highlight`.
    pub highlight_cache: HashMap<(ReportId, usize), Vec<usize>>,
    matcher: Matcher,
    /// Places jumped from and to; `jump_pos` is where Ctrl-o / Ctrl-i stand.
    jumps: Vec<Spot>,
    jump_pos: usize,
    /// Scroll targets waiting for the next layout.
    pending_anchor: Option<Anchor>,
    pending_para: Option<usize>,
    /// Files still loading in the background, and when the corpus was last rebuilt from them.
    pub loader: Option<Loader>,
    last_merge: std::time::Instant,
}

impl App {
    pub fn new(corpus: Corpus, amb: Ambiguous) -> App {
        let tree = Tree::build(&corpus, EXPAND_ALL_UP_TO);
        let mut app = App {
            corpus: Arc::new(corpus),
            tree,
            focus: Focus::Tree,
            reader: Reader::default(),
            popup: None,
            amb,
            quit: false,
            suspend: false,
            clipboard: None,
            message: None,
            state: crate::state::State::default(),
            state_dirty: false,
            restore: None,
            theme: super::theme::Theme::default(),
            keymap: super::action::Keymap::default(),
            default_scope: Scope::All,
            grouping: crate::config::Grouping::Province,
            tree_filter: None,
            tree_filter_text: String::new(),
            areas: Areas::default(),
            compare: None,
            right_active: false,
            compare_pending: None,
            search: None,
            worker: None,
            search_origin: None,
            hits: Vec::new(),
            hit_pos: None,
            highlight: None,
            highlight_cache: HashMap::new(),
            matcher: Matcher::new(),
            jumps: Vec::new(),
            jump_pos: 0,
            pending_anchor: None,
            pending_para: None,
            loader: None,
            last_merge: std::time::Instant::now(),
        };
        if let Some(first) = app.tree.first_report() {
            app.open(first);
            app.tree.reveal(first);
            app.focus = Focus::Tree;
        }
        app
    }

    /// Take the user's settings: theme, keys, search scope, tree grouping.
    pub fn configure(&mut self, config: &crate::config::Config, no_color: bool) {
        let e = config.effective();
        self.theme = super::theme::Theme::new(&e.theme, no_color);
        self.keymap = super::action::Keymap::new(&e.keys);
        self.default_scope = match e.default_scope.unwrap_or_default() {
            crate::config::ScopeSetting::All => Scope::All,
            crate::config::ScopeSetting::Place => Scope::Place,
            crate::config::ScopeSetting::Report => Scope::Report,
        };
        let grouping = e.tree_grouping.unwrap_or_default();
        if grouping != self.grouping {
            self.grouping = grouping;
            let mut tree = Tree::build_grouped(&self.corpus, EXPAND_ALL_UP_TO, grouping);
            tree.carry_state(&self.tree);
            self.tree = tree;
            if let Some(i) = self.reader.report {
                self.tree.reveal(i);
            }
        }
    }

    /// Start with nothing and fill in from `loader` as reports arrive.
    pub fn loading(loader: Loader, amb: Ambiguous) -> App {
        let mut app = App::new(Corpus::default(), amb);
        app.loader = Some(loader);
        app
    }

    /// Still loading files?
    pub fn is_loading(&self) -> bool {
        self.loader.is_some()
    }

    /// Take what the loader has parsed. The corpus is rebuilt at most every 150 ms while
    /// loading (and once at the end), keeping the open report, tree state and query.
    pub fn tick_loading(&mut self) {
        let Some(loader) = &self.loader else { return };
        let finished = loader.finished();
        if !finished && self.last_merge.elapsed() < Duration::from_millis(150) && !self.corpus.is_empty() {
            return;
        }
        let mut loaded = loader.drain();
        if finished {
            // Take anything sent between the drain and the flag.
            loaded.extend(loader.drain());
            self.merge(loaded);
            self.loader = None;
            return;
        }
        self.merge(loaded);
    }

    fn merge(&mut self, loaded: Vec<crate::corpus::load::Loaded>) {
        self.last_merge = std::time::Instant::now();
        if loaded.is_empty() {
            return;
        }
        let open_path = self.report().map(|r| r.path.clone());
        let mut corpus = (*self.corpus).clone();
        corpus.extend(loaded);
        let mut tree = Tree::build_grouped(&corpus, EXPAND_ALL_UP_TO, self.grouping);
        tree.carry_state(&self.tree);
        self.tree = tree;
        self.corpus = Arc::new(corpus);
        // Indices moved: follow the open report by its path; old hits no longer apply.
        let anchor = self.here().map(|s| s.anchor);
        self.reader.report = None;
        self.reader.layout = None;
        self.hits.clear();
        self.hit_pos = None;
        self.highlight_cache.clear();
        self.jumps.clear();
        self.jump_pos = 0;
        match open_path.and_then(|p| self.corpus.find_path(&p)) {
            Some(i) => {
                self.reader.report = Some(i);
                self.pending_anchor = anchor;
            }
            None => {
                if let Some(first) = self.tree.first_report() {
                    self.open(first);
                    self.tree.reveal(first);
                }
            }
        }
        self.try_restore();
        if let Some(worker) = self.worker.as_mut() {
            worker.set_corpus(Arc::clone(&self.corpus));
            if let Some(p) = self.search.as_mut() {
                p.hits.clear();
                p.shown_generation = 0;
                p.waiting_for = 0;
            }
            self.resubmit();
        }
    }

    pub fn report(&self) -> Option<&Report> {
        self.reader.report.and_then(|i| self.corpus.get(i)).map(|r| &**r)
    }

    /// Open report `i` where it was last left (or at its top).
    pub fn open(&mut self, i: ReportId) {
        if self.reader.report != Some(i) {
            self.remember_position();
            self.reader.report = Some(i);
            self.reader.layout = None;
            self.reader.top = 0;
            if let Some(spot) = self.corpus.get(i).and_then(|r| self.state.positions.get(&r.path)) {
                self.pending_anchor = Some(Anchor::Text(spot.paragraph, spot.offset));
            }
        }
    }

    /// Note where the open report is, in the state (saved on exit).
    pub fn remember_position(&mut self) {
        let Some(i) = self.reader.report else { return };
        let Some(Anchor::Text(p, off)) = self.here().map(|s| s.anchor) else { return };
        if let Some(r) = self.corpus.get(i) {
            self.state.positions.insert(r.path.clone(), crate::state::Spot { paragraph: p, offset: off });
            self.state.last = Some(r.path.clone());
        }
    }

    /// Take remembered state: reopen the last report where it was left.
    pub fn restore_state(&mut self, state: crate::state::State) {
        self.state = state;
        self.restore = self.state.last.clone();
        self.try_restore();
    }

    fn try_restore(&mut self) {
        let Some(path) = self.restore.clone() else { return };
        if let Some(i) = self.corpus.find_path(&path) {
            self.restore = None;
            self.reader.report = None;
            self.open(i);
            self.tree.reveal(i);
        }
    }

    /// Make sure the layout fits `width`, keeping the top row's text at the top.
    pub fn ensure_layout(&mut self, width: usize) {
        let Some(idx) = self.reader.report else { return };
        let amb = self.amb;
        if self.reader.layout.as_ref().is_some_and(|l| l.width == width && l.amb == amb) {
            return;
        }
        let report = &self.corpus[idx];
        let anchor: Option<Anchor> = self.reader.layout.as_ref().map(|l| l.anchor_of(self.reader.top));
        let layout = DocLayout::new(report, width, amb);
        self.reader.top = anchor.map_or(0, |a| layout.row_of_anchor(a));
        self.reader.layout = Some(layout);
        self.apply_pending();
        self.clamp_top();
    }

    fn max_top(&self) -> usize {
        let rows = self.reader.layout.as_ref().map_or(0, |l| l.rows.len());
        rows.saturating_sub(self.reader.height.max(1))
    }

    fn clamp_top(&mut self) {
        self.reader.top = self.reader.top.min(self.max_top());
    }

    fn scroll(&mut self, delta: isize) {
        let top = self.reader.top as isize + delta;
        self.reader.top = top.max(0) as usize;
        self.clamp_top();
    }

    /// The paragraph at the top of the reader (the first one that starts at or below it).
    pub fn top_paragraph(&self) -> Option<usize> {
        let l = self.reader.layout.as_ref()?;
        l.rows[self.reader.top.min(l.rows.len().saturating_sub(1))..].iter().find_map(|r| match r.source {
            crate::layout::document::Source::Para(p) => Some(p),
            _ => None,
        })
    }

    /// Scroll so that paragraph `para` is the top row.
    pub fn scroll_to_paragraph(&mut self, para: usize) {
        if let Some(from) = self.here() {
            self.record_jump(from);
        }
        if let Some(l) = &self.reader.layout {
            self.reader.top = l.para_row.get(para).copied().unwrap_or(0);
            self.clamp_top();
        }
    }

    /// Jump to the next (dir > 0) or previous section whose level is at most `max_level`.
    fn jump_heading(&mut self, forward: bool, max_level: u8) {
        let Some(report) = self.report() else { return };
        let Some(layout) = &self.reader.layout else { return };
        let top = self.reader.top;
        let rows: Vec<usize> = report
            .sections
            .iter()
            .filter(|s| s.level <= max_level)
            .filter_map(|s| layout.para_row.get(s.paragraph).copied())
            .collect();
        let target =
            if forward { rows.into_iter().find(|&r| r > top) } else { rows.into_iter().rev().find(|&r| r < top) };
        if let Some(r) = target {
            self.reader.top = r;
            self.clamp_top();
        }
    }

    /// What a key means here: typing goes to an open line editor (search, bookmark note,
    /// tree filter), Enter opens in a popup, and otherwise the user's keymap comes before
    /// the built-in keys.
    pub fn action_for_key(&self, key: crossterm::event::KeyEvent) -> Action {
        use super::action::{action_for, search_action_for};
        let typing = matches!(self.popup, Some(Popup::Note(_))) || self.tree_filter.is_some();
        if typing || self.search.is_some() && self.popup.is_none() {
            search_action_for(key)
        } else if self.popup.is_some() && key.code == crossterm::event::KeyCode::Enter {
            Action::Open
        } else {
            self.keymap.get(key).unwrap_or_else(|| action_for(key, self.focus))
        }
    }

    /// The one place where actions change state.
    pub fn update(&mut self, action: Action) {
        if action == Action::Suspend {
            self.suspend = true;
            return;
        }
        // Once the user opens something, a report still loading must not take over the view.
        if matches!(action, Action::Open | Action::Accept | Action::NextHit | Action::PrevHit) {
            self.restore = None;
        }
        if let Action::Copy(section) = action
            && self.popup.is_none()
        {
            self.copy(section);
            return;
        }
        if let Some(popup) = self.popup.clone() {
            self.update_popup(popup, action);
            return;
        }
        if let Some(edit) = self.tree_filter.take() {
            self.update_filter(edit, action);
            return;
        }
        if self.search.is_some() {
            self.update_search(action);
            return;
        }
        if self.compare.is_some() {
            match action {
                Action::Compare => {
                    self.close_compare();
                    return;
                }
                Action::SwitchFocus if self.focus == Focus::Reader => {
                    self.right_active = !self.right_active;
                    return;
                }
                Action::NextHeading | Action::PrevHeading | Action::NextTop | Action::PrevTop => {
                    self.with_active(|app| app.update_main(action));
                    self.align_other();
                    return;
                }
                Action::Move(_) | Action::Page(_, _) | Action::Top | Action::Bottom | Action::Copy(_)
                    if self.right_active && self.focus == Focus::Reader =>
                {
                    self.with_active(|app| app.update_main(action));
                    return;
                }
                _ => {}
            }
        } else if action == Action::Compare {
            self.open_picker();
            return;
        }
        self.update_main(action);
    }

    /// Run `f` with the active pane as `self.reader` (the panes swap places for the call).
    fn with_active(&mut self, f: impl FnOnce(&mut App)) {
        if !self.right_active {
            f(self);
            return;
        }
        let Some(mut other) = self.compare.take() else { return };
        std::mem::swap(&mut self.reader, &mut other);
        f(self);
        std::mem::swap(&mut self.reader, &mut other);
        self.compare = Some(other);
    }

    /// Draw-time access to the second pane as `self.reader`.
    pub fn with_compare(&mut self, f: impl FnOnce(&mut App)) {
        let Some(mut other) = self.compare.take() else { return };
        std::mem::swap(&mut self.reader, &mut other);
        f(self);
        std::mem::swap(&mut self.reader, &mut other);
        self.compare = Some(other);
    }

    /// Reports to compare with: the same place's other years first, then its province, then
    /// the rest, each in tree order.
    fn open_picker(&mut self) {
        let Some(cur) = self.reader.report else { return };
        let m = &self.corpus[cur].meta;
        let rank = |r: &Report| {
            if r.meta.place == m.place {
                0
            } else if r.meta.province.is_some() && r.meta.province == m.province {
                1
            } else {
                2
            }
        };
        let mut list: Vec<ReportId> = self.corpus.order().iter().copied().filter(|&i| i != cur).collect();
        list.sort_by_key(|&i| (rank(&self.corpus[i]), self.corpus.rank(i)));
        if !list.is_empty() {
            self.popup = Some(Popup::Pick(list, 0));
        }
    }

    /// Open `other` beside the current report, at the section best matching the one in view.
    fn start_compare(&mut self, other: ReportId) {
        let here = self.current_paragraph().unwrap_or(0);
        let title = self.report().and_then(|r| r.breadcrumb(here).last().map(|s| s.title.clone()));
        let target = title.and_then(|t| self.corpus[other].section_like(&t));
        self.compare = Some(Reader { report: Some(other), top: 0, height: 0, layout: None });
        self.compare_pending = target;
        self.right_active = false;
        self.focus = Focus::Reader;
    }

    fn close_compare(&mut self) {
        self.compare = None;
        self.right_active = false;
    }

    /// After a section jump in one pane, bring the other to its best matching section.
    fn align_other(&mut self) {
        let (active, other) = if self.right_active {
            (self.compare.as_ref(), Some(&self.reader))
        } else {
            (Some(&self.reader), self.compare.as_ref())
        };
        let (Some(a), Some(o)) = (active, other) else { return };
        let (Some(ar), Some(or)) = (a.report, o.report) else { return };
        let Some(al) = &a.layout else { return };
        let para = al.rows[a.top.min(al.rows.len().saturating_sub(1))..].iter().find_map(|r| match r.source {
            crate::layout::document::Source::Para(p) => Some(p),
            _ => None,
        });
        let title = para.and_then(|p| self.corpus[ar].breadcrumb(p).last().map(|s| s.title.clone()));
        let Some(target) = title.and_then(|t| self.corpus[or].section_like(&t)) else { return };
        let right = !self.right_active;
        let pane = if right { self.compare.as_mut() } else { Some(&mut self.reader) };
        if let Some(p) = pane
            && let Some(l) = &p.layout
        {
            p.top = l.para_row.get(target).copied().unwrap_or(0).min(l.rows.len().saturating_sub(p.height.max(1)));
        }
    }

    /// Apply the second pane's opening paragraph once it has a layout (called while swapped).
    pub fn apply_compare_pending(&mut self) {
        if let (Some(p), Some(l)) = (self.compare_pending, &self.reader.layout) {
            self.reader.top = l.para_row.get(p).copied().unwrap_or(0);
            self.compare_pending = None;
            self.clamp_top();
        }
    }

    fn update_main(&mut self, action: Action) {
        let jumps_before = self.here();
        match action {
            Action::OpenSearch => self.open_search(),
            Action::NextHit => self.step_hit(1),
            Action::PrevHit => self.step_hit(-1),
            Action::JumpBack => self.jump_back(),
            Action::JumpForward => self.jump_forward(),
            Action::Quit => self.quit = true,
            Action::SwitchFocus => {
                self.focus = match self.focus {
                    Focus::Tree if self.reader.report.is_some() => Focus::Reader,
                    _ => Focus::Tree,
                }
            }
            Action::Help => self.popup = Some(Popup::Help(0)),
            Action::Problems => self.popup = Some(Popup::Problems(0)),
            Action::Mark => {
                if self.current_paragraph().is_some() {
                    self.popup = Some(Popup::Note(super::search::LineEdit::default()));
                }
            }
            Action::Bookmarks => self.popup = Some(Popup::Bookmarks(0)),
            Action::Filter(c) => {
                // f edits the filter in force; a typed char starts a new one.
                let mut e = super::search::LineEdit::default();
                let start = if c.is_some() { String::new() } else { self.tree_filter_text.clone() };
                for ch in start.chars().chain(c) {
                    e.insert(ch);
                }
                self.apply_filter(&e.text);
                self.tree_filter = Some(e);
            }
            Action::Outline => {
                if let Some(r) = self.report()
                    && !r.sections.is_empty()
                {
                    let here = self.top_paragraph().unwrap_or(0);
                    let sel = r.sections.iter().rposition(|s| s.paragraph <= here).unwrap_or(0);
                    self.popup = Some(Popup::Outline(sel));
                }
            }
            Action::NextHeading => self.jump_heading(true, u8::MAX),
            Action::PrevHeading => self.jump_heading(false, u8::MAX),
            Action::NextTop => self.jump_heading(true, 1),
            Action::PrevTop => self.jump_heading(false, 1),
            Action::Close | Action::None => {}
            _ if self.focus == Focus::Tree => self.update_tree(action),
            _ => self.update_reader(action),
        }
        // Heading jumps, outline jumps, g/G and opening a report go on the jump list.
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
            && let Some(from) = jumps_before
            && self.here() != Some(from)
        {
            self.record_jump(from);
        }
    }

    /// The paragraph the reader is on: the one holding the top row (or the first below it).
    pub fn current_paragraph(&self) -> Option<usize> {
        let l = self.reader.layout.as_ref()?;
        match l.rows.get(self.reader.top)?.source {
            crate::layout::document::Source::Para(p) => Some(p),
            _ => self.top_paragraph(),
        }
    }

    /// y / Y: the paragraph (or section) with its citation, to the clipboard. In the search
    /// panel, the selected hit.
    fn copy(&mut self, section: bool) {
        let target = match &self.search {
            Some(p) => p.hits.get(p.selected).map(|h| (h.report, h.paragraph)),
            None => self.reader.report.zip(self.current_paragraph()),
        };
        let Some((ri, pi)) = target else {
            self.say("nothing to copy".to_string());
            return;
        };
        let report = &self.corpus[ri];
        let text =
            if section { crate::cite::quote_section(report, pi) } else { crate::cite::quote_paragraph(report, pi) };
        if let Some(text) = text {
            let chars = text.chars().count();
            let what = if section { "section" } else { "paragraph" };
            self.say(format!("已复制 copied the {what} with its citation ({chars} chars)"));
            self.clipboard = Some(text);
        }
    }

    /// The wheel scrolls the pane under the pointer; a click selects in the tree (and opens
    /// a report) or in the search results.
    pub fn mouse(&mut self, m: Mouse) {
        if self.popup.is_some() {
            return;
        }
        let inside = |r: Option<ratatui::layout::Rect>, x: u16, y: u16| {
            r.is_some_and(|r| x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height)
        };
        let a = self.areas;
        match m {
            Mouse::ScrollDown(x, y) | Mouse::ScrollUp(x, y) => {
                let d: isize = if matches!(m, Mouse::ScrollDown(..)) { 3 } else { -3 };
                if let Some((r, _, _)) = a.results
                    && inside(Some(r), x, y)
                {
                    self.update_search(Action::Move(d.signum()));
                } else if inside(a.reader, x, y) {
                    self.scroll(d);
                } else if inside(a.tree, x, y) {
                    self.tree.move_by(d);
                }
            }
            Mouse::Click(x, y) => {
                if let Some((r, first, per)) = a.results
                    && inside(Some(r), x, y)
                    && let Some(panel) = self.search.as_mut()
                {
                    let i = first + (y - r.y) as usize / per.max(1);
                    if i < panel.hits.len() {
                        panel.selected = i;
                        self.preview();
                    }
                } else if let Some(t) = a.tree
                    && inside(Some(t), x, y)
                {
                    let row = a.tree_first + (y - t.y) as usize;
                    if let Some(&n) = self.tree.visible().get(row) {
                        self.tree.cursor = n;
                        self.focus = Focus::Tree;
                        if let Some(i) = self.tree.activate() {
                            self.open(i);
                            self.focus = Focus::Reader;
                        }
                    }
                } else if inside(a.reader, x, y) && self.reader.report.is_some() {
                    self.focus = Focus::Reader;
                }
            }
        }
    }

    /// Filter the tree to the places matching `text` (name, or pinyin: qqhe → 齐齐哈尔市).
    fn apply_filter(&mut self, text: &str) {
        self.tree_filter_text = text.trim().to_string();
        if self.tree_filter_text.is_empty() {
            self.tree.filter(None);
            return;
        }
        let q = Query::parse(&self.tree_filter_text);
        let matcher = &self.matcher;
        self.tree.filter(Some(&|label: &str| matcher.match_text(&q, label).is_some()));
    }

    fn update_filter(&mut self, mut e: super::search::LineEdit, action: Action) {
        match action {
            Action::Type(c) => e.insert(c),
            Action::Edit(ed) => e.apply(ed),
            Action::Move(d) => {
                self.tree.move_by(d);
                self.tree_filter = Some(e);
                return;
            }
            // Enter keeps the filter and goes back to the tree (Enter again opens).
            Action::Accept | Action::Open => return,
            Action::Close => {
                self.apply_filter("");
                return;
            }
            Action::Quit => {
                self.quit = true;
                return;
            }
            _ => {}
        }
        let text = e.text.clone();
        self.tree_filter = Some(e);
        self.apply_filter(&text);
    }

    fn add_bookmark(&mut self, note: String) {
        let (Some(i), Some(p)) = (self.reader.report, self.current_paragraph()) else { return };
        let r = &self.corpus[i];
        let b = crate::state::Bookmark { path: r.path.clone(), label: r.label(), paragraph: p, note };
        if !self.state.bookmarks.iter().any(|x| x.path == b.path && x.paragraph == b.paragraph && x.note == b.note) {
            self.state.bookmarks.push(b);
            self.state_dirty = true;
        }
        self.say(format!("书签 bookmarked ¶{p}"));
    }

    /// Show a message in the status line for a few seconds.
    pub fn say(&mut self, msg: String) {
        self.message = Some((msg, std::time::Instant::now()));
    }

    /// Where the reader is now.
    pub fn here(&self) -> Option<Spot> {
        let report = self.reader.report?;
        let anchor = self.reader.layout.as_ref().map_or(Anchor::Row(0), |l| l.anchor_of(self.reader.top));
        Some(Spot { report, anchor })
    }

    /// Go to a spot (the layout is rebuilt lazily at the next draw; apply the anchor now if we can).
    fn go(&mut self, spot: Spot) {
        self.open(spot.report);
        if let Some(l) = &self.reader.layout {
            self.reader.top = l.row_of_anchor(spot.anchor);
            self.clamp_top();
        } else {
            self.pending_anchor = Some(spot.anchor);
        }
    }

    /// Remember `from` before a jump, dropping any forward history.
    fn record_jump(&mut self, from: Spot) {
        self.jumps.truncate(self.jump_pos);
        if self.jumps.last() != Some(&from) {
            self.jumps.push(from);
        }
        self.jump_pos = self.jumps.len();
    }

    fn jump_back(&mut self) {
        if self.jump_pos == 0 {
            return;
        }
        if self.jump_pos == self.jumps.len()
            && let Some(here) = self.here()
        {
            self.jumps.push(here);
        }
        self.jump_pos -= 1;
        let spot = self.jumps[self.jump_pos];
        self.go(spot);
    }

    fn jump_forward(&mut self) {
        if self.jump_pos + 1 >= self.jumps.len() {
            return;
        }
        self.jump_pos += 1;
        let spot = self.jumps[self.jump_pos];
        self.go(spot);
    }

    fn open_search(&mut self) {
        self.search_origin = self.here();
        self.search = Some(Panel { complete: true, scope: self.default_scope, ..Panel::default() });
        if self.worker.is_none() {
            self.worker = Some(Worker::start(Arc::clone(&self.corpus)));
        }
    }

    fn filter_for(&self, scope: Scope) -> Filter {
        let current = self.search_origin.map(|s| s.report).or(self.reader.report);
        match (scope, current) {
            (Scope::Place, Some(i)) => Filter { place: self.corpus[i].meta.place.clone(), ..Filter::default() },
            (Scope::Report, Some(i)) => Filter { report: Some(i), ..Filter::default() },
            _ => Filter::default(),
        }
    }

    /// Send the panel's query to the worker.
    fn resubmit(&mut self) {
        let Some(panel) = &self.search else { return };
        let query = panel.input.text.clone();
        let scope = panel.scope;
        let filter = self.filter_for(scope);
        if let (Some(worker), Some(panel)) = (self.worker.as_mut(), self.search.as_mut()) {
            panel.waiting_for = worker.submit(query, filter);
        }
    }

    /// Take finished results from the worker. Returns true if anything changed.
    pub fn poll_search(&mut self) -> bool {
        let Some(worker) = &self.worker else { return false };
        let mut newest = None;
        while let Ok(done) = worker.results.try_recv() {
            newest = Some(done);
        }
        let Some(done) = newest else { return false };
        self.apply_results(done);
        true
    }

    /// Wait (up to `timeout`) for the newest query's results; for tests and benchmarks.
    pub fn settle(&mut self, timeout: Duration) {
        let deadline = std::time::Instant::now() + timeout;
        while self.search.as_ref().is_some_and(|p| p.busy()) && std::time::Instant::now() < deadline {
            let Some(worker) = &self.worker else { return };
            match worker.results.recv_timeout(Duration::from_millis(10)) {
                Ok(done) => self.apply_results(done),
                Err(_) => continue,
            }
        }
    }

    fn apply_results(&mut self, done: super::search::Done) {
        let Some(panel) = self.search.as_mut() else { return };
        if done.generation < panel.shown_generation {
            return;
        }
        let first_of_query = done.generation != panel.shown_generation;
        panel.shown_generation = done.generation;
        panel.hits = done.hits;
        panel.query = done.query;
        panel.found = done.found;
        panel.complete = done.complete;
        panel.counts =
            if done.complete { crate::search::engine::counts(&panel.hits, &self.corpus) } else { Vec::new() };
        if first_of_query || panel.selected >= panel.hits.len() {
            panel.selected = 0;
        }
        self.preview();
    }

    /// Show the selected hit in the reader, with its matches highlighted.
    fn preview(&mut self) {
        let Some(panel) = &self.search else { return };
        let Some(hit) = panel.hits.get(panel.selected).cloned() else {
            return;
        };
        let query = panel.query.clone();
        self.set_highlight(Some(query));
        self.show_hit(&hit);
    }

    fn set_highlight(&mut self, q: Option<Query>) {
        if self.highlight != q {
            self.highlight = q;
            self.highlight_cache.clear();
        }
    }

    /// Open the hit's report with its paragraph a few rows below the top.
    fn show_hit(&mut self, hit: &Hit) {
        self.open(hit.report);
        self.tree.reveal(hit.report);
        self.pending_para = Some(hit.paragraph);
        if self.reader.layout.is_some() {
            self.apply_pending();
        }
    }

    /// Highlighted char indices of a paragraph (cached).
    pub fn highlights(&mut self, report: ReportId, para: usize) -> &[usize] {
        let Some(q) = &self.highlight else { return &[] };
        let corpus = &self.corpus;
        let matcher = &self.matcher;
        self.highlight_cache.entry((report, para)).or_insert_with(|| {
            corpus[report]
                .paragraphs
                .get(para)
                .and_then(|p| matcher.match_text(q, &p.text))
                .map(|m| m.indices)
                .unwrap_or_default()
        })
    }

    fn update_search(&mut self, action: Action) {
        let Some(panel) = self.search.as_mut() else { return };
        let mut changed = false;
        match action {
            Action::Quit => self.quit = true,
            Action::Type(c) => {
                panel.input.insert(c);
                changed = true;
            }
            Action::Edit(e) => {
                let before = panel.input.text.clone();
                panel.input.apply(e);
                changed = panel.input.text != before;
            }
            Action::CycleScope => {
                panel.scope = panel.scope.next();
                changed = true;
            }
            Action::Move(_) | Action::Page(_, _) if !panel.hits.is_empty() => {
                let d = if let Action::Page(p, _) = action { p as isize * 10 } else { d_of(action) };
                panel.selected = (panel.selected as isize + d).clamp(0, panel.hits.len() as isize - 1) as usize;
                self.preview();
            }
            Action::Accept => {
                let hits = std::mem::take(&mut panel.hits);
                let sel = panel.selected;
                let query = panel.query.clone();
                self.search = None;
                if let Some(hit) = hits.get(sel).cloned() {
                    if let Some(origin) = self.search_origin.take() {
                        self.record_jump(origin);
                    }
                    self.hits = hits;
                    self.hit_pos = Some(sel);
                    self.set_highlight(Some(query));
                    self.show_hit(&hit);
                    self.focus = Focus::Reader;
                } else if let Some(origin) = self.search_origin.take() {
                    self.go(origin);
                }
            }
            Action::Close => {
                self.search = None;
                if let Some(origin) = self.search_origin.take() {
                    self.go(origin);
                }
                if self.hits.is_empty() {
                    self.set_highlight(None);
                }
            }
            _ => {}
        }
        if changed {
            self.resubmit();
        }
    }

    /// n / N: the next or previous hit of the last search, across reports.
    fn step_hit(&mut self, d: isize) {
        if self.hits.is_empty() {
            return;
        }
        let n = self.hits.len() as isize;
        let pos = self.hit_pos.map_or(0, |p| ((p as isize + d) % n + n) % n) as usize;
        if let Some(from) = self.here() {
            self.record_jump(from);
        }
        self.hit_pos = Some(pos);
        let hit = self.hits[pos].clone();
        self.show_hit(&hit);
        self.focus = Focus::Reader;
    }

    /// Apply a scroll target that waited for the layout.
    pub fn apply_pending(&mut self) {
        let Some(layout) = &self.reader.layout else { return };
        if let Some(a) = self.pending_anchor.take() {
            self.reader.top = layout.row_of_anchor(a);
        }
        if let Some(p) = self.pending_para.take() {
            let row = layout.para_row.get(p).copied().unwrap_or(0);
            // A little context above the hit.
            self.reader.top = row.saturating_sub((self.reader.height / 4).min(3));
        }
        self.clamp_top();
    }

    fn update_tree(&mut self, action: Action) {
        match action {
            Action::Move(d) => self.tree.move_by(d),
            Action::Page(d, half) => {
                let h = (self.reader.height.max(2) / if half { 2 } else { 1 }) as isize;
                self.tree.move_by(d as isize * h)
            }
            Action::Top => self.tree.move_by(isize::MIN / 2),
            Action::Bottom => self.tree.move_by(isize::MAX / 2),
            Action::Collapse => self.tree.collapse(),
            Action::Expand => self.tree.expand(),
            Action::Open => {
                if let Some(i) = self.tree.activate() {
                    self.open(i);
                    self.focus = Focus::Reader;
                }
            }
            _ => {}
        }
    }

    fn update_reader(&mut self, action: Action) {
        let h = self.reader.height.max(1) as isize;
        match action {
            Action::Move(d) => self.scroll(d),
            Action::Page(d, half) => self.scroll(d as isize * if half { (h / 2).max(1) } else { (h - 1).max(1) }),
            Action::Top => self.reader.top = 0,
            Action::Bottom => self.reader.top = self.max_top(),
            _ => {}
        }
    }

    fn update_popup(&mut self, popup: Popup, action: Action) {
        match (popup, action) {
            (_, Action::Quit) => self.quit = true,
            (Popup::Problems(top), Action::Move(d)) => {
                let n = self.corpus.problems.len();
                self.popup = Some(Popup::Problems((top as isize + d).clamp(0, n.saturating_sub(1) as isize) as usize));
            }
            (Popup::Problems(top), Action::Page(d, _)) => {
                let n = self.corpus.problems.len();
                let t = (top as isize + d as isize * 10).clamp(0, n.saturating_sub(1) as isize) as usize;
                self.popup = Some(Popup::Problems(t));
            }
            (Popup::Note(mut e), a) => match a {
                Action::Type(c) => {
                    e.insert(c);
                    self.popup = Some(Popup::Note(e));
                }
                Action::Edit(ed) => {
                    e.apply(ed);
                    self.popup = Some(Popup::Note(e));
                }
                Action::Accept | Action::Open => {
                    self.popup = None;
                    self.add_bookmark(e.text.trim().to_string());
                }
                Action::Close => self.popup = None,
                _ => self.popup = Some(Popup::Note(e)),
            },
            (Popup::Pick(list, sel), Action::Move(d)) => {
                let sel = (sel as isize + d).clamp(0, list.len().saturating_sub(1) as isize) as usize;
                self.popup = Some(Popup::Pick(list, sel));
            }
            (Popup::Pick(list, sel), Action::Open) => {
                self.popup = None;
                if let Some(&other) = list.get(sel) {
                    self.start_compare(other);
                }
            }
            (Popup::Pick(..), _) => self.popup = None,
            (Popup::Bookmarks(sel), Action::Move(d)) => {
                let n = self.state.bookmarks.len();
                self.popup = Some(Popup::Bookmarks((sel as isize + d).clamp(0, n.saturating_sub(1) as isize) as usize));
            }
            (Popup::Bookmarks(sel), Action::Delete) => {
                if sel < self.state.bookmarks.len() {
                    self.state.bookmarks.remove(sel);
                    self.state_dirty = true;
                    self.say("bookmark deleted".to_string());
                }
                let n = self.state.bookmarks.len();
                self.popup = Some(Popup::Bookmarks(sel.min(n.saturating_sub(1))));
            }
            (Popup::Bookmarks(sel), Action::Open) => {
                self.popup = None;
                if let Some(b) = self.state.bookmarks.get(sel).cloned() {
                    match self.corpus.find_path(&b.path) {
                        Some(i) => {
                            if let Some(from) = self.here() {
                                self.record_jump(from);
                            }
                            self.open(i);
                            self.tree.reveal(i);
                            self.pending_para = Some(b.paragraph);
                            self.pending_anchor = None;
                            if self.reader.layout.is_some() {
                                self.apply_pending();
                            }
                            self.focus = Focus::Reader;
                        }
                        None => self.say(format!("{} is not open in this session", b.label)),
                    }
                }
            }
            (Popup::Help(top), Action::Move(d)) => {
                let n = super::action::HELP.len();
                self.popup = Some(Popup::Help((top as isize + d).clamp(0, n.saturating_sub(1) as isize) as usize));
            }
            (_, Action::Close) | (Popup::Help(_), _) | (Popup::Problems(_), _) | (Popup::Bookmarks(_), _) => {
                self.popup = None
            }
            (Popup::Outline(sel), Action::Move(d)) => {
                let n = self.report().map_or(0, |r| r.sections.len());
                let sel = (sel as isize + d).clamp(0, n.saturating_sub(1) as isize) as usize;
                self.popup = Some(Popup::Outline(sel));
            }
            (Popup::Outline(_), Action::Top) => self.popup = Some(Popup::Outline(0)),
            (Popup::Outline(_), Action::Bottom) => {
                let n = self.report().map_or(0, |r| r.sections.len());
                self.popup = Some(Popup::Outline(n.saturating_sub(1)));
            }
            (Popup::Outline(sel), Action::Open) => {
                let para = self.report().and_then(|r| r.sections.get(sel)).map(|s| s.paragraph);
                self.popup = None;
                if let Some(p) = para {
                    self.scroll_to_paragraph(p);
                    self.focus = Focus::Reader;
                }
            }
            (Popup::Outline(_), Action::Outline) => self.popup = None,
            _ => {}
        }
    }

    /// Percent of the report read, by the bottom visible row.
    pub fn percent(&self) -> usize {
        let Some(l) = &self.reader.layout else { return 0 };
        let total = l.rows.len().max(1);
        ((self.reader.top + self.reader.height).min(total) * 100) / total
    }
}
