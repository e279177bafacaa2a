//! The model link where models include `::Geo::ReplicableModel` and
//! `::Geo::VerifiableModel` (15.x+): the EE module's `prepended do` wiring
//! (concerns, verification-state delegation, `with_replicator`, `has_one`
//! state, scopes), its `class_methods` (selective sync scope, the state
//! table's key and class) and, where the tree keeps them outside the block,
//! the state builder (and `pool_repository` for repositories); the CE
//! model's prepend line; and, outside GitLab's own generator, the EE model
//! spec's Geo examples and the model factory's verification traits.
//!
//! A new EE module is rendered whole; an existing one gets each part
//! injected where the tree puts it, and loses exactly that text on removal.

use anyhow::{Result, anyhow};

use crate::names::Names;
use crate::patch::list::{Commas, Item, List, Source};
use crate::patch::own::{Ledger, What};
use crate::patch::ruby::{Kind, Node, Ruby, check_syntax, one};
use crate::patch::{Edit, Mode, Types};
use crate::render::{Context, Tpl, indent, render};
use crate::steps::NewFile;

/// The parts of the Geo wiring, rendered and unindented.
struct Parts {
    prepended: String,
    class_methods: String,
    /// Instance methods after the blocks (the state builder), where the tree
    /// keeps them outside `prepended do`.
    tail: Option<String>,
}

fn parts(ctx: &Context) -> Parts {
    if ctx.probes.in_tree_generator.value {
        Parts {
            prepended: render(Tpl::EePrependedGenerator, ctx),
            class_methods: render(Tpl::EeClassMethodsGenerator, ctx),
            tail: None,
        }
    } else {
        Parts {
            prepended: render(Tpl::EePrependedStates, ctx),
            class_methods: render(Tpl::EeClassMethodsStates, ctx),
            tail: Some(render(Tpl::EeTailStates, ctx)),
        }
    }
}

/// A new EE module for the model, with the whole wiring.
pub fn module(ctx: &Context) -> String {
    let segments: Vec<&str> = ctx.n.model_class.split("::").collect();
    let mut out = String::from("# frozen_string_literal: true\n\nmodule EE\n");
    for (depth, seg) in segments.iter().enumerate() {
        out.push_str(&format!("{}module {seg}\n", "  ".repeat(depth + 1)));
    }
    let ind = "  ".repeat(segments.len() + 1);
    let inner = format!("{ind}  ");
    let p = parts(ctx);
    out.push_str(&format!(
        "{ind}extend ActiveSupport::Concern\n\n{ind}prepended do\n{}{ind}end\n\n{ind}class_methods do\n{}{ind}end\n",
        indent(&p.prepended, &inner),
        indent(&p.class_methods, &inner)
    ));
    if let Some(tail) = &p.tail {
        out.push('\n');
        out.push_str(&indent(tail, &ind));
    }
    for depth in (0..segments.len()).rev() {
        out.push_str(&format!("{}end\n", "  ".repeat(depth + 1)));
    }
    out.push_str("end\n");
    out
}

/// The text to insert at one place, and the place.
struct Insert {
    at: usize,
    text: String,
}

/// Whether a block's first statement is a method definition (RuboCop wants
/// a blank line between two `def`s).
fn starts_with_def(block: Option<Node>) -> bool {
    block
        .and_then(|b| b.statements().first().copied())
        .is_some_and(|s| s.kind() == Kind::Def)
}

/// The keys of the wiring's parts in the ownership record.
const PREPENDED: &str = "prepended do";
const CLASS_METHODS: &str = "class_methods do";
const TAIL: &str = "state builder";

/// The existing EE module with the wiring injected (or taken out again):
/// each part the type recorded, never one that stood before.
pub fn inject(src: &str, path: &str, mode: Mode, ctx: &Context, own: &Ledger) -> Result<String> {
    let rb = Ruby::parse(src, path)?;
    let n = ctx.n;
    let last = n.model_class.rsplit("::").next().unwrap_or(&n.model_class);
    let module = crate::patch::ruby::one(
        rb.scopes(Kind::Module, last),
        path,
        &format!("module EE::{}", n.model_class),
    )?;
    let statements = module.statements();
    let block_of = |name: &str| {
        statements
            .iter()
            .find(|s| rb.call_name(**s) == Some(name) && s.block().is_some())
            .copied()
    };
    let prepended = block_of("prepended");
    let class_methods = block_of("class_methods");
    let generator = ctx.probes.in_tree_generator.value;
    let p = parts(ctx);
    let ind = match statements.first() {
        Some(s) => rb.indent_of(*s),
        None => format!("{}  ", rb.indent_of(module)),
    };
    let inner = format!("{ind}  ");
    // Where the tree separates inserted code from what follows it: always
    // (hand-written 18.x code), or only between two `def`s (19.x generator
    // output after its RuboCop pass).
    let gap = |block: Option<Node>| {
        let has = block.is_some_and(|b| !b.statements().is_empty());
        if has && (!generator || starts_with_def(block)) {
            "\n"
        } else {
            ""
        }
    };

    let mut inserts = Vec::new();
    let wired =
        |block: Option<Node>, needle: &str| block.is_some_and(|b| rb.text(b).contains(needle));
    // `prepended do` wiring: at the top of the block, or a new block after
    // `extend ActiveSupport::Concern`.
    let after_extend = statements
        .iter()
        .find(|s| rb.call_name(**s) == Some("extend"))
        .map(|s| rb.item(*s, "").end)
        .ok_or_else(|| {
            anyhow!("{path}: expected `extend ActiveSupport::Concern` in the EE module, found none")
        })?;
    let prepended_text = indent(&p.prepended, &inner);
    let new_prepended = match prepended {
        Some(block) => Insert {
            at: line_after_opener(src, block),
            text: format!("{prepended_text}{}", gap(block.block())),
        },
        None => Insert {
            at: after_extend,
            text: format!("\n{ind}prepended do\n{prepended_text}{ind}end\n"),
        },
    };
    let prepended_done = wired(prepended, "with_replicator");
    let class_text = indent(&p.class_methods, &inner);
    let new_class = match class_methods {
        Some(block) => Insert {
            at: line_after_opener(src, block),
            text: format!("{class_text}{}", gap(block.block())),
        },
        None => Insert {
            at: prepended.map_or(after_extend, |b| rb.item(b, "").end),
            text: format!("\n{ind}class_methods do\n{class_text}{ind}end\n"),
        },
    };
    let class_done = wired(class_methods, "def verification_state_table_class");
    let tail = p.tail.as_ref().map(|t| Insert {
        at: rb.closing_line(module),
        text: format!("\n{}", indent(t, &ind)),
    });
    let tail_done = !rb.methods(module, &format!("{}_state", n.name)).is_empty();
    let place = format!("module EE::{}", n.model_class);
    let legacy = [PREPENDED, CLASS_METHODS, TAIL];
    let mine = |key: &str| own.mine(&place, key, legacy);
    // Whether to insert a part (claimed either way when it is the type's).
    let wants = |key: &str, text: &str, done: bool| {
        if done {
            if !mine(key) && key == PREPENDED {
                own.note(&place, key, What::Foreign);
            }
            own.add_one(&place, key, text, Some(text));
            false
        } else {
            own.add_one(&place, key, text, None)
        }
    };

    match mode {
        Mode::Prune => Ok(src.to_string()),
        Mode::Add => {
            if wants(PREPENDED, &p.prepended, prepended_done) {
                inserts.push(new_prepended);
            }
            if wants(CLASS_METHODS, &p.class_methods, class_done) {
                inserts.push(new_class);
            }
            if let Some(t) = tail
                && wants(TAIL, p.tail.as_deref().unwrap_or(""), tail_done)
            {
                inserts.push(t);
            }
            let edits = inserts
                .into_iter()
                .map(|i| Edit::insert(i.at, &i.text))
                .collect();
            rb.finish(path, edits)
        }
        Mode::Remove => {
            // Exactly what an Add inserted: each part with or without its
            // separator, or inside the block the Add created.
            let mut out = src.to_string();
            let mut candidates = vec![
                (
                    PREPENDED,
                    vec![
                        format!("\n{ind}prepended do\n{prepended_text}{ind}end\n"),
                        format!("{prepended_text}\n"),
                        prepended_text.clone(),
                    ],
                ),
                (
                    CLASS_METHODS,
                    vec![
                        format!("\n{ind}class_methods do\n{class_text}{ind}end\n"),
                        format!("{class_text}\n"),
                        class_text.clone(),
                    ],
                ),
            ];
            if let Some(t) = &p.tail {
                candidates.push((TAIL, vec![format!("\n{}", indent(t, &ind))]));
            }
            for (_, options) in candidates.into_iter().filter(|(key, _)| mine(key)) {
                if let Some(text) = options.iter().find(|t| out.contains(t.as_str())) {
                    let at = out.find(text.as_str()).expect("found above");
                    out.replace_range(at..at + text.len(), "");
                }
            }
            check_syntax(&out).map_err(|e| {
                anyhow!("{path}: the file would not parse after removal ({e}); nothing was written")
            })?;
            Ok(out)
        }
    }
}

/// The start of the line after the one a block call (`prepended do`) opens on.
fn line_after_opener(src: &str, call: Node) -> usize {
    crate::patch::list::line_end(src, call.start_byte())
}

/// The CE model with the line that prepends its EE module (when it has
/// none), written the way the reference type's model does.
pub fn prepend_line(
    src: &str,
    path: &str,
    mode: Mode,
    ctx: &Context,
    own: &Ledger,
) -> Result<String> {
    let line = format!("{}\n", ctx.facts.prepend_line);
    let (place, key) = ("end of file", "prepend line");
    // A manifest without records says so with `prepend_added`.
    let legacy: &[&str] = if ctx.facts.prepend_added { &[key] } else { &[] };
    let out = match mode {
        Mode::Prune => return Ok(src.to_string()),
        Mode::Add if src.contains(".prepend_mod") || src.contains(".prepend_if_ee(") => {
            if src.ends_with(&format!("\n\n{line}")) && own.mine(place, key, legacy.iter().copied())
            {
                own.claim(place, key, &line);
            }
            return Ok(src.to_string());
        }
        Mode::Add if !own.add_one(place, key, &line, None) => return Ok(src.to_string()),
        Mode::Add => format!("{}\n\n{line}", src.trim_end_matches('\n')),
        Mode::Remove if !own.mine(place, key, legacy.iter().copied()) => {
            return Ok(src.to_string());
        }
        Mode::Remove => match src.strip_suffix(&format!("\n\n{line}")) {
            Some(body) => format!("{body}\n"),
            None => return Ok(src.to_string()),
        },
    };
    check_syntax(&out)
        .map_err(|e| anyhow!("{path}: the model would not parse ({e}); nothing was written"))?;
    Ok(out)
}

/// The EE model spec and the model factory's EE traits (not GitLab's own
/// generator: it leaves both to the engineer).
pub fn files(ctx: &Context) -> Vec<NewFile> {
    if ctx.probes.in_tree_generator.value {
        return Vec::new();
    }
    let f = ctx.facts;
    let factory = match &f.model_factory_path {
        Some(p) => format!("ee/{}", p.trim_start_matches("ee/")),
        None => format!(
            "ee/spec/factories/{}.rb",
            crate::names::pluralize(&f.model_path)
        ),
    };
    vec![
        NewFile::Either {
            path: format!("ee/spec/models/ee/{}_spec.rb", f.model_path),
            tpl: Tpl::EeModelSpecSkeleton,
            patch: ee_spec,
        },
        NewFile::Either {
            path: factory,
            tpl: Tpl::ModelFactorySkeleton,
            patch: model_factory,
        },
    ]
}

/// Inserts `text` (unindented) as the last statement of the do-block of
/// `call`, a blank line after what is there; on removal takes that text out.
#[allow(clippy::too_many_arguments)]
fn block_insert(
    rb: &Ruby,
    src: &str,
    path: &str,
    call: Node,
    text: &str,
    present: bool,
    mode: Mode,
    (own, place, key): (&Ledger, &str, &str),
) -> Result<String> {
    let block = call.block().ok_or_else(|| {
        anyhow!(
            "{path}: expected a do-block after `{}`",
            rb.text(call).lines().next().unwrap_or("")
        )
    })?;
    let inner = format!("{}  ", rb.indent_of(call));
    let body = indent(text, &inner);
    match mode {
        Mode::Prune => Ok(src.to_string()),
        Mode::Add if present => {
            if !own.mine(place, key, [key]) {
                own.note(place, key, What::Foreign);
            }
            own.add_one(place, key, text, Some(text));
            Ok(src.to_string())
        }
        Mode::Add if !own.add_one(place, key, text, None) => Ok(src.to_string()),
        Mode::Remove if !own.mine(place, key, [key]) => Ok(src.to_string()),
        Mode::Add => {
            let gap = if block.statements().is_empty() {
                ""
            } else {
                "\n"
            };
            rb.finish(
                path,
                vec![Edit::insert(
                    rb.closing_line(block),
                    &format!("{gap}{body}"),
                )],
            )
        }
        Mode::Remove => {
            let mut out = src.to_string();
            for t in [format!("\n{body}"), body.clone()] {
                if let Some(at) = out.find(&t) {
                    out.replace_range(at..at + t.len(), "");
                    break;
                }
            }
            check_syntax(&out).map_err(|e| {
                anyhow!("{path}: the file would not parse after removal ({e}); nothing was written")
            })?;
            Ok(out)
        }
    }
}

/// The EE model spec: a `describe 'Geo replication'` block with the
/// verifiable-model and selective-sync shared examples, last in the
/// top-level `RSpec.describe`.
fn ee_spec(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = format!("ee/spec/models/ee/{}_spec.rb", ctx.facts.model_path);
    let rb = Ruby::parse(src, &path)?;
    let describe = rb
        .root()
        .statements()
        .into_iter()
        .find(|s| rb.name(*s) == Some("describe") && s.block().is_some())
        .ok_or_else(|| {
            anyhow!("{path}: expected a top-level `RSpec.describe ... do` block, found none")
        })?;
    let block = render(Tpl::EeModelSpecGeo, ctx);
    let present = rb.text(describe).contains("describe 'Geo replication'");
    let own = (types.own, "RSpec.describe", "describe 'Geo replication'");
    block_insert(&rb, src, &path, describe, &block, present, mode, own)
}

/// The model factory's verification traits (and `:remote_store` for blobs)
/// in a `FactoryBot.modify` of the model's factory.
fn model_factory(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = "the model's EE factory";
    let rb = Ruby::parse(src, path)?;
    let name = &ctx.facts.model_factory;
    let factory = rb
        .calls(rb.root(), "factory", |a| a == format!(":{name}"))
        .into_iter()
        .find(|c| c.block().is_some())
        .ok_or_else(|| anyhow!("{path}: expected `factory :{name} do`, found none"))?;
    let traits = render(Tpl::ModelFactoryTraits, ctx);
    let present = rb.text(factory).contains("trait :verification_succeeded");
    let own = (types.own, "FactoryBot.modify", "verification traits");
    block_insert(&rb, src, path, factory, &traits, present, mode, own)
}

pub const HELPERS_PATH: &str = "ee/spec/support/helpers/ee/geo_helpers.rb";

/// `'Widgets::Archive' => :widget_archive` in `custom_mapping`, when the
/// model's factory is not `class_name.underscore.tr('/', '_')`.
pub fn factory_helper(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = HELPERS_PATH;
    let default = ctx.facts.model_path.replace('/', "_");
    if mode == Mode::Add && ctx.facts.model_factory == default {
        return Ok(src.to_string());
    }
    let rb = Ruby::parse(src, path)?;
    let hashes: Vec<Node> = rb
        .descendants(rb.root(), Kind::LocalWrite)
        .into_iter()
        .filter(|w| rb.name(*w) == Some("custom_mapping"))
        .filter_map(|w| w.value())
        .filter(|v| v.kind() == Kind::Hash)
        .collect();
    let hash = one(
        hashes,
        path,
        "a `custom_mapping = { ... }` hash in `factory_name`",
    )?;
    let items: Vec<Item> = hash
        .children()
        .filter(|p| p.kind() == Kind::Pair)
        .filter_map(|p| {
            let key = rb.text(p.key()?).trim_matches(|c| c == '\'' || c == '"');
            Some(rb.item(p, key))
        })
        .collect();
    crate::patch::list::one_per_line(&items, path, "custom_mapping")?;
    let list = List {
        src,
        items,
        append_at: rb.closing_line(hash),
        commas: Commas::Separated,
        blank_between: false,
        indent: "        ".into(),
        prefix: |n: &Names| n.model_class.clone(),
        place: "custom_mapping".into(),
    };
    let n = types.new;
    let entry = format!("'{}' => :{}\n", n.model_class, ctx.facts.model_factory);
    // Keys are model classes, which other types' spellings do not always
    // tell: the entry is appended, as GitLab's engineers do.
    let alone = Types {
        others: &[],
        ..*types
    };
    let edits = list.edits(
        &alone,
        mode,
        Source::Given(vec![(n.model_class.clone(), entry)]),
    );
    rb.finish(path, edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::testing::Widget;
    use crate::plan::Facts;
    use crate::strategy::Strategy;

    fn gadget() -> crate::names::Names {
        crate::names::Names::existing("gadget_repository", None, None, Some("GadgetRepository"))
    }

    fn facts() -> Facts {
        Facts {
            milestone: "18.10".into(),
            title: "Gadget Repository".into(),
            title_plural: "Gadget Repositories".into(),
            model_factory: "gadget_repository".into(),
            model_path: "gadget_repository".into(),
            project_scoped: true,
            has_project_id_in: true,
            sharding_key: Some("project_id".into()),
            prepend_line: "GadgetRepository.prepend_mod".into(),
            ..Facts::default()
        }
    }

    const MODULE: &str = "# frozen_string_literal: true\n\nmodule EE\n  module GadgetRepository\n    extend ActiveSupport::Concern\n\n    prepended do\n      scope :licensed, -> { all }\n    end\n\n    def push_rule\n      project.push_rule\n    end\n  end\nend\n";

    /// An existing EE module gets each part where the tree puts it, a second
    /// run adds nothing, and removal restores every byte; a tree with its
    /// own generator keeps the whole wiring inside the blocks.
    #[test]
    fn inject_and_remove_restore_the_module() {
        for generator in [false, true] {
            let w = Widget::concern(gadget(), Strategy::Repository, generator, facts());
            let ctx = w.ctx(false);
            let path = "ee/app/models/ee/gadget_repository.rb";
            let out = inject(MODULE, path, Mode::Add, &ctx, &w.own).expect("injects");
            assert!(
                out.contains("      include ::Geo::VerifiableModel\n"),
                "{out}"
            );
            assert!(
                out.contains("    class_methods do\n      extend ::Gitlab::Utils::Override\n"),
                "{out}"
            );
            // 18.x keeps the state builder after the blocks; 19.x inside.
            let builder = out.contains("\n    def gadget_repository_state\n");
            assert_eq!(builder, !generator, "{out}");
            assert_eq!(
                inject(&out, path, Mode::Add, &ctx, &w.own).expect("again"),
                out
            );
            assert_eq!(
                inject(&out, path, Mode::Remove, &ctx, &w.own).expect("removes"),
                MODULE
            );
        }
    }

    #[test]
    fn the_prepend_line_is_added_and_removed_only_when_ours() {
        let model = "class GadgetRepository < ApplicationRecord\nend\n";
        let ours = Facts {
            prepend_added: true,
            ..facts()
        };
        let w = Widget::concern(gadget(), Strategy::Repository, false, ours);
        let ctx = w.ctx(false);
        let out = prepend_line(model, "m.rb", Mode::Add, &ctx, &w.own).expect("adds");
        assert_eq!(out, format!("{model}\nGadgetRepository.prepend_mod\n"));
        assert_eq!(
            prepend_line(&out, "m.rb", Mode::Remove, &ctx, &w.own).expect("removes"),
            model
        );
        let w = Widget::concern(gadget(), Strategy::Repository, false, facts());
        let ctx = w.ctx(false);
        assert_eq!(
            prepend_line(&out, "m.rb", Mode::Remove, &ctx, &w.own).expect("keeps"),
            out
        );
    }
}
