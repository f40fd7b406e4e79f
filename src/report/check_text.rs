//! The `check` output for people: grouped by severity, open findings first, each with why and
//! the missing controls.

use super::summary::Summary;
use crate::catalog::{Catalog, Severity};
use crate::engine::{Evaluation, Status};
use crate::model::Model;

/// The text report.
pub fn check_text(cat: &Catalog, model: &Model, eval: &Evaluation) -> String {
    let mut out = String::new();
    let summary = Summary::of(&eval.findings);
    out.push_str(&format!("{}: {}\n", model.name, summary.line()));
    for sev in Severity::WORST_FIRST {
        let open: Vec<_> = eval
            .findings
            .iter()
            .filter(|f| f.severity == sev && f.status == Status::Open)
            .collect();
        if open.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{} ({})\n", sev.id().to_uppercase(), open.len()));
        for f in open {
            out.push_str(&format!("  {}  {}\n", f.id, f.title));
            if !f.severity_why.is_empty() {
                out.push_str(&format!(
                    "      severity: {} (the rule's base: {}; {})\n",
                    f.severity.id(),
                    f.base_severity.id(),
                    f.severity_why
                ));
            }
            out.push_str(&format!("      why: {}\n", f.why));
            if f.members.len() > 1 {
                for m in &f.members {
                    let chain: Vec<&str> = if m.path.is_empty() { &m.elements } else { &m.path }
                        .iter()
                        .map(|e| model.elements.get(e).map_or(e.as_str(), |x| x.name.as_str()))
                        .collect();
                    out.push_str(&format!("        - {}, {}\n", chain.join(" → "), m.status.label()));
                }
            }
            if !f.missing_controls.is_empty() {
                let names: Vec<String> = f
                    .missing_controls
                    .iter()
                    .map(|c| {
                        cat.control(c)
                            .map_or_else(|| c.to_string(), |x| format!("{} ({})", x.name, c))
                    })
                    .collect();
                out.push_str(&format!("      missing: {}\n", names.join(", ")));
            }
            let closing =
                super::content::closing_lines(f, |c| cat.control(c).map_or_else(|| c.to_string(), |x| x.name.clone()));
            if !closing.is_empty() {
                out.push_str(&format!("      closed by one of: {}\n", closing.join("; ")));
            }
            if f.stale {
                out.push_str("      (triage is stale: the inputs changed since it was given)\n");
            }
            if let Some(t) = f.triage.as_ref().filter(|_| f.review_due) {
                out.push_str(&format!(
                    "      (review due: {} until {}, now open again)\n",
                    t.status.label(),
                    t.review_by
                ));
            }
        }
    }
    let closed: Vec<_> = eval.findings.iter().filter(|f| f.status != Status::Open).collect();
    if !closed.is_empty() {
        out.push_str(&format!("\nCLOSED ({})\n", closed.len()));
        for f in closed {
            let by = match f.status {
                Status::Mitigated => {
                    let names: Vec<String> = f
                        .mitigated_by
                        .iter()
                        .map(|m| match (&m.control, m.answer, &m.question) {
                            (Some(c), _, _) => format!("{c} on {}", m.element),
                            (None, Some(fact), _) => format!("{} answered yes on the flow to {}", fact.id(), m.element),
                            (None, None, Some(q)) => format!("{q} answered on {}", m.element),
                            (None, None, None) => format!("guard {}", m.element),
                        })
                        .collect();
                    format!("mitigated by {}", names.join(", "))
                }
                s => {
                    let d = super::content::Content::decision(f);
                    let mut line = format!(
                        "{}: {}",
                        s.label(),
                        d.justification.as_deref().unwrap_or(super::content::NO_JUSTIFICATION)
                    );
                    for (label, v) in [("by", &d.decided_by), ("on", &d.date), ("review by", &d.review_by)] {
                        if !v.is_empty() {
                            line.push_str(&format!("; {label} {v}"));
                        }
                    }
                    line
                }
            };
            out.push_str(&format!("  {}  {}  [{}]\n", f.id, f.title, by));
        }
    }
    let groups = super::question_groups(model, eval);
    if !groups.is_empty() {
        let flows: usize = groups.iter().map(|g| g.flows.len()).sum();
        out.push_str(&format!("\nOPEN QUESTIONS ({flows}: answer them in the model)\n"));
        for g in &groups {
            out.push_str(&format!("  {}\n", g.headline()));
            for f in &g.flows {
                let mark = if f.crosses_boundary { " [crosses]" } else { "" };
                out.push_str(&format!("      {}  {}{mark}\n", f.id, f.label));
            }
        }
    }
    if !eval.errors.is_empty() {
        out.push_str(&format!("\nRULE ERRORS ({})\n", eval.errors.len()));
        for e in &eval.errors {
            out.push_str(&format!("  {e}\n"));
        }
    }
    out
}
