//! The closing sections of the HTML report: the controls checklist (each component's controls
//! and their state), the decisions and assumptions, and any rule errors.

use super::content::Content;
use super::escape::xml as e;
use crate::model::Note;

/// Per component, the controls its kind offers and any others set on it, with their state.
pub fn checklist(c: &Content<'_>) -> String {
    let mut s = String::from(
        "<section class=\"sheet\" id=\"controls\">\n<h2>Controls checklist</h2>\n<p>For each component, the controls that apply to it and where each stands. <b>Missing</b>: not set, and named by an open finding on the component.</p>\n<div class=\"checklist\">\n",
    );
    for (id, el, rows) in c.checklist() {
        let boundary = c.boundary_name(el).map(|b| format!(" · {}", e(b))).unwrap_or_default();
        s.push_str(&format!(
            "<div class=\"element-controls\" id=\"controls-{}\"><h4>{} <small>{}{boundary}</small></h4>",
            e(id.as_str()),
            e(&el.name),
            e(c.kind_name(el))
        ));
        if rows.is_empty() {
            s.push_str("<p class=\"muted small\">No controls apply to this kind.</p></div>\n");
            continue;
        }
        s.push_str("<ul>");
        for r in rows {
            let label = r.label();
            s.push_str(&format!(
                "<li><span>{}</span><span class=\"state state-{}\">{label}</span></li>",
                e(c.control_name(r.id)),
                label.replace(' ', "-")
            ));
        }
        s.push_str("</ul></div>\n");
    }
    s.push_str("</div>\n</section>\n");
    s
}

/// Decisions and assumptions, each with the components it concerns.
pub fn notes(c: &Content<'_>) -> String {
    let mut s = String::from(
        "<section class=\"sheet\" id=\"notes\">\n<h2>Decisions and assumptions</h2>\n<div class=\"notes\">\n",
    );
    for (kind, title) in c.note_kinds() {
        s.push_str(&format!("<div><h3>{title}</h3>\n"));
        let notes = c.notes(kind);
        if notes.is_empty() {
            s.push_str("<p class=\"muted\">None recorded.</p>\n");
        } else {
            s.push_str("<ul>\n");
            for n in notes {
                s.push_str(&note(c, n));
            }
            s.push_str("</ul>\n");
        }
        s.push_str("</div>\n");
    }
    s.push_str("</div>\n</section>\n");
    s
}

fn note(c: &Content<'_>, n: &Note) -> String {
    let about: Vec<String> = c.note_about(n).iter().map(|a| e(a)).collect();
    let about = if about.is_empty() {
        String::new()
    } else {
        format!("<br><span class=\"about\">About: {}</span>", about.join(", "))
    };
    let who = crate::lens::workshop::owner_and_due(n);
    let who = if who.is_empty() {
        String::new()
    } else {
        format!("<br><span class=\"about\">Owner: {}</span>", e(&who))
    };
    format!("<li>{}{about}{who}</li>\n", e(&n.text))
}

/// Workshop sessions held on the model: who, when, how long per question, what was captured
/// and what stays open (absent when no session was held).
pub fn sessions(c: &Content<'_>) -> String {
    let sessions = c.sessions();
    if sessions.is_empty() {
        return String::new();
    }
    let mut s = String::from("<section class=\"sheet\" id=\"sessions\">\n<h2>Sessions</h2>\n");
    for sum in &sessions {
        s.push_str(&format!("<h3>{}</h3>\n<ul>\n", e(&sum.heading())));
        for line in sum.people().iter().chain(&sum.facts()) {
            s.push_str(&format!("<li>{}</li>\n", e(line)));
        }
        s.push_str("</ul>\n");
    }
    s.push_str("</section>\n");
    s
}

/// Rules that failed, so a reader knows the report may be incomplete.
pub fn rule_errors(c: &Content<'_>) -> String {
    if c.eval.errors.is_empty() {
        return String::new();
    }
    let items: Vec<String> = c
        .eval
        .errors
        .iter()
        .map(|err| format!("<li><code>{}</code></li>", e(&err.to_string())))
        .collect();
    format!(
        "<section class=\"sheet\" id=\"rule-errors\">\n<h2>Rule errors</h2>\n<p>These rules failed, so findings may be missing from this report.</p>\n<ul>{}</ul>\n</section>\n",
        items.join("")
    )
}
