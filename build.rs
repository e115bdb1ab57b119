//! Lists the bundled reports and catalogues for `include_bytes!`: every `.txt` file and every
//! `catalog.tsv` under `assets/reports/`, so a file added there is compiled in without editing
//! code. Also a hash of the parser's own sources (`src/corpus/`, `src/fsio.rs`, the gazetteer,
//! and `Cargo.lock` for the crates it uses),
//! `PARSER_HASH`, which the cache of parsed reports is keyed by: a change to the parser
//! makes every cached report stale. No downloads, no other inputs.

use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("a folder entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("assets/reports");
    println!("cargo:rerun-if-changed=assets/reports");
    let mut files = Vec::new();
    walk(&root, &mut files);
    let (mut reports, mut catalogues) = (String::new(), String::new());
    for f in files {
        let name =
            f.strip_prefix(&root).expect("under the root").to_str().expect("a UTF-8 file name").replace('\\', "/");
        let full = f.to_str().expect("a UTF-8 path");
        let entry = format!("    ({name:?}, include_bytes!({full:?})),\n");
        if name.ends_with(".txt") {
            reports.push_str(&entry);
        } else if name == "catalog.tsv" || name.ends_with("/catalog.tsv") {
            catalogues.push_str(&entry);
        }
    }
    let code = format!(
        "/// The reports compiled into the binary: (path under `assets/reports/`, bytes).\n\
         pub static BUNDLED: &[(&str, &[u8])] = &[\n{reports}];\n\n\
         /// The catalogues compiled into the binary: (path under `assets/reports/`, bytes).\n\
         pub static BUNDLED_CATALOGUES: &[(&str, &[u8])] = &[\n{catalogues}];\n"
    );
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("bundled.rs"), code).expect("writing bundled.rs");

    // FNV-1a over each source's name and bytes, in a fixed order.
    let mut sources = Vec::new();
    for dir in ["src/corpus", "assets/gazetteer"] {
        println!("cargo:rerun-if-changed={dir}");
        walk(&Path::new(&manifest).join(dir), &mut sources);
    }
    // The crates that shape what a parse gives (encoding_rs, chardetng, regex, fast2s…): a
    // `cargo update` changes their versions here.
    for f in ["src/fsio.rs", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={f}");
        sources.push(Path::new(&manifest).join(f));
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    for f in &sources {
        let name = f.strip_prefix(&manifest).unwrap_or(f).to_string_lossy().into_owned();
        let bytes = std::fs::read(f).unwrap_or_else(|e| panic!("reading {}: {e}", f.display()));
        for b in version.bytes().chain(name.bytes()).chain([0]).chain(bytes) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    let code = format!(
        "/// A hash of the parser's sources: a cached report made by another parser is stale.\n\
         pub const PARSER_HASH: u64 = {hash:#018x};\n"
    );
    std::fs::write(out_dir.join("parser_hash.rs"), code).expect("writing parser_hash.rs");
}
