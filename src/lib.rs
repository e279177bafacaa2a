//! geo-scaffold: wires a new replicable type into GitLab Geo's self-service
//! framework. The pipeline is `Names -> Plan -> { apply | dry-run | check }`;
//! this module holds its entry points. The library never prints: every entry
//! point returns a [`Report`] that the binary renders.
//!
//! (Over 600 lines: one entry point per command, each short; `check`'s
//! findings, `accept` and `list` are the longest.)

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod apply;
pub mod checkout;
pub mod cli;
pub mod diff;
pub mod doctor;
pub mod hints;
pub mod identifiers;
pub mod inflector;
pub mod manifest;
pub mod names;
pub mod patch;
pub mod plan;
pub mod probe;
pub mod render;
pub mod report;
pub mod steps;
pub mod strategy;
pub mod style;
pub mod timestamp;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;

use crate::checkout::Checkout;
use crate::patch::Mode;
use crate::patch::own::What;
use crate::plan::{Accept, FileChange, Known, Origin, Plan, Scaffold, Status};
pub use crate::report::{Command, Exit, FileReport, Report, TypeReport, TypeState};
use crate::steps::{replicator, replicator_list};

/// The tree, its lock (exclusive when the command writes, shared when it
/// only reads), and what plans read first.
struct Session {
    tree: Checkout,
    _lock: apply::Lock,
    known: Known,
    /// What was done about a run interrupted earlier, if one was found.
    recovered: Option<String>,
}

impl Session {
    fn open(root: &Path, writes: bool) -> Result<Session> {
        let tree = Checkout::open(root)?;
        let access = if writes {
            apply::Access::Write
        } else {
            apply::Access::Read
        };
        let (_lock, recovered) = apply::Lock::acquire(&tree, access)?;
        let known = Known::read(&tree)?;
        Ok(Session {
            tree,
            _lock,
            known,
            recovered,
        })
    }

    fn plan(&self, req: &Scaffold, mode: Mode) -> Result<Plan> {
        plan::build(&self.tree, &self.known, req, mode)
    }
}

/// Writes the changes, or for a dry run checks that the write would be
/// allowed (the same path checks); whether the tree was changed.
fn write(tree: &Checkout, changes: &[FileChange], dry_run: bool) -> Result<bool> {
    if dry_run {
        apply::validate(tree, changes)?;
        return Ok(false);
    }
    apply::write_all(tree, changes)?;
    Ok(changes.iter().any(FileChange::changes_disk))
}

/// Puts the note about an interrupted run first.
fn with_recovery(recovered: &Option<String>, mut report: Report) -> Report {
    if let Some(note) = recovered {
        report.notes.insert(0, note.clone());
    }
    report
}

/// Scaffolds one type: apply, or with `dry_run` only report the diffs.
/// On a conflict nothing is written, and the report says only that.
pub fn scaffold(root: &Path, req: &Scaffold, dry_run: bool) -> Result<Report> {
    let s = Session::open(root, !dry_run)?;
    let mut plan = s.plan(req, Mode::Add)?;
    plan.record(&s.known)?;
    let what = format!("{} ({})", plan.names.name, plan.entry.strategy);
    let conflicts: Vec<&FileChange> = plan
        .changes
        .iter()
        .filter(|c| c.status == Status::Conflict)
        .collect();
    if !conflicts.is_empty() {
        let mut report = Report::new(Command::Scaffold, dry_run);
        report.warnings = s.known.manifest.warnings.clone();
        for c in &conflicts {
            report.files.push(FileReport {
                path: c.path.clone(),
                status: Status::Conflict,
                diff: Some(diff::unified(c, c.wanted.as_deref())).filter(|d| !d.is_empty()),
                replicable: None,
                fails: true,
            });
        }
        report.exit = Exit::Drift;
        report.notes.push(
            "generated files exist with other content and are not recorded as geo-scaffold's"
                .into(),
        );
        let verb = if dry_run { "would be" } else { "was" };
        report.summary = format!(
            "{what}: {} in conflict, nothing {verb} written",
            conflicts.len()
        );
        report.fix = Some(
            "re-run with `--force` to overwrite the conflicting files with what geo-scaffold renders, or with `--skip` to keep them as they are".into(),
        );
        return Ok(with_recovery(&s.recovered, report));
    }
    let wrote = write(&s.tree, &plan.changes, dry_run)?;
    let mut report = Report::from_changes(Command::Scaffold, dry_run, &plan.changes, true);
    report.wrote = wrote;
    report.warnings = s.known.manifest.warnings.clone();
    report
        .warnings
        .extend(plan::next_steps::rollbacks(&plan.changes));
    report.next_steps = plan::next_steps::for_plan(&s.tree, &plan, &s.known.probes);
    if let Some(i) = &plan.inferred {
        report.notes.push(format!(
            "no `--strategy` given: {} has `{}` ({}), so the strategy is {}",
            plan.names.model_class, i.because, plan.model.class_path, i.strategy
        ));
    }
    report.summary = report.count_summary(&what);
    Ok(with_recovery(&s.recovered, report))
}

/// Removes one scaffolded type: what it recorded as written (unmodified
/// generated files, its entries in every shared file) and its manifest entry.
pub fn remove(root: &Path, req: &Scaffold, dry_run: bool) -> Result<Report> {
    let s = Session::open(root, !dry_run)?;
    let mut plan = s.plan(req, Mode::Remove)?;
    plan.record(&s.known)?;
    let wrote = write(&s.tree, &plan.changes, dry_run)?;
    let mut report = Report::from_changes(Command::Remove, dry_run, &plan.changes, true);
    report.wrote = wrote;
    report.warnings = s.known.manifest.warnings.clone();
    report
        .warnings
        .extend(plan::next_steps::rollbacks(&plan.changes));
    if plan.changes.iter().any(|c| c.status == Status::Modified) {
        report
            .notes
            .push("modified generated files were kept; `--force` removes them too".into());
    }
    if plan.changes.iter().any(|c| c.status == Status::Skip) {
        report.notes.push(
            "files geo-scaffold did not write (kept with `--skip`, or there before the scaffold) stay"
                .into(),
        );
    }
    report.summary = report.count_summary(&plan.names.name);
    Ok(with_recovery(&s.recovered, report))
}

/// Builds the plans of every recorded type, one on top of the other.
fn plans_for_all(tree: &Checkout, known: Known) -> Result<Vec<Plan>> {
    let mut plans = Vec::new();
    let mut known = known;
    for entry in known.manifest.entries().to_vec() {
        let req = plan::from_entry(&entry);
        let mut p = plan::build(tree, &known, &req, Mode::Add)?;
        p.record(&known)?;
        for c in &p.changes {
            tree.stage(&c.path, c.after.clone());
        }
        known = Known::read(tree)?;
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

/// What `check` makes of one change of a recorded type's plan: the status
/// to report and whether it fails.
fn finding(c: &FileChange, strict: bool) -> (Status, bool) {
    match (c.origin, c.status) {
        (_, Status::Identical) => (Status::Identical, false),
        (Origin::Generated, Status::Accepted) => (Status::Accepted, false),
        (Origin::Generated, Status::Create) => (Status::Missing, true),
        (Origin::Generated, Status::Modified) => (Status::Modified, strict),
        (Origin::Generated, Status::Conflict) => (Status::Conflict, true),
        (Origin::Shared, _) if c.found.iter().any(|f| f.what == What::Missing) => {
            (Status::Missing, true)
        }
        (_, Status::Remove) => (Status::Remove, true),
        _ => (Status::Update, true),
    }
}

/// CI check: every recorded type's plan must change nothing. Every failure
/// names what fixes it: `sync` for what is missing or stale, `accept` for a
/// deliberate edit, the manifest line for a replicator wired by hand.
pub fn check(root: &Path, strict: bool) -> Result<Report> {
    let s = Session::open(root, false)?;
    let (tree, manifest) = (&s.tree, &s.known.manifest);
    let mut report = Report::new(Command::Check, true);
    report.warnings = manifest.warnings.clone();
    let mut drift = false;
    let (mut to_sync, mut to_accept, mut conflicts) = (false, Vec::new(), false);
    for entry in manifest.entries() {
        let req = plan::from_entry(entry);
        let p = s.plan(&req, Mode::Add)?;
        report
            .warnings
            .extend(plan::next_steps::rollbacks(&p.changes));
        for c in p.changes.iter().filter(|c| c.origin != Origin::Manifest) {
            let (status, fails) = finding(c, strict);
            drift |= fails;
            match status {
                Status::Modified if fails => to_accept.push(c.path.clone()),
                Status::Conflict => conflicts = true,
                _ if fails => to_sync = true,
                _ => {}
            }
            let edited: Vec<String> = c
                .found
                .iter()
                .filter(|f| f.what == What::Edited)
                .map(|f| format!("{} in {}", f.key, f.place))
                .collect();
            if !edited.is_empty() {
                report.notes.push(format!(
                    "{}: {} changed by hand: `geo-scaffold sync` puts back what geo-scaffold wrote, `geo-scaffold accept {}` keeps the edit",
                    c.path,
                    edited.join(", "),
                    c.path
                ));
            }
            let shown = c.wanted.as_deref().or(c.after.as_deref());
            let diff = (status != Status::Identical).then(|| diff::unified(c, shown));
            report.files.push(FileReport {
                path: c.path.clone(),
                status,
                diff,
                replicable: Some(entry.name.clone()),
                fails,
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
        .filter(|n| !manifest.hand_wired.contains(n))
        .collect();
    stray.sort();
    for n in &stray {
        drift |= strict;
        report.files.push(FileReport {
            path: replicator::path(n),
            status: Status::Unrecorded,
            diff: None,
            replicable: Some(n.clone()),
            fails: strict,
        });
        report.notes.push(format!(
            "{} is neither in {} nor in Gitlab::Geo.replicator_classes: list ::Geo::{}Replicator in Gitlab::Geo.replicator_classes ({}) to wire it in, or record it as wired by hand with `hand_wired = [\"{n}\"]` in {}",
            replicator::path(n),
            manifest::PATH,
            heck::ToUpperCamelCase::to_upper_camel_case(n.as_str()),
            replicator_list::PATH,
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
                Status::Identical | Status::Modified | Status::Accepted | Status::Unrecorded
            )
        })
        .count();
    let modified = report
        .files
        .iter()
        .filter(|f| f.status == Status::Modified)
        .count();
    if drift {
        // The binary puts ` --root DIR` where the user needs it.
        let root = report::ROOT_ARG;
        let mut fixes = Vec::new();
        if to_sync {
            fixes.push(format!(
                "run `geo-scaffold sync{root}` and commit the result"
            ));
        }
        if conflicts {
            fixes.push(
                "re-run the scaffold with `--force` or `--skip` for the files in conflict".into(),
            );
        }
        if !to_accept.is_empty() {
            fixes.push(format!(
                "run `geo-scaffold accept{root} {}` to keep the hand edits (or delete those files and run `geo-scaffold sync{root}` to regenerate them)",
                to_accept.join(" ")
            ));
        }
        if strict && !stray.is_empty() {
            let names: Vec<String> = stray.iter().map(|n| format!("\"{n}\"")).collect();
            fixes.push(format!(
                "add `hand_wired = [{}]` to {} for replicators wired by hand on purpose",
                names.join(", "),
                manifest::PATH
            ));
        }
        report.exit = Exit::Drift;
        report.fix = Some(fixes.join("; "));
        report.summary = format!(
            "check failed: {failing} file(s) missing or stale across {types} recorded type(s), {modified} modified by hand"
        );
    } else {
        report.summary = format!(
            "check passed: {types} recorded type(s) up to date ({modified} generated file(s) modified by hand)"
        );
    }
    Ok(with_recovery(&s.recovered, report))
}

/// Re-renders every recorded type; hand-edited generated files are kept.
pub fn sync(root: &Path, dry_run: bool) -> Result<Report> {
    let s = Session::open(root, !dry_run)?;
    let warnings = s.known.manifest.warnings.clone();
    let plans = plans_for_all(&s.tree, s.known)?;
    let changes = merge(&plans);
    let wrote = write(&s.tree, &changes, dry_run)?;
    let mut report = Report::from_changes(Command::Sync, dry_run, &changes, true);
    report.wrote = wrote;
    report.warnings = warnings;
    for p in &plans {
        report
            .warnings
            .extend(plan::next_steps::rollbacks(&p.changes));
    }
    if changes.iter().any(|c| c.status == Status::Modified) {
        report.notes.push("files modified by hand were left alone; delete them and run `geo-scaffold sync` to regenerate, or `geo-scaffold accept PATH` to keep them".into());
    }
    report.summary = report.count_summary(&format!("{} recorded type(s)", plans.len()));
    Ok(with_recovery(&s.recovered, report))
}

/// Records hand edits as the new baseline: for each target (a recorded
/// type, or a generated or patched file), the generated files' current
/// content and the type's shared-file entries as they stand. Only the
/// manifest changes.
pub fn accept(root: &Path, targets: &[String], dry_run: bool) -> Result<Report> {
    let s = Session::open(root, !dry_run)?;
    let manifest = &s.known.manifest;
    let mut wanted: Vec<(String, Accept)> = Vec::new();
    for t in targets {
        let t = t.trim_start_matches("./");
        let add = |wanted: &mut Vec<(String, Accept)>, name: &str, a: Accept| match wanted
            .iter_mut()
            .find(|(n, _)| n == name)
        {
            Some((_, Accept::All)) => {}
            Some((_, prev)) => match (prev, a) {
                (prev, Accept::All) => *prev = Accept::All,
                (Accept::Paths(p), Accept::Paths(q)) => p.extend(q),
                _ => {}
            },
            None => wanted.push((name.to_string(), a)),
        };
        if manifest.get(t).is_some() {
            add(&mut wanted, t, Accept::All);
            continue;
        }
        let owners: Vec<&manifest::Entry> = manifest
            .entries()
            .iter()
            .filter(|e| {
                e.files.contains_key(t) || e.inserted.as_ref().is_some_and(|m| m.contains_key(t))
            })
            .collect();
        if owners.is_empty() {
            anyhow::bail!(
                "`{t}` is neither a type recorded in {} nor a file geo-scaffold generated or patched: pass a recorded type (`geo-scaffold accept widget`) or a path relative to the root",
                manifest::PATH
            );
        }
        for e in owners {
            add(&mut wanted, &e.name, Accept::Paths(vec![t.to_string()]));
        }
    }
    let mut report = Report::new(Command::Accept, dry_run);
    report.warnings = manifest.warnings.clone();
    let mut m = manifest.clone();
    for (name, which) in wanted {
        let entry = manifest
            .get(&name)
            .expect("targets resolved to recorded types");
        let mut req = plan::from_entry(entry);
        req.accept = which.clone();
        let p = s.plan(&req, Mode::Add)?;
        let mut e = entry.clone();
        let mut inserted = e
            .inserted
            .clone()
            .unwrap_or_else(|| p.entry.inserted.clone().unwrap_or_default());
        for c in p.changes.iter().filter(|c| which.covers(&c.path)) {
            let status = match c.origin {
                Origin::Generated => {
                    let Some(before) = &c.before else {
                        anyhow::bail!(
                            "{}: not there, so there is nothing to accept; `geo-scaffold sync` puts it back",
                            c.path
                        );
                    };
                    let recorded = e.files.get(&c.path).cloned().unwrap_or_default();
                    let rendered = c.wanted.as_deref().or(c.after.as_deref());
                    if rendered == Some(before.as_str()) || c.status == Status::Remove {
                        Status::Identical
                    } else {
                        e.files
                            .insert(c.path.clone(), manifest::accept_hash(&recorded, before));
                        Status::Accepted
                    }
                }
                Origin::Shared => {
                    let claims = p
                        .entry
                        .inserted
                        .as_ref()
                        .and_then(|i| i.get(&c.path))
                        .cloned()
                        .unwrap_or_default();
                    let changed = inserted.get(&c.path) != Some(&claims);
                    if claims.is_empty() {
                        inserted.remove(&c.path);
                    } else {
                        inserted.insert(c.path.clone(), claims);
                    }
                    if changed {
                        Status::Accepted
                    } else {
                        Status::Identical
                    }
                }
                Origin::Manifest => continue,
            };
            report.files.push(FileReport {
                path: c.path.clone(),
                status,
                diff: None,
                replicable: Some(name.clone()),
                fails: false,
            });
        }
        e.inserted = Some(inserted);
        m.upsert(&e);
    }
    let before = s.known.manifest_text.clone();
    let after = m.render();
    let change = FileChange {
        path: manifest::PATH.to_string(),
        status: if before.as_deref() == Some(after.as_str()) {
            Status::Identical
        } else {
            Status::Update
        },
        before,
        after: Some(after),
        wanted: None,
        origin: Origin::Manifest,
        found: Vec::new(),
    };
    report.wrote = write(&s.tree, std::slice::from_ref(&change), dry_run)?;
    report.files.push(FileReport {
        path: change.path.clone(),
        status: change.status,
        diff: dry_run
            .then(|| diff::unified(&change, change.after.as_deref()))
            .filter(|d| !d.is_empty()),
        replicable: None,
        fails: false,
    });
    report.summary = report.count_summary("accept");
    Ok(with_recovery(&s.recovered, report))
}

/// The recorded types, each with its options and where it stands: what
/// `check` would say of it alone (stale fails it; modified only with `--strict`).
pub fn list(root: &Path) -> Result<Report> {
    let s = Session::open(root, false)?;
    let mut report = Report::new(Command::List, false);
    for entry in s.known.manifest.entries() {
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
            options: entry_options(entry, &s.known.probes),
            feature_flag: entry.feature_flag.clone(),
            label: entry.label.clone(),
            model: entry.model.clone(),
            model_path: entry.model_path.clone(),
            name: entry.name.clone(),
            plural: entry.plural.clone(),
            state,
            strategy: entry.strategy,
            verification_table: entry.verification_table,
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
        report.fix = Some(format!(
            "run `geo-scaffold sync{}` and commit the result",
            report::ROOT_ARG
        ));
    }
    Ok(with_recovery(&s.recovered, report))
}

/// The recorded options that differ from what a plain scaffold of the
/// name would choose in this tree, as the flags that set them.
fn entry_options(e: &manifest::Entry, probes: &probe::Probes) -> Vec<String> {
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
    if e.feature_flag != plan::default_feature_flag(probes, &e.name) {
        out.push(format!("--feature-flag {}", e.feature_flag));
    }
    if let Some(p) = &e.model_path {
        out.push(format!("--model-path {p}"));
    }
    if let Some(t) = e.verification_table
        && Some(t) != plan::default_verification_table(probes, e.strategy)
    {
        out.push(format!("--verification-table {}", t.as_str()));
    }
    out
}
