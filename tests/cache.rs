//! The cache of parsed reports: a changed file is parsed again, a damaged entry is discarded
//! with a notice and gives the results no cache gives, and two processes writing at once
//! leave a cache the next run accepts.

use baogao::corpus::Corpus;
use baogao::corpus::cache::{Cache, Counts};
use std::path::{Path, PathBuf};
use std::process::Command;

const SEEDS: [&str; 5] =
    ["jixi-2017.txt", "didao-2025.txt", "jilin-2018.txt", "qiqihar-2022.txt", "mudanjiang-2020.txt"];

/// A folder holding copies of the seed reports, and an empty cache folder beside it.
fn setup(name: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::Builder::new().prefix(&format!("baogao-cache-{name}-")).tempdir().unwrap();
    let reports = tmp.path().join("reports");
    std::fs::create_dir_all(&reports).unwrap();
    for s in SEEDS {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/reports").join(s);
        std::fs::copy(from, reports.join(s)).unwrap();
    }
    let cache = tmp.path().join("cache");
    (tmp, reports, cache)
}

/// Everything a load gave, in one string to compare: each report's path, metadata,
/// paragraphs, outline and warnings, in tree order.
fn digest(c: &Corpus) -> String {
    let mut out = String::new();
    for r in c.reports() {
        out += &format!("{} {} {:?}\n{:?}\n", r.path, r.key, r.meta, r.sections);
        for p in &r.paragraphs {
            out += &format!("{:?} {} {}\n", p.kind, p.lead, p.text);
        }
        out += &format!("{:?}\n", r.warnings);
    }
    out
}

fn load(reports: &Path, cache: &Path) -> (Corpus, Counts) {
    let cache = Cache::at(cache.to_path_buf());
    let corpus = Corpus::load_with(&[reports.to_path_buf()], &cache);
    (corpus, cache.counts())
}

/// The files in the cache's pack folders: `.pack` files, or every file with `all`.
fn files(cache: &Path, all: bool) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for shard in std::fs::read_dir(cache.join("packs")).unwrap() {
        for f in std::fs::read_dir(shard.unwrap().path()).unwrap() {
            let p = f.unwrap().path();
            let pack = p.extension().is_some_and(|x| x == "pack")
                && !p.file_name().unwrap().to_string_lossy().starts_with('.');
            if all || pack {
                v.push(p);
            }
        }
    }
    v.sort();
    v
}

/// The one pack of the reports' folder.
fn pack(cache: &Path) -> PathBuf {
    let packs = files(cache, false);
    assert_eq!(packs.len(), 1, "one folder, one pack: {packs:?}");
    packs[0].clone()
}

#[test]
fn a_second_load_comes_from_the_cache_and_gives_the_same_reports() {
    let (_tmp, reports, cache) = setup("second");
    let plain = Corpus::load(std::slice::from_ref(&reports));
    let (first, c1) = load(&reports, &cache);
    assert_eq!(c1, Counts { hits: 0, misses: 5, discarded: 0, written: 5 });
    let (second, c2) = load(&reports, &cache);
    assert_eq!(c2, Counts { hits: 5, misses: 0, discarded: 0, written: 0 });
    assert_eq!(digest(&first), digest(&plain));
    assert_eq!(digest(&second), digest(&plain));
    assert!(plain.reports().all(|r| r.meta.code.is_some()), "the tree order needs each place's code back");
    assert_eq!(second.order(), plain.order());
}

#[test]
fn a_changed_file_is_parsed_again_and_the_rest_come_from_the_cache() {
    let (_tmp, reports, cache) = setup("changed");
    load(&reports, &cache);
    let file = reports.join("jilin-2018.txt");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text = text.replace("我代表市政府向大会报告工作", "我代表市人民政府向大会报告工作");
    std::fs::write(&file, text).unwrap();
    let (corpus, counts) = load(&reports, &cache);
    assert_eq!(counts, Counts { hits: 4, misses: 1, discarded: 0, written: 1 });
    let jilin = corpus.reports().find(|r| r.path.ends_with("jilin-2018.txt")).unwrap();
    assert!(jilin.paragraphs.iter().any(|p| p.text.contains("我代表市人民政府向大会报告工作")), "the new text");
    assert_eq!(digest(&corpus), digest(&Corpus::load(&[reports])));
}

#[test]
fn a_file_changed_to_the_same_size_is_parsed_again() {
    let (_tmp, reports, cache) = setup("samesize");
    load(&reports, &cache);
    let file = reports.join("jixi-2017.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    // One char for another of the same length: only the times (and perhaps not even the
    // modification time's second) tell.
    let changed = text.replacen("成绩来之不易", "成果来之不易", 1);
    assert_eq!(changed.len(), text.len());
    std::fs::write(&file, &changed).unwrap();
    let (corpus, counts) = load(&reports, &cache);
    assert_eq!(counts.misses, 1, "{counts:?}");
    let jixi = corpus.reports().find(|r| r.path.ends_with("jixi-2017.txt")).unwrap();
    assert!(jixi.paragraphs.iter().any(|p| p.text.contains("成果来之不易")));
}

/// Bytes that look random (a fixed seed).
fn noise(n: usize) -> Vec<u8> {
    let mut x: u32 = 0x9e37_79b9;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

#[test]
fn a_truncated_empty_or_random_pack_is_discarded_with_a_notice_and_changes_nothing() {
    let (_tmp, reports, cache) = setup("damaged");
    let plain = digest(&Corpus::load(std::slice::from_ref(&reports)));
    load(&reports, &cache);
    let whole = std::fs::read(pack(&cache)).unwrap();
    // A pack's own header (so not an older baogao's, which is replaced without a word), then noise.
    let mut magic_then_noise = whole[..20].to_vec();
    magic_then_noise.extend_from_slice(&noise(5000));
    let mut bad_index = whole.clone();
    let n = bad_index.len();
    bad_index[n - 20] ^= 0x40; // in the index
    let cases: [(&str, Vec<u8>); 6] = [
        ("cut in half", whole[..whole.len() / 2].to_vec()),
        ("cut by one byte", whole[..whole.len() - 1].to_vec()),
        ("empty", Vec::new()),
        ("random", noise(5000)),
        ("the header, then noise", magic_then_noise),
        ("a flipped bit in the index", bad_index),
    ];
    for (what, bytes) in cases {
        std::fs::write(pack(&cache), &bytes).unwrap();
        let c = Cache::at(cache.clone());
        let corpus = Corpus::load_with(std::slice::from_ref(&reports), &c);
        assert_eq!(c.counts(), Counts { hits: 0, misses: 5, discarded: 1, written: 5 }, "{what}");
        assert_eq!(digest(&corpus), plain, "{what}: the same reports as with no cache");
        assert!(corpus.problems.is_empty(), "{what}: a damaged pack is not a problem with a report");
        assert_eq!(corpus.notices.len(), 1, "{what}: {:?}", corpus.notices);
        assert!(corpus.notices[0].path.contains("/cache/packs/"), "{what}: {:?}", corpus.notices);
        // Written anew: the next load takes all five.
        let (_, counts) = load(&reports, &cache);
        assert_eq!(counts, Counts { hits: 5, misses: 0, discarded: 0, written: 0 }, "{what}: rebuilt");
    }
}

#[test]
fn a_damaged_entry_costs_only_its_own_report() {
    let (_tmp, reports, cache) = setup("entry");
    let plain = digest(&Corpus::load(std::slice::from_ref(&reports)));
    load(&reports, &cache);
    let mut bytes = std::fs::read(pack(&cache)).unwrap();
    // A byte inside the first entry's compressed body (after the pack's header and the
    // entry's own): its checksum no longer matches.
    bytes[20 + 28 + 100] ^= 0x01;
    std::fs::write(pack(&cache), &bytes).unwrap();
    let c = Cache::at(cache.clone());
    let corpus = Corpus::load_with(std::slice::from_ref(&reports), &c);
    assert_eq!(c.counts(), Counts { hits: 4, misses: 1, discarded: 1, written: 1 });
    assert_eq!(digest(&corpus), plain);
    let n = &corpus.notices;
    assert!(n.len() == 1 && n[0].reason.starts_with("the entry for ") && n[0].reason.contains("checksum"), "{n:?}");
    let (_, counts) = load(&reports, &cache);
    assert_eq!(counts, Counts { hits: 5, misses: 0, discarded: 0, written: 0 });
}

#[test]
fn the_command_line_says_which_entry_was_damaged_and_prints_the_same_results() {
    let (_tmp, reports, cache) = setup("cli");
    let run = |extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_baogao"))
            .args(extra)
            .args(["search", "营商环境", "--json"])
            .arg(&reports)
            .env("BAOGAO_CACHE_DIR", &cache)
            .output()
            .unwrap();
        (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    };
    let (plain, _) = run(&["--no-cache"]);
    assert!(!cache.exists(), "--no-cache writes nothing");
    assert!(plain.lines().count() > 5, "{plain}");
    let (first, err) = run(&[]);
    assert_eq!((first.as_str(), err.as_str()), (plain.as_str(), ""));
    let f = pack(&cache);
    std::fs::write(&f, "not a cache pack, but a file of some length".repeat(3)).unwrap();
    let (again, err) = run(&[]);
    assert_eq!(again, plain);
    let name = f.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        err.starts_with("baogao: cache: ") && err.contains(&name) && err.contains("not a baogao cache pack"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one line: {err}");
}

#[test]
fn two_processes_filling_one_cache_at_once_leave_one_the_next_run_accepts() {
    let (_tmp, reports, cache) = setup("two");
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_baogao"))
            .args(["search", "石墨", "--json"])
            .arg(&reports)
            .env("BAOGAO_CACHE_DIR", &cache)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    for _ in 0..3 {
        let _ = std::fs::remove_dir_all(&cache);
        let (a, b) = (spawn(), spawn());
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        assert_eq!(a.stdout, b.stdout);
        assert!(a.stderr.is_empty() && b.stderr.is_empty(), "{}", String::from_utf8_lossy(&b.stderr));
        let (corpus, counts) = load(&reports, &cache);
        assert_eq!(counts, Counts { hits: 5, misses: 0, discarded: 0, written: 0 });
        assert!(corpus.notices.is_empty());
        let left = files(&cache, true);
        assert_eq!(left.len(), 1, "one pack, no temporary files left behind: {left:?}");
    }
}

#[test]
fn cache_info_counts_the_entries_and_the_last_run_and_clear_empties_it() {
    let (_tmp, reports, cache) = setup("info");
    let baogao = |args: &[&str]| {
        let out =
            Command::new(env!("CARGO_BIN_EXE_baogao")).args(args).env("BAOGAO_CACHE_DIR", &cache).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let r = reports.to_str().unwrap();
    baogao(&["inspect", r]);
    baogao(&["inspect", r]);
    let jixi = reports.join("jixi-2017.txt");
    let more = std::fs::read_to_string(&jixi).unwrap() + "\n附：名词解释\n";
    std::fs::write(&jixi, more).unwrap();
    baogao(&["inspect", r]);
    let info: serde_json::Value = serde_json::from_str(&baogao(&["cache", "info", "--json"])).unwrap();
    assert_eq!((info["entries"].clone(), info["packs"].clone()), (5.into(), 1.into()), "{info}");
    assert_eq!(info["last_run"], serde_json::json!({"hits": 4, "misses": 1, "discarded": 0, "written": 1}));
    let text = baogao(&["cache", "info"]);
    assert!(text.contains("4 of 5 reports from the cache (80.0%)"), "{text}");
    let cleared = baogao(&["cache", "clear"]);
    assert!(cleared.starts_with("removed 1 cache file from"), "{cleared}");
    let info: serde_json::Value = serde_json::from_str(&baogao(&["cache", "info", "--json"])).unwrap();
    assert_eq!((info["entries"].clone(), info["last_run"].clone()), (0.into(), serde_json::Value::Null));
}

#[test]
fn pruning_removes_old_entries_and_stale_temporary_files_only() {
    let (_tmp, reports, cache) = setup("prune");
    load(&reports, &cache);
    let shard = pack(&cache).parent().unwrap().to_path_buf();
    std::fs::write(shard.join(".tmp-killed.pack"), b"half a pack").unwrap();
    let now = std::time::SystemTime::now();
    let day = std::time::Duration::from_secs(24 * 3600);
    assert_eq!(baogao::corpus::cache::prune(&cache, now), 0, "everything is new");
    assert_eq!(baogao::corpus::cache::prune(&cache, now + day), 1, "a day on, the temporary file goes");
    assert_eq!(files(&cache, true).len(), 1);
    assert_eq!(baogao::corpus::cache::prune(&cache, now + 61 * day), 1, "and after 60 days the pack");
    let (_, counts) = load(&reports, &cache);
    assert_eq!(counts, Counts { hits: 0, misses: 5, discarded: 0, written: 5 });
}

#[test]
fn a_pack_of_another_parser_is_replaced_without_a_notice() {
    let (_tmp, reports, cache) = setup("parser");
    load(&reports, &cache);
    let mut bytes = std::fs::read(pack(&cache)).unwrap();
    bytes[12] ^= 0xff; // the parser hash, as a new baogao would see an old one's
    std::fs::write(pack(&cache), &bytes).unwrap();
    let (corpus, counts) = load(&reports, &cache);
    assert_eq!(counts, Counts { hits: 0, misses: 5, discarded: 0, written: 5 });
    assert!(corpus.notices.is_empty(), "{:?}", corpus.notices);
    let (_, counts) = load(&reports, &cache);
    assert_eq!(counts.hits, 5);
}

#[test]
fn a_file_loaded_on_its_own_keeps_the_rest_of_its_folders_pack() {
    let (_tmp, reports, cache) = setup("alone");
    load(&reports, &cache);
    let file = reports.join("jilin-2018.txt");
    let text = std::fs::read_to_string(&file).unwrap() + "\n";
    std::fs::write(&file, text).unwrap();
    let (_, counts) = load(&file, &cache);
    assert_eq!(counts, Counts { hits: 0, misses: 1, discarded: 0, written: 1 });
    // The four reports not looked up stayed in the pack, and the new one is beside them.
    let (_, counts) = load(&reports, &cache);
    assert_eq!(counts, Counts { hits: 5, misses: 0, discarded: 0, written: 0 });
}

#[test]
fn a_reader_that_quits_while_loading_keeps_what_was_parsed() {
    let (_tmp, reports, cache) = setup("quit");
    let loader =
        baogao::corpus::load::Loader::spawn_with(vec![reports.clone()], std::sync::Arc::new(Cache::at(cache.clone())));
    let start = std::time::Instant::now();
    while !loader.drain().iter().any(|l| matches!(l, baogao::corpus::load::Loaded::Report(_))) {
        assert!(start.elapsed().as_secs() < 20, "no report arrived");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    loader.stop(std::time::Duration::from_secs(10));
    let (_, counts) = load(&reports, &cache);
    assert!(counts.hits >= 1 && counts.hits + counts.misses == 5, "{counts:?}");
    assert_eq!(files(&cache, true).len(), 1, "one pack, no temporary file left");
}

#[test]
fn an_empty_cache_dir_setting_counts_as_unset_and_writes_nothing_where_we_stand() {
    let (tmp, reports, _) = setup("emptyvar");
    let (cwd, home) = (tmp.path().join("cwd"), tmp.path().join("home"));
    std::fs::create_dir_all(&cwd).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_baogao"))
        .args(["search", "石墨"])
        .arg(&reports)
        .current_dir(&cwd)
        .env("BAOGAO_CACHE_DIR", "")
        .env("HOME", &home)
        .env_remove("XDG_CACHE_HOME")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_dir(&cwd).unwrap().count(), 0, "nothing written where we stood");
    assert!(home.join(".cache/baogao/packs").is_dir(), "the cache went to the platform's folder");
}
