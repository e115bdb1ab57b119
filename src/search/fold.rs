//! Text folding for search: both the paragraph and the query terms are folded the same way, so
//! full-width and half-width forms, letter case, whitespace, extraction debris (`习*近平`,
//! `增长 19.1%`) and the two scripts (經濟 and 经济) do not get in the way of a match.
//!
//! Folding maps every original char to at most one folded char (it never expands), so a folded
//! index maps back to exactly one original char index through [`Folded::map`], and highlights
//! stay on the chars the text has, in either script.
//!
//! Traditional chars fold to their simplified forms char by char, with the table of the
//! `fast2s` crate (OpenCC's character table, MIT), taken one char at a time without the
//! crate's few two-char exceptions, so that the same char always folds the same way in the
//! query and in the text. The table leaves some chars that are also simplified as they are
//! (著), and folds others (乾 → 干, 於 → 于), so 干 finds 乾隆 too. Variant forms the table
//! lacks (敎 for 教, 羣 for 群) and compatibility ideographs (U+F900–FAFF) do not fold.

use std::sync::OnceLock;

/// Text folded for matching, with a map back to the original char indices.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Folded {
    /// The folded chars.
    pub chars: Vec<char>,
    /// `map[i]` is the char index (not byte index) in the original text of `chars[i]`.
    /// Strictly increasing.
    pub map: Vec<u32>,
    /// How many chars the original text has.
    pub orig_len: usize,
}

/// True for chars of U+3001 to U+FEFE (CJK punctuation, kana, Han, Hangul…): folding keeps
/// them in that range, one for one, and no char outside it folds into it. Only traditional
/// Han chars change (to simplified ones, see [`simplified`]); text without them (see
/// [`has_traditional`]) holds such a char if and only if its folded text does.
#[inline]
pub fn is_verbatim(c: char) -> bool {
    ('\u{3001}'..='\u{FEFE}').contains(&c)
}

/// The traditional chars that fold: a bit per char of the table's range (a few KB, so the
/// common case, a char that stays, is one cache-friendly test), and the simplified forms of
/// those that fold, sorted by char.
struct Script {
    folds: Vec<u64>,
    simplified: Vec<(char, char)>,
    /// The same pairs the other way, (simplified, traditional), sorted.
    traditional: Vec<(char, char)>,
}

/// The table's range: Extension A and the unified ideographs (fast2s has no entries for the
/// compatibility ones after them).
const SCRIPT_START: u32 = 0x3400;
const SCRIPT_END: u32 = 0xFAFF;

fn script() -> &'static Script {
    static S: OnceLock<Script> = OnceLock::new();
    S.get_or_init(|| {
        let one = |c: char| -> char {
            let mut buf = [0u8; 4];
            // One char in, one char out: fast2s maps char by char.
            let out = fast2s::convert(c.encode_utf8(&mut buf));
            let mut it = out.chars();
            match (it.next(), it.next()) {
                (Some(d), None) if is_verbatim(d) => d,
                _ => c,
            }
        };
        let mut map: std::collections::BTreeMap<char, char> = (SCRIPT_START..=SCRIPT_END)
            .filter_map(char::from_u32)
            .filter_map(|c| Some((c, one(c))).filter(|(c, d)| c != d))
            .collect();
        // Follow chains to their end, so that folding is idempotent (a folded query folds to
        // itself again).
        let keys: Vec<char> = map.keys().copied().collect();
        for c in keys {
            let mut d = map[&c];
            for _ in 0..4 {
                match map.get(&d) {
                    Some(&e) if e != d => d = e,
                    _ => break,
                }
            }
            map.insert(c, d);
        }
        let mut folds = vec![0u64; ((SCRIPT_END - SCRIPT_START) as usize + 64) / 64];
        for &c in map.keys() {
            let k = (c as u32 - SCRIPT_START) as usize;
            folds[k / 64] |= 1 << (k % 64);
        }
        let mut traditional: Vec<(char, char)> = map.iter().map(|(&t, &s)| (s, t)).collect();
        traditional.sort_unstable();
        Script { folds, simplified: map.into_iter().collect(), traditional }
    })
}

/// The simplified form of a traditional Han char; any other char as it is.
#[inline]
pub fn simplified(c: char) -> char {
    let k = (c as u32).wrapping_sub(SCRIPT_START);
    if k > SCRIPT_END - SCRIPT_START {
        return c;
    }
    let s = script();
    let k = k as usize;
    if s.folds[k / 64] & (1 << (k % 64)) == 0 {
        return c;
    }
    s.simplified.binary_search_by_key(&c, |&(t, _)| t).map_or(c, |i| s.simplified[i].1)
}

/// The traditional chars that fold to `c` (none for most chars).
pub fn traditional_forms(c: char) -> impl Iterator<Item = char> {
    let t = &script().traditional;
    let from = t.partition_point(|&(s, _)| s < c);
    t[from..].iter().take_while(move |&&(s, _)| s == c).map(|&(_, t)| t)
}

/// Does `text` hold a traditional char that folds to another (simplified) one?
pub fn has_traditional(text: &str) -> bool {
    // Chars of U+3400–U+FAFF are three bytes led by E3–EF.
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&x| (0xe3..=0xef).contains(&x)) {
        let at = i + p;
        if let Some(c) = text.get(at..).and_then(|t| t.chars().next())
            && simplified(c) != c
        {
            return true;
        }
        i = at + 1;
    }
    false
}

/// Folds one char: `None` if the char is dropped.
#[inline]
pub(crate) fn fold_char(c: char) -> Option<char> {
    if is_verbatim(c) {
        return Some(simplified(c));
    }
    let c = match c {
        // Full-width ASCII forms ！..～ map to ! .. ~ (same offset for the whole block).
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if c.is_ascii() {
        return match c {
            '*' | '_' | '~' | '`' | '^' | '|' | '\\' => None,
            c if c.is_ascii_whitespace() || c.is_ascii_control() => None,
            c => Some(c.to_ascii_lowercase()),
        };
    }
    if c.is_whitespace() || is_invisible(c) {
        return None;
    }
    Some(c)
}

/// Zero-width and other invisible format chars that text extraction leaves behind.
#[inline]
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' // soft hyphen
            | '\u{180E}' // Mongolian vowel separator
            | '\u{200B}'..='\u{200F}' // ZWSP, ZWNJ, ZWJ, LRM, RLM
            | '\u{202A}'..='\u{202E}' // bidi embeddings / overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{FEFF}' // BOM / ZWNBSP
    )
}

/// Fold: full-width ASCII forms U+FF01–U+FF5E → ASCII, U+3000 → dropped, ASCII letters lowercased;
/// whitespace of any kind dropped; "stray" chars inserted by extraction dropped: * _ ~ ` ^ | \ and
/// zero-width chars. Everything else kept as is (CJK punctuation kept).
///
/// (ASCII control chars are dropped too; bidi/format chars such as U+200E count as zero-width.)
/// Does folding drop any char of `text` (spaces, controls, stray marks, invisible chars)?
/// The same answer as `text.chars().any(|c| fold_char(c).is_none())`, found on the bytes.
pub fn has_dropped(text: &str) -> bool {
    let b = text.as_bytes();
    if b.iter().any(|&x| x < 0x21 || x == 0x7f || matches!(x, b'*' | b'_' | b'~' | b'`' | b'^' | b'|' | b'\\')) {
        return true;
    }
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    memchr::memchr3_iter(0xc2, 0xe1, 0xe2, b).any(|i| match (b[i], at(i + 1), at(i + 2)) {
        (0xc2, t, _) => matches!(t, 0x85 | 0xa0 | 0xad),
        (0xe1, 0x9a, 0x80) | (0xe1, 0xa0, 0x8e) => true,
        (0xe2, 0x80, t) => matches!(t, 0x80..=0x8f | 0xa8..=0xaf),
        (0xe2, 0x81, t) => matches!(t, 0x9f..=0xa4),
        _ => false,
    }) || memchr::memchr2_iter(0xe3, 0xef, b).any(|i| match (b[i], at(i + 1), at(i + 2)) {
        (0xe3, 0x80, 0x80) | (0xef, 0xbb, 0xbf) => true,
        (0xef, 0xbc, t) => matches!(t, 0x8a | 0xbc | 0xbe | 0xbf),
        (0xef, 0xbd, t) => matches!(t, 0x80 | 0x9c | 0x9e),
        _ => false,
    })
}

/// Like [`fold`], reusing `out`'s buffers.
pub fn fold_into(text: &str, out: &mut Folded) {
    out.chars.clear();
    out.map.clear();
    let mut n = 0;
    for (i, c) in text.chars().enumerate() {
        if let Some(f) = fold_char(c) {
            out.chars.push(f);
            out.map.push(u32::try_from(i).unwrap_or(u32::MAX));
        }
        n = i + 1;
    }
    out.orig_len = n;
}

pub fn fold(text: &str) -> Folded {
    let mut out =
        Folded { chars: Vec::with_capacity(text.len() / 2), map: Vec::with_capacity(text.len() / 2), orig_len: 0 };
    fold_into(text, &mut out);
    out
}

/// Same folding as [`fold`], for query terms.
pub fn fold_str(s: &str) -> String {
    s.chars().filter_map(fold_char).collect()
}

#[cfg(test)]
mod has_dropped_tests {
    use super::*;

    /// The byte scan agrees with `fold_char` on every code point.
    #[test]
    fn has_dropped_agrees_with_fold_char() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            let s = format!("中{c}文");
            assert_eq!(has_dropped(&s), fold_char(c).is_none(), "U+{u:04X}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded_string(s: &str) -> String {
        fold(s).chars.into_iter().collect()
    }

    #[test]
    fn full_width_ascii_becomes_ascii_lowercase() {
        assert_eq!(fold_str("ＰＰＰ模式"), "ppp模式");
        assert_eq!(fold_str("２０１９年"), "2019年");
        assert_eq!(fold_str("（一）"), "(一)");
        assert_eq!(fold_str("ＧＤＰ增长１９．１％"), "gdp增长19.1%");
        assert_eq!(fold_str("Hello"), "hello");
    }

    #[test]
    fn whitespace_of_any_kind_is_dropped() {
        assert_eq!(fold_str("增长 19.1%"), "增长19.1%");
        assert_eq!(fold_str("\u{3000}\u{3000}各位代表：\t\r\n"), "各位代表:");
        assert_eq!(fold_str("a\u{00A0}b\u{2003}c"), "abc");
    }

    #[test]
    fn stray_and_zero_width_chars_are_dropped() {
        assert_eq!(fold_str("习*近平"), "习近平");
        assert_eq!(fold_str("习＊近平"), "习近平");
        assert_eq!(fold_str("a_b~c`d^e|f\\g"), "abcdefg");
        assert_eq!(fold_str("石\u{200B}墨\u{FEFF}"), "石墨");
    }

    #[test]
    fn cjk_punctuation_and_other_chars_are_kept() {
        assert_eq!(fold_str("“转型发展”、《报告》。"), "“转型发展”、《报告》。");
        assert_eq!(fold_str("Ω É"), "ΩÉ");
    }

    #[test]
    fn map_points_back_to_original_char_indices() {
        let text = "（一）ＰＰＰ 模式";
        let f = fold(text);
        assert_eq!(f.chars.iter().collect::<String>(), "(一)ppp模式");
        assert_eq!(f.map, vec![0, 1, 2, 3, 4, 5, 7, 8]);
        let orig: Vec<char> = text.chars().collect();
        for (fi, &oi) in f.map.iter().enumerate() {
            assert_eq!(fold_char(orig[oi as usize]), Some(f.chars[fi]));
        }
    }

    #[test]
    fn verbatim_chars_stay_verbatim_and_nothing_else_becomes_one() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            match fold_char(c) {
                Some(f) if is_verbatim(c) => {
                    assert!(is_verbatim(f), "{c:?} folds out of the verbatim range to {f:?}");
                    assert!(f == c || simplified(c) == f, "{c:?} -> {f:?}");
                }
                Some(f) => assert!(!is_verbatim(f), "{c:?} folds into verbatim {f:?}"),
                None => assert!(!is_verbatim(c), "{c:?}"),
            }
        }
    }

    #[test]
    fn traditional_folds_to_simplified_char_by_char() {
        assert_eq!(fold_str("經濟發展"), "经济发展");
        assert_eq!(fold_str("國務院關於"), "国务院关于");
        assert_eq!(fold_str("经济发展"), "经济发展");
        // A char that is simplified too stays.
        assert_eq!(fold_str("著名"), "著名");
        // One char for one: the map points at the chars the text has.
        let f = fold("推動經濟");
        assert_eq!(f.chars.iter().collect::<String>(), "推动经济");
        assert_eq!(f.map, vec![0, 1, 2, 3]);
        assert_eq!(f.orig_len, 4);
    }

    #[test]
    fn folding_is_idempotent() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            if let Some(f) = fold_char(c) {
                assert_eq!(fold_char(f), Some(f), "{c:?} -> {f:?}");
            }
        }
    }

    #[test]
    fn has_traditional_agrees_with_the_table() {
        for u in 0x3000..=0xFFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            let s = format!("中{c}文");
            assert_eq!(has_traditional(&s), simplified(c) != c, "U+{u:04X}");
        }
        assert!(!has_traditional("经济发展 ＧＤＰ"));
        assert!(traditional_forms('经').any(|t| t == '經'));
        assert_eq!(traditional_forms('a').count(), 0);
        for u in 0x3400..=0xFAFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            if simplified(c) != c {
                assert!(traditional_forms(simplified(c)).any(|t| t == c), "{c}");
            }
        }
        assert!(has_traditional("经济發展"));
    }

    #[test]
    fn fold_and_fold_str_agree() {
        for s in ["", "　", "习*近平总书记", "ＡＢＣ　ｄｅｆ", "增长 19.1%"] {
            assert_eq!(folded_string(s), fold_str(s));
        }
    }
}
