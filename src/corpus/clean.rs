//! Line-level clean-up: spaces that extraction put into Chinese text, web-page chrome,
//! mojibake, and repeated copies of the whole report.

use regex::Regex;
use std::sync::OnceLock;

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}' | '\u{2002}'..='\u{200a}' | '\u{202f}' | '\u{205f}')
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{feff}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{00ad}')
}

/// True for chars where a space between two of them is a real word space
/// (Latin letters and digits on both sides: "Hello world", "15:53 10").
fn keeps_space(c: char) -> bool {
    c.is_ascii_alphanumeric() || c.is_ascii_punctuation() && !matches!(c, ',' | ';' | ':' | '!' | '?' | '(' | ')')
}

/// Normalise one source line: `&nbsp;` and NBSP become spaces, invisible chars go,
/// the ends are trimmed, and spaces inside Chinese text or numbers are removed
/// ("增长 19.1%" → "增长19.1%", "政 府 工 作 报 告" → "政府工作报告"). A space
/// between two Latin words or numbers stays, folded to one.
pub fn normalize_line(line: &str) -> String {
    // Fast path: once the ends are trimmed, most lines hold no space or invisible char.
    let trimmed = line.trim_matches(|c: char| is_space(c) || is_invisible(c));
    if !trimmed.contains("&nbsp;") && !trimmed.chars().any(|c| is_space(c) || is_invisible(c)) {
        return trimmed.to_string();
    }
    let replaced;
    let line = if line.contains("&nbsp;") {
        replaced = line.replace("&nbsp;", " ");
        replaced.as_str()
    } else {
        line
    };
    let chars: Vec<char> = line.chars().filter(|&c| !is_invisible(c)).collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_space(c) {
            let mut j = i;
            while j < chars.len() && is_space(chars[j]) {
                j += 1;
            }
            let before = out.chars().next_back();
            let after = chars.get(j).copied();
            if let (Some(b), Some(a)) = (before, after)
                && keeps_space(b)
                && keeps_space(a)
            {
                out.push(' ');
            }
            i = j;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Web-page chrome and publishing lines.
pub enum Chrome {
    /// A line naming the publisher (来源：齐齐哈尔日报).
    Source(String),
    Other,
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("valid regex"))
}

/// Is this (normalised) line web-page chrome rather than report text?
pub fn chrome(line: &str) -> Option<Chrome> {
    static SOURCE: OnceLock<Regex> = OnceLock::new();
    static NOISE: OnceLock<Regex> = OnceLock::new();
    static STAMP: OnceLock<Regex> = OnceLock::new();
    if line.chars().count() > 60 {
        return None;
    }
    let source = re(&SOURCE, r"(?:来源|来自|出处|稿源)[:：]\s*([^\s　:：|｜()（）]{2,30})");
    if let Some(c) = source.captures(line) {
        return Some(Chrome::Source(c[1].trim_end_matches(['。', '.']).to_string()));
    }
    let noise = re(
        &NOISE,
        r"责任编辑|编辑[:：]|查看余下全文|展开全文|阅读全文|精彩图片|阅读[:：]?\s*\d+\s*次|浏览(?:次数|量)?[:：]?\s*\d+|暂无评论|发表评论|打印本页|关闭窗口|分享到|扫一扫|【字体|字号[:：]|上一篇|下一篇|返回顶部|相关链接|网站地图|版权所有|^(?:\[|【)?(?:打印|关闭|收藏)(?:\]|】)?$",
    );
    if noise.is_match(line) {
        return Some(Chrome::Other);
    }
    // A bare publishing timestamp: "2022-03-15 15:53", "2018年01月31日 15:53".
    let stamp = re(&STAMP, r"^\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}日?\s*\d{1,2}:\d{2}(?::\d{2})?$");
    if stamp.is_match(line) {
        return Some(Chrome::Other);
    }
    None
}

/// Lines of mojibake: UTF-8 read as GBK or similar leaves Latin-1 symbols, kana and
/// replacement chars scattered among CJK chars.
pub fn is_mojibake(line: &str) -> bool {
    // Fast path on bytes: every suspicious char below starts with one of these byte pairs
    // (C2/C3: U+0080–U+00FF; E3 81–83: kana; EE, EF 80–A3: private use; EF BF: U+FFFD).
    let suspicious_lead = line.as_bytes().windows(2).any(|w| match w[0] {
        0xC2 | 0xC3 | 0xEE => true,
        0xE3 => (0x81..=0x83).contains(&w[1]),
        0xEF => w[1] <= 0xA3 || w[1] == 0xBF,
        _ => false,
    });
    if !suspicious_lead {
        return false;
    }
    let mut total = 0usize;
    let mut odd = 0usize;
    let mut cjk = 0usize;
    for c in line.chars() {
        total += 1;
        let u = c as u32;
        let suspicious = matches!(u,
            0x80..=0x9f                      // C1 controls
            | 0xa1..=0xa6 | 0xa8..=0xaf | 0xb2..=0xb6 | 0xb8..=0xbf // Latin-1 symbols (not § ° ± ·)
            | 0xc0..=0xd6 | 0xd8..=0xf6 | 0xf8..=0xff // Latin-1 letters (not × ÷)
            | 0x3041..=0x30fa                // kana, but not ・ ー (used in "7・13")
            | 0xe000..=0xf8ff                // private use
            | 0xfffd);
        if suspicious {
            odd += 1;
        }
        if (0x4e00..=0x9fff).contains(&u) {
            cjk += 1;
        }
    }
    total > 0 && odd > 0 && (odd * 10 >= total || (cjk > 0 && odd * 25 >= total && odd >= 2))
}

/// The line with every run of digits (ASCII or full-width) replaced by one '0', for
/// comparing copies whose numbers differ.
pub fn digits_masked(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_digits = false;
    for c in line.chars() {
        let digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
        if !digit {
            out.push(c);
        } else if !in_digits {
            out.push('0');
        }
        in_digits = digit;
    }
    out
}

/// If the lines are the same report repeated N times (a trailing partial copy included),
/// return the length of one copy. Lines are compared as given (already normalised, blanks removed).
pub fn repeat_period(lines: &[&str]) -> Option<usize> {
    let n = lines.len();
    if n < 4 {
        return None;
    }
    let first = lines[0];
    // Try every later position where the first line comes again, shortest period first.
    for p in (1..n).filter(|&p| lines[p] == first) {
        if p < 2 || n - p < p.min(3) {
            continue;
        }
        if (p..n).all(|i| lines[i] == lines[i - p]) {
            return Some(p);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_inside_chinese_and_numbers_go() {
        assert_eq!(normalize_line("增长 19.1%和 29.4%"), "增长19.1%和29.4%");
        assert_eq!(normalize_line("政 府 工 作 报 告"), "政府工作报告");
        assert_eq!(normalize_line("\u{3000}\u{3000}一、过去五年"), "一、过去五年");
        assert_eq!(normalize_line("区长  陈文波"), "区长陈文波");
        assert_eq!(normalize_line("来源:齐齐哈尔日报&nbsp;&nbsp;"), "来源:齐齐哈尔日报");
        assert_eq!(normalize_line("PPP 模式 and BOT mode"), "PPP模式and BOT mode");
        assert_eq!(normalize_line("2022-03-15 15:53"), "2022-03-15 15:53");
        assert_eq!(normalize_line("项目 128 个"), "项目128个");
    }

    #[test]
    fn chrome_lines() {
        assert!(matches!(chrome("2022-03-15 15:53 来源:齐齐哈尔日报"), Some(Chrome::Source(s)) if s == "齐齐哈尔日报"));
        assert!(matches!(chrome("(责任编辑:石兰兰)"), Some(Chrome::Other)));
        assert!(matches!(chrome("2018年01月31日 阅读：76次 暂无评论"), Some(Chrome::Other)));
        assert!(matches!(chrome("查看余下全文"), Some(Chrome::Other)));
        assert!(matches!(chrome("精彩图片"), Some(Chrome::Other)));
        assert!(chrome("一、过去五年工作回顾").is_none());
        assert!(chrome("各位代表：").is_none());
    }

    #[test]
    fn mojibake_lines() {
        assert!(is_mojibake("楦¤タ甯甯柯寮甯歌"));
        assert!(!is_mojibake("去年，我市连续遭遇“7・13”“7・19”两次特大洪涝灾害"));
        assert!(!is_mojibake("各位代表："));
        assert!(!is_mojibake("温度−5°C，增长19.1%"));
    }

    #[test]
    fn copies_with_other_numbers_are_copies() {
        assert_eq!(digits_masked("项目364个，增长19.1%"), digits_masked("项目42个，增长3.25%"));
        assert_ne!(digits_masked("项目364个"), digits_masked("项目364项"));
    }

    #[test]
    fn repeats() {
        let l = ["t", "a", "b", "c", "t", "a", "b", "c", "t", "a"];
        assert_eq!(repeat_period(&l), Some(4));
        let l = ["t", "a", "t", "b", "c", "d"];
        assert_eq!(repeat_period(&l), None);
    }
}
