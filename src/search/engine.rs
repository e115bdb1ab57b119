//! Search over a whole corpus: which paragraphs of which reports match a query, ranked
//! by match quality and then tree order. Runs reports in parallel and can be cancelled.

use super::matcher::Matcher;
use super::query::Query;
use crate::corpus::{Corpus, Report};
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};

/// One matching paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Index into `Corpus::reports` (tree order).
    pub report: usize,
    /// Index into that report's paragraphs.
    pub paragraph: usize,
    pub score: i64,
    /// Matched char indices into the paragraph text, sorted.
    pub indices: Vec<usize>,
}

/// Which reports to search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only reports whose place, parent city or province contains this.
    pub place: Option<String>,
    /// Only reports delivered in these years (inclusive).
    pub years: Option<(i32, i32)>,
    /// Only this report.
    pub report: Option<usize>,
}

impl Filter {
    pub fn admits(&self, idx: usize, r: &Report) -> bool {
        if self.report.is_some_and(|i| i != idx) {
            return false;
        }
        if let Some((a, b)) = self.years
            && !r.meta.year.is_some_and(|y| a <= y && y <= b)
        {
            return false;
        }
        if let Some(p) = &self.place {
            let m = &r.meta;
            let hit =
                [&m.place, &m.parent, &m.province].iter().any(|f| f.as_deref().is_some_and(|f| f.contains(p.as_str())));
            if !hit {
                return false;
            }
        }
        true
    }

    /// Parse a year filter: "2018" or "2018..2022".
    pub fn parse_years(s: &str) -> Option<(i32, i32)> {
        let s = s.trim();
        if let Some((a, b)) = s.split_once("..") {
            let a = if a.is_empty() { i32::MIN } else { a.trim().parse().ok()? };
            let b = if b.is_empty() { i32::MAX } else { b.trim().trim_start_matches('=').parse().ok()? };
            Some((a.min(b), a.max(b)))
        } else {
            let y = s.parse().ok()?;
            Some((y, y))
        }
    }
}

/// Rank hits: better score first, then tree order (report, then paragraph).
pub fn rank(hits: &mut [Hit]) {
    hits.sort_unstable_by(|a, b| {
        b.score.cmp(&a.score).then(a.report.cmp(&b.report)).then(a.paragraph.cmp(&b.paragraph))
    });
}

/// Search every admitted report. Returns None if `cancel` was set before it finished.
pub fn search(
    corpus: &Corpus,
    query: &Query,
    filter: &Filter,
    matcher: &Matcher,
    cancel: &AtomicBool,
) -> Option<Vec<Hit>> {
    if query.is_empty() {
        return Some(Vec::new());
    }
    let mut hits: Vec<Hit> = corpus
        .reports
        .par_iter()
        .enumerate()
        .filter(|(i, r)| filter.admits(*i, r))
        .flat_map_iter(|(i, r)| {
            let cancelled = cancel.load(Ordering::Relaxed);
            r.paragraphs.iter().enumerate().filter(move |_| !cancelled).filter_map(move |(p, para)| {
                matcher.match_text(query, &para.text).map(|m| Hit {
                    report: i,
                    paragraph: p,
                    score: m.score,
                    indices: m.indices,
                })
            })
        })
        .collect();
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    rank(&mut hits);
    Some(hits)
}

/// Hits per report, in tree order: (report, count).
pub fn counts(hits: &[Hit]) -> Vec<(usize, usize)> {
    let mut c: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for h in hits {
        *c.entry(h.report).or_default() += 1;
    }
    c.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years() {
        assert_eq!(Filter::parse_years("2018"), Some((2018, 2018)));
        assert_eq!(Filter::parse_years("2018..2022"), Some((2018, 2022)));
        assert_eq!(Filter::parse_years("2022..2018"), Some((2018, 2022)));
        assert_eq!(Filter::parse_years("abc"), None);
    }

    #[test]
    fn ranking_is_score_then_tree_order() {
        let h = |report, paragraph, score| Hit { report, paragraph, score, indices: vec![] };
        let mut v = vec![h(2, 0, 5), h(0, 3, 5), h(1, 1, 9), h(0, 1, 5)];
        rank(&mut v);
        let order: Vec<(usize, usize)> = v.iter().map(|h| (h.report, h.paragraph)).collect();
        assert_eq!(order, vec![(1, 1), (0, 1), (0, 3), (2, 0)]);
    }
}
