//! The terminal front end: a thin loop that turns keys into `Action`s, lets `App::update`
//! act on them, and draws with `view::draw`.
//!
//! Owns the terminal: raw mode and the alternate screen are entered through a guard that
//! restores them on every exit path (return, error, panic, SIGTERM/SIGHUP/SIGINT/SIGQUIT).

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
pub mod study;
pub mod targets;
pub mod theme;
pub mod view;
mod view_popup;
mod view_search;
mod view_study;
mod view_targets;

use crate::corpus::Corpus;
use crate::layout::Ambiguous;

use app::{App, Effect};
use crossterm::event::{self, Event, KeyCode, KeyEventKind};
use crossterm::{cursor, execute, terminal};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, BufWriter, Stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
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
    enter_screen()
}

/// The alternate screen, no cursor, the mouse, and the kitty keyboard flags.
fn enter_screen() -> io::Result<()> {
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide, event::EnableMouseCapture)?;
    // Terminals without the kitty keyboard protocol ignore this.
    let _ = execute!(
        io::stdout(),
        event::PushKeyboardEnhancementFlags(event::KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
    );
    Ok(())
}

/// Undo [`enter_screen`], once: leaving the alternate screen twice would move the cursor
/// back up over what was printed in between.
fn leave_screen() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = execute!(io::stdout(), event::PopKeyboardEnhancementFlags);
        let _ = execute!(io::stdout(), event::DisableMouseCapture, terminal::LeaveAlternateScreen, cursor::Show);
    }
}

/// Raw mode set again directly, whatever the terminal is in now, with no step through
/// the modes it was in before we took it. Raw mode handed back and taken again would leave
/// a moment in cooked mode, and a key typed then goes to the line discipline: a Ctrl-Z is
/// thrown away (our group has no job control), a Ctrl-\ or Ctrl-C kills us. crossterm
/// still holds the modes to restore on the way out, from when it first took raw mode.
fn raw_again() -> io::Result<()> {
    use rustix::termios::{OptionalActions, isatty, tcgetattr, tcsetattr};
    let set = |fd: rustix::fd::BorrowedFd<'_>| -> io::Result<()> {
        let mut modes = tcgetattr(fd)?;
        modes.make_raw();
        Ok(tcsetattr(fd, OptionalActions::Now, &modes)?)
    };
    // The terminal crossterm set raw: stdin, or /dev/tty when stdin is not one.
    let stdin = rustix::stdio::stdin();
    if isatty(stdin) {
        set(stdin)
    } else {
        let tty = std::fs::OpenOptions::new().read(true).write(true).open("/dev/tty")?;
        set(rustix::fd::AsFd::as_fd(&tty))
    }
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
    leave_screen();
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

/// The status line when Ctrl-Z cannot stop us (short enough for 80 columns).
const NO_JOB_CONTROL: &str = "无法挂起：没有作业控制，挂起后无法用 fg 回来";

/// A process as job control sees it: its parent, group and session. Each is None where the
/// kernel shows 0: a process, group or session outside our pid namespace (in a container,
/// under `unshare --pid`, or CI), which `getsid`/`getpgid` report as 0. rustix's wrappers
/// turn that 0 into a `Pid`, which must not be 0 (a debug assertion, undefined behaviour in
/// release), so the walk reads these ids itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Proc {
    parent: Option<u32>,
    group: Option<u32>,
    session: Option<u32>,
}

/// Is there a shell that will bring us back with `fg`? Only then may we stop. Our process
/// group is orphaned unless one of its members has a parent in another group of the same
/// session (the shell): the kernel discards SIGTSTP sent to an orphaned group, and a
/// SIGSTOP would freeze it for good (`xterm -e baogao`, `ssh -t host baogao`, `docker exec
/// -it`: nobody there sends SIGCONT). Parents in our own group (`cargo run`, `sudo`, a
/// wrapper script) are walked past, up to the first one outside it. What cannot be seen
/// (an id of 0, a process gone) counts as no job control: a refused Ctrl-Z can be lived
/// with, a reader frozen for good cannot.
fn job_control() -> bool {
    job_control_from(&proc_of)
}

fn job_control_from(lookup: &dyn Fn(Option<u32>) -> Option<Proc>) -> bool {
    let Some(me) = lookup(None) else { return false };
    let (Some(group), Some(session)) = (me.group, me.session) else { return false };
    let mut next = me.parent;
    for _ in 0..64 {
        let Some(pid) = next else { return false };
        let Some(p) = lookup(Some(pid)) else { return false };
        match (p.group, p.session) {
            (_, Some(s)) if s != session => return false,
            (Some(g), Some(_)) if g != group => return true,
            (Some(_), Some(_)) => next = p.parent,
            _ => return false,
        }
    }
    false
}

/// `/proc/<pid>/stat` (None: ourselves), Linux. "pid (name) state ppid pgrp session …"; the
/// name may hold spaces and parentheses, so the fields are read after the last ')'.
#[cfg(target_os = "linux")]
fn proc_of(pid: Option<u32>) -> Option<Proc> {
    let path = match pid {
        Some(pid) => format!("/proc/{pid}/stat"),
        None => "/proc/self/stat".to_string(),
    };
    parse_stat(&std::fs::read_to_string(path).ok()?)
}

/// Elsewhere (no pid namespaces there), the system calls; a parent's parent is not known,
/// so the walk stops at the first parent.
#[cfg(not(target_os = "linux"))]
fn proc_of(pid: Option<u32>) -> Option<Proc> {
    use rustix::process::{Pid, getpgid, getppid, getsid};
    let raw = |p: Pid| u32::try_from(p.as_raw_nonzero().get()).ok();
    let target = match pid {
        Some(pid) => Some(Pid::from_raw(i32::try_from(pid).ok()?)?),
        None => None,
    };
    Some(Proc {
        parent: if pid.is_none() { getppid().and_then(raw) } else { None },
        group: getpgid(target).ok().and_then(raw),
        session: getsid(target).ok().and_then(raw),
    })
}

#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn parse_stat(stat: &str) -> Option<Proc> {
    let (_, after) = stat.rsplit_once(')')?;
    let mut fields = after.split_whitespace().skip(1);
    let mut id = || -> Option<Option<u32>> { Some(fields.next()?.parse::<u32>().ok().filter(|&n| n > 0)) };
    Some(Proc { parent: id()?, group: id()?, session: id()? })
}

/// The terminal as the reader draws on it. A frame goes out in one write: stdout alone is
/// line-buffered, and a frame (cursor moves, no newlines) left it in 1 KiB pieces, so a slow
/// link or a busy terminal showed half-drawn frames (a capture in CI caught one). ratatui
/// flushes after each frame, so nothing waits in the buffer between two.
type Screen = Terminal<backend::WideAware<CrosstermBackend<BufWriter<Stdout>>>>;

/// Room for the largest frame: a full 300×100 screen of wide chars with colours.
const FRAME_BUFFER: usize = 1 << 19;

fn screen_backend<W: io::Write>(out: W, amb: Ambiguous) -> backend::WideAware<CrosstermBackend<BufWriter<W>>> {
    backend::WideAware::new(CrosstermBackend::new(BufWriter::with_capacity(FRAME_BUFFER, out)), amb)
}

/// Ctrl-Z or SIGTSTP from outside: give the terminal back, stop as the shell expects, and
/// take it again on `fg`. Without job control, say so and go on instead. Returns whether
/// we stopped.
fn suspend(terminal: &mut Screen) -> io::Result<bool> {
    if !job_control() {
        return Ok(false);
    }
    restore_terminal();
    // SIGTSTP has our handler (so `kill -TSTP` reaches the loop), so stop the way its default
    // action would, with SIGSTOP, and the whole group, as the terminal's Ctrl-Z would have
    // (with `cargo run` or `sudo` above us, the shell waits on them). `fg` sends SIGCONT and
    // we go on.
    if rustix::process::kill_current_process_group(rustix::process::Signal::STOP).is_err() {
        let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP);
    }
    retake(terminal)?;
    Ok(true)
}

/// Ctrl-Z, or SIGTSTP from outside: stop (see [`suspend`]), or say why not. Whatever came
/// while we were stopped is dealt with by the retake, so the flags are cleared.
fn suspend_or_say(terminal: &mut Screen, app: &mut App, tstp: &AtomicBool, cont: &AtomicBool) -> io::Result<()> {
    if !suspend(terminal)? {
        app.say(NO_JOB_CONTROL.to_string());
    }
    tstp.store(false, Ordering::SeqCst);
    cont.store(false, Ordering::SeqCst);
    Ok(())
}

/// Take the terminal again and draw everything anew: after `fg`, or a SIGCONT after someone
/// stopped us with SIGSTOP (the shell may have put the terminal back in cooked mode), or a
/// SIGCONT that came while we ran. The screen is left first, so doing this twice leaves it
/// as doing it once (the kitty keyboard flags are pushed once, the alternate screen entered
/// once). Raw mode still on (we did not hand the terminal back) is set again in place.
fn retake(terminal: &mut Screen) -> io::Result<()> {
    leave_screen();
    if terminal::is_raw_mode_enabled()? {
        raw_again()?;
    } else {
        terminal::enable_raw_mode()?;
    }
    enter_screen()?;
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

/// How long the drain after each wake waits for one more event: long enough that crossterm
/// looks, short enough not to be felt.
const DRAIN: Duration = Duration::from_millis(1);

/// What waiting on the terminal gave.
#[derive(PartialEq, Eq)]
enum Wait {
    Input,
    Timeout,
    /// The terminal went away (its pty closed). crossterm would spin reading end-of-file
    /// here (its read loop ignores a read of 0 bytes), so we must not call it.
    HangUp,
}

/// Wait for input on stdin ourselves, so a closed terminal is noticed; or for `wake` (the
/// search worker's results), which ends the wait early.
fn wait_stdin(timeout: Duration, wake: Option<rustix::fd::BorrowedFd<'_>>) -> Wait {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdin = rustix::stdio::stdin();
    let ts = Timespec { tv_sec: timeout.as_secs() as _, tv_nsec: timeout.subsec_nanos() as _ };
    let mut fds = vec![PollFd::new(&stdin, PollFlags::IN)];
    if let Some(w) = &wake {
        fds.push(PollFd::new(w, PollFlags::IN));
    }
    match poll(&mut fds, Some(&ts)) {
        Ok(0) => Wait::Timeout,
        Ok(_) if fds[0].revents().intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) => Wait::HangUp,
        Ok(_) if fds[0].revents().contains(PollFlags::IN) => Wait::Input,
        // Results came: the loop goes round to take them.
        Ok(_) => Wait::Timeout,
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
    /// A signal asked us to stop (SIGTERM, SIGHUP or SIGINT): its number, for the exit code
    /// 128 + n that shells expect.
    Signalled(i32),
    /// Loading finished without a single report; the problems say why.
    NoReports(Vec<crate::corpus::Problem>),
}

/// Run the reader until the user quits or a signal asks us to stop. `amb` None means
/// ask the terminal.
pub fn run(source: Source, amb: Option<Ambiguous>, config: &crate::config::Config) -> anyhow::Result<Outcome> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    // The last stop signal that came, or 0.
    let stop = Arc::new(AtomicUsize::new(0));
    for sig in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
        signal_hook::flag::register_usize(sig, Arc::clone(&stop), sig as usize)?;
    }
    let (tstp, cont) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicBool::new(false)));
    signal_hook::flag::register(SIGTSTP, Arc::clone(&tstp))?;
    signal_hook::flag::register(SIGCONT, Arc::clone(&cont))?;
    install_panic_hook();
    terminal::enable_raw_mode()?;
    // Keys typed while the probe waited came with its answer: they are acted on first.
    let (amb, typed) = match amb {
        Some(a) => (a, Vec::new()),
        None => probe::ambiguous_width_keeping_keys(),
    };
    let mut pending: std::collections::VecDeque<Event> = typed.into_iter().map(Event::Key).collect();
    let guard = TerminalGuard::enter()?;
    let mut terminal: Screen = Terminal::new(screen_backend(io::stdout(), amb))?;
    terminal.clear()?;
    let mut app = match source {
        Source::Ready(corpus) => App::new(corpus, amb),
        Source::Loading(loader) => App::loading(loader, amb),
    };
    app.configure(config, theme::no_color_env());
    // Index while the user reads: the first search should not wait for it.
    app.start_search_worker();
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
    // Each save merges with what other instances saved meanwhile, and we go on with that.
    let save = |app: &mut App| {
        if let Some(p) = &state_path {
            match crate::state::save_to(p, &app.state) {
                Ok(merged) => app.adopt_state(merged),
                Err(e) => app.say(crate::state::words::not_saved(p, &e)),
            }
        }
    };
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    let mut quit = false;
    // Copies run on their own threads (a clipboard command may take a while) and come back
    // here to be written (OSC 52) and reported between frames.
    let (copied_tx, copied) = std::sync::mpsc::channel::<(crate::clipboard::Delivery, &'static str, usize)>();
    let mut copying = 0usize;
    // Wakes in a row that said input was waiting but gave no event.
    let mut idle_wakes = 0u32;
    while !quit && stop.load(Ordering::Relaxed) == 0 {
        if tstp.swap(false, Ordering::SeqCst) {
            suspend_or_say(&mut terminal, &mut app, &tstp, &cont)?;
        } else if cont.swap(false, Ordering::SeqCst) {
            retake(&mut terminal)?;
        }
        while let Ok((delivery, what, chars)) = copied.try_recv() {
            copying -= 1;
            show_delivery(&mut app, &delivery, what, chars, &mut io::stdout());
        }
        app.tick_loading();
        if !app.is_loading() && app.corpus.is_empty() {
            return Ok(Outcome::NoReports(app.corpus.problems.clone()));
        }
        app.poll_search();
        app.poll_study();
        app.poll_targets();
        let size = terminal.size()?;
        if (size.width, size.height) != app.size {
            app.resize(size.width, size.height);
        }
        terminal.draw(|f| view::draw(&app, f))?;
        // Wake quickly while a search or a load is running so progress shows as it happens.
        let busy = app.panel().is_some_and(|p| p.busy())
            || app.study_busy()
            || app.targets_busy()
            || app.is_loading()
            || copying > 0;
        let woke = if pending.is_empty() {
            let wake = app.worker.as_ref().and_then(|w| w.wake_fd());
            wait_stdin(Duration::from_millis(if busy { 15 } else { 200 }), wake)
        } else {
            Wait::Input
        };
        if let Some(w) = &app.worker {
            w.drain_wake();
        }
        if woke == Wait::HangUp {
            break;
        }
        // Input said to be there but none read, again and again: never redraw in a tight
        // loop for it (a backstop; the level-triggered source below should rule it out).
        if woke == Wait::Input && idle_wakes >= 2 {
            std::thread::sleep(Duration::from_millis(15));
        }
        let mut events = 0usize;
        // Drain what crossterm has (keys, and resizes from its SIGWINCH handler) until it has
        // nothing. Its event source is the level-triggered one (the `use-dev-tty` feature):
        // the default one waits on edge-triggered epoll, and when a resize and a key were
        // ready together it returned the resize and lost the key's readiness, so the key
        // sat unread while `wait_stdin` kept waking the loop for it. That source does not
        // look at the terminal at all for a zero timeout, hence `DRAIN`.
        while !quit && (!pending.is_empty() || event::poll(DRAIN)?) {
            events += 1;
            let ev = match pending.pop_front() {
                Some(ev) => ev,
                None => event::read()?,
            };
            for effect in handle(&mut app, ev) {
                match effect {
                    Effect::Quit => quit = true,
                    Effect::Suspend => {
                        suspend_or_say(&mut terminal, &mut app, &tstp, &cont)?;
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
        idle_wakes = if woke == Wait::Input && events == 0 { idle_wakes + 1 } else { 0 };
    }
    app.remember_position();
    save(&mut app);
    // The terminal goes back first; then a load still going is stopped, and what it parsed
    // is kept in the cache (a moment at most, with the shell's prompt already back).
    let loader = app.loader.take();
    drop(terminal);
    drop(guard);
    if let Some(loader) = loader {
        loader.stop(Duration::from_secs(3));
    }
    Ok(match stop.load(Ordering::SeqCst) {
        0 => Outcome::Quit,
        sig => Outcome::Signalled(sig as i32),
    })
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

/// The key that followed an Esc, when `key` is the two decoded as one: Alt + a char. Named
/// keys with Alt (Alt+Left, Alt+Backspace) come as sequences of their own, never as a joined
/// Esc, so they are left alone (and mean what the key means: Alt is ignored).
fn after_escape(key: event::KeyEvent) -> Option<event::KeyEvent> {
    use event::KeyModifiers as M;
    let joined = matches!(key.code, KeyCode::Char(_)) && key.modifiers.contains(M::ALT);
    if !joined || key.modifiers.intersects(M::SUPER | M::HYPER | M::META | M::CONTROL) {
        return None;
    }
    let mut plain = key;
    plain.modifiers.remove(M::ALT);
    Some(plain)
}

fn handle(app: &mut App, ev: Event) -> Vec<Effect> {
    match ev {
        // For the end-to-end test of the panic hook only: BAOGAO_TEST_PANIC=1 makes F12 panic.
        Event::Key(key) if key.code == KeyCode::F(12) && std::env::var_os("BAOGAO_TEST_PANIC").is_some() => {
            panic!("test panic requested with F12")
        }
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            // Esc and the key after it can reach us in one read (typed quickly, or coalesced on
            // a slow link), and then they decode as Alt + that key. No action is bound to an
            // Alt key, so they are taken as what they were: Esc, then the key.
            if let Some(plain) = after_escape(key) {
                let esc = event::KeyEvent::new(KeyCode::Esc, event::KeyModifiers::NONE);
                let mut fx = app.update(app.action_for_key(esc));
                if !fx.iter().any(|f| matches!(f, Effect::Quit)) {
                    fx.extend(app.update(app.action_for_key(plain)));
                }
                return fx;
            }
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

    /// A process table for the job-control walk: pid → (parent, group, session), 0 where the
    /// kernel shows 0. `None` is ourselves, pid 10.
    fn table(rows: &[(u32, u32, u32, u32)]) -> impl Fn(Option<u32>) -> Option<Proc> + '_ {
        move |pid| {
            let pid = pid.unwrap_or(10);
            let nz = |n: u32| (n > 0).then_some(n);
            rows.iter().find(|r| r.0 == pid).map(|r| Proc { parent: nz(r.1), group: nz(r.2), session: nz(r.3) })
        }
    }

    #[test]
    fn job_control_needs_a_parent_in_another_group_of_our_session() {
        // A shell (5) started us in our own group (10) of its session (5).
        assert!(job_control_from(&table(&[(10, 5, 10, 5), (5, 1, 5, 5)])));
        // `cargo run` (9) in our group sits between us and the shell.
        assert!(job_control_from(&table(&[(10, 9, 9, 5), (9, 5, 9, 5), (5, 1, 5, 5)])));
        // `xterm -e baogao`, `setsid`: we lead our own session, the parent is in another one.
        assert!(!job_control_from(&table(&[(10, 5, 10, 10), (5, 1, 5, 5)])));
        // The parent is gone (we were reparented to a process not shown).
        assert!(!job_control_from(&table(&[(10, 5, 10, 5)])));
    }

    /// CI ran the reader under `setsid` in a pid namespace: the test runner's session leader
    /// was outside it, so getsid(parent) said 0, and rustix's wrapper turned the 0 into a Pid
    /// and panicked ("assertion failed: raw > 0") at the first Ctrl-Z.
    #[test]
    fn a_parent_whose_session_is_outside_our_pid_namespace_is_no_crash_and_no_job_control() {
        assert!(!job_control_from(&table(&[(10, 5, 10, 10), (5, 1, 5, 0)])));
        assert!(!job_control_from(&table(&[(10, 5, 10, 10), (5, 1, 0, 0)])));
        // Our own session outside the namespace: nothing can be compared.
        assert!(!job_control_from(&table(&[(10, 5, 10, 0), (5, 1, 5, 0)])));
        assert_eq!(
            parse_stat("42 (a) b) c) S 7 0 0 34816 42 4194560"),
            Some(Proc { parent: Some(7), group: None, session: None })
        );
    }

    #[test]
    fn proc_stat_is_read_after_the_last_parenthesis_of_the_name() {
        let p = parse_stat("1234 (my (odd) name) S 99 1234 88 34816 1234 4194560 0").unwrap();
        assert_eq!(p, Proc { parent: Some(99), group: Some(1234), session: Some(88) });
        assert_eq!(parse_stat("1234 (cut"), None);
        assert_eq!(parse_stat("1234 (x) S 99"), None);
    }

    /// Counts the writes that reach the terminal.
    #[derive(Clone, Default)]
    struct Writes(std::rc::Rc<std::cell::RefCell<Vec<usize>>>);

    impl io::Write for Writes {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().push(buf.len());
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// The reader's terminal, `w` × `h`, over a writer that counts its writes.
    fn counted_terminal(w: u16, h: u16) -> (Terminal<backend::WideAware<CrosstermBackend<BufWriter<Writes>>>>, Writes) {
        let writes = Writes::default();
        let area = ratatui::layout::Rect::new(0, 0, w, h);
        let options = ratatui::TerminalOptions { viewport: ratatui::Viewport::Fixed(area) };
        let term = Terminal::with_options(screen_backend(writes.clone(), Ambiguous::Narrow), options).unwrap();
        (term, writes)
    }

    #[test]
    fn a_frame_goes_to_the_terminal_in_one_write_not_in_1k_pieces() {
        let (mut term, writes) = counted_terminal(300, 100);
        let mut app = App::new(Corpus::bundled(), Ambiguous::Narrow);
        app.resize(300, 100);
        app.update(action::Action::SwitchFocus);
        term.draw(|f| view::draw(&app, f)).unwrap();
        let sizes = writes.0.borrow().clone();
        assert_eq!(sizes.len(), 1, "the first frame went out in {} writes: {sizes:?}", sizes.len());
        assert!(sizes[0] > 20_000, "a full frame is larger than that: {sizes:?}");
    }

    /// An idle reader draws a few times a second; a frame that changes nothing used to send
    /// the cursor's hide and a colour reset each time (~30 bytes, a packet over SSH).
    #[test]
    fn a_frame_that_changes_nothing_writes_nothing() {
        let (mut term, writes) = counted_terminal(100, 30);
        let mut app = App::new(Corpus::bundled(), Ambiguous::Narrow);
        app.resize(100, 30);
        let count = |w: &Writes| w.0.borrow().len();
        term.draw(|f| view::draw(&app, f)).unwrap();
        let first = count(&writes);
        assert!(first > 0);
        term.draw(|f| view::draw(&app, f)).unwrap();
        assert_eq!(count(&writes), first, "an unchanged frame was written");
        // The search line shows the cursor: placed once, then nothing while idle.
        app.update(action::Action::SwitchFocus);
        handle(&mut app, Event::Key(event::KeyEvent::new(KeyCode::Char('/'), event::KeyModifiers::NONE)));
        term.draw(|f| view::draw(&app, f)).unwrap();
        let open = count(&writes);
        assert!(open > first, "opening the panel was drawn");
        term.draw(|f| view::draw(&app, f)).unwrap();
        assert_eq!(count(&writes), open, "an unchanged frame with the cursor shown was written");
        // After a clear (as every retake of the terminal does) the frame and the cursor go
        // out again.
        term.clear().unwrap();
        term.draw(|f| view::draw(&app, f)).unwrap();
        assert!(count(&writes) > open, "nothing written after a clear");
    }

    #[test]
    fn esc_and_q_read_as_one_alt_q_close_the_popup_and_quit() {
        use event::{KeyEvent, KeyModifiers};
        let mut app = App::new(Corpus::bundled(), Ambiguous::Narrow);
        app.resize(100, 30);
        handle(&mut app, Event::Key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE)));
        assert!(matches!(app.mode, app::Mode::Popup(_)), "? opens the help");
        // CI's tmux sent Esc and q so close together that they came as Alt+q: the popup
        // closed (q closes it too) and the reader stayed open.
        let fx = handle(&mut app, Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT)));
        assert!(matches!(app.mode, app::Mode::Browse), "Esc closed the popup");
        assert!(fx.iter().any(|f| matches!(f, Effect::Quit)), "then q quit: {fx:?}");
        // Alt with a named key is that key: Alt+Left in the search line moves the cursor and
        // leaves the panel open.
        let mut app = App::new(Corpus::bundled(), Ambiguous::Narrow);
        app.resize(100, 30);
        handle(&mut app, Event::Key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE)));
        assert!(matches!(app.mode, app::Mode::Search(_)));
        handle(&mut app, Event::Key(KeyEvent::new(KeyCode::Left, KeyModifiers::ALT)));
        assert!(matches!(app.mode, app::Mode::Search(_)), "Alt+Left did not close the panel");
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
