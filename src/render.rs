//! New files and inserted snippets, rendered from the askama templates under
//! `templates/` (one struct per template, escaping off: the output is Ruby).
//!
//! (Over 600 lines: the conventions every template reads are derived here
//! in one place, from the probes; ~100 lines are tests.)

use std::collections::BTreeMap;

use crate::names::Names;
use crate::plan::Facts;
use crate::probe::{Flags, Probes, RegistryConcern, SpecStyle, VerificationTable};
use crate::steps::model_link::Additions;
use crate::steps::verification;
use crate::strategy::Strategy;

/// What templates know beyond the names.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub n: &'a Names,
    /// What the tree's framework looks like (steps pick variants from it).
    pub probes: &'a Probes,
    pub strategy: Strategy,
    pub feature_flag: &'a str,
    /// Whether the scaffold gave the model its checksum scopes (so that
    /// removal takes out only what it added).
    pub scopes_added: bool,
    /// Where the primary's verification state goes (trees with
    /// `Gitlab::Geo::VerificationState`).
    pub verification_table: VerificationTable,
    /// What the model offers for selective sync and object storage.
    pub model: ModelFacts,
    /// The type's replication flag is defined already, not by the scaffold.
    pub flag_defined: bool,
    /// The model's EE factory file (for the verification traits) exists
    /// already, not written by the scaffold.
    pub traits_defined: bool,
    /// What the new model's table has and what the scaffold adds to its EE
    /// module and factory beyond the link (13.3-13.10).
    pub additions: &'a Additions,
    /// Migration timestamps by kind, once allocated (empty before).
    pub timestamps: &'a BTreeMap<String, String>,
    /// What the scaffold read from the tree about the type.
    pub facts: &'a Facts,
}

/// What a model offers that `replicables_for_current_secondary` builds on,
/// read from its class and EE module.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ModelFacts {
    /// A `scope :for_project_ids` to select the synced projects' records.
    pub for_project_ids: bool,
    /// A `project_id` column (`belongs_to :project`).
    pub project_id: bool,
    /// `include Shardable`: selective sync by repository storage.
    pub shardable: bool,
    /// A `with_files_stored_locally` scope: object storage can be skipped.
    pub object_storage: bool,
}

impl ModelFacts {
    /// Reads the model's class and EE module sources.
    pub fn read(sources: &[&str]) -> ModelFacts {
        let any = |needle: &str| sources.iter().any(|s| s.contains(needle));
        ModelFacts {
            for_project_ids: any("scope :for_project_ids"),
            project_id: any("belongs_to :project"),
            shardable: any("include Shardable"),
            object_storage: any("with_files_stored_locally"),
        }
    }

    /// The expression that keeps the selected projects' records (`none`
    /// when the model does not say how: a next step asks to review it).
    pub fn project_scope(&self) -> &'static str {
        if self.for_project_ids {
            "for_project_ids(node.projects.select(:id))"
        } else if self.project_id {
            "where(project_id: node.projects.select(:id))"
        } else {
            "none"
        }
    }
}

impl Context<'_> {
    /// The tree's conventions, as templates read them.
    pub fn conventions(&self) -> Conventions {
        let p = self.probes;
        let concern = p.registry_concern.value;
        Conventions {
            describe: match p.spec_style.value {
                SpecStyle::RSpecDescribe => "RSpec.describe",
                SpecStyle::Describe => "describe",
            },
            registry_factory: format!(
                "{}{}",
                if p.geo_factories.value { "geo_" } else { "" },
                self.n.registry_table
            ),
            migration_class: p.migration_class.value.clone(),
            downtime: p.downtime.value,
            graphql_id: p.graphql_id.value.clone(),
            resolver_type: p.resolver_type.value,
            per_type_flag: matches!(p.flags.value, Flags::PerType { .. }),
            replication_flag: format!("geo_{}_replication", self.n.name),
            replicable_registry: concern != RegistryConcern::StateMachine,
            verifiable_registry: concern == RegistryConcern::Verifiable,
            verification_state: p.verification_state.value,
            states: p.verification_state.value
                && self.verification_table == VerificationTable::States,
            // `--milestone`, else the tree's.
            milestone: if self.facts.milestone.is_empty() {
                p.milestone.value.clone().unwrap_or_default()
            } else {
                self.facts.milestone.clone()
            },
            repository: self.strategy == Strategy::Repository,
            project_scope: self.model.project_scope(),
            shardable: self.model.shardable,
            object_storage: self.model.object_storage && self.strategy == Strategy::Blob,
            examples: p.spec_examples.value.clone(),
            registry_examples: p
                .registry_examples
                .value
                .clone()
                .unwrap_or_else(|| p.spec_examples.value.clone()),
            factory_association: p.factory_association.value,
            registry_include_root: {
                let root = p.registry_include_root.value;
                let rooted = if concern == RegistryConcern::Verifiable {
                    root.verifiable
                } else {
                    root.replicable
                };
                if rooted { "::" } else { "" }
            },
            flag_comment: p.flag_comment.value,
            bigint: p.registry_migration.value.bigint,
            ddl: p.registry_migration.value.ddl || p.registry_migration.value.text_limit,
            text_limit: p.registry_migration.value.text_limit,
            limit_migration: format!(
                "{}_add_verification_failure_limit_and_index_to_{}",
                self.timestamps
                    .get(verification::INDEX_KIND)
                    .map_or("", String::as_str),
                self.n.table
            ),
            project_id_column: self.additions.project_id,
            file_store_column: self.additions.file_store,
            flag_yaml: self.flag_yaml(&format!("geo_{}_replication", self.n.name)),
            force_flag_yaml: self
                .flag_yaml(&format!("geo_{}_force_primary_checksumming", self.n.name)),
            geo_wording: p.type_wording.value.geo,
            period: p.type_wording.value.period,
            // The reference type's case; GitLab's sentence case when it
            // has none to read ("ID of the snippet repository"). 13.3/13.4
            // references name the class ("ID of the TerraformState").
            id_label: if p.type_wording.value.class_name {
                self.n.class.clone()
            } else if p.type_wording.value.title_case {
                self.n
                    .label_singular
                    .split(' ')
                    .map(crate::names::capitalize)
                    .collect::<Vec<_>>()
                    .join(" ")
            } else if p.type_wording.value.capitalized {
                self.n.label_singular_capitalized.clone()
            } else {
                self.n.label_singular.clone()
            },
            verification_indexes: {
                let base = if self.verification_table == VerificationTable::States {
                    format!("{}_states", self.n.name)
                } else {
                    self.n.table.clone()
                };
                let name = |what: &str, short: &str| {
                    fit(&[
                        format!("index_{base}_{what}"),
                        format!("{base}_{what}"),
                        format!("{base}_{short}"),
                    ])
                };
                [
                    name("on_verification_state", "verification_state"),
                    name("pending_verification", "pending_verif"),
                    name("failed_verification", "failed_verif"),
                    name("needs_verification", "needs_verif"),
                ]
            },
            failure_limit_constraint: fit(&[
                format!("{}_verification_failure_text_limit", self.n.table),
                format!("{}_verification_failure_limit", self.n.table),
            ]),
            state_factory: format!(
                "{}{}_state",
                if p.geo_factories.value { "geo_" } else { "" },
                self.n.name
            ),
            registry_fk_index: {
                let full = format!("index_{}_on_{}", self.n.registry_table, self.n.foreign_key);
                if full.len() <= 63 {
                    full
                } else {
                    format!("index_{}_on_model_id", self.n.registry_table)
                }
            },
            git_access_class: format!(
                "Gitlab::GitAccess{}",
                self.n
                    .class
                    .strip_suffix("Repository")
                    .filter(|s| !s.is_empty())
                    .unwrap_or(&self.n.class)
            ),
        }
    }

    /// The replication flag's definition, key by key in the order of the
    /// reference type's definition (GitLab's 13.x+ schema when none).
    fn flag_yaml(&self, name: &str) -> Vec<(String, String)> {
        const SCHEMA: &[&str] = &[
            "name",
            "introduced_by_url",
            "rollout_issue_url",
            "milestone",
            "type",
            "group",
            "default_enabled",
        ];
        let p = self.probes;
        let Flags::PerType { dir } = &p.flags.value else {
            return Vec::new();
        };
        let schema = p.flag_schema.value.as_ref();
        let keys: Vec<String> = schema.map_or_else(
            || SCHEMA.iter().map(|k| k.to_string()).collect(),
            |s| s.keys.clone(),
        );
        let group = schema
            .and_then(|s| s.group.clone())
            .filter(|g| g.starts_with("group::"))
            .unwrap_or_else(|| "group::geo".to_string());
        keys.into_iter()
            .map(|k| {
                let v = match k.as_str() {
                    "name" => name.to_string(),
                    // `--milestone`, else the tree's.
                    "milestone" => Some(self.facts.milestone.as_str())
                        .filter(|m| !m.is_empty())
                        .or(p.milestone.value.as_deref())
                        .map_or_else(String::new, |m| format!("'{m}'")),
                    // GitLab's own generator points every flag at its issue.
                    "feature_issue_url" if p.in_tree_generator.value => GENERATOR_ISSUE.to_string(),
                    "type" => dir.rsplit('/').next().unwrap_or("development").to_string(),
                    "group" => group.clone(),
                    "default_enabled" => "false".to_string(),
                    _ => String::new(),
                };
                (k, v)
            })
            .collect()
    }
}

/// The tree's conventions, read from its probes, flattened for templates.
pub struct Conventions {
    /// `RSpec.describe` or `describe`.
    pub describe: &'static str,
    /// The new type's registry factory (`geo_widget_registry`).
    pub registry_factory: String,
    /// `ActiveRecord::Migration[6.1]`.
    pub migration_class: String,
    /// Migrations declare `DOWNTIME = false`.
    pub downtime: bool,
    /// `GraphQL::Types::ID` or `GraphQL::ID_TYPE`.
    pub graphql_id: String,
    /// Resolvers declare their connection type.
    pub resolver_type: bool,
    /// Each type is gated by its own `geo_<name>_replication` flag.
    pub per_type_flag: bool,
    /// `geo_<name>_replication`.
    pub replication_flag: String,
    /// `::Geo::ReplicableRegistry` with model constants (else the seed's
    /// `Geo::StateMachineRegistry`).
    pub replicable_registry: bool,
    /// Registries are verified too (`::Geo::VerifiableRegistry`).
    pub verifiable_registry: bool,
    /// The model includes `::Gitlab::Geo::VerificationState`.
    pub verification_state: bool,
    /// The primary's verification state is in a `<name>_states` table.
    pub states: bool,
    /// The tree's milestone (`14.3`), empty when unknown.
    pub milestone: String,
    /// A repository type (else a blob type).
    pub repository: bool,
    /// How the model selects the synced projects' records (Ruby).
    pub project_scope: &'static str,
    /// The model's records live on repository shards.
    pub shardable: bool,
    /// Blob files may be in object storage, with a local-files scope.
    pub object_storage: bool,
    /// `include_examples` or `it_behaves_like`.
    pub examples: String,
    /// The new flag definition: (key, value) in the tree's schema.
    pub flag_yaml: Vec<(String, String)>,
    /// The `geo_<name>_force_primary_checksumming` definition, key by key
    /// (trees with ops flags, 18.x+).
    pub force_flag_yaml: Vec<(String, String)>,
    /// The Git access class a repository replicator names.
    pub git_access_class: String,
    /// "Represents the Geo sync ..." in registry types.
    pub geo_wording: bool,
    /// Registry type descriptions end with a period.
    pub period: bool,
    /// How the registry type's ID field names the model ("Gadget Repository").
    pub id_label: String,
    /// The registry's unique index on the model's foreign key (within
    /// PostgreSQL's 63-byte limit).
    pub registry_fk_index: String,
    /// The primary's verification state indexes (on the state, pending,
    /// failed, needing verification), on the model's or the states table.
    pub verification_indexes: [String; 4],
    /// The check constraint limiting `verification_failure` on the model's table.
    pub failure_limit_constraint: String,
    /// The state record's factory (`geo_widget_state`).
    pub state_factory: String,
    /// `include_examples` or `it_behaves_like` in the registry spec.
    pub registry_examples: String,
    /// `association :x, factory: :x` in the registry factory, rather than a bare `x`.
    pub factory_association: bool,
    /// `::` before `Geo::ReplicableRegistry` (as the reference registry writes it).
    pub registry_include_root: &'static str,
    /// A comment above the replicator's `replication_enabled_by_default?`.
    pub flag_comment: bool,
    /// `id: :bigserial` and `bigint` foreign keys in the registry table.
    pub bigint: bool,
    /// The registry migration disables the DDL transaction (`up`/`down`).
    pub ddl: bool,
    /// `text` with `add_text_limit` rather than a 255 string.
    pub text_limit: bool,
    /// `<ts>_add_verification_failure_limit_and_index_to_<table>`.
    pub limit_migration: String,
    /// The model's table has `project_id` / `file_store` (schema dump).
    pub project_id_column: bool,
    pub file_store_column: bool,
}

/// The first name that fits PostgreSQL's 63-byte identifiers.
fn fit(candidates: &[String]) -> String {
    candidates
        .iter()
        .find(|c| c.len() <= 63)
        .or(candidates.last())
        .cloned()
        .unwrap_or_default()
}

/// The issue GitLab's own generator writes as every new flag's
/// `feature_issue_url`.
const GENERATOR_ISSUE: &str = "https://gitlab.com/gitlab-org/gitlab/-/issues/589925";

/// Declares every template: one line each, `Variant => "path under templates/"`.
/// This is the only list of templates; a step names the variant it renders.
macro_rules! templates {
    ($($ty:ident => $path:literal),* $(,)?) => {
        /// Every template a scaffold can render.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Tpl {
            $($ty,)*
        }

        mod askama_structs {
                use crate::names::Names;
                use crate::plan::Facts;
                use crate::probe::Probes;

            $(
                #[derive(askama::Template)]
                #[template(path = $path, escape = "none")]
                pub(super) struct $ty<'a> {
                    #[allow(dead_code)]
                    pub n: &'a Names,
                    #[allow(dead_code)]
                    pub c: &'a super::Conventions,
                    #[allow(dead_code)]
                    pub table_class: &'a str,
                    #[allow(dead_code)]
                    pub article: &'a str,
                    #[allow(dead_code)]
                    pub feature_flag: &'a str,
                    #[allow(dead_code)]
                    pub f: &'a Facts,
                    #[allow(dead_code)]
                    pub p: &'a Probes,
                    #[allow(dead_code)]
                    pub repo: bool,
                    #[allow(dead_code)]
                    pub generator: bool,
                }
            )*
        }

        fn render_raw(tpl: Tpl, v: Vars) -> askama::Result<String> {
            use askama::Template;
            match tpl {
                $(Tpl::$ty => askama_structs::$ty {
                    n: v.n,
                    c: v.c,
                    table_class: v.table_class,
                    article: v.article,
                    feature_flag: v.feature_flag,
                    f: v.f,
                    p: v.p,
                    repo: v.repo,
                    generator: v.generator,
                }
                .render(),)*
            }
        }
    };
}

/// The values every template sees.
#[derive(Clone, Copy)]
struct Vars<'a> {
    n: &'a Names,
    c: &'a Conventions,
    table_class: &'a str,
    article: &'a str,
    feature_flag: &'a str,
    f: &'a Facts,
    p: &'a Probes,
    /// A repository type (else blob).
    repo: bool,
    /// The tree has GitLab's own generator: render what it renders.
    generator: bool,
}

templates! {
    ReplicatorBlob => "ee/app/replicators/geo/NAME_replicator.blob.rb",
    ReplicatorRepository => "ee/app/replicators/geo/NAME_replicator.repository.rb",
    ReplicatorVerifiableBlob => "ee/app/replicators/geo/NAME_replicator.verifiable.blob.rb",
    ReplicatorVerifiableRepository => "ee/app/replicators/geo/NAME_replicator.verifiable.repository.rb",
    ReplicatorSpecBlob => "ee/spec/replicators/geo/NAME_replicator_spec.blob.rb",
    ReplicatorSpecRepository => "ee/spec/replicators/geo/NAME_replicator_spec.repository.rb",
    RegistryMigrationBlob => "ee/db/geo/migrate/TIMESTAMP_create_NAME_registry.blob.rb",
    RegistryMigrationRepository => "ee/db/geo/migrate/TIMESTAMP_create_NAME_registry.repository.rb",
    RegistryMigrationVerifiable => "ee/db/geo/migrate/TIMESTAMP_create_NAME_registry.verifiable.rb",
    RegistryModel => "ee/app/models/geo/NAME_registry.rb",
    RegistryFactory => "ee/spec/factories/geo/NAME_registry.rb",
    RegistryModelSpec => "ee/spec/models/geo/NAME_registry_spec.rb",
    VerificationStateMigration => "db/migrate/TIMESTAMP_add_verification_state_to_TABLE.rb",
    VerificationIndexMigration => "db/migrate/TIMESTAMP_add_verification_failure_index_to_TABLE.rb",
    VerificationStateMachineMigration => "db/migrate/TIMESTAMP_add_verification_state_to_TABLE.state_machine.rb",
    VerificationFailureLimitMigration => "db/migrate/TIMESTAMP_add_verification_failure_limit_to_TABLE.rb",
    VerificationIndexesMigration => "db/migrate/TIMESTAMP_add_verification_indexes_to_TABLE.rb",
    StatesMigration => "db/migrate/TIMESTAMP_create_NAME_states.rb",
    StateModel => "ee/app/models/geo/NAME_state.rb",
    StateFactory => "ee/spec/factories/geo/NAME_states.rb",
    VerificationTraits => "ee/spec/factories/MODEL_FACTORIES.rb",
    VerificationStateChangeTable => "db/migrate/TIMESTAMP_add_verification_state_to_TABLE.change_table.rb",
    VerificationLimitMigration => "db/migrate/TIMESTAMP_add_verification_failure_limit_and_index_to_TABLE.rb",
    Resolver => "ee/app/graphql/resolvers/geo/NAME_registries_resolver.rb",
    ResolverSpec => "ee/spec/graphql/resolvers/geo/NAME_registries_resolver_spec.rb",
    Finder => "ee/app/finders/geo/NAME_registry_finder.rb",
    FinderSpec => "ee/spec/finders/geo/NAME_registry_finder_spec.rb",
    RegistryType => "ee/app/graphql/types/geo/NAME_registry_type.rb",
    RegistryTypeSpec => "ee/spec/graphql/types/geo/NAME_registry_type_spec.rb",
    LoadDataMethod => "snippets/load_data_method.rb",
    GeoNodeTypeField => "snippets/geo_node_type_field.rb",
    ModelLink => "snippets/model_link.rb",
    ModelScopes => "snippets/model_scopes.rb",
    FlagDefinition => "ee/config/feature_flags/FLAG.yml",
    ForceChecksumFlagDefinition => "ee/config/feature_flags/FORCE_FLAG.yml",
    ModelClassMethods => "snippets/model_class_methods.rb",
    ModelInstanceMethods => "snippets/model_instance_methods.rb",
    ModelGeoScopes => "snippets/model_geo_scopes.rb",
    ModelGeoMethods => "snippets/model_geo_methods.rb",
    ReplicatorStates => "ee/app/replicators/geo/NAME_replicator.states.rb",
    ReplicatorSpecStates => "ee/spec/replicators/geo/NAME_replicator_spec.states.rb",
    RegistryMigrationStates => "ee/db/geo/migrate/TIMESTAMP_create_NAME_registry.states.rb",
    RegistryDictionary => "ee/db/geo/docs/NAME_registry.yml",
    RegistryModelStates => "ee/app/models/geo/NAME_registry.states.rb",
    RegistryFactoryStates => "ee/spec/factories/geo/NAME_registry.states.rb",
    RegistryModelSpecStates => "ee/spec/models/geo/NAME_registry_spec.states.rb",
    StatesMigrationConcern => "db/migrate/TIMESTAMP_create_NAME_states.concern.rb",
    ShardingKeyTrigger => "db/migrate/TIMESTAMP_add_NAME_states_KEY_sharding_key_trigger.rb",
    StatesDictionary => "db/docs/NAME_states.yml",
    StateModelConcern => "ee/app/models/geo/NAME_state.concern.rb",
    StateModelSpec => "ee/spec/models/geo/NAME_state_spec.rb",
    StateFactoryConcern => "ee/spec/factories/geo/NAME_states.concern.rb",
    EePrependedStates => "snippets/ee_prepended.states.rb",
    EeClassMethodsStates => "snippets/ee_class_methods.states.rb",
    EeTailStates => "snippets/ee_tail.states.rb",
    EePrependedGenerator => "snippets/ee_prepended.generator.rb",
    EeClassMethodsGenerator => "snippets/ee_class_methods.generator.rb",
    EeModelSpecGeo => "snippets/ee_model_spec_geo.rb",
    EeModelSpecSkeleton => "ee/spec/models/ee/MODEL_spec.rb",
    ModelFactoryTraits => "snippets/model_factory_traits.rb",
    ModelFactorySkeleton => "ee/spec/factories/MODEL_FACTORY.rb",
    ResolverStates => "ee/app/graphql/resolvers/geo/NAME_registries_resolver.states.rb",
    ResolverSpecStates => "ee/spec/graphql/resolvers/geo/NAME_registries_resolver_spec.states.rb",
    FinderSpecStates => "ee/spec/finders/geo/NAME_registry_finder_spec.states.rb",
    RegistryTypeStates => "ee/app/graphql/types/geo/NAME_registry_type.states.rb",
    RegistryTypeSpecStates => "ee/spec/graphql/types/geo/NAME_registry_type_spec.states.rb",
    GeoNodeTypeFieldExperiment => "snippets/geo_node_type_field.experiment.rb",
}

/// "a" or "an" before a label, by how its first word sounds: a vowel, or
/// an acronym read letter by letter from one that sounds like a vowel
/// ("an LFS object", "an SSH key", but "a CI secure file").
fn article(label: &str) -> &'static str {
    let first = label.split(' ').next().unwrap_or_default();
    let acronym = first.len() > 1 && first.chars().all(|c| c.is_ascii_uppercase());
    match (acronym, first.chars().next()) {
        (true, Some('A' | 'E' | 'F' | 'H' | 'I' | 'L' | 'M' | 'N' | 'O' | 'R' | 'S' | 'X')) => "an",
        (true, _) => "a",
        (false, Some('a' | 'e' | 'i' | 'o' | 'u' | 'A' | 'E' | 'I' | 'O' | 'U')) => "an",
        _ => "a",
    }
}

/// Renders one template; the result always ends with exactly one newline.
pub fn render(tpl: Tpl, ctx: &Context) -> String {
    use heck::ToUpperCamelCase;
    let table_class = ctx.n.table.to_upper_camel_case();
    let c = ctx.conventions();
    let vars = Vars {
        n: ctx.n,
        c: &c,
        table_class: &table_class,
        article: article(&ctx.n.label_singular),
        feature_flag: ctx.feature_flag,
        f: ctx.facts,
        p: ctx.probes,
        repo: ctx.strategy == Strategy::Repository,
        generator: ctx.probes.in_tree_generator.value,
    };
    // Rendering plain strings into a String cannot fail.
    let mut text = render_raw(tpl, vars).expect("askama rendering of owned strings is infallible");
    let trimmed = text.trim_end_matches('\n').len();
    text.truncate(trimmed);
    text.push('\n');
    text
}

/// Indents every non-empty line of `text` by `indent`.
pub fn indent(text: &str, indent: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("{indent}{l}\n")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::{NameInput, Names};
    use crate::strategy::Strategy;

    #[test]
    fn articles_follow_the_sound() {
        assert_eq!(article("widget"), "a");
        assert_eq!(article("upload"), "an");
        assert_eq!(article("LFS object"), "an");
        assert_eq!(article("SSH key"), "an");
        assert_eq!(article("CI secure file"), "a");
        assert_eq!(article("URL"), "a");
    }

    fn registry_type(name: &str, wording: crate::probe::TypeWording) -> String {
        let n = Names::new(&NameInput {
            name: Some(name.into()),
            ..Default::default()
        })
        .expect("valid");
        let mut probes = crate::probe::Probes::seed();
        probes.type_wording.value = wording;
        let facts = crate::plan::Facts::default();
        let additions = crate::steps::model_link::Additions::default();
        let timestamps = BTreeMap::new();
        let ctx = Context {
            facts: &facts,
            additions: &additions,
            timestamps: &timestamps,
            n: &n,
            probes: &probes,
            strategy: Strategy::Blob,
            feature_flag: "geo_self_service_framework",
            scopes_added: false,
            verification_table: crate::probe::VerificationTable::Model,
            model: ModelFacts::default(),
            flag_defined: false,
            traits_defined: false,
        };
        render(Tpl::RegistryType, &ctx)
    }

    /// With no registry type in the tree to take the wording from, GitLab's
    /// sentence case: "ID of the snippet repository", an acronym in
    /// capitals ("LFS object").
    #[test]
    fn registry_type_descriptions_are_sentence_case() {
        let sentence = crate::probe::TypeWording::default();
        let sr = registry_type("snippet_repository", sentence);
        assert!(
            sr.contains("description: 'ID of the snippet repository'"),
            "{sr}"
        );
        assert!(sr.contains("state of a snippet repository'"), "{sr}");
        let lfs = registry_type("lfs_object", sentence);
        assert!(lfs.contains("description: 'ID of the LFS object'"), "{lfs}");
        assert!(lfs.contains("state of an LFS object'"), "{lfs}");
    }

    /// A tree's reference registry type decides the ID's case: "ID of the
    /// Group Wiki Repository." (14.x) or "ID of the PackageFile" (13.x).
    #[test]
    fn registry_type_id_follows_the_reference_type() {
        use crate::probe::TypeWording;
        let title = TypeWording {
            geo: true,
            period: true,
            title_case: true,
            capitalized: true,
            class_name: false,
        };
        let sr = registry_type("snippet_repository", title);
        assert!(
            sr.contains("description: 'ID of the Snippet Repository.'"),
            "{sr}"
        );
        let capitalized = TypeWording {
            capitalized: true,
            ..TypeWording::default()
        };
        let sr = registry_type("snippet_repository", capitalized);
        assert!(
            sr.contains("description: 'ID of the Snippet repository'"),
            "{sr}"
        );
        // 13.3/13.4 references name the class ("ID of the TerraformState").
        let class = TypeWording {
            class_name: true,
            ..capitalized
        };
        let sr = registry_type("snippet_repository", class);
        assert!(
            sr.contains("description: 'ID of the SnippetRepository'"),
            "{sr}"
        );
    }
}
