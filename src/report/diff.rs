//! `bulwark diff` for people and tools: the risk delta first (what a reviewer must look at),
//! then the design changes, as text, as a Markdown pull-request comment, or as JSON.

use super::escape::markdown as md;
use crate::catalog::Catalog;
use crate::engine::{Finding, RiskDelta};
use crate::model::{Change, DesignDiff, ItemChange, Model};
use serde_json::json;
use std::sync::Arc;

/// What a diff report shows.
pub struct DiffInput<'a> {
    /// The library, for control names.
    pub cat: &'a Catalog,
    /// The old model and how it was named on the command line.
    pub old: (&'a Model, &'a str),
    /// The new model and its name.
    pub new: (&'a Model, &'a str),
    /// Design changes.
    pub design: &'a DesignDiff,
    /// Risk changes.
    pub risk: &'a RiskDelta,
}

impl DiffInput<'_> {
    /// "2 new open findings (1 high, 1 medium), 3 resolved, …".
    pub fn counts_line(&self) -> String {
        let r = self.risk;
        let mut by_sev: Vec<String> = Vec::new();
        for s in crate::catalog::Severity::WORST_FIRST {
            let n = r.new.iter().filter(|f| f.severity == s).count();
            if n > 0 {
                by_sev.push(format!("{n} {}", s.id()));
            }
        }
        let new = if by_sev.is_empty() {
            "no new open findings".to_string()
        } else {
            format!(
                "{} new open finding{} ({})",
                r.new.len(),
                plural(r.new.len()),
                by_sev.join(", ")
            )
        };
        format!(
            "{new}, {} resolved, {} re-triaged, {} newly stale, {} severity change{}",
            r.resolved.len(),
            r.retriaged.len(),
            r.newly_stale.len(),
            r.severity.len(),
            plural(r.severity.len())
        )
    }

    fn design_line(&self) -> String {
        let d = self.design;
        let mut parts = Vec::new();
        for (what, items) in [
            ("element", &d.elements),
            ("flow", &d.flows),
            ("boundary", &d.boundaries),
            ("note", &d.notes),
            ("written threat", &d.threats),
            ("triage decision", &d.triage),
        ] {
            let (a, r, c) = counts(items);
            if a + r + c > 0 {
                let noun = if what == "boundary" && a + r + c != 1 {
                    "boundaries".to_string()
                } else {
                    format!("{what}{}", plural(a + r + c))
                };
                parts.push(format!("{noun}: {a} added, {r} removed, {c} changed"));
            }
        }
        if d.info_changed {
            parts.push("name or description changed".into());
        }
        if d.layout_moves > 0 {
            parts.push(format!("{} moved or resized on the diagram", d.layout_moves));
        }
        if parts.is_empty() {
            "no design changes".into()
        } else {
            parts.join("; ")
        }
    }

    fn missing(&self, f: &Finding) -> String {
        f.missing_controls
            .iter()
            .map(|c| self.cat.control(c).map_or_else(|| c.to_string(), |x| x.name.clone()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn anchor_name(&self, f: &Finding) -> String {
        let new = self.new.0;
        let old = self.old.0;
        new.elements
            .get(&f.anchor)
            .or_else(|| old.elements.get(&f.anchor))
            .map_or_else(|| f.anchor.to_string(), |e| e.name.clone())
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn counts(items: &[ItemChange]) -> (usize, usize, usize) {
    let n = |c: fn(&Change) -> bool| items.iter().filter(|i| c(&i.change)).count();
    (
        n(|c| *c == Change::Added),
        n(|c| *c == Change::Removed),
        n(|c| matches!(c, Change::Changed(_))),
    )
}

fn change_text(c: &Change) -> String {
    match c {
        Change::Added => "added".into(),
        Change::Removed => "removed".into(),
        Change::Changed(fields) => format!("changed: {}", fields.join(", ")),
    }
}

/// The diff for a terminal.
pub fn diff_text(d: &DiffInput) -> String {
    let mut out = format!("{} → {}\n", d.old.1, d.new.1);
    out.push_str(&format!("risk: {}\n", d.counts_line()));
    out.push_str(&format!("design: {}\n", d.design_line()));
    let r = d.risk;
    if !r.new.is_empty() {
        out.push_str("\nNew open findings\n");
        for f in &r.new {
            out.push_str(&format!("  + {:<8} {}  {}\n", f.severity.id(), f.id, f.title));
            out.push_str(&format!("      on: {}\n", d.anchor_name(f)));
            out.push_str(&format!("      why: {}\n", f.why));
            if !f.missing_controls.is_empty() {
                out.push_str(&format!("      missing: {}\n", d.missing(f)));
            }
        }
    }
    if !r.severity.is_empty() {
        out.push_str("\nSeverity changes\n");
        for (o, n) in &r.severity {
            let why = if n.severity_why.is_empty() {
                String::new()
            } else {
                format!(" ({})", n.severity_why)
            };
            out.push_str(&format!(
                "  ~ {} {} → {}{why}  {}\n",
                n.id,
                o.severity.id(),
                n.severity.id(),
                n.title
            ));
        }
    }
    if !r.resolved.is_empty() {
        out.push_str("\nResolved\n");
        for (o, why, _) in &r.resolved {
            out.push_str(&format!("  - {}  {} ({})\n", o.id, o.title, why.label()));
        }
    }
    if !r.retriaged.is_empty() {
        out.push_str("\nRe-triaged\n");
        for (o, n) in &r.retriaged {
            out.push_str(&format!("  * {} {} → {}\n", n.id, triage_label(o), triage_label(n)));
        }
    }
    if !r.newly_stale.is_empty() {
        out.push_str("\nNewly stale decisions (the design changed under them)\n");
        for f in &r.newly_stale {
            out.push_str(&format!("  ! {}  {}\n", f.id, f.title));
        }
    }
    let sections = design_sections(d.design);
    if !sections.is_empty() {
        out.push_str("\nDesign\n");
        for (title, items) in sections {
            out.push_str(&format!("  {title}\n"));
            for i in items {
                out.push_str(&format!("    {} {} ({})\n", i.id, i.name, change_text(&i.change)));
            }
        }
    }
    out
}

fn triage_label(f: &Finding) -> String {
    match &f.triage {
        Some(t) => t.status.label().to_string(),
        None => "untriaged".into(),
    }
}

fn design_sections(d: &DesignDiff) -> Vec<(&'static str, &[ItemChange])> {
    [
        ("Elements", &d.elements[..]),
        ("Flows", &d.flows[..]),
        ("Trust boundaries", &d.boundaries[..]),
        ("Decisions, assumptions and actions", &d.notes[..]),
        ("Written threats", &d.threats[..]),
        ("Triage", &d.triage[..]),
        ("Workshop sessions", &d.sessions[..]),
        ("Workshop votes", &d.votes[..]),
    ]
    .into_iter()
    .filter(|(_, items)| !items.is_empty())
    .collect()
}

/// The diff as a pull-request comment: the counts, the new open findings first with the
/// controls they miss, and the design changes folded away; with `diagram`, a Mermaid picture of
/// the changed neighbourhood.
pub fn diff_markdown(d: &DiffInput, diagram: bool) -> String {
    let r = d.risk;
    let mut out = format!("### Threat model: {}\n\n", md(&d.new.0.name));
    out.push_str(&format!(
        "**Risk:** {}  \n**Design:** {}\n",
        d.counts_line(),
        d.design_line()
    ));
    if !r.new.is_empty() {
        out.push_str("\n| Severity | New open finding | On | Missing controls |\n|---|---|---|---|\n");
        for f in &r.new {
            out.push_str(&format!(
                "| {} | {} (`{}`) | {} | {} |\n",
                f.severity.id(),
                md(&f.title),
                md(f.id.as_str()),
                md(&d.anchor_name(f)),
                md(&d.missing(f))
            ));
        }
    }
    if !r.severity.is_empty() {
        out.push_str("\n| Severity change | Finding |\n|---|---|\n");
        for (o, n) in &r.severity {
            out.push_str(&format!(
                "| {} → {} | {} (`{}`) |\n",
                o.severity.id(),
                n.severity.id(),
                md(&n.title),
                md(n.id.as_str())
            ));
        }
    }
    if diagram {
        let m = diff_mermaid(d);
        if !m.is_empty() {
            out.push_str(&format!("\n```mermaid\n{m}```\n"));
        }
    }
    let mut rest = String::new();
    for (o, why, _) in &r.resolved {
        rest.push_str(&format!(
            "- resolved ({}): {} (`{}`)\n",
            why.label(),
            md(&o.title),
            md(o.id.as_str())
        ));
    }
    for (o, n) in &r.retriaged {
        rest.push_str(&format!(
            "- re-triaged: `{}` {} → {}\n",
            md(n.id.as_str()),
            triage_label(o),
            triage_label(n)
        ));
    }
    for f in &r.newly_stale {
        rest.push_str(&format!(
            "- decision now stale: {} (`{}`)\n",
            md(&f.title),
            md(f.id.as_str())
        ));
    }
    for (title, items) in design_sections(d.design) {
        rest.push_str(&format!("\n**{title}**\n\n"));
        for i in items {
            rest.push_str(&format!(
                "- `{}` {}: {}\n",
                md(&i.id),
                md(&i.name),
                md(&change_text(&i.change))
            ));
        }
    }
    if !rest.is_empty() {
        out.push_str("\n<details><summary>Everything that changed</summary>\n\n");
        out.push_str(&rest);
        out.push_str("\n</details>\n");
    }
    out
}

/// A Mermaid flowchart of the changed neighbourhood: the elements and flows that were added,
/// removed or changed, and the elements one flow away from them, marked by what happened
/// (added green, removed red and dashed, changed amber). Empty when no element or flow changed.
pub fn diff_mermaid(d: &DiffInput) -> String {
    use std::collections::{BTreeMap, BTreeSet};
    let (old, new) = (d.old.0, d.new.0);
    let state: BTreeMap<&str, &Change> = d.design.elements.iter().map(|i| (i.id.as_str(), &i.change)).collect();
    let flow_state: BTreeMap<&str, &Change> = d.design.flows.iter().map(|i| (i.id.as_str(), &i.change)).collect();
    if state.is_empty() && flow_state.is_empty() {
        return String::new();
    }
    // Flows drawn: the changed ones and every flow touching a changed element, from either side.
    let mut flows: BTreeMap<String, (&crate::model::Flow, Option<&Change>)> = BTreeMap::new();
    for m in [old, new] {
        for (id, f) in &m.flows {
            let changed = flow_state.get(id.as_str()).copied();
            let touches = state.contains_key(f.from.as_str()) || state.contains_key(f.to.as_str());
            if changed.is_some() || touches {
                // The new side's version wins where both have it.
                flows.insert(id.to_string(), (f, changed));
            }
        }
    }
    let mut shown: BTreeSet<&str> = state.keys().copied().collect();
    for (f, _) in flows.values() {
        shown.insert(f.from.as_str());
        shown.insert(f.to.as_str());
    }
    let node = |id: &str| {
        format!(
            "n{}",
            id.chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect::<String>()
        )
    };
    let mut out = String::from("flowchart LR\n");
    for id in &shown {
        let key = crate::model::ElementId::new(*id);
        let el = new.elements.get(&key).or_else(|| old.elements.get(&key));
        let name = el.map_or(*id, |e| e.name.as_str());
        let class = match state.get(id) {
            Some(Change::Added) => ":::added",
            Some(Change::Removed) => ":::removed",
            Some(Change::Changed(_)) => ":::changed",
            None => "",
        };
        out.push_str(&format!(
            "    {}[\"{}\"]{class}\n",
            node(id),
            super::escape::mermaid(name)
        ));
    }
    for (i, (f, change)) in flows.values().enumerate() {
        let arrow = if matches!(change, Some(Change::Removed)) {
            "-.->"
        } else {
            "-->"
        };
        let label = match change {
            Some(Change::Added) => format!("+ {}", f.label),
            Some(Change::Removed) => format!("− {}", f.label),
            _ => f.label.clone(),
        };
        out.push_str(&format!(
            "    {} {arrow}|\"{}\"| {}\n",
            node(f.from.as_str()),
            super::escape::mermaid(&label),
            node(f.to.as_str())
        ));
        if matches!(change, Some(Change::Added)) {
            out.push_str(&format!("    linkStyle {i} stroke:#1a7f37,stroke-width:2px\n"));
        }
    }
    out.push_str("    classDef added fill:#dafbe1,stroke:#1a7f37,stroke-width:2px\n");
    out.push_str("    classDef removed fill:#ffebe9,stroke:#cf222e,stroke-dasharray:5 3\n");
    out.push_str("    classDef changed fill:#fff8c5,stroke:#9a6700\n");
    out
}

/// The diff for tools.
pub fn diff_json(d: &DiffInput) -> serde_json::Value {
    let r = d.risk;
    let brief = |f: &Arc<Finding>| {
        json!({
            "id": f.id, "rule": f.rule, "title": &*f.title, "severity": f.severity.id(),
            "status": f.status.label(), "anchor": f.anchor, "why": f.why,
            "missing_controls": &*f.missing_controls,
        })
    };
    json!({
        "old": d.old.1,
        "new": d.new.1,
        "risk": {
            "new": r.new.iter().map(brief).collect::<Vec<_>>(),
            "resolved": r.resolved.iter().map(|(o, why, _)| {
                let mut v = brief(o);
                v["resolution"] = json!(why.label());
                v
            }).collect::<Vec<_>>(),
            "retriaged": r.retriaged.iter().map(|(o, n)| json!({
                "id": n.id, "old": triage_label(o), "new": triage_label(n),
            })).collect::<Vec<_>>(),
            "newly_stale": r.newly_stale.iter().map(brief).collect::<Vec<_>>(),
            "severity": r.severity.iter().map(|(o, n)| json!({
                "id": n.id, "old": o.severity.id(), "new": n.severity.id(), "why": n.severity_why,
            })).collect::<Vec<_>>(),
        },
        "design": d.design,
    })
}
