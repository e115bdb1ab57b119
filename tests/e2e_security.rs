//! End to end: what issue 13's attack run found, tried again in a real terminal (tmux).

mod common;
use common::{Tmux, bin};
use std::path::Path;

/// A report whose second section's paragraph holds the end of a bracketed paste
/// (`ESC[201~`), then a command that would create `marker`.
fn evil_report(dir: &Path, marker: &Path) -> std::path::PathBuf {
    let p = dir.join("evil.txt");
    let text = format!(
        "2018年吉林市政府工作报告\n各位代表：\n现在，我代表市人民政府，向大会报告政府工作，请予审议，并请市政协委员和其他列席人员提出意见。\n\
         一、过去一年工作回顾\n我代表\u{1b}[201~; touch {} #报告工作。过去一年，全市经济运行稳中有进，产业结构持续优化，民生保障不断加强，各项事业取得新进展。\n\
         二、今年工作安排\n今年是全面贯彻党的十九大精神的开局之年，做好政府工作意义重大。我们将坚持稳中求进工作总基调，推动高质量发展。\n",
        marker.display()
    );
    std::fs::write(&p, text).unwrap();
    p
}

/// Defect 1: `y` on a paragraph holding `ESC[201~`, pasted into bash with bracketed paste
/// on, ended the paste early, and the citation's newline ran the command after it.
#[test]
fn paste_jacking_through_copy_runs_nothing_in_a_bracketed_paste_bash() {
    if common::skip_without_tmux() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let marker = dir.join("PWNED");
    let report = evil_report(&dir, &marker);
    let t = Tmux::start("jack", 100, 30);
    t.tmux(&["set", "-g", "set-clipboard", "off"]);
    let tmux_env = t.tmux(&["display-message", "-p", "-t", &t.session, "#{socket_path},#{pid},0"]);
    t.wait_for("$");
    // bash with readline's defaults: bracketed paste is on (bash 5.1 and later).
    t.line("INPUTRC=/dev/null PS1='bash> ' exec bash --norc --noprofile");
    t.wait_for("bash> ");
    t.line(&format!("TMUX={} {} {}; echo EXIT=$?", tmux_env.trim(), bin(), report.display()));
    t.wait_for("2018年吉林市政府工作报告");
    // Into the reader, to the first section's heading, then the paragraph under it; copy it.
    t.keys(&["Tab", "]", "J", "y"]);
    t.wait_for("到 tmux 缓冲区");
    let buf = t.tmux(&["show-buffer"]);
    assert!(buf.starts_with("我代表"), "the evil paragraph was copied: {buf:?}");
    assert!(!buf.contains('\u{1b}'), "no ESC reaches the clipboard: {buf:?}");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
    // Paste it as a terminal would: bracketed, since bash asks for it.
    t.tmux(&["paste-buffer", "-p", "-t", &t.session]);
    t.wait_for("2018年吉林市政府工作报告》");
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(!marker.exists(), "the pasted text ran a command:\n{}", t.screen());
    // It sits on the command line, unrun, until the user says so.
    t.keys(&["C-c"]);
    t.line("echo STILL=$?");
    t.wait_for("STILL=");
    assert!(!marker.exists());
}

/// The pid of the program the pane's shell is running (its one child).
fn reader_pid(t: &Tmux) -> u32 {
    let shell = t.tmux(&["display-message", "-p", "-t", &t.session, "#{pane_pid}"]);
    let shell = shell.trim();
    let start = std::time::Instant::now();
    loop {
        let kids = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).unwrap_or_default();
        if let Some(pid) = kids.split_whitespace().next() {
            return pid.parse().unwrap();
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(10), "no child of the shell");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn kill(pid: u32, sig: &str) {
    let ok = std::process::Command::new("kill").args([&format!("-{sig}"), &pid.to_string()]).status().unwrap();
    assert!(ok.success(), "kill -{sig} {pid}");
}

/// Defect 14: SIGTERM exited 0. A signal that ends the reader gives 128 + its number, as
/// shells report it, and the terminal is still restored.
#[test]
fn sigterm_exits_0_no_more_the_exit_code_names_the_signal() {
    if common::skip_without_tmux() {
        return;
    }
    for (sig, code) in [("TERM", 143), ("HUP", 129), ("INT", 130), ("QUIT", 131)] {
        let t = Tmux::start(&format!("sig{sig}"), 80, 24);
        t.last_read("bundled:jilin-2018.txt");
        t.wait_for("$");
        t.line(&format!("{} --ambiguous narrow; echo EXIT=$?", bin()));
        t.wait_for("2018年吉林市政府工作报告");
        kill(reader_pid(&t), sig);
        t.wait_for(&format!("EXIT={code}"));
        assert!(!t.alternate_on(), "SIG{sig}: the alternate screen was left");
        assert_eq!(t.tty_mode(), "icanon echo", "SIG{sig}: the terminal is back in cooked mode");
    }
}

/// Defect 10: `kill -TSTP` from outside left the alternate screen on, and after `fg` the
/// reader ran in cooked mode. Now it stops as Ctrl-Z does, and `fg` brings it back whole.
#[test]
fn external_sigtstp_gives_the_terminal_back_and_fg_takes_it_again() {
    if common::skip_without_tmux() {
        return;
    }
    let t = Tmux::start("tstp", 80, 24);
    t.last_read("bundled:jilin-2018.txt");
    t.wait_for("$");
    t.line(&format!("{} --ambiguous narrow; echo EXIT=$?", bin()));
    t.wait_for("2018年吉林市政府工作报告");
    kill(reader_pid(&t), "TSTP");
    t.wait("the shell back after the stop", |s| s.contains("Stopped") || s.contains("stopped"));
    assert!(!t.alternate_on(), "the alternate screen was left");
    assert_eq!(t.tty_mode(), "icanon echo");
    // (The shell went on to the echo when the job stopped: EXIT=147.)
    t.line("fg; echo FG=$?");
    t.wait_for("2018年吉林市政府工作报告");
    assert!(t.alternate_on());
    // Raw mode again: a key acts at once, without Enter.
    t.keys(&["?"]);
    t.wait_for("退出");
    t.keys(&["Escape", "q"]);
    t.wait_for("FG=0");
}

/// `s` without its CSI sequences (cursor moves, colours), so the text drawn reads on.
fn without_csi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Defect 8: on a terminal that does not answer a cursor-position query (`ESC[6n`), the
/// start failed after 2 s with exit 2, and so did every `fg`. The reader's terminal here is
/// a pty whose other end is this test, which answers nothing.
#[test]
fn no_start_on_a_terminal_that_does_not_answer_a_cursor_position_query_no_more() {
    let Some(mut s) = OwnPty::start() else { return };
    s.wait("the reader to draw", || s.shows("吉林市"));
    let pid = s.reader();
    // Stopped: T, or t where a tracer (a debugger, a supervisor) watches it.
    let stopped_pid = |p: u32| {
        let state = std::fs::read_to_string(format!("/proc/{p}/stat")).unwrap_or_default();
        state.rsplit_once(") ").is_some_and(|(_, s)| s.starts_with(['T', 't']))
    };
    // Stopped from outside and continued (as `fg` after a SIGSTOP would), it takes the
    // terminal again without asking where the cursor is: it draws anew (text drawn after it
    // entered the alternate screen again, not the rest of a frame written before it was
    // stopped).
    s.seen.lock().unwrap().clear();
    kill(pid, "STOP");
    s.wait("the reader to stop", || stopped_pid(pid));
    kill(pid, "CONT");
    s.wait("the reader to draw again", || {
        let seen = String::from_utf8_lossy(&s.seen.lock().unwrap()).into_owned();
        seen.find("\x1b[?1049h").is_some_and(|at| without_csi(&seen[at..]).contains("吉林市"))
    });
    // Here nobody could bring it back with `fg` (it leads its own session): Ctrl-Z says so
    // instead of stopping for good. (Had it stopped, it would not have said this.)
    s.type_bytes(b"\x1a");
    s.wait("the reader to say it cannot suspend", || s.shows("无法挂起"));
    assert!(!stopped_pid(pid), "Ctrl-Z without job control must not stop the reader");
    let status = s.quit();
    assert!(status.success(), "exit {status:?}");
}

/// The reader on a terminal of this test's own making (a pty whose other end is here): it
/// answers no query, and what the reader writes is seen here at once, as a terminal would
/// pass it on. (This was script(1), but script stops itself when its child stops, buffers
/// what it is given, and CI saw keys typed through it come to nothing; here every byte goes
/// straight to the line discipline.)
struct OwnPty {
    child: std::process::Child,
    master: std::fs::File,
    /// The terminal's other end, as a path, for opening beside the reader.
    slave: std::path::PathBuf,
    seen: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    /// The screen as a terminal would show it, from everything written so far. Asking of
    /// the bytes alone misses text the reader draws only in part: ratatui writes only the
    /// cells that changed, so a message whose first cells were already on the status line
    /// never appears whole in the stream.
    screen: std::sync::Arc<std::sync::Mutex<vt100::Parser>>,
    _home: tempfile::TempDir,
}

impl OwnPty {
    fn start() -> Option<OwnPty> {
        use std::io::Read;
        use std::process::{Command, Stdio};
        if Command::new("setsid").arg("--version").output().is_err() {
            eprintln!("skipped: this test needs setsid(1) from util-linux");
            return None;
        }
        let (master, slave) = common::pty::open(24, 80);
        let tty = || common::pty::other_end(&slave);
        let home = tempfile::tempdir().unwrap();
        common::write_last_read(&home.path().join("state"), "bundled:jilin-2018.txt");
        // setsid(1) -c: a session of its own, with this terminal as its controlling one, as
        // a terminal emulator gives its shell; setsid then runs the reader in its place.
        let child = Command::new("setsid")
            .args(["-c", bin(), "--ambiguous", "narrow"])
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .env("HOME", home.path())
            .env("XDG_STATE_HOME", home.path().join("state"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .stdin(Stdio::from(tty()))
            .stdout(Stdio::from(tty()))
            .stderr(Stdio::from(tty()))
            .spawn()
            .unwrap();
        let mut from_reader = master.try_clone().unwrap();
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        // 80×24, as the terminal's size was set above.
        let screen = std::sync::Arc::new(std::sync::Mutex::new(vt100::Parser::default()));
        let (sink, term) = (std::sync::Arc::clone(&seen), std::sync::Arc::clone(&screen));
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            // Once the reader is gone and its terminal closed, the read fails (EIO).
            while let Ok(n) = from_reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                // The screen first: whoever sees the bytes may then ask the screen.
                term.lock().unwrap().process(&buf[..n]);
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Some(OwnPty { child, master, slave, seen, screen, _home: home })
    }

    /// Does the screen show `text` now?
    fn shows(&self, text: &str) -> bool {
        self.screen_text().contains(text)
    }

    fn screen_text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Where the reader is and what it shows, for a test that timed out.
    fn describe(&self) -> String {
        let pid = self.child.id();
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let state = stat.rsplit_once(") ").map(|(_, s)| s.chars().take(1).collect::<String>()).unwrap_or_default();
        let modes = rustix::termios::tcgetattr(&self.master).map(|t| format!("{:?}", t.local_modes));
        let seen = self.seen.lock().unwrap();
        let tail = String::from_utf8_lossy(&seen[seen.len().saturating_sub(600)..]).into_owned();
        format!(
            "reader {pid} state {state:?}, terminal's local modes {modes:?}\nscreen:\n{}\nlast bytes: {tail:?}",
            self.screen_text()
        )
    }

    fn wait(&self, what: &str, pred: impl Fn() -> bool) {
        let start = std::time::Instant::now();
        while !pred() {
            if start.elapsed() > std::time::Duration::from_secs(15) {
                panic!("timed out waiting for {what}\n{}", self.describe());
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// The reader (setsid ran it in its own place).
    fn reader(&self) -> u32 {
        self.child.id()
    }

    fn type_bytes(&mut self, bytes: &[u8]) {
        use std::io::Write;
        self.master.write_all(bytes).unwrap();
        self.master.flush().unwrap();
    }

    /// Quit with q; the exit status.
    fn quit(&mut self) -> std::process::ExitStatus {
        self.type_bytes(b"q");
        let start = std::time::Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            if start.elapsed() > std::time::Duration::from_secs(15) {
                panic!("the reader did not quit on q\n{}", self.describe());
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl Drop for OwnPty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A SIGCONT that came while the reader ran (script(1) sends one whenever it is continued)
/// took the terminal again by handing raw mode back and taking it anew, and a key typed in
/// that moment met the line discipline in cooked mode: a Ctrl-Z was thrown away (so the
/// test above waited for ever for its message), and a Ctrl-\ killed the reader with SIGQUIT.
/// Now raw mode never leaves while the reader runs: the terminal's modes are read without
/// a pause from beside it while SIGCONTs come, and are never canonical.
#[test]
fn a_sigcont_while_running_lets_no_typed_key_meet_cooked_mode() {
    use rustix::termios::{LocalModes, tcgetattr};
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let Some(mut s) = OwnPty::start() else { return };
    s.wait("the reader to draw", || s.shows("吉林市"));
    let pid = s.reader();
    // The reader's terminal, opened here too (without becoming ours).
    let tty = common::pty::other_end(&s.slave);
    assert!(!tcgetattr(&tty).unwrap().local_modes.contains(LocalModes::ICANON), "raw at the start");
    let (done, cooked, reads) = (AtomicBool::new(false), AtomicUsize::new(0), AtomicUsize::new(0));
    let reader = rustix::process::Pid::from_raw(pid as i32).unwrap();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                if tcgetattr(&tty).unwrap().local_modes.contains(LocalModes::ICANON) {
                    cooked.fetch_add(1, Ordering::Relaxed);
                }
                reads.fetch_add(1, Ordering::Relaxed);
            }
        });
        for _ in 0..100 {
            let from = s.seen.lock().unwrap().len();
            rustix::process::kill_process(reader, rustix::process::Signal::CONT).unwrap();
            s.wait("the reader to draw anew", || {
                let seen = s.seen.lock().unwrap();
                let new = String::from_utf8_lossy(&seen[from..]).into_owned();
                new.find("\x1b[?1049h").is_some_and(|at| without_csi(&new[at..]).contains("吉林市"))
            });
        }
        done.store(true, Ordering::Relaxed);
    });
    assert!(reads.load(Ordering::Relaxed) > 1000, "the modes were read often");
    assert_eq!(cooked.load(Ordering::Relaxed), 0, "the terminal was in cooked mode while the reader ran");
    // And a key still acts at once.
    s.type_bytes(b"\x1a");
    s.wait("Ctrl-Z to say it cannot suspend", || s.shows("无法挂起"));
    let status = s.quit();
    assert!(status.success(), "exit {status:?}");
}

/// Defect 5: after a storm of resizes on a big report, the next key was ignored while the
/// loop redrew at full speed: crossterm had taken the key's readiness along with a resize.
#[test]
fn a_stuck_key_after_a_resize_storm_is_read_at_once() {
    if common::skip_without_tmux() {
        return;
    }
    // One big report (every bundled seed's body, many times over), slow to lay out anew.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/reports/jilin-2018.txt")).unwrap();
    let body: String = seed.lines().skip(3).map(|l| format!("{l}\n")).collect();
    let mut text = seed.lines().take(3).map(|l| format!("{l}\n")).collect::<String>();
    for i in 0..400 {
        text.push_str(&format!("第{i}部分\n"));
        text.push_str(&body);
    }
    let report = dir.join("big.txt");
    std::fs::write(&report, text).unwrap();
    let t = Tmux::start("storm", 98, 30);
    t.wait_for("$");
    t.line(&format!("{} --ambiguous narrow {}; echo EXIT=$?", bin(), report.display()));
    t.wait_for("吉林市");
    t.keys(&["Tab"]);
    for round in 0..10 {
        // A new width each time, so no layout is cached. While the reader lays out one
        // width the next resize comes, then the key: both wait for it together.
        for i in 0..30 {
            let w = (40 + i * 2 + round).to_string();
            t.tmux(&["resize-window", "-t", &t.session, "-x", &w, "-y", "30"]);
            std::thread::sleep(std::time::Duration::from_millis(7));
        }
        t.keys(&["?"]);
        let start = std::time::Instant::now();
        while !t.screen().contains("全部按键") {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(8),
                "round {round}: the key after the resizes was not read:\n{}",
                t.screen()
            );
            std::thread::sleep(std::time::Duration::from_millis(40));
        }
        t.keys(&["Escape"]);
        t.wait("help closed", |s| !s.contains("全部按键"));
    }
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}
