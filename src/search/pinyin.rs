//! Pinyin matching: lets a Latin query such as `shimo`, `smcy` or `shimcy` find 石墨 / 石墨产业.
//!
//! Readings come from the `pinyin` crate (data: mozillazg/pinyin-data, every heteronym of
//! ~42 000 chars). They are turned once, on first use, into a lookup table of toneless lowercase
//! ASCII readings: tones dropped, duplicates removed (most common reading first), `ü` written both
//! as `v` and as `u` (绿 → lv, lu), `ê` as `e`. The table takes about 2 MB and a few ms to build
//! (release), on first use or at [`warm_up`].
//!
//! Matching ([`match_at`]) is a forward set-of-positions automaton over the query: after `k`
//! chars, a `u128` bit set holds the query positions reachable so far. That is memoisation over
//! (query position, chars consumed), so it is bounded by `query.len()²·readings` per start and
//! never backtracks or allocates. Queries longer than [`MAX_QUERY`] letters never match.

use std::collections::HashMap;
use std::sync::OnceLock;

use pinyin::ToPinyinMulti;

/// Longest pinyin query (in letters) that can match.
pub const MAX_QUERY: usize = 128;

/// Per-char slice of `Table::pool`, with a bit set of the first letters of its readings.
#[derive(Clone, Copy, Debug, Default)]
struct Entry {
    start: u32,
    len: u32,
    /// Bit `b - b'a'` set if some reading starts with letter `b`.
    first: u32,
}

/// The dense part covers CJK punctuation (〇 has readings), Extension A and the URO
/// (U+3000–U+9FFF), where nearly all chars of real text are; everything else with a reading
/// (private use, compatibility ideographs, Extensions B–H) lives in the sorted sparse part.
const DENSE_START: u32 = 0x3000;
const DENSE_END: u32 = 0x9FFF;
/// Ranges scanned for readings outside the dense part.
const SPARSE_RANGES: [(u32, u32); 2] = [(0xE000, 0xFAFF), (0x20000, 0x323AF)];

/// A reading packed for the hot path: letters in `[0..7]` (zero padded; the longest reading,
/// e.g. zhuang, has 6), length in `[7]`.
type Packed = [u8; 8];

struct Table {
    pool: Vec<&'static str>,
    /// `rank[i]`: where `pool[i]` came in its char's heteronyms (0 = the common reading; a
    /// ü reading's two spellings share one).
    rank: Vec<u8>,
    /// `pool`, packed: same indices.
    packed: Vec<Packed>,
    dense: Vec<Entry>,
    /// `dense[i].first`, packed tight for the per-char prefilter.
    dense_first: Vec<u32>,
    /// `dense_first`, with the first letters of each char's simplified form added (a
    /// traditional char reads as its simplified form does): the prefilter of a scan on
    /// text that is not folded first.
    dense_first_folded: Vec<u32>,
    sparse: Vec<(u32, Entry)>,
}

impl Table {
    fn build() -> Table {
        let mut interned: HashMap<String, &'static str> = HashMap::new();
        let mut pool: Vec<&'static str> = Vec::with_capacity(50_000);
        let mut rank: Vec<u8> = Vec::with_capacity(50_000);
        let mut add = |c: char, pool: &mut Vec<&'static str>| -> Entry {
            let start = pool.len();
            let mut first = 0u32;
            if let Some(multi) = c.to_pinyin_multi() {
                for (nth, p) in multi.into_iter().enumerate() {
                    let plain = p.plain();
                    let mut push = |r: &'static str, pool: &mut Vec<&'static str>| {
                        if !r.is_empty() && !pool[start..].contains(&r) {
                            first |= 1 << (r.as_bytes()[0] - b'a');
                            pool.push(r);
                            rank.push(nth.min(255) as u8);
                        }
                    };
                    if plain.bytes().all(|b| b.is_ascii_lowercase()) {
                        push(plain, pool);
                        continue;
                    }
                    // ü → v and u; ê → e; anything else unexpected: drop the reading.
                    let variant = |u: char| -> Option<String> {
                        plain
                            .chars()
                            .map(|ch| match ch {
                                'a'..='z' => Some(ch),
                                'ü' => Some(u),
                                'ê' => Some('e'),
                                _ => None,
                            })
                            .collect()
                    };
                    for s in [variant('v'), variant('u')].into_iter().flatten() {
                        let r = match interned.get(&s) {
                            Some(&r) => r,
                            None => {
                                let r: &'static str = Box::leak(s.clone().into_boxed_str());
                                interned.insert(s, r);
                                r
                            }
                        };
                        push(r, pool);
                    }
                }
            }
            let len = pool.len() - start;
            Entry { start: start as u32, len: len as u32, first }
        };
        let dense: Vec<Entry> = (DENSE_START..=DENSE_END)
            .map(|u| char::from_u32(u).map_or(Entry::default(), |c| add(c, &mut pool)))
            .collect();
        let mut sparse = Vec::new();
        for (lo, hi) in SPARSE_RANGES {
            for u in lo..=hi {
                if let Some(c) = char::from_u32(u) {
                    let e = add(c, &mut pool);
                    if e.len > 0 {
                        sparse.push((u, e));
                    }
                }
            }
        }
        pool.shrink_to_fit();
        let rank = std::mem::take(&mut rank);
        let packed = pool
            .iter()
            .map(|r| {
                let mut p = [0u8; 8];
                let n = r.len().min(7);
                p[..n].copy_from_slice(&r.as_bytes()[..n]);
                p[7] = n as u8;
                p
            })
            .collect();
        let dense_first: Vec<u32> = dense.iter().map(|e| e.first).collect();
        let dense_first_folded = (DENSE_START..=DENSE_END)
            .zip(&dense_first)
            .map(|(u, &f)| {
                let c = char::from_u32(u).unwrap_or('\0');
                let s = super::fold::simplified(c) as u32;
                f | s.checked_sub(DENSE_START).and_then(|k| dense_first.get(k as usize)).copied().unwrap_or(0)
            })
            .collect();
        Table { pool, rank, packed, dense, dense_first, dense_first_folded, sparse }
    }

    #[inline]
    fn entry(&self, c: char) -> Entry {
        let u = c as u32;
        let d = u.wrapping_sub(DENSE_START);
        if d <= DENSE_END - DENSE_START {
            return self.dense[d as usize];
        }
        if !SPARSE_RANGES.iter().any(|&(lo, hi)| (lo..=hi).contains(&u)) {
            return Entry::default();
        }
        match self.sparse.binary_search_by_key(&u, |&(k, _)| k) {
            Ok(i) => self.sparse[i].1,
            Err(_) => Entry::default(),
        }
    }

    /// [`Table::first_letters`] of `c` and of its simplified form.
    #[inline]
    fn first_letters_folded(&self, c: char) -> u32 {
        let d = (c as u32).wrapping_sub(DENSE_START);
        if d <= DENSE_END - DENSE_START {
            self.dense_first_folded[d as usize]
        } else {
            self.entry(c).first | self.entry(super::fold::simplified(c)).first
        }
    }

    /// First letters of the readings of `c` (see [`Entry::first`]).
    #[inline]
    fn first_letters(&self, c: char) -> u32 {
        let d = (c as u32).wrapping_sub(DENSE_START);
        if d <= DENSE_END - DENSE_START { self.dense_first[d as usize] } else { self.entry(c).first }
    }

    #[inline]
    fn readings(&self, e: Entry) -> &[&'static str] {
        &self.pool[e.start as usize..(e.start + e.len) as usize]
    }

    #[inline]
    fn packed(&self, e: Entry) -> &[Packed] {
        &self.packed[e.start as usize..(e.start + e.len) as usize]
    }
}

/// First letters of the readings of `c` as a bit set (bit 0 = 'a'); 0 for non-Han chars.
pub fn first_letters(c: char) -> u32 {
    table().first_letters(c)
}

/// Every distinct reading (syllable), for splitting a query.
fn syllables() -> &'static std::collections::HashSet<&'static str> {
    static S: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    S.get_or_init(|| table().pool.iter().copied().collect())
}

/// The pairs of first letters that the first two chars of any match of `query` spanning at
/// least two chars must have, or None if the query could also be matched by one char alone
/// (then no pair constraint holds). Used by the index to find candidate paragraphs.
pub fn leading_pairs(query: &str) -> Option<Vec<(u8, u8)>> {
    let q = query.as_bytes();
    if q.is_empty() || !q.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    // One char alone: the query is a prefix of a reading, or an initial (one letter, zh/ch/sh).
    let initial_only = q.len() == 1 || q.len() == 2 && q[1] == b'h' && matches!(q[0], b'z' | b'c' | b's');
    if initial_only || syllables().iter().any(|r| r.as_bytes().starts_with(q)) {
        return None;
    }
    let mut firsts: Vec<usize> = vec![1];
    if matches!(q[0], b'z' | b'c' | b's') && q[1] == b'h' {
        firsts.push(2);
    }
    for len in 1..=q.len().min(7) {
        if let Ok(head) = std::str::from_utf8(&q[..len])
            && syllables().contains(head)
        {
            firsts.push(len);
        }
    }
    // Keep only first-char splits after which the rest can still be read as chars.
    let mut pairs: Vec<(u8, u8)> =
        firsts.into_iter().filter(|&l| l < q.len() && parseable(&q[l..])).map(|l| (q[0], q[l])).collect();
    pairs.sort_unstable();
    pairs.dedup();
    Some(pairs)
}

/// Can `rest` be read as a run of chars, each matched by a full reading or an initial (first
/// letter, or zh/ch/sh), the last possibly by a prefix of a reading? (No reading starts with
/// i, u or v, so "shimo" cannot be s|h|i….)
fn parseable(rest: &[u8]) -> bool {
    readable_suffixes(rest)[0]
}

/// For each `i`, [`parseable`]`(&rest[i..])` (and true at `rest.len()`), in one pass.
fn readable_suffixes(rest: &[u8]) -> Vec<bool> {
    let syl = syllables();
    let firsts: u32 = syl.iter().filter_map(|s| s.as_bytes().first()).fold(0, |m, &b| m | 1 << (b - b'a'));
    let n = rest.len();
    let mut ok = vec![false; n + 1];
    ok[n] = true;
    for i in (0..n).rev() {
        let r = &rest[i..];
        let letter_ok = r[0].is_ascii_lowercase() && firsts & (1 << (r[0] - b'a')) != 0;
        if !letter_ok {
            continue;
        }
        let mut v = ok[i + 1]; // an initial
        if !v && r.len() >= 2 && r[1] == b'h' && matches!(r[0], b'z' | b'c' | b's') {
            v = ok[i + 2];
        }
        if !v {
            for len in 2..=r.len().min(7) {
                if ok[i + len] && std::str::from_utf8(&r[..len]).is_ok_and(|s| syl.contains(s)) {
                    v = true;
                    break;
                }
            }
        }
        if !v && syl.iter().any(|s| s.as_bytes().starts_with(r)) {
            v = true; // the last char, by a prefix of its reading
        }
        ok[i] = v;
    }
    ok
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(Table::build)
}

/// Builds the reading table now rather than on the first pinyin match (e.g. on a worker thread).
pub fn warm_up() {
    table();
}

/// All toneless lowercase readings of a Han char (empty for non-Han), most common first.
pub fn readings(c: char) -> &'static [&'static str] {
    let t = table();
    t.readings(t.entry(c))
}

/// Is `term` worth trying as pinyin: ASCII letters only, length >= 2.
pub fn is_pinyin_query(term: &str) -> bool {
    term.len() >= 2 && term.bytes().all(|b| b.is_ascii_alphabetic())
}

/// A query copied into a stack buffer, lowercased; `None` if it cannot match as pinyin.
struct Q {
    buf: [u8; MAX_QUERY],
    len: usize,
}

impl Q {
    fn new(query: &str) -> Option<Q> {
        let bytes = query.as_bytes();
        if bytes.is_empty() || bytes.len() > MAX_QUERY || !bytes.iter().all(u8::is_ascii_alphabetic) {
            return None;
        }
        let mut buf = [0u8; MAX_QUERY];
        for (d, s) in buf.iter_mut().zip(bytes) {
            *d = s.to_ascii_lowercase();
        }
        Some(Q { buf, len: bytes.len() })
    }

    #[inline]
    fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// `a` is a prefix of `b` (a byte loop: these are a few bytes, a `memcmp` call costs more).
#[inline]
fn is_prefix(a: &[u8], b: &[u8]) -> bool {
    a.len() <= b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// The automaton. Returns the number of chars matched from `start`; if `end` is given, only a
/// match covering exactly `text[start..end]` counts.
fn match_impl(t: &Table, q: &[u8], text: &[char], start: usize, end: Option<usize>) -> Option<usize> {
    let n = q.len();
    let last = end.unwrap_or(text.len()).min(text.len());
    // Quick rejection on the first char: the common case at almost every start.
    let first = t.entry(*text.get(start)?);
    if first.first & (1 << (q[0] - b'a')) == 0 || start >= last {
        return None;
    }
    let mut set: u128 = 1;
    let mut e = first;
    let mut ti = start;
    loop {
        let can_complete = end.is_none_or(|end| ti + 1 == end);
        let readings = t.packed(e);
        let mut next: u128 = 0;
        let mut bits = set;
        while bits != 0 {
            let qi = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let qc = q[qi];
            if e.first & (1 << (qc - b'a')) == 0 {
                continue;
            }
            let rem = &q[qi..];
            for r in readings {
                let rb = &r[..usize::from(r[7])];
                if rb[0] != qc {
                    continue;
                }
                // The rest of the query is a (possibly full) prefix of this reading: done.
                if can_complete && is_prefix(rem, rb) {
                    return Some(ti + 1 - start);
                }
                // Initial: first letter, or zh/ch/sh.
                if qi + 1 < n {
                    next |= 1 << (qi + 1);
                }
                if rb.len() >= 2 && rb[1] == b'h' && matches!(qc, b'z' | b'c' | b's') && rem.len() > 2 && rem[1] == b'h'
                {
                    next |= 1 << (qi + 2);
                }
                // Full reading, with more query left.
                if rb.len() < rem.len() && is_prefix(rb, rem) {
                    next |= 1 << (qi + rb.len());
                }
            }
        }
        ti += 1;
        if next == 0 || ti >= last {
            return None;
        }
        e = t.entry(text[ti]);
        if e.len == 0 {
            return None;
        }
        set = next;
    }
}

/// How well a pinyin match reads, higher is better (at most [`BEST_QUALITY`]), packed:
/// - bits 6–7, the form: 3 when every char is spelled by a full reading (the last perhaps by
///   a prefix of two letters or more, as while typing `shim`), 2 when some are and some by
///   their initials (`shimcy`), 1 when all are by initials (`smcy`);
/// - bits 2–5: 15 less the chars read by a reading that is not their common one (the first
///   the `pinyin` crate gives: 万 is wan before mo, so `shimo` reads 十万 worse than 石墨);
/// - bits 0–1: 3 less the zh/ch/sh initials (`yshj` reads 营商环境 letter by letter better
///   than 业升级 with sh).
///
/// Of all the ways to spell the chars with the query, the best one counts.
pub const BEST_QUALITY: u8 = 255;

/// Is every char of a match of this quality read by its common reading?
pub fn common_readings(quality: u8) -> bool {
    (quality >> 2) & 15 == 15
}

fn quality_impl(t: &Table, q: &[u8], chars: &[char]) -> Option<u8> {
    const INF: u32 = u32::MAX;
    // Costs, lower is better: initials << 16 | rare readings << 8 | zh/ch/sh initials.
    const INITIAL: u32 = 1 << 16;
    const RARE: u32 = 1 << 8;
    let n = q.len();
    let k = chars.len();
    if n == 0 || k == 0 || n > MAX_QUERY {
        return None;
    }
    let mut cur = [INF; MAX_QUERY + 1];
    let mut next = [INF; MAX_QUERY + 1];
    cur[0] = 0;
    for (i, &c) in chars.iter().enumerate() {
        let e = t.entry(c);
        let readings = t.packed(e);
        let ranks = &t.rank[e.start as usize..(e.start + e.len) as usize];
        let last = i + 1 == k;
        next[..=n].fill(INF);
        for j in 0..n {
            let base = cur[j];
            if base == INF {
                continue;
            }
            let rem = &q[j..];
            for (r, &rank) in readings.iter().zip(ranks) {
                let rb = &r[..usize::from(r[7])];
                if rb[0] != rem[0] {
                    continue;
                }
                let rare = if rank > 0 { RARE } else { 0 };
                let mut relax = |to: usize, cost: u32| {
                    if cost < next[to] {
                        next[to] = cost;
                    }
                };
                if is_prefix(rb, rem) {
                    relax(j + rb.len(), base + rare);
                }
                if last && rem.len() < rb.len() && is_prefix(rem, rb) {
                    // A prefix of the reading: a full spelling being typed, unless one letter.
                    relax(n, base + rare + if rem.len() >= 2 { 0 } else { INITIAL });
                }
                relax(j + 1, base + rare + INITIAL);
                if rb.len() >= 2 && rb[1] == b'h' && matches!(rem[0], b'z' | b'c' | b's') && rem.get(1) == Some(&b'h') {
                    relax(j + 2, base + rare + INITIAL + 1);
                }
            }
        }
        std::mem::swap(&mut cur, &mut next);
    }
    let cost = cur[n];
    if cost == INF {
        return None;
    }
    let initials = (cost >> 16) as usize;
    let rare = ((cost >> 8) & 0xff).min(15) as u8;
    let digraphs = (cost & 0xff).min(3) as u8;
    let form: u8 = if initials == 0 {
        3
    } else if initials >= k {
        1
    } else {
        2
    };
    Some(form << 6 | (15 - rare) << 2 | (3 - digraphs))
}

/// How well `query` spells exactly the chars `chars` (see [`BEST_QUALITY`]); None if it does
/// not spell them.
pub fn quality(query: &str, chars: &[char]) -> Option<u8> {
    let q = Q::new(query)?;
    quality_impl(table(), q.bytes(), chars)
}

/// Does `query` spell exactly the chars `chars`, each in full by its common reading (no
/// initial, no prefix of a reading being typed)? What a pinyin word's occurrence is in the
/// research views: `shimo` is 石墨, never 使某 (shi mou, `mo` a prefix) nor 十万.
pub fn spells_in_full(query: &str, chars: &[char]) -> bool {
    let Some(q) = Q::new(query) else { return false };
    let (t, q) = (table(), q.bytes());
    if q.len() > MAX_QUERY {
        return false;
    }
    let mut at = [false; MAX_QUERY + 1];
    at[0] = true;
    for &c in chars {
        let e = t.entry(c);
        let ranks = &t.rank[e.start as usize..(e.start + e.len) as usize];
        let mut next = [false; MAX_QUERY + 1];
        for j in (0..q.len()).filter(|&j| at[j]) {
            for (r, _) in t.packed(e).iter().zip(ranks).filter(|(_, rank)| **rank == 0) {
                let rb = &r[..usize::from(r[7])];
                if is_prefix(rb, &q[j..]) {
                    next[j + rb.len()] = true;
                }
            }
        }
        at = next;
    }
    !chars.is_empty() && at[q.len()]
}

/// One pinyin match: where it starts and how many chars it spans (in the chars searched),
/// and how well it reads ([`BEST_QUALITY`]). Of a scan's matches only the best quality and
/// the phrase of the first match of that quality are kept true: a match that could not be
/// better than one before it reads 0 (see `found_at`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub len: usize,
    pub quality: u8,
    /// A hash of the (folded) chars matched, to count the hits that spell the same phrase.
    pub phrase: u64,
}

/// A hash of a run of chars (FNV-1a over the code points), never 0.
pub fn phrase_hash(chars: &[char]) -> u64 {
    let h = chars.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &c| (h ^ c as u64).wrapping_mul(0x100_0000_01b3));
    h.max(1)
}

/// Does `query` (ASCII letters; case is ignored) match the chars `text[start..]` contiguously,
/// where each char is matched by one of its full readings or by its initial (first letter; also
/// zh/ch/sh for those readings)? Mixed forms allowed (e.g. "shimcy" = shi mo c y). The last char
/// may be matched by a prefix of a reading ("shim" matches 石墨). Returns the number of chars
/// matched (>= 1, the fewest possible) or None.
pub fn match_at(query: &str, text: &[char], start: usize) -> Option<usize> {
    let q = Q::new(query)?;
    match_impl(table(), q.bytes(), text, start, None)
}

/// Does `query` match exactly the chars `text[start..end]` (as in [`match_at`])?
pub fn matches_span(query: &str, text: &[char], start: usize, end: usize) -> bool {
    let Some(q) = Q::new(query) else { return false };
    end > start && match_impl(table(), q.bytes(), text, start, Some(end)).is_some()
}

/// The char whose UTF-8 encoding starts at `bytes[j]`, and its width; `bytes` is a `str`'s
/// and `j` one of its char boundaries.
#[inline(always)]
fn char_at(bytes: &[u8], j: usize) -> (char, usize) {
    let b0 = u32::from(bytes[j]);
    let cont = |k: usize| u32::from(bytes[j + k] & 0x3f);
    let (cp, w) = if b0 < 0x80 {
        (b0, 1)
    } else if b0 < 0xe0 {
        ((b0 & 0x1f) << 6 | cont(1), 2)
    } else if b0 < 0xf0 {
        ((b0 & 0x0f) << 12 | cont(1) << 6 | cont(2), 3)
    } else {
        ((b0 & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3), 4)
    };
    (char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER), w)
}

/// Which chars of the dense range can start a match of one query, one bit each: a char
/// whose (folded) readings could begin the query, with the rest of the query still readable
/// as chars after it (see [`parseable`]). Built once per query and thread, and far sharper
/// than the first letter alone: of the chars read x…, `xi` can start only at those read xi…,
/// since no reading starts with i.
struct Starts {
    query: Vec<u8>,
    bits: Vec<u64>,
}

impl Starts {
    fn build(t: &Table, q: &[u8]) -> Starts {
        let n = q.len();
        // ok_after[l]: the query's rest after a first char that took l letters can be read.
        // (A zh/ch/sh initial needs no case of its own: h is an initial too, so the rest
        // after z can be read whenever the rest after zh can.)
        let mut ok_after = readable_suffixes(q);
        ok_after[n] = false;
        let bit = 1 << (q[0] - b'a');
        let can_start = |e: Entry| {
            t.packed(e).iter().any(|r| {
                let rb = &r[..usize::from(r[7])];
                rb[0] == q[0]
                    && (is_prefix(q, rb) || ok_after[1] || rb.len() < n && is_prefix(rb, q) && ok_after[rb.len()])
            })
        };
        let len = (DENSE_END - DENSE_START + 1) as usize;
        let mut bits = vec![0u64; len.div_ceil(64)];
        for (d, &first) in t.dense_first_folded.iter().enumerate() {
            if first & bit == 0 {
                continue;
            }
            let c = char::from_u32(DENSE_START + d as u32).unwrap_or('\0');
            // A char that folding drops is kept: the scan then gives up to the slow path.
            let set = super::fold::fold_char(c).is_none_or(|f| can_start(t.entry(f)));
            if set {
                bits[d / 64] |= 1 << (d % 64);
            }
        }
        Starts { query: q.to_vec(), bits }
    }

    /// The last queries' sets, per thread: a scan runs one query's terms over many
    /// paragraphs, so a term's set is built once per thread (a query of more than
    /// `KEPT` pinyin terms would build them again for every paragraph).
    fn of(t: &Table, q: &[u8]) -> std::rc::Rc<Starts> {
        thread_local! {
            static CACHE: std::cell::RefCell<Vec<std::rc::Rc<Starts>>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if let Some(s) = cache.iter().find(|s| s.query == q) {
                return s.clone();
            }
            let s = std::rc::Rc::new(Starts::build(t, q));
            const KEPT: usize = 32;
            if cache.len() >= KEPT {
                cache.remove(0);
            }
            cache.push(s.clone());
            s
        })
    }

    /// Can `c` start a match? Outside the dense range, by the first letter alone.
    #[inline(always)]
    fn admits(&self, t: &Table, c: char, bit: u32) -> bool {
        let d = (c as u32).wrapping_sub(DENSE_START);
        if d <= DENSE_END - DENSE_START {
            let d = d as usize;
            self.bits[d / 64] & (1 << (d % 64)) != 0
        } else {
            !c.is_ascii() && t.first_letters_folded(c) & bit != 0
        }
    }
}

/// [`find_all`], with a stop (`enough`), straight on a `str`, without collecting its chars: only a short window
/// (as many chars as the query has letters, the most one match can span) is gathered where a
/// char can start the query (see [`Starts`]), each char folded by [`super::fold::fold_char`]
/// first (so that 經 reads as 经 does). `None` if such a window holds a char that folding
/// drops (folding the paragraph would remove it and join its neighbours; the caller then
/// takes the slow path).
pub fn find_in_str(query: &str, text: &str, enough: impl Fn(&[Found]) -> bool) -> Option<Vec<Found>> {
    let mut out = Vec::new();
    let Some(q) = Q::new(query) else { return Some(out) };
    let t = table();
    let q = q.bytes();
    let starts = Starts::of(t, q);
    let bit = 1 << (q[0] - b'a');
    let span = q.len();
    let fold = super::fold::fold_char;
    let mut window: Vec<char> = Vec::with_capacity(span);
    let mut best = 0u8;
    // A byte loop: this runs over every char of most paragraphs for a short query.
    let bytes = text.as_bytes();
    let (mut j, mut i) = (0usize, 0usize);
    while j < bytes.len() {
        if bytes[j] < 0x80 {
            // ASCII: no readings.
            j += 1;
            i += 1;
            continue;
        }
        let (c, w) = char_at(bytes, j);
        let start = i;
        j += w;
        i += 1;
        if !starts.admits(t, c, bit) {
            continue;
        }
        window.clear();
        window.push(fold(c)?);
        let mut k = j;
        while window.len() < span && k < bytes.len() {
            let (d, w) = char_at(bytes, k);
            k += w;
            window.push(fold(d)?);
        }
        if let Some(len) = match_impl(t, q, &window, 0, None) {
            out.push(found_at(t, q, &window[..len], start, &mut best));
            if enough(&out) {
                break;
            }
            for _ in 1..len {
                j += char_at(bytes, j).1;
                i += 1;
            }
        }
    }
    Some(out)
}

/// The match of `chars` at `start`. Only what a term's hit takes from its matches is worked
/// out: the best quality, and the phrase of the first match of that quality. So a match that
/// cannot be better than the best so far (`best`, updated) gets quality 0 and no phrase.
fn found_at(t: &Table, q: &[u8], chars: &[char], start: usize, best: &mut u8) -> Found {
    let len = chars.len();
    if *best == BEST_QUALITY {
        return Found { start, len, quality: 0, phrase: 0 };
    }
    let quality = quality_impl(t, q, chars).unwrap_or(0);
    if quality > *best {
        *best = quality;
        return Found { start, len, quality, phrase: phrase_hash(chars) };
    }
    Found { start, len, quality, phrase: 0 }
}

/// All non-overlapping pinyin matches in `text`, leftmost first.
pub fn find_all(query: &str, text: &[char]) -> Vec<Found> {
    let mut out = Vec::new();
    let Some(q) = Q::new(query) else { return out };
    let t = table();
    let q = q.bytes();
    let bit = 1 << (q[0] - b'a');
    let mut i = 0;
    let mut best = 0u8;
    while i < text.len() {
        if t.first_letters(text[i]) & bit == 0 {
            i += 1;
        } else if let Some(len) = match_impl(t, q, text, i, None) {
            out.push(found_at(t, q, &text[i..i + len], i, &mut best));
            i += len;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn readings_are_toneless_heteronyms() {
        assert_eq!(readings('行'), &["xing", "hang", "heng"]);
        assert_eq!(readings('长'), &["zhang", "chang"]);
        assert_eq!(readings('石'), &["shi", "dan"]);
        assert_eq!(readings('绿'), &["lv", "lu"]);
        assert_eq!(readings('〇')[0], "ling");
        assert!(readings('a').is_empty());
        assert!(readings('，').is_empty());
        assert!(readings('𠀀').iter().all(|r| r.bytes().all(|b| b.is_ascii_lowercase())));
    }

    #[test]
    fn every_reading_is_nonempty_ascii_lowercase() {
        for u in (0x3000..=0x9FFF).chain(0x20000..=0x2A6DF) {
            let Some(c) = char::from_u32(u) else { continue };
            for r in readings(c) {
                assert!(!r.is_empty() && r.bytes().all(|b| b.is_ascii_lowercase()), "{c} {r}");
                assert!(r.len() <= 7, "{c} {r}: does not fit a packed reading");
            }
        }
    }

    #[test]
    fn full_readings() {
        assert_eq!(match_at("shimo", &chars("石墨产业"), 0), Some(2));
        assert_eq!(match_at("shimochanye", &chars("石墨产业"), 0), Some(4));
        assert_eq!(match_at("SHIMO", &chars("石墨"), 0), Some(2));
    }

    #[test]
    fn initials_and_mixed() {
        assert_eq!(match_at("smcy", &chars("石墨产业"), 0), Some(4));
        assert_eq!(match_at("shimcy", &chars("石墨产业"), 0), Some(4));
        assert_eq!(match_at("smchanye", &chars("石墨产业"), 0), Some(4));
        assert_eq!(match_at("sm", &chars("石墨产业"), 0), Some(2));
    }

    #[test]
    fn zh_ch_sh_initials() {
        // 政府工作 = zheng fu gong zuo; 长春 = chang chun; 深化 = shen hua.
        assert_eq!(match_at("zhfgz", &chars("政府工作报告"), 0), Some(4));
        assert_eq!(match_at("chch", &chars("长春市"), 0), Some(2));
        assert_eq!(match_at("shh", &chars("深化改革"), 0), Some(2));
        // "zh" cannot stand for a z- reading: 自 is zi.
        assert_eq!(match_at("zhd", &chars("自动"), 0), None);
    }

    #[test]
    fn last_char_by_prefix() {
        assert_eq!(match_at("shim", &chars("石墨"), 0), Some(2));
        assert_eq!(match_at("yingsh", &chars("营商环境"), 0), Some(2));
        assert_eq!(match_at("yingshanghuanj", &chars("营商环境"), 0), Some(4));
        // Only the last char may be a partial reading ("yin" is not an initial of 营 ying).
        assert_eq!(match_at("yinshang", &chars("营商"), 0), None);
    }

    #[test]
    fn polyphones() {
        assert_eq!(match_at("hangye", &chars("行业"), 0), Some(2));
        assert_eq!(match_at("xingdong", &chars("行动"), 0), Some(2));
        assert_eq!(match_at("zhangda", &chars("长大"), 0), Some(2));
        assert_eq!(match_at("changqi", &chars("长期"), 0), Some(2));
        assert_eq!(match_at("yinhang", &chars("银行"), 0), Some(2));
    }

    #[test]
    fn non_matches() {
        assert_eq!(match_at("shimo", &chars("石油"), 0), None);
        assert_eq!(match_at("shimo", &chars("石"), 0), None);
        assert_eq!(match_at("shimo", &chars("墨石"), 0), None);
        assert_eq!(match_at("shimo", &chars("石 墨"), 0), None, "non-Han chars break a match");
        assert_eq!(match_at("shimo", &chars("石墨"), 2), None);
        assert_eq!(match_at("shi1", &chars("石"), 0), None);
        assert_eq!(match_at("", &chars("石"), 0), None);
        assert_eq!(match_at("ab", &[], 0), None);
    }

    #[test]
    fn find_all_is_leftmost_non_overlapping() {
        let text = chars("石墨产业，石墨烯和石墨");
        let spans = |q: &str, text: &[char]| -> Vec<(usize, usize)> {
            find_all(q, text).iter().map(|f| (f.start, f.len)).collect()
        };
        assert_eq!(spans("shimo", &text), vec![(0, 2), (5, 2), (9, 2)]);
        assert_eq!(spans("smcy", &text), vec![(0, 4)]);
        for f in find_all("shimo", &text) {
            assert!(text[f.start..f.start + f.len].iter().all(|c| "石墨".contains(*c)));
        }
        // 行行 with "hh": one match of two chars, not two overlapping ones.
        assert_eq!(spans("hh", &chars("行行行")), vec![(0, 2)]);
        assert!(find_all("zzzz", &text).is_empty());
    }

    #[test]
    fn spans() {
        let text = chars("加快石墨产业");
        assert!(matches_span("cy", &text, 4, 6));
        assert!(matches_span("shimochany", &text, 2, 6));
        assert!(!matches_span("shimo", &text, 2, 6));
        assert!(!matches_span("shimo", &text, 2, 2));
    }

    #[test]
    fn long_queries_are_bounded() {
        let text: Vec<char> = "行".repeat(300).chars().collect();
        let q = "x".repeat(MAX_QUERY);
        assert_eq!(match_at(&q, &text, 0), Some(MAX_QUERY));
        assert_eq!(match_at(&"x".repeat(MAX_QUERY + 1), &text, 0), None);
        assert_eq!(match_at(&"xingh".repeat(25), &text, 0), Some(50));
    }

    #[test]
    fn quality_prefers_full_common_readings_and_single_letter_initials() {
        let q = |query: &str, text: &str| quality(query, &chars(text)).unwrap_or_else(|| panic!("{query} {text}"));
        assert_eq!(q("shimo", "石墨"), BEST_QUALITY);
        // 万 is wan before mo: 十万 reads shimo through a rare reading.
        assert!(q("shimo", "十万") < q("shimo", "石墨"));
        assert!(q("shimo", "什么") < q("shimo", "石墨"));
        // Full readings over mixed over initials.
        assert!(q("shimcy", "石墨产业") < q("shimochanye", "石墨产业"));
        assert!(q("smcy", "石墨产业") < q("shimcy", "石墨产业"));
        // One letter a char reads better than sh as one initial.
        assert!(q("yshj", "业升级") < q("yshj", "营商环境"));
        // A polyphone's other reading still reads, a little below its common one.
        assert!(q("hangye", "行业") < BEST_QUALITY);
        assert!(q("hangye", "行业") > q("hy", "行业"));
        // Typing a full reading: the last char by a prefix of two letters or more; one
        // letter is an initial.
        assert_eq!(q("yingsha", "营商"), BEST_QUALITY);
        assert!(q("shim", "石墨") < BEST_QUALITY);
        assert_eq!(quality("shimo", &chars("石油")), None);
    }

    #[test]
    fn only_chars_that_can_begin_the_query_start_a_scan() {
        let t = table();
        let admits = |q: &str, c: char| Starts::build(t, q.as_bytes()).admits(t, c, 1 << (q.as_bytes()[0] - b'a'));
        // No reading starts with i, so xi must be one char read xi…: 需 (xu) cannot start it.
        assert!(admits("xi", '习') && admits("xi", '乡') && !admits("xi", '需'));
        assert!(admits("xu", '需') && !admits("xu", '习'));
        // A traditional char starts what its simplified form starts.
        assert!(admits("xi", '習') && admits("xiang", '鄉'));
        // xiangc: 乡 (xiang) then c…, 先 (xian) then g…, 下 (xia) then n…, 西 (xi) then a…;
        // not 小 (xiao) or 新 (xin), whose readings are no prefix of it.
        assert!(admits("xiangc", '乡') && admits("xiangc", '先') && admits("xiangc", '下') && admits("xiangc", '西'));
        assert!(!admits("xiangc", '小') && !admits("xiangc", '新'));
        // zh as an initial: 中 (zhong) starts zhg (zh, g…); so does 在 (z, h…, g…).
        assert!(admits("zhg", '中') && admits("zhg", '在') && !admits("zhg", '是'));
    }

    /// `Starts` may only leave out chars at which no match can begin: for every run of three
    /// chars from a pool that reads many ways (single-letter readings, ng, zh/ch/sh,
    /// polyphones, ü, a traditional char), a match at its first char means the char is let
    /// through.
    #[test]
    fn a_char_where_a_match_begins_is_always_let_through() {
        let t = table();
        let pool: Vec<char> = "啊额嗯呒哦中在是习西下先乡需石墨长行绿女二欧經鄉安".chars().collect();
        let queries = [
            "a", "e", "ng", "n", "m", "xi", "xia", "xiang", "xiangc", "zhg", "zh", "sh", "shim", "jjfz", "ys", "er",
            "en", "ou", "lv", "nv", "nu", "ang", "hm", "an", "anx", "chang", "cx", "xx", "ee",
        ];
        for q in queries {
            let starts = Starts::build(t, q.as_bytes());
            let bit = 1 << (q.as_bytes()[0] - b'a');
            for &a in &pool {
                if starts.admits(t, a, bit) {
                    continue;
                }
                for &b in &pool {
                    for &c in &pool {
                        let text = [a, b, c];
                        assert!(match_at(q, &text, 0).is_none(), "{q}: {a}{b}{c} matches, but {a} is left out");
                    }
                }
            }
        }
    }

    #[test]
    fn a_scan_of_the_str_finds_what_a_scan_of_its_chars_finds() {
        // Chars of one to four bytes, a Han char outside the dense range among them.
        let ext_b =
            ['𠀀', '𪚥'].into_iter().find(|&c| !readings(c).is_empty()).expect("an Extension B char with a reading");
        let r = readings(ext_b)[0];
        let text = format!("é石墨a{ext_b}产业🇨🇳石墨ü经济{ext_b}");
        for q in ["shimo", "smcy", "jj", "jjfz", r, "chany", "mocy"] {
            let got = find_in_str(q, &text, |_| false).expect("no char that folding drops");
            assert_eq!(got, find_all(q, &chars(&text)), "{q}");
        }
        assert!(!find_in_str(r, &text, |_| false).unwrap().is_empty());
    }

    #[test]
    fn query_detection() {
        assert!(is_pinyin_query("shimo"));
        assert!(is_pinyin_query("PPP"));
        assert!(!is_pinyin_query("s"));
        assert!(!is_pinyin_query("shi mo"));
        assert!(!is_pinyin_query("石墨"));
        assert!(!is_pinyin_query("2019"));
    }
}
