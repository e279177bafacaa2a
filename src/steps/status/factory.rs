//! The status factory (`ee/spec/factories/geo_node_statuses.rb`): one
//! `x_count { n }` line per field in `trait :healthy`.

use anyhow::{Result, anyhow};

use crate::names::Names;
use crate::patch::list::{Commas, Item, List, Source, one_per_line};
use crate::patch::ruby::{Ruby, one};
use crate::patch::{Mode, Types};
use crate::render::Context;

pub const PATH: &str = "ee/spec/factories/geo_node_statuses.rb";

const HEALTHY_TRAIT: &[(&str, &str)] = &[
    ("package_files_count", "package_files_count { 585 }\n"),
    (
        "package_files_checksummed_count",
        "package_files_checksummed_count { 502 }\n",
    ),
    (
        "package_files_checksum_failed_count",
        "package_files_checksum_failed_count { 83 }\n",
    ),
    (
        "package_files_registry_count",
        "package_files_registry_count { 585 }\n",
    ),
    (
        "package_files_synced_count",
        "package_files_synced_count { 510 }\n",
    ),
    (
        "package_files_failed_count",
        "package_files_failed_count { 75 }\n",
    ),
];

pub fn patch(src: &str, types: &Types, mode: Mode, _ctx: &Context) -> Result<String> {
    let path = PATH;
    let rb = Ruby::parse(src, path)?;
    let factories = rb.calls(rb.root(), "factory", |a| a == ":geo_node_status");
    let factory = one(factories, path, "factory :geo_node_status")?;
    let traits = rb.calls(factory, "trait", |a| a == ":healthy");
    let healthy = one(traits, path, "trait :healthy in factory :geo_node_status")?;
    let block = healthy
        .block()
        .ok_or_else(|| anyhow!("{path}: expected a do-block after trait :healthy"))?;
    let items: Vec<Item> = block
        .statements()
        .into_iter()
        .filter_map(|s| Some(rb.item(s, rb.call_name(s)?)))
        .collect();
    one_per_line(&items, path, "trait :healthy")?;
    let list = List {
        src,
        items,
        append_at: rb.closing_line(block),
        commas: Commas::None,
        blank_between: false,
        indent: format!("{}  ", rb.indent_of(healthy)),
        prefix: Names::status_prefix,
        place: "trait :healthy".into(),
    };
    let edits = list.edits(types, mode, Source::copy(HEALTHY_TRAIT));
    rb.finish(path, edits)
}
