//! A pseudo-terminal of a test's (or a benchmark's) own making: the reader gets its end as
//! its terminal, and the test holds the other, typing into it and reading what is drawn.
//! (A benchmark takes this file in with `#[path]`.)

use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;

/// A new pty of `rows` × `cols`: its master, and the path of its other end.
pub fn open(rows: u16, cols: u16) -> (std::fs::File, PathBuf) {
    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let slave = PathBuf::from(ptsname(&master, Vec::new()).unwrap().into_string().unwrap());
    let size = rustix::termios::Winsize { ws_row: rows, ws_col: cols, ws_xpixel: 0, ws_ypixel: 0 };
    rustix::termios::tcsetwinsize(&master, size).unwrap();
    (std::fs::File::from(master), slave)
}

/// The terminal's other end, opened again (without becoming this process's terminal):
/// for a child's stdin, stdout and stderr, or to read its modes from beside it.
pub fn other_end(slave: &std::path::Path) -> std::fs::File {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(rustix::fs::OFlags::NOCTTY.bits() as i32)
        .open(slave)
        .unwrap()
}
