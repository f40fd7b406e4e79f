//! The accuracy benchmark: human-written threat models of AI systems, each transcribed into a
//! model plus the threats its authors listed (`tests/accuracy/README.md`), scored against what
//! the engine finds. The definitions are fixed there; this module implements them.

use super::evaluate::{Engine, Evaluation};
use super::finding::{Finding, Status};
use crate::catalog::{LibraryError, Location, Severity, parse_ron};
use crate::model::{ElementId, Model, RuleId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where a case comes from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CaseSource {
    /// The document's title.
    pub title: String,
    /// Who wrote it.
    pub authors: String,
    /// Where it is published.
    pub url: String,
    /// Its licence.
    pub licence: String,
    /// When it was read.
    pub retrieved: String,
    /// Which part was transcribed.
    pub section: String,
}

/// One threat the authors listed.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedThreat {
    /// The source's own numbering.
    pub id: String,
    /// The threat in one sentence, in our words.
    pub summary: String,
    /// Where the authors place it (empty: anywhere).
    pub on: Vec<ElementId>,
    /// Rules whose finding on `on` fully raises it.
    pub rules: Vec<RuleId>,
    /// Rules whose finding on `on` raises part of it.
    pub partial: Vec<RuleId>,
}

/// A case's `expected.ron`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The source.
    pub source: CaseSource,
    /// Every threat the authors listed.
    pub threats: Vec<ExpectedThreat>,
}

/// A case: its folder's name, the model and the expectations.
#[derive(Debug, Clone)]
pub struct Case {
    /// The group (the folder under the benchmark's root: `cases`, `sealed`).
    pub group: String,
    /// The case's folder name.
    pub name: String,
    /// The folder.
    pub dir: PathBuf,
    /// The transcribed model.
    pub model: Model,
    /// The authors' threats.
    pub expected: Expected,
}

/// How one expected threat was met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Match {
    /// A rule in `rules` fired on its elements.
    Hit,
    /// Only a rule in `partial` did.
    Partial,
    /// Nothing did.
    Miss,
}

/// The score of one case.
#[derive(Debug, Clone, Serialize)]
pub struct CaseScore {
    /// The group.
    pub group: String,
    /// The case.
    pub name: String,
    /// Elements in the model.
    pub elements: usize,
    /// Each expected threat's id and how it was met.
    pub threats: Vec<(String, Match)>,
    /// Open findings.
    pub open: usize,
    /// Open questions (unanswered facts), counted apart from findings.
    pub open_questions: usize,
    /// Pairs of open findings with one anchor that match the same expected threat.
    pub duplicates: usize,
    /// Where the duplicates are: the threat, the anchor and the rules of the open findings
    /// there that match it (two or more).
    pub duplicated: Vec<Duplicated>,
    /// Of those pairs, the ones where both findings raise the threat in full (each finding's
    /// rule, or a rule it stands for, in the threat's `rules`): the same threat told twice. In
    /// the others at least one finding raises only part of it (a rule in `partial`): another
    /// threat that meets this one, with its own missing controls. Reported beside the fixed
    /// count, never instead of it.
    pub duplicates_in_full: usize,
    /// Open findings at high or critical.
    pub open_high: usize,
    /// Expected threats that no finding raises in full but an open question would decide:
    /// a rule in `rules` waits for an unanswered fact of a flow at one of the threat's
    /// elements. Reported beside recall, never added to it (the definitions are fixed).
    pub asked: usize,
    /// Expected threats whose mapping names a rule that raises them in full, and those that
    /// name only rules raising part: what recall would be if every named rule fired where the
    /// authors place the threat (the benchmark's reach with today's rules).
    pub mapped: (usize, usize),
    /// Where recall falls short of 100%, threat by threat: see [`Shortfall`].
    pub shortfall: Shortfall,
}

/// The expected threats recall does not fully count, by why, so that what a rule could still
/// fix is told from what no rule names: partial matches (each costs half a threat) where the
/// mapping names no rule that raises the threat in full, or names one that did not fire; and
/// misses where it names no rule at all, or names rules that did not fire.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Shortfall {
    /// Partial matches of threats that no mapped rule raises in full.
    pub partial_no_full_rule: usize,
    /// Partial matches of threats whose rule in full is mapped but did not fire there.
    pub partial_full_rule_silent: usize,
    /// Misses of threats no rule is mapped to.
    pub missed_no_rule: usize,
    /// Misses of threats whose mapped rules did not fire there.
    pub missed_rules_silent: usize,
}

impl Shortfall {
    fn add(&mut self, o: Shortfall) {
        self.partial_no_full_rule += o.partial_no_full_rule;
        self.partial_full_rule_silent += o.partial_full_rule_silent;
        self.missed_no_rule += o.missed_no_rule;
        self.missed_rules_silent += o.missed_rules_silent;
    }

    /// Recall points each kind costs out of `threats`, in the order of the fields.
    pub fn points(&self, threats: usize) -> [f64; 4] {
        let p = |n: usize, w: f64| 100.0 * ratio(w * n as f64, threats as f64);
        [
            p(self.partial_no_full_rule, 0.5),
            p(self.partial_full_rule_silent, 0.5),
            p(self.missed_no_rule, 1.0),
            p(self.missed_rules_silent, 1.0),
        ]
    }
}

impl CaseScore {
    /// Full matches.
    pub fn hits(&self) -> usize {
        self.count(Match::Hit)
    }

    /// Partial matches.
    pub fn partials(&self) -> usize {
        self.count(Match::Partial)
    }

    fn count(&self, m: Match) -> usize {
        self.threats.iter().filter(|(_, x)| *x == m).count()
    }
}

/// Open findings on one anchor that match one expected threat.
#[derive(Debug, Clone, Serialize)]
pub struct Duplicated {
    /// The expected threat's id.
    pub threat: String,
    /// The anchor they share.
    pub anchor: ElementId,
    /// Their rules, in finding order.
    pub rules: Vec<RuleId>,
    /// For each of `rules`, whether its finding raises the threat in full.
    pub in_full: Vec<bool>,
}

/// Totals over several cases, by the same definitions.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    /// Cases.
    pub cases: usize,
    /// Expected threats.
    pub threats: usize,
    /// Full matches.
    pub hits: usize,
    /// Partial matches.
    pub partials: usize,
    /// Elements.
    pub elements: usize,
    /// Open findings.
    pub open: usize,
    /// Open questions.
    pub open_questions: usize,
    /// Duplicate pairs.
    pub duplicates: usize,
    /// Duplicate pairs whose findings both raise the threat in full.
    pub duplicates_in_full: usize,
    /// Open findings at high or critical.
    pub open_high: usize,
    /// Threats an open question would decide ([`CaseScore::asked`]).
    pub asked: usize,
    /// Threats mapped to a rule in full, and only in part ([`CaseScore::mapped`]).
    pub mapped: (usize, usize),
    /// Where recall falls short ([`CaseScore::shortfall`]).
    pub shortfall: Shortfall,
}

impl Totals {
    /// Adds up scores.
    pub fn of<'a>(scores: impl IntoIterator<Item = &'a CaseScore>) -> Self {
        let mut t = Totals::default();
        for s in scores {
            t.cases += 1;
            t.threats += s.threats.len();
            t.hits += s.hits();
            t.partials += s.partials();
            t.elements += s.elements;
            t.open += s.open;
            t.open_questions += s.open_questions;
            t.duplicates += s.duplicates;
            t.duplicates_in_full += s.duplicates_in_full;
            t.open_high += s.open_high;
            t.asked += s.asked;
            t.mapped.0 += s.mapped.0;
            t.mapped.1 += s.mapped.1;
            t.shortfall.add(s.shortfall);
        }
        t
    }

    /// Recall if every rule the mappings name fired: (mapped in full + ½ mapped only in part) /
    /// expected threats. Recall cannot exceed it without new rules.
    pub fn reach(&self) -> f64 {
        ratio(self.mapped.0 as f64 + 0.5 * self.mapped.1 as f64, self.threats as f64)
    }

    /// (hits + ½ partial) / expected threats.
    pub fn recall(&self) -> f64 {
        ratio(self.hits as f64 + 0.5 * self.partials as f64, self.threats as f64)
    }

    /// Open findings per 10 elements.
    pub fn per_ten_elements(&self) -> f64 {
        10.0 * ratio(self.open as f64, self.elements as f64)
    }

    /// Share of open findings at high or critical.
    pub fn high_share(&self) -> f64 {
        ratio(self.open_high as f64, self.open as f64)
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 { 0.0 } else { a / b }
}

/// Reads every case under `root`: each folder holding an `expected.ron` and a
/// `model.bulwark.ron`, grouped by the first folder below `root`. Cases are in path order.
pub fn load_cases(root: &Path) -> (Vec<Case>, Vec<LibraryError>) {
    let mut dirs = Vec::new();
    find_case_dirs(root, 0, &mut dirs);
    dirs.sort();
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    for dir in dirs {
        match load_case(root, &dir) {
            Ok(c) => cases.push(c),
            Err(e) => errors.push(e),
        }
    }
    (cases, errors)
}

fn find_case_dirs(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > 4 {
        return;
    }
    if dir.join("expected.ron").is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            find_case_dirs(&e.path(), depth + 1, out);
        }
    }
}

fn load_case(root: &Path, dir: &Path) -> Result<Case, LibraryError> {
    let at = |path: &Path, line: usize| Location {
        path: path.display().to_string(),
        line,
        column: 0,
    };
    let expected_path = dir.join("expected.ron");
    let text = crate::io::read_text(&expected_path, crate::io::MAX_INPUT_BYTES).map_err(|e| LibraryError::Io {
        location: at(&expected_path, 0),
        message: e.to_string(),
    })?;
    let expected: Expected = parse_ron(&text, &expected_path.display().to_string())?;
    let model_path = dir.join("model.bulwark.ron");
    let model = crate::model::load(&model_path).map_err(|e| LibraryError::Io {
        location: at(&model_path, e.line().unwrap_or(0)),
        message: e.to_string(),
    })?;
    for t in &expected.threats {
        if let Some(missing) = t.on.iter().find(|e| !model.elements.contains_key(*e)) {
            return Err(LibraryError::Parse {
                location: at(
                    &expected_path,
                    crate::catalog::line_of(&text, &format!("{:?}", t.id)).unwrap_or(0),
                ),
                message: format!(
                    "threat {:?} is placed on {missing:?}, which the model does not have",
                    t.id
                ),
            });
        }
    }
    let rel = dir.strip_prefix(root).unwrap_or(dir);
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
    let first = parts.next().unwrap_or_default();
    let (group, name) = match parts.next_back() {
        Some(last) => (first, last),
        None => (String::new(), first),
    };
    Ok(Case {
        group,
        name,
        dir: dir.to_path_buf(),
        model,
        expected,
    })
}

/// Rule ids the expectations name that the engine does not run.
pub fn unknown_rules<'a>(engine: &Engine, case: &'a Case) -> Vec<&'a RuleId> {
    let known: BTreeSet<&str> = engine.rules().map(|r| r.id.as_str()).collect();
    case.expected
        .threats
        .iter()
        .flat_map(|t| t.rules.iter().chain(&t.partial))
        .filter(|r| !known.contains(r.as_str()))
        .collect()
}

/// Evaluates a case and scores it.
pub fn run_case(engine: &Engine, case: &Case) -> (CaseScore, Evaluation) {
    let eval = engine.evaluate(Arc::new(case.model.clone()), 0);
    let score = score(case, &eval);
    (score, eval)
}

fn involves(f: &Finding, on: &[ElementId]) -> bool {
    on.is_empty()
        || on
            .iter()
            .any(|e| f.anchor == *e || f.elements.contains(e) || f.path.contains(e))
}

/// Scores an evaluation of a case by the fixed definitions.
pub fn score(case: &Case, eval: &Evaluation) -> CaseScore {
    let open: Vec<&Finding> = eval
        .findings
        .iter()
        .filter(|f| f.status == Status::Open)
        .map(|f| f.as_ref())
        .collect();
    let mut threats = Vec::new();
    let mut duplicates = 0;
    let mut duplicates_in_full = 0;
    let mut duplicated = Vec::new();
    let mut asked = 0;
    let mut shortfall = Shortfall::default();
    for t in &case.expected.threats {
        // A finding stands for the general rules it refines where it replaced them.
        let raises =
            |f: &Finding, rules: &[RuleId]| rules.contains(&f.rule) || f.refines.iter().any(|r| rules.contains(r));
        // A finding folded into another of its family is raised too, on its own elements.
        let fired = |rules: &[RuleId]| {
            eval.findings
                .iter()
                .flat_map(|f| std::iter::once(f).chain(&f.folded))
                .any(|f| raises(f, rules) && involves(f, &t.on))
        };
        let m = if fired(&t.rules) {
            Match::Hit
        } else if fired(&t.partial) {
            Match::Partial
        } else {
            Match::Miss
        };
        threats.push((t.id.clone(), m));
        match (m, t.rules.is_empty(), t.partial.is_empty()) {
            (Match::Hit, ..) => {}
            (Match::Partial, true, _) => shortfall.partial_no_full_rule += 1,
            (Match::Partial, false, _) => shortfall.partial_full_rule_silent += 1,
            (Match::Miss, true, true) => shortfall.missed_no_rule += 1,
            (Match::Miss, ..) => shortfall.missed_rules_silent += 1,
        }
        if m != Match::Hit && waits_on_question(case, eval, t) {
            asked += 1;
        }
        // Open findings matching this threat, by anchor: n of them make n·(n−1)/2 pairs.
        // Each with whether it raises the threat in full.
        let mut by_anchor: BTreeMap<&ElementId, Vec<(RuleId, bool)>> = BTreeMap::new();
        for f in &open {
            let full = raises(f, &t.rules);
            if (full || raises(f, &t.partial)) && involves(f, &t.on) {
                by_anchor.entry(&f.anchor).or_default().push((f.rule.clone(), full));
            }
        }
        for (anchor, found) in by_anchor.into_iter().filter(|(_, r)| r.len() > 1) {
            let n = found.len();
            let full = found.iter().filter(|(_, full)| *full).count();
            duplicates += n * (n - 1) / 2;
            duplicates_in_full += full * full.saturating_sub(1) / 2;
            let (rules, in_full) = found.into_iter().unzip();
            duplicated.push(Duplicated {
                threat: t.id.clone(),
                anchor: anchor.clone(),
                rules,
                in_full,
            });
        }
    }
    CaseScore {
        group: case.group.clone(),
        name: case.name.clone(),
        elements: case.model.elements.len(),
        threats,
        open: open.len(),
        open_questions: eval.questions.len(),
        duplicates,
        duplicated,
        duplicates_in_full,
        open_high: open.iter().filter(|f| f.severity >= Severity::High).count(),
        asked,
        mapped: (
            case.expected.threats.iter().filter(|t| !t.rules.is_empty()).count(),
            case.expected
                .threats
                .iter()
                .filter(|t| t.rules.is_empty() && !t.partial.is_empty())
                .count(),
        ),
        shortfall,
    }
}

/// Whether a rule that fully raises `t` waits for an answer about a flow touching `t.on`.
fn waits_on_question(case: &Case, eval: &Evaluation, t: &ExpectedThreat) -> bool {
    eval.questions.iter().any(|q| {
        q.rules.iter().any(|r| t.rules.contains(r))
            && case
                .model
                .flows
                .get(&q.flow)
                .is_some_and(|f| t.on.is_empty() || t.on.contains(&f.from) || t.on.contains(&f.to))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::model::{Element, Flow};

    fn case(threats: Vec<ExpectedThreat>) -> Case {
        let mut m = Model::new("t");
        m.elements.insert("el-user".into(), Element::new("user", "User"));
        m.elements.insert("el-app".into(), Element::new("app-backend", "App"));
        m.elements.insert("el-llm".into(), Element::new("llm-api", "LLM"));
        let mut f = Flow::new("el-user", "el-app", "ask");
        f.data.insert("prompts".into());
        m.flows.insert("fl-1".into(), f);
        let mut f = Flow::new("el-app", "el-llm", "prompt");
        f.data.insert("prompts".into());
        m.flows.insert("fl-2".into(), f);
        Case {
            group: "cases".into(),
            name: "t".into(),
            dir: PathBuf::new(),
            model: m,
            expected: Expected {
                source: CaseSource {
                    title: String::new(),
                    authors: String::new(),
                    url: String::new(),
                    licence: String::new(),
                    retrieved: String::new(),
                    section: String::new(),
                },
                threats,
            },
        }
    }

    fn threat(id: &str, on: &[&str], rules: &[&str], partial: &[&str]) -> ExpectedThreat {
        ExpectedThreat {
            id: id.into(),
            summary: String::new(),
            on: on.iter().map(|e| (*e).into()).collect(),
            rules: rules.iter().map(|r| RuleId::new(*r)).collect(),
            partial: partial.iter().map(|r| RuleId::new(*r)).collect(),
        }
    }

    #[test]
    fn hits_partials_misses_and_duplicates_follow_the_fixed_definitions() {
        let (cat, _) = Catalog::builtin();
        let engine = Engine::new(Arc::new(cat));
        let probe = case(Vec::new());
        let eval = engine.evaluate(Arc::new(probe.model.clone()), 0);
        // Two different rules open on the LLM: one threat naming both is one duplicate pair.
        let on_llm: Vec<&Finding> = eval
            .findings
            .iter()
            .filter(|f| f.status == Status::Open && f.elements.len() == 1 && f.anchor.as_str() == "el-llm")
            .map(|f| f.as_ref())
            .collect();
        assert!(on_llm.len() >= 2, "{on_llm:?}");
        let (a, b) = (on_llm[0].rule.as_str(), on_llm[1].rule.as_str());
        let c = case(vec![
            threat("T1", &["el-llm"], &[a], &[]),
            threat("T2", &["el-user"], &[a], &[b]),
            threat("T3", &["el-llm"], &["NO-SUCH-RULE"], &[b]),
            threat("T4", &["el-llm"], &[a, b], &[]),
            threat("T5", &[], &[], &[]),
        ]);
        let s = score(&c, &eval);
        let got: Vec<Match> = s.threats.iter().map(|(_, m)| *m).collect();
        assert_eq!(got, [Match::Hit, Match::Miss, Match::Partial, Match::Hit, Match::Miss]);
        assert_eq!(s.duplicates, 1, "T4's two rules on one anchor");
        assert_eq!(s.duplicates_in_full, 1, "both of T4's rules raise it in full");
        // The same two findings against a threat that one states in full and the other in
        // part: still a pair by the fixed definition, but not the same threat told twice.
        let broad = case(vec![threat("T6", &["el-llm"], &[a], &[b])]);
        let s6 = score(&broad, &eval);
        assert_eq!((s6.duplicates, s6.duplicates_in_full), (1, 0));
        assert_eq!(s6.duplicated[0].in_full.iter().filter(|f| **f).count(), 1);
        // A finding that stands for a mapped rule (it refines it, or folds it in) raises the
        // threat as that rule would: in full when the rule is in `rules`.
        let mut standing = eval.clone();
        for f in &mut standing.findings {
            if f.rule.as_str() == b && f.anchor.as_str() == "el-llm" {
                Arc::make_mut(f).refines.push(RuleId::new("GENERAL-RULE"));
            }
        }
        let general = case(vec![threat("T7", &["el-llm"], &[a, "GENERAL-RULE"], &[])]);
        let s7 = score(&general, &standing);
        assert_eq!((s7.duplicates, s7.duplicates_in_full), (1, 1));
        let t = Totals::of([&s]);
        assert!((t.recall() - 2.5 / 5.0).abs() < 1e-9);
        assert_eq!(
            t.open,
            eval.findings.iter().filter(|f| f.status == Status::Open).count()
        );
        assert!((t.per_ten_elements() - 10.0 * t.open as f64 / 3.0).abs() < 1e-9);
        // Reach counts what the mappings name, fired or not: T1–T4 name a rule in full, T5
        // none; T2 missed though mapped, so recall is below reach.
        assert_eq!(t.mapped, (4, 0));
        assert!((t.reach() - 4.0 / 5.0).abs() < 1e-9);
        assert!(t.recall() < t.reach());
        // What recall lacks, by why: T3 matched in part though a rule in full is named, T5
        // names no rule, T2's named rules did not fire on its element. 2.5 of 5 threats lost.
        let lost = Shortfall {
            partial_full_rule_silent: 1,
            missed_no_rule: 1,
            missed_rules_silent: 1,
            ..Shortfall::default()
        };
        assert_eq!(t.shortfall, lost);
        assert_eq!(t.shortfall.points(t.threats), [0.0, 10.0, 20.0, 20.0]);
        let broad_only = case(vec![threat("T8", &["el-llm"], &[], &[b])]);
        assert_eq!(score(&broad_only, &eval).shortfall.partial_no_full_rule, 1);
        let lost_points: f64 = t.shortfall.points(t.threats).iter().sum();
        assert!((100.0 * t.recall() + lost_points - 100.0).abs() < 1e-9);
    }

    #[test]
    fn a_threat_whose_rule_waits_for_an_answer_is_asked_and_stays_a_miss() {
        use crate::model::{Fact, Operation};
        let (cat, _) = Catalog::builtin();
        let engine = Engine::new(Arc::new(cat));
        let mut c = case(vec![
            threat("T1", &["el-tool"], &["AGT-ARG-001"], &[]),
            threat("T2", &["el-user"], &["AGT-ARG-001"], &[]),
        ]);
        c.model.elements.insert("el-tool".into(), Element::new("tool", "Tool"));
        let mut f = Flow::new("el-app", "el-tool", "call");
        f.operation = Operation::Invoke;
        f.data.insert("tool-calls".into());
        c.model.flows.insert("fl-3".into(), f);
        let eval = engine.evaluate(Arc::new(c.model.clone()), 0);
        let s = score(&c, &eval);
        assert_eq!(s.threats[0].1, Match::Miss, "a question is not a finding");
        assert_eq!(s.asked, 1, "T1's rule waits for 'validated' on fl-3; T2 is elsewhere");
        // Answered "no", the rule raises it: a hit, no longer asked.
        c.model
            .flows
            .get_mut(&crate::model::FlowId::new("fl-3"))
            .unwrap()
            .validated = Fact::No;
        let s = score(&c, &engine.evaluate(Arc::new(c.model.clone()), 0));
        assert_eq!((s.threats[0].1, s.asked), (Match::Hit, 0));
    }
}
