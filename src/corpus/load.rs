//! Loading reports from the bundled assets or from the user's files and folders.
//! A thin I/O layer over `parse`: a bad file becomes a `Problem`, the rest goes on.
//! After `parse`, a row of the folder's `catalog.tsv` (see `catalog`) is put onto the report.

use super::cache::{Cache, Stamp};
use super::catalog::{self, Row};
use super::model::Report;
use super::parse::parse;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::Instant;

/// Files larger than this are not reports.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Folders deeper than this are not walked.
const MAX_DEPTH: usize = 32;

// The reports and catalogues compiled into the binary, listed by build.rs from every `.txt`
// and `catalog.tsv` under `assets/reports/`: `BUNDLED` and `BUNDLED_CATALOGUES`, each as
// (path under `assets/reports/`, bytes), e.g. ("national/1954.txt", …).
include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// A file that was skipped, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub reason: String,
}

/// A report's stable id: its place in load order. Given once, when the report joins the
/// corpus, and never changed: reports that arrive later get new ids, and nothing is ever
/// re-sorted, so an id held by a pane, a hit, a jump or the picker stays valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize)]
#[serde(transparent)]
pub struct ReportId(pub u32);

impl ReportId {
    /// Its position in [`Corpus::by_id`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The reports (by id, in load order), the tree order over them, and the files that could
/// not be read as reports.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    /// By id. Shared, so that a snapshot of the corpus is cheap to take while loading goes on.
    reports: Vec<Arc<Report>>,
    /// Tree order: by division code (national first, unknown places last), then year.
    order: Vec<ReportId>,
    /// Each id's position in `order`.
    rank: Vec<u32>,
    pub problems: Vec<Problem>,
    /// What went wrong that cost no report: damaged cache entries, discarded.
    pub notices: Vec<Problem>,
    /// Files read and their bytes, for `--stats`.
    pub files: usize,
    pub bytes: u64,
}

impl std::ops::Index<ReportId> for Corpus {
    type Output = Report;
    fn index(&self, id: ReportId) -> &Report {
        &self.reports[id.index()]
    }
}

impl Corpus {
    pub fn len(&self) -> usize {
        self.reports.len()
    }

    pub fn is_empty(&self) -> bool {
        self.reports.is_empty()
    }

    /// The report with this id, if there is one.
    pub fn get(&self, id: ReportId) -> Option<&Arc<Report>> {
        self.reports.get(id.index())
    }

    /// Every report, by id (load order): position `i` holds `ReportId(i)`.
    pub fn by_id(&self) -> &[Arc<Report>] {
        &self.reports
    }

    /// The ids in tree order.
    pub fn order(&self) -> &[ReportId] {
        &self.order
    }

    /// Where `id` stands in tree order (for sorting ties the way the tree shows them).
    pub fn rank(&self, id: ReportId) -> usize {
        self.rank.get(id.index()).map_or(usize::MAX, |&r| r as usize)
    }

    /// (id, report) in tree order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (ReportId, &Arc<Report>)> + '_ {
        self.order.iter().map(|&id| (id, &self.reports[id.index()]))
    }

    /// The reports in tree order.
    pub fn reports(&self) -> impl DoubleEndedIterator<Item = &Arc<Report>> + '_ {
        self.order.iter().map(|&id| &self.reports[id.index()])
    }

    /// The report loaded from `path` (as shown).
    pub fn find_path(&self, path: &str) -> Option<ReportId> {
        self.reports.iter().position(|r| r.path == path).map(|i| ReportId(i as u32))
    }

    /// The report the saved state knows as `key` ([`Report::state_key`]).
    pub fn find_key(&self, key: &str) -> Option<ReportId> {
        // State files from before keys were canonical named a report by its path as typed;
        // an absolute one is still unambiguous (a relative one is not: it was the bug).
        let old = key.starts_with('/');
        let at = self.reports.iter().position(|r| r.state_key() == key);
        at.or_else(|| self.reports.iter().position(|r| old && r.path == key)).map(|i| ReportId(i as u32))
    }

    /// A corpus of these reports, ids in the order given.
    pub fn from_reports(reports: impl IntoIterator<Item = Arc<Report>>) -> Corpus {
        let mut c = Corpus::default();
        for r in reports {
            c.push(r);
        }
        c.reorder();
        c
    }

    /// Add a report; it gets the next id. Call [`Corpus::reorder`] after a batch.
    pub fn push(&mut self, report: Arc<Report>) -> ReportId {
        let id = ReportId(self.reports.len() as u32);
        self.reports.push(report);
        id
    }

    /// Keep only the reports `keep` accepts. Ids are given afresh, so only for a corpus
    /// nobody holds ids into yet (tests, a filter before the reader starts).
    pub fn retain(&mut self, keep: impl FnMut(&Arc<Report>) -> bool) {
        let mut keep = keep;
        self.reports.retain(|r| keep(r));
        self.reorder();
    }

    /// The bundled reports.
    pub fn bundled() -> Corpus {
        let mut problems = Vec::new();
        let rows = bundled_catalogues(&mut problems);
        let results: Vec<_> = BUNDLED
            .par_iter()
            .map(|(name, bytes)| {
                let shown = format!("bundled:{name}");
                let mut r = parse(&shown, bytes);
                if let (Ok(report), Some(row)) = (&mut r, rows.get(*name)) {
                    catalog::apply(row, report);
                }
                (shown, r)
            })
            .collect();
        let mut c = Corpus::from_results(results);
        c.files = BUNDLED.len();
        c.bytes = BUNDLED.iter().map(|(_, b)| b.len() as u64).sum();
        problems.append(&mut c.problems);
        c.problems = problems;
        c
    }

    /// Load the given files and folders (folders recursively, for the files `is_report_file` takes; a file
    /// named directly is read whatever its name). No cache: every file is parsed.
    pub fn load(paths: &[PathBuf]) -> Corpus {
        Corpus::load_with(paths, &Cache::off())
    }

    /// [`Corpus::load`], taking the reports `cache` holds for unchanged files from it, and
    /// keeping there the ones it had to parse.
    pub fn load_with(paths: &[PathBuf], cache: &Cache) -> Corpus {
        let (files, mut problems) = walk(paths);
        let bytes = AtomicU64::new(0);
        let results: Vec<_> = files
            .par_iter()
            .map(|(f, row)| {
                let (shown, read, r) = load_file(f, row.as_ref(), cache);
                bytes.fetch_add(read, Ordering::Relaxed);
                (shown, r)
            })
            .collect();
        let mut corpus = Corpus::from_results(results);
        corpus.files = files.len();
        corpus.bytes = bytes.into_inner();
        problems.append(&mut corpus.problems);
        corpus.problems = problems;
        cache.finish();
        corpus.notices = cache.take_notices();
        corpus
    }

    fn from_results<E: ToString>(results: Vec<(String, Result<Report, E>)>) -> Corpus {
        let mut c = Corpus::default();
        for (path, r) in results {
            match r {
                Ok(rep) => {
                    c.push(Arc::new(rep));
                }
                Err(e) => c.problems.push(Problem { path, reason: e.to_string() }),
            }
        }
        c.reorder();
        c
    }

    /// Work out the tree order again (after reports were added): by division code
    /// (national first, unknown places last), then year, place and path. Ids do not change.
    pub fn reorder(&mut self) {
        let reports = &self.reports;
        let mut order: Vec<ReportId> = (0..reports.len() as u32).map(ReportId).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&reports[a.index()], &reports[b.index()]);
            let key = |r: &Report| {
                let national = r.meta.level == Some(super::Level::National);
                (!national, r.meta.code.is_none(), r.meta.code, r.meta.year)
            };
            key(a).cmp(&key(b)).then_with(|| a.meta.place.cmp(&b.meta.place)).then_with(|| a.path.cmp(&b.path))
        });
        let mut rank = vec![0u32; order.len()];
        for (pos, id) in order.iter().enumerate() {
            rank[id.index()] = pos as u32;
        }
        self.order = order;
        self.rank = rank;
    }
}

/// The rows of the bundled catalogues, by the `BUNDLED` name of the file each describes.
fn bundled_catalogues(problems: &mut Vec<Problem>) -> HashMap<String, Row> {
    let mut rows = HashMap::new();
    for (name, bytes) in BUNDLED_CATALOGUES {
        let shown = format!("bundled:{name}");
        let dir = name.strip_suffix(catalog::FILE_NAME).unwrap_or("");
        let text = match super::decode::decode(bytes) {
            Ok(d) => d.text,
            Err(e) => {
                problems.push(Problem { path: shown, reason: format!("{e}; the catalogue is not used") });
                continue;
            }
        };
        let cat = catalog::parse(&text, |f| BUNDLED.iter().any(|(n, _)| *n == format!("{dir}{f}")));
        problems.extend(cat.errors.into_iter().map(|e| Problem { path: shown.clone(), reason: e.to_string() }));
        rows.extend(cat.rows.into_iter().map(|row| (format!("{dir}{}", row.file), row)));
    }
    rows
}

/// A file found by `collect`: as named, and canonical (to match catalogue rows).
struct Found {
    path: PathBuf,
    canon: PathBuf,
}

/// The files to read under `paths` (folders walked for `.txt`), each with the catalogue row
/// that describes it, if any; and what could not be walked or catalogued.
fn walk(paths: &[PathBuf]) -> (Vec<(PathBuf, Option<Row>)>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut found = Vec::new();
    let mut folders = Vec::new();
    let mut seen = HashSet::new();
    for p in paths {
        collect(p, 0, true, &mut seen, &mut found, &mut folders, &mut problems);
    }
    let mut rows = catalogues(&folders, &mut problems);
    let files = found.into_iter().map(|f| (f.path, rows.remove(&f.canon))).collect();
    (files, problems)
}

/// The rows of the `catalog.tsv` in each of `folders`, by the canonical path of the file each
/// describes. A catalogue's bad lines become problems naming it and the line. When two
/// catalogues describe one file, the one read later wins: in a walk, the deeper folder's.
fn catalogues(folders: &[PathBuf], problems: &mut Vec<Problem>) -> HashMap<PathBuf, Row> {
    let mut rows = HashMap::new();
    let mut seen = HashSet::new();
    for dir in folders {
        let path = dir.join(catalog::FILE_NAME);
        if !path.is_file() || !seen.insert(std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone())) {
            continue;
        }
        let shown = crate::fsio::shown_path(&path);
        let text = match read_file(&path) {
            Ok(bytes) => match super::decode::decode(&bytes) {
                Ok(d) => d.text,
                Err(e) => {
                    problems.push(Problem { path: shown, reason: format!("{e}; the catalogue is not used") });
                    continue;
                }
            },
            Err(reason) => {
                problems.push(Problem { path: shown, reason });
                continue;
            }
        };
        let cat = catalog::parse(&text, |f| dir.join(f).is_file());
        for e in cat.errors {
            problems.push(Problem { path: shown.clone(), reason: e.to_string() });
        }
        for row in cat.rows {
            let file = dir.join(&row.file);
            rows.insert(std::fs::canonicalize(&file).unwrap_or(file), row);
        }
    }
    rows
}

/// Read and parse one file (or take it from the cache, when the cache holds this very file),
/// then put its catalogue row on it: its path as shown, the bytes read (or that the cached
/// report stands for), and the report or the reason.
fn load_file(path: &Path, row: Option<&Row>, cache: &Cache) -> (String, u64, Result<Report, String>) {
    let shown = crate::fsio::shown_path(path);
    let canon = std::fs::canonicalize(path).ok();
    // The stamp is taken before the read: a file that changes while it is read has another
    // stamp by the next run, so the entry made from it is never used.
    let stamp = match (cache.is_on(), &canon) {
        (true, Some(_)) => std::fs::metadata(path).ok().filter(|m| m.is_file()).map(|m| Stamp::of(&m)),
        _ => None,
    };
    if let (Some(stamp), Some(c)) = (stamp, &canon) {
        if let Some(mut report) = cache.get(c, &shown, stamp) {
            if let Some(row) = row {
                catalog::apply(row, &mut report);
            }
            return (shown, stamp.size(), Ok(report));
        }
        cache.missed();
    }
    match read_file(path) {
        Ok(bytes) => {
            let mut r = parse(&shown, &bytes).map_err(|e| e.to_string());
            if let Ok(report) = &mut r {
                // The state's key: the same relative path typed elsewhere is another file.
                report.key = canon.as_deref().map(crate::fsio::shown_path).unwrap_or_default();
                if let (Some(stamp), Some(c)) = (stamp, &canon) {
                    cache.put(c, stamp, report);
                }
            }
            if let (Ok(report), Some(row)) = (&mut r, row) {
                catalog::apply(row, report);
            }
            (shown, bytes.len() as u64, r)
        }
        Err(reason) => (shown, 0, Err(reason)),
    }
}

/// Read a user's file through [`crate::fsio::read_limited`]: FIFOs, devices, folders and
/// files of `/proc` and `/sys` are refused before a byte is read, and the read stops past
/// [`MAX_FILE_BYTES`] whatever the file's metadata says.
fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    read_file_limited(path, MAX_FILE_BYTES)
}

/// [`read_file`] with the limit as a parameter (so tests need no 64 MiB file).
fn read_file_limited(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    use crate::fsio::{Refused, bytes, bytes_over};
    crate::fsio::read_limited(path, limit).map_err(|e| match e {
        // The size the file says it has, when that is what was over the limit; a file that
        // says it is small but reads longer (or grows) is "more than" the limit.
        Refused::TooLarge { limit } => match std::fs::metadata(path).map(|m| m.len()) {
            Ok(size) if size > limit => {
                format!("too large: {}; the limit is {}", bytes_over(size, limit), bytes(limit))
            }
            _ => format!("too large: more than {}, the limit", bytes(limit)),
        },
        e => e.to_string(),
    })
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        _ => e.to_string(),
    }
}

/// Walk `path`: the files to read go to `files`, the folders walked to `folders`.
#[allow(clippy::too_many_arguments)]
fn collect(
    path: &Path,
    depth: usize,
    named: bool,
    seen: &mut HashSet<PathBuf>,
    files: &mut Vec<Found>,
    folders: &mut Vec<PathBuf>,
    problems: &mut Vec<Problem>,
) {
    let shown = crate::fsio::shown_path(path);
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            let reason = if e.raw_os_error() == Some(40) { "symlink loop".to_string() } else { io_reason(&e) };
            problems.push(Problem { path: shown, reason });
            return;
        }
    };
    if meta.is_dir() {
        if depth >= MAX_DEPTH {
            problems.push(Problem { path: shown, reason: "folder nested too deep; not walked".into() });
            return;
        }
        let canon = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if !seen.insert(canon) {
            return; // already walked (a symlink loop or a folder named twice)
        }
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                problems.push(Problem { path: shown, reason: io_reason(&e) });
                return;
            }
        };
        entries.sort();
        folders.push(path.to_path_buf());
        for e in entries {
            collect(&e, depth + 1, false, seen, files, folders, problems);
        }
    } else if !meta.is_file() {
        // A FIFO, socket or device (or a link to one): never opened, since reading it could
        // block for ever or never end. Named, or with a report's name, it is a problem; other
        // names are passed over like any file that is not a report.
        if named || is_report_file(path) {
            let reason = crate::fsio::Refused::NotAFile(crate::fsio::Kind::of(meta.file_type())).to_string();
            problems.push(Problem { path: shown, reason });
        }
    } else if path.file_name().is_some_and(|n| n == catalog::FILE_NAME) {
        // Read with its folder, never as a report.
        if named {
            problems.push(Problem {
                path: shown,
                reason: "a catalogue, not a report; it is read when its folder or a file in it is loaded".into(),
            });
        }
    } else if named || is_report_file(path) {
        let canon = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if named {
            // A file named on its own is described by its folder's catalogue too.
            match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => folders.push(d.to_path_buf()),
                _ => folders.push(PathBuf::from(".")),
            }
        }
        if seen.insert(canon.clone()) {
            files.push(Found { path: path.to_path_buf(), canon });
        }
    }
}

/// The files a folder is walked for: text files, and the web pages and translation
/// memories that reports are saved as.
const REPORT_EXTENSIONS: [&str; 5] = ["txt", "text", "htm", "html", "tmx"];

fn is_report_file(path: &Path) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| REPORT_EXTENSIONS.iter().any(|e| x.eq_ignore_ascii_case(e)))
}

/// Counters of a load in progress, shared with whoever shows progress.
#[derive(Debug, Default)]
pub struct Progress {
    pub files_total: AtomicUsize,
    pub files_done: AtomicUsize,
    pub bytes_total: AtomicU64,
    pub bytes_done: AtomicU64,
    /// The folders have been walked, so the totals are final.
    pub walked: AtomicBool,
    /// Every file has been parsed.
    pub finished: AtomicBool,
}

/// What the loader sends as it goes.
pub enum Loaded {
    Report(Box<Report>),
    Problem(Problem),
    /// Not a problem with a report: a damaged cache entry, discarded (the report was parsed).
    Notice(Problem),
}

/// Loads files on background threads, in parallel; reports arrive on `rx` as they are
/// parsed, so a reader can show the first ones at once.
pub struct Loader {
    pub rx: Receiver<Loaded>,
    pub progress: Arc<Progress>,
    pub started: Instant,
    /// Set by [`Loader::stop`]: the files not begun yet are left.
    cancel: Arc<AtomicBool>,
    /// Closed when the loading thread is done, the cache finished.
    done: Receiver<()>,
}

impl Loader {
    /// Load with no cache.
    pub fn spawn(paths: Vec<PathBuf>) -> Loader {
        Loader::spawn_with(paths, Arc::new(Cache::off()))
    }

    /// Load, taking unchanged files from `cache` (see [`Corpus::load_with`]).
    pub fn spawn_with(paths: Vec<PathBuf>, cache: Arc<Cache>) -> Loader {
        let (tx, rx) = mpsc::channel();
        let progress = Arc::new(Progress::default());
        let p = Arc::clone(&progress);
        let cancel = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&cancel);
        let (done_tx, done) = mpsc::channel::<()>();
        std::thread::spawn(move || {
            let _done = done_tx;
            let (files, problems) = walk(&paths);
            for pr in problems {
                let _ = tx.send(Loaded::Problem(pr));
            }
            let sizes: Vec<u64> = files.iter().map(|(f, _)| std::fs::metadata(f).map_or(0, |m| m.len())).collect();
            p.files_total.store(files.len(), Ordering::Relaxed);
            p.bytes_total.store(sizes.iter().sum(), Ordering::Relaxed);
            p.walked.store(true, Ordering::Relaxed);
            let load_all = || {
                files.par_iter().zip(sizes.par_iter()).for_each_with(tx.clone(), |tx, ((f, row), &size)| {
                    if stopped.load(Ordering::Relaxed) {
                        return;
                    }
                    let msg = match load_file(f, row.as_ref(), &cache) {
                        (_, _, Ok(r)) => Loaded::Report(Box::new(r)),
                        (path, _, Err(reason)) => Loaded::Problem(Problem { path, reason }),
                    };
                    p.bytes_done.fetch_add(size, Ordering::Relaxed);
                    p.files_done.fetch_add(1, Ordering::Relaxed);
                    let _ = tx.send(msg);
                });
            };
            // On threads of its own: in rayon's global pool, the parsing of thousands of
            // files kept every thread busy, and a search or a layout started meanwhile (they
            // use the global pool) waited in its queue until the whole folder had loaded.
            match rayon::ThreadPoolBuilder::new()
                .num_threads(rayon::current_num_threads())
                .thread_name(|i| format!("baogao-load-{i}"))
                .build()
            {
                Ok(pool) => pool.install(load_all),
                Err(_) => load_all(),
            }
            cache.finish();
            for notice in cache.take_notices() {
                let _ = tx.send(Loaded::Notice(notice));
            }
            p.finished.store(true, Ordering::Relaxed);
        });
        Loader { rx, progress, started: Instant::now(), cancel, done }
    }

    /// The reader is quitting: leave the files not begun, and wait (at most `wait`) while
    /// the ones begun finish and the cache keeps what was parsed, so that a folder left
    /// before it loaded is not parsed again from the start next time.
    pub fn stop(self, wait: std::time::Duration) {
        self.cancel.store(true, Ordering::Relaxed);
        let _ = self.done.recv_timeout(wait);
    }

    /// Everything loaded since the last call.
    pub fn drain(&self) -> Vec<Loaded> {
        self.rx.try_iter().collect()
    }

    pub fn finished(&self) -> bool {
        self.progress.finished.load(Ordering::Relaxed)
    }
}

impl Corpus {
    /// Add reports (each gets the next id) and problems, and work out the tree order again.
    pub fn extend(&mut self, loaded: Vec<Loaded>) {
        for l in loaded {
            match l {
                Loaded::Report(r) => {
                    self.push(Arc::from(r));
                }
                Loaded::Problem(p) => self.problems.push(p),
                Loaded::Notice(n) => self.notices.push(n),
            }
        }
        self.reorder();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_message_names_the_real_size_and_the_limit_at_any_limit() {
        let d = std::env::temp_dir().join(format!("baogao-load-size-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        let p = d.join("r.txt");
        std::fs::write(&p, vec![b'a'; 3 * 1024 * 1024 + 5000]).unwrap();
        assert_eq!(read_file_limited(&p, 2 * 1024 * 1024).unwrap_err(), "too large: 3.00 MiB; the limit is 2 MiB");
        assert_eq!(read_file_limited(&p, 4096).unwrap_err(), "too large: 3.00 MiB; the limit is 4 KiB");
        std::fs::write(&p, vec![b'a'; 1000]).unwrap();
        assert_eq!(read_file_limited(&p, 999).unwrap_err(), "too large: 1000 bytes; the limit is 999 bytes");
        assert_eq!(read_file_limited(&p, 1000).unwrap().len(), 1000);
        let _ = std::fs::remove_dir_all(&d);
    }
}
