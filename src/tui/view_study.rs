//! Drawing the research views: the trend as bars (by year, or a row per place) and the
//! concordance with its match column aligned, each over the whole screen but the status
//! line. The text of the chart comes from [`crate::study::chart`]; this only places and
//! styles it.

use super::app::{App, Mode};
use super::cells::{put, put_cells};
use super::study::{Kwic, KwicScope, Study, Trend, TrendScope, View};
use crate::layout::truncate::{context_left, context_right};
use crate::layout::{Ambiguous, char_width, fit, sanitize, str_width, truncate};
use crate::study::chart;
use crate::words::{Lang, StudyWords, rate, study_words, trend_cell, year};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

pub fn draw_study(app: &App, buf: &mut Buffer, area: Rect) {
    let Mode::Study(study) = &app.mode else { return };
    let words = study_words(Lang::Zh);
    match &study.view {
        View::Trend(t) => draw_trend(app, buf, area, study, t, &words),
        View::Kwic(k) => draw_kwic(app, buf, area, study, k, &words),
    }
}

/// The keys of a row for a hint: "←→" for a pair of moves (their arrow keys), else the
/// row's first key.
fn hint_key(app: &App, name: &str) -> String {
    let last = |n: &str| app.keymap.keys(n).last().map(|k| k.label()).unwrap_or_default();
    match name {
        "study_next_year" => format!("{}{}", last("study_prev_year"), last("study_next_year")),
        "down" => format!("{}{}", last("up"), last("down")),
        _ => app.key(name),
    }
}

/// The hint line: each key and what it does here, as many as fit.
pub(super) fn hints(app: &App, buf: &mut Buffer, x: u16, y: u16, width: usize, keys: &[(&str, &str)]) {
    let mut line = String::new();
    for (k, (name, what)) in keys.iter().enumerate() {
        let part = format!("{} {what}", hint_key(app, name));
        let sep = if line.is_empty() { "" } else { "  " };
        // Room for a "…" after it, unless it is the last.
        let more = if k + 1 < keys.len() { 3 } else { 0 };
        if str_width(&line, app.amb) + str_width(sep, app.amb) + str_width(&part, app.amb) + more > width {
            line.push_str("  …");
            break;
        }
        line.push_str(sep);
        line.push_str(&part);
    }
    put(buf, x, y, &line, width, app.theme.dim, app.amb);
}

/// Put one char at (x, y), if it fits before `right`; returns the next column.
fn put_char(buf: &mut Buffer, x: u16, y: u16, c: char, right: u16, style: Style, amb: Ambiguous) -> u16 {
    let mut tmp = [0u8; 4];
    put_cells(buf, x, y, c.encode_utf8(&mut tmp), right.saturating_sub(x) as usize, style, amb)
}

fn scope_label(t: &Trend, words: &StudyWords) -> String {
    match &t.scope {
        TrendScope::All => words.all.to_string(),
        TrendScope::Place(p) | TrendScope::Only(p) => p.clone(),
        TrendScope::ByPlace => words.by_place.to_string(),
    }
}

fn draw_trend(app: &App, buf: &mut Buffer, area: Rect, study: &Study, t: &Trend, words: &StudyWords) {
    let (amb, width) = (app.amb, area.width as usize);
    if area.height < 6 || width < 12 {
        return;
    }
    let title = format!(" {} · {} · {}", words.trend, study.text.trim(), scope_label(t, words));
    put(buf, area.x, area.y, &title, width, app.theme.accent, amb);
    let bottom = area.y + area.height - 1;
    // By place there is no variants' bar to draw: no v.
    let keys: Vec<(&str, &str)> = match t.scope {
        TrendScope::ByPlace => words
            .by_place_keys
            .iter()
            .chain(&words.trend_keys[1..])
            .copied()
            .filter(|(k, _)| *k != "study_variants")
            .collect(),
        _ => words.trend_keys.to_vec(),
    };
    hints(app, buf, area.x + 1, bottom, width.saturating_sub(1), &keys);
    let mut unit = words.unit.to_string();
    if t.variants && t.scope != TrendScope::ByPlace {
        unit = format!("{unit} · {}", words.variants_legend);
    }
    let Some(cells) = &t.cells else {
        let what = if study.failed { words.failed } else { words.computing };
        put(buf, area.x + 1, area.y + 1, what, width.saturating_sub(1), app.theme.dim, amb);
        return;
    };
    if cells.iter().all(|c| c.exact == 0) {
        unit = format!("{unit} · {}", words.nothing);
    }
    put(buf, area.x + 1, area.y + 1, &unit, width.saturating_sub(1), app.theme.dim, amb);
    // Rows between the unit line (and a blank) and the two lines of numbers (and a blank)
    // over the hints.
    let top = area.y + 3;
    let room = bottom.saturating_sub(top + 3);
    let info_y = top + room;
    match t.scope {
        TrendScope::ByPlace => {
            draw_grid(app, buf, Rect { x: area.x, y: top, width: area.width, height: room }, t, cells)
        }
        _ => draw_bars(app, buf, Rect { x: area.x, y: top, width: area.width, height: room }, t, cells),
    }
    // The selected cell's numbers.
    let Some(y) = t.year else { return };
    let cell = cells
        .iter()
        .find(|c| c.year == Some(y) && (t.scope != TrendScope::ByPlace || c.place.is_some() && c.place == t.place));
    let mut head = year(y, Lang::Zh);
    if t.scope == TrendScope::ByPlace
        && let Some(p) = &t.place
    {
        head = format!("{p} {head}");
    }
    let lines = match cell {
        Some(c) => {
            let [a, b] = trend_cell(c, t.variants, Lang::Zh);
            [format!("{head} · {a}"), b]
        }
        None => [format!("{head} · {}", words.gap), String::new()],
    };
    for (k, l) in lines.iter().enumerate() {
        put(buf, area.x + 1, info_y + k as u16, l, width.saturating_sub(1), app.theme.tree_place, amb);
    }
}

/// The bars of a trend by year, with the highest rate and 0 beside them.
fn draw_bars(app: &App, buf: &mut Buffer, area: Rect, t: &Trend, cells: &[crate::study::Cell]) {
    let amb = app.amb;
    if area.height < 3 {
        return;
    }
    // A first pass for the scale's label width, then the chart in the room beside it.
    let probe = chart::years_with(cells, t.year, t.variants, area.width as usize, area.height as usize, amb);
    let top_label = rate(probe.max);
    let lw = str_width(&top_label, amb).max(1) as u16 + 1;
    let x0 = area.x + 1 + lw;
    let room = (area.width as usize).saturating_sub(2 + lw as usize);
    let c = chart::years_with(cells, t.year, t.variants, room, area.height as usize, amb);
    let bars_h = c.rows.len().saturating_sub(2);
    let right = area.x + area.width;
    let label_at = |s: &str, y: u16, buf: &mut Buffer| {
        let w = str_width(s, amb) as u16;
        put(buf, x0.saturating_sub(1 + w), y, s, w as usize, app.theme.dim, amb);
    };
    // No scale when nothing occurs: there is no highest rate to show.
    if bars_h > 0 && c.max > 0.0 {
        label_at(&rate(c.max), area.y, buf);
        label_at("0", area.y + bars_h as u16, buf);
    }
    // Years left out of the window are said with an arrow at that end of the labels.
    let labels_y = area.y + c.rows.len().saturating_sub(1) as u16;
    if c.cut.0 {
        put(buf, x0.saturating_sub(2), labels_y, "<", 1, app.theme.dim, amb);
    }
    if c.cut.1 {
        let cols = c.years.last().map_or(0, |&(_, col)| col + c.bar * if t.variants { 2 } else { 1 });
        let labels = c.rows.last().map_or(0, |r| str_width(r, amb));
        let end = x0 + (cols.max(labels) + 1) as u16;
        if end < right {
            put(buf, end, labels_y, ">", 1, app.theme.dim, amb);
        }
    }
    let group = c.bar * if t.variants { 2 } else { 1 };
    let selected = c.years.iter().find(|(y, _)| Some(*y) == t.year).map(|&(_, col)| col);
    for (r, row) in c.rows.iter().enumerate() {
        let y = area.y + r as u16;
        let (mut x, mut col) = (x0, 0usize);
        for ch in row.chars() {
            let in_sel = selected.is_some_and(|s| col >= s && col < s + group);
            let variant = c.variant_bars.iter().any(|&v| col >= v && col < v + c.bar);
            let on_label = c.label.is_some_and(|(at, w)| col >= at && col < at + w);
            let style = if r == c.rows.len() - 1 {
                if on_label { app.theme.accent } else { app.theme.dim }
            } else if in_sel {
                app.theme.accent
            } else if variant {
                app.theme.dim
            } else {
                Style::default()
            };
            x = put_char(buf, x, y, ch, right, style, amb);
            col += if ch == ' ' { 1 } else { char_width(ch, amb) };
        }
    }
}

/// A row of bars per place, the places' names beside them, the years over them.
fn draw_grid(app: &App, buf: &mut Buffer, area: Rect, t: &Trend, cells: &[crate::study::Cell]) {
    let amb = app.amb;
    if area.height < 2 {
        return;
    }
    let names = crate::study::places_in(cells);
    let widest = names.iter().map(|n| str_width(n.as_deref().unwrap_or("?"), amb)).max().unwrap_or(1);
    let pw = widest.min(12).min(area.width as usize / 3) as u16 + 1;
    let x0 = area.x + 1 + pw;
    let room = (area.width as usize).saturating_sub(2 + pw as usize);
    let rows = (area.height - 1) as usize;
    // As many rows a place as fit (up to 4), so that small differences show.
    let per = (rows / names.len().max(1)).clamp(1, 4);
    let g = chart::places(cells, t.year, room, per, amb);
    put(buf, x0, area.y, &g.labels, room, app.theme.dim, amb);
    if let Some((at, w)) = g.label {
        let label: String = g.labels.chars().skip(at).take(w).collect();
        put(buf, x0 + at as u16, area.y, &label, w, app.theme.accent, amb);
    }
    let fit_places = (rows / per).max(1);
    let sel = t.place.as_ref().and_then(|p| g.places.iter().position(|(q, _)| q.as_ref() == Some(p))).unwrap_or(0);
    let first = sel.saturating_sub(fit_places.saturating_sub(1) / 2).min(g.places.len().saturating_sub(fit_places));
    let sel_col = g.years.iter().find(|(y, _)| Some(*y) == t.year).map(|&(_, c)| c);
    let right = area.x + area.width;
    for (k, (place, bars)) in g.places.iter().enumerate().skip(first).take(fit_places) {
        let top = area.y + 1 + ((k - first) * per) as u16;
        // The name beside the band's bottom row, where its baseline is.
        let name = fit(&sanitize(place.as_deref().unwrap_or("?")), pw as usize - 1, amb);
        let style = if k == sel { app.theme.accent.add_modifier(Modifier::REVERSED) } else { app.theme.tree_place };
        put(buf, area.x + 1, top + per as u16 - 1, &name, pw as usize - 1, style, amb);
        for (r, row) in bars.iter().enumerate() {
            let (mut x, mut col) = (x0, 0usize);
            for ch in row.chars() {
                let in_sel = sel_col.is_some_and(|s| col >= s && col < s + g.bar);
                let style = if in_sel { app.theme.accent } else { Style::default() };
                x = put_char(buf, x, top + r as u16, ch, right, style, amb);
                col += if ch == ' ' { 1 } else { char_width(ch, amb) };
            }
        }
    }
}

fn draw_kwic(app: &App, buf: &mut Buffer, area: Rect, study: &Study, k: &Kwic, words: &StudyWords) {
    let (amb, width) = (app.amb, area.width as usize);
    if area.height < 4 || width < 12 {
        return;
    }
    let scope = match &k.scope {
        KwicScope::All => words.all.to_string(),
        KwicScope::Place(p) => p.clone(),
    };
    let order = words.orders[match k.order {
        crate::study::Order::Place => 0,
        crate::study::Order::Left => 1,
        crate::study::Order::Right => 2,
    }];
    let mut title = format!(" {} · {} · {scope}", words.kwic, study.text.trim());
    if let Some(lines) = &k.lines {
        title = format!("{title} · {} · {order}", crate::words::kwic_count(lines.len(), Lang::Zh));
    }
    put(buf, area.x, area.y, &title, width, app.theme.accent, amb);
    let bottom = area.y + area.height - 1;
    hints(app, buf, area.x + 1, bottom, width.saturating_sub(1), &words.kwic_keys);
    let Some(lines) = &k.lines else {
        let what = if study.failed { words.failed } else { words.computing };
        put(buf, area.x + 1, area.y + 1, what, width.saturating_sub(1), app.theme.dim, amb);
        return;
    };
    if lines.is_empty() {
        put(buf, area.x + 1, area.y + 2, words.nothing, width.saturating_sub(1), app.theme.dim, amb);
        return;
    }
    let rows = (area.height - 3) as usize;
    let first = k.selected.saturating_sub(rows / 2).min(lines.len().saturating_sub(rows));
    let shown = &lines[first..(first + rows).min(lines.len())];
    let label = super::study::kwic_label;
    let layout = KwicLayout::new(k.widest, width);
    for (i, l) in shown.iter().enumerate() {
        let y = area.y + 2 + i as u16;
        let is_sel = first + i == k.selected;
        let row = layout.row(&label(l), &l.shown_left(), &l.matched, &l.shown_right(), amb);
        let base = if is_sel { Style::default().add_modifier(Modifier::BOLD) } else { Style::default() };
        let lab = if is_sel { app.theme.accent.add_modifier(Modifier::REVERSED) } else { app.theme.tree_place };
        let mut x = area.x;
        // The mark takes two columns in either width (▶ is ambiguous).
        put_cells(buf, x, y, if is_sel { "▶ " } else { "  " }, MARK, app.theme.accent, amb);
        x += MARK as u16;
        x = put_cells(buf, x, y, &row.label, layout.label_w, lab, amb);
        x = put_cells(buf, x, y, " ", 1, base, amb);
        x = put_cells(buf, x, y, &row.left, layout.left_w, base, amb);
        x = put_cells(buf, x, y, &row.matched, width, app.theme.highlight, amb);
        put_cells(buf, x, y, &row.right, (area.x + area.width).saturating_sub(x) as usize, base, amb);
    }
}

/// Columns of the selection mark before a concordance row.
const MARK: usize = 2;

/// Where a concordance's columns go at one width: the label (place and year), the left
/// context right-aligned against the match column, the match, the right context.
pub struct KwicLayout {
    pub width: usize,
    pub label_w: usize,
    pub left_w: usize,
}

/// One row's parts, each cut and padded to its column.
pub struct KwicRow {
    pub label: String,
    pub left: String,
    pub matched: String,
    pub right: String,
}

impl KwicLayout {
    /// The columns in `width` for rows whose widest label and match are `widest` (one
    /// columns go to the selection mark, one between the label and the left context).
    pub fn new(widest: (usize, usize), width: usize) -> KwicLayout {
        let (lw, mw) = widest;
        // A place and a year are kept whole down to narrow screens.
        let label_w = lw.min((width / 4).max(12)).max(1);
        let avail = width.saturating_sub(MARK + 1 + label_w);
        let mw = mw.min(avail / 3);
        KwicLayout { width, label_w, left_w: avail.saturating_sub(mw) / 2 }
    }

    /// A row cut to its columns: the match always starts `MARK + label_w + 1 + left_w`
    /// columns in (the left context padded on its left), in either ambiguous width.
    pub fn row(&self, label: &str, left: &str, matched: &str, right: &str, amb: Ambiguous) -> KwicRow {
        let label = fit(&sanitize(label), self.label_w, amb);
        let left = context_left(&sanitize(left), self.left_w, amb);
        let pad = self.left_w.saturating_sub(str_width(&left, amb));
        let left = format!("{}{left}", " ".repeat(pad));
        let after = self.width.saturating_sub(MARK + 1 + self.label_w + self.left_w);
        let matched = truncate(&sanitize(matched), after, amb);
        let rest = after.saturating_sub(str_width(&matched, amb));
        let right = context_right(&sanitize(right), rest, amb);
        KwicRow { label, left, matched, right }
    }
}
