//! Popups over the panes (help, outline, bookmarks, the compare picker, the skipped
//! files, the bookmark note) and what their keys do. In every popup, Esc and q close the
//! popup and nothing else; Enter acts on the selected entry.

use super::action::{Action, Focus};
use super::app::{App, Effect, Mode};
use super::pane::Pane;
use super::search::LineEdit;
use crate::corpus::{Report, ReportId};

/// A popup over the panes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Popup {
    /// Every key, scrolled to this line.
    Help(usize),
    /// Typing the note of a new bookmark.
    Note(LineEdit),
    /// The bookmark list, with the selected entry.
    Bookmarks(usize),
    /// Choosing the second report to compare with: the candidates and the selected one.
    Pick(Vec<ReportId>, usize),
    /// The skipped files, scrolled to this line.
    Problems(usize),
    /// The outline, with the selected entry.
    Outline(usize),
}

impl Popup {
    /// The selected entry (or the first line shown) of a list popup; None for the note.
    fn selected(&self) -> Option<usize> {
        match self {
            Popup::Help(i) | Popup::Bookmarks(i) | Popup::Pick(_, i) | Popup::Problems(i) | Popup::Outline(i) => {
                Some(*i)
            }
            Popup::Note(_) => None,
        }
    }

    fn with_selected(self, to: usize) -> Popup {
        match self {
            Popup::Help(_) => Popup::Help(to),
            Popup::Bookmarks(_) => Popup::Bookmarks(to),
            Popup::Pick(list, _) => Popup::Pick(list, to),
            Popup::Problems(_) => Popup::Problems(to),
            Popup::Outline(_) => Popup::Outline(to),
            note @ Popup::Note(_) => note,
        }
    }
}

/// Where a moving key takes selection `sel` in a list of `n`; None for other keys.
fn navigate(sel: usize, n: usize, action: Action) -> Option<usize> {
    let step = |d: isize| (sel as isize + d).clamp(0, n.saturating_sub(1) as isize) as usize;
    match action {
        Action::Move(d) => Some(step(d)),
        Action::Page(d, _) => Some(step(d as isize * 10)),
        Action::Top => Some(0),
        Action::Bottom => Some(n.saturating_sub(1)),
        _ => None,
    }
}

impl App {
    pub(super) fn update_popup(&mut self, popup: Popup, action: Action, fx: &mut Vec<Effect>) {
        // Esc and q close the innermost layer: this popup, never the app.
        let closing = matches!(action, Action::Close | Action::Quit);
        if closing && !matches!(popup, Popup::Note(_)) {
            self.undo.clear();
            return;
        }
        // Moving in a list (or scrolling help and the skipped files) is the same everywhere.
        if let Some(sel) = popup.selected()
            && let Some(to) = navigate(sel, self.popup_len(&popup), action)
        {
            self.mode = Mode::Popup(popup.with_selected(to));
            return;
        }
        let next = match (popup, action) {
            (Popup::Note(mut e), a) => match a {
                Action::Type(c) => {
                    e.insert(c);
                    Some(Popup::Note(e))
                }
                Action::Edit(ed) => {
                    e.apply(ed);
                    Some(Popup::Note(e))
                }
                Action::Accept | Action::Open => {
                    self.add_bookmark(e.text.trim().to_string(), fx);
                    None
                }
                Action::Close | Action::Quit => None,
                _ => Some(Popup::Note(e)),
            },
            (Popup::Pick(list, sel), Action::Open) => {
                if let Some(&other) = list.get(sel) {
                    self.start_compare(other);
                }
                None
            }
            (Popup::Bookmarks(sel), Action::Delete) => {
                if let Some(b) = self.state.delete_bookmark(sel, crate::state::now()) {
                    self.undo.push((sel, b));
                    fx.push(Effect::Save);
                    self.say(format!("书签已删除（关闭列表前按 {} 可撤销）", self.key("undo")));
                }
                Some(Popup::Bookmarks(sel.min(self.state.bookmarks.len().saturating_sub(1))))
            }
            (Popup::Bookmarks(sel), Action::Undo) => match self.undo.pop() {
                Some((at, b)) => {
                    let at = at.min(self.state.bookmarks.len());
                    self.state.restore_bookmark(at, b, crate::state::now());
                    fx.push(Effect::Save);
                    self.say("已恢复书签".to_string());
                    Some(Popup::Bookmarks(at))
                }
                None => Some(Popup::Bookmarks(sel)),
            },
            (Popup::Bookmarks(sel), Action::Open) => {
                self.undo.clear();
                self.open_bookmark(sel);
                None
            }
            (Popup::Outline(sel), Action::Open) => {
                let para = self.report().and_then(|r| r.sections.get(sel)).map(|s| s.paragraph);
                if let (Some(p), Some(from)) = (para, self.here()) {
                    self.jumps.record(from);
                    if let Some(pane) = self.pane_mut() {
                        pane.jump(p, None, false);
                    }
                    self.focus = Focus::Reader;
                }
                None
            }
            (Popup::Outline(_), Action::Outline) => None,
            (p, _) => Some(p),
        };
        if let Some(p) = next {
            self.mode = Mode::Popup(p);
        } else {
            self.undo.clear();
        }
    }

    /// How many entries (or scroll positions) a list popup has.
    fn popup_len(&self, popup: &Popup) -> usize {
        match popup {
            Popup::Help(_) => super::view::help_len(self),
            Popup::Bookmarks(_) => self.state.bookmarks.len(),
            Popup::Pick(list, _) => list.len(),
            Popup::Problems(_) => self.problem_lines(),
            Popup::Outline(_) => self.report().map_or(0, |r| r.sections.len()),
            Popup::Note(_) => 0,
        }
    }

    /// Lines of the `!` popup: the notices of this session, then the skipped files.
    pub(super) fn problem_lines(&self) -> usize {
        self.notices.len() + self.corpus.problems.len()
    }

    fn open_bookmark(&mut self, sel: usize) {
        let Some(b) = self.state.bookmarks.get(sel).cloned() else { return };
        match self.corpus.find_key(&b.path) {
            Some(id) => {
                if let Some(from) = self.here() {
                    self.jumps.record(from);
                }
                self.chosen = true;
                self.restore = None;
                self.on_second = false;
                self.open(id);
                if let Some(p) = self.main.as_mut() {
                    p.jump(b.paragraph, None, true);
                }
                self.focus = Focus::Reader;
            }
            None => self.say(format!("{} 不在本次打开的报告中", b.label)),
        }
    }

    fn add_bookmark(&mut self, note: String, fx: &mut Vec<Effect>) {
        let Some((id, p)) = self.cursor() else { return };
        let r = &self.corpus[id];
        let b =
            crate::state::Bookmark { path: r.state_key().to_string(), label: r.label(), paragraph: p, note, time: 0 };
        if self.state.add_bookmark(b, crate::state::now()) {
            fx.push(Effect::Save);
        }
        self.say(format!("已加书签：第 {} 段", p + 1));
    }

    /// Reports to compare with: the same place's other years first, then its province, then
    /// the rest, each in tree order.
    pub(super) fn open_picker(&mut self) {
        let Some(cur) = self.pane().map(|p| p.report) else { return };
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
            self.mode = Mode::Popup(Popup::Pick(list, 0));
        }
    }

    /// Open `other` beside the main report, at the section best matching the cursor's.
    fn start_compare(&mut self, other: ReportId) {
        self.on_second = false;
        let target = self.matching_section(other);
        let mut pane = Pane::new(other);
        if let Some(p) = target {
            pane.jump(p, None, false);
        }
        self.second = Some(pane);
        self.focus = Focus::Reader;
    }

    /// The paragraph of `other`'s section best matching the active cursor's section.
    fn matching_section(&self, other: ReportId) -> Option<usize> {
        let (id, para) = self.cursor()?;
        let title = self.corpus[id].breadcrumb(para).last().map(|s| s.title.clone())?;
        self.corpus[other].section_like(&title)
    }

    /// After a section jump in one pane, bring the other to its best matching section.
    pub(super) fn align_other(&mut self) {
        let other = usize::from(!self.on_second);
        let Some(report) = self.pane_at(other).map(|p| p.report) else { return };
        let Some(target) = self.matching_section(report) else { return };
        if let Some(p) = self.pane_at_mut(other) {
            p.jump(target, None, false);
        }
    }
}
