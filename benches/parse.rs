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
    // The national series: traditional script, Wikisource link fragments, no opening lines.
    let national: Vec<&(&str, &[u8])> =
        BUNDLED.iter().filter(|(n, _)| n.ends_with(".txt") && n.contains('/')).collect();
    g.throughput(Throughput::Bytes(national.iter().map(|(_, b)| b.len() as u64).sum()));
    g.bench_function("national series", |b| {
        b.iter(|| {
            for (name, bytes) in &national {
                std::hint::black_box(parse(name, bytes).unwrap());
            }
        })
    });
    // Worst shapes for line joining: 1 MB of hard-wrapped text with no sentence end, and one
    // 1 MB line. Throughput near the seeds' says the work is linear in the text.
    let chunk = "各位代表：\n一、工作回顾\n";
    let wrapped: String =
        chunk.to_string() + &"我们坚持稳中求进工作总基调推动经济高质量发展取得新成效\n".repeat(12_000);
    let one_line: String = chunk.to_string() + &"我们坚持稳中求进工作总基调推动经济高质量发展取得新成效".repeat(12_000);
    for (name, text) in [("1 MB hard-wrapped, no sentence end", &wrapped), ("1 MB on one line", &one_line)] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| b.iter(|| std::hint::black_box(parse("x.txt", text.as_bytes()).unwrap())));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
