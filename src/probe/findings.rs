//! What the probes find: one type per feature, each with its evidence.

use super::*;

/// One probe's answer and the evidence it rests on (a file and what it holds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding<T> {
    pub value: T,
    pub evidence: String,
}

pub(super) fn found<T>(value: T, evidence: impl Into<String>) -> Finding<T> {
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
    /// `include_examples` or `it_behaves_like` in the reference registry
    /// spec (`None`: no registry spec, the replicator spec's verb applies).
    pub registry_examples: Finding<Option<String>>,
    /// The reference registry factory names its model with
    /// `association :<name>, factory: ...` (else on a bare line).
    pub factory_association: Finding<bool>,
    /// Whether registry models include their concerns from the root
    /// (`include ::Geo::ReplicableRegistry`, else `include Geo::...`).
    pub registry_include_root: Finding<IncludeRoot>,
    pub registry_migration: Finding<RegistryMigration>,
    pub verification_migrations: Finding<VerificationMigrations>,
    pub model_link: Finding<ModelLinkStyle>,
    /// The framework's model concern defines `checksummed` / `checksum_failed`.
    pub concern_scopes: Finding<bool>,
    /// The reference replicator explains its `replication_enabled_by_default?`
    /// override in a comment.
    pub flag_comment: Finding<bool>,
    /// The reference model's factory: (file, factory name).
    pub model_factory: Finding<Option<(String, String)>>,
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
    /// "ID of the TerraformState": the ID field names the class (13.3-13.4).
    pub class_name: bool,
}

/// The schema of a feature flag definition YAML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlagSchema {
    pub keys: Vec<String>,
    pub group: Option<String>,
}

/// How the reference registry models spell their concerns: `::Geo::...`
/// (true) or `Geo::...`, in the last registry, and in the last verified one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IncludeRoot {
    pub replicable: bool,
    pub verifiable: bool,
}

/// How the registry table's migration is written, where registries are not
/// verified (13.2-13.10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RegistryMigration {
    /// `id: :bigserial` and a `bigint` foreign key (else `serial` / `integer`).
    pub bigint: bool,
    /// `t.text :last_sync_failure` and `add_text_limit` (else a 255 string).
    pub text_limit: bool,
    /// `disable_ddl_transaction!` with `up`/`down`, `unless table_exists?`
    /// and an explicit transaction (else one `change`).
    pub ddl: bool,
}

/// The primary's checksum migrations on the model's table, where models
/// have no verification state machine (13.2-13.10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationMigrations {
    /// `add_column` lines, then `add_verification_failure_index_to_<table>` (13.2).
    Columns,
    /// `change_table` with a text column, then
    /// `add_verification_failure_limit_and_index_to_<table>` (13.3+).
    ChangeTable,
}

/// How a linked model's EE module writes its Geo lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ModelLinkStyle {
    /// A blank line before `with_replicator`.
    pub blank_line: bool,
    /// `replicables_for_geo_node` with selective-sync and object-storage
    /// scopes in a `class_methods do` block (13.3-13.10).
    pub geo_scopes: bool,
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
