//! Everything the user can ask for, and the keys that ask for it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One thing the user asked for. `App::update` is the only place that acts on these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Leave baogao.
    Quit,
    /// Move the focus between the tree and the reader.
    SwitchFocus,
    /// Move the tree cursor or scroll the reader by this many rows.
    Move(isize),
    /// Move the reader's cursor by this many paragraphs.
    Para(isize),
    /// In the bookmark list: bring back the last deleted entry.
    Undo,
    /// Scroll by this many screens (may be fractional: ½ for Ctrl-d).
    Page(i8, bool),
    /// Go to the top of the report or tree.
    Top,
    /// Go to the bottom.
    Bottom,
    /// Open the report under the tree cursor, or toggle a group.
    Open,
    /// Collapse the tree node, or go to its parent.
    Collapse,
    /// Expand the tree node.
    Expand,
    /// Next heading of any level.
    NextHeading,
    /// Previous heading of any level.
    PrevHeading,
    /// Next top-level heading (一、二、三…).
    NextTop,
    /// Previous top-level heading.
    PrevTop,
    /// Open the outline popup.
    Outline,
    /// Show every key.
    Help,
    /// Close the popup or the search panel.
    Close,
    /// Open the search panel.
    OpenSearch,
    /// Type a char into the query.
    Type(char),
    /// Edit the query line.
    Edit(Edit),
    /// Cycle the search scope: all reports, this place, this report.
    CycleScope,
    /// Jump to the selected search result.
    Accept,
    /// Next / previous search hit, across reports.
    NextHit,
    PrevHit,
    /// Back / forward along the jump list.
    JumpBack,
    JumpForward,
    /// List the files that were skipped, with the reason.
    Problems,
    /// Ctrl-Z: give the terminal back and stop until `fg`.
    Suspend,
    /// Copy the current paragraph (true: the whole section) with its citation.
    Copy(bool),
    /// Bookmark the current paragraph (asks for an optional note).
    Mark,
    /// Open the list of bookmarks.
    Bookmarks,
    /// In a list: delete the selected entry.
    Delete,
    /// Start filtering the tree by typing a place name (pinyin works); a char may come with it.
    Filter(Option<char>),
    /// Open (or close) a second report side by side.
    Compare,
    /// Nothing.
    None,
}

/// Editing keys of the query line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    KillToStart,
    KillWord,
}

/// Which part of the screen keys go to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Tree,
    Reader,
}

/// The key table: (keys, what they do), for the help popup.
pub const HELP: &[(&str, &str)] = &[
    ("Tab", "switch between tree and reader"),
    ("j k ↓ ↑", "move / scroll one row"),
    ("Enter l", "open the report (tree)"),
    ("h ←", "collapse (tree)"),
    ("f or 汉字", "filter the tree by place name; pinyin works (qqhe); Esc clears"),
    ("→", "expand (tree)"),
    ("Space PgDn", "next page"),
    ("b PgUp", "previous page"),
    ("Ctrl-d Ctrl-u", "half a page down / up"),
    ("g G Home End", "top / bottom"),
    ("] [", "next / previous heading"),
    ("} {", "next / previous 一、二、三… part"),
    ("o", "outline of the report"),
    ("/", "search every report (fuzzy; 'exact ^prefix suffix$ !not a|b; pinyin)"),
    ("  Tab", "  in search: scope all / this place / this report"),
    ("  ↑ ↓ Enter Esc", "  in search: choose, jump, close"),
    ("n N", "next / previous search hit"),
    ("Ctrl-o Ctrl-i", "back / forward along the jump list"),
    ("y Y", "copy the paragraph / section with its citation (Ctrl-y in search)"),
    ("c", "compare: a second report side by side (Tab switches, ] [ move both, c closes)"),
    ("J K", "cursor to the next / previous paragraph (y, Y, m and c act on it)"),
    ("m", "bookmark this paragraph, with an optional note"),
    ("'", "bookmarks: Enter jumps, d deletes, u undoes"),
    ("!", "files that were skipped, and why"),
    ("?", "this help"),
    ("Ctrl-z", "suspend (fg to come back)"),
    ("q Ctrl-c", "quit"),
];

/// Map a key to an action, given where the focus is.
pub fn action_for(key: KeyEvent, focus: Focus) -> Action {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c') if ctrl => Action::Quit,
        KeyCode::Char('z') if ctrl => Action::Suspend,
        KeyCode::Char('d') if ctrl => Action::Page(1, true),
        KeyCode::Char('u') if ctrl => Action::Page(-1, true),
        KeyCode::Char('f') if ctrl => Action::Page(1, false),
        KeyCode::Char('b') if ctrl => Action::Page(-1, false),
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Tab | KeyCode::BackTab => Action::SwitchFocus,
        KeyCode::Char('J') => Action::Para(1),
        KeyCode::Char('K') => Action::Para(-1),
        KeyCode::Char('u') if !ctrl => Action::Undo,
        KeyCode::Char('j') | KeyCode::Down => Action::Move(1),
        KeyCode::Char('k') | KeyCode::Up => Action::Move(-1),
        KeyCode::PageDown | KeyCode::Char(' ') => Action::Page(1, false),
        KeyCode::PageUp | KeyCode::Char('b') => Action::Page(-1, false),
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        KeyCode::Enter | KeyCode::Char('l') if focus == Focus::Tree => Action::Open,
        KeyCode::Char('f') if focus == Focus::Tree && !ctrl => Action::Filter(None),
        // Chinese typed into the tree filters it at once.
        KeyCode::Char(c) if focus == Focus::Tree && !c.is_ascii() && !ctrl => Action::Filter(Some(c)),
        KeyCode::Char('h') | KeyCode::Left if focus == Focus::Tree => Action::Collapse,
        KeyCode::Right if focus == Focus::Tree => Action::Expand,
        KeyCode::Char(']') => Action::NextHeading,
        KeyCode::Char('[') => Action::PrevHeading,
        KeyCode::Char('}') => Action::NextTop,
        KeyCode::Char('{') => Action::PrevTop,
        KeyCode::Char('o') if ctrl => Action::JumpBack,
        KeyCode::Char('i') if ctrl => Action::JumpForward,
        KeyCode::Char('o') => Action::Outline,
        KeyCode::Char('/') => Action::OpenSearch,
        KeyCode::Char('n') => Action::NextHit,
        KeyCode::Char('N') => Action::PrevHit,
        KeyCode::Char('?') => Action::Help,
        KeyCode::Char('!') => Action::Problems,
        KeyCode::Char('y') => Action::Copy(false),
        KeyCode::Char('m') => Action::Mark,
        KeyCode::Char('c') if !ctrl => Action::Compare,
        KeyCode::Char('\'') => Action::Bookmarks,
        KeyCode::Char('d') => Action::Delete,
        KeyCode::Char('Y') => Action::Copy(true),
        KeyCode::Esc => Action::Close,
        _ => Action::None,
    }
}

/// Map a key while the search panel is open: most keys type into the query.
pub fn search_action_for(key: KeyEvent) -> Action {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c') if ctrl => Action::Quit,
        KeyCode::Char('z') if ctrl => Action::Suspend,
        KeyCode::Char('y') if ctrl => Action::Copy(false),
        KeyCode::Char('u') if ctrl => Action::Edit(Edit::KillToStart),
        KeyCode::Char('w') if ctrl => Action::Edit(Edit::KillWord),
        KeyCode::Char('a') if ctrl => Action::Edit(Edit::Home),
        KeyCode::Char('e') if ctrl => Action::Edit(Edit::End),
        KeyCode::Char('b') if ctrl => Action::Edit(Edit::Left),
        KeyCode::Char('f') if ctrl => Action::Edit(Edit::Right),
        KeyCode::Char('h') if ctrl => Action::Edit(Edit::Backspace),
        KeyCode::Char('d') if ctrl => Action::Edit(Edit::Delete),
        KeyCode::Char('n') | KeyCode::Char('j') if ctrl => Action::Move(1),
        KeyCode::Char('p') | KeyCode::Char('k') if ctrl => Action::Move(-1),
        KeyCode::Char(c) if !ctrl => Action::Type(c),
        KeyCode::Backspace => Action::Edit(Edit::Backspace),
        KeyCode::Delete => Action::Edit(Edit::Delete),
        KeyCode::Left => Action::Edit(Edit::Left),
        KeyCode::Right => Action::Edit(Edit::Right),
        KeyCode::Home => Action::Edit(Edit::Home),
        KeyCode::End => Action::Edit(Edit::End),
        KeyCode::Down => Action::Move(1),
        KeyCode::Up => Action::Move(-1),
        KeyCode::PageDown => Action::Page(1, false),
        KeyCode::PageUp => Action::Page(-1, false),
        KeyCode::Tab | KeyCode::BackTab => Action::CycleScope,
        KeyCode::Enter => Action::Accept,
        KeyCode::Esc => Action::Close,
        _ => Action::None,
    }
}

/// Keys the user bound in the config (`[keys]`), looked up before the built-in keys.
#[derive(Clone, Debug, Default)]
pub struct Keymap {
    bound: Vec<(KeyCode, bool, Action)>,
}

/// "]" → Char(']'), "ctrl-d" → (Char('d'), ctrl), "tab", "pgdn", "f5"…
fn parse_key(s: &str) -> Option<(KeyCode, bool)> {
    let (ctrl, k) = match s.strip_prefix("ctrl-") {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let mut chars = k.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some((KeyCode::Char(c), ctrl));
    }
    let code = match k.to_ascii_lowercase().as_str() {
        "tab" => KeyCode::Tab,
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "space" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pgup" => KeyCode::PageUp,
        "pgdn" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        f => KeyCode::F(f.strip_prefix('f')?.parse().ok()?),
    };
    Some((code, ctrl))
}

fn action_of(a: crate::config::KeyAction) -> Action {
    use crate::config::KeyAction as K;
    match a {
        K::Quit => Action::Quit,
        K::Help => Action::Help,
        K::SwitchFocus => Action::SwitchFocus,
        K::Down => Action::Move(1),
        K::Up => Action::Move(-1),
        K::PageDown => Action::Page(1, false),
        K::PageUp => Action::Page(-1, false),
        K::Top => Action::Top,
        K::Bottom => Action::Bottom,
        K::NextSection => Action::NextHeading,
        K::PrevSection => Action::PrevHeading,
        K::NextPart => Action::NextTop,
        K::PrevPart => Action::PrevTop,
        K::Outline => Action::Outline,
        K::Search => Action::OpenSearch,
        K::NextHit => Action::NextHit,
        K::PrevHit => Action::PrevHit,
        K::Copy => Action::Copy(false),
        K::CopySection => Action::Copy(true),
        K::Bookmark => Action::Mark,
        K::Bookmarks => Action::Bookmarks,
        K::Problems => Action::Problems,
    }
}

impl Keymap {
    pub fn new(keys: &crate::config::Keys) -> Keymap {
        let bound = keys
            .iter()
            .filter_map(|(&action, key)| {
                let (code, ctrl) = parse_key(key)?;
                Some((code, ctrl, action_of(action)))
            })
            .collect();
        Keymap { bound }
    }

    /// The action a bound key does, if the user bound it.
    pub fn get(&self, key: KeyEvent) -> Option<Action> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        self.bound.iter().find(|(code, c, _)| *code == key.code && *c == ctrl).map(|(_, _, a)| *a)
    }
}

#[cfg(test)]
mod keymap_tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn parses_and_binds_keys() {
        assert_eq!(parse_key("]"), Some((KeyCode::Char(']'), false)));
        assert_eq!(parse_key("ctrl-d"), Some((KeyCode::Char('d'), true)));
        assert_eq!(parse_key("pgdn"), Some((KeyCode::PageDown, false)));
        assert_eq!(parse_key("f5"), Some((KeyCode::F(5), false)));
        assert_eq!(parse_key("hyper-x"), None);
        let c = crate::config::parse("[keys]\nnext_section = \"n\"\nquit = \"ctrl-q\"\n").unwrap();
        let km = Keymap::new(&c.effective().keys);
        assert_eq!(km.get(key(KeyCode::Char('n'), KeyModifiers::NONE)), Some(Action::NextHeading));
        assert_eq!(km.get(key(KeyCode::Char('q'), KeyModifiers::CONTROL)), Some(Action::Quit));
        assert_eq!(km.get(key(KeyCode::Char('['), KeyModifiers::NONE)), Some(Action::PrevHeading));
        // Upper-case letters arrive with SHIFT; they still match.
        assert_eq!(km.get(key(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::Bottom));
    }
}
