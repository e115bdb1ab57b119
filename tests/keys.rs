//! The keymap: every default key does what it did before the one-table keymap, every action
//! can be rebound, clashes and bad keys are errors naming the line, and the README's key
//! table is the one the keymap generates.

mod common;

use baogao::config::parse;
use baogao::tui::action::{Action, Edit};
use baogao::tui::keymap::{Context, Keymap, ROWS};
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
/// (This list was first checked against those functions, in the commit before they went.)
/// Left out on purpose: `d` was Delete everywhere, which did nothing outside lists; it is now
/// a key of lists only. And Ctrl with a letter no Ctrl key is bound to (Ctrl-j, Ctrl-n…) used
/// to fall through to the plain letter outside the search panel; now it does nothing.
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
        // Ctrl-n and Ctrl-p walk the search history now (they moved the selection, as
        // Ctrl-j and Ctrl-k still do, and as all four move the tree cursor while filtering).
        (ctrl('n'), A::History(1)),
        (ctrl('j'), A::Select(1)),
        (ctrl('p'), A::History(-1)),
        (ctrl('k'), A::Select(-1)),
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
        (KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT), A::CycleScopeBack),
        (key(KeyCode::Enter), A::Accept),
        (key(KeyCode::Esc), A::Close),
        (ctrl('x'), A::ToggleExact),
        (ctrl('g'), A::None),
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

fn keymap(config: &str) -> Result<Keymap, String> {
    Keymap::from_config(&parse(config)?)
}

#[test]
fn every_old_default_key_keeps_its_action() {
    let km = Keymap::default();
    for (k, w, want) in old_defaults() {
        let ctx = match w {
            Where::Tree => Context::Tree,
            Where::Reader => Context::Reader,
            Where::Search => Context::Search,
        };
        assert_eq!(km.action(k, ctx), want, "{k:?} in {w:?}");
        // The tree filter and the bookmark note type like the search line; only Tab (the
        // search scope) and Ctrl-x (exact hits only) mean nothing there.
        if w == Where::Search {
            let scoped = matches!(want, Action::CycleScope | Action::CycleScopeBack | Action::ToggleExact);
            let want = if scoped { Action::None } else { want };
            assert_eq!(km.action(k, Context::Edit), want, "{k:?} in the line editor");
        }
    }
}

#[test]
fn lists_take_moves_open_delete_undo_and_close() {
    use Action as A;
    let km = Keymap::default();
    let cases = [
        (ch('j'), A::Move(1)),
        (key(KeyCode::Down), A::Move(1)),
        (ch('k'), A::Move(-1)),
        (key(KeyCode::Up), A::Move(-1)),
        (ch('g'), A::Top),
        (ch('G'), A::Bottom),
        (key(KeyCode::PageDown), A::Page(1, false)),
        (ctrl('d'), A::Page(1, true)),
        (key(KeyCode::Enter), A::Open),
        (ch('l'), A::Open),
        (ch('d'), A::Delete),
        (ch('u'), A::Undo),
        (ch('o'), A::Outline),
        (key(KeyCode::Esc), A::Close),
        (ch('q'), A::Quit),
        (ctrl('c'), A::Quit),
        (ctrl('z'), A::Suspend),
        (ch(']'), A::None),
        (ch('?'), A::None),
    ];
    for (k, want) in cases {
        assert_eq!(km.action(k, Context::List), want, "{k:?}");
    }
    assert_eq!(km.action(ch('d'), Context::Reader), A::None);
    assert_eq!(km.action(ch('u'), Context::Tree), A::None);
}

#[test]
fn rebinding_every_action_works() {
    // Each action to a char of its own, all at once: no clash, each key does its action
    // wherever the action applies (but in the line editors, where a plain char types), and
    // the old keys no longer do it.
    // The line editor's own keys take ctrl- keys: a plain char would type itself there.
    let typing_only = |r: &baogao::tui::keymap::Row| {
        [Context::Tree, Context::Reader, Context::List].into_iter().all(|c| !r.ctx.has(c))
    };
    let mine_char = |i: usize| char::from_u32(0x4e00 + i as u32).unwrap();
    let mine = |i: usize| {
        if typing_only(&ROWS[i]) { format!("ctrl-{}", mine_char(i)) } else { mine_char(i).to_string() }
    };
    let mut config = String::from("[keys]\n");
    for (i, row) in ROWS.iter().enumerate().filter(|(_, r)| r.bindable) {
        config.push_str(&format!("{} = \"{}\"\n", row.name, mine(i)));
    }
    let km = keymap(&config).unwrap();
    let contexts = [Context::Tree, Context::Reader, Context::List, Context::Search, Context::Edit];
    let mut checked = 0;
    for (i, row) in ROWS.iter().enumerate().filter(|(_, r)| r.bindable) {
        for c in contexts.into_iter().filter(|&c| row.ctx.has(c)) {
            let old: Vec<KeyEvent> = row.keys.iter().map(|k| event(k)).collect();
            for k in old {
                assert_ne!(km.action(k, c), row.action, "{} still on {k:?} in {c:?}", row.name);
            }
            if c != Context::Search && c != Context::Edit {
                assert_eq!(km.action(ch(mine_char(i)), c), row.action, "{} in {c:?}", row.name);
                checked += 1;
            }
        }
        assert_eq!(km.keys(row.name).iter().map(|k| k.name()).collect::<Vec<_>>(), [mine(i)]);
    }
    assert!(checked > 40, "{checked}");
    // A list binds several keys; an empty one unbinds the action.
    let km = keymap("[keys]\nquit = [\"Q\", \"ctrl-q\"]\nhelp = []\n").unwrap();
    assert_eq!(km.action(ch('Q'), Context::Reader), Action::Quit);
    assert_eq!(km.action(key(KeyCode::Char('Q')), Context::Reader), Action::Quit, "with or without Shift");
    assert_eq!(km.action(ctrl('q'), Context::Search), Action::Quit);
    assert_eq!(km.action(ch('q'), Context::Reader), Action::None);
    assert_eq!(km.action(ctrl('c'), Context::Reader), Action::None);
    assert_eq!(km.action(ch('?'), Context::Reader), Action::None);
}

/// A terminal event for a key name (the keys of the table's rows).
fn event(name: &str) -> KeyEvent {
    use baogao::keys::Code;
    let k = baogao::keys::parse(name).unwrap();
    let code = match k.code {
        Code::Char(c) => return if k.ctrl { ctrl(c) } else { ch(c) },
        Code::Tab => KeyCode::Tab,
        Code::BackTab => KeyCode::BackTab,
        Code::Enter => KeyCode::Enter,
        Code::Esc => KeyCode::Esc,
        Code::Backspace => KeyCode::Backspace,
        Code::Delete => KeyCode::Delete,
        Code::Insert => KeyCode::Insert,
        Code::Up => KeyCode::Up,
        Code::Down => KeyCode::Down,
        Code::Left => KeyCode::Left,
        Code::Right => KeyCode::Right,
        Code::PageUp => KeyCode::PageUp,
        Code::PageDown => KeyCode::PageDown,
        Code::Home => KeyCode::Home,
        Code::End => KeyCode::End,
        Code::F(n) => KeyCode::F(n),
    };
    KeyEvent::new(code, if k.ctrl { KeyModifiers::CONTROL } else { KeyModifiers::NONE })
}

#[test]
fn jump_forward_compare_half_page_filter_and_hl_can_be_rebound() {
    let km = keymap(
        "[keys]\njump_forward = \"ctrl-l\"\ncompare = \"C\"\nhalf_page_down = \"ctrl-j\"\nhalf_page_up = \"ctrl-k\"\n\
         filter = \"F\"\ncollapse = \"left\"\nopen = \"enter\"\nhelp = [\"?\", \"h\"]\nnext_section = [\"]\", \"l\"]\n",
    )
    .unwrap();
    let t = Context::Tree;
    assert_eq!(km.action(ctrl('l'), Context::Reader), Action::JumpForward);
    assert_eq!(km.action(ctrl('i'), Context::Reader), Action::None);
    assert_eq!(km.action(ch('C'), Context::Reader), Action::Compare);
    assert_eq!(km.action(ch('c'), Context::Reader), Action::None);
    assert_eq!(km.action(ctrl('j'), Context::Reader), Action::Page(1, true));
    assert_eq!(km.action(ctrl('k'), Context::List), Action::Page(-1, true));
    assert_eq!(km.action(ctrl('d'), Context::Reader), Action::None);
    assert_eq!(km.action(ctrl('j'), Context::Search), Action::Select(1), "the search line keeps its own Ctrl-j");
    assert_eq!(km.action(ch('F'), t), Action::Filter(None));
    assert_eq!(km.action(ch('f'), t), Action::None);
    assert_eq!(km.action(ch('重'), t), Action::Filter(Some('重')), "Chinese still starts the filter");
    assert_eq!(km.action(ch('h'), t), Action::Help);
    assert_eq!(km.action(key(KeyCode::Left), t), Action::Collapse);
    assert_eq!(km.action(ch('l'), t), Action::NextHeading);
    assert_eq!(km.action(key(KeyCode::Enter), t), Action::Open);
    assert_eq!(km.action(ch('l'), Context::List), Action::None);
}

#[test]
fn next_hit_bound_to_bracket_is_a_conflict_error() {
    let e = keymap("[keys]\nquit = \"q\"\nnext_hit = \"]\"\n").unwrap_err();
    assert_eq!(e, "line 3: key \"]\" is bound to both next_hit and next_section (tree, reader)");
    // Two of the user's own: the later line, naming both.
    let e = keymap("[keys]\nnext_hit = \"x\"\n\nnext_section = \"x\"\n").unwrap_err();
    assert_eq!(e, "line 4: key \"x\" is bound to both next_section and next_hit (tree, reader)");
    // Only where both apply: d deletes in lists, so it is free in the reader...
    assert_eq!(
        keymap("[keys]\nhalf_page_down = \"d\"\n").unwrap_err(),
        "line 2: key \"d\" is bound to both half_page_down and delete (lists)"
    );
    let km = keymap("[keys]\nnext_part = \"d\"\n").unwrap();
    assert_eq!(km.action(ch('d'), Context::Reader), Action::NextTop);
    assert_eq!(km.action(ch('d'), Context::List), Action::Delete);
    // ...and a plain char is no clash in the search line, where it types.
    assert!(keymap("[keys]\ncopy = [\"y\", \"ctrl-y\"]\nquit = [\"q\", \"ctrl-c\"]\n").is_ok());
    assert!(keymap("[keys]\ncopy = \"ctrl-c\"\n").unwrap_err().contains("both copy and quit"));
}

#[test]
fn the_conflict_stops_baogao_before_the_terminal_naming_the_file() {
    let dir = std::env::temp_dir().join(format!("baogao-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, "[keys]\nquit = \"q\"\nnext_hit = \"]\"\n").unwrap();
    let out = common::baogao().arg("--print-config").env("BAOGAO_CONFIG", &path).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("config.toml: line 3: key \"]\" is bound to both next_hit and next_section"), "{err}");
    // --print-config prints every action with its keys, and that is a valid config again.
    std::fs::write(&path, "[keys]\nnext_hit = \"x\"\n").unwrap();
    let out = common::baogao().arg("--print-config").env("BAOGAO_CONFIG", &path).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("next_hit = \"x\"") && text.contains("down = [\"j\", \"down\"]"), "{text}");
    let km = keymap(&text).unwrap();
    assert_eq!(km.action(ch('x'), Context::Reader), Action::NextHit);
    assert_eq!(km.action(ch(']'), Context::Reader), Action::NextHeading);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_bookmark_key_is_reported_on_its_own_line() {
    let e = keymap("[keys]\nbookmarks = \"'\"\nbookmark = \"hyper-m\"\n").unwrap_err();
    assert!(e.starts_with("line 3: key `keys.bookmark`: unknown key name `hyper-m`"), "{e}");
    let e = keymap("[keys]\nbookmark = \"m\"\nbookmarks = [\"'\", \"ctrl-what\"]\n").unwrap_err();
    assert!(e.starts_with("line 3: key `keys.bookmarks`: unknown key name `ctrl-what`"), "{e}");
    let e = keymap("[keys]\nbookmarks = \"'\"\nbookmarkz = \"m\"\n").unwrap_err();
    assert!(e.starts_with("line 3: key `keys.bookmarkz`: unknown action `bookmarkz`"), "{e}");
    assert!(e.contains("bookmark, bookmarks") && e.contains("jump_forward"), "{e}");
    // The line editor's keys can be rebound, but not to a plain char, and not twice.
    let e = keymap("[keys]\n\nkill_line = \"x\"\n").unwrap_err();
    assert!(e.starts_with("line 3: key `keys.kill_line`: \"x\" would type itself"), "{e}");
    let e = keymap("[keys]\n\nkill_line = \"ctrl-k\"\n").unwrap_err();
    assert!(e.starts_with("line 3: key \"ctrl-k\" is bound to both kill_line and select_prev_result"), "{e}");
    assert_eq!(keymap("[keys]\naccept = \"ctrl-g\"\n").unwrap().keys("accept")[0].name(), "ctrl-g");
}

/// The rows of the markdown tables in `text`, as cells, with `\|` kept inside a cell.
fn table_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with('|') && !l.starts_with("| ---"))
        .map(|l| {
            let mut cells = vec![String::new()];
            let mut escaped = false;
            for c in l.chars() {
                match c {
                    '|' if !escaped => cells.push(String::new()),
                    c => cells.last_mut().unwrap().push(c),
                }
                escaped = c == '\\';
            }
            cells.iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect()
        })
        .collect()
}

#[test]
fn readme_keys_table_matches_the_keymap() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let (_, rest) = readme.split_once("\n## Keys\n").expect("the README has a ## Keys section");
    let section = rest.split("\n## ").next().unwrap_or(rest);
    let generated = baogao::tui::keymap::markdown();
    assert_eq!(table_rows(section), table_rows(&generated), "the README's ## Keys should read:\n{generated}");
    // Below its first paragraph, the section is exactly the generated tables: nothing stray.
    let (_, tables) = section.trim_start().split_once("\n\n").expect("an intro paragraph, then the tables");
    assert_eq!(tables.trim(), generated.trim(), "stray lines in the README's ## Keys");
    // The heading of the line editor's table is there too.
    let heading = generated.lines().find(|l| !l.is_empty() && !l.starts_with('|')).unwrap();
    assert!(section.contains(heading), "{heading}");
    assert!(table_rows(&generated).len() > ROWS.len(), "every row, and a header per table");
}

#[test]
fn down_bound_to_q_is_a_conflict_with_quit_at_start() {
    // q stays quit's default key, so `down = "q"` would leave q doing two things.
    let e = keymap("[keys]\ndown = \"q\"\n").unwrap_err();
    assert_eq!(
        e,
        "line 2: key \"q\" is bound to both down and quit (tree, reader, lists, research views, results list)"
    );
    // Taking q from quit first makes it free for down.
    let km = keymap("[keys]\nquit = \"ctrl-c\"\ndown = \"q\"\n").unwrap();
    assert_eq!(km.action(ch('q'), Context::Reader), Action::Move(1));

    // The reader itself (no --print-config) stops before the terminal, naming both actions.
    let home = std::env::temp_dir().join(format!("baogao-keys-q-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(home.join("config/baogao")).unwrap();
    std::fs::write(home.join("config/baogao/config.toml"), "[keys]\ndown = \"q\"\n").unwrap();
    let out = common::baogao()
        .env_remove("BAOGAO_CONFIG")
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("baogao/config.toml: line 2: key \"q\" is bound to both down and quit"),
        "the config error, not the reader's: {err}"
    );
    assert!(out.stdout.is_empty(), "the terminal was written to: {:?}", String::from_utf8_lossy(&out.stdout));
    assert!(!home.join("state").exists(), "the reader started and saved its state");
    let _ = std::fs::remove_dir_all(&home);
}
