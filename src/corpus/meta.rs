//! Metadata from a report's opening lines (the part before 各位代表), its first paragraphs
//! and headings, and its file name: place, year, date, session, speaker. Uses the gazetteer
//! to resolve a place to its province and parent. Traditional-script text is folded to
//! simplified for matching (國務院 → 国务院); values are taken from the folded text.

use super::dates;
use super::gazetteer::{Gazetteer, Level};
use super::model::{Meta, Origin, Paragraph, Section};
use regex::Regex;
use std::sync::OnceLock;

const NUM: &str = "一二三四五六七八九十〇零";

pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0x20000..=0x3134f)
}

/// Text for matching: traditional folded to simplified, full-width ASCII to ASCII, the
/// many middle dots of names (・ • ‧ ･) to `·`.
pub fn fold(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '・' | '•' | '‧' | '･' | '∙' | '⋅' => '·',
            _ => c,
        })
        .collect();
    if s.is_ascii() { s } else { fast2s::convert(&s) }
}

/// The first `n` chars of `s`.
pub fn first_chars(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// What the metadata is read from.
pub struct Input<'a> {
    /// The opening lines, before the speech begins.
    pub header: &'a [String],
    pub paragraphs: &'a [Paragraph],
    pub sections: &'a [Section],
    /// Where the file came from; its name may hold a year or a title.
    pub path: &'a str,
    /// A publisher named by web chrome.
    pub source: Option<String>,
}

/// Speaker titles, longest first so that 代市长 wins over 市长.
const SPEAKER_TITLES: &[&str] = &[
    "国务院代总理",
    "国务院总理",
    "常务副省长",
    "常务副市长",
    "常务副区长",
    "常务副县长",
    "代理省长",
    "代理市长",
    "代理区长",
    "代理县长",
    "代理州长",
    "代理主席",
    "代理总理",
    "代总理",
    "副总理",
    "代省长",
    "副省长",
    "代市长",
    "副市长",
    "代区长",
    "副区长",
    "代县长",
    "副县长",
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

/// Common Chinese surnames, single then compound: a name must start with one.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由巢逄禤訾庹琚郇郗隗佴";
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐",
    "端木", "西门", "南宫",
];

/// Short words that stand alone in opening lines and start like a name.
const NOT_NAMES: &[&str] =
    &["全文", "文字实录", "全文实录", "实录", "摘要", "节选", "全文下载", "各位代表", "政府工作报告"];

/// Is this a person's name: two to four Han chars starting with a surname, or a name of
/// the 艾尔肯·吐尼亚孜 kind?
fn is_name(s: &str) -> bool {
    if s.contains('·') {
        let parts: Vec<&str> = s.split('·').collect();
        return parts.len() >= 2
            && parts.iter().all(|p| (1..=10).contains(&p.chars().count()) && p.chars().all(is_han))
            && s.chars().count() <= 20;
    }
    let n = s.chars().count();
    if !(2..=4).contains(&n) || !s.chars().all(is_han) {
        return false;
    }
    let first = s.chars().next().expect("non-empty");
    SURNAMES.contains(first) || COMPOUND_SURNAMES.iter().any(|c| s.starts_with(c) && n >= 3)
}

/// Words that follow a speaker's title in a headline but are no name (市长热线, 县长信箱).
const AFTER_TITLE_NOT_NAMES: &[&str] =
    &["热线", "信箱", "办公", "讲话", "致辞", "报告", "接待", "在线", "之窗", "专栏", "工作", "会议", "批示", "签发"];

/// A name right after a speaker's title: any name, or two or three Han chars whose surname
/// the list lacks (巢, 逄 …), unless they are a word that follows a title in headlines.
fn is_name_after_title(s: &str) -> bool {
    let n = s.chars().count();
    (is_name(s) || (2..=3).contains(&n) && s.chars().all(is_han))
        && !AFTER_TITLE_NOT_NAMES.iter().any(|w| s.contains(w))
        && !NOT_NAMES.contains(&s)
}

/// Strip what stands around a name on its line: brackets, dashes, colons, stray marks
/// left by a converter (`??`, `□`).
fn trim_junk(s: &str) -> &str {
    s.trim_matches(|c: char| !is_han(c) && c != '·')
}

/// A speaker on one line: "市长刘非", "代市长 沈宏宇", "牡丹江市人民政府市长王文力",
/// "…会议上国务院总理李强". Returns (title, name, what stood before the title).
fn speaker_in(line: &str) -> Option<(String, String, String)> {
    for t in SPEAKER_TITLES {
        let mut search = line.len();
        while let Some(pos) = line[..search].rfind(t) {
            let name = trim_junk(&line[pos + t.len()..]);
            if is_name_after_title(name)
                && line[pos + t.len()..].trim_end_matches(|c: char| !is_han(c) && c != '·').ends_with(name)
            {
                let before = line[..pos].trim_end_matches(|c: char| !is_han(c));
                return Some((t.replace("代理", "代"), name.to_string(), before.to_string()));
            }
            search = pos;
        }
    }
    None
}

/// The speaker from the opening lines: on a line of its own or after the dateline, the name
/// after the title or on the next line, or a name alone after the title or dateline.
fn speaker(header: &[String], dateline_line: Option<usize>) -> Option<(Option<String>, String, String)> {
    // The part of each line after a dateline ("…会议上") is where a speaker may stand.
    let tails: Vec<&str> = header
        .iter()
        .map(|l| match l.rfind("会议上").or_else(|| l.rfind("会议")) {
            Some(i) if l[i..].starts_with("会议上") => &l[i + "会议上".len()..],
            Some(i) => &l[i + "会议".len()..],
            None => l.as_str(),
        })
        .collect();
    for (i, tail) in tails.iter().enumerate() {
        if tail.chars().count() > 40 {
            continue;
        }
        if let Some((t, n, before)) = speaker_in(tail) {
            return Some((Some(t), n, before));
        }
        // The title ends the line and the name stands on the next.
        let bare = trim_junk(tail);
        if let Some(t) = SPEAKER_TITLES.iter().find(|t| bare.ends_with(**t))
            && let Some(next) = tails.get(i + 1)
            && is_name_after_title(trim_junk(next))
        {
            let before = bare[..bare.len() - t.len()].to_string();
            return Some((Some(t.replace("代理", "代")), trim_junk(next).to_string(), before));
        }
    }
    // A name alone on the line right after the dateline.
    let line = header.get(dateline_line? + 1).map(|l| trim_junk(l))?;
    let holds_title = SPEAKER_TITLES.iter().any(|t| line.contains(t));
    (is_name(line) && !NOT_NAMES.contains(&line) && !holds_title).then(|| (None, line.to_string(), String::new()))
}

/// What a dateline says: "——2024年3月5日在第十四届全国人民代表大会第二次会议上",
/// "2023年1月10日在市十七届人大二次会议上".
struct Dateline {
    date: dates::Found,
    place: String,
    session: String,
    national: bool,
}

/// The congress part of a dateline: "在X市第十届人民代表大会第二次会议".
const SESSION: &str = r"([\p{Han}&&[^届]]{0,30}?)(第?[一二三四五六七八九十〇零]+届)?([\p{Han}&&[^第届]]{0,12}?)(?:人民代表大会|人大)(常务委员会|常委会)?(第?[一二三四五六七八九十〇零]+次)?(?:全体)?会议";

fn dateline(joined: &str) -> Option<Dateline> {
    static RE: OnceLock<Regex> = OnceLock::new();
    static AFTER: OnceLock<Regex> = OnceLock::new();
    // The date first: "——2024年3月5日在第十四届…会议上".
    let re = RE.get_or_init(|| Regex::new(&format!(r"^[^\d在]{{0,4}}?在?{SESSION}")).expect("valid regex"));
    let dates = dates::find_all(joined);
    let found = dates.iter().find_map(|d| Some((*d, re.captures(&joined[d.end..])?))).or_else(|| {
        // The date after: "在X市第十届…会议上（2023年1月12日）".
        let after = AFTER.get_or_init(|| Regex::new(&format!(r"在{SESSION}")).expect("valid regex"));
        let c = after.captures(joined)?;
        let end = c.get(0)?.end();
        let d = dates.iter().find(|d| d.start >= end && joined[end..d.start].chars().count() <= 4)?;
        Some((*d, c))
    });
    if let Some((d, c)) = found {
        let mid = c.get(3).map_or("", |m| m.as_str());
        let national = mid.contains("全国") || c[1].contains("全国");
        let with_di = |s: Option<regex::Match>| {
            s.map_or(String::new(), |m| {
                let s = m.as_str();
                if s.starts_with('第') { s.to_string() } else { format!("第{s}") }
            })
        };
        let term = with_di(c.get(2));
        let times = with_di(c.get(5));
        let committee = c.get(4).map_or("", |_| "常务委员会");
        let session = format!("{term}{}人民代表大会{committee}{times}会议", if national { "全国" } else { "" });
        let place = c[1].trim_end_matches("在").to_string();
        return Some(Dateline { date: d, place, session, national });
    }
    None
}

/// The title of the report in the opening lines: the line (or two lines) that name a
/// 工作报告, and what it says: year, place, and a date or name in brackets after it.
struct Title {
    text: String,
    year: Option<i32>,
    place: Option<String>,
    date: Option<dates::Found>,
    name: Option<String>,
}

fn title(header: &[String]) -> Option<Title> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(?:(\d{4})年(?:度)?)?([^\d（）]{0,30}?)(?:(\d{4})年(?:度)?)?(?:人民)?政府工作报告")
            .expect("valid regex")
    });
    // One line that names the report, else two that do together ("政府工作报" + "告").
    let text = header
        .iter()
        .find(|l| l.contains("工作报告"))
        .cloned()
        .or_else(|| header.windows(2).map(|w| format!("{}{}", w[0], w[1])).find(|two| two.contains("工作报告")))?;
    let mut t = Title { text: text.clone(), year: None, place: None, date: None, name: None };
    let bare = text.trim_start_matches(|c: char| !is_han(c) && !c.is_ascii_digit());
    if let Some(c) = re.captures(bare) {
        t.year = c.get(1).or(c.get(3)).and_then(|m| m.as_str().parse().ok());
        let p = c[2].trim_matches(|ch: char| !is_han(ch)).trim_start_matches("关于");
        if !p.is_empty() {
            t.place = Some(p.to_string());
        }
    }
    // "齐齐哈尔市政府工作报告(2022年1月13日 沈宏宇)"
    if let Some(open) = text.find('（') {
        let inside = &text[open..];
        if let Some(d) = dates::find_all(inside).into_iter().next() {
            t.date = Some(d);
            let rest = trim_junk(&inside[d.end..]);
            if is_name(rest) {
                t.name = Some(rest.to_string());
            }
        }
    }
    Some(t)
}

/// The year a report is delivered in, from its first part heading: "一、2023年工作回顾" is
/// read in 2024, "2024年工作安排" in 2024.
fn year_from_headings(sections: &[Section]) -> Option<i32> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"((?:19|20)\d{2})年").expect("valid regex"));
    sections.iter().filter(|s| s.level == 1).take(1).find_map(|s| {
        let t = fold(&s.title);
        let y: i32 = re.captures(&t)?[1].parse().ok()?;
        let after = &t[t.find("年")?..];
        if ["回顾", "总结", "的工作", "工作的", "执行情况"].iter().any(|w| after.contains(w)) {
            Some(y + 1)
        } else if ["安排", "任务", "要求", "目标", "计划", "打算", "重点"].iter().any(|w| after.contains(w))
        {
            Some(y)
        } else {
            None
        }
    })
}

/// A file's name without folders, the `bundled:` prefix or its extension:
/// "bundled:national/1954.txt" → "1954".
pub fn file_stem(path: &str) -> &str {
    let name = path.rsplit(['/', '\\', ':']).next().unwrap_or(path);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// A year in a file name ("2017年鸡西市政府工作报告", "1954", "report_2019_final").
fn year_from_file(stem: &str) -> Option<i32> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(?:^|[^\d])((?:19[4-9]|20\d)\d)(?:[^\d]|$)").expect("valid regex"));
    re.captures(stem)?[1].parse().ok().filter(|y| dates::YEARS.contains(y))
}

/// Words in a report's opening paragraphs that only the State Council's report says.
fn opens_as_national(opening: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(&format!(
            r"代表国务院|代表中央人民政府|受[^，。]{{0,8}}国务院的?委托|根据国务院的决定|国务院向|向(?:第[{NUM}]+届)?全国人民代表大会"
        ))
        .expect("valid regex")
    });
    re.is_match(opening)
}

/// Set the place from a name as written ("鸡西市", "全国", "哈尔滨市南岗区", "双城市"):
/// resolved through the gazetteer to its level, province, parent city and code, with
/// `context` (the report text) deciding between places that share a name. In a compound
/// name the last unit is the place and the ones before it say where it is. A historical
/// name is kept as written and placed where its current namesake is; a name the gazetteer
/// does not know is kept as written, under the units named before it.
pub fn set_place(meta: &mut Meta, written: &str, context: &str) {
    meta.level = None;
    meta.province = None;
    meta.parent = None;
    meta.code = None;
    let written = written.trim_start_matches("中华人民共和国");
    if written.is_empty()
        || written == "全国"
        || written.contains("国务院")
        || written == "中国"
        || written == "中央人民政府"
    {
        meta.place = Some("全国".to_string());
        meta.level = Some(Level::National);
        return;
    }
    let gaz = Gazetteer::bundled();
    // Peel off the units named before the place: 黑龙江省哈尔滨市南岗区 → 南岗区.
    let mut ancestors: Vec<&str> = Vec::new();
    let mut rest = written;
    while let Some(prefix) = gaz.longest_prefix(rest) {
        if prefix.len() == rest.len() {
            break;
        }
        ancestors.push(prefix);
        rest = &rest[prefix.len()..];
    }
    let context = format!("{}{context}", ancestors.concat().repeat(20));
    match gaz.resolve(rest, &context) {
        Some(d) => {
            let exact = gaz.is_official(rest);
            meta.place = Some(if exact { d.name.clone() } else { rest.to_string() });
            meta.level = Some(if exact || !matches!(d.level, Level::District | Level::County) {
                d.level
            } else if rest.ends_with('区') {
                Level::District
            } else {
                Level::County
            });
            meta.code = Some(d.code);
            meta.province = gaz.province_of(d).filter(|p| p.code != d.code).map(|p| p.name.clone());
            if d.level == Level::Province {
                meta.province = Some(d.name.clone());
            }
            meta.parent = gaz.parent_city_of(d).map(|p| p.name.clone());
        }
        None => {
            meta.place = Some(rest.to_string());
            let known: Vec<_> = ancestors.iter().filter_map(|a| gaz.resolve(a, &context)).collect();
            if let Some(up) = known.last() {
                meta.code = Some(up.code);
                meta.province = gaz.province_of(up).map(|p| p.name.clone());
                if up.level == Level::City {
                    meta.parent = Some(up.name.clone());
                }
            }
            meta.level = if rest.ends_with('省') || rest.ends_with("自治区") {
                Some(Level::Province)
            } else if rest.ends_with('区') {
                Some(Level::District)
            } else if rest.ends_with('县') || rest.ends_with('旗') {
                Some(Level::County)
            } else if rest.ends_with('州') || rest.ends_with('盟') || rest.ends_with("地区") {
                Some(Level::City)
            } else if rest.ends_with('市') {
                Some(if known.last().is_some_and(|u| u.level == Level::City) { Level::County } else { Level::City })
            } else {
                None
            };
        }
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

/// A place name as it stands before 人民政府/政府 or a speaker's title: "上海市人民政府" → 上海市.
fn place_before_title(before: &str) -> Option<String> {
    let p = before.trim_end_matches("人民政府").trim_end_matches("政府");
    let p = p.rsplit(|c: char| !is_han(c)).next().unwrap_or(p);
    let gaz = Gazetteer::bundled();
    (p.chars().count() >= 2 && (gaz.longest_prefix(p).is_some() || !gaz.lookup(p).is_empty())).then(|| p.to_string())
}

/// Build the metadata.
pub fn extract(input: &Input) -> Meta {
    let gaz = Gazetteer::bundled();
    let header: Vec<String> = input.header.iter().map(|l| fold(l)).collect();
    let joined: String = header.concat();
    let opening = fold(first_chars(
        &input.paragraphs.iter().take(4).map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n"),
        2000,
    ));
    let mut meta = Meta { source: input.source.clone(), ..Meta::default() };
    let from_file = |meta: &mut Meta, field: &'static str| {
        meta.origin.insert(field, Origin::FileName);
    };

    let mut place_text: Option<String> = None;
    let mut national = false;
    let mut dateline_line = None;
    if let Some(d) = dateline(&joined) {
        meta.year = Some(d.date.year);
        meta.date = Some(d.date.iso());
        meta.session = Some(d.session);
        national = d.national;
        if !d.place.is_empty() && d.place.chars().count() >= 2 {
            place_text = Some(d.place);
        }
        // The header line where the dateline's date stands.
        let mut at = 0;
        dateline_line = header.iter().position(|l| {
            at += l.len();
            at > d.date.start
        });
    }

    let title = title(&header);
    if let Some(t) = &title {
        if meta.year.is_none() {
            meta.year = t.year.or(t.date.map(|d| d.year));
        }
        if meta.date.is_none() {
            meta.date = t.date.map(|d| d.iso());
        }
        if place_text.is_none() {
            place_text = t.place.clone();
        }
    }
    // A date in the opening lines (publishing stamps were dropped as chrome).
    if meta.date.is_none()
        && let Some(d) = dates::find_all(&joined).into_iter().find(|d| meta.year.is_none_or(|y| y == d.year))
    {
        meta.year = Some(d.year);
        meta.date = Some(d.iso());
    }

    if let Some((t, n, before)) = speaker(&header, dateline_line) {
        if place_text.is_none() {
            place_text = place_before_title(&before);
        }
        national |= t.as_deref().is_some_and(|t| t.contains("总理"));
        meta.speaker_title = t;
        meta.speaker = Some(n);
    } else if let Some(n) = title.as_ref().and_then(|t| t.name.clone()) {
        meta.speaker = Some(n);
    }

    national |= place_text
        .as_deref()
        .is_some_and(|p| p.contains("国务院") || p.contains("全国") || p.starts_with("中华人民共和国"));
    national |= place_text.is_none() && opens_as_national(&opening);
    let stem = fold(file_stem(input.path));
    if national {
        set_place(&mut meta, "全国", "");
    } else {
        // The opening of the body is context enough (and keeps the cost bounded).
        // The opening of the body, about 60 KB at most.
        let mut body = String::new();
        for p in input.paragraphs.iter().take(200) {
            if body.len() > 60_000 {
                break;
            }
            body.push_str(&p.text);
        }
        let body = first_chars(&body, 20_000);
        let context = format!("{joined}{body}");
        match place_text {
            Some(p) => set_place(&mut meta, &p, &context),
            None => {
                if let Some(d) = title.as_ref().and_then(|t| gaz.find_in(&t.text)).or_else(|| gaz.find_in(&joined)) {
                    let name = d.name.clone();
                    set_place(&mut meta, &name, &context);
                } else if let Some(d) = gaz.find_in(&stem) {
                    let name = d.name.clone();
                    set_place(&mut meta, &name, &context);
                    from_file(&mut meta, "place");
                } else {
                    // A text with no opening lines: the place it names far more often than any other.
                    let mentions = gaz.mentions_in(&fold(body));
                    if let Some(&(name, n)) = mentions.first()
                        && n >= 5
                        && mentions.get(1).is_none_or(|&(_, m)| n >= 3 * m)
                    {
                        set_place(&mut meta, name, &context);
                    }
                }
            }
        }
    }

    if meta.year.is_none() {
        meta.year = year_from_headings(input.sections);
    }
    if meta.year.is_none() {
        meta.year = year_from_file(&stem);
        if meta.year.is_some() {
            from_file(&mut meta, "year");
        }
    }

    for (field, known) in [
        ("place", meta.place.is_some()),
        ("year", meta.year.is_some()),
        ("date", meta.date.is_some()),
        ("speaker", meta.speaker.is_some()),
    ] {
        if known {
            meta.origin.entry(field).or_insert(Origin::Text);
        }
    }
    meta.title =
        canonical_title(&meta).unwrap_or_else(|| title.map(|t| t.text).unwrap_or_else(|| "政府工作报告".to_string()));
    let from_file_name = [meta.origin.get("place"), meta.origin.get("year")].contains(&Some(&Origin::FileName));
    meta.origin.insert("title", if from_file_name { Origin::FileName } else { Origin::Text });
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(header: &[String]) -> Input<'_> {
        Input { header, paragraphs: &[], sections: &[], path: "x.txt", source: None }
    }

    fn sp(line: &str) -> Option<(String, String)> {
        speaker_in(line).map(|(t, n, _)| (t, n))
    }

    #[test]
    fn speaker_lines() {
        assert_eq!(sp("市长刘非"), Some(("市长".into(), "刘非".into())));
        assert_eq!(sp("代市长沈宏宇"), Some(("代市长".into(), "沈宏宇".into())));
        assert_eq!(sp("牡丹江市人民政府市长王文力"), Some(("市长".into(), "王文力".into())));
        assert_eq!(sp("区长陈文波"), Some(("区长".into(), "陈文波".into())));
        assert_eq!(sp("各位代表："), None);
        assert_eq!(sp("市长热线电话服务中心建设情况"), None);
    }

    #[test]
    fn dateline_spans_lines() {
        let h = vec![
            "政府工作报告".to_string(),
            "——2025年1月16日在滴道区第十七届".to_string(),
            "人民代表大会第五次会议上".to_string(),
            "区长陈文波".to_string(),
        ];
        let m = extract(&input(&h));
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
        let m = extract(&input(&h));
        assert_eq!(m.level, Some(Level::National));
        assert_eq!(m.session.as_deref(), Some("第十四届全国人民代表大会第二次会议"));
        assert_eq!(m.speaker_title.as_deref(), Some("国务院总理"));
        assert_eq!(m.year, Some(2024));
        assert_eq!(m.title, "2024年国务院政府工作报告");
        assert_eq!(m.place.as_deref(), Some("全国"));
    }
}
