//! A rule's rhai `condition`, ready to run on its candidates: the AST rhai evaluates and, when
//! every construct in it allows, its native form (`script::native`), which runs instead and
//! is indistinguishable from rhai in result and in the steps it charges (issue 15: conditions
//! were a fifth of a large model's evaluation).

use crate::script::native::{self, Candidate, Halt, Native, Subject};
use crate::script::{Ctx, ElementRef, FlowRef, ModelRef, budget};
use rhai::{AST, Dynamic, Engine as Rhai, EvalAltResult, Scope as RhaiScope};
use std::sync::Arc;

/// A compiled condition of an element or flow rule.
#[derive(Debug)]
pub struct Condition {
    /// What rhai runs.
    pub ast: AST,
    /// What runs instead, when the condition's every construct is supported.
    native: Option<Native>,
}

impl Condition {
    /// `ast`, a condition seeing `subject`, with its native form where it has one.
    pub fn new(ast: AST, subject: Subject, rhai: &Rhai) -> Self {
        let native = native::compile(&ast, subject, rhai);
        Self { ast, native }
    }

    /// Whether it runs natively.
    #[cfg(test)]
    pub fn is_native(&self) -> bool {
        self.native.is_some()
    }

    /// Runs it on `candidate` in the running rule's budget: natively when it can, else (or when
    /// the native run meets something rhai reports as an error) in rhai, from the same point
    /// of the budget.
    pub fn eval(&self, rhai: &Rhai, ctx: &Arc<Ctx>, candidate: Candidate) -> Result<Dynamic, Box<EvalAltResult>> {
        if let Some(n) = &self.native {
            let mark = budget::mark();
            match native::eval(n, ctx, candidate) {
                Ok(b) => return Ok(Dynamic::from_bool(b)),
                Err(Halt::Stop(pos)) => return Err(stopped(pos)),
                Err(Halt::Unsure) => budget::rewind(mark),
            }
        }
        eval_rhai(rhai, &self.ast, ctx, Some(candidate))
    }
}

/// The error rhai gives a condition its budget stopped, where rhai's points: the engine reads
/// only its position, and the reason the budget kept.
fn stopped(pos: rhai::Position) -> Box<EvalAltResult> {
    debug_assert!(budget::overrun().is_some(), "a native stop is a budget stop");
    Box::new(EvalAltResult::ErrorTerminated(Dynamic::from("budget"), pos))
}

/// Runs a condition in rhai, with `model` and, for a candidate, `el` or `flow` in scope. The
/// part of a flow its rule's selector matched is what the condition sees: where that is what
/// comes back, its ends are as the selector's `from` and `to` were.
pub fn eval_rhai(
    rhai: &Rhai,
    ast: &AST,
    ctx: &Arc<Ctx>,
    candidate: Option<Candidate>,
) -> Result<Dynamic, Box<EvalAltResult>> {
    let mut scope = RhaiScope::new();
    scope.push("model", ModelRef(ctx.clone()));
    match candidate {
        Some(Candidate::Element(i)) => {
            scope.push("el", ElementRef::new(ctx.clone(), i));
        }
        Some(Candidate::Flow(j, back)) => {
            let flow = if back {
                FlowRef::returned(ctx.clone(), j)
            } else {
                FlowRef::new(ctx.clone(), j)
            };
            scope.push("flow", flow);
        }
        None => {}
    }
    rhai.eval_ast_with_scope(&mut scope, ast)
}

#[cfg(test)]
mod tests;
