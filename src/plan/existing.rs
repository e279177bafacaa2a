//! Types that are already in the tree are not taken over. A scaffold of a
//! type the manifest does not record stops (exit 2, nothing written) when
//! the tree already wires that type in by hand, or when its entries already
//! stand in the shared files under another owner (an older type's status
//! fields, e.g. `lfs_objects_*`, which a plural can collide with).

use anyhow::{Result, bail};

use super::{FileChange, Origin};
use crate::names::Names;
use crate::patch::own::What;
use crate::steps::replicator;

/// How many places and keys the one-line message names before "and N more".
const SHOWN: usize = 3;

/// Errors when `changes` (of a type the manifest does not record) show the
/// type, or entries it would own, already in the tree.
pub fn refuse(n: &Names, changes: &[FileChange]) -> Result<()> {
    let replicator_path = replicator::path(&n.name);
    let mut wired: Vec<String> = Vec::new();
    if changes
        .iter()
        .any(|c| c.origin == Origin::Generated && c.path == replicator_path && c.before.is_some())
    {
        wired.push(format!("{replicator_path} exists"));
    }
    // (path, place, keys) of entries that stand and are not the type's.
    let mut entries: Vec<(String, String, Vec<String>)> = Vec::new();
    for c in changes {
        for f in c.found.iter().filter(|f| f.what == What::Foreign) {
            if f.place == "replicator_classes" {
                wired.push(format!("{} lists {}", c.path, f.key));
            } else if f.key == "with_replicator" {
                wired.push(format!("{} already has `with_replicator`", c.path));
            } else {
                match entries
                    .iter_mut()
                    .find(|(p, pl, _)| *p == c.path && *pl == f.place)
                {
                    Some((.., keys)) => keys.push(f.key.clone()),
                    None => entries.push((c.path.clone(), f.place.clone(), vec![f.key.clone()])),
                }
            }
        }
    }
    if wired.is_empty() && entries.is_empty() {
        return Ok(());
    }
    let is_type = !wired.is_empty();
    let shown: Vec<String> = entries
        .iter()
        .take(SHOWN)
        .map(|(path, place, keys)| {
            let more = keys.len().saturating_sub(SHOWN);
            let mut list = keys
                .iter()
                .take(SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            if more > 0 {
                list.push_str(&format!(" and {more} more"));
            }
            format!("{path} has {list} in {place}")
        })
        .collect();
    let mut evidence = [wired, shown].concat().join("; ");
    if entries.len() > SHOWN {
        evidence.push_str(&format!("; and {} more place(s)", entries.len() - SHOWN));
    }
    let name = &n.name;
    if is_type {
        bail!(
            "`{name}` is already wired into this tree by hand ({evidence}); geo-scaffold does not take over a type it did not scaffold, and wrote nothing: scaffold a new type under another name"
        );
    }
    bail!(
        "the entries of `{name}` (plural `{}`) already stand in shared files and are not geo-scaffold's ({evidence}); nothing was written: if `{name}` is an older type wired by hand, geo-scaffold does not take it over; for a new type, pass a plural whose fields are free, e.g. `--plural {name}_items`",
        n.plural
    );
}
