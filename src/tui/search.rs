//! The search panel's state and the background worker that runs queries off the UI
//! thread. A newer query cancels the one still running; a newer corpus extends the
//! worker's index.

use crate::corpus::Corpus;
use crate::search::engine::Searcher;
use crate::search::{Filter, Hit, Query};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

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
    pub complete: bool,
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
    },
    /// The panel closed: no query is run again on a newer corpus.
    Forget,
}

/// Worker threads alive in this process, and paragraphs they have indexed in all (each
/// paragraph once per worker: the index is extended, never rebuilt, as the corpus grows).
static LIVE_THREADS: AtomicUsize = AtomicUsize::new(0);
static PARAGRAPHS_INDEXED: AtomicUsize = AtomicUsize::new(0);

/// How many worker threads are running now, in this process.
pub fn live_threads() -> usize {
    LIVE_THREADS.load(Ordering::SeqCst)
}

/// How many paragraphs worker threads have indexed since the process started.
pub fn paragraphs_indexed() -> usize {
    PARAGRAPHS_INDEXED.load(Ordering::SeqCst)
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
/// - [`Worker::start`]`(corpus)` starts the thread, which first builds the index of `corpus`.
/// - [`Worker::submit`]`(text, filter)` asks for a query and returns its generation; the query
///   still running, if any, is cancelled.
/// - [`Worker::set_corpus`]`(corpus)` hands the thread a newer snapshot of the same corpus
///   (reports appended, as while a folder loads; ids unchanged). The thread indexes only the
///   new reports and runs the last submitted query again, on the new corpus, under the
///   generation returned (nothing is run if no query was submitted yet). The query still
///   running is cancelled. Call it on every merge instead of starting a new Worker. (A
///   `submit` right after it is fine too: the re-run, superseded, is cancelled.)
/// - [`Worker::results`] receives [`Done`]s: the best hits so far while a long query runs
///   (`complete: false`), then all of them, ranked; each tagged with its generation, so that
///   results of older queries can be dropped. Hits carry no highlight indices.
/// - Dropping the Worker cancels the query still running and ends the thread (after the
///   index building in progress, if any, which cannot be interrupted).
pub struct Worker {
    tx: Sender<Message>,
    pub results: Receiver<Done>,
    generation: u64,
    cancel: Arc<AtomicBool>,
}

impl Worker {
    pub fn start(corpus: Arc<Corpus>) -> Worker {
        let (tx, rx) = mpsc::channel::<Message>();
        let (done_tx, done_rx) = mpsc::channel::<Done>();
        thread::spawn(move || {
            let _alive = Alive::new();
            let mut corpus = corpus;
            // The index is built here, off the UI thread, before the first query runs.
            crate::search::pinyin::warm_up();
            let mut searcher = Searcher::new(&corpus);
            PARAGRAPHS_INDEXED.fetch_add(searcher.index.len(), Ordering::SeqCst);
            // The text and filter of the last query asked for, to run again on a newer corpus.
            let mut asked: Option<(String, Filter)> = None;
            while let Ok(first) = rx.recv() {
                // Only the newest corpus and the newest request matter.
                let mut newer_corpus = None;
                let mut pending: Option<Request> = None;
                for message in std::iter::once(first).chain(std::iter::from_fn(|| rx.try_recv().ok())) {
                    match message {
                        Message::Query(req) => {
                            asked = Some((req.text.clone(), req.filter.clone()));
                            pending = Some(req);
                        }
                        Message::Corpus { corpus, generation, cancel } => {
                            newer_corpus = Some(corpus);
                            pending = asked.as_ref().map(|(text, filter)| Request {
                                generation,
                                text: text.clone(),
                                filter: filter.clone(),
                                cancel,
                            });
                        }
                        Message::Forget => {
                            asked = None;
                            pending = None;
                        }
                    }
                }
                if let Some(newer) = newer_corpus {
                    corpus = newer;
                    PARAGRAPHS_INDEXED.fetch_add(searcher.update(&corpus), Ordering::SeqCst);
                }
                let Some(req) = pending else { continue };
                // Stream the best hits so far while a long query runs.
                let parsed = Query::parse(&req.text);
                let (tx, generation, cancel) = (&done_tx, req.generation, Arc::clone(&req.cancel));
                let mut partial = |p: crate::search::engine::Partial| {
                    if !cancel.load(Ordering::Relaxed) {
                        let _ = tx.send(Done {
                            generation,
                            query: parsed.clone(),
                            hits: p.top,
                            found: p.found,
                            complete: false,
                        });
                    }
                };
                if let Some((query, hits)) =
                    searcher.search_streaming(&corpus, &req.text, &req.filter, &req.cancel, false, &mut partial)
                    && !req.cancel.load(Ordering::Relaxed)
                {
                    let found = hits.len();
                    if done_tx.send(Done { generation: req.generation, query, hits, found, complete: true }).is_err() {
                        break;
                    }
                }
            }
        });
        Worker { tx, results: done_rx, generation: 0, cancel: Arc::new(AtomicBool::new(false)) }
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
    pub fn set_corpus(&mut self, corpus: Arc<Corpus>) -> u64 {
        let (generation, cancel) = self.next();
        let _ = self.tx.send(Message::Corpus { corpus, generation, cancel });
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

/// The open search panel.
#[derive(Debug, Default)]
pub struct Panel {
    pub input: LineEdit,
    pub scope: Scope,
    /// Results of the newest finished query.
    pub hits: Vec<Hit>,
    /// The query those results answer (for highlighting).
    pub query: Query,
    pub selected: usize,
    /// Generation of the newest query asked for; results of older ones are dropped.
    pub waiting_for: u64,
    pub shown_generation: u64,
    /// The shown results are final (not the best-so-far of a query still running).
    pub complete: bool,
    /// Hits found so far by the shown query.
    pub found: usize,
    /// Hits per report (tree order), for the counts line; computed once per result.
    pub counts: Vec<(crate::corpus::ReportId, usize)>,
}

impl Panel {
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
        let indexed = paragraphs_indexed();
        assert_eq!(live_threads(), 0);

        let mut w = Worker::start(Arc::clone(&a));
        let g = w.submit("经济".into(), Filter::default());
        assert_eq!(complete(&w, g).found, fresh(&a, "经济").len());
        w.set_corpus(Arc::clone(&b));
        let g = w.set_corpus(Arc::new(all.clone()));
        let done = complete(&w, g);

        // The last query, run again on the whole corpus, finds what a fresh search finds.
        let full = fresh(&all, "经济");
        let key = |h: &Hit| (h.report, h.paragraph, h.score);
        assert_eq!(done.hits.iter().map(key).collect::<Vec<_>>(), full.iter().map(key).collect::<Vec<_>>());
        assert_eq!(done.found, full.len());
        assert!(full.iter().any(|h| h.report.index() >= b.len()), "the last batch has hits");
        // One thread, and every paragraph indexed once: n/4 + n/4 + n/2 reports, not
        // n/4 + n/2 + n.
        assert_eq!(live_threads(), 1);
        let paragraphs: usize = all.by_id().iter().map(|r| r.paragraphs.len()).sum();
        assert_eq!(paragraphs_indexed() - indexed, paragraphs);

        // A query submitted now runs on the whole corpus too.
        let g = w.submit("营商环境".into(), Filter::default());
        assert_eq!(complete(&w, g).found, fresh(&all, "营商环境").len());

        drop(w);
        until("the worker thread to end", || live_threads() == 0);
    }

    /// A Worker dropped while its query runs cancels the query, and its thread ends; a corpus
    /// handed over before any query runs nothing.
    #[test]
    fn dropping_the_worker_ends_its_thread() {
        let _one = WORKERS.lock().unwrap_or_else(|e| e.into_inner());
        let all = Arc::new(Corpus::bundled());
        let mut w = Worker::start(Arc::clone(&all));
        let g = w.set_corpus(Arc::clone(&all));
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
