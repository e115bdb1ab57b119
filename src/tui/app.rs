//! The reader's state and `update`: positions only; content comes from the corpus and
//! layout modules. No drawing here.

use super::action::{Action, Focus};
use crate::corpus::{Corpus, Report};
use crate::layout::Ambiguous;
use crate::layout::document::{Anchor, DocLayout};
use crate::tree::Tree;

/// Reports in a corpus at most this big start with the whole tree open.
const EXPAND_ALL_UP_TO: usize = 200;

/// A popup over the panes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Popup {
    Help,
    /// The outline, with the selected entry.
    Outline(usize),
}

/// The report pane: which report, where, and its cached layout.
#[derive(Debug, Default)]
pub struct Reader {
    pub report: Option<usize>,
    /// Index of the top visible row in `layout`.
    pub top: usize,
    /// Rows visible, as of the last draw.
    pub height: usize,
    /// Layout for the width of the last draw; rebuilt only when the width or report changes.
    pub layout: Option<DocLayout>,
}

pub struct App {
    pub corpus: Corpus,
    pub tree: Tree,
    pub focus: Focus,
    pub reader: Reader,
    pub popup: Option<Popup>,
    pub amb: Ambiguous,
    pub quit: bool,
}

impl App {
    pub fn new(corpus: Corpus, amb: Ambiguous) -> App {
        let tree = Tree::build(&corpus.reports, EXPAND_ALL_UP_TO);
        let mut app =
            App { corpus, tree, focus: Focus::Tree, reader: Reader::default(), popup: None, amb, quit: false };
        if let Some(first) = app.tree.first_report() {
            app.open(first);
            app.tree.reveal(first);
            app.focus = Focus::Tree;
        }
        app
    }

    pub fn report(&self) -> Option<&Report> {
        self.reader.report.and_then(|i| self.corpus.reports.get(i))
    }

    /// Open report `i` at its top.
    pub fn open(&mut self, i: usize) {
        if self.reader.report != Some(i) {
            self.reader.report = Some(i);
            self.reader.layout = None;
            self.reader.top = 0;
        }
    }

    /// Make sure the layout fits `width`, keeping the top row's text at the top.
    pub fn ensure_layout(&mut self, width: usize) {
        let Some(idx) = self.reader.report else { return };
        let amb = self.amb;
        if self.reader.layout.as_ref().is_some_and(|l| l.width == width && l.amb == amb) {
            return;
        }
        let report = &self.corpus.reports[idx];
        let anchor: Option<Anchor> = self.reader.layout.as_ref().map(|l| l.anchor_of(self.reader.top));
        let layout = DocLayout::new(report, width, amb);
        self.reader.top = anchor.map_or(0, |a| layout.row_of_anchor(a));
        self.reader.layout = Some(layout);
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

    /// The one place where actions change state.
    pub fn update(&mut self, action: Action) {
        if let Some(popup) = self.popup.clone() {
            self.update_popup(popup, action);
            return;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::SwitchFocus => {
                self.focus = match self.focus {
                    Focus::Tree if self.reader.report.is_some() => Focus::Reader,
                    _ => Focus::Tree,
                }
            }
            Action::Help => self.popup = Some(Popup::Help),
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
            (_, Action::Close) | (Popup::Help, _) => self.popup = None,
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
