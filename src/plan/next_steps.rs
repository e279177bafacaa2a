//! What the engineer still has to do by hand after a scaffold, each with its
//! command or file; steps the tree already has done are left out.

use super::{Origin, Plan};
use crate::checkout::Checkout;
use crate::probe::{Flags, GeoSchema, Probes};
use crate::strategy::Strategy;

/// What the engineer still has to do by hand after this scaffold, each with
/// its command or file; steps already done in the tree are left out.
pub fn for_plan(tree: &Checkout, plan: &Plan, probes: &Probes) -> Vec<String> {
    let n = &plan.names;
    let e = &plan.entry;
    let mut steps = Vec::new();
    let created = |dir: &str| -> Vec<&str> {
        plan.changes
            .iter()
            .filter(|c| c.path.starts_with(dir) && c.before.is_none() && c.after.is_some())
            .map(|c| c.path.as_str())
            .collect()
    };
    let (main, geo) = (created("db/migrate/"), created("ee/db/geo/migrate/"));
    if probes.schema_migrations.value {
        // Trees that commit each migration's version (13.3+): the era's
        // commands, and the files each one changes.
        if !geo.is_empty() {
            steps.push(match probes.geo_schema.value {
                GeoSchema::SchemaRb => "run the tracking-database migrations: `bin/rake geo:db:migrate`, and commit ee/db/geo/schema.rb".to_string(),
                GeoSchema::StructureSql => "run the tracking-database migrations: `bin/rails db:migrate:geo`, and commit ee/db/geo/structure.sql and ee/db/geo/schema_migrations/".to_string(),
            });
        }
        if !main.is_empty() {
            let versions: Vec<String> = main
                .iter()
                .filter_map(|p| p.rsplit('/').next()?.get(..14))
                .map(|ts| format!("db/schema_migrations/{ts}"))
                .collect();
            steps.push(format!(
                "run the main-database migrations: `bin/rake db:migrate`, and commit db/structure.sql and {}",
                versions.join(", ")
            ));
        }
    } else if !main.is_empty() || !geo.is_empty() {
        steps.push(
            "run the migrations: `bin/rails db:migrate` (main database: db/structure.sql) and `bin/rails db:migrate:geo` (tracking database: ee/db/geo/schema.rb), and commit the schema changes".into(),
        );
    }
    steps.push("regenerate the GraphQL reference: `bundle exec rake gitlab:graphql:compile_docs` (adds the new GeoNode field and registry type)".into());
    let flag = &e.feature_flag;
    let flag_files = [
        format!("config/feature_flags/development/{flag}.yml"),
        format!("ee/config/feature_flags/development/{flag}.yml"),
        format!("ee/config/feature_flags/ops/{flag}.yml"),
    ];
    let written = |path: &str| {
        plan.changes
            .iter()
            .any(|c| c.path == path && c.before.is_none() && c.after.is_some())
    };
    if let Some(f) = flag_files.iter().find(|f| written(f)) {
        steps.push(format!(
            "fill `introduced_by_url` and `rollout_issue_url` in {f} (the merge request and the rollout issue)"
        ));
    } else if !flag_files.iter().any(|f| tree.abs(f).is_file()) {
        steps.push(format!(
            "define the feature flag `{flag}`: `bin/feature-flag --ee {flag}` (creates ee/config/feature_flags/development/{flag}.yml)"
        ));
    }
    let model_path = {
        use heck::ToSnakeCase;
        n.model_class
            .split("::")
            .map(|s| s.to_snake_case())
            .collect::<Vec<_>>()
            .join("/")
    };
    let factory_files = [
        format!("spec/factories/{}.rb", n.plural),
        format!("ee/spec/factories/{}.rb", n.plural),
        format!("spec/factories/{}.rb", n.table),
        format!("spec/factories/{model_path}.rb"),
        format!("spec/factories/{}.rb", crate::names::pluralize(&model_path)),
    ];
    let has_factory = factory_files.iter().any(|f| {
        tree.read(f)
            .ok()
            .flatten()
            .is_some_and(|t| t.contains(&format!("factory :{}", n.name)))
    });
    if !has_factory {
        steps.push(format!(
            "add a `:{}` factory for {} (e.g. spec/factories/{}.rb): ee/spec/factories/geo/{}.rb and the replicator spec build on it",
            n.name, n.model_class, n.plural, n.registry_table
        ));
    }
    match e.strategy {
        Strategy::Blob => {
            let model_src = tree
                .read(&plan.model.class_path)
                .ok()
                .flatten()
                .unwrap_or_default();
            if !(model_src.contains("mount_uploader :file")
                || model_src.contains("mount_file_store_uploader"))
            {
                steps.push(format!(
                    "{} has no `mount_uploader :file`: make `carrierwave_uploader` in ee/app/replicators/geo/{}_replicator.rb return its uploader",
                    n.model_class, n.name
                ));
            }
        }
        Strategy::Repository => {
            steps.push(format!(
                "make sure `{}#repository` returns the Git repository to replicate (used by ee/app/replicators/geo/{}_replicator.rb)",
                n.model_class, n.name
            ));
            let replicator = plan
                .changes
                .iter()
                .find(|c| c.path == format!("ee/app/replicators/geo/{}_replicator.rb", n.name))
                .and_then(|c| c.after.as_deref())
                .unwrap_or("");
            if let Some(class) = git_access_class(replicator)
                && !git_access_defined(tree, class)
            {
                steps.push(format!(
                    "add `{class}` (the replicator's `git_access_class`, e.g. lib/gitlab/{}.rb): it checks that a secondary may pull the repository",
                    heck::ToSnakeCase::to_snake_case(
                        class.trim_start_matches("::").trim_start_matches("Gitlab::")
                    )
                ));
            }
            steps.push(format!(
                "publish the repository's events: call `{0}.replicator.handle_after_update` where a push to it lands (app/workers/post_receive.rb) and `replicator.handle_after_destroy` in its destroy service",
                n.name
            ));
        }
    }
    if probes.verification_state.value && plan.model.link_path.starts_with("ee/app/models/ee/") {
        steps.push(format!(
            "review `replicables_for_current_secondary` in {}: it was written from what {} offers for selective sync{}",
            plan.model.link_path,
            n.model_class,
            if e.strategy == Strategy::Blob { " and object storage" } else { "" }
        ));
    }
    if probes.verification_state.value {
        let traits = crate::steps::verification::traits_path(n);
        if !written(&traits) && !plan.changes.iter().any(|c| c.path == traits) {
            steps.push(format!(
                "add the `:verification_succeeded` and `:verification_failed` traits to the `:{}` factory in {traits} (the verification specs use them)",
                n.name
            ));
        }
    }
    if matches!(probes.flags.value, Flags::PerType { .. }) {
        steps.push(format!(
            "later, in the merge request that releases {}: make `geo_{}_replication` default_enabled: true, drop `replication_enabled_by_default?` from the replicator and `feature_flag:` from the GeoNode field, and add the type to doc/administration/geo/replication/datatypes.md",
            n.label, n.name
        ));
    }
    let specs: Vec<&str> = plan
        .changes
        .iter()
        .filter(|c| c.origin != Origin::Manifest && c.path.ends_with("_spec.rb"))
        .map(|c| c.path.as_str())
        .collect();
    steps.push(format!(
        "run the new and patched specs: `bin/rspec {}`",
        specs.join(" ")
    ));
    steps.push(
        "commit geo-scaffold.toml and run `geo-scaffold check` in CI (see the README)".into(),
    );
    steps
}

/// The class a replicator's `def self.git_access_class` returns.
fn git_access_class(replicator: &str) -> Option<&str> {
    let after = &replicator[replicator.find("def self.git_access_class")?..];
    let class = after.lines().nth(1)?.trim();
    (!class.is_empty()).then_some(class)
}

/// Whether the tree defines the Git access class (`::Gitlab::GitAccessGadget`).
fn git_access_defined(tree: &Checkout, class: &str) -> bool {
    use heck::ToSnakeCase;
    let rel = class
        .trim_start_matches("::")
        .split("::")
        .map(|s| s.to_snake_case())
        .collect::<Vec<_>>()
        .join("/");
    [format!("lib/{rel}.rb"), format!("ee/lib/{rel}.rb")]
        .iter()
        .any(|p| tree.abs(p).is_file())
}
