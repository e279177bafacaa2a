//! What a tree's Geo framework looks like, feature by feature. GitLab changed
//! the framework many times (13.2 to 19.x); the tool never asks for a version
//! number: each probe reads one feature from the tree, steps choose their
//! variant from the probes, and `doctor` shows what was found and why.
//!
//! Probes read only a few small files (and list a few directories), so every
//! command can afford them.

use anyhow::Result;
use serde::Serialize;

use crate::checkout::Checkout;

/// One probe's answer and the evidence it rests on (a file and what it holds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding<T> {
    pub value: T,
    pub evidence: String,
}

fn found<T>(value: T, evidence: impl Into<String>) -> Finding<T> {
    Finding {
        value,
        evidence: evidence.into(),
    }
}

/// Where GitLab lists the replicator classes (`ee/lib/gitlab/geo.rb`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplicatorList {
    /// `def self.replicator_classes` with a literal array (13.2-13.8).
    Method,
    /// `REPLICATOR_CLASSES = [...].freeze` (13.9+); `sorted` when its
    /// entries are in byte order (19.x keeps it so).
    Constant { sorted: bool },
    /// Neither: the tree is not one the tool knows.
    Unknown,
}

/// Whether `GeoNodeStatus` lists each type's fields by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusFields {
    /// Literal per-type fields, metrics, loaders and percentages (13.2-13.5).
    ByHand,
    /// Derived from the replicator list (`status_fields_for`, ~13.6+).
    Derived,
}

/// How replication of a type is gated by a feature flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flags {
    /// The one `geo_self_service_framework` flag on the GraphQL field (13.2).
    Global,
    /// A `geo_<name>_replication` flag per type, defined in `dir`.
    PerType { dir: String },
}

/// How a model outside `ee/` gets its EE module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Prepend {
    /// `Model.prepend_if_ee('EE::Model')` (13.x).
    IfEe,
    /// `Model.prepend_mod_with('Model')` (14.0+).
    ModWith,
}

/// Where the framework's model concern lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplicableModel {
    /// `::Gitlab::Geo::ReplicableModel` in `ee/lib/gitlab/geo/` (13.x-14.x).
    Lib,
    /// `::Geo::ReplicableModel` (+ `::Geo::VerifiableModel`) in
    /// `ee/app/models/concerns/geo/` (15.x+).
    Concern,
}

/// The tracking database's schema file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GeoSchema {
    /// `ee/db/geo/schema.rb` (13.x-14.x).
    SchemaRb,
    /// `ee/db/geo/structure.sql` with `schema_migrations/` (late 14.x+).
    StructureSql,
}

/// Every feature a step may ask about.
#[derive(Debug, Clone, Serialize)]
pub struct Probes {
    pub replicator_list: Finding<ReplicatorList>,
    pub status_fields: Finding<StatusFields>,
    pub flags: Finding<Flags>,
    pub prepend: Finding<Prepend>,
    pub replicable_model: Finding<ReplicableModel>,
    pub geo_schema: Finding<GeoSchema>,
    /// The newest migration class the tree's migrations use
    /// (`ActiveRecord::Migration[6.0]`, `Gitlab::Database::Migration[2.3]`).
    pub migration_class: Finding<String>,
    /// GitLab's own generator (`bin/rails g geo:blob_replicator`, 19.x).
    pub in_tree_generator: Finding<bool>,
}

/// The generations of the framework, named by what they look like. Only a
/// label for `doctor`: steps ask the probes, never the generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Generation {
    /// 13.2-13.4: the seed document's step list.
    #[serde(rename = "13.2-13.4")]
    Seed,
    /// 13.5-14.x: replicator constant, derived status, per-type flags.
    #[serde(rename = "13.5-14.x")]
    Derived,
    /// 15.x-18.x: model concerns, `_states` tables, ops flags.
    #[serde(rename = "15.x-18.x")]
    States,
    /// 19.x: GitLab ships its own generator.
    #[serde(rename = "19.x")]
    Generator,
}

impl Generation {
    pub fn label(self) -> &'static str {
        match self {
            Generation::Seed => "13.2-13.4",
            Generation::Derived => "13.5-14.x",
            Generation::States => "15.x-18.x",
            Generation::Generator => "19.x",
        }
    }
}

const GEO_LIB: &str = "ee/lib/gitlab/geo.rb";
const STATUS: &str = "ee/app/models/geo_node_status.rb";
const GENERATOR: &str = "ee/lib/generators/geo/replicator_generator.rb";

impl Probes {
    /// The findings of a seed-era (13.2) tree, for unit tests of patchers.
    #[cfg(test)]
    pub fn seed() -> Probes {
        Probes {
            replicator_list: found(ReplicatorList::Method, "test"),
            status_fields: found(StatusFields::ByHand, "test"),
            flags: found(Flags::Global, "test"),
            prepend: found(Prepend::IfEe, "test"),
            replicable_model: found(ReplicableModel::Lib, "test"),
            geo_schema: found(GeoSchema::SchemaRb, "test"),
            migration_class: found("ActiveRecord::Migration[6.0]".to_string(), "test"),
            in_tree_generator: found(false, "test"),
        }
    }

    /// Reads every probe from the checkout.
    pub fn read(checkout: &Checkout) -> Result<Probes> {
        let geo_lib = checkout.read(GEO_LIB)?.unwrap_or_default();
        Ok(Probes {
            replicator_list: replicator_list(&geo_lib),
            status_fields: status_fields(checkout)?,
            flags: flags(checkout)?,
            prepend: prepend(checkout)?,
            replicable_model: replicable_model(checkout),
            geo_schema: geo_schema(checkout),
            migration_class: migration_class(checkout)?,
            in_tree_generator: if checkout.abs(GENERATOR).is_file() {
                found(true, format!("{GENERATOR} exists"))
            } else {
                found(false, format!("no {GENERATOR}"))
            },
        })
    }

    /// The generation these findings match, or what does not fit.
    pub fn generation(&self) -> Result<Generation, String> {
        use ReplicableModel::{Concern, Lib};
        use StatusFields::{ByHand, Derived};
        let list = self.replicator_list.value;
        if list == ReplicatorList::Unknown {
            return Err(format!(
                "no replicator list in {GEO_LIB} ({})",
                self.replicator_list.evidence
            ));
        }
        match (
            self.in_tree_generator.value,
            self.replicable_model.value,
            self.status_fields.value,
        ) {
            (true, Concern, Derived) => Ok(Generation::Generator),
            (false, Concern, Derived) => Ok(Generation::States),
            (false, Lib, Derived) => Ok(Generation::Derived),
            (false, Lib, ByHand) if list == ReplicatorList::Method => Ok(Generation::Seed),
            // 13.5: per-type flags with the fields still written by hand.
            (false, Lib, ByHand) => Ok(Generation::Derived),
            (generator, model, status) => Err(format!(
                "an unknown combination: in-tree generator {generator}, model concern {model:?}, status fields {status:?}"
            )),
        }
    }
}

fn replicator_list(geo_lib: &str) -> Finding<ReplicatorList> {
    if let Some(at) = geo_lib.find("REPLICATOR_CLASSES = [") {
        let body = &geo_lib[at..];
        let end = body.find(']').unwrap_or(body.len());
        let classes: Vec<&str> = body["REPLICATOR_CLASSES = [".len()..end]
            .split(',')
            .map(|c| c.trim())
            .filter(|c| !c.is_empty() && !c.starts_with('#'))
            .collect();
        let sorted = classes.len() > 1 && classes.windows(2).all(|w| w[0] <= w[1]);
        return found(
            ReplicatorList::Constant { sorted },
            format!(
                "{GEO_LIB}: `REPLICATOR_CLASSES = [...]` with {} classes{}",
                classes.len(),
                if sorted { ", sorted" } else { "" }
            ),
        );
    }
    if geo_lib.contains("def self.replicator_classes") {
        return found(
            ReplicatorList::Method,
            format!("{GEO_LIB}: `def self.replicator_classes`"),
        );
    }
    found(
        ReplicatorList::Unknown,
        format!("{GEO_LIB}: neither `REPLICATOR_CLASSES` nor `def self.replicator_classes`"),
    )
}

fn status_fields(checkout: &Checkout) -> Result<Finding<StatusFields>> {
    let src = checkout.read(STATUS)?.unwrap_or_default();
    Ok(
        if src.contains("status_fields_for") || src.contains("replicator_class_status_fields") {
            found(
                StatusFields::Derived,
                format!("{STATUS}: fields derived from the replicator list (`status_fields_for`)"),
            )
        } else {
            found(
                StatusFields::ByHand,
                format!("{STATUS}: per-type fields listed by hand"),
            )
        },
    )
}

fn flags(checkout: &Checkout) -> Result<Finding<Flags>> {
    for dir in [
        "ee/config/feature_flags/ops",
        "ee/config/feature_flags/development",
    ] {
        let per_type: Vec<String> = checkout
            .list(dir)
            .unwrap_or_default()
            .into_iter()
            .filter(|f| f.starts_with("geo_") && f.ends_with("_replication.yml"))
            .collect();
        if let Some(first) = per_type.first() {
            return Ok(found(
                Flags::PerType {
                    dir: dir.to_string(),
                },
                format!(
                    "{dir}: {} per-type replication flag(s), e.g. {first}",
                    per_type.len()
                ),
            ));
        }
    }
    Ok(found(
        Flags::Global,
        "no `geo_<name>_replication.yml` flags: the GraphQL field is gated by one global flag",
    ))
}

fn prepend(checkout: &Checkout) -> Result<Finding<Prepend>> {
    // `Project` is prepended in every generation; else the first model that is.
    let mut candidates = vec!["app/models/project.rb".to_string()];
    for dir in ["app/models", "app/models/packages"] {
        let mut files = checkout.list(dir).unwrap_or_default();
        files.sort();
        candidates.extend(
            files
                .into_iter()
                .filter(|f| f.ends_with(".rb"))
                .map(|f| format!("{dir}/{f}")),
        );
    }
    for path in candidates {
        let src = checkout.read(&path)?.unwrap_or_default();
        if src.contains(".prepend_mod") {
            return Ok(found(
                Prepend::ModWith,
                format!("{path}: `prepend_mod_with`"),
            ));
        }
        if src.contains(".prepend_if_ee(") {
            return Ok(found(Prepend::IfEe, format!("{path}: `prepend_if_ee`")));
        }
    }
    Ok(found(
        Prepend::IfEe,
        "no model prepends an EE module: `prepend_if_ee` assumed",
    ))
}

fn replicable_model(checkout: &Checkout) -> Finding<ReplicableModel> {
    const CONCERN: &str = "ee/app/models/concerns/geo/replicable_model.rb";
    const LIB: &str = "ee/lib/gitlab/geo/replicable_model.rb";
    if checkout.abs(CONCERN).is_file() {
        found(ReplicableModel::Concern, format!("{CONCERN} exists"))
    } else if checkout.abs(LIB).is_file() {
        found(ReplicableModel::Lib, format!("{LIB} exists"))
    } else if let Some((value, evidence)) = model_include(checkout) {
        found(value, evidence)
    } else {
        found(
            ReplicableModel::Lib,
            format!(
                "neither {CONCERN} nor {LIB}: the seed's `::Gitlab::Geo::ReplicableModel` assumed"
            ),
        )
    }
}

/// The concern a wired model includes, from the first EE model that does.
fn model_include(checkout: &Checkout) -> Option<(ReplicableModel, String)> {
    let dir = checkout.abs("ee/app/models");
    let mut files: Vec<_> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rb"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files.into_iter().find_map(|path| {
        let src = std::fs::read_to_string(&path).ok()?;
        let rel = path
            .strip_prefix(&checkout.root)
            .unwrap_or(&path)
            .display()
            .to_string();
        if src.contains("include ::Gitlab::Geo::ReplicableModel") {
            Some((
                ReplicableModel::Lib,
                format!("{rel}: `include ::Gitlab::Geo::ReplicableModel`"),
            ))
        } else if src.contains("include ::Geo::ReplicableModel") {
            Some((
                ReplicableModel::Concern,
                format!("{rel}: `include ::Geo::ReplicableModel`"),
            ))
        } else {
            None
        }
    })
}

fn geo_schema(checkout: &Checkout) -> Finding<GeoSchema> {
    const SQL: &str = "ee/db/geo/structure.sql";
    if checkout.abs(SQL).is_file() {
        found(GeoSchema::StructureSql, format!("{SQL} exists"))
    } else {
        found(
            GeoSchema::SchemaRb,
            format!("no {SQL}: `ee/db/geo/schema.rb`"),
        )
    }
}

/// The highest migration class among the newest migrations of both databases.
fn migration_class(checkout: &Checkout) -> Result<Finding<String>> {
    let mut best: Option<(u32, u32, u32, String, String)> = None;
    for dir in ["db/migrate", "ee/db/geo/migrate"] {
        let mut files: Vec<String> = checkout
            .list(dir)
            .unwrap_or_default()
            .into_iter()
            .filter(|f| f.ends_with(".rb"))
            .collect();
        files.sort();
        for f in files.iter().rev().take(20) {
            let path = format!("{dir}/{f}");
            let src = checkout.read(&path)?.unwrap_or_default();
            if let Some((rank, class)) = migration_class_of(&src)
                && best.as_ref().is_none_or(|b| (b.0, b.1, b.2) < rank)
            {
                best = Some((rank.0, rank.1, rank.2, class, path));
            }
        }
    }
    Ok(match best {
        Some((.., class, path)) => found(class.clone(), format!("{path}: `{class}`")),
        None => found(
            "ActiveRecord::Migration[6.0]".to_string(),
            "no migrations to read: the seed's `ActiveRecord::Migration[6.0]` assumed",
        ),
    })
}

/// `(family, major, minor)` and the class of a migration file's superclass;
/// `Gitlab::Database::Migration` ranks above `ActiveRecord::Migration`.
fn migration_class_of(src: &str) -> Option<((u32, u32, u32), String)> {
    for (family, prefix) in [
        (1, "Gitlab::Database::Migration["),
        (0, "ActiveRecord::Migration["),
    ] {
        if let Some(at) = src.find(prefix) {
            let rest = &src[at + prefix.len()..];
            let version = &rest[..rest.find(']')?];
            let mut parts = version.split('.').map(|p| p.parse::<u32>().ok());
            let major = parts.next()??;
            let minor = parts.next().flatten().unwrap_or(0);
            return Some(((family, major, minor), format!("{prefix}{version}]")));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicator_list_forms() {
        assert_eq!(
            replicator_list("def self.replicator_classes\n  classes = []\nend\n").value,
            ReplicatorList::Method
        );
        assert_eq!(
            replicator_list("REPLICATOR_CLASSES = [\n  ::Geo::B,\n  ::Geo::A\n].freeze\n").value,
            ReplicatorList::Constant { sorted: false }
        );
        assert_eq!(
            replicator_list("REPLICATOR_CLASSES = [\n  ::Geo::A,\n  ::Geo::B\n].freeze\n").value,
            ReplicatorList::Constant { sorted: true }
        );
        assert_eq!(replicator_list("").value, ReplicatorList::Unknown);
    }

    #[test]
    fn migration_classes_rank_by_family_then_version() {
        let a = migration_class_of("class X < ActiveRecord::Migration[6.1]\nend\n").expect("AR");
        let b =
            migration_class_of("class X < Gitlab::Database::Migration[2.1]\nend\n").expect("GL");
        let c =
            migration_class_of("class X < Gitlab::Database::Migration[2.3]\nend\n").expect("GL");
        assert!(a.0 < b.0 && b.0 < c.0);
        assert_eq!(c.1, "Gitlab::Database::Migration[2.3]");
    }
}
