//! Rule tests: a small model and the findings expected of it (open, mitigated, absent). The
//! shipped library's tests live in `libraries/tests/*.ron`; a user library folder may have its
//! own `tests/` beside its rules. `bulwark rules test` and `cargo test` run them.

use super::evaluate::Engine;
use super::finding::Status;
use crate::catalog::{LibraryError, Location, SourceFile, parse_ron};
use crate::model::{FindingId, Model, RuleId};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::sync::Arc;

/// One test case as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleTest {
    /// What the case shows, in a few words.
    pub name: String,
    /// The model.
    pub model: Model,
    /// Finding ids that must be open.
    #[serde(default)]
    pub open: Vec<FindingId>,
    /// Finding ids that must be mitigated.
    #[serde(default)]
    pub mitigated: Vec<FindingId>,
    /// Finding ids that must not be reported at all.
    #[serde(default)]
    pub absent: Vec<FindingId>,
    /// Open questions that must be asked, as `FLOW:fact` (`fl-1:encrypted`).
    #[serde(default)]
    pub questions: Vec<String>,
}

/// A test case with where it was written.
#[derive(Debug, Clone)]
pub struct LocatedTest {
    /// The case.
    pub test: RuleTest,
    /// Its file and line.
    pub location: Location,
}

/// One expectation that did not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The finding id.
    pub finding: FindingId,
    /// What the test expected ("open", "mitigated", "absent").
    pub expected: &'static str,
    /// What the engine gave ("open", "mitigated", "accepted", … or "absent").
    pub actual: String,
}

/// The outcome of one case.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The case's name.
    pub name: String,
    /// Where it is.
    pub location: Location,
    /// What did not hold; empty when it passed.
    pub mismatches: Vec<Mismatch>,
    /// Rule errors while evaluating it.
    pub errors: Vec<String>,
    /// The rules the case's expectations name.
    pub rules: BTreeSet<RuleId>,
}

impl Outcome {
    /// Whether every expectation held and no rule failed.
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty() && self.errors.is_empty()
    }

    /// A readable report: `ok name` or `FAIL name (file:line)` with the diff.
    pub fn report(&self) -> String {
        if self.passed() {
            return format!("ok    {}\n", self.name);
        }
        let mut s = format!("FAIL  {} ({})\n", self.name, self.location);
        for m in &self.mismatches {
            s.push_str(&format!(
                "      {}: expected {}, got {}\n",
                m.finding, m.expected, m.actual
            ));
        }
        for e in &self.errors {
            s.push_str(&format!("      rule error: {e}\n"));
        }
        s
    }
}

/// The rule id part of a finding id.
fn rule_of(id: &FindingId) -> RuleId {
    RuleId::new(id.as_str().split('@').next().unwrap_or_default())
}

/// Parses the test files among `files` (those under `tests/`). Each case's location is its
/// `name:` line.
pub fn load_tests(files: &[SourceFile]) -> (Vec<LocatedTest>, Vec<LibraryError>) {
    let mut tests = Vec::new();
    let mut errors = Vec::new();
    for f in files
        .iter()
        .filter(|f| f.rel.starts_with("tests/") && f.rel.ends_with(".ron"))
    {
        match parse_ron::<Vec<RuleTest>>(&f.text, &f.display) {
            Ok(cases) => {
                for t in cases {
                    let line = crate::catalog::line_of(&f.text, &format!("name: {:?}", t.name)).unwrap_or(0);
                    tests.push(LocatedTest {
                        location: f.at(line),
                        test: t,
                    });
                }
            }
            Err(e) => errors.push(e),
        }
    }
    (tests, errors)
}

/// Runs every case against `engine`.
pub fn run_tests(engine: &Engine, tests: &[LocatedTest]) -> Vec<Outcome> {
    tests.iter().map(|t| run_one(engine, t)).collect()
}

fn run_one(engine: &Engine, t: &LocatedTest) -> Outcome {
    let mut errors: Vec<String> = t
        .test
        .model
        .validate()
        .iter()
        .map(|e| format!("invalid model: {e}"))
        .collect();
    // Every problem the catalog finds in the test's model fails the test. A kind, question,
    // control or data class the library does not know would make an expectation hold for the
    // wrong reason: nothing fires on it, nothing closes by it. An answer the element's kind does
    // not ask (or one the question does not take) is one nobody can give in the app; a library
    // makes a shipped kind ask its own question by redefining that kind.
    errors.extend(
        crate::catalog::check_model(engine.catalog(), &t.test.model)
            .into_iter()
            .map(|issue| format!("model: {issue}")),
    );
    let eval = engine.evaluate(Arc::new(t.test.model.clone()), 0);
    errors.extend(eval.errors.iter().map(|e| e.to_string()));
    // A finding folded into another of its family is still raised (open), inside that one.
    let folded: std::collections::BTreeMap<&FindingId, Status> = eval
        .findings
        .iter()
        .flat_map(|f| f.folded.iter().map(|o| (&o.id, o.status)))
        .collect();
    let status_of = |id: &FindingId| eval.get(id).map(|f| f.status).or_else(|| folded.get(id).copied());
    let label = |s: Option<Status>| s.map_or_else(|| "absent".to_owned(), |s| s.label().to_owned());
    let mut mismatches = Vec::new();
    let mut check = |ids: &[FindingId], expected: &'static str, ok: &dyn Fn(Option<Status>) -> bool| {
        for id in ids {
            let got = status_of(id);
            if !ok(got) {
                mismatches.push(Mismatch {
                    finding: id.clone(),
                    expected,
                    actual: label(got),
                });
            }
        }
    };
    check(&t.test.open, "open", &|s| s == Some(Status::Open));
    check(&t.test.mitigated, "mitigated", &|s| s == Some(Status::Mitigated));
    check(&t.test.absent, "absent", &|s| s.is_none());
    for q in &t.test.questions {
        let asked = eval
            .questions
            .iter()
            .any(|x| format!("{}:{}", x.flow, x.fact.id()) == *q);
        if !asked {
            mismatches.push(Mismatch {
                finding: FindingId::new(q.as_str()),
                expected: "an open question",
                actual: "not asked".to_owned(),
            });
        }
    }
    let rules = t
        .test
        .open
        .iter()
        .chain(&t.test.mitigated)
        .chain(&t.test.absent)
        .map(rule_of)
        .collect();
    Outcome {
        name: t.test.name.clone(),
        location: t.location.clone(),
        mismatches,
        errors,
        rules,
    }
}

/// Which rules have a case where they fire (open) and a case where they are silenced
/// (mitigated or absent).
pub fn rules_without_both_cases<'a>(engine: &'a Engine, tests: &[LocatedTest]) -> Vec<(&'a RuleId, bool, bool)> {
    let fires: BTreeSet<RuleId> = tests.iter().flat_map(|t| t.test.open.iter().map(rule_of)).collect();
    let silenced: BTreeSet<RuleId> = tests
        .iter()
        .flat_map(|t| t.test.mitigated.iter().chain(&t.test.absent).map(rule_of))
        .collect();
    engine
        .rules()
        .map(|r| (&r.id, fires.contains(&r.id), silenced.contains(&r.id)))
        .filter(|(_, f, s)| !(*f && *s))
        .collect()
}
