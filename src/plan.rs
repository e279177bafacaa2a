//! The Plan: every file change one command makes, built in memory from reads
//! only. Apply, dry-run and check all consume the same Plan, so a dry run can
//! never disagree with the real run.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow};

use crate::gitlab::{ModelFiles, Tree, declared_table, timestamp};
use crate::identifiers;
use crate::manifest::{self, Entry, Manifest};
use crate::names::{NameInput, Names};
use crate::patch::shared_files::{self, GEO_LIB, SHARED_FILES};
use crate::patch::{Mode, Types};
use crate::render::{Context, Tpl, render};
use crate::strategy::Strategy;

/// The hash recorded for a generated file the user kept with `--skip`.
const KEPT: &str = "kept";

/// The feature flag the seed puts on the GraphQL field.
pub const DEFAULT_FEATURE_FLAG: &str = "geo_self_service_framework";

/// Checked settings for one scaffold (from the command line or the manifest).
#[derive(Debug, Clone, Default)]
pub struct Scaffold {
    pub input: NameInput,
    pub strategy: Option<Strategy>,
    pub feature_flag: Option<String>,
    pub model_path: Option<String>,
    pub timestamp: Option<String>,
    /// Overwrite generated files that exist with other content.
    pub force: bool,
    /// Keep generated files that exist with other content.
    pub skip: bool,
}

/// What a change does to its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Create,
    Update,
    Identical,
    Remove,
    /// A generated file edited by hand: kept as it is.
    Modified,
    /// A generated file that exists, is not ours, and would be overwritten.
    Conflict,
    /// Kept because of `--skip`.
    Skip,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Create => "create",
            Status::Update => "update",
            Status::Identical => "identical",
            Status::Remove => "remove",
            Status::Modified => "modified",
            Status::Conflict => "conflict",
            Status::Skip => "skip",
        }
    }
}

/// Where a change comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A file rendered from a template.
    Generated,
    /// An existing GitLab file patched in place.
    Shared,
    /// `geo-scaffold.toml`.
    Manifest,
}

/// One file's change.
#[derive(Debug, Clone)]
pub struct FileChange {
    pub path: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// What the templates render, when it differs from `after` (kept files).
    pub wanted: Option<String>,
    pub origin: Origin,
    pub status: Status,
}

impl FileChange {
    pub fn changes_disk(&self) -> bool {
        self.before != self.after
    }
}

/// Every change of one command, the manifest's last.
#[derive(Debug)]
pub struct Plan {
    pub names: Names,
    pub entry: Entry,
    pub model: ModelFiles,
    pub changes: Vec<FileChange>,
}

/// The migrations a type gets: (kind, directory, file suffix after the timestamp).
fn migrations(n: &Names) -> [(&'static str, &'static str, String); 3] {
    [
        (
            "create_registry",
            "ee/db/geo/migrate",
            format!("create_{}", n.registry_table),
        ),
        (
            "add_verification_state",
            "db/migrate",
            format!("add_verification_state_to_{}", n.table),
        ),
        (
            "add_verification_failure_index",
            "db/migrate",
            format!("add_verification_failure_index_to_{}", n.table),
        ),
    ]
}

/// The generated files: template and path (migrations take their timestamp).
fn generated(n: &Names, ts: &BTreeMap<String, String>) -> Vec<(Tpl, String)> {
    let [reg, state, index] = migrations(n);
    let mig =
        |(kind, dir, suffix): &(&str, &str, String)| format!("{dir}/{}_{suffix}.rb", ts[*kind]);
    let name = &n.name;
    vec![
        (
            Tpl::Replicator,
            format!("ee/app/replicators/geo/{name}_replicator.rb"),
        ),
        (
            Tpl::ReplicatorSpec,
            format!("ee/spec/replicators/geo/{name}_replicator_spec.rb"),
        ),
        (Tpl::RegistryMigration, mig(&reg)),
        (
            Tpl::RegistryModel,
            format!("ee/app/models/geo/{name}_registry.rb"),
        ),
        (
            Tpl::RegistryFactory,
            format!("ee/spec/factories/geo/{name}_registry.rb"),
        ),
        (
            Tpl::RegistryModelSpec,
            format!("ee/spec/models/geo/{name}_registry_spec.rb"),
        ),
        (Tpl::VerificationStateMigration, mig(&state)),
        (Tpl::VerificationIndexMigration, mig(&index)),
        (
            Tpl::Finder,
            format!("ee/app/finders/geo/{name}_registry_finder.rb"),
        ),
        (
            Tpl::FinderSpec,
            format!("ee/spec/finders/geo/{name}_registry_finder_spec.rb"),
        ),
        (
            Tpl::Resolver,
            format!("ee/app/graphql/resolvers/geo/{name}_registries_resolver.rb"),
        ),
        (
            Tpl::ResolverSpec,
            format!("ee/spec/graphql/resolvers/geo/{name}_registries_resolver_spec.rb"),
        ),
        (
            Tpl::RegistryType,
            format!("ee/app/graphql/types/geo/{name}_registry_type.rb"),
        ),
        (
            Tpl::RegistryTypeSpec,
            format!("ee/spec/graphql/types/geo/{name}_registry_type_spec.rb"),
        ),
    ]
}

/// The model class a replicator file names in `def self.model`.
fn replicator_model(src: &str) -> Option<String> {
    let after = &src[src.find("def self.model")?..];
    let body = after.lines().nth(1)?.trim().trim_start_matches("::");
    (!body.is_empty() && body.chars().all(|c| c.is_ascii_alphanumeric() || c == ':'))
        .then(|| body.to_string())
}

/// The framework types already wired in (`Gitlab::Geo.replicator_classes`),
/// other than `skip`, with spellings from the manifest where recorded.
pub fn existing_types(
    tree: &Tree,
    geo_lib: &str,
    manifest: &Manifest,
    skip: &str,
) -> Result<Vec<Names>> {
    let mut out = Vec::new();
    for class in shared_files::replicator_classes(geo_lib)? {
        let Some(name) = Names::name_of_replicator(&class) else {
            continue;
        };
        if name == skip {
            continue;
        }
        let names = match manifest.get(&name) {
            Some(e) => Names::existing(&name, Some(&e.plural), Some(&e.label), Some(&e.model)),
            None => {
                let path = format!("ee/app/replicators/geo/{name}_replicator.rb");
                let model = tree.read(&path)?.as_deref().and_then(replicator_model);
                Names::existing(&name, None, None, model.as_deref())
            }
        };
        out.push(names);
    }
    Ok(out)
}

/// Fills options the command line left out from the manifest's record.
fn with_recorded(s: &Scaffold, recorded: Option<&Entry>) -> Scaffold {
    let mut s = s.clone();
    if let Some(e) = recorded {
        s.input.model = s.input.model.or_else(|| Some(e.model.clone()));
        s.input.plural = s.input.plural.or_else(|| Some(e.plural.clone()));
        s.input.label = s.input.label.or_else(|| Some(e.label.clone()));
        s.feature_flag = s.feature_flag.or_else(|| Some(e.feature_flag.clone()));
        s.model_path = s.model_path.or_else(|| e.model_path.clone());
        s.strategy = s.strategy.or(Some(e.strategy));
    }
    s
}

/// Reads the manifest, if any.
pub fn read_manifest(tree: &Tree) -> Result<(Option<String>, Manifest)> {
    let text = tree.read(manifest::PATH)?;
    let m = match &text {
        Some(t) => Manifest::parse(t)?,
        None => Manifest::empty(),
    };
    Ok((text, m))
}

/// Builds the plan that adds (or removes) one type.
pub fn build(
    tree: &Tree,
    manifest_text: Option<&str>,
    manifest: &Manifest,
    req: &Scaffold,
    mode: Mode,
) -> Result<Plan> {
    let first = Names::new(&req.input).map_err(|e| anyhow!(e))?;
    let recorded = manifest.get(&first.name).cloned();
    if mode == Mode::Remove && recorded.is_none() {
        return Err(anyhow!(
            "`{}` is not recorded in {}: geo-scaffold only removes what it scaffolded",
            first.name,
            manifest::PATH
        ));
    }
    let req = with_recorded(req, recorded.as_ref());
    let strategy = req.strategy.ok_or_else(|| {
        anyhow!("missing `--strategy`: use `--strategy blob` or `--strategy repository`")
    })?;
    let feature_flag = req
        .feature_flag
        .clone()
        .unwrap_or_else(|| DEFAULT_FEATURE_FLAG.to_string());
    if feature_flag.is_empty()
        || !feature_flag
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(anyhow!(
            "invalid --feature-flag `{feature_flag}`: use a snake_case flag name, e.g. `geo_{}_replication`",
            first.name
        ));
    }
    let pre = Names::new(&req.input).map_err(|e| anyhow!(e))?;
    let model = tree.find_model(&pre.model_class, req.model_path.as_deref())?;
    let class_src = tree.read_required(&model.class_path)?;
    let mut input = req.input.clone();
    input.name = Some(pre.name.clone());
    input.table = declared_table(&class_src);
    let names = Names::new(&input).map_err(|e| anyhow!(e))?;

    // Migration timestamps: the file on disk, else the record, else new.
    let mut ts = BTreeMap::new();
    let base = match &req.timestamp {
        Some(t) => timestamp::parse(t)?,
        None => timestamp::parse(&timestamp::now())?,
    };
    let mut next = base;
    for (kind, dir, suffix) in migrations(&names) {
        let recorded_ts = recorded
            .as_ref()
            .and_then(|e| e.migrations.get(kind).cloned());
        // A recorded migration still in place needs no directory listing
        // (db/migrate holds thousands of files in a real checkout).
        let in_place = recorded_ts
            .clone()
            .filter(|t| tree.abs(&format!("{dir}/{t}_{suffix}.rb")).is_file());
        let found = match in_place {
            Some(t) => Some(t),
            None => tree.find_migration(dir, &suffix)?,
        };
        let t = match found.or(recorded_ts) {
            Some(t) => t,
            None => {
                let used = tree.migration_timestamps(dir)?;
                let taken: Vec<&String> = ts.values().collect();
                while used.contains(&timestamp::format(next))
                    || taken.contains(&&timestamp::format(next))
                {
                    next += 1;
                }
                let t = timestamp::format(next);
                next += 1;
                t
            }
        };
        ts.insert(kind.to_string(), t);
    }

    let geo_lib = tree.read_required(GEO_LIB)?;
    let others = existing_types(tree, &geo_lib, manifest, &names.name)?;
    let types = Types {
        new: &names,
        others: &others,
    };
    // A model outside ee/ without an EE module gets one, generated (and
    // recorded like the other generated files), plus the `prepend_if_ee` line
    // in the model; otherwise the existing file is patched.
    let existing_link = tree.read(&model.link_path)?;
    let creates_module = model.link_path != model.class_path
        && (existing_link.is_none()
            || recorded
                .as_ref()
                .is_some_and(|e| e.files.contains_key(&model.link_path)));
    let link_src = match (&existing_link, creates_module) {
        (_, true) => ee_module_skeleton(&names.model_class),
        (Some(src), false) => src.clone(),
        (None, false) => tree.read_required(&model.link_path)?,
    };
    let scopes_added = recorded.as_ref().map_or_else(
        || !(link_src.contains("scope :checksummed,") || link_src.contains("def self.checksummed")),
        |e| e.scopes_added,
    );
    let ctx = Context {
        n: &names,
        strategy,
        feature_flag: &feature_flag,
        scopes_added,
    };

    let mut changes = Vec::new();
    let mut files = BTreeMap::new();
    let mut generate = |path: String, rendered: String| -> Result<()> {
        let before = tree.read(&path)?;
        let recorded_hash = recorded.as_ref().and_then(|e| e.files.get(&path).cloned());
        let (change, hash) = generated_change(
            path,
            before,
            rendered,
            recorded_hash,
            mode,
            req.force,
            req.skip,
        );
        if let Some(h) = hash {
            files.insert(change.path.clone(), h);
        }
        changes.push(change);
        Ok(())
    };
    let rendered: Vec<(String, String)> = generated(&names, &ts)
        .into_iter()
        .map(|(tpl, path)| (path, render(tpl, &ctx)))
        .collect();
    // Generated migrations must fit PostgreSQL's 63-byte names, checked before
    // anything is read or written; one the user wrote by hand instead and
    // keeps with --skip is theirs.
    if mode == Mode::Add {
        for (path, text) in &rendered {
            if let Err(e) = identifiers::check(path, text, &names)
                && !(req.skip && matches!(tree.read(path), Ok(Some(_))))
            {
                return Err(anyhow!(e));
            }
        }
    }
    for (path, text) in rendered {
        generate(path, text)?;
    }
    if creates_module {
        let module = shared_files::model(&link_src, &model.link_path, &types, Mode::Add, &ctx)?;
        generate(model.link_path.clone(), module)?;
    }
    // An EE module kept because it was edited by hand stays prepended.
    let prepend_mode = match changes.last() {
        Some(c) if creates_module && c.status == Status::Modified => Mode::Add,
        _ => mode,
    };

    // Read on this thread; parse and patch the shared files in parallel
    // (tree-sitter parsing dominates a scaffold's run time).
    let mut sources = Vec::with_capacity(SHARED_FILES.len());
    for shared in SHARED_FILES {
        let src = if shared.path == GEO_LIB {
            geo_lib.clone()
        } else {
            tree.read_required(shared.path)?
        };
        sources.push(src);
    }
    // Two workers (the machines this runs on have at least two cores) take
    // the patches from one queue, the most expensive first (Ruby files cost
    // several times their size in parsing).
    let n = SHARED_FILES.len();
    let job = |i: usize| -> Result<String> {
        match SHARED_FILES.get(i) {
            Some(shared) => (shared.patch)(&sources[i], &types, mode, &ctx),
            None if creates_module => {
                shared_files::prepend_ee(&class_src, &model.class_path, &names, prepend_mode)
            }
            None => shared_files::model(&link_src, &model.link_path, &types, mode, &ctx),
        }
    };
    let cost = |i: usize| {
        let (path, len) = match SHARED_FILES.get(i) {
            Some(shared) => (shared.path, sources[i].len()),
            None => (model.link_path.as_str(), link_src.len()),
        };
        if path.ends_with(".rb") { len * 4 } else { len }
    };
    let mut order: Vec<usize> = (0..=n).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(cost(i)));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&i) = order.get(k) else { break done };
            done.push((i, job(i)));
        }
    };
    let mut patched: Vec<Option<Result<String>>> = (0..=n).map(|_| None).collect();
    std::thread::scope(|scope| {
        let other = scope.spawn(work);
        let mine = work();
        let theirs = other
            .join()
            .unwrap_or_else(|_| vec![(0, Err(anyhow!("internal error: a patcher panicked")))]);
        for (i, r) in mine.into_iter().chain(theirs) {
            patched[i] = Some(r);
        }
    });
    let patched: Vec<Result<String>> = patched
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(anyhow!("internal error: a patch did not run"))))
        .collect();
    let paths = SHARED_FILES
        .iter()
        .map(|s| s.path.to_string())
        .chain(std::iter::once(if creates_module {
            model.class_path.clone()
        } else {
            model.link_path.clone()
        }));
    let befores = sources
        .into_iter()
        .chain(std::iter::once(if creates_module {
            class_src.clone()
        } else {
            link_src
        }));
    for ((path, before), after) in paths.zip(befores).zip(patched) {
        changes.push(shared_change(&path, before, after?));
    }

    let entry = Entry {
        name: names.name.clone(),
        strategy,
        model: names.model_class.clone(),
        plural: names.plural.clone(),
        label: names.label.clone(),
        feature_flag: feature_flag.clone(),
        model_path: req.model_path.clone(),
        scopes_added,
        migrations: ts,
        files,
    };
    let mut m = manifest.clone();
    match mode {
        Mode::Add => m.upsert(&entry),
        Mode::Remove => m.remove(&names.name)?,
    }
    let rendered = m.render();
    // A manifest left with nothing but what geo-scaffold wrote goes away.
    let after = (!(mode == Mode::Remove && m.names().is_empty() && rendered.trim().is_empty()))
        .then_some(rendered);
    let status = match (manifest_text, &after) {
        (None, _) => Status::Create,
        (Some(_), None) => Status::Remove,
        (Some(b), Some(a)) if b == a => Status::Identical,
        (Some(_), Some(_)) => Status::Update,
    };
    changes.push(FileChange {
        path: manifest::PATH.to_string(),
        before: manifest_text.map(str::to_string),
        after,
        wanted: None,
        origin: Origin::Manifest,
        status,
    });
    Ok(Plan {
        names,
        entry,
        model,
        changes,
    })
}

/// The change for one generated file: what it becomes and the hash to record.
fn generated_change(
    path: String,
    before: Option<String>,
    rendered: String,
    recorded_hash: Option<String>,
    mode: Mode,
    force: bool,
    skip: bool,
) -> (FileChange, Option<String>) {
    let ours = |text: &str| recorded_hash.as_deref() == Some(manifest::hash(text).as_str());
    let (after, status, hash) = match (mode, &before) {
        (Mode::Add, None) => (
            Some(rendered.clone()),
            Status::Create,
            Some(manifest::hash(&rendered)),
        ),
        (Mode::Add, Some(b)) if *b == rendered => {
            (before.clone(), Status::Identical, Some(manifest::hash(b)))
        }
        (Mode::Add, Some(b)) if ours(b) || force => (
            Some(rendered.clone()),
            Status::Update,
            Some(manifest::hash(&rendered)),
        ),
        (Mode::Add, Some(_)) if recorded_hash.is_some() => {
            (before.clone(), Status::Modified, recorded_hash.clone())
        }
        // Recorded as kept: later runs, `check` and `sync` treat it as
        // edited by hand (kept, reported), never as a conflict.
        (Mode::Add, Some(_)) if skip => (before.clone(), Status::Skip, Some(KEPT.to_string())),
        (Mode::Add, Some(_)) => (before.clone(), Status::Conflict, None),
        (Mode::Remove, None) => (None, Status::Identical, None),
        (Mode::Remove, Some(b)) if ours(b) || *b == rendered || force => {
            (None, Status::Remove, None)
        }
        (Mode::Remove, Some(_)) => (before.clone(), Status::Modified, None),
    };
    let wanted = (after.as_deref() != Some(rendered.as_str())).then_some(rendered);
    let change = FileChange {
        path,
        before,
        after,
        wanted,
        origin: Origin::Generated,
        status,
    };
    (change, hash)
}

/// An empty EE module for `model` (`module EE; module Ci; module SecureFile`),
/// for the model patch to fill.
fn ee_module_skeleton(model: &str) -> String {
    let segments: Vec<&str> = model.split("::").collect();
    let mut out = String::from("# frozen_string_literal: true\n\nmodule EE\n");
    for (depth, seg) in segments.iter().enumerate() {
        out.push_str(&format!("{}module {seg}\n", "  ".repeat(depth + 1)));
    }
    out.push_str(&format!(
        "{}extend ActiveSupport::Concern\n",
        "  ".repeat(segments.len() + 1)
    ));
    for depth in (0..segments.len()).rev() {
        out.push_str(&format!("{}end\n", "  ".repeat(depth + 1)));
    }
    out.push_str("end\n");
    out
}

fn shared_change(path: &str, before: String, after: String) -> FileChange {
    let status = if before == after {
        Status::Identical
    } else {
        Status::Update
    };
    FileChange {
        path: path.to_string(),
        before: Some(before),
        after: Some(after),
        wanted: None,
        origin: Origin::Shared,
        status,
    }
}

/// The settings recorded for a type, as a scaffold request.
pub fn from_entry(e: &Entry) -> Scaffold {
    Scaffold {
        input: NameInput {
            name: Some(e.name.clone()),
            model: Some(e.model.clone()),
            plural: Some(e.plural.clone()),
            label: Some(e.label.clone()),
            table: None,
        },
        strategy: Some(e.strategy),
        feature_flag: Some(e.feature_flag.clone()),
        model_path: e.model_path.clone(),
        timestamp: None,
        force: false,
        skip: false,
    }
}
