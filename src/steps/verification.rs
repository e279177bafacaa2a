//! Step "Verification": the primary's verification state. In the seed's
//! generation, checksum columns on the model's table and a partial index
//! (two main-database migrations). Where models keep a verification state
//! machine (`Gitlab::Geo::VerificationState`, 13.11-14.x), per
//! `--verification-table`: the state columns, their text limit and four
//! indexes on the model's table (three migrations), or a separate
//! `<name>_states` table with its `Geo::<Name>State` model and factory; and
//! either way the verification traits on the model's factory
//! (`FactoryBot.modify` in EE). Where models include `::Geo::VerifiableModel`
//! (15.x+) the state is only ever kept apart: a `<name>_states` table with
//! its migration, schema_migrations file, dictionary, `Geo::<Name>State`
//! model, spec and factory (and, where states tables are sharded, the
//! sharding-key trigger).

use super::{Applies, Migration, NewFile, Step};
use crate::names::Names;
use crate::probe::{Probes, ReplicableModel, VerificationTable};
use crate::render::{Context, Tpl};

pub const STEP: Step = Step {
    name: "verification",
    applies,
    files,
    patches: &[],
};

fn applies(p: &Probes) -> Applies {
    match p.replicable_model.value {
        ReplicableModel::Lib => Applies::Run,
        ReplicableModel::Concern => Applies::Run,
    }
}

fn files(ctx: &Context) -> Vec<NewFile> {
    if super::concern_framework(ctx.probes) {
        return states_table(ctx);
    }
    let n = ctx.n;
    let migration = |kind: &'static str, suffix: String, tpl: Tpl| {
        NewFile::Migration(Migration {
            kind,
            dir: "db/migrate",
            suffix,
            tpl,
        })
    };
    if !ctx.conventions().verification_state {
        return vec![
            migration(
                "add_verification_state",
                format!("add_verification_state_to_{}", n.table),
                Tpl::VerificationStateMigration,
            ),
            migration(
                "add_verification_failure_index",
                format!("add_verification_failure_index_to_{}", n.table),
                Tpl::VerificationIndexMigration,
            ),
        ];
    }
    let mut files = match ctx.verification_table {
        VerificationTable::Model => vec![
            migration(
                "add_verification_state",
                format!("add_verification_state_to_{}", n.table),
                Tpl::VerificationStateMachineMigration,
            ),
            migration(
                "add_verification_failure_limit",
                format!("add_verification_failure_limit_to_{}", n.table),
                Tpl::VerificationFailureLimitMigration,
            ),
            migration(
                "add_verification_indexes",
                format!("add_verification_indexes_to_{}", n.table),
                Tpl::VerificationIndexesMigration,
            ),
        ],
        VerificationTable::States => vec![
            migration(
                "create_states",
                format!("create_{}_states", n.name),
                Tpl::StatesMigration,
            ),
            NewFile::At {
                path: format!("ee/app/models/geo/{}_state.rb", n.name),
                tpl: Tpl::StateModel,
            },
            NewFile::At {
                path: format!("ee/spec/factories/geo/{}_states.rb", n.name),
                tpl: Tpl::StateFactory,
            },
        ],
    };
    // The model's factory learns the verification traits, in EE (where
    // the model's own factory file is the engineer's, a next step says it).
    if !ctx.traits_defined {
        files.push(NewFile::At {
            path: traits_path(n),
            tpl: Tpl::VerificationTraits,
        });
    }
    files
}

/// The EE factory file that modifies the model's factory
/// (`ee/spec/factories/packages/package_files.rb`).
pub fn traits_path(n: &Names) -> String {
    use heck::ToSnakeCase;
    let mut segments: Vec<String> = n
        .model_class
        .split("::")
        .map(|s| s.to_snake_case())
        .collect();
    segments.pop();
    segments.push(n.plural.clone());
    format!("ee/spec/factories/{}.rb", segments.join("/"))
}

/// The 15.x+ form: a `<name>_states` table and what goes with it.
fn states_table(ctx: &Context) -> Vec<NewFile> {
    let (n, p) = (ctx.n, ctx.probes);
    let name = &n.name;
    let generator = p.in_tree_generator.value;
    let mut files = vec![NewFile::Migration(Migration {
        kind: "create_states",
        dir: "db/migrate",
        suffix: format!("create_{name}_states"),
        tpl: Tpl::StatesMigrationConcern,
    })];
    if let Some(key) = &ctx.facts.sharding_key {
        files.push(NewFile::Migration(Migration {
            kind: "sharding_key_trigger",
            dir: "db/migrate",
            suffix: format!("add_{name}_states_{key}_sharding_key_trigger"),
            tpl: Tpl::ShardingKeyTrigger,
        }));
    }
    // GitLab's own generator leaves schema_migrations to `db:migrate`.
    if p.schema_versions.value.main && !generator {
        files.push(NewFile::SchemaVersion {
            kind: "create_states",
            dir: "db/schema_migrations",
        });
    }
    if p.dictionaries.value {
        files.push(NewFile::At {
            path: format!("db/docs/{name}_states.yml"),
            tpl: Tpl::StatesDictionary,
        });
    }
    files.push(NewFile::At {
        path: format!("ee/app/models/geo/{name}_state.rb"),
        tpl: Tpl::StateModelConcern,
    });
    if !generator {
        files.push(NewFile::At {
            path: format!("ee/spec/models/geo/{name}_state_spec.rb"),
            tpl: Tpl::StateModelSpec,
        });
    }
    files.push(NewFile::At {
        path: format!("ee/spec/factories/geo/{name}_states.rb"),
        tpl: Tpl::StateFactoryConcern,
    });
    files
}
