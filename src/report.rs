//! What a command did, as data: status lines, diffs, notes, next steps and a
//! summary, rendered as text (Rails-generator style) or as one JSON document;
//! [`ci`] renders a `check` report for GitLab's merge request widgets.

pub mod ci;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::diff;
use crate::plan::{FileChange, Status};
use crate::probe::VerificationTable;
use crate::strategy::Strategy;

/// The command a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Command {
    Scaffold,
    Check,
    Sync,
    Remove,
    Accept,
    List,
}

/// How much of a report to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    pub verbosity: Verbosity,
    pub diffs: Diffs,
}

impl Default for View {
    fn default() -> View {
        View {
            verbosity: Verbosity::Normal,
            diffs: Diffs::Full,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// The summary line (and the fix) only: `-q`.
    Quiet,
    Normal,
    /// Identical files too: `-v`.
    Verbose,
}

/// How diffs are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Diffs {
    Full,
    /// A diffstat in place of the diffs, and no next steps: `--stat`.
    Stat,
    /// Only the paths of the files the command touches: `--name-only`.
    NameOnly,
}

/// Stands for ` --root DIR` in a report's `fix`: the binary puts the root
/// there when the user named it, and nothing when it was found from the
/// current directory, so the command works where the user is.
pub const ROOT_ARG: &str = "\u{1}root\u{1}";

/// Files per status (JSON `counts`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub created: usize,
    pub updated: usize,
    pub identical: usize,
    pub removed: usize,
    pub modified: usize,
    pub accepted: usize,
    pub conflict: usize,
    pub skipped: usize,
    pub missing: usize,
    pub unrecorded: usize,
}

/// Where a recorded type stands (`list`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeState {
    /// `check` passes for it.
    UpToDate,
    /// `check` fails for it: a file or entry is missing or out of date.
    Stale,
    /// Up to date except for generated files edited by hand.
    Modified,
    /// Its plan cannot be built (the error is in the report's notes).
    Error,
}

impl TypeState {
    pub fn as_str(self) -> &'static str {
        match self {
            TypeState::UpToDate => "up to date",
            TypeState::Stale => "stale",
            TypeState::Modified => "modified",
            TypeState::Error => "error",
        }
    }

    fn style(self) -> Style {
        match self {
            TypeState::UpToDate => AnsiColor::Green.on_default(),
            TypeState::Stale | TypeState::Error => AnsiColor::Red.on_default(),
            TypeState::Modified => AnsiColor::Magenta.on_default(),
        }
    }
}

/// One recorded type (`list`). Fields in the order the JSON document lists them.
#[derive(Debug, Clone, Serialize)]
pub struct TypeReport {
    pub feature_flag: String,
    pub label: String,
    pub model: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_path: Option<String>,
    pub name: String,
    /// The options that differ from their defaults, as command-line flags.
    pub options: Vec<String>,
    pub plural: String,
    pub state: TypeState,
    #[serde(serialize_with = "as_str")]
    pub strategy: Strategy,
    /// Where the primary's verification state went (trees that offer the choice).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification_table: Option<VerificationTable>,
}

fn as_str<S: serde::Serializer>(s: &Strategy, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s.as_str())
}

/// How the process should exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok,
    /// `check` found drift, or a scaffold hit a conflict.
    Drift,
}

/// One file in a report. (Fields in the order the JSON document lists them.)
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The unified diff (dry-run and check).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
    pub path: String,
    /// The type the entry belongs to (check).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicable: Option<String>,
    pub status: Status,
    /// Whether this entry fails the command (`check`: a `modified` or
    /// `unrecorded` entry fails only with `--strict`).
    #[serde(skip)]
    pub fails: bool,
}

/// The outcome of one command.
#[derive(Debug, Clone)]
pub struct Report {
    pub command: Command,
    pub dry_run: bool,
    pub files: Vec<FileReport>,
    /// The recorded types (`list`).
    pub types: Vec<TypeReport>,
    pub notes: Vec<String>,
    /// What may need doing elsewhere (a migration that may have run) or was
    /// ignored (an unknown manifest key).
    pub warnings: Vec<String>,
    pub next_steps: Vec<String>,
    pub summary: String,
    /// What fixes what the command found: the commands to run (`check`:
    /// `sync` for stale entries, `accept` for deliberate edits; a conflict:
    /// `--force` or `--skip`) or the manifest line to add.
    pub fix: Option<String>,
    pub exit: Exit,
    /// Whether the tree was changed (so that a failure to print the report
    /// can say so).
    pub wrote: bool,
}

impl Report {
    pub fn new(command: Command, dry_run: bool) -> Report {
        Report {
            command,
            dry_run,
            files: Vec::new(),
            types: Vec::new(),
            notes: Vec::new(),
            warnings: Vec::new(),
            next_steps: Vec::new(),
            summary: String::new(),
            fix: None,
            exit: Exit::Ok,
            wrote: false,
        }
    }

    /// One entry per change; diffs for dry runs and for conflicts.
    pub fn from_changes(
        command: Command,
        dry_run: bool,
        changes: &[FileChange],
        diffs: bool,
    ) -> Report {
        let mut r = Report::new(command, dry_run);
        for c in changes {
            let want_diff = diffs && (dry_run || c.status == Status::Conflict);
            let shown = if c.status == Status::Conflict {
                c.wanted.as_deref()
            } else {
                c.after.as_deref()
            };
            r.files.push(FileReport {
                path: c.path.clone(),
                status: c.status,
                diff: want_diff
                    .then(|| diff::unified(c, shown))
                    .filter(|d| !d.is_empty()),
                replicable: None,
                fails: c.status == Status::Conflict,
            });
        }
        r
    }

    /// "14 created, 11 updated, 1 identical" for `what`.
    pub fn count_summary(&self, what: &str) -> String {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for f in &self.files {
            let word = match f.status {
                Status::Create => "created",
                Status::Update => "updated",
                Status::Remove => "removed",
                Status::Identical => "identical",
                Status::Modified => "modified (kept)",
                Status::Accepted => "accepted",
                Status::Conflict => "in conflict",
                Status::Skip => "skipped",
                Status::Missing => "missing",
                Status::Unrecorded => "unrecorded",
            };
            match counts.iter_mut().find(|(w, _)| w == word) {
                Some((_, n)) => *n += 1,
                None => counts.push((word.to_string(), 1)),
            }
        }
        let parts: Vec<String> = counts.iter().map(|(w, n)| format!("{n} {w}")).collect();
        let verb = if self.dry_run { "would be" } else { "" };
        let parts = if self.dry_run {
            parts
                .iter()
                .map(|p| p.replacen(' ', &format!(" {verb} "), 1))
                .collect::<Vec<_>>()
        } else {
            parts
        };
        format!("{}: {}", what, parts.join(", "))
    }

    /// Files per status, for the JSON document (the summary line counts the same).
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for f in &self.files {
            let n = match f.status {
                Status::Create => &mut c.created,
                Status::Update => &mut c.updated,
                Status::Identical => &mut c.identical,
                Status::Remove => &mut c.removed,
                Status::Modified => &mut c.modified,
                Status::Accepted => &mut c.accepted,
                Status::Conflict => &mut c.conflict,
                Status::Skip => &mut c.skipped,
                Status::Missing => &mut c.missing,
                Status::Unrecorded => &mut c.unrecorded,
            };
            *n += 1;
        }
        c
    }

    /// Whether a file's status line is shown: `check` and `sync` list
    /// identical files only when asked (`-v`); a scaffold lists every file,
    /// as Rails generators do.
    fn shows(&self, f: &FileReport, view: &View) -> bool {
        f.status != Status::Identical
            || view.verbosity == Verbosity::Verbose
            || matches!(self.command, Command::Scaffold | Command::Remove)
    }

    /// The text rendering, styled with ANSI sequences; the writer
    /// (`anstream`) strips them when colour is off.
    pub fn text(&self, view: &View) -> String {
        let mut out = String::new();
        if view.verbosity == Verbosity::Quiet {
            self.push_summary(&mut out);
            return out;
        }
        if view.diffs == Diffs::NameOnly {
            let all = view.verbosity == Verbosity::Verbose;
            for f in self
                .files
                .iter()
                .filter(|f| all || f.status != Status::Identical)
            {
                out.push_str(&f.path);
                out.push('\n');
            }
            for t in &self.types {
                out.push_str(&t.name);
                out.push('\n');
            }
            return out;
        }
        // `check` lists its findings first; the others show the diffs
        // first, so the status lines stay next to the summary.
        let shown_diffs: Vec<&FileReport> = self
            .files
            .iter()
            .filter(|f| f.diff.is_some())
            .filter(|f| self.command != Command::Check || f.status != Status::Modified)
            .collect();
        let mut diffs = String::new();
        let mut stat = diff::Stat::default();
        match view.diffs {
            Diffs::Full => {
                for d in shown_diffs.iter().filter_map(|f| f.diff.as_deref()) {
                    diffs.push_str(&diff::colorize(d));
                }
            }
            Diffs::Stat => {
                stat = diff::stat(
                    &shown_diffs
                        .iter()
                        .filter_map(|f| Some((f.path.as_str(), f.diff.as_deref()?)))
                        .collect::<Vec<_>>(),
                );
            }
            Diffs::NameOnly => {}
        }
        let shown: Vec<&FileReport> = self.files.iter().filter(|f| self.shows(f, view)).collect();
        // With --stat, each status line ends in its file's diffstat graph.
        let path_w = shown
            .iter()
            .filter(|f| stat.graph(&f.path).is_some())
            .map(|f| f.path.len())
            .max()
            .unwrap_or(0);
        let mut lines = String::new();
        for f in shown {
            let line = status_line(f);
            match stat.graph(&f.path) {
                Some(g) => lines.push_str(&format!(
                    "{}{} | {g}\n",
                    line.trim_end(),
                    " ".repeat(path_w - f.path.len())
                )),
                None => lines.push_str(&line),
            }
        }
        if !stat.total.is_empty() {
            lines.push_str(&format!(" {}\n", stat.total));
        }
        if self.command == Command::Check {
            out.push_str(&lines);
            out.push_str(&diffs);
        } else {
            out.push_str(&diffs);
            out.push_str(&lines);
        }
        if !self.types.is_empty() {
            out.push_str(&types_table(&self.types));
        }
        let yellow = AnsiColor::Yellow.on_default();
        for w in &self.warnings {
            out.push_str(&format!("{yellow}warning{yellow:#}: {w}\n"));
        }
        for n in &self.notes {
            out.push_str(&format!("note: {n}\n"));
        }
        if !self.next_steps.is_empty() && view.diffs == Diffs::Full {
            out.push_str("\nNext steps (geo-scaffold cannot do these for you):\n");
            for (i, s) in self.next_steps.iter().enumerate() {
                out.push_str(&format!("  {}. {s}\n", i + 1));
            }
            out.push('\n');
        }
        if self.dry_run && self.command != Command::Check {
            let bold = Style::new().bold();
            out.push_str(&format!("{bold}dry run: nothing was written{bold:#}\n"));
        }
        self.push_summary(&mut out);
        out
    }

    fn push_summary(&self, out: &mut String) {
        out.push_str(&self.summary);
        out.push('\n');
        if let Some(fix) = &self.fix {
            out.push_str(&format!("to fix: {fix}\n"));
        }
    }

    /// The JSON rendering (shape documented in the README).
    pub fn json(&self) -> String {
        // Members in alphabetical order, as the README documents them.
        #[derive(Serialize)]
        struct Doc<'a> {
            command: Command,
            counts: Counts,
            dry_run: bool,
            files: &'a [FileReport],
            fix: &'a Option<String>,
            next_steps: &'a [String],
            notes: &'a [String],
            ok: bool,
            summary: &'a str,
            warnings: &'a [String],
            written: bool,
            #[serde(skip_serializing_if = "<[TypeReport]>::is_empty")]
            types: &'a [TypeReport],
        }
        let doc = Doc {
            command: self.command,
            counts: self.counts(),
            dry_run: self.dry_run,
            files: &self.files,
            fix: &self.fix,
            next_steps: &self.next_steps,
            notes: &self.notes,
            ok: self.exit == Exit::Ok,
            summary: &self.summary,
            warnings: &self.warnings,
            written: self.wrote,
            types: &self.types,
        };
        let mut s = serde_json::to_string_pretty(&doc).expect("report types always serialise");
        s.push('\n');
        s
    }
}

/// `      create  path`, the verb right-aligned as Rails generators print it.
fn status_line(f: &FileReport) -> String {
    let verb = f.status.as_str();
    let style = status_style(f.status);
    format!("{style}{verb:>12}{style:#}  {}\n", f.path)
}

fn status_style(status: Status) -> Style {
    let color = match status {
        Status::Create => AnsiColor::Green,
        Status::Update => AnsiColor::Yellow,
        Status::Identical => AnsiColor::Blue,
        Status::Remove | Status::Conflict | Status::Missing => AnsiColor::Red,
        Status::Modified | Status::Accepted | Status::Skip | Status::Unrecorded => {
            AnsiColor::Magenta
        }
    };
    color.on_default()
}

/// The recorded types as a table: one row each, columns aligned.
fn types_table(types: &[TypeReport]) -> String {
    let header = ["NAME", "STRATEGY", "MODEL", "STATE", "OPTIONS"];
    let rows: Vec<[String; 5]> = types
        .iter()
        .map(|t| {
            [
                t.name.clone(),
                t.strategy.to_string(),
                t.model.clone(),
                t.state.as_str().to_string(),
                t.options.join(" "),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.len());
        }
    }
    let line = |cells: [&str; 5], state: Option<TypeState>| {
        let mut l = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let last = i + 1 == cells.len();
            let style = match (i, state) {
                (3, Some(s)) => s.style(),
                _ => Style::new(),
            };
            if last {
                l.push_str(cell);
            } else {
                let pad = " ".repeat(w - cell.len() + 2);
                l.push_str(&format!("{style}{cell}{style:#}{pad}"));
            }
        }
        format!("{}\n", l.trim_end())
    };
    let bold = Style::new().bold();
    let mut out = format!("{bold}{}{bold:#}", line(header, None));
    for (r, t) in rows.iter().zip(types) {
        out.push_str(&line([&r[0], &r[1], &r[2], &r[3], &r[4]], Some(t.state)));
    }
    out
}
