//! Styles for each element, from the config's colours, or without colour at all when the
//! theme is monochrome or NO_COLOR is set.

use crate::config::{self, Colour};
use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Debug)]
pub struct Theme {
    pub title: Style,
    pub meta: Style,
    pub heading: [Style; 3],
    pub glossary: Style,
    pub tree_group: Style,
    pub tree_place: Style,
    pub highlight: Style,
    pub status: Style,
    pub accent: Style,
    pub dim: Style,
    pub separator: Style,
    /// The gutter cells beside the cursor paragraph.
    pub cursor: Style,
}

fn colour(c: &Option<Colour>) -> Option<Color> {
    let s = c.as_ref()?.0.as_str();
    Some(match s {
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" => Color::Gray,
        "darkgray" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        hex if hex.starts_with('#') && hex.len() == 7 => {
            let v = u32::from_str_radix(&hex[1..], 16).ok()?;
            Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
        }
        _ => return None, // "none": the terminal's own colour
    })
}

fn fg(c: &Option<Colour>) -> Style {
    colour(c).map_or(Style::default(), |c| Style::default().fg(c))
}

impl Theme {
    /// The theme from the effective config; `no_color` (NO_COLOR set) forces monochrome.
    pub fn new(t: &config::Theme, no_color: bool) -> Theme {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        if no_color || t.monochrome == Some(true) {
            return Theme {
                title: bold,
                meta: Style::default(),
                heading: [bold.add_modifier(Modifier::UNDERLINED), bold, bold],
                glossary: Style::default(),
                tree_group: bold,
                tree_place: Style::default(),
                highlight: Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
                status: Style::default().add_modifier(Modifier::REVERSED),
                accent: bold,
                dim: Style::default(),
                separator: Style::default(),
                cursor: Style::default().add_modifier(Modifier::REVERSED),
            };
        }
        let mut status = fg(&t.status_fg);
        if let Some(bg) = colour(&t.status_bg) {
            status = status.bg(bg);
        }
        let mut highlight = fg(&t.highlight_fg).add_modifier(Modifier::BOLD);
        match colour(&t.highlight_bg) {
            Some(bg) => highlight = highlight.bg(bg),
            None => highlight = highlight.add_modifier(Modifier::REVERSED),
        }
        Theme {
            title: fg(&t.title).add_modifier(Modifier::BOLD),
            meta: fg(&t.meta),
            heading: [
                fg(&t.heading1).add_modifier(Modifier::BOLD),
                fg(&t.heading2).add_modifier(Modifier::BOLD),
                fg(&t.heading3).add_modifier(Modifier::BOLD),
            ],
            glossary: fg(&t.glossary),
            tree_group: bold,
            tree_place: fg(&t.tree_place),
            highlight,
            status,
            accent: fg(&t.accent).add_modifier(Modifier::BOLD),
            dim: fg(&t.dim),
            separator: fg(&t.dim),
            cursor: Style::default().bg(colour(&t.dim).unwrap_or(Color::DarkGray)),
        }
    }
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::new(&config::Config::default().effective().theme, false)
    }
}

/// Is NO_COLOR set (to anything but the empty string)? See no-color.org.
pub fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}
