//! The only module that writes. A run that writes holds the tree's lock
//! (`lock`), checks every path it writes without following links (`paths`),
//! and applies its changes all or nothing: a journal first (`journal`), then
//! new bytes in temp files beside their targets and the originals kept aside
//! (hard links), then renames; until the journal says committed, any failure
//! (or a crash, for the next command) puts every original back by a rename.
//! Fault injection for the tests lives in `hooks`, compiled only into test
//! builds.

mod hooks;
pub mod journal;
pub mod lock;
pub mod paths;

use std::fs::{self, File, Permissions};
use std::io::{ErrorKind, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context as _, Result, bail};

use self::hooks::Hook;
use self::journal::{Entry, JOURNAL, Journal, ORIGINAL, TEMP, digest, sync_dir};
pub use self::lock::{Access, LOCK, Lock};
use crate::checkout::Checkout;
use crate::plan::FileChange;

/// One file to change, checked and with the bytes it has and gets.
struct Op<'a> {
    rel: &'a str,
    abs: PathBuf,
    /// The bytes on disk (in the file's own style), `None` when absent.
    before: Option<String>,
    /// The bytes to write, `None` to remove the file.
    after: Option<String>,
    meta: Option<fs::Metadata>,
    temp: Option<PathBuf>,
    kept: Option<PathBuf>,
}

/// Checks every path the changes write, as the write will: used by dry
/// runs too, so that they refuse what the real run would.
pub fn validate(tree: &Checkout, changes: &[FileChange]) -> Result<()> {
    for c in changes.iter().filter(|c| c.changes_disk()) {
        check(tree, c)?;
    }
    Ok(())
}

fn check(tree: &Checkout, c: &FileChange) -> Result<Option<fs::Metadata>> {
    let meta = paths::check_write(tree, &c.path)?;
    if let Some(m) = &meta
        && c.after.is_some()
        && m.permissions().readonly()
    {
        bail!(
            "{}: is read-only: make it writable (chmod u+w) and run again",
            c.path
        );
    }
    Ok(meta)
}

/// Writes every change that alters the disk, all or nothing, in plan order
/// (the manifest comes last).
pub fn write_all(tree: &Checkout, changes: &[FileChange]) -> Result<()> {
    let mut ops = Vec::new();
    let mut dirs: Vec<PathBuf> = Vec::new();
    for c in changes.iter().filter(|c| c.changes_disk()) {
        let meta = check(tree, c).context("nothing was written")?;
        let abs = tree.abs(&c.path);
        if c.after.is_some() {
            // Directories to create, parents first.
            let mut missing = Vec::new();
            let mut d = abs
                .parent()
                .expect("a tree path has a parent")
                .to_path_buf();
            while fs::symlink_metadata(&d).is_err() && d != tree.root {
                missing.push(d.clone());
                d.pop();
            }
            for m in missing.into_iter().rev() {
                if !dirs.contains(&m) {
                    dirs.push(m);
                }
            }
        }
        ops.push(Op {
            rel: &c.path,
            abs,
            before: c.before.as_deref().map(|b| tree.on_disk(&c.path, b)),
            after: c.after.as_deref().map(|a| tree.on_disk(&c.path, a)),
            meta,
            temp: None,
            kept: None,
        });
    }
    if ops.is_empty() {
        return Ok(());
    }
    let entries = ops
        .iter()
        .map(|op| Entry {
            path: op.rel.to_string(),
            before: op.before.as_deref().map(|b| digest(b.as_bytes())),
            after: op.after.as_deref().map(|a| digest(a.as_bytes())),
        })
        .collect();
    let mut journal = Journal::new(dirs.iter().map(|d| rel(tree, d)).collect(), entries);
    let mut steps = Steps::new()?;
    match apply(tree, &mut journal, &mut ops, &dirs, &mut steps) {
        Ok(()) => {
            finish(tree, &ops, &mut steps);
            tree.forget_reads();
            Ok(())
        }
        Err(e) => {
            let o = journal.roll_back(tree);
            if o.problems.is_empty() {
                return Err(e.context(
                    "nothing was written: every change was rolled back and every temporary file and new directory removed; the tree is as it was",
                ));
            }
            let kept = if o.retry {
                format!(
                    "; the journal `{JOURNAL}` is kept: fix the cause and run any geo-scaffold command to finish the rollback"
                )
            } else {
                String::new()
            };
            Err(e.context(format!(
                "rollback incomplete: {}; every other file is as it was{kept}",
                o.problems.join("; ")
            )))
        }
    }
}

/// Until the commit: every error leaves what the journal can undo.
fn apply(
    tree: &Checkout,
    journal: &mut Journal,
    ops: &mut [Op],
    dirs: &[PathBuf],
    steps: &mut Steps,
) -> Result<()> {
    steps.step()?;
    let file = journal.create(tree)?;
    steps.step()?;
    journal.fill(tree, file)?;
    for d in dirs {
        steps.step()?;
        fs::create_dir(d).with_context(|| format!("{}: cannot create directory", rel(tree, d)))?;
    }
    // New bytes beside each target (flushed below, before any rename).
    let mut written: Vec<(File, &str)> = Vec::new();
    for op in ops.iter_mut() {
        if op.after.is_none() {
            continue;
        }
        steps.step()?;
        let (file, path) = write_temp(journal, op)
            .with_context(|| format!("{}: cannot write a temporary file beside it", op.rel))?;
        op.temp = Some(path);
        written.push((file, op.rel));
    }
    // Every original kept aside (a second name for the same file) until the
    // commit, so that undoing is a rename.
    for op in ops.iter_mut() {
        if op.before.is_none() {
            continue;
        }
        steps.step()?;
        let (copy, path) = keep_original(journal, op)
            .with_context(|| format!("{}: cannot keep the original aside", op.rel))?;
        op.kept = Some(path);
        written.extend(copy.map(|c| (c, op.rel)));
    }
    // The new bytes, and the originals' second names, must survive a power
    // cut before the renames may.
    let kept: Vec<&Path> = ops
        .iter()
        .filter(|op| op.kept.is_some())
        .filter_map(|op| op.abs.parent())
        .collect();
    flush(tree, &written, kept)?;
    drop(written);
    // A file edited since it was read (an editor, a `git checkout`) must not
    // be overwritten with a patch of its old content.
    if let Some(path) = hooks::get(Hook::Edit) {
        let mut f = fs::OpenOptions::new().append(true).open(tree.abs(&path))?;
        f.write_all(b"# edited meanwhile\n")?;
    }
    for op in ops.iter() {
        paths::check_write(tree, op.rel)?;
        let now = match fs::read(&op.abs) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == ErrorKind::NotFound => None,
            Err(e) => bail!("{}: cannot read ({e})", op.rel),
        };
        if now.as_deref() != op.before.as_deref().map(str::as_bytes) {
            bail!(
                "{}: changed while geo-scaffold was running: run it again",
                op.rel
            );
        }
    }
    for op in ops.iter() {
        steps.step()?;
        match &op.temp {
            Some(tmp) => {
                fs::rename(tmp, &op.abs).with_context(|| format!("{}: cannot replace", op.rel))?
            }
            None => {
                fs::remove_file(&op.abs).with_context(|| format!("{}: cannot remove", op.rel))?
            }
        }
    }
    // Every rename and new directory on disk before the commit says so.
    let changed = ops
        .iter()
        .filter_map(|op| op.abs.parent())
        .chain(dirs.iter().filter_map(|d| d.parent()))
        .collect();
    flush(tree, &[], changed)?;
    steps.step()?;
    journal.commit(tree)
}

/// After the commit: drops the kept originals and the journal. Nothing here
/// can undo the change; a crash here leaves a committed journal that the
/// next command finishes.
fn finish(tree: &Checkout, ops: &[Op], steps: &mut Steps) {
    let kept: Vec<&PathBuf> = ops.iter().filter_map(|op| op.kept.as_ref()).collect();
    steps.point();
    let removed = in_parallel(kept.len(), |i| Ok(fs::remove_file(kept[i])?));
    steps.point();
    // An original that could not be removed stays listed for the next run.
    if removed.is_ok() {
        let _ = fs::remove_file(tree.abs(JOURNAL));
    }
    // Directories emptied by removals go too (best effort).
    for op in ops.iter().filter(|op| op.after.is_none()) {
        journal::remove_empty_parents(tree, op.rel);
    }
}

fn write_temp(journal: &Journal, op: &Op) -> std::io::Result<(File, PathBuf)> {
    let dir = op.abs.parent().expect("a tree path has a parent");
    let prefix = journal.prefix(op.rel);
    // New files get the usual 0666 less the umask; replaced ones their
    // original's mode (set below, exactly).
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(TEMP)
        .permissions(Permissions::from_mode(0o666))
        .tempfile_in(dir)?;
    let f = tmp.as_file_mut();
    f.write_all(op.after.as_deref().unwrap_or_default().as_bytes())?;
    if let Some(m) = &op.meta {
        f.set_permissions(m.permissions())?;
        // Keeps the owner when run as root on someone's tree (best effort).
        let _ = std::os::unix::fs::fchown(&*f, Some(m.uid()), Some(m.gid()));
    }
    tmp.keep().map_err(|e| e.error)
}

/// A second name for the original (a hard link), or a copy where the file
/// system has no hard links (returned, to be flushed).
fn keep_original(journal: &Journal, op: &Op) -> std::io::Result<(Option<File>, PathBuf)> {
    let dir = op.abs.parent().expect("a tree path has a parent");
    let prefix = journal.prefix(op.rel);
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix).suffix(ORIGINAL);
    if hooks::get(Hook::NoHardLinks).is_none() {
        match b.make_in(dir, |p| fs::hard_link(&op.abs, p)) {
            Ok(link) => return Ok((None, link.into_temp_path().keep()?)),
            Err(e) if e.kind() == ErrorKind::NotFound => return Err(e),
            // No hard links here (some file systems): a copy does.
            Err(_) => {}
        }
    }
    let mut copy = b.tempfile_in(dir)?;
    let f = copy.as_file_mut();
    f.write_all(op.before.as_deref().unwrap_or_default().as_bytes())?;
    if let Some(m) = &op.meta {
        f.set_permissions(m.permissions())?;
        let _ = std::os::unix::fs::fchown(&*f, Some(m.uid()), Some(m.gid()));
    }
    let (file, path) = copy.keep().map_err(|e| e.error)?;
    Ok((Some(file), path))
}

/// Flushes files' data and directories' entries (new, renamed and removed
/// names) to disk, on a few threads at once: file systems with a journal
/// (ext4, XFS) commit concurrent flushes together, which makes dozens of
/// them cost little more than one.
fn flush(tree: &Checkout, files: &[(File, &str)], mut dirs: Vec<&Path>) -> Result<()> {
    dirs.sort();
    dirs.dedup();
    let root = &tree.root;
    in_parallel(files.len() + dirs.len(), |i| match files.get(i) {
        Some((f, rel)) => journal::flush_file(f).with_context(|| format!("{rel}: cannot flush")),
        None => {
            let d = dirs[i - files.len()];
            sync_dir(d).with_context(|| {
                let shown = d.strip_prefix(root).unwrap_or(d).display();
                format!("{shown}: cannot flush the directory")
            })
        }
    })
}

/// Runs `job(0..n)` on up to `WORKERS` threads; the first error, if any.
/// Metadata operations that wait on the file system's journal (flushes,
/// and on ext4 even unlinks right after them) then wait together.
fn in_parallel(n: usize, job: impl Fn(usize) -> Result<()> + Sync) -> Result<()> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let first_error = std::sync::Mutex::new(None);
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n {
                break;
            }
            if let Err(e) = job(i) {
                first_error
                    .lock()
                    .expect("no panic while holding it")
                    .get_or_insert(e);
            }
        }
    };
    std::thread::scope(|s| {
        for _ in 1..n.min(WORKERS) {
            s.spawn(work);
        }
        work();
    });
    match first_error.into_inner().expect("no panic while holding it") {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Threads for flushes and removals.
const WORKERS: usize = 8;

/// Counts file operations; between two of them, stops the apply when a
/// signal arrived (Ctrl-C, SIGTERM, SIGHUP) or a test hook asks to.
struct Steps {
    count: usize,
    fail_after: Option<usize>,
    abort_after: Option<usize>,
    signal_after: Option<usize>,
    interrupted: Arc<AtomicBool>,
    handlers: Vec<signal_hook::SigId>,
}

impl Steps {
    fn new() -> Result<Steps> {
        let interrupted = Arc::new(AtomicBool::new(false));
        let mut handlers = Vec::new();
        for sig in [
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
        ] {
            handlers.push(
                signal_hook::flag::register(sig, Arc::clone(&interrupted))
                    .context("cannot install the signal handlers that protect the write")?,
            );
        }
        Ok(Steps {
            count: 0,
            fail_after: hooks::number(Hook::FailAfter),
            abort_after: hooks::number(Hook::AbortAfter),
            signal_after: hooks::number(Hook::SigintAfter),
            interrupted,
            handlers,
        })
    }

    /// A point before the commit: the run may stop here, and roll back.
    fn step(&mut self) -> Result<()> {
        if self.signal_after == Some(self.count) {
            signal_hook::low_level::raise(signal_hook::consts::SIGINT)
                .context("test hook: raise SIGINT")?;
        }
        if self.interrupted.load(Ordering::SeqCst) {
            bail!("interrupted");
        }
        if self.fail_after == Some(self.count) {
            bail!(
                "injected failure after {} file operations (test hook)",
                self.count
            );
        }
        self.point();
        Ok(())
    }

    /// Any point, after the commit too: only a crash can happen here.
    fn point(&mut self) {
        if self.abort_after == Some(self.count) {
            std::process::abort();
        }
        self.count += 1;
    }
}

impl Drop for Steps {
    fn drop(&mut self) {
        for id in self.handlers.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

fn rel(tree: &Checkout, p: &Path) -> String {
    p.strip_prefix(&tree.root)
        .unwrap_or(p)
        .display()
        .to_string()
}
