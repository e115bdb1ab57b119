//! End to end: the reader's comforts in tmux (copy with citation, remembered position).

mod common;
use common::{Tmux, bin};

#[test]
fn y_puts_the_paragraph_and_its_citation_in_the_clipboard() {
    if common::skip_without_tmux() {
        return;
    }
    let t = Tmux::start("copy", 100, 30);
    t.last_read("bundled:jilin-2018.txt");
    t.tmux(&["set", "-g", "set-clipboard", "on"]);
    t.wait_for("$");
    t.line(&format!("{}; echo EXIT=$?", bin()));
    t.wait_for("2018年吉林市政府工作报告");
    // Into the reader, to (一)'s first paragraph, and copy it.
    t.keys(&["Tab", "]", "]", "j", "y"]);
    // Not inside tmux as far as baogao knows (the pane's shell has no TMUX) and no display:
    // OSC 52 only, which nothing confirms, so it does not claim to have copied.
    let s = t.wait_for("OSC 52 发送段落及出处");
    assert!(!s.contains("已复制"), "{s}");
    let buf = t.tmux(&["show-buffer"]);
    assert!(buf.starts_with("稳投资。以春季“三早”"), "{buf}");
    assert!(
        buf.trim_end()
            .ends_with("——《2018年吉林市政府工作报告》，2018年1月17日，一、2017年工作回顾 › （一）突出抓经济运行…"),
        "{buf}"
    );
    // Y copies the whole section, heading first.
    t.keys(&["Y"]);
    t.wait_for("OSC 52 发送本节及出处");
    let buf = t.tmux(&["show-buffer"]);
    assert!(buf.starts_with("（一）突出抓经济运行，稳增长收到实效\n稳投资。"), "{buf}");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

#[test]
fn y_inside_tmux_loads_the_tmux_buffer_itself_and_says_so() {
    if common::skip_without_tmux() {
        return;
    }
    let t = Tmux::start("copytmux", 100, 30);
    t.last_read("bundled:jilin-2018.txt");
    // With set-clipboard off tmux ignores OSC 52: only baogao's own load-buffer can fill it.
    t.tmux(&["set", "-g", "set-clipboard", "off"]);
    let tmux_env = t.tmux(&["display-message", "-p", "-t", &t.session, "#{socket_path},#{pid},0"]);
    t.wait_for("$");
    t.line(&format!("TMUX={} {}; echo EXIT=$?", tmux_env.trim(), bin()));
    t.wait_for("2018年吉林市政府工作报告");
    t.keys(&["Tab", "]", "]", "j", "y"]);
    t.wait_for("已复制段落及出处");
    t.wait_for("到 tmux 缓冲区");
    let buf = t.tmux(&["show-buffer"]);
    assert!(buf.starts_with("稳投资。以春季“三早”"), "{buf}");
    assert!(buf.trim_end().ends_with("（一）突出抓经济运行…"), "{buf}");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

#[test]
fn position_and_bookmarks_survive_a_restart() {
    if common::skip_without_tmux() {
        return;
    }
    let home = std::env::temp_dir().join(format!("baogao-home-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(home.join("config")).unwrap();
    std::fs::create_dir_all(home.join("state")).unwrap();
    common::write_last_read(&home.join("state"), "bundled:jilin-2018.txt");
    let run = format!(
        "HOME={h} XDG_CONFIG_HOME={h}/config XDG_STATE_HOME={h}/state {b}; echo EXIT=$?",
        h = home.display(),
        b = bin()
    );
    let t = Tmux::start("restart", 100, 30);
    t.wait_for("$");
    t.line(&run);
    t.wait_for("2018年吉林市政府工作报告");
    // The second report in the tree (齐齐哈尔市 2022), then scroll into it.
    t.keys(&["j", "j", "j", "Enter"]);
    t.wait_for("2022年齐齐哈尔市政府工作报告");
    for _ in 0..12 {
        t.keys(&["j"]);
    }
    t.keys(&["}"]);
    t.wait("scrolled", |s| s.lines().next().is_some_and(|l| l.contains("二、今后五年")));
    t.keys(&["j"]);
    let before = t.wait("one more row", |s| s.lines().next().is_some_and(|l| !l.contains("二、今后五年")));
    let top_before = before.lines().next().unwrap().to_string();
    // A bookmark with a note typed in Chinese.
    t.keys(&["m"]);
    t.wait_for("书签备注");
    t.tmux(&["send-keys", "-t", &t.session, "-l", "重点"]);
    t.keys(&["Enter"]);
    t.wait_for("已加书签");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
    assert!(home.join("state/baogao/state.json").is_file());

    t.line(&run);
    let after = t.wait("reopened", |s| s.contains("齐齐哈尔市 · 2022"));
    assert_eq!(after.lines().next().unwrap(), top_before, "not the same place:\n{after}");
    t.keys(&["'"]);
    let list = t.wait_for("书签 1 个");
    assert!(list.contains("齐齐哈尔市 2022") && list.contains("「重点」"), "{list}");
    t.keys(&["g", "Escape"]);
    t.keys(&["'", "Enter"]);
    t.wait("jumped back", |s| !s.contains("书签 1 个"));
    t.keys(&["'", "d"]);
    t.wait_for("书签 0 个");
    t.keys(&["Escape", "q"]);
    t.wait("quit", |s| s.matches("EXIT=0").count() == 2);
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn two_instances_at_once_keep_both_bookmarks() {
    if common::skip_without_tmux() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("baogao-two-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    std::fs::write(&state, serde_json::json!({ "last": "bundled:jilin-2018.txt" }).to_string()).unwrap();
    let run = format!("BAOGAO_STATE_DIR={} {}; echo EXIT=$?", dir.display(), bin());
    // Both running at once, on one state file.
    let (one, two) = (Tmux::start("twoa", 100, 30), Tmux::start("twob", 100, 30));
    for t in [&one, &two] {
        t.wait_for("$");
        t.line(&run);
    }
    for t in [&one, &two] {
        t.wait_for("2018年吉林市政府工作报告");
    }
    // A bookmark in each, on different paragraphs: the first instance's cursor paragraph,
    // and three paragraphs further on in the second.
    two.keys(&["J", "J", "J"]);
    let mut said = Vec::new();
    for t in [&one, &two] {
        t.keys(&["m"]);
        t.wait_for("书签备注");
        t.keys(&["Enter"]);
        let s = t.wait_for("已加书签");
        let line = s.lines().find(|l| l.contains("已加书签")).unwrap().to_string();
        said.push(line);
    }
    for t in [&one, &two] {
        t.keys(&["q"]);
        t.wait_for("EXIT=0");
    }
    let text = std::fs::read_to_string(&state).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut marks: Vec<(String, u64)> = v["bookmarks"]
        .as_array()
        .unwrap_or_else(|| panic!("no bookmarks: {text}"))
        .iter()
        .map(|b| (b["path"].as_str().unwrap().to_string(), b["paragraph"].as_u64().unwrap()))
        .collect();
    assert_eq!(marks.len(), 2, "both bookmarks ({said:?}) in {text}");
    assert!(marks.iter().all(|(p, _)| p == "bundled:jilin-2018.txt"), "{text}");
    marks.sort();
    assert_eq!(marks[0].1 + 3, marks[1].1, "{text}");
    // The lock file stays beside it; no temp file is left.
    let names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_corrupt_state_file_is_a_notice_not_a_crash_and_is_kept() {
    if common::skip_without_tmux() {
        return;
    }
    let home = std::env::temp_dir().join(format!("baogao-corrupt-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(home.join("state/baogao")).unwrap();
    std::fs::write(home.join("state/baogao/state.json"), "{\"last\": ").unwrap();
    let t = Tmux::start("corrupt", 120, 30);
    t.wait_for("$");
    t.line(&format!("HOME={h} XDG_STATE_HOME={h}/state {b}; echo EXIT=$?", h = home.display(), b = bin()));
    let s = t.wait_for("已损坏");
    // A fresh start opens the first report in the tree: the national series'.
    assert!(s.contains("国务院政府工作报告") && s.contains("▾ 全国"), "{s}");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
    // Quitting wrote a good state file in its place; the damaged one was moved aside, whole.
    let text = std::fs::read_to_string(home.join("state/baogao/state.json")).unwrap();
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok(), "{text}");
    let aside: Vec<_> = std::fs::read_dir(home.join("state/baogao"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("state.json.bad-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read_to_string(&aside[0]).unwrap(), "{\"last\": ");
    let _ = std::fs::remove_dir_all(&home);
}

/// SGR parameters that set a colour (30–37, 38, 40–47, 48, 90–97, 100–107) in captured output.
fn colour_codes(screen: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = screen;
    while let Some(i) = rest.find("\u{1b}[") {
        let seq = &rest[i + 2..];
        let end = seq.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(seq.len());
        if seq[end..].starts_with('m') {
            let params: Vec<&str> = seq[..end].split(';').collect();
            let mut k = 0;
            while k < params.len() {
                let p: u32 = params[k].parse().unwrap_or(0);
                if matches!(p, 30..=37 | 40..=47 | 90..=97 | 100..=107 | 38 | 48) {
                    found.push(seq[..end].to_string());
                }
                if p == 38 || p == 48 {
                    k += if params.get(k + 1) == Some(&"5") { 2 } else { 4 };
                }
                k += 1;
            }
        }
        rest = &seq[end..];
    }
    found
}

#[test]
fn no_color_means_no_colour_codes() {
    if common::skip_without_tmux() {
        return;
    }
    let t = Tmux::start("nocolor", 100, 30);
    t.last_read("bundled:jilin-2018.txt");
    t.wait_for("$");
    t.line(&format!("{}; echo EXIT=$?", bin()));
    t.wait_for("2018年吉林市政府工作报告");
    let coloured = t.tmux(&["capture-pane", "-e", "-p", "-t", &t.session]);
    assert!(!colour_codes(&coloured).is_empty(), "the default theme has colours");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
    t.line(&format!("NO_COLOR=1 {}; echo EXIT=$?", bin()));
    t.wait_for("2018年吉林市政府工作报告");
    // Search too, whose highlight is the most coloured thing.
    t.keys(&["/"]);
    t.tmux(&["send-keys", "-t", &t.session, "-l", "shimo"]);
    t.wait_for("处 · 相近");
    let plain = t.tmux(&["capture-pane", "-e", "-p", "-t", &t.session]);
    assert_eq!(colour_codes(&plain), Vec::<String>::new());
    assert!(plain.contains("\u{1b}[7m") || plain.contains(";7m"), "highlights are reversed instead");
    t.keys(&["Escape", "q"]);
}

#[test]
fn config_keys_and_a_bad_config_that_stops_before_the_terminal() {
    if common::skip_without_tmux() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("baogao-cfg-e2e-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("baogao")).unwrap();
    // n is next_hit's by default: it has to move for next_section to take it.
    std::fs::write(dir.join("baogao/config.toml"), "[keys]\nnext_section = \"n\"\nnext_hit = \"x\"\n").unwrap();
    let t = Tmux::start("config", 100, 30);
    t.last_read("bundled:jilin-2018.txt");
    t.wait_for("$");
    t.line(&format!("XDG_CONFIG_HOME={} {}; echo EXIT=$?", dir.display(), bin()));
    t.wait_for("2018年吉林市政府工作报告");
    t.keys(&["Tab", "n"]);
    t.wait("n jumps to the next heading", |s| s.lines().next().is_some_and(|l| l.contains("一、2017年工作回顾")));
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
    // An unknown key: exit non-zero naming the file and the key, terminal untouched.
    std::fs::write(dir.join("baogao/config.toml"), "ambiguous = \"wide\"\nnext_section = \"n\"\n").unwrap();
    t.line(&format!("XDG_CONFIG_HOME={} {}; echo EXIT=$?", dir.display(), bin()));
    let s = t.wait_for("EXIT=2");
    assert!(s.contains("config.toml") && s.contains("next_section") && s.contains("line 2"), "{s}");
    assert!(!t.alternate_on());
    assert_eq!(t.tty_mode(), "icanon echo");
    // A key bound to two actions: the same, naming both.
    std::fs::write(dir.join("baogao/config.toml"), "[keys]\nquit = \"q\"\nnext_hit = \"]\"\n").unwrap();
    t.line(&format!("XDG_CONFIG_HOME={} {}; echo CLASH_EXIT=$?", dir.display(), bin()));
    // The message is wider than the pane: join its wrapped rows.
    let s = t.wait_for("CLASH_EXIT=2").replace('\n', "");
    assert!(s.contains("line 3: key \"]\" is bound to both next_hit and next_section"), "{s}");
    assert!(!t.alternate_on());
    assert_eq!(t.tty_mode(), "icanon echo");
    let _ = std::fs::remove_dir_all(&dir);
}
