//! Search over a whole corpus: which paragraphs of which reports match a query, ranked
//! by match quality and then tree order. Runs reports in parallel and can be cancelled.

use super::index::{Index, ParaId};
use super::matcher::Matcher;
use super::query::Query;
use crate::corpus::{Corpus, Report, ReportId};
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};

/// One matching paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub report: ReportId,
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
    pub report: Option<ReportId>,
}

impl Filter {
    pub fn admits(&self, idx: ReportId, r: &Report) -> bool {
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

/// The best `k` hits, ranked, without sorting them all.
pub fn top_hits(hits: &[Hit], k: usize, corpus: &Corpus) -> Vec<Hit> {
    let mut v: Vec<&Hit> = hits.iter().collect();
    if v.len() > k {
        v.select_nth_unstable_by(k, |a, b| ranking(a, b, corpus));
        v.truncate(k);
    }
    v.sort_unstable_by(|a, b| ranking(a, b, corpus));
    v.into_iter().cloned().collect()
}

/// The ranking order: better score first, then tree order (report, then paragraph).
fn ranking(a: &Hit, b: &Hit, corpus: &Corpus) -> std::cmp::Ordering {
    b.score.cmp(&a.score).then(corpus.rank(a.report).cmp(&corpus.rank(b.report))).then(a.paragraph.cmp(&b.paragraph))
}

/// Rank hits: better score first, then tree order (report, then paragraph).
pub fn rank(hits: &mut [Hit], corpus: &Corpus) {
    hits.sort_unstable_by(|a, b| ranking(a, b, corpus));
}

/// How many hits a partial result carries: enough for any screen.
pub const PARTIAL_TOP: usize = 256;

/// Results so far of a search still running: the best hits found yet, ranked, and how many
/// hits there are so far.
pub struct Partial {
    pub top: Vec<Hit>,
    pub found: usize,
}

/// Search with the index: only candidate paragraphs are scored. `within`, if given, is a
/// sorted set of paragraph ids the hits must come from (the previous keystroke's matches).
/// Returns None if `cancel` was set before it finished. Calls `on_partial` with the best
/// hits found so far while a long search runs (first after a few milliseconds, then every frame or so), so a reader can show
/// results before the slowest part of the corpus has been scanned. Candidates are taken in
/// tree order, a batch at a time, each batch on every core. Without `want_indices` the hits
/// carry no highlight indices (ask the matcher for the ones shown): ranking a large result
/// set then only needs each paragraph's score, which is cheaper to settle.
#[allow(clippy::too_many_arguments)]
pub fn search_streaming(
    corpus: &Corpus,
    index: &Index,
    query: &Query,
    filter: &Filter,
    within: Option<&[ParaId]>,
    matcher: &Matcher,
    cancel: &AtomicBool,
    want_indices: bool,
    on_partial: &mut dyn FnMut(Partial),
) -> Option<Vec<Hit>> {
    if query.is_empty() {
        return Some(Vec::new());
    }
    let cands = match (index.candidates(query), within) {
        (Some(c), Some(w)) => Some(super::index::intersect(&c, w)),
        (Some(c), None) => Some(c),
        (None, Some(w)) => Some(w.to_vec()),
        (None, None) => None,
    };
    let admitted: Vec<bool> =
        corpus.by_id().iter().enumerate().map(|(i, r)| filter.admits(ReportId(i as u32), r)).collect();
    let check = |id: ParaId| -> Option<Hit> {
        let (ri, pi) = index.locate(id);
        if !admitted[ri.index()] {
            return None;
        }
        let text = &corpus[ri].paragraphs[pi].text;
        if want_indices {
            matcher.match_text(query, text).map(|m| Hit {
                report: ri,
                paragraph: pi,
                score: m.score,
                indices: m.indices,
            })
        } else {
            matcher.score_text(query, text).map(|score| Hit { report: ri, paragraph: pi, score, indices: Vec::new() })
        }
    };
    const CHUNK: usize = 512;
    const BATCH: usize = 4096;
    let all: Vec<ParaId>;
    let ids: &[ParaId] = match &cands {
        Some(c) => c,
        None => {
            all = (0..index.len() as ParaId).collect();
            &all
        }
    };
    let started = std::time::Instant::now();
    let mut last_partial: Option<std::time::Instant> = None;
    let mut hits: Vec<Hit> = Vec::new();
    let batches = ids.len().div_ceil(BATCH);
    for (b, batch) in ids.chunks(BATCH).enumerate() {
        let found: Vec<Hit> = batch
            .par_chunks(CHUNK)
            .flat_map_iter(|ids| {
                let stop = cancel.load(Ordering::Relaxed);
                ids.iter().filter(move |_| !stop).filter_map(|&id| check(id))
            })
            .collect();
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        hits.extend(found);
        // A partial result after ~3 ms, then every ~12 ms, unless this was the last batch.
        let due = match last_partial {
            None => started.elapsed() >= std::time::Duration::from_millis(3),
            Some(t) => t.elapsed() >= std::time::Duration::from_millis(12),
        };
        if due && b + 1 < batches {
            on_partial(Partial { top: top_hits(&hits, PARTIAL_TOP, corpus), found: hits.len() });
            last_partial = Some(std::time::Instant::now());
        }
    }
    rank(&mut hits, corpus);
    Some(hits)
}

/// A search session: keeps the index and the last query's matches, so that typing more
/// characters narrows the previous candidates instead of starting over.
pub struct Searcher {
    pub index: Index,
    matcher: Matcher,
    last: Option<(String, Filter, Vec<ParaId>)>,
}

impl Searcher {
    pub fn new(corpus: &Corpus) -> Searcher {
        Searcher { index: Index::build(corpus), matcher: Matcher::new(), last: None }
    }

    /// Run `text` as a query. None if cancelled.
    pub fn search(
        &mut self,
        corpus: &Corpus,
        text: &str,
        filter: &Filter,
        cancel: &AtomicBool,
    ) -> Option<(Query, Vec<Hit>)> {
        self.search_streaming(corpus, text, filter, cancel, true, &mut |_| {})
    }

    /// [`Searcher::search`], with partial results while it runs (see [`search_streaming`]).
    pub fn search_streaming(
        &mut self,
        corpus: &Corpus,
        text: &str,
        filter: &Filter,
        cancel: &AtomicBool,
        want_indices: bool,
        on_partial: &mut dyn FnMut(Partial),
    ) -> Option<(Query, Vec<Hit>)> {
        let query = Query::parse(text);
        let within = match &self.last {
            Some((old, f, ids)) if f == filter && refines(old, text) && same_pinyin_terms(old, &query) => {
                Some(ids.as_slice())
            }
            _ => None,
        };
        let hits = search_streaming(
            corpus,
            &self.index,
            &query,
            filter,
            within,
            &self.matcher,
            cancel,
            want_indices,
            on_partial,
        )?;
        let mut ids: Vec<ParaId> = hits.iter().map(|h| self.index.id(h.report, h.paragraph)).collect();
        ids.sort_unstable();
        self.last = if query.is_empty() { None } else { Some((text.to_string(), filter.clone(), ids)) };
        Some((query, hits))
    }
}

/// Do the terms of `old` keep their pinyin-ness in `new`? ("s" is literal, "sh" is pinyin:
/// that step widens the matches, so it is no refinement.)
fn same_pinyin_terms(old: &str, new: &Query) -> bool {
    let flags = |q: &Query| -> Vec<bool> {
        q.groups.iter().flatten().map(|t| super::pinyin::is_pinyin_query(&t.text)).collect()
    };
    let (a, b) = (flags(&Query::parse(old)), flags(new));
    a.len() <= b.len() && a.iter().zip(&b).all(|(x, y)| x == y)
}

/// Does query `new` only add constraints to `old`, so its hits are a subset of old's?
/// True when `new` extends `old` and neither an exclusion (!) nor an OR (|) could widen it.
pub fn refines(old: &str, new: &str) -> bool {
    !old.trim().is_empty()
        && new.starts_with(old)
        && !old.contains(['!', '|', '\\'])
        && !new[old.len()..].contains('|')
        && !old.ends_with(['$', '\''])
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
        .by_id()
        .par_iter()
        .enumerate()
        .map(|(i, r)| (ReportId(i as u32), r))
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
    rank(&mut hits, corpus);
    Some(hits)
}

/// Hits per report, in tree order: (report, count).
pub fn counts(hits: &[Hit], corpus: &Corpus) -> Vec<(ReportId, usize)> {
    let mut c: std::collections::HashMap<ReportId, usize> = std::collections::HashMap::new();
    for h in hits {
        *c.entry(h.report).or_default() += 1;
    }
    let mut v: Vec<(ReportId, usize)> = c.into_iter().collect();
    v.sort_by_key(|&(r, _)| corpus.rank(r));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refinement() {
        assert!(refines("石", "石墨"));
        assert!(refines("石墨", "石墨 !鸡"));
        assert!(!refines("石墨 !鸡", "石墨 !鸡西"));
        assert!(!refines("石墨", "石墨 | 煤"));
        assert!(!refines("石墨", "石"));
        assert!(!refines("", "石"));
    }

    #[test]
    fn indexed_search_equals_a_full_scan_and_narrowing_changes_nothing() {
        let corpus = Corpus::bundled();
        let matcher = Matcher::new();
        let never = AtomicBool::new(false);
        let mut s = Searcher::new(&corpus);
        for q in ["石墨产业", "shimo", "smcy", "营商环境 !鸡西", "科技 创新", "ppp | 石墨烯", "'乡村振兴"]
        {
            let mut typed = String::new();
            for c in q.chars() {
                typed.push(c);
                let (query, hits) = s.search(&corpus, &typed, &Filter::default(), &never).unwrap();
                let full = search(&corpus, &query, &Filter::default(), &matcher, &never).unwrap();
                assert_eq!(hits, full, "{typed:?}");
            }
        }
    }

    #[test]
    fn years() {
        assert_eq!(Filter::parse_years("2018"), Some((2018, 2018)));
        assert_eq!(Filter::parse_years("2018..2022"), Some((2018, 2022)));
        assert_eq!(Filter::parse_years("2022..2018"), Some((2018, 2022)));
        assert_eq!(Filter::parse_years("abc"), None);
    }

    #[test]
    fn ranking_is_score_then_tree_order() {
        // Loaded in the order 300, 100, 200: ids 0, 1, 2; the tree shows 1, 2, 0.
        let mut corpus = Corpus::default();
        for code in [300, 100, 200] {
            let mut r = Report::default();
            r.meta.code = Some(code);
            corpus.push(std::sync::Arc::new(r));
        }
        corpus.reorder();
        let h = |report, paragraph, score| Hit { report: ReportId(report), paragraph, score, indices: vec![] };
        let mut v = vec![h(2, 0, 5), h(0, 3, 5), h(1, 1, 9), h(0, 1, 5), h(1, 4, 5)];
        rank(&mut v, &corpus);
        let order: Vec<(u32, usize)> = v.iter().map(|h| (h.report.0, h.paragraph)).collect();
        assert_eq!(order, vec![(1, 1), (1, 4), (2, 0), (0, 1), (0, 3)]);
        assert_eq!(counts(&v, &corpus), vec![(ReportId(1), 2), (ReportId(2), 1), (ReportId(0), 2)]);
    }
}
