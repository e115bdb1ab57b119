//! `baogao search` on the bundled reports, as a user runs it.

use serde_json::Value;
use std::process::Command;

fn search(args: &[&str]) -> (i32, Vec<Value>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_baogao")).arg("search").args(args).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let hits = if args.contains(&"--json") {
        stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    } else {
        Vec::new()
    };
    (out.status.code().unwrap(), hits, stdout)
}

fn text(h: &Value) -> Vec<char> {
    h["text"].as_str().unwrap().chars().collect()
}

fn matched(h: &Value) -> String {
    let t = text(h);
    h["matches"].as_array().unwrap().iter().map(|i| t[i.as_u64().unwrap() as usize]).collect()
}

#[test]
fn shimo_in_chinese_finds_jixi_and_didao_and_points_at_the_chars() {
    let (code, hits, _) = search(&["石墨", "--json"]);
    assert_eq!(code, 0);
    let places: Vec<(String, i64)> =
        hits.iter().map(|h| (h["place"].as_str().unwrap().to_string(), h["year"].as_i64().unwrap())).collect();
    assert!(places.contains(&("鸡西市".into(), 2017)));
    assert!(places.contains(&("滴道区".into(), 2025)));
    for h in &hits {
        assert!(matched(h).chars().all(|c| c == '石' || c == '墨'), "{}", matched(h));
        assert!(h["section"].is_array() && h["paragraph"].is_u64() && h["score"].is_i64() && h["path"].is_string());
    }
}

#[test]
fn pinyin_full_and_initials() {
    let (_, hits, _) = search(&["shimo", "--json"]);
    // Every paragraph with 石墨 is found (polyphones such as 市百 = shi mò may match too).
    let with = hits.iter().filter(|h| h["text"].as_str().unwrap().contains("石墨")).count();
    let (_, exact, _) = search(&["'石墨", "--json"]);
    assert_eq!(with, exact.len());
    // 石墨 scores best, tied with other readings of shi mo (什么, 十万 in the national series).
    let best: Vec<String> = hits.iter().take_while(|h| h["score"] == hits[0]["score"]).map(matched).collect();
    assert!(best.iter().any(|m| m.contains("石墨")), "{best:?}");
    let (_, hits, _) = search(&["smcy", "--json"]);
    assert!(!hits.is_empty());
    assert!(hits.iter().any(|h| h["text"].as_str().unwrap().contains("石墨产业")));
    assert!(matched(&hits[0]).starts_with("石墨产业"), "{}", matched(&hits[0]));
    assert_eq!(matched(&hits[0]).replace("石墨产业", ""), "");
}

#[test]
fn exact_and_exclusion() {
    let (_, hits, _) = search(&["'营商环境", "--json"]);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["text"].as_str().unwrap().contains("营商环境")));
    let (_, hits, _) = search(&["营商环境 !鸡西", "--json"]);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| !h["text"].as_str().unwrap().contains("鸡西")));
}

#[test]
fn full_width_query_finds_ppp() {
    let (_, hits, _) = search(&["ｐｐｐ", "--json"]);
    assert!(hits.iter().any(|h| h["text"].as_str().unwrap().contains("PPP模式")));
}

#[test]
fn no_match_exits_1_silently() {
    let (code, _, out) = search(&["zzzzqqq"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
}

#[test]
fn place_and_year_filters_and_limit() {
    let (_, hits, _) = search(&["石墨", "--json", "--year", "2024..2025"]);
    assert!(!hits.is_empty() && hits.iter().all(|h| h["year"] == 2025));
    let (_, hits, _) = search(&["石墨", "--json", "--place", "鸡西"]);
    assert!(hits.iter().all(|h| ["鸡西市", "滴道区"].contains(&h["place"].as_str().unwrap())));
    let (_, hits, _) = search(&["石墨", "--json", "--limit", "2"]);
    assert_eq!(hits.len(), 2);
}

#[test]
fn text_output_names_place_section_and_paragraph() {
    let (code, _, out) = search(&["'石墨之都"]);
    assert_eq!(code, 0);
    let first: Vec<&str> = out.lines().take(2).collect();
    assert!(first[0].starts_with("鸡西市 2017 › "), "{out}");
    assert!(first[1].starts_with('¶') && first[1].contains("石墨之都"), "{out}");
    assert!(!out.contains('\x1b'), "no colour when not a terminal");
}

#[test]
fn json_hits_carry_the_reports_url() {
    let (code, hits, _) = search(&["'国务院", "--json"]);
    assert_eq!(code, 0);
    let (national, seeds): (Vec<&Value>, Vec<&Value>) =
        hits.iter().partition(|h| h["path"].as_str().unwrap().starts_with("bundled:national/"));
    assert!(!national.is_empty() && !seeds.is_empty());
    for h in national {
        let year = h["year"].as_i64().unwrap();
        assert_eq!(h["place"], "全国");
        let url = h["url"].as_str().unwrap_or_else(|| panic!("no url: {h}"));
        assert!(url.starts_with(&format!("https://zh.wikisource.org/wiki/{year}")), "{url}");
    }
    // The seeds have no catalogue: null, not missing.
    for h in seeds {
        assert!(h.as_object().unwrap().get("url").is_some_and(Value::is_null), "{h}");
    }
}
