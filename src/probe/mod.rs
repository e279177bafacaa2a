//! What a tree's Geo framework looks like, feature by feature. GitLab changed
//! the framework many times (13.2 to 19.x); the tool never asks for a version
//! number: each probe reads one feature from the tree, steps choose their
//! variant from the probes, and `doctor` shows what was found and why.
//!
//! Probes read only a few small files (and list a few directories), so every
//! command can afford them.
//!
//! The findings' types are in [`findings`]; the probes of the framework's
//! features in `framework`; the conventions read from the reference type's
//! own files in `conventions` and `style`.

mod conventions;
mod findings;
mod framework;
mod style;
#[cfg(test)]
mod tests;

use anyhow::Result;
use serde::Serialize;

use crate::checkout::Checkout;
use crate::names::Names;
use crate::strategy::Strategy;

use conventions::*;
pub use conventions::{INFLECTIONS, REGISTRY_WORKER, SERVICE_SPEC, STATUS_SPEC, WORKER_SPEC};
pub use findings::*;
use framework::*;
use style::*;

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
            registry_examples: found(None, "test"),
            factory_association: found(false, "test"),
            registry_include_root: found(
                IncludeRoot {
                    replicable: true,
                    verifiable: true,
                },
                "test",
            ),
            registry_migration: found(
                RegistryMigration {
                    bigint: false,
                    text_limit: false,
                    ddl: false,
                },
                "test",
            ),
            verification_migrations: found(VerificationMigrations::Columns, "test"),
            model_link: found(
                ModelLinkStyle {
                    blank_line: true,
                    geo_scopes: false,
                },
                "test",
            ),
            concern_scopes: found(false, "test"),
            flag_comment: found(true, "test"),
            model_factory: found(None, "test"),
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
            registry_examples: found(Some("include_examples".to_string()), "test"),
            factory_association: found(false, "test"),
            registry_include_root: found(
                IncludeRoot {
                    replicable: true,
                    verifiable: true,
                },
                "test",
            ),
            registry_migration: found(
                RegistryMigration {
                    bigint: true,
                    text_limit: false,
                    ddl: false,
                },
                "test",
            ),
            verification_migrations: found(VerificationMigrations::Columns, "test"),
            model_link: found(
                ModelLinkStyle {
                    blank_line: true,
                    geo_scopes: false,
                },
                "test",
            ),
            concern_scopes: found(false, "test"),
            flag_comment: found(true, "test"),
            model_factory: found(None, "test"),
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
            registry_examples: registry_examples(&refs)?,
            factory_association: factory_association(&refs)?,
            registry_include_root: registry_include_root(&refs)?,
            registry_migration: registry_migration(&refs)?,
            verification_migrations: verification_migrations(&refs)?,
            model_link: model_link(&refs)?,
            concern_scopes: concern_scopes(checkout)?,
            flag_comment: flag_comment(&refs)?,
            model_factory: model_factory(&refs),
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
