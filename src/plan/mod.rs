//! The Plan: every file change one command makes, built in memory from reads
//! only. Apply, dry-run and check all consume the same Plan, so a dry run can
//! never disagree with the real run.
//!
//! [`build`] reads like the pipeline: resolve the request once, allocate the
//! migration timestamps, render the new files, patch the shared files,
//! record the type in the manifest.

mod existing;
pub mod facts;
mod generated;
pub mod next_steps;
mod resolve;
mod shared;

use std::cell::OnceCell;
use std::collections::BTreeMap;

use anyhow::{Result, anyhow};
use serde::Serialize;

use crate::checkout::{Checkout, ModelFiles};
use crate::manifest::{self, Entry, Manifest};
use crate::names::{NameInput, Names};
use crate::patch::own::{Found, Ledger, Recorded, What};
use crate::patch::{Mode, Types};
use crate::probe::{Probes, VerificationTable};
use crate::render::Context;
use crate::steps::model_link::Additions;
use crate::steps::{self, NewFile, model_factory, replicator_list};
use crate::strategy::{Inferred, Strategy};
use crate::timestamp;

pub use facts::{Facts, model_path, strategy_of, titleize};
pub use resolve::{
    DEFAULT_FEATURE_FLAG, Resolved, default_feature_flag, default_verification_table,
};

/// Checked settings for one scaffold (from the command line or the manifest).
#[derive(Debug, Clone, Default)]
pub struct Scaffold {
    pub input: NameInput,
    pub strategy: Option<Strategy>,
    pub feature_flag: Option<String>,
    pub model_path: Option<String>,
    /// `--verification-table`: where the primary's verification state goes.
    pub verification_table: Option<VerificationTable>,
    pub timestamp: Option<String>,
    /// `--milestone` (default: the tree's, see `probe::Probes::milestone`).
    pub milestone: Option<String>,
    /// `--sharding-key`: the states table's sharding key column.
    pub sharding_key: Option<String>,
    /// Overwrite generated files that exist with other content.
    pub force: bool,
    /// Keep generated files that exist with other content.
    pub skip: bool,
    /// `geo-scaffold accept`: the files whose entries are recorded as they
    /// stand instead of being restored.
    pub accept: Accept,
}

/// Which files `geo-scaffold accept` records as they stand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Accept {
    #[default]
    Nothing,
    /// Every file of the type.
    All,
    Paths(Vec<String>),
}

impl Accept {
    pub fn covers(&self, path: &str) -> bool {
        match self {
            Accept::Nothing => false,
            Accept::All => true,
            Accept::Paths(p) => p.iter().any(|x| x == path),
        }
    }
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
    /// A generated file edited by hand and recorded so with
    /// `geo-scaffold accept`: kept, and `check --strict` passes.
    Accepted,
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
            Status::Accepted => "accepted",
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
    /// What the patchers noticed about the type's entries (shared files).
    pub found: Vec<Found>,
}

impl FileChange {
    pub fn changes_disk(&self) -> bool {
        self.before != self.after
    }
}

/// Every change of one command (the manifest's last, once recorded).
#[derive(Debug)]
pub struct Plan {
    pub names: Names,
    pub entry: Entry,
    pub model: ModelFiles,
    /// The strategy read from the model, when `--strategy` was left out.
    pub inferred: Option<Inferred>,
    pub changes: Vec<FileChange>,
    pub mode: Mode,
    /// What the model has and got beyond the link (for the next steps).
    pub additions: Additions,
    /// The tree's framework, as probed.
    pub probes: Probes,
    /// What the plan read about the type.
    pub facts: Facts,
}

/// What a plan reads before knowing the type: the manifest (text and
/// document) and, once asked, the framework types the tree already lists.
/// `check` builds many plans over one `Known`, so these are read once.
pub struct Known {
    pub manifest_text: Option<String>,
    pub manifest: Manifest,
    pub probes: Probes,
    wired: OnceCell<(String, Vec<Names>)>,
}

impl Known {
    /// Reads the manifest, if any.
    pub fn read(checkout: &Checkout) -> Result<Known> {
        let manifest_text = checkout.read(manifest::PATH)?;
        let manifest = match &manifest_text {
            Some(t) => Manifest::parse(t)?,
            None => Manifest::empty(),
        };
        Ok(Known {
            manifest_text,
            manifest,
            probes: Probes::read(checkout)?,
            wired: OnceCell::new(),
        })
    }

    /// `ee/lib/gitlab/geo.rb` and every framework type it lists.
    fn wired(&self, checkout: &Checkout) -> Result<&(String, Vec<Names>)> {
        if let Some(w) = self.wired.get() {
            return Ok(w);
        }
        let geo_lib = checkout.read_required(replicator_list::PATH)?;
        let types = replicator_list::existing_types(checkout, &geo_lib, &self.manifest)?;
        Ok(self.wired.get_or_init(|| (geo_lib, types)))
    }
}

/// Builds the plan that adds (or removes) one type: every file change but
/// the manifest's (see [`Plan::record`]).
pub fn build(checkout: &Checkout, known: &Known, req: &Scaffold, mode: Mode) -> Result<Plan> {
    // Where the tree names types after the whole class path, a name left to
    // derive from `--model` is that path (`Packages::Helm::MetadataCache` ->
    // `packages_helm_metadata_cache`).
    let named;
    let req = match (&req.input.name, &req.input.model) {
        (None, Some(model)) if known.probes.full_path_names.value => {
            let mut r = req.clone();
            r.input.name = Some(model_path(model.trim_start_matches("::")).replace('/', "_"));
            named = r;
            &named
        }
        _ => req,
    };
    let r = resolve::resolve(checkout, &known.manifest, &known.probes, req, mode)?;
    let running = steps::running(&known.probes).map_err(|(step, why)| {
        anyhow!(
            "this tree needs a variant of step \"{step}\" that geo-scaffold does not have yet: {why}; run `geo-scaffold doctor` to see every finding"
        )
    })?;
    let (geo_lib, wired) = known.wired(checkout)?;
    let others: Vec<Names> = wired
        .iter()
        .filter(|n| n.name != r.names.name)
        .cloned()
        .collect();
    let scratch = Ledger::scratch();
    let types = Types {
        new: &r.names,
        others: &others,
        own: &scratch,
    };
    let facts = Facts::read(checkout, &known.probes, &r, &others)?;
    let link = steps::model_link::Link::read(checkout, &r)?;
    let recorded = &r.recorded;
    let ledger = |path: &str| {
        let rec = match recorded {
            None => Recorded::Fresh,
            Some(e) => match &e.inserted {
                None => Recorded::Legacy,
                Some(m) => Recorded::Claims(m.get(path).cloned().unwrap_or_default()),
            },
        };
        Ledger::new(rec, req.accept.covers(path))
    };
    let factory_step = running.iter().any(|s| s.name == model_factory::STEP.name);
    let additions = Additions::read(
        checkout,
        &r,
        &link,
        &known.probes,
        &others,
        factory_step,
        &ledger,
    )?;
    // Where the framework's concern defines the checksum scopes, the model
    // never gets (nor loses) them.
    let scopes_added = r.scopes_added(&link.src) && !known.probes.concern_scopes.value;
    let no_timestamps = BTreeMap::new();
    let ctx = r.context(
        &known.probes,
        scopes_added,
        &additions,
        &no_timestamps,
        &facts,
    );
    let new_files = steps::new_files(&running, &ctx);
    let timestamps = allocate_timestamps(checkout, &r, &new_files)?;
    // Templates may name another migration of the type (by its timestamp).
    let ctx = Context {
        timestamps: &timestamps,
        ..ctx
    };
    let rendered = generated::render_files(
        checkout,
        &r,
        &new_files,
        &timestamps,
        &link,
        &types,
        &ctx,
        mode,
        &ledger,
    )?;
    let mut changes = rendered.changes;
    let mut inserted: BTreeMap<String, _> = rendered.claims.into_iter().collect();
    let shared = shared::patch_files(
        checkout,
        &running,
        &r,
        geo_lib.clone(),
        &link,
        &types,
        &ctx,
        mode,
        &changes,
        &ledger,
    )?;
    for (change, claims) in shared {
        if !claims.is_empty() {
            inserted.insert(change.path.clone(), claims);
        }
        changes.push(change);
    }
    // Files the type recorded lines in that this plan no longer patches
    // (the model changed): the recorded lines go.
    if let Some(rec) = r.recorded.as_ref().and_then(|e| e.inserted.as_ref()) {
        for (path, places) in rec {
            if changes.iter().any(|c| c.path == *path) || !path.ends_with(".rb") {
                continue;
            }
            let Some(src) = checkout.read(path)? else {
                continue;
            };
            let after = steps::model_link::unlink(&src, path, places)?;
            let mut change = shared::shared_change(path, src, after);
            change.found = places
                .iter()
                .flat_map(|(place, keys)| {
                    keys.keys().map(|k| Found {
                        place: place.clone(),
                        key: k.clone(),
                        what: What::Orphan,
                    })
                })
                .collect();
            changes.push(change);
        }
    }
    if r.recorded.is_none() && mode == Mode::Add {
        existing::refuse(&r.names, &changes)?;
    }
    let mut entry = record(&r, ctx.scopes_added, timestamps, rendered.hashes);
    entry.inserted = Some(inserted);
    // Recorded where the concern framework's link uses it (older
    // generations find their prepend line by content).
    entry.prepend_added =
        link.creates_module && steps::concern_framework(&known.probes) && facts.prepend_added;
    Ok(Plan {
        names: r.names,
        entry,
        model: r.model,
        inferred: r.inferred,
        changes,
        mode,
        additions,
        probes: known.probes.clone(),
        facts,
    })
}

impl Plan {
    /// Adds the manifest's change: the type recorded (or, on removal, taken
    /// out). Commands that write call it; `check` compares without it.
    pub fn record(&mut self, known: &Known) -> Result<()> {
        let change = manifest_change(
            known.manifest_text.as_deref(),
            &known.manifest,
            &self.entry,
            self.mode,
        )?;
        self.changes.push(change);
        Ok(())
    }
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
        Some(t) => timestamp::parse_new(t)?,
        None => timestamp::parse(&timestamp::now())?,
    };
    let mut next = base;
    for m in new_files.iter().filter_map(|f| match f {
        NewFile::Migration(m) => Some(m),
        _ => None,
    }) {
        // A recorded timestamp whose file is named after what changed (the
        // table) is not reused: the migration is replaced by a new one, so
        // that `db:migrate` runs it where the old one already ran.
        let renamed = |t: &String| {
            let prefix = format!("{}/{t}_", m.dir);
            r.recorded.as_ref().is_some_and(|e| {
                e.files
                    .keys()
                    .any(|f| f.starts_with(&prefix) && *f != m.path(t))
            })
        };
        let recorded_ts = r
            .recorded
            .as_ref()
            .and_then(|e| e.migrations.get(m.kind).cloned())
            .filter(|t| !renamed(t));
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
        verification_table: r.verification_table,
        milestone: r.req.milestone.clone(),
        sharding_key: r.req.sharding_key.clone(),
        scopes_added,
        prepend_added: false,
        migrations,
        files,
        inserted: None,
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
        Mode::Add | Mode::Prune => m.upsert(entry),
        Mode::Remove => m.remove(&entry.name)?,
    }
    let rendered = m.render();
    // A manifest left with nothing but what geo-scaffold wrote goes away.
    let after = (!(mode == Mode::Remove && m.is_bare())).then_some(rendered);
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
        found: Vec::new(),
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
        verification_table: e.verification_table,
        timestamp: None,
        milestone: e.milestone.clone(),
        sharding_key: e.sharding_key.clone(),
        force: false,
        skip: false,
        accept: Accept::Nothing,
    }
}
