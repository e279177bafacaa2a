//! Step "Feature flag": in trees that gate each type by its own
//! `geo_<name>_replication` flag (13.5+), the flag's definition YAML, in the
//! tree's flag directory and with the keys of the reference type's own
//! definition. (The replicator's `replication_enabled_by_default?` override
//! and the GraphQL field's gate belong to their steps.) Trees whose types
//! also have a `geo_<name>_force_primary_checksumming` ops flag (18.x+, and
//! GitLab's own generator) get that definition too.

use super::{Applies, NewFile, Step};
use crate::probe::{Flags, Probes};
use crate::render::{Context, Tpl};

pub const STEP: Step = Step {
    name: "feature flag",
    applies,
    files,
    patches: &[],
};

fn applies(p: &Probes) -> Applies {
    match &p.flags.value {
        Flags::PerType { .. } => Applies::Run,
        Flags::Global => Applies::Skip(format!(
            "types share one global flag ({})",
            p.flags.evidence
        )),
    }
}

/// Where the type's replication flag is defined, in trees with per-type flags.
pub fn path(ctx: &Context) -> Option<String> {
    match &ctx.probes.flags.value {
        Flags::PerType { dir } => Some(format!("{dir}/geo_{}_replication.yml", ctx.n.name)),
        Flags::Global => None,
    }
}

fn files(ctx: &Context) -> Vec<NewFile> {
    // A definition the engineer already made (e.g. with `bin/feature-flag`)
    // is theirs: not generated, not a conflict.
    let mut files = match path(ctx) {
        Some(path) if !ctx.flag_defined => vec![NewFile::At {
            path,
            tpl: Tpl::FlagDefinition,
        }],
        _ => Vec::new(),
    };
    if let Flags::PerType { dir } = &ctx.probes.flags.value
        && ctx.facts.force_checksum_flag
        && !ctx.facts.force_checksum_flag_defined
    {
        files.push(NewFile::At {
            path: format!("{dir}/geo_{}_force_primary_checksumming.yml", ctx.n.name),
            tpl: Tpl::ForceChecksumFlagDefinition,
        });
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::testing::Widget;
    use crate::probe::FlagSchema;
    use crate::render::render;

    /// The definition follows the reference's keys (an old schema without
    /// `milestone` stays without it) with the flag's own values; a flag
    /// defined by hand is left alone; a tree with one global flag gets none.
    #[test]
    fn definition_follows_the_reference_schema() {
        let mut w = Widget::after_reference();
        assert!(matches!(applies(&w.probes), Applies::Skip(_)));
        w.probes.flags.value = Flags::PerType {
            dir: "ee/config/feature_flags/development".into(),
        };
        w.probes.milestone.value = Some("14.3".into());
        let ctx = w.ctx(false);
        assert_eq!(applies(ctx.probes), Applies::Run);
        assert_eq!(
            files(&ctx),
            [NewFile::At {
                path: "ee/config/feature_flags/development/geo_widget_replication.yml".into(),
                tpl: Tpl::FlagDefinition,
            }]
        );
        assert_eq!(
            render(Tpl::FlagDefinition, &ctx),
            "---\nname: geo_widget_replication\nintroduced_by_url:\nrollout_issue_url:\nmilestone: '14.3'\ntype: development\ngroup: group::geo\ndefault_enabled: false\n"
        );
        w.probes.flag_schema.value = Some(FlagSchema {
            keys: [
                "name",
                "introduced_by_url",
                "rollout_issue_url",
                "group",
                "type",
                "default_enabled",
            ]
            .map(String::from)
            .to_vec(),
            group: Some("geo".into()),
        });
        let ctx = w.ctx(false);
        assert_eq!(
            render(Tpl::FlagDefinition, &ctx),
            "---\nname: geo_widget_replication\nintroduced_by_url:\nrollout_issue_url:\ngroup: group::geo\ntype: development\ndefault_enabled: false\n"
        );
        let defined = Context {
            flag_defined: true,
            ..w.ctx(false)
        };
        assert!(files(&defined).is_empty());
    }
}
