//! The lists of GraphQL registry types that trees with a `Registrable`
//! union (15.x+) keep by hand: the union's `GEO_REGISTRY_TYPES` hash, the
//! `GeoRegistryClass` enum spec and the registries shared context; and,
//! where GitLab's own generator maintains them (19.x), the frontend's
//! `possible_types.json` and the GraphQL `authorization_todo.txt`.
//!
//! Entries go after the last framework type's (15.x-18.x appended them); in
//! a tree with its own generator they go in byte order, as it puts them.

use anyhow::{Result, anyhow};

use super::{Applies, Patch, Step, no_files};
use crate::names::Names;
use crate::patch::list::{Commas, Item, List, Placement, SortBy, Source, line_end};
use crate::patch::ruby::{Kind, Ruby, one};
use crate::patch::{Edit, Mode, Types, apply_edits, json};
use crate::probe::{Probes, RegistrableTypes};
use crate::render::Context;

pub const UNION_PATH: &str = "ee/app/graphql/types/geo/registrable_type.rb";
pub const ENUM_SPEC_PATH: &str = "ee/spec/graphql/types/geo/registry_class_enum_spec.rb";
pub const SHARED_CONTEXT_PATH: &str =
    "ee/spec/support/shared_contexts/graphql/geo/registries_shared_context.rb";
pub const POSSIBLE_TYPES_PATH: &str = "app/assets/javascripts/graphql_shared/possible_types.json";
pub const AUTHORIZATION_TODO_PATH: &str = "config/authz/graphql/authorization_todo.txt";

/// `GEO_REGISTRY_TYPES` in the `Registrable` union.
pub const UNION_STEP: Step = Step {
    name: "registrable types",
    applies: union_applies,
    files: no_files,
    patches: &[Patch {
        path: UNION_PATH,
        apply: union,
    }],
};

/// The enum spec's registry classes and the shared context's table.
pub const SPECS_STEP: Step = Step {
    name: "registry type specs",
    applies: specs_applies,
    files: no_files,
    patches: &[
        Patch {
            path: ENUM_SPEC_PATH,
            apply: enum_spec,
        },
        Patch {
            path: SHARED_CONTEXT_PATH,
            apply: shared_context,
        },
    ],
};

/// `possible_types.json` and `authorization_todo.txt`, which GitLab's own
/// generator keeps up to date.
pub const SCHEMA_LISTS_STEP: Step = Step {
    name: "GraphQL schema lists",
    applies: schema_lists_applies,
    files: no_files,
    patches: &[
        Patch {
            path: POSSIBLE_TYPES_PATH,
            apply: possible_types,
        },
        Patch {
            path: AUTHORIZATION_TODO_PATH,
            apply: authorization_todo,
        },
    ],
};

fn union_applies(p: &Probes) -> Applies {
    match p.registrable_types.value {
        RegistrableTypes::Literal => Applies::Run,
        RegistrableTypes::Derived => Applies::Skip(format!(
            "the union's registry types are built from the replicator list ({})",
            p.registrable_types.evidence
        )),
        RegistrableTypes::Absent => Applies::Skip(format!(
            "no `Registrable` union ({})",
            p.registrable_types.evidence
        )),
    }
}

fn specs_applies(p: &Probes) -> Applies {
    match p.registrable_types.value {
        RegistrableTypes::Absent => Applies::Skip(format!(
            "no `Registrable` union, so no enum spec or shared context ({})",
            p.registrable_types.evidence
        )),
        _ => Applies::Run,
    }
}

fn schema_lists_applies(p: &Probes) -> Applies {
    if p.in_tree_generator.value {
        Applies::Run
    } else {
        Applies::Skip(
            "only GitLab's own generator maintains possible_types.json and authorization_todo.txt (a regenerated or stale file elsewhere)"
                .into(),
        )
    }
}

/// Byte order where the tree has its own generator (it inserts so), else
/// after the last framework type's entry.
fn placement(ctx: &Context) -> Placement {
    Placement {
        copy_from: None,
        sorted: ctx.probes.in_tree_generator.value.then_some(SortBy::Key),
    }
}

fn union(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = UNION_PATH;
    let rb = Ruby::parse(src, path)?;
    let class = one(
        rb.scopes(Kind::Class, "RegistrableType"),
        path,
        "class Types::Geo::RegistrableType",
    )?;
    let hash = one(
        rb.constants(class, "GEO_REGISTRY_TYPES"),
        path,
        "a `GEO_REGISTRY_TYPES = { ... }` hash",
    )?;
    if hash.kind() != Kind::Hash {
        return Err(anyhow!(
            "{path}: expected `GEO_REGISTRY_TYPES` to be a literal hash; it is built another way, so nothing needs adding"
        ));
    }
    let items: Vec<Item> = hash
        .children()
        .filter(|p| p.kind() == Kind::Pair)
        .filter_map(|p| {
            let key = rb.text(p.key()?).trim_start_matches("::");
            Some(rb.item(p, key.trim_start_matches("Geo::")))
        })
        .collect();
    crate::patch::list::one_per_line(&items, path, "GEO_REGISTRY_TYPES")?;
    let n = types.new;
    let list = List {
        src,
        items,
        append_at: rb.closing_line(hash),
        commas: Commas::Separated,
        blank_between: false,
        indent: "        ".into(),
        prefix: |n: &Names| n.registry_class.clone(),
        place: "GEO_REGISTRY_TYPES".into(),
    };
    let entry = format!(
        "::Geo::{} => Types::Geo::{}Type\n",
        n.registry_class, n.registry_class
    );
    let edits = list.edits_placed(
        types,
        mode,
        Source::Given(vec![(n.registry_class.clone(), entry)]),
        placement(ctx),
    );
    rb.finish(path, edits)
}

fn enum_spec(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = ENUM_SPEC_PATH;
    let rb = Ruby::parse(src, path)?;
    let array = one(
        rb.descendants(rb.root(), Kind::WordArray),
        path,
        "a `%w[...]` list of registry classes",
    )?;
    let items: Vec<Item> = array.children().map(|w| rb.item(w, rb.text(w))).collect();
    crate::patch::list::one_per_line(&items, path, "the registry classes")?;
    let enum_key = |n: &Names| n.registry_table.to_uppercase();
    let list = List {
        src,
        items,
        append_at: rb.closing_line(array),
        commas: Commas::None,
        blank_between: false,
        indent: "      ".into(),
        prefix: |n: &Names| n.registry_table.to_uppercase(),
        place: "registry classes".into(),
    };
    let key = enum_key(types.new);
    let edits = list.edits_placed(
        types,
        mode,
        Source::Given(vec![(key.clone(), format!("{key}\n"))]),
        placement(ctx),
    );
    rb.finish(path, edits)
}

fn shared_context(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = SHARED_CONTEXT_PATH;
    let rb = Ruby::parse(src, path)?;
    let wheres = rb.calls(rb.root(), "where", |a| a.contains("registry_class"));
    let call = one(wheres, path, "a `where(:registry_class, ...) do` table")?;
    let block = call
        .block()
        .ok_or_else(|| anyhow!("{path}: expected a do-block after `where(...)`"))?;
    let (start, end) = (line_end(src, block.start_byte()), rb.closing_line(block));
    let mut items = Vec::new();
    let mut widths: Vec<(usize, usize)> = Vec::new();
    let mut off = start;
    for line in src[start..end].split_inclusive('\n') {
        let t = line.trim();
        if !t.starts_with('#') && t.contains('|') {
            let key = t
                .split('|')
                .next()
                .unwrap_or("")
                .trim()
                .trim_start_matches("Geo::")
                .to_string();
            items.push(Item {
                key,
                start: off,
                end: off + line.len(),
            });
            let bars: Vec<usize> = line.match_indices('|').map(|(i, _)| i).collect();
            if bars.len() == 2 {
                widths.push((bars[0], bars[1]));
            }
        }
        off += line.len();
    }
    // The column widths most rows have (some rows are not re-padded).
    let mut counts: Vec<((usize, usize), usize)> = Vec::new();
    for w in &widths {
        match counts.iter_mut().find(|(x, _)| x == w) {
            Some((_, c)) => *c += 1,
            None => counts.push((*w, 1)),
        }
    }
    let columns = counts.iter().max_by_key(|(_, c)| *c).map(|(w, _)| *w);
    let indent = items
        .last()
        .map(|it| {
            let l = &src[it.start..it.end];
            l[..l.len() - l.trim_start().len()].to_string()
        })
        .unwrap_or_else(|| "    ".into());
    let n = types.new;
    let first = format!("Geo::{}", n.registry_class);
    let second = format!("Types::Geo::{}Type", n.registry_class);
    let row = match columns {
        Some((a, b)) => {
            let mut row = format!("{indent}{first}");
            pad_to(&mut row, a);
            row.push_str("| ");
            row.push_str(&second);
            pad_to(&mut row, b);
            format!("{}| :geo_{}\n", row, n.registry_table)
        }
        None => format!("{indent}{first} | {second} | :geo_{}\n", n.registry_table),
    };
    let row = row.strip_prefix(&indent).unwrap_or(&row).to_string();
    let list = List {
        src,
        items,
        append_at: end,
        commas: Commas::None,
        blank_between: false,
        indent,
        prefix: |n: &Names| n.registry_class.clone(),
        place: "where(:registry_class, ...)".into(),
    };
    let edits = list.edits_placed(
        types,
        mode,
        Source::Given(vec![(n.registry_class.clone(), row)]),
        placement(ctx),
    );
    rb.finish(path, edits)
}

/// Pads `row` with spaces to `width` bytes, or one space when it is longer.
fn pad_to(row: &mut String, width: usize) {
    if row.len() < width {
        row.push_str(&" ".repeat(width - row.len()));
    } else {
        row.push(' ');
    }
}

/// `"<Name>Registry"` in the `Registrable` list, in byte order (the
/// generator sorts the list).
fn possible_types(src: &str, types: &Types, mode: Mode, _ctx: &Context) -> Result<String> {
    let path = POSSIBLE_TYPES_PATH;
    json::validate(src)
        .map_err(|e| anyhow!("{path}: not valid JSON ({e}); fix the file and run again"))?;
    let root = src
        .find('{')
        .ok_or_else(|| anyhow!("{path}: expected a JSON object"))?;
    let Some(open) = json::member(src, root, "Registrable")? else {
        // As the generator: nothing to do without a `Registrable` list.
        return Ok(src.to_string());
    };
    let list = json::list(src, open, path, "\"Registrable\"", "Registrable")?;
    let list = List {
        prefix: |n: &Names| n.registry_class.clone(),
        ..list
    };
    let n = types.new;
    let entry = format!("\"{}\"\n", n.registry_class);
    let edits = list.edits_placed(
        types,
        mode,
        Source::Given(vec![(n.registry_class.clone(), entry)]),
        Placement {
            copy_from: None,
            sorted: Some(SortBy::Key),
        },
    );
    let out = apply_edits(src, edits)?;
    json::validate(&out).map_err(|e| {
        anyhow!("{path}: the patched file would not be valid JSON ({e}); nothing was written")
    })?;
    Ok(out)
}

/// `type:<Name>Registry` before the first greater entry (comments and blank
/// lines are not entries), as the generator adds it.
fn authorization_todo(src: &str, types: &Types, mode: Mode, _ctx: &Context) -> Result<String> {
    let entry = format!("type:{}", types.new.registry_class);
    let mut off = 0;
    let mut at = None;
    let mut present = None;
    for line in src.split_inclusive('\n') {
        let t = line.trim();
        if t == entry {
            present = Some((off, off + line.len()));
        } else if at.is_none() && !t.is_empty() && !t.starts_with('#') && t > entry.as_str() {
            at = Some(off);
        }
        off += line.len();
    }
    let (own, place) = (types.own, "type entries");
    let current = present.map(|(s, e)| &src[s..e]);
    let edit = match (mode, present) {
        (Mode::Prune, _) | (Mode::Remove, None) => return Ok(src.to_string()),
        (Mode::Add, Some(_)) => {
            if !own.mine(place, &entry, [entry.as_str()]) {
                own.note(place, &entry, crate::patch::own::What::Foreign);
            }
            own.add_one(place, &entry, &entry, current);
            return Ok(src.to_string());
        }
        (Mode::Remove, Some(_)) if !own.mine(place, &entry, [entry.as_str()]) => {
            return Ok(src.to_string());
        }
        (Mode::Add, None) if !own.add_one(place, &entry, &entry, None) => {
            return Ok(src.to_string());
        }
        (Mode::Add, None) => {
            let at = at.unwrap_or(src.len());
            let lead = if at == src.len() && !src.is_empty() && !src.ends_with('\n') {
                "\n"
            } else {
                ""
            };
            Edit::insert(at, &format!("{lead}{entry}\n"))
        }
        (Mode::Remove, Some((s, e))) => Edit::replace(s, e, ""),
    };
    apply_edits(src, vec![edit])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Facts;
    use crate::strategy::Strategy;

    fn with<T>(generator: bool, f: impl FnOnce(&Types, &Context) -> T) -> T {
        let new = Names::existing("widget", None, None, Some("Widget"));
        let others = [
            Names::existing("upload", None, None, Some("Upload")),
            Names::existing("yak", None, None, Some("Yak")),
        ];
        let mut w = crate::patch::testing::Widget::concern(
            new,
            Strategy::Blob,
            generator,
            Facts::default(),
        );
        w.others = others.to_vec();
        f(&w.types(), &w.ctx(false))
    }

    const CONTEXT: &str = "RSpec.shared_context 'x' do\n  where(:registry_class, :registry_type, :registry_factory) do\n    # rubocop:disable Layout/LineLength\n    Geo::UploadRegistry     | Types::Geo::UploadRegistryType     | :geo_upload_registry\n    Geo::ZedRegistry | Types::Geo::ZedRegistryType | :geo_zed_registry\n    Geo::YakRegistry        | Types::Geo::YakRegistryType        | :geo_yak_registry\n    # rubocop:enable Layout/LineLength\n  end\nend\n";

    /// The row is padded to the widths most rows have; appended after the
    /// last framework row, or in byte order where the tree has its own
    /// generator; removal restores the bytes.
    #[test]
    fn shared_context_rows() {
        for (generator, before) in [
            (false, "    # rubocop:enable"),
            (true, "    Geo::ZedRegistry"),
        ] {
            with(generator, |types, ctx| {
                let out = shared_context(CONTEXT, types, Mode::Add, ctx).expect("adds");
                let row = "    Geo::WidgetRegistry     | Types::Geo::WidgetRegistryType     | :geo_widget_registry\n";
                assert!(out.contains(&format!("{row}{before}")), "{out}");
                assert_eq!(
                    shared_context(&out, types, Mode::Add, ctx).expect("again"),
                    out
                );
                assert_eq!(
                    shared_context(&out, types, Mode::Remove, ctx).expect("removes"),
                    CONTEXT
                );
            });
        }
    }

    #[test]
    fn authorization_todo_in_order() {
        let src = "# Please do not add to this list.\nmutation:Zap\ntype:UploadRegistry\ntype:X509Signature\n";
        with(true, |types, ctx| {
            let out = authorization_todo(src, types, Mode::Add, ctx).expect("adds");
            assert_eq!(
                out,
                "# Please do not add to this list.\nmutation:Zap\ntype:UploadRegistry\ntype:WidgetRegistry\ntype:X509Signature\n"
            );
            assert_eq!(
                authorization_todo(&out, types, Mode::Add, ctx).expect("again"),
                out
            );
            assert_eq!(
                authorization_todo(&out, types, Mode::Remove, ctx).expect("removes"),
                src
            );
        });
    }
}
