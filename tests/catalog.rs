//! A folder's `catalog.tsv`, through the real binary and the background loader.

mod common;

use baogao::corpus::load::{Loaded, Loader};
use serde_json::Value;
use std::path::{Path, PathBuf};

const REPORT_A: &str = "2019年鸡西市政府工作报告
——2019年1月10日在鸡西市第十五届人民代表大会第四次会议上
市长 张三
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2018年工作回顾
过去一年，全市经济稳中有进，石墨产业快速发展，城乡居民收入持续增长。
二、2019年工作安排
今年要坚持稳中求进工作总基调，推动高质量发展。
";

const REPORT_B: &str = "2020年牡丹江市政府工作报告
——2020年1月7日在牡丹江市第十六届人民代表大会第四次会议上
市长 王五
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2019年工作回顾
过去一年，全市上下攻坚克难，旅游产业蓬勃发展，民生保障不断加强。
二、2020年工作安排
今年要全面建成小康社会，打赢脱贫攻坚战。
";

/// A fresh folder with the two reports and `catalog` as its catalog.tsv (CRLF, with a BOM).
fn folder(name: &str, catalog: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("baogao-catalog-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), REPORT_A).unwrap();
    std::fs::write(dir.join("b.txt"), REPORT_B).unwrap();
    let crlf = format!("\u{feff}{}", catalog.replace('\n', "\r\n"));
    std::fs::write(dir.join("catalog.tsv"), crlf).unwrap();
    dir
}

const CATALOG: &str = "file\tplace\tyear\tspeaker\turl
a.txt\t齐齐哈尔市\t2022\t李四\thttps://example.org/a
b.txt\t\t20x0\t\t
";

fn inspect(args: &[&Path]) -> (Vec<Value>, String) {
    let out = common::baogao().arg("inspect").arg("--json").args(args).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success() || stdout.is_empty());
    (stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect(), String::from_utf8(out.stderr).unwrap())
}

fn by_file<'a>(reports: &'a [Value], file: &str) -> &'a Value {
    reports.iter().find(|r| r["path"].as_str().unwrap().ends_with(file)).unwrap_or_else(|| panic!("{file} loaded"))
}

#[test]
fn catalogue_overrides_the_text_and_bad_rows_are_named() {
    let dir = folder("inspect", CATALOG);
    let (reports, stderr) = inspect(&[&dir]);
    assert_eq!(reports.len(), 2, "the bad row's report still loads; catalog.tsv is no report");

    let a = by_file(&reports, "a.txt");
    assert_eq!(a["place"], "齐齐哈尔市");
    assert_eq!(a["province"], "黑龙江省");
    assert_eq!(a["level"], "city");
    assert_eq!(a["year"], 2022);
    assert_eq!(a["speaker"], "李四");
    assert_eq!(a["speaker_title"], Value::Null, "the text's 市长 was someone else's title");
    assert_eq!(a["url"], "https://example.org/a");
    assert_eq!(a["title"], "2022年齐齐哈尔市政府工作报告");
    // The text's 2019 date contradicts the catalogue's year, so it goes.
    assert_eq!(a["date"], Value::Null);
    let origin: Value = serde_json::json!({
        "place": "catalogue", "speaker": "catalogue", "title": "catalogue", "url": "catalogue", "year": "catalogue"
    });
    assert_eq!(a["origin"], origin);
    // The new fields come after `source`, the old order unchanged.
    let keys: Vec<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
    let at = |k: &str| keys.iter().position(|x| *x == k).unwrap();
    assert_eq!((at("source") + 1, at("source") + 2), (at("url"), at("origin")));

    let b = by_file(&reports, "b.txt");
    assert_eq!(
        (b["place"].as_str(), b["year"].as_i64(), b["speaker"].as_str()),
        (Some("牡丹江市"), Some(2020), Some("王五"))
    );
    assert_eq!(b["url"], Value::Null);
    assert!(b["origin"].as_object().unwrap().values().all(|o| o == "text"), "{}", b["origin"]);

    let want = format!("{}: line 3: year '20x0' is not a year", dir.join("catalog.tsv").display());
    assert!(stderr.contains(&want), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "stderr: {stderr}");
}

#[test]
fn inspect_text_says_where_fields_came_from() {
    let dir = folder("text", CATALOG);
    let out = common::baogao().arg("inspect").arg(dir.join("a.txt")).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("\n  url: https://example.org/a\n"), "{stdout}");
    assert!(
        stdout.contains(
            "\n  from: title catalogue · place catalogue · year catalogue · speaker catalogue · url catalogue\n"
        ),
        "{stdout}"
    );
    let out = common::baogao().arg("inspect").arg(dir.join("b.txt")).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("\n  from: title text · place text · year text · date text · speaker text\n"), "{stdout}");
}

#[test]
fn a_file_named_alone_uses_its_folders_catalogue() {
    let dir = folder("named", CATALOG);
    let (reports, _) = inspect(&[&dir.join("a.txt")]);
    assert_eq!(reports.len(), 1);
    assert_eq!((reports[0]["place"].as_str(), reports[0]["year"].as_i64()), (Some("齐齐哈尔市"), Some(2022)));
}

#[test]
fn the_catalogue_named_alone_is_not_a_report() {
    let dir = folder("alone", CATALOG);
    let (reports, stderr) = inspect(&[&dir.join("catalog.tsv")]);
    assert!(reports.is_empty());
    assert!(stderr.contains("catalog.tsv: a catalogue, not a report"), "{stderr}");
    assert!(stderr.contains("no reports found"), "{stderr}");
}

#[test]
fn header_problems_and_missing_files_are_named() {
    let dir = folder("header", "File\tYear\tcolour\na.txt\t2023\tred\nc.txt\t2023\tblue\n");
    let (reports, stderr) = inspect(&[&dir]);
    assert_eq!(by_file(&reports, "a.txt")["year"], 2023);
    let cat = dir.join("catalog.tsv").display().to_string();
    assert!(stderr.contains(&format!("{cat}: line 1: unknown column 'colour', ignored")), "{stderr}");
    assert!(stderr.contains(&format!("{cat}: line 3: file 'c.txt' is not in the catalogue's folder")), "{stderr}");
}

#[test]
fn the_background_loader_applies_the_catalogue_too() {
    let dir = folder("loader", CATALOG);
    let loader = Loader::spawn(vec![dir.clone()]);
    let start = std::time::Instant::now();
    let mut got = Vec::new();
    // Everything is sent before `finished` is set, so one drain after it gets the rest.
    while !loader.finished() {
        got.extend(loader.drain());
        assert!(start.elapsed().as_secs() < 10, "loader did not finish");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    got.extend(loader.drain());
    let mut places = Vec::new();
    let mut problems = Vec::new();
    for l in got {
        match l {
            Loaded::Report(r) => places.push((r.meta.place.clone().unwrap(), r.meta.year, r.meta.url.clone())),
            Loaded::Problem(p) => problems.push(format!("{}: {}", p.path, p.reason)),
            Loaded::Notice(n) => panic!("no cache, so no damaged entry: {n:?}"),
        }
    }
    places.sort();
    assert_eq!(
        places,
        [
            ("牡丹江市".to_string(), Some(2020), None),
            ("齐齐哈尔市".to_string(), Some(2022), Some("https://example.org/a".to_string()))
        ]
    );
    assert_eq!(problems.len(), 1);
    assert!(problems[0].ends_with("catalog.tsv: line 3: year '20x0' is not a year (1949–2100)"), "{problems:?}");
}
