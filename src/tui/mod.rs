//! The terminal front end: a thin loop that turns keys into `Action`s, lets `App::update`
//! act on them, and draws with `view::draw`.
//!
//! Owns the terminal: raw mode and the alternate screen are entered through a guard that
//! restores them on every exit path (return, error, panic, SIGTERM/SIGHUP/SIGINT).

pub mod action;
pub mod app;
pub mod backend;
mod browse;
mod cells;
pub mod finder;
pub mod keymap;
mod loading;
mod mouse;
pub mod pane;
pub mod popup;
pub mod probe;
pub mod search;
pub mod theme;
pub mod view;
mod view_popup;
mod view_search;

use crate::corpus::Corpus;
use crate::layout::Ambiguous;

use app::{App, Effect};
use crossterm::event::{self, Event, KeyCode, KeyEventKind};
use crossterm::{cursor, execute, terminal};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Restores the terminal when dropped.
struct TerminalGuard;

impl TerminalGuard {
    fn enter() -> io::Result<TerminalGuard> {
        take_terminal()?;
        Ok(TerminalGuard)
    }
}

/// Raw mode, the alternate screen, no cursor, the mouse, and (where the terminal supports
/// it) Ctrl-i told apart from Tab. [`restore_terminal`] undoes all of it.
fn take_terminal() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide, event::EnableMouseCapture)?;
    // Terminals without the kitty keyboard protocol ignore this.
    let _ = execute!(
        io::stdout(),
        event::PushKeyboardEnhancementFlags(event::KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
    );
    Ok(())
}

/// Restore the terminal if raw mode is still on (after an error on the way out).
pub fn restore_terminal_if_needed() {
    if terminal::is_raw_mode_enabled().unwrap_or(false) {
        restore_terminal();
    }
}

/// Are we on the alternate screen? Leaving it twice would move the cursor back up over
/// what was printed in between (the panic message), so only the first restore leaves it.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Put the terminal back as we found it. Safe to call more than once.
pub fn restore_terminal() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = execute!(io::stdout(), event::PopKeyboardEnhancementFlags);
        let _ = execute!(io::stdout(), event::DisableMouseCapture, terminal::LeaveAlternateScreen, cursor::Show);
    }
    let _ = terminal::disable_raw_mode();
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn install_panic_hook() {
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown error".to_string());
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("baogao crashed: {}{at}", crate::layout::sanitize(&msg));
        eprintln!("The terminal has been restored. Please report this with the command you ran.");
    }));
}

/// Ctrl-Z: give the terminal back, stop as the shell expects, and take it again on `fg`.
fn suspend(terminal: &mut Terminal<backend::WideAware<CrosstermBackend<Stdout>>>) -> io::Result<()> {
    restore_terminal();
    // SIGTSTP's default action stops us here; `fg` sends SIGCONT and we go on.
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
    take_terminal()?;
    terminal.clear()
}

/// Ask the terminal how it draws ambiguous-width characters, outside the reader.
pub fn probe_ambiguous() -> Ambiguous {
    if terminal::enable_raw_mode().is_err() {
        return Ambiguous::Narrow;
    }
    let amb = probe::ambiguous_width();
    let _ = terminal::disable_raw_mode();
    amb
}

/// What waiting on the terminal gave.
#[derive(PartialEq, Eq)]
enum Wait {
    Input,
    Timeout,
    /// The terminal went away (its pty closed). crossterm would spin reading end-of-file
    /// here (its read loop ignores a read of 0 bytes), so we must not call it.
    HangUp,
}

/// Wait for input on stdin ourselves, so a closed terminal is noticed.
fn wait_stdin(timeout: Duration) -> Wait {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdin = rustix::stdio::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let ts = Timespec { tv_sec: timeout.as_secs() as _, tv_nsec: timeout.subsec_nanos() as _ };
    match poll(&mut fds, Some(&ts)) {
        Ok(0) => Wait::Timeout,
        Ok(_) if fds[0].revents().intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) => Wait::HangUp,
        Ok(_) => Wait::Input,
        Err(rustix::io::Errno::INTR) => Wait::Timeout,
        Err(_) => Wait::HangUp,
    }
}

/// What the reader opens: a corpus in hand, or files still loading.
pub enum Source {
    Ready(Corpus),
    Loading(crate::corpus::load::Loader),
}

/// How the reader ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Quit,
    /// Loading finished without a single report; the problems say why.
    NoReports(Vec<crate::corpus::Problem>),
}

/// Run the reader until the user quits or a signal asks us to stop. `amb` None means
/// ask the terminal.
pub fn run(source: Source, amb: Option<Ambiguous>, config: &crate::config::Config) -> anyhow::Result<Outcome> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    install_panic_hook();
    terminal::enable_raw_mode()?;
    let amb = amb.unwrap_or_else(probe::ambiguous_width);
    let _guard = TerminalGuard::enter()?;
    let mut terminal: Terminal<backend::WideAware<CrosstermBackend<Stdout>>> =
        Terminal::new(backend::WideAware::new(CrosstermBackend::new(io::stdout()), amb))?;
    terminal.clear()?;
    let mut app = match source {
        Source::Ready(corpus) => App::new(corpus, amb),
        Source::Loading(loader) => App::loading(loader, amb),
    };
    app.configure(config, theme::no_color_env());
    // Where things were left last time. A bad state file is a notice, never an error.
    let state_path = crate::state::path();
    if let Some(p) = &state_path {
        let (state, notice) = crate::state::load_from(p);
        app.restore_state(state);
        if let Some(n) = notice {
            app.notice(n);
        }
    }
    let clip_method = config.clipboard.unwrap_or_default();
    let clip_env = crate::clipboard::Env::current().with_command(config.clipboard_command.as_deref());
    let save = |app: &mut App| {
        if let Some(p) = &state_path
            && let Err(e) = crate::state::save_to(p, &app.state)
        {
            app.say(format!("无法保存状态到 {}：{e}", p.display()));
        }
    };
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    let mut quit = false;
    // Copies run on their own threads (a clipboard command may take a while) and come back
    // here to be written (OSC 52) and reported between frames.
    let (copied_tx, copied) = std::sync::mpsc::channel::<(crate::clipboard::Delivery, &'static str, usize)>();
    let mut copying = 0usize;
    while !quit && !stop.load(Ordering::Relaxed) {
        while let Ok((delivery, what, chars)) = copied.try_recv() {
            copying -= 1;
            show_delivery(&mut app, &delivery, what, chars, &mut io::stdout());
        }
        app.tick_loading();
        if !app.is_loading() && app.corpus.is_empty() {
            return Ok(Outcome::NoReports(app.corpus.problems.clone()));
        }
        app.poll_search();
        let size = terminal.size()?;
        if (size.width, size.height) != app.size {
            app.resize(size.width, size.height);
        }
        terminal.draw(|f| view::draw(&app, f))?;
        // Wake quickly while a search or a load is running so progress shows as it happens.
        let busy = app.panel().is_some_and(|p| p.busy()) || app.is_loading() || copying > 0;
        if wait_stdin(Duration::from_millis(if busy { 15 } else { 200 })) == Wait::HangUp {
            break;
        }
        // Drain what crossterm has (keys, and resizes from its SIGWINCH handler) without blocking.
        while !quit && event::poll(Duration::ZERO)? {
            for effect in handle(&mut app, event::read()?) {
                match effect {
                    Effect::Quit => quit = true,
                    Effect::Suspend => {
                        suspend(&mut terminal)?;
                        let size = terminal.size()?;
                        app.resize(size.width, size.height);
                    }
                    Effect::Save => save(&mut app),
                    Effect::Copy { text, what } => {
                        let (tx, env) = (copied_tx.clone(), clip_env.clone());
                        copying += 1;
                        std::thread::spawn(move || {
                            let delivery = crate::clipboard::deliver(&text, clip_method, &env);
                            let _ = tx.send((delivery, what, text.chars().count()));
                        });
                    }
                }
            }
        }
    }
    app.remember_position();
    save(&mut app);
    Ok(Outcome::Quit)
}

/// y / Y: put the text on the clipboard, write the OSC 52 bytes (if any) to `out`
/// (between frames, never into the drawn cells), and say in the status line where the
/// text went: "已复制" only when something confirmed it.
#[cfg(test)]
fn deliver_clipboard(
    app: &mut App,
    text: &str,
    what: &str,
    method: crate::clipboard::Method,
    env: &crate::clipboard::Env,
    out: &mut impl io::Write,
) {
    let delivery = crate::clipboard::deliver(text, method, env);
    show_delivery(app, &delivery, what, text.chars().count(), out);
}

/// Write a finished copy's OSC 52 bytes (if any) to `out` and say where the text went.
fn show_delivery(
    app: &mut App,
    delivery: &crate::clipboard::Delivery,
    what: &str,
    chars: usize,
    out: &mut impl io::Write,
) {
    if let Some(bytes) = &delivery.osc52 {
        let _ = out.write_all(bytes.as_bytes()).and_then(|_| out.flush());
    }
    app.say(delivery.message(what, chars));
}

fn handle(app: &mut App, ev: Event) -> Vec<Effect> {
    match ev {
        // For the end-to-end test of the panic hook only: BAOGAO_TEST_PANIC=1 makes F12 panic.
        Event::Key(key) if key.code == KeyCode::F(12) && std::env::var_os("BAOGAO_TEST_PANIC").is_some() => {
            panic!("test panic requested with F12")
        }
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            let action = app.action_for_key(key);
            return app.update(action);
        }
        Event::Mouse(m) => {
            use event::{MouseButton, MouseEventKind};
            let (x, y) = (m.column, m.row);
            match m.kind {
                MouseEventKind::ScrollDown => app.mouse(app::Mouse::ScrollDown(x, y)),
                MouseEventKind::ScrollUp => app.mouse(app::Mouse::ScrollUp(x, y)),
                MouseEventKind::Down(MouseButton::Left) => app.mouse(app::Mouse::Click(x, y)),
                _ => {}
            }
        }
        Event::Resize(w, h) => app.resize(w, h),
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clipboard::{Env, Method};

    /// A reader on the first report, laid out, with y pressed: the text it asks to copy.
    fn copied(app: &mut App) -> String {
        app.resize(100, 30);
        app.message = None;
        let fx = app.update(action::Action::Copy(false));
        match fx.as_slice() {
            [Effect::Copy { text, what: "段落及出处" }] => text.clone(),
            other => panic!("y asked for {other:?}"),
        }
    }

    fn said(app: &App) -> String {
        app.message.as_ref().map(|m| m.0.clone()).unwrap_or_default()
    }

    #[test]
    fn copy_says_copied_only_when_delivery_is_confirmed() {
        let mut app = App::new(Corpus::bundled(), Ambiguous::Narrow);
        // Pressing y alone claims nothing: nothing has been delivered yet.
        let text = copied(&mut app);
        assert!(!said(&app).contains("已复制"), "{}", said(&app));

        // No tmux, no display: OSC 52 is written, and the message does not say 已复制.
        let mut out = Vec::new();
        deliver_clipboard(&mut app, &text, "段落及出处", Method::Auto, &Env::default(), &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), crate::clipboard::osc52(&text));
        let m = said(&app);
        assert!(!m.contains("已复制") && m.contains("OSC 52") && m.contains("可能需要"), "{m}");

        // A clipboard command that fails: still not 已复制.
        let dir = std::env::temp_dir().join(format!("baogao-copy-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let out_file = dir.join("got");
        let make = |body: String| {
            // Written by a child, so this process never has the script open for writing.
            let mut c = std::process::Command::new("sh")
                .args(["-c", "cat > \"$1\" && chmod 755 \"$1\"", "sh"])
                .arg(dir.join("xclip"))
                .stdin(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            io::Write::write_all(&mut c.stdin.take().unwrap(), body.as_bytes()).unwrap();
            assert!(c.wait().unwrap().success());
        };
        make("#!/bin/sh\ncat > /dev/null\nexit 1\n".to_string());
        let env = Env { x11: true, path: vec![dir.clone()], ..Env::default() };
        copied(&mut app);
        deliver_clipboard(&mut app, &text, "段落及出处", Method::Command, &env, &mut Vec::new());
        let m = said(&app);
        assert!(!m.contains("已复制") && m.contains("xclip"), "{m}");

        // One that works: now, and only now, 已复制, naming where it went.
        make(format!("#!/bin/sh\ncat > '{}'\n", out_file.display()));
        copied(&mut app);
        let mut out = Vec::new();
        deliver_clipboard(&mut app, &text, "段落及出处", Method::Command, &env, &mut out);
        assert!(out.is_empty());
        assert_eq!(std::fs::read_to_string(&out_file).unwrap(), text);
        let m = said(&app);
        assert_eq!(m, format!("已复制段落及出处（{} 字）到系统剪贴板（xclip）", text.chars().count()));

        // Off: nothing is written, and the message says why.
        copied(&mut app);
        let mut out = Vec::new();
        deliver_clipboard(&mut app, &text, "段落及出处", Method::Off, &env, &mut out);
        assert!(out.is_empty());
        assert!(said(&app).starts_with("未复制"), "{}", said(&app));
    }
}
