//! Parsing throughput: raw report bytes to `Report`, on one core.
//! `cargo bench --bench parse`; criterion prints MiB/s (target: ≥ 150 MB/s).

use baogao::corpus::{load::BUNDLED, parse};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    // The five seed reports at the top of assets/reports/, not the national series.
    let seeds: Vec<&(&str, &[u8])> = BUNDLED.iter().filter(|(n, _)| !n.contains('/')).collect();
    let mut g = c.benchmark_group("parse");
    let total: usize = seeds.iter().map(|(_, b)| b.len()).sum();
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("five seeds", |b| {
        b.iter(|| {
            for (name, bytes) in &seeds {
                std::hint::black_box(parse(name, bytes).unwrap());
            }
        })
    });
    for (name, bytes) in &seeds {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(*name, |b| b.iter(|| std::hint::black_box(parse(name, bytes).unwrap())));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
