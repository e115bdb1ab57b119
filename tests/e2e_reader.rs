//! End to end: the real binary in tmux, driven by keys, read from the screen.

mod common;
use common::{Tmux, bin};

#[test]
fn reader_opens_jumps_and_restores_the_terminal() {
    if common::skip_without_tmux() {
        return;
    }
    let t = Tmux::start("reader", 120, 40);
    t.last_read("bundled:jilin-2018.txt");
    t.wait_for("$");
    assert_eq!(t.tty_mode(), "icanon echo");
    t.line(&format!("{} ; echo EXIT=$?", bin()));
    let s = t.wait_for("2018年吉林市政府工作报告");
    for place in ["鸡西市", "滴道区", "牡丹江市", "吉林市", "齐齐哈尔市"] {
        assert!(s.contains(place), "{place} missing:\n{s}");
    }
    for year in ["2017", "2025", "2020", "2018", "2022"] {
        assert!(s.contains(year), "{year} missing:\n{s}");
    }
    assert!(t.alternate_on());

    // Into the reader, then ] twice: the second heading comes to the top of the pane.
    t.keys(&["Tab", "]"]);
    t.wait("一、 at the top", |s| s.lines().next().is_some_and(|l| l.contains("一、2017年工作回顾")));
    t.keys(&["]"]);
    t.wait("(一) at the top", |s| s.lines().next().is_some_and(|l| l.contains("（一）突出抓经济运行")));
    // } goes to the next top-level part.
    t.keys(&["}"]);
    t.wait("二、 at the top", |s| s.lines().next().is_some_and(|l| l.contains("二、2018年工作安排")));
    // The status line names the section.
    t.wait("breadcrumb", |s| s.lines().last().is_some_and(|l| l.contains("吉林市 · 2018 · 二、2018年工作安排")));
    // o lists the outline.
    t.keys(&["o"]);
    t.wait_for("提纲");
    t.keys(&["Escape"]);
    t.wait("outline closed", |s| !s.contains("提纲"));

    t.keys(&["q"]);
    t.wait_for("EXIT=0");
    assert!(!t.alternate_on(), "still on the alternate screen");
    assert_eq!(t.tty_mode(), "icanon echo");
}

#[test]
fn sigterm_sighup_and_sigint_restore_the_terminal() {
    if common::skip_without_tmux() {
        return;
    }
    for sig in ["TERM", "HUP", "INT"] {
        let t = Tmux::start(&format!("sig{sig}"), 100, 30);
        t.wait_for("$");
        let pidfile = std::env::temp_dir().join(format!("baogao-e2e-{}-{sig}.pid", std::process::id()));
        t.line(&format!("sh -c 'echo $$ > {}; exec {}'; echo EXIT=$?", pidfile.display(), bin()));
        t.wait_for("政府工作报告");
        let pid = std::fs::read_to_string(&pidfile).unwrap().trim().to_string();
        let _ = std::fs::remove_file(&pidfile);
        assert!(pid.parse::<u32>().is_ok(), "{pid:?}");
        std::process::Command::new("kill").args([&format!("-{sig}"), &pid]).status().unwrap();
        t.wait_for("EXIT=");
        assert!(!t.alternate_on(), "SIG{sig}: still on the alternate screen");
        assert_eq!(t.tty_mode(), "icanon echo", "SIG{sig}");
    }
}

#[test]
fn narrow_terminal_never_starts_a_row_with_closing_punctuation() {
    if common::skip_without_tmux() {
        return;
    }
    let t = Tmux::start("narrow", 41, 20);
    t.last_read("bundled:jilin-2018.txt");
    t.wait_for("$");
    t.line(&format!("{} ; echo EXIT=$?", bin()));
    // Below 60 columns only the focused pane shows: the tree first, then the reader.
    t.wait_for("吉林省");
    t.keys(&["Tab"]);
    t.wait_for("2018年吉林市政府工作报告");
    let mut last = String::new();
    for page in 0..200 {
        let s = t.screen();
        let rows: Vec<&str> = s.lines().collect();
        for row in &rows[..rows.len().saturating_sub(1)] {
            let body = row.trim_start();
            assert!(
                !body.starts_with(['，', '。', '、', '；', '：', '！', '？', '”', '）', '》']),
                "page {page}: {row:?}\n{s}"
            );
        }
        if s == last {
            break; // the end of the report
        }
        last = s;
        t.keys(&["Space"]);
        t.wait("page turned", |now| now != last || now.contains("100%"));
    }
    assert!(last.contains("100%"), "did not reach the end:\n{last}");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

#[test]
fn a_panic_restores_the_terminal_and_says_what_happened() {
    if common::skip_without_tmux() {
        return;
    }
    let t = Tmux::start("panic", 100, 30);
    t.wait_for("$");
    t.line(&format!("BAOGAO_TEST_PANIC=1 {}; echo EXIT=$?", bin()));
    t.wait_for("政府工作报告");
    t.keys(&["F12"]);
    let s = t.wait_for("EXIT=");
    assert!(s.contains("baogao crashed: test panic requested with F12"), "{s}");
    assert!(!t.alternate_on());
    assert_eq!(t.tty_mode(), "icanon echo");
}

#[test]
fn ctrl_z_suspends_and_fg_redraws() {
    if common::skip_without_tmux() {
        return;
    }
    let t = Tmux::start("suspend", 100, 30);
    t.last_read("bundled:jilin-2018.txt");
    // A shell with job control.
    t.tmux(&["send-keys", "-t", &t.session, "exec bash --norc --noprofile", "Enter"]);
    t.wait_for("$");
    t.line(bin());
    t.wait_for("2018年吉林市政府工作报告");
    t.keys(&["C-z"]);
    t.wait_for("Stopped");
    assert!(!t.alternate_on());
    assert_eq!(t.tty_mode(), "icanon echo");
    t.line("fg");
    t.wait("redrawn", |s| s.contains("2018年吉林市政府工作报告") && s.contains("▾ 吉林省"));
    assert!(t.alternate_on());
    t.keys(&["q"]);
    t.wait("quit", |s| !s.contains("▾ 吉林省"));
}

#[test]
fn a_first_start_shows_the_national_series_on_top() {
    if common::skip_without_tmux() {
        return;
    }
    let t = Tmux::start("national", 100, 30);
    t.wait_for("$");
    t.line(&format!("{} ; echo EXIT=$?", bin()));
    let s = t.wait_for("国务院政府工作报告");
    let tree: Vec<&str> = s.lines().map(|l| l.split('│').next().unwrap_or("").trim_end()).collect();
    assert_eq!(tree[0], "▾ 全国", "{s}");
    // The oldest national report is open, its year straight under 全国.
    assert!(tree[1].starts_with("  • 19"), "{s}");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}
