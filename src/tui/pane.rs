//! One report pane: which report (by id), its layout for the pane's width (cached per
//! width), where it is scrolled to, and the cursor paragraph that y, Y, m and c act on.
//!
//! Invariant, kept by every method that moves anything: once the pane has a layout and a
//! height, some row of the cursor paragraph is on screen. Nothing here draws.

use crate::corpus::{Report, ReportId};
use crate::layout::Ambiguous;
use crate::layout::document::{Anchor, DocLayout, Source};
use std::sync::Arc;

/// Where the pane should go once it has a layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pending {
    /// Back to a remembered view: its top row (the cursor is set already).
    View(Anchor),
    /// A jump: the cursor to this paragraph, its char `at` (if given) in view, with
    /// `context` rows above it.
    Jump { para: usize, at: Option<usize>, context: bool },
}

/// A view of one report, remembered well enough to come back to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spot {
    pub report: ReportId,
    /// Taken in the second pane of a comparison.
    pub second: bool,
    /// The top row.
    pub anchor: Anchor,
    /// The cursor paragraph.
    pub cursor: usize,
}

#[derive(Clone, Debug)]
pub struct Pane {
    pub report: ReportId,
    layout: Option<Arc<DocLayout>>,
    /// Layouts for the widths used last (a comparison halves the pane, search shortens it).
    cache: Vec<Arc<DocLayout>>,
    /// Index of the top visible row in the layout.
    pub top: usize,
    /// Rows on screen (0 while hidden).
    pub height: usize,
    /// The cursor paragraph.
    pub cursor: usize,
    pending: Option<Pending>,
    /// Did the user move this pane (a scroll, a jump, the cursor)? A relayout for another
    /// width or height is no move: only a moved pane's place is saved as new.
    pub moved: bool,
}

/// Layouts kept besides the one in use.
const CACHED_LAYOUTS: usize = 2;

/// Rows of context kept above a jump target.
fn context_rows(height: usize) -> usize {
    (height / 4).min(3)
}

impl Pane {
    /// A pane on `report` at its top.
    pub fn new(report: ReportId) -> Pane {
        Pane { report, layout: None, cache: Vec::new(), top: 0, height: 0, cursor: 0, pending: None, moved: false }
    }

    pub fn layout(&self) -> Option<&DocLayout> {
        self.layout.as_deref()
    }

    /// Lay out for `width` (kept if it already fits) and `height` rows, then settle any
    /// pending move and keep the cursor on screen.
    pub fn fit(&mut self, report: &Report, width: usize, height: usize, amb: Ambiguous) {
        let resized = self.height != height;
        self.height = height;
        let stale = self.layout.as_ref().is_none_or(|l| l.width != width || l.amb != amb);
        if stale {
            let anchor = self.layout.as_ref().map(|l| l.anchor_of(self.top));
            let layout = match self.cache.iter().position(|l| l.width == width && l.amb == amb) {
                Some(i) => self.cache.remove(i),
                None => Arc::new(DocLayout::new(report, width, amb)),
            };
            if let Some(old) = self.layout.take() {
                self.cache.insert(0, old);
                self.cache.truncate(CACHED_LAYOUTS);
            }
            self.top = anchor.map_or(0, |a| layout.row_of_anchor(a));
            self.layout = Some(layout);
        }
        self.cursor = self.cursor.min(report.paragraphs.len().saturating_sub(1));
        if let Some(p) = self.pending.take() {
            self.apply(p);
        } else if stale || resized {
            // The pane changed shape: bring the cursor back into view, never move it.
            self.reveal_cursor();
        }
        self.clamp();
        self.keep_cursor_visible();
    }

    /// Scroll the cursor paragraph back into view, from its start.
    fn reveal_cursor(&mut self) {
        if self.height == 0 || self.cursor_visible() {
            return;
        }
        if let Some((a, _)) = self.para_rows(self.cursor) {
            self.top = a;
        }
    }

    fn rows(&self) -> usize {
        self.layout.as_ref().map_or(0, |l| l.rows.len())
    }

    fn max_top(&self) -> usize {
        self.rows().saturating_sub(self.height.max(1))
    }

    fn clamp(&mut self) {
        self.top = self.top.min(self.max_top());
    }

    /// The first and last row of paragraph `p`.
    fn para_rows(&self, p: usize) -> Option<(usize, usize)> {
        let l = self.layout.as_ref()?;
        let first = *l.para_row.get(p)?;
        let mut last = first;
        while last + 1 < l.rows.len() && l.rows[last + 1].source == Source::Para(p) {
            last += 1;
        }
        Some((first, last))
    }

    /// Does any row of the cursor paragraph show? Also true when no paragraph shows at all
    /// (a hidden pane, or one so short that the header fills it).
    pub fn cursor_visible(&self) -> bool {
        if self.height == 0 || self.visible_paras().is_none() {
            return true;
        }
        match self.para_rows(self.cursor) {
            Some((a, b)) => b >= self.top && a < self.top + self.height,
            None => true,
        }
    }

    /// The paragraphs with a row on screen, first and last.
    fn visible_paras(&self) -> Option<(usize, usize)> {
        let l = self.layout.as_ref()?;
        let end = (self.top + self.height).min(l.rows.len());
        let shown = l.rows.get(self.top..end)?;
        let first = shown.iter().find_map(|r| r.source.para());
        let last = shown.iter().rev().find_map(|r| r.source.para());
        first.zip(last)
    }

    /// If the cursor paragraph scrolled away, move it to the nearest one on screen.
    fn keep_cursor_visible(&mut self) {
        if self.height == 0 || self.cursor_visible() {
            return;
        }
        if let (Some((first, last)), Some((a, _))) = (self.visible_paras(), self.para_rows(self.cursor)) {
            self.cursor = if a < self.top { first } else { last };
        }
    }

    /// Scroll by `delta` rows; the cursor stays unless it would leave the screen.
    pub fn scroll(&mut self, delta: isize) {
        self.moved = true;
        // A move made while the pane had no height to settle a jump replaces the jump.
        self.pending = None;
        self.top = (self.top as isize + delta).max(0) as usize;
        self.clamp();
        self.keep_cursor_visible();
    }

    /// Scroll by pages (`half`: half a page), with one row of overlap on a whole page.
    pub fn page(&mut self, pages: i8, half: bool) {
        self.moved = true;
        let h = self.height.max(1) as isize;
        let step = if half { (h / 2).max(1) } else { (h - 1).max(1) };
        self.scroll(pages as isize * step);
    }

    pub fn to_top(&mut self) {
        self.moved = true;
        self.pending = None;
        self.top = 0;
        self.cursor = 0;
    }

    pub fn to_bottom(&mut self) {
        self.moved = true;
        self.pending = None;
        self.top = self.max_top();
        if let Some(l) = &self.layout {
            self.cursor = l.para_row.len().saturating_sub(1);
        }
        self.keep_cursor_visible();
    }

    /// Move the cursor by `d` paragraphs, scrolling as little as needed to show it.
    pub fn move_cursor(&mut self, d: isize, paragraphs: usize) {
        self.moved = true;
        self.pending = None;
        if paragraphs == 0 {
            return;
        }
        self.cursor = (self.cursor as isize + d).clamp(0, paragraphs as isize - 1) as usize;
        if let Some((a, b)) = self.para_rows(self.cursor) {
            let h = self.height.max(1);
            if a < self.top || b - a + 1 > h {
                // Above the screen, or too tall for it: show it from its start.
                self.top = a;
            } else if b >= self.top + h {
                self.top = b + 1 - h;
            }
            self.clamp();
        }
    }

    /// Put the cursor on paragraph `para` and bring it into view: its char `at` (when
    /// given) on screen, with a few rows of context above when `context`, else at the top.
    /// Applied now if the pane has a layout, else at its first layout.
    pub fn jump(&mut self, para: usize, at: Option<usize>, context: bool) {
        self.moved = true;
        self.cursor = para;
        let p = Pending::Jump { para, at, context };
        if self.layout.is_some() && self.height > 0 {
            self.apply(p);
        } else {
            self.pending = Some(p);
        }
    }

    /// Come back to a remembered view.
    pub fn restore(&mut self, anchor: Anchor, cursor: usize) {
        self.moved = true;
        self.cursor = cursor;
        if self.layout.is_some() {
            self.apply(Pending::View(anchor));
        } else {
            self.pending = Some(Pending::View(anchor));
        }
    }

    fn apply(&mut self, p: Pending) {
        let Some(l) = self.layout.clone() else {
            self.pending = Some(p);
            return;
        };
        match p {
            Pending::View(anchor) => {
                self.top = l.row_of_anchor(anchor);
                self.clamp();
                self.keep_cursor_visible();
            }
            Pending::Jump { para, at, context } => {
                let Some((first, _)) = self.para_rows(para) else { return };
                self.cursor = para;
                let target = at.map_or(first, |c| l.row_of(para, c));
                let ctx = if context { context_rows(self.height) } else { 0 };
                let h = self.height.max(1);
                // The paragraph's start too, when it fits with the target.
                self.top =
                    if target - first + ctx < h { first.saturating_sub(ctx) } else { target.saturating_sub(ctx) };
                self.clamp();
            }
        }
    }

    /// The next (or previous) heading of at most `max_level` after (before) the cursor.
    pub fn jump_heading(&mut self, report: &Report, forward: bool, max_level: u8) {
        self.moved = true;
        let mut heads = report.sections.iter().filter(|s| s.level <= max_level).map(|s| s.paragraph);
        let target = if forward { heads.find(|&p| p > self.cursor) } else { heads.rfind(|&p| p < self.cursor) };
        if let Some(p) = target {
            self.jump(p, None, false);
        }
    }

    /// Where the pane is, to come back to.
    pub fn spot(&self) -> Spot {
        let anchor = match &self.pending {
            Some(Pending::View(a)) => *a,
            Some(Pending::Jump { para, .. }) => Anchor::Text(*para, 0),
            None => self.layout.as_ref().map_or(Anchor::Row(0), |l| l.anchor_of(self.top)),
        };
        Spot { report: self.report, second: false, anchor, cursor: self.cursor }
    }

    /// The view as the state file keeps it (time 0: the state stamps it); None at the very
    /// top (nothing to keep).
    /// (0, 0) stands for the top, header included.
    pub fn saved(&self) -> Option<crate::state::Spot> {
        let spot = self.spot();
        let (paragraph, offset) = match spot.anchor {
            Anchor::Text(p, off) => (p, off),
            // The blank row above a paragraph (before a heading): kept as that paragraph's
            // start, not as the top of the report.
            Anchor::Before(p) => (p, 0),
            Anchor::Row(_) => (0, 0),
        };
        ((paragraph, offset, spot.cursor) != (0, 0, 0)).then_some(crate::state::Spot {
            paragraph,
            offset,
            cursor: Some(spot.cursor),
            time: 0,
        })
    }

    /// Come back to a view the state file kept (see [`Pane::saved`]).
    pub fn restore_saved(&mut self, s: &crate::state::Spot) {
        let anchor =
            if (s.paragraph, s.offset) == (0, 0) { Anchor::Row(0) } else { Anchor::Text(s.paragraph, s.offset) };
        let moved = self.moved;
        self.restore(anchor, s.cursor.unwrap_or(s.paragraph));
        // Coming back to the kept place is no move of the user's.
        self.moved = moved;
    }

    /// Percent of the report read, by the bottom visible row.
    pub fn percent(&self) -> usize {
        let total = self.rows().max(1);
        ((self.top + self.height).min(total) * 100) / total
    }

    /// Rows of paragraph `p` that are on screen, as (first, end) screen row offsets.
    pub fn screen_rows_of(&self, p: usize) -> Option<(usize, usize)> {
        let (a, b) = self.para_rows(p)?;
        let (lo, hi) = (a.max(self.top), (b + 1).min(self.top + self.height));
        (lo < hi).then(|| (lo - self.top, hi - self.top))
    }

    /// The first paragraph that starts at or below the top row.
    pub fn top_paragraph(&self) -> Option<usize> {
        let l = self.layout.as_ref()?;
        l.rows.get(self.top..)?.iter().find_map(|r| r.source.para())
    }

    /// The paragraph shown on screen row `y` (0 = the pane's top), if any.
    pub fn para_at_row(&self, y: usize) -> Option<usize> {
        self.layout.as_ref()?.rows.get(self.top + y)?.source.para()
    }

    /// Put the cursor on paragraph `p` without scrolling (a click).
    pub fn set_cursor(&mut self, p: usize) {
        self.moved = true;
        self.cursor = p;
        self.keep_cursor_visible();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::parse;

    fn report() -> Report {
        let mut text = String::from("2018年吉林市政府工作报告\n各位代表：\n一、回顾\n");
        let names: Vec<char> =
            "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土日月星山川江河湖海风云雷电霜雪".chars().collect();
        for (i, c) in names.iter().take(40).enumerate() {
            let more = format!("{c}字再多写一些。").repeat(i % 4);
            text.push_str(&format!("{c}段说的是{c}{c}的事情，写得足够长，以便换行成几行。{more}\n"));
        }
        text.push_str("二、任务\n最后一段。\n");
        parse("t.txt", text.as_bytes()).unwrap()
    }

    /// User trial: a view whose top row was the blank row before a heading was saved as
    /// the top of the report, so the reader reopened at its start.
    #[test]
    fn a_top_row_blank_before_a_heading_is_saved_as_the_top_of_the_report_no_more() {
        let r = report();
        let mut p = Pane::new(ReportId(0));
        p.fit(&r, 30, 8, Ambiguous::Narrow);
        let layout = p.layout().unwrap();
        let blank = (1..layout.rows.len())
            .find(|&i| matches!(layout.anchor_of(i), Anchor::Before(q) if q > 0))
            .expect("a blank row before a heading");
        let Anchor::Before(heading) = layout.anchor_of(blank) else { unreachable!() };
        p.top = blank;
        let kept = p.saved().expect("not the top of the report");
        assert_eq!((kept.paragraph, kept.offset), (heading, 0));
    }

    /// Found by the reader proptest: on a screen with no room for the pane, a jump waits
    /// for a height; `g` (top) then was undone by the waiting jump when the screen grew,
    /// and the cursor moved on a resize.
    #[test]
    fn a_move_on_a_pane_without_height_replaces_the_jump_waiting_for_one() {
        let r = report();
        let heading = r.sections[1].paragraph;
        for step in [Pane::to_top as fn(&mut Pane), |p| p.to_bottom(), |p| p.scroll(1), |p| p.move_cursor(1, 40)] {
            let mut p = Pane::new(ReportId(0));
            p.fit(&r, 30, 0, Ambiguous::Narrow);
            p.jump(heading, None, false);
            step(&mut p);
            let cursor = p.cursor;
            p.fit(&r, 30, 12, Ambiguous::Narrow);
            assert_eq!(p.cursor, cursor, "the resize moved the cursor");
        }
    }

    #[test]
    fn scrolling_keeps_the_cursor_on_screen() {
        let r = report();
        let mut p = Pane::new(ReportId(0));
        p.fit(&r, 30, 8, Ambiguous::Narrow);
        for _ in 0..50 {
            p.scroll(3);
            assert!(p.cursor_visible(), "cursor {} top {}", p.cursor, p.top);
        }
        for _ in 0..50 {
            p.scroll(-2);
            assert!(p.cursor_visible());
        }
        p.page(1, false);
        assert!(p.cursor_visible());
    }

    #[test]
    fn a_jump_puts_the_cursor_on_the_target_and_the_target_in_view() {
        let r = report();
        let mut p = Pane::new(ReportId(0));
        p.fit(&r, 30, 8, Ambiguous::Narrow);
        p.jump(20, Some(30), true);
        assert_eq!(p.cursor, 20);
        let l = p.layout().unwrap();
        let row = l.row_of(20, 30);
        assert!(row >= p.top && row < p.top + p.height, "row {row} top {}", p.top);
        // Before the first layout: applied at it.
        let mut q = Pane::new(ReportId(0));
        q.jump(35, None, false);
        q.fit(&r, 30, 8, Ambiguous::Narrow);
        assert_eq!((q.cursor, q.top), (35, q.layout().unwrap().para_row[35].min(q.max_top())));
    }

    #[test]
    fn moving_the_cursor_scrolls_only_as_needed() {
        let r = report();
        let mut p = Pane::new(ReportId(0));
        p.fit(&r, 30, 8, Ambiguous::Narrow);
        let top = p.top;
        p.move_cursor(1, r.paragraphs.len());
        assert_eq!(p.top, top);
        for _ in 0..10 {
            p.move_cursor(1, r.paragraphs.len());
            assert!(p.cursor_visible());
        }
        assert_eq!(p.cursor, 11);
        p.jump_heading(&r, true, 1);
        assert_eq!(r.paragraphs[p.cursor].text, "二、任务");
    }
}
