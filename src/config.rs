//! The user's settings file: $XDG_CONFIG_HOME/baogao/config.toml (or ~/.config/baogao/),
//! or the file named by BAOGAO_CONFIG. Unknown keys and bad values are errors, reported
//! with the file, line and key, before baogao takes over the terminal; the file is read through
//! [`crate::fsio`] (a FIFO or a link to a device is an error, not a hang), and a value an error
//! echoes is cut short and made safe to print. Command-line flags
//! win over it. `baogao --print-config` prints the effective settings, defaults included.
//!
//! Pure settings: no terminal types here (the reader turns colours into styles). Key names
//! are checked with [`crate::keys::parse`]; the action names of `[keys]`, their default keys
//! and clashes between them are `tui::keymap`'s, checked through [`load`]'s `check`.

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

/// How `y` / `Y` and the exports cite a passage.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// Fields in braces: {title} {date} {section} {url} {place} {year}; text inside the
    /// braces before the name ({，date}) is written only when the field has a value.
    pub template: Option<String>,
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

/// The keys bound to one action: `quit = "q"` or `quit = ["q", "ctrl-c"]` (`[]` unbinds it).
/// Each is a key name for [`crate::keys::parse`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyList(pub Vec<String>);

impl Serialize for KeyList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => s.serialize_str(one),
            many => many.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for KeyList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<KeyList, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = KeyList;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key name (\"]\", \"ctrl-d\") or a list of them")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<KeyList, E> {
                Ok(KeyList(vec![v.to_string()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<KeyList, A::Error> {
                let mut keys = Vec::new();
                while let Some(k) = seq.next_element::<String>()? {
                    keys.push(k);
                }
                Ok(KeyList(keys))
            }
        }
        d.deserialize_any(V)
    }
}

/// `[keys]`: action name ("next_section") → the keys that replace its default keys. Which
/// names exist, and whether two actions share a key, is for `tui::keymap` to say.
pub type Keys = BTreeMap<String, KeyList>;

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// narrow, wide or auto (ask the terminal).
    pub ambiguous: Option<AmbiguousSetting>,
    /// all, place or report.
    pub default_scope: Option<ScopeSetting>,
    /// province or place.
    pub tree_grouping: Option<Grouping>,
    /// List only exact hits (the phrase itself, after folding), not variants (its chars in
    /// order but apart): in the search panel (Ctrl-x toggles) and `baogao search`.
    pub exact_only: Option<bool>,
    /// How y / Y reach the clipboard: auto, osc52, tmux, command or off.
    pub clipboard: Option<crate::clipboard::Method>,
    /// The command for clipboard = "command" (with auto, used instead of the one baogao
    /// finds): no shell, words split at spaces, the text on its stdin. Unset by default.
    pub clipboard_command: Option<String>,
    #[serde(default)]
    pub keys: Keys,
    #[serde(default)]
    pub theme: Theme,
    #[serde(default)]
    pub citation: Citation,
    /// The line of each `[keys]` entry in the file, for error messages.
    #[serde(skip)]
    pub key_lines: BTreeMap<String, usize>,
}

impl Config {
    /// Every setting at its default.
    fn defaults() -> Config {
        Config {
            ambiguous: Some(AmbiguousSetting::default()),
            default_scope: Some(ScopeSetting::default()),
            tree_grouping: Some(Grouping::default()),
            exact_only: Some(false),
            clipboard: Some(crate::clipboard::Method::default()),
            clipboard_command: None,
            keys: Keys::new(),
            theme: Theme::defaults(),
            citation: Citation { template: Some(crate::cite::DEFAULT_TEMPLATE.to_string()) },
            key_lines: BTreeMap::new(),
        }
    }

    /// Every setting, with the defaults filled in where the file is silent: the defaults
    /// and the file's settings merged as TOML tables, the file winning. `keys` stays the
    /// file's: the default keys live in `tui::keymap`.
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

    /// The effective settings as TOML, for `--print-config`, with every action's keys:
    /// `default_keys` where the file binds none.
    pub fn to_toml(&self, default_keys: &Keys) -> String {
        let mut e = self.effective();
        for (name, keys) in default_keys {
            e.keys.entry(name.clone()).or_insert_with(|| keys.clone());
        }
        toml::to_string(&e).unwrap_or_default()
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
    let mut config: Config = toml::from_str(text).map_err(|e| {
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
    if let Some(t) = &config.citation.template
        && let Err(e) = crate::cite::Template::parse(t)
    {
        let line = line_of(text, "template");
        return Err(format!("line {line}: key `citation.template`: {e}"));
    }
    config.key_lines = key_lines(text);
    for (name, keys) in &config.keys {
        for key in &keys.0 {
            if let Err(e) = crate::keys::parse(key) {
                let line = config.key_lines.get(name).copied().unwrap_or(0);
                return Err(format!("line {line}: key `keys.{name}`: {e}"));
            }
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

/// The line (from 1) of each entry of the `[keys]` table, from the TOML parser's spans: the
/// entry named exactly so, wherever and however it is written.
fn key_lines(text: &str) -> BTreeMap<String, usize> {
    let line_of = |at: usize| 1 + text.bytes().take(at).filter(|&b| b == b'\n').count();
    let Ok(doc) = toml::de::DeTable::parse(text) else { return BTreeMap::new() };
    let keys = doc.get_ref().iter().find(|(k, _)| k.get_ref() == "keys").map(|(_, v)| v.get_ref());
    let Some(toml::de::DeValue::Table(keys)) = keys else { return BTreeMap::new() };
    keys.iter().map(|(k, _)| (k.get_ref().to_string(), line_of(k.span().start))).collect()
}

/// The most a config file may hold: far more than any real one, little enough to read at once.
pub const LIMIT: u64 = 1024 * 1024;

/// Load the config file. A missing file is the defaults; a bad one is an error naming it,
/// and so is one that `check` (the keymap: unknown actions, keys bound twice) refuses.
pub fn load(check: impl FnOnce(&Config) -> Result<(), String>) -> Result<Config, String> {
    match path() {
        Some(p) => load_from(&p, check),
        None => Ok(Config::default()),
    }
}

/// [`load`] from the file at `p`. It is read through [`crate::fsio::read_text_limited`]: a
/// FIFO, a device (a link to `/dev/zero`), a folder or a file over [`LIMIT`] is an error
/// naming the file and what it is, never a hang or a read without end.
pub fn load_from(p: &std::path::Path, check: impl FnOnce(&Config) -> Result<(), String>) -> Result<Config, String> {
    let result = match crate::fsio::read_text_limited(p, LIMIT) {
        Ok(text) => parse(&text).and_then(|c| check(&c).map(|()| c)),
        Err(e) if e.is_not_found() => return Ok(Config::default()),
        Err(e) => Err(e.to_string()),
    };
    result.map_err(|e| clip(&format!("config {}: {e}", p.display())))
}

/// Each value a message echoes (between backticks or double quotes) is cut to this many chars.
const ECHO: usize = 80;
/// And the whole message to this many (the list of every action name fits).
const MESSAGE: usize = 2000;

/// A config error as it may be printed: control chars made visible ([`crate::layout::sanitize`]),
/// each quoted value cut to [`ECHO`] chars and the whole to [`MESSAGE`], with "…" where cut,
/// so a huge or hostile value in the file is never echoed in full.
fn clip(msg: &str) -> String {
    fn cut(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
        match s.char_indices().nth(max) {
            Some((at, _)) => format!("{}…", &s[..at]).into(),
            None => s.into(),
        }
    }
    let msg = crate::layout::sanitize(msg);
    let mut out = String::with_capacity(msg.len().min(MESSAGE * 4));
    let mut rest = &*msg;
    while let Some(i) = rest.find(['`', '"']) {
        let quote = &rest[i..=i];
        out.push_str(&rest[..=i]);
        rest = &rest[i + 1..];
        if let Some(j) = rest.find(quote) {
            out.push_str(&cut(&rest[..j], ECHO));
            out.push_str(quote);
            rest = &rest[j + 1..];
        }
    }
    out.push_str(rest);
    cut(&out, MESSAGE).into_owned()
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
        let e = parse("[keys]\nquit = \"ctrl-what\"\n").unwrap_err();
        assert!(e.contains("line 2") && e.contains("keys.quit"), "{e}");
        // A bad value names its key, with the table.
        let e = parse("ambiguous = \"narrow\"\n\n[theme]\ntitle = \"puce\"\n").unwrap_err();
        assert!(e.contains("line 4") && e.contains("key `theme.title`") && e.contains("puce"), "{e}");
    }

    #[test]
    fn a_citation_template_is_checked_when_read() {
        let c = parse("[citation]\ntemplate = \"{title} {url}\"\n").unwrap();
        assert_eq!(c.citation.template.as_deref(), Some("{title} {url}"));
        let e = parse("ambiguous = \"narrow\"\n[citation]\ntemplate = \"{title} {dat}\"\n").unwrap_err();
        assert!(e.contains("line 3") && e.contains("citation.template") && e.contains("{dat}"), "{e}");
        let e = parse("[citation]\nstyle = \"apa\"\n").unwrap_err();
        assert!(e.contains("style"), "{e}");
        assert_eq!(Config::default().effective().citation.template.as_deref(), Some(crate::cite::DEFAULT_TEMPLATE));
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
        let toml = Config::default().to_toml(&Keys::new());
        assert!(toml.contains("clipboard = \"auto\"") && !toml.contains("clipboard_command"), "{toml}");
        let toml = c.to_toml(&Keys::new());
        assert!(
            toml.contains("clipboard = \"command\"")
                && toml.contains("clipboard_command = \"xclip -selection clipboard\"")
        );
        assert_eq!(parse(&toml).unwrap().effective(), c.effective());
    }

    #[test]
    fn keys_themes_and_the_effective_config() {
        let c = parse(
            "default_scope = \"report\"\ntree_grouping = \"place\"\n[keys]\nnext_section = \"x\"\nquit = [\"ctrl-q\", \"Q\"]\n[theme]\nheading1 = \"#ff8800\"\nmonochrome = true\n",
        )
        .unwrap();
        let e = c.effective();
        assert_eq!(e.keys.get("next_section"), Some(&KeyList(vec!["x".into()])));
        assert_eq!(e.keys.get("quit"), Some(&KeyList(vec!["ctrl-q".into(), "Q".into()])));
        assert_eq!(e.keys.get("prev_section"), None, "the default keys are the keymap's");
        assert_eq!(c.key_lines.get("quit"), Some(&5));
        assert_eq!(e.theme.heading1, Some(Colour("#ff8800".into())));
        assert_eq!(e.theme.monochrome, Some(true));
        let defaults: Keys = [("prev_section", "["), ("next_section", "]")]
            .iter()
            .map(|&(a, k)| (a.to_string(), KeyList(vec![k.to_string()])))
            .collect();
        let toml = c.to_toml(&defaults);
        assert!(toml.contains("default_scope = \"report\"") && toml.contains("next_section = \"x\""), "{toml}");
        assert!(toml.contains("prev_section = \"[\"") && toml.contains("quit = [\"ctrl-q\", \"Q\"]"), "{toml}");
        // What --print-config prints is itself a valid config giving the same settings.
        let again = parse(&toml).unwrap().effective();
        assert_eq!(Config { keys: Keys::new(), ..again.clone() }, Config { keys: Keys::new(), ..e });
        assert_eq!(again.keys.get("prev_section"), Some(&KeyList(vec!["[".into()])));
    }

    fn dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("baogao-config-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn a_config_toml_fifo_is_an_error_at_start_not_a_hang() {
        let p = dir("fifo").join("config.toml");
        rustix::fs::mkfifoat(rustix::fs::CWD, &p, rustix::fs::Mode::from_raw_mode(0o600)).unwrap();
        // No writer: reading it as before would block here for ever.
        let e = load_from(&p, |_| Ok(())).unwrap_err();
        assert!(e.starts_with(&format!("config {}: ", p.display())) && e.contains("FIFO"), "{e}");
    }

    #[test]
    fn a_config_toml_linked_to_dev_zero_is_an_error_at_start_not_endless_memory() {
        let d = dir("zero");
        let p = d.join("config.toml");
        std::os::unix::fs::symlink("/dev/zero", &p).unwrap();
        let e = load_from(&p, |_| Ok(())).unwrap_err();
        assert!(e.starts_with(&format!("config {}: ", p.display())) && e.contains("character device"), "{e}");
        // A regular file past the limit is refused too, before it is parsed.
        let big = d.join("big.toml");
        let mut text = "# 注释\n".repeat(LIMIT as usize / 8);
        text.push_str("ambiguous = \"wide\"\n");
        std::fs::write(&big, text).unwrap();
        let e = load_from(&big, |_| Ok(())).unwrap_err();
        assert!(e.contains("big.toml") && e.contains("too large") && e.contains("1 MiB"), "{e}");
        // A missing file is the defaults; a good one loads.
        assert_eq!(load_from(&d.join("none.toml"), |_| Ok(())), Ok(Config::default()));
        std::fs::write(&big, "ambiguous = \"wide\"\n").unwrap();
        assert_eq!(load_from(&big, |_| Ok(())).unwrap().ambiguous, Some(AmbiguousSetting::Wide));
    }

    #[test]
    fn a_huge_bad_config_value_is_not_echoed_in_full() {
        let d = dir("huge");
        let p = d.join("config.toml");
        // Just under the size limit, so it is read and parsed: one value of 900 000 chars.
        let value = "巨".repeat(300_000);
        for text in [
            format!("ambiguous = \"{value}\"\n"),
            format!("[theme]\nmonochrome = \"{value}\"\n"),
            format!("[keys]\nquit = \"{value}\"\n"),
            format!("[keys]\n\"{value}\" = \"q\"\n"),
        ] {
            std::fs::write(&p, &text).unwrap();
            let e = load_from(&p, |c| crate::tui::keymap::Keymap::from_config(c).map(drop)).unwrap_err();
            assert!(
                e.chars().count() < 1200,
                "{} chars: {}",
                e.chars().count(),
                e.chars().take(1200).collect::<String>()
            );
            assert!(e.contains(&format!("{}…", "巨".repeat(ECHO))) && !e.contains(&"巨".repeat(ECHO + 1)), "{e}");
            assert!(e.starts_with(&format!("config {}: ", p.display())) && e.contains("line "), "{e}");
        }
        // Control chars in a value are shown, not sent to the terminal; a short value is whole.
        std::fs::write(&p, "ambiguous = \"\\u001b[2Jwide\\u0007\"\n").unwrap();
        let e = load_from(&p, |_| Ok(())).unwrap_err();
        assert!(!e.chars().any(char::is_control) && e.contains("`␛[2Jwide␇`"), "{e}");
        // What the keymap says is clipped the same way.
        std::fs::write(&p, "").unwrap();
        let e = load_from(&p, |_| Err(format!("unknown action `{value}`; the actions are help, quit"))).unwrap_err();
        assert!(e.ends_with(&format!("`{}…`; the actions are help, quit", "巨".repeat(ECHO))), "{e}");
    }

    #[test]
    fn bad_keys_are_reported_on_their_own_line() {
        // `bookmark` must not be found on the `bookmarks` line above it (a prefix).
        let e = parse("[keys]\nbookmarks = \"'\"\nbookmark = \"hyper-m\"\n").unwrap_err();
        assert!(e.starts_with("line 3: key `keys.bookmark`: unknown key name `hyper-m`"), "{e}");
        let e = parse("[keys]\n# quit\nup = \"k\"\n\"quit\" = [\"q\", \"ctrl-\"]\n").unwrap_err();
        assert!(e.starts_with("line 4: key `keys.quit`"), "{e}");
        let e = parse("keys.quit = \"nope\"\n").unwrap_err();
        assert!(e.starts_with("line 1: key `keys.quit`"), "{e}");
        let e = parse("[keys]\nquit = 3\n").unwrap_err();
        assert!(e.contains("line 2") && e.contains("key name"), "{e}");
    }
}
