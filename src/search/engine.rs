//! Search over a whole corpus: which paragraphs of which reports match a query, ranked
//! by match quality and then tree order. Runs reports in parallel and can be cancelled.

use super::index::{Index, ParaId};
use super::matcher::{HEADING_BIT, Matcher, POPULARITY_SHIFT};
use super::query::{Query, Term};
use crate::corpus::{Corpus, Report, ReportId};
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};

/// One matching paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub report: ReportId,
    /// Index into that report's paragraphs.
    pub paragraph: usize,
    /// See [`super::matcher`]'s module docs; the engine adds [`HEADING_BIT`].
    pub score: i64,
    /// Every term matched contiguously (a literal occurrence or a pinyin match), not as a
    /// fuzzy variant.
    pub exact: bool,
    /// Matched char indices into the paragraph text, sorted.
    pub indices: Vec<usize>,
    /// The paragraph's length in chars (the ranking's tie-break), known when it was scored.
    pub chars: u32,
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
    /// `place` is the report's own place, exactly (a trend's row by place), not a part of
    /// its place, parent city or province.
    pub exact_place: bool,
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
        if let Some(p) = &self.place
            && self.exact_place
        {
            return r.meta.place.as_deref() == Some(p.as_str());
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
pub fn top_hits<'h>(hits: impl IntoIterator<Item = &'h Hit>, k: usize, corpus: &Corpus) -> Vec<Hit> {
    let mut v: Vec<(RankKey, &Hit)> = hits.into_iter().map(|h| (rank_key(h, corpus), h)).collect();
    best_first(&mut v, k);
    v.truncate(k);
    v.into_iter().map(|(_, h)| h.clone()).collect()
}

/// Put the best `k` first, in rank order, by a partial selection; the rest after them in
/// no order (every one ranks below each of the first `k`).
fn best_first<T>(v: &mut [(RankKey, T)], k: usize) {
    if v.len() > k {
        v.select_nth_unstable_by_key(k, |(key, _)| *key);
        v[..k].sort_unstable_by_key(|(key, _)| *key);
    } else {
        v.sort_unstable_by_key(|(key, _)| *key);
    }
}

/// A hit's place in the ranking, smaller first: better score first (exact, quality,
/// popularity, heading, relevance: see [`super::matcher`]), then the shorter paragraph
/// (fzf's tie-break), then tree order (report, then paragraph).
type RankKey = (std::cmp::Reverse<i64>, usize, usize, usize);

fn rank_key(h: &Hit, corpus: &Corpus) -> RankKey {
    (std::cmp::Reverse(h.score), h.chars as usize, corpus.rank(h.report), h.paragraph)
}

/// Does the paragraph's heading hold the match: a heading paragraph, or a run-in title (the
/// paragraph's first `lead` chars) that matches the query on its own, exactly when the
/// paragraph's hit is exact?
fn in_heading(para: &crate::corpus::Paragraph, query: &Query, matcher: &Matcher, exact: bool) -> bool {
    match para.kind {
        crate::corpus::Kind::Heading(_) => true,
        _ if para.lead > 0 => {
            let end = para.text.char_indices().nth(para.lead).map_or(para.text.len(), |(b, _)| b);
            matcher.score_text(query, &para.text[..end]).is_some_and(|m| m.exact || !exact)
        }
        _ => false,
    }
}

/// Score one paragraph: the matcher's score, with [`HEADING_BIT`] for a heading that holds
/// the match. `known` is what the index knows of the paragraph, if it has postings. Returns the hit and its phrase (see
/// [`TextMatch::phrase`](super::matcher::TextMatch)).
fn score_paragraph(
    (report, paragraph): (ReportId, usize),
    query: &Query,
    para: &crate::corpus::Paragraph,
    matcher: &Matcher,
    known: Option<super::matcher::Known>,
    want_indices: bool,
) -> Option<Scored> {
    let m = if want_indices {
        matcher.match_hinted(query, &para.text, known)?
    } else {
        matcher.score_hinted(query, &para.text, known)?
    };
    let heading = if in_heading(para, query, matcher, m.exact) { HEADING_BIT } else { 0 };
    let chars = known.map_or_else(|| para.text.chars().count() as u32, |k| k.chars);
    let hit = Hit { report, paragraph, score: m.score | heading, exact: m.exact, indices: m.indices, chars };
    Some(Scored { hit, phrase: m.phrase, span: m.phrase_span })
}

/// A hit while the search runs, with what its ranking still needs: its pinyin phrase's
/// hash (0 for none) and where that phrase's chars are (see [`add_popularity`]).
struct Scored {
    hit: Hit,
    phrase: u64,
    span: (u32, u32),
}

/// The chars of a hit's phrase, folded.
fn phrase_of<'c>(s: &Scored, corpus: &'c Corpus) -> impl Iterator<Item = char> + 'c {
    let (a, b) = s.span;
    let text = corpus[s.hit.report].paragraphs.get(s.hit.paragraph).map_or("", |p| p.text.as_str());
    text.chars().skip(a as usize).take(b.saturating_sub(a) as usize).filter_map(super::fold::fold_char)
}

/// The hits of a finished search, ranked: the popularity of their phrases added, with the
/// chars' document frequencies from `df` over `n` paragraphs (see [`add_popularity`]).
/// With `top`, only the best `top` are ranked (see [`rank_top`]).
fn finish(
    mut scored: Vec<Scored>,
    corpus: &Corpus,
    df: &dyn Fn(char) -> usize,
    n: usize,
    top: Option<usize>,
) -> Vec<Hit> {
    add_popularity(&mut scored, corpus, df, n);
    let hits: Vec<Hit> = scored.into_iter().map(|s| s.hit).collect();
    rank_top(hits, top.unwrap_or(usize::MAX), corpus)
}

/// The hits with the best `k` first, ranked as [`rank`] ranks them, and the rest after
/// them in no order: a partial selection, linear in the hits, instead of a sort of them all
/// (a short pinyin prefix matches most of 10,000 reports' paragraphs, and a list shows a
/// screenful). Every hit after the first `k` ranks below every one of them, so sorting the
/// rest alone (`rank(&mut hits[k..])`) gives [`rank`]'s order.
pub fn rank_top(hits: Vec<Hit>, k: usize, corpus: &Corpus) -> Vec<Hit> {
    // Keys and positions are selected, not the hits themselves (as `sort_by_cached_key`).
    let mut keyed: Vec<(RankKey, u32)> =
        hits.iter().enumerate().map(|(i, h)| (rank_key(h, corpus), i as u32)).collect();
    best_first(&mut keyed, k);
    let mut slots: Vec<Option<Hit>> = hits.into_iter().map(Some).collect();
    keyed.iter().filter_map(|&(_, i)| slots.get_mut(i as usize).and_then(Option::take)).collect()
}

/// The most the lift of a phrase counts, in bits.
pub const LIFT_CAP: f64 = 16.0;

/// Among pinyin hits of one quality, those spelling a phrase that is a word of these reports
/// come first: `yshj` spells 营商环境 in dozens of paragraphs, and 业升级 (产业升级) in a
/// few; `tdf` spells 碳达峰, and 推动发(展) more often, but from chars that are everywhere.
/// Each phrase counts `log2(1 + pop) · √log2(1 + lift)`, the lift `pop · N^(k−1) / Π df(c)`
/// (at most 2^[`LIFT_CAP`]): `pop` hits spell it, in `N` paragraphs, whose `k` chars `c` are
/// in `df(c)` paragraphs each. The lift is how much more often the chars stand together
/// than chance would put them (as collocation measures have it); damped, and weighed by how
/// often they do, so that a phrase seen once is no word for its rare chars alone (甚至拒绝
/// for `szjj`), and one of common chars seen everywhere still is (经济建设 for `jjjs`);
/// ×4, at most 255, added at [`POPULARITY_SHIFT`].
fn add_popularity(scored: &mut [Scored], corpus: &Corpus, df: &dyn Fn(char) -> usize, n: usize) {
    /// The phrases are hashes already: used as they are.
    #[derive(Default)]
    struct Same(u64);
    impl std::hash::Hasher for Same {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            for &b in bytes {
                self.0 = self.0.rotate_left(8) ^ u64::from(b);
            }
        }
        fn write_u64(&mut self, n: u64) {
            self.0 = n;
        }
    }
    type Map<V> = std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<Same>>;
    // Each phrase: how many hits spell it, and the first of them.
    let mut counts: Map<(u32, usize)> = Map::default();
    for (i, s) in scored.iter().enumerate().filter(|(_, s)| s.phrase != 0) {
        counts.entry(s.phrase).or_insert((0, i)).0 += 1;
    }
    if counts.is_empty() {
        return;
    }
    let n = n.max(1) as f64;
    let value: Map<i64> = counts
        .iter()
        .map(|(&p, &(pop, first))| {
            let rarity: f64 = phrase_of(&scored[first], corpus).map(|c| (n / df(c).max(1) as f64).log2()).sum();
            // lift = pop · N^(k−1) / Π df = (pop / N) · Π N/df: how much more often the
            // chars stand together than chance would have them.
            let pop = f64::from(pop);
            let lift = (pop.log2() - n.log2() + rarity).clamp(-LIFT_CAP, LIFT_CAP).exp2();
            let v = (1.0 + pop).log2() * (1.0 + lift).log2().sqrt();
            (p, (v * 4.0).round().clamp(0.0, 255.0) as i64)
        })
        .collect();
    for s in scored.iter_mut() {
        if let Some(&v) = value.get(&s.phrase) {
            s.hit.score |= v << POPULARITY_SHIFT;
        }
    }
}

/// How many paragraphs of `corpus` hold each char of `chars` (folded), by a scan: what the
/// index knows of every char, for a search without it.
fn char_df(
    reports: &[std::sync::Arc<crate::corpus::Report>],
    chars: &std::collections::HashSet<char>,
) -> std::collections::HashMap<char, usize> {
    if chars.is_empty() {
        return std::collections::HashMap::new();
    }
    // Each char's slot, looked up by a table for the Basic Multilingual Plane (no hashing
    // per char of the corpus: that was most of a one-shot pinyin search's time).
    let wanted: Vec<char> = chars.iter().copied().collect();
    const NONE: u16 = u16::MAX;
    let mut slot = vec![NONE; 0x1_0000];
    let mut far: Vec<(char, usize)> = Vec::new();
    for (i, &c) in wanted.iter().enumerate() {
        match slot.get_mut(c as usize) {
            Some(s) if i < usize::from(NONE) => *s = i as u16,
            _ => far.push((c, i)),
        }
    }
    let slot_of = |c: char| -> Option<usize> {
        match slot.get(c as usize) {
            Some(&s) if s != NONE => Some(usize::from(s)),
            Some(_) if far.is_empty() => None,
            _ => far.iter().find(|(f, _)| *f == c).map(|&(_, i)| i),
        }
    };
    let counts = reports
        .par_iter()
        .map(|r| {
            // Per slot: paragraphs that hold it, and the last paragraph counted.
            let mut df = vec![0usize; wanted.len()];
            let mut last = vec![usize::MAX; wanted.len()];
            for (pi, p) in r.paragraphs.iter().enumerate() {
                for c in p.text.chars().filter_map(super::fold::fold_char) {
                    if let Some(i) = slot_of(c)
                        && last[i] != pi
                    {
                        last[i] = pi;
                        df[i] += 1;
                    }
                }
            }
            df
        })
        .reduce(
            || vec![0usize; wanted.len()],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                a
            },
        );
    wanted.into_iter().zip(counts).collect()
}

/// How many paragraphs of the reports `index` has no postings for hold each of `chars`: a
/// scan ([`char_df`]), of only the reports added since the last one when that counted these
/// chars (the index keeps it, see [`super::index::TailDf`]).
fn tail_df(
    index: &Index,
    corpus: &Corpus,
    chars: &std::collections::HashSet<char>,
) -> std::collections::HashMap<char, usize> {
    let (from, to) = (index.indexed_reports(), index.reports().min(corpus.len()));
    // Taken out while the scan runs on the rayon pool (no lock held across it).
    let mut kept = std::mem::take(&mut *index.tail_df.lock().unwrap_or_else(|e| e.into_inner()));
    let same_range = kept.from == from && kept.to <= to;
    if !(same_range && chars.iter().all(|c| kept.counts.contains_key(c))) {
        // Count these chars, and the ones counted before (a re-run's hits add phrases), anew.
        let mut wanted = chars.clone();
        if same_range && kept.counts.len() < 4096 {
            wanted.extend(kept.counts.keys().copied());
        }
        kept = super::index::TailDf { from, to: from, counts: wanted.into_iter().map(|c| (c, 0)).collect() };
    }
    if kept.to < to {
        let counted: std::collections::HashSet<char> = kept.counts.keys().copied().collect();
        for (c, n) in char_df(&corpus.by_id()[kept.to..to], &counted) {
            *kept.counts.entry(c).or_default() += n;
        }
        kept.to = to;
    }
    let df = chars.iter().map(|&c| (c, kept.counts.get(&c).copied().unwrap_or(0))).collect();
    *index.tail_df.lock().unwrap_or_else(|e| e.into_inner()) = kept;
    df
}

/// The chars of the hits' phrases (see [`add_popularity`]), each phrase read once.
fn phrase_chars(scored: &[Scored], corpus: &Corpus) -> std::collections::HashSet<char> {
    let mut seen = std::collections::HashSet::new();
    let mut chars = std::collections::HashSet::new();
    for s in scored.iter().filter(|s| s.phrase != 0) {
        if seen.insert(s.phrase) {
            chars.extend(phrase_of(s, corpus));
        }
    }
    chars
}

/// Rank hits: better score first, then the shorter paragraph, then tree order (report, then
/// paragraph).
pub fn rank(hits: &mut [Hit], corpus: &Corpus) {
    // Each key once, not once per comparison.
    hits.sort_by_cached_key(|h| rank_key(h, corpus));
}

/// How many hits a partial result carries: enough for any screen.
pub const PARTIAL_TOP: usize = 256;

/// Ids whose candidates are found at a time (see [`search_streaming`]).
const SEGMENT: ParaId = 4096;

/// Results so far of a search still running: the best hits found yet, ranked, and how many
/// hits there are so far.
pub struct Partial {
    pub top: Vec<Hit>,
    pub found: usize,
    /// How many of those found are exact.
    pub exact: usize,
}

/// Search with the index: only candidate paragraphs are scored. `within`, if given, is a
/// sorted set of paragraph ids the hits must come from (the previous keystroke's matches,
/// see [`narrowing`]).
/// Returns None if `cancel` was set before it finished. Calls `on_partial` with the best
/// hits found so far while a long search runs (first after a few milliseconds, then every frame or so), so a reader can show
/// results before the slowest part of the corpus has been scanned. Candidates are taken in
/// paragraph id (load) order, a batch at a time, each batch on every core. Without `want_indices` the hits
/// carry no highlight indices (ask the matcher for the ones shown): ranking a large result
/// set then only needs each paragraph's score, which is cheaper to settle. With `top`, only
/// the best `top` hits are ranked, the rest follow (see [`rank_top`]).
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
    top: Option<usize>,
    on_partial: &mut dyn FnMut(Partial),
) -> Option<Vec<Hit>> {
    if query.is_empty() {
        return Some(Vec::new());
    }
    let admitted: Vec<bool> =
        corpus.by_id().iter().enumerate().map(|(i, r)| filter.admits(ReportId(i as u32), r)).collect();
    let check = |id: ParaId| -> Option<Scored> {
        let (ri, pi) = index.locate(id);
        if !admitted[ri.index()] {
            return None;
        }
        let para = &corpus[ri].paragraphs[pi];
        score_paragraph((ri, pi), query, para, matcher, index.known(id), want_indices)
    };
    const CHUNK: usize = 512;
    const BATCH: usize = 4096;
    // The candidates, a segment of ids at a time: the first batch is scored (and shown) once
    // the postings of its first ids are decoded, not all of them (tens of ms for a few common
    // chars on 10,000 reports).
    let total = index.len() as ParaId;
    let mut next_id: ParaId = 0;
    // The first batch is smaller, to show something sooner; a segment is no wider than the
    // batch still wants (a segment's candidates are at most its ids).
    let plan = index.plan(query);
    let next_batch = |next_id: &mut ParaId| -> Option<Vec<ParaId>> {
        let mut ids = Vec::new();
        let want = if *next_id == 0 { BATCH / 4 } else { BATCH };
        while ids.len() < want && *next_id < total {
            let width = (want - ids.len()).clamp(256, SEGMENT as usize) as ParaId;
            let range = *next_id..next_id.saturating_add(width).min(total);
            *next_id = range.end;
            ids.extend(segment_candidates(&plan, within, range));
        }
        (!ids.is_empty()).then_some(ids)
    };
    let started = std::time::Instant::now();
    let mut last_partial: Option<std::time::Instant> = None;
    let mut scored: Vec<Scored> = Vec::new();
    // The best hits of the last partial result, and how many of `scored` it saw: each
    // partial ranks only those and the hits found since (ranking every hit so far each time
    // grew with the square of the hits: seconds for a short pinyin prefix on 10,000 reports).
    let (mut best, mut ranked): (Vec<Hit>, usize) = (Vec::new(), 0);
    while let Some(ids) = next_batch(&mut next_id) {
        let last = next_id >= total;
        let found: Vec<Scored> = ids
            .par_chunks(CHUNK)
            .flat_map_iter(|ids| {
                let stop = cancel.load(Ordering::Relaxed);
                ids.iter().filter(move |_| !stop).filter_map(|&id| check(id))
            })
            .collect();
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        scored.extend(found);
        // A partial result after ~3 ms, then every ~12 ms, unless this was the last batch.
        let due = match last_partial {
            None => started.elapsed() >= std::time::Duration::from_millis(3),
            Some(t) => t.elapsed() >= std::time::Duration::from_millis(12),
        };
        if due && !last {
            let exact = scored.iter().filter(|s| s.hit.exact).count();
            best = top_hits(best.iter().chain(scored[ranked..].iter().map(|s| &s.hit)), PARTIAL_TOP, corpus);
            ranked = scored.len();
            on_partial(Partial { top: best.clone(), found: scored.len(), exact });
            last_partial = Some(std::time::Instant::now());
        }
    }
    // The reports not indexed yet count by a scan, as without an index.
    let tail_df =
        if index.complete() { Default::default() } else { tail_df(index, corpus, &phrase_chars(&scored, corpus)) };
    Some(finish(scored, corpus, &|c| index.df(c) + tail_df.get(&c).copied().unwrap_or(0), index.len(), top))
}

/// The candidates of a search with ids in `range`: the plan's, and of them those in
/// `within` (sorted) if given.
fn segment_candidates(
    plan: &super::index::Plan,
    within: Option<&[ParaId]>,
    range: std::ops::Range<ParaId>,
) -> Vec<ParaId> {
    let within = within.map(|w| &w[w.partition_point(|&x| x < range.start)..w.partition_point(|&x| x < range.end)]);
    if within.is_some_and(<[ParaId]>::is_empty) {
        return Vec::new();
    }
    match (plan.candidates_in(range.clone()), within) {
        (Some(c), Some(w)) => super::index::intersect(&c, w),
        (Some(c), None) => c,
        (None, Some(w)) => w.to_vec(),
        (None, None) => range.collect(),
    }
}

/// A search session over one growing corpus: keeps the index and the last query's matches,
/// so that a query that can only match fewer paragraphs (see [`narrowing`]) scores just the
/// previous matches instead of every candidate.
///
/// The corpus may grow between searches (it is append-only: reports keep their ids): a
/// search takes the newer snapshot ([`Searcher::note`]) and scans what is not indexed yet;
/// [`Searcher::index_more`] indexes it.
pub struct Searcher {
    pub index: Index,
    matcher: Matcher,
    last: Option<(Query, Filter, Vec<ParaId>)>,
    /// The corpus has grown since `last` was found: paragraphs from this id on were not
    /// searched by it, and any narrowing of it must look at them too.
    grown_from: Option<ParaId>,
    /// Rank only this many of the best hits, the rest after them unranked (None: all). The
    /// reader's list sets it: it shows a screenful, and sorts the rest if scrolled to.
    pub rank_top: Option<usize>,
    /// The last search was retried by pinyin (see [`pinyin_retry`]): the pinyin it ran.
    pub retried: Option<String>,
}

impl Searcher {
    /// A searcher over `corpus`, indexed whole.
    pub fn new(corpus: &Corpus) -> Searcher {
        Searcher {
            index: Index::build(corpus),
            matcher: Matcher::new(),
            last: None,
            grown_from: None,
            rank_top: None,
            retried: None,
        }
    }

    /// A searcher over `corpus` with nothing indexed yet: it searches at once (by scanning
    /// what is not indexed), and [`Searcher::index_more`] builds the index a slice at a time.
    pub fn unindexed(corpus: &Corpus) -> Searcher {
        let mut s = Searcher {
            index: Index::empty(),
            matcher: Matcher::new(),
            last: None,
            grown_from: None,
            rank_top: None,
            retried: None,
        };
        s.note(corpus);
        s
    }

    /// Take a newer snapshot of the corpus, without indexing it: its new reports get ids.
    /// The last query's matches are kept, with the first new id (see `grown_from`), so that
    /// the same query on the newer snapshot, while a folder loads, scores only those matches
    /// and the new paragraphs. A snapshot that is not an extension of the one before (fewer
    /// reports, or a report of another length) starts the index afresh.
    pub fn note(&mut self, corpus: &Corpus) {
        if self.index.reports() == corpus.len() {
            return;
        }
        if !self.index.extends_to(corpus) {
            self.last = None;
            self.grown_from = None;
            self.index = Index::empty();
        } else if self.last.is_some() {
            // The last matches stay true (a paragraph's match does not depend on the rest of
            // the corpus); what they cannot cover is the paragraphs from here on.
            self.grown_from = Some(self.grown_from.unwrap_or(self.index.len() as ParaId));
        }
        self.index.note(corpus);
    }

    /// Index up to `most` more reports of the snapshot noted last (`corpus`). Returns how
    /// many paragraphs were indexed.
    pub fn index_more(&mut self, corpus: &Corpus, most: usize) -> usize {
        self.index.index_more(corpus, most)
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
        // What is not indexed yet is scanned.
        self.note(corpus);
        let query = Query::parse(text);
        // The previous matches, and the paragraphs the new query might match literally
        // where the old one did not (see `narrowing`).
        let widened: Vec<ParaId>;
        let within = match &self.last {
            Some((old, f, ids)) if f == filter => match narrowing(old, &query).map(|texts| {
                texts
                    .iter()
                    .try_fold(Vec::new(), |acc, t| Some(super::index::merge_union(&acc, &self.index.holding(t)?)))
            }) {
                Some(Some(extra)) if extra.is_empty() => Some(ids.as_slice()),
                Some(Some(extra)) => {
                    widened = super::index::merge_union(ids, &extra);
                    Some(widened.as_slice())
                }
                _ => None,
            },
            _ => None,
        };
        // Paragraphs added since the last matches were found are candidates as well.
        let grown: Vec<ParaId>;
        let within = match (within, self.grown_from) {
            (Some(w), Some(from)) => {
                let new: Vec<ParaId> = (from..self.index.len() as ParaId).collect();
                grown = super::index::merge_union(w, &new);
                Some(grown.as_slice())
            }
            (w, _) => w,
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
            self.rank_top,
            on_partial,
        )?;
        let mut ids: Vec<ParaId> = hits.iter().map(|h| self.index.id(h.report, h.paragraph)).collect();
        ids.sort_unstable();
        self.last = if query.is_empty() { None } else { Some((query.clone(), filter.clone(), ids)) };
        self.grown_from = None;
        let (index, matcher) = (&self.index, &self.matcher);
        // A retry's hits are filtered afterwards (see `homophones_hold`), which would leave
        // unranked ones among the best: it ranks them all (retries are rare, and small).
        let (query, hits, retried) = retried_if_nothing_exact(corpus, query, hits, |retry| {
            search_streaming(corpus, index, retry, filter, None, matcher, cancel, want_indices, None, &mut |_| {})
        })?;
        self.retried = retried;
        Some((query, hits))
    }
}

/// Can `new`'s hits be looked for among `old`'s? `None`: no, search afresh. `Some(texts)`:
/// every paragraph that `new` matches is matched by `old`, or holds every char of one of
/// `texts` (so [`Index::holding`] finds it); with no texts, `old`'s hits alone will do.
///
/// This must never say yes wrongly (hits would be lost), so it only says yes for what follows
/// from the matcher's rules term by term. A query passes when each of its AND-groups passes,
/// and a group passes when one of its terms does. So `new` ⊆ `old` if every (non-empty) group
/// of `old` is implied by some non-empty group of `new`, and a group `G'` implies a group `G`
/// if each term of `G'` implies some term of `G` (`term_implies`).
///
/// Typing a char onto a fuzzy term of two or more chars is NOT a narrowing: the fuzzy window
/// grows with the term (`2 × len`, see [`super::matcher`]), so 石墨产 matches 石材、水墨产业,
/// where 石 and 墨 are too far apart for 石墨. Typing onto a pinyin term (`shi` → `shim`) is a
/// narrowing of its pinyin matches but not of its literal fuzzy ones (same growing window),
/// so those are looked for afresh among the paragraphs holding all its letters, which are
/// few in Chinese text. Appending whole terms (`石墨 产`), extending an exact, prefix or
/// suffix term (`'营商` → `'营商环境`), or a one-char term (`石` → `石墨`), is a narrowing.
pub fn narrowing<'a>(old: &Query, new: &'a Query) -> Option<Vec<&'a str>> {
    if old.is_empty() {
        return None;
    }
    let mut texts: Vec<&'a str> = Vec::new();
    for g in old.groups.iter().filter(|g| !g.is_empty()) {
        // The new group that implies this one with the fewest paragraphs left to look at.
        let implied_by = |n: &'a Vec<Term>| -> Option<Vec<&'a str>> {
            let mut unless = Vec::new();
            for t in n {
                let best = g.iter().map(|o| term_implies(t, o)).max()?;
                match best {
                    Implied::Always => {}
                    Implied::UnlessLiteral => unless.push(t.text.as_str()),
                    Implied::No => return None,
                }
            }
            Some(unless)
        };
        let best = new.groups.iter().filter(|n| !n.is_empty()).filter_map(implied_by).min_by_key(Vec::len)?;
        texts.extend(best);
    }
    texts.sort_unstable();
    texts.dedup();
    Some(texts)
}

/// Whether a paragraph that passes one term passes another. Ordered: the more the better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Implied {
    No,
    /// Yes, unless the first term matched literally (not as pinyin); such a paragraph holds
    /// every char of the first term's text.
    UnlessLiteral,
    Always,
}

/// Does a paragraph that passes term `new` always pass term `old`?
///
/// - The same term: yes.
/// - A negated term (or a positive one against a negated one): only if it is the same term.
/// - Both can match as pinyin (Latin letters only, two or more), and `new`'s text starts with
///   `old`'s. Pinyin: a pinyin match of `new` starting at some char is, cut short, a pinyin
///   match of `old` starting there (each char takes an initial, a full reading or, last, a
///   prefix of a reading, and every prefix of such a run of letters is again such a run),
///   and `old`, if not anchored, may start anywhere; if both are prefix terms, both start at
///   the paragraph's start. So `new` prefix, or suffix, or exact or fuzzy, implies `old`
///   exact or fuzzy, and `new` prefix implies `old` prefix, as far as pinyin goes. Literally:
///   an exact, prefix or suffix match holds `new`'s text contiguously, and so `old`'s (a
///   literal hit of `old`); a fuzzy one need not: [`Implied::UnlessLiteral`].
/// - Only `new` can match as pinyin: no (its pinyin matches may lack `old`'s letters).
/// - Otherwise `new` matches literally only, and every literal match holds all of `new`'s
///   chars; an exact, prefix or suffix match holds `new`'s text contiguously (at the start,
///   at the end). `old` then passes if it is a one-char exact or fuzzy term whose char is in
///   `new`'s text; an exact or fuzzy term whose text is inside `new`'s exact, prefix or suffix
///   text (a contiguous occurrence is a literal hit, and a literal hit is a hit even for a
///   pinyin term); a prefix term that `new`'s prefix text starts with; a suffix term that
///   `new`'s suffix text ends with.
fn term_implies(new: &Term, old: &Term) -> Implied {
    use super::pinyin::is_pinyin_query;
    use super::query::TermKind::{Exact, Fuzzy, Prefix, Suffix};
    if new == old {
        return Implied::Always;
    }
    let (n, o) = (new.text.as_str(), old.text.as_str());
    if new.negate || old.negate || o.is_empty() || n.is_empty() {
        return Implied::No;
    }
    let yes = |b: bool| if b { Implied::Always } else { Implied::No };
    if is_pinyin_query(n) {
        if !is_pinyin_query(o) || !n.starts_with(o) {
            return Implied::No;
        }
        return match (new.kind, old.kind) {
            (Fuzzy, Exact | Fuzzy) => Implied::UnlessLiteral,
            (Exact | Prefix | Suffix, Exact | Fuzzy) | (Prefix, Prefix) => Implied::Always,
            _ => Implied::No,
        };
    }
    match (new.kind, old.kind) {
        // A fuzzy match holds all of its chars, but not contiguously.
        (Fuzzy, Exact | Fuzzy) => yes(o.chars().nth(1).is_none() && n.contains(o)),
        (Exact | Prefix | Suffix, Exact | Fuzzy) => yes(n.contains(o)),
        (Prefix, Prefix) => yes(n.starts_with(o)),
        (Suffix, Suffix) => yes(n.ends_with(o)),
        _ => Implied::No,
    }
}

/// A query of Chinese words that finds nothing exact may hold a typo (营商环竟 for
/// 营商环境): it is retried with each positive term of two or more Han chars spelled out in
/// the common reading of its chars (yingshanghuanjing), so that chars read alike are
/// found. Other terms stay. Returns the query to retry and the pinyin, as typed (the terms
/// joined by spaces); None when no term changes.
pub fn pinyin_retry(query: &Query) -> Option<(Query, String)> {
    let mut changed = false;
    let mut shown: Vec<String> = Vec::new();
    let groups = query
        .groups
        .iter()
        .map(|g| {
            g.iter()
                .map(|t| match retried_syllables(t).map(|s| s.concat()) {
                    Some(py) => {
                        changed = true;
                        shown.push(py.clone());
                        Term { text: py, ..t.clone() }
                    }
                    None => t.clone(),
                })
                .collect()
        })
        .collect();
    changed.then(|| (Query { groups }, shown.join(" ")))
}

/// The common reading of each char of a term that [`pinyin_retry`] spells out: a positive
/// term of two or more chars that all have one (one char would be retried as a syllable
/// that half the text reads).
fn retried_syllables(t: &Term) -> Option<Vec<&'static str>> {
    if t.negate || t.text.chars().nth(1).is_none() {
        return None;
    }
    t.text.chars().map(|c| super::pinyin::readings(c).first().copied()).collect()
}

/// Does the paragraph `text` answer `query` (as typed) by homophones: in each of its
/// groups, a term that was not spelled out, or a run of chars each of which reads the
/// common reading of the typed char in its place? The retry's pinyin alone would let more
/// in: 鸡西 spelled jixi also finds 济下 (ji, then xi as the start of xia), and 鸡西 as
/// initials would find any j-x pair; a homophone of a word typed reads each char whole.
fn homophones_hold(query: &Query, text: &str) -> bool {
    let folded: Vec<char> = text.chars().filter_map(super::fold::fold_char).collect();
    query.groups.iter().filter(|g| !g.is_empty()).all(|g| {
        g.iter().any(|t| match retried_syllables(t) {
            None => true,
            Some(syl) => folded
                .windows(syl.len())
                .any(|w| w.iter().zip(&syl).all(|(&c, s)| super::pinyin::readings(c).contains(s))),
        })
    })
}

/// [`search`], retried by pinyin when it finds nothing exact (see [`pinyin_retry`]).
/// Returns the query whose hits these are, the hits, and the pinyin when it was retried.
pub fn search_with_retry(
    corpus: &Corpus,
    query: &Query,
    filter: &Filter,
    matcher: &Matcher,
    cancel: &AtomicBool,
) -> Option<(Query, Vec<Hit>, Option<String>)> {
    let hits = search(corpus, query, filter, matcher, cancel)?;
    retried_if_nothing_exact(corpus, query.clone(), hits, |retry| search(corpus, retry, filter, matcher, cancel))
}

/// `hits` of `query`, or, when none is exact and the query can be retried by its pinyin
/// (see [`pinyin_retry`]) and `run` finds exact hits that way, those that are homophones of
/// what was typed (see [`homophones_hold`]), with the retry's query and pinyin. None if
/// `run` was cancelled.
fn retried_if_nothing_exact(
    corpus: &Corpus,
    query: Query,
    hits: Vec<Hit>,
    run: impl FnOnce(&Query) -> Option<Vec<Hit>>,
) -> Option<(Query, Vec<Hit>, Option<String>)> {
    if !hits.iter().any(|h| h.exact)
        && let Some((retry, pinyin)) = pinyin_retry(&query)
    {
        let mut again = run(&retry)?;
        again
            .retain(|h| corpus[h.report].paragraphs.get(h.paragraph).is_some_and(|p| homophones_hold(&query, &p.text)));
        if again.iter().any(|h| h.exact) {
            return Some((retry, again, Some(pinyin)));
        }
    }
    Some((query, hits, None))
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
    let scored: Vec<Scored> = corpus
        .by_id()
        .par_iter()
        .enumerate()
        .map(|(i, r)| (ReportId(i as u32), r))
        .filter(|(i, r)| filter.admits(*i, r))
        .flat_map_iter(|(i, r)| {
            let cancelled = cancel.load(Ordering::Relaxed);
            r.paragraphs
                .iter()
                .enumerate()
                .filter(move |_| !cancelled)
                .filter_map(move |(p, para)| score_paragraph((i, p), query, para, matcher, None, true))
        })
        .collect();
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    // Document frequencies by a scan, of the phrases' chars only (none without phrases).
    let df = char_df(corpus.by_id(), &phrase_chars(&scored, corpus));
    let n = corpus.reports().map(|r| r.paragraphs.len()).sum();
    Some(finish(scored, corpus, &|c| df.get(&c).copied().unwrap_or(0), n, None))
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

    fn q(s: &str) -> Query {
        Query::parse(s)
    }

    /// A search before the index is whole (the reader's worker indexes a slice at a time
    /// between queries) scans what the index lacks: the same hits, in the same order, with
    /// the same scores (the phrases' document frequencies count the unindexed reports too),
    /// as with the whole index; and so does each keystroke of a query typed meanwhile.
    #[test]
    fn a_search_over_a_part_built_index_finds_what_the_whole_index_finds() {
        let corpus = Corpus::bundled();
        let never = AtomicBool::new(false);
        let key = |hits: &[Hit]| hits.iter().map(|h| (h.report, h.paragraph, h.score, h.exact)).collect::<Vec<_>>();
        let queries =
            ["经济", "营商环境", "'营商环境", "yshj", "shimo", "石墨 !产业", "^各位代表", "jj | 社会", "2017年"];
        let mut whole = Searcher::new(&corpus);
        let expected: Vec<_> =
            queries.iter().map(|t| key(&whole.search(&corpus, t, &Filter::default(), &never).unwrap().1)).collect();
        assert!(expected.iter().all(|hits| !hits.is_empty()), "every query finds something");
        let n = corpus.len();
        for k in [0, 1, n / 3, n - 1] {
            let mut part = Searcher::unindexed(&corpus);
            part.index_more(&corpus, k);
            assert_eq!(part.index.indexed_reports(), k);
            assert!(!part.index.complete());
            for (t, want) in queries.iter().zip(&expected) {
                let got = part.search(&corpus, t, &Filter::default(), &never).unwrap().1;
                assert_eq!(&key(&got), want, "{t} with {k} of {n} reports indexed");
            }
            // Typed a char at a time: later keystrokes look among earlier matches.
            for typed in ["营", "营商", "营商环", "营商环境"] {
                let got = part.search(&corpus, typed, &Filter::default(), &never).unwrap().1;
                let fresh = whole.search(&corpus, typed, &Filter::default(), &never).unwrap().1;
                assert_eq!(key(&got), key(&fresh), "{typed} with {k} of {n} reports indexed");
            }
        }
    }

    /// While a folder loads, the worker runs the query again on each bigger snapshot; the
    /// re-run scores only the last matches and the new paragraphs. It must find what a fresh
    /// search of the bigger corpus finds, also when the query changes with the growth, and
    /// with the index grown in part between runs.
    #[test]
    fn a_query_run_again_on_a_grown_corpus_finds_what_a_fresh_search_finds() {
        let all = Corpus::bundled();
        let never = AtomicBool::new(false);
        let key = |hits: &[Hit]| hits.iter().map(|h| (h.report, h.paragraph, h.score, h.exact)).collect::<Vec<_>>();
        let n = all.len();
        let snapshot = |k: usize| Corpus::from_reports(all.by_id()[..k].iter().cloned());
        let mut whole = Searcher::new(&all);
        let mut fresh = |t: &str| key(&whole.search(&all, t, &Filter::default(), &never).unwrap().1);
        for (first, then) in [("经济", "经济"), ("营商", "营商环境"), ("yshj", "yshj"), ("石", "石墨"), ("jj", "jjf")]
        {
            for indexed in [false, true] {
                let mut s = Searcher::unindexed(&snapshot(1));
                let mut seen = 0;
                for k in [1, n / 3, n / 2, n] {
                    let part = snapshot(k);
                    if indexed {
                        // Part of what has come: the index grows between runs, and the
                        // unindexed reports' frequencies are counted anew.
                        s.note(&part);
                        s.index_more(&part, (k / 2).max(1));
                    }
                    let t = if k == n { then } else { first };
                    let got = key(&s.search(&part, t, &Filter::default(), &never).unwrap().1);
                    let mut on_part = Searcher::new(&part);
                    let want = key(&on_part.search(&part, t, &Filter::default(), &never).unwrap().1);
                    assert_eq!(got, want, "{t} on {k} of {n} reports (indexed as it grew: {indexed})");
                    seen = got.len();
                }
                assert_eq!(key(&s.search(&all, then, &Filter::default(), &never).unwrap().1), fresh(then));
                assert!(seen > 0, "{then} finds something");
            }
        }
    }

    /// Issue 15's bounded top-k: the worker ranks the best `k` of a complete result by a
    /// partial selection. They must be what a full sort puts first, in its order, and the
    /// rest, sorted alone, must give the full sort's order.
    #[test]
    fn ranking_the_best_k_alone_agrees_with_the_full_sort() {
        let corpus = Corpus::bundled();
        let never = AtomicBool::new(false);
        let key = |hits: &[Hit]| hits.iter().map(|h| (h.report, h.paragraph, h.score)).collect::<Vec<_>>();
        for t in ["sh", "经济", "jj | 社会", "yshj"] {
            let mut full = Searcher::new(&corpus);
            // The full sort, done here by `rank` (the searcher's own goes through rank_top).
            let mut want = full.search(&corpus, t, &Filter::default(), &never).unwrap().1;
            want.reverse();
            rank(&mut want, &corpus);
            let mut top = Searcher::new(&corpus);
            top.rank_top = Some(100);
            let mut got = top.search(&corpus, t, &Filter::default(), &never).unwrap().1;
            assert!(want.len() > 100, "{t}: {} hits", want.len());
            assert_eq!(key(&got[..100]), key(&want[..100]), "{t}");
            assert_ne!(key(&got), key(&want), "{t}: the rest came ranked (nothing was saved)");
            rank(&mut got[100..], &corpus);
            assert_eq!(key(&got), key(&want), "{t}");
        }
    }

    #[test]
    fn narrowing_rule() {
        let n = |old: &str, new: &str| -> Option<Vec<String>> {
            narrowing(&q(old), &q(new)).map(|v| v.into_iter().map(String::from).collect())
        };
        // To the old hits alone: a one-char term grows; whole terms are added; exact, prefix
        // and suffix terms grow; a term becomes exact, prefix or suffix; OR-groups lose
        // alternatives; anchored or exact pinyin terms grow.
        for (old, new) in [
            ("石", "石墨"),
            ("石", "石墨产业"),
            ("石墨", "石墨 产"),
            ("石墨", "石墨 !鸡"),
            ("石墨 !鸡", "石墨 !鸡 产业"),
            ("'营商", "'营商环境"),
            ("'营商", "'营商环境$"),
            ("营商", "'营商环境"),
            ("营商", "营商$"),
            ("营商", "^营商"),
            ("^各位", "^各位代表"),
            ("^各位", "^各位代表$"),
            ("报告$", "作报告$"),
            ("石墨 | 煤", "石墨"),
            ("石墨 | 煤", "'石墨产业"),
            ("shimo", "shimo 产业"),
            ("shimo", "'shimo"),
            ("'sh", "'shi"),
            ("^xiang", "^xiangc"),
            ("xiang", "^xiangc"),
            ("shimo", "shimo$"),
            ("s", "s石"),
            ("x", "^x"),
        ] {
            assert_eq!(n(old, new), Some(vec![]), "{old:?} -> {new:?}");
        }
        // A fuzzy pinyin term grows: to the old hits and the paragraphs with all its letters.
        assert_eq!(n("sh", "shi"), Some(vec!["shi".to_string()]));
        assert_eq!(n("xiangcun", "xiangcunz 石墨"), Some(vec!["xiangcunz".to_string()]));
        assert_eq!(n("shi mo", "shim mo"), Some(vec!["shim".to_string()]));
        // Afresh: a fuzzy term of two or more chars grows (its window grows with it); a
        // pinyin term turns up or loses its anchor; a negation grows; an OR alternative is
        // added; a term loses chars or its anchor.
        for (old, new) in [
            ("石墨", "石墨产"),
            ("科技创", "科技创新"),
            ("s", "sh"),
            ("s", "^sh"),
            ("shimo$", "shimoc$"),
            ("^shi", "shim"),
            ("石墨 !鸡", "石墨 !鸡西"),
            ("石墨", "石墨 | 煤"),
            ("石墨", "石"),
            ("^石墨", "石墨"),
            ("石墨$", "石墨"),
            ("'石墨", "石墨"),
            ("", "石"),
            ("^", "石"),
        ] {
            assert_eq!(n(old, new), None, "{old:?} -> {new:?}");
        }
    }

    /// Issue 12, bug 7: 石 and 墨 four chars apart are too far for 石墨 (a window of 4) but
    /// not for 石墨产 (6); narrowing 石墨产 to 石墨's hits (none) lost the paragraph.
    #[test]
    fn typing_one_char_at_a_time_finds_what_a_fresh_search_finds() {
        let text = "鸡西市人民政府工作报告\n\n各位代表：\n\n现在，我代表市人民政府向大会报告工作，请予审议。\n\n\
                    我们将发展石材、水墨产业，壮大县域经济。\n\n引进s1234him设备。\n";
        let report = crate::corpus::parse("test/jixi-2017.txt", text.as_bytes()).unwrap();
        let corpus = Corpus::from_reports([std::sync::Arc::new(report)]);
        let matcher = Matcher::new();
        let never = AtomicBool::new(false);
        let fresh = |t: &str| search(&corpus, &Query::parse(t), &Filter::default(), &matcher, &never).unwrap();
        assert!(fresh("石墨").is_empty());
        let found = fresh("石墨产");
        assert_eq!(found.len(), 1);
        assert!(corpus[found[0].report].paragraphs[found[0].paragraph].text.contains("石材、水墨产业"));
        // The same for a pinyin term's literal fuzzy match: s…h…i too far apart for `shi`
        // (a window of 6), not for `shim` (8), and none of 引进设备 reads shi.
        let latin =
            |hits: Vec<Hit>| hits.iter().any(|h| corpus[h.report].paragraphs[h.paragraph].text.contains("s1234him"));
        assert!(!latin(fresh("shi")) && latin(fresh("shim")));
        let mut s = Searcher::new(&corpus);
        for q in ["石墨产业", "shim"] {
            let mut typed = String::new();
            for c in q.chars() {
                typed.push(c);
                let (_, hits) = s.search(&corpus, &typed, &Filter::default(), &never).unwrap();
                assert_eq!(hits, fresh(&typed), "{typed:?}");
            }
        }
    }

    /// Any queries typed char by char (Chinese, pinyin, the operators) through one `Searcher`
    /// give, at every keystroke, what a full scan gives: the same hits in the same order.
    /// `BAOGAO_PROPTEST_CASES` sets the number of cases (64).
    mod typing {
        use super::*;
        use crate::corpus::{Kind, Paragraph};
        use proptest::prelude::*;
        use std::sync::{Arc, OnceLock};

        /// Chinese words and chars, all from the corpus text, so that queries find something.
        const HAN: &[&str] = &[
            "石",
            "墨",
            "产",
            "业",
            "材",
            "水",
            "营",
            "商",
            "环",
            "境",
            "科",
            "技",
            "创",
            "新",
            "发",
            "展",
            "高",
            "质",
            "量",
            "鸡",
            "西",
            "石墨",
            "产业",
            "营商环境",
            "經",
            "濟",
            "经济",
            "，",
            "、",
            "。",
        ];
        /// Latin: pinyin of those chars and their initials, and plain letters.
        const LATIN: &[&str] = &["shi", "mo", "chan", "ye", "s", "m", "c", "y", "sh", "x", "j", "ke", "ji", "ppp", "a"];
        const OPERATORS: &[&str] = &["'", "^", "$", "!", "|", " ", " ", "\\"];

        fn cases() -> u32 {
            std::env::var("BAOGAO_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
        }

        /// Paragraphs of the bundled corpus that hold some of the query words.
        fn real_paragraphs() -> &'static Vec<String> {
            static P: OnceLock<Vec<String>> = OnceLock::new();
            P.get_or_init(|| {
                let corpus = Corpus::bundled();
                let mut v: Vec<String> = corpus
                    .reports()
                    .flat_map(|r| r.paragraphs.iter().map(|p| p.text.clone()))
                    .filter(|t| {
                        t.chars().count() < 400 && ["石", "墨", "营商", "科技", "质量"].iter().any(|w| t.contains(w))
                    })
                    .collect();
                v.sort();
                v.dedup();
                v
            })
        }

        fn made_paragraph() -> impl Strategy<Value = String> {
            // Latin letters spread out, for literal fuzzy matches of pinyin terms.
            let any = prop_oneof![3 => prop::sample::select(HAN), 2 => prop::sample::select(LATIN), 1 => Just("-")];
            prop::collection::vec(any, 1..20).prop_map(|v| v.concat())
        }

        fn paragraph() -> impl Strategy<Value = String> {
            prop_oneof![5 => made_paragraph(), 1 => prop::sample::select(real_paragraphs().clone())]
        }

        /// Reports with a division code each, so that tree order is not id order.
        fn corpus() -> impl Strategy<Value = Corpus> {
            let report = (0u32..5, prop::collection::vec(paragraph(), 1..10));
            prop::collection::vec(report, 1..4).prop_map(|reports| {
                Corpus::from_reports(reports.into_iter().enumerate().map(|(i, (code, paras))| {
                    let mut r = crate::corpus::Report { path: format!("r{i}.txt"), ..Default::default() };
                    r.meta.code = Some(code);
                    r.paragraphs =
                        paras.into_iter().map(|text| Paragraph { text, kind: Kind::Body, lead: 0 }).collect();
                    Arc::new(r)
                }))
            })
        }

        fn query() -> impl Strategy<Value = String> {
            let any = prop_oneof![
                4 => prop::sample::select(HAN),
                2 => prop::sample::select(LATIN),
                2 => prop::sample::select(OPERATORS)
            ];
            prop::collection::vec(any, 1..10).prop_map(|v| v.concat())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(cases()))]
            #[test]
            fn typing_one_char_at_a_time_equals_a_full_scan(
                corpus in corpus(),
                queries in prop::collection::vec(query(), 1..4),
            ) {
                let matcher = Matcher::new();
                let never = AtomicBool::new(false);
                let mut s = Searcher::new(&corpus);
                // The reader's worker: scores only, no highlight indices.
                let mut scores_only = Searcher::new(&corpus);
                let key = |h: &Hit| (h.report, h.paragraph, h.score, h.exact);
                for q in &queries {
                    let mut typed = String::new();
                    for c in q.chars() {
                        typed.push(c);
                        let (query, hits) = s.search(&corpus, &typed, &Filter::default(), &never).unwrap();
                        let (want, full, retried) =
                            search_with_retry(&corpus, &Query::parse(&typed), &Filter::default(), &matcher, &never)
                                .unwrap();
                        prop_assert_eq!(&query, &want);
                        prop_assert_eq!(&s.retried, &retried);
                        let (_, scored) = scores_only
                            .search_streaming(&corpus, &typed, &Filter::default(), &never, false, &mut |_| {})
                            .unwrap();
                        prop_assert_eq!(
                            scored.iter().map(key).collect::<Vec<_>>(),
                            full.iter().map(key).collect::<Vec<_>>(),
                            "scores only: {:?}",
                            typed
                        );
                        prop_assert_eq!(hits, full, "{:?} (of {:?})", typed, queries);
                    }
                }
            }
        }
    }

    #[test]
    fn indexed_search_equals_a_full_scan_and_narrowing_changes_nothing() {
        let corpus = Corpus::bundled();
        let matcher = Matcher::new();
        let never = AtomicBool::new(false);
        let mut s = Searcher::new(&corpus);
        for q in [
            "石墨产业",
            "shimo",
            "smcy",
            "营商环境 !鸡西",
            "科技 创新",
            "ppp | 石墨烯",
            "'乡村振兴",
            "科技创新",
            "高质量发展",
            "^各位代表",
        ] {
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
        let h = |report, paragraph, score| Hit {
            report: ReportId(report),
            paragraph,
            score,
            exact: true,
            indices: vec![],
            chars: 0,
        };
        let mut v = vec![h(2, 0, 5), h(0, 3, 5), h(1, 1, 9), h(0, 1, 5), h(1, 4, 5)];
        rank(&mut v, &corpus);
        let order: Vec<(u32, usize)> = v.iter().map(|h| (h.report.0, h.paragraph)).collect();
        assert_eq!(order, vec![(1, 1), (1, 4), (2, 0), (0, 1), (0, 3)]);
        assert_eq!(counts(&v, &corpus), vec![(ReportId(1), 2), (ReportId(2), 1), (ReportId(0), 2)]);
    }
}
