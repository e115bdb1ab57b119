//! One-row excerpts of a paragraph centred on its densest cluster of matches, for search results.

use super::width::{Ambiguous, char_width};

/// A one-row excerpt of `text` at most `max` columns wide, centred on the densest cluster of
/// matched chars (`indices` are char indices into `text`, sorted): of the stretches that fit
/// the row, the one holding the most matched chars, the earliest on a tie. Cut sides get a
/// '…'. Returns the excerpt and the char indices into the excerpt to highlight.
pub fn snippet(text: &str, indices: &[usize], max: usize, amb: Ambiguous) -> (String, Vec<usize>) {
    let chars: Vec<char> = text.chars().collect();
    let w = |c: char| char_width(c, amb);
    let total: usize = chars.iter().map(|&c| w(c)).sum();
    if total <= max {
        return (text.to_string(), indices.iter().copied().filter(|&i| i < chars.len()).collect());
    }
    let ell = w('…');
    let budget = max.saturating_sub(2 * ell);
    let (first, last) = densest(&chars, indices, budget, amb);
    let (mut s, mut e) = (first, first);
    let mut used = 0;
    // Take the cluster, then grow to both sides, a little more context before than after.
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
    // After the '…', not a char that may not start a line (，。、”）…): the excerpt starts
    // after it, as a wrapped line would.
    while s > 0 && s < first && super::wrap::is_forbidden_start(chars[s]) {
        s += 1;
    }
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

/// The first and last matched char of the densest cluster: the run of matched chars, first
/// to last, that fits in `budget` columns and holds the most of them (the earliest on a
/// tie). `(0, 0)` without matches.
fn densest(chars: &[char], indices: &[usize], budget: usize, amb: Ambiguous) -> (usize, usize) {
    let mut at: Vec<usize> = indices.iter().copied().filter(|&i| i < chars.len()).collect();
    at.sort_unstable();
    at.dedup();
    let Some(&lone) = at.first() else { return (0, 0) };
    // Columns before each char, so a stretch's width is one subtraction.
    let mut before = Vec::with_capacity(chars.len() + 1);
    before.push(0);
    for &c in chars {
        before.push(before.last().copied().unwrap_or(0) + char_width(c, amb));
    }
    let fits = |a: usize, b: usize| before[b + 1] - before[a] <= budget;
    let (mut best, mut count) = ((lone, lone), 1);
    let mut j = 0;
    for i in 0..at.len() {
        j = j.max(i);
        while j + 1 < at.len() && fits(at[i], at[j + 1]) {
            j += 1;
        }
        if j + 1 - i > count {
            (best, count) = ((at[i], at[j]), j + 1 - i);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// User trial: snippets read "…，完善经开区开放发展政策…", a comma after the ellipsis.
    #[test]
    fn a_cut_excerpt_never_starts_with_punctuation_that_may_not_start_a_line() {
        let text = "一二三四五六七八九十".repeat(6) + "，完善开放政策，促进营商环境优化提升" + &"甲乙丙丁".repeat(20);
        let at = text.chars().position(|c| c == '营').unwrap();
        for max in [20, 24, 30, 40, 50] {
            let (s, hl) = snippet(&text, &[at, at + 1, at + 2, at + 3], max, Ambiguous::Narrow);
            let after: Vec<char> = s.chars().skip_while(|&c| c == '…').collect();
            assert!(!crate::layout::wrap::is_forbidden_start(after[0]), "{max}: {s}");
            let cs: Vec<char> = s.chars().collect();
            assert_eq!(hl.iter().map(|&i| cs[i]).collect::<String>(), "营商环境", "{max}: {s}");
        }
    }
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

    /// The text of `hl` in `s`, each highlighted char.
    fn lit(s: &str, hl: &[usize]) -> String {
        let cs: Vec<char> = s.chars().collect();
        hl.iter().map(|&i| cs[i]).collect()
    }

    #[test]
    fn a_later_cluster_of_three_terms_wins_over_an_early_lone_match() {
        // "推动 质量 石墨": one 推 early on, then 推动…质量…石墨 close together far later.
        let filler = "一二三四五六七八九十".repeat(6);
        let text = format!("推{filler}加快推动高质量发展，做强石墨产业{filler}");
        let chars: Vec<char> = text.chars().collect();
        let find = |s: &str| {
            let first = s.chars().next().unwrap();
            (1..chars.len())
                .find(|&i| chars[i] == first && chars[i..].iter().zip(s.chars()).all(|(a, b)| *a == b))
                .unwrap()
        };
        let (t, q, g) = (find("推动"), find("质量"), find("石墨"));
        let indices = vec![0, t, t + 1, q, q + 1, g, g + 1];
        for max in [30, 40, 79] {
            let (s, hl) = snippet(&text, &indices, max, Ambiguous::Narrow);
            assert!(str_width(&s, Ambiguous::Narrow) <= max, "{max}: {s}");
            assert!(s.contains("推动高质量发展，做强石墨"), "{max}: {s}");
            assert_eq!(lit(&s, &hl), "推动质量石墨", "{max}: {s}");
            assert!(s.starts_with('…') && s.ends_with('…'), "{max}: {s}");
        }
    }

    #[test]
    fn clusters_of_equal_density_go_to_the_earliest() {
        // A lone match, then two pairs as dense as each other, too far apart to share a row.
        let (one, two) = ("一二三四五六七八九十".repeat(8), "子丑寅卯辰巳午未申酉".repeat(8));
        let text = format!("甲{one}石墨{two}石墨{one}");
        let (a, b) = (1 + 80, 1 + 80 + 2 + 80);
        assert_eq!((text.chars().nth(a), text.chars().nth(b)), (Some('石'), Some('石')));
        let (s, hl) = snippet(&text, &[0, a, a + 1, b, b + 1], 40, Ambiguous::Narrow);
        assert!(str_width(&s, Ambiguous::Narrow) <= 40, "{s}");
        assert_eq!(lit(&s, &hl), "石墨", "{s}");
        // The first pair, excerpted as it would be alone.
        assert_eq!((s, hl), snippet(&text, &[a, a + 1], 40, Ambiguous::Narrow));
        // The second pair alone would be another excerpt, so the test tells them apart.
        assert_ne!(
            snippet(&text, &[a, a + 1], 40, Ambiguous::Narrow),
            snippet(&text, &[b, b + 1], 40, Ambiguous::Narrow)
        );
    }
}
