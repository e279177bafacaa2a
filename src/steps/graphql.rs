//! Step "GraphQL API": the finder, resolver and registry type (with their
//! specs), the `GeoNodeType` field, its `expected_fields` spec list and the
//! registries request spec.

use anyhow::{Result, anyhow, bail};

use super::{NewFile, Patch, Step};
use crate::patch::list::{Commas, Item, List, Placement, SortBy, Source, line_end, line_start};
use crate::patch::own::What;
use crate::patch::ruby::{Kind, Ruby, one};
use crate::patch::{Edit, Mode, Types};
use crate::probe::Gating;
use crate::render::{Context, Tpl, render};

pub const NODE_TYPE_PATH: &str = "ee/app/graphql/types/geo/geo_node_type.rb";
pub const NODE_TYPE_SPEC_PATH: &str = "ee/spec/graphql/types/geo/geo_node_type_spec.rb";
pub const REGISTRIES_SPEC_PATH: &str = "ee/spec/requests/api/graphql/geo/registries_spec.rb";

pub const STEP: Step = Step {
    name: "GraphQL",
    applies: super::always,
    files,
    patches: &[
        Patch {
            path: NODE_TYPE_PATH,
            apply: node_type,
        },
        Patch {
            path: NODE_TYPE_SPEC_PATH,
            apply: node_type_spec,
        },
        Patch {
            path: REGISTRIES_SPEC_PATH,
            apply: registries_spec,
        },
    ],
};

fn files(ctx: &Context) -> Vec<NewFile> {
    let n = ctx.n;
    let name = &n.name;
    let states = super::concern_framework(ctx.probes);
    let pick = |old: Tpl, new: Tpl| if states { new } else { old };
    [
        (
            format!("ee/app/finders/geo/{name}_registry_finder.rb"),
            Tpl::Finder,
        ),
        (
            format!("ee/spec/finders/geo/{name}_registry_finder_spec.rb"),
            pick(Tpl::FinderSpec, Tpl::FinderSpecStates),
        ),
        (
            format!("ee/app/graphql/resolvers/geo/{name}_registries_resolver.rb"),
            pick(Tpl::Resolver, Tpl::ResolverStates),
        ),
        (
            format!("ee/spec/graphql/resolvers/geo/{name}_registries_resolver_spec.rb"),
            pick(Tpl::ResolverSpec, Tpl::ResolverSpecStates),
        ),
        (
            format!("ee/app/graphql/types/geo/{name}_registry_type.rb"),
            pick(Tpl::RegistryType, Tpl::RegistryTypeStates),
        ),
        (
            format!("ee/spec/graphql/types/geo/{name}_registry_type_spec.rb"),
            pick(Tpl::RegistryTypeSpec, Tpl::RegistryTypeSpecStates),
        ),
    ]
    .into_iter()
    .map(|(path, tpl)| NewFile::At { path, tpl })
    .collect()
}

fn node_type(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = NODE_TYPE_PATH;
    let rb = Ruby::parse(src, path)?;
    let class = one(
        rb.scopes(Kind::Class, "GeoNodeType"),
        path,
        "class GeoNodeType",
    )?;
    let items: Vec<Item> = class
        .statements()
        .into_iter()
        .filter(|s| rb.call_name(*s) == Some("field"))
        .filter_map(|s| {
            let first = *s.args().first()?;
            Some(rb.item(s, rb.text(first).trim_start_matches(':')))
        })
        .collect();
    if items.is_empty() {
        bail!("{path}: expected `field` calls in class GeoNodeType, found none");
    }
    let list = List {
        src,
        items,
        append_at: rb.closing_line(class),
        commas: Commas::None,
        blank_between: false,
        indent: String::new(),
        prefix: |n| n.registries.clone(),
        place: "class GeoNodeType".into(),
    };
    let field = match ctx.probes.graphql_gating.value {
        Gating::FeatureFlag => render(Tpl::GeoNodeTypeField, ctx),
        Gating::Experiment => render(Tpl::GeoNodeTypeFieldExperiment, ctx),
    };
    let source = Source::Given(vec![(types.new.registries.clone(), field.clone())]);
    // GitLab's own generator puts the field before `verification_max_capacity`.
    if ctx.probes.in_tree_generator.value && mode == Mode::Add {
        let present = list.items.iter().any(|it| it.key == types.new.registries);
        if let Some(anchor) = list
            .items
            .iter()
            .find(|it| it.key == "verification_max_capacity")
            && !present
            && types
                .own
                .add_one("class GeoNodeType", &types.new.registries, &field, None)
        {
            let indent = {
                let l = &src[anchor.start..anchor.end];
                &l[..l.len() - l.trim_start().len()]
            };
            let text = crate::render::indent(&field, indent);
            return rb.finish(path, vec![crate::patch::Edit::insert(anchor.start, &text)]);
        }
    }
    let sorted = {
        let keys: Vec<&str> = list.items.iter().map(|it| it.key.as_str()).collect();
        let inversions = keys.windows(2).filter(|w| w[0] > w[1]).count();
        keys.len() > 4 && inversions * 10 <= keys.len()
    };
    let placement = Placement {
        copy_from: None,
        sorted: sorted.then_some(SortBy::Key),
    };
    let edits = list.edits_placed(types, mode, source, placement);
    rb.finish(path, edits)
}

fn node_type_spec(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = NODE_TYPE_SPEC_PATH;
    let rb = Ruby::parse(src, path)?;
    let arrays: Vec<_> = rb
        .outline(rb.root(), Kind::LocalWrite)
        .into_iter()
        .filter(|a| rb.name(*a) == Some("expected_fields"))
        .filter_map(|a| a.value())
        .filter(|v| v.kind() == Kind::SymbolArray)
        .collect();
    let array = one(arrays, path, "an `expected_fields = %i[...]` list")?;
    let words: Vec<(String, usize, usize)> = array
        .children()
        .map(|w| (rb.text(w).to_string(), w.start_byte(), w.end_byte()))
        .collect();
    let word = &types.new.registries;
    let owner = |w: &str| types.all().position(|n| w == n.registries);
    let (own, place) = (types.own, "expected_fields");
    let present = words.iter().find(|(w, ..)| w == word);
    let edits =
        match mode {
            Mode::Prune => Vec::new(),
            Mode::Add => {
                let current = present.map(|(w, ..)| w.as_str());
                if present.is_some() && !own.mine(place, word, [word.as_str()]) {
                    own.note(place, word, What::Foreign);
                }
                if !own.add_one(place, word, word, current) {
                    Vec::new()
                } else if ctx.probes.in_tree_generator.value {
                    // GitLab's own generator: one field per line, in byte order
                    // among the `_registries` fields.
                    let registries: Vec<&(String, usize, usize)> = words
                        .iter()
                        .filter(|(w, ..)| w.ends_with("_registries"))
                        .collect();
                    let (at, indent) =
                        match registries.iter().find(|(w, ..)| w.as_str() > word.as_str()) {
                            Some((_, s, _)) => (line_start(src, *s), &src[line_start(src, *s)..*s]),
                            None => {
                                let (_, s, _) =
                            registries.last().copied().or(words.last()).ok_or_else(|| {
                                anyhow!("{path}: expected at least one field in `expected_fields`")
                            })?;
                                (line_end(src, *s), &src[line_start(src, *s)..*s])
                            }
                        };
                    vec![Edit::insert(at, &format!("{indent}{word}\n"))]
                } else {
                    wrap_insert(src, &words, word, |w| owner(w).is_some())?
                }
            }
            Mode::Remove => match present.filter(|_| own.mine(place, word, [word.as_str()])) {
                None => Vec::new(),
                Some(&(_, s, e)) => {
                    let (ls, le) = (line_start(src, s), line_end(src, s));
                    if src[ls..le].trim() == word {
                        vec![Edit::replace(ls, le, "")]
                    } else if src[ls..s].trim().is_empty() {
                        vec![Edit::replace(s, e + 1, "")]
                    } else if src[..s].ends_with(' ') {
                        vec![Edit::replace(s - 1, e, "")]
                    } else {
                        vec![Edit::replace(s, e + 1, "")]
                    }
                }
            },
        };
    rb.finish(path, edits)
}

/// Inserts `word` after the last framework word of a wrapped `%i[...]` list,
/// wrapping so that no line grows past the longest already there (or 80).
fn wrap_insert(
    src: &str,
    words: &[(String, usize, usize)],
    word: &str,
    is_framework: impl Fn(&str) -> bool,
) -> Result<Vec<Edit>> {
    let Some(anchor) = words
        .iter()
        .rposition(|(w, ..)| is_framework(w))
        .or(words.len().checked_sub(1))
    else {
        bail!("expected at least one field in the `expected_fields` list");
    };
    let (_, _, anchor_end) = words[anchor];
    let (ls, le) = (line_start(src, anchor_end), line_end(src, anchor_end - 1));
    let line = &src[ls..le];
    let longest = words
        .iter()
        .map(|(_, s, _)| {
            let (a, b) = (line_start(src, *s), line_end(src, *s));
            src[a..b].trim_end().len()
        })
        .max()
        .unwrap_or(80)
        .min(80);
    let same_line_line = src[ls..anchor_end].to_string();
    let rest = &src[anchor_end..le];
    let rest_words: Vec<&str> = rest.split_whitespace().collect();
    // Words after the anchor on its line, and closing `]` if it is there.
    if rest_words.iter().any(|w| w.contains(']')) {
        // One-line list: insert inline.
        return Ok(vec![Edit::insert(anchor_end, &format!(" {word}"))]);
    }
    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
    let mut lines = vec![same_line_line];
    for w in std::iter::once(word).chain(rest_words.iter().copied()) {
        let last = lines.last_mut().expect("starts with the anchor's line");
        if last.len() + 1 + w.len() <= longest {
            last.push(' ');
            last.push_str(w);
        } else {
            lines.push(format!("{indent}{w}"));
        }
    }
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    Ok(vec![Edit::replace(ls, le, &text)])
}

const REGISTRIES_BLOCK: &[(&str, &str)] = &[(
    "packageFileRegistries",
    "it_behaves_like 'gets registries for', {
  field_name: 'packageFileRegistries',
  registry_class_name: 'PackageFileRegistry',
  registry_factory: :package_file_registry,
  registry_foreign_key_field_name: 'packageFileId'
}
",
)];

fn registries_spec(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = REGISTRIES_SPEC_PATH;
    let rb = Ruby::parse(src, path)?;
    let describes = rb.calls(rb.root(), "describe", |a| a.contains("registries"));
    let describe = one(describes, path, "a `describe 'Gets registries'` block")?;
    let block = describe
        .block()
        .ok_or_else(|| anyhow!("{path}: expected a do-block after `describe`"))?;
    let items: Vec<Item> = block
        .statements()
        .into_iter()
        .filter(|s| rb.call_name(*s) == Some("it_behaves_like"))
        .filter_map(|s| {
            let args = s.args();
            if !rb.text(*args.first()?).contains("gets registries for") {
                return None;
            }
            let hash = args.get(1)?;
            let field = hash
                .children()
                .filter(|p| p.kind() == Kind::Pair)
                .find(|p| {
                    p.key()
                        .is_some_and(|k| rb.text(k).trim_matches(':') == "field_name")
                })?;
            let value = rb.text(field.value()?);
            Some(rb.item(s, value.trim_matches(|c| c == '\'' || c == '"')))
        })
        .collect();
    let list = rb.spec_blocks(
        block,
        items,
        |n| n.registries_camel.clone(),
        "it_behaves_like 'gets registries for'",
    );
    // GitLab's own generator keeps the blocks in order.
    let placement = Placement {
        copy_from: None,
        sorted: ctx.probes.in_tree_generator.value.then_some(SortBy::Key),
    };
    // The cloned block names the registry factory as the tree does (part of
    // what it renders, so that a re-run compares and records the same text).
    let factory = ctx.conventions().registry_factory;
    let own = |_: &str, copied: &str| super::registry::factory_refs(copied, types.new, &factory);
    let source = Source::Copy {
        fallback: REGISTRIES_BLOCK,
        fix: Some(&own),
        group: None,
        fullest: false,
    };
    let edits = list.edits_placed(types, mode, source, placement);
    rb.finish(path, edits)
}
