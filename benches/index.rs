//! Building the search index: at once; in ten batches through `Index::extend`, as the
//! reader does while a folder loads (each merge hands the worker a larger snapshot); and
//! afresh at each of the ten merges, as the reader did before.
//! `BAOGAO_CORPUS=target/c1000 cargo bench --bench index` (default: the bundled reports).

use baogao::corpus::Corpus;
use baogao::search::index::Index;
use criterion::{Criterion, criterion_group, criterion_main};
use std::sync::Arc;

fn bench(c: &mut Criterion) {
    let corpus = match std::env::var("BAOGAO_CORPUS") {
        Ok(dir) if !dir.is_empty() => Corpus::load(&[dir.into()]),
        _ => Corpus::bundled(),
    };
    baogao::search::pinyin::warm_up();
    // The snapshots a load in ten batches hands over: the first k tenths of the reports.
    let n = corpus.len();
    let snapshots: Vec<Corpus> =
        (1..=10).map(|k| Corpus::from_reports(corpus.by_id()[..n * k / 10].iter().map(Arc::clone))).collect();
    let mut g = c.benchmark_group(format!("index of {n} reports"));
    g.sample_size(10);
    g.bench_function("at once", |b| b.iter(|| std::hint::black_box(Index::build(&corpus))));
    g.bench_function("in 10 batches", |b| {
        b.iter(|| {
            let mut index = Index::build(&Corpus::default());
            for s in &snapshots {
                index.extend(s);
            }
            std::hint::black_box(index)
        })
    });
    // What the reader did before issue 12: a whole new index at every merge.
    g.bench_function("rebuilt at each of 10 merges", |b| {
        b.iter(|| {
            for s in &snapshots {
                std::hint::black_box(Index::build(s));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
