//! Search: the query syntax (fzf's), the matchers (fuzzy, exact, pinyin), ranking and
//! the corpus-wide search. Returns hits that name (report, paragraph, char indices).
//! Knows nothing of terminals or ratatui.

pub mod engine;
pub mod fold;
pub mod index;
pub mod matcher;
pub mod pinyin;
pub mod query;

pub use engine::{Filter, Hit, search};
pub use matcher::Matcher;
pub use query::Query;
