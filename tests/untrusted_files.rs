//! Regression tests for issue #13: files that are not what they say (a FIFO, a link into
//! /proc, a file over the size limit) and names that are not UTF-8, through the library and
//! through `baogao inspect`.

use baogao::corpus::Corpus;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn seed(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/assets/reports/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A fresh directory of the test's own (tests run in parallel), removed when dropped.
fn folder(tag: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(&format!("baogao-untrusted-{tag}-")).tempdir().unwrap()
}

/// A good report, a FIFO with no writer and a link to /proc/self/pagemap (which says it is
/// empty and reads for ever), all with a report's name.
fn special_folder(tag: &str) -> tempfile::TempDir {
    let tmp = folder(tag);
    let dir = tmp.path();
    std::fs::write(dir.join("good.txt"), seed("didao-2025.txt")).unwrap();
    rustix::fs::mkfifoat(rustix::fs::CWD, dir.join("pipe.txt"), rustix::fs::Mode::from_raw_mode(0o600)).unwrap();
    std::os::unix::fs::symlink("/proc/self/pagemap", dir.join("pagemap.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.txt")).unwrap();
    tmp
}

fn reason<'a>(c: &'a Corpus, file: &str) -> &'a str {
    let p = c.problems.iter().find(|p| p.path.ends_with(file)).unwrap_or_else(|| panic!("{file}: {:?}", c.problems));
    &p.reason
}

#[test]
fn unbounded_read_past_the_size_limit_is_refused_in_a_folder() {
    let tmp = special_folder("lib");
    let dir = tmp.path().to_path_buf();
    let c = Corpus::load(std::slice::from_ref(&dir));
    assert_eq!(c.len(), 1, "{:?}", c.problems);
    assert!(reason(&c, "pipe.txt").contains("FIFO"), "{:?}", c.problems);
    assert!(reason(&c, "zero.txt").contains("character device"), "{:?}", c.problems);
    assert!(reason(&c, "pagemap.txt").contains("/proc"), "{:?}", c.problems);
    // Named on their own, too.
    for f in ["pipe.txt", "pagemap.txt", "zero.txt"] {
        let c = Corpus::load(&[dir.join(f)]);
        assert!(c.is_empty());
        assert!(
            reason(&c, f).contains("not a regular file") || reason(&c, f).contains("/proc"),
            "{f}: {:?}",
            c.problems
        );
    }
}

/// Run `baogao` with these args under a memory cap (so a regression fails rather than
/// eating the machine) and a time limit (so it fails rather than hangs).
fn run_bounded(args: &[&OsStr]) -> (Option<i32>, String, String) {
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg("ulimit -v 4000000 2>/dev/null; exec \"$0\" \"$@\"").arg(env!("CARGO_BIN_EXE_baogao"));
    // Its own state and config folders; few threads and malloc arenas, so the memory cap
    // is not reached by one rayon thread (and arena) per core on a big machine.
    let (state, config, cache) = (folder("state"), folder("config"), folder("cache"));
    cmd.args(args).env("XDG_STATE_HOME", state.path()).env("XDG_CONFIG_HOME", config.path());
    cmd.env("BAOGAO_CACHE_DIR", cache.path());
    cmd.env("RAYON_NUM_THREADS", "2").env("MALLOC_ARENA_MAX", "2");
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("baogao {args:?} did not finish in 30 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn unbounded_read_past_the_size_limit_inspect_does_not_hang() {
    let tmp = special_folder("cli");
    let dir = tmp.path().to_path_buf();
    let (code, stdout, stderr) = run_bounded(&[OsStr::new("inspect"), dir.as_os_str()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("滴道区"), "{stdout}");
    for (file, why) in [("pipe.txt", "FIFO"), ("pagemap.txt", "/proc"), ("zero.txt", "character device")] {
        assert!(stderr.lines().any(|l| l.contains(file) && l.contains(why)), "{file}: {stderr}");
    }
    let link = dir.join("pagemap.txt");
    let (code, _, stderr) = run_bounded(&[OsStr::new("inspect"), link.as_os_str()]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("pagemap.txt") && stderr.contains("/proc"), "{stderr}");
}

#[test]
fn size_message_names_the_real_size_and_the_limit() {
    let tmp = folder("size");
    let dir = tmp.path().to_path_buf();
    let p = dir.join("big.txt");
    // 64.99 MiB, sparse: no disk used.
    std::fs::File::create(&p).unwrap().set_len(68_146_954).unwrap();
    let c = Corpus::load(std::slice::from_ref(&p));
    assert_eq!(reason(&c, "big.txt"), "too large: 64.99 MiB; the limit is 64 MiB");
}

/// Issue: a file of 64 MiB and a byte was "too large: 64.00 MiB; the limit is 64 MiB".
#[test]
fn size_message_over_the_limit_by_less_than_its_rounding_is_exact() {
    let tmp = folder("size-exact");
    let p = tmp.path().join("big.txt");
    // Sparse: no disk used.
    std::fs::File::create(&p).unwrap().set_len(64 * 1024 * 1024 + 1).unwrap();
    let c = Corpus::load(std::slice::from_ref(&p));
    assert_eq!(reason(&c, "big.txt"), "too large: 67108865 bytes; the limit is 64 MiB");
}

#[test]
fn non_utf8_file_names_do_not_share_a_name() {
    let tmp = folder("names");
    let dir = tmp.path().to_path_buf();
    let name = |b: u8| dir.join(OsStr::from_bytes(&[b, b'.', b't', b'x', b't']));
    std::fs::write(name(0xff), seed("didao-2025.txt")).unwrap();
    std::fs::write(name(0xfe), seed("jilin-2018.txt")).unwrap();
    let c = Corpus::load(std::slice::from_ref(&dir));
    assert_eq!(c.len(), 2, "{:?}", c.problems);
    let paths: Vec<&str> = c.by_id().iter().map(|r| r.path.as_str()).collect();
    assert_ne!(paths[0], paths[1]);
    let shown = |b: &str| format!("{}/{b}.txt", dir.display());
    assert!(paths.contains(&shown("\\xff").as_str()) && paths.contains(&shown("\\xfe").as_str()), "{paths:?}");
    assert!(paths.iter().all(|p| !p.contains('\u{fffd}')), "{paths:?}");
    // Each file is found again by its own name.
    for (b, place) in [(0xff, "滴道区"), (0xfe, "吉林市")] {
        let one = Corpus::load(&[name(b)]);
        let id = c.find_path(&one.by_id()[0].path).unwrap();
        assert_eq!(c[id].meta.place.as_deref(), Some(place));
    }
}

/// Jilin 2018 as parsed from these bytes: its place, and its warnings.
fn jilin_from(bytes: &[u8]) -> (Option<String>, Vec<String>) {
    let r = baogao::corpus::parse("jilin-2018.txt", bytes).unwrap_or_else(|e| panic!("{e}"));
    (r.meta.place.clone(), r.warnings.clone())
}

#[test]
fn one_stray_byte_does_not_turn_utf8_into_mojibake() {
    let good = seed("jilin-2018.txt");
    let text = String::from_utf8(good.clone()).unwrap();
    let n = good.len();
    // A stray 0xFF at the end.
    let mut b = good.clone();
    b.push(0xFF);
    let (place, warnings) = jilin_from(&b);
    assert_eq!(place.as_deref(), Some("吉林市"));
    assert!(warnings.iter().any(|w| w.contains(&format!("offset {n}"))), "{warnings:?}");
    // Cut in the middle of a char.
    let mut b = good.clone();
    b.extend_from_slice(&"报".as_bytes()[..2]);
    let (place, warnings) = jilin_from(&b);
    assert_eq!(place.as_deref(), Some("吉林市"));
    assert!(warnings.iter().any(|w| w.contains("ends in the middle") && w.contains(&n.to_string())), "{warnings:?}");
    // A few bad bytes in the middle.
    let mut b = good.clone();
    for at in [n / 2, n / 3, n / 4] {
        let at = (at..n).find(|&i| text.is_char_boundary(i)).unwrap();
        b.insert(at, 0x80);
    }
    let (place, warnings) = jilin_from(&b);
    assert_eq!(place.as_deref(), Some("吉林市"));
    assert!(warnings.iter().any(|w| w.starts_with("3 places that are not valid UTF-8")), "{warnings:?}");
    // Real GBK is still read as GBK.
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let (place, warnings) = jilin_from(&gbk);
    assert_eq!(place.as_deref(), Some("吉林市"));
    assert!(warnings.is_empty(), "{warnings:?}");
    // UTF-16 without a byte-order mark, either order.
    for be in [false, true] {
        let b: Vec<u8> = text.encode_utf16().flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() }).collect();
        let (place, warnings) = jilin_from(&b);
        assert_eq!(place.as_deref(), Some("吉林市"), "big-endian: {be}");
        assert!(warnings.iter().any(|w| w.contains("no byte-order mark")), "{warnings:?}");
    }
}

#[test]
fn one_stray_byte_warning_reaches_inspect() {
    let tmp = folder("stray");
    let dir = tmp.path().to_path_buf();
    let mut b = seed("jilin-2018.txt");
    let n = b.len();
    b.push(0xFF);
    let p = dir.join("x.txt");
    std::fs::write(&p, &b).unwrap();
    let (code, stdout, stderr) = run_bounded(&[OsStr::new("inspect"), p.as_os_str()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("2018年吉林市政府工作报告"), "{stdout}");
    assert!(
        stdout.lines().any(|l| l.contains("warning:") && l.contains("not valid UTF-8") && l.contains(&n.to_string())),
        "{stdout}"
    );
}
