//! Research views over a corpus: a query's trend across years and places, and its
//! concordance (every occurrence in its context). The same model serves the reader's views
//! and the `trend` and `kwic` commands; it knows nothing of terminals.
//!
//! Counts are of **occurrences**: in each paragraph with an exact hit, the non-overlapping
//! occurrences of each positive term of the query in the folded text (a Chinese or Latin
//! term literally, a pinyin term by its pinyin matches), so that a phrase's count is the
//! plain substring count of the phrase. Paragraphs with only a variant hit (the chars
//! apart) are counted apart, as paragraphs.

use crate::corpus::{Corpus, ReportId};
use crate::search::{Filter, Hit, Matcher, Query, fold, pinyin};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;

/// How a trend's cells are keyed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    Year,
    Place,
    /// A cell per place and year.
    Both,
}

/// One cell of a trend: the reports in it, their text's size, and what the query found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// The place, when cells are by place (None: all places, or a report without one).
    pub place: Option<String>,
    /// The year, when cells are by year (None: all years, or a report without one).
    pub year: Option<i32>,
    /// Reports in the cell, and their chars in all (the base of the rate).
    pub reports: usize,
    pub chars: usize,
    /// Exact occurrences, and the paragraphs holding them.
    pub exact: usize,
    pub paragraphs: usize,
    /// Paragraphs with only a variant hit.
    pub variants: usize,
}

impl Cell {
    /// Exact occurrences per 10,000 chars of report text (0 for a cell without text).
    pub fn rate(&self) -> f64 {
        if self.chars == 0 { 0.0 } else { self.exact as f64 * 10_000.0 / self.chars as f64 }
    }
}

/// The places of `cells`, each once, in the cells' order (a trend's: tree order).
pub fn places_in(cells: &[Cell]) -> Vec<Option<String>> {
    let mut order: Vec<Option<String>> = Vec::new();
    for c in cells {
        if !order.contains(&c.place) {
            order.push(c.place.clone());
        }
    }
    order
}

/// Where `query`'s positive terms occur exactly in one paragraph's text, as char ranges
/// `[start, end)` of the text itself, sorted and never overlapping (see the module docs):
/// a Chinese or Latin term where its folded chars stand (a prefix term only at the start, a
/// suffix term only at the end), a pinyin term where it spells chars by their common
/// readings (as an exact pinyin hit does). Where two terms' occurrences overlap (a term
/// typed twice, or inside another), the first, then the longer, is kept.
pub fn occurrence_spans(query: &Query, text: &str) -> Vec<(usize, usize)> {
    use crate::search::query::TermKind;
    let folded = fold::fold(text);
    let fc = &folded.chars;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for term in query.groups.iter().flatten().filter(|t| !t.negate) {
        let t: Vec<char> = term.text.chars().collect();
        let m = t.len();
        if m == 0 || m > fc.len() {
            continue;
        }
        let at = |i: usize| fc[i..i + m] == t[..];
        let before = spans.len();
        match term.kind {
            TermKind::Prefix => {
                if at(0) {
                    spans.push((0, m));
                }
            }
            TermKind::Suffix => {
                if at(fc.len() - m) {
                    spans.push((fc.len() - m, fc.len()));
                }
            }
            TermKind::Exact | TermKind::Fuzzy => {
                let mut i = 0;
                while i + m <= fc.len() {
                    if at(i) {
                        spans.push((i, i + m));
                        i += m;
                    } else {
                        i += 1;
                    }
                }
            }
        }
        // A Latin term that does not occur as letters may spell chars by their pinyin.
        if spans.len() == before
            && pinyin::is_pinyin_query(&term.text)
            && matches!(term.kind, TermKind::Exact | TermKind::Fuzzy)
        {
            for f in pinyin::find_all(&term.text, fc) {
                if pinyin::spells_in_full(&term.text, &fc[f.start..f.start + f.len]) {
                    spans.push((f.start, f.start + f.len));
                }
            }
        }
    }
    spans.sort_by_key(|&(s, e)| (s, std::cmp::Reverse(e)));
    let mut kept: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        if kept.last().is_none_or(|&(_, last)| s >= last) {
            kept.push((s, e));
        }
    }
    // Back to the text's own chars: from the first char's place to just after the last's.
    let orig = |i: usize| folded.map.get(i).map_or(folded.orig_len, |&o| o as usize);
    kept.into_iter().map(|(s, e)| (orig(s), orig(e - 1) + 1)).collect()
}

/// Does `query` have a term to count (one not negated)? A query that only leaves words
/// out finds paragraphs but no occurrence.
pub fn counts_something(query: &Query) -> bool {
    query.groups.iter().flatten().any(|t| !t.negate)
}

/// How many times `query`'s positive terms occur exactly in `text` (see
/// [`occurrence_spans`]).
pub fn occurrences(query: &Query, text: &str) -> usize {
    occurrence_spans(query, text).len()
}

/// What a one-shot search of `query` finds in `corpus` (within `filter`), or None if
/// `cancel` was set.
fn hits(corpus: &Corpus, query: &Query, filter: &Filter, cancel: &AtomicBool) -> Option<Vec<Hit>> {
    crate::search::search(corpus, query, filter, &Matcher::new(), cancel)
}

/// A query's trend: a cell per year, per place, or per place and year, for every group of
/// admitted reports (a cell with reports and no hit is a zero; a year with no report has no
/// cell: it is a gap, not a zero). Sorted by place as the tree shows them (by a place's
/// first report in tree order), then by year. None if cancelled.
pub fn trend(corpus: &Corpus, query: &Query, filter: &Filter, by: By, cancel: &AtomicBool) -> Option<Vec<Cell>> {
    let key = |id: ReportId| {
        let m = &corpus[id].meta;
        let place = if by == By::Year { None } else { m.place.clone() };
        let year = if by == By::Place { None } else { m.year };
        (place, year)
    };
    let mut cells: BTreeMap<(Option<String>, Option<i32>), Cell> = BTreeMap::new();
    // Where each place's first report stands in tree order.
    let mut place_rank: std::collections::HashMap<Option<String>, usize> = std::collections::HashMap::new();
    for (i, r) in corpus.by_id().iter().enumerate() {
        let id = ReportId(i as u32);
        if !filter.admits(id, r) {
            continue;
        }
        let (place, year) = key(id);
        let rank = place_rank.entry(place.clone()).or_insert(usize::MAX);
        *rank = (*rank).min(corpus.rank(id));
        let cell = cells.entry((place.clone(), year)).or_insert_with(|| Cell { place, year, ..Cell::default() });
        cell.reports += 1;
        cell.chars += r.chars();
    }
    for h in hits(corpus, query, filter, cancel)? {
        let Some(cell) = cells.get_mut(&key(h.report)) else { continue };
        if h.exact {
            // A paragraph the search calls exact may hold no whole occurrence (a pinyin
            // term's last char spelled by a prefix of its reading): it is not counted.
            let n = occurrences(query, &corpus[h.report].paragraphs[h.paragraph].text);
            cell.exact += n;
            cell.paragraphs += usize::from(n > 0);
        } else {
            cell.variants += 1;
        }
    }
    let mut cells: Vec<Cell> = cells.into_values().collect();
    cells.sort_by_key(|c| (place_rank.get(&c.place).copied().unwrap_or(usize::MAX), c.year));
    Some(cells)
}

/// One row of a concordance: an exact occurrence, with what stands before and after it in
/// its paragraph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Line {
    #[serde(skip)]
    pub report: ReportId,
    pub place: Option<String>,
    pub year: Option<i32>,
    /// The report's title and path: two reports of one place and year told apart.
    pub title: String,
    pub path: String,
    pub paragraph: usize,
    /// Where the occurrence starts in the paragraph, in chars.
    pub at: usize,
    pub left: String,
    #[serde(rename = "match")]
    pub matched: String,
    pub right: String,
    /// The paragraph goes on before `left` / after `right` (the context was cut).
    #[serde(skip)]
    pub left_cut: bool,
    #[serde(skip)]
    pub right_cut: bool,
}

impl Line {
    /// The left context as shown: "…" first where the paragraph goes on before it, and no
    /// closing punctuation just after that "…" (the line-break rules).
    pub fn shown_left(&self) -> String {
        if self.left_cut {
            format!("…{}", self.left.trim_start_matches(crate::layout::is_forbidden_start))
        } else {
            self.left.clone()
        }
    }

    /// The right context as shown: "…" last where the paragraph goes on after it, and no
    /// opening punctuation just before it.
    pub fn shown_right(&self) -> String {
        if self.right_cut {
            format!("{}…", self.right.trim_end_matches(crate::layout::is_forbidden_end))
        } else {
            self.right.clone()
        }
    }
}

/// How concordance lines are sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// By place, year, then where in the report (the corpus's tree order).
    Place,
    /// By the left context read backwards from the match (what comes just before it).
    Left,
    /// By the right context.
    Right,
}

/// Every exact occurrence of `query`'s terms (see [`occurrence_spans`]) in the paragraphs
/// with an exact hit, one line each, with `context` chars either side (fewer at the
/// paragraph's ends): as many lines as the trend counts. None if cancelled.
pub fn kwic(
    corpus: &Corpus,
    query: &Query,
    filter: &Filter,
    context: usize,
    order: Order,
    cancel: &AtomicBool,
) -> Option<Vec<Line>> {
    let mut lines = Vec::new();
    for h in hits(corpus, query, filter, cancel)?.into_iter().filter(|h| h.exact) {
        let r = &corpus[h.report];
        let text = &r.paragraphs[h.paragraph].text;
        let chars: Vec<char> = text.chars().collect();
        for (start, end) in occurrence_spans(query, text) {
            let from = start.saturating_sub(context);
            let to = end.saturating_add(context).min(chars.len());
            lines.push(Line {
                report: h.report,
                place: r.meta.place.clone(),
                year: r.meta.year,
                title: r.meta.title.clone(),
                path: r.path.clone(),
                paragraph: h.paragraph,
                at: start,
                left: chars[from..start].iter().collect(),
                matched: chars[start..end].iter().collect(),
                right: chars[end..to].iter().collect(),
                left_cut: from > 0,
                right_cut: to < chars.len(),
            });
        }
    }
    sort_lines(&mut lines, order, corpus);
    Some(lines)
}

/// Sort concordance lines by `order`, ties in the corpus's tree order.
pub fn sort_lines(lines: &mut [Line], order: Order, corpus: &Corpus) {
    let place_order = |l: &Line| (corpus.rank(l.report), l.paragraph, l.at);
    match order {
        Order::Place => lines.sort_by_key(place_order),
        Order::Left => lines.sort_by(|a, b| {
            a.left.chars().rev().cmp(b.left.chars().rev()).then_with(|| place_order(a).cmp(&place_order(b)))
        }),
        Order::Right => lines.sort_by(|a, b| a.right.cmp(&b.right).then_with(|| place_order(a).cmp(&place_order(b)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no() -> AtomicBool {
        AtomicBool::new(false)
    }

    #[test]
    fn occurrences_are_the_substring_count_and_pinyin_matches() {
        let q = Query::parse("经济");
        assert_eq!(occurrences(&q, "经济发展，經濟增长，经济经济"), 4);
        // Non-overlapping, as str::matches counts.
        assert_eq!(occurrences(&Query::parse("哈哈"), "哈哈哈"), 1);
        assert_eq!(occurrences(&Query::parse("shimo"), "石墨产业和石墨烯"), 2);
        // A negated term is not counted; both terms of an AND are.
        assert_eq!(occurrences(&Query::parse("经济 !鸡西"), "经济"), 1);
        assert_eq!(occurrences(&Query::parse("经济 发展"), "经济发展经济"), 3);
    }

    /// From the review: adjacent occurrences are two, an occurrence with a space inside
    /// is one (at the text's own chars), a term typed twice or inside another counts once,
    /// and anchored terms only where they are anchored.
    #[test]
    fn occurrence_spans_are_each_occurrence_once_at_the_texts_own_chars() {
        let spans = |q: &str, t: &str| occurrence_spans(&Query::parse(q), t);
        assert_eq!(spans("经济", "经济经济"), [(0, 2), (2, 4)]);
        assert_eq!(spans("营商环境", "优化营商 环境。"), [(2, 7)]);
        assert_eq!(spans("经济 经济", "经济"), [(0, 2)]);
        assert_eq!(spans("经济 经济发展", "经济发展，经济"), [(0, 4), (5, 7)]);
        assert_eq!(spans("^经济", "经济发展经济"), [(0, 2)]);
        assert_eq!(spans("经济$", "经济发展经济"), [(4, 6)]);
        assert_eq!(spans("^经济$", "经济"), [(0, 2)]);
        // Pinyin: common readings only (十万 reads shi wan before mo).
        assert_eq!(spans("shimo", "石墨与十万"), [(0, 2)]);
        // From the trial: each char in full (使某 is shi mou: mo is only a prefix of it).
        assert_eq!(spans("shimo", "使某是谋石墨"), [(4, 6)]);
        assert_eq!(spans("shim", "石墨"), []);
    }

    /// A concordance has a line for each occurrence the trend counts.
    #[test]
    fn the_concordance_has_as_many_lines_as_the_trend_counts() {
        let corpus = Corpus::bundled();
        for q in ["经济", "营商环境 | 石墨", "shimo", "经济 发展", "^各位"] {
            let query = Query::parse(q);
            let cells = trend(&corpus, &query, &Filter::default(), By::Year, &no()).unwrap();
            let lines = kwic(&corpus, &query, &Filter::default(), 5, Order::Place, &no()).unwrap();
            assert_eq!(lines.len(), cells.iter().map(|c| c.exact).sum::<usize>(), "{q}");
            assert!(!lines.is_empty(), "{q}");
        }
    }

    #[test]
    fn a_trend_by_year_counts_each_report_once_and_every_occurrence() {
        let corpus = Corpus::bundled();
        let q = Query::parse("经济");
        let cells = trend(&corpus, &q, &Filter::default(), By::Year, &no()).unwrap();
        assert_eq!(cells.iter().map(|c| c.reports).sum::<usize>(), corpus.len());
        assert_eq!(cells.iter().map(|c| c.chars).sum::<usize>(), corpus.reports().map(|r| r.chars()).sum::<usize>());
        let all: usize = corpus.reports().flat_map(|r| &r.paragraphs).map(|p| occurrences(&q, &p.text)).sum();
        assert_eq!(cells.iter().map(|c| c.exact).sum::<usize>(), all);
        // Years ascend, each once.
        let years: Vec<_> = cells.iter().map(|c| c.year).collect();
        let mut sorted = years.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(years, sorted);
    }

    #[test]
    fn a_concordance_line_is_an_occurrence_in_its_context() {
        let corpus = Corpus::bundled();
        let lines = kwic(&corpus, &Query::parse("营商环境"), &Filter::default(), 6, Order::Place, &no()).unwrap();
        assert!(!lines.is_empty());
        for l in &lines {
            assert_eq!(l.matched, "营商环境");
            assert!(l.left.chars().count() <= 6 && l.right.chars().count() <= 6);
            let text = &corpus[l.report].paragraphs[l.paragraph].text;
            assert!(text.contains(&format!("{}{}{}", l.left, l.matched, l.right)), "{l:?}");
        }
        let n: usize = corpus.reports().flat_map(|r| &r.paragraphs).map(|p| p.text.matches("营商环境").count()).sum();
        assert_eq!(lines.len(), n);
        // Sorted by the left context read backwards: the chars just before the match.
        let left = kwic(&corpus, &Query::parse("营商环境"), &Filter::default(), 6, Order::Left, &no()).unwrap();
        assert!(left.windows(2).all(|w| w[0].left.chars().rev().le(w[1].left.chars().rev())));
    }
}

/// A trend drawn as text: by year, one column of bars per year (with a second for the
/// variants when asked), the years without a report left as gaps (no baseline under
/// them); by place and year, a band of bars per place on one axis. For the reader's view
/// (which styles it) and its tests. It knows widths, not terminals.
pub mod chart {
    use super::Cell;
    use crate::layout::{Ambiguous, char_width};

    /// Eighths of a block, from one to eight.
    const EIGHTHS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

    /// The chart's rows (bars top down, then the baseline, then the year labels), each at
    /// most `width` columns wide, and which year each column group shows.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Chart {
        pub rows: Vec<String>,
        /// The years shown, left to right, each with its first column.
        pub years: Vec<(i32, usize)>,
        /// Columns a year's bar takes.
        pub bar: usize,
        /// The first column of each variant bar (just right of its year's bar), when the
        /// variants are drawn.
        pub variant_bars: Vec<usize>,
        /// The highest rate shown (the top of the bars), per 10,000 chars.
        pub max: f64,
        /// Where the selected year's label stands in the last row: first column, width.
        pub label: Option<(usize, usize)>,
        /// Years before (and after) the ones shown were left out for lack of room.
        pub cut: (bool, bool),
    }

    /// A year's variant hits (paragraphs) per 10,000 chars.
    pub fn variant_rate(c: &Cell) -> f64 {
        if c.chars == 0 { 0.0 } else { c.variants as f64 * 10_000.0 / c.chars as f64 }
    }

    /// The years from the first to the last of `cells` (each year once; a cell without a
    /// year left out).
    pub fn year_span(cells: &[Cell]) -> Vec<i32> {
        let first = cells.iter().filter_map(|c| c.year).min();
        let last = cells.iter().filter_map(|c| c.year).max();
        match (first, last) {
            (Some(a), Some(b)) => (a..=b).collect(),
            _ => Vec::new(),
        }
    }

    /// Which of `all` years fit in `width` columns, `group` columns a year (a gap column
    /// between years when there is room): the window around `selected` (or the last years),
    /// and the columns from one year to the next.
    pub fn window(all: &[i32], selected: Option<i32>, width: usize, group: usize) -> (std::ops::Range<usize>, usize) {
        if all.is_empty() {
            return (0..0, group + 1);
        }
        let step = if all.len() * (group + 1) <= width + 1 { group + 1 } else { group };
        let fit = (width.saturating_sub(group) / step + 1).min(all.len()).max(1);
        let sel_at = selected.and_then(|s| all.iter().position(|&y| y == s)).unwrap_or(all.len() - 1);
        let start = sel_at.saturating_sub(fit / 2).min(all.len() - fit);
        (start..start + fit, step)
    }

    /// Draw `cells` (a trend by year; a cell without a year is left out) as bars of their
    /// rate per 10,000 chars, in `width` × `height` cells (two rows go to the baseline and
    /// the labels). When the years do not fit, the ones around `selected` are shown.
    pub fn years(cells: &[Cell], selected: Option<i32>, width: usize, height: usize, amb: Ambiguous) -> Chart {
        years_with(cells, selected, false, width, height, amb)
    }

    /// The same, with each year's variant hits as a second bar beside its bar when
    /// `variants` is set (their paragraphs per 10,000 chars, on the same scale).
    pub fn years_with(
        cells: &[Cell],
        selected: Option<i32>,
        variants: bool,
        width: usize,
        height: usize,
        amb: Ambiguous,
    ) -> Chart {
        let by_year: std::collections::BTreeMap<i32, &Cell> =
            cells.iter().filter_map(|c| c.year.map(|y| (y, c))).collect();
        let all = year_span(cells);
        let bar = char_width('█', amb).max(1);
        if all.is_empty() {
            return Chart {
                rows: Vec::new(),
                years: Vec::new(),
                bar,
                variant_bars: Vec::new(),
                max: 0.0,
                label: None,
                cut: (false, false),
            };
        }
        let series = if variants { 2 } else { 1 };
        let group = bar * series;
        let (range, step) = window(&all, selected, width, group);
        let cut = (range.start > 0, range.end < all.len());
        let shown = &all[range];
        let bars_h = height.saturating_sub(2).max(1);
        let rates = |y: i32| -> [f64; 2] {
            by_year.get(&y).map_or([0.0; 2], |c| [c.rate(), if variants { variant_rate(c) } else { 0.0 }])
        };
        let max = shown.iter().flat_map(|&y| rates(y)).fold(0.0, f64::max);
        let eighths = |r: f64| -> usize {
            if max <= 0.0 || r <= 0.0 { 0 } else { ((r / max) * (bars_h * 8) as f64).round().max(1.0) as usize }
        };
        let cols = (shown.len() - 1) * step + group;
        let mut rows: Vec<Vec<char>> = vec![Vec::with_capacity(cols); bars_h + 2];
        let mut years = Vec::new();
        let mut variant_bars = Vec::new();
        for (k, &y) in shown.iter().enumerate() {
            let col = k * step;
            years.push((y, col));
            for (s, rate) in rates(y).into_iter().take(series).enumerate() {
                let at = col + s * bar;
                if s == 1 {
                    variant_bars.push(at);
                }
                let e = eighths(rate);
                for (r, row) in rows.iter_mut().take(bars_h).enumerate() {
                    pad_to(row, at, bar);
                    row.push(bar_char(e, r, bars_h));
                }
                // The baseline: under a year with a report; a year without one is a gap.
                let base = &mut rows[bars_h];
                pad_to(base, at, bar);
                base.push(if by_year.contains_key(&y) { '─' } else { ' ' });
            }
        }
        let (labels, label) = label_row(&years, selected, cols.max(width));
        rows[bars_h + 1] = labels;
        let rows = rows
            .into_iter()
            .map(|r| {
                let s: String = r.into_iter().collect();
                s.trim_end().to_string()
            })
            .collect();
        Chart { rows, years, bar, variant_bars, max, label, cut }
    }

    /// A trend by place and year drawn as a band of bars per place (a row or a few, in
    /// eighths), the years on one axis for all places and one scale for all, so bands
    /// compare. A year without a report of the place is a gap; with one and no hit, `─`.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Grid {
        /// The places, in the cells' order (tree order), each with its rows of bars (top
        /// down).
        pub places: Vec<(Option<String>, Vec<String>)>,
        /// The years shown, each with its column.
        pub years: Vec<(i32, usize)>,
        /// The first, selected and last years as labels over their columns.
        pub labels: String,
        pub bar: usize,
        pub max: f64,
        /// Where the selected year's label stands in `labels`: first column, width.
        pub label: Option<(usize, usize)>,
    }

    /// Row `r` (from the top) of a bar `e` eighths high in `h` rows: it holds the eighths
    /// above `h - 1 - r` full rows.
    fn bar_char(e: usize, r: usize, h: usize) -> char {
        let below = (h - 1 - r) * 8;
        if e >= below + 8 {
            '█'
        } else if e > below {
            EIGHTHS[e - below - 1]
        } else {
            ' '
        }
    }

    /// Draw `cells` (a trend by place and year) in `width` columns, `height` rows of bars a
    /// place.
    pub fn places(cells: &[Cell], selected: Option<i32>, width: usize, height: usize, amb: Ambiguous) -> Grid {
        let h = height.max(1);
        let bar = char_width('█', amb).max(1);
        let all = year_span(cells);
        let (range, step) = window(&all, selected, width, bar);
        let shown = &all[range];
        let max =
            cells.iter().filter(|c| c.year.is_some_and(|y| shown.contains(&y))).map(Cell::rate).fold(0.0, f64::max);
        let order = super::places_in(cells);
        let years: Vec<(i32, usize)> = shown.iter().enumerate().map(|(k, &y)| (y, k * step)).collect();
        let places = order
            .into_iter()
            .map(|place| {
                let mut rows: Vec<Vec<char>> = vec![Vec::new(); h];
                for &(y, col) in &years {
                    let cell = cells.iter().find(|c| c.place == place && c.year == Some(y));
                    for (r, row) in rows.iter_mut().enumerate() {
                        let ch = match cell {
                            None => ' ',
                            // A report without the phrase: a baseline, on the bottom row.
                            Some(c) if (c.exact == 0 || max <= 0.0) && r + 1 == h => '─',
                            Some(c) if c.exact == 0 || max <= 0.0 => ' ',
                            Some(c) => {
                                let e = ((c.rate() / max) * (h * 8) as f64).round().max(1.0) as usize;
                                bar_char(e, r, h)
                            }
                        };
                        pad_to(row, col, bar);
                        row.push(ch);
                    }
                }
                let rows = rows.into_iter().map(|r| r.into_iter().collect::<String>().trim_end().to_string()).collect();
                (place, rows)
            })
            .collect();
        let cols = years.last().map_or(0, |&(_, c)| c + bar);
        let (labels, label) = label_row(&years, selected, cols.max(width));
        let labels: String = labels.into_iter().collect();
        Grid { places, years, labels: labels.trim_end().to_string(), bar, max, label }
    }

    /// The year labels in `cols` columns under the bars: the selected year, then the first
    /// and last shown, then each decade, each from its bar's column where it does not run
    /// into another (one that would run past the room ends there).
    /// Also where the selected year's label stands (to style it).
    fn label_row(years: &[(i32, usize)], selected: Option<i32>, cols: usize) -> (Vec<char>, Option<(usize, usize)>) {
        let mut labels: Vec<char> = vec![' '; cols.max(4)];
        let mut sel = None;
        let ends = [selected, years.first().map(|y| y.0), years.last().map(|y| y.0)];
        let decades = years.iter().map(|y| y.0).filter(|y| y % 10 == 0).map(Some);
        for want in ends.into_iter().chain(decades) {
            let Some(&(y, col)) = years.iter().find(|(y, _)| Some(*y) == want) else { continue };
            let s: Vec<char> = y.to_string().chars().collect();
            let at = col.min(labels.len().saturating_sub(s.len()));
            let free = labels[at.saturating_sub(1)..(at + s.len() + 1).min(labels.len())].iter().all(|&c| c == ' ');
            if free {
                labels[at..at + s.len()].copy_from_slice(&s);
                if Some(y) == selected && sel.is_none() {
                    sel = Some((at, s.len()));
                }
            }
        }
        (labels, sel)
    }

    /// Pad `row` with spaces to column `col`, a bar char being `bar` columns wide (the row
    /// holds spaces and bar chars only).
    fn pad_to(row: &mut Vec<char>, col: usize, bar: usize) {
        let width = |r: &Vec<char>| r.iter().map(|&c| if c == ' ' { 1 } else { bar }).sum::<usize>();
        while width(row) < col {
            row.push(' ');
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::layout::str_width;

        fn cell(year: i32, exact: usize, chars: usize) -> Cell {
            Cell { year: Some(year), reports: 1, chars, exact, paragraphs: exact, ..Cell::default() }
        }

        #[test]
        fn bars_scale_to_the_highest_rate_and_a_missing_year_is_a_gap() {
            // 2019 has no report; 2020 has one without the phrase.
            let cells = [cell(2017, 2, 10_000), cell(2018, 8, 10_000), cell(2020, 0, 10_000), cell(2021, 4, 10_000)];
            let c = years(&cells, Some(2018), 40, 6, Ambiguous::Narrow);
            // Four rows of bars (32 eighths) for 2018's rate of 8: 2017's 2 is one row, 2021's
            // 4 two. 2019 has no baseline (a gap), 2020 has one and no bar (a zero). The
            // selected year's label comes first; 2017's would run into it, 2021's does not.
            let want = ["  █", "  █", "  █     █", "█ █     █", "─ ─   ─ ─", "  2018  2021"];
            assert_eq!(c.rows, want);
            assert_eq!(c.years, [(2017, 0), (2018, 2), (2019, 4), (2020, 6), (2021, 8)]);
            // With room, the first and last years are labelled too, each from its bar.
            let c = years(&cells, Some(2019), 40, 6, Ambiguous::Narrow);
            assert_eq!(c.rows[5], "    2019");
            let wide = [cell(2010, 1, 10_000), cell(2020, 2, 10_000)];
            assert_eq!(years(&wide, Some(2015), 40, 3, Ambiguous::Narrow).rows[2], "2010      2015      2020");
        }

        /// Places share one axis and one scale: the highest rate of all fills its band, a
        /// place's year without a report is a gap, one with a report and no hit a baseline.
        #[test]
        fn places_share_the_years_and_the_scale() {
            let at =
                |place: &str, year: i32, exact: usize| Cell { place: Some(place.into()), ..cell(year, exact, 10_000) };
            let cells = [at("甲", 2018, 4), at("甲", 2020, 2), at("乙", 2019, 0), at("乙", 2020, 1)];
            let g = places(&cells, Some(2020), 40, 2, Ambiguous::Narrow);
            assert_eq!(g.years, [(2018, 0), (2019, 2), (2020, 4)]);
            let rows: Vec<(&str, Vec<&str>)> =
                g.places.iter().map(|(p, r)| (p.as_deref().unwrap(), r.iter().map(String::as_str).collect())).collect();
            // 甲: 4 of 4 fills both rows (16 eighths), 2 is one row; 乙: a baseline, then 4 eighths.
            assert_eq!(rows, [("甲", vec!["█", "█   █"]), ("乙", vec!["", "  ─ ▄"])]);
            // The selected year's label first; 2018's would run into it.
            assert_eq!(g.labels, "    2020");
            assert_eq!(g.label, Some((4, 4)));
        }

        #[test]
        fn a_chart_is_never_wider_than_its_room_in_either_ambiguous_width() {
            let cells: Vec<Cell> = (1954..=2025).map(|y| cell(y, (y % 7) as usize, 10_000)).collect();
            for amb in [Ambiguous::Narrow, Ambiguous::Wide] {
                for width in [20, 40, 80, 150] {
                    let c = years(&cells, Some(1960), width, 10, amb);
                    assert!(c.rows.iter().all(|r| str_width(r, amb) <= width), "{width} {amb:?}: {:?}", c.rows);
                    assert!(c.years.iter().any(|&(y, _)| y == 1960), "the selected year is shown");
                }
            }
        }
    }
}
