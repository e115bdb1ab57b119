//! The year's numeric goals a report sets ("今年发展的主要预期目标是：国内生产总值增长6%－6.5%；
//! 城镇新增就业1100万人以上…"), each as an indicator, a value, a unit and a modifier, with the
//! paragraph and chars that set it. Pure: text in, targets out; no terminal, no search.
//!
//! A report's target sentence is found by its shape, not its place: a paragraph where
//! 主要预期目标 / 预期目标 / 主要目标 / 主要指标 is followed (within a few chars) by 是, 为 or
//! a colon, the sentence running from there to its full stop. Each clause of it (split at
//! ；，。) that holds a number is a target; its words before the number name the indicator,
//! normalised to [`Indicator`] where they are one of the vocabulary's, kept as they are
//! otherwise. `分别` spreads several values over the indicator's parts (城乡居民人均可支配收入
//! 分别增长6%、5%: urban 6%, rural 5%).

use super::load::{Corpus, ReportId};
use rayon::prelude::*;
use serde::Serialize;

/// The indicators the reports set most, normalised; anything else is [`Indicator::Other`]
/// under its own words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// 国内生产总值 / 地区生产总值 / GDP growth.
    Gdp,
    /// 一般公共预算收入, 财政收入.
    FiscalRevenue,
    /// 固定资产投资.
    FixedAssetInvestment,
    /// 社会消费品零售总额.
    RetailSales,
    /// 规模以上工业增加值.
    IndustrialValueAdded,
    /// 城镇新增就业.
    UrbanNewJobs,
    /// 城镇调查失业率 / 城镇登记失业率.
    UrbanUnemployment,
    /// 居民消费价格 (CPI).
    Cpi,
    /// 城镇居民人均可支配收入.
    IncomeUrban,
    /// 农村居民人均可支配收入 / 纯收入.
    IncomeRural,
    /// 居民人均可支配收入, or 居民收入 with no side.
    Income,
    /// 单位国内生产总值能耗 / 单位GDP能耗 / 单位地区生产总值能耗.
    EnergyIntensity,
    /// 进出口 / 外贸.
    ForeignTrade,
    /// 粮食产量.
    GrainOutput,
    Other,
}

/// Every indicator, in the vocabulary's order.
pub const INDICATORS: [Indicator; 15] = [
    Indicator::Gdp,
    Indicator::FiscalRevenue,
    Indicator::FixedAssetInvestment,
    Indicator::RetailSales,
    Indicator::IndustrialValueAdded,
    Indicator::UrbanNewJobs,
    Indicator::UrbanUnemployment,
    Indicator::Cpi,
    Indicator::IncomeUrban,
    Indicator::IncomeRural,
    Indicator::Income,
    Indicator::EnergyIntensity,
    Indicator::ForeignTrade,
    Indicator::GrainOutput,
    Indicator::Other,
];

/// How a value is qualified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Modifier {
    /// 左右, 约.
    About,
    /// 以上, 不低于.
    AtLeast,
    /// 以内, 以下, 控制在, 不超过.
    AtMost,
    /// 高于.
    Above,
    /// 低于.
    Below,
}

/// A goal set for the year, or a result reported for the last one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Target,
    Result,
}

/// One target: what, how much, and where it was set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Target {
    pub indicator: Indicator,
    /// The words that name it in the text (国内生产总值增长).
    pub words: String,
    /// The value, or the low end of a range, and the high end of a range.
    pub value: f64,
    pub high: Option<f64>,
    /// `%`, `万人`, `亿元`… as written; empty for a bare number.
    pub unit: String,
    pub modifier: Option<Modifier>,
    /// 力争: a goal striven for, beyond the one set.
    pub strive: bool,
    pub kind: Kind,
    /// The paragraph, and the chars `[start, end)` of the clause that sets it.
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
}

/// What makes a target the same as one said before: indicator, value, high end, unit and
/// modifier (the values as bits, to compare them exactly).
type Said = (Indicator, u64, Option<u64>, String, Option<Modifier>, Option<&'static str>);

/// The words that open a report's target sentence.
const MARKERS: [&str; 8] =
    ["主要预期目标", "预期目标", "主要目标", "主要指标", "调控目标", "发展目标", "经济指标", "预期"];

/// A marker too common to open a sentence on its own: its words before must name one of
/// the vocabulary's indicators (今年的经济增长预期为7％左右), and only those are read.
const WEAK_MARKERS: [&str; 1] = ["预期"];

/// Words before a marker that make it a span of years' goal (“十五”期间年均经济增长速度预期
/// 目标为7％左右), not the year's.
const SPAN_WORDS: [&str; 8] = ["年均", "期间", "五年", "时期", "规划", "远景", "到20", "今后"];

/// Units, longest first so that 万人 wins over 万.
const UNITS: [&str; 23] = [
    "个百分点",
    "亿公斤",
    "万公斤",
    "万亿美元",
    "万亿元",
    "万亿斤",
    "亿美元",
    "万人次",
    "亿元",
    "万元",
    "万人",
    "万吨",
    "亿斤",
    "万户",
    "万套",
    "公里",
    "公斤",
    "万亩",
    "万亿",
    "元",
    "%",
    "万",
    "亿",
];

/// The indicator's name in the table and for `--indicator`.
pub fn indicator_name(i: Indicator) -> &'static str {
    match i {
        Indicator::Gdp => "gdp",
        Indicator::FiscalRevenue => "fiscal_revenue",
        Indicator::FixedAssetInvestment => "fixed_asset_investment",
        Indicator::RetailSales => "retail_sales",
        Indicator::IndustrialValueAdded => "industrial_value_added",
        Indicator::UrbanNewJobs => "urban_new_jobs",
        Indicator::UrbanUnemployment => "urban_unemployment",
        Indicator::Cpi => "cpi",
        Indicator::IncomeUrban => "income_urban",
        Indicator::IncomeRural => "income_rural",
        Indicator::Income => "income",
        Indicator::EnergyIntensity => "energy_intensity",
        Indicator::ForeignTrade => "foreign_trade",
        Indicator::GrainOutput => "grain_output",
        Indicator::Other => "other",
    }
}

/// A value as a reader writes it: 6.5%左右, ≥1100万人, 6%–6.5%.
pub fn shown(t: &Target) -> String {
    let n = |v: f64| {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    let mut v = match t.high {
        Some(h) => format!("{}{}–{}{}", n(t.value), t.unit, n(h), t.unit),
        None => format!("{}{}", n(t.value), t.unit),
    };
    v = match t.modifier {
        Some(Modifier::About) => format!("{v}左右"),
        Some(Modifier::AtLeast) => format!("≥{v}"),
        Some(Modifier::AtMost) => format!("≤{v}"),
        Some(Modifier::Above) => format!(">{v}"),
        Some(Modifier::Below) => format!("<{v}"),
        None => v,
    };
    if t.strive { format!("力争{v}") } else { v }
}

/// The targets set in `paragraphs` (a report's, in order): the clauses of its target
/// sentences that hold a value.
pub fn extract<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> Vec<Target> {
    let paragraphs: Vec<&str> = paragraphs.into_iter().collect();
    let mut out = Vec::new();
    // The last paragraph ended on its opener (今年…主要预期目标是：): the targets open this one.
    let mut carried = false;
    for (p, text) in paragraphs.iter().enumerate() {
        // A paragraph without a marker's words (or 今年…计划) opens no sentence.
        let plan = text.contains("今年") && text.contains("计划");
        if !carried && !plan && !["目标", "指标", "预期"].iter().any(|w| text.contains(w)) {
            continue;
        }
        let chars: Vec<char> = text.chars().collect();
        let mut sentences = target_sentences(&chars);
        if std::mem::take(&mut carried) {
            let e = chars.iter().position(|&c| c == '。').unwrap_or(chars.len());
            sentences.insert(0, (0, e, String::new(), false, 0));
        }
        for (start, end, lead, known_only, lead_from) in &sentences {
            if *start >= chars.len() {
                carried = true;
                continue;
            }
            let first = out.len();
            out.extend(clauses(&chars, *start, *end, lead, p, *known_only));
            // A value named by the words before the marker (经济增长速度的调控目标定为８％): its
            // clause is shown from those words.
            for t in &mut out[first..] {
                if t.start == *start && !lead.trim().is_empty() && t.words == lead.trim() {
                    t.start = *lead_from;
                }
            }
            // The sentences after it in the paragraph that go on setting targets (…基本同步。
            // 单位国内生产总值能耗下降3.4%以上，主要污染物排放继续减少。), their known
            // indicators only: each must open on one, and report nothing of the year before.
            let mut e = *end;
            while e < chars.len() {
                let ns = e + 1;
                let ne = (ns..chars.len()).find(|&j| chars[j] == '。').unwrap_or(chars.len());
                let first = (ns..ne).find(|&j| matches!(chars[j], '，' | '；')).unwrap_or(ne);
                let text: String = chars[ns..ne].iter().collect();
                let opens = clause(&chars, ns, first, "", p).first().is_some_and(|t| t.indicator != Indicator::Other);
                // A year named (2015年国内生产总值增长6.9%) or a comparison is a result, not a goal.
                let dated = text.char_indices().any(|(i, c)| {
                    c.is_ascii_digit() && text[i..].chars().take_while(char::is_ascii_digit).count() == 4 && {
                        let rest = &text[i..];
                        rest.chars().nth(4) == Some('年')
                    }
                });
                let past = ["去年", "上年", "过去", "上述", "比"].iter().any(|w| text.contains(w));
                if ns >= ne || !opens || past || dated {
                    break;
                }
                out.extend(clauses(&chars, ns, ne, "", p, true));
                e = ne;
            }
        }
    }
    // No target sentence: a paragraph that is a list of goals without an opener (全市地区生产
    // 总值增长6%以上，公共财政预算收入增长6%以上，规上工业增加值增长8%以上…) is one, when at
    // least three of its clauses set a known indicator, two of them qualified (以上, 左右,
    // 以内…), and it says nothing of a past year.
    if out.is_empty() {
        for (p, text) in paragraphs.iter().enumerate() {
            let past = ["去年", "上年", "过去", "全年", "完成", "实现", "比", "预计", "年均", "五年"];
            let dated = text.chars().filter(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).count() > 0
                && (text.contains("年，") || text.contains("年,") || text.contains("年以来"));
            if past.iter().any(|w| text.contains(w)) || dated {
                continue;
            }
            let chars: Vec<char> = text.chars().collect();
            let mut list = Vec::new();
            let mut from = 0;
            while from < chars.len() {
                let to = (from..chars.len()).find(|&j| chars[j] == '。').unwrap_or(chars.len());
                list.extend(clauses(&chars, from, to, "", p, true));
                from = to + 1;
            }
            if list.len() >= 3 && list.iter().filter(|t| t.modifier.is_some()).count() >= 2 {
                out = list;
                break;
            }
        }
    }
    // A target said again (the paragraph after explains 经济增长预期目标为5%左右) is the first.
    let mut seen: Vec<Said> = Vec::new();
    out.retain(|t| {
        let key =
            (t.indicator, t.value.to_bits(), t.high.map(f64::to_bits), t.unit.clone(), t.modifier, flavour(&t.words));
        let new = t.indicator == Indicator::Other || !seen.contains(&key);
        seen.push(key);
        new
    });
    // The review part reports the year before: the paragraphs before the first target, or
    // with none found, before the first that turns to this year's work (今年…工作 / 任务 /
    // 目标 / 总体要求); with neither, no review is known and no result is read.
    let review = out.first().map(|t| t.paragraph).or_else(|| {
        paragraphs
            .iter()
            .position(|t| t.contains("今年") && ["工作", "任务", "目标", "总体要求"].iter().any(|w| t.contains(w)))
    });
    if let Some(end) = review {
        out.extend(results(&paragraphs[..end]));
    }
    out
}

/// Words before a value that make it no result of the year: a share (占…比重), a
/// deficit, a target, an average over years, a plan.
const NOT_A_RESULT: [&str; 20] = [
    "能力",
    "高于",
    "占",
    "比重",
    "赤字",
    "贡献",
    "目标",
    "年均",
    "累计",
    "五年",
    "计划",
    "人均国内生产总值",
    "从",
    "由",
    "每",
    "连续",
    "脱贫",
    "确定",
    "没有",
    "未能",
];

/// Words before a value in its sentence that make it a span of years' (五年来…年均增长7.1%).
const YEARS_SPAN: [&str; 6] = ["年均", "累计", "五年", "十年", "到20", "到２０"];

/// Words that say how a value changed, and name nothing: 增长, 比上年增长, 扣除价格因素分别增长.
const CHANGE_WORDS: [&str; 21] = [
    "比上年",
    "同比",
    "全年",
    "实际",
    "按可比价格计算",
    "可比",
    "预计",
    "扣除价格因素",
    "分别",
    "增长",
    "上涨",
    "下降",
    "降低",
    "增加",
    "达到",
    "提高",
    "完成",
    "实现",
    "为",
    "和",
    "约",
];

/// The results of the year before that `review` (the paragraphs before the targets)
/// reports for the vocabulary's indicators: the first of each indicator and unit, so that
/// a target can be set against it. A clause that names nothing (国内生产总值达到74.4万亿元，
/// 增长6.7%) is the indicator named before it in the sentence; 分别 with several values
/// gives them to the indicators named before it in order.
fn results(review: &[&str]) -> Vec<Target> {
    let mut out: Vec<Target> = Vec::new();
    for (p, text) in review.iter().enumerate() {
        let chars: Vec<char> = text.chars().collect();
        // 五年来，经济实力跃上新台阶…: a paragraph of the term's review, not the year's.
        // …or one that speaks of the term anywhere (——经济发展再上新台阶。国内生产总值增加到
        // 121万亿元，五年年均增长5.2%).
        let opening: String = chars.iter().take_while(|c| !matches!(c, '，' | '。' | '：')).collect();
        if ["五年", "十年", "多年"].iter().any(|w| opening.contains(w)) {
            continue;
        }
        let mut s = 0;
        while s < chars.len() {
            let end = (s..chars.len()).find(|&j| matches!(chars[j], '。' | '！')).unwrap_or(chars.len());
            sentence_results(&chars, s, end, p, &mut out);
            s = end + 1;
        }
    }
    out
}

/// Whether `words` are change words alone (比上年实际增长), or nothing.
fn only_change_words(words: &str) -> bool {
    let mut rest = words.trim();
    while !rest.is_empty() {
        match CHANGE_WORDS.iter().find(|w| rest.starts_with(*w)) {
            Some(w) => rest = rest[w.len()..].trim_start(),
            None => return false,
        }
    }
    true
}

fn sentence_results(chars: &[char], start: usize, end: usize, paragraph: usize, out: &mut Vec<Target>) {
    // Most sentences hold no value: nothing to read in them.
    if values_in(&chars[..end], start, end).is_empty() {
        return;
    }
    // The indicators named so far in the sentence, in order, with their words.
    let mut named: Vec<(Indicator, String)> = Vec::new();
    let mut s = start;
    while s < end {
        let digit = |j: usize| chars.get(j).is_some_and(|c| c.is_ascii_digit());
        // 、 before other words than a number parts two results (城镇新增就业1256万人、城镇调查失业率
        // 平均为5.1%); before a number it lists values (分别达到27180元、12960元).
        let listed = |j: usize| chars[j] == '、' && !value_starts(chars, j + 1);
        let e = (s..end)
            .find(|&j| {
                matches!(chars[j], '；' | '，' | ';')
                    || listed(j)
                    || chars[j] == ',' && !(digit(j.wrapping_sub(1)) && digit(j + 1))
            })
            .unwrap_or(end);
        let clause = &chars[..e];
        let values: Vec<Value> = values_in(clause, s, e)
            .into_iter()
            .filter(|v| !v.2.is_empty() && clause[v.5..].first().is_none_or(|&c| c != '年'))
            .collect();
        let words: String = chars[s..values.first().map_or(e, |v| v.4)].iter().collect();
        let bare = only_change_words(&words);
        // A comparison with a year other than the last (比2002年增长65.5%) is no year's result.
        let since = words.char_indices().any(|(i, c)| {
            c == '比'
                && words[i + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit() || ('０'..='９').contains(&d))
        });
        let excluded = since || NOT_A_RESULT.iter().any(|w| words.contains(w));
        // 城镇和农村居民人均可支配收入分别达到27180元、12960元: the town's, then the country's;
        // 规上工业增加值、固定资产投资分别增长7.2%、8.5%: each item its value.
        let items: Vec<(Indicator, String)> =
            named_items(&words, values.len()).into_iter().filter(|(i, _)| *i != Indicator::Other).collect();
        let n = values.len();
        let whose: Vec<(Indicator, String)> = if excluded || values.is_empty() {
            Vec::new()
        } else if n > 1 && (words.contains("分别") || bare) && items.len() < n {
            // 增长6.5%和5.5%, …总额分别增长7.2%、8.5%、10.1%: the last n named in the sentence
            // (this clause's own among them), or none when they do not add up.
            let mut cand = named.clone();
            cand.extend(items.iter().cloned());
            if cand.len() >= n { cand[cand.len() - n..].to_vec() } else { Vec::new() }
        } else if !items.is_empty() {
            items.clone()
        } else if bare {
            named.last().cloned().into_iter().collect()
        } else {
            Vec::new()
        };
        if !items.is_empty() && !excluded {
            named.extend(items);
        } else if !bare {
            named.clear();
        }
        // A value each (as many as named), one value for each named, or each value of one.
        let pairs: Vec<(&(Indicator, String), &Value)> = if whose.len() > 1 && whose.len() == n {
            whose.iter().zip(values.iter()).collect()
        } else if whose.len() > 1 && n == 1 {
            whose.iter().map(|w| (w, &values[0])).collect()
        } else if whose.len() == 1 {
            values.iter().map(|v| (&whose[0], v)).collect()
        } else {
            Vec::new()
        };
        for ((ind, w), v) in pairs {
            // 年均 anywhere in the sentence (国内生产总值增加到121万亿元，五年年均增长5.2% is the
            // term's); the other span words before the value.
            let before_in_sentence: String = chars[start..v.4].iter().collect();
            let sentence: String = chars[start..end].iter().collect();
            if sentence.contains("年均") {
                continue;
            }
            // 比上年增加2787亿元: a change, not the level; 个百分点: a comparison.
            let before: String = chars[s..v.4].iter().collect();
            let change = v.2 != "%" && ["增加", "增加了", "减少", "减少了", "增收"].iter().any(|w| before.ends_with(w));
            if change || v.2 == "个百分点" {
                continue;
            }
            if *ind == Indicator::Other
                || out.iter().any(|t| t.indicator == *ind && t.unit == v.2 && flavour(&t.words) == flavour(w))
                || YEARS_SPAN.iter().any(|w| before_in_sentence.contains(w))
            {
                continue;
            }
            // 下降0.7% is a fall, save for energy intensity, whose targets are falls too.
            let before: String = chars[s..v.4].iter().collect();
            let falls = *ind != Indicator::EnergyIntensity && is_fall(&before);
            let sign = if falls { -1.0 } else { 1.0 };
            out.push(Target {
                indicator: *ind,
                words: w.trim().to_string(),
                value: sign * v.0,
                high: v.1.map(|h| sign * h),
                unit: v.2.to_string(),
                modifier: v.3,
                strive: false,
                kind: Kind::Result,
                paragraph,
                start: s,
                end: e,
            });
        }
        s = e + 1;
    }
}

/// Which of an indicator's measures its words name, where it has two: the surveyed
/// unemployment rate (调查) or the registered one (登记).
pub fn flavour(words: &str) -> Option<&'static str> {
    ["调查", "登记"].into_iter().find(|w| words.contains(w))
}

/// A target or result of a report in a collection; a target with the result the same
/// place's report of the next year gives for it.
#[derive(Clone, Debug)]
pub struct Found {
    pub report: ReportId,
    pub target: Target,
    pub outcome: Option<Outcome>,
}

/// The result a target is set against, and whether it was met.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub report: ReportId,
    pub result: Target,
    pub met: bool,
}

/// Every report's targets and results, in tree order, each target paired with its result
/// where the collection holds the place's report of the year after.
pub fn collect(corpus: &Corpus) -> Vec<Found> {
    let ids: Vec<ReportId> = corpus.order().to_vec();
    let per: Vec<Vec<Target>> = ids
        .par_iter()
        .map(|&id| extract(corpus.by_id()[id.index()].paragraphs.iter().map(|p| p.text.as_str())))
        .collect();
    // The reports by (place, year), for the year after's results.
    let mut at: std::collections::HashMap<(&str, i32), usize> = std::collections::HashMap::new();
    for (k, &id) in ids.iter().enumerate() {
        let m = &corpus.by_id()[id.index()].meta;
        if let (Some(place), Some(year)) = (m.place.as_deref(), m.year) {
            at.entry((place, year)).or_insert(k);
        }
    }
    let mut out = Vec::new();
    for (k, targets) in per.iter().enumerate() {
        let m = &corpus.by_id()[ids[k].index()].meta;
        let next = m.place.as_deref().zip(m.year).and_then(|(p, y)| at.get(&(p, y + 1)).copied());
        for t in targets {
            let outcome = (t.kind == Kind::Target).then_some(()).and(next).and_then(|n| {
                per[n]
                    .iter()
                    .filter(|r| r.kind == Kind::Result)
                    .find_map(|r| met(t, r).map(|met| Outcome { report: ids[n], result: r.clone(), met }))
            });
            out.push(Found { report: ids[k], target: t.clone(), outcome });
        }
    }
    out
}

/// Whether `result` (reported the year after) meets `target`: `None` when they are not
/// of the same indicator and unit, or the indicator is one of no known direction. More is
/// better, save for prices and unemployment; a range's low end must be reached (its high
/// end not passed, where less is better); 左右 is read as the value itself.
pub fn met(target: &Target, result: &Target) -> Option<bool> {
    if target.indicator != result.indicator || target.unit != result.unit || target.indicator == Indicator::Other {
        return None;
    }
    if let (Some(a), Some(b)) = (flavour(&target.words), flavour(&result.words))
        && a != b
    {
        return None;
    }
    let low = target.value;
    let high = target.high.unwrap_or(low);
    let r = result.value;
    let less_is_better = matches!(target.indicator, Indicator::Cpi | Indicator::UrbanUnemployment);
    Some(match (target.modifier, less_is_better) {
        (Some(Modifier::Above), _) => r > low,
        (Some(Modifier::Below), _) => r < high,
        (Some(Modifier::AtLeast), _) => r >= low,
        (Some(Modifier::AtMost), _) => r <= high,
        (_, true) => r <= high,
        (_, false) => r >= low,
    })
}

/// Where the target sentences of a paragraph run: from just after the marker's 是 / 为 /
/// colon to the sentence's end (its full stop, or the paragraph's end), and the words
/// before the marker in its clause (经济增长预期目标为7%左右: 经济增长 names the first value).
fn target_sentences(chars: &[char]) -> Vec<Opening> {
    let mut out: Vec<Opening> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // 今年计划国内生产总值增长百分之九, 今年国民生产总值计划增长百分之八, 今年计划要求，…:
        // the plan of the year, from 今年 to the sentence's end, its known indicators only.
        if starts_with(chars, i, "今年") && out.last().is_none_or(|o| i >= o.1) {
            let ce = (i..chars.len()).find(|&j| matches!(chars[j], '，' | '；' | '。')).unwrap_or(chars.len());
            let plan = (i..ce).any(|j| starts_with(chars, j, "计划"));
            if plan && !(i..ce).any(|j| MARKERS.iter().any(|m| starts_with(chars, j, m))) {
                let e = (i..chars.len()).find(|&j| chars[j] == '。').unwrap_or(chars.len());
                out.push((i, e, String::new(), true, i));
                i = e;
                continue;
            }
        }
        let Some(m) = MARKERS.iter().find(|m| starts_with(chars, i, m)) else {
            i += 1;
            continue;
        };
        let after = i + m.chars().count();
        // 是 / 为 / a colon within a few chars (主要预期目标是：, 预期目标为, 主要目标：); a comma
        // only before 定为 (宏观调控目标，定为百分之八至九).
        let opener = (after..(after + 4).min(chars.len())).find(|&k| matches!(chars[k], '是' | '为' | '：' | ':'));
        let gap_ok = |k: usize| {
            let gap: String = chars[after..k].iter().collect();
            !gap.contains(['。', '；'])
                && gap.split_once('，').is_none_or(|(_, rest)| matches!(rest, "定" | "设定" | "确定"))
        };
        if let Some(k) = opener
            && gap_ok(k)
        {
            let mut s = k + 1;
            while s < chars.len() && matches!(chars[s], '：' | ':' | ' ') {
                s += 1;
            }
            let e = (s..chars.len()).find(|&j| chars[j] == '。').unwrap_or(chars.len());
            // An opener at the paragraph's end gives (len, len): the next paragraph's.
            if (e > s || s == chars.len()) && out.last().is_none_or(|o| s >= o.1) {
                let from = (0..i).rev().find(|&j| matches!(chars[j], '。' | '，' | '；' | '：')).map_or(0, |j| j + 1);
                let mut lead: String = chars[from..i].iter().collect();
                let mut lead_from = from;
                // 今后五年，我国经济增长预期目标是…年均增长7%: a span's goal, said anywhere in
                // the sentence before the marker.
                let start = (0..i).rev().find(|&j| chars[j] == '。').map_or(0, |j| j + 1);
                let sentence: String = chars[start..i].iter().collect();
                let span = SPAN_WORDS.iter().any(|w| sentence.contains(w));
                lead = lead.strip_prefix("今年").unwrap_or(&lead).to_string();
                // 经济增速是综合性指标，今年预期目标设定为6%以上: the sentence names it before.
                if indicator(&lead) == Indicator::Other && indicator(&sentence) != Indicator::Other {
                    lead = sentence;
                    lead_from = start;
                }
                let weak = WEAK_MARKERS.contains(m);
                if !span && (!weak || indicator(&lead) != Indicator::Other) {
                    out.push((s, e, lead, weak, lead_from));
                    i = e.max(after);
                    continue;
                }
            }
            // A marker rejected: a real one may come later in the sentence.
            i = after;
        } else {
            i = after;
        }
    }
    out
}

/// A target sentence: where its targets run `[start, end)`, the words before its marker,
/// whether only the vocabulary's indicators are read in it, and where those words start.
type Opening = (usize, usize, String, bool, usize);

fn starts_with(chars: &[char], at: usize, word: &str) -> bool {
    (at..).zip(word.chars()).all(|(k, c)| chars.get(k) == Some(&c))
}

/// The targets of one sentence `[start, end)`, clause by clause; `lead` names the first
/// clause's value when the clause itself has no words before it.
fn clauses(chars: &[char], start: usize, end: usize, lead: &str, paragraph: usize, known_only: bool) -> Vec<Target> {
    let mut out = Vec::new();
    let mut s = start;
    // The words of the last clause that named an indicator: 城镇新增就业1100万人以上，城镇调查失业率…
    while s < end {
        // A comma between digits is a thousands separator (1,100万人), not a clause's end.
        let digit = |j: usize| chars.get(j).is_some_and(|c| c.is_ascii_digit());
        let e = (s..end)
            .find(|&j| {
                matches!(chars[j], '；' | '，' | ';') || chars[j] == ',' && !(digit(j.wrapping_sub(1)) && digit(j + 1))
            })
            .unwrap_or(end);
        let found = clause(chars, s, e, if s == start { lead } else { "" }, paragraph);
        out.extend(found.into_iter().filter(|t| !known_only || t.indicator != Indicator::Other));
        s = e + 1;
    }
    out
}

/// A number read at `chars[i..]`: ASCII or full-width digits with a decimal point, or
/// Chinese numerals (六点五, 一千一百); its value and where it ends.
fn number_at(chars: &[char], i: usize) -> Option<(f64, usize)> {
    let digit = |c: char| match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    };
    if digit(chars[i]).is_some() {
        let mut j = i;
        let mut text = String::new();
        while j < chars.len() {
            if let Some(d) = digit(chars[j]) {
                text.push(char::from_digit(d, 10).unwrap_or('0'));
            } else if matches!(chars[j], '.' | '．' | '·' | '・')
                && j > i
                && j + 1 < chars.len()
                && digit(chars[j + 1]).is_some()
            {
                // 14·1％: a middle dot between digits is a decimal point in some sources.
                text.push('.');
            } else if chars[j] == ',' && j + 3 < chars.len() && (1..=3).all(|k| digit(chars[j + k]).is_some()) {
                // 1,100: a thousands separator.
            } else {
                break;
            }
            j += 1;
        }
        return text.parse().ok().map(|v| (v, j));
    }
    chinese_number(chars, i)
}

/// Chinese numerals at `chars[i..]`: 七, 六点五, 一千一百, 百分之七 is read by the caller.
fn chinese_number(chars: &[char], i: usize) -> Option<(f64, usize)> {
    let value = |c: char| {
        Some(match c {
            '零' => 0.0,
            '一' => 1.0,
            '二' | '两' => 2.0,
            '三' => 3.0,
            '四' => 4.0,
            '五' => 5.0,
            '六' => 6.0,
            '七' => 7.0,
            '八' => 8.0,
            '九' => 9.0,
            _ => return None,
        })
    };
    let scale = |c: char| match c {
        '十' => Some(10.0),
        '百' => Some(100.0),
        '千' => Some(1000.0),
        _ => None,
    };
    let numeral = |j: usize| chars.get(j).is_some_and(|&c| value(c).is_some() || scale(c).is_some());
    // `big`: the sections before a 万 or 亿 that more numerals follow (一万一千一百七十亿元 is
    // 11170 亿元: the last 亿 stays the unit's).
    let (mut big, mut total, mut cur, mut j, mut any) = (0.0, 0.0, 0.0, i, false);
    while j < chars.len() {
        let c = chars[j];
        if let Some(v) = value(c) {
            cur = v;
        } else if any && matches!(c, '万' | '亿') && numeral(j + 1) {
            let section = total + cur;
            big = if c == '万' { big + section * 1e4 } else { (big + section) * 1e8 };
            total = 0.0;
            cur = 0.0;
        } else if let Some(s) = scale(c) {
            // 十 alone is ten.
            total += if cur == 0.0 { 1.0 } else { cur } * s;
            cur = 0.0;
        } else if c == '点' && j + 1 < chars.len() && value(chars[j + 1]).is_some() {
            let mut frac = 0.0;
            let mut div = 10.0;
            let mut k = j + 1;
            while k < chars.len()
                && let Some(v) = value(chars[k])
            {
                frac += v / div;
                div *= 10.0;
                k += 1;
            }
            return Some((big + total + cur + frac, k));
        } else {
            break;
        }
        any = true;
        j += 1;
    }
    any.then_some((big + total + cur, j))
}

/// The unit written at `chars[i..]`, and where it ends.
fn unit_at(chars: &[char], i: usize) -> Option<(&'static str, usize)> {
    UNITS
        .iter()
        .find(|u| starts_with(chars, i, u))
        .map(|u| (*u, i + u.chars().count()))
        .or_else(|| (i < chars.len() && chars[i] == '％').then_some(("%", i + 1)))
}

/// One value with its unit: a number (or 百分之 + number), perhaps a range to a second
/// one, and the unit after it (a range's first number may carry the unit too: 6%－6.5%).
fn value_at(chars: &[char], i: usize) -> Option<(f64, Option<f64>, &'static str, usize)> {
    let (percent_word, i) = if starts_with(chars, i, "百分之") { (true, i + 3) } else { (false, i) };
    if i >= chars.len() {
        return None;
    }
    let (low, mut j) = number_at(chars, i)?;
    let mut unit = if percent_word { Some(("%", j)) } else { unit_at(chars, j) };
    if let Some((_, after)) = unit {
        j = after;
    }
    // A range: 6%－6.5%, 6-6.5%, 6%至6.5%, 6%到7%, 6～7%.
    let mut high = None;
    if j < chars.len() && matches!(chars[j], '－' | '-' | '—' | '–' | '~' | '～' | '至' | '到') {
        let k = j + if j + 1 < chars.len() && chars[j] == '—' && chars[j + 1] == '—' { 2 } else { 1 };
        if k < chars.len()
            && let Some((h, after)) = number_at(chars, k)
        {
            high = Some(h);
            j = after;
            if let Some((u, after)) = unit_at(chars, j) {
                unit = Some((u, after));
                j = after;
            }
        }
    }
    Some((low, high, unit.map_or("", |u| u.0), j))
}

/// The modifier words before a value (in the clause's words) and after it.
fn modifier(before: &str, after: &[char]) -> Option<Modifier> {
    // 6%以 上: a space inside the word, as PDFs leave them.
    let next: String = after.iter().filter(|c| !c.is_whitespace()).take(3).collect();
    if next.starts_with("左右") {
        return Some(Modifier::About);
    }
    if next.starts_with("以上") {
        return Some(Modifier::AtLeast);
    }
    if next.starts_with("以内") || next.starts_with("以下") {
        return Some(Modifier::AtMost);
    }
    // Words of comparison anywhere before the value: 增长高于全国平均水平1个百分点.
    let has = |w: &str| before.contains(w);
    if has("不低于") {
        Some(Modifier::AtLeast)
    } else if has("控制在") || has("不超过") || has("不高于") {
        Some(Modifier::AtMost)
    } else if has("高于") {
        Some(Modifier::Above)
    } else if has("低于") {
        Some(Modifier::Below)
    } else if before.ends_with('约') {
        Some(Modifier::About)
    } else {
        None
    }
}

/// The indicator that `words` name.
pub fn indicator(words: &str) -> Indicator {
    let has = |w: &str| words.contains(w);
    if has("能耗") {
        Indicator::EnergyIntensity
    } else if (has("生产总值") && !has("工农业")) || has("GDP") || has("经济增长") || has("经济增速") {
        Indicator::Gdp
    } else if has("一般公共预算收入") || has("财政收入") || has("预算收入") {
        Indicator::FiscalRevenue
    } else if has("固定资产投资") {
        Indicator::FixedAssetInvestment
    } else if has("社会消费品零售") {
        Indicator::RetailSales
    } else if has("工业增加值") {
        Indicator::IndustrialValueAdded
    } else if has("新增就业") || has("城镇就业") {
        Indicator::UrbanNewJobs
    } else if has("失业率") {
        Indicator::UrbanUnemployment
    } else if has("消费价格") || has("CPI") {
        Indicator::Cpi
    } else if has("收入") && has("城镇") {
        Indicator::IncomeUrban
    } else if has("收入") && has("农村") || has("农民") && has("收入") {
        Indicator::IncomeRural
    } else if has("居民") && has("收入") {
        Indicator::Income
    } else if has("进出口") || has("外贸") {
        Indicator::ForeignTrade
    } else if has("粮食产量") || has("粮食总产") {
        Indicator::GrainOutput
    } else {
        Indicator::Other
    }
}

/// The targets of one clause `[s, e)`: each value in it, with the words before the first
/// one naming the indicator.
fn clause(chars: &[char], s: usize, e: usize, lead: &str, paragraph: usize) -> Vec<Target> {
    // Nothing is read past the clause's end.
    let chars = &chars[..e];
    let text: String = chars[s..e].iter().collect();
    let strive = text.contains("力争");
    let values = values_in(chars, s, e);
    let Some(&(_, _, _, _, first, _)) = values.first() else { return Vec::new() };
    let mut words: String = chars[s..first].iter().collect::<String>().trim().to_string();
    if words.is_empty() {
        words = lead.trim().to_string();
    }
    // Years and ordinals are no targets (2019年, 第十四个五年): a value needs a unit, or words
    // that name a known indicator.
    let known = indicator(&words);
    let target = |indicator: Indicator, words: String, v: &Value| Target {
        indicator,
        words,
        value: v.0,
        high: v.1,
        unit: v.2.to_string(),
        modifier: v.3,
        strive,
        kind: Kind::Target,
        paragraph,
        start: s,
        end: e,
    };
    // 年均增长7%: a span's, not the year's.
    if words.contains("年均") {
        return Vec::new();
    }
    let values: Vec<Value> =
        values.into_iter().filter(|v| !v.2.is_empty() && chars[v.5..e].first().is_none_or(|&c| c != '年')).collect();
    let items = named_items(&words, values.len());
    // 城乡居民人均可支配收入分别增长6%、5%, 地区生产总值、规上工业增加值分别增长7%、8%: a value
    // each, in order; 地区生产总值、固定资产投资增长5%以上, 分别增长5%以上: one value for each.
    if items.len() > 1 && (values.len() == items.len() || values.len() == 1) {
        return items
            .into_iter()
            .enumerate()
            .map(|(k, (ind, w))| target(ind, w, &values[k.min(values.len() - 1)]))
            .collect();
    }
    values.iter().map(|v| target(known, words.clone(), v)).collect()
}

/// The indicators that a clause's words name, in order, for the clause's `n` values:
/// the town's and the country's income for 城乡 / 城镇和农村 with 分别 or two values; each
/// item of a list split at 、, 和 and 及 when every item names one; else the one the words
/// name.
fn named_items(words: &str, n: usize) -> Vec<(Indicator, String)> {
    let known = indicator(words);
    let income = matches!(known, Indicator::IncomeUrban | Indicator::IncomeRural | Indicator::Income);
    let both = words.contains("城乡") || words.contains("城镇") && (words.contains("农村") || words.contains("农民"));
    if income && both && (words.contains("分别") || n == 2) {
        return vec![(Indicator::IncomeUrban, words.to_string()), (Indicator::IncomeRural, words.to_string())];
    }
    let parts: Vec<&str> = words.split(['、', '和', '及']).filter(|p| !p.trim().is_empty()).collect();
    let kinds: Vec<Indicator> = parts.iter().map(|p| indicator(p)).collect();
    if parts.len() > 1 && kinds.iter().all(|k| *k != Indicator::Other) {
        return kinds.into_iter().zip(parts).map(|(k, p)| (k, p.trim().to_string())).collect();
    }
    vec![(known, words.to_string())]
}

/// A value found in a clause: low, high, unit, modifier, and where it starts and ends.
type Value = (f64, Option<f64>, &'static str, Option<Modifier>, usize, usize);

/// The values of the clause `[s, e)` of `chars` (which ends at `e`), in order.
fn values_in(chars: &[char], s: usize, e: usize) -> Vec<Value> {
    let mut values = Vec::new();
    let mut i = s;
    while i < e {
        if value_starts(chars, i)
            && let Some((low, high, unit, after)) = value_at(chars, i)
        {
            let before: String = chars[s..i].iter().collect();
            values.push((low, high, unit, modifier(&before, &chars[after..e]), i, after));
            i = after;
        } else {
            i += 1;
        }
    }
    values
}

/// Whether a value starts at `i`: a digit, 百分之, or a Chinese numeral before a unit (not
/// 一是, 三农, 一般公共预算收入).
fn value_starts(chars: &[char], i: usize) -> bool {
    let Some(&c) = chars.get(i) else { return false };
    c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || starts_with(chars, i, "百分之")
        || chinese_value_with_unit(chars, i)
}

/// Words before a value that say it fell (下降0.7%, 减少了3%, 回落约1%); 降到 / 回落到 give
/// the level it fell to, no fall.
fn is_fall(before: &str) -> bool {
    let b = before.trim_end_matches(['约', '了']);
    ["下降", "下跌", "减少", "回落", "降低"].iter().any(|w| b.ends_with(w))
}

/// A Chinese numeral at `i` that is followed by a unit (六点五%, 一千一百万人).
fn chinese_value_with_unit(chars: &[char], i: usize) -> bool {
    chinese_number(chars, i).is_some_and(|(_, j)| unit_at(chars, j).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Vec<Target> {
        extract([text])
    }

    fn brief(t: &Target) -> (Indicator, f64, Option<f64>, &str, Option<Modifier>) {
        (t.indicator, t.value, t.high, t.unit.as_str(), t.modifier)
    }

    #[test]
    fn a_national_target_sentence_gives_each_target_with_its_modifier() {
        let t = one(
            "今年发展的主要预期目标是：国内生产总值增长6%－6.5%；城镇新增就业1100万人以上，城镇调查失业率5.5%左右，\
             城镇登记失业率4.5%以内；居民消费价格涨幅3%左右；国际收支基本平衡，进出口稳中提质；单位国内生产总值能耗下降3%左右。\
             上述主要预期目标，体现了推动高质量发展要求。",
        );
        let got: Vec<_> = t.iter().map(brief).collect();
        use Indicator::*;
        use Modifier::*;
        assert_eq!(
            got,
            [
                (Gdp, 6.0, Some(6.5), "%", None),
                (UrbanNewJobs, 1100.0, None, "万人", Some(AtLeast)),
                (UrbanUnemployment, 5.5, None, "%", Some(About)),
                (UrbanUnemployment, 4.5, None, "%", Some(AtMost)),
                (Cpi, 3.0, None, "%", Some(About)),
                (EnergyIntensity, 3.0, None, "%", Some(About)),
            ]
        );
        // Each keeps the chars of its clause.
        let text: Vec<char> = "今年发展的主要预期目标是：国内生产总值增长6%－6.5%；".chars().collect();
        assert_eq!(text[t[0].start..t[0].end].iter().collect::<String>(), "国内生产总值增长6%－6.5%");
    }

    #[test]
    fn modifiers_before_the_value_and_after_it() {
        let m = |s: &str| one(&format!("主要预期目标是：{s}。")).first().and_then(|t| t.modifier);
        assert_eq!(m("城镇登记失业率控制在4.6%"), Some(Modifier::AtMost));
        assert_eq!(m("居民消费价格涨幅不超过3%"), Some(Modifier::AtMost));
        assert_eq!(m("粮食产量不低于1.3万亿斤"), Some(Modifier::AtLeast));
        assert_eq!(m("一般公共预算收入增长不低于6%"), Some(Modifier::AtLeast));
        assert_eq!(m("地区生产总值增长高于全国平均水平1个百分点"), Some(Modifier::Above));
        assert_eq!(m("居民消费价格涨幅低于3%"), Some(Modifier::Below));
        assert_eq!(m("地区生产总值增长约7%"), Some(Modifier::About));
        assert_eq!(m("城镇新增就业5万人以下"), Some(Modifier::AtMost));
        assert_eq!(m("地区生产总值增长7%"), None);
        let strive = one("主要预期目标是：地区生产总值增长7%，力争8%。");
        assert_eq!(strive.iter().map(|t| (t.value, t.strive)).collect::<Vec<_>>(), [(7.0, false), (8.0, true)]);
    }

    #[test]
    fn ranges_full_width_digits_and_chinese_numerals() {
        let v = |s: &str| one(&format!("主要预期目标是：{s}。")).first().map(|t| (t.value, t.high, t.unit.clone()));
        assert_eq!(v("国内生产总值增长6-6.5%"), Some((6.0, Some(6.5), "%".into())));
        assert_eq!(v("国内生产总值增长6%至6.5%"), Some((6.0, Some(6.5), "%".into())));
        assert_eq!(v("国内生产总值增长６．５％左右"), Some((6.5, None, "%".into())));
        assert_eq!(v("国内生产总值增长百分之七左右"), Some((7.0, None, "%".into())));
        assert_eq!(v("国内生产总值增长六点五%"), Some((6.5, None, "%".into())));
        assert_eq!(v("城镇新增就业一千一百万人"), Some((1100.0, None, "万人".into())));
        assert_eq!(v("城镇新增就业1,100万人"), Some((1100.0, None, "万人".into())));
    }

    #[test]
    fn one_clause_can_set_several_targets() {
        let t = one("预期目标为：地区生产总值增长7%，城乡居民人均可支配收入分别增长6%、5%。");
        let got: Vec<_> = t.iter().map(|t| (t.indicator, t.value)).collect();
        assert_eq!(got, [(Indicator::Gdp, 7.0), (Indicator::IncomeUrban, 6.0), (Indicator::IncomeRural, 5.0)]);
    }

    /// 分别 with one value: each side's.
    #[test]
    fn one_value_for_both_sides() {
        let t = one("预期目标为：城乡居民人均可支配收入分别增长5%以上。");
        let got: Vec<_> = t.iter().map(|t| (t.indicator, t.value, t.modifier)).collect();
        let at_least = Some(Modifier::AtLeast);
        assert_eq!(got, [(Indicator::IncomeUrban, 5.0, at_least), (Indicator::IncomeRural, 5.0, at_least)]);
    }

    /// One value for several indicators named together; a target said again is the first.
    #[test]
    fn a_value_shared_by_indicators_and_a_target_said_twice() {
        let t = extract([
            "主要预期目标是：地区生产总值、固定资产投资、规上工业增加值增长5%以上。",
            "提出经济增长预期目标为5%以上，主要考虑了就业。",
        ]);
        let got: Vec<_> = t.iter().map(|t| (t.indicator, t.value, t.modifier)).collect();
        use Indicator::*;
        let at_least = Some(Modifier::AtLeast);
        assert_eq!(
            got,
            [(Gdp, 5.0, at_least), (FixedAssetInvestment, 5.0, at_least), (IndustrialValueAdded, 5.0, at_least)]
        );
    }

    /// The opener may end its paragraph, the targets standing in the next one.
    #[test]
    fn targets_in_the_paragraph_after_the_opener() {
        let t =
            extract(["今年经济社会发展的主要预期目标是：", "国内生产总值增长8%左右；城镇新增就业900万人以上。其余。"]);
        let got: Vec<_> = t.iter().map(|t| (t.indicator, t.value, t.paragraph)).collect();
        assert_eq!(got, [(Indicator::Gdp, 8.0, 1), (Indicator::UrbanNewJobs, 900.0, 1)]);
    }

    #[test]
    fn only_a_sentence_that_sets_targets_is_read() {
        // The marker without 是 / 为 / colon after it sets nothing; years are no values.
        assert!(one("上述主要预期目标，体现了推动高质量发展要求，到2020年实现。").is_empty());
        assert!(one("国内生产总值增长6.9%，城镇新增就业1351万人。").is_empty(), "a result, not a target");
        let t = one("2019年主要预期目标是：一是经济增长6%左右。");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].indicator, Indicator::Gdp);
        // The words before the marker name a value right after it.
        let t = one("中央提出今年经济增长预期目标为7%左右，既考虑了保持宏观调控目标的连续性。");
        assert_eq!((t.len(), t[0].indicator, t[0].value), (1, Indicator::Gdp, 7.0));
        assert_eq!(t[0].words, "中央提出今年经济增长");
        // Words the vocabulary does not know are kept as they are.
        let t = one("主要预期目标是：旅游总收入增长12%。");
        assert_eq!((t[0].indicator, t[0].words.as_str()), (Indicator::Other, "旅游总收入增长"));
    }

    fn results_of(review: &str) -> Vec<(Indicator, f64, String)> {
        extract([review, "主要预期目标是：国内生产总值增长5%左右。"])
            .into_iter()
            .filter(|t| t.kind == Kind::Result)
            .map(|t| (t.indicator, t.value, t.unit))
            .collect()
    }

    /// The review part reports the year before: a clause that names nothing is the
    /// indicator named before it; 和 / 分别 give values to each side in order.
    #[test]
    fn results_of_the_year_before() {
        use Indicator::*;
        let got = results_of(
            "国内生产总值达到74.4万亿元，增长6.7%；居民消费价格上涨2%。城镇新增就业1256万人、城镇调查失业率平均为5.1%。\
             城镇和农村居民人均可支配收入分别达到27180元、12960元，增长6.5%和5.5%。外贸进出口总额下降3.2%。",
        );
        let want: Vec<(Indicator, f64, String)> = [
            (Gdp, 74.4, "万亿元"),
            (Gdp, 6.7, "%"),
            (Cpi, 2.0, "%"),
            (UrbanNewJobs, 1256.0, "万人"),
            (UrbanUnemployment, 5.1, "%"),
            (IncomeUrban, 27180.0, "元"),
            (IncomeRural, 12960.0, "元"),
            (IncomeUrban, 6.5, "%"),
            (IncomeRural, 5.5, "%"),
            (ForeignTrade, -3.2, "%"),
        ]
        .into_iter()
        .map(|(i, v, u)| (i, v, u.to_string()))
        .collect();
        assert_eq!(got, want);
    }

    /// Spans of years, shares, comparisons with an earlier year and targets named in the
    /// review are no results.
    #[test]
    fn what_is_no_result() {
        assert!(results_of("五年来，经济实力跃上新台阶。城镇新增就业6600万人以上。").is_empty(), "the term's review");
        assert_eq!(results_of("一年来，经济实力跃上新台阶。城镇新增就业1100万人以上。").len(), 1);
        assert!(results_of("五年来，国内生产总值从54万亿元增加到82.7万亿元，年均增长7.1%。").is_empty());
        assert!(results_of("服务业增加值占国内生产总值比重上升到51.6%。").is_empty());
        assert!(results_of("国内生产总值达到24.66万亿元，比2002年增长65.5%。").len() == 1);
        assert!(results_of("全国没有实现年初确定的单位国内生产总值能耗降低4%左右的目标。").is_empty());
        assert!(results_of("现在国内生产总值每增长1个百分点的增量，相当于几年前的1.5个百分点。").is_empty());
    }

    #[test]
    fn a_result_meets_a_target_by_the_indicators_direction() {
        let t = |ind: Indicator, v: f64, high: Option<f64>, m: Option<Modifier>, words: &str| Target {
            indicator: ind,
            words: words.to_string(),
            value: v,
            high,
            unit: "%".to_string(),
            modifier: m,
            strive: false,
            kind: Kind::Target,
            paragraph: 0,
            start: 0,
            end: 0,
        };
        use Indicator::*;
        use Modifier::*;
        let gdp = t(Gdp, 6.0, Some(6.5), None, "");
        assert_eq!(met(&gdp, &t(Gdp, 6.1, None, None, "")), Some(true), "a range's low end is reached");
        assert_eq!(met(&gdp, &t(Gdp, 5.9, None, None, "")), Some(false));
        let about = t(Gdp, 7.0, None, Some(About), "");
        assert_eq!(met(&about, &t(Gdp, 6.9, None, None, "")), Some(false), "左右 is the value itself");
        let cpi = t(Cpi, 3.0, None, Some(About), "");
        assert_eq!(met(&cpi, &t(Cpi, 2.0, None, None, "")), Some(true), "less is better for prices");
        assert_eq!(met(&cpi, &t(Cpi, 3.3, None, None, "")), Some(false));
        let below = t(UrbanUnemployment, 4.6, None, Some(Below), "城镇登记失业率");
        assert_eq!(met(&below, &t(UrbanUnemployment, 4.6, None, None, "登记失业率")), Some(false));
        assert_eq!(met(&below, &t(UrbanUnemployment, 4.0, None, None, "调查失业率")), None, "another measure");
        assert_eq!(met(&below, &t(Cpi, 4.0, None, None, "")), None, "another indicator");
    }

    /// Before 2001 the year's plan was said in other shapes: 今年计划…, …计划增长, the
    /// 宏观调控目标 定为…, the 调控目标定为…, the 增长预期为…; only the vocabulary's
    /// indicators are read in them. A five-year average is no year's target.
    #[test]
    fn the_years_plan_in_older_shapes() {
        let gdp = |s: &str| {
            one(s)
                .into_iter()
                .filter(|t| t.indicator == Indicator::Gdp)
                .map(|t| (t.value, t.high, t.modifier))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            gdp("今年计划要求，在保持总量基本平衡的基础上，国民生产总值增长百分之六，全社会固定资产投资增长百分之八。"),
            [(6.0, None, None)]
        );
        assert_eq!(gdp("今年国民生产总值计划增长百分之八，是留有余地的。"), [(8.0, None, None)]);
        assert_eq!(gdp("根据这个要求，今年计划国内生产总值增长百分之九。"), [(9.0, None, None)]);
        assert_eq!(
            gdp("综合分析各方面的条件，今年经济增长速度的宏观调控目标，定为百分之八至九。"),
            [(8.0, Some(9.0), None)]
        );
        assert_eq!(
            gdp("今年要保持国民经济持续发展，经济增长速度的调控目标定为８％，物价上涨幅度低一些。"),
            [(8.0, None, None)]
        );
        assert_eq!(
            gdp("综合分析国内外的有利条件和制约因素，今年的经济增长预期为7％左右。"),
            [(7.0, None, Some(Modifier::About))]
        );
        assert!(one("今年计划要求，各地安排好春耕生产，完成150个项目。").is_empty(), "nothing the vocabulary knows");
        assert!(one("综合考虑各方面因素，“十五”期间年均经济增长速度预期目标为7％左右。").is_empty());
        assert!(one("改善居民心理预期，鼓励居民增加即期消费，增长5%。").is_empty(), "预期 without 为 / 是");
    }

    /// A target sentence may go on in the next sentence of its paragraph, opening on a
    /// known indicator; an explanation or a sentence of other words ends it.
    #[test]
    fn the_sentence_after_goes_on_setting_targets() {
        let t = one("今年发展的主要预期目标是：国内生产总值增长6.5%－7%，居民收入增长和经济增长基本同步。\
             单位国内生产总值能耗下降3.4%以上，主要污染物排放继续减少。节能减排指标达到省核定标准，增长8%。");
        let got: Vec<_> = t.iter().map(|t| (t.indicator, t.value)).collect();
        assert_eq!(got, [(Indicator::Gdp, 6.5), (Indicator::EnergyIntensity, 3.4)]);
        let t = one("主要预期目标是：国内生产总值增长7%。上述目标中，城镇新增就业1000万人以上是底线。");
        assert_eq!(t.len(), 1, "上述 explains");
    }

    /// A local report may call them its 发展目标 or 经济指标; a plan's or a vision's goals
    /// are no year's.
    #[test]
    fn other_openers_and_the_goals_of_a_span() {
        let n = |s: &str| one(s).iter().map(|t| (t.indicator, t.value)).collect::<Vec<_>>();
        assert_eq!(n("今年全市经济社会发展的主要发展目标是：地区生产总值增长6%左右。"), [(Indicator::Gdp, 6.0)]);
        assert_eq!(
            n("全年主要经济指标：地区生产总值增长5.5%，城镇新增就业2万人。"),
            [(Indicator::Gdp, 5.5), (Indicator::UrbanNewJobs, 2.0)]
        );
        assert!(n("“十四五”时期经济社会发展主要目标是：地区生产总值年均增长6%。").is_empty());
        assert!(n("到2035年发展目标是：地区生产总值比2020年翻一番，增长5%。").is_empty());
        assert!(n("确保完成全年发展目标任务，增长5%。").is_empty(), "发展目标 without 是 / 为 / colon");
    }

    /// Review finding: 分别 over a list gave every value to the last item's indicator, or
    /// to the one `indicator` ranks first.
    #[test]
    fn fenbie_over_a_list_gives_each_item_its_value() {
        use Indicator::*;
        let got = results_of("规上工业增加值、固定资产投资、社会消费品零售总额分别增长7.2%、8.5%、10.1%。");
        let want = [(IndustrialValueAdded, 7.2), (FixedAssetInvestment, 8.5), (RetailSales, 10.1)];
        assert_eq!(got.iter().map(|r| (r.0, r.1)).collect::<Vec<_>>(), want);
        let got = results_of("固定资产投资和规上工业增加值分别增长8%和9%。");
        assert_eq!(
            got.iter().map(|r| (r.0, r.1)).collect::<Vec<_>>(),
            [(FixedAssetInvestment, 8.0), (IndustrialValueAdded, 9.0)]
        );
        let t = one(
            "主要预期目标是：城镇和农村居民人均可支配收入分别增长8%和9%；地区生产总值、规上工业增加值、一般公共预算收入分别增长7%、8%、6%。",
        );
        let got: Vec<_> = t.iter().map(|t| (t.indicator, t.value)).collect();
        assert_eq!(
            got,
            [(IncomeUrban, 8.0), (IncomeRural, 9.0), (Gdp, 7.0), (IndustrialValueAdded, 8.0), (FiscalRevenue, 6.0)]
        );
    }

    /// Review finding: a five-year goal said with 今后五年 before the marker, or 年均 in
    /// the clause, was read as the year's target.
    #[test]
    fn a_span_said_before_the_marker_or_in_the_clause() {
        assert!(one("今后五年，我国经济增长预期目标是在明显提高质量和效益的基础上年均增长7%。").is_empty());
        assert!(one("主要预期目标是：地区生产总值年均增长6%。").is_empty());
        // 年初 is no 今年: the lead keeps it.
        let t = one("年初确定的主要预期目标是：地区生产总值增长6%。");
        assert_eq!(t[0].words, "地区生产总值增长");
    }

    /// Review finding: 、 before a word that opens with a numeral char (一般公共预算收入)
    /// was taken for a list of values; units of 万 and 亿 alone were not read; 粮食 of any
    /// kind was grain output; only 下降 and 下跌 were falls.
    #[test]
    fn numerals_in_words_bare_units_grain_and_falls() {
        use Indicator::*;
        let got = results_of("地区生产总值增长7.2%、一般公共预算收入增长6%。");
        assert_eq!(got.iter().map(|r| (r.0, r.1)).collect::<Vec<_>>(), [(Gdp, 7.2), (FiscalRevenue, 6.0)]);
        let t = one("主要预期目标是：城镇新增就业1100万以上，粮食播种面积稳定在1.7亿亩。");
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].indicator, t[0].unit.as_str(), t[0].modifier), (UrbanNewJobs, "万", Some(Modifier::AtLeast)));
        assert_eq!(t[1].indicator, Other, "sown area is no grain output");
        let got = results_of("居民消费价格回落约1%，外贸进出口减少了3%，城镇调查失业率降到5.2%。");
        assert_eq!(
            got.iter().map(|r| (r.0, r.1)).collect::<Vec<_>>(),
            [(Cpi, -1.0), (ForeignTrade, -3.0), (UrbanUnemployment, 5.2)]
        );
    }

    /// Review finding: a rejected marker skipped the rest of its sentence; a sentence after
    /// the target sentence that names a year was read as a target; two unemployment rates
    /// of the same value were one.
    #[test]
    fn a_marker_after_a_rejected_one_a_dated_sentence_and_two_measures() {
        let t = one("以稳预期为重点，今年主要预期目标是：地区生产总值增长6%。");
        assert_eq!(t.len(), 1);
        let t = one("主要预期目标是：地区生产总值增长6%。2015年国内生产总值增长6.9%。");
        assert_eq!(t.len(), 1);
        let t = one("主要预期目标是：城镇调查失业率4.5%以内，城镇登记失业率4.5%以内。");
        assert_eq!(t.len(), 2);
    }

    /// Regression (736aef5): 按可比价格计算 between the figure and its growth names nothing.
    #[test]
    fn at_comparable_prices_names_nothing() {
        let got = results_of("国内生产总值达到４３８００亿元，按可比价格计算，比上年增长百分之十一点八。");
        assert_eq!(
            got.iter().map(|r| (r.0, r.1)).collect::<Vec<_>>(),
            [(Indicator::Gdp, 43800.0), (Indicator::Gdp, 11.8)]
        );
    }

    /// A report whose target part is not recognised still reports the year before, up to
    /// the paragraph that turns to this year's work.
    #[test]
    fn results_without_targets() {
        let t = extract(["全年地区生产总值增长6.1%。", "今年工作的总体要求是，稳中求进。", "地区生产总值增长8%。"]);
        assert_eq!(t.iter().map(|t| (t.kind, t.value)).collect::<Vec<_>>(), [(Kind::Result, 6.1)]);
    }

    /// Trial findings: a middle dot as a decimal point (14·1％) was read as 1; increases
    /// (比上年增加2787亿元) were levels; a goal for a later year (到2021年…) in the review
    /// was a result; capacity (粮食综合生产能力) was output.
    #[test]
    fn middle_dots_increases_later_goals_and_capacity() {
        use Indicator::*;
        let got = results_of("全社会固定资产投资增长14·1％。全国财政收入达到2.17万亿元，比上年增加2787亿元。");
        assert_eq!(
            got.iter().map(|r| (r.0, r.1)).collect::<Vec<_>>(),
            [(FixedAssetInvestment, 14.1), (FiscalRevenue, 2.17)]
        );
        assert!(results_of("到2021年，外贸进出口总额实现4.5亿美元以上。").is_empty());
        assert!(results_of("粮食综合生产能力保持在1.3万亿斤以上。").is_empty());
        assert!(results_of("国内生产总值增加到121万亿元，五年年均增长5.2%。").is_empty());
        // Chinese numerals with 万 and 亿 inside: 一万一千一百七十亿元 is 11170 亿元.
        let got = results_of("国民生产总值达到一万一千一百七十亿元。");
        assert_eq!(got, [(Gdp, 11170.0, "亿元".to_string())]);
    }

    /// Trial finding (齐齐哈尔 2022): a paragraph that lists goals with no opener is the
    /// target part when no target sentence is found; a review's list is not.
    #[test]
    fn a_list_of_goals_without_an_opener() {
        let t = extract([
            "2021年，全年地区生产总值增长6.6%，规上工业增加值增长5%左右，固定资产投资增长6%左右。",
            "全市地区生产总值增长6%以上，公共财政预算收入增长6%以 上，规上工业增加值增长 8%以上。",
        ]);
        let got: Vec<_> =
            t.iter().filter(|t| t.kind == Kind::Target).map(|t| (t.indicator, t.value, t.paragraph)).collect();
        use Indicator::*;
        assert_eq!(got, [(Gdp, 6.0, 1), (FiscalRevenue, 6.0, 1), (IndustrialValueAdded, 8.0, 1)]);
        assert!(
            t.iter().filter(|t| t.kind == Kind::Target).all(|t| t.modifier == Some(Modifier::AtLeast)),
            "以 上 with a space"
        );
    }
}
