//! Rendering the new files of every step, and deciding what happens to each
//! against what is on disk and what the manifest recorded.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow};

use super::{FileChange, Origin, Resolved, Status};
use crate::checkout::Checkout;
use crate::identifiers;
use crate::manifest;
use crate::patch::own::{Ledger, Places};
use crate::patch::{Mode, Types};
use crate::render::{Context, render};
use crate::steps::model_link::Link;
use crate::steps::{self, NewFile};

/// What [`render_files`] makes: the changes, the hashes to record for the
/// generated files, and the entries the type owns in files a step patches
/// instead of generating (`NewFile::Either` that already exists).
pub struct Rendered {
    pub changes: Vec<FileChange>,
    pub hashes: BTreeMap<String, String>,
    pub claims: Vec<(String, Places)>,
}

/// The changes for every new file (the EE module after the steps' files),
/// then for recorded files the type no longer generates (a migration named
/// after a table that changed, a module of a model that changed), and the
/// hashes to record.
#[allow(clippy::too_many_arguments)]
pub fn render_files(
    checkout: &Checkout,
    r: &Resolved,
    new_files: &[NewFile],
    timestamps: &BTreeMap<String, String>,
    link: &Link,
    types: &Types,
    ctx: &Context,
    mode: Mode,
    ledger: &dyn Fn(&str) -> Ledger,
) -> Result<Rendered> {
    let mut changes = Vec::new();
    let mut hashes = BTreeMap::new();
    let mut claims = Vec::new();
    let recorded = r.recorded.as_ref().map(|e| &e.files);
    let mut generate = |path: String, rendered: String| -> Result<()> {
        let before = checkout.read(&path)?;
        let recorded_hash = recorded.and_then(|f| f.get(&path).cloned());
        let (change, hash) = generated_change(
            path,
            before,
            rendered,
            recorded_hash,
            mode,
            r.req.force,
            r.req.skip,
        );
        if let Some(h) = hash {
            hashes.insert(change.path.clone(), h);
        }
        changes.push(change);
        Ok(())
    };
    let mut patched = Vec::new();
    let mut rendered: Vec<(String, String)> = Vec::new();
    for f in new_files {
        let (path, text) = match f {
            NewFile::At { path, tpl } => (path.clone(), render(*tpl, ctx)),
            NewFile::Migration(m) => (m.path(&timestamps[m.kind]), render(m.tpl, ctx)),
            NewFile::SchemaVersion { kind, dir } => {
                let ts = &timestamps[*kind];
                let path = format!("{dir}/{ts}");
                // Compared with the file as read (normalised), written
                // without a final newline, as Rails writes it.
                let text = checkout.new_file_style(&path, &steps::schema_version_digest(ts));
                (path, text)
            }
            NewFile::Either { path, tpl, patch } => {
                let recorded = r
                    .recorded
                    .as_ref()
                    .is_some_and(|e| e.files.contains_key(path));
                match checkout.read(path)? {
                    Some(src) if !recorded => {
                        // A shared file then, with its own ownership record.
                        let own = ledger(path);
                        let t = Types {
                            own: &own,
                            ..*types
                        };
                        let after = steps::patch_shared(&src, &[*patch], &t, mode, ctx)?;
                        let (places, found) = own.finish();
                        let mut change = super::shared::shared_change(path, src, after);
                        change.found = found;
                        if !places.is_empty() {
                            claims.push((path.clone(), places));
                        }
                        patched.push(change);
                        continue;
                    }
                    // A new file is the skeleton with the patch applied, so
                    // both forms carry the same lines.
                    _ => {
                        let skeleton = render(*tpl, ctx);
                        let text =
                            steps::patch_shared(&skeleton, &[*patch], types, Mode::Add, ctx)?;
                        (path.clone(), text)
                    }
                }
            }
        };
        rendered.push((path, text));
    }
    // Generated migrations must fit PostgreSQL's 63-byte names, checked before
    // anything is written; one the user wrote by hand instead and keeps with
    // --skip is theirs.
    if mode == Mode::Add {
        for (path, text) in &rendered {
            if let Err(e) = identifiers::check(path, text, &r.names)
                && !(r.req.skip && matches!(checkout.read(path), Ok(Some(_))))
            {
                return Err(anyhow!(e));
            }
        }
    }
    for (path, text) in rendered {
        generate(path, text)?;
    }
    if let Some(module) = link.module(types, ctx)? {
        generate(link.path.clone(), module)?;
    }
    changes.extend(patched);
    // Recorded files this plan no longer generates: taken out when still as
    // written, kept (and still recorded) when edited by hand.
    for (path, h) in recorded.into_iter().flatten() {
        if changes.iter().any(|c| c.path == *path) {
            continue;
        }
        let Some(before) = checkout.read(path)? else {
            continue;
        };
        let ours = *h == manifest::hash(&before);
        let (after, status) = if ours || (r.req.force && manifest::written(h)) {
            (None, Status::Remove)
        } else {
            hashes.insert(path.clone(), h.clone());
            (Some(before.clone()), Status::Modified)
        };
        changes.push(FileChange {
            path: path.clone(),
            before: Some(before),
            after,
            wanted: None,
            origin: Origin::Generated,
            status,
            found: Vec::new(),
        });
    }
    Ok(Rendered {
        changes,
        hashes,
        claims,
    })
}

/// The change for one generated file: what it becomes and the hash to record.
fn generated_change(
    path: String,
    before: Option<String>,
    rendered: String,
    recorded_hash: Option<String>,
    mode: Mode,
    force: bool,
    skip: bool,
) -> (FileChange, Option<String>) {
    let recorded = recorded_hash.as_deref();
    let ours = |text: &str| recorded == Some(manifest::hash(text).as_str());
    let is_accepted = |text: &str| {
        recorded.and_then(manifest::accepted_hash) == Some(manifest::hash(text).as_str())
    };
    // Written by geo-scaffold (as written, edited, or accepted), as opposed
    // to kept or never recorded.
    let written = recorded.is_some_and(manifest::written);
    let (after, status, hash) = match (mode, &before) {
        (Mode::Add | Mode::Prune, None) => (
            Some(rendered.clone()),
            Status::Create,
            Some(manifest::hash(&rendered)),
        ),
        (Mode::Add | Mode::Prune, Some(b)) if *b == rendered => {
            // A file that stood before the scaffold stays someone else's.
            let h = if written {
                manifest::hash(b)
            } else {
                manifest::KEPT.to_string()
            };
            (before.clone(), Status::Identical, Some(h))
        }
        (Mode::Add | Mode::Prune, Some(b)) if ours(b) || force => (
            Some(rendered.clone()),
            Status::Update,
            Some(manifest::hash(&rendered)),
        ),
        (Mode::Add | Mode::Prune, Some(b)) if is_accepted(b) => {
            (before.clone(), Status::Accepted, recorded_hash.clone())
        }
        // Edited by hand, or recorded as kept: later runs, `check` and
        // `sync` keep it and report it, never as a conflict.
        (Mode::Add | Mode::Prune, Some(_)) if recorded.is_some() => {
            (before.clone(), Status::Modified, recorded_hash.clone())
        }
        (Mode::Add | Mode::Prune, Some(_)) if skip => (
            before.clone(),
            Status::Skip,
            Some(manifest::KEPT.to_string()),
        ),
        (Mode::Add | Mode::Prune, Some(_)) => (before.clone(), Status::Conflict, None),
        (Mode::Remove, None) => (None, Status::Identical, None),
        // Only what geo-scaffold wrote is taken out.
        (Mode::Remove, Some(_)) if !written => (before.clone(), Status::Skip, None),
        (Mode::Remove, Some(b)) if ours(b) || *b == rendered || force => {
            (None, Status::Remove, None)
        }
        (Mode::Remove, Some(_)) => (before.clone(), Status::Modified, None),
    };
    let wanted = (after.as_deref() != Some(rendered.as_str())).then_some(rendered);
    let change = FileChange {
        path,
        before,
        after,
        wanted,
        origin: Origin::Generated,
        status,
        found: Vec::new(),
    };
    (change, hash)
}
