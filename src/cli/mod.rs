//! Command-line modes that print the same model the TUI shows: `inspect` and `show`.
//! Text for people, JSON Lines (serde) for programs.

pub use crate::export::json;
pub mod search;
pub mod study;
pub mod targets;

use crate::corpus::cache::Cache;
use crate::corpus::{Corpus, Report};
use crate::layout::Ambiguous;
use serde::Serialize;
use std::io::{self, Write};
use std::path::PathBuf;

/// Load the named paths (unchanged files from `cache`), or the bundled reports when none are
/// named (they need no cache).
pub fn load(paths: &[PathBuf], cache: &Cache) -> Corpus {
    if paths.is_empty() { Corpus::bundled() } else { Corpus::load_with(paths, cache) }
}

/// Tell stderr about files that were skipped, and cache entries that were discarded.
pub fn report_problems(corpus: &Corpus) {
    let mut err = io::stderr().lock();
    let safe = crate::layout::sanitize;
    for p in &corpus.problems {
        let _ = writeln!(err, "baogao: {}: {}", safe(&p.path), safe(&p.reason));
    }
    for n in &corpus.notices {
        let _ = writeln!(
            err,
            "baogao: cache: {}: {}; discarded, and what it held parsed again",
            safe(&n.path),
            safe(&n.reason)
        );
    }
}

/// `baogao cache info`: the cache's folder, entries, size and the last run's counts.
pub fn cache_info(dir: Option<&std::path::Path>, json: bool, out: &mut impl Write) -> io::Result<()> {
    let Some(dir) = dir else {
        return writeln!(out, "no cache folder: neither BAOGAO_CACHE_DIR, XDG_CACHE_HOME nor HOME is set");
    };
    let info = crate::corpus::cache::info(dir);
    if json {
        return writeln!(out, "{}", json::line(&info));
    }
    writeln!(out, "folder:   {}", crate::layout::sanitize(&info.dir))?;
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    writeln!(out, "reports:  {} in {}", info.entries, plural(info.packs, "folder pack", "folder packs"))?;
    writeln!(out, "size:     {}", crate::fsio::bytes(info.bytes))?;
    match info.last_run {
        Some(c) => {
            let looked = c.hits + c.misses;
            let rate = if looked == 0 { 0.0 } else { 100.0 * c.hits as f64 / looked as f64 };
            writeln!(
                out,
                "last run: {} of {looked} reports from the cache ({rate:.1}%), {} parsed, {} written, {} discarded as damaged",
                c.hits,
                c.misses,
                plural(c.written, "entry", "entries"),
                plural(c.discarded, "pack or entry", "packs or entries")
            )
        }
        None => writeln!(out, "last run: none recorded"),
    }
}

#[derive(Serialize)]
struct InspectJson<'a> {
    path: &'a str,
    title: &'a str,
    place: &'a Option<String>,
    level: &'a Option<crate::corpus::Level>,
    province: &'a Option<String>,
    parent: &'a Option<String>,
    year: Option<i32>,
    date: &'a Option<String>,
    session: &'a Option<String>,
    speaker: &'a Option<String>,
    speaker_title: &'a Option<String>,
    source: &'a Option<String>,
    url: &'a Option<String>,
    origin: &'a std::collections::BTreeMap<&'static str, crate::corpus::Origin>,
    paragraphs: usize,
    chars: usize,
    /// Targets its target sentence sets (`baogao targets`); 0 when none is recognised.
    targets: usize,
    sections: &'a [crate::corpus::Section],
    warnings: &'a [String],
}

/// How many targets a report's target sentence sets.
fn targets_of(r: &Report) -> usize {
    crate::corpus::targets::extract(r.paragraphs.iter().map(|p| p.text.as_str()))
        .iter()
        .filter(|t| t.kind == crate::corpus::targets::Kind::Target)
        .count()
}

pub fn inspect_json(r: &Report) -> serde_json::Value {
    let m = &r.meta;
    serde_json::to_value(InspectJson {
        path: &r.path,
        title: &m.title,
        place: &m.place,
        level: &m.level,
        province: &m.province,
        parent: &m.parent,
        year: m.year,
        date: &m.date,
        session: &m.session,
        speaker: &m.speaker,
        speaker_title: &m.speaker_title,
        source: &m.source,
        url: &m.url,
        origin: &m.origin,
        paragraphs: r.paragraphs.len(),
        chars: r.chars(),
        targets: targets_of(r),
        sections: &r.sections,
        warnings: &r.warnings,
    })
    .expect("report serialises")
}

/// Where each known field came from, for `inspect`: "title catalogue · place text · year file name".
fn origins(m: &crate::corpus::Meta) -> Option<String> {
    use crate::corpus::Origin;
    let parts: Vec<String> = ["title", "place", "year", "date", "speaker", "url"]
        .iter()
        .filter_map(|f| {
            let o = match m.origin.get(f)? {
                Origin::Text => "text",
                Origin::FileName => "file name",
                Origin::Catalogue => "catalogue",
            };
            Some(format!("{f} {o}"))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// `baogao inspect`: a summary per report, or JSON Lines.
pub fn inspect(corpus: &Corpus, json: bool, out: &mut impl Write) -> io::Result<()> {
    use crate::layout::sanitize;
    for r in corpus.reports() {
        if json {
            writeln!(out, "{}", json::line(&inspect_json(r)))?;
            continue;
        }
        let m = &r.meta;
        let dash = |o: &Option<String>| o.clone().unwrap_or_else(|| "—".into());
        writeln!(out, "{}", sanitize(&r.path))?;
        writeln!(out, "  {}", sanitize(&m.title))?;
        let level = m.level.map(|l| format!("{l:?}").to_lowercase()).unwrap_or_else(|| "?".into());
        let mut place = format!("  place: {} ({level})", dash(&m.place));
        if let Some(p) = &m.parent {
            place.push_str(&format!(" · {p}"));
        }
        if let Some(p) = m.province.as_ref().filter(|p| Some(*p) != m.place.as_ref()) {
            place.push_str(&format!(" · {p}"));
        }
        writeln!(out, "{}", sanitize(&place))?;
        writeln!(out, "  date: {} · {}", dash(&m.date), sanitize(&dash(&m.session)))?;
        let speaker = match (&m.speaker_title, &m.speaker) {
            (Some(t), Some(n)) => format!("{t} {n}"),
            (_, Some(n)) => n.clone(),
            _ => "—".into(),
        };
        writeln!(out, "  speaker: {} · source: {}", sanitize(&speaker), sanitize(&dash(&m.source)))?;
        if let Some(u) = &m.url {
            writeln!(out, "  url: {}", sanitize(u))?;
        }
        if let Some(from) = origins(m) {
            writeln!(out, "  from: {from}")?;
        }
        let count = |l: u8| r.sections.iter().filter(|s| s.level == l).count();
        writeln!(
            out,
            "  {} paragraphs, {} chars; sections by level: {} / {} / {} / {}; targets: {}",
            r.paragraphs.len(),
            r.chars(),
            count(1),
            count(2),
            count(3),
            count(4),
            match targets_of(r) {
                0 => "—".to_string(),
                n => n.to_string(),
            }
        )?;
        for w in &r.warnings {
            writeln!(out, "  warning: {}", sanitize(w))?;
        }
    }
    Ok(())
}

/// Find a report by a selector: a path it was loaded from, or words that all match its
/// place (or province, parent) or year: "鸡西 2017", or in pinyin: "qiqihaer 2022", "jx 2017".
pub fn select<'a>(corpus: &'a Corpus, selector: &str) -> Option<&'a Report> {
    if let Some(r) = corpus.reports().find(|r| r.path == selector || r.path.ends_with(&format!("/{selector}"))) {
        return Some(&**r);
    }
    let words: Vec<&str> = selector.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let matcher = crate::search::Matcher::new();
    // Both scripts, full-width forms and case fold away (雞西 is 鸡西).
    let fold = crate::search::fold::fold_str;
    let names_match = |name: &str, w: &str| {
        if fold(name).contains(&fold(w)) {
            return true;
        }
        // Latin words match the name's pinyin from its start: full, initials or mixed.
        let q = crate::search::Query::parse(&format!("^{}", w.to_ascii_lowercase()));
        w.chars().all(|c| c.is_ascii_alphabetic()) && w.len() >= 2 && matcher.match_text(&q, name).is_some()
    };
    corpus.reports().map(|r| &**r).find(|r| {
        let m = &r.meta;
        words.iter().all(|w| {
            let year = m.year.map(|y| y.to_string());
            year.as_deref() == Some(*w)
                || [&m.place, &m.parent, &m.province].iter().any(|f| f.as_deref().is_some_and(|f| names_match(f, w)))
                || fold(&r.path).contains(&fold(w))
        })
    })
}

/// The narrowest `baogao show --width`: a wide char or the two-ideographic-space indent
/// fits, and a huge report is not cut into a row per char (a 63 MB report at width 1 was
/// 22 million rows). A narrower width is taken as this one.
pub const MIN_SHOW_WIDTH: usize = 4;

/// `baogao show`: the report laid out exactly as the reader lays it out, printed as it is
/// laid out (a batch of paragraphs at a time), so memory does not grow with the rows.
pub fn show(report: &Report, width: usize, amb: Ambiguous, out: &mut impl Write) -> io::Result<()> {
    crate::layout::document::each_plain_line(report, width.max(MIN_SHOW_WIDTH), amb, |line| {
        out.write_all(crate::layout::sanitize(line).as_bytes())?;
        out.write_all(b"\n")
    })
}
