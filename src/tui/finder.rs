//! The search mode and the places it jumps to: the open panel (with where the reader was
//! when it opened), the hits of the last accepted search for n / N, and the jump list
//! walked by Ctrl-o / Ctrl-i. Every place is a `Spot` (report id, view, cursor).

use super::action::{Action, Focus};
use super::app::{App, Effect, Mode};
use super::pane::Spot;
use super::search::{Panel, Scope, Worker};
use crate::search::{Filter, Hit};
use std::sync::Arc;
use std::time::Duration;

/// The search panel while it is open, and where to go back to on Esc.
#[derive(Debug)]
pub struct Finder {
    pub panel: Panel,
    pub origin: Option<Spot>,
}

/// Places jumped from and to; `pos` is where Ctrl-o / Ctrl-i stand.
#[derive(Debug, Default)]
pub struct Jumps {
    list: Vec<Spot>,
    pos: usize,
}

impl Jumps {
    /// Remember `from` before a jump, dropping any forward history.
    pub fn record(&mut self, from: Spot) {
        self.list.truncate(self.pos);
        if self.list.last() != Some(&from) {
            self.list.push(from);
        }
        self.pos = self.list.len();
    }
}

impl App {
    /// The open panel, if searching.
    pub fn panel(&self) -> Option<&Panel> {
        match &self.mode {
            Mode::Search(f) => Some(&f.panel),
            _ => None,
        }
    }

    fn panel_mut(&mut self) -> Option<&mut Panel> {
        match &mut self.mode {
            Mode::Search(f) => Some(&mut f.panel),
            _ => None,
        }
    }

    pub(super) fn open_search(&mut self) {
        let origin = self.here();
        if self.worker.is_none() {
            self.worker = Some(Worker::start(Arc::clone(&self.corpus)));
        }
        // Results of queries asked before this panel opened are not for it.
        let floor = self.worker.as_ref().map_or(0, |w| w.generation());
        let panel = Panel {
            complete: true,
            scope: self.default_scope,
            waiting_for: floor,
            shown_generation: floor,
            ..Panel::default()
        };
        self.mode = Mode::Search(Box::new(Finder { panel, origin }));
    }

    /// The panel closed: the worker forgets its query, so a newer corpus does not run it.
    fn forget_query(&mut self) {
        if let Some(w) = self.worker.as_mut() {
            w.forget();
        }
    }

    fn filter_for(&self, scope: Scope, origin: Option<Spot>) -> Filter {
        let current = origin.map(|s| s.report).or(self.main_report());
        match (scope, current) {
            (Scope::Place, Some(i)) => Filter { place: self.corpus[i].meta.place.clone(), ..Filter::default() },
            (Scope::Report, Some(i)) => Filter { report: Some(i), ..Filter::default() },
            _ => Filter::default(),
        }
    }

    /// Send the panel's query to the worker.
    pub(super) fn resubmit(&mut self) {
        let Mode::Search(f) = &self.mode else { return };
        let (query, filter) = (f.panel.input.text.clone(), self.filter_for(f.panel.scope, f.origin));
        if let (Some(worker), Mode::Search(f)) = (self.worker.as_mut(), &mut self.mode) {
            f.panel.waiting_for = worker.submit(query, filter);
        }
    }

    /// Take finished results from the worker. Returns true if anything changed.
    pub fn poll_search(&mut self) -> bool {
        let Some(worker) = &self.worker else { return false };
        let Some(done) = worker.results.try_iter().last() else { return false };
        self.apply_results(done);
        self.relayout();
        true
    }

    /// Wait (up to `timeout`) for the newest query's results; for tests and benchmarks.
    pub fn settle(&mut self, timeout: Duration) {
        let deadline = std::time::Instant::now() + timeout;
        while self.panel().is_some_and(|p| p.busy()) && std::time::Instant::now() < deadline {
            let Some(worker) = &self.worker else { return };
            if let Ok(done) = worker.results.recv_timeout(Duration::from_millis(10)) {
                self.apply_results(done);
            }
        }
        self.relayout();
    }

    fn apply_results(&mut self, done: super::search::Done) {
        let corpus = Arc::clone(&self.corpus);
        let Some(panel) = self.panel_mut() else { return };
        // Only the newest query's results (the worker's snapshots come from this corpus, so
        // every hit's report is in it).
        if done.generation < panel.waiting_for {
            return;
        }
        let first_of_query = done.generation != panel.shown_generation;
        panel.shown_generation = done.generation;
        panel.hits = done.hits;
        panel.query = done.query;
        panel.found = done.found;
        panel.complete = done.complete;
        panel.counts = if done.complete { crate::search::engine::counts(&panel.hits, &corpus) } else { Vec::new() };
        if first_of_query || panel.selected >= panel.hits.len() {
            panel.selected = 0;
        }
        self.preview();
    }

    /// Show the selected hit in the reader, with its matches highlighted.
    fn preview(&mut self) {
        let Some(panel) = self.panel() else { return };
        let Some(hit) = panel.hits.get(panel.selected).cloned() else { return };
        let query = panel.query.clone();
        self.set_highlight(Some(query));
        self.show_hit(&hit);
    }

    /// Select hit `i` of the panel (a click).
    pub(super) fn select_hit(&mut self, i: usize) {
        if let Some(p) = self.panel_mut()
            && i < p.hits.len()
        {
            p.selected = i;
            self.preview();
        }
    }

    /// Open the hit's report in the active pane, the cursor on its paragraph and its first
    /// match on screen.
    fn show_hit(&mut self, hit: &Hit) {
        self.open(hit.report);
        let at = match hit.indices.first() {
            Some(&c) => Some(c),
            None => self.highlights(hit.report, hit.paragraph).first().copied(),
        };
        if let Some(p) = self.pane_mut() {
            p.jump(hit.paragraph, at, true);
        }
    }

    pub(super) fn update_search(&mut self, mut finder: Box<Finder>, action: Action, fx: &mut Vec<Effect>) {
        let panel = &mut finder.panel;
        let mut changed = false;
        match action {
            Action::Type(c) => {
                panel.input.insert(c);
                changed = true;
            }
            Action::Edit(e) => {
                let before = panel.input.text.clone();
                panel.input.apply(e);
                changed = panel.input.text != before;
            }
            Action::CycleScope => {
                panel.scope = panel.scope.next();
                changed = true;
            }
            Action::Copy(section) => {
                let target = panel.hits.get(panel.selected).map(|h| (h.report, h.paragraph));
                self.copy_target(target, section, fx);
            }
            Action::Move(_) | Action::Page(_, _) if !panel.hits.is_empty() => {
                let d = match action {
                    Action::Page(p, _) => p as isize * 10,
                    Action::Move(d) => d,
                    _ => 0,
                };
                panel.selected = (panel.selected as isize + d).clamp(0, panel.hits.len() as isize - 1) as usize;
                self.mode = Mode::Search(finder);
                self.preview();
                return;
            }
            Action::Accept => {
                self.forget_query();
                let Finder { panel, origin } = *finder;
                match panel.hits.get(panel.selected).cloned() {
                    Some(hit) => {
                        if let Some(o) = origin {
                            self.jumps.record(o);
                        }
                        self.hit_pos = Some(panel.selected);
                        self.hits = panel.hits;
                        self.set_highlight(Some(panel.query));
                        self.show_hit(&hit);
                        self.focus = Focus::Reader;
                    }
                    None => self.go_back_to(origin),
                }
                return;
            }
            Action::Close | Action::Quit => {
                self.forget_query();
                self.go_back_to(finder.origin);
                if self.hits.is_empty() {
                    self.set_highlight(None);
                }
                return;
            }
            _ => {}
        }
        self.mode = Mode::Search(finder);
        if changed {
            self.resubmit();
        }
    }

    fn go_back_to(&mut self, origin: Option<Spot>) {
        if let Some(o) = origin {
            self.go(o);
        }
    }

    /// n / N: the next or previous hit of the last search, across reports.
    pub(super) fn step_hit(&mut self, d: isize) {
        if self.hits.is_empty() {
            return;
        }
        let n = self.hits.len() as isize;
        let pos = self.hit_pos.map_or(0, |p| ((p as isize + d) % n + n) % n) as usize;
        if let Some(from) = self.here() {
            self.jumps.record(from);
        }
        self.hit_pos = Some(pos);
        let hit = self.hits[pos].clone();
        self.show_hit(&hit);
        self.focus = Focus::Reader;
    }

    /// Go to a spot in the main pane.
    pub(super) fn go(&mut self, spot: Spot) {
        self.on_second = spot.second && self.second.is_some();
        self.open(spot.report);
        if let Some(p) = self.pane_mut() {
            p.restore(spot.anchor, spot.cursor);
        }
    }

    pub(super) fn jump_back(&mut self) {
        let j = &mut self.jumps;
        if j.pos == 0 {
            return;
        }
        if j.pos == j.list.len()
            && let Some(here) = self.here()
        {
            self.jumps.list.push(here);
        }
        self.jumps.pos -= 1;
        let spot = self.jumps.list[self.jumps.pos];
        self.go(spot);
    }

    pub(super) fn jump_forward(&mut self) {
        if self.jumps.pos + 1 >= self.jumps.list.len() {
            return;
        }
        self.jumps.pos += 1;
        let spot = self.jumps.list[self.jumps.pos];
        self.go(spot);
    }
}
