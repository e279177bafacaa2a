//! The one mechanism behind every per-type list: find the entries of the
//! framework types already present, copy the last type's group with its
//! spellings substituted, insert it after that group, and fix separators.
//!
//! Format modules (Ruby, JSON, Markdown) only turn a place in a file into a
//! [`List`] of keyed, whole-line items; everything else happens here, so the
//! rules (placement, idempotence, commas, removal) are the same everywhere.
//!
//! (Over 600 lines: placement, copying, ownership, pruning and removal share
//! one engine on purpose; about 150 lines are tests.)

use anyhow::{Result, bail};

use super::own::{What, normalize};
use super::{Edit, Mode, Types};
use crate::names::Names;

/// How items of a list are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Commas {
    /// No separators (`%w(...)`, Markdown rows, statements).
    None,
    /// A comma after every item but the last (JSON, Ruby hashes and arrays).
    Separated,
    /// A comma after every item, the last one too (JSON-like examples in
    /// docs, written with Ruby's trailing-comma habit).
    Trailing,
}

/// One entry of a list: its key and the whole lines it spans.
#[derive(Debug, Clone)]
pub struct Item {
    pub key: String,
    /// Byte offset of the first line's start.
    pub start: usize,
    /// Byte offset just past the last line's newline.
    pub end: usize,
}

/// A place in a file holding one entry (or block) per line.
#[derive(Debug)]
pub struct List<'s> {
    pub src: &'s str,
    pub items: Vec<Item>,
    /// Where new items go when the list is empty: the start of the line that
    /// closes the collection. (With items but no framework type, new items go
    /// after the last item.)
    pub append_at: usize,
    pub commas: Commas,
    /// Blocks separated by a blank line (spec `describe` blocks, methods).
    pub blank_between: bool,
    /// Indentation for items that are not copied from the file.
    pub indent: String,
    /// Which keys belong to a framework type, e.g. `|n| format!("{}_", n.plural)`
    /// (to place and copy entries; what a type owns is in its ledger).
    pub prefix: fn(&Names) -> String,
    /// What the manifest's ownership record calls this place.
    pub place: String,
}

/// Adjusts one copied item given its original: `(original, copied)`.
pub type FixItem<'a> = dyn Fn(&str, &str) -> String + 'a;
/// Adjusts a group of copied items together.
pub type FixGroup<'a> = dyn Fn(Vec<String>) -> Vec<String> + 'a;

/// Where the items to insert come from.
pub enum Source<'a> {
    /// The last framework type's own group in this list, copied and
    /// substituted; `fallback` is that group as written for `package_file`,
    /// used when no framework type is present yet.
    Copy {
        fallback: &'a [(&'a str, &'a str)],
        /// Adjusts a substituted item given its original (Markdown padding,
        /// a column the tree fills its own way): part of what the item
        /// renders, so that a re-run compares and records the same text.
        fix: Option<&'a FixItem<'a>>,
        /// Adjusts the rendered group as a whole (a column the tree aligns
        /// across a group), likewise part of what the items render.
        group: Option<&'a FixGroup<'a>>,
        /// Copy the largest group (the last of them) rather than the last
        /// one: where older types lack entries a newer framework added.
        fullest: bool,
    },
    /// Items rendered from templates (unindented): (key, text).
    Given(Vec<(String, String)>),
}

impl<'a> Source<'a> {
    /// Copy the last framework type's group; `fallback` when there is none.
    pub fn copy(fallback: &'a [(&'a str, &'a str)]) -> Source<'a> {
        Source::Copy {
            fallback,
            fix: None,
            group: None,
            fullest: false,
        }
    }
}

/// Rules for where new items go and what they copy, when a place differs
/// from the default (after the last framework group, copying it).
#[derive(Debug, Clone, Copy, Default)]
pub struct Placement {
    /// Copy this type's group (an index into `types.others`: the reference
    /// type of the new type's strategy) when it is in the list.
    pub copy_from: Option<usize>,
    /// The list is kept sorted: the new group goes before the first other
    /// item that sorts after its first item.
    pub sorted: Option<SortBy>,
}

/// What a sorted list is sorted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    /// The item's key.
    Key,
    /// The item's text, trimmed (a Markdown table sorted on its raw first cell).
    Text,
}

/// Errors unless every item sits on its own lines.
pub fn one_per_line(items: &[Item], path: &str, what: &str) -> Result<()> {
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

impl List<'_> {
    /// The edits that add the new type's items (`Add`), take out the ones
    /// that must be rendered again (`Prune`: changed by hand, stale, or no
    /// longer rendered), or take out all of them (`Remove`). The type's
    /// items are the ones its ledger says it owns, never "every item with
    /// its prefix"; what it inserts or keeps is claimed in the ledger.
    pub fn edits(&self, types: &Types, mode: Mode, source: Source) -> Vec<Edit> {
        self.edits_placed(types, mode, source, Placement::default())
    }

    /// [`List::edits`] with non-default placement rules.
    pub fn edits_placed(
        &self,
        types: &Types,
        mode: Mode,
        source: Source,
        placement: Placement,
    ) -> Vec<Edit> {
        let owners = self.owners(types);
        let last_other = owners.iter().rev().flatten().next().copied();
        // The reference type of the new type's strategy, where it is here.
        let pinned = placement.copy_from.filter(|c| owners.contains(&Some(*c)));
        let fullest = matches!(source, Source::Copy { fullest: true, .. });
        let first_from = match pinned {
            Some(c) => Some(c),
            None if fullest => {
                // The last of the largest groups, in the list's own order.
                let mut sizes = std::collections::HashMap::new();
                for o in owners.iter().flatten() {
                    *sizes.entry(*o).or_insert(0usize) += 1;
                }
                let mut best: Option<usize> = None;
                for o in owners.iter().flatten().copied() {
                    if best.is_none_or(|b| sizes[&o] >= sizes[&b]) {
                        best = Some(o);
                    }
                }
                best
            }
            None => last_other,
        };
        let mut candidates = self.candidates(types, &owners, first_from, &source);
        let mine: Vec<bool> = self
            .items
            .iter()
            .map(|it| {
                types.own.mine(
                    &self.place,
                    &it.key,
                    candidates.iter().map(|(k, _)| k.as_str()),
                )
            })
            .collect();
        // An existing type's items are copied from the group before them,
        // as they were when it was added (not from a type added after it).
        if let Some(first) = mine
            .iter()
            .position(|m| *m)
            .filter(|_| pinned.is_none() && !fullest)
        {
            let before = owners[..first].iter().rev().flatten().next().copied();
            if before.is_some() && before != first_from {
                candidates = self.candidates(types, &owners, before, &source);
            }
        }
        match mode {
            Mode::Add => self.insert(types, &owners, &mine, candidates, placement),
            Mode::Prune => self.prune(types, &mine, &candidates),
            Mode::Remove => self.remove(&mine),
        }
    }

    /// For each item, the index into `types.others` of the framework type
    /// owning its key by prefix (longest prefix wins; a prefix ends at a `_`
    /// or is the whole key). Used to place and copy entries, never to take
    /// them out. An item with the new type's prefix is nobody's here: the
    /// new type's items are the ones its ledger owns.
    fn owners(&self, types: &Types) -> Vec<Option<usize>> {
        let prefixes: Vec<String> = types.all().map(|n| (self.prefix)(n)).collect();
        let by_prefix: std::collections::HashMap<&str, usize> = prefixes
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), i))
            .collect();
        let new_idx = types.new_index();
        self.items
            .iter()
            .map(|it| {
                let key = it.key.as_str();
                (1..=key.len())
                    .rev()
                    .filter(|&i| i == key.len() || key.as_bytes()[i - 1] == b'_')
                    .filter(|&i| key.is_char_boundary(i))
                    .find_map(|i| by_prefix.get(&key[..i]).copied())
                    .filter(|&o| o != new_idx)
            })
            .collect()
    }

    fn text(&self, item: &Item) -> &str {
        &self.src[item.start..item.end]
    }

    fn indent_of(&self, item: &Item) -> String {
        let line = self.text(item);
        line[..line.len() - line.trim_start().len()].to_string()
    }

    /// The new type's items, `(key, text)`: copied from the group of the
    /// other type `from` with spellings substituted, or given.
    fn candidates(
        &self,
        types: &Types,
        owners: &[Option<usize>],
        from: Option<usize>,
        source: &Source,
    ) -> Vec<(String, String)> {
        let indent = owners
            .iter()
            .rposition(Option::is_some)
            .or(self.items.len().checked_sub(1))
            .map_or_else(|| self.indent.clone(), |i| self.indent_of(&self.items[i]));
        let finish = |items: Vec<(String, String)>| match source {
            Source::Copy {
                group: Some(group), ..
            } => {
                let (keys, texts): (Vec<String>, Vec<String>) = items.into_iter().unzip();
                keys.into_iter().zip(group(texts)).collect()
            }
            _ => items,
        };
        let items = match source {
            Source::Copy { fallback, fix, .. } => match from {
                Some(o) => {
                    let from = types.get(o);
                    self.items
                        .iter()
                        .zip(owners)
                        .filter(|(_, owner)| **owner == Some(o))
                        .map(|(it, _)| {
                            let orig = self.text(it);
                            let mut text = from.substitute(orig, types.new);
                            if let Some(fix) = fix {
                                text = fix(orig, &text);
                            }
                            (from.substitute(&it.key, types.new), text)
                        })
                        .collect()
                }
                None => {
                    let reference = Names::reference();
                    fallback
                        .iter()
                        .map(|(k, t)| {
                            let mut text =
                                crate::render::indent(&reference.substitute(t, types.new), &indent);
                            if let Some(fix) = fix {
                                text = fix(t, &text);
                            }
                            (reference.substitute(k, types.new), text)
                        })
                        .collect()
                }
            },
            Source::Given(items) => items
                .iter()
                .map(|(k, t)| (k.clone(), crate::render::indent(t, &indent)))
                .collect(),
        };
        finish(items)
    }

    /// The edits that add the new type's missing items, claiming every item
    /// it owns; empty when all are present.
    fn insert(
        &self,
        types: &Types,
        owners: &[Option<usize>],
        mine: &[bool],
        candidates: Vec<(String, String)>,
        placement: Placement,
    ) -> Vec<Edit> {
        let own = types.own;
        let place = self.place.as_str();
        let present = |k: &str| self.items.iter().position(|it| it.key == k);
        let mut wanted: Vec<(String, String)> = Vec::new();
        for (k, text) in candidates {
            match present(&k) {
                Some(i) if mine[i] => {
                    let current = self.text(&self.items[i]);
                    if normalize(current) == normalize(&text) {
                        own.claim(place, &k, current);
                    } else if own.accepting() || own.accepted(place, &k, Some(current)) {
                        own.claim_accepted(place, &k, Some(current));
                    } else {
                        // Left to the prune that runs first; reported.
                        own.note_changed(place, &k, current);
                        own.claim(place, &k, &text);
                    }
                    wanted.push((k, text));
                }
                Some(_) => {
                    own.note(place, &k, What::Foreign);
                    wanted.push((k, text));
                }
                None if own.accepted(place, &k, None)
                    || (own.accepting() && own.recorded_hash(place, &k).is_some()) =>
                {
                    own.claim_accepted(place, &k, None);
                }
                None if own.accepting() => {}
                None => {
                    if !own.is_fresh() {
                        own.note(place, &k, What::Missing);
                    }
                    own.claim(place, &k, &text);
                    wanted.push((k, text));
                }
            }
        }
        // The type's items no longer rendered under their key: the prune
        // that runs next takes them out.
        for (it, _) in self.items.iter().zip(mine).filter(|(_, m)| **m) {
            if !wanted.iter().any(|(k, _)| *k == it.key) && !own.accepting() {
                own.note(place, &it.key, What::Orphan);
            }
        }
        if wanted.iter().all(|(k, _)| present(k).is_some()) {
            return Vec::new();
        }
        // Where each missing item goes: after the new type's previous item
        // when some of its items are already here (a hand-deleted entry comes
        // back in its place), else after the last framework group.
        let anchor = (0..self.items.len())
            .rev()
            .find(|&i| owners[i].is_some() || mine[i]);
        let group_end = match (anchor, self.items.last()) {
            (Some(a), _) => self.items[a].end,
            (None, Some(last)) => last.end,
            (None, None) => self.append_at,
        };
        let group_end = match (placement.sorted, wanted.first()) {
            (Some(by), Some((key, text))) => {
                let sort = |k: &str, t: &str| match by {
                    SortBy::Key => k.to_string(),
                    SortBy::Text => t.trim().to_string(),
                };
                let new_first = sort(key, text);
                // Right after the item before the first greater one, so the
                // separators are those of an insertion after a group.
                let greater = (0..self.items.len()).find(|&i| {
                    !mine[i] && sort(&self.items[i].key, self.text(&self.items[i])) > new_first
                });
                match greater {
                    Some(0) => self.items[0].start,
                    Some(i) => self.items[i - 1].end,
                    None => self.items.last().map_or(self.append_at, |l| l.end),
                }
            }
            _ => group_end,
        };
        let first_present = wanted.iter().find_map(|(k, _)| present(k));
        let mut groups: Vec<(usize, Vec<String>)> = Vec::new();
        let mut pos = first_present.map_or(group_end, |i| self.items[i].start);
        for (k, text) in wanted {
            match present(&k) {
                Some(i) => pos = self.items[i].end,
                None => match groups.last_mut() {
                    Some((p, texts)) if *p == pos => texts.push(text),
                    _ => groups.push((pos, vec![text])),
                },
            }
        }
        groups
            .into_iter()
            .flat_map(|(pos, texts)| self.emit(pos, texts))
            .collect()
    }

    /// The edits that take out the new type's items that must be rendered
    /// again: changed by hand (unless accepted), stale, or no longer
    /// rendered under their key. The insert that follows puts the rendered
    /// ones back in their places.
    fn prune(&self, types: &Types, mine: &[bool], candidates: &[(String, String)]) -> Vec<Edit> {
        let own = types.own;
        if own.accepting() {
            return Vec::new();
        }
        let place = self.place.as_str();
        let drop: Vec<bool> = self
            .items
            .iter()
            .zip(mine)
            .map(|(it, &m)| {
                if !m {
                    return false;
                }
                let current = self.text(it);
                match candidates.iter().find(|(k, _)| *k == it.key) {
                    None => {
                        own.note(place, &it.key, What::Orphan);
                        true
                    }
                    Some((_, text)) if normalize(current) != normalize(text) => {
                        if own.accepted(place, &it.key, Some(current)) {
                            return false;
                        }
                        own.note_changed(place, &it.key, current);
                        true
                    }
                    Some(_) => false,
                }
            })
            .collect();
        self.remove(&drop)
    }

    /// The edits inserting `texts` at `pos`, with the list's separators.
    fn emit(&self, pos: usize, mut texts: Vec<String>) -> Vec<Edit> {
        let before = self.items.iter().rposition(|it| it.end <= pos);
        let items_after = self.items.iter().any(|it| it.start >= pos);
        let mut edits = Vec::new();
        if self.commas == Commas::Separated {
            let last = texts.len() - 1;
            for (i, text) in texts.iter_mut().enumerate() {
                *text = set_comma(text, i < last || items_after);
            }
            if let Some(b) = before {
                let item = &self.items[b];
                let text = self.text(item);
                if !items_after && !has_comma(text) {
                    let at = item.start + content_end(text);
                    edits.push(Edit::insert(at, ","));
                }
            }
        }
        if self.commas == Commas::Trailing {
            for text in texts.iter_mut() {
                *text = set_comma(text, true);
            }
        }
        // A blank line before a block unless it opens its parent or follows one.
        let prev = self.src[..pos].trim_end_matches('\n');
        let prev_line = prev[prev.rfind('\n').map_or(0, |i| i + 1)..].trim();
        let opens =
            prev_line.ends_with(" do") || prev_line.ends_with('{') || prev_line.ends_with('|');
        let after_blank = self.src[..pos].ends_with("\n\n");
        // Going back before an entry that a blank line already precedes (a
        // pruned or deleted first block): the blank line goes after it.
        let before_next = after_blank && items_after;
        let blank_first = !before_next && (before.is_some() || !(opens || after_blank));
        let mut block = String::new();
        for (i, text) in texts.iter().enumerate() {
            if self.blank_between && (i > 0 || blank_first) {
                block.push('\n');
            }
            block.push_str(text);
        }
        if self.blank_between && items_after && (before.is_none() || before_next) {
            block.push('\n');
        }
        edits.push(Edit::insert(pos, &block));
        edits
    }

    /// The edits that take the items marked in `owned` out, undoing the
    /// comma that adding them gave the previous item.
    fn remove(&self, owned: &[bool]) -> Vec<Edit> {
        if !owned.contains(&true) {
            return Vec::new();
        }
        let mut edits = Vec::new();
        for (it, _) in self.items.iter().zip(owned).filter(|(_, o)| **o) {
            let mut start = it.start;
            if self.blank_between && self.src[..start].ends_with("\n\n") {
                start -= 1;
            }
            edits.push(Edit::replace(start, it.end, ""));
        }
        if self.commas == Commas::Separated
            && owned.last() == Some(&true)
            && let Some(keep) = owned.iter().rposition(|o| !o)
        {
            let item = &self.items[keep];
            let text = self.text(item);
            if has_comma(text) {
                let at = item.start + content_end(text);
                edits.push(Edit::replace(at - 1, at, ""));
            }
        }
        edits
    }
}

/// Byte length of `text` up to its last non-whitespace character.
fn content_end(text: &str) -> usize {
    text.trim_end().len()
}

fn has_comma(text: &str) -> bool {
    text.trim_end().ends_with(',')
}

fn set_comma(text: &str, comma: bool) -> String {
    let end = content_end(text);
    let (body, tail) = text.split_at(end);
    let body = body.strip_suffix(',').unwrap_or(body);
    format!("{body}{}{tail}", if comma { "," } else { "" })
}

/// Byte offset of the start of the line holding `pos`.
pub fn line_start(src: &str, pos: usize) -> usize {
    src[..pos].rfind('\n').map_or(0, |i| i + 1)
}

/// Byte offset just past the newline ending the line holding `pos`.
pub fn line_end(src: &str, pos: usize) -> usize {
    src[pos..].find('\n').map_or(src.len(), |i| pos + i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::testing::Widget;

    fn line_items(src: &str) -> Vec<Item> {
        let mut items = Vec::new();
        let mut off = 0;
        for line in src.split_inclusive('\n') {
            let t = line.trim();
            if !t.is_empty() && t != "{" && t != "}" {
                let key = t
                    .trim_end_matches(',')
                    .split(':')
                    .next()
                    .unwrap()
                    .trim_matches('"');
                items.push(Item {
                    key: key.to_string(),
                    start: off,
                    end: off + line.len(),
                });
            }
            off += line.len();
        }
        items
    }

    fn list(src: &str) -> List<'_> {
        List {
            src,
            items: line_items(src),
            append_at: src.rfind('}').unwrap(),
            commas: Commas::Separated,
            blank_between: false,
            indent: "  ".into(),
            prefix: |n| format!("{}_", n.plural),
            place: "test".into(),
        }
    }

    fn copy() -> Source<'static> {
        Source::Copy {
            fallback: &[],
            fix: None,
            group: None,
            fullest: false,
        }
    }

    fn apply(src: &str, edits: Vec<Edit>) -> String {
        super::super::apply_edits(src, edits).expect("edits do not overlap")
    }

    #[test]
    fn appends_after_last_group_and_moves_the_comma() {
        let src = "{\n  \"a\": 1,\n  \"package_files_count\": 2\n}\n";
        let w = Widget::after_reference();
        let types = w.types();
        let out = apply(src, list(src).edits(&types, Mode::Add, copy()));
        assert_eq!(
            out,
            "{\n  \"a\": 1,\n  \"package_files_count\": 2,\n  \"widgets_count\": 2\n}\n"
        );
        // Idempotent by meaning.
        assert!(list(&out).edits(&types, Mode::Add, copy()).is_empty());
        // And removal restores the bytes.
        assert_eq!(
            apply(&out, list(&out).edits(&types, Mode::Remove, copy())),
            src
        );
    }

    #[test]
    fn inserts_in_the_middle_without_touching_neighbours() {
        let src = "{\n  \"package_files_count\": 2,\n  \"z\": 1\n}\n";
        let w = Widget::after_reference();
        let types = w.types();
        let out = apply(src, list(src).edits(&types, Mode::Add, copy()));
        assert_eq!(
            out,
            "{\n  \"package_files_count\": 2,\n  \"widgets_count\": 2,\n  \"z\": 1\n}\n"
        );
        assert_eq!(
            apply(&out, list(&out).edits(&types, Mode::Remove, copy())),
            src
        );
    }

    /// `fullest` copies the largest group (older types may lack rows a newer
    /// framework added), still inserting after the last group.
    #[test]
    fn fullest_copies_the_largest_group() {
        let src = "{\n  \"apples_a\": 1,\n  \"apples_b\": 2,\n  \"pears_a\": 3\n}\n";
        let widget = Names::existing("widget", None, None, None);
        let others = [
            Names::existing("apple", None, None, None),
            Names::existing("pear", None, None, None),
        ];
        let own = crate::patch::own::Ledger::new(crate::patch::own::Recorded::Legacy, false);
        let types = Types {
            new: &widget,
            others: &others,
            own: &own,
        };
        let source = |fullest| Source::Copy {
            fallback: &[],
            fix: None,
            group: None,
            fullest,
        };
        let out = apply(src, list(src).edits(&types, Mode::Add, source(true)));
        assert_eq!(
            out,
            "{\n  \"apples_a\": 1,\n  \"apples_b\": 2,\n  \"pears_a\": 3,\n  \"widgets_a\": 1,\n  \"widgets_b\": 2\n}\n"
        );
        assert_eq!(
            apply(&out, list(&out).edits(&types, Mode::Remove, source(true))),
            src
        );
        let last = apply(src, list(src).edits(&types, Mode::Add, source(false)));
        assert!(
            last.ends_with("\"pears_a\": 3,\n  \"widgets_a\": 3\n}\n"),
            "{last}"
        );
    }

    #[test]
    fn falls_back_to_the_end_when_no_type_is_present() {
        let src = "{\n  \"a\": 1\n}\n";
        let widget = Names::existing("widget", None, None, None);
        let own = crate::patch::own::Ledger::scratch();
        let types = Types {
            new: &widget,
            others: &[],
            own: &own,
        };
        let fallback = [("package_files_count", "\"package_files_count\": 0\n")];
        let out = apply(
            src,
            list(src).edits(
                &types,
                Mode::Add,
                Source::Copy {
                    fallback: &fallback,
                    fix: None,
                    group: None,
                    fullest: false,
                },
            ),
        );
        assert_eq!(out, "{\n  \"a\": 1,\n  \"widgets_count\": 0\n}\n");
    }
}
