//! What the engineer still has to do by hand after a scaffold, each with its
//! command or file; steps the tree already has done are left out.

use super::{FileChange, Origin, Plan};
use crate::checkout::Checkout;
use crate::strategy::Strategy;

/// What the engineer still has to do by hand after this scaffold, each with
/// its command or file; steps already done in the tree are left out.
pub fn for_plan(tree: &Checkout, plan: &Plan) -> Vec<String> {
    let n = &plan.names;
    let e = &plan.entry;
    let mut steps = Vec::new();
    let created_migration = plan
        .changes
        .iter()
        .any(|c| c.path.contains("/migrate/") && c.before.is_none());
    if created_migration {
        steps.push(
            "run the migrations: `bin/rails db:migrate` (main database: db/structure.sql) and `bin/rails db:migrate:geo` (tracking database: ee/db/geo/schema.rb), and commit the schema changes".into(),
        );
    }
    steps.push("regenerate the GraphQL reference: `bundle exec rake gitlab:graphql:compile_docs` (adds the new GeoNode field and registry type)".into());
    let flag = &e.feature_flag;
    let flag_files = [
        format!("config/feature_flags/development/{flag}.yml"),
        format!("ee/config/feature_flags/development/{flag}.yml"),
    ];
    if !flag_files.iter().any(|f| tree.abs(f).is_file()) {
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
            let model_src = tree.read(&plan.model.class_path).ok().flatten().unwrap_or_default();
            if !(model_src.contains("mount_uploader :file") || model_src.contains("mount_file_store_uploader")) {
                steps.push(format!(
                    "{} has no `mount_uploader :file`: make `carrierwave_uploader` in ee/app/replicators/geo/{}_replicator.rb return its uploader",
                    n.model_class, n.name
                ));
            }
        }
        Strategy::Repository => steps.push(format!(
            "make sure `{}#repository` returns the Git repository to replicate (used by ee/app/replicators/geo/{}_replicator.rb)",
            n.model_class, n.name
        )),
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
