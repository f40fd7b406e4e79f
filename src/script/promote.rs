//! A threat a person wrote, turned into a rule script to start from: when the same threat
//! applies to every component of a kind, the rule editor opens with this text, so the check
//! runs on every model rather than being written again by hand.

use crate::model::{Model, Severity, ThreatTarget, USER_PREFIX, UserThreat};

/// A rhai rule prefilled from `t` (id `CUSTOM-<n>` for `USER-<n>`; rule ids never start with
/// `USER-`): its statement, severity, STRIDE and linked controls, flagging every component of
/// the kind the threat is about that lacks one of those controls.
pub fn rule_from_threat(model: &Model, id: &str, t: &UserThreat) -> String {
    let n = id.strip_prefix(USER_PREFIX).unwrap_or(id);
    let (likelihood, impact) = match t.severity {
        Severity::Critical => ("High", "High"),
        Severity::High => ("Medium", "High"),
        Severity::Medium => ("Medium", "Medium"),
        Severity::Low => ("Low", "Medium"),
    };
    let list = |items: Vec<String>| items.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", ");
    let mitigation = if t.mitigated.is_empty() {
        "Implement the linked controls.".to_owned()
    } else {
        t.mitigated.clone()
    };
    let mut s = format!(
        "// Promoted from the threat {id} written in {:?}. Check the selection below: it should name\n\
         // every component this threat applies to, in any model.\n\n\
         let rule = #{{\n    id: {},\n    title: {},\n    description: {},\n    mitigation: {},\n    \
         controls: [{}],\n    likelihood: \"{likelihood}\",\n    impact: \"{impact}\",\n    stride: [{}],\n}};\n\n",
        model.name,
        quote(&format!("CUSTOM-{n}")),
        quote(&t.statement),
        quote(&t.sentence()),
        quote(&mitigation),
        list(t.controls.iter().map(|c| c.to_string()).collect()),
        list(t.stride.iter().map(|s| format!("{s:?}")).collect()),
    );
    let kind = match &t.on {
        ThreatTarget::Element(e) => model.elements.get(e).map(|el| el.kind.to_string()),
        ThreatTarget::Flow(f) => model
            .flows
            .get(f)
            .and_then(|fl| model.elements.get(&fl.to))
            .map(|el| el.kind.to_string()),
        ThreatTarget::Model | ThreatTarget::Boundary(_) => None,
    };
    let missing = if t.controls.is_empty() {
        "true".to_owned()
    } else {
        t.controls
            .iter()
            .map(|c| format!("!e.has_control({})", quote(c.as_str())))
            .collect::<Vec<_>>()
            .join(" || ")
    };
    let select = match kind {
        Some(k) => format!("model.elements_of_kind({})", quote(&k)),
        None => "model.elements()".to_owned(),
    };
    s.push_str(&format!(
        "for e in {select} {{\n    if {missing} {{\n        finding(e, e.name + {});\n    }}\n}}\n",
        quote(&format!(": {}", t.statement))
    ));
    s
}

/// A rhai string literal.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Catalog, SourceFile};
    use crate::model::{ControlState, Element};
    use std::sync::Arc;

    #[test]
    fn a_promoted_threat_compiles_and_flags_every_component_of_its_kind_lacking_its_controls() {
        let (cat, _) = Catalog::builtin();
        let mut m = Model::new("shop");
        m.elements
            .insert("a".into(), Element::new("vector-db", "Orders \"index\""));
        let mut b = Element::new("vector-db", "Catalog index");
        b.controls
            .insert("encryption-at-rest".into(), ControlState::Implemented);
        m.elements.insert("b".into(), b);
        m.elements.insert("c".into(), Element::new("llm-api", "Model"));
        let mut t = UserThreat::new(
            "A \"stale\" index keeps deleted records",
            ThreatTarget::Element("a".into()),
        );
        t.controls = vec!["encryption-at-rest".into()];
        t.severity = Severity::High;
        let text = rule_from_threat(&m, "USER-7", &t);
        let file = SourceFile {
            rel: "promoted.rhai".into(),
            display: "promoted.rhai".into(),
            text: text.into(),
        };
        let p = crate::engine::preview(&cat, &file, Arc::new(m));
        assert!(p.errors.is_empty(), "{:?}\n{}", p.errors, file.text);
        let anchors: Vec<&str> = p.findings.iter().map(|f| f.anchor.as_str()).collect();
        assert_eq!(anchors, ["a"], "{}", file.text);
        assert_eq!(p.findings[0].rule.as_str(), "CUSTOM-7");
        assert_eq!(
            p.findings[0].base_severity,
            Severity::High,
            "the written severity is the rule's base"
        );
    }
}
