//! The journal of a write: `.geo-scaffold.journal` in the root, written and
//! fsynced before the first change to the tree, says which files the run
//! changes (with digests of their old and new bytes) and which directories it
//! creates. Its temp files and the originals it keeps aside are named after
//! their target and the run's token, beside the target. A last line
//! `committed` marks the point after which the change stands.
//!
//! Whoever finds a journal (a later command, after a crash or a power cut,
//! or the run itself after a failure) rolls the tree back to how it was when
//! the journal is not committed, or finishes the cleanup when it is: every
//! step checks what is on disk, so recovery can itself be interrupted and
//! run again.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{ErrorKind, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::checkout::Checkout;

/// The journal file, in the root.
pub const JOURNAL: &str = ".geo-scaffold.journal";
const COMMITTED: &str = "committed";
const FORMAT: u64 = 1;
/// Suffix of a new file's bytes before it is renamed into place.
pub const TEMP: &str = ".tmp";
/// Suffix of an original kept aside until the change is committed.
pub const ORIGINAL: &str = ".orig";

/// One file the run changes.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: String,
    /// Digest of the bytes it had (`None`: the run creates it).
    pub before: Option<String>,
    /// Digest of the bytes it gets (`None`: the run removes it).
    pub after: Option<String>,
}

#[derive(Debug)]
pub struct Journal {
    token: String,
    /// Directories the run creates, parents first.
    pub dirs: Vec<String>,
    pub files: Vec<Entry>,
    committed: bool,
    /// Found cut short: it was being written when the run stopped, before
    /// anything else changed.
    torn: bool,
}

/// What a rollback could not do.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Files put back as they were (restored or removed).
    pub undone: usize,
    pub problems: Vec<String>,
    /// Whether running recovery again may fix the problems (I/O errors), so
    /// the journal is kept.
    pub retry: bool,
}

pub fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Flushes a file's data to disk. On macOS this is a plain `fsync`, as git
/// does there: Rust's `sync_data` asks for `F_FULLFSYNC`, which also empties
/// the drive's cache and costs ~10 ms a call.
pub fn flush_file(f: &File) -> std::io::Result<()> {
    #[cfg(target_vendor = "apple")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: `f` owns an open descriptor for the whole call.
        if unsafe { libc::fsync(f.as_raw_fd()) } == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    }
    #[cfg(not(target_vendor = "apple"))]
    f.sync_data()
}

/// Flushes a directory's entries (new, renamed, removed names) to disk.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    flush_file(&File::open(dir)?)
}

impl Journal {
    pub fn new(dirs: Vec<String>, files: Vec<Entry>) -> Journal {
        // Names only need to be this run's own: they are created with
        // O_EXCL and a random part of their own (tempfile).
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u32(std::process::id());
        let token = format!("{:012x}", h.finish() & 0xffff_ffff_ffff);
        Journal {
            token: format!("gs{token}"),
            dirs,
            files,
            committed: false,
            torn: false,
        }
    }

    /// The name prefix of the run's temp file and kept original for `rel`.
    pub fn prefix(&self, rel: &str) -> String {
        let name = Path::new(rel)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        format!(".{name}.{}.", self.token)
    }

    fn to_line(&self, tree: &Checkout) -> String {
        let files: Vec<Value> = self
            .files
            .iter()
            .map(|e| json!({"path": e.path, "before": e.before, "after": e.after}))
            .collect();
        let doc = json!({
            "geo_scaffold_journal": FORMAT,
            "root": tree.root.to_string_lossy(),
            "token": self.token,
            "dirs": self.dirs,
            "files": files,
        });
        format!("{doc}\n")
    }

    /// Creates the (empty) journal file; it must not exist.
    pub fn create(&self, tree: &Checkout) -> Result<File> {
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o644)
            .open(tree.abs(JOURNAL))
            .with_context(|| format!("cannot create the journal `{JOURNAL}` in the root"))
    }

    /// Writes the journal and makes it durable, with its name in the root.
    pub fn fill(&self, tree: &Checkout, mut file: File) -> Result<()> {
        (|| {
            file.write_all(self.to_line(tree).as_bytes())?;
            flush_file(&file)?;
            sync_dir(&tree.root)
        })()
        .with_context(|| format!("cannot write the journal `{JOURNAL}`"))
    }

    /// Marks the change as committed (durably).
    pub fn commit(&mut self, tree: &Checkout) -> Result<()> {
        (|| {
            let mut f = OpenOptions::new()
                .append(true)
                .custom_flags(libc::O_NOFOLLOW)
                .open(tree.abs(JOURNAL))?;
            f.write_all(format!("{COMMITTED}\n").as_bytes())?;
            flush_file(&f)
        })()
        .with_context(|| format!("cannot mark the journal `{JOURNAL}` committed"))?;
        self.committed = true;
        Ok(())
    }

    /// The journal an interrupted run left, if any.
    pub fn read(tree: &Checkout) -> Result<Option<Journal>> {
        let path = tree.abs(JOURNAL);
        match fs::symlink_metadata(&path) {
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                bail!("cannot inspect the journal `{JOURNAL}` ({e}): check the root's permissions")
            }
            Ok(m) if !m.is_file() => bail!(
                "`{JOURNAL}` in the root is not a regular file (a symlink?): geo-scaffold never follows links there; remove it and run again"
            ),
            Ok(_) => {}
        }
        let text = fs::read_to_string(&path)
            .with_context(|| format!("cannot read the journal `{JOURNAL}`"))?;
        let mut lines = text.split_inclusive('\n');
        let first = lines.next().unwrap_or("");
        let Some(doc) = first
            .strip_suffix('\n')
            .and_then(|l| serde_json::from_str::<Value>(l).ok())
        else {
            // Cut short while being written: the journal is made durable
            // before anything else happens, so nothing else changed.
            return Ok(Some(Journal {
                token: String::new(),
                dirs: Vec::new(),
                files: Vec::new(),
                committed: false,
                torn: true,
            }));
        };
        let bad = || {
            anyhow::anyhow!(
                "`{JOURNAL}` in the root is not a journal this geo-scaffold can read: if no geo-scaffold run was interrupted here, remove it and run again"
            )
        };
        if doc["geo_scaffold_journal"].as_u64() != Some(FORMAT) {
            return Err(bad());
        }
        let root = doc["root"].as_str().ok_or_else(bad)?;
        if root != tree.root.to_string_lossy() {
            bail!(
                "the journal `{JOURNAL}` was written for the tree at `{root}`: if this tree was moved, move it back and run again; otherwise remove it"
            );
        }
        let token = doc["token"].as_str().ok_or_else(bad)?.to_string();
        let strings = |v: &Value| -> Option<Vec<String>> {
            v.as_array()?
                .iter()
                .map(|s| s.as_str().map(str::to_string))
                .collect()
        };
        let dirs = strings(&doc["dirs"]).ok_or_else(bad)?;
        let mut files = Vec::new();
        for f in doc["files"].as_array().ok_or_else(bad)? {
            let opt = |k: &str| f[k].as_str().map(str::to_string);
            files.push(Entry {
                path: opt("path").ok_or_else(bad)?,
                before: opt("before"),
                after: opt("after"),
            });
        }
        // Every path is checked as a write would be: no way out of the root.
        for p in files.iter().map(|f| &f.path).chain(&dirs) {
            if !Path::new(p)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)))
                || p.is_empty()
            {
                return Err(bad());
            }
        }
        let committed = lines.next().map(str::trim_end) == Some(COMMITTED);
        Ok(Some(Journal {
            token,
            dirs,
            files,
            committed,
            torn: false,
        }))
    }

    /// Brings the tree to a consistent state after an interrupted run and
    /// says what was done.
    pub fn recover(&self, tree: &Checkout) -> Result<String> {
        if self.torn {
            remove_journal(tree).with_context(|| format!("cannot remove `{JOURNAL}`"))?;
            return Ok(format!(
                "an interrupted geo-scaffold run had only begun its journal `{JOURNAL}`: nothing had changed; removed it"
            ));
        }
        if self.committed {
            let o = self.roll_forward(tree);
            if !o.problems.is_empty() {
                bail!(
                    "an interrupted geo-scaffold run had written all its changes, but its leftovers could not all be removed: {}; run again",
                    o.problems.join("; ")
                );
            }
            return Ok(format!(
                "an interrupted geo-scaffold run had written all its changes; removed the originals and the journal `{JOURNAL}` it left"
            ));
        }
        let o = self.roll_back(tree);
        if o.problems.is_empty() {
            return Ok(format!(
                "rolled back an interrupted geo-scaffold run (journal `{JOURNAL}`): {} file(s) put back; the tree is as it was before that run",
                o.undone
            ));
        }
        if o.retry {
            bail!(
                "could not finish rolling back an interrupted geo-scaffold run: {}; the journal `{JOURNAL}` is kept: fix the cause and run again",
                o.problems.join("; ")
            );
        }
        Ok(format!(
            "rolled back an interrupted geo-scaffold run (journal `{JOURNAL}`) except: {}",
            o.problems.join("; ")
        ))
    }

    /// Puts every file back as it was, removes the run's temp files and new
    /// directories, then the journal (unless a retry may help).
    pub fn roll_back(&self, tree: &Checkout) -> Outcome {
        let mut o = Outcome::default();
        let mut listings = Listings::default();
        let mut touched: Vec<PathBuf> = Vec::new();
        for e in &self.files {
            if !safe(tree, e, &mut o) {
                continue;
            }
            let target = tree.abs(&e.path);
            let dir = target
                .parent()
                .expect("a tree path has a parent")
                .to_path_buf();
            let mut backup = None;
            for name in listings.get(&dir, &self.prefix(&e.path)) {
                let p = dir.join(&name);
                if name.ends_with(TEMP) {
                    remove(&p, &e.path, &mut o);
                } else if name.ends_with(ORIGINAL) {
                    backup = Some(p);
                }
            }
            match (&e.before, backup) {
                (Some(before), Some(b)) => restore(&target, &b, before, e, &mut o),
                // The original never left (its copy was not made yet).
                (Some(_), None) => {}
                (None, _) => {
                    let ours = fs::symlink_metadata(&target).is_ok_and(|m| m.is_file())
                        && fs::read(&target).is_ok_and(|b| Some(digest(&b)) == e.after);
                    if ours && remove(&target, &e.path, &mut o) {
                        o.undone += 1;
                    }
                }
            }
            touched.push(dir);
        }
        for d in self.dirs.iter().rev() {
            let abs = tree.abs(d);
            // One gone already, or holding someone else's files, is left alone.
            if fs::remove_dir(&abs).is_ok() {
                touched.push(abs.parent().expect("parent").to_path_buf());
            }
        }
        self.close(tree, touched, &mut o);
        o
    }

    /// After the commit: removes the kept originals and any temp file left,
    /// then the journal.
    pub fn roll_forward(&self, tree: &Checkout) -> Outcome {
        let mut o = Outcome::default();
        let mut listings = Listings::default();
        let mut touched = Vec::new();
        for e in &self.files {
            if !safe(tree, e, &mut o) {
                continue;
            }
            let target = tree.abs(&e.path);
            let dir = target
                .parent()
                .expect("a tree path has a parent")
                .to_path_buf();
            for name in listings.get(&dir, &self.prefix(&e.path)) {
                remove(&dir.join(name), &e.path, &mut o);
            }
            if e.after.is_none() {
                remove_empty_parents(tree, &e.path);
            }
            touched.push(dir);
        }
        self.close(tree, touched, &mut o);
        o
    }

    /// Makes what was done durable, then drops the journal.
    fn close(&self, tree: &Checkout, mut touched: Vec<PathBuf>, o: &mut Outcome) {
        touched.sort();
        touched.dedup();
        for d in &touched {
            if let Err(e) = sync_dir(d)
                && e.kind() != ErrorKind::NotFound
            {
                o.problems
                    .push(format!("cannot flush `{}` ({e})", rel(tree, d)));
                o.retry = true;
            }
        }
        if o.retry {
            return;
        }
        if let Err(e) = remove_journal(tree) {
            o.problems
                .push(format!("cannot remove the journal `{JOURNAL}` ({e})"));
            o.retry = true;
        }
    }
}

/// Whether the entry's path can be worked on without following a link (one
/// may have been put there since the run stopped); a problem if not.
fn safe(tree: &Checkout, e: &Entry, o: &mut Outcome) -> bool {
    match super::paths::check_write(tree, &e.path) {
        Ok(_) => true,
        Err(err) => {
            o.problems.push(format!("left alone: {err:#}"));
            false
        }
    }
}

/// Puts the original kept at `b` back at `target`, unless the target holds
/// neither this run's bytes nor the original's (someone else's edit).
fn restore(target: &Path, b: &Path, before: &str, e: &Entry, o: &mut Outcome) {
    let same_file = match (fs::symlink_metadata(target), fs::symlink_metadata(b)) {
        (Ok(t), Ok(k)) => Some(t.dev() == k.dev() && t.ino() == k.ino()),
        (Err(err), _) if err.kind() == ErrorKind::NotFound => None,
        _ => Some(false),
    };
    let put_back = match same_file {
        // Removed, or never replaced (its hard link is still the file).
        None => true,
        Some(true) => {
            remove(b, &e.path, o);
            return;
        }
        Some(false) => {
            let now = fs::read(target).map(|b| digest(&b)).ok();
            if now.as_deref() == Some(before) {
                remove(b, &e.path, o);
                return;
            }
            now == e.after
        }
    };
    if !put_back {
        o.problems.push(format!(
            "{}: changed after the interrupted run; its original is kept as `{}`",
            e.path,
            b.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        ));
        return;
    }
    match fs::rename(b, target) {
        Ok(()) => o.undone += 1,
        Err(err) => {
            o.problems.push(format!(
                "{}: cannot put the original back ({err}); it is kept as `{}`",
                e.path,
                b.display()
            ));
            o.retry = true;
        }
    }
}

/// Removes a file of the run; `false` (and a problem) when it cannot.
fn remove(p: &Path, rel: &str, o: &mut Outcome) -> bool {
    match fs::remove_file(p) {
        Ok(()) => true,
        Err(e) if e.kind() == ErrorKind::NotFound => true,
        Err(e) => {
            o.problems
                .push(format!("{rel}: cannot remove `{}` ({e})", p.display()));
            o.retry = true;
            false
        }
    }
}

fn remove_journal(tree: &Checkout) -> std::io::Result<()> {
    match fs::remove_file(tree.abs(JOURNAL)) {
        Err(e) if e.kind() != ErrorKind::NotFound => Err(e),
        _ => sync_dir(&tree.root),
    }
}

/// Removes the directories a removal emptied, up to the root (best effort).
pub fn remove_empty_parents(tree: &Checkout, rel: &str) {
    let mut dir = tree.abs(rel);
    while dir.pop() && dir != tree.root && fs::remove_dir(&dir).is_ok() {}
}

/// Directory listings, read once per recovery.
#[derive(Default)]
struct Listings(HashMap<PathBuf, Vec<String>>);

impl Listings {
    /// The names in `dir` that start with `prefix`.
    fn get(&mut self, dir: &Path, prefix: &str) -> Vec<String> {
        let names = self.0.entry(dir.to_path_buf()).or_insert_with(|| {
            fs::read_dir(dir)
                .map(|rd| {
                    rd.flatten()
                        .filter_map(|e| e.file_name().to_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        });
        names
            .iter()
            .filter(|n| n.starts_with(prefix))
            .cloned()
            .collect()
    }
}

fn rel(tree: &Checkout, p: &Path) -> String {
    p.strip_prefix(&tree.root)
        .unwrap_or(p)
        .display()
        .to_string()
}
