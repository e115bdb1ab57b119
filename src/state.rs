//! What baogao remembers between runs: where each report was left, which report was open
//! last, and the bookmarks. One JSON file in the XDG state directory
//! ($XDG_STATE_HOME/baogao/state.json, or the platform's equivalent), written atomically
//! (a temp file beside it, then a rename). A missing file is a fresh start; a corrupt one
//! is a fresh start and a one-line notice. Nothing else is ever written.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A place in a report: paragraph and char offset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spot {
    pub paragraph: usize,
    #[serde(default)]
    pub offset: usize,
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

/// Read the state. Missing: defaults, no notice. Unreadable or corrupt: defaults and a notice.
pub fn load_from(path: &Path) -> (State, Option<String>) {
    match std::fs::read_to_string(path) {
        Ok(text) => match serde_json::from_str(&text) {
            Ok(s) => (s, None),
            Err(e) => {
                (State::default(), Some(format!("starting fresh: state file {} is unreadable ({e})", path.display())))
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (State::default(), None),
        Err(e) => (State::default(), Some(format!("starting fresh: state file {}: {e}", path.display()))),
    }
}

/// Write the state atomically: a temp file in the same folder, flushed, then renamed over
/// the old one, so a crash leaves either the old file or the new one, never half of one.
pub fn save_to(path: &Path, state: &State) -> std::io::Result<()> {
    use std::io::Write;
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
        s.positions.insert("bundled:jixi-2017.txt".into(), Spot { paragraph: 12, offset: 40 });
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
