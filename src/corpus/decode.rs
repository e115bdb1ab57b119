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
}

/// Decode a file's bytes. UTF-8 (with or without BOM) and UTF-16 with a BOM are
/// taken as they say; anything else that is not valid UTF-8 is detected with
/// chardetng (in practice GB18030/GBK for these reports).
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (enc, body): (&'static Encoding, &[u8]) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (UTF_8, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (UTF_16LE, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (UTF_16BE, rest)
    } else {
        if looks_binary(bytes) {
            return Err(DecodeError::Binary);
        }
        if let Ok(text) = std::str::from_utf8(bytes) {
            // The common case: no second pass through encoding_rs.
            if text.trim_ascii().is_empty() {
                return Err(DecodeError::Empty);
            }
            return Ok(Decoded { text: text.to_owned(), encoding: UTF_8.name(), had_errors: false });
        } else {
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(bytes, true);
            let guess = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
            // Chinese text that is not UTF-8 is GB18030 (a superset of GBK/GB2312) in practice;
            // chardetng may say GBK, which encoding_rs decodes as GB18030 anyway.
            let enc = if guess == UTF_8 { GB18030 } else { guess };
            (enc, bytes)
        }
    };
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    let (text, had_errors) = enc.decode_without_bom_handling(body);
    Ok(Decoded { text: text.into_owned(), encoding: enc.name(), had_errors })
}

/// NUL bytes, or many control bytes, mean this is not a text file (UTF-16 without a BOM included).
/// Many NUL or control bytes mean this is not a text file (UTF-16 without a BOM
/// included). A stray NUL or escape in a text file is kept: the sanitiser shows it.
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
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&text[start..i]);
                i += 1;
                start = i;
            }
            b'\r' => {
                lines.push(&text[start..i]);
                i += 1;
                while i < bytes.len() && bytes[i] == b'\r' {
                    i += 1;
                }
                if i < bytes.len() && bytes[i] == b'\n' {
                    i += 1;
                }
                start = i;
            }
            _ => i += 1,
        }
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
}
