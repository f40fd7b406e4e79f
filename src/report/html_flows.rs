//! The data flows section of the HTML report: every flow with its endpoints, the data it
//! carries, the protocol and its security properties, so a label the diagram had no room for
//! is still in the report.

use super::content::{Content, arrow};
use super::escape::xml as e;

/// The data flows table.
pub fn flows(c: &Content<'_>) -> String {
    let mut s = String::from(
        "<section class=\"sheet\" id=\"flows\">\n<h2>Data flows</h2>\n<table><thead><tr><th>From → to</th><th>Flow</th><th>Data</th><th>Protocol</th><th>Protection</th></tr></thead><tbody>\n",
    );
    for (_, f) in c.flows_in_order() {
        let data: Vec<String> = c.data_names(f).into_iter().map(e).collect();
        let protection: Vec<String> = c
            .protection(f)
            .into_iter()
            .map(|(t, warn)| if warn { format!("<b>{t}</b>") } else { t.to_owned() })
            .collect();
        let arrow = arrow(f);
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
