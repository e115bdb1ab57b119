//! Search a researcher can trust (issue 14): exact and variant hits counted apart, counts
//! that equal a plain substring scan, both scripts, typos retried by pinyin, pinyin without
//! junk, headings first.

mod common;

use baogao::corpus::{Corpus, Kind, Paragraph};
use baogao::search::engine::search_with_retry;
use baogao::search::fold::fold_str;
use baogao::search::{Filter, Hit, Matcher, Query, search};
use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;

fn corpus() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(Corpus::bundled)
}

fn hits(q: &str) -> Vec<Hit> {
    search(corpus(), &Query::parse(q), &Filter::default(), &Matcher::new(), &AtomicBool::new(false)).unwrap()
}

fn para(h: &Hit) -> &'static Paragraph {
    &corpus()[h.report].paragraphs[h.paragraph]
}

fn keys(hs: &[Hit]) -> Vec<(u32, usize)> {
    let mut v: Vec<(u32, usize)> = hs.iter().map(|h| (h.report.0, h.paragraph)).collect();
    v.sort_unstable();
    v
}

/// Paragraphs holding the phrase, by a plain substring scan of the folded text.
fn scan(phrase: &str) -> Vec<(u32, usize)> {
    let want = fold_str(phrase);
    let mut v = Vec::new();
    for (i, r) in corpus().by_id().iter().enumerate() {
        for (p, para) in r.paragraphs.iter().enumerate() {
            if fold_str(&para.text).contains(&want) {
                v.push((i as u32, p));
            }
        }
    }
    v
}

const PHRASES: [&str; 20] = [
    "营商环境",
    "乡村振兴",
    "高质量发展",
    "石墨",
    "科技创新",
    "经济",
    "改革开放",
    "社会主义",
    "农业",
    "财政",
    "国有企业",
    "生态环境",
    "就业",
    "脱贫攻坚",
    "一带一路",
    "放管服",
    "新发展理念",
    "五年",
    "粮食",
    "人民代表大会",
];

/// The exact hits of a phrase are the paragraphs that hold it: `grep -c`, over every bundled
/// paragraph; the rest are variants (its chars in order, apart) and rank after them.
#[test]
fn exact_counts_equal_a_substring_scan_and_variants_rank_after() {
    for phrase in PHRASES {
        let hs = hits(phrase);
        let exact: Vec<Hit> = hs.iter().filter(|h| h.exact).cloned().collect();
        let want = scan(phrase);
        assert!(!want.is_empty(), "{phrase}: no paragraph holds it");
        assert_eq!(keys(&exact), want, "{phrase}");
        let first_variant = hs.iter().position(|h| !h.exact).unwrap_or(hs.len());
        assert!(hs[first_variant..].iter().all(|h| !h.exact), "{phrase}: an exact hit after a variant");
        assert!(hs[..first_variant].iter().all(|h| h.exact));
    }
}

/// The national reports of the 1950s are in traditional script: 经济 finds them as 經濟 does,
/// and highlights the chars they hold.
#[test]
fn traditional_and_simplified_find_the_same_paragraphs() {
    let (simp, trad) = (hits("经济"), hits("經濟"));
    assert_eq!(keys(&simp), keys(&trad));
    let in_traditional: Vec<&Hit> = simp.iter().filter(|h| para(h).text.contains("經濟")).collect();
    assert!(in_traditional.len() >= 20, "{} paragraphs hold 經濟", in_traditional.len());
    for h in in_traditional.iter().take(50) {
        let m = Matcher::new().match_text(&Query::parse("经济"), &para(h).text).unwrap();
        let chars: Vec<char> = para(h).text.chars().collect();
        let picked: String = m.indices.iter().map(|&i| chars[i]).collect();
        assert!(picked.contains("經濟"), "{picked}");
    }
    // The exact count scans the folded text, so a traditional paragraph counts once.
    assert_eq!(keys(&simp.into_iter().filter(|h| h.exact).collect::<Vec<_>>()), scan("經濟"));
}

/// User trial (issue 15): `营商环境 鸡西` (no paragraph holds both) was retried as
/// `yingshanghuanjing jixi`, whose `jixi` the pinyin matcher also reads in 济下 (ji, then xi
/// as the start of xia): seven hits, called exact, none of them with 鸡西 or a homophone.
/// A retry keeps only paragraphs where each typed word is read char by char, whole.
#[test]
fn a_pinyin_retry_finds_homophones_of_the_words_typed_not_other_readings() {
    let reads = |text: &str, word: &str| {
        let chars: Vec<char> = fold_str(text).chars().collect();
        let want: Vec<&str> = word.chars().map(|c| baogao::search::pinyin::readings(c)[0]).collect();
        chars
            .windows(want.len())
            .any(|w| w.iter().zip(&want).all(|(&c, s)| baogao::search::pinyin::readings(c).contains(s)))
    };
    for q in ["营商环境 鸡西", "营商环竟", "经济发展 鸡西"] {
        let (_, found, _) =
            search_with_retry(corpus(), &Query::parse(q), &Filter::default(), &Matcher::new(), &AtomicBool::new(false))
                .unwrap();
        for h in &found {
            for word in q.split_whitespace() {
                assert!(reads(&para(h).text, word), "{q}: a hit without {word} or its homophone: {}", para(h).text);
            }
        }
    }
    // The typo still finds every 营商环境.
    let (_, found, _) = search_with_retry(
        corpus(),
        &Query::parse("营商环竟"),
        &Filter::default(),
        &Matcher::new(),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(keys(&found), scan("营商环境"));
}

/// 营商环竟 (a typo) found nothing; it is retried by its pinyin and finds the 营商环境
/// paragraphs, and says so.
#[test]
fn a_typo_is_retried_by_its_pinyin_and_finds_the_phrase() {
    let (query, found, retried) = search_with_retry(
        corpus(),
        &Query::parse("营商环竟"),
        &Filter::default(),
        &Matcher::new(),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(retried.as_deref(), Some("yingshanghuanjing"));
    assert_eq!(query, Query::parse("yingshanghuanjing"));
    assert_eq!(keys(&found), scan("营商环境"), "all of them and nothing else");
    let out = common::baogao()
        .args(["search", "营商环竟", "--json"])
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    let n = scan("营商环境").len();
    assert!(err.contains(&format!("没有 营商环竟；按拼音 yingshanghuanjing 找到 {n} 处")), "{err}");
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), n);
    // A query with exact hits is not retried.
    let (_, _, retried) = search_with_retry(
        corpus(),
        &Query::parse("营商环境"),
        &Filter::default(),
        &Matcher::new(),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(retried, None);
}

/// `shimo` found 十万 and 什么 through rare readings (万 mò, 么 mó) in its top 20.
#[test]
fn shimo_finds_graphite_first_and_no_rare_readings() {
    let hs = hits("shimo");
    let graphite = scan("石墨").len();
    assert!(graphite >= 15);
    for (i, h) in hs.iter().take(graphite).enumerate() {
        assert!(para(h).text.contains("石墨"), "hit {i}: {}", para(h).text);
    }
    // What follows reads shi mo by common readings too (石漠化, rocky desertification), and
    // only then come the rare readings.
    let mut common = scan("石墨");
    common.extend(scan("石漠"));
    common.sort_unstable();
    common.dedup();
    for (i, h) in hs.iter().take(common.len()).enumerate() {
        let t = &para(h).text;
        assert!(t.contains("石墨") || t.contains("石漠"), "hit {i}: {t}");
    }
    assert!(hs.iter().skip(common.len()).any(|h| para(h).text.contains("十万")), "十万 is still found, last");
}

/// `yshj` had 15 junk hits in its top 20 (业升级, 有色金, 艺术家…).
#[test]
fn yshj_finds_yingshang_huanjing_in_all_of_its_top_20() {
    let hs = hits("yshj");
    assert!(scan("营商环境").len() >= 20);
    for (i, h) in hs.iter().take(20).enumerate() {
        assert!(para(h).text.contains("营商环境"), "hit {i}: {}", para(h).text);
    }
}

/// Is `h` a heading, or a run-in title, that holds `phrase`?
fn heading_holds(h: &Hit, phrase: &str) -> bool {
    let p = para(h);
    let title: String = match p.kind {
        Kind::Heading(_) => p.text.clone(),
        _ => p.text.chars().take(p.lead).collect(),
    };
    fold_str(&title).contains(&fold_str(phrase))
}

/// The heading "（二）…着力优化营商环境" ranked 39th of 133: a heading or run-in title
/// that holds the phrase is the first hit, whenever there is one.
#[test]
fn a_heading_that_holds_the_phrase_is_the_first_hit() {
    let mut checked = 0;
    for phrase in PHRASES {
        let hs = hits(phrase);
        let headings = hs.iter().filter(|h| heading_holds(h, phrase)).count();
        if headings == 0 {
            continue;
        }
        checked += 1;
        assert!(heading_holds(&hs[0], phrase), "{phrase}: first hit {}", para(&hs[0]).text);
        // All of them before any other exact hit.
        assert!(hs[..headings].iter().all(|h| heading_holds(h, phrase)), "{phrase}");
    }
    assert!(checked >= 10, "{checked} phrases have a heading");
    let yingshang = hits("营商环境");
    let at =
        yingshang.iter().position(|h| para(h).text.starts_with("（二）激发市场主体活力，着力优化营商环境")).unwrap();
    assert!(at < 5, "ranked {at}");
}

/// Ranking among exact hits: a short paragraph about the phrase beats a long one that
/// mentions it once; the same text ranks the same whatever else is loaded.
#[test]
fn a_short_paragraph_about_the_phrase_beats_a_long_one_mentioning_it_once() {
    let hs = hits("营商环境");
    let body: Vec<&Hit> = hs.iter().filter(|h| h.exact && !heading_holds(h, "营商环境")).collect();
    let count = |h: &Hit| para(h).text.matches("营商环境").count();
    let len = |h: &Hit| para(h).text.chars().count();
    // Among body paragraphs with one mention, shorter first.
    let once: Vec<usize> = body.iter().filter(|h| count(h) == 1).map(|h| len(h)).collect();
    assert!(once.windows(2).all(|w| w[0] <= w[1]), "{once:?}");
    // A paragraph of twice the mentions, no longer, ranks above.
    let twice = body.iter().position(|h| count(h) >= 2).unwrap();
    let longer_once = body.iter().position(|h| count(h) == 1 && len(h) >= len(body[twice])).unwrap();
    assert!(twice < longer_once);
}

fn cli(args: &[&str]) -> (i32, String, String) {
    // No settings of the developer's (exact_only would change what is listed).
    let out = common::baogao()
        .arg("search")
        .args(args)
        .env("BAOGAO_CONFIG", "/nonexistent/baogao-config.toml")
        .output()
        .unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// `--json` says which hits are exact, `--exact` lists only those, `--stats` counts both.
#[test]
fn the_cli_tells_exact_from_variant_hits() {
    let (_, out, _) = cli(&["乡村振兴", "--json"]);
    let hits: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let exact = hits.iter().filter(|h| h["exact"] == true).count();
    let variant = hits.iter().filter(|h| h["exact"] == false).count();
    assert_eq!(exact, scan("乡村振兴").len());
    assert!(variant > 0, "乡村全面振兴 is a variant");
    for h in hits.iter().filter(|h| h["exact"] == false) {
        assert!(!h["text"].as_str().unwrap().contains("乡村振兴"));
    }
    let (code, out, _) = cli(&["乡村振兴", "--json", "--exact"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), exact);
    let (_, _, err) = cli(&["乡村振兴", "--stats", "--limit", "0"]);
    let v = if variant == 1 { "variant" } else { "variants" };
    assert!(err.contains(&format!("{} hits: {exact} exact, {variant} {v}", exact + variant)), "{err}");
    // Only variants, and --exact: nothing listed, exit 1.
    let (code, out, _) = cli(&["乡村全兴", "--exact"]);
    assert_eq!((code, out.as_str()), (1, ""));
}

/// `show` selectors fold both scripts: 雞西 is 鸡西.
#[test]
fn show_selectors_fold_traditional_script() {
    let out = common::baogao().args(["show", "雞西 2017", "--width", "60"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stdout).unwrap().contains("鸡西市"));
}

/// User trial: `baogao search ''` printed nothing and exited 1, as if nothing matched.
#[test]
fn an_empty_query_is_an_error_that_says_so() {
    for q in ["", "   ", "**"] {
        let (code, out, err) = cli(&[q]);
        assert_eq!((code, out.as_str()), (2, ""), "{q:?}");
        assert!(err.contains("the query is empty"), "{err}");
    }
}
