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
use crate::names::Names;
use crate::strategy::Strategy;

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

/// How the tree's specs open their top-level example group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecStyle {
    /// `describe X do` (the seed's, GitLab before ~13.3).
    Describe,
    /// `RSpec.describe X do`.
    RSpecDescribe,
}

/// The registry model's framework concern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistryConcern {
    /// `include Geo::StateMachineRegistry` (13.2).
    StateMachine,
    /// `include ::Geo::ReplicableRegistry` with `MODEL_CLASS` /
    /// `MODEL_FOREIGN_KEY` (13.3+).
    Replicable,
    /// Also `include ::Geo::VerifiableRegistry`: the secondary verifies
    /// what it synced, with verification columns on the registry (13.11+).
    Verifiable,
}

/// Where a type keeps the primary's verification state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum VerificationTable {
    /// Columns on the model's own table.
    Model,
    /// A separate `<name>_states` table with a `Geo::<Name>State` model.
    States,
}

impl VerificationTable {
    pub fn as_str(self) -> &'static str {
        match self {
            VerificationTable::Model => "model",
            VerificationTable::States => "states",
        }
    }
}

impl std::str::FromStr for VerificationTable {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "model" => Ok(VerificationTable::Model),
            "states" => Ok(VerificationTable::States),
            other => Err(format!(
                "unknown verification table `{other}`: use `model` (columns on the model's table) or `states` (a separate `<name>_states` table)"
            )),
        }
    }
}

/// Where the last verifiable framework type of each strategy keeps its
/// primary verification state: the default of `--verification-table`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferenceTables {
    pub blob: Option<(String, VerificationTable)>,
    pub repository: Option<(String, VerificationTable)>,
}

impl ReferenceTables {
    pub fn for_strategy(&self, strategy: Strategy) -> Option<&(String, VerificationTable)> {
        match strategy {
            Strategy::Blob => self.blob.as_ref(),
            Strategy::Repository => self.repository.as_ref(),
        }
    }
}

/// A list of classes in a shared file, and whether it is kept sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ListShape {
    pub sorted: bool,
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
    /// Whether the newest migration still declares `DOWNTIME = false`.
    pub downtime: Finding<bool>,
    /// `RSpec.describe` or `describe`, from the reference type's specs.
    pub spec_style: Finding<SpecStyle>,
    /// Whether registry factories are named `geo_<name>_registry`.
    pub geo_factories: Finding<bool>,
    pub registry_concern: Finding<RegistryConcern>,
    /// `Gitlab::Geo::VerificationState`: the primary's verification is a
    /// state machine on the model's table or a separate one (13.11-14.x).
    pub verification_state: Finding<bool>,
    pub reference_tables: Finding<ReferenceTables>,
    /// The GraphQL ID type registry types use (`GraphQL::ID_TYPE`, `GraphQL::Types::ID`).
    pub graphql_id: Finding<String>,
    /// Whether registries resolvers declare `type ...connection_type, null: true`.
    pub resolver_type: Finding<bool>,
    /// The milestone of the tree (`14.3`, from `VERSION`), for new flags and docs.
    pub milestone: Finding<Option<String>>,
    /// `REGISTRY_CLASSES` of the registry consistency worker, when the tree has it.
    pub registry_worker: Finding<Option<ListShape>>,
    /// The inflections file lists `<name>_registry` words as uncountable.
    pub inflections: Finding<bool>,
    /// The status spec's `where(:replicator, :model_factory, :registry_factory)` table.
    pub status_spec_table: Finding<bool>,
    /// The keys of the reference type's flag definition, in order (the
    /// schema a new flag YAML follows), and its `group:` value.
    pub flag_schema: Finding<Option<FlagSchema>>,
    /// How specs use shared examples: `include_examples` or `it_behaves_like`.
    pub spec_examples: Finding<String>,
    /// The worker spec's example that creates one record per registry class.
    pub worker_spec: Finding<bool>,
    /// The consistency service spec's registry-to-factory hash.
    pub service_spec_hash: Finding<bool>,
    /// How registry types describe themselves and their ID field.
    pub type_wording: Finding<TypeWording>,
    /// `db/schema_migrations/`: each main-database migration's version is
    /// committed as a file (13.3+).
    pub schema_migrations: Finding<bool>,
    /// The newest migration declares `milestone '...'` (16.x+).
    pub migration_milestone: Finding<bool>,
    /// How registries name their model class and foreign key.
    pub registry_naming: Finding<RegistryNaming>,
    /// Specs carry `feature_category:` metadata.
    pub feature_category: Finding<bool>,
    /// Replicators define `replicable_title` / `replicable_title_plural`.
    pub titles: Finding<bool>,
    /// Table dictionaries (`db/docs/`, `ee/db/geo/docs/`).
    pub dictionaries: Finding<bool>,
    /// `schema_migrations/<timestamp>` files next to each database's migrations.
    pub schema_versions: Finding<SchemaMigrations>,
    /// The GraphQL union of registry types.
    pub registrable_types: Finding<RegistrableTypes>,
    /// How `GeoNodeType`'s registry fields are gated.
    pub graphql_gating: Finding<Gating>,
    /// `geo_site_status.json` and `doc/api/geo_sites.md` list the status fields too.
    pub site_status: Finding<bool>,
    /// Types of namespaced models are named after the whole class path
    /// (`Packages::Nuget::Symbol` -> `packages_nuget_symbol`, 15.x+), not the
    /// class with its namespace dropped (`Packages::PackageFile` -> `package_file`).
    pub full_path_names: Finding<bool>,
}

/// How the reference registry type words its descriptions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct TypeWording {
    /// "Represents the Geo sync and verification state of ..." (not "the sync").
    pub geo: bool,
    /// Descriptions end with a period.
    pub period: bool,
    /// "ID of the Group Wiki Repository." (each word capitalized).
    pub title_case: bool,
    /// "ID of the PackageFile", "ID of the Widget": the ID's label starts
    /// with a capital its description's label ("a package file") does not
    /// have. Without it (and when the tree has no registry type to read),
    /// the label as it is, in GitLab's sentence case: "ID of the snippet
    /// repository".
    pub capitalized: bool,
}

/// The schema of a feature flag definition YAML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlagSchema {
    pub keys: Vec<String>,
    pub group: Option<String>,
}

/// How a registry names its model class and foreign key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistryNaming {
    /// Only `belongs_to` (13.2).
    BelongsTo,
    /// `MODEL_CLASS` / `MODEL_FOREIGN_KEY` constants (13.3 to mid 18.x).
    Constants,
    /// `def self.model_class` / `def self.model_foreign_key` (late 18.x+).
    Methods,
}

/// Which databases keep `schema_migrations/<timestamp>` files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SchemaMigrations {
    /// `db/schema_migrations/`
    pub main: bool,
    /// `ee/db/geo/schema_migrations/`
    pub geo: bool,
}

/// The GraphQL union of registry types (`ee/app/graphql/types/geo/registrable_type.rb`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrableTypes {
    /// No union (before 15.x).
    Absent,
    /// A literal `GEO_REGISTRY_TYPES = { ... }` hash, one entry per type.
    Literal,
    /// Built from the replicator list (19.x): nothing to add.
    Derived,
}

/// How `GeoNodeType`'s registry fields are gated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gating {
    /// `feature_flag: :name` on the field (13.x-14.x).
    FeatureFlag,
    /// `experiment: { milestone: '...' }` and a description naming the flag (15.x+).
    Experiment,
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
const NODE_TYPE: &str = "ee/app/graphql/types/geo/geo_node_type.rb";
const REGISTRABLE: &str = "ee/app/graphql/types/geo/registrable_type.rb";
const SITE_STATUS: &str = "ee/spec/fixtures/api/schemas/public_api/v4/geo_site_status.json";

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
            downtime: found(true, "test"),
            spec_style: found(SpecStyle::Describe, "test"),
            geo_factories: found(false, "test"),
            registry_concern: found(RegistryConcern::StateMachine, "test"),
            verification_state: found(false, "test"),
            reference_tables: found(
                ReferenceTables {
                    blob: None,
                    repository: None,
                },
                "test",
            ),
            graphql_id: found("GraphQL::ID_TYPE".to_string(), "test"),
            resolver_type: found(false, "test"),
            milestone: found(None, "test"),
            registry_worker: found(None, "test"),
            inflections: found(false, "test"),
            status_spec_table: found(false, "test"),
            flag_schema: found(None, "test"),
            spec_examples: found("it_behaves_like".to_string(), "test"),
            worker_spec: found(false, "test"),
            service_spec_hash: found(false, "test"),
            type_wording: found(TypeWording::default(), "test"),
            schema_migrations: found(false, "test"),
            migration_milestone: found(false, "test"),
            registry_naming: found(RegistryNaming::BelongsTo, "test"),
            feature_category: found(false, "test"),
            titles: found(false, "test"),
            dictionaries: found(false, "test"),
            schema_versions: found(
                SchemaMigrations {
                    main: false,
                    geo: false,
                },
                "test",
            ),
            registrable_types: found(RegistrableTypes::Absent, "test"),
            graphql_gating: found(Gating::FeatureFlag, "test"),
            site_status: found(false, "test"),
            full_path_names: found(false, "test"),
        }
    }

    /// The findings of a late 18.x tree (fixtures/gitlab-18), for unit tests.
    #[cfg(test)]
    pub fn states() -> Probes {
        Probes {
            replicator_list: found(ReplicatorList::Constant { sorted: false }, "test"),
            status_fields: found(StatusFields::Derived, "test"),
            flags: found(
                Flags::PerType {
                    dir: "ee/config/feature_flags/ops".into(),
                },
                "test",
            ),
            prepend: found(Prepend::ModWith, "test"),
            replicable_model: found(ReplicableModel::Concern, "test"),
            geo_schema: found(GeoSchema::StructureSql, "test"),
            migration_class: found("Gitlab::Database::Migration[2.3]".to_string(), "test"),
            in_tree_generator: found(false, "test"),
            downtime: found(false, "test"),
            spec_style: found(SpecStyle::RSpecDescribe, "test"),
            geo_factories: found(true, "test"),
            registry_concern: found(RegistryConcern::Verifiable, "test"),
            verification_state: found(false, "test"),
            reference_tables: found(
                ReferenceTables {
                    blob: None,
                    repository: None,
                },
                "test",
            ),
            graphql_id: found("GraphQL::Types::ID".to_string(), "test"),
            resolver_type: found(true, "test"),
            milestone: found(Some("18.10".to_string()), "test"),
            registry_worker: found(Some(ListShape { sorted: false }), "test"),
            inflections: found(true, "test"),
            status_spec_table: found(false, "test"),
            migration_milestone: found(true, "test"),
            registry_naming: found(RegistryNaming::Methods, "test"),
            feature_category: found(true, "test"),
            titles: found(true, "test"),
            dictionaries: found(true, "test"),
            schema_versions: found(
                SchemaMigrations {
                    main: true,
                    geo: true,
                },
                "test",
            ),
            registrable_types: found(RegistrableTypes::Literal, "test"),
            graphql_gating: found(Gating::Experiment, "test"),
            site_status: found(true, "test"),
            flag_schema: found(None, "test"),
            spec_examples: found("it_behaves_like".to_string(), "test"),
            worker_spec: found(false, "test"),
            service_spec_hash: found(false, "test"),
            type_wording: found(TypeWording::default(), "test"),
            schema_migrations: found(true, "test"),
            full_path_names: found(true, "test"),
        }
    }

    /// Reads every probe from the checkout.
    pub fn read(checkout: &Checkout) -> Result<Probes> {
        let geo_lib = checkout.read(GEO_LIB)?.unwrap_or_default();
        let flags = flags(checkout)?;
        let listed = listed_types(&geo_lib);
        let (migration_class, downtime) = migration_class(checkout)?;
        let newest = newest_migration(checkout)?;
        let refs = Reference {
            checkout,
            listed: &listed,
        };
        Ok(Probes {
            migration_class,
            downtime,
            spec_style: spec_style(&refs)?,
            geo_factories: geo_factories(&refs)?,
            registry_concern: registry_concern(&refs)?,
            verification_state: verification_state(checkout),
            reference_tables: reference_tables(&refs)?,
            graphql_id: graphql_id(&refs)?,
            resolver_type: resolver_type(&refs)?,
            milestone: milestone(checkout, newest.as_ref())?,
            registry_worker: registry_worker(checkout)?,
            inflections: inflections(checkout)?,
            status_spec_table: status_spec_table(checkout)?,
            flag_schema: flag_schema(&refs, &flags)?,
            spec_examples: spec_examples(&refs)?,
            type_wording: type_wording(&refs)?,
            schema_migrations: if checkout.abs("db/schema_migrations").is_dir() {
                found(true, "db/schema_migrations/ exists")
            } else {
                found(false, "no db/schema_migrations/")
            },
            worker_spec: contains(
                checkout,
                WORKER_SPEC,
                "it 'creates missing registries for each registry class'",
                "the example that creates missing registries for each registry class",
            )?,
            service_spec_hash: contains(
                checkout,
                SERVICE_SPEC,
                "def model_class_factory_name",
                "a registry-to-factory hash in `model_class_factory_name`",
            )?,
            migration_milestone: match &newest {
                Some((path, src)) if migration_milestone_of(src).is_some() => {
                    found(true, format!("{path}: `milestone`"))
                }
                Some((path, _)) => found(false, format!("{path}: no `milestone`")),
                None => found(false, "no migrations to read"),
            },
            registry_naming: registry_naming(&refs)?,
            feature_category: reference_has(
                &refs,
                |n| format!("ee/spec/replicators/geo/{n}_replicator_spec.rb"),
                "feature_category:",
            )?,
            titles: reference_has(
                &refs,
                |n| format!("ee/app/replicators/geo/{n}_replicator.rb"),
                "def self.replicable_title",
            )?,
            dictionaries: dir_finding(checkout, "ee/db/geo/docs")?,
            schema_versions: {
                let main = !checkout.list("db/schema_migrations")?.is_empty();
                let geo = !checkout.list("ee/db/geo/schema_migrations")?.is_empty();
                found(
                    SchemaMigrations { main, geo },
                    format!(
                        "db/schema_migrations/ {}, ee/db/geo/schema_migrations/ {}",
                        if main {
                            "holds files"
                        } else {
                            "empty or missing"
                        },
                        if geo {
                            "holds files"
                        } else {
                            "empty or missing"
                        }
                    ),
                )
            },
            registrable_types: registrable_types(checkout)?,
            graphql_gating: graphql_gating(checkout)?,
            site_status: if checkout.abs(SITE_STATUS).is_file() {
                found(true, format!("{SITE_STATUS} exists"))
            } else {
                found(false, format!("no {SITE_STATUS}"))
            },
            full_path_names: full_path_names(checkout, &listed)?,
            replicator_list: replicator_list(&geo_lib),
            status_fields: status_fields(checkout)?,
            flags,
            prepend: prepend(checkout)?,
            replicable_model: replicable_model(checkout),
            geo_schema: geo_schema(checkout),
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

/// The highest migration class among the newest migrations of both
/// databases, and whether that migration declares `DOWNTIME`.
fn migration_class(checkout: &Checkout) -> Result<(Finding<String>, Finding<bool>)> {
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

/// The framework types the replicator list names, in order.
fn listed_types(geo_lib: &str) -> Vec<String> {
    crate::steps::replicator_list::replicator_classes(geo_lib)
        .unwrap_or_default()
        .iter()
        .filter_map(|c| Names::name_of_replicator(c))
        .collect()
}

/// The reference type's files: for each kind of file, the last listed
/// framework type that has one.
struct Reference<'a> {
    checkout: &'a Checkout,
    listed: &'a [String],
}

impl Reference<'_> {
    /// `(path, text)` of the last listed type's file at `path(name)`.
    fn last_file(&self, path: impl Fn(&str) -> String) -> Result<Option<(String, String)>> {
        for name in self.listed.iter().rev() {
            let p = path(name);
            if let Some(src) = self.checkout.read(&p)? {
                return Ok(Some((p, src)));
            }
        }
        Ok(None)
    }
}

fn spec_style(r: &Reference) -> Result<Finding<SpecStyle>> {
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

fn geo_factories(r: &Reference) -> Result<Finding<bool>> {
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

fn registry_concern(r: &Reference) -> Result<Finding<RegistryConcern>> {
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

fn verification_state(checkout: &Checkout) -> Finding<bool> {
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
fn table_of(checkout: &Checkout, name: &str, model: &str) -> Result<VerificationTable> {
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

fn reference_tables(r: &Reference) -> Result<Finding<ReferenceTables>> {
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

fn graphql_id(r: &Reference) -> Result<Finding<String>> {
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
fn described_label(src: &str) -> Option<&str> {
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

fn type_wording(r: &Reference) -> Result<Finding<TypeWording>> {
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

fn resolver_type(r: &Reference) -> Result<Finding<bool>> {
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
fn reference_has(
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
fn full_path_names(checkout: &Checkout, listed: &[String]) -> Result<Finding<bool>> {
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

fn dir_finding(checkout: &Checkout, dir: &str) -> Result<Finding<bool>> {
    let files = checkout.list(dir)?;
    Ok(if files.is_empty() {
        found(false, format!("no {dir}/"))
    } else {
        found(true, format!("{dir}/ holds {} file(s)", files.len()))
    })
}

fn registry_naming(r: &Reference) -> Result<Finding<RegistryNaming>> {
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

fn registrable_types(checkout: &Checkout) -> Result<Finding<RegistrableTypes>> {
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

fn graphql_gating(checkout: &Checkout) -> Result<Finding<Gating>> {
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
fn newest_migration(checkout: &Checkout) -> Result<Option<(String, String)>> {
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
fn migration_milestone_of(src: &str) -> Option<String> {
    src.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("milestone")?.trim();
        let v = rest.trim_matches(|c| c == '\'' || c == '"');
        (!v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.')).then(|| v.to_string())
    })
}

/// `MAJOR.MINOR` of `VERSION` (`18.10.0-pre` -> `18.10`); else the newest
/// migration's `milestone`.
fn milestone(
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
fn constant_classes<'s>(src: &'s str, name: &str) -> Option<Vec<&'s str>> {
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

fn registry_worker(checkout: &Checkout) -> Result<Finding<Option<ListShape>>> {
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

fn inflections(checkout: &Checkout) -> Result<Finding<bool>> {
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
fn flag_schema(r: &Reference, flags: &Finding<Flags>) -> Result<Finding<Option<FlagSchema>>> {
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

fn spec_examples(r: &Reference) -> Result<Finding<String>> {
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
fn contains(checkout: &Checkout, path: &str, needle: &str, what: &str) -> Result<Finding<bool>> {
    Ok(match checkout.read(path)? {
        Some(src) if src.contains(needle) => found(true, format!("{path}: {what}")),
        Some(_) => found(false, format!("{path}: no {what}")),
        None => found(false, format!("no {path}")),
    })
}

pub const STATUS_SPEC: &str = "ee/spec/models/geo_node_status_spec.rb";

fn status_spec_table(checkout: &Checkout) -> Result<Finding<bool>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn described_labels() {
        let type_src = |label: &str| {
            format!(
                "      description 'Represents the Geo sync and verification state of {label}'\n"
            )
        };
        assert_eq!(
            described_label(&type_src("a package file")),
            Some("package file")
        );
        assert_eq!(
            described_label(&type_src("an LFS object")),
            Some("LFS object")
        );
        assert_eq!(
            described_label(&type_src("a packages_helm_metadata_cache.")),
            Some("packages_helm_metadata_cache")
        );
        assert_eq!(described_label("field :x, null: false\n"), None);
    }

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

    /// A minimal tree: `ee/lib/gitlab/geo.rb` listing one type, plus `files`.
    fn concern_tree(files: &[(&str, &str)]) -> (tempfile::TempDir, Checkout) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut all = vec![(
            GEO_LIB,
            "module Gitlab\n  module Geo\n    REPLICATOR_CLASSES = [\n      ::Geo::PackageFileReplicator\n    ].freeze\n  end\nend\n",
        )];
        all.extend_from_slice(files);
        for (path, text) in all {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        }
        let checkout = Checkout::open(dir.path()).expect("a tree");
        (dir, checkout)
    }

    /// Each 15+ probe follows the one file it reads.
    #[test]
    fn concern_framework_probes_follow_the_tree() {
        let replicator = "ee/app/replicators/geo/package_file_replicator.rb";
        let registry = "ee/app/models/geo/package_file_registry.rb";
        let (_d, bare) = concern_tree(&[]);
        let p = Probes::read(&bare).expect("probes");
        assert_eq!(p.milestone.value, None);
        assert_eq!(p.registry_naming.value, RegistryNaming::BelongsTo);
        assert!(!p.feature_category.value && !p.titles.value && !p.dictionaries.value);
        assert!(!p.schema_versions.value.main && !p.schema_versions.value.geo);
        assert_eq!(p.registrable_types.value, RegistrableTypes::Absent);
        assert_eq!(p.graphql_gating.value, Gating::FeatureFlag);
        assert!(!p.site_status.value);

        let (_d, full) = concern_tree(&[
            ("VERSION", "18.10.0-pre\n"),
            (
                "db/migrate/20250101000000_create_things.rb",
                "class CreateThings < Gitlab::Database::Migration[2.3]\n  milestone '18.9'\nend\n",
            ),
            (
                "ee/app/models/geo/package_file_state.rb",
                "module Geo\nend\n",
            ),
            (registry, "class R\n  def self.model_class\n  end\nend\n"),
            (
                "ee/spec/replicators/geo/package_file_replicator_spec.rb",
                "RSpec.describe X, feature_category: :geo_replication do\nend\n",
            ),
            (replicator, "def self.replicable_title\nend\n"),
            ("ee/db/geo/docs/package_file_registry.yml", "---\n"),
            ("db/schema_migrations/20250101000000", "x"),
            ("ee/db/geo/schema_migrations/20250101000001", "x"),
            (REGISTRABLE, "GEO_REGISTRY_TYPES = {\n}.freeze\n"),
            (NODE_TYPE, "field :x, experiment: { milestone: '16.1' }\n"),
            (SITE_STATUS, "{}\n"),
        ]);
        let p = Probes::read(&full).expect("probes");
        assert_eq!(p.milestone.value.as_deref(), Some("18.10"));
        assert!(p.migration_milestone.value);
        assert_eq!(p.registry_naming.value, RegistryNaming::Methods);
        assert!(p.feature_category.value && p.titles.value && p.dictionaries.value);
        assert!(p.schema_versions.value.main && p.schema_versions.value.geo);
        assert_eq!(p.registrable_types.value, RegistrableTypes::Literal);
        assert_eq!(p.graphql_gating.value, Gating::Experiment);
        assert!(p.site_status.value);

        // Without VERSION the newest migration's milestone; constants in the
        // registry; a union built from the replicator list.
        let (_d, other) = concern_tree(&[
            (
                "ee/db/geo/migrate/20250101000000_create_things.rb",
                "class CreateThings < Gitlab::Database::Migration[2.2]\n  milestone '17.2'\nend\n",
            ),
            (registry, "class R\n  MODEL_CLASS = ::X\nend\n"),
            (
                REGISTRABLE,
                "GEO_REGISTRY_TYPES = ::Gitlab::Geo::REPLICATOR_CLASSES.to_h\n",
            ),
        ]);
        let p = Probes::read(&other).expect("probes");
        assert_eq!(p.milestone.value.as_deref(), Some("17.2"));
        assert_eq!(p.registry_naming.value, RegistryNaming::Constants);
        assert_eq!(p.registrable_types.value, RegistrableTypes::Derived);
    }

    /// Type names follow how the last namespaced type is named.
    #[test]
    fn full_path_names_follow_the_reference() {
        let replicator = "ee/app/replicators/geo/package_file_replicator.rb";
        let (_d, seed) = concern_tree(&[(
            replicator,
            "module Geo\n  class PackageFileReplicator\n    def self.model\n      ::Packages::PackageFile\n    end\n  end\nend\n",
        )]);
        assert!(!Probes::read(&seed).expect("probes").full_path_names.value);
        let (_d, late) = concern_tree(&[
            (
                replicator,
                "module Geo\n  class PackageFileReplicator\n    def self.model\n      ::PackageFile\n    end\n  end\nend\n",
            ),
            (
                GEO_LIB,
                "module Gitlab\n  module Geo\n    REPLICATOR_CLASSES = [\n      ::Geo::PackageFileReplicator,\n      ::Geo::PackagesNugetSymbolReplicator\n    ].freeze\n  end\nend\n",
            ),
            (
                "ee/app/replicators/geo/packages_nuget_symbol_replicator.rb",
                "module Geo\n  class PackagesNugetSymbolReplicator\n    def self.model\n      ::Packages::Nuget::Symbol\n    end\n  end\nend\n",
            ),
        ]);
        assert!(Probes::read(&late).expect("probes").full_path_names.value);
    }

    #[test]
    fn milestones_of_migrations() {
        assert_eq!(
            migration_milestone_of(
                "class X < Gitlab::Database::Migration[2.3]\n  milestone '18.9'\nend\n"
            ),
            Some("18.9".to_string())
        );
        assert_eq!(
            migration_milestone_of("class X < Gitlab::Database::Migration[2.1]\nend\n"),
            None
        );
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

    /// A small tree: a blob type `alpha` then a repository type `beta`.
    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let base: &[(&str, &str)] = &[
            (
                GEO_LIB,
                "module Gitlab\n  module Geo\n    REPLICATOR_CLASSES = [\n      ::Geo::AlphaReplicator,\n      ::Geo::BetaReplicator\n    ].freeze\n  end\nend\n",
            ),
            (
                "ee/app/replicators/geo/alpha_replicator.rb",
                "class AlphaReplicator\n  include ::Geo::BlobReplicatorStrategy\n\n  def self.model\n    ::Alpha\n  end\nend\n",
            ),
            (
                "ee/app/replicators/geo/beta_replicator.rb",
                "class BetaReplicator\n  include ::Geo::RepositoryReplicatorStrategy\n\n  def self.model\n    ::Beta\n  end\nend\n",
            ),
            (
                "ee/app/models/geo/alpha_registry.rb",
                "include ::Geo::ReplicableRegistry\ninclude ::Geo::VerifiableRegistry\n",
            ),
            (
                "ee/app/models/geo/beta_registry.rb",
                "include ::Geo::ReplicableRegistry\n",
            ),
        ];
        for (path, text) in base.iter().chain(files) {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        }
        dir
    }

    fn probe(files: &[(&str, &str)]) -> Probes {
        let dir = tree(files);
        Probes::read(&Checkout::open(dir.path()).expect("checkout")).expect("probes")
    }

    /// Each convention is read from the last listed type that has the file,
    /// and follows it when that file changes.
    #[test]
    fn conventions_follow_the_reference_files() {
        let seed = probe(&[]);
        assert_eq!(seed.spec_style.value, SpecStyle::Describe);
        assert!(!seed.geo_factories.value);
        assert_eq!(seed.graphql_id.value, "GraphQL::ID_TYPE");
        assert!(!seed.resolver_type.value);
        assert_eq!(
            seed.registry_concern.value,
            RegistryConcern::Replicable,
            "without the concern files: what beta, the last registry, includes"
        );
        assert_eq!(seed.milestone.value, None);

        let p = probe(&[
            (
                "ee/spec/replicators/geo/alpha_replicator_spec.rb",
                "describe X do\nend\n",
            ),
            (
                "ee/spec/replicators/geo/beta_replicator_spec.rb",
                "RSpec.describe X do\nend\n",
            ),
            (
                "ee/spec/factories/geo/alpha_registry.rb",
                "factory :geo_alpha_registry do\n",
            ),
            (
                "ee/app/graphql/types/geo/beta_registry_type.rb",
                "field :beta_id, GraphQL::Types::ID\n",
            ),
            (
                "ee/app/graphql/resolvers/geo/alpha_registries_resolver.rb",
                "type ::Types::Geo::GeoNodeType.connection_type, null: true\n",
            ),
            ("VERSION", "14.3.0-pre\n"),
        ]);
        assert_eq!(
            p.spec_style.value,
            SpecStyle::RSpecDescribe,
            "beta's spec is last"
        );
        assert!(
            p.geo_factories.value,
            "only alpha has a factory: it is the reference"
        );
        assert_eq!(p.graphql_id.value, "GraphQL::Types::ID");
        assert!(p.resolver_type.value);
        assert_eq!(p.milestone.value.as_deref(), Some("14.3"));
    }

    /// The default verification table follows the last verifiable type of
    /// each strategy: a model that has a `has_one :<name>_state` (or
    /// overrides the state table) keeps it in a separate table.
    #[test]
    fn reference_tables_per_strategy() {
        let p = probe(&[]);
        assert_eq!(
            p.reference_tables.value,
            ReferenceTables {
                blob: Some(("alpha".into(), VerificationTable::Model)),
                repository: None,
            },
            "beta's registry is not verifiable"
        );
        let p = probe(&[(
            "ee/app/models/ee/alpha.rb",
            "module EE\n  module Alpha\n    prepended do\n      has_one :alpha_state\n    end\n  end\nend\n",
        )]);
        assert_eq!(
            p.reference_tables.value.for_strategy(Strategy::Blob),
            Some(&("alpha".to_string(), VerificationTable::States))
        );
    }

    /// The lists a type is added to: present or not, sorted or not.
    #[test]
    fn shared_lists() {
        let p = probe(&[]);
        assert_eq!(p.registry_worker.value, None);
        assert!(!p.inflections.value);
        assert!(!p.status_spec_table.value);
        let p = probe(&[
            (
                REGISTRY_WORKER,
                "REGISTRY_CLASSES = [\n  Geo::BRegistry,\n  Geo::ARegistry\n].freeze\n",
            ),
            (
                INFLECTIONS,
                "ActiveSupport::Inflector.inflections do |inflect|\n  inflect.uncountable %w(\n    alpha_registry\n  )\nend\n",
            ),
            (
                STATUS_SPEC,
                "where(:replicator, :model_factory, :registry_factory) do\nend\n",
            ),
        ]);
        assert_eq!(p.registry_worker.value, Some(ListShape { sorted: false }));
        assert!(p.inflections.value);
        assert!(p.status_spec_table.value);
        let p = probe(&[(
            REGISTRY_WORKER,
            "REGISTRY_CLASSES = [\n  Geo::ARegistry,\n  Geo::BRegistry\n].freeze\n",
        )]);
        assert_eq!(p.registry_worker.value, Some(ListShape { sorted: true }));
    }
}
