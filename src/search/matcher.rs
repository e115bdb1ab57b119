//! Matching one paragraph against a parsed [`Query`]: pass/fail, a score and the chars to
//! highlight.
//!
//! Everything is matched on the [folded](super::fold) paragraph, so `ＰＰＰ` finds `PPP模式`,
//! `习近平` finds `习*近平` and `增长19.1%` finds `增长 19.1%`; indices are mapped back to
//! char indices of the original text through [`Folded::map`].
//!
//! Per term:
//! - Exact (`'w`): every occurrence of `w` is highlighted. Prefix (`^w`) / suffix (`w$`): at the
//!   start / end of the folded paragraph.
//! - Fuzzy (`w`): if `w` occurs contiguously, that is an exact hit (every occurrence
//!   highlighted). Otherwise the chars of `w` must appear in order inside a window of at most
//!   `2 × len(w)` chars (so 石墨 matches 石X墨 or 石XX墨, never 石 … 200 chars … 墨); the
//!   shortest, leftmost such window is scored and aligned by `SkimMatcherV2::fuzzy_indices`.
//! - Latin-only terms of 2+ letters ([`is_pinyin_query`]) also match as pinyin (`shimo`, `smcy`,
//!   `shimcy` → 石墨产业); exact and fuzzy terms anywhere, prefix / suffix terms anchored.
//! - Negated terms (`!w`, `!^w`, `!w$`, `!'w`) are matched literally, never by pinyin, and never
//!   add to the score or the highlights.
//!
//! Scores (higher is better; `m` = term length in chars, `L` = letters, `k` = chars matched):
//! - literal contiguous hit (exact, prefix, suffix, contiguous fuzzy): `10_000 + 16·m`, plus 4
//!   per extra occurrence (up to 4 extra);
//! - pinyin hit: `9_000 + min(16·L + 8·(L − k), 900)` (+ the same occurrence bonus), so fewer
//!   chars for the same letters (full readings) beat initials, and all of them stay below a
//!   literal hit of the same term;
//! - non-contiguous fuzzy: the skim score on the window (a few dozen to a few hundred).
//!
//! A group's score is its best passing term; the paragraph's score is the sum over groups.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::fold::{Folded, is_verbatim};
use super::pinyin::{find_all, find_in_str, is_pinyin_query, match_at, matches_span};
use super::query::{Query, Term, TermKind};

/// A hit inside one paragraph: a score (higher is better) and the matched char indices into the
/// ORIGINAL text (sorted, deduplicated).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextMatch {
    pub score: i64,
    pub indices: Vec<usize>,
}

/// Score base of a literal contiguous hit.
pub const EXACT_BASE: i64 = 10_000;
/// Score base of a pinyin hit.
pub const PINYIN_BASE: i64 = 9_000;
const CHAR_SCORE: i64 = 16;
const OCCURRENCE_BONUS: i64 = 4;
const MAX_EXTRA_OCCURRENCES: usize = 4;

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
    score: i64,
    indices: Vec<usize>,
}

fn occurrence_bonus(count: usize) -> i64 {
    OCCURRENCE_BONUS * count.saturating_sub(1).min(MAX_EXTRA_OCCURRENCES) as i64
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
/// term hits, or a negated term misses); a group scores its best hit; the indices are the
/// union. `None` if some term was unsure (the caller takes the slow path), `Some(None)` if
/// the paragraph does not match.
fn combine(q: &Query, mut outcome: impl FnMut(&Term) -> TermOutcome) -> Option<Option<(i64, Vec<usize>)>> {
    let mut score = 0i64;
    let mut indices: Vec<usize> = Vec::new();
    for group in &q.groups {
        if group.is_empty() {
            continue;
        }
        let mut passed = false;
        let mut best: Option<i64> = None;
        for term in group {
            match (outcome(term), term.negate) {
                (TermOutcome::Unsure, _) => return None,
                (TermOutcome::Miss, true) => passed = true,
                (TermOutcome::Hit(_), true) | (TermOutcome::Miss, false) => {}
                (TermOutcome::Hit(hit), false) => {
                    passed = true;
                    best = Some(best.map_or(hit.score, |b| b.max(hit.score)));
                    indices.extend(hit.indices);
                }
            }
        }
        if !passed {
            return Some(None);
        }
        score += best.unwrap_or(0);
    }
    Some(Some((score, indices)))
}

fn hit_or_miss(h: Option<Hit>) -> TermOutcome {
    h.map_or(TermOutcome::Miss, TermOutcome::Hit)
}

impl Matcher {
    pub fn new() -> Matcher {
        Matcher { skim: SkimMatcherV2::default().ignore_case() }
    }

    /// Match a paragraph against a query. None if any AND-group fails or a negated term matches.
    /// An empty query matches everything with score 0 and no indices.
    pub fn match_text(&self, q: &Query, text: &str) -> Option<TextMatch> {
        if q.is_empty() {
            return Some(TextMatch { score: 0, indices: Vec::new() });
        }
        if !may_match(q, text) {
            return None;
        }
        if let Some(result) = self.match_verbatim(q, text) {
            return result;
        }
        if let Some(result) = self.match_pinyin_only(q, text) {
            return result;
        }
        // Fold into a per-thread buffer: this runs for every candidate paragraph.
        thread_local! {
            static BUF: std::cell::RefCell<Folded> = const { std::cell::RefCell::new(Folded { chars: Vec::new(), map: Vec::new() }) };
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
        let fc = &folded.chars;
        let (score, indices) = combine(q, |term| {
            // A negated term is matched literally only (fzf's inverse match).
            hit_or_miss(if term.negate { self.literal(term, fc) } else { self.positive(term, fc) })
        })
        .flatten()?;
        let mut out: Vec<usize> = indices.into_iter().filter_map(|i| folded.map.get(i).map(|&o| o as usize)).collect();
        out.sort_unstable();
        out.dedup();
        Some(TextMatch { score, indices: out })
    }

    /// Fast path for the common query of Chinese terms: when every term is made of verbatim
    /// chars (which folding never changes) and the text has no char that folding drops, char
    /// positions in the folded text equal those in the text, so contiguous occurrences can be
    /// found on the text itself without folding it. Gives exactly what [`Matcher::match_folded`]
    /// gives; `None` when the slow path is needed (a fuzzy term without a contiguous hit,
    /// other terms, or text with dropped chars).
    fn match_verbatim(&self, q: &Query, text: &str) -> Option<Option<TextMatch>> {
        let all_verbatim = q.groups.iter().flatten().all(|t| !t.text.is_empty() && t.text.chars().all(is_verbatim));
        if !all_verbatim || crate::search::fold::has_dropped(text) {
            return None;
        }
        let result = combine(q, |term| {
            let t = term.text.as_str();
            let m = t.chars().count();
            let exact_score = |count: usize| EXACT_BASE + CHAR_SCORE * m as i64 + occurrence_bonus(count);
            let hit = |score, indices| TermOutcome::Hit(Hit { score, indices });
            match term.kind {
                TermKind::Prefix if text.starts_with(t) => hit(exact_score(1), (0..m).collect()),
                TermKind::Suffix if text.ends_with(t) => {
                    let n = text.chars().count();
                    hit(exact_score(1), (n - m..n).collect())
                }
                TermKind::Prefix | TermKind::Suffix => TermOutcome::Miss,
                TermKind::Exact | TermKind::Fuzzy => {
                    let starts = char_occurrences(text, t);
                    if !starts.is_empty() {
                        hit(exact_score(starts.len()), starts.iter().flat_map(|&s| s..s + m).collect())
                    } else if term.kind == TermKind::Fuzzy {
                        TermOutcome::Unsure // a scattered fuzzy match may still exist
                    } else {
                        TermOutcome::Miss
                    }
                }
            }
        })?;
        Some(result.map(|(score, mut indices)| {
            indices.sort_unstable();
            indices.dedup();
            TextMatch { score, indices }
        }))
    }

    /// Fast path for queries of pinyin terms only on Chinese text without Latin letters: no
    /// literal match is possible, so the result is the pinyin match, and with no char dropped by
    /// folding the text's chars stand for the folded ones (pinyin reads Han chars only, which
    /// folding never changes). Gives exactly what [`Matcher::match_folded`] gives; `None` when
    /// the slow path is needed.
    fn match_pinyin_only(&self, q: &Query, text: &str) -> Option<Option<TextMatch>> {
        self.pinyin_only(q, text, true)
    }

    /// The score [`Matcher::match_text`] would give, without the highlight indices: where
    /// only pinyin can match, the scan stops as soon as the score is settled (enough
    /// occurrences for the full bonus, and a match as short as any can be). Used to rank
    /// large result sets; indices are computed for the hits that are shown.
    pub fn score_text(&self, q: &Query, text: &str) -> Option<i64> {
        if q.is_empty() {
            return Some(0);
        }
        if !may_match(q, text) {
            return None;
        }
        if let Some(r) = self.pinyin_only(q, text, false) {
            return r.map(|m| m.score);
        }
        self.match_text(q, text).map(|m| m.score)
    }

    fn pinyin_only(&self, q: &Query, text: &str, want_indices: bool) -> Option<Option<TextMatch>> {
        if !q.groups.iter().flatten().all(|t| is_pinyin_query(&t.text)) {
            return None;
        }
        // Latin letters (ASCII, or full-width A–Z a–z: EF BC A1–BA, EF BD 81–9A) could match
        // literally: take the slow path.
        let b = text.as_bytes();
        let letters = has_ascii_letter(b)
            || memchr::memchr_iter(0xef, b).any(|i| match (b.get(i + 1), b.get(i + 2)) {
                (Some(0xbc), Some(&t)) => (0xa1..=0xba).contains(&t),
                (Some(0xbd), Some(&t)) => (0x81..=0x9a).contains(&t),
                _ => false,
            });
        if letters {
            return None;
        }
        let dropped = |c: char| crate::search::fold::fold_char(c).is_none();
        let result = combine(q, |term| {
            if term.negate {
                return TermOutcome::Miss; // a literal Latin term cannot occur in text without letters
            }
            match term.kind {
                TermKind::Exact | TermKind::Fuzzy => {
                    let t = term.text.as_str();
                    let letters = t.len();
                    let shortest = super::pinyin::min_chars(t);
                    let full = MAX_EXTRA_OCCURRENCES + 1;
                    let found = if want_indices {
                        find_in_str(t, text, dropped, |_| false)
                    } else {
                        find_in_str(t, text, dropped, |f| f.len() >= full && f.iter().any(|&(_, len)| len == shortest))
                    };
                    let Some(found) = found else { return TermOutcome::Unsure };
                    hit_or_miss(found.iter().map(|&(_, len)| len).min().map(|k| Hit {
                        score: pinyin_score(letters, k, found.len()),
                        indices: if want_indices {
                            found.iter().flat_map(|&(s, l)| s..s + l).collect()
                        } else {
                            Vec::new()
                        },
                    }))
                }
                // Anchored terms: rare; the slow path handles them.
                TermKind::Prefix | TermKind::Suffix => TermOutcome::Unsure,
            }
        })?;
        Some(result.map(|(score, mut indices)| {
            indices.sort_unstable();
            indices.dedup();
            TextMatch { score, indices }
        }))
    }

    /// A positive term: literal match, or pinyin for Latin terms.
    fn positive(&self, term: &Term, fc: &[char]) -> Option<Hit> {
        let literal = self.literal(term, fc);
        if !is_pinyin_query(&term.text) {
            return literal;
        }
        let Some(pinyin) = pinyin_hit(term, fc) else { return literal };
        Some(match literal {
            None => pinyin,
            // A scattered fuzzy alignment of Latin letters is noise next to a pinyin hit.
            Some(l) if l.score < PINYIN_BASE => pinyin,
            Some(mut l) => {
                l.score = l.score.max(pinyin.score);
                l.indices.extend(pinyin.indices);
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
        let exact_score = |count: usize| EXACT_BASE + CHAR_SCORE * m as i64 + occurrence_bonus(count);
        match term.kind {
            TermKind::Prefix => {
                occurs_at(fc, 0, t, m).then(|| Hit { score: exact_score(1), indices: (0..m).collect() })
            }
            TermKind::Suffix => {
                let s = fc.len().checked_sub(m)?;
                occurs_at(fc, s, t, m).then(|| Hit { score: exact_score(1), indices: (s..s + m).collect() })
            }
            TermKind::Exact | TermKind::Fuzzy => {
                let starts = occurrences(fc, t, m);
                if !starts.is_empty() {
                    let indices = starts.iter().flat_map(|&s| s..s + m).collect();
                    return Some(Hit { score: exact_score(starts.len()), indices });
                }
                if term.kind == TermKind::Exact {
                    return None;
                }
                self.fuzzy(fc, t, m)
            }
        }
    }

    /// Non-contiguous fuzzy match inside the shortest window of at most 2·m chars.
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
        Some(Hit { score: score.min(PINYIN_BASE - 1), indices })
    }
}

/// Cheap test on the unfolded text: false if some group surely fails because each of its terms
/// needs a [verbatim](is_verbatim) char (Han etc.) that the text lacks. Negated terms cannot be
/// ruled out this way; pinyin-capable terms are ASCII, so they have no verbatim chars.
fn may_match(q: &Query, text: &str) -> bool {
    q.groups.iter().all(|group| {
        group.is_empty()
            || group.iter().any(|t| t.negate || t.text.chars().filter(|&c| is_verbatim(c)).all(|c| text.contains(c)))
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

fn pinyin_score(letters: usize, chars: usize, count: usize) -> i64 {
    let (l, k) = (letters as i64, chars as i64);
    PINYIN_BASE + (CHAR_SCORE * l + 8 * (l - k)).min(900) + occurrence_bonus(count)
}

/// Pinyin hit of a Latin term: anywhere for exact / fuzzy, anchored for prefix / suffix.
fn pinyin_hit(term: &Term, fc: &[char]) -> Option<Hit> {
    let t = term.text.as_str();
    let letters = t.len();
    match term.kind {
        TermKind::Prefix => {
            let k = match_at(t, fc, 0)?;
            Some(Hit { score: pinyin_score(letters, k, 1), indices: (0..k).collect() })
        }
        TermKind::Suffix => {
            // Each char takes at least one letter: the match starts within `letters` of the end.
            let n = fc.len();
            let s = (n.saturating_sub(letters)..n).rev().find(|&s| matches_span(t, fc, s, n))?;
            Some(Hit { score: pinyin_score(letters, n - s, 1), indices: (s..n).collect() })
        }
        TermKind::Exact | TermKind::Fuzzy => {
            let hits = find_all(t, fc);
            let k = hits.iter().map(|&(_, len)| len).min()?;
            let indices = hits.iter().flat_map(|&(s, len)| s..s + len).collect();
            Some(Hit { score: pinyin_score(letters, k, hits.len()), indices })
        }
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
        assert_eq!(m("", "任何段落"), Some(TextMatch { score: 0, indices: vec![] }));
        assert_eq!(m("  ** ", ""), Some(TextMatch { score: 0, indices: vec![] }));
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
    fn group_score_is_best_term_and_total_is_sum() {
        let text = "推进石墨产业园区建设。";
        let a = score("石墨", text);
        let b = score("园区", text);
        assert_eq!(score("石墨 园区", text), a + b);
        assert_eq!(score("石墨 | 石墨产业", text), score("石墨产业", text));
        assert!(score("石墨产业", text) > a);
    }

    #[test]
    fn fuzzy_cjk_prefers_contiguous_and_highlights_all_occurrences() {
        let text = "石墨产业，石油，墨水，石墨烯";
        assert_eq!(idx("石墨", text), vec![0, 1, 11, 12]);
        // Non-contiguous but compact: allowed, below any contiguous hit.
        let loose = "石油墨水";
        assert_eq!(picked(loose, &idx("石墨", loose)), "石墨");
        assert!(score("石墨", loose) < score("石墨", text));
        assert!(score("石墨", text) >= EXACT_BASE);
        // Absurdly loose: no.
        assert!(m("石墨", "石油化工等传统产业和水墨画").is_none());
    }

    #[test]
    fn fuzzy_latin() {
        let text = "采取PPP模式建设";
        assert_eq!(idx("ppp", text), vec![2, 3, 4]);
        assert_eq!(idx("PPP", text), vec![2, 3, 4]);
        assert_eq!(picked("a-b-c", &idx("abc", "a-b-c")), "abc");
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
        // "s-h-i" is a loose fuzzy match of "shi"; next to the pinyin hit 石 it is noise.
        assert_eq!(picked("s-h-i，石头", &idx("shi", "s-h-i，石头")), "石");
        assert_eq!(picked("s-h-i", &idx("shi", "s-h-i")), "shi");
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
        assert!((PINYIN_BASE..EXACT_BASE).contains(&full));
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
            prop_assert_eq!(matcher.match_text(&q, &text), matcher.match_folded(&q, &crate::search::fold::fold(&text)));
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
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/reports");
        let mut texts: Vec<String> = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_none_or(|x| x != "txt") {
                continue; // the national/ folder, the README
            }
            let s = std::fs::read_to_string(path).unwrap();
            texts.extend(s.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()));
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
        ];
        for q in queries.iter().chain(&["sh", "shi", "xi", "pp", "zhang", "jingji"]) {
            let query = Query::parse(q);
            for t in &texts {
                let full = m.match_text(&query, t);
                assert_eq!(full, m.match_folded(&query, &fold(t)), "{q:?} on {t:?}");
                assert_eq!(m.score_text(&query, t), full.map(|x| x.score), "score_text {q:?} on {t:?}");
            }
        }
    }
}
