//! Asking the terminal how wide it draws East Asian ambiguous characters.
//!
//! Draw “ at column 0 and ask for the cursor position (CSI 6n). Column 2 means narrow,
//! column 3 wide. Inside tmux or screen the multiplexer answers, which is what we want:
//! it is the one that lays out the cells we draw. No answer within 100 ms means narrow.
//! Must run in raw mode, before the event reader starts.

use crate::layout::Ambiguous;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rustix::event::{PollFd, PollFlags, Timespec, poll};
use std::io::Write;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_millis(100);

/// Probe the terminal on stdin/stdout. Raw mode must already be on.
pub fn ambiguous_width() -> Ambiguous {
    ambiguous_width_keeping_keys().0
}

/// [`ambiguous_width`], and the keys typed while it waited for the answer (a `/` typed
/// the moment the reader starts), for the reader to act on: they came on stdin with the
/// answer, and crossterm will not see them again.
pub fn ambiguous_width_keeping_keys() -> (Ambiguous, Vec<KeyEvent>) {
    let mut out = std::io::stdout();
    // Save the cursor, go to column 0, draw the probe, ask, then erase the line and restore.
    if out.write_all("\x1b7\r\u{201c}\x1b[6n".as_bytes()).and_then(|_| out.flush()).is_err() {
        return (Ambiguous::Narrow, Vec::new());
    }
    let (column, typed) = read_reply();
    let _ = out.write_all(b"\r\x1b[2K\x1b8");
    let _ = out.flush();
    let amb = if column == Some(3) { Ambiguous::Wide } else { Ambiguous::Narrow };
    (amb, keys_of(&typed))
}

/// Read stdin until a cursor-position report comes, or the wait runs out. Returns the
/// report's column, and every other byte read (keys typed meanwhile).
fn read_reply() -> (Option<u16>, Vec<u8>) {
    let stdin = rustix::stdio::stdin();
    let start = Instant::now();
    let mut buf = Vec::new();
    while start.elapsed() < WAIT {
        let left = WAIT.saturating_sub(start.elapsed());
        let ts = Timespec { tv_sec: 0, tv_nsec: left.as_nanos().min(999_999_999) as _ };
        let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
        match poll(&mut fds, Some(&ts)) {
            Ok(n) if n > 0 => {
                let mut chunk = [0u8; 64];
                match rustix::io::read(stdin, &mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(k) => {
                        buf.extend_from_slice(&chunk[..k]);
                        if let Some((at, end, column)) = find_cpr(&buf) {
                            buf.drain(at..end);
                            return (Some(column), buf);
                        }
                    }
                }
            }
            _ => break,
        }
    }
    (None, buf)
}

/// The first cursor-position report in `buf` (ESC [ row ; column R): where it starts and
/// ends, and its column.
fn find_cpr(buf: &[u8]) -> Option<(usize, usize, u16)> {
    let mut from = 0;
    while let Some(p) = buf[from..].windows(2).position(|w| w == b"\x1b[") {
        let at = from + p;
        let body = &buf[at + 2..];
        let digits = |b: &[u8]| b.iter().take_while(|c| c.is_ascii_digit()).count();
        let row = digits(body);
        if row > 0 && body.get(row) == Some(&b';') {
            let col = digits(&body[row + 1..]);
            if col > 0 && body.get(row + 1 + col) == Some(&b'R') {
                let column = std::str::from_utf8(&body[row + 1..row + 1 + col]).ok()?.parse().ok()?;
                return Some((at, at + 2 + row + 1 + col + 1, column));
            }
        }
        from = at + 1;
    }
    None
}

/// Keys from raw terminal bytes: chars, Enter, Tab, Backspace, Esc, Ctrl-letters and the
/// arrows; other escape sequences are dropped.
fn keys_of(bytes: &[u8]) -> Vec<KeyEvent> {
    let text = String::from_utf8_lossy(bytes);
    let chars: Vec<char> = text.chars().collect();
    let key = |code, mods| KeyEvent::new(code, mods);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        out.push(match c {
            '\x1b' if chars.get(i) == Some(&'[') || chars.get(i) == Some(&'O') => {
                // CSI or SS3: the parameters, then the final char.
                let mut j = i + 1;
                while j < chars.len() && !('\x40'..='\x7e').contains(&chars[j]) {
                    j += 1;
                }
                let fin = chars.get(j).copied();
                let plain = j == i + 1;
                i = (j + 1).min(chars.len());
                match fin {
                    Some('A') if plain => key(KeyCode::Up, KeyModifiers::NONE),
                    Some('B') if plain => key(KeyCode::Down, KeyModifiers::NONE),
                    Some('C') if plain => key(KeyCode::Right, KeyModifiers::NONE),
                    Some('D') if plain => key(KeyCode::Left, KeyModifiers::NONE),
                    _ => continue,
                }
            }
            '\x1b' => key(KeyCode::Esc, KeyModifiers::NONE),
            '\r' | '\n' => key(KeyCode::Enter, KeyModifiers::NONE),
            '\t' => key(KeyCode::Tab, KeyModifiers::NONE),
            '\x7f' | '\x08' => key(KeyCode::Backspace, KeyModifiers::NONE),
            '\x01'..='\x1a' => {
                let letter = char::from(b'a' + (c as u8 - 1));
                key(KeyCode::Char(letter), KeyModifiers::CONTROL)
            }
            c if c.is_control() || c == '\u{FFFD}' => continue,
            c if c.is_uppercase() => key(KeyCode::Char(c), KeyModifiers::SHIFT),
            c => key(KeyCode::Char(c), KeyModifiers::NONE),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(reply: &[u8]) -> Option<u16> {
        find_cpr(reply).map(|(_, _, c)| c)
    }

    #[test]
    fn cursor_reports() {
        assert_eq!(column(b"\x1b[1;3R"), Some(3));
        assert_eq!(column(b"\x1b[24;2R"), Some(2));
        assert_eq!(column(b"junk\x1b[5;2R"), Some(2));
        assert_eq!(column(b"\x1b[5R"), None);
    }

    /// Issue 15: a `/` typed about 5 ms after launch was lost: it came with the probe's
    /// answer, and the probe threw away all it read. An `R` typed then ended the wait too,
    /// and the answer after it was taken for no answer (narrow).
    #[test]
    fn keys_typed_around_the_probes_answer_are_kept() {
        let buf = b"/R\x1b[12;3R\xe7\x9f\xb3x\r";
        let (at, end, col) = find_cpr(buf).unwrap();
        assert_eq!(col, 3);
        let mut rest = buf.to_vec();
        rest.drain(at..end);
        let keys = keys_of(&rest);
        let codes: Vec<KeyCode> = keys.iter().map(|k| k.code).collect();
        assert_eq!(
            codes,
            vec![KeyCode::Char('/'), KeyCode::Char('R'), KeyCode::Char('石'), KeyCode::Char('x'), KeyCode::Enter]
        );
        assert_eq!(keys[1].modifiers, KeyModifiers::SHIFT);
    }

    #[test]
    fn control_keys_and_arrows_from_bytes() {
        let keys = keys_of(b"\x15\x1b[A\x1bOB\x1b[1;5C\x7f\t\x1b");
        let got: Vec<(KeyCode, KeyModifiers)> = keys.iter().map(|k| (k.code, k.modifiers)).collect();
        assert_eq!(
            got,
            vec![
                (KeyCode::Char('u'), KeyModifiers::CONTROL),
                (KeyCode::Up, KeyModifiers::NONE),
                (KeyCode::Down, KeyModifiers::NONE),
                (KeyCode::Backspace, KeyModifiers::NONE),
                (KeyCode::Tab, KeyModifiers::NONE),
                (KeyCode::Esc, KeyModifiers::NONE),
            ],
            "a modified arrow is dropped, not misread"
        );
    }
}
