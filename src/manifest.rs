//! `geo-scaffold.toml`: what was scaffolded, read and written with toml_edit so
//! that hand-written comments, blank lines and ordering survive every edit.

use std::collections::BTreeMap;

use anyhow::{Result, anyhow, bail};
use toml_edit::{DocumentMut, Item, Table, value};

use crate::probe::VerificationTable;
use crate::strategy::Strategy;

pub const PATH: &str = "geo-scaffold.toml";

const HEADER: &str = "\
# Replicable types scaffolded by geo-scaffold. `geo-scaffold check` rebuilds
# every entry and fails when the tree has drifted from it; `geo-scaffold sync`
# brings unmodified generated files up to date. Edit options here, not in
# the generated files; comments you add are kept.
";

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
    /// What the scaffold added to the model's EE module and factory beyond
    /// the link (`scope :project_id_in`, `class_methods`, `trait :checksummed`),
    /// so that removal takes out only those.
    pub model_additions: Vec<String>,
    /// The scaffold added the line that prepends the EE module to the model
    /// (so removal takes out only what it added).
    pub prepend_added: bool,
    /// Migration kind -> timestamp.
    pub migrations: BTreeMap<String, String>,
    /// Generated file -> content hash as written.
    pub files: BTreeMap<String, String>,
}

/// The manifest document.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub doc: DocumentMut,
    /// The entries, validated once when parsed and kept in step with `doc`.
    entries: Vec<Entry>,
}

fn line_of(src: &str, span: Option<std::ops::Range<usize>>) -> String {
    span.map_or_else(String::new, |s| {
        format!(":{}", src[..s.start].matches('\n').count() + 1)
    })
}

impl Manifest {
    pub fn empty() -> Manifest {
        Manifest {
            doc: DocumentMut::new(),
            entries: Vec::new(),
        }
    }

    /// Parses the manifest text; errors name the line at fault.
    pub fn parse(src: &str) -> Result<Manifest> {
        let doc: DocumentMut = src.parse().map_err(|e: toml_edit::TomlError| {
            let line = line_of(src, e.span());
            anyhow!(
                "{PATH}{line}: not valid TOML ({}); fix the file or restore it from version control",
                e.message().trim()
            )
        })?;
        let mut m = Manifest {
            doc,
            entries: Vec::new(),
        };
        let names: Vec<String> = m
            .doc
            .get("replicable")
            .and_then(Item::as_table)
            .map(|t| t.iter().map(|(k, _)| k.to_string()).collect())
            .unwrap_or_default();
        for name in names {
            match m.entry(&name) {
                Ok(e) => m.entries.push(e),
                Err(e) => {
                    // Spans only for the message: a second, spanned parse.
                    let line = toml_edit::Document::parse(src.to_string())
                        .ok()
                        .and_then(|d| d.get("replicable")?.get(&name)?.span())
                        .map(|s| line_of(src, Some(s)))
                        .unwrap_or_default();
                    bail!("{PATH}{line}: {e}");
                }
            }
        }
        Ok(m)
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

    fn entry(&self, name: &str) -> Result<Entry> {
        let t = self.doc["replicable"][name]
            .as_table()
            .ok_or_else(|| anyhow!("[replicable.{name}] must be a table"))?;
        let s = |key: &str| -> Result<Option<String>> {
            match t.get(key) {
                None => Ok(None),
                Some(v) => v
                    .as_str()
                    .map(|s| Some(s.to_string()))
                    .ok_or_else(|| anyhow!("[replicable.{name}] `{key}` must be a string")),
            }
        };
        let req = |key: &str| -> Result<String> {
            s(key)?.ok_or_else(|| anyhow!("[replicable.{name}] is missing `{key}`"))
        };
        let strategy = req("strategy")?
            .parse::<Strategy>()
            .map_err(|e| anyhow!("[replicable.{name}] {e}"))?;
        let map = |key: &str| -> Result<BTreeMap<String, String>> {
            let Some(item) = t.get(key) else {
                return Ok(BTreeMap::new());
            };
            let table = item
                .as_table_like()
                .ok_or_else(|| anyhow!("[replicable.{name}.{key}] must be a table"))?;
            table
                .iter()
                .map(|(k, v)| {
                    v.as_str()
                        .map(|v| (k.to_string(), v.to_string()))
                        .ok_or_else(|| anyhow!("[replicable.{name}.{key}] `{k}` must be a string"))
                })
                .collect()
        };
        Ok(Entry {
            name: name.to_string(),
            strategy,
            model: req("model")?,
            plural: req("plural")?,
            label: req("label")?,
            feature_flag: req("feature_flag")?,
            model_path: s("model_path")?,
            verification_table: s("verification_table")?
                .map(|t| t.parse::<VerificationTable>())
                .transpose()
                .map_err(|e| anyhow!("[replicable.{name}] {e}"))?,
            milestone: s("milestone")?,
            sharding_key: s("sharding_key")?,
            scopes_added: t
                .get("scopes_added")
                .and_then(Item::as_bool)
                .unwrap_or(false),
            model_additions: match t.get("model_additions") {
                None => Vec::new(),
                Some(item) => item
                    .as_array()
                    .and_then(|a| {
                        a.iter()
                            .map(|v| v.as_str().map(str::to_string))
                            .collect::<Option<Vec<_>>>()
                    })
                    .ok_or_else(|| {
                        anyhow!("[replicable.{name}] `model_additions` must be an array of strings")
                    })?,
            },
            prepend_added: t
                .get("prepend_added")
                .and_then(Item::as_bool)
                .unwrap_or(false),
            migrations: map("migrations")?,
            files: map("files")?,
        })
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
        if !root.contains_key("replicable") {
            let mut t = Table::new();
            t.set_implicit(true);
            root.insert("replicable", Item::Table(t));
        }
        let all = root["replicable"]
            .as_table_mut()
            .expect("replicable is a table");
        if !all.contains_key(&e.name) {
            let mut t = Table::new();
            if all.is_empty() && fresh {
                t.decor_mut().set_prefix(format!("{HEADER}\n"));
            }
            all.insert(&e.name, Item::Table(t));
        }
        let t = all[&e.name].as_table_mut().expect("entry is a table");
        let mut set = |key: &str, v: &str| {
            if t.get(key).and_then(Item::as_str) != Some(v) {
                t.insert(key, value(v));
            }
        };
        set("strategy", e.strategy.as_str());
        set("model", &e.model);
        set("plural", &e.plural);
        set("label", &e.label);
        set("feature_flag", &e.feature_flag);
        if let Some(p) = &e.model_path {
            set("model_path", p);
        }
        if let Some(v) = e.verification_table {
            set("verification_table", v.as_str());
        }
        if let Some(m) = &e.milestone {
            set("milestone", m);
        }
        if let Some(k) = &e.sharding_key {
            set("sharding_key", k);
        }
        if t.get("scopes_added").and_then(Item::as_bool) != Some(e.scopes_added) {
            t.insert("scopes_added", value(e.scopes_added));
        }
        let recorded: Option<Vec<&str>> = t
            .get("model_additions")
            .and_then(Item::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect());
        let wanted: Vec<&str> = e.model_additions.iter().map(String::as_str).collect();
        if recorded.unwrap_or_default() != wanted {
            if wanted.is_empty() {
                t.remove("model_additions");
            } else {
                t.insert(
                    "model_additions",
                    value(wanted.into_iter().collect::<toml_edit::Array>()),
                );
            }
        }
        if e.prepend_added {
            if t.get("prepend_added").and_then(Item::as_bool) != Some(true) {
                t.insert("prepend_added", value(true));
            }
        } else {
            t.remove("prepend_added");
        }
        for (key, map) in [("migrations", &e.migrations), ("files", &e.files)] {
            if !t.contains_key(key) {
                t.insert(key, Item::Table(Table::new()));
            }
            let sub = t[key].as_table_mut().expect("sub-table");
            let stale: Vec<String> = sub
                .iter()
                .filter(|(k, _)| !map.contains_key(*k))
                .map(|(k, _)| k.to_string())
                .collect();
            for k in stale {
                sub.remove(&k);
            }
            for (k, v) in map {
                if sub.get(k).and_then(Item::as_str) != Some(v.as_str()) {
                    sub.insert(k, value(v.as_str()));
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
            model_additions: vec!["class_methods".into()],
            prepend_added: false,
            migrations: [("create_registry".to_string(), "20200101000000".to_string())].into(),
            files: [("a.rb".to_string(), hash("x"))].into(),
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
    fn errors_name_the_line() {
        let err =
            Manifest::parse("[replicable.widget]\nstrategy = \"database\"\n").expect_err("bad");
        assert!(err.to_string().starts_with("geo-scaffold.toml:1:"), "{err}");
        let err = Manifest::parse("x = \n").expect_err("bad toml");
        assert!(err.to_string().contains("not valid TOML"), "{err}");
    }
}
