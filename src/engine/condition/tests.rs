//! The native evaluator against rhai: the same results and the same steps, on every shipped
//! condition and every candidate of the example models, at every budget, and on hand-written
//! conditions for each construct, each fallback and each error.

use super::*;
use crate::catalog::{Catalog, Scope};
use crate::model::{Model, ModelGraph, PropKey, Value};
use crate::script::budget::{Allowance, Spent};
use crate::script::{Limits, new_engine};
use std::time::Instant;

/// A budget no condition here reaches.
const BIG: u64 = 100_000_000;

struct Lab {
    rhai: Rhai,
    catalog: Arc<Catalog>,
}

/// A condition with its text and what it runs on.
struct Case {
    text: String,
    subject: Subject,
    cond: Condition,
}

impl Lab {
    fn new() -> Self {
        Self::with(Limits::default())
    }

    fn with(limits: Limits) -> Self {
        Self {
            rhai: new_engine(limits),
            catalog: Arc::new(Catalog::builtin().0),
        }
    }

    fn case(&self, text: &str, subject: Subject) -> Case {
        let ast = self
            .rhai
            .compile_expression(text)
            .unwrap_or_else(|e| panic!("{text:?} compiles: {e}"));
        Case {
            text: text.to_owned(),
            subject,
            cond: Condition::new(ast, subject, &self.rhai),
        }
    }

    fn ctx(&self, model: Model) -> Arc<Ctx> {
        Arc::new(Ctx::new(
            Arc::new(ModelGraph::new(Arc::new(model))),
            self.catalog.clone(),
        ))
    }

    /// The shipped library's element and flow conditions, with their rules' ids.
    fn shipped(&self) -> Vec<(String, Case)> {
        self.catalog
            .rules
            .iter()
            .filter_map(|r| {
                let subject = match r.scope {
                    Scope::Element => Subject::Element,
                    Scope::Flow => Subject::Flow,
                    _ => return None,
                };
                Some((r.id.0.clone(), self.case(r.condition.as_deref()?, subject)))
            })
            .collect()
    }

    /// One case on one candidate with a budget of `steps` (and a deadline): rhai, the native
    /// evaluator alone, and the two as the engine runs them. The native one gives rhai's boolean
    /// with the same steps; stops where rhai stops, with the same position, reason and steps;
    /// or gives up where rhai gives something other than a boolean, or an error of its own. The
    /// engine's path gives what rhai gives, budget included. Returns the steps rhai took.
    fn agree(&self, case: &Case, ctx: &Arc<Ctx>, at: Candidate, steps: u64, deadline: Option<Instant>) -> u64 {
        let what = || format!("{:?} on {at:?} with {steps} steps", case.text);
        let (by_rhai, rhai_spent) = metered(steps, deadline, || eval_rhai(&self.rhai, &case.cond.ast, ctx, Some(at)));
        let by_rhai = outcome(&by_rhai);
        if let Some(native) = &case.cond.native {
            let (alone, spent) = metered(steps, deadline, || native::eval(native, ctx, at));
            match (&by_rhai, alone) {
                (Outcome::Bool(b), Ok(n)) => {
                    assert_eq!(*b, n, "{}", what());
                    assert_eq!(rhai_spent, spent, "{}", what());
                }
                (Outcome::Error(_, pos), Err(Halt::Stop(stop))) if rhai_spent.overrun.is_some() => {
                    assert_eq!(*pos, stop, "{}", what());
                    assert_eq!(rhai_spent, spent, "{}", what());
                }
                (Outcome::Other(_), Err(Halt::Unsure)) => {}
                // At rhai's own limit on operations the native run leaves the verdict to rhai,
                // whose count of them misses some (those of a closure's failed first call).
                (Outcome::Bool(_), Err(Halt::Unsure)) if rhai_spent.steps > self.rhai.max_operations() => {}
                (Outcome::Error(..), Err(Halt::Unsure)) if rhai_spent.overrun.is_none() => {}
                // rhai takes a step or two on its way to an error (the call it then fails to
                // find) that the native run, giving the error to rhai, does not.
                (Outcome::Error(..), Err(Halt::Unsure)) if steps < BIG => {
                    let unbounded = self.agree(case, ctx, at, BIG, deadline);
                    assert!(unbounded > steps, "{}", what());
                    let (r, _) = metered(BIG, deadline, || eval_rhai(&self.rhai, &case.cond.ast, ctx, Some(at)));
                    assert!(!matches!(outcome(&r), Outcome::Bool(_)), "{}", what());
                }
                (r, n) => panic!("rhai gave {r:?} ({rhai_spent:?}), native {n:?} ({spent:?}): {}", what()),
            }
        }
        let (engine, engine_spent) = metered(steps, deadline, || case.cond.eval(&self.rhai, ctx, at));
        let engine = outcome(&engine);
        // A stop is rhai's by position and reason; the engine replaces the message.
        let same = match (&by_rhai, &engine) {
            (Outcome::Error(_, a), Outcome::Error(_, b)) if rhai_spent.overrun.is_some() => a == b,
            (a, b) => a == b,
        };
        assert!(same, "rhai gave {by_rhai:?}, the engine's path {engine:?}: {}", what());
        assert_eq!(rhai_spent, engine_spent, "{}", what());
        rhai_spent.steps
    }

    /// [`Self::agree`] at every budget from nothing to what the run takes.
    fn agree_at_every_budget(&self, case: &Case, ctx: &Arc<Ctx>, at: Candidate) {
        let full = self.agree(case, ctx, at, BIG, None);
        for steps in 0..=full {
            self.agree(case, ctx, at, steps, None);
        }
    }

    /// As [`Self::agree_at_every_budget`], but past a thousand steps only every budget of the
    /// first and last 500 and every 13th between (a long run takes seconds at each budget).
    fn agree_at_budgets(&self, case: &Case, ctx: &Arc<Ctx>, at: Candidate) {
        let full = self.agree(case, ctx, at, BIG, None);
        for steps in 0..=full {
            if full <= 1000 || steps <= 500 || steps + 500 >= full || steps % 13 == 0 {
                self.agree(case, ctx, at, steps, None);
            }
        }
    }
}

/// Every candidate of a condition: each element, or each flow both ways.
fn candidates(ctx: &Ctx, subject: Subject) -> Vec<Candidate> {
    match subject {
        Subject::Element => (0..ctx.graph.len()).map(Candidate::Element).collect(),
        Subject::Flow => (0..ctx.graph.flow_ids.len())
            .flat_map(|j| [Candidate::Flow(j, false), Candidate::Flow(j, true)])
            .collect(),
    }
}

/// Runs `f` as a rule with `steps` to spend (and the deadline, if any); what it gave and spent.
fn metered<T>(steps: u64, deadline: Option<Instant>, f: impl FnOnce() -> T) -> (T, Spent) {
    budget::begin(Allowance {
        steps,
        what: format!("its budget of {steps} steps"),
        findings: 100,
        why_bytes: 1024,
        out_bytes: 1 << 20,
        deadline,
    });
    let out = f();
    (out, budget::end())
}

/// What a run came to, comparable across evaluators: a boolean; another value (by type); or an
/// error, by its text and position.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Bool(bool),
    Other(String),
    Error(String, rhai::Position),
}

fn outcome(r: &Result<Dynamic, Box<EvalAltResult>>) -> Outcome {
    match r {
        Ok(v) => v.as_bool().map_or_else(|t| Outcome::Other(t.to_owned()), Outcome::Bool),
        Err(e) => Outcome::Error(e.to_string(), e.position()),
    }
}

/// The example models, the test fixtures, and the models of the library's rule tests (not the
/// accuracy corpus).
fn example_models() -> Vec<Model> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["assets/examples", "tests/fixtures", "tests/golden"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("the folder")
            .map(|e| e.expect("an entry").path())
            .filter(|p| p.to_string_lossy().ends_with(".bulwark.ron"))
            .collect();
        paths.sort();
        for p in paths {
            out.push(crate::model::load(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())));
        }
    }
    let (tests, errors) = crate::engine::load_tests(&crate::catalog::builtin_sources());
    assert!(errors.is_empty(), "{errors:?}");
    out.extend(tests.into_iter().map(|t| t.test.model));
    out
}

/// Every model file under `dir`, in path order.
fn models_under(dir: &std::path::Path, out: &mut Vec<Model>) {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("the folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            models_under(&p, out);
        } else if p.to_string_lossy().ends_with(".bulwark.ron") {
            out.push(crate::model::load(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())));
        }
    }
}

/// The RAG example with answers of every type to `x` (a string, a number, true, false, and
/// unset), `n` a number, and `s` a string on a few elements.
fn answers_model() -> Model {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut m = crate::model::load(&root.join("assets/examples/rag-assistant.bulwark.ron")).expect("the example");
    let xs = [
        Value::Text("on".into()),
        Value::Int(3),
        Value::Bool(true),
        Value::Bool(false),
    ];
    for (k, e) in m.elements.values_mut().enumerate() {
        if let Some(x) = xs.get(k) {
            e.properties.insert(PropKey::new("x"), x.clone());
        }
        if k % 2 == 0 {
            e.properties
                .insert(PropKey::new("n"), Value::Int(i64::try_from(k).unwrap_or(0)));
            e.properties.insert(PropKey::new("s"), Value::Text(format!("s{k}")));
        }
    }
    m
}

#[test]
fn every_shipped_condition_runs_natively_as_rhai_does_on_every_example_candidate() {
    let lab = Lab::new();
    let cases = lab.shipped();
    let left: Vec<&str> = cases
        .iter()
        .filter(|(_, c)| !c.cond.is_native())
        .map(|(id, _)| id.as_str())
        .collect();
    // Every shipped condition runs natively: one that falls back to rhai (a construct the
    // native evaluator does not support, or stopped supporting) costs a large model a fifth of
    // its evaluation again. Support the construct in `script::native` or write it another way.
    assert!(cases.len() >= 30, "{} shipped conditions", cases.len());
    assert!(left.is_empty(), "left on rhai: {left:?}");
    let models = example_models();
    assert!(models.len() >= 400, "{} models", models.len());
    let runs = agree_on_every_candidate(&lab, &cases, models);
    assert!(runs > 50_000, "{runs} runs");
}

/// The same on the accuracy corpus (which grows with every review):
/// `cargo test --lib -- --ignored accuracy_corpus`.
#[test]
#[ignore = "the accuracy corpus"]
fn every_shipped_condition_runs_natively_as_rhai_does_on_the_accuracy_corpus() {
    let lab = Lab::new();
    let cases = lab.shipped();
    let mut models = Vec::new();
    models_under(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/accuracy"),
        &mut models,
    );
    assert!(models.len() >= 90, "{} accuracy models", models.len());
    let runs = agree_on_every_candidate(&lab, &cases, models);
    assert!(runs > 10_000, "{runs} runs");
}

/// Runs every condition of `cases` on every candidate of `models` both ways (asserting they
/// agree); how many runs that was.
fn agree_on_every_candidate(lab: &Lab, cases: &[(String, Case)], models: Vec<Model>) -> usize {
    let mut runs = 0;
    for model in models {
        let ctx = lab.ctx(model);
        for (_, case) in cases {
            for at in candidates(&ctx, case.subject) {
                lab.agree(case, &ctx, at, BIG, None);
                runs += 1;
            }
        }
    }
    runs
}

#[test]
fn a_shipped_condition_stops_where_rhai_stops_at_every_budget() {
    let lab = Lab::new();
    let ctx = lab.ctx(answers_model());
    for (_, case) in lab.shipped() {
        // The two candidates the condition works longest on, and the first.
        let mut by_steps: Vec<(u64, Candidate)> = candidates(&ctx, case.subject)
            .into_iter()
            .map(|at| (lab.agree(&case, &ctx, at, BIG, None), at))
            .collect();
        let first = by_steps.first().map(|s| s.1);
        by_steps.sort_by_key(|s| std::cmp::Reverse(s.0));
        for at in by_steps.iter().take(2).map(|s| s.1).chain(first) {
            lab.agree_at_every_budget(&case, &ctx, at);
        }
    }
}

#[test]
fn a_condition_past_the_deadline_stops_where_rhai_stops() {
    let lab = Lab::new();
    let ctx = lab.ctx(answers_model());
    let past = Some(Instant::now());
    for (_, case) in lab.shipped() {
        for at in candidates(&ctx, case.subject) {
            lab.agree(&case, &ctx, at, BIG, past);
        }
    }
    // One long enough to reach the clock by steps alone (every 256), not only by a charge.
    let case = lab.case(
        "el.downstream().some(|d| d.upstream().some(|u| u.kind == \"none\"))",
        Subject::Element,
    );
    let longest = candidates(&ctx, Subject::Element)
        .into_iter()
        .max_by_key(|at| lab.agree(&case, &ctx, *at, BIG, None))
        .expect("an element");
    assert!(lab.agree(&case, &ctx, longest, BIG, None) > 256);
    lab.agree(&case, &ctx, longest, BIG, past);
}

/// Hand-written conditions for every supported construct, with whether each runs natively.
const NATIVE_ELEMENT: &[&str] = &[
    // Answers of every type against every literal type, each comparison.
    "el.prop(\"x\") != false",
    "el.prop(\"x\") == true",
    "el.prop(\"x\") == \"on\"",
    "el.prop(\"x\") == 3",
    "el.prop(\"x\") == ()",
    "el.prop(\"x\") != ()",
    "el.prop(\"x\") < \"p\"",
    "el.prop(\"x\") <= 3",
    "el.prop(\"x\") > 2",
    "el.prop(\"x\") >= true",
    "el.prop(\"x\") > ()",
    "el.prop(\"x\") >= ()",
    "el.prop(\"n\") > el.prop(\"x\")",
    "el.prop(\"s\") < el.prop(\"x\")",
    "el.prop(\"n\") == el.prop(\"n\")",
    "el.prop(\"missing\") == el.prop(\"missing\")",
    "el.prop(\"missing\") <= el.prop(\"missing\")",
    // Properties and methods of elements.
    "el.id != \"\" && el.name != \"\" && el.category != \"\" && el.dfd != \"\"",
    "el.kind == \"llm\" || el.kind == \"vector-db\"",
    "el.traits.contains(\"model\") || el.tags.len() > 0 || el.boundary_kinds.contains(\"internet\")",
    "el.boundary == () || el.boundary != \"tb-internet\"",
    "el.control(\"authentication\") == \"implemented\" || el.has_control(\"audit-logging\")",
    "el.receives(\"pii\") || el.handles(\"credentials\") || el.assumed(\"auth\") || el.in_boundary(\"internet\")",
    "el.has_trait(\"model\") && !el.has_trait(\"human\")",
    "el.upstream().len() > el.downstream().len()",
    "el.outgoing().len > 0 || el.incoming().is_empty() || el.incoming().is_empty",
    "el.traits.len() == 0",
    // Arrays compared, and contains.
    "el.outgoing().some(|f| f.returns != [\"model-weights\"])",
    "el.outgoing().some(|f| f.returns == [])",
    "el.incoming().all(|f| f.data == f.returns)",
    "el.incoming().some(|f| f.data != f.data)",
    "el.incoming().all(|f| f.data.contains(\"pii\") || f.returns.contains(\"nothing\"))",
    "el.incoming().all(|f| f.data.contains(\"pii\") || !f.returns.is_empty())",
    "el.traits.contains(el.prop(\"x\"))",
    "el.traits.contains(3)",
    // Closures, nested, over every kind of array; results that are not booleans count as false.
    "el.downstream().some(|d| d.upstream().some(|u| u.kind == \"llm\"))",
    "el.outgoing().some(|f| f.to.outgoing().some(|g| g.to.dfd == \"DataStore\"))",
    "el.outgoing().some(|f| f.returns.all(|d| d == \"web-content\"))",
    "el.outgoing().some(|f| f.to.prop(\"x\"))",
    "el.traits.some(|t| t == \"model\")",
    // `if` as a condition and inside one, with and without `else`.
    "if el.kind == \"llm\" { el.outgoing().len() > 0 } else { el.prop(\"x\") == true }",
    "if el.has_trait(\"model\") { true }",
    "el.outgoing().some(|f| if f.to.has_trait(\"model\") { true } else { f.data.len() > 1 })",
    "(if el.kind == \"llm\" { 1 } else { 2 }) == 1",
    // Values that are not booleans, and errors: rhai's own, through the fallback.
    "el.prop(\"x\")",
    "el.kind",
    "el.outgoing()",
    "!el.prop(\"x\")",
    "el.prop(\"x\") && true",
    "true || el.prop(\"x\") && true",
    "el.has_trait(el.prop(\"x\"))",
    "el.outgoing().some(|f| f.to.prop(\"x\") || false)",
    "el.outgoing()\n  .some(|f| f.to.has_trait(\"model\")\n    && f.to.prop(\"x\"))",
];

const NATIVE_FLOW: &[&str] = &[
    "flow.data.len() > 0 || flow.from.has_trait(\"agent\")",
    "flow.operation == \"read\" && flow.label != \"\" || flow.protocol == \"https\"",
    "flow.fact(\"encrypted\") == \"yes\" || flow.fact(\"nonsense\") == ()",
    "flow.crosses_boundary() || flow.crosses_boundary || flow.encrypted || flow.authenticated || flow.bidirectional",
    "flow.has_control(\"encryption-in-transit\") || flow.has_data(\"pii\") || flow.id == \"x\"",
    "flow.to.incoming().some(|g| g.returns.contains(\"model-parameters\") && !g.from.has_trait(\"human\"))",
    "flow.data == flow.returns || flow.returns != []",
    "!flow.data.contains(\"user-uploads\")",
    "flow.to.kind == flow.from.kind",
    "flow.from.upstream().some(|u| u.outgoing().some(|f| f.to.dfd == \"DataStore\"))",
    "flow.to.control(\"authentication\")",
];

/// Constructs the evaluator leaves to rhai, which still gives every answer.
const FALLBACK: &[(&str, Subject)] = &[
    ("model.elements().len() > 0", Subject::Element),
    ("el.outgoing()[0].to.kind == \"x\"", Subject::Element),
    ("el.outgoing().some(|f| f.to.kind == el.kind)", Subject::Element),
    ("flow.from.upstream().some(|u| u.dfd == flow.to.dfd)", Subject::Flow),
    ("el.kind in [\"llm\", \"vector-db\"]", Subject::Element),
    ("el.outgoing().some(|f, i| i > 0)", Subject::Element),
    ("el.prop(\"n\") + 1 > 2", Subject::Element),
    ("el.kind.len() > 3", Subject::Element),
    ("el?.kind == \"llm\"", Subject::Element),
    ("el.props.x == 1", Subject::Element),
    ("el.outgoing().map(|f| f.to).len() > 0", Subject::Element),
    ("el.kind == 'a'", Subject::Element),
    ("el.prop(\"n\") > 1.5", Subject::Element),
    ("flow.from == flow.to", Subject::Flow),
    ("switch el.kind { \"llm\" => true, _ => false }", Subject::Element),
    ("type_of(el) == \"Element\"", Subject::Element),
    ("el.outgoing().contains(el)", Subject::Element),
    ("el.outgoing() == el.incoming()", Subject::Element),
    ("el.traits == \"model\"", Subject::Element),
    ("flow.kind == \"x\"", Subject::Flow),
    ("el.from.kind == \"x\"", Subject::Element),
    ("flow.data == [1, 2]", Subject::Flow),
    ("el.kind == [\"a\"]", Subject::Element),
];

#[test]
fn hand_written_conditions_run_natively_as_rhai_does_and_fall_back_where_they_must() {
    let lab = Lab::new();
    let ctx = lab.ctx(answers_model());
    let native = NATIVE_ELEMENT
        .iter()
        .map(|t| (*t, Subject::Element))
        .chain(NATIVE_FLOW.iter().map(|t| (*t, Subject::Flow)));
    for (text, subject) in native {
        let case = lab.case(text, subject);
        assert!(case.cond.is_native(), "{text:?} should run natively");
        for at in candidates(&ctx, subject) {
            lab.agree(&case, &ctx, at, BIG, None);
        }
        // Budgets on the candidate the condition works longest on.
        let longest = candidates(&ctx, subject)
            .into_iter()
            .max_by_key(|at| lab.agree(&case, &ctx, *at, BIG, None))
            .expect("a candidate");
        lab.agree_at_budgets(&case, &ctx, longest);
    }
    for (text, subject) in FALLBACK {
        let case = lab.case(text, *subject);
        assert!(!case.cond.is_native(), "{text:?} should keep rhai");
        for at in candidates(&ctx, *subject) {
            lab.agree(&case, &ctx, at, BIG, None);
            lab.agree(&case, &ctx, at, 7, None);
        }
    }
}

#[test]
fn rhai_errors_keep_their_messages_and_positions() {
    let lab = Lab::new();
    let ctx = lab.ctx(answers_model());
    let case = lab.case("el.kind != \"x\" &&\n   el.prop(\"x\") && true", Subject::Element);
    assert!(case.cond.is_native());
    // The first element answers `x` with a string: a type error at line 2.
    let (r, _) = metered(BIG, None, || case.cond.eval(&lab.rhai, &ctx, Candidate::Element(0)));
    let e = r.expect_err("a type error");
    assert_eq!(e.position().line(), Some(2), "{e}");
    assert!(e.to_string().contains("bool"), "{e}");
    let (r, _) = metered(BIG, None, || {
        eval_rhai(&lab.rhai, &case.cond.ast, &ctx, Some(Candidate::Element(0)))
    });
    assert_eq!(r.expect_err("rhai's").to_string(), e.to_string());
}

#[test]
fn rhai_limits_other_than_the_budget_are_rhai_errors() {
    // rhai's own count of operations, and its size limits on strings and arrays.
    let tight = Limits {
        rule_steps: 40,
        run_steps: 40,
        max_string_size: 12,
        max_array_size: 2,
        ..Limits::default()
    };
    let lab = Lab::with(tight);
    let ctx = lab.ctx(answers_model());
    for text in [
        "el.outgoing().some(|f| f.to.outgoing().some(|g| g.to.kind == \"llm\"))",
        "el.name != \"\"",
        "el.prop(\"s\") == \"s0\"",
        "el.incoming().len() > 0",
        "el.traits.len() > 0",
    ] {
        let case = lab.case(text, Subject::Element);
        assert!(case.cond.is_native(), "{text}");
        for at in candidates(&ctx, Subject::Element) {
            lab.agree(&case, &ctx, at, BIG, None);
        }
    }
}
