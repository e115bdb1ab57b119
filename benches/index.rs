//! Building the search index: at once; in ten batches through `Index::extend` (each merge
//! of a folder that loads hands over a larger snapshot); and in slices of
//! `SLICE` reports, as the reader's worker builds it between queries (the time of one
//! slice is how long a query may wait for it: the total over the number of slices).
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
    let slice = baogao::search::index::SLICE;
    g.bench_function(format!("in {} slices of {slice}", n.div_ceil(slice)), |b| {
        b.iter(|| {
            let mut index = Index::empty();
            index.note(&corpus);
            while !index.complete() {
                index.index_more(&corpus, slice);
            }
            std::hint::black_box(index)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
