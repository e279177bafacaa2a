//! The Plan: every file change one command makes, built in memory from reads
//! only. Apply, dry-run and check all consume the same Plan, so a dry run can
//! never disagree with the real run.
//!
//! [`build`] reads like the pipeline: resolve the request once, allocate the
//! migration timestamps, render the new files, patch the shared files,
//! record the type in the manifest.

mod generated;
pub mod next_steps;
mod resolve;
mod shared;

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Serialize;

use crate::checkout::{Checkout, ModelFiles};
use crate::manifest::{self, Entry, Manifest};
use crate::names::{NameInput, Names};
use crate::patch::{Mode, Types};
use crate::steps::{self, NewFile, replicator_list};
use crate::strategy::{Inferred, Strategy};
use crate::timestamp;

pub use resolve::{DEFAULT_FEATURE_FLAG, Resolved};

/// Checked settings for one scaffold (from the command line or the manifest).
#[derive(Debug, Clone, Default)]
pub struct Scaffold {
    pub input: NameInput,
    pub strategy: Option<Strategy>,
    pub feature_flag: Option<String>,
    pub model_path: Option<String>,
    pub timestamp: Option<String>,
    /// Overwrite generated files that exist with other content.
    pub force: bool,
    /// Keep generated files that exist with other content.
    pub skip: bool,
}

/// What a change does to its file (and, for `check`, what is wrong with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Create,
    Update,
    Identical,
    Remove,
    /// A generated file edited by hand: kept as it is.
    Modified,
    /// A generated file that exists, is not ours, and would be overwritten.
    Conflict,
    /// Kept because of `--skip`.
    Skip,
    /// `check`: a generated file or a shared-file entry is not there.
    Missing,
    /// `check`: a replicator that neither the manifest nor the replicator
    /// list accounts for.
    Unrecorded,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Create => "create",
            Status::Update => "update",
            Status::Identical => "identical",
            Status::Remove => "remove",
            Status::Modified => "modified",
            Status::Conflict => "conflict",
            Status::Skip => "skip",
            Status::Missing => "missing",
            Status::Unrecorded => "unrecorded",
        }
    }
}

/// Where a change comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A file rendered from a template.
    Generated,
    /// An existing GitLab file patched in place.
    Shared,
    /// `geo-scaffold.toml`.
    Manifest,
}

/// One file's change.
#[derive(Debug, Clone)]
pub struct FileChange {
    pub path: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// What the templates render, when it differs from `after` (kept files).
    pub wanted: Option<String>,
    pub origin: Origin,
    pub status: Status,
}

impl FileChange {
    pub fn changes_disk(&self) -> bool {
        self.before != self.after
    }
}

/// Every change of one command, the manifest's last.
#[derive(Debug)]
pub struct Plan {
    pub names: Names,
    pub entry: Entry,
    pub model: ModelFiles,
    /// The strategy read from the model, when `--strategy` was left out.
    pub inferred: Option<Inferred>,
    pub changes: Vec<FileChange>,
}

/// Reads the manifest, if any.
pub fn read_manifest(checkout: &Checkout) -> Result<(Option<String>, Manifest)> {
    let text = checkout.read(manifest::PATH)?;
    let m = match &text {
        Some(t) => Manifest::parse(t)?,
        None => Manifest::empty(),
    };
    Ok((text, m))
}

/// Builds the plan that adds (or removes) one type.
pub fn build(
    checkout: &Checkout,
    manifest_text: Option<&str>,
    manifest: &Manifest,
    req: &Scaffold,
    mode: Mode,
) -> Result<Plan> {
    let r = resolve::resolve(checkout, manifest, req, mode)?;
    let new_files = steps::new_files(&r.names, r.strategy);
    let timestamps = allocate_timestamps(checkout, &r, &new_files)?;
    let geo_lib = checkout.read_required(replicator_list::PATH)?;
    let others = replicator_list::existing_types(checkout, &geo_lib, manifest, &r.names.name)?;
    let types = Types {
        new: &r.names,
        others: &others,
    };
    let link = steps::model_link::Link::read(checkout, &r)?;
    let ctx = r.context(r.scopes_added(&link.src));
    let (mut changes, files) = generated::render_files(
        checkout,
        &r,
        &new_files,
        &timestamps,
        &link,
        &types,
        &ctx,
        mode,
    )?;
    changes.extend(shared::patch_files(
        checkout, &r, geo_lib, &link, &types, &ctx, mode, &changes,
    )?);
    let entry = record(&r, ctx.scopes_added, timestamps, files);
    changes.push(manifest_change(manifest_text, manifest, &entry, mode)?);
    Ok(Plan {
        names: r.names,
        entry,
        model: r.model,
        inferred: r.inferred,
        changes,
    })
}

/// Migration timestamps, by kind: the file on disk, else the record, else
/// new ones from `--timestamp` (or now), one second apart, skipping any
/// already taken in their directory.
fn allocate_timestamps(
    checkout: &Checkout,
    r: &Resolved,
    new_files: &[NewFile],
) -> Result<BTreeMap<String, String>> {
    let mut ts = BTreeMap::new();
    let base = match &r.req.timestamp {
        Some(t) => timestamp::parse(t)?,
        None => timestamp::parse(&timestamp::now())?,
    };
    let mut next = base;
    for m in new_files.iter().filter_map(|f| match f {
        NewFile::Migration(m) => Some(m),
        NewFile::At { .. } => None,
    }) {
        let recorded_ts = r
            .recorded
            .as_ref()
            .and_then(|e| e.migrations.get(m.kind).cloned());
        // A recorded migration still in place needs no directory listing
        // (db/migrate holds thousands of files in a real checkout).
        let in_place = recorded_ts
            .clone()
            .filter(|t| checkout.abs(&m.path(t)).is_file());
        let found = match in_place {
            Some(t) => Some(t),
            None => checkout.find_migration(m.dir, &m.suffix)?,
        };
        let t = match found.or(recorded_ts) {
            Some(t) => t,
            None => {
                let used = checkout.migration_timestamps(m.dir)?;
                let taken: Vec<&String> = ts.values().collect();
                while used.contains(&timestamp::format(next))
                    || taken.contains(&&timestamp::format(next))
                {
                    next += 1;
                }
                let t = timestamp::format(next);
                next += 1;
                t
            }
        };
        ts.insert(m.kind.to_string(), t);
    }
    Ok(ts)
}

/// The manifest entry that records this type as scaffolded.
fn record(
    r: &Resolved,
    scopes_added: bool,
    migrations: BTreeMap<String, String>,
    files: BTreeMap<String, String>,
) -> Entry {
    Entry {
        name: r.names.name.clone(),
        strategy: r.strategy,
        model: r.names.model_class.clone(),
        plural: r.names.plural.clone(),
        label: r.names.label.clone(),
        feature_flag: r.feature_flag.clone(),
        model_path: r.req.model_path.clone(),
        scopes_added,
        migrations,
        files,
    }
}

/// The manifest with the type recorded (or, on removal, taken out).
fn manifest_change(
    manifest_text: Option<&str>,
    manifest: &Manifest,
    entry: &Entry,
    mode: Mode,
) -> Result<FileChange> {
    let mut m = manifest.clone();
    match mode {
        Mode::Add => m.upsert(entry),
        Mode::Remove => m.remove(&entry.name)?,
    }
    let rendered = m.render();
    // A manifest left with nothing but what geo-scaffold wrote goes away.
    let after = (!(mode == Mode::Remove && m.names().is_empty() && rendered.trim().is_empty()))
        .then_some(rendered);
    let status = match (manifest_text, &after) {
        (None, _) => Status::Create,
        (Some(_), None) => Status::Remove,
        (Some(b), Some(a)) if b == a => Status::Identical,
        (Some(_), Some(_)) => Status::Update,
    };
    Ok(FileChange {
        path: manifest::PATH.to_string(),
        before: manifest_text.map(str::to_string),
        after,
        wanted: None,
        origin: Origin::Manifest,
        status,
    })
}

/// The settings recorded for a type, as a scaffold request.
pub fn from_entry(e: &Entry) -> Scaffold {
    Scaffold {
        input: NameInput {
            name: Some(e.name.clone()),
            model: Some(e.model.clone()),
            plural: Some(e.plural.clone()),
            label: Some(e.label.clone()),
            table: None,
        },
        strategy: Some(e.strategy),
        feature_flag: Some(e.feature_flag.clone()),
        model_path: e.model_path.clone(),
        timestamp: None,
        force: false,
        skip: false,
    }
}
