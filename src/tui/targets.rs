//! The targets view (`T`): the numeric goals the reports set
//! ([`crate::corpus::targets`]) as a table of indicators × years for one place, or places ×
//! years for one indicator; each cell a target with its modifier and whether the next
//! year's report says it was met. Extracted on a thread of its own, as the research views
//! are computed. The table is built here, free of the terminal; drawing is in
//! `view_targets`.

use super::action::{Action, Focus};
use super::app::{App, Effect, Mode};
use super::search::LineEdit;
use crate::corpus::targets::{Found, Indicator, Kind, collect, shown};
use crate::corpus::{Corpus, ReportId};
use crate::words::{Lang, indicator_label};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};

/// What the rows are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    /// The indicators of one place's reports.
    Indicators,
    /// The places, for one indicator.
    Places,
}

/// A row of the table, by what it is (not where it stands).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowKey {
    Indicator(Indicator),
    Place(String),
}

/// One cell: a year of a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// No report of the place that year.
    NoReport,
    /// The report has no recognisable target part: "—", never a guess.
    NoTargets(ReportId),
    /// The report sets targets, but not this one.
    NotSet(ReportId),
    /// The targets of the row in that report (indices into the view's found), the first
    /// shown.
    Set(ReportId, Vec<usize>),
}

#[derive(Clone, Debug)]
pub struct Row {
    pub key: RowKey,
    pub label: String,
    pub cells: Vec<Cell>,
}

/// The table the view shows: its rows, and the years of its columns.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub rows: Vec<Row>,
    pub years: Vec<i32>,
}

/// The open targets view.
#[derive(Debug)]
pub struct Targets {
    /// Every report's targets and results, once extracted.
    pub found: Option<Arc<Vec<Found>>>,
    /// Each report's targets, where they stand in `found`.
    of: Arc<HashMap<ReportId, Vec<usize>>>,
    /// How many reports the collection had when they were extracted: reports that load
    /// after have them extracted again.
    extracted: usize,
    pub by: By,
    /// The place whose indicators are rows (`By::Indicators`).
    pub place: Option<String>,
    /// The selected row: an indicator (`By::Indicators`, and the indicator of `By::Places`)
    /// and a place (`By::Places`).
    pub indicator: Option<Indicator>,
    pub row_place: Option<String>,
    pub year: Option<i32>,
    /// The order of the rows: an index into the by's orders.
    pub order: usize,
    /// The indicator filter, and the line while it is typed.
    pub filter: String,
    pub editing: Option<LineEdit>,
    pub failed: bool,
    job: Option<Receiver<Extracted>>,
}

impl Targets {
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    fn poll(&mut self) -> bool {
        let Some(rx) = &self.job else { return false };
        match rx.try_recv() {
            Ok((found, of, n)) => {
                self.job = None;
                self.found = Some(Arc::new(found));
                self.of = Arc::new(of);
                self.extracted = n;
                true
            }
            Err(mpsc::TryRecvError::Empty) => false,
            Err(mpsc::TryRecvError::Disconnected) => {
                self.job = None;
                self.failed = true;
                true
            }
        }
    }

    /// The table as it stands, and the selected row and column in it.
    pub fn table(&self, corpus: &Corpus, lang: Lang) -> (Table, Option<usize>, Option<usize>) {
        let Some(found) = &self.found else { return (Table::default(), None, None) };
        let t = build(corpus, found, &self.of, self, lang);
        let row = t.rows.iter().position(|r| match &r.key {
            RowKey::Indicator(i) => Some(*i) == self.indicator,
            RowKey::Place(p) => Some(p) == self.row_place.as_ref(),
        });
        let row = row.or((!t.rows.is_empty()).then_some(0));
        // The chosen year, or the nearest the table has (the last with none chosen).
        let col = match self.year {
            Some(y) => (0..t.years.len()).min_by_key(|&k| ((t.years[k] - y).abs(), std::cmp::Reverse(t.years[k]))),
            None => t.years.len().checked_sub(1),
        };
        (t, row, col)
    }

    /// The indicator the places are shown for: the selected one, unless the filter leaves
    /// it out, then the first the filter keeps.
    pub fn shown_indicator(&self, found: &[Found]) -> Option<Indicator> {
        let present = indicators(found.iter().map(|f| &f.target.indicator));
        let kept: Vec<Indicator> = present.into_iter().filter(|i| matches_filter(*i, found, &self.filter)).collect();
        self.indicator.filter(|i| kept.contains(i)).or(kept.first().copied())
    }
}

/// The vocabulary's indicators among `of`, in its order.
fn indicators<'a>(of: impl Iterator<Item = &'a Indicator>) -> Vec<Indicator> {
    let mut v: Vec<Indicator> = of.copied().collect();
    v.sort();
    v.dedup();
    v
}

/// Whether an indicator passes the filter: by its name (gdp), its label in either
/// language, or (for the others) the words of one of its targets.
fn matches_filter(i: Indicator, found: &[Found], filter: &str) -> bool {
    let f = filter.trim().to_lowercase();
    crate::words::indicator_matches(i, &f)
        || i == Indicator::Other && found.iter().any(|t| t.target.indicator == i && t.target.words.contains(&f))
}

/// What the extraction sends back: the targets and results, each report's targets, and
/// how many reports there were.
type Extracted = (Vec<Found>, HashMap<ReportId, Vec<usize>>, usize);

/// Start extracting every report's targets on a thread of its own.
fn extract_all(corpus: &Arc<Corpus>) -> Option<Receiver<Extracted>> {
    let (tx, rx) = mpsc::channel();
    let corpus = Arc::clone(corpus);
    let spawned = std::thread::Builder::new().name("baogao-targets".into()).spawn(move || {
        let found = collect(&corpus);
        let of = by_report(&found);
        let _ = tx.send((found, of, corpus.len()));
    });
    spawned.ok().map(|_| rx)
}

/// The targets of a report, by its id: where they stand in `found`.
fn by_report(found: &[Found]) -> HashMap<ReportId, Vec<usize>> {
    let mut m: HashMap<ReportId, Vec<usize>> = HashMap::new();
    for (k, f) in found.iter().enumerate() {
        if f.target.kind == Kind::Target {
            m.entry(f.report).or_default().push(k);
        }
    }
    m
}

fn build(corpus: &Corpus, found: &[Found], of: &HashMap<ReportId, Vec<usize>>, v: &Targets, lang: Lang) -> Table {
    let cell = |id: ReportId, ind: Indicator| -> Cell {
        match of.get(&id) {
            None => Cell::NoTargets(id),
            Some(ks) => {
                let set: Vec<usize> = ks.iter().copied().filter(|&k| found[k].target.indicator == ind).collect();
                if set.is_empty() { Cell::NotSet(id) } else { Cell::Set(id, set) }
            }
        }
    };
    match v.by {
        By::Indicators => {
            let Some(place) = &v.place else { return Table::default() };
            // The place's own reports, a year each (the first in tree order).
            let mut reports: Vec<(i32, ReportId)> = Vec::new();
            for (id, r) in corpus.iter() {
                if r.meta.place.as_deref() == Some(place.as_str())
                    && let Some(y) = r.meta.year
                    && !reports.iter().any(|(x, _)| *x == y)
                {
                    reports.push((y, id));
                }
            }
            reports.sort_by_key(|(y, _)| *y);
            let years: Vec<i32> = reports.iter().map(|(y, _)| *y).collect();
            let set = indicators(
                reports
                    .iter()
                    .flat_map(|(_, id)| of.get(id).into_iter().flatten())
                    .map(|&k| &found[k].target.indicator),
            );
            let mut rows: Vec<Row> = set
                .into_iter()
                .filter(|i| matches_filter(*i, found, &v.filter))
                .map(|i| Row {
                    key: RowKey::Indicator(i),
                    label: indicator_label(i, lang).to_string(),
                    cells: reports.iter().map(|(_, id)| cell(*id, i)).collect(),
                })
                .collect();
            if v.order == 1 {
                // The indicators set in most years first; the vocabulary's order among equals.
                rows.sort_by_key(|r| std::cmp::Reverse(r.cells.iter().filter(|c| matches!(c, Cell::Set(..))).count()));
            }
            Table { rows, years }
        }
        By::Places => {
            let Some(ind) = v.shown_indicator(found) else { return Table::default() };
            let mut years: Vec<i32> = corpus.reports().filter_map(|r| r.meta.year).collect();
            years.sort();
            years.dedup();
            let mut rows: Vec<Row> = Vec::new();
            let mut row_of: HashMap<&str, usize> = HashMap::new();
            for (id, r) in corpus.iter() {
                let (Some(p), Some(y)) = (r.meta.place.as_deref(), r.meta.year) else { continue };
                let Ok(at) = years.binary_search(&y) else { continue };
                let k = *row_of.entry(p).or_insert_with(|| {
                    rows.push(Row {
                        key: RowKey::Place(p.to_string()),
                        label: p.to_string(),
                        cells: vec![Cell::NoReport; years.len()],
                    });
                    rows.len() - 1
                });
                if rows[k].cells[at] == Cell::NoReport {
                    rows[k].cells[at] = cell(id, ind);
                }
            }
            if v.order > 0 {
                let col = v.year.and_then(|y| years.iter().position(|&x| x == y)).or(years.len().checked_sub(1));
                let value = |r: &Row| match col.and_then(|c| r.cells.get(c)) {
                    Some(Cell::Set(_, ks)) => Some(found[ks[0]].target.value),
                    _ => None,
                };
                // Rows with no value that year last, in tree order (the sort is stable).
                rows.sort_by(|a, b| match (value(a), value(b)) {
                    (Some(x), Some(y)) if v.order == 1 => y.total_cmp(&x),
                    (Some(x), Some(y)) => x.total_cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                });
            }
            Table { rows, years }
        }
    }
}

/// A cell's text: the first target as a reader writes it (6.5%左右, ≥1100万人), with ✓ or
/// ✗ when the next year's report says whether it was met; "+N" for more of the row's.
pub fn cell_text(cell: &Cell, found: &[Found], lang: Lang) -> String {
    let w = crate::words::targets_words(lang);
    match cell {
        Cell::NoReport => String::new(),
        Cell::NoTargets(_) => w.no_targets.to_string(),
        Cell::NotSet(_) => w.not_set.to_string(),
        Cell::Set(_, ks) => {
            let f = &found[ks[0]];
            let mut s = shown(&f.target);
            if let Some(o) = &f.outcome {
                s.push(if o.met { '✓' } else { '✗' });
            }
            if ks.len() > 1 {
                s.push_str(&format!("+{}", ks.len() - 1));
            }
            s
        }
    }
}

/// The table as tab-separated values, for the clipboard: a head row of years, then a row
/// each, the cells as shown.
pub fn table_tsv(t: &Table, found: &[Found], lang: Lang) -> String {
    let clean = |s: &str| crate::layout::sanitize(s).replace('\t', " ");
    let mut out = String::new();
    for y in &t.years {
        out.push('\t');
        out.push_str(&y.to_string());
    }
    out.push('\n');
    for r in &t.rows {
        out.push_str(&clean(&r.label));
        for c in &r.cells {
            out.push('\t');
            out.push_str(&clean(&cell_text(c, found, lang)));
        }
        out.push('\n');
    }
    out
}

impl App {
    /// Open the targets view on the open report's place (or the tree's), its year chosen.
    pub(super) fn open_targets(&mut self) {
        let report = self.pane().map(|p| p.report);
        let meta = report.and_then(|r| self.corpus.get(r)).map(|r| r.meta.clone());
        let (place, year) = (meta.as_ref().and_then(|m| m.place.clone()), meta.as_ref().and_then(|m| m.year));
        let job = extract_all(&self.corpus);
        let by = if place.is_some() { By::Indicators } else { By::Places };
        self.mode = Mode::Targets(Box::new(Targets {
            found: None,
            of: Arc::default(),
            extracted: 0,
            by,
            place: place.clone(),
            indicator: None,
            row_place: place,
            year,
            order: 0,
            filter: String::new(),
            editing: None,
            failed: job.is_none(),
            job,
        }));
    }

    /// The targets view is open and still extracting.
    pub fn targets_busy(&self) -> bool {
        matches!(&self.mode, Mode::Targets(t) if t.busy())
    }

    /// Take the finished extraction. True if anything changed.
    pub fn poll_targets(&mut self) -> bool {
        let Mode::Targets(t) = &mut self.mode else { return false };
        let first = t.found.is_none();
        let changed = t.poll();
        // Opened on a report with no target part (the first report, 1954): the latest year
        // that sets any, rather than a screen of —.
        if first && t.found.is_some() && t.by == By::Indicators {
            let (table, _, col) = t.table(&self.corpus, Lang::Zh);
            let none_here = col.is_none_or(|c| table.rows.iter().all(|r| !matches!(r.cells[c], Cell::Set(..))));
            if none_here {
                let last = (0..table.years.len())
                    .rev()
                    .find(|&c| table.rows.iter().any(|r| matches!(r.cells[c], Cell::Set(..))));
                t.year = last.map(|c| table.years[c]).or(t.year);
            }
        }
        // Reports that loaded since: extract again (their cells are not guessed at meanwhile).
        if t.job.is_none() && t.found.is_some() && t.extracted != self.corpus.len() {
            t.job = extract_all(&self.corpus);
            t.extracted = self.corpus.len();
        }
        changed
    }

    /// Wait (up to `timeout`) for the targets; for tests.
    pub fn settle_targets(&mut self, timeout: std::time::Duration) {
        let deadline = std::time::Instant::now() + timeout;
        while self.targets_busy() && std::time::Instant::now() < deadline {
            if !self.poll_targets() {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
        }
    }

    pub(super) fn update_targets(&mut self, mut t: Box<Targets>, action: Action, fx: &mut Vec<Effect>) {
        let lang = Lang::Zh;
        // Typing the filter: the rows narrow as it is typed; Enter keeps it, Esc drops it.
        if let Some(mut e) = t.editing.take() {
            match action {
                Action::Type(c) => e.insert(c),
                Action::Edit(ed) => e.apply(ed),
                Action::Accept | Action::Open => {
                    self.mode = Mode::Targets(t);
                    return;
                }
                Action::Close | Action::Quit => {
                    t.filter.clear();
                    self.mode = Mode::Targets(t);
                    return;
                }
                _ => {}
            }
            t.filter = e.text.clone();
            t.editing = Some(e);
            self.mode = Mode::Targets(t);
            return;
        }
        let (table, row, col) = t.table(&self.corpus, lang);
        let select = |t: &mut Targets, r: usize| match table.rows.get(r).map(|r| &r.key) {
            Some(RowKey::Indicator(i)) => t.indicator = Some(*i),
            Some(RowKey::Place(p)) => t.row_place = Some(p.clone()),
            None => {}
        };
        let last_row = table.rows.len().saturating_sub(1) as isize;
        match action {
            // Esc drops a filter first, then closes.
            Action::Close if !t.filter.is_empty() => t.filter.clear(),
            Action::Close | Action::Quit => {
                self.mode = Mode::Browse;
                return;
            }
            Action::Move(d) | Action::Select(d) => {
                if let Some(r) = row {
                    select(&mut t, (r as isize + d).clamp(0, last_row) as usize);
                }
            }
            Action::Page(p, half) => {
                if let Some(r) = row {
                    let rows = (self.size.1 as isize - 8).max(1) / if half { 2 } else { 1 };
                    select(&mut t, (r as isize + p as isize * rows).clamp(0, last_row) as usize);
                }
            }
            Action::Top => select(&mut t, 0),
            Action::Bottom => select(&mut t, last_row as usize),
            Action::Year(d) => {
                if let Some(c) = col {
                    let to = (c as isize + d).clamp(0, table.years.len() as isize - 1) as usize;
                    t.year = table.years.get(to).copied();
                }
            }
            Action::StudyScope => {
                // Indicators → places for the chosen indicator; places → the chosen place's
                // indicators.
                match t.by {
                    By::Indicators => {
                        if let Some(r) = row {
                            select(&mut t, r);
                        }
                        t.by = By::Places;
                        t.row_place = t.place.clone().or(t.row_place.clone());
                        t.filter.clear();
                    }
                    By::Places => {
                        if let Some(found) = &t.found {
                            t.indicator = t.shown_indicator(found);
                        }
                        if let Some(r) = row {
                            select(&mut t, r);
                        }
                        t.place = t.row_place.clone();
                        t.by = By::Indicators;
                        t.filter.clear();
                    }
                }
                t.order = 0;
            }
            Action::StudySort => {
                let n = match t.by {
                    By::Indicators => 2,
                    By::Places => 3,
                };
                t.order = (t.order + 1) % n;
                let w = crate::words::targets_words(lang);
                let name = match t.by {
                    By::Indicators => w.orders_indicators[t.order],
                    By::Places => w.orders_places[t.order],
                };
                self.say(name.to_string());
            }
            Action::StudyFilter => {
                t.editing = Some(LineEdit { cursor: t.filter.chars().count(), text: t.filter.clone() });
            }
            Action::Copy(_) => {
                if let Some(found) = &t.found {
                    let what = crate::words::targets_words(lang).table;
                    fx.push(Effect::Copy { text: table_tsv(&table, found, lang), what });
                }
            }
            Action::Open => {
                let cell = row.zip(col).and_then(|(r, c)| table.rows.get(r).and_then(|r| r.cells.get(c))).cloned();
                let target = match &cell {
                    Some(Cell::Set(id, ks)) => t
                        .found
                        .as_ref()
                        .map(|f| (*id, Some(&f[ks[0]].target)))
                        .map(|(id, tg)| (id, tg.map(|tg| (tg.paragraph, tg.start)))),
                    // A target not set: the report's target sentence, where the others are.
                    Some(Cell::NotSet(id)) => {
                        let first = t.of.get(id).and_then(|ks| ks.first()).zip(t.found.as_ref());
                        Some((*id, first.map(|(&k, f)| (f[k].target.paragraph, f[k].target.start))))
                    }
                    Some(Cell::NoTargets(id)) => Some((*id, None)),
                    _ => None,
                };
                match target {
                    Some((id, at)) => {
                        if let Some(o) = self.here() {
                            self.jumps.record(o);
                        }
                        self.open(id);
                        if let (Some(p), Some((para, start))) = (self.pane_mut(), at) {
                            p.jump(para, Some(start), true);
                        }
                        self.focus = Focus::Reader;
                        self.mode = Mode::Browse;
                        return;
                    }
                    None if table.rows.is_empty() => {
                        let w = crate::words::targets_words(lang);
                        self.say(if t.filter.is_empty() { w.none_here } else { w.none_matching }.to_string());
                    }
                    None => {
                        let place = row.and_then(|r| table.rows.get(r)).map(|r| r.label.clone());
                        if let Some(y) = col.and_then(|c| table.years.get(c)) {
                            self.say(crate::words::no_report_that_year(place.as_deref(), *y, lang));
                        }
                    }
                }
            }
            _ => {}
        }
        self.mode = Mode::Targets(t);
    }
}
