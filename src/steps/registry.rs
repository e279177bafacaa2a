//! Step "Registry": the tracking-database table (a Geo migration), the
//! registry model, its factory and its spec; where registries are verified
//! too (`Geo::VerifiableRegistry`, 13.11+), with the verification columns,
//! indexes, concern, factory traits and shared examples.

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
    // Verified registries (13.11+) carry the verification columns and indexes.
    let migration = match (ctx.conventions().verifiable_registry, ctx.strategy) {
        (true, _) => Tpl::RegistryMigrationVerifiable,
        (false, Strategy::Blob) => Tpl::RegistryMigrationBlob,
        (false, Strategy::Repository) => Tpl::RegistryMigrationRepository,
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
