//! The one mechanism behind every per-type list: find the entries of the
//! framework types already present, copy the last type's group with its
//! spellings substituted, insert it after that group, and fix separators.
//!
//! Format modules (Ruby, JSON, Markdown) only turn a place in a file into a
//! [`List`] of keyed, whole-line items; everything else happens here, so the
//! rules (placement, idempotence, commas, removal) are the same everywhere.

use anyhow::{Result, bail};

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
    /// Which keys belong to a type, e.g. `|n| format!("{}_", n.plural)`.
    pub prefix: fn(&Names) -> String,
}

/// Where the items to insert come from.
pub enum Source<'a> {
    /// The last framework type's own group in this list, copied and
    /// substituted; `fallback` is that group as written for `package_file`,
    /// used when no framework type is present yet.
    Copy {
        fallback: &'a [(&'a str, &'a str)],
        /// Adjusts a substituted item given its original (Markdown padding).
        fix: Option<fn(&str, &str) -> String>,
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
    /// The edits that add (or remove) the new type's items.
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
        match mode {
            Mode::Add => self.insert_placed(types, source, placement),
            Mode::Remove => self.remove(types),
        }
    }

    /// For each item, the index into `types.all()` of the type owning its
    /// key (longest prefix wins; a prefix ends at a `_` or is the whole key).
    fn owners(&self, types: &Types) -> Vec<Option<usize>> {
        let prefixes: Vec<String> = types.all().map(|n| (self.prefix)(n)).collect();
        let by_prefix: std::collections::HashMap<&str, usize> = prefixes
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), i))
            .collect();
        self.items
            .iter()
            .map(|it| {
                let key = it.key.as_str();
                (1..=key.len())
                    .rev()
                    .filter(|&i| i == key.len() || key.as_bytes()[i - 1] == b'_')
                    .filter(|&i| key.is_char_boundary(i))
                    .find_map(|i| by_prefix.get(&key[..i]).copied())
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

    /// The edits that add the new type's items; empty when all are present.
    pub fn insert(&self, types: &Types, source: Source) -> Vec<Edit> {
        self.insert_placed(types, source, Placement::default())
    }

    fn insert_placed(&self, types: &Types, source: Source, placement: Placement) -> Vec<Edit> {
        let owners = self.owners(types);
        let new_idx = types.new_index();
        let anchor = owners.iter().rposition(Option::is_some);
        let last_other = owners
            .iter()
            .rev()
            .flatten()
            .find(|&&o| o != new_idx)
            .copied();
        let copy_from = match source {
            // The reference type of the new type's strategy, where it is here.
            _ if placement
                .copy_from
                .is_some_and(|c| c != new_idx && owners.contains(&Some(c))) =>
            {
                placement.copy_from
            }
            Source::Copy { fullest: true, .. } => {
                let size = |o: usize| owners.iter().filter(|x| **x == Some(o)).count();
                // The last of the largest groups, in the list's own order.
                let mut best: Option<usize> = None;
                for o in owners.iter().flatten().copied().filter(|&o| o != new_idx) {
                    if best.is_none_or(|b| size(o) >= size(b)) {
                        best = Some(o);
                    }
                }
                best
            }
            _ => last_other,
        };
        let indent = anchor
            .or(self.items.len().checked_sub(1))
            .map_or_else(|| self.indent.clone(), |i| self.indent_of(&self.items[i]));

        let candidates: Vec<(String, String)> = match source {
            Source::Copy { fallback, fix, .. } => match copy_from {
                Some(o) => {
                    let from = types.get(o);
                    self.items
                        .iter()
                        .zip(&owners)
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
                            (
                                reference.substitute(k, types.new),
                                crate::render::indent(&reference.substitute(t, types.new), &indent),
                            )
                        })
                        .collect()
                }
            },
            Source::Given(items) => items
                .into_iter()
                .map(|(k, t)| (k, crate::render::indent(&t, &indent)))
                .collect(),
        };
        let present = |k: &str| self.items.iter().position(|it| it.key == k);
        if candidates.iter().all(|(k, _)| present(k).is_some()) {
            return Vec::new();
        }
        // Where each missing item goes: after the new type's previous item
        // when some of its items are already here (a hand-deleted entry comes
        // back in its place), else after the last framework group.
        let group_end = match (anchor, self.items.last()) {
            (Some(a), _) => self.items[a].end,
            (None, Some(last)) => last.end,
            (None, None) => self.append_at,
        };
        let group_end = match (placement.sorted, candidates.first()) {
            (Some(by), Some((key, text))) => {
                let sort = |k: &str, t: &str| match by {
                    SortBy::Key => k.to_string(),
                    SortBy::Text => t.trim().to_string(),
                };
                let new_first = sort(key, text);
                // Right after the item before the first greater one, so the
                // separators are those of an insertion after a group.
                let greater = (0..self.items.len()).find(|&i| {
                    owners[i] != Some(new_idx)
                        && sort(&self.items[i].key, self.text(&self.items[i])) > new_first
                });
                match greater {
                    Some(0) => self.items[0].start,
                    Some(i) => self.items[i - 1].end,
                    None => self.items.last().map_or(self.append_at, |l| l.end),
                }
            }
            _ => group_end,
        };
        let first_present = candidates.iter().find_map(|(k, _)| present(k));
        let mut groups: Vec<(usize, Vec<String>)> = Vec::new();
        let mut pos = first_present.map_or(group_end, |i| self.items[i].start);
        for (k, text) in candidates {
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
        let blank_first = before.is_some() || !(opens || self.src[..pos].ends_with("\n\n"));
        let mut block = String::new();
        for (i, text) in texts.iter().enumerate() {
            if self.blank_between && (i > 0 || blank_first) {
                block.push('\n');
            }
            block.push_str(text);
        }
        if self.blank_between && before.is_none() && items_after {
            block.push('\n');
        }
        edits.push(Edit::insert(pos, &block));
        edits
    }

    /// The edits that take the new type's items out again, undoing the comma
    /// that adding them gave the previous item.
    pub fn remove(&self, types: &Types) -> Vec<Edit> {
        let new_idx = types.new_index();
        let owned: Vec<bool> = self
            .owners(types)
            .into_iter()
            .map(|o| o == Some(new_idx))
            .collect();
        if !owned.contains(&true) {
            return Vec::new();
        }
        let mut edits = Vec::new();
        for (it, _) in self.items.iter().zip(&owned).filter(|(_, o)| **o) {
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
        }
    }

    fn copy() -> Source<'static> {
        Source::Copy {
            fallback: &[],
            fix: None,
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
        let out = apply(src, list(src).insert(&types, copy()));
        assert_eq!(
            out,
            "{\n  \"a\": 1,\n  \"package_files_count\": 2,\n  \"widgets_count\": 2\n}\n"
        );
        // Idempotent by meaning.
        assert!(list(&out).insert(&types, copy()).is_empty());
        // And removal restores the bytes.
        assert_eq!(apply(&out, list(&out).remove(&types)), src);
    }

    #[test]
    fn inserts_in_the_middle_without_touching_neighbours() {
        let src = "{\n  \"package_files_count\": 2,\n  \"z\": 1\n}\n";
        let w = Widget::after_reference();
        let types = w.types();
        let out = apply(src, list(src).insert(&types, copy()));
        assert_eq!(
            out,
            "{\n  \"package_files_count\": 2,\n  \"widgets_count\": 2,\n  \"z\": 1\n}\n"
        );
        assert_eq!(apply(&out, list(&out).remove(&types)), src);
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
        let types = Types {
            new: &widget,
            others: &others,
        };
        let source = |fullest| Source::Copy {
            fallback: &[],
            fix: None,
            fullest,
        };
        let out = apply(src, list(src).insert(&types, source(true)));
        assert_eq!(
            out,
            "{\n  \"apples_a\": 1,\n  \"apples_b\": 2,\n  \"pears_a\": 3,\n  \"widgets_a\": 1,\n  \"widgets_b\": 2\n}\n"
        );
        assert_eq!(apply(&out, list(&out).remove(&types)), src);
        let last = apply(src, list(src).insert(&types, source(false)));
        assert!(
            last.ends_with("\"pears_a\": 3,\n  \"widgets_a\": 3\n}\n"),
            "{last}"
        );
    }

    #[test]
    fn falls_back_to_the_end_when_no_type_is_present() {
        let src = "{\n  \"a\": 1\n}\n";
        let widget = Names::existing("widget", None, None, None);
        let types = Types {
            new: &widget,
            others: &[],
        };
        let fallback = [("package_files_count", "\"package_files_count\": 0\n")];
        let out = apply(
            src,
            list(src).insert(
                &types,
                Source::Copy {
                    fallback: &fallback,
                    fix: None,
                    fullest: false,
                },
            ),
        );
        assert_eq!(out, "{\n  \"a\": 1,\n  \"widgets_count\": 0\n}\n");
    }
}
