//! Key names, as written in the config file and shown in the help: the one parser.
//!
//! `"]"`, `"G"`, `"ctrl-d"`, `"tab"`, `"pgdn"`, `"space"`, `"f5"`… become a [`Key`]. Pure: no
//! terminal types here; `tui::keymap` matches terminal events against these keys.

/// A key without its modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// A char as typed: upper-case letters and shifted symbols are their own chars.
    Char(char),
    Tab,
    /// Shift-Tab.
    BackTab,
    Enter,
    Esc,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    /// F1–F12.
    F(u8),
}

/// A key with or without Ctrl. Shift is part of the char (`G`, `}`); Alt is not told apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: Code,
    pub ctrl: bool,
}

/// Named keys: the first name of each is the one printed back.
const NAMED: &[(&str, Code)] = &[
    ("tab", Code::Tab),
    ("backtab", Code::BackTab),
    ("shift-tab", Code::BackTab),
    ("enter", Code::Enter),
    ("return", Code::Enter),
    ("esc", Code::Esc),
    ("escape", Code::Esc),
    ("space", Code::Char(' ')),
    ("backspace", Code::Backspace),
    ("delete", Code::Delete),
    ("del", Code::Delete),
    ("insert", Code::Insert),
    ("up", Code::Up),
    ("down", Code::Down),
    ("left", Code::Left),
    ("right", Code::Right),
    ("pgup", Code::PageUp),
    ("pageup", Code::PageUp),
    ("pgdn", Code::PageDown),
    ("pagedown", Code::PageDown),
    ("home", Code::Home),
    ("end", Code::End),
];

/// What a key name may be, for error messages.
pub const KEY_NAMES: &str = "one char, ctrl-x, tab, backtab, enter, esc, space, backspace, delete, insert, \
up, down, left, right, pgup, pgdn, home, end, f1–f12";

/// Parse a key name. Named keys and the `ctrl-` prefix ignore case; a single char does not
/// (`G` is shift-g), except after `ctrl-` (`ctrl-D` is `ctrl-d`).
pub fn parse(s: &str) -> Result<Key, String> {
    let bad = || format!("unknown key name `{s}` ({KEY_NAMES})");
    let (ctrl, rest) = match ["ctrl-", "Ctrl-", "CTRL-"].iter().find_map(|p| s.strip_prefix(p)) {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_control() => return Err(bad()),
        (Some(c), None) if ctrl => Code::Char(c.to_ascii_lowercase()),
        (Some(c), None) => Code::Char(c),
        _ => {
            let lower = rest.to_ascii_lowercase();
            match NAMED.iter().find(|(n, _)| *n == lower) {
                Some(&(_, code)) => code,
                None => match lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    Some(n) if (1..=12).contains(&n) && !lower.starts_with("f0") => Code::F(n),
                    _ => return Err(bad()),
                },
            }
        }
    };
    Ok(Key { code, ctrl })
}

impl Key {
    /// The name to write in the config file: `ctrl-d`, `pgdn`, `space`, `]`.
    pub fn name(self) -> String {
        let base = match self.code {
            Code::Char(' ') => "space".to_string(),
            Code::Char(c) => c.to_string(),
            Code::F(n) => format!("f{n}"),
            code => NAMED.iter().find(|(_, c)| *c == code).map_or_else(String::new, |(n, _)| n.to_string()),
        };
        if self.ctrl { format!("ctrl-{base}") } else { base }
    }

    /// The name to show in the help: `Ctrl-d`, `PgDn`, `Space`, `↓`, `]`.
    pub fn label(self) -> String {
        let base = match self.code {
            Code::Char(' ') => "Space".to_string(),
            Code::Char(c) => c.to_string(),
            Code::Tab => "Tab".into(),
            Code::BackTab => "Shift-Tab".into(),
            Code::Enter => "Enter".into(),
            Code::Esc => "Esc".into(),
            Code::Backspace => "Backspace".into(),
            Code::Delete => "Del".into(),
            Code::Insert => "Ins".into(),
            Code::Up => "↑".into(),
            Code::Down => "↓".into(),
            Code::Left => "←".into(),
            Code::Right => "→".into(),
            Code::PageUp => "PgUp".into(),
            Code::PageDown => "PgDn".into(),
            Code::Home => "Home".into(),
            Code::End => "End".into(),
            Code::F(n) => format!("F{n}"),
        };
        if self.ctrl { format!("Ctrl-{base}") } else { base }
    }

    /// A char typed without Ctrl (in a line editor it types itself).
    pub fn typed_char(self) -> Option<char> {
        match self.code {
            Code::Char(c) if !self.ctrl => Some(c),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: Code, ctrl: bool) -> Key {
        Key { code, ctrl }
    }

    #[test]
    fn parses_every_kind_of_key_name() {
        assert_eq!(parse("]"), Ok(k(Code::Char(']'), false)));
        assert_eq!(parse("G"), Ok(k(Code::Char('G'), false)));
        assert_eq!(parse("g"), Ok(k(Code::Char('g'), false)));
        assert_eq!(parse("汉"), Ok(k(Code::Char('汉'), false)));
        assert_eq!(parse("ctrl-d"), Ok(k(Code::Char('d'), true)));
        assert_eq!(parse("Ctrl-D"), Ok(k(Code::Char('d'), true)));
        assert_eq!(parse("ctrl--"), Ok(k(Code::Char('-'), true)));
        assert_eq!(parse("-"), Ok(k(Code::Char('-'), false)));
        assert_eq!(parse("tab"), Ok(k(Code::Tab, false)));
        assert_eq!(parse("Shift-Tab"), Ok(k(Code::BackTab, false)));
        assert_eq!(parse("pgdn"), Ok(k(Code::PageDown, false)));
        assert_eq!(parse("PageUp"), Ok(k(Code::PageUp, false)));
        assert_eq!(parse("space"), Ok(k(Code::Char(' '), false)));
        assert_eq!(parse("ctrl-space"), Ok(k(Code::Char(' '), true)));
        assert_eq!(parse("f5"), Ok(k(Code::F(5), false)));
        assert_eq!(parse("F12"), Ok(k(Code::F(12), false)));
        for bad in ["", "f0", "f13", "f05", "hyper-x", "ctrl-", "ctrl-what", "jk", "\t", "ctrl-\u{1b}"] {
            let e = parse(bad).unwrap_err();
            assert!(e.contains("unknown key name") && e.contains("f1–f12"), "{bad:?}: {e}");
        }
    }

    #[test]
    fn names_parse_back_to_the_same_key() {
        for s in ["]", "G", "ctrl-d", "tab", "backtab", "enter", "esc", "space", "pgup", "pgdn", "f5", "'", "{"] {
            let key = parse(s).unwrap();
            assert_eq!(key.name(), s);
            assert_eq!(parse(&key.name()), Ok(key));
        }
        assert_eq!(parse("ctrl-d").unwrap().label(), "Ctrl-d");
        assert_eq!(parse("pgdn").unwrap().label(), "PgDn");
        assert_eq!(parse("down").unwrap().label(), "↓");
        assert_eq!(parse("backtab").unwrap().label(), "Shift-Tab");
    }
}
