//! End to end: the targets view in the real binary, in tmux.

mod common;
use common::{Tmux, bin};

/// The year the detail line under the table names ("全国 2019年 · 生产总值：…").
fn chosen_year(screen: &str) -> Option<i32> {
    screen.lines().find_map(|l| {
        let rest = l.trim_start().strip_prefix("全国 ")?;
        let (year, what) = rest.split_once("年 · ")?;
        what.starts_with("生产总值").then_some(())?;
        year.parse().ok()
    })
}

/// `T`, ← to 2019, Enter: the table opens on the open report's place, ← moves the year,
/// and Enter lands in the 2019 report with the cursor on the paragraph that sets the
/// GDP target of 6%－6.5%.
#[test]
fn t_then_left_to_2019_then_enter_lands_on_the_target_sentence() {
    if common::skip_without_tmux() {
        return;
    }
    let t = Tmux::start("targets", 100, 30);
    t.wait_for("$");
    t.line(&format!("{} ; echo EXIT=$?", bin()));
    t.wait_for("?帮助");
    t.keys(&["T"]);
    let s = t.wait("the targets", |s| s.contains("目标 · 全国 · 按指标") && chosen_year(s).is_some());
    let mut year = chosen_year(&s).unwrap();
    // The open report (1954) sets none: the view opens on the latest year that sets any.
    assert_eq!(year, 2025, "{s}");
    while year > 2019 {
        t.keys(&["Left"]);
        let s = t.wait("the year before", |s| chosen_year(s).is_some_and(|y| y < year));
        year = chosen_year(&s).unwrap();
    }
    assert_eq!(year, 2019);
    let s = t.screen();
    assert!(s.contains("「国内生产总值增长6%－6.5%」"), "{s}");
    t.keys(&["Enter"]);
    let s =
        t.wait("the report", |s| !s.contains("目标 · 全国") && s.lines().last().is_some_and(|l| l.contains("2019")));
    assert!(s.contains("6%－6.5%"), "{s}");
    // The cursor's gutter cell is lit on a row of the paragraph that sets it.
    let colored = t.tmux(&["capture-pane", "-e", "-p", "-t", &t.session]);
    let gutter = "\x1b[48;5;7m ";
    let plain = |l: &str| {
        let mut out = String::new();
        let mut esc = false;
        for c in l.chars() {
            match (esc, c) {
                (false, '\x1b') => esc = true,
                (true, 'm') => esc = false,
                (false, c) => out.push(c),
                _ => {}
            }
        }
        out
    };
    assert!(
        colored.lines().any(|l| l.contains(gutter) && plain(l).contains("主要预期目标")),
        "no cursor row on the target sentence:\n{colored}"
    );
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}
