//! Cutting strings to a column budget.

use super::width::{Ambiguous, char_width, str_width};
use super::wrap::{is_forbidden_end, is_forbidden_start};

const ELLIPSIS: char = '…';

/// Cut `s` to at most `max` columns; if cut, end with '…' (its width counted
/// with `amb`: 1 column Narrow, 2 Wide). A wide char that does not fit whole
/// is dropped, never cut in half, so the result may be one column short
/// (nothing is padded). `max == 0` gives "".
///
/// Edge case: with `Ambiguous::Wide` and `max == 1` the ellipsis itself does
/// not fit, so a cut string is returned without it (the longest prefix that
/// fits, possibly "").
pub fn truncate(s: &str, max: usize, amb: Ambiguous) -> String {
    if max == 0 {
        return String::new();
    }
    if str_width(s, amb) <= max {
        return s.to_owned();
    }
    let ell = char_width(ELLIPSIS, amb);
    let (budget, with_ellipsis) = if ell <= max { (max - ell, true) } else { (max, false) };
    let mut used = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let w = char_width(c, amb);
        if used + w > budget {
            break;
        }
        used += w;
        end = i + c.len_utf8();
    }
    let mut out = String::with_capacity(end + ELLIPSIS.len_utf8());
    out.push_str(&s[..end]);
    if with_ellipsis {
        out.push(ELLIPSIS);
    }
    out
}

/// Cut `s` to at most `max` columns from the start, keeping its end, with a leading '…'
/// when cut (for paths, whose file name is at the end). Never splits a wide char.
pub fn truncate_start(s: &str, max: usize, amb: Ambiguous) -> String {
    if str_width(s, amb) <= max {
        return s.to_string();
    }
    let ell = char_width('…', amb);
    if max < ell {
        return String::new();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = ell;
    for c in s.chars().rev() {
        let w = char_width(c, amb);
        if used + w > max {
            break;
        }
        used += w;
        kept.push(c);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

/// [`truncate`] `s` to `max` columns, then pad with spaces to exactly `max`
/// columns.
pub fn fit(s: &str, max: usize, amb: Ambiguous) -> String {
    let mut out = truncate(s, max, amb);
    let w = str_width(&out, amb);
    out.extend(std::iter::repeat_n(' ', max.saturating_sub(w)));
    out
}

/// A concordance's left context cut to `max` columns from its start, and a right one from its end,
/// with "…" where cut, by the line-break rules: no closing punctuation just after the
/// "…" of a left context, no opening one just before the "…" of a right one.
pub fn context_left(s: &str, max: usize, amb: Ambiguous) -> String {
    let cut = truncate_start(s, max, amb);
    match cut.strip_prefix('…') {
        Some(rest) if rest.starts_with(is_forbidden_start) => {
            format!("…{}", rest.trim_start_matches(is_forbidden_start))
        }
        _ => cut,
    }
}

pub fn context_right(s: &str, max: usize, amb: Ambiguous) -> String {
    let cut = truncate(s, max, amb);
    match cut.strip_suffix('…') {
        Some(rest) if rest.ends_with(is_forbidden_end) => format!("{}…", rest.trim_end_matches(is_forbidden_end)),
        _ => cut,
    }
}

#[cfg(test)]
mod start_tests {
    use super::*;

    #[test]
    fn keeps_the_end() {
        assert_eq!(truncate_start("/a/b/报告.txt", 100, Ambiguous::Narrow), "/a/b/报告.txt");
        assert_eq!(truncate_start("/tmp/deep/报告.txt", 10, Ambiguous::Narrow), "…/报告.txt");
        for max in 0..12 {
            let t = truncate_start("/tmp/deep/报告.txt", max, Ambiguous::Narrow);
            assert!(str_width(&t, Ambiguous::Narrow) <= max, "{max}: {t}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Ambiguous::{Narrow, Wide};

    const SAMPLES: &[&str] = &[
        "",
        "abc",
        "中文字符",
        "a中b文c",
        "“三大战略”转型",
        "GDP增长19.1%，……——",
        "现在，我代表市政府，向大会作报告，请予审议。",
        "e\u{301}中\u{301}x",
    ];

    #[test]
    fn never_exceeds_and_marks_cuts() {
        for amb in [Narrow, Wide] {
            for s in SAMPLES {
                let full = str_width(s, amb);
                for max in 0..=10 {
                    let t = truncate(s, max, amb);
                    let w = str_width(&t, amb);
                    assert!(w <= max, "{s:?} max={max} {amb:?}: {t:?} is {w} wide");
                    if full <= max {
                        assert_eq!(t, *s, "{s:?} fits in {max} and must be unchanged");
                        continue;
                    }
                    let ell = char_width('…', amb);
                    if max >= ell {
                        assert!(t.ends_with('…'), "{s:?} max={max} {amb:?}: {t:?}");
                        let body = &t[..t.len() - '…'.len_utf8()];
                        // The kept part is a prefix, whole chars only.
                        assert!(s.starts_with(body), "{s:?} -> {t:?}");
                        // Only a wide char may be dropped: at most 1 short.
                        assert!(w + 1 >= max, "{s:?} max={max} {amb:?}: {t:?} too short");
                    } else {
                        assert!(s.starts_with(&t));
                    }
                }
            }
        }
    }

    #[test]
    fn wide_char_is_dropped_not_halved() {
        assert_eq!(truncate("中文字", 4, Narrow), "中…");
        assert_eq!(truncate("中文字", 5, Narrow), "中文…");
        assert_eq!(truncate("中文字", 5, Wide), "中…");
        assert_eq!(truncate("中文字", 2, Narrow), "…");
        assert_eq!(truncate("中文字", 1, Narrow), "…");
        assert_eq!(truncate("中文字", 1, Wide), "");
        assert_eq!(truncate("ab", 1, Wide), "a");
        assert_eq!(truncate("中文字", 0, Narrow), "");
        assert_eq!(truncate("中文", 4, Narrow), "中文");
    }

    #[test]
    fn fit_pads_to_exact_width() {
        for amb in [Narrow, Wide] {
            for s in SAMPLES {
                for max in 0..=10 {
                    let f = fit(s, max, amb);
                    assert_eq!(str_width(&f, amb), max, "{s:?} max={max} {amb:?}: {f:?}");
                }
            }
        }
        assert_eq!(fit("中文字", 5, Narrow), "中文…");
        assert_eq!(fit("中文字", 4, Narrow), "中… ");
        assert_eq!(fit("ab", 4, Narrow), "ab  ");
    }
}
