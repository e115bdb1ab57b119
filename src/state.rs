//! What baogao remembers between runs: where each report was left, which report was open
//! last, and the bookmarks. One JSON file in the XDG state directory
//! ($XDG_STATE_HOME/baogao/state.json, or the platform's equivalent), written atomically
//! (a temp file beside it, then a rename). A missing file is a fresh start. A file that is
//! there but cannot be read or parsed is never overwritten: it is moved aside to
//! `state.json.bad-<unix seconds>` first, and if that fails nothing is saved over it. Nothing
//! else is ever written.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A place in a report: paragraph and char offset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spot {
    /// The top row: this char of this paragraph.
    pub paragraph: usize,
    #[serde(default)]
    pub offset: usize,
    /// The cursor paragraph (y, m and c act on it); the top paragraph when absent.
    #[serde(default)]
    pub cursor: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    /// The report, by the path it was loaded from ("bundled:…" for the bundled ones).
    pub path: String,
    /// "鸡西市 2017", for the list.
    pub label: String,
    pub paragraph: usize,
    #[serde(default)]
    pub note: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    /// The report open when baogao last quit.
    pub last: Option<String>,
    /// Where each report was left, by path.
    pub positions: BTreeMap<String, Spot>,
    pub bookmarks: Vec<Bookmark>,
}

/// The state file's path: BAOGAO_STATE_DIR, else the platform's state directory.
pub fn path() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("BAOGAO_STATE_DIR") {
        return Some(PathBuf::from(d).join("state.json"));
    }
    let dirs = directories::ProjectDirs::from("", "", "baogao")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(dir.join("state.json"))
}

/// Read the state. Missing: defaults, no notice. There but unreadable or corrupt: the file
/// is first moved aside to `state.json.bad-<unix seconds>` beside it, so that no later save
/// can overwrite it, and the notice names both paths; defaults. If it cannot be moved, the
/// notice says so, and [`save_to`] refuses to write over it.
pub fn load_from(path: &Path) -> (State, Option<String>) {
    load_with(path, |from, to| std::fs::rename(from, to))
}

/// [`load_from`], with the rename given (so tests can make it fail).
fn load_with(path: &Path, rename: impl Fn(&Path, &Path) -> std::io::Result<()>) -> (State, Option<String>) {
    let damage = match read(path) {
        Ok(state) => return (state.unwrap_or_default(), None),
        Err(damage) => damage,
    };
    let aside = aside_path(path);
    let notice = match rename(path, &aside) {
        Ok(()) => words::moved(path, &damage, &aside),
        Err(e) => words::stuck(path, &damage, &aside, &e),
    };
    (State::default(), Some(notice))
}

/// The state in the file: Ok(None) if there is no file, Err(what is wrong) if it cannot be
/// read or parsed.
fn read(path: &Path) -> Result<Option<State>, String> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| words::corrupt(&e)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(words::unreadable(&e)),
    }
}

/// `state.json.bad-<unix seconds>` beside `path`, with `-1`, `-2`… if that is taken.
fn aside_path(path: &Path) -> PathBuf {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let name = path.file_name().map_or_else(|| "state.json".into(), std::ffi::OsString::from);
    let candidate = |n: u32| {
        let mut s = name.clone();
        s.push(if n == 0 { format!(".bad-{secs}") } else { format!(".bad-{secs}-{n}") });
        path.with_file_name(s)
    };
    (0..1000).map(candidate).find(|p| p.symlink_metadata().is_err()).unwrap_or_else(|| candidate(1000))
}

/// Every word the user sees from this module, in one place.
mod words {
    use std::path::Path;

    pub fn corrupt(e: &serde_json::Error) -> String {
        use serde_json::error::Category;
        let what = match e.classify() {
            Category::Io => "读取出错",
            Category::Syntax => "不是有效的 JSON",
            Category::Data => "内容与格式不符",
            Category::Eof => "文件不完整",
        };
        format!("已损坏：第 {} 行第 {} 列{what}", e.line(), e.column())
    }

    pub fn unreadable(e: &std::io::Error) -> String {
        let what = match e.kind() {
            std::io::ErrorKind::PermissionDenied => "没有权限",
            std::io::ErrorKind::IsADirectory => "这是一个文件夹",
            _ => "读取出错",
        };
        match e.raw_os_error() {
            Some(n) => format!("无法读取：{what}（系统错误码 {n}）"),
            None => format!("无法读取：{what}"),
        }
    }

    fn io(e: &std::io::Error) -> String {
        e.raw_os_error().map_or_else(|| "出错".to_string(), |n| format!("系统错误码 {n}"))
    }

    pub fn moved(path: &Path, damage: &str, aside: &Path) -> String {
        format!("状态文件 {} {damage}；已原样移到 {}，本次从头开始", path.display(), aside.display())
    }

    pub fn stuck(path: &Path, damage: &str, aside: &Path, e: &std::io::Error) -> String {
        format!(
            "状态文件 {} {damage}；无法移到 {}（{}），为免覆盖它，本次不保存位置和书签",
            path.display(),
            aside.display(),
            io(e)
        )
    }

    /// For "无法保存状态到 {path}：{this}".
    pub fn refused(damage: &str) -> String {
        format!("原有文件{damage}，为免覆盖它，不写入")
    }
}

/// Write the state atomically: a temp file in the same folder, flushed, then renamed over
/// the old one, so a crash leaves either the old file or the new one, never half of one.
/// A file that is there but cannot be read or parsed (one [`load_from`] could not move
/// aside) is never replaced: that is an error.
pub fn save_to(path: &Path, state: &State) -> std::io::Result<()> {
    use std::io::Write;
    if let Err(damage) = read(path) {
        return Err(std::io::Error::other(words::refused(&damage)));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!("json.tmp-{}", std::process::id()));
    let json = serde_json::to_string_pretty(state).map_err(std::io::Error::other)?;
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(json.as_bytes())?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("baogao-state-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn round_trip() {
        let p = dir("rt").join("state.json");
        let mut s = State { last: Some("bundled:jixi-2017.txt".into()), ..State::default() };
        s.positions.insert("bundled:jixi-2017.txt".into(), Spot { paragraph: 12, offset: 40, cursor: Some(13) });
        s.bookmarks
            .push(Bookmark { path: "a".into(), label: "鸡西市 2017".into(), paragraph: 3, note: "石墨".into() });
        save_to(&p, &s).unwrap();
        assert_eq!(load_from(&p), (s, None));
    }

    #[test]
    fn missing_corrupt_and_partial_files_start_fresh() {
        let d = dir("bad");
        assert_eq!(load_from(&d.join("nope.json")), (State::default(), None));
        std::fs::create_dir_all(&d).unwrap();
        for (name, text) in
            [("corrupt.json", "{\"last\": 3, oops"), ("partial.json", "{\"positions\": {\"a\": {\"paragra")]
        {
            let p = d.join(name);
            std::fs::write(&p, text).unwrap();
            let (s, notice) = load_from(&p);
            assert_eq!(s, State::default());
            assert!(notice.unwrap().contains(name));
        }
        // Unknown fields from a newer version are ignored, known ones kept.
        let p = d.join("newer.json");
        std::fs::write(&p, r#"{"last": "x", "future": 1}"#).unwrap();
        assert_eq!(load_from(&p).0.last.as_deref(), Some("x"));
    }

    /// The `.bad-` files beside `p`.
    fn set_aside(p: &Path) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(p.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|q| q.file_name().unwrap().to_string_lossy().starts_with("state.json.bad-"))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn damaged_state_json_is_moved_aside_not_overwritten() {
        let p = dir("aside").join("state.json");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        // Bookmarks the user would lose: valid once, with one byte gone (and a stray non-UTF-8 byte).
        let mut damaged =
            r#"{"last": "a", "bookmarks": [{"path": "a", "label": "鸡西市 2017", "paragraph": 3}"#.as_bytes().to_vec();
        damaged.push(0xff);
        std::fs::write(&p, &damaged).unwrap();
        let (s, notice) = load_from(&p);
        assert_eq!(s, State::default());
        let aside = set_aside(&p);
        assert_eq!(aside.len(), 1, "{aside:?}");
        assert_eq!(std::fs::read(&aside[0]).unwrap(), damaged, "moved with its exact bytes");
        assert!(!p.exists());
        let notice = notice.unwrap();
        assert!(
            notice.contains(&p.display().to_string()) && notice.contains(&aside[0].display().to_string()),
            "{notice}"
        );
        assert!(notice.contains("已损坏") && notice.contains("移到"), "{notice}");
        let name = aside[0].file_name().unwrap().to_string_lossy().into_owned();
        let secs: u64 = name.strip_prefix("state.json.bad-").unwrap().parse().unwrap();
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        assert!(secs <= now && now - secs < 60, "{name}");

        // The next save writes a fresh file; the damaged one is still there, untouched.
        let fresh = State { last: Some("b".into()), ..State::default() };
        save_to(&p, &fresh).unwrap();
        assert_eq!(load_from(&p), (fresh, None));
        assert_eq!(set_aside(&p), aside);
        assert_eq!(std::fs::read(&aside[0]).unwrap(), damaged);

        // Damaged again within the same second: a second name, the first kept.
        std::fs::write(&p, "{").unwrap();
        let (_, notice) = load_from(&p);
        let both = set_aside(&p);
        assert_eq!(both.len(), 2, "{both:?}");
        assert_eq!(std::fs::read(&aside[0]).unwrap(), damaged);
        assert!(both.iter().any(|q| std::fs::read(q).unwrap() == b"{"));
        assert!(notice.unwrap().contains("文件不完整"));
    }

    #[test]
    fn a_damaged_file_that_cannot_be_moved_is_never_saved_over() {
        let p = dir("stuck").join("state.json");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, "{\"last\": 3}").unwrap();
        let (s, notice) = load_with(&p, |_, _| Err(std::io::Error::from_raw_os_error(30)));
        assert_eq!(s, State::default());
        let notice = notice.unwrap();
        assert!(notice.contains(&p.display().to_string()) && notice.contains("state.json.bad-"), "{notice}");
        assert!(notice.contains("无法移到") && notice.contains("不保存"), "{notice}");
        assert!(set_aside(&p).is_empty());
        // Saving refuses, and the file keeps its bytes.
        let e = save_to(&p, &State { last: Some("new".into()), ..State::default() }).unwrap_err();
        assert!(e.to_string().contains("不写入"), "{e}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "{\"last\": 3}");
        // A file that cannot even be read (here: a folder) is not replaced either.
        let q = dir("folder").join("state.json");
        std::fs::create_dir_all(&q).unwrap();
        assert!(save_to(&q, &State::default()).is_err());
        assert!(q.is_dir());
    }

    #[test]
    fn a_crash_during_a_write_leaves_the_old_file_whole() {
        let p = dir("crash").join("state.json");
        let old = State { last: Some("old".into()), ..State::default() };
        save_to(&p, &old).unwrap();
        // A crash after the temp file was written but before the rename.
        let tmp = p.with_extension("json.tmp-999999");
        std::fs::write(&tmp, "{\"last\": \"new\", \"positions\": {").unwrap();
        assert_eq!(load_from(&p).0, old);
        // The next save replaces the file whole.
        let new = State { last: Some("new".into()), ..State::default() };
        save_to(&p, &new).unwrap();
        assert_eq!(load_from(&p).0, new);
    }
}
