//! What a scaffold reads from the tree about the type beyond its spellings:
//! the milestone, the titles, the reference type of the same strategy, the
//! model's factory, spec category, uploader and project scoping. Read once
//! per plan; templates and patchers only look them up.

use anyhow::Result;
use heck::ToSnakeCase;

use crate::checkout::Checkout;
use crate::names::Names;
use crate::plan::Resolved;
use crate::probe::Probes;
use crate::steps::replicator;
use crate::strategy::Strategy;

/// The facts of one type.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The milestone new files carry (`18.10`).
    pub milestone: String,
    /// `replicable_title` (`Widget Archive`).
    pub title: String,
    /// `replicable_title_plural` (`Widget Archives`).
    pub title_plural: String,
    /// The last listed framework type of the same strategy with a replicator
    /// file: the type whose entries and files new ones are modelled on.
    pub reference: Option<String>,
    /// The model's factory (`widget_archive`).
    pub model_factory: String,
    /// The file that defines it (`spec/factories/widgets/archives.rb`).
    pub model_factory_path: Option<String>,
    /// The model's path under `models/` without `.rb` (`widgets/archive`).
    pub model_path: String,
    /// `feature_category` of the model's own spec (`team_planning`).
    pub model_category: Option<String>,
    /// The model belongs to a project and has `project_id_in` (selective sync
    /// by project).
    pub project_scoped: bool,
    /// The model already has a `project_id_in` scope.
    pub has_project_id_in: bool,
    /// The uploader the model mounts (`Widgets::ArchiveUploader`).
    pub uploader: Option<String>,
    /// The model factory has a `:with_repository` trait.
    pub factory_with_repository: bool,
    /// Types have a `geo_<name>_force_primary_checksumming` ops flag too
    /// (the tree defines some, or GitLab's own generator writes one).
    pub force_checksum_flag: bool,
    /// That flag of this type is defined already, not by the scaffold.
    pub force_checksum_flag_defined: bool,
    /// The line that prepends the EE module into the model, written the way
    /// the reference type's model does (`Widgets::Archive.prepend_mod`).
    pub prepend_line: String,
    /// The model has no prepend line of its own: the scaffold adds one (as
    /// recorded, once scaffolded).
    pub prepend_added: bool,
    /// `gitlab_schema` of the newest verification states dictionary.
    pub states_schema: String,
    /// Its `table_size`, when it has one.
    pub states_table_size: Option<String>,
    /// The states table's sharding key column (`project_id`), where the tree
    /// shards them (19.x) or `--sharding-key` asks for one.
    pub sharding_key: Option<String>,
    /// The table the sharding key points at (`projects`).
    pub sharding_table: String,
    /// The key in CamelCase, for migration class names (`ProjectId`).
    pub sharding_key_class: String,
    /// The registry's unique index on the model id.
    pub registry_fk_index: String,
    /// The states table's five verification indexes: state, pending, failed,
    /// needs verification, started.
    pub states_indexes: [String; 5],
    /// A name for the states table's index on the model id when Rails' own
    /// (`index_<table>_on_<column>`) would pass 63 bytes.
    pub states_fk_index: Option<String>,
}

/// PostgreSQL's identifier limit.
const MAX_IDENTIFIER: usize = 63;

/// An index name within PostgreSQL's 63 bytes: as given when it fits, else
/// with `index_` shortened to `idx_`, else cut and suffixed with a hash of the
/// full name (deterministic, so re-runs agree).
pub fn identifier(full: &str) -> String {
    if full.len() <= MAX_IDENTIFIER {
        return full.to_string();
    }
    let short = match full.strip_prefix("index_") {
        Some(rest) => format!("idx_{rest}"),
        None => full.to_string(),
    };
    if short.len() <= MAX_IDENTIFIER {
        return short;
    }
    use sha2::{Digest, Sha256};
    let digest: String = Sha256::digest(full.as_bytes())
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{}_{digest}", &short[..MAX_IDENTIFIER - 9])
}

/// The table a sharding key column points at.
fn sharding_table(key: &str) -> String {
    match key {
        "project_id" => "projects".to_string(),
        "namespace_id" => "namespaces".to_string(),
        "organization_id" => "organizations".to_string(),
        "uploaded_by_user_id" | "user_id" => "users".to_string(),
        other => crate::names::pluralize(other.strip_suffix("_id").unwrap_or(other)),
    }
}

/// Titleize like ActiveSupport: each word capitalised (`gadget repository`
/// -> `Gadget Repository`).
pub fn titleize(words: &str) -> String {
    words
        .split([' ', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl Facts {
    /// Reads the facts of `n` (a `strategy` type) from the checkout; `others`
    /// are the framework types the tree lists, in order.
    pub fn read(
        checkout: &Checkout,
        probes: &Probes,
        r: &Resolved,
        others: &[Names],
    ) -> Result<Facts> {
        let (n, strategy, class_src) = (&r.names, r.strategy, r.class_src.as_str());
        let (milestone, sharding_key) = (r.req.milestone.as_deref(), r.req.sharding_key.as_deref());
        let model_path = model_path(&n.model_class);
        let (model_factory, model_factory_path) = model_factory(checkout, n, &model_path)?;
        let factory_with_repository = match &model_factory_path {
            Some(p) => peek(checkout, p).is_some_and(|src| src.contains("trait :with_repository")),
            None => false,
        };
        let reference = reference(checkout, others, strategy)?;
        let (force_checksum_flag, force_checksum_flag_defined) = match &probes.flags.value {
            crate::probe::Flags::PerType { dir } if crate::steps::concern_framework(probes) => {
                let listed = checkout.list(dir)?.iter().any(|f| {
                    f.starts_with("geo_") && f.ends_with("_force_primary_checksumming.yml")
                });
                let path = format!("{dir}/geo_{}_force_primary_checksumming.yml", n.name);
                let defined = checkout.abs(&path).is_file()
                    && !r
                        .recorded
                        .as_ref()
                        .is_some_and(|e| e.files.contains_key(&path));
                (listed || probes.in_tree_generator.value, defined)
            }
            _ => (false, false),
        };
        let prepend_line = prepend_line(checkout, probes, n, others, reference.as_deref())?;
        let model_category = peek(checkout, &format!("spec/models/{model_path}_spec.rb"))
            .as_deref()
            .and_then(feature_category_of);
        let (states_schema, states_table_size) = states_dictionary(checkout)?;
        let project_scoped =
            class_src.contains("project_id_in") || class_src.contains("belongs_to :project");
        let generator = probes.in_tree_generator.value;
        // 19.x shards every states table; elsewhere only when asked.
        let sharding_key = sharding_key
            .map(str::to_string)
            .or_else(|| (generator && project_scoped).then(|| "project_id".to_string()));
        let (states_schema, states_table_size) = match (&sharding_key, generator) {
            (Some(_), _) => ("gitlab_main_org".to_string(), None),
            (None, true) => ("gitlab_main_cell_setting".to_string(), None),
            (None, false) => (states_schema, states_table_size),
        };
        let name = &n.name;
        let states = format!("{name}_states");
        let fk_index = format!("index_{states}_on_{name}_id");
        Ok(Facts {
            milestone: milestone
                .map(str::to_string)
                .or_else(|| probes.milestone.value.clone())
                .unwrap_or_default(),
            title: titleize(&n.label_singular),
            title_plural: titleize(&n.label),
            reference,
            force_checksum_flag,
            force_checksum_flag_defined,
            factory_with_repository,
            prepend_line,
            prepend_added: r.recorded.as_ref().map_or_else(
                || !(class_src.contains(".prepend_mod") || class_src.contains(".prepend_if_ee(")),
                |e| e.prepend_added,
            ),
            has_project_id_in: class_src.contains("project_id_in"),
            model_factory,
            model_factory_path,
            model_path,
            model_category,
            project_scoped,
            uploader: uploader_of(class_src),
            states_schema,
            states_table_size,
            sharding_table: sharding_key
                .as_deref()
                .map(sharding_table)
                .unwrap_or_default(),
            sharding_key_class: sharding_key
                .as_deref()
                .map(heck::ToUpperCamelCase::to_upper_camel_case)
                .unwrap_or_default(),
            sharding_key,
            registry_fk_index: identifier(&format!("index_{name}_registry_on_{name}_id")),
            states_indexes: [
                identifier(&format!("index_{states}_on_verification_state")),
                identifier(&format!("index_{states}_pending_verification")),
                identifier(&format!("index_{states}_failed_verification")),
                identifier(&format!("index_{states}_needs_verification_id")),
                identifier(&format!("index_{states}_on_verification_started")),
            ],
            states_fk_index: (fk_index.len() > MAX_IDENTIFIER).then(|| identifier(&fk_index)),
        })
    }
}

/// `Model.prepend_mod` or `Model.prepend_mod_with('Model')` as the
/// reference type's model writes it; else the form the probe found.
fn prepend_line(
    checkout: &Checkout,
    probes: &Probes,
    n: &Names,
    others: &[Names],
    reference: Option<&str>,
) -> Result<String> {
    let model = &n.model_class;
    let reference_model = reference
        .and_then(|r| others.iter().find(|o| o.name == r))
        .map(|o| model_path(&o.model_class));
    if let Some(path) = reference_model {
        for dir in ["app/models", "ee/app/models"] {
            if let Some(src) = peek(checkout, &format!("{dir}/{path}.rb")) {
                if src.contains(".prepend_mod_with(") {
                    return Ok(format!("{model}.prepend_mod_with('{model}')"));
                }
                if src.contains(".prepend_mod\n") || src.trim_end().ends_with(".prepend_mod") {
                    return Ok(format!("{model}.prepend_mod"));
                }
            }
        }
    }
    Ok(match probes.prepend.value {
        crate::probe::Prepend::ModWith => format!("{model}.prepend_mod_with('{model}')"),
        crate::probe::Prepend::IfEe => format!("{model}.prepend_if_ee('EE::{model}')"),
    })
}

/// A file the facts are read from, when it can be read: facts are hints,
/// and a path too long or unreadable is one that tells nothing.
fn peek(checkout: &Checkout, path: &str) -> Option<String> {
    checkout.read(path).ok().flatten()
}

/// `Widgets::Archive` -> `widgets/archive`.
pub fn model_path(model_class: &str) -> String {
    model_class
        .split("::")
        .map(|s| s.to_snake_case())
        .collect::<Vec<_>>()
        .join("/")
}

/// The replicator strategy a replicator's source includes.
pub fn strategy_of(replicator_src: &str) -> Option<Strategy> {
    if replicator_src.contains("BlobReplicatorStrategy") {
        Some(Strategy::Blob)
    } else if replicator_src.contains("RepositoryReplicatorStrategy") {
        Some(Strategy::Repository)
    } else {
        None
    }
}

/// The reference type of `strategy`: the last listed type whose replicator
/// includes that strategy.
pub fn reference(
    checkout: &Checkout,
    others: &[Names],
    strategy: Strategy,
) -> Result<Option<String>> {
    for n in others.iter().rev() {
        if let Some(src) = checkout.read(&replicator::path(&n.name))?
            && strategy_of(&src) == Some(strategy)
        {
            return Ok(Some(n.name.clone()));
        }
    }
    Ok(None)
}

/// The model's factory: the one declared with the model's class, else the
/// one named after the class (`class_name.underscore.tr('/', '_')`), looked
/// for in the factory files Rails conventions put it in.
fn model_factory(
    checkout: &Checkout,
    n: &Names,
    model_path: &str,
) -> Result<(String, Option<String>)> {
    let default = model_path.replace('/', "_");
    let plural_path = crate::names::pluralize(model_path);
    let candidates = [
        format!("spec/factories/{plural_path}.rb"),
        format!("spec/factories/{}.rb", n.table),
        format!("spec/factories/{}.rb", n.plural),
        format!("ee/spec/factories/{plural_path}.rb"),
    ];
    let class_patterns = [
        format!("class: '{}'", n.model_class),
        format!("class: \"{}\"", n.model_class),
        format!("class: {}", n.model_class),
        format!("class: '::{}'", n.model_class),
        format!("class: ::{}", n.model_class),
    ];
    for path in &candidates {
        let Some(src) = peek(checkout, path) else {
            continue;
        };
        for line in src.lines() {
            let t = line.trim();
            let Some(rest) = t.strip_prefix("factory :") else {
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let classed = class_patterns.iter().any(|p| {
                rest.contains(&format!("{p},"))
                    || rest.contains(&format!("{p} "))
                    || rest.ends_with(p.as_str())
            });
            if classed || name == default {
                return Ok((name, Some(path.clone())));
            }
        }
    }
    Ok((default, None))
}

/// `feature_category: :team_planning` in a spec: `team_planning`.
fn feature_category_of(src: &str) -> Option<String> {
    let at = src.find("feature_category: :")? + "feature_category: :".len();
    let name: String = src[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// `mount_file_store_uploader Widgets::ArchiveUploader` (or `mount_uploader
/// :file, X`): the uploader class.
fn uploader_of(class_src: &str) -> Option<String> {
    class_src.lines().find_map(|l| {
        let t = l.trim();
        let rest = t
            .strip_prefix("mount_file_store_uploader ")
            .or_else(|| t.strip_prefix("mount_uploader :file, "))?;
        let class: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
            .collect();
        (!class.is_empty()).then(|| class.trim_start_matches("::").to_string())
    })
}

/// `gitlab_schema` and `table_size` of the newest (by milestone) states
/// dictionary of a Geo type in `db/docs/`; `gitlab_main` when there is none.
fn states_dictionary(checkout: &Checkout) -> Result<(String, Option<String>)> {
    let mut best: Option<((u32, u32), String, Option<String>)> = None;
    let mut files = checkout.list("db/docs")?;
    files.sort();
    for f in files.iter().filter(|f| f.ends_with("_states.yml")) {
        let Some(src) = checkout.read(&format!("db/docs/{f}"))? else {
            continue;
        };
        if !src.contains("Geo::") {
            continue;
        }
        let value = |key: &str| {
            src.lines().find_map(|l| {
                let v = l.strip_prefix(key)?.trim();
                Some(v.trim_matches(|c| c == '\'' || c == '"').to_string())
            })
        };
        let milestone = value("milestone:").unwrap_or_default();
        let mut parts = milestone.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
        let rank = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
        let Some(schema) = value("gitlab_schema:") else {
            continue;
        };
        if best.as_ref().is_none_or(|b| b.0 <= rank) {
            best = Some((rank, schema, value("table_size:")));
        }
    }
    Ok(match best {
        Some((_, schema, size)) => (schema, size),
        None => ("gitlab_main".to_string(), None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_paths() {
        assert_eq!(titleize("gadget repositories"), "Gadget Repositories");
        assert_eq!(titleize("Widget Archive"), "Widget Archive");
        assert_eq!(model_path("Widgets::Archive"), "widgets/archive");
    }

    #[test]
    fn identifiers_fit_postgres() {
        assert_eq!(
            identifier("index_widget_registry_on_widget_id"),
            "index_widget_registry_on_widget_id"
        );
        let long = "index_packages_nuget_symbol_registry_on_packages_nuget_symbol_id";
        assert_eq!(
            identifier(long),
            "idx_packages_nuget_symbol_registry_on_packages_nuget_symbol_id"
        );
        let longer = format!(
            "index_{0}_registry_on_{0}_id",
            "a_very_long_replicable_type_name"
        );
        let short = identifier(&longer);
        assert_eq!(short.len(), 63);
        assert_eq!(short, identifier(&longer));
    }

    #[test]
    fn uploaders_and_categories() {
        assert_eq!(
            uploader_of("  mount_file_store_uploader Widgets::ArchiveUploader\n"),
            Some("Widgets::ArchiveUploader".to_string())
        );
        assert_eq!(uploader_of("  belongs_to :project\n"), None);
        assert_eq!(
            feature_category_of(
                "RSpec.describe X, type: :model, feature_category: :team_planning do"
            ),
            Some("team_planning".to_string())
        );
    }
}
