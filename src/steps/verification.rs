//! Step "Verification": the primary's verification state, as columns on the
//! model's table and a partial index on them (two main-database migrations).

use super::{Applies, Migration, NewFile, Step};
use crate::probe::{Probes, ReplicableModel};
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
        ReplicableModel::Concern => Applies::Unsupported(format!(
            "primary verification state lives in a `<name>_states` table ({})",
            p.replicable_model.evidence
        )),
    }
}

fn files(ctx: &Context) -> Vec<NewFile> {
    let n = ctx.n;
    vec![
        NewFile::Migration(Migration {
            kind: "add_verification_state",
            dir: "db/migrate",
            suffix: format!("add_verification_state_to_{}", n.table),
            tpl: Tpl::VerificationStateMigration,
        }),
        NewFile::Migration(Migration {
            kind: "add_verification_failure_index",
            dir: "db/migrate",
            suffix: format!("add_verification_failure_index_to_{}", n.table),
            tpl: Tpl::VerificationIndexMigration,
        }),
    ]
}
