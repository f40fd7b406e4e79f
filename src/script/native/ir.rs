//! The native form of a condition: rhai's AST reduced to what it evaluates, each node carrying
//! the positions where rhai counts its steps, and a static type for every value.

use rhai::Position;

/// What a value may be at run time, as a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ty(u16);

impl Ty {
    pub const UNIT: Self = Self(1);
    pub const BOOL: Self = Self(1 << 1);
    pub const INT: Self = Self(1 << 2);
    pub const STR: Self = Self(1 << 3);
    pub const ELEMENT: Self = Self(1 << 4);
    pub const FLOW: Self = Self(1 << 5);
    /// An array of strings.
    pub const STRS: Self = Self(1 << 6);
    /// An array of flows.
    pub const FLOWS: Self = Self(1 << 7);
    /// An array of elements.
    pub const ELEMENTS: Self = Self(1 << 8);
    /// What an answer may be (`el.prop(…)`).
    pub const SCALAR: Self = Self(Self::UNIT.0 | Self::BOOL.0 | Self::INT.0 | Self::STR.0);
    /// A string, or nothing (`el.control(…)`).
    pub const MAYBE_STR: Self = Self(Self::UNIT.0 | Self::STR.0);

    /// Either.
    pub fn or(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }
    /// Whether every value of `self` is one of `other`.
    pub fn within(self, other: Self) -> bool {
        self.0 & !other.0 == 0
    }
    /// What an array of this type holds, for a closure's parameter.
    pub fn item(self) -> Option<Self> {
        match self {
            Self::STRS => Some(Self::STR),
            Self::FLOWS => Some(Self::FLOW),
            Self::ELEMENTS => Some(Self::ELEMENT),
            _ => None,
        }
    }
}

/// Statements, evaluated in turn; the value is the last one's (unit when there is none).
#[derive(Debug, Default)]
pub struct Block(pub Vec<Stmt>);

/// A statement: one step at `pos`, then what it does.
#[derive(Debug)]
pub enum Stmt {
    /// An expression (which steps again as an expression).
    Expr(Position, Expr),
    /// An operator call standing as a statement (no second step).
    Call(Position, Call),
    /// `if guard { then } else { otherwise }`.
    If {
        pos: Position,
        guard: Expr,
        then: Block,
        otherwise: Block,
    },
}

/// An expression: one step at `pos`, then what it does.
#[derive(Debug)]
pub struct Expr {
    /// Where rhai counts the expression's step.
    pub pos: Position,
    pub kind: ExprKind,
}

/// What an expression is.
#[derive(Debug)]
pub enum ExprKind {
    /// A literal rhai returns at once (unit, a boolean, a number, a string, a constant array).
    Const(Const),
    Var(Var),
    /// `a && b && …`, stopping at the first false; each side must be a boolean.
    And(Vec<Expr>),
    /// `a || b || …`, stopping at the first true; each side must be a boolean.
    Or(Vec<Expr>),
    Call(Call),
    Chain(Box<Chain>),
    /// A block as a value (`(if … { … } else { … })`).
    Block(Block),
}

/// A literal.
#[derive(Debug)]
pub enum Const {
    Unit,
    Bool(bool),
    Int(i64),
    Str(String),
    Strs(Vec<String>),
    /// A closure, by its index in [`super::Native::closures`].
    Closure(usize),
}

/// A variable.
#[derive(Debug, Clone, Copy)]
pub enum Var {
    /// `el` or `flow`.
    Subject,
    /// The parameter of the closure being run.
    Param,
}

/// A function argument: a literal steps once at its start; anything else is an expression.
#[derive(Debug)]
pub enum Arg {
    /// The literal and where it starts.
    Literal(Position, Const),
    Expr(Expr),
}

/// An operator call (rhai's fast path for operators).
#[derive(Debug)]
pub enum Call {
    /// `!x`.
    Not(Box<Arg>),
    /// A comparison of two plain values, or of two arrays of strings (`arrays`, `==` and `!=`
    /// only; a native call of one step at `pos`, and one step per pair of items compared).
    Compare {
        pos: Position,
        op: Cmp,
        lhs: Box<Arg>,
        rhs: Box<Arg>,
        arrays: bool,
    },
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// `root.link.link…`: rhai's dot chain.
#[derive(Debug)]
pub struct Chain {
    /// Whether rhai evaluates the chain's arguments first, stepping at every level (it does not
    /// for a lone property or a lone method call without arguments).
    pub arg_pass: bool,
    /// A variable (one step at its position), or an expression.
    pub root: Root,
    pub links: Vec<Link>,
}

/// What a chain starts from.
#[derive(Debug)]
pub enum Root {
    /// A variable, stepping at its position (in the chain, not as an expression).
    Var(Position, Var),
    /// Any other expression, evaluated as such first.
    Expr(Expr),
}

/// One property or method call of a chain.
#[derive(Debug)]
pub struct Link {
    /// Where rhai steps for this level in the argument pass.
    pub pass_pos: Position,
    /// The position of the chain node above this link: where rhai steps when it tries to
    /// write a changed value back through an indexer.
    pub op_pos: Position,
    /// The property's or the call's position: where its native call steps.
    pub pos: Position,
    pub op: Op,
    pub form: Form,
    pub args: Vec<Arg>,
}

/// A property or method of the API, or of an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    ElementId,
    ElementName,
    ElementKind,
    ElementCategory,
    ElementDfd,
    ElementTraits,
    ElementBoundary,
    ElementBoundaryKinds,
    ElementTags,
    HasTrait,
    Receives,
    Handles,
    Prop,
    Assumed,
    ElementHasControl,
    Control,
    InBoundary,
    Incoming,
    Outgoing,
    Upstream,
    Downstream,
    FlowId,
    From,
    To,
    Label,
    Protocol,
    Data,
    Encrypted,
    Authenticated,
    Bidirectional,
    Operation,
    Returns,
    CrossesBoundary,
    HasData,
    FlowHasControl,
    Fact,
    /// `crosses_boundary()`, registered by value: not a method that may change its receiver.
    CrossesBoundaryCall,
    /// `len` and `len()` of an array.
    Len,
    /// `is_empty` and `is_empty()` of an array.
    IsEmpty,
    /// `contains(x)` of an array of strings.
    Contains,
    /// `some(closure)`.
    Some,
    /// `all(closure)`.
    All,
}

/// How a link is called, which decides rhai's steps around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A property getter (rhai assumes it changes nothing).
    Getter,
    /// A method whose first parameter is `&mut`: rhai treats its receiver as possibly
    /// changed, and writes a property it came from back (two more steps per property).
    Method,
    /// A method taking its receiver by value.
    Function,
}

impl Op {
    /// The property `name` of a value of type `of`: the op and its value's type.
    pub fn property(of: Ty, name: &str) -> Option<(Self, Ty)> {
        Some(match (of, name) {
            (Ty::ELEMENT, "id") => (Self::ElementId, Ty::STR),
            (Ty::ELEMENT, "name") => (Self::ElementName, Ty::STR),
            (Ty::ELEMENT, "kind") => (Self::ElementKind, Ty::STR),
            (Ty::ELEMENT, "category") => (Self::ElementCategory, Ty::STR),
            (Ty::ELEMENT, "dfd") => (Self::ElementDfd, Ty::STR),
            (Ty::ELEMENT, "traits") => (Self::ElementTraits, Ty::STRS),
            (Ty::ELEMENT, "boundary") => (Self::ElementBoundary, Ty::MAYBE_STR),
            (Ty::ELEMENT, "boundary_kinds") => (Self::ElementBoundaryKinds, Ty::STRS),
            (Ty::ELEMENT, "tags") => (Self::ElementTags, Ty::STRS),
            (Ty::FLOW, "id") => (Self::FlowId, Ty::STR),
            (Ty::FLOW, "from") => (Self::From, Ty::ELEMENT),
            (Ty::FLOW, "to") => (Self::To, Ty::ELEMENT),
            (Ty::FLOW, "label") => (Self::Label, Ty::STR),
            (Ty::FLOW, "protocol") => (Self::Protocol, Ty::STR),
            (Ty::FLOW, "data") => (Self::Data, Ty::STRS),
            (Ty::FLOW, "encrypted") => (Self::Encrypted, Ty::BOOL),
            (Ty::FLOW, "authenticated") => (Self::Authenticated, Ty::BOOL),
            (Ty::FLOW, "bidirectional") => (Self::Bidirectional, Ty::BOOL),
            (Ty::FLOW, "operation") => (Self::Operation, Ty::STR),
            (Ty::FLOW, "returns") => (Self::Returns, Ty::STRS),
            (Ty::FLOW, "crosses_boundary") => (Self::CrossesBoundary, Ty::BOOL),
            (Ty::STRS | Ty::FLOWS | Ty::ELEMENTS, "len") => (Self::Len, Ty::INT),
            (Ty::STRS | Ty::FLOWS | Ty::ELEMENTS, "is_empty") => (Self::IsEmpty, Ty::BOOL),
            _ => return None,
        })
    }

    /// The method `name` of a value of type `of` with `args` arguments: the op, its form, and
    /// its value's type. The arguments' types are checked by [`Self::arg`].
    pub fn method(of: Ty, name: &str, args: usize) -> Option<(Self, Form, Ty)> {
        use Form::{Function, Method};
        Some(match (of, name, args) {
            (Ty::ELEMENT, "has_trait", 1) => (Self::HasTrait, Method, Ty::BOOL),
            (Ty::ELEMENT, "receives", 1) => (Self::Receives, Method, Ty::BOOL),
            (Ty::ELEMENT, "handles", 1) => (Self::Handles, Method, Ty::BOOL),
            (Ty::ELEMENT, "prop", 1) => (Self::Prop, Method, Ty::SCALAR),
            (Ty::ELEMENT, "assumed", 1) => (Self::Assumed, Method, Ty::BOOL),
            (Ty::ELEMENT, "has_control", 1) => (Self::ElementHasControl, Method, Ty::BOOL),
            (Ty::ELEMENT, "control", 1) => (Self::Control, Method, Ty::MAYBE_STR),
            (Ty::ELEMENT, "in_boundary", 1) => (Self::InBoundary, Method, Ty::BOOL),
            (Ty::ELEMENT, "incoming", 0) => (Self::Incoming, Method, Ty::FLOWS),
            (Ty::ELEMENT, "outgoing", 0) => (Self::Outgoing, Method, Ty::FLOWS),
            (Ty::ELEMENT, "upstream", 0) => (Self::Upstream, Method, Ty::ELEMENTS),
            (Ty::ELEMENT, "downstream", 0) => (Self::Downstream, Method, Ty::ELEMENTS),
            (Ty::FLOW, "has_data", 1) => (Self::HasData, Method, Ty::BOOL),
            (Ty::FLOW, "has_control", 1) => (Self::FlowHasControl, Method, Ty::BOOL),
            (Ty::FLOW, "fact", 1) => (Self::Fact, Method, Ty::MAYBE_STR),
            (Ty::FLOW, "crosses_boundary", 0) => (Self::CrossesBoundaryCall, Function, Ty::BOOL),
            (Ty::STRS | Ty::FLOWS | Ty::ELEMENTS, "len", 0) => (Self::Len, Method, Ty::INT),
            (Ty::STRS | Ty::FLOWS | Ty::ELEMENTS, "is_empty", 0) => (Self::IsEmpty, Method, Ty::BOOL),
            (Ty::STRS | Ty::FLOWS | Ty::ELEMENTS, "some", 1) => (Self::Some, Method, Ty::BOOL),
            (Ty::STRS | Ty::FLOWS | Ty::ELEMENTS, "all", 1) => (Self::All, Method, Ty::BOOL),
            (Ty::STRS, "contains", 1) => (Self::Contains, Method, Ty::BOOL),
            _ => return None,
        })
    }

    /// Whether an argument of type `ty` can be passed: a plain value (a string where one is
    /// taken is checked at run time; a closure is checked by the caller).
    pub fn arg(self, ty: Ty) -> bool {
        !matches!(self, Self::Some | Self::All) && ty.within(Ty::SCALAR)
    }
}

/// A closure passed to `some` or `all`, compiled for the type of its one parameter.
#[derive(Debug)]
pub struct Closure {
    pub body: Block,
}
