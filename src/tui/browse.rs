//! Browsing: what keys do in the tree and the report panes (outside search and popups):
//! moving, opening, section jumps, focus between the tree and the panes, copying the cursor
//! paragraph, and the tree's filter.

use super::action::{Action, Focus};
use super::app::{App, Effect, Mode};
use super::popup::Popup;
use super::search::LineEdit;
use crate::corpus::ReportId;
use crate::search::Query;
use std::sync::Arc;

impl App {
    pub(super) fn update_browse(&mut self, action: Action, fx: &mut Vec<Effect>) {
        let before = self.here();
        match action {
            Action::Quit => fx.push(Effect::Quit),
            Action::OpenSearch => self.open_search(),
            Action::Trend | Action::Kwic => self.open_study(Mode::Browse, action == Action::Trend),
            Action::Targets => self.open_targets(),
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
            Action::Outline => match (self.report(), self.pane()) {
                (Some(r), Some(p)) if !r.sections.is_empty() => {
                    let sel = r.sections.iter().rposition(|s| s.paragraph <= p.cursor).unwrap_or(0);
                    self.mode = Mode::Popup(Popup::Outline(sel));
                }
                (Some(_), _) => self.say("本报告没有标题，无提纲可列".to_string()),
                _ => {}
            },
            Action::NextHeading | Action::PrevHeading | Action::NextTop | Action::PrevTop => {
                let forward = matches!(action, Action::NextHeading | Action::NextTop);
                let level = if matches!(action, Action::NextTop | Action::PrevTop) { 1 } else { u8::MAX };
                let corpus = Arc::clone(&self.corpus);
                if let Some(p) = self.pane_mut() {
                    p.jump_heading(&corpus[p.report], forward, level);
                }
                self.align_other();
            }
            // Esc in the tree clears the filter kept there.
            Action::Close if self.focus == Focus::Tree && !self.tree_filter_text.is_empty() => self.apply_filter(""),
            Action::Close | Action::None => {}
            // The cursor paragraph moves whichever side has the focus: it is marked either way.
            Action::Para(_) => self.update_reader(action),
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

    pub(super) fn update_tree(&mut self, action: Action) {
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
        let text = if section {
            crate::cite::quote_section(report, pi, &self.citation)
        } else {
            crate::cite::quote_paragraph(report, pi, &self.citation)
        };
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

    pub(super) fn update_filter(&mut self, mut e: LineEdit, action: Action) {
        match action {
            Action::Type(c) => e.insert(c),
            Action::Edit(ed) => e.apply(ed),
            Action::Move(d) | Action::Select(d) | Action::History(d) => {
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
}
