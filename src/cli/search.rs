//! `baogao search`: hits best first, as ripgrep-like text or JSON Lines.

use crate::corpus::Corpus;
use crate::layout::{Ambiguous, sanitize, snippet};
use crate::search::engine::search_with_retry;
use crate::search::{Filter, Hit, Matcher, Query};
use std::io::{self, Write};
use std::sync::atomic::AtomicBool;

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
        crate::export::write_csv(corpus, &listed[..n], &opts.citation, opts.bom, out)?;
        return Ok(found);
    }
    if opts.json {
        crate::export::write_jsonl(corpus, &listed[..n], &opts.citation, out)?;
        return Ok(found);
    }
    for h in &listed[..n] {
        write_text(corpus, h, opts, out)?;
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
    let all = found.exact + found.variant;
    let h = if all == 1 { "hit" } else { "hits" };
    let _ = writeln!(err, "{all} {h}: {} exact, {} {v}", found.exact, found.variant);
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
