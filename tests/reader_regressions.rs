//! One regression test per reader bug of issue #12, each named after the bug, on
//! ratatui's TestBackend (the tmux ones are in the e2e files).

mod common;

use baogao::cite::{Template, quote_paragraph};
use baogao::corpus::load::Loaded;
use baogao::corpus::{Corpus, Report, ReportId, parse};
use baogao::layout::Ambiguous;
use baogao::tui::action::Action;
use baogao::tui::app::{App, Effect, Mode};
use baogao::tui::popup::Popup;
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

use common::draw;

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
    assert_eq!(yank(&mut a), quote_paragraph(report, hit.paragraph, &Template::default()).unwrap());
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
    assert_eq!(yank(&mut a), quote_paragraph(&a.corpus[second], para, &Template::default()).unwrap());
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
    assert_eq!(yank(&mut a), quote_paragraph(&a.corpus[id], para, &Template::default()).unwrap());
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
    // What each bookmark is, apart from its time (undo stamps it anew, newer than its deletion).
    let marks =
        |a: &App| a.state.bookmarks.iter().map(|b| (b.path.clone(), b.paragraph, b.note.clone())).collect::<Vec<_>>();
    let all = marks(&a);
    assert_eq!(all.len(), 3);
    a.update(Action::Bookmarks);
    a.update(Action::Move(1));
    assert_eq!(a.update(Action::Delete), vec![Effect::Save]);
    a.update(Action::Delete);
    assert_eq!(a.state.bookmarks.len(), 1);
    assert_eq!(a.update(Action::Undo), vec![Effect::Save]);
    a.update(Action::Undo);
    assert_eq!(marks(&a), all);
    assert!(a.state.deleted.is_empty(), "undone deletions are not remembered");
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
    // A new reader on `a`'s state: where its cursor is.
    let restarted = |a: &App| {
        let mut b = App::new(seeds(), Ambiguous::Narrow);
        b.restore_state(a.state.clone());
        draw(&mut b, 100, 30);
        b.cursor()
    };
    let mut a = reading(100, 30);
    for _ in 0..4 {
        a.update(Action::Para(1));
    }
    let cursor = a.cursor();
    a.remember_position();
    assert_eq!(restarted(&a), cursor);
    // And further down, scrolled.
    a.update(Action::Page(1, false));
    a.update(Action::Page(1, false));
    a.update(Action::Para(2));
    let cursor = a.cursor();
    a.remember_position();
    assert_eq!(restarted(&a), cursor);
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

/// Issue 13's user trial: `!` cut a long notice at the popup's width, so the name of the
/// file a damaged state was moved to could be read nowhere. It is wrapped, whole.
#[test]
fn a_long_notice_under_bang_is_cut_no_more() {
    let mut a = reading(80, 24);
    let aside = "/home/researcher/.local/state/baogao/state.json.bad-1796181526-and-more";
    a.notice(format!(
        "状态文件 /home/researcher/.local/state/baogao/state.json 已损坏（第 3 行有错），已移到 {aside}，这次从头开始"
    ));
    a.update(Action::Problems);
    let screen = text(&draw(&mut a, 80, 24));
    let joined: String = screen.lines().map(|l| l.trim_matches(|c| c == ' ' || c == '│')).collect();
    assert!(joined.contains(aside), "the whole path must be shown:\n{screen}");
    assert!(joined.contains("这次从头开始"), "{screen}");
}

/// State: after a save merges another instance's newer place into this one's state, this
/// instance, which only looked, must not stamp its old place as new on quit.
#[test]
fn after_a_merge_an_instance_that_only_looked_does_not_win_the_position() {
    use baogao::state::{Spot, State, load_from, save_to};
    let dir = std::env::temp_dir().join(format!("baogao-looked-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let p = dir.join("state.json");
    let r = seeds().reports().next().unwrap().state_key().to_string();
    // A's earlier run left r at paragraph 3.
    let mut old = State::default();
    old.set_position(&r, Some(Spot { paragraph: 3, offset: 0, cursor: Some(3), time: 0 }), 1000);
    old.set_last(&r, 1000);
    save_to(&p, &old).unwrap();
    let start = |w: u16| {
        let mut x = App::new(seeds(), Ambiguous::Narrow);
        x.restore_state(load_from(&p).0);
        draw(&mut x, w, 30);
        x
    };
    let mut a = start(100);
    let mut b = start(100);
    assert_eq!(a.cursor().map(|c| c.1), Some(3));
    // B moves on, to paragraph 50 or so, and quits.
    b.update(Action::SwitchFocus);
    for _ in 0..47 {
        b.update(Action::Para(1));
    }
    let far = b.cursor().unwrap().1;
    assert!(far > 40, "{far}");
    b.remember_position();
    save_to(&p, &b.state).unwrap();
    // A, idle at 3, adds a bookmark: a save, and A goes on with the merged state (r: 50).
    let id = a.main_report().unwrap();
    let mark = baogao::state::Bookmark {
        path: r.clone(),
        label: a.corpus[id].label(),
        paragraph: 3,
        note: String::new(),
        time: 0,
    };
    assert!(a.state.add_bookmark(mark, baogao::state::now()));
    let merged = save_to(&p, &a.state).unwrap();
    a.adopt_state(merged);
    assert_eq!(a.state.positions[&r].cursor, Some(far));
    // A quits without having moved: B's place stays.
    a.remember_position();
    let saved = save_to(&p, &a.state).unwrap();
    assert_eq!(saved.positions[&r].cursor, Some(far), "A only looked, B moved");
    // Had A moved, A's place would win.
    a.update(Action::SwitchFocus);
    a.update(Action::Para(1));
    let moved = a.cursor().unwrap().1;
    assert!(moved != far && moved != 3, "{moved}");
    a.remember_position();
    assert_eq!(save_to(&p, &a.state).unwrap().positions[&r].cursor, Some(moved));
    let _ = std::fs::remove_dir_all(&dir);
}

/// State: keyed by the path as typed, `two/jilin-2018.txt` run from another folder, where it
/// is another report, opened at the first one's place and listed its bookmark.
#[test]
fn state_is_keyed_by_the_canonical_path_not_the_path_as_typed() {
    let dir = std::env::temp_dir().join(format!("baogao-keys-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let assets = format!("{}/assets/reports", env!("CARGO_MANIFEST_DIR"));
    for (folder, seed) in [("w", "jilin-2018.txt"), ("other", "jixi-2017.txt")] {
        std::fs::create_dir_all(dir.join(folder).join("two")).unwrap();
        std::fs::copy(format!("{assets}/{seed}"), dir.join(folder).join("two/jilin-2018.txt")).unwrap();
    }
    // "Where baogao was started": a link to w, then to other, so the path typed is the same.
    let here = dir.join("here");
    let typed = here.join("two/jilin-2018.txt");
    let start_in = |folder: &str| {
        let _ = std::fs::remove_file(&here);
        std::os::unix::fs::symlink(dir.join(folder), &here).unwrap();
        Corpus::load(std::slice::from_ref(&typed))
    };
    let mut a = App::new(start_in("w"), Ambiguous::Narrow);
    draw(&mut a, 100, 30);
    let first = a.corpus.reports().next().unwrap().clone();
    assert_eq!(first.path, typed.display().to_string(), "shown as typed");
    let canon = std::fs::canonicalize(dir.join("w/two/jilin-2018.txt")).unwrap();
    assert_eq!(first.state_key(), canon.display().to_string());
    a.update(Action::SwitchFocus);
    for _ in 0..5 {
        a.update(Action::Para(1));
    }
    let far = a.cursor().unwrap().1;
    a.update(Action::Mark);
    a.update(Action::Accept);
    a.remember_position();
    assert_eq!(a.state.bookmarks[0].path, first.state_key());

    let mut b = App::new(start_in("other"), Ambiguous::Narrow);
    b.restore_state(a.state.clone());
    draw(&mut b, 100, 30);
    let second = b.corpus.reports().next().unwrap().clone();
    assert_eq!(second.path, first.path);
    assert_ne!(second.state_key(), first.state_key());
    assert!(b.cursor().unwrap().1 < far, "opened at the other report's place");
    // The bookmark is not this report's: opening it says it is not loaded.
    b.update(Action::Bookmarks);
    b.update(Action::Open);
    assert!(b.message.as_ref().unwrap().0.contains("不在本次打开的报告中"), "{:?}", b.message);
    // Moving and quitting here leaves the first report's place alone.
    b.update(Action::SwitchFocus);
    b.update(Action::Para(1));
    b.remember_position();
    assert_eq!(b.state.positions[first.state_key()].cursor, Some(far));
    assert!(b.state.positions.contains_key(second.state_key()));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A relative path's key is the canonical absolute path; the path shown stays as typed.
#[test]
fn a_relative_path_is_shown_as_typed_and_keyed_absolute() {
    let c = Corpus::load(&[std::path::PathBuf::from("assets/reports/jixi-2017.txt")]);
    let r = c.reports().next().unwrap();
    assert_eq!(r.path, "assets/reports/jixi-2017.txt");
    let canon = std::fs::canonicalize(format!("{}/assets/reports/jixi-2017.txt", env!("CARGO_MANIFEST_DIR"))).unwrap();
    assert_eq!(r.state_key(), canon.display().to_string());
    assert_eq!(c.find_key(r.state_key()), c.find_path(&r.path));
    // Bundled reports keep their names.
    let b = Corpus::bundled();
    assert!(b.reports().all(|r| r.state_key().starts_with("bundled:") && r.state_key() == r.path));
}

/// Second review: a place kept at another width (an offset inside a paragraph) came back as
/// the start of the row holding it, and a resize alone moved the cursor: quitting without a
/// key stamped that as new, and it beat another instance's newer place.
#[test]
fn an_instance_at_another_width_that_only_looked_does_not_win_the_position() {
    use baogao::state::{Spot, State, load_from, save_to};
    let dir = std::env::temp_dir().join(format!("baogao-width-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let p = dir.join("state.json");
    let corpus = seeds();
    let (_, report) = corpus.iter().next().unwrap();
    let r = report.state_key().to_string();
    // A paragraph long enough to wrap, and an offset inside it that no row starts at.
    let para = report.paragraphs.iter().position(|q| q.text.chars().count() > 200).unwrap();
    let kept = Spot { paragraph: para, offset: 37, cursor: Some(para), time: 0 };
    let mut old = State::default();
    old.set_position(&r, Some(kept), 1000);
    old.set_last(&r, 1000);
    save_to(&p, &old).unwrap();
    let before = load_from(&p).0.positions[&r];
    let mut a = App::new(seeds(), Ambiguous::Narrow);
    a.restore_state(load_from(&p).0);
    draw(&mut a, 47, 12);
    draw(&mut a, 33, 9);
    a.remember_position();
    let saved = save_to(&p, &a.state).unwrap();
    assert_eq!(saved.positions[&r], before, "a relayout is no move");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Second review: state files from before canonical keys named a report by its path as
/// typed; an absolute one through a linked folder matched nothing any more, so its place
/// and bookmarks were lost. An absolute old key still finds its report.
#[test]
fn an_old_absolute_key_through_a_linked_folder_still_finds_its_report() {
    let dir = std::env::temp_dir().join(format!("baogao-oldkey-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("real")).unwrap();
    let seed = format!("{}/assets/reports/jilin-2018.txt", env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(seed, dir.join("real/jilin-2018.txt")).unwrap();
    std::os::unix::fs::symlink(dir.join("real"), dir.join("link")).unwrap();
    let typed = dir.join("link/jilin-2018.txt");
    let corpus = Corpus::load(std::slice::from_ref(&typed));
    let id = corpus.find_key(&typed.display().to_string()).expect("the old key as typed");
    assert_ne!(corpus[id].state_key(), typed.display().to_string(), "the new key is the canonical path");
    assert_eq!(corpus.find_key("link/jilin-2018.txt"), None, "a relative old key stays ambiguous");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A key pressed, as the loop hands it over: the keymap's action for it, then the update.
fn press(a: &mut App, code: crossterm::event::KeyCode, ctrl: bool) -> Vec<Effect> {
    use crossterm::event::{KeyEvent, KeyModifiers};
    let mods = if ctrl { KeyModifiers::CONTROL } else { KeyModifiers::NONE };
    let action = a.action_for_key(KeyEvent::new(code, mods));
    let fx = a.update(action);
    a.settle(Duration::from_secs(20));
    fx
}

fn up(a: &mut App) {
    press(a, crossterm::event::KeyCode::Up, false);
}

fn down(a: &mut App) {
    press(a, crossterm::event::KeyCode::Down, false);
}

/// The search line, the query its results answer, and the selected result.
fn line(a: &App) -> (String, usize) {
    let p = a.panel().expect("the panel is open");
    assert_eq!(p.query, baogao::search::Query::parse(&p.input.text), "the results are the line's");
    (p.input.text.clone(), p.selected)
}

/// The seeds with 营商环境 searched for first, then 石墨 (the newest).
fn with_history() -> App {
    let mut a = App::new(seeds(), Ambiguous::Narrow);
    a.state.add_query("营商环境", 1);
    a.state.add_query("石墨", 2);
    draw(&mut a, 100, 30);
    a
}

#[test]
fn up_on_the_first_result_walks_back_through_the_search_history_and_down_comes_back() {
    let mut a = with_history();
    search(&mut a, "乡村");
    assert!(a.panel().unwrap().hits.len() > 2);
    down(&mut a);
    assert_eq!(line(&a), ("乡村".into(), 1));
    // ↑ moves the selection until the first result, then goes back into the history, each
    // step showing that query's results; the oldest is as far as it goes.
    up(&mut a);
    assert_eq!(line(&a), ("乡村".into(), 0));
    up(&mut a);
    assert_eq!(line(&a), ("石墨".into(), 0));
    assert!(!a.panel().unwrap().hits.is_empty());
    up(&mut a);
    assert_eq!(line(&a), ("营商环境".into(), 0));
    up(&mut a);
    assert_eq!(line(&a), ("营商环境".into(), 0));
    // ↓ walks forward again, to the line as it was typed, then through the results.
    down(&mut a);
    assert_eq!(line(&a), ("石墨".into(), 0));
    down(&mut a);
    assert_eq!(line(&a), ("乡村".into(), 0));
    down(&mut a);
    assert_eq!(line(&a), ("乡村".into(), 1));
    // With no results at all, ↑ goes back too.
    a.update(Action::Close);
    search(&mut a, "");
    up(&mut a);
    assert_eq!(line(&a).0, "乡村", "the newest is the one just closed on");
}

#[test]
fn ctrl_p_and_ctrl_n_walk_the_search_history_and_ctrl_j_and_ctrl_k_move_the_selection() {
    use crossterm::event::KeyCode::Char;
    let mut a = with_history();
    search(&mut a, "乡村");
    press(&mut a, Char('j'), true);
    press(&mut a, Char('j'), true);
    assert_eq!(line(&a), ("乡村".into(), 2));
    // Ctrl-p from any result.
    press(&mut a, Char('p'), true);
    assert_eq!(line(&a), ("石墨".into(), 0));
    press(&mut a, Char('p'), true);
    assert_eq!(line(&a), ("营商环境".into(), 0));
    press(&mut a, Char('n'), true);
    press(&mut a, Char('n'), true);
    assert_eq!(line(&a), ("乡村".into(), 0));
    // Past the line as typed, Ctrl-n goes nowhere; Ctrl-k on the first result stays there.
    press(&mut a, Char('n'), true);
    assert_eq!(line(&a), ("乡村".into(), 0));
    press(&mut a, Char('k'), true);
    assert_eq!(line(&a), ("乡村".into(), 0));
    // Ctrl-j moves the selection even while walking (and ends the walk).
    press(&mut a, Char('p'), true);
    press(&mut a, Char('j'), true);
    assert_eq!(line(&a), ("石墨".into(), 1));
    down(&mut a);
    assert_eq!(line(&a), ("石墨".into(), 2), "the walk is over: ↓ moves the selection");
    // The mouse wheel moves the selection only, never into the history.
    let (r, _, _) = a.areas.results.unwrap();
    for _ in 0..3 {
        a.mouse(baogao::tui::app::Mouse::ScrollUp(r.x + 1, r.y));
    }
    assert_eq!(line(&a), ("石墨".into(), 0));
}

#[test]
fn typing_or_another_key_ends_the_search_history_walk_with_the_query_shown() {
    use crossterm::event::KeyCode::{Backspace, Char};
    let mut a = with_history();
    search(&mut a, "乡村");
    up(&mut a);
    assert_eq!(line(&a).0, "石墨");
    press(&mut a, Char('产'), false);
    assert_eq!(line(&a), ("石墨产".into(), 0));
    // ↑ walks again from here, and ↓ comes back to this line, not to 乡村.
    up(&mut a);
    assert_eq!(line(&a).0, "石墨");
    press(&mut a, Backspace, false);
    assert_eq!(line(&a).0, "石", "an edit ends the walk too");
    up(&mut a);
    down(&mut a);
    assert_eq!(line(&a).0, "石");
}

#[test]
fn accepting_or_closing_puts_the_query_first_in_the_search_history() {
    let mut a = with_history();
    let history = |a: &App| a.state.history.iter().map(|r| r.query.clone()).collect::<Vec<_>>();
    search(&mut a, "乡村");
    assert!(a.update(Action::Accept).contains(&Effect::Save), "saved at once");
    assert_eq!(history(&a), ["乡村", "石墨", "营商环境"]);
    // Esc with a query keeps it too; one used again moves to the front, once.
    search(&mut a, "营商环境");
    assert!(a.update(Action::Close).contains(&Effect::Save));
    assert_eq!(history(&a), ["营商环境", "乡村", "石墨"]);
    // An empty line is not kept, and nothing is saved for it.
    search(&mut a, "");
    assert!(!a.update(Action::Close).contains(&Effect::Save));
    assert_eq!(history(&a), ["营商环境", "乡村", "石墨"]);
}

/// User trial: after a search was accepted, a second one closed with Esc left its own
/// matches highlighted while n / N walked the first one's hits.
#[test]
fn esc_on_a_new_search_brings_back_the_highlight_that_n_walks() {
    let mut a = reading(100, 30);
    search(&mut a, "营商环境");
    a.update(Action::Accept);
    assert_eq!(a.highlight, Some(baogao::search::Query::parse("营商环境")));
    search(&mut a, "石墨");
    assert_eq!(a.highlight, Some(baogao::search::Query::parse("石墨")), "the panel previews its own");
    a.update(Action::Close);
    assert_eq!(a.highlight, Some(baogao::search::Query::parse("营商环境")));
    a.update(Action::NextHit);
    let (r, p) = a.cursor().unwrap();
    assert!(a.corpus[r].paragraphs[p].text.contains("营商环境"));
}

/// User trial: n and N did nothing, silently, before any search.
#[test]
fn n_before_any_search_says_how_to_search() {
    let mut a = reading(100, 30);
    a.update(Action::NextHit);
    let said = a.message.as_ref().map(|(m, _)| m.clone()).unwrap_or_default();
    assert!(said.contains("按 /"), "{said:?}");
}

/// Issue 16: the config's `[citation] template` sets the citation that `y` copies.
#[test]
fn y_cites_by_the_configs_template() {
    let mut a = App::new(seeds(), Ambiguous::Narrow);
    a.resize(100, 30);
    let config = baogao::config::parse("[citation]\ntemplate = \"出处：{title}{，date}{；url}\"\n").unwrap();
    a.configure(&config, false);
    a.update(Action::SwitchFocus);
    a.update(Action::Move(3));
    let (id, para) = a.cursor().unwrap();
    let r = &a.corpus[id];
    let date = r.meta.date.clone().expect("a seed with a date");
    let ymd: Vec<u32> = date.split('-').map(|n| n.parse().unwrap()).collect();
    let (y, m, d) = (ymd[0], ymd[1], ymd[2]);
    let want = format!("{}\n出处：{}，{y}年{m}月{d}日", r.paragraphs[para].text, r.meta.title);
    assert_eq!(yank(&mut a), want);
}
