//! Rendering the new files of every step, and deciding what happens to each
//! against what is on disk and what the manifest recorded.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow};

use super::{FileChange, Origin, Resolved, Status};
use crate::checkout::Checkout;
use crate::identifiers;
use crate::manifest;
use crate::patch::{Mode, Types};
use crate::render::{Context, render};
use crate::steps::model_link::Link;
use crate::steps::{self, NewFile};

/// The hash recorded for a generated file the user kept with `--skip`.
const KEPT: &str = "kept";

/// The changes for every new file (the EE module last, when generated) and
/// the hashes to record for them.
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
) -> Result<(Vec<FileChange>, BTreeMap<String, String>)> {
    let mut changes = Vec::new();
    let mut hashes = BTreeMap::new();
    let mut generate = |path: String, rendered: String| -> Result<()> {
        let before = checkout.read(&path)?;
        let recorded_hash = r
            .recorded
            .as_ref()
            .and_then(|e| e.files.get(&path).cloned());
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
                        let after = steps::patch_shared(&src, &[*patch], types, mode, ctx)?;
                        patched.push(super::shared::shared_change(path, src, after));
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
    Ok((changes, hashes))
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
    let ours = |text: &str| recorded_hash.as_deref() == Some(manifest::hash(text).as_str());
    let (after, status, hash) = match (mode, &before) {
        (Mode::Add, None) => (
            Some(rendered.clone()),
            Status::Create,
            Some(manifest::hash(&rendered)),
        ),
        (Mode::Add, Some(b)) if *b == rendered => {
            (before.clone(), Status::Identical, Some(manifest::hash(b)))
        }
        (Mode::Add, Some(b)) if ours(b) || force => (
            Some(rendered.clone()),
            Status::Update,
            Some(manifest::hash(&rendered)),
        ),
        (Mode::Add, Some(_)) if recorded_hash.is_some() => {
            (before.clone(), Status::Modified, recorded_hash.clone())
        }
        // Recorded as kept: later runs, `check` and `sync` treat it as
        // edited by hand (kept, reported), never as a conflict.
        (Mode::Add, Some(_)) if skip => (before.clone(), Status::Skip, Some(KEPT.to_string())),
        (Mode::Add, Some(_)) => (before.clone(), Status::Conflict, None),
        (Mode::Remove, None) => (None, Status::Identical, None),
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
    };
    (change, hash)
}
