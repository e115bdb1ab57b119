//! The search mode and the places it jumps to: the open panel (with where the reader was
//! when it opened), the hits of the last accepted search, which n / N walk in reading order
//! from the cursor, and the jump list walked by Ctrl-o / Ctrl-i. Every place is a `Spot`
//! (report id, view, cursor).

use super::action::{Action, Focus};
use super::app::{App, Effect, Mode};
use super::pane::Spot;
use super::search::{Export, LineEdit, Panel, Recall, Scope, Worker};
use crate::search::{Filter, Hit};
use std::sync::Arc;
use std::time::Duration;

/// What n and N say when they wrap past the last hit and the first.
const WRAPPED: [&str; 2] = ["已到最后一处，从头继续", "已到第一处，从末尾继续"];

/// The search panel while it is open, and where to go back to on Esc.
#[derive(Debug)]
pub struct Finder {
    pub panel: Panel,
    pub origin: Option<Spot>,
    /// The trend whose year this panel lists (Enter on a year): Esc goes back to it. With
    /// it, whether the trend had been opened from this panel (it goes back there after).
    pub trend: Option<(Box<super::study::Study>, bool)>,
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

/// n / N before any search was accepted.
const NO_SEARCH: &str = "还没有搜索结果：按 / 搜索，Enter 跳到结果后可用 n / N";

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

    /// Start the search worker, if it is not running: the reader does so at once, so that
    /// the index is built while the user reads (after loading, between queries) and the
    /// first search finds it ready; tests start it when they open the panel.
    pub(super) fn start_search_worker(&mut self) {
        if self.worker.is_none() {
            self.worker = Some(Worker::start(Arc::clone(&self.corpus), self.is_loading()));
        }
    }

    pub(super) fn open_search(&mut self) {
        let origin = self.here();
        self.start_search_worker();
        // Results of queries asked before this panel opened are not for it.
        let floor = self.worker.as_ref().map_or(0, |w| w.generation());
        let panel = Panel {
            complete: true,
            scope: self.default_scope,
            exact_only: self.exact_only,
            waiting_for: floor,
            asked: floor,
            shown_generation: floor,
            ..Panel::default()
        };
        self.mode = Mode::Search(Box::new(Finder { panel, origin, trend: None }));
    }

    /// The panel closed: the worker forgets its query, so a newer corpus does not run it.
    pub(super) fn forget_query(&mut self) {
        if let Some(w) = self.worker.as_mut() {
            w.forget();
        }
    }

    fn filter_for(&self, scope: Scope, origin: Option<Spot>, within: &super::search::Within) -> Filter {
        let current = origin.map(|s| s.report).or(self.main_report());
        let mut filter = match (scope, current) {
            (Scope::Place, Some(i)) => Filter { place: self.corpus[i].meta.place.clone(), ..Filter::default() },
            (Scope::Report, Some(i)) => Filter { report: Some(i), ..Filter::default() },
            _ => Filter::default(),
        };
        if within.place.is_some() {
            filter.place = within.place.clone();
            filter.exact_place = within.exact_place;
            filter.report = None;
        }
        if let Some(y) = within.year {
            filter.years = Some((y, y));
        }
        filter
    }

    /// Send the panel's query to the worker.
    pub(super) fn resubmit(&mut self) {
        let Mode::Search(f) = &self.mode else { return };
        let (query, filter) = (f.panel.input.text.clone(), self.filter_for(f.panel.scope, f.origin, &f.panel.within));
        if let (Some(worker), Mode::Search(f)) = (self.worker.as_mut(), &mut self.mode) {
            f.panel.waiting_for = worker.submit(query, filter);
            f.panel.asked = f.panel.waiting_for;
        }
    }

    /// Take finished results from the worker. Returns true if anything changed.
    pub fn poll_search(&mut self) -> bool {
        let Some(worker) = &self.worker else { return false };
        // The newest result, and the newest complete one before it: a re-run's first
        // partial, which waits (see `apply_results`), must not hide the finished result of
        // the snapshot before.
        let (mut complete, mut last) = (None, None);
        for done in worker.results.try_iter() {
            if let Some(prev) = last.replace(done)
                && prev.complete
            {
                complete = Some(prev);
            }
        }
        let Some(last) = last else { return false };
        if let Some(done) = complete {
            self.apply_results(done);
        }
        self.apply_results(last);
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
        // every hit's report is in it). Its re-runs on a folder still loading count too: the
        // results of an older snapshot stand until a newer one has found at least as many
        // (a re-run starts from none, and its first partials would make the count drop).
        if done.generation < panel.asked || done.generation < panel.shown_generation {
            return;
        }
        let rerun = panel.shown_generation >= panel.asked && done.generation > panel.shown_generation;
        // A shown pinyin retry's count is the retry's; a re-run's partials are of the query
        // as typed, so they wait for its complete result (retried or not) instead.
        if rerun && !done.complete && (done.found < panel.found || panel.retried.is_some()) {
            return;
        }
        let first_of_query = panel.shown_generation < panel.asked;
        // The hit the user chose (moved to) stays chosen as more arrive (the list grows and
        // re-ranks while a query runs and while a folder loads). A partial list without it
        // (it carries only the best so far) leaves the list as it is and updates the counts.
        let chosen = panel.chosen.filter(|_| !first_of_query);
        let at = chosen.map(|c| done.hits.iter().position(|h| (h.report, h.paragraph) == c));
        if let Some(None) = at
            && !done.complete
        {
            panel.shown_generation = done.generation;
            (panel.found, panel.exact, panel.complete) = (done.found, done.exact, false);
            return;
        }
        panel.shown_generation = done.generation;
        panel.hits = done.hits;
        panel.query = done.query;
        panel.found = done.found;
        panel.exact = done.exact;
        panel.complete = done.complete;
        panel.retried = done.retried.map(|pinyin| (done.asked, pinyin));
        panel.ranked = done.ranked.min(panel.hits.len());
        if panel.exact_only {
            // Exact hits rank above every variant: the ranked ones are the first, the rest
            // are among the unranked.
            panel.ranked = panel.hits[..panel.ranked].iter().filter(|h| h.exact).count();
            panel.hits.retain(|h| h.exact);
        }
        // Hits per report: of a complete result; partials keep the last ones of the same
        // query (they are "at least" too, as the count is), so they do not come and go.
        if done.complete {
            panel.counts = crate::search::engine::counts(&panel.hits, &corpus);
        } else if first_of_query {
            panel.counts.clear();
        }
        // Untouched, the selection is the best hit (as in fzf).
        let at = chosen.and_then(|c| panel.hits.iter().position(|h| (h.report, h.paragraph) == c));
        panel.selected = at.unwrap_or(0);
        if at.is_none() {
            panel.chosen = None;
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
        let corpus = Arc::clone(&self.corpus);
        if let Some(p) = self.panel_mut()
            && i < p.hits.len()
        {
            p.recall = None;
            p.select(i, &corpus);
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
        if let Some(export) = finder.panel.export.take() {
            self.update_export(finder, export, action);
            return;
        }
        let panel = &mut finder.panel;
        // In the results list, typing goes back to the query line.
        if panel.list_focus && matches!(action, Action::Type(_) | Action::Edit(_)) {
            panel.list_focus = false;
        }
        // ↑ on the first result (or with none) goes back into the history; while walking it,
        // ↑ and ↓ go on walking. Any other key ends the walk, the query shown as the line.
        let walk = match action {
            Action::History(d) if !panel.list_focus => Some(d),
            Action::Move(d) if !panel.list_focus && (panel.recall.is_some() || (d < 0 && panel.selected == 0)) => {
                Some(d)
            }
            Action::None => None,
            _ => {
                panel.recall = None;
                None
            }
        };
        if let Some(d) = walk {
            let changed = walk_history(panel, &self.state.history, d);
            if changed {
                panel.marked.clear();
            }
            self.mode = Mode::Search(finder);
            if changed {
                self.resubmit();
            }
            return;
        }
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
            Action::CycleScope | Action::CycleScopeBack => {
                panel.scope = if action == Action::CycleScope { panel.scope.next() } else { panel.scope.prev() };
                // A trend's narrowing goes with the scope it narrowed.
                panel.within = Default::default();
                changed = true;
            }
            Action::ToggleExact => {
                panel.exact_only = !panel.exact_only;
                self.exact_only = panel.exact_only;
                changed = true;
            }
            Action::Trend | Action::Kwic => {
                self.open_study(Mode::Search(finder), action == Action::Trend);
                return;
            }
            Action::ToggleResults => {
                if panel.list_focus || !panel.hits.is_empty() {
                    panel.list_focus = !panel.list_focus;
                } else {
                    self.say(crate::words::export_words(crate::words::Lang::Zh).no_list.to_string());
                }
            }
            Action::ToggleMark => {
                if let Some(h) = panel.hits.get(panel.selected) {
                    let key = (h.report, h.paragraph);
                    match panel.marked.iter().position(|&k| k == key) {
                        Some(i) => {
                            panel.marked.remove(i);
                        }
                        None => panel.marked.push(key),
                    }
                    let next = (panel.selected + 1).min(panel.hits.len() - 1);
                    panel.select(next, &self.corpus);
                    self.mode = Mode::Search(finder);
                    self.preview();
                    return;
                }
            }
            Action::Write => self.start_export(panel),
            Action::Copy(section) => {
                let target = panel.hits.get(panel.selected).map(|h| (h.report, h.paragraph));
                self.copy_target(target, section, fx);
            }
            Action::Move(_) | Action::Select(_) | Action::Page(_, _) | Action::Top | Action::Bottom
                if !panel.hits.is_empty() =>
            {
                let d = match action {
                    Action::Page(p, _) => p as isize * 10,
                    Action::Move(d) | Action::Select(d) => d,
                    Action::Top => -(panel.hits.len() as isize),
                    Action::Bottom => panel.hits.len() as isize,
                    _ => 0,
                };
                let i = (panel.selected as isize + d).clamp(0, panel.hits.len() as isize - 1) as usize;
                panel.select(i, &self.corpus);
                self.mode = Mode::Search(finder);
                self.preview();
                return;
            }
            Action::Accept => {
                self.forget_query();
                self.remember_query(&finder.panel.input.text, fx);
                let Finder { panel, origin, .. } = *finder;
                match panel.hits.get(panel.selected).cloned() {
                    Some(hit) => {
                        if let Some(o) = origin {
                            self.jumps.record(o);
                        }
                        self.hit_pos = Some(panel.selected);
                        self.hits = panel.hits;
                        self.hits_query = Some(panel.query.clone());
                        self.hits_text = Some(match &panel.retried {
                            Some((_, pinyin)) => pinyin.clone(),
                            None => panel.input.text.clone(),
                        });
                        self.set_highlight(Some(panel.query));
                        self.show_hit(&hit);
                        self.focus = Focus::Reader;
                    }
                    None => self.go_back_to(origin),
                }
                return;
            }
            Action::Close | Action::Quit if finder.trend.is_some() => {
                // Back to the trend the year was chosen in; the panel as it was before.
                let Some((mut study, from_panel)) = finder.trend.take() else { return };
                if from_panel {
                    finder.panel.within = Default::default();
                    finder.panel.marked.clear();
                    study.back = Some(finder);
                } else {
                    self.forget_query();
                }
                self.mode = Mode::Study(study);
                return;
            }
            Action::Close | Action::Quit => {
                self.forget_query();
                self.remember_query(&finder.panel.input.text, fx);
                self.go_back_to(finder.origin);
                // Back to the last accepted search: its matches highlighted, as n / N walk them.
                self.set_highlight(if self.hits.is_empty() { None } else { self.hits_query.clone() });
                return;
            }
            _ => {}
        }
        if changed {
            // Marks are of this query's hits.
            finder.panel.marked.clear();
        }
        self.mode = Mode::Search(finder);
        if changed {
            self.resubmit();
        }
    }

    /// `w`: ask where to write the marked hits (or all), under the current folder by
    /// default, named after the query, as CSV (the extension typed chooses the format).
    fn start_export(&mut self, panel: &mut Panel) {
        let words = crate::words::export_words(crate::words::Lang::Zh);
        if panel.hits.is_empty() {
            self.say(words.no_hits.to_string());
            return;
        }
        if panel.busy() {
            self.say(words.busy.to_string());
            return;
        }
        // What the counts line says while the prompt is open is about writing only.
        self.message = None;
        let here = std::path::Path::new(".");
        let path = crate::export::free_path(here, &crate::export::file_stem(&panel.input.text), "csv");
        let text = path.strip_prefix(here).unwrap_or(&path).to_string_lossy().into_owned();
        panel.export = Some(Export::Path(LineEdit { cursor: text.chars().count(), text }));
    }

    /// A key while asking where to write, or whether to overwrite.
    fn update_export(&mut self, mut finder: Box<Finder>, export: Export, action: Action) {
        let words = crate::words::export_words(crate::words::Lang::Zh);
        let panel = &mut finder.panel;
        match (export, action) {
            (Export::Path(mut e), Action::Type(c)) => {
                e.insert(c);
                panel.export = Some(Export::Path(e));
            }
            (Export::Path(mut e), Action::Edit(ed)) => {
                e.apply(ed);
                panel.export = Some(Export::Path(e));
            }
            (Export::Path(e), Action::Accept) => self.write_hits(panel, e, false),
            (Export::Confirm(e), Action::Type('y' | 'Y')) => self.write_hits(panel, e, true),
            (Export::Path(_), Action::Close | Action::Quit) | (Export::Confirm(_), _) => {
                self.say(words.not_written.to_string());
            }
            (keep, _) => panel.export = Some(keep),
        }
        self.mode = Mode::Search(finder);
    }

    /// Write the marked hits (or all) to the path typed; a file there is overwritten only
    /// when `overwrite` (the user said y), else asked about. An error keeps the prompt.
    fn write_hits(&mut self, panel: &mut Panel, edit: LineEdit, overwrite: bool) {
        let words = crate::words::export_words(crate::words::Lang::Zh);
        let path = crate::export::expand_home(edit.text.trim());
        let shown = path.display().to_string();
        if path.is_dir() {
            self.say(words.failed(&shown, words.folder));
            panel.export = Some(Export::Path(edit));
            return;
        }
        let Some(format) = crate::export::Format::of_path(&path) else {
            self.say(words.bad_extension(&shown));
            panel.export = Some(Export::Path(edit));
            return;
        };
        if !overwrite && std::fs::symlink_metadata(&path).is_ok() {
            panel.export = Some(Export::Confirm(edit));
            return;
        }
        // Every hit ranked, so that the file lists them as the panel does.
        panel.rank_near(panel.hits.len(), &self.corpus);
        let mut hits: Vec<Hit> = if panel.marked.is_empty() {
            panel.hits.clone()
        } else {
            panel.hits.iter().filter(|h| panel.marked.contains(&(h.report, h.paragraph))).cloned().collect()
        };
        for h in hits.iter_mut().filter(|h| h.indices.is_empty()) {
            let text = &self.corpus[h.report].paragraphs[h.paragraph].text;
            h.indices = self.matcher.match_text(&panel.query, text).map(|m| m.indices).unwrap_or_default();
        }
        let mut bytes = Vec::new();
        let written = crate::export::write(&self.corpus, &hits, &panel.input.text, &self.citation, format, &mut bytes)
            .and_then(|()| crate::export::write_file(&path, &bytes, overwrite));
        match written {
            Ok(()) => {
                let full = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
                self.say(words.written(hits.len(), &full.display().to_string()));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && !overwrite => {
                panel.export = Some(Export::Confirm(edit));
            }
            Err(e) => {
                self.say(words.failed(&shown, &crate::state::words::system(&e)));
                panel.export = Some(Export::Path(edit));
            }
        }
    }

    /// The panel closed on `query` (a hit accepted, or Esc): it goes to the front of the
    /// search history, which is saved at once, as bookmarks are. A blank query is not kept.
    pub(super) fn remember_query(&mut self, query: &str, fx: &mut Vec<Effect>) {
        if self.state.add_query(query, crate::state::now()) {
            fx.push(Effect::Save);
        }
    }

    /// Put the reader back where the panel opened: laid out first at the height it has
    /// without the panel, so keeping the cursor in view does not move the view.
    fn go_back_to(&mut self, origin: Option<Spot>) {
        if let Some(o) = origin {
            self.relayout();
            self.go(o);
        }
    }

    /// n / N: the next or previous hit of the last search in reading order (reports in tree
    /// order, paragraphs in order), counted from the active pane's report and cursor
    /// paragraph, so a move since the last jump counts, as in less and vim. Past the last
    /// hit it wraps to the first (and before the first to the last), and says so.
    pub(super) fn step_hit(&mut self, d: isize) {
        if self.hits.is_empty() {
            self.say(NO_SEARCH.to_string());
            return;
        }
        let forward = d > 0;
        let corpus = Arc::clone(&self.corpus);
        let key = |h: &Hit| (corpus.rank(h.report), h.paragraph);
        let here = self.pane().map(|p| (corpus.rank(p.report), p.cursor));
        let ahead = |k| here.is_none_or(|at| if forward { k > at } else { k < at });
        // The hits ahead first, the nearest first; then, wrapping, the others from the far end.
        let order = |a: &Hit, b: &Hit| {
            let (ka, kb) = (key(a), key(b));
            ahead(kb).cmp(&ahead(ka)).then(if forward { ka.cmp(&kb) } else { kb.cmp(&ka) })
        };
        let Some((pos, wrap)) =
            self.hits.iter().enumerate().min_by(|(_, a), (_, b)| order(a, b)).map(|(i, h)| (i, !ahead(key(h))))
        else {
            return;
        };
        if let Some(from) = self.here() {
            self.jumps.record(from);
        }
        self.hit_pos = Some(pos);
        let hit = self.hits[pos].clone();
        self.show_hit(&hit);
        self.focus = Focus::Reader;
        // The wrap is said when it happens; the next step that does not wrap takes it away.
        if wrap {
            self.say(WRAPPED[usize::from(d < 0)].to_string());
        } else if self.message.as_ref().is_some_and(|(m, _)| WRAPPED.contains(&m.as_str())) {
            self.message = None;
        }
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

/// One step through the search history (`history` the newest first): `d` < 0 to an earlier
/// query, starting the walk from the line as typed; `d` > 0 to a later one, and past the
/// newest back to the line as typed, which ends the walk. The query shown becomes the line,
/// the cursor at its end. Returns true if the line changed (so it is searched for).
fn walk_history(panel: &mut Panel, history: &[crate::state::Recent], d: isize) -> bool {
    let shown = |q: &str| LineEdit { text: q.to_string(), cursor: q.chars().count() };
    // The history may have changed under the walk (a save merged another instance's).
    let pos = panel.recall.as_ref().map(|r| r.pos.min(history.len().saturating_sub(1)));
    let to = match (pos, d < 0) {
        (None, true) if !history.is_empty() => 0,
        (Some(p), true) if p + 1 < history.len() => p + 1,
        (Some(0), false) => {
            let typed = panel.recall.take().map(|r| r.typed).unwrap_or_default();
            let changed = typed.text != panel.input.text;
            panel.input = typed;
            return changed;
        }
        (Some(p), false) => p - 1,
        // Nothing earlier, or not walking: nothing to do.
        _ => return false,
    };
    let typed = panel.recall.take().map_or_else(|| panel.input.clone(), |r| r.typed);
    let changed = history[to].query != panel.input.text;
    panel.input = shown(&history[to].query);
    panel.recall = Some(Recall { pos: to, typed });
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, ReportId};
    use crate::layout::Ambiguous;

    /// The bundled reports, the reader on the first in tree order, at its top.
    fn reader() -> App {
        let mut app = App::new(Corpus::bundled(), Ambiguous::Narrow);
        app.resize(80, 24);
        app.update(Action::SwitchFocus);
        app
    }

    /// The first two reports in tree order.
    fn first_two(app: &App) -> (ReportId, ReportId) {
        (app.corpus.order()[0], app.corpus.order()[1])
    }

    fn hit(report: ReportId, paragraph: usize) -> Hit {
        Hit { report, paragraph, score: 0, exact: true, indices: Vec::new(), chars: 0 }
    }

    /// Hits as a search ranks them (best first), not in reading order; none at the top.
    fn ranked(app: &mut App) {
        let (a, b) = first_two(app);
        app.hits = vec![hit(b, 5), hit(a, 10), hit(a, 3), hit(b, 2)];
    }

    /// Where the reader is: the active pane's report and cursor paragraph.
    fn at(app: &App) -> (ReportId, usize) {
        app.pane().map(|p| (p.report, p.cursor)).unwrap()
    }

    fn said(app: &App) -> String {
        app.message.as_ref().map(|m| m.0.clone()).unwrap_or_default()
    }

    /// Results for the panel: generation `g`, `n` hits in the first report (paragraphs 0..n).
    fn done(app: &App, g: u64, n: usize, complete: bool) -> super::super::search::Done {
        let r = app.corpus.order()[0];
        super::super::search::Done {
            generation: g,
            query: crate::search::query::Query::parse("经济"),
            hits: (0..n).map(|p| hit(r, p)).collect(),
            found: n,
            exact: n,
            complete,
            ranked: n,
            retried: None,
            asked: "经济".into(),
        }
    }

    /// User trial (issue 15): `/` and Esc with nothing typed scrolled the reader back a row
    /// or two when its cursor paragraph was near the bottom: the view was put back while the
    /// pane still had the panel's smaller height, so keeping the cursor in view moved it.
    #[test]
    fn an_empty_search_opened_and_closed_leaves_the_reader_where_it_was() {
        let mut app = reader();
        app.update(Action::Page(1, false));
        for _ in 0..40 {
            app.update(Action::Para(1));
        }
        let before = app.pane().map(|p| (p.spot(), p.top)).unwrap();
        for close in [Action::Close, Action::Accept] {
            app.update(Action::OpenSearch);
            app.update(close);
            assert!(app.panel().is_none());
            assert_eq!(app.pane().map(|p| (p.spot(), p.top)).unwrap(), before, "{close:?}");
        }
    }

    /// Issue 15, the trial's most serious finding: while a folder loaded, every merge (each
    /// 150 ms) asked for the query again on the bigger snapshot, and the panel dropped what
    /// came for the older ones, so on 10,000 reports it read "0 处 … 搜索中…" until loading
    /// ended. Results of the query's re-runs on older snapshots now show ("+": more to come)
    /// until a newer one has at least as many; a newer query's still drop an older one's.
    #[test]
    fn results_on_an_older_snapshot_show_while_a_folder_loads() {
        let mut app = reader();
        app.update(Action::OpenSearch);
        let p = app.panel_mut().unwrap();
        p.input.text = "经济".into();
        (p.asked, p.waiting_for) = (5, 7); // asked at 5; two merges since
        app.apply_results(done(&app, 5, 4, false));
        app.apply_results(done(&app, 5, 6, true));
        let p = app.panel().unwrap();
        assert_eq!((p.hits.len(), p.found, p.shown_generation), (6, 6, 5));
        assert!(p.busy(), "an older snapshot's count is 'at least'");
        // The re-run on the newest snapshot starts from none: its first partials wait.
        app.apply_results(done(&app, 7, 2, false));
        assert_eq!(app.panel().unwrap().found, 6);
        app.apply_results(done(&app, 7, 7, false));
        assert_eq!(app.panel().unwrap().found, 7);
        app.apply_results(done(&app, 7, 8, true));
        let p = app.panel().unwrap();
        assert_eq!((p.found, p.complete, p.busy()), (8, true, false));
        // A result older than the shown one, or of an older query, is dropped.
        app.apply_results(done(&app, 6, 9, true));
        assert_eq!(app.panel().unwrap().found, 8);
        let p = app.panel_mut().unwrap();
        (p.asked, p.waiting_for) = (8, 8);
        app.apply_results(done(&app, 7, 9, true));
        assert_eq!(app.panel().unwrap().found, 8);
        // A new query's first partial shows at once, however few it found.
        app.apply_results(done(&app, 8, 1, false));
        assert_eq!(app.panel().unwrap().found, 1);
    }

    /// The selected hit stays selected when more results arrive and it moves in the list.
    #[test]
    fn the_selected_hit_stays_selected_as_results_grow() {
        let mut app = reader();
        app.update(Action::OpenSearch);
        let p = app.panel_mut().unwrap();
        (p.asked, p.waiting_for) = (3, 3);
        app.apply_results(done(&app, 3, 4, false));
        app.update(Action::Move(1));
        app.update(Action::Move(1));
        assert_eq!(app.panel().unwrap().selected, 2);
        let mut more = done(&app, 3, 6, false);
        more.hits.reverse();
        app.apply_results(more);
        let p = app.panel().unwrap();
        assert_eq!((p.hits[p.selected].paragraph, p.selected), (2, 3));
        // A partial list without the chosen hit (it has only the best so far) leaves the
        // list alone and updates the count.
        let mut fewer = done(&app, 3, 8, false);
        fewer.hits.retain(|h| h.paragraph != 2);
        app.apply_results(fewer);
        let p = app.panel().unwrap();
        assert_eq!((p.hits[p.selected].paragraph, p.found, p.hits.len()), (2, 8, 6));
        // The complete list has it.
        app.apply_results(done(&app, 3, 9, true));
        let p = app.panel().unwrap();
        assert_eq!((p.hits[p.selected].paragraph, p.found, p.complete), (2, 9, true));
    }

    /// The worker ranks only a complete result's best hits: moving the selection near the
    /// unranked rest ranks it.
    #[test]
    fn the_unranked_rest_of_the_hits_is_ranked_when_the_list_comes_near_it() {
        let mut app = reader();
        app.update(Action::OpenSearch);
        let r = app.corpus.order()[0];
        let n = app.corpus[r].paragraphs.len();
        assert!(n > 10, "{n} paragraphs");
        // The best 2 ranked, the rest in the reverse of rank order.
        let unranked = |app: &App, g: u64| {
            let mut d = done(app, g, n, true);
            crate::search::engine::rank(&mut d.hits, &app.corpus);
            d.hits[2..].reverse();
            d.ranked = 2;
            d
        };
        let key = |hits: &[Hit]| hits.iter().map(|h| h.paragraph).collect::<Vec<_>>();
        let mut want = done(&app, 3, n, true).hits;
        crate::search::engine::rank(&mut want, &app.corpus);
        let p = app.panel_mut().unwrap();
        (p.asked, p.waiting_for) = (3, 3);
        app.apply_results(unranked(&app, 3));
        assert_ne!(key(&app.panel().unwrap().hits), key(&want));
        app.update(Action::Move(1));
        assert_eq!(key(&app.panel().unwrap().hits), key(&want), "ranked once the list came near");
        assert_eq!(app.panel().unwrap().ranked, n);
    }

    /// The trial: untouched, the selection is the best hit as better ones arrive (it kept
    /// a row number, so a different hit was selected each time the list changed).
    #[test]
    fn an_untouched_selection_is_the_best_hit() {
        let mut app = reader();
        app.update(Action::OpenSearch);
        let p = app.panel_mut().unwrap();
        (p.asked, p.waiting_for) = (3, 3);
        app.apply_results(done(&app, 3, 4, false));
        let mut more = done(&app, 3, 6, false);
        more.hits.reverse();
        app.apply_results(more);
        let p = app.panel().unwrap();
        assert_eq!((p.selected, p.hits[p.selected].paragraph), (0, 5));
    }

    #[test]
    fn n_walks_the_hits_in_reading_order() {
        let mut app = reader();
        ranked(&mut app);
        let (a, b) = first_two(&app);
        assert_eq!(at(&app), (a, 0));
        for want in [(a, 3), (a, 10), (b, 2), (b, 5)] {
            app.update(Action::NextHit);
            assert_eq!(at(&app), want);
            assert_eq!(said(&app), "", "no wrap yet");
        }
    }

    #[test]
    fn shift_n_walks_the_hits_backwards_in_reading_order() {
        let mut app = reader();
        ranked(&mut app);
        let (a, b) = first_two(&app);
        app.open(b);
        app.pane_mut().unwrap().jump(8, None, false);
        for want in [(b, 5), (b, 2), (a, 10), (a, 3)] {
            app.update(Action::PrevHit);
            assert_eq!(at(&app), want);
            assert_eq!(said(&app), "", "no wrap yet");
        }
    }

    #[test]
    fn n_and_shift_n_wrap_around_with_a_message() {
        let mut app = reader();
        ranked(&mut app);
        let (a, b) = first_two(&app);
        app.open(b);
        app.pane_mut().unwrap().jump(5, None, false);
        app.update(Action::NextHit);
        assert_eq!(at(&app), (a, 3));
        assert_eq!(said(&app), "已到最后一处，从头继续");
        app.message = None;
        app.update(Action::PrevHit);
        assert_eq!(at(&app), (b, 5));
        assert_eq!(said(&app), "已到第一处，从末尾继续");
        // The next step that does not wrap takes the words away.
        app.update(Action::PrevHit);
        assert_eq!((at(&app), said(&app)), ((b, 2), String::new()));
    }

    #[test]
    fn n_counts_from_the_cursor_after_a_move() {
        let mut app = reader();
        ranked(&mut app);
        let (a, b) = first_two(&app);
        app.update(Action::NextHit);
        assert_eq!(at(&app), (a, 3));
        // Moved on past the next hit since: n goes on from here, as in vim.
        app.update(Action::Para(8));
        assert_eq!(at(&app), (a, 11));
        app.update(Action::NextHit);
        assert_eq!(at(&app), (b, 2));
        // And N from a report with no hits before the cursor's.
        app.open(b);
        app.pane_mut().unwrap().jump(0, None, false);
        app.update(Action::PrevHit);
        assert_eq!(at(&app), (a, 10));
    }
}
