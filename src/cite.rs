//! Quoting with a citation: the text of a paragraph or section, then a line naming the
//! report, its date and the section path, as a researcher pastes it into a paper.

use crate::corpus::Report;

/// A section title shortened for a citation path: up to its first comma, then "…".
fn short_title(t: &str) -> String {
    match t.char_indices().find(|&(_, c)| c == '，' || c == ',') {
        Some((i, _)) if t[..i].chars().count() >= 4 => format!("{}…", &t[..i]),
        _ => t.to_string(),
    }
}

/// "2017-01-10" → "2017年1月10日".
fn chinese_date(iso: &str) -> Option<String> {
    let mut parts = iso.split('-');
    let y: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    Some(format!("{y}年{m}月{d}日"))
}

/// The citation line as it is unless the config's `[citation] template` says otherwise:
/// "——《2017年鸡西市政府工作报告》，2017年1月10日，三、2017年重点工作安排 › (一)坚持数量与质量并重…",
/// ending with "，https://…" when the report's source URL is known.
pub const DEFAULT_TEMPLATE: &str = "——《{title}》{，date}{，section}{，url}";

/// The fields a template may name.
pub const FIELDS: [&str; 6] = ["title", "date", "section", "url", "place", "year"];

/// One piece of a template: text as it is, or a field with the text to put before and
/// after it when the field is not empty (`{，date}`: a comma and the date, or nothing
/// without a date; `{（date）}`: the date in brackets, or nothing).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field { before: String, name: &'static str, after: String },
}

/// A citation template: text with fields in braces, `{title} {date} {section} {url}` (and
/// `{place} {year}`). Text just inside the braces around the name (`{，date}`, `{（date）}`)
/// is written only when the field has a value, so an unknown date leaves no doubled comma
/// or empty brackets; `{{` and `}}` are literal braces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template(Vec<Piece>);

impl Default for Template {
    fn default() -> Template {
        Template::parse(DEFAULT_TEMPLATE).expect("the default template parses")
    }
}

impl Template {
    /// Parse a template; an error says what is wrong (an unknown field, an unclosed brace).
    pub fn parse(s: &str) -> Result<Template, String> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '{' => {
                    let mut inner = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => inner.push(c),
                            None => return Err(format!("{{{inner} is not closed (write {{{{ for a brace)")),
                        }
                    }
                    // The field's name is the first run of a-z in the braces that is one;
                    // what stands before and after it is written with it.
                    let mut runs = Vec::new();
                    let mut start = None;
                    for (i, c) in inner.char_indices().chain(std::iter::once((inner.len(), ' '))) {
                        match (c.is_ascii_lowercase(), start) {
                            (true, None) => start = Some(i),
                            (false, Some(s)) => {
                                runs.push((s, i));
                                start = None;
                            }
                            _ => {}
                        }
                    }
                    let found =
                        runs.iter().find_map(|&(a, b)| FIELDS.iter().find(|f| **f == &inner[a..b]).map(|f| (a, b, f)));
                    let Some((a, b, name)) = found else {
                        return Err(format!(
                            "unknown field {{{inner}}}: the fields are {}",
                            FIELDS.map(|f| format!("{{{f}}}")).join(" ")
                        ));
                    };
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    pieces.push(Piece::Field { before: inner[..a].to_string(), name, after: inner[b..].to_string() });
                }
                '}' => return Err("a } with no { before it (write }} for a brace)".into()),
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Ok(Template(pieces))
    }

    /// The citation line of paragraph `para` of `report`.
    pub fn cite(&self, report: &Report, para: usize) -> String {
        let field = |name: &str| -> Option<String> {
            let m = &report.meta;
            let v = match name {
                "title" => Some(m.title.clone()),
                "date" => m.date.as_deref().and_then(chinese_date),
                "section" => {
                    let path: Vec<String> = report.breadcrumb(para).iter().map(|s| short_title(&s.title)).collect();
                    Some(path.join(" › "))
                }
                "url" => m.url.clone(),
                "place" => m.place.clone(),
                "year" => m.year.map(|y| y.to_string()),
                _ => None,
            };
            v.filter(|v| !v.is_empty())
        };
        let mut out = String::new();
        for p in &self.0 {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Field { before, name, after } => {
                    if let Some(v) = field(name) {
                        out.push_str(before);
                        out.push_str(&v);
                        out.push_str(after);
                    }
                }
            }
        }
        out
    }
}

/// The citation line for paragraph `para`, by the default template ([`DEFAULT_TEMPLATE`]).
pub fn citation(report: &Report, para: usize) -> String {
    static DEFAULT: std::sync::OnceLock<Template> = std::sync::OnceLock::new();
    DEFAULT.get_or_init(Template::default).cite(report, para)
}

/// A paragraph and its citation, ready for the clipboard.
pub fn quote_paragraph(report: &Report, para: usize, t: &Template) -> Option<String> {
    let p = report.paragraphs.get(para)?;
    Some(format!("{}\n{}", p.text, t.cite(report, para)))
}

/// The whole section holding `para` (from its heading to the next heading of the same or a
/// higher level), with the section's citation.
pub fn quote_section(report: &Report, para: usize, t: &Template) -> Option<String> {
    let crumbs = report.breadcrumb(para);
    let Some(sec) = crumbs.last() else {
        // Before the first heading: the opening paragraphs.
        let end = report.sections.first().map_or(report.paragraphs.len(), |s| s.paragraph);
        let text: Vec<&str> = report.paragraphs[..end].iter().map(|p| p.text.as_str()).collect();
        return Some(format!("{}\n{}", text.join("\n"), t.cite(report, para)));
    };
    let start = sec.paragraph;
    let end = report
        .sections
        .iter()
        .find(|s| s.paragraph > start && s.level <= sec.level)
        .map_or(report.paragraphs.len(), |s| s.paragraph);
    let text: Vec<&str> = report.paragraphs[start..end].iter().map(|p| p.text.as_str()).collect();
    Some(format!("{}\n{}", text.join("\n"), t.cite(report, start)))
}

/// The OSC 52 sequence (it belongs with the rest of the clipboard, in [`crate::clipboard`]).
pub use crate::clipboard::osc52;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;

    fn seed(place: &str) -> std::sync::Arc<Report> {
        Corpus::bundled().reports().find(|r| r.meta.place.as_deref() == Some(place)).unwrap().clone()
    }

    #[test]
    fn citation_of_each_seed() {
        let jixi = seed("鸡西市");
        let p = jixi.sections.iter().find(|s| s.title.starts_with("(一)坚持数量与质量并重")).unwrap().paragraph + 1;
        assert_eq!(
            citation(&jixi, p),
            "——《2017年鸡西市政府工作报告》，2017年1月10日，三、2017年重点工作安排 › (一)坚持数量与质量并重…"
        );
        // Three levels: 二、 › （一） › 1.
        let jilin = seed("吉林市");
        let p = jilin.sections.iter().find(|s| s.title == "1.着力建设现代产业体系").unwrap().paragraph + 1;
        assert_eq!(
            citation(&jilin, p),
            "——《2018年吉林市政府工作报告》，2018年1月17日，二、2018年工作安排 › （一）实施五大发展举措 › 1.着力建设现代产业体系"
        );
        assert!(citation(&seed("牡丹江市"), 0).starts_with("——《2020年牡丹江市政府工作报告》，2020年1月7日"));
        assert!(citation(&seed("滴道区"), 0).starts_with("——《2025年滴道区政府工作报告》，2025年1月16日"));
        assert!(citation(&seed("齐齐哈尔市"), 0).starts_with("——《2022年齐齐哈尔市政府工作报告》，2022年1月13日"));
    }

    /// Issue 16: the config's `[citation] template` sets how a citation reads; a field
    /// without a value leaves out the text inside its braces before the name.
    #[test]
    fn a_template_names_the_fields_and_drops_what_is_unknown() {
        let jixi = seed("鸡西市");
        let p = jixi.sections.iter().find(|s| s.title.starts_with("(一)坚持数量与质量并重")).unwrap().paragraph + 1;
        let t = Template::parse("{place}{year}年 {title}（{date}）{；section}{ · url} {{x}}").unwrap();
        assert_eq!(
            t.cite(&jixi, p),
            "鸡西市2017年 2017年鸡西市政府工作报告（2017年1月10日）；三、2017年重点工作安排 › (一)坚持数量与质量并重… {x}"
        );
        // The default template is the citation as it was.
        assert_eq!(Template::default().cite(&jixi, p), citation(&jixi, p));
        assert_eq!(Template::parse(DEFAULT_TEMPLATE).unwrap(), Template::default());
        for bad in ["{titel}", "{title", "title}", "{}"] {
            let e = Template::parse(bad).unwrap_err();
            assert!(!e.is_empty(), "{bad}");
        }
        assert!(Template::parse("{titel}").unwrap_err().contains("{title} {date} {section} {url}"));
        // From the trial: text after the name is written with it, brackets round a field
        // that may be unknown (鸡西's report has no url).
        let t = Template::parse("《{title}》{（date）}{（url）}").unwrap();
        assert_eq!(t.cite(&jixi, p), "《2017年鸡西市政府工作报告》（2017年1月10日）");
        assert_eq!(Template::parse("{see url}").unwrap().cite(&jixi, p), "");
    }

    #[test]
    fn citation_ends_with_the_url_when_known() {
        use crate::corpus::{Kind, Paragraph, Section};
        let mut r = Report {
            paragraphs: vec![
                Paragraph { text: "一、过去一年的工作".into(), kind: Kind::Heading(1), lead: 0 },
                Paragraph { text: "过去一年……".into(), kind: Kind::Body, lead: 0 },
            ],
            sections: vec![Section { level: 1, title: "一、过去一年的工作".into(), paragraph: 0 }],
            ..Report::default()
        };
        r.meta.title = "2024年国务院政府工作报告".into();
        r.meta.date = Some("2024-03-05".into());
        assert_eq!(citation(&r, 1), "——《2024年国务院政府工作报告》，2024年3月5日，一、过去一年的工作");
        r.meta.url = Some("https://example.org/2024".into());
        assert_eq!(
            citation(&r, 1),
            "——《2024年国务院政府工作报告》，2024年3月5日，一、过去一年的工作，https://example.org/2024"
        );
        assert!(
            quote_paragraph(&r, 1, &Template::default()).unwrap().ends_with("过去一年的工作，https://example.org/2024")
        );
        // Before the first heading, with no date: the title, then the URL.
        r.meta.date = None;
        r.sections[0].paragraph = 1;
        assert_eq!(citation(&r, 0), "——《2024年国务院政府工作报告》，https://example.org/2024");

        // A bundled national report names its Wikisource page.
        let c = Corpus::bundled();
        let n = c.reports().find(|r| r.path == "bundled:national/2024.txt").unwrap();
        let line = citation(n, n.paragraphs.len() - 1);
        assert!(line.starts_with("——《2024年中华人民共和国国务院政府工作报告》"), "{line}");
        assert!(line.ends_with(&format!("，{}", n.meta.url.as_deref().unwrap())), "{line}");
        assert!(line.contains("，https://zh.wikisource.org/wiki/2024"), "{line}");
    }

    #[test]
    fn quotes_and_osc52() {
        let jilin = seed("吉林市");
        let p = jilin.sections.iter().find(|s| s.title == "（二）打好三大攻坚战").unwrap().paragraph;
        let q = quote_paragraph(&jilin, p + 1, &Template::default()).unwrap();
        assert!(q.starts_with("打好三大攻坚战是党中央") && q.ends_with("（二）打好三大攻坚战"), "{q}");
        let sec = quote_section(&jilin, p + 2, &Template::default()).unwrap();
        assert!(sec.starts_with("（二）打好三大攻坚战\n") && sec.contains("打好污染防治攻坚战"));
        assert!(!sec.contains("（三）强化一大载体支撑\n"));
        assert_eq!(osc52("石墨"), "\u{1b}]52;c;55+z5aKo\u{7}");
    }
}
