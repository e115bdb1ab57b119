//! Hits written out for other programs and for notes: CSV (RFC 4180, via the `csv` crate),
//! JSON Lines, and a Markdown list of quotes with their citations. `baogao search --csv`
//! / `--json` and the search panel's `w` write through here, so a hit reads the same
//! either way.

use crate::cite::Template;
use crate::corpus::Corpus;
use crate::search::Hit;
use serde::Serialize;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub mod json;

/// One hit as `--json` and `--csv` export it: where it is (place and its level, province
/// and parent, year, date, title, section path, paragraph), what it says, and the citation
/// line that `y` copies.
#[derive(Serialize)]
pub struct HitJson<'a> {
    place: Option<&'a str>,
    level: Option<crate::corpus::Level>,
    province: Option<&'a str>,
    parent: Option<&'a str>,
    year: Option<i32>,
    date: Option<&'a str>,
    title: &'a str,
    path: &'a str,
    /// The report's source URL, null when unknown.
    url: Option<&'a str>,
    section: Vec<&'a str>,
    paragraph: usize,
    score: i64,
    /// The phrase as typed (after folding), not a fuzzy variant.
    exact: bool,
    text: &'a str,
    citation: String,
    matches: &'a [usize],
}

impl<'a> HitJson<'a> {
    pub fn of(corpus: &'a Corpus, h: &'a Hit, cite: &crate::cite::Template) -> HitJson<'a> {
        let r = &corpus[h.report];
        let m = &r.meta;
        HitJson {
            place: m.place.as_deref(),
            level: m.level,
            province: m.province.as_deref(),
            parent: m.parent.as_deref(),
            year: m.year,
            date: m.date.as_deref(),
            title: &m.title,
            path: &r.path,
            url: m.url.as_deref(),
            section: r.breadcrumb(h.paragraph).iter().map(|s| s.title.as_str()).collect(),
            paragraph: h.paragraph,
            score: h.score,
            exact: h.exact,
            text: &r.paragraphs[h.paragraph].text,
            citation: cite.cite(r, h.paragraph),
            matches: &h.indices,
        }
    }
}

/// The columns of `--csv`: those of `--json`, the section path joined by " › " and the
/// match indices by spaces.
pub const CSV_HEAD: [&str; 16] = [
    "place",
    "level",
    "province",
    "parent",
    "year",
    "date",
    "title",
    "path",
    "url",
    "section",
    "paragraph",
    "score",
    "exact",
    "text",
    "citation",
    "matches",
];

/// A hit's CSV row, each field as [`cell`] writes it.
fn csv_row(j: &HitJson, excel: bool) -> Vec<String> {
    let opt = |o: Option<&str>| o.unwrap_or_default().to_string();
    let level = j.level.and_then(|l| serde_json::to_value(l).ok()).and_then(|v| v.as_str().map(String::from));
    vec![
        opt(j.place),
        level.unwrap_or_default(),
        opt(j.province),
        opt(j.parent),
        j.year.map(|y| y.to_string()).unwrap_or_default(),
        opt(j.date),
        j.title.to_string(),
        j.path.to_string(),
        opt(j.url),
        j.section.join(" › "),
        j.paragraph.to_string(),
        j.score.to_string(),
        j.exact.to_string(),
        j.text.to_string(),
        j.citation.clone(),
        j.matches.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(" "),
    ]
    .into_iter()
    .map(|f| cell(&f, excel))
    .collect()
}

/// A CSV field as written: no control that could act on a terminal (line breaks and tabs
/// stay, quoted by the csv crate); for a spreadsheet (`excel`), a field that would start a
/// formula (= + - @) is led by an apostrophe, which the spreadsheet shows as text.
pub fn cell(field: &str, excel: bool) -> String {
    let f = crate::layout::sanitize_keeping_lines(field).into_owned();
    if excel && f.starts_with(['=', '+', '-', '@']) { format!("'{f}") } else { f }
}

/// Write `hits` as CSV with a head row; `excel`: a UTF-8 byte order mark first (so a
/// spreadsheet reads Chinese right) and a formula-like field led by an apostrophe.
pub fn write_csv(corpus: &Corpus, hits: &[Hit], cite: &Template, excel: bool, out: &mut impl Write) -> io::Result<()> {
    if excel {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = csv_writer(&mut *out);
    w.write_record(CSV_HEAD).map_err(csv_io)?;
    for h in hits {
        w.write_record(csv_row(&HitJson::of(corpus, h, cite), excel)).map_err(csv_io)?;
    }
    w.flush()
}

/// A CSV writer by RFC 4180: records end with CRLF.
pub fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out)
}

/// A CSV error as the I/O error it is (so that a closed pipe is seen as one), or as
/// another error.
pub fn csv_io(e: csv::Error) -> io::Error {
    if !e.is_io_error() {
        return io::Error::other(e.to_string());
    }
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        kind => io::Error::other(format!("{kind:?}")),
    }
}

/// Write `hits` as JSON Lines, one object per hit.
pub fn write_jsonl(corpus: &Corpus, hits: &[Hit], cite: &Template, out: &mut impl Write) -> io::Result<()> {
    for h in hits {
        writeln!(out, "{}", json::line(&HitJson::of(corpus, h, cite)))?;
    }
    Ok(())
}

/// Write `hits` as Markdown for notes: a heading naming the query, then each hit as a
/// quote with its citation under it.
pub fn write_markdown(
    corpus: &Corpus,
    hits: &[Hit],
    query: &str,
    cite: &Template,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(out, "# {}\n", crate::layout::sanitize(query.trim()))?;
    for h in hits {
        let r = &corpus[h.report];
        let text = crate::layout::sanitize(&r.paragraphs[h.paragraph].text);
        writeln!(out, "> {text}\n>\n> {}\n", crate::layout::sanitize(&cite.cite(r, h.paragraph)))?;
    }
    Ok(())
}

/// The formats the search panel writes, by the file's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
    Markdown,
}

impl Format {
    /// The format a path's extension names (`.csv`, `.jsonl` or `.json`, `.md`), any case.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "json" | "ndjson" => Some(Format::Jsonl),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// Write `hits` in `format` (CSV for a spreadsheet: with the byte order mark).
pub fn write(
    corpus: &Corpus,
    hits: &[Hit],
    query: &str,
    cite: &Template,
    format: Format,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        Format::Csv => write_csv(corpus, hits, cite, true, out),
        Format::Jsonl => write_jsonl(corpus, hits, cite, out),
        Format::Markdown => write_markdown(corpus, hits, query, cite, out),
    }
}

/// A file name made of a query: what a file name may not hold (a path separator, a
/// control, what shells and spreadsheets trip on) becomes `_`, runs of it one, and it is
/// cut to 40 chars; "baogao" when nothing is left.
pub fn file_stem(query: &str) -> String {
    let mut out = String::new();
    for c in query.trim().chars() {
        let bad = c.is_control()
            || c.is_whitespace()
            || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '\'' | '!' | '^' | '$' | '.');
        if bad {
            if !out.ends_with('_') {
                out.push('_');
            }
        } else {
            out.push(c);
        }
        if out.chars().count() >= 40 {
            break;
        }
    }
    let out = out.trim_matches('_').to_string();
    if out.is_empty() { "baogao".to_string() } else { out }
}

/// The first of `dir/stem.ext`, `dir/stem-2.ext`, `dir/stem-3.ext`… that does not exist.
pub fn free_path(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let mut path = dir.join(format!("{stem}.{ext}"));
    let mut n = 2;
    // A link counts as taken, dangling or not.
    while std::fs::symlink_metadata(&path).is_ok() && n < 1000 {
        path = dir.join(format!("{stem}-{n}.{ext}"));
        n += 1;
    }
    path
}

/// `~/…` in a typed path is under the home folder.
pub fn expand_home(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => std::path::PathBuf::from(path),
    }
}

/// Write `bytes` to `path` whole or not at all: into a temporary file beside it, then
/// renamed over it (`overwrite`) or linked in only if nothing is there yet (an error of
/// kind `AlreadyExists` if something is).
pub fn write_file(path: &std::path::Path, bytes: &[u8], overwrite: bool) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    // Made as any new file is (0666 less the umask), not private as a temporary file is.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::Permissions::from_mode(0o666);
    // Over a file, its own permissions are kept.
    let mode = match std::fs::metadata(path) {
        Ok(m) if overwrite && m.is_file() => m.permissions(),
        _ => mode,
    };
    let mut tmp = tempfile::Builder::new().prefix(".baogao-").permissions(mode).tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if overwrite {
        tmp.persist(path).map(|_| ()).map_err(|e| e.error)
    } else {
        tmp.persist_noclobber(path).map(|_| ()).map_err(|e| e.error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_makes_a_safe_file_stem() {
        assert_eq!(file_stem("营商环境"), "营商环境");
        assert_eq!(file_stem(" 营商环境 !鸡西 "), "营商环境_鸡西");
        assert_eq!(file_stem("../../etc/passwd"), "etc_passwd");
        assert_eq!(file_stem("'^$|"), "baogao");
        assert_eq!(file_stem("a\u{1b}[31mb"), "a_[31mb");
        assert_eq!(file_stem(&"长".repeat(100)).chars().count(), 40);
    }

    #[test]
    fn the_format_follows_the_extension() {
        assert_eq!(Format::of_path(Path::new("a/营商环境.CSV")), Some(Format::Csv));
        assert_eq!(Format::of_path(Path::new("x.jsonl")), Some(Format::Jsonl));
        assert_eq!(Format::of_path(Path::new("x.md")), Some(Format::Markdown));
        assert_eq!(Format::of_path(Path::new("x.txt")), None);
        assert_eq!(Format::of_path(Path::new("x")), None);
    }

    #[test]
    fn a_free_path_skips_the_files_there() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(free_path(dir.path(), "q", "csv"), dir.path().join("q.csv"));
        std::fs::write(dir.path().join("q.csv"), "").unwrap();
        std::fs::write(dir.path().join("q-2.csv"), "").unwrap();
        assert_eq!(free_path(dir.path(), "q", "csv"), dir.path().join("q-3.csv"));
    }
}
