//! `baogao trend` and `baogao kwic`: the research views' numbers and lines (see
//! [`crate::study`]) as a text table, CSV (RFC 4180) or JSON Lines.

use crate::layout::{Ambiguous, sanitize, str_width};
use crate::study::{By, Cell, Line};
use std::io::{self, Write};

/// How to print: a table for people, or CSV or JSON Lines for programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Json,
}

/// CSV with a UTF-8 byte order mark first, when asked (spreadsheets then read Chinese
/// right).
fn csv_writer<W: Write>(out: W, bom: bool) -> io::Result<csv::Writer<W>> {
    let mut out = out;
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    Ok(crate::export::csv_writer(out))
}

fn csv_err(e: csv::Error) -> io::Error {
    crate::export::csv_io(e)
}

pub use crate::export::cell;

/// Print a trend's cells.
pub fn print_trend(
    cells: &[Cell],
    by: By,
    format: Format,
    bom: bool,
    amb: Ambiguous,
    out: &mut impl Write,
) -> io::Result<()> {
    let (place, year) = (by != By::Year, by != By::Place);
    // A cell's fields in the columns' order; `unknown` for a place or year not known.
    let values = |c: &Cell, unknown: &str| -> Vec<String> {
        let mut row = Vec::new();
        if place {
            row.push(c.place.clone().unwrap_or_else(|| unknown.into()));
        }
        if year {
            row.push(c.year.map_or_else(|| unknown.into(), |y| y.to_string()));
        }
        row.extend([
            c.reports.to_string(),
            c.chars.to_string(),
            c.exact.to_string(),
            format!("{:.2}", c.rate()),
            c.paragraphs.to_string(),
            c.variants.to_string(),
        ]);
        row
    };
    match format {
        Format::Json => {
            for c in cells {
                let mut v = serde_json::to_value(c).map_err(io::Error::other)?;
                v["per_10k"] = serde_json::json!((c.rate() * 100.0).round() / 100.0);
                writeln!(out, "{}", super::json::line(&v))?;
            }
            Ok(())
        }
        Format::Csv => {
            let mut w = csv_writer(out, bom)?;
            let mut head: Vec<&str> = Vec::new();
            if place {
                head.push("place");
            }
            if year {
                head.push("year");
            }
            head.extend(["reports", "chars", "exact", "per_10k", "paragraphs", "variants"]);
            w.write_record(&head).map_err(csv_err)?;
            for c in cells {
                let row = values(c, "");
                w.write_record(row.iter().map(|f| cell(f, bom))).map_err(csv_err)?;
            }
            w.flush()
        }
        Format::Text => {
            let heads = crate::words::trend_heads(place, year, crate::words::Lang::from_env());
            let rows: Vec<Vec<String>> =
                cells.iter().map(|c| values(c, "?").into_iter().map(|v| sanitize(&v).into_owned()).collect()).collect();
            let keys = usize::from(place) + usize::from(year);
            table(&heads, &rows, keys, amb, out)
        }
    }
}

/// A table aligned by display width: the first `left` columns to the left, the rest
/// (numbers) to the right.
fn table(heads: &[&str], rows: &[Vec<String>], left: usize, amb: Ambiguous, out: &mut impl Write) -> io::Result<()> {
    let w = |s: &str| str_width(s, amb);
    let widths: Vec<usize> =
        (0..heads.len()).map(|i| rows.iter().map(|r| w(&r[i])).chain([w(heads[i])]).max().unwrap_or(0)).collect();
    let line = |cells: Vec<&str>, out: &mut dyn Write| -> io::Result<()> {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = " ".repeat(widths[i] - w(c));
            if i > 0 {
                s.push_str("  ");
            }
            if i < left {
                s.push_str(c);
                s.push_str(&pad);
            } else {
                s.push_str(&pad);
                s.push_str(c);
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(heads.to_vec(), out)?;
    for r in rows {
        line(r.iter().map(String::as_str).collect(), out)?;
    }
    Ok(())
}

/// Print concordance lines: in text, the matches in one column (the left contexts padded
/// to one display width), each line led by place, year and paragraph, and cut to `width`
/// columns (the contexts shortened with "…" where they do not fit).
pub fn print_kwic(
    lines: &[Line],
    format: Format,
    bom: bool,
    amb: Ambiguous,
    width: usize,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        Format::Json => {
            for l in lines {
                writeln!(out, "{}", super::json::line(l))?;
            }
            Ok(())
        }
        Format::Csv => {
            let mut w = csv_writer(out, bom)?;
            w.write_record(["place", "year", "title", "path", "paragraph", "at", "left", "match", "right"])
                .map_err(csv_err)?;
            for l in lines {
                let row = [
                    l.place.clone().unwrap_or_default(),
                    l.year.map(|y| y.to_string()).unwrap_or_default(),
                    l.title.clone(),
                    l.path.clone(),
                    l.paragraph.to_string(),
                    l.at.to_string(),
                    l.left.clone(),
                    l.matched.clone(),
                    l.right.clone(),
                ];
                w.write_record(row.iter().map(|f| cell(f, bom))).map_err(csv_err)?;
            }
            w.flush()
        }
        Format::Text => {
            let w = |s: &str| str_width(s, amb);
            // A paragraph's line breaks and tabs would break the columns.
            let flat = |s: &str| sanitize(&s.replace(['\n', '\t'], " ")).into_owned();
            let rows: Vec<(String, String, String, String)> = lines
                .iter()
                .map(|l| {
                    let at = format!(
                        "{} {} ¶{}",
                        l.place.as_deref().unwrap_or("?"),
                        l.year.map_or("?".into(), |y| y.to_string()),
                        l.paragraph
                    );
                    (sanitize(&at).into_owned(), flat(&l.shown_left()), flat(&l.matched), flat(&l.shown_right()))
                })
                .collect();
            let at_w = rows.iter().map(|r| w(&r.0)).max().unwrap_or(0);
            let match_w = rows.iter().map(|r| w(&r.2)).max().unwrap_or(0) + w("【】");
            // What is left of the width, half each side (at least a few columns).
            let side = (width.saturating_sub(at_w + 2 + match_w) / 2).max(6);
            let rows: Vec<_> = rows
                .into_iter()
                .map(|(at, l, m, r)| {
                    (
                        at,
                        crate::layout::truncate::context_left(&l, side, amb),
                        m,
                        crate::layout::truncate::context_right(&r, side, amb),
                    )
                })
                .collect();
            let left_w = rows.iter().map(|r| w(&r.1)).max().unwrap_or(0);
            for (at, left, m, right) in &rows {
                let pad_at = " ".repeat(at_w - w(at));
                let pad_left = " ".repeat(left_w - w(left));
                writeln!(out, "{at}{pad_at}  {pad_left}{left}【{m}】{right}")?;
            }
            Ok(())
        }
    }
}
