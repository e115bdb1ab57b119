//! One-row excerpts of a paragraph centred on a match, for search results.

use super::width::{Ambiguous, char_width};

/// A one-row excerpt of `text` at most `max` columns wide, centred on the first matched
/// char (`indices` are char indices into `text`, sorted). Cut sides get a '…'. Returns
/// the excerpt and the char indices into the excerpt to highlight.
pub fn snippet(text: &str, indices: &[usize], max: usize, amb: Ambiguous) -> (String, Vec<usize>) {
    let chars: Vec<char> = text.chars().collect();
    let w = |c: char| char_width(c, amb);
    let total: usize = chars.iter().map(|&c| w(c)).sum();
    if total <= max {
        return (text.to_string(), indices.iter().copied().filter(|&i| i < chars.len()).collect());
    }
    let ell = w('…');
    let budget = max.saturating_sub(2 * ell);
    let first = indices.first().copied().unwrap_or(0).min(chars.len().saturating_sub(1));
    // The first run of matched chars close together should be visible whole.
    let mut last = first;
    for &i in indices {
        if i >= first && i < chars.len() && i <= last + 8 {
            last = i;
        }
    }
    let (mut s, mut e) = (first, first);
    let mut used = 0;
    // Take the match run, then grow to both sides, a little more context before than after.
    while e <= last && e < chars.len() && used + w(chars[e]) <= budget {
        used += w(chars[e]);
        e += 1;
    }
    let mut turn = 0;
    loop {
        let left_ok = s > 0 && used + w(chars[s - 1]) <= budget;
        let right_ok = e < chars.len() && used + w(chars[e]) <= budget;
        if !left_ok && !right_ok {
            break;
        }
        if left_ok && (turn % 3 != 2 || !right_ok) {
            s -= 1;
            used += w(chars[s]);
        } else if right_ok {
            used += w(chars[e]);
            e += 1;
        }
        turn += 1;
    }
    // Use the room the missing ellipses leave.
    let prefix = s > 0;
    let mut out = String::new();
    if prefix {
        out.push('…');
    }
    out.extend(&chars[s..e]);
    if e < chars.len() {
        out.push('…');
    }
    let shift = usize::from(prefix);
    let hl = indices.iter().filter(|&&i| i >= s && i < e).map(|&i| i - s + shift).collect();
    (out, hl)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::str_width;

    #[test]
    fn short_text_is_whole() {
        let (s, hl) = snippet("推动石墨产业", &[2, 3], 40, Ambiguous::Narrow);
        assert_eq!(s, "推动石墨产业");
        assert_eq!(hl, vec![2, 3]);
    }

    #[test]
    fn long_text_is_centred_and_fits() {
        let text = "一二三四五六七八九十".repeat(10) + "石墨" + &"甲乙丙丁戊己庚辛壬癸".repeat(10);
        let at = 100;
        for max in [10, 21, 40, 79] {
            let (s, hl) = snippet(&text, &[at, at + 1], max, Ambiguous::Narrow);
            assert!(str_width(&s, Ambiguous::Narrow) <= max, "{max}: {s}");
            let cs: Vec<char> = s.chars().collect();
            assert_eq!(hl.len(), 2, "{max}: {s}");
            assert_eq!((cs[hl[0]], cs[hl[1]]), ('石', '墨'));
            assert!(s.starts_with('…') && s.ends_with('…'));
        }
    }
}
