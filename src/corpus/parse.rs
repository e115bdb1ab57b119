//! The ingest pipeline: bytes → decoded text (`decode`) → the file's shape undone
//! (`shape`: escaped breaks, markup) → cleaned lines without line chrome (`clean`) → copies
//! and chrome blocks dropped (`blocks`) → header + body → paragraphs and outline (here) →
//! metadata (`meta`). Pure: no I/O, no knowledge of particular files.

use super::blocks;
use super::clean::{self, Chrome};
use super::decode::{self, DecodeError};
use super::meta;
use super::model::{Kind, Paragraph, Report, Section};
use super::shape;
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
    /// A blank line stood before it in the file.
    blank_before: bool,
    /// It started with an indent (two or more spaces, or an ideographic space).
    indented: bool,
    /// A page number stood just before or after it (PDF text).
    by_page_break: bool,
    /// It opens a block of chrome (`Chrome::Opens`).
    opens_chrome: bool,
}

/// Parse a report file's bytes. `path` is recorded, and its file name is read for a year
/// (or place) that the text does not state.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Report, ParseError> {
    let decoded = decode::decode(bytes).map_err(ParseError::Decode)?;
    let mut warnings = decoded.warnings;
    let text = shape::unwrap(&decoded.text);

    // Clean each line; drop chrome, keep the first publisher named.
    let mut source = None;
    let mut lines: Vec<Line> = Vec::new();
    let mut blank = false;
    let mut english = 0;
    let mut page_break = false;
    // The piece before and what cleaning it came to: a run of one repeated line (a million
    // times "甲") is cleaned once, not once a line.
    let mut memo: Option<(&str, Cleaned)> = None;
    for (i, raw) in decode::split_lines(&text).into_iter().enumerate() {
        let indented = raw.starts_with(['\u{3000}', '\t']) || raw.starts_with("  ") || raw.starts_with("\u{a0}\u{a0}");
        let pieces = split_run_in_heading(raw);
        for raw in pieces.into_iter().flatten() {
            let (cleaned, text) = match &memo {
                Some((r, c)) if *r == raw => (c.clone(), None),
                _ => {
                    let (c, t) = clean_piece(raw);
                    (c, Some(t))
                }
            };
            memo = Some((raw, cleaned.clone()));
            match cleaned {
                Cleaned::Blank => blank = true,
                Cleaned::Source(s) => {
                    source.get_or_insert(s);
                }
                Cleaned::PageNumber => {
                    page_break = true;
                    if let Some(last) = lines.last_mut() {
                        last.by_page_break = true;
                    }
                }
                Cleaned::Dropped => {}
                Cleaned::English => english += 1,
                Cleaned::Kept { opens_chrome } => {
                    // A repeat of the piece just kept: its text is the last line's.
                    let text = text.unwrap_or_else(|| lines.last().map(|l| l.text.clone()).unwrap_or_default());
                    lines.push(Line {
                        no: i + 1,
                        text,
                        blank_before: std::mem::take(&mut blank),
                        indented,
                        by_page_break: std::mem::take(&mut page_break),
                        opens_chrome,
                    });
                }
            }
        }
    }
    if english > 0 {
        warnings.push(format!("{english} English line{} set aside", if english == 1 { "" } else { "s" }));
    }

    // A report repeated in one file is kept once, then blocks of chrome go.
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    let mut keep = vec![true; lines.len()];
    let copies = blocks::drop_copies(&texts, &mut keep);
    if copies > 0 {
        warnings.push(format!("{copies} duplicate cop{} of the report dropped", if copies == 1 { "y" } else { "ies" }));
    }
    let by_page: Vec<bool> = lines.iter().map(|l| l.by_page_break).collect();
    let opens: Vec<bool> = lines.iter().map(|l| l.opens_chrome).collect();
    blocks::drop_chrome_blocks(&texts, &opens, &by_page, &mut keep);
    drop(texts);
    let mut keep = keep.into_iter();
    lines.retain(|_| keep.next().unwrap_or(true));
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
    if han * 4 < all || han < 50 {
        return Err(ParseError::NotAReport("too little Chinese text"));
    }

    let split = header_end(&lines);
    // The opening lines are the last few before the speech: a title, dateline, speaker.
    let header: Vec<String> = lines[split.saturating_sub(40)..split].iter().map(|l| l.text.clone()).collect();
    let (paragraphs, sections) = structure(&lines[split..]);
    if paragraphs.is_empty() {
        return Err(ParseError::NotAReport("no paragraphs after the opening lines"));
    }
    if !shaped_like_a_report(&header, &paragraphs, &sections) {
        return Err(ParseError::NotAReport(
            "no address to the delegates, numbered parts, report title or dateline found",
        ));
    }
    let meta =
        meta::extract(&meta::Input { header: &header, paragraphs: &paragraphs, sections: &sections, path, source });
    Ok(Report { path: path.to_string(), key: String::new(), meta, paragraphs, sections, warnings })
}

/// What cleaning one piece of a source line came to.
#[derive(Clone)]
enum Cleaned {
    /// Nothing left: a blank line.
    Blank,
    /// A publisher's line (来源：…).
    Source(String),
    /// A page number: the line before it stood by a page break.
    PageNumber,
    /// Other chrome.
    Dropped,
    /// A line of English set aside.
    English,
    /// Report text (the cleaned text is returned beside it).
    Kept { opens_chrome: bool },
}

/// Clean one piece of a source line and say what it is; the cleaned text goes with it.
fn clean_piece(raw: &str) -> (Cleaned, String) {
    let text = clean::normalize_line(raw);
    let c = if text.is_empty() {
        Cleaned::Blank
    } else {
        match clean::chrome(&text) {
            Some(Chrome::Source(s)) => Cleaned::Source(s),
            Some(Chrome::PageNumber) => Cleaned::PageNumber,
            Some(Chrome::Other) => Cleaned::Dropped,
            _ if shape::is_english(&text) => Cleaned::English,
            c => Cleaned::Kept { opens_chrome: matches!(c, Some(Chrome::Opens)) },
        }
    };
    (c, text)
}

/// Does the text have the shape of a work report: an address to the delegates, numbered
/// parts, a title naming a report, or a dateline naming a congress? In either script.
fn shaped_like_a_report(header: &[String], paragraphs: &[Paragraph], sections: &[Section]) -> bool {
    if paragraphs.iter().take(400).any(|p| p.kind == Kind::Salutation || p.text.starts_with("各位代表")) {
        return true;
    }
    if sections.iter().filter(|s| s.level <= 2).count() >= 2 {
        return true;
    }
    let opening: String = header.iter().chain(paragraphs.iter().take(5).map(|p| &p.text)).take(40).cloned().collect();
    let opening = meta::fold(meta::first_chars(&opening, 2000));
    opening.contains("工作报告") || opening.contains("人民代表大会") || opening.contains("人大")
}

/// "一、2023年工作回顾　过去一年，我们……" as one source line: a heading and its paragraph
/// set apart only by spaces. Split there, before clean-up removes the spaces.
fn split_run_in_heading(raw: &str) -> [Option<&str>; 2] {
    let t = raw.trim_start_matches(|c: char| c.is_whitespace());
    if marker(t).is_none_or(|m| m.level > 2) {
        return [Some(raw), None];
    }
    // The first run of two spaces, or of an ideographic space, after the marker.
    let mut chars = t.char_indices().peekable();
    let mut n = 0;
    while let Some((i, c)) = chars.next() {
        n += 1;
        if c == '\u{3000}' || c == ' ' && chars.peek().is_some_and(|&(_, d)| d == ' ' || d == '\u{3000}') {
            let head = &t[..i];
            let rest = t[i..].trim_start_matches(|c: char| c.is_whitespace());
            let head_chars = head.chars().count();
            let rest_ok = rest.chars().count() >= 10 && rest.chars().next().is_some_and(meta::is_han);
            let head_ok = (4..=30).contains(&head_chars) && !head.contains(['。', '，', '；', '：', ',']);
            if head_ok && rest_ok {
                return [Some(head), Some(rest)];
            }
            return [Some(raw), None];
        }
        if n > 30 {
            break;
        }
    }
    [Some(raw), None]
}

fn is_salutation(s: &str) -> bool {
    // The byte length bounds the count (this runs on the logical line being joined).
    s.len() <= 16 * 4
        && s.starts_with("各位代表")
        && s.chars().count() <= 16
        && s.ends_with(['：', ':', '！', '!', '，', ','])
}

/// Where the opening lines (title, dateline, speaker) end and the speech begins: at the
/// salutation, the first heading or the first sentence of prose, whichever comes first
/// near the top.
fn header_end(lines: &[Line]) -> usize {
    // Far enough for a page whose menus outlast the chrome rules.
    let near = lines.len().min(200);
    lines[..near]
        .iter()
        .position(|l| {
            let t = &l.text;
            t.starts_with("各位代表")
                || marker(t).is_some_and(|m| m.level == 1)
                || clean::is_prose(t)
                || t.chars().count() > 80
                || bare_numeral(t).is_some()
        })
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

/// Can a heading marker start with this char? (A cheap test before the regexes.)
fn may_start_marker(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '（' | '(' | '第' | '①'..='⑳' | '0'..='9')
}

fn marker(s: &str) -> Option<Marker> {
    if !s.chars().next().is_some_and(may_start_marker) {
        return None;
    }
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

/// A glossary heading: 名词解释, 附：名词解释, 附件2：名词注释 ….
fn is_glossary_title(s: &str) -> bool {
    if s.len() > 24 * 4 {
        return false;
    }
    let t = s.trim_end_matches(['：', ':']);
    if t.chars().count() > 20 {
        return false;
    }
    let t = t.trim_start_matches(['【', '[', '（', '(']).trim_end_matches(['】', ']', '）', ')']);
    let t = t
        .strip_prefix("附件")
        .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c)))
        .unwrap_or(t);
    let t = t.strip_prefix("附").unwrap_or(t);
    let t = t.trim_start_matches(['：', ':', '、', ' ']);
    t.starts_with("名词解释") || t.starts_with("名词注释") || t.starts_with("名词说明") || t == "注释"
}

/// An appendix heading (附件, 附件1：…, 附：…, 附录): a top-level part of its own.
fn is_appendix_title(s: &str) -> bool {
    let t = s.trim_start_matches(['【', '[', '（', '(']);
    s.len() <= 40 * 4
        && s.chars().count() <= 40
        && !clean::is_prose(s)
        && blocks::opens_appendix(s)
        && !t.starts_with("注")
        && !t.starts_with("说明")
        && !s.starts_with("注")
        && !s.starts_with("说明")
}

/// A point's marker alone on a line ("一是", "二要", "一条是", "第一"): its text follows on
/// the next line, so it is joined to it, never taken for a heading of its own.
fn bare_point(s: &str) -> bool {
    // The length first: this runs on the logical line being joined, which may grow to the
    // whole file (trimming its numerals every time would be quadratic).
    if s.len() > 15 {
        return false;
    }
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    let t = s.strip_prefix('第').unwrap_or(s);
    let rest = t.trim_start_matches(numeral);
    rest.len() < t.len()
        && matches!(rest, "" | "是" | "要" | "条是" | "条" | "，" | "、" | "：")
        && !(rest.is_empty() && t.len() == s.len())
}

/// A numeral alone on a line ("一", "二、", "（三）", "第一部分"): a part's number with its
/// title, if any, on the next line. Returns the numeral as written.
fn bare_numeral(s: &str) -> Option<&str> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(?:[一二三四五六七八九十]{1,3}[、.．]?|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十]{1,3}部分)$")
            .expect("valid regex")
    });
    (s.len() <= 15 && s.chars().next().is_some_and(may_start_marker) && re.is_match(s)).then_some(s)
}

const SENTENCE_END: [char; 6] = ['。', '！', '？', '!', '?', '；'];

/// Chars after which a line is complete; a line ending in anything else was hard-wrapped.
fn ends_complete(s: &str) -> bool {
    s.ends_with(['。', '！', '？', '；', '：', '!', '?', ';', ':', '”', '’', '」', '』', '）', ')', '…', '.'])
}

/// A line that cannot be the end of a paragraph: it ends in a comma or an opening bracket.
fn ends_open(s: &str) -> bool {
    s.ends_with(['，', '、', '《', '“', '「', '『', '（', '(', '【', ',', '—'])
}

/// A line that ends inside a quote or bracket it opened: the next line is inside it too.
fn ends_opening_bracket(s: &str) -> bool {
    s.ends_with(['《', '“', '「', '『', '（', '(', '【'])
}

/// A line that cannot be the start of a paragraph: it starts with closing punctuation.
/// (Wikisource and other web texts put each link on a line of its own: "《", "某某决定", "》，…".)
fn starts_closed(s: &str) -> bool {
    s.starts_with([
        '》', '”', '」', '』', '）', ')', '】', '、', '，', '。', '；', '：', '！', '？', ',', '.', ';', ':',
    ])
}

/// Is this a short line with a heading's shape: no sentence or clause punctuation, not a
/// fragment of a sentence?
fn heading_shaped(s: &str) -> bool {
    // Cheap first: a long line is no heading (and this runs on every line being joined).
    if s.len() > 24 * 4 || bare_point(s) {
        return false;
    }
    let n = s.chars().count();
    (2..=24).contains(&n)
        && !s.contains(['。', '，', '；', '：', '！', '？', ',', ';', ':', '!', '?', '…'])
        && !s.starts_with("各位代表")
        && !s.starts_with(['—', '-', '·', '●', '○', '■', '□', '◆', '★'])
        && !ends_open(s)
        && !starts_closed(s)
        // A title does not end in a function word: "…蘇聯已經締結了" goes on.
        && !s.ends_with(['的', '了', '和', '与', '及', '在', '对', '把', '将', '被', '向', '从', '同', '并', '或', '着', '过'])
        && s.chars().filter(|&c| meta::is_han(c)).count() * 2 >= n
}

/// The title of a heading that runs into its paragraph: its first sentence, or when that is
/// long, its first phrase (up to a colon or comma), so a title never holds the body text.
fn run_in_title(s: &str) -> Option<(String, usize)> {
    let (i, _) = s.char_indices().find(|(_, c)| SENTENCE_END.contains(c))?;
    let first = &s[..i];
    if first.chars().count() <= 40 {
        return Some((first.to_string(), first.chars().count()));
    }
    // A colon within the first 30 chars (counted as we go, not again for each colon).
    let cut = first.char_indices().take(31).find(|&(_, c)| matches!(c, '：' | ':')).map(|(j, _)| j);
    let cut = cut.or_else(|| first.char_indices().find(|&(_, c)| matches!(c, '，' | ',')).map(|(j, _)| j));
    match cut {
        Some(j) if first[..j].chars().count() <= 30 => Some((first[..j].to_string(), first[..j].chars().count())),
        _ => {
            let lead: String = first.chars().take(30).collect();
            Some((format!("{lead}…"), 0))
        }
    }
}

/// A point's title (一是…/第一，…): its first clause up to the sentence end, kept short.
fn point_title(s: &str) -> String {
    let first = s.char_indices().find(|(_, c)| SENTENCE_END.contains(c)).map_or(s, |(i, _)| &s[..i]);
    if first.chars().count() <= 40 {
        return first.to_string();
    }
    let cut: String = first.chars().take(39).collect();
    format!("{cut}…")
}

/// How the body's physical lines were broken: at a fixed width (PDF text, hard-wrapped
/// files), or one paragraph a line. For a hard-wrapped body, the width of a full line.
fn wrap_width(lines: &[Line]) -> Option<usize> {
    use unicode_width::UnicodeWidthStr;
    // A line of over 300 bytes is wider than any wrap width taken below (160 columns):
    // count it without measuring it.
    let widths: Vec<usize> = lines
        .iter()
        .map(|l| if l.text.len() > 300 { usize::MAX / 8 } else { l.text.width() })
        .filter(|&w| w >= 16)
        .collect();
    if widths.len() < 8 {
        return None;
    }
    let mut counts = std::collections::HashMap::new();
    for &w in &widths {
        // Bins of 4 columns: digits and Latin make full lines differ by a column or two.
        *counts.entry(w / 4).or_insert(0usize) += 1;
    }
    let (&bin, &n) = counts.iter().max_by_key(|&(b, n)| (*n, *b))?;
    let near =
        n + counts.get(&(bin + 1)).copied().unwrap_or(0).max(counts.get(&(bin.wrapping_sub(1))).copied().unwrap_or(0));
    // Most lines are full when the text was wrapped; few are when each line is a paragraph.
    (near * 10 >= widths.len() * 4 && bin * 4 <= 160).then(|| {
        widths.iter().copied().filter(|&w| w / 4 >= bin.saturating_sub(1) && w / 4 <= bin + 1).max().unwrap_or(bin * 4)
    })
}

/// Is this line as long as the body's wrap width `w` (in columns), by its width or, for
/// text wrapped by character count, by its chars?
fn full(line: &str, w: usize) -> bool {
    use unicode_width::UnicodeWidthStr;
    line.len() > 300 || line.width() + 6 >= w || line.chars().count() + 2 >= w / 2
}

/// A line that starts with a lone char before a comma or stop ("革，…"): no paragraph
/// starts so; it is the end of a word cut off on the line before.
fn stray_start(t: &str) -> bool {
    let mut chars = t.chars();
    chars.next().is_some_and(meta::is_han) && chars.next().is_some_and(|c| matches!(c, '，' | '、' | '。' | '；'))
}

/// Does this document indent the first line of each paragraph (and only that line)?
fn indents_paragraphs(lines: &[Line]) -> bool {
    let n = lines.iter().filter(|l| l.indented).count();
    n * 10 >= lines.len() * 2 && n * 10 <= lines.len() * 8
}

/// Turn body lines into paragraphs and the outline: join hard-wrapped lines, find headings
/// (numbered or not, standalone or run-in), points, appendices and the glossary.
fn structure(lines: &[Line]) -> (Vec<Paragraph>, Vec<Section>) {
    // Does this document run its headings into their paragraphs, level by level?
    let mut run_in = [0i32; 4];
    for l in lines {
        if let Some(m) = marker(&l.text)
            && m.level <= 3
        {
            let has_sentence = l.text.chars().any(|c| SENTENCE_END.contains(&c));
            run_in[m.level as usize] += if has_sentence { 1 } else { -1 };
        }
    }
    let wrap = wrap_width(lines);
    let indents = wrap.is_some() && indents_paragraphs(lines);

    // Join hard-wrapped lines into logical lines.
    let mut logical: Vec<String> = Vec::new();
    let mut glossary = false;
    let mut prev: Option<&Line> = None;
    for l in lines {
        let t = l.text.as_str();
        let m = marker(t);
        let starts_new = is_salutation(t)
            || is_glossary_title(t)
            || m.is_some()
            || bare_numeral(t).is_some()
            || glossary && starts_numbered(t)
            || is_appendix_title(t);
        let join = match (prev, logical.last()) {
            (Some(p), Some(last)) => {
                let pt = p.text.as_str();
                if starts_closed(t) || ends_opening_bracket(pt) {
                    // A quote or bracket left open goes on, whatever this line looks like
                    // ("…圆满完成，“" + "十三五", no part number).
                    true
                } else if !starts_new
                    && (bare_point(last)
                        || bare_numeral(last).is_some_and(|n| n.ends_with(['、', '.', '．'])) && !heading_shaped(t))
                {
                    // "一是" or "一、" alone, with its text on this line.
                    true
                } else if starts_new
                    || is_salutation(last)
                    || is_glossary_title(last)
                    || is_appendix_title(last)
                    || bare_numeral(last).is_some()
                {
                    false
                } else if stray_start(t) {
                    // "革，加快推进…": the end of a word cut by a line break.
                    true
                } else if let Some(pm) =
                    marker(last).filter(|pm| pm.level <= 3 && last.len() <= 60 * 4 && !last.contains(SENTENCE_END))
                {
                    // A standalone heading takes the next line only to finish its own title
                    // ("推动经济提速提质" + "提效。我们要…"), where this document's headings
                    // of its level run into their paragraphs.
                    let first = t.char_indices().find(|(_, c)| SENTENCE_END.contains(c)).map(|(i, _)| &t[..i]);
                    run_in[pm.level as usize] > 0
                        && first.is_some_and(|f| f.chars().count() <= 6)
                        && !ends_complete(last)
                        || ends_open(last)
                        // A heading wrapped at the body's width goes on.
                        || wrap.is_some_and(|w| full(pt, w)) && !ends_complete(last)
                } else if ends_open(pt) {
                    true
                } else if indents {
                    !l.indented && !l.blank_before
                } else if let Some(w) = wrap {
                    !ends_complete(last) && full(pt, w)
                } else {
                    // One paragraph a line, broken here and there (a page break, a link on a
                    // line of its own): an unfinished line goes on unless it is a heading; a
                    // line that starts with 的 goes on whatever stands before it.
                    !ends_complete(last) && !heading_shaped(last) || t.starts_with(['的', '等'])
                }
            }
            _ => false,
        };
        if join && let Some(last) = logical.last_mut() {
            last.push_str(t);
        } else {
            glossary |= is_glossary_title(t);
            if glossary && m.is_some_and(|m| m.level == 1) || is_appendix_title(t) && !is_glossary_title(t) {
                glossary = false;
            }
            logical.push(t.to_string());
        }
        prev = Some(l);
    }

    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut sections = Vec::new();
    let mut glossary = false;
    let mut i = 0;
    while i < logical.len() {
        let text = std::mem::take(&mut logical[i]);
        let next = logical.get(i + 1).map(String::as_str);
        i += 1;
        let idx = paragraphs.len();
        // A glossary or an appendix: a top-level part whose title is the line.
        let glossary_title = is_glossary_title(&text);
        if glossary_title || is_appendix_title(&text) {
            glossary = glossary_title;
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
        if let Some(num) = bare_numeral(&text) {
            // "一" alone, then its title on the next line: one heading.
            let level = if num.starts_with(['（', '(']) { 2 } else { 1 };
            let text = match next.filter(|n| heading_shaped(n) && marker(n).is_none()) {
                Some(title) => {
                    i += 1;
                    let sep = if num.ends_with(['、', '.', '．', '）', ')']) { "" } else { "　" };
                    format!("{num}{sep}{title}")
                }
                None => text,
            };
            sections.push(Section { level, title: text.clone(), paragraph: idx });
            paragraphs.push(Paragraph { text, kind: Kind::Heading(level), lead: 0 });
            continue;
        }
        match marker(&text) {
            Some(m) if m.level <= 3 => match run_in_title(&text) {
                Some((title, lead)) if text.chars().count() - 1 > title.chars().count() => {
                    sections.push(Section { level: m.level, title, paragraph: idx });
                    paragraphs.push(Paragraph { text, kind: Kind::Body, lead });
                }
                _ => {
                    let title = text.trim_end_matches(SENTENCE_END).to_string();
                    let title = if title.chars().count() > 60 { point_title(&title) } else { title };
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
            None if unnumbered_heading(paragraphs.last(), &text, next) => {
                sections.push(Section { level: 1, title: text.clone(), paragraph: idx });
                paragraphs.push(Paragraph { text, kind: Kind::Heading(1), lead: 0 });
            }
            None => paragraphs.push(Paragraph { text, kind: Kind::Body, lead: 0 }),
        }
    }
    (paragraphs, sections)
}

/// A part heading with no number (过去五年工作回顾, 关于国内建设, 结束语): a short line of
/// heading shape that stands between complete paragraphs, with prose after it.
fn unnumbered_heading(before: Option<&Paragraph>, text: &str, next: Option<&str>) -> bool {
    let before_ok =
        before.is_some_and(|p| matches!(p.kind, Kind::Salutation | Kind::Heading(_)) || ends_complete(&p.text));
    before_ok
        && heading_shaped(text)
        && next.is_some_and(|n| clean::is_prose(n) || marker(n).is_some() || n.starts_with("各位代表"))
}

fn starts_numbered(s: &str) -> bool {
    let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
    (1..=3).contains(&digits) && s[digits..].starts_with(['.', '．', '、'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(lines: &[&str]) -> (Vec<Paragraph>, Vec<Section>) {
        let lines: Vec<Line> = lines
            .iter()
            .enumerate()
            .map(|(i, t)| Line {
                no: i + 1,
                text: t.to_string(),
                blank_before: false,
                indented: false,
                by_page_break: false,
                opens_chrome: false,
            })
            .collect();
        structure(&lines)
    }

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

    /// User trial: the 2017 national report (a web text, each link on a line of its own)
    /// read "…圆满完成，“" / "十三五”实现了良好开局。" as two paragraphs: 十三五 looked like
    /// a part's numeral. A line that ends inside an open quote or bracket goes on.
    #[test]
    fn a_line_ending_inside_an_open_quote_goes_on_even_into_what_looks_like_a_numeral() {
        let (paras, sections) = st(&[
            "各位代表：",
            "全年经济社会发展主要目标任务圆满完成，“",
            "十三五",
            "”实现了良好开局。",
            "一、2016年工作回顾",
            "过去一年，我们坚持稳中求进。",
        ]);
        let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
        assert!(texts.contains(&"全年经济社会发展主要目标任务圆满完成，“十三五”实现了良好开局。"), "{texts:?}");
        // A real part heading after a finished line still stands apart.
        assert!(sections.iter().any(|s| s.title == "一、2016年工作回顾"), "{sections:?}");
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
        let (p, s) = st(&lines);
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
        let (p, s) = st(&lines);
        assert_eq!(p.len(), 4);
        assert_eq!(p[0].kind, Kind::Heading(2));
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn glossary_entries_are_paragraphs() {
        let lines = ["三、建设", "正文。", "名词解释：", "1. 八提工程：产业提质工程。", "2.“六个一”建设：聚焦创新。"];
        let (p, s) = st(&lines);
        assert_eq!(s.iter().map(|s| s.level).collect::<Vec<_>>(), vec![1, 1]);
        assert_eq!(s[1].title, "名词解释");
        assert_eq!(p[3].kind, Kind::Glossary);
        assert_eq!(p[4].kind, Kind::Glossary);
    }
}
