//! Scoring a mapping against an architect's ground truth (`tests/mapping/README.md`): which
//! components and flows `bulwark map` found, and what it drew that is not there. The matching
//! rules are fixed in that README; this module implements them.

use crate::model::{ElementId, Model};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One component of the ground truth.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TruthComponent {
    /// Local id.
    pub id: String,
    /// What an architect calls it.
    pub name: String,
    /// The Bulwark kind an architect would give it.
    pub kind: String,
    /// An AI component (model, agent, tool, retriever …).
    pub ai: bool,
    /// Files, or folders ending in `/`, that define or configure it.
    pub files: Vec<String>,
}

/// One flow of the ground truth, caller → callee.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TruthFlow {
    /// Caller's local id.
    pub from: String,
    /// Callee's local id.
    pub to: String,
    /// What goes across.
    #[serde(default)]
    pub what: String,
}

/// A `truth.ron`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Truth {
    /// `owner/name`.
    pub repo: String,
    /// The commit the fixture comes from.
    pub commit: String,
    /// The repository's licence.
    pub licence: String,
    /// Its shape in one line.
    pub shape: String,
    /// What an architect draws.
    pub components: Vec<TruthComponent>,
    /// The flows an architect draws.
    pub flows: Vec<TruthFlow>,
}

/// Kind → family (`tests/mapping/families.ron`).
pub type Families = BTreeMap<String, String>;

/// The score of one repository.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RepoScore {
    /// Components in the ground truth.
    pub components: usize,
    /// Sum of their scores (1 matched, ½ wrong kind or granularity).
    pub components_found: f64,
    /// AI components in the ground truth.
    pub ai_components: usize,
    /// Sum of their scores.
    pub ai_found: f64,
    /// Flows in the ground truth.
    pub flows: usize,
    /// Flows found.
    pub flows_found: usize,
    /// Elements the mapper drew.
    pub inferred: usize,
    /// Of those, candidates for nothing.
    pub false_positives: usize,
    /// Each ground-truth component's score, by id.
    pub by_component: BTreeMap<String, f64>,
    /// Names of the false positives.
    pub false_positive_names: Vec<String>,
    /// The ground-truth flows not found, as `from → to`.
    pub missed_flows: Vec<String>,
}

impl RepoScore {
    /// Adds another repository's counts (per-component details are not kept).
    pub fn add(&mut self, o: &RepoScore) {
        self.components += o.components;
        self.components_found += o.components_found;
        self.ai_components += o.ai_components;
        self.ai_found += o.ai_found;
        self.flows += o.flows;
        self.flows_found += o.flows_found;
        self.inferred += o.inferred;
        self.false_positives += o.false_positives;
    }

    /// Component recall.
    pub fn component_recall(&self) -> f64 {
        ratio(self.components_found, self.components as f64)
    }

    /// AI-component recall.
    pub fn ai_recall(&self) -> f64 {
        ratio(self.ai_found, self.ai_components as f64)
    }

    /// Flow recall.
    pub fn flow_recall(&self) -> f64 {
        ratio(self.flows_found as f64, self.flows as f64)
    }

    /// False positives / inferred elements.
    pub fn false_positive_share(&self) -> f64 {
        ratio(self.false_positives as f64, self.inferred as f64)
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 { 0.0 } else { a / b }
}

/// Whether `file` (repository-relative) lies in `entry`: the same path, or under the folder
/// when `entry` ends in `/`.
fn lies_in(file: &str, entry: &str) -> bool {
    let entry = entry.trim_start_matches("./");
    match entry.strip_suffix('/') {
        Some(dir) => dir.is_empty() || file.strip_prefix(dir).is_some_and(|r| r.starts_with('/')),
        None => file == entry,
    }
}

/// Scores `model` (as `bulwark map` wrote it) against `truth`.
pub fn score(model: &Model, truth: &Truth, families: &Families) -> RepoScore {
    fn family<'a>(families: &'a Families, kind: &'a str) -> &'a str {
        families.get(kind).map_or(kind, String::as_str)
    }
    let mut s = RepoScore {
        components: truth.components.len(),
        ai_components: truth.components.iter().filter(|c| c.ai).count(),
        flows: truth.flows.len(),
        ..RepoScore::default()
    };
    // For each inferred element: its candidates and the credit it gives each.
    let mut stands_for: BTreeMap<&ElementId, Vec<(usize, f64)>> = BTreeMap::new();
    for (id, el) in &model.elements {
        let Some(p) = &el.inferred else { continue };
        s.inferred += 1;
        let files: BTreeSet<&str> = p.evidence.iter().map(|e| e.file.as_str()).collect();
        let candidates: Vec<usize> = truth
            .components
            .iter()
            .enumerate()
            .filter(|(_, c)| files.iter().any(|f| c.files.iter().any(|entry| lies_in(f, entry))))
            .map(|(i, _)| i)
            .collect();
        if candidates.is_empty() {
            s.false_positives += 1;
            s.false_positive_names.push(el.name.clone());
            continue;
        }
        let same: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| family(families, &truth.components[i].kind) == family(families, el.kind.as_str()))
            .collect();
        let credit = match same.as_slice() {
            [one] => vec![(*one, 1.0)],
            [] => candidates.iter().map(|&i| (i, 0.5)).collect(),
            several => several.iter().map(|&i| (i, 0.5)).collect(),
        };
        stands_for.insert(id, credit);
    }
    let mut best = vec![0.0f64; truth.components.len()];
    for credits in stands_for.values() {
        for &(i, c) in credits {
            best[i] = best[i].max(c);
        }
    }
    for (c, b) in truth.components.iter().zip(&best) {
        s.components_found += b;
        if c.ai {
            s.ai_found += b;
        }
        s.by_component.insert(c.id.clone(), *b);
    }
    let index: BTreeMap<&str, usize> = truth
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let candidate = |el: &ElementId, i: usize| stands_for.get(el).is_some_and(|v| v.iter().any(|(j, _)| *j == i));
    for tf in &truth.flows {
        let (Some(&a), Some(&b)) = (index.get(tf.from.as_str()), index.get(tf.to.as_str())) else {
            continue;
        };
        if model
            .flows
            .values()
            .any(|f| candidate(&f.from, a) && candidate(&f.to, b))
        {
            s.flows_found += 1;
        } else {
            s.missed_flows.push(format!("{} → {}", tf.from, tf.to));
        }
    }
    s
}

/// Ids a truth file uses that it does not define, and kinds it names that `known` lacks.
pub fn truth_problems(truth: &Truth, known_kinds: &BTreeSet<String>) -> Vec<String> {
    let ids: BTreeSet<&str> = truth.components.iter().map(|c| c.id.as_str()).collect();
    let mut out = Vec::new();
    for c in &truth.components {
        if !known_kinds.contains(&c.kind) {
            out.push(format!("component {:?} has unknown kind {:?}", c.id, c.kind));
        }
        if c.files.is_empty() {
            out.push(format!("component {:?} lists no files", c.id));
        }
    }
    for f in &truth.flows {
        for end in [&f.from, &f.to] {
            if !ids.contains(end.as_str()) {
                out.push(format!(
                    "flow {:?} → {:?} names unknown component {end:?}",
                    f.from, f.to
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Confidence, Element, Evidence, Flow, InferredState, Provenance};

    fn inferred(kind: &str, name: &str, files: &[&str]) -> Element {
        let mut e = Element::new(kind, name);
        e.inferred = Some(Provenance {
            key: name.into(),
            confidence: Confidence::High,
            state: InferredState::Inferred,
            evidence: files
                .iter()
                .map(|f| Evidence {
                    file: (*f).into(),
                    line: 1,
                    text: String::new(),
                    detector: "t".into(),
                })
                .collect(),
            controls: BTreeMap::new(),
        });
        e
    }

    fn component(id: &str, kind: &str, ai: bool, files: &[&str]) -> TruthComponent {
        TruthComponent {
            id: id.into(),
            name: id.into(),
            kind: kind.into(),
            ai,
            files: files.iter().map(|f| (*f).into()).collect(),
        }
    }

    #[test]
    fn matches_half_credit_finer_splits_false_positives_and_flows() {
        let families: Families = [("app-backend", "service"), ("service", "service"), ("llm-api", "model")]
            .iter()
            .map(|(k, f)| ((*k).to_owned(), (*f).to_owned()))
            .collect();
        let truth = Truth {
            repo: String::new(),
            commit: String::new(),
            licence: String::new(),
            shape: String::new(),
            components: vec![
                component("api", "app-backend", false, &["api/"]),
                component("llm", "llm-api", true, &["api/llm.py", ".env.example"]),
                component("worker", "service", false, &["worker/main.py"]),
                component("db", "database", false, &["compose.yml"]),
            ],
            flows: vec![
                TruthFlow {
                    from: "api".into(),
                    to: "llm".into(),
                    what: String::new(),
                },
                TruthFlow {
                    from: "llm".into(),
                    to: "api".into(),
                    what: String::new(),
                },
                TruthFlow {
                    from: "api".into(),
                    to: "db".into(),
                    what: String::new(),
                },
            ],
        };
        let mut m = Model::new("m");
        // Evidence in api/ and api/llm.py: candidate for both; the family picks the backend.
        m.elements.insert(
            "el-api".into(),
            inferred("service", "API", &["api/main.py", "api/llm.py"]),
        );
        // A finer split of the backend: neither a match nor a false positive.
        m.elements.insert(
            "el-api2".into(),
            inferred("app-backend", "API again", &["api/routes.py"]),
        );
        m.elements
            .insert("el-llm".into(), inferred("llm-api", "OpenAI", &["api/llm.py"]));
        // The worker with the wrong kind family: half.
        m.elements
            .insert("el-worker".into(), inferred("llm-api", "Worker?", &["worker/main.py"]));
        m.elements
            .insert("el-ghost".into(), inferred("service", "Ghost", &["docs/x.md"]));
        m.elements
            .insert("el-drawn".into(), Element::new("user", "drawn by hand"));
        m.flows.insert("fl-1".into(), Flow::new("el-api", "el-llm", "calls"));
        let s = score(&m, &truth, &families);
        assert_eq!(s.by_component["api"], 1.0);
        assert_eq!(s.by_component["llm"], 1.0);
        assert_eq!(s.by_component["worker"], 0.5);
        assert_eq!(s.by_component["db"], 0.0);
        assert!((s.component_recall() - 2.5 / 4.0).abs() < 1e-9);
        assert!((s.ai_recall() - 1.0).abs() < 1e-9);
        assert_eq!((s.inferred, s.false_positives), (5, 1));
        assert_eq!(s.flows_found, 1, "only the flow in the right direction");
    }

    #[test]
    fn folders_hold_what_is_under_them_only() {
        assert!(lies_in("api/x.py", "api/"));
        assert!(!lies_in("apix/x.py", "api/"));
        assert!(lies_in("a.py", "./a.py"));
        assert!(!lies_in("b/a.py", "a.py"));
    }
}
