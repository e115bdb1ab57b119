//! End to end: the reader's comforts in tmux (copy with citation, remembered position).

mod common;
use common::{Tmux, bin, have_tmux};

#[test]
fn y_puts_the_paragraph_and_its_citation_in_the_clipboard() {
    assert!(have_tmux());
    let t = Tmux::start("copy", 100, 30);
    t.tmux(&["set", "-g", "set-clipboard", "on"]);
    t.wait_for("$");
    t.line(&format!("{}; echo EXIT=$?", bin()));
    t.wait_for("2018年吉林市政府工作报告");
    // Into the reader, to (一)'s first paragraph, and copy it.
    t.keys(&["Tab", "]", "]", "j", "y"]);
    t.wait_for("copied the paragraph");
    let buf = t.tmux(&["show-buffer"]);
    assert!(buf.starts_with("稳投资。以春季“三早”"), "{buf}");
    assert!(
        buf.trim_end()
            .ends_with("——《2018年吉林市政府工作报告》，2018年1月17日，一、2017年工作回顾 › （一）突出抓经济运行…"),
        "{buf}"
    );
    // Y copies the whole section, heading first.
    t.keys(&["Y"]);
    t.wait_for("copied the section");
    let buf = t.tmux(&["show-buffer"]);
    assert!(buf.starts_with("（一）突出抓经济运行，稳增长收到实效\n稳投资。"), "{buf}");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}
