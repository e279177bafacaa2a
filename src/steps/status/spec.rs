//! The status spec (`ee/spec/models/geo_node_status_spec.rb`): the per-type
//! `describe '#x_...'` blocks inside `describe GeoNodeStatus`.

use anyhow::{Result, anyhow};

use crate::names::Names;
use crate::patch::list::{Item, Source};
use crate::patch::own::Ledger;
use crate::patch::ruby::{Node, Ruby, one};
use crate::patch::{Mode, Types};
use crate::render::Context;
use crate::steps::{model_factory, registry};

pub const PATH: &str = "ee/spec/models/geo_node_status_spec.rb";

const SPEC_BLOCKS: &[(&str, &str)] = &[
    (
        "package_files_checksummed_count",
        "describe '#package_files_checksummed_count' do
  before do
    stub_current_geo_node(primary)
  end

  it 'counts checksummed package files' do
    create(:package_file, verification_checksum: 'abc')
    create(:package_file, verification_checksum: nil)

    expect(subject.package_files_checksummed_count).to eq(1)
  end
end
",
    ),
    (
        "package_files_checksum_failed_count",
        "describe '#package_files_checksum_failed_count' do
  before do
    stub_current_geo_node(primary)
  end

  it 'counts package files that failed to checksum' do
    create(:package_file, verification_failure: 'Could not calculate the checksum')
    create(:package_file, verification_failure: nil)

    expect(subject.package_files_checksum_failed_count).to eq(1)
  end
end
",
    ),
    (
        "package_files_checksummed_in_percentage",
        "describe '#package_files_checksummed_in_percentage' do
  before do
    stub_current_geo_node(primary)
  end

  it 'returns 0 when no package files are available' do
    expect(subject.package_files_checksummed_in_percentage).to eq(0)
  end
end
",
    ),
];

/// The block of the top-level `describe <subject>` call.
fn describe_block<'t>(rb: &'t Ruby, subject: &str, path: &str) -> Result<Node<'t>> {
    let describes = rb.calls(rb.root(), "describe", |a| a == subject);
    let describe = one(describes, path, &format!("a `describe {subject}` block"))?;
    describe
        .block()
        .ok_or_else(|| anyhow!("{path}: expected a do-block after `describe {subject}`"))
}

/// The key of a per-type `describe` in the status spec: `#x_count` -> `x_count`;
/// a block named by a type's label (`'package files secondary counters'`)
/// -> `package_files_secondary_counters`, so it belongs to that type.
fn key_of<'a>(arg: &str, types: impl Iterator<Item = &'a Names>) -> Option<String> {
    let text = arg.trim_matches(|c| c == '\'' || c == '"');
    if let Some(key) = text.strip_prefix('#') {
        return Some(key.to_string());
    }
    types
        .filter_map(|n| {
            let rest = text.strip_prefix(&n.label)?.strip_prefix(' ')?;
            Some((
                n.label.len(),
                format!("{}_{}", n.plural, rest.replace(' ', "_")),
            ))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, key)| key)
}

/// The per-type `describe` blocks of the status spec and their keys.
fn blocks<'t>(rb: &'t Ruby, types: &Types) -> Result<(Node<'t>, Vec<Item>)> {
    let block = describe_block(rb, "GeoNodeStatus", PATH)?;
    let items = block
        .statements()
        .into_iter()
        .filter(|s| rb.call_name(*s) == Some("describe"))
        .filter_map(|s| {
            let key = key_of(rb.text(*s.args().first()?), types.all())?;
            Some(rb.item(s, key))
        })
        .collect();
    Ok((block, items))
}

/// The type whose blocks a new type's are cloned from: the last framework
/// type with blocks here.
fn reference<'n>(items: &[Item], types: &Types<'n>) -> Option<&'n Names> {
    types
        .others
        .iter()
        .rev()
        .find(|n| items.iter().any(|i| i.key.starts_with(&n.status_prefix())))
}

/// The model-factory traits the reference type's blocks create it with.
pub fn reference_traits(src: &str, others: &[Names]) -> Vec<String> {
    let Ok(rb) = Ruby::parse(src, PATH) else {
        return Vec::new();
    };
    let probe = Names::existing("geo_scaffold_trait_probe", None, None, None);
    let scratch = Ledger::scratch();
    let types = Types {
        new: &probe,
        others,
        own: &scratch,
    };
    let Ok((_, items)) = blocks(&rb, &types) else {
        return Vec::new();
    };
    let Some(r) = reference(&items, &types) else {
        return Vec::new();
    };
    let text: String = items
        .iter()
        .filter(|i| i.key.starts_with(&r.status_prefix()))
        .map(|i| &src[i.start..i.end])
        .collect();
    model_factory::traits_in(&text, &r.name)
}

/// A cloned block, made the new type's own: its registry factory as the
/// tree names it, no trait the new model's factory will not have, and no
/// shortened reference label ("package registries" in package-file blocks).
fn own_block(text: &str, from: Option<&Names>, ctx: &Context) -> String {
    let n = ctx.n;
    let mut text = registry::factory_refs(text, n, &ctx.conventions().registry_factory);
    text = model_factory::drop_traits(&text, &n.name, |t| {
        ctx.additions.traits.keep.iter().any(|k| k == t)
    });
    if let Some(from) = from
        && let Some((first, _)) = from.label_singular.split_once(' ')
    {
        text = text.replace(
            &format!(" {first} registries"),
            &format!(" {} registries", n.label_singular),
        );
    }
    text
}

pub fn patch(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = PATH;
    let rb = Ruby::parse(src, path)?;
    let (block, items) = blocks(&rb, types)?;
    let list = rb.spec_blocks(block, items, Names::status_prefix, "describe GeoNodeStatus");
    // Part of what each cloned block renders, so that a re-run compares and
    // records the same text. The block it copies names its type by prefix.
    let own = |orig: &str, copied: &str| {
        let from = types
            .others
            .iter()
            .filter(|n| orig.contains(&n.status_prefix()))
            .max_by_key(|n| n.status_prefix().len());
        own_block(copied, from, ctx)
    };
    let source = Source::Copy {
        fallback: SPEC_BLOCKS,
        fix: Some(&own),
        group: None,
        fullest: false,
    };
    let edits = list.edits(types, mode, source);
    rb.finish(path, edits)
}
