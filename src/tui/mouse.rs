//! The mouse: the wheel scrolls the pane under the pointer, a click selects in the tree,
//! in the search results, or puts the cursor on a paragraph.

use super::action::{Action, Focus};
use super::app::{App, Mode};
use ratatui::layout::{Position, Rect};

/// A mouse gesture, in screen cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mouse {
    ScrollDown(u16, u16),
    ScrollUp(u16, u16),
    Click(u16, u16),
}

impl App {
    /// The wheel scrolls the pane under the pointer; a click selects in the tree (and opens
    /// a report), in the search results, or puts the cursor on a paragraph.
    pub fn mouse(&mut self, m: Mouse) {
        self.chosen = true;
        let inside = |r: Option<Rect>, x: u16, y: u16| r.is_some_and(|r| r.contains(Position::new(x, y)));
        let a = self.areas;
        let (x, y) = match m {
            Mouse::ScrollDown(x, y) | Mouse::ScrollUp(x, y) | Mouse::Click(x, y) => (x, y),
        };
        let pane_at = (0..2).find(|&k| inside(a.panes[k], x, y));
        match (&self.mode, m) {
            (Mode::Popup(_), _) => return,
            // In a research view the wheel moves the selection (a row, or a place).
            (Mode::Study(s), Mouse::ScrollDown(..) | Mouse::ScrollUp(..)) => {
                let d = if matches!(m, Mouse::ScrollDown(..)) { 1 } else { -1 };
                // The rows of a concordance or of a trend by place; else the years.
                let rows = match &s.view {
                    super::study::View::Kwic(_) => true,
                    super::study::View::Trend(t) => t.scope == super::study::TrendScope::ByPlace,
                };
                self.update(if rows { Action::Move(d) } else { Action::Year(d) });
                return;
            }
            (Mode::Study(_), _) => return,
            // In the targets view the wheel moves the row.
            (Mode::Targets(_), Mouse::ScrollDown(..) | Mouse::ScrollUp(..)) => {
                self.update(Action::Move(if matches!(m, Mouse::ScrollDown(..)) { 1 } else { -1 }));
                return;
            }
            (Mode::Targets(_), _) => return,
            (Mode::Search(_), Mouse::ScrollDown(..) | Mouse::ScrollUp(..))
                if a.results.is_some_and(|(r, _, _)| inside(Some(r), x, y)) =>
            {
                let d = if matches!(m, Mouse::ScrollDown(..)) { 1 } else { -1 };
                // The selection only: the wheel never walks the search history.
                self.update(Action::Select(d));
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
                    if let Some(p) = self.pane_at_mut(k) {
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
                        self.update_tree(Action::Open);
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
