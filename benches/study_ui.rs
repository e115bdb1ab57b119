//! The reader stays responsive while a trend or concordance is built: the views compute on
//! their own thread, so a key pressed meanwhile is handled and drawn at once. For each
//! query and view: how long the key that opens it takes (update and draw), the median and
//! worst of keys pressed while it computes (→ in the trend, ↓ in the concordance, each
//! updated and drawn at 100×30), and when the numbers arrive. Beside it, what one key
//! would wait if the view were built on the UI thread: the build's own time.
//!
//! `cargo bench --bench study_ui -- [CORPUS_DIR]` (default: the bundled reports);
//! `BAOGAO_QUERIES`, `BAOGAO_ROUNDS` as for the other benches.

use baogao::corpus::Corpus;
use baogao::layout::Ambiguous;
use baogao::search::{Filter, Query};
use baogao::tui::action::Action;
use baogao::tui::app::App;
use baogao::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn main() {
    let dir = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let corpus = match &dir {
        Some(d) => Corpus::load_with(&[d.into()], &baogao::corpus::cache::Cache::default_place()),
        None => Corpus::bundled(),
    };
    let rounds: usize = std::env::var("BAOGAO_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(3);
    let queries = std::env::var("BAOGAO_QUERIES").unwrap_or_else(|_| "营商环境 shimo".into());
    println!("{} ({} reports), {rounds} rounds:", dir.as_deref().unwrap_or("bundled"), corpus.len());
    let mut app = App::new(corpus, Ambiguous::Narrow);
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    app.resize(100, 30);
    let mut frame = |app: &mut App| {
        let t = Instant::now();
        term.draw(|f| view::draw(app, f)).unwrap();
        t.elapsed()
    };
    for q in queries.split_whitespace() {
        // The query accepted in the reader, as a user would have it before pressing t.
        app.update(Action::OpenSearch);
        for c in q.chars() {
            app.update(Action::Type(c));
        }
        app.settle(Duration::from_secs(120));
        app.update(Action::Accept);
        let on_ui = {
            let never = AtomicBool::new(false);
            let t = Instant::now();
            baogao::study::trend(&app.corpus, &Query::parse(q), &Filter::default(), baogao::study::By::Year, &never);
            t.elapsed()
        };
        for (name, open, key) in
            [("trend", Action::Trend, Action::Year(1)), ("concordance", Action::Kwic, Action::Move(1))]
        {
            let (mut opens, mut keys, mut ready) = (Vec::new(), Vec::new(), Vec::new());
            let mut worst = Duration::ZERO;
            for _ in 0..rounds {
                let t = Instant::now();
                app.update(open);
                frame(&mut app);
                opens.push(t.elapsed());
                while app.study_busy() {
                    let k = Instant::now();
                    app.update(key);
                    app.poll_study();
                    frame(&mut app);
                    let d = k.elapsed();
                    worst = worst.max(d);
                    keys.push(d);
                    std::thread::sleep(Duration::from_millis(5));
                }
                ready.push(t.elapsed());
                app.update(Action::Close);
            }
            println!(
                "  {q:<10} {name:<12} open {:>9}  keys while computing: {} keys, median {:>9}, worst {:>9}  numbers in {:>9}",
                ms(median(opens)),
                keys.len(),
                ms(median(keys)),
                ms(worst),
                ms(median(ready))
            );
        }
        println!("  {q:<10} a trend built on the UI thread would hold a key {:>9}", ms(on_ui));
    }
}
