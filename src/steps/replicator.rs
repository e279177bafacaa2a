//! Step "Replicator": the replicator class and its spec, by strategy (and,
//! where registries are verified, the verifiable replicator's shape, with
//! its verification gate); the per-type flag's `replication_enabled_by_default?`
//! override where the tree gates types one by one; and reading an existing
//! replicator's model.

use super::{NewFile, Step};
use crate::render::{Context, Tpl};
use crate::strategy::Strategy;

pub const STEP: Step = Step {
    name: "replicator",
    applies: super::always,
    files,
    patches: &[],
};

fn files(ctx: &Context) -> Vec<NewFile> {
    let n = ctx.n;
    // Where registries are verified, the replicator is too (13.11+): it
    // declares how verification is gated, next to the model.
    let verifiable = ctx.conventions().verifiable_registry;
    let (replicator, spec) = match (ctx.strategy, verifiable) {
        _ if super::concern_framework(ctx.probes) => {
            (Tpl::ReplicatorStates, Tpl::ReplicatorSpecStates)
        }
        (Strategy::Blob, false) => (Tpl::ReplicatorBlob, Tpl::ReplicatorSpecBlob),
        (Strategy::Blob, true) => (Tpl::ReplicatorVerifiableBlob, Tpl::ReplicatorSpecBlob),
        (Strategy::Repository, false) => (Tpl::ReplicatorRepository, Tpl::ReplicatorSpecRepository),
        (Strategy::Repository, true) => (
            Tpl::ReplicatorVerifiableRepository,
            Tpl::ReplicatorSpecRepository,
        ),
    };
    vec![
        NewFile::At {
            path: path(&n.name),
            tpl: replicator,
        },
        NewFile::At {
            path: format!("ee/spec/replicators/geo/{}_replicator_spec.rb", n.name),
            tpl: spec,
        },
    ]
}

/// Where the replicator of type `name` lives.
pub fn path(name: &str) -> String {
    format!("ee/app/replicators/geo/{name}_replicator.rb")
}

/// The model class a replicator file names in `def self.model`.
pub fn model_of(src: &str) -> Option<String> {
    let after = &src[src.find("def self.model")?..];
    let body = after.lines().nth(1)?.trim().trim_start_matches("::");
    (!body.is_empty() && body.chars().all(|c| c.is_ascii_alphanumeric() || c == ':'))
        .then(|| body.to_string())
}
