//! The only module that writes: a lock against concurrent runs, path checks
//! against writing outside the root, and an all-or-nothing apply (temp files
//! beside their targets, renamed into place, rolled back on any failure).

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context as _, Result, anyhow, bail};

use crate::gitlab::Tree;
use crate::plan::FileChange;

const LOCK: &str = ".geo-scaffold.lock";
/// Test hook: fail the apply after this many completed file operations.
const FAIL_AFTER_ENV: &str = "GEO_SCAFFOLD_TEST_FAIL_AFTER";
/// Test hook: append a line to this tree file just before the final check,
/// as an editor would while geo-scaffold runs.
const EDIT_ENV: &str = "GEO_SCAFFOLD_TEST_EDIT";
/// Test hook: send this process SIGINT after this many file operations.
const SIGNAL_AFTER_ENV: &str = "GEO_SCAFFOLD_TEST_SIGINT_AFTER";

/// Held while a run may write; removed on drop.
pub struct Lock {
    path: PathBuf,
}

impl Lock {
    /// Takes the tree's lock, or says which run holds it. A lock whose
    /// process is gone (a crashed run) is taken over.
    pub fn acquire(tree: &Tree) -> Result<Lock> {
        let path = tree.abs(LOCK);
        for _ in 0..2 {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    write!(f, "{}", std::process::id()).context("cannot write the lock file")?;
                    return Ok(Lock { path });
                }
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                    let holder = fs::read_to_string(&path).unwrap_or_default();
                    let pid = holder.trim().parse::<u32>().ok();
                    if pid.is_some_and(|p| Path::new(&format!("/proc/{p}")).exists()) {
                        bail!(
                            "another geo-scaffold run (pid {}) is working on this tree: wait for it to finish (lock file `{LOCK}`)",
                            holder.trim()
                        );
                    }
                    // The run that left it is gone.
                    let _ = fs::remove_file(&path);
                }
                Err(e) => bail!(
                    "cannot create the lock file `{LOCK}` in the root ({e}): check the root's permissions"
                ),
            }
        }
        bail!("cannot take the lock file `{LOCK}`: remove it if no geo-scaffold run is active")
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Errors unless `rel` stays inside the root once symlinks are resolved.
pub fn check_inside(tree: &Tree, rel: &str) -> Result<()> {
    let p = Path::new(rel);
    if p.is_absolute() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
        bail!("{rel}: refusing a path outside the root");
    }
    // Resolve the deepest ancestor that exists.
    let mut probe = tree.abs(rel);
    loop {
        if fs::symlink_metadata(&probe).is_ok() {
            break;
        }
        if !probe.pop() {
            break;
        }
    }
    let resolved = probe.canonicalize().unwrap_or(probe.clone());
    if !resolved.starts_with(&tree.root) {
        bail!(
            "{rel}: resolves outside the root (through a symlink to `{}`); geo-scaffold never writes outside `--root`: replace the symlink with a directory",
            resolved.display()
        );
    }
    Ok(())
}

enum Done {
    Wrote {
        target: PathBuf,
        before: Option<String>,
    },
    Removed {
        target: PathBuf,
        before: String,
    },
    Dir(PathBuf),
}

fn tmp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.geo-scaffold-tmp"))
}

/// Counts file operations; between two of them, stops the apply when a
/// signal arrived (Ctrl-C, SIGTERM, SIGHUP) or a test hook asks to fail.
struct Steps {
    count: usize,
    fail_after: Option<usize>,
    signal_after: Option<usize>,
    interrupted: Arc<AtomicBool>,
    handlers: Vec<signal_hook::SigId>,
}

impl Steps {
    fn new() -> Result<Steps> {
        let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse().ok());
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
            fail_after: env(FAIL_AFTER_ENV),
            signal_after: env(SIGNAL_AFTER_ENV),
            interrupted,
            handlers,
        })
    }

    fn step(&mut self) -> Result<()> {
        if self.signal_after == Some(self.count) {
            signal_hook::low_level::raise(signal_hook::consts::SIGINT)
                .context("test hook: raise SIGINT")?;
        }
        if self.interrupted.load(Ordering::SeqCst) {
            bail!("interrupted");
        }
        self.count += 1;
        if self.fail_after.is_some_and(|l| self.count > l) {
            bail!(
                "injected failure after {} file operations ({FAIL_AFTER_ENV})",
                self.count - 1
            );
        }
        Ok(())
    }
}

impl Drop for Steps {
    fn drop(&mut self) {
        for id in self.handlers.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// Writes every change that alters the disk, all or nothing, in plan order
/// (the manifest comes last).
pub fn write_all(tree: &Tree, changes: &[FileChange]) -> Result<()> {
    let todo: Vec<&FileChange> = changes.iter().filter(|c| c.changes_disk()).collect();
    for c in &todo {
        check_inside(tree, &c.path)?;
    }
    let mut steps = Steps::new()?;
    let mut done: Vec<Done> = Vec::new();
    let mut temps: Vec<PathBuf> = Vec::new();
    let result = (|| -> Result<()> {
        // Phase 1: directories and temp files; the targets are untouched.
        for c in &todo {
            let target = tree.abs(&c.path);
            let Some(after) = &c.after else { continue };
            let dir = target.parent().expect("a tree path has a parent");
            let mut missing = Vec::new();
            let mut d = dir.to_path_buf();
            while !d.exists() {
                missing.push(d.clone());
                if !d.pop() {
                    break;
                }
            }
            for m in missing.into_iter().rev() {
                steps.step()?;
                fs::create_dir(&m)
                    .with_context(|| format!("{}: cannot create directory", rel(tree, &m)))?;
                done.push(Done::Dir(m));
            }
            steps.step()?;
            let tmp = tmp_path(&target);
            fs::write(&tmp, tree.on_disk(&c.path, after))
                .with_context(|| format!("{}: cannot write", c.path))?;
            temps.push(tmp.clone());
            if let Ok(meta) = fs::metadata(&target) {
                if meta.is_dir() {
                    bail!(
                        "{}: is a directory, expected a file: move it away and run again",
                        c.path
                    );
                }
                if meta.permissions().readonly() {
                    bail!(
                        "{}: is read-only: make it writable (chmod u+w) and run again",
                        c.path
                    );
                }
                fs::set_permissions(&tmp, meta.permissions())
                    .with_context(|| format!("{}: cannot copy permissions", c.path))?;
            }
        }
        // A file edited since it was read (an editor, a `git checkout`) must
        // not be overwritten with a patch of its old content.
        if let Ok(rel) = std::env::var(EDIT_ENV) {
            let mut f = fs::OpenOptions::new().append(true).open(tree.abs(&rel))?;
            f.write_all(b"# edited meanwhile\n")?;
        }
        for c in &todo {
            let now = match fs::read(tree.abs(&c.path)) {
                Ok(bytes) => Some(bytes),
                Err(e) if e.kind() == ErrorKind::NotFound => None,
                Err(e) => bail!("{}: cannot read ({e})", c.path),
            };
            let before = c.before.as_deref().map(|b| tree.on_disk(&c.path, b));
            if now.as_deref() != before.as_deref().map(str::as_bytes) {
                bail!(
                    "{}: changed while geo-scaffold was running: run it again",
                    c.path
                );
            }
        }
        // Phase 2: rename into place (and remove), recording what to undo.
        let mut temp_iter = temps.clone().into_iter();
        for c in &todo {
            let target = tree.abs(&c.path);
            steps.step()?;
            match &c.after {
                Some(_) => {
                    let tmp = temp_iter.next().expect("one temp per written file");
                    fs::rename(&tmp, &target)
                        .with_context(|| format!("{}: cannot replace", c.path))?;
                    done.push(Done::Wrote {
                        target,
                        before: c.before.as_deref().map(|b| tree.on_disk(&c.path, b)),
                    });
                }
                None => {
                    fs::remove_file(&target)
                        .with_context(|| format!("{}: cannot remove", c.path))?;
                    done.push(Done::Removed {
                        target,
                        before: c
                            .before
                            .as_deref()
                            .map(|b| tree.on_disk(&c.path, b))
                            .unwrap_or_default(),
                    });
                }
            }
        }
        Ok(())
    })();
    if let Err(e) = result {
        for t in &temps {
            let _ = fs::remove_file(t);
        }
        let mut problems = Vec::new();
        for d in done.into_iter().rev() {
            let undo = match &d {
                Done::Wrote {
                    target,
                    before: Some(b),
                } => fs::write(target, b),
                Done::Wrote {
                    target,
                    before: None,
                } => fs::remove_file(target),
                Done::Removed { target, before } => fs::write(target, before),
                Done::Dir(dir) => fs::remove_dir(dir),
            };
            if let Err(u) = undo {
                let path = match d {
                    Done::Wrote { target, .. }
                    | Done::Removed { target, .. }
                    | Done::Dir(target) => target,
                };
                problems.push(format!("{} ({u})", rel(tree, &path)));
            }
        }
        if !problems.is_empty() {
            return Err(e.context(anyhow!(
                "rollback incomplete, check with `git status`: {}",
                problems.join(", ")
            )));
        }
        return Err(e.context("nothing was written (all changes rolled back)"));
    }
    // Directories emptied by removals go too (best effort, after the commit).
    for c in todo.iter().filter(|c| c.after.is_none()) {
        let mut dir = tree.abs(&c.path);
        while dir.pop() && dir != tree.root && fs::remove_dir(&dir).is_ok() {}
    }
    Ok(())
}

fn rel(tree: &Tree, p: &Path) -> String {
    p.strip_prefix(&tree.root)
        .unwrap_or(p)
        .display()
        .to_string()
}
