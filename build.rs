//! Lists the bundled reports and catalogues for `include_bytes!`: every `.txt` file and every
//! `catalog.tsv` under `assets/reports/`, so a file added there is compiled in without editing
//! code. No downloads, no other inputs.

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
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundled.rs");
    std::fs::write(out, code).expect("writing bundled.rs");
}
