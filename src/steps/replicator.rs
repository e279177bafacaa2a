//! Step "Replicator": the replicator class and its spec, by strategy; and
//! reading an existing replicator's model.

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
    let (replicator, spec) = match ctx.strategy {
        Strategy::Blob => (Tpl::ReplicatorBlob, Tpl::ReplicatorSpecBlob),
        Strategy::Repository => (Tpl::ReplicatorRepository, Tpl::ReplicatorSpecRepository),
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
