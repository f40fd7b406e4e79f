//! The data flows section of the HTML report: every flow with its endpoints, the data it
//! carries, the protocol and its security properties, so a label the diagram had no room for
//! is still in the report.

use super::content::Content;
use super::escape::xml as e;

/// The data flows table.
pub fn flows(c: &Content<'_>) -> String {
    let mut s = String::from(
        "<section class=\"sheet\" id=\"flows\">\n<h2>Data flows</h2>\n<table><thead><tr><th>From → to</th><th>Flow</th><th>Data</th><th>Protocol</th><th>Protection</th></tr></thead><tbody>\n",
    );
    for (_, f) in c.flows_in_order() {
        let data: Vec<String> = f
            .data
            .iter()
            .map(|d| e(c.cat.data_classes.get(d).map_or(d.as_str(), |x| x.name.as_str())))
            .collect();
        let mut protection = vec![
            if f.encrypted {
                "encrypted"
            } else {
                "<b>not encrypted</b>"
            },
            if f.authenticated {
                "authenticated"
            } else {
                "<b>not authenticated</b>"
            },
        ];
        if c.model.crosses_boundary(f) {
            protection.push("crosses a trust boundary");
        }
        let arrow = if f.bidirectional { "↔" } else { "→" };
        s.push_str(&format!(
            "<tr><td><b>{}</b> {arrow} <b>{}</b></td><td>{}</td><td class=\"small\">{}</td><td class=\"small\">{}</td><td class=\"small\">{}</td></tr>\n",
            e(c.element_name(&f.from)),
            e(c.element_name(&f.to)),
            e(&f.label),
            data.join(", "),
            e(&f.protocol),
            protection.join("<br>")
        ));
    }
    s.push_str("</tbody></table>\n</section>\n");
    s
}
