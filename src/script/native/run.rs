//! Running a condition in native form: the same steps as rhai, at the same points, in the same
//! order, with the element and flow views doing the work.

use super::ir::{Arg, Block, Call, Chain, Cmp, Const, Expr, ExprKind, Form, Link, Op, Root, Stmt, Var};
use super::{Candidate, Halt, Native};
use crate::model::Value;
use crate::script::{Ctx, ElementView, FlowView, budget};
use rhai::Position;
use std::borrow::Cow;
use std::cmp::Ordering;

/// Runs `native` on `candidate`: true or false, or why it gave no result.
pub fn eval(native: &Native, ctx: &Ctx, candidate: Candidate) -> Result<bool, Halt> {
    let subject = match candidate {
        Candidate::Element(i) => Val::Element(i),
        Candidate::Flow(j, back) => Val::Flow(j, back),
    };
    let mut run = Run {
        native,
        ctx,
        subject,
        steps: 0,
    };
    match run.block(&native.main, None)? {
        Val::Bool(b) => Ok(b),
        // rhai's own error names the type.
        _ => Err(Halt::Unsure),
    }
}

/// A value, as rhai would hold it.
#[derive(Debug, Clone)]
enum Val<'a> {
    Unit,
    Bool(bool),
    Int(i64),
    Str(Cow<'a, str>),
    Element(usize),
    /// A flow, seen from what comes back over it when the flag is true.
    Flow(usize, bool),
    Strs(Vec<&'a str>),
    /// Flows, each seen as drawn.
    Flows(Vec<usize>),
    Elements(Vec<usize>),
}

impl Val<'_> {
    /// The value of an `if` guard, a side of `&&` or `||`, or the operand of `!`; anything
    /// else is rhai's type error.
    fn bool(&self) -> Result<bool, Halt> {
        match self {
            Self::Bool(b) => Ok(*b),
            _ => Err(Halt::Unsure),
        }
    }
    /// A string argument of an API method; anything else is rhai's error (no such function).
    fn str(&self) -> Result<&str, Halt> {
        match self {
            Self::Str(s) => Ok(s),
            _ => Err(Halt::Unsure),
        }
    }
}

struct Run<'a> {
    native: &'a Native,
    ctx: &'a Ctx,
    subject: Val<'a>,
    /// Steps taken in this evaluation, for rhai's own limit on operations.
    steps: u64,
}

type Res<T> = Result<T, Halt>;

impl<'a> Run<'a> {
    /// One rhai operation at `pos`: a step of the rule's budget (and the clock now and then).
    fn step(&mut self, pos: Position) -> Res<()> {
        self.steps += 1;
        // rhai counts no more than this and stops past its limit; let it say so.
        let max = self.native.limits.operations;
        if max > 0 && self.steps > max {
            return Err(Halt::Unsure);
        }
        match budget::tick(self.steps) {
            None => Ok(()),
            Some(_) => Err(Halt::Stop(pos)),
        }
    }

    fn block(&mut self, block: &'a Block, param: Option<&Val<'a>>) -> Res<Val<'a>> {
        let mut value = Val::Unit;
        for stmt in &block.0 {
            value = self.stmt(stmt, param)?;
        }
        Ok(value)
    }

    fn stmt(&mut self, stmt: &'a Stmt, param: Option<&Val<'a>>) -> Res<Val<'a>> {
        match stmt {
            Stmt::Expr(pos, e) => {
                self.step(*pos)?;
                self.expr(e, param)
            }
            Stmt::Call(pos, call) => {
                self.step(*pos)?;
                self.call(call, param)
            }
            Stmt::If {
                pos,
                guard,
                then,
                otherwise,
            } => {
                self.step(*pos)?;
                if self.expr(guard, param)?.bool()? {
                    self.block(then, param)
                } else {
                    self.block(otherwise, param)
                }
            }
        }
    }

    fn expr(&mut self, e: &'a Expr, param: Option<&Val<'a>>) -> Res<Val<'a>> {
        self.step(e.pos)?;
        match &e.kind {
            ExprKind::Const(c) => Ok(self.constant(c)),
            ExprKind::Var(v) => Ok(self.var(*v, param)),
            ExprKind::And(items) => {
                for item in items {
                    if !self.expr(item, param)?.bool()? {
                        return Ok(Val::Bool(false));
                    }
                }
                Ok(Val::Bool(true))
            }
            ExprKind::Or(items) => {
                for item in items {
                    if self.expr(item, param)?.bool()? {
                        return Ok(Val::Bool(true));
                    }
                }
                Ok(Val::Bool(false))
            }
            ExprKind::Call(call) => self.call(call, param),
            ExprKind::Chain(chain) => self.chain(chain, param),
            ExprKind::Block(block) => self.block(block, param),
        }
    }

    fn constant(&self, c: &'a Const) -> Val<'a> {
        match c {
            Const::Unit => Val::Unit,
            Const::Bool(b) => Val::Bool(*b),
            Const::Int(i) => Val::Int(*i),
            Const::Str(s) => Val::Str(Cow::Borrowed(s)),
            Const::Strs(v) => Val::Strs(v.iter().map(String::as_str).collect()),
            // Only ever an argument of `some` or `all`, which reads it from the link.
            Const::Closure(_) => Val::Unit,
        }
    }

    fn var(&self, v: Var, param: Option<&Val<'a>>) -> Val<'a> {
        match (v, param) {
            (Var::Param, Some(p)) => p.clone(),
            _ => self.subject.clone(),
        }
    }

    /// A function argument: a literal is one step at its start.
    fn arg(&mut self, a: &'a Arg, param: Option<&Val<'a>>) -> Res<Val<'a>> {
        match a {
            Arg::Literal(pos, c) => {
                self.step(*pos)?;
                Ok(self.constant(c))
            }
            Arg::Expr(e) => self.expr(e, param),
        }
    }

    fn call(&mut self, call: &'a Call, param: Option<&Val<'a>>) -> Res<Val<'a>> {
        match call {
            Call::Not(x) => Ok(Val::Bool(!self.arg(x, param)?.bool()?)),
            Call::Compare {
                pos,
                op,
                lhs,
                rhs,
                arrays,
            } => {
                let a = self.arg(lhs, param)?;
                let b = self.arg(rhs, param)?;
                if *arrays {
                    return self.compare_arrays(*pos, *op, &a, &b);
                }
                Ok(Val::Bool(compare(*op, &a, &b)))
            }
        }
    }

    /// `==` or `!=` of two arrays of strings: rhai's array package, called natively (a step),
    /// compares pair by pair through `==` (a step each) up to the first difference.
    fn compare_arrays(&mut self, pos: Position, op: Cmp, a: &Val<'a>, b: &Val<'a>) -> Res<Val<'a>> {
        let (Val::Strs(a), Val::Strs(b)) = (a, b) else {
            return Err(Halt::Unsure);
        };
        self.step(pos)?;
        let mut same = a.len() == b.len();
        if same {
            for (x, y) in a.iter().zip(b) {
                self.step(pos)?;
                if x != y {
                    same = false;
                    break;
                }
            }
        }
        Ok(Val::Bool(same == (op == Cmp::Eq)))
    }

    fn chain(&mut self, chain: &'a Chain, param: Option<&Val<'a>>) -> Res<Val<'a>> {
        // Every argument of the chain first, a step per level.
        let mut args = Vec::new();
        if chain.arg_pass {
            for link in &chain.links {
                self.step(link.pass_pos)?;
                for a in &link.args {
                    args.push(self.arg(a, param)?);
                }
            }
        }
        let target = match &chain.root {
            Root::Var(pos, v) => {
                self.step(*pos)?;
                self.var(*v, param)
            }
            Root::Expr(e) => self.expr(e, param)?,
        };
        let mut args = args.into_iter();
        Ok(self.links(&chain.links, target, &mut args)?.0)
    }

    /// The links of a chain on `target`: the value, and whether rhai takes the receiver of the
    /// last call as changed (it then writes each property the chain went through back, which
    /// fails, costing a step for the setter and one for the indexer it tries next).
    fn links(
        &mut self,
        links: &'a [Link],
        target: Val<'a>,
        args: &mut std::vec::IntoIter<Val<'a>>,
    ) -> Res<(Val<'a>, bool)> {
        let Some((link, rest)) = links.split_first() else {
            return Ok((target, false));
        };
        let value = self.link(link, &target, args)?;
        match link.form {
            Form::Getter if !rest.is_empty() => {
                let (value, changed) = self.links(rest, value, args)?;
                if changed {
                    self.step(link.pos)?;
                    self.step(link.op_pos)?;
                }
                Ok((value, changed))
            }
            Form::Getter => Ok((value, false)),
            _ if !rest.is_empty() => self.links(rest, value, args),
            form => Ok((value, form == Form::Method)),
        }
    }

    /// One property or call: rhai's native call is a step at its position.
    fn link(&mut self, link: &'a Link, target: &Val<'a>, args: &mut std::vec::IntoIter<Val<'a>>) -> Res<Val<'a>> {
        self.step(link.pos)?;
        let mut take = || args.next().ok_or(Halt::Unsure);
        let stopped = |_: Box<rhai::EvalAltResult>| Halt::Stop(link.pos);
        let value = match (target, link.op) {
            (Val::Element(i), op) => {
                let el = ElementView {
                    ctx: self.ctx,
                    index: *i,
                };
                match op {
                    Op::ElementId => str(el.id()),
                    Op::ElementName => str(el.name()),
                    Op::ElementKind => str(el.kind_id()),
                    Op::ElementCategory => str(el.category()),
                    Op::ElementDfd => Val::Str(Cow::Owned(el.dfd())),
                    Op::ElementTraits => Val::Strs(el.traits().collect()),
                    Op::ElementBoundary => el.boundary().map_or(Val::Unit, str),
                    Op::ElementBoundaryKinds => Val::Strs(el.boundary_kinds().collect()),
                    Op::ElementTags => Val::Strs(el.tags().collect()),
                    Op::HasTrait => Val::Bool(el.has_trait(take()?.str()?)),
                    Op::Receives => Val::Bool(el.receives(take()?.str()?).map_err(stopped)?),
                    Op::Handles => Val::Bool(el.handles(take()?.str()?).map_err(stopped)?),
                    Op::Prop => el.prop(take()?.str()?).map_or(Val::Unit, value),
                    Op::Assumed => Val::Bool(el.assumed(take()?.str()?)),
                    Op::ElementHasControl => Val::Bool(el.has_control(take()?.str()?)),
                    Op::Control => el.control(take()?.str()?).map_or(Val::Unit, str),
                    Op::InBoundary => Val::Bool(el.in_boundary(take()?.str()?)),
                    Op::Incoming => Val::Flows(el.incoming().map_err(stopped)?),
                    Op::Outgoing => Val::Flows(el.outgoing().map_err(stopped)?),
                    Op::Upstream => Val::Elements(el.upstream().map_err(stopped)?),
                    Op::Downstream => Val::Elements(el.downstream().map_err(stopped)?),
                    _ => return Err(Halt::Unsure),
                }
            }
            (Val::Flow(j, back), op) => {
                let f = FlowView {
                    ctx: self.ctx,
                    index: *j,
                    back: *back,
                };
                match op {
                    Op::FlowId => str(f.id()),
                    Op::From => Val::Element(f.from()),
                    Op::To => Val::Element(f.to()),
                    Op::Label => str(f.label()),
                    Op::Protocol => str(f.protocol()),
                    Op::Data => Val::Strs(f.data().collect()),
                    Op::Encrypted => Val::Bool(f.encrypted()),
                    Op::Authenticated => Val::Bool(f.authenticated()),
                    Op::Bidirectional => Val::Bool(f.bidirectional()),
                    Op::Operation => str(f.operation()),
                    Op::Returns => Val::Strs(f.returns().collect()),
                    Op::CrossesBoundary | Op::CrossesBoundaryCall => Val::Bool(f.crosses_boundary()),
                    Op::HasData => Val::Bool(f.has_data(take()?.str()?)),
                    Op::FlowHasControl => Val::Bool(f.has_control(take()?.str()?)),
                    Op::Fact => f.fact(take()?.str()?).map_or(Val::Unit, str),
                    _ => return Err(Halt::Unsure),
                }
            }
            (items @ (Val::Strs(_) | Val::Flows(_) | Val::Elements(_)), op) => {
                let len = match items {
                    Val::Strs(v) => v.len(),
                    Val::Flows(v) | Val::Elements(v) => v.len(),
                    _ => 0,
                };
                match op {
                    Op::Len => Val::Int(i64::try_from(len).unwrap_or(i64::MAX)),
                    Op::IsEmpty => Val::Bool(len == 0),
                    Op::Contains => {
                        let item = take()?;
                        let Val::Strs(strs) = items else {
                            return Err(Halt::Unsure);
                        };
                        crate::script::charge_contains(len).map_err(stopped)?;
                        // rhai's `same`: strings are equal by content; a string never equals
                        // anything else.
                        Val::Bool(matches!(&item, Val::Str(s) if strs.iter().any(|x| x == s)))
                    }
                    Op::Some | Op::All => {
                        let Some(Arg::Literal(_, Const::Closure(c))) = link.args.first() else {
                            return Err(Halt::Unsure);
                        };
                        take()?;
                        let all = op == Op::All;
                        // Errors inside point at the call of `some` or `all`, as rhai's do.
                        let found = self.each(items, *c, all).map_err(|h| match h {
                            Halt::Stop(_) => Halt::Stop(link.pos),
                            Halt::Unsure => Halt::Unsure,
                        })?;
                        Val::Bool(found)
                    }
                    _ => return Err(Halt::Unsure),
                }
            }
            _ => return Err(Halt::Unsure),
        };
        self.fits(&value)?;
        Ok(value)
    }

    /// `some` (stops at the first true) or `all` (at the first false) of a closure over
    /// `items`. For each item rhai first calls the closure with the item as `this` and no
    /// argument, which fails (a step), then with the item as its argument (a step, and the
    /// body's). A result other than a boolean counts as false.
    fn each(&mut self, items: &Val<'a>, closure: usize, all: bool) -> Res<bool> {
        let native: &'a Native = self.native;
        let body = &native.closures.get(closure).ok_or(Halt::Unsure)?.body;
        let n = match items {
            Val::Strs(v) => v.len(),
            Val::Flows(v) | Val::Elements(v) => v.len(),
            _ => 0,
        };
        for k in 0..n {
            let item = match items {
                Val::Strs(v) => v.get(k).map(|s| Val::Str(Cow::Borrowed(*s))),
                Val::Flows(v) => v.get(k).map(|j| Val::Flow(*j, false)),
                Val::Elements(v) => v.get(k).map(|i| Val::Element(*i)),
                _ => None,
            }
            .ok_or(Halt::Unsure)?;
            // The positions do not matter: the caller points every stop at the call.
            self.step(Position::NONE)?;
            self.step(Position::NONE)?;
            let yes = matches!(self.block(body, Some(&item))?, Val::Bool(true));
            if yes != all {
                return Ok(yes);
            }
        }
        Ok(all)
    }

    /// rhai checks the size of what a native function returns; over a limit is its error.
    fn fits(&self, v: &Val<'_>) -> Res<()> {
        let limits = &self.native.limits;
        let over = |n: usize, max: usize| max > 0 && n > max;
        let fits = match v {
            Val::Str(s) => !over(s.len(), limits.string),
            Val::Strs(v) => !over(v.len(), limits.array) && !over(v.iter().map(|s| s.len()).sum(), limits.string),
            Val::Flows(v) | Val::Elements(v) => !over(v.len(), limits.array),
            _ => true,
        };
        if fits { Ok(()) } else { Err(Halt::Unsure) }
    }
}

fn str(s: &str) -> Val<'_> {
    Val::Str(Cow::Borrowed(s))
}

/// An answer, as the rule API gives it (`api::to_dynamic`).
fn value(v: &Value) -> Val<'_> {
    match v {
        Value::Bool(b) => Val::Bool(*b),
        Value::Int(i) => Val::Int(*i),
        Value::Text(s) => Val::Str(Cow::Borrowed(s)),
    }
}

/// rhai's built-in comparison of two plain values: by value within a type; across types, only
/// `!=` holds.
fn compare(op: Cmp, a: &Val<'_>, b: &Val<'_>) -> bool {
    let order = match (a, b) {
        (Val::Int(x), Val::Int(y)) => x.cmp(y),
        (Val::Bool(x), Val::Bool(y)) => x.cmp(y),
        (Val::Str(x), Val::Str(y)) => x.as_ref().cmp(y.as_ref()),
        // Units are equal, yet neither `<=` nor `>=` holds between them.
        (Val::Unit, Val::Unit) => return op == Cmp::Eq,
        _ => return op == Cmp::Ne,
    };
    match op {
        Cmp::Eq => order == Ordering::Equal,
        Cmp::Ne => order != Ordering::Equal,
        Cmp::Lt => order == Ordering::Less,
        Cmp::Le => order != Ordering::Greater,
        Cmp::Gt => order == Ordering::Greater,
        Cmp::Ge => order != Ordering::Less,
    }
}
