//! Reports arriving while the reader runs, and the state remembered from the last run.
//! New reports get new ids, so panes, hits, jumps and the picker stay valid as the corpus
//! grows; only the tree is rebuilt.

use super::app::App;
use crate::corpus::Corpus;
use crate::corpus::load::{Loaded, Loader};
use crate::layout::Ambiguous;
use std::sync::Arc;
use std::time::Duration;

impl App {
    /// Start with nothing and fill in from `loader` as reports arrive.
    pub fn loading(loader: Loader, amb: Ambiguous) -> App {
        let mut app = App::new(Corpus::default(), amb);
        app.loader = Some(loader);
        app
    }

    /// Still loading files?
    pub fn is_loading(&self) -> bool {
        self.loader.is_some()
    }

    /// Take what the loader has parsed: at most every 150 ms while loading, and once at
    /// the end.
    pub fn tick_loading(&mut self) {
        let Some(loader) = &self.loader else { return };
        let finished = loader.finished();
        if !finished && self.last_merge.elapsed() < Duration::from_millis(150) && !self.corpus.is_empty() {
            return;
        }
        let mut loaded = loader.drain();
        if finished {
            // Take anything sent between the drain and the flag.
            loaded.extend(loader.drain());
            self.loader = None;
            if loaded.is_empty() {
                // The worker still waits to hear that loading is over.
                self.corpus_to_worker();
            }
        }
        self.merge(loaded);
    }

    /// Add a batch of loaded reports and problems.
    pub fn merge(&mut self, loaded: Vec<Loaded>) {
        self.last_merge = std::time::Instant::now();
        if loaded.is_empty() {
            return;
        }
        let mut corpus = (*self.corpus).clone();
        let noted = corpus.notices.len();
        corpus.extend(loaded);
        let damaged: Vec<String> = corpus.notices[noted..].iter().map(|n| n.path.clone()).collect();
        self.corpus = Arc::new(corpus);
        for path in damaged {
            self.notice(crate::words::cache_discarded(&path, crate::words::Lang::Zh));
        }
        self.rebuild_tree();
        self.try_restore();
        if self.loader.is_none() {
            // Loading is over: a report remembered from last time is not in this folder.
            self.restore = None;
        }
        // Until the user chooses, the first report in tree order is shown, so what opens
        // does not depend on which file happened to load first.
        let untouched = !self.chosen && self.restore.is_none();
        if (untouched || self.main.is_none()) && self.tree.first_report() != self.main_report() {
            let focus = self.focus;
            self.main = None;
            self.open_first();
            self.focus = if self.main.is_some() { focus } else { self.focus };
        }
        self.corpus_to_worker();
        self.relayout();
    }

    /// Hand the worker the corpus as it is now: it indexes only the new reports and runs the
    /// panel's query again (it forgets the query when the panel closes), at once when
    /// loading has ended, spaced out while it goes on.
    fn corpus_to_worker(&mut self) {
        let more = self.is_loading();
        if let Some(w) = self.worker.as_mut() {
            let generation = w.set_corpus(Arc::clone(&self.corpus), more);
            if let super::app::Mode::Search(f) = &mut self.mode
                && !f.panel.input.text.trim().is_empty()
            {
                f.panel.waiting_for = generation;
            }
        }
    }

    /// Take remembered state: reopen the last report where it was left.
    pub fn restore_state(&mut self, state: crate::state::State) {
        self.state = state;
        self.restore = self.state.last.clone();
        self.try_restore();
        self.relayout();
    }

    /// Go on with the state as saved: ours merged with other instances' (their bookmarks
    /// show in the list; one they deleted goes).
    pub fn adopt_state(&mut self, state: crate::state::State) {
        self.state = state;
        if let super::app::Mode::Popup(super::popup::Popup::Bookmarks(sel)) = &mut self.mode {
            *sel = (*sel).min(self.state.bookmarks.len().saturating_sub(1));
        }
    }

    fn try_restore(&mut self) {
        let Some(path) = self.restore.clone() else { return };
        if let Some(id) = self.corpus.find_key(&path) {
            self.restore = None;
            self.chosen = true;
            self.main = None;
            self.on_second = false;
            self.open(id);
        }
    }
}
