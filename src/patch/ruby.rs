//! Ruby syntax through tree-sitter-ruby: locating classes, constants, methods,
//! calls and blocks by syntax, and checking that a patched file still parses.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use anyhow::{Context as _, Result, anyhow};
use tree_sitter::{InputEdit, Node, Parser, Point, Tree};

use super::Edit;

use super::list::{Item, line_end, line_start};

/// A parsed Ruby file.
pub struct Ruby<'s> {
    pub src: &'s str,
    tree: Tree,
    /// Set when the parse skipped block bodies (see [`Ruby::parse_skipping`]).
    skip: Option<Skip>,
}

/// Block bodies a parse may skip: those of blocks opening at `indent`
/// (`def x` ... `end`, `describe '...' do` ... `end`) whose opening line
/// names none of `keep`. The anchors of large shared files are either such
/// blocks' first and last lines or inside a few named methods; skipping the
/// other bodies saves most of the parsing time. Node offsets stay those of
/// the whole file.
#[derive(Debug, Clone, Copy)]
pub struct Skip {
    pub indent: usize,
    pub keep: &'static [&'static str],
}

impl Skip {
    /// Byte ranges of the bodies to skip, none of them overlapping `protect`.
    fn bodies(&self, src: &str, protect: &[(usize, usize)]) -> Vec<(usize, usize, usize, usize)> {
        let lines: Vec<(usize, &str)> = {
            let mut off = 0;
            src.split_inclusive('\n')
                .map(|l| {
                    let at = off;
                    off += l.len();
                    (at, l)
                })
                .collect()
        };
        let indent_of = |l: &str| l.len() - l.trim_start_matches(' ').len();
        let mut out = Vec::new();
        let mut i = 0;
        while i < lines.len() {
            let (_, l) = lines[i];
            let t = l.trim();
            let opens = indent_of(l) == self.indent
                && !t.is_empty()
                && (t.starts_with("def ")
                    || t.ends_with(" do")
                    || (t.contains(" do |") && t.ends_with('|')))
                && !self.keep.iter().any(|k| t.contains(k));
            if !opens {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < lines.len() {
                let (_, m) = lines[j];
                if m.trim().is_empty() || indent_of(m) > self.indent {
                    j += 1;
                } else {
                    break;
                }
            }
            let closes = j < lines.len()
                && indent_of(lines[j].1) == self.indent
                && lines[j].1.trim() == "end";
            if closes && j > i + 1 {
                let (start, end) = (lines[i + 1].0, lines[j].0);
                if !protect.iter().any(|&(a, b)| a < end && start < b) {
                    out.push((start, end, i + 1, j));
                }
            }
            i = if closes { j + 1 } else { i + 1 };
        }
        out
    }

    /// Parses `src` without the skipped bodies; `None` when that does not
    /// give an error-free tree (the caller then parses the whole file).
    fn parse(&self, src: &str, protect: &[(usize, usize)], old: Option<&Tree>) -> Option<Tree> {
        let bodies = self.bodies(src, protect);
        let rows = src.matches('\n').count();
        let mut ranges = Vec::with_capacity(bodies.len() + 1);
        let (mut at, mut row) = (0, 0);
        for (start, end, first_row, end_row) in bodies {
            ranges.push(tree_sitter::Range {
                start_byte: at,
                end_byte: start,
                start_point: Point { row, column: 0 },
                end_point: Point {
                    row: first_row,
                    column: 0,
                },
            });
            (at, row) = (end, end_row);
        }
        ranges.push(tree_sitter::Range {
            start_byte: at,
            end_byte: src.len(),
            start_point: Point { row, column: 0 },
            end_point: Point {
                row: rows + 1,
                column: 0,
            },
        });
        let mut p = parser();
        p.set_included_ranges(&ranges).ok()?;
        let tree = p.parse(src, old)?;
        (!tree.root_node().has_error()).then_some(tree)
    }
}

fn parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_ruby::LANGUAGE.into())
        .expect("the bundled tree-sitter-ruby grammar matches the tree-sitter ABI");
    parser
}

/// Trees of the sources parsed in this run, so that a file is parsed once
/// however many plans read it (`check` builds one plan per recorded type).
static TREES: LazyLock<Mutex<HashMap<u64, (String, Tree)>>> = LazyLock::new(Mutex::default);

/// The tree cached under `key` for exactly `src`, or `parse`'s, cached.
fn cached(key: u64, src: &str, parse: impl FnOnce() -> Option<Tree>) -> Option<Tree> {
    if let Some((text, tree)) = TREES.lock().expect("parse cache lock").get(&key)
        && text == src
    {
        return Some(tree.clone());
    }
    let tree = parse()?;
    TREES
        .lock()
        .expect("parse cache lock")
        .insert(key, (src.to_string(), tree.clone()));
    Some(tree)
}

fn key(src: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    src.hash(&mut h);
    h.finish()
}

impl<'s> Ruby<'s> {
    pub fn parse(src: &'s str) -> Result<Ruby<'s>> {
        let tree = cached(key(src), src, || parser().parse(src, None))
            .context("tree-sitter could not parse the file")?;
        Ok(Ruby {
            src,
            tree,
            skip: None,
        })
    }

    /// Parses `src` skipping block bodies as `skip` allows; falls back to a
    /// whole-file parse when the skipping parse is not clean.
    pub fn parse_skipping(src: &'s str, skip: Skip) -> Result<Ruby<'s>> {
        match cached(key(src) ^ 0x5eed_5c1b, src, || skip.parse(src, &[], None)) {
            Some(tree) => Ok(Ruby {
                src,
                tree,
                skip: Some(skip),
            }),
            None => Ruby::parse(src),
        }
    }

    /// Checks that `out` (this source with `edits` applied) still parses,
    /// reparsing incrementally from this file's tree.
    pub fn check_edited(&self, edits: &[Edit], out: &str) -> Result<(), String> {
        let old = self.edited_tree(edits);
        if let Some(skip) = self.skip {
            // Parse the result skipping the same kind of bodies, except
            // where text was inserted; confirm any error with a full parse.
            let mut sorted: Vec<&Edit> = edits.iter().collect();
            sorted.sort_by_key(|e| (e.start, e.end));
            let mut delta: isize = 0;
            let mut protect = Vec::with_capacity(sorted.len());
            for e in sorted {
                let start = (e.start as isize + delta) as usize;
                protect.push((start.saturating_sub(1), start + e.text.len() + 1));
                delta += e.text.len() as isize - (e.end - e.start) as isize;
            }
            if skip.parse(out, &protect, Some(&old)).is_some() {
                return Ok(());
            }
            return check_syntax(out);
        }
        let tree = parser()
            .parse(out, Some(&old))
            .ok_or("tree-sitter could not parse the file")?;
        first_error(&tree)
    }

    /// This file's tree with `edits` applied, for an incremental reparse.
    fn edited_tree(&self, edits: &[Edit]) -> Tree {
        let mut tree = self.tree.clone();
        let mut sorted: Vec<&Edit> = edits.iter().collect();
        sorted.sort_by_key(|e| std::cmp::Reverse((e.start, e.end)));
        for e in sorted {
            let start_position = point(self.src, e.start);
            let mut new_end_position = start_position;
            for c in e.text.bytes() {
                if c == b'\n' {
                    new_end_position.row += 1;
                    new_end_position.column = 0;
                } else {
                    new_end_position.column += 1;
                }
            }
            tree.edit(&InputEdit {
                start_byte: e.start,
                old_end_byte: e.end,
                new_end_byte: e.start + e.text.len(),
                start_position,
                old_end_position: point(self.src, e.end),
                new_end_position,
            });
        }
        tree
    }

    pub fn root(&self) -> Node<'_> {
        self.tree.root_node()
    }

    pub fn text(&self, node: Node) -> &'s str {
        &self.src[node.byte_range()]
    }

    /// All descendants of `node` (depth first, in source order) of `kind`.
    pub fn descendants<'t>(&self, node: Node<'t>, kind: &str) -> Vec<Node<'t>> {
        let mut out = Vec::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if n.kind() == kind && n.id() != node.id() {
                out.push(n);
            }
            let mut cursor = n.walk();
            let children: Vec<Node<'t>> = n.named_children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
        out
    }

    /// Nodes of `kind` in the outline under `node`: statements reached
    /// through classes, modules and the blocks of calls (`describe ... do`),
    /// never inside method bodies or expressions. Much cheaper than
    /// [`Ruby::descendants`] on large spec files.
    pub fn outline<'t>(&self, node: Node<'t>, kind: &str) -> Vec<Node<'t>> {
        let mut out = Vec::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if n.kind() == kind && n.id() != node.id() {
                out.push(n);
            }
            let next: Vec<Node<'t>> = match n.kind() {
                "program" | "body_statement" | "block_body" => {
                    let mut cursor = n.walk();
                    n.named_children(&mut cursor).collect()
                }
                "class" | "module" | "do_block" | "block" | "singleton_class" => {
                    n.child_by_field_name("body").into_iter().collect()
                }
                "call" => n.child_by_field_name("block").into_iter().collect(),
                "assignment" => n.child_by_field_name("right").into_iter().collect(),
                _ => Vec::new(),
            };
            stack.extend(next.into_iter().rev());
        }
        out
    }

    /// Classes (or modules, with `kind = "module"`) named `name`, anywhere
    /// in the outline.
    pub fn scopes<'t>(&'t self, kind: &str, name: &str) -> Vec<Node<'t>> {
        self.outline(self.root(), kind)
            .into_iter()
            .filter(|n| {
                n.child_by_field_name("name").is_some_and(|c| {
                    self.text(c) == name || self.text(c).ends_with(&format!("::{name}"))
                })
            })
            .collect()
    }

    /// The statements directly inside a class, module, method or block.
    pub fn statements<'t>(&self, node: Node<'t>) -> Vec<Node<'t>> {
        let body = match node.kind() {
            "body_statement" | "block_body" => Some(node),
            _ => node.child_by_field_name("body"),
        };
        let body = match body {
            Some(b) if b.kind() == "do_block" || b.kind() == "block" => {
                b.child_by_field_name("body")
            }
            other => other,
        };
        let Some(body) = body else { return Vec::new() };
        let mut cursor = body.walk();
        body.named_children(&mut cursor)
            .filter(|n| n.kind() != "comment")
            .collect()
    }

    /// The name of a call statement (`field :x` -> `field`; `load_x` -> `load_x`).
    pub fn call_name(&self, node: Node) -> Option<&'s str> {
        match node.kind() {
            "call" if node.child_by_field_name("receiver").is_none() => {
                node.child_by_field_name("method").map(|m| self.text(m))
            }
            "identifier" => Some(self.text(node)),
            _ => None,
        }
    }

    /// The arguments of a call, comments skipped.
    pub fn args<'t>(&self, call: Node<'t>) -> Vec<Node<'t>> {
        let Some(list) = call.child_by_field_name("arguments") else {
            return Vec::new();
        };
        let mut cursor = list.walk();
        list.named_children(&mut cursor)
            .filter(|n| n.kind() != "comment")
            .collect()
    }

    /// Methods (`def name`) directly in a class body.
    pub fn methods<'t>(&self, scope: Node<'t>, name: &str) -> Vec<Node<'t>> {
        self.statements(scope)
            .into_iter()
            .filter(|n| {
                matches!(n.kind(), "method" | "singleton_method")
                    && n.child_by_field_name("name")
                        .is_some_and(|c| self.text(c) == name)
            })
            .collect()
    }

    /// The value assigned to constant `name` in a class body, without a
    /// trailing `.freeze`.
    pub fn constants<'t>(&self, scope: Node<'t>, name: &str) -> Vec<Node<'t>> {
        self.statements(scope)
            .into_iter()
            .filter(|n| {
                n.kind() == "assignment"
                    && n.child_by_field_name("left")
                        .is_some_and(|l| self.text(l) == name)
            })
            .filter_map(|n| n.child_by_field_name("right"))
            .map(|v| self.unfreeze(v))
            .collect()
    }

    /// `x.freeze` -> `x`.
    pub fn unfreeze<'t>(&self, v: Node<'t>) -> Node<'t> {
        if v.kind() == "call"
            && v.child_by_field_name("method")
                .is_some_and(|m| self.text(m) == "freeze")
            && let Some(r) = v.child_by_field_name("receiver")
        {
            return r;
        }
        v
    }

    /// An [`Item`] spanning the whole lines of `node`.
    pub fn item(&self, node: Node, key: impl Into<String>) -> Item {
        Item {
            key: key.into(),
            start: line_start(self.src, node.start_byte()),
            end: line_end(
                self.src,
                node.end_byte().saturating_sub(1).max(node.start_byte()),
            ),
        }
    }

    /// Start of the line holding the last byte of `node` (its closing
    /// bracket or `end`).
    pub fn closing_line(&self, node: Node) -> usize {
        line_start(self.src, node.end_byte().saturating_sub(1))
    }

    /// The indentation of the line `node` starts on.
    pub fn indent_of(&self, node: Node) -> String {
        let start = line_start(self.src, node.start_byte());
        let line = &self.src[start..];
        line[..line.len() - line.trim_start().len()]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect()
    }
}

/// Exactly one node, or an error naming the file and what was expected.
pub fn one<'t>(found: Vec<Node<'t>>, path: &str, what: &str) -> Result<Node<'t>> {
    match found.len() {
        1 => Ok(found[0]),
        0 => Err(anyhow!(
            "{path}: expected {what}, found none; is this a GitLab EE tree of a supported version? fix the file or pass `--root`"
        )),
        n => Err(anyhow!(
            "{path}: expected one {what}, found {n}; remove the duplicates and run again"
        )),
    }
}

fn point(src: &str, byte: usize) -> Point {
    let before = &src[..byte];
    let row = before.matches('\n').count();
    let column = byte - before.rfind('\n').map_or(0, |i| i + 1);
    Point { row, column }
}

/// `Err` with the first syntax error's line when `src` does not parse.
pub fn check_syntax(src: &str) -> Result<(), String> {
    let tree = parser()
        .parse(src, None)
        .ok_or("tree-sitter could not parse the file")?;
    first_error(&tree)
}

fn first_error(tree: &Tree) -> Result<(), String> {
    let root = tree.root_node();
    if !root.has_error() {
        return Ok(());
    }
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.is_error() || n.is_missing() {
            return Err(format!(
                "Ruby syntax error at line {}",
                n.start_position().row + 1
            ));
        }
        let mut cursor = n.walk();
        let children: Vec<Node> = n.children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    Err("Ruby syntax error".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_check_finds_the_line() {
        assert!(check_syntax("class A\n  def x; end\nend\n").is_ok());
        let err = check_syntax("class A\n  def x(\nend\n").expect_err("broken");
        assert!(err.starts_with("Ruby syntax error at line"), "{err}");
    }

    #[test]
    fn incremental_check_sees_breaking_edits() {
        let src = "class A\n  X = 1\nend\n";
        let rb = Ruby::parse(src).expect("parses");
        let good = [Edit::insert(16, "  Y = 2\n")];
        let out = crate::patch::apply_edits(src, good.to_vec()).expect("applies");
        assert!(rb.check_edited(&good, &out).is_ok(), "{out}");
        let bad = [Edit::insert(16, "  def y(\n")];
        let out = crate::patch::apply_edits(src, bad.to_vec()).expect("applies");
        assert!(rb.check_edited(&bad, &out).is_err(), "{out}");
    }

    const SPEC: &str = "RSpec.describe A do\n  describe '#a' do\n    it 'x' do\n      expect(1).to eq(1)\n    end\n  end\n\n  describe '#b' do\n    it { is_expected.to be_nil }\n  end\nend\n";

    #[test]
    fn skipping_parse_keeps_the_outline_and_offsets() {
        let skip = Skip {
            indent: 2,
            keep: &[],
        };
        assert_eq!(skip.bodies(SPEC, &[]).len(), 2);
        let rb = Ruby::parse_skipping(SPEC, skip).expect("parses");
        assert!(rb.skip.is_some(), "the skipping parse was clean");
        let describes: Vec<_> = rb
            .outline(rb.root(), "call")
            .into_iter()
            .filter(|c| rb.call_name(*c) == Some("describe"))
            .map(|c| rb.text(c))
            .collect();
        assert_eq!(
            describes,
            [
                "describe '#a' do\n    it 'x' do\n      expect(1).to eq(1)\n    end\n  end",
                "describe '#b' do\n    it { is_expected.to be_nil }\n  end"
            ]
        );
    }

    #[test]
    fn skipping_validation_still_sees_errors_in_new_text() {
        let rb = Ruby::parse_skipping(
            SPEC,
            Skip {
                indent: 2,
                keep: &[],
            },
        )
        .expect("parses");
        let at = SPEC.rfind("end\n").expect("end");
        let bad = [Edit::insert(
            at,
            "\n  describe '#c' do\n    it 'y' do\n      expect(\n    end\n  end\n",
        )];
        let out = crate::patch::apply_edits(SPEC, bad.to_vec()).expect("applies");
        assert!(rb.check_edited(&bad, &out).is_err(), "{out}");
        let good = [Edit::insert(
            at,
            "\n  describe '#c' do\n    it { is_expected.to be_nil }\n  end\n",
        )];
        let out = crate::patch::apply_edits(SPEC, good.to_vec()).expect("applies");
        assert!(rb.check_edited(&good, &out).is_ok(), "{out}");
    }

    #[test]
    fn skipping_parse_falls_back_when_indentation_misleads() {
        // A heredoc whose body looks like an `end` at the block's indentation.
        let src = "class A\n  def x\n    <<~T\n  end\n    T\n  end\nend\n";
        let rb = Ruby::parse_skipping(
            src,
            Skip {
                indent: 2,
                keep: &[],
            },
        )
        .expect("parses");
        assert!(!rb.root().has_error());
        assert_eq!(
            rb.methods(one(rb.scopes("class", "A"), "f", "A").expect("A"), "x")
                .len(),
            1
        );
    }

    #[test]
    fn finds_constants_by_syntax() {
        let src = "class A\n  X = %w(\n    a\n  ).freeze\n  # X = 1\nend\n";
        let rb = Ruby::parse(src).expect("parses");
        let class = one(rb.scopes("class", "A"), "f", "class A").expect("one class");
        let x = rb.constants(class, "X");
        assert_eq!(x.len(), 1);
        assert_eq!(x[0].kind(), "string_array");
    }
}
