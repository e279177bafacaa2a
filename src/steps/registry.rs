//! Step "Registry": the tracking-database table (a Geo migration), the
//! registry model, its factory and its spec.

use super::{Migration, NewFile, Step};
use crate::render::{Context, Tpl};
use crate::strategy::Strategy;

pub const STEP: Step = Step {
    name: "registry",
    applies: super::always,
    files,
    patches: &[],
};

fn files(ctx: &Context) -> Vec<NewFile> {
    let n = ctx.n;
    let migration = match ctx.strategy {
        Strategy::Blob => Tpl::RegistryMigrationBlob,
        Strategy::Repository => Tpl::RegistryMigrationRepository,
    };
    let name = &n.name;
    vec![
        NewFile::Migration(Migration {
            kind: "create_registry",
            dir: "ee/db/geo/migrate",
            suffix: format!("create_{}", n.registry_table),
            tpl: migration,
        }),
        NewFile::At {
            path: format!("ee/app/models/geo/{name}_registry.rb"),
            tpl: Tpl::RegistryModel,
        },
        NewFile::At {
            path: format!("ee/spec/factories/geo/{name}_registry.rb"),
            tpl: Tpl::RegistryFactory,
        },
        NewFile::At {
            path: format!("ee/spec/models/geo/{name}_registry_spec.rb"),
            tpl: Tpl::RegistryModelSpec,
        },
    ]
}
