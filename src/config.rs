//! The user's settings file: $XDG_CONFIG_HOME/baogao/config.toml (or ~/.config/baogao/),
//! or the file named by BAOGAO_CONFIG. Unknown keys and bad values are errors, reported
//! with the file, line and key, before baogao takes over the terminal. Command-line flags
//! win over it. `baogao --print-config` prints the effective settings, defaults included.
//!
//! Pure settings: no terminal types here (the reader turns colours into styles).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
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

/// The actions a key can be bound to in `[keys]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyAction {
    Quit,
    Help,
    SwitchFocus,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    NextSection,
    PrevSection,
    NextPart,
    PrevPart,
    Outline,
    Search,
    NextHit,
    PrevHit,
    Copy,
    CopySection,
    Bookmark,
    Bookmarks,
    Problems,
}

impl KeyAction {
    /// The name used in the config file ("next_section").
    pub fn name(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
    }
}

/// Key overrides: action → key ("]", "ctrl-d", "tab", "f5"…). An unknown action is an error.
pub type Keys = BTreeMap<KeyAction, String>;

const DEFAULT_KEYS: [(KeyAction, &str); 22] = [
    (KeyAction::Quit, "q"),
    (KeyAction::Help, "?"),
    (KeyAction::SwitchFocus, "tab"),
    (KeyAction::Down, "j"),
    (KeyAction::Up, "k"),
    (KeyAction::PageDown, "space"),
    (KeyAction::PageUp, "b"),
    (KeyAction::Top, "g"),
    (KeyAction::Bottom, "G"),
    (KeyAction::NextSection, "]"),
    (KeyAction::PrevSection, "["),
    (KeyAction::NextPart, "}"),
    (KeyAction::PrevPart, "{"),
    (KeyAction::Outline, "o"),
    (KeyAction::Search, "/"),
    (KeyAction::NextHit, "n"),
    (KeyAction::PrevHit, "N"),
    (KeyAction::Copy, "y"),
    (KeyAction::CopySection, "Y"),
    (KeyAction::Bookmark, "m"),
    (KeyAction::Bookmarks, "'"),
    (KeyAction::Problems, "!"),
];

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
    /// How y / Y reach the clipboard: auto, osc52, tmux, command or off.
    pub clipboard: Option<crate::clipboard::Method>,
    /// The command for clipboard = "command" (with auto, used instead of the one baogao
    /// finds): no shell, words split at spaces, the text on its stdin. Unset by default.
    pub clipboard_command: Option<String>,
    #[serde(default)]
    pub keys: Keys,
    #[serde(default)]
    pub theme: Theme,
}

impl Config {
    /// Every setting at its default.
    fn defaults() -> Config {
        Config {
            ambiguous: Some(AmbiguousSetting::default()),
            default_scope: Some(ScopeSetting::default()),
            tree_grouping: Some(Grouping::default()),
            clipboard: Some(crate::clipboard::Method::default()),
            clipboard_command: None,
            keys: DEFAULT_KEYS.iter().map(|&(a, k)| (a, k.to_string())).collect(),
            theme: Theme::defaults(),
        }
    }

    /// Every setting, with the defaults filled in where the file is silent: the defaults
    /// and the file's settings merged as TOML tables, the file winning.
    pub fn effective(&self) -> Config {
        fn merge(base: &mut toml::Value, over: toml::Value) {
            match (base, over) {
                (toml::Value::Table(b), toml::Value::Table(o)) => {
                    for (k, v) in o {
                        match b.get_mut(&k) {
                            Some(slot) => merge(slot, v),
                            None => {
                                b.insert(k, v);
                            }
                        }
                    }
                }
                (b, o) => *b = o,
            }
        }
        let mut base = toml::Value::try_from(Config::defaults()).expect("the defaults serialise");
        merge(&mut base, toml::Value::try_from(self).expect("settings serialise"));
        base.try_into().expect("defaults merged with valid settings are valid settings")
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
        // toml's message spans lines (position, a snippet, the reason): keep the first and last,
        // and name the key when the reason is about its value.
        let msg = e.to_string();
        let lines: Vec<&str> = msg.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let key = e.span().and_then(|s| key_of_value_at(text, s.start)).filter(|k| !msg.contains(&format!("`{k}`")));
        let key = key.map(|k| format!("key `{k}`: ")).unwrap_or_default();
        match (lines.first(), lines.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}: {key}{b}"),
            _ => format!("{key}{}", msg.trim()),
        }
    })?;
    if let Some(cmd) = &config.clipboard_command
        && let Err(e) = crate::clipboard::check_command(cmd)
    {
        let line = line_of(text, "clipboard_command");
        return Err(format!("line {line}: key `clipboard_command`: {e}"));
    }
    for (action, key) in &config.keys {
        let name = action.name();
        if !valid_key(key) {
            let line = line_of(text, &name);
            return Err(format!(
                "line {line}: key `keys.{name}`: unknown key name `{key}` (one char, ctrl-x, tab, enter, esc, space, arrows, pgup, pgdn, home, end, f1–f12)"
            ));
        }
    }
    Ok(config)
}

/// The key ("theme.title") whose value is at byte `pos` of `text`, if `pos` is in a value.
fn key_of_value_at(text: &str, pos: usize) -> Option<String> {
    let mut table = String::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with('[') {
            table = t.trim_matches(|c| c == '[' || c == ']' || c == ' ').to_string();
        }
        if pos < start + line.len() {
            let eq = line.find('=')?;
            if pos <= start + eq {
                return None;
            }
            let key = line.split('=').next()?.trim().trim_matches('"');
            return Some(if table.is_empty() { key.to_string() } else { format!("{table}.{key}") });
        }
        start += line.len();
    }
    None
}

/// The line (from 1) where `key` is set, 0 if none is found.
fn line_of(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('=')))
        .map_or(0, |i| i + 1)
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
        // A bad value names its key, with the table.
        let e = parse("ambiguous = \"narrow\"\n\n[theme]\ntitle = \"puce\"\n").unwrap_err();
        assert!(e.contains("line 4") && e.contains("key `theme.title`") && e.contains("puce"), "{e}");
    }

    #[test]
    fn the_clipboard_keys() {
        use crate::clipboard::Method;
        assert_eq!(Config::default().effective().clipboard, Some(Method::Auto));
        for (text, m) in
            [("auto", Method::Auto), ("osc52", Method::Osc52), ("tmux", Method::Tmux), ("off", Method::Off)]
        {
            assert_eq!(parse(&format!("clipboard = \"{text}\"\n")).unwrap().clipboard, Some(m));
        }
        let e = parse("ambiguous = \"wide\"\nclipboard = \"pbcopy\"\n").unwrap_err();
        assert!(e.contains("line 2") && e.contains("key `clipboard`") && e.contains("pbcopy"), "{e}");
        let e = parse("clipboard = true\n").unwrap_err();
        assert!(e.contains("line 1") && e.contains("clipboard"), "{e}");

        let c = parse("clipboard = \"command\"\nclipboard_command = \"xclip -selection clipboard\"\n").unwrap();
        assert_eq!(c.effective().clipboard, Some(Method::Command));
        assert_eq!(c.effective().clipboard_command.as_deref(), Some("xclip -selection clipboard"));
        let e = parse("clipboard = \"command\"\nclipboard_command = \"xclip | tee /tmp/x\"\n").unwrap_err();
        assert!(e.contains("line 2") && e.contains("key `clipboard_command`") && e.contains('|'), "{e}");
        let e = parse("clipboard_command = \" \"\n").unwrap_err();
        assert!(e.contains("line 1") && e.contains("clipboard_command"), "{e}");

        // --print-config shows the method (and the command when one is set), and reads back.
        let toml = Config::default().to_toml();
        assert!(toml.contains("clipboard = \"auto\"") && !toml.contains("clipboard_command"), "{toml}");
        let toml = c.to_toml();
        assert!(
            toml.contains("clipboard = \"command\"")
                && toml.contains("clipboard_command = \"xclip -selection clipboard\"")
        );
        assert_eq!(parse(&toml).unwrap().effective(), c.effective());
    }

    #[test]
    fn keymap_themes_and_the_effective_config() {
        let c = parse(
            "default_scope = \"report\"\ntree_grouping = \"place\"\n[keys]\nnext_section = \"n\"\nquit = \"ctrl-q\"\n[theme]\nheading1 = \"#ff8800\"\nmonochrome = true\n",
        )
        .unwrap();
        let e = c.effective();
        assert_eq!(e.keys.get(&KeyAction::NextSection).map(String::as_str), Some("n"));
        assert_eq!(e.keys.get(&KeyAction::PrevSection).map(String::as_str), Some("["));
        assert_eq!(e.theme.heading1, Some(Colour("#ff8800".into())));
        assert_eq!(e.theme.monochrome, Some(true));
        let toml = c.to_toml();
        assert!(toml.contains("default_scope = \"report\"") && toml.contains("next_section = \"n\""), "{toml}");
        // What --print-config prints is itself a valid config giving the same settings.
        assert_eq!(parse(&toml).unwrap().effective(), e);
    }
}
