//! The shared GitLab files a replicable type is wired into, and the places in
//! each: which syntax node holds the list, how an entry is keyed, and what
//! the entries look like when no framework type is present to copy from.

use anyhow::{Result, anyhow, bail};

use super::json;
use super::list::{self, Commas, Item, List, Source, line_end, line_start};
use super::markdown;
use super::ruby::{Kind, Node, Ruby, check_syntax, one};
use super::{Edit, Mode, Types, apply_edits};
use crate::names::Names;
use crate::render::{Context, Tpl, indent, render};

pub const GEO_NODE_STATUS: &str = "ee/app/models/geo_node_status.rb";
pub const STATUS_FACTORY: &str = "ee/spec/factories/geo_node_statuses.rb";
pub const STATUS_SPEC: &str = "ee/spec/models/geo_node_status_spec.rb";
pub const STATUS_SCHEMA: &str = "ee/spec/fixtures/api/schemas/public_api/v4/geo_node_status.json";
pub const METRICS_DOC: &str = "doc/administration/monitoring/prometheus/gitlab_metrics.md";
pub const API_DOC: &str = "doc/api/geo_nodes.md";
pub const NODE_TYPE: &str = "ee/app/graphql/types/geo/geo_node_type.rb";
pub const NODE_TYPE_SPEC: &str = "ee/spec/graphql/types/geo/geo_node_type_spec.rb";
pub const REGISTRIES_SPEC: &str = "ee/spec/requests/api/graphql/geo/registries_spec.rb";
pub const GEO_LIB: &str = "ee/lib/gitlab/geo.rb";

/// A shared file and the function that patches it.
pub struct SharedFile {
    pub path: &'static str,
    pub patch: fn(&str, &Types, Mode, &Context) -> Result<String>,
}

/// Every shared file, in the order the seed's steps reach them.
pub const SHARED_FILES: &[SharedFile] = &[
    SharedFile {
        path: GEO_LIB,
        patch: geo_lib,
    },
    SharedFile {
        path: GEO_NODE_STATUS,
        patch: geo_node_status,
    },
    SharedFile {
        path: STATUS_FACTORY,
        patch: status_factory,
    },
    SharedFile {
        path: STATUS_SPEC,
        patch: status_spec,
    },
    SharedFile {
        path: STATUS_SCHEMA,
        patch: status_schema,
    },
    SharedFile {
        path: METRICS_DOC,
        patch: metrics_doc,
    },
    SharedFile {
        path: API_DOC,
        patch: api_doc,
    },
    SharedFile {
        path: NODE_TYPE,
        patch: node_type,
    },
    SharedFile {
        path: NODE_TYPE_SPEC,
        patch: node_type_spec,
    },
    SharedFile {
        path: REGISTRIES_SPEC,
        patch: registries_spec,
    },
];

fn status_prefix(n: &Names) -> String {
    format!("{}_", n.plural)
}

/// Applies the edits and refuses a result that no longer parses as Ruby.
fn finish_ruby(rb: &Ruby, path: &str, edits: Vec<Edit>) -> Result<String> {
    if edits.is_empty() {
        return Ok(rb.src.to_string());
    }
    let out = apply_edits(rb.src, edits)?;
    check_syntax(&out).map_err(|e| {
        anyhow!("{path}: the patched file would not parse ({e}); nothing was written: check the file's syntax around the anchor")
    })?;
    Ok(out)
}

fn list_edits(list: &List, types: &Types, mode: Mode, source: Source) -> Vec<Edit> {
    match mode {
        Mode::Add => list.insert(types, source),
        Mode::Remove => list.remove(types),
    }
}

fn copy(fallback: &'static [(&'static str, &'static str)]) -> Source<'static> {
    Source::Copy {
        fallback,
        fix: None,
    }
}

/// Errors unless every item sits on its own lines.
fn one_per_line(items: &[Item], path: &str, what: &str) -> Result<()> {
    for pair in items.windows(2) {
        if pair[1].start < pair[0].end {
            bail!(
                "{path}: expected one entry per line in {what}; put `{}` on its own line",
                pair[1].key
            );
        }
    }
    Ok(())
}

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
    }
}

fn geo_node_status(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = GEO_NODE_STATUS;
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
        prefix: status_prefix,
    };
    edits.extend(list_edits(&list, types, mode, copy(STATUS_FIELDS)));

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
        prefix: status_prefix,
    };
    edits.extend(list_edits(&list, types, mode, copy(METRICS)));

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
        prefix: status_prefix,
    };
    let block_edits = list_edits(&list, types, mode, copy(PERCENTAGES));
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
            &realign(before, &after),
        ));
    }

    // self.<plural>_count = ... in load_data_from_current_node
    let current = one(
        rb.methods(class, "load_data_from_current_node"),
        path,
        "method load_data_from_current_node in class GeoNodeStatus",
    )?;
    let list = method_list(&rb, current, self_assignments(&rb, current), status_prefix);
    edits.extend(list_edits(&list, types, mode, copy(CURRENT_NODE)));

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
    let list = method_list(&rb, secondary, items, |n| format!("load_{}_data", n.plural));
    edits.extend(list_edits(&list, types, mode, copy(SECONDARY_CALLS)));

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
    };
    let method = render(Tpl::LoadDataMethod, ctx);
    let source = Source::Given(vec![(format!("load_{}_data", types.new.plural), method)]);
    edits.extend(list_edits(&list, types, mode, source));

    // checksum counts in load_primary_verification_data
    let verification = one(
        rb.methods(class, "load_primary_verification_data"),
        path,
        "method load_primary_verification_data in class GeoNodeStatus",
    )?;
    let list = method_list(
        &rb,
        verification,
        self_assignments(&rb, verification),
        status_prefix,
    );
    edits.extend(list_edits(&list, types, mode, copy(PRIMARY_VERIFICATION)));

    finish_ruby(&rb, path, edits)
}

/// Re-aligns `attr_in_percentage` arguments in columns. A block that was
/// aligned at the minimum width stays at the minimum (so it widens for a
/// longer name and narrows again on removal); a block with extra padding
/// only widens.
pub fn realign(before: &str, after: &str) -> String {
    struct Line<'a> {
        head: &'a str,
        args: Vec<&'a str>,
        starts: Vec<usize>,
    }
    fn parse(block: &str) -> Option<Vec<Line<'_>>> {
        block
            .lines()
            .map(|l| {
                let name = l.find("attr_in_percentage ")?;
                let head_len = name + "attr_in_percentage ".len();
                let mut args = Vec::new();
                let mut starts = Vec::new();
                let mut pos = head_len;
                for raw in l[head_len..].split(',') {
                    let lead = raw.len() - raw.trim_start().len();
                    starts.push(pos + lead);
                    args.push(raw.trim());
                    pos += raw.len() + 1;
                }
                Some(Line {
                    head: &l[..head_len],
                    args,
                    starts,
                })
            })
            .collect()
    }
    fn minimal(lines: &[Line]) -> Vec<usize> {
        let cols = lines.iter().map(|l| l.args.len()).max().unwrap_or(0);
        let mut starts = vec![lines.iter().map(|l| l.head.len()).max().unwrap_or(0)];
        for k in 0..cols.saturating_sub(1) {
            let width = lines
                .iter()
                .filter_map(|l| l.args.get(k))
                .map(|a| a.len() + 1)
                .max()
                .unwrap_or(0);
            starts.push(starts[k] + width + 1);
        }
        starts
    }
    let (Some(old), Some(new)) = (parse(before), parse(after)) else {
        return after.to_string();
    };
    let cols = new.iter().map(|l| l.args.len()).max().unwrap_or(0);
    let tight = old
        .iter()
        .all(|l| l.starts == minimal(&old)[..l.starts.len()]);
    let need = minimal(&new);
    let starts: Vec<usize> = if tight {
        need
    } else {
        let mut starts = vec![need[0]];
        for k in 1..cols {
            let existing = old
                .iter()
                .filter_map(|l| l.starts.get(k))
                .copied()
                .max()
                .unwrap_or(0);
            let width = new
                .iter()
                .filter_map(|l| l.args.get(k - 1))
                .map(|a| a.len() + 1)
                .max()
                .unwrap_or(0);
            starts.push(existing.max(starts[k - 1] + width + 1));
        }
        starts
    };
    let mut out = String::with_capacity(after.len());
    for l in &new {
        let mut line = l.head.to_string();
        for (k, arg) in l.args.iter().enumerate() {
            while line.len() < starts[k] {
                line.push(' ');
            }
            line.push_str(arg);
            if k + 1 < l.args.len() {
                line.push(',');
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

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

fn status_factory(src: &str, types: &Types, mode: Mode, _ctx: &Context) -> Result<String> {
    let path = STATUS_FACTORY;
    let rb = Ruby::parse(src, path)?;
    let factories: Vec<_> = rb
        .outline(rb.root(), Kind::Call)
        .into_iter()
        .filter(|c| {
            rb.call_name(*c) == Some("factory")
                && c.args()
                    .first()
                    .is_some_and(|a| rb.text(*a) == ":geo_node_status")
        })
        .collect();
    let factory = one(factories, path, "factory :geo_node_status")?;
    let traits: Vec<_> = rb
        .outline(factory, Kind::Call)
        .into_iter()
        .filter(|c| {
            rb.call_name(*c) == Some("trait")
                && c.args().first().is_some_and(|a| rb.text(*a) == ":healthy")
        })
        .collect();
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
        prefix: status_prefix,
    };
    let edits = list_edits(&list, types, mode, copy(HEALTHY_TRAIT));
    finish_ruby(&rb, path, edits)
}

const STATUS_SPEC_BLOCKS: &[(&str, &str)] = &[
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
    let describes: Vec<_> = rb
        .outline(rb.root(), Kind::Call)
        .into_iter()
        .filter(|c| {
            rb.name(*c) == Some("describe")
                && c.args().first().is_some_and(|a| rb.text(*a) == subject)
        })
        .collect();
    let describe = one(describes, path, &format!("a `describe {subject}` block"))?;
    describe
        .block()
        .ok_or_else(|| anyhow!("{path}: expected a do-block after `describe {subject}`"))
}

fn status_spec(src: &str, types: &Types, mode: Mode, _ctx: &Context) -> Result<String> {
    let path = STATUS_SPEC;
    let rb = Ruby::parse(src, path)?;
    let block = describe_block(&rb, "GeoNodeStatus", path)?;
    let items: Vec<Item> = block
        .statements()
        .into_iter()
        .filter(|s| rb.call_name(*s) == Some("describe"))
        .filter_map(|s| {
            let arg = rb.text(*s.args().first()?);
            let key = arg
                .trim_matches(|c| c == '\'' || c == '"')
                .strip_prefix('#')?;
            Some(rb.item(s, key))
        })
        .collect();
    let list = List {
        src,
        items,
        append_at: rb.closing_line(block),
        commas: Commas::None,
        blank_between: true,
        indent: "  ".into(),
        prefix: status_prefix,
    };
    let edits = list_edits(&list, types, mode, copy(STATUS_SPEC_BLOCKS));
    finish_ruby(&rb, path, edits)
}

const SCHEMA_REQUIRED: &[(&str, &str)] = &[
    ("package_files_count", "\"package_files_count\",\n"),
    (
        "package_files_checksum_failed_count",
        "\"package_files_checksum_failed_count\",\n",
    ),
    (
        "package_files_checksummed_in_percentage",
        "\"package_files_checksummed_in_percentage\",\n",
    ),
];

const SCHEMA_PROPERTIES: &[(&str, &str)] = &[
    (
        "package_files_count",
        "\"package_files_count\": { \"type\": [\"integer\", \"null\"] },\n",
    ),
    (
        "package_files_checksummed_count",
        "\"package_files_checksummed_count\": { \"type\": [\"integer\", \"null\"] },\n",
    ),
    (
        "package_files_checksum_failed_count",
        "\"package_files_checksum_failed_count\": { \"type\": [\"integer\", \"null\"] },\n",
    ),
    (
        "package_files_registry_count",
        "\"package_files_registry_count\": { \"type\": [\"integer\", \"null\"] },\n",
    ),
    (
        "package_files_synced_count",
        "\"package_files_synced_count\": { \"type\": [\"integer\", \"null\"] },\n",
    ),
    (
        "package_files_failed_count",
        "\"package_files_failed_count\": { \"type\": [\"integer\", \"null\"] },\n",
    ),
    (
        "package_files_synced_in_percentage",
        "\"package_files_synced_in_percentage\": { \"type\": \"string\" },\n",
    ),
    (
        "package_files_checksummed_in_percentage",
        "\"package_files_checksummed_in_percentage\": { \"type\": \"string\" },\n",
    ),
];

fn json_list<'s>(src: &'s str, open: usize, path: &str, what: &str) -> Result<List<'s>> {
    let (items, append_at) = json::items(src, open, path, what)?;
    let indent = format!(
        "{}  ",
        &src[append_at..]
            .chars()
            .take_while(|c| *c == ' ')
            .collect::<String>()
    );
    Ok(List {
        src,
        items,
        append_at,
        commas: Commas::Separated,
        blank_between: false,
        indent,
        prefix: status_prefix,
    })
}

fn status_schema(src: &str, types: &Types, mode: Mode, _ctx: &Context) -> Result<String> {
    let path = STATUS_SCHEMA;
    serde_json::from_str::<serde_json::Value>(src)
        .map_err(|e| anyhow!("{path}: not valid JSON ({e}); fix the file and run again"))?;
    let root = src
        .find('{')
        .ok_or_else(|| anyhow!("{path}: expected a JSON object"))?;
    let mut edits = Vec::new();
    for (key, fallback) in [
        ("required", SCHEMA_REQUIRED),
        ("properties", SCHEMA_PROPERTIES),
    ] {
        let open = json::member(src, root, key)?.ok_or_else(|| {
            anyhow!("{path}: expected a top-level \"{key}\" member in the schema, found none")
        })?;
        let list = json_list(src, open, path, &format!("\"{key}\""))?;
        edits.extend(list_edits(&list, types, mode, copy(fallback)));
    }
    let out = apply_edits(src, edits)?;
    serde_json::from_str::<serde_json::Value>(&out).map_err(|e| {
        anyhow!("{path}: the patched schema would not be valid JSON ({e}); nothing was written")
    })?;
    Ok(out)
}

const METRIC_ROWS: &[(&str, &str)] = &[
    (
        "package_files_count_",
        "| `package_files_count` | Gauge | 13.0 | Number of package files on primary | `url` |\n",
    ),
    (
        "package_files_checksummed_count_",
        "| `package_files_checksummed_count` | Gauge | 13.0 | Number of package files checksummed on primary | `url` |\n",
    ),
    (
        "package_files_checksum_failed_count_",
        "| `package_files_checksum_failed_count` | Gauge | 13.0 | Number of package files failed to checksum on primary | `url` |\n",
    ),
];

fn metrics_doc(src: &str, types: &Types, mode: Mode, _ctx: &Context) -> Result<String> {
    let path = METRICS_DOC;
    let table = markdown::table_after(src, "## Sidekiq metrics", path)?;
    // Rows are keyed by metric name without a `geo_` prefix and with a
    // trailing `_`, so that both `package_files_count` and Prometheus-style
    // `geo_package_files` rows belong to `package_files`.
    let rows = table
        .rows
        .into_iter()
        .map(|mut r| {
            let k = r.key.strip_prefix("geo_").unwrap_or(&r.key);
            r.key = format!("{k}_");
            r
        })
        .collect();
    let list = List {
        src,
        items: rows,
        append_at: table.end,
        commas: Commas::None,
        blank_between: false,
        indent: String::new(),
        prefix: status_prefix,
    };
    let source = Source::Copy {
        fallback: METRIC_ROWS,
        fix: Some(markdown::repad),
    };
    let edits = list_edits(&list, types, mode, source);
    for e in &edits {
        for row in e.text.lines() {
            let n = markdown::cells(row).len();
            if n != table.columns {
                bail!(
                    "{path}: the new row `{}` has {n} columns but the Sidekiq metrics table has {}; nothing was written",
                    row.trim(),
                    table.columns
                );
            }
        }
    }
    apply_edits(src, edits)
}

const API_FIELDS: &[(&str, &str)] = &[
    ("package_files_count", "\"package_files_count\": 10,\n"),
    (
        "package_files_checksummed_count",
        "\"package_files_checksummed_count\": 10,\n",
    ),
    (
        "package_files_checksum_failed_count",
        "\"package_files_checksum_failed_count\": 0,\n",
    ),
    (
        "package_files_registry_count",
        "\"package_files_registry_count\": 10,\n",
    ),
    (
        "package_files_synced_count",
        "\"package_files_synced_count\": 6,\n",
    ),
    (
        "package_files_failed_count",
        "\"package_files_failed_count\": 3,\n",
    ),
];

/// The `json` code block of the `GET /geo_nodes/status` example: (start, end)
/// of its content.
fn status_example(src: &str, path: &str) -> Result<(usize, usize)> {
    let mut off = 0;
    let mut endpoint = None;
    let mut fence = None;
    let mut close = None;
    for line in src.split_inclusive('\n') {
        let t = line.trim();
        match (endpoint, fence) {
            (None, _) if t == "GET /geo_nodes/status" => endpoint = Some(off),
            (Some(_), None) if t.starts_with("## ") => break,
            (Some(_), None) if t == "```json" => fence = Some(off + line.len()),
            (Some(_), Some(_)) if t == "```" => {
                close = Some(off);
                break;
            }
            _ => {}
        }
        off += line.len();
    }
    match (endpoint, fence, close) {
        (None, ..) => Err(anyhow!(
            "{path}: expected the `GET /geo_nodes/status` endpoint, found none"
        )),
        (Some(_), Some(s), Some(e)) => Ok((s, e)),
        _ => Err(anyhow!(
            "{path}: expected a ```json example response after `GET /geo_nodes/status`, found none"
        )),
    }
}

fn api_doc(src: &str, types: &Types, mode: Mode, _ctx: &Context) -> Result<String> {
    let path = API_DOC;
    let (start, end) = status_example(src, path)?;
    let example = &src[start..end];
    serde_json::from_str::<serde_json::Value>(example)
        .map_err(|e| anyhow!("{path}: the `GET /geo_nodes/status` example is not valid JSON ({e}); fix it and run again"))?;
    let open = start
        + example.find('[').ok_or_else(|| {
            anyhow!("{path}: expected the status example to be a JSON array of nodes")
        })?;
    let (nodes, _) = json::elements(src, open)?;
    let mut edits = Vec::new();
    for node in nodes.iter().filter(|n| src.as_bytes()[n.value] == b'{') {
        let list = json_list(src, node.value, path, "the status example")?;
        edits.extend(list_edits(&list, types, mode, copy(API_FIELDS)));
    }
    let out = apply_edits(src, edits)?;
    let (s, e) = status_example(&out, path)?;
    serde_json::from_str::<serde_json::Value>(&out[s..e]).map_err(|e| {
        anyhow!("{path}: the patched example would not be valid JSON ({e}); nothing was written")
    })?;
    Ok(out)
}

fn node_type(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = NODE_TYPE;
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
    };
    let field = render(Tpl::GeoNodeTypeField, ctx);
    let edits = list_edits(
        &list,
        types,
        mode,
        Source::Given(vec![(types.new.registries.clone(), field)]),
    );
    finish_ruby(&rb, path, edits)
}

fn node_type_spec(src: &str, types: &Types, mode: Mode, _ctx: &Context) -> Result<String> {
    let path = NODE_TYPE_SPEC;
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
    let edits = match mode {
        Mode::Add if words.iter().any(|(w, ..)| w == word) => Vec::new(),
        Mode::Add => wrap_insert(src, &words, word, |w| owner(w).is_some())?,
        Mode::Remove => match words.iter().find(|(w, ..)| w == word) {
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
    finish_ruby(&rb, path, edits)
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

fn registries_spec(src: &str, types: &Types, mode: Mode, _ctx: &Context) -> Result<String> {
    let path = REGISTRIES_SPEC;
    let rb = Ruby::parse(src, path)?;
    let describes: Vec<_> = rb
        .outline(rb.root(), Kind::Call)
        .into_iter()
        .filter(|c| {
            rb.name(*c) == Some("describe")
                && c.args()
                    .first()
                    .is_some_and(|a| rb.text(*a).contains("registries"))
        })
        .collect();
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
    let list = List {
        src,
        items,
        append_at: rb.closing_line(block),
        commas: Commas::None,
        blank_between: true,
        indent: "  ".into(),
        prefix: |n| n.registries_camel.clone(),
    };
    let edits = list_edits(&list, types, mode, copy(REGISTRIES_BLOCK));
    finish_ruby(&rb, path, edits)
}

/// The literal `classes = [...]` array in `Gitlab::Geo.replicator_classes`.
fn replicator_array<'t>(rb: &'t Ruby, path: &str) -> Result<Node<'t>> {
    let module = one(rb.scopes(Kind::Module, "Geo"), path, "module Gitlab::Geo")?;
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
    let rb = Ruby::parse(src, GEO_LIB)?;
    let array = replicator_array(&rb, GEO_LIB)?;
    Ok(array.children().map(|n| rb.text(n).to_string()).collect())
}

fn geo_lib(src: &str, types: &Types, mode: Mode, _ctx: &Context) -> Result<String> {
    let path = GEO_LIB;
    let rb = Ruby::parse(src, path)?;
    let array = replicator_array(&rb, path)?;
    let elements: Vec<(String, usize, usize)> = array
        .children()
        .map(|n| (rb.text(n).to_string(), n.start_byte(), n.end_byte()))
        .collect();
    let open = array.start_byte() + 1;
    let edits = array_element_edits(src, &elements, open, types, mode);
    finish_ruby(&rb, path, edits)
}

/// Adds (or removes) `::Geo::<Name>Replicator` in the `classes = [...]`
/// array element by element, so that every layout works: one class per line
/// (`[` and `]` on their own lines), classes aligned under the first one
/// (`[::Geo::A,` / `           ::Geo::B]`), or all on one line. The new
/// class goes after the last framework class, separated as that one is from
/// its predecessor (or with `,` + newline + its column when it is alone).
fn array_element_edits(
    src: &str,
    elements: &[(String, usize, usize)],
    open: usize,
    types: &Types,
    mode: Mode,
) -> Vec<Edit> {
    let class = |n: &Names| format!("::Geo::{}", n.replicator_class);
    let wanted = class(types.new);
    let present = elements.iter().position(|(k, ..)| *k == wanted);
    match mode {
        Mode::Remove => match present {
            None => Vec::new(),
            // Take the separator before it (or, for the first, after it).
            Some(0) => {
                let end = elements.get(1).map_or(elements[0].2, |e| e.1);
                vec![Edit::replace(elements[0].1, end, "")]
            }
            Some(i) => vec![Edit::replace(elements[i - 1].2, elements[i].2, "")],
        },
        Mode::Add if present.is_some() => Vec::new(),
        Mode::Add => {
            let framework: Vec<String> = types.others.iter().map(class).collect();
            let anchor = elements
                .iter()
                .rposition(|(k, ..)| framework.contains(k))
                .or(elements.len().checked_sub(1));
            match anchor {
                None => vec![Edit::insert(open, &wanted)],
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
                            if src[line..*start].contains('[') && rest.contains(']') {
                                ", ".to_string()
                            } else {
                                format!(",\n{}", " ".repeat(start - line))
                            }
                        }
                    };
                    vec![Edit::insert(*end, &format!("{sep}{wanted}"))]
                }
            }
        }
    }
}

/// Links the model to its replicator (`include ::Gitlab::Geo::ReplicableModel`,
/// `with_replicator`) and gives it the `checksummed` / `checksum_failed`
/// scopes, in the class itself or in its EE module's `prepended do` block.
pub fn model(src: &str, path: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let rb = Ruby::parse(src, path)?;
    let n = types.new;
    let last = n.model_class.rsplit("::").next().unwrap_or(&n.model_class);
    let ee_module = path.starts_with("ee/app/models/ee/");
    let mut prepended_call = None;
    let (container, body_indent) = if ee_module {
        let module = one(
            rb.scopes(Kind::Module, last),
            path,
            &format!("module EE::{}", n.model_class),
        )?;
        let prepended: Vec<_> = module
            .statements()
            .into_iter()
            .filter(|s| rb.call_name(*s) == Some("prepended") && s.block().is_some())
            .collect();
        match prepended.len() {
            0 if mode == Mode::Remove => return Ok(src.to_string()),
            0 => return model_add_prepended(&rb, module, path, ctx),
            _ => {
                let p = one(prepended, path, "one `prepended do` block")?;
                prepended_call = Some(p);
                (
                    p.block().expect("filtered on block"),
                    format!("{}  ", rb.indent_of(p)),
                )
            }
        }
    } else {
        let class = one(
            rb.scopes(Kind::Class, last),
            path,
            &format!("class {}", n.model_class),
        )?;
        (class, format!("{}  ", rb.indent_of(class)))
    };
    let statements = container.statements();
    let include = statements.iter().find(|s| {
        rb.call_name(**s) == Some("include")
            && s.args()
                .first()
                .is_some_and(|a| rb.text(*a).ends_with("Gitlab::Geo::ReplicableModel"))
    });
    let with_replicator = statements
        .iter()
        .find(|s| rb.call_name(**s) == Some("with_replicator"));
    let expected = format!("Geo::{}", n.replicator_class);
    if let Some(w) = with_replicator {
        let arg = w
            .args()
            .first()
            .map(|a| rb.text(*a).trim_start_matches("::"))
            .unwrap_or("");
        if arg != expected {
            bail!(
                "{path}: the model already has `with_replicator {arg}`; a model has one replicator: scaffold under that name or remove it first"
            );
        }
    }
    let scope_named = |name: &str| {
        statements.iter().find(|s| {
            rb.call_name(**s) == Some("scope")
                && s.args()
                    .first()
                    .is_some_and(|a| rb.text(*a) == format!(":{name}"))
        })
    };
    let (checksummed, failed) = (scope_named("checksummed"), scope_named("checksum_failed"));

    let mut edits = Vec::new();
    match mode {
        Mode::Remove => {
            let mut nodes: Vec<_> = [include, with_replicator].into_iter().flatten().collect();
            if ctx.scopes_added {
                nodes.extend([checksummed, failed].into_iter().flatten());
            }
            let mut ranges: Vec<(usize, usize)> = nodes
                .iter()
                .map(|n| {
                    let item = rb.item(**n, "");
                    (item.start, item.end)
                })
                .collect();
            // A `prepended do` block left empty goes too (the scaffold adds
            // one when the EE module has none).
            if let Some(p) = prepended_call
                && !nodes.is_empty()
                && statements.len() == nodes.len()
            {
                let item = rb.item(p, "");
                ranges = vec![(item.start, item.end)];
            }
            let out = remove_lines(src, &ranges);
            check_syntax(&out).map_err(|e| {
                anyhow!("{path}: the file would not parse after removal ({e}); nothing was written")
            })?;
            return Ok(out);
        }
        Mode::Add => {
            let mut scopes = String::new();
            let wanted = render(Tpl::ModelScopes, ctx);
            for (have, line) in [checksummed, failed].iter().zip(wanted.lines()) {
                if have.is_none() {
                    scopes.push_str(&format!("{body_indent}{line}\n"));
                }
            }
            let link = render(Tpl::ModelLink, ctx);
            let mut link_lines = link.split("\n\n");
            let include_text = indent(link_lines.next().unwrap_or(""), &body_indent);
            let with_text = indent(link_lines.next().unwrap_or(""), &body_indent);
            let tail = if scopes.is_empty() {
                String::new()
            } else {
                format!("\n{scopes}")
            };
            match (include, with_replicator) {
                (_, Some(w)) => {
                    if !scopes.is_empty() {
                        edits.push(Edit::insert(rb.item(*w, "").end, &tail));
                    }
                }
                (Some(i), None) => {
                    edits.push(Edit::insert(
                        rb.item(*i, "").end,
                        &format!("\n{with_text}{tail}"),
                    ));
                }
                (None, None) => {
                    let leading_includes = statements
                        .iter()
                        .take_while(|s| {
                            rb.call_name(**s) == Some("include")
                                || rb.call_name(**s) == Some("extend")
                        })
                        .last();
                    let text = format!("{include_text}\n{with_text}{tail}");
                    match (leading_includes, statements.first()) {
                        (Some(last), _) => edits.push(Edit::insert(rb.item(*last, "").end, &text)),
                        (None, Some(first)) => edits.push(Edit::insert(
                            rb.item(*first, "").start,
                            &format!("{text}\n"),
                        )),
                        (None, None) => edits.push(Edit::insert(rb.closing_line(container), &text)),
                    }
                }
            }
        }
    }
    finish_ruby(&rb, path, edits)
}

/// The line that prepends a generated EE module into a model outside ee/
/// (`Ci::SecureFile.prepend_if_ee('EE::Ci::SecureFile')`), added at the end
/// of the model file unless it (or `prepend_mod`) is there already.
pub fn prepend_ee(src: &str, path: &str, n: &Names, mode: Mode) -> Result<String> {
    let line = format!("{0}.prepend_if_ee('EE::{0}')\n", n.model_class);
    let has = |text: &str| {
        text.contains(&format!("prepend_if_ee('EE::{}')", n.model_class))
            || text.contains(&format!("prepend_if_ee(\"EE::{}\")", n.model_class))
            || text.contains("prepend_mod")
    };
    let out = match mode {
        Mode::Add if has(src) => return Ok(src.to_string()),
        Mode::Add => {
            let body = src.trim_end_matches('\n');
            format!("{body}\n\n{line}")
        }
        Mode::Remove => match src.find(&line) {
            None => return Ok(src.to_string()),
            Some(at) => {
                let start = if src[..at].ends_with("\n\n") {
                    at - 1
                } else {
                    at
                };
                format!("{}{}", &src[..start], &src[at + line.len()..])
            }
        },
    };
    check_syntax(&out)
        .map_err(|e| anyhow!("{path}: the model would not parse ({e}); nothing was written"))?;
    Ok(out)
}

/// Deletes whole-line ranges; each run of deleted and blank lines around them
/// collapses to one blank line, or to none right after a block opener or
/// before an `end` (undoing the spacing the insertion added).
fn remove_lines(src: &str, ranges: &[(usize, usize)]) -> String {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut off = 0;
    for l in src.split_inclusive('\n') {
        lines.push((off, l));
        off += l.len();
    }
    let deleted = |o: usize| ranges.iter().any(|(s, e)| o >= *s && o < *e);
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < lines.len() {
        let (o, l) = lines[i];
        let in_run = |j: usize| deleted(lines[j].0) || lines[j].1.trim().is_empty();
        // A blank line starts a run only when a deleted line follows in it.
        let starts_run = deleted(o)
            || (l.trim().is_empty()
                && (i..lines.len())
                    .take_while(|&j| in_run(j))
                    .any(|j| deleted(lines[j].0)));
        if !starts_run {
            out.push_str(l);
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && in_run(i) {
            i += 1;
        }
        let had_blank = (start..i).any(|j| !deleted(lines[j].0));
        let prev = out.trim_end_matches('\n');
        let prev_line = prev[prev.rfind('\n').map_or(0, |p| p + 1)..].trim();
        let opens = prev_line.ends_with(" do")
            || prev_line.ends_with('|')
            || prev_line.starts_with("class ")
            || prev_line.starts_with("module ");
        let closes = lines
            .get(i)
            .is_some_and(|(_, l)| l.trim() == "end" || l.trim().starts_with("end."));
        if had_blank && !opens && !closes {
            out.push('\n');
        }
    }
    out
}

/// An EE module without a `prepended do` block gets one after its
/// `extend ActiveSupport::Concern`.
fn model_add_prepended(rb: &Ruby, module: Node, path: &str, ctx: &Context) -> Result<String> {
    let statements = module.statements();
    let concern = statements
        .iter()
        .find(|s| rb.call_name(**s) == Some("extend"))
        .ok_or_else(|| {
            anyhow!("{path}: expected `extend ActiveSupport::Concern` in the EE module, found none")
        })?;
    let outer = rb.indent_of(*concern);
    let inner = format!("{outer}  ");
    let body = format!(
        "{}\n{}",
        render(Tpl::ModelLink, ctx),
        render(Tpl::ModelScopes, ctx)
    );
    let text = format!(
        "\n{outer}prepended do\n{}{outer}end\n",
        indent(&body, &inner)
    );
    finish_ruby(
        rb,
        path,
        vec![Edit::insert(rb.item(*concern, "").end, &text)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::Strategy;

    /// A model already half linked gets only what it lacks.
    #[test]
    fn model_gets_only_the_missing_lines() {
        let w = Names::existing("widget", None, None, Some("Widget"));
        let types = Types {
            new: &w,
            others: &[],
        };
        let ctx = Context {
            n: &w,
            strategy: Strategy::Blob,
            feature_flag: "f",
            scopes_added: true,
        };
        let path = "ee/app/models/widget.rb";
        let class = |body: &str| {
            format!("class Widget < ApplicationRecord\n{body}\n  belongs_to :project\nend\n")
        };
        let full = class(
            "  include ::Gitlab::Geo::ReplicableModel\n\n  with_replicator Geo::WidgetReplicator\n\n  scope :checksummed, -> { where.not(verification_checksum: nil) }\n  scope :checksum_failed, -> { where.not(verification_failure: nil) }\n",
        );
        for partial in [
            class("  include ::Gitlab::Geo::ReplicableModel\n"),
            class(
                "  include ::Gitlab::Geo::ReplicableModel\n\n  with_replicator Geo::WidgetReplicator\n",
            ),
            full.clone(),
        ] {
            assert_eq!(
                model(&partial, path, &types, Mode::Add, &ctx).expect("patches"),
                full,
                "from:\n{partial}"
            );
        }
        let other = class("  with_replicator Geo::GadgetReplicator\n");
        let err = model(&other, path, &types, Mode::Add, &ctx).expect_err("another replicator");
        assert!(
            err.to_string()
                .contains("already has `with_replicator Geo::GadgetReplicator`"),
            "{err}"
        );
    }

    #[test]
    fn metrics_rows_with_a_geo_prefix() {
        let src = "## Sidekiq metrics\n\n| Metric | Type | Since | Description | Labels |\n|:--|:--|:--|:--|:--|\n| `geo_lfs_objects` | Gauge | 10.2 | LFS objects | `url` |\n| `geo_package_files` | Gauge | 13.0 | Number of package files on primary | `url` |\n| `geo_package_files_checksummed` | Gauge | 13.0 | Number of package files checksummed on primary | `url` |\n| `geo_repositories` | Gauge | 10.2 | Repositories | `url` |\n\n## Next\n";
        let w = Names::existing("widget", None, None, None);
        let others = [Names::reference()];
        let types = Types {
            new: &w,
            others: &others,
        };
        let ctx = Context {
            n: &w,
            strategy: Strategy::Blob,
            feature_flag: "f",
            scopes_added: false,
        };
        let out = metrics_doc(src, &types, Mode::Add, &ctx).expect("patches");
        assert!(out.contains("| `geo_package_files_checksummed` | Gauge | 13.0 | Number of package files checksummed on primary | `url` |\n| `geo_widgets` | Gauge | 13.0 | Number of widgets on primary | `url` |\n| `geo_widgets_checksummed` | Gauge | 13.0 | Number of widgets checksummed on primary | `url` |\n| `geo_repositories`"), "{out}");
        assert_eq!(
            metrics_doc(&out, &types, Mode::Add, &ctx).expect("idempotent"),
            out
        );
        assert_eq!(
            metrics_doc(&out, &types, Mode::Remove, &ctx).expect("removes"),
            src
        );
    }

    fn geo_rb(array: &str) -> String {
        format!(
            "module Gitlab\n  module Geo\n    def self.replicator_classes\n      classes = {array}\n\n      classes.select(&:enabled?)\n    end\n  end\nend\n"
        )
    }

    /// Every layout of `classes = [...]` gets the class after the last
    /// framework one, in its own style, and loses it again on removal.
    #[test]
    fn replicator_classes_in_every_layout() {
        let w = Names::existing("widget", None, None, None);
        let others = [Names::reference()];
        let types = Types {
            new: &w,
            others: &others,
        };
        let ctx = Context {
            n: &w,
            strategy: Strategy::Blob,
            feature_flag: "f",
            scopes_added: false,
        };
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
}
