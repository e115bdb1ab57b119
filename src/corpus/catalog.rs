//! A folder's `catalog.tsv`: metadata kept in a spreadsheet, which wins over what the parser
//! read from the text. Pure: the catalogue's text in, rows and row errors out; `apply` puts
//! one row onto a report. The load layer finds the file and matches rows to reports.
//!
//! The first line names the columns, in any order: `file` (required; relative to the folder
//! holding the catalogue), and any of `title`, `place`, `year`, `date`, `speaker`, `url`.
//! An empty cell leaves the parser's value alone. A bad row is skipped whole.

use super::decode::split_lines;
use super::meta::{canonical_title, set_place};
use super::model::{Origin, Report};

/// The catalogue's file name in a folder.
pub const FILE_NAME: &str = "catalog.tsv";

/// The columns a catalogue may have.
pub const COLUMNS: &[&str] = &["file", "title", "place", "year", "date", "speaker", "url"];

/// One good row. `file` is as written, relative to the catalogue's folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    /// 1-based line number in the catalogue.
    pub line: usize,
    pub file: String,
    pub title: Option<String>,
    pub place: Option<String>,
    pub year: Option<i32>,
    /// ISO 8601 (YYYY-MM-DD).
    pub date: Option<String>,
    pub speaker: Option<String>,
    pub url: Option<String>,
}

/// A line that could not be used, and why ("year 'abc' is not a year").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line number in the catalogue.
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// A parsed catalogue: the good rows, in file order, and the lines that were not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalogue {
    pub rows: Vec<Row>,
    pub errors: Vec<LineError>,
}

/// Parse a catalogue's text. `exists` says whether a file named by a row (relative to the
/// catalogue's folder) is there; a row naming a missing file is an error.
pub fn parse(text: &str, exists: impl Fn(&str) -> bool) -> Catalogue {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut cat = Catalogue::default();
    let mut lines = split_lines(text).into_iter().enumerate().filter(|(_, l)| !l.trim().is_empty());

    let Some((h, header)) = lines.next() else {
        cat.errors.push(LineError { line: 1, reason: "empty; the first line must name the columns".into() });
        return cat;
    };
    let header_line = h + 1;
    // Which field each column fills; None for a column that is ignored.
    let mut columns: Vec<Option<usize>> = Vec::new();
    for (i, name) in header.split('\t').map(cell).enumerate() {
        let lower = name.to_ascii_lowercase();
        match COLUMNS.iter().position(|c| *c == lower) {
            Some(f) if columns.contains(&Some(f)) => {
                cat.errors.push(LineError { line: header_line, reason: format!("column '{lower}' appears twice") });
                return cat;
            }
            Some(f) => columns.push(Some(f)),
            None => {
                let what = if name.is_empty() {
                    format!("column {} has no name", i + 1)
                } else {
                    format!("unknown column '{name}'")
                };
                cat.errors.push(LineError {
                    line: header_line,
                    reason: format!("{what}, ignored (columns are {})", COLUMNS.join(", ")),
                });
                columns.push(None);
            }
        }
    }
    if !columns.contains(&Some(0)) {
        cat.errors.push(LineError { line: header_line, reason: "no 'file' column; the catalogue is not used".into() });
        return cat;
    }

    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, l) in lines {
        let line = i + 1;
        match row(line, l, &columns, &exists) {
            Ok(r) => match seen.get(&r.file) {
                Some(first) => cat.errors.push(LineError {
                    line,
                    reason: format!("file '{}' is already described on line {first}; this row is ignored", r.file),
                }),
                None => {
                    seen.insert(r.file.clone(), line);
                    cat.rows.push(r);
                }
            },
            Err(reason) => cat.errors.push(LineError { line, reason }),
        }
    }
    cat
}

/// A cell's value: trimmed, and unquoted if a spreadsheet wrapped it in double quotes.
fn cell(s: &str) -> String {
    let s = s.trim();
    match s.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\"").trim().to_string(),
        None => s.to_string(),
    }
}

fn row(line: usize, text: &str, columns: &[Option<usize>], exists: &impl Fn(&str) -> bool) -> Result<Row, String> {
    let cells: Vec<String> = text.split('\t').map(cell).collect();
    if cells.len() != columns.len() {
        return Err(format!("{} columns, but the header has {}", cells.len(), columns.len()));
    }
    let mut r = Row { line, ..Row::default() };
    for (value, column) in cells.into_iter().zip(columns) {
        let Some(field) = *column else { continue };
        if value.is_empty() {
            continue;
        }
        match COLUMNS[field] {
            "file" => r.file = value,
            "title" => r.title = Some(value),
            "place" => r.place = Some(value),
            "year" => r.year = Some(year(&value).ok_or_else(|| format!("year '{value}' is not a year (1949–2100)"))?),
            "date" => {
                r.date =
                    Some(date(&value).ok_or_else(|| {
                        format!("date '{value}' is not a date (YYYY-MM-DD, YYYY/M/D or YYYY年M月D日)")
                    })?)
            }
            "speaker" => r.speaker = Some(value),
            "url" => r.url = Some(value),
            _ => unreachable!("every column has a field"),
        }
    }
    if r.file.is_empty() {
        return Err("no file named".into());
    }
    if r.file.starts_with('/') || r.file.starts_with('\\') || r.file.split(['/', '\\']).any(|part| part == "..") {
        return Err(format!("file '{}' must be inside the catalogue's folder", r.file));
    }
    if !exists(&r.file) {
        return Err(format!("file '{}' is not in the catalogue's folder", r.file));
    }
    match (r.year, &r.date) {
        (Some(y), Some(d)) if !d.starts_with(&format!("{y:04}-")) => {
            return Err(format!("date {d} is not in year {y}"));
        }
        // A report's year is the year it was delivered in.
        (None, Some(d)) => r.year = d.split('-').next().and_then(year),
        _ => {}
    }
    Ok(r)
}

fn number(s: &str, max_len: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A year the People's Republic could have a work report in.
fn year(s: &str) -> Option<i32> {
    // Full-width digits (２０１７) read as ASCII.
    let y = number(&super::meta::fold(s), 4)? as i32;
    super::dates::YEARS.contains(&y).then_some(y)
}

/// "2017-01-10", "2017/1/10", "2017年1月10日" → "2017-01-10"; None for anything else,
/// including days a month does not have.
fn date(s: &str) -> Option<String> {
    let s = super::meta::fold(s);
    let parts: Vec<&str> = if let Some(rest) = s.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        vec![y, m, d]
    } else if s.contains('/') {
        s.split('/').collect()
    } else {
        s.split('-').collect()
    };
    let [y, m, d] = parts[..] else { return None };
    if y.len() != 4 {
        return None;
    }
    let (y, m, d) = (year(y)?, number(m, 2)?, number(d, 2)?);
    let days = super::dates::days_in_month(y, m)?;
    (1..=days).contains(&d).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Put a row's values onto a report, marking each field it sets as from the catalogue. A
/// place goes through the gazetteer (the report's text decides between places sharing a
/// name). Without a title in the row, a changed place or year gives the canonical title.
pub fn apply(row: &Row, report: &mut Report) {
    let before = (report.meta.place.clone(), report.meta.year);
    if let Some(p) = &row.place {
        // The text decides between places that share a name; 全国 needs none.
        let context: String = if p == "全国" {
            String::new()
        } else {
            report.paragraphs.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n")
        };
        set_place(&mut report.meta, p, &context);
        report.meta.origin.insert("place", Origin::Catalogue);
    }
    let m = &mut report.meta;
    if let Some(y) = row.year {
        m.year = Some(y);
        m.origin.insert("year", Origin::Catalogue);
    }
    if let Some(d) = &row.date {
        m.date = Some(d.clone());
        m.origin.insert("date", Origin::Catalogue);
    } else if let (Some(y), Some(d)) = (row.year, m.date.clone())
        && !d.starts_with(&format!("{y:04}-"))
    {
        // A date read from the text that the catalogue's year contradicts.
        m.date = None;
        m.origin.remove("date");
        report.warnings.push(format!("date {d} from the text is not in the catalogue's year {y}; dropped"));
    }
    if let Some(s) = &row.speaker {
        if m.speaker.as_ref() != Some(s) {
            // The title read from the text belonged to someone else.
            m.speaker_title = None;
        }
        m.speaker = Some(s.clone());
        m.origin.insert("speaker", Origin::Catalogue);
    }
    if let Some(u) = &row.url {
        m.url = Some(u.clone());
        m.origin.insert("url", Origin::Catalogue);
    }
    if let Some(t) = &row.title {
        m.title = t.clone();
        m.origin.insert("title", Origin::Catalogue);
    } else if (m.place.clone(), m.year) != before
        && let Some(t) = canonical_title(m)
    {
        m.title = t;
        m.origin.insert("title", Origin::Catalogue);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::model::{Kind, Level, Paragraph};

    fn all(_: &str) -> bool {
        true
    }

    fn reasons(c: &Catalogue) -> Vec<String> {
        c.errors.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn good_rows_in_any_column_order() {
        let c = parse(
            "url\tyear\tfile\tplace\tdate\tspeaker\ttitle\n\
             https://a\t2017\tjixi.txt\t鸡西市\t2017/1/10\t刘非\t\n\
             \t\tb.txt\t\t2018年2月3日\t\t某报告\n",
            all,
        );
        assert_eq!(c.errors, []);
        assert_eq!(
            c.rows[0],
            Row {
                line: 2,
                file: "jixi.txt".into(),
                title: None,
                place: Some("鸡西市".into()),
                year: Some(2017),
                date: Some("2017-01-10".into()),
                speaker: Some("刘非".into()),
                url: Some("https://a".into()),
            }
        );
        // The year follows from the date; empty cells are None.
        assert_eq!(
            c.rows[1],
            Row {
                line: 3,
                file: "b.txt".into(),
                title: Some("某报告".into()),
                year: Some(2018),
                date: Some("2018-02-03".into()),
                ..Row::default()
            }
        );
    }

    #[test]
    fn bom_crlf_blank_lines_and_quotes() {
        let c = parse("\u{feff}File\tYear\r\n\r\n\"a.txt\"\t２０２０\r\nb.txt\t2021\r\n", all);
        assert_eq!(c.errors, []);
        let got: Vec<(usize, &str, Option<i32>)> = c.rows.iter().map(|r| (r.line, r.file.as_str(), r.year)).collect();
        assert_eq!(got, [(3, "a.txt", Some(2020)), (4, "b.txt", Some(2021))]);
    }

    #[test]
    fn bad_year_and_date_skip_the_row_only() {
        let c = parse(
            "file\tyear\tdate\n\
             a.txt\tabc\t\n\
             b.txt\t1900\t\n\
             c.txt\t\t2017-02-30\n\
             d.txt\t2018\t2017-01-10\n\
             e.txt\t\t2017-13-01\n\
             f.txt\t2020\t2020-02-29\n",
            all,
        );
        assert_eq!(
            reasons(&c),
            [
                "line 2: year 'abc' is not a year (1949–2100)",
                "line 3: year '1900' is not a year (1949–2100)",
                "line 4: date '2017-02-30' is not a date (YYYY-MM-DD, YYYY/M/D or YYYY年M月D日)",
                "line 5: date 2017-01-10 is not in year 2018",
                "line 6: date '2017-13-01' is not a date (YYYY-MM-DD, YYYY/M/D or YYYY年M月D日)",
            ]
        );
        assert_eq!(c.rows.len(), 1);
        assert_eq!(c.rows[0].date.as_deref(), Some("2020-02-29"));
    }

    #[test]
    fn wrong_column_count() {
        let c = parse("file\tyear\tplace\na.txt\t2017\nb.txt\t2017\t鸡西市\tx\nc.txt\t2017\t\n", all);
        assert_eq!(reasons(&c), ["line 2: 2 columns, but the header has 3", "line 3: 4 columns, but the header has 3"]);
        assert_eq!(c.rows.iter().map(|r| r.file.as_str()).collect::<Vec<_>>(), ["c.txt"]);
    }

    #[test]
    fn missing_and_outside_files() {
        let c =
            parse("file\tyear\nthere.txt\t\ngone.txt\t\n../up.txt\t\n/etc/x.txt\t\n\t2017\nthere.txt\t2018\n", |f| {
                f == "there.txt"
            });
        assert_eq!(
            reasons(&c),
            [
                "line 3: file 'gone.txt' is not in the catalogue's folder",
                "line 4: file '../up.txt' must be inside the catalogue's folder",
                "line 5: file '/etc/x.txt' must be inside the catalogue's folder",
                "line 6: no file named",
                "line 7: file 'there.txt' is already described on line 2; this row is ignored",
            ]
        );
        assert_eq!(c.rows.len(), 1);
    }

    #[test]
    fn header_problems() {
        let c = parse("file\tyaer\tplace\na.txt\t2017\t鸡西市\n", all);
        assert_eq!(
            reasons(&c),
            ["line 1: unknown column 'yaer', ignored (columns are file, title, place, year, date, speaker, url)"]
        );
        assert_eq!((c.rows[0].year, c.rows[0].place.as_deref()), (None, Some("鸡西市")));

        let c = parse("name\tyear\na.txt\t2017\n", all);
        assert_eq!(reasons(&c).last().unwrap(), "line 1: no 'file' column; the catalogue is not used");
        assert!(c.rows.is_empty());

        let c = parse("file\tyear\tYear\na.txt\t2017\t2018\n", all);
        assert_eq!(reasons(&c), ["line 1: column 'year' appears twice"]);
        assert!(c.rows.is_empty());

        assert_eq!(reasons(&parse("\u{feff}\r\n", all)), ["line 1: empty; the first line must name the columns"]);
    }

    #[test]
    fn dates() {
        for (s, want) in [
            ("2017-01-10", Some("2017-01-10")),
            ("2017-1-9", Some("2017-01-09")),
            ("2017/1/10", Some("2017-01-10")),
            ("2017年1月10日", Some("2017-01-10")),
            ("2000-02-29", Some("2000-02-29")),
            ("1900-02-29", None),
            ("2100-02-29", None),
            ("2017-01", None),
            ("2017/01-10", None),
            ("17-01-10", None),
            ("2017年1月10", None),
            ("2017-01-10x", None),
            ("", None),
        ] {
            assert_eq!(date(s).as_deref(), want, "{s}");
        }
    }

    fn report(place: &str, year: i32) -> Report {
        let mut r = Report {
            paragraphs: vec![Paragraph { text: "鸡西市石墨产业".into(), kind: Kind::Body, lead: 0 }],
            ..Report::default()
        };
        set_place(&mut r.meta, place, "");
        r.meta.year = Some(year);
        r.meta.speaker = Some("甲".into());
        r.meta.speaker_title = Some("市长".into());
        r.meta.title = canonical_title(&r.meta).unwrap();
        for f in ["place", "year", "speaker", "title"] {
            r.meta.origin.insert(f, Origin::Text);
        }
        r
    }

    #[test]
    fn apply_overrides_and_marks_origins() {
        let mut r = report("牡丹江市", 2020);
        let row = Row {
            file: "a.txt".into(),
            place: Some("鸡西市".into()),
            year: Some(2017),
            date: Some("2017-01-10".into()),
            speaker: Some("刘非".into()),
            url: Some("https://example.org/a".into()),
            ..Row::default()
        };
        apply(&row, &mut r);
        let m = &r.meta;
        assert_eq!(m.place.as_deref(), Some("鸡西市"));
        assert_eq!(m.province.as_deref(), Some("黑龙江省"));
        assert_eq!(m.level, Some(Level::City));
        assert!(m.code.is_some());
        assert_eq!((m.year, m.date.as_deref()), (Some(2017), Some("2017-01-10")));
        assert_eq!((m.speaker.as_deref(), m.speaker_title.as_deref()), (Some("刘非"), None));
        assert_eq!(m.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(m.title, "2017年鸡西市政府工作报告");
        assert!(r.warnings.is_empty());
        for f in ["place", "year", "date", "speaker", "url", "title"] {
            assert_eq!(m.origin.get(f), Some(&Origin::Catalogue), "{f}");
        }
    }

    #[test]
    fn apply_keeps_what_the_row_leaves_empty() {
        let mut r = report("鸡西市", 2017);
        let before = r.meta.clone();
        apply(&Row { file: "a.txt".into(), speaker: Some("甲".into()), ..Row::default() }, &mut r);
        // Same speaker: the title read from the text stays; nothing else changes.
        assert_eq!(r.meta.speaker_title.as_deref(), Some("市长"));
        assert_eq!(r.meta.title, before.title);
        assert_eq!(r.meta.origin.get("title"), Some(&Origin::Text));
        assert_eq!(r.meta.origin.get("place"), Some(&Origin::Text));
        assert_eq!(r.meta.origin.get("speaker"), Some(&Origin::Catalogue));

        // A national place and a given title.
        let row = Row {
            file: "1954.txt".into(),
            place: Some("全国".into()),
            year: Some(1954),
            title: Some("1954年中华人民共和国国务院政府工作报告".into()),
            ..Row::default()
        };
        apply(&row, &mut r);
        assert_eq!(r.meta.level, Some(Level::National));
        assert_eq!((r.meta.province.as_deref(), r.meta.code), (None, None));
        assert_eq!(r.meta.title, "1954年中华人民共和国国务院政府工作报告");

        // No title given, the year changes: the canonical title follows, and a date from the
        // text in another year goes.
        r.meta.date = Some("1954-09-23".into());
        r.meta.origin.insert("date", Origin::Text);
        apply(&Row { file: "x.txt".into(), year: Some(1955), ..Row::default() }, &mut r);
        assert_eq!(r.meta.title, "1955年国务院政府工作报告");
        assert_eq!((r.meta.date.as_deref(), r.meta.origin.get("date")), (None, None));
        assert_eq!(r.warnings, ["date 1954-09-23 from the text is not in the catalogue's year 1955; dropped"]);
    }
}
