//! Step "Replicator is used": the replicator class in the list GitLab reads
//! replicators from (`ee/lib/gitlab/geo.rb`: the `classes = [...]` array of
//! `def self.replicator_classes` up to 13.8, the `REPLICATOR_CLASSES = [...].freeze`
//! constant from 13.9), and the framework types that list already holds.

use anyhow::{Result, bail};

use super::{Applies, Patch, Step, no_files, replicator};
use crate::checkout::Checkout;
use crate::manifest::Manifest;
use crate::names::Names;
use crate::patch::list;
use crate::patch::own::{Ledger, What};
use crate::patch::ruby::{Kind, Node, Ruby, one};
use crate::patch::{Edit, Mode, Types};
use crate::probe::{Probes, ReplicatorList};
use crate::render::Context;

pub const PATH: &str = "ee/lib/gitlab/geo.rb";

pub const STEP: Step = Step {
    name: "replicator list",
    applies,
    files: no_files,
    patches: &[Patch {
        path: PATH,
        apply: geo_lib,
    }],
};

fn applies(p: &Probes) -> Applies {
    match p.replicator_list.value {
        ReplicatorList::Method | ReplicatorList::Constant { .. } => Applies::Run,
        ReplicatorList::Unknown => Applies::Unsupported(p.replicator_list.evidence.clone()),
    }
}

/// The framework types already wired in (`Gitlab::Geo.replicator_classes`),
/// with spellings from the manifest where recorded.
pub fn existing_types(
    checkout: &Checkout,
    geo_lib: &str,
    manifest: &Manifest,
) -> Result<Vec<Names>> {
    let mut out = Vec::new();
    for class in replicator_classes(geo_lib)? {
        let Some(name) = Names::name_of_replicator(&class) else {
            continue;
        };
        let names = match manifest.get(&name) {
            Some(e) => Names::existing(&name, Some(&e.plural), Some(&e.label), Some(&e.model)),
            None => {
                let model = checkout
                    .read(&replicator::path(&name))?
                    .as_deref()
                    .and_then(replicator::model_of);
                Names::existing(&name, None, None, model.as_deref())
            }
        };
        out.push(names);
    }
    Ok(out)
}

/// The literal array of replicator classes: the `REPLICATOR_CLASSES = [...]`
/// constant of module `Gitlab::Geo` when it has one, else the `classes = [...]`
/// array in `Gitlab::Geo.replicator_classes`.
fn replicator_array<'t>(rb: &'t Ruby, path: &str) -> Result<Node<'t>> {
    let module = one(rb.scopes(Kind::Module, "Geo"), path, "module Gitlab::Geo")?;
    let constants = rb.constants(module, "REPLICATOR_CLASSES");
    if !constants.is_empty() {
        let constant = one(
            constants,
            path,
            "constant REPLICATOR_CLASSES in module Gitlab::Geo",
        )?;
        if constant.kind() != Kind::Array {
            bail!(
                "{path}: expected `REPLICATOR_CLASSES = [...].freeze` to be a literal array of classes; list the replicator classes in it literally"
            );
        }
        return Ok(constant);
    }
    let method = one(
        rb.methods(module, "replicator_classes"),
        path,
        "method self.replicator_classes in module Gitlab::Geo",
    )?;
    let arrays: Vec<_> = rb
        .descendants(method, Kind::LocalWrite)
        .into_iter()
        .filter_map(|a| a.value())
        .filter(|v| v.kind() == Kind::Array)
        .collect();
    one(
        arrays,
        path,
        "a literal `classes = [...]` array in Gitlab::Geo.replicator_classes",
    )
}

/// The replicator classes listed in `ee/lib/gitlab/geo.rb`, in order.
pub fn replicator_classes(src: &str) -> Result<Vec<String>> {
    let rb = Ruby::parse(src, PATH)?;
    let array = replicator_array(&rb, PATH)?;
    Ok(array.children().map(|n| rb.text(n).to_string()).collect())
}

fn geo_lib(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = PATH;
    let rb = Ruby::parse(src, path)?;
    let array = replicator_array(&rb, path)?;
    let elements: Vec<(String, usize, usize)> = array
        .children()
        .map(|n| (rb.text(n).to_string(), n.start_byte(), n.end_byte()))
        .collect();
    let open = array.start_byte() + 1;
    let sorted = matches!(
        ctx.probes.replicator_list.value,
        ReplicatorList::Constant { sorted: true }
    );
    let edits = array_element_edits(src, &elements, open, types, mode, sorted);
    rb.finish(path, edits)
}

/// Adds (or removes) `::Geo::<Name>Replicator` in the replicator array,
/// after the last framework class (or in its sorted place).
fn array_element_edits(
    src: &str,
    elements: &[(String, usize, usize)],
    open: usize,
    types: &Types,
    mode: Mode,
    sorted: bool,
) -> Vec<Edit> {
    let class = |n: &Names| format!("::Geo::{}", n.replicator_class);
    let wanted = class(types.new);
    let framework: Vec<String> = types.others.iter().map(class).collect();
    let anchor = elements
        .iter()
        .rposition(|(k, ..)| framework.contains(k))
        .or(elements.len().checked_sub(1));
    collection_edits(
        src,
        elements,
        open,
        (&wanted, &wanted),
        anchor,
        mode,
        sorted,
        (types.own, "replicator_classes"),
    )
}

/// Adds (or removes) one element of a literal Ruby array or hash, element
/// by element, so that every layout works: one element per line (brackets
/// on their own lines), elements aligned under the first one
/// (`[::Geo::A,` / `           ::Geo::B]`), or all on one line.
/// `elements` are (key, start, end) of each element (a hash pair's key is
/// its key's text); `wanted` is the new element's (key, text). It goes
/// after element `anchor`, separated as that one is from its predecessor
/// (or with `,` + newline + its column when it is alone); in a `sorted`
/// collection it goes before the first element whose key sorts after it.
/// An element with the wanted key counts as present, whatever its value.
/// `own` and `place` are the type's ledger and what it calls the collection.
#[allow(clippy::too_many_arguments)]
pub fn collection_edits(
    src: &str,
    elements: &[(String, usize, usize)],
    open: usize,
    wanted: (&str, &str),
    anchor: Option<usize>,
    mode: Mode,
    sorted: bool,
    (own, place): (&Ledger, &str),
) -> Vec<Edit> {
    let (key, text) = wanted;
    let present = elements.iter().position(|(k, ..)| k == key);
    let mine = || own.mine(place, key, [key]);
    match mode {
        Mode::Prune => Vec::new(),
        Mode::Remove => match present.filter(|_| mine()) {
            None => Vec::new(),
            // Take the separator before it (or, for the first, after it).
            Some(0) => {
                let end = elements.get(1).map_or(elements[0].2, |e| e.1);
                vec![Edit::replace(elements[0].1, end, "")]
            }
            Some(i) => vec![Edit::replace(elements[i - 1].2, elements[i].2, "")],
        },
        Mode::Add if present.is_some() => {
            if !mine() {
                own.note(place, key, What::Foreign);
            }
            // Present is present, whatever its value: claimed as it stands.
            let (_, s, e) = &elements[present.expect("checked")];
            own.add_one(place, key, &src[*s..*e], Some(&src[*s..*e]));
            Vec::new()
        }
        Mode::Add if !own.add_one(place, key, text, None) => Vec::new(),
        Mode::Add if sorted && elements.iter().any(|(k, ..)| k.as_str() > key) => {
            let i = elements
                .iter()
                .position(|(k, ..)| k.as_str() > key)
                .expect("checked above");
            // Separated as this element is from a neighbour.
            let sep = match (elements.get(i + 1), i.checked_sub(1)) {
                (Some(next), _) => src[elements[i].2..next.1].to_string(),
                (None, Some(p)) => src[elements[p].2..elements[i].1].to_string(),
                (None, None) => ", ".to_string(),
            };
            vec![Edit::insert(elements[i].1, &format!("{text}{sep}"))]
        }
        Mode::Add => match anchor.or(elements.len().checked_sub(1)) {
            None => vec![Edit::insert(open, text)],
            Some(i) => {
                let (_, start, end) = &elements[i];
                let sep = match i.checked_sub(1) {
                    // Separated as the anchor is from its predecessor.
                    Some(p) => {
                        let between = &src[elements[p].2..*start];
                        if between.contains(',') {
                            between.to_string()
                        } else {
                            ", ".to_string()
                        }
                    }
                    // Alone: one line (`[::Geo::A]`) or one per line.
                    None => {
                        let line = list::line_start(src, *start);
                        let rest = &src[*end..list::line_end(src, *end)];
                        if src[line..*start].contains(['[', '{']) && rest.contains([']', '}']) {
                            ", ".to_string()
                        } else {
                            format!(",\n{}", " ".repeat(start - line))
                        }
                    }
                };
                vec![Edit::insert(*end, &format!("{sep}{text}"))]
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::testing::Widget;

    fn geo_rb(array: &str) -> String {
        format!(
            "module Gitlab\n  module Geo\n    def self.replicator_classes\n      classes = {array}\n\n      classes.select(&:enabled?)\n    end\n  end\nend\n"
        )
    }

    /// Every layout of `classes = [...]` gets the class after the last
    /// framework one, in its own style, and loses it again on removal.
    #[test]
    fn replicator_classes_in_every_layout() {
        let w = Widget::after_reference();
        let (types, ctx) = (w.types(), w.ctx(false));
        for (before, after) in [
            (
                "[\n        ::Geo::PackageFileReplicator\n      ]",
                "[\n        ::Geo::PackageFileReplicator,\n        ::Geo::WidgetReplicator\n      ]",
            ),
            (
                "[::Geo::PackageFileReplicator,\n                 ::Geo::TerraformStateReplicator]",
                "[::Geo::PackageFileReplicator,\n                 ::Geo::WidgetReplicator,\n                 ::Geo::TerraformStateReplicator]",
            ),
            (
                "[::Geo::PackageFileReplicator]",
                "[::Geo::PackageFileReplicator, ::Geo::WidgetReplicator]",
            ),
            ("[]", "[::Geo::WidgetReplicator]"),
        ] {
            let src = geo_rb(before);
            let out = geo_lib(&src, &types, Mode::Add, &ctx).expect("patches");
            assert_eq!(out, geo_rb(after), "from {before}");

            assert_eq!(
                geo_lib(&out, &types, Mode::Add, &ctx).expect("idempotent"),
                out
            );
            assert_eq!(
                geo_lib(&out, &types, Mode::Remove, &ctx).expect("removes"),
                src,
                "round trip of {before}"
            );
        }
    }

    fn constant_rb(array: &str) -> String {
        format!(
            "module Gitlab\n  module Geo\n    # a comment\n    REPLICATOR_CLASSES = {array}.freeze\n\n    def self.current_node\n    end\n  end\nend\n"
        )
    }

    fn probes_with(list: ReplicatorList) -> Probes {
        let mut p = Probes::seed();
        p.replicator_list.value = list;
        p
    }

    /// The 13.9+ constant: appended after the last class when the tree's
    /// list is unsorted, in its sorted place when the probe says it is
    /// sorted; read back by `replicator_classes`; removal restores it.
    #[test]
    fn replicator_constant_appended_or_sorted() {
        let w = Widget::after_reference();
        let types = w.types();
        let one_per_line = |classes: &[&str]| {
            let lines: Vec<String> = classes
                .iter()
                .map(|c| format!("      ::Geo::{c}"))
                .collect();
            format!("[\n{}\n    ]", lines.join(",\n"))
        };
        for (sorted, before, after) in [
            (
                false,
                one_per_line(&["ZReplicator", "PackageFileReplicator"]),
                one_per_line(&["ZReplicator", "PackageFileReplicator", "WidgetReplicator"]),
            ),
            (
                true,
                one_per_line(&["AReplicator", "PackageFileReplicator", "ZReplicator"]),
                one_per_line(&[
                    "AReplicator",
                    "PackageFileReplicator",
                    "WidgetReplicator",
                    "ZReplicator",
                ]),
            ),
            (
                true,
                one_per_line(&["AReplicator", "PackageFileReplicator"]),
                one_per_line(&["AReplicator", "PackageFileReplicator", "WidgetReplicator"]),
            ),
            (
                true,
                "[::Geo::ZReplicator]".to_string(),
                "[::Geo::WidgetReplicator, ::Geo::ZReplicator]".to_string(),
            ),
        ] {
            let probes = probes_with(ReplicatorList::Constant { sorted });
            let ctx = Context {
                probes: &probes,
                ..w.ctx(false)
            };
            let src = constant_rb(&before);
            let out = geo_lib(&src, &types, Mode::Add, &ctx).expect("patches");
            assert_eq!(out, constant_rb(&after), "from {before}");
            assert!(
                replicator_classes(&out)
                    .expect("reads the constant")
                    .contains(&"::Geo::WidgetReplicator".to_string())
            );
            assert_eq!(
                geo_lib(&out, &types, Mode::Add, &ctx).expect("idempotent"),
                out
            );
            assert_eq!(
                geo_lib(&out, &types, Mode::Remove, &ctx).expect("removes"),
                src,
                "round trip of {before}"
            );
        }
        assert_eq!(
            applies(&probes_with(ReplicatorList::Constant { sorted: false })),
            Applies::Run
        );
    }
}
