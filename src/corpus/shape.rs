//! The file's shape before its lines: text exported from spreadsheets with its line
//! breaks escaped, markup (HTML pages, TMX translation memories), literal `<U+00A0>`
//! tokens, and bilingual files whose English lines are set aside.
//!
//! Works on decoded text and knows nothing of reports' structure.

use std::borrow::Cow;

/// Undo what exporters did to a text's line breaks and markup. Returns the text as lines
/// would be read from a plain file.
pub fn unwrap(text: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    if let Some(s) = unescape_breaks(&out) {
        out = Cow::Owned(s);
    }
    if let Some(s) = strip_markup(&out) {
        out = Cow::Owned(s);
    }
    if out.contains("<U+") || out.contains("<u+") {
        out = Cow::Owned(unicode_tokens(&out));
    }
    out
}

/// Spreadsheet cells and JSON strings store line breaks as the two chars `\n` (or `\r\n`).
/// When such escapes outnumber the real line breaks, the text is one record: turn them
/// back into breaks (and `\t` into a tab).
fn unescape_breaks(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    // Most files hold no backslash at all.
    let escaped = memchr::memchr_iter(b'\\', bytes).filter(|&i| matches!(bytes.get(i + 1), Some(b'n' | b'r'))).count();
    if escaped < 3 {
        return None;
    }
    let real = memchr::memchr_iter(b'\n', bytes).count();
    if escaped <= real * 2 {
        return None;
    }
    let s = text.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\r", "\n").replace("\\t", "\t");
    // A cell exported with quotes around it, and doubled quotes inside ("" for ").
    let s = s.trim();
    let s = s.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(s);
    Some(s.replace("\"\"", "\""))
}

/// Does the text read as markup (an HTML page or a TMX/XML file) rather than plain text
/// that happens to hold an angle bracket?
fn is_markup(text: &str) -> bool {
    // Markup has many tags; a plain text has few angle brackets or none.
    if memchr::memchr_iter(b'<', text.as_bytes()).take(10).count() < 10 {
        return false;
    }
    let head: String = text.chars().take(4000).collect::<String>().to_ascii_lowercase();
    if head.contains("<tmx") || head.contains("<html") || head.contains("<!doctype html") {
        return true;
    }
    let tags = ["<p>", "<p ", "</p>", "<br", "<div", "</div>", "<span", "<seg>", "<td"];
    let lower = text.to_ascii_lowercase();
    tags.iter().map(|t| lower.matches(t).count()).sum::<usize>() >= 10
}

/// Text of an HTML page or TMX file: block-level tags become line breaks, other tags go,
/// scripts and styles go with their content, entities are decoded. In a TMX file only the
/// Chinese segments are kept.
fn strip_markup(text: &str) -> Option<String> {
    if !is_markup(text) {
        return None;
    }
    let mut out = String::with_capacity(text.len() / 2);
    // Lowercased once for finding closing tags (ASCII lowercasing keeps byte offsets).
    let lower = text.to_ascii_lowercase();
    let mut rest = text;
    // In a TMX file, the language of the segment being read, from <tuv xml:lang="…">.
    let tmx = text.contains("<tuv") || text.contains("<TUV");
    let mut keep = !tmx;
    // Tags that were found with no closing tag after them: none will be found later either,
    // so the rest of the text is searched once per name, not once per opening tag.
    let mut unclosed: Vec<String> = Vec::new();
    while let Some(lt) = rest.find('<') {
        if keep {
            out.push_str(&decode_entities(&rest[..lt]));
        }
        let after = &rest[lt..];
        let Some(gt) = after.find('>') else {
            out.push_str(&decode_entities(after));
            rest = "";
            break;
        };
        let tag = after[1..gt].trim().to_ascii_lowercase();
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        rest = &after[gt + 1..];
        match name.as_str() {
            "script" | "style" if !tag.starts_with('/') && !tag.ends_with('/') => {
                // Skip to the closing tag; without one, only the tag itself goes.
                let at = text.len() - rest.len();
                if !unclosed.contains(&name) {
                    match lower[at..].find(&format!("</{name}")) {
                        Some(i) => rest = &rest[i..],
                        None => unclosed.push(name.clone()),
                    }
                }
            }
            "tuv" if !tag.starts_with('/') => {
                keep = tag.contains("lang=\"zh") || tag.contains("lang='zh") || tag.contains("lang=zh");
            }
            // Outside a Chinese segment (properties, notes, the other language) nothing is kept.
            "tuv" | "tu" if tmx => keep = false,
            "br" | "p" | "div" | "tr" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "seg" | "tu" | "table"
            | "section" | "article" | "title" => out.push('\n'),
            _ => {}
        }
    }
    if keep {
        out.push_str(&decode_entities(rest));
    }
    Some(out)
}

/// `&amp;` `&lt;` `&gt;` `&quot;` `&#39;` `&nbsp;` and numeric entities. `&nbsp;` becomes
/// U+00A0, which line clean-up folds like any space.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.char_indices().take(12).find(|&(_, c)| c == ';').map(|(j, _)| j);
        let decoded = end.and_then(|j| {
            let name = &after[1..j];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                "mdash" => Some('—'),
                "hellip" => Some('…'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, j + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where the next `<U+` or `<u+` starts, in one pass.
fn find_token(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    memchr::memchr_iter(b'<', b).find(|&i| matches!(b.get(i + 1), Some(b'U' | b'u')) && b.get(i + 2) == Some(&b'+'))
}

/// `<U+00A0>`, `<U+3000>`: code points written out by a converter that could not encode
/// them. Each becomes its char (controls and unknown code points are dropped).
fn unicode_tokens(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = find_token(rest) {
        out.push_str(&rest[..i]);
        let after = &rest[i + 3..];
        let hex: String = after.chars().take_while(|c| c.is_ascii_hexdigit()).take(6).collect();
        if !hex.is_empty() && after[hex.len()..].starts_with('>') {
            if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                && !c.is_control()
            {
                out.push(c);
            }
            rest = &after[hex.len() + 1..];
        } else {
            out.push_str(&rest[i..i + 3]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Is this line English rather than Chinese (a translation line in a bilingual file)?
/// Mostly Latin letters and no Han at all.
pub fn is_english(line: &str) -> bool {
    let mut letters = 0usize;
    let mut total = 0usize;
    for c in line.chars() {
        if super::meta::is_han(c) {
            return false;
        }
        if !c.is_whitespace() {
            total += 1;
            if c.is_ascii_alphabetic() {
                letters += 1;
            }
        }
    }
    letters >= 12 && letters * 2 >= total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_line_breaks_are_undone() {
        let cell = r#""政府工作报告\n——2023年1月10日在某市第十届人民代表大会第二次会议上\n市长 张三\n各位代表：\n现在，我代表市人民政府……""#;
        let out = unwrap(cell);
        assert_eq!(out.lines().count(), 5, "{out}");
        assert!(out.contains("\n市长 张三\n"));
        // A text with real breaks and one stray "\n" is left alone.
        let plain = "各位代表：\n现在我们用\\n表示换行。\n一、回顾\n";
        assert_eq!(unwrap(plain), plain);
    }

    #[test]
    fn html_becomes_lines() {
        let html = "<html><head><title>报告</title><script>var a='<p>';</script></head><body>\
            <p>各位代表：</p><p>现在，我代表&ldquo;市政府&rdquo;&nbsp;报告。</p><div>一、回顾</div>\
            <p>a</p><p>b</p><p>c</p><p>d</p><br/>段&#20013;</body></html>";
        let out = unwrap(html);
        let lines: Vec<&str> = out.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        assert!(lines.contains(&"各位代表："), "{lines:?}");
        assert!(lines.contains(&"现在，我代表“市政府”\u{a0}报告。"), "{lines:?}");
        assert!(lines.contains(&"段中"), "{lines:?}");
        assert!(!out.contains("var a"), "{out}");
    }

    #[test]
    fn tmx_keeps_the_chinese_segments() {
        let tmx = r#"<?xml version="1.0"?><tmx version="1.4"><body>
<tu><tuv xml:lang="zh-CN"><seg>各位代表：</seg></tuv><tuv xml:lang="en"><seg>Fellow Deputies,</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>现在，我代表国务院，向大会作政府工作报告。</seg></tuv><tuv xml:lang="en-US"><seg>On behalf of the State Council, I will now report to you.</seg></tuv></tu>
</body></tmx>"#;
        let out = unwrap(tmx);
        assert!(out.contains("各位代表："), "{out}");
        assert!(out.contains("现在，我代表国务院"), "{out}");
        assert!(!out.contains("Fellow"), "{out}");
        assert!(!out.contains("State Council"), "{out}");
    }

    #[test]
    fn unicode_tokens_become_chars() {
        assert_eq!(unwrap("市长<U+00A0>龚正<U+200B>"), "市长\u{a0}龚正\u{200b}");
        assert_eq!(unwrap("a<U+zz>b"), "a<U+zz>b");
    }

    #[test]
    fn english_lines() {
        assert!(is_english("On behalf of the State Council, I will now report to you on the work of the government."));
        assert!(!is_english("GDP增长5.2%"));
        assert!(!is_english("2023-01-10"));
    }
}
