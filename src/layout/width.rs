//! Display width of characters and strings, in terminal columns.

use unicode_width::UnicodeWidthChar;

/// How to count East Asian Ambiguous characters (UAX #11), such as
/// “ ” ‘ ’ … — · ① ※ °.
///
/// Most terminals draw them one column wide ([`Ambiguous::Narrow`]); CJK
/// terminal profiles often draw them two columns wide ([`Ambiguous::Wide`]).
/// The whole program must use one setting consistently.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Ambiguous {
    /// Ambiguous characters take one column.
    #[default]
    Narrow,
    /// Ambiguous characters take two columns.
    Wide,
}

/// The one width function: the number of terminal columns `c` occupies.
///
/// * Control characters (C0, DEL, C1) are 0: they must be replaced by
///   [`sanitize`](super::sanitize()) before anything is drawn, and the
///   placeholders it produces have their own (non-zero) widths.
/// * East Asian Ambiguous characters are 1 column in [`Ambiguous::Narrow`]
///   and 2 in [`Ambiguous::Wide`].
/// * U+3000 IDEOGRAPHIC SPACE is always 2.
/// * Combining marks and other zero-width characters are 0.
#[inline]
pub fn char_width(c: char, amb: Ambiguous) -> usize {
    if c == '\u{3000}' {
        return 2;
    }
    let w = match amb {
        Ambiguous::Narrow => c.width(),
        Ambiguous::Wide => c.width_cjk(),
    };
    w.unwrap_or(0)
}

/// Width of `s` in columns: the sum of [`char_width`] over its chars.
///
/// This deliberately sums per char (rather than using unicode-width's
/// sequence-aware `str` width) so that it always equals the sum of the
/// widths [`wrap`](super::wrap()) and [`truncate`](super::truncate()) use.
pub fn str_width(s: &str, amb: Ambiguous) -> usize {
    s.chars().map(|c| char_width(c, amb)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Ambiguous::{Narrow, Wide};

    #[test]
    fn ambiguous_quote_depends_on_setting() {
        assert_eq!(char_width('“', Narrow), 1);
        assert_eq!(char_width('“', Wide), 2);
        assert_eq!(char_width('…', Narrow), 1);
        assert_eq!(char_width('…', Wide), 2);
        assert_eq!(char_width('—', Wide), 2);
    }

    #[test]
    fn fixed_widths() {
        for amb in [Narrow, Wide] {
            assert_eq!(char_width('中', amb), 2);
            assert_eq!(char_width('a', amb), 1);
            assert_eq!(char_width('\u{3000}', amb), 2);
            assert_eq!(char_width('，', amb), 2);
            assert_eq!(char_width('\x1b', amb), 0);
            assert_eq!(char_width('\0', amb), 0);
            assert_eq!(char_width('\u{85}', amb), 0);
        }
    }

    #[test]
    fn str_width_sums() {
        assert_eq!(str_width("中a“", Narrow), 4);
        assert_eq!(str_width("中a“", Wide), 5);
        assert_eq!(str_width("", Wide), 0);
        assert_eq!(str_width("\u{3000}\u{3000}现在", Narrow), 8);
    }
}
