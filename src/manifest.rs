//! `geo-scaffold.toml`: what was scaffolded, read and written with toml_edit so
//! that hand-written comments, blank lines and ordering survive every edit.
//!
//! Every value is checked when the file is read, so that no command works
//! from half a manifest: a wrong shape is an error naming its line and the
//! fix; an unknown key is a warning naming its line.
//!
//! (Over 600 lines: every key's shape check, the ownership records and their
//! line-numbered errors; about a third is the table of bad-manifest tests.)

use std::collections::BTreeMap;
use std::ops::Range;

use anyhow::{Result, anyhow, bail};
use toml_edit::{DocumentMut, Item, Table, Value, value};

use crate::names;
use crate::patch::own::Places;
use crate::probe::VerificationTable;
use crate::strategy::Strategy;
use crate::timestamp;

pub const PATH: &str = "geo-scaffold.toml";

/// The format this geo-scaffold reads and writes. A manifest without
/// `version` is the first format, which had no ownership records.
pub const VERSION: i64 = 1;

const HEADER: &str = "\
# Replicable types scaffolded by geo-scaffold. `geo-scaffold check` rebuilds
# every entry and fails when the tree has drifted from it; `geo-scaffold sync`
# brings unmodified generated files up to date. Edit options here, not in
# the generated files; comments you add are kept. The `inserted` tables
# record what geo-scaffold inserted in shared files (a hash per entry):
# `geo-scaffold remove` takes out those entries and nothing else.
";

/// The recorded hash of a generated file the user kept with `--skip` (or
/// that stood, identical, before the scaffold): not geo-scaffold's.
pub const KEPT: &str = "kept";
/// The prefix of a generated file's hash recorded by `geo-scaffold accept`.
pub const ACCEPTED: &str = "accepted:";
/// The prefix of a kept file's hash recorded by `geo-scaffold accept`.
const KEPT_ACCEPTED: &str = "kept:";

/// Whether a recorded file hash says geo-scaffold wrote the file (as
/// opposed to a file it kept).
pub fn written(h: &str) -> bool {
    h != KEPT && !h.starts_with(KEPT_ACCEPTED)
}

/// The content hash a hand edit was accepted with, if any.
pub fn accepted_hash(h: &str) -> Option<&str> {
    h.strip_prefix(ACCEPTED)
        .or_else(|| h.strip_prefix(KEPT_ACCEPTED))
}

/// The hash that records `content` as accepted, for a file recorded as `h`.
pub fn accept_hash(h: &str, content: &str) -> String {
    let prefix = if written(h) { ACCEPTED } else { KEPT_ACCEPTED };
    format!("{prefix}{}", hash(content))
}

const ROOT_KEYS: &[&str] = &["version", "replicable", "hand_wired"];
const ENTRY_KEYS: &[&str] = &[
    "strategy",
    "model",
    "plural",
    "label",
    "feature_flag",
    "model_path",
    "verification_table",
    "milestone",
    "sharding_key",
    "scopes_added",
    "prepend_added",
    "migrations",
    "files",
    "inserted",
];

/// One scaffolded type, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub strategy: Strategy,
    pub model: String,
    pub plural: String,
    pub label: String,
    pub feature_flag: String,
    pub model_path: Option<String>,
    /// Where the primary's verification state went (trees that offer a choice).
    pub verification_table: Option<VerificationTable>,
    /// The milestone the generated files carry (`--milestone`, or the tree's).
    pub milestone: Option<String>,
    /// The states table's sharding key (`--sharding-key`).
    pub sharding_key: Option<String>,
    pub scopes_added: bool,
    /// The scaffold added the line that prepends the EE module to the model
    /// (so removal takes out only what it added).
    pub prepend_added: bool,
    /// Migration kind -> timestamp.
    pub migrations: BTreeMap<String, String>,
    /// Generated file -> content hash as written (or `kept`, or
    /// `accepted:<hash>`).
    pub files: BTreeMap<String, String>,
    /// Shared file -> the entries the scaffold inserted there, per place;
    /// `None` for an entry written before ownership was recorded.
    pub inserted: Option<BTreeMap<String, Places>>,
}

/// The manifest document.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub doc: DocumentMut,
    /// The entries, validated once when parsed and kept in step with `doc`.
    entries: Vec<Entry>,
    /// Replicators wired by hand on purpose (`hand_wired = ["name"]`):
    /// `check` does not report them.
    pub hand_wired: Vec<String>,
    /// Unknown keys, each with its line.
    pub warnings: Vec<String>,
}

fn line_of(src: &str, span: Option<Range<usize>>) -> String {
    span.map_or_else(String::new, |s| {
        format!(
            ":{}",
            src[..s.start.min(src.len())].matches('\n').count() + 1
        )
    })
}

/// What a value is, for "must be ..., found ..." messages.
fn kind_of(item: &Item) -> &'static str {
    match item {
        Item::None => "nothing",
        Item::Table(_) => "a table",
        Item::ArrayOfTables(_) => "an array of tables",
        Item::Value(v) => match v {
            Value::String(_) => "a string",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Boolean(_) => "a boolean",
            Value::Datetime(_) => "a date-time",
            Value::Array(_) => "an array",
            Value::InlineTable(_) => "an inline table",
        },
    }
}

/// Reads one table of the spanned document, with the line of each key.
struct Reader<'a> {
    src: &'a str,
    warnings: Vec<String>,
}

impl Reader<'_> {
    fn at(&self, span: Option<Range<usize>>) -> String {
        format!("{PATH}{}", line_of(self.src, span))
    }

    fn key_line(&self, t: &Table, key: &str) -> String {
        self.at(t.key(key).and_then(|k| k.span()).or_else(|| t.span()))
    }

    /// A standard `[header]` table, or an error naming what was found.
    fn table<'t>(&self, parent: &'t Table, key: &str, header: &str) -> Result<&'t Table> {
        let item = &parent[key];
        match item {
            Item::Table(t) => Ok(t),
            Item::ArrayOfTables(_) => bail!(
                "{}: `[[{header}]]` is an array of tables; write it as one `[{header}]` table",
                self.key_line(parent, key)
            ),
            _ => bail!(
                "{}: `{header}` must be a table, found {}; write it as a `[{header}]` table",
                self.key_line(parent, key),
                kind_of(item)
            ),
        }
    }

    fn warn_unknown(&mut self, t: &Table, known: &[&str], header: &str) {
        for (k, _) in t.iter() {
            if !known.contains(&k) {
                let within = if header.is_empty() {
                    String::new()
                } else {
                    format!(" in [{header}]")
                };
                self.warnings.push(format!(
                    "{}: unknown key `{k}`{within} is ignored; remove it or fix its spelling (known: {})",
                    self.key_line(t, k),
                    known.join(", ")
                ));
            }
        }
    }

    fn string(&self, t: &Table, key: &str, header: &str) -> Result<Option<String>> {
        match t.get(key) {
            None => Ok(None),
            Some(item) => item.as_str().map(|s| Some(s.to_string())).ok_or_else(|| {
                anyhow!(
                    "{}: [{header}] `{key}` must be a string, found {}; quote the value",
                    self.key_line(t, key),
                    kind_of(item)
                )
            }),
        }
    }

    fn required(&self, t: &Table, key: &str, header: &str) -> Result<String> {
        self.string(t, key, header)?.ok_or_else(|| {
            anyhow!(
                "{}: [{header}] is missing `{key}`; add it (`geo-scaffold NAME --strategy ...` writes every key)",
                self.at(t.span())
            )
        })
    }

    /// A `key = "string"` table (migrations, files).
    fn string_map(
        &self,
        t: &Table,
        key: &str,
        header: &str,
        check: impl Fn(&str, &str) -> Result<(), String>,
    ) -> Result<BTreeMap<String, String>> {
        if t.get(key).is_none() {
            return Ok(BTreeMap::new());
        }
        let sub_header = format!("{header}.{key}");
        let sub = self.table(t, key, &sub_header)?;
        let mut out = BTreeMap::new();
        for (k, v) in sub.iter() {
            let s = v.as_str().ok_or_else(|| {
                anyhow!(
                    "{}: [{sub_header}] `{k}` must be a string, found {}; quote the value",
                    self.key_line(sub, k),
                    kind_of(v)
                )
            })?;
            check(k, s)
                .map_err(|e| anyhow!("{}: [{sub_header}] `{k}`: {e}", self.key_line(sub, k)))?;
            out.insert(k.to_string(), s.to_string());
        }
        Ok(out)
    }

    /// `[replicable.NAME.inserted]`: path -> place -> key -> hash.
    fn inserted(&self, t: &Table, header: &str) -> Result<Option<BTreeMap<String, Places>>> {
        if t.get("inserted").is_none() {
            return Ok(None);
        }
        let header = format!("{header}.inserted");
        let by_path = self.table(t, "inserted", &header)?;
        let mut out = BTreeMap::new();
        for (path, places) in by_path.iter() {
            // The line is counted only for a message (the file can be long).
            let at = || self.key_line(by_path, path);
            check_path(path).map_err(|e| anyhow!("{}: {e}", at()))?;
            let places = places.as_table_like().ok_or_else(|| {
                anyhow!(
                    "{}: [{header}] `{path}` must be a table of places, found {}",
                    at(),
                    kind_of(places)
                )
            })?;
            let mut p = Places::new();
            for (place, entries) in places.iter() {
                let entries = entries.as_array().ok_or_else(|| {
                    anyhow!(
                        "{}: [{header}] `{path}` place `{place}` must be an array of \"KEY HASH\" entries, found {}",
                        at(),
                        kind_of(entries)
                    )
                })?;
                let mut k_out = BTreeMap::new();
                for v in entries.iter() {
                    let (k, h) = v
                        .as_str()
                        .and_then(parse_entry)
                        .ok_or_else(|| {
                            anyhow!(
                                "{}: [{header}] `{path}` place `{place}` holds `{}`, not a \"KEY HASH\" entry as geo-scaffold writes it; restore it from version control or delete it and run `geo-scaffold sync`",
                                at(),
                                v.to_string().trim()
                            )
                        })?;
                    k_out.insert(k.to_string(), h.to_string());
                }
                p.insert(place.to_string(), k_out);
            }
            out.insert(path.to_string(), p);
        }
        Ok(Some(out))
    }
}

/// A path recorded in the manifest: relative to the root, inside it.
fn check_path(path: &str) -> Result<(), String> {
    let p = std::path::Path::new(path);
    if path.is_empty()
        || p.is_absolute()
        || p.components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        return Err(format!(
            "`{path}` is not a path inside the GitLab root; geo-scaffold records relative paths such as `ee/app/models/widget.rb`: fix or delete the line"
        ));
    }
    Ok(())
}

fn hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `sha256:<32 hex>`, `kept`, `accepted:sha256:<32 hex>` or `kept:sha256:<32 hex>`.
fn valid_file_hash(h: &str) -> bool {
    let h = accepted_hash(h).unwrap_or(h);
    h == KEPT || h.strip_prefix("sha256:").is_some_and(|x| hex(x, 32))
}

/// `<12 hex>`, `accepted:<12 hex>` or `accepted:absent`.
fn valid_entry_hash(h: &str) -> bool {
    h == crate::patch::own::ACCEPTED_ABSENT || hex(h.strip_prefix(ACCEPTED).unwrap_or(h), 12)
}

/// An inserted entry as recorded: `"<key> <hash>"` (a key may hold spaces,
/// `scope :checksummed`; the hash never does).
fn parse_entry(s: &str) -> Option<(&str, &str)> {
    let (k, h) = s.rsplit_once(' ')?;
    (!k.is_empty() && valid_entry_hash(h)).then_some((k, h))
}

/// The recorded entries of one place, one `"<key> <hash>"` string per line.
fn entries_array(keys: &BTreeMap<String, String>) -> toml_edit::Array {
    let mut a: toml_edit::Array = keys.iter().map(|(k, h)| format!("{k} {h}")).collect();
    for v in a.iter_mut() {
        v.decor_mut().set_prefix("\n  ");
    }
    a.set_trailing("\n");
    a.set_trailing_comma(true);
    a
}

impl Manifest {
    pub fn empty() -> Manifest {
        Manifest {
            doc: DocumentMut::new(),
            entries: Vec::new(),
            hand_wired: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Parses and checks the manifest text; errors name the line at fault
    /// and the fix, unknown keys become warnings with their line.
    pub fn parse(src: &str) -> Result<Manifest> {
        let spanned = toml_edit::Document::parse(src.to_string()).map_err(|e| {
            let line = line_of(src, e.span());
            anyhow!(
                "{PATH}{line}: not valid TOML ({}); fix the file or restore it from version control",
                e.message().trim()
            )
        })?;
        let mut r = Reader {
            src,
            warnings: Vec::new(),
        };
        let root = spanned.as_table();
        r.warn_unknown(root, ROOT_KEYS, "");
        if let Some(v) = root.get("version") {
            match v.as_integer() {
                Some(n) if n > VERSION => bail!(
                    "{}: written by a newer geo-scaffold (format version {n}; this one reads up to {VERSION}): upgrade geo-scaffold",
                    r.key_line(root, "version")
                ),
                Some(n) if n >= 0 => {}
                _ => bail!(
                    "{}: `version` must be a format number such as {VERSION}, found {}; fix it or delete the line",
                    r.key_line(root, "version"),
                    kind_of(v)
                ),
            }
        }
        let mut hand_wired = Vec::new();
        if let Some(v) = root.get("hand_wired") {
            let at = r.key_line(root, "hand_wired");
            let arr = v.as_array().ok_or_else(|| {
                anyhow!(
                    "{at}: `hand_wired` must be an array of type names, e.g. `hand_wired = [\"gadget\"]`, found {}",
                    kind_of(v)
                )
            })?;
            for x in arr.iter() {
                let name = x.as_str().ok_or_else(|| {
                    anyhow!(
                        "{at}: `hand_wired` must hold type names as strings, e.g. `[\"gadget\"]`"
                    )
                })?;
                names::validate_name(name).map_err(|e| anyhow!("{at}: `hand_wired`: {e}"))?;
                hand_wired.push(name.to_string());
            }
        }
        let mut entries: Vec<Entry> = Vec::new();
        if root.get("replicable").is_some() {
            let all = r.table(root, "replicable", "replicable")?;
            for (name, _) in all.iter() {
                let header = format!("replicable.{name}");
                let at = || r.key_line(all, name);
                let t = r.table(all, name, &header)?;
                let snake = names::validate_name(name).map_err(|e| {
                    anyhow!(
                        "{}: [{header}]: {e}; rename the table to the type's name",
                        at()
                    )
                })?;
                if let Some(other) = entries.iter().find(|e| e.name.eq_ignore_ascii_case(name)) {
                    bail!(
                        "{}: [{header}] and [replicable.{}] name the same type (they differ only in case); keep one",
                        at(),
                        other.name
                    );
                }
                if snake != name {
                    bail!(
                        "{}: [{header}]: type names are recorded in snake_case; rename the table to [replicable.{snake}]",
                        at()
                    );
                }
                entries.push(r.entry(name, t, &header)?);
            }
        }
        let warnings = r.warnings;
        Ok(Manifest {
            doc: spanned.into_mut(),
            entries,
            hand_wired,
            warnings,
        })
    }

    /// The recorded type names, in file order.
    pub fn names(&self) -> Vec<String> {
        self.entries.iter().map(|e| e.name.clone()).collect()
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn get(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// Records `entry`, changing only the values that differ so the rest of
    /// the file (comments included) stays as it was.
    pub fn upsert(&mut self, e: &Entry) {
        match self.entries.iter_mut().find(|x| x.name == e.name) {
            Some(x) => *x = e.clone(),
            None => self.entries.push(e.clone()),
        }
        let fresh = self.doc.as_table().is_empty()
            && self.doc.trailing().as_str().is_none_or(str::is_empty);
        let root = self.doc.as_table_mut();
        if fresh {
            root.insert("version", value(VERSION));
            if let Some(mut k) = root.key_mut("version") {
                k.leaf_decor_mut().set_prefix(HEADER);
            }
        }
        if !root.contains_key("replicable") {
            let mut t = Table::new();
            t.set_implicit(true);
            root.insert("replicable", Item::Table(t));
        }
        let all = root["replicable"]
            .as_table_mut()
            .expect("parse checked that replicable is a table");
        if !all.contains_key(&e.name) {
            all.insert(&e.name, Item::Table(Table::new()));
        }
        let t = all[&e.name]
            .as_table_mut()
            .expect("parse checked that every entry is a table");
        set(t, "strategy", e.strategy.as_str());
        set(t, "model", &e.model);
        set(t, "plural", &e.plural);
        set(t, "label", &e.label);
        set(t, "feature_flag", &e.feature_flag);
        match &e.model_path {
            Some(p) => set(t, "model_path", p),
            None => {
                t.remove("model_path");
            }
        }
        if let Some(v) = e.verification_table {
            set(t, "verification_table", v.as_str());
        }
        if let Some(m) = &e.milestone {
            set(t, "milestone", m);
        }
        if let Some(k) = &e.sharding_key {
            set(t, "sharding_key", k);
        }
        if t.get("scopes_added").and_then(Item::as_bool) != Some(e.scopes_added) {
            t.insert("scopes_added", value(e.scopes_added));
        }
        if e.prepend_added {
            if t.get("prepend_added").and_then(Item::as_bool) != Some(true) {
                t.insert("prepend_added", value(true));
            }
        } else {
            t.remove("prepend_added");
        }
        for (key, map) in [("migrations", &e.migrations), ("files", &e.files)] {
            let sub = sub_table(t, key, false);
            sync_strings(sub, map);
        }
        if let Some(inserted) = &e.inserted {
            let by_path = sub_table(t, "inserted", !inserted.is_empty());
            by_path.set_implicit(!inserted.is_empty());
            let stale: Vec<String> = by_path
                .iter()
                .filter(|(k, _)| !inserted.contains_key(*k))
                .map(|(k, _)| k.to_string())
                .collect();
            for k in stale {
                by_path.remove(&k);
            }
            for (path, places) in inserted {
                let pt = sub_table(by_path, path, false);
                let stale: Vec<String> = pt
                    .iter()
                    .filter(|(k, _)| !places.contains_key(*k))
                    .map(|(k, _)| k.to_string())
                    .collect();
                for k in stale {
                    pt.remove(&k);
                }
                for (place, keys) in places {
                    let same = pt.get(place).and_then(Item::as_array).is_some_and(|a| {
                        a.iter()
                            .map(|v| v.as_str().and_then(parse_entry))
                            .eq(keys.iter().map(|(k, h)| Some((k.as_str(), h.as_str()))))
                    });
                    if !same {
                        pt.insert(place, value(entries_array(keys)));
                    }
                }
            }
        }
    }

    /// Drops a type's entry.
    pub fn remove(&mut self, name: &str) -> Result<()> {
        let Some(all) = self.doc.get_mut("replicable").and_then(Item::as_table_mut) else {
            bail!("{PATH}: `{name}` is not recorded")
        };
        all.remove(name)
            .ok_or_else(|| anyhow!("{PATH}: `{name}` is not recorded"))?;
        self.entries.retain(|e| e.name != name);
        Ok(())
    }

    pub fn render(&self) -> String {
        self.doc.to_string()
    }

    /// Nothing recorded and nothing but what geo-scaffold writes (the
    /// header and the format version): the file can go.
    pub fn is_bare(&self) -> bool {
        let text = self.render();
        let bare = format!("{HEADER}version = {VERSION}\n");
        self.entries.is_empty()
            && self.hand_wired.is_empty()
            && (text.trim().is_empty() || text == bare)
    }
}

/// Sets a string value, leaving the key (and its decor) alone when equal.
fn set(t: &mut Table, key: &str, v: &str) {
    if t.get(key).and_then(Item::as_str) != Some(v) {
        t.insert(key, value(v));
    }
}

/// The standard table `key` of `t`, created (implicit when asked) if missing.
fn sub_table<'t>(t: &'t mut Table, key: &str, implicit: bool) -> &'t mut Table {
    if !t.get(key).is_some_and(Item::is_table) {
        let mut sub = Table::new();
        sub.set_implicit(implicit);
        t.insert(key, Item::Table(sub));
    }
    t[key].as_table_mut().expect("just made a table")
}

/// Makes the string values of `t` equal `map`, touching only what differs.
fn sync_strings(t: &mut Table, map: &BTreeMap<String, String>) {
    let stale: Vec<String> = t
        .iter()
        .filter(|(k, _)| !map.contains_key(*k))
        .map(|(k, _)| k.to_string())
        .collect();
    for k in stale {
        t.remove(&k);
    }
    for (k, v) in map {
        if t.get(k).and_then(Item::as_str) != Some(v.as_str()) {
            t.insert(k, value(v.as_str()));
        }
    }
}

impl Reader<'_> {
    fn entry(&mut self, name: &str, t: &Table, header: &str) -> Result<Entry> {
        self.warn_unknown(t, ENTRY_KEYS, header);
        let strategy = self.required(t, "strategy", header)?;
        let strategy = strategy
            .parse::<Strategy>()
            .map_err(|e| anyhow!("{}: [{header}] {e}", self.key_line(t, "strategy")))?;
        let checked = |key: &str, check: fn(&str) -> Result<String, String>| -> Result<String> {
            let v = self.required(t, key, header)?;
            check(&v).map_err(|e| anyhow!("{}: [{header}] `{key}`: {e}", self.key_line(t, key)))?;
            Ok(v)
        };
        let model = checked("model", names::validate_model)?;
        let plural = checked("plural", names::validate_name)?;
        let label = checked("label", names::validate_label)?;
        let feature_flag = checked("feature_flag", names::validate_flag)?;
        let model_path = self.string(t, "model_path", header)?;
        if let Some(p) = &model_path {
            check_path(p).map_err(|e| {
                anyhow!(
                    "{}: [{header}] `model_path`: {e}",
                    self.key_line(t, "model_path")
                )
            })?;
        }
        let verification_table = match self.string(t, "verification_table", header)? {
            None => None,
            Some(v) => Some(v.parse::<VerificationTable>().map_err(|e| {
                anyhow!("{}: [{header}] {e}", self.key_line(t, "verification_table"))
            })?),
        };
        let flag = |key: &str| -> Result<bool> {
            match t.get(key) {
                None => Ok(false),
                Some(v) => v.as_bool().ok_or_else(|| {
                    anyhow!(
                        "{}: [{header}] `{key}` must be true or false, found {}; fix the value",
                        self.key_line(t, key),
                        kind_of(v)
                    )
                }),
            }
        };
        let scopes_added = flag("scopes_added")?;
        let prepend_added = flag("prepend_added")?;
        let milestone = self.string(t, "milestone", header)?;
        let sharding_key = self.string(t, "sharding_key", header)?;
        // Kinds are the steps' (a kind no step has is dropped on the next write).
        let migrations = self.string_map(t, "migrations", header, |_, ts| {
            timestamp::parse(ts)
                .map(|_| ())
                .map_err(|e| format!("{e}; fix it or delete the line"))
        })?;
        let files = self.string_map(t, "files", header, |path, h| {
            check_path(path)?;
            if !valid_file_hash(h) {
                return Err(format!(
                    "`{h}` is not a content hash as geo-scaffold writes it (`sha256:...`, `kept` or `accepted:sha256:...`); restore it from version control or run `geo-scaffold accept {path}`"
                ));
            }
            Ok(())
        })?;
        let inserted = self.inserted(t, header)?;
        Ok(Entry {
            name: name.to_string(),
            strategy,
            model,
            plural,
            label,
            feature_flag,
            model_path,
            verification_table,
            milestone,
            sharding_key,
            scopes_added,
            prepend_added,
            migrations,
            files,
            inserted,
        })
    }
}

/// The content hash recorded for a generated file.
pub fn hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        let mut places = Places::new();
        places
            .entry("PROMETHEUS_METRICS".into())
            .or_default()
            .insert("widgets_count".into(), crate::patch::own::hash("x"));
        Entry {
            name: "widget".into(),
            strategy: Strategy::Blob,
            model: "Widget".into(),
            plural: "widgets".into(),
            label: "widgets".into(),
            feature_flag: "geo_self_service_framework".into(),
            model_path: None,
            verification_table: None,
            milestone: None,
            sharding_key: None,
            scopes_added: true,
            prepend_added: false,
            migrations: [("create_registry".to_string(), "20200101000000".to_string())].into(),
            files: [("a.rb".to_string(), hash("x"))].into(),
            inserted: Some([("ee/app/models/geo_node_status.rb".to_string(), places)].into()),
        }
    }

    #[test]
    fn round_trips_and_keeps_comments() {
        let mut m = Manifest::empty();
        m.upsert(&entry());
        let text = m.render().replace(
            "[replicable.widget]\n",
            "# mine\n[replicable.widget]\n# keep me\n",
        );
        assert!(
            text.contains("PROMETHEUS_METRICS = [\n  \"widgets_count "),
            "places are arrays of entries under their file:\n{text}"
        );
        let mut again = Manifest::parse(&text).expect("valid");
        assert_eq!(again.entries(), [entry()]);
        again.upsert(&entry());
        assert_eq!(again.render(), text, "an unchanged upsert changes no byte");
    }

    /// `verification_table` is written only when the tree offered the
    /// choice, and read back.
    #[test]
    fn verification_table_round_trips() {
        let mut m = Manifest::empty();
        m.upsert(&entry());
        assert!(!m.render().contains("verification_table"));
        let states = Entry {
            verification_table: Some(VerificationTable::States),
            ..entry()
        };
        m.upsert(&states);
        assert!(m.render().contains("verification_table = \"states\"\n"));
        let again = Manifest::parse(&m.render()).expect("valid");
        assert_eq!(again.entries(), [states]);
        let bad = m.render().replace("\"states\"", "\"elsewhere\"");
        let err = Manifest::parse(&bad).expect_err("unknown table");
        assert!(
            err.to_string()
                .contains("unknown verification table `elsewhere`"),
            "{err}"
        );
    }

    #[test]
    fn manifests_without_records_still_load() {
        let old = "[replicable.widget]\nstrategy = \"blob\"\nmodel = \"Widget\"\nplural = \"widgets\"\nlabel = \"widgets\"\nfeature_flag = \"f\"\n";
        let m = Manifest::parse(old).expect("loads");
        assert_eq!(m.entries()[0].inserted, None);
        assert!(m.warnings.is_empty());
    }

    #[test]
    fn errors_name_the_line() {
        let err =
            Manifest::parse("[replicable.widget]\nstrategy = \"database\"\n").expect_err("bad");
        assert!(err.to_string().starts_with("geo-scaffold.toml:2:"), "{err}");
        let err = Manifest::parse("x = \n").expect_err("bad toml");
        assert!(err.to_string().contains("not valid TOML"), "{err}");
    }
}
