//! `baogao search` on the bundled reports, as a user runs it.

mod common;

use serde_json::Value;

fn search(args: &[&str]) -> (i32, Vec<Value>, String) {
    let out = common::baogao().arg("search").args(args).output().unwrap();
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

/// Defect 14 of issue 13: `--limit 0` exited 1 (no matches) although there were matches.
#[test]
fn limit_0_exits_1_despite_matches_no_more() {
    let (code, hits, out) = search(&["石墨", "--json", "--limit", "0"]);
    assert_eq!((code, hits.len(), out.as_str()), (0, 0, ""), "matches found, none printed");
    let (code, _, _) = search(&["石墨石墨石墨石墨石墨石墨", "--limit", "0"]);
    assert_eq!(code, 1, "no matches is still 1");
}

/// Defect 11 of issue 13: clap echoed a raw ESC from a bad argument.
#[test]
fn raw_control_characters_from_a_bad_argument_are_not_echoed() {
    let out = common::baogao().args(["search", "石墨", "--limit", "\u{1b}]0;T\u{7}\u{9b}2J"]).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("--limit") && err.contains("2J"), "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}') && !err.contains('\u{9b}'), "{err:?}");
    // Help is as clap prints it.
    let help = common::baogao().arg("--help").output().unwrap();
    assert!(help.status.success() && String::from_utf8_lossy(&help.stdout).contains("Examples:"));
}

/// Defect 11 of issue 13: `search --json` on a tty wrote raw C1, bidi and U+2028 chars.
#[test]
fn raw_control_characters_in_search_json_are_escaped() {
    let dir = std::env::temp_dir().join(format!("baogao-cli-c1-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/reports/jixi-2017.txt")).unwrap();
    let evil = seed.replacen("石墨", "石\u{9b}31m墨\u{202e}\u{2028}", 1);
    std::fs::write(dir.join("jixi.txt"), evil).unwrap();
    let out = common::baogao().args(["search", "'石\u{9b}31m墨", "--json"]).arg(&dir).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains(r"\u009b31m"), "{stdout}");
    for bad in ['\u{9b}', '\u{202e}', '\u{2028}'] {
        assert!(!stdout.contains(bad), "raw {bad:?} in {stdout}");
    }
    let hit: Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert!(hit["text"].as_str().unwrap().contains('\u{9b}'), "the JSON still carries the text itself");
    let _ = std::fs::remove_dir_all(&dir);
}
