//! Step "Status fields": the per-type fields of `GeoNodeStatus` (the status
//! constants, the loaders and the percentages in `ee/app/models/geo_node_status.rb`),
//! the status factory's `trait :healthy` and the status spec's `describe` blocks.
//! The fallback groups are PackageFile's, for a tree with no framework type yet.

mod factory;
mod percentages;
pub mod spec;

use anyhow::{Result, bail};

use super::{Applies, Patch, Step, no_files};
use crate::names::Names;
use crate::patch::list::{Commas, Item, List, Source, one_per_line};
use crate::patch::ruby::{Kind, Node, Ruby, one};
use crate::patch::{Edit, Mode, Types, apply_edits};
use crate::probe::{Probes, StatusFields};
use crate::render::{Context, Tpl, render};

pub const MODEL: &str = "ee/app/models/geo_node_status.rb";

pub const STEP: Step = Step {
    name: "status fields",
    applies,
    files: no_files,
    patches: &[
        Patch {
            path: MODEL,
            apply: geo_node_status,
        },
        Patch {
            path: factory::PATH,
            apply: factory::patch,
        },
        Patch {
            path: spec::PATH,
            apply: spec::patch,
        },
    ],
};

const STATUS_FIELDS: &[(&str, &str)] = &[
    ("package_files_count", "package_files_count\n"),
    (
        "package_files_checksummed_count",
        "package_files_checksummed_count\n",
    ),
    (
        "package_files_checksum_failed_count",
        "package_files_checksum_failed_count\n",
    ),
    ("package_files_synced_count", "package_files_synced_count\n"),
    ("package_files_failed_count", "package_files_failed_count\n"),
    (
        "package_files_registry_count",
        "package_files_registry_count\n",
    ),
];

const METRICS: &[(&str, &str)] = &[
    (
        "package_files_count",
        "package_files_count: 'Number of package files on primary'\n",
    ),
    (
        "package_files_checksummed_count",
        "package_files_checksummed_count: 'Number of package files checksummed on primary'\n",
    ),
    (
        "package_files_checksum_failed_count",
        "package_files_checksum_failed_count: 'Number of package files failed to checksum on primary'\n",
    ),
    (
        "package_files_registry_count",
        "package_files_registry_count: 'Number of package files in the registry'\n",
    ),
    (
        "package_files_synced_count",
        "package_files_synced_count: 'Number of package files synced on secondary'\n",
    ),
    (
        "package_files_failed_count",
        "package_files_failed_count: 'Number of package files failed to sync on secondary'\n",
    ),
];

const CURRENT_NODE: &[(&str, &str)] = &[(
    "package_files_count",
    "self.package_files_count = Geo::PackageFileReplicator.primary_total_count\n",
)];

const PERCENTAGES: &[(&str, &str)] = &[
    (
        "package_files_checksummed",
        "attr_in_percentage :package_files_checksummed, :package_files_checksummed_count, :package_files_count\n",
    ),
    (
        "package_files_synced",
        "attr_in_percentage :package_files_synced, :package_files_synced_count, :package_files_registry_count\n",
    ),
];

const SECONDARY_CALLS: &[(&str, &str)] =
    &[("load_package_files_data", "load_package_files_data\n")];

const PRIMARY_VERIFICATION: &[(&str, &str)] = &[
    (
        "package_files_checksummed_count",
        "self.package_files_checksummed_count = Geo::PackageFileReplicator.checksummed_count\n",
    ),
    (
        "package_files_checksum_failed_count",
        "self.package_files_checksum_failed_count = Geo::PackageFileReplicator.checksum_failed_count\n",
    ),
];

/// Items for `self.<field> = ...` assignments anywhere in a method.
fn self_assignments(rb: &Ruby, method: Node) -> Vec<Item> {
    rb.descendants(method, Kind::Call)
        .into_iter()
        .filter(|c| c.is_attribute_write())
        .filter(|c| c.receiver().is_some_and(|r| r.kind() == Kind::SelfRef))
        .filter_map(|c| Some(rb.item(c, rb.name(c)?)))
        .collect()
}

fn method_list<'s>(
    rb: &Ruby<'s>,
    method: Node,
    items: Vec<Item>,
    prefix: fn(&Names) -> String,
    place: &str,
) -> List<'s> {
    let indent = format!("{}  ", rb.indent_of(method));
    List {
        src: rb.src,
        items,
        append_at: rb.closing_line(method),
        commas: Commas::None,
        blank_between: false,
        indent,
        prefix,
        place: place.to_string(),
    }
}

fn applies(p: &Probes) -> Applies {
    match p.status_fields.value {
        StatusFields::ByHand => Applies::Run,
        StatusFields::Derived => Applies::Skip(format!(
            "GeoNodeStatus derives each type's fields from the replicator list ({})",
            p.status_fields.evidence
        )),
    }
}

/// The `self.<field> = ...` assignments of method `name` of the class, as a
/// list of status fields.
fn assignments_in<'s>(rb: &Ruby<'s>, class: Node, name: &str) -> Result<List<'s>> {
    let method = one(
        rb.methods(class, name),
        MODEL,
        &format!("method {name} in class GeoNodeStatus"),
    )?;
    Ok(method_list(
        rb,
        method,
        self_assignments(rb, method),
        Names::status_prefix,
        name,
    ))
}

fn geo_node_status(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = MODEL;
    let rb = Ruby::parse(src, path)?;
    let class = one(
        rb.scopes(Kind::Class, "GeoNodeStatus"),
        path,
        "class GeoNodeStatus",
    )?;
    let mut edits = Vec::new();

    // RESOURCE_STATUS_FIELDS = %w(...)
    let fields = one(
        rb.constants(class, "RESOURCE_STATUS_FIELDS"),
        path,
        "constant RESOURCE_STATUS_FIELDS in class GeoNodeStatus",
    )?;
    if fields.kind() != Kind::WordArray {
        bail!(
            "{path}: expected RESOURCE_STATUS_FIELDS to be a %w() array, found `{}`",
            rb.text(fields).lines().next().unwrap_or("")
        );
    }
    let items: Vec<Item> = fields.children().map(|w| rb.item(w, rb.text(w))).collect();
    one_per_line(&items, path, "RESOURCE_STATUS_FIELDS")?;
    let list = List {
        src,
        items,
        append_at: rb.closing_line(fields),
        commas: Commas::None,
        blank_between: false,
        indent: format!("{}  ", rb.indent_of(fields)),
        prefix: Names::status_prefix,
        place: "RESOURCE_STATUS_FIELDS".into(),
    };
    edits.extend(list.edits(types, mode, Source::copy(STATUS_FIELDS)));

    // PROMETHEUS_METRICS = { ... }
    let metrics = one(
        rb.constants(class, "PROMETHEUS_METRICS"),
        path,
        "constant PROMETHEUS_METRICS in class GeoNodeStatus",
    )?;
    if metrics.kind() != Kind::Hash {
        bail!(
            "{path}: expected PROMETHEUS_METRICS to be a hash, found `{}`",
            rb.text(metrics).lines().next().unwrap_or("")
        );
    }
    let items: Vec<Item> = metrics
        .children()
        .filter(|p| p.kind() == Kind::Pair)
        .filter_map(|p| {
            let key = p.key()?;
            Some(rb.item(
                p,
                rb.text(key).trim_end_matches(':').trim_start_matches(':'),
            ))
        })
        .collect();
    one_per_line(&items, path, "PROMETHEUS_METRICS")?;
    let list = List {
        src,
        items,
        append_at: rb.closing_line(metrics),
        commas: Commas::Separated,
        blank_between: false,
        indent: format!("{}  ", rb.indent_of(metrics)),
        prefix: Names::status_prefix,
        place: "PROMETHEUS_METRICS".into(),
    };
    edits.extend(list.edits(types, mode, Source::copy(METRICS)));

    // attr_in_percentage lines, re-aligned as a block.
    let calls: Vec<_> = class
        .statements()
        .into_iter()
        .filter(|s| rb.call_name(*s) == Some("attr_in_percentage"))
        .collect();
    if calls.is_empty() {
        bail!("{path}: expected `attr_in_percentage` lines in class GeoNodeStatus, found none");
    }
    let items: Vec<Item> = calls
        .iter()
        .filter_map(|c| {
            let first = *c.args().first()?;
            Some(rb.item(*c, rb.text(first).trim_start_matches(':')))
        })
        .collect();
    let (block_start, block_end) = (items[0].start, items[items.len() - 1].end);
    let list = List {
        src,
        items,
        append_at: block_end,
        commas: Commas::None,
        blank_between: false,
        indent: rb.indent_of(calls[0]),
        prefix: Names::status_prefix,
        place: "attr_in_percentage".into(),
    };
    let block_edits = list.edits(types, mode, Source::copy(PERCENTAGES));
    if !block_edits.is_empty() {
        let shifted = block_edits
            .into_iter()
            .map(|e| Edit::replace(e.start - block_start, e.end - block_start, &e.text))
            .collect();
        let before = &src[block_start..block_end];
        let after = apply_edits(before, shifted)?;
        edits.push(Edit::replace(
            block_start,
            block_end,
            &percentages::realign(before, &after),
        ));
    }

    // self.<plural>_count = ... in load_data_from_current_node
    let list = assignments_in(&rb, class, "load_data_from_current_node")?;
    edits.extend(list.edits(types, mode, Source::copy(CURRENT_NODE)));

    // load_<plural>_data call in load_secondary_data
    let secondary = one(
        rb.methods(class, "load_secondary_data"),
        path,
        "method load_secondary_data in class GeoNodeStatus",
    )?;
    // Bare `load_x_data` statements, also inside conditionals.
    let mut calls = rb.descendants(secondary, Kind::Call);
    calls.retain(|c| {
        c.parent().is_some_and(|p| p.kind() == Kind::Statements)
            && c.receiver().is_none()
            && c.args().is_empty()
            && c.block().is_none()
            && rb.text(*c).starts_with("load_")
    });
    let items = calls.iter().map(|c| rb.item(*c, rb.text(*c))).collect();
    let list = method_list(
        &rb,
        secondary,
        items,
        |n| format!("load_{}_data", n.plural),
        "load_secondary_data",
    );
    edits.extend(list.edits(types, mode, Source::copy(SECONDARY_CALLS)));

    // def load_<plural>_data, after the previous type's method
    let loaders: Vec<_> = class
        .statements()
        .into_iter()
        .filter(|m| {
            m.kind() == Kind::Def
                && rb
                    .name(*m)
                    .is_some_and(|name| name.starts_with("load_") && name.ends_with("_data"))
        })
        .collect();
    let items = loaders
        .iter()
        .filter_map(|m| Some(rb.item(*m, rb.name(*m)?)))
        .collect();
    let list = List {
        src,
        items,
        append_at: rb.closing_line(class),
        commas: Commas::None,
        blank_between: true,
        indent: rb.indent_of(secondary),
        prefix: |n| format!("load_{}_data", n.plural),
        place: "load_<plural>_data methods".into(),
    };
    let method = render(Tpl::LoadDataMethod, ctx);
    let source = Source::Given(vec![(format!("load_{}_data", types.new.plural), method)]);
    edits.extend(list.edits(types, mode, source));

    // checksum counts in load_primary_verification_data
    let list = assignments_in(&rb, class, "load_primary_verification_data")?;
    edits.extend(list.edits(types, mode, Source::copy(PRIMARY_VERIFICATION)));

    rb.finish(path, edits)
}
