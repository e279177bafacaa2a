//! Step "API example": the status fields in both node objects of the
//! `GET /geo_nodes/status` example response in `doc/api/geo_nodes.md`, and,
//! in trees whose GeoNodeStatus derives its fields (13.6+), in the
//! `GET /geo_nodes/:id/status` example too (other examples are left alone).

use anyhow::{Result, anyhow};

use super::{Patch, Step, no_files};
use crate::patch::json;
use crate::patch::list::Source;
use crate::patch::{Mode, Types, apply_edits};
use crate::probe::StatusFields;
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

/// The `json` code block of the example response of `endpoint`: (start,
/// end) of its content.
fn example(src: &str, path: &str, endpoint: &str) -> Result<(usize, usize)> {
    let mut off = 0;
    let mut at = None;
    let mut fence = None;
    let mut close = None;
    for line in src.split_inclusive('\n') {
        let t = line.trim();
        match (at, fence) {
            (None, _) if t == endpoint => at = Some(off),
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
    match (at, fence, close) {
        (None, ..) => Err(anyhow!(
            "{path}: expected the `{endpoint}` endpoint, found none"
        )),
        (Some(_), Some(s), Some(e)) => Ok((s, e)),
        _ => Err(anyhow!(
            "{path}: expected a ```json example response after `{endpoint}`, found none"
        )),
    }
}

const ALL_NODES: &str = "GET /geo_nodes/status";
const ONE_NODE: &str = "GET /geo_nodes/:id/status";

/// The status examples a type's fields go in: the list endpoint's in every
/// tree; from the generation that derives the status fields (whose step
/// list asks for it), the single node's too.
fn endpoints(ctx: &Context) -> &'static [&'static str] {
    match ctx.probes.status_fields.value {
        StatusFields::ByHand => &[ALL_NODES],
        StatusFields::Derived => &[ALL_NODES, ONE_NODE],
    }
}

fn api_doc(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = PATH;
    let mut edits = Vec::new();
    let mut strict = Vec::new();
    for endpoint in endpoints(ctx) {
        let (start, end) = example(src, path, endpoint)?;
        let text = &src[start..end];
        // Examples with trailing commas (a Ruby habit) are edited in their
        // own style; a strict example must stay strict.
        json::validate_loose(text).map_err(|e| {
            anyhow!(
                "{path}: the `{endpoint}` example is not valid JSON ({e}); fix it and run again"
            )
        })?;
        strict.push(json::validate(text).is_ok());
        let open = start
            + text.find(['[', '{']).ok_or_else(|| {
                anyhow!("{path}: expected the `{endpoint}` example to be a JSON array or object")
            })?;
        let nodes = if src.as_bytes()[open] == b'[' {
            json::elements(src, open)?
                .0
                .into_iter()
                .map(|n| n.value)
                .filter(|&v| src.as_bytes()[v] == b'{')
                .collect()
        } else {
            vec![open]
        };
        for node in nodes {
            let list = json::list(src, node, path, &format!("the `{endpoint}` example"))?;
            edits.extend(list.edits(types, mode, Source::copy(API_FIELDS)));
        }
    }
    if edits.is_empty() {
        return Ok(src.to_string());
    }
    let out = apply_edits(src, edits)?;
    for (endpoint, strict) in endpoints(ctx).iter().zip(strict) {
        let (s, e) = example(&out, path, endpoint)?;
        let check = if strict {
            json::validate(&out[s..e])
        } else {
            json::validate_loose(&out[s..e])
        };
        check.map_err(|e| {
            anyhow!(
                "{path}: the patched `{endpoint}` example would not be valid JSON ({e}); nothing was written"
            )
        })?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::testing::Widget;
    use crate::probe::StatusFields;

    const DOC: &str = "## All\n\n```plaintext\nGET /geo_nodes/status\n```\n\n```json\n[\n  {\n    \"package_files_count\": 10,\n  },\n  {\n    \"package_files_count\": 10,\n  }\n]\n```\n\n## One\n\n```plaintext\nGET /geo_nodes/:id/status\n```\n\n```json\n{\n  \"package_files_count\": 10\n}\n```\n";

    /// Trailing commas are kept in their own style; the single-node example
    /// is patched only where the status fields are derived (13.6+).
    #[test]
    fn status_examples_by_generation() {
        let mut w = Widget::after_reference();
        let types = w.types();
        let out = api_doc(DOC, &types, Mode::Add, &w.ctx(false)).expect("patches");
        assert_eq!(out.matches("\"widgets_count\": 10,\n").count(), 2, "{out}");
        assert_eq!(
            out.matches("widgets_count").count(),
            2,
            "one node left alone: {out}"
        );
        assert_eq!(
            api_doc(&out, &types, Mode::Remove, &w.ctx(false)).expect("removes"),
            DOC
        );

        w.probes.status_fields.value = StatusFields::Derived;
        let types = w.types();
        let ctx = w.ctx(false);
        let out = api_doc(DOC, &types, Mode::Add, &ctx).expect("patches");
        assert!(
            out.contains("{\n  \"package_files_count\": 10,\n  \"widgets_count\": 10\n}"),
            "the strict example stays strict: {out}"
        );
        assert_eq!(api_doc(&out, &types, Mode::Add, &ctx).expect("again"), out);
        assert_eq!(
            api_doc(&out, &types, Mode::Remove, &ctx).expect("removes"),
            DOC
        );
    }
}
