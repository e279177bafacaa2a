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
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Strategy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "blob" => Ok(Strategy::Blob),
            "repository" => Ok(Strategy::Repository),
            "database" => Err("strategy `database` is not a replicator strategy: database rows reach secondaries through PostgreSQL streaming replication, so there is nothing to scaffold; use `blob` (files) or `repository` (Git repositories)".into()),
            "" => Err("empty strategy: use `--strategy blob` or `--strategy repository`".into()),
            other => Err(format!(
                "unknown strategy `{other}`: use `blob` (files) or `repository` (Git repositories)"
            )),
        }
    }
}
