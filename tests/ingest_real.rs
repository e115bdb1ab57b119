//! Regression tests for real-world report shapes, one group per failure class of issue 11:
//! acceptance, chrome anywhere, repeated copies, headings, metadata. Each builds a small
//! synthetic text with the shape that real files have (web scrapes, PDF text, spreadsheet
//! cells, TMX exports, Wikisource pages) and parses it as a user's file.

use baogao::corpus::{Kind, Level, Origin, Report, parse};

/// A plain report body: salutation, two parts with prose, a closing.
const BODY: &str = "各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员提出意见。
一、2022年工作回顾
过去一年，我们坚持稳中求进工作总基调，地区生产总值增长5.2%，经济运行总体平稳，民生保障有力有效。
我们着力扩大有效投资，实施重点项目128个，完成投资356亿元，增长12.3%，项目建设成效明显。
二、2023年工作安排
今年是全面贯彻落实党的二十大精神的开局之年，做好政府工作意义重大，我们要坚定信心、真抓实干。
各位代表！新征程催人奋进，新使命重任在肩，让我们团结一心，为建设美好家园而努力奋斗！
";

fn report(name: &str, text: &str) -> Report {
    parse(name, text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn texts(r: &Report) -> Vec<&str> {
    r.paragraphs.iter().map(|p| p.text.as_str()).collect()
}

fn titles(r: &Report) -> Vec<&str> {
    r.sections.iter().map(|s| s.title.as_str()).collect()
}

fn with_header(header: &str) -> String {
    format!("{header}\n{BODY}")
}

// ---- 1. Acceptance ----

#[test]
fn traditional_script_report_is_accepted_and_shown_as_written() {
    let text = "各位代表：
我們第一屆全國人民代表大會第一次會議，已經光榮地完成了一件歷史性的工作。現在，我代表中央人民政府作工作報告。
一、關於國家的經濟建設
五年以來，中央人民政府在全國人民的支持之下，進行了自己的工作，得到了全國人民的支持，我們的工作是勝利的。
各位代表！我們正義的事業是任何敵人也攻不破的，我們一定要把我國建設成為一個偉大的社會主義國家！
";
    let r = report("1954.txt", text);
    assert_eq!(r.meta.place.as_deref(), Some("全国"));
    assert_eq!(r.meta.level, Some(Level::National));
    assert_eq!(r.meta.year, Some(1954));
    assert_eq!(r.meta.origin.get("year"), Some(&Origin::FileName));
    assert!(texts(&r).iter().any(|t| t.contains("中央人民政府作工作報告")), "text is kept as written");
}

#[test]
fn bilingual_file_keeps_its_chinese() {
    let mut text = String::from("2023年某市政府工作报告\n");
    let en = "On behalf of the municipal people's government, I will now report to you on the work of the government for your deliberation and approval.";
    for line in BODY.lines() {
        text.push_str(line);
        text.push('\n');
        text.push_str(en);
        text.push('\n');
    }
    let r = report("bilingual.txt", &text);
    assert!(texts(&r).iter().all(|t| !t.contains("On behalf")), "{:?}", texts(&r));
    assert!(texts(&r).iter().any(|t| t.contains("地区生产总值增长5.2%")));
    assert!(r.warnings.iter().any(|w| w.contains("English")), "{:?}", r.warnings);
}

#[test]
fn spreadsheet_cell_with_literal_line_breaks_is_unescaped() {
    let text = with_header("政府工作报告\n——2023年1月10日在牡丹江市第十七届人民代表大会第二次会议上\n市长 张三");
    let cell = format!("\"{}\"", text.replace('\n', "\\n"));
    assert!(!cell.contains('\n'));
    let r = report("cells.txt", &cell);
    assert_eq!(r.meta.place.as_deref(), Some("牡丹江市"));
    assert_eq!(r.meta.date.as_deref(), Some("2023-01-10"));
    assert_eq!(r.meta.speaker.as_deref(), Some("张三"));
    assert_eq!(titles(&r), ["一、2022年工作回顾", "二、2023年工作安排"]);
}

#[test]
fn tmx_export_keeps_the_chinese_segments() {
    let mut tmx = String::from("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><body>\n");
    for line in with_header("政府工作报告\n——2023年1月10日在鸡西市第十七届人民代表大会第二次会议上").lines()
    {
        tmx.push_str(&format!(
            "<tu><tuv xml:lang=\"zh-CN\"><seg>{line}</seg></tuv><tuv xml:lang=\"en-US\"><seg>Translation of the line goes here in English.</seg></tuv></tu>\n"
        ));
    }
    tmx.push_str("</body></tmx>\n");
    let r = report("report.tmx", &tmx);
    assert_eq!(r.meta.place.as_deref(), Some("鸡西市"));
    assert!(texts(&r).iter().all(|t| !t.contains("Translation") && !t.contains('<')), "{:?}", texts(&r));
    assert_eq!(r.sections.len(), 2);
}

#[test]
fn a_file_that_is_no_report_is_still_rejected_with_a_reason() {
    let e =
        parse("notes.txt", "会议纪要：明天下午三点开会，请准时参加。会议室在三楼。".repeat(10).as_bytes()).unwrap_err();
    assert!(e.to_string().starts_with("not a report"), "{e}");
    let e = parse("readme.txt", b"Just some notes in English, not a report at all.\n").unwrap_err();
    assert!(e.to_string().starts_with("not a report"), "{e}");
}

// ---- 2. Chrome anywhere ----

#[test]
fn chrome_after_the_closing_paragraph_is_dropped() {
    let text = format!(
        "{}【字号 大 中 小】\n【E-mail推荐】\n责任编辑：王某\n阅读排行\n2022年某市政府工作报告\n2021年某市政府工作报告\n标签云\n政府工作报告 发展\n版权所有：某市人民政府办公室 京ICP备05070218号\n京公网安备11010202000001号\n",
        with_header("2023年鸡西市政府工作报告")
    );
    let r = report("page.txt", &text);
    let last = r.paragraphs.last().unwrap();
    assert!(last.text.ends_with("而努力奋斗！"), "{:?}", texts(&r));
    assert_eq!(r.paragraphs.len(), BODY.lines().count());
}

#[test]
fn a_sidebar_in_the_middle_goes_with_its_list() {
    let mut lines: Vec<&str> = BODY.lines().collect();
    lines.splice(
        4..4,
        ["相关报道", "某市召开人代会", "2022年某市政府工作报告", "本栏推荐", "某市2021年政府工作报告全文"],
    );
    let text = format!("2023年鸡西市政府工作报告\n{}\n", lines.join("\n"));
    let r = report("sidebar.txt", &text);
    assert_eq!(r.paragraphs.len(), BODY.lines().count(), "{:?}", texts(&r));
    assert!(texts(&r).iter().all(|t| !t.contains("人代会") && !t.contains("2021年政府")));
}

#[test]
fn page_turn_notes_and_editor_lines_are_dropped() {
    let text = BODY.replace("我们着力扩大有效投资", "下转第2版\n紧接第1版\n我们着力扩大有效投资");
    let r = report("paper.txt", &with_header("2023年鸡西市政府工作报告").replace(BODY, &text));
    assert!(texts(&r).iter().all(|t| !t.contains("版")), "{:?}", texts(&r));
}

#[test]
fn unicode_tokens_and_zero_width_chars_never_split_words() {
    let text =
        with_header("政府工作报告\n——2023年1月10日在鸡西市第十七届人民代表大会第二次会议上\n市长<U+00A0>张<U+200B>三")
            .replace("一、2022年工作回顾", "一、2022年\u{200b}工作\u{200d}回顾")
            .replace("地区生产总值", "地区&nbsp;生产\u{feff}总值");
    let r = report("tokens.txt", &text);
    assert_eq!(r.meta.speaker.as_deref(), Some("张三"));
    assert_eq!(titles(&r)[0], "一、2022年工作回顾");
    assert!(texts(&r).iter().any(|t| t.contains("地区生产总值增长")), "{:?}", texts(&r));
}

#[test]
fn source_is_a_publisher_or_nothing() {
    let r = report("a.txt", &with_header("2023年鸡西市政府工作报告\n来源：首页 > 新闻中心 > 要闻"));
    assert_eq!(r.meta.source, None);
    let r = report("b.txt", &with_header("2023年鸡西市政府工作报告\n来源：本站"));
    assert_eq!(r.meta.source, None);
    let r = report("c.txt", &with_header("2023年鸡西市政府工作报告\n2023-01-20 来源：鸡西日报 作者：李四"));
    assert_eq!(r.meta.source.as_deref(), Some("鸡西日报"));
}

// ---- 3. Repeated copies ----

#[test]
fn copies_separated_by_chrome_and_a_little_different_are_kept_once() {
    let second = BODY.replace("实施重点项目128个", "实施重点项目130个").replace("民生保障有力有效", "民生保障坚实有力");
    let text = format!(
        "2023年鸡西市政府工作报告\n{BODY}打印本页 关闭窗口\n上一篇：某某\n相关链接\n某市政府网\n2023年鸡西市政府工作报告\n{second}"
    );
    let r = report("copies.txt", &text);
    assert_eq!(r.paragraphs.len(), BODY.lines().count(), "{:?}", texts(&r));
    assert!(r.warnings.iter().any(|w| w.contains("duplicate")), "{:?}", r.warnings);
}

// ---- 4. Headings ----

/// The text wrapped at `width` columns a line, as PDF text is (digits are narrower than
/// Chinese characters, so more of them fit).
fn hard_wrap(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    for line in text.lines() {
        let mut w = 0;
        for c in line.chars() {
            let cw = c.width().unwrap_or(0);
            if w + cw > width {
                out.push('\n');
                w = 0;
            }
            out.push(c);
            w += cw;
        }
        out.push('\n');
    }
    out
}

#[test]
fn hard_wrapped_text_never_glues_a_heading_into_its_paragraph() {
    // PDF text: run-in headings that wrap, and one heading that stands alone.
    let body = "各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员提出意见。
一、2022年工作回顾
（一）经济运行稳中向好。全年地区生产总值增长5.2%，规模以上工业增加值增长8.1%，经济运行总体平稳。
（二）项目建设成效明显。全年实施重点项目128个，完成投资356亿元，增长12.3%，发展后劲不断增强。
（三）坚持民生优先
全年民生支出占一般公共预算支出的比重达到80%以上，城镇新增就业3.2万人，各项社会事业全面进步。
二、2023年工作安排
今年是全面贯彻落实党的二十大精神的开局之年，做好政府工作意义重大，我们要坚定信心、真抓实干、奋勇争先。
各位代表！新征程催人奋进，新使命重任在肩，让我们团结一心，为建设美好家园而努力奋斗！
";
    let r = report("pdf.txt", &format!("2023年鸡西市政府工作报告\n{}", hard_wrap(body, 40)));
    assert_eq!(
        titles(&r),
        [
            "一、2022年工作回顾",
            "（一）经济运行稳中向好",
            "（二）项目建设成效明显",
            "（三）坚持民生优先",
            "二、2023年工作安排"
        ]
    );
    assert!(
        texts(&r)
            .contains(&"全年民生支出占一般公共预算支出的比重达到80%以上，城镇新增就业3.2万人，各项社会事业全面进步。")
    );
    assert!(
        texts(&r)
            .contains(&"（二）项目建设成效明显。全年实施重点项目128个，完成投资356亿元，增长12.3%，发展后劲不断增强。")
    );
}

#[test]
fn a_title_never_holds_the_sentence_after_it() {
    // Most of this document's level-2 headings run in; one stands alone before its paragraph.
    let body = "各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2022年工作回顾
（一）经济运行稳中向好。全年地区生产总值增长5.2%，经济运行总体平稳。
（二）项目建设成效明显。全年实施重点项目128个，完成投资356亿元。
（三）坚持民生优先
全年民生支出占一般公共预算支出的比重达到80%以上，城镇新增就业3.2万人，各项社会事业全面进步。
各位代表！让我们团结一心，为建设美好家园而努力奋斗！
";
    let r = report("runin.txt", &format!("2023年鸡西市政府工作报告\n{body}"));
    assert_eq!(
        titles(&r),
        ["一、2022年工作回顾", "（一）经济运行稳中向好", "（二）项目建设成效明显", "（三）坚持民生优先"]
    );
}

#[test]
fn unnumbered_part_headings_are_found() {
    let body = "各位代表：
现在，我代表国务院，向大会作政府工作报告，请予审议，并请全国政协各位委员提出意见。
过去五年工作回顾
五年来，我们坚持稳中求进工作总基调，经济实力跃上新台阶，人民生活持续改善，各项事业全面进步。
今后五年的主要任务
今后五年，我们要坚持以经济建设为中心，推动高质量发展，不断满足人民日益增长的美好生活需要。
结束语
各位代表！让我们更加紧密地团结起来，为全面建设社会主义现代化国家而努力奋斗！
";
    let r = report("2018.txt", body);
    assert_eq!(titles(&r), ["过去五年工作回顾", "今后五年的主要任务", "结束语"]);
    assert!(r.sections.iter().all(|s| s.level == 1));
    assert_eq!(r.meta.place.as_deref(), Some("全国"));
}

#[test]
fn a_bare_numeral_before_its_title_is_one_heading() {
    let body = "各位代表：
我受国务院的委托，向大会作关于国民经济计划执行情况的报告，请予审议，并请各位代表提出意见。
一
国民经济的成就
几年来，我国国民经济全面好转，工农业生产全面高涨，人民生活有了改善，各项事业都有发展。
二
今后五年的主要任务是继续调整国民经济，这一点我在下面要着重说明，请各位代表审议和讨论。
各位代表！让我们团结起来，为建设社会主义强国而奋斗！
";
    let r = report("1964.txt", body);
    assert_eq!(titles(&r), ["一　国民经济的成就", "二"]);
    assert_eq!(r.paragraphs.iter().filter(|p| matches!(p.kind, Kind::Heading(1))).count(), 2);
}

#[test]
fn an_appendix_is_a_part_and_a_glossary_stays_a_glossary() {
    let text = format!(
        "2023年鸡西市政府工作报告\n{BODY}附件：2023年主要预期目标\n地区生产总值增长6%左右\n城镇新增就业3万人以上\n名词解释\n1.“三早”：早谋划、早准备、早开工。\n2.“两黑一灰”：石墨、煤炭和石墨烯产业。\n"
    );
    let r = report("appendix.txt", &text);
    let top: Vec<&str> = r.sections.iter().filter(|s| s.level == 1).map(|s| s.title.as_str()).collect();
    assert_eq!(top, ["一、2022年工作回顾", "二、2023年工作安排", "附件：2023年主要预期目标", "名词解释"]);
    assert!(texts(&r).contains(&"城镇新增就业3万人以上"), "appendix lines are kept: {:?}", texts(&r));
    let glossary: Vec<_> = r.paragraphs.iter().filter(|p| p.kind == Kind::Glossary).collect();
    assert_eq!(glossary.len(), 2);
}

// ---- 5. Metadata ----

#[track_caller]
fn speaker_of(header: &str) -> (Option<String>, Option<String>) {
    let r = report("s.txt", &with_header(header));
    (r.meta.speaker_title.clone(), r.meta.speaker.clone())
}

#[test]
fn speakers_in_every_shape() {
    let want = |t: &str, n: &str| (Some(t.to_string()), Some(n.to_string()));
    let dl = "政府工作报告\n——2023年1月15日在上海市第十六届人民代表大会第一次会议上";
    assert_eq!(speaker_of(&format!("{dl}\n上海市市长 龚 正")), want("市长", "龚正"));
    assert_eq!(speaker_of(&format!("{dl}\n市长　李　强")), want("市长", "李强"));
    assert_eq!(speaker_of(&format!("{dl}\n代市长??王文力")), want("代市长", "王文力"));
    assert_eq!(speaker_of(&format!("{dl}\n市长\u{a0}\u{a0}\u{a0}张三")), want("市长", "张三"));
    assert_eq!(speaker_of(&format!("{dl}\n上海市人民政府市长\n陈吉宁")), want("市长", "陈吉宁"));
    assert_eq!(speaker_of(&format!("{dl}上海市代市长龚正")), want("代市长", "龚正"));
    assert_eq!(
        speaker_of(
            "政府工作报告\n——2023年1月15日在新疆维吾尔自治区第十四届人民代表大会第一次会议上\n自治区主席 艾尔肯・吐尼亚孜"
        ),
        want("主席", "艾尔肯·吐尼亚孜")
    );
    assert_eq!(speaker_of(&format!("{dl}\n代理县长：欧阳明")), want("代县长", "欧阳明"));
    // A name alone on the line after the dateline.
    assert_eq!(
        speaker_of("政府工作报告\n1957年6月26日在第一届全国人民代表大会第四次会议上\n周恩来"),
        (None, Some("周恩来".into()))
    );
    // Not a speaker: a headline that happens to hold a title.
    assert_eq!(speaker_of("2023年鸡西市政府工作报告\n市长热线服务中心"), (None, None));
}

#[test]
fn dates_in_chinese_numerals_and_full_width_digits() {
    let r = report("a.txt", &with_header("政府工作报告\n——二〇〇三年一月十日在黑龙江省第十届人民代表大会第一次会议上"));
    assert_eq!(r.meta.date.as_deref(), Some("2003-01-10"));
    assert_eq!(r.meta.place.as_deref(), Some("黑龙江省"));
    assert_eq!(r.meta.session.as_deref(), Some("第十届人民代表大会第一次会议"));
    let r =
        report("b.txt", &with_header("政府工作报告\n——２０２３年１月１０日在吉林市第十七届人民代表大会第二次会议上"));
    assert_eq!(r.meta.date.as_deref(), Some("2023-01-10"));
    assert_eq!(r.meta.year, Some(2023));
    let r = report("c.txt", &with_header("政府工作报告\n一九五四年九月二十三日在第一届全国人民代表大会第一次会议上"));
    assert_eq!(r.meta.date.as_deref(), Some("1954-09-23"));
    assert_eq!(r.meta.level, Some(Level::National));
}

#[test]
fn the_speech_date_wins_over_a_publication_stamp() {
    let r = report(
        "a.txt",
        &with_header(
            "2023年鸡西市政府工作报告\n发布时间：2023年02月03日\n2023年02月03日 09:30\n——二〇二三年一月十日在鸡西市第十七届人民代表大会第二次会议上",
        ),
    );
    assert_eq!(r.meta.date.as_deref(), Some("2023-01-10"));
}

#[test]
fn year_from_the_first_part_heading_then_the_file_name() {
    // No title, no dateline: "一、2022年工作回顾" is read in 2023.
    let r = report("report.txt", &format!("鸡西市人民政府\n{BODY}"));
    assert_eq!(r.meta.year, Some(2023));
    let no_years = BODY.replace("2022年", "过去一年").replace("2023年", "今年");
    let r = report("2017年鸡西市政府工作报告.txt", &no_years);
    assert_eq!(r.meta.year, Some(2017));
    assert_eq!(r.meta.place.as_deref(), Some("鸡西市"));
    assert_eq!(r.meta.origin.get("year"), Some(&Origin::FileName));
    assert_eq!(r.meta.origin.get("place"), Some(&Origin::FileName));
}

#[test]
fn the_most_specific_unit_of_a_compound_place_is_the_place() {
    let r = report(
        "a.txt",
        &with_header("政府工作报告\n——2023年1月8日在哈尔滨市南岗区第十七届人民代表大会第三次会议上\n区长 张三"),
    );
    assert_eq!(r.meta.place.as_deref(), Some("南岗区"));
    assert_eq!(r.meta.level, Some(Level::District));
    assert_eq!(r.meta.parent.as_deref(), Some("哈尔滨市"));
    assert_eq!(r.meta.province.as_deref(), Some("黑龙江省"));
}

#[test]
fn a_historical_name_is_kept_under_its_current_parent() {
    let r = report(
        "a.txt",
        &with_header("政府工作报告\n——2010年1月8日在双城市第十四届人民代表大会第五次会议上\n市长 张三"),
    );
    assert_eq!(r.meta.place.as_deref(), Some("双城市"));
    assert_eq!(r.meta.level, Some(Level::County));
    assert_eq!(r.meta.parent.as_deref(), Some("哈尔滨市"));
    assert_eq!(r.meta.province.as_deref(), Some("黑龙江省"));
}

#[test]
fn national_reports_are_placed_at_the_top() {
    let r = report(
        "2024.txt",
        "政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理 李强\n各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。\n一、2023年工作回顾\n过去一年是全面贯彻党的二十大精神的开局之年，经济回升向好，高质量发展扎实推进。\n",
    );
    assert_eq!((r.meta.place.as_deref(), r.meta.level), (Some("全国"), Some(Level::National)));
    assert_eq!(r.meta.speaker_title.as_deref(), Some("国务院总理"));
    assert_eq!(r.meta.title, "2024年国务院政府工作报告");
}

#[test]
fn folders_are_walked_for_web_pages_and_translation_memories_too() {
    let dir = std::env::temp_dir().join(format!("baogao-shapes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page: String = with_header("2023年鸡西市政府工作报告").lines().map(|l| format!("<p>{l}</p>\n")).collect();
    std::fs::write(dir.join("page.html"), format!("<html><body>{page}</body></html>")).unwrap();
    let tmx: String = with_header("2023年牡丹江市政府工作报告")
        .lines()
        .map(|l| format!("<tu><tuv xml:lang=\"zh\"><seg>{l}</seg></tuv></tu>\n"))
        .collect();
    std::fs::write(dir.join("memory.tmx"), format!("<tmx><body>{tmx}</body></tmx>")).unwrap();
    std::fs::write(dir.join("notes.md"), "# not read\n").unwrap();
    let c = baogao::corpus::Corpus::load(std::slice::from_ref(&dir));
    let mut places: Vec<&str> = c.reports().filter_map(|r| r.meta.place.as_deref()).collect();
    places.sort();
    assert_eq!(places, ["牡丹江市", "鸡西市"], "{:?}", c.problems);
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---- Regressions found in review ----

#[test]
fn a_hard_wrapped_closing_keeps_its_last_line() {
    let closing =
        "各位代表！新征程催人奋进，新使命重任在肩，让我们更加紧密地团结在一起，为建设美\n好家园而努力奋斗！\n";
    let text = format!(
        "2023年鸡西市政府工作报告\n{}{closing}打印本页\n相关链接\n",
        BODY.lines().take(7).collect::<Vec<_>>().join("\n") + "\n"
    );
    let r = report("wrapped-closing.txt", &text);
    assert!(r.paragraphs.last().unwrap().text.ends_with("为建设美好家园而努力奋斗！"), "{:?}", texts(&r));
}

#[test]
fn navigation_chrome_before_the_title_keeps_the_title() {
    let text = format!(
        "首页 > 政务公开\n关于我们\n网站地图\n2023年牡丹江市政府工作报告\n——2023年1月10日在牡丹江市第十七届人民代表大会第二次会议上\n市长 张三\n{BODY}"
    );
    let r = report("nav.txt", &text);
    assert_eq!(r.meta.place.as_deref(), Some("牡丹江市"));
    assert_eq!(r.meta.date.as_deref(), Some("2023-01-10"));
    assert_eq!(r.meta.speaker.as_deref(), Some("张三"));
}

#[test]
fn a_bracketed_note_is_not_an_appendix() {
    let text = format!("2023年鸡西市政府工作报告\n{BODY}（注：以上数据为初步统计数）\n");
    let r = report("note.txt", &text);
    assert!(r.sections.iter().all(|s| !s.title.contains("注")), "{:?}", titles(&r));
}

#[test]
fn a_point_marker_alone_on_a_line_is_joined_to_its_text() {
    let body = BODY.replace(
        "我们着力扩大有效投资",
        "一是\n扩大有效投资。实施重点项目128个，完成投资356亿元，增长12.3%，项目建设成效明显。\n我们着力扩大有效投资",
    );
    let r = report("points.txt", &format!("2023年鸡西市政府工作报告\n{body}"));
    assert!(
        texts(&r).contains(&"一是扩大有效投资。实施重点项目128个，完成投资356亿元，增长12.3%，项目建设成效明显。"),
        "{:?}",
        texts(&r)
    );
    assert!(r.sections.iter().any(|s| s.level == 4 && s.title == "一是扩大有效投资"), "{:?}", r.sections);
    assert_eq!(r.sections.iter().filter(|s| s.level == 1).count(), 2, "{:?}", titles(&r));
}

#[test]
fn publishers_keep_their_whole_name_and_a_sentence_is_no_source_line() {
    let r = report("a.txt", &with_header("2023年鸡西市政府工作报告\n2023-01-20 来源：国家发展改革委网站"));
    assert_eq!(r.meta.source.as_deref(), Some("国家发展改革委网站"));
    let body = BODY.replace("我们着力扩大有效投资", "资金来源：中央预算内投资\n我们着力扩大有效投资");
    let r = report("b.txt", &format!("2023年鸡西市政府工作报告\n{body}"));
    assert_eq!(r.meta.source, None);
    assert!(texts(&r).iter().any(|t| t.contains("资金来源：中央预算内投资")), "{:?}", texts(&r));
}

#[test]
fn a_word_alone_after_the_title_is_no_speaker() {
    let r = report("a.txt", &with_header("2023年鸡西市政府工作报告\n（全文）"));
    assert_eq!(r.meta.speaker, None);
}

#[test]
fn a_script_tag_without_its_end_does_not_swallow_the_page() {
    let page: String = with_header("2023年鸡西市政府工作报告").lines().map(|l| format!("<p>{l}</p>\n")).collect();
    let html = format!("<html><head><script src=\"a.js\"></head><body>{page}</body></html>");
    let r = report("page.html", &html);
    assert_eq!(r.paragraphs.len(), BODY.lines().count(), "{:?}", texts(&r));
}

#[test]
fn running_heads_next_to_page_numbers_go_even_twice() {
    let body = BODY
        .replace(
            "我们着力扩大有效投资，",
            "我们着力扩大有效投资，\n— 2 —\n某市第十七届人民代表大会第二次会议文件（1）\n",
        )
        .replace("开局之年，", "开局之年，\n第 3 页 共 4 页\n某市第十七届人民代表大会第二次会议文件（1）\n");
    let r = report("pdf-heads.txt", &format!("2023年鸡西市政府工作报告\n{body}"));
    assert!(texts(&r).iter().all(|t| !t.contains("会议文件")), "{:?}", texts(&r));
    assert!(texts(&r).iter().any(|t| t.contains("开局之年，做好政府工作")), "{:?}", texts(&r));
}

#[test]
fn a_word_cut_by_a_line_break_is_mended() {
    // After a heading, a short line that looks like a heading of its own, then the rest of
    // its last word: "改" / "革，…".
    let body = BODY.replace(
        "我们着力扩大有效投资",
        "（一）深化重要领域和关键环节改革。\n要全面深化各领域改\n革，加快推进基础性、关键性改革，增强发展动力。\n我们着力扩大有效投资",
    );
    let r = report("cut.txt", &format!("2023年鸡西市政府工作报告\n{body}"));
    assert!(texts(&r).contains(&"要全面深化各领域改革，加快推进基础性、关键性改革，增强发展动力。"), "{:?}", texts(&r));
    assert!(titles(&r).iter().all(|t| !t.contains("要全面深化")), "{:?}", titles(&r));
}

#[test]
fn a_line_cut_before_a_link_is_no_heading_and_a_closing_part_before_the_address_is() {
    let body = BODY
        .replace("我们着力扩大有效投资", "我国同周边国家已经缔结了\n友好合作条约\n。我们着力扩大有效投资")
        .replace("各位代表！新征程", "结束语\n各位代表：\n新征程");
    let r = report("links.txt", &format!("2023年鸡西市政府工作报告\n{body}"));
    assert!(texts(&r).contains(&"我国同周边国家已经缔结了友好合作条约。我们着力扩大有效投资，实施重点项目128个，完成投资356亿元，增长12.3%，项目建设成效明显。"), "{:?}", texts(&r));
    assert_eq!(titles(&r), ["一、2022年工作回顾", "二、2023年工作安排", "结束语"]);
}

#[test]
fn a_dateline_with_its_date_after_the_congress() {
    let r = report(
        "a.txt",
        &with_header("政府工作报告\n在鸡西市第十七届人民代表大会第二次会议上\n（2023年1月12日）\n市长 张三"),
    );
    assert_eq!(r.meta.date.as_deref(), Some("2023-01-12"));
    assert_eq!(r.meta.session.as_deref(), Some("第十七届人民代表大会第二次会议"));
    assert_eq!(r.meta.place.as_deref(), Some("鸡西市"));
    assert_eq!(r.meta.speaker.as_deref(), Some("张三"));
}

#[test]
fn a_name_after_a_title_needs_no_listed_surname() {
    let dl = "政府工作报告\n——2022年1月6日在上海市黄浦区第十二届人民代表大会第一次会议上";
    for (line, name) in [("区长 巢克俭", "巢克俭"), ("区长　禤东", "禤东"), ("代区长：佘文", "佘文")]
    {
        let r = report("a.txt", &with_header(&format!("{dl}\n{line}")));
        assert_eq!(r.meta.speaker.as_deref(), Some(name), "{line}");
        assert!(r.meta.speaker_title.as_deref().is_some_and(|t| t.ends_with("区长")), "{line}");
    }
    let r = report("b.txt", &with_header(&format!("{dl}\n区长信箱")));
    assert_eq!(r.meta.speaker, None);
}

#[test]
fn a_long_menu_before_the_title_leaves_the_opening_lines_whole() {
    let menu: String = (1..=60).map(|i| format!("栏目导航第{i}项\n")).collect();
    let text = format!(
        "{menu}2023年鸡西市政府工作报告\n——2023年1月10日在鸡西市第十七届人民代表大会第二次会议上\n市长 张三\n{BODY}"
    );
    let r = report("menu.txt", &text);
    assert_eq!(r.meta.date.as_deref(), Some("2023-01-10"));
    assert_eq!(r.meta.speaker.as_deref(), Some("张三"));
    assert!(texts(&r).iter().all(|t| !t.contains("栏目导航")), "{:?}", &texts(&r)[..3]);
}
