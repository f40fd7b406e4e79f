//! From rhai's AST to the native form ([`super::ir`]), or nothing when any construct of the
//! condition is not one the evaluator reproduces exactly.

use super::ir::{Arg, Block, Call, Chain, Closure, Cmp, Const, Expr, ExprKind, Form, Link, Op, Root, Stmt, Ty, Var};
use super::{Limits, Native, Subject};
use rhai::{AST, ASTFlags, ASTNode, Dynamic, Engine, FnPtr, Position, Token};

/// Most closures nested in one another: rhai goes two call levels deeper for each, and its
/// call-depth limit must never be what stops a condition.
const MAX_NESTING: usize = 8;

/// The native form of `ast`, a condition that sees `subject`, when every construct in it is
/// supported; `None` keeps the condition on rhai.
pub fn compile(ast: &AST, subject: Subject, engine: &Engine) -> Option<Native> {
    let mut lower = Lower {
        subject,
        defs: definitions(ast)?,
        closures: Vec::new(),
        nesting: MAX_NESTING.min(engine.max_call_levels() / 2),
    };
    let (main, _) = lower.block(ast.statements(), &Env::Top)?;
    // The closures asked for, and those they ask for in turn.
    let mut bodies = Vec::new();
    while let Some(w) = lower.closures.get(bodies.len()) {
        let def = lower.defs.get(w.def)?;
        let env = Env::Closure {
            param: def.params.first()?.clone(),
            ty: w.param,
            depth: w.depth,
        };
        let stmts = def.body.clone();
        let (body, _) = lower.block(&stmts, &env)?;
        bodies.push(Closure { body });
    }
    Some(Native {
        main,
        closures: bodies,
        limits: Limits {
            operations: engine.max_operations(),
            string: engine.max_string_size(),
            array: engine.max_array_size(),
        },
    })
}

/// A closure of the condition (a script function of its AST).
struct Def {
    name: String,
    params: Vec<String>,
    /// Where its body is stored.
    at: std::ops::Range<usize>,
    body: Vec<rhai::Stmt>,
}

/// The AST's closures with their statements. rhai does not export the type of a function body,
/// so a closure's statements are found by [`AST::walk`] as the statements stored inside that
/// closure's definition. A body too long to be stored there is not found; the count of the
/// statements left over shows it, and the condition keeps rhai.
fn definitions(ast: &AST) -> Option<Vec<Def>> {
    let mut defs: Vec<Def> = ast
        .iter_fn_def()
        .map(|f| {
            let start = std::ptr::addr_of!(f.body) as usize;
            Def {
                name: f.name.to_string(),
                params: f.params.iter().map(ToString::to_string).collect(),
                at: start..start + std::mem::size_of_val(&f.body),
                body: Vec::new(),
            }
        })
        .collect();
    let mut top_level = 0;
    ast.walk(&mut |path: &[ASTNode]| {
        if let [ASTNode::Stmt(s)] = path {
            let at = std::ptr::from_ref(*s) as usize;
            match defs.iter_mut().find(|d| d.at.contains(&at)) {
                Some(d) => d.body.push((*s).clone()),
                None => top_level += 1,
            }
        }
        true
    });
    (top_level == ast.statements().len()).then_some(defs)
}

/// A closure to compile: which definition, for which parameter type, how deeply nested.
struct Wanted {
    def: usize,
    param: Ty,
    depth: usize,
}

struct Lower {
    subject: Subject,
    defs: Vec<Def>,
    closures: Vec<Wanted>,
    nesting: usize,
}

/// What the code being compiled sees.
enum Env {
    /// The condition itself: `el` or `flow`.
    Top,
    /// A closure's body: its one parameter, of type `ty`.
    Closure { param: String, ty: Ty, depth: usize },
}

impl Env {
    fn depth(&self) -> usize {
        match self {
            Self::Top => 0,
            Self::Closure { depth, .. } => *depth,
        }
    }
}

impl Lower {
    fn block(&mut self, stmts: &[rhai::Stmt], env: &Env) -> Option<(Block, Ty)> {
        let mut block = Block::default();
        let mut ty = Ty::UNIT;
        for s in stmts {
            let (stmt, t) = self.stmt(s, env)?;
            block.0.push(stmt);
            ty = t;
        }
        Some((block, ty))
    }

    fn stmt(&mut self, s: &rhai::Stmt, env: &Env) -> Option<(Stmt, Ty)> {
        let pos = s.position();
        match s {
            rhai::Stmt::Expr(e) => {
                let (e, ty) = self.expr(e, env)?;
                Some((Stmt::Expr(pos, e), ty))
            }
            rhai::Stmt::FnCall(call, at) => {
                let (call, ty) = self.call(call, *at, env)?;
                Some((Stmt::Call(pos, call), ty))
            }
            rhai::Stmt::If(x, _) => {
                let (guard, _) = self.expr(&x.expr, env)?;
                let (then, a) = self.block(x.body.statements(), env)?;
                let (otherwise, b) = self.block(x.branch.statements(), env)?;
                let stmt = Stmt::If {
                    pos,
                    guard,
                    then,
                    otherwise,
                };
                Some((stmt, a.or(b)))
            }
            _ => None,
        }
    }

    fn expr(&mut self, e: &rhai::Expr, env: &Env) -> Option<(Expr, Ty)> {
        let (kind, ty) = match e {
            rhai::Expr::Variable(x, short, _) => {
                let (var, ty) = self.variable(x, *short, env)?;
                (ExprKind::Var(var), ty)
            }
            rhai::Expr::And(x, _) | rhai::Expr::Or(x, _) => {
                let items = x
                    .iter()
                    .map(|e| self.expr(e, env).map(|(e, _)| e))
                    .collect::<Option<Vec<_>>>()?;
                let kind = if matches!(e, rhai::Expr::And(..)) {
                    ExprKind::And(items)
                } else {
                    ExprKind::Or(items)
                };
                (kind, Ty::BOOL)
            }
            rhai::Expr::FnCall(call, at) => {
                let (call, ty) = self.call(call, *at, env)?;
                (ExprKind::Call(call), ty)
            }
            rhai::Expr::Dot(x, flags, at) if *flags == ASTFlags::NONE => {
                let (chain, ty) = self.chain(&x.lhs, &x.rhs, *at, env)?;
                (ExprKind::Chain(Box::new(chain)), ty)
            }
            rhai::Expr::Stmt(block) => {
                let (block, ty) = self.block(block.statements(), env)?;
                (ExprKind::Block(block), ty)
            }
            // rhai returns these at once; other literals (an array written out …) it builds.
            rhai::Expr::DynamicConstant(..)
            | rhai::Expr::BoolConstant(..)
            | rhai::Expr::IntegerConstant(..)
            | rhai::Expr::StringConstant(..)
            | rhai::Expr::Unit(..) => {
                let (c, ty) = constant(&e.get_literal_value(None)?)?;
                (ExprKind::Const(c), ty)
            }
            _ => return None,
        };
        let pos = e.position();
        Some((Expr { pos, kind }, ty))
    }

    /// A variable: `el` or `flow` in the condition, the parameter in a closure. Anything else
    /// (`model`, a variable a closure captures) keeps rhai.
    /// A variable as rhai's AST holds it (`x` and the short index of `Expr::Variable`); none
    /// reached through a module namespace.
    fn variable(
        &self,
        x: &(
            Option<std::num::NonZeroUsize>,
            rhai::ImmutableString,
            rhai::Namespace,
            u64,
        ),
        short: Option<std::num::NonZeroU8>,
        env: &Env,
    ) -> Option<(Var, Ty)> {
        let (long, name, namespace, _) = x;
        if !namespace.is_empty() {
            return None;
        }
        let index = short.map(|i| usize::from(i.get())).or(long.map(|i| i.get()));
        self.var(name, index, env)
    }

    fn var(&self, name: &str, index: Option<usize>, env: &Env) -> Option<(Var, Ty)> {
        match env {
            Env::Top => {
                let (wanted, ty) = match self.subject {
                    Subject::Element => ("el", Ty::ELEMENT),
                    Subject::Flow => ("flow", Ty::FLOW),
                };
                (name == wanted && index.is_none()).then_some((Var::Subject, ty))
            }
            // The closure's scope holds its parameter alone.
            Env::Closure { param, ty, .. } => {
                (name == param && matches!(index, None | Some(1))).then_some((Var::Param, *ty))
            }
        }
    }

    /// An argument of a call: a literal (one step at its start), or an expression.
    fn arg(&mut self, e: &rhai::Expr, env: &Env) -> Option<(Arg, Ty)> {
        match e.get_literal_value(None) {
            Some(v) => {
                let (c, ty) = constant(&v)?;
                Some((Arg::Literal(e.start_position(), c), ty))
            }
            None => self.expr(e, env).map(|(e, ty)| (Arg::Expr(e), ty)),
        }
    }

    /// An operator: `!`, or a comparison of plain values or of arrays of strings.
    fn call(&mut self, call: &rhai::FnCallExpr, pos: Position, env: &Env) -> Option<(Call, Ty)> {
        if call.is_qualified() || call.capture_parent_scope {
            return None;
        }
        match (call.op_token.as_ref()?, call.args.as_slice()) {
            (Token::Bang, [x]) => {
                let (x, _) = self.arg(x, env)?;
                Some((Call::Not(Box::new(x)), Ty::BOOL))
            }
            (token, [a, b]) => {
                let op = match token {
                    Token::EqualsTo => Cmp::Eq,
                    Token::NotEqualsTo => Cmp::Ne,
                    Token::LessThan => Cmp::Lt,
                    Token::LessThanEqualsTo => Cmp::Le,
                    Token::GreaterThan => Cmp::Gt,
                    Token::GreaterThanEqualsTo => Cmp::Ge,
                    _ => return None,
                };
                let (lhs, x) = self.arg(a, env)?;
                let (rhs, y) = self.arg(b, env)?;
                let arrays = x == Ty::STRS && y == Ty::STRS && matches!(op, Cmp::Eq | Cmp::Ne);
                let plain = x.within(Ty::SCALAR) && y.within(Ty::SCALAR);
                if !(arrays || plain) {
                    return None;
                }
                let call = Call::Compare {
                    pos,
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                    arrays,
                };
                Some((call, Ty::BOOL))
            }
            _ => None,
        }
    }

    /// `lhs.rhs`, with `rhs` a property, a method call, or another such pair.
    fn chain(&mut self, lhs: &rhai::Expr, rhs: &rhai::Expr, pos: Position, env: &Env) -> Option<(Chain, Ty)> {
        let (root, mut ty) = match lhs {
            rhai::Expr::Variable(x, short, at) => {
                let (var, ty) = self.variable(x, *short, env)?;
                (Root::Var(*at, var), ty)
            }
            rhai::Expr::ThisPtr(..) | rhai::Expr::Property(..) | rhai::Expr::MethodCall(..) => return None,
            e => {
                let (e, ty) = self.expr(e, env)?;
                (Root::Expr(e), ty)
            }
        };
        let mut links = Vec::new();
        let (mut node, mut op_pos) = (rhs, pos);
        loop {
            let (this, next) = match node {
                rhai::Expr::Dot(x, flags, at) if *flags == ASTFlags::NONE => (&x.lhs, Some((&x.rhs, *at))),
                rhai::Expr::Property(..) | rhai::Expr::MethodCall(..) => (node, None),
                _ => return None,
            };
            let (link, t) = self.link(this, ty, node.position(), op_pos, env)?;
            links.push(link);
            ty = t;
            match next {
                Some((rest, at)) => (node, op_pos) = (rest, at),
                None => break,
            }
        }
        let arg_pass = links.len() > 1 || links.iter().any(|l| !l.args.is_empty());
        Some((Chain { arg_pass, root, links }, ty))
    }

    /// One property or method call on a value of type `of`.
    fn link(&mut self, e: &rhai::Expr, of: Ty, pass_pos: Position, op_pos: Position, env: &Env) -> Option<(Link, Ty)> {
        let (op, form, ty, args, pos) = match e {
            rhai::Expr::Property(x, pos) => {
                let (op, ty) = Op::property(of, x.2.as_str())?;
                (op, Form::Getter, ty, Vec::new(), *pos)
            }
            rhai::Expr::MethodCall(call, pos) => {
                if call.is_qualified() || call.capture_parent_scope || call.op_token.is_some() {
                    return None;
                }
                let (op, form, ty) = Op::method(of, call.name.as_str(), call.args.len())?;
                let mut args = Vec::new();
                for a in &call.args {
                    let arg = if matches!(op, Op::Some | Op::All) {
                        Arg::Literal(a.start_position(), self.closure(a, of.item()?, env)?)
                    } else {
                        let (arg, t) = self.arg(a, env)?;
                        if !op.arg(t) {
                            return None;
                        }
                        arg
                    };
                    args.push(arg);
                }
                (op, form, ty, args, *pos)
            }
            _ => return None,
        };
        let link = Link {
            pass_pos,
            op_pos,
            pos,
            op,
            form,
            args,
        };
        Some((link, ty))
    }

    /// A closure literal passed to `some` or `all` over items of type `item`: one parameter,
    /// nothing captured.
    fn closure(&mut self, e: &rhai::Expr, item: Ty, env: &Env) -> Option<Const> {
        let rhai::Expr::DynamicConstant(v, _) = e else {
            return None;
        };
        let (name, plain) = {
            let f = v.read_lock::<FnPtr>()?;
            (f.fn_name().to_owned(), f.is_anonymous() && !f.is_curried())
        };
        let depth = env.depth() + 1;
        if !plain || depth > self.nesting {
            return None;
        }
        let def = self.defs.iter().position(|d| d.name == name && d.params.len() == 1)?;
        let known = self
            .closures
            .iter()
            .position(|w| w.def == def && w.param == item && w.depth == depth);
        let index = known.unwrap_or_else(|| {
            self.closures.push(Wanted {
                def,
                param: item,
                depth,
            });
            self.closures.len() - 1
        });
        Some(Const::Closure(index))
    }
}

/// A literal the evaluator knows: unit, a boolean, an integer, a string, or an array of strings.
fn constant(v: &Dynamic) -> Option<(Const, Ty)> {
    if v.is_unit() {
        return Some((Const::Unit, Ty::UNIT));
    }
    if let Ok(b) = v.as_bool() {
        return Some((Const::Bool(b), Ty::BOOL));
    }
    if let Ok(i) = v.as_int() {
        return Some((Const::Int(i), Ty::INT));
    }
    if v.is_string() {
        return Some((Const::Str(v.clone().into_string().ok()?), Ty::STR));
    }
    if v.is_array() {
        let items = v.read_lock::<rhai::Array>()?;
        let strs = items
            .iter()
            .map(|s| s.is_string().then(|| s.clone().into_string().ok()).flatten())
            .collect::<Option<Vec<_>>>()?;
        return Some((Const::Strs(strs), Ty::STRS));
    }
    None
}
