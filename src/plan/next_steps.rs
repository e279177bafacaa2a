//! What the engineer still has to do by hand after a scaffold, each with its
//! command or file; steps the tree already has done are left out.

use super::{FileChange, Origin, Plan};
use crate::checkout::Checkout;
use crate::probe::{Flags, GeoSchema, Probes};
use crate::strategy::Strategy;

/// What the engineer still has to do by hand after this scaffold, each with
/// its command or file; steps already done in the tree are left out.
pub fn for_plan(tree: &Checkout, plan: &Plan, probes: &Probes) -> Vec<String> {
    if crate::steps::concern_framework(probes) {
        return concern_framework(tree, plan);
    }
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
    model_additions(plan, &mut steps);
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
    steps.extend(closing_steps(plan));
    steps
}

/// What the scaffold wrote into the model's EE module and factory, or left
/// out of the status spec's cloned blocks, for a human to review (13.3-13.10).
fn model_additions(plan: &Plan, steps: &mut Vec<String>) {
    use crate::steps::model_link::CLASS_METHODS;
    let n = &plan.names;
    let x = &plan.additions;
    let link = &plan.model.link_path;
    // `replicables_for_geo_node`, recorded as the scaffold's in the module.
    let class_methods = x.geo_scopes
        && plan
            .entry
            .inserted
            .as_ref()
            .and_then(|i| i.get(link))
            .and_then(|places| places.get(&format!("module EE::{}", n.model_class)))
            .is_some_and(|keys| keys.contains_key(CLASS_METHODS));
    if class_methods {
        steps.push(format!(
            "add a spec for `{}.replicables_for_geo_node` (added to {link}; columns read from {})",
            n.model_class, x.columns_from
        ));
        if !x.project_id {
            steps.push(format!(
                "decide how selective sync narrows {}: `{}` has no `project_id` column, so `selective_sync_scope` in {link} returns every row",
                n.label, n.table
            ));
        }
    }
    if !x.traits.dropped.is_empty() {
        let framework = x
            .traits
            .framework
            .as_ref()
            .map_or(String::new(), |p| format!(" nor {p}"));
        steps.push(format!(
            "the status spec blocks cloned into ee/spec/models/geo_node_status_spec.rb left out {}: only the reference model's factory defines it (neither {}'s factory{framework} does); check the new blocks still create what they count",
            x.traits
                .dropped
                .iter()
                .map(|t| format!("trait `:{t}`"))
                .collect::<Vec<_>>()
                .join(", "),
            n.model_class
        ));
    }
    if let Some((path, _)) = &x.traits.factory
        && !x.traits.add.is_empty()
    {
        steps.push(format!(
            "{path} got trait(s) {} for the status spec, cloned from the reference model's factory: check them against {}",
            x.traits
                .add
                .iter()
                .map(|(t, _)| format!("`:{t}`"))
                .collect::<Vec<_>>()
                .join(", "),
            n.model_class
        ));
    }
}

/// A warning for every migration a change takes out: it may already have
/// run on a database, and how to roll it back there.
pub fn rollbacks(changes: &[FileChange]) -> Vec<String> {
    changes
        .iter()
        .filter(|c| c.origin == Origin::Generated && c.before.is_some() && c.after.is_none())
        .filter_map(|c| {
            let (dir, file) = c.path.rsplit_once('/')?;
            let version = file.get(..14).filter(|v| v.bytes().all(|b| b.is_ascii_digit()))?;
            let task = match dir {
                "db/migrate" => "db:migrate:down",
                "ee/db/geo/migrate" => "db:migrate:down:geo",
                _ => return None,
            };
            Some(format!(
                "{} is taken out; if it already ran on a database, roll it back there with `bin/rails {task} VERSION={version}` (with the file restored from version control if it is already gone)",
                c.path
            ))
        })
        .collect()
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

/// The steps left where models include the framework's concerns (15.x+):
/// only the commands this tree needs (GitLab's own generator runs some of
/// them itself after generating; geo-scaffold never runs anything).
fn concern_framework(tree: &Checkout, plan: &Plan) -> Vec<String> {
    let (n, e, f, p) = (&plan.names, &plan.entry, &plan.facts, &plan.probes);
    let generator = p.in_tree_generator.value;
    let created = |part: &str| {
        plan.changes
            .iter()
            .any(|c| c.before.is_none() && c.after.is_some() && c.path.contains(part))
    };
    let mut steps = Vec::new();
    if created("/migrate/") {
        steps.push(if generator {
            "run the migrations: `bin/rake db:migrate:geo RAILS_ENV=test && bin/rake db:migrate` (writes db/structure.sql, ee/db/geo/structure.sql and the schema_migrations files); commit them".to_string()
        } else {
            "run the migrations: `bin/rails db:migrate:geo` and `bin/rails db:migrate` (update ee/db/geo/structure.sql and db/structure.sql); commit both".to_string()
        });
    }
    if generator {
        steps.push("regenerate the dictionaries in GitLab's layout: `bundle exec rake gitlab:db:dictionary:generate`".into());
    }
    steps.push(format!(
        "regenerate the GraphQL reference{}: `bundle exec rake gitlab:graphql:compile_docs`{} (adds the `{}` field and the `{}` type)",
        if generator { " and introspection schemas" } else { "" },
        if generator {
            " and `bundle exec rake gitlab:graphql:generate_all_introspection_schemas`"
        } else {
            ""
        },
        n.registries,
        n.registry_class
    ));
    if tree
        .abs("ee/config/metrics/object_schemas/geo_node_usage.json")
        .is_file()
    {
        steps.push("regenerate the Geo usage metrics definitions: `bundle exec rake geo:dev:ssf_metrics` (ee/config/metrics/object_schemas/geo_node_usage.json)".into());
    }
    if p.titles.value && tree.abs("locale/gitlab.pot").is_file() {
        steps.push(format!(
            "extract the new strings: `tooling/bin/gettext_extractor locale/gitlab.pot` (adds `Geo|{}` and `Geo|{}`)",
            f.title, f.title_plural
        ));
    }
    let flags: Vec<&str> = plan
        .changes
        .iter()
        .filter(|c| {
            c.before.is_none() && c.path.contains("/feature_flags/") && c.path.ends_with(".yml")
        })
        .map(|c| c.path.as_str())
        .collect();
    if !flags.is_empty() {
        steps.push(format!(
            "fill `introduced_by_url` and `rollout_issue_url` in {}",
            flags.join(" and ")
        ));
    }
    let dictionaries: Vec<&str> = plan
        .changes
        .iter()
        .filter(|c| c.before.is_none() && c.path.contains("/docs/") && c.path.ends_with(".yml"))
        .map(|c| c.path.as_str())
        .collect();
    if !dictionaries.is_empty() {
        steps.push(format!(
            "fill `introduced_by_url` (the merge request) in {}",
            dictionaries.join(" and ")
        ));
    }
    if f.model_factory_path.is_none() {
        steps.push(format!(
            "add a `:{}` factory for {} (spec/factories/{}.rb): the replicator spec and the Geo factories build on it",
            f.model_factory,
            n.model_class,
            crate::names::pluralize(&f.model_path)
        ));
    }
    let module = format!("ee/app/models/ee/{}.rb", f.model_path);
    if !f.project_scoped {
        steps.push(format!(
            "{} has no project: write its `selective_sync_scope(node, **params)` in {module} (which records a secondary syncs)",
            n.model_class
        ));
    } else if generator {
        steps.push(format!(
            "review {module}: the sharding-key scope and `selective_sync_scope` (the notes marked TODO)"
        ));
    }
    match e.strategy {
        Strategy::Blob => {
            steps.push(format!(
                "where {} records are destroyed in bulk (not one by one through the model), publish their Geo deletion events with `Geo::BatchEventCreateWorker` and spec them",
                n.model_class
            ));
            if f.uploader.is_none() {
                steps.push(format!(
                    "{} mounts no uploader on `file`: make `carrierwave_uploader` in ee/app/replicators/geo/{}_replicator.rb return it{}",
                    n.model_class,
                    n.name,
                    if generator { "" } else { ", and add the factory's `:remote_store` trait" }
                ));
            }
        }
        Strategy::Repository => {
            steps.push(format!(
                "make sure `{}#repository` returns the Git repository to replicate; publish its updates (`geo_handle_after_update` from the push path), handle its removal, and add a `Gitlab::GitAccess` class if it is reachable over Git",
                n.model_class
            ));
            let repository = "ee/app/models/ee/repository.rb";
            if tree
                .read(repository)
                .ok()
                .flatten()
                .is_some_and(|t| t.contains("def log_geo_updated_event"))
            {
                steps.push(format!(
                    "add a `when ::{}` branch to `log_geo_updated_event` in {repository}",
                    n.model_class
                ));
            }
        }
    }
    if generator {
        steps.push(format!(
            "add the `verification_succeeded` / `verification_failed`{} traits to the `:{}` factory and the 'a verifiable model for verification state' and 'Geo Framework selective sync behavior' examples to ee/spec/models/ee/{}_spec.rb (GitLab's generator leaves them to you)",
            if e.strategy == Strategy::Blob { " / `remote_store`" } else { "" },
            f.model_factory,
            f.model_path
        ));
    } else {
        steps.push(format!(
            "review the records of ee/spec/models/ee/{}_spec.rb's selective sync examples against the model's real associations",
            f.model_path
        ));
    }
    steps.push(format!(
        "when the type is released: `default_enabled: true` in geo_{}_replication.yml, drop `experiment:` from the `{}` field, and add its row to doc/administration/geo/replication/datatypes.md",
        n.name, n.registries
    ));
    steps.extend(closing_steps(plan));
    steps
}

/// The last steps of every generation: run the new and patched specs, commit
/// the manifest and check in CI.
fn closing_steps(plan: &Plan) -> [String; 2] {
    let specs: Vec<&str> = plan
        .changes
        .iter()
        .filter(|c| c.origin != Origin::Manifest && c.path.ends_with("_spec.rb"))
        .map(|c| c.path.as_str())
        .collect();
    [
        format!(
            "run the new and patched specs: `bin/rspec {}`",
            specs.join(" ")
        ),
        "commit geo-scaffold.toml and run `geo-scaffold check` in CI (see the README)".into(),
    ]
}
