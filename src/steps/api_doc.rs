//! Step "API example": the status fields in both node objects of the
//! `GET /geo_nodes/status` example response in `doc/api/geo_nodes.md`
//! (other endpoints' examples are left alone).

use anyhow::{Result, anyhow};

use super::{Patch, Step, no_files};
use crate::patch::json;
use crate::patch::list::Source;
use crate::patch::{Mode, Types, apply_edits};
use crate::render::Context;

pub const PATH: &str = "doc/api/geo_nodes.md";

pub const STEP: Step = Step {
    name: "API docs",
    applies: super::always,
    files: no_files,
    patches: &[Patch {
        path: PATH,
        apply: api_doc,
    }],
};

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
    let sections = src
        .lines()
        .filter(|l| l.trim() == "GET /geo_nodes/status")
        .count();
    if sections > 1 {
        return Err(anyhow!(
            "{path}: expected one `GET /geo_nodes/status` section, found {sections}; remove the duplicates and run again"
        ));
    }
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
    let path = PATH;
    let (start, end) = status_example(src, path)?;
    let example = &src[start..end];
    json::validate(example)
        .map_err(|e| anyhow!("{path}: the `GET /geo_nodes/status` example is not valid JSON ({e}); fix it and run again"))?;
    let open = start
        + example.find('[').ok_or_else(|| {
            anyhow!("{path}: expected the status example to be a JSON array of nodes")
        })?;
    let (nodes, _) = json::elements(src, open)?;
    let mut edits = Vec::new();
    let objects = nodes.iter().filter(|n| src.as_bytes()[n.value] == b'{');
    for (i, node) in objects.enumerate() {
        let place = format!("GET /geo_nodes/status, node {}", i + 1);
        let list = json::list(src, node.value, path, "the status example", &place)?;
        edits.extend(list.edits(types, mode, Source::copy(API_FIELDS)));
    }
    if edits.is_empty() {
        return Ok(src.to_string());
    }
    let out = apply_edits(src, edits)?;
    let (s, e) = status_example(&out, path)?;
    json::validate(&out[s..e]).map_err(|e| {
        anyhow!("{path}: the patched example would not be valid JSON ({e}); nothing was written")
    })?;
    Ok(out)
}
