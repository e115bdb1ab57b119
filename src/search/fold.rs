//! Text folding for search: both the paragraph and the query terms are folded the same way, so
//! full-width and half-width forms, letter case, whitespace and extraction debris (`习*近平`,
//! `增长 19.1%`) do not get in the way of a match.
//!
//! Folding maps every original char to at most one folded char (it never expands), so a folded
//! index maps back to exactly one original char index through [`Folded::map`].

/// Text folded for matching, with a map back to the original char indices.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Folded {
    /// The folded chars.
    pub chars: Vec<char>,
    /// `map[i]` is the char index (not byte index) in the original text of `chars[i]`.
    /// Strictly increasing.
    pub map: Vec<u32>,
}

/// True for chars that folding keeps as they are and that no other char folds into (U+3001 to
/// U+FEFE: CJK punctuation, kana, Han, Hangul…). Such a char is in the folded text if and only if
/// it is in the original text.
#[inline]
pub fn is_verbatim(c: char) -> bool {
    ('\u{3001}'..='\u{FEFE}').contains(&c)
}

/// Folds one char: `None` if the char is dropped.
#[inline]
pub(crate) fn fold_char(c: char) -> Option<char> {
    if is_verbatim(c) {
        return Some(c);
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
    for (i, c) in text.chars().enumerate() {
        if let Some(f) = fold_char(c) {
            out.chars.push(f);
            out.map.push(u32::try_from(i).unwrap_or(u32::MAX));
        }
    }
}

pub fn fold(text: &str) -> Folded {
    let mut out = Folded { chars: Vec::with_capacity(text.len() / 2), map: Vec::with_capacity(text.len() / 2) };
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
    fn verbatim_chars_fold_to_themselves_and_nothing_else_does() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            match fold_char(c) {
                Some(f) if is_verbatim(f) => assert_eq!(f, c, "{c:?} folds into verbatim {f:?}"),
                _ => assert!(!is_verbatim(c), "{c:?}"),
            }
        }
    }

    #[test]
    fn fold_and_fold_str_agree() {
        for s in ["", "　", "习*近平总书记", "ＡＢＣ　ｄｅｆ", "增长 19.1%"] {
            assert_eq!(folded_string(s), fold_str(s));
        }
    }
}
