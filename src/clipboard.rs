//! Putting text on the clipboard, and saying truthfully whether it got there.
//!
//! Three ways to get it there:
//! - OSC 52, an escape sequence asking the terminal to set its clipboard. Many terminals
//!   ignore it by default and none answers, so it is never counted as confirmed. This module
//!   only builds the bytes; the caller writes them to the terminal between frames.
//! - tmux's own paste buffer (`tmux load-buffer -w -`), when running inside tmux.
//! - A local command: `wl-copy` (Wayland), `xclip` or `xsel` (X11), `pbcopy` (macOS), or the
//!   user's `clipboard_command`. It gets the text on stdin, has no way to write to the
//!   terminal, and counts as confirmed only if it exits with status 0 within [`TIMEOUT`].
//!
//! What to try is decided from an [`Env`] (tmux? which display? what is on PATH?), so tests
//! can fake one; [`Env::current`] reads the real one. No terminal types here.

use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How y / Y reach the clipboard (the config key `clipboard`).
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// OSC 52 always; also tmux's buffer inside tmux, and the local command on a local display.
    #[default]
    Auto,
    /// OSC 52 only.
    Osc52,
    /// tmux's buffer only.
    Tmux,
    /// The local command only (`clipboard_command`, else the one found for the display).
    Command,
    /// Nothing.
    Off,
}

/// The most text one copy sends, in bytes of UTF-8. Terminals cap an OSC 52 sequence (xterm
/// and tmux at about 1 MB of base64, others far lower), and a copy that is silently dropped
/// must not be reported as done; a section of a report is well under this.
pub const MAX_COPY_BYTES: usize = 256 * 1024;

/// How long a command may take before it is killed and counted as failed.
pub const TIMEOUT: Duration = Duration::from_millis(500);

/// What the choice of clipboard depends on.
#[derive(Clone, Debug)]
pub struct Env {
    /// Inside tmux (TMUX is set).
    pub tmux: bool,
    /// A Wayland display (WAYLAND_DISPLAY is set).
    pub wayland: bool,
    /// An X11 display (DISPLAY is set).
    pub x11: bool,
    pub macos: bool,
    /// Logged in over SSH: the Mac's pasteboard would be the far machine's, not the user's.
    pub ssh: bool,
    /// The folders commands are looked up in (absolute ones only).
    pub path: Vec<PathBuf>,
    /// The user's `clipboard_command`, split into words.
    pub command: Option<Vec<String>>,
    pub timeout: Duration,
}

impl Default for Env {
    /// Nothing: not in tmux, no display, nothing on PATH.
    fn default() -> Env {
        Env {
            tmux: false,
            wayland: false,
            x11: false,
            macos: false,
            ssh: false,
            path: Vec::new(),
            command: None,
            timeout: TIMEOUT,
        }
    }
}

impl Env {
    /// The real environment of this process.
    pub fn current() -> Env {
        let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
        Env {
            tmux: set("TMUX"),
            wayland: set("WAYLAND_DISPLAY"),
            x11: set("DISPLAY"),
            macos: cfg!(target_os = "macos"),
            ssh: set("SSH_CONNECTION") || set("SSH_TTY"),
            path: std::env::var_os("PATH")
                .map(|p| std::env::split_paths(&p).filter(|d| d.is_absolute()).collect())
                .unwrap_or_default(),
            command: None,
            timeout: TIMEOUT,
        }
    }

    /// With the user's `clipboard_command` (already checked by [`check_command`]).
    pub fn with_command(mut self, command: Option<&str>) -> Env {
        self.command = command.map(split_command).filter(|w| !w.is_empty());
        self
    }

    /// The executable `name` on this PATH (or `name` itself when it is a path).
    pub fn find(&self, name: &str) -> Option<PathBuf> {
        if name.contains('/') {
            let p = PathBuf::from(name);
            return is_executable(&p).then_some(p);
        }
        self.path.iter().map(|d| d.join(name)).find(|p| is_executable(p))
    }
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// `clipboard_command` split into words. There is no shell: words are split at spaces.
pub fn split_command(command: &str) -> Vec<String> {
    command.split_whitespace().map(String::from).collect()
}

/// Is `command` usable as `clipboard_command`? The error says why not (for the config error).
pub fn check_command(command: &str) -> Result<(), String> {
    if command.trim().is_empty() {
        return Err("the command is empty".to_string());
    }
    if let Some(c) = command.chars().find(|c| "'\"`$|&;<>(){}*?~\\".contains(*c)) {
        return Err(format!(
            "`{c}` is not understood: the command runs without a shell, its words split at spaces (e.g. \"xclip -selection clipboard\")"
        ));
    }
    Ok(())
}

/// The escape sequence that asks the terminal (or tmux, or an SSH client's terminal) to put
/// `text` on the clipboard: OSC 52. The payload is base64 of the text made safe to paste.
pub fn osc52(text: &str) -> String {
    osc52_of_safe(&crate::layout::sanitize_keeping_lines(text))
}

/// [`osc52`] of text already made safe to paste (by `sanitize_keeping_lines`).
fn osc52_of_safe(text: &str) -> String {
    use base64::Engine;
    format!("\u{1b}]52;c;{}\u{7}", base64::engine::general_purpose::STANDARD.encode(text.as_bytes()))
}

/// What was done with the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    pub method: Method,
    /// The OSC 52 bytes for the caller to write to the terminal (unconfirmed by nature).
    pub osc52: Option<String>,
    /// What took the text and said so: "tmux", "wl-copy", "xclip", "xsel", "pbcopy", or the
    /// name of the user's command.
    pub confirmed: Vec<String>,
    /// What was tried or wanted and did not work: (what, why), in words for the user.
    pub failed: Vec<(String, String)>,
    /// Nothing was sent: the text was this many bytes, over [`MAX_COPY_BYTES`].
    pub too_large: Option<usize>,
}

impl Delivery {
    fn record(&mut self, name: &str, result: Result<(), String>) {
        match result {
            Ok(()) => self.confirmed.push(name.to_string()),
            Err(why) => self.failed.push((name.to_string(), why)),
        }
    }

    /// The status line's words for copying `what` ("段落及出处") of `chars` chars.
    pub fn message(&self, what: &str, chars: usize) -> String {
        words::message(self, what, chars)
    }
}

/// Put `text` on the clipboard by `method`, as far as `env` allows. Runs the commands
/// (each at most `env.timeout`); returns the OSC 52 bytes rather than writing them.
///
/// Whatever the way, the text sent is first made safe to paste
/// ([`crate::layout::sanitize_keeping_lines`]: no ESC, C0 but newline and tab, C1 or bidi
/// controls), so a report cannot end a shell's bracketed paste and run what follows. Text
/// over [`MAX_COPY_BYTES`] is not sent at all.
pub fn deliver(text: &str, method: Method, env: &Env) -> Delivery {
    let mut d = Delivery { method, ..Delivery::default() };
    let text = &*crate::layout::sanitize_keeping_lines(text);
    if method != Method::Off && text.len() > MAX_COPY_BYTES {
        d.too_large = Some(text.len());
        return d;
    }
    if matches!(method, Method::Auto | Method::Osc52) {
        // Sanitised above: no second pass over it.
        d.osc52 = Some(osc52_of_safe(text));
    }
    if method == Method::Tmux || (method == Method::Auto && env.tmux) {
        let result = if !env.tmux {
            Err(words::NOT_IN_TMUX.to_string())
        } else if let Some(tmux) = env.find("tmux") {
            // -w also hands the buffer to the outer terminal's clipboard (tmux 3.2 and later);
            // older tmux rejects the flag, so try once more without it.
            match run(&tmux, &["load-buffer", "-w", "-"], text, env.timeout) {
                Err(Failure::Exit(_)) => run(&tmux, &["load-buffer", "-"], text, env.timeout),
                other => other,
            }
            .map_err(|f| words::why(&f))
        } else {
            Err(words::NOT_FOUND.to_string())
        };
        d.record("tmux", result);
    }
    if matches!(method, Method::Auto | Method::Command) {
        match local_command(env) {
            Ok((name, program, args)) => {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let result = run(&program, &args, text, env.timeout).map_err(|f| words::why(&f));
                d.record(&name, result);
            }
            // Auto without a local display: OSC 52 (and tmux) is all there is.
            Err(Missing::NoDisplay) if method == Method::Auto => {}
            Err(Missing::NoDisplay) => d.failed.push((words::LOCAL_COMMAND.to_string(), words::NO_DISPLAY.to_string())),
            Err(Missing::NotFound(name)) => d.failed.push((name, words::NOT_FOUND.to_string())),
        }
    }
    d
}

enum Missing {
    /// No display the clipboard commands serve, and no `clipboard_command`.
    NoDisplay,
    /// None of these is on PATH.
    NotFound(String),
}

/// The local command to run: (name, program, arguments).
fn local_command(env: &Env) -> Result<(String, PathBuf, Vec<String>), Missing> {
    if let Some((first, rest)) = env.command.as_deref().and_then(<[String]>::split_first) {
        let name = Path::new(first).file_name().map_or(first.clone(), |n| n.to_string_lossy().into_owned());
        let program = env.find(first).ok_or_else(|| Missing::NotFound(name.clone()))?;
        return Ok((name, program, rest.to_vec()));
    }
    let candidates: [(bool, &str, &[&str]); 4] = [
        (env.wayland, "wl-copy", &[]),
        (env.x11, "xclip", &["-selection", "clipboard"]),
        (env.x11, "xsel", &["--clipboard", "--input"]),
        (env.macos && !env.ssh, "pbcopy", &[]),
    ];
    let wanted: Vec<_> = candidates.iter().filter(|c| c.0).collect();
    if wanted.is_empty() {
        return Err(Missing::NoDisplay);
    }
    wanted
        .iter()
        .find_map(|&&(_, name, args)| {
            env.find(name).map(|p| (name.to_string(), p, args.iter().map(|a| a.to_string()).collect()))
        })
        .ok_or_else(|| Missing::NotFound(words::either(&wanted.iter().map(|c| c.1).collect::<Vec<_>>())))
}

/// Why a command did not take the text.
enum Failure {
    Spawn(std::io::Error),
    /// Its exit code (None: killed by a signal).
    Exit(Option<i32>),
    TimedOut,
    /// It exited 0 without reading all of the text.
    NotRead,
}

/// Run `program` with `text` on its stdin and nothing to write to (the terminal belongs to
/// the reader). Ok only if it read the text and exited 0 within `timeout`.
fn run(program: &Path, args: &[&str], text: &str, timeout: Duration) -> Result<(), Failure> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(Failure::Spawn)?;
    // Written from a thread: a command that does not read must not block the reader.
    let (tx, rx) = std::sync::mpsc::channel();
    if let Some(mut stdin) = child.stdin.take() {
        let bytes = text.as_bytes().to_vec();
        std::thread::spawn(move || {
            let written = stdin.write_all(&bytes).and_then(|_| stdin.flush()).is_ok();
            drop(stdin);
            let _ = tx.send(written);
        });
    }
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            Ok(None) | Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Failure::TimedOut);
            }
        }
    };
    if !status.success() {
        return Err(Failure::Exit(status.code()));
    }
    match rx.recv_timeout(deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(50))) {
        Ok(true) => Ok(()),
        _ => Err(Failure::NotRead),
    }
}

/// Every word the user sees from this module, in one place.
mod words {
    use super::{Delivery, Failure, Method};

    pub const NOT_IN_TMUX: &str = "不在 tmux 会话中";
    pub const NOT_FOUND: &str = "找不到命令";
    pub const NO_DISPLAY: &str = "没有本机图形界面（DISPLAY 和 WAYLAND_DISPLAY 都未设置）";
    pub const LOCAL_COMMAND: &str = "剪贴板命令";
    pub const TIMED_OUT: &str = "超时未结束，已终止";
    const OFF: &str = "未复制：剪贴板已关闭（clipboard = \"off\"）";

    pub fn why(f: &Failure) -> String {
        match f {
            Failure::Exit(Some(c)) => format!("退出码 {c}"),
            Failure::Exit(None) => "被信号终止".to_string(),
            Failure::TimedOut => TIMED_OUT.to_string(),
            Failure::NotRead => "没有读完要复制的文字".to_string(),
            Failure::Spawn(e) => match (e.kind(), e.raw_os_error()) {
                (std::io::ErrorKind::NotFound, _) => NOT_FOUND.to_string(),
                (std::io::ErrorKind::PermissionDenied, _) => "没有执行权限".to_string(),
                (_, Some(n)) => format!("无法启动（系统错误码 {n}）"),
                (_, None) => "无法启动".to_string(),
            },
        }
    }

    /// "xclip 或 xsel".
    pub fn either(names: &[&str]) -> String {
        names.join(" 或 ")
    }

    fn target(name: &str) -> String {
        if name == "tmux" { "tmux 缓冲区".to_string() } else { format!("系统剪贴板（{name}）") }
    }

    fn failures(d: &Delivery) -> String {
        d.failed.iter().map(|(what, why)| format!("{what}：{why}")).collect::<Vec<_>>().join("；")
    }

    pub fn message(d: &Delivery, what: &str, chars: usize) -> String {
        if let Some(bytes) = d.too_large {
            // Short enough for an 80-column status line beside the position.
            return format!(
                "未复制：{what}太大（{} KB，上限 {} KB）",
                bytes.div_ceil(1024),
                super::MAX_COPY_BYTES / 1024
            );
        }
        let also = if d.failed.is_empty() { String::new() } else { format!("（{}）", failures(d)) };
        if !d.confirmed.is_empty() {
            let targets = d.confirmed.iter().map(|n| target(n)).collect::<Vec<_>>().join("和");
            // A space between Chinese and a Latin word, none between Chinese and Chinese.
            let sp = if targets.starts_with(|c: char| c.is_ascii()) { " " } else { "" };
            format!("已复制{what}（{chars} 字）到{sp}{targets}{also}")
        } else if d.osc52.is_some() {
            format!("已通过 OSC 52 发送{what}（{chars} 字）：终端可能需要开启 OSC 52{also}")
        } else if d.method == Method::Off || d.failed.is_empty() {
            OFF.to_string()
        } else {
            format!("未复制：{}", failures(d))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("baogao-clip-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    /// An executable shell script `dir/name`. Written by a child process, so this process
    /// never holds it open for writing (which could make running it fail with "text file busy").
    fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
        let p = dir.join(name);
        let mut child = Command::new("sh")
            .args(["-c", "cat > \"$1\" && chmod 755 \"$1\"", "sh"])
            .arg(&p)
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(format!("#!/bin/sh\n{body}\n").as_bytes()).unwrap();
        assert!(child.wait().unwrap().success());
        p
    }

    /// A fake `name` that copies its stdin to `dir/name.out` and records its arguments.
    fn recorder(dir: &Path, name: &str) -> PathBuf {
        let out = dir.join(format!("{name}.out"));
        let args = dir.join(format!("{name}.args"));
        script(dir, name, &format!("echo \"$@\" > '{}'\ncat > '{}'", args.display(), out.display()));
        out
    }

    const TEXT: &str = "稳投资。以春季“三早”为抓手……\n——《2018年吉林市政府工作报告》";

    /// Defect 1 of issue 13: a paragraph holding `ESC[201~` ended bash's bracketed paste
    /// early, and the citation's newline ran what followed.
    #[test]
    fn paste_jacking_through_copy_is_defused() {
        use base64::Engine;
        let evil = "我代表\u{1b}[201~; touch /tmp/PWNED #报告工作。\n\u{9b}201~\u{202e}——2018年吉林市政府工作报告";
        let (env, out) = dir_env("jack");
        for method in [Method::Auto, Method::Osc52, Method::Command] {
            let got = deliver(evil, method, &env);
            let mut sent = Vec::new();
            if let Some(o) = &got.osc52 {
                let payload = o.strip_prefix("\u{1b}]52;c;").and_then(|p| p.strip_suffix('\u{7}')).unwrap();
                sent.push(
                    String::from_utf8(base64::engine::general_purpose::STANDARD.decode(payload).unwrap()).unwrap(),
                );
            }
            if method != Method::Osc52 {
                sent.push(std::fs::read_to_string(&out).unwrap());
            }
            assert!(!sent.is_empty());
            for text in sent {
                assert!(!text.contains('\u{1b}') && !text.contains('\u{9b}') && !text.contains('\u{202e}'), "{text:?}");
                assert_eq!(
                    text,
                    "我代表␛[201~; touch /tmp/PWNED #报告工作。\n\u{fffd}201~\u{fffd}——2018年吉林市政府工作报告"
                );
            }
        }
    }

    /// Defect 14 of issue 13: a 3.5M-char copy said "copied" and never arrived.
    #[test]
    fn a_copy_too_large_to_arrive_says_so_instead_of_copied() {
        let (env, out) = dir_env("huge");
        let huge = "政".repeat(MAX_COPY_BYTES / 3 + 1);
        let got = deliver(&huge, Method::Auto, &env);
        assert_eq!(got.too_large, Some(huge.len()));
        assert!(got.osc52.is_none() && got.confirmed.is_empty());
        assert!(!out.exists(), "the command was not run");
        let msg = got.message("段落", huge.chars().count());
        assert_eq!(msg, "未复制：段落太大（257 KB，上限 256 KB）");
        assert!(!msg.contains("已复制"));
        let fits = "政".repeat(MAX_COPY_BYTES / 3);
        let got = deliver(&fits, Method::Auto, &env);
        assert_eq!(got.too_large, None);
        assert_eq!(got.confirmed, ["xclip"]);
    }

    /// An environment with a recording `xclip` on a display, and the file it writes.
    fn dir_env(tag: &str) -> (Env, PathBuf) {
        let d = temp(tag);
        recorder(&d, "xclip");
        let env = Env { x11: true, path: vec![d.clone()], ..Env::default() };
        (env, d.join("xclip.out"))
    }

    #[test]
    fn osc52_bytes() {
        assert_eq!(osc52("石墨"), "\u{1b}]52;c;55+z5aKo\u{7}");
        assert_eq!(crate::cite::osc52("石墨"), osc52("石墨"));
    }

    #[test]
    fn inside_tmux_the_tmux_buffer_is_loaded() {
        let d = temp("tmux");
        let out = recorder(&d, "tmux");
        let env = Env { tmux: true, path: vec![d.clone()], ..Env::default() };
        let got = deliver(TEXT, Method::Auto, &env);
        assert_eq!(got.confirmed, ["tmux"]);
        assert_eq!(got.osc52.as_deref(), Some(osc52(TEXT).as_str()));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), TEXT);
        assert_eq!(std::fs::read_to_string(d.join("tmux.args")).unwrap().trim(), "load-buffer -w -");
        assert_eq!(got.message("段落及出处", 123), "已复制段落及出处（123 字）到 tmux 缓冲区");
        // Outside tmux, auto leaves tmux alone even when it is installed.
        std::fs::remove_file(&out).unwrap();
        let got = deliver(TEXT, Method::Auto, &Env { tmux: false, ..env });
        assert!(got.confirmed.is_empty() && got.failed.is_empty(), "{got:?}");
        assert!(!out.exists());
    }

    #[test]
    fn old_tmux_without_dash_w_is_asked_again_without_it() {
        let d = temp("oldtmux");
        let out = d.join("tmux.out");
        script(&d, "tmux", &format!("[ \"$2\" = -w ] && exit 1\ncat > '{}'", out.display()));
        let got = deliver(TEXT, Method::Tmux, &Env { tmux: true, path: vec![d.clone()], ..Env::default() });
        assert_eq!(got.confirmed, ["tmux"], "{got:?}");
        assert_eq!(got.osc52, None);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), TEXT);
    }

    #[test]
    fn on_wayland_wl_copy_is_chosen() {
        let d = temp("wayland");
        let wl = recorder(&d, "wl-copy");
        let xclip = recorder(&d, "xclip");
        let env = Env { wayland: true, x11: true, path: vec![d.clone()], ..Env::default() };
        let got = deliver(TEXT, Method::Auto, &env);
        assert_eq!(got.confirmed, ["wl-copy"]);
        assert_eq!(std::fs::read_to_string(&wl).unwrap(), TEXT);
        assert!(!xclip.exists());
        assert_eq!(got.message("段落及出处", 7), "已复制段落及出处（7 字）到系统剪贴板（wl-copy）");
    }

    #[test]
    fn a_real_xclip_gets_the_exact_text_and_is_confirmed() {
        let d = temp("xclip");
        let out = recorder(&d, "xclip");
        // Only the local command: no OSC 52.
        let got = deliver(TEXT, Method::Command, &Env { x11: true, path: vec![d.clone()], ..Env::default() });
        assert_eq!(got, Delivery { method: Method::Command, confirmed: vec!["xclip".into()], ..Delivery::default() });
        assert_eq!(std::fs::read(&out).unwrap(), TEXT.as_bytes());
        assert_eq!(std::fs::read_to_string(d.join("xclip.args")).unwrap().trim(), "-selection clipboard");
        // xsel when xclip is missing.
        let d = temp("xsel");
        let out = recorder(&d, "xsel");
        let got = deliver(TEXT, Method::Auto, &Env { x11: true, path: vec![d.clone()], ..Env::default() });
        assert_eq!(got.confirmed, ["xsel"]);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), TEXT);
    }

    #[test]
    fn a_failing_or_hanging_command_is_not_confirmed() {
        let d = temp("fail");
        script(&d, "xclip", "cat > /dev/null\nexit 1");
        let env = Env { x11: true, path: vec![d.clone()], ..Env::default() };
        let got = deliver(TEXT, Method::Auto, &env);
        assert!(got.confirmed.is_empty(), "{got:?}");
        assert_eq!(got.failed, [("xclip".to_string(), "退出码 1".to_string())]);
        let m = got.message("段落及出处", 5);
        assert!(!m.contains("已复制") && m.contains("OSC 52") && m.contains("xclip：退出码 1"), "{m}");
        assert_eq!(deliver(TEXT, Method::Command, &env).message("段落及出处", 5), "未复制：xclip：退出码 1");

        // One that never ends is killed after the timeout.
        let d = temp("hang");
        script(&d, "wl-copy", "exec sleep 5");
        let env = Env { wayland: true, path: vec![d], timeout: Duration::from_millis(100), ..Env::default() };
        let start = Instant::now();
        let got = deliver(TEXT, Method::Command, &env);
        assert!(start.elapsed() < Duration::from_secs(2), "{:?}", start.elapsed());
        assert_eq!(got.failed, [("wl-copy".to_string(), words::TIMED_OUT.to_string())]);
    }

    #[test]
    fn with_no_display_only_osc52_is_sent_and_the_message_says_it_may_need_enabling() {
        let d = temp("nodisplay");
        let out = recorder(&d, "xclip");
        let env = Env { path: vec![d], ..Env::default() };
        let got = deliver(TEXT, Method::Auto, &env);
        assert_eq!(got, Delivery { method: Method::Auto, osc52: Some(osc52(TEXT)), ..Delivery::default() });
        assert!(!out.exists());
        assert_eq!(got.message("段落及出处", 9), "已通过 OSC 52 发送段落及出处（9 字）：终端可能需要开启 OSC 52");
        // Asked for the command, there is none to run.
        let got = deliver(TEXT, Method::Command, &env);
        assert_eq!(got.osc52, None);
        assert_eq!(got.message("段落及出处", 9), format!("未复制：剪贴板命令：{}", words::NO_DISPLAY));
        // A display, but nothing installed for it: said, beside OSC 52.
        let got = deliver(TEXT, Method::Auto, &Env { x11: true, ..Env::default() });
        assert_eq!(got.failed, [("xclip 或 xsel".to_string(), "找不到命令".to_string())]);
    }

    #[test]
    fn off_sends_nothing_and_says_so() {
        let d = temp("off");
        let out = recorder(&d, "xclip");
        let tmux = recorder(&d, "tmux");
        let env = Env { tmux: true, x11: true, path: vec![d], ..Env::default() };
        let got = deliver(TEXT, Method::Off, &env);
        assert_eq!(got, Delivery { method: Method::Off, ..Delivery::default() });
        assert!(!out.exists() && !tmux.exists());
        assert_eq!(got.message("段落及出处", 9), "未复制：剪贴板已关闭（clipboard = \"off\"）");
    }

    #[test]
    fn osc52_and_tmux_methods_do_only_that() {
        let d = temp("only");
        let out = recorder(&d, "xclip");
        let tmux = recorder(&d, "tmux");
        let env = Env { tmux: true, x11: true, path: vec![d.clone()], ..Env::default() };
        let got = deliver(TEXT, Method::Osc52, &env);
        assert_eq!(got, Delivery { method: Method::Osc52, osc52: Some(osc52(TEXT)), ..Delivery::default() });
        assert!(!out.exists() && !tmux.exists());
        let got = deliver(TEXT, Method::Tmux, &env);
        assert_eq!(got.confirmed, ["tmux"]);
        assert_eq!(got.osc52, None);
        assert!(!out.exists());
        // Asked for tmux outside tmux.
        let got = deliver(TEXT, Method::Tmux, &Env { tmux: false, ..env });
        assert_eq!(got.message("本节及出处", 3), "未复制：tmux：不在 tmux 会话中");
    }

    #[test]
    fn the_users_command_wins_and_is_named() {
        let d = temp("custom");
        let out = recorder(&d, "myclip");
        recorder(&d, "xclip");
        let env = Env { x11: true, path: vec![d.clone()], ..Env::default() }.with_command(Some("myclip --in  -x"));
        let got = deliver(TEXT, Method::Command, &env);
        assert_eq!(got.confirmed, ["myclip"]);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), TEXT);
        assert_eq!(std::fs::read_to_string(d.join("myclip.args")).unwrap().trim(), "--in -x");
        assert!(!d.join("xclip.out").exists());
        // By path, and missing.
        let by_path = format!("{}", d.join("myclip").display());
        assert_eq!(deliver(TEXT, Method::Command, &Env::default().with_command(Some(&by_path))).confirmed, ["myclip"]);
        let got = deliver(TEXT, Method::Command, &Env::default().with_command(Some("nonesuch")));
        assert_eq!(got.message("段落及出处", 1), "未复制：nonesuch：找不到命令");
    }

    #[test]
    fn commands_are_checked() {
        assert!(check_command("xclip -selection clipboard").is_ok());
        assert!(check_command("  ").is_err());
        assert!(check_command("xclip | tee x").unwrap_err().contains('|'));
        assert!(check_command("sh -c 'xclip'").is_err());
    }
}
