//! The desktop app driven headless with egui_kittest: the real `App`, clicked by accessible label
//! and dragged with pointer events, asserted on the document and the findings (no pixels: the
//! test machine has no GPU). Evaluation is awaited with `App::wait_for_evaluation`, never by
//! sleeping.

use bulwark::app::{App, AppCommand, DialogAnswer, FileDialog};
use bulwark::engine::Status;
use bulwark::model::{ControlState, ElementId, FindingId, Pos};
use egui::{Key, Modifiers, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A file dialog the test answers in advance.
#[derive(Clone, Default)]
struct Answers(Arc<Mutex<VecDeque<DialogAnswer>>>);

impl Answers {
    fn push(&self, a: DialogAnswer) {
        self.0.lock().unwrap().push_back(a);
    }
    fn next(&self) -> DialogAnswer {
        self.0.lock().unwrap().pop_front().unwrap_or(DialogAnswer::Cancelled)
    }
}

impl FileDialog for Answers {
    fn pick_open(&mut self, _dir: Option<&Path>) -> DialogAnswer {
        self.next()
    }
    fn pick_save(&mut self, _dir: Option<&Path>, _file_name: &str) -> DialogAnswer {
        self.next()
    }
    fn pick_folder(&mut self, _dir: Option<&Path>) -> DialogAnswer {
        self.next()
    }
}

fn harness_with(answers: &Answers, data_dir: Option<PathBuf>) -> Harness<'static, App> {
    let dialog = answers.clone();
    let mut h = Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .with_max_steps(200)
        .build_eframe(move |cc| App::new_for_test(cc, Box::new(dialog), data_dir));
    settle(&mut h);
    h
}

fn harness(answers: &Answers) -> Harness<'static, App> {
    harness_with(answers, None)
}

/// Runs until the UI is idle, waits for the evaluation of the current revision, and draws it.
fn settle(h: &mut Harness<'static, App>) {
    h.run();
    h.state_mut().wait_for_evaluation();
    h.run();
}

fn press(h: &mut Harness<'static, App>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    settle(h);
}

/// Drags with the primary button from `from` to `to` in small steps, as a hand would.
fn drag(h: &mut Harness<'static, App>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for i in 1..=6 {
        h.hover_at(from + (to - from) * (i as f32 / 6.0));
        h.run();
    }
    h.drop_at(to);
    settle(h);
}

fn open_ids(app: &App) -> BTreeSet<FindingId> {
    app.findings()
        .iter()
        .filter(|f| f.status.is_open())
        .map(|f| f.id.clone())
        .collect()
}

fn element_named(app: &App, name: &str) -> ElementId {
    app.model()
        .elements
        .iter()
        .find(|(_, e)| e.name == name)
        .map(|(id, _)| id.clone())
        .unwrap_or_else(|| panic!("no component named {name:?}"))
}

/// Starts an empty model (Ctrl+N; the example is unchanged, so no question is asked).
fn new_model(h: &mut Harness<'static, App>) {
    press(h, Modifiers::COMMAND, Key::N);
    assert!(h.state().model().elements.is_empty());
}

/// Clicks an item on the canvas (a component, a boundary's title, a flow's label) by its
/// accessible name. Canvas items are buttons; the inspector shows the same names as text.
fn click_canvas_item(h: &mut Harness<'static, App>, label: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::Button, label)
        .click_accesskit();
    settle(h);
}

/// Shift-clicks at a screen point (adds to the selection). Pointer events, because AccessKit
/// positions of canvas items are in canvas units.
fn shift_click(h: &mut Harness<'static, App>, pos: Pos2) {
    h.hover_at(pos);
    h.run();
    h.event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::SHIFT,
        });
    }
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    settle(h);
}

/// Clicks a palette entry (by its accessible label, wherever the palette is scrolled).
fn click_palette(h: &mut Harness<'static, App>, kind_name: &str) {
    h.get_by_label(&format!("Add {kind_name}")).click_accesskit();
    settle(h);
}

#[test]
fn the_first_start_shows_the_rag_example_with_findings_and_goes_idle() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    assert_eq!(h.state().model().name, "Internal knowledge assistant (RAG)");
    assert!(!h.state().findings().is_empty());
    assert!(!h.state().is_dirty());
    // Components are real widgets, found by name.
    h.get_by_label("Assistant backend");
    // Nothing animates or polls: the UI settles within a few frames.
    let steps = h.try_run().expect("the app must go idle");
    assert!(steps < 10, "{steps} frames to settle");
}

#[test]
fn clicking_a_palette_entry_places_the_component_and_findings_appear() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    new_model(&mut h);
    assert!(h.state().findings().is_empty());

    click_palette(&mut h, "Hosted LLM API");
    let app = h.state();
    assert_eq!(app.model().elements.len(), 1);
    let (id, el) = app.model().elements.iter().next().unwrap();
    assert_eq!(el.kind.as_str(), "llm-api");
    assert!(
        app.session().selection.elements.contains(id),
        "the new component is selected"
    );
    assert!(
        !app.findings().is_empty(),
        "a hosted LLM on its own already has findings"
    );
    assert!(app.is_dirty());
}

#[test]
fn dragging_from_the_palette_places_the_component_where_it_is_dropped() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    new_model(&mut h);
    // Narrow the palette to one entry so it is on screen, then drag it onto the canvas.
    let search = h.get_by_label("Search components");
    search.focus();
    h.run();
    h.get_by_label("Search components").type_text("vector database");
    h.run();
    let from = h.get_by_label("Add Vector database / search index").rect().center();
    let canvas = h.state().session().canvas.rect_on_screen;
    let to = canvas.center() + Vec2::new(-150.0, 80.0);
    drag(&mut h, from, to);

    let app = h.state();
    assert_eq!(app.model().elements.len(), 1, "{:?}", app.message());
    let (_, pos) = app.model().layout.elements.iter().next().unwrap();
    let dropped = app.session().canvas.screen_from_canvas.inverse() * to;
    assert!(
        (pos.x - dropped.x).abs() <= 10.0 && (pos.y - dropped.y).abs() <= 10.0,
        "placed at {pos:?}, dropped at {dropped:?}"
    );
}

#[test]
fn dragging_from_a_handle_to_another_component_adds_a_flow_and_changes_the_findings() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    new_model(&mut h);
    click_palette(&mut h, "Web / mobile client");
    click_palette(&mut h, "Hosted LLM API");
    let app = h.state();
    let client = element_named(app, "Web / mobile client");
    let llm = element_named(app, "Hosted LLM API");
    let before = open_ids(app);
    let from = app.element_screen_rect(&client).unwrap().right_center();
    let to = app.element_screen_rect(&llm).unwrap().center();

    drag(&mut h, from, to);

    let app = h.state();
    let flows: Vec<_> = app.model().flows.values().collect();
    assert_eq!(flows.len(), 1, "{:?}", app.message());
    assert_eq!((&flows[0].from, &flows[0].to), (&client, &llm));
    assert_eq!(app.session().selection.flows.len(), 1, "the new flow is selected");
    assert_ne!(
        open_ids(app),
        before,
        "connecting the client to the model changes the findings"
    );
}

#[test]
fn implementing_a_missing_control_closes_the_finding_and_undo_redo_follow() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    let app = h.state();
    let f = app
        .findings()
        .iter()
        .find(|f| f.status == Status::Open && !f.missing_controls.is_empty())
        .expect("the example has open findings with missing controls")
        .clone();
    let anchor_name = app.model().elements[&f.anchor].name.clone();
    let control = f.missing_controls[0].clone();
    let state_before = app.model().elements[&f.anchor].controls.get(&control).copied();

    // Select the finding in the list (session state), then use the detail's button.
    h.state_mut().session_mut().selected_finding = Some(f.id.clone());
    h.run();
    let label = format!("Mark implemented on {anchor_name}");
    h.get_all_by_label(&label).next().unwrap().click_accesskit();
    settle(&mut h);

    let status = |app: &App| app.findings().iter().find(|x| x.id == f.id).map(|x| x.status);
    let app = h.state();
    assert_eq!(
        app.model().elements[&f.anchor].controls.get(&control),
        Some(&ControlState::Implemented)
    );
    assert_eq!(status(app), Some(Status::Mitigated), "the finding is closed");

    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        h.state().model().elements[&f.anchor].controls.get(&control).copied(),
        state_before
    );
    assert_eq!(status(h.state()), Some(Status::Open), "undo reopens it");

    press(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(status(h.state()), Some(Status::Mitigated), "redo closes it again");
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(h.state().message(), Some("Nothing to redo"));
}

#[test]
fn a_drag_of_a_component_is_one_undo_step() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    let id = element_named(h.state(), "Assistant backend");
    let before = h.state().model().layout.elements[&id];
    let rect = h.state().element_screen_rect(&id).unwrap();
    drag(&mut h, rect.center(), rect.center() + Vec2::new(0.0, 90.0));
    let after = h.state().model().layout.elements[&id];
    assert!(after.y > before.y + 50.0, "{before:?} → {after:?}");
    assert_eq!(after.x, before.x);

    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().model().layout.elements[&id], before);
    assert_eq!(h.state().message(), Some("Undid Move component"));
}

/// Issue #18: a component dragged to within a few points of another's centre line lands on it
/// (alignment guides snap), and a drag that is not near any line lands where it was dropped.
#[test]
fn a_dragged_component_snaps_to_the_centre_line_of_one_nearby() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    let id = element_named(h.state(), "Assistant backend");
    let other = element_named(h.state(), "Retriever");
    let (before, target) = {
        let layout = &h.state().model().layout.elements;
        (layout[&id], layout[&other])
    };
    assert_ne!(before.x, target.x, "the example must not already line them up");
    let rect = h.state().element_screen_rect(&id).unwrap();
    let line = h.state().element_screen_rect(&other).unwrap().center().x;
    // Five screen points to the right of the Retriever's centre line, 90 points lower.
    let to = Pos2::new(line + 5.0, rect.center().y + 90.0);
    drag(&mut h, rect.center(), to);
    let after = h.state().model().layout.elements[&id];
    assert_eq!(after.x, target.x, "snapped onto the Retriever's centre line");
    assert!(after.y > before.y + 50.0);
}

/// Issue #18: dropping a component into a boundary says so in the status bar (its findings
/// change with it), and so does taking it out.
#[test]
fn dropping_a_component_into_a_boundary_says_so() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    let chat = element_named(h.state(), "Ask-IT chat UI");
    let cloud = bulwark::model::BoundaryId::from("tb-corp-cloud");
    assert_ne!(h.state().model().elements[&chat].boundary.as_ref(), Some(&cloud));
    let r = h.state().model().layout.boundaries[&cloud];
    // Just inside the boundary's bottom-left corner.
    let inside = h.state().screen_pos(Pos::new(r.x + 110.0, r.y + r.h - 45.0));
    let from = h.state().element_screen_rect(&chat).unwrap().center();
    drag(&mut h, from, inside);
    assert_eq!(h.state().model().elements[&chat].boundary.as_ref(), Some(&cloud));
    let msg = h.state().message().unwrap_or_default().to_owned();
    assert!(
        msg.starts_with("Move Ask-IT chat UI into "),
        "the status bar says where it went: {msg}"
    );
}

#[test]
fn delete_rename_and_duplicate_from_the_keyboard() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    let id = element_named(h.state(), "Retriever");
    let flows_before = h.state().model().flows.len();
    click_canvas_item(&mut h, "Retriever");
    assert!(h.state().session().selection.elements.contains(&id));

    press(&mut h, Modifiers::NONE, Key::F2);
    h.get_by_label("Rename").type_text(" (hybrid)");
    h.key_press(Key::Enter);
    settle(&mut h);
    assert_eq!(h.state().model().elements[&id].name, "Retriever (hybrid)");

    press(&mut h, Modifiers::COMMAND, Key::D);
    let copies: Vec<_> = h
        .state()
        .model()
        .elements
        .values()
        .filter(|e| e.name.starts_with("Retriever (hybrid)"))
        .collect();
    assert_eq!(copies.len(), 2);

    click_canvas_item(&mut h, "Retriever (hybrid)");
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert!(!h.state().model().elements.contains_key(&id));
    assert!(h.state().model().flows.len() < flows_before, "its flows went with it");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().model().elements.contains_key(&id));
    assert_eq!(h.state().model().flows.len(), flows_before);
}

#[test]
fn save_and_reopen_through_the_file_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("assistant.bulwark.ron");
    let answers = Answers::default();
    let mut h = harness(&answers);
    click_palette(&mut h, "Input guardrail / prompt firewall");
    let saved_model = h.state().model().clone();

    answers.push(DialogAnswer::Picked(path.clone()));
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert!(path.exists(), "{:?}", h.state().dialog_text());
    assert_eq!(h.state().document_path(), Some(path.as_path()));
    assert!(!h.state().is_dirty());

    // An unsaved change, then Open: the app asks first; "Don't save" goes on to the dialog.
    click_palette(&mut h, "User");
    answers.push(DialogAnswer::Picked(path.clone()));
    press(&mut h, Modifiers::COMMAND, Key::O);
    assert_eq!(h.state().dialog_text().as_deref(), Some("Save changes?"));
    h.get_by_label("Don't save").click();
    settle(&mut h);
    assert_eq!(h.state().model(), &saved_model);
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().settings().recent.first(), Some(&path));
}

#[test]
fn opening_a_broken_file_shows_the_line_and_keeps_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.bulwark.ron");
    std::fs::write(
        &bad,
        "(\n    format: 1,\n    name: \"x\",\n    elements: {\n        \"el-a\": (kind: 3),\n    },\n)\n",
    )
    .unwrap();
    let answers = Answers::default();
    let mut h = harness(&answers);
    let before = h.state().model().clone();
    answers.push(DialogAnswer::Picked(bad.clone()));
    press(&mut h, Modifiers::COMMAND, Key::O);
    let text = h.state().dialog_text().expect("an error is shown");
    assert!(text.contains("broken.bulwark.ron:5:"), "{text}");
    assert_eq!(h.state().model(), &before);
    h.get_by_label("OK").click();
    settle(&mut h);
    assert_eq!(h.state().dialog_text(), None);
}

#[test]
fn the_inspector_offers_every_control_an_open_finding_on_the_component_lacks() {
    // A service kind does not usually offer the confidential-computing controls; answered as
    // running in a confidential VM, its findings name them, and they must be settable there.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tee.bulwark.ron");
    std::fs::write(
        &file,
        "(\n    format: 3,\n    name: \"tee\",\n    elements: {\n        \"el-svc\": (kind: \"service\", name: \"Enclave service\", properties: {\"confidential_computing\": true}),\n    },\n)\n",
    )
    .unwrap();
    let answers = Answers::default();
    let mut h = harness(&answers);
    answers.push(DialogAnswer::Picked(file));
    press(&mut h, Modifiers::COMMAND, Key::O);
    let id = element_named(h.state(), "Enclave service");
    assert!(
        open_ids(h.state()).contains(&FindingId::new(format!("OPS-TEE-002@{id}"))),
        "the hardware-attack finding is open"
    );
    click_canvas_item(&mut h, "Enclave service");
    for control in [
        "Physical access to hosts restricted and recorded",
        "Attestation requires patched TEE firmware",
    ] {
        assert!(
            h.query_by_label(control).is_some(),
            "the inspector lists {control:?} for the selected service"
        );
    }
}

#[test]
fn without_a_file_dialog_the_app_asks_for_a_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typed");
    let answers = Answers::default();
    let mut h = harness(&answers);
    answers.push(DialogAnswer::Unavailable);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    assert_eq!(h.state().dialog_text().as_deref(), Some("Type a path"));
    let field = h.get_by_label("File path");
    field.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("File path").type_text(&path.display().to_string());
    h.run();
    h.get_by_label("Save").click();
    settle(&mut h);
    let saved = dir.path().join("typed.bulwark.ron");
    assert!(saved.exists(), "{:?}", h.state().dialog_text());
    assert_eq!(h.state().document_path(), Some(saved.as_path()));

    // Opening without a dialog offers the recent files, one click each.
    click_palette(&mut h, "User");
    press(&mut h, Modifiers::COMMAND, Key::S);
    answers.push(DialogAnswer::Unavailable);
    press(&mut h, Modifiers::COMMAND, Key::N);
    press(&mut h, Modifiers::COMMAND, Key::O);
    assert_eq!(h.state().dialog_text().as_deref(), Some("Type a path"));
    h.get_by_label(&saved.display().to_string()).click();
    settle(&mut h);
    assert_eq!(h.state().document_path(), Some(saved.as_path()));
    assert!(h.state().model().elements.values().any(|e| e.kind.as_str() == "user"));
}

#[test]
fn unsaved_work_is_recovered_at_the_next_start() {
    let data = tempfile::tempdir().unwrap();
    let answers = Answers::default();
    let edited = {
        let mut h = harness_with(&answers, Some(data.path().to_path_buf()));
        click_palette(&mut h, "MCP server");
        h.state_mut().autosave_now();
        h.state().model().clone()
    };
    let mut h = harness_with(&answers, Some(data.path().to_path_buf()));
    assert_eq!(h.state().dialog_text().as_deref(), Some("Restore unsaved work?"));
    h.get_by_label("Restore").click();
    settle(&mut h);
    assert_eq!(h.state().model(), &edited);
    assert!(h.state().is_dirty(), "restored work is still unsaved");
}

#[test]
fn every_command_can_be_applied_without_a_panic() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    click_canvas_item(&mut h, "Assistant backend");
    for cmd in AppCommand::ALL {
        if matches!(cmd, AppCommand::Quit | AppCommand::New | AppCommand::Open) {
            continue;
        }
        let ctx = h.ctx.clone();
        h.state_mut().apply_command(&ctx, cmd);
        if cmd == AppCommand::ViewAttackPaths {
            // egui_graphs repaints every frame while the explorer is shown: draw a few frames,
            // then leave it so the app can go idle again.
            for _ in 0..5 {
                h.step();
            }
            h.state_mut().apply_command(&ctx, AppCommand::ViewDiagram);
        }
        settle(&mut h);
        // Close whatever dialog a command opened.
        h.key_press(Key::Escape);
        h.run();
    }
}

#[test]
fn showing_any_item_in_the_inspector_never_resizes_the_canvas() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    let canvas = h.state().session().canvas.rect_on_screen;
    let finding = h.state().findings()[0].id.clone();
    for label in [
        "Hosted LLM (chat completions)",
        "Trust boundary Corporate AWS account: Ask-IT VPC",
        "Flow search query → ranked chunks",
        "Assistant backend",
    ] {
        click_canvas_item(&mut h, label);
        assert_eq!(h.state().session().selection.len(), 1, "{label}");
        assert_eq!(
            h.state().session().canvas.rect_on_screen,
            canvas,
            "after selecting {label}"
        );
    }
    h.state_mut().session_mut().selected_finding = Some(finding);
    settle(&mut h);
    assert_eq!(
        h.state().session().canvas.rect_on_screen,
        canvas,
        "after selecting a finding"
    );
}

#[test]
fn copy_in_one_model_and_paste_into_another() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    click_canvas_item(&mut h, "Retriever");
    let index = element_named(h.state(), "Document index");
    let at = h.state().element_screen_rect(&index).unwrap().center();
    shift_click(&mut h, at);
    assert_eq!(h.state().session().selection.elements.len(), 2);

    // Ctrl+C reaches the app as a copy event; the fragment goes to the system clipboard.
    h.event(egui::Event::Copy);
    h.step();
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .expect("the selection is copied as text");
    assert!(copied.contains("bulwark-fragment"));
    h.run();

    new_model(&mut h);
    h.event(egui::Event::Paste(copied));
    settle(&mut h);
    let m = h.state().model();
    let mut names: Vec<&str> = m.elements.values().map(|e| e.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["Document index", "Retriever"]);
    assert_eq!(m.flows.len(), 1, "the flow between the two came along");
    assert!(m.validate().is_empty());
}

#[test]
fn find_steps_through_matches_and_selects_all() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    press(&mut h, Modifiers::COMMAND, Key::F);
    h.get_by_label("Find component").type_text("guardrail");
    h.run();
    let selected = |h: &Harness<'static, App>| -> Vec<String> {
        let app = h.state();
        app.session()
            .selection
            .elements
            .iter()
            .map(|id| app.model().elements[id].name.clone())
            .collect()
    };
    // Enter steps to one match at a time, and on to the next.
    h.key_press(Key::Enter);
    settle(&mut h);
    let first = selected(&h);
    assert_eq!(first.len(), 1, "{first:?}");
    h.key_press(Key::Enter);
    settle(&mut h);
    let second = selected(&h);
    assert_eq!(second.len(), 1, "{second:?}");
    assert_ne!(first, second, "Enter moves on to the other guardrail");
    // Shift+Enter goes back; ◀ from the first wraps to the last.
    h.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    settle(&mut h);
    assert_eq!(selected(&h), first);
    h.get_by_label("◀").click();
    settle(&mut h);
    assert_eq!(selected(&h), second, "previous from the first match wraps around");
    h.get_by_label("Select all").click();
    settle(&mut h);
    assert_eq!(selected(&h).len(), 2);
}

/// Issue #18: focus mode keeps one component's neighbourhood in colour, widens a flow step at a
/// time, follows a finding's path from the findings detail, and Escape leaves it.
#[test]
fn focus_on_a_neighbourhood_widens_and_leaves_with_escape() {
    use bulwark::app::session::{Focus, Item, Selection};
    let answers = Answers::default();
    let mut h = harness(&answers);
    let retriever = element_named(h.state(), "Retriever");
    h.state_mut().session_mut().selection = Selection::only(Item::Element(retriever.clone()));
    h.run();
    press(&mut h, Modifiers::SHIFT, Key::F);
    settle(&mut h);
    assert_eq!(
        h.state().session().focus,
        Some(Focus::Around {
            element: retriever.clone(),
            steps: 1
        }),
        "Shift+F focuses on the selected component"
    );
    assert!(
        h.query_by_label_contains("Focus: Retriever").is_some(),
        "a bar says what is in focus"
    );
    h.get_by_label("Wider").click();
    settle(&mut h);
    assert_eq!(
        h.state().session().focus,
        Some(Focus::Around {
            element: retriever.clone(),
            steps: 2
        })
    );
    // Selecting something else inside the focus keeps it.
    let llm = element_named(h.state(), "Hosted LLM (chat completions)");
    h.state_mut().session_mut().selection = Selection::only(Item::Element(llm));
    settle(&mut h);
    assert!(h.state().session().focus.is_some());
    press(&mut h, Modifiers::NONE, Key::Escape);
    settle(&mut h);
    assert_eq!(h.state().session().focus, None, "Escape leaves focus");

    // A finding's path, from the detail pane's Focus button.
    let finding = h
        .state()
        .findings()
        .iter()
        .find(|f| f.path.len() > 2)
        .map(|f| f.id.clone());
    let finding = finding.expect("the RAG example has a path finding");
    h.state_mut().session_mut().selected_finding = Some(finding.clone());
    settle(&mut h);
    h.get_by_label("Focus").click();
    settle(&mut h);
    assert_eq!(h.state().session().focus, Some(Focus::Finding(finding)));
    h.get_by_label("Leave focus").click();
    settle(&mut h);
    assert_eq!(h.state().session().focus, None);
}

#[test]
fn box_select_then_move_both_in_one_step() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    let employee = element_named(h.state(), "Employee");
    let chat = element_named(h.state(), "Ask-IT chat UI");
    let app = h.state();
    let (from, to) = (
        app.screen_pos(Pos::new(15.0, 340.0)),
        app.screen_pos(Pos::new(440.0, 470.0)),
    );
    drag(&mut h, from, to);
    let sel = &h.state().session().selection;
    assert_eq!(sel.elements, BTreeSet::from([employee.clone(), chat.clone()]));

    let before = h.state().model().layout.clone();
    let grab = h.state().element_screen_rect(&employee).unwrap().center();
    drag(&mut h, grab, grab + Vec2::new(0.0, -60.0));
    let after = &h.state().model().layout;
    assert!(after.elements[&employee].y < before.elements[&employee].y);
    assert!(after.elements[&chat].y < before.elements[&chat].y, "both moved");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().model().layout, before, "one undo takes back the whole move");
}

#[test]
fn resizing_a_boundary_by_its_corner_moves_membership() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    let chat = element_named(h.state(), "Ask-IT chat UI");
    let employee = element_named(h.state(), "Employee");
    let internet = bulwark::model::BoundaryId::from("tb-internet");
    assert_eq!(h.state().model().elements[&chat].boundary.as_ref(), Some(&internet));
    let r = h.state().model().layout.boundaries[&internet];
    let corner = h.state().screen_pos(Pos::new(r.x + r.w - 3.0, r.y + r.h - 3.0));
    let zoom = h.state().session().canvas.screen_from_canvas.scaling;
    drag(&mut h, corner, corner - Vec2::new(160.0 * zoom, 0.0));
    let m = h.state().model();
    assert!(m.layout.boundaries[&internet].w < r.w - 100.0);
    assert_eq!(
        m.elements[&chat].boundary, None,
        "the chat UI is now outside every boundary"
    );
    assert_eq!(m.elements[&employee].boundary.as_ref(), Some(&internet));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().model().elements[&chat].boundary.as_ref(), Some(&internet));
}

/// Issue #18: a selected boundary resizes from every edge and corner, by grips that sit above
/// the components (the left grip here, then the top one), each one undo step.
#[test]
fn a_selected_boundary_resizes_from_its_left_and_top_edges() {
    use bulwark::app::session::{Item, Selection};
    let answers = Answers::default();
    let mut h = harness(&answers);
    let vpc = bulwark::model::BoundaryId::from("tb-corp-cloud");
    let r = h.state().model().layout.boundaries[&vpc];
    h.state_mut().session_mut().selection = Selection::only(Item::Boundary(vpc.clone()));
    settle(&mut h);
    let zoom = h.state().session().canvas.screen_from_canvas.scaling;
    let left = h.state().screen_pos(Pos::new(r.x, r.y + r.h / 2.0));
    drag(&mut h, left, left - Vec2::new(100.0 * zoom, 0.0));
    let after = h.state().model().layout.boundaries[&vpc];
    assert_eq!(after.x, r.x - 100.0, "the left edge moved out");
    assert_eq!(after.x + after.w, r.x + r.w, "the right edge stayed");
    assert_eq!((after.y, after.h), (r.y, r.h));
    let top = h.state().screen_pos(Pos::new(after.x + after.w / 2.0, after.y));
    drag(&mut h, top, top - Vec2::new(0.0, 50.0 * zoom));
    let after2 = h.state().model().layout.boundaries[&vpc];
    assert_eq!(after2.y, r.y - 50.0);
    assert_eq!(after2.y + after2.h, r.y + r.h, "the bottom edge stayed");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().model().layout.boundaries[&vpc], r);
}

/// Issue #18: a selected flow's end drags to another component, which becomes its receiver,
/// as one undo step; dropping it on the flow's own sender changes nothing.
#[test]
fn dragging_a_selected_flows_end_reconnects_it() {
    use bulwark::app::session::{Item, Selection};
    let answers = Answers::default();
    let mut h = harness(&answers);
    let (flow_id, from) = {
        let m = h.state().model();
        let (id, f) = m.flows.iter().next().expect("the example has flows");
        (id.clone(), f.from.clone())
    };
    let before = h.state().model().clone();
    let old_to = before.flows[&flow_id].to.clone();
    let target = before
        .elements
        .keys()
        .find(|id| **id != from && **id != old_to)
        .cloned()
        .unwrap();
    h.state_mut().session_mut().selection = Selection::only(Item::Flow(flow_id.clone()));
    settle(&mut h);
    // Widgets on the canvas report their rectangles in canvas units.
    let grip = |h: &Harness<'static, App>| {
        let at = h.get_by_label("Move the flow's end").rect().center();
        h.state().session().canvas.screen_from_canvas * at
    };
    let end = grip(&h);
    let onto = h.state().element_screen_rect(&target).unwrap().center();
    drag(&mut h, end, onto);
    let m = h.state().model();
    assert_eq!(
        m.flows[&flow_id].to, target,
        "the flow now ends at the component it was dropped on"
    );
    assert_eq!(m.flows[&flow_id].from, from, "its start stayed");
    // Onto its own sender: a flow never starts and ends at one component.
    let end = grip(&h);
    let sender = h.state().element_screen_rect(&from).unwrap().center();
    drag(&mut h, end, sender);
    assert_eq!(h.state().model().flows[&flow_id].to, target);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().model().flows[&flow_id].to, old_to, "one undo step");
}

/// Issue #18, flow routing: "Route at right angles" gives a flow horizontal and vertical runs
/// (one undo step), a bend dragged by hand moves and one undo takes it back, dragging the grip
/// on a straight flow bends it there, and "Straighten flows" makes it straight again.
#[test]
fn a_flow_is_routed_at_right_angles_bent_by_hand_and_straightened() {
    use bulwark::app::session::{Item, Selection};
    use bulwark::layout::check::node_box;
    let answers = Answers::default();
    let mut h = harness(&answers);
    let ctx = h.ctx.clone();
    let (flow_id, label) = {
        let m = h.state().model();
        let (id, f) = m.flows.iter().next().expect("the example has flows");
        (id.clone(), f.label.clone())
    };
    let route_of = |h: &Harness<'static, App>| {
        let m = h.state().model();
        let f = &m.flows[&flow_id];
        let (a, b) = (m.layout.elements[&f.from], m.layout.elements[&f.to]);
        let bends = m.layout.flows.get(&flow_id).cloned().unwrap_or_default();
        (
            bends.clone(),
            bulwark::layout::layered::through(node_box(a), node_box(b), &bends),
        )
    };
    h.state_mut().session_mut().selection = Selection::only(Item::Flow(flow_id.clone()));
    h.state_mut().apply_command(&ctx, AppCommand::Straighten);
    settle(&mut h);
    assert!(route_of(&h).0.is_empty(), "straight: no bends stored");

    h.state_mut().apply_command(&ctx, AppCommand::RouteRightAngles);
    settle(&mut h);
    let (routed, full) = route_of(&h);
    let full = full.expect("the stored bends fit the two components");
    assert!(!routed.is_empty());
    assert!(
        bulwark::layout::orthogonal::is_orthogonal(&full),
        "right angles: {full:?}"
    );

    // Drag the first bend; the canvas reports grips in canvas units.
    let grip = |h: &Harness<'static, App>, name: &str| {
        let at = h.get_by_label(name).rect().center();
        h.state().session().canvas.screen_from_canvas * at
    };
    let bend = grip(&h, &format!("Bend 1 of {label}"));
    drag(&mut h, bend, bend + Vec2::new(0.0, 70.0));
    let (moved, _) = route_of(&h);
    assert_ne!(moved, routed, "the bend moved");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(route_of(&h).0, routed, "one undo puts it back");

    // Straighten, then bend the straight flow by dragging a point on it.
    h.state_mut().apply_command(&ctx, AppCommand::Straighten);
    settle(&mut h);
    assert!(route_of(&h).0.is_empty());
    let middle = grip(&h, &format!("Add a bend to {label} on segment 1"));
    drag(&mut h, middle, middle + Vec2::new(40.0, 90.0));
    let (bent, full) = route_of(&h);
    assert_eq!(bent.len(), 1, "one new bend: {bent:?}");
    assert!(full.is_some_and(|r| r.len() == 3), "drawn through it");
}

/// How long a frame takes with a 500-component model while the evaluation thread is kept busy
/// (an undo or redo every other frame). A measurement, not a check: timing assertions do not
/// belong in tests. Run it in release and read the numbers:
///
/// `cargo test --release --test main ui::frame_time -- --ignored --nocapture`
///
/// It drives `App` the way eframe does (`logic`, then `ui` inside `Context::run_ui`), without
/// kittest, whose AccessKit tree the real app only builds for a screen reader, and times the
/// UI pass and the tessellation of its shapes. Rasterising on the GPU is not included.
#[test]
#[ignore = "a measurement: run it in release with --ignored --nocapture"]
fn frame_time_with_500_components_while_evaluating() {
    frame_time(500);
}

/// The same measurement at 2,000 components (issue 18: a large model stays smooth, UI pass p95
/// under 16 ms), reported, not asserted.
#[test]
#[ignore = "a measurement: run it in release with --ignored --nocapture"]
fn frame_time_with_2000_components_while_evaluating() {
    frame_time(2000);
}

/// The same measurement at 10,000 components (issue 15: a large model in the app), reported,
/// not asserted.
#[test]
#[ignore = "a measurement: run it in release with --ignored --nocapture"]
fn frame_time_with_10000_components_while_evaluating() {
    frame_time(10_000);
}

/// The app driven the way eframe drives it (`logic`, then `ui` inside `Context::run_ui`),
/// without kittest, whose AccessKit tree the real app only builds for a screen reader: for
/// models of thousands of components.
struct Plain {
    ctx: egui::Context,
    frame: eframe::Frame,
    screen: egui::Rect,
    _dir: tempfile::TempDir,
}

impl Plain {
    /// An app with `model` opened through File → Open, its evaluation arrived.
    fn open(model: &bulwark::model::Model) -> (Self, App) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.bulwark.ron");
        bulwark::model::save(model, &path).unwrap();
        let ctx = egui::Context::default();
        let cc = eframe::CreationContext::_new_kittest(ctx.clone());
        let answers = Answers::default();
        let app = App::new_for_test(&cc, Box::new(answers.clone()), None);
        let mut plain = Self {
            ctx,
            frame: eframe::Frame::_new_kittest(),
            screen: egui::Rect::from_min_size(Pos2::ZERO, Vec2::new(1600.0, 1000.0)),
            _dir: dir,
        };
        let mut app = app;
        answers.push(DialogAnswer::Picked(path));
        plain.pass(&mut app, command(Key::O));
        plain.pass(&mut app, vec![]);
        app.wait_for_evaluation();
        assert_eq!(app.model().elements.len(), model.elements.len());
        (plain, app)
    }

    /// One frame with `events`: the time of its UI pass and of the tessellation of its shapes.
    fn pass(&mut self, app: &mut App, events: Vec<egui::Event>) -> (std::time::Duration, std::time::Duration) {
        use eframe::App as _;
        use std::time::Instant;
        let input = egui::RawInput {
            screen_rect: Some(self.screen),
            events,
            ..Default::default()
        };
        let t = Instant::now();
        let frame = &mut self.frame;
        let mut out = self.ctx.run_ui(input, |ui| {
            app.logic(ui.ctx(), frame);
            app.ui(ui, frame);
        });
        let ui_time = t.elapsed();
        // No renderer takes the font atlas's updates.
        out.textures_delta.clear();
        let t = Instant::now();
        let meshes = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        assert!(!meshes.is_empty());
        (ui_time, t.elapsed())
    }
}

/// Pressing `key` and letting it go, with the command modifier.
fn command(key: Key) -> Vec<egui::Event> {
    [true, false]
        .map(|pressed| egui::Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers: Modifiers::COMMAND,
        })
        .to_vec()
}

/// Issue 15: undoing a duplicate of more than a thousand components (swapped back whole, not
/// edited back) gives back exactly the model and findings from before it, after the evaluation
/// of the duplicate arrived; redoing it gives back the duplicate's.
#[test]
fn undoing_a_bulk_duplicate_gives_back_the_model_and_findings_from_before_it() {
    let (cat, _) = bulwark::catalog::Catalog::builtin();
    let (mut plain, mut app) = Plain::open(&bulwark::synth::synth_model(&cat, 1_050, 7));
    let loaded = (app.model().clone(), app.findings().to_vec());
    plain.pass(&mut app, command(Key::A));
    plain.pass(&mut app, command(Key::D));
    plain.pass(&mut app, vec![]);
    assert_eq!(app.model().elements.len(), 2_100, "everything duplicated");
    app.wait_for_evaluation();
    let duplicated = (app.model().clone(), app.findings().to_vec());
    assert!(duplicated.1.len() > loaded.1.len());
    for _ in 0..2 {
        plain.pass(&mut app, command(Key::Z));
        assert!(*app.model() == loaded.0, "undo gives back the model as loaded");
        app.wait_for_evaluation();
        plain.pass(&mut app, vec![]);
        assert!(app.findings() == loaded.1.as_slice(), "and its findings");
        plain.pass(&mut app, command(Key::Y));
        assert!(*app.model() == duplicated.0, "redo gives back the duplicate");
        app.wait_for_evaluation();
        assert!(app.findings() == duplicated.1.as_slice(), "and its findings");
    }
}

fn frame_time(n: usize) {
    let (cat, _) = bulwark::catalog::Catalog::builtin();
    let model = bulwark::synth::synth_model(&cat, n, 7);
    println!("{n} components");
    let (mut plain, mut app) = Plain::open(&model);
    let screen = plain.screen;
    let mut pass = |app: &mut App, events: Vec<egui::Event>| plain.pass(app, events);
    let press = |key: Key, modifiers: Modifiers| {
        [true, false].map(|pressed| egui::Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers,
        })
    };
    let cmd = command;
    println!("{} findings", app.findings().len());
    // Something to undo and redo: duplicate everything once.
    pass(&mut app, cmd(Key::A));
    pass(&mut app, cmd(Key::D));
    pass(&mut app, vec![]);

    for (view, zoom_in) in [("whole model", 0), ("working zoom", 7)] {
        for _ in 0..zoom_in {
            pass(&mut app, press(Key::Plus, Modifiers::NONE).to_vec());
        }
        let undo_redo = |i: usize| match i % 4 {
            0 => cmd(Key::Z),
            2 => cmd(Key::Y),
            _ => vec![],
        };
        println!("{view}: {}", frames(&mut app, &mut pass, undo_redo));
    }
    // Back to the model as loaded (the duplication undone), at the working zoom: the frames a
    // person makes most — the pointer moving over the canvas (nothing changes), and dragging
    // one component (its flows follow every frame).
    while app.model().elements.len() > n {
        pass(&mut app, cmd(Key::Z));
    }
    assert_eq!(app.model().elements.len(), n);
    let centre = screen.center();
    pointer_moving(&mut app, &mut pass, "working zoom");
    let grab = app
        .model()
        .layout
        .elements
        .values()
        .map(|p| app.screen_pos(*p))
        .min_by(|a, b| a.distance(centre).total_cmp(&b.distance(centre)))
        .expect("a component in view");
    let button = |pos: Pos2, pressed: bool| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    };
    pass(&mut app, vec![egui::Event::PointerMoved(grab)]);
    pass(&mut app, vec![button(grab, true)]);
    let path: Vec<Pos2> = (0..100)
        .scan(grab, |at, i| {
            *at += Vec2::new(if i % 40 < 20 { 3.0 } else { -3.0 }, 1.0);
            Some(*at)
        })
        .collect();
    let dragging = frames(&mut app, &mut pass, |i| vec![egui::Event::PointerMoved(path[i])]);
    pass(&mut app, vec![button(path[99], false)]);
    println!("dragging one component: {dragging}");
    // Small edits while the evaluation runs: the dragged component (selected) duplicated, then
    // that one edit undone and redone every other frame.
    let before = app.model().elements.len();
    pass(&mut app, cmd(Key::D));
    pass(&mut app, vec![]);
    assert_eq!(app.model().elements.len(), before + 1, "one component duplicated");
    let undo_redo = |i: usize| match i % 4 {
        0 => cmd(Key::Z),
        2 => cmd(Key::Y),
        _ => vec![],
    };
    println!("one-component edits: {}", frames(&mut app, &mut pass, undo_redo));
    // The whole model in view: every component drawn at its smallest level of detail.
    pass(&mut app, press(Key::F, Modifiers::NONE).to_vec());
    pointer_moving(&mut app, &mut pass, "whole model");
    // The attack-path explorer (egui_graphs) redraws every frame while it is shown: the cost of
    // one of those frames, after the first (which builds the graph and lays it out).
    pass(&mut app, cmd(Key::Num4));
    let idle = frames(&mut app, &mut pass, |_| vec![]);
    println!("attack paths ({} routes): {idle}", app.attack_paths().route_count());
}

/// Opens File → Export and clicks `item`.
fn export_through_the_menu(h: &mut Harness<'static, App>, item: &str) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export ⏵").click();
    h.run();
    h.get_by_label(item).click();
    h.run();
    h.state_mut().wait_for_export();
    settle(h);
}

#[test]
fn file_export_writes_the_same_report_and_diagram_as_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let answers = Answers::default();
    let mut h = harness(&answers);

    let pdf = dir.path().join("report.pdf");
    answers.push(DialogAnswer::Picked(pdf.clone()));
    export_through_the_menu(&mut h, "PDF report…");
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("{e}: {:?}", h.state().message()));
    assert!(bytes.starts_with(b"%PDF-") && bytes.len() > 10_000);
    let msg = h.state().message().unwrap_or_default().to_owned();
    assert!(
        msg.contains("Exported PDF report") && msg.contains("report.pdf"),
        "{msg}"
    );

    let png = dir.path().join("diagram.png");
    answers.push(DialogAnswer::Picked(png.clone()));
    export_through_the_menu(&mut h, "Diagram as PNG…");
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));

    // The SVG is byte-for-byte what `bulwark export` writes for the same model.
    let svg = dir.path().join("diagram.svg");
    answers.push(DialogAnswer::Picked(svg.clone()));
    export_through_the_menu(&mut h, "Diagram as SVG…");
    let model_file = dir.path().join("model.bulwark.ron");
    std::fs::write(&model_file, bulwark::model::to_string(h.state().model()).unwrap()).unwrap();
    let cli = crate::util::bulwark(dir.path(), &["export", model_file.to_str().unwrap(), "--format", "svg"]);
    assert_eq!(std::fs::read_to_string(&svg).unwrap(), crate::util::stdout(&cli));

    // Other tools' formats too (issue 17): the OTM is what `bulwark export --format otm` writes.
    let otm = dir.path().join("model.otm.json");
    answers.push(DialogAnswer::Picked(otm.clone()));
    export_through_the_menu(&mut h, "Open Threat Model (OTM)…");
    let cli = crate::util::bulwark(dir.path(), &["export", model_file.to_str().unwrap(), "--format", "otm"]);
    assert_eq!(std::fs::read_to_string(&otm).unwrap(), crate::util::stdout(&cli));
    let cdx = dir.path().join("model.cdx.json");
    answers.push(DialogAnswer::Picked(cdx.clone()));
    export_through_the_menu(&mut h, "CycloneDX 2.0 threat model…");
    let cli = crate::util::bulwark(
        dir.path(),
        &["export", model_file.to_str().unwrap(), "--format", "cyclonedx"],
    );
    assert_eq!(std::fs::read_to_string(&cdx).unwrap(), crate::util::stdout(&cli));

    // Cancelling the dialog writes nothing and says nothing went wrong.
    answers.push(DialogAnswer::Cancelled);
    export_through_the_menu(&mut h, "CSV (one row per finding)…");
    assert_eq!(h.state().dialog_text(), None);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 6);
}

#[test]
fn an_export_that_cannot_be_written_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let answers = Answers::default();
    let mut h = harness(&answers);
    let nowhere = dir.path().join("missing-folder").join("report.html");
    answers.push(DialogAnswer::Picked(nowhere));
    export_through_the_menu(&mut h, "HTML report…");
    let text = h.state().dialog_text().expect("an error is shown");
    assert!(text.contains("could not be exported"), "{text}");
}

/// Issue 7: File → Map repository… maps a folder in the background, opens the inferred model
/// unsaved, shows the evidence of a component, and Confirm marks it checked (undoable).
#[test]
fn map_repository_opens_the_inferred_model_and_confirm_marks_a_component() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    answers.push(DialogAnswer::Picked(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/repos/rag-service"),
    ));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Map repository…").click();
    // One frame starts the mapping; running until idle would spin on its progress repaints
    // (a loaded machine maps slower than the harness's step limit).
    h.step();
    h.state_mut().wait_for_mapping();
    settle(&mut h);
    assert_eq!(h.state().model().name, "rag-service");
    assert!(
        h.state().document_path().is_none(),
        "the mapped model is a new, unsaved document"
    );
    let api = element_named(h.state(), "api");
    let state = |app: &App| app.model().elements[&api].inferred.as_ref().map(|p| p.state);
    assert_eq!(state(h.state()), Some(bulwark::model::InferredState::Inferred));

    click_canvas_item(&mut h, "api");
    assert!(
        h.query_by_label("Evidence").is_some(),
        "the inspector shows the evidence"
    );
    assert!(
        h.query_by_label("api/app/main.py:5").is_some(),
        "evidence is listed as file:line"
    );
    h.get_by_label("Confirm").click_accesskit();
    settle(&mut h);
    assert_eq!(state(h.state()), Some(bulwark::model::InferredState::Confirmed));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(state(h.state()), Some(bulwark::model::InferredState::Inferred));
}

/// Issue 13: File → Map repository… draws a unit's parts in the unit's group (a group, not a
/// trust boundary), and a part's Evidence cites the line that defines it.
#[test]
fn map_repository_puts_parts_in_their_units_group_with_the_defining_line() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    answers.push(DialogAnswer::Picked(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/repos/agent-mcp"),
    ));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Map repository…").click();
    // One frame starts the mapping; running until idle would spin on its progress repaints
    // (a loaded machine maps slower than the harness's step limit).
    h.step();
    h.state_mut().wait_for_mapping();
    settle(&mut h);
    let tools = element_named(h.state(), "Tools: lookup_order, issue_refund");
    let unit = element_named(h.state(), "agent-mcp");
    let model = h.state().model();
    let group = model.elements[&tools].boundary.clone().expect("the part is in a group");
    assert_eq!(model.elements[&unit].boundary.as_ref(), Some(&group), "with its unit");
    assert_eq!(model.boundaries[&group].kind, bulwark::model::BoundaryKind::Group);
    click_canvas_item(&mut h, "Tools: lookup_order, issue_refund");
    assert!(
        h.query_by_label("agent/tools.py:4").is_some(),
        "the inspector's evidence starts at the defining line"
    );
}

/// A mapping never throws away unsaved edits without asking.
#[test]
fn map_repository_asks_before_replacing_unsaved_work() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    click_palette(&mut h, "User");
    assert!(h.state().is_dirty());
    answers.push(DialogAnswer::Picked(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/repos/agent-mcp"),
    ));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Map repository…").click();
    settle(&mut h);
    assert_eq!(h.state().dialog_text().as_deref(), Some("Save changes?"));
    h.get_by_label("Don't save").click();
    // One frame starts the mapping (see above: running until idle would spin on progress).
    h.step();
    h.state_mut().wait_for_mapping();
    settle(&mut h);
    assert_eq!(h.state().model().name, "agent-mcp");
}

#[test]
fn open_questions_are_grouped_and_answered_for_all_their_flows_in_one_step() {
    use bulwark::model::{Boundary, BoundaryKind, Element, Fact, Flow, Model};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("questions.bulwark.ron");
    let mut m = Model::new("Cross-account services");
    m.boundaries
        .insert("tb-a".into(), Boundary::new("Account A", BoundaryKind::CloudAccount));
    m.boundaries
        .insert("tb-b".into(), Boundary::new("Account B", BoundaryKind::CloudAccount));
    for (id, name, b) in [
        ("el-a", "Producer", "tb-a"),
        ("el-b", "Consumer", "tb-b"),
        ("el-c", "Auditor", "tb-b"),
    ] {
        let mut e = Element::new("service", name);
        e.boundary = Some(b.into());
        m.elements.insert(id.into(), e);
        m.layout
            .elements
            .insert(id.into(), Pos::new(100.0 * m.elements.len() as f32, 100.0));
    }
    for (id, to) in [("fl-1", "el-b"), ("fl-2", "el-c")] {
        let mut f = Flow::new("el-a", to, "events");
        f.data.insert("telemetry".into());
        m.flows.insert(id.into(), f);
    }
    bulwark::model::save(&m, &path).unwrap();
    let answers = Answers::default();
    let mut h = harness(&answers);
    new_model(&mut h);
    answers.push(DialogAnswer::Picked(path.clone()));
    press(&mut h, Modifiers::COMMAND, Key::O);
    settle(&mut h);
    assert_eq!(h.state().model().name, "Cross-account services");
    // Both flows ask both facts: four questions, in two groups.
    h.get_by_label("4 open questions").click();
    h.run();
    h.get_by_label("2 flows: is the transport encrypted? (2 cross a trust boundary)");
    h.get_all_by_label("No to all").next().unwrap().click();
    settle(&mut h);
    let flows = &h.state().model().flows;
    assert!(flows.values().all(|f| f.encrypted == Fact::No), "both answered at once");
    assert!(
        h.state()
            .findings()
            .iter()
            .any(|f| f.rule.as_str() == "STR-FLOW-001" && f.status == Status::Open),
        "the answer raises the finding"
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(
        h.state().model().flows.values().all(|f| f.encrypted == Fact::Unknown),
        "one undo step takes the answer back"
    );
}

/// Focuses a text field named by its label and types into it.
fn type_into(h: &mut Harness<'static, App>, role: egui::accesskit::Role, label: &str, text: &str) {
    h.get_by_role_and_label(role, label).focus();
    h.run();
    h.get_by_role_and_label(role, label).type_text(text);
    h.run();
}

/// Right-clicks at a screen point (opens a context menu).
fn right_click(h: &mut Harness<'static, App>, pos: Pos2) {
    h.hover_at(pos);
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run();
    }
}

#[test]
fn a_threat_written_from_the_context_menu_is_closed_by_its_linked_control() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    let id = element_named(h.state(), "Assistant backend");
    let before: BTreeSet<FindingId> = h.state().model().threats.keys().cloned().collect();
    let rect = h.state().element_screen_rect(&id).unwrap();
    right_click(&mut h, rect.center());
    h.get_all_by_label_contains("Write a threat…")
        .next()
        .expect("the context menu offers it")
        .click_accesskit();
    settle(&mut h);
    let app = h.state();
    let new: Vec<&FindingId> = app.model().threats.keys().filter(|k| !before.contains(*k)).collect();
    assert_eq!(new.len(), 1, "one threat written");
    let tid = new[0].clone();
    assert_eq!(
        app.model().threats[&tid].on,
        bulwark::model::ThreatTarget::Element(id.clone())
    );
    assert_eq!(app.session().selected_finding.as_ref(), Some(&tid), "shown for editing");
    assert!(open_ids(app).contains(&tid), "a written threat is an open finding");

    // Link a control the component does not have, then implement it from the finding.
    let (control, name) = {
        let cat = bulwark::catalog::Catalog::builtin().0;
        let el = &app.model().elements[&id];
        let c = cat
            .controls
            .values()
            .find(|c| !el.controls.contains_key(&c.id))
            .unwrap()
            .clone();
        (c.id, c.name)
    };
    h.get_by_value("Link a control…").click_accesskit();
    h.run();
    h.get_by_label(&name).click_accesskit();
    settle(&mut h);
    assert_eq!(h.state().model().threats[&tid].controls, std::slice::from_ref(&control));
    h.get_all_by_label("Mark implemented on Assistant backend")
        .next()
        .unwrap()
        .click_accesskit();
    settle(&mut h);
    let f = h.state().findings().iter().find(|f| f.id == tid).cloned().unwrap();
    assert_eq!(f.status, Status::Mitigated);
    assert_eq!(
        h.state().model().elements[&id].controls.get(&control),
        Some(&ControlState::Implemented)
    );
}

#[test]
fn a_verdict_waits_for_its_justification_and_a_past_review_date_reopens_it() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    let fid = open_ids(h.state()).into_iter().next().unwrap();
    h.state_mut().session_mut().selected_finding = Some(fid.clone());
    h.run();
    h.get_by_label("Accept…").click_accesskit();
    h.run();
    assert!(
        !h.state().model().triage.contains_key(&fid),
        "nothing recorded without a reason"
    );
    type_into(
        &mut h,
        egui::accesskit::Role::MultilineTextInput,
        "Justification (required)",
        "Only staff reach it, behind the VPN.",
    );
    type_into(&mut h, egui::accesskit::Role::TextInput, "Decided by", "Dana");
    type_into(&mut h, egui::accesskit::Role::TextInput, "Review by", "2099-01-31");
    h.run();
    h.get_by_label("Record decision").click_accesskit();
    settle(&mut h);
    let t = h.state().model().triage[&fid].clone();
    assert_eq!(
        (t.status, t.decided_by.as_str(), t.review_by.as_str()),
        (bulwark::model::TriageStatus::Accepted, "Dana", "2099-01-31")
    );
    assert!(t.justification.contains("VPN"));
    assert!(!open_ids(h.state()).contains(&fid), "accepted: no longer open");

    // Move the review date into the past: open again, flagged.
    let field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Review by");
    field.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_into(&mut h, egui::accesskit::Role::TextInput, "Review by", "2020-01-01");
    h.key_press(Key::Enter);
    settle(&mut h);
    assert_eq!(h.state().model().triage[&fid].review_by, "2020-01-01");
    let f = h.state().findings().iter().find(|f| f.id == fid).cloned().unwrap();
    assert!(f.status.is_open() && f.review_due, "{:?} {}", f.status, f.review_due);
    h.get_by_label_contains("Review due since 2020-01-01");
}

#[test]
fn three_findings_accepted_at_once_come_back_with_one_undo() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    let three: Vec<FindingId> = open_ids(h.state()).into_iter().take(3).collect();
    h.state_mut().session_mut().picked_findings = three.iter().cloned().collect();
    h.run();
    h.get_by_label("Accept… all 3").click_accesskit();
    h.run();
    type_into(
        &mut h,
        egui::accesskit::Role::MultilineTextInput,
        "Justification (required)",
        "Pilot with ten users; revisit before launch.",
    );
    h.run();
    let typed = h
        .state()
        .session()
        .pending_verdict
        .as_ref()
        .map(|p| p.justification.clone());
    assert_eq!(typed.as_deref(), Some("Pilot with ten users; revisit before launch."));
    h.get_by_label("Record for all 3").click_accesskit();
    settle(&mut h);
    for id in &three {
        assert_eq!(
            h.state().model().triage[id].status,
            bulwark::model::TriageStatus::Accepted
        );
        assert!(!open_ids(h.state()).contains(id));
    }
    press(&mut h, Modifiers::COMMAND, Key::Z);
    for id in &three {
        assert!(!h.state().model().triage.contains_key(id), "{id} restored by one undo");
        assert!(open_ids(h.state()).contains(id));
    }
}

#[test]
fn a_written_threat_is_promoted_to_a_rule_the_editor_previews() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    let id = FindingId::new("USER-1");
    assert!(
        h.state().model().threats.contains_key(&id),
        "the RAG example has a written threat"
    );
    h.state_mut().session_mut().selected_finding = Some(id);
    h.run();
    h.get_by_label("Promote to a rule…").click_accesskit();
    settle(&mut h);
    let text = h.state().rule_editor().text().to_owned();
    assert!(
        text.contains("id: \"CUSTOM-1\"") && text.contains("Files shared with everyone"),
        "{text}"
    );
    h.state_mut().wait_for_rule_preview();
    h.run();
    let p = h.state().rule_editor().preview().cloned().unwrap();
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert!(!p.findings.is_empty(), "it finds the threat where it was written");
}

#[test]
fn merge_conflicts_are_settled_one_by_one_and_saving_with_one_left_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let rag = bulwark::model::load(&crate::util::root().join("assets/examples/rag-assistant.bulwark.ron")).unwrap();
    let (mut ours, mut theirs) = (rag.clone(), rag.clone());
    let backend = ElementId::new("el-app-backend");
    ours.elements.get_mut(&backend).unwrap().name = "Our backend".into();
    theirs.elements.get_mut(&backend).unwrap().name = "Their backend".into();
    ours.description = "ours".into();
    theirs.description = "theirs".into();
    let merged = bulwark::model::merge(&rag, &ours, &theirs).model;
    assert_eq!(merged.conflicts.len(), 2);
    let path = dir.path().join("merged.bulwark.ron");
    std::fs::write(&path, bulwark::model::to_string(&merged).unwrap()).unwrap();

    let answers = Answers::default();
    let mut h = harness(&answers);
    answers.push(DialogAnswer::Picked(path.clone()));
    press(&mut h, Modifiers::COMMAND, Key::O);
    assert_eq!(
        h.state().dialog_text().as_deref(),
        Some("2 merge conflict(s) to settle")
    );
    // The rows come in the order of the records; take theirs on the element's name.
    let row = merged.conflicts.iter().position(|c| c.section == "elements").unwrap();
    h.get_all_by_label("Take theirs").nth(row).unwrap().click();
    settle(&mut h);
    assert_eq!(h.state().model().elements[&backend].name, "Their backend");
    assert_eq!(
        h.state().dialog_text().as_deref(),
        Some("1 merge conflict(s) to settle")
    );
    h.get_by_label("Later").click();
    settle(&mut h);

    // Saving with one left asks; "Cancel" writes nothing, "Save anyway" writes it.
    let before = std::fs::read_to_string(&path).unwrap();
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert_eq!(
        h.state().dialog_text().as_deref(),
        Some("Save with 1 merge conflict(s)?")
    );
    h.get_by_label("Cancel").click();
    settle(&mut h);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    press(&mut h, Modifiers::COMMAND, Key::S);
    h.get_by_label("Save anyway").click();
    settle(&mut h);
    let saved = bulwark::model::load(&path).unwrap();
    assert_eq!(saved.elements[&backend].name, "Their backend");
    assert_eq!(saved.conflicts.len(), 1);
    // Undo brings the settled conflict back.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().model().conflicts.len(), 2);
}

#[test]
fn compare_mode_marks_the_change_lists_the_risk_delta_and_leaving_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let answers = Answers::default();
    let mut h = harness(&answers);
    // The other version: the example before its ticket tool was added.
    let mut other = h.state().model().clone();
    for e in bulwark::model::remove_element(&other.clone(), &ElementId::new("el-ticket-tool")) {
        e.apply(&mut other).unwrap();
    }
    let older = dir.path().join("older.bulwark.ron");
    std::fs::write(&older, bulwark::model::to_string(&other).unwrap()).unwrap();
    let before = h.state().model().clone();

    answers.push(DialogAnswer::Picked(older.clone()));
    let ctx = h.ctx.clone();
    h.state_mut().apply_command(&ctx, AppCommand::CompareWith);
    settle(&mut h);
    let summary = h
        .state()
        .compare_summary()
        .unwrap_or_else(|| panic!("compare mode is off: {:?}", h.state().dialog_text()));
    assert_eq!(
        summary,
        "Compared with older.bulwark.ron: 1 added, 0 removed, 0 changed"
    );
    // The ticket tool's findings are new since the older version; the list says so.
    h.get_by_label("Leave compare");
    let new = h
        .state()
        .findings()
        .iter()
        .find(|f| f.anchor.as_str() == "el-ticket-tool" && f.status == Status::Open)
        .expect("an open finding on the ticket tool")
        .clone();
    let row = format!("+ {} {}", new.severity.id(), new.title);
    assert!(h.query_by_label(&row).is_some(), "the new finding {row:?} is listed");
    // Clicking it shows it.
    h.get_by_label(&row).click();
    settle(&mut h);
    assert_eq!(h.state().session().selected_finding.as_ref(), Some(&new.id));
    // Leaving changes nothing in the model.
    h.get_by_label("Leave compare").click();
    settle(&mut h);
    assert_eq!(h.state().compare_summary(), None);
    assert_eq!(h.state().model(), &before);
    assert!(!h.state().is_dirty());
}

#[test]
fn importing_a_threat_dragon_file_opens_it_as_a_new_unsaved_model_with_its_report() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    let file = crate::util::root().join("tests/fixtures/import/threat-dragon-v2-threat-model.json");
    answers.push(DialogAnswer::Picked(file));
    let ctx = h.ctx.clone();
    h.state_mut().apply_command(&ctx, AppCommand::Import);
    settle(&mut h);
    assert_eq!(
        h.state().dialog_text().as_deref(),
        Some("Imported threat-dragon-v2-threat-model.json")
    );
    assert!(
        h.query_by_label_contains("tm.Store → database: 4 in the file, 4 kept, 0 dropped")
            .is_some()
    );
    assert_eq!(h.state().model().name, "Demo Threat Model");
    assert_eq!(
        h.state().document_path(),
        None,
        "an import is a new model, saved where the person says"
    );
    assert!(h.state().is_dirty());
    h.get_by_label("OK").click();
    settle(&mut h);
    // The imported threats are findings like any other.
    assert!(h.state().findings().iter().any(|f| f.id.as_str() == "USER-1"));

    // A CycloneDX 2.0 threat model is recognised from its content too (issue 17); the unsaved
    // import above is replaced without asking (past the command's guard).
    let file = crate::util::root().join("tests/fixtures/import/cyclonedx-2.0-blueprint-data-flow.cdx.json");
    h.state_mut().import_path(&file);
    settle(&mut h);
    assert!(
        h.query_by_label_contains("flow → flow: 4 in the file, 4 kept, 0 dropped")
            .is_some()
    );
    assert_eq!(h.state().model().name, "Online banking funds transfer data flow");
}

#[test]
fn a_model_in_a_git_repository_is_compared_with_a_revision_of_itself() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let git = |args: &[&str]| {
        let o = std::process::Command::new("git")
            .args(args)
            .current_dir(d)
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", d)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    let file = d.join("model.bulwark.ron");
    let rag = crate::util::root().join("assets/examples/rag-assistant.bulwark.ron");
    let text = std::fs::read_to_string(&rag).unwrap();
    // Committed without the ticket tool; the work tree has it.
    let mut older = bulwark::model::from_str(&text, "rag").unwrap();
    for e in bulwark::model::remove_element(&older.clone(), &ElementId::new("el-ticket-tool")) {
        e.apply(&mut older).unwrap();
    }
    std::fs::write(&file, bulwark::model::to_string(&older).unwrap()).unwrap();
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "before the ticket tool"]);
    std::fs::write(&file, &text).unwrap();

    let answers = Answers::default();
    let mut h = harness(&answers);
    answers.push(DialogAnswer::Picked(file.clone()));
    press(&mut h, Modifiers::COMMAND, Key::O);
    let ctx = h.ctx.clone();
    h.state_mut().apply_command(&ctx, AppCommand::CompareWith);
    settle(&mut h);
    assert_eq!(h.state().dialog_text().as_deref(), Some("Compare with…"));
    h.get_by_label("Compare with revision").click();
    settle(&mut h);
    assert_eq!(
        h.state().compare_summary().as_deref(),
        Some("Compared with git:HEAD:model.bulwark.ron: 1 added, 0 removed, 0 changed")
    );
}

/// The MAESTRO view (Ctrl+2) shows every layer with the components and open findings the
/// shared lens computes, lists the cross-layer threats, dims a hidden layer and selects a
/// cross-layer threat when clicked.
#[test]
fn the_maestro_view_shows_each_layer_and_the_cross_layer_threats() {
    use bulwark::app::views::Lens;
    use bulwark::model::MaestroLayer;
    let answers = Answers::default();
    let mut h = harness(&answers);
    press(&mut h, Modifiers::COMMAND, Key::Num2);
    assert_eq!(h.state().session().lens.view, Lens::Maestro);
    let (catalog, _) = bulwark::catalog::Catalog::builtin();
    let (rows, cross): (Vec<(MaestroLayer, usize, usize)>, Vec<FindingId>) = {
        let app = h.state();
        let layers = bulwark::lens::layers(app.model(), &catalog, app.findings().iter().map(|f| &**f));
        (
            layers
                .rows
                .iter()
                .map(|r| (r.layer, r.elements.len(), r.open.len()))
                .collect(),
            layers.cross_layer.iter().map(|(f, _)| f.id.clone()).collect(),
        )
    };
    // The RAG example has its hosted model in L1 and its document stores in L2.
    let hosted = element_named(h.state(), "Hosted LLM (chat completions)");
    let layer = bulwark::lens::layer_of(&h.state().model().elements[&hosted], &catalog);
    assert_eq!(layer, Some(MaestroLayer::L1));
    for (layer, elements, open) in &rows {
        let s = |n: usize| if n == 1 { "" } else { "s" };
        let text = format!("{elements} component{} · {open} open finding{}", s(*elements), s(*open));
        assert!(
            h.query_all_by_label(&text).next().is_some(),
            "{} row should read {text:?}",
            layer.id()
        );
    }
    assert!(!cross.is_empty(), "the RAG example has paths that span layers");
    h.get_by_label(&format!("Cross-layer threats ({})", cross.len()));

    // Hiding L1 dims the hosted model (the canvas highlights everything else).
    h.get_by_label("L1 Foundation Models").click_accesskit();
    settle(&mut h);
    assert!(h.state().session().lens.hidden_layers.contains(&MaestroLayer::L1));

    // A cross-layer threat is selected from the list.
    let first = h
        .state()
        .findings()
        .iter()
        .find(|f| f.id == cross[0])
        .unwrap()
        .title
        .to_string();
    h.get_by_label(&format!("◆ {first}")).click_accesskit();
    settle(&mut h);
    assert_eq!(h.state().session().selected_finding.as_ref(), Some(&cross[0]));
}

/// The frameworks view (Ctrl+3) colours ATLAS cells by the findings that reference them; a
/// picked cell lists those findings, and "Show on diagram" goes back to the diagram with
/// their components pointed out (Esc clears).
#[test]
fn an_atlas_cell_lists_its_findings_and_points_them_out_on_the_diagram() {
    use bulwark::app::views::Lens;
    let answers = Answers::default();
    let mut h = harness(&answers);
    press(&mut h, Modifiers::COMMAND, Key::Num3);
    assert_eq!(h.state().session().lens.view, Lens::Frameworks);
    // Findings that reference prompt injection (AML.T0051 or a sub-technique), as the engine
    // raised them.
    let referencing: Vec<_> = h
        .state()
        .findings()
        .iter()
        .filter(|f| f.status.is_open() && f.references.atlas.iter().any(|t| t.starts_with("AML.T0051")))
        .cloned()
        .collect();
    assert!(!referencing.is_empty(), "the RAG example has prompt-injection findings");
    let label = format!("LLM Prompt Injection ({})", referencing.len());
    h.get_by_label(&label).click_accesskit();
    settle(&mut h);
    assert_eq!(h.state().session().lens.cell.as_deref(), Some("AML.T0051"));
    for f in &referencing {
        let on = &h.state().model().elements[&f.anchor].name;
        h.get_by_label(&format!("◆ {} — {on}", f.title));
    }
    h.get_by_label("Show on diagram").click_accesskit();
    settle(&mut h);
    let session = h.state().session();
    assert_eq!(session.lens.view, Lens::Diagram);
    for f in &referencing {
        assert!(
            session.lens.highlight.contains(&f.anchor),
            "{} not pointed out",
            f.anchor
        );
    }
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().session().lens.highlight.is_empty());

    // The OWASP list: LLM01 is a cell of its own.
    press(&mut h, Modifiers::COMMAND, Key::Num3);
    h.get_by_label("OWASP LLM Top 10").click_accesskit();
    settle(&mut h);
    let llm01 = h
        .state()
        .findings()
        .iter()
        .filter(|f| f.status.is_open() && f.references.owasp_llm.iter().any(|r| r == "LLM01:2025"))
        .count();
    assert!(llm01 > 0);
    h.get_by_label(&format!("Prompt Injection ({llm01})"));
}

/// The attack-path explorer (Ctrl+4) draws the routes of the open path findings — the engine's
/// own paths — and a finding picked in its list narrows nothing but draws that finding's
/// components selected; the finding filter shows only its route. egui_graphs repaints every
/// frame, so the test steps a fixed number of frames instead of waiting for idle.
#[test]
fn the_attack_path_explorer_draws_the_engines_routes_and_filters_by_finding() {
    use bulwark::app::views::Lens;
    let answers = Answers::default();
    let mut h = harness(&answers);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    for _ in 0..5 {
        h.step();
    }
    assert_eq!(h.state().session().lens.view, Lens::AttackPaths);
    let names = |app: &App, ids: &[ElementId]| -> BTreeSet<String> {
        ids.iter().map(|id| app.model().elements[id].name.clone()).collect()
    };
    let routes: Vec<(FindingId, Vec<ElementId>)> = h
        .state()
        .findings()
        .iter()
        .filter(|f| f.status.is_open())
        .flat_map(|f| {
            std::iter::once(f.path.clone())
                .chain(f.members.iter().map(|m| m.path.clone()))
                .filter(|p| p.len() >= 2)
                .map(|p| (f.id.clone(), p))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(!routes.is_empty(), "the RAG example has path findings");
    let strip = |l: String| l.trim_start_matches("▶ ").trim_end_matches(" ■").to_owned();
    let shown: BTreeSet<String> = h.state().attack_paths().node_labels().into_iter().map(strip).collect();
    let expected: BTreeSet<String> = routes.iter().flat_map(|(_, p)| names(h.state(), p)).collect();
    assert_eq!(shown, expected);

    // Only one finding's routes.
    let (picked, _) = routes[0].clone();
    h.state_mut().session_mut().lens.paths.finding = Some(picked.clone());
    for _ in 0..3 {
        h.step();
    }
    let its: BTreeSet<String> = routes
        .iter()
        .filter(|(f, _)| *f == picked)
        .flat_map(|(_, p)| names(h.state(), p))
        .collect();
    let shown: BTreeSet<String> = h.state().attack_paths().node_labels().into_iter().map(strip).collect();
    assert_eq!(shown, its);
    let selected: BTreeSet<String> = h
        .state()
        .attack_paths()
        .selected_labels()
        .into_iter()
        .map(strip)
        .collect();
    assert_eq!(selected, its, "the picked finding's route is drawn selected");
}

/// The secure-by-design view (Ctrl+5) shows each checklist item's state as the shared lens
/// computes it from the model's controls, and "Show where" on an open item points out the
/// components still missing its controls.
#[test]
fn the_secure_by_design_view_shows_item_states_and_where_controls_are_missing() {
    use bulwark::app::views::Lens;
    use bulwark::lens::checklist::{self, ItemState};
    let answers = Answers::default();
    let mut h = harness(&answers);
    press(&mut h, Modifiers::COMMAND, Key::Num5);
    assert_eq!(h.state().session().lens.view, Lens::Checklists);
    let (catalog, _) = bulwark::catalog::Catalog::builtin();
    let lists = checklist::builtin().unwrap();
    let guide = lists
        .iter()
        .find(|l| l.id == "ncsc-cisa-secure-ai-development")
        .unwrap();
    let results = checklist::evaluate(guide, h.state().model(), &catalog);
    for r in &results {
        h.get_by_label(&r.item.section);
        let chip = match r.state {
            ItemState::Met | ItemState::Partly | ItemState::Open => {
                format!("{} {}/{}", r.state.label(), r.in_place, r.places)
            }
            s => s.label().to_owned(),
        };
        assert!(h.query_all_by_label(&chip).next().is_some(), "{}: {chip}", r.item.id);
    }
    // The RAG example has no incident-response plan anywhere it applies.
    let incidents = results.iter().find(|r| r.item.id == "deploy-incidents").unwrap();
    assert!(matches!(incidents.state, ItemState::Open | ItemState::Partly));
    let expected: BTreeSet<ElementId> = h
        .state()
        .model()
        .elements
        .iter()
        .filter(|(_, e)| {
            let offered = catalog.kind(&e.kind).map_or(&[][..], |k| k.controls.as_slice());
            checklist::place(&incidents.item.controls, &e.controls, offered) == Some(false)
        })
        .map(|(id, _)| id.clone())
        .collect();
    let index = results
        .iter()
        .filter(|r| matches!(r.state, ItemState::Open | ItemState::Partly))
        .position(|r| r.item.id == "deploy-incidents")
        .unwrap();
    h.query_all_by_label("Show where").nth(index).unwrap().click_accesskit();
    settle(&mut h);
    assert_eq!(h.state().session().lens.view, Lens::Diagram);
    assert_eq!(h.state().session().lens.highlight, expected);
}

/// The PASTA workspace (Ctrl+6) shows the seven stages over the model and each business
/// objective's residual risk as the shared lens computes it; an objective added here is stored
/// in the model as one undoable step.
#[test]
fn the_pasta_workspace_shows_the_stages_and_stores_business_objectives() {
    use bulwark::app::views::Lens;
    let answers = Answers::default();
    let mut h = harness(&answers);
    press(&mut h, Modifiers::COMMAND, Key::Num6);
    assert_eq!(h.state().session().lens.view, Lens::Pasta);
    let (catalog, _) = bulwark::catalog::Catalog::builtin();
    let (stages, residuals) = {
        let app = h.state();
        let fs: Vec<&bulwark::engine::Finding> = app.findings().iter().map(|f| &**f).collect();
        let stages = bulwark::lens::pasta::stages(app.model(), &catalog, &fs);
        let residuals: Vec<String> = bulwark::lens::pasta::objective_risks(app.model(), &fs)
            .iter()
            .map(|r| match r.residual {
                Some(s) => format!("residual risk {} ({} open)", s.id(), r.open.len()),
                None => "no open threat on its components".to_owned(),
            })
            .collect();
        (stages, residuals)
    };
    assert_eq!(stages.len(), 7);
    for s in &stages {
        h.get_by_label(&format!("Stage {} · {}", s.number, s.name));
    }
    assert_eq!(residuals.len(), 3, "the RAG example names three business objectives");
    for r in &residuals {
        assert!(h.query_all_by_label(r).next().is_some(), "{r}");
    }
    h.get_by_label("+ Business objective").click_accesskit();
    settle(&mut h);
    assert_eq!(h.state().model().pasta.objectives.len(), 4);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().model().pasta.objectives.len(), 3);
}

/// Suggestions an agent left beside a model (`bulwark mcp --allow-propose`) are listed when the
/// model is open; an accepted one is one undoable edit, a rejected one is dropped, and the
/// sidecar keeps who decided what.
#[test]
fn suggestions_beside_a_model_are_reviewed_one_by_one() {
    use bulwark::model::{Proposal, Suggestions};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rag.bulwark.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/rag-assistant.bulwark.ron"),
        &path,
    )
    .unwrap();
    let mut side = Suggestions::default();
    side.add(
        "mcp: test agent",
        "the code calls a payments API",
        Proposal::AddComponent {
            id: "el-payments".into(),
            kind: "third-party-api".into(),
            name: "Payments API".into(),
            boundary: None,
        },
    )
    .unwrap();
    side.add(
        "mcp: test agent",
        "guessing",
        Proposal::SetControl {
            element: "el-llm-api".into(),
            control: "rate-limiting".into(),
            state: "implemented".into(),
        },
    )
    .unwrap();
    side.save_for(&path).unwrap();

    let answers = Answers::default();
    let mut h = harness(&answers);
    answers.push(DialogAnswer::Picked(path.clone()));
    press(&mut h, Modifiers::COMMAND, Key::O);
    h.get_by_label("Suggestions to review (2)");
    // The proposed component is drawn as a ghost before anyone accepts it.
    let ghosts = h.state().session().pending.clone().expect("ghosts drawn");
    assert_eq!(
        ghosts.elements,
        vec![(ElementId::new("el-payments"), "Payments API".to_owned())]
    );
    // Fit shows the ghost as well as the model.
    press(&mut h, Modifiers::NONE, Key::F);
    let at = ghosts.placement.elements[&ElementId::new("el-payments")];
    let view = h.state().session().canvas;
    assert!(
        view.rect_on_screen.contains(h.state().screen_pos(at)),
        "the suggested component is in view after fit"
    );
    h.get_by_label("Accept S-1").click_accesskit();
    settle(&mut h);
    assert!(
        h.state().session().pending.is_none(),
        "an accepted component is no longer a ghost"
    );
    let added = &h.state().model().elements[&ElementId::new("el-payments")];
    assert!(added.notes.contains("Suggested by mcp: test agent"), "{}", added.notes);
    h.get_by_label("Reject S-2").click_accesskit();
    settle(&mut h);
    let after = Suggestions::load_for(&path).unwrap();
    assert!(after.pending.is_empty());
    assert_eq!(after.audit.len(), 2, "{:?}", after.audit);
    assert!(after.audit[0].starts_with("accepted S-1") && after.audit[1].starts_with("rejected S-2"));
    // The model file itself was not written; the accepted suggestion is an ordinary edit.
    assert!(h.state().is_dirty());
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(!h.state().model().elements.contains_key(&ElementId::new("el-payments")));
}

/// A threat an assistant suggested shows in the findings list marked as suggested, counts
/// nowhere until a person accepts it there, and then is a threat people wrote (undoable).
#[test]
fn a_suggested_threat_waits_in_the_findings_list_until_accepted() {
    use bulwark::model::{Proposal, Suggestions};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rag.bulwark.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/rag-assistant.bulwark.ron"),
        &path,
    )
    .unwrap();
    let mut side = Suggestions::default();
    side.add(
        "assistant: local-llm",
        "the ticket tool can close tickets in bulk",
        Proposal::AddThreat {
            statement: "A prompt-injected request closes every open ticket at once".into(),
            element: Some("el-ticket-tool".into()),
        },
    )
    .unwrap();
    side.save_for(&path).unwrap();

    let answers = Answers::default();
    let mut h = harness(&answers);
    answers.push(DialogAnswer::Picked(path.clone()));
    press(&mut h, Modifiers::COMMAND, Key::O);
    h.get_by_label("Suggested threats, pending your review (1)");
    let before = h.state().findings().len();
    let threats_before = h.state().model().threats.len();
    assert!(
        !h.state()
            .findings()
            .iter()
            .any(|f| f.title.contains("closes every open ticket")),
        "a pending suggestion is not a finding"
    );
    h.get_by_label("Accept").click_accesskit();
    settle(&mut h);
    assert_eq!(h.state().model().threats.len(), threats_before + 1);
    assert!(h.query_by_label("Suggested threats, pending your review (1)").is_none());
    assert_eq!(
        h.state().findings().len(),
        before + 1,
        "accepted, it is a finding like any other"
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().model().threats.len(), threats_before);
}

/// An assistant configured in the app: nothing of it shows until a command is set; the first
/// request of a session is shown in full before it is sent; its suggestions wait for review
/// beside the saved model and what it refused is said.
#[test]
fn the_assistant_is_asked_only_after_its_request_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rag.bulwark.ron");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("assets/examples/rag-assistant.bulwark.ron"), &path).unwrap();
    let answers = Answers::default();
    let mut h = harness(&answers);
    answers.push(DialogAnswer::Picked(path.clone()));
    press(&mut h, Modifiers::COMMAND, Key::O);
    assert!(
        h.query_by_label("Assistant").is_none(),
        "no assistant menu until one is configured"
    );

    configure_good_assistant(&mut h);
    h.get_by_label("Assistant");

    let ctx = h.ctx.clone();
    h.state_mut().apply_command(&ctx, AppCommand::AssistantSuggest);
    settle(&mut h);
    h.get_by_label("Send this to the assistant?");
    assert!(
        bulwark::model::Suggestions::load_for(&path).unwrap().pending.is_empty(),
        "nothing sent yet"
    );
    h.get_by_label("Send").click_accesskit();
    // The command answers on a background thread.
    let started = std::time::Instant::now();
    while bulwark::model::Suggestions::load_for(&path).unwrap().pending.is_empty() {
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "no answer");
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.step();
    }
    for _ in 0..5 {
        h.step();
    }
    h.get_by_label("Suggestions to review (1)");
    assert!(
        h.query_all_by_label_contains("quantum-oracle").next().is_some(),
        "the refused one is named"
    );
}

/// Edit → Assistant command… set to the well-behaved fake assistant.
fn configure_good_assistant(h: &mut Harness<'static, App>) {
    let ctx = h.ctx.clone();
    h.state_mut().apply_command(&ctx, AppCommand::AssistantSettings);
    settle(h);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assistant/good.sh");
    type_into(
        h,
        egui::accesskit::Role::TextInput,
        "Assistant command",
        &format!("sh {}", script.display()),
    );
    h.get_by_label("Use this command").click_accesskit();
    settle(h);
}

/// The assistant can explain a finding for an executive as well as for a developer: the
/// request shown before sending says which.
#[test]
fn a_finding_can_be_explained_for_an_executive() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    configure_good_assistant(&mut h);
    let finding = h.state().findings()[0].id.clone();
    h.state_mut().session_mut().selected_finding = Some(finding);
    settle(&mut h);
    h.get_by_label("Assistant").click();
    settle(&mut h);
    h.get_by_label("Explain it for an executive").click();
    settle(&mut h);
    h.get_by_label("Send this to the assistant?");
    assert!(
        h.query_all_by_label_contains("\"audience\": \"executive\"")
            .next()
            .is_some(),
        "the request shown asks for an executive's explanation"
    );
}

/// Arrow keys nudge the selected components (Shift: a grid step), each press one undo step.
#[test]
fn arrow_keys_nudge_the_selection() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    click_canvas_item(&mut h, "Assistant backend");
    let id = element_named(h.state(), "Assistant backend");
    let at = |h: &Harness<'static, App>| bulwark::app::geometry::Placement::of(h.state().model()).elements[&id];
    let start = at(&h);
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    assert_eq!(at(&h), Pos::new(start.x + 10.0, start.y));
    press(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    assert_eq!(at(&h), Pos::new(start.x + 10.0, start.y + 40.0));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(at(&h), Pos::new(start.x + 10.0, start.y));
}

/// A duplicate (and a paste) lands where it covers no component, not on top of the original.
#[test]
fn duplicates_land_on_a_free_spot() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    click_canvas_item(&mut h, "Assistant backend");
    let before: BTreeSet<ElementId> = h.state().model().elements.keys().cloned().collect();
    press(&mut h, Modifiers::COMMAND, Key::D);
    let placement = bulwark::layout::Placement::of(h.state().model());
    let new: Vec<ElementId> = h
        .state()
        .model()
        .elements
        .keys()
        .filter(|id| !before.contains(*id))
        .cloned()
        .collect();
    assert_eq!(new.len(), 1);
    let p = placement.elements[&new[0]];
    for (id, q) in &placement.elements {
        if *id != new[0] {
            let overlap = (p.x - q.x).abs() < bulwark::layout::NODE_W && (p.y - q.y).abs() < bulwark::layout::NODE_H;
            assert!(!overlap, "the copy covers {id}");
        }
    }
}

/// `B` with components selected puts them in a new boundary; with nothing selected the new
/// boundary is drawn in the middle of the view, never out of sight.
#[test]
fn b_wraps_the_selection_or_draws_a_boundary_in_view() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    let a = element_named(h.state(), "Prompt templates");
    let b = element_named(h.state(), "Conversation history");
    let mut sel = bulwark::app::session::Selection::default();
    sel.insert(bulwark::app::session::Item::Element(a.clone()));
    sel.insert(bulwark::app::session::Item::Element(b.clone()));
    h.state_mut().session_mut().selection = sel;
    let before: BTreeSet<_> = h.state().model().boundaries.keys().cloned().collect();
    press(&mut h, Modifiers::NONE, Key::B);
    let model = h.state().model().clone();
    let new: Vec<_> = model
        .boundaries
        .keys()
        .filter(|k| !before.contains(*k))
        .cloned()
        .collect();
    assert_eq!(new.len(), 1);
    assert_eq!(model.elements[&a].boundary.as_ref(), Some(&new[0]));
    assert_eq!(model.elements[&b].boundary.as_ref(), Some(&new[0]));

    press(&mut h, Modifiers::NONE, Key::Escape);
    press(&mut h, Modifiers::NONE, Key::B);
    let model = h.state().model().clone();
    let newest = model
        .boundaries
        .keys()
        .find(|k| !before.contains(*k) && **k != new[0])
        .cloned()
        .unwrap();
    let r = bulwark::layout::Placement::of(&model).boundaries[&newest];
    let visible = h.state().session().canvas.visible_canvas_rect();
    assert!(
        visible.contains(egui::pos2(r.x + r.w / 2.0, r.y + r.h / 2.0)),
        "boundary centre {r:?} outside the view {visible:?}"
    );
}

/// At 1280×720 with every panel open, fitting the example keeps components wide enough for
/// their names to be drawn.
/// Issue #18: on a small window each panel folds away with its own key (F7 palette, F8
/// inspector, F9 findings) and comes back with it.
#[test]
fn each_panel_folds_away_with_its_function_key() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    let panels = |h: &Harness<'static, App>| {
        let p = &h.state().session().panels;
        (p.palette, p.inspector, p.findings)
    };
    let start = panels(&h);
    assert_eq!(start, (true, true, true));
    press(&mut h, Modifiers::NONE, Key::F7);
    assert_eq!(panels(&h), (false, true, true));
    press(&mut h, Modifiers::NONE, Key::F8);
    press(&mut h, Modifiers::NONE, Key::F9);
    assert_eq!(panels(&h), (false, false, false));
    for k in [Key::F7, Key::F8, Key::F9] {
        press(&mut h, Modifiers::NONE, k);
    }
    assert_eq!(panels(&h), start);
}

/// Issue #18: a view still as Fit left it follows the window when it is resized; once the
/// person zooms, a resize leaves their view alone.
#[test]
fn resizing_the_window_refits_only_a_fitted_view() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    settle(&mut h);
    let zoom = |h: &Harness<'static, App>| h.state().session().canvas.screen_from_canvas.scaling;
    let before = zoom(&h);
    h.set_size(Vec2::new(900.0, 600.0));
    settle(&mut h);
    let smaller = zoom(&h);
    assert!(
        smaller < before * 0.95,
        "the fitted view shrank with the window: {before} → {smaller}"
    );
    press(&mut h, Modifiers::NONE, Key::Plus);
    let zoomed = zoom(&h);
    h.set_size(Vec2::new(1400.0, 900.0));
    settle(&mut h);
    assert!((zoom(&h) - zoomed).abs() < 1e-3, "a view the person zoomed is kept");
}

#[test]
fn fit_on_a_small_window_keeps_names_readable() {
    let answers = Answers::default();
    let dialog = answers.clone();
    let mut h = Harness::builder()
        .with_size(Vec2::new(1280.0, 720.0))
        .with_max_steps(200)
        .build_eframe(move |cc| App::new_for_test(cc, Box::new(dialog), None));
    settle(&mut h);
    press(&mut h, Modifiers::NONE, Key::F);
    let zoom = h.state().session().canvas.screen_from_canvas.scaling;
    let node_width = bulwark::layout::NODE_W;
    assert!(
        zoom * node_width >= 64.0,
        "components {:.0} px wide at zoom {zoom:.2}",
        zoom * node_width
    );
}

/// A facilitator runs a whole session on the RAG example at projector resolution: start it,
/// walk three items, capture a threat and vote on it, record a decision and an action, end it.
/// The saved model holds all of it, reopens with it, and the handout tells it.
#[test]
fn a_whole_workshop_session_is_recorded_in_the_model_and_its_handout() {
    use bulwark::model::{NoteKind, Question, ThreatTarget};
    let dir = tempfile::tempdir().unwrap();
    let answers = Answers::default();
    let dialog = answers.clone();
    let mut h = Harness::builder()
        .with_size(Vec2::new(1920.0, 1080.0))
        // Frames a sixtieth of a second apart, as on a real screen: with kittest's default
        // quarter second, every repaint asked for sooner (the evaluation's debounce) is due at
        // once, and a fast presenter frame can run out of steps before the debounce ends.
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(200)
        .build_eframe(move |cc| App::new_for_test(cc, Box::new(dialog), None));
    settle(&mut h);

    // F5 opens the start dialog; the session starts in the presenter view.
    press(&mut h, Modifiers::NONE, Key::F5);
    let text = egui::accesskit::Role::TextInput;
    type_into(&mut h, text, "Facilitator", "Priya");
    type_into(&mut h, text, "Participants", "Sam, Lee");
    h.get_by_label("Start session").click();
    settle(&mut h);
    assert!(h.state().presenting());
    // Presenter text is readable from the back of the room.
    let px = bulwark::app::PRESENTER_BODY_PT * h.ctx.pixels_per_point();
    assert!(px >= 24.0, "presenter body text is {px} px at 1920×1080");

    // → leaves "what are we working on?" for the first item, then two more.
    let mut walked = Vec::new();
    for _ in 0..3 {
        press(&mut h, Modifiers::NONE, Key::ArrowRight);
        walked.push(h.state().workshop_focus().expect("an item in focus"));
    }
    let third = walked[2].clone();
    // The focused item comes with a prompt card from the session's deck (STRIDE by default).
    assert!(
        h.query_by_label_contains("STRIDE — ").is_some(),
        "a STRIDE card names its suit and card"
    );
    assert_eq!(
        walked.iter().collect::<BTreeSet<_>>().len(),
        3,
        "three different items: {walked:?}"
    );
    assert!(
        matches!(walked[0], ThreatTarget::Flow(_)),
        "boundary-crossing flows come first"
    );

    // T captures the room's threat on the item in focus.
    press(&mut h, Modifiers::NONE, Key::T);
    h.get_by_label("Capture text")
        .type_text("A colleague replays another user's chat link");
    h.run();
    press(&mut h, Modifiers::NONE, Key::Enter);
    let (tid, threat) = h
        .state()
        .model()
        .threats
        .iter()
        .find(|(_, t)| t.statement.starts_with("A colleague replays"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .expect("the captured threat");
    assert_eq!(threat.on, third, "the threat is about the item in focus");

    // Select it and vote: likelihood 4, 4, 5; Tab; impact 3, 4; Enter confirms the proposal.
    h.get_by_label("A colleague replays another user's chat link").click();
    settle(&mut h);
    press(&mut h, Modifiers::NONE, Key::V);
    for k in [Key::Num4, Key::Num4, Key::Num5] {
        press(&mut h, Modifiers::NONE, k);
    }
    press(&mut h, Modifiers::NONE, Key::Tab);
    for k in [Key::Num3, Key::Num4] {
        press(&mut h, Modifiers::NONE, k);
    }
    press(&mut h, Modifiers::NONE, Key::Enter);
    let votes = h.state().model().votes.get(&tid).cloned().expect("votes on the threat");
    assert_eq!(votes.likelihood, [0, 0, 0, 2, 1]);
    assert_eq!(votes.impact, [0, 0, 1, 1, 0]);
    assert_eq!(
        bulwark::model::Votes::median(&votes.impact),
        Some(3),
        "the lower middle of 3 and 4"
    );
    assert_eq!(votes.confirmed, votes.proposed());
    assert!(votes.confirmed.is_some());
    let finding = h
        .state()
        .findings()
        .iter()
        .find(|f| f.id == tid)
        .cloned()
        .expect("the threat is a finding");
    assert_eq!(
        finding.assessed_severity, votes.confirmed,
        "the confirmed severity is the assessed one"
    );

    // D records a decision, X an action with its owner and due date.
    press(&mut h, Modifiers::NONE, Key::Escape); // closes the vote panel
    press(&mut h, Modifiers::NONE, Key::D);
    h.get_by_label("Capture text")
        .type_text("Chat links expire after one hour");
    h.run();
    press(&mut h, Modifiers::NONE, Key::Enter);
    press(&mut h, Modifiers::NONE, Key::X);
    h.get_by_label("Capture text")
        .type_text("Add link expiry to the chat UI");
    type_into(&mut h, text, "Action owner", "Sam");
    type_into(&mut h, text, "Action due date", "2027-01-15");
    h.get_by_label("Save").click();
    settle(&mut h);

    h.get_by_label("End session").click();
    settle(&mut h);
    assert!(!h.state().presenting());

    // Saved and reopened, the model holds the session and everything captured.
    let path = dir.path().join("workshop.bulwark.ron");
    answers.push(DialogAnswer::Picked(path.clone()));
    press(&mut h, Modifiers::COMMAND, Key::S);
    let m = bulwark::model::load(&path).expect("the saved model opens");
    assert_eq!(&m, h.state().model());
    let (sid, s) = m.sessions.iter().next().expect("a session record");
    assert_eq!(s.facilitator, "Priya");
    assert_eq!(s.participants, ["Sam", "Lee"]);
    assert!(!s.ended.is_empty(), "the end was written");
    let covered: BTreeSet<&ThreatTarget> = s.steps.iter().filter_map(|x| x.item.as_ref()).collect();
    assert!(walked.iter().all(|w| covered.contains(w)), "{:?}", s.steps);
    assert!(s.steps.iter().any(|x| x.question == Question::Scope));
    assert!(s.record.threats.contains(&tid) && s.record.voted.contains(&tid));
    let kinds: Vec<NoteKind> = s.record.notes.iter().map(|n| m.notes[n].kind).collect();
    assert!(
        kinds.contains(&NoteKind::Decision) && kinds.contains(&NoteKind::Action),
        "{kinds:?}"
    );
    let action = m.notes.values().find(|n| n.kind == NoteKind::Action).unwrap();
    assert_eq!((action.owner.as_str(), action.due.as_str()), ("Sam", "2027-01-15"));

    // The handout tells it.
    let out = crate::util::bulwark(
        dir.path(),
        &[
            "report",
            path.to_str().unwrap(),
            "--format",
            "handout",
            "--session",
            sid.as_str(),
        ],
    );
    assert!(out.status.success(), "{}", crate::util::stderr(&out));
    let md = crate::util::stdout(&out);
    for want in [
        "Facilitator: Priya",
        "A colleague replays another user's chat link",
        "Chat links expire after one hour",
        "Add link expiry to the chat UI — Sam, by 2027-01-15",
        "Walked through 3 of",
    ] {
        assert!(md.contains(want), "handout lacks {want:?}:\n{md}");
    }
}

/// Several components selected: the inspector edits what they share for all of them at once,
/// as one undo step.
#[test]
fn a_multi_selection_moves_both_components_to_a_boundary_in_one_undo_step() {
    use bulwark::app::session::Item;
    let answers = Answers::default();
    let mut h = harness(&answers);
    let (a, b) = (ElementId::new("el-app-backend"), ElementId::new("el-llm-api"));
    let before = h.state().model().clone();
    assert_ne!(before.elements[&a].boundary, before.elements[&b].boundary);
    {
        let sel = &mut h.state_mut().session_mut().selection;
        *sel = Default::default();
        sel.insert(Item::Element(a.clone()));
        sel.insert(Item::Element(b.clone()));
    }
    settle(&mut h);
    h.get_by_label("2 items selected");
    // Their boundaries differ: the picker says so; choosing one moves both.
    h.get_by_label("Put them all in").click();
    settle(&mut h);
    h.get_all_by_label("Internet (staff devices)").last().unwrap().click();
    settle(&mut h);
    let m = h.state().model();
    for id in [&a, &b] {
        assert_eq!(
            m.elements[id].boundary.as_ref().map(|x| x.as_str()),
            Some("tb-internet")
        );
    }
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().model(), &before, "one undo step takes both back");
}

/// Issue #18: align and distribute a selection from the inspector, one undo step each.
#[test]
fn align_left_puts_the_selection_in_one_column_as_one_undo_step() {
    use bulwark::app::session::Item;
    let answers = Answers::default();
    let mut h = harness(&answers);
    let ids = ["Retriever", "Answer filter", "Prompt screening"].map(|n| element_named(h.state(), n));
    let before = h.state().model().clone();
    {
        let sel = &mut h.state_mut().session_mut().selection;
        *sel = Default::default();
        for id in &ids {
            sel.insert(Item::Element(id.clone()));
        }
    }
    settle(&mut h);
    h.get_by_label("Align left").click();
    settle(&mut h);
    let layout = &h.state().model().layout.elements;
    let leftmost = ids
        .iter()
        .map(|id| before.layout.elements[id].x)
        .fold(f32::INFINITY, f32::min);
    for id in &ids {
        assert_eq!(layout[id].x, leftmost, "every selected component on the leftmost line");
    }
    let mut ys: Vec<f32> = ids.iter().map(|id| layout[id].y).collect();
    ys.sort_by(f32::total_cmp);
    assert!(
        ys.windows(2).all(|w| w[1] - w[0] >= 60.0),
        "none stacked on another: {ys:?}"
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        h.state().model().layout.elements,
        before.layout.elements,
        "one undo step"
    );
}

/// One scaling mechanism: Ctrl+= and Ctrl+- step the whole interface (remembered in the
/// settings), Ctrl+0 resets it.
#[test]
fn the_interface_scale_steps_with_the_keyboard_and_is_remembered() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    assert_eq!(h.ctx.zoom_factor(), 1.0);
    press(&mut h, Modifiers::COMMAND, Key::Equals);
    press(&mut h, Modifiers::COMMAND, Key::Equals);
    assert!((h.ctx.zoom_factor() - 1.3).abs() < 1e-4, "{}", h.ctx.zoom_factor());
    assert!((h.state().settings().ui_scale - 1.3).abs() < 1e-4);
    press(&mut h, Modifiers::COMMAND, Key::Minus);
    assert!((h.ctx.zoom_factor() - 1.15).abs() < 1e-4);
    press(&mut h, Modifiers::COMMAND, Key::Num0);
    assert_eq!(h.ctx.zoom_factor(), 1.0);
    assert_eq!(h.state().settings().ui_scale, 1.0);
}

/// The component's context menu moves it to another boundary, shows its findings, and closes
/// with Escape without clearing the selection.
#[test]
fn the_context_menu_moves_a_component_and_shows_its_findings() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    let id = element_named(h.state(), "Assistant backend");
    let rect = h.state().element_screen_rect(&id).unwrap();

    // Escape closes the menu; the component stays selected.
    h.state_mut().session_mut().selection =
        bulwark::app::session::Selection::only(bulwark::app::session::Item::Element(id.clone()));
    settle(&mut h);
    right_click(&mut h, rect.center());
    assert!(
        h.query_by_label_contains("Move to boundary").is_some(),
        "the menu is open"
    );
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(
        h.query_by_label_contains("Move to boundary").is_none(),
        "Escape closed it"
    );
    assert!(
        h.state().session().selection.elements.contains(&id),
        "and kept the selection"
    );

    right_click(&mut h, rect.center());
    h.get_all_by_label_contains("Move to boundary").next().unwrap().click();
    h.run();
    h.get_all_by_label("Internet (staff devices)").last().unwrap().click();
    settle(&mut h);
    assert_eq!(
        h.state().model().elements[&id].boundary.as_ref().map(|b| b.as_str()),
        Some("tb-internet")
    );

    let rect = h.state().element_screen_rect(&id).unwrap();
    right_click(&mut h, rect.center());
    h.get_all_by_label_contains("Show findings").next().unwrap().click();
    settle(&mut h);
    let shown = h.state().session().selected_finding.clone().expect("a finding shown");
    let f = h.state().findings().iter().find(|f| f.id == shown).unwrap().clone();
    assert_eq!(f.anchor, id);
    let worst = h
        .state()
        .findings()
        .iter()
        .filter(|g| g.anchor == id && g.status == Status::Open)
        .map(|g| g.severity)
        .max();
    assert_eq!(Some(f.severity), worst, "the worst open one first");
}

/// Zoomed in so part of the model is out of view, the minimap appears; clicking it pans there.
#[test]
fn the_minimap_appears_when_the_model_overflows_the_view_and_pans_on_click() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    assert!(
        h.query_by_label("Minimap").is_none(),
        "the whole model fits: no minimap"
    );
    for _ in 0..4 {
        press(&mut h, Modifiers::NONE, Key::Plus);
    }
    let minimap = h.get_by_label("Minimap").rect();
    let before = h.state().session().viewport.expect("a viewport");
    // Its top-left corner shows the model's top-left: the view moves there.
    let corner = minimap.min + Vec2::new(12.0, 12.0);
    h.hover_at(corner);
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: corner,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run();
    }
    settle(&mut h);
    let after = h.state().session().viewport.expect("a viewport");
    assert!((after.zoom - before.zoom).abs() < 1e-4, "panning keeps the zoom");
    assert!(
        after.top_left.x < before.top_left.x && after.top_left.y < before.top_left.y,
        "{before:?} → {after:?}"
    );
}

/// Issue #18: Tidy layout shows where everything would go before anything changes; Apply is
/// one undo step, Escape cancels; Tidy selection moves only the selection.
#[test]
fn tidy_layout_is_previewed_then_applied_as_one_undo_step() {
    let answers = Answers::default();
    let mut h = harness(&answers);
    let before = h.state().model().layout.clone();
    let ctx = h.ctx.clone();
    h.state_mut().apply_command(&ctx, AppCommand::TidyLayout);
    settle(&mut h);
    assert!(h.state().session().tidy_preview.is_some());
    assert_eq!(h.state().model().layout, before, "a preview changes nothing");
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().session().tidy_preview.is_none(), "Escape cancels");
    assert_eq!(h.state().model().layout, before);

    h.state_mut().apply_command(&ctx, AppCommand::TidyLayout);
    settle(&mut h);
    h.get_by_label("Apply").click_accesskit();
    settle(&mut h);
    let tidied = h.state().model().layout.clone();
    assert_ne!(tidied, before);
    assert_eq!(tidied.flows.len(), h.state().model().flows.len(), "every flow routed");
    assert!(h.state().session().tidy_preview.is_none());
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().model().layout, before, "one undo takes back the whole tidy");

    // Tidy selection: only the selected components move.
    let employee = element_named(h.state(), "Employee");
    let chat = element_named(h.state(), "Ask-IT chat UI");
    let mut sel = bulwark::app::session::Selection::default();
    sel.insert(bulwark::app::session::Item::Element(employee.clone()));
    sel.insert(bulwark::app::session::Item::Element(chat.clone()));
    h.state_mut().session_mut().selection = sel;
    h.state_mut().apply_command(&ctx, AppCommand::TidySelection);
    settle(&mut h);
    h.get_by_label("Apply").click_accesskit();
    settle(&mut h);
    let after = &h.state().model().layout;
    for (id, p) in &before.elements {
        if id != &employee && id != &chat {
            assert_eq!(after.elements.get(id), Some(p), "{id} stays");
        }
    }
}

/// Frames with the pointer moving over the canvas (nothing changes), measured and printed.
fn pointer_moving(app: &mut App, pass: &mut FramePass<'_>, view: &str) {
    let centre = Pos2::new(800.0, 500.0);
    let moving = |i: usize| {
        let at = centre + Vec2::new((i % 20) as f32 * 7.0 - 70.0, (i / 20) as f32 * 9.0 - 20.0);
        vec![egui::Event::PointerMoved(at)]
    };
    println!("pointer moving, {view}: {}", frames(app, pass, moving));
}

/// One frame of the harness: its UI pass and its tessellation.
type FramePass<'a> = dyn FnMut(&mut App, Vec<egui::Event>) -> (std::time::Duration, std::time::Duration) + 'a;

/// A hundred frames with the events `events(i)` for frame `i`: the UI pass and tessellation
/// times, summarised.
fn frames(app: &mut App, pass: &mut FramePass<'_>, events: impl Fn(usize) -> Vec<egui::Event>) -> String {
    let (mut ui, mut tess) = (Vec::new(), Vec::new());
    for i in 0..100 {
        let (u, t) = pass(app, events(i));
        ui.push(u);
        tess.push(t);
    }
    format!(
        "ui pass {}; tessellation {}",
        timing_stats(&mut ui),
        timing_stats(&mut tess)
    )
}

/// Median, 95th percentile and maximum of frame times.
fn timing_stats(v: &mut [std::time::Duration]) -> String {
    v.sort();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    format!(
        "median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        ms(v[v.len() / 2]),
        ms(v[v.len() * 95 / 100]),
        ms(v[v.len() - 1])
    )
}
