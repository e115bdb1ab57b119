//! Making untrusted text safe to print on a terminal.

use std::borrow::Cow;

/// Replacement for C1 controls and bidi formatting characters.
const REPLACEMENT: char = '\u{FFFD}';

/// The visible placeholder for `c`, or `None` if `c` is safe as is.
#[inline]
fn replacement(c: char) -> Option<char> {
    match c {
        '\t' => Some(' '),
        // C0 controls → Control Pictures: NUL → ␀, ESC → ␛, LF → ␊ ...
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32),
        '\x7f' => Some('\u{2421}'), // ␡
        '\u{80}'..='\u{9f}' => Some(REPLACEMENT),
        // Bidi embeddings/overrides, isolates, and marks (LRM, RLM, ALM);
        // line/paragraph separators, which some terminals treat as newlines.
        '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{061c}'
        | '\u{2028}'
        | '\u{2029}' => Some(REPLACEMENT),
        _ => None,
    }
}

/// Every string that reaches the terminal goes through this.
///
/// Control chars (C0 except tab, DEL, C1) become visible placeholders: C0 →
/// the Unicode Control Pictures (U+2400 + c, e.g. ESC → ␛, NUL → ␀,
/// LF → ␊), DEL → ␡, C1 → '�'; tab → one space; bidi overrides and isolates
/// U+202A–U+202E, U+2066–U+2069 and the marks U+200E/U+200F/U+061C → '�';
/// U+2028/U+2029 → '�'. Returns the input borrowed when nothing changed.
///
/// The placeholders are printable and have non-zero width, so sanitise
/// before measuring or wrapping.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    // Fast path on bytes: every char `replacement` changes is ASCII below 0x20 or 0x7F, or
    // starts with C2 (C1 controls), D8 (U+061C) or E2 80/81 xx (bidi marks, separators).
    // Report text is long and nearly always clean, so skip the char decoding.
    let b = s.as_bytes();
    let simple = b.iter().any(|&x| x < 0x20 || x == 0x7f || x == 0xc2 || x == 0xd8);
    let suspicious = simple
        || memchr::memchr_iter(0xe2, b).any(|i| match (b.get(i + 1), b.get(i + 2)) {
            (Some(0x80), Some(&t)) => matches!(t, 0x8e | 0x8f | 0xa8..=0xae),
            (Some(0x81), Some(&t)) => matches!(t, 0xa6..=0xa9),
            _ => false,
        });
    if !suspicious {
        return Cow::Borrowed(s);
    }
    let Some((first, _)) = s.char_indices().find(|&(_, c)| replacement(c).is_some()) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        out.push(replacement(c).unwrap_or(c));
    }
    Cow::Owned(out)
}

/// For text that leaves us to be pasted elsewhere (the clipboard): [`sanitize`]'s rules,
/// except that line breaks and tabs stay what they are. No ESC, no other C0, no C1, no bidi
/// controls and no U+2028/U+2029 are left, so a paste cannot end a shell's bracketed paste
/// (`ESC[201~`) or hide what it says; what was there shows as its placeholder (␛, �).
pub fn sanitize_keeping_lines(s: &str) -> Cow<'_, str> {
    if !s.contains(['\n', '\t']) {
        return sanitize(s);
    }
    let mut out = String::with_capacity(s.len());
    for piece in s.split_inclusive(['\n', '\t']) {
        // Each piece ends with its separator, except perhaps the last.
        let (text, sep) = match piece.strip_suffix(['\n', '\t']) {
            Some(text) => (text, &piece[text.len()..]),
            None => (piece, ""),
        };
        out.push_str(&sanitize(text));
        out.push_str(sep);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod fast_path_tests {
    use super::*;

    /// The byte-level fast path never lets through a char the sanitiser would change.
    #[test]
    fn fast_path_agrees_with_the_char_rules() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            let s = format!("中{c}文");
            let changed = matches!(sanitize(&s), Cow::Owned(_));
            assert_eq!(changed, replacement(c).is_some(), "U+{u:04X}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_safe(out: &str) {
        for c in out.chars() {
            assert!(c >= ' ' && c != '\x7f', "control {c:?} in {out:?}");
            assert!(!('\u{80}'..='\u{9f}').contains(&c), "C1 {c:?} in {out:?}");
            assert!(
                !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}'),
                "bidi {c:?} in {out:?}"
            );
        }
    }

    #[test]
    fn escape_sequences_are_neutralised() {
        for evil in [
            "\x1b]0;pwned\x07",
            "\x1b[2J",
            "\x1b]52;c;aGk=\x07",
            "abc\u{202e}fed",
            "nul\0byte",
            "\u{9b}31m C1 CSI",
            "del\x7f \u{2066}iso\u{2069} \u{200f}",
        ] {
            let out = sanitize(evil);
            assert!(matches!(out, Cow::Owned(_)), "{evil:?} must be rewritten");
            assert_safe(&out);
        }
        assert_eq!(sanitize("\x1b]0;pwned\x07"), "␛]0;pwned␇");
        assert_eq!(sanitize("\x1b[2J"), "␛[2J");
        assert_eq!(sanitize("\x1b]52;c;aGk=\x07"), "␛]52;c;aGk=␇");
        assert_eq!(sanitize("a\u{202e}b"), "a\u{fffd}b");
        assert_eq!(sanitize("\0"), "␀");
        assert_eq!(sanitize("\x7f\u{85}"), "␡\u{fffd}");
        assert_eq!(sanitize("a\tb\nc"), "a b␊c");
    }

    #[test]
    fn copied_text_keeps_its_lines_and_tabs_but_nothing_else() {
        let out = sanitize_keeping_lines("我代表\x1b[201~; touch /tmp/x #报告\n出处\t2018\r\n\u{9b}0m\u{2028}");
        assert_eq!(out, "我代表␛[201~; touch /tmp/x #报告\n出处\t2018␍\n\u{fffd}0m\u{fffd}");
        for line in out.split(['\n', '\t']) {
            assert_safe(line);
        }
        assert_eq!(sanitize_keeping_lines("a\nb"), "a\nb");
        assert_eq!(sanitize_keeping_lines("\n\n"), "\n\n");
        assert_eq!(sanitize_keeping_lines("\x1b"), "␛");
    }

    #[test]
    fn clean_text_is_borrowed() {
        for s in ["", "现在，我代表市政府，向大会作报告。", "“三大战略”—— 19.1% ①"] {
            assert!(matches!(sanitize(s), Cow::Borrowed(b) if b == s), "{s:?}");
        }
    }

    #[test]
    fn seed_reports_are_safe() {
        for name in crate::layout::test_data::REPORTS {
            let text = crate::layout::test_data::read_report(name);
            assert_safe(&sanitize(&text));
        }
    }
}
