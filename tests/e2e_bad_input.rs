//! End to end: a folder of bad files beside good reports. The good ones read, the bad ones
//! are listed with a reason, escape sequences in a report never reach the terminal, and
//! SIGTERM gives the terminal back.

mod common;
use common::{Tmux, bin};
use std::path::{Path, PathBuf};
use std::process::Command;

fn seed(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/assets/reports/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A folder with one good report, one report carrying terminal escape sequences, and every
/// kind of bad file.
fn bad_folder(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("baogao-bad-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("good.txt"), seed("didao-2025.txt")).unwrap();
    // Jilin 2018 with a hostile first paragraph: title change, clear screen, clipboard
    // write (OSC 52), a bidi override and a NUL.
    let jilin = String::from_utf8(seed("jilin-2018.txt")).unwrap();
    let hostile = jilin.replacen(
        "我代表市政府向大会报告工作",
        "我代表\u{1b}]0;pwned\u{7}市政府\u{1b}[2J向大会\u{1b}]52;c;cHduZWQ=\u{7}报告\u{202e}工作\0",
        1,
    );
    std::fs::write(dir.join("escapes.txt"), hostile).unwrap();
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    std::fs::write(dir.join("binary.txt"), b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0").unwrap();
    std::fs::write(dir.join("readme.txt"), b"Just some notes in English, not a report.\n").unwrap();
    let huge = std::fs::File::create(dir.join("huge.txt")).unwrap();
    huge.set_len(65 * 1024 * 1024).unwrap(); // sparse: no disk used
    std::os::unix::fs::symlink(dir.join("nowhere.txt"), dir.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink(dir.join("loop-b.txt"), dir.join("loop-a.txt")).unwrap();
    std::os::unix::fs::symlink(dir.join("loop-a.txt"), dir.join("loop-b.txt")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("self")).unwrap(); // a folder loop
    let mut deep = dir.join("deep");
    for i in 0..40 {
        deep = deep.join(format!("d{i}"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("lost.txt"), seed("jixi-2017.txt")).unwrap();
    let fifo = dir.join("pipe.txt");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    dir
}

const BAD: [(&str, &str); 9] = [
    ("empty.txt", "empty"),
    ("binary.txt", "binary"),
    ("readme.txt", "not a report"),
    ("huge.txt", "too large"),
    ("dangling.txt", "no such file"),
    ("loop-a.txt", "symlink loop"),
    ("loop-b.txt", "symlink loop"),
    ("deep", "too deep"),
    ("pipe.txt", "not a regular file"),
];

fn cleanup(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn cli_names_each_bad_file_and_reads_the_good_ones() {
    let dir = bad_folder("cli");
    let json = common::baogao().args(["inspect", "--json"]).arg(&dir).output().unwrap();
    assert!(json.status.success());
    let places: Vec<String> = String::from_utf8(json.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["place"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(places, ["吉林市", "滴道区"]);
    let json_err = String::from_utf8(json.stderr).unwrap();
    for (file, reason) in BAD {
        assert!(json_err.lines().any(|l| l.contains(file) && l.contains(reason)), "{file} with --json:\n{json_err}");
    }
    let out = common::baogao().arg("inspect").arg(&dir).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.contains("2025年滴道区政府工作报告") && stdout.contains("2018年吉林市政府工作报告"), "{stdout}");
    for (file, reason) in BAD {
        let line = stderr.lines().find(|l| l.contains(file)).unwrap_or_else(|| panic!("{file} not named:\n{stderr}"));
        assert!(line.contains(reason), "{file}: {line}");
    }
    // Nothing raw reaches the terminal from the hostile report.
    let shown = common::baogao().args(["show", "吉林 2018"]).arg(&dir).output().unwrap();
    let text = String::from_utf8(shown.stdout).unwrap();
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{202e}') && !text.contains('\0'));
    assert!(text.contains("我代表␛]0;pwned␇市政府␛[2J向大会␛]52;c;cHduZWQ=␇报告�工作␀"), "{text}");
    cleanup(&dir);
}

#[test]
fn a_folder_without_reports_is_exit_2_with_a_message() {
    let dir = std::env::temp_dir().join(format!("baogao-none-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    for args in [vec!["inspect"], vec!["search", "石墨"]] {
        let out = common::baogao().args(&args).arg(&dir).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("no reports found") && err.contains("empty.txt: empty file"), "{args:?}: {err}");
    }
    // The reader says it needs a terminal rather than failing obscurely.
    let out = common::baogao().arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("needs a terminal"));
    cleanup(&dir);
}

#[test]
fn reader_survives_bad_files_and_sigterm() {
    if common::skip_without_tmux() {
        return;
    }
    let dir = bad_folder("tui");
    let t = Tmux::start("bad", 120, 40);
    // Reports load in parallel and the first to arrive opens; the hostile one is asked for,
    // so the screen does not depend on which file parses first.
    t.last_read(&dir.join("escapes.txt").display().to_string());
    t.wait_for("$");
    let title_before = t.tmux(&["display-message", "-p", "-t", &t.session, "#{pane_title}"]);
    let pidfile = dir.join("baogao.pid");
    t.line(&format!("sh -c 'echo $$ > {}; exec {} {}'; echo EXIT=$?", pidfile.display(), bin(), dir.display()));
    // The good reports read; the hostile one shows its escapes as placeholders.
    let s = t.wait("loaded", |s| s.contains("2018年吉林市政府工作报告") && s.contains("跳过"));
    assert!(s.contains("我代表␛]0;pwned␇市政府"), "{s}");
    assert!(!s.contains('\u{1b}') && !s.contains('\u{7}'), "a raw escape reached the screen");
    // Odd sizes while running never kill it.
    for (w, h, shows) in
        [(1, 1, "…"), (10, 3, "窗口太小"), (500, 200, "2018年吉林市政府工作报告"), (120, 40, "▾ 吉林省")]
    {
        t.tmux(&["resize-window", "-t", &t.session, "-x", &w.to_string(), "-y", &h.to_string()]);
        t.wait(&format!("{w}x{h}"), |s| s.contains(shows));
    }
    t.wait("back at 120x40", |s| s.contains("2018年吉林市政府工作报告"));
    t.keys(&["Tab", "j"]);
    t.wait_for("2025");
    // The title escape never reached tmux.
    let title_after = t.tmux(&["display-message", "-p", "-t", &t.session, "#{pane_title}"]);
    assert_eq!(title_after, title_before);
    assert!(!title_after.contains("pwned"));
    // ! lists each bad file with its reason.
    t.keys(&["!"]);
    let s = t.wait_for("跳过的文件");
    for (file, reason) in BAD {
        // The folder that is too deep is shown by its last components.
        let key = if file == "deep" { "/d3" } else { file };
        let line = s.lines().find(|l| l.contains(key)).unwrap_or_else(|| panic!("{file} not listed:\n{s}"));
        assert!(line.contains(reason), "{file}: {line}");
    }
    // SIGTERM: the terminal comes back in the mode it was in.
    let pid = std::fs::read_to_string(&pidfile).unwrap().trim().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    t.wait_for("EXIT=");
    assert!(!t.alternate_on());
    assert_eq!(t.tty_mode(), "icanon echo");
    cleanup(&dir);
}
