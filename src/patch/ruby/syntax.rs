//! Prism's tree borrows its parser; the anchors need only a small part of
//! it, so each parse is turned once into an owned outline ([`Syntax`]) that
//! a run caches per source text and that every patcher reads through [`Node`].

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use ruby_prism::Visit;

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

impl Syntax {
    /// The program node.
    pub fn root(&self) -> Node<'_> {
        Node { tree: self, id: 0 }
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
    /// The byte range of the node's name (see [`Kind`]), if it has one.
    pub fn name_range(&self) -> Option<(usize, usize)> {
        let (s, e) = self.n().name;
        (e > s).then_some((s as usize, e as usize))
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

pub(super) type Parsed = Result<Arc<Syntax>, SyntaxError>;

/// Outlines of the sources parsed in this run, so that a file is parsed once
/// however many plans read it (`check` builds one plan per recorded type).
static TREES: LazyLock<Mutex<HashMap<u64, (String, Parsed)>>> = LazyLock::new(Mutex::default);

pub(super) fn cached(src: &str) -> Parsed {
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
