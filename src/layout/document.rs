//! A whole report laid out into screen rows for one width: the header block, then every
//! paragraph wrapped by the Chinese line-break rules. Used by the reader pane and by
//! `baogao show`, so both print exactly the same rows.
//!
//! Rows point into the report's text by char and byte offsets; nothing is copied.
//! A position is (paragraph, char offset), so it survives a change of width.

use super::sanitize::sanitize;
use super::width::{Ambiguous, str_width};
use super::wrap::{WrapOptions, wrap};
use crate::corpus::{Kind, Paragraph, Report};
use std::borrow::Cow;
use std::collections::HashMap;

/// Two full-width spaces: the first-line indent of a body paragraph.
pub const INDENT: &str = "\u{3000}\u{3000}";

/// What a row shows, which decides its style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    Title,
    Meta,
    Heading(u8),
    Body,
    Salutation,
    Glossary,
    Blank,
}

/// Where a row's text comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A line of the header block (`DocLayout::header`).
    Header(usize),
    /// A paragraph of the report.
    Para(usize),
    None,
}

impl Source {
    /// The paragraph, for a paragraph's row.
    pub fn para(self) -> Option<usize> {
        match self {
            Source::Para(p) => Some(p),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocRow {
    pub source: Source,
    pub kind: RowKind,
    /// Char range in the source text.
    pub chars: (usize, usize),
    /// Byte range in the source text (same span as `chars`).
    pub bytes: (usize, usize),
    /// True on the first row of an indented body paragraph, when the indent fits the width
    /// (with a column left after it).
    pub indent: bool,
    /// Chars of a run-in heading that fall in this row, counted from `chars.0`.
    pub lead: usize,
}

/// A scroll position that survives a change of width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// A header row (the header wraps the same way at any width that fits it).
    Row(usize),
    /// The row holding this char of this paragraph.
    Text(usize, usize),
    /// The blank row before this paragraph.
    Before(usize),
}

/// A report laid out for one width.
#[derive(Clone, Debug)]
pub struct DocLayout {
    pub width: usize,
    pub amb: Ambiguous,
    pub header: Vec<String>,
    pub rows: Vec<DocRow>,
    /// The first row of each paragraph.
    pub para_row: Vec<usize>,
    /// Sanitised copies of the few paragraphs that held control or bidi chars. The
    /// sanitiser maps one char to one char, so char offsets are the same in both.
    sanitized: HashMap<usize, String>,
}

/// The lines of the header block: title, then place · province · date, session, speaker.
pub fn header_lines(report: &Report) -> Vec<String> {
    let m = &report.meta;
    let mut out = vec![m.title.clone()];
    let mut facts: Vec<String> = Vec::new();
    if let Some(p) = &m.place {
        facts.push(p.clone());
    }
    if let Some(p) = &m.parent {
        facts.push(p.clone());
    }
    if let Some(p) = m.province.as_ref().filter(|p| Some(*p) != m.place.as_ref()) {
        facts.push(p.clone());
    }
    if let Some(d) = &m.date {
        facts.push(d.clone());
    } else if let Some(y) = m.year {
        facts.push(y.to_string());
    }
    if !facts.is_empty() {
        out.push(facts.join(" · "));
    }
    if let Some(s) = &m.session {
        out.push(s.clone());
    }
    match (&m.speaker_title, &m.speaker) {
        (Some(t), Some(n)) => out.push(format!("{t} {n}")),
        (None, Some(n)) => out.push(n.clone()),
        _ => {}
    }
    if let Some(s) = &m.source {
        out.push(format!("来源：{s}"));
    }
    out
}

impl DocLayout {
    /// Lay out `report` at `width` columns.
    pub fn new(report: &Report, width: usize, amb: Ambiguous) -> DocLayout {
        let width = columns(width);
        let (header, mut rows) = header_rows(report, width, amb);
        let mut sanitized = HashMap::new();
        // Paragraphs wrap independently: lay out big reports on every core, in order.
        let one = |(i, p): (usize, &Paragraph)| paragraph_rows(i, p, width, amb);
        let chars: usize = report.paragraphs.iter().map(|p| p.text.len()).sum();
        let parts: Vec<(Vec<DocRow>, Option<String>)> = if chars > 256 * 1024 {
            use rayon::prelude::*;
            report.paragraphs.par_iter().enumerate().map(one).collect()
        } else {
            report.paragraphs.iter().enumerate().map(one).collect()
        };
        let mut para_row = Vec::with_capacity(report.paragraphs.len());
        rows.reserve(parts.iter().map(|(r, _)| r.len()).sum());
        for (i, (mut part, clean)) in parts.into_iter().enumerate() {
            let first_text = part.iter().position(|r| r.source == Source::Para(i)).unwrap_or(0);
            para_row.push(rows.len() + first_text);
            rows.append(&mut part);
            if let Some(t) = clean {
                sanitized.insert(i, t);
            }
        }
        DocLayout { width, amb, header, rows, para_row, sanitized }
    }

    /// The text of a row (without its indent).
    pub fn text<'a>(&'a self, report: &'a Report, row: &DocRow) -> &'a str {
        let s: &str = match row.source {
            Source::Header(i) => &self.header[i],
            Source::Para(i) => self.sanitized.get(&i).unwrap_or(&report.paragraphs[i].text),
            Source::None => "",
        };
        &s[row.bytes.0..row.bytes.1]
    }

    /// The row holding char `offset` of paragraph `para`.
    pub fn row_of(&self, para: usize, offset: usize) -> usize {
        let Some(&first) = self.para_row.get(para) else {
            return self.rows.len().saturating_sub(1);
        };
        let mut r = first;
        while r + 1 < self.rows.len()
            && self.rows[r + 1].source == Source::Para(para)
            && self.rows[r + 1].chars.0 <= offset
        {
            r += 1;
        }
        r
    }

    /// What is at row `row`, in terms that survive a change of width.
    pub fn anchor_of(&self, row: usize) -> Anchor {
        let Some(r) = self.rows.get(row) else { return Anchor::Row(row) };
        match r.source {
            Source::Para(p) => Anchor::Text(p, r.chars.0),
            Source::Header(_) => Anchor::Row(row),
            Source::None => match self.rows[row..].iter().find_map(|r| r.source.para()) {
                Some(p) => Anchor::Before(p),
                None => Anchor::Row(row),
            },
        }
    }

    /// The row for an anchor taken from another layout of the same report.
    pub fn row_of_anchor(&self, a: Anchor) -> usize {
        let last = self.rows.len().saturating_sub(1);
        match a {
            Anchor::Row(r) => r.min(last),
            Anchor::Text(p, off) => self.row_of(p, off),
            Anchor::Before(p) => self.para_row.get(p).map_or(last, |&r| r.saturating_sub(1)),
        }
    }

    /// Render every row as plain text lines (indent included), as `baogao show` prints them.
    pub fn plain_lines(&self, report: &Report) -> Vec<String> {
        let mut line = String::new();
        self.rows
            .iter()
            .map(|r| {
                plain_line(&mut line, self.text(report, r), r);
                line.clone()
            })
            .collect()
    }
}

/// The width a layout is made for: at least one column.
fn columns(width: usize) -> usize {
    width.max(1)
}

/// The header block's lines, sanitised, and their rows.
fn header_rows(report: &Report, width: usize, amb: Ambiguous) -> (Vec<String>, Vec<DocRow>) {
    let header: Vec<String> = header_lines(report).iter().map(|h| sanitize(h).into_owned()).collect();
    let mut rows = Vec::new();
    for (i, line) in header.iter().enumerate() {
        let kind = if i == 0 { RowKind::Title } else { RowKind::Meta };
        push_wrapped(&mut rows, line, Source::Header(i), kind, false, 0, width, amb);
    }
    (header, rows)
}

/// A row as a plain text line, into `line`: its indent if it has one, then `text` (the
/// row's text, as [`DocLayout::text`] gives it).
fn plain_line(line: &mut String, text: &str, row: &DocRow) {
    line.clear();
    if row.indent {
        line.push_str(INDENT);
    }
    line.push_str(text);
}

/// The rows of paragraph `i` (a blank row before it where one belongs), and its sanitised
/// copy when sanitising changed it.
fn paragraph_rows(i: usize, p: &Paragraph, width: usize, amb: Ambiguous) -> (Vec<DocRow>, Option<String>) {
    let (kind, indent) = match p.kind {
        Kind::Heading(l) => (RowKind::Heading(l), false),
        Kind::Body => (RowKind::Body, p.lead == 0),
        Kind::Salutation => (RowKind::Salutation, false),
        Kind::Glossary => (RowKind::Glossary, false),
    };
    let mut out = Vec::new();
    let gap = i == 0 || matches!(p.kind, Kind::Heading(l) if l <= 2) || p.lead > 0 && p.kind == Kind::Body;
    if gap {
        out.push(DocRow {
            source: Source::None,
            kind: RowKind::Blank,
            chars: (0, 0),
            bytes: (0, 0),
            indent: false,
            lead: 0,
        });
    }
    let clean = match sanitize(&p.text) {
        Cow::Borrowed(_) => None,
        Cow::Owned(t) => {
            debug_assert_eq!(t.chars().count(), p.text.chars().count());
            Some(t)
        }
    };
    let text = clean.as_deref().unwrap_or(&p.text);
    push_wrapped(&mut out, text, Source::Para(i), kind, indent, p.lead, width, amb);
    (out, clean)
}

/// Every row of `report` at `width` as a plain text line (indent included), exactly as
/// [`DocLayout::plain_lines`] gives them, handed to `f` one by one. The report is laid out
/// a batch of paragraphs at a time (about 1 MiB of text, each batch on every core) and a
/// batch's rows are dropped once printed, so memory does not grow with the whole report's
/// rows; `baogao show` prints through this rather than building the whole layout. It is
/// bounded per batch, not absolutely: a batch holds at least one paragraph, and one huge
/// paragraph is laid out whole (its rows and the wrapper's break positions), so memory
/// grows with the longest paragraph's rows: a 48 MB report of one paragraph peaks at
/// 769 MB at width 4.
pub fn each_plain_line<E>(
    report: &Report,
    width: usize,
    amb: Ambiguous,
    mut f: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    use rayon::prelude::*;
    let width = columns(width);
    let mut line = String::new();
    let mut emit = |text: &str, row: &DocRow| {
        plain_line(&mut line, &text[row.bytes.0..row.bytes.1], row);
        f(&line)
    };
    let (header, rows) = header_rows(report, width, amb);
    for r in &rows {
        let Source::Header(i) = r.source else { continue };
        emit(&header[i], r)?;
    }
    // About 1 MiB of text a batch.
    let paras = &report.paragraphs;
    let mut from = 0;
    while from < paras.len() {
        let mut to = from;
        let mut bytes = 0;
        while to < paras.len() && (to == from || bytes < 1 << 20) {
            bytes += paras[to].text.len();
            to += 1;
        }
        let batch: Vec<(Vec<DocRow>, Option<String>)> =
            (from..to).into_par_iter().map(|i| paragraph_rows(i, &paras[i], width, amb)).collect();
        for (i, (rows, clean)) in (from..to).zip(&batch) {
            let text = clean.as_deref().unwrap_or(&paras[i].text);
            for r in rows {
                emit(if r.source == Source::None { "" } else { text }, r)?;
            }
        }
        from = to;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn push_wrapped(
    rows: &mut Vec<DocRow>,
    text: &str,
    source: Source,
    kind: RowKind,
    indent: bool,
    lead: usize,
    width: usize,
    amb: Ambiguous,
) {
    let indent_w = if indent { str_width(INDENT, amb) } else { 0 };
    let indent = indent && width > indent_w;
    let opts = WrapOptions { width, first_indent: if indent { indent_w } else { 0 }, amb };
    let wrapped = wrap(text, &opts);
    // Char offsets to byte offsets, row by row, counting UTF-8 lead bytes (no decoding).
    let bytes = text.as_bytes();
    let (mut ci, mut bi) = (0usize, 0usize);
    let mut to_byte = |target: usize| -> usize {
        while ci < target && bi < bytes.len() {
            bi += 1;
            while bi < bytes.len() && bytes[bi] & 0xC0 == 0x80 {
                bi += 1;
            }
            ci += 1;
        }
        bi
    };
    for (k, r) in wrapped.iter().enumerate() {
        let b0 = to_byte(r.start);
        let b1 = to_byte(r.end);
        let row_lead = lead.saturating_sub(r.start).min(r.end - r.start);
        rows.push(DocRow {
            source,
            kind,
            chars: (r.start, r.end),
            bytes: (b0, b1),
            indent: indent && k == 0,
            lead: row_lead,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn show_width_1_streams_the_same_rows_as_the_layout() {
        let (name, bytes) = crate::corpus::load::BUNDLED.iter().find(|(n, _)| *n == "jilin-2018.txt").unwrap();
        let mut report = crate::corpus::parse(name, bytes).unwrap();
        // A paragraph with a control char: its sanitised copy is what is laid out.
        report.paragraphs[3].text.insert(2, '\u{1b}');
        for amb in [Ambiguous::Narrow, Ambiguous::Wide] {
            for w in [0, 1, 2, 3, 4, 5, 17, 80] {
                let want = DocLayout::new(&report, w, amb).plain_lines(&report);
                let mut got = Vec::new();
                each_plain_line(&report, w, amb, |l| {
                    got.push(l.to_string());
                    Ok::<(), ()>(())
                })
                .unwrap();
                assert_eq!(got, want, "width {w}");
            }
        }
    }
}
