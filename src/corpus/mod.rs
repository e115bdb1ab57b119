//! The report model and how to build it: bytes in, `Report` out.
//!
//! Owns decoding, clean-up, outline, metadata, the gazetteer and folder catalogues. Knows
//! nothing of terminals, layout or search. `parse` and `catalog` are pure; `load` is the thin
//! I/O layer on top.

pub mod blocks;
pub mod cache;
pub mod catalog;
pub mod clean;
pub mod dates;
pub mod decode;
pub mod gazetteer;
pub mod load;
pub mod meta;
pub mod model;
pub mod parse;
pub mod shape;
pub mod targets;

pub use gazetteer::Level;
pub use load::{Corpus, Problem, ReportId};
pub use model::{Kind, Meta, Origin, Paragraph, Report, Section};
pub use parse::{ParseError, parse};
