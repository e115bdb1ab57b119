//! The search panel's marks and `w` (issue 16): what is written, in which format, and that
//! a file is never overwritten without a yes. On ratatui's TestBackend, with files in a
//! temporary folder.

mod common;

use baogao::cite::Template;
use baogao::corpus::Corpus;
use baogao::layout::Ambiguous;
use baogao::tui::action::{Action, Edit};
use baogao::tui::app::App;
use baogao::tui::search::Export;
use baogao::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use std::time::Duration;

fn draw(a: &mut App) -> String {
    a.resize(100, 30);
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    term.draw(|f| view::draw(a, f)).unwrap();
    let buf = term.backend().buffer().clone();
    (0..30).map(|y| common::buffer_row(&buf, y) + "\n").collect()
}

fn searching(q: &str) -> App {
    let mut a = App::new(Corpus::bundled(), Ambiguous::Narrow);
    draw(&mut a);
    a.update(Action::OpenSearch);
    for c in q.chars() {
        a.update(Action::Type(c));
    }
    a.settle(Duration::from_secs(30));
    a
}

/// `w`, the typed path in place of the default one, Enter.
fn write_to(a: &mut App, path: &Path) {
    a.update(Action::Write);
    assert!(matches!(a.panel().unwrap().export, Some(Export::Path(_))), "w asks where");
    a.update(Action::Edit(Edit::KillToStart));
    for c in path.to_str().unwrap().chars() {
        a.update(Action::Type(c));
    }
    a.update(Action::Accept);
}

fn message(a: &App) -> String {
    a.message.as_ref().map(|(m, _)| m.clone()).unwrap_or_default()
}

fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a spreadsheet's CSV starts with a BOM");
    csv::Reader::from_reader(text.as_bytes()).records().map(Result::unwrap).collect()
}

#[test]
fn space_marks_hits_and_w_writes_only_those_with_their_citations() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = searching("营商环境");
    a.update(Action::ToggleResults);
    assert!(a.panel().unwrap().list_focus);
    // Space marks the chosen hit and moves on: marks 0 and 2.
    a.update(Action::ToggleMark);
    a.update(Action::Move(1));
    a.update(Action::ToggleMark);
    let panel = a.panel().unwrap();
    let want: Vec<_> = [0, 2].iter().map(|&i| panel.hits[i].clone()).collect();
    assert_eq!(panel.marked, want.iter().map(|h| (h.report, h.paragraph)).collect::<Vec<_>>());
    assert!(draw(&mut a).contains("已标记 2"), "the count shows");
    let path = dir.path().join("两条.csv");
    write_to(&mut a, &path);
    assert!(message(&a).contains("已把 2 条结果写入"), "{}", message(&a));
    assert!(a.panel().unwrap().export.is_none());
    let rows = csv_rows(&path);
    assert_eq!(rows.len(), 2);
    for (row, h) in rows.iter().zip(&want) {
        let r = &a.corpus[h.report];
        assert_eq!(&row[13], r.paragraphs[h.paragraph].text.as_str(), "text");
        assert_eq!(&row[14], Template::default().cite(r, h.paragraph).as_str(), "the citation y copies");
        assert_eq!(&row[10], h.paragraph.to_string().as_str());
        assert!(!row[15].is_empty(), "the match indices are there");
    }
    // Made as a new file is, not private as a temporary file.
    use std::os::unix::fs::PermissionsExt;
    let umask = rustix::process::umask(rustix::fs::Mode::empty());
    rustix::process::umask(umask);
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o666 & !umask.bits());
}

#[test]
fn with_nothing_marked_w_writes_every_hit_in_the_format_of_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = searching("营商环境");
    let n = a.panel().unwrap().hits.len();
    let jsonl = dir.path().join("all.jsonl");
    write_to(&mut a, &jsonl);
    let lines: Vec<serde_json::Value> =
        std::fs::read_to_string(&jsonl).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), n);
    assert!(lines.iter().all(|l| l["citation"].as_str().is_some_and(|c| c.starts_with("——《"))));
    let md = dir.path().join("notes.md");
    write_to(&mut a, &md);
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.starts_with("# 营商环境\n\n> "), "{text}");
    assert_eq!(text.matches("\n> ——《").count(), n, "a citation under each quote");
    // An extension that names no format is refused, and the line stays to be mended.
    let txt = dir.path().join("x.txt");
    write_to(&mut a, &txt);
    assert!(message(&a).contains(".csv、.jsonl 或 .md"), "{}", message(&a));
    assert!(matches!(a.panel().unwrap().export, Some(Export::Path(_))));
    // From the trial: it is on screen while the prompt stays (the counts line says it).
    assert!(draw(&mut a).lines().nth(1).unwrap().contains("只能写成"), "the reason is shown");
    assert!(!txt.exists());
    a.update(Action::Close);
    assert!(a.panel().unwrap().export.is_none(), "Esc leaves the prompt, not the panel");
}

#[test]
fn a_file_that_exists_is_overwritten_only_after_y() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kept.csv");
    std::fs::write(&path, "mine\n").unwrap();
    let mut a = searching("营商环境");
    write_to(&mut a, &path);
    assert!(matches!(a.panel().unwrap().export, Some(Export::Confirm(_))), "asked first");
    assert!(draw(&mut a).contains("已存在。按 y 覆盖"));
    a.update(Action::Type('n'));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine\n");
    assert!(a.panel().unwrap().export.is_none());
    write_to(&mut a, &path);
    a.update(Action::Close);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine\n", "Esc writes nothing");
    write_to(&mut a, &path);
    a.update(Action::Type('y'));
    assert_eq!(csv_rows(&path).len(), a.panel().unwrap().hits.len());
    // Nor through a link: a dangling one is a file that exists.
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
    write_to(&mut a, &link);
    assert!(matches!(a.panel().unwrap().export, Some(Export::Confirm(_))));
}

#[test]
fn the_default_path_is_named_after_the_query_and_free() {
    let mut a = searching("营商环境 !鸡西");
    a.update(Action::Write);
    let Some(Export::Path(e)) = &a.panel().unwrap().export else { panic!("no prompt") };
    assert!(e.text.starts_with("营商环境_鸡西") && e.text.ends_with(".csv"), "{}", e.text);
    assert!(!Path::new(&e.text).exists());
    assert!(draw(&mut a).lines().nth(29).unwrap().contains("把全部"), "the status line asks");
}

#[test]
fn typing_in_the_results_list_goes_back_to_the_line() {
    let mut a = searching("营商");
    a.update(Action::ToggleResults);
    a.update(Action::ToggleMark);
    assert_eq!(a.panel().unwrap().marked.len(), 1);
    a.update(Action::Type('环'));
    let panel = a.panel().unwrap();
    assert!(!panel.list_focus);
    assert_eq!(panel.input.text, "营商环");
    assert!(panel.marked.is_empty(), "a new query clears the marks");
}

/// With no hits there is nothing to write, and w says so instead of asking where.
#[test]
fn w_needs_hits() {
    let mut a = searching("zzzzqqqxxx");
    a.update(Action::Write);
    assert!(a.panel().unwrap().export.is_none());
    assert!(message(&a).contains("没有可写出的结果"));
}

/// From the review: a folder is no file to write; its words say so and the line stays.
#[test]
fn a_folder_is_refused_and_the_line_stays() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = searching("营商环境");
    write_to(&mut a, dir.path());
    assert!(message(&a).contains("文件夹"), "{}", message(&a));
    assert!(matches!(a.panel().unwrap().export, Some(Export::Path(_))));
    // A folder that does not exist: the system's reason, in our words.
    write_to(&mut a, &dir.path().join("no/such/x.csv"));
    assert!(message(&a).contains("没有这个文件或文件夹"), "{}", message(&a));
    // Over a file, its mode is kept.
    use std::os::unix::fs::PermissionsExt;
    let kept = dir.path().join("kept.csv");
    std::fs::write(&kept, "x").unwrap();
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o600)).unwrap();
    write_to(&mut a, &kept);
    a.update(Action::Type('y'));
    assert_eq!(std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777, 0o600);
    assert!(message(&a).contains(&kept.display().to_string()), "the whole path: {}", message(&a));
}
