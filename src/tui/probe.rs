//! Asking the terminal how wide it draws East Asian ambiguous characters.
//!
//! Draw “ at column 0 and ask for the cursor position (CSI 6n). Column 2 means narrow,
//! column 3 wide. Inside tmux or screen the multiplexer answers, which is what we want:
//! it is the one that lays out the cells we draw. No answer within 100 ms means narrow.
//! Must run in raw mode, before the event reader starts.

use crate::layout::Ambiguous;
use rustix::event::{PollFd, PollFlags, Timespec, poll};
use std::io::Write;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_millis(100);

/// Probe the terminal on stdin/stdout. Raw mode must already be on.
pub fn ambiguous_width() -> Ambiguous {
    let mut out = std::io::stdout();
    // Save the cursor, go to column 0, draw the probe, ask, then erase the line and restore.
    if out.write_all("\x1b7\r\u{201c}\x1b[6n".as_bytes()).and_then(|_| out.flush()).is_err() {
        return Ambiguous::Narrow;
    }
    let answer = read_reply();
    let _ = out.write_all(b"\r\x1b[2K\x1b8");
    let _ = out.flush();
    match answer.and_then(|r| parse_cpr(&r)) {
        Some(3) => Ambiguous::Wide,
        _ => Ambiguous::Narrow,
    }
}

/// Read stdin until an `R` ends a cursor-position report, or the wait runs out.
fn read_reply() -> Option<Vec<u8>> {
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
                    Ok(0) | Err(_) => return None,
                    Ok(k) => {
                        buf.extend_from_slice(&chunk[..k]);
                        if buf.contains(&b'R') {
                            return Some(buf);
                        }
                    }
                }
            }
            _ => return None,
        }
    }
    None
}

/// The column (1-based) from a reply such as ESC [ 12 ; 3 R.
fn parse_cpr(reply: &[u8]) -> Option<u16> {
    let s = std::str::from_utf8(reply).ok()?;
    let start = s.rfind("\x1b[")?;
    let body = s[start + 2..].strip_suffix('R').or_else(|| s[start + 2..].split('R').next())?;
    let (_, col) = body.split_once(';')?;
    col.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::parse_cpr;

    #[test]
    fn cursor_reports() {
        assert_eq!(parse_cpr(b"\x1b[1;3R"), Some(3));
        assert_eq!(parse_cpr(b"\x1b[24;2R"), Some(2));
        assert_eq!(parse_cpr(b"junk\x1b[5;2R"), Some(2));
        assert_eq!(parse_cpr(b"\x1b[5R"), None);
    }
}
