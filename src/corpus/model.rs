//! The report model: what the rest of the program reads. Immutable once built.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use super::gazetteer::Level;

/// Where a metadata field's value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// Read from the report's own text.
    #[serde(rename = "text")]
    Text,
    /// Taken from the file's name (`2017年鸡西市政府工作报告.txt`, `1954.txt`).
    #[serde(rename = "file name")]
    FileName,
    /// Given by the folder's `catalog.tsv`.
    #[serde(rename = "catalogue")]
    Catalogue,
}

/// Facts about a report, taken from its text, its file name or a catalogue (see `origin`).
/// Unknown values are `None`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Meta {
    /// A citation-ready title such as "2017年鸡西市政府工作报告".
    pub title: String,
    pub place: Option<String>,
    pub level: Option<Level>,
    pub province: Option<String>,
    /// The prefecture-level city of a district or county.
    pub parent: Option<String>,
    /// The GB/T 2260 code of the place, used to sort the tree.
    #[serde(skip)]
    pub code: Option<u32>,
    /// The year the report was delivered.
    pub year: Option<i32>,
    /// The date of delivery, ISO 8601 (YYYY-MM-DD).
    pub date: Option<String>,
    /// e.g. "第十五届人民代表大会第一次会议".
    pub session: Option<String>,
    pub speaker: Option<String>,
    /// e.g. 市长, 代市长, 区长, 省长.
    pub speaker_title: Option<String>,
    /// The publisher named by the text (来源).
    pub source: Option<String>,
    /// Where the report is published, when known (a catalogue's `url` column).
    pub url: Option<String>,
    /// Where each known field came from, keyed by field name ("place", "year", "date",
    /// "speaker", "title", "url"). A field that is `None` has no entry.
    pub origin: BTreeMap<&'static str, Origin>,
}

/// What a paragraph is, which decides how it is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A heading on a line of its own, level 1 (一、) to 3 (1.).
    Heading(u8),
    /// Ordinary running text; indented by two full-width spaces when shown.
    Body,
    /// The address to the delegates (各位代表：), not indented.
    Salutation,
    /// A numbered glossary entry (名词解释), not indented.
    Glossary,
}

/// One paragraph of a report. `text` is cleaned and never holds a line break.
#[derive(Clone, Debug, PartialEq)]
pub struct Paragraph {
    pub text: String,
    pub kind: Kind,
    /// How many leading chars are a run-in heading ("（一）综合施策…进展" before "。面对…"), 0 if none.
    pub lead: usize,
}

/// An outline entry. Levels: 1 一、, 2 （一）, 3 1./1、/（1）, 4 一是/第一， (points).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub level: u8,
    pub title: String,
    /// Index into `Report::paragraphs`.
    pub paragraph: usize,
}

/// One report: bytes in, this out.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Where it came from, as given (a path, or "bundled:NAME"): what is shown.
    pub path: String,
    /// The file's canonical absolute path (as [`crate::fsio::shown_path`]), for the saved
    /// state, so that the same relative path typed in another folder is another report;
    /// empty when it is `path` (the bundled reports, reports built in memory).
    pub key: String,
    pub meta: Meta,
    pub paragraphs: Vec<Paragraph>,
    pub sections: Vec<Section>,
    pub warnings: Vec<String>,
}

impl Report {
    /// What the saved state knows this report by: [`Report::key`], or `path` if that is empty.
    pub fn state_key(&self) -> &str {
        if self.key.is_empty() { &self.path } else { &self.key }
    }

    /// Total characters of paragraph text.
    pub fn chars(&self) -> usize {
        self.paragraphs.iter().map(|p| p.text.chars().count()).sum()
    }

    /// The sections enclosing paragraph `para`, outermost first (a breadcrumb).
    pub fn breadcrumb(&self, para: usize) -> Vec<&Section> {
        let mut trail: Vec<&Section> = Vec::new();
        for s in &self.sections {
            if s.paragraph > para {
                break;
            }
            while trail.last().is_some_and(|t| t.level >= s.level) {
                trail.pop();
            }
            trail.push(s);
        }
        trail
    }

    /// The section that starts at paragraph `para`, if one does (sections are in paragraph order).
    pub fn section_at(&self, para: usize) -> Option<&Section> {
        let i = self.sections.partition_point(|s| s.paragraph < para);
        self.sections.get(i).filter(|s| s.paragraph == para)
    }

    /// The paragraph of the section whose title best matches `title` (from another report):
    /// most shared char bigrams once the numbering (一、 （二） 1.) and digits are set aside,
    /// so 2019's and 2020's "重点工作" parts pair up. None if nothing is shared.
    pub fn section_like(&self, title: &str) -> Option<usize> {
        fn core(t: &str) -> Vec<char> {
            let t = t.trim_start_matches(|c: char| "一二三四五六七八九十（）()、.．0123456789".contains(c));
            t.chars().filter(|c| !c.is_ascii_digit() && !"，。、；：“”（）".contains(*c)).collect()
        }
        fn bigrams(c: &[char]) -> std::collections::HashSet<(char, char)> {
            c.windows(2).map(|w| (w[0], w[1])).collect()
        }
        let want = bigrams(&core(title));
        self.sections
            .iter()
            .map(|s| (bigrams(&core(&s.title)).intersection(&want).count(), s))
            .filter(|(n, _)| *n > 0)
            .max_by_key(|(n, s)| (*n, std::cmp::Reverse(s.level), std::cmp::Reverse(s.paragraph)))
            .map(|(_, s)| s.paragraph)
    }

    /// A short label for lists: "鸡西市 2017".
    pub fn label(&self) -> String {
        let place = self.meta.place.as_deref().unwrap_or("?");
        match self.meta.year {
            Some(y) => format!("{place} {y}"),
            None => place.to_string(),
        }
    }
}
