//! Ownership of shared-file entries: what a type's scaffold inserted in each
//! place of a shared file (the entry's key and a hash of its text), as the
//! manifest records it. Patchers report what they insert and keep here, and
//! ask here which entries are the type's; removal and re-rendering touch
//! only those, never "everything with the type's prefix".
//!
//! The record is format-agnostic: a place is whatever a patcher calls the
//! spot it edits (`PROMETHEUS_METRICS`, `trait :healthy`, `## Sidekiq
//! metrics`), a key is the entry's key in that place.

use std::collections::BTreeMap;
use std::sync::Mutex;

/// A type's entries in one shared file: place -> key -> hash.
pub type Places = BTreeMap<String, BTreeMap<String, String>>;

/// The hash recorded for an entry that `geo-scaffold accept` recorded as
/// deliberately deleted.
pub const ACCEPTED_ABSENT: &str = "accepted:absent";
const ACCEPTED: &str = "accepted:";

/// What the manifest says about the type's entries in one file.
#[derive(Debug, Clone)]
pub enum Recorded {
    /// The manifest does not record the type: every entry already in the
    /// file is someone else's.
    Fresh,
    /// The manifest records the type but predates ownership records: the
    /// type's own keys (what it would insert) are taken as its entries.
    Legacy,
    /// The entries the manifest records in this file.
    Claims(Places),
}

/// Something a patcher noticed about one of the type's entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub place: String,
    pub key: String,
    pub what: What,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// The entry the type would insert already stands, and is not the type's.
    Foreign,
    /// The type's entry is not there.
    Missing,
    /// The type's entry is as written but renders differently now (options
    /// or templates changed).
    Stale,
    /// The type's entry was changed by hand.
    Edited,
    /// The type's entry is no longer rendered at all (its key changed).
    Orphan,
}

/// The ownership side of patching one file for one type: what is recorded,
/// and what this run claims (interior mutability: patchers receive it
/// through [`super::Types`], by shared reference).
#[derive(Debug)]
pub struct Ledger {
    recorded: Recorded,
    /// `geo-scaffold accept`: record entries as they stand instead of
    /// restoring them.
    accepting: bool,
    claims: Mutex<Places>,
    found: Mutex<Vec<Found>>,
}

impl Ledger {
    pub fn new(recorded: Recorded, accepting: bool) -> Ledger {
        Ledger {
            recorded,
            accepting,
            claims: Mutex::default(),
            found: Mutex::default(),
        }
    }

    /// A ledger whose claims nobody reads (a generated file's skeleton, unit tests).
    pub fn scratch() -> Ledger {
        Ledger::new(Recorded::Fresh, false)
    }

    pub fn is_fresh(&self) -> bool {
        matches!(self.recorded, Recorded::Fresh)
    }

    pub fn accepting(&self) -> bool {
        self.accepting
    }

    /// Whether the entry `key` in `place` is the type's: recorded as
    /// inserted, or (for a manifest without records) one of `wanted`, the
    /// keys the type would insert there.
    pub fn mine<'k>(
        &self,
        place: &str,
        key: &str,
        wanted: impl IntoIterator<Item = &'k str>,
    ) -> bool {
        match &self.recorded {
            Recorded::Fresh => false,
            Recorded::Legacy => wanted.into_iter().any(|k| k == key),
            Recorded::Claims(p) => p.get(place).is_some_and(|keys| keys.contains_key(key)),
        }
    }

    /// The recorded hash of an entry.
    pub fn recorded_hash(&self, place: &str, key: &str) -> Option<&str> {
        match &self.recorded {
            Recorded::Claims(p) => p.get(place)?.get(key).map(String::as_str),
            _ => None,
        }
    }

    /// Whether the type's entry `key`, now reading `current`, is a hand edit
    /// recorded with `geo-scaffold accept` (or `None` for "deleted").
    pub fn accepted(&self, place: &str, key: &str, current: Option<&str>) -> bool {
        let Some(h) = self.recorded_hash(place, key) else {
            return false;
        };
        match current {
            None => h == ACCEPTED_ABSENT,
            Some(text) => h.strip_prefix(ACCEPTED) == Some(hash(text).as_str()),
        }
    }

    /// Records that the type owns entry `key` in `place`, reading `text`.
    pub fn claim(&self, place: &str, key: &str, text: &str) {
        self.claim_hash(place, key, hash(text));
    }

    /// Records entry `key` as a hand edit kept on purpose (`None`: deleted).
    pub fn claim_accepted(&self, place: &str, key: &str, current: Option<&str>) {
        let h = match current {
            None => ACCEPTED_ABSENT.to_string(),
            Some(text) => format!("{ACCEPTED}{}", hash(text)),
        };
        self.claim_hash(place, key, h);
    }

    fn claim_hash(&self, place: &str, key: &str, h: String) {
        self.claims
            .lock()
            .expect("ledger lock")
            .entry(place.to_string())
            .or_default()
            .insert(key.to_string(), h);
    }

    pub fn note(&self, place: &str, key: &str, what: What) {
        let f = Found {
            place: place.to_string(),
            key: key.to_string(),
            what,
        };
        let mut found = self.found.lock().expect("ledger lock");
        if !found.contains(&f) {
            found.push(f);
        }
    }

    /// Notes how the type's present entry `key` differs from what it renders:
    /// edited by hand, or as written but stale.
    pub fn note_changed(&self, place: &str, key: &str, current: &str) {
        let as_written = self.recorded_hash(place, key) == Some(hash(current).as_str());
        let what = if as_written {
            What::Stale
        } else {
            What::Edited
        };
        self.note(place, key, what);
    }

    /// For a place edited by its own code rather than a list: what an `Add`
    /// does with the type's entry `key` (rendering `text`, standing as
    /// `current`). Returns whether to insert it; claims the entry when the
    /// type keeps or inserts it. An entry that stands and is not the type's
    /// is left alone (the caller says whether that is a conflict).
    pub fn add_one(&self, place: &str, key: &str, text: &str, current: Option<&str>) -> bool {
        match current {
            Some(cur) => {
                if self.mine(place, key, [key]) {
                    if normalize(cur) == normalize(text) {
                        self.claim(place, key, cur);
                    } else if self.accepting || self.accepted(place, key, Some(cur)) {
                        self.claim_accepted(place, key, Some(cur));
                    } else {
                        self.note_changed(place, key, cur);
                        self.claim(place, key, text);
                    }
                }
                false
            }
            None => {
                if self.accepted(place, key, None)
                    || (self.accepting && self.recorded_hash(place, key).is_some())
                {
                    self.claim_accepted(place, key, None);
                    return false;
                }
                if self.accepting {
                    return false;
                }
                if !self.is_fresh() {
                    self.note(place, key, What::Missing);
                }
                self.claim(place, key, text);
                true
            }
        }
    }

    /// Whether a patch noticed entries of the type that must be taken out
    /// and rendered again (changed by hand, stale, or no longer rendered).
    pub fn must_render_again(&self) -> bool {
        self.found
            .lock()
            .expect("ledger lock")
            .iter()
            .any(|f| matches!(f.what, What::Edited | What::Stale | What::Orphan))
    }

    /// Forgets what this run claimed and noticed, to patch the file again.
    pub fn restart(&self) {
        self.claims.lock().expect("ledger lock").clear();
        self.found.lock().expect("ledger lock").clear();
    }

    /// What this run claims, and what it noticed.
    pub fn finish(self) -> (Places, Vec<Found>) {
        (
            self.claims.into_inner().expect("ledger lock"),
            self.found.into_inner().expect("ledger lock"),
        )
    }
}

/// Two texts of an entry are the same entry when they differ only in
/// indentation, padding inside a line, trailing spaces and the separator
/// after the entry (a JSON or Ruby list moves the comma when entries are
/// added after it).
pub fn normalize(text: &str) -> String {
    let mut lines: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    while lines.first().is_some_and(String::is_empty) {
        lines.remove(0);
    }
    let mut out = lines.join("\n");
    if out.ends_with(',') {
        out.pop();
    }
    out
}

/// The hash recorded for an entry: of its normalized text, 12 hex digits
/// (enough to tell an edited entry from the one written).
pub fn hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(normalize(text).as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalized_text_ignores_padding_and_the_separator() {
        assert_eq!(
            hash("  attr_in_percentage :a,   :b\n"),
            hash("attr_in_percentage :a, :b")
        );
        assert_eq!(hash("  \"a\": 1,\n"), hash("  \"a\": 1\n"));
        assert_ne!(hash("a { 1 }\n"), hash("a { 2 }\n"));
        // A blank line inside a block counts.
        assert_ne!(hash("a\n\nb\n"), hash("a\nb\n"));
    }

    #[test]
    fn mine_by_record_not_by_prefix() {
        let mut p = Places::new();
        p.entry("X".into())
            .or_default()
            .insert("widgets_count".into(), hash("widgets_count"));
        let l = Ledger::new(Recorded::Claims(p), false);
        assert!(l.mine("X", "widgets_count", []));
        assert!(!l.mine("X", "widgets_legacy_count", ["widgets_legacy_count"]));
        assert!(!l.mine("Y", "widgets_count", []));
        let legacy = Ledger::new(Recorded::Legacy, false);
        assert!(legacy.mine("X", "widgets_count", ["widgets_count"]));
        assert!(!legacy.mine("X", "widgets_legacy_count", ["widgets_count"]));
        assert!(!Ledger::scratch().mine("X", "widgets_count", ["widgets_count"]));
    }
}
