//! The catalog: component kinds, questions, controls, data classes, threat rules and the
//! framework registry, loaded from `libraries/` (compiled in) and user folders on top.
//!
//! It holds content only; it does not evaluate rules (that is `engine`) and knows nothing of the
//! UI.

mod answer;
mod check;
mod component;
mod control;
mod error;
mod framework;
mod load;
mod model_rules;
mod rule;
mod signature;
mod source;

pub use answer::{Answer, AnswerSource, Drawn, IMPLIED_YES, drawing_reason, drawn_at};
pub use check::{ModelIssue, check_model};
pub use component::{
    AnswerType, Category, ComponentKind, ComponentsFile, DfdType, FlowDefaults, ImpliedBy, MaestroLayer, Protection,
    Question, SeverityInput, Trait, indefinite_article,
};
pub use control::{Control, DataClass};
pub use error::{LibraryError, Location, Shadowed};
pub use framework::{FrameworkItem, FrameworkList, Frameworks, is_cwe_id};
pub use load::{LoadReport, builtin_sources, load_layers, load_layers_with, read_dir_sources, rule_errors};
pub use model_rules::{MODEL_RULES_DIR, ModelRules};
pub use rule::{ControlSet, Level, PathSpec, References, Role, Rule, Scope, Selector, Severity, Stride, search_form};
pub use signature::{Signature, is_rule_file};
pub use source::{MAX_FILE_BYTES, SourceFile, line_of, parse_ron, ron_options};

use crate::model::{ControlId, DataClassId, KindId, PropKey, RuleId};
use std::collections::BTreeMap;
use std::path::Path;

/// Everything the libraries define.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Palette categories, by id order.
    pub categories: Vec<Category>,
    /// Traits kinds may have.
    pub traits: Vec<Trait>,
    /// Questions, by key.
    pub questions: BTreeMap<PropKey, Question>,
    /// Component kinds, by id.
    pub kinds: BTreeMap<KindId, ComponentKind>,
    /// Kind ids in palette order (as written in the library).
    pub kind_order: Vec<KindId>,
    /// Controls, by id.
    pub controls: BTreeMap<ControlId, Control>,
    /// Data classes, by id.
    pub data_classes: BTreeMap<DataClassId, DataClass>,
    /// Threat rules, sorted by id. Shared with the engine's compiled rules rather than copied:
    /// a rule is about 1.6 KB before its texts, and there are hundreds (issue 15).
    pub rules: Vec<std::sync::Arc<Rule>>,
    /// Where each rule is defined.
    pub rule_locations: BTreeMap<RuleId, Location>,
    /// rhai rule scripts (compiled by the engine).
    pub scripts: Vec<SourceFile>,
    /// The framework registry.
    pub frameworks: Frameworks,
}

impl Catalog {
    /// How trait `id` reads in explanations (its id when the library gives it no name).
    pub fn trait_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.traits.iter().find(|t| t.id == id).map_or(id, Trait::label)
    }

    /// The shipped library alone.
    pub fn builtin() -> (Catalog, LoadReport) {
        load_layers(&[builtin_sources()])
    }

    /// The shipped library with each folder in `user_dirs` layered on top, later ones winning.
    pub fn with_user_dirs(user_dirs: &[&Path]) -> (Catalog, LoadReport) {
        Self::with_dirs(user_dirs, None)
    }

    /// As [`Catalog::with_user_dirs`], then a model's own rules folder (`bulwark-rules/`) on
    /// top. The model's folder may add rules but not replace any (see [`load_layers_with`]).
    pub fn with_dirs(user_dirs: &[&Path], model_dir: Option<&Path>) -> (Catalog, LoadReport) {
        let user: Vec<_> = user_dirs.iter().map(|d| read_dir_sources(d)).collect();
        let model = model_dir.map(read_dir_sources);
        Self::from_folders(&user, model.as_ref())
    }

    /// As [`Catalog::with_dirs`] from folders already read (with their read errors).
    pub fn from_folders(
        user: &[(Vec<SourceFile>, Vec<LibraryError>)],
        model: Option<&(Vec<SourceFile>, Vec<LibraryError>)>,
    ) -> (Catalog, LoadReport) {
        let mut layers = vec![builtin_sources()];
        let mut io_errors = Vec::new();
        for (files, errs) in user.iter().chain(model) {
            layers.push(files.clone());
            io_errors.extend(errs.iter().cloned());
        }
        let additive_from = if model.is_some() { layers.len() - 1 } else { usize::MAX };
        let (cat, mut report) = load_layers_with(&layers, additive_from);
        report.errors.extend(io_errors);
        (cat, report)
    }

    /// The kinds a selector's static part admits (kinds, categories, traits, DFD types); every
    /// kind when it sets none of them.
    pub fn kinds_matching(&self, s: &Selector) -> std::collections::BTreeSet<KindId> {
        self.kinds
            .values()
            .filter(|k| s.admits_kind(k))
            .map(|k| k.id.clone())
            .collect()
    }

    /// A kind by id.
    pub fn kind(&self, id: &KindId) -> Option<&ComponentKind> {
        self.kinds.get(id)
    }

    /// A control by id.
    pub fn control(&self, id: &ControlId) -> Option<&Control> {
        self.controls.get(id)
    }

    /// Kinds in palette order.
    pub fn kinds_in_order(&self) -> impl Iterator<Item = &ComponentKind> {
        self.kind_order.iter().filter_map(|id| self.kinds.get(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shipped library file loads with no error; the message lists each one with
    /// file:line so a content author can fix them all in one go.
    #[test]
    fn builtin_library_loads_without_errors() {
        let (cat, report) = Catalog::builtin();
        let errors: Vec<String> = report.errors.iter().map(|e| e.to_string()).collect();
        assert!(
            errors.is_empty(),
            "{} library errors:\n{}",
            errors.len(),
            errors.join("\n")
        );
        assert!(report.shadowed.is_empty());
        assert!(!cat.kinds.is_empty());
    }

    #[test]
    fn builtin_catalog_has_the_promised_breadth() {
        let (cat, _) = Catalog::builtin();
        let ai = cat.kinds.values().filter(|k| k.category != "classic").count();
        assert!(cat.kinds.len() >= 40, "{} kinds", cat.kinds.len());
        assert!(ai >= 28, "{ai} AI/ML kinds");
        assert!(cat.controls.len() >= 40, "{} controls", cat.controls.len());
    }

    #[test]
    fn framework_registry_matches_the_reference_counts() {
        let (cat, _) = Catalog::builtin();
        let f = &cat.frameworks;
        assert_eq!(f.atlas_version, "5.6.0");
        assert_eq!(f.atlas_tactics.len(), 16);
        assert_eq!(f.atlas_techniques.len(), 170);
        assert_eq!(f.atlas_mitigations.len(), 35);
        assert_eq!(f.owasp_llm.len(), 10);
        assert_eq!(f.agentic.len(), 17);
        assert_eq!(f.maestro.len(), 7);
        assert!(f.find(FrameworkList::AtlasTechnique, "AML.T0051.001").is_some());
        assert!(
            f.find(FrameworkList::AtlasTechnique, "AML.T0009").is_none(),
            "T0009 does not exist in ATLAS"
        );
    }

    fn user_layer(rel: &str, text: &str) -> Vec<SourceFile> {
        vec![SourceFile {
            rel: rel.into(),
            display: format!("user/{rel}"),
            text: text.to_owned().into(),
        }]
    }

    #[test]
    fn a_rule_with_an_unknown_control_or_bad_atlas_id_is_reported_with_its_line() {
        let text = r#"[
    (
        id: "X-001",
        title: "t", description: "d", mitigation: "m",
        scope: Element,
        controls: ["no-such-control"],
        likelihood: Low, impact: Low,
        references: (atlas: ["AML.T9999"]),
    ),
]"#;
        let (cat, report) = load_layers(&[builtin_sources(), user_layer("threats/x.ron", text)]);
        assert!(
            cat.rules.iter().all(|r| r.id.as_str() != "X-001"),
            "the bad rule is left out"
        );
        let msgs: Vec<String> = report.errors.iter().map(|e| e.to_string()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("user/threats/x.ron:3") && m.contains("no-such-control")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("AML.T9999") && m.contains("ATLAS")),
            "{msgs:?}"
        );
    }

    /// A control's `gated_ways` selector is checked like its `evidenced_by`: one naming a
    /// kind the catalog lacks is reported and dropped, the control kept (issue 12).
    #[test]
    fn a_control_with_a_bad_gated_ways_selector_keeps_the_control_without_it() {
        let text = r#"[
    (
        id: "x-approval", name: "n", description: "d", area: "agent",
        gated_ways: (operations: [Invoke], from: (kinds: ["no-such-kind"])),
    ),
    (
        id: "y-approval", name: "n", description: "d", area: "agent",
        gated_ways: (operations: [Invoke], returned: false),
    ),
]"#;
        let (cat, report) = load_layers(&[builtin_sources(), user_layer("controls.ron", text)]);
        let msgs: Vec<String> = report.errors.iter().map(|e| e.to_string()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("x-approval") && m.contains("no-such-kind")),
            "{msgs:?}"
        );
        let x = cat.controls.get(&crate::model::ControlId::new("x-approval"));
        assert!(x.is_some_and(|c| c.gated_ways.is_none()), "{x:?}");
        let y = cat.controls.get(&crate::model::ControlId::new("y-approval"));
        assert!(y.is_some_and(|c| c.gated_ways.is_some()), "{y:?}");
    }

    /// A family id is a plain slug, so one family is never two by spelling (issue 12).
    #[test]
    fn a_rule_with_a_malformed_family_id_is_rejected_and_a_slug_is_accepted() {
        let rule = |id: &str, family: &str| {
            format!(
                r#"(id: "{id}", title: "t", description: "d", mitigation: "m", scope: Element, family: "{family}", likelihood: Low, impact: Low),"#
            )
        };
        let text = format!(
            "[\n{}\n{}\n{}\n]",
            rule("F-1", "Prompt Injection"),
            rule("F-2", ""),
            rule("F-3", "prompt-injection-2")
        );
        let (cat, report) = load_layers(&[builtin_sources(), user_layer("threats/f.ron", &text)]);
        let msgs: Vec<String> = report.errors.iter().map(|e| e.to_string()).collect();
        for id in ["F-1", "F-2"] {
            assert!(cat.rules.iter().all(|r| r.id.as_str() != id), "{id} is left out");
            assert!(
                msgs.iter().any(|m| m.contains(id) && m.contains("family")),
                "{id}: {msgs:?}"
            );
        }
        let ok = cat.rules.iter().find(|r| r.id.as_str() == "F-3");
        assert_eq!(ok.and_then(|r| r.family.as_deref()), Some("prompt-injection-2"));
    }

    #[test]
    fn a_duplicate_id_in_one_layer_is_an_error_and_across_layers_an_override() {
        let rule = |id: &str| {
            format!(
                r#"(id: "{id}", title: "t", description: "d", mitigation: "m", scope: Element, likelihood: Low, impact: Low),"#
            )
        };
        let dup = format!("[\n{}\n{}\n]", rule("U-1"), rule("U-1"));
        let (_, report) = load_layers(&[builtin_sources(), user_layer("threats/u.ron", &dup)]);
        assert!(
            report
                .errors
                .iter()
                .any(|e| matches!(e, LibraryError::Duplicate { id, .. } if id == "U-1"))
        );

        let (cat, _) = Catalog::builtin();
        if let Some(first) = cat.rules.first() {
            let over = format!("[\n{}\n]", rule(first.id.as_str()));
            let (cat2, report) = load_layers(&[builtin_sources(), user_layer("threats/o.ron", &over)]);
            assert!(report.errors.is_empty(), "{:?}", report.errors);
            assert_eq!(report.shadowed.len(), 1);
            let replaced = cat2.rules.iter().find(|r| r.id == first.id).map(|r| r.title.clone());
            assert_eq!(replaced.as_deref(), Some("t"));
        }
    }

    /// A model handed to you cannot silence a shipped rule by redefining its id or its script.
    #[test]
    fn a_models_own_rules_may_add_but_not_replace() {
        let (base, _) = Catalog::builtin();
        let first = base.rules.first().map(|r| r.id.0.clone()).unwrap_or_default();
        let script = base.scripts.first().map(|s| s.rel.clone()).unwrap_or_default();
        let rule = |id: &str| {
            format!(
                r#"[(id: "{id}", title: "t", description: "d", mitigation: "m", scope: Element, likelihood: Low, impact: Low)]"#
            )
        };
        let model_layer = vec![
            SourceFile {
                rel: "over.ron".into(),
                display: "m/over.ron".into(),
                text: rule(&first).into(),
            },
            SourceFile {
                rel: "new.ron".into(),
                display: "m/new.ron".into(),
                text: rule("M-NEW").into(),
            },
            SourceFile {
                rel: script.clone(),
                display: format!("m/{script}"),
                text: "let rule = 1;".into(),
            },
        ];
        let (cat, report) = load_layers_with(&[builtin_sources(), model_layer], 1);
        let original = base.rules.iter().find(|r| r.id.0 == first).map(|r| r.title.clone());
        let kept = cat.rules.iter().find(|r| r.id.0 == first).map(|r| r.title.clone());
        assert_eq!(kept, original, "the shipped rule stays");
        assert!(
            cat.rules.iter().any(|r| r.id.as_str() == "M-NEW"),
            "new rules are added"
        );
        let kept_script = cat.scripts.iter().find(|s| s.rel == script).map(|s| s.display.clone());
        assert_eq!(kept_script, Some(format!("libraries/{script}")));
        assert_eq!(report.errors.len(), 2, "{:?}", report.errors);
        assert!(report.shadowed.is_empty());
    }

    #[test]
    fn a_syntax_error_names_file_line_and_column() {
        let (_, report) = load_layers(&[
            builtin_sources(),
            user_layer("controls.ron", "[\n  (id: \"x\",\n  name: 3,\n)]"),
        ]);
        let msg = report.errors.first().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.starts_with("user/controls.ron:3:"), "{msg}");
    }
}
