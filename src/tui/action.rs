//! Everything the user can ask for. The keys that ask for it are in `keymap`.

/// The keymap, where `App` has always found it.
pub use super::keymap::Keymap;

/// One thing the user asked for. `App::update` is the only place that acts on these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Leave baogao.
    Quit,
    /// Move the focus between the tree and the reader.
    SwitchFocus,
    /// Move the tree cursor or scroll the reader by this many rows. In the search panel, the
    /// selection; ↑ on the first result goes back into the search history, and while walking
    /// it ↓ comes forward again.
    Move(isize),
    /// Move the search panel's selection (or the tree cursor, while filtering) and nothing
    /// else, history or not.
    Select(isize),
    /// In the search panel: an earlier (-1) or later (1) query from the history. Moves the
    /// tree cursor while filtering.
    History(isize),
    /// Move the reader's cursor by this many paragraphs.
    Para(isize),
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
    /// The same, the other way.
    CycleScopeBack,
    /// List only exact hits, or variants too.
    ToggleExact,
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
    /// In the bookmark list: bring back the entry deleted last.
    Undo,
    /// Start filtering the tree by typing a place name (pinyin works); a char may come with it.
    Filter(Option<char>),
    /// Open (or close) a second report side by side.
    Compare,
    /// The current query's trend across years and places.
    Trend,
    /// The current query's concordance (every occurrence in its context).
    Kwic,
    /// The targets every report sets, as a table of indicators or places by year.
    Targets,
    /// In the targets view: type a filter of the indicators.
    StudyFilter,
    /// In the trend: the year before (-1) or after (1).
    Year(isize),
    /// In a research view: the next scope (all, this place, by place).
    StudyScope,
    /// In the trend by place: the selected place alone.
    StudyPlace,
    /// In the trend: draw the variant hits too, or not.
    ToggleVariants,
    /// In the concordance: the next order (place, left context, right context).
    StudySort,
    /// In the search panel: the keys to the results list, or back to the query line.
    ToggleResults,
    /// In the results list: mark the chosen hit (or unmark it), and move on.
    ToggleMark,
    /// In the search panel: write the marked hits (or all) to a file.
    Write,
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
