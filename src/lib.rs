//! geo-scaffold: wires a new replicable type into GitLab Geo's self-service
//! framework. The pipeline is `Names -> Plan -> { apply | dry-run | check }`;
//! this module holds its entry points. The library never prints: every entry
//! point returns a [`Report`] that the binary renders.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod apply;
pub mod checkout;
pub mod cli;
pub mod diff;
pub mod hints;
pub mod inflector;
pub mod manifest;
pub mod names;
pub mod patch;
pub mod plan;
pub mod render;
pub mod report;
pub mod steps;
pub mod strategy;
pub mod timestamp;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;

use crate::checkout::Checkout;
use crate::manifest::Manifest;
use crate::patch::Mode;
use crate::plan::{FileChange, Origin, Plan, Scaffold, Status};
pub use crate::report::{Command, Exit, FileReport, Report, TypeReport, TypeState};
use crate::steps::{replicator, replicator_list};

/// The tree, its lock when the command writes, and the manifest (text and document).
struct Session {
    tree: Checkout,
    _lock: Option<apply::Lock>,
    text: Option<String>,
    manifest: Manifest,
}

impl Session {
    fn open(root: &Path, writes: bool) -> Result<Session> {
        let tree = Checkout::open(root)?;
        let _lock = if writes {
            Some(apply::Lock::acquire(&tree)?)
        } else {
            None
        };
        let (text, manifest) = plan::read_manifest(&tree)?;
        Ok(Session {
            tree,
            _lock,
            text,
            manifest,
        })
    }

    fn plan(&self, req: &Scaffold, mode: Mode) -> Result<Plan> {
        plan::build(&self.tree, self.text.as_deref(), &self.manifest, req, mode)
    }
}

/// Scaffolds one type: apply, or with `dry_run` only report the diffs.
pub fn scaffold(root: &Path, req: &Scaffold, dry_run: bool) -> Result<Report> {
    let s = Session::open(root, !dry_run)?;
    let plan = s.plan(req, Mode::Add)?;
    let conflict = plan.changes.iter().any(|c| c.status == Status::Conflict);
    if !dry_run && !conflict {
        apply::write_all(&s.tree, &plan.changes)?;
    }
    let mut report = Report::from_changes(Command::Scaffold, dry_run, &plan.changes, true);
    report.next_steps = plan::next_steps::for_plan(&s.tree, &plan);
    if let Some(i) = &plan.inferred {
        report.notes.push(format!(
            "no `--strategy` given: {} has `{}` ({}), so the strategy is {}",
            plan.names.model_class, i.because, plan.model.class_path, i.strategy
        ));
    }
    if conflict {
        report.exit = Exit::Drift;
        report.notes.push(
            "conflict: generated files exist with other content and are not recorded as geo-scaffold's; nothing was written. Re-run with `--force` to overwrite them or `--skip` to keep them".into(),
        );
    }
    report.summary =
        report.count_summary(&format!("{} ({})", plan.names.name, plan.entry.strategy));
    Ok(report)
}

/// Removes one scaffolded type: its unmodified generated files, its entries
/// in every shared file, and its manifest entry.
pub fn remove(root: &Path, req: &Scaffold, dry_run: bool) -> Result<Report> {
    let s = Session::open(root, !dry_run)?;
    let plan = s.plan(req, Mode::Remove)?;
    if !dry_run {
        apply::write_all(&s.tree, &plan.changes)?;
    }
    let mut report = Report::from_changes(Command::Remove, dry_run, &plan.changes, true);
    if plan.changes.iter().any(|c| c.status == Status::Modified) {
        report
            .notes
            .push("modified generated files were kept; `--force` removes them too".into());
    }
    report.summary = report.count_summary(&plan.names.name);
    Ok(report)
}

/// Builds the plans of every recorded type, one on top of the other.
fn plans_for_all(tree: &Checkout, text: Option<String>, manifest: &Manifest) -> Result<Vec<Plan>> {
    let mut plans = Vec::new();
    let mut text = text;
    let mut manifest = manifest.clone();
    for entry in manifest.entries().to_vec() {
        let req = plan::from_entry(&entry);
        let p = plan::build(tree, text.as_deref(), &manifest, &req, Mode::Add)?;
        for c in &p.changes {
            tree.stage(&c.path, c.after.clone());
        }
        let m = p.changes.last().and_then(|c| c.after.clone());
        if let Some(m) = &m {
            manifest = Manifest::parse(m)?;
        }
        text = m;
        plans.push(p);
    }
    Ok(plans)
}

/// Merges plans into one change per path: the first `before`, the last `after`.
fn merge(plans: &[Plan]) -> Vec<FileChange> {
    let mut order: Vec<String> = Vec::new();
    let mut by_path: BTreeMap<String, FileChange> = BTreeMap::new();
    for c in plans.iter().flat_map(|p| &p.changes) {
        match by_path.get_mut(&c.path) {
            Some(prev) => {
                prev.after = c.after.clone();
                if c.status != Status::Identical {
                    prev.status = c.status;
                }
            }
            None => {
                order.push(c.path.clone());
                by_path.insert(c.path.clone(), c.clone());
            }
        }
    }
    // The manifest last, whatever the order it was first seen in.
    order.sort_by_key(|p| p == manifest::PATH);
    order
        .into_iter()
        .filter_map(|p| by_path.remove(&p))
        .collect()
}

/// CI check: every recorded type's plan must change nothing.
pub fn check(root: &Path, strict: bool) -> Result<Report> {
    let s = Session::open(root, false)?;
    let (tree, manifest) = (&s.tree, &s.manifest);
    let mut report = Report::new(Command::Check, true);
    let mut drift = false;
    for entry in manifest.entries() {
        let req = plan::from_entry(entry);
        let p = s.plan(&req, Mode::Add)?;
        for c in p.changes.iter().filter(|c| c.origin != Origin::Manifest) {
            let (status, fails) = finding(c, strict);
            drift |= fails;
            let shown = c.wanted.as_deref().or(c.after.as_deref());
            let diff = (status != Status::Identical).then(|| diff::unified(c, shown));
            report.files.push(FileReport {
                path: c.path.clone(),
                status,
                diff,
                replicable: Some(entry.name.clone()),
            });
        }
    }
    // Replicators nobody accounts for.
    let geo_lib = tree.read_required(replicator_list::PATH)?;
    let wired: Vec<String> = replicator_list::replicator_classes(&geo_lib)?
        .iter()
        .filter_map(|c| names::Names::name_of_replicator(c))
        .collect();
    let recorded = manifest.names();
    // An unreadable directory reports nothing here, as before.
    let mut stray: Vec<String> = tree
        .list("ee/app/replicators/geo")
        .unwrap_or_default()
        .iter()
        .filter_map(|f| f.strip_suffix("_replicator.rb").map(str::to_string))
        .filter(|n| !wired.contains(n) && !recorded.contains(n))
        .collect();
    stray.sort();
    for n in stray {
        drift |= strict;
        report.files.push(FileReport {
            path: replicator::path(&n),
            status: Status::Unrecorded,
            diff: None,
            replicable: Some(n.clone()),
        });
        report.notes.push(format!(
            "ee/app/replicators/geo/{n}_replicator.rb is neither in {} nor in Gitlab::Geo.replicator_classes: scaffold it with `geo-scaffold {n} --strategy ...` or wire it in by hand",
            manifest::PATH
        ));
    }
    let types = recorded.len();
    let failing = report
        .files
        .iter()
        .filter(|f| {
            !matches!(
                f.status,
                Status::Identical | Status::Modified | Status::Unrecorded
            )
        })
        .count();
    let modified = report
        .files
        .iter()
        .filter(|f| f.status == Status::Modified)
        .count();
    if drift {
        report.exit = Exit::Drift;
        report.fix = Some("geo-scaffold sync".into());
        report.summary = format!(
            "check failed: {failing} file(s) missing or stale across {types} recorded type(s), {modified} modified by hand"
        );
    } else {
        report.summary = format!(
            "check passed: {types} recorded type(s) up to date ({modified} generated file(s) modified by hand)"
        );
    }
    Ok(report)
}

/// What `check` makes of one change of a recorded type's plan: the status
/// it reports, and whether that fails the check.
fn finding(c: &FileChange, strict: bool) -> (Status, bool) {
    match (c.origin, c.status) {
        (_, Status::Identical) => (Status::Identical, false),
        (Origin::Generated, Status::Create) => (Status::Missing, true),
        (Origin::Generated, Status::Modified) => (Status::Modified, strict),
        (Origin::Shared, _) => (Status::Missing, true),
        _ => (Status::Update, true),
    }
}

/// Re-renders every recorded type; hand-edited generated files are kept.
pub fn sync(root: &Path, dry_run: bool) -> Result<Report> {
    let s = Session::open(root, !dry_run)?;
    let plans = plans_for_all(&s.tree, s.text.clone(), &s.manifest)?;
    let changes = merge(&plans);
    if !dry_run {
        apply::write_all(&s.tree, &changes)?;
    }
    let mut report = Report::from_changes(Command::Sync, dry_run, &changes, true);
    if changes.iter().any(|c| c.status == Status::Modified) {
        report.notes.push("files modified by hand were left alone; delete them and run `geo-scaffold sync` to regenerate".into());
    }
    report.summary = report.count_summary(&format!("{} recorded type(s)", plans.len()));
    Ok(report)
}

/// The recorded types, each with its options and where it stands: what
/// `check` would say of it alone (stale fails it; modified only with `--strict`).
pub fn list(root: &Path) -> Result<Report> {
    let s = Session::open(root, false)?;
    let mut report = Report::new(Command::List, false);
    for entry in s.manifest.entries() {
        let state = match s.plan(&plan::from_entry(entry), Mode::Add) {
            Ok(p) => {
                let found: Vec<(Status, bool)> = p
                    .changes
                    .iter()
                    .filter(|c| c.origin != Origin::Manifest)
                    .map(|c| finding(c, false))
                    .collect();
                if found.iter().any(|(_, fails)| *fails) {
                    TypeState::Stale
                } else if found.iter().any(|(st, _)| *st == Status::Modified) {
                    TypeState::Modified
                } else {
                    TypeState::UpToDate
                }
            }
            Err(e) => {
                let chain: Vec<String> = e.chain().map(ToString::to_string).collect();
                report
                    .notes
                    .push(format!("{}: {}", entry.name, chain.join(": ")));
                TypeState::Error
            }
        };
        report.types.push(TypeReport {
            options: entry_options(entry),
            feature_flag: entry.feature_flag.clone(),
            label: entry.label.clone(),
            model: entry.model.clone(),
            model_path: entry.model_path.clone(),
            name: entry.name.clone(),
            plural: entry.plural.clone(),
            state,
            strategy: entry.strategy,
        });
    }
    report.summary = if report.types.is_empty() {
        format!(
            "no types recorded in {}: scaffold one with `geo-scaffold NAME --strategy blob`",
            manifest::PATH
        )
    } else {
        let mut parts: Vec<String> = Vec::new();
        for st in [
            TypeState::UpToDate,
            TypeState::Stale,
            TypeState::Modified,
            TypeState::Error,
        ] {
            let n = report.types.iter().filter(|t| t.state == st).count();
            if n > 0 {
                parts.push(format!("{n} {}", st.as_str()));
            }
        }
        format!(
            "{} recorded type(s): {}",
            report.types.len(),
            parts.join(", ")
        )
    };
    if report.types.iter().any(|t| t.state == TypeState::Stale) {
        report.fix = Some("geo-scaffold sync".into());
    }
    Ok(report)
}

/// The recorded options that differ from what a plain scaffold of the
/// name would choose, as the flags that set them.
fn entry_options(e: &manifest::Entry) -> Vec<String> {
    let defaults = names::Names::new(&names::NameInput {
        name: Some(e.name.clone()),
        model: Some(e.model.clone()),
        ..Default::default()
    })
    .ok();
    let quote = |v: &str| {
        if v.contains(' ') {
            format!("\"{v}\"")
        } else {
            v.to_string()
        }
    };
    let mut out = Vec::new();
    let default_model = {
        use heck::ToUpperCamelCase;
        e.name.to_upper_camel_case()
    };
    if e.model != default_model {
        out.push(format!("--model {}", e.model));
    }
    if defaults.as_ref().is_none_or(|d| d.plural != e.plural) {
        out.push(format!("--plural {}", e.plural));
    }
    if defaults.as_ref().is_none_or(|d| d.label != e.label) {
        out.push(format!("--label {}", quote(&e.label)));
    }
    if e.feature_flag != plan::DEFAULT_FEATURE_FLAG {
        out.push(format!("--feature-flag {}", e.feature_flag));
    }
    if let Some(p) = &e.model_path {
        out.push(format!("--model-path {p}"));
    }
    out
}
