//! Random action sequences while reports are still arriving: the reader never panics, the
//! cursor paragraph stays on screen, and y copies the cursor paragraph of the active pane.
//! Cases: 48, or BAOGAO_PROPTEST_CASES.

use baogao::cite::{Template, quote_paragraph};
use baogao::corpus::load::Loaded;
use baogao::corpus::{Corpus, Report, parse};
use baogao::layout::Ambiguous;
use baogao::tui::action::Action;
use baogao::tui::app::{App, Effect, Mode, Mouse};
use baogao::tui::view;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::OnceLock;

fn seeds() -> &'static [Report] {
    static SEEDS: OnceLock<Vec<Report>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        ["jixi-2017.txt", "didao-2025.txt", "jilin-2018.txt", "qiqihar-2022.txt", "mudanjiang-2020.txt"]
            .iter()
            .map(|n| {
                let path = format!("{}/assets/reports/{n}", env!("CARGO_MANIFEST_DIR"));
                parse(&path, &std::fs::read(&path).unwrap()).unwrap()
            })
            .collect()
    })
}

/// One step of a session.
#[derive(Clone, Debug)]
enum Step {
    Do(Action),
    /// The next reports arrive.
    Load,
    Resize(u16, u16),
    Click(u16, u16),
    /// Let the search worker's results in.
    Poll,
}

fn step() -> impl Strategy<Value = Step> {
    let actions = prop_oneof![
        Just(Action::Copy(false)),
        Just(Action::Copy(true)),
        Just(Action::Mark),
        Just(Action::Compare),
        Just(Action::Open),
        Just(Action::Accept),
        Just(Action::SwitchFocus),
        Just(Action::NextHit),
        Just(Action::PrevHit),
        Just(Action::OpenSearch),
        Just(Action::Close),
        Just(Action::Quit),
        Just(Action::Move(1)),
        Just(Action::Move(-1)),
        Just(Action::Move(7)),
        Just(Action::Para(1)),
        Just(Action::Para(-1)),
        Just(Action::Page(1, false)),
        Just(Action::Page(-1, true)),
        Just(Action::Top),
        Just(Action::Bottom),
        Just(Action::NextHeading),
        Just(Action::PrevHeading),
        Just(Action::NextTop),
        Just(Action::Outline),
        Just(Action::Bookmarks),
        Just(Action::Delete),
        Just(Action::Undo),
        Just(Action::JumpBack),
        Just(Action::JumpForward),
        Just(Action::Help),
        Just(Action::CycleScope),
        prop::sample::select(vec!['石', '墨', '营', '商', '环', '境', 's', 'h', 'i', '\'', ' ', '!'])
            .prop_map(Action::Type),
    ];
    prop_oneof![
        8 => actions.prop_map(Step::Do),
        1 => Just(Step::Load),
        1 => (1u16..160, 1u16..50).prop_map(|(w, h)| Step::Resize(w, h)),
        1 => (0u16..160, 0u16..50).prop_map(|(x, y)| Step::Click(x, y)),
        1 => Just(Step::Poll),
    ]
}

fn cases() -> u32 {
    std::env::var("BAOGAO_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn random_sessions_while_loading_keep_the_cursor_on_screen_and_y_honest(
        order in Just((0..5).collect::<Vec<usize>>()).prop_shuffle(),
        steps in prop::collection::vec(step(), 1..60),
        wide in any::<bool>(),
    ) {
        let mut a = App::new(Corpus::default(), if wide { Ambiguous::Wide } else { Ambiguous::Narrow });
        let mut to_load = order.into_iter();
        let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
        a.resize(100, 30);
        // The paragraph marked in the active pane's gutter on the last frame, if any.
        let mut marked: Option<(baogao::corpus::ReportId, usize)> = None;
        for s in steps {
            let cursor_before = a.cursor();
            match s {
                Step::Do(action) => {
                    let was_browsing = matches!(a.mode, Mode::Browse);
                    let fx = a.update(action);
                    // y in the reader or tree copies the paragraph the user sees marked.
                    if was_browsing && action == Action::Copy(false) {
                        let got = fx.iter().find_map(|e| match e {
                            Effect::Copy { text, .. } => Some(text.clone()),
                            _ => None,
                        });
                        if let Some((id, para)) = marked {
                            prop_assert_eq!(got, quote_paragraph(&a.corpus[id], para, &Template::default()));
                        }
                        prop_assert_eq!(a.cursor(), cursor_before, "y moved the cursor");
                    }
                }
                Step::Load => {
                    if let Some(k) = to_load.next() {
                        a.merge(vec![Loaded::Report(Box::new(seeds()[k].clone()))]);
                    }
                }
                Step::Resize(w, h) => {
                    term = Terminal::new(TestBackend::new(w, h)).unwrap();
                    a.resize(w, h);
                    // A new size scrolls to the cursor; it never moves it (unless the pane
                    // is so short that only the header shows, where nothing is marked).
                    if a.pane().is_some_and(|p| p.layout().is_some()) && h > 12 {
                        prop_assert_eq!(a.cursor(), cursor_before, "a resize moved the cursor");
                    }
                }
                Step::Click(x, y) => a.mouse(Mouse::Click(x, y)),
                Step::Poll => {
                    a.poll_search();
                }
            }
            term.draw(|f| view::draw(&a, f)).unwrap();
            // Read the mark off the screen: the active pane's gutter cells in the cursor colour.
            marked = None;
            let k = usize::from(a.on_second && a.second.is_some());
            if let (Mode::Browse, Some(area), Some(p)) = (&a.mode, a.areas.panes[k], a.pane()) {
                let buf = term.backend().buffer();
                let bg = a.theme.cursor.bg;
                let row = (0..area.height).find(|&y| Some(buf[(area.x, area.y + y)].bg) == bg);
                marked = row.and_then(|y| p.para_at_row(y as usize)).map(|para| (p.report, para));
            }
            // Every pane on screen shows its cursor paragraph.
            for (k, pane) in [a.main.as_ref(), a.second.as_ref()].into_iter().enumerate() {
                if let (Some(p), Some(area)) = (pane, a.areas.panes[k]) {
                    prop_assert!(area.height == 0 || p.cursor_visible(), "pane {} cursor {} top {}", k, p.cursor, p.top);
                    prop_assert!(a.corpus.get(p.report).is_some());
                }
            }
        }
    }
}
