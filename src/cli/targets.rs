//! `baogao targets`: every report's targets (see [`crate::corpus::targets`]) as a text
//! table, CSV or JSON Lines, one row per target, in tree order.

use crate::corpus::Corpus;
use crate::corpus::targets::{Found, Indicator, Kind, Modifier, Target, collect};
use crate::layout::sanitize;
use serde::Serialize;
use std::io::{self, Write};

/// One row as CSV and JSON write it.
#[derive(Serialize)]
struct Row<'a> {
    place: Option<&'a str>,
    level: Option<crate::corpus::Level>,
    year: Option<i32>,
    /// The year it is for: a target's own, a result's the year before.
    for_year: Option<i32>,
    indicator: Indicator,
    words: &'a str,
    value: f64,
    high: Option<f64>,
    unit: &'a str,
    modifier: Option<Modifier>,
    strive: bool,
    kind: Kind,
    /// For a target: the result the place's report of the next year gives, and whether it
    /// met the target.
    result: Option<f64>,
    met: Option<bool>,
    path: &'a str,
    paragraph: usize,
    start: usize,
    end: usize,
    /// The clause that sets it, as the report has it.
    sentence: String,
}

pub use crate::corpus::targets::{indicator_name, shown};

/// Print every report's targets and results (of `indicator` only, by its name or words
/// in the indicator's; of `kind` only), in tree order. Returns how many were printed.
pub fn print(
    corpus: &Corpus,
    indicator: Option<&str>,
    kind: Option<Kind>,
    format: super::study::Format,
    bom: bool,
    out: &mut impl Write,
) -> io::Result<usize> {
    // An indicator's name (gdp) is that one; else any whose name or label, in either
    // language, holds the words (jobs, income, 就业), or whose target's words do (旅游).
    let wanted = |t: &Target| {
        indicator.is_none_or(|w| {
            let named = crate::words::indicator_matches(t.indicator, w);
            named || !crate::words::is_indicator_name(w) && t.words.contains(&w.trim().to_lowercase())
        })
    };
    let rows: Vec<(&crate::corpus::Report, Found, String)> = collect(corpus)
        .into_iter()
        .filter(|f| wanted(&f.target) && kind.is_none_or(|k| f.target.kind == k))
        .map(|f| {
            let r = &corpus.by_id()[f.report.index()];
            let t = &f.target;
            let sentence: String = r.paragraphs[t.paragraph].text.chars().skip(t.start).take(t.end - t.start).collect();
            (&**r, f, sentence)
        })
        .collect();
    match format {
        super::study::Format::Json => {
            for (r, f, sentence) in &rows {
                writeln!(out, "{}", crate::export::json::line(&row(r, f, sentence)))?;
            }
        }
        super::study::Format::Csv => {
            if bom {
                out.write_all("\u{feff}".as_bytes())?;
            }
            let mut w = crate::export::csv_writer(&mut *out);
            let head = [
                "place",
                "level",
                "year",
                "indicator",
                "words",
                "value",
                "high",
                "unit",
                "modifier",
                "strive",
                "kind",
                "for_year",
                "result",
                "met",
                "path",
                "paragraph",
                "start",
                "end",
                "sentence",
            ];
            w.write_record(head).map_err(crate::export::csv_io)?;
            for (r, f, sentence) in &rows {
                let j = serde_json::to_value(row(r, f, sentence)).unwrap_or_default();
                let field = |k: &str| match &j[k] {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => s.clone(),
                    v => v.to_string(),
                };
                // Numbers stay numbers for a spreadsheet (-3.2 is no formula); text is guarded.
                let numeric = |k: &str| j[k].is_number();
                w.write_record(
                    head.iter().map(|k| if numeric(k) { field(k) } else { crate::export::cell(&field(k), bom) }),
                )
                .map_err(crate::export::csv_io)?;
            }
            w.flush()?;
        }
        super::study::Format::Text => {
            for (r, f, sentence) in &rows {
                let t = &f.target;
                // A result is for the year before its report's.
                let kind = match (t.kind, r.meta.year) {
                    (Kind::Target, _) => "target".to_string(),
                    (Kind::Result, Some(y)) => format!("result {}", y - 1),
                    (Kind::Result, None) => "result".to_string(),
                };
                let outcome = f.outcome.as_ref().map_or(String::new(), |o| {
                    format!(" ({} {})", if o.met { "met:" } else { "missed:" }, shown(&o.result))
                });
                writeln!(
                    out,
                    "{} {}\t{kind}\t{}\t{}{outcome}\t¶{} {}",
                    sanitize(r.meta.place.as_deref().unwrap_or("?")),
                    r.meta.year.map_or("?".to_string(), |y| y.to_string()),
                    indicator_name(t.indicator),
                    shown(t),
                    t.paragraph,
                    sanitize(sentence)
                )?;
            }
        }
    }
    Ok(rows.len())
}

fn row<'a>(r: &'a crate::corpus::Report, f: &'a Found, sentence: &str) -> Row<'a> {
    let t = &f.target;
    Row {
        place: r.meta.place.as_deref(),
        level: r.meta.level,
        year: r.meta.year,
        for_year: r.meta.year.map(|y| if t.kind == Kind::Result { y - 1 } else { y }),
        indicator: t.indicator,
        words: &t.words,
        value: t.value,
        high: t.high,
        unit: &t.unit,
        modifier: t.modifier,
        strive: t.strive,
        kind: t.kind,
        result: f.outcome.as_ref().map(|o| o.result.value),
        met: f.outcome.as_ref().map(|o| o.met),
        path: &r.path,
        paragraph: t.paragraph,
        start: t.start,
        end: t.end,
        sentence: sentence.to_string(),
    }
}
