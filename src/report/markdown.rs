//! The Markdown report: the HTML report's structure for code-hosting sites and wikis, with the
//! diagram as a Mermaid block. User text is escaped so it cannot open HTML, links or tables;
//! finding ids are code spans (so `@el-x` is never a mention).

use super::chart::capitalised;
use super::content::{Content, NO_JUSTIFICATION, ReportInput, ReportOptions, arrow};
use super::escape::markdown as md;
use super::mermaid::mermaid;
use crate::catalog::{FrameworkItem, Severity};
use crate::engine::{Finding, Status};

/// The Markdown report.
pub fn markdown(input: &ReportInput<'_>, opts: ReportOptions) -> String {
    let c = Content::new(input, opts);
    let m = c.model;
    let mut s = format!("# Threat model: {}\n\n", md(&m.name));
    s.push_str(&format!(
        "Generated {} by Bulwark {} · {} components · {} flows · {} trust boundaries\n\n",
        c.opts.date,
        env!("CARGO_PKG_VERSION"),
        m.elements.len(),
        m.flows.len(),
        m.boundaries.len()
    ));
    if !m.description.is_empty() {
        s.push_str(&format!("{}\n\n", md(&m.description)));
    }
    s.push_str(&summary(&c));
    s.push_str("## Diagram\n\n```mermaid\n");
    s.push_str(&mermaid(m, c.cat, Some(input.eval)));
    s.push_str("```\n\n");
    s.push_str(&findings(&c));
    s.push_str(&risk_register(&c));
    s.push_str(&questions(&c));
    s.push_str(&by_element(&c));
    s.push_str(&atlas(&c));
    s.push_str(&coverage(&c));
    s.push_str(&maestro(&c));
    s.push_str(&pasta(&c));
    s.push_str(&checklists(&c));
    s.push_str(&checklist(&c));
    s.push_str(&flows(&c));
    s.push_str(&notes(&c));
    s.push_str(&sessions(&c));
    if !c.eval.errors.is_empty() {
        s.push_str("## Rule errors\n\nThese rules failed, so findings may be missing from this report.\n\n");
        for err in &c.eval.errors {
            s.push_str(&format!("- {}\n", md(&err.to_string())));
        }
        s.push('\n');
    }
    s
}

fn summary(c: &Content<'_>) -> String {
    let sum = &c.summary;
    let mut s = String::from("## Executive summary\n\n| Severity | Open findings |\n|---|---:|\n");
    for sev in Severity::WORST_FIRST {
        s.push_str(&format!("| {} | {} |\n", capitalised(sev.id()), sum.open_of(sev)));
    }
    let mitigated = c.count_status(Status::Mitigated);
    s.push_str(&format!(
        "| **Open** | **{}** |\n\n{} findings in all: {} open, {} mitigated by controls in place, {} triaged by a reviewer.\n\n",
        sum.open,
        sum.total,
        sum.open,
        mitigated,
        sum.total.saturating_sub(sum.open).saturating_sub(mitigated)
    ));
    let top = c.top_missing_controls();
    if !top.is_empty() {
        s.push_str(
            "Controls that would close the most open findings:\n\n| Control | Open findings naming it |\n|---|---:|\n",
        );
        for (id, n) in top.into_iter().take(8) {
            s.push_str(&format!("| {} (`{}`) | {n} |\n", md(c.control_name(id)), id));
        }
        s.push('\n');
    }
    s
}

fn findings(c: &Content<'_>) -> String {
    let mut s = String::from("## Findings\n\n");
    if c.open.is_empty() {
        s.push_str("No open findings.\n\n");
    }
    for (sev, fs) in &c.open {
        s.push_str(&format!("### {} ({} open)\n\n", capitalised(sev.id()), fs.len()));
        for f in fs {
            s.push_str(&finding(c, f));
        }
    }
    if !c.closed.is_empty() {
        s.push_str(&format!("### Mitigated findings ({})\n\n", c.closed.len()));
        for f in &c.closed {
            s.push_str(&finding(c, f));
        }
    }
    s
}

/// Every decision a person took about a finding, always in the report: what an auditor asks
/// for first.
fn risk_register(c: &Content<'_>) -> String {
    let mut s = String::from("## Risk register\n\n");
    if c.decisions.is_empty() {
        s.push_str("No finding has been accepted, transferred or marked not applicable.\n\n");
        return s;
    }
    s.push_str(
        "| Finding | Severity | Decision | Justification | Decided by | On | Review by | Owner |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for f in &c.decisions {
        let d = Content::decision(f);
        let why = d
            .justification
            .as_deref()
            .map_or_else(|| format!("**{NO_JUSTIFICATION}**"), md);
        let verdict = if f.review_due {
            format!("**{}**", md(&d.verdict))
        } else {
            md(&d.verdict)
        };
        s.push_str(&format!(
            "| {} (`{}`) | {} | {verdict} | {why} | {} | {} | {} | {} |\n",
            md(&f.title),
            f.id,
            f.severity.id(),
            md(&d.decided_by),
            md(&d.date),
            md(&d.review_by),
            md(&d.owner)
        ));
    }
    s.push('\n');
    s
}

fn finding(c: &Content<'_>, f: &Finding) -> String {
    let mut s = format!("#### {}\n\n", md(&f.title));
    let stride: Vec<&str> = f.stride.iter().map(|x| x.label()).collect();
    s.push_str(&format!(
        "- **Id:** `{}` · **Severity:** {} · **Status:** {}",
        f.id,
        f.severity.id(),
        f.status.label()
    ));
    if !stride.is_empty() {
        s.push_str(&format!(" · **STRIDE:** {}", stride.join(", ")));
    }
    s.push('\n');
    if f.path.is_empty() {
        let names: Vec<String> = f.elements.iter().map(|id| md(c.element_name(id))).collect();
        s.push_str(&format!("- **Components:** {}\n", names.join(", ")));
    } else {
        let names: Vec<String> = f.path.iter().map(|id| md(c.element_name(id))).collect();
        s.push_str(&format!("- **Path:** {}\n", names.join(" → ")));
    }
    if let Some(note) = super::content::Content::severity_note(f) {
        s.push_str(&format!("- **Severity:** {}\n", md(&note)));
    }
    s.push_str(&format!("- **Why:** {}\n", md(&f.why)));
    for line in c.member_lines(f) {
        s.push_str(&format!("  - {}\n", md(&line)));
    }
    if !f.missing_controls.is_empty() {
        let names: Vec<String> = f
            .missing_controls
            .iter()
            .map(|id| format!("{} (`{id}`)", md(c.control_name(id))))
            .collect();
        s.push_str(&format!("- **Missing controls:** {}\n", names.join(", ")));
    }
    let closing = c.closing(f);
    if !closing.is_empty() {
        let lines: Vec<String> = closing.iter().map(|l| md(l)).collect();
        s.push_str(&format!("- **Closed by one of:** {}\n", lines.join("; ")));
    }
    if !f.mitigated_by.is_empty() {
        let names: Vec<String> = f.mitigated_by.iter().map(|m| md(&c.mitigation_text(m))).collect();
        s.push_str(&format!("- **Mitigated by:** {}\n", names.join(", ")));
    }
    // A closed finding needs no advice, and its references are in the coverage tables.
    if let Some(rule) = c.rule(f).filter(|_| f.status.is_open()) {
        s.push_str(&format!("- **Advice:** {}\n", md(&rule.mitigation)));
    }
    let refs = if f.status.is_open() {
        c.references(f)
    } else {
        Vec::new()
    };
    for (fw, ids) in refs {
        let shown: Vec<String> = ids
            .iter()
            .map(|(id, name)| match name {
                Some(n) => format!("`{id}` {}", md(n)),
                None => format!("`{id}`"),
            })
            .collect();
        s.push_str(&format!("- **{fw}:** {}\n", shown.join("; ")));
    }
    if let Some(t) = &f.triage {
        s.push_str(&format!("- **Triage:** {}", t.status.label()));
        if !t.owner.is_empty() {
            s.push_str(&format!(" · owner: {}", md(&t.owner)));
        }
        if !t.date.is_empty() {
            s.push_str(&format!(" · on {}", md(&t.date)));
        }
        if !t.justification.is_empty() {
            s.push_str(&format!(" — {}", md(&t.justification)));
        }
        if f.stale {
            s.push_str(" (stale: the inputs changed since this triage was given)");
        }
        s.push('\n');
    }
    s.push('\n');
    s
}

fn questions(c: &Content<'_>) -> String {
    let groups = super::question_groups(c.model, c.eval);
    if groups.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        "## Open questions\n\nFacts nobody answered that a rule needs; each answer raises a finding or settles it.\n\n",
    );
    for g in &groups {
        s.push_str(&format!("- **{}**\n", md(&g.headline())));
        for f in &g.flows {
            s.push_str(&format!("  - {}\n", md(&f.label)));
        }
    }
    s.push('\n');
    s
}

fn by_element(c: &Content<'_>) -> String {
    let mut s = String::from(
        "## Findings by component\n\n| Component | Trust boundary | Open | Findings |\n|---|---|---:|---|\n",
    );
    for (id, fs) in c.by_element() {
        let el = c.model.elements.get(id);
        let boundary = el.and_then(|x| c.boundary_name(x)).unwrap_or("—");
        let open = fs.iter().filter(|f| f.status.is_open()).count();
        let ids: Vec<String> = fs.iter().map(|f| format!("`{}`", f.id)).collect();
        s.push_str(&format!(
            "| {} | {} | {open} | {} |\n",
            md(c.element_name(id)),
            md(boundary),
            ids.join(", ")
        ));
    }
    s.push('\n');
    s
}

fn atlas(c: &Content<'_>) -> String {
    let mut s = format!(
        "## MITRE ATLAS\n\nTechniques of MITRE ATLAS v{} that open findings reference, by tactic in kill-chain order.\n\n| Tactic | Techniques |\n|---|---|\n",
        md(&c.cat.frameworks.atlas_version)
    );
    for (tactic, techniques) in c.atlas_matrix() {
        let cell = if techniques.is_empty() {
            "—".to_owned()
        } else {
            techniques
                .iter()
                .map(|(t, fs)| format!("**`{}`** {} ({})", t.id, md(&t.name), fs.len()))
                .collect::<Vec<_>>()
                .join("<br>")
        };
        s.push_str(&format!("| {} (`{}`) | {cell} |\n", md(&tactic.name), tactic.id));
    }
    s.push('\n');
    s
}

fn coverage(c: &Content<'_>) -> String {
    let fw = &c.cat.frameworks;
    let mut s = String::from("## OWASP and MAESTRO coverage\n\n");
    s.push_str("### OWASP Top 10 for LLM Applications 2025\n\n");
    s.push_str(&table(&c.coverage(&fw.owasp_llm, |f| f.references.owasp_llm.clone())));
    s.push_str("### OWASP Agentic AI threats T1–T17\n\n");
    s.push_str(&table(&c.coverage(&fw.agentic, |f| f.references.agentic.clone())));
    s.push_str("### CSA MAESTRO layers\n\n");
    s.push_str(&table(&c.coverage(&fw.maestro, |f| {
        f.references.maestro.iter().map(|l| l.id().to_owned()).collect()
    })));
    s
}

fn maestro(c: &Content<'_>) -> String {
    let m = c.maestro();
    let mut s = String::from(
        "## MAESTRO layers\n\nEach component in the CSA MAESTRO layer its kind lives in (or the one set on it), with the open findings on the layer's components. Cross-layer threats are path findings whose components lie in more than one layer.\n\n| Layer | Name | Components | Open |\n|---|---|---|---:|\n",
    );
    for r in &m.rows {
        let els = if r.elements.is_empty() {
            "—".to_owned()
        } else {
            md(&r.elements.join(", "))
        };
        s.push_str(&format!(
            "| `{}` | {} | {els} | {} |\n",
            r.id,
            md(&r.name),
            r.open.len()
        ));
    }
    s.push('\n');
    if !m.unlayered.is_empty() {
        s.push_str(&format!("In no MAESTRO layer: {}.\n\n", md(&m.unlayered.join(", "))));
    }
    s.push_str("### Cross-layer threats\n\n");
    if m.cross_layer.is_empty() {
        s.push_str("None: no open path finding spans more than one layer.\n\n");
    } else {
        s.push_str("| Finding | Title | Layers | Severity |\n|---|---|---|---|\n");
        for x in &m.cross_layer {
            s.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                x.id,
                md(&x.title),
                x.layers.join(" · "),
                x.severity.id()
            ));
        }
        s.push('\n');
    }
    s
}

fn pasta(c: &Content<'_>) -> String {
    let p = c.pasta();
    let mut s = String::from(
        "## PASTA\n\nThe seven stages of the Process for Attack Simulation and Threat Analysis over this model. Residual risk of an objective: the worst open threat on the components it depends on, capped by its impact.\n\n",
    );
    if p.objectives.is_empty() {
        s.push_str("No business objective is recorded yet (stage 1).\n\n");
    } else {
        s.push_str("| Business objective | Impact | Components | Open | Residual risk |\n|---|---|---|---:|---|\n");
        for o in &p.objectives {
            s.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                md(&o.name),
                o.impact.id(),
                md(&o.elements.join(", ")),
                o.open,
                o.residual.map_or("none open", |r| r.id())
            ));
        }
        s.push('\n');
    }
    if !p.compliance.is_empty() {
        s.push_str(&format!("Compliance needs: {}.\n\n", md(&p.compliance.join("; "))));
    }
    s.push_str("| Stage | Has | Lacks |\n|---|---|---|\n");
    for st in &p.stages {
        s.push_str(&format!(
            "| {} {} | {} | {} |\n",
            st.number,
            st.name,
            md(&st.has.join("; ")),
            md(&st.lacks.join("; "))
        ));
    }
    s.push('\n');
    s
}

fn checklists(c: &Content<'_>) -> String {
    let mut s = String::from(
        "## Secure by design\n\nPublished guidance item by item, from the control states in this model: met where every component its controls apply to has one in place (in place / places), open where none has. Items no control can show say why.\n\n",
    );
    for list in c.checklists() {
        s.push_str(&format!(
            "### {}\n\n{}\n\n| Item | State | Controls, or why none |\n|---|---|---|\n",
            md(&list.title),
            md(&list.source)
        ));
        for r in &list.rows {
            s.push_str(&format!("| {} | {} | {} |\n", md(&r.section), r.state, md(&r.detail)));
        }
        s.push('\n');
    }
    s
}

fn table(rows: &[(&FrameworkItem, Vec<&Finding>)]) -> String {
    let mut s = String::from("| Id | Name | Open | Findings |\n|---|---|---:|---|\n");
    for (item, fs) in rows {
        let open = fs.iter().filter(|f| f.status.is_open()).count();
        let ids: Vec<String> = fs.iter().map(|f| format!("`{}`", f.id)).collect();
        let cell = if ids.is_empty() {
            "—".to_owned()
        } else {
            ids.join(", ")
        };
        s.push_str(&format!("| `{}` | {} | {open} | {cell} |\n", item.id, md(&item.name)));
    }
    s.push('\n');
    s
}

fn checklist(c: &Content<'_>) -> String {
    let mut s = String::from(
        "## Controls checklist\n\nFor each component, the controls that apply to it and where each stands. *Missing*: not set, and named by an open finding on the component.\n\n",
    );
    for (_, el, rows) in c.checklist() {
        s.push_str(&format!("### {}\n\n{}", md(&el.name), md(c.kind_name(el))));
        if let Some(b) = c.boundary_name(el) {
            s.push_str(&format!(" · {}", md(b)));
        }
        s.push_str("\n\n");
        if rows.is_empty() {
            s.push_str("No controls apply to this kind.\n\n");
            continue;
        }
        s.push_str("| Control | State |\n|---|---|\n");
        for r in rows {
            let label = r.label();
            let label = if label == "missing" { "**missing**" } else { label };
            s.push_str(&format!("| {} | {label} |\n", md(c.control_name(r.id))));
        }
        s.push('\n');
    }
    s
}

fn flows(c: &Content<'_>) -> String {
    let mut s =
        String::from("## Data flows\n\n| From → to | Flow | Data | Protocol | Protection |\n|---|---|---|---|---|\n");
    for (_, f) in c.flows_in_order() {
        let data: Vec<String> = c.data_names(f).into_iter().map(md).collect();
        let protection: Vec<String> = c
            .protection(f)
            .into_iter()
            .map(|(t, warn)| if warn { format!("**{t}**") } else { t.to_owned() })
            .collect();
        s.push_str(&format!(
            "| {} {} {} | {} | {} | {} | {} |\n",
            md(c.element_name(&f.from)),
            arrow(f),
            md(c.element_name(&f.to)),
            md(&f.label),
            data.join(", "),
            md(&f.protocol),
            protection.join(", ")
        ));
    }
    s.push('\n');
    s
}

fn notes(c: &Content<'_>) -> String {
    let mut s = String::from("## Decisions and assumptions\n\n");
    for (kind, title) in c.note_kinds() {
        s.push_str(&format!("### {title}\n\n"));
        let notes = c.notes(kind);
        if notes.is_empty() {
            s.push_str("None recorded.\n\n");
            continue;
        }
        for n in notes {
            s.push_str(&format!("- {}", md(&n.text)));
            let about = c.note_about(n);
            if !about.is_empty() {
                let names: Vec<String> = about.iter().map(|a| md(a)).collect();
                s.push_str(&format!(" *(about: {})*", names.join(", ")));
            }
            let who = crate::lens::workshop::owner_and_due(n);
            if !who.is_empty() {
                s.push_str(&format!(" — owner: {}", md(&who)));
            }
            s.push('\n');
        }
        s.push('\n');
    }
    s
}

fn sessions(c: &Content<'_>) -> String {
    let sessions = c.sessions();
    if sessions.is_empty() {
        return String::new();
    }
    let mut s = String::from("## Sessions\n\n");
    for sum in &sessions {
        s.push_str(&format!("### {}\n\n", md(&sum.heading())));
        for line in sum.people().iter().chain(&sum.facts()) {
            s.push_str(&format!("- {}\n", md(line)));
        }
        s.push('\n');
    }
    s
}
