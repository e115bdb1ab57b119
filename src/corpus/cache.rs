//! A persistent cache of parsed reports, so that a folder opened again is not parsed again.
//!
//! One pack per folder of reports, in `$XDG_CACHE_HOME/baogao/packs/` (or
//! `BAOGAO_CACHE_DIR`), named by a 64-bit hash of the folder's canonical path. A pack holds
//! an entry per report file: the file's stamp (size, modification and change times, inode,
//! device) and the report as `parse` made it, before any catalogue row is put on it (the
//! catalogue is read anew each time). An entry is used only when its stamp is the file's
//! stamp now, its path is the path as shown now, and it was made by this parser
//! ([`PARSER_HASH`], a hash of the parser's sources and `Cargo.lock`): a changed file, or a
//! new baogao, means the file is parsed again and its entry written anew.
//!
//! An entry, little-endian: the magic `BAOGAOC\0`, the format number (u32), the parser hash
//! (u64), the length of the encoded entry (u32) and a CRC-32 of the compressed bytes (u32),
//! then the entry, encoded with postcard and compressed as an LZ4 block. Nothing in it is
//! trusted: lengths are checked against the file, the file's size and fixed limits before
//! anything is allocated, the CRC before decompressing, and the decoded path and stamp
//! against the file's. A damaged or foreign pack or entry is discarded with a notice and the
//! reports it held parsed again, so the results are the same as with no cache.
//!
//! A folder's new pack is written to a temporary file beside the old one as reports are
//! parsed, and renamed into place whole by [`Cache::finish`]: a reader never sees half a
//! pack, and of two instances writing one pack at once the last rename stays.

use super::model::{Meta, Origin, Paragraph, Report, Section};
use super::{Level, Problem};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

include!(concat!(env!("OUT_DIR"), "/parser_hash.rs"));

/// The entry format's number: a change to the layout below or to the encoded types.
const FORMAT: u32 = 2;
const MAGIC: &[u8; 8] = b"BAOGAOC\0";
const HEADER: usize = 8 + 4 + 8 + 4 + 4;
/// No entry decodes to more than this: a report file is at most 64 MiB, and its parsed form
/// is smaller than its text plus a little per paragraph.
const MAX_ENCODED: usize = 256 * 1024 * 1024;
/// The file of the last run's counts, beside the entries.
const LAST_RUN: &str = "last-run.json";

/// What says a file is the one an entry was made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    size: u64,
    mtime: i64,
    mtime_ns: i64,
    ctime: i64,
    ctime_ns: i64,
    ino: u64,
    dev: u64,
}

impl Stamp {
    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        Stamp {
            size: meta.len(),
            mtime: meta.mtime(),
            mtime_ns: meta.mtime_nsec(),
            ctime: meta.ctime(),
            ctime_ns: meta.ctime_nsec(),
            ino: meta.ino(),
            dev: meta.dev(),
        }
    }
}

/// The fields of `Meta::origin`, in a fixed order: an origin is stored by its field's place
/// here, so that the map's `&'static str` keys come back as the same strings.
const ORIGIN_FIELDS: [&str; 6] = ["place", "year", "date", "speaker", "title", "url"];

/// [`Meta`] as stored: every field, `code` too (JSON output leaves it out).
#[derive(Serialize, Deserialize)]
struct MetaRecord {
    title: String,
    place: Option<String>,
    level: Option<Level>,
    province: Option<String>,
    parent: Option<String>,
    code: Option<u32>,
    year: Option<i32>,
    date: Option<String>,
    session: Option<String>,
    speaker: Option<String>,
    speaker_title: Option<String>,
    source: Option<String>,
    url: Option<String>,
    origin: Vec<(u8, Origin)>,
}

/// One entry: the file it was made from, and the report.
#[derive(Serialize, Deserialize)]
struct Entry {
    stamp: Stamp,
    path: String,
    key: String,
    meta: MetaRecord,
    /// Every paragraph's text, one after another: checked as UTF-8 once, in one fast pass,
    /// instead of once per paragraph (that check was a quarter of a warm start).
    text: serde_bytes::ByteBuf,
    paragraphs: Vec<ParagraphRecord>,
    sections: Vec<Section>,
    warnings: Vec<String>,
}

/// A [`Paragraph`] as stored: its text is the next `bytes` bytes of [`Entry::text`].
#[derive(Serialize, Deserialize)]
struct ParagraphRecord {
    bytes: u32,
    kind: super::model::Kind,
    lead: u32,
}

/// [`Entry`] as written: the same fields, borrowed from the report (postcard writes a
/// `&str` as it writes a `String`, a slice as a `Vec`), so nothing is copied to store it.
#[derive(Serialize)]
struct EntryOut<'a> {
    stamp: Stamp,
    path: &'a str,
    key: &'a str,
    meta: MetaRecord,
    text: &'a serde_bytes::Bytes,
    paragraphs: Vec<ParagraphRecord>,
    sections: &'a [Section],
    warnings: &'a [String],
}

impl<'a> EntryOut<'a> {
    /// `text` is where the paragraphs' texts are put together.
    fn of(stamp: Stamp, r: &'a Report, text: &'a mut Vec<u8>) -> Option<EntryOut<'a>> {
        let mut paragraphs = Vec::with_capacity(r.paragraphs.len());
        for p in &r.paragraphs {
            text.extend_from_slice(p.text.as_bytes());
            let bytes = u32::try_from(p.text.len()).ok()?;
            paragraphs.push(ParagraphRecord { bytes, kind: p.kind, lead: u32::try_from(p.lead).ok()? });
        }
        Some(EntryOut {
            stamp,
            path: &r.path,
            key: &r.key,
            // Copied (a few short strings): the paragraphs are what is worth borrowing.
            meta: MetaRecord::of(&r.meta)?,
            text: serde_bytes::Bytes::new(text),
            paragraphs,
            sections: &r.sections,
            warnings: &r.warnings,
        })
    }
}

impl MetaRecord {
    /// `m` as stored; None if it names a field [`ORIGIN_FIELDS`] does not know (then the
    /// report is not stored).
    fn of(m: &Meta) -> Option<MetaRecord> {
        let mut origin = Vec::new();
        for (field, o) in &m.origin {
            origin.push((ORIGIN_FIELDS.iter().position(|f| f == field)? as u8, *o));
        }
        let m = m.clone();
        Some(MetaRecord {
            title: m.title,
            place: m.place,
            level: m.level,
            province: m.province,
            parent: m.parent,
            code: m.code,
            year: m.year,
            date: m.date,
            session: m.session,
            speaker: m.speaker,
            speaker_title: m.speaker_title,
            source: m.source,
            url: m.url,
            origin,
        })
    }

    fn into_meta(self) -> Result<Meta, String> {
        let mut origin = std::collections::BTreeMap::new();
        for (i, o) in self.origin {
            let field = ORIGIN_FIELDS.get(usize::from(i)).ok_or("an unknown metadata field")?;
            origin.insert(*field, o);
        }
        Ok(Meta {
            title: self.title,
            place: self.place,
            level: self.level,
            province: self.province,
            parent: self.parent,
            code: self.code,
            year: self.year,
            date: self.date,
            session: self.session,
            speaker: self.speaker,
            speaker_title: self.speaker_title,
            source: self.source,
            url: self.url,
            origin,
        })
    }
}

impl Entry {
    fn into_report(self) -> Result<Report, String> {
        let meta = self.meta.into_meta()?;
        let text = simdutf8::basic::from_utf8(&self.text).map_err(|_| "paragraph text that is not UTF-8")?;
        let mut paragraphs = Vec::with_capacity(self.paragraphs.len());
        let mut at = 0usize;
        for p in self.paragraphs {
            let end = at.saturating_add(p.bytes as usize);
            // `get` is None past the end or off a char boundary.
            let t = text.get(at..end).ok_or("a paragraph past the end of the text, or cut inside a char")?;
            paragraphs.push(Paragraph { text: t.to_string(), kind: p.kind, lead: p.lead as usize });
            at = end;
        }
        if at != text.len() {
            return Err("text that no paragraph holds".into());
        }
        let n = paragraphs.len();
        if self.sections.iter().any(|s| s.paragraph >= n) {
            return Err("a section points past the last paragraph".into());
        }
        let level_ok = |l: u8| (1..=4).contains(&l);
        if self.sections.iter().any(|s| !level_ok(s.level))
            || paragraphs.iter().any(|p| matches!(p.kind, super::model::Kind::Heading(l) if !level_ok(l)))
        {
            return Err("a heading level out of range".into());
        }
        if paragraphs.iter().any(|p| p.lead > 0 && p.lead > p.text.chars().count()) {
            return Err("a run-in heading longer than its paragraph".into());
        }
        Ok(Report {
            path: self.path,
            key: self.key,
            meta,
            paragraphs,
            sections: self.sections,
            warnings: self.warnings,
        })
    }
}

/// The counts of one run, for `baogao cache info`.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq, Eq, Clone, Copy)]
pub struct Counts {
    /// Reports taken from the cache.
    pub hits: usize,
    /// Reports parsed (no entry, a stale one, or a damaged one).
    pub misses: usize,
    /// Entries discarded as damaged or foreign.
    pub discarded: usize,
    /// Entries written.
    pub written: usize,
}

/// The cache, or none (`--no-cache`, or no cache folder). Shared by the loading threads.
#[derive(Debug, Default)]
pub struct Cache {
    dir: Option<PathBuf>,
    /// The folders of the files looked up so far, by canonical path.
    folders: Mutex<HashMap<PathBuf, Arc<Folder>>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
    discarded: AtomicUsize,
    written: AtomicUsize,
    /// A line for each discarded entry or pack: which, and why.
    notices: Mutex<Vec<Problem>>,
}

/// The pack of one folder of reports: as it was read at the start, and what this run keeps.
#[derive(Debug)]
struct Folder {
    pack: PathBuf,
    old: Option<PackReader>,
    now: Mutex<Kept>,
}

/// What goes into a folder's new pack: every file looked up this run that has an entry, and
/// the file the new entries are written to as they come.
#[derive(Debug, Default)]
struct Kept {
    files: HashMap<Vec<u8>, (Stamp, Where)>,
    writer: Option<(tempfile::NamedTempFile, u64)>,
    /// Something changed: the pack is written anew at [`Cache::finish`].
    changed: bool,
    /// A write to the new pack failed: it is not written this run (its offsets are void).
    failed: bool,
    /// Files whose old entries are not carried over: damaged, or stale and not parsed anew
    /// (the file is no report now).
    dropped: std::collections::HashSet<Vec<u8>>,
}

/// Where a kept entry's bytes are: in the old pack, or already in the new one.
#[derive(Debug, Clone, Copy)]
enum Where {
    Old { offset: u64, len: u32 },
    New { offset: u64, len: u32 },
}

/// A pack as read: its open file and its index.
#[derive(Debug)]
struct PackReader {
    file: std::fs::File,
    rows: HashMap<Vec<u8>, (Stamp, u64, u32)>,
}

/// One file's row in a pack's index.
#[derive(Serialize, Deserialize)]
struct Row {
    name: serde_bytes::ByteBuf,
    stamp: Stamp,
    offset: u64,
    len: u32,
}

/// The cache folder: `BAOGAO_CACHE_DIR`, else the platform's cache folder for baogao
/// (`$XDG_CACHE_HOME/baogao`, `~/.cache/baogao`).
pub fn default_dir() -> Option<PathBuf> {
    // An empty value is unset; a relative one is taken from the folder we started in, once,
    // so that the cache is the same folder whatever we open.
    if let Some(d) = std::env::var_os("BAOGAO_CACHE_DIR").filter(|d| !d.is_empty()) {
        let d = PathBuf::from(d);
        return Some(if d.is_absolute() { d } else { std::env::current_dir().ok()?.join(d) });
    }
    directories::ProjectDirs::from("", "", "baogao").map(|d| d.cache_dir().to_path_buf())
}

impl Cache {
    /// No cache: every file is parsed.
    pub fn off() -> Cache {
        Cache::default()
    }

    /// A cache in `dir` (its packs under `dir/packs`).
    pub fn at(dir: PathBuf) -> Cache {
        Cache { dir: Some(dir), ..Cache::default() }
    }

    /// The cache in [`default_dir`], or none.
    pub fn default_place() -> Cache {
        default_dir().map_or_else(Cache::off, Cache::at)
    }

    pub fn is_on(&self) -> bool {
        self.dir.is_some()
    }

    /// The pack of the folder `canon` (canonical): in one of 256 folders by the first byte
    /// of its name's hash, as git keeps its objects.
    fn pack_path(&self, canon: &Path) -> Option<PathBuf> {
        // FNV-1a, 64 bits: stable from one build to the next, as a name on disk must be.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in canon.as_os_str().as_encoded_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        let packs = self.dir.as_ref()?.join("packs");
        Some(packs.join(format!("{:02x}", h >> 56)).join(format!("{h:016x}.pack")))
    }

    /// The folder `dir` (canonical), its pack read the first time it is asked for.
    fn folder(&self, dir: &Path) -> Option<Arc<Folder>> {
        let mut folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(f) = folders.get(dir) {
            return Some(Arc::clone(f));
        }
        let pack = self.pack_path(dir)?;
        let old = match read_pack(&pack) {
            Ok(old) => old,
            Err(why) => {
                self.note(&pack, why);
                None
            }
        };
        let changed = old.is_none() && pack.exists();
        let f = Arc::new(Folder { pack, old, now: Mutex::new(Kept { changed, ..Kept::default() }) });
        folders.insert(dir.to_path_buf(), Arc::clone(&f));
        Some(f)
    }

    fn note(&self, path: &Path, why: String) {
        self.discarded.fetch_add(1, Ordering::Relaxed);
        let notice = Problem { path: crate::fsio::shown_path(path), reason: why };
        self.notices.lock().unwrap_or_else(|e| e.into_inner()).push(notice);
    }

    /// The report for the file at `canon` (shown as `shown`) with this stamp, if the cache
    /// holds a good one. A damaged entry is counted and noted, and left out of the new pack.
    pub fn get(&self, canon: &Path, shown: &str, stamp: Stamp) -> Option<Report> {
        let (dir, name) = (canon.parent()?, canon.file_name()?.as_encoded_bytes());
        let folder = self.folder(dir)?;
        let old = folder.old.as_ref()?;
        let &(at_stamp, offset, len) = old.rows.get(name)?;
        if at_stamp != stamp {
            // The file changed: parsed, and written anew (or, if it is no report now, left out).
            folder.now.lock().unwrap_or_else(|e| e.into_inner()).dropped.insert(name.to_vec());
            return None;
        }
        let damaged = |why: String| {
            let shown_name = String::from_utf8_lossy(name);
            self.note(&folder.pack, format!("the entry for {shown_name}: {why}"));
            let mut now = folder.now.lock().unwrap_or_else(|e| e.into_inner());
            now.changed = true;
            now.dropped.insert(name.to_vec());
            None
        };
        let mut bytes = vec![0u8; len as usize];
        if let Err(e) = std::os::unix::fs::FileExt::read_exact_at(&old.file, &mut bytes, offset) {
            return damaged(format!("cannot be read ({e})"));
        }
        let report = match decode_entry(&bytes, entry_limit(stamp.size)) {
            Ok(Decoded::Entry(e)) if e.stamp != stamp => return damaged("its stamp is not its row's".into()),
            // The same file named another way (a relative path from elsewhere): parsed.
            Ok(Decoded::Entry(e)) if e.path != shown => return None,
            Ok(Decoded::Entry(e)) => e.into_report(),
            Ok(Decoded::OtherParser) => return damaged("made by another parser than its pack".into()),
            Err(why) => Err(why),
        };
        match report {
            Ok(r) => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                let mut now = folder.now.lock().unwrap_or_else(|e| e.into_inner());
                now.files.insert(name.to_vec(), (stamp, Where::Old { offset, len }));
                Some(r)
            }
            Err(why) => damaged(why),
        }
    }

    /// Note that a file was parsed, not taken from the cache.
    pub fn missed(&self) {
        if self.is_on() {
            self.misses.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Keep `report`, made from the file at `canon` with this stamp: written at once to the
    /// folder's new pack, which [`Cache::finish`] puts in place. Errors are ignored: the
    /// cache is only ever a shortcut.
    pub fn put(&self, canon: &Path, stamp: Stamp, report: &Report) {
        let (Some(dir), Some(name)) = (canon.parent(), canon.file_name()) else { return };
        let Some(folder) = self.folder(dir) else { return };
        let mut text = Vec::new();
        let Some(bytes) = EntryOut::of(stamp, report, &mut text).and_then(|e| encode_entry(&e)) else {
            return;
        };
        let Ok(len) = u32::try_from(bytes.len()) else { return };
        let mut now = folder.now.lock().unwrap_or_else(|e| e.into_inner());
        now.changed = true;
        if now.failed {
            return;
        }
        let Some((file, end)) = writer(&mut now, &folder.pack) else {
            now.failed = true;
            return;
        };
        if file.write_all(&bytes).is_ok() {
            let offset = *end;
            *end += u64::from(len);
            now.files.insert(name.as_encoded_bytes().to_vec(), (stamp, Where::New { offset, len }));
        } else {
            // The rows written so far point into this file: none of it is used.
            now.writer = None;
            now.failed = true;
        }
    }

    /// Put in place the new pack of each folder where something changed: the entries
    /// written this run, the unchanged ones copied from the old pack, and the index. Each is
    /// renamed into place whole, so another instance reads the old pack or the new one.
    pub fn finish(&self) {
        let folders: Vec<Arc<Folder>> =
            self.folders.lock().unwrap_or_else(|e| e.into_inner()).values().cloned().collect();
        for folder in folders {
            let mut now = folder.now.lock().unwrap_or_else(|e| e.into_inner());
            if !now.changed || now.failed {
                continue;
            }
            now.changed = false;
            if finish_pack(&folder, &mut now).is_some() {
                let new = now.files.values().filter(|(_, at)| matches!(at, Where::New { .. })).count();
                self.written.fetch_add(new, Ordering::Relaxed);
            } else {
                now.failed = true;
                now.writer = None;
            }
        }
        self.record_run();
    }

    /// This run's counts.
    pub fn counts(&self) -> Counts {
        Counts {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            discarded: self.discarded.load(Ordering::Relaxed),
            written: self.written.load(Ordering::Relaxed),
        }
    }

    /// The entries discarded so far (each once: taken).
    pub fn take_notices(&self) -> Vec<Problem> {
        std::mem::take(&mut *self.notices.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Keep this run's counts for `baogao cache info` (only when the cache was used), and
    /// once a day [`prune`] the cache.
    fn record_run(&self) {
        let (Some(dir), c) = (self.dir.as_ref(), self.counts()) else { return };
        if c.hits + c.misses == 0 {
            return;
        }
        let last = std::fs::metadata(dir.join(LAST_RUN)).and_then(|m| m.modified()).ok();
        let pruned = std::fs::metadata(dir.join(PRUNED)).and_then(|m| m.modified()).ok();
        let due = |t: Option<std::time::SystemTime>| t.is_none_or(|t| t.elapsed().is_ok_and(|e| e > PRUNE_EVERY));
        if last.is_some() && due(pruned) {
            let _ = std::fs::write(dir.join(PRUNED), b"");
            prune(dir, std::time::SystemTime::now());
        }
        let Ok(json) = serde_json::to_vec(&c) else { return };
        let _ = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir).and_then(|mut f| {
            f.write_all(&json)?;
            f.persist(dir.join(LAST_RUN)).map_err(|e| e.error)?;
            Ok(())
        });
    }
}

enum Decoded {
    Entry(Box<Entry>),
    /// Sound, but made by another parser.
    OtherParser,
}

fn encode_entry(e: &EntryOut) -> Option<Vec<u8>> {
    let encoded = postcard::to_stdvec(e).ok()?;
    if encoded.len() > MAX_ENCODED {
        return None;
    }
    let body = lz4_flex::block::compress(&encoded);
    let mut out = Vec::with_capacity(HEADER + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&PARSER_HASH.to_le_bytes());
    out.extend_from_slice(&(encoded.len() as u32).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
    out.extend_from_slice(&body);
    Some(out)
}

/// The most an entry for a file of `size` bytes may decode to: its text in UTF-8 (at most
/// 1.5 times the bytes of any encoding we read) and a little per paragraph, with room to
/// spare; never more than [`MAX_ENCODED`]. A damaged entry cannot make us allocate more.
fn entry_limit(size: u64) -> usize {
    usize::try_from(size.saturating_mul(4).saturating_add(1 << 20)).unwrap_or(MAX_ENCODED).min(MAX_ENCODED)
}

/// Read an entry, trusting nothing in it; it may decode to at most `limit` bytes.
fn decode_entry(bytes: &[u8], limit: usize) -> Result<Decoded, String> {
    if !bytes.starts_with(MAGIC) {
        return Err("not a baogao cache entry".into());
    }
    if bytes.len() < HEADER {
        return Err(format!("a cache entry of {} bytes, shorter than its header", bytes.len()));
    }
    let (head, body) = bytes.split_at(HEADER);
    let u32_at = |i: usize| u32::from_le_bytes([head[i], head[i + 1], head[i + 2], head[i + 3]]);
    let format = u32_at(8);
    let parser = u64::from(u32_at(12)) | (u64::from(u32_at(16)) << 32);
    let (len, crc) = (u32_at(20) as usize, u32_at(24));
    if format != FORMAT {
        return Err(format!("a cache entry of format {format}, not {FORMAT}"));
    }
    if crc32fast::hash(body) != crc {
        return Err("a cache entry whose checksum does not match (cut short or changed)".into());
    }
    if parser != PARSER_HASH {
        return Ok(Decoded::OtherParser);
    }
    // LZ4 expands by at most 255 times: a longer claimed length is a lie.
    if len > limit || len > body.len().saturating_mul(255) {
        return Err(format!("a cache entry claiming {len} bytes from {}", body.len()));
    }
    let mut encoded = vec![0u8; len];
    match lz4_flex::block::decompress_into(body, &mut encoded) {
        Ok(n) if n == len => {}
        Ok(n) => return Err(format!("a cache entry of {n} bytes, not the {len} it claims")),
        Err(e) => return Err(format!("a cache entry that does not decompress ({e})")),
    }
    match postcard::from_bytes::<Entry>(&encoded) {
        Ok(e) => Ok(Decoded::Entry(Box::new(e))),
        Err(e) => Err(format!("a cache entry that does not decode ({e})")),
    }
}

/// A pack: the magic `BAOGAOP\0`, the format number (u32) and the parser hash (u64); the
/// entries, one after another; the index (postcard, a [`Row`] per file); then the index's
/// length (u32), its CRC-32 (u32) and the magic `BGPINDEX`.
const PACK_MAGIC: &[u8; 8] = b"BAOGAOP\0";
const PACK_HEADER: usize = 8 + 4 + 8;
const INDEX_MAGIC: &[u8; 8] = b"BGPINDEX";
const FOOTER: usize = 4 + 4 + 8;

/// The folder's new pack, opened (with its header written) the first time it is needed.
fn writer<'a>(now: &'a mut Kept, pack: &Path) -> Option<&'a mut (tempfile::NamedTempFile, u64)> {
    if now.writer.is_none() {
        let dir = pack.parent()?;
        if !dir.is_dir() {
            std::fs::create_dir_all(dir).ok()?;
        }
        let mut f = tempfile::Builder::new().prefix(".tmp-").suffix(".pack").tempfile_in(dir).ok()?;
        let mut head = Vec::with_capacity(PACK_HEADER);
        head.extend_from_slice(PACK_MAGIC);
        head.extend_from_slice(&FORMAT.to_le_bytes());
        head.extend_from_slice(&PARSER_HASH.to_le_bytes());
        f.write_all(&head).ok()?;
        now.writer = Some((f, PACK_HEADER as u64));
    }
    now.writer.as_mut()
}

/// Write the rest of a folder's new pack (the entries kept from the old one, the index) and
/// rename it into place.
fn finish_pack(folder: &Folder, now: &mut Kept) -> Option<()> {
    let mut files: Vec<(Vec<u8>, (Stamp, Where))> = now.files.iter().map(|(k, v)| (k.clone(), *v)).collect();
    // The old pack's entries for files this run did not look up (one file named on its own,
    // the rest of its folder not loaded) are kept as they were; a stale one is still refused
    // by its stamp. A damaged one was looked up, so it is not among them.
    if let Some(old) = &folder.old {
        for (name, &(stamp, offset, len)) in &old.rows {
            if !now.files.contains_key(name) && !now.dropped.contains(name) {
                files.push((name.clone(), (stamp, Where::Old { offset, len })));
            }
        }
    }
    writer(now, &folder.pack)?;
    let (file, end) = now.writer.as_mut()?;
    let mut rows = Vec::with_capacity(files.len());
    for (name, (stamp, at)) in files {
        let (offset, len) = match at {
            Where::New { offset, len } => (offset, len),
            Where::Old { offset, len } => {
                let old = folder.old.as_ref()?;
                let mut bytes = vec![0u8; len as usize];
                std::os::unix::fs::FileExt::read_exact_at(&old.file, &mut bytes, offset).ok()?;
                file.write_all(&bytes).ok()?;
                let at = *end;
                *end += u64::from(len);
                (at, len)
            }
        };
        rows.push(Row { name: serde_bytes::ByteBuf::from(name), stamp, offset, len });
    }
    let index = postcard::to_stdvec(&rows).ok()?;
    let mut tail = index;
    let (len, crc) = (u32::try_from(tail.len()).ok()?, crc32fast::hash(&tail));
    tail.extend_from_slice(&len.to_le_bytes());
    tail.extend_from_slice(&crc.to_le_bytes());
    tail.extend_from_slice(INDEX_MAGIC);
    file.write_all(&tail).ok()?;
    let (file, _) = now.writer.take()?;
    file.persist(&folder.pack).ok()?;
    Some(())
}

/// Read a pack's index, trusting nothing in it. No pack, or one made by another parser or
/// format: none (the folder is written anew). A damaged one: why.
fn read_pack(path: &Path) -> Result<Option<PackReader>, String> {
    use std::os::unix::fs::FileExt;
    let (file, meta) = match crate::fsio::open_regular(path) {
        Ok(f) => f,
        Err(_) => return Ok(None),
    };
    let size = meta.len();
    let mut head = [0u8; PACK_HEADER];
    if file.read_exact_at(&mut head, 0).is_err() || &head[..8] != PACK_MAGIC {
        return Err("not a baogao cache pack".into());
    }
    let format = u32::from_le_bytes([head[8], head[9], head[10], head[11]]);
    let parser = u64::from_le_bytes(head[12..20].try_into().unwrap_or_default());
    if format != FORMAT || parser != PARSER_HASH {
        return Ok(None);
    }
    if size < (PACK_HEADER + FOOTER) as u64 {
        return Err(format!("a pack of {size} bytes, too short for its index (cut short?)"));
    }
    let mut foot = [0u8; FOOTER];
    file.read_exact_at(&mut foot, size - FOOTER as u64).map_err(|e| format!("cannot be read ({e})"))?;
    if &foot[8..] != INDEX_MAGIC {
        return Err("a pack without its index at the end (cut short?)".into());
    }
    let index_len = u64::from(u32::from_le_bytes([foot[0], foot[1], foot[2], foot[3]]));
    let crc = u32::from_le_bytes([foot[4], foot[5], foot[6], foot[7]]);
    let body_end = size - FOOTER as u64;
    if index_len > body_end - PACK_HEADER as u64 {
        return Err(format!("a pack whose index claims {index_len} bytes of {size}"));
    }
    let index_at = body_end - index_len;
    let mut index = vec![0u8; index_len as usize];
    file.read_exact_at(&mut index, index_at).map_err(|e| format!("cannot be read ({e})"))?;
    if crc32fast::hash(&index) != crc {
        return Err("a pack whose index's checksum does not match".into());
    }
    let rows: Vec<Row> =
        postcard::from_bytes(&index).map_err(|e| format!("a pack whose index does not decode ({e})"))?;
    let mut map = HashMap::with_capacity(rows.len());
    for r in rows {
        let end = r.offset.checked_add(u64::from(r.len));
        if r.offset < PACK_HEADER as u64 || end.is_none_or(|e| e > index_at) {
            return Err("a pack whose index points outside its entries".into());
        }
        map.insert(r.name.into_vec(), (r.stamp, r.offset, r.len));
    }
    Ok(Some(PackReader { file, rows: map }))
}

/// What `baogao cache info` prints: the folder, its packs, the reports they hold and their
/// size, and the last run's counts.
#[derive(Debug, Serialize)]
pub struct Info {
    pub dir: String,
    pub packs: usize,
    pub entries: usize,
    pub bytes: u64,
    pub last_run: Option<Counts>,
}

/// Every file in the packs' folders (packs and temporary files), with its name and metadata.
fn pack_files(dir: &Path) -> Vec<(PathBuf, String, std::fs::Metadata)> {
    let mut out = Vec::new();
    let Ok(shards) = std::fs::read_dir(dir.join("packs")) else { return out };
    for shard in shards.flatten() {
        if !shard.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let Ok(files) = std::fs::read_dir(shard.path()) else { continue };
        for f in files.flatten() {
            if let Ok(m) = f.metadata()
                && m.is_file()
            {
                out.push((f.path(), f.file_name().to_string_lossy().into_owned(), m));
            }
        }
    }
    out
}

pub fn info(dir: &Path) -> Info {
    let (mut packs, mut entries, mut bytes) = (0, 0, 0);
    for (path, name, m) in pack_files(dir) {
        bytes += m.len();
        if name.ends_with(".pack") && !name.starts_with('.') {
            packs += 1;
            entries += read_pack(&path).ok().flatten().map_or(0, |p| p.rows.len());
        }
    }
    let last_run = crate::fsio::read_limited(&dir.join(LAST_RUN), 4096)
        .ok()
        .and_then(|b| serde_json::from_slice::<Counts>(&b).ok());
    Info { dir: crate::fsio::shown_path(dir), packs, entries, bytes, last_run }
}

/// How often the cache is pruned, and what goes: packs not written for 60 days (one in use
/// is written again, at the cost of parsing its folder once) and temporary files of runs
/// that were killed while writing.
const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);
const PACK_LIFE: std::time::Duration = std::time::Duration::from_secs(60 * 24 * 3600);
const TEMP_LIFE: std::time::Duration = std::time::Duration::from_secs(3600);
/// Its time says when the cache was last pruned.
const PRUNED: &str = "pruned";

/// Remove packs older than [`PACK_LIFE`] and temporary files older than [`TEMP_LIFE`], as
/// of `now`; how many went.
pub fn prune(dir: &Path, now: std::time::SystemTime) -> usize {
    let older = |m: &std::fs::Metadata, life| {
        m.modified().ok().is_some_and(|t| now.duration_since(t).is_ok_and(|age| age > life))
    };
    let mut n = 0;
    for (path, name, m) in pack_files(dir) {
        let life = if name.starts_with(".tmp-") { TEMP_LIFE } else { PACK_LIFE };
        if older(&m, life) && std::fs::remove_file(&path).is_ok() {
            n += 1;
            // The shard's folder goes when it is empty (removing a full one fails).
            if let Some(shard) = path.parent() {
                let _ = std::fs::remove_dir(shard);
            }
        }
    }
    // The temporary file of a last-run record whose run was killed.
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let temp = e.file_name().to_string_lossy().starts_with(".tmp-");
        if temp
            && e.metadata().is_ok_and(|m| m.is_file() && older(&m, TEMP_LIFE))
            && std::fs::remove_file(e.path()).is_ok()
        {
            n += 1;
        }
    }
    n
}

/// Remove every pack, temporary file and the last run's counts; how many files went.
pub fn clear(dir: &Path) -> std::io::Result<usize> {
    let packs = dir.join("packs");
    if let Err(e) = std::fs::read_dir(&packs)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        return Err(e);
    }
    let mut n = 0;
    for (path, _, _) in pack_files(dir) {
        if std::fs::remove_file(&path).is_ok() {
            n += 1;
        }
        if let Some(shard) = path.parent() {
            let _ = std::fs::remove_dir(shard);
        }
    }
    let _ = std::fs::remove_dir(&packs);
    let _ = std::fs::remove_file(dir.join(LAST_RUN));
    let _ = std::fs::remove_file(dir.join(PRUNED));
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Report {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/reports/jilin-2018.txt");
        crate::corpus::parse("jilin-2018.txt", &std::fs::read(path).unwrap()).unwrap()
    }

    fn stamp() -> Stamp {
        Stamp { size: 1, mtime: 2, mtime_ns: 3, ctime: 4, ctime_ns: 5, ino: 6, dev: 7 }
    }

    fn roundtrip(r: &Report) -> Report {
        let bytes = encode_entry(&EntryOut::of(stamp(), r, &mut Vec::new()).unwrap()).unwrap();
        match decode_entry(&bytes, MAX_ENCODED).unwrap() {
            Decoded::Entry(e) => e.into_report().unwrap(),
            Decoded::OtherParser => panic!("our own parser"),
        }
    }

    #[test]
    fn an_entry_gives_back_the_report_it_was_made_from() {
        let r = report();
        let back = roundtrip(&r);
        assert_eq!(back.path, r.path);
        assert_eq!(back.meta, r.meta);
        assert_eq!(back.paragraphs, r.paragraphs);
        assert_eq!(back.sections, r.sections);
        assert_eq!(back.warnings, r.warnings);
        assert!(!r.meta.origin.is_empty() && r.meta.code.is_some(), "the sample has origins and a code");
    }

    #[test]
    fn every_cut_and_every_flipped_byte_is_refused_without_a_panic() {
        let bytes = encode_entry(&EntryOut::of(stamp(), &report(), &mut Vec::new()).unwrap()).unwrap();
        for n in 0..bytes.len() {
            assert!(decode_entry(&bytes[..n], MAX_ENCODED).is_err(), "cut at {n}");
        }
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            // A flipped byte in the parser hash reads as another parser's entry: not used either.
            assert!(!matches!(decode_entry(&b, MAX_ENCODED), Ok(Decoded::Entry(_))), "flipped byte {i}");
        }
    }

    /// An entry that is whole (its checksum right) but says wrong things is still refused.
    #[test]
    fn a_well_formed_entry_that_lies_is_refused_without_a_panic() {
        let r = report();
        let lie = |edit: &dyn Fn(&mut EntryOut)| {
            let mut text = Vec::new();
            let mut e = EntryOut::of(stamp(), &r, &mut text).unwrap();
            edit(&mut e);
            match decode_entry(&encode_entry(&e).unwrap(), MAX_ENCODED) {
                Ok(Decoded::Entry(e)) => e.into_report().err().unwrap(),
                Ok(Decoded::OtherParser) => panic!("our parser"),
                Err(e) => e,
            }
        };
        // The first paragraph ends inside a char; then one runs past the text.
        assert!(lie(&|e| e.paragraphs[0].bytes += 1).contains("inside a char"));
        assert!(lie(&|e| e.paragraphs.last_mut().unwrap().bytes += 3).contains("past the end"));
        assert!(lie(&|e| e.paragraphs.pop().map_or((), drop)).contains("no paragraph holds"));
        assert!(lie(&|e| e.paragraphs[0].lead = 10_000).contains("run-in heading"));
        let far = r.paragraphs.len();
        let sections: Vec<Section> = vec![Section { level: 1, title: "一、".into(), paragraph: far }];
        let sections: &'static [Section] = Box::leak(sections.into_boxed_slice());
        assert!(lie(&|e| e.sections = sections).contains("past the last paragraph"));
        assert!(lie(&|e| e.meta.origin.push((200, Origin::Text))).contains("unknown metadata field"));
    }

    #[test]
    fn a_lying_length_allocates_nothing() {
        let mut bytes = encode_entry(&EntryOut::of(stamp(), &report(), &mut Vec::new()).unwrap()).unwrap();
        bytes[20..24].copy_from_slice(&u32::MAX.to_le_bytes());
        let err = decode_entry(&bytes, MAX_ENCODED).err().unwrap();
        assert!(err.contains("claiming"), "{err}");
    }
}
