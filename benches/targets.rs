//! `baogao targets`' cost: every report's targets and results, each target paired with
//! the next year's result (`corpus::targets::collect`), and the whole command's output
//! written to a sink. The peer is what researchers write by hand: one regex per indicator
//! run over every paragraph (国内生产总值增长6.5%左右 and the like), which finds far less.
//! Prints the median of the rounds.
//!
//! `cargo bench --bench targets -- [CORPUS_DIR]` (default: the bundled reports);
//! `BAOGAO_ROUNDS=9` for more rounds.

use baogao::corpus::Corpus;
use baogao::corpus::targets::{Kind, collect};
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
    let rounds: usize = std::env::var("BAOGAO_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(5);
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
    let load = || match &dir {
        Some(d) => Corpus::load_with(&[d.into()], &baogao::corpus::cache::Cache::default_place()),
        None => Corpus::bundled(),
    };
    let (loading, _) = time(&|| load().len());
    let corpus = load();
    println!("{} ({} reports), {rounds} rounds, medians:", dir.as_deref().unwrap_or("bundled"), corpus.len());
    let (found, n) = time(&|| collect(&corpus).len());
    let targets = collect(&corpus).iter().filter(|f| f.target.kind == Kind::Target).count();
    let (command, _) = time(&|| {
        let mut sink = Vec::new();
        baogao::cli::targets::print(&corpus, None, None, baogao::cli::study::Format::Csv, false, &mut sink).unwrap_or(0)
    });
    let peer = regex::Regex::new(
        r"(国内生产总值|地区生产总值|城镇新增就业|居民消费价格涨幅|城镇调查失业率|城镇登记失业率)(增长)?([0-9.]+)(%|万人)(左右|以上|以内)?",
    )
    .unwrap();
    let (regex, hits) =
        time(&|| corpus.reports().flat_map(|r| r.paragraphs.iter()).map(|p| peer.captures_iter(&p.text).count()).sum());
    // The reader's table, built on every frame while the view is open: by indicator for
    // the first report's place, and by place for GDP.
    let mut app = baogao::tui::app::App::new(load(), baogao::layout::Ambiguous::Narrow);
    app.resize(100, 30);
    if let Some(first) = app.corpus.order().first().copied() {
        app.open(first);
    }
    app.update(baogao::tui::action::Action::Targets);
    app.settle_targets(Duration::from_secs(120));
    let table = |app: &baogao::tui::app::App| match &app.mode {
        baogao::tui::app::Mode::Targets(t) => t.table(&app.corpus, baogao::words::Lang::Zh).0.rows.len(),
        _ => 0,
    };
    let (by_indicator, ind_rows) = time(&|| table(&app));
    app.update(baogao::tui::action::Action::StudyScope);
    let (by_place, place_rows) = time(&|| table(&app));
    println!("  load {:>9}", ms(loading));
    println!("  collect {:>9} ({n} rows, {targets} targets)", ms(found));
    println!("  targets --csv without loading {:>9}", ms(command));
    println!(
        "  view table by indicator {:>9} ({ind_rows} rows), by place {:>9} ({place_rows} rows)",
        ms(by_indicator),
        ms(by_place)
    );
    println!("  peer: one regex over every paragraph {:>9} ({hits} matches, no kind, no pairing)", ms(regex));
}
