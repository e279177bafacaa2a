//! Replicator strategies: the one place that says what each contributes.
//!
//! A strategy only picks template variants (replicator, its spec, the registry
//! migration); every other file and patch is shared, through the same pipeline.

use std::fmt;
use std::str::FromStr;

/// A Geo replicator strategy, matching GitLab's `Geo::*ReplicatorStrategy` modules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// `::Geo::BlobReplicatorStrategy`: files behind a CarrierWave uploader.
    Blob,
    /// `::Geo::RepositoryReplicatorStrategy`: Git repositories.
    Repository,
}

impl Strategy {
    pub const ALL: [Strategy; 2] = [Strategy::Blob, Strategy::Repository];

    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Blob => "blob",
            Strategy::Repository => "repository",
        }
    }

    /// What the strategy replicates, for messages.
    pub fn replicates(self) -> &'static str {
        match self {
            Strategy::Blob => "files",
            Strategy::Repository => "Git repositories",
        }
    }

    /// "`blob` (files) or `repository` (Git repositories)".
    fn choices() -> String {
        let all: Vec<String> = Strategy::ALL
            .iter()
            .map(|s| format!("`{}` ({})", s.as_str(), s.replicates()))
            .collect();
        all.join(" or ")
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Strategy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(found) = Strategy::ALL.iter().find(|k| k.as_str() == s) {
            return Ok(*found);
        }
        let choices = Strategy::choices();
        Err(match s {
            "database" => format!(
                "strategy `database` is not a replicator strategy: database rows reach secondaries through PostgreSQL streaming replication, so there is nothing to scaffold; use {choices}"
            ),
            "" => format!("empty strategy: use {choices}"),
            other => format!("unknown strategy `{other}`: use {choices}"),
        })
    }
}
