//! Command-line arguments (clap derive only); turned into checked settings by
//! [`ScaffoldArgs::scaffold`] and [`Global::view`] before anything else sees them.

use std::ffi::OsStr;
use std::path::PathBuf;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::names::NameInput;
use crate::plan::Scaffold;
use crate::probe::VerificationTable;
use crate::report::{Diffs, Verbosity, View};
use crate::strategy::Strategy;

/// `0.1.0 (1a2b3c4)`: the version and the git commit the binary was built from.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("GEO_SCAFFOLD_COMMIT"),
    ")"
);

/// Wire a new replicable type into GitLab Geo's self-service framework.
///
/// `geo-scaffold widget --strategy blob` renders the replicator, registry,
/// migrations, finder, GraphQL types and specs, and patches every shared file
/// (GeoNodeStatus, docs, JSON schema, GraphQL node type, spec lists, model).
/// Run it anywhere inside a GitLab EE checkout: the root is found by walking
/// up to the directory that holds `ee/lib/gitlab/geo.rb`.
#[derive(Debug, Parser)]
#[command(
    name = "geo-scaffold",
    version = VERSION,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub scaffold: ScaffoldArgs,

    #[command(flatten)]
    pub global: Global,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// Root of the GitLab checkout [default: the nearest directory above the
    /// current one that holds ee/lib/gitlab/geo.rb].
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Text, help_heading = "Output")]
    pub format: Format,

    /// When to colour the output (`auto` honours NO_COLOR, CLICOLOR_FORCE and TERM=dumb).
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN", help_heading = "Output")]
    pub color: ColorWhen,

    /// Print only the summary line (and errors).
    #[arg(
        short,
        long,
        global = true,
        conflicts_with = "verbose",
        help_heading = "Output"
    )]
    pub quiet: bool,

    /// Also list the files that stay identical (`sync`, `check`).
    #[arg(short, long, global = true, help_heading = "Output")]
    pub verbose: bool,

    /// Instead of the diffs, print a diffstat (with the status lines).
    #[arg(
        long,
        global = true,
        conflicts_with = "name_only",
        help_heading = "Output"
    )]
    pub stat: bool,

    /// Print only the paths of the files the command creates, changes or removes.
    #[arg(long, global = true, help_heading = "Output")]
    pub name_only: bool,

    /// Never send the output through a pager ($PAGER, default `less -R`;
    /// used only on a terminal, never when CI is set).
    #[arg(long, global = true, help_heading = "Output")]
    pub no_pager: bool,
}

impl Global {
    /// How the report should be shown.
    pub fn view(&self) -> View {
        View {
            verbosity: if self.quiet {
                Verbosity::Quiet
            } else if self.verbose {
                Verbosity::Verbose
            } else {
                Verbosity::Normal
            },
            diffs: if self.stat {
                Diffs::Stat
            } else if self.name_only {
                Diffs::NameOnly
            } else {
                Diffs::Full
            },
        }
    }
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// `--strategy`: any word is taken here (the checked parse in
/// [`ScaffoldArgs::scaffold`] explains a wrong one, e.g. `database`); the
/// possible values only feed the help and the shell completions.
#[derive(Debug, Clone, Copy)]
pub struct StrategyArg;

impl TypedValueParser for StrategyArg {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        Ok(value.to_string_lossy().into_owned())
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(Strategy::ALL.iter().map(|s| {
            PossibleValue::new(s.as_str()).help(s.description())
        })))
    }
}

#[derive(Debug, Args, Default)]
pub struct ScaffoldArgs {
    /// Replicable name: `widget`, `PackageFile` (derived from --model when left out).
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// Replicator strategy [default: inferred from the model when it mounts
    /// an uploader (blob) or has a repository (repository)].
    #[arg(long, value_name = "STRATEGY", value_parser = StrategyArg)]
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

    /// Human plural used in descriptions, e.g. `--label "LFS objects"`
    /// [default: the plural in words, known acronyms such as CI and LFS in capitals].
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
    #[arg(short = 'n', long)]
    pub dry_run: bool,

    /// Overwrite generated files that exist with other content.
    #[arg(short, long)]
    pub force: bool,

    /// Keep generated files that exist with other content and go on.
    #[arg(short, long)]
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
        #[arg(short = 'n', long)]
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
        #[arg(short = 'n', long)]
        dry_run: bool,
        /// Remove generated files even when edited by hand.
        #[arg(short, long)]
        force: bool,
    },
    /// List the recorded types: strategy, model, options and whether each is
    /// up to date, stale or modified by hand.
    List,
    /// Print a shell completion script, e.g.
    /// `geo-scaffold completions bash > ~/.local/share/bash-completion/completions/geo-scaffold`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `geo-scaffold man > geo-scaffold.1`.
    Man,
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

/// The subcommand `word` was probably meant as (`chek` -> `check`), when it
/// is one or two typos away from one; `None` for a word that is a command.
pub fn command_like(word: &str) -> Option<String> {
    let cmd = Cli::command();
    let names: Vec<&str> = cmd.get_subcommands().map(clap::Command::get_name).collect();
    if names.contains(&word) || word.len() < 3 {
        return None;
    }
    names
        .iter()
        .map(|n| (strsim::damerau_levenshtein(word, n), *n))
        .filter(|(d, n)| *d <= if n.len() >= 8 { 2 } else { 1 })
        .min()
        .map(|(_, n)| n.to_string())
}

/// The man page, as roff.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    Ok(out)
}

/// The completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "geo-scaffold", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn typos_of_commands_are_recognised() {
        assert_eq!(command_like("chek").as_deref(), Some("check"));
        assert_eq!(command_like("remvoe").as_deref(), Some("remove"));
        assert_eq!(command_like("synk").as_deref(), Some("sync"));
        assert_eq!(command_like("lsit").as_deref(), Some("list"));
        assert_eq!(command_like("completion").as_deref(), Some("completions"));
        assert_eq!(command_like("docter").as_deref(), Some("doctor"));
        assert_eq!(command_like("doctr").as_deref(), Some("doctor"));
        // Commands themselves and ordinary type names are not typos.
        assert_eq!(command_like("check"), None);
        assert_eq!(command_like("widget"), None);
        assert_eq!(command_like("package_file"), None);
        assert_eq!(command_like("terraform_state"), None);
    }

    #[test]
    fn strategy_help_lists_every_strategy() {
        let help = Cli::command().render_long_help().to_string();
        for s in Strategy::ALL {
            assert!(help.contains(s.as_str()), "{help}");
            assert!(help.contains(s.description()), "{help}");
        }
    }
}
