//! The user's settings file: $XDG_CONFIG_HOME/baogao/config.toml (or ~/.config/baogao/),
//! or the file named by BAOGAO_CONFIG. Unknown keys and bad values are errors, reported
//! with the file, line and key, before baogao takes over the terminal. Command-line flags
//! win over it. `baogao --print-config` prints the effective settings, defaults included.
//!
//! Pure settings: no terminal types here (the reader turns colours into styles).

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// How wide East Asian ambiguous characters are drawn.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum AmbiguousSetting {
    Narrow,
    Wide,
    #[default]
    Auto,
}

/// Which reports a new search covers.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ScopeSetting {
    #[default]
    All,
    Place,
    Report,
}

/// How the tree groups reports.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Grouping {
    /// Province › place › year (districts under their city).
    #[default]
    Province,
    /// Place › year, without the province level.
    Place,
}

/// A colour: a name (red, darkgray, lightcyan…), "#rrggbb", or "none" (the terminal's own).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Colour(pub String);

pub const COLOUR_NAMES: &[&str] = &[
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "darkgray",
    "lightred",
    "lightgreen",
    "lightyellow",
    "lightblue",
    "lightmagenta",
    "lightcyan",
    "white",
    "none",
];

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Colour, D::Error> {
        let s = String::deserialize(d)?;
        let l = s.to_ascii_lowercase();
        let hex = l.len() == 7 && l.starts_with('#') && l[1..].chars().all(|c| c.is_ascii_hexdigit());
        if hex || COLOUR_NAMES.contains(&l.as_str()) {
            Ok(Colour(l))
        } else {
            Err(serde::de::Error::custom(format!(
                "unknown colour `{s}`: use a name ({}), #rrggbb or none",
                COLOUR_NAMES.join(", ")
            )))
        }
    }
}

fn c(s: &str) -> Option<Colour> {
    Some(Colour(s.to_string()))
}

/// Colours per element. Unset elements take the defaults.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// No colours at all, only bold, underline and reverse (also when NO_COLOR is set).
    pub monochrome: Option<bool>,
    pub title: Option<Colour>,
    pub meta: Option<Colour>,
    pub heading1: Option<Colour>,
    pub heading2: Option<Colour>,
    pub heading3: Option<Colour>,
    pub glossary: Option<Colour>,
    pub tree_place: Option<Colour>,
    pub highlight_fg: Option<Colour>,
    pub highlight_bg: Option<Colour>,
    pub status_fg: Option<Colour>,
    pub status_bg: Option<Colour>,
    pub accent: Option<Colour>,
    pub dim: Option<Colour>,
}

impl Theme {
    fn defaults() -> Theme {
        Theme {
            monochrome: Some(false),
            title: c("yellow"),
            meta: c("gray"),
            heading1: c("yellow"),
            heading2: c("cyan"),
            heading3: c("none"),
            glossary: c("gray"),
            tree_place: c("cyan"),
            highlight_fg: c("black"),
            highlight_bg: c("yellow"),
            status_fg: c("white"),
            status_bg: c("darkgray"),
            accent: c("yellow"),
            dim: c("gray"),
        }
    }
}

/// Key overrides: an action's name and the key that does it ("]", "ctrl-d", "tab", "f5"…).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Keys {
    pub quit: Option<String>,
    pub help: Option<String>,
    pub switch_focus: Option<String>,
    pub down: Option<String>,
    pub up: Option<String>,
    pub page_down: Option<String>,
    pub page_up: Option<String>,
    pub top: Option<String>,
    pub bottom: Option<String>,
    pub next_section: Option<String>,
    pub prev_section: Option<String>,
    pub next_part: Option<String>,
    pub prev_part: Option<String>,
    pub outline: Option<String>,
    pub search: Option<String>,
    pub next_hit: Option<String>,
    pub prev_hit: Option<String>,
    pub copy: Option<String>,
    pub copy_section: Option<String>,
    pub bookmark: Option<String>,
    pub bookmarks: Option<String>,
    pub problems: Option<String>,
}

impl Keys {
    fn defaults() -> Keys {
        let k = |s: &str| Some(s.to_string());
        Keys {
            quit: k("q"),
            help: k("?"),
            switch_focus: k("tab"),
            down: k("j"),
            up: k("k"),
            page_down: k("space"),
            page_up: k("b"),
            top: k("g"),
            bottom: k("G"),
            next_section: k("]"),
            prev_section: k("["),
            next_part: k("}"),
            prev_part: k("{"),
            outline: k("o"),
            search: k("/"),
            next_hit: k("n"),
            prev_hit: k("N"),
            copy: k("y"),
            copy_section: k("Y"),
            bookmark: k("m"),
            bookmarks: k("'"),
            problems: k("!"),
        }
    }

    /// (action name, key) for every key that is set.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        let all: [(&'static str, &Option<String>); 22] = [
            ("quit", &self.quit),
            ("help", &self.help),
            ("switch_focus", &self.switch_focus),
            ("down", &self.down),
            ("up", &self.up),
            ("page_down", &self.page_down),
            ("page_up", &self.page_up),
            ("top", &self.top),
            ("bottom", &self.bottom),
            ("next_section", &self.next_section),
            ("prev_section", &self.prev_section),
            ("next_part", &self.next_part),
            ("prev_part", &self.prev_part),
            ("outline", &self.outline),
            ("search", &self.search),
            ("next_hit", &self.next_hit),
            ("prev_hit", &self.prev_hit),
            ("copy", &self.copy),
            ("copy_section", &self.copy_section),
            ("bookmark", &self.bookmark),
            ("bookmarks", &self.bookmarks),
            ("problems", &self.problems),
        ];
        all.into_iter().filter_map(|(n, k)| k.as_deref().map(|k| (n, k))).collect()
    }
}

/// Is `key` a key name baogao understands? One char, or ctrl-X, or a named key.
pub fn valid_key(key: &str) -> bool {
    let k = key.strip_prefix("ctrl-").unwrap_or(key);
    k.chars().count() == 1
        || matches!(
            k.to_ascii_lowercase().as_str(),
            "tab" | "enter" | "esc" | "space" | "up" | "down" | "left" | "right" | "pgup" | "pgdn" | "home" | "end"
        )
        || k.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()).is_some_and(|n| (1..=12).contains(&n))
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// narrow, wide or auto (ask the terminal).
    pub ambiguous: Option<AmbiguousSetting>,
    /// all, place or report.
    pub default_scope: Option<ScopeSetting>,
    /// province or place.
    pub tree_grouping: Option<Grouping>,
    #[serde(default)]
    pub keys: Keys,
    #[serde(default)]
    pub theme: Theme,
}

impl Config {
    /// Every setting, with the defaults filled in where the file is silent.
    pub fn effective(&self) -> Config {
        fn or<T: Clone>(a: &Option<T>, b: Option<T>) -> Option<T> {
            a.clone().or(b)
        }
        let (dk, dt) = (Keys::defaults(), Theme::defaults());
        let k = &self.keys;
        let t = &self.theme;
        Config {
            ambiguous: Some(self.ambiguous.unwrap_or_default()),
            default_scope: Some(self.default_scope.unwrap_or_default()),
            tree_grouping: Some(self.tree_grouping.unwrap_or_default()),
            keys: Keys {
                quit: or(&k.quit, dk.quit),
                help: or(&k.help, dk.help),
                switch_focus: or(&k.switch_focus, dk.switch_focus),
                down: or(&k.down, dk.down),
                up: or(&k.up, dk.up),
                page_down: or(&k.page_down, dk.page_down),
                page_up: or(&k.page_up, dk.page_up),
                top: or(&k.top, dk.top),
                bottom: or(&k.bottom, dk.bottom),
                next_section: or(&k.next_section, dk.next_section),
                prev_section: or(&k.prev_section, dk.prev_section),
                next_part: or(&k.next_part, dk.next_part),
                prev_part: or(&k.prev_part, dk.prev_part),
                outline: or(&k.outline, dk.outline),
                search: or(&k.search, dk.search),
                next_hit: or(&k.next_hit, dk.next_hit),
                prev_hit: or(&k.prev_hit, dk.prev_hit),
                copy: or(&k.copy, dk.copy),
                copy_section: or(&k.copy_section, dk.copy_section),
                bookmark: or(&k.bookmark, dk.bookmark),
                bookmarks: or(&k.bookmarks, dk.bookmarks),
                problems: or(&k.problems, dk.problems),
            },
            theme: Theme {
                monochrome: or(&t.monochrome, dt.monochrome),
                title: or(&t.title, dt.title),
                meta: or(&t.meta, dt.meta),
                heading1: or(&t.heading1, dt.heading1),
                heading2: or(&t.heading2, dt.heading2),
                heading3: or(&t.heading3, dt.heading3),
                glossary: or(&t.glossary, dt.glossary),
                tree_place: or(&t.tree_place, dt.tree_place),
                highlight_fg: or(&t.highlight_fg, dt.highlight_fg),
                highlight_bg: or(&t.highlight_bg, dt.highlight_bg),
                status_fg: or(&t.status_fg, dt.status_fg),
                status_bg: or(&t.status_bg, dt.status_bg),
                accent: or(&t.accent, dt.accent),
                dim: or(&t.dim, dt.dim),
            },
        }
    }

    /// The effective settings as TOML, for `--print-config`.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(&self.effective()).unwrap_or_default()
    }
}

/// Where the config file is looked for.
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("BAOGAO_CONFIG") {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("baogao").join("config.toml"))
}

/// Parse config text; the error names the line and the key.
pub fn parse(text: &str) -> Result<Config, String> {
    let config: Config = toml::from_str(text).map_err(|e| {
        // toml's message spans lines (position, a snippet, the reason): keep the first and last.
        let msg = e.to_string();
        let lines: Vec<&str> = msg.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        match (lines.first(), lines.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}: {b}"),
            _ => msg.trim().to_string(),
        }
    })?;
    for (name, key) in config.keys.pairs() {
        if !valid_key(key) {
            let line = text.lines().position(|l| l.trim_start().starts_with(name)).map_or(0, |i| i + 1);
            return Err(format!(
                "line {line}: key `keys.{name}`: unknown key name `{key}` (one char, ctrl-x, tab, enter, esc, space, arrows, pgup, pgdn, home, end, f1–f12)"
            ));
        }
    }
    Ok(config)
}

/// Load the config file. A missing file is the defaults; a bad one is an error naming it.
pub fn load() -> Result<Config, String> {
    let Some(p) = path() else { return Ok(Config::default()) };
    match std::fs::read_to_string(&p) {
        Ok(text) => parse(&text).map_err(|e| format!("config {}: {e}", p.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(format!("config {}: {e}", p.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_key() {
        assert_eq!(parse("ambiguous = \"wide\"\n").unwrap().ambiguous, Some(AmbiguousSetting::Wide));
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_line_and_key() {
        let e = parse("ambiguous = \"narrow\"\ncolour = 3\n").unwrap_err();
        assert!(e.contains("line 2") && e.contains("colour"), "{e}");
        let e = parse("ambiguous = \"huge\"\n").unwrap_err();
        assert!(e.contains("line 1") && e.contains("huge"), "{e}");
        let e = parse("[theme]\ntitle = \"puce\"\n").unwrap_err();
        assert!(e.contains("line 2") && e.contains("puce"), "{e}");
        let e = parse("[keys]\nnext_secton = \"]\"\n").unwrap_err();
        assert!(e.contains("line 2") && e.contains("next_secton"), "{e}");
        let e = parse("[keys]\nquit = \"ctrl-what\"\n").unwrap_err();
        assert!(e.contains("line 2") && e.contains("keys.quit"), "{e}");
    }

    #[test]
    fn keymap_themes_and_the_effective_config() {
        let c = parse(
            "default_scope = \"report\"\ntree_grouping = \"place\"\n[keys]\nnext_section = \"n\"\nquit = \"ctrl-q\"\n[theme]\nheading1 = \"#ff8800\"\nmonochrome = true\n",
        )
        .unwrap();
        let e = c.effective();
        assert_eq!(e.keys.next_section.as_deref(), Some("n"));
        assert_eq!(e.keys.prev_section.as_deref(), Some("["));
        assert_eq!(e.theme.heading1, Some(Colour("#ff8800".into())));
        assert_eq!(e.theme.monochrome, Some(true));
        let toml = c.to_toml();
        assert!(toml.contains("default_scope = \"report\"") && toml.contains("next_section = \"n\""), "{toml}");
        // What --print-config prints is itself a valid config giving the same settings.
        assert_eq!(parse(&toml).unwrap().effective(), e);
    }
}
