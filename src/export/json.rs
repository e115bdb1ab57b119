//! JSON Lines that are safe on a terminal.
//!
//! serde_json escapes C0 controls but writes C1 controls (U+0080–U+009F, which some
//! terminals obey as escape sequences), bidi controls (which reorder what is shown) and
//! U+2028/U+2029 (which some terminals and JavaScript take as line breaks) as they are.
//! Here each of those is written as a `\uXXXX` escape, so the line is still valid JSON
//! meaning the same text, and printing it on a tty does nothing but print it.

use serde::Serialize;
use std::io;

/// Would a terminal act on `c` rather than show it?
fn needs_escape(c: char) -> bool {
    matches!(c,
        '\u{7f}'..='\u{9f}'
        | '\u{061c}'
        | '\u{200e}' | '\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}')
}

struct Safe;

impl serde_json::ser::Formatter for Safe {
    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if needs_escape(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
}

/// `value` as one line of JSON, with [`needs_escape`] chars escaped.
pub fn line(value: &impl Serialize) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Safe);
    value.serialize(&mut ser).expect("a value in memory serialises");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Defect 11 of issue 13: `search --json` on a tty wrote raw C1, bidi and U+2028 chars.
    #[test]
    fn raw_control_characters_from_the_cli_json_are_escaped() {
        let text = "石墨\u{9b}31m\u{202e}烯\u{2028}产业\u{2029}\u{7f}\u{1b}]0;T\u{7}";
        let got = line(&serde_json::json!({ "text": text }));
        assert_eq!(got, r#"{"text":"石墨\u009b31m\u202e烯\u2028产业\u2029\u007f\u001b]0;T\u0007"}"#);
        assert!(got.chars().all(|c| !c.is_control() && !needs_escape(c)), "{got}");
        // Still the same text to a JSON reader.
        let back: serde_json::Value = serde_json::from_str(&got).unwrap();
        assert_eq!(back["text"], text);
        // Nothing changes for clean text, keys included.
        let clean = serde_json::json!({ "地区": "鸡西市", "n": 3, "引文": "“三大战略”——①" });
        assert_eq!(line(&clean), serde_json::to_string(&clean).unwrap());
    }
}
