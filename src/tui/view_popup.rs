//! Drawing the popups over the panes.

use super::app::App;
use super::cells::put;
use super::popup::Popup;
use super::view::row_style;
use crate::layout::document::RowKind;
use crate::layout::{char_width, sanitize, str_width, truncate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders, Clear};

pub fn draw_popup(app: &App, frame: &mut Frame, popup: &Popup) {
    let area = screen_area(app);
    match popup {
        Popup::Help(top) => draw_help(app, frame, area, *top),
        Popup::Outline(sel) => draw_outline(app, frame, area, *sel),
        Popup::Problems(top) => draw_problems(app, frame, area, *top),
        Popup::Note(edit) => draw_note(app, frame, area, edit),
        Popup::Bookmarks(sel) => draw_bookmarks(app, frame, area, *sel),
        Popup::Pick(list, sel) => draw_pick(app, frame, area, list, *sel),
    }
}

/// fit), and return the area inside the border.
fn popup(app: &App, frame: &mut Frame, area: Rect, w: u16, h: u16, title: &str) -> Rect {
    let r = popup_area(area, w, h);
    frame.render_widget(Clear, r);
    // A wide char just left of the box would be drawn over its left border: blank it.
    if r.x > area.x {
        let buf = frame.buffer_mut();
        for y in r.y..r.y + r.height {
            let cell = &mut buf[(r.x - 1, y)];
            if cell.symbol().chars().next().is_some_and(|c| char_width(c, app.amb) > 1) {
                cell.set_symbol(" ");
            }
        }
    }
    // Where ambiguous chars are wide, box-drawing lines would be too: draw the box in ASCII.
    let set = if app.amb == crate::layout::Ambiguous::Wide { ASCII_BOX } else { ratatui::symbols::border::PLAIN };
    frame.render_widget(Block::default().borders(Borders::ALL).border_set(set), r);
    // The title by our own widths (it may hold ambiguous chars such as ·).
    let room = r.width.saturating_sub(2) as usize;
    let title = truncate(&sanitize(title), room, app.amb);
    put(frame.buffer_mut(), r.x + 1, r.y, &title, room, Style::default(), app.amb);
    Rect { x: r.x + 1, y: r.y + 1, width: r.width.saturating_sub(2), height: r.height.saturating_sub(2) }
}

const ASCII_BOX: ratatui::symbols::border::Set = ratatui::symbols::border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

fn popup_area(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// The help's lines for a screen `area`, generated from the keymap: keys, then what they
/// do, wrapped under the description column; and the popup's width.
fn help_lines(app: &App, area: Rect) -> (Vec<(String, Style)>, u16) {
    use super::keymap::{HelpLine, Lang};
    let amb = app.amb;
    let w = area.width.min(84);
    let inner_w = w.saturating_sub(2) as usize;
    let help = app.keymap.help(Lang::Zh);
    let widest = help.iter().map(|l| if let HelpLine::Keys(k, _) = l { str_width(k, amb) } else { 0 }).max();
    // Keys wider than this column go on a line of their own.
    let key_w = widest.unwrap_or(0).min(inner_w / 3) + 1;
    let desc_w = inner_w.saturating_sub(key_w).max(1);
    let wrap = |text: &str, width: usize| crate::layout::wrap::wrap_lines(text, width, amb);
    let mut lines: Vec<(String, Style)> = Vec::new();
    for l in &help {
        match l {
            HelpLine::Heading(h) => {
                lines.push((String::new(), Style::default()));
                for part in wrap(&sanitize(h), inner_w) {
                    lines.push((part, app.theme.accent.add_modifier(Modifier::BOLD)));
                }
            }
            HelpLine::Keys(keys, what) => {
                let keys = sanitize(keys);
                let mut pad = crate::layout::fit(&keys, key_w, amb);
                if str_width(&keys, amb) >= key_w {
                    for part in wrap(&keys, inner_w) {
                        lines.push((part, Style::default()));
                    }
                    pad = " ".repeat(key_w);
                }
                for part in wrap(what, desc_w) {
                    lines.push((format!("{pad}{part}"), Style::default()));
                    pad = " ".repeat(key_w);
                }
            }
        }
    }
    (lines, w)
}

/// The popups' room on the screen: all but the status line.
fn screen_area(app: &App) -> Rect {
    Rect::new(0, 0, app.size.0, app.size.1.saturating_sub(1))
}

/// How far the help can scroll, plus one: its lines less the rows it shows.
pub fn help_len(app: &App) -> usize {
    let area = screen_area(app);
    let (lines, w) = help_lines(app, area);
    let h = popup_area(area, w, lines.len() as u16 + 2).height.saturating_sub(2) as usize;
    lines.len().saturating_sub(h) + 1
}

fn draw_help(app: &App, frame: &mut Frame, area: Rect, top: usize) {
    let amb = app.amb;
    let (lines, w) = help_lines(app, area);
    let h = popup_area(area, w, lines.len() as u16 + 2).height.saturating_sub(2) as usize;
    let more = if lines.len() > h {
        let first = |name| app.keymap.keys(name).first().map(|k| k.label()).unwrap_or_default();
        format!(" · {} {} 滚动", first("down"), first("up"))
    } else {
        String::new()
    };
    let inner = popup(app, frame, area, w, lines.len() as u16 + 2, &format!(" 按键{more} "));
    let buf = frame.buffer_mut();
    let top = top.min(lines.len().saturating_sub(h));
    for (i, (line, style)) in lines.iter().skip(top).take(h).enumerate() {
        put(buf, inner.x, inner.y + i as u16, line, inner.width as usize, *style, amb);
    }
}

fn draw_pick(app: &App, frame: &mut Frame, area: Rect, list: &[crate::corpus::ReportId], sel: usize) {
    let (w, h) = (area.width.saturating_sub(4).min(60), area.height.saturating_sub(2));
    let inner = popup(
        app,
        frame,
        area,
        w,
        h,
        &format!(" 对照：选一份报告 · {} 打开 · {} 取消 ", app.key("open"), app.key("close")),
    );
    let buf = frame.buffer_mut();
    let rows = inner.height as usize;
    let first = sel.saturating_sub(rows.saturating_sub(1));
    for (i, &ri) in list.iter().enumerate().skip(first).take(rows) {
        let rep = &app.corpus[ri];
        // The province when it is not the place itself, and the file when another report
        // has the same place and year.
        let mut line = rep.label();
        if let Some(p) = rep.meta.province.as_deref().filter(|p| rep.meta.place.as_deref() != Some(*p)) {
            line.push_str(" · ");
            line.push_str(p);
        }
        let twin = |&o: &crate::corpus::ReportId| o != ri && app.corpus[o].label() == rep.label();
        if list.iter().any(twin) {
            line.push_str(" · ");
            line.push_str(crate::corpus::meta::file_stem(&rep.path));
        }
        let style = if i == sel { Style::default().add_modifier(Modifier::REVERSED) } else { Style::default() };
        put(buf, inner.x, inner.y + (i - first) as u16, &line, inner.width as usize, style, app.amb);
    }
}

fn draw_note(app: &App, frame: &mut Frame, area: Rect, edit: &super::search::LineEdit) {
    let w = area.width.saturating_sub(4).min(70);
    let inner =
        popup(app, frame, area, w, 3, &format!(" 书签备注 · {} 保存 · {} 取消 ", app.key("accept"), app.key("close")));
    if inner.height == 0 || inner.width < 2 {
        return;
    }
    let buf = frame.buffer_mut();
    let room = inner.width as usize - 1;
    put(buf, inner.x, inner.y, &edit.text, room, Style::default(), app.amb);
    let cx = inner.x + str_width(edit.before_cursor(), app.amb).min(room) as u16;
    buf[(cx, inner.y)].set_style(Style::default().add_modifier(Modifier::REVERSED));
}

fn draw_bookmarks(app: &App, frame: &mut Frame, area: Rect, sel: usize) {
    let n = app.state.bookmarks.len();
    let (w, h) = (area.width.saturating_sub(4).min(100), area.height.saturating_sub(2));
    let inner = popup(
        app,
        frame,
        area,
        w,
        h,
        &format!(" 书签 {n} 个 · {} 跳转 · {} 删除 · {} 撤销 ", app.key("open"), app.key("delete"), app.key("undo")),
    );
    let buf = frame.buffer_mut();
    let (iw, rows) = (inner.width as usize, inner.height as usize);
    if n == 0 {
        let none = format!("还没有书签：按 {} 给光标段加书签", app.key("bookmark"));
        put(buf, inner.x, inner.y, &none, iw, Style::default(), app.amb);
        return;
    }
    let first = sel.saturating_sub(rows.saturating_sub(1));
    for (i, b) in app.state.bookmarks.iter().enumerate().skip(first).take(rows) {
        let text = app
            .corpus
            .reports()
            .find(|r| r.state_key() == b.path)
            .and_then(|r| r.paragraphs.get(b.paragraph))
            .map_or("", |p| p.text.as_str());
        let note = if b.note.is_empty() { String::new() } else { format!(" 「{}」", b.note) };
        let line = format!("{} 第 {} 段{note} {}", b.label, b.paragraph + 1, text);
        let style = if i == sel { Style::default().add_modifier(Modifier::REVERSED) } else { Style::default() };
        put(buf, inner.x, inner.y + (i - first) as u16, &line, iw, style, app.amb);
    }
}

fn draw_problems(app: &App, frame: &mut Frame, area: Rect, top: usize) {
    let n = app.corpus.problems.len();
    let (w, h) = (area.width.saturating_sub(4).min(100), area.height.saturating_sub(2));
    let notes = match app.notices.len() {
        0 => String::new(),
        k => format!("提示 {k} 条 · "),
    };
    let title = format!(" {notes}跳过的文件：{n} 个 · {} 关闭 ", app.key("close"));
    let inner = popup(app, frame, area, w, h, &title);
    let buf = frame.buffer_mut();
    let (iw, rows) = (inner.width as usize, inner.height as usize);
    // This session's notices first (a damaged state file), then the skipped files. A notice
    // is wrapped onto as many rows as it needs: it may name a file the user must find (where
    // a damaged state file was moved), so none of it may be cut.
    let mut lines: Vec<(Vec<String>, Style)> = app
        .notices
        .iter()
        .map(|m| (crate::layout::wrap::wrap_lines(&sanitize(m), iw, app.amb), app.theme.accent))
        .collect();
    for p in &app.corpus.problems {
        // Both come from outside: sanitise. Keep the end of the path, where the file name
        // is, in at least half the width, and as much of the reason as fits after it.
        let reason = format!(" — {}", sanitize(&p.reason));
        let path = sanitize(&p.path);
        let room = iw.saturating_sub(str_width(&reason, app.amb)).max((iw / 2).min(str_width(&path, app.amb)));
        let path = crate::layout::truncate_start(&path, room, app.amb);
        lines.push((vec![format!("{path}{reason}")], Style::default()));
    }
    if lines.is_empty() {
        put(buf, inner.x, inner.y, "没有：每个文件都已读入", iw, Style::default(), app.amb);
        return;
    }
    // `top` counts entries (a notice or a file), whatever rows each takes.
    let shown = lines.iter().skip(top).flat_map(|(rows, style)| rows.iter().map(move |r| (r, *style)));
    for (i, (line, style)) in shown.take(rows).enumerate() {
        put(buf, inner.x, inner.y + i as u16, line, iw, style, app.amb);
    }
}

fn draw_outline(app: &App, frame: &mut Frame, area: Rect, sel: usize) {
    let Some(report) = app.report() else { return };
    let (w, h) = (area.width.saturating_sub(4).min(70), area.height.saturating_sub(2));
    let title = format!(" 提纲 · {} 跳转 · {} 关闭 ", app.key("open"), app.key("close"));
    let inner = popup(app, frame, area, w, h, &title);
    let buf = frame.buffer_mut();
    let (inner_w, h) = (inner.width as usize, inner.height as usize);
    let first = sel.saturating_sub(h.saturating_sub(1) / 2).min(report.sections.len().saturating_sub(h));
    for (i, s) in report.sections.iter().enumerate().skip(first).take(h) {
        let line = format!("{}{}", "  ".repeat(s.level.saturating_sub(1) as usize), s.title);
        let mut style = row_style(&app.theme, RowKind::Heading(s.level));
        if i == sel {
            style = style.add_modifier(Modifier::REVERSED);
        }
        put(buf, inner.x, inner.y + (i - first) as u16, &line, inner_w, style, app.amb);
    }
}
