//! Relevance: research queries over the bundled reports, and the passages a researcher
//! would want first.
//!
//! Each case names, by place, year and a distinctive substring of the paragraph's text (not by
//! paragraph index, which a parser change could shift), the paragraphs that must be in the
//! query's top 5 (a heading about the phrase, a short paragraph that is about it), some that
//! must be in its top 20 (used to check that a query reaches the 1950s reports in their
//! script), and the ones that must not be in its top 20: junk, such as a pinyin match through
//! unrelated words (`yshj` spelled by 也是很巨大), a variant when exact hits abound
//! (经济适用住房建设 for 經濟建設), a long paragraph that mentions the phrase in passing when
//! short ones are about it. Every expectation was made by reading the paragraph, not by copying
//! the current order.
//!
//! A substring may be anchored: `^…` the paragraph starts with it, `…$` it ends with it (so
//! `^四、大力推进国有企业改革$` is that heading and not the paragraphs quoting it).
//!
//! Queries run as the panel and `baogao search` run them ([`search_with_retry`]: a Chinese query
//! with nothing exact is retried by its pinyin, which the typo cases rely on; any other query
//! gets exactly [`baogao::search::search`]'s hits).
//!
//! [`CASES`] must hold. [`KNOWN_FAILING`] are expectations the ranking does not meet yet; they
//! are checked by an ignored test (`cargo test --test relevance -- --ignored`), which lists
//! each problem. When the ranking is fixed, move the case to [`CASES`].

use baogao::corpus::Corpus;
use baogao::search::engine::search_with_retry;
use baogao::search::{Filter, Hit, Matcher, Query};
use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;

/// A paragraph: its report's place and year, and a distinctive piece of its text.
#[derive(Clone, Copy, Debug)]
struct Para {
    place: &'static str,
    year: i32,
    text: &'static str,
}

const fn p(place: &'static str, year: i32, text: &'static str) -> Para {
    Para { place, year, text }
}

/// One research query and what its ranking must look like.
struct Case {
    query: &'static str,
    /// Each must rank 1st to 5th.
    top5: &'static [Para],
    /// Each must rank 1st to 20th.
    top20: &'static [Para],
    /// None may rank 1st to 20th (it may be missing).
    not_top20: &'static [Para],
}

const GUO: &str = "全国";
const JIXI: &str = "鸡西市";
const DIDAO: &str = "滴道区";
const JILIN: &str = "吉林市";
const QIQIHAR: &str = "齐齐哈尔市";
const MUDANJIANG: &str = "牡丹江市";

// Paragraphs several cases name.
const YSHJ_2019: Para = p(GUO, 2019, "（二）激发市场主体活力，着力优化营商环境");
const YSHJ_QQHR: Para = p(QIQIHAR, 2022, "(四)深化改革释放活力,持续优化营商环境");
const YSHJ_2022: Para = p(GUO, 2022, "^三是深化改革扩大开放，持续改善营商环境。$");
const XCZX_2021: Para = p(GUO, 2021, "（五）全面实施乡村振兴战略，促进农业稳定发展和农民增收");
const TPGJ_2019: Para = p(GUO, 2019, "（五）对标全面建成小康社会任务，扎实推进脱贫攻坚和乡村振兴");
const TPGJ_2023: Para = p(GUO, 2023, "（二）如期打赢脱贫攻坚战，巩固拓展脱贫攻坚成果");
const GJC_2016: Para = p(GUO, 2016, "（二）加强供给侧结构性改革，增强持续增长动力");
const GJC_2018: Para = p(GUO, 2018, "（一）深入推进供给侧结构性改革。坚持把发展经济着力点放在实体经济上");
const TDF_2024: Para = p(GUO, 2024, "扎实开展“碳达峰十大行动”");
const TDF_2025: Para = p(GUO, 2025, "扎实开展国家碳达峰第二批试点");
const YDYL_2019: Para = p(GUO, 2019, "^推动共建“一带一路”。坚持共商共建共享");
const YDYL_2018: Para = p(GUO, 2018, "^推进“一带一路”国际合作。");
const GQGG_1999: Para = p(GUO, 1999, "^四、大力推进国有企业改革$");
const GQGG_2005: Para = p(GUO, 2005, "^（二）深化国有企业改革。$");
const SHIMO_JIXI: Para = p(JIXI, 2017, "^推动石墨产业迈向中高端。");
const JJJS_1983: Para = p(GUO, 1983, "^（一）关于经济建设$");
const GZL_2021: Para = p(GUO, 2021, "（三）依靠创新推动实体经济高质量发展，培育壮大新动能");
const SZJJ_2022: Para = p(GUO, 2022, "^促进数字经济发展。加强数字中国建设整体布局");
const SZJJ_2024: Para = p(GUO, 2024, "^深入推进数字经济创新发展。");
const SZJJ_2025: Para = p(GUO, 2025, "^激发数字经济创新活力。");
const FGF_JILIN: Para = p(JILIN, 2018, "（五）突出抓“放管服”改革，政府建设全面提速");
const DYJ_1959A: Para = p(GUO, 1959, "^我们的大跃进的原因，是帝国主义者所不能够了解和不愿意了解的");
const DYJ_1959B: Para = p(GUO, 1959, "出现了一个我国历史上前所未有的国民经济的大跃进");
const TIGAO_2000: Para = p(GUO, 2000, "要围绕优化结构、提高质量和效益、增强国际竞争力");
const TIGAO_1980: Para = p(GUO, 1980, "综合利用和提高质量的工作，逐步变原料出口为产品出口");
/// 1954, in traditional script: 羣衆性的愛國衞生運動，粉碎了美國侵略者的細菌戰.
const AIGUO_1954: Para = p(GUO, 1954, "羣衆性的愛國衞生運動，粉碎了美國侵略者的細菌戰");

const CASES: &[Case] = &[
    // The three headings that are the phrase's own section; a 1278-char five-year review
    // naming it among a dozen reforms is not among the 36 hits a researcher reads first.
    Case {
        query: "营商环境",
        top5: &[YSHJ_2019, YSHJ_QQHR, YSHJ_2022],
        top20: &[],
        not_top20: &[p(QIQIHAR, 2022, "^这五年,我们坚持改革开放和创新驱动")],
    },
    // Pinyin initials: the same headings; 也是很巨(大) (1955) and 有所缓解 (2005) spell
    // y-s-h-j through unrelated words.
    Case {
        query: "yshj",
        top5: &[YSHJ_2019, YSHJ_QQHR],
        top20: &[],
        not_top20: &[
            p(GUO, 1955, "许多工业建设单位的规模是很巨大的"),
            p(GUO, 2005, "^总结一年来的工作，我们清醒地看到"),
        ],
    },
    // A typo (竟 for 境) finds nothing exact and is retried by its pinyin.
    Case { query: "营商环竟", top5: &[YSHJ_2019, YSHJ_QQHR], top20: &[], not_top20: &[] },
    // Headings about rural revitalisation; a variant (乡村全面振兴) in a 342-char list of the
    // year's general requirements is not one of them.
    Case {
        query: "乡村振兴",
        top5: &[XCZX_2021, TPGJ_2019, p(DIDAO, 2025, "在乡村振兴上有新突破")],
        top20: &[],
        not_top20: &[p(GUO, 2024, "统筹新型城镇化和乡村全面振兴")],
    },
    Case { query: "xczx", top5: &[XCZX_2021, TPGJ_2019], top20: &[], not_top20: &[] },
    // The heading whose subject is high-quality development; two 1000-char paragraphs that
    // name it once (as 坚持高质量发展的要求, 落实省推动高质量发展“100项任务”) are not.
    Case {
        query: "高质量发展",
        top5: &[GZL_2021],
        top20: &[],
        not_top20: &[
            p(JILIN, 2018, "^做强做优实体经济。坚持高质量发展的要求"),
            p(MUDANJIANG, 2020, "（二）把稳增长作为核心任务和首要目标"),
        ],
    },
    // The two national headings on supply-side reform; a city's year review (552 chars) that
    // names it once as the 主线 is a passing mention.
    Case {
        query: "供给侧结构性改革",
        top5: &[GJC_2016, GJC_2018],
        top20: &[],
        not_top20: &[p(MUDANJIANG, 2020, "^过去一年，在市委正确领导下")],
    },
    // A dropped char (性): only variants, and the same headings lead them.
    Case { query: "供给侧结构改革", top5: &[GJC_2016, GJC_2018], top20: &[], not_top20: &[] },
    // Exact: only the paragraph holding 供给侧改革 itself; the variant heading must go.
    Case {
        query: "'供给侧改革",
        top5: &[p(GUO, 2017, "使供给侧改革和需求侧管理相辅相成")],
        top20: &[],
        not_top20: &[GJC_2016],
    },
    // The two paragraphs titled 积极稳妥推进碳达峰碳中和.
    Case { query: "碳达峰", top5: &[TDF_2024, TDF_2025], top20: &[], not_top20: &[] },
    Case { query: "tandafeng", top5: &[TDF_2024, TDF_2025], top20: &[], not_top20: &[] },
    // A typo (锋 for 峰), retried by pinyin.
    Case { query: "碳达锋", top5: &[TDF_2024, TDF_2025], top20: &[], not_top20: &[] },
    // Paragraphs titled with the Belt and Road itself.
    Case { query: "一带一路", top5: &[YDYL_2019, YDYL_2018], top20: &[], not_top20: &[] },
    // 一定要留 (1987) and 业的优良 (2000) spell y-d-y-l through unrelated words.
    Case {
        query: "ydyl",
        top5: &[YDYL_2019, YDYL_2018],
        top20: &[],
        not_top20: &[p(GUO, 1987, "利用外资要讲求经济效益"), p(GUO, 2000, "勤俭办一切事业的优良作风")],
    },
    // The two headings on winning the battle against poverty.
    Case { query: "脱贫攻坚", top5: &[TPGJ_2019, TPGJ_2023], top20: &[], not_top20: &[] },
    // 突破供给 (2022, 36 chars) and 突破国家 (1992) spell t-p-g-j through unrelated words.
    Case {
        query: "tpgj",
        top5: &[TPGJ_2019, TPGJ_2023],
        top20: &[],
        not_top20: &[p(GUO, 2022, "突破供给约束堵点"), p(GUO, 1992, "目的是不断改善人民的物质")],
    },
    // A typo (功 for 攻), retried by pinyin.
    Case { query: "脱贫功坚", top5: &[TPGJ_2019], top20: &[], not_top20: &[] },
    // Headings that are the phrase.
    Case { query: "国有企业改革", top5: &[GQGG_1999, GQGG_2005], top20: &[], not_top20: &[] },
    // Two terms: the same headings first; two variants (国有粮食购销企业改革) in paragraphs
    // about rural tax reform (2002) and grain purchasing (2000) are not about SOE reform.
    Case {
        query: "国有企业 改革",
        top5: &[GQGG_1999, GQGG_2005],
        top20: &[],
        not_top20: &[
            p(GUO, 2002, "^农村税费改革是减轻农民负担的治本之策"),
            p(GUO, 2000, "继续抓好国有粮食购销企业改革"),
        ],
    },
    // Jixi's paragraph titled 推动石墨产业迈向中高端 is the graphite passage.
    Case { query: "石墨", top5: &[SHIMO_JIXI], top20: &[], not_top20: &[] },
    // shimo: the same; 十万 (万 read mò, 1955, 23 chars) and 使某 (1955) are not graphite.
    Case {
        query: "shimo",
        top5: &[SHIMO_JIXI],
        top20: &[],
        not_top20: &[p(GUO, 1955, "^烤烟：达到七百八十万担"), p(GUO, 1955, "人民购买力的迅速提高，同时由于")],
    },
    Case {
        query: "smcy", top5: &[SHIMO_JIXI, p(DIDAO, 2025, "壮大煤炭、石墨产业规模")], top20: &[], not_top20: &[]
    },
    // Traditional script reaches the simplified headings and the 1954 report (traditional):
    // 我國經濟建設的發展和人民生活的改善 is a 51-char paragraph about economic construction.
    // Variants 经济适用住房建设 (housing) and 全球经济体系的建设者 are junk.
    Case {
        query: "經濟建設",
        top5: &[JJJS_1983, p(GUO, 1981, "（二）今后经济建设的方针")],
        top20: &[p(GUO, 1954, "我國經濟建設的發展和人民生活的改善，是同人民民主政權的鞏固和發展分不開的")],
        not_top20: &[p(GUO, 2009, "补充用于经济适用住房建设"), p(GUO, 2015, "全球经济体系的建设者")],
    },
    // 进经济社 (促进经济社会协调发展, a 23-char heading) spells j-j-j-s through unrelated words.
    Case {
        query: "jjjs",
        top5: &[JJJS_1983],
        top20: &[],
        not_top20: &[p(GUO, 2012, "（三）大力发展社会事业，促进经济社会协调发展")],
    },
    // The 1957 report's sections on socialist revolution and construction; 社会帝国主义
    // (the USSR, a variant) is not socialism.
    Case {
        query: "社會主義",
        top5: &[p(GUO, 1957, "^一、关于社会主义革命$"), p(GUO, 1957, "^二、关于社会主义建设$")],
        top20: &[],
        not_top20: &[p(GUO, 1978, "推行社会帝国主义政策")],
    },
    // The 1955 section on the transformation of capitalist industry; the 1954 report's
    // 125-char paragraph on 社會主義建設事業和社會主義改造事業.
    Case {
        query: "社會主義改造",
        top5: &[p(GUO, 1955, "（四）关于对资本主义工商业的社会主义改造问题")],
        top20: &[p(GUO, 1954, "我們的社會主義建設事業和社會主義改造事業是正義的")],
        not_top20: &[],
    },
    // The 1955 section heading (a variant: 过渡时期的总任务) and its 64-char opening; the
    // 1954 report's sentence on it.
    Case {
        query: "過渡時期總任務",
        top5: &[
            p(GUO, 1955, "^一、国家在过渡时期的总任务$"),
            p(GUO, 1955, "^我国第一个五年计划是实现国家过渡时期总任务的一个重大的步骤"),
        ],
        top20: &[p(GUO, 1954, "是我國過渡時期總任務的一個重要部分")],
        not_top20: &[],
    },
    // The 1955 report's sections on the plan, one of them in traditional script.
    Case {
        query: "第一個五年計劃",
        top5: &[p(GUO, 1955, "^二、第一个五年计划概要$"), p(GUO, 1955, "三、第一個五年計劃的若幹問題")],
        top20: &[],
        not_top20: &[],
    },
    // Simplified reaches the 1954 paragraph in traditional script (愛國衞生運動).
    Case {
        query: "爱国卫生运动",
        top5: &[p(GUO, 1958, "大张旗鼓地开展以除四害为中心的爱国卫生运动")],
        top20: &[AIGUO_1954],
        not_top20: &[],
    },
    // The paragraphs whose subject is the Great Leap.
    Case { query: "大跃进", top5: &[DYJ_1959A, DYJ_1959B], top20: &[], not_top20: &[] },
    // People's communes; 人们高尚 (培育人们高尚的道德情操, 1986) spells r-m-g-s through
    // unrelated words.
    Case {
        query: "rmgs",
        top5: &[
            p(GUO, 1960, "^人民公社是我国人民群众根据实际需要所作出的伟大创举"),
            p(GUO, 1959, "^人民公社的巩固，是农业生产顺利发展的前提"),
        ],
        top20: &[],
        not_top20: &[p(GUO, 1986, "培育人们高尚的道德情操")],
    },
    Case {
        query: "xbdkf", top5: &[p(GUO, 2001, "五、实施西部大开发，促进地区协调发展")], top20: &[], not_top20: &[]
    },
    // 同我们 (是同我们的社会主义工业化, 1955, 46 chars) is not ecological civilisation.
    Case {
        query: "stwm",
        top5: &[p(GUO, 2014, "（九）努力建设生态文明的美好家园")],
        top20: &[],
        not_top20: &[p(GUO, 1955, "^所有这类豪华的非生产性的建设")],
    },
    // 国家开发 (国家开发银行, 1994) spells g-g-k-f through unrelated words.
    Case {
        query: "ggkf",
        top5: &[p(GUO, 2006, "^（六）进一步推进改革开放。$"), p(GUO, 2015, "三、把改革开放扎实推向纵深")],
        top20: &[],
        not_top20: &[p(GUO, 1994, "组建国家开发银行"), p(GUO, 2010, "增值税转型全面实施")],
    },
    Case {
        query: "非典", top5: &[p(GUO, 2004, "（一）采取果断措施，集中力量抗击非典")], top20: &[], not_top20: &[]
    },
    Case {
        query: "下岗职工",
        top5: &[
            p(GUO, 2000, "^大力促进下岗职工再就业。$"),
            p(GUO, 1999, "继续做好国有企业下岗职工基本生活保障和再就业工作"),
        ],
        top20: &[],
        not_top20: &[],
    },
    // Two terms: short paragraphs about scientific and technological innovation; a variant
    // (开创一个新的经济振兴时期) and a 974-char review where the two words are far apart are not.
    Case {
        query: "科技 创新",
        top5: &[
            p(GUO, 2021, "五是大力促进科技创新，产业转型升级步伐加快"),
            p(GUO, 2003, "（六）坚持实施科教兴国战略，提高科技创新能力和国民素质"),
        ],
        top20: &[],
        not_top20: &[p(GUO, 1981, "开创一个新的经济振兴时期"), p(QIQIHAR, 2022, "^这五年,我们加快构建现代产业体系")],
    },
    // Two terms: the paragraph on the private economy's environment (民营经济发展环境 …
    // 营商环境).
    Case {
        query: "营商环境 民营", top5: &[p(GUO, 2019, "^下大气力优化民营经济发展环境")], top20: &[], not_top20: &[]
    },
    // Two terms: the heading on national food security; 饮水安全 next to 优质粮食产业 in a
    // list of rural projects (2006) is not food security.
    Case {
        query: "粮食 安全",
        top5: &[p(GUO, 2023, "（六）保障国家粮食安全，大力实施乡村振兴战略")],
        top20: &[],
        not_top20: &[p(GUO, 2006, "优质粮食产业、农田水利、饮水安全")],
    },
    // Full pinyin: 是有 (一是有效…, 是有充分根据, 84 paragraphs) outranked 石油 (47, from
    // #85) while popularity counted hits alone; weighed by lift over chance (是 and 有 are
    // everywhere), 石油 comes first.
    Case {
        query: "shiyou",
        top5: &[p(GUO, 1958, "^为着改变石油工业的落后状况")],
        top20: &[],
        not_top20: &[p(GUO, 1981, "是有充分根据的"), p(GUO, 1955, "是有一些企业由于技术水平低")],
    },
];

/// Expectations the ranking does not meet yet: each is a problem to fix (see the module docs).
const KNOWN_FAILING: &[Case] = &[
    // Pinyin initials for 碳达峰 (the README's own example): 推动发(展) spells t-d-f in 13
    // paragraphs, 碳达峰 in 8. Weighed by lift, 碳达峰 now ranks first, but with so few of
    // them, 推动发 still reaches #12 and #13, after one-off junk of rare chars.
    Case {
        query: "tdf",
        top5: &[TDF_2024, TDF_2025],
        top20: &[],
        not_top20: &[p(GUO, 2015, "^改革开放是推动发展的制胜法宝"), p(GUO, 2011, "教育人民、推动发展的功能")],
    },
    // 随着经济 (18 paragraphs) outranked 数字经济 (15): the digital economy from #19. Weighed
    // by lift, 数字经济 now follows at once, but 随着经济 is a real phrase too, of chars as
    // rare, and still comes first (#1, #2).
    Case {
        query: "szjj",
        top5: &[SZJJ_2022, SZJJ_2024],
        top20: &[],
        not_top20: &[
            p(GUO, 1988, "十、随着经济建设的发展，进一步加强国防建设"),
            p(GUO, 1984, "使国家财政收入能够随着经济的发展而稳定增长"),
        ],
    },
    // 到一九(五…年) (68 paragraphs), 的意见 (43), 的研究 (36), 的一系 (21) … outrank 大跃进
    // (20 paragraphs, from #193): 大 and 进 are as common as 的, so lift does not tell them
    // apart; a word list or segmenter would.
    Case {
        query: "dyj",
        top5: &[DYJ_1959A, DYJ_1959B],
        top20: &[],
        not_top20: &[
            p(GUO, 1960, "^我受中共中央和国务院的委托，向大会作关于一九五六年到一九六七年"),
            p(GUO, 1955, "^在商业方面：一九五四年社会零售总额"),
        ],
    },
    // 提高质量 (raise quality) holds 高质量 but is not high-quality (development); short
    // paragraphs with it rank #5 (#6 for 高质量) and #9.
    Case { query: "gzl", top5: &[GZL_2021], top20: &[], not_top20: &[TIGAO_2000, TIGAO_1980] },
    Case { query: "高质量", top5: &[GZL_2021], top20: &[], not_top20: &[TIGAO_2000, TIGAO_1980] },
    // Unnumbered run-in titles (促进数字经济发展。…) get no heading credit (their `lead` is 0),
    // so 激发数字经济创新活力 (2025) ranks #11, under a glossary list and two mentions of the
    // 《数字经济伙伴关系协定》.
    Case { query: "数字经济", top5: &[SZJJ_2022, SZJJ_2024, SZJJ_2025], top20: &[], not_top20: &[] },
    // The same: 深化“放管服”改革。(2018, #11) and 持续深化“放管服”改革。(Qiqihar, #9) are the
    // paragraphs on the reform; #2 to #5 mention it in passing.
    Case {
        query: "放管服",
        top5: &[
            FGF_JILIN,
            p(GUO, 2018, "^深化“放管服”改革。全面实施全国统一的市场准入负面清单制度"),
            p(QIQIHAR, 2022, "^持续深化“放管服”改革。开展营商指标"),
        ],
        top20: &[],
        not_top20: &[],
    },
    // 敎 (U+654E, the 1954 report's form of 教) does not fold to 教: the 1954 paragraph on
    // developing higher education first (94 chars) is not found at all.
    Case {
        query: "高等教育",
        top5: &[p(GUO, 1954, "集中力量發展和改進高等敎育"), p(GUO, 1983, "要把大力发展高等教育事业")],
        top20: &[],
        not_top20: &[],
    },
    // 羣 (U+7FA3, the 1954 form of 群) does not fold to 群 either.
    Case { query: "群众性的爱国卫生运动", top5: &[AIGUO_1954], top20: &[], not_top20: &[] },
    Case {
        query: "人民群众",
        top5: &[],
        top20: &[p(GUO, 1954, "我們的國家機關是屬於人民羣衆的，是爲人民羣衆服務的")],
        not_top20: &[],
    },
];

fn corpus() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(Corpus::bundled)
}

/// Where a paragraph is: (report id, paragraph index).
type Key = (u32, usize);

fn holds(text: &str, pattern: &str) -> bool {
    let (start, rest) = match pattern.strip_prefix('^') {
        Some(r) => (true, r),
        None => (false, pattern),
    };
    let (end, needle) = match rest.strip_suffix('$') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    match (start, end) {
        (true, true) => text == needle,
        (true, false) => text.starts_with(needle),
        (false, true) => text.ends_with(needle),
        (false, false) => text.contains(needle),
    }
}

/// The paragraphs a [`Para`] names.
fn resolve(want: &Para) -> Vec<Key> {
    let mut found = Vec::new();
    for (i, r) in corpus().by_id().iter().enumerate() {
        if r.meta.place.as_deref() != Some(want.place) || r.meta.year != Some(want.year) {
            continue;
        }
        for (k, para) in r.paragraphs.iter().enumerate() {
            if holds(&para.text, want.text) {
                found.push((i as u32, k));
            }
        }
    }
    found
}

fn hits(query: &str) -> Vec<Hit> {
    let (_, hits, _) =
        search_with_retry(corpus(), &Query::parse(query), &Filter::default(), &Matcher::new(), &AtomicBool::new(false))
            .expect("not cancelled");
    hits
}

fn shown(want: &Para) -> String {
    format!("{}·{}「{}」", want.place, want.year, want.text)
}

fn excerpt(key: Key) -> String {
    let r = &corpus().by_id()[key.0 as usize];
    let text: String = r.paragraphs[key.1].text.chars().take(36).collect();
    format!("{}·{}「{text}…」", r.meta.place.as_deref().unwrap_or("?"), r.meta.year.unwrap_or(0))
}

/// Every way the cases' rankings differ from what they must be, one line each.
fn failures(cases: &[Case]) -> Vec<String> {
    let mut out = Vec::new();
    for case in cases {
        let hits = hits(case.query);
        let rank: HashMap<Key, usize> =
            hits.iter().enumerate().map(|(i, h)| ((h.report.0, h.paragraph), i + 1)).collect();
        let best = |want: &Para| resolve(want).iter().filter_map(|k| rank.get(k).copied()).min();
        let before = out.len();
        let musts = case.top5.iter().map(|w| (w, 5)).chain(case.top20.iter().map(|w| (w, 20)));
        for (want, within) in musts {
            match best(want) {
                Some(r) if r <= within => {}
                Some(r) => out.push(format!(
                    "{}: {} must be in the top {within}, ranks #{r} of {}",
                    case.query,
                    shown(want),
                    hits.len()
                )),
                None => out.push(format!(
                    "{}: {} must be in the top {within}, is not found ({} hits)",
                    case.query,
                    shown(want),
                    hits.len()
                )),
            }
        }
        for junk in case.not_top20 {
            if let Some(r) = best(junk).filter(|&r| r <= 20) {
                out.push(format!("{}: {} must not be in the top 20, ranks #{r}", case.query, shown(junk)));
            }
        }
        if out.len() > before {
            let top: Vec<String> = hits.iter().take(5).map(|h| excerpt((h.report.0, h.paragraph))).collect();
            out.push(format!("    ({} top 5: {})", case.query, top.join(" ")));
        }
    }
    out
}

/// Every expectation names a paragraph that is there: one for a must (so that it cannot pass
/// by naming the wrong one), at least one for a must-not (so that it cannot pass by naming
/// none).
#[test]
fn every_expectation_names_a_paragraph_of_the_bundled_reports() {
    let mut bad = Vec::new();
    for case in CASES.iter().chain(KNOWN_FAILING) {
        for want in case.top5.iter().chain(case.top20) {
            let n = resolve(want).len();
            if n != 1 {
                bad.push(format!("{}: {} names {n} paragraphs, not 1", case.query, shown(want)));
            }
        }
        for junk in case.not_top20 {
            if resolve(junk).is_empty() {
                bad.push(format!("{}: {} names no paragraph", case.query, shown(junk)));
            }
        }
    }
    assert!(CASES.len() + KNOWN_FAILING.len() >= 30);
    assert!(bad.is_empty(), "{} bad expectations:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn research_queries_rank_the_passages_a_researcher_wants_first() {
    let bad = failures(CASES);
    assert!(bad.is_empty(), "{} ranking failures:\n{}", bad.len(), bad.join("\n"));
}

/// The ranking problems found and not fixed yet: this fails, listing them.
#[test]
#[ignore = "known ranking problems, see KNOWN_FAILING"]
fn known_ranking_problems() {
    let bad = failures(KNOWN_FAILING);
    assert!(bad.is_empty(), "{} ranking failures:\n{}", bad.len(), bad.join("\n"));
}
