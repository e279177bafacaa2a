//! Step "JSON schema": the status fields in the API's JSON schema fixture
//! (`required` and `properties`), inserted in the file's own one-line-per-entry
//! style; the file is never re-serialised.

use anyhow::{Result, anyhow};

use super::{Patch, Step, no_files};
use crate::patch::json;
use crate::patch::list::Source;
use crate::patch::{Mode, Types, apply_edits};
use crate::render::Context;

pub const PATH: &str = "ee/spec/fixtures/api/schemas/public_api/v4/geo_node_status.json";

pub const STEP: Step = Step {
    name: "JSON schema",
    applies: super::always,
    files: no_files,
    patches: &[Patch {
        path: PATH,
        apply: status_schema,
    }],
};

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

fn status_schema(src: &str, types: &Types, mode: Mode, _ctx: &Context) -> Result<String> {
    let path = PATH;
    json::validate(src)
        .map_err(|e| anyhow!("{path}: not valid JSON ({e}); fix the file and run again"))?;
    let root = src
        .find('{')
        .ok_or_else(|| anyhow!("{path}: expected a JSON object"))?;
    let mut edits = Vec::new();
    for (key, fallback) in [
        ("required", SCHEMA_REQUIRED),
        ("properties", SCHEMA_PROPERTIES),
    ] {
        let open = json::member(src, root, key)
            .map_err(|e| anyhow!("{path}: {e}"))?
            .ok_or_else(|| {
                anyhow!("{path}: expected a top-level \"{key}\" member in the schema, found none")
            })?;
        let list = json::list(src, open, path, &format!("\"{key}\""), key)?;
        edits.extend(list.edits(types, mode, Source::copy(fallback)));
    }
    if edits.is_empty() {
        return Ok(src.to_string());
    }
    let out = apply_edits(src, edits)?;
    json::validate(&out).map_err(|e| {
        anyhow!("{path}: the patched schema would not be valid JSON ({e}); nothing was written")
    })?;
    Ok(out)
}
