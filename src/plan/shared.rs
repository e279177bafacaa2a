//! Patching the shared GitLab files: every step's patches of each file, and
//! the model link, on two workers (the machines this runs on have at least
//! two cores) taking the most expensive patches first.

use anyhow::{Result, anyhow};

use super::{FileChange, Origin, Resolved, Status};
use crate::checkout::Checkout;
use crate::patch::own::{Ledger, Places};
use crate::patch::{Mode, Types};
use crate::render::Context;
use crate::steps::model_link::Link;
use crate::steps::{self, Step, model_factory, replicator_list};

/// The changes of every shared file, in the steps' order, then the model's,
/// each with the entries the type owns in it afterwards. `geo_lib` is
/// `ee/lib/gitlab/geo.rb` as already read; `generated` are the plan's new
/// files (to see whether a generated EE module was kept); `ledger` gives
/// each file's ownership record.
#[allow(clippy::too_many_arguments)]
pub fn patch_files(
    checkout: &Checkout,
    running: &[&Step],
    r: &Resolved,
    geo_lib: String,
    link: &Link,
    types: &Types,
    ctx: &Context,
    mode: Mode,
    generated: &[FileChange],
    ledger: &(dyn Fn(&str) -> Ledger + Sync),
) -> Result<Vec<(FileChange, Places)>> {
    let files = steps::shared_files(running);
    // Read on this thread; parse and patch in parallel.
    let mut geo_lib = Some(geo_lib);
    let mut sources = Vec::with_capacity(files.len());
    for (path, _) in &files {
        let src = match (*path == replicator_list::PATH, geo_lib.take()) {
            (true, Some(text)) => text,
            (_, text) => {
                geo_lib = geo_lib.or(text);
                checkout.read_required(path)?
            }
        };
        sources.push(src);
    }
    let module_kept = link.creates_module
        && generated.iter().any(|c| {
            c.path == link.path && matches!(c.status, Status::Modified | Status::Accepted)
        });
    // Jobs 0..n are the shared files, job n the model link, job n + 1 the
    // model's factory when it gets traits.
    let n = files.len();
    let factory = ctx
        .additions
        .traits
        .factory
        .as_ref()
        .filter(|_| !ctx.additions.traits.add.is_empty());
    let job = |i: usize| -> Result<(FileChange, Places)> {
        let path = match (files.get(i), factory) {
            (Some((path, _)), _) => *path,
            (None, Some((path, _))) if i == n + 1 => path.as_str(),
            (None, _) => link.patched_path(r),
        };
        let own = ledger(path);
        let types = Types {
            own: &own,
            ..*types
        };
        let (path, before, after) = match (files.get(i), factory) {
            (Some((path, patches)), _) => {
                let after = steps::patch_shared(&sources[i], patches, &types, mode, ctx)?;
                (path.to_string(), sources[i].clone(), after)
            }
            (None, Some((path, src))) if i == n + 1 => {
                let after = model_factory::patch(src, path, &types, &ctx.additions.traits, mode)?;
                (path.clone(), src.clone(), after)
            }
            (None, _) => link.patch(r, &types, ctx, mode, module_kept)?,
        };
        let (claims, found) = own.finish();
        let mut change = shared_change(&path, before, after);
        change.found = found;
        Ok((change, claims))
    };
    // Ruby files cost several times their size in parsing.
    let cost = |i: usize| {
        let (path, len) = match (files.get(i), factory) {
            (Some((path, _)), _) => (*path, sources[i].len()),
            (None, Some((path, src))) if i == n + 1 => (path.as_str(), src.len()),
            (None, _) => (link.path.as_str(), link.src.len()),
        };
        if path.ends_with(".rb") { len * 4 } else { len }
    };
    let jobs = n + 1 + usize::from(factory.is_some());
    run_on_two_workers(jobs, cost, job).into_iter().collect()
}

/// Runs jobs `0..count` on this thread and one more, from one queue ordered
/// by `cost` (highest first); results come back in job order.
fn run_on_two_workers<T: Send>(
    count: usize,
    cost: impl Fn(usize) -> usize,
    job: impl Fn(usize) -> Result<T> + Sync,
) -> Vec<Result<T>> {
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(cost(i)));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&i) = order.get(k) else { break done };
            done.push((i, job(i)));
        }
    };
    let mut results: Vec<Option<Result<T>>> = (0..count).map(|_| None).collect();
    std::thread::scope(|scope| {
        let other = scope.spawn(work);
        let mine = work();
        let theirs = other
            .join()
            .unwrap_or_else(|_| vec![(0, Err(anyhow!("internal error: a patcher panicked")))]);
        for (i, r) in mine.into_iter().chain(theirs) {
            results[i] = Some(r);
        }
    });
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(anyhow!("internal error: a patch did not run"))))
        .collect()
}

/// A shared file's change, `identical` when the patches changed nothing.
pub fn shared_change(path: &str, before: String, after: String) -> FileChange {
    let status = if before == after {
        Status::Identical
    } else {
        Status::Update
    };
    FileChange {
        path: path.to_string(),
        before: Some(before),
        after: Some(after),
        wanted: None,
        origin: Origin::Shared,
        status,
        found: Vec::new(),
    }
}
