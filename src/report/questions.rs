//! Open questions, grouped the way people answer them: one group per fact ("12 flows: is the
//! transport encrypted?"), its flows with the ones crossing a trust boundary first. The check
//! output, the reports and the app all show these groups.

use crate::engine::Evaluation;
use crate::model::{FlowFact, FlowId, Model, RuleId};
use serde::Serialize;

/// One flow a question is asked about.
#[derive(Debug, Clone, Serialize)]
pub struct AskedFlow {
    /// The flow.
    pub id: FlowId,
    /// "label (Sender → Receiver)", for people.
    pub label: String,
    /// It crosses a trust boundary.
    pub crosses_boundary: bool,
    /// The rules that need the answer.
    pub rules: Vec<RuleId>,
}

/// The flows that need one fact answered.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionGroup {
    /// The fact (`encrypted` …).
    pub fact: FlowFact,
    /// The question, for people.
    pub question: &'static str,
    /// The flows, boundary-crossing ones first, then by id.
    pub flows: Vec<AskedFlow>,
}

impl QuestionGroup {
    /// "12 flows: is the transport encrypted? (5 cross a trust boundary)".
    pub fn headline(&self) -> String {
        let n = self.flows.len();
        let crossing = self.flows.iter().filter(|f| f.crosses_boundary).count();
        let mut q = self.question.to_owned();
        if let Some(first) = q.get_mut(..1) {
            first.make_ascii_lowercase();
        }
        let mut line = format!("{n} flow{}: {q}", if n == 1 { "" } else { "s" });
        if crossing > 0 {
            line.push_str(&format!(" ({crossing} cross a trust boundary)"));
        }
        line
    }
}

/// The open questions of an evaluation, grouped by fact.
pub fn question_groups(model: &Model, eval: &Evaluation) -> Vec<QuestionGroup> {
    let name = |id: &crate::model::ElementId| {
        model
            .elements
            .get(id)
            .map_or_else(|| id.to_string(), |e| e.name.clone())
    };
    let mut groups: Vec<QuestionGroup> = Vec::new();
    for q in &eval.questions {
        if groups.last().is_none_or(|g| g.fact != q.fact) {
            groups.push(QuestionGroup {
                fact: q.fact,
                question: q.fact.question(),
                flows: Vec::new(),
            });
        }
        let label = model.flows.get(&q.flow).map_or_else(
            || q.flow.to_string(),
            |f| {
                let text = if f.label.is_empty() {
                    q.flow.as_str()
                } else {
                    f.label.as_str()
                };
                format!("{text} ({} → {})", name(&f.from), name(&f.to))
            },
        );
        if let Some(g) = groups.last_mut() {
            g.flows.push(AskedFlow {
                id: q.flow.clone(),
                label,
                crosses_boundary: q.crosses_boundary,
                rules: q.rules.clone(),
            });
        }
    }
    for g in &mut groups {
        g.flows.sort_by(|a, b| {
            b.crosses_boundary
                .cmp(&a.crosses_boundary)
                .then_with(|| a.id.cmp(&b.id))
        });
    }
    groups
}
