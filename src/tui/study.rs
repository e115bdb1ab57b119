//! The research views over the panes: a query's trend across years and places (`t`) and
//! its concordance (`i`), from [`crate::study`], each computed on its own thread, off the
//! UI thread, as a search is; what their keys do. Drawing is in `view_study`.

use super::action::{Action, Focus};
use super::app::{App, Effect, Mode};
use super::finder::Finder;
use crate::corpus::{Corpus, ReportId};
use crate::search::{Filter, Hit, Query};
use crate::study::{By, Cell, Line, Order};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};

/// Chars of context kept either side of an occurrence; the view cuts them to its width.
pub const CONTEXT: usize = 60;

/// Which reports a trend counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrendScope {
    All,
    /// One place (with its districts and counties, as the search's place scope).
    Place(String),
    /// Every place apart: a band of bars each.
    ByPlace,
    /// One row of the trend by place taken alone (`p`): that place's own reports.
    Only(String),
}

/// Which reports a concordance lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KwicScope {
    All,
    Place(String),
}

/// The trend view's state.
#[derive(Clone, Debug)]
pub struct Trend {
    pub scope: TrendScope,
    /// The cells, once computed (by year, or by place and year for `ByPlace`).
    pub cells: Option<Vec<Cell>>,
    pub year: Option<i32>,
    /// The selected place row (`ByPlace`), by name.
    pub place: Option<String>,
    /// Variant hits drawn as a second, lighter bar.
    pub variants: bool,
}

/// The concordance view's state.
#[derive(Clone, Debug)]
pub struct Kwic {
    pub scope: KwicScope,
    pub order: Order,
    pub lines: Option<Vec<Line>>,
    pub selected: usize,
    /// The widest label (place and year) and match of all the lines, in columns: the
    /// columns stay put as the list scrolls.
    pub widest: (usize, usize),
}

/// A concordance line's label: place and year.
pub fn kwic_label(l: &Line) -> String {
    format!("{} {}", l.place.as_deref().unwrap_or("?"), l.year.map_or("?".to_string(), |y| y.to_string()))
}

#[derive(Clone, Debug)]
pub enum View {
    Trend(Trend),
    Kwic(Kwic),
}

/// What a computation sends back.
enum Outcome {
    Cells(Vec<Cell>),
    /// The lines, and the widest label and match among them (measured there too, off the
    /// UI thread: tens of thousands of lines took the loop tens of ms).
    Lines(Vec<Line>, (usize, usize)),
}

/// A computation on its own thread; dropping it cancels it.
struct Job {
    rx: Receiver<Outcome>,
    cancel: Arc<AtomicBool>,
}

impl Drop for Job {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job")
    }
}

/// An open research view: the query it studies, and the search panel to go back to when
/// it was opened from one.
#[derive(Debug)]
pub struct Study {
    /// The query as typed, and parsed.
    pub text: String,
    pub query: Query,
    pub view: View,
    /// The report open when the view opened (its place is "this place").
    pub report: Option<ReportId>,
    /// The search panel this view was opened from: Esc goes back to it.
    pub back: Option<Box<Finder>>,
    /// The numbers could not be computed (the thread did not start, or ended without them).
    pub failed: bool,
    job: Option<Job>,
}

impl Study {
    /// Still computing.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// Start computing what the view shows (cancelling what was running).
    fn compute(&mut self, corpus: &Arc<Corpus>, amb: crate::layout::Ambiguous) {
        let (tx, rx) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let (corpus, query, flag) = (Arc::clone(corpus), self.query.clone(), Arc::clone(&cancel));
        let work: Box<dyn FnOnce() -> Option<Outcome> + Send> = match &mut self.view {
            View::Trend(t) => {
                t.cells = None;
                let (filter, by) = match &t.scope {
                    TrendScope::All => (Filter::default(), By::Year),
                    TrendScope::Place(p) => (Filter { place: Some(p.clone()), ..Filter::default() }, By::Year),
                    TrendScope::Only(p) => {
                        (Filter { place: Some(p.clone()), exact_place: true, ..Filter::default() }, By::Year)
                    }
                    TrendScope::ByPlace => (Filter::default(), By::Both),
                };
                Box::new(move || crate::study::trend(&corpus, &query, &filter, by, &flag).map(Outcome::Cells))
            }
            View::Kwic(k) => {
                k.lines = None;
                let filter = match &k.scope {
                    KwicScope::All => Filter::default(),
                    KwicScope::Place(p) => Filter { place: Some(p.clone()), ..Filter::default() },
                };
                let order = k.order;
                Box::new(move || {
                    let lines = crate::study::kwic(&corpus, &query, &filter, CONTEXT, order, &flag)?;
                    let w = |t: &str| crate::layout::str_width(&crate::layout::sanitize(t), amb);
                    let widest =
                        lines.iter().fold((0, 0), |(a, b), l| (a.max(w(&kwic_label(l))), b.max(w(&l.matched))));
                    Some(Outcome::Lines(lines, widest))
                })
            }
        };
        let spawned = std::thread::Builder::new().name("baogao-study".into()).spawn(move || {
            if let Some(out) = work() {
                let _ = tx.send(out);
            }
        });
        self.failed = spawned.is_err();
        self.job = spawned.ok().map(|_| Job { rx, cancel });
    }

    /// Take a finished computation. True if the view changed.
    fn poll(&mut self) -> bool {
        let Some(job) = &self.job else { return false };
        let out = match job.rx.try_recv() {
            Ok(out) => out,
            Err(mpsc::TryRecvError::Empty) => return false,
            Err(mpsc::TryRecvError::Disconnected) => {
                // Cancelled ones send nothing either, but they are no longer polled.
                self.job = None;
                self.failed = true;
                return true;
            }
        };
        self.job = None;
        match (&mut self.view, out) {
            (View::Trend(t), Outcome::Cells(cells)) => {
                let span = crate::study::chart::year_span(&cells);
                // Keep the selected year if it is still in the span, else the last year.
                if t.year.is_none_or(|y| !span.contains(&y)) {
                    t.year = span.last().copied();
                }
                if t.scope == TrendScope::ByPlace
                    && t.place.as_ref().is_none_or(|p| !cells.iter().any(|c| c.place.as_ref() == Some(p)))
                {
                    t.place = cells.iter().find_map(|c| c.place.clone());
                }
                t.cells = Some(cells);
            }
            (View::Kwic(k), Outcome::Lines(lines, widest)) => {
                k.selected = k.selected.min(lines.len().saturating_sub(1));
                k.lines = Some(lines);
                k.widest = widest;
            }
            _ => {}
        }
        true
    }

    /// The places of a trend by place, in its order.
    pub fn places(&self) -> Vec<String> {
        let View::Trend(t) = &self.view else { return Vec::new() };
        t.cells.as_deref().map(crate::study::places_in).unwrap_or_default().into_iter().flatten().collect()
    }
}

impl App {
    /// Open the trend (`trend`: true) or the concordance of the current query: the search
    /// panel's, the view's, or the last accepted search's. `mode` is the mode it opens
    /// from, taken out of `self` (the panel is kept, to go back to on Esc).
    pub(super) fn open_study(&mut self, mode: Mode, trend: bool) {
        let (text, origin) = match &mode {
            // A query retried by its pinyin is studied by that pinyin, as its hits were found.
            Mode::Search(f) => {
                let text = match &f.panel.retried {
                    Some((_, pinyin)) => pinyin.clone(),
                    None => f.panel.input.text.clone(),
                };
                (Some(text), f.origin.map(|s| s.report))
            }
            Mode::Study(s) => (Some(s.text.clone()), s.report),
            _ => (self.hits_text.clone(), None),
        };
        let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
            let in_panel = matches!(mode, Mode::Search(_));
            self.mode = mode;
            self.say(crate::words::study_needs_query(in_panel, crate::words::Lang::Zh).to_string());
            return;
        };
        let query = Query::parse(&text);
        if !crate::study::counts_something(&query) {
            self.mode = mode;
            self.say(crate::words::study_nothing_to_count(crate::words::Lang::Zh).to_string());
            return;
        }
        let report = origin.or(self.pane().map(|p| p.report));
        let meta = report.and_then(|r| self.corpus.get(r)).map(|r| r.meta.clone());
        let (place, year) = (meta.as_ref().and_then(|m| m.place.clone()), meta.as_ref().and_then(|m| m.year));
        // Switching between the views keeps the place they look at.
        let (tscope, kscope) = match &mode {
            Mode::Study(s) => match &s.view {
                View::Trend(t) => match &t.scope {
                    TrendScope::Place(p) | TrendScope::Only(p) => (t.scope.clone(), KwicScope::Place(p.clone())),
                    _ => (TrendScope::All, KwicScope::All),
                },
                View::Kwic(k) => match &k.scope {
                    KwicScope::Place(p) => (TrendScope::Place(p.clone()), k.scope.clone()),
                    KwicScope::All => (TrendScope::All, KwicScope::All),
                },
            },
            _ => (TrendScope::All, KwicScope::All),
        };
        let back = match mode {
            Mode::Search(f) => Some(f),
            Mode::Study(s) => s.back,
            _ => None,
        };
        let view = if trend {
            View::Trend(Trend { scope: tscope, cells: None, year, place, variants: false })
        } else {
            View::Kwic(Kwic { scope: kscope, order: Order::Place, lines: None, selected: 0, widest: (0, 0) })
        };
        let mut study = Study { query, text, view, report, back, failed: false, job: None };
        study.compute(&self.corpus, self.amb);
        self.mode = Mode::Study(Box::new(study));
    }

    /// A research view is open and still computing.
    pub fn study_busy(&self) -> bool {
        matches!(&self.mode, Mode::Study(s) if s.busy())
    }

    /// Take a finished trend or concordance. True if anything changed.
    pub fn poll_study(&mut self) -> bool {
        match &mut self.mode {
            Mode::Study(s) => s.poll(),
            _ => false,
        }
    }

    /// Wait (up to `timeout`) for the open view's numbers; for tests.
    pub fn settle_study(&mut self, timeout: std::time::Duration) {
        let deadline = std::time::Instant::now() + timeout;
        while matches!(&self.mode, Mode::Study(s) if s.busy()) && std::time::Instant::now() < deadline {
            if !self.poll_study() {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
        }
    }

    pub(super) fn update_study(&mut self, mut study: Box<Study>, action: Action, fx: &mut Vec<Effect>) {
        match action {
            Action::Close | Action::Quit => {
                match study.back.take() {
                    Some(f) => {
                        // Asked again: results that came while the view was open were not the
                        // panel's to take, and a year it listed is no longer narrowed.
                        self.mode = Mode::Search(f);
                        self.resubmit();
                    }
                    None => self.mode = Mode::Browse,
                }
                return;
            }
            Action::Trend if !matches!(study.view, View::Trend(_)) => return self.open_study(Mode::Study(study), true),
            Action::Kwic if !matches!(study.view, View::Kwic(_)) => return self.open_study(Mode::Study(study), false),
            _ => {}
        }
        let place = study.report.and_then(|r| self.corpus.get(r)).and_then(|r| r.meta.place.clone());
        let places = study.places();
        let query_text = study.text.clone();
        let mut recompute = false;
        match &mut study.view {
            View::Trend(t) => match action {
                Action::Year(d) => {
                    let span = t.cells.as_deref().map(crate::study::chart::year_span).unwrap_or_default();
                    if let Some(at) = t.year.and_then(|y| span.iter().position(|&s| s == y)) {
                        let to = (at as isize + d).clamp(0, span.len() as isize - 1) as usize;
                        t.year = Some(span[to]);
                    }
                }
                Action::Top | Action::Bottom => {
                    let span = t.cells.as_deref().map(crate::study::chart::year_span).unwrap_or_default();
                    t.year = if action == Action::Top { span.first() } else { span.last() }.copied().or(t.year);
                }
                Action::Move(_) | Action::Page(_, _) if t.scope == TrendScope::ByPlace => {
                    let d = match action {
                        Action::Page(p, _) => p as isize * 10,
                        Action::Move(d) => d,
                        _ => 0,
                    };
                    // No places while the numbers are still being counted: nothing to move to.
                    if !places.is_empty() {
                        let at = t.place.as_ref().and_then(|p| places.iter().position(|q| q == p)).unwrap_or(0);
                        let to = (at as isize + d).clamp(0, places.len() as isize - 1) as usize;
                        t.place = places.get(to).cloned();
                    }
                }
                Action::StudyScope => {
                    t.scope = match (&t.scope, &place) {
                        (TrendScope::All, Some(p)) => TrendScope::Place(p.clone()),
                        (TrendScope::All, None) | (TrendScope::Place(_) | TrendScope::Only(_), _) => {
                            TrendScope::ByPlace
                        }
                        (TrendScope::ByPlace, _) => TrendScope::All,
                    };
                    recompute = true;
                }
                Action::StudyPlace if t.scope == TrendScope::ByPlace => {
                    if let Some(p) = t.place.clone() {
                        t.scope = TrendScope::Only(p);
                        recompute = true;
                    }
                }
                Action::ToggleVariants => t.variants = !t.variants,
                Action::Open => return self.trend_to_search(study),
                Action::Copy(_) => {
                    if let Some(cells) = &t.cells {
                        let place = match &t.scope {
                            TrendScope::Place(p) | TrendScope::Only(p) => Some(p.as_str()),
                            TrendScope::All | TrendScope::ByPlace => None,
                        };
                        let what = crate::words::study_words(crate::words::Lang::Zh).table;
                        fx.push(Effect::Copy { text: trend_tsv(&query_text, place, cells), what });
                    }
                }
                _ => {}
            },
            View::Kwic(k) => match action {
                Action::Move(d) | Action::Select(d) => {
                    let n = k.lines.as_ref().map_or(0, Vec::len);
                    k.selected = (k.selected as isize + d).clamp(0, n.saturating_sub(1) as isize) as usize;
                }
                Action::Page(p, half) => {
                    let n = k.lines.as_ref().map_or(0, Vec::len);
                    let rows = (self.size.1 as isize - 4).max(1) / if half { 2 } else { 1 };
                    k.selected =
                        (k.selected as isize + p as isize * rows).clamp(0, n.saturating_sub(1) as isize) as usize;
                }
                Action::Top => k.selected = 0,
                Action::Bottom => k.selected = k.lines.as_ref().map_or(0, |l| l.len().saturating_sub(1)),
                Action::StudySort => {
                    k.order = match k.order {
                        Order::Place => Order::Left,
                        Order::Left => Order::Right,
                        Order::Right => Order::Place,
                    };
                    // Lines still being found come in the order asked for when they are.
                    recompute = k.lines.is_none();
                    // Sorting the lines at hand is quick; the same key keeps the same line.
                    let key = k.lines.as_ref().and_then(|l| l.get(k.selected)).map(|l| (l.report, l.paragraph, l.at));
                    if let Some(lines) = k.lines.as_mut() {
                        crate::study::sort_lines(lines, k.order, &self.corpus);
                        k.selected = key
                            .and_then(|key| lines.iter().position(|l| (l.report, l.paragraph, l.at) == key))
                            .unwrap_or(0);
                    }
                }
                Action::StudyScope => {
                    k.scope = match (&k.scope, &place) {
                        (KwicScope::All, Some(p)) => KwicScope::Place(p.clone()),
                        _ => KwicScope::All,
                    };
                    k.selected = 0;
                    recompute = true;
                }
                Action::Copy(section) => {
                    let target = k.lines.as_ref().and_then(|l| l.get(k.selected)).map(|l| (l.report, l.paragraph));
                    self.copy_target(target, section, fx);
                }
                Action::Open => return self.kwic_jump(study, fx),
                _ => {}
            },
        }
        if recompute {
            study.compute(&self.corpus, self.amb);
        }
        self.mode = Mode::Study(study);
    }

    /// Enter on a trend: the selected year's hits (of the selected place, by place) in the
    /// search panel, where Enter jumps as usual.
    fn trend_to_search(&mut self, study: Box<Study>) {
        let View::Trend(t) = &study.view else { return };
        let (Some(year), Some(cells)) = (t.year, &t.cells) else {
            if t.cells.is_none() {
                self.say(crate::words::study_words(crate::words::Lang::Zh).computing.to_string());
            }
            self.mode = Mode::Study(study);
            return;
        };
        let has_report =
            cells.iter().any(|c| c.year == Some(year) && (t.scope != TrendScope::ByPlace || c.place == t.place));
        if !has_report {
            let place = if t.scope == TrendScope::ByPlace { t.place.as_deref() } else { None };
            self.say(crate::words::no_report_that_year(place, year, crate::words::Lang::Zh));
            self.mode = Mode::Study(study);
            return;
        }
        // The hits the trend counted: those of all reports, of the place with its districts,
        // or of the one place of a row (or taken alone).
        let (place, exact_place) = match &t.scope {
            TrendScope::All => (None, false),
            TrendScope::Place(p) => (Some(p.clone()), false),
            TrendScope::Only(p) => (Some(p.clone()), true),
            TrendScope::ByPlace => (t.place.clone(), true),
        };
        let text = study.text.clone();
        let mut study = study;
        let from_panel = study.back.is_some();
        match study.back.take() {
            Some(f) => self.mode = Mode::Search(f),
            None => self.open_search(),
        }
        if let Mode::Search(f) = &mut self.mode {
            // Esc in the panel comes back to this trend.
            f.trend = Some((study, from_panel));
            f.panel.input = super::search::LineEdit { cursor: text.chars().count(), text };
            f.panel.scope = super::search::Scope::All;
            f.panel.within = super::search::Within { place, exact_place, year: Some(year) };
            f.panel.selected = 0;
            f.panel.chosen = None;
            f.panel.marked.clear();
            f.panel.recall = None;
        }
        self.resubmit();
    }

    /// Enter on a concordance line: to the occurrence in the reader, the cursor on its
    /// paragraph; n / N then walk the concordance's paragraphs.
    fn kwic_jump(&mut self, study: Box<Study>, fx: &mut Vec<Effect>) {
        let View::Kwic(k) = &study.view else { return };
        let Some(line) = k.lines.as_ref().and_then(|l| l.get(k.selected)).cloned() else {
            self.mode = Mode::Study(study);
            return;
        };
        // Leaving the search panel it was opened from, as a jump from the panel does: the
        // worker forgets its query, and the query goes into the history.
        if let Some(f) = &study.back {
            self.forget_query();
            self.remember_query(&f.panel.input.text, fx);
        }
        let origin = study.back.as_ref().and_then(|f| f.origin).or(self.here());
        if let Some(o) = origin {
            self.jumps.record(o);
        }
        let mut hits: Vec<Hit> = Vec::new();
        for l in k.lines.iter().flatten() {
            if hits.last().is_none_or(|h| (h.report, h.paragraph) != (l.report, l.paragraph)) {
                hits.push(Hit {
                    report: l.report,
                    paragraph: l.paragraph,
                    score: 0,
                    exact: true,
                    indices: Vec::new(),
                    chars: 0,
                });
            }
        }
        hits.sort_by_key(|h| (self.corpus.rank(h.report), h.paragraph));
        hits.dedup_by_key(|h| (h.report, h.paragraph));
        self.hit_pos = hits.iter().position(|h| (h.report, h.paragraph) == (line.report, line.paragraph));
        self.hits = hits;
        self.hits_query = Some(study.query.clone());
        self.hits_text = Some(study.text.clone());
        self.set_highlight(Some(study.query.clone()));
        self.on_second = false;
        self.open(line.report);
        if let Some(p) = self.pane_mut() {
            p.jump(line.paragraph, Some(line.at), true);
        }
        self.focus = Focus::Reader;
        self.mode = Mode::Browse;
    }
}

/// A trend as tab-separated values with a head row, for the clipboard (a spreadsheet
/// takes it as a table): the query and the place on every row (the scope's place, or each
/// row's by place; empty for all reports), then the columns of `baogao trend --csv`.
pub fn trend_tsv(query: &str, place: Option<&str>, cells: &[Cell]) -> String {
    let clean = |s: &str| crate::layout::sanitize(s).replace('\t', " ");
    let mut out = String::from("query\tplace\tyear\treports\tchars\texact\tper_10k\tparagraphs\tvariants\n");
    for c in cells {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{:.2}\t{}\t{}\n",
            clean(query.trim()),
            clean(c.place.as_deref().or(place).unwrap_or("")),
            c.year.map_or(String::new(), |y| y.to_string()),
            c.reports,
            c.chars,
            c.exact,
            c.rate(),
            c.paragraphs,
            c.variants,
        ));
    }
    out
}
