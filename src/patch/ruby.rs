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

fn key(src: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    src.hash(&mut h);
    h.finish()
}

impl<'s> Ruby<'s> {
    pub fn parse(src: &'s str) -> Result<Ruby<'s>> {
        let k = key(src);
        if let Some((text, tree)) = TREES.lock().expect("parse cache lock").get(&k)
            && text == src
        {
            return Ok(Ruby {
                src,
                tree: tree.clone(),
            });
        }
        let tree = parser()
            .parse(src, None)
            .context("tree-sitter could not parse the file")?;
        TREES
            .lock()
            .expect("parse cache lock")
            .insert(k, (src.to_string(), tree.clone()));
        Ok(Ruby { src, tree })
    }

    /// Checks that `out` (this source with `edits` applied) still parses,
    /// reparsing incrementally from this file's tree.
    pub fn check_edited(&self, edits: &[Edit], out: &str) -> Result<(), String> {
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
        let tree = parser()
            .parse(out, Some(&tree))
            .ok_or("tree-sitter could not parse the file")?;
        first_error(&tree)
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
