//! The report's sections as chunks, in the order of the HTML report: executive summary,
//! findings by severity, findings by component, the ATLAS tactics, OWASP and MAESTRO coverage,
//! the controls checklist, data flows, decisions and assumptions, and rule errors.

use super::blocks::{Card, chip, drawing, h3, para, para_at, plain, section, small, sub};
use super::flow::{BODY_W, Chunk};
use super::ink::{Ink, Style};
use super::table::{Cell, Col, Table};
use super::text::{self, BODY, CODE, H3, SMALL};
use crate::catalog::{FrameworkItem, Severity};
use crate::engine::{Finding, Status};
use crate::report::chart::{capitalised, severity_bars};
use crate::report::content::{Content, NO_JUSTIFICATION, arrow};
use crate::report::palette;

/// Every section after the diagram.
pub fn body(c: &Content<'_>) -> Vec<Chunk> {
    let mut out = Vec::new();
    summary(c, &mut out);
    findings(c, &mut out);
    risk_register(c, &mut out);
    by_element(c, &mut out);
    atlas(c, &mut out);
    coverage(c, &mut out);
    maestro(c, &mut out);
    pasta(c, &mut out);
    checklists(c, &mut out);
    checklist(c, &mut out);
    flows(c, &mut out);
    notes(c, &mut out);
    sessions(c, &mut out);
    rule_errors(c, &mut out);
    out
}

fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn summary(c: &Content<'_>, out: &mut Vec<Chunk>) {
    out.push(section("Executive summary", true));
    if !c.model.description.is_empty() {
        out.extend(para(&c.model.description, BODY));
    }
    out.extend(para(&c.summary_sentence(str::to_owned), BODY));
    out.push(h3("Open findings by severity"));
    let counts = c.open_counts();
    let chart_h = counts.len() as f32 * 30.0 + 6.0;
    out.push(drawing(severity_bars(&counts), chart_h, 0.8));

    out.push(h3("Most exposed components"));
    let mut t = Table::new(&[
        Col::new("Component", 4.0),
        Col::new("Worst", 1.2),
        Col::num("Open", 0.8),
    ]);
    for (id, fs) in c.by_element() {
        let open: Vec<&&Finding> = fs.iter().filter(|f| f.status.is_open()).collect();
        let Some(worst) = open.iter().map(|f| f.severity).max() else {
            continue;
        };
        t.row(vec![
            Cell::text(c.element_name(id), BODY),
            Cell::text(capitalised(worst.id()), BODY.colored(palette::severity(worst)).bold()),
            Cell::text(open.len().to_string(), BODY),
        ]);
        if t.len() == 6 {
            break;
        }
    }
    if t.is_empty() {
        out.extend(para("No component has an open finding.", SMALL));
    } else {
        out.extend(t.chunks(10.0));
    }

    out.push(h3("Controls that would close the most open findings"));
    let mut t = Table::new(&[Col::new("Control", 5.0), Col::num("Open findings naming it", 1.4)]);
    for (id, n) in c.top_missing_controls().into_iter().take(8) {
        let desc = c.cat.control(id).map_or("", |x| x.description.as_str());
        t.row(vec![
            Cell::text(c.control_name(id), BODY.bold())
                .then(id.as_str(), CODE)
                .then(desc, SMALL),
            Cell::text(n.to_string(), BODY),
        ]);
    }
    if t.is_empty() {
        out.extend(para("No open finding names a missing control.", SMALL));
    } else {
        out.extend(t.chunks(10.0));
    }
}

fn findings(c: &Content<'_>, out: &mut Vec<Chunk>) {
    out.push(section("Findings", true));
    if c.open.is_empty() {
        out.extend(para("No open findings.", BODY));
    }
    for (sev, fs) in &c.open {
        out.push(sub(
            &format!("{} — {} open", capitalised(sev.id()), fs.len()),
            H3.colored(palette::severity(*sev)),
            true,
        ));
        for f in fs {
            out.extend(card(c, f));
        }
    }
    if !c.closed.is_empty() {
        out.push(sub(&format!("Mitigated findings — {}", c.closed.len()), H3, true));
        for f in &c.closed {
            out.extend(card(c, f));
        }
    } else if !c.opts.include_closed {
        let mitigated = c.eval.findings.iter().filter(|f| f.status == Status::Mitigated).count();
        if mitigated > 0 {
            out.extend(para(
                &format!(
                    "{mitigated} mitigated findings are left out of this report; every decision is in the risk register."
                ),
                SMALL,
            ));
        }
    }
}

/// Every decision a person took about a finding, always in the report.
fn risk_register(c: &Content<'_>, out: &mut Vec<Chunk>) {
    out.push(section("Risk register", true));
    if c.decisions.is_empty() {
        out.extend(para(
            "No finding has been accepted, transferred or marked not applicable.",
            BODY,
        ));
        return;
    }
    // Three columns, so a finding's id fits on one line.
    let mut t = Table::new(&[
        Col::new("Finding", 3.6),
        Col::new("Decision", 2.2),
        Col::new("Justification", 4.0),
    ]);
    let flag = SMALL.colored(palette::severity(Severity::Critical)).bold();
    for f in &c.decisions {
        let d = Content::decision(f);
        let why = match &d.justification {
            Some(j) => Cell::text(j.clone(), SMALL),
            None => Cell::text(NO_JUSTIFICATION, flag),
        };
        let mut decision = Cell::text(d.verdict.clone(), if f.review_due { flag } else { SMALL.bold() });
        for (label, v) in [
            ("by", &d.decided_by),
            ("on", &d.date),
            ("review by", &d.review_by),
            ("owner:", &d.owner),
        ] {
            if !v.is_empty() {
                decision = decision.then(format!("{label} {v}"), SMALL);
            }
        }
        t.row(vec![
            Cell::text(f.title.to_string(), SMALL)
                .then(f.id.to_string(), CODE)
                .then(
                    capitalised(f.severity.id()),
                    SMALL.colored(palette::severity(f.severity)).bold(),
                ),
            decision,
            why,
        ]);
    }
    out.extend(t.chunks(10.0));
}

fn status_color(f: &Finding) -> &'static str {
    match f.status {
        Status::Open => palette::severity(f.severity),
        Status::Mitigated => palette::MITIGATED,
        _ => palette::TRIAGED,
    }
}

/// One finding: what, where, why, what is missing, what to do, where it maps, and its triage.
fn card(c: &Content<'_>, f: &Finding) -> Vec<Chunk> {
    let mut card = Card::new(status_color(f));
    // Title row: severity chip, title, status on the right.
    let status = f.status.label();
    let status_style = SMALL.colored(status_color(f)).bold();
    let status_w = text::width(status, status_style);
    let mut ink = Vec::new();
    let chip_w = chip(
        &mut ink,
        &capitalised(f.severity.id()),
        palette::severity(f.severity),
        11.0,
        1.0,
    );
    ink.push(Ink::Text {
        x: BODY_W - 8.0 - status_w,
        y: 10.0,
        text: status.to_owned(),
        style: status_style,
    });
    let title_style = Style::new(10.5, palette::TEXT).bold();
    let title_x = 11.0 + chip_w + 7.0;
    let lines = text::wrap(&f.title, title_style, BODY_W - title_x - status_w - 16.0);
    let (title_ink, h) = text::lines_ink(&lines, title_style, title_x, -0.5);
    ink.extend(title_ink);
    card.raw(h.max(14.0) + 2.0, ink);
    let stride: Vec<&str> = f.stride.iter().map(|x| x.label()).collect();
    card.line(f.id.as_str(), CODE);
    if !stride.is_empty() {
        card.line(&format!("STRIDE: {}", stride.join(", ")), SMALL);
    }
    // Where.
    if f.path.is_empty() {
        let names: Vec<&str> = f.elements.iter().map(|id| c.element_name(id)).collect();
        let label = if names.len() == 1 { "Component" } else { "Components" };
        card.field(label, &plain([names.join(", ")]));
    } else {
        let names: Vec<&str> = f.path.iter().map(|id| c.element_name(id)).collect();
        card.field("Path", &plain([names.join(" → ")]));
    }
    if let Some(note) = super::super::content::Content::severity_note(f) {
        card.field("Severity", &plain([note]));
    }
    card.field("Why", &plain([f.why.clone()]));
    let members = c.member_lines(f);
    if !members.is_empty() {
        card.field(&format!("{} ways here", members.len()), &plain(members));
    }
    if !f.missing_controls.is_empty() {
        let items = f.missing_controls.iter().map(|id| {
            (
                format!("{} ({})", c.control_name(id), id.as_str()),
                BODY.colored(palette::severity(Severity::Critical)),
            )
        });
        card.field("Missing controls", &items.collect::<Vec<_>>());
    }
    let closing = c.closing(f);
    if !closing.is_empty() {
        card.field("Closed by one of", &plain(closing));
    }
    if !f.mitigated_by.is_empty() {
        let items = f.mitigated_by.iter().map(|m| c.mitigation_text(m));
        card.field("Mitigated by", &plain(items));
    }
    if f.status.is_open() {
        if let Some(rule) = c.rule(f) {
            card.field("Advice", &plain([rule.mitigation.clone()]));
        }
        let refs: Vec<String> = c
            .references(f)
            .iter()
            .map(|(fw, ids)| {
                let shown: Vec<String> = ids
                    .iter()
                    .map(|(id, name)| match name {
                        Some(n) => format!("{id} {n}"),
                        None => id.clone(),
                    })
                    .collect();
                format!("{fw}: {}", shown.join("; "))
            })
            .collect();
        if !refs.is_empty() {
            card.field("References", &small(refs));
        }
    }
    if let Some(t) = &f.triage {
        let mut parts = vec![t.status.label().to_owned()];
        if !t.owner.is_empty() {
            parts.push(format!("owner: {}", t.owner));
        }
        if !t.date.is_empty() {
            parts.push(format!("on {}", t.date));
        }
        let mut items = plain([parts.join(" · ")]);
        if !t.justification.is_empty() {
            items.push((t.justification.clone(), BODY));
        }
        if f.stale {
            items.push((
                "Stale: the inputs changed since this triage was given.".to_owned(),
                BODY.colored(palette::severity(Severity::High)),
            ));
        }
        card.field("Triage", &items);
    }
    card.chunks()
}

fn by_element(c: &Content<'_>, out: &mut Vec<Chunk>) {
    out.push(section("Findings by component", true));
    let groups = c.by_element();
    if groups.is_empty() {
        out.extend(para("No findings.", BODY));
        return;
    }
    let mut t = Table::new(&[
        Col::new("Component", 2.2),
        Col::new("Trust boundary", 1.6),
        Col::num("Open", 0.7),
        Col::new("Findings", 5.0),
    ]);
    for (id, fs) in groups {
        let el = c.model.elements.get(id);
        let kind = el.map_or("", |x| c.kind_name(x));
        let boundary = el.and_then(|x| c.boundary_name(x)).unwrap_or("—");
        let open = fs.iter().filter(|f| f.status == Status::Open).count();
        let mut list = Cell::default();
        for f in fs {
            let mark = if f.status.is_open() {
                capitalised(f.severity.id())
            } else {
                f.status.label().to_owned()
            };
            list = list.then(format!("{mark} · {}", f.title), SMALL.colored(status_color(f)));
        }
        t.row(vec![
            Cell::text(c.element_name(id), BODY.bold()).then(kind, SMALL),
            Cell::text(boundary, SMALL.colored(palette::TEXT)),
            Cell::text(open.to_string(), BODY),
            list,
        ]);
    }
    out.extend(t.chunks(10.0));
}

fn atlas(c: &Content<'_>, out: &mut Vec<Chunk>) {
    out.push(section("MITRE ATLAS", true));
    let matrix = c.atlas_matrix();
    let exposed: usize = matrix.iter().map(|(_, t)| t.len()).sum();
    out.extend(para(
        &format!(
            "Tactics of MITRE ATLAS v{} in kill-chain order, each with the techniques this model's open findings reference ({exposed} placements) and how many findings reference each.",
            c.cat.frameworks.atlas_version
        ),
        BODY,
    ));
    let mut t = Table::new(&[
        Col::new("Tactic", 2.0),
        Col::new("Techniques this model is exposed to", 5.5),
    ]);
    for (tactic, techniques) in matrix {
        let mut cell = Cell::default();
        if techniques.is_empty() {
            cell = cell.then("—", SMALL);
        }
        for (tech, fs) in techniques {
            cell = cell.then(
                format!(
                    "{}  {} · {}",
                    tech.id,
                    tech.name,
                    counted(fs.len(), "finding", "findings")
                ),
                SMALL.colored(palette::TEXT),
            );
        }
        let name_style = if cell.0.iter().any(|(s, _)| s != "—") {
            BODY.bold()
        } else {
            BODY.colored(palette::TEXT_WEAK)
        };
        t.row(vec![Cell::text(&tactic.name, name_style).then(&tactic.id, CODE), cell]);
    }
    out.extend(t.chunks(10.0));
}

fn coverage(c: &Content<'_>, out: &mut Vec<Chunk>) {
    let fw = &c.cat.frameworks;
    out.push(section("OWASP and MAESTRO coverage", true));
    out.extend(para(
        "Each entry with the findings of this report whose rule maps to it.",
        BODY,
    ));
    out.push(h3("OWASP Top 10 for LLM Applications 2025"));
    out.extend(coverage_table(
        &c.coverage(&fw.owasp_llm, |f| f.references.owasp_llm.clone()),
    ));
    out.push(h3("OWASP Agentic AI threats T1–T17"));
    out.extend(coverage_table(
        &c.coverage(&fw.agentic, |f| f.references.agentic.clone()),
    ));
    out.push(h3("CSA MAESTRO layers"));
    out.extend(coverage_table(&c.coverage(&fw.maestro, |f| {
        f.references.maestro.iter().map(|l| l.id().to_owned()).collect()
    })));
}

fn maestro(c: &Content<'_>, out: &mut Vec<Chunk>) {
    let m = c.maestro();
    out.push(section("MAESTRO layers", true));
    out.extend(para(
        "Each component in the CSA MAESTRO layer its kind lives in (or the one set on it), with the open findings on the layer's components. Cross-layer threats are path findings whose components lie in more than one layer.",
        BODY,
    ));
    let mut t = Table::new(&[
        Col::new("Layer", 0.7),
        Col::new("Name", 2.6),
        Col::new("Components", 4.6),
        Col::num("Open", 0.6),
    ]);
    for r in &m.rows {
        let els = if r.elements.is_empty() {
            "—".to_owned()
        } else {
            r.elements.join(", ")
        };
        let name = if r.open.is_empty() { BODY } else { BODY.bold() };
        t.row(vec![
            Cell::text(r.id, CODE.colored(palette::TEXT)),
            Cell::text(&r.name, name),
            Cell::text(els, SMALL),
            Cell::text(r.open.len().to_string(), BODY),
        ]);
    }
    out.extend(t.chunks(12.0));
    if !m.unlayered.is_empty() {
        out.extend(para(
            &format!("In no MAESTRO layer: {}.", m.unlayered.join(", ")),
            SMALL,
        ));
    }
    out.push(h3("Cross-layer threats"));
    if m.cross_layer.is_empty() {
        out.extend(para("None: no open path finding spans more than one layer.", BODY));
        return;
    }
    let mut t = Table::new(&[
        Col::new("Finding", 2.8),
        Col::new("Title", 3.6),
        Col::new("Layers", 1.4),
        Col::new("Severity", 1.0),
    ]);
    for x in &m.cross_layer {
        t.row(vec![
            Cell::text(&x.id, CODE),
            Cell::text(&x.title, BODY),
            Cell::text(x.layers.join(" · "), SMALL),
            Cell::text(x.severity.id(), SMALL.colored(palette::severity(x.severity)).bold()),
        ]);
    }
    out.extend(t.chunks(12.0));
}

fn pasta(c: &Content<'_>, out: &mut Vec<Chunk>) {
    let p = c.pasta();
    out.push(section("PASTA", true));
    out.extend(para("The seven stages of the Process for Attack Simulation and Threat Analysis over this model. Residual risk of an objective: the worst open threat on the components it depends on, capped by its impact.", BODY));
    if p.objectives.is_empty() {
        out.extend(para("No business objective is recorded yet (stage 1).", BODY));
    } else {
        let mut t = Table::new(&[
            Col::new("Business objective", 3.0),
            Col::new("Impact", 0.9),
            Col::new("Components", 3.0),
            Col::num("Open", 0.6),
            Col::new("Residual risk", 1.2),
        ]);
        for o in &p.objectives {
            let residual = match o.residual {
                Some(r) => Cell::text(r.id(), SMALL.colored(palette::severity(r)).bold()),
                None => Cell::text("none open", SMALL),
            };
            t.row(vec![
                Cell::text(&o.name, BODY),
                Cell::text(o.impact.id(), SMALL),
                Cell::text(o.elements.join(", "), SMALL),
                Cell::text(o.open.to_string(), BODY),
                residual,
            ]);
        }
        out.extend(t.chunks(12.0));
    }
    if !p.compliance.is_empty() {
        out.extend(para(&format!("Compliance needs: {}.", p.compliance.join("; ")), BODY));
    }
    let mut t = Table::new(&[Col::new("Stage", 2.2), Col::new("Has", 3.3), Col::new("Lacks", 3.3)]);
    for st in &p.stages {
        t.row(vec![
            Cell::text(format!("{} {}", st.number, st.name), BODY),
            Cell::text(st.has.join("; "), SMALL),
            Cell::text(st.lacks.join("; "), SMALL),
        ]);
    }
    out.extend(t.chunks(12.0));
}

fn checklists(c: &Content<'_>, out: &mut Vec<Chunk>) {
    out.push(section("Secure by design", true));
    out.extend(para(
        "Published guidance item by item, from the control states in this model: met where every component its controls apply to has one in place (in place / places), open where none has. Items no control can show say why.",
        BODY,
    ));
    for list in c.checklists() {
        out.push(h3(&list.title));
        out.extend(para(&list.source, SMALL));
        let mut t = Table::new(&[
            Col::new("Item", 3.6),
            Col::new("State", 1.4),
            Col::new("Controls, or why none", 3.8),
        ]);
        for r in &list.rows {
            let state = if r.met {
                SMALL.colored(palette::MITIGATED).bold()
            } else {
                SMALL
            };
            t.row(vec![
                Cell::text(&r.section, BODY),
                Cell::text(&r.state, state),
                Cell::text(&r.detail, SMALL),
            ]);
        }
        out.extend(t.chunks(12.0));
    }
}

fn coverage_table(rows: &[(&FrameworkItem, Vec<&Finding>)]) -> Vec<Chunk> {
    let mut t = Table::new(&[
        Col::new("Id", 1.1),
        Col::new("Name", 2.6),
        Col::num("Open", 0.6),
        Col::new("Findings", 4.2),
    ]);
    for (item, fs) in rows {
        let open = fs.iter().filter(|f| f.status.is_open()).count();
        let ids: Vec<String> = fs
            .iter()
            .map(|f| {
                if f.status.is_open() {
                    f.id.as_str().to_owned()
                } else {
                    format!("{} ({})", f.id.as_str(), f.status.label())
                }
            })
            .collect();
        let list = if ids.is_empty() {
            "—".to_owned()
        } else {
            ids.join(", ")
        };
        let name = if open > 0 { BODY.bold() } else { BODY };
        t.row(vec![
            Cell::text(&item.id, CODE.colored(palette::TEXT)),
            Cell::text(&item.name, name),
            Cell::text(open.to_string(), BODY),
            Cell::text(list, CODE),
        ]);
    }
    t.chunks(12.0)
}

fn state_style(label: &str) -> Style {
    match label {
        "missing" => SMALL.colored(palette::severity(Severity::Critical)).bold(),
        "rejected" => SMALL.colored(palette::severity(Severity::High)).bold(),
        "implemented" => SMALL.colored(palette::MITIGATED).bold(),
        "required" => SMALL.colored(palette::TEXT).bold(),
        _ => SMALL,
    }
}

fn checklist(c: &Content<'_>, out: &mut Vec<Chunk>) {
    out.push(section("Controls checklist", true));
    out.extend(para(
        "For each component, the controls that apply to it and where each stands. Missing: not set, and named by an open finding on the component.",
        BODY,
    ));
    let mut t = Table::new(&[
        Col::new("Control", 5.0),
        Col::new("State", 1.4),
        Col::num("Open findings", 1.2),
    ]);
    for (_, el, rows) in c.checklist() {
        let boundary = c.boundary_name(el).map(|b| format!(" · {b}")).unwrap_or_default();
        t.group(Cell::text(&el.name, BODY.bold()).then(format!("{}{boundary}", c.kind_name(el)), SMALL));
        if rows.is_empty() {
            t.row(vec![Cell::text("No controls apply to this kind.", SMALL)]);
            continue;
        }
        for r in rows {
            let label = r.label();
            let wanted = if r.wanted_by > 0 {
                r.wanted_by.to_string()
            } else {
                String::new()
            };
            t.row(vec![
                Cell::text(c.control_name(r.id), BODY),
                Cell::text(label, state_style(label)),
                Cell::text(wanted, BODY),
            ]);
        }
    }
    out.extend(t.chunks(10.0));
}

fn flows(c: &Content<'_>, out: &mut Vec<Chunk>) {
    out.push(section("Data flows", false));
    let mut t = Table::new(&[
        Col::new("From → to", 3.0),
        Col::new("Flow", 2.0),
        Col::new("Data", 2.2),
        Col::new("Protocol", 1.1),
        Col::new("Protection", 1.8),
    ]);
    for (_, f) in c.flows_in_order() {
        let data = c.data_names(f);
        let arrow = arrow(f);
        let warn = SMALL.colored(palette::severity(Severity::High)).bold();
        let mut protection = Cell::default();
        for (fact, bad) in c.protection(f) {
            protection = protection.then(fact, if bad { warn } else { SMALL });
        }
        t.row(vec![
            Cell::text(
                format!("{} {arrow} {}", c.element_name(&f.from), c.element_name(&f.to)),
                BODY.bold(),
            ),
            Cell::text(&f.label, BODY),
            Cell::text(data.join(", "), SMALL.colored(palette::TEXT)),
            Cell::text(&f.protocol, SMALL.colored(palette::TEXT)),
            protection,
        ]);
    }
    if t.is_empty() {
        out.extend(para("The model has no data flows.", SMALL));
    } else {
        out.extend(t.chunks(10.0));
    }
}

fn notes(c: &Content<'_>, out: &mut Vec<Chunk>) {
    out.push(section("Decisions and assumptions", false));
    for (kind, title) in c.note_kinds() {
        out.push(h3(title));
        let notes = c.notes(kind);
        if notes.is_empty() {
            out.extend(para("None recorded.", SMALL));
        }
        for n in notes {
            let mut extra = Vec::new();
            let about = c.note_about(n);
            if !about.is_empty() {
                extra.push(format!("About: {}", about.join(", ")));
            }
            let who = crate::lens::workshop::owner_and_due(n);
            if !who.is_empty() {
                extra.push(format!("Owner: {who}"));
            }
            let gap = if extra.is_empty() { 6.0 } else { 1.0 };
            let mut chunks = para_at(&format!("• {}", n.text), BODY, 0.0, gap);
            for (i, line) in extra.iter().enumerate() {
                chunks.extend(para_at(line, SMALL, 8.0, if i + 1 == extra.len() { 6.0 } else { 1.0 }));
            }
            out.extend(chunks);
        }
    }
}

fn sessions(c: &Content<'_>, out: &mut Vec<Chunk>) {
    let sessions = c.sessions();
    if sessions.is_empty() {
        return;
    }
    out.push(section("Sessions", false));
    for sum in &sessions {
        out.push(sub(&sum.heading(), H3, true));
        for line in sum.people().iter().chain(&sum.facts()) {
            out.extend(para_at(&format!("• {line}"), BODY, 0.0, 3.0));
        }
    }
}

fn rule_errors(c: &Content<'_>, out: &mut Vec<Chunk>) {
    if c.eval.errors.is_empty() {
        return;
    }
    out.push(section("Rule errors", false));
    out.extend(para(
        "These rules failed, so findings may be missing from this report.",
        BODY,
    ));
    for e in &c.eval.errors {
        out.extend(para(&e.to_string(), CODE.colored(palette::TEXT)));
    }
}
