//! Rules in the desktop app, driven headless with egui_kittest: the rule editor with its
//! preview, hot reload of rule files changed from outside, and the question before a model's
//! own rules run. Waits are bounded; nothing asserts on speed beyond the two seconds issue 6
//! promises for hot reload.

use bulwark::app::settings::Settings;
use bulwark::app::{App, DialogAnswer, FileDialog, Startup};
use bulwark::model::{ControlId, ControlState, Element, ElementId, KindId, Model, Pos};
use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A file dialog that opens the files queued in it, then answers "cancelled".
#[derive(Clone, Default)]
struct NoDialog(std::sync::Arc<std::sync::Mutex<Vec<PathBuf>>>);

impl FileDialog for NoDialog {
    fn pick_open(&mut self, _dir: Option<&Path>) -> DialogAnswer {
        self.0
            .lock()
            .unwrap()
            .pop()
            .map_or(DialogAnswer::Cancelled, DialogAnswer::Picked)
    }
    fn pick_save(&mut self, _dir: Option<&Path>, _file_name: &str) -> DialogAnswer {
        DialogAnswer::Cancelled
    }
}

fn app_harness(file: Option<PathBuf>, rules_dir: Option<PathBuf>) -> Harness<'static, App> {
    app_harness_with(NoDialog::default(), file, rules_dir)
}

fn app_harness_with(dialog: NoDialog, file: Option<PathBuf>, rules_dir: Option<PathBuf>) -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .with_max_steps(200)
        .build_eframe(move |cc| {
            App::with_startup(
                cc,
                Startup {
                    dialog: Box::new(dialog),
                    data_dir: None,
                    settings: Settings::default(),
                    file,
                    rules_dir,
                },
            )
        });
    settle(&mut h);
    h
}

fn settle(h: &mut Harness<'static, App>) {
    h.run();
    h.state_mut().wait_for_evaluation();
    h.run();
}

/// Steps the app (which polls the rule watcher) until `done` holds or `limit` passes; returns
/// how long it took, or `None`.
fn until(h: &mut Harness<'static, App>, limit: Duration, done: impl Fn(&App) -> bool) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < limit {
        h.step();
        h.state_mut().wait_for_evaluation();
        if done(h.state()) {
            return Some(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

fn has_rule(app: &App, rule: &str) -> bool {
    app.findings().iter().any(|f| f.rule.as_str() == rule)
}

/// The RAG example plus a second vector database that does have encryption at rest, saved in
/// `dir`. Returns the file and the ids of the unencrypted and the encrypted index.
fn rag_with_two_indexes(dir: &Path) -> (PathBuf, ElementId, ElementId) {
    let text = std::fs::read_to_string(crate::util::root().join("assets/examples/rag-assistant.bulwark.ron")).unwrap();
    let mut m: Model = bulwark::model::from_str(&text, "rag").unwrap();
    let plain = m
        .elements
        .iter()
        .find(|(_, e)| e.kind.as_str() == "vector-db")
        .map(|(id, _)| id.clone())
        .unwrap();
    let mut enc = Element::new(KindId::new("vector-db"), "Encrypted index");
    enc.controls
        .insert(ControlId::new("encryption-at-rest"), ControlState::Implemented);
    let enc_id = m.fresh_element_id("Encrypted index");
    m.elements.insert(enc_id.clone(), enc);
    m.layout.elements.insert(enc_id.clone(), Pos::new(900.0, 900.0));
    let path = dir.join("rag.bulwark.ron");
    bulwark::model::save(&m, &path).unwrap();
    (path, plain, enc_id)
}

const VECTOR_RULE: &str = r#"let rule = #{
    id: "ORG-VDB-ENC",
    title: "Vector database without encryption at rest",
    description: "Embeddings can be inverted back into the text they came from.",
    mitigation: "Encrypt the index with a KMS key.",
    likelihood: "Medium",
    impact: "High",
};
for e in model.elements_of_kind("vector-db") {
    if !e.has_control("encryption-at-rest") {
        finding(e, `${e.name} is not encrypted at rest`);
    }
}
"#;

/// Issue 6, "done means": open the editor, type a rule that flags every vector database
/// without encryption at rest, see the preview list the right components, save it, and see
/// its findings in the findings panel.
#[test]
fn a_rule_typed_in_the_editor_previews_then_saves_into_the_findings() {
    let dir = tempfile::tempdir().unwrap();
    let (model, plain, enc) = rag_with_two_indexes(dir.path());
    let rules_dir = dir.path().join("user-rules");
    let mut h = app_harness(Some(model), Some(rules_dir.clone()));
    assert!(!has_rule(h.state(), "ORG-VDB-ENC"));

    h.get_by_label("View").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "Rule editor")
        .click();
    h.run();
    assert!(h.state().session().panels.rule_editor, "the editor opened");
    // The template is there and compiles.
    h.state_mut().wait_for_rule_preview();
    let p = h.state().rule_editor().preview().cloned().unwrap();
    assert!(p.errors.is_empty(), "the template compiles: {:?}", p.errors);

    let source = h.get_by_label("Rule source");
    source.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_label("Rule source").type_text(VECTOR_RULE);
    h.run();
    assert_eq!(h.state().rule_editor().text(), VECTOR_RULE, "typed into the editor");

    h.state_mut().wait_for_rule_preview();
    h.run();
    let p = h.state().rule_editor().preview().cloned().unwrap();
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let flagged: Vec<&ElementId> = p.findings.iter().map(|f| &f.anchor).collect();
    assert_eq!(flagged, [&plain], "only the unencrypted index");
    assert!(
        h.state().session().rule_preview.elements.contains(&plain),
        "highlighted on the canvas"
    );
    assert!(!h.state().session().rule_preview.elements.contains(&enc));
    let name = h.state().model().elements[&plain].name.clone();
    // Clicking the row zooms the canvas to the component.
    let zoom_before = h.state().session().canvas.zoom();
    h.get_by_label(&format!("{name} — Vector database without encryption at rest"))
        .click();
    h.run();
    h.run();
    assert!(h.state().session().canvas.zoom() > zoom_before, "zoomed in on {name}");
    assert!(!has_rule(h.state(), "ORG-VDB-ENC"), "not applied before it is saved");

    let file_name = h.get_by_label("Rule file name");
    file_name.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Rule file name").type_text("vector-encryption.rhai");
    h.run();
    h.get_by_label("Save rule").click();
    h.run();
    let saved = rules_dir.join("vector-encryption.rhai");
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), VECTOR_RULE);

    let took = until(&mut h, Duration::from_secs(10), |app| has_rule(app, "ORG-VDB-ENC"));
    assert!(took.is_some(), "the saved rule's findings arrive");
    let ours: Vec<&ElementId> = h
        .state()
        .findings()
        .iter()
        .filter(|f| f.rule.as_str() == "ORG-VDB-ENC")
        .map(|f| &f.anchor)
        .collect();
    assert_eq!(ours, [&plain]);
    // Close the editor; the findings panel lists the new finding.
    h.get_by_label("View").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "Rule editor")
        .click();
    settle(&mut h);
    assert!(
        h.state().session().rule_preview.elements.is_empty(),
        "no preview highlight once closed"
    );
    // The findings list only builds the rows in view; filter it down as a person would.
    h.state_mut().session_mut().findings_filter = "ORG-VDB".to_owned();
    settle(&mut h);
    h.get_by_label(&format!("Vector database without encryption at rest — {name}"));
}

fn rule_flagging(kind: &str, id: &str) -> String {
    format!(
        r#"let rule = #{{ id: "{id}", title: "Flagged {kind}", description: "d", mitigation: "m", likelihood: "Low", impact: "Low" }};
for e in model.elements_of_kind("{kind}") {{ finding(e, "x"); }}
"#
    )
}

/// Issue 6: a rule file changed by another editor while the app runs changes the findings
/// within two seconds; a rule that stops compiling shows its error and the other rules'
/// findings stay.
#[test]
fn rule_files_changed_on_disk_are_reloaded_within_two_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    let a = rules.join("a.rhai");
    std::fs::write(&a, rule_flagging("vector-db", "HOT-A")).unwrap();
    std::fs::write(rules.join("b.rhai"), rule_flagging("llm-api", "HOT-B")).unwrap();
    let mut h = app_harness(None, Some(rules.clone()));
    assert!(
        has_rule(h.state(), "HOT-A") && has_rule(h.state(), "HOT-B"),
        "loaded at start"
    );

    // The file is open in the rule editor, unedited, while another editor rewrites it.
    let ctx = h.ctx.clone();
    h.state_mut().apply_command(&ctx, bulwark::app::AppCommand::RuleEditor);
    h.run();
    h.get_by_label("a.rhai").click();
    h.run();
    assert!(h.state().rule_editor().text().contains("HOT-A\""));
    std::fs::write(&a, rule_flagging("vector-db", "HOT-A2")).unwrap();
    let took = until(&mut h, Duration::from_secs(2), |app| {
        has_rule(app, "HOT-A2") && !has_rule(app, "HOT-A")
    });
    assert!(
        took.is_some(),
        "the edited rule's findings replace the old ones within 2 s"
    );
    eprintln!("rule edit picked up after {took:?}");
    assert!(
        h.state().rule_editor().text().contains("HOT-A2"),
        "the editor shows the file as it is now"
    );

    // Breaking a.rhai: its error shows with file:line, b.rhai's findings stay.
    std::fs::write(&a, "let rule = #{ id: \"HOT-A3\" ;\nfor e in {").unwrap();
    let took = until(&mut h, Duration::from_secs(2), |app| !has_rule(app, "HOT-A2"));
    assert!(took.is_some(), "the broken rule is out within 2 s");
    assert!(has_rule(h.state(), "HOT-B"), "the other rule's findings stay");
    let errors = h.state().rule_errors();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("a.rhai:") && e.contains("syntax error")),
        "{errors:?}"
    );
    // A new file dropped into the folder is picked up too.
    std::fs::write(rules.join("c.rhai"), rule_flagging("embedding-model", "HOT-C")).unwrap();
    let took = until(&mut h, Duration::from_secs(2), |app| has_rule(app, "HOT-C"));
    assert!(took.is_some(), "a new rule file is picked up within 2 s");
}

fn model_with_own_rules(dir: &Path, rule_id: &str) -> PathBuf {
    let model = dir.join("rag.bulwark.ron");
    std::fs::copy(
        crate::util::root().join("assets/examples/rag-assistant.bulwark.ron"),
        &model,
    )
    .unwrap();
    let own = dir.join("bulwark-rules");
    std::fs::create_dir(&own).unwrap();
    std::fs::write(own.join("own.rhai"), rule_flagging("vector-db", rule_id)).unwrap();
    model
}

/// Issue 6, trust: a model that brings its own rules says so when opened — how many, from
/// where — and they run only after "Run them".
#[test]
fn a_models_own_rules_run_only_after_the_person_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let model = model_with_own_rules(dir.path(), "OWN-1");
    let dialog = NoDialog::default();
    let mut h = app_harness_with(dialog.clone(), Some(model.clone()), None);
    let question = h.state().dialog_text().unwrap_or_default();
    assert!(question.contains("1 rule in 1 file from"), "{question}");
    assert!(question.contains("bulwark-rules"), "{question}");
    assert!(!has_rule(h.state(), "OWN-1"), "nothing runs before the answer");

    h.get_by_label("Run them").click();
    h.run();
    let took = until(&mut h, Duration::from_secs(10), |app| has_rule(app, "OWN-1"));
    assert!(took.is_some(), "the model's rule runs once agreed");
    assert!(h.state().model_rules_run());

    // Another model, then this one again: the answer holds for the session, no new question.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    settle(&mut h);
    assert!(!h.state().model_rules_run(), "a new model has no own rules");
    dialog.0.lock().unwrap().push(model);
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    settle(&mut h);
    assert_eq!(h.state().dialog_text(), None, "not asked twice");
    assert!(h.state().model_rules_run());
    let took = until(&mut h, Duration::from_secs(10), |app| has_rule(app, "OWN-1"));
    assert!(took.is_some(), "and its rules run again");
}

#[test]
fn dont_run_keeps_a_models_own_rules_out() {
    let dir = tempfile::tempdir().unwrap();
    let model = model_with_own_rules(dir.path(), "OWN-2");
    let mut h = app_harness(Some(model), None);
    h.get_by_label("Don't run").click();
    settle(&mut h);
    assert!(h.state().dialog_text().is_none());
    assert!(!h.state().model_rules_run());
    assert!(!has_rule(h.state(), "OWN-2"));
    // Looking at the file in the editor does not run it either.
    let ctx = h.ctx.clone();
    h.state_mut().apply_command(&ctx, bulwark::app::AppCommand::RuleEditor);
    h.run();
    h.get_by_label("own.rhai").click();
    h.run();
    assert!(h.state().rule_editor().text().contains("OWN-2"), "the file is shown");
    h.get_by_label_contains("Not previewed");
    h.state_mut().wait_for_rule_preview();
    assert!(h.state().rule_editor().preview().is_none());

    // The status bar says so, and clicking it asks again.
    h.get_by_label("▢ model's own rules: not running").click();
    h.run();
    assert!(
        h.state()
            .dialog_text()
            .is_some_and(|t| t.starts_with("Run this model's rules?"))
    );
    h.get_by_label("Run them").click();
    h.run();
    let took = until(&mut h, Duration::from_secs(10), |app| has_rule(app, "OWN-2"));
    assert!(took.is_some(), "runs after changing the answer");
    h.get_by_label("▣ model's own rules: running");
}

/// Ctrl+S while typing a rule saves the rule, not the model.
#[test]
fn ctrl_s_in_the_rule_text_saves_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let (model, _, _) = rag_with_two_indexes(dir.path());
    let before = std::fs::read_to_string(&model).unwrap();
    let rules_dir = dir.path().join("user-rules");
    let mut h = app_harness(Some(model.clone()), Some(rules_dir.clone()));
    let ctx = h.ctx.clone();
    h.state_mut().apply_command(&ctx, bulwark::app::AppCommand::RuleEditor);
    h.run();
    h.get_by_label("Rule source").focus();
    h.run();
    h.get_by_label("Rule source").type_text("// mine\n");
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let saved = std::fs::read_to_string(rules_dir.join("my-rule.rhai")).unwrap();
    assert!(saved.contains("// mine"), "the rule was saved");
    assert_eq!(std::fs::read_to_string(&model).unwrap(), before, "the model was not");
    assert!(!model.with_extension("ron.bak").exists());
}

/// Help → Rule API shows the reference from `libraries/README.md`.
#[test]
fn help_rule_api_shows_the_reference() {
    let mut h = app_harness(None, None);
    assert!(h.query_by_label("The sandbox").is_none());
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("Rule API").click();
    h.run();
    h.get_by_label("The sandbox");
    h.get_by_label("Where rules come from");
}
