//! One regression test per reader bug of issue #12, each named after the bug, on
//! ratatui's TestBackend (the tmux ones are in the e2e files).

mod common;

use baogao::cite::quote_paragraph;
use baogao::corpus::load::Loaded;
use baogao::corpus::{Corpus, Report, ReportId, parse};
use baogao::layout::Ambiguous;
use baogao::tui::action::Action;
use baogao::tui::app::{App, Effect, Mode};
use baogao::tui::popup::Popup;
use baogao::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::Duration;

const SEEDS: [&str; 5] =
    ["jixi-2017.txt", "didao-2025.txt", "jilin-2018.txt", "qiqihar-2022.txt", "mudanjiang-2020.txt"];

fn seed(name: &str) -> Report {
    let path = format!("{}/assets/reports/{name}", env!("CARGO_MANIFEST_DIR"));
    parse(&path, &std::fs::read(&path).unwrap()).unwrap()
}

fn seeds() -> Corpus {
    Corpus::from_reports(SEEDS.iter().map(|n| std::sync::Arc::new(seed(n))))
}

fn draw(a: &mut App, w: u16, h: u16) -> ratatui::buffer::Buffer {
    a.resize(w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| view::draw(a, f)).unwrap();
    term.backend().buffer().clone()
}

use common::buffer_row as row;

fn text(buf: &ratatui::buffer::Buffer) -> String {
    (0..buf.area.height).map(|y| row(buf, y) + "\n").collect()
}

fn search(a: &mut App, q: &str) {
    a.update(Action::OpenSearch);
    for c in q.chars() {
        a.update(Action::Type(c));
    }
    a.settle(Duration::from_secs(20));
}

/// The seeds at `w`×`h`, the reader focused.
fn reading(w: u16, h: u16) -> App {
    let mut a = App::new(seeds(), Ambiguous::Narrow);
    draw(&mut a, w, h);
    a.update(Action::SwitchFocus);
    a
}

/// The same, comparing with the picker's first choice.
fn comparing(w: u16, h: u16) -> App {
    let mut a = reading(w, h);
    a.update(Action::Compare);
    a.update(Action::Open);
    draw(&mut a, w, h);
    a
}

/// What y copies now.
fn yank(a: &mut App) -> String {
    match a.update(Action::Copy(false)).as_slice() {
        [Effect::Copy { text, .. }] => text.clone(),
        other => panic!("y gave {other:?}"),
    }
}

fn path_of(a: &App, id: ReportId) -> String {
    a.corpus[id].path.clone()
}

#[test]
fn y_after_a_search_jump_copies_the_hit_not_the_top_row() {
    let mut a = reading(100, 30);
    search(&mut a, "营商环境");
    a.update(Action::Move(1));
    a.update(Action::Move(1));
    let hit = a.panel().unwrap().hits[2].clone();
    a.update(Action::Accept);
    draw(&mut a, 100, 30);
    let corpus = std::sync::Arc::clone(&a.corpus);
    let report = &corpus[hit.report];
    assert_eq!(a.cursor(), Some((hit.report, hit.paragraph)));
    assert_eq!(yank(&mut a), quote_paragraph(report, hit.paragraph).unwrap());
    // The top row is context above the hit, not the hit.
    assert_ne!(a.top_paragraph(), Some(hit.paragraph), "this case needs context above the hit");
    // m bookmarks the same paragraph.
    a.update(Action::Mark);
    a.update(Action::Accept);
    let b = a.state.bookmarks.last().unwrap();
    assert_eq!((b.path.as_str(), b.paragraph), (report.path.as_str(), hit.paragraph));
}

#[test]
fn y_m_and_o_in_the_second_compare_pane_act_on_the_second_report() {
    let mut a = comparing(80, 24);
    let (first, second) = (a.main.as_ref().unwrap().report, a.second.as_ref().unwrap().report);
    assert_ne!(first, second);
    a.update(Action::SwitchFocus);
    a.update(Action::Move(1));
    draw(&mut a, 80, 24);
    assert!(a.on_second);
    let (id, para) = a.cursor().unwrap();
    assert_eq!(id, second);
    assert_eq!(yank(&mut a), quote_paragraph(&a.corpus[second], para).unwrap());
    a.update(Action::Mark);
    a.update(Action::Accept);
    assert_eq!(a.state.bookmarks.last().unwrap().path, path_of(&a, second));
    a.update(Action::Outline);
    let Mode::Popup(Popup::Outline(_)) = &a.mode else { panic!("no outline") };
    let s = text(&draw(&mut a, 80, 24));
    let title = &a.corpus[second].sections[0].title;
    assert!(s.contains(title.as_str()), "the outline is not the second report's:\n{s}");
}

/// Loaded batches, as the loader sends them.
fn batch(names: &[&str]) -> Vec<Loaded> {
    names.iter().map(|n| Loaded::Report(Box::new(seed(n)))).collect()
}

#[test]
fn opening_a_comparison_while_loading_does_not_panic() {
    let mut a = App::new(Corpus::default(), Ambiguous::Narrow);
    draw(&mut a, 120, 30);
    // Heilongjiang's reports first; Jilin's, which sort before them, arrive later and
    // used to shift every index held by the second pane.
    a.merge(batch(&["jixi-2017.txt", "didao-2025.txt"]));
    a.update(Action::SwitchFocus);
    a.update(Action::Compare);
    a.update(Action::Open);
    draw(&mut a, 120, 30);
    let second = a.second.as_ref().unwrap().report;
    let second_path = path_of(&a, second);
    a.update(Action::SwitchFocus);
    for _ in 0..30 {
        a.update(Action::Move(3));
    }
    a.merge(batch(&["jilin-2018.txt", "qiqihar-2022.txt", "mudanjiang-2020.txt"]));
    let buf = draw(&mut a, 120, 30);
    assert_eq!(path_of(&a, a.second.as_ref().unwrap().report), second_path);
    let (id, para) = a.cursor().unwrap();
    assert_eq!(yank(&mut a), quote_paragraph(&a.corpus[id], para).unwrap());
    assert!(text(&buf).contains("对照"));
}

#[test]
fn what_opens_first_does_not_depend_on_which_file_loads_first() {
    let mut opened = Vec::new();
    for order in [[0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [2, 0, 4, 1, 3]] {
        let mut a = App::new(Corpus::default(), Ambiguous::Narrow);
        for k in order {
            a.merge(batch(&[SEEDS[k]]));
            draw(&mut a, 100, 30);
            // Always the first in tree order of what has arrived.
            assert_eq!(a.main_report(), a.tree.first_report());
        }
        opened.push(path_of(&a, a.main_report().unwrap()));
    }
    assert!(opened.iter().all(|p| p == &opened[0]), "{opened:?}");
    assert!(opened[0].ends_with("jilin-2018.txt"), "{opened:?}");
}

#[test]
fn the_status_line_names_the_cursor_section_after_n() {
    let mut a = App::new(seeds(), Ambiguous::Narrow);
    draw(&mut a, 200, 30);
    search(&mut a, "'营商环境");
    a.update(Action::Accept);
    for _ in 0..12 {
        let hit = a.hits[a.hit_pos.unwrap()].clone();
        let buf = draw(&mut a, 200, 30);
        let status = row(&buf, 29);
        let r = &a.corpus[hit.report];
        let want = r.breadcrumb(hit.paragraph).iter().rfind(|s| s.level <= 3).map(|s| s.title.clone());
        if let Some(t) = want {
            let short: String = t.chars().take(8).collect();
            assert!(status.contains(&short), "hit in {t:?}, status: {status}");
        }
        a.update(Action::NextHit);
    }
}

#[test]
fn a_hit_in_a_long_paragraph_is_on_screen_at_40x12() {
    let mut a = App::new(seeds(), Ambiguous::Narrow);
    draw(&mut a, 40, 12);
    search(&mut a, "'燃气老旧管网");
    assert!(!a.panel().unwrap().hits.is_empty());
    a.update(Action::Accept);
    for _ in 0..a.hits.len() {
        let buf = draw(&mut a, 40, 12);
        let bg = a.theme.highlight.bg.expect("the default theme highlights with a background");
        let lit = (0..11).any(|y| (0..40).any(|x| buf[(x, y)].bg == bg));
        assert!(lit, "no highlighted match on screen:\n{}", text(&buf));
        a.update(Action::NextHit);
    }
}

#[test]
fn q_in_a_popup_closes_only_the_popup() {
    let mut a = reading(100, 30);
    for open in [Action::Help, Action::Outline, Action::Bookmarks, Action::Problems, Action::Compare] {
        a.update(open);
        assert!(matches!(a.mode, Mode::Popup(_)), "{open:?} opened nothing");
        assert_eq!(a.update(Action::Quit), vec![], "q in {open:?} did more than close it");
        assert!(matches!(a.mode, Mode::Browse), "q left {open:?} open");
    }
    // In the search panel q is typed; in the reader it quits.
    search(&mut a, "q");
    assert_eq!(a.panel().unwrap().input.text, "q");
    a.update(Action::Close);
    assert_eq!(a.update(Action::Quit), vec![Effect::Quit]);
}

#[test]
fn a_deleted_bookmark_comes_back_with_u() {
    let mut a = reading(100, 30);
    for note in ["甲", "乙", "丙"] {
        a.update(Action::Para(2));
        a.update(Action::Mark);
        a.update(Action::Type(note.chars().next().unwrap()));
        a.update(Action::Accept);
    }
    let all = a.state.bookmarks.clone();
    assert_eq!(all.len(), 3);
    a.update(Action::Bookmarks);
    a.update(Action::Move(1));
    assert_eq!(a.update(Action::Delete), vec![Effect::Save]);
    a.update(Action::Delete);
    assert_eq!(a.state.bookmarks.len(), 1);
    assert_eq!(a.update(Action::Undo), vec![Effect::Save]);
    a.update(Action::Undo);
    assert_eq!(a.state.bookmarks, all);
    // Closing the list ends what can be undone.
    a.update(Action::Delete);
    a.update(Action::Close);
    a.update(Action::Bookmarks);
    a.update(Action::Undo);
    assert_eq!(a.state.bookmarks.len(), 2);
}

#[test]
fn a_merge_does_not_change_the_report_the_user_is_using() {
    let mut a = App::new(Corpus::default(), Ambiguous::Narrow);
    draw(&mut a, 100, 30);
    a.merge(batch(&["jixi-2017.txt"]));
    a.update(Action::SwitchFocus);
    a.update(Action::Para(3));
    a.update(Action::Mark);
    // 吉林市 sorts before 鸡西市 and arrives while the note is typed.
    a.merge(batch(&["jilin-2018.txt"]));
    draw(&mut a, 100, 30);
    a.update(Action::Accept);
    let b = a.state.bookmarks.last().unwrap();
    assert!(b.path.ends_with("jixi-2017.txt"), "{}", b.path);
    assert!(path_of(&a, a.main_report().unwrap()).ends_with("jixi-2017.txt"));
}

#[test]
fn a_merge_leaves_the_tree_cursor_where_the_user_put_it() {
    let mut a = App::new(Corpus::default(), Ambiguous::Narrow);
    draw(&mut a, 100, 30);
    a.merge(batch(&["jixi-2017.txt", "qiqihar-2022.txt"]));
    a.update(Action::Move(1));
    a.update(Action::Move(1));
    let label = |a: &App| a.tree.nodes[a.tree.cursor].label.clone();
    let before = label(&a);
    a.merge(batch(&["didao-2025.txt", "mudanjiang-2020.txt"]));
    draw(&mut a, 100, 30);
    assert_eq!(label(&a), before);
}

#[test]
fn a_new_search_panel_shows_no_results_of_an_old_query() {
    let mut a = App::new(Corpus::default(), Ambiguous::Narrow);
    draw(&mut a, 100, 30);
    a.merge(batch(&["jixi-2017.txt", "didao-2025.txt"]));
    search(&mut a, "石墨");
    assert!(!a.panel().unwrap().hits.is_empty());
    a.update(Action::Close);
    let here = a.here();
    a.merge(batch(&["jilin-2018.txt"]));
    a.update(Action::OpenSearch);
    std::thread::sleep(Duration::from_millis(300));
    a.poll_search();
    draw(&mut a, 100, 30);
    let p = a.panel().unwrap();
    assert!(p.hits.is_empty() && !p.busy(), "{} hits, busy {}", p.hits.len(), p.busy());
    assert_eq!(a.here(), here, "the reader moved to an old hit");
}

#[test]
fn ctrl_o_in_the_second_pane_comes_back_in_the_second_pane() {
    let mut a = comparing(140, 30);
    a.update(Action::SwitchFocus);
    let (main, second) = (a.main_report(), a.second.as_ref().map(|p| p.report));
    let before = a.here();
    a.update(Action::NextTop);
    a.update(Action::JumpBack);
    draw(&mut a, 140, 30);
    assert_eq!((a.main_report(), a.second.as_ref().map(|p| p.report)), (main, second));
    assert!(a.on_second);
    assert_eq!(a.here(), before);
    // Esc from a search opened in the second pane comes back there too.
    search(&mut a, "石墨");
    a.update(Action::Close);
    draw(&mut a, 140, 30);
    assert_eq!((a.main_report(), a.second.as_ref().map(|p| p.report)), (main, second));
    assert_eq!(a.here(), before);
}

#[test]
fn opening_a_comparison_keeps_the_cursor_paragraph() {
    let mut a = reading(100, 30);
    a.update(Action::Page(1, false));
    // The cursor low on the screen, where a narrower pane would push it off.
    for _ in 0..6 {
        a.update(Action::Para(1));
    }
    draw(&mut a, 100, 30);
    let cursor = a.cursor();
    a.update(Action::Compare);
    a.update(Action::Open);
    draw(&mut a, 100, 30);
    a.on_second = false;
    assert_eq!(a.cursor(), cursor);
    assert!(a.main.as_ref().unwrap().cursor_visible());
    // And a resize, and the search panel opening and closing, keep it too.
    for (w, h) in [(60, 20), (200, 50), (100, 30)] {
        draw(&mut a, w, h);
        assert_eq!(a.cursor(), cursor, "at {w}x{h}");
    }
    a.update(Action::Compare);
    a.update(Action::OpenSearch);
    a.update(Action::Close);
    draw(&mut a, 100, 30);
    assert_eq!(a.cursor(), cursor);
}

#[test]
fn the_cursor_paragraph_comes_back_after_a_restart() {
    let mut a = reading(100, 30);
    for _ in 0..4 {
        a.update(Action::Para(1));
    }
    let cursor = a.cursor();
    a.remember_position();
    let mut b = App::new(seeds(), Ambiguous::Narrow);
    b.restore_state(a.state.clone());
    draw(&mut b, 100, 30);
    assert_eq!(b.cursor(), cursor);
    // And further down, scrolled.
    a.update(Action::Page(1, false));
    a.update(Action::Page(1, false));
    a.update(Action::Para(2));
    let cursor = a.cursor();
    a.remember_position();
    let mut b = App::new(seeds(), Ambiguous::Narrow);
    b.restore_state(a.state.clone());
    draw(&mut b, 100, 30);
    assert_eq!(b.cursor(), cursor);
}

#[test]
fn j_and_k_in_the_tree_move_the_marked_cursor() {
    let mut a = App::new(seeds(), Ambiguous::Narrow);
    draw(&mut a, 100, 30);
    assert_eq!(a.focus, baogao::tui::action::Focus::Tree);
    let before = a.cursor().unwrap().1;
    let key =
        |c| crossterm::event::KeyEvent::new(crossterm::event::KeyCode::Char(c), crossterm::event::KeyModifiers::SHIFT);
    let action = a.action_for_key(key('J'));
    a.update(action);
    a.update(action);
    assert_eq!(a.cursor().unwrap().1, before + 2);
    let action = a.action_for_key(key('K'));
    a.update(action);
    assert_eq!(a.cursor().unwrap().1, before + 1);
}

#[test]
fn enter_before_anything_loaded_still_opens_the_first_report() {
    let mut a = App::new(Corpus::default(), Ambiguous::Narrow);
    draw(&mut a, 100, 30);
    a.update(Action::Open);
    a.update(Action::Compare);
    a.update(Action::Open);
    a.merge(batch(&["jixi-2017.txt", "didao-2025.txt"]));
    draw(&mut a, 100, 30);
    assert!(a.main_report().is_some(), "no report opened");
}

#[test]
fn esc_in_the_tree_clears_the_kept_filter() {
    let mut a = App::new(seeds(), Ambiguous::Narrow);
    draw(&mut a, 100, 30);
    a.update(Action::Filter(None));
    for c in "qqhe".chars() {
        a.update(Action::Type(c));
    }
    a.update(Action::Accept);
    assert_eq!(a.tree_filter_text, "qqhe");
    a.update(Action::Close);
    assert_eq!(a.tree_filter_text, "");
    assert!(text(&draw(&mut a, 100, 30)).contains("吉林省"));
}

#[test]
fn j_onto_a_paragraph_taller_than_the_pane_shows_its_start() {
    let mut a = reading(40, 12);
    draw(&mut a, 40, 12);
    let mut tall = 0;
    for _ in 0..60 {
        a.update(Action::Para(1));
        let p = a.main.as_ref().unwrap();
        let l = p.layout().unwrap();
        let first = l.para_row[p.cursor];
        let rows = l.rows.iter().filter(|r| r.source.para() == Some(p.cursor)).count();
        if rows > p.height {
            tall += 1;
            assert_eq!(p.top, first, "paragraph {} ({rows} rows) not shown from its start", p.cursor);
        }
    }
    assert!(tall > 0, "no paragraph taller than the pane was reached");
}

#[test]
fn the_compare_label_names_the_other_reports_side() {
    let mut a = comparing(140, 30);
    let status = |a: &mut App, w, h| row(&draw(a, w, h), h - 1);
    let (main, second) = (a.main_report().unwrap(), a.second.as_ref().unwrap().report);
    let s = status(&mut a, 140, 30);
    assert!(s.contains(&format!("对照 {}（右栏）", a.corpus[second].label())), "{s}");
    a.update(Action::SwitchFocus);
    let s = status(&mut a, 140, 30);
    assert!(s.contains(&format!("对照 {}（左栏）", a.corpus[main].label())), "{s}");
    let s = status(&mut a, 200, 30);
    assert!(s.contains("（左栏）"), "{s}");
    // Tab: the tree, then the first pane again.
    a.update(Action::SwitchFocus);
    a.update(Action::SwitchFocus);
    assert!(!a.on_second);
    let s = status(&mut a, 80, 24);
    assert!(s.contains(&format!("对照 {}（下栏）", a.corpus[second].label())), "{s}");
}
