//! The ingest pipeline: bytes → decoded lines → cleaned lines → header + body →
//! paragraphs and outline. Pure: no I/O, no knowledge of particular files.

use super::clean::{self, Chrome};
use super::decode::{self, DecodeError};
use super::meta;
use super::model::{Kind, Paragraph, Report, Section};
use regex::Regex;
use std::fmt;
use std::sync::OnceLock;

/// Why a file is not a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    Decode(DecodeError),
    NotAReport(&'static str),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Decode(e) => e.fmt(f),
            ParseError::NotAReport(why) => write!(f, "not a report: {why}"),
        }
    }
}

impl std::error::Error for ParseError {}

/// One cleaned source line with its 1-based line number in the file.
struct Line {
    no: usize,
    text: String,
}

/// Parse a report file's bytes. `path` is only recorded, never interpreted.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Report, ParseError> {
    let decoded = decode::decode(bytes).map_err(ParseError::Decode)?;
    let mut warnings = Vec::new();
    if decoded.had_errors {
        warnings.push(format!("some bytes were not valid {} and are shown as �", decoded.encoding));
    }

    // Clean each line; drop chrome, keep the first publisher named.
    let mut source = None;
    let mut lines: Vec<Line> = Vec::new();
    for (i, raw) in decode::split_lines(&decoded.text).into_iter().enumerate() {
        let text = clean::normalize_line(raw);
        if text.is_empty() {
            continue;
        }
        match clean::chrome(&text) {
            Some(Chrome::Source(s)) => {
                source.get_or_insert(s);
                continue;
            }
            Some(Chrome::Other) => continue,
            None => {}
        }
        lines.push(Line { no: i + 1, text });
    }

    // A report repeated N times in one file is kept once. Copies are compared with their
    // digits masked: a copy whose numbers were retyped or revised is still a copy.
    let keys: Vec<String> = lines.iter().map(|l| clean::digits_masked(&l.text)).collect();
    let texts: Vec<&str> = keys.iter().map(String::as_str).collect();
    if let Some(p) = clean::repeat_period(&texts) {
        let copies = lines.len().div_ceil(p);
        lines.truncate(p);
        warnings.push(format!(
            "{} duplicate cop{} of the report dropped",
            copies - 1,
            if copies == 2 { "y" } else { "ies" }
        ));
    }

    lines.retain(|l| {
        if clean::is_mojibake(&l.text) {
            warnings.push(format!("line {}: undecodable text dropped", l.no));
            false
        } else {
            true
        }
    });

    let han = lines.iter().flat_map(|l| l.text.chars()).filter(|&c| meta::is_han(c)).count();
    let all: usize = lines.iter().map(|l| l.text.chars().count()).sum();
    if all == 0 {
        return Err(ParseError::NotAReport("no text"));
    }
    if han * 4 < all {
        return Err(ParseError::NotAReport("too little Chinese text"));
    }

    let split = header_end(&lines);
    let header: Vec<String> = lines[..split].iter().map(|l| l.text.clone()).collect();
    let body: Vec<&str> = lines[split..].iter().map(|l| l.text.as_str()).collect();
    let (paragraphs, sections) = structure(&body);
    if paragraphs.is_empty() {
        return Err(ParseError::NotAReport("no paragraphs after the opening lines"));
    }
    let body_text: String = paragraphs.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n");
    let meta = meta::extract(&header, &body_text, source);
    if meta.year.is_none() && meta.place.is_none() && sections.is_empty() {
        return Err(ParseError::NotAReport("no place, year or numbered headings found"));
    }
    Ok(Report { path: path.to_string(), meta, paragraphs, sections, warnings })
}

fn is_salutation(s: &str) -> bool {
    s.starts_with("各位代表") && s.chars().count() <= 16 && s.ends_with(['：', ':', '！', '!', '，', ','])
}

/// Where the opening lines (title, dateline, speaker) end and the speech begins:
/// at the salutation if there is one near the top, else at the first heading or long paragraph.
fn header_end(lines: &[Line]) -> usize {
    let near = lines.len().min(40);
    if let Some(i) = lines[..near].iter().position(|l| is_salutation(&l.text)) {
        return i;
    }
    lines[..near]
        .iter()
        .position(|l| marker(&l.text).is_some_and(|m| m.level == 1) || l.text.chars().count() > 80)
        .unwrap_or(0)
}

/// A heading marker at the start of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Marker {
    level: u8,
}

fn marker_re() -> &'static [(u8, Regex); 4] {
    static RE: OnceLock<[(u8, Regex); 4]> = OnceLock::new();
    RE.get_or_init(|| {
        let n = "[一二三四五六七八九十]{1,3}";
        let r = |s: &str| Regex::new(s).expect("valid regex");
        [
            (1, r(&format!("^{n}、"))),
            (2, r(&format!("^[（(]{n}[）)]"))),
            (3, r(r"^(?:\d{1,2}[.．、]|[（(]\d{1,2}[）)]|[①-⑳])")),
            (4, r(&format!("^(?:{n}是|第{n}[，,、：:])"))),
        ]
    })
}

fn marker(s: &str) -> Option<Marker> {
    let res = marker_re();
    for (level, re) in res.iter() {
        if let Some(m) = re.find(s) {
            // "2.5亿元" is a number, not a heading.
            if *level == 3 && s[m.end()..].starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            // A bare marker with nothing after it is not a heading either.
            if m.end() == s.len() {
                continue;
            }
            return Some(Marker { level: *level });
        }
    }
    None
}

fn is_glossary_title(s: &str) -> bool {
    let t = s.trim_end_matches(['：', ':']);
    matches!(t, "名词解释" | "附：名词解释" | "附:名词解释" | "附件：名词解释" | "名词注释" | "附：名词注释")
}

const SENTENCE_END: [char; 6] = ['。', '！', '？', '!', '?', '；'];

/// Chars after which a line is complete; a line ending in anything else was hard-wrapped.
fn ends_complete(s: &str) -> bool {
    s.ends_with(['。', '！', '？', '；', '：', '!', '?', ';', ':', '”', '’', '」', '』', '）', ')', '…', '.'])
}

/// The title of a heading that runs into its paragraph: its first sentence.
fn run_in_title(s: &str) -> Option<(String, usize)> {
    let (i, _) = s.char_indices().find(|(_, c)| SENTENCE_END.contains(c))?;
    let title = &s[..i];
    Some((title.to_string(), title.chars().count()))
}

/// A point's title (一是…/第一，…): its first clause up to the sentence end, kept short.
fn point_title(s: &str) -> String {
    let first = run_in_title(s).map(|(t, _)| t).unwrap_or_else(|| s.to_string());
    if first.chars().count() <= 40 {
        return first;
    }
    let cut: String = first.chars().take(39).collect();
    format!("{cut}…")
}

/// Turn body lines into paragraphs and the outline: join hard-wrapped lines, find headings
/// (standalone or run-in), points and the glossary.
fn structure(lines: &[&str]) -> (Vec<Paragraph>, Vec<Section>) {
    // Does this document run its headings into their paragraphs, level by level?
    let mut run_in = [0i32; 4];
    for l in lines {
        if let Some(m) = marker(l)
            && m.level <= 3
        {
            let has_sentence = l.chars().any(|c| SENTENCE_END.contains(&c));
            run_in[m.level as usize] += if has_sentence { 1 } else { -1 };
        }
    }

    // Join hard-wrapped lines into logical lines.
    let mut logical: Vec<String> = Vec::new();
    let mut glossary = false;
    let mut open = false; // may the last logical line take the next physical line?
    for &l in lines {
        let m = marker(l);
        let starts_new = is_salutation(l) || is_glossary_title(l) || m.is_some() || glossary && starts_numbered(l);
        if open
            && !starts_new
            && let Some(last) = logical.last_mut()
        {
            last.push_str(l);
            open = !ends_complete(last);
            continue;
        }
        if is_glossary_title(l) {
            glossary = true;
            logical.push(l.to_string());
            open = false;
            continue;
        }
        logical.push(l.to_string());
        let complete = ends_complete(l);
        open = match m {
            _ if complete => false,
            _ if is_salutation(l) => false,
            Some(m) if m.level <= 3 => {
                let has_sentence = l.chars().any(|c| SENTENCE_END.contains(&c));
                // A standalone heading continues onto the next line only where this
                // document's headings of its level normally run into their paragraphs.
                has_sentence || run_in[m.level as usize] > 0
            }
            _ => true,
        };
    }

    let mut paragraphs = Vec::new();
    let mut sections = Vec::new();
    let mut glossary = false;
    for text in logical {
        let idx = paragraphs.len();
        if is_glossary_title(&text) {
            glossary = true;
            let title = text.trim_end_matches(['：', ':']).to_string();
            sections.push(Section { level: 1, title, paragraph: idx });
            paragraphs.push(Paragraph { text, kind: Kind::Heading(1), lead: 0 });
            continue;
        }
        if is_salutation(&text) {
            paragraphs.push(Paragraph { text, kind: Kind::Salutation, lead: 0 });
            continue;
        }
        if glossary && marker(&text).is_none_or(|m| m.level != 1) {
            paragraphs.push(Paragraph { text, kind: Kind::Glossary, lead: 0 });
            continue;
        }
        glossary = false;
        match marker(&text) {
            Some(m) if m.level <= 3 => match run_in_title(&text) {
                Some((title, lead)) if lead < text.chars().count() - 1 => {
                    sections.push(Section { level: m.level, title, paragraph: idx });
                    paragraphs.push(Paragraph { text, kind: Kind::Body, lead });
                }
                _ => {
                    let title = text.trim_end_matches(SENTENCE_END).to_string();
                    sections.push(Section { level: m.level, title, paragraph: idx });
                    paragraphs.push(Paragraph { text, kind: Kind::Heading(m.level), lead: 0 });
                }
            },
            Some(m) => {
                let title = point_title(&text);
                let lead = run_in_title(&text).map_or(0, |(_, n)| n);
                sections.push(Section { level: m.level, title, paragraph: idx });
                paragraphs.push(Paragraph { text, kind: Kind::Body, lead });
            }
            None => paragraphs.push(Paragraph { text, kind: Kind::Body, lead: 0 }),
        }
    }
    (paragraphs, sections)
}

fn starts_numbered(s: &str) -> bool {
    let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
    (1..=3).contains(&digits) && s[digits..].starts_with(['.', '．', '、'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(marker("一、过去五年工作回顾").map(|m| m.level), Some(1));
        assert_eq!(marker("（一）突出抓经济运行").map(|m| m.level), Some(2));
        assert_eq!(marker("(八) 始终坚持").map(|m| m.level), Some(2));
        assert_eq!(marker("1.着力建设现代产业体系。").map(|m| m.level), Some(3));
        assert_eq!(marker("2.5亿元用于").map(|m| m.level), None);
        assert_eq!(marker("2022年，我们").map(|m| m.level), None);
        assert_eq!(marker("一是聚力转型发展").map(|m| m.level), Some(4));
        assert_eq!(marker("第一，坚定不移").map(|m| m.level), Some(4));
        assert_eq!(marker("第一次会议").map(|m| m.level), None);
    }

    #[test]
    fn hard_wraps_join_but_headings_stay_apart() {
        let lines = [
            "一、回顾",
            "过去一年，实现了",
            "经济企稳。",
            "（一）综合施策，攻坚战取得进展。面对压力",
            "强化担当。",
            "（二）把稳增长作为核心任务，推动经济提速提质",
            "提效。我们要发展。",
            "（三）保障民生。我们要兜底。",
        ];
        let (p, s) = structure(&lines);
        let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "一、回顾",
                "过去一年，实现了经济企稳。",
                "（一）综合施策，攻坚战取得进展。面对压力强化担当。",
                "（二）把稳增长作为核心任务，推动经济提速提质提效。我们要发展。",
                "（三）保障民生。我们要兜底。",
            ]
        );
        let titles: Vec<&str> = s.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "一、回顾",
                "（一）综合施策，攻坚战取得进展",
                "（二）把稳增长作为核心任务，推动经济提速提质提效",
                "（三）保障民生"
            ]
        );
        assert_eq!(p[2].lead, "（一）综合施策，攻坚战取得进展".chars().count());
    }

    #[test]
    fn standalone_headings_do_not_swallow_the_next_line() {
        let lines = [
            "（一）突出抓经济运行，稳增长收到实效",
            "稳投资。以春季活动为载体。",
            "（二）突出抓产业升级",
            "传统产业。",
        ];
        let (p, s) = structure(&lines);
        assert_eq!(p.len(), 4);
        assert_eq!(p[0].kind, Kind::Heading(2));
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn glossary_entries_are_paragraphs() {
        let lines = ["三、建设", "正文。", "名词解释：", "1. 八提工程：产业提质工程。", "2.“六个一”建设：聚焦创新。"];
        let (p, s) = structure(&lines);
        assert_eq!(s.iter().map(|s| s.level).collect::<Vec<_>>(), vec![1, 1]);
        assert_eq!(s[1].title, "名词解释");
        assert_eq!(p[3].kind, Kind::Glossary);
        assert_eq!(p[4].kind, Kind::Glossary);
    }
}
