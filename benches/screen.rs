//! Keystroke to screen: the real reader on a pty of its own, fed one key at a time, its
//! output read by a terminal emulator (vt100) as it comes, not by polling tmux (a capture
//! costs up to ~30 ms). For each key of each query, the time from writing the key to the
//! moment the screen shows the panel's complete count for what is typed (the count `baogao
//! search --stats` gives, without "+"), and to the first bytes drawn after the key (the
//! echo).
//!
//! `BAOGAO_CORPUS=target/c1000 cargo bench --bench screen` (default: the bundled reports);
//! `BAOGAO_QUERIES='石墨产业 yshj'` for other queries, `BAOGAO_ROUNDS=5` for more rounds.
//! The cache is warmed first, and keys are typed only once the reader has loaded and is idle
//! (its index built), so the figures are those of a reader in use.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

#[path = "../tests/common/pty.rs"]
mod pty;

const BIN: &str = env!("CARGO_BIN_EXE_baogao");

/// What the emulator has seen: the screen, and how many chunks so far.
struct Seen {
    parser: vt100::Parser,
    chunks: u64,
}

struct Reader {
    child: std::process::Child,
    master: std::fs::File,
    seen: Arc<(Mutex<Seen>, Condvar)>,
}

impl Reader {
    fn start(corpus: Option<&str>, home: &std::path::Path) -> Reader {
        let (master, slave) = pty::open(40, 120);
        let tty = || pty::other_end(&slave);
        let mut cmd = Command::new("setsid");
        cmd.args(["-c", BIN, "--ambiguous", "narrow"]).args(corpus);
        let child = env(&mut cmd, home)
            .stdin(Stdio::from(tty()))
            .stdout(Stdio::from(tty()))
            .stderr(Stdio::from(tty()))
            .spawn()
            .expect("setsid(1) runs the reader");
        let mut from = master.try_clone().unwrap();
        let seen = Arc::new((
            Mutex::new(Seen {
                parser: vt100::Parser::new(
                    std::num::NonZeroU16::new(40).unwrap(),
                    std::num::NonZeroU16::new(120).unwrap(),
                    0,
                ),
                chunks: 0,
            }),
            Condvar::new(),
        ));
        let sink = Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 1 << 16];
            while let Ok(n) = from.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let (lock, bell) = &*sink;
                let mut s = lock.lock().unwrap();
                s.parser.process(&buf[..n]);
                s.chunks += 1;
                bell.notify_all();
            }
        });
        Reader { child, master, seen }
    }

    fn chunks(&self) -> u64 {
        self.seen.0.lock().unwrap().chunks
    }

    /// Wait until the screen's text passes `ok`; when it did (None after `limit`), and the
    /// first time anything was drawn after `chunks`.
    fn wait(&self, limit: Duration, chunks: u64, ok: impl Fn(&str) -> bool) -> (Option<Instant>, Option<Instant>) {
        let start = Instant::now();
        let (lock, bell) = &*self.seen;
        let mut s = lock.lock().unwrap();
        let mut first = None;
        loop {
            if first.is_none() && s.chunks > chunks {
                first = Some(Instant::now());
            }
            if ok(&s.parser.screen().contents()) {
                return (Some(Instant::now()), first);
            }
            let left = limit.saturating_sub(start.elapsed());
            if left.is_zero() {
                return (None, first);
            }
            s = bell.wait_timeout(s, left.min(Duration::from_millis(50))).unwrap().0;
        }
    }

    fn screen(&self) -> String {
        self.seen.0.lock().unwrap().parser.screen().contents()
    }

    fn type_bytes(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).unwrap();
        self.master.flush().unwrap();
    }

    /// CPU time the reader has used so far, in clock ticks.
    fn cpu(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        let after = stat.rsplit_once(") ").map(|(_, s)| s).unwrap_or("");
        after.split_whitespace().skip(11).take(2).filter_map(|f| f.parse::<u64>().ok()).sum()
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn env<'c>(cmd: &'c mut Command, home: &std::path::Path) -> &'c mut Command {
    cmd.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("TERM", "xterm-256color")
        .env("LANG", "C.UTF-8")
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("BAOGAO_CACHE_DIR", home.join("cache"))
}

/// The panel's complete count for `query`, as `baogao search --stats` gives it; None when
/// nothing is exact (the panel then says how the pinyin retry went).
fn complete_count(corpus: Option<&str>, query: &str, home: &std::path::Path) -> Option<String> {
    let mut cmd = Command::new(BIN);
    cmd.arg("search").arg(query).args(corpus).arg("--stats");
    let out = env(&mut cmd, home).stdout(Stdio::null()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err.lines().find(|l| l.contains(" hits: "))?;
    let num = |after: &str| -> Option<usize> {
        let rest = &line[line.find(after)? + after.len()..];
        rest.split(|c: char| !c.is_ascii_digit()).find(|s| !s.is_empty())?.parse().ok()
    };
    let exact = num("hits: ")?;
    let variant = num("exact, ")?;
    (exact > 0).then(|| format!("{exact} 处 · 相近 {variant}"))
}

/// A key to type, and the complete count the panel should then show.
type Key = (String, Option<String>);

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    // `cargo bench` passes --bench; a filter or --list would mean nothing here.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let corpus = std::env::var("BAOGAO_CORPUS").ok().filter(|c| !c.is_empty());
    let corpus = corpus.as_deref();
    let queries = std::env::var("BAOGAO_QUERIES").unwrap_or_else(|_| "石墨产业 营商环境 yshj xiang 碳达峰".into());
    let rounds: usize = std::env::var("BAOGAO_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(3);
    let home = std::env::temp_dir().join(format!("baogao-screen-bench-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    // Each prefix of each query, with its complete count (this also warms the cache).
    let mut plan: Vec<(String, Vec<Key>)> = Vec::new();
    for q in queries.split_whitespace() {
        let mut prefixes = Vec::new();
        let mut typed = String::new();
        for c in q.chars() {
            typed.push(c);
            prefixes.push((c.to_string(), complete_count(corpus, &typed, &home)));
        }
        plan.push((q.to_string(), prefixes));
    }
    let mut r = Reader::start(corpus, &home);
    let (ready, _) = r.wait(Duration::from_secs(300), 0, |s| s.contains("政府工作报告") && !s.contains("载入中"));
    assert!(ready.is_some(), "the reader did not load:\n{}", r.screen());
    // Idle: no CPU used for half a second (the index is built between queries).
    let mut last = r.cpu();
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let now = r.cpu();
        if now == last {
            break;
        }
        last = now;
    }
    let (mut complete, mut echo): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    let mut missed = 0usize;
    let mut by_query: Vec<(String, f64)> = Vec::new();
    for _ in 0..rounds {
        for (q, prefixes) in &plan {
            let chunks = r.chunks();
            r.type_bytes(b"/");
            let (open, _) =
                r.wait(Duration::from_secs(10), chunks, |s| s.lines().next().is_some_and(|l| l.trim_end() == "/"));
            assert!(open.is_some(), "no search panel on /:\n{}", r.screen());
            let mut typed = String::new();
            let mut shown: Option<&str> = None;
            for (c, want) in prefixes {
                typed.push_str(c);
                let line0 = format!("/ {typed}");
                let chunks = r.chunks();
                let t0 = Instant::now();
                r.type_bytes(c.as_bytes());
                let (done, first) = r.wait(Duration::from_secs(60), chunks, |s| {
                    let mut lines = s.lines();
                    lines.next().is_some_and(|l| l.trim_end() == line0)
                        && match want {
                            Some(w) => {
                                lines.next().map(str::trim).is_some_and(|l| l == w || l.starts_with(&format!("{w} ·")))
                            }
                            None => true,
                        }
                });
                if let Some(f) = first {
                    echo.push(f.duration_since(t0).as_secs_f64() * 1e3);
                }
                // A count the same as the last prefix's is on the screen already: not timed.
                match (done, want) {
                    (Some(d), Some(w)) if shown != Some(w.as_str()) => {
                        let ms = d.duration_since(t0).as_secs_f64() * 1e3;
                        complete.push(ms);
                        by_query.push((typed.clone(), ms));
                    }
                    (None, _) => {
                        missed += 1;
                        eprintln!("{q}: no complete count for {typed} ({want:?}) in 60 s:\n{}", r.screen());
                    }
                    _ => {}
                }
                shown = want.as_deref();
            }
            // Close the panel and wait for the reader again.
            let chunks = r.chunks();
            r.type_bytes(b"\x1b");
            r.wait(Duration::from_secs(10), chunks, |s| !s.starts_with('/'));
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    drop(r);
    let _ = std::fs::remove_dir_all(&home);
    for v in [&mut complete, &mut echo] {
        v.sort_by(|a, b| a.total_cmp(b));
    }
    println!("keystroke to screen, {} ({} rounds of {queries}), 120×40:", corpus.unwrap_or("bundled reports"), rounds);
    for (name, v) in [("complete count shown", &complete), ("first bytes drawn", &echo)] {
        if v.is_empty() {
            continue;
        }
        println!(
            "  {name:<22} n={:<4} p50 {:6.1} ms   p90 {:6.1} ms   p99 {:6.1} ms   max {:6.1} ms",
            v.len(),
            percentile(v, 0.5),
            percentile(v, 0.9),
            percentile(v, 0.99),
            v[v.len() - 1]
        );
    }
    // Each prefix's median, for where the time goes.
    if std::env::var_os("BAOGAO_BY_PREFIX").is_some() {
        let mut names: Vec<&String> = by_query.iter().map(|(q, _)| q).collect();
        names.dedup();
        names.sort();
        names.dedup();
        for n in names {
            let mut v: Vec<f64> = by_query.iter().filter(|(q, _)| q == n).map(|(_, ms)| *ms).collect();
            v.sort_by(|a, b| a.total_cmp(b));
            println!("    {n:<12} p50 {:6.1} ms", percentile(&v, 0.5));
        }
    }
    if missed > 0 {
        println!("  {missed} keys never showed their complete count");
    }
}
