//! Pure text layout for the report reader.
//!
//! This module owns everything about how text occupies terminal columns:
//!
//! * **display width** ([`char_width`], [`str_width`]), including the East
//!   Asian Ambiguous setting ([`Ambiguous`]);
//! * **Chinese line-breaking** ([`wrap()`]): UAX #14 tailored by W3C clreq and
//!   GB/T 15834 (no 。，、 at row start, no “《（ at row end, —— and ……
//!   never split, numbers kept with their units);
//! * **truncation** to a column budget with an ellipsis ([`truncate()`],
//!   [`fit`]);
//! * **sanitising** untrusted text before it reaches the terminal
//!   ([`sanitize()`]).
//!
//! It must not know about terminals, ratatui, or the report model: it works
//! on `&str`, columns and char offsets only, does no I/O and uses no
//! `unsafe`. Text should be sanitised first and then measured or wrapped, so
//! that the widths computed here are the widths drawn.
//!
//! The one exception is [`document`], which lays a whole `corpus::Report` out
//! into rows for one width on top of [`wrap()`]; everything else here is
//! plain text in, plain text (or offsets) out.

pub mod document;
pub mod sanitize;
pub mod snippet;
pub mod truncate;
pub mod width;
pub mod wrap;

pub use sanitize::{sanitize, sanitize_keeping_lines};
pub use snippet::snippet;
pub use truncate::{fit, truncate, truncate_start};
pub use width::{Ambiguous, char_width, str_width};
pub use wrap::{Row, WrapOptions, is_forbidden_end, is_forbidden_start, wrap};

/// The real reports under `assets/reports/`, shared by the tests.
#[cfg(test)]
pub(crate) mod test_data {
    /// File stems of the seed reports.
    pub(crate) const REPORTS: [&str; 5] = ["jixi-2017", "mudanjiang-2020", "didao-2025", "jilin-2018", "qiqihar-2022"];

    pub(crate) fn read_report(name: &str) -> String {
        let path = format!("{}{name}.txt", concat!(env!("CARGO_MANIFEST_DIR"), "/assets/reports/"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Every non-empty line, trimmed of ASCII spaces, U+3000 and NBSP.
    pub(crate) fn paragraphs(text: &str) -> Vec<&str> {
        text.lines()
            .map(|l| l.trim_matches(|c| matches!(c, ' ' | '\u{3000}' | '\u{a0}')))
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// All paragraphs of all reports, deduplicated (jixi-2017 repeats itself).
    pub(crate) fn all_paragraphs() -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for name in REPORTS {
            for p in paragraphs(&read_report(name)) {
                if seen.insert(p.to_owned()) {
                    out.push(p.to_owned());
                }
            }
        }
        out
    }
}
