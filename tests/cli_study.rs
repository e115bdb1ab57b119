//! `baogao trend` and `baogao kwic` on the bundled reports: the numbers equal plain counts
//! over each report's paragraphs, and the concordance's matches line up.

mod common;

use baogao::corpus::Corpus;
use baogao::layout::{Ambiguous, str_width};
use std::collections::BTreeMap;

fn run(args: &[&str]) -> String {
    let out = common::baogao().args(args).env("LANG", "zh_CN.UTF-8").env_remove("LC_ALL").output().unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Issue 16: `trend PHRASE --by year --csv` gives, for each year, the plain substring count
/// of the phrase over the paragraphs of that year's reports, with their reports and chars.
#[test]
fn a_trend_by_year_is_the_plain_substring_count_of_each_years_reports() {
    let corpus = Corpus::bundled();
    for phrase in ["高质量发展", "营商环境", "乡村振兴", "石墨", "人民"] {
        let csv = run(&["trend", phrase, "--by", "year", "--csv"]);
        let mut rows = csv::Reader::from_reader(csv.as_bytes());
        let head = rows.headers().unwrap().clone();
        assert_eq!(
            head.iter().collect::<Vec<_>>(),
            ["year", "reports", "chars", "exact", "per_10k", "paragraphs", "variants"]
        );
        let mut want: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
        for r in corpus.reports() {
            let e = want.entry(r.meta.year.map(|y| y.to_string()).unwrap_or_default()).or_default();
            e.0 += 1;
            e.1 += r.chars();
            e.2 += r.paragraphs.iter().map(|p| p.text.matches(phrase).count()).sum::<usize>();
        }
        let mut got: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
        for row in rows.records() {
            let row = row.unwrap();
            let n = |i: usize| row[i].parse::<usize>().unwrap();
            got.insert(row[0].to_string(), (n(1), n(2), n(3)));
            let rate: f64 = row[4].parse().unwrap();
            assert!((rate - n(3) as f64 * 10_000.0 / n(2) as f64).abs() < 0.006, "{phrase}: {row:?}");
        }
        assert_eq!(got, want, "{phrase}");
        assert!(got.values().any(|v| v.2 > 0), "{phrase} occurs somewhere");
    }
}

/// By place and year: a row per (place, year) with reports, and the same total.
#[test]
fn a_trend_by_place_and_year_adds_up_to_the_one_by_year() {
    let total = |csv: &str, col: usize| -> usize {
        csv::Reader::from_reader(csv.as_bytes()).records().map(|r| r.unwrap()[col].parse::<usize>().unwrap()).sum()
    };
    let by_year = run(&["trend", "营商环境", "--csv"]);
    let both = run(&["trend", "营商环境", "--by", "both", "--csv"]);
    let json = run(&["trend", "营商环境", "--by", "both", "--json"]);
    assert_eq!(total(&by_year, 3), total(&both, 4));
    assert_eq!(total(&by_year, 1), Corpus::bundled().len());
    assert_eq!(json.lines().count(), both.lines().count() - 1);
    let first: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    for key in ["place", "year", "reports", "chars", "exact", "paragraphs", "variants", "per_10k"] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
}

/// Issue 16: the concordance's matches start at one display column on every line, with
/// ambiguous-width chars (“ ” — …) narrow or wide.
#[test]
fn kwic_matches_start_at_one_column_in_both_ambiguous_widths() {
    for (flag, amb) in [("narrow", Ambiguous::Narrow), ("wide", Ambiguous::Wide)] {
        let text = run(&["--ambiguous", flag, "kwic", "发展", "--context", "12"]);
        // The first 【 of a line is its match's: the match column comes after place and
        // year, and a context holding 【 comes later or is cut before its own.
        let lefts: Vec<&str> =
            text.lines().map(|l| l.split_once('【').unwrap_or_else(|| panic!("no match mark: {l}")).0).collect();
        let cols: Vec<usize> = lefts.iter().map(|l| str_width(l, amb)).collect();
        assert!(cols.len() > 100, "{} lines", cols.len());
        assert!(
            cols.iter().all(|&c| c == cols[0]),
            "{flag}: columns {:?}",
            cols.iter().collect::<std::collections::BTreeSet<_>>()
        );
        // Some left context holds an ambiguous char (it moves the match in wide mode), or
        // the test shows nothing.
        assert!(lefts.iter().any(|l| l.chars().any(|c| "“”—…·".contains(c))), "{flag}");
        // No line is wider than the 100 columns of a pipe, and no cut context starts with
        // closing punctuation.
        assert!(text.lines().all(|l| str_width(l, amb) <= 100), "{flag}");
        for l in &lefts {
            if let Some((_, rest)) = l.split_once('…') {
                assert!(!rest.starts_with(baogao::layout::is_forbidden_start), "{flag}: {l}");
            }
        }
    }
}

/// Every line of `kwic --csv` is an occurrence: left + match + right stand in its paragraph.
#[test]
fn kwic_lines_stand_in_their_paragraphs() {
    let corpus = Corpus::bundled();
    let csv = run(&["kwic", "营商环境", "--context", "8", "--csv"]);
    let mut n = 0;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let head: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(head, ["place", "year", "title", "path", "paragraph", "at", "left", "match", "right"]);
    for row in reader.records() {
        let row = row.unwrap();
        // The path names the report, even where two reports share a place and year.
        let r = corpus.reports().find(|r| r.path == row[3]).unwrap();
        assert_eq!((r.meta.place.as_deref(), r.meta.title.as_str()), (Some(&row[0]), &row[2]));
        let para = row[4].parse::<usize>().unwrap();
        assert_eq!(&row[7], "营商环境");
        assert!(r.paragraphs[para].text.contains(&format!("{}{}{}", &row[6], &row[7], &row[8])), "{row:?}");
        n += 1;
    }
    let all: usize = corpus.reports().flat_map(|r| &r.paragraphs).map(|p| p.text.matches("营商环境").count()).sum();
    assert_eq!(n, all);
}

/// Issue 16: `search --csv` reads back with Python's csv module (as a user's script reads
/// it) into the same rows as `search --json`, Chinese intact; `--excel` adds a BOM.
#[test]
fn search_csv_reads_back_with_pythons_csv_module_as_the_json_rows() {
    for q in ["营商环境", "shimo", "经济 !发展"] {
        let csv = run(&["search", q, "--csv"]);
        let json = run(&["search", q, "--json"]);
        let script = "import csv, json, sys\nrows = list(csv.DictReader(sys.stdin))\nprint(json.dumps(rows, ensure_ascii=False))";
        let mut py = std::process::Command::new("python3")
            .args(["-c", script])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 runs (.ci/run installs it)");
        use std::io::Write;
        py.stdin.take().unwrap().write_all(csv.as_bytes()).unwrap();
        let out = py.wait_with_output().unwrap();
        assert!(out.status.success());
        let rows: Vec<serde_json::Map<String, serde_json::Value>> = serde_json::from_slice(&out.stdout).unwrap();
        let hits: Vec<serde_json::Value> = json.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(rows.len(), hits.len(), "{q}");
        assert!(!rows.is_empty(), "{q}");
        let s = |v: &serde_json::Value| match v {
            serde_json::Value::Null => String::new(),
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        for (row, hit) in rows.iter().zip(&hits) {
            for key in [
                "place",
                "level",
                "province",
                "parent",
                "year",
                "date",
                "title",
                "path",
                "url",
                "paragraph",
                "score",
                "exact",
                "text",
                "citation",
            ] {
                assert_eq!(s(&row[key]), s(&hit[key]), "{q}: {key}");
            }
            let section: Vec<String> = hit["section"].as_array().unwrap().iter().map(s).collect();
            assert_eq!(s(&row["section"]), section.join(" › "));
            assert!(s(&row["citation"]).starts_with("——《"), "{row:?}");
        }
    }
    let excel = common::baogao().args(["search", "营商环境", "--excel"]).output().unwrap().stdout;
    assert!(excel.starts_with("\u{feff}place,".as_bytes()));
}

/// From the trial of the command line: a query that only leaves words out has nothing to
/// count and is refused (exit 2); one that finds nothing says so on stderr (exit 1).
#[test]
fn a_negation_only_query_is_refused_and_nothing_found_is_said() {
    for cmd in ["trend", "kwic"] {
        let out = common::baogao().args([cmd, "!石墨"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("nothing in it to count"), "{cmd}");
        let out = common::baogao().args([cmd, "zzqqxx"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("no occurrence of zzqqxx"), "{cmd}");
    }
}

/// From the trial: the CSV is RFC 4180's, each record ending with CRLF (a line break inside
/// a quoted field stays as it is).
#[test]
fn csv_records_end_with_crlf() {
    for args in [&["trend", "经济", "--csv"][..], &["kwic", "经济", "--csv"], &["search", "经济", "--csv"]] {
        let out = run(args);
        assert!(out.ends_with("\r\n"), "{args:?}");
        let records = csv::Reader::from_reader(out.as_bytes()).records().count();
        assert!(out.matches("\r\n").count() > records, "{args:?}: every record, and the head, end with CRLF");
    }
}

/// From the trial: `trend --by place` lists places as the tree does (the national reports
/// first, then province by province), not by their names' code points.
#[test]
fn a_trend_by_place_follows_the_tree() {
    let corpus = Corpus::bundled();
    let csv = run(&["trend", "经济", "--by", "place", "--csv"]);
    let got: Vec<String> =
        csv::Reader::from_reader(csv.as_bytes()).records().map(|r| r.unwrap()[0].to_string()).collect();
    let mut want: Vec<String> = Vec::new();
    for r in corpus.reports() {
        let p = r.meta.place.clone().unwrap_or_default();
        if !want.contains(&p) {
            want.push(p);
        }
    }
    assert_eq!(got, want);
    let mut by_name = got.clone();
    by_name.sort();
    assert_ne!(got, by_name, "this case needs the tree's order to differ from the names'");
}

/// From the trial: a context cut by `--context` shows "…" where the paragraph goes on, and
/// never closing punctuation just after it.
#[test]
fn kwic_contexts_cut_by_context_show_an_ellipsis() {
    let out = run(&["kwic", "营商环境", "--context", "3"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(!lines.is_empty());
    // Most occurrences stand more than 3 chars into their paragraph.
    let cut = lines.iter().filter(|l| l.split('【').next().is_some_and(|left| left.contains('…'))).count();
    assert!(cut * 2 > lines.len(), "{out}");
    for l in &lines {
        if let Some((_, rest)) = l.split_once('…') {
            assert!(!rest.starts_with(baogao::layout::is_forbidden_start), "{l}");
        }
    }
}
