//! Step "API example": the status fields in both node objects of the
//! `GET /geo_nodes/status` example response in `doc/api/geo_nodes.md`, and,
//! in trees whose GeoNodeStatus derives its fields (13.6+), in the
//! `GET /geo_nodes/:id/status` example too (other examples are left alone).
//! Where models include the framework's concerns (15.x+), every status
//! example of the page gets them, and `doc/api/geo_sites.md` too, copied from
//! the reference type of the new type's strategy; in a tree with GitLab's own
//! generator, its 13 lines go before every `git_fetch_event_count_weekly`.

use anyhow::{Result, anyhow};

use super::{Applies, Patch, Step, no_files};
use crate::patch::json;
use crate::patch::list::{Placement, Source};
use crate::patch::own::What;
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

pub const SITES_PATH: &str = "doc/api/geo_sites.md";

/// The Geo sites API page (15.x+).
pub const SITES_STEP: Step = Step {
    name: "sites API docs",
    applies: sites_applies,
    files: no_files,
    patches: &[Patch {
        path: SITES_PATH,
        apply: sites_doc,
    }],
};

fn sites_applies(p: &crate::probe::Probes) -> Applies {
    if p.site_status.value {
        Applies::Run
    } else {
        Applies::Skip(format!("no Geo sites API ({})", p.site_status.evidence))
    }
}

fn sites_doc(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    if ctx.probes.in_tree_generator.value {
        return generator_doc(src, SITES_PATH, types, mode);
    }
    every_status_example(src, SITES_PATH, types, mode, ctx)
}

/// Every ```json example of the page whose objects list framework status
/// fields: each such object gets the reference group's fields, copied.
fn every_status_example(
    src: &str,
    path: &str,
    types: &Types,
    mode: Mode,
    ctx: &Context,
) -> Result<String> {
    let placement = Placement {
        copy_from: super::reference_index(types, ctx),
        sorted: None,
    };
    let counts: Vec<String> = types
        .all()
        .map(|n| format!("\"{}count\"", n.status_prefix()))
        .collect();
    let mut edits = Vec::new();
    let mut blocks = Vec::new();
    for (b, (start, end)) in json_blocks(src).into_iter().enumerate() {
        let example = &src[start..end];
        if !counts.iter().any(|c| example.contains(c.as_str())) {
            continue;
        }
        json::validate_loose(example).map_err(|e| {
            anyhow!(
                "{path}: a status example (line {}) is not valid JSON ({e}); fix it and run again",
                line_of(src, start)
            )
        })?;
        let open = start + example.len() - example.trim_start().len();
        let objects: Vec<usize> = match src.as_bytes()[open] {
            b'[' => json::elements(src, open)?
                .0
                .iter()
                .filter(|n| src.as_bytes()[n.value] == b'{')
                .map(|n| n.value)
                .collect(),
            b'{' => vec![open],
            _ => Vec::new(),
        };
        for (i, o) in objects.into_iter().enumerate() {
            let place = format!("json example {}, object {}", b + 1, i + 1);
            let list = json::list(src, o, path, "a status example", &place)?;
            edits.extend(list.edits_placed(types, mode, Source::copy(API_FIELDS), placement));
        }
        blocks.push(start);
    }
    if edits.is_empty() {
        return Ok(src.to_string());
    }
    let out = apply_edits(src, edits)?;
    for (s, e) in json_blocks(&out) {
        let example = &out[s..e];
        if counts.iter().any(|c| example.contains(c.as_str())) {
            json::validate_loose(example).map_err(|err| {
                anyhow!("{path}: a patched example (line {}) would not be valid JSON ({err}); nothing was written", line_of(&out, s))
            })?;
        }
    }
    Ok(out)
}

/// (start, end) of the content of every ```json block.
fn json_blocks(src: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut off = 0;
    let mut open = None;
    for line in src.split_inclusive('\n') {
        let t = line.trim();
        match open {
            None if t == "```json" => open = Some(off + line.len()),
            Some(s) if t == "```" => {
                out.push((s, off));
                open = None;
            }
            _ => {}
        }
        off += line.len();
    }
    out
}

fn line_of(src: &str, at: usize) -> usize {
    src[..at].matches('\n').count() + 1
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

/// The `json` code block of the example response of `endpoint`: (start,
/// end) of its content. Two sections for the endpoint are ambiguous.
fn example(src: &str, path: &str, endpoint: &str) -> Result<(usize, usize)> {
    let sections = src.lines().filter(|l| l.trim() == endpoint).count();
    if sections > 1 {
        return Err(anyhow!(
            "{path}: expected one `{endpoint}` section, found {sections}; remove the duplicates and run again"
        ));
    }
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

/// GitLab's own generator: the type's 13 fields before every
/// `"git_fetch_event_count_weekly"` line of the page, at that line's
/// indentation, with zero counts on the primary side and nulls elsewhere.
fn generator_doc(src: &str, path: &str, types: &Types, mode: Mode) -> Result<String> {
    let prefix = types.new.status_prefix();
    let lines: Vec<String> = super::json_schema::GENERATOR_FIELDS
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let value = match *f {
                _ if i < 4 => "0",
                f if f.ends_with("_in_percentage") => "\"0.00%\"",
                _ => "null",
            };
            format!("\"{prefix}{f}\": {value},")
        })
        .collect();
    let first = format!("\"{prefix}count\"");
    let (own, place, key) = (
        types.own,
        "before \"git_fetch_event_count_weekly\"",
        "fields",
    );
    let text = lines.join("\n");
    let out = match mode {
        Mode::Prune => return Ok(src.to_string()),
        Mode::Add if src.contains(&first) => {
            if !own.mine(place, key, [key]) {
                own.note(place, key, What::Foreign);
            }
            own.add_one(place, key, &text, Some(&text));
            return Ok(src.to_string());
        }
        Mode::Add if !own.add_one(place, key, &text, None) => return Ok(src.to_string()),
        Mode::Remove if !own.mine(place, key, [key]) => return Ok(src.to_string()),
        Mode::Add => {
            let mut out = String::with_capacity(src.len() + 4096);
            for line in src.split_inclusive('\n') {
                let t = line.trim_start();
                if t.starts_with("\"git_fetch_event_count_weekly\"") && line.starts_with(' ') {
                    let indent = &line[..line.len() - t.len()];
                    for l in &lines {
                        out.push_str(&format!("{indent}{l}\n"));
                    }
                }
                out.push_str(line);
            }
            out
        }
        Mode::Remove => src
            .split_inclusive('\n')
            .filter(|line| !lines.iter().any(|l| line.trim() == l.as_str()))
            .collect(),
    };
    for (s, e) in json_blocks(&out) {
        let example = &out[s..e];
        if example.contains(&first) {
            json::validate_loose(example).map_err(|err| {
                anyhow!("{path}: a patched example (line {}) would not be valid JSON ({err}); nothing was written", line_of(&out, s))
            })?;
        }
    }
    Ok(out)
}

/// The node objects of the `endpoint` example: the offset of each `{`.
/// Only the structure is read: the example may hold Ruby-isms (`nil`),
/// repeated keys and trailing commas, as GitLab's own do; they are left as
/// they are.
fn nodes(src: &str, path: &str, endpoint: &str) -> Result<Vec<usize>> {
    let (start, end) = example(src, path, endpoint)?;
    let text = &src[start..end];
    let open = start
        + text.find(['[', '{']).ok_or_else(|| {
            anyhow!("{path}: expected the `{endpoint}` example to be a JSON array or object")
        })?;
    if src.as_bytes()[open] == b'{' {
        return Ok(vec![open]);
    }
    let (elems, _) = json::elements(src, open).map_err(|e| {
        anyhow!(
            "{path}: the `{endpoint}` example is not valid JSON where geo-scaffold edits it ({e}); fix it and run again"
        )
    })?;
    Ok(elems
        .into_iter()
        .map(|n| n.value)
        .filter(|&v| src.as_bytes()[v] == b'{')
        .collect())
}

fn api_doc(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    let path = PATH;
    if ctx.probes.in_tree_generator.value {
        return generator_doc(src, path, types, mode);
    }
    if super::concern_framework(ctx.probes) {
        return every_status_example(src, path, types, mode, ctx);
    }
    let mut edits = Vec::new();
    let mut before = Vec::new();
    for endpoint in endpoints(ctx) {
        for (i, node) in nodes(src, path, endpoint)?.into_iter().enumerate() {
            let place = format!("{endpoint}, node {}", i + 1);
            let what = format!("the `{endpoint}` example");
            let list = json::list(src, node, path, &what, &place).map_err(|e| {
                anyhow!(
                    "{path}: the `{endpoint}` example is not valid JSON where geo-scaffold edits it ({e}); fix it and run again"
                )
            })?;
            edits.extend(list.edits(types, mode, Source::copy(API_FIELDS)));
            before.push((endpoint, node));
        }
    }
    if edits.is_empty() {
        return Ok(src.to_string());
    }
    let out = apply_edits(src, edits)?;
    // Removal only takes whole entries out; an addition is checked entry by
    // entry, the rest of the example as it was.
    if mode == Mode::Add {
        let mut after = Vec::new();
        for endpoint in endpoints(ctx) {
            after.extend(nodes(&out, path, endpoint)?);
        }
        for ((endpoint, old), new) in before.into_iter().zip(after) {
            json::check_change(
                (src, old),
                (&out, new),
                path,
                &format!("a node of the `{endpoint}` example"),
            )?;
        }
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

    /// GitLab's 13.4 example holds `nil` and a repeated key: neither stops
    /// the edit, and the nodes get strict JSON.
    #[test]
    fn ruby_isms_in_the_example_are_left_alone() {
        let src = "## Status\n\n```plaintext\nGET /geo_nodes/status\n```\n\n```json\n[\n  {\n    \"a\": nil,\n    \"a\": 1,\n    \"package_files_count\": 10\n  },\n  {\n    \"package_files_count\": 10\n  }\n]\n```\n";
        let w = Widget::after_reference();
        let (types, ctx) = (w.types(), w.ctx(false));
        let out = api_doc(src, &types, Mode::Add, &ctx).expect("patches");
        assert_eq!(out.matches("\"widgets_count\": 10\n").count(), 2, "{out}");
        assert!(out.contains("\"a\": nil,\n"));
        assert_eq!(api_doc(&out, &types, Mode::Add, &ctx).expect("again"), out);
        assert_eq!(
            api_doc(&out, &types, Mode::Remove, &ctx).expect("removes"),
            src
        );
        let broken = src.replace("\"a\": 1,", "\"a\": [1,");
        let err = api_doc(&broken, &types, Mode::Add, &ctx).expect_err("unreadable");
        assert!(
            err.to_string()
                .contains("not valid JSON where geo-scaffold edits it"),
            "{err}"
        );
    }
}
