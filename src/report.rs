//! What a command did, as data: status lines, diffs, notes, next steps and a
//! summary, rendered as text (Rails-generator style) or as one JSON document.

use serde_json::json;

use crate::diff;
use crate::gitlab::Tree;
use crate::plan::{FileChange, Origin, Plan, Status};
use crate::strategy::Strategy;

/// How the process should exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok,
    /// `check` found drift, or a scaffold hit a conflict.
    Drift,
}

/// One file in a report.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    pub status: &'static str,
    /// The unified diff (dry-run and check).
    pub diff: Option<String>,
    /// The type the entry belongs to (check).
    pub replicable: Option<String>,
}

/// The outcome of one command.
#[derive(Debug, Clone)]
pub struct Report {
    pub command: &'static str,
    pub dry_run: bool,
    pub files: Vec<FileReport>,
    pub notes: Vec<String>,
    pub next_steps: Vec<String>,
    pub summary: String,
    /// The command that fixes what `check` found.
    pub fix: Option<String>,
    pub exit: Exit,
    /// Whether the tree was changed (so that a failure to print the report
    /// can say so).
    pub wrote: bool,
}

impl Report {
    pub fn new(command: &'static str, dry_run: bool) -> Report {
        Report {
            command,
            dry_run,
            files: Vec::new(),
            notes: Vec::new(),
            next_steps: Vec::new(),
            summary: String::new(),
            fix: None,
            exit: Exit::Ok,
            wrote: false,
        }
    }

    /// One entry per change; diffs for dry runs and for conflicts.
    pub fn from_changes(
        command: &'static str,
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
                status: c.status.as_str(),
                diff: want_diff
                    .then(|| diff::unified(c, shown))
                    .filter(|d| !d.is_empty()),
                replicable: None,
            });
        }
        r
    }

    /// "14 created, 11 updated, 1 identical" for `what`.
    pub fn count_summary(&self, what: &str) -> String {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for f in &self.files {
            let word = match f.status {
                "create" => "created",
                "update" => "updated",
                "remove" => "removed",
                "identical" => "identical",
                "modified" => "modified (kept)",
                "conflict" => "in conflict",
                "skip" => "skipped",
                other => other,
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
        if self.command == "check" {
            for f in self.files.iter().filter(|f| f.status != "identical") {
                out.push_str(&format!(
                    "{}  {}\n",
                    paint(status_color(f.status), &format!("{:>12}", f.status)),
                    f.path
                ));
            }
            for f in &self.files {
                if let Some(d) = f.diff.as_ref().filter(|_| f.status != "modified") {
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
                out.push_str(&format!(
                    "{}  {}\n",
                    paint(status_color(f.status), &format!("{:>12}", f.status)),
                    f.path
                ));
            }
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
        if self.dry_run && self.command != "check" {
            out.push_str(&format!("{}\n", paint("1", "dry run: nothing was written")));
        }
        out.push_str(&self.summary);
        out.push('\n');
        if let Some(fix) = &self.fix {
            out.push_str(&format!("to fix: run `{fix}` and commit the result\n"));
        }
        out
    }

    /// The JSON rendering (shape documented in the README).
    pub fn json(&self) -> String {
        let files: Vec<serde_json::Value> = self
            .files
            .iter()
            .map(|f| {
                let mut v = json!({ "path": f.path, "status": f.status });
                if let Some(d) = &f.diff {
                    v["diff"] = json!(d);
                }
                if let Some(r) = &f.replicable {
                    v["replicable"] = json!(r);
                }
                v
            })
            .collect();
        let doc = json!({
            "command": self.command,
            "dry_run": self.dry_run,
            "ok": self.exit == Exit::Ok,
            "files": files,
            "notes": self.notes,
            "next_steps": self.next_steps,
            "summary": self.summary,
            "fix": self.fix,
        });
        let mut s = serde_json::to_string_pretty(&doc).expect("a JSON value always serialises");
        s.push('\n');
        s
    }
}

fn status_color(status: &str) -> &'static str {
    match status {
        "create" => "32",
        "update" => "33",
        "identical" => "34",
        "remove" | "conflict" | "missing" => "31",
        _ => "35",
    }
}

/// What the engineer still has to do by hand after this scaffold, each with
/// its command or file; steps already done in the tree are left out.
pub fn next_steps(tree: &Tree, plan: &Plan) -> Vec<String> {
    let n = &plan.names;
    let e = &plan.entry;
    let mut steps = Vec::new();
    let created_migration = plan
        .changes
        .iter()
        .any(|c| c.path.contains("/migrate/") && c.before.is_none());
    if created_migration {
        steps.push(
            "run the migrations: `bin/rails db:migrate` (main database: db/structure.sql) and `bin/rails db:migrate:geo` (tracking database: ee/db/geo/schema.rb), and commit the schema changes".into(),
        );
    }
    steps.push("regenerate the GraphQL reference: `bundle exec rake gitlab:graphql:compile_docs` (adds the new GeoNode field and registry type)".into());
    let flag = &e.feature_flag;
    let flag_files = [
        format!("config/feature_flags/development/{flag}.yml"),
        format!("ee/config/feature_flags/development/{flag}.yml"),
    ];
    if !flag_files.iter().any(|f| tree.abs(f).is_file()) {
        steps.push(format!(
            "define the feature flag `{flag}`: `bin/feature-flag --ee {flag}` (creates ee/config/feature_flags/development/{flag}.yml)"
        ));
    }
    let model_path = {
        use heck::ToSnakeCase;
        n.model_class
            .split("::")
            .map(|s| s.to_snake_case())
            .collect::<Vec<_>>()
            .join("/")
    };
    let factory_files = [
        format!("spec/factories/{}.rb", n.plural),
        format!("ee/spec/factories/{}.rb", n.plural),
        format!("spec/factories/{}.rb", n.table),
        format!("spec/factories/{model_path}.rb"),
        format!("spec/factories/{}.rb", crate::names::pluralize(&model_path)),
    ];
    let has_factory = factory_files.iter().any(|f| {
        tree.read(f)
            .ok()
            .flatten()
            .is_some_and(|t| t.contains(&format!("factory :{}", n.name)))
    });
    if !has_factory {
        steps.push(format!(
            "add a `:{}` factory for {} (e.g. spec/factories/{}.rb): ee/spec/factories/geo/{}.rb and the replicator spec build on it",
            n.name, n.model_class, n.plural, n.registry_table
        ));
    }
    match e.strategy {
        Strategy::Blob => {
            let model_src = tree.read(&plan.model.class_path).ok().flatten().unwrap_or_default();
            if !(model_src.contains("mount_uploader :file") || model_src.contains("mount_file_store_uploader")) {
                steps.push(format!(
                    "{} has no `mount_uploader :file`: make `carrierwave_uploader` in ee/app/replicators/geo/{}_replicator.rb return its uploader",
                    n.model_class, n.name
                ));
            }
        }
        Strategy::Repository => steps.push(format!(
            "make sure `{}#repository` returns the Git repository to replicate (used by ee/app/replicators/geo/{}_replicator.rb)",
            n.model_class, n.name
        )),
    }
    let specs: Vec<&str> = plan
        .changes
        .iter()
        .filter(|c| c.origin != Origin::Manifest && c.path.ends_with("_spec.rb"))
        .map(|c| c.path.as_str())
        .collect();
    steps.push(format!(
        "run the new and patched specs: `bin/rspec {}`",
        specs.join(" ")
    ));
    steps.push(
        "commit geo-scaffold.toml and run `geo-scaffold check` in CI (see the README)".into(),
    );
    steps
}
