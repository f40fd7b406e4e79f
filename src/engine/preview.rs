//! One rule file on its own, before it is saved: compile it against the catalog and run it on a
//! model, so an editor can show its errors at their lines and the findings it would produce.
//! It runs in the same sandbox and with the same limits as every other rule.

use super::evaluate::Engine;
use super::finding::Finding;
use crate::catalog::{Catalog, LibraryError, Location, Rule, SourceFile, rule_errors};
use crate::model::{Model, RuleId};
use crate::script::{RuleError, RuleErrorKind};
use std::sync::Arc;

/// What one rule file would do to a model.
#[derive(Debug, Clone, Default)]
pub struct Preview {
    /// The rules the file defines that compiled.
    pub rules: Vec<RuleId>,
    /// Its findings on the model (all statuses), sorted by id.
    pub findings: Vec<Arc<Finding>>,
    /// Everything wrong with it, each with file:line, sorted by line.
    pub errors: Vec<RuleError>,
}

/// Compiles `file` (a rhai script, or a RON list of rules) alone against `base` — its kinds,
/// controls and frameworks, none of its rules — and evaluates it on `model`.
pub fn preview(base: &Catalog, file: &SourceFile, model: Arc<Model>) -> Preview {
    let mut cat = base.clone();
    cat.rules.clear();
    cat.rule_locations.clear();
    cat.scripts.clear();
    let mut errors = Vec::new();
    if file.rel.ends_with(".rhai") {
        cat.scripts.push(file.clone());
    } else {
        match file.parse::<Vec<Rule>>() {
            Ok(list) => {
                for r in list {
                    let loc = file.at(file.line_of_id(r.id.as_str()));
                    let errs = rule_errors(&cat, &r, &loc);
                    if errs.is_empty() {
                        cat.rule_locations.insert(r.id.clone(), loc);
                        cat.rules.push(Arc::new(r));
                    } else {
                        errors.extend(errs.iter().map(from_library));
                    }
                }
            }
            Err(e) => errors.push(from_library(&e)),
        }
    }
    let engine = Engine::new(Arc::new(cat));
    errors.extend(engine.errors().iter().cloned());
    let eval = engine.evaluate(model, 0);
    errors.extend(eval.errors);
    errors.sort_by_key(|e| (e.line, e.column));
    errors.dedup();
    Preview {
        rules: engine.rules().map(|r| r.id.clone()).collect(),
        // Only the rule's own: threats people wrote in the model are not the rule's doing.
        findings: eval
            .findings
            .into_iter()
            .filter(|f| !crate::model::is_user_id(f.rule.as_str()))
            .collect(),
        errors,
    }
}

fn from_library(e: &LibraryError) -> RuleError {
    let Location { path, line, column } = e.location().clone();
    let kind = match e {
        LibraryError::Parse { .. } => RuleErrorKind::Syntax,
        _ => RuleErrorKind::Metadata,
    };
    // The message without the location prefix, which the fields carry.
    let text = e.to_string();
    let message = text
        .strip_prefix(&format!("{}: ", e.location()))
        .unwrap_or(&text)
        .to_owned();
    RuleError {
        path,
        line,
        column,
        rule: None,
        kind,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Element, ElementId, KindId};

    fn model_with(kinds: &[(&str, &str)]) -> Arc<Model> {
        let mut m = Model::new("t");
        for (id, kind) in kinds {
            m.elements
                .insert(ElementId::new(*id), Element::new(KindId::new(*kind), id.to_string()));
        }
        Arc::new(m)
    }

    fn script(text: &str) -> SourceFile {
        SourceFile {
            rel: "mine.rhai".into(),
            display: "/rules/mine.rhai".into(),
            text: text.to_owned().into(),
        }
    }

    const META: &str = r#"let rule = #{ id: "MINE-1", title: "Mine", description: "d", mitigation: "m",
    likelihood: "Low", impact: "Low", controls: ["encryption-at-rest"] };
"#;

    #[test]
    fn a_script_finds_only_what_it_says_and_no_built_in_rule_runs() {
        let (cat, _) = Catalog::builtin();
        let text = format!("{META}for e in model.elements_of_kind(\"vector-db\") {{ finding(e, \"x\"); }}");
        let p = preview(&cat, &script(&text), model_with(&[("v1", "vector-db"), ("l1", "llm")]));
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.rules, [RuleId::new("MINE-1")]);
        let anchors: Vec<&str> = p.findings.iter().map(|f| f.anchor.as_str()).collect();
        assert_eq!(anchors, ["v1"]);
    }

    #[test]
    fn a_syntax_error_is_reported_at_its_line() {
        let (cat, _) = Catalog::builtin();
        let text = format!("{META}\nfor e in model.elements() {{\n  if e.kind == {{ \n}}");
        let p = preview(&cat, &script(&text), model_with(&[]));
        let e = p.errors.first().expect("an error");
        assert_eq!(e.path, "/rules/mine.rhai");
        assert!(e.line >= 4, "{e}");
        assert!(p.findings.is_empty());
    }

    #[test]
    fn a_ron_rule_with_an_unknown_control_names_its_line() {
        let (cat, _) = Catalog::builtin();
        let file = SourceFile {
            rel: "mine.ron".into(),
            display: "mine.ron".into(),
            text: "[\n (\n  id: \"M-1\", title: \"t\", description: \"d\", mitigation: \"m\",\n  scope: Element,\n  controls: [\"nope\"], likelihood: Low, impact: Low),\n]".into(),
        };
        let p = preview(&cat, &file, model_with(&[]));
        let e = p.errors.first().expect("an error");
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("nope"), "{e}");
        assert!(!e.message.starts_with("mine.ron"), "{e}");
    }
}
