//! TMT threat instances → threats people wrote. TMT raises its threats on interactions (a data
//! flow and its two ends), so each one goes on its data flow, or on the stencil it targets when
//! the flow was not imported. Its state maps through `libraries/import/tm7.ron`: mitigated closes
//! it with the justification as the statement of how, not applicable becomes a triage verdict
//! with the justification as the reason, and the rest stay open with the justification in the
//! statement. Threat ids follow TMT's own numbers (TMT threat 55 becomes `USER-55`), so people
//! can find a threat from the old reports.

use super::super::ImportReport;
use super::super::common::{Status, add_sentence, one_line};
use super::Mapping;
use super::xml::{Refs, child, text};
use crate::model::{ElementId, FindingId, FlowId, Model, Severity, ThreatTarget, Triage, TriageStatus, UserThreat};
use roxmltree::Node;
use std::collections::{BTreeMap, BTreeSet};

/// Who wrote an imported threat.
const AUTHOR: &str = "Imported from the Microsoft Threat Modeling Tool";

/// Where the diagram put things: TMT guid → Bulwark id.
pub(super) struct Targets {
    /// Connectors that became flows.
    pub flows: BTreeMap<String, FlowId>,
    /// Stencils that became elements.
    pub elements: BTreeMap<String, ElementId>,
}

/// One threat instance, read.
struct Instance {
    number: Option<u64>,
    state: String,
    priority: String,
    title: String,
    category: String,
    description: String,
    justification: String,
    mitigations: String,
    flow: String,
    source: String,
    target: String,
}

fn read(node: Node<'_, '_>) -> Instance {
    let props: BTreeMap<&str, &str> = child(node, "Properties")
        .into_iter()
        .flat_map(|p| p.children().filter(Node::is_element))
        .map(|kv| (text(kv, "Key"), text(kv, "Value")))
        .collect();
    // TMT keeps what a person edits in the properties; the fields beside them are usually nil.
    let field = |prop: &str, own: &'static str| {
        let v = props.get(prop).copied().unwrap_or("");
        plain(if v.is_empty() { text(node, own) } else { v })
    };
    Instance {
        number: text(node, "Id").parse().ok(),
        state: text(node, "State").to_owned(),
        priority: field("Priority", "Priority"),
        title: field("Title", "Title"),
        category: field("UserThreatCategory", "UserThreatCategory"),
        description: field("UserThreatDescription", "UserThreatDescription"),
        justification: field("StateInformation", "StateInformation"),
        mitigations: plain(props.get("PossibleMitigations").copied().unwrap_or("")),
        flow: text(node, "FlowGuid").to_owned(),
        source: text(node, "SourceGuid").to_owned(),
        target: text(node, "TargetGuid").to_owned(),
    }
}

/// Text without the HTML tags TMT's templates put in (`<a href=…>`), on one line.
fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    one_line(&out)
}

/// The statement: the title and the description, or the description alone when it restates
/// the title with the stencil's own names in place of the template's.
fn statement(t: &Instance) -> String {
    let words = |s: &str| s.split_whitespace().take(4).map(str::to_lowercase).collect::<Vec<_>>();
    match (t.title.as_str(), t.description.as_str()) {
        ("", "") => "A threat from the Microsoft Threat Modeling Tool".to_owned(),
        (title, "") => title.to_owned(),
        ("", d) => d.to_owned(),
        (title, d) if words(title) == words(d) || title == d => d.to_owned(),
        (title, d) => format!("{title}: {d}"),
    }
}

/// Reads every threat instance into `model`.
pub(super) fn read_threats<'a, 'i>(
    root: Node<'a, 'i>,
    refs: &Refs<'a, 'i>,
    map: &Mapping,
    targets: &Targets,
    model: &mut Model,
    report: &mut ImportReport,
) {
    let instances: Vec<Instance> = child(root, "ThreatInstances")
        .into_iter()
        .flat_map(|t| t.children().filter(Node::is_element))
        .filter_map(|kv| refs.resolve(child(kv, "Value")?))
        .map(read)
        .collect();
    let numbers = unique_numbers(&instances);
    let mut next = numbers.iter().copied().max().unwrap_or(0) + 1;
    let (mut unknown_states, mut unknown_priorities, mut unknown_categories) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let mut off_flow = 0usize;
    for t in &instances {
        let state = map.states.get(&t.state);
        let shown = state.map_or(t.state.as_str(), |s| s.shown.as_str());
        let what = format!("threat: {}", if shown.is_empty() { "no state" } else { shown });
        report.saw(&what);
        if state.is_none() && !t.state.is_empty() {
            unknown_states.insert(t.state.clone());
        }
        let status = state.map_or(Status::Open, |s| s.status);
        let on = target(t, targets, &mut off_flow);
        let mut threat = UserThreat::new(statement(t), on);
        threat.author = AUTHOR.into();
        threat.severity = map.priorities.get(&t.priority).copied().unwrap_or_else(|| {
            unknown_priorities.insert(t.priority.clone());
            Severity::Medium
        });
        match map.stride.get(&t.category.to_lowercase()) {
            Some(s) => threat.stride.push(*s),
            None if !t.category.is_empty() => {
                unknown_categories.insert(t.category.clone());
            }
            None => {}
        }
        let number = t.number.filter(|n| numbers.contains(n)).unwrap_or_else(|| {
            next += 1;
            next - 1
        });
        let id = FindingId::new(format!("{}{number}", crate::model::USER_PREFIX));
        if state.is_some_and(|s| s.mention) {
            threat.statement = add_sentence(
                &threat.statement,
                &format!("Marked {shown} in the Microsoft Threat Modeling Tool."),
            );
        }
        settle(&mut threat, status, shown, t, &id, model);
        report.kinds.insert(what.clone(), kind_of(status));
        model.threats.insert(id, threat);
        report.keep(&what);
    }
    notes(
        report,
        off_flow,
        &unknown_states,
        &unknown_priorities,
        &unknown_categories,
    );
}

/// TMT's threat numbers that are unique in the file (the others get new numbers).
fn unique_numbers(instances: &[Instance]) -> BTreeSet<u64> {
    let mut seen = BTreeMap::<u64, usize>::new();
    for n in instances.iter().filter_map(|t| t.number) {
        *seen.entry(n).or_default() += 1;
    }
    seen.into_iter()
        .filter(|(n, count)| *count == 1 && *n < u64::MAX / 2)
        .map(|(n, _)| n)
        .collect()
}

/// The flow the threat is on, else the stencil it targets, else its source, else the model.
fn target(t: &Instance, targets: &Targets, off_flow: &mut usize) -> ThreatTarget {
    if let Some(f) = targets.flows.get(&t.flow) {
        return ThreatTarget::Flow(f.clone());
    }
    *off_flow += 1;
    [&t.target, &t.source]
        .into_iter()
        .find_map(|g| targets.elements.get(g))
        .map_or(ThreatTarget::Model, |e| ThreatTarget::Element(e.clone()))
}

/// What the state does: mitigated by the justification, a triage verdict, or open with the
/// justification and the template's possible mitigations in the statement.
fn settle(threat: &mut UserThreat, status: Status, shown: &str, t: &Instance, id: &FindingId, model: &mut Model) {
    let marked = format!("Marked {shown} in the Microsoft Threat Modeling Tool");
    match status {
        Status::Mitigated => {
            threat.mitigated = if t.justification.is_empty() {
                marked
            } else {
                t.justification.clone()
            };
        }
        Status::Open => {
            if !t.justification.is_empty() {
                threat.statement = add_sentence(&threat.statement, &format!("Justification: {}", t.justification));
            }
            if !t.mitigations.is_empty() {
                threat.statement = add_sentence(&threat.statement, &format!("Possible mitigations: {}", t.mitigations));
            }
        }
        Status::NotApplicable | Status::Accepted | Status::Transferred => {
            let why = if t.justification.is_empty() {
                marked
            } else {
                t.justification.clone()
            };
            let verdict = status.verdict().unwrap_or(TriageStatus::NotApplicable);
            model.triage.insert(id.clone(), Triage::new(verdict, why));
        }
    }
}

fn kind_of(status: Status) -> String {
    match status {
        Status::Open => "threat people wrote, open, on its data flow".into(),
        Status::Mitigated => "threat people wrote, mitigated by its justification".into(),
        s => format!(
            "threat people wrote, triaged {} with its justification",
            s.verdict().map_or("not applicable", |v| v.label())
        ),
    }
}

fn notes(
    report: &mut ImportReport,
    off_flow: usize,
    states: &BTreeSet<String>,
    priorities: &BTreeSet<String>,
    categories: &BTreeSet<String>,
) {
    if off_flow > 0 {
        report.notes.push(format!(
            "{off_flow} threats whose data flow was not imported are on the component they target (or the whole model)"
        ));
    }
    if !states.is_empty() {
        report.notes.push(format!(
            "threat states named nowhere in libraries/import/tm7.ron were read as open: {states:?}"
        ));
    }
    if !priorities.is_empty() {
        report.notes.push(format!(
            "threat priorities named nowhere in libraries/import/tm7.ron were read as medium: {priorities:?}"
        ));
    }
    if !categories.is_empty() {
        report.notes.push(format!(
            "threat categories that are not STRIDE were left out: {categories:?}"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_html_is_dropped_and_a_restated_title_is_not_repeated() {
        assert_eq!(
            plain("Use TLS. Refer: <a href=\"https://aka.ms/x\">https://aka.ms/x</a>"),
            "Use TLS. Refer: https://aka.ms/x"
        );
        let mut t = Instance {
            number: None,
            state: String::new(),
            priority: String::new(),
            title: "An adversary can gain access to Azure Postgres DB".into(),
            category: String::new(),
            description: "An adversary can gain access to Accounting PostgreSQL.".into(),
            justification: String::new(),
            mitigations: String::new(),
            flow: String::new(),
            source: String::new(),
            target: String::new(),
        };
        assert_eq!(statement(&t), "An adversary can gain access to Accounting PostgreSQL.");
        t.title = "Data Flow Sniffing".into();
        assert_eq!(
            statement(&t),
            "Data Flow Sniffing: An adversary can gain access to Accounting PostgreSQL."
        );
    }
}
