//! A whole report laid out into screen rows for one width: the header block, then every
//! paragraph wrapped by the Chinese line-break rules. Used by the reader pane and by
//! `baogao show`, so both print exactly the same rows.
//!
//! Rows point into the report's text by char and byte offsets; nothing is copied.
//! A position is (paragraph, char offset), so it survives a change of width.

use super::sanitize::sanitize;
use super::width::{Ambiguous, str_width};
use super::wrap::{WrapOptions, wrap};
use crate::corpus::{Kind, Report};
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
    /// True on the first row of an indented body paragraph.
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
        let width = width.max(1);
        let header: Vec<String> = header_lines(report).iter().map(|h| sanitize(h).into_owned()).collect();
        let mut sanitized = HashMap::new();
        let mut rows = Vec::new();
        for (i, line) in header.iter().enumerate() {
            let kind = if i == 0 { RowKind::Title } else { RowKind::Meta };
            push_wrapped(&mut rows, line, Source::Header(i), kind, false, 0, width, amb);
        }
        // Paragraphs wrap independently: lay out big reports on every core, in order.
        let one = |(i, p): (usize, &crate::corpus::Paragraph)| -> (Vec<DocRow>, Option<String>) {
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
        };
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
        self.rows
            .iter()
            .map(|r| {
                let t = self.text(report, r);
                if r.indent && self.width > str_width(INDENT, self.amb) {
                    format!("{INDENT}{t}")
                } else {
                    t.to_string()
                }
            })
            .collect()
    }
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
