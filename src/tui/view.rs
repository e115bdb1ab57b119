//! Drawing the frame: where everything goes (`geometry`, also used by `App::relayout`),
//! the tree, the report panes with the cursor paragraph's gutter, and the status line.
//! Takes `&App` and changes nothing. The search panel is drawn by `view_search`, popups
//! by `view_popup`.

use super::action::Focus;
use super::app::{App, Areas, Mode};
use super::cells::{put, put_cells};
use super::pane::Pane;
use crate::layout::document::{INDENT, RowKind, Source};
use crate::layout::{sanitize, str_width};
use crate::tree::NodeKind;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

/// Below this width only the focused pane is shown.
const TWO_PANES_FROM: u16 = 60;
/// Below this size we only say so.
const MIN_W: u16 = 20;
const MIN_H: u16 = 5;
/// Columns left of a report pane's text, where the cursor paragraph is marked.
pub const GUTTER: usize = 1;

pub use super::view_popup::help_len;

/// Where each part goes on a `app.size` screen.
pub fn geometry(app: &App) -> Areas {
    let (w, h) = app.size;
    let area = Rect::new(0, 0, w, h);
    let mut a = Areas { status: Rect { y: h.saturating_sub(1), height: 1.min(h), ..area }, ..Areas::default() };
    if w < MIN_W || h < MIN_H {
        a.too_small = true;
        return a;
    }
    let main = Rect { height: h - 1, ..area };
    if let Mode::Study(_) | Mode::Targets(_) = app.mode {
        a.study = Some(main);
        return a;
    }
    if let Mode::Search(_) = app.mode {
        // The panel on top, the selected hit in context below.
        let panel_h = (main.height * 9 / 20).max(3).min(main.height);
        a.search = Some(Rect { height: panel_h, ..main });
        // The active pane shows the selected hit.
        let reader = Rect { y: main.y + panel_h, height: main.height - panel_h, ..main };
        let k = usize::from(app.on_second && app.second.is_some());
        a.panes[k] = (reader.height > 0).then_some(reader);
        a.results = super::view_search::results_area(app, a.search.unwrap_or_default());
        return a;
    }
    let (tree, reader) = if w >= TWO_PANES_FROM {
        let tw = (w / 4).clamp(18, 32);
        (Some(Rect { width: tw, ..main }), Some(Rect { x: main.x + tw + 1, width: main.width - tw - 1, ..main }))
    } else if app.focus == Focus::Tree {
        (Some(main), None)
    } else {
        (None, Some(main))
    };
    a.tree = tree;
    if let Some(r) = reader {
        if app.second.is_some() {
            // Two reports side by side (or one above the other, a rule between, when narrow).
            if r.width >= 60 {
                let lw = (r.width - 1) / 2;
                a.panes = [Some(Rect { width: lw, ..r }), Some(Rect { x: r.x + lw + 1, width: r.width - lw - 1, ..r })];
            } else {
                let th = r.height / 2;
                a.panes = [
                    Some(Rect { height: th, ..r }),
                    Some(Rect { y: r.y + th + 1, height: (r.height - th).saturating_sub(1), ..r }),
                ];
            }
        } else {
            a.panes[0] = Some(r);
        }
    }
    a
}

pub fn draw(app: &App, frame: &mut Frame) {
    let a = app.areas;
    let area = frame.area();
    let buf = frame.buffer_mut();
    if a.too_small || area.width != app.size.0 || area.height != app.size.1 {
        put(buf, area.x, area.y, "窗口太小", area.width as usize, Style::default(), app.amb);
        return;
    }
    if let Some(s) = a.search {
        super::view_search::draw_search(app, buf, s);
    }
    if let Some(t) = a.tree {
        draw_tree(app, buf, t);
        if a.panes[0].is_some() {
            for y in t.y..t.y + t.height {
                put(buf, t.x + t.width, y, rule(app, "│"), 1, app.theme.separator, app.amb);
            }
        }
    }
    let comparing = a.panes[0].is_some() && a.panes[1].is_some();
    for (k, area) in a.panes.iter().enumerate() {
        let (Some(area), Some(pane)) = (area, app.pane_at(k)) else { continue };
        // The active pane's cursor is marked, wherever the focus is: it is what y acts on.
        draw_pane(app, buf, *area, pane, !comparing || app.on_second == (k == 1));
    }
    if comparing && let (Some(l), Some(r)) = (a.panes[0], a.panes[1]) {
        let style = |on: bool| if on { app.theme.accent } else { app.theme.separator };
        if l.y == r.y {
            for y in l.y..l.y + l.height {
                put(buf, l.x + l.width, y, rule(app, "┃"), 1, style(app.on_second), app.amb);
            }
        } else {
            let line = rule(app, "━").repeat(l.width as usize);
            put(buf, l.x, l.y + l.height, &line, l.width as usize, style(app.on_second), app.amb);
        }
    }
    if app.main.is_none() && a.panes[0].is_some() {
        let r = a.panes[0].unwrap_or_default();
        put(buf, r.x, r.y, "没有打开的报告", r.width as usize, Style::default(), app.amb);
    }
    if let Some(s) = a.study {
        super::view_study::draw_study(app, buf, s);
        super::view_targets::draw_targets(app, buf, s);
    }
    draw_status(app, buf, a.status);
    if let Mode::Popup(p) = &app.mode {
        super::view_popup::draw_popup(app, frame, p);
    }
}

/// A line-drawing char, or its ASCII stand-in where ambiguous chars are drawn wide (box
/// drawing is ambiguous, so it would take two cells).
fn rule(app: &App, c: &'static str) -> &'static str {
    match (app.amb, c) {
        (crate::layout::Ambiguous::Narrow, _) => c,
        (_, "━") => "-",
        _ => "|",
    }
}

/// The first visible row of the tree in `area` (its scroll offset): the cursor in the middle.
pub fn tree_first(app: &App, area: Rect) -> usize {
    let vis = app.tree.visible();
    let h = tree_rows(app, area) as usize;
    let cur = vis.iter().position(|&n| n == app.tree.cursor).unwrap_or(0);
    cur.saturating_sub(h.saturating_sub(1) / 2).min(vis.len().saturating_sub(h))
}

fn filtering(app: &App) -> bool {
    matches!(app.mode, Mode::Filter(_)) || !app.tree_filter_text.is_empty()
}

fn tree_rows(app: &App, area: Rect) -> u16 {
    if filtering(app) && area.height > 1 { area.height - 1 } else { area.height }
}

fn draw_tree(app: &App, buf: &mut Buffer, area: Rect) {
    let vis = app.tree.visible();
    let rows = tree_rows(app, area);
    if rows < area.height {
        // The filter line, at the bottom of the tree while filtering.
        let (text, style) = match &app.mode {
            Mode::Filter(e) => (e.text.as_str(), app.theme.accent),
            _ => (app.tree_filter_text.as_str(), app.theme.dim),
        };
        let line = crate::layout::fit(&format!("过滤：{text}"), area.width as usize, app.amb);
        put(buf, area.x, area.y + rows, &line, area.width as usize, style, app.amb);
        if vis.is_empty() {
            put(buf, area.x, area.y, "没有匹配", area.width as usize, app.theme.dim, app.amb);
            return;
        }
    }
    let first = tree_first(app, area);
    let open = app.main_report();
    for (row, &n) in vis.iter().enumerate().skip(first).take(rows as usize) {
        let node = &app.tree.nodes[n];
        let mark = match (&node.kind, node.expanded || filtering(app)) {
            (NodeKind::Report(i), _) if open == Some(*i) => "•",
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
}

pub(super) fn row_style(theme: &super::theme::Theme, kind: RowKind) -> Style {
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

/// One report pane: the gutter (marking the cursor paragraph when `marked`), then the rows.
fn draw_pane(app: &App, buf: &mut Buffer, area: Rect, pane: &Pane, marked: bool) {
    let Some(report) = app.corpus.get(pane.report) else { return };
    let Some(layout) = pane.layout() else { return };
    if marked && let Some((a, b)) = pane.screen_rows_of(pane.cursor) {
        for y in a..b.min(area.height as usize) {
            put_cells(buf, area.x, area.y + y as u16, " ", GUTTER, app.theme.cursor, app.amb);
        }
    }
    let left = area.x + GUTTER as u16;
    let right = area.x + area.width;
    let indent_w = str_width(INDENT, app.amb) as u16;
    for (i, row) in layout.rows.iter().skip(pane.top).take(area.height as usize).enumerate() {
        let y = area.y + i as u16;
        let mut x = left;
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
        let hl: Vec<usize> = match row.source {
            Source::Para(p) if app.highlight.is_some() => app
                .highlights(pane.report, p)
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
}

fn draw_status(app: &App, buf: &mut Buffer, area: Rect) {
    let style = app.theme.status;
    // Writing hits: the status line asks where, or whether to overwrite.
    if let Some((panel, export)) = app.panel().and_then(|p| p.export.as_ref().map(|e| (p, e))) {
        let words = crate::words::export_words(crate::words::Lang::Zh);
        let w = area.width as usize;
        for x in area.x..area.x + area.width {
            buf[(x, area.y)].set_symbol(" ").set_style(style);
        }
        match export {
            super::search::Export::Path(e) => {
                let ask = format!(" {}", words.what(panel.marked.len(), panel.hits.len()));
                let x = put(buf, area.x, area.y, &ask, w, style, app.amb);
                let room = w.saturating_sub((x - area.x) as usize + 1);
                // The end of a long path stays in view, where the cursor is.
                let shown = crate::layout::truncate_start(&sanitize(&e.text), room, app.amb);
                let cx = put(buf, x, area.y, &shown, room, style, app.amb);
                // The cursor stands before what follows it, counted from the end (the start
                // of a long path may be cut).
                let after: String = e.text.chars().skip(e.cursor).collect();
                let at = cx.saturating_sub(crate::layout::str_width(&sanitize(&after), app.amb) as u16).max(x);
                if at < area.x + area.width {
                    buf[(at, area.y)].set_style(style.add_modifier(Modifier::REVERSED));
                }
            }
            super::search::Export::Confirm(e) => {
                put(buf, area.x, area.y, &format!(" {}", words.overwrite(e.text.trim())), w, style, app.amb);
            }
        }
        return;
    }
    let mut parts: Vec<String> = Vec::new();
    if let (Some(r), Some((_, para))) = (app.report(), app.cursor()) {
        parts.push(r.meta.place.clone().unwrap_or_else(|| "?".into()));
        if let Some(y) = r.meta.year {
            parts.push(y.to_string());
        }
        let crumbs: Vec<&str> = r.breadcrumb(para).iter().filter(|s| s.level <= 3).map(|s| s.title.as_str()).collect();
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
                "载入中 [{}{}] {fd}/{ft} 个文件 · {bd:.1}/{bt:.1} MB · {:.0} MB/s",
                "█".repeat(filled),
                "░".repeat(bar_w - filled),
                bd / secs
            ),
        );
    } else if !app.corpus.problems.is_empty() {
        parts.push(format!("跳过 {} 个文件（!）", app.corpus.problems.len()));
    }
    // The other report of a comparison, and where it is (side by side, or stacked).
    let other = usize::from(!app.on_second);
    if let (Some(_), Some(p), Some(at)) = (&app.second, app.pane_at(other), app.areas.panes[other]) {
        let first = app.areas.panes[1 - other].is_none_or(|a| (at.x, at.y) < (a.x, a.y));
        let stacked = app.areas.panes[0].zip(app.areas.panes[1]).is_some_and(|(a, b)| a.x == b.x);
        let side = match (stacked, first) {
            (false, true) => "左",
            (false, false) => "右",
            (true, true) => "上",
            (true, false) => "下",
        };
        parts.push(format!("对照 {}（{side}栏）", app.corpus[p.report].label()));
    }
    let pct = if app.focus == Focus::Reader || app.areas.panes[0].is_some() {
        format!(" {}% ", app.percent())
    } else {
        " ".to_string()
    };
    // In a research view q and Esc go back, and ? is not there: say the way back.
    let right = match (&app.mode, area.width >= 60) {
        (Mode::Study(_) | Mode::Targets(_), _) => format!("{pct} {}返回 ", app.key("close")),
        (_, true) => format!("{pct} {}帮助 {}退出 ", app.key("help"), app.key("quit")),
        (_, false) => pct,
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
