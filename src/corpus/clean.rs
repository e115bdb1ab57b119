//! Line-level clean-up: spaces that extraction put into Chinese text, web-page chrome
//! one line at a time, mojibake, and the keys that `blocks` compares copies by.

use regex::Regex;
use std::sync::OnceLock;

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}' | '\u{2002}'..='\u{200a}' | '\u{202f}' | '\u{205f}')
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{feff}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{00ad}' | '\u{180e}')
}

/// Does `s` hold a char that [`is_space`] or [`is_invisible`] takes? Read from the UTF-8
/// bytes, without decoding chars (decoding every char of every line was a tenth of a load):
/// ' ' and tab; C2 A0, C2 AD; E1 A0 8E; E2 80 82..=8F and AF; E2 81 9F..=A4; E3 80 80;
/// EF BB BF.
fn has_space_or_invisible(s: &str) -> bool {
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&x| matches!(x, b' ' | b'\t' | 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF)) {
        let k = i + off;
        let hit = match b[k] {
            b' ' | b'\t' => true,
            0xC2 => matches!(at(k + 1), 0xA0 | 0xAD),
            0xE1 => at(k + 1) == 0xA0 && at(k + 2) == 0x8E,
            0xE2 => match at(k + 1) {
                0x80 => matches!(at(k + 2), 0x82..=0x8F | 0xAF),
                0x81 => matches!(at(k + 2), 0x9F..=0xA4),
                _ => false,
            },
            0xE3 => at(k + 1) == 0x80 && at(k + 2) == 0x80,
            _ => at(k + 1) == 0xBB && at(k + 2) == 0xBF,
        };
        if hit {
            return true;
        }
        i = k + 1;
    }
    false
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
    if !trimmed.contains("&nbsp;") && !has_space_or_invisible(trimmed) {
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
            // "1 9 9 8 年": digits typed one by one with spaces between are one number.
            let run = |mut k: usize, step: isize| {
                let mut n = 0;
                while let Some(c) = chars.get(k) {
                    if !c.is_ascii_digit() {
                        break;
                    }
                    n += 1;
                    let Some(next) = k.checked_add_signed(step) else { break };
                    k = next;
                }
                n
            };
            let spaced_digits = i > 0 && run(i - 1, -1) == 1 && run(j, 1) == 1;
            if let (Some(b), Some(a)) = (before, after)
                && keeps_space(b)
                && keeps_space(a)
                && !spaced_digits
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
    /// A line that opens a block of chrome: a footer (版权所有, ICP 备案, a licence notice)
    /// or a sidebar heading (阅读排行, 相关链接). The lines after it that are no sentence
    /// go with it (see `blocks::drop_chrome_blocks`).
    Opens,
    /// A page number of PDF text ("— 3 —", "第3页 共45页"): a page's running head or foot
    /// may stand next to it.
    PageNumber,
    Other,
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("valid regex"))
}

/// Words that are never a publisher: menu entries and placeholders behind 来源：.
const NOT_A_PUBLISHER: &[&str] = &["本站", "本网", "网络", "首页", "原创", "互联网", "未知", "其他", "转载", "综合"];

/// Is this (normalised) line web-page chrome rather than report text?
pub fn chrome(line: &str) -> Option<Chrome> {
    static SOURCE: OnceLock<Regex> = OnceLock::new();
    static NOISE: OnceLock<Regex> = OnceLock::new();
    static OPENS: OnceLock<Regex> = OnceLock::new();
    static STAMP: OnceLock<Regex> = OnceLock::new();
    static PAGE: OnceLock<Regex> = OnceLock::new();
    // Chrome is short; a longer line is report text.
    if line.chars().count() > 60 {
        return None;
    }
    let opens = re(
        &OPENS,
        r"^(?:[【\[]?(?:阅读排行|本栏推荐|标签云|相关报道|相关链接|相关文章|相关新闻|相关阅读|热点推荐|热门文章|热门推荐|推荐阅读|延伸阅读|猜你喜欢|精彩推荐|最新文章|往期回顾|图片新闻|热点新闻|点击排行|排行榜|专题推荐|友情链接|网站导航)[】\]]?(?:[:：>》\s]|更多|$))|^本作品(?:是|在|来自|属于)|版权所有|Copyright|©|ICP备|ICP证|公网安备|网站标识码|^主办单位|^网站主办|^主办[:：]|^承办[:：]|^技术支持[:：]|^联系我们$|^关于我们$|^网站声明|^免责声明",
    );
    if opens.is_match(line) {
        return Some(Chrome::Opens);
    }
    // At the line's start, or after a stamp or a separator: "资金来源：…" in a sentence is no publisher.
    let source = re(
        &SOURCE,
        r"(?:^|[\d\s|｜】\]])(?:信息来源|文章来源|来源|来自|出处|稿源)[:：]\s*([^\s　:：|｜()（）>»/]{2,30})",
    );
    let colon = line.contains(['：', ':']);
    if let Some(c) = source.captures(line).filter(|_| colon) {
        let name = c[1].trim_end_matches(['。', '.']);
        // "来源：新华社记者：…" or "来源：本站" names no publisher.
        let name = ["作者", "发布", "编辑", "时间", "浏览", "点击", "日期"]
            .iter()
            .fold(name, |n, w| n.split(w).next().unwrap_or(""));
        let is_name = name.chars().count() >= 2
            && !NOT_A_PUBLISHER.contains(&name)
            && name.chars().all(|c| super::meta::is_han(c) || c.is_ascii_alphanumeric());
        return Some(if is_name { Chrome::Source(name.to_string()) } else { Chrome::Other });
    }
    let noise = re(
        &NOISE,
        r"责任编辑|编辑[:：]|校对[:：]|审核[:：]|查看余下全文|展开全文|阅读全文|精彩图片|阅读[:：]?\s*\d+\s*次|浏览(?:次数|量)?[:：]?\s*\d+|点击(?:数|量|率)?[:：]\s*\d+|暂无评论|发表评论|我要评论|打印本页|关闭窗口|分享到|扫一扫|【字体|字号[:：]|字号[大中小]|^【?[大中小]{3}】?$|E-?mail推荐|上一篇|下一篇|返回顶部|回到顶部|网站地图|(?:下转|上接|紧接|转)第[\d一二三四五六七八九十]+版|^(?:首页|当前位置|您的位置|您现在的位置)[:：>»\s]|>>|^(?:\[|【)?(?:打印|关闭|收藏|纠错|返回)(?:\]|】)?$|^(?:索引号|发文字号|主题分类|发文机关|成文日期|发布日期|发布时间|信息来源|文号|作者)[:：]|^Public domain$|^(?:true|false)$",
    );
    if noise.is_match(line) {
        return Some(Chrome::Other);
    }
    // A bare publishing timestamp: "2022-03-15 15:53", "2018年01月31日 15:53".
    let stamp = re(&STAMP, r"^\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}日?\s*\d{1,2}:\d{2}(?::\d{2})?$");
    let digit_first = line.starts_with(|c: char| c.is_ascii_digit());
    if digit_first && stamp.is_match(line) {
        return Some(Chrome::Other);
    }
    // Page numbers and page headers from PDF text: "— 3 —", "-12-", "第3页", "3/45", "第 3 页 共 45 页".
    let page = re(
        &PAGE,
        r"^(?:[-—–－―─]\s*\d{1,4}\s*[-—–－―─]|第\s*\d{1,4}\s*页(?:\s*[/,，]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d+(?:\s*of\s*\d+)?|\d{1,3})$",
    );
    let page_like = line.chars().filter(|&c| meta_is_han(c)).count() <= 4;
    if page_like && page.is_match(line) {
        return Some(Chrome::PageNumber);
    }
    // A line with no Chinese at all and words in it: a URL, a menu in English, "false".
    // (A lone Latin word such as "WTO" is a link inside a sentence and stays.)
    if !line.chars().any(|c| super::meta::is_han(c) || is_cjk_punct(c))
        && line.chars().filter(char::is_ascii_alphabetic).count() >= 2
        && (line.contains([' ', '/', '.', ':', '=']) || line.len() > 12)
    {
        return Some(Chrome::Other);
    }
    None
}

fn meta_is_han(c: char) -> bool {
    super::meta::is_han(c)
}

/// CJK symbols and punctuation (。，、“” …) and the full-width forms.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}' | '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Does the line read as running prose: long enough, with a sentence end in it?
pub fn is_prose(line: &str) -> bool {
    line.chars().count() >= 30 && line.contains(['。', '！', '？', '；'])
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

/// The line with every run of digits (ASCII or full-width) replaced by one '0': what
/// `masked_key` hashes.
#[cfg(test)]
fn digits_masked(line: &str) -> String {
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

/// How many masked bytes from each end of a line go into its copy key.
const KEY_WINDOW: usize = 48;

/// A hash of the line with its digit runs masked (each run read as one '0', so a copy
/// whose numbers were revised has the same key), and the line's length in chars: a cheap key
/// for finding copies. Only the first and last 48 masked bytes are hashed, so the cost per
/// line is bounded; two lines that agree there are taken as the same line.
pub fn masked_key(line: &str) -> (u64, usize) {
    // FNV-1a.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    let bytes = line.as_bytes();
    // From the start: ASCII and full-width digits (EF BC 90..=99) are masked.
    let mut taken = 0;
    let mut in_digits = false;
    let mut i = 0;
    while i < bytes.len() && taken < KEY_WINDOW {
        let b = bytes[i];
        let len = if b.is_ascii_digit() {
            1
        } else if b == 0xEF
            && bytes.get(i + 1) == Some(&0xBC)
            && bytes.get(i + 2).is_some_and(|c| (0x90..=0x99).contains(c))
        {
            3
        } else {
            0
        };
        if len > 0 {
            if !in_digits {
                mix(b'0');
                taken += 1;
            }
            in_digits = true;
            i += len;
        } else {
            mix(b);
            taken += 1;
            in_digits = false;
            i += 1;
        }
    }
    // From the end, when the line is longer than the window: ASCII digits are masked.
    if i < bytes.len() {
        mix(0xFF);
        let mut taken = 0;
        let mut in_digits = false;
        for &b in bytes[i..].iter().rev() {
            if taken >= KEY_WINDOW {
                break;
            }
            if b.is_ascii_digit() {
                if !in_digits {
                    mix(b'0');
                    taken += 1;
                }
                in_digits = true;
            } else {
                mix(b);
                taken += 1;
                in_digits = false;
            }
        }
    }
    (h, line.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_check_for_spaces_agrees_with_the_char_check_on_every_char() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            let s = format!("政{c}府");
            assert_eq!(has_space_or_invisible(&s), is_space(c) || is_invisible(c), "U+{u:04X}");
        }
        assert!(!has_space_or_invisible("“十三五”，增长19.1%。"));
    }

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
        assert_eq!(normalize_line("从1 9 9 3 年3 月就职，达到7 4 7 7 2 亿元"), "从1993年3月就职，达到74772亿元");
        assert_eq!(normalize_line("15:53 10 and 2 apples"), "15:53 10 and 2 apples");
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
        assert_eq!(masked_key("项目364个，增长１９.1%").0, masked_key("项目42个，增长3.25%").0);
        assert_ne!(masked_key("项目364个").0, masked_key("项目364项").0);
        assert_eq!(masked_key("项目364个").1, 6);
        // Long lines: a revised number in the middle, beyond both windows, is still a copy.
        let long = |n: &str| {
            format!("{}全年实施重点项目{n}个{}", "过去一年我们坚持稳中求进".repeat(3), "经济运行总体平稳".repeat(3))
        };
        assert_eq!(masked_key(&long("128")).0, masked_key(&long("1280")).0);
        assert_ne!(masked_key(&long("128")).0, masked_key(&format!("{}。", long("128"))).0);
    }
}
