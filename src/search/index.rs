//! An inverted index over every paragraph of a corpus, to find the few paragraphs worth
//! scoring before the matcher runs.
//!
//! Three kinds of postings, each a sorted list of paragraph ids:
//! - each Han char → paragraphs that contain it;
//! - each ASCII letter or digit (after folding full-width forms) → paragraphs that contain it;
//! - each pair of pinyin first letters of two adjacent Han chars → paragraphs with such a pair
//!   (every reading of a polyphone counts), for Latin queries that match pinyin.
//!
//! A query term's candidates are the intersection of its chars' postings; a Latin term adds
//! the paragraphs whose leading pinyin pair fits. Terms that cannot be narrowed this way
//! (negations, one-char pinyin) leave the set open. The matcher still decides every hit.

use super::pinyin;
use super::query::{Query, Term};
use crate::corpus::{Corpus, Report, ReportId};
use rayon::prelude::*;
use std::collections::HashMap;

/// The index's maps, hashed with FxHash: its keys are chars and small integers that nobody
/// outside chooses, and SipHash's cost showed in the build's profile.
type Map<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;
use std::sync::Arc;

/// A paragraph id: its position when all paragraphs are counted report by report in id
/// (load) order, so the paragraphs of reports added later get larger ids.
pub type ParaId = u32;

/// A sorted list of ids, stored as LEB128 varint gaps: most gaps in a common char's list are
/// small, so this takes about a byte an id instead of four. Every [`SKIP`] ids a skip entry
/// says where that id's gap starts and which id came before it, so that the ids of one range
/// decode without the ones before it ([`PackedList::decode_range`]).
#[derive(Default)]
pub struct PackedList {
    bytes: Vec<u8>,
    last: ParaId,
    len: u32,
    /// (byte offset of the gap of id number k·SKIP, the id before it or 0).
    skips: Vec<(u32, ParaId)>,
}

/// Ids between skip entries: 8 bytes per 128 ids, about 6% of a list.
const SKIP: u32 = 128;

impl PackedList {
    /// Append ids that are sorted and all greater than the last one held.
    fn extend_sorted(&mut self, ids: &[ParaId]) {
        for &id in ids {
            if self.len.is_multiple_of(SKIP) {
                self.skips.push((self.bytes.len() as u32, self.last));
            }
            let mut gap = if self.len == 0 { id } else { id - self.last };
            loop {
                let byte = (gap & 0x7f) as u8;
                gap >>= 7;
                if gap == 0 {
                    self.bytes.push(byte);
                    break;
                }
                self.bytes.push(byte | 0x80);
            }
            self.last = id;
            self.len += 1;
        }
    }

    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn decode(&self) -> Vec<ParaId> {
        let mut out = Vec::with_capacity(self.len as usize);
        self.decode_into(0, None, &mut out);
        out
    }

    /// The ids in `range`, sorted: decoded from the last skip entry before the range's start.
    pub fn decode_range(&self, range: std::ops::Range<ParaId>) -> Vec<ParaId> {
        let mut out = Vec::new();
        if !range.is_empty() {
            self.decode_into(range.start, Some(range.end), &mut out);
        }
        out
    }

    /// Push the ids from `start` on, below `end` if given.
    fn decode_into(&self, start: ParaId, end: Option<ParaId>, out: &mut Vec<ParaId>) {
        if self.len == 0 || self.last < start {
            return;
        }
        // The last entry whose ids before it are all below the start (the first always is:
        // its "id before" 0 is below any start but 0, and then it is where to begin).
        let k = self.skips.partition_point(|&(_, before)| before < start).saturating_sub(1);
        let (offset, mut cur) = self.skips[k];
        let (mut gap, mut shift) = (0u32, 0u32);
        for &b in &self.bytes[offset as usize..] {
            gap |= u32::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                // The very first id is stored whole: its gap from the 0 it starts with.
                cur += gap;
                if end.is_some_and(|e| cur >= e) {
                    break;
                }
                if cur >= start {
                    out.push(cur);
                }
                gap = 0;
                shift = 0;
            } else {
                shift += 7;
            }
        }
    }
}

/// One chunk's postings while building, plain.
#[derive(Default)]
struct Postings {
    /// For each paragraph of the chunk, in order: can it be matched without folding
    /// ([`super::matcher::Matcher::match_hinted`]: no char folding drops, no traditional char)?
    verbatim: Vec<bool>,
    /// For each paragraph of the chunk: the Latin letters it holds, and how many chars
    /// (see [`super::matcher::Known`]).
    letters: Vec<u32>,
    chars: Vec<u32>,
    han: Map<char, Vec<ParaId>>,
    ascii: Map<u8, Vec<ParaId>>,
    pairs: Map<u16, Vec<ParaId>>,
}

/// The whole corpus's postings, packed.
#[derive(Default)]
struct Packed {
    /// One bit per paragraph id: see [`Postings::verbatim`].
    verbatim: Vec<u64>,
    /// How many paragraphs `verbatim` covers.
    paragraphs: usize,
    /// Each paragraph's Latin letters: see [`Postings::letters`].
    letters: Vec<u32>,
    /// Each paragraph's length in chars.
    chars: Vec<u32>,
    han: Map<char, PackedList>,
    ascii: Map<u8, PackedList>,
    pairs: Map<u16, PackedList>,
}

impl Packed {
    /// Append a chunk whose ids all come after ours.
    fn append(&mut self, other: Postings) {
        fn merge<K: std::hash::Hash + Eq>(a: &mut Map<K, PackedList>, b: Map<K, Vec<ParaId>>) {
            for (k, v) in b {
                a.entry(k).or_default().extend_sorted(&v);
            }
        }
        for v in other.verbatim {
            if self.paragraphs.is_multiple_of(64) {
                self.verbatim.push(0);
            }
            if v && let Some(w) = self.verbatim.last_mut() {
                *w |= 1 << (self.paragraphs % 64);
            }
            self.paragraphs += 1;
        }
        self.letters.extend(other.letters);
        self.chars.extend(other.chars);
        merge(&mut self.han, other.han);
        merge(&mut self.ascii, other.ascii);
        merge(&mut self.pairs, other.pairs);
    }
}

/// How many reports a reader's search worker indexes between two looks for a query (see
/// [`Index::index_more`]): a query waits for one slice at most. 64 reports of ~100 KB are
/// about 30 ms of work here (`cargo bench --bench index`).
pub const SLICE: usize = 64;

/// The index of one corpus snapshot, or of the first reports of it: ids are handed out for
/// every report it was shown ([`Index::note`]), postings are built for the first
/// [`Index::indexed_reports`] of them, a slice at a time ([`Index::index_more`]). Paragraphs
/// of the reports not indexed yet are candidates for every query, so a search is complete
/// (only slower) before the index is.
pub struct Index {
    /// First paragraph id of each report, plus the total at the end.
    base: Vec<ParaId>,
    /// How many reports have postings: the first ones.
    indexed: usize,
    post: Packed,
    /// What a search found of the unindexed reports' char frequencies (see [`TailDf`]).
    pub(crate) tail_df: std::sync::Mutex<TailDf>,
}

/// The document frequencies of some chars over reports `from..to` (the ones without
/// postings), counted by a scan: kept so that a query run again on a bigger snapshot, while
/// a folder loads, scans only the reports added since, not every unindexed one again.
#[derive(Debug, Default)]
pub(crate) struct TailDf {
    pub from: usize,
    pub to: usize,
    pub counts: HashMap<char, usize>,
}

fn pair_key(a: u8, b: u8) -> u16 {
    u16::from(a) << 8 | u16::from(b)
}

impl Index {
    /// The index of every report of `corpus`.
    pub fn build(corpus: &Corpus) -> Index {
        let mut index = Index::empty();
        index.extend(corpus);
        index
    }

    /// An index of nothing.
    pub fn empty() -> Index {
        Index { base: vec![0], indexed: 0, post: Packed::default(), tail_df: Default::default() }
    }

    /// How many reports have ids: those with report ids below this.
    pub fn reports(&self) -> usize {
        self.base.len() - 1
    }

    /// How many reports have postings: the first ones.
    pub fn indexed_reports(&self) -> usize {
        self.indexed
    }

    /// Paragraphs with postings: ids below this.
    pub fn indexed_len(&self) -> usize {
        self.base[self.indexed] as usize
    }

    /// Does every report with ids have postings?
    pub fn complete(&self) -> bool {
        self.indexed == self.reports()
    }

    /// The ids of paragraphs without postings yet (every query's candidates).
    fn tail(&self) -> std::ops::Range<ParaId> {
        self.indexed_len() as ParaId..self.len() as ParaId
    }

    /// Hand out ids to the reports of `corpus` that have none (those from
    /// [`Index::reports`] on), without indexing them. `corpus` must be a later snapshot of the
    /// one shown before (see [`Index::extends_to`]).
    pub fn note(&mut self, corpus: &Corpus) {
        let Some(new) = corpus.by_id().get(self.reports()..).filter(|n| !n.is_empty()) else { return };
        let mut n = self.len() as u32;
        self.base.pop();
        for r in new {
            self.base.push(n);
            n += r.paragraphs.len() as u32;
        }
        self.base.push(n);
    }

    /// Is `corpus` the indexed corpus with (possibly) more reports after it: as many
    /// reports at least, each indexed one with the paragraph count indexed for it? (A
    /// corpus is append-only, so a later snapshot of the same corpus always is.)
    pub fn extends_to(&self, corpus: &Corpus) -> bool {
        corpus.len() >= self.reports()
            && corpus
                .by_id()
                .iter()
                .zip(self.base.windows(2))
                .all(|(r, b)| r.paragraphs.len() == (b[1] - b[0]) as usize)
    }

    /// Index every report of `corpus` that is not indexed yet. `corpus` must be a later
    /// snapshot of the one shown before (see [`Index::extends_to`]); the new paragraphs get
    /// ids after every indexed one, so the postings are appended to and stay sorted, and ids
    /// already handed out keep their meaning. The result equals [`Index::build`] on the whole
    /// corpus.
    pub fn extend(&mut self, corpus: &Corpus) {
        self.note(corpus);
        self.index_more(corpus, usize::MAX);
    }

    /// Build the postings of the next `most` reports with ids but none (see
    /// [`Index::note`]); `corpus` is the snapshot noted last, or a later one. Returns how
    /// many paragraphs were indexed.
    pub fn index_more(&mut self, corpus: &Corpus, most: usize) -> usize {
        let start = self.indexed;
        let end = self.reports().min(start.saturating_add(most));
        let Some(new) = corpus.by_id().get(start..end).filter(|n| !n.is_empty()) else { return 0 };
        let before = self.indexed_len();
        let base = &self.base;
        // Build per chunk of reports in parallel; chunks are in order, so appending keeps
        // every list sorted. Build a few chunks at a time and append them at once, so only one
        // batch of partial postings is alive beside the final ones (peak memory).
        let build_chunk = |(first, chunk): (usize, &[Arc<Report>])| {
            let mut p = Postings::default();
            let mut id = base[first];
            // What one paragraph holds, each once. Han chars by a stamp per char (the id of
            // the last paragraph that had it), letters and letter pairs by bit sets: no sort
            // per paragraph (sorting was a quarter of the build).
            let mut seen_han: Vec<char> = Vec::new();
            let mut stamp: Vec<ParaId> = vec![ParaId::MAX; 0x1_0000];
            let mut far: Vec<char> = Vec::new();
            for r in chunk {
                for para in &r.paragraphs {
                    seen_han.clear();
                    far.clear();
                    let mut ascii = [0u64; 2];
                    let mut pairs = [0u64; 11];
                    let mut prev_first: u32 = 0;
                    let mut verbatim = true;
                    // Latin letters as the matcher looks for them (`matcher::letter_mask`).
                    let (mut letters, mut n) = (0u32, 0u32);
                    for raw in para.text.chars() {
                        n += 1;
                        if let Some(l) = super::matcher::latin_letter(raw) {
                            letters |= 1 << l;
                        }
                        // Index folded chars, as the matcher sees them: dropped chars (spaces,
                        // stray marks) neither count nor break adjacency.
                        let Some(c) = crate::search::fold::fold_char(raw) else {
                            verbatim = false;
                            continue;
                        };
                        if c != raw && crate::search::fold::is_verbatim(raw) {
                            verbatim = false; // a traditional char
                        }
                        let first = pinyin::first_letters(c);
                        if first != 0 || !c.is_ascii() {
                            match stamp.get_mut(c as usize) {
                                Some(s) if *s != id => {
                                    *s = id;
                                    seen_han.push(c);
                                }
                                Some(_) => {}
                                None => far.push(c),
                            }
                            let mut a = prev_first;
                            while a != 0 {
                                let la = a.trailing_zeros();
                                a &= a - 1;
                                let mut b = first;
                                while b != 0 {
                                    let lb = b.trailing_zeros();
                                    b &= b - 1;
                                    let k = (la * 26 + lb) as usize;
                                    pairs[k / 64] |= 1 << (k % 64);
                                }
                            }
                        } else if c.is_ascii_graphic() {
                            ascii[(c as usize) / 64] |= 1 << (c as usize % 64);
                        }
                        prev_first = first;
                    }
                    far.sort_unstable();
                    far.dedup();
                    seen_han.extend_from_slice(&far);
                    p.verbatim.push(verbatim);
                    p.letters.push(letters);
                    p.chars.push(n);
                    for &c in &seen_han {
                        p.han.entry(c).or_default().push(id);
                    }
                    for (w, &bits) in ascii.iter().enumerate() {
                        let mut bits = bits;
                        while bits != 0 {
                            let a = (w * 64) as u8 + bits.trailing_zeros() as u8;
                            bits &= bits - 1;
                            p.ascii.entry(a).or_default().push(id);
                        }
                    }
                    for (w, &bits) in pairs.iter().enumerate() {
                        let mut bits = bits;
                        while bits != 0 {
                            let k = w * 64 + bits.trailing_zeros() as usize;
                            bits &= bits - 1;
                            let (la, lb) = ((k / 26) as u8, (k % 26) as u8);
                            p.pairs.entry(pair_key(b'a' + la, b'a' + lb)).or_default().push(id);
                        }
                    }
                    id += 1;
                }
            }
            p
        };
        // Chunks of up to 64 reports, smaller for a small batch so that every core has work.
        let size = new.len().div_ceil(rayon::current_num_threads().max(1) * 4).clamp(1, 64);
        let chunks: Vec<(usize, &[Arc<Report>])> =
            new.chunks(size).enumerate().map(|(ci, c)| (start + ci * size, c)).collect();
        let post = &mut self.post;
        for batch in chunks.chunks(rayon::current_num_threads().max(1) * 2) {
            let built: Vec<Postings> = batch.par_iter().map(|&c| build_chunk(c)).collect();
            for p in built {
                post.append(p);
            }
        }
        self.indexed = end;
        // Once, at the end: shrinking after each slice would copy every list each time.
        if self.complete() {
            let post = &mut self.post;
            for v in post.han.values_mut().chain(post.ascii.values_mut()).chain(post.pairs.values_mut()) {
                v.bytes.shrink_to_fit();
            }
        }
        self.indexed_len() - before
    }

    /// How many paragraphs in all.
    pub fn len(&self) -> usize {
        *self.base.last().unwrap_or(&0) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What the index knows of paragraph `id`, if it has postings: can it be matched
    /// without folding, which Latin letters it holds, how long it is (see
    /// [`super::matcher::Known`]).
    pub fn known(&self, id: ParaId) -> Option<super::matcher::Known> {
        let i = id as usize;
        let verbatim = self.post.verbatim.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0);
        let (&chars, &letters) = (self.post.chars.get(i)?, self.post.letters.get(i)?);
        Some(super::matcher::Known { verbatim, letters, chars })
    }

    /// How many indexed paragraphs hold the (folded) non-ASCII char `c`.
    pub fn df(&self, c: char) -> usize {
        self.post.han.get(&c).map_or(0, PackedList::len)
    }

    /// The (report, paragraph) of an id.
    pub fn locate(&self, id: ParaId) -> (ReportId, usize) {
        let r = self.base.partition_point(|&b| b <= id) - 1;
        (ReportId(r as u32), (id - self.base[r]) as usize)
    }

    /// The id of (report, paragraph).
    pub fn id(&self, report: ReportId, para: usize) -> ParaId {
        self.base[report.index()] + para as u32
    }

    /// Bytes held by the postings (for --stats).
    pub fn heap_bytes(&self) -> usize {
        let p = &self.post;
        let lists = p.han.values().chain(p.ascii.values()).chain(p.pairs.values());
        lists.map(|v| v.bytes.capacity() + v.skips.capacity() * 8 + 72).sum::<usize>()
            + self.base.capacity() * 4
            + p.verbatim.capacity() * 8
            + (p.letters.capacity() + p.chars.capacity()) * 4
    }

    /// Candidate paragraphs for a query, sorted; None means "every paragraph".
    pub fn candidates(&self, q: &Query) -> Option<Vec<ParaId>> {
        self.plan(q).candidates_in(0..self.len() as ParaId)
    }

    /// [`Index::candidates`] with ids in `range` only (see [`Plan`]).
    pub fn candidates_in(&self, q: &Query, range: std::ops::Range<ParaId>) -> Option<Vec<ParaId>> {
        self.plan(q).candidates_in(range)
    }

    /// Which posting lists make up a query's candidates, worked out once (a pinyin term's
    /// leading pairs take a scan of the syllables) for a search that then finds them a
    /// range of ids at a time.
    pub fn plan(&self, q: &Query) -> Plan<'_> {
        // A group with an open term (every paragraph may match it) constrains nothing.
        let groups = q
            .groups
            .iter()
            .filter_map(|group| group.iter().map(|t| self.term_plan(t)).collect::<Option<Vec<TermPlan>>>())
            .collect();
        Plan { index: self, groups }
    }

    /// `ids` (indexed paragraphs, sorted) and every paragraph not indexed yet, which come
    /// after them, in `range`.
    fn with_tail(&self, mut ids: Vec<ParaId>, range: &std::ops::Range<ParaId>) -> Vec<ParaId> {
        let tail = self.tail();
        ids.extend(tail.start.max(range.start)..tail.end.min(range.end));
        ids
    }

    /// A term's lists; None if every paragraph may match it.
    fn term_plan(&self, term: &Term) -> Option<TermPlan<'_>> {
        if term.negate {
            return None;
        }
        let literal = self.literal_lists(&term.text);
        if pinyin::is_pinyin_query(&term.text) {
            let pairs = pinyin::leading_pairs(&term.text.to_ascii_lowercase())?;
            let any = pairs.into_iter().filter_map(|(a, b)| self.post.pairs.get(&pair_key(a, b))).collect();
            let (all, missing) = literal?;
            return Some(TermPlan { all, missing, any });
        }
        let (all, missing) = literal?;
        Some(TermPlan { all, missing, any: Vec::new() })
    }

    /// The lists of the indexed chars of the (folded) term text, and whether one of its
    /// chars is in no paragraph at all; None if it has no indexed char.
    fn literal_lists(&self, text: &str) -> Option<(Vec<&PackedList>, bool)> {
        let mut lists: Vec<&PackedList> = Vec::new();
        let mut missing = false;
        for c in text.chars() {
            let list = if !c.is_ascii() {
                self.post.han.get(&c)
            } else if c.is_ascii_graphic() {
                self.post.ascii.get(&(c.to_ascii_lowercase() as u8))
            } else {
                continue;
            };
            match list {
                Some(l) => lists.push(l),
                None => missing = true,
            }
        }
        if lists.is_empty() && !missing {
            return None;
        }
        lists.sort_by_key(|l| l.len());
        Some((lists, missing))
    }

    /// Paragraphs holding every char of `text` (folded), sorted: a superset of those where
    /// `text` can match literally (as any kind of term, fuzzy included). None if `text` has
    /// no char that is indexed (every paragraph may hold it).
    pub fn holding(&self, text: &str) -> Option<Vec<ParaId>> {
        let all = 0..self.len() as ParaId;
        let (lists, missing) = self.literal_lists(text)?;
        let plan = TermPlan { all: lists, missing, any: Vec::new() };
        Some(self.with_tail(plan.ids_in(&all), &all))
    }
}

/// A query's candidates as lists to combine (see [`Index::plan`]): every group that
/// constrains, each the union of its terms' candidates.
pub struct Plan<'a> {
    index: &'a Index,
    groups: Vec<Vec<TermPlan<'a>>>,
}

/// A term's candidates: the paragraphs holding every list of `all` (none if `missing`: a
/// char of the term is in no paragraph), and those in any list of `any` (a pinyin term's
/// leading pairs).
struct TermPlan<'a> {
    all: Vec<&'a PackedList>,
    missing: bool,
    any: Vec<&'a PackedList>,
}

impl TermPlan<'_> {
    /// The indexed paragraphs in `range` that are this term's candidates, sorted.
    fn ids_in(&self, range: &std::ops::Range<ParaId>) -> Vec<ParaId> {
        let mut literal = Vec::new();
        if !self.missing
            && let Some((first, rest)) = self.all.split_first()
        {
            literal = first.decode_range(range.clone());
            for l in rest {
                if literal.is_empty() {
                    break;
                }
                literal = intersect(&literal, &l.decode_range(range.clone()));
            }
        }
        self.any.iter().fold(literal, |u, l| merge_union(&u, &l.decode_range(range.clone())))
    }
}

impl Plan<'_> {
    /// The candidates with ids in `range`, sorted; None means "every paragraph".
    pub fn candidates_in(&self, range: std::ops::Range<ParaId>) -> Option<Vec<ParaId>> {
        if self.groups.is_empty() {
            return None;
        }
        let mut sets: Vec<Vec<ParaId>> =
            self.groups.iter().map(|g| g.iter().fold(Vec::new(), |u, t| merge_union(&u, &t.ids_in(&range)))).collect();
        sets.sort_by_key(Vec::len);
        let mut acc = sets.swap_remove(0);
        for s in &sets {
            acc = intersect(&acc, s);
        }
        Some(self.index.with_tail(acc, &range))
    }
}

/// Sorted intersection; gallops through the longer list.
pub fn intersect(a: &[ParaId], b: &[ParaId]) -> Vec<ParaId> {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(small.len());
    let mut lo = 0;
    for &x in small {
        lo += large[lo..].partition_point(|&y| y < x);
        if lo >= large.len() {
            break;
        }
        if large[lo] == x {
            out.push(x);
        }
    }
    out
}

/// Sorted union without duplicates.
pub fn merge_union(a: &[ParaId], b: &[ParaId]) -> Vec<ParaId> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Matcher;

    #[test]
    fn packed_lists_round_trip() {
        let mut p = PackedList::default();
        let ids = [0u32, 1, 2, 130, 131, 20_000, 2_000_000, u32::MAX - 1, u32::MAX];
        p.extend_sorted(&ids[..3]);
        p.extend_sorted(&ids[3..]);
        assert_eq!(p.decode(), ids);
        assert_eq!(p.len(), ids.len());
    }

    #[test]
    fn a_range_of_a_packed_list_decodes_to_the_ids_in_it() {
        // Enough ids for many skip entries, with gaps small and large.
        let mut ids = Vec::new();
        let mut x = 0u32;
        for i in 0..2000u32 {
            ids.push(x);
            x += 1 + (i.wrapping_mul(2_654_435_761) >> 22);
        }
        assert_eq!(ids[0], 0);
        let mut p = PackedList::default();
        p.extend_sorted(&ids[..700]);
        p.extend_sorted(&ids[700..]);
        let last = *ids.last().unwrap();
        let bounds = [0, 1, ids[0], ids[127], ids[128], ids[129], ids[1000] - 1, ids[1000], last, last + 1, last + 500];
        for &a in &bounds {
            for &b in &bounds {
                let want: Vec<u32> = ids.iter().copied().filter(|x| (a..b).contains(x)).collect();
                assert_eq!(p.decode_range(a..b), want, "{a}..{b}");
            }
        }
        assert_eq!(p.decode(), ids);
    }

    #[test]
    fn candidates_found_in_pieces_on_a_part_built_index_are_those_found_at_once() {
        let corpus = Corpus::bundled();
        let mut part = Index::empty();
        part.note(&corpus);
        part.index_more(&corpus, corpus.len() / 3);
        assert!(!part.complete() && part.indexed_len() > 0);
        let n = part.len() as ParaId;
        let tail = part.indexed_len() as ParaId;
        let mut cuts = vec![0, 5, tail - 1, tail, tail + 1, n / 2, n];
        cuts.sort_unstable();
        cuts.dedup();
        for q in QUERIES {
            let query = Query::parse(q);
            let at_once = part.candidates(&query);
            let pieces: Option<Vec<ParaId>> =
                cuts.windows(2).map(|w| part.candidates_in(&query, w[0]..w[1])).try_fold(Vec::new(), |mut acc, c| {
                    acc.extend(c?);
                    Some(acc)
                });
            assert_eq!(pieces, at_once, "{q}");
            // The unindexed paragraphs are candidates of every query that has any.
            if let Some(c) = &at_once {
                assert!(c.ends_with(&(tail..n).collect::<Vec<_>>()), "{q}");
            }
        }
    }

    #[test]
    fn set_operations() {
        assert_eq!(intersect(&[1, 3, 5, 7], &[2, 3, 4, 7, 9]), vec![3, 7]);
        assert_eq!(merge_union(&[1, 3], &[2, 3, 4]), vec![1, 2, 3, 4]);
        assert_eq!(intersect(&[], &[1]), Vec::<u32>::new());
    }

    /// Queries of every kind: Chinese, pinyin full and initials, exact, NOT, full-width,
    /// OR, prefix and suffix, digits, Latin, punctuation.
    const QUERIES: &[&str] = &[
        "石墨",
        "shimo",
        "smcy",
        "'营商环境",
        "营商环境 !鸡西",
        "ｐｐｐ",
        "xiangcun",
        "科技 | 人才",
        "^各位",
        "工作。$",
        "2.5",
        "gdp",
        "'",
        "《",
        "（一）",
        "7・13",
        "习近平",
        "xjp",
        "ＰＰＰ模式",
        "19.1%",
    ];

    /// The index never drops a paragraph the matcher would accept.
    #[test]
    fn candidates_cover_every_match_on_the_seeds() {
        let corpus = Corpus::bundled();
        let index = Index::build(&corpus);
        let matcher = Matcher::new();
        for &q in QUERIES {
            let query = Query::parse(q);
            let cands = index.candidates(&query);
            for (ri, r) in corpus.iter() {
                for (pi, p) in r.paragraphs.iter().enumerate() {
                    if matcher.match_text(&query, &p.text).is_some() {
                        let id = index.id(ri, pi);
                        assert_eq!(index.locate(id), (ri, pi));
                        if let Some(c) = &cands {
                            assert!(c.binary_search(&id).is_ok(), "{q:?}: index dropped {ri:?}/{pi}: {}", p.text);
                        }
                    }
                }
            }
        }
    }

    /// An index extended batch by batch, as reports arrive, is the index built at once.
    /// What the index keeps of each paragraph for the matcher and the ranking is what the
    /// matcher would read off its text, built at once or in slices.
    #[test]
    fn what_the_index_knows_of_a_paragraph_is_what_its_text_says() {
        let corpus = Corpus::bundled();
        let mut part = Index::empty();
        part.note(&corpus);
        part.index_more(&corpus, corpus.len() / 3);
        for index in [Index::build(&corpus), part] {
            let mut seen = (0, 0);
            for (r, report) in corpus.by_id().iter().enumerate() {
                for (p, para) in report.paragraphs.iter().enumerate() {
                    let id = index.id(ReportId(r as u32), p);
                    match index.known(id) {
                        Some(k) => {
                            assert_eq!(k, super::super::matcher::Known::of(&para.text), "{r}/{p}");
                            seen.0 += 1;
                            seen.1 += usize::from(k.letters != 0);
                        }
                        None => assert!(r >= index.indexed_reports(), "{r}/{p} indexed but not known"),
                    }
                }
            }
            assert!(seen.0 > 0 && seen.1 > 0, "{seen:?}: some paragraphs known, some with letters");
        }
    }

    #[test]
    fn an_index_built_in_batches_equals_one_built_at_once() {
        let all = Corpus::bundled();
        let whole = Index::build(&all);
        let mut grown = Index::build(&Corpus::default());
        assert_eq!((grown.len(), grown.reports()), (0, 0));
        let mut snapshot = Corpus::default();
        // Uneven batches, one of them empty, one larger than a build chunk of 64 reports.
        let mut cuts = vec![1, 1, 3, 10, 80];
        cuts.push(all.len());
        for &cut in &cuts {
            let cut = cut.min(all.len());
            for r in &all.by_id()[snapshot.len()..cut] {
                snapshot.push(Arc::clone(r));
            }
            snapshot.reorder();
            assert!(grown.extends_to(&snapshot));
            grown.extend(&snapshot);
            assert_eq!((grown.reports(), grown.len()), (snapshot.len(), Index::build(&snapshot).len()));
        }
        assert_eq!(
            (grown.len(), grown.reports(), grown.base.clone()),
            (whole.len(), whole.reports(), whole.base.clone())
        );
        let lists = |i: &Index| {
            let mut v: Vec<(String, Vec<ParaId>)> = Vec::new();
            v.extend(i.post.han.iter().map(|(k, l)| (format!("h{k}"), l.decode())));
            v.extend(i.post.ascii.iter().map(|(k, l)| (format!("a{k}"), l.decode())));
            v.extend(i.post.pairs.iter().map(|(k, l)| (format!("p{k}"), l.decode())));
            v.sort();
            v
        };
        assert!(lists(&grown) == lists(&whole), "postings differ");
        for &q in QUERIES {
            let query = Query::parse(q);
            assert_eq!(grown.candidates(&query), whole.candidates(&query), "{q}");
            // Found a range at a time, they are the same.
            let n = whole.len() as ParaId;
            let mut cuts = vec![0, 1, n / 7, n / 3, n / 3 + 1, n / 2, n - 1, n];
            cuts.dedup();
            let pieces: Option<Vec<ParaId>> =
                cuts.windows(2).map(|w| grown.candidates_in(&query, w[0]..w[1])).try_fold(Vec::new(), |mut acc, c| {
                    acc.extend(c?);
                    Some(acc)
                });
            assert_eq!(pieces, whole.candidates(&query), "{q} in pieces");
        }
        // A corpus that is not a later snapshot of the indexed one is told apart.
        let first = &all.by_id()[0];
        let one = Index::build(&Corpus::from_reports([Arc::clone(first)]));
        let unlike = all.by_id().iter().find(|r| r.paragraphs.len() != first.paragraphs.len()).unwrap();
        assert!(!one.extends_to(&Corpus::from_reports([Arc::clone(unlike), Arc::clone(first)])));
        assert!(!one.extends_to(&Corpus::default()));
        assert!(one.extends_to(&Corpus::from_reports([Arc::clone(first), Arc::clone(unlike)])));
    }

    #[test]
    fn candidates_narrow() {
        let corpus = Corpus::bundled();
        let index = Index::build(&corpus);
        let c = index.candidates(&Query::parse("石墨产业")).unwrap();
        assert!(!c.is_empty() && c.len() * 10 < index.len(), "{} of {}", c.len(), index.len());
        let c = index.candidates(&Query::parse("smcy")).unwrap();
        assert!(c.len() * 2 < index.len(), "{} of {}", c.len(), index.len());
        assert!(index.candidates(&Query::parse("!鸡西")).is_none());
    }
}

#[cfg(test)]
mod selectivity {
    #[test]
    #[ignore]
    fn print_pair_selectivity() {
        let dir = std::env::var("BAOGAO_CORPUS").unwrap_or_default();
        let corpus = crate::corpus::Corpus::load(&[dir.into()]);
        let index = super::Index::build(&corpus);
        for (a, b) in [(b's', b'm'), (b's', b'h'), (b's', b'y'), (b'm', b'c'), (b'x', b'c')] {
            let n = index.post.pairs.get(&super::pair_key(a, b)).map_or(0, super::PackedList::len);
            println!("{}{}: {n} of {}", a as char, b as char, index.len());
        }
        for q in ["shimo", "shim", "smcy", "sm", "shi"] {
            println!("{q}: {:?}", crate::search::pinyin::leading_pairs(q));
        }
    }
}
