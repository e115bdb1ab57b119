//! The targets view (issue 17) on ratatui's TestBackend: the table as drawn (golden
//! files, read and checked by hand against the reports), and its keys: the year, the
//! rows by place, the filter, the order, Enter to the sentence, and the honest gaps. The
//! tmux test is in `e2e_targets.rs`.

mod common;

use baogao::corpus::Corpus;
use baogao::corpus::targets::Indicator;
use baogao::layout::Ambiguous;
use baogao::tui::action::Action;
use baogao::tui::app::{App, Mode};
use baogao::tui::targets::{By, Cell, RowKey, Targets};
use baogao::words::Lang;
use std::time::Duration;

use common::{draw, golden, screen_text as text};

fn view_of(a: &App) -> &Targets {
    match &a.mode {
        Mode::Targets(t) => t,
        m => panic!("no targets view: {m:?}"),
    }
}

/// The bundled reports at `w`×`h`, `report` open, the targets view open on it.
fn targets(path: &str, w: u16, h: u16) -> App {
    let corpus = Corpus::bundled();
    let id = corpus.find_path(path).unwrap_or_else(|| panic!("{path} is bundled"));
    let mut a = App::new(corpus, Ambiguous::Narrow);
    draw(&mut a, w, h);
    a.open(id);
    a.update(Action::Targets);
    a.settle_targets(Duration::from_secs(30));
    assert!(view_of(&a).found.is_some(), "extracted");
    a
}

fn select_year(a: &mut App, year: i32) {
    for _ in 0..100 {
        let (t, _, col) = view_of(a).table(&a.corpus, Lang::Zh);
        let at = t.years[col.unwrap()];
        if at == year {
            return;
        }
        a.update(Action::Year(if at < year { 1 } else { -1 }));
    }
    panic!("{year} not reached");
}

/// The chosen row's key and the chosen cell.
fn chosen(a: &App) -> (RowKey, Cell) {
    let (t, row, col) = view_of(a).table(&a.corpus, Lang::Zh);
    let r = &t.rows[row.unwrap()];
    (r.key.clone(), r.cells[col.unwrap()].clone())
}

/// The national reports' indicators by year, 2022 chosen: read against the reports, the
/// GDP targets are 6.5%左右 (2018, met at 6.6% by the 2019 report), 6%–6.5% (2019, no 2020
/// report to set it against), ≥6% (2021, met at 8.1%), 5.5%左右 (2022, missed at 3%).
#[test]
fn golden_the_national_targets_at_100x30() {
    let mut a = targets("bundled:national/2022.txt", 100, 30);
    select_year(&mut a, 2022);
    golden("targets-100x30.txt", &text(&draw(&mut a, 100, 30)));
}

#[test]
fn golden_the_national_targets_at_40x20() {
    let mut a = targets("bundled:national/2022.txt", 40, 20);
    select_year(&mut a, 2022);
    golden("targets-40x20.txt", &text(&draw(&mut a, 40, 20)));
}

/// Enter on a cell opens its report with the cursor on the paragraph that sets it.
#[test]
fn enter_on_a_cell_lands_on_the_sentence() {
    let mut a = targets("bundled:national/2022.txt", 100, 30);
    select_year(&mut a, 2019);
    assert_eq!(chosen(&a).0, RowKey::Indicator(Indicator::Gdp));
    a.update(Action::Open);
    assert!(matches!(a.mode, Mode::Browse));
    let r = a.report().unwrap();
    assert_eq!(r.meta.year, Some(2019));
    let (_, para) = a.cursor().unwrap();
    assert!(r.paragraphs[para].text.contains("国内生产总值增长6%－6.5%"), "{}", r.paragraphs[para].text);
}

/// s: the places by year for the chosen indicator; a report with no target part is "—"
/// (全国 1988: the plans of those years set output, not these), never a guess; Enter on a
/// year with no report stays and says so.
#[test]
fn by_place_with_honest_gaps() {
    let mut a = targets("bundled:national/2022.txt", 100, 30);
    a.update(Action::StudyScope);
    assert_eq!(view_of(&a).by, By::Places);
    let (t, _, _) = view_of(&a).table(&a.corpus, Lang::Zh);
    let row = |p: &str| t.rows.iter().find(|r| r.key == RowKey::Place(p.into())).unwrap();
    let at = |y: i32| t.years.iter().position(|&x| x == y).unwrap();
    assert!(matches!(row("全国").cells[at(1988)], Cell::NoTargets(_)));
    assert!(matches!(row("齐齐哈尔市").cells[at(2022)], Cell::Set(..)), "its list of goals");
    assert!(matches!(row("吉林市").cells[at(2018)], Cell::Set(..)));
    assert_eq!(row("吉林市").cells[at(2022)], Cell::NoReport);
    let screen = text(&draw(&mut a, 100, 30));
    assert!(screen.contains("目标 · 生产总值 · 按地方"), "{screen}");
    // 2020: no report of 全国, the first row.
    select_year(&mut a, 2020);
    a.update(Action::Top);
    a.update(Action::Open);
    assert!(matches!(a.mode, Mode::Targets(_)), "stays");
    let screen = text(&draw(&mut a, 100, 30));
    assert!(screen.contains("全国2020年没有报告"), "{screen}");
}

/// f types a filter of the indicators (ASCII names serve without a Chinese input method);
/// Esc drops it, and Esc again closes the view.
#[test]
fn the_filter_narrows_the_indicators() {
    let mut a = targets("bundled:national/2022.txt", 100, 30);
    a.update(Action::StudyFilter);
    for c in "cpi".chars() {
        a.update(Action::Type(c));
    }
    a.update(Action::Accept);
    let (t, _, _) = view_of(&a).table(&a.corpus, Lang::Zh);
    assert_eq!(t.rows.iter().map(|r| r.key.clone()).collect::<Vec<_>>(), [RowKey::Indicator(Indicator::Cpi)]);
    let screen = text(&draw(&mut a, 100, 30));
    assert!(screen.contains("筛选指标：cpi"), "{screen}");
    // By place, the filter chooses the indicator.
    a.update(Action::StudyScope);
    assert_eq!(view_of(&a).by, By::Places);
    a.update(Action::StudyFilter);
    for c in "jobs".chars() {
        a.update(Action::Type(c));
    }
    a.update(Action::Accept);
    let found = view_of(&a).found.clone().unwrap();
    assert_eq!(view_of(&a).shown_indicator(&found), Some(Indicator::UrbanNewJobs));
    let screen = text(&draw(&mut a, 100, 30));
    assert!(screen.contains("目标 · 城镇新增就业 · 按地方"), "{screen}");
    a.update(Action::Close);
    assert!(view_of(&a).filter.is_empty(), "Esc drops the filter first");
    a.update(Action::Close);
    assert!(matches!(a.mode, Mode::Browse));
}

/// o by place: the chosen year's values high first, places without one last.
#[test]
fn places_sorted_by_the_chosen_years_value() {
    let mut a = targets("bundled:jilin-2018.txt", 100, 30);
    assert_eq!(view_of(&a).by, By::Indicators);
    a.update(Action::StudyScope);
    select_year(&mut a, 2017);
    a.update(Action::StudySort);
    let (t, _, col) = view_of(&a).table(&a.corpus, Lang::Zh);
    let c = col.unwrap();
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    // 2017: 全国 6.5%左右, 鸡西市 7%; the others have no 2017 report.
    assert_eq!(&labels[..2], ["鸡西市", "全国"], "{labels:?}");
    assert!(t.rows[2..].iter().all(|r| !matches!(r.cells[c], Cell::Set(..))));
}

/// Review finding: the status line said "?帮助 q退出" in the targets view, where ? does
/// nothing and q goes back; it says the way back, as in the research views.
#[test]
fn the_status_line_says_the_way_back() {
    let mut a = targets("bundled:national/2022.txt", 100, 30);
    let screen = text(&draw(&mut a, 100, 30));
    let status = screen.lines().last().unwrap();
    assert!(status.ends_with("Esc返回"), "{status}");
}

/// Review finding: a year the table does not have (2020, by indicator for 全国 after `s`
/// twice from a place that has it) fell to the last year; it is the nearest.
#[test]
fn a_year_the_table_lacks_is_the_nearest() {
    let mut a = targets("bundled:national/2022.txt", 100, 30);
    a.update(Action::StudyScope);
    select_year(&mut a, 2020);
    a.update(Action::StudyScope);
    let (t, _, col) = view_of(&a).table(&a.corpus, Lang::Zh);
    assert_eq!(t.years[col.unwrap()], 2021, "the nearest, the later of two as near: {:?}", t.years);
}

/// Enter with no row (a filter that keeps nothing) says why, not that a year has no report.
#[test]
fn enter_with_nothing_kept_says_why() {
    let mut a = targets("bundled:national/2022.txt", 100, 30);
    a.update(Action::StudyFilter);
    for c in "zzz".chars() {
        a.update(Action::Type(c));
    }
    a.update(Action::Accept);
    a.update(Action::Open);
    let screen = text(&draw(&mut a, 100, 30));
    assert!(screen.contains("没有符合筛选的指标"), "{screen}");
    assert!(!screen.contains("没有报告"), "{screen}");
}

/// Trial finding: `T` on a report with no target part (national 1954, the first one
/// opened) showed a screen of "—"; it opens on the latest year that sets any. Two targets
/// of a row say which measure each is.
#[test]
fn opens_on_a_year_that_sets_targets_and_names_the_measures() {
    let mut a = targets("bundled:national/1954.txt", 100, 30);
    let (t, _, col) = view_of(&a).table(&a.corpus, Lang::Zh);
    assert_eq!(t.years[col.unwrap()], 2025);
    select_year(&mut a, 2018);
    for _ in 0..10 {
        if chosen(&a).0 == RowKey::Indicator(Indicator::UrbanUnemployment) {
            break;
        }
        a.update(Action::Move(1));
    }
    let screen = text(&draw(&mut a, 100, 30));
    assert!(screen.contains("城镇失业率：调查 ≤5.5%；登记 ≤4.5%"), "{screen}");
}
