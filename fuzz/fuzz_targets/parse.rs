//! `cargo +nightly fuzz run parse`: any bytes are parsed; a report is laid out at a width
//! taken from the first byte. Nothing may panic, no paragraph may hold a line end, and
//! every row must come out of the layout clean: no control chars, and unchanged by
//! `sanitize`.
#![no_main]

use baogao::corpus::parse;
use baogao::layout::Ambiguous;
use baogao::layout::document::DocLayout;
use baogao::layout::sanitize;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let width = usize::from(first % 120) + 1;
    let amb = if first & 0x80 != 0 { Ambiguous::Wide } else { Ambiguous::Narrow };
    if let Ok(report) = parse("fuzz.txt", rest) {
        // What `tests/parse_adversarial.rs` asserts: a paragraph holds no line end, and a
        // laid-out row is already sanitised (the layout sanitises, not its caller).
        for p in &report.paragraphs {
            assert!(!p.text.contains(['\n', '\r']), "a line end in a paragraph: {:?}", p.text);
        }
        let layout = DocLayout::new(&report, width, amb);
        for row in &layout.rows {
            let text = layout.text(&report, row);
            assert!(!text.chars().any(char::is_control), "a control char in a row: {text:?}");
            assert_eq!(sanitize(text), text, "a row that is not sanitised");
        }
    }
});
