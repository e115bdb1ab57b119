//! Layout and drawing cost, independent of report length.
//! `cargo bench --bench layout`. Targets: laying out a 1,000,000-char report at width 80
//! ≤ 10 ms; drawing one frame ≤ 1 ms whatever the report's length.

use baogao::corpus::{Corpus, Report, load::BUNDLED, parse};
use baogao::layout::Ambiguous;
use baogao::layout::document::DocLayout;
use baogao::tui::action::Action;
use baogao::tui::app::App;
use baogao::tui::view;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A report of about `chars` characters made of the seeds' real paragraphs.
fn big_report(chars: usize) -> Report {
    let seeds: Vec<Report> =
        BUNDLED.iter().filter(|(n, _)| !n.contains('/')).map(|(n, b)| parse(n, b).unwrap()).collect();
    let mut r = seeds[0].clone();
    r.paragraphs.clear();
    r.sections.clear();
    let mut n = 0;
    'outer: loop {
        for s in &seeds {
            for (i, p) in s.paragraphs.iter().enumerate() {
                if let Some(sec) = s.sections.iter().find(|x| x.paragraph == i) {
                    r.sections.push(baogao::corpus::Section { paragraph: r.paragraphs.len(), ..sec.clone() });
                }
                n += p.text.chars().count();
                r.paragraphs.push(p.clone());
                if n >= chars {
                    break 'outer;
                }
            }
        }
    }
    r
}

fn bench(c: &mut Criterion) {
    let big = big_report(1_000_000);
    let (name, bytes) = BUNDLED.iter().find(|(n, _)| *n == "jilin-2018.txt").expect("the Jilin seed");
    let small = parse(name, bytes).unwrap();
    c.bench_function("layout 1M chars at width 80", |b| {
        b.iter(|| std::hint::black_box(DocLayout::new(&big, 80, Ambiguous::Narrow)))
    });
    c.bench_function("layout one seed report (14k chars) at width 80", |b| {
        b.iter(|| std::hint::black_box(DocLayout::new(&small, 80, Ambiguous::Narrow)))
    });
    for (name, report) in [("1M-char report", big), ("seed report", small)] {
        let mut app = App::new(Corpus::from_reports([std::sync::Arc::new(report)]), Ambiguous::Narrow);
        app.update(Action::SwitchFocus);
        let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
        app.resize(120, 40);
        term.draw(|f| view::draw(&app, f)).unwrap();
        app.update(Action::Page(1, false));
        c.bench_function(&format!("draw a 120x40 frame, {name}"), |b| {
            b.iter(|| {
                app.update(Action::Move(1));
                term.draw(|f| view::draw(&app, f)).unwrap();
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
