//! `baogao search`: hits best first, as ripgrep-like text or JSON Lines.

use crate::corpus::Corpus;
use crate::layout::{Ambiguous, sanitize, snippet};
use crate::search::{Filter, Hit, Matcher, Query, search};
use serde::Serialize;
use std::io::{self, Write};
use std::sync::atomic::AtomicBool;

#[derive(Serialize)]
struct HitJson<'a> {
    place: Option<&'a str>,
    year: Option<i32>,
    path: &'a str,
    /// The report's source URL, null when unknown.
    url: Option<&'a str>,
    section: Vec<&'a str>,
    paragraph: usize,
    score: i64,
    text: &'a str,
    matches: &'a [usize],
}

/// Options for printing.
pub struct Print {
    pub json: bool,
    pub color: bool,
    pub width: usize,
    pub amb: Ambiguous,
    pub limit: Option<usize>,
}

/// Run a query and print the hits. Returns how many were printed.
pub fn run(corpus: &Corpus, query: &str, filter: &Filter, opts: &Print, out: &mut impl Write) -> io::Result<usize> {
    let q = Query::parse(query);
    let matcher = Matcher::new();
    let hits = search(corpus, &q, filter, &matcher, &AtomicBool::new(false)).unwrap_or_default();
    let n = opts.limit.map_or(hits.len(), |l| l.min(hits.len()));
    for h in &hits[..n] {
        if opts.json {
            write_json(corpus, h, out)?;
        } else {
            write_text(corpus, h, opts, out)?;
        }
    }
    Ok(n)
}

fn write_json(corpus: &Corpus, h: &Hit, out: &mut impl Write) -> io::Result<()> {
    let r = &corpus[h.report];
    let j = HitJson {
        place: r.meta.place.as_deref(),
        year: r.meta.year,
        path: &r.path,
        url: r.meta.url.as_deref(),
        section: r.breadcrumb(h.paragraph).iter().map(|s| s.title.as_str()).collect(),
        paragraph: h.paragraph,
        score: h.score,
        text: &r.paragraphs[h.paragraph].text,
        matches: &h.indices,
    };
    writeln!(out, "{}", serde_json::to_string(&j).expect("hit serialises"))
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
    hits: usize,
    total: std::time::Duration,
) {
    let paragraphs: usize = corpus.reports().map(|r| r.paragraphs.len()).sum();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{hits} hits");
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
