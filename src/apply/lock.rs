//! The tree's lock: an OS lock (`flock`, through `File::try_lock`) on
//! `.geo-scaffold.lock` in the root, exclusive for a run that writes and
//! shared for one that only reads (`check`, `--dry-run`), so that a check
//! never reads a half-written tree. It is held for the whole run and the
//! kernel releases it when the process ends, however it ends: the file's
//! existence means nothing, only the lock on it does.
//!
//! The file is removed at the end by a run that holds it exclusively; a run
//! that opened the old file and locks it after that sees that the path no
//! longer names its file and starts again. A crash can leave the empty file
//! behind; the next run removes it.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::ErrorKind;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::PathBuf;

use anyhow::{Result, bail};

use super::hooks::{self, Hook};
use super::journal;
use crate::checkout::Checkout;

/// The lock file, in the root.
pub const LOCK: &str = ".geo-scaffold.lock";

/// What the run will do with the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// Held for the whole run.
pub struct Lock {
    /// `None` for a read on a tree where the lock file cannot be created
    /// (a read-only checkout): nothing can write there.
    file: Option<File>,
    path: PathBuf,
    exclusive: bool,
}

impl Lock {
    /// Takes the tree's lock. When an interrupted run left its journal, the
    /// tree is first brought back to a consistent state (which needs the lock
    /// exclusively, even for a read); the returned note says what was done.
    pub fn acquire(tree: &Checkout, access: Access) -> Result<(Lock, Option<String>)> {
        let mut lock = Lock::take(tree, access == Access::Write)?;
        if let Some(ms) = hooks::number(Hook::HoldLockMs) {
            std::thread::sleep(std::time::Duration::from_millis(ms as u64));
        }
        let Some(journal) = journal::Journal::read(tree)? else {
            return Ok((lock, None));
        };
        if lock.file.is_none() {
            bail!(
                "an interrupted geo-scaffold run left its journal `{}` and this tree cannot be written: run any geo-scaffold command with write access to finish or undo that run",
                journal::JOURNAL
            );
        }
        if !lock.exclusive {
            drop(lock);
            lock = Lock::take(tree, true)?;
        }
        let note = journal.recover(tree)?;
        Ok((lock, Some(note)))
    }

    fn take(tree: &Checkout, exclusive: bool) -> Result<Lock> {
        let path = tree.abs(LOCK);
        for _ in 0..100 {
            if fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
                bail!(
                    "`{LOCK}` in the root is not a regular file (a symlink?): geo-scaffold never opens its lock through a link; remove it and run again"
                );
            }
            let file = match open(&path) {
                Ok(f) => f,
                Err(e)
                    if !exclusive
                        && matches!(
                            e.kind(),
                            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
                        ) =>
                {
                    // A read-only tree: nobody can write it meanwhile.
                    return Ok(Lock {
                        file: None,
                        path,
                        exclusive,
                    });
                }
                Err(e) if e.raw_os_error() == Some(libc::ELOOP) => bail!(
                    "`{LOCK}` in the root is a symlink: geo-scaffold never opens its lock through a link; remove it and run again"
                ),
                Err(e) => bail!(
                    "cannot create the lock file `{LOCK}` in the root ({e}); nothing was written"
                ),
            };
            let taken = if exclusive {
                file.try_lock()
            } else {
                file.try_lock_shared()
            };
            match taken {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => bail!(
                    "another geo-scaffold run is working on this tree (it holds `{LOCK}`): wait for it to finish and run again"
                ),
                Err(TryLockError::Error(e)) => bail!(
                    "cannot lock `{LOCK}` in the root ({e}): the file system may not support locks; run geo-scaffold on a local disk"
                ),
            }
            if names(&file, &path) {
                return Ok(Lock {
                    file: Some(file),
                    path,
                    exclusive,
                });
            }
            // The run that held it removed the file meanwhile: start again.
        }
        bail!("cannot take the lock `{LOCK}`: it keeps being replaced; run again")
    }
}

fn open(path: &std::path::Path) -> std::io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o644)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
}

/// Whether `path` still names the open `file`.
fn names(file: &File, path: &std::path::Path) -> bool {
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let Some(file) = self.file.take() else {
            return;
        };
        // Only a sole holder may remove the file: a reader asks for the lock
        // exclusively first, and leaves the file to whoever holds it now.
        if !self.exclusive {
            let _ = file.unlock();
            if file.try_lock().is_err() {
                return;
            }
        }
        if names(&file, &self.path) {
            let _ = fs::remove_file(&self.path);
        }
        // Dropping `file` releases the lock.
    }
}
