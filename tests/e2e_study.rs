//! End to end: the research views in the real binary, in tmux.

mod common;
use common::{Tmux, bin};

/// The year the trend's numbers line names ("2022年 · 出现 7 次 …"), and its count.
fn selected(screen: &str) -> Option<(i32, usize)> {
    screen.lines().find_map(|l| {
        let l = l.trim_start();
        let (year, rest) = l.split_once("年 · ")?;
        let year: i32 = year.parse().ok()?;
        let n = rest.strip_prefix("出现 ").and_then(|r| r.split_once(' ')).and_then(|(n, _)| n.parse().ok());
        Some((year, n.unwrap_or(0)))
    })
}

/// `/ 营商环境`, Enter, `t`, `→`, Enter, Enter: the trend opens for the accepted query, →
/// selects the next year, Enter lists that year's hits in the search panel, and Enter
/// there lands on a highlighted hit of that year with the cursor on it.
#[test]
fn slash_then_t_right_enter_enter_lands_on_a_highlighted_hit_of_that_year() {
    if common::skip_without_tmux() {
        return;
    }
    let t = Tmux::start("study", 100, 30);
    t.wait_for("$");
    t.line(&format!("{} ; echo EXIT=$?", bin()));
    t.wait_for("?帮助");
    t.keys(&["/"]);
    t.tmux(&["send-keys", "-t", &t.session, "-l", "营商环境"]);
    t.wait("results", |s| s.contains("处 · 相近") && s.contains("▶ "));
    t.keys(&["Enter"]);
    t.wait("panel closed", |s| !s.contains("处 · 相近"));
    t.keys(&["t"]);
    let s = t.wait("the trend", |s| s.contains("趋势 · 营商环境") && selected(s).is_some());
    let (first, _) = selected(&s).unwrap();
    // → until a year with an occurrence (the next one, in the bundled reports).
    let mut year = first;
    let mut n = 0;
    for _ in 0..5 {
        t.keys(&["Right"]);
        let s = t.wait("the next year", |s| selected(s).is_some_and(|(y, _)| y > year));
        (year, n) = selected(&s).unwrap();
        if n > 0 {
            break;
        }
    }
    assert!(n > 0, "no year after {first} with an occurrence");
    t.keys(&["Enter"]);
    let s = t.wait("that year's hits", |s| s.contains("处 · 相近") && s.contains(&format!("{year}年")));
    assert!(s.lines().any(|l| l.starts_with("▶ ") && l.contains(&year.to_string())), "{s}");
    t.keys(&["Enter"]);
    let s = t.wait("the hit", |s| !s.contains("处 · 相近"));
    let status = s.lines().last().unwrap();
    assert!(status.contains(&year.to_string()), "the status line names {year}: {status}");
    // The hit is highlighted on a row of the cursor paragraph (its gutter cell lit).
    let colored = t.tmux(&["capture-pane", "-e", "-p", "-t", &t.session]);
    let gutter = "\x1b[48;5;7m ";
    assert!(
        colored.lines().any(|l| l.contains(gutter) && common::highlighted(l, '营')),
        "no highlighted 营 on a cursor row:\n{colored}"
    );
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}
