//! Parsing adversarial shapes, to show the work is linear in the input (issue 13).
//! `CARGO_BUILD_JOBS=1 cargo bench --bench adversarial`. The repeated-line files come in
//! 100k, 1M and 4M lines: with linear work the time per line (criterion's throughput, in
//! elements) stays about the same from one size to the next.

use baogao::corpus::parse;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::time::Duration;

/// The file of the issue: `python3 -c "print('甲\n'*n+'乙')"` (not a report, so it is
/// refused, but only after every step up to the outline has run).
fn issue_file(n: usize) -> Vec<u8> {
    format!("{}乙\n", "甲\n".repeat(n)).into_bytes()
}

/// One sentence repeated under a report's opening: every line is a copy of the one before
/// it, so all but one go as copies (and what is left is too little to be a report).
fn repeated_report(n: usize) -> Vec<u8> {
    format!("各位代表：\n一、回顾\n{}", "我们坚持稳中求进，推动发展。\n".repeat(n)).into_bytes()
}

/// Makes a text of a shape from a count.
type Make = fn(usize) -> String;

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("repeated lines");
    g.sample_size(10).measurement_time(Duration::from_secs(20)).warm_up_time(Duration::from_secs(1));
    for n in [100_000, 1_000_000, 4_000_000] {
        g.throughput(Throughput::Elements(n as u64));
        let file = issue_file(n);
        g.bench_with_input(BenchmarkId::new("甲 a line (the issue's file)", n), &file, |b, f| {
            b.iter(|| std::hint::black_box(parse("p.txt", f).is_err()))
        });
        let file = repeated_report(n);
        g.bench_with_input(BenchmarkId::new("one sentence a line under a report's opening", n), &file, |b, f| {
            b.iter(|| std::hint::black_box(parse("p.txt", f).is_ok()))
        });
    }
    g.finish();

    // Shapes that were quadratic before issue 13, about 1 MB each, against a twice-as-large
    // copy: the throughputs (MiB/s) should match.
    let mut g = c.benchmark_group("adversarial shapes");
    g.sample_size(10).measurement_time(Duration::from_secs(10)).warm_up_time(Duration::from_secs(1));
    let shapes: [(&str, Make); 3] = [
        // Joined into one logical line, whose numerals were trimmed at every join.
        ("numeral lines", |n| format!("各位代表：\n一、回顾\n{}", "一二三四五六七八九十\n".repeat(n))),
        // Every <script> searched the rest of the page for its closing tag.
        ("unclosed script tags", |n| format!("<html>各位代表：<p>一、回顾<p>{}", "<script>各位代表 ".repeat(n))),
        // One line, no break: colons past the 30th char were each counted from the start.
        ("one line of colons", |n| format!("各位代表：\n一、{}{}。", "甲".repeat(40), "：乙".repeat(n))),
    ];
    for (name, make) in shapes {
        for n in [30_000, 60_000] {
            let text = make(n);
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_with_input(BenchmarkId::new(name, n), &text, |b, t| {
                b.iter(|| std::hint::black_box(parse("x.txt", t.as_bytes()).is_ok()))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
