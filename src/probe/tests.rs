//! Unit tests of the probes.

use super::*;

#[test]
fn described_labels() {
    let type_src = |label: &str| {
        format!("      description 'Represents the Geo sync and verification state of {label}'\n")
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
    let b = migration_class_of("class X < Gitlab::Database::Migration[2.1]\nend\n").expect("GL");
    let c = migration_class_of("class X < Gitlab::Database::Migration[2.3]\nend\n").expect("GL");
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

/// The 13.3-13.10 conventions are read from the last listed type that
/// has the file (beta), the seed's where none has it.
#[test]
fn unverified_conventions_follow_the_reference_files() {
    let seed = probe(&[]);
    assert_eq!(seed.registry_examples.value, None);
    assert!(!seed.factory_association.value);
    assert_eq!(
        seed.registry_include_root.value,
        IncludeRoot {
            replicable: true,
            verifiable: true
        }
    );
    assert!(!seed.registry_migration.value.ddl);
    assert_eq!(
        seed.verification_migrations.value,
        VerificationMigrations::Columns
    );
    assert!(seed.model_link.value.blank_line && !seed.model_link.value.geo_scopes);
    assert!(!seed.concern_scopes.value);
    assert!(seed.flag_comment.value);
    assert!(!seed.type_wording.value.class_name);
    assert_eq!(seed.model_factory.value, None);

    let p = probe(&[
        (
            "ee/spec/models/geo/beta_registry_spec.rb",
            "RSpec.describe Geo::BetaRegistry do\n  it_behaves_like 'a Geo framework registry'\nend\n",
        ),
        (
            "ee/spec/factories/geo/beta_registry.rb",
            "FactoryBot.define do\n  factory :geo_beta_registry do\n    association :beta, factory: :beta\n  end\nend\n",
        ),
        (
            "ee/app/models/geo/beta_registry.rb",
            "class Geo::BetaRegistry < Geo::BaseRegistry\n  include Geo::ReplicableRegistry\n\n  MODEL_CLASS = ::Beta\nend\n",
        ),
        (
            "ee/db/geo/migrate/20200101000000_create_beta_registry.rb",
            "class CreateBetaRegistry < ActiveRecord::Migration[6.0]\n  disable_ddl_transaction!\n  create_table :beta_registry, id: :bigserial\n  add_text_limit :beta_registry, :x, 255\nend\n",
        ),
        (
            "db/migrate/20200101000001_add_verification_failure_limit_and_index_to_betas.rb",
            "class X < ActiveRecord::Migration[6.0]\nend\n",
        ),
        (
            "ee/app/models/ee/beta.rb",
            "module EE\n  module Beta\n    prepended do\n      include ::Gitlab::Geo::ReplicableModel\n      with_replicator Geo::BetaReplicator\n    end\n\n    class_methods do\n      def replicables_for_geo_node\n      end\n    end\n  end\nend\n",
        ),
        (
            "ee/lib/gitlab/geo/replicable_model.rb",
            "included do\n  scope :checksummed, -> { where.not(verification_checksum: nil) }\nend\n",
        ),
        (
            "ee/app/replicators/geo/beta_replicator.rb",
            "class BetaReplicator\n  include ::Geo::RepositoryReplicatorStrategy\n\n  def self.model\n    ::Beta\n  end\n\n  def self.replication_enabled_by_default?\n    false\n  end\nend\n",
        ),
        (
            "ee/app/graphql/types/geo/alpha_registry_type.rb",
            "field :alpha_id, GraphQL::ID_TYPE, description: 'ID of the Alpha'\n",
        ),
        (
            "ee/app/graphql/types/geo/beta_registry_type.rb",
            "field :beta_id, GraphQL::ID_TYPE, description: 'ID of the Beta'\n",
        ),
        (
            "spec/factories/beta.rb",
            "FactoryBot.define do\n  factory :beta do\n  end\nend\n",
        ),
    ]);
    assert_eq!(
        p.registry_examples.value.as_deref(),
        Some("it_behaves_like")
    );
    assert!(p.factory_association.value);
    assert_eq!(
        p.registry_include_root.value,
        IncludeRoot {
            replicable: false,
            verifiable: true
        },
        "alpha's registry is the last verified one"
    );
    assert_eq!(
        p.registry_migration.value,
        RegistryMigration {
            bigint: true,
            text_limit: true,
            ddl: true
        }
    );
    assert_eq!(
        p.verification_migrations.value,
        VerificationMigrations::ChangeTable
    );
    assert_eq!(
        p.model_link.value,
        ModelLinkStyle {
            blank_line: false,
            geo_scopes: true
        }
    );
    assert!(p.concern_scopes.value);
    assert!(!p.flag_comment.value);
    assert!(
        !p.type_wording.value.class_name,
        "one-word names tell nothing"
    );
    assert_eq!(
        p.model_factory.value,
        Some(("spec/factories/beta.rb".into(), "beta".into()))
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
