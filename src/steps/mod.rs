//! The steps of wiring a replicable type into GitLab's Geo framework, one
//! module each, in the order of the framework's step list. A step owns what
//! it creates (its templates and their paths) and what it patches in shared
//! GitLab files (the anchors and the entries), so a variant of a step for
//! another GitLab generation has one home.
//!
//! The plan (`crate::plan`) walks [`STEPS`]: new files in step order, then
//! the patches of each shared file in step order, then the model link.

pub mod api_doc;
pub mod graphql;
pub mod json_schema;
pub mod metrics_doc;
pub mod model_link;
pub mod registry;
pub mod replicator;
pub mod replicator_list;
pub mod status;
pub mod verification;

use anyhow::Result;

use serde::Serialize;

use crate::patch::{Mode, Types};
use crate::probe::Probes;
use crate::render::{Context, Tpl};

/// A file a step creates from a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewFile {
    /// A file at a fixed path.
    At { path: String, tpl: Tpl },
    /// A migration: `<dir>/<timestamp>_<suffix>.rb`, its timestamp found on
    /// disk, in the manifest (under `kind`) or allocated.
    Migration(Migration),
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
    registry::STEP,
    replicator_list::STEP,
    verification::STEP,
    status::STEP,
    json_schema::STEP,
    metrics_doc::STEP,
    api_doc::STEP,
    graphql::STEP,
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
