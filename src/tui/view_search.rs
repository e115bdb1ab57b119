//! Drawing the search panel: the query line, the counts, and the hits with snippets.

use super::app::App;
use super::cells::{put, put_cells};
use crate::layout::{char_width, sanitize, str_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

/// Rows per hit in the list: where, then a snippet.
const PER_HIT: usize = 2;

/// The results list inside the panel's `area`: its rect, the first hit shown (so the
/// selected one is in view), and rows per hit.
pub fn results_area(app: &App, area: Rect) -> Option<(Rect, usize, usize)> {
    let panel = app.panel()?;
    if area.height < 3 {
        return None;
    }
    let list = Rect { y: area.y + 2, height: area.height - 2, ..area };
    let visible = (list.height as usize / PER_HIT).max(1);
    let first = panel.selected.saturating_sub(visible - 1);
    Some((list, first, PER_HIT))
}

pub fn draw_search(app: &App, buf: &mut Buffer, area: Rect) {
    let amb = app.amb;
    let w = area.width as usize;
    let Some(panel) = app.panel() else { return };
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
    let line_style = if panel.list_focus { app.theme.dim } else { Style::default() };
    put(buf, x, area.y, shown, avail, line_style, amb);
    x += (before - skipped.min(before)) as u16;
    // The cursor, while the line has the keys.
    if x < area.x + area.width && !panel.list_focus && panel.export.is_none() {
        // The cursor: a reversed cell (the terminal cursor stays hidden).
        let cell = &mut buf[(x, area.y)];
        cell.set_style(Style::default().add_modifier(Modifier::REVERSED));
    }
    if area.height < 2 {
        return;
    }
    // Counts line.
    let lang = crate::words::Lang::Zh;
    // More may come: the query runs, or the folder is still loading (its results answer the
    // reports loaded so far).
    let more = panel.busy() || app.is_loading();
    let counts =
        crate::words::counts(panel.exact, panel.found.saturating_sub(panel.exact), more, panel.exact_only, lang);
    // The scope, narrowed by a trend to a place (in the scope's stead) or a year.
    let mut scope = if panel.within.place.is_some() { String::new() } else { panel.scope.label().to_string() };
    let within = panel.within.label(lang);
    if !within.is_empty() {
        if !scope.is_empty() {
            scope.push_str(" · ");
        }
        scope.push_str(&within);
    }
    let mut info = match &panel.retried {
        Some((asked, pinyin)) => {
            format!(" {} · {} ", crate::words::retried(asked, pinyin, panel.exact, lang), scope)
        }
        // Nothing typed yet: no count that reads like a search that failed.
        None if panel.input.text.trim().is_empty() => format!(" 输入要找的词 · {scope} "),
        // The shown hits answer an earlier query: no count that reads as this one's.
        None if panel.shown_generation < panel.asked => format!(" {scope} "),
        None => format!(" {counts} · {scope} "),
    };
    if more && !panel.input.text.trim().is_empty() {
        info.push_str("· 搜索中… ");
    }
    let words = crate::words::export_words(lang);
    // While the status line asks where to write, what went wrong is said here.
    if panel.export.is_some()
        && let Some((msg, at)) = &app.message
        && at.elapsed() < std::time::Duration::from_secs(10)
    {
        info = format!(" {msg} ");
    }
    if !panel.marked.is_empty() {
        info.push_str(&format!("· {} {} ", words.marked, panel.marked.len()));
    }
    if panel.list_focus {
        let key = |n: &str| app.key(n);
        let [mark, write, back] = words.list_keys;
        info.push_str(&format!(
            "· {} {mark} · {} {write} · {} {back} ",
            key("mark"),
            key("write"),
            key("results_list")
        ));
    }
    // Only as many as the line can show.
    let per: Vec<String> =
        panel.counts.iter().take(w / 6 + 1).map(|(r, n)| format!("{}：{n}", app.corpus[*r].label())).collect();
    if !per.is_empty() {
        info.push_str("· ");
        info.push_str(&per.join(" · "));
    }
    let dim = app.theme.dim;
    put(buf, area.x, area.y + 1, &info, w, app.theme.tree_place, amb);
    // Results, two rows each: where, then a snippet.
    let Some((_, first, per_hit)) = results_area(app, area) else { return };
    let visible = (area.height.saturating_sub(2) as usize / per_hit).max(1);
    let selected = panel.selected;
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
        let r = &app.corpus[hit.report];
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
        // Once something is marked, every row keeps a column for the mark, so rows align.
        if !panel.marked.is_empty() {
            let marked = panel.marked.contains(&(hit.report, hit.paragraph));
            head = format!("{} {head}", if marked { "*" } else { " " });
        }
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
}
