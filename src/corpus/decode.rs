//! Bytes to text: BOMs, UTF-16, GB18030/GBK detection, line ends.
//!
//! Knows nothing of reports; it only turns a file's bytes into Unicode lines.

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};
use std::fmt;

/// Why bytes could not be read as a text file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    Binary,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => write!(f, "empty file"),
            DecodeError::Binary => write!(f, "binary file, not text"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decoded text and the encoding it was read as.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// True when some bytes could not be decoded and became U+FFFD.
    pub had_errors: bool,
    /// What the reader should know about how the bytes were read: where bad bytes stood,
    /// a guessed byte order. Shown with the report (`baogao inspect`).
    pub warnings: Vec<String>,
}

/// How many bad places a warning names before it only counts them.
const NAMED_OFFSETS: usize = 5;

/// Decode a file's bytes.
///
/// - A BOM says the encoding: UTF-8, UTF-16LE, UTF-16BE.
/// - Valid UTF-8 is UTF-8.
/// - UTF-16 without a BOM is recognised by its code units (see [`utf16_without_bom`]).
/// - Otherwise the bytes are UTF-8 with some bad bytes in it, or text in a legacy
///   encoding (GB18030/GBK in practice; chardetng names it). The legacy reading is taken
///   only when it is clearly better, by this measure: count the invalid UTF-8 sequences
///   (`bad`, each maximal invalid run as U+FFFD would replace it) and the valid multi-byte
///   UTF-8 chars (`good`). The legacy encoding wins only when both
///   1. UTF-8 is mostly broken: `bad * 4 > good`, more than one bad sequence for every
///      four good non-ASCII chars. A GBK file is mostly invalid UTF-8: by chance only some
///      of its byte pairs form UTF-8 chars, so `bad` is several times `good`. A UTF-8 file
///      with a stray byte, a bad patch or a cut last char has a handful of bad sequences
///      among thousands of good chars.
///   2. The legacy decoding has fewer than half as many errors (U+FFFD) as UTF-8 has bad
///      sequences: a plain ASCII note with one stray byte, which no encoding reads
///      better, stays UTF-8.
///
///   Else the file is UTF-8, decoded lossily, with a warning that names the byte offsets
///   of the first few bad sequences and their count (or says the file ends mid-char).
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (enc, body): (&'static Encoding, &[u8]) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (UTF_8, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (UTF_16LE, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (UTF_16BE, rest)
    } else {
        // simdutf8 checks Chinese text several times as fast as std's check (a tenth of a
        // cold load was spent in it); it says only whether, which is all this needs.
        let utf8 = simdutf8::basic::from_utf8(bytes).ok();
        // Only bytes that are not UTF-8, or are full of NULs (ASCII in UTF-16), may be
        // UTF-16: plain English read as code units can look like ideographs.
        if (utf8.is_none() || many_nuls(bytes))
            && let Some(enc) = utf16_without_bom(bytes)
        {
            let mut d = decode_as(enc, bytes, 0)?;
            d.warnings.insert(0, format!("no byte-order mark; read as {} by its code units", enc.name()));
            return Ok(d);
        }
        if looks_binary(bytes) {
            return Err(DecodeError::Binary);
        }
        if let Some(text) = utf8 {
            // The common case: no second pass through encoding_rs.
            if text.trim_ascii().is_empty() {
                return Err(DecodeError::Empty);
            }
            return Ok(Decoded { text: text.to_owned(), encoding: UTF_8.name(), had_errors: false, warnings: vec![] });
        }
        let damage = Utf8Damage::of(bytes);
        if damage.bad * 4 > damage.good {
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(bytes, true);
            let guess = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
            // Chinese text that is not UTF-8 is GB18030 (a superset of GBK/GB2312) in practice;
            // chardetng may say GBK, which encoding_rs decodes as GB18030 anyway.
            let enc = if guess == UTF_8 { GB18030 } else { guess };
            let legacy = decode_as(enc, bytes, 0)?;
            let errors = if legacy.had_errors { legacy.text.chars().filter(|&c| c == '\u{fffd}').count() } else { 0 };
            if errors * 2 < damage.bad {
                return Ok(legacy);
            }
        }
        (UTF_8, bytes)
    };
    decode_as(enc, body, bytes.len() - body.len())
}

/// `body` decoded as `enc` (no BOM handling), or Empty when it holds nothing but spaces.
/// `base` is where `body` starts in the file (after a BOM), for the offsets a warning names.
fn decode_as(enc: &'static Encoding, body: &[u8], base: usize) -> Result<Decoded, DecodeError> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    let (text, had_errors) = enc.decode_without_bom_handling(body);
    let mut warnings = Vec::new();
    if had_errors {
        warnings.push(if enc == UTF_8 {
            Utf8Damage::of(body).warning(base, base + body.len())
        } else {
            format!("some bytes were not valid {} and are shown as �", enc.name())
        });
    }
    Ok(Decoded { text: text.into_owned(), encoding: enc.name(), had_errors, warnings })
}

/// Where bytes that are not UTF-8 stand in a file that is not valid UTF-8.
struct Utf8Damage {
    /// Invalid sequences, each a maximal run that becomes one U+FFFD.
    bad: usize,
    /// Valid multi-byte chars.
    good: usize,
    /// Byte offsets of the first few bad sequences.
    first: Vec<usize>,
    /// The last bad sequence is a char cut off by the end of the file.
    cut_at_end: bool,
}

impl Utf8Damage {
    fn of(bytes: &[u8]) -> Utf8Damage {
        let mut d = Utf8Damage { bad: 0, good: 0, first: Vec::new(), cut_at_end: false };
        let mut at = 0;
        for chunk in bytes.utf8_chunks() {
            let valid = chunk.valid().as_bytes();
            // Lead bytes of multi-byte chars (no decoding needed).
            d.good += valid.iter().filter(|&&b| b >= 0xC0).count();
            at += valid.len();
            let invalid = chunk.invalid();
            if !invalid.is_empty() {
                d.bad += 1;
                if d.first.len() < NAMED_OFFSETS {
                    d.first.push(at);
                }
                at += invalid.len();
                d.cut_at_end =
                    at == bytes.len() && std::str::from_utf8(invalid).is_err_and(|e| e.error_len().is_none());
            }
        }
        d
    }

    /// The warning for a file read as UTF-8 despite its bad bytes; the bytes looked at
    /// start at `base` in a file of `len` bytes.
    fn warning(&self, base: usize, len: usize) -> String {
        let offsets: Vec<String> = self.first.iter().map(|o| (base + o).to_string()).collect();
        match (self.bad, self.cut_at_end) {
            (1, true) => {
                format!("the file ends in the middle of a UTF-8 char (at byte offset {} of {len})", offsets[0])
            }
            (1, false) => format!("a byte that is not valid UTF-8 is shown as � (at byte offset {})", offsets[0]),
            (n, _) => {
                let more = if n > self.first.len() { ", …" } else { "" };
                let end = if self.cut_at_end { "; the last is a char cut off by the end of the file" } else { "" };
                format!(
                    "{n} places that are not valid UTF-8 are shown as � (at byte offsets {}{more}){end}",
                    offsets.join(", ")
                )
            }
        }
    }
}

/// UTF-16 without a byte-order mark: the order whose code units read as plausible text.
///
/// Looks at the first 64 KiB. A code unit is plausible when it is ASCII text (printable,
/// tab, line ends), a CJK ideograph (U+4E00–U+9FFF), CJK punctuation (U+3000–U+303F),
/// full-width forms (U+FF00–U+FFEF) or general punctuation (U+2000–U+206F); a surrogate
/// counts when it is paired. UTF-16 is taken when one byte order makes at least 90% of the
/// units plausible and at least three times as many as the other order does. Chinese
/// text in UTF-16 passes easily (its line ends, digits and punctuation swapped land in
/// scripts a report never uses); UTF-8 and GBK bytes read as code units mostly land in
/// private use, Hangul and other implausible ranges, so they never do.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(64 * 1024) & !1];
    if sample.len() < 8 {
        return None;
    }
    let score = |be: bool| -> usize {
        let units: Vec<u16> = sample
            .chunks_exact(2)
            .map(|p| if be { u16::from_be_bytes([p[0], p[1]]) } else { u16::from_le_bytes([p[0], p[1]]) })
            .collect();
        let mut ok = 0;
        let mut i = 0;
        while i < units.len() {
            let u = units[i];
            let plausible = matches!(u, 0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0x2000..=0x206F | 0x3000..=0x303F | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF);
            if plausible {
                ok += 1;
            } else if (0xD800..=0xDBFF).contains(&u) && units.get(i + 1).is_some_and(|v| (0xDC00..=0xDFFF).contains(v))
            {
                ok += 2;
                i += 1;
            }
            i += 1;
        }
        ok
    };
    let units = sample.len() / 2;
    let (le, be) = (score(false), score(true));
    let (best, other, enc) = if le >= be { (le, be, UTF_16LE) } else { (be, le, UTF_16BE) };
    (best * 10 >= units * 9 && best >= other * 3).then_some(enc)
}

/// More than one byte in 100 is NUL: UTF-16 of text with ASCII in it, or binary.
fn many_nuls(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    sample.iter().filter(|&&b| b == 0).count() * 100 > sample.len().max(1)
}

/// Many NUL or control bytes mean this is not a text file (UTF-16 without a BOM is
/// recognised before this is asked). A stray NUL or escape in a text file is kept: the
/// sanitiser shows it.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    let controls = sample.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b)).count();
    nuls * 100 > sample.len().max(1) || controls * 20 > sample.len().max(1)
}

/// Split text into lines on LF, CRLF, CR and CR CR LF; each break counts once.
///
/// Works on bytes: CR and LF are ASCII, so every cut is at a char boundary.
pub fn split_lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    // memchr jumps from one line end to the next (a byte at a time was a twelfth of a load).
    while let Some(off) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
        let at = i + off;
        lines.push(&text[start..at]);
        i = at + 1;
        if bytes[at] == b'\r' {
            while i < bytes.len() && bytes[i] == b'\r' {
                i += 1;
            }
            if i < bytes.len() && bytes[i] == b'\n' {
                i += 1;
            }
        }
        start = i;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_each_count_once() {
        assert_eq!(split_lines("a\nb\r\nc\rd\r\r\ne"), vec!["a", "b", "c", "d", "e"]);
        assert_eq!(split_lines("a\n\nb"), vec!["a", "", "b"]);
    }

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) = GB18030.encode("各位代表：现在，我代表市人民政府，向大会报告工作，请予审议。");
        let d = decode(&bytes).unwrap();
        assert!(d.text.starts_with("各位代表"), "{}", d.text);
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "政府工作报告".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().text, "政府工作报告");
    }

    #[test]
    fn empty_and_binary() {
        assert_eq!(decode(b"").unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(b" \n\r\n").unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(b"\x7fELF\x02\x01\x01\0\0\0").unwrap_err(), DecodeError::Binary);
        // One stray NUL in a long text is kept (and shown as ␀ by the sanitiser).
        let mut text = "各位代表：现在，我代表市人民政府向大会报告工作。".repeat(20).into_bytes();
        text.insert(30, 0);
        assert!(decode(&text).is_ok());
    }
    fn jilin() -> &'static [u8] {
        crate::corpus::load::BUNDLED.iter().find(|(n, _)| *n == "jilin-2018.txt").unwrap().1
    }

    #[test]
    fn one_stray_byte_stray_ff_at_the_end_stays_utf8() {
        let mut b = jilin().to_vec();
        b.push(0xFF);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text.strip_suffix('\u{fffd}'), std::str::from_utf8(jilin()).ok());
        assert_eq!(
            d.warnings,
            [format!("a byte that is not valid UTF-8 is shown as � (at byte offset {})", jilin().len())]
        );
    }

    #[test]
    fn one_stray_byte_cut_mid_char_at_the_end_stays_utf8() {
        let mut b = jilin().to_vec();
        b.extend_from_slice(&"报".as_bytes()[..2]);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.starts_with(std::str::from_utf8(jilin()).unwrap()));
        let n = jilin().len();
        assert_eq!(
            d.warnings,
            [format!("the file ends in the middle of a UTF-8 char (at byte offset {n} of {})", n + 2)]
        );
        // With a BOM too; offsets count the BOM.
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(&b);
        assert_eq!(
            decode(&bom).unwrap().warnings,
            [format!("the file ends in the middle of a UTF-8 char (at byte offset {} of {})", n + 3, n + 5)]
        );
    }

    #[test]
    fn one_stray_byte_a_few_bad_bytes_in_the_middle_stay_utf8() {
        let good = jilin();
        // Three bad bytes at char boundaries, and a char cut in two.
        let cuts: Vec<usize> = std::str::from_utf8(good)
            .unwrap()
            .char_indices()
            .map(|(i, _)| i)
            .filter(|i| i % 997 == 0)
            .take(3)
            .collect();
        assert_eq!(cuts.len(), 3);
        let mut b = Vec::new();
        let mut last = 0;
        for &c in &cuts {
            b.extend_from_slice(&good[last..c]);
            b.push(0x80);
            last = c;
        }
        b.extend_from_slice(&good[last..]);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text.replace('\u{fffd}', ""), std::str::from_utf8(good).unwrap());
        let at: Vec<String> = cuts.iter().enumerate().map(|(k, c)| (c + k).to_string()).collect();
        assert_eq!(
            d.warnings,
            [format!("3 places that are not valid UTF-8 are shown as � (at byte offsets {})", at.join(", "))]
        );
        // Many: the first five are named, then a count.
        let mut b = good.to_vec();
        for _ in 0..7 {
            b.insert(cuts[1], 0xFF);
        }
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.warnings[0].starts_with("7 places") && d.warnings[0].ends_with(", …)"), "{:?}", d.warnings);
    }

    #[test]
    fn one_stray_byte_real_gbk_is_still_gb18030() {
        let text = std::str::from_utf8(jilin()).unwrap();
        let (bytes, _, _) = GB18030.encode(text);
        let d = decode(&bytes).unwrap();
        // chardetng names it GBK; encoding_rs decodes GBK as GB18030.
        assert!(["GBK", "gb18030"].contains(&d.encoding), "{}", d.encoding);
        assert_eq!(d.text, text);
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        // Mostly ASCII with one GBK word is GBK too; one stray byte in ASCII is not.
        let (bytes, _, _) = GB18030.encode("Notes on the report: 政府\n");
        assert_eq!(decode(&bytes).unwrap().text, "Notes on the report: 政府\n");
        let d = decode(b"Notes on the report\xff\n").unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("UTF-8", "Notes on the report\u{fffd}\n"));
    }

    fn utf16(text: &str, be: bool) -> Vec<u8> {
        text.encode_utf16().flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
    }

    #[test]
    fn one_stray_byte_utf16le_without_bom_is_read() {
        let text = std::str::from_utf8(jilin()).unwrap();
        let d = decode(&utf16(text, false)).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("UTF-16LE", text));
        assert!(d.warnings[0].contains("no byte-order mark"), "{:?}", d.warnings);
        // Without any ASCII (no zero bytes at all) too.
        let han = "各位代表：现在，我代表市人民政府，向大会报告工作，请予审议。".repeat(5);
        assert_eq!(decode(&utf16(&han, false)).unwrap().text, han);
    }

    #[test]
    fn one_stray_byte_utf16be_without_bom_is_read() {
        let text = std::str::from_utf8(jilin()).unwrap();
        let d = decode(&utf16(text, true)).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("UTF-16BE", text));
        let han = "各位代表：现在，我代表市人民政府，向大会报告工作，请予审议。".repeat(5);
        assert_eq!(decode(&utf16(&han, true)).unwrap().text, han);
        // English text is not taken for UTF-16 of ideographs.
        let en = "Just some notes in English, not a report at all.\n".repeat(20);
        assert_eq!(decode(en.as_bytes()).unwrap().encoding, "UTF-8");
    }
}
