//! The user's settings file: $XDG_CONFIG_HOME/baogao/config.toml (or ~/.config/baogao/),
//! or the file named by BAOGAO_CONFIG. Unknown keys are errors, reported with the file,
//! line and key, before baogao takes over the terminal. Command-line flags win over it.

use serde::Deserialize;
use std::path::PathBuf;

/// How wide East Asian ambiguous characters are drawn.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum AmbiguousSetting {
    Narrow,
    Wide,
    #[default]
    Auto,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// narrow, wide or auto (ask the terminal).
    pub ambiguous: Option<AmbiguousSetting>,
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
    toml::from_str(text).map_err(|e| {
        // toml's message spans lines (position, a snippet, the reason): keep the first and last.
        let msg = e.to_string();
        let lines: Vec<&str> = msg.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        match (lines.first(), lines.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}: {b}"),
            _ => msg.trim().to_string(),
        }
    })
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
    }
}
