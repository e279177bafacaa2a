//! Ruby syntax through Prism, Ruby's own parser: locating classes, constants,
//! methods, calls and blocks by syntax, and checking that a file parses.
//! The outline every patcher reads is built in [`syntax`].

mod syntax;

use std::sync::Arc;

use anyhow::{Result, anyhow, bail};

use super::list::{Commas, Item, List, line_end, line_start};
use super::{Edit, apply_edits};
use crate::names::Names;
pub use syntax::{Kind, Node, SyntaxError};
use syntax::{Syntax, cached};

/// A parsed Ruby file.
pub struct Ruby<'s> {
    pub src: &'s str,
    tree: Arc<Syntax>,
}

impl<'s> Ruby<'s> {
    /// Parses `src`, refusing a file with a syntax error: `path:line:column`,
    /// Prism's message and what to do.
    pub fn parse(src: &'s str, path: &str) -> Result<Ruby<'s>> {
        match cached(src) {
            Ok(tree) => Ok(Ruby { src, tree }),
            Err(e) => bail!(
                "{path}:{e}: the file is not valid Ruby; fix its syntax (`ruby -c {path}` shows the same error) and run again"
            ),
        }
    }

    pub fn root(&self) -> Node<'_> {
        self.tree.root()
    }

    pub fn text(&self, node: Node) -> &'s str {
        &self.src[node.start_byte()..node.end_byte()]
    }

    /// The name of a class, module, method, call or write (`field :x` ->
    /// `field`; `Geo::PackageFileReplicator` for a class).
    pub fn name(&self, node: Node) -> Option<&'s str> {
        node.name_range().map(|(s, e)| &self.src[s..e])
    }

    /// All descendants of `node` (depth first, in source order) of `kind`.
    pub fn descendants<'t>(&self, node: Node<'t>, kind: Kind) -> Vec<Node<'t>> {
        let mut out = Vec::new();
        let mut stack: Vec<Node<'t>> = node.children().collect();
        stack.reverse();
        while let Some(n) = stack.pop() {
            if n.kind() == kind {
                out.push(n);
            }
            let at = stack.len();
            stack.extend(n.children());
            stack[at..].reverse();
        }
        out
    }

    /// Nodes of `kind` in the outline under `node`: statements reached
    /// through classes, modules, the blocks of calls (`describe ... do`) and
    /// the values of writes, never inside method bodies or other expressions.
    pub fn outline<'t>(&self, node: Node<'t>, kind: Kind) -> Vec<Node<'t>> {
        let mut out = Vec::new();
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            if n.kind() == kind && n.id() != node.id() {
                out.push(n);
            }
            let next: Vec<Node<'t>> = match n.kind() {
                Kind::Program
                | Kind::Class
                | Kind::Module
                | Kind::SingletonClass
                | Kind::Block
                | Kind::Statements
                | Kind::Begin => n.statements(),
                Kind::Call => n.block().into_iter().collect(),
                Kind::ConstWrite | Kind::LocalWrite => n.value().into_iter().collect(),
                _ => Vec::new(),
            };
            stack.extend(next.into_iter().rev());
        }
        out
    }

    /// Classes (or modules) named `name` or `...::name`, anywhere in the outline.
    pub fn scopes(&self, kind: Kind, name: &str) -> Vec<Node<'_>> {
        self.outline(self.root(), kind)
            .into_iter()
            .filter(|n| {
                self.name(*n)
                    .is_some_and(|c| c == name || c.ends_with(&format!("::{name}")))
            })
            .collect()
    }

    /// Calls of method `name` (with or without receiver: `RSpec.describe`)
    /// in the outline under `under` whose first argument's text passes `first`.
    pub fn calls<'t>(
        &self,
        under: Node<'t>,
        name: &str,
        first: impl Fn(&str) -> bool,
    ) -> Vec<Node<'t>> {
        self.outline(under, Kind::Call)
            .into_iter()
            .filter(|c| {
                self.name(*c) == Some(name)
                    && c.args().first().is_some_and(|a| first(self.text(*a)))
            })
            .collect()
    }

    /// The name of a call without receiver (`field :x` -> `field`).
    pub fn call_name(&self, node: Node) -> Option<&'s str> {
        (node.kind() == Kind::Call && node.receiver().is_none())
            .then(|| self.name(node))
            .flatten()
    }

    /// Methods (`def name` or `def self.name`) directly in a class or module body.
    pub fn methods<'t>(&self, scope: Node<'t>, name: &str) -> Vec<Node<'t>> {
        scope
            .statements()
            .into_iter()
            .filter(|n| n.kind() == Kind::Def && self.name(*n) == Some(name))
            .collect()
    }

    /// The value assigned to constant `name` in a class body, without a
    /// trailing `.freeze`.
    pub fn constants<'t>(&self, scope: Node<'t>, name: &str) -> Vec<Node<'t>> {
        scope
            .statements()
            .into_iter()
            .filter(|n| n.kind() == Kind::ConstWrite && self.name(*n) == Some(name))
            .filter_map(|n| n.value())
            .map(|v| self.unfreeze(v))
            .collect()
    }

    /// `x.freeze` -> `x`.
    pub fn unfreeze<'t>(&self, v: Node<'t>) -> Node<'t> {
        if v.kind() == Kind::Call
            && self.name(v) == Some("freeze")
            && let Some(r) = v.receiver()
        {
            return r;
        }
        v
    }

    /// Applies `edits` and refuses a result that no longer parses as Ruby.
    pub fn finish(&self, path: &str, edits: Vec<Edit>) -> Result<String> {
        if edits.is_empty() {
            return Ok(self.src.to_string());
        }
        let out = apply_edits(self.src, edits)?;
        check_syntax(&out).map_err(|e| {
            anyhow!("{path}: the patched file would not parse ({e}); nothing was written: check the file's syntax around the anchor")
        })?;
        Ok(out)
    }

    /// The `it ...`/`describe ...` blocks `items` inside the do-block `block`
    /// of a top-level `describe`, one blank line between them.
    pub fn spec_blocks(
        &self,
        block: Node,
        items: Vec<Item>,
        prefix: fn(&Names) -> String,
        place: &str,
    ) -> List<'s> {
        List {
            src: self.src,
            items,
            append_at: self.closing_line(block),
            commas: Commas::None,
            blank_between: true,
            indent: "  ".into(),
            prefix,
            place: place.to_string(),
        }
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

/// `Err` with the first syntax error (`line:column: message`) when `src`
/// does not parse.
pub fn check_syntax(src: &str) -> Result<(), SyntaxError> {
    cached(src).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_check_names_line_column_and_message() {
        assert!(check_syntax("class A\n  def x; end\nend\n").is_ok());
        let err = check_syntax("class A\n  def x(\nend\n").expect_err("broken");
        assert_eq!(err.line, 3, "{err}");
        assert!(!err.message.is_empty());
        let err = Ruby::parse("class A\n  X = [1,\nend\n", "a.rb")
            .err()
            .expect("refused");
        assert!(err.to_string().starts_with("a.rb:2:9: "), "{err}");
    }

    const SPEC: &str = "RSpec.describe A do\n  describe '#a' do\n    it 'x' do\n      expect(1).to eq(1)\n    end\n  end\n\n  # a comment\n  describe '#b' do\n    it { is_expected.to be_nil }\n  end\nend\n";

    #[test]
    fn outline_finds_nested_describes_not_expressions() {
        let rb = Ruby::parse(SPEC, "s").expect("parses");
        let describes: Vec<_> = rb
            .outline(rb.root(), Kind::Call)
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
    fn finds_constants_methods_and_self_writes() {
        let src = "class A::B < C\n  X = %w(\n    a\n  ).freeze\n  # X = 1\n  def self.y\n    self.z = 1\n  end\nend\n";
        let rb = Ruby::parse(src, "f").expect("parses");
        let class = one(rb.scopes(Kind::Class, "B"), "f", "class B").expect("one class");
        let x = rb.constants(class, "X");
        assert_eq!(x.len(), 1);
        assert_eq!(x[0].kind(), Kind::WordArray);
        assert_eq!(x[0].children().count(), 1);
        let y = one(rb.methods(class, "y"), "f", "y").expect("def self.y");
        let writes: Vec<_> = rb
            .descendants(y, Kind::Call)
            .into_iter()
            .filter(|c| c.receiver().is_some_and(|r| r.kind() == Kind::SelfRef))
            .map(|c| rb.name(c))
            .collect();
        assert_eq!(writes, [Some("z")]);
    }

    #[test]
    fn calls_args_pairs_and_blocks() {
        let src = "it_behaves_like 'x', {\n  field_name: 'a',\n  b: :c\n}\nfactory :f do\n  trait :t do\n    a { 1 }\n  end\nend\n";
        let rb = Ruby::parse(src, "f").expect("parses");
        let calls = rb.outline(rb.root(), Kind::Call);
        let names: Vec<_> = calls.iter().filter_map(|c| rb.call_name(*c)).collect();
        assert_eq!(names, ["it_behaves_like", "factory", "trait", "a"]);
        let args = calls[0].args();
        assert_eq!(rb.text(args[0]), "'x'");
        assert_eq!(args[1].kind(), Kind::Hash);
        let keys: Vec<_> = args[1]
            .children()
            .filter_map(|p| p.key())
            .map(|k| rb.text(k))
            .collect();
        assert_eq!(keys, ["field_name:", "b:"]);
        assert_eq!(calls[1].block().map(|b| b.statements().len()), Some(1));
    }
}
