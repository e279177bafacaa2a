//! Command-line arguments (clap derive only); turned into checked settings by
//! [`Cli::scaffold`] before anything else sees them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::names::NameInput;
use crate::plan::Scaffold;
use crate::probe::VerificationTable;
use crate::strategy::Strategy;

/// Wire a new replicable type into GitLab Geo's self-service framework.
///
/// `geo-scaffold widget --strategy blob` renders the replicator, registry,
/// migrations, finder, GraphQL types and specs, and patches every shared file
/// (GeoNodeStatus, docs, JSON schema, GraphQL node type, spec lists, model).
#[derive(Debug, Parser)]
#[command(name = "geo-scaffold", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub scaffold: ScaffoldArgs,

    #[command(flatten)]
    pub global: Global,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Root of the GitLab checkout.
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Status lines and diffs, as Rails generators print them.
    Text,
    /// One JSON document (its shape is in the README).
    Json,
    /// `check` only: JUnit XML for GitLab's `artifacts:reports:junit`.
    Junit,
    /// `check` only: Code Quality JSON for GitLab's `artifacts:reports:codequality`.
    Codequality,
}

#[derive(Debug, Args, Default)]
pub struct ScaffoldArgs {
    /// Replicable name: `widget`, `PackageFile` (derived from --model when left out).
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// Replicator strategy: `blob` (files) or `repository` (Git repositories).
    #[arg(long, value_name = "STRATEGY")]
    pub strategy: Option<String>,

    /// The model class, when it is namespaced or named differently (`Terraform::State`).
    #[arg(long, value_name = "CLASS")]
    pub model: Option<String>,

    /// The model's file, relative to the root, when it is not where Rails expects it.
    #[arg(long, value_name = "PATH")]
    pub model_path: Option<String>,

    /// Plural of the name, when ActiveSupport's rules get it wrong.
    #[arg(long, value_name = "PLURAL")]
    pub plural: Option<String>,

    /// Human plural used in descriptions (default: the plural, in words).
    #[arg(long, value_name = "WORDS")]
    pub label: Option<String>,

    /// Feature flag guarding the GraphQL field [default: the type's own
    /// `geo_<name>_replication` where the tree gates types one by one, else
    /// geo_self_service_framework].
    #[arg(long, value_name = "FLAG")]
    pub feature_flag: Option<String>,

    /// Where the primary's verification state goes, on trees with
    /// `Gitlab::Geo::VerificationState`: `model` (columns on the model's
    /// table) or `states` (a separate `<name>_states` table) [default: as
    /// the last verifiable type of the same strategy does].
    #[arg(long, value_name = "TABLE")]
    pub verification_table: Option<String>,

    /// Migration timestamp (UTC, YYYYMMDDHHMMSS) for new migrations [default: now].
    #[arg(long, value_name = "TS")]
    pub timestamp: Option<String>,

    /// Milestone written into migrations, flags and dictionaries (`18.10`)
    /// [default: MAJOR.MINOR of the tree's VERSION, else its newest migration's].
    #[arg(long, value_name = "MAJOR.MINOR")]
    pub milestone: Option<String>,

    /// Sharding key column of the verification states table (`project_id`),
    /// in trees whose states tables have one [default: `project_id` when the
    /// model belongs to a project].
    #[arg(long, value_name = "COLUMN")]
    pub sharding_key: Option<String>,

    #[command(flatten)]
    pub mode: WriteMode,
}

#[derive(Debug, Args, Default)]
#[group(multiple = false)]
pub struct WriteMode {
    /// Show every change as a diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Overwrite generated files that exist with other content.
    #[arg(long)]
    pub force: bool,

    /// Keep generated files that exist with other content and go on.
    #[arg(long)]
    pub skip: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// CI: exit 1 when generated code for a recorded type is missing or stale.
    Check {
        /// Also fail on hand-edited generated files and unrecorded replicators.
        #[arg(long)]
        strict: bool,
    },
    /// Re-render every recorded type; hand-edited files are left alone.
    Sync {
        /// Show the diffs and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Show what the tool finds in this tree: the framework's generation,
    /// which steps run or are skipped and why, the reference type, problems.
    Doctor,
    /// Record hand edits as the new baseline: generated files as they are
    /// now, and the type's entries in a shared file as they stand, so that
    /// `check --strict` passes until they change again.
    Accept {
        /// Files (relative to the root) or recorded type names.
        #[arg(value_name = "PATH|TYPE", required = true)]
        targets: Vec<String>,
        /// Show what would be recorded and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Remove a scaffolded type: its generated files and its shared-file entries.
    Remove {
        /// The recorded name.
        #[arg(value_name = "NAME")]
        name: String,
        /// Show the diffs and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Remove generated files even when edited by hand.
        #[arg(long)]
        force: bool,
    },
}

impl ScaffoldArgs {
    /// Checked settings; `Err` is a one-line usage error.
    pub fn scaffold(&self) -> Result<Scaffold, String> {
        let strategy = match &self.strategy {
            Some(s) => Some(s.parse::<Strategy>()?),
            None => None,
        };
        if self.name.is_none() && self.model.is_none() {
            return Err("missing replicable name: e.g. `geo-scaffold widget --strategy blob`, or `--model Namespace::Class`; see `geo-scaffold --help`".into());
        }
        if let Some(m) = &self.milestone {
            let ok = m.split_once('.').is_some_and(|(a, b)| {
                !a.is_empty()
                    && !b.is_empty()
                    && a.bytes().all(|c| c.is_ascii_digit())
                    && b.bytes().all(|c| c.is_ascii_digit())
            });
            if !ok {
                return Err(format!(
                    "invalid --milestone `{m}`: use MAJOR.MINOR, e.g. `--milestone 18.10`"
                ));
            }
        }
        if let Some(k) = &self.sharding_key {
            let ok = k.starts_with(|c: char| c.is_ascii_lowercase())
                && k.bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_');
            if !ok {
                return Err(format!(
                    "invalid --sharding-key `{k}`: use a column name, e.g. `--sharding-key project_id`"
                ));
            }
        }
        Ok(Scaffold {
            input: NameInput {
                name: self.name.clone(),
                model: self.model.clone(),
                plural: self.plural.clone(),
                label: self.label.clone(),
                table: None,
            },
            strategy,
            feature_flag: self.feature_flag.clone(),
            model_path: self.model_path.clone(),
            verification_table: match &self.verification_table {
                Some(t) => Some(t.parse::<VerificationTable>()?),
                None => None,
            },
            timestamp: self.timestamp.clone(),
            milestone: self.milestone.clone(),
            sharding_key: self.sharding_key.clone(),
            force: self.mode.force,
            skip: self.mode.skip,
            accept: crate::plan::Accept::Nothing,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
