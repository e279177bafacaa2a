//! Probes of the framework's own features: the replicator list, derived
//! status, flags, EE prepend, model concern, Geo schema, migration class.

use super::*;

pub(super) fn replicator_list(geo_lib: &str) -> Finding<ReplicatorList> {
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

pub(super) fn status_fields(checkout: &Checkout) -> Result<Finding<StatusFields>> {
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

pub(super) fn flags(checkout: &Checkout) -> Result<Finding<Flags>> {
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

pub(super) fn prepend(checkout: &Checkout) -> Result<Finding<Prepend>> {
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

pub(super) fn replicable_model(checkout: &Checkout) -> Finding<ReplicableModel> {
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
pub(super) fn model_include(checkout: &Checkout) -> Option<(ReplicableModel, String)> {
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

pub(super) fn geo_schema(checkout: &Checkout) -> Finding<GeoSchema> {
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

/// The highest migration class among the newest migrations of both
/// databases, and whether that migration declares `DOWNTIME`.
pub(super) fn migration_class(checkout: &Checkout) -> Result<(Finding<String>, Finding<bool>)> {
    let mut best: Option<(u32, u32, u32, String, String, bool)> = None;
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
                let downtime = src.contains("DOWNTIME =");
                best = Some((rank.0, rank.1, rank.2, class, path, downtime));
            }
        }
    }
    Ok(match best {
        Some((.., class, path, downtime)) => (
            found(class.clone(), format!("{path}: `{class}`")),
            found(
                downtime,
                format!(
                    "{path}: {}",
                    if downtime {
                        "declares `DOWNTIME = false`"
                    } else {
                        "no `DOWNTIME` constant"
                    }
                ),
            ),
        ),
        None => (
            found(
                "ActiveRecord::Migration[6.0]".to_string(),
                "no migrations to read: the seed's `ActiveRecord::Migration[6.0]` assumed",
            ),
            found(
                true,
                "no migrations to read: the seed's `DOWNTIME = false` assumed",
            ),
        ),
    })
}

/// `(family, major, minor)` and the class of a migration file's superclass;
/// `Gitlab::Database::Migration` ranks above `ActiveRecord::Migration`.
pub(super) fn migration_class_of(src: &str) -> Option<((u32, u32, u32), String)> {
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
