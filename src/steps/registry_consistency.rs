//! Steps "Registry consistency": the registry class in the consistency
//! worker's `REGISTRY_CLASSES` (which creates missing registry rows on
//! secondaries), the worker spec's example that creates one record per
//! registry class, and the consistency service spec's registry-to-factory
//! hash. Each runs where the tree has that place (13.x-18.x hand-edit them;
//! 19.x derives the worker's list).
//!
//! Lists kept in order (the spec example's lines, a sorted constant) get
//! the new entries in their place; others get them at the end. The service
//! spec's hash follows the worker's list it mirrors.

use anyhow::{Result, anyhow};

use super::replicator_list::collection_edits;
use super::{Applies, Patch, Step, no_files};
use crate::names::Names;
use crate::patch::list::{line_end, line_start};
use crate::patch::ruby::{Kind, Node, Ruby, one};
use crate::patch::{Edit, Mode, Types};
use crate::probe::{Probes, REGISTRY_WORKER, SERVICE_SPEC, WORKER_SPEC};
use crate::render::Context;

pub const WORKER_STEP: Step = Step {
    name: "registry worker",
    applies: |p| match p.registry_worker.value {
        Some(_) => Applies::Run,
        None => Applies::Skip(p.registry_worker.evidence.clone()),
    },
    files: no_files,
    patches: &[Patch {
        path: REGISTRY_WORKER,
        apply: worker,
    }],
};

pub const WORKER_SPEC_STEP: Step = Step {
    name: "worker spec",
    applies: |p| flag_step(p.worker_spec.value, &p.worker_spec.evidence),
    files: no_files,
    patches: &[Patch {
        path: WORKER_SPEC,
        apply: worker_spec,
    }],
};

pub const SERVICE_SPEC_STEP: Step = Step {
    name: "service spec",
    applies: |p| flag_step(p.service_spec_hash.value, &p.service_spec_hash.evidence),
    files: no_files,
    patches: &[Patch {
        path: SERVICE_SPEC,
        apply: service_spec,
    }],
};

fn flag_step(present: bool, evidence: &str) -> Applies {
    if present {
        Applies::Run
    } else {
        Applies::Skip(evidence.to_string())
    }
}

fn sorted_worker(p: &Probes) -> bool {
    p.registry_worker.value.is_some_and(|l| l.sorted)
}

/// `Geo::<Name>Registry`, with a leading `::` when the list's first class has one.
fn registry_class(n: &Names, like: Option<&str>) -> String {
    let lead = if like.is_some_and(|c| c.starts_with("::")) {
        "::"
    } else {
        ""
    };
    format!("{lead}Geo::{}", n.registry_class)
}

fn worker(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = REGISTRY_WORKER;
    let rb = Ruby::parse(src, path)?;
    let class = one(
        rb.scopes(Kind::Class, "RegistryConsistencyWorker"),
        path,
        "class Geo::Secondary::RegistryConsistencyWorker",
    )?;
    let array = one(
        rb.constants(class, "REGISTRY_CLASSES"),
        path,
        "constant REGISTRY_CLASSES in class RegistryConsistencyWorker",
    )?;
    if array.kind() != Kind::Array {
        return Err(anyhow!(
            "{path}: expected `REGISTRY_CLASSES = [...].freeze` to be a literal array of classes"
        ));
    }
    let elements = texts(&rb, array.children());
    let wanted = registry_class(types.new, elements.first().map(|e| e.0.as_str()));
    let edits = collection_edits(
        src,
        &elements,
        array.start_byte() + 1,
        (&wanted, &wanted),
        elements.len().checked_sub(1),
        mode,
        sorted_worker(ctx.probes),
        (types.own, "REGISTRY_CLASSES"),
    );
    rb.finish(path, edits)
}

fn texts<'t>(rb: &Ruby, nodes: impl Iterator<Item = Node<'t>>) -> Vec<(String, usize, usize)> {
    nodes
        .map(|n| (rb.text(n).to_string(), n.start_byte(), n.end_byte()))
        .collect()
}

fn service_spec(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = SERVICE_SPEC;
    let rb = Ruby::parse(src, path)?;
    let defs: Vec<_> = rb
        .outline(rb.root(), Kind::Def)
        .into_iter()
        .filter(|d| rb.name(*d) == Some("model_class_factory_name"))
        .collect();
    let def = one(defs, path, "method model_class_factory_name")?;
    let hash = one(
        rb.descendants(def, Kind::Hash),
        path,
        "one `{ Geo::XRegistry => :factory }` hash in model_class_factory_name",
    )?;
    let elements: Vec<(String, usize, usize)> = hash
        .children()
        .filter(|p| p.kind() == Kind::Pair)
        .filter_map(|p| Some((rb.text(p.key()?).to_string(), p.start_byte(), p.end_byte())))
        .collect();
    let key = registry_class(types.new, elements.first().map(|e| e.0.as_str()));
    let text = format!("{key} => :{}", types.new.name);
    let edits = collection_edits(
        src,
        &elements,
        hash.start_byte() + 1,
        (&key, &text),
        elements.len().checked_sub(1),
        mode,
        sorted_worker(ctx.probes),
        (types.own, "model_class_factory_name"),
    );
    rb.finish(path, edits)
}

/// The worker spec's example, as the ownership record calls it.
const EXAMPLE_PLACE: &str = "it 'creates missing registries for each registry class'";

/// A line of the worker spec's example: its sort key and whole-line span.
struct Line {
    key: String,
    start: usize,
    end: usize,
}

/// The worker spec's example creating one record per registry class: one
/// `create` line (`<name> = create(:<name>)`) among the other creations, and
/// an `expect(Geo::<Name>Registry...)` line in each group of expectations,
/// each after the last line that sorts before it (they are kept alphabetical).
/// The registry class GitLab's own generator inserts new lines after, and
/// the variable of its record.
const GENERATOR_ANCHOR: (&str, &str) = (
    "Geo::PackagesHelmMetadataCacheRegistry",
    "helm_metadata_cache",
);

/// 15.x+ trees: the type's lines at the end of the creations and of each
/// group of expectations (GitLab's engineers append them), the record made
/// with the model's factory and as the reference type of the same strategy
/// makes its own (`create(:design_management_repository, project: project)`);
/// with GitLab's own generator, right after the Helm metadata cache's lines,
/// as it puts them.
fn concern_worker_spec(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = WORKER_SPEC;
    let rb = Ruby::parse(src, path)?;
    let (creates, groups) = example_lines(&rb, src)?;
    let n = types.new;
    let generator = ctx.probes.in_tree_generator.value;
    // (Facts are empty when doctor tries the patch with a made-up type.)
    let factory = match ctx.facts.model_factory.as_str() {
        "" => &n.name,
        f => f,
    };
    let var = if generator {
        n.name.clone()
    } else {
        factory.to_string()
    };
    // The reference type's own creation line, written for the new type.
    let reference = super::reference_index(types, ctx).map(|i| &types.others[i]);
    let cloned = reference.filter(|_| !generator).and_then(|r| {
        let class = format!("Geo::{}", r.registry_class);
        let expect = groups.first()?.iter().find(|l| l.key == class)?;
        let text = &src[expect.start..expect.end];
        let at = text.find(&format!("{}: ", r.foreign_key))? + r.foreign_key.len() + 2;
        let ref_var = text[at..].split(".id").next()?.to_string();
        let line = creates.iter().find(|l| l.key == ref_var)?;
        let create = src[line.start..line.end].trim();
        let call = create.strip_prefix(&format!("{ref_var} = create(:"))?;
        let rest = &call[call.find([',', ')'])?..];
        Some(format!("{var} = create(:{factory}{rest}"))
    });
    let create = cloned.unwrap_or_else(|| format!("{var} = create(:{factory})"));
    let class = format!("Geo::{}", n.registry_class);
    let mut wanted: Vec<(&[Line], &str, String)> = Vec::new();
    if !creates.is_empty() {
        wanted.push((&creates, GENERATOR_ANCHOR.1, create));
    }
    for group in &groups {
        let first = &src[group[0].start..group[0].end];
        let tail = first
            .find(".count)")
            .map_or(".count).to eq(1)", |i| first[i..].trim_end());
        wanted.push((
            group,
            GENERATOR_ANCHOR.0,
            format!("expect({class}.where({}: {var}.id){tail}", n.foreign_key),
        ));
    }
    let mut edits = Vec::new();
    let (own, place) = (types.own, EXAMPLE_PLACE);
    for (lines, anchor, text) in wanted {
        let same = lines.iter().find(|l| src[l.start..l.end].trim() == text);
        let mine = || own.mine(place, &text, [text.as_str()]);
        match (mode, same) {
            (Mode::Remove, Some(l)) if mine() => edits.push(Edit::replace(l.start, l.end, "")),
            (Mode::Prune, _) | (Mode::Remove, _) => {}
            (Mode::Add, Some(_)) => {
                if !mine() {
                    own.note(place, &text, crate::patch::own::What::Foreign);
                }
                own.add_one(place, &text, &text, Some(&text));
            }
            (Mode::Add, None) if !own.add_one(place, &text, &text, None) => {}
            (Mode::Add, None) => {
                let first = &src[lines[0].start..lines[0].end];
                let indent = &first[..first.len() - first.trim_start().len()];
                let after = lines
                    .iter()
                    .find(|l| generator && l.key == anchor)
                    .or(lines.last())
                    .expect("groups are not empty");
                edits.push(Edit::insert(after.end, &format!("{indent}{text}\n")));
            }
        }
    }
    rb.finish(path, edits)
}

/// The example's creation lines (keyed by variable) and its groups of
/// expectations (keyed by registry class).
fn example_lines(rb: &Ruby, src: &str) -> Result<(Vec<Line>, Vec<Vec<Line>>)> {
    let path = WORKER_SPEC;
    let example = one(
        rb.calls(rb.root(), "it", |a| {
            a.contains("creates missing registries for each registry class")
        }),
        path,
        "the example `it 'creates missing registries for each registry class'`",
    )?;
    let block = example
        .block()
        .ok_or_else(|| anyhow!("{path}: expected a do-block after the example's `it`"))?;
    let line = |node: Node, key: String| Line {
        key,
        start: line_start(src, node.start_byte()),
        end: line_end(src, node.end_byte().saturating_sub(1)),
    };
    let mut creates: Vec<Line> = Vec::new();
    let mut groups: Vec<Vec<Line>> = Vec::new();
    let mut in_group = false;
    for s in block.statements() {
        let text = rb.text(s);
        if let Some(class) = text
            .strip_prefix("expect(")
            .and_then(|t| t.split(".where").next())
            .filter(|c| c.contains("Registry"))
        {
            if !in_group {
                groups.push(Vec::new());
                in_group = true;
            }
            groups
                .last_mut()
                .expect("pushed above")
                .push(line(s, class.trim_start_matches("::").to_string()));
            continue;
        }
        in_group = false;
        if groups.is_empty() && text.contains("create(") {
            let key = if s.kind() == Kind::LocalWrite {
                rb.name(s).unwrap_or_default().to_string()
            } else {
                s.args()
                    .first()
                    .map(|a| rb.text(*a).trim_start_matches(':').to_string())
                    .unwrap_or_default()
            };
            creates.push(line(s, key));
        }
    }
    Ok((creates, groups))
}

fn worker_spec(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    if super::concern_framework(ctx.probes) {
        return concern_worker_spec(src, types, mode, ctx);
    }
    let path = WORKER_SPEC;
    let rb = Ruby::parse(src, path)?;
    let (creates, groups) = example_lines(&rb, src)?;
    let n = types.new;
    let class = format!("Geo::{}", n.registry_class);
    let mut wanted: Vec<(&[Line], String, String)> = Vec::new();
    if !creates.is_empty() {
        wanted.push((
            &creates,
            n.name.clone(),
            format!("{0} = create(:{0})", n.name),
        ));
    }
    for group in &groups {
        // The group's own assertion (`.to eq(0)` before the run, `eq(1)` after).
        let first = &src[group[0].start..group[0].end];
        let tail = first
            .find(".count)")
            .map_or(".count).to eq(1)", |i| first[i..].trim_end());
        wanted.push((
            group,
            class.clone(),
            format!(
                "expect({class}.where({}: {}.id){tail}",
                n.foreign_key, n.name
            ),
        ));
    }
    let mut edits = Vec::new();
    let (own, place) = (types.own, EXAMPLE_PLACE);
    for (lines, key, text) in wanted {
        let same = lines.iter().find(|l| src[l.start..l.end].trim() == text);
        let mine = || own.mine(place, &text, [text.as_str()]);
        match mode {
            Mode::Prune => {}
            Mode::Remove => {
                if let Some(l) = same.filter(|_| mine()) {
                    edits.push(Edit::replace(l.start, l.end, ""));
                }
            }
            Mode::Add if same.is_some() || lines.iter().any(|l| l.key == key) => {
                if same.is_some() && mine() {
                    own.add_one(place, &text, &text, Some(&text));
                } else {
                    own.note(place, &text, crate::patch::own::What::Foreign);
                }
            }
            Mode::Add if !own.add_one(place, &text, &text, None) => {}
            Mode::Add => {
                let first = &src[lines[0].start..lines[0].end];
                let indent = &first[..first.len() - first.trim_start().len()];
                let at = match lines.iter().rposition(|l| l.key < key) {
                    Some(i) => lines[i].end,
                    None => lines[0].start,
                };
                edits.push(Edit::insert(at, &format!("{indent}{text}\n")));
            }
        }
    }
    rb.finish(path, edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::testing::Widget;
    use crate::probe::ListShape;

    fn worker_rb(classes: &str) -> String {
        format!(
            "module Geo\n  module Secondary\n    class RegistryConsistencyWorker\n      REGISTRY_CLASSES = [\n{classes}\n      ].freeze\n    end\n  end\nend\n"
        )
    }

    /// Appended to an unsorted list, in place in a sorted one (and the
    /// service spec's hash follows the worker's order); removal restores.
    #[test]
    fn registry_classes_and_factory_hash() {
        let mut w = Widget::after_reference();
        for (sorted, before, after) in [
            (
                false,
                "        Geo::ZRegistry,\n        Geo::ARegistry",
                "        Geo::ZRegistry,\n        Geo::ARegistry,\n        Geo::WidgetRegistry",
            ),
            (
                true,
                "        Geo::ARegistry,\n        Geo::ZRegistry",
                "        Geo::ARegistry,\n        Geo::WidgetRegistry,\n        Geo::ZRegistry",
            ),
        ] {
            w.probes.registry_worker.value = Some(ListShape { sorted });
            let (types, ctx) = (w.types(), w.ctx(false));
            let src = worker_rb(before);
            let out = worker(&src, &types, Mode::Add, &ctx).expect("adds");
            assert_eq!(out, worker_rb(after));
            assert_eq!(worker(&out, &types, Mode::Add, &ctx).expect("again"), out);
            assert_eq!(
                worker(&out, &types, Mode::Remove, &ctx).expect("removes"),
                src
            );

            let spec = "RSpec.describe X do\n  def model_class_factory_name(registry_class)\n    {\n      Geo::ARegistry => :a,\n      Geo::ZRegistry => :z\n     }.fetch(registry_class, :x)\n  end\nend\n";
            let out = service_spec(spec, &types, Mode::Add, &ctx).expect("adds");
            let want = if sorted {
                "      Geo::ARegistry => :a,\n      Geo::WidgetRegistry => :widget,\n      Geo::ZRegistry => :z\n"
            } else {
                "      Geo::ARegistry => :a,\n      Geo::ZRegistry => :z,\n      Geo::WidgetRegistry => :widget\n"
            };
            assert!(out.contains(want), "{out}");
            assert_eq!(
                service_spec(&out, &types, Mode::Remove, &ctx).expect("removes"),
                spec
            );
        }
    }

    /// The example's lines go in alphabetical place in each group.
    #[test]
    fn worker_spec_lines_in_place() {
        let w = Widget::after_reference();
        let (types, ctx) = (w.types(), w.ctx(false));
        let spec = "RSpec.describe W do\n  it 'creates missing registries for each registry class' do\n    project = create(:project)\n    zed = create(:zed)\n\n    expect(Geo::ARegistry.where(a_id: a.id).count).to eq(0)\n    expect(Geo::ZedRegistry.where(zed_id: zed.id).count).to eq(0)\n\n    subject.perform\n\n    expect(Geo::ARegistry.where(a_id: a.id).count).to eq(1)\n  end\nend\n";
        let out = worker_spec(spec, &types, Mode::Add, &ctx).expect("adds");
        assert_eq!(
            out,
            "RSpec.describe W do\n  it 'creates missing registries for each registry class' do\n    project = create(:project)\n    widget = create(:widget)\n    zed = create(:zed)\n\n    expect(Geo::ARegistry.where(a_id: a.id).count).to eq(0)\n    expect(Geo::WidgetRegistry.where(widget_id: widget.id).count).to eq(0)\n    expect(Geo::ZedRegistry.where(zed_id: zed.id).count).to eq(0)\n\n    subject.perform\n\n    expect(Geo::ARegistry.where(a_id: a.id).count).to eq(1)\n    expect(Geo::WidgetRegistry.where(widget_id: widget.id).count).to eq(1)\n  end\nend\n"
        );
        assert_eq!(
            worker_spec(&out, &types, Mode::Add, &ctx).expect("again"),
            out
        );
        assert_eq!(
            worker_spec(&out, &types, Mode::Remove, &ctx).expect("removes"),
            spec
        );
    }
}
