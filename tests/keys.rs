//! The keymap: every default key does what it did before the one-table keymap.

use baogao::tui::action::{Action, Edit, Focus, action_for, search_action_for};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the key is pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Where {
    Tree,
    Reader,
    Search,
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ch(c: char) -> KeyEvent {
    // Upper-case letters and shifted symbols arrive with SHIFT.
    let shift = c.is_ascii_uppercase() || "?!{}N'".contains(c);
    KeyEvent::new(KeyCode::Char(c), if shift { KeyModifiers::SHIFT } else { KeyModifiers::NONE })
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Every key the old `action_for` / `search_action_for` matched on purpose, with its action.
fn old_defaults() -> Vec<(KeyEvent, Where, Action)> {
    use Action as A;
    use Where::*;
    let both: Vec<(KeyEvent, Action)> = vec![
        (ctrl('c'), A::Quit),
        (ctrl('z'), A::Suspend),
        (ctrl('d'), A::Page(1, true)),
        (ctrl('u'), A::Page(-1, true)),
        (ctrl('f'), A::Page(1, false)),
        (ctrl('b'), A::Page(-1, false)),
        (ch('q'), A::Quit),
        (key(KeyCode::Tab), A::SwitchFocus),
        (KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT), A::SwitchFocus),
        (ch('j'), A::Move(1)),
        (key(KeyCode::Down), A::Move(1)),
        (ch('k'), A::Move(-1)),
        (key(KeyCode::Up), A::Move(-1)),
        (key(KeyCode::PageDown), A::Page(1, false)),
        (ch(' '), A::Page(1, false)),
        (key(KeyCode::PageUp), A::Page(-1, false)),
        (ch('b'), A::Page(-1, false)),
        (ch('g'), A::Top),
        (key(KeyCode::Home), A::Top),
        (ch('G'), A::Bottom),
        (key(KeyCode::Char('G')), A::Bottom),
        (key(KeyCode::End), A::Bottom),
        (ch(']'), A::NextHeading),
        (ch('['), A::PrevHeading),
        (ch('}'), A::NextTop),
        (ch('{'), A::PrevTop),
        (ctrl('o'), A::JumpBack),
        (ctrl('i'), A::JumpForward),
        (ch('o'), A::Outline),
        (ch('/'), A::OpenSearch),
        (ch('n'), A::NextHit),
        (ch('N'), A::PrevHit),
        (ch('?'), A::Help),
        (ch('!'), A::Problems),
        (ch('y'), A::Copy(false)),
        (ctrl('y'), A::Copy(false)),
        (ch('Y'), A::Copy(true)),
        (ch('m'), A::Mark),
        (ch('c'), A::Compare),
        (ch('\''), A::Bookmarks),
        (key(KeyCode::Esc), A::Close),
        (ch('x'), A::None),
        (key(KeyCode::F(5)), A::None),
    ];
    let tree_only: Vec<(KeyEvent, Action)> = vec![
        (key(KeyCode::Enter), A::Open),
        (ch('l'), A::Open),
        (ch('f'), A::Filter(None)),
        (ch('重'), A::Filter(Some('重'))),
        (ch('h'), A::Collapse),
        (key(KeyCode::Left), A::Collapse),
        (key(KeyCode::Right), A::Expand),
    ];
    let search: Vec<(KeyEvent, Action)> = vec![
        (ctrl('c'), A::Quit),
        (ctrl('z'), A::Suspend),
        (ctrl('y'), A::Copy(false)),
        (ctrl('u'), A::Edit(Edit::KillToStart)),
        (ctrl('w'), A::Edit(Edit::KillWord)),
        (ctrl('a'), A::Edit(Edit::Home)),
        (ctrl('e'), A::Edit(Edit::End)),
        (ctrl('b'), A::Edit(Edit::Left)),
        (ctrl('f'), A::Edit(Edit::Right)),
        (ctrl('h'), A::Edit(Edit::Backspace)),
        (ctrl('d'), A::Edit(Edit::Delete)),
        (ctrl('n'), A::Move(1)),
        (ctrl('j'), A::Move(1)),
        (ctrl('p'), A::Move(-1)),
        (ctrl('k'), A::Move(-1)),
        (ch('q'), A::Type('q')),
        (ch('j'), A::Type('j')),
        (ch(' '), A::Type(' ')),
        (ch('G'), A::Type('G')),
        (ch('?'), A::Type('?')),
        (ch('重'), A::Type('重')),
        (key(KeyCode::Backspace), A::Edit(Edit::Backspace)),
        (key(KeyCode::Delete), A::Edit(Edit::Delete)),
        (key(KeyCode::Left), A::Edit(Edit::Left)),
        (key(KeyCode::Right), A::Edit(Edit::Right)),
        (key(KeyCode::Home), A::Edit(Edit::Home)),
        (key(KeyCode::End), A::Edit(Edit::End)),
        (key(KeyCode::Down), A::Move(1)),
        (key(KeyCode::Up), A::Move(-1)),
        (key(KeyCode::PageDown), A::Page(1, false)),
        (key(KeyCode::PageUp), A::Page(-1, false)),
        (key(KeyCode::Tab), A::CycleScope),
        (KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT), A::CycleScope),
        (key(KeyCode::Enter), A::Accept),
        (key(KeyCode::Esc), A::Close),
        (ctrl('x'), A::None),
        (key(KeyCode::F(5)), A::None),
    ];
    let mut all = Vec::new();
    for &(k, a) in &both {
        all.push((k, Tree, a));
        all.push((k, Reader, a));
    }
    for &(k, a) in &tree_only {
        all.push((k, Tree, a));
        all.push((k, Reader, A::None));
    }
    all.extend(search.into_iter().map(|(k, a)| (k, Search, a)));
    all
}

#[test]
fn every_old_default_key_keeps_its_action() {
    for (k, w, want) in old_defaults() {
        let got = match w {
            Where::Tree => action_for(k, Focus::Tree),
            Where::Reader => action_for(k, Focus::Reader),
            Where::Search => search_action_for(k),
        };
        assert_eq!(got, want, "{k:?} in {w:?}");
    }
}
