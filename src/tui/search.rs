//! The search panel's state and the background worker that runs queries off the UI
//! thread. A newer query cancels the one still running.

use crate::corpus::Corpus;
use crate::search::engine::Searcher;
use crate::search::{Filter, Hit, Query};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
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
            Scope::Report => "本篇",
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

/// Runs queries on its own thread; results come back on `results`.
pub struct Worker {
    tx: Sender<Request>,
    pub results: Receiver<Done>,
    generation: u64,
    cancel: Arc<AtomicBool>,
}

impl Worker {
    pub fn start(corpus: Arc<Corpus>) -> Worker {
        let (tx, rx) = mpsc::channel::<Request>();
        let (done_tx, done_rx) = mpsc::channel::<Done>();
        thread::spawn(move || {
            // The index is built here, off the UI thread, before the first query runs.
            crate::search::pinyin::warm_up();
            let mut searcher = Searcher::new(&corpus);
            while let Ok(mut req) = rx.recv() {
                // Only the newest request matters.
                while let Ok(newer) = rx.try_recv() {
                    req = newer;
                }
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

    /// Ask for a query; any query still running is cancelled. Returns its generation.
    pub fn submit(&mut self, text: String, filter: Filter) -> u64 {
        self.cancel.store(true, Ordering::Relaxed);
        self.cancel = Arc::new(AtomicBool::new(false));
        self.generation += 1;
        let _ = self.tx.send(Request { generation: self.generation, text, filter, cancel: Arc::clone(&self.cancel) });
        self.generation
    }

    /// Search a newer snapshot of the corpus from now on.
    pub fn set_corpus(&mut self, corpus: Arc<Corpus>) {
        let generation = self.generation;
        *self = Worker::start(corpus);
        self.generation = generation;
    }

    pub fn generation(&self) -> u64 {
        self.generation
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
    use super::LineEdit;

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
