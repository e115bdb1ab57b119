//! Drawing the targets view: a title, the legend, the table (a label column, then a
//! column per year, as many as fit around the chosen one), the chosen cell's targets,
//! sentence and outcome under it, and the keys. The table comes from
//! [`super::targets::Targets::table`]; this only places and styles it.

use super::app::{App, Mode};
use super::cells::put;
use super::targets::{By, Cell, Targets, cell_text};
use crate::corpus::targets::{Found, shown};
use crate::layout::{fit, sanitize, str_width, truncate};
use crate::words::{Lang, TargetsWords, indicator_label, target_outcome, targets_words};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

/// The widest a year's column grows (a longer cell is cut with "…").
const MAX_COL: usize = 14;

pub fn draw_targets(app: &App, buf: &mut Buffer, area: Rect) {
    let Mode::Targets(t) = &app.mode else { return };
    let lang = Lang::Zh;
    let words = targets_words(lang);
    let (amb, width) = (app.amb, area.width as usize);
    if area.height < 8 || width < 20 {
        return;
    }
    let Some(found) = &t.found else {
        put(buf, area.x, area.y, &format!(" {}", words.title), width, app.theme.accent, amb);
        let what = if t.failed { words.failed } else { words.computing };
        put(buf, area.x + 1, area.y + 1, what, width - 1, app.theme.dim, amb);
        return;
    };
    let (table, row, col) = t.table(&app.corpus, lang);
    // The title: what the rows are, and the filter when there is one.
    let subject = match t.by {
        By::Indicators => format!("{} · {}", t.place.as_deref().unwrap_or("?"), words.by_indicator),
        By::Places => {
            let i = t.shown_indicator(found).map_or(words.no_targets, |i| indicator_label(i, lang));
            format!("{i} · {}", words.by_place)
        }
    };
    let mut title = format!(" {} · {subject}", words.title);
    if t.editing.is_some() || !t.filter.is_empty() {
        let text = t.editing.as_ref().map_or(t.filter.as_str(), |e| e.text.as_str());
        title = format!("{title}  {}{}", words.filter, sanitize(text));
    }
    put(buf, area.x, area.y, &title, width, app.theme.accent, amb);
    put(buf, area.x + 1, area.y + 1, words.legend, width - 1, app.theme.dim, amb);
    let bottom = area.y + area.height - 1;
    super::view_study::hints(app, buf, area.x + 1, bottom, width - 1, &words.keys);
    // Three lines about the chosen cell over the hints, a blank over them.
    let detail_y = bottom - 3;
    let top = area.y + 3;
    if table.rows.is_empty() {
        let why = if t.filter.is_empty() { words.none_here } else { words.none_matching };
        put(buf, area.x + 1, top, why, width - 1, app.theme.dim, amb);
        return;
    }
    let texts: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| sanitize(&cell_text(c, found, lang)).into_owned()).collect())
        .collect();
    let labels: Vec<String> = table.rows.iter().map(|r| sanitize(&r.label).into_owned()).collect();
    let label_w = labels.iter().map(|l| str_width(l, amb)).max().unwrap_or(0).clamp(4, (width / 3).max(4));
    // Each year's column as wide as its widest cell (a year's four digits at least).
    let n = table.years.len();
    let col_w: Vec<usize> =
        (0..n).map(|c| texts.iter().map(|r| str_width(&r[c], amb)).max().unwrap_or(0).clamp(4, MAX_COL) + 1).collect();
    // The years that fit: the chosen one, those before it, then those after; two columns
    // kept for the ">" that says more years follow.
    let room = width.saturating_sub(label_w + 4);
    let sel = col.unwrap_or(n.saturating_sub(1));
    let (mut first, mut end, mut used) = (sel, (sel + 1).min(n), col_w.get(sel).copied().unwrap_or(0));
    while first > 0 && used + col_w[first - 1] <= room {
        first -= 1;
        used += col_w[first];
    }
    while end < n && used + col_w[end] <= room {
        used += col_w[end];
        end += 1;
    }
    let cols = first..end;
    let x0 = area.x + 1 + label_w as u16 + 1;
    let col_x = |c: usize| x0 + col_w[first..c].iter().sum::<usize>() as u16;
    // The head row: the years, and marks where years are left out.
    let head_y = area.y + 2;
    if first > 0 {
        put(buf, x0 - 2, head_y, "<", 1, app.theme.dim, amb);
    }
    if end < n {
        let x = col_x(end);
        if (x as usize) < (area.x as usize + width) {
            put(buf, x, head_y, ">", 1, app.theme.dim, amb);
        }
    }
    for c in cols.clone() {
        let style = if Some(c) == col { app.theme.accent } else { app.theme.dim };
        put(buf, col_x(c), head_y, &table.years[c].to_string(), col_w[c] - 1, style, amb);
    }
    // The rows that fit, scrolled to keep the chosen one in view.
    let rows_room = detail_y.saturating_sub(top + 1) as usize;
    let chosen = row.unwrap_or(0);
    let skip = chosen.saturating_sub(rows_room.saturating_sub(1));
    for (k, r) in (skip..table.rows.len()).take(rows_room).enumerate() {
        let y = top + k as u16;
        let label_style = if r == chosen { app.theme.accent } else { app.theme.tree_place };
        put(buf, area.x + 1, y, &fit(&labels[r], label_w, amb), label_w, label_style, amb);
        for c in cols.clone() {
            let (x, w) = (col_x(c), col_w[c] - 1);
            let text = truncate(&texts[r][c], w, amb);
            let mut style = match table.rows[r].cells[c] {
                Cell::NoTargets(_) | Cell::NotSet(_) => app.theme.dim,
                _ => ratatui::style::Style::default(),
            };
            if r == chosen && Some(c) == col {
                style = style.add_modifier(Modifier::REVERSED);
                // An empty chosen cell still shows where the cursor is.
                let shown = if text.is_empty() { " ".repeat(w) } else { fit(&text, w, amb) };
                put(buf, x, y, &shown, w, style, amb);
            } else {
                put(buf, x, y, &text, w, style, amb);
            }
        }
    }
    // The chosen cell: its targets, the sentence that sets them, the outcome.
    let cell = table.rows.get(chosen).and_then(|r| col.and_then(|c| r.cells.get(c)));
    let year = col.and_then(|c| table.years.get(c)).copied();
    let (Some(cell), Some(year)) = (cell, year) else { return };
    let lines = detail(t, &table.rows[chosen].label, cell, year, found, &app.corpus, &words, lang);
    for (k, l) in lines.iter().enumerate() {
        let style = if k == 0 { app.theme.tree_place } else { app.theme.dim };
        put(buf, area.x + 1, detail_y + k as u16, &truncate(&sanitize(l), width - 1, amb), width - 1, style, amb);
    }
}

/// The three lines about a cell.
#[allow(clippy::too_many_arguments)]
fn detail(
    t: &Targets,
    label: &str,
    cell: &Cell,
    year: i32,
    found: &[Found],
    corpus: &crate::corpus::Corpus,
    words: &TargetsWords,
    lang: Lang,
) -> [String; 3] {
    let head = match t.by {
        By::Indicators => format!("{} {} · {label}", t.place.as_deref().unwrap_or("?"), crate::words::year(year, lang)),
        By::Places => {
            let i = t.shown_indicator(found).map_or("?", |i| indicator_label(i, lang));
            format!("{label} {} · {i}", crate::words::year(year, lang))
        }
    };
    match cell {
        Cell::NoReport => {
            let place = match t.by {
                By::Indicators => t.place.as_deref(),
                By::Places => Some(label),
            };
            [crate::words::no_report_that_year(place, year, lang), String::new(), String::new()]
        }
        Cell::NoTargets(_) => [head, words.no_target_part.to_string(), String::new()],
        Cell::NotSet(_) => [head, words.not_set_long.to_string(), String::new()],
        Cell::Set(id, ks) => {
            // Two of a row (城镇调查失业率, 城镇登记失业率) say which is which.
            let all: Vec<String> = ks
                .iter()
                .map(|&k| {
                    let t = &found[k].target;
                    match crate::corpus::targets::flavour(&t.words) {
                        Some(f) if ks.len() > 1 => format!("{f} {}", shown(t)),
                        _ => shown(t),
                    }
                })
                .collect();
            let f = &found[ks[0]];
            let sentence = corpus
                .get(*id)
                .and_then(|r| r.paragraphs.get(f.target.paragraph))
                .map(|p| p.text.chars().skip(f.target.start).take(f.target.end - f.target.start).collect::<String>())
                .unwrap_or_default();
            let outcome = match &f.outcome {
                Some(o) => target_outcome(year, &shown(&o.result), year + 1, o.met, lang),
                None => words.no_result.to_string(),
            };
            let [a, b] = crate::words::target_lines(&head, &all, &sentence, f.target.paragraph, lang);
            [a, b, outcome]
        }
    }
}
