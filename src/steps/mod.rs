//! The steps of wiring a replicable type into GitLab's Geo framework, one
//! module each, in the order of the framework's step list. A step owns what
//! it creates (its templates and their paths) and what it patches in shared
//! GitLab files (the anchors and the entries), so a variant of a step for
//! another GitLab generation has one home.
//!
//! The plan (`crate::plan`) walks [`STEPS`]: new files in step order, then
//! the patches of each shared file in step order, then the model link.

pub mod api_doc;
pub mod feature_flag;
pub mod graphql;
pub mod inflections;
pub mod json_schema;
pub mod metrics_doc;
pub mod model_factory;
pub mod model_link;
pub mod registry;
pub mod registry_consistency;
pub mod registry_types;
pub mod replicator;
pub mod replicator_list;
pub mod status;
pub mod status_table;
pub mod verification;

use anyhow::Result;

use serde::Serialize;

use crate::patch::{Mode, Types};
use crate::probe::Probes;
use crate::render::{Context, Tpl};

/// A file a step creates from a template.
#[derive(Clone, Debug)]
pub enum NewFile {
    /// A file at a fixed path.
    At { path: String, tpl: Tpl },
    /// A migration: `<dir>/<timestamp>_<suffix>.rb`, its timestamp found on
    /// disk, in the manifest (under `kind`) or allocated.
    Migration(Migration),
    /// `<dir>/<timestamp>` holding the SHA-256 of the timestamp of the
    /// migration recorded under `kind` (`db/schema_migrations/`, 14.x+).
    SchemaVersion {
        kind: &'static str,
        dir: &'static str,
    },
    /// A file created from `tpl` when it does not exist (or is recorded as
    /// generated), else patched in place by `patch` (an EE module or spec
    /// that some models already have).
    Either {
        path: String,
        tpl: Tpl,
        patch: PatchFn,
    },
}

/// Two new files are the same file made the same way (a patch function is
/// compared by the path it patches).
impl PartialEq for NewFile {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (NewFile::At { path: a, tpl: x }, NewFile::At { path: b, tpl: y }) => a == b && x == y,
            (NewFile::Migration(a), NewFile::Migration(b)) => a == b,
            (
                NewFile::SchemaVersion { kind: a, dir: x },
                NewFile::SchemaVersion { kind: b, dir: y },
            ) => a == b && x == y,
            (
                NewFile::Either {
                    path: a, tpl: x, ..
                },
                NewFile::Either {
                    path: b, tpl: y, ..
                },
            ) => a == b && x == y,
            _ => false,
        }
    }
}

/// What `schema_migrations/<timestamp>` holds: the hex SHA-256 of the
/// timestamp, without a newline (as `rails db:migrate` writes it).
pub fn schema_version_digest(timestamp: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(timestamp.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A migration a step creates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The manifest key of its timestamp (`create_registry`).
    pub kind: &'static str,
    pub dir: &'static str,
    /// The file name after the timestamp, without `.rb`.
    pub suffix: String,
    pub tpl: Tpl,
}

impl Migration {
    pub fn path(&self, timestamp: &str) -> String {
        format!("{}/{timestamp}_{}.rb", self.dir, self.suffix)
    }
}

/// Adds (or removes) one type's entries in one shared file's source.
pub type PatchFn = fn(&str, &Types, Mode, &Context) -> Result<String>;

/// A shared GitLab file a step patches, and how.
pub struct Patch {
    pub path: &'static str,
    pub apply: PatchFn,
}

/// One step of the framework's list.
pub struct Step {
    /// What the README's step table calls it.
    pub name: &'static str,
    /// Whether the step applies to this tree, and if the tool knows its variant.
    pub applies: fn(&Probes) -> Applies,
    /// The files it creates for a type (the context carries its names,
    /// strategy, options and the tree's probes).
    pub files: fn(&Context) -> Vec<NewFile>,
    /// The shared files it patches, in order.
    pub patches: &'static [Patch],
}

/// A step's verdict on a tree, from the probes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", content = "why", rename_all = "snake_case")]
pub enum Applies {
    Run,
    /// The tree does not need the step (say why).
    Skip(String),
    /// The tree needs a variant of the step the tool does not have.
    Unsupported(String),
}

/// The framework whose models include `::Geo::ReplicableModel` and
/// `::Geo::VerifiableModel` (15.x+): its per-type files have the shapes of
/// the `*.states.*` templates (spec metadata, titles, registry naming and
/// migration style then follow their own probes).
pub fn concern_framework(p: &Probes) -> bool {
    p.replicable_model.value == crate::probe::ReplicableModel::Concern
}

/// Steps that apply to every tree.
pub fn always(_: &Probes) -> Applies {
    Applies::Run
}

/// The steps that run on a tree, or the first one the tool cannot do there.
pub fn running(probes: &Probes) -> Result<Vec<&'static Step>, (&'static str, String)> {
    let mut out = Vec::new();
    for step in STEPS.iter().chain(std::iter::once(&model_link::STEP)) {
        match (step.applies)(probes) {
            Applies::Run => out.push(step),
            Applies::Skip(_) => {}
            Applies::Unsupported(why) => return Err((step.name, why)),
        }
    }
    Ok(out)
}

/// No new files.
pub fn no_files(_: &Context) -> Vec<NewFile> {
    Vec::new()
}

/// Every step, in the framework's order. (The model link's file depends on
/// the type; see [`model_link`].)
pub const STEPS: &[Step] = &[
    replicator::STEP,
    feature_flag::STEP,
    registry::STEP,
    replicator_list::STEP,
    registry_consistency::WORKER_STEP,
    registry_consistency::SERVICE_SPEC_STEP,
    registry_consistency::WORKER_SPEC_STEP,
    inflections::STEP,
    verification::STEP,
    status::STEP,
    model_factory::STEP,
    status_table::STEP,
    json_schema::STEP,
    json_schema::SITE_STEP,
    metrics_doc::STEP,
    api_doc::STEP,
    api_doc::SITES_STEP,
    graphql::STEP,
    registry_types::UNION_STEP,
    registry_types::SPECS_STEP,
    registry_types::SCHEMA_LISTS_STEP,
    model_link::HELPER_STEP,
];

/// Every new file of the running steps, in step order.
pub fn new_files(running: &[&Step], ctx: &Context) -> Vec<NewFile> {
    running.iter().flat_map(|s| (s.files)(ctx)).collect()
}

/// Every shared file the running steps patch, each with its patches in step
/// order, in the order the steps first reach them.
pub fn shared_files(running: &[&Step]) -> Vec<(&'static str, Vec<PatchFn>)> {
    let mut out: Vec<(&'static str, Vec<PatchFn>)> = Vec::new();
    for p in running.iter().flat_map(|s| s.patches) {
        match out.iter_mut().find(|(path, _)| *path == p.path) {
            Some((_, fns)) => fns.push(p.apply),
            None => out.push((p.path, vec![p.apply])),
        }
    }
    out
}

/// The index in `types.others` of the reference type of the new type's
/// strategy (see [`crate::plan::Facts::reference`]), whose groups new ones
/// copy where the tree has it.
pub fn reference_index(types: &Types, ctx: &Context) -> Option<usize> {
    let name = ctx.facts.reference.as_deref()?;
    types.others.iter().position(|n| n.name == name)
}

/// Runs a shared file's patches one after the other. When adding finds
/// entries of the type that must be rendered again (changed by hand, stale
/// after an option changed, or no longer rendered), it starts over: every
/// patch first takes those out ([`Mode::Prune`]), then every patch inserts
/// what is missing, so each is replaced in its place. (Most runs find none,
/// and patch the file once.)
pub fn patch_shared(
    src: &str,
    patches: &[PatchFn],
    types: &Types,
    mode: Mode,
    ctx: &Context,
) -> Result<String> {
    let run = |passes: &[Mode]| -> Result<String> {
        let mut text = src.to_string();
        for &pass in passes {
            for p in patches {
                text = p(&text, types, pass, ctx)?;
            }
        }
        Ok(text)
    };
    if mode != Mode::Add {
        return run(&[mode]);
    }
    let text = run(&[Mode::Add])?;
    if !types.own.must_render_again() {
        return Ok(text);
    }
    types.own.restart();
    run(&[Mode::Prune, Mode::Add])
}
