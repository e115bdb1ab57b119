//! Decisions that take more than one line: blocks of chrome (a footer, a sidebar of other
//! reports' titles, what a page shows after the report's last paragraph) and repeated
//! copies of the whole report.
//!
//! Works on cleaned lines (see `clean`); returns which lines to keep.

use super::clean;
use std::collections::HashSet;

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

/// Lines count as the same when they are equal with digits masked (a copy whose numbers
/// were revised is still a copy); only lines of some length take part in matching.
const MIN_MATCH_CHARS: usize = 12;

/// Find repeated copies of the report: a run of lines that comes again later, also when
/// chrome stands between the copies or a few lines differ. Keeps the longest copy (the
/// first of equals) and marks the others for removal; the opening lines before the first
/// copy (title, dateline) are kept whichever copy wins. Returns how many copies were dropped.
pub fn drop_copies(lines: &[&str], keep: &mut [bool]) -> usize {
    let live: Vec<usize> = (0..lines.len()).filter(|&i| keep[i]).collect();
    let (keys, lens): (Vec<u64>, Vec<usize>) = live.iter().map(|&i| clean::masked_key(lines[i])).unzip();
    let long = |k: usize| lens[k] >= MIN_MATCH_CHARS;
    // Where each copy starts, as positions in `live`.
    let mut starts = vec![0];
    // The opening lines before the first repeated line are the report's header.
    let mut header_end = None;
    let mut seen: HashSet<u64> = HashSet::new();
    let mut k = 0;
    while k < keys.len() {
        let key = keys[k];
        if long(k) && seen.contains(&key) {
            // Does a run of lines from here repeat the current copy?
            let probe: Vec<usize> = (k..keys.len()).filter(|&j| long(j)).take(20).collect();
            let hits = probe.iter().filter(|&&j| seen.contains(&keys[j])).count();
            if probe.len() >= 3 && hits * 10 >= probe.len() * 6 {
                let from = *starts.last().expect("non-empty");
                let first = (from..k).find(|&j| keys[j] == keys[k]).unwrap_or(from);
                header_end.get_or_insert(first);
                // Back up over the new copy's own opening lines (its title, dateline): the
                // lines before it that mirror the lines before the earlier copy's.
                let (mut a, mut start) = (first, k);
                while a > from && start > first + 1 && keys[start - 1] == keys[a - 1] {
                    a -= 1;
                    start -= 1;
                }
                starts.push(start);
                seen = keys[start..k].iter().copied().collect();
            }
        }
        seen.insert(key);
        k += 1;
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
