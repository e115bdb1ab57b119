//! Rendering tests with ratatui's TestBackend: what the buffer shows for Chinese text.

mod common;

use baogao::corpus::Corpus;
use baogao::layout::Ambiguous;
use baogao::tui::action::{Action, Focus};
use baogao::tui::app::App;
use baogao::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The screen as text lines; the second cell of a wide char is skipped.
fn screen(app: &mut App, w: u16, h: u16) -> Vec<String> {
    app.resize(w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| view::draw(app, f)).unwrap();
    let buf = term.backend().buffer().clone();
    (0..h).map(|y| common::buffer_row(&buf, y).trim_end().to_string()).collect()
}

#[track_caller]
fn assert_shows(lines: &[String], needle: &str) {
    assert!(lines.iter().any(|l| l.contains(needle)), "screen lacks {needle:?}:\n{}", lines.join("\n"));
}

/// The five bundled seed reports, without the national series (which comes first in the
/// tree): the tests below read and navigate the seeds.
fn seeds() -> Corpus {
    let mut c = Corpus::bundled();
    c.retain(|r| !r.path.starts_with("bundled:national/"));
    assert_eq!(c.len(), 5);
    c
}

fn app() -> App {
    App::new(seeds(), Ambiguous::Narrow)
}

#[test]
fn the_national_series_heads_the_tree_with_its_years() {
    let mut a = App::new(Corpus::bundled(), Ambiguous::Narrow);
    let s = screen(&mut a, 120, 80);
    let left: Vec<String> = s.iter().map(|l| l.split('│').next().unwrap_or("").trim_end().to_string()).collect();
    assert_eq!(left[0], "▾ 全国");
    // Its years straight under it, oldest first, the open one marked; then the provinces.
    let years: Vec<i32> = left[1..].iter().map_while(|l| l.trim_start_matches([' ', '•']).parse().ok()).collect();
    assert!(years.len() >= 49 && years.windows(2).all(|w| w[0] < w[1]), "{left:?}");
    assert!(left[1].starts_with("  • 19"), "{}", left[1]);
    assert_eq!(left[1 + years.len()], "▾ 吉林省");
    assert_shows(&s, "国务院政府工作报告");
}

#[test]
fn tree_shows_every_place_and_year_grouped_by_province() {
    let mut a = app();
    let s = screen(&mut a, 120, 40);
    let left: Vec<String> = s.iter().map(|l| l.split('│').next().unwrap_or("").trim_end().to_string()).collect();
    assert_eq!(
        left[..11],
        [
            "▾ 吉林省",
            "  ▾ 吉林市",
            "    • 2018",
            "▾ 黑龙江省",
            "  ▾ 齐齐哈尔市",
            "      2022",
            "  ▾ 鸡西市",
            "      2017",
            "    ▾ 滴道区",
            "        2025",
            "  ▾ 牡丹江市",
        ]
    );
}

#[test]
fn header_shows_title_place_date_speaker() {
    let mut a = app();
    let s = screen(&mut a, 120, 40);
    assert_shows(&s, "2018年吉林市政府工作报告");
    assert_shows(&s, "吉林市 · 吉林省 · 2018-01-17");
    assert_shows(&s, "第十六届人民代表大会第三次会议");
    assert_shows(&s, "市长 刘非");
}

#[test]
fn heading_jump_brings_the_next_heading_to_the_top() {
    let mut a = app();
    a.update(Action::SwitchFocus);
    assert_eq!(a.focus, Focus::Reader);
    screen(&mut a, 100, 30);
    a.update(Action::NextHeading);
    let s = screen(&mut a, 100, 30);
    assert!(s[0].ends_with("一、2017年工作回顾"), "{}", s[0]);
    a.update(Action::NextHeading);
    let s = screen(&mut a, 100, 30);
    assert!(s[0].ends_with("（一）突出抓经济运行，稳增长收到实效"), "{}", s[0]);
    // } skips the level-2 headings to the next 一、二、三 part.
    a.update(Action::NextTop);
    let s = screen(&mut a, 100, 30);
    assert!(s[0].ends_with("二、2018年工作安排"), "{}", s[0]);
    assert_shows(&s, "二、2018年工作安排");
    a.update(Action::PrevTop);
    let s = screen(&mut a, 100, 30);
    assert!(s[0].ends_with("一、2017年工作回顾"), "{}", s[0]);
}

#[test]
fn opening_another_report_from_the_tree() {
    let mut a = app();
    // The cursor starts on 吉林市 2018; five rows down is 鸡西市 2017.
    for _ in 0..5 {
        a.update(Action::Move(1));
    }
    a.update(Action::Open);
    let s = screen(&mut a, 120, 40);
    assert_shows(&s, "2017年鸡西市政府工作报告");
    assert_eq!(a.focus, Focus::Reader);
}

#[test]
fn outline_popup_lists_headings_and_jumps() {
    let mut a = app();
    a.update(Action::SwitchFocus);
    screen(&mut a, 100, 40);
    a.update(Action::Outline);
    let s = screen(&mut a, 100, 40);
    assert_shows(&s, "提纲");
    assert_shows(&s, "（三）突出抓改革创新，强动力有效释放");
    for _ in 0..3 {
        a.update(Action::Move(1));
    }
    a.update(Action::Open);
    let s = screen(&mut a, 100, 40);
    assert!(s[0].ends_with("（三）突出抓改革创新，强动力有效释放"), "{}", s[0]);
}

#[test]
fn resize_keeps_the_top_paragraph() {
    let mut a = app();
    a.update(Action::SwitchFocus);
    screen(&mut a, 120, 30);
    for _ in 0..40 {
        a.update(Action::Move(1));
    }
    screen(&mut a, 120, 30);
    let before = a.top_paragraph();
    assert!(before.is_some_and(|p| p > 3));
    screen(&mut a, 70, 30);
    assert_eq!(a.top_paragraph(), before);
    screen(&mut a, 150, 45);
    assert_eq!(a.top_paragraph(), before);
}

#[test]
fn no_panic_and_no_overflow_at_many_sizes() {
    let mut a = app();
    a.update(Action::SwitchFocus);
    for w in [1u16, 2, 5, 19, 20, 21, 33, 40, 41, 59, 60, 80, 120, 200] {
        for h in [1u16, 3, 5, 6, 24, 50] {
            screen(&mut a, w, h);
            a.update(Action::Page(1, false));
        }
    }
    // Widths 1..=500 and heights 1..=200, sampled, with the search panel and outline open too.
    a.update(Action::OpenSearch);
    for c in "石墨".chars() {
        a.update(Action::Type(c));
    }
    a.settle(std::time::Duration::from_secs(10));
    for w in (1u16..=500).step_by(13) {
        for h in (1u16..=200).step_by(29) {
            let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
            a.resize(w, h);
            term.draw(|f| view::draw(&a, f)).unwrap();
        }
    }
    a.update(Action::Close);
    a.update(Action::Outline);
    for w in (1u16..=500).step_by(17) {
        for h in (1u16..=200).step_by(31) {
            let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
            a.resize(w, h);
            term.draw(|f| view::draw(&a, f)).unwrap();
        }
    }
}

#[test]
fn wide_mode_gives_ambiguous_chars_two_cells() {
    use baogao::layout::{char_width, str_width};
    use ratatui::buffer::CellDiffOption;
    let mut a = App::new(seeds(), Ambiguous::Wide);
    a.update(Action::SwitchFocus);
    let (w, h) = (50u16, 40u16);
    a.resize(w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    // The frame's buffer: skipped cells never reach the backend, so read them here.
    let buf = term.draw(|f| view::draw(&a, f)).unwrap().buffer.clone();
    let mut quotes = 0;
    for y in 0..h {
        let mut x = 0;
        let mut row = String::new();
        while x < w {
            let cell = &buf[(x, y)];
            let c = cell.symbol().chars().next().unwrap_or(' ');
            row.push(c);
            let cw = char_width(c, Ambiguous::Wide).max(1) as u16;
            if c == '“' || c == '”' {
                quotes += 1;
                assert_eq!(
                    buf[(x + 1, y)].diff_option,
                    CellDiffOption::Skip,
                    "row {y} x {x}: cell after {c} must be left to the terminal: {row}"
                );
            }
            x += cw;
        }
        assert!(str_width(&row, Ambiguous::Wide) <= w as usize, "row {y} too wide: {row}");
    }
    assert!(quotes > 0, "expected quotes on screen");
}

fn type_query(a: &mut App, q: &str) {
    for c in q.chars() {
        a.update(Action::Type(c));
    }
    a.settle(std::time::Duration::from_secs(10));
}

#[test]
fn search_panel_types_lists_and_highlights() {
    use ratatui::style::Color;
    let mut a = app();
    screen(&mut a, 100, 40);
    a.update(Action::OpenSearch);
    type_query(&mut a, "石墨");
    let mut term = Terminal::new(TestBackend::new(100, 40)).unwrap();
    let buf = term.draw(|f| view::draw(&a, f)).unwrap().buffer.clone();
    let s = screen(&mut a, 100, 40);
    assert!(s[0].starts_with("/ 石墨"), "{}", s[0]);
    assert!(
        s[1].contains("16 处 · 相近 0 · 全部 ·") && s[1].contains("鸡西市 2017") && s[1].contains("滴道区 2025"),
        "{}",
        s[1]
    );
    assert!(s[2].starts_with("▶ 鸡西市 · 2017"), "{}", s[2]);
    // The snippet under the first result highlights 石 and 墨, and nothing else.
    let mut highlighted = String::new();
    for x in 0..100 {
        let cell = &buf[(x, 3)];
        if cell.bg == Color::Yellow {
            highlighted.push_str(cell.symbol());
        }
    }
    assert!(!highlighted.is_empty() && highlighted.chars().all(|c| c == '石' || c == '墨'), "{highlighted:?}");
    // The preview below shows the hit with its matches highlighted too.
    let preview_hl =
        (20..39).any(|y| (0..100).any(|x| buf[(x, y)].bg == Color::Yellow && buf[(x, y)].symbol() == "石"));
    assert!(preview_hl, "no highlighted 石 in the preview:\n{}", s.join("\n"));
}

#[test]
fn search_enter_jumps_n_steps_and_esc_returns() {
    let mut a = app();
    a.update(Action::SwitchFocus);
    screen(&mut a, 100, 30);
    let start = a.here();
    a.update(Action::OpenSearch);
    type_query(&mut a, "'营商环境");
    let first = a.panel().unwrap().hits[0].clone();
    a.update(Action::Accept);
    screen(&mut a, 100, 30);
    assert!(a.panel().is_none());
    assert_eq!(a.main_report(), Some(first.report));
    let s = screen(&mut a, 100, 30);
    assert!(s.iter().any(|l| l.contains("营商环境")), "{}", s.join("\n"));
    // n goes to the next hit after the first one in reading order (tree order, then
    // paragraphs), whatever its rank; from the last, to the first.
    let key = |h: &baogao::search::Hit| (a.corpus.rank(h.report), h.paragraph);
    let after = a.hits.iter().filter(|h| key(h) > key(&first)).min_by_key(|h| key(h));
    let second = after.or_else(|| a.hits.iter().min_by_key(|h| key(h))).unwrap().clone();
    assert_ne!(second, first);
    a.update(Action::NextHit);
    screen(&mut a, 100, 30);
    assert_eq!(a.hits[a.hit_pos.unwrap()], second);
    assert_eq!(a.main_report(), Some(second.report));
    assert_eq!(a.pane().unwrap().cursor, second.paragraph);
    // Ctrl-o goes back to the first hit, then to where we started.
    a.update(Action::JumpBack);
    screen(&mut a, 100, 30);
    assert_eq!(a.main_report(), Some(first.report));
    a.update(Action::JumpBack);
    screen(&mut a, 100, 30);
    assert_eq!(a.here(), start);
    a.update(Action::JumpForward);
    screen(&mut a, 100, 30);
    assert_eq!(a.main_report(), Some(first.report));
    // Esc in the panel returns to where we were.
    let before = a.here();
    a.update(Action::OpenSearch);
    type_query(&mut a, "乡村振兴");
    screen(&mut a, 100, 30);
    a.update(Action::Close);
    screen(&mut a, 100, 30);
    assert_eq!(a.here(), before);
}

#[test]
fn search_scope_cycles_to_this_report() {
    let mut a = app();
    screen(&mut a, 100, 30);
    a.update(Action::OpenSearch);
    type_query(&mut a, "石墨");
    let all = a.panel().unwrap().hits.len();
    a.update(Action::CycleScope);
    a.update(Action::CycleScope);
    a.settle(std::time::Duration::from_secs(10));
    let p = a.panel().unwrap();
    assert!(p.hits.len() < all);
    assert!(p.hits.iter().all(|h| h.report == p.hits[0].report));
    // User trial: Shift-Tab went forwards too. It goes back: this report, this place, all.
    let report = p.hits.len();
    a.update(Action::CycleScopeBack);
    a.settle(std::time::Duration::from_secs(10));
    assert_eq!(a.panel().unwrap().scope, baogao::tui::search::Scope::Place);
    assert!(a.panel().unwrap().hits.len() >= report);
    a.update(Action::CycleScopeBack);
    a.update(Action::CycleScopeBack);
    a.settle(std::time::Duration::from_secs(10));
    assert_eq!(a.panel().unwrap().scope, baogao::tui::search::Scope::Report, "from all back to this report");
}

#[test]
fn loading_in_the_background_fills_the_tree() {
    let dir = std::env::temp_dir().join(format!("baogao-load-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    for (i, name) in ["jixi-2017.txt", "didao-2025.txt", "jilin-2018.txt"].iter().enumerate() {
        let src = format!("{}/assets/reports/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(&src, dir.join(if i == 1 { format!("sub/{name}") } else { name.to_string() })).unwrap();
    }
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    std::fs::write(dir.join("binary.txt"), b"\x7fELF\0\0\0\x01\x02").unwrap();
    let loader = baogao::corpus::load::Loader::spawn(vec![dir.clone()]);
    let mut a = App::loading(loader, Ambiguous::Narrow);
    let start = std::time::Instant::now();
    // The first frame needs nothing loaded.
    let first = screen(&mut a, 100, 20);
    assert!(first.last().unwrap().contains("载入") || !a.is_loading());
    while a.is_loading() && start.elapsed() < std::time::Duration::from_secs(20) {
        a.tick_loading();
        screen(&mut a, 100, 20);
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(!a.is_loading());
    let s = screen(&mut a, 100, 20);
    assert_shows(&s, "吉林市");
    assert_shows(&s, "滴道区");
    assert_shows(&s, "2017");
    assert_eq!(a.corpus.len(), 3);
    assert_eq!(a.corpus.problems.len(), 2, "{:?}", a.corpus.problems);
    assert!(s.last().unwrap().contains("跳过 2 个文件"), "{}", s.last().unwrap());
    let _ = std::fs::remove_dir_all(&dir);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]
    /// Any size, any report, any scroll position, any popup: drawing never panics and the
    /// reader's rows fit the screen.
    #[test]
    fn drawing_at_random_sizes_and_positions(
        w in 1u16..300,
        h in 1u16..120,
        report in 0u32..5,
        scroll in 0isize..3000,
        popup in 0u8..4,
        wide in proptest::bool::ANY,
    ) {
        let mut a = App::new(seeds(), if wide { Ambiguous::Wide } else { Ambiguous::Narrow });
        a.open(baogao::corpus::ReportId(report));
        a.update(Action::SwitchFocus);
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        a.resize(w, h);
        term.draw(|f| view::draw(&a, f)).unwrap();
        a.update(Action::Move(scroll));
        let action = match popup {
            1 => Action::Outline,
            2 => Action::Help,
            3 => Action::Problems,
            _ => Action::None,
        };
        a.update(action);
        term.draw(|f| view::draw(&a, f)).unwrap();
        proptest::prop_assert!(a.main.as_ref().unwrap().cursor_visible());
        // Resize to another size and draw again.
        let mut term2 = Terminal::new(TestBackend::new(h.max(1), w.max(1))).unwrap();
        a.resize(h.max(1), w.max(1));
        term2.draw(|f| view::draw(&a, f)).unwrap();
    }
}

#[test]
fn typing_in_the_tree_filters_it_by_name_or_pinyin() {
    let mut a = app();
    a.update(Action::Filter(None));
    for c in "qqhe".chars() {
        a.update(Action::Type(c));
    }
    let s = screen(&mut a, 120, 20);
    let left: Vec<String> = s.iter().map(|l| l.split('│').next().unwrap_or("").trim_end().to_string()).collect();
    assert_eq!(left[..3], ["▾ 黑龙江省", "  ▾ 齐齐哈尔市", "      2022"]);
    assert!(left[3].is_empty(), "{left:?}");
    assert!(s.iter().any(|l| l.contains("过滤：qqhe")));
    // Enter keeps the filter; Enter again opens the report under the cursor.
    a.update(Action::Accept);
    a.update(Action::Move(2));
    a.update(Action::Open);
    let s = screen(&mut a, 120, 20);
    assert_shows(&s, "2022年齐齐哈尔市政府工作报告");
    // Chinese starts a filter by itself; Esc clears it.
    a.update(Action::SwitchFocus);
    a.update(Action::Filter(Some('鸡')));
    a.update(Action::Type('西'));
    let s = screen(&mut a, 120, 20);
    let left: Vec<String> = s.iter().map(|l| l.split('│').next().unwrap_or("").trim_end().to_string()).collect();
    assert_eq!(left[..5], ["▾ 黑龙江省", "  ▾ 鸡西市", "      2017", "    ▾ 滴道区", "        2025"]);
    a.update(Action::Close);
    let s = screen(&mut a, 120, 20);
    assert_shows(&s, "吉林省");
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer_and_a_click_selects() {
    use baogao::tui::app::Mouse;
    let mut a = app();
    screen(&mut a, 120, 40);
    // The wheel over the reader (x 60) scrolls it; over the tree (x 5) moves the tree.
    let top = a.main.as_ref().unwrap().top;
    a.mouse(Mouse::ScrollDown(60, 10));
    assert_eq!(a.main.as_ref().unwrap().top, top + 3);
    let cursor = a.tree.cursor;
    a.mouse(Mouse::ScrollDown(5, 5));
    assert_ne!(a.tree.cursor, cursor);
    // A click on 鸡西市's 2017 row (the eighth row) opens it.
    screen(&mut a, 120, 40);
    a.mouse(Mouse::Click(6, 7));
    let s = screen(&mut a, 120, 40);
    assert_shows(&s, "2017年鸡西市政府工作报告");
    // A click on the third result selects it.
    a.update(Action::OpenSearch);
    type_query(&mut a, "石墨");
    screen(&mut a, 120, 40);
    a.mouse(Mouse::Click(10, 2 + 2 * 2));
    assert_eq!(a.panel().unwrap().selected, 2);
}

#[test]
fn compare_opens_a_second_report_at_the_matching_section() {
    let mut a = app();
    // 鸡西市 2017, at its 二、 part.
    for _ in 0..5 {
        a.update(Action::Move(1));
    }
    a.update(Action::Open);
    screen(&mut a, 140, 30);
    a.update(Action::NextTop);
    a.update(Action::NextTop);
    a.update(Action::Compare);
    // Same place first (none), then the province: 齐齐哈尔市 2022 leads the picker.
    let baogao::tui::app::Mode::Popup(baogao::tui::popup::Popup::Pick(list, _)) = &a.mode else { panic!("no picker") };
    let labels: Vec<String> = list.iter().map(|&i| a.corpus[i].label()).collect();
    assert_eq!(labels, ["齐齐哈尔市 2022", "滴道区 2025", "牡丹江市 2020", "吉林市 2018"]);
    a.update(Action::Open);
    let s = screen(&mut a, 140, 30);
    let right: Vec<String> = s.iter().map(|l| l.split('┃').nth(1).unwrap_or("").to_string()).collect();
    assert!(s[0].contains("二、未来五年的奋斗目标和主要路径"), "{}", s[0]);
    assert!(right[0].trim_start().starts_with("二、今后五年奋斗目标和2022年重点工作"), "{}", right[0]);
    assert_shows(&s, "对照 齐齐哈尔市 2022");
    // Tab moves the keys to the right pane; j scrolls it alone.
    a.update(Action::SwitchFocus);
    assert!(a.on_second);
    a.update(Action::Move(1));
    let s2 = screen(&mut a, 140, 30);
    assert_eq!(s2[0].split('┃').next(), s[0].split('┃').next());
    assert_ne!(s2[0].split('┃').nth(1), s[0].split('┃').nth(1));
    // c closes the split.
    a.update(Action::Compare);
    let s = screen(&mut a, 140, 30);
    assert!(!s.iter().any(|l| l.contains('┃')));
}

#[test]
fn a_popup_border_is_never_covered_by_a_wide_char_beside_it() {
    let mut a = app();
    screen(&mut a, 80, 24);
    a.update(Action::Outline);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let buf = term.draw(|f| view::draw(&a, f)).unwrap().buffer.clone();
    // Find the popup's left border: the column of '┌' on its top row.
    let (bx, by) = (0..24u16)
        .flat_map(|y| (0..80u16).map(move |x| (x, y)))
        .find(|&(x, y)| buf[(x, y)].symbol() == "┌")
        .expect("a popup");
    let mut rows = 0;
    for y in by + 1..24 {
        if buf[(bx, y)].symbol() != "│" {
            break;
        }
        rows += 1;
        let left = buf[(bx - 1, y)].symbol();
        assert!(unicode_width::UnicodeWidthStr::width(left) < 2, "row {y}: {left:?} would cover the border");
    }
    assert!(rows > 5);
}

#[test]
fn help_lists_every_key_from_the_keymap_wrapped_not_cut_and_scrolls() {
    use baogao::tui::keymap::ROWS;
    let mut a = app();
    a.configure(&baogao::config::parse("[keys]\nnext_hit = \"x\"\n").unwrap(), true);
    a.update(Action::Help);
    // Tall enough for all of it at 40 columns: every description is there whole, however
    // many lines it takes.
    let s = screen(&mut a, 40, 200);
    let text: String = s.iter().flat_map(|l| l.chars()).filter(|c| !c.is_whitespace() && *c != '│').collect();
    for row in ROWS {
        let want: String = row.zh.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains(&want), "{} is cut:\n{}", row.name, s.join("\n"));
    }
    assert!(s.iter().any(|l| l.contains("│x") && l.contains("下一处搜索结果")), "the keys as bound:\n{}", s.join("\n"));
    assert!(!s.iter().any(|l| l.contains("│n ")), "{}", s.join("\n"));
    // Wrapped lines continue under the description column.
    let at = s.iter().position(|l| l.contains("搜索全部报告")).unwrap();
    let col = |l: &str| l.chars().take_while(|c| c.is_whitespace() || *c == '│' || c.is_ascii_punctuation()).count();
    assert!(s[at + 1].trim_start_matches('│').starts_with("   "), "{}\n{}", s[at], s[at + 1]);
    assert!(col(&s[at + 1]) >= col(&s[at]), "{}\n{}", s[at], s[at + 1]);
    // Short: it scrolls, to the last line and no further.
    let s = screen(&mut a, 40, 16);
    assert!(s.iter().any(|l| l.contains("j k 滚动")), "{}", s.join("\n"));
    for _ in 0..500 {
        a.update(Action::Move(1));
    }
    let bottom = screen(&mut a, 40, 16);
    // The end of the last row's words is on the last screen.
    let last: String = ROWS.last().unwrap().zh.chars().rev().take(3).collect::<Vec<_>>().into_iter().rev().collect();
    assert!(bottom.iter().any(|l| l.contains(&last)), "{last}: {}", bottom.join("\n"));
    a.update(Action::Move(-1));
    let up = screen(&mut a, 40, 16);
    assert_ne!(up, bottom, "one line up from the bottom moves at once");
    for w in (1u16..=120).step_by(7) {
        for h in (1u16..=60).step_by(9) {
            screen(&mut a, w, h);
        }
    }
}

/// Issue 14: the panel counted 乡村振兴 five times in a report where two paragraphs hold
/// it; the other three were 乡村全面振兴. Exact hits and variants are counted apart, and
/// Ctrl-x lists only the exact ones.
#[test]
fn the_search_panel_counts_exact_and_variant_hits_apart_and_ctrl_x_lists_only_exact() {
    let mut a = App::new(Corpus::bundled(), Ambiguous::Narrow);
    screen(&mut a, 120, 40);
    a.update(Action::OpenSearch);
    type_query(&mut a, "乡村振兴");
    let holding = a.corpus.reports().flat_map(|r| r.paragraphs.iter()).filter(|p| p.text.contains("乡村振兴")).count();
    let panel = a.panel().unwrap();
    let variant = panel.hits.len() - holding;
    assert!(variant > 0, "乡村全面振兴 is a variant");
    assert!(panel.hits[..holding].iter().all(|h| h.exact) && panel.hits[holding..].iter().all(|h| !h.exact));
    let s = screen(&mut a, 120, 40);
    assert!(s[1].starts_with(&format!(" {holding} 处 · 相近 {variant} · 全部")), "{}", s[1]);
    a.update(Action::ToggleExact);
    a.settle(std::time::Duration::from_secs(10));
    assert_eq!(a.panel().unwrap().hits.len(), holding);
    let s = screen(&mut a, 120, 40);
    assert!(s[1].starts_with(&format!(" {holding} 处 · 相近 {variant} 未列出 · 全部")), "{}", s[1]);
    // And back.
    a.update(Action::ToggleExact);
    a.settle(std::time::Duration::from_secs(10));
    assert_eq!(a.panel().unwrap().hits.len(), holding + variant);
}

/// Issue 14: 营商环竟 (a typo) found nothing. It is retried by its pinyin, and the panel
/// says so, with the matches highlighted on 营商环境.
#[test]
fn a_typo_in_the_search_panel_is_retried_by_pinyin_and_says_so() {
    let mut a = App::new(Corpus::bundled(), Ambiguous::Narrow);
    screen(&mut a, 120, 40);
    a.update(Action::OpenSearch);
    type_query(&mut a, "营商环竟");
    let holding = a.corpus.reports().flat_map(|r| r.paragraphs.iter()).filter(|p| p.text.contains("营商环境")).count();
    assert_eq!(a.panel().unwrap().hits.len(), holding);
    let s = screen(&mut a, 120, 40);
    assert!(
        s[1].starts_with(&format!(" 没有 营商环竟；按拼音 yingshanghuanjing 找到 {holding} 处 · 全部")),
        "{}",
        s[1]
    );
    assert_shows(&s, "营商环境");
}
