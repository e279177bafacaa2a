//! Patchers: edit existing GitLab files by inserting (or removing) only the
//! lines that belong to one replicable type. Every edit is computed from one
//! read of the file and applied in memory; nothing here touches the disk.

pub mod json;
pub mod list;
pub mod markdown;
pub mod own;
pub mod ruby;

use anyhow::{Result, bail};

use crate::names::Names;

/// Replace `start..end` of a file with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Edit {
    pub fn insert(at: usize, text: &str) -> Edit {
        Edit {
            start: at,
            end: at,
            text: text.to_string(),
        }
    }

    pub fn replace(start: usize, end: usize, text: &str) -> Edit {
        Edit {
            start,
            end,
            text: text.to_string(),
        }
    }
}

/// Applies non-overlapping edits to `src`. Insertions at the same offset keep
/// their order.
pub fn apply_edits(src: &str, mut edits: Vec<Edit>) -> Result<String> {
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out =
        String::with_capacity(src.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut at = 0;
    for e in &edits {
        if e.start < at {
            bail!("internal error: overlapping edits at byte {}", e.start);
        }
        out.push_str(&src[at..e.start]);
        out.push_str(&e.text);
        at = e.end;
    }
    out.push_str(&src[at..]);
    Ok(out)
}

/// The type being scaffolded (or removed) and the framework types already
/// wired into the tree, in the order `Gitlab::Geo.replicator_classes` lists
/// them, and the new type's ownership of entries in the file being patched.
#[derive(Debug, Clone, Copy)]
pub struct Types<'a> {
    pub new: &'a Names,
    pub others: &'a [Names],
    pub own: &'a own::Ledger,
}

impl<'a> Types<'a> {
    /// The other types, then the new one.
    pub fn all(&self) -> impl Iterator<Item = &'a Names> + 'a {
        self.others.iter().chain(std::iter::once(self.new))
    }

    pub fn new_index(&self) -> usize {
        self.others.len()
    }

    pub fn get(&self, i: usize) -> &'a Names {
        self.others.get(i).unwrap_or(self.new)
    }
}

/// Whether a patch adds the type's entries or takes them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Add,
    /// Take out the type's entries that must be rendered again (changed by
    /// hand, stale, or no longer rendered), before an `Add` puts them back:
    /// how a re-run, `sync` and `check` replace old entries in place.
    Prune,
    Remove,
}

/// A type to scaffold beside the reference type, for unit tests of patchers.
#[cfg(test)]
pub mod testing {
    use std::collections::BTreeMap;

    use super::Types;
    use super::own::{Ledger, Recorded};
    use crate::names::Names;
    use crate::plan::Facts;
    use crate::probe::Probes;
    use crate::render::Context;
    use crate::steps::model_link::Additions;
    use crate::strategy::Strategy;

    /// `widget` (blob), and the framework types already in the tree.
    pub struct Widget {
        pub new: Names,
        pub others: Vec<Names>,
        pub probes: Probes,
        pub additions: Additions,
        pub timestamps: BTreeMap<String, String>,
        /// Owns what it would insert (as a manifest without records says),
        /// so that a removal after an insertion takes it out again.
        pub own: Ledger,
        pub facts: Facts,
        pub strategy: Strategy,
    }

    impl Widget {
        /// Widget after PackageFile, the reference type.
        pub fn after_reference() -> Widget {
            Widget {
                new: Names::existing("widget", None, None, Some("Widget")),
                others: vec![Names::reference()],
                probes: Probes::seed(),
                additions: Additions::default(),
                timestamps: BTreeMap::new(),
                own: Ledger::new(Recorded::Legacy, false),
                facts: Facts::default(),
                strategy: Strategy::Blob,
            }
        }

        /// A type of a 15.x+ tree (no framework type listed), with `facts`.
        pub fn concern(new: Names, strategy: Strategy, generator: bool, facts: Facts) -> Widget {
            let mut probes = Probes::states();
            probes.in_tree_generator.value = generator;
            Widget {
                new,
                others: Vec::new(),
                probes,
                additions: Additions::default(),
                timestamps: BTreeMap::new(),
                facts,
                strategy,
                own: Ledger::new(Recorded::Legacy, false),
            }
        }

        /// Widget in a tree with no framework type yet.
        pub fn alone() -> Widget {
            Widget {
                others: Vec::new(),
                ..Widget::after_reference()
            }
        }

        pub fn types(&self) -> Types<'_> {
            Types {
                new: &self.new,
                others: &self.others,
                own: &self.own,
            }
        }

        pub fn ctx(&self, scopes_added: bool) -> Context<'_> {
            Context {
                n: &self.new,
                probes: &self.probes,
                strategy: self.strategy,
                feature_flag: "f",
                scopes_added,
                verification_table: crate::probe::VerificationTable::Model,
                model: crate::render::ModelFacts::default(),
                flag_defined: false,
                traits_defined: false,
                additions: &self.additions,
                timestamps: &self.timestamps,
                facts: &self.facts,
            }
        }
    }
}
