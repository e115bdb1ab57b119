//! A backend wrapper for terminals that draw East Asian ambiguous characters (“ · … ▶) two
//! cells wide.
//!
//! baogao gives such a char two cells and leaves the second one to the terminal (it is
//! never written). xterm, though, paints only the first cell of a wide char drawn from a
//! narrow font: the second keeps whatever was there, an old half-glyph or the wrong
//! background (a hole in the status bar). So before each such char this writes a blank, in
//! the char's own colours, into the cell it will cover, then the char over both.

use crate::layout::{Ambiguous, char_width};
use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

///
/// It also never asks the terminal where its cursor is. ratatui asks (a cursor-position
/// report, `ESC[6n`) only to put the cursor back after `Terminal::clear`; the reader owns the
/// whole screen and hides the cursor, so the last position it set is answer enough. A
/// terminal that does not answer the query made the start (and every `fg`) fail after 2 s.
///
/// And a frame that changes nothing writes nothing: ratatui hides (or places) the cursor and
/// resets the colours after every frame, so an idle reader, which draws a few times a
/// second, sent ~30 bytes each time (over SSH, a packet each). The cursor's state is
/// forgotten at each `clear`, which every retake of the terminal goes through.
pub struct WideAware<B> {
    inner: B,
    amb: Ambiguous,
    cursor: Position,
    /// Whether the terminal's cursor is hidden, as last set through us; None: not known.
    hidden: Option<bool>,
    /// The terminal's cursor is at `cursor`: set there, and nothing drawn since.
    placed: bool,
}

impl<B> WideAware<B> {
    pub fn new(inner: B, amb: Ambiguous) -> WideAware<B> {
        WideAware { inner, amb, cursor: Position::ORIGIN, hidden: None, placed: false }
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }

    /// The terminal may have been changed behind our back (the screen left and entered
    /// again): set the cursor anew next time.
    fn forget(&mut self) {
        self.hidden = None;
        self.placed = false;
    }
}

/// Is `symbol` one char that we draw two cells wide but ratatui counts as one?
fn covers_next(symbol: &str, amb: Ambiguous) -> bool {
    let mut chars = symbol.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => char_width(c, amb) == 2 && unicode_width::UnicodeWidthChar::width(c).unwrap_or(1) == 1,
        _ => false,
    }
}

/// The cells to send for `content`: each ambiguous wide char preceded by a blank in the
/// cell it covers (when that cell is on screen, width `w`).
pub fn with_covered_cells<'a>(
    content: impl Iterator<Item = (u16, u16, &'a Cell)>,
    amb: Ambiguous,
    w: u16,
) -> Vec<(u16, u16, Cell)> {
    let mut out = Vec::new();
    for (x, y, cell) in content {
        if amb == Ambiguous::Wide && x + 1 < w && covers_next(cell.symbol(), amb) {
            let mut blank = cell.clone();
            blank.set_symbol(" ");
            out.push((x + 1, y, blank));
        }
        out.push((x, y, cell.clone()));
    }
    out
}

impl<B: Backend> Backend for WideAware<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut content = content.peekable();
        if content.peek().is_none() {
            return Ok(());
        }
        self.placed = false;
        if self.amb == Ambiguous::Narrow {
            return self.inner.draw(content);
        }
        let w = self.inner.size()?.width;
        let cells = with_covered_cells(content, self.amb, w);
        self.inner.draw(cells.iter().map(|(x, y, c)| (*x, *y, c)))
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.placed = false;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        if self.hidden == Some(true) {
            return Ok(());
        }
        self.inner.hide_cursor()?;
        self.hidden = Some(true);
        Ok(())
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        if self.hidden == Some(false) {
            return Ok(());
        }
        self.inner.show_cursor()?;
        self.hidden = Some(false);
        Ok(())
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        let position = position.into();
        if self.placed && position == self.cursor {
            return Ok(());
        }
        self.inner.set_cursor_position(position)?;
        self.cursor = position;
        self.placed = true;
        Ok(())
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.forget();
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.forget();
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Style};

    #[test]
    fn an_ambiguous_wide_char_first_paints_the_cell_it_covers() {
        let mut dot = Cell::new("·");
        dot.set_style(Style::default().bg(Color::Gray));
        let han = Cell::new("全");
        let a = Cell::new("a");
        let content = [(5u16, 0u16, &dot), (1, 0, &han), (9, 0, &a), (19, 0, &dot)];
        let out = with_covered_cells(content.iter().copied(), Ambiguous::Wide, 20);
        let got: Vec<(u16, &str, Color)> = out.iter().map(|(x, _, c)| (*x, c.symbol(), c.bg)).collect();
        // The blank at 6 carries the dot's background; 全 and a need nothing; the dot at
        // the last column has no cell to cover.
        assert_eq!(
            got,
            [
                (6, " ", Color::Gray),
                (5, "·", Color::Gray),
                (1, "全", Color::Reset),
                (9, "a", Color::Reset),
                (19, "·", Color::Gray)
            ]
        );
        // Narrow terminals get the cells as they are.
        assert_eq!(with_covered_cells(content.iter().copied(), Ambiguous::Narrow, 20).len(), 4);
    }
}
