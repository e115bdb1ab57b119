//! The reader's research views (issue 16) on ratatui's TestBackend: the trend and the
//! concordance as drawn (golden files, read and checked by hand), their keys, and the match
//! column's alignment in both ambiguous widths. The tmux test is in `e2e_study.rs`.

mod common;

use baogao::corpus::Corpus;
use baogao::layout::Ambiguous;
use baogao::search::Query;
use baogao::study::{By, Order};
use baogao::tui::action::Action;
use baogao::tui::app::{App, Effect, Mode};
use baogao::tui::study::{TrendScope, View};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use common::{draw, golden, screen_text as text};

/// The bundled reports at `w`×`h`, a search for `q` typed into the panel.
fn searching(q: &str, w: u16, h: u16, amb: Ambiguous) -> App {
    let mut a = App::new(Corpus::bundled(), amb);
    draw(&mut a, w, h);
    a.update(Action::OpenSearch);
    for c in q.chars() {
        a.update(Action::Type(c));
    }
    a.settle(Duration::from_secs(30));
    a
}

/// Do `action`, and wait for the view's numbers it asks for.
fn step(a: &mut App, action: Action) {
    a.update(action);
    a.settle_study(Duration::from_secs(30));
}

fn open(a: &mut App, action: Action) {
    step(a, action);
}

fn trend(a: &App) -> &baogao::tui::study::Trend {
    match &a.mode {
        Mode::Study(s) => match &s.view {
            View::Trend(t) => t,
            v => panic!("not a trend: {v:?}"),
        },
        m => panic!("no research view: {m:?}"),
    }
}

/// Select `year` in the open trend with → and ←.
fn select_year(a: &mut App, year: i32) {
    for _ in 0..100 {
        let at = trend(a).year.unwrap();
        if at == year {
            return;
        }
        a.update(Action::Year(if at < year { 1 } else { -1 }));
    }
    panic!("could not select {year}");
}

#[test]
fn the_trend_at_80x24_golden() {
    let mut a = searching("营商环境", 80, 24, Ambiguous::Narrow);
    open(&mut a, Action::Trend);
    select_year(&mut a, 2019);
    golden("trend-80x24.txt", &text(&draw(&mut a, 80, 24)));
}

#[test]
fn the_trend_at_40x20_golden() {
    let mut a = searching("营商环境", 40, 20, Ambiguous::Narrow);
    open(&mut a, Action::Trend);
    select_year(&mut a, 2019);
    golden("trend-40x20.txt", &text(&draw(&mut a, 40, 20)));
}

#[test]
fn the_trend_by_place_at_80x24_golden() {
    let mut a = searching("营商环境", 80, 24, Ambiguous::Narrow);
    open(&mut a, Action::Trend);
    // All → this place (the report open: the first in tree order) → by place.
    step(&mut a, Action::StudyScope);
    step(&mut a, Action::StudyScope);
    assert_eq!(trend(&a).scope, TrendScope::ByPlace);
    select_year(&mut a, 2018);
    golden("trend-by-place-80x24.txt", &text(&draw(&mut a, 80, 24)));
}

#[test]
fn the_concordance_at_100x30_golden() {
    let mut a = searching("营商环境", 100, 30, Ambiguous::Narrow);
    open(&mut a, Action::Kwic);
    golden("kwic-100x30.txt", &text(&draw(&mut a, 100, 30)));
}

/// The numbers under the chart are the trend's own: the command line's `trend` for the
/// same query, cell by cell.
#[test]
fn the_selected_years_numbers_are_the_trends() {
    let mut a = searching("高质量发展", 80, 24, Ambiguous::Narrow);
    open(&mut a, Action::Trend);
    let cells = baogao::study::trend(
        &a.corpus,
        &Query::parse("高质量发展"),
        &Default::default(),
        By::Year,
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(trend(&a).cells.as_deref(), Some(&cells[..]));
    for c in cells.iter().filter(|c| c.exact > 0).take(3) {
        select_year(&mut a, c.year.unwrap());
        let screen = text(&draw(&mut a, 80, 24));
        let want = format!("{}年 · 出现 {} 次", c.year.unwrap(), c.exact);
        assert!(screen.contains(&want), "{want} not on screen:\n{screen}");
        assert!(screen.contains(&format!("{} 段 · {} 份报告", c.paragraphs, c.reports)), "{screen}");
    }
}

/// A year between two reports with no report of its own shows as a gap: no baseline under
/// it, and its line says there is no report (not "0 次").
#[test]
fn a_year_without_a_report_is_a_gap_not_a_zero() {
    let mut a = searching("经济", 80, 24, Ambiguous::Narrow);
    open(&mut a, Action::Trend);
    let cells = trend(&a).cells.clone().unwrap();
    let years: Vec<i32> = cells.iter().filter_map(|c| c.year).collect();
    let gap = (years[0]..*years.last().unwrap()).find(|y| !years.contains(y)).expect("the national series has gaps");
    select_year(&mut a, gap);
    let screen = text(&draw(&mut a, 80, 24));
    assert!(screen.contains(&format!("{gap}年 · 没有报告")), "{screen}");
    assert!(!screen.contains(&format!("{gap}年 · 出现")), "{screen}");
}

/// Enter on a year lists that year's hits in the search panel (the count line says the
/// year), every one of them of that year; Enter there jumps to the hit.
#[test]
fn enter_on_a_year_lists_that_years_hits_and_enter_jumps() {
    let mut a = searching("营商环境", 100, 30, Ambiguous::Narrow);
    open(&mut a, Action::Trend);
    select_year(&mut a, 2018);
    let want = trend(&a).cells.as_ref().unwrap().iter().find(|c| c.year == Some(2018)).unwrap().paragraphs;
    a.update(Action::Open);
    a.settle(Duration::from_secs(30));
    let panel = a.panel().expect("the search panel is open");
    assert_eq!(panel.within.year, Some(2018));
    assert_eq!(panel.exact, want, "as many exact hits as the trend's paragraphs of 2018");
    assert!(panel.hits.iter().all(|h| a.corpus[h.report].meta.year == Some(2018)));
    let hit = panel.hits[0].clone();
    let screen = text(&draw(&mut a, 100, 30));
    assert!(screen.lines().nth(1).unwrap().contains("2018年"), "{screen}");
    a.update(Action::Accept);
    assert!(matches!(a.mode, Mode::Browse));
    assert_eq!(a.cursor(), Some((hit.report, hit.paragraph)));
}

/// Esc in a view opened from the search panel goes back to the panel, as it was; from the
/// reader, back to the reader. t and i switch between the views for the same query.
#[test]
fn esc_goes_back_where_the_view_was_opened_from() {
    let mut a = searching("营商环境", 80, 24, Ambiguous::Narrow);
    let hits = a.panel().unwrap().hits.len();
    open(&mut a, Action::Trend);
    open(&mut a, Action::Kwic);
    assert!(matches!(&a.mode, Mode::Study(s) if matches!(s.view, View::Kwic(_))));
    a.update(Action::Close);
    let panel = a.panel().expect("back in the search panel");
    assert_eq!((panel.input.text.as_str(), panel.hits.len()), ("营商环境", hits));
    a.update(Action::Accept);
    open(&mut a, Action::Trend);
    assert!(matches!(&a.mode, Mode::Study(s) if s.text == "营商环境"), "the accepted query is studied");
    a.update(Action::Close);
    assert!(matches!(a.mode, Mode::Browse));
    // Without a search, a view says what to do first.
    let mut b = App::new(Corpus::bundled(), Ambiguous::Narrow);
    draw(&mut b, 80, 24);
    b.update(Action::Trend);
    assert!(matches!(b.mode, Mode::Browse));
    assert!(b.message.as_ref().is_some_and(|(m, _)| m.contains("先搜索")));
}

/// s cycles the trend's scope: all reports, the open report's place, a row per place; p
/// in the rows takes the chosen place alone. Each scope's numbers are the trend's for it.
#[test]
fn the_trends_scopes_count_what_they_say() {
    let mut a = searching("营商环境", 80, 24, Ambiguous::Narrow);
    open(&mut a, Action::Trend);
    let place = a.report().unwrap().meta.place.clone().unwrap();
    step(&mut a, Action::StudyScope);
    assert_eq!(trend(&a).scope, TrendScope::Place(place.clone()));
    let filter = baogao::search::Filter { place: Some(place), ..Default::default() };
    let q = Query::parse("营商环境");
    let no = AtomicBool::new(false);
    let want = baogao::study::trend(&a.corpus, &q, &filter, By::Year, &no).unwrap();
    assert_eq!(trend(&a).cells.as_deref(), Some(&want[..]));
    step(&mut a, Action::StudyScope);
    let both = baogao::study::trend(&a.corpus, &q, &Default::default(), By::Both, &no).unwrap();
    assert_eq!(trend(&a).cells.as_deref(), Some(&both[..]));
    // ↓ to the second place, p: that place alone.
    a.update(Action::Move(1));
    let second = trend(&a).place.clone().unwrap();
    assert_eq!(
        Some(&second),
        both.iter().filter_map(|c| c.place.as_ref()).find(|p| **p != both[0].place.clone().unwrap())
    );
    step(&mut a, Action::StudyPlace);
    assert_eq!(trend(&a).scope, TrendScope::Only(second.clone()));
    // That place's own reports, as its row counted them (not its districts too).
    let own = baogao::search::Filter { place: Some(second.clone()), exact_place: true, ..Default::default() };
    let want = baogao::study::trend(&a.corpus, &q, &own, By::Year, &no).unwrap();
    assert_eq!(trend(&a).cells.as_deref(), Some(&want[..]));
    let row: Vec<_> = both.iter().filter(|c| c.place.as_ref() == Some(&second)).map(|c| (c.year, c.exact)).collect();
    assert_eq!(want.iter().map(|c| (c.year, c.exact)).collect::<Vec<_>>(), row);
    a.update(Action::StudyScope);
    step(&mut a, Action::StudyScope);
    assert_eq!(trend(&a).scope, TrendScope::All);
}

/// From the review: Enter on a year lists what the trend counted, whatever scope the panel
/// had (Tab had made it this report's), and on a row by place that place's own reports.
#[test]
fn enter_on_a_year_lists_what_the_trend_counted_whatever_the_panels_scope() {
    let mut a = searching("营商环境", 100, 30, Ambiguous::Narrow);
    a.update(Action::CycleScope);
    a.update(Action::CycleScope);
    a.settle(Duration::from_secs(30));
    open(&mut a, Action::Trend);
    select_year(&mut a, 2018);
    let want = trend(&a).cells.as_ref().unwrap().iter().find(|c| c.year == Some(2018)).unwrap().paragraphs;
    a.update(Action::Open);
    a.settle(Duration::from_secs(30));
    assert_eq!(a.panel().unwrap().exact, want, "all of 2018's, not this report's");
    // By place: 2025's row of 鸡西市 counts its own reports; 滴道区 (a district of 鸡西) has one too.
    step(&mut a, Action::Trend);
    step(&mut a, Action::StudyScope);
    step(&mut a, Action::StudyScope);
    assert_eq!(trend(&a).scope, TrendScope::ByPlace);
    let places = match &a.mode {
        Mode::Study(s) => s.places(),
        _ => unreachable!(),
    };
    let at = places.iter().position(|p| p == "鸡西市").expect("鸡西市 has a row");
    for _ in 0..at {
        a.update(Action::Move(1));
    }
    assert_eq!(trend(&a).place.as_deref(), Some("鸡西市"));
    select_year(&mut a, 2017);
    let cell = trend(&a)
        .cells
        .as_ref()
        .unwrap()
        .iter()
        .find(|c| c.year == Some(2017) && c.place.as_deref() == Some("鸡西市"))
        .unwrap()
        .clone();
    a.update(Action::Open);
    a.settle(Duration::from_secs(30));
    let panel = a.panel().unwrap();
    assert_eq!(panel.exact, cell.paragraphs);
    assert!(panel.hits.iter().all(|h| a.corpus[h.report].meta.place.as_deref() == Some("鸡西市")));
    // p on that row: 鸡西市's own reports (2017), not 滴道区's of 2025 under it.
    assert!(
        a.corpus
            .reports()
            .any(|r| r.meta.place.as_deref() == Some("滴道区") && r.meta.parent.as_deref() == Some("鸡西市"))
    );
    step(&mut a, Action::Trend);
    for _ in 0..2 {
        step(&mut a, Action::StudyScope);
    }
    for _ in 0..at {
        a.update(Action::Move(1));
    }
    step(&mut a, Action::StudyPlace);
    let years: Vec<_> = trend(&a).cells.as_ref().unwrap().iter().map(|c| c.year).collect();
    assert_eq!(years, [Some(2017)]);
}

/// From the review: Esc from a view opened while the panel's search still ran brings the
/// panel back with its results, not "searching" for ever.
#[test]
fn esc_from_a_view_opened_mid_search_brings_the_results_back() {
    let mut a = App::new(Corpus::bundled(), Ambiguous::Narrow);
    draw(&mut a, 80, 24);
    a.update(Action::OpenSearch);
    for c in "营商环境".chars() {
        a.update(Action::Type(c));
    }
    // At once, before the results come.
    step(&mut a, Action::Trend);
    // The results come while the view is open, and are taken by the loop's poll.
    std::thread::sleep(Duration::from_millis(300));
    a.poll_search();
    a.update(Action::Close);
    a.settle(Duration::from_secs(30));
    let panel = a.panel().expect("back in the panel");
    assert!(!panel.busy(), "still searching");
    assert!(panel.exact > 0);
}

/// From the review: o while the lines are still found sorts them when they come.
#[test]
fn the_order_chosen_while_the_concordance_computes_is_the_lines_order() {
    let mut a = searching("营商环境", 100, 30, Ambiguous::Narrow);
    a.update(Action::Kwic);
    step(&mut a, Action::StudySort);
    let Mode::Study(s) = &a.mode else { panic!() };
    let View::Kwic(k) = &s.view else { panic!() };
    assert_eq!(k.order, Order::Left);
    let lines = k.lines.as_ref().unwrap();
    assert!(lines.windows(2).all(|w| w[0].left.chars().rev().le(w[1].left.chars().rev())));
}

/// Keys in the views and the results list go where their help says.
#[test]
fn keys_in_the_views_and_the_results_list_do_what_the_help_says() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let ch = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let mut a = searching("营商环境", 80, 24, Ambiguous::Narrow);
    // The line types; Ctrl-l gives the list the keys.
    assert_eq!(a.action_for_key(ch('w')), Action::Type('w'));
    a.update(a.action_for_key(KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL)));
    assert!(a.panel().unwrap().list_focus);
    assert_eq!(a.action_for_key(ch(' ')), Action::ToggleMark);
    assert_eq!(a.action_for_key(ch('w')), Action::Write);
    assert_eq!(a.action_for_key(ch('t')), Action::Trend);
    assert_eq!(a.action_for_key(ch('x')), Action::Type('x'), "a char that is no key types");
    a.update(a.action_for_key(ch('x')));
    assert!(!a.panel().unwrap().list_focus);
    assert_eq!(a.panel().unwrap().input.text, "营商环境x");
    // In a view: ← → the years, q and Esc back.
    a.update(Action::Edit(baogao::tui::action::Edit::Backspace));
    a.settle(Duration::from_secs(30));
    open(&mut a, Action::Trend);
    assert_eq!(a.action_for_key(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE)), Action::Year(-1));
    assert_eq!(a.action_for_key(ch('i')), Action::Kwic);
    a.update(a.action_for_key(ch('q')));
    assert!(a.panel().is_some(), "q leaves the view for the panel it came from");
}

/// v draws the variants as a second bar beside each year's: the chart gets wider, and its
/// legend says so.
#[test]
fn v_draws_the_variants_beside_the_bars() {
    let mut a = searching("营商环境", 120, 30, Ambiguous::Narrow);
    open(&mut a, Action::Trend);
    let before = text(&draw(&mut a, 120, 30));
    a.update(Action::ToggleVariants);
    let after = text(&draw(&mut a, 120, 30));
    assert!(!before.contains("相近段落") && after.contains("右侧淡色：相近段落"), "{after}");
    let baseline = |s: &str| s.lines().map(|l| l.matches('─').count()).max().unwrap_or(0);
    assert!(baseline(&after) > baseline(&before), "{after}");
}

/// y in the trend copies its table (tab-separated, a head row, a row per cell).
#[test]
fn y_in_the_trend_copies_its_table() {
    let mut a = searching("营商环境", 80, 24, Ambiguous::Narrow);
    open(&mut a, Action::Trend);
    let n = trend(&a).cells.as_ref().unwrap().len();
    let fx = a.update(Action::Copy(false));
    let [Effect::Copy { text, .. }] = fx.as_slice() else { panic!("{fx:?}") };
    assert!(text.starts_with("query\tplace\tyear\treports\tchars\texact\tper_10k\tparagraphs\tvariants\n"), "{text}");
    assert_eq!(text.lines().count(), n + 1);
    assert!(text.lines().skip(1).all(|l| l.starts_with("营商环境\t")), "the query on every row");
    // From the trial: the place of a place's trend is on its rows.
    step(&mut a, Action::StudyScope);
    let place = a.report().unwrap().meta.place.clone().unwrap();
    let fx = a.update(Action::Copy(false));
    let [Effect::Copy { text, .. }] = fx.as_slice() else { panic!("{fx:?}") };
    assert!(text.lines().skip(1).all(|l| l.split('\t').nth(1) == Some(place.as_str())), "{text}");
}

/// The concordance's match column starts at one display column in every row, in narrow
/// and in wide mode (ambiguous chars such as “ and · two columns), at several widths.
#[test]
fn concordance_rows_align_in_both_ambiguous_widths() {
    for amb in [Ambiguous::Narrow, Ambiguous::Wide] {
        for w in [60u16, 100, 141] {
            let mut a = searching("营商环境", w, 30, amb);
            open(&mut a, Action::Kwic);
            let buf = draw(&mut a, w, 30);
            let hl = a.theme.highlight;
            let mut starts = Vec::new();
            for y in 2..29 {
                let lit = |c: &ratatui::buffer::Cell| Some(c.bg) == hl.bg && c.modifier == hl.add_modifier;
                if let Some(x) = (0..w).find(|&x| lit(&buf[(x, y)])) {
                    starts.push(x);
                }
            }
            assert!(starts.len() >= 20, "{amb:?} {w}: {} rows", starts.len());
            assert!(starts.iter().all(|&x| x == starts[0]), "{amb:?} {w}: {starts:?}\n{}", text(&buf));
            // And no cut context starts with closing punctuation after its "…".
            for y in 2..29 {
                let row = common::buffer_row(&buf, y);
                assert!(!row.contains("…，") && !row.contains("…。"), "{row}");
            }
        }
    }
}

/// o cycles the order; the order by left context reads the chars before the match
/// backwards; Enter goes to the occurrence, the cursor on its paragraph, the query lit.
#[test]
fn the_concordance_sorts_and_enter_goes_to_the_occurrence() {
    let mut a = searching("营商环境", 100, 30, Ambiguous::Narrow);
    open(&mut a, Action::Kwic);
    let first = match &a.mode {
        Mode::Study(s) => match &s.view {
            View::Kwic(k) => k.lines.as_ref().unwrap()[0].clone(),
            _ => panic!(),
        },
        _ => panic!(),
    };
    a.update(Action::StudySort);
    let Mode::Study(s) = &a.mode else { panic!() };
    let View::Kwic(k) = &s.view else { panic!() };
    assert_eq!(k.order, Order::Left);
    let lines = k.lines.clone().unwrap();
    assert!(lines.windows(2).all(|w| w[0].left.chars().rev().le(w[1].left.chars().rev())));
    // The line selected before stays selected in the new order.
    let sel = k.selected;
    assert_eq!(lines[sel], first);
    a.update(Action::Move(3));
    let line = lines[sel + 3].clone();
    a.update(Action::Open);
    assert!(matches!(a.mode, Mode::Browse), "{:?}", a.mode);
    assert_eq!(a.cursor(), Some((line.report, line.paragraph)));
    assert!(a.highlights(line.report, line.paragraph).contains(&line.at), "the occurrence is highlighted");
    // n then walks the concordance's paragraphs in reading order.
    assert!(!a.hits.is_empty() && a.hits.iter().all(|h| h.exact));
}

/// Keys pressed while the numbers are still being counted do nothing, and panic at
/// nothing: ↓ in the trend by place had no places to clamp to.
#[test]
fn keys_while_a_view_computes_do_not_panic() {
    let mut a = searching("营商环境", 80, 24, Ambiguous::Narrow);
    open(&mut a, Action::Trend);
    step(&mut a, Action::StudyScope);
    // To the rows by place: the cells are counted again, and none is there yet.
    a.update(Action::StudyScope);
    assert!(trend(&a).cells.is_none());
    for action in [
        Action::Move(1),
        Action::Move(-1),
        Action::Page(1, false),
        Action::Year(1),
        Action::Top,
        Action::Open,
        Action::StudyPlace,
        Action::Copy(false),
    ] {
        a.update(action);
        draw(&mut a, 80, 24);
    }
    a.update(Action::Kwic);
    for action in
        [Action::Move(1), Action::Bottom, Action::Page(-1, true), Action::StudySort, Action::Open, Action::Copy(false)]
    {
        a.update(action);
        draw(&mut a, 40, 20);
    }
    a.settle_study(Duration::from_secs(30));
    assert!(matches!(a.mode, Mode::Study(_)), "still in the view");
}

/// From the trial: Esc in the year's list goes back to the trend it was chosen in, and Esc
/// there to where the trend was opened from (here the search panel, its year dropped).
#[test]
fn esc_in_a_years_list_goes_back_to_the_trend() {
    let mut a = searching("营商环境", 100, 30, Ambiguous::Narrow);
    let all = a.panel().unwrap().exact;
    open(&mut a, Action::Trend);
    select_year(&mut a, 2018);
    a.update(Action::Open);
    a.settle(Duration::from_secs(30));
    assert_eq!(a.panel().unwrap().within.year, Some(2018));
    a.update(Action::Close);
    assert_eq!(trend(&a).year, Some(2018), "back in the trend, at the year");
    a.update(Action::Close);
    a.settle(Duration::from_secs(30));
    let panel = a.panel().expect("back in the panel");
    assert_eq!(panel.within, Default::default());
    assert_eq!(panel.exact, all, "the whole query again");
}
