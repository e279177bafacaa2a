//! Ruby syntax through Prism, Ruby's own parser: locating classes, constants,
//! methods, calls and blocks by syntax, and checking that a file parses.
//!
//! Prism's tree borrows its parser; the anchors need only a small part of it,
//! so each parse is turned once into an owned outline ([`Syntax`]) that a run
//! caches per source text and that every patcher reads through [`Node`].

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use anyhow::{Result, anyhow, bail};
use ruby_prism::Visit;

use super::list::{Item, line_end, line_start};

/// The kinds of syntax the patchers tell apart; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Program,
    Statements,
    Begin,
    Class,
    Module,
    SingletonClass,
    /// `def name` or `def self.name`.
    Def,
    /// A method call, with or without receiver, arguments or block
    /// (`self.x = 1` is a call to `x=`).
    Call,
    Arguments,
    /// A `do ... end` or `{ ... }` block.
    Block,
    ConstWrite,
    LocalWrite,
    /// `[a, b]`.
    Array,
    /// `%w(a b)`.
    WordArray,
    /// `%i[a b]`.
    SymbolArray,
    /// `{ a: 1 }` or bare keyword arguments `a: 1`.
    Hash,
    /// `key: value` or `key => value`.
    Pair,
    SelfRef,
    /// `&:name` or `&block` passed to a call.
    BlockArg,
    Other,
}

#[derive(Debug)]
struct N {
    kind: Kind,
    start: u32,
    end: u32,
    parent: u32,
    children: Vec<u32>,
    /// The name's byte range: class/module path, method name, called method,
    /// written constant or variable. `(0, 0)` when the node has none.
    name: (u32, u32),
    has_receiver: bool,
    /// `self.x = 1` (a call to `x=`).
    attribute_write: bool,
}

/// The owned outline of one parse.
#[derive(Debug)]
pub struct Syntax {
    nodes: Vec<N>,
}

/// A node of a [`Syntax`]: cheap to copy, borrowing the tree.
#[derive(Clone, Copy)]
pub struct Node<'t> {
    tree: &'t Syntax,
    id: u32,
}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.n();
        write!(f, "{:?}@{}..{}", n.kind, n.start, n.end)
    }
}

impl<'t> Node<'t> {
    fn n(&self) -> &'t N {
        &self.tree.nodes[self.id as usize]
    }
    fn at(&self, id: u32) -> Node<'t> {
        Node {
            tree: self.tree,
            id,
        }
    }
    pub fn kind(&self) -> Kind {
        self.n().kind
    }
    pub fn start_byte(&self) -> usize {
        self.n().start as usize
    }
    pub fn end_byte(&self) -> usize {
        self.n().end as usize
    }
    pub fn id(&self) -> u32 {
        self.id
    }
    pub fn parent(&self) -> Option<Node<'t>> {
        (self.id != 0).then(|| self.at(self.n().parent))
    }
    pub fn children(&self) -> impl Iterator<Item = Node<'t>> + 't {
        let (tree, ids) = (self.tree, &self.n().children);
        ids.iter().map(move |&id| Node { tree, id })
    }
    fn child_of(&self, kinds: &[Kind]) -> Option<Node<'t>> {
        self.children().find(|c| kinds.contains(&c.kind()))
    }
    /// The receiver of a call or of `def self.x`.
    pub fn receiver(&self) -> Option<Node<'t>> {
        if self.n().has_receiver {
            self.children().next()
        } else {
            None
        }
    }
    /// `self.x = 1` and the like: a call that writes an attribute.
    pub fn is_attribute_write(&self) -> bool {
        self.n().attribute_write
    }
    /// The block of a call.
    pub fn block(&self) -> Option<Node<'t>> {
        match self.kind() {
            Kind::Call => self.child_of(&[Kind::Block]),
            _ => None,
        }
    }
    /// The value of a constant or variable write (the last child), or of a pair.
    pub fn value(&self) -> Option<Node<'t>> {
        match self.kind() {
            Kind::ConstWrite | Kind::LocalWrite | Kind::Pair => self.children().last(),
            _ => None,
        }
    }
    /// The key of a pair.
    pub fn key(&self) -> Option<Node<'t>> {
        match self.kind() {
            Kind::Pair => self.children().next(),
            _ => None,
        }
    }
    /// The statements directly inside a program, class, module, method,
    /// block or `begin`.
    pub fn statements(&self) -> Vec<Node<'t>> {
        let body = match self.kind() {
            Kind::Statements => Some(*self),
            Kind::Program
            | Kind::Class
            | Kind::Module
            | Kind::SingletonClass
            | Kind::Def
            | Kind::Block
            | Kind::Begin => self.child_of(&[Kind::Statements, Kind::Begin]),
            _ => None,
        };
        match body {
            Some(b) if b.kind() == Kind::Begin => b.statements(),
            Some(b) => b.children().collect(),
            None => Vec::new(),
        }
    }
    /// The arguments of a call.
    pub fn args(&self) -> Vec<Node<'t>> {
        match self.kind() {
            Kind::Call => self
                .child_of(&[Kind::Arguments])
                .map(|a| a.children().collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

/// Collects Prism's nodes into a [`Syntax`], depth first.
struct Builder<'s> {
    src: &'s [u8],
    nodes: Vec<N>,
    stack: Vec<u32>,
}

fn range(loc: &ruby_prism::Location) -> (u32, u32) {
    (loc.start(), loc.end())
}

impl Builder<'_> {
    fn enter(&mut self, node: ruby_prism::Node) {
        use ruby_prism::Node as P;
        let loc = node.location();
        let mut name = (0, 0);
        let mut has_receiver = false;
        let mut attribute_write = false;
        let kind = match &node {
            P::ProgramNode { .. } => Kind::Program,
            P::StatementsNode { .. } => Kind::Statements,
            P::BeginNode { .. } => Kind::Begin,
            P::ClassNode { .. } => {
                let c = node.as_class_node().expect("matched ClassNode");
                name = range(&c.constant_path().location());
                Kind::Class
            }
            P::ModuleNode { .. } => {
                let m = node.as_module_node().expect("matched ModuleNode");
                name = range(&m.constant_path().location());
                Kind::Module
            }
            P::SingletonClassNode { .. } => Kind::SingletonClass,
            P::DefNode { .. } => {
                let d = node.as_def_node().expect("matched DefNode");
                name = range(&d.name_loc());
                has_receiver = d.receiver().is_some();
                Kind::Def
            }
            P::CallNode { .. } => {
                let c = node.as_call_node().expect("matched CallNode");
                if let Some(m) = c.message_loc() {
                    name = range(&m);
                }
                has_receiver = c.receiver().is_some();
                attribute_write = c.is_attribute_write();
                Kind::Call
            }
            P::ArgumentsNode { .. } => Kind::Arguments,
            P::BlockNode { .. } => Kind::Block,
            P::ConstantWriteNode { .. } => {
                let w = node.as_constant_write_node().expect("matched");
                name = range(&w.name_loc());
                Kind::ConstWrite
            }
            P::LocalVariableWriteNode { .. } => {
                let w = node.as_local_variable_write_node().expect("matched");
                name = range(&w.name_loc());
                Kind::LocalWrite
            }
            P::ArrayNode { .. } => {
                let a = node.as_array_node().expect("matched ArrayNode");
                let open = a.opening_loc().map(|o| o.as_slice().to_vec());
                match open.as_deref() {
                    Some([b'%', b'w' | b'W', ..]) => Kind::WordArray,
                    Some([b'%', b'i' | b'I', ..]) => Kind::SymbolArray,
                    _ => Kind::Array,
                }
            }
            P::HashNode { .. } | P::KeywordHashNode { .. } => Kind::Hash,
            P::AssocNode { .. } => Kind::Pair,
            P::SelfNode { .. } => Kind::SelfRef,
            P::BlockArgumentNode { .. } => Kind::BlockArg,
            _ => Kind::Other,
        };
        let (start, end) = range(&loc);
        let id = self.nodes.len() as u32;
        let parent = self.stack.last().copied().unwrap_or(0);
        self.nodes.push(N {
            kind,
            start,
            end,
            parent,
            children: Vec::new(),
            name,
            has_receiver,
            attribute_write,
        });
        if let Some(&p) = self.stack.last() {
            self.nodes[p as usize].children.push(id);
        }
        self.stack.push(id);
        debug_assert!(end as usize <= self.src.len());
    }

    fn leave(&mut self) {
        self.stack.pop();
    }
}

impl Builder<'_> {
    /// Prism visits some children as their concrete type without the
    /// enter/leave calls (a program's statements, a call's arguments, an
    /// `if`'s statements); enter those here, unless `visit` just did.
    fn enter_concrete(&mut self, node: ruby_prism::Node, kind: Kind) -> bool {
        let (start, end) = range(&node.location());
        let top = self.stack.last().map(|&t| &self.nodes[t as usize]);
        if top.is_some_and(|t| t.kind == kind && t.start == start && t.end == end) {
            return false;
        }
        self.enter(node);
        true
    }
}

impl<'pr> Visit<'pr> for Builder<'_> {
    fn visit_statements_node(&mut self, node: &ruby_prism::StatementsNode<'pr>) {
        let entered = self.enter_concrete(node.as_node(), Kind::Statements);
        ruby_prism::visit_statements_node(self, node);
        if entered {
            self.leave();
        }
    }
    fn visit_arguments_node(&mut self, node: &ruby_prism::ArgumentsNode<'pr>) {
        let entered = self.enter_concrete(node.as_node(), Kind::Arguments);
        ruby_prism::visit_arguments_node(self, node);
        if entered {
            self.leave();
        }
    }
    fn visit_branch_node_enter(&mut self, node: ruby_prism::Node<'pr>) {
        self.enter(node);
    }
    fn visit_branch_node_leave(&mut self) {
        self.leave();
    }
    fn visit_leaf_node_enter(&mut self, node: ruby_prism::Node<'pr>) {
        self.enter(node);
    }
    fn visit_leaf_node_leave(&mut self) {
        self.leave();
    }
}

/// A syntax error: 1-based line, 1-based column, Prism's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// Parses `src`: its outline, or its first syntax error.
fn parse_syntax(src: &str) -> Result<Syntax, SyntaxError> {
    let result = ruby_prism::parse(src.as_bytes());
    if let Some(e) = result.errors().next() {
        let at = e.location().start() as usize;
        let before = &src.as_bytes()[..at.min(src.len())];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let column = at
            - before
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        return Err(SyntaxError {
            line,
            column,
            message: String::from_utf8_lossy(e.message()).into_owned(),
        });
    }
    let mut b = Builder {
        src: src.as_bytes(),
        nodes: Vec::with_capacity(src.len() / 8),
        stack: Vec::new(),
    };
    b.visit(&result.node());
    Ok(Syntax { nodes: b.nodes })
}

type Parsed = Result<Arc<Syntax>, SyntaxError>;

/// Outlines of the sources parsed in this run, so that a file is parsed once
/// however many plans read it (`check` builds one plan per recorded type).
static TREES: LazyLock<Mutex<HashMap<u64, (String, Parsed)>>> = LazyLock::new(Mutex::default);

fn cached(src: &str) -> Parsed {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    src.hash(&mut h);
    let key = h.finish();
    if let Some((text, parsed)) = TREES.lock().expect("parse cache lock").get(&key)
        && text == src
    {
        return parsed.clone();
    }
    let parsed = parse_syntax(src).map(Arc::new);
    TREES
        .lock()
        .expect("parse cache lock")
        .insert(key, (src.to_string(), parsed.clone()));
    parsed
}

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
        Node {
            tree: &self.tree,
            id: 0,
        }
    }

    pub fn text(&self, node: Node) -> &'s str {
        &self.src[node.start_byte()..node.end_byte()]
    }

    /// The name of a class, module, method, call or write (`field :x` ->
    /// `field`; `Geo::PackageFileReplicator` for a class).
    pub fn name(&self, node: Node) -> Option<&'s str> {
        let (s, e) = node.n().name;
        (e > s).then(|| &self.src[s as usize..e as usize])
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
