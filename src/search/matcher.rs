//! Matching one paragraph against a parsed [`Query`]: pass/fail, a score, whether the hit is
//! exact, and the chars to highlight.
//!
//! Everything is matched on the [folded](super::fold) paragraph, so `ＰＰＰ` finds `PPP模式`,
//! `习近平` finds `习*近平`, `增长19.1%` finds `增长 19.1%` and 经济 finds 經濟; indices are
//! mapped back to char indices of the original text through [`Folded::map`].
//!
//! Per term:
//! - Exact (`'w`): every occurrence of `w` is highlighted. Prefix (`^w`) / suffix (`w$`): at the
//!   start / end of the folded paragraph.
//! - Fuzzy (`w`): if `w` occurs contiguously, that is an exact hit (every occurrence
//!   highlighted). Otherwise the chars of `w` must appear in order inside a window of at most
//!   `2 × len(w)` chars (so 石墨 matches 石X墨 or 石XX墨, never 石 … 200 chars … 墨): a
//!   *variant* hit; the shortest, leftmost such window is scored and aligned by
//!   `SkimMatcherV2::fuzzy_indices`.
//! - Latin-only terms of 2+ letters ([`is_pinyin_query`]) also match as pinyin (`shimo`, `smcy`,
//!   `shimcy` → 石墨产业); exact and fuzzy terms anywhere, prefix / suffix terms anchored. A
//!   pinyin match is a contiguous run of chars; it is exact when every char is read by its
//!   common reading (石墨 for `shimo`), a variant when one takes a rarer reading (十万, 万
//!   read mo). A Latin term of two or three
//!   letters (initials, as `tdf` for 碳达峰) matches contiguously only: no fuzzy window.
//! - Negated terms (`!w`, `!^w`, `!w$`, `!'w`) are matched literally, never by pinyin, and never
//!   add to the score or the highlights.
//!
//! A paragraph's hit is exact when every AND-group's best term hit is. Its score packs, from
//! the most significant bits down (see [`score_of`]):
//! 1. [`EXACT_BIT`]: exact hits rank above every variant;
//! 2. the match's quality (bits [`QUALITY_SHIFT`]..): per group, a literal hit counts
//!    [`LITERAL_QUALITY`], a pinyin hit its [`pinyin::quality`](super::pinyin::BEST_QUALITY)
//!    (full common readings over rare ones, over initials), a variant its skim score (at most
//!    255); summed over the groups;
//! 3. left for the engine (bits [`POPULARITY_SHIFT`]..): how much a pinyin hit's phrase is
//!    a word of these reports (see `engine::add_popularity`);
//! 4. [`HEADING_BIT`], left for the engine: a heading or run-in title that holds the match;
//! 5. relevance, BM25-style: per group, its best term's occurrences `tf` (at most
//!    [`TF_CAP`]) in a paragraph of `dl` chars, `tf·(k1+1) / (tf + k1·(1 − b + b·dl/avgdl))`
//!    with k1 = 1.2, b = 0.75 and a fixed typical length avgdl = [`AVG_LEN`] chars (so a
//!    hit's score does not change with the other reports loaded); plus, when two or more
//!    groups hit, a proximity bonus `1 / (1 + span/8)` for the shortest span of chars
//!    holding one match of each; scaled by 10⁶.
//!
//! The engine breaks ties by the shorter paragraph, then tree order.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::fold::{Folded, is_verbatim};
use super::pinyin::{BEST_QUALITY, Found, find_all, find_in_str, is_pinyin_query, match_at, matches_span};
use super::query::{Query, Term, TermKind};

/// A hit inside one paragraph: a score (higher is better), whether it is exact, and the
/// matched char indices into the ORIGINAL text (sorted, deduplicated).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextMatch {
    pub score: i64,
    pub exact: bool,
    /// For a query with pinyin hits, a hash of the chars they spell (each group's best
    /// match), so that the engine can count the hits spelling the same phrase; 0 otherwise.
    pub phrase: u64,
    /// Where the first group's phrase is, as chars `[start, end)` of the original text
    /// ((0, 0) without one): the engine reads the phrase there.
    pub phrase_span: (u32, u32),
    pub indices: Vec<usize>,
}

/// What the index knows of a paragraph, so that the matcher need not read it off the text
/// again for every query: whether it can be matched without folding ([`verbatim_text`]),
/// which Latin letters it holds ([`letter_mask`]: a pinyin term could match them
/// literally), and its length in chars.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Known {
    pub verbatim: bool,
    pub letters: u32,
    pub chars: u32,
}

impl Known {
    /// Read off the text (what the index stores for each paragraph).
    pub fn of(text: &str) -> Known {
        Known { verbatim: verbatim_text(text), letters: letter_mask(text), chars: text.chars().count() as u32 }
    }
}

/// The Latin letter a char is, either case, ASCII or full width (Ａ–Ｚ ａ–ｚ), as an index
/// 0–25.
pub fn latin_letter(c: char) -> Option<u32> {
    let c = match c {
        '\u{ff21}'..='\u{ff3a}' => char::from_u32(c as u32 - 0xff21 + u32::from(b'a'))?,
        '\u{ff41}'..='\u{ff5a}' => char::from_u32(c as u32 - 0xff41 + u32::from(b'a'))?,
        c => c.to_ascii_lowercase(),
    };
    c.is_ascii_lowercase().then(|| c as u32 - u32::from(b'a'))
}

/// The Latin letters `text` holds, one bit each (`a` is bit 0), of either case, ASCII or
/// full width. A Latin term can match literally only where every one of its letters is.
pub fn letter_mask(text: &str) -> u32 {
    let b = text.as_bytes();
    let mut mask = 0u32;
    if has_ascii_letter(b) {
        for &x in b.iter().filter(|x| x.is_ascii_alphabetic()) {
            mask |= 1 << (x.to_ascii_lowercase() - b'a');
        }
    }
    // Full width: EF BC A1–BA, EF BD 81–9A.
    for i in memchr::memchr_iter(0xef, b) {
        match (b.get(i + 1), b.get(i + 2)) {
            (Some(0xbc), Some(&t)) if (0xa1..=0xba).contains(&t) => mask |= 1 << (t - 0xa1),
            (Some(0xbd), Some(&t)) if (0x81..=0x9a).contains(&t) => mask |= 1 << (t - 0x81),
            _ => {}
        }
    }
    mask
}

/// Set in the score of every exact hit.
pub const EXACT_BIT: i64 = 1 << 61;
/// Where the quality sits in a score (13 bits).
pub const QUALITY_SHIFT: u32 = 48;
/// Where the engine puts the popularity of a pinyin hit's phrase (8 bits).
pub const POPULARITY_SHIFT: u32 = 40;
/// Set by the engine for a heading or run-in title that holds the match.
pub const HEADING_BIT: i64 = 1 << 39;
/// The quality of a literal hit of a term: above any pinyin reading of it.
pub const LITERAL_QUALITY: i64 = BEST_QUALITY as i64 + 1;
/// Occurrences beyond this add nothing to a paragraph's relevance.
pub const TF_CAP: usize = 5;
/// The typical paragraph length, in chars, that BM25's length normalisation is relative to.
pub const AVG_LEN: f64 = 100.0;
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Relevance is scaled by this to an integer.
const SCALE: f64 = 1e6;

/// Matches paragraphs against queries. Cheap to share: `Send + Sync`, no per-query state.
pub struct Matcher {
    skim: SkimMatcherV2,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher::new()
    }
}

/// One term's hit, in folded char indices.
struct Hit {
    /// Contiguous: a literal occurrence or a pinyin match (not a fuzzy window).
    exact: bool,
    quality: i64,
    /// Occurrences.
    count: usize,
    /// Where each occurrence starts, ascending (for proximity).
    starts: Vec<usize>,
    /// A pinyin hit's best match's chars, hashed ([`TextMatch::phrase`]); 0 for others.
    phrase: u64,
    /// That match's start and length, in the chars matched.
    phrase_at: (usize, usize),
    indices: Vec<usize>,
}

impl Hit {
    fn literal(starts: Vec<usize>, m: usize) -> Hit {
        let indices = starts.iter().flat_map(|&s| s..s + m).collect();
        Hit {
            exact: true,
            quality: LITERAL_QUALITY,
            count: starts.len(),
            starts,
            phrase: 0,
            phrase_at: (0, 0),
            indices,
        }
    }

    /// Which of two hits of one group counts: exact first, then quality, then occurrences.
    fn key(&self) -> (bool, i64, usize) {
        (self.exact, self.quality, self.count.min(TF_CAP))
    }
}

/// BM25's term frequency part for `tf` occurrences in `dl` chars.
fn bm25(tf: usize, dl: usize) -> f64 {
    let tf = tf.min(TF_CAP) as f64;
    tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * dl as f64 / AVG_LEN))
}

/// The shortest span of chars holding one start from each list (each sorted), in chars.
fn shortest_span(lists: &[&[usize]]) -> Option<usize> {
    if lists.len() < 2 || lists.iter().any(|l| l.is_empty()) {
        return None;
    }
    let mut all: Vec<(usize, usize)> =
        lists.iter().enumerate().flat_map(|(g, l)| l.iter().map(move |&s| (s, g))).collect();
    all.sort_unstable();
    let mut have = vec![0usize; lists.len()];
    let mut covered = 0;
    let mut best = usize::MAX;
    let mut lo = 0;
    for hi in 0..all.len() {
        let g = all[hi].1;
        have[g] += 1;
        if have[g] == 1 {
            covered += 1;
        }
        while covered == lists.len() {
            best = best.min(all[hi].0 - all[lo].0);
            let h = all[lo].1;
            have[h] -= 1;
            if have[h] == 0 {
                covered -= 1;
            }
            lo += 1;
        }
    }
    Some(best)
}

/// The score of a paragraph's hit (see the module docs): `exact`, the summed quality, and the
/// groups' best hits as (occurrences, starts in original chars), in a paragraph of `dl` chars.
pub fn score_of(exact: bool, quality: i64, groups: &[(usize, Vec<usize>)], dl: usize) -> i64 {
    let mut relevance: f64 = groups.iter().map(|(tf, _)| bm25(*tf, dl)).sum();
    if groups.len() >= 2 {
        let starts: Vec<&[usize]> = groups.iter().map(|(_, s)| s.as_slice()).collect();
        if let Some(span) = shortest_span(&starts) {
            relevance += 1.0 / (1.0 + span as f64 / 8.0);
        }
    }
    let relevance = ((relevance * SCALE) as i64).clamp(0, HEADING_BIT - 1);
    let quality = quality.clamp(0, (1 << (61 - QUALITY_SHIFT)) - 1);
    (if exact { EXACT_BIT } else { 0 }) | quality << QUALITY_SHIFT | relevance
}

/// Does `term` (of `m` chars) occur at `fc[i..]`?
#[inline]
fn occurs_at(fc: &[char], i: usize, term: &str, m: usize) -> bool {
    i + m <= fc.len() && term.chars().zip(&fc[i..i + m]).all(|(a, &b)| a == b)
}

/// Start indices of every (possibly overlapping) occurrence of `term` in `fc`.
fn occurrences(fc: &[char], term: &str, m: usize) -> Vec<usize> {
    let Some(first) = term.chars().next() else { return Vec::new() };
    if m > fc.len() {
        return Vec::new();
    }
    (0..=fc.len() - m).filter(|&i| fc[i] == first && occurs_at(fc, i, term, m)).collect()
}

/// Char index of every (possibly overlapping) occurrence of `t` in `text`.
fn char_occurrences(text: &str, t: &str) -> Vec<usize> {
    let finder = memchr::memmem::Finder::new(t.as_bytes());
    let bytes = text.as_bytes();
    let step = t.chars().next().map_or(1, char::len_utf8);
    let mut out = Vec::new();
    let (mut at, mut chars_before, mut counted_to) = (0usize, 0usize, 0usize);
    while let Some(p) = finder.find(&bytes[at..]) {
        let b = at + p;
        // Count chars (UTF-8 lead bytes) between the last counted position and this match.
        chars_before += bytes[counted_to..b].iter().filter(|&&x| x & 0xC0 != 0x80).count();
        counted_to = b;
        out.push(chars_before);
        at = b + step;
    }
    out
}

/// Shortest (then leftmost) window `[s, e]` of `fc` holding `term` as a subsequence, if it spans
/// at most `max_span` chars.
fn min_window(fc: &[char], term: &str, max_span: usize) -> Option<(usize, usize)> {
    let first = term.chars().next()?;
    let n = fc.len();
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < n {
        match fc[i..].iter().position(|&c| c == first) {
            Some(p) => i += p,
            None => break,
        }
        // Earliest end of a subsequence starting at or after i; if there is none, there is none
        // for any later start either.
        let mut j = i;
        for c in term.chars() {
            match fc.get(j..).and_then(|rest| rest.iter().position(|&x| x == c)) {
                Some(p) => j += p + 1,
                None => return best,
            }
        }
        let e = j - 1;
        // Latest start for that end.
        let mut s = e + 1;
        for c in term.chars().rev() {
            // Always found: the forward pass put every char of the term before e + 1.
            s = fc[..s].iter().rposition(|&x| x == c).unwrap_or(i);
        }
        if e - s < max_span && best.is_none_or(|(bs, be)| e - s < be - bs) {
            best = Some((s, e));
        }
        // Starts before e + 1 - max_span cannot give a short enough window.
        i = (s + 1).max((e + 1).saturating_sub(max_span));
    }
    best
}

/// Any ASCII letter in `b`? Checked 32 bytes at a time without an early exit inside a
/// block, so the compiler vectorises it (a plain `any` runs a byte at a time).
fn has_ascii_letter(b: &[u8]) -> bool {
    b.chunks(32).any(|block| block.iter().fold(false, |acc, &x| acc | ((x | 0x20).wrapping_sub(b'a') < 26)))
}

/// How one term fared in a paragraph: a hit, a miss, or "the fast path cannot tell".
enum TermOutcome {
    Hit(Hit),
    Miss,
    Unsure,
}

/// Combine the terms' outcomes the way a query does: every AND-group must pass (a positive
/// term hits, or a negated term misses); a group counts its best hit; the indices are the
/// union. `orig` maps a hit's char index to the original text's; `dl` is the paragraph's
/// length in original chars. `None` if some term was unsure (the caller takes the slow
/// path), `Some(None)` if the paragraph does not match.
fn combine(
    q: &Query,
    dl: usize,
    orig: impl Fn(usize) -> usize,
    mut outcome: impl FnMut(&Term) -> TermOutcome,
) -> Option<Option<TextMatch>> {
    let mut indices: Vec<usize> = Vec::new();
    let mut exact = true;
    let mut quality = 0i64;
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut phrase = 0u64;
    let mut phrase_span = (0u32, 0u32);
    // Where matches start counts only for the proximity of two groups or more.
    let multi = q.groups.iter().filter(|g| !g.is_empty()).count() > 1;
    for group in &q.groups {
        if group.is_empty() {
            continue;
        }
        let mut passed = false;
        let mut best: Option<Hit> = None;
        for term in group {
            match (outcome(term), term.negate) {
                (TermOutcome::Unsure, _) => return None,
                (TermOutcome::Miss, true) => passed = true,
                (TermOutcome::Hit(_), true) | (TermOutcome::Miss, false) => {}
                (TermOutcome::Hit(mut hit), false) => {
                    passed = true;
                    indices.append(&mut hit.indices);
                    if best.as_ref().is_none_or(|b| hit.key() > b.key()) {
                        best = Some(hit);
                    }
                }
            }
        }
        if !passed {
            return Some(None);
        }
        if let Some(b) = best {
            exact &= b.exact;
            quality += b.quality;
            if b.phrase != 0 {
                if phrase == 0 && b.phrase_at.1 > 0 {
                    let (at, len) = b.phrase_at;
                    phrase_span = (orig(at) as u32, orig(at + len - 1) as u32 + 1);
                }
                phrase = (phrase.rotate_left(17) ^ b.phrase).max(1);
            }
            let starts = if multi { b.starts.iter().map(|&s| orig(s)).collect() } else { Vec::new() };
            groups.push((b.count, starts));
        }
    }
    let mut indices: Vec<usize> = if indices.is_empty() { indices } else { indices.into_iter().map(&orig).collect() };
    indices.sort_unstable();
    indices.dedup();
    Some(Some(TextMatch { score: score_of(exact, quality, &groups, dl), exact, phrase, phrase_span, indices }))
}

fn hit_or_miss(h: Option<Hit>) -> TermOutcome {
    h.map_or(TermOutcome::Miss, TermOutcome::Hit)
}

/// Can `text` be matched as it is, without folding it? When it holds no char that folding
/// drops (spaces, stray marks) and no traditional char, a term of verbatim chars occurs in
/// the folded text exactly where it occurs in the text, at the same char positions.
pub fn verbatim_text(text: &str) -> bool {
    !crate::search::fold::has_dropped(text) && !crate::search::fold::has_traditional(text)
}

impl Matcher {
    pub fn new() -> Matcher {
        Matcher { skim: SkimMatcherV2::default().ignore_case() }
    }

    /// Match a paragraph against a query. None if any AND-group fails or a negated term matches.
    /// An empty query matches everything with score 0, exact, and no indices.
    pub fn match_text(&self, q: &Query, text: &str) -> Option<TextMatch> {
        self.match_hinted(q, text, None)
    }

    /// [`Matcher::match_text`], told whether `text` can be matched without folding (see
    /// [`verbatim_text`]; the index knows this of every paragraph), or `None` to find out
    /// (only when it matters: for a query of Chinese terms on a paragraph that may match).
    pub fn match_hinted(&self, q: &Query, text: &str, known: Option<Known>) -> Option<TextMatch> {
        if q.is_empty() {
            return Some(TextMatch { score: 0, exact: true, phrase: 0, phrase_span: (0, 0), indices: Vec::new() });
        }
        if !may_match(q, text) {
            return None;
        }
        if let Some(result) = self.pinyin_only(q, text, true, known) {
            return result;
        }
        if let Some(result) = self.match_verbatim(q, text, known) {
            return result;
        }
        // Fold into a per-thread buffer: this runs for every candidate paragraph.
        thread_local! {
            static BUF: std::cell::RefCell<Folded> = const {
                std::cell::RefCell::new(Folded { chars: Vec::new(), map: Vec::new(), orig_len: 0 })
            };
        }
        BUF.with(|b| {
            let mut folded = b.borrow_mut();
            crate::search::fold::fold_into(text, &mut folded);
            self.match_folded(q, &folded)
        })
    }

    /// [`Matcher::match_text`] on a paragraph already folded with [`fold`] (for callers that cache
    /// folded paragraphs). Indices are mapped through `folded.map`.
    pub fn match_folded(&self, q: &Query, folded: &Folded) -> Option<TextMatch> {
        if q.is_empty() {
            return Some(TextMatch { score: 0, exact: true, phrase: 0, phrase_span: (0, 0), indices: Vec::new() });
        }
        let fc = &folded.chars;
        let orig = |i: usize| folded.map.get(i).map_or(i, |&o| o as usize);
        combine(q, folded.orig_len, orig, |term| {
            // A negated term is matched literally only (fzf's inverse match).
            hit_or_miss(if term.negate { self.literal(term, fc) } else { self.positive(term, fc) })
        })
        .flatten()
    }

    /// Fast path for the common query of Chinese terms on [verbatim](verbatim_text) text:
    /// char positions in the folded text equal those in the text, so contiguous occurrences
    /// can be found on the text itself. Gives exactly what [`Matcher::match_folded`] gives;
    /// `None` when the slow path is needed (a term that is not all verbatim chars, or a fuzzy
    /// term without a contiguous hit).
    fn match_verbatim(&self, q: &Query, text: &str, known: Option<Known>) -> Option<Option<TextMatch>> {
        let all_verbatim = q.groups.iter().flatten().all(|t| !t.text.is_empty() && t.text.chars().all(is_verbatim));
        if !all_verbatim || !known.map_or_else(|| verbatim_text(text), |k| k.verbatim) {
            return None;
        }
        let dl = known.map_or_else(|| text.chars().count(), |k| k.chars as usize);
        combine(
            q,
            dl,
            |i| i,
            |term| {
                let t = term.text.as_str();
                let m = t.chars().count();
                let hit = |starts: Vec<usize>| TermOutcome::Hit(Hit::literal(starts, m));
                match term.kind {
                    TermKind::Prefix if text.starts_with(t) => hit(vec![0]),
                    TermKind::Suffix if text.ends_with(t) => hit(vec![dl - m]),
                    TermKind::Prefix | TermKind::Suffix => TermOutcome::Miss,
                    TermKind::Exact | TermKind::Fuzzy => {
                        let starts = char_occurrences(text, t);
                        if !starts.is_empty() {
                            hit(starts)
                        } else if term.kind == TermKind::Fuzzy {
                            TermOutcome::Unsure // a scattered fuzzy match may still exist
                        } else {
                            TermOutcome::Miss
                        }
                    }
                }
            },
        )
    }

    /// The score [`Matcher::match_text`] would give, without the highlight indices: where
    /// only pinyin can match, the scan stops as soon as the score is settled (a one-group
    /// query with [`TF_CAP`] matches found, one of them of the best quality). Used to rank
    /// large result sets; indices are computed for the hits that are shown.
    pub fn score_text(&self, q: &Query, text: &str) -> Option<TextMatch> {
        self.score_hinted(q, text, None)
    }

    /// [`Matcher::score_text`] with the hint of [`Matcher::match_hinted`]. The indices
    /// are left empty.
    pub fn score_hinted(&self, q: &Query, text: &str, known: Option<Known>) -> Option<TextMatch> {
        if q.is_empty() {
            return Some(TextMatch { score: 0, exact: true, phrase: 0, phrase_span: (0, 0), indices: Vec::new() });
        }
        if !may_match(q, text) {
            return None;
        }
        if let Some(r) = self.pinyin_only(q, text, false, known) {
            return r;
        }
        self.match_hinted(q, text, known).map(|m| TextMatch { indices: Vec::new(), ..m })
    }

    /// Fast path for queries of pinyin terms only on text that lacks a letter of each of them:
    /// no literal match is possible, so the result is the pinyin match, read on the text's chars
    /// folded one by one (pinyin reads Han chars only). Gives exactly what
    /// [`Matcher::match_folded`] gives; `None` when the slow path is needed (a char that
    /// folding drops inside a match's reach).
    fn pinyin_only(
        &self,
        q: &Query,
        text: &str,
        want_indices: bool,
        known: Option<Known>,
    ) -> Option<Option<TextMatch>> {
        if !q.groups.iter().flatten().all(|t| is_pinyin_query(&t.text)) {
            return None;
        }
        // A term whose letters are all in the text could match literally: take the slow path.
        let held = known.map_or_else(|| letter_mask(text), |k| k.letters);
        if held != 0
            && q.groups.iter().flatten().any(|t| {
                let need = letter_mask(&t.text);
                need & held == need
            })
        {
            return None;
        }
        // Only a one-group query's score is settled early (proximity needs every match).
        let settle = !want_indices && q.groups.iter().filter(|g| !g.is_empty()).count() == 1;
        let mut unsure = false;
        let dl = known.map_or_else(|| text.chars().count(), |k| k.chars as usize);
        let result = combine(
            q,
            dl,
            |i| i,
            |term| {
                if term.negate {
                    return TermOutcome::Miss; // a literal Latin term cannot occur without its letters
                }
                if unsure {
                    return TermOutcome::Unsure;
                }
                match term.kind {
                    TermKind::Exact | TermKind::Fuzzy => {
                        let t = term.text.as_str();
                        let found = if settle {
                            find_in_str(t, text, |f| f.len() >= TF_CAP && f.iter().any(|x| x.quality == BEST_QUALITY))
                        } else {
                            find_in_str(t, text, |_| false)
                        };
                        let Some(found) = found else {
                            unsure = true;
                            return TermOutcome::Unsure;
                        };
                        hit_or_miss(pinyin_found(&found, want_indices, !settle))
                    }
                    // Anchored terms: rare; the slow path handles them.
                    TermKind::Prefix | TermKind::Suffix => TermOutcome::Unsure,
                }
            },
        )?;
        Some(result)
    }

    /// A positive term: literal match, or pinyin for Latin terms.
    fn positive(&self, term: &Term, fc: &[char]) -> Option<Hit> {
        let literal = self.literal(term, fc);
        if !is_pinyin_query(&term.text) {
            return literal;
        }
        let Some(mut pinyin) = pinyin_hit(term, fc) else { return literal };
        Some(match literal {
            None => pinyin,
            // A scattered fuzzy alignment of Latin letters is noise next to a pinyin hit.
            Some(l) if !l.exact => pinyin,
            // Both: the literal hit counts, with the pinyin one's occurrences beside it.
            Some(mut l) => {
                l.count += pinyin.count;
                l.starts.append(&mut pinyin.starts);
                l.starts.sort_unstable();
                l.indices.append(&mut pinyin.indices);
                l
            }
        })
    }

    /// The term matched literally against the folded chars (no pinyin).
    fn literal(&self, term: &Term, fc: &[char]) -> Option<Hit> {
        let t = term.text.as_str();
        let m = t.chars().count();
        if m == 0 {
            return None;
        }
        match term.kind {
            TermKind::Prefix => occurs_at(fc, 0, t, m).then(|| Hit::literal(vec![0], m)),
            TermKind::Suffix => {
                let s = fc.len().checked_sub(m)?;
                occurs_at(fc, s, t, m).then(|| Hit::literal(vec![s], m))
            }
            TermKind::Exact | TermKind::Fuzzy => {
                let starts = occurrences(fc, t, m);
                if !starts.is_empty() {
                    return Some(Hit::literal(starts, m));
                }
                // Two or three Latin letters are initials: only a contiguous run of chars
                // (a pinyin match, or the letters together) counts, never letters apart.
                if term.kind == TermKind::Exact || is_pinyin_query(t) && m <= 3 {
                    return None;
                }
                self.fuzzy(fc, t, m)
            }
        }
    }

    /// Non-contiguous fuzzy match inside the shortest window of at most 2·m chars: a variant.
    fn fuzzy(&self, fc: &[char], t: &str, m: usize) -> Option<Hit> {
        let (s, e) = min_window(fc, t, 2 * m)?;
        let window: String = fc[s..=e].iter().collect();
        let (score, idx) = match self.skim.fuzzy_indices(&window, t) {
            Some((score, idx)) => (score, idx),
            // Cannot happen (the window holds the term); fall back to a greedy alignment.
            None => (0, greedy(&fc[s..=e], t)),
        };
        // fuzzy_indices returns CHAR indices into the window (skim-rs/fuzzy-matcher#15).
        let indices = idx.into_iter().map(|i| s + i).filter(|&i| i <= e).collect();
        Some(Hit {
            exact: false,
            quality: score.clamp(0, 255),
            count: 1,
            starts: vec![s],
            phrase: 0,
            phrase_at: (0, 0),
            indices,
        })
    }
}

/// Cheap test on the unfolded text: false if some group surely fails because each of its terms
/// needs a [verbatim](is_verbatim) char (Han etc.) that the text lacks, in either script (经 or
/// 經). Negated terms cannot be ruled out this way; pinyin-capable terms are ASCII, so they
/// have no verbatim chars.
fn may_match(q: &Query, text: &str) -> bool {
    let holds = |c: char| text.contains(c) || crate::search::fold::traditional_forms(c).any(|t| text.contains(t));
    q.groups.iter().all(|group| {
        group.is_empty() || group.iter().any(|t| t.negate || t.text.chars().filter(|&c| is_verbatim(c)).all(holds))
    })
}

/// Greedy left-to-right alignment of `t` in `w` (char indices).
fn greedy(w: &[char], t: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut j = 0;
    for c in t.chars() {
        if let Some(p) = w.get(j..).and_then(|r| r.iter().position(|&x| x == c)) {
            out.push(j + p);
            j += p + 1;
        }
    }
    out
}

/// A term's hit from its pinyin matches: the best quality counts, every match is an
/// occurrence.
/// `want_starts`: where each match starts (for proximity; a one-group query needs none).
fn pinyin_found(found: &[Found], want_indices: bool, want_starts: bool) -> Option<Hit> {
    let quality = found.iter().map(|f| f.quality).max()?;
    let best = found.iter().find(|f| f.quality == quality)?;
    Some(Hit {
        exact: super::pinyin::common_readings(quality),
        quality: i64::from(quality),
        count: found.len(),
        starts: if want_starts { found.iter().map(|f| f.start).collect() } else { Vec::new() },
        phrase: best.phrase,
        phrase_at: (best.start, best.len),
        indices: if want_indices { found.iter().flat_map(|f| f.start..f.start + f.len).collect() } else { Vec::new() },
    })
}

/// Pinyin hit of a Latin term: anywhere for exact / fuzzy, anchored for prefix / suffix.
fn pinyin_hit(term: &Term, fc: &[char]) -> Option<Hit> {
    let t = term.text.as_str();
    let anchored = |s: usize, k: usize| {
        let quality = super::pinyin::quality(t, &fc[s..s + k]).unwrap_or(0);
        let phrase = super::pinyin::phrase_hash(&fc[s..s + k]);
        pinyin_found(&[Found { start: s, len: k, quality, phrase }], true, true)
    };
    match term.kind {
        TermKind::Prefix => anchored(0, match_at(t, fc, 0)?),
        TermKind::Suffix => {
            // Each char takes at least one letter: the match starts within `letters` of the end.
            let n = fc.len();
            let s = (n.saturating_sub(t.len())..n).rev().find(|&s| matches_span(t, fc, s, n))?;
            anchored(s, n - s)
        }
        TermKind::Exact | TermKind::Fuzzy => pinyin_found(&find_all(t, fc), true, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(query: &str, text: &str) -> Option<TextMatch> {
        Matcher::new().match_text(&Query::parse(query), text)
    }

    fn idx(query: &str, text: &str) -> Vec<usize> {
        m(query, text).unwrap_or_else(|| panic!("{query:?} should match {text:?}")).indices
    }

    fn score(query: &str, text: &str) -> i64 {
        m(query, text).unwrap_or_else(|| panic!("{query:?} should match {text:?}")).score
    }

    /// The chars of `text` at `indices`, as a string.
    fn picked(text: &str, indices: &[usize]) -> String {
        indices.iter().map(|&i| text.chars().nth(i).unwrap()).collect()
    }

    #[test]
    fn matcher_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Matcher>();
    }

    #[test]
    fn empty_query_matches_everything() {
        assert_eq!(
            m("", "任何段落"),
            Some(TextMatch { score: 0, exact: true, phrase: 0, phrase_span: (0, 0), indices: vec![] })
        );
        assert_eq!(
            m("  ** ", ""),
            Some(TextMatch { score: 0, exact: true, phrase: 0, phrase_span: (0, 0), indices: vec![] })
        );
    }

    #[test]
    fn and_of_terms() {
        let text = "加快石墨产业发展，优化营商环境。";
        assert!(m("石墨 营商", text).is_some());
        assert!(m("石墨 煤炭", text).is_none());
        assert_eq!(picked(text, &idx("石墨 营商", text)), "石墨营商");
    }

    #[test]
    fn exact_term() {
        let text = "营商环境持续优化，营商环境更好。";
        assert_eq!(idx("'营商环境", text), vec![0, 1, 2, 3, 9, 10, 11, 12]);
        // Exact means contiguous: no fuzzy match.
        assert!(m("'营商环境", "营造良好商务环境").is_none());
        assert!(m("营商环境", "营造良好的商务和投资环境").is_none(), "too loose for fuzzy");
        assert!(m("营商环境", "营造良好商务环境").is_some(), "within 2 × 4 chars");
        assert!(m("'营商环", text).is_some());
    }

    #[test]
    fn prefix_and_suffix() {
        let text = "\u{3000}\u{3000}各位代表：现在，我代表市政府作报告。";
        assert_eq!(idx("^各位", text), vec![2, 3]);
        assert!(m("^代表", text).is_none());
        assert_eq!(picked(text, &idx("报告。$", text)), "报告。");
        assert!(m("报告$", text).is_none());
        assert!(m("^各位代表：$", "各位代表：").is_some());
        assert!(m("^各位代表：$", "各位代表：现在").is_none());
    }

    #[test]
    fn negation() {
        let text = "鸡西市优化营商环境。";
        assert!(m("!鸡西", text).is_none());
        assert!(m("!牡丹江", text).is_some());
        assert!(m("营商 !鸡西", text).is_none());
        assert!(m("营商 !牡丹江", text).is_some());
        assert!(m("!^鸡西", text).is_none());
        assert!(m("!^营商", text).is_some());
        assert!(m("!环境。$", text).is_none());
        assert!(m("!鸡西$", text).is_some());
        // Negation is literal: "jixi" is the pinyin of 鸡西 but the paragraph is not rejected.
        assert!(m("!jixi", text).is_some());
        assert!(m("jixi", text).is_some());
        // Negated terms add no highlights and no score.
        assert_eq!(m("营商 !牡丹江", text).unwrap(), m("营商", text).unwrap());
        // `!'w` is an inverse fuzzy match.
        assert!(m("!'鸡市", text).is_none());
        assert!(m("!'市鸡", text).is_some());
    }

    #[test]
    fn or_groups() {
        let text = "推进石墨产业园区建设。";
        assert!(m("石墨 | 煤炭", text).is_some());
        assert!(m("煤炭 | 石墨", text).is_some());
        assert!(m("煤炭 | 粮食", text).is_none());
        assert!(m("煤炭 | 粮食 园区", text).is_none());
        assert!(m("煤炭 | 石墨 园区", text).is_some());
        assert_eq!(picked(text, &idx("石墨 | 园区", text)), "石墨园区", "every passing term highlights");
        // A group passes if any term passes, negated ones included (fzf).
        assert!(m("!石墨 | 煤炭", text).is_none());
        assert!(m("!粮食 | 煤炭", text).is_some());
        assert!(m("^推进 | '园区建设 !煤炭", text).is_some());
        assert!(m("^园区 | 建设$ !煤炭", text).is_none());
    }

    #[test]
    fn group_counts_its_best_term_and_close_terms_score_higher() {
        let text = "推进石墨产业园区建设。";
        // One group: its best term counts (a literal hit of either, once: the same).
        assert_eq!(score("石墨 | 石墨产业", text), score("石墨产业", text));
        assert!(score("石墨 | 石油", text) == score("石墨", text));
        // Two groups score above one.
        assert!(score("石墨 园区", text) > score("石墨", text));
        // Terms close together win over the same terms far apart.
        let far = format!("推进石墨产业{}园区建设。", "发展".repeat(40));
        let near = format!("推进石墨园区{}产业建设。", "发展".repeat(40));
        assert!(score("石墨 园区", &near) > score("石墨 园区", &far));
    }

    #[test]
    fn bm25_more_occurrences_and_shorter_paragraphs_score_higher() {
        let long = format!("优化营商环境。{}", "加快发展。".repeat(60));
        let short = "优化营商环境。";
        let twice = format!("优化营商环境，营商环境更好。{}", "加快发展。".repeat(58));
        assert!(score("营商环境", short) > score("营商环境", &long));
        assert!(score("营商环境", &twice) > score("营商环境", &long));
        // Exact hits all carry the exact bit; the relevance never reaches the heading bit.
        for t in [short, long.as_str(), twice.as_str()] {
            let s = score("营商环境", t);
            assert!(s & EXACT_BIT != 0 && s & HEADING_BIT == 0, "{t}");
        }
    }

    #[test]
    fn exact_and_variant_hits_are_told_apart() {
        assert!(m("乡村振兴", "全面推进乡村振兴。").unwrap().exact);
        let variant = m("乡村振兴", "推进乡村全面振兴。").unwrap();
        assert!(!variant.exact);
        assert!(score("乡村振兴", "推进乡村全面振兴。") < score("乡村振兴", "全面推进乡村振兴战略的实施。"));
        // Pinyin matches are contiguous: exact. A negation-only query is exact too.
        assert!(m("xiangcun", "全面推进乡村振兴。").unwrap().exact);
        // Only by common readings: 十万 reads shimo through 万's rare mo.
        assert!(m("shimo", "发展石墨产业").unwrap().exact);
        assert!(!m("shimo", "增加十万人").unwrap().exact);
        assert!(m("tdf", "实现碳达峰").unwrap().exact, "initials by common readings");
        assert!(m("!石墨", "全面推进乡村振兴。").unwrap().exact);
        // Both terms must be exact for the hit to be.
        assert!(!m("振兴 乡村振兴", "推进乡村全面振兴。").unwrap().exact);
    }

    #[test]
    fn traditional_and_simplified_find_each_other_and_highlight_the_text() {
        let trad = "堅持以經濟建設為中心";
        assert_eq!(picked(trad, &idx("经济", trad)), "經濟");
        assert_eq!(picked(trad, &idx("經濟", trad)), "經濟");
        let simp = "坚持以经济建设为中心";
        assert_eq!(picked(simp, &idx("經濟", simp)), "经济");
        assert_eq!(score("经济", trad), score("经济", simp));
        assert!(m("jingji", trad).is_some());
        assert!(m("'經濟建設", simp).unwrap().exact);
        assert!(m("!经济", trad).is_none());
    }

    #[test]
    fn fuzzy_cjk_prefers_contiguous_and_highlights_all_occurrences() {
        let text = "石墨产业，石油，墨水，石墨烯";
        assert_eq!(idx("石墨", text), vec![0, 1, 11, 12]);
        // Non-contiguous but compact: allowed, below any contiguous hit.
        let loose = "石油墨水";
        assert_eq!(picked(loose, &idx("石墨", loose)), "石墨");
        assert!(score("石墨", loose) < score("石墨", text));
        assert!(score("石墨", text) >= EXACT_BIT);
        assert!(score("石墨", loose) < EXACT_BIT, "a variant");
        // Absurdly loose: no.
        assert!(m("石墨", "石油化工等传统产业和水墨画").is_none());
    }

    #[test]
    fn fuzzy_latin() {
        let text = "采取PPP模式建设";
        assert_eq!(idx("ppp", text), vec![2, 3, 4]);
        assert_eq!(idx("PPP", text), vec![2, 3, 4]);
        assert_eq!(picked("a-b-c-d", &idx("abcd", "a-b-c-d")), "abcd");
        // Two or three letters are initials: together or not at all.
        assert!(m("abc", "a-b-c").is_none());
        assert!(m("tdf", "T DF").is_some(), "folding drops the space: together");
    }

    #[test]
    fn full_width_and_spaces_fold() {
        let text = "（一）ＰＰＰ模式";
        assert_eq!(idx("ppp", text), vec![3, 4, 5]);
        assert_eq!(idx("ＰＰＰ", "采取PPP模式"), vec![2, 3, 4]);
        assert_eq!(picked("２０１９年", &idx("2019", "２０１９年")), "２０１９");
        assert_eq!(picked("地区生产总值增长 19.1%", &idx("增长19.1%", "地区生产总值增长 19.1%")), "增长19.1%");
        let xi = "深入贯彻落实习*近平总书记重要讲话精神";
        assert_eq!(picked(xi, &idx("习近平", xi)), "习近平");
        assert_eq!(picked(xi, &idx("'习近平", xi)), "习近平");
    }

    #[test]
    fn pinyin_full_initials_mixed() {
        let text = "加快石墨产业发展";
        assert_eq!(picked(text, &idx("shimo", text)), "石墨");
        assert_eq!(picked(text, &idx("smcy", text)), "石墨产业");
        assert_eq!(picked(text, &idx("shimcy", text)), "石墨产业");
        assert_eq!(picked(text, &idx("SHIMO", text)), "石墨");
        assert!(m("shimo", "石油化工").is_none());
        assert!(m("'shimo", text).is_some(), "exact terms try pinyin too");
    }

    #[test]
    fn pinyin_polyphones_and_zh_ch_sh() {
        assert_eq!(picked("金融行业", &idx("hangye", "金融行业")), "行业");
        assert_eq!(picked("采取行动", &idx("xingdong", "采取行动")), "行动");
        assert_eq!(picked("茁壮长大", &idx("zhangda", "茁壮长大")), "长大");
        assert_eq!(picked("长期坚持", &idx("changqi", "长期坚持")), "长期");
        let text = "市政府工作报告";
        assert_eq!(picked(text, &idx("zhfgz", text)), "政府工作");
        assert!(m("zhfgz", "自动化改造").is_none());
    }

    #[test]
    fn pinyin_hit_hides_scattered_latin_fuzzy_but_not_literal_hits() {
        // "s-h-i-m" is a loose fuzzy match of "shim"; next to the pinyin hit 石墨 it is noise.
        assert_eq!(picked("s-h-i-m，石墨", &idx("shim", "s-h-i-m，石墨")), "石墨");
        assert_eq!(picked("s-h-i-m", &idx("shim", "s-h-i-m")), "shim");
        // Three letters apart are no match at all.
        assert!(m("shi", "s-h-i").is_none());
        // A literal contiguous hit is kept alongside the pinyin hit, and scores higher.
        assert_eq!(picked("shi，石头", &idx("shi", "shi，石头")), "shi石");
        assert!(score("shi", "shi，石头") > score("shi", "石头"));
    }

    #[test]
    fn pinyin_anchored() {
        let text = "石墨产业园区";
        assert_eq!(idx("^smcy", text), vec![0, 1, 2, 3]);
        assert!(m("^cy", text).is_none());
        assert_eq!(idx("yuanqu$", text), vec![4, 5]);
        assert!(m("chanye$", text).is_none());
    }

    #[test]
    fn pinyin_scores_rank_full_over_initials_and_below_literal() {
        let full = score("shimo", "石墨");
        // Same letters, fewer chars (full readings) score higher than initials.
        assert!(score("zhangda", "长大") > score("zhangda", "在河爱年高的啊"));
        assert!(score("shimcy", "石墨产业") > score("smcy", "石墨产业"));
        assert!(score("shimo", "石墨") < score("shimo", "shimo"));
        assert!(full >= EXACT_BIT, "a pinyin match is exact");
        assert!(score("shimo", "石墨") > score("石墨", "石油墨水"));
    }

    #[test]
    fn indices_point_at_original_chars_on_wide_text() {
        let text = "　　（一）ＰＰＰ　模式：坚持石　墨产业。";
        for (q, want) in [("ppp", "ＰＰＰ"), ("模式", "模式"), ("石墨", "石墨"), ("shimo", "石墨"), ("'墨产", "墨产")]
        {
            assert_eq!(picked(text, &idx(q, text)), want, "{q}");
        }
    }

    // ---- seeds ----

    const REPORTS: [&str; 5] =
        ["jixi-2017.txt", "mudanjiang-2020.txt", "didao-2025.txt", "jilin-2018.txt", "qiqihar-2022.txt"];

    fn paragraphs(name: &str) -> Vec<String> {
        let path = format!("{}/assets/reports/{name}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        String::from_utf8_lossy(&bytes).lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect()
    }

    fn all_paragraphs() -> Vec<String> {
        REPORTS.iter().flat_map(|n| paragraphs(n)).collect()
    }

    #[test]
    fn seed_shimo_in_jixi() {
        let matcher = Matcher::new();
        let q = Query::parse("石墨");
        let mut hits = 0;
        for p in paragraphs("jixi-2017.txt") {
            if let Some(tm) = matcher.match_text(&q, &p) {
                hits += 1;
                assert!(!tm.indices.is_empty());
                for &i in &tm.indices {
                    let c = p.chars().nth(i).unwrap();
                    assert!(c == '石' || c == '墨', "{c} in {p}");
                }
            }
        }
        assert!(hits >= 10, "{hits}");
        // Pinyin finds the same paragraphs (and possibly more).
        let py = Query::parse("shimo");
        for p in paragraphs("jixi-2017.txt") {
            if p.contains("石墨") {
                let tm = matcher.match_text(&py, &p).unwrap();
                assert!(picked(&p, &tm.indices).contains("石墨"));
            }
        }
    }

    #[test]
    fn seed_exact_yingshang() {
        let matcher = Matcher::new();
        let q = Query::parse("'营商环境");
        let mut hits = 0;
        for p in all_paragraphs() {
            let found = matcher.match_text(&q, &p).is_some();
            assert_eq!(found, crate::search::fold::fold_str(&p).contains("营商环境"), "{p}");
            hits += found as usize;
        }
        assert!(hits > 0);
    }

    #[test]
    fn seed_negation() {
        let matcher = Matcher::new();
        // No seed paragraph has both 营商环境 and 鸡西; 发展 and 鸡西 share many.
        for (query, word) in [("营商环境 !鸡西", "营商环境"), ("发展 !鸡西", "发展")] {
            let q = Query::parse(query);
            let (mut hits, mut rejected) = (0, 0);
            for p in all_paragraphs() {
                match matcher.match_text(&q, &p) {
                    Some(_) => {
                        assert!(!p.contains("鸡西"), "{query}: {p}");
                        hits += 1;
                    }
                    None if p.contains(word) => {
                        assert!(p.contains("鸡西"), "{query}: {p}");
                        rejected += 1;
                    }
                    None => {}
                }
            }
            assert!(hits > 0, "{query}");
            if word == "发展" {
                assert!(rejected > 0);
            }
        }
    }

    #[test]
    fn seed_full_width_ppp() {
        let matcher = Matcher::new();
        let q = Query::parse("ｐｐｐ");
        let mut found = 0;
        for p in paragraphs("jixi-2017.txt") {
            if p.contains("PPP模式") {
                let tm = matcher.match_text(&q, &p).expect("PPP paragraph");
                assert!(picked(&p, &tm.indices).contains("PPP"));
                found += 1;
            }
        }
        assert!(found > 0);
    }

    #[test]
    fn seed_xi_jinping_with_star() {
        let matcher = Matcher::new();
        let q = Query::parse("'习近平");
        let starred: Vec<String> = paragraphs("jixi-2017.txt").into_iter().filter(|p| p.contains("习*近平")).collect();
        assert!(!starred.is_empty());
        for p in starred {
            let tm = matcher.match_text(&q, &p).unwrap();
            assert!(picked(&p, &tm.indices).starts_with("习近平"));
        }
    }

    /// Timing over all seed paragraphs: `cargo test --release -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn bench_seeds() {
        let paras = all_paragraphs();
        let matcher = Matcher::new();
        for query in ["石墨", "营商环境", "'营商环境 !鸡西", "shimo", "smcy", "gdp", "石墨 | 煤炭 产业$", "发展经济"]
        {
            let q = Query::parse(query);
            let _ = matcher.match_text(&q, "预热");
            let runs = 100;
            let start = std::time::Instant::now();
            let mut hits = 0usize;
            for _ in 0..runs {
                for p in &paras {
                    hits += matcher.match_text(&q, p).is_some() as usize;
                }
            }
            let per = start.elapsed().as_nanos() as f64 / (runs * paras.len()) as f64;
            println!("{query:>20}: {per:>7.0} ns/paragraph, {} hits/run, {} paragraphs", hits / runs, paras.len());
        }
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "石",
            "墨",
            "产",
            "业",
            "行",
            "长",
            "营商",
            "环境",
            "鸡西",
            "习",
            "*",
            "近平",
            "ＰＰＰ",
            "PPP",
            "ppp",
            "２０１９",
            "2019",
            " ",
            "\u{3000}",
            "，",
            "。",
            "（",
            "）",
            "!",
            "^",
            "$",
            "'",
            "|",
            "\\",
            "\u{200B}",
            "a",
            "Z",
            "shi",
            "mo",
            "é",
            "🇨🇳",
            "\u{0301}",
            "\n",
            "％",
            "%",
            "_",
            "~",
            "𠀀",
            "經濟",
            "经",
            "濟",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn never_panics_and_indices_are_valid(query in text_strategy(), text in text_strategy()) {
            let matcher = Matcher::new();
            let q = Query::parse(&query);
            if let Some(tm) = matcher.match_text(&q, &text) {
                let n = text.chars().count();
                prop_assert!(tm.indices.iter().all(|&i| i < n));
                prop_assert!(tm.indices.windows(2).all(|w| w[0] < w[1]));
            }
        }

        #[test]
        fn prefilter_never_changes_the_result(query in text_strategy(), text in text_strategy()) {
            let matcher = Matcher::new();
            let q = Query::parse(&query);
            prop_assume!(!q.is_empty());
            let full = matcher.match_text(&q, &text);
            prop_assert_eq!(&full, &matcher.match_folded(&q, &crate::search::fold::fold(&text)));
            // The scores-only path (the reader's worker) and the index's hint agree too.
            let scored = full.map(|m| TextMatch { indices: Vec::new(), ..m });
            prop_assert_eq!(&matcher.score_text(&q, &text), &scored);
            let hint = Some(Known::of(&text));
            prop_assert_eq!(&matcher.score_hinted(&q, &text, hint), &scored);
            prop_assert_eq!(&matcher.match_hinted(&q, &text, hint), &matcher.match_text(&q, &text));
        }

        #[test]
        fn literal_term_matches_its_own_text(text in text_strategy()) {
            // Any non-empty paragraph matches an exact query made of itself.
            let folded = crate::search::fold::fold_str(&text);
            prop_assume!(!folded.is_empty());
            let q = Query { groups: vec![vec![Term { kind: TermKind::Exact, negate: false, text: folded }]] };
            let tm = Matcher::new().match_text(&q, &text);
            prop_assert!(tm.is_some());
        }
    }
}

#[cfg(test)]
mod fast_path_tests {
    use super::*;

    /// A paragraph with Latin letters (GDP, 5G) took the slow path for every pinyin query,
    /// though a literal match needs all of the term's letters: now only then.
    #[test]
    fn other_latin_letters_keep_a_pinyin_query_on_the_fast_path() {
        let m = Matcher::new();
        let text = "GDP增长，向创新要动力，５Ｇ基站";
        assert_eq!(letter_mask(text), (1 << 6) | (1 << 3) | (1 << 15));
        assert_eq!(letter_mask(text), text.chars().filter_map(latin_letter).fold(0, |a, l| a | 1 << l));
        let q = Query::parse("xiangc");
        assert!(m.pinyin_only(&q, text, false, None).is_some(), "no x in the text: no literal match");
        // The fast path gives what the plain matcher on the folded text gives.
        let plain = m.match_folded(&q, &crate::search::fold::fold(text));
        assert!(plain.is_some(), "向创 reads xiang chuang");
        assert_eq!(m.match_text(&q, text), plain);
        assert_eq!(m.score_text(&q, text), plain.map(|t| TextMatch { indices: Vec::new(), ..t }));
        // Its letters all there: the slow path, which weighs a literal match too.
        assert!(m.pinyin_only(&Query::parse("gd"), text, false, None).is_none());
    }

    #[test]
    fn ascii_letters_found_anywhere() {
        for n in [0, 1, 31, 32, 33, 100] {
            let mut v = vec![0xe4u8; n];
            assert!(!has_ascii_letter(&v));
            for pos in 0..n {
                for letter in [b'a', b'z', b'A', b'Z'] {
                    v[pos] = letter;
                    assert!(has_ascii_letter(&v), "{n} {pos}");
                    v[pos] = 0xe4;
                }
            }
        }
        assert!(!has_ascii_letter(b"@[`{0123456789"));
    }
    use crate::search::fold::fold;

    /// The verbatim fast path gives exactly what folding first gives, on every seed paragraph.
    #[test]
    fn verbatim_fast_path_equals_the_folded_path() {
        let m = Matcher::new();
        let mut texts: Vec<String> = Vec::new();
        // The seeds, and the national series (its 1950s reports in traditional script).
        for dir in ["/assets/reports", "/assets/reports/national"] {
            let dir = format!("{}{dir}", env!("CARGO_MANIFEST_DIR"));
            for e in std::fs::read_dir(dir).unwrap() {
                let path = e.unwrap().path();
                if path.extension().is_none_or(|x| x != "txt") {
                    continue; // a folder, the README, a catalogue
                }
                let s = std::fs::read_to_string(path).unwrap();
                texts.extend(s.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()));
            }
        }
        texts.push("哈哈哈，哈哈".into());
        texts.push("习*近平总书记".into());
        texts.push("　　石 墨产业".into());
        texts.push("推行PPP模式，石墨".into());
        texts.push("ＰＰＰ石墨".into());
        let queries = [
            "石墨",
            "石墨产业",
            "'营商环境",
            "营商环境 !鸡西",
            "^各位",
            "工作。$",
            "哈哈",
            "!哈哈",
            "科技 | 人才",
            "近平",
            "!'鸡西 营商",
            "发展 经济",
            "shimo",
            "smcy",
            "shimo !ppp",
            "^gewei",
            "ppp",
            "xjp",
            "sm | kj",
            "qiye$",
            "'shimo",
            "xiangcun zhenxing",
            "经济",
            "經濟建設",
            "jingji",
            "'社会主义",
        ];
        for q in queries.iter().chain(&["sh", "shi", "xi", "pp", "zhang", "jingji"]) {
            let query = Query::parse(q);
            for t in &texts {
                let full = m.match_text(&query, t);
                assert_eq!(full, m.match_folded(&query, &fold(t)), "{q:?} on {t:?}");
                assert_eq!(
                    m.score_text(&query, t),
                    full.clone().map(|x| TextMatch { indices: Vec::new(), ..x }),
                    "score_text {q:?} on {t:?}"
                );
            }
        }
    }
}
