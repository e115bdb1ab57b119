//! What baogao remembers between runs: where each report was left, which report was open
//! last, the bookmarks and the search history. One JSON file in the XDG state directory
//! ($XDG_STATE_HOME/baogao/state.json, or the platform's equivalent).
//!
//! Several instances may share it. Every entry carries its time (ms since 1970; 0 in files
//! from before times were kept; a logical clock, [`State::stamp`], so never older than what
//! the state already knows even when the wall clock steps back), and a deleted bookmark leaves a dated deletion behind for
//! [`FORGET`]. Saving takes an exclusive lock on `state.json.lock`, reads the file again,
//! [`merge`]s it with this instance's state entry by entry (the newer wins; a deletion wins
//! over the copy another instance still holds, unless that was added again later), writes
//! the result atomically (a `tempfile` beside it, then a rename) and hands it back, so the
//! reader goes on with the other instances' changes too. This is tombstones, not "what this
//! instance loaded": the file alone says what was deleted, so an instance started later
//! learns of it as well.
//!
//! It is read through [`crate::fsio`], at most [`LIMIT`] bytes, and parsed field by field: a
//! bookmark, a position or a field that is not what it should be is left out on its own
//! (the notice says what, and the file as it was is copied aside, once a run for the same
//! bytes), never costing the rest.
//! A missing file is a fresh start. A regular file that is there but cannot be read or is
//! not a JSON object is never overwritten: it is moved aside to
//! `state.json.bad-<unix seconds>` first, and if that fails nothing is saved over it.
//! Anything else there (a FIFO, a link to a device) is left alone and nothing is saved.
//! Nothing else is ever written (the lock file, and temp files of killed runs, which a later
//! save removes once they are [`STALE`]).

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
    /// When the report was left here ([`now`]); 0 in files from before times were kept.
    #[serde(default)]
    pub time: u64,
}

impl Spot {
    /// The same place, whenever it was reached.
    pub fn same_place(&self, other: &Spot) -> bool {
        (self.paragraph, self.offset, self.cursor) == (other.paragraph, other.offset, other.cursor)
    }

    /// The very top of the report: kept only to say "back at the top" to other instances.
    fn is_top(&self) -> bool {
        (self.paragraph, self.offset, self.cursor.unwrap_or(0)) == (0, 0, 0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    /// The report, by its canonical absolute path ([`crate::corpus::Report::state_key`];
    /// "bundled:…" for the bundled ones; a relative path in files of older versions).
    pub path: String,
    /// "鸡西市 2017", for the list.
    pub label: String,
    pub paragraph: usize,
    #[serde(default)]
    pub note: String,
    /// When it was added (or brought back by undo); 0 in files from before times were kept.
    #[serde(default)]
    pub time: u64,
}

/// A query from the search history, and when it was last used ([`State::stamp`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recent {
    pub query: String,
    #[serde(default)]
    pub time: u64,
}

/// The most queries the search history keeps.
pub const HISTORY: usize = 100;
/// The longest query the history keeps, in chars.
pub const MAX_QUERY_CHARS: usize = 1000;

/// A bookmark that was deleted, and when: so that merging with another instance's state,
/// which may still hold it, does not bring it back. Forgotten after [`FORGET`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deleted {
    pub path: String,
    pub paragraph: usize,
    #[serde(default)]
    pub note: String,
    pub time: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    /// The report open when baogao last quit.
    pub last: Option<String>,
    /// When `last` was set ([`now`]).
    pub last_time: u64,
    /// Where each report was left, by path.
    pub positions: BTreeMap<String, Spot>,
    pub bookmarks: Vec<Bookmark>,
    /// Bookmarks deleted in the last [`FORGET`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deleted: Vec<Deleted>,
    /// Queries searched for, the newest first, each once, at most [`HISTORY`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Recent>,
}

/// What makes two bookmarks the same one: the report, the paragraph and the note.
type MarkKey = (String, usize, String);

impl Bookmark {
    fn key(&self) -> MarkKey {
        (self.path.clone(), self.paragraph, self.note.clone())
    }
}

impl Deleted {
    fn key(&self) -> MarkKey {
        (self.path.clone(), self.paragraph, self.note.clone())
    }
}

/// Milliseconds since 1970: the times of the state's entries.
pub fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// How long a deletion (and a position back at the top) is remembered for merging. An
/// instance left running longer than this that still holds the bookmark brings it back.
pub const FORGET: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 60 * 60);

/// The changes the reader makes, each stamped so that [`merge`] can tell which is newer than
/// another instance's. A stamp is a logical clock: `now`, but never less than one past the
/// highest time this state knows (its entries and deletions), so a change made after
/// another is newer even if the wall clock stepped back in between.
impl State {
    /// The time to stamp a change made at wall-clock time `now` with: `max(now, highest + 1)`.
    pub fn stamp(&self, now: u64) -> u64 {
        let highest = [self.last_time]
            .into_iter()
            .chain(self.positions.values().map(|s| s.time))
            .chain(self.bookmarks.iter().map(|b| b.time))
            .chain(self.deleted.iter().map(|d| d.time))
            .chain(self.history.iter().map(|r| r.time))
            .max()
            .unwrap_or(0);
        now.max(highest.saturating_add(1))
    }

    /// Add `b` unless the same bookmark is there; true if it was added.
    pub fn add_bookmark(&mut self, b: Bookmark, now: u64) -> bool {
        let key = b.key();
        if self.bookmarks.iter().any(|x| x.key() == key) {
            return false;
        }
        let time = self.stamp(now);
        self.deleted.retain(|d| d.key() != key);
        self.bookmarks.push(Bookmark { time, ..b });
        true
    }

    /// Delete bookmark `i`, remembering that it was deleted.
    pub fn delete_bookmark(&mut self, i: usize, now: u64) -> Option<Bookmark> {
        if i >= self.bookmarks.len() {
            return None;
        }
        let time = self.stamp(now);
        let b = self.bookmarks.remove(i);
        self.deleted.retain(|d| d.key() != b.key());
        self.deleted.push(Deleted { path: b.path.clone(), paragraph: b.paragraph, note: b.note.clone(), time });
        Some(b)
    }

    /// Bring a deleted bookmark back at `at` (undo): newer than its deletion.
    pub fn restore_bookmark(&mut self, at: usize, b: Bookmark, now: u64) {
        let key = b.key();
        let time = self.stamp(now);
        self.deleted.retain(|d| d.key() != key);
        if !self.bookmarks.iter().any(|x| x.key() == key) {
            self.bookmarks.insert(at.min(self.bookmarks.len()), Bookmark { time, ..b });
        }
    }

    /// Report `path` was left at `spot` (None: at its very top). A place that has not changed
    /// keeps its time, so an instance that only looked does not win over one that moved.
    pub fn set_position(&mut self, path: &str, spot: Option<Spot>, now: u64) {
        let old = self.positions.get(path);
        if old.is_none() && spot.is_none() {
            // Never left anywhere but the top: nothing to keep.
            return;
        }
        // Back at the top, after being elsewhere: kept as the top, so that it wins over
        // another instance's older place.
        let spot = spot.unwrap_or_default();
        if old.is_some_and(|o| o.same_place(&spot)) {
            return;
        }
        let time = self.stamp(now);
        self.positions.insert(path.to_string(), Spot { time, ..spot });
    }

    /// `query` was searched for (a hit accepted, or the panel closed on it): it goes to the
    /// front of the history, an older copy goes, and the oldest past [`HISTORY`] go. A blank
    /// query is not kept; false then.
    pub fn add_query(&mut self, query: &str, now: u64) -> bool {
        // "石墨 " is "石墨"; a query pasted by mistake is not kept whole.
        let query = query.trim();
        let query = match query.char_indices().nth(MAX_QUERY_CHARS) {
            Some((b, _)) => &query[..b],
            None => query,
        };
        if query.is_empty() {
            return false;
        }
        let time = self.stamp(now);
        self.history.retain(|r| r.query != query);
        self.history.insert(0, Recent { query: query.to_string(), time });
        self.history.truncate(HISTORY);
        true
    }

    /// Report `path` is the one open (or last left).
    pub fn set_last(&mut self, path: &str, now: u64) {
        self.last_time = self.stamp(now);
        self.last = Some(path.to_string());
    }
}

/// Merge the state on disk with this instance's, entry by entry, the newer winning: `last`
/// by its time; each report's position by its time; each bookmark (by report, paragraph and
/// note) against the other side's copy and against a deletion of it, the newest entry
/// winning (a bookmark over a deletion on a tie, and `mine` over `disk` on a tie). So two
/// instances' new bookmarks are both kept, and one deleted in either stays deleted unless
/// it was added again later. Entries from old files have time 0 and lose to any stamped
/// one. Order: `mine`'s bookmarks as they are, then the ones only on disk. Deletions and
/// positions back at the top older than [`FORGET`] are dropped. The search history is the
/// union by query, each at its newest time, the newest first, cut to [`HISTORY`].
pub fn merge(disk: &State, mine: &State, now: u64) -> State {
    let forgotten = |t: u64| t.saturating_add(FORGET.as_millis() as u64) < now;
    let (last, last_time) = if disk.last_time > mine.last_time {
        (disk.last.clone(), disk.last_time)
    } else {
        (mine.last.clone(), mine.last_time)
    };
    let mut positions = disk.positions.clone();
    for (path, spot) in &mine.positions {
        if positions.get(path).is_none_or(|d| d.time <= spot.time) {
            positions.insert(path.clone(), *spot);
        }
    }
    positions.retain(|_, s| !(s.is_top() && forgotten(s.time)));

    // Per bookmark key, the newest entry: Ok(bookmark) or Err(deletion).
    let mut order: Vec<MarkKey> = Vec::new();
    let mut newest: std::collections::HashMap<MarkKey, Result<&Bookmark, &Deleted>> = Default::default();
    let time = |e: &Result<&Bookmark, &Deleted>| match e {
        Ok(b) => (b.time, 1),
        Err(d) => (d.time, 0),
    };
    let marks = mine.bookmarks.iter().chain(&disk.bookmarks).map(|b| (b.key(), Ok(b)));
    let gone = mine.deleted.iter().chain(&disk.deleted).map(|d| (d.key(), Err(d)));
    for (key, entry) in marks.chain(gone) {
        match newest.get(&key) {
            Some(old) if time(old) >= time(&entry) => {}
            Some(_) => {
                newest.insert(key, entry);
            }
            None => {
                order.push(key.clone());
                newest.insert(key, entry);
            }
        }
    }
    let mut bookmarks = Vec::new();
    let mut deleted = Vec::new();
    for key in &order {
        match newest[key] {
            Ok(b) => bookmarks.push(b.clone()),
            Err(d) if !forgotten(d.time) => deleted.push(d.clone()),
            Err(_) => {}
        }
    }
    let history = tidy_history(mine.history.iter().chain(&disk.history).cloned().collect());
    State { last, last_time, positions, bookmarks, deleted, history }
}

/// A history as kept: the newest first (`mine` before `disk` on a tie, as they come), each
/// query once at its newest time, no blank ones, at most [`HISTORY`].
fn tidy_history(mut list: Vec<Recent>) -> Vec<Recent> {
    list.sort_by_key(|r| std::cmp::Reverse(r.time));
    let mut seen = std::collections::HashSet::new();
    list.retain(|r| !r.query.trim().is_empty() && seen.insert(r.query.clone()));
    list.truncate(HISTORY);
    list
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

/// The most a state file may hold: thousands of bookmarks fit many times over.
pub const LIMIT: u64 = 16 * 1024 * 1024;

/// Read the state. Missing: defaults, no notice. There but unreadable or corrupt: the file
/// is first moved aside to `state.json.bad-<unix seconds>` beside it, so that no later save
/// can overwrite it, and the notice names both paths; defaults. If it cannot be moved, the
/// notice says so, and [`save_to`] refuses to write over it. Not a regular file at all (a
/// FIFO, a link to a device such as `/dev/null`, a folder): it is left where it is, as it
/// is, and nothing is saved this run (the notice says so); someone put it there on purpose.
pub fn load_from(path: &Path) -> (State, Option<String>) {
    load_with(path, |from, to| std::fs::rename(from, to))
}

/// [`load_from`], with the rename given (so tests can make it fail, or act as another
/// instance would just before it).
fn load_with(path: &Path, rename: impl Fn(&Path, &Path) -> std::io::Result<()>) -> (State, Option<String>) {
    match read(path) {
        Ok(None) => return (State::default(), None),
        Ok(Some(read)) if read.dropped.is_empty() => return (read.state, None),
        _ => {}
    }
    // Damaged: read it again and move or copy it under the lock saves take, so that another
    // instance cannot save a good file between our read and our rename (and have it moved
    // aside). A lock that cannot be had (a link at its name) leaves this unlocked, as before.
    let _lock = lock(path).ok();
    let damage = match read(path) {
        Ok(None) => return (State::default(), None),
        Ok(Some(read)) if read.dropped.is_empty() => return (read.state, None),
        Ok(Some(read)) => {
            // Keep the whole file as it was: what was left out may matter to the user.
            let copy = keep_copy(path, &read.bytes);
            return (read.state, Some(words::partly(path, &read.dropped, copy)));
        }
        Err(Damage::Special(what)) => return (State::default(), Some(words::special(path, &what))),
        Err(Damage::Bad(damage)) => damage,
    };
    let aside = aside_path(path);
    let notice = match rename(path, &aside) {
        Ok(()) => words::moved(path, &damage, &aside),
        Err(e) => words::stuck(path, &damage, &aside, &e),
    };
    (State::default(), Some(notice))
}

/// Why the state file could not be used, in words for the user.
#[derive(Debug)]
enum Damage {
    /// Not a regular file (a FIFO, a device, a folder, a file of /proc): left alone.
    Special(String),
    /// A regular file that cannot be read or parsed (or is too large): moved aside.
    Bad(String),
}

impl Damage {
    fn words(&self) -> &str {
        match self {
            Damage::Special(s) | Damage::Bad(s) => s,
        }
    }
}

/// A state file as read: what could be used, what was left out, and its bytes.
struct Read {
    state: State,
    dropped: Dropped,
    bytes: Vec<u8>,
}

/// What a lenient parse left out: whole fields that were not of their type, and single
/// bookmarks, positions, deletions and history entries that were not.
#[derive(Debug, Default, PartialEq, Eq)]
struct Dropped {
    fields: Vec<String>,
    bookmarks: usize,
    positions: usize,
    deleted: usize,
    history: usize,
}

impl Dropped {
    fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.bookmarks == 0 && self.positions == 0 && self.deleted == 0 && self.history == 0
    }
}

/// The state in the file: Ok(None) if there is no file, Err(what is wrong) if it cannot be
/// read or is not a JSON object. Read through [`crate::fsio::read_limited`]: a FIFO or a
/// link to a device is refused at once, never read.
fn read(path: &Path) -> Result<Option<Read>, Damage> {
    use crate::fsio::Refused;
    match crate::fsio::read_limited(path, LIMIT) {
        Ok(bytes) => {
            let (state, dropped) = parse(&bytes).map_err(Damage::Bad)?;
            Ok(Some(Read { state, dropped, bytes }))
        }
        Err(e) if e.is_not_found() => Ok(None),
        Err(e @ (Refused::NotAFile(_) | Refused::SystemFile)) => Err(Damage::Special(words::not_read(&e))),
        Err(e) => Err(Damage::Bad(words::not_read(&e))),
    }
}

/// Parse a state file leniently: it must be a JSON object, but each field, each bookmark,
/// each position and each history entry is taken on its own, and one that is not what it should be is left
/// out (and counted) instead of costing all the others. Unknown fields (from a newer
/// version) are ignored.
fn parse(bytes: &[u8]) -> Result<(State, Dropped), String> {
    use serde_json::Value;
    let value: Value = serde_json::from_slice(bytes).map_err(|e| words::corrupt(&e))?;
    let Value::Object(map) = value else { return Err(words::not_an_object()) };
    let mut state = State::default();
    let mut dropped = Dropped::default();
    for (key, value) in map {
        match (key.as_str(), value) {
            ("last", v) => match serde_json::from_value(v) {
                Ok(last) => state.last = last,
                Err(_) => dropped.fields.push(key),
            },
            ("positions", Value::Object(entries)) => {
                for (report, spot) in entries {
                    match serde_json::from_value(spot) {
                        Ok(spot) => {
                            state.positions.insert(report, spot);
                        }
                        Err(_) => dropped.positions += 1,
                    }
                }
            }
            ("bookmarks", Value::Array(entries)) => {
                for b in entries {
                    match serde_json::from_value(b) {
                        Ok(b) => state.bookmarks.push(b),
                        Err(_) => dropped.bookmarks += 1,
                    }
                }
            }
            ("last_time", v) => match serde_json::from_value(v) {
                Ok(t) => state.last_time = t,
                Err(_) => dropped.fields.push(key),
            },
            ("deleted", Value::Array(entries)) => {
                for d in entries {
                    match serde_json::from_value(d) {
                        Ok(d) => state.deleted.push(d),
                        Err(_) => dropped.deleted += 1,
                    }
                }
            }
            ("history", Value::Array(entries)) => {
                for r in entries {
                    match serde_json::from_value(r) {
                        Ok(r) => state.history.push(r),
                        Err(_) => dropped.history += 1,
                    }
                }
            }
            ("positions" | "bookmarks" | "deleted" | "history", _) => dropped.fields.push(key),
            _ => {}
        }
    }
    state.history = tidy_history(std::mem::take(&mut state.history));
    Ok((state, dropped))
}

/// Copy `bytes` (the state file as it was) to a new `.bad-` name beside `path`, never over
/// anything that is there (O_EXCL). Bytes already kept for `path` in this run are not kept
/// again (the copy made then is named), so loading and then every save of a file that another
/// version keeps writing leave one copy, not one per save.
fn keep_copy(path: &Path, bytes: &[u8]) -> Result<PathBuf, (PathBuf, std::io::Error)> {
    use std::hash::{Hash, Hasher};
    use std::io::Write;
    static KEPT: std::sync::Mutex<BTreeMap<(PathBuf, u64), PathBuf>> = std::sync::Mutex::new(BTreeMap::new());
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    let key = (path.to_path_buf(), hasher.finish());
    let mut kept = KEPT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(copy) = kept.get(&key).filter(|c| c.symlink_metadata().is_ok()) {
        return Ok(copy.clone());
    }
    let aside = aside_path(path);
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&aside)?;
        f.write_all(bytes)?;
        f.sync_all()
    };
    write().map_err(|e| (aside.clone(), e))?;
    kept.insert(key, aside.clone());
    Ok(aside)
}

/// `state.json.bad-<unix seconds>` beside `path`, with `-1`, `-2`… if that is taken.
fn aside_path(path: &Path) -> PathBuf {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let candidate = |n: u32| {
        let suffix = if n == 0 { format!(".bad-{secs}") } else { format!(".bad-{secs}-{n}") };
        path.with_file_name(sibling_name(path, &suffix))
    };
    (0..1000).map(candidate).find(|p| p.symlink_metadata().is_err()).unwrap_or_else(|| candidate(1000))
}

/// Every word the user sees from this module, in one place.
pub(crate) mod words {
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

    /// Why fsio did not read the file.
    pub fn not_read(e: &crate::fsio::Refused) -> String {
        use crate::fsio::Refused;
        match e {
            Refused::NotAFile(what) => format!("不是普通文件而是{}", what.zh()),
            Refused::SystemFile => "是运行中系统的文件（/proc 或 /sys）".to_string(),
            Refused::TooLarge { limit } => format!("过大：超过 {}", crate::fsio::bytes(*limit)),
            Refused::Io(e) => unreadable(e),
        }
    }

    fn unreadable(e: &std::io::Error) -> String {
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

    pub fn not_an_object() -> String {
        "已损坏：不是一个 JSON 对象".to_string()
    }

    /// Some entries were left out; `copy` is where the whole file was kept, or why it was not.
    pub(super) fn partly(
        path: &Path,
        dropped: &super::Dropped,
        copy: Result<std::path::PathBuf, (std::path::PathBuf, std::io::Error)>,
    ) -> String {
        let mut what: Vec<String> = dropped.fields.iter().map(|f| format!("字段 {f}")).collect();
        if dropped.bookmarks > 0 {
            what.push(format!("书签 {} 个", dropped.bookmarks));
        }
        if dropped.positions > 0 {
            what.push(format!("位置 {} 处", dropped.positions));
        }
        if dropped.deleted > 0 {
            what.push(format!("删除记录 {} 条", dropped.deleted));
        }
        if dropped.history > 0 {
            what.push(format!("搜索记录 {} 条", dropped.history));
        }
        let kept = match copy {
            Ok(aside) => format!("原文件已另存到 {}", aside.display()),
            Err((aside, e)) => {
                format!("原文件未能另存到 {}（{}），下次保存时略过的内容将丢失", aside.display(), io(&e))
            }
        };
        format!("状态文件 {} 有部分内容无法读取，已略过（{}），其余照常；{kept}", path.display(), what.join("、"))
    }

    pub fn special(path: &Path, what: &str) -> String {
        format!("状态文件 {} {what}，未读取，也不改动它；本次不保存位置和书签", path.display())
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

    /// A save's error in our words, as an `io::Error` that [`not_saved`] shows as it is.
    pub fn said(words: String) -> std::io::Error {
        std::io::Error::other(Said(words))
    }

    #[derive(Debug)]
    struct Said(String);

    impl std::fmt::Display for Said {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.0)
        }
    }

    impl std::error::Error for Said {}

    /// The status line's words when a save failed: ours as they are, the system's (and
    /// tempfile's, "… at path …") as what went wrong and its error number, never their English.
    pub fn not_saved(path: &Path, e: &std::io::Error) -> String {
        let why = match e.get_ref().and_then(|inner| inner.downcast_ref::<Said>()) {
            Some(Said(words)) => words.clone(),
            None => system(e),
        };
        format!("无法保存状态到 {}：{why}", path.display())
    }

    /// What went wrong, from the error's kind, and the system's error number if it has one
    /// (tempfile's errors keep the kind but not the number).
    pub fn system(e: &std::io::Error) -> String {
        use std::io::ErrorKind as K;
        let code = e.raw_os_error();
        let what = match (e.kind(), code) {
            (_, Some(n)) if n == rustix::io::Errno::LOOP.raw_os_error() => "路径中的符号链接不跟随",
            (K::PermissionDenied, _) => "权限不足",
            (K::NotFound, _) => "没有这个文件或文件夹",
            (K::StorageFull, _) => "磁盘已满",
            (K::ReadOnlyFilesystem, _) => "文件系统只读",
            (K::AlreadyExists, _) => "已有同名文件",
            (K::NotADirectory, _) => "路径中有一段不是文件夹",
            (K::IsADirectory, _) => "这是一个文件夹",
            (K::QuotaExceeded, _) => "超出磁盘配额",
            _ => "出错",
        };
        match code {
            Some(n) => format!("{what}（系统错误码 {n}）"),
            None => what.to_string(),
        }
    }

    /// For "无法保存状态到 {path}：{this}".
    pub fn lock_not_a_file(lock: &Path) -> String {
        format!("锁文件 {} 不是普通文件，不写入", lock.display())
    }

    /// For "无法保存状态到 {path}：{this}".
    pub fn locked(lock: &Path) -> String {
        format!("另一个 baogao 一直锁着 {}，这次未保存", lock.display())
    }

    /// For "无法保存状态到 {path}：{this}".
    pub fn refused(damage: &str) -> String {
        format!("原有文件{damage}，为免覆盖它，不写入")
    }
}

/// Save this instance's state, merged with what is on disk now, and return the merged
/// state (the reader goes on with it).
///
/// Two instances share one file: under an exclusive lock on `state.json.lock` beside it (so
/// no other save runs in between) the file is read again and [`merge`]d with `state`, then
/// written. The write is atomic: a temp file in the same folder, flushed, then renamed over
/// the old one, so a crash leaves either the old file or the new one, never half of one.
/// The temp file is made by `tempfile` (a random name, created with O_EXCL, so a link
/// planted at a name we would use is never followed); temp files left by runs that were
/// killed are removed once they are [`STALE`]. A file that is there but cannot be read or
/// parsed (one [`load_from`] could not move aside) is never replaced: that is an error.
pub fn save_to(path: &Path, state: &State) -> std::io::Result<State> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let _lock = lock(path)?;
    let disk = match read(path) {
        Ok(None) => State::default(),
        Ok(Some(read)) => {
            if !read.dropped.is_empty() {
                // Changed since we loaded it (another version?): keep it as it was.
                let _ = keep_copy(path, &read.bytes);
            }
            read.state
        }
        Err(damage) => return Err(words::said(words::refused(damage.words()))),
    };
    let merged = merge(&disk, state, now());
    remove_stale_temps(path);
    let json = serde_json::to_string_pretty(&merged).map_err(std::io::Error::other)?;
    let mut tmp = tempfile::Builder::new().prefix(&temp_prefix(path)).tempfile_in(dir)?;
    tmp.write_all(json.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(merged)
}

/// How long a save waits for another instance's save to finish (it takes milliseconds).
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Take the exclusive lock on `state.json.lock` beside `path` (std's `File::lock`, an
/// advisory `flock`), released when the file is dropped. The lock file is created if need
/// be and never removed (removing it would let two saves lock two different files); it is
/// opened without following a link and without blocking. Another save holding it for
/// longer than [`LOCK_WAIT`] is an error; a file system without locks saves unlocked.
fn lock(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let lock_path = path.with_file_name(sibling_name(path, ".lock"));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .mode(0o600)
        .custom_flags((rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK).bits() as i32)
        .open(&lock_path)?;
    if !file.metadata()?.is_file() {
        return Err(words::said(words::lock_not_a_file(&lock_path)));
    }
    let deadline = std::time::Instant::now() + LOCK_WAIT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(words::said(words::locked(&lock_path)));
            }
            Err(std::fs::TryLockError::Error(_)) => return Ok(file),
        }
    }
}

/// A temp file older than this is left from a run that died (a write takes milliseconds).
pub const STALE: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// `state.json.tmp-`: the start of every temp file's name, ours (`tempfile`'s random
/// suffix) and the old versions' (`state.json.tmp-<pid>`).
fn temp_prefix(path: &Path) -> std::ffi::OsString {
    sibling_name(path, ".tmp-")
}

/// The name of a file beside the state file: its name (or `state.json`) and `suffix`, for
/// the `.bad-` copies, the `.lock` and the `.tmp-` files.
fn sibling_name(path: &Path, suffix: &str) -> std::ffi::OsString {
    let mut name = path.file_name().map_or_else(|| "state.json".into(), std::ffi::OsString::from);
    name.push(suffix);
    name
}

/// Remove the temp files beside `path` that are [`STALE`]: only names starting with our
/// [`temp_prefix`], only files and links (a link is removed, never what it points to), judged
/// by their own modification time. Best effort: what cannot be removed stays.
fn remove_stale_temps(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let (Some(dir), prefix) = (path.parent(), temp_prefix(path)) else { return };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let now = std::time::SystemTime::now();
    for e in entries.flatten() {
        if !e.file_name().as_bytes().starts_with(prefix.as_bytes()) {
            continue;
        }
        // DirEntry::metadata does not follow links.
        let Ok(meta) = e.metadata() else { continue };
        let old = meta.modified().ok().and_then(|t| now.duration_since(t).ok()).is_some_and(|age| age > STALE);
        if old && (meta.is_file() || meta.file_type().is_symlink()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
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
        s.positions
            .insert("bundled:jixi-2017.txt".into(), Spot { paragraph: 12, offset: 40, cursor: Some(13), time: 5 });
        s.bookmarks.push(Bookmark {
            path: "a".into(),
            label: "鸡西市 2017".into(),
            paragraph: 3,
            note: "石墨".into(),
            time: 7,
        });
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
        std::fs::write(&p, "{\"last\": 3").unwrap();
        let (s, notice) = load_with(&p, |_, _| Err(std::io::Error::from_raw_os_error(30)));
        assert_eq!(s, State::default());
        let notice = notice.unwrap();
        assert!(notice.contains(&p.display().to_string()) && notice.contains("state.json.bad-"), "{notice}");
        assert!(notice.contains("无法移到") && notice.contains("不保存"), "{notice}");
        assert!(set_aside(&p).is_empty());
        // Saving refuses, and the file keeps its bytes.
        let e = save_to(&p, &State { last: Some("new".into()), ..State::default() }).unwrap_err();
        assert!(e.to_string().contains("不写入"), "{e}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "{\"last\": 3");
        // A file that cannot even be read (here: a folder) is not replaced either.
        let q = dir("folder").join("state.json");
        std::fs::create_dir_all(&q).unwrap();
        assert!(save_to(&q, &State::default()).is_err());
        assert!(q.is_dir());
    }

    #[test]
    fn load_with_moves_a_damaged_file_aside_under_the_lock() {
        let p = dir("loadlock").join("state.json");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, "{\"last\": 3, oops").unwrap();
        let good = State { last: Some("b's".into()), last_time: 7, ..State::default() };
        // Another instance B read the same damaged file; just before our rename it moves it
        // aside and saves a good state, if it can get the lock.
        let b_saved = std::cell::Cell::new(false);
        let (s, notice) = load_with(&p, |from, to| {
            let lock = std::fs::File::options()
                .write(true)
                .create(true)
                .truncate(false)
                .open(p.with_file_name("state.json.lock"))
                .unwrap();
            if lock.try_lock().is_ok() {
                std::fs::rename(&p, p.with_file_name("state.json.bad-b")).unwrap();
                std::fs::write(&p, serde_json::to_string(&good).unwrap()).unwrap();
                b_saved.set(true);
            }
            drop(lock);
            std::fs::rename(from, to)
        });
        assert_eq!(s, State::default());
        assert!(notice.unwrap().contains("已原样移到"));
        assert!(!b_saved.get(), "B got the lock while we were between reading and renaming");
        // B saves once we are done: its good state is the file, and nothing good was moved.
        save_to(&p, &good).unwrap();
        assert_eq!(load_from(&p), (good, None));
        for q in set_aside(&p) {
            assert_eq!(std::fs::read_to_string(&q).unwrap(), "{\"last\": 3, oops", "{q:?}");
        }
    }

    #[test]
    fn a_state_json_fifo_is_a_notice_not_a_hang_and_is_left_alone() {
        use std::os::unix::fs::FileTypeExt;
        let d = dir("fifo");
        std::fs::create_dir_all(&d).unwrap();
        let p = d.join("state.json");
        rustix::fs::mkfifoat(rustix::fs::CWD, &p, rustix::fs::Mode::from_raw_mode(0o600)).unwrap();
        // No writer: reading it as before would block here for ever, on a blank screen.
        let (s, notice) = load_from(&p);
        assert_eq!(s, State::default());
        let notice = notice.unwrap();
        assert!(notice.contains(&p.display().to_string()) && notice.contains("命名管道"), "{notice}");
        assert!(notice.contains("不保存"), "{notice}");
        // Not moved, and never written over.
        assert!(std::fs::symlink_metadata(&p).unwrap().file_type().is_fifo());
        assert!(set_aside(&p).is_empty());
        let e = save_to(&p, &State { last: Some("x".into()), ..State::default() }).unwrap_err();
        assert!(e.to_string().contains("不写入"), "{e}");
        assert!(std::fs::symlink_metadata(&p).unwrap().file_type().is_fifo());
    }

    #[test]
    fn a_state_json_linked_to_dev_zero_is_a_notice_not_endless_memory() {
        let d = dir("zero");
        std::fs::create_dir_all(&d).unwrap();
        let p = d.join("state.json");
        std::os::unix::fs::symlink("/dev/zero", &p).unwrap();
        let (s, notice) = load_from(&p);
        assert_eq!(s, State::default());
        let notice = notice.unwrap();
        assert!(notice.contains("字符设备") && notice.contains("不保存"), "{notice}");
        // The link stays, pointing where it did; a save does not replace it.
        assert!(save_to(&p, &State { last: Some("x".into()), ..State::default() }).is_err());
        assert_eq!(std::fs::read_link(&p).unwrap(), Path::new("/dev/zero"));
        assert!(set_aside(&p).is_empty());
        // A regular file past the limit is damage: moved aside whole, then a fresh start.
        let big = vec![b' '; LIMIT as usize + 1];
        std::fs::remove_file(&p).unwrap();
        std::fs::write(&p, &big).unwrap();
        let (s, notice) = load_from(&p);
        assert_eq!(s, State::default());
        assert!(notice.unwrap().contains("过大：超过 16 MiB"));
        let aside = set_aside(&p);
        assert_eq!(aside.len(), 1);
        assert_eq!(std::fs::metadata(&aside[0]).unwrap().len(), LIMIT + 1);
        assert!(!p.exists());
    }

    #[test]
    fn a_null_bookmarks_field_keeps_the_positions() {
        let p = dir("null").join("state.json");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let text = r#"{"last": "a", "bookmarks": null,
            "positions": {"a": {"paragraph": 12, "offset": 3, "cursor": 13}, "b": {"paragraph": 2}}}"#;
        std::fs::write(&p, text).unwrap();
        let (s, notice) = load_from(&p);
        assert_eq!(s.last.as_deref(), Some("a"));
        assert_eq!(s.positions.get("a"), Some(&Spot { paragraph: 12, offset: 3, cursor: Some(13), time: 0 }));
        assert_eq!(s.positions.get("b"), Some(&Spot { paragraph: 2, offset: 0, cursor: None, time: 0 }));
        assert!(s.bookmarks.is_empty());
        let notice = notice.unwrap();
        assert!(notice.contains("字段 bookmarks") && notice.contains("其余照常"), "{notice}");
        // The file as it was is kept beside it; the state file itself is not moved.
        let aside = set_aside(&p);
        assert_eq!(aside.len(), 1, "{aside:?}");
        assert_eq!(std::fs::read_to_string(&aside[0]).unwrap(), text);
        assert!(notice.contains(&aside[0].display().to_string()), "{notice}");
        // A save keeps what was read.
        save_to(&p, &s).unwrap();
        assert_eq!(load_from(&p), (s, None));
    }

    #[test]
    fn repeated_bad_copies_are_not_kept_twice() {
        let p = dir("repeat").join("state.json");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        // A newer version's entries this one cannot parse.
        let text = r#"{"last": "a", "bookmarks": null, "positions": {"a": {"paragraph": 2}}}"#;
        std::fs::write(&p, text).unwrap();
        let (mut s, notice) = load_from(&p);
        assert!(notice.unwrap().contains("原文件已另存到"));
        s.set_last("b", now());
        save_to(&p, &s).unwrap();
        // The other version writes the same again; this one saves again.
        std::fs::write(&p, text).unwrap();
        save_to(&p, &s).unwrap();
        let aside = set_aside(&p);
        assert_eq!(aside.len(), 1, "{aside:?}");
        assert_eq!(std::fs::read_to_string(&aside[0]).unwrap(), text);
        // Different bytes are kept, once.
        let other = r#"{"last": "a", "bookmarks": 5}"#;
        std::fs::write(&p, other).unwrap();
        save_to(&p, &s).unwrap();
        std::fs::write(&p, other).unwrap();
        save_to(&p, &s).unwrap();
        assert_eq!(set_aside(&p).len(), 2);
    }

    #[test]
    fn one_bad_bookmark_among_good_ones_drops_only_that_one() {
        let p = dir("onebad").join("state.json");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let text = r#"{"bookmarks": [
            {"path": "a", "label": "鸡西市 2017", "paragraph": 3, "note": "石墨"},
            {"path": "b", "label": "吉林市 2018", "paragraph": "三"},
            {"path": "c", "label": "齐齐哈尔市 2022", "paragraph": 7}],
            "positions": {"a": {"paragraph": 1}, "b": {"paragraph": -1}, "c": 5},
            "last": ["not", "a", "path"]}"#;
        std::fs::write(&p, text).unwrap();
        let (s, notice) = load_from(&p);
        let kept: Vec<(&str, usize)> = s.bookmarks.iter().map(|b| (b.path.as_str(), b.paragraph)).collect();
        assert_eq!(kept, [("a", 3), ("c", 7)]);
        assert_eq!(s.bookmarks[0].note, "石墨");
        assert_eq!(s.positions.keys().collect::<Vec<_>>(), ["a"]);
        assert_eq!(s.last, None);
        let notice = notice.unwrap();
        assert!(
            notice.contains("书签 1 个") && notice.contains("位置 2 处") && notice.contains("字段 last"),
            "{notice}"
        );
        // Not JSON at all is still moved aside whole, as before (see damaged_state_json_is_moved_aside_not_overwritten);
        // nor is JSON that is not an object.
        std::fs::write(&p, "[1, 2]").unwrap();
        let (s, notice) = load_from(&p);
        assert_eq!(s, State::default());
        assert!(notice.unwrap().contains("不是一个 JSON 对象"));
        assert!(!p.exists());
    }

    #[test]
    fn a_symlink_planted_at_the_old_temp_name_is_not_followed() {
        let d = dir("plant");
        std::fs::create_dir_all(&d).unwrap();
        let p = d.join("state.json");
        // The name the old code wrote through: state.json.tmp-<pid>.
        let target = d.join("precious.txt");
        std::fs::write(&target, "do not touch").unwrap();
        let planted = d.join(format!("state.json.tmp-{}", std::process::id()));
        std::os::unix::fs::symlink(&target, &planted).unwrap();
        let s = State { last: Some("a".into()), ..State::default() };
        save_to(&p, &s).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "do not touch");
        assert!(std::fs::symlink_metadata(&p).unwrap().is_file(), "state.json is a file of its own");
        assert_eq!(load_from(&p), (s, None));
        // A fresh link is not ours to judge yet: it stays.
        assert!(std::fs::symlink_metadata(&planted).unwrap().file_type().is_symlink());
    }

    /// `msg` without `path`: no ASCII letters left (no English words of the system's).
    fn no_english_but(msg: &str, path: &Path) -> bool {
        !msg.replace(&path.display().to_string(), "").chars().any(|c| c.is_ascii_alphabetic())
    }

    #[test]
    fn save_errors_mix_no_languages() {
        // The lock file is a link: the system says "Too many levels of symbolic links".
        let d = dir("savewords");
        std::fs::create_dir_all(&d).unwrap();
        let p = d.join("state.json");
        std::os::unix::fs::symlink(d.join("elsewhere"), d.join("state.json.lock")).unwrap();
        let e = save_to(&p, &State::default()).unwrap_err();
        let msg = words::not_saved(&p, &e);
        let eloop = rustix::io::Errno::LOOP.raw_os_error();
        assert!(msg.starts_with("无法保存状态到 ") && msg.contains(&format!("系统错误码 {eloop}")), "{msg}");
        assert!(no_english_but(&msg, &p), "{msg}");
        // A folder that is a file: the system's words ("Not a directory", "File exists").
        let file = d.join("file");
        std::fs::write(&file, "").unwrap();
        let q = file.join("state.json");
        let e = save_to(&q, &State::default()).unwrap_err();
        let msg = words::not_saved(&q, &e);
        assert!(msg.contains("系统错误码") && no_english_but(&msg, &q), "{msg}");
        // tempfile's "… at path …" wrapping.
        let e = tempfile::Builder::new().tempfile_in(d.join("gone")).unwrap_err();
        assert!(e.to_string().contains("at path"), "{e}");
        let msg = words::not_saved(&p, &e);
        assert!(msg.ends_with("：没有这个文件或文件夹") && no_english_but(&msg, &p), "{msg}");
        // Our own words stay as they are.
        let msg = words::not_saved(&p, &words::said(words::locked(&d.join("state.json.lock"))));
        assert!(msg.ends_with("这次未保存"), "{msg}");
    }

    #[test]
    fn stale_temp_files_from_killed_runs_are_removed() {
        let d = dir("stale");
        std::fs::create_dir_all(&d).unwrap();
        let p = d.join("state.json");
        let two_hours_ago = std::time::SystemTime::now() - 2 * STALE;
        let age = |q: &Path| {
            let f = std::fs::File::options().write(true).open(q).unwrap();
            f.set_modified(two_hours_ago).unwrap();
        };
        // Left by killed runs: the old name (pid) and tempfile's (random).
        let old_style = d.join("state.json.tmp-4242");
        let new_style = d.join("state.json.tmp-Xy3kQz");
        // Another instance writing right now, and files that are not ours.
        let fresh = d.join("state.json.tmp-Ab12Cd");
        let others = [d.join("notes.txt"), d.join("other.json.tmp-4242"), d.join("state.json.bad-1")];
        for q in [&old_style, &new_style, &fresh].into_iter().chain(&others) {
            std::fs::write(q, "{\"last\": \"half").unwrap();
        }
        for q in [&old_style, &new_style].into_iter().chain(&others) {
            age(q);
        }
        // An old link at our name: the link goes, what it points to stays.
        let target = d.join("target.txt");
        std::fs::write(&target, "kept").unwrap();
        let link = d.join("state.json.tmp-link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let ts = rustix::fs::Timestamps {
            last_access: rustix::fs::Timespec { tv_sec: 0, tv_nsec: 0 },
            last_modification: rustix::fs::Timespec { tv_sec: 0, tv_nsec: 0 },
        };
        rustix::fs::utimensat(rustix::fs::CWD, &link, &ts, rustix::fs::AtFlags::SYMLINK_NOFOLLOW).unwrap();

        save_to(&p, &State { last: Some("b".into()), ..State::default() }).unwrap();
        assert!(!old_style.exists() && !new_style.exists());
        assert!(std::fs::symlink_metadata(&link).is_err(), "the stale link is gone");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept");
        assert!(fresh.exists());
        for q in &others {
            assert!(q.exists(), "{q:?}");
        }
        // And no temp file of this save is left behind.
        let left: Vec<String> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("state.json.tmp-"))
            .collect();
        assert_eq!(left, ["state.json.tmp-Ab12Cd"]);
    }

    fn mark(path: &str, paragraph: usize) -> Bookmark {
        Bookmark { path: path.into(), label: format!("{path} 2017"), paragraph, note: String::new(), time: 0 }
    }

    fn marks(s: &State) -> Vec<(&str, usize)> {
        s.bookmarks.iter().map(|b| (b.path.as_str(), b.paragraph)).collect()
    }

    fn at(paragraph: usize) -> Option<Spot> {
        Some(Spot { paragraph, offset: 0, cursor: Some(paragraph), time: 0 })
    }

    #[test]
    fn two_instances_lose_no_bookmarks_merge_keeps_both_and_deletes_and_newer_positions() {
        // A file from before times were kept: every entry is time 0.
        let old = r#"{"last": "r", "positions": {"r": {"paragraph": 5}},
            "bookmarks": [{"path": "x", "label": "x 2017", "paragraph": 1}]}"#;
        let p = dir("merge").join("state.json");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, old).unwrap();
        let (base, notice) = load_from(&p);
        assert_eq!((marks(&base), base.last_time, base.positions["r"].time, notice), (vec![("x", 1)], 0, 0, None));

        // Both instances start from it; each adds its own bookmark and moves.
        let (mut a, mut b) = (base.clone(), base.clone());
        assert!(a.add_bookmark(mark("a", 2), 100));
        assert!(b.add_bookmark(mark("b", 3), 110));
        a.set_position("r", at(9), 105);
        b.set_position("r", at(3), 115);
        a.set_position("s", at(4), 106);
        a.set_last("s", 150);
        b.set_last("r", 140);
        for m in [merge(&b, &a, 200), merge(&a, &b, 200)] {
            let mut got = marks(&m);
            got.sort();
            assert_eq!(got, [("a", 2), ("b", 3), ("x", 1)], "both new bookmarks kept");
            assert_eq!(m.positions["r"].paragraph, 3, "the newer position of r (b's) wins");
            assert_eq!(m.positions["s"].paragraph, 4, "a's only position is kept");
            assert_eq!(m.last.as_deref(), Some("s"), "the newer last report");
        }
        assert_eq!(marks(&merge(&b, &a, 200)), [("x", 1), ("a", 2), ("b", 3)], "mine first, in my order");

        // a deletes x; b, still holding it, does not bring it back, either way round.
        let x = a.delete_bookmark(0, 120).unwrap();
        assert_eq!(x.path, "x");
        for m in [merge(&b, &a, 200), merge(&a, &b, 200)] {
            assert!(!marks(&m).contains(&("x", 1)), "{:?}", marks(&m));
            assert_eq!(m.deleted.len(), 1);
        }
        // Undone later (after the delete was saved): back, newer than its deletion.
        let saved = merge(&b, &a, 200);
        let mut undone = saved.clone();
        undone.restore_bookmark(0, x, 121);
        assert!(marks(&merge(&saved, &undone, 200)).contains(&("x", 1)));
        // Added again later by a third instance: back as well. (a stamped its deletion past
        // the newest time it knew, its last report's 150: a logical clock.)
        assert_eq!(saved.deleted[0].time, 151);
        let mut c = State::default();
        c.add_bookmark(mark("x", 1), 160);
        assert!(marks(&merge(&saved, &c, 200)).contains(&("x", 1)));

        // Back at the top is a change too, newer than b's place.
        a.set_position("r", None, 210);
        assert!(merge(&b, &a, 220).positions["r"].is_top());
        // An unchanged place keeps its time: only looking does not win.
        b.set_position("r", at(3), 300);
        assert_eq!(b.positions["r"].time, 115);
        // Deletions and tops are forgotten after FORGET.
        let later = 210 + FORGET.as_millis() as u64 + 1;
        let m = merge(&b, &a, later);
        assert!(m.deleted.is_empty() && !m.positions.contains_key("r"), "{m:?}");
    }

    #[test]
    fn wall_clock_times_going_backwards_lose_no_edits() {
        let p = dir("clock").join("state.json");
        let ten = now();
        let minutes = |m: u64| m * 60 * 1000;
        let mut s = State::default();
        s.add_bookmark(mark("x", 1), ten - minutes(5));
        s.set_position("r", at(9), ten - minutes(5));
        s.set_last("r", ten - minutes(5));
        let mut s = save_to(&p, &s).unwrap();
        // Deleted at 10:00 and saved: the file holds the deletion at 10:00.
        s.delete_bookmark(0, ten).unwrap();
        s.set_position("r", at(20), ten);
        s.set_last("s", ten);
        let mut s = save_to(&p, &s).unwrap();
        // The clock steps back two minutes: added again at 9:59:30, moved, another report.
        let back = ten - minutes(2) + 30_000;
        assert!(s.add_bookmark(mark("x", 1), back));
        s.set_position("r", at(3), back);
        s.set_last("r", back);
        let merged = save_to(&p, &s).unwrap();
        assert_eq!(marks(&merged), [("x", 1)], "the bookmark added last stays");
        assert!(merged.deleted.is_empty(), "{:?}", merged.deleted);
        assert_eq!(merged.positions["r"].paragraph, 3, "the place reached last wins");
        assert_eq!(merged.last.as_deref(), Some("r"), "the report opened last wins");
        assert_eq!(load_from(&p).0, merged);
        // Every stamp is past everything the state knew, even with the clock at 0.
        let t = merged.stamp(0);
        assert!(t > ten && merged.stamp(u64::MAX) == u64::MAX, "{t}");
    }

    fn queries(s: &State) -> Vec<&str> {
        s.history.iter().map(|r| r.query.as_str()).collect()
    }

    #[test]
    fn two_instances_search_histories_merge_as_the_union_newest_first() {
        let mut a = State::default();
        let mut b = State::default();
        a.add_query("石墨", 100);
        b.add_query("营商环境", 110);
        a.add_query("乡村振兴", 120);
        // b searched 石墨 again later than a did: its time wins, and it is listed once.
        b.add_query("石墨", 130);
        for m in [merge(&a, &b, 200), merge(&b, &a, 200)] {
            assert_eq!(queries(&m), ["石墨", "乡村振兴", "营商环境"]);
            assert_eq!(m.history[0].time, 130);
        }
        // Through the file, as two instances save it.
        let p = dir("history").join("state.json");
        save_to(&p, &a).unwrap();
        let merged = save_to(&p, &b).unwrap();
        assert_eq!(queries(&merged), ["石墨", "乡村振兴", "营商环境"]);
        assert_eq!(load_from(&p), (merged.clone(), None));
        // A later stamp is past every history time too.
        assert!(merged.stamp(0) > 130);
    }

    #[test]
    fn a_query_is_kept_trimmed_and_at_most_a_thousand_chars() {
        let mut s = State::default();
        assert!(s.add_query("石墨 ", 1));
        assert!(s.add_query(" 石墨", 2));
        assert_eq!(s.history.len(), 1, "石墨 with spaces is 石墨");
        assert_eq!(s.history[0].query, "石墨");
        s.add_query(&"字".repeat(5000), 3);
        assert_eq!(s.history[0].query.chars().count(), MAX_QUERY_CHARS);
    }

    #[test]
    fn the_search_history_keeps_the_newest_hundred() {
        let mut s = State::default();
        for i in 0..HISTORY + 20 {
            s.add_query(&format!("q{i}"), i as u64);
        }
        assert_eq!(s.history.len(), HISTORY);
        assert_eq!(s.history[0].query, format!("q{}", HISTORY + 19));
        assert_eq!(s.history[HISTORY - 1].query, "q20");
        // Used again: to the front, not twice; a blank query is not kept.
        assert!(s.add_query("q50", 1000));
        assert!(!s.add_query("  ", 1001));
        assert_eq!(
            (s.history.len(), s.history[0].query.as_str(), s.history[1].query.as_str()),
            (HISTORY, "q50", "q119")
        );
        assert_eq!(s.history.iter().filter(|r| r.query == "q50").count(), 1);
        // Two full histories merged: still a hundred, the newest of both.
        let mut other = State::default();
        for i in 0..HISTORY {
            other.add_query(&format!("r{i}"), 2000 + i as u64);
        }
        let m = merge(&s, &other, 5000);
        assert_eq!(m.history.len(), HISTORY);
        assert!(m.history.iter().all(|r| r.query.starts_with('r')), "{:?}", queries(&m));
    }

    #[test]
    fn a_bad_search_history_entry_drops_only_itself() {
        let p = dir("badhistory").join("state.json");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let text = r#"{"last": "a", "history": [
            {"query": "石墨", "time": 30},
            {"query": 5, "time": 20},
            "营商环境",
            {"query": "乡村振兴", "time": 10},
            {"query": "石墨", "time": 5}]}"#;
        std::fs::write(&p, text).unwrap();
        let (s, notice) = load_from(&p);
        assert_eq!(queries(&s), ["石墨", "乡村振兴"]);
        assert_eq!(s.history[0].time, 30);
        assert_eq!(s.last.as_deref(), Some("a"));
        let notice = notice.unwrap();
        assert!(notice.contains("搜索记录 2 条") && notice.contains("其余照常"), "{notice}");
        // Not a list at all: that field goes, the rest stays.
        std::fs::write(&p, r#"{"last": "a", "history": {"query": "石墨"}}"#).unwrap();
        let (s, notice) = load_from(&p);
        assert!(s.history.is_empty() && s.last.as_deref() == Some("a"));
        assert!(notice.unwrap().contains("字段 history"));
        // A file from before the history loads as it did, without a notice.
        std::fs::write(&p, r#"{"last": "a", "positions": {"a": {"paragraph": 2}}}"#).unwrap();
        let (s, notice) = load_from(&p);
        assert_eq!((s.history.len(), s.positions.len(), notice), (0, 1, None));
    }

    #[test]
    fn two_instances_lose_no_bookmarks_saves_merge_with_the_file() {
        let p = dir("saves").join("state.json");
        save_to(&p, &State { bookmarks: vec![mark("x", 1)], ..State::default() }).unwrap();
        // Two instances load the same file, each adds a bookmark, both quit.
        let (mut a, _) = load_from(&p);
        let (mut b, _) = load_from(&p);
        a.add_bookmark(mark("a", 2), now());
        b.add_bookmark(mark("b", 3), now());
        save_to(&p, &a).unwrap();
        let merged = save_to(&p, &b).unwrap();
        let (on_disk, _) = load_from(&p);
        assert_eq!(on_disk, merged);
        assert_eq!(marks(&on_disk), [("x", 1), ("b", 3), ("a", 2)]);
        // One deletes x and saves; the other, still holding x, saves again: x stays deleted.
        let mut a = save_to(&p, &a).unwrap();
        a.delete_bookmark(0, now() + 1).unwrap();
        save_to(&p, &a).unwrap();
        save_to(&p, &b).unwrap();
        assert_eq!(marks(&load_from(&p).0), [("b", 3), ("a", 2)]);
        assert!(std::fs::symlink_metadata(p.with_file_name("state.json.lock")).unwrap().is_file());
    }

    #[test]
    fn saves_contending_for_the_lock_lose_no_bookmarks() {
        const N: usize = 8;
        let p = dir("contend").join("state.json");
        save_to(&p, &State { bookmarks: vec![mark("x", 0)], ..State::default() }).unwrap();
        let start = std::sync::Barrier::new(N);
        std::thread::scope(|scope| {
            for i in 1..=N {
                let (p, start) = (&p, &start);
                scope.spawn(move || {
                    let (mut s, notice) = load_from(p);
                    assert_eq!(notice, None);
                    assert!(s.add_bookmark(mark(&format!("t{i}"), i), now()));
                    start.wait();
                    save_to(p, &s).unwrap();
                });
            }
        });
        let mut got = marks(&load_from(&p).0).into_iter().map(|(p, i)| (p.to_string(), i)).collect::<Vec<_>>();
        got.sort();
        let mut want: Vec<(String, usize)> = (1..=N).map(|i| (format!("t{i}"), i)).collect();
        want.push(("x".into(), 0));
        want.sort();
        assert_eq!(got, want);
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
