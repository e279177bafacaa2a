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
    let p = ctx.probes;
    let name = &n.name;
    let states = super::concern_framework(p);
    // Verified registries (13.11+) carry the verification columns and indexes.
    let migration = match (ctx.conventions().verifiable_registry, ctx.strategy) {
        _ if states => Tpl::RegistryMigrationStates,
        (true, _) => Tpl::RegistryMigrationVerifiable,
        (false, Strategy::Blob) => Tpl::RegistryMigrationBlob,
        (false, Strategy::Repository) => Tpl::RegistryMigrationRepository,
    };
    let pick = |old: Tpl, new: Tpl| if states { new } else { old };
    let mut files = vec![NewFile::Migration(Migration {
        kind: "create_registry",
        dir: "ee/db/geo/migrate",
        suffix: format!("create_{}", n.registry_table),
        tpl: migration,
    })];
    // GitLab's own generator leaves schema_migrations to `db:migrate:geo`.
    if p.schema_versions.value.geo && !p.in_tree_generator.value {
        files.push(NewFile::SchemaVersion {
            kind: "create_registry",
            dir: "ee/db/geo/schema_migrations",
        });
    }
    if p.dictionaries.value {
        files.push(NewFile::At {
            path: format!("ee/db/geo/docs/{}.yml", n.registry_table),
            tpl: Tpl::RegistryDictionary,
        });
    }
    files.extend([
        NewFile::At {
            path: format!("ee/app/models/geo/{name}_registry.rb"),
            tpl: pick(Tpl::RegistryModel, Tpl::RegistryModelStates),
        },
        NewFile::At {
            path: format!("ee/spec/factories/geo/{name}_registry.rb"),
            tpl: pick(Tpl::RegistryFactory, Tpl::RegistryFactoryStates),
        },
        NewFile::At {
            path: format!("ee/spec/models/geo/{name}_registry_spec.rb"),
            tpl: pick(Tpl::RegistryModelSpec, Tpl::RegistryModelSpecStates),
        },
    ]);
    files
}
