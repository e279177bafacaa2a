//! Conventions read from the reference type's own files: spec style,
//! factories, registries, GraphQL wording, shared lists, milestones.

use super::*;

/// The framework types the replicator list names, in order.
pub(super) fn listed_types(geo_lib: &str) -> Vec<String> {
    crate::steps::replicator_list::replicator_classes(geo_lib)
        .unwrap_or_default()
        .iter()
        .filter_map(|c| Names::name_of_replicator(c))
        .collect()
}

/// The reference type's files: for each kind of file, the last listed
/// framework type that has one.
pub(super) struct Reference<'a> {
    pub(super) checkout: &'a Checkout,
    pub(super) listed: &'a [String],
}

impl Reference<'_> {
    /// `(path, text)` of the last listed type's file at `path(name)`.
    pub(super) fn last_file(
        &self,
        path: impl Fn(&str) -> String,
    ) -> Result<Option<(String, String)>> {
        for name in self.listed.iter().rev() {
            let p = path(name);
            if let Some(src) = self.checkout.read(&p)? {
                return Ok(Some((p, src)));
            }
        }
        Ok(None)
    }
}

pub(super) fn spec_style(r: &Reference) -> Result<Finding<SpecStyle>> {
    let spec = match r.last_file(|n| format!("ee/spec/replicators/geo/{n}_replicator_spec.rb"))? {
        Some(f) => Some(f),
        None => r.last_file(|n| format!("ee/spec/models/geo/{n}_registry_spec.rb"))?,
    };
    Ok(match spec {
        Some((path, src)) if src.contains("RSpec.describe") => found(
            SpecStyle::RSpecDescribe,
            format!("{path}: `RSpec.describe`"),
        ),
        Some((path, _)) => found(SpecStyle::Describe, format!("{path}: bare `describe`")),
        None => found(
            SpecStyle::Describe,
            "no framework type's spec to read: the seed's bare `describe` assumed",
        ),
    })
}

pub(super) fn geo_factories(r: &Reference) -> Result<Finding<bool>> {
    Ok(
        match r.last_file(|n| format!("ee/spec/factories/geo/{n}_registry.rb"))? {
            Some((path, src)) => {
                let prefixed = src.contains("factory :geo_");
                found(
                    prefixed,
                    format!(
                        "{path}: `factory :{}<name>_registry`",
                        if prefixed { "geo_" } else { "" }
                    ),
                )
            }
            None => found(
                false,
                "no registry factory to read: the seed's `:<name>_registry` assumed",
            ),
        },
    )
}

pub(super) fn registry_concern(r: &Reference) -> Result<Finding<RegistryConcern>> {
    const VERIFIABLE: &str = "ee/app/models/concerns/geo/verifiable_registry.rb";
    const REPLICABLE: &str = "ee/app/models/concerns/geo/replicable_registry.rb";
    let exists = |p: &str| r.checkout.abs(p).is_file();
    Ok(if exists(VERIFIABLE) {
        found(RegistryConcern::Verifiable, format!("{VERIFIABLE} exists"))
    } else if exists(REPLICABLE) {
        found(RegistryConcern::Replicable, format!("{REPLICABLE} exists"))
    } else {
        // Trees (and fixtures) without the concern files: what the
        // reference registry includes.
        match r.last_file(|n| format!("ee/app/models/geo/{n}_registry.rb"))? {
            Some((path, src)) if src.contains("VerifiableRegistry") => found(
                RegistryConcern::Verifiable,
                format!("{path}: includes `Geo::VerifiableRegistry`"),
            ),
            Some((path, src)) if src.contains("ReplicableRegistry") => found(
                RegistryConcern::Replicable,
                format!("{path}: includes `Geo::ReplicableRegistry`"),
            ),
            _ => found(
                RegistryConcern::StateMachine,
                format!("no {REPLICABLE}: the seed's `Geo::StateMachineRegistry` assumed"),
            ),
        }
    })
}

pub(super) fn verification_state(checkout: &Checkout) -> Finding<bool> {
    const LIB: &str = "ee/lib/gitlab/geo/verification_state.rb";
    if checkout.abs(LIB).is_file() {
        found(true, format!("{LIB} exists"))
    } else {
        found(
            false,
            format!("no {LIB}: checksum columns on the model's table"),
        )
    }
}

/// Where the type `name` (model `model`) keeps its primary verification state.
pub(super) fn table_of(checkout: &Checkout, name: &str, model: &str) -> Result<VerificationTable> {
    use heck::ToSnakeCase;
    let rel = model
        .split("::")
        .map(|s| s.to_snake_case())
        .collect::<Vec<_>>()
        .join("/");
    for path in [
        format!("ee/app/models/ee/{rel}.rb"),
        format!("ee/app/models/{rel}.rb"),
        format!("app/models/{rel}.rb"),
    ] {
        let src = checkout.read(&path)?.unwrap_or_default();
        if src.contains("verification_state_table_name")
            || src.contains(&format!("has_one :{name}_state"))
        {
            return Ok(VerificationTable::States);
        }
    }
    Ok(VerificationTable::Model)
}

pub(super) fn reference_tables(r: &Reference) -> Result<Finding<ReferenceTables>> {
    let mut tables = ReferenceTables {
        blob: None,
        repository: None,
    };
    for name in r.listed.iter().rev() {
        let replicator = r
            .checkout
            .read(&crate::steps::replicator::path(name))?
            .unwrap_or_default();
        let strategy = if replicator.contains("RepositoryReplicatorStrategy") {
            Strategy::Repository
        } else if replicator.contains("BlobReplicatorStrategy") {
            Strategy::Blob
        } else {
            continue;
        };
        let slot = match strategy {
            Strategy::Blob => &mut tables.blob,
            Strategy::Repository => &mut tables.repository,
        };
        if slot.is_some() {
            continue;
        }
        let registry = r
            .checkout
            .read(&format!("ee/app/models/geo/{name}_registry.rb"))?
            .unwrap_or_default();
        if !registry.contains("VerifiableRegistry") {
            continue;
        }
        let Some(model) = crate::steps::replicator::model_of(&replicator) else {
            continue;
        };
        *slot = Some((name.clone(), table_of(r.checkout, name, &model)?));
    }
    let say = |t: &Option<(String, VerificationTable)>| match t {
        Some((name, VerificationTable::Model)) => format!("{name} (model table)"),
        Some((name, VerificationTable::States)) => format!("{name} (separate table)"),
        None => "none".to_string(),
    };
    let evidence = format!(
        "last verifiable types: blob {}, repository {}",
        say(&tables.blob),
        say(&tables.repository)
    );
    Ok(found(tables, evidence))
}

pub(super) fn graphql_id(r: &Reference) -> Result<Finding<String>> {
    Ok(
        match r.last_file(|n| format!("ee/app/graphql/types/geo/{n}_registry_type.rb"))? {
            Some((path, src)) if src.contains("GraphQL::Types::ID") => found(
                "GraphQL::Types::ID".to_string(),
                format!("{path}: `GraphQL::Types::ID`"),
            ),
            Some((path, _)) => found(
                "GraphQL::ID_TYPE".to_string(),
                format!("{path}: `GraphQL::ID_TYPE`"),
            ),
            None => found(
                "GraphQL::ID_TYPE".to_string(),
                "no registry type to read: the seed's `GraphQL::ID_TYPE` assumed",
            ),
        },
    )
}

/// The label a registry type's `description` names it by: "a package file"
/// in "Represents the sync and verification state of a package file".
pub(super) fn described_label(src: &str) -> Option<&str> {
    let d = src
        .split("verification state of ")
        .nth(1)?
        .split('\'')
        .next()?;
    let d = d
        .strip_prefix("an ")
        .or_else(|| d.strip_prefix("a "))
        .unwrap_or(d);
    Some(d.trim_end_matches('.'))
}

pub(super) fn type_wording(r: &Reference) -> Result<Finding<TypeWording>> {
    Ok(
        match r.last_file(|n| format!("ee/app/graphql/types/geo/{n}_registry_type.rb"))? {
            Some((path, src)) => {
                let id = src
                    .split("description: 'ID of the ")
                    .nth(1)
                    .and_then(|d| d.split('\'').next())
                    .unwrap_or("");
                let words: Vec<&str> = id.trim_end_matches('.').split(' ').collect();
                let wording = TypeWording {
                    geo: src.contains("Represents the Geo sync"),
                    period: id.ends_with('.'),
                    title_case: words.len() > 1
                        && words
                            .iter()
                            .all(|w| w.starts_with(|c: char| c.is_ascii_uppercase())),
                    // A capital that is only the type's label used as given
                    // (`--label "Terraform states"`: "state of a Terraform
                    // state", "ID of the Terraform state") is not a convention.
                    capitalized: id.starts_with(|c: char| c.is_ascii_uppercase())
                        && described_label(&src) != Some(id.trim_end_matches('.')),
                    class_name: id_by_class(r)?,
                };
                found(wording, format!("{path}: `ID of the {id}`"))
            }
            None => found(
                TypeWording::default(),
                "no registry type to read: the seed's wording assumed, the ID's label in sentence case",
            ),
        },
    )
}

/// Whether the reference registry types describe their ID field by class
/// (`'ID of the TerraformState'`): the last one whose class reads unlike its
/// label decides (a one-word name reads the same both ways and tells nothing).
pub(super) fn id_by_class(r: &Reference) -> Result<bool> {
    for name in r.listed.iter().rev() {
        let path = format!("ee/app/graphql/types/geo/{name}_registry_type.rb");
        if let Some(src) = r.checkout.read(&path)? {
            let n = Names::existing(name, None, None, None);
            if n.class == n.label_singular_capitalized {
                continue;
            }
            return Ok(src.contains(&format!("'ID of the {}", n.class)));
        }
    }
    Ok(false)
}

pub(super) fn resolver_type(r: &Reference) -> Result<Finding<bool>> {
    Ok(
        match r.last_file(|n| format!("ee/app/graphql/resolvers/geo/{n}_registries_resolver.rb"))? {
            Some((path, src)) => {
                let declares = src.contains(".connection_type");
                found(
                    declares,
                    format!(
                        "{path}: {}",
                        if declares {
                            "declares `type ...connection_type, null: true`"
                        } else {
                            "no `type` declaration"
                        }
                    ),
                )
            }
            None => found(false, "no registries resolver to read: the seed's assumed"),
        },
    )
}

/// Whether the reference type's file of a kind contains `needle`.
pub(super) fn reference_has(
    r: &Reference,
    path: impl Fn(&str) -> String,
    needle: &str,
) -> Result<Finding<bool>> {
    Ok(match r.last_file(&path)? {
        Some((p, src)) if src.contains(needle) => found(true, format!("{p}: `{needle}`")),
        Some((p, _)) => found(false, format!("{p}: no `{needle}`")),
        None => found(false, format!("no file like {}", path("<name>"))),
    })
}

/// How the last listed type with a namespaced model is named: after the
/// whole class path, or with the namespace dropped.
pub(super) fn full_path_names(checkout: &Checkout, listed: &[String]) -> Result<Finding<bool>> {
    use heck::ToSnakeCase;
    for name in listed.iter().rev() {
        let path = crate::steps::replicator::path(name);
        let Some(model) = checkout
            .read(&path)?
            .as_deref()
            .and_then(crate::steps::replicator::model_of)
        else {
            continue;
        };
        if !model.contains("::") {
            continue;
        }
        let full: String = model
            .split("::")
            .map(|s| s.to_snake_case())
            .collect::<Vec<_>>()
            .join("_");
        return Ok(found(
            *name == full,
            format!("{path}: `{name}` for `{model}`"),
        ));
    }
    Ok(found(
        false,
        "no listed type with a namespaced model: the namespace is dropped as the seed does",
    ))
}

pub(super) fn dir_finding(checkout: &Checkout, dir: &str) -> Result<Finding<bool>> {
    let files = checkout.list(dir)?;
    Ok(if files.is_empty() {
        found(false, format!("no {dir}/"))
    } else {
        found(true, format!("{dir}/ holds {} file(s)", files.len()))
    })
}

pub(super) fn registry_naming(r: &Reference) -> Result<Finding<RegistryNaming>> {
    Ok(
        match r.last_file(|n| format!("ee/app/models/geo/{n}_registry.rb"))? {
            Some((p, src)) if src.contains("def self.model_class") => found(
                RegistryNaming::Methods,
                format!("{p}: `def self.model_class`"),
            ),
            Some((p, src)) if src.contains("MODEL_CLASS") => {
                found(RegistryNaming::Constants, format!("{p}: `MODEL_CLASS`"))
            }
            Some((p, _)) => found(RegistryNaming::BelongsTo, format!("{p}: `belongs_to` only")),
            None => found(
                RegistryNaming::BelongsTo,
                "no registry of a listed type: the seed's `belongs_to` only",
            ),
        },
    )
}

pub(super) fn registrable_types(checkout: &Checkout) -> Result<Finding<RegistrableTypes>> {
    Ok(match checkout.read(REGISTRABLE)? {
        None => found(RegistrableTypes::Absent, format!("no {REGISTRABLE}")),
        Some(src) if src.contains("GEO_REGISTRY_TYPES = {") => found(
            RegistrableTypes::Literal,
            format!("{REGISTRABLE}: a literal `GEO_REGISTRY_TYPES = {{...}}`"),
        ),
        Some(src) if src.contains("GEO_REGISTRY_TYPES") => found(
            RegistrableTypes::Derived,
            format!("{REGISTRABLE}: `GEO_REGISTRY_TYPES` built from the replicator list"),
        ),
        Some(_) => found(
            RegistrableTypes::Absent,
            format!("{REGISTRABLE}: no `GEO_REGISTRY_TYPES`"),
        ),
    })
}

pub(super) fn graphql_gating(checkout: &Checkout) -> Result<Finding<Gating>> {
    let src = checkout.read(NODE_TYPE)?.unwrap_or_default();
    Ok(if src.contains("experiment: { milestone:") {
        found(
            Gating::Experiment,
            format!("{NODE_TYPE}: fields marked `experiment: {{ milestone: ... }}`"),
        )
    } else {
        found(
            Gating::FeatureFlag,
            format!("{NODE_TYPE}: no `experiment:` field: `feature_flag:` on the field"),
        )
    })
}

/// The newest migration of either database (by timestamp): path and text.
pub(super) fn newest_migration(checkout: &Checkout) -> Result<Option<(String, String)>> {
    let mut best: Option<(String, String)> = None;
    for dir in ["db/migrate", "ee/db/geo/migrate"] {
        let newest = checkout
            .list(dir)?
            .into_iter()
            .filter(|f| {
                f.ends_with(".rb") && f.len() > 14 && f[..14].bytes().all(|b| b.is_ascii_digit())
            })
            .max();
        if let Some(f) = newest
            && best
                .as_ref()
                .is_none_or(|(b, _)| b.rsplit('/').next().unwrap_or(b) < f.as_str())
        {
            best = Some((format!("{dir}/{f}"), String::new()));
        }
    }
    Ok(match best {
        Some((path, _)) => {
            let src = checkout.read(&path)?.unwrap_or_default();
            Some((path, src))
        }
        None => None,
    })
}

/// `milestone '18.9'` in a migration: `18.9`.
pub(super) fn migration_milestone_of(src: &str) -> Option<String> {
    src.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("milestone")?.trim();
        let v = rest.trim_matches(|c| c == '\'' || c == '"');
        (!v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.')).then(|| v.to_string())
    })
}

/// `MAJOR.MINOR` of `VERSION` (`18.10.0-pre` -> `18.10`); else the newest
/// migration's `milestone`.
pub(super) fn milestone(
    checkout: &Checkout,
    newest: Option<&(String, String)>,
) -> Result<Finding<Option<String>>> {
    if let Some(v) = checkout.read("VERSION")? {
        let mut parts = v.trim().split(['.', '-']);
        if let (Some(major), Some(minor)) = (parts.next(), parts.next())
            && !major.is_empty()
            && major.bytes().all(|b| b.is_ascii_digit())
            && !minor.is_empty()
            && minor.bytes().all(|b| b.is_ascii_digit())
        {
            return Ok(found(
                Some(format!("{major}.{minor}")),
                format!("VERSION: `{}`", v.trim()),
            ));
        }
    }
    Ok(
        match newest.and_then(|(p, src)| Some((p, migration_milestone_of(src)?))) {
            Some((p, m)) => found(
                Some(m.clone()),
                format!("no VERSION; {p}: `milestone '{m}'`"),
            ),
            None => found(None, "no VERSION and no migration `milestone`"),
        },
    )
}

/// The class names of a `NAME = [...]` constant, in order.
pub(super) fn constant_classes<'s>(src: &'s str, name: &str) -> Option<Vec<&'s str>> {
    let open = format!("{name} = [");
    let at = src.find(&open)? + open.len();
    let body = &src[at..];
    let end = body.find(']')?;
    Some(
        body[..end]
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty() && !c.starts_with('#'))
            .collect(),
    )
}

pub const REGISTRY_WORKER: &str = "ee/app/workers/geo/secondary/registry_consistency_worker.rb";

pub(super) fn registry_worker(checkout: &Checkout) -> Result<Finding<Option<ListShape>>> {
    let src = checkout.read(REGISTRY_WORKER)?.unwrap_or_default();
    Ok(match constant_classes(&src, "REGISTRY_CLASSES") {
        Some(classes) => {
            let sorted = classes.len() > 1 && classes.windows(2).all(|w| w[0] <= w[1]);
            found(
                Some(ListShape { sorted }),
                format!(
                    "{REGISTRY_WORKER}: `REGISTRY_CLASSES` with {} classes{}",
                    classes.len(),
                    if sorted { ", sorted" } else { "" }
                ),
            )
        }
        None => found(None, format!("no `REGISTRY_CLASSES` in {REGISTRY_WORKER}")),
    })
}

/// Where GitLab keeps its inflections (loaded before Zeitwerk, 13.x+).
pub const INFLECTIONS: &str = "config/initializers_before_autoloader/000_inflections.rb";

pub(super) fn inflections(checkout: &Checkout) -> Result<Finding<bool>> {
    let src = checkout.read(INFLECTIONS)?.unwrap_or_default();
    Ok(
        if src.contains("inflect.uncountable") && src.contains("_registry") {
            found(
                true,
                format!("{INFLECTIONS}: registries listed as uncountable"),
            )
        } else {
            found(
                false,
                format!("{INFLECTIONS}: no registries listed as uncountable"),
            )
        },
    )
}

/// The keys of the reference type's flag YAML (its replication flag, else
/// another of its flags), so a new definition follows the tree's schema.
pub(super) fn flag_schema(
    r: &Reference,
    flags: &Finding<Flags>,
) -> Result<Finding<Option<FlagSchema>>> {
    let Flags::PerType { dir } = &flags.value else {
        return Ok(found(None, "no per-type flags"));
    };
    let mut file = r.last_file(|n| format!("{dir}/geo_{n}_replication.yml"))?;
    if file.is_none() {
        file = r.last_file(|n| format!("{dir}/geo_{n}_verification.yml"))?;
    }
    Ok(match file {
        Some((path, src)) => {
            let pairs: Vec<(&str, &str)> = src
                .lines()
                .filter(|l| !l.starts_with([' ', '-', '#']))
                .filter_map(|l| l.split_once(':'))
                .map(|(k, v)| (k.trim(), v.trim()))
                .collect();
            let keys: Vec<String> = pairs.iter().map(|(k, _)| k.to_string()).collect();
            let group = pairs
                .iter()
                .find(|(k, _)| *k == "group")
                .map(|(_, v)| v.to_string());
            let evidence = format!("{path}: keys {}", keys.join(", "));
            found(Some(FlagSchema { keys, group }), evidence)
        }
        None => found(None, format!("no reference flag definition in {dir}")),
    })
}

pub(super) fn spec_examples(r: &Reference) -> Result<Finding<String>> {
    Ok(
        match r.last_file(|n| format!("ee/spec/replicators/geo/{n}_replicator_spec.rb"))? {
            Some((path, src)) if src.contains("include_examples 'a ") => found(
                "include_examples".to_string(),
                format!("{path}: `include_examples`"),
            ),
            Some((path, _)) => found(
                "it_behaves_like".to_string(),
                format!("{path}: `it_behaves_like`"),
            ),
            None => found(
                "it_behaves_like".to_string(),
                "no replicator spec to read: the seed's `it_behaves_like` assumed",
            ),
        },
    )
}

pub const WORKER_SPEC: &str = "ee/spec/workers/geo/secondary/registry_consistency_worker_spec.rb";
pub const SERVICE_SPEC: &str = "ee/spec/services/geo/registry_consistency_service_spec.rb";

/// Whether `path` holds `needle` (`what` names it for the evidence).
pub(super) fn contains(
    checkout: &Checkout,
    path: &str,
    needle: &str,
    what: &str,
) -> Result<Finding<bool>> {
    Ok(match checkout.read(path)? {
        Some(src) if src.contains(needle) => found(true, format!("{path}: {what}")),
        Some(_) => found(false, format!("{path}: no {what}")),
        None => found(false, format!("no {path}")),
    })
}

pub const STATUS_SPEC: &str = "ee/spec/models/geo_node_status_spec.rb";

pub(super) fn status_spec_table(checkout: &Checkout) -> Result<Finding<bool>> {
    let src = checkout.read(STATUS_SPEC)?.unwrap_or_default();
    Ok(
        if src.contains("where(:replicator, :model_factory, :registry_factory)") {
            found(
                true,
                format!(
                    "{STATUS_SPEC}: a `where(:replicator, :model_factory, :registry_factory)` table"
                ),
            )
        } else {
            found(
                false,
                format!("{STATUS_SPEC}: no per-replicator `where` table"),
            )
        },
    )
}
