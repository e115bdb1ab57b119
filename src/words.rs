//! Words shown to the user that the reader and the command line share, in each language.
//! The language is Chinese unless the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first
//! that is set) starts with `en`.

/// A language of the words on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The language of the locale.
    pub fn from_env() -> Lang {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let locale = var("LC_ALL").or_else(|| var("LC_MESSAGES")).or_else(|| var("LANG"));
        Lang::of_locale(locale.as_deref())
    }

    /// The language of a locale name (`en_US.UTF-8`, `zh_CN.UTF-8`, `C`).
    pub fn of_locale(locale: Option<&str>) -> Lang {
        if locale.is_some_and(|l| l.starts_with("en")) { Lang::En } else { Lang::Zh }
    }
}

/// The count of a search's hits: exact ones, and variants (the chars in order but apart);
/// `so_far` while the search still runs (a `+`), `unlisted` when the variants are not
/// listed.
pub fn counts(exact: usize, variant: usize, so_far: bool, unlisted: bool, lang: Lang) -> String {
    let more = if so_far { "+" } else { "" };
    match (lang, unlisted) {
        (Lang::Zh, false) => format!("{exact}{more} 处 · 相近 {variant}{more}"),
        (Lang::Zh, true) => format!("{exact}{more} 处 · 相近 {variant}{more} 未列出"),
        (Lang::En, false) => format!("{exact}{more} exact · {variant}{more} {}", variants(variant)),
        (Lang::En, true) => format!("{exact}{more} exact · {variant}{more} {} not listed", variants(variant)),
    }
}

fn variants(n: usize) -> &'static str {
    if n == 1 { "variant" } else { "variants" }
}

/// A query that found nothing exact, and was found by its pinyin instead.
pub fn retried(query: &str, pinyin: &str, found: usize, lang: Lang) -> String {
    let query = query.trim();
    match lang {
        Lang::Zh => format!("没有 {query}；按拼音 {pinyin} 找到 {found} 处"),
        Lang::En => format!("no {query}; by its pinyin {pinyin}, {found} found"),
    }
}

/// A damaged cache pack (or an entry in it), discarded: its reports were parsed again, so
/// nothing is missing. `path` names the pack.
pub fn cache_discarded(path: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("缓存文件 {path} 已损坏，已丢弃并重新解析其中的报告"),
        Lang::En => format!("the cache file {path} was damaged: discarded, and its reports parsed again"),
    }
}

/// The column heads of `baogao trend`'s table: place and year (as the cells are keyed),
/// then reports, chars, exact occurrences, their rate per 10,000 chars, the paragraphs
/// holding them and the paragraphs with only variants.
pub fn trend_heads(place: bool, year: bool, lang: Lang) -> Vec<&'static str> {
    let (p, y, rest): (&str, &str, [&str; 6]) = match lang {
        Lang::Zh => ("地方", "年份", ["报告", "字数", "出现", "每万字", "段落", "相近段落"]),
        Lang::En => ("place", "year", ["reports", "chars", "exact", "per 10k", "paragraphs", "variants"]),
    };
    let mut heads = Vec::new();
    if place {
        heads.push(p);
    }
    if year {
        heads.push(y);
    }
    heads.extend(rest);
    heads
}

/// A year, as a label: "2020年", "2020".
pub fn year(y: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{y}年"),
        Lang::En => y.to_string(),
    }
}

/// A research view opened with no query to study (`in_panel`: from an empty search line).
pub fn study_needs_query(in_panel: bool, lang: Lang) -> &'static str {
    match (lang, in_panel) {
        (Lang::Zh, false) => "先搜索（/），再看它的趋势或语境",
        (Lang::Zh, true) => "先输入要找的词，再看它的趋势或语境",
        (Lang::En, false) => "search for something first (/), then open its trend or concordance",
        (Lang::En, true) => "type what to look for first, then open its trend or concordance",
    }
}

/// A research view opened on a query that only leaves words out.
pub fn study_nothing_to_count(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "查询里只有排除的词（!…），没有可计数的词",
        Lang::En => "the query only leaves words out (!…): there is nothing in it to count",
    }
}

/// Enter on a year of a trend that has no report (of the place, by place).
pub fn no_report_that_year(place: Option<&str>, y: i32, lang: Lang) -> String {
    match (lang, place) {
        (Lang::Zh, Some(p)) => format!("{p}{y}年没有报告"),
        (Lang::Zh, None) => format!("{y}年没有报告"),
        (Lang::En, Some(p)) => format!("no report of {p} in {y}"),
        (Lang::En, None) => format!("no report of {y}"),
    }
}

/// The targets view's words, in one language.
pub struct TargetsWords {
    pub title: &'static str,
    pub by_indicator: &'static str,
    pub by_place: &'static str,
    /// What `y` copies, for the status line.
    pub table: &'static str,
    pub computing: &'static str,
    pub failed: &'static str,
    /// The marks in the cells, explained under the title.
    pub legend: &'static str,
    /// The cells' marks: a report with no target part, a target not set that year.
    pub no_targets: &'static str,
    pub not_set: &'static str,
    pub none_here: &'static str,
    pub none_matching: &'static str,
    pub filter: &'static str,
    /// Under the table, for the selected cell.
    pub no_target_part: &'static str,
    pub not_set_long: &'static str,
    pub no_result: &'static str,
    pub met: &'static str,
    pub missed: &'static str,
    pub keys: [(&'static str, &'static str); 7],
    pub orders_indicators: [&'static str; 2],
    pub orders_places: [&'static str; 3],
}

pub fn targets_words(lang: Lang) -> TargetsWords {
    match lang {
        Lang::Zh => TargetsWords {
            title: "目标",
            by_indicator: "按指标",
            by_place: "按地方",
            table: "目标表",
            computing: "提取中…",
            failed: "无法提取（线程未能启动）",
            legend: "✓ 达成  ✗ 未达成（对照下一年报告）  — 无可识别的目标  · 未设此项",
            no_targets: "—",
            not_set: "·",
            none_here: "本地报告中没有可识别的目标",
            none_matching: "没有符合筛选的指标",
            filter: "筛选指标：",
            no_target_part: "此报告中没有可识别的目标段落",
            not_set_long: "此报告未设此项目标",
            no_result: "没有下一年的报告或实际数，无从对照",
            met: "达成",
            missed: "未达成",
            keys: [
                ("down", "选择"),
                ("study_next_year", "年份"),
                ("study_scope", "按指标/按地方"),
                ("study_filter", "筛选"),
                ("study_sort", "排序"),
                ("study_open", "跳到原文"),
                ("copy", "复制表"),
            ],
            orders_indicators: ["指标顺序", "设定年数"],
            orders_places: ["目录顺序", "所选年份数值从高到低", "所选年份数值从低到高"],
        },
        Lang::En => TargetsWords {
            title: "Targets",
            by_indicator: "by indicator",
            by_place: "by place",
            table: "targets table",
            computing: "extracting…",
            failed: "could not extract (the thread did not start)",
            legend: "✓ met  ✗ missed (by the next year's report)  — no targets found  · not set",
            no_targets: "—",
            not_set: "·",
            none_here: "no targets found in this place's reports",
            none_matching: "no indicator matches the filter",
            filter: "indicator filter: ",
            no_target_part: "no target part found in this report",
            not_set_long: "this report sets no such target",
            no_result: "no next year's report or result to set it against",
            met: "met",
            missed: "missed",
            keys: [
                ("down", "choose"),
                ("study_next_year", "year"),
                ("study_scope", "by indicator/place"),
                ("study_filter", "filter"),
                ("study_sort", "order"),
                ("study_open", "go to the sentence"),
                ("copy", "copy the table"),
            ],
            orders_indicators: ["vocabulary order", "years set"],
            orders_places: ["tree order", "chosen year's value, high first", "chosen year's value, low first"],
        },
    }
}

/// An indicator's name on screen.
pub fn indicator_label(i: crate::corpus::targets::Indicator, lang: Lang) -> &'static str {
    use crate::corpus::targets::Indicator::*;
    match lang {
        Lang::Zh => match i {
            Gdp => "生产总值",
            FiscalRevenue => "财政收入",
            FixedAssetInvestment => "固定资产投资",
            RetailSales => "消费品零售总额",
            IndustrialValueAdded => "工业增加值",
            UrbanNewJobs => "城镇新增就业",
            UrbanUnemployment => "城镇失业率",
            Cpi => "居民消费价格",
            IncomeUrban => "城镇居民收入",
            IncomeRural => "农村居民收入",
            Income => "居民收入",
            EnergyIntensity => "单位GDP能耗",
            ForeignTrade => "进出口",
            GrainOutput => "粮食产量",
            Other => "其他",
        },
        Lang::En => match i {
            Gdp => "GDP",
            FiscalRevenue => "fiscal revenue",
            FixedAssetInvestment => "fixed investment",
            RetailSales => "retail sales",
            IndustrialValueAdded => "industry value added",
            UrbanNewJobs => "new urban jobs",
            UrbanUnemployment => "unemployment rate",
            Cpi => "consumer prices",
            IncomeUrban => "urban income",
            IncomeRural => "rural income",
            Income => "income",
            EnergyIntensity => "energy intensity",
            ForeignTrade => "foreign trade",
            GrainOutput => "grain output",
            Other => "other",
        },
    }
}

/// Whether an indicator answers to `filter`, as `--indicator` and the targets view's `f`
/// take it: an indicator's name is that one and its family (`income`: `income_urban` and
/// `income_rural` too); other words match its name or its label in either language
/// (`jobs`, `就业`). Empty matches all.
pub fn indicator_matches(i: crate::corpus::targets::Indicator, filter: &str) -> bool {
    let f = filter.trim().to_lowercase();
    let name = crate::corpus::targets::indicator_name(i);
    if f.is_empty() {
        return true;
    }
    if is_indicator_name(&f) {
        return name == f || name.strip_prefix(f.as_str()).is_some_and(|rest| rest.starts_with('_'));
    }
    [
        name.replace('_', " "),
        name.to_string(),
        indicator_label(i, Lang::En).to_lowercase(),
        indicator_label(i, Lang::Zh).into(),
    ]
    .iter()
    .any(|l| l.contains(&f))
}

/// Whether `filter` is one of the indicators' names (gdp, income…), not words of one.
pub fn is_indicator_name(filter: &str) -> bool {
    use crate::corpus::targets::{INDICATORS, indicator_name};
    let f = filter.trim().to_lowercase();
    INDICATORS.iter().any(|i| indicator_name(*i) == f)
}

/// The targets set in a cell, under the table: "2018年实际 6.6%（2019年报告）：达成".
pub fn target_outcome(year: i32, result: &str, next: i32, met: bool, lang: Lang) -> String {
    let w = targets_words(lang);
    let verdict = if met { w.met } else { w.missed };
    match lang {
        Lang::Zh => format!("{year}年实际 {result}（{next}年报告）：{verdict}"),
        Lang::En => format!("{year} result {result} (the {next} report): {verdict}"),
    }
}

/// The chosen cell's targets and the clause that sets them, under the table.
pub fn target_lines(head: &str, values: &[String], clause: &str, paragraph: usize, lang: Lang) -> [String; 2] {
    match lang {
        Lang::Zh => [format!("{head}：{}", values.join("；")), format!("「{clause}」 ¶{paragraph}")],
        Lang::En => [format!("{head}: {}", values.join("; ")), format!("“{clause}” ¶{paragraph}")],
    }
}

/// The research views' words, in one language.
pub struct StudyWords {
    pub trend: &'static str,
    pub kwic: &'static str,
    /// What `y` in the trend copies, for the status line.
    pub table: &'static str,
    /// The numbers could not be counted.
    pub failed: &'static str,
    pub all: &'static str,
    pub by_place: &'static str,
    /// Under the trend's title: what the bars measure, and the variants' bar.
    pub unit: &'static str,
    pub variants_legend: &'static str,
    pub computing: &'static str,
    pub nothing: &'static str,
    /// A year inside the span with no report.
    pub gap: &'static str,
    /// Key hints: (key row name, what it does here).
    pub trend_keys: [(&'static str, &'static str); 6],
    pub by_place_keys: [(&'static str, &'static str); 3],
    pub kwic_keys: [(&'static str, &'static str); 6],
    pub orders: [&'static str; 3],
}

pub fn study_words(lang: Lang) -> StudyWords {
    match lang {
        Lang::Zh => StudyWords {
            trend: "趋势",
            kwic: "语境",
            table: "趋势表",
            failed: "无法计算（线程未能启动）",
            all: "全部报告",
            by_place: "按地方",
            unit: "每万字出现次数（精确）",
            variants_legend: "右侧淡色：相近段落",
            computing: "计算中…",
            nothing: "没有精确命中",
            gap: "没有报告",
            trend_keys: [
                ("study_next_year", "年份"),
                ("study_scope", "范围"),
                ("study_variants", "相近"),
                ("study_open", "列出该年命中"),
                ("concordance", "语境"),
                ("copy", "复制表"),
            ],
            by_place_keys: [("down", "地方"), ("study_place", "只看此地"), ("study_next_year", "年份")],
            kwic_keys: [
                ("down", "选择"),
                ("study_sort", "排序"),
                ("study_scope", "范围"),
                ("study_open", "跳到原文"),
                ("trend", "趋势"),
                ("copy", "复制段落"),
            ],
            orders: ["按地方年份", "按左侧语境", "按右侧语境"],
        },
        Lang::En => StudyWords {
            trend: "trend",
            kwic: "concordance",
            table: "the trend's table",
            failed: "could not count (the thread did not start)",
            all: "all reports",
            by_place: "by place",
            unit: "exact occurrences per 10,000 chars",
            variants_legend: "right, light: variant paragraphs",
            computing: "computing…",
            nothing: "no exact hit",
            gap: "no report",
            trend_keys: [
                ("study_next_year", "year"),
                ("study_scope", "scope"),
                ("study_variants", "variants"),
                ("study_open", "that year's hits"),
                ("concordance", "concordance"),
                ("copy", "copy table"),
            ],
            by_place_keys: [("down", "place"), ("study_place", "this place only"), ("study_next_year", "year")],
            kwic_keys: [
                ("down", "select"),
                ("study_sort", "sort"),
                ("study_scope", "scope"),
                ("study_open", "go to the text"),
                ("trend", "trend"),
                ("copy", "copy the paragraph"),
            ],
            orders: ["by place and year", "by left context", "by right context"],
        },
    }
}

/// A trend cell's numbers, for the line under the chart: occurrences, rate, paragraphs,
/// reports, the text's size and (when drawn) the variants.
pub fn trend_cell(c: &crate::study::Cell, variants: bool, lang: Lang) -> [String; 2] {
    let rate = rate(c.rate());
    let wan = c.chars as f64 / 10_000.0;
    let mut second = match lang {
        Lang::Zh => format!("{} 段 · {} 份报告 · {wan:.1} 万字", c.paragraphs, c.reports),
        Lang::En => format!("{} paragraphs · {} reports · {} chars", c.paragraphs, c.reports, c.chars),
    };
    if variants {
        second.push_str(&match lang {
            Lang::Zh => format!(" · 相近 {} 段", c.variants),
            Lang::En => format!(" · {} variant paragraphs", c.variants),
        });
    }
    let first = match lang {
        Lang::Zh => format!("出现 {} 次 · 每万字 {rate}", c.exact),
        Lang::En => format!("{} occurrences · {rate} per 10k chars", c.exact),
    };
    [first, second]
}

/// A rate per 10,000 chars, with as many decimals as its size wants.
pub fn rate(r: f64) -> String {
    if r >= 100.0 {
        format!("{r:.0}")
    } else if r >= 10.0 {
        format!("{r:.1}")
    } else {
        format!("{r:.2}")
    }
}

/// How many occurrences a concordance lists.
pub fn kwic_count(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{n} 处"),
        Lang::En if n == 1 => "1 occurrence".to_string(),
        Lang::En => format!("{n} occurrences"),
    }
}

/// The words of the search panel's `w`.
pub struct ExportWords {
    pub lang: Lang,
    pub no_hits: &'static str,
    pub busy: &'static str,
    pub not_written: &'static str,
    pub marked: &'static str,
    /// Ctrl-l with no results to go to.
    pub no_list: &'static str,
    /// The results list's keys, for the counts line: mark, write, back to the line.
    pub list_keys: [&'static str; 3],
    /// A path that names a folder.
    pub folder: &'static str,
}

impl ExportWords {
    pub fn bad_extension(&self, path: &str) -> String {
        match self.lang {
            Lang::Zh => format!("只能写成 .csv、.jsonl 或 .md：{path}"),
            Lang::En => format!("only .csv, .jsonl or .md can be written: {path}"),
        }
    }

    pub fn written(&self, n: usize, path: &str) -> String {
        match self.lang {
            Lang::Zh => format!("已把 {n} 条结果写入 {path}"),
            Lang::En if n == 1 => format!("wrote 1 hit to {path}"),
            Lang::En => format!("wrote {n} hits to {path}"),
        }
    }

    pub fn failed(&self, path: &str, why: &str) -> String {
        match self.lang {
            Lang::Zh => format!("无法写入 {path}：{why}"),
            Lang::En => format!("could not write {path}: {why}"),
        }
    }

    /// The question for a file that exists.
    pub fn overwrite(&self, path: &str) -> String {
        match self.lang {
            Lang::Zh => format!("{path} 已存在。按 y 覆盖，其他键不写"),
            Lang::En => format!("{path} exists. y overwrites it, any other key does not"),
        }
    }

    /// What `w` writes: the marked hits, or all of them.
    pub fn what(&self, marked: usize, all: usize) -> String {
        match (self.lang, marked) {
            (Lang::Zh, 0) => format!("把全部 {all} 条结果写入："),
            (Lang::Zh, m) => format!("把标记的 {m} 条结果写入："),
            (Lang::En, 0) => format!("write all {all} hits to: "),
            (Lang::En, m) => format!("write the {m} marked hits to: "),
        }
    }
}

pub fn export_words(lang: Lang) -> ExportWords {
    match lang {
        Lang::Zh => ExportWords {
            lang,
            no_hits: "没有可写出的结果",
            busy: "搜索还没完成，完成后再写出",
            not_written: "未写出",
            marked: "已标记",
            no_list: "没有结果可选",
            list_keys: ["标记", "写出", "回到输入"],
            folder: "这是一个文件夹，请写上文件名",
        },
        Lang::En => ExportWords {
            lang,
            no_hits: "no hits to write",
            busy: "the search has not finished; write when it has",
            not_written: "nothing written",
            marked: "marked",
            no_list: "no results to choose from",
            list_keys: ["mark", "write", "back to the line"],
            folder: "that is a folder: give a file name",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_picks_the_language() {
        assert_eq!(Lang::of_locale(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::of_locale(Some("en")), Lang::En);
        assert_eq!(Lang::of_locale(Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::of_locale(Some("C.UTF-8")), Lang::Zh);
        assert_eq!(Lang::of_locale(None), Lang::Zh);
    }

    #[test]
    fn words_in_each_language() {
        assert_eq!(counts(133, 1, false, false, Lang::Zh), "133 处 · 相近 1");
        assert_eq!(counts(133, 1, true, true, Lang::Zh), "133+ 处 · 相近 1+ 未列出");
        assert_eq!(counts(2, 0, false, false, Lang::En), "2 exact · 0 variants");
        assert_eq!(counts(2, 1, false, false, Lang::En), "2 exact · 1 variant");
        assert_eq!(
            retried("营商环竟", "yingshanghuanjing", 133, Lang::Zh),
            "没有 营商环竟；按拼音 yingshanghuanjing 找到 133 处"
        );
        assert!(retried("营商环竟", "yingshanghuanjing", 133, Lang::En).starts_with("no 营商环竟; by its pinyin"));
    }
}
