//! New files and inserted snippets, rendered from the askama templates under
//! `templates/` (one struct per template, escaping off: the output is Ruby).

use crate::names::Names;
use crate::probe::{Flags, Probes, RegistryConcern, SpecStyle, VerificationTable};
use crate::strategy::Strategy;

/// What templates know beyond the names.
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
            milestone: p.milestone.value.clone().unwrap_or_default(),
        }
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
}

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
}

templates! {
    ReplicatorBlob => "ee/app/replicators/geo/NAME_replicator.blob.rb",
    ReplicatorRepository => "ee/app/replicators/geo/NAME_replicator.repository.rb",
    ReplicatorSpecBlob => "ee/spec/replicators/geo/NAME_replicator_spec.blob.rb",
    ReplicatorSpecRepository => "ee/spec/replicators/geo/NAME_replicator_spec.repository.rb",
    RegistryMigrationBlob => "ee/db/geo/migrate/TIMESTAMP_create_NAME_registry.blob.rb",
    RegistryMigrationRepository => "ee/db/geo/migrate/TIMESTAMP_create_NAME_registry.repository.rb",
    RegistryModel => "ee/app/models/geo/NAME_registry.rb",
    RegistryFactory => "ee/spec/factories/geo/NAME_registry.rb",
    RegistryModelSpec => "ee/spec/models/geo/NAME_registry_spec.rb",
    VerificationStateMigration => "db/migrate/TIMESTAMP_add_verification_state_to_TABLE.rb",
    VerificationIndexMigration => "db/migrate/TIMESTAMP_add_verification_failure_index_to_TABLE.rb",
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
}

/// "a" or "an" before a label, by its first letter.
fn article(label: &str) -> &'static str {
    match label.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
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
