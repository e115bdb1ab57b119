//! End to end: search in the real binary, typed in Latin letters (no Chinese input method).

mod common;
use common::{Tmux, bin};

/// Is there a highlighted 石 on this row of `capture-pane -e` output?
fn highlighted_shi(row: &str) -> bool {
    common::highlighted(row, '石')
}

#[test]
fn slash_shimo_enter_highlights_and_n_moves_on() {
    if common::skip_without_tmux() {
        return;
    }
    let t = Tmux::start("search", 100, 30);
    t.last_read("bundled:jixi-2017.txt");
    t.wait_for("$");
    t.line(&format!("{} ; echo EXIT=$?", bin()));
    t.wait_for("2017年鸡西市政府工作报告");
    t.keys(&["/"]);
    t.tmux(&["send-keys", "-t", &t.session, "-l", "shimo"]);
    let s = t.wait("results", |s| s.contains("处 · 相近") && s.contains("▶ "));
    assert!(s.lines().next().unwrap().starts_with("/ shimo"), "{s}");
    // Over all reports shi mo also reads 什么 and 十万 in the national series; this place
    // (鸡西市) has 石墨.
    t.keys(&["Tab"]);
    t.wait("place scope", |s| s.contains("本地") && s.lines().any(|l| l.contains("▶ ") && l.contains("鸡西")));
    t.keys(&["Enter"]);
    t.wait("panel closed", |s| !s.contains("处 · 相近"));
    let colored = t.tmux(&["capture-pane", "-e", "-p", "-t", &t.session]);
    assert!(colored.lines().any(highlighted_shi), "no highlighted 石 on screen:\n{colored}");
    let status_before = t.screen().lines().last().unwrap().to_string();
    t.keys(&["n"]);
    t.wait("moved to the next hit", |s| s.lines().last().is_some_and(|l| l != status_before));
    let colored = t.tmux(&["capture-pane", "-e", "-p", "-t", &t.session]);
    assert!(colored.lines().any(highlighted_shi), "no highlighted 石 after n:\n{colored}");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

#[test]
fn up_in_a_new_search_brings_back_the_query_of_the_last_run() {
    if common::skip_without_tmux() {
        return;
    }
    let t = Tmux::start("history", 80, 24);
    t.wait_for("$");
    let run = format!("{} ; echo EXIT=$?", bin());
    t.line(&run);
    t.wait_for("?帮助");
    t.keys(&["/"]);
    t.tmux(&["send-keys", "-t", &t.session, "-l", "shimo"]);
    t.wait("results", |s| s.contains("处 · 相近") && s.contains("▶ "));
    t.keys(&["Enter"]);
    t.wait("panel closed", |s| !s.contains("处 · 相近"));
    t.keys(&["q"]);
    t.wait_for("EXIT=0");

    t.tmux(&["send-keys", "-t", &t.session, "clear", "Enter"]);
    t.wait("cleared", |s| !s.contains("EXIT=0"));
    t.line(&run);
    t.wait_for("?帮助");
    t.keys(&["/"]);
    t.wait("an empty search line", |s| s.lines().next().is_some_and(|l| l.trim_end() == "/"));
    t.keys(&["Up"]);
    let s = t.wait("the last run's query, searched", |s| {
        s.lines().next().is_some_and(|l| l.starts_with("/ shimo")) && s.contains("处 · 相近") && s.contains("▶ ")
    });
    assert!(!s.contains(" 0 处"), "{s}");
    t.keys(&["Escape", "q"]);
    t.wait_for("EXIT=0");
}

/// The threads of a process, by name (`/proc/PID/task/*/comm`).
fn thread_names(pid: u32) -> Vec<String> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { return Vec::new() };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("comm")).ok())
        .map(|n| n.trim().to_string())
        .collect()
}

/// The process whose parent is `parent` (the reader the pane's shell started).
fn child_of(parent: u32) -> Option<u32> {
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid: u32 = e.file_name().to_str()?.parse().ok()?;
        let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
        // The parent is the second field after the command's closing parenthesis.
        let ppid: u32 = stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()?;
        (ppid == parent).then_some(pid)
    })
}

/// Issue 15: the reader's search worker used to start at the first `/`, so the first
/// searches scanned every report not indexed yet (0.8–1.2 s for `xi` on 10,000 reports,
/// against 0.3 s once indexed). It starts with the reader, and indexes while the user reads.
#[test]
fn the_reader_indexes_before_the_first_search() {
    if common::skip_without_tmux() {
        return;
    }
    let t = Tmux::start("index-early", 80, 24);
    t.wait_for("$");
    t.line(&format!("{} ; echo EXIT=$?", bin()));
    t.wait_for("?帮助");
    let shell: u32 = t.tmux(&["display", "-p", "-t", &t.session, "#{pane_pid}"]).trim().parse().expect("a pane pid");
    let reader = child_of(shell).expect("the reader runs under the pane's shell");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !thread_names(reader).iter().any(|n| n == "baogao-search") {
        assert!(std::time::Instant::now() < deadline, "no search worker before any key: {:?}", thread_names(reader));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}
