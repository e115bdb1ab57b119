//! A tmux harness for end-to-end tests: the real binary in a real terminal.
//! Waits for text to appear instead of sleeping for fixed times.

#![allow(dead_code)]

pub mod pty;

use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
    pub session: String,
    home: std::path::PathBuf,
}

impl Tmux {
    /// A private tmux server with one session of `w`×`h` running a plain shell.
    pub fn start(name: &str, w: u16, h: u16) -> Tmux {
        let socket = format!("baogao-test-{}-{name}", std::process::id());
        // A home of its own, so no test reads or writes the user's state or config.
        let home = std::env::temp_dir().join(&socket);
        let _ = std::fs::remove_dir_all(&home);
        std::fs::create_dir_all(&home).unwrap();
        let env_home = format!("HOME={}", home.display());
        let env_state = format!("XDG_STATE_HOME={}/state", home.display());
        let env_config = format!("XDG_CONFIG_HOME={}/config", home.display());
        let t = Tmux { socket, session: "t".into(), home: home.clone() };
        let status = Command::new("tmux")
            .args(["-L", &t.socket, "-f", "/dev/null", "new-session", "-d", "-s", &t.session])
            .args(["-x", &w.to_string(), "-y", &h.to_string()])
            .args(["env", "-i", "PATH=/usr/bin:/bin", "TERM=xterm-256color", "LANG=C.UTF-8", "PS1=$ "])
            .args([&env_home, &env_state, &env_config, "sh"])
            .status()
            .expect("tmux runs");
        assert!(status.success(), "tmux new-session failed");
        t
    }

    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").args(["-L", &self.socket]).args(args).output().expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Type literally, then press Enter.
    pub fn line(&self, text: &str) {
        self.tmux(&["send-keys", "-t", &self.session, "-l", text]);
        self.tmux(&["send-keys", "-t", &self.session, "Enter"]);
    }

    /// Send tmux key names (e.g. "Tab", "]", "C-c").
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", &self.session, k]);
        }
    }

    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", &self.session])
    }

    /// Wait until `pred` holds for the screen, or panic with the screen after 15 s.
    ///
    /// The screen is returned only once it holds still: two captures in a row alike. A frame is
    /// written in more than one piece when it is large, and a capture can fall between two of
    /// them; on a slow machine (CI) one did, and the rest of the frame was not there yet. A
    /// screen that never holds still is taken 2 s after `pred` first held.
    #[track_caller]
    pub fn wait(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let mut held: Option<(String, Instant)> = None;
        loop {
            let s = self.screen();
            if pred(&s) {
                match &held {
                    Some((prev, since)) if *prev == s || since.elapsed() > Duration::from_secs(2) => return s,
                    Some((_, since)) => held = Some((s, *since)),
                    None => held = Some((s, Instant::now())),
                }
                std::thread::sleep(Duration::from_millis(40));
                continue;
            }
            held = None;
            if start.elapsed() > Duration::from_secs(15) {
                panic!("timed out waiting for {what}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    #[track_caller]
    pub fn wait_for(&self, text: &str) -> String {
        self.wait(text, |s| s.contains(text))
    }

    /// Run `stty -a` in the pane's shell and return the echo/icanon flags it shows,
    /// e.g. "icanon echo" (a leading - means off).
    #[track_caller]
    pub fn tty_mode(&self) -> String {
        self.line("stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(echo|icanon)$' | tr '\\n' ' '; echo MO\"\"DE");
        let s = self.wait("stty output", |s| s.lines().any(|l| l.trim_end().ends_with("MODE") && !l.starts_with('$')));
        let line = s.lines().rev().find(|l| l.trim_end().ends_with("MODE") && !l.starts_with('$')).unwrap_or_default();
        line.replace("MODE", "").trim().to_string()
    }

    /// Start as a returning user who last read `path` ("bundled:jilin-2018.txt"): the reader
    /// reopens it. The bundled national series comes first in the tree; the tests that read a
    /// seed report open it this way.
    pub fn last_read(&self, path: &str) {
        write_last_read(&self.home.join("state"), path);
    }

    pub fn alternate_on(&self) -> bool {
        self.tmux(&["display-message", "-p", "-t", &self.session, "#{alternate_on}"]).trim() == "1"
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).status();
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

/// Is tmux on this machine? CI installs it; without it the e2e tests cannot run.
pub fn have_tmux() -> bool {
    Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success())
}

/// Without tmux the end-to-end tests cannot run: say so, and tell the test to skip.
pub fn skip_without_tmux() -> bool {
    if have_tmux() {
        return false;
    }
    eprintln!("skipped: this test needs tmux, which is not installed (.ci/run installs it)");
    true
}

/// Write a state file under `state_home` (an XDG_STATE_HOME) saying `path` was open last.
pub fn write_last_read(state_home: &std::path::Path, path: &str) {
    let dir = state_home.join("baogao");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("state.json"), serde_json::json!({ "last": path }).to_string()).unwrap();
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_baogao")
}

/// The binary as a command, with a cache folder of the tests' own (never the user's).
pub fn baogao() -> Command {
    let mut c = Command::new(bin());
    c.env("BAOGAO_CACHE_DIR", std::env::temp_dir().join("baogao-test-cache"));
    c
}

/// Row `y` of a drawn buffer as text; the cell a wide char covers is skipped.
pub fn buffer_row(buf: &ratatui::buffer::Buffer, y: u16) -> String {
    let mut s = String::new();
    let mut skip = 0;
    for x in 0..buf.area.width {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let sym = buf[(x, y)].symbol();
        s.push_str(sym);
        skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
    }
    s
}

/// Is there a highlighted (yellow background) `ch` on this row of `capture-pane -e` output?
pub fn highlighted(row: &str, ch: char) -> bool {
    // The highlight style sets a yellow background; the char must follow while it is on.
    let mut on = false;
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            let mut seq = String::new();
            for d in chars.by_ref() {
                seq.push(d);
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
            if seq.ends_with('m') {
                let params: Vec<&str> = seq.trim_start_matches('[').trim_end_matches('m').split(';').collect();
                let mut i = 0;
                while i < params.len() {
                    match params[i] {
                        // 48;5;3 (256-colour yellow) or 43: the highlight background.
                        "48" if params.get(i + 1) == Some(&"5") => {
                            on = params.get(i + 2) == Some(&"3");
                            i += 2;
                        }
                        "43" => on = true,
                        "0" | "49" | "" => on = false,
                        _ => {}
                    }
                    i += 1;
                }
            }
        } else if c == ch && on {
            return true;
        }
    }
    false
}

/// The reader drawn at `w`×`h` on ratatui's TestBackend.
pub fn draw(a: &mut baogao::tui::app::App, w: u16, h: u16) -> ratatui::buffer::Buffer {
    a.resize(w, h);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    term.draw(|f| baogao::tui::view::draw(a, f)).unwrap();
    term.backend().buffer().clone()
}

/// A drawn buffer as text, each row's trailing blanks trimmed.
pub fn screen_text(buf: &ratatui::buffer::Buffer) -> String {
    (0..buf.area.height).map(|y| buffer_row(buf, y).trim_end().to_string() + "\n").collect()
}

/// Compare with `tests/golden/NAME`; `BAOGAO_BLESS=1` writes it (then read it before
/// committing).
pub fn golden(name: &str, got: &str) {
    let path = format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("BAOGAO_BLESS").is_some() {
        std::fs::write(&path, got).unwrap();
    }
    let want = std::fs::read_to_string(&path).expect("golden file; run with BAOGAO_BLESS=1 once and read it");
    assert_eq!(got, want, "the screen differs from tests/golden/{name}:\n{got}");
}
