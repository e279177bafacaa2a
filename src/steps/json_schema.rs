//! Step "JSON schema": the status fields in the API's JSON schema fixture
//! (`required` and `properties`), inserted in the file's own one-line-per-entry
//! style; the file is never re-serialised. Trees with Geo sites (15.x+) have
//! a second schema, `geo_site_status.json`, patched the same way.

use anyhow::{Result, anyhow};

use super::{Applies, Patch, Step, no_files};
use crate::patch::json;
use crate::patch::list::{Placement, Source};
use crate::patch::{Mode, Types, apply_edits};
use crate::render::Context;

pub const PATH: &str = "ee/spec/fixtures/api/schemas/public_api/v4/geo_node_status.json";

pub const SITE_PATH: &str = "ee/spec/fixtures/api/schemas/public_api/v4/geo_site_status.json";

pub const STEP: Step = Step {
    name: "JSON schema",
    applies: super::always,
    files: no_files,
    patches: &[Patch {
        path: PATH,
        apply: node_schema,
    }],
};

/// The Geo site status schema (15.x+).
pub const SITE_STEP: Step = Step {
    name: "site JSON schema",
    applies: site_applies,
    files: no_files,
    patches: &[Patch {
        path: SITE_PATH,
        apply: site_schema,
    }],
};

fn site_applies(p: &crate::probe::Probes) -> Applies {
    if p.site_status.value {
        Applies::Run
    } else {
        Applies::Skip(format!(
            "no Geo site status schema ({})",
            p.site_status.evidence
        ))
    }
}

fn node_schema(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    status_schema(src, PATH, types, mode, ctx)
}

fn site_schema(src: &str, types: &Types, mode: Mode, ctx: &Context) -> Result<String> {
    status_schema(src, SITE_PATH, types, mode, ctx)
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

/// The status fields GitLab's own generator writes for a type (19.x), in its
/// order, after the type's status prefix (`widgets`).
pub const GENERATOR_FIELDS: &[&str] = &[
    "count",
    "checksum_total_count",
    "checksummed_count",
    "checksum_failed_count",
    "synced_count",
    "failed_count",
    "registry_count",
    "verification_total_count",
    "verified_count",
    "verification_failed_count",
    "synced_in_percentage",
    "verified_in_percentage",
    "oldest_unsynced_time",
];

/// The member GitLab's own generator inserts the type's fields before.
const GENERATOR_ANCHOR: &str = "git_fetch_event_count_weekly";

/// A field's schema as the generator writes it (`JSON.pretty_generate` at
/// the `properties` level).
fn generator_property(field: &str, indent: &str) -> String {
    let body = if field.ends_with("_in_percentage") {
        format!("{indent}  \"type\": \"string\"\n")
    } else if field.ends_with("_time") {
        format!("{indent}  \"type\": \"integer\"\n")
    } else {
        format!(
            "{indent}  \"type\": [\n{indent}    \"integer\",\n{indent}    \"null\"\n{indent}  ]\n"
        )
    };
    format!("{indent}\"{field}\": {{\n{body}{indent}}},\n")
}

/// GitLab's own generator: the type's 13 fields before
/// `git_fetch_event_count_weekly` in `required` and `properties`.
fn generator_schema(src: &str, path: &str, types: &Types, mode: Mode) -> Result<String> {
    let root = src
        .find('{')
        .ok_or_else(|| anyhow!("{path}: expected a JSON object"))?;
    let prefix = types.new.status_prefix();
    let fields: Vec<String> = GENERATOR_FIELDS
        .iter()
        .map(|f| format!("{prefix}{f}"))
        .collect();
    let mut edits = Vec::new();
    for key in ["required", "properties"] {
        let open = json::member(src, root, key)?.ok_or_else(|| {
            anyhow!("{path}: expected a top-level \"{key}\" member in the schema, found none")
        })?;
        let list = json::list(src, open, path, &format!("\"{key}\""), key)?;
        if mode == Mode::Remove {
            edits.extend(list.edits(types, mode, Source::copy(&[])));
            continue;
        }
        if mode == Mode::Prune {
            continue;
        }
        let own = types.own;
        if list.items.iter().any(|it| it.key == fields[0]) {
            for it in list.items.iter().filter(|it| fields.contains(&it.key)) {
                let text = &src[it.start..it.end];
                if !own.mine(key, &it.key, [it.key.as_str()]) {
                    own.note(key, &it.key, crate::patch::own::What::Foreign);
                }
                own.add_one(key, &it.key, text, Some(text));
            }
            continue;
        }
        let anchor = list
            .items
            .iter()
            .find(|it| it.key == GENERATOR_ANCHOR)
            .ok_or_else(|| {
                anyhow!("{path}: expected \"{GENERATOR_ANCHOR}\" in \"{key}\" (GitLab's generator inserts before it), found none")
            })?;
        let line = &src[anchor.start..anchor.end];
        let indent = &line[..line.len() - line.trim_start().len()];
        let text: String = fields
            .iter()
            .map(|f| {
                let text = match key {
                    "required" => format!("{indent}\"{f}\",\n"),
                    _ => generator_property(f, indent),
                };
                (f, text)
            })
            .filter(|(f, text)| own.add_one(key, f, text, None))
            .map(|(_, text)| text)
            .collect();
        edits.push(crate::patch::Edit::insert(anchor.start, &text));
    }
    apply_edits(src, edits)
}

fn status_schema(
    src: &str,
    path: &str,
    types: &Types,
    mode: Mode,
    ctx: &Context,
) -> Result<String> {
    if ctx.probes.in_tree_generator.value {
        json::validate(src)
            .map_err(|e| anyhow!("{path}: not valid JSON ({e}); fix the file and run again"))?;
        let out = generator_schema(src, path, types, mode)?;
        json::validate(&out).map_err(|e| {
            anyhow!("{path}: the patched schema would not be valid JSON ({e}); nothing was written")
        })?;
        return Ok(out);
    }
    let placement = Placement {
        copy_from: super::reference_index(types, ctx),
        sorted: None,
    };
    // Only the two collections the scaffold edits are read: a flaw elsewhere
    // in the file is not the scaffold's to judge.
    let places = |text: &str| -> Result<Vec<(&'static str, usize)>> {
        let root = text
            .find('{')
            .ok_or_else(|| anyhow!("{path}: expected a JSON object"))?;
        ["required", "properties"]
            .into_iter()
            .map(|key| {
                let open = json::member(text, root, key)
                    .map_err(|e| {
                        anyhow!("{path}: not valid JSON where geo-scaffold edits it ({e}); fix the file and run again")
                    })?
                    .ok_or_else(|| {
                        anyhow!("{path}: expected a top-level \"{key}\" member in the schema, found none")
                    })?;
                Ok((key, open))
            })
            .collect()
    };
    let before = places(src)?;
    let mut edits = Vec::new();
    for &(key, open) in &before {
        let fallback = if key == "required" {
            SCHEMA_REQUIRED
        } else {
            SCHEMA_PROPERTIES
        };
        let list = json::list(src, open, path, &format!("\"{key}\""), key)?;
        edits.extend(list.edits_placed(types, mode, Source::copy(fallback), placement));
    }
    if edits.is_empty() {
        return Ok(src.to_string());
    }
    let out = apply_edits(src, edits)?;
    let after = places(&out)?;
    if mode == Mode::Add {
        for ((key, old), (_, new)) in before.into_iter().zip(after) {
            json::check_change((src, old), (&out, new), path, &format!("\"{key}\""))?;
        }
    }
    Ok(out)
}
