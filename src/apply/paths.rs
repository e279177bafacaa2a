//! Where a write may go: a tree-relative path whose every component inside
//! the root is a real directory (or does not exist yet) and whose last one is
//! a regular file (or does not exist yet). Nothing is ever written through a
//! symlink, wherever it points.

use std::fs;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

use anyhow::{Result, bail};

use crate::checkout::Checkout;

/// Checks `rel` for a write, looking at each component without following
/// links; returns the file's metadata when it exists.
pub fn check_write(tree: &Checkout, rel: &str) -> Result<Option<fs::Metadata>> {
    let p = Path::new(rel);
    if rel.is_empty()
        || p.is_absolute()
        || p.components().any(|c| !matches!(c, Component::Normal(_)))
    {
        bail!("{rel}: refusing a path outside the root");
    }
    let parts: Vec<Component> = p.components().collect();
    let mut abs = tree.root.clone();
    let mut seen = PathBuf::new();
    for (i, part) in parts.iter().enumerate() {
        abs.push(part);
        seen.push(part);
        let last = i + 1 == parts.len();
        let meta = match fs::symlink_metadata(&abs) {
            Ok(m) => m,
            // The rest does not exist yet: it will be created.
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => bail!(
                "{rel}: cannot inspect `{}` ({e}): check its permissions",
                seen.display()
            ),
        };
        if meta.file_type().is_symlink() {
            bail!("{}", symlink_refusal(tree, rel, &seen, &abs, last));
        }
        if !last && !meta.is_dir() {
            bail!(
                "{rel}: `{}` is not a directory: move it away and run again",
                seen.display()
            );
        }
        if last {
            if meta.is_dir() {
                bail!("{rel}: is a directory, expected a file: move it away and run again");
            }
            if !meta.is_file() {
                bail!("{rel}: is not a regular file: move it away and run again");
            }
            return Ok(Some(meta));
        }
    }
    unreachable!("a non-empty relative path has a last component")
}

/// What to say about a symlink met on the way to `rel`.
fn symlink_refusal(tree: &Checkout, rel: &str, seen: &Path, abs: &Path, last: bool) -> String {
    let link = fs::read_link(abs)
        .map(|l| l.display().to_string())
        .unwrap_or_default();
    let outside = abs
        .canonicalize()
        .map_or(true, |r| !r.starts_with(&tree.root));
    if outside {
        return format!(
            "{rel}: resolves outside the root (through the symlink `{}` to `{link}`); geo-scaffold never writes outside `--root` nor through a symlink: replace the symlink with a {} and run again",
            seen.display(),
            if last { "regular file" } else { "directory" }
        );
    }
    if last {
        format!(
            "{rel}: is a symlink (to `{link}`); geo-scaffold does not replace a link with a file nor write through one: replace the link with a copy of its target (`cp --remove-destination \"$(readlink -f {rel})\" {rel}`) and run again, or make the change in `{link}` by hand"
        )
    } else {
        format!(
            "{rel}: `{}` is a symlink (to `{link}`); geo-scaffold does not write through symlinks: replace it with a real directory and run again",
            seen.display()
        )
    }
}
