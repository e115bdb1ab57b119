//! No byte sequence makes the parser panic: random bytes, and seed reports mutated
//! (bytes flipped, cut, spliced, re-encoded). CI runs a short version; set
//! BAOGAO_FUZZ_CASES=1000000 for a long run.

use baogao::corpus::parse;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn cases() -> u32 {
    std::env::var("BAOGAO_FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(300)
}

fn seeds() -> Vec<Vec<u8>> {
    ["jixi-2017.txt", "mudanjiang-2020.txt", "didao-2025.txt", "jilin-2018.txt", "qiqihar-2022.txt"]
        .iter()
        .map(|n| std::fs::read(format!("{}/assets/reports/{n}", env!("CARGO_MANIFEST_DIR"))).unwrap())
        .collect()
}

/// Check the invariants of whatever the parser returns.
fn check(bytes: &[u8]) {
    if let Ok(r) = parse("fuzz", bytes) {
        assert!(!r.paragraphs.is_empty());
        for s in &r.sections {
            assert!(s.paragraph < r.paragraphs.len());
        }
        for p in &r.paragraphs {
            assert!(p.lead <= p.text.chars().count());
            assert!(!p.text.contains(['\n', '\r']));
        }
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut runner = TestRunner::new(Config { cases: cases(), ..Config::default() });
    runner
        .run(&proptest::collection::vec(any::<u8>(), 0..4096), |b| {
            check(&b);
            Ok(())
        })
        .unwrap();
}

#[test]
fn random_chinese_lines_never_panic() {
    let line = "[一二三四五六七八九十（）()、。，：；“”0-9.a-z 　各位代表是第年月日在市区县长届次会议政府工作报告名词解释\\-—…]{0,40}";
    let mut runner = TestRunner::new(Config { cases: cases(), ..Config::default() });
    runner
        .run(&proptest::collection::vec(line, 0..60), |lines| {
            check(lines.join("\n").as_bytes());
            Ok(())
        })
        .unwrap();
}

#[test]
fn mutated_seeds_never_panic() {
    let seeds = seeds();
    let n = seeds.len();
    let strategy = (0..n, proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..4), 1..24), any::<usize>());
    let mut runner = TestRunner::new(Config { cases: (cases() / 10).max(20), ..Config::default() });
    runner
        .run(&strategy, |(which, edits, cut)| {
            // Work on a window of the seed to keep each case fast.
            let seed = &seeds[which];
            let start = cut % seed.len();
            let mut b: Vec<u8> = seed[start..(start + 20_000).min(seed.len())].to_vec();
            for (pos, byte, op) in edits {
                if b.is_empty() {
                    break;
                }
                let i = pos % b.len();
                match op {
                    0 => b[i] = byte,
                    1 => b.insert(i, byte),
                    2 => {
                        b.remove(i);
                    }
                    _ => b.truncate(i),
                }
            }
            check(&b);
            Ok(())
        })
        .unwrap();
}

/// Texts made of the pieces real-world files are made of: markup and TMX tags, entities,
/// escaped line breaks, `<U+…>` tokens, zero-width chars, datelines in Chinese numerals,
/// speaker titles, chrome, appendix and glossary headings, brackets that open and close.
#[test]
fn real_world_shapes_never_panic() {
    let pieces = prop::sample::select(vec![
        "<p>",
        "</p>",
        "<br/>",
        "<div class=\"a\">",
        "</div>",
        "<tmx>",
        "<tuv xml:lang=\"zh-CN\">",
        "<tuv xml:lang=\"en\">",
        "<seg>",
        "</seg>",
        "<script>",
        "</script>",
        "&nbsp;",
        "&amp;",
        "&#x4E00;",
        "&#",
        "&",
        "<",
        ">",
        "\\n",
        "\\r\\n",
        "\"\"",
        "<U+00A0>",
        "<U+",
        "<U+ZZ>",
        "\u{200b}",
        "\u{feff}",
        "\u{200d}",
        "\u{3000}",
        "  ",
        " ",
        "\n",
        "\n\n",
        "\r",
        "各位代表：",
        "各位代表！",
        "一、",
        "（一）",
        "1.",
        "一是",
        "第一，",
        "一",
        "二",
        "附件",
        "附件1：",
        "名词解释",
        "注：",
        "二〇〇三年",
        "一九五四年",
        "２０２３年",
        "2023年",
        "十二月",
        "三十一日",
        "1月",
        "10日",
        "在",
        "第十四届",
        "全国",
        "人民代表大会",
        "人大",
        "第二次",
        "会议上",
        "国务院总理",
        "市长",
        "代市长",
        "??",
        "李强",
        "艾尔肯·吐尼亚孜",
        "哈尔滨市",
        "南岗区",
        "双城市",
        "上海市",
        "政府工作报告",
        "工作回顾",
        "过去五年",
        "结束语",
        "来源：",
        "版权所有",
        "阅读排行",
        "相关链接",
        "责任编辑",
        "下转第2版",
        "Public domain",
        "false",
        "本作品是",
        "《",
        "》",
        "“",
        "”",
        "，",
        "。",
        "！",
        "——",
        "1 9 9 8",
        "７４７",
        "经济运行总体平稳，地区生产总值增长5.2%。",
        "On behalf of the State Council,",
    ]);
    let mut runner = TestRunner::new(Config { cases: cases(), ..Config::default() });
    runner
        .run(&proptest::collection::vec(pieces, 0..400), |parts| {
            check(parts.concat().as_bytes());
            Ok(())
        })
        .unwrap();
}
