//! The research views' cost: a query's trend (by year, and by place and year) and its
//! concordance, built from a one-shot search over the whole corpus, as the `trend` and
//! `kwic` commands build them. Prints the median of the rounds.
//!
//! `cargo bench --bench study -- [CORPUS_DIR]` (default: the bundled reports);
//! `BAOGAO_QUERIES='营商环境 shimo'` for other queries, `BAOGAO_ROUNDS=5` for more rounds.

use baogao::corpus::Corpus;
use baogao::search::{Filter, Query};
use baogao::study::{By, Order, kwic, trend};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let dir = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let corpus = match &dir {
        Some(d) => Corpus::load_with(&[d.into()], &baogao::corpus::cache::Cache::default_place()),
        None => Corpus::bundled(),
    };
    let rounds: usize = std::env::var("BAOGAO_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(3);
    let queries = std::env::var("BAOGAO_QUERIES").unwrap_or_else(|_| "营商环境 高质量发展 shimo".into());
    println!("{} ({} reports), {rounds} rounds, medians:", dir.as_deref().unwrap_or("bundled"), corpus.len());
    let never = AtomicBool::new(false);
    let filter = Filter::default();
    for q in queries.split_whitespace() {
        let query = Query::parse(q);
        let time = |f: &dyn Fn() -> usize| -> (Duration, usize) {
            let mut n = 0;
            let times = (0..rounds)
                .map(|_| {
                    let t = Instant::now();
                    n = f();
                    t.elapsed()
                })
                .collect();
            (median(times), n)
        };
        let (by_year, cells) = time(&|| trend(&corpus, &query, &filter, By::Year, &never).unwrap().len());
        let (both, cells2) = time(&|| trend(&corpus, &query, &filter, By::Both, &never).unwrap().len());
        let (conc, lines) = time(&|| kwic(&corpus, &query, &filter, 20, Order::Place, &never).unwrap().len());
        println!(
            "  {q:<12} trend by year {:>9} ({cells} cells)  by place and year {:>9} ({cells2} cells)  kwic {:>9} ({lines} lines)",
            ms(by_year),
            ms(both),
            ms(conc)
        );
    }
}
