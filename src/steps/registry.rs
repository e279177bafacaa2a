//! Step "Registry": the tracking-database table (a Geo migration), the
//! registry model, its factory and its spec; where registries are verified
//! too (`Geo::VerifiableRegistry`, 13.11+), with the verification columns,
//! indexes, concern, factory traits and shared examples.

use super::{Migration, NewFile, Step};
use crate::names::Names;
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

/// `text` with every registry factory name of type `n` (`:widget_registry`,
/// `:geo_widget_registry`) spelled `factory`, the tree's form: a cloned group
/// names the factory as the file it came from did, which may not be how the
/// tree names it.
pub fn factory_refs(text: &str, n: &Names, factory: &str) -> String {
    let plain = n.registry_table.as_str();
    let prefixed = format!("geo_{plain}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let word = &rest[..len];
        let symbol = !out[..out.len() - 1].ends_with(':');
        if symbol && (word == plain || word == prefixed) {
            out.push_str(factory);
            rest = &rest[len..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factory_refs_follow_the_tree() {
        let n = Names::existing("widget", None, None, None);
        let text = "registry_factory: :widget_registry,\ncreate(:geo_widget_registry, :failed)\nGeo::WidgetRegistry :widget_registry_x";
        assert_eq!(
            factory_refs(text, &n, "geo_widget_registry"),
            "registry_factory: :geo_widget_registry,\ncreate(:geo_widget_registry, :failed)\nGeo::WidgetRegistry :widget_registry_x"
        );
        assert_eq!(
            factory_refs(text, &n, "widget_registry"),
            "registry_factory: :widget_registry,\ncreate(:widget_registry, :failed)\nGeo::WidgetRegistry :widget_registry_x"
        );
    }
}
