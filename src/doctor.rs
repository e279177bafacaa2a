//! `geo-scaffold doctor`: what the tool finds in a tree before it changes
//! anything: each probe with its evidence, the generation that matches, the
//! steps that will run or be skipped (and why), the reference type new
//! entries are cloned from, and every problem a scaffold would meet.

use std::path::Path;

use anstyle::AnsiColor;
use anyhow::Result;
use serde::Serialize;

use crate::checkout::Checkout;
use crate::names::Names;
use crate::patch::ruby::Ruby;
use crate::patch::{Mode, Types};
use crate::plan::Known;
use crate::probe::Probes;
use crate::render::Context;
use crate::steps::{self, Applies, replicator_list};
use crate::strategy::Strategy;

/// One step's verdict.
#[derive(Debug, Serialize)]
pub struct StepVerdict {
    pub step: &'static str,
    #[serde(flatten)]
    pub applies: Applies,
}

/// Everything `doctor` found. (Members in the order the JSON lists them.)
#[derive(Debug, Serialize)]
pub struct Doctor {
    pub root: String,
    /// The generation the findings match ("13.2-13.4", ...), if any.
    pub generation: Option<&'static str>,
    /// What the tree's own generator is and what geo-scaffold adds to it.
    pub own_generator: Option<String>,
    pub probes: Probes,
    pub steps: Vec<StepVerdict>,
    /// The framework type new entries are cloned from (the last one listed).
    pub reference: Option<String>,
    pub problems: Vec<String>,
    /// A scaffold would work here.
    pub ok: bool,
    /// What was done about an interrupted run found first, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovered: Option<String>,
}

/// What doctor says about a tree that ships GitLab's own generator.
const OWN_GENERATOR: &str = "\
GitLab's own generator is in this tree (ee/lib/generators/geo/:
`bin/rails g geo:blob_replicator NAME`, `geo:repository_replicator NAME`).
geo-scaffold writes the same files and edits for the same inputs: its
--model-class is --model, --sharding-key and --milestone are the same
options, --table-name is read from the model. It corrects the generator's
defects (ActiveSupport plurals, the states factory's association, index
names over 63 bytes, EE modules of namespaced models) and adds what the
generator has not: --dry-run diffs, `geo-scaffold check` for CI,
`geo-scaffold remove` (every byte restored) and the geo-scaffold.toml
manifest. It runs no rake task: those the generator runs afterwards are
its next steps.";

/// A name no tree has, for trying every patch's anchors.
const PROBE_TYPE: &str = "geo_scaffold_doctor_probe";

/// Examines the checkout at `root`; writes nothing, except to finish or
/// undo an interrupted run first, as every command does.
pub fn doctor(root: &Path) -> Result<Doctor> {
    let checkout = Checkout::open(root)?;
    let (_lock, recovered) = crate::apply::Lock::acquire(&checkout, crate::apply::Access::Read)?;
    let known = Known::read(&checkout)?;
    let probes = known.probes.clone();
    let mut problems = Vec::new();
    let generation = match probes.generation() {
        Ok(g) => Some(g.label()),
        Err(e) => {
            problems.push(format!("generation: {e}"));
            None
        }
    };
    let all_steps = steps::STEPS
        .iter()
        .chain(std::iter::once(&steps::model_link::STEP));
    let verdicts: Vec<StepVerdict> = all_steps
        .map(|s| StepVerdict {
            step: s.name,
            applies: (s.applies)(&probes),
        })
        .collect();
    for v in &verdicts {
        if let Applies::Unsupported(why) = &v.applies {
            problems.push(format!(
                "step \"{}\" needs a variant geo-scaffold does not have yet: {why}",
                v.step
            ));
        }
    }
    let mut reference = None;
    if let Ok(running) = steps::running(&probes) {
        let others = match checkout
            .read_required(replicator_list::PATH)
            .and_then(|src| replicator_list::existing_types(&checkout, &src, &known.manifest))
        {
            Ok(types) => types,
            Err(e) => {
                problems.push(format!("{e:#}"));
                Vec::new()
            }
        };
        // The reference each strategy clones from, as the steps choose it.
        let per_strategy: Vec<String> = Strategy::ALL
            .iter()
            .filter_map(|s| {
                let name = crate::plan::facts::reference(&checkout, &others, *s).ok()??;
                let n = others.iter().find(|n| n.name == name)?;
                Some(format!("{} {} ({})", s.as_str(), n.name, n.model_class))
            })
            .collect();
        reference = if per_strategy.is_empty() {
            others
                .last()
                .map(|n| format!("{} ({})", n.name, n.model_class))
        } else {
            Some(per_strategy.join(", "))
        };
        problems.extend(shared_file_problems(&checkout, &running, &probes, &others));
    }
    let ok = problems.is_empty();
    Ok(Doctor {
        root: std::path::absolute(root)
            .unwrap_or_else(|_| root.to_path_buf())
            .display()
            .to_string(),
        generation,
        own_generator: probes
            .in_tree_generator
            .value
            .then(|| OWN_GENERATOR.to_string()),
        probes,
        steps: verdicts,
        reference,
        problems,
        ok,
        recovered,
    })
}

/// Every shared file the running steps patch must be readable, parse, and
/// hold its anchors: each patch is tried with a type no tree has.
fn shared_file_problems(
    checkout: &Checkout,
    running: &[&steps::Step],
    probes: &Probes,
    others: &[Names],
) -> Vec<String> {
    let probe = Names::existing(PROBE_TYPE, None, None, None);
    let own = crate::patch::own::Ledger::scratch();
    let types = Types {
        new: &probe,
        others,
        own: &own,
    };
    let ctx = Context {
        n: &probe,
        probes,
        strategy: Strategy::Blob,
        feature_flag: "geo_self_service_framework",
        scopes_added: false,
        verification_table: crate::probe::VerificationTable::Model,
        model: crate::render::ModelFacts::default(),
        flag_defined: false,
        traits_defined: false,
        additions: &crate::steps::model_link::Additions::default(),
        timestamps: &std::collections::BTreeMap::new(),
        facts: &crate::plan::Facts::default(),
    };
    let mut problems = Vec::new();
    for (path, patches) in steps::shared_files(running) {
        let src = match checkout.read(path) {
            Ok(Some(src)) => src,
            Ok(None) => {
                problems.push(format!(
                    "{path}: missing; the step that patches it cannot run"
                ));
                continue;
            }
            Err(e) => {
                problems.push(format!("{e:#}"));
                continue;
            }
        };
        // JSON and Markdown are only read where a patch edits them (tried
        // below): real files carry flaws elsewhere that do not matter.
        let parsed = if path.ends_with(".rb") {
            Ruby::parse(&src, path).map(|_| ())
        } else {
            Ok(())
        };
        if let Err(e) = parsed {
            problems.push(format!("{e:#}"));
            continue;
        }
        if let Err(e) = steps::patch_shared(&src, &patches, &types, Mode::Add, &ctx) {
            problems.push(format!("{e:#}"));
        }
    }
    problems
}

impl Doctor {
    /// The text rendering, styled with ANSI sequences (the writer,
    /// `anstream`, strips them when colour is off); `quiet` keeps only the
    /// problems and the verdict, as `-q` does for the other commands.
    pub fn text(&self, quiet: bool) -> String {
        let mut out = match &self.recovered {
            Some(note) => format!("note: {note}\n"),
            None => String::new(),
        };
        if quiet {
            out.push_str(&self.problem_list());
            out.push_str(&self.verdict());
            return out;
        }
        out.push_str(&format!("GitLab checkout: {}\n", self.root));
        out.push_str(&format!(
            "framework generation: {}\n",
            self.generation.unwrap_or("unknown")
        ));
        if let Some(g) = &self.own_generator {
            out.push_str("\nown generator:\n");
            for line in g.lines() {
                out.push_str(&format!("  {line}\n"));
            }
        }
        out.push_str("\nprobes:\n");
        let p = &self.probes;
        // One row: the probe's label, its value as shown, its evidence.
        macro_rules! row {
            ($label:literal, $f:ident, Debug) => {
                ($label, format!("{:?}", p.$f.value), p.$f.evidence.as_str())
            };
            ($label:literal, $f:ident, Display) => {
                ($label, p.$f.value.to_string(), p.$f.evidence.as_str())
            };
            ($label:literal, $f:ident, $value:expr) => {
                ($label, $value, p.$f.evidence.as_str())
            };
        }
        let mut rows: Vec<(&str, String, &str)> = vec![
            row!("replicator list", replicator_list, Debug),
            row!("status fields", status_fields, Debug),
            (
                "feature flags",
                match &p.flags.value {
                    crate::probe::Flags::Global => "Global".to_string(),
                    crate::probe::Flags::PerType { .. } => "PerType".to_string(),
                },
                &p.flags.evidence,
            ),
            row!("EE prepend", prepend, Debug),
            row!("model concern", replicable_model, Debug),
            row!("Geo schema", geo_schema, Debug),
            row!(
                "migration class",
                migration_class,
                p.migration_class.value.clone()
            ),
            row!("own generator", in_tree_generator, Display),
            row!("migration milestone", migration_milestone, Display),
            row!("registry naming", registry_naming, Debug),
            row!("feature category", feature_category, Display),
            row!("replicable titles", titles, Display),
            row!("dictionaries", dictionaries, Display),
            (
                "version files",
                format!(
                    "main {}, geo {}",
                    p.schema_versions.value.main, p.schema_versions.value.geo
                ),
                &p.schema_versions.evidence,
            ),
            row!("registrable types", registrable_types, Debug),
            row!("GraphQL gating", graphql_gating, Debug),
            row!("full-path names", full_path_names, Display),
            row!("site status", site_status, Display),
        ];
        let tables = &p.reference_tables.value;
        let table = |t: Option<&(String, crate::probe::VerificationTable)>| {
            t.map_or("none".to_string(), |(_, t)| t.as_str().to_string())
        };
        rows.extend([
            row!("DOWNTIME const", downtime, Display),
            row!("spec style", spec_style, Debug),
            row!("geo_ factories", geo_factories, Display),
            row!("registry concern", registry_concern, Debug),
            row!("verif. state", verification_state, Display),
            (
                "verif. tables",
                format!(
                    "blob {}, repo {}",
                    table(tables.blob.as_ref()),
                    table(tables.repository.as_ref())
                ),
                &p.reference_tables.evidence,
            ),
            row!("GraphQL ID", graphql_id, p.graphql_id.value.clone()),
            row!("resolver type", resolver_type, Display),
            (
                "milestone",
                p.milestone.value.clone().unwrap_or_else(|| "none".into()),
                &p.milestone.evidence,
            ),
            (
                "registry worker",
                match p.registry_worker.value {
                    Some(l) if l.sorted => "sorted".to_string(),
                    Some(_) => "unsorted".to_string(),
                    None => "none".to_string(),
                },
                &p.registry_worker.evidence,
            ),
            row!("inflections", inflections, Display),
            (
                "status spec",
                if p.status_spec_table.value {
                    "where table"
                } else {
                    "none"
                }
                .to_string(),
                &p.status_spec_table.evidence,
            ),
            (
                "flag schema",
                p.flag_schema
                    .value
                    .as_ref()
                    .map_or("none".to_string(), |s| format!("{} keys", s.keys.len())),
                &p.flag_schema.evidence,
            ),
            row!(
                "shared examples",
                spec_examples,
                p.spec_examples.value.clone()
            ),
            row!("worker spec", worker_spec, Display),
            row!("service spec", service_spec_hash, Display),
            (
                "type wording",
                {
                    let w = p.type_wording.value;
                    format!(
                        "{}{}{}{}",
                        if w.geo { "Geo sync" } else { "sync" },
                        if w.period { ", period" } else { "" },
                        if w.title_case {
                            ", Title"
                        } else if w.capitalized {
                            ", Capital"
                        } else {
                            ""
                        },
                        if w.class_name { ", ID by class" } else { "" }
                    )
                },
                &p.type_wording.evidence,
            ),
            row!("schema versions", schema_migrations, Display),
            (
                "registry spec",
                p.registry_examples
                    .value
                    .clone()
                    .unwrap_or_else(|| "as replicator spec".to_string()),
                &p.registry_examples.evidence,
            ),
            (
                "factory model",
                if p.factory_association.value {
                    "association"
                } else {
                    "bare"
                }
                .to_string(),
                &p.factory_association.evidence,
            ),
            (
                "registry include",
                {
                    let r = p.registry_include_root.value;
                    let say = |root: bool| if root { "::Geo::" } else { "Geo::" };
                    format!("{}, verified {}", say(r.replicable), say(r.verifiable))
                },
                &p.registry_include_root.evidence,
            ),
            (
                "registry table",
                {
                    let m = &p.registry_migration.value;
                    format!(
                        "{}, {}",
                        if m.bigint { "bigint" } else { "integer" },
                        if m.ddl || m.text_limit {
                            "up/down"
                        } else {
                            "change"
                        }
                    )
                },
                &p.registry_migration.evidence,
            ),
            (
                "checksum columns",
                match p.verification_migrations.value {
                    crate::probe::VerificationMigrations::Columns => "add_column",
                    crate::probe::VerificationMigrations::ChangeTable => "change_table",
                }
                .to_string(),
                &p.verification_migrations.evidence,
            ),
            (
                "model link",
                format!(
                    "{}{}",
                    if p.model_link.value.blank_line {
                        "blank line"
                    } else {
                        "no blank line"
                    },
                    if p.model_link.value.geo_scopes {
                        ", Geo scopes"
                    } else {
                        ""
                    }
                ),
                &p.model_link.evidence,
            ),
            (
                "checksum scopes",
                if p.concern_scopes.value {
                    "in the concern"
                } else {
                    "in each model"
                }
                .to_string(),
                &p.concern_scopes.evidence,
            ),
            row!("flag comment", flag_comment, Display),
            (
                "model factory",
                p.model_factory
                    .value
                    .as_ref()
                    .map_or("none".to_string(), |(_, name)| format!(":{name}")),
                &p.model_factory.evidence,
            ),
        ]);
        for (what, value, evidence) in rows {
            out.push_str(&format!("  {what:<19} {value:<24} {evidence}\n"));
        }
        out.push_str("\nsteps:\n");
        for v in &self.steps {
            let (verdict, why, style) = match &v.applies {
                Applies::Run => ("run", "", AnsiColor::Green.on_default()),
                Applies::Skip(why) => ("skip", why.as_str(), AnsiColor::Blue.on_default()),
                Applies::Unsupported(why) => {
                    ("unsupported", why.as_str(), AnsiColor::Red.on_default())
                }
            };
            let line = format!("  {style}{verdict:>11}{style:#}  {:<20} {why}", v.step);
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out.push_str(&format!(
            "\nreference types (what new entries are cloned from): {}\n",
            self.reference.as_deref().unwrap_or("none")
        ));
        out.push('\n');
        if self.problems.is_empty() {
            out.push_str("problems: none\n");
        } else {
            out.push_str(&self.problem_list());
        }
        out.push('\n');
        out.push_str(&self.verdict());
        out
    }

    /// `problems:` and one line each; empty when there are none.
    fn problem_list(&self) -> String {
        if self.problems.is_empty() {
            return String::new();
        }
        let red = AnsiColor::Red.on_default();
        let mut out = String::from("problems:\n");
        for p in &self.problems {
            out.push_str(&format!("  {red}-{red:#} {p}\n"));
        }
        out
    }

    /// The last line: whether a scaffold would work here.
    fn verdict(&self) -> String {
        let (style, text) = if self.ok {
            (AnsiColor::Green.on_default(), "a scaffold would work here")
        } else {
            (
                AnsiColor::Red.on_default().bold(),
                "a scaffold would not work here: see the problems above",
            )
        };
        format!("{style}{text}{style:#}\n")
    }

    /// The JSON rendering.
    pub fn json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("doctor types always serialise");
        s.push('\n');
        s
    }
}
