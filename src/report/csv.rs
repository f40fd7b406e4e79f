//! Findings as CSV, one row per finding, ready to import into a tracker. RFC 4180: every field
//! quoted, quotes doubled, CRLF line ends. A cell a spreadsheet would run as a formula (one
//! starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe.

use super::content::{Content, ReportInput, ReportOptions};
use crate::engine::Finding;

/// The column headers.
pub const HEADER: [&str; 17] = [
    "id",
    "title",
    "severity",
    "status",
    "rule",
    "elements",
    "why",
    "missing controls",
    "advice",
    "references",
    "justification",
    "owner",
    "decided by",
    "decided on",
    "review by",
    "flags",
    "stale",
];

/// What an auditor would question about a finding's decision.
fn flags(f: &Finding) -> Vec<&'static str> {
    let mut v = Vec::new();
    if f.review_due {
        v.push("review due");
    }
    if f.triage.as_ref().is_some_and(|t| !t.is_justified()) {
        v.push(super::content::NO_JUSTIFICATION);
    }
    v
}

/// The CSV document: open findings worst first, then mitigated ones when asked for, then every
/// decision of the risk register.
pub fn csv(input: &ReportInput<'_>, opts: ReportOptions) -> String {
    let c = Content::new(input, opts);
    let mut out = row(HEADER.iter().map(|h| (*h).to_owned()));
    for f in c.shown() {
        out.push_str(&row(cells(&c, f).into_iter()));
    }
    out
}

fn cells(c: &Content<'_>, f: &Finding) -> Vec<String> {
    let elements: Vec<&str> = f.elements.iter().map(|id| c.element_name(id)).collect();
    let missing: Vec<&str> = f.missing_controls.iter().map(|id| c.control_name(id)).collect();
    let refs: Vec<String> = c
        .references(f)
        .into_iter()
        .flat_map(|(_, ids)| ids.into_iter().map(|(id, _)| id))
        .collect();
    let triage = f.triage.as_ref();
    vec![
        f.id.to_string(),
        f.title.to_string(),
        f.severity.id().to_owned(),
        f.status.id().to_owned(),
        f.rule.to_string(),
        elements.join("; "),
        f.why.clone(),
        missing.join("; "),
        c.rule(f).map(|r| r.mitigation.clone()).unwrap_or_default(),
        refs.join("; "),
        triage.map(|t| t.justification.clone()).unwrap_or_default(),
        triage.map(|t| t.owner.clone()).unwrap_or_default(),
        triage.map(|t| t.decided_by.clone()).unwrap_or_default(),
        triage.map(|t| t.date.clone()).unwrap_or_default(),
        triage.map(|t| t.review_by.clone()).unwrap_or_default(),
        flags(f).join("; "),
        if f.stale { "yes".to_owned() } else { String::new() },
    ]
}

fn row(cells: impl Iterator<Item = String>) -> String {
    let quoted: Vec<String> = cells.map(|c| cell(&c)).collect();
    format!("{}\r\n", quoted.join(","))
}

/// One quoted cell, neutralised if a spreadsheet would take it for a formula.
pub fn cell(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let text = if risky { format!("'{s}") } else { s.to_owned() };
    format!("\"{}\"", text.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(cell("plain"), "\"plain\"");
        assert_eq!(cell("say \"hi\", ok"), "\"say \"\"hi\"\", ok\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for risky in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(cell(risky).starts_with("\"'"), "{risky:?}");
        }
        assert_eq!(cell("a=b"), "\"a=b\"");
    }
}
