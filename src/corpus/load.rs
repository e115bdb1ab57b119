//! Loading reports from the bundled assets or from the user's files and folders.
//! A thin I/O layer over `parse`: a bad file becomes a `Problem`, the rest goes on.
//! After `parse`, a row of the folder's `catalog.tsv` (see `catalog`) is put onto the report.

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

    /// The report loaded from `path`.
    pub fn find_path(&self, path: &str) -> Option<ReportId> {
        self.reports.iter().position(|r| r.path == path).map(|i| ReportId(i as u32))
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
    /// named directly is read whatever its name).
    pub fn load(paths: &[PathBuf]) -> Corpus {
        let (files, mut problems) = walk(paths);
        let bytes = AtomicU64::new(0);
        let results: Vec<_> = files
            .par_iter()
            .map(|(f, row)| {
                let (shown, read, r) = load_file(f, row.as_ref());
                bytes.fetch_add(read, Ordering::Relaxed);
                (shown, r)
            })
            .collect();
        let mut corpus = Corpus::from_results(results);
        corpus.files = files.len();
        corpus.bytes = bytes.into_inner();
        problems.append(&mut corpus.problems);
        corpus.problems = problems;
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
        let shown = path.display().to_string();
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

/// Read and parse one file, then put its catalogue row on it: its path as shown, the bytes
/// read, and the report or the reason.
fn load_file(path: &Path, row: Option<&Row>) -> (String, u64, Result<Report, String>) {
    let shown = path.display().to_string();
    match read_file(path) {
        Ok(bytes) => {
            let mut r = parse(&shown, &bytes).map_err(|e| e.to_string());
            if let (Ok(report), Some(row)) = (&mut r, row) {
                catalog::apply(row, report);
            }
            (shown, bytes.len() as u64, r)
        }
        Err(reason) => (shown, 0, Err(reason)),
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!("too large ({} MB; reports are under 64 MB)", meta.len() / (1024 * 1024)));
    }
    std::fs::read(path).map_err(|e| io_reason(&e))
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
    let shown = path.display().to_string();
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
        // A FIFO, socket or device: reading it could block forever.
        if named || is_report_file(path) {
            problems.push(Problem { path: shown, reason: "not a regular file".into() });
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
}

/// Loads files on background threads, in parallel; reports arrive on `rx` as they are
/// parsed, so a reader can show the first ones at once.
pub struct Loader {
    pub rx: Receiver<Loaded>,
    pub progress: Arc<Progress>,
    pub started: Instant,
}

impl Loader {
    pub fn spawn(paths: Vec<PathBuf>) -> Loader {
        let (tx, rx) = mpsc::channel();
        let progress = Arc::new(Progress::default());
        let p = Arc::clone(&progress);
        std::thread::spawn(move || {
            let (files, problems) = walk(&paths);
            for pr in problems {
                let _ = tx.send(Loaded::Problem(pr));
            }
            let sizes: Vec<u64> = files.iter().map(|(f, _)| std::fs::metadata(f).map_or(0, |m| m.len())).collect();
            p.files_total.store(files.len(), Ordering::Relaxed);
            p.bytes_total.store(sizes.iter().sum(), Ordering::Relaxed);
            p.walked.store(true, Ordering::Relaxed);
            files.par_iter().zip(sizes.par_iter()).for_each_with(tx, |tx, ((f, row), &size)| {
                let msg = match load_file(f, row.as_ref()) {
                    (_, _, Ok(r)) => Loaded::Report(Box::new(r)),
                    (path, _, Err(reason)) => Loaded::Problem(Problem { path, reason }),
                };
                p.bytes_done.fetch_add(size, Ordering::Relaxed);
                p.files_done.fetch_add(1, Ordering::Relaxed);
                let _ = tx.send(msg);
            });
            p.finished.store(true, Ordering::Relaxed);
        });
        Loader { rx, progress, started: Instant::now() }
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
            }
        }
        self.reorder();
    }
}
