//! What a command did, as data: status lines, diffs, notes, next steps and a
//! summary, rendered as text (Rails-generator style) or as one JSON document;
//! [`ci`] renders a `check` report for GitLab's merge request widgets.

pub mod ci;

use serde::Serialize;

use crate::diff;
use crate::plan::{FileChange, Status};

/// The command a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Command {
    Scaffold,
    Check,
    Sync,
    Remove,
    Accept,
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

    /// The text rendering; `color` adds ANSI colours.
    pub fn text(&self, color: bool) -> String {
        let mut out = String::new();
        let paint = |code: &str, s: &str| {
            if color {
                format!("\x1b[{code}m{s}\x1b[0m")
            } else {
                s.to_string()
            }
        };
        if self.command == Command::Check {
            for f in self.files.iter().filter(|f| f.status != Status::Identical) {
                out.push_str(&status_line(f, &paint));
            }
            for f in &self.files {
                if let Some(d) = f.diff.as_ref().filter(|_| f.status != Status::Modified) {
                    out.push_str(&if color { diff::colorize(d) } else { d.clone() });
                }
            }
        } else {
            for f in &self.files {
                if let Some(d) = &f.diff {
                    out.push_str(&if color { diff::colorize(d) } else { d.clone() });
                }
            }
            for f in &self.files {
                out.push_str(&status_line(f, &paint));
            }
        }
        for w in &self.warnings {
            out.push_str(&format!("{}: {w}\n", paint("33", "warning")));
        }
        for n in &self.notes {
            out.push_str(&format!("note: {n}\n"));
        }
        if !self.next_steps.is_empty() {
            out.push_str("\nNext steps (geo-scaffold cannot do these for you):\n");
            for (i, s) in self.next_steps.iter().enumerate() {
                out.push_str(&format!("  {}. {s}\n", i + 1));
            }
            out.push('\n');
        }
        if self.dry_run && self.command != Command::Check {
            out.push_str(&format!("{}\n", paint("1", "dry run: nothing was written")));
        }
        out.push_str(&self.summary);
        out.push('\n');
        if let Some(fix) = &self.fix {
            out.push_str(&format!("to fix: {fix}\n"));
        }
        out
    }

    /// The JSON rendering (shape documented in the README).
    pub fn json(&self) -> String {
        // Members in alphabetical order, as the README documents them.
        #[derive(Serialize)]
        struct Doc<'a> {
            command: Command,
            dry_run: bool,
            files: &'a [FileReport],
            fix: &'a Option<String>,
            next_steps: &'a [String],
            notes: &'a [String],
            ok: bool,
            summary: &'a str,
            warnings: &'a [String],
            written: bool,
        }
        let doc = Doc {
            command: self.command,
            dry_run: self.dry_run,
            files: &self.files,
            fix: &self.fix,
            next_steps: &self.next_steps,
            notes: &self.notes,
            ok: self.exit == Exit::Ok,
            summary: &self.summary,
            warnings: &self.warnings,
            written: self.wrote,
        };
        let mut s = serde_json::to_string_pretty(&doc).expect("report types always serialise");
        s.push('\n');
        s
    }
}

/// `      create  path`, the verb right-aligned as Rails generators print it.
fn status_line(f: &FileReport, paint: &dyn Fn(&str, &str) -> String) -> String {
    let verb = f.status.as_str();
    format!(
        "{}  {}\n",
        paint(status_color(f.status), &format!("{verb:>12}")),
        f.path
    )
}

fn status_color(status: Status) -> &'static str {
    match status {
        Status::Create => "32",
        Status::Update => "33",
        Status::Identical => "34",
        Status::Remove | Status::Conflict | Status::Missing => "31",
        Status::Modified | Status::Accepted | Status::Skip | Status::Unrecorded => "35",
    }
}
