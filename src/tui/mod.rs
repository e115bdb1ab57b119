//! The terminal front end: a thin loop that turns keys into `Action`s, lets `App::update`
//! act on them, and draws with `view::draw`.
//!
//! Owns the terminal: raw mode and the alternate screen are entered through a guard that
//! restores them on every exit path (return, error, panic, SIGTERM/SIGHUP/SIGINT).

pub mod action;
pub mod app;
pub mod probe;
pub mod search;
pub mod view;

use crate::corpus::Corpus;
use crate::layout::Ambiguous;
use action::{Action, action_for, search_action_for};
use app::App;
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
        terminal::enable_raw_mode()?;
        let guard = TerminalGuard;
        execute!(io::stdout(), terminal::EnterAlternateScreen, cursor::Hide)?;
        // Where the terminal supports it, tell Ctrl-i from Tab (others ignore this).
        let _ = execute!(
            io::stdout(),
            event::PushKeyboardEnhancementFlags(event::KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
        );
        Ok(guard)
    }
}

/// Restore the terminal if raw mode is still on (after an error on the way out).
pub fn restore_terminal_if_needed() {
    if terminal::is_raw_mode_enabled().unwrap_or(false) {
        restore_terminal();
    }
}

/// Put the terminal back as we found it. Safe to call more than once.
pub fn restore_terminal() {
    let _ = execute!(io::stdout(), event::PopKeyboardEnhancementFlags);
    let _ = execute!(io::stdout(), terminal::LeaveAlternateScreen, cursor::Show);
    let _ = terminal::disable_raw_mode();
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        default(info);
    }));
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

/// Run the reader until the user quits or a signal asks us to stop. `amb` None means
/// ask the terminal.
pub fn run(corpus: Corpus, amb: Option<Ambiguous>) -> anyhow::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    install_panic_hook();
    terminal::enable_raw_mode()?;
    let amb = amb.unwrap_or_else(probe::ambiguous_width);
    let _guard = TerminalGuard::enter()?;
    let mut terminal: Terminal<CrosstermBackend<Stdout>> = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    terminal.clear()?;
    let mut app = App::new(corpus, amb);
    while !app.quit && !stop.load(Ordering::Relaxed) {
        app.poll_search();
        terminal.draw(|f| view::draw(&mut app, f))?;
        // Poll quickly while a search is running so its results show as soon as they are ready.
        let busy = app.search.as_ref().is_some_and(|p| p.busy());
        if !event::poll(Duration::from_millis(if busy { 10 } else { 250 }))? {
            continue;
        }
        match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                let action = if app.popup.is_some() && key.code == KeyCode::Enter {
                    Action::Open
                } else if app.search.is_some() && app.popup.is_none() {
                    search_action_for(key)
                } else {
                    action_for(key, app.focus)
                };
                app.update(action);
            }
            Event::Resize(_, _) => {}
            _ => {}
        }
    }
    Ok(())
}
