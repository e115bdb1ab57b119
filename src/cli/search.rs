//! `baogao search`: hits best first, as ripgrep-like text or JSON Lines.

use crate::corpus::Corpus;
use crate::layout::{Ambiguous, sanitize, snippet};
use crate::search::engine::search_with_retry;
use crate::search::{Filter, Hit, Matcher, Query};
use serde::Serialize;
use std::io::{self, Write};
use std::sync::atomic::AtomicBool;

/// One hit as `--json` and `--csv` export it: where it is (place and its level, province
/// and parent, year, date, title, section path, paragraph), what it says, and the citation
/// line that `y` copies.
#[derive(Serialize)]
struct HitJson<'a> {
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
    fn of(corpus: &'a Corpus, h: &'a Hit, cite: &crate::cite::Template) -> HitJson<'a> {
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
const CSV_HEAD: [&str; 16] = [
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

/// A hit's CSV row, each field as [`super::study::cell`] writes it.
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
    .map(|f| super::study::cell(&f, excel))
    .collect()
}

/// Options for printing.
pub struct Print {
    pub json: bool,
    /// CSV (RFC 4180), with a UTF-8 byte order mark first if `bom`.
    pub csv: bool,
    pub bom: bool,
    /// How each hit's citation reads (the config's `[citation] template`).
    pub citation: crate::cite::Template,
    pub color: bool,
    pub width: usize,
    pub amb: Ambiguous,
    pub limit: Option<usize>,
    /// Only exact hits, no variants.
    pub exact_only: bool,
}

/// What a search found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// Exact hits: paragraphs holding the phrase (after folding).
    pub exact: usize,
    /// Variant hits: the chars in order, not together.
    pub variant: usize,
    /// The query found nothing exact and was retried by this pinyin.
    pub retried: Option<String>,
}

impl Found {
    /// The hits listed: all, or only the exact ones.
    pub fn listed(&self, exact_only: bool) -> usize {
        if exact_only { self.exact } else { self.exact + self.variant }
    }
}

/// Run a query and print the hits (at most `opts.limit` of them; exact ones first, and
/// only those with `opts.exact_only`). Returns what was found, printed or not: `--limit 0`
/// with matches still found some.
pub fn run(corpus: &Corpus, query: &str, filter: &Filter, opts: &Print, out: &mut impl Write) -> io::Result<Found> {
    let q = Query::parse(query);
    let matcher = Matcher::new();
    let (_, hits, retried) =
        search_with_retry(corpus, &q, filter, &matcher, &AtomicBool::new(false)).unwrap_or((q, Vec::new(), None));
    let exact = hits.iter().filter(|h| h.exact).count();
    let found = Found { exact, variant: hits.len() - exact, retried };
    if let Some(pinyin) = &found.retried {
        // Said before the hits, on stderr, so that it is seen and JSON Lines stay clean.
        let words = crate::words::retried(query, pinyin, found.exact, crate::words::Lang::from_env());
        eprintln!("{}", sanitize(&words));
    }
    // Exact hits rank above every variant: the exact ones are the first `exact`.
    let listed = &hits[..found.listed(opts.exact_only)];
    let n = opts.limit.map_or(listed.len(), |l| l.min(listed.len()));
    if opts.csv {
        if opts.bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut w = csv::Writer::from_writer(&mut *out);
        w.write_record(CSV_HEAD).map_err(io::Error::other)?;
        for h in &listed[..n] {
            w.write_record(csv_row(&HitJson::of(corpus, h, &opts.citation), opts.bom)).map_err(io::Error::other)?;
        }
        w.flush()?;
        return Ok(found);
    }
    for h in &listed[..n] {
        if opts.json {
            writeln!(out, "{}", super::json::line(&HitJson::of(corpus, h, &opts.citation)))?;
        } else {
            write_text(corpus, h, opts, out)?;
        }
    }
    Ok(found)
}

fn write_text(corpus: &Corpus, h: &Hit, opts: &Print, out: &mut impl Write) -> io::Result<()> {
    let r = &corpus[h.report];
    let crumbs: Vec<&str> = r.breadcrumb(h.paragraph).iter().map(|s| s.title.as_str()).collect();
    let mut head = r.label();
    if !crumbs.is_empty() {
        head.push_str(" › ");
        head.push_str(&crumbs.join(" › "));
    }
    let head = sanitize(&head);
    let prefix = format!("¶{}: ", h.paragraph);
    let text = &r.paragraphs[h.paragraph].text;
    let (snip, hl) = snippet(text, &h.indices, opts.width.saturating_sub(prefix.len()).max(10), opts.amb);
    let snip = sanitize(&snip);
    let mut line = String::new();
    for (i, c) in snip.chars().enumerate() {
        let on = hl.binary_search(&i).is_ok();
        if on && opts.color {
            line.push_str("\x1b[1;31m");
            line.push(c);
            line.push_str("\x1b[0m");
        } else {
            line.push(c);
        }
    }
    if opts.color {
        writeln!(out, "\x1b[35m{head}\x1b[0m\n\x1b[32m{prefix}\x1b[0m{line}\n")
    } else {
        writeln!(out, "{head}\n{prefix}{line}\n")
    }
}

/// Peak resident memory of this process in bytes, where the OS tells (Linux: VmHWM).
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// `--stats`, to stderr, like `rg --stats`. A one-off query scans the candidates in
/// parallel without building the index (building it costs more than one query); the
/// reader builds it once and reuses it for every keystroke.
pub fn print_stats(
    corpus: &Corpus,
    load: std::time::Duration,
    query: std::time::Duration,
    found: &Found,
    total: std::time::Duration,
) {
    let paragraphs: usize = corpus.reports().map(|r| r.paragraphs.len()).sum();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let mut err = io::stderr().lock();
    let v = if found.variant == 1 { "variant" } else { "variants" };
    let _ = writeln!(err, "{} hits: {} exact, {} {v}", found.exact + found.variant, found.exact, found.variant);
    let _ = writeln!(err, "{} files, {:.1} MB read", corpus.files, corpus.bytes as f64 / 1e6);
    let _ = writeln!(err, "{} reports, {paragraphs} paragraphs, {} skipped", corpus.len(), corpus.problems.len());
    let _ = writeln!(err, "load {:.1} ms", ms(load));
    let _ = writeln!(err, "index 0.0 ms (one query: a parallel scan, no index built)");
    let _ = writeln!(err, "query {:.1} ms (with printing)", ms(query));
    let _ = writeln!(err, "total {:.1} ms", ms(total));
    match peak_rss() {
        Some(b) => {
            let _ = writeln!(err, "peak memory {:.1} MB", b as f64 / 1e6);
        }
        None => {
            let _ = writeln!(err, "peak memory unknown on this OS");
        }
    }
}
