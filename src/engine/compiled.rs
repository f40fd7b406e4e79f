//! Rules made ready to run: selectors compiled against the catalog, rhai conditions and scripts
//! compiled in the sandbox, script metadata read and checked.

use super::condition::Condition;
use super::select::Compiled;
use crate::catalog::{Catalog, Level, References, Rule, Scope, Selector, SourceFile, Stride};
use crate::model::{ControlId, ModelGraph, RuleId};
use crate::script::native::Subject;
use crate::script::{Ctx, ModelRef, RuleError, RuleErrorKind, take_emitted};
use rhai::{AST, Engine as Rhai, Scope as RhaiScope};
use serde::Deserialize;
use std::sync::Arc;

/// How a rule finds its matches.
#[derive(Debug)]
pub enum Logic {
    /// Each matching element.
    Element {
        /// Where it applies.
        sel: Compiled,
        /// Extra rhai condition.
        cond: Option<Condition>,
    },
    /// Each matching flow.
    Flow {
        /// Where it applies.
        sel: Compiled,
        /// Extra rhai condition.
        cond: Option<Condition>,
    },
    /// Unguarded paths from sources to sinks (boxed: a path's compiled selectors would make
    /// every rule several kilobytes; issue 15).
    Path(Box<PathLogic>),
    /// A model-wide rhai condition (RON rule) or a rhai script.
    Global {
        /// The compiled condition or script.
        ast: AST,
        /// True for a script (reports with `finding`), false for a condition (true = fires).
        script: bool,
    },
}

/// How a path rule finds its matches ([`Logic::Path`]).
#[derive(Debug)]
pub struct PathLogic {
    /// Source elements.
    pub source: Compiled,
    /// Flows by which a source fronts a model drawn behind it (`PathSpec::source_fronts`).
    pub source_fronts: Vec<Compiled>,
    /// Flows by which a sink fronts a model drawn behind it (`PathSpec::sink_fronts`).
    pub sink_fronts: Vec<Compiled>,
    /// Sink elements.
    pub sink: Compiled,
    /// Elements that guard.
    pub guard: Option<Compiled>,
    /// The guard selector as written, to explain it.
    pub guard_text: Option<Box<Selector>>,
    /// Flows followed.
    pub via: Option<Compiled>,
    /// The last hop into a sink.
    pub into: Option<Compiled>,
    /// Longest path in flows.
    pub max_hops: usize,
    /// Only the sinks a path ends at (`PathSpec::last_sink_only`).
    pub last_sink_only: bool,
    /// What the walk does not follow back out of the source (`PathSpec::fetched`).
    pub fetched: Option<Compiled>,
    /// Elements every way to a sink must pass (`PathSpec::only_through`).
    pub only_through: Option<Compiled>,
    /// The sources `only_through` holds for (`PathSpec::only_through_from`; `None`: all).
    pub only_through_from: Option<Compiled>,
    /// Elements the data must have passed before a hop into a sink (`PathSpec::after`).
    pub after: Option<Compiled>,
    /// What such an element must take in (`PathSpec::after_taking`; empty: anything).
    pub after_taking: Vec<Compiled>,
    /// What such an element takes in from a sender that took that in (`PathSpec::after_taking_via`).
    pub after_taking_via: Option<Compiled>,
}

impl Logic {
    /// A path rule's logic.
    pub fn path(&self) -> Option<&PathLogic> {
        match self {
            Logic::Path(p) => Some(p),
            _ => None,
        }
    }
}

/// A rule ready to run.
#[derive(Debug)]
pub struct CompiledRule {
    /// The rule's metadata, shared with the catalog.
    pub rule: Arc<Rule>,
    /// Shared copies of what every finding of the rule repeats.
    pub shared: Shared,
    /// The file it came from, for errors.
    pub path: String,
    /// Its line in that file.
    pub line: usize,
    /// How it matches.
    pub logic: Logic,
    /// The sets of controls that close its findings, with the places each may be in.
    pub(crate) sets: Arc<[super::closure::ResolvedSet]>,
    /// The flows along which an element passes its input on to the next ([`Rule::relay`]).
    pub(crate) relay: Vec<Compiled>,
    /// The flows along which an element is loaded into the one it runs in ([`Rule::runs_in`]).
    pub(crate) runs_in: Vec<Compiled>,
    /// Elements the threat is not about ([`Rule::not_about`]).
    pub(crate) not_about: Vec<Compiled>,
    /// The flows bringing an element what the threat is about ([`Rule::inputs`]).
    pub(crate) inputs: Vec<Compiled>,
    /// The same without what they ask of the sender: the flows a relaying host in front passes
    /// it on along, walked back to the senders behind it ([`super::relay::name_inputs`]).
    pub(crate) inputs_via: Vec<Compiled>,
    /// The flows along which an element hands what the threat is about on ([`Rule::hands_to`]).
    pub(crate) hands_to: Vec<Compiled>,
    /// The flows into an element whose returned data carry what the threat is about back to
    /// the caller ([`Rule::hands_back`]).
    pub(crate) hands_back: Vec<Compiled>,
    /// `hands_to` and `hands_back` without what they ask of the receiver or caller: the flows a
    /// relaying host passes it on along, walked through to the receivers or callers behind it
    /// ([`super::relay::through_relays`]).
    pub(crate) hands_to_via: Vec<Compiled>,
    pub(crate) hands_back_via: Vec<Compiled>,
    /// Elements the `hands_to` walk goes through as through relaying hosts
    /// ([`Rule::hands_through`]).
    pub(crate) hands_through: Vec<Compiled>,
    /// Every element selector a walk of the rule goes through besides relaying hosts: its
    /// `hands_through`, and the `through` of its selector's flow walks. An edit near one of
    /// them re-checks the anchors behind it ([`super::relay::around_relays`]).
    pub(crate) walked_through: Vec<Compiled>,
}

/// The `through` of the flow walks of `s` and its alternatives ([`Selector::through`]).
fn walks_through(s: &Selector) -> Vec<&Selector> {
    let own = s.walk_selectors().filter_map(|w| w.through.as_deref());
    own.chain(s.or.iter().flat_map(walks_through)).collect()
}

/// What every finding of a rule repeats, shared instead of copied.
#[derive(Debug, Clone)]
pub struct Shared {
    /// The title.
    pub title: Arc<str>,
    /// STRIDE categories.
    pub stride: Arc<[Stride]>,
    /// Framework references.
    pub references: Arc<References>,
    /// The rule's controls.
    pub controls: Arc<[ControlId]>,
}

impl Shared {
    fn of(r: &Rule) -> Self {
        Self {
            title: r.title.as_str().into(),
            stride: r.stride.clone().into(),
            references: Arc::new(r.references.clone()),
            controls: r.controls.clone().into(),
        }
    }
}

/// Metadata a rhai script declares in its `rule` map.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScriptMeta {
    id: String,
    title: String,
    #[serde(default)]
    aliases: Vec<String>,
    description: String,
    mitigation: String,
    #[serde(default)]
    false_positives: String,
    #[serde(default)]
    controls: Vec<String>,
    likelihood: Level,
    #[serde(default)]
    needs_no_outsider: bool,
    impact: Level,
    #[serde(default)]
    stride: Vec<Stride>,
    #[serde(default)]
    references: References,
    #[serde(default)]
    refines: Vec<String>,
    #[serde(default)]
    family: Option<String>,
}

/// Compiles the catalog's RON rules and scripts. Bad ones become errors and are left out.
pub fn compile_all(
    cat: &Arc<Catalog>,
    rhai: &Rhai,
    limits: &crate::script::Limits,
) -> (Vec<CompiledRule>, Vec<RuleError>) {
    let mut rules = Vec::with_capacity(cat.rules.len() + cat.scripts.len());
    let mut errors = Vec::new();
    for r in &cat.rules {
        let loc = cat.rule_locations.get(&r.id);
        let path = loc.map(|l| l.path.clone()).unwrap_or_default();
        let line = loc.map_or(0, |l| l.line);
        match compile_ron(r, cat, rhai, &path, line) {
            Ok(c) => rules.push(c),
            Err(e) => errors.push(e),
        }
    }
    for file in &cat.scripts {
        match compile_script(file, cat, rhai, limits) {
            Ok(c) => {
                if rules.iter().any(|x: &CompiledRule| x.rule.id == c.rule.id) {
                    errors.push(RuleError {
                        path: file.display.clone(),
                        line: 0,
                        column: 0,
                        rule: Some(c.rule.id.0.clone()),
                        kind: RuleErrorKind::Metadata,
                        message: "another rule already has this id".into(),
                    });
                } else {
                    rules.push(c);
                }
            }
            Err(e) => errors.push(e),
        }
    }
    rules.sort_by(|a, b| a.rule.id.cmp(&b.rule.id));
    // `refines` names rules that run, and never both ways (each would hide the other).
    let ids: std::collections::BTreeSet<RuleId> = rules.iter().map(|r| r.rule.id.clone()).collect();
    let pairs: std::collections::BTreeSet<(RuleId, RuleId)> = rules
        .iter()
        .flat_map(|r| r.rule.refines.iter().map(|g| (r.rule.id.clone(), g.clone())))
        .collect();
    let mut bad: Vec<(RuleId, String)> = Vec::new();
    for r in &rules {
        for g in &r.rule.refines {
            if !ids.contains(g) {
                bad.push((
                    r.rule.id.clone(),
                    format!("refines {:?}, which is not a rule that runs", g.as_str()),
                ));
            } else if pairs.contains(&(g.clone(), r.rule.id.clone())) {
                bad.push((
                    r.rule.id.clone(),
                    format!("refines {:?}, which refines it back", g.as_str()),
                ));
            }
        }
    }
    for (id, message) in bad {
        if let Some(r) = rules.iter_mut().find(|r| r.rule.id == id) {
            errors.push(metadata_error(&r.path, r.line, id.as_str(), &message));
            Arc::make_mut(&mut r.rule).refines.clear();
        }
    }
    (rules, errors)
}

fn compile_expr(rhai: &Rhai, text: &str, path: &str, rule: &str, line: usize) -> Result<AST, RuleError> {
    rhai.compile_expression(text)
        .map_err(|e| RuleError::from_parse(path, Some(rule), line.saturating_sub(1), &e))
}

fn compile_ron(r: &Arc<Rule>, cat: &Catalog, rhai: &Rhai, path: &str, line: usize) -> Result<CompiledRule, RuleError> {
    let id = r.id.as_str();
    let cond = r
        .condition
        .as_deref()
        .map(|c| compile_expr(rhai, c, path, id, line))
        .transpose()?;
    // An element or flow condition runs natively where it can (`Condition`).
    let per = |subject| cond.clone().map(|ast| Condition::new(ast, subject, rhai));
    let logic = match r.scope {
        Scope::Element => Logic::Element {
            sel: Compiled::new(&r.selector, cat),
            cond: per(Subject::Element),
        },
        Scope::Flow => Logic::Flow {
            sel: Compiled::new(&r.selector, cat),
            cond: per(Subject::Flow),
        },
        Scope::Path => {
            let Some(p) = &r.path else {
                return Err(metadata_error(path, line, id, "path scope needs a `path`"));
            };
            Logic::Path(Box::new(PathLogic {
                source: Compiled::new(&p.source, cat),
                source_fronts: p.source_fronts.iter().map(|s| Compiled::new(s, cat)).collect(),
                sink_fronts: p.sink_fronts.iter().map(|s| Compiled::new(s, cat)).collect(),
                sink: Compiled::new(&p.sink, cat),
                guard: p.guard.as_ref().map(|g| Compiled::new(g, cat)),
                guard_text: p.guard.clone(),
                via: p.via.as_ref().map(|v| Compiled::new(v, cat)),
                into: p.into.as_ref().map(|v| Compiled::new(v, cat)),
                max_hops: p.max_hops as usize,
                last_sink_only: p.last_sink_only,
                fetched: p.fetched.as_ref().map(|s| Compiled::new(s, cat)),
                only_through: p.only_through.as_ref().map(|s| Compiled::new(s, cat)),
                only_through_from: p.only_through_from.as_ref().map(|s| Compiled::new(s, cat)),
                after: p.after.as_ref().map(|s| Compiled::new(s, cat)),
                after_taking: p.after_taking.iter().map(|s| Compiled::new(s, cat)).collect(),
                after_taking_via: p.after_taking_via.as_ref().map(|s| Compiled::new(s, cat)),
            }))
        }
        Scope::Model => match cond {
            Some(ast) => Logic::Global { ast, script: false },
            None => return Err(metadata_error(path, line, id, "model scope needs a `condition`")),
        },
    };
    Ok(CompiledRule {
        shared: Shared::of(r),
        sets: super::closure::resolve(&r.control_sets(), r.scope, cat),
        relay: r.relay.iter().map(|s| Compiled::new(s, cat)).collect(),
        runs_in: r.runs_in.iter().map(|s| Compiled::new(s, cat)).collect(),
        not_about: r.not_about.iter().map(|s| Compiled::new(s, cat)).collect(),
        inputs: r.inputs.iter().map(|s| Compiled::new(s, cat)).collect(),
        inputs_via: any_end(&r.inputs, cat, |s| s.from = None),
        hands_to: r.hands_to.iter().map(|s| Compiled::new(s, cat)).collect(),
        hands_back: r.hands_back.iter().map(|s| Compiled::new(s, cat)).collect(),
        hands_to_via: any_end(&r.hands_to, cat, |s| s.to = None),
        hands_back_via: any_end(&r.hands_back, cat, |s| s.to = None),
        hands_through: r.hands_through.iter().map(|s| Compiled::new(s, cat)).collect(),
        walked_through: r
            .hands_through
            .iter()
            .chain(walks_through(&r.selector))
            .map(|s| Compiled::new(s, cat))
            .collect(),
        rule: r.clone(),
        path: path.to_owned(),
        line,
        logic,
    })
}

fn metadata_error(path: &str, line: usize, rule: &str, message: &str) -> RuleError {
    RuleError {
        path: path.to_owned(),
        line,
        column: 0,
        rule: Some(rule.to_owned()),
        kind: RuleErrorKind::Metadata,
        message: message.to_owned(),
    }
}

/// Compiles a rhai rule script and reads its `rule` metadata by running it on an empty model.
pub fn compile_script(
    file: &SourceFile,
    cat: &Arc<Catalog>,
    rhai: &Rhai,
    limits: &crate::script::Limits,
) -> Result<CompiledRule, RuleError> {
    let path = file.display.as_str();
    let ast = rhai
        .compile(&file.text)
        .map_err(|e| RuleError::from_parse(path, None, 0, &e))?;
    let empty = Arc::new(Ctx::new(
        Arc::new(ModelGraph::new(Arc::new(crate::model::Model::new("empty")))),
        cat.clone(),
    ));
    let mut scope = RhaiScope::new();
    scope.push("model", ModelRef(empty));
    // The metadata run is metered like an evaluation: a script that loops before or after its
    // `rule` map stops here too.
    crate::script::budget::begin(crate::script::budget::Allowance {
        steps: limits.rule_steps,
        what: format!(
            "the budget of {} steps for reading its metadata",
            crate::script::budget::thousands(limits.rule_steps)
        ),
        findings: limits.findings_per_rule,
        why_bytes: limits.max_why_bytes,
        out_bytes: limits.run_why_bytes as u64,
        deadline: Some(std::time::Instant::now() + std::time::Duration::from_millis(limits.deadline_millis)),
    });
    let run = rhai.run_ast_with_scope(&mut scope, &ast);
    let spent = crate::script::budget::end();
    take_emitted();
    run.map_err(|e| {
        let mut err = RuleError::from_eval(path, None, 0, &e);
        if let Some(reason) = spent.overrun {
            err.kind = RuleErrorKind::Limit;
            err.message = format!("stopped by the sandbox: it {reason}");
        }
        err
    })?;
    let meta_line = crate::catalog::line_of(&file.text, "rule").unwrap_or(0);
    let Some(meta) = scope.get("rule") else {
        return Err(metadata_error(
            path,
            0,
            "",
            "the script must declare its metadata: `let rule = #{ id: …, title: … };`",
        ));
    };
    let meta: ScriptMeta = rhai::serde::from_dynamic(meta)
        .map_err(|e| metadata_error(path, meta_line, "", &format!("bad `rule` metadata: {e}")))?;
    let rule = Rule {
        id: RuleId::new(meta.id),
        title: meta.title,
        aliases: meta.aliases,
        description: meta.description,
        mitigation: meta.mitigation,
        false_positives: meta.false_positives,
        scope: Scope::Model,
        selector: Selector::default(),
        condition: None,
        path: None,
        relay: Vec::new(),
        runs_in: Vec::new(),
        not_about: Vec::new(),
        inputs: Vec::new(),
        hands_to: Vec::new(),
        hands_back: Vec::new(),
        hands_through: Vec::new(),
        controls: meta.controls.into_iter().map(ControlId::new).collect(),
        closed_by: Vec::new(),
        refines: meta.refines.into_iter().map(RuleId::new).collect(),
        family: meta.family,
        likelihood: meta.likelihood,
        needs_no_outsider: meta.needs_no_outsider,
        impact: meta.impact,
        stride: meta.stride,
        references: meta.references,
    };
    let loc = crate::catalog::Location {
        path: path.to_owned(),
        line: meta_line,
        column: 0,
    };
    if let Some(e) = crate::catalog::rule_errors(cat, &rule, &loc).into_iter().next() {
        return Err(metadata_error(path, meta_line, rule.id.as_str(), &e.to_string()));
    }
    Ok(CompiledRule {
        shared: Shared::of(&rule),
        sets: super::closure::resolve(&rule.control_sets(), rule.scope, cat),
        relay: Vec::new(),
        runs_in: Vec::new(),
        not_about: Vec::new(),
        inputs: Vec::new(),
        inputs_via: Vec::new(),
        hands_to: Vec::new(),
        hands_back: Vec::new(),
        hands_to_via: Vec::new(),
        hands_back_via: Vec::new(),
        hands_through: Vec::new(),
        walked_through: Vec::new(),
        rule: Arc::new(rule),
        path: path.to_owned(),
        line: meta_line,
        logic: Logic::Global { ast, script: true },
    })
}

/// `sels` without what they ask of one end (`forget` clears it: `from` for `inputs`, `to` for
/// `hands_to` and `hands_back`): the flows a relaying host passes what the threat is about on
/// along.
fn any_end(sels: &[Selector], cat: &Catalog, forget: impl Fn(&mut Selector)) -> Vec<Compiled> {
    sels.iter()
        .map(|s| {
            let mut any = s.clone();
            forget(&mut any);
            Compiled::new(&any, cat)
        })
        .collect()
}
