//! Drawing: the tree, the reader, the status line and popups. Reads `App`, never changes
//! anything but the reader's height and layout cache and the help's scroll clamped to its
//! lines (filled in during render, as gitui does).

use super::action::Focus;
use super::app::{App, Popup};
use crate::layout::document::{INDENT, RowKind, Source};
use crate::layout::{Ambiguous, char_width, sanitize, str_width, truncate};
use crate::tree::NodeKind;
use ratatui::Frame;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders, Clear};

/// Below this width only the focused pane is shown.
const TWO_PANES_FROM: u16 = 60;
/// Below this size we only say so.
const MIN_W: u16 = 20;
const MIN_H: u16 = 5;

pub fn draw(app: &mut App, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    if area.width < MIN_W || area.height < MIN_H {
        put(buf, area.x, area.y, "terminal too small", area.width as usize, Style::default(), app.amb);
        return;
    }
    let main = Rect { height: area.height - 1, ..area };
    app.areas = Default::default();
    let status = Rect { y: area.y + area.height - 1, height: 1, ..area };

    if app.search.is_some() {
        // The panel on top, the selected hit in context below.
        let panel_h = (main.height * 9 / 20).max(3).min(main.height);
        let panel = Rect { height: panel_h, ..main };
        let reader = Rect { y: main.y + panel_h, height: main.height - panel_h, ..main };
        draw_search(app, buf, panel);
        if reader.height > 0 {
            draw_reader(app, buf, reader);
            app.areas.reader = Some(reader);
        }
        draw_status(app, buf, status);
        return;
    }
    let (tree_area, reader_area) = if area.width >= TWO_PANES_FROM {
        let tw = (area.width / 4).clamp(18, 32);
        (Some(Rect { width: tw, ..main }), Some(Rect { x: main.x + tw + 1, width: main.width - tw - 1, ..main }))
    } else if app.focus == Focus::Tree {
        (Some(main), None)
    } else {
        (None, Some(main))
    };
    if let Some(t) = tree_area {
        app.areas.tree_first = draw_tree(app, buf, t);
        app.areas.tree = Some(t);
        if reader_area.is_some() {
            for y in main.y..main.y + main.height {
                put(buf, t.x + t.width, y, "│", 1, app.theme.separator, app.amb);
            }
        }
    }
    if let Some(r) = reader_area {
        if app.compare.is_some() {
            // Two reports side by side (or one above the other when narrow).
            let (a, sep, b) = if r.width >= 60 {
                let lw = (r.width - 1) / 2;
                (Rect { width: lw, ..r }, Some(r.x + lw), Rect { x: r.x + lw + 1, width: r.width - lw - 1, ..r })
            } else {
                let th = r.height / 2;
                (Rect { height: th, ..r }, None, Rect { y: r.y + th, height: r.height - th, ..r })
            };
            draw_reader(app, buf, a);
            if let Some(x) = sep {
                for y in r.y..r.y + r.height {
                    put(
                        buf,
                        x,
                        y,
                        "┃",
                        1,
                        if app.right_active { app.theme.accent } else { app.theme.separator },
                        app.amb,
                    );
                }
            }
            app.with_compare(|app| {
                app.reader.height = b.height as usize;
                app.ensure_layout(b.width as usize);
                app.apply_compare_pending();
                draw_reader(app, buf, b);
            });
            app.areas.reader = Some(if app.right_active { b } else { a });
        } else {
            draw_reader(app, buf, r);
            app.areas.reader = Some(r);
        }
    } else {
        // Keep the reader's layout and height current even while hidden, so keys scroll right.
        app.reader.height = main.height as usize;
    }
    draw_status(app, buf, status);
    match app.popup.clone() {
        Some(Popup::Help(top)) => {
            let top = draw_help(app, frame, area, top);
            app.popup = Some(Popup::Help(top));
        }
        Some(Popup::Outline(sel)) => draw_outline(app, frame, area, sel),
        Some(Popup::Problems(top)) => draw_problems(app, frame, area, top),
        Some(Popup::Note(edit)) => draw_note(app, frame, area, &edit),
        Some(Popup::Bookmarks(sel)) => draw_bookmarks(app, frame, area, sel),
        Some(Popup::Pick(list, sel)) => draw_pick(app, frame, area, &list, sel),
        None => {}
    }
}

/// Put sanitised text at (x, y), cut to `max` columns with a trailing … when cut.
/// Cells are placed by our own width function, not ratatui's, so that in wide mode an
/// ambiguous char (“ …) takes two cells and the cell it covers is left for the terminal.
fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, max: usize, style: Style, amb: Ambiguous) -> u16 {
    let clean = sanitize(s);
    let t = truncate(&clean, max, amb);
    put_cells(buf, x, y, &t, max, style, amb)
}

/// Write chars into cells, `max` columns at most; returns the column after the text.
fn put_cells(buf: &mut Buffer, mut x: u16, y: u16, s: &str, max: usize, style: Style, amb: Ambiguous) -> u16 {
    let area = buf.area;
    if y < area.y || y >= area.bottom() {
        return x;
    }
    let right = area.right().min(x.saturating_add(max.min(u16::MAX as usize) as u16));
    let mut tmp = [0u8; 4];
    for c in s.chars() {
        let w = char_width(c, amb) as u16;
        if w == 0 {
            continue;
        }
        if x < area.x || x + w > right {
            break;
        }
        buf[(x, y)].set_symbol(c.encode_utf8(&mut tmp)).set_style(style).set_diff_option(CellDiffOption::None);
        for k in 1..w {
            let cell = &mut buf[(x + k, y)];
            cell.reset();
            // ratatui thinks an ambiguous char is one cell wide and would draw this one;
            // the terminal draws the char over it, so leave it alone.
            if unicode_width::UnicodeWidthChar::width(c).unwrap_or(1) < w as usize {
                cell.set_diff_option(CellDiffOption::Skip);
            }
        }
        x += w;
    }
    x
}

/// Draw the tree; returns the index of the first visible row drawn.
fn draw_tree(app: &App, buf: &mut Buffer, area: Rect) -> usize {
    let vis = app.tree.visible();
    let mut area = area;
    // The filter line, at the bottom of the tree while filtering.
    if (app.tree_filter.is_some() || !app.tree_filter_text.is_empty()) && area.height > 1 {
        area.height -= 1;
        let y = area.y + area.height;
        let text = app.tree_filter.as_ref().map_or(app.tree_filter_text.as_str(), |e| e.text.as_str());
        let line = crate::layout::fit(&format!("过滤 filter: {text}"), area.width as usize, app.amb);
        let style = if app.tree_filter.is_some() { app.theme.accent } else { app.theme.dim };
        put(buf, area.x, y, &line, area.width as usize, style, app.amb);
        if vis.is_empty() {
            put(buf, area.x, area.y, "没有匹配 no match", area.width as usize, app.theme.dim, app.amb);
            return 0;
        }
    }
    let h = area.height as usize;
    let cur = vis.iter().position(|&n| n == app.tree.cursor).unwrap_or(0);
    let first = cur.saturating_sub(h.saturating_sub(1) / 2).min(vis.len().saturating_sub(h));
    for (row, &n) in vis.iter().enumerate().skip(first).take(h) {
        let node = &app.tree.nodes[n];
        let mark = match (&node.kind, node.expanded) {
            (NodeKind::Report(i), _) if app.reader.report == Some(*i) => "•",
            (NodeKind::Report(_), _) => " ",
            (_, true) => "▾",
            (_, false) => "▸",
        };
        let text = format!("{}{mark} {}", "  ".repeat(node.depth), node.label);
        let mut style = match node.kind {
            NodeKind::Group => app.theme.tree_group,
            NodeKind::Place => app.theme.tree_place,
            NodeKind::Report(_) => Style::default(),
        };
        if n == app.tree.cursor {
            style = if app.focus == Focus::Tree {
                style.add_modifier(Modifier::REVERSED)
            } else {
                style.add_modifier(Modifier::UNDERLINED)
            };
        }
        let y = area.y + (row - first) as u16;
        let line = crate::layout::fit(&sanitize(&text), area.width as usize, app.amb);
        put_cells(buf, area.x, y, &line, area.width as usize, style, app.amb);
    }
    first
}

fn row_style(theme: &super::theme::Theme, kind: RowKind) -> Style {
    match kind {
        RowKind::Title => theme.title,
        RowKind::Meta => theme.meta,
        RowKind::Heading(1) => theme.heading[0],
        RowKind::Heading(2) => theme.heading[1],
        RowKind::Heading(_) => theme.heading[2],
        RowKind::Glossary => theme.glossary,
        _ => Style::default(),
    }
}

fn draw_reader(app: &mut App, buf: &mut Buffer, area: Rect) {
    let width = area.width as usize;
    app.reader.height = area.height as usize;
    app.ensure_layout(width);
    let Some(idx) = app.reader.report else {
        put(buf, area.x, area.y, "没有报告 (no report open)", width, Style::default(), app.amb);
        return;
    };
    let corpus = std::sync::Arc::clone(&app.corpus);
    let report = &corpus.reports[idx];
    let Some(layout) = app.reader.layout.take() else { return };
    let indent_w = str_width(INDENT, app.amb) as u16;
    for (i, row) in layout.rows.iter().skip(app.reader.top).take(area.height as usize).enumerate() {
        let y = area.y + i as u16;
        let mut x = area.x;
        if row.indent {
            x += indent_w;
        }
        let text = layout.text(report, row);
        let style = row_style(&app.theme, row.kind);
        // A run-in heading's title takes its level's style (looked up only on such rows).
        let lead_style = match row.source {
            Source::Para(p) if row.lead > 0 => match report.section_at(p) {
                Some(s) if s.level <= 2 => row_style(&app.theme, RowKind::Heading(s.level)),
                _ => Style::default().add_modifier(Modifier::BOLD),
            },
            _ => Style::default(),
        };
        let right = area.x + area.width;
        let hl: Vec<usize> = match row.source {
            Source::Para(p) if app.highlight.is_some() => app
                .highlights(idx, p)
                .iter()
                .filter(|&&c| c >= row.chars.0 && c < row.chars.1)
                .map(|&c| c - row.chars.0)
                .collect(),
            _ => Vec::new(),
        };
        if row.lead == 0 && hl.is_empty() {
            put(buf, x, y, text, right.saturating_sub(x) as usize, style, app.amb);
            continue;
        }
        let mut tmp = [0u8; 4];
        for (k, c) in text.chars().enumerate() {
            let mut st = if k < row.lead { lead_style } else { style };
            if hl.binary_search(&k).is_ok() {
                st = app.theme.highlight;
            }
            x = put_cells(buf, x, y, c.encode_utf8(&mut tmp), right.saturating_sub(x) as usize, st, app.amb);
        }
    }
    app.reader.layout = Some(layout);
}

fn draw_search(app: &mut App, buf: &mut Buffer, area: Rect) {
    let amb = app.amb;
    let w = area.width as usize;
    let Some(panel) = &app.search else { return };
    // Query line.
    let prompt = "/ ";
    let mut x = put_cells(buf, area.x, area.y, prompt, w, app.theme.accent, amb);
    let before = str_width(panel.input.before_cursor(), amb);
    let avail = w.saturating_sub(str_width(prompt, amb) + 1);
    // Keep the cursor in view on long queries: scroll the query by whole chars.
    let mut shown: &str = &panel.input.text;
    let mut skipped = 0;
    while before - skipped.min(before) >= avail && !shown.is_empty() {
        let c = shown.chars().next().unwrap_or(' ');
        skipped += char_width(c, amb);
        shown = &shown[c.len_utf8()..];
    }
    put(buf, x, area.y, shown, avail, Style::default(), amb);
    x += (before - skipped.min(before)) as u16;
    if x < area.x + area.width {
        // The cursor: a reversed cell (the terminal cursor stays hidden).
        let cell = &mut buf[(x, area.y)];
        cell.set_style(Style::default().add_modifier(Modifier::REVERSED));
    }
    if area.height < 2 {
        return;
    }
    // Counts line.
    let counts = &panel.counts;
    let mut info = if panel.complete {
        format!(" {} 条 hits · {} ", panel.hits.len(), panel.scope.label())
    } else {
        format!(" {}+ 条 hits · {} ", panel.found, panel.scope.label())
    };
    if panel.busy() {
        info.push_str("· 搜索中… ");
    }
    // Only as many as the line can show.
    let per: Vec<String> =
        counts.iter().take(w / 6 + 1).map(|(r, n)| format!("{} {n}", app.corpus.reports[*r].label())).collect();
    if !per.is_empty() {
        info.push_str("· ");
        info.push_str(&per.join(" · "));
    }
    let dim = app.theme.dim;
    put(buf, area.x, area.y + 1, &info, w, app.theme.tree_place, amb);
    // Results, two rows each: where, then a snippet.
    let rows = area.height.saturating_sub(2) as usize;
    let per_hit = 2;
    let visible = (rows / per_hit).max(1);
    let first = panel.selected.saturating_sub(visible.saturating_sub(1));
    let selected = panel.selected;
    let list = Rect { y: area.y + 2, height: area.height.saturating_sub(2), ..area };
    let mut hits: Vec<crate::search::Hit> = panel.hits.iter().skip(first).take(visible).cloned().collect();
    // The worker ranks by score alone; highlight the hits that are shown (the reader's
    // highlight query is the panel's query, and its cache keeps these).
    for h in hits.iter_mut().filter(|h| h.indices.is_empty()) {
        h.indices = app.highlights(h.report, h.paragraph).to_vec();
    }
    for (k, hit) in hits.iter().enumerate() {
        let y = area.y + 2 + (k * per_hit) as u16;
        if y >= area.y + area.height {
            break;
        }
        let r = &app.corpus.reports[hit.report];
        let crumbs: Vec<&str> = r.breadcrumb(hit.paragraph).iter().map(|s| s.title.as_str()).collect();
        let mut head = format!(
            "{} · {}",
            r.meta.place.as_deref().unwrap_or("?"),
            r.meta.year.map_or("?".into(), |y| y.to_string())
        );
        if !crumbs.is_empty() {
            head.push_str(" · ");
            head.push_str(&crumbs.join(" › "));
        }
        let is_sel = first + k == selected;
        let mark = if is_sel { "▶ " } else { "  " };
        let head_style = if is_sel { app.theme.accent } else { dim };
        let x0 = put_cells(buf, area.x, y, mark, 2, app.theme.accent, amb);
        put(buf, x0, y, &head, w.saturating_sub(2), head_style, amb);
        if y + 1 >= area.y + area.height {
            break;
        }
        let text = &r.paragraphs[hit.paragraph].text;
        let (snip, hl) = crate::layout::snippet(&sanitize(text), &hit.indices, w.saturating_sub(4), amb);
        let base = if is_sel { Style::default().add_modifier(Modifier::BOLD) } else { Style::default() };
        let mut x = area.x + 4;
        for (i, c) in snip.chars().enumerate() {
            let style = if hl.binary_search(&i).is_ok() { app.theme.highlight } else { base };
            let mut tmp = [0u8; 4];
            x = put_cells(
                buf,
                x,
                y + 1,
                c.encode_utf8(&mut tmp),
                (area.x + area.width).saturating_sub(x) as usize,
                style,
                amb,
            );
        }
    }
    app.areas.results = Some((list, first, per_hit));
}

fn draw_status(app: &App, buf: &mut Buffer, area: Rect) {
    let style = app.theme.status;
    let mut parts: Vec<String> = Vec::new();
    if let Some(r) = app.report() {
        parts.push(r.meta.place.clone().unwrap_or_else(|| "?".into()));
        if let Some(y) = r.meta.year {
            parts.push(y.to_string());
        }
        let crumbs: Vec<String> = app
            .top_paragraph()
            .map(|p| r.breadcrumb(p).iter().filter(|s| s.level <= 3).map(|s| s.title.clone()).collect())
            .unwrap_or_default();
        if !crumbs.is_empty() {
            parts.push(crumbs.join(" › "));
        }
    }
    if let Some((msg, at)) = &app.message
        && at.elapsed() < std::time::Duration::from_secs(4)
    {
        parts.insert(0, msg.clone());
    }
    if let Some(loader) = &app.loader {
        use std::sync::atomic::Ordering::Relaxed;
        let p = &loader.progress;
        let (fd, ft) = (p.files_done.load(Relaxed), p.files_total.load(Relaxed));
        let (bd, bt) = (p.bytes_done.load(Relaxed) as f64 / 1e6, p.bytes_total.load(Relaxed) as f64 / 1e6);
        let secs = loader.started.elapsed().as_secs_f64().max(0.001);
        let bar_w = 10usize;
        let filled = (fd * bar_w).checked_div(ft).unwrap_or(0);
        parts.insert(
            0,
            format!(
                "载入 loading [{}{}] {fd}/{ft} files · {bd:.1}/{bt:.1} MB · {:.0} MB/s",
                "█".repeat(filled),
                "░".repeat(bar_w - filled),
                bd / secs
            ),
        );
    } else if !app.corpus.problems.is_empty() {
        parts.push(format!("{} skipped (!)", app.corpus.problems.len()));
    }
    if let Some(c) = app.compare.as_ref().and_then(|c| c.report) {
        let side = if app.right_active { "右 right" } else { "左 left" };
        parts.push(format!("对照 {} ({side}, Tab)", app.corpus.reports[c].label()));
    }
    let right = if area.width >= 60 {
        format!(" {}%  ?帮助 q退出 ", app.percent())
    } else {
        format!(" {}% ", app.percent())
    };
    let rw = str_width(&right, app.amb);
    let w = area.width as usize;
    let left = format!(" {}", parts.join(" · "));
    let left = crate::layout::fit(&sanitize(&left), w.saturating_sub(rw), app.amb);
    put_cells(buf, area.x, area.y, &crate::layout::fit("", w, app.amb), w, style, app.amb);
    put_cells(buf, area.x, area.y, &left, w, style, app.amb);
    if w > rw {
        let x = area.x + (w - rw) as u16;
        put_cells(buf, x, area.y, &right, rw, style.add_modifier(Modifier::BOLD), app.amb);
    }
}

/// Clear a box of at most `w`×`h` centred in `area`, draw its border and title (cut to
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
    let title = truncate(&sanitize(title), r.width.saturating_sub(2) as usize, app.amb);
    frame.render_widget(Block::default().borders(Borders::ALL).title(title), r);
    Rect { x: r.x + 1, y: r.y + 1, width: r.width.saturating_sub(2), height: r.height.saturating_sub(2) }
}

fn popup_area(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// The help, generated from the keymap: keys, then what they do, wrapped under the
/// description column (never cut). Scrolled to line `top`, clamped to what there is; the
/// clamped value is returned for the app to keep.
fn draw_help(app: &App, frame: &mut Frame, area: Rect, top: usize) -> usize {
    use super::keymap::{HelpLine, Lang};
    let amb = app.amb;
    let w = area.width.min(84);
    let inner_w = w.saturating_sub(2) as usize;
    let help = app.keymap.help(Lang::Zh);
    let widest = help.iter().map(|l| if let HelpLine::Keys(k, _) = l { str_width(k, amb) } else { 0 }).max();
    // Keys wider than this column go on a line of their own.
    let key_w = widest.unwrap_or(0).min(inner_w / 3) + 1;
    let desc_w = inner_w.saturating_sub(key_w).max(1);
    let wrap = |text: &str, width: usize| -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let opts = crate::layout::wrap::WrapOptions { width, first_indent: 0, amb };
        crate::layout::wrap::wrap(text, &opts).iter().map(|r| chars[r.start..r.end].iter().collect()).collect()
    };
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
    top
}

fn draw_pick(app: &App, frame: &mut Frame, area: Rect, list: &[usize], sel: usize) {
    let (w, h) = (area.width.saturating_sub(4).min(60), area.height.saturating_sub(2));
    let inner = popup(app, frame, area, w, h, " 对照 compare with · Enter opens · Esc cancels ");
    let buf = frame.buffer_mut();
    let rows = inner.height as usize;
    let first = sel.saturating_sub(rows.saturating_sub(1));
    for (i, &ri) in list.iter().enumerate().skip(first).take(rows) {
        let rep = &app.corpus.reports[ri];
        let line = format!("{} · {}", rep.label(), rep.meta.province.as_deref().unwrap_or(""));
        let style = if i == sel { Style::default().add_modifier(Modifier::REVERSED) } else { Style::default() };
        put(buf, inner.x, inner.y + (i - first) as u16, &line, inner.width as usize, style, app.amb);
    }
}

fn draw_note(app: &App, frame: &mut Frame, area: Rect, edit: &super::search::LineEdit) {
    let w = area.width.saturating_sub(4).min(70);
    let inner = popup(app, frame, area, w, 3, " 书签备注 bookmark note · Enter saves · Esc cancels ");
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
    let inner = popup(app, frame, area, w, h, &format!(" 书签 bookmarks: {n} · Enter jumps · d deletes "));
    let buf = frame.buffer_mut();
    let (iw, rows) = (inner.width as usize, inner.height as usize);
    if n == 0 {
        put(buf, inner.x, inner.y, "没有书签 none yet: m bookmarks a paragraph", iw, Style::default(), app.amb);
        return;
    }
    let first = sel.saturating_sub(rows.saturating_sub(1));
    for (i, b) in app.state.bookmarks.iter().enumerate().skip(first).take(rows) {
        let text = app
            .corpus
            .reports
            .iter()
            .find(|r| r.path == b.path)
            .and_then(|r| r.paragraphs.get(b.paragraph))
            .map_or("", |p| p.text.as_str());
        let note = if b.note.is_empty() { String::new() } else { format!(" 「{}」", b.note) };
        let line = format!("{} ¶{}{note} {}", b.label, b.paragraph, text);
        let style = if i == sel { Style::default().add_modifier(Modifier::REVERSED) } else { Style::default() };
        put(buf, inner.x, inner.y + (i - first) as u16, &line, iw, style, app.amb);
    }
}

fn draw_problems(app: &App, frame: &mut Frame, area: Rect, top: usize) {
    let n = app.corpus.problems.len();
    let (w, h) = (area.width.saturating_sub(4).min(100), area.height.saturating_sub(2));
    let inner = popup(app, frame, area, w, h, &format!(" 跳过的文件 skipped files: {n} "));
    let buf = frame.buffer_mut();
    let (iw, rows) = (inner.width as usize, inner.height as usize);
    if n == 0 {
        put(buf, inner.x, inner.y, "没有 none: every file was read", iw, Style::default(), app.amb);
        return;
    }
    for (i, p) in app.corpus.problems.iter().skip(top).take(rows).enumerate() {
        // Both come from outside: sanitise. Keep the reason whole and the end of the path,
        // where the file name is.
        let reason = format!(" — {}", sanitize(&p.reason));
        let room = iw.saturating_sub(str_width(&reason, app.amb));
        let path = crate::layout::truncate_start(&sanitize(&p.path), room, app.amb);
        put(buf, inner.x, inner.y + i as u16, &format!("{path}{reason}"), iw, Style::default(), app.amb);
    }
}

fn draw_outline(app: &App, frame: &mut Frame, area: Rect, sel: usize) {
    let Some(report) = app.report() else { return };
    let (w, h) = (area.width.saturating_sub(4).min(70), area.height.saturating_sub(2));
    let inner = popup(app, frame, area, w, h, " 目录 outline ");
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
