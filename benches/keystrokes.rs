//! Keystroke latency: type fixed queries one char at a time through the same search
//! engine the TUI uses, and print p50, p99 and max per keystroke: the time until the
//! complete, ranked results are ready, and the time until the panel has something to
//! show (the first streamed partial result, or the complete results if they come first).
//!
//! `cargo bench --bench keystrokes -- [CORPUS_DIR]` (default: the bundled reports);
//! `BAOGAO_RANK_ALL=1` ranks every hit of a complete result instead of the reader's best
//! [`baogao::tui::search::LIST_RANKED`]; `BAOGAO_BENCH_EACH=1` prints every keystroke's
//! times; `BAOGAO_BENCH_QUERIES=a,b` types other queries; `BAOGAO_BENCH_CACHE=1` loads the
//! corpus through the cache of parsed reports, as the reader does.
//! Make a corpus with `python3 ../shared/bench/gen-corpus.py 1000 target/c1000`.

use baogao::corpus::Corpus;
use baogao::search::Filter;
use baogao::search::engine::Searcher;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

const QUERIES: &[&str] = &[
    "石墨产业",         // Chinese
    "营商环境",         // Chinese
    "shimo",            // pinyin, full
    "smcy",             // pinyin, initials
    "xiangcunzhenxing", // pinyin, long
    "'乡村振兴",        // exact
    "营商环境 !鸡西",   // multi-term with exclusion
    "科技 创新 企业",   // multi-term AND
    "ppp | 石墨烯",     // OR
];

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    // cargo bench passes --bench; the first other argument is the corpus.
    let dir = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let t = Instant::now();
    let corpus = match &dir {
        // BAOGAO_BENCH_CACHE=1: from the cache of parsed reports, as the reader loads.
        Some(d) if std::env::var_os("BAOGAO_BENCH_CACHE").is_some_and(|v| v == "1") => {
            Corpus::load_with(&[d.into()], &baogao::corpus::cache::Cache::default_place())
        }
        Some(d) => Corpus::load(&[d.into()]),
        None => Corpus::bundled(),
    };
    let load = t.elapsed();
    let paragraphs: usize = corpus.reports().map(|r| r.paragraphs.len()).sum();
    println!(
        "corpus: {} ({} reports, {paragraphs} paragraphs, loaded in {})",
        dir.as_deref().unwrap_or("bundled"),
        corpus.len(),
        ms(load)
    );
    baogao::search::pinyin::warm_up();
    let t = Instant::now();
    let mut searcher = Searcher::new(&corpus);
    println!("index: built in {} ({:.1} MB)", ms(t.elapsed()), searcher.index.heap_bytes() as f64 / 1e6);
    // As the reader's worker ranks: its list's best hits only. BAOGAO_RANK_ALL=1 ranks every
    // hit (as before the bounded top-k), for a comparison in one run.
    let rank_all = std::env::var_os("BAOGAO_RANK_ALL").is_some_and(|v| v == "1");
    searcher.rank_top = if rank_all { None } else { Some(baogao::tui::search::LIST_RANKED) };
    println!(
        "ranking: {}",
        if rank_all { "every hit".to_string() } else { format!("the best {}", baogao::tui::search::LIST_RANKED) }
    );
    let cancel = AtomicBool::new(false);
    let filter = Filter::default();
    // BAOGAO_BENCH_QUERIES="a,b" types other queries (for profiling one case).
    let custom: Option<Vec<String>> =
        std::env::var("BAOGAO_BENCH_QUERIES").ok().map(|v| v.split(',').map(String::from).collect());
    let queries: Vec<&str> = match &custom {
        Some(v) => v.iter().map(String::as_str).collect(),
        None => QUERIES.to_vec(),
    };
    // BAOGAO_BENCH_EACH=1 prints every keystroke's times.
    let each = std::env::var_os("BAOGAO_BENCH_EACH").is_some_and(|v| v == "1");
    let mut all = Vec::new();
    let mut all_first = Vec::new();
    let mut worst: Vec<(Duration, Duration, String)> = Vec::new();
    for q in queries {
        let mut times = Vec::new();
        let mut typed = String::new();
        let mut hits = 0;
        for c in q.chars() {
            typed.push(c);
            let t = Instant::now();
            let mut first: Option<Duration> = None;
            let mut on_partial = |_: baogao::search::engine::Partial| {
                first.get_or_insert(t.elapsed());
            };
            let (_, r) = searcher
                .search_streaming(&corpus, &typed, &filter, &cancel, false, &mut on_partial)
                .unwrap_or_default();
            let done = t.elapsed();
            times.push(done);
            all_first.push(first.unwrap_or(done));
            worst.push((first.unwrap_or(done), done, typed.clone()));
            hits = r.len();
            if each {
                println!("  {typed:?}: first {} complete {} ({hits} hits)", ms(first.unwrap_or(done)), ms(done));
            }
        }
        all.extend(times.iter().copied());
        times.sort();
        println!(
            "{:<24} keystrokes {:>2}  p50 {:>10}  max {:>10}  ({hits} hits)",
            format!("{q:?}"),
            times.len(),
            ms(pct(&times, 0.5)),
            ms(*times.last().unwrap())
        );
    }
    all.sort();
    all_first.sort();
    worst.sort_by_key(|w| std::cmp::Reverse(w.0));
    let slowest: Vec<String> = worst.iter().take(5).map(|(f, d, q)| format!("{q:?} {} / {}", ms(*f), ms(*d))).collect();
    println!("slowest to first results (first / complete): {}", slowest.join(", "));
    println!(
        "complete results, all keystrokes: {}  p50 {}  p99 {}  max {}",
        all.len(),
        ms(pct(&all, 0.5)),
        ms(pct(&all, 0.99)),
        ms(*all.last().unwrap())
    );
    println!(
        "first results shown:              p50 {}  p99 {}  max {}",
        ms(pct(&all_first, 0.5)),
        ms(pct(&all_first, 0.99)),
        ms(*all_first.last().unwrap())
    );
}
