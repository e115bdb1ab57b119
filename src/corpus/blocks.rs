//! Decisions that take more than one line: blocks of chrome (a footer, a sidebar of other
//! reports' titles, what a page shows after the report's last paragraph) and repeated
//! copies of the whole report.
//!
//! Works on cleaned lines (see `clean`); returns which lines to keep.

use super::clean;
use std::collections::HashMap;

/// Is this line short text of the kind lists and menus are made of (a title, a date, a
/// link), rather than a sentence of the report?
fn is_listy(line: &str) -> bool {
    !clean::is_prose(line) && !line.starts_with("各位代表")
}

/// Lines that start an appendix, a glossary or notes: after the report's closing words
/// these are still the report's.
pub fn opens_appendix(line: &str) -> bool {
    let t = line.trim_start_matches(['【', '[', '（', '(']);
    t.starts_with("附件")
        || t.starts_with("附：")
        || t.starts_with("附:")
        || t.starts_with("附录")
        || t.starts_with("附表")
        || t.starts_with("名词解释")
        || t.starts_with("名词注释")
        || t.starts_with("注释")
        || t.starts_with("注：")
        || t.starts_with("说明：")
}

/// The report's closing words: the last line of prose before any appendix, when it reads as
/// a closing ("…而努力奋斗！", "各位代表，…"). Returns it and where the appendix starts.
fn closing(lines: &[&str]) -> Option<(usize, usize)> {
    let from = lines.len() / 2;
    let appendix = (from..lines.len()).find(|&i| opens_appendix(lines[i])).unwrap_or(lines.len());
    let last = (from..appendix).rev().find(|&i| clean::is_prose(lines[i]))?;
    // A hard-wrapped closing goes on to the line that ends its sentence.
    let mut end = last;
    while end + 1 < appendix && !lines[end].ends_with(['。', '！', '？', '!', '?', '”']) && end - last < 4 {
        end += 1;
    }
    let words: String = lines[last..=end].concat();
    (words.ends_with(['！', '!']) || words.starts_with("各位代表") || words.contains("奋斗")).then_some((end, appendix))
}

/// Mark chrome blocks for removal: a footer or sidebar heading and the list-like lines
/// after it, and, after the report's closing words, list-like lines outside an appendix.
/// `keep[i]` is set false for each line that goes.
/// `opens[i]` says line `i` is a `Chrome::Opens` line, `by_page_break[i]` that a page number
/// stood next to it.
pub fn drop_chrome_blocks(lines: &[&str], opens: &[bool], by_page_break: &[bool], keep: &mut [bool]) -> usize {
    let mut dropped = 0;
    let mut i = 0;
    while i < lines.len() {
        if keep[i] && opens.get(i) == Some(&true) {
            keep[i] = false;
            dropped += 1;
            let mut j = i + 1;
            // The list ends at a part of the report, or at the report's own opening lines
            // (its title, dateline), and after 40 lines at most.
            while j < lines.len()
                && j - i <= 40
                && (is_listy(lines[j]) || starts_closed(lines[j]))
                && !starts_part(lines[j])
                && !lines[j].contains("人民代表大会")
                && !(lines[j].contains("工作报告")
                    && lines.get(j + 1).is_some_and(|n| {
                        n.contains("人民代表大会")
                            || n.contains("人大")
                            || n.starts_with("各位代表")
                            || n.starts_with('—')
                    }))
            {
                if keep[j] {
                    keep[j] = false;
                    dropped += 1;
                }
                j += 1;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    // Running heads and feet of PDF pages: a short line that comes again and again.
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    // A line between a 《 and a 》 is a fragment of its sentence (a linked title), not a page's.
    let stands_alone = |i: usize| {
        let before = i.checked_sub(1).map(|j| lines[j]);
        let after = lines.get(i + 1);
        !before.is_some_and(|b| b.ends_with(['《', '“', '（', '(', '「', '、', '，']))
            && !after.is_some_and(|a| a.starts_with(['》', '”', '）', ')', '」', '，', '。', '、', '；', '：']))
    };
    for (i, &l) in lines.iter().enumerate() {
        if keep[i] && is_running_line(l) && (stands_alone(i) || by_page_break.get(i) == Some(&true)) {
            *counts.entry(l).or_default() += 1;
        }
    }
    // Three times anywhere, or twice next to a page number.
    let running: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            let n = counts.get(lines[i]).copied().unwrap_or(0);
            // (A page breaks in mid-sentence, so a head there need not stand alone.)
            let by_page = by_page_break.get(i) == Some(&true);
            keep[i] && (n >= 3 && stands_alone(i) || n >= 2 && by_page)
        })
        .collect();
    for i in running {
        keep[i] = false;
        dropped += 1;
    }
    let live: Vec<usize> = (0..lines.len()).filter(|&i| keep[i]).collect();
    let texts: Vec<&str> = live.iter().map(|&i| lines[i]).collect();
    if let Some((end, appendix)) = closing(&texts) {
        for &i in &live[end + 1..appendix] {
            if is_listy(lines[i]) {
                keep[i] = false;
                dropped += 1;
            }
        }
    }
    dropped
}

/// Could this line be a page's running head or foot: short, not a sentence, not a heading
/// or a salutation (those may rightly come again)?
fn is_running_line(line: &str) -> bool {
    line.chars().count() <= 30
        && !line.contains(['。', '，', '；', '：', '！', '？'])
        && line.chars().filter(|&c| super::meta::is_han(c)).count() >= 4
        && !starts_part(line)
        && !line.starts_with(|c: char| matches!(c, '第' | '（' | '(' | '—' | '-' | '附' | '注' | '①'..='⑳'))
        && !line.chars().find(|c| !c.is_ascii_digit()).is_some_and(|c| matches!(c, '.' | '．' | '、'))
        && !line.contains("是")
}

/// A line that goes on a sentence cut off before it (it starts with closing punctuation):
/// after a dropped line it is the rest of the chrome.
fn starts_closed(line: &str) -> bool {
    line.starts_with(['》', '”', '」', '』', '）', ')', '】', '、', '，', '。', '；', '：'])
}

/// A line that starts a part of the report (一、 or a salutation): a list of chrome ends there.
fn starts_part(line: &str) -> bool {
    let mut chars = line.chars();
    let first = chars.next();
    let second = chars.next();
    let numeral = |c: Option<char>| c.is_some_and(|c| "一二三四五六七八九十".contains(c));
    (numeral(first) || matches!(first, Some('（' | '('))) && (second == Some('、') || numeral(second))
        || line.starts_with("各位代表")
}

/// Maps keyed by line keys hash with this: the keys are hashes already (`clean::masked_key`),
/// so they are only mixed (FNV's low bits are weak), not hashed again with SipHash.

#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(self.0 ^ u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        // MurmurHash3's finaliser.
        let mut x = n ^ (n >> 33);
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        self.0 = x ^ (x >> 33);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Lines count as the same when they are equal with digits masked (a copy whose numbers
/// were revised is still a copy); only lines of some length take part in matching.
const MIN_MATCH_CHARS: usize = 12;

/// How many long lines ahead are looked at to decide whether a copy starts there.
const PROBE: usize = 20;

/// How far ahead in the earlier copy a line of the new one is looked for: a copy may lack
/// a few of the earlier copy's lines.
const SKIP: usize = 4;

/// The first line of the current copy with each key: its position in `live` and how many
/// long lines come before it.
type FirstSeen = HashMap<u64, (usize, usize), std::hash::BuildHasherDefault<KeyHasher>>;

/// Empty a map for reuse; one that grew large is dropped instead, so emptying it again and
/// again (a file of one line repeated starts a copy at every line) costs no more than what
/// it held.
fn reset(map: &mut FirstSeen) {
    if map.capacity() > 1024 {
        *map = FirstSeen::default();
    } else {
        map.clear();
    }
}

/// Find repeated copies of the report: a run of lines that comes again later, in the same
/// order, also when chrome stands between the copies or a few lines differ. Keeps the
/// longest copy (the first of equals) and marks the others for removal; the opening lines
/// before the first copy (title, dateline) are kept whichever copy wins, and so is what
/// follows the last copy's last repeated line when that copy is dropped (the report going
/// on after a repeated stretch is not a repeat). Returns how many copies were dropped.
///
/// A copy starts where the next long lines match, in order, the current copy's lines from
/// the first line like the one here, ending where the new copy begins; the evidence is
/// counted in different lines, so lines that are alike only with their digits masked (the
/// items of a list, differing in their numbers) count as one, and a report's own
/// paragraphs are never a copy of each other. At least half the matched lines (and three)
/// must match exactly, digits included, so blocks alike only in their shape (yearly
/// figures) are no copy either. A run of one line repeated exactly is a copy at every line.
pub fn drop_copies(lines: &[&str], keep: &mut [bool]) -> usize {
    let live: Vec<usize> = (0..lines.len()).filter(|&i| keep[i]).collect();
    let (keys, lens): (Vec<u64>, Vec<usize>) = live.iter().map(|&i| clean::masked_key(lines[i])).unzip();
    let long = |k: usize| lens[k] >= MIN_MATCH_CHARS;
    // The long lines, as positions in `live`.
    let longs: Vec<usize> = (0..keys.len()).filter(|&k| long(k)).collect();
    // Where each copy starts, as positions in `live`.
    let mut starts = vec![0];
    // The last long line of the latest copy that repeats a line of the copy before it.
    let mut last_repeat = 0;
    // The opening lines before the first repeated line are the report's header.
    let mut header_end = None;
    // The current copy's keys so far, and the copy's before it.
    let mut seen = FirstSeen::default();
    let mut before = FirstSeen::default();
    // How many long lines come before line `k`.
    let mut rank = 0;
    for k in 0..keys.len() {
        let key = keys[k];
        if let Some(&(first, first_rank)) = seen.get(&key).filter(|_| long(k)) {
            // Do the next long lines repeat, in order, the current copy's lines from its
            // first line like this one up to here? Each different key counts once.
            let earlier = &longs[first_rank..rank];
            let ahead = &longs[rank..(rank + PROBE).min(longs.len())];
            let (mut probed, mut hits, mut one_line) = ([0u64; PROBE], [0u64; PROBE], true);
            let (mut n_probed, mut n_hits, mut n_exact, mut p) = (0, 0, 0, 0);
            for &j in ahead {
                one_line = one_line && lines[live[j]] == lines[live[k]];
                if !probed[..n_probed].contains(&keys[j]) {
                    probed[n_probed] = keys[j];
                    n_probed += 1;
                }
                let window = &earlier[p.min(earlier.len())..(p + SKIP).min(earlier.len())];
                if let Some(q) = window.iter().position(|&e| keys[e] == keys[j]) {
                    n_exact += usize::from(lines[live[window[q]]] == lines[live[j]]);
                    p += q + 1;
                    if !hits[..n_hits].contains(&keys[j]) {
                        hits[n_hits] = keys[j];
                        n_hits += 1;
                    }
                }
            }
            // A real copy is mostly the same text, digits and all (a revised copy changes a
            // few figures); blocks that agree only with their digits masked (a table of years,
            // an appendix of yearly figures) are the report's own lines, never a copy.
            let exact = n_exact >= 3 && n_exact * 2 >= n_hits;
            let repeats = ahead.len() >= 3 && (one_line || (n_hits >= 3 && n_hits * 10 >= n_probed * 6 && exact));
            if repeats {
                let from = *starts.last().expect("non-empty");
                header_end.get_or_insert(first);
                // Back up over the new copy's own opening lines (its title, dateline): the
                // lines before it that mirror the lines before the earlier copy's.
                let (mut a, mut start) = (first, k);
                while a > from && start > first + 1 && keys[start - 1] == keys[a - 1] {
                    a -= 1;
                    start -= 1;
                }
                starts.push(start);
                std::mem::swap(&mut seen, &mut before);
                reset(&mut seen);
                let mut r = rank - (start..k).filter(|&j| long(j)).count();
                for (j, &opening) in keys.iter().enumerate().take(k).skip(start) {
                    seen.entry(opening).or_insert((j, r));
                    r += usize::from(long(j));
                }
            }
        }
        if starts.len() > 1 && long(k) && before.contains_key(&key) {
            last_repeat = k;
        }
        seen.entry(key).or_insert((k, rank));
        rank += usize::from(long(k));
    }
    if starts.len() == 1 {
        return 0;
    }
    let ranges: Vec<(usize, usize)> =
        starts.iter().enumerate().map(|(n, &a)| (a, starts.get(n + 1).copied().unwrap_or(keys.len()))).collect();
    let size = |&(a, b): &(usize, usize)| (a..b).filter(|&j| long(j)).count();
    let best = ranges.iter().enumerate().max_by_key(|(n, r)| (size(r), std::cmp::Reverse(*n))).map(|(n, _)| n);
    for (n, &(a, b)) in ranges.iter().enumerate() {
        if Some(n) == best {
            continue;
        }
        let a = if n == 0 { header_end.unwrap_or(a).max(a) } else { a };
        let b = if n + 1 == ranges.len() { (last_repeat + 1).max(a) } else { b };
        for &i in &live[a..b] {
            keep[i] = false;
        }
    }
    ranges.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept<'a>(lines: &[&'a str], f: fn(&[&str], &mut [bool]) -> usize) -> Vec<&'a str> {
        let mut keep = vec![true; lines.len()];
        f(lines, &mut keep);
        lines.iter().zip(&keep).filter(|(_, k)| **k).map(|(l, _)| *l).collect()
    }

    fn chrome_blocks(lines: &[&str], keep: &mut [bool]) -> usize {
        let opens: Vec<bool> = lines.iter().map(|l| matches!(clean::chrome(l), Some(clean::Chrome::Opens))).collect();
        drop_chrome_blocks(lines, &opens, &vec![false; lines.len()], keep)
    }

    const BODY: [&str; 6] = [
        "一、过去一年工作回顾",
        "过去一年，我们坚持稳中求进工作总基调，地区生产总值增长6.5%，经济运行总体平稳。",
        "我们着力扩大有效投资，实施重点项目128个，完成投资356亿元，增长12.3%。",
        "我们着力保障改善民生，城镇新增就业3.2万人，居民收入稳步增长。",
        "二、今年主要任务",
        "各位代表！新征程催人奋进，新使命重任在肩，让我们团结一心，为建设美好家园而努力奋斗！",
    ];

    #[test]
    fn copies_separated_by_chrome_are_kept_once() {
        let mut lines: Vec<&str> = BODY.to_vec();
        lines.extend(["2023年01月20日 来源：某某日报", "打印本页"]);
        lines.extend(BODY);
        let out = kept(&lines, drop_copies);
        let body_lines = out.iter().filter(|l| l.contains("地区生产总值")).count();
        assert_eq!(body_lines, 1, "{out:?}");
    }

    #[test]
    fn copies_that_differ_a_little_are_copies() {
        let mut lines: Vec<&str> = BODY.to_vec();
        let mut second = BODY.to_vec();
        second[3] = "我们着力保障和改善民生，城镇新增就业3.5万人，居民收入较快增长。";
        lines.extend(second);
        let out = kept(&lines, drop_copies);
        assert_eq!(out.iter().filter(|l| l.contains("投资")).count(), 1, "{out:?}");
        assert_eq!(out.len(), BODY.len(), "{out:?}");
    }

    #[test]
    fn a_longer_second_copy_wins_over_a_preview() {
        let mut lines: Vec<&str> = BODY[..4].to_vec();
        lines.push("查看余下全文");
        lines.extend(BODY);
        let out = kept(&lines, drop_copies);
        assert!(out.ends_with(&BODY), "{out:?}");
        assert_eq!(out.iter().filter(|l| l.contains("投资")).count(), 1, "{out:?}");
    }

    #[test]
    fn a_report_with_no_copy_is_untouched() {
        assert_eq!(kept(&BODY, drop_copies), BODY.to_vec());
    }

    #[test]
    fn sidebars_and_footers_go_with_their_lists() {
        let mut lines: Vec<&str> = BODY[..4].to_vec();
        lines.extend(["相关链接", "2022年某市政府工作报告", "2021年某市政府工作报告", "2023-01-20"]);
        lines.extend(&BODY[4..]);
        lines.extend(["版权所有：某市人民政府办公室", "地址：某市某路1号", "联系电话：0000-1234567"]);
        let out = kept(&lines, chrome_blocks);
        assert_eq!(out, BODY.to_vec());
    }

    #[test]
    fn running_heads_of_pdf_pages_go() {
        let mut lines: Vec<&str> = Vec::new();
        for l in &BODY {
            lines.extend([*l, "2023年某市政府工作报告"]);
        }
        assert_eq!(kept(&lines, chrome_blocks), BODY.to_vec());
        // Two of the same short line are not enough.
        let lines = ["坚持创新驱动", BODY[1], "坚持创新驱动", BODY[2]];
        assert_eq!(kept(&lines, chrome_blocks), lines.to_vec());
    }

    #[test]
    fn after_the_closing_words_lists_go_but_an_appendix_stays() {
        let mut lines: Vec<&str> = BODY.to_vec();
        lines.extend(["附件", "名词解释", "1.“三早”：早谋划、早准备、早开工。", "阅读排行", "2019年某县政府工作报告"]);
        let mut expect = BODY.to_vec();
        expect.extend(["附件", "名词解释", "1.“三早”：早谋划、早准备、早开工。"]);
        assert_eq!(kept(&lines, chrome_blocks), expect);
        let mut lines: Vec<&str> = BODY.to_vec();
        lines.extend(["打印", "【我要纠错】", "2019年某县政府工作报告", "上一篇：某某"]);
        assert_eq!(kept(&lines, chrome_blocks), BODY.to_vec());
    }
}
