//! Metadata from a report's opening lines (the part before 各位代表): place, dates,
//! session, speaker. Uses the gazetteer to resolve a place to its province and parent.

use super::gazetteer::{Gazetteer, Level};
use super::model::{Meta, Origin};
use regex::Regex;
use std::sync::OnceLock;

const NUM: &str = "一二三四五六七八九十〇零";

fn dateline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(\d{{4}})年(\d{{1,2}})月(\d{{1,2}})日[^\d]{{0,3}}?在([^第在]{{0,24}}?)(第[{NUM}]+届)([^第]{{0,12}}?)人民代表大会(常务委员会)?(第[{NUM}]+次)(?:全体)?会议"
        ))
        .expect("valid regex")
    })
}

fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(\d{4})年(\d{1,2})月(\d{1,2})日").expect("valid regex"))
}

fn title_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:(\d{4})年(?:度)?)?([^\d()（）]{0,20}?)(?:人民)?政府工作报告").expect("valid regex")
    })
}

/// Speaker titles, longest first so that 代市长 wins over 市长.
const SPEAKER_TITLES: &[&str] = &[
    "国务院总理",
    "代理省长",
    "代理市长",
    "代省长",
    "代市长",
    "代区长",
    "代县长",
    "代州长",
    "代盟长",
    "代旗长",
    "代主席",
    "省长",
    "市长",
    "区长",
    "县长",
    "州长",
    "盟长",
    "旗长",
    "主席",
    "总理",
];

fn iso(y: &str, m: &str, d: &str) -> Option<(i32, String)> {
    let y: i32 = y.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    if !(1949..=2200).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some((y, format!("{y:04}-{m:02}-{d:02}")))
}

/// Find a speaker line: "市长刘非", "代市长 沈宏宇", "牡丹江市人民政府市长 王文力".
fn speaker(line: &str) -> Option<(String, String)> {
    let line = line.trim_start_matches(['—', '―', '-', '─', '(', '（', ' ']).trim_end_matches([')', '）']);
    if line.chars().count() > 24 {
        return None;
    }
    for t in SPEAKER_TITLES {
        if let Some(pos) = line.rfind(t) {
            let before = &line[..pos];
            let name = &line[pos + t.len()..];
            let name = name.trim_start_matches([':', '：', ' ']);
            let n = name.chars().count();
            let name_ok = (2..=5).contains(&n) && name.chars().all(|c| is_han(c) || c == '·');
            let before_ok = before.is_empty() || before.ends_with("政府") || before.ends_with("人民政府");
            if name_ok && before_ok {
                let title = t.replace("代理", "代");
                return Some((title, name.to_string()));
            }
        }
    }
    None
}

pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0x20000..=0x3134f)
}

/// Set the place from a name as written ("鸡西市", "全国", "滴道区"): resolved through the
/// gazetteer to its level, province, parent city and code, with `context` (the report text)
/// deciding between places that share a name. A name the gazetteer does not know is kept
/// as written, with no level.
pub fn set_place(meta: &mut Meta, written: &str, context: &str) {
    meta.level = None;
    meta.province = None;
    meta.parent = None;
    meta.code = None;
    if written == "全国" || written.contains("国务院") {
        meta.place = Some("全国".to_string());
        meta.level = Some(Level::National);
        return;
    }
    let gaz = Gazetteer::bundled();
    match gaz.resolve(written, context) {
        Some(d) => {
            meta.place = Some(d.name.clone());
            meta.level = Some(d.level);
            meta.code = Some(d.code);
            meta.province = gaz.province_of(d).filter(|p| p.code != d.code).map(|p| p.name.clone());
            if d.level == Level::Province {
                meta.province = Some(d.name.clone());
            }
            meta.parent = gaz.parent_city_of(d).map(|p| p.name.clone());
        }
        None => meta.place = Some(written.to_string()),
    }
}

/// The citation-ready title for a place and year: "2017年鸡西市政府工作报告",
/// "2024年国务院政府工作报告". None while either is unknown.
pub fn canonical_title(meta: &Meta) -> Option<String> {
    match (&meta.place, meta.year) {
        (Some(_), Some(y)) if meta.level == Some(Level::National) => Some(format!("{y}年国务院政府工作报告")),
        (Some(p), Some(y)) => Some(format!("{y}年{p}政府工作报告")),
        _ => None,
    }
}

/// Build the metadata from the header lines, the whole body text (for disambiguating
/// place names) and the source found in web chrome.
pub fn extract(header: &[String], body_text: &str, source: Option<String>) -> Meta {
    let gaz = Gazetteer::bundled();
    let joined: String = header.concat();
    let mut meta = Meta { source, ..Meta::default() };

    let mut place_text: Option<String> = None;
    let mut national = false;
    if let Some(c) = dateline_re().captures(&joined) {
        if let Some((y, date)) = iso(&c[1], &c[2], &c[3]) {
            meta.year = Some(y);
            meta.date = Some(date);
        }
        let between = c.get(6).map_or("", |m| m.as_str());
        national = between.contains("全国");
        let session_place = if national { between } else { "" };
        meta.session =
            Some(format!("{}{}人民代表大会{}{}会议", &c[5], session_place, c.get(7).map_or("", |m| m.as_str()), &c[8]));
        let p = c[4].trim_matches(|ch: char| !is_han(ch));
        if !p.is_empty() {
            place_text = Some(p.to_string());
        }
    }

    // The title line: the first header line that names a 政府工作报告.
    let title_line = header.iter().find(|l| l.contains("工作报告"));
    if let Some(t) = title_line
        && let Some(c) = title_re().captures(t)
    {
        if meta.year.is_none() {
            meta.year = c.get(1).and_then(|m| m.as_str().parse().ok());
        }
        let p = c[2].trim_matches(|ch: char| !is_han(ch));
        if place_text.is_none() && !p.is_empty() {
            place_text = Some(p.to_string());
        }
    }
    // A date in the opening lines that is not a publishing stamp (those were dropped as chrome).
    if meta.date.is_none() {
        for line in header {
            if let Some(c) = date_re().captures(line)
                && let Some((y, date)) = iso(&c[1], &c[2], &c[3])
                && meta.year.is_none_or(|yy| yy == y)
            {
                meta.year = Some(y);
                meta.date = Some(date);
                break;
            }
        }
    }

    for line in header {
        if let Some((t, n)) = speaker(line) {
            meta.speaker_title = Some(t);
            meta.speaker = Some(n);
            break;
        }
    }

    if national || place_text.as_deref().is_some_and(|p| p.contains("国务院") || p == "全国") {
        set_place(&mut meta, "全国", "");
    } else {
        let context = format!("{joined}{body_text}");
        match place_text {
            Some(p) => set_place(&mut meta, &p, &context),
            None => {
                if let Some(d) = title_line.and_then(|t| gaz.find_in(t)).or_else(|| gaz.find_in(&joined)) {
                    let name = d.name.clone();
                    set_place(&mut meta, &name, &context);
                }
            }
        }
    }

    for (field, known) in [
        ("place", meta.place.is_some()),
        ("year", meta.year.is_some()),
        ("date", meta.date.is_some()),
        ("speaker", meta.speaker.is_some()),
    ] {
        if known {
            meta.origin.insert(field, Origin::Text);
        }
    }
    meta.title =
        canonical_title(&meta).unwrap_or_else(|| title_line.cloned().unwrap_or_else(|| "政府工作报告".to_string()));
    meta.origin.insert("title", Origin::Text);
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_lines() {
        assert_eq!(speaker("市长刘非"), Some(("市长".into(), "刘非".into())));
        assert_eq!(speaker("代市长沈宏宇"), Some(("代市长".into(), "沈宏宇".into())));
        assert_eq!(speaker("牡丹江市人民政府市长王文力"), Some(("市长".into(), "王文力".into())));
        assert_eq!(speaker("区长陈文波"), Some(("区长".into(), "陈文波".into())));
        assert_eq!(speaker("各位代表："), None);
        assert_eq!(speaker("市长热线电话服务中心建设情况"), None);
    }

    #[test]
    fn dateline_spans_lines() {
        let h = vec![
            "政府工作报告".to_string(),
            "——2025年1月16日在滴道区第十七届".to_string(),
            "人民代表大会第五次会议上".to_string(),
            "区长陈文波".to_string(),
        ];
        let m = extract(&h, "", None);
        assert_eq!(m.date.as_deref(), Some("2025-01-16"));
        assert_eq!(m.session.as_deref(), Some("第十七届人民代表大会第五次会议"));
        assert_eq!(m.place.as_deref(), Some("滴道区"));
        assert_eq!(m.parent.as_deref(), Some("鸡西市"));
        assert_eq!(m.province.as_deref(), Some("黑龙江省"));
        assert_eq!(m.speaker.as_deref(), Some("陈文波"));
    }

    #[test]
    fn national_report() {
        let h = vec![
            "政府工作报告".to_string(),
            "——2024年3月5日在第十四届全国人民代表大会第二次会议上".to_string(),
            "国务院总理李强".to_string(),
        ];
        let m = extract(&h, "", None);
        assert_eq!(m.level, Some(Level::National));
        assert_eq!(m.session.as_deref(), Some("第十四届全国人民代表大会第二次会议"));
        assert_eq!(m.speaker_title.as_deref(), Some("国务院总理"));
        assert_eq!(m.year, Some(2024));
        assert_eq!(m.title, "2024年国务院政府工作报告");
        assert_eq!(m.place.as_deref(), Some("全国"));
    }
}
