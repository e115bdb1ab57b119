//! The search panel's state and the background worker that runs queries off the UI
//! thread. A newer query cancels the one still running; the worker indexes a newer
//! corpus's reports between queries.

use crate::corpus::Corpus;
use crate::search::engine::Searcher;
use crate::search::{Filter, Hit, Query};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant};

/// While a folder loads, the share of the time the worker may spend re-running the query on
/// newer snapshots: each re-run waits three times the last query's time after it. The rest
/// is the loader's: on two cores, back-to-back re-runs (and the index built meanwhile)
/// slowed loading by half, and the complete result came later for it.
const RERUN_SHARE: f64 = 0.25;

/// How many of a complete result's best hits the worker ranks; the panel ranks the rest
/// when the list is scrolled near them (n / N go by reading order, not rank). A screenful
/// is shown, and a sort of every hit cost a short pinyin prefix on 10,000 reports ~0.1 s.
pub const LIST_RANKED: usize = 1024;

/// Which reports a search covers; a key cycles through these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    All,
    /// The current report's place (with its districts and counties).
    Place,
    /// The current report only.
    Report,
}

impl Scope {
    pub fn next(self) -> Scope {
        match self {
            Scope::All => Scope::Place,
            Scope::Place => Scope::Report,
            Scope::Report => Scope::All,
        }
    }

    pub fn prev(self) -> Scope {
        match self {
            Scope::All => Scope::Report,
            Scope::Place => Scope::All,
            Scope::Report => Scope::Place,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Scope::All => "全部",
            Scope::Place => "本地",
            Scope::Report => "本报告",
        }
    }
}

/// Results of a query: final, or the best so far while it still runs.
pub struct Done {
    pub generation: u64,
    pub query: Query,
    pub hits: Vec<Hit>,
    /// Hits found so far (all of them when `complete`).
    pub found: usize,
    /// How many of those are exact.
    pub exact: usize,
    pub complete: bool,
    /// The first `ranked` hits are ranked; the rest follow them unranked (see
    /// [`crate::search::engine::rank_top`]).
    pub ranked: usize,
    /// The query found nothing exact and was retried by this pinyin: `hits` and `query`
    /// are the retry's.
    pub retried: Option<String>,
    /// The text of the query asked for.
    pub asked: String,
}

struct Request {
    generation: u64,
    text: String,
    filter: Filter,
    cancel: Arc<AtomicBool>,
}

/// What the UI thread tells the worker thread.
enum Message {
    Query(Request),
    /// A newer snapshot of the corpus; the last query is run again under this generation.
    Corpus {
        corpus: Arc<Corpus>,
        generation: u64,
        cancel: Arc<AtomicBool>,
        /// More is still loading.
        more: bool,
    },
    /// The panel closed: no query is run again on a newer corpus.
    Forget,
}

/// Worker threads alive in this process, and paragraphs they have indexed in all (each
/// paragraph once per worker: the index is extended, never rebuilt, as the corpus grows).
static LIVE_THREADS: AtomicUsize = AtomicUsize::new(0);

/// How many worker threads are running now, in this process.
pub fn live_threads() -> usize {
    LIVE_THREADS.load(Ordering::SeqCst)
}

/// Counts a worker thread as alive while it is held (a panic still counts it out).
struct Alive;

impl Alive {
    fn new() -> Alive {
        LIVE_THREADS.fetch_add(1, Ordering::SeqCst);
        Alive
    }
}

impl Drop for Alive {
    fn drop(&mut self) {
        LIVE_THREADS.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The search worker: one long-lived thread that holds the search index and runs queries
/// off the UI thread. A reader needs one Worker for its whole life, however often its
/// corpus grows.
///
/// - [`Worker::start`]`(corpus, more)` starts the thread (`more`: the folder is still
///   loading, as for [`Worker::set_corpus`]).
/// - [`Worker::submit`]`(text, filter)` asks for a query and returns its generation; the query
///   still running, if any, is cancelled.
/// - [`Worker::set_corpus`]`(corpus, more)` hands the thread a newer snapshot of the same corpus
///   (reports appended, as while a folder loads; ids unchanged). The thread indexes only the
///   new reports and runs the last submitted query again, on the new corpus, under the
///   generation returned (nothing is run if no query was submitted yet). The query still
///   running finishes first, on its snapshot, so results keep coming while a folder loads.
///   While more is loading, the index waits and re-runs are spaced out ([`RERUN_SHARE`]),
///   so that the loader keeps the cores; the re-run on the last snapshot runs at once. Call
///   it on every merge instead of starting a new Worker. (A `submit` right after it is fine
///   too: the re-run, superseded, is cancelled.)
/// - [`Worker::results`] receives [`Done`]s: the best hits so far while a long query runs
///   (`complete: false`), then all of them, ranked; each tagged with its generation, so that
///   results of older queries can be dropped. Hits carry no highlight indices.
/// - Between queries the worker indexes the reports it has not indexed yet,
///   [`crate::search::index::SLICE`] at a time, so a query waits at most for one slice; until the index is
///   whole, queries scan what it lacks, and find the same.
/// - Dropping the Worker cancels the query still running and ends the thread (after the
///   slice of the index in progress, if any).
pub struct Worker {
    tx: Sender<Message>,
    pub results: Receiver<Done>,
    generation: u64,
    cancel: Arc<AtomicBool>,
    /// Readable when results were sent (a byte per result, in a pipe): the reader's loop
    /// waits on it beside the terminal, so a result is drawn at once. None if no pipe
    /// could be made (the loop then wakes on its own, every few ms while busy).
    wake: Option<rustix::fd::OwnedFd>,
    /// The worker's end of the pipe closed (its thread ended): the pipe would read as ready
    /// for ever, so it is no longer waited on.
    wake_closed: std::cell::Cell<bool>,
    /// How many paragraphs this worker's thread has indexed (its own count: another
    /// worker, of another test running at the same time, does not add to it).
    indexed: Arc<AtomicUsize>,
}

/// Tell the reader's loop that results were sent: one byte into the pipe. A full pipe
/// already says so.
fn ring(wake: &Option<rustix::fd::OwnedFd>) {
    if let Some(w) = wake {
        let _ = rustix::io::write(w, &[1]);
    }
}

impl Worker {
    pub fn start(corpus: Arc<Corpus>, more: bool) -> Worker {
        let (tx, rx) = mpsc::channel::<Message>();
        let (done_tx, done_rx) = mpsc::channel::<Done>();
        let flags = rustix::pipe::PipeFlags::NONBLOCK | rustix::pipe::PipeFlags::CLOEXEC;
        let (wake, bell) = match rustix::pipe::pipe_with(flags) {
            Ok((r, w)) => (Some(r), Some(w)),
            Err(_) => (None, None),
        };
        // Named, so that it can be told apart (`ps -L`, and a test that it runs from the
        // start). Should the thread not start, no result ever comes, and nothing breaks.
        let indexed = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&indexed);
        let _ = thread::Builder::new().name("baogao-search".into()).spawn(move || {
            let _alive = Alive::new();
            let mut corpus = corpus;
            crate::search::pinyin::warm_up();
            // The index is built here, off the UI thread, a slice at a time between queries;
            // a query never waits for it (what is not indexed yet is scanned).
            let mut searcher = Searcher::unindexed(&corpus);
            searcher.rank_top = Some(LIST_RANKED);
            // The text and filter of the last query asked for, to run again on a newer corpus.
            let mut asked: Option<(String, Filter)> = None;
            // The folder is still loading (the last corpus said so): the loader needs the
            // cores, so the index waits and re-runs are spaced out (see `RERUN_SHARE`).
            let mut loading = more;
            // A re-run held back while loading, and when it is due.
            let mut deferred: Option<(Request, Instant)> = None;
            // When the last query ended, and how long it took.
            let mut last_run: Option<(Instant, Duration)> = None;
            loop {
                // Wait for a message; until a deferred re-run is due, or only look when there
                // is indexing to do.
                let first = match &deferred {
                    Some((_, due)) => match rx.recv_timeout(due.saturating_duration_since(Instant::now())) {
                        Ok(m) => Some(m),
                        Err(mpsc::RecvTimeoutError::Timeout) => None,
                        Err(mpsc::RecvTimeoutError::Disconnected) => break,
                    },
                    None if !searcher.index.complete() && !loading => match rx.try_recv() {
                        Ok(m) => Some(m),
                        Err(mpsc::TryRecvError::Empty) => {
                            let n = searcher.index_more(&corpus, crate::search::index::SLICE);
                            counted.fetch_add(n, Ordering::SeqCst);
                            continue;
                        }
                        Err(mpsc::TryRecvError::Disconnected) => break,
                    },
                    None => match rx.recv() {
                        Ok(m) => Some(m),
                        Err(_) => break,
                    },
                };
                // Only the newest corpus and the newest request matter.
                let mut newer_corpus = None;
                // A re-run due now, or none.
                let mut pending = match first {
                    None => deferred.take().map(|(req, _)| req),
                    Some(_) => None,
                };
                // The user typed a query in this batch: it runs at once, even if a merge
                // after it made it a re-run on a newer corpus.
                let mut typed = false;
                for message in first.into_iter().chain(std::iter::from_fn(|| rx.try_recv().ok())) {
                    match message {
                        Message::Query(req) => {
                            // A blank line has nothing to run again.
                            asked = Some((req.text.clone(), req.filter.clone())).filter(|(t, _)| !t.trim().is_empty());
                            pending = Some(req);
                            typed = true;
                        }
                        Message::Corpus { corpus, generation, cancel, more } => {
                            newer_corpus = Some(corpus);
                            loading = more;
                            if let Some((text, filter)) = &asked {
                                pending =
                                    Some(Request { generation, text: text.clone(), filter: filter.clone(), cancel });
                            }
                        }
                        Message::Forget => {
                            asked = None;
                            pending = None;
                            typed = false;
                        }
                    }
                }
                if let Some(newer) = newer_corpus {
                    corpus = newer;
                    searcher.note(&corpus);
                }
                // While loading, a re-run waits until the last query's time, times
                // 1/RERUN_SHARE − 1, has passed since it ended; the one after loading at once.
                if !typed
                    && loading
                    && let Some((ended, took)) = last_run
                {
                    let due = ended + took.mul_f64(1.0 / RERUN_SHARE - 1.0);
                    if Instant::now() < due {
                        deferred = pending.take().map(|req| (req, due));
                        continue;
                    }
                }
                deferred = None;
                let Some(req) = pending else { continue };
                let began = Instant::now();
                // Stream the best hits so far while a long query runs.
                let parsed = Query::parse(&req.text);
                let text = req.text.clone();
                let (tx, generation, cancel) = (&done_tx, req.generation, Arc::clone(&req.cancel));
                let mut partial = |p: crate::search::engine::Partial| {
                    if !cancel.load(Ordering::Relaxed) {
                        let _ = tx.send(Done {
                            generation,
                            query: parsed.clone(),
                            ranked: p.top.len(),
                            hits: p.top,
                            found: p.found,
                            exact: p.exact,
                            complete: false,
                            retried: None,
                            asked: text.clone(),
                        });
                        ring(&bell);
                    }
                };
                if let Some((query, hits)) =
                    searcher.search_streaming(&corpus, &req.text, &req.filter, &req.cancel, false, &mut partial)
                    && !req.cancel.load(Ordering::Relaxed)
                {
                    let found = hits.len();
                    let exact = hits.iter().filter(|h| h.exact).count();
                    let retried = searcher.retried.clone();
                    let asked = req.text.clone();
                    let ranked = found.min(LIST_RANKED);
                    let done = Done {
                        generation: req.generation,
                        query,
                        hits,
                        found,
                        exact,
                        complete: true,
                        ranked,
                        retried,
                        asked,
                    };
                    if done_tx.send(done).is_err() {
                        break;
                    }
                    ring(&bell);
                }
                last_run = Some((Instant::now(), began.elapsed()));
            }
        });
        Worker {
            tx,
            results: done_rx,
            generation: 0,
            cancel: Arc::new(AtomicBool::new(false)),
            wake,
            wake_closed: std::cell::Cell::new(false),
            indexed,
        }
    }

    /// How many paragraphs this worker has indexed so far.
    pub fn paragraphs_indexed(&self) -> usize {
        self.indexed.load(Ordering::SeqCst)
    }

    /// What to wait on for results (see [`Worker`]'s `wake`).
    pub fn wake_fd(&self) -> Option<rustix::fd::BorrowedFd<'_>> {
        use rustix::fd::AsFd;
        self.wake.as_ref().filter(|_| !self.wake_closed.get()).map(|w| w.as_fd())
    }

    /// Empty the wake pipe (the results themselves are in [`Worker::results`]).
    pub fn drain_wake(&self) {
        if let Some(w) = &self.wake {
            let mut buf = [0u8; 64];
            loop {
                match rustix::io::read(w, &mut buf) {
                    Ok(0) => {
                        self.wake_closed.set(true);
                        break;
                    }
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
        }
    }

    /// Cancel the query still running, and give the next one a generation and a flag.
    fn next(&mut self) -> (u64, Arc<AtomicBool>) {
        self.cancel.store(true, Ordering::Relaxed);
        self.cancel = Arc::new(AtomicBool::new(false));
        self.generation += 1;
        (self.generation, Arc::clone(&self.cancel))
    }

    /// Ask for a query; any query still running is cancelled. Returns its generation.
    pub fn submit(&mut self, text: String, filter: Filter) -> u64 {
        let (generation, cancel) = self.next();
        let _ = self.tx.send(Message::Query(Request { generation, text, filter, cancel }));
        generation
    }

    /// Search a newer snapshot of the corpus from now on (see [`Worker`]): only its new
    /// reports are indexed, and the last query is run again under the generation returned.
    /// `more`: the folder is still loading (the index waits, and re-runs are spaced out).
    /// The query still running is not cancelled: its results, on the older snapshot, are the
    /// best there is until the re-run's (a folder merges every 150 ms, and a query on 10,000
    /// reports takes longer than that, so cancelling it left nothing to show until loading
    /// ended). The re-run shares its cancel flag, so the next `submit` cancels both.
    pub fn set_corpus(&mut self, corpus: Arc<Corpus>, more: bool) -> u64 {
        self.generation += 1;
        let (generation, cancel) = (self.generation, Arc::clone(&self.cancel));
        let _ = self.tx.send(Message::Corpus { corpus, generation, cancel, more });
        generation
    }

    /// Drop the last query: a newer corpus runs nothing until the next `submit`. The query
    /// still running is cancelled.
    pub fn forget(&mut self) {
        self.next();
        let _ = self.tx.send(Message::Forget);
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }
}

impl Drop for Worker {
    /// Cancel the running query; the thread ends when it sees the channel closed.
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// The query line: text and a cursor counted in chars, so editing never splits a char.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineEdit {
    pub text: String,
    /// Cursor position in chars.
    pub cursor: usize,
}

impl LineEdit {
    fn byte_at(&self, char_idx: usize) -> usize {
        self.text.char_indices().nth(char_idx).map_or(self.text.len(), |(b, _)| b)
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    pub fn insert(&mut self, c: char) {
        let b = self.byte_at(self.cursor);
        self.text.insert(b, c);
        self.cursor += 1;
    }

    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            let b = self.byte_at(self.cursor - 1);
            self.text.remove(b);
            self.cursor -= 1;
        }
    }

    pub fn delete(&mut self) {
        if self.cursor < self.len() {
            let b = self.byte_at(self.cursor);
            self.text.remove(b);
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.len());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.len();
    }

    /// Delete back to the start of the line (Ctrl-u).
    pub fn kill_to_start(&mut self) {
        let b = self.byte_at(self.cursor);
        self.text.replace_range(..b, "");
        self.cursor = 0;
    }

    /// Delete the word before the cursor (Ctrl-w): spaces, then non-spaces.
    pub fn kill_word(&mut self) {
        let chars: Vec<char> = self.text.chars().collect();
        let mut i = self.cursor;
        while i > 0 && chars[i - 1].is_whitespace() {
            i -= 1;
        }
        while i > 0 && !chars[i - 1].is_whitespace() {
            i -= 1;
        }
        let (a, b) = (self.byte_at(i), self.byte_at(self.cursor));
        self.text.replace_range(a..b, "");
        self.cursor = i;
    }

    /// Apply an editing key.
    pub fn apply(&mut self, e: super::action::Edit) {
        use super::action::Edit;
        match e {
            Edit::Backspace => self.backspace(),
            Edit::Delete => self.delete(),
            Edit::Left => self.left(),
            Edit::Right => self.right(),
            Edit::Home => self.home(),
            Edit::End => self.end(),
            Edit::KillToStart => self.kill_to_start(),
            Edit::KillWord => self.kill_word(),
        }
    }

    /// The text before the cursor (for placing the terminal cursor by display width).
    pub fn before_cursor(&self) -> &str {
        &self.text[..self.byte_at(self.cursor)]
    }
}

/// Walking the search history: the query shown (an index into `State::history`, the newest
/// first) and the line as it was typed before the walk, to come back to past the newest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recall {
    pub pos: usize,
    pub typed: LineEdit,
}

/// A narrowing of the panel's scope, set by a trend's Enter (that year, that place);
/// changing the scope drops it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Within {
    pub place: Option<String>,
    /// The place alone, not its districts and counties (a trend's row by place).
    pub exact_place: bool,
    pub year: Option<i32>,
}

impl Within {
    /// How the counts line names it: "鸡西市 · 2020年"; empty for none.
    pub fn label(&self, lang: crate::words::Lang) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(p) = &self.place {
            parts.push(p.clone());
        }
        if let Some(y) = self.year {
            parts.push(crate::words::year(y, lang));
        }
        parts.join(" · ")
    }
}

/// The search panel's `w`: asking where to write, then (for a file that exists) whether
/// to overwrite it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Export {
    Path(LineEdit),
    Confirm(LineEdit),
}

/// The open search panel.
#[derive(Debug, Default)]
pub struct Panel {
    pub input: LineEdit,
    /// The scope narrowed to a place or year (from a trend).
    pub within: Within,
    /// The results list has the keys (Ctrl-l), not the query line.
    pub list_focus: bool,
    /// Hits marked for writing, by report and paragraph, in the order marked.
    pub marked: Vec<(crate::corpus::ReportId, usize)>,
    /// Writing hits to a file: the path being typed, or a path that exists, to confirm.
    pub export: Option<Export>,
    /// Walking the search history (↑ on the first result, Ctrl-p); any other key ends it.
    pub recall: Option<Recall>,
    pub scope: Scope,
    /// Results of the newest finished query.
    pub hits: Vec<Hit>,
    /// The query those results answer (for highlighting).
    pub query: Query,
    pub selected: usize,
    /// The hit the user moved the selection to (report, paragraph); None: the best one.
    pub chosen: Option<(crate::corpus::ReportId, usize)>,
    /// Generation of the newest results asked for: the query typed, or its re-run on a
    /// newer snapshot of a folder still loading.
    pub waiting_for: u64,
    /// Generation of the query as typed: results of older queries are dropped; results of
    /// its re-runs on older snapshots are shown until newer ones come.
    pub asked: u64,
    pub shown_generation: u64,
    /// The first `ranked` of `hits` are ranked, the rest not yet (see [`Panel::rank_near`]).
    pub ranked: usize,
    /// The shown results are final (not the best-so-far of a query still running).
    pub complete: bool,
    /// Hits found so far by the shown query.
    pub found: usize,
    /// How many of those are exact; the rest are variants. With `exact_only`, `hits`
    /// holds only the exact ones (they rank first, so they are the first `exact`).
    pub exact: usize,
    /// List only exact hits (Ctrl-x toggles; the config's `exact_only` sets it).
    pub exact_only: bool,
    /// The query (as typed) found nothing exact and was retried by this pinyin.
    pub retried: Option<(String, String)>,
    /// Hits per report (tree order), for the counts line; computed once per result.
    pub counts: Vec<(crate::corpus::ReportId, usize)>,
}

impl Panel {
    /// The user selects hit `i`: it stays chosen as results arrive, and the unranked rest
    /// is ranked if the list has come near it.
    pub fn select(&mut self, i: usize, corpus: &Corpus) {
        self.selected = i;
        self.rank_near(i, corpus);
        self.chosen = self.hits.get(i).map(|h| (h.report, h.paragraph));
    }

    /// Rank the rest of the hits if row `row` of the list (or a row a screen below it)
    /// reaches the unranked ones.
    pub fn rank_near(&mut self, row: usize, corpus: &Corpus) {
        if self.ranked < self.hits.len() && row + 256 >= self.ranked {
            crate::search::engine::rank(&mut self.hits[self.ranked..], corpus);
            self.ranked = self.hits.len();
        }
    }

    /// Results are still to come: the shown ones are the best so far, or answer an older
    /// snapshot of the corpus (the count is then "at least").
    pub fn busy(&self) -> bool {
        self.waiting_for != self.shown_generation || !self.complete
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::time::{Duration, Instant};

    /// Tests that count worker threads run one at a time.
    static WORKERS: Mutex<()> = Mutex::new(());

    fn until(what: &str, mut ok: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !ok() {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// The complete results of generation `g` (earlier ones are skipped).
    fn complete(w: &Worker, g: u64) -> Done {
        loop {
            let d = w.results.recv_timeout(Duration::from_secs(60)).expect("results");
            if d.complete && d.generation == g {
                return d;
            }
            assert!(d.generation <= g);
        }
    }

    /// A full scan.
    fn fresh(corpus: &Corpus, text: &str) -> Vec<Hit> {
        let (matcher, never) = (crate::search::Matcher::new(), AtomicBool::new(false));
        crate::search::search(corpus, &Query::parse(text), &Filter::default(), &matcher, &never).unwrap()
    }

    /// A worker indexes with no search panel open (the reader starts one at once: see the
    /// e2e test `the_reader_indexes_before_the_first_search`).
    #[test]
    fn a_worker_indexes_with_no_panel_open() {
        let _one = WORKERS.lock().unwrap_or_else(|e| e.into_inner());
        let corpus = Corpus::bundled();
        let paragraphs: usize = corpus.by_id().iter().map(|r| r.paragraphs.len()).sum();
        let mut app = crate::tui::app::App::new(corpus, crate::layout::Ambiguous::Narrow);
        app.start_search_worker();
        let indexed = || app.worker.as_ref().map_or(0, |w| w.paragraphs_indexed());
        until("the index to be whole", || indexed() >= paragraphs);
        assert!(app.panel().is_none(), "no search was opened");
        drop(app);
        until("the worker thread to end", || live_threads() == 0);
    }

    /// Issue 12, bug 8: the reader used to start a new Worker, with a whole new index, on every
    /// merge while a folder loaded, and never stop the old ones.
    #[test]
    fn index_is_built_once_per_batch_not_once_per_merge() {
        let _one = WORKERS.lock().unwrap_or_else(|e| e.into_inner());
        let all = Corpus::bundled();
        let snapshot = |k: usize| Arc::new(Corpus::from_reports(all.by_id()[..k].iter().cloned()));
        let n = all.len();
        let (a, b) = (snapshot(n / 4), snapshot(n / 2));
        assert!(!a.is_empty() && a.len() < b.len() && b.len() < n);
        assert_eq!(live_threads(), 0);

        let mut w = Worker::start(Arc::clone(&a), false);
        let g = w.submit("经济".into(), Filter::default());
        assert_eq!(complete(&w, g).found, fresh(&a, "经济").len());
        w.set_corpus(Arc::clone(&b), false);
        let g = w.set_corpus(Arc::new(all.clone()), false);
        let mut done = complete(&w, g);

        // The last query, run again on the whole corpus, finds what a fresh search finds (in
        // its order once the hits the worker left unranked are ranked).
        let full = fresh(&all, "经济");
        assert!(done.ranked == LIST_RANKED && full.len() > LIST_RANKED, "{} hits", full.len());
        crate::search::engine::rank(&mut done.hits[done.ranked..], &all);
        let key = |h: &Hit| (h.report, h.paragraph, h.score);
        assert_eq!(done.hits.iter().map(key).collect::<Vec<_>>(), full.iter().map(key).collect::<Vec<_>>());
        assert_eq!(done.found, full.len());
        assert!(full.iter().any(|h| h.report.index() >= b.len()), "the last batch has hits");
        // One thread, and every paragraph indexed once (n, not n/4 + n/2 + n), when the
        // index, built between queries, is whole.
        assert_eq!(live_threads(), 1);
        let paragraphs: usize = all.by_id().iter().map(|r| r.paragraphs.len()).sum();
        until("the index to be whole", || w.paragraphs_indexed() >= paragraphs);
        thread::sleep(Duration::from_millis(50));
        assert_eq!(w.paragraphs_indexed(), paragraphs);

        // A query submitted now runs on the whole corpus too.
        let g = w.submit("营商环境".into(), Filter::default());
        assert_eq!(complete(&w, g).found, fresh(&all, "营商环境").len());

        drop(w);
        until("the worker thread to end", || live_threads() == 0);
    }

    /// Issue 15: a merge while a folder loads no longer cancels the query running on the
    /// older snapshot (its results are the best there are until the re-run's); the next
    /// query cancels both.
    #[test]
    fn a_newer_corpus_lets_the_running_query_finish_and_a_new_query_cancels_it() {
        let _one = WORKERS.lock().unwrap_or_else(|e| e.into_inner());
        let all = Arc::new(Corpus::bundled());
        let mut w = Worker::start(Arc::clone(&all), false);
        let g = w.submit("经济".into(), Filter::default());
        let running = Arc::clone(&w.cancel);
        let h = w.set_corpus(Arc::clone(&all), false);
        assert!(h > g);
        assert!(!running.load(Ordering::Relaxed), "a merge cancelled the running query");
        w.submit("营商".into(), Filter::default());
        assert!(running.load(Ordering::Relaxed), "a new query left the old one running");
        drop(w);
        until("the worker thread to end", || live_threads() == 0);
    }

    /// Review of issue 15's re-runs: a merge that came with the first query, while loading
    /// (before any query had run, so there was no time to space re-runs by), dropped the
    /// re-run, and the panel waited for ever. And a typed query must not be held back as a
    /// re-run because a merge followed it.
    #[test]
    fn a_merge_with_the_first_query_while_loading_is_run_not_dropped() {
        let _one = WORKERS.lock().unwrap_or_else(|e| e.into_inner());
        let all = Arc::new(Corpus::bundled());
        let mut w = Worker::start(Arc::clone(&all), true);
        w.submit("经济".into(), Filter::default());
        let h = w.set_corpus(Arc::clone(&all), true);
        assert_eq!(complete(&w, h).found, fresh(&all, "经济").len());
        let g = w.submit("营商环境".into(), Filter::default());
        w.set_corpus(Arc::clone(&all), true);
        let d = w.results.recv_timeout(Duration::from_secs(60)).expect("results");
        assert!(d.generation >= g && d.asked == "营商环境");
        drop(w);
        until("the worker thread to end", || live_threads() == 0);
    }

    /// A Worker dropped while its query runs cancels the query, and its thread ends; a corpus
    /// handed over before any query runs nothing.
    #[test]
    fn dropping_the_worker_ends_its_thread() {
        let _one = WORKERS.lock().unwrap_or_else(|e| e.into_inner());
        let all = Arc::new(Corpus::bundled());
        let mut w = Worker::start(Arc::clone(&all), false);
        let g = w.set_corpus(Arc::clone(&all), false);
        let h = w.submit("sh".into(), Filter::default());
        assert!(h > g);
        // Nothing ran for the corpus alone.
        loop {
            let d = w.results.recv_timeout(Duration::from_secs(60)).expect("results");
            assert_eq!(d.generation, h);
            if d.complete {
                break;
            }
        }
        until("one worker thread", || live_threads() == 1);
        w.submit("s".into(), Filter::default());
        drop(w);
        until("the worker thread to end", || live_threads() == 0);
    }

    /// Issue 15: a finished result did not wake the reader's loop, which slept its 15 ms
    /// out first. The worker rings a pipe the loop waits on.
    #[test]
    fn results_ring_the_wake_pipe() {
        let _one = WORKERS.lock().unwrap_or_else(|e| e.into_inner());
        let all = Arc::new(Corpus::bundled());
        let mut w = Worker::start(Arc::clone(&all), false);
        let readable = |w: &Worker, ms: i64| {
            use rustix::event::{PollFd, PollFlags, Timespec, poll};
            let fd = w.wake_fd().expect("a wake pipe");
            let mut fds = [PollFd::new(&fd, PollFlags::IN)];
            let ts = Timespec { tv_sec: ms / 1000, tv_nsec: (ms % 1000) * 1_000_000 };
            poll(&mut fds, Some(&ts)).unwrap_or(0) > 0
        };
        assert!(!readable(&w, 50), "nothing was asked yet");
        let g = w.submit("石墨".into(), Filter::default());
        assert!(readable(&w, 60_000), "the result rang");
        assert_eq!(complete(&w, g).found, fresh(&all, "石墨").len());
        w.drain_wake();
        assert!(!readable(&w, 50), "drained");
        drop(w);
        until("the worker thread to end", || live_threads() == 0);
    }

    /// Were the worker's thread to end (a panic), its end of the pipe would close and the
    /// pipe read as ready for ever: the loop would spin. It is then no longer waited on.
    #[test]
    fn a_closed_wake_pipe_is_no_longer_waited_on() {
        let (r, w) = rustix::pipe::pipe_with(rustix::pipe::PipeFlags::NONBLOCK).unwrap();
        let (tx, _rx) = mpsc::channel::<Message>();
        let (_done_tx, results) = mpsc::channel::<Done>();
        let worker = Worker {
            tx,
            results,
            generation: 0,
            cancel: Arc::new(AtomicBool::new(false)),
            wake: Some(r),
            wake_closed: std::cell::Cell::new(false),
            indexed: Arc::default(),
        };
        rustix::io::write(&w, &[1]).unwrap();
        worker.drain_wake();
        assert!(worker.wake_fd().is_some(), "still open: still waited on");
        drop(w);
        worker.drain_wake();
        assert!(worker.wake_fd().is_none());
    }

    #[test]
    fn editing_wide_text_by_chars() {
        let mut e = LineEdit::default();
        for c in "石墨产业".chars() {
            e.insert(c);
        }
        e.left();
        e.left();
        e.backspace();
        assert_eq!(e.text, "石产业");
        assert_eq!(e.cursor, 1);
        assert_eq!(e.before_cursor(), "石");
        e.insert('墨');
        e.end();
        e.insert(' ');
        e.insert('x');
        e.kill_word();
        assert_eq!(e.text, "石墨产业 ");
        e.home();
        e.delete();
        assert_eq!(e.text, "墨产业 ");
        e.right();
        e.kill_to_start();
        assert_eq!(e.text, "产业 ");
    }
}
