//! Writing text into cells by our own width function, not ratatui's: in wide mode an
//! ambiguous char (“ · …) takes two cells and the cell it covers is left to the terminal.

use crate::layout::{Ambiguous, char_width, sanitize, truncate};
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::style::Style;

/// Put sanitised text at (x, y), cut to `max` columns with a trailing … when cut.
/// Cells are placed by our own width function, not ratatui's, so that in wide mode an
/// ambiguous char (“ …) takes two cells and the cell it covers is left for the terminal.
pub fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, max: usize, style: Style, amb: Ambiguous) -> u16 {
    let clean = sanitize(s);
    let t = truncate(&clean, max, amb);
    put_cells(buf, x, y, &t, max, style, amb)
}

/// Write chars into cells, `max` columns at most; returns the column after the text.
pub fn put_cells(buf: &mut Buffer, mut x: u16, y: u16, s: &str, max: usize, style: Style, amb: Ambiguous) -> u16 {
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
