//! Reading a user's file without trusting it: reports, the state and the config.
//!
//! What the path names is looked at first, and anything but a regular file is refused
//! without being opened. The file is then opened without blocking (a FIFO put there in
//! between, with no writer, must not hang us), and the open file itself is asked again
//! what it is (no race with a rename in between). Anything but a regular file is refused
//! before a byte is read, and so are files of the running system
//! (`/proc`, `/sys`), whose sizes are made up. The read is counted as it goes and stops one
//! byte past the limit, so a file that says it is small but is not (or grows) is still
//! refused, never read to the end.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    /// Not a regular file: what it is instead.
    NotAFile(Kind),
    /// A file of the running system (`/proc`, `/sys`): its length is not what it holds.
    SystemFile,
    /// More than `limit` bytes were there to read.
    TooLarge { limit: u64 },
    /// The operating system said no.
    Io(io::Error),
}

impl Refused {
    /// Did the file simply not exist?
    pub fn is_not_found(&self) -> bool {
        matches!(self, Refused::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::NotAFile(what) => write!(f, "not a regular file but {}; it was not read", what.en()),
            Refused::SystemFile => f.write_str("a file of the running system (/proc or /sys), not a document"),
            Refused::TooLarge { limit } => write!(f, "too large: more than {}", bytes(*limit)),
            Refused::Io(e) => match e.kind() {
                io::ErrorKind::PermissionDenied => f.write_str("permission denied"),
                io::ErrorKind::NotFound => f.write_str("no such file or folder"),
                _ => write!(f, "{e}"),
            },
        }
    }
}

/// A byte count as people read it: "64 MiB", "512 KiB", "900 bytes".
pub fn bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else if n >= MIB {
        format!("{:.2} MiB", n as f64 / MIB as f64)
    } else if n >= KIB && n.is_multiple_of(KIB) {
        format!("{} KiB", n / KIB)
    } else {
        format!("{n} bytes")
    }
}

/// The size of a file over `limit`, as [`bytes`] says it unless rounding could make it
/// read as the limit or less (64 MiB and a byte is "64.00 MiB"): within a rounding step
/// (0.005 MiB) of the limit it is exact bytes.
pub fn bytes_over(n: u64, limit: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    let rounded = n >= MIB && !n.is_multiple_of(MIB);
    if rounded && n.saturating_sub(limit) <= MIB.div_ceil(200) { format!("{n} bytes") } else { bytes(n) }
}

/// What a file that is not a regular file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Folder,
    Fifo,
    CharDevice,
    BlockDevice,
    Socket,
    Other,
}

impl Kind {
    /// What kind of thing a file type is.
    pub fn of(t: std::fs::FileType) -> Kind {
        if t.is_dir() {
            Kind::Folder
        } else if t.is_fifo() {
            Kind::Fifo
        } else if t.is_char_device() {
            Kind::CharDevice
        } else if t.is_block_device() {
            Kind::BlockDevice
        } else if t.is_socket() {
            Kind::Socket
        } else {
            Kind::Other
        }
    }

    /// Its name in a message in English ("a FIFO (named pipe)").
    pub fn en(self) -> &'static str {
        match self {
            Kind::Folder => "a folder",
            Kind::Fifo => "a FIFO (named pipe)",
            Kind::CharDevice => "a character device",
            Kind::BlockDevice => "a block device",
            Kind::Socket => "a socket",
            Kind::Other => "a special file",
        }
    }

    /// Its name in a message in Chinese (命名管道（FIFO）).
    pub fn zh(self) -> &'static str {
        match self {
            Kind::Folder => "文件夹",
            Kind::Fifo => "命名管道（FIFO）",
            Kind::CharDevice => "字符设备",
            Kind::BlockDevice => "块设备",
            Kind::Socket => "套接字",
            Kind::Other => "特殊文件",
        }
    }
}

/// Is the open file on a pseudo file system whose lengths mean nothing?
fn on_system_fs(file: &File) -> bool {
    const PROC_SUPER_MAGIC: i64 = 0x9fa0;
    const SYSFS_MAGIC: i64 = 0x6265_6572;
    const DEBUGFS_MAGIC: i64 = 0x6462_6720;
    const TRACEFS_MAGIC: i64 = 0x7472_6163;
    match rustix::fs::fstatfs(file) {
        Ok(s) => {
            // Its type differs between platforms (i64 here, u32 elsewhere).
            #[allow(clippy::unnecessary_cast)]
            let t = s.f_type as i64;
            [PROC_SUPER_MAGIC, SYSFS_MAGIC, DEBUGFS_MAGIC, TRACEFS_MAGIC].contains(&t)
        }
        Err(_) => false,
    }
}

/// Open `path` for reading if it is a regular file off `/proc` and `/sys` (checked before
/// the open and again on the open file), with its metadata.
pub fn open_regular(path: &Path) -> Result<(File, std::fs::Metadata), Refused> {
    // What the path names (through links) before it is opened: opening a device may itself
    // do something (a tape rewinds, a serial line hangs up), so a special file is never
    // opened. The open file is asked again below: the path may change in between.
    let named = std::fs::metadata(path).map_err(Refused::Io)?;
    if !named.file_type().is_file() {
        return Err(Refused::NotAFile(Kind::of(named.file_type())));
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags((rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY).bits() as i32)
        .open(path)
        .map_err(Refused::Io)?;
    let meta = file.metadata().map_err(Refused::Io)?;
    if !meta.file_type().is_file() {
        return Err(Refused::NotAFile(Kind::of(meta.file_type())));
    }
    if on_system_fs(&file) {
        return Err(Refused::SystemFile);
    }
    Ok((file, meta))
}

/// Read the whole of `path`, if it is a regular file of at most `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > limit {
        return Err(Refused::TooLarge { limit });
    }
    let mut buf = Vec::with_capacity(meta.len() as usize);
    file.take(limit.saturating_add(1)).read_to_end(&mut buf).map_err(Refused::Io)?;
    if buf.len() as u64 > limit {
        return Err(Refused::TooLarge { limit });
    }
    Ok(buf)
}

/// [`read_limited`] as UTF-8 text.
pub fn read_text_limited(path: &Path, limit: u64) -> Result<String, Refused> {
    let bytes = read_limited(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        Refused::Io(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not UTF-8 text (a bad byte at offset {})", e.utf8_error().valid_up_to()),
        ))
    })
}

/// A path as one string, for showing it and for keying what is remembered about the file.
///
/// Valid UTF-8 is kept as it is. Each byte that is not valid UTF-8 (Unix names are bytes)
/// becomes `\xNN` (two lower-case hex digits), so two names that differ only in such a byte
/// never look alike, as they would with U+FFFD (`to_string_lossy`, `display`). So that no
/// valid name can look like an escaped one either, a literal backslash is doubled when it
/// stands before `x`, another backslash or an invalid byte; every other backslash (and so
/// every ordinary name) is left alone. Reading the result back — `\\` is `\`, `\xNN` is
/// the byte, any other `\` is itself — gives the original bytes, so distinct paths always
/// give distinct strings.
pub fn shown_path(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    if let Ok(s) = std::str::from_utf8(bytes)
        && !s.contains("\\x")
        && !s.contains("\\\\")
    {
        return s.to_owned();
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        let invalid = chunk.invalid();
        let mut chars = valid.chars().peekable();
        while let Some(c) = chars.next() {
            out.push(c);
            if c == '\\' {
                let next_needs = match chars.peek() {
                    Some(&n) => n == 'x' || n == '\\',
                    None => !invalid.is_empty(),
                };
                if next_needs {
                    out.push('\\');
                }
            }
        }
        for b in invalid {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(tag: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("baogao-fsio-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn a_regular_file_under_the_limit_is_read_whole() {
        let d = dir("whole");
        let p = d.join("a.txt");
        std::fs::write(&p, "政府工作报告\n").unwrap();
        assert_eq!(read_limited(&p, 100).unwrap(), "政府工作报告\n".as_bytes());
        assert_eq!(read_limited(&p, 19).unwrap().len(), 19, "exactly the limit is allowed");
        assert!(matches!(read_limited(&p, 18), Err(Refused::TooLarge { limit: 18 })));
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let d = dir("fifo");
        let p = d.join("state.json");
        rustix::fs::mkfifoat(rustix::fs::CWD, &p, rustix::fs::Mode::from_raw_mode(0o600)).unwrap();
        // No writer: a blocking open would hang here for ever.
        let e = read_limited(&p, 100).unwrap_err();
        assert!(matches!(e, Refused::NotAFile(Kind::Fifo)), "{e}");
        assert!(e.to_string().contains("FIFO"), "{e}");
    }

    #[test]
    fn devices_folders_and_proc_files_are_refused() {
        assert!(matches!(read_limited(Path::new("/dev/zero"), 100), Err(Refused::NotAFile(_))));
        assert!(matches!(read_limited(Path::new("/tmp"), 100), Err(Refused::NotAFile(Kind::Folder))));
        // /proc/self/pagemap says it is 0 bytes long and reads for ever.
        assert!(matches!(read_limited(Path::new("/proc/self/pagemap"), 100), Err(Refused::SystemFile)));
        assert!(matches!(read_limited(Path::new("/proc/self/status"), 1 << 20), Err(Refused::SystemFile)));
    }

    #[test]
    fn a_link_to_a_device_is_judged_by_what_it_points_at() {
        let d = dir("link");
        let p = d.join("config.toml");
        std::os::unix::fs::symlink("/dev/zero", &p).unwrap();
        assert!(matches!(read_limited(&p, 100), Err(Refused::NotAFile(Kind::CharDevice))));
    }

    /// Issue: the path was opened before its type was known, so a link to a device was
    /// opened (and opening may do something). A socket shows it: opening one fails
    /// (ENXIO), so only a check before the open can call it a socket.
    #[test]
    fn a_link_to_a_special_file_is_refused_before_it_is_opened() {
        let d = dir("unopened");
        let sock = d.join("sock");
        let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
        let p = d.join("state.json");
        std::os::unix::fs::symlink(&sock, &p).unwrap();
        let e = read_limited(&p, 100).unwrap_err();
        assert!(matches!(e, Refused::NotAFile(Kind::Socket)), "{e}");
        let z = d.join("config.toml");
        std::os::unix::fs::symlink("/dev/zero", &z).unwrap();
        assert!(matches!(read_limited(&z, 100), Err(Refused::NotAFile(Kind::CharDevice))));
    }

    #[test]
    fn a_missing_file_is_not_found() {
        assert!(read_limited(Path::new("/nonexistent/baogao"), 1).unwrap_err().is_not_found());
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(bytes(64 * 1024 * 1024), "64 MiB");
        assert_eq!(bytes(68_146_954), "64.99 MiB");
        assert_eq!(bytes(512 * 1024), "512 KiB");
        assert_eq!(bytes(900), "900 bytes");
    }
    #[test]
    fn names_that_are_not_utf8_are_escaped_apart() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let p = |b: &[u8]| shown_path(Path::new(OsStr::from_bytes(b)));
        assert_eq!(p("报告/2018.txt".as_bytes()), "报告/2018.txt");
        assert_eq!(p(b"r/\xff.txt"), "r/\\xff.txt");
        assert_eq!(p(b"r/\xfe.txt"), "r/\\xfe.txt");
        assert_eq!(p(b"a\\b\\"), "a\\b\\", "an ordinary backslash stays");
        // A valid name that spells an escape is not taken for the escaped name.
        assert_eq!(p(b"r/\\xff.txt"), "r/\\\\xff.txt");
        assert_eq!(p(b"\\\xff"), "\\\\\\xff");
        assert_eq!(p(b"\\\\"), "\\\\\\");
        // A cut multibyte char: each byte on its own.
        assert_eq!(p(b"\xe6\x8a.txt"), "\\xe6\\x8a.txt");
        let all: Vec<Vec<u8>> = vec![
            b"\xff".to_vec(),
            b"\\xff".to_vec(),
            b"\\\xff".to_vec(),
            b"\\\\xff".to_vec(),
            b"\\".to_vec(),
            b"\\\\".to_vec(),
            b"x".to_vec(),
            b"\\x".to_vec(),
        ];
        let shown: std::collections::HashSet<String> = all.iter().map(|b| p(b)).collect();
        assert_eq!(shown.len(), all.len(), "{shown:?}");
    }
}
