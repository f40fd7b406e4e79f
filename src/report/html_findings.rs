//! The findings sections of the HTML report: every shown finding as a card (why, missing
//! controls, advice, references, triage), grouped by severity; then an index by component.

use super::chart::capitalised;
use super::content::{Content, NO_JUSTIFICATION};
use super::escape::xml as e;
use crate::engine::{Finding, Status};

/// Open findings by severity, then closed ones when the report includes them.
pub fn by_severity(c: &Content<'_>) -> String {
    let mut s = String::from("<section class=\"sheet\" id=\"findings\">\n<h2>Findings</h2>\n");
    if c.open.is_empty() {
        s.push_str("<p>No open findings.</p>\n");
    }
    for (sev, fs) in &c.open {
        s.push_str(&format!(
            "<h3 id=\"sev-{id}\"><span class=\"sev sev-{id}\">{}</span> {} open</h3>\n",
            capitalised(sev.id()),
            fs.len(),
            id = sev.id()
        ));
        for f in fs {
            s.push_str(&card(c, f));
        }
    }
    if !c.closed.is_empty() {
        s.push_str(&format!(
            "<h3 id=\"closed\">Mitigated findings <span class=\"muted small\">{}</span></h3>\n",
            c.closed.len()
        ));
        for f in &c.closed {
            s.push_str(&card(c, f));
        }
    } else if !c.opts.include_closed {
        let mitigated = c.eval.findings.iter().filter(|f| f.status == Status::Mitigated).count();
        if mitigated > 0 {
            s.push_str(&format!(
                "<p class=\"muted\">{mitigated} mitigated findings are left out of this report; every decision is in the risk register.</p>\n"
            ));
        }
    }
    s.push_str("</section>\n");
    s
}

/// The risk register: every decision a person took about a finding, always in the report.
pub fn risk_register(c: &Content<'_>) -> String {
    let mut s = String::from("<section class=\"sheet\" id=\"register\">\n<h2>Risk register</h2>\n");
    if c.decisions.is_empty() {
        s.push_str("<p>No finding has been accepted, transferred or marked not applicable.</p>\n</section>\n");
        return s;
    }
    s.push_str(
        "<table class=\"register\"><thead><tr><th>Finding</th><th>Severity</th><th>Decision</th><th>Justification</th>\
         <th>Decided by</th><th>On</th><th>Review by</th><th>Owner</th></tr></thead>\n<tbody>\n",
    );
    for f in &c.decisions {
        let d = Content::decision(f);
        let why = d
            .justification
            .as_deref()
            .map_or_else(|| format!("<strong class=\"flag\">{NO_JUSTIFICATION}</strong>"), e);
        let verdict = if f.review_due {
            format!("<strong class=\"flag\">{}</strong>", e(&d.verdict))
        } else {
            e(&d.verdict)
        };
        s.push_str(&format!(
            "<tr><td>{} <code>{}</code></td><td><span class=\"sev sev-{sev}\">{}</span></td><td>{verdict}</td><td>{why}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            e(&f.title),
            e(f.id.as_str()),
            capitalised(f.severity.id()),
            e(&d.decided_by),
            e(&d.date),
            e(&d.review_by),
            e(&d.owner),
            sev = f.severity.id(),
        ));
    }
    s.push_str("</tbody></table>\n</section>\n");
    s
}

/// One finding.
fn card(c: &Content<'_>, f: &Finding) -> String {
    let closed = if f.status.is_open() { "" } else { " closed" };
    let mut s = format!(
        "<article class=\"finding {}{closed}\" id=\"f-{}\">\n<header><span class=\"sev sev-{}\">{}</span><h4>{}</h4><span class=\"status status-{}\">{}</span></header>\n",
        f.severity.id(),
        e(f.id.as_str()),
        f.severity.id(),
        capitalised(f.severity.id()),
        e(&f.title),
        f.status.id(),
        f.status.label()
    );
    let stride: Vec<&str> = f.stride.iter().map(|x| x.label()).collect();
    s.push_str(&format!("<p class=\"fid\"><code>{}</code>", e(f.id.as_str())));
    if !stride.is_empty() {
        s.push_str(&format!(" · STRIDE: {}", stride.join(", ")));
    }
    s.push_str("</p>\n<dl>\n");
    s.push_str(&where_row(c, f));
    if let Some(note) = Content::severity_note(f) {
        s.push_str(&format!("<dt>Severity</dt><dd>{}</dd>\n", e(&note)));
    }
    s.push_str(&format!("<dt>Why</dt><dd>{}</dd>\n", e(&f.why)));
    let members = c.member_lines(f);
    if !members.is_empty() {
        let items: Vec<String> = members.iter().map(|l| format!("<li>{}</li>", e(l))).collect();
        s.push_str(&format!(
            "<dt>{} ways here</dt><dd><ul>{}</ul></dd>\n",
            members.len(),
            items.join("")
        ));
    }
    if !f.missing_controls.is_empty() {
        let items: Vec<String> = f
            .missing_controls
            .iter()
            .map(|id| format!("<li>{} <code>{}</code></li>", e(c.control_name(id)), e(id.as_str())))
            .collect();
        s.push_str(&format!(
            "<dt>Missing controls</dt><dd><ul class=\"chips missing\">{}</ul></dd>\n",
            items.join("")
        ));
    }
    let closing = c.closing(f);
    if !closing.is_empty() {
        let items: Vec<String> = closing.iter().map(|l| format!("<li>{}</li>", e(l))).collect();
        s.push_str(&format!(
            "<dt>Closed by one of</dt><dd><ul>{}</ul></dd>\n",
            items.join("")
        ));
    }
    if !f.mitigated_by.is_empty() {
        let items: Vec<String> = f
            .mitigated_by
            .iter()
            .map(|m| format!("<li>{}</li>", e(&c.mitigation_text(m))))
            .collect();
        s.push_str(&format!(
            "<dt>Mitigated by</dt><dd><ul class=\"chips\">{}</ul></dd>\n",
            items.join("")
        ));
    }
    // A closed finding needs no advice, and its references are in the coverage tables.
    let refs = if f.status.is_open() {
        c.references(f)
    } else {
        Vec::new()
    };
    if let Some(rule) = c.rule(f).filter(|_| f.status.is_open()) {
        s.push_str(&format!("<dt>Advice</dt><dd>{}</dd>\n", e(&rule.mitigation)));
    }
    if !refs.is_empty() {
        let items: Vec<String> = refs
            .iter()
            .map(|(fw, ids)| {
                let shown: Vec<String> = ids
                    .iter()
                    .map(|(id, name)| match name {
                        Some(n) => format!("<code>{}</code> {}", e(id), e(n)),
                        None => format!("<code>{}</code>", e(id)),
                    })
                    .collect();
                format!("<li><b>{fw}:</b> {}</li>", shown.join("; "))
            })
            .collect();
        s.push_str(&format!(
            "<dt>References</dt><dd><ul class=\"refs\">{}</ul></dd>\n",
            items.join("")
        ));
    }
    if let Some(t) = &f.triage {
        let mut parts = vec![format!("<b>{}</b>", e(t.status.label()))];
        if !t.owner.is_empty() {
            parts.push(format!("owner: {}", e(&t.owner)));
        }
        if !t.date.is_empty() {
            parts.push(format!("on {}", e(&t.date)));
        }
        s.push_str(&format!("<dt>Triage</dt><dd>{}", parts.join(" · ")));
        if !t.justification.is_empty() {
            s.push_str(&format!("<br>{}", e(&t.justification)));
        }
        if f.stale {
            s.push_str("<br><span class=\"stale\">Stale: the inputs changed since this triage was given.</span>");
        }
        s.push_str("</dd>\n");
    }
    s.push_str("</dl>\n</article>\n");
    s
}

/// Where the finding is: the path for path findings, else the elements.
fn where_row(c: &Content<'_>, f: &Finding) -> String {
    if !f.path.is_empty() {
        let names: Vec<String> = f.path.iter().map(|id| e(c.element_name(id))).collect();
        return format!("<dt>Path</dt><dd>{}</dd>\n", names.join(" → "));
    }
    let names: Vec<String> = f.elements.iter().map(|id| e(c.element_name(id))).collect();
    let label = if f.elements.len() == 1 {
        "Component"
    } else {
        "Components"
    };
    format!("<dt>{label}</dt><dd>{}</dd>\n", names.join(", "))
}

/// Open questions: facts a rule needs that nobody answered, grouped by fact.
pub fn questions(c: &Content<'_>) -> String {
    let groups = super::question_groups(c.model, c.eval);
    if groups.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        "<section class=\"sheet\" id=\"questions\">\n<h2>Open questions</h2>\n<p>Facts nobody answered that a rule needs; each answer raises a finding or settles it.</p>\n<ul>\n",
    );
    for g in &groups {
        let flows: Vec<String> = g.flows.iter().map(|f| format!("<li>{}</li>", e(&f.label))).collect();
        s.push_str(&format!(
            "<li><strong>{}</strong><ul>{}</ul></li>\n",
            e(&g.headline()),
            flows.join("")
        ));
    }
    s.push_str("</ul>\n</section>\n");
    s
}

/// Each component with the findings shown on it.
pub fn by_element(c: &Content<'_>) -> String {
    let mut s = String::from("<section class=\"sheet\" id=\"by-element\">\n<h2>Findings by component</h2>\n");
    let groups = c.by_element();
    if groups.is_empty() {
        s.push_str("<p>No findings.</p>\n</section>\n");
        return s;
    }
    s.push_str("<table><thead><tr><th>Component</th><th>Trust boundary</th><th class=\"num\">Open</th><th>Findings</th></tr></thead><tbody>\n");
    for (id, fs) in groups {
        let el = c.model.elements.get(id);
        let kind = el.map_or("", |x| c.kind_name(x));
        let boundary = el.and_then(|x| c.boundary_name(x)).unwrap_or("—");
        let open = fs.iter().filter(|f| f.status == Status::Open).count();
        let links: Vec<String> = fs
            .iter()
            .map(|f| {
                let mark = if f.status.is_open() {
                    format!(
                        "<span class=\"sev sev-{}\">{}</span>",
                        f.severity.id(),
                        capitalised(f.severity.id())
                    )
                } else {
                    format!(
                        "<span class=\"status status-{}\">{}</span>",
                        f.status.id(),
                        f.status.label()
                    )
                };
                format!("<a href=\"#f-{}\">{mark} {}</a>", e(f.id.as_str()), e(&f.title))
            })
            .collect();
        s.push_str(&format!(
            "<tr id=\"el-{}\"><td><b>{}</b><br><span class=\"muted small\">{}</span></td><td>{}</td><td class=\"num\">{open}</td><td><div class=\"links\" style=\"flex-direction:column\">{}</div></td></tr>\n",
            e(id.as_str()),
            e(c.element_name(id)),
            e(kind),
            e(boundary),
            links.join("")
        ));
    }
    s.push_str("</tbody></table>\n</section>\n");
    s
}
