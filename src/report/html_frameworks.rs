//! The framework sections of the HTML report: the MITRE ATLAS matrix (tactics as columns, the
//! techniques this model's open findings reference highlighted under them) and coverage tables
//! for the OWASP LLM Top 10 2025, the OWASP Agentic threats T1–T17 and the MAESTRO layers.

use super::content::Content;
use super::escape::xml as e;
use crate::catalog::FrameworkItem;
use crate::engine::Finding;

/// The ATLAS tactic matrix.
pub fn atlas(c: &Content<'_>) -> String {
    let matrix = c.atlas_matrix();
    let exposed: usize = matrix.iter().map(|(_, t)| t.len()).sum();
    let mut s = format!(
        "<section class=\"sheet\" id=\"atlas\">\n<h2>MITRE ATLAS</h2>\n<p>Tactics of MITRE ATLAS v{} in kill-chain order. Highlighted: the {exposed} technique placements this model's open findings reference, with how many findings reference each.</p>\n<div class=\"atlas\">\n",
        e(&c.cat.frameworks.atlas_version)
    );
    for (tactic, techniques) in matrix {
        let empty = if techniques.is_empty() { " empty" } else { "" };
        s.push_str(&format!(
            "<div class=\"tactic{empty}\"><h4>{}<small>{}</small></h4><ul>",
            e(&tactic.name),
            e(&tactic.id)
        ));
        for (t, fs) in techniques {
            s.push_str(&format!(
                "<li class=\"technique\" title=\"{}\"><code>{}</code>{} <span class=\"n\">· {} finding{}</span></li>",
                e(&finding_ids(&fs)),
                e(&t.id),
                e(&t.name),
                fs.len(),
                if fs.len() == 1 { "" } else { "s" }
            ));
        }
        s.push_str("</ul></div>\n");
    }
    s.push_str("</div>\n</section>\n");
    s
}

fn finding_ids(fs: &[&Finding]) -> String {
    fs.iter().map(|f| f.id.as_str()).collect::<Vec<_>>().join(", ")
}

/// OWASP LLM, OWASP Agentic and MAESTRO tables.
pub fn coverage(c: &Content<'_>) -> String {
    let fw = &c.cat.frameworks;
    let mut s = String::from(
        "<section class=\"sheet\" id=\"coverage\">\n<h2>OWASP and MAESTRO coverage</h2>\n<p>Each entry with the findings of this report whose rule maps to it.</p>\n",
    );
    s.push_str("<h3>OWASP Top 10 for LLM Applications 2025</h3>\n");
    s.push_str(&table(&c.coverage(&fw.owasp_llm, |f| f.references.owasp_llm.clone())));
    s.push_str("<h3>OWASP Agentic AI threats T1–T17</h3>\n");
    s.push_str(&table(&c.coverage(&fw.agentic, |f| f.references.agentic.clone())));
    s.push_str("<h3>CSA MAESTRO layers</h3>\n");
    s.push_str(&table(&c.coverage(&fw.maestro, |f| {
        f.references.maestro.iter().map(|l| l.id().to_owned()).collect()
    })));
    s.push_str("</section>\n");
    s
}

fn table(rows: &[(&FrameworkItem, Vec<&Finding>)]) -> String {
    let mut s = String::from(
        "<table><thead><tr><th style=\"width:110px\">Id</th><th style=\"width:32%\">Name</th><th class=\"num\">Open</th><th>Findings</th></tr></thead><tbody>\n",
    );
    for (item, fs) in rows {
        let open = fs.iter().filter(|f| f.status.is_open()).count();
        let class = if open > 0 {
            "hit"
        } else if fs.is_empty() {
            "none"
        } else {
            ""
        };
        let links: Vec<String> = fs
            .iter()
            .map(|f| {
                let label = if f.status.is_open() {
                    e(f.id.as_str())
                } else {
                    format!("{} ({})", e(f.id.as_str()), f.status.label())
                };
                format!("<a href=\"#f-{}\">{label}</a>", e(f.id.as_str()))
            })
            .collect();
        let cell = if links.is_empty() {
            "—".to_owned()
        } else {
            format!("<div class=\"links small\">{}</div>", links.join(""))
        };
        s.push_str(&format!(
            "<tr class=\"{class}\"><td><code>{}</code></td><td>{}</td><td class=\"num\">{open}</td><td>{cell}</td></tr>\n",
            e(&item.id),
            e(&item.name)
        ));
    }
    s.push_str("</tbody></table>\n");
    s
}

/// The MAESTRO layer view: each layer's elements and open findings, then the cross-layer
/// threats on their own, as the method asks.
pub fn maestro(c: &Content<'_>) -> String {
    let m = c.maestro();
    let mut s = String::from(
        "<section class=\"sheet\" id=\"maestro\">\n<h2>MAESTRO layers</h2>\n<p>Each component in the CSA MAESTRO layer its kind lives in (or the one set on it), with the open findings shown on the layer's components. Cross-layer threats are path findings whose components lie in more than one layer.</p>\n<table><thead><tr><th style=\"width:44px\">Layer</th><th style=\"width:24%\">Name</th><th>Components</th><th class=\"num\">Open</th></tr></thead><tbody>\n",
    );
    for r in &m.rows {
        let class = if r.open.is_empty() { "" } else { " class=\"hit\"" };
        let els = if r.elements.is_empty() {
            "—".to_owned()
        } else {
            e(&r.elements.join(", "))
        };
        s.push_str(&format!(
            "<tr{class}><td><code>{}</code></td><td>{}</td><td>{els}</td><td class=\"num\">{}</td></tr>\n",
            r.id,
            e(&r.name),
            r.open.len()
        ));
    }
    s.push_str("</tbody></table>\n");
    if !m.unlayered.is_empty() {
        s.push_str(&format!(
            "<p class=\"small\">In no MAESTRO layer: {}.</p>\n",
            e(&m.unlayered.join(", "))
        ));
    }
    s.push_str("<h3>Cross-layer threats</h3>\n");
    if m.cross_layer.is_empty() {
        s.push_str("<p>None: no open path finding spans more than one layer.</p>\n");
    } else {
        s.push_str(
            "<table><thead><tr><th>Finding</th><th>Title</th><th>Layers</th><th>Severity</th></tr></thead><tbody>\n",
        );
        for x in &m.cross_layer {
            s.push_str(&format!(
                "<tr><td><a href=\"#f-{id}\"><code>{id}</code></a></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                e(&x.title),
                x.layers.join(" · "),
                x.severity.id(),
                id = e(&x.id),
            ));
        }
        s.push_str("</tbody></table>\n");
    }
    s.push_str("</section>\n");
    s
}

/// Secure-by-design and compliance checklists against the model's controls.
pub fn checklists(c: &Content<'_>) -> String {
    let mut s = String::from(
        "<section class=\"sheet\" id=\"secure-by-design\">\n<h2>Secure by design</h2>\n<p>Published guidance item by item, from the control states in this model: met where every component its controls apply to has one in place (in place / places), open where none has. Items no control can show say why.</p>\n",
    );
    for list in c.checklists() {
        s.push_str(&format!(
            "<h3>{}</h3>\n<p class=\"small\">{}</p>\n<table><thead><tr><th style=\"width:40%\">Item</th><th style=\"width:16%\">State</th><th>Controls, or why none</th></tr></thead><tbody>\n",
            e(&list.title),
            e(&list.source)
        ));
        for r in &list.rows {
            let class = if r.met { " class=\"hit\"" } else { "" };
            s.push_str(&format!(
                "<tr{class}><td>{}</td><td>{}</td><td class=\"small\">{}</td></tr>\n",
                e(&r.section),
                e(&r.state),
                e(&r.detail)
            ));
        }
        s.push_str("</tbody></table>\n");
    }
    s.push_str("</section>\n");
    s
}

/// PASTA: business objectives with their residual risk, and the seven stages.
pub fn pasta(c: &Content<'_>) -> String {
    let p = c.pasta();
    let mut s = String::from(
        "<section class=\"sheet\" id=\"pasta\">\n<h2>PASTA</h2>\n<p>The seven stages of the Process for Attack Simulation and Threat Analysis over this model. Residual risk of an objective: the worst open threat on the components it depends on, capped by its impact.</p>\n",
    );
    if p.objectives.is_empty() {
        s.push_str("<p>No business objective is recorded yet (stage 1).</p>\n");
    } else {
        s.push_str("<table><thead><tr><th>Business objective</th><th>Impact</th><th>Components</th><th class=\"num\">Open</th><th>Residual risk</th></tr></thead><tbody>\n");
        for o in &p.objectives {
            s.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=\"small\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                e(&o.name),
                o.impact.id(),
                e(&o.elements.join(", ")),
                o.open,
                o.residual.map_or("none open", |r| r.id())
            ));
        }
        s.push_str("</tbody></table>\n");
    }
    if !p.compliance.is_empty() {
        s.push_str(&format!("<p>Compliance needs: {}.</p>\n", e(&p.compliance.join("; "))));
    }
    s.push_str("<table><thead><tr><th style=\"width:26%\">Stage</th><th>Has</th><th>Lacks</th></tr></thead><tbody>\n");
    for st in &p.stages {
        s.push_str(&format!(
            "<tr><td>{} {}</td><td class=\"small\">{}</td><td class=\"small\">{}</td></tr>\n",
            st.number,
            e(st.name),
            e(&st.has.join("; ")),
            e(&st.lacks.join("; "))
        ));
    }
    s.push_str("</tbody></table>\n</section>\n");
    s
}
