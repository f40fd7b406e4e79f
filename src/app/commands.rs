//! Every app-level command in one enum: label, tooltip and keyboard shortcut defined once, so
//! the menus, the keyboard and the help overlay agree (as Rerun's `UICommand`).

use egui::{Key, KeyboardShortcut, Modifiers};

/// Something the person can ask the app to do. Commands are queued while drawing and applied
/// after the frame's UI, in one place (`App::apply_command`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppCommand {
    /// Start an empty model.
    New,
    /// Open a model file.
    Open,
    /// Infer a model from a repository folder.
    MapRepository,
    /// Show the model against another version of it, or leave that view.
    CompareWith,
    /// Read a model from another tool's file.
    Import,
    /// Save to the current file (asks for one if there is none).
    Save,
    /// Save to a new file.
    SaveAs,
    /// Close the window.
    Quit,
    /// Take back the last change.
    Undo,
    /// Re-apply the last undone change.
    Redo,
    /// Copy the selected components to the clipboard.
    Copy,
    /// Copy, then delete, the selected components.
    Cut,
    /// Paste components from the clipboard.
    Paste,
    /// Duplicate the selected components.
    Duplicate,
    /// Delete the selection.
    Delete,
    /// Select every component.
    SelectAll,
    /// Deselect everything and cancel what is in progress.
    ClearSelection,
    /// Rename the selected item in place.
    Rename,
    /// Zoom to show the whole model.
    Fit,
    /// Lay the whole model out again (previewed, then one undo step).
    TidyLayout,
    /// Lay out only the selected components, keeping the rest where it is.
    TidySelection,
    /// Route the selected flows at right angles around the components.
    RouteRightAngles,
    /// Make the selected flows straight lines again.
    Straighten,
    /// Zoom in around the centre.
    ZoomIn,
    /// Zoom out around the centre.
    ZoomOut,
    /// Find components by name.
    Find,
    /// Fade everything but the selected component's neighbourhood or the selected finding's path.
    Focus,
    /// Draw a new trust boundary in the middle of the view.
    AddBoundary,
    /// Write a threat no rule raises, about the selection or the whole model.
    WriteThreat,
    /// Show or hide the palette.
    TogglePalette,
    /// Show or hide the inspector.
    ToggleInspector,
    /// Show or hide the findings.
    ToggleFindings,
    /// Show the keyboard shortcuts.
    Help,
    /// Show or hide the rule editor.
    RuleEditor,
    /// Show the rule API reference.
    RuleApi,
    /// Show the editable diagram.
    ViewDiagram,
    /// Show the diagram by MAESTRO layer.
    ViewMaestro,
    /// Show the findings on the ATLAS matrix and the OWASP lists.
    ViewFrameworks,
    /// Show the attack-path explorer.
    ViewAttackPaths,
    /// Show the secure-by-design checklists.
    ViewChecklists,
    /// Show the PASTA workspace.
    ViewPasta,
    /// Set the assistant command.
    AssistantSettings,
    /// Ask the assistant for threats the rules did not raise.
    AssistantSuggest,
    /// Ask the assistant to explain the selected finding.
    AssistantExplain,
    /// Ask the assistant for controls for the selected finding.
    AssistantControls,
    /// Ask the assistant to draft components and flows from the model's description.
    AssistantDraft,
    /// Move the selected components left (Shift: a grid step).
    NudgeLeft,
    /// Move the selected components right.
    NudgeRight,
    /// Move the selected components up.
    NudgeUp,
    /// Move the selected components down.
    NudgeDown,
    /// Run a workshop session in the presenter view (or go back to the running one).
    Present,
    /// End the running workshop session.
    EndSession,
    /// Make the whole interface larger.
    UiScaleUp,
    /// Make the whole interface smaller.
    UiScaleDown,
    /// Back to the normal interface scale.
    UiScaleReset,
}

const fn sc(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const NONE: Modifiers = Modifiers::NONE;

impl AppCommand {
    /// Every command, in the order the help overlay lists them.
    pub const ALL: [AppCommand; 55] = [
        AppCommand::New,
        AppCommand::Open,
        AppCommand::MapRepository,
        AppCommand::CompareWith,
        AppCommand::Import,
        AppCommand::Save,
        AppCommand::SaveAs,
        AppCommand::Quit,
        AppCommand::Undo,
        AppCommand::Redo,
        AppCommand::Copy,
        AppCommand::Cut,
        AppCommand::Paste,
        AppCommand::Duplicate,
        AppCommand::Delete,
        AppCommand::SelectAll,
        AppCommand::ClearSelection,
        AppCommand::Rename,
        AppCommand::Fit,
        AppCommand::TidyLayout,
        AppCommand::TidySelection,
        AppCommand::RouteRightAngles,
        AppCommand::Straighten,
        AppCommand::ZoomIn,
        AppCommand::ZoomOut,
        AppCommand::Find,
        AppCommand::Focus,
        AppCommand::AddBoundary,
        AppCommand::WriteThreat,
        AppCommand::TogglePalette,
        AppCommand::ToggleInspector,
        AppCommand::ToggleFindings,
        AppCommand::Help,
        AppCommand::RuleEditor,
        AppCommand::RuleApi,
        AppCommand::ViewDiagram,
        AppCommand::ViewMaestro,
        AppCommand::ViewFrameworks,
        AppCommand::ViewAttackPaths,
        AppCommand::ViewChecklists,
        AppCommand::ViewPasta,
        AppCommand::AssistantSettings,
        AppCommand::AssistantSuggest,
        AppCommand::AssistantExplain,
        AppCommand::AssistantControls,
        AppCommand::AssistantDraft,
        AppCommand::NudgeLeft,
        AppCommand::NudgeRight,
        AppCommand::NudgeUp,
        AppCommand::NudgeDown,
        AppCommand::Present,
        AppCommand::EndSession,
        AppCommand::UiScaleUp,
        AppCommand::UiScaleDown,
        AppCommand::UiScaleReset,
    ];

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            AppCommand::New => "New",
            AppCommand::Open => "Open…",
            AppCommand::MapRepository => "Map repository…",
            AppCommand::CompareWith => "Compare with…",
            AppCommand::Import => "Import…",
            AppCommand::Save => "Save",
            AppCommand::SaveAs => "Save as…",
            AppCommand::Quit => "Quit",
            AppCommand::Undo => "Undo",
            AppCommand::Redo => "Redo",
            AppCommand::Copy => "Copy",
            AppCommand::Cut => "Cut",
            AppCommand::Paste => "Paste",
            AppCommand::Duplicate => "Duplicate",
            AppCommand::Delete => "Delete",
            AppCommand::SelectAll => "Select all",
            AppCommand::ClearSelection => "Deselect",
            AppCommand::Rename => "Rename",
            AppCommand::Fit => "Zoom to fit",
            AppCommand::TidyLayout => "Tidy layout",
            AppCommand::TidySelection => "Tidy selection",
            AppCommand::RouteRightAngles => "Route at right angles",
            AppCommand::Straighten => "Straighten flows",
            AppCommand::ZoomIn => "Zoom in",
            AppCommand::ZoomOut => "Zoom out",
            AppCommand::Find => "Find component…",
            AppCommand::Focus => "Focus on selection",
            AppCommand::AddBoundary => "Add trust boundary",
            AppCommand::WriteThreat => "Write a threat…",
            AppCommand::TogglePalette => "Palette",
            AppCommand::ToggleInspector => "Inspector",
            AppCommand::ToggleFindings => "Findings",
            AppCommand::Help => "Keyboard shortcuts",
            AppCommand::RuleEditor => "Rule editor",
            AppCommand::RuleApi => "Rule API",
            AppCommand::ViewDiagram => "Diagram",
            AppCommand::ViewMaestro => "MAESTRO layers",
            AppCommand::ViewFrameworks => "ATLAS and OWASP",
            AppCommand::ViewAttackPaths => "Attack paths",
            AppCommand::ViewChecklists => "Secure by design",
            AppCommand::ViewPasta => "PASTA",
            AppCommand::AssistantSettings => "Assistant command…",
            AppCommand::AssistantSuggest => "Suggest threats",
            AppCommand::AssistantExplain => "Explain the selected finding",
            AppCommand::AssistantControls => "Suggest controls for the selected finding",
            AppCommand::AssistantDraft => "Draft from the description",
            AppCommand::NudgeLeft => "Nudge left",
            AppCommand::NudgeRight => "Nudge right",
            AppCommand::NudgeUp => "Nudge up",
            AppCommand::NudgeDown => "Nudge down",
            AppCommand::Present => "Present (workshop)…",
            AppCommand::EndSession => "End workshop session",
            AppCommand::UiScaleUp => "Larger interface",
            AppCommand::UiScaleDown => "Smaller interface",
            AppCommand::UiScaleReset => "Normal interface size",
        }
    }

    /// A sentence for tooltips and the help overlay.
    pub fn tooltip(self) -> &'static str {
        match self {
            AppCommand::New => "Start an empty threat model",
            AppCommand::Open => "Open a .bulwark.ron model",
            AppCommand::MapRepository => {
                "Infer a model from a repository's code and configuration (offline; nothing in it is run)"
            }
            AppCommand::CompareWith => {
                "Show what changed since another version of this model: added, removed and changed components on the canvas, new and resolved findings in the list (again to leave)"
            }
            AppCommand::Import => {
                "Read a threat model from another tool (Microsoft Threat Modeling Tool .tm7, OWASP Threat Dragon, Open Threat Model, CycloneDX 2.0 threat model, threat-composer), with a report of what was kept and dropped"
            }
            AppCommand::Save => "Save the model to its file",
            AppCommand::SaveAs => "Save the model to a new file",
            AppCommand::Quit => "Close Bulwark",
            AppCommand::Undo => "Take back the last change",
            AppCommand::Redo => "Re-apply the last undone change",
            AppCommand::Copy => "Copy the selected components and the flows between them",
            AppCommand::Cut => "Copy the selected components, then delete them",
            AppCommand::Paste => "Paste components copied here or in another model",
            AppCommand::Duplicate => "Duplicate the selected components beside the originals",
            AppCommand::Delete => "Delete the selected components, flows and boundaries",
            AppCommand::SelectAll => "Select every component",
            AppCommand::ClearSelection => "Deselect everything, cancel a rename or a drag",
            AppCommand::Rename => "Rename the selected item in place (or double-click it)",
            AppCommand::Fit => "Zoom to show the whole model",
            AppCommand::TidyLayout => {
                "Lay the model out again: data flowing left to right, trust boundaries around their members, flows routed around components. Shown as a preview first; one undo step"
            }
            AppCommand::TidySelection => {
                "Lay out only the selected components and place them on a free spot, keeping everything else where it is. Shown as a preview first; one undo step"
            }
            AppCommand::RouteRightAngles => {
                "Route the selected flows (and the flows between selected components) with horizontal and vertical runs around the other components; drag a bend or a run to adjust it. One undo step"
            }
            AppCommand::Straighten => {
                "Make the selected flows (and the flows between selected components) straight lines again. One undo step"
            }
            AppCommand::ZoomIn => "Zoom in (or scroll the wheel over the canvas)",
            AppCommand::ZoomOut => "Zoom out (or scroll the wheel over the canvas)",
            AppCommand::Find => "Find components by name and select them",
            AppCommand::Focus => {
                "Fade everything but the selected component and what it exchanges data with, or the selected finding's path (Esc leaves)"
            }
            AppCommand::AddBoundary => {
                "Put the selected components in a new trust boundary, or draw one in the middle of the view"
            }
            AppCommand::WriteThreat => {
                "Write a threat no rule raises, about the selected component, flow or boundary (or the whole model)"
            }
            AppCommand::TogglePalette => "Show or hide the component palette",
            AppCommand::ToggleInspector => "Show or hide the inspector",
            AppCommand::ToggleFindings => "Show or hide the findings",
            AppCommand::Help => "List the keyboard shortcuts",
            AppCommand::RuleEditor => "Write and test your own rules, with a preview on this diagram before you save",
            AppCommand::RuleApi => "Every function and property a rule can use, and how the sandbox limits it",
            AppCommand::ViewDiagram => "The diagram, to edit",
            AppCommand::ViewMaestro => {
                "The diagram coloured by MAESTRO layer, with findings per layer and the threats that cross layers"
            }
            AppCommand::ViewFrameworks => {
                "This model's open findings on the MITRE ATLAS matrix and the OWASP LLM and Agentic lists"
            }
            AppCommand::ViewAttackPaths => {
                "How untrusted sources reach sinks through models, agents and tools, as the path rules found it"
            }
            AppCommand::ViewChecklists => {
                "NCSC/CISA secure AI development, NSA/CISA deploying AI securely and the NIST AI RMF functions, item by item against this model's controls"
            }
            AppCommand::ViewPasta => {
                "The seven PASTA stages over this model: business objectives and compliance needs, and what each stage has and lacks"
            }
            AppCommand::AssistantSettings => {
                "The command of an assistant you trust (a local model runner behind a script), run without a shell over stdin/stdout; empty turns it off"
            }
            AppCommand::AssistantSuggest => {
                "Ask the assistant for threats the rules did not raise, on the selected component or the whole model; they wait for your review"
            }
            AppCommand::AssistantExplain => "Ask the assistant to explain the selected finding",
            AppCommand::AssistantControls => {
                "Ask the assistant which controls would close the selected finding; they wait for your review"
            }
            AppCommand::AssistantDraft => {
                "Ask the assistant to propose components and flows from the model's description; they wait for your review"
            }
            AppCommand::NudgeLeft | AppCommand::NudgeRight | AppCommand::NudgeUp | AppCommand::NudgeDown => {
                "Move the selected components a little (hold Shift for a grid step); one undo step each"
            }
            AppCommand::Present => {
                "Run a threat-modeling session on a projector: the four questions, item by item, with card prompts, capture keys, voting and a timer; recorded in the model"
            }
            AppCommand::EndSession => "Write the running session's end time and leave the presenter view",
            AppCommand::UiScaleUp | AppCommand::UiScaleDown | AppCommand::UiScaleReset => {
                "Scale every panel, menu and the canvas text together (remembered; the presenter view scales on top of it)"
            }
        }
    }

    /// The shortcuts, the first being the one menus show. More specific ones come first where
    /// two share a key (Ctrl+Shift+Z before Ctrl+Z), because egui ignores extra Shift.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        const NEW: [KeyboardShortcut; 1] = [sc(CMD, Key::N)];
        const OPEN: [KeyboardShortcut; 1] = [sc(CMD, Key::O)];
        const SAVE: [KeyboardShortcut; 1] = [sc(CMD, Key::S)];
        const SAVE_AS: [KeyboardShortcut; 1] = [sc(CMD_SHIFT, Key::S)];
        const QUIT: [KeyboardShortcut; 1] = [sc(CMD, Key::Q)];
        const UNDO: [KeyboardShortcut; 1] = [sc(CMD, Key::Z)];
        const REDO: [KeyboardShortcut; 2] = [sc(CMD, Key::Y), sc(CMD_SHIFT, Key::Z)];
        const COPY: [KeyboardShortcut; 1] = [sc(CMD, Key::C)];
        const CUT: [KeyboardShortcut; 1] = [sc(CMD, Key::X)];
        const PASTE: [KeyboardShortcut; 1] = [sc(CMD, Key::V)];
        const DUPLICATE: [KeyboardShortcut; 1] = [sc(CMD, Key::D)];
        const DELETE: [KeyboardShortcut; 2] = [sc(NONE, Key::Delete), sc(NONE, Key::Backspace)];
        const SELECT_ALL: [KeyboardShortcut; 1] = [sc(CMD, Key::A)];
        const CLEAR: [KeyboardShortcut; 1] = [sc(NONE, Key::Escape)];
        const RENAME: [KeyboardShortcut; 1] = [sc(NONE, Key::F2)];
        const FIT: [KeyboardShortcut; 1] = [sc(NONE, Key::F)];
        const ZOOM_IN: [KeyboardShortcut; 2] = [sc(NONE, Key::Plus), sc(NONE, Key::Equals)];
        const ZOOM_OUT: [KeyboardShortcut; 1] = [sc(NONE, Key::Minus)];
        const FIND: [KeyboardShortcut; 1] = [sc(CMD, Key::F)];
        const FOCUS: [KeyboardShortcut; 1] = [sc(Modifiers::SHIFT, Key::F)];
        // Function keys: the same on every keyboard layout, and free while presenting.
        const PALETTE: [KeyboardShortcut; 1] = [sc(NONE, Key::F7)];
        const INSPECTOR: [KeyboardShortcut; 1] = [sc(NONE, Key::F8)];
        const FINDINGS: [KeyboardShortcut; 1] = [sc(NONE, Key::F9)];
        const BOUNDARY: [KeyboardShortcut; 1] = [sc(NONE, Key::B)];
        const THREAT: [KeyboardShortcut; 1] = [sc(NONE, Key::T)];
        const HELP: [KeyboardShortcut; 2] = [sc(NONE, Key::Questionmark), sc(NONE, Key::F1)];
        const VIEW_1: [KeyboardShortcut; 1] = [sc(CMD, Key::Num1)];
        const VIEW_2: [KeyboardShortcut; 1] = [sc(CMD, Key::Num2)];
        const VIEW_3: [KeyboardShortcut; 1] = [sc(CMD, Key::Num3)];
        const VIEW_4: [KeyboardShortcut; 1] = [sc(CMD, Key::Num4)];
        const VIEW_5: [KeyboardShortcut; 1] = [sc(CMD, Key::Num5)];
        const VIEW_6: [KeyboardShortcut; 1] = [sc(CMD, Key::Num6)];
        const PRESENT: [KeyboardShortcut; 1] = [sc(NONE, Key::F5)];
        const SCALE_UP: [KeyboardShortcut; 2] = [sc(CMD, Key::Equals), sc(CMD, Key::Plus)];
        const SCALE_DOWN: [KeyboardShortcut; 1] = [sc(CMD, Key::Minus)];
        const SCALE_RESET: [KeyboardShortcut; 1] = [sc(CMD, Key::Num0)];
        const SHIFT: Modifiers = Modifiers::SHIFT;
        const LEFT: [KeyboardShortcut; 2] = [sc(NONE, Key::ArrowLeft), sc(SHIFT, Key::ArrowLeft)];
        const RIGHT: [KeyboardShortcut; 2] = [sc(NONE, Key::ArrowRight), sc(SHIFT, Key::ArrowRight)];
        const UP: [KeyboardShortcut; 2] = [sc(NONE, Key::ArrowUp), sc(SHIFT, Key::ArrowUp)];
        const DOWN: [KeyboardShortcut; 2] = [sc(NONE, Key::ArrowDown), sc(SHIFT, Key::ArrowDown)];
        match self {
            AppCommand::New => &NEW,
            AppCommand::Open => &OPEN,
            AppCommand::Save => &SAVE,
            AppCommand::SaveAs => &SAVE_AS,
            AppCommand::Quit => &QUIT,
            AppCommand::Undo => &UNDO,
            AppCommand::Redo => &REDO,
            AppCommand::Copy => &COPY,
            AppCommand::Cut => &CUT,
            AppCommand::Paste => &PASTE,
            AppCommand::Duplicate => &DUPLICATE,
            AppCommand::Delete => &DELETE,
            AppCommand::SelectAll => &SELECT_ALL,
            AppCommand::ClearSelection => &CLEAR,
            AppCommand::Rename => &RENAME,
            AppCommand::Fit => &FIT,
            AppCommand::TidyLayout
            | AppCommand::TidySelection
            | AppCommand::RouteRightAngles
            | AppCommand::Straighten
            | AppCommand::MapRepository
            | AppCommand::CompareWith
            | AppCommand::Import => &[],
            AppCommand::ZoomIn => &ZOOM_IN,
            AppCommand::ZoomOut => &ZOOM_OUT,
            AppCommand::Find => &FIND,
            AppCommand::Focus => &FOCUS,
            AppCommand::AddBoundary => &BOUNDARY,
            AppCommand::WriteThreat => &THREAT,
            AppCommand::TogglePalette => &PALETTE,
            AppCommand::ToggleInspector => &INSPECTOR,
            AppCommand::ToggleFindings => &FINDINGS,
            AppCommand::Help => &HELP,
            AppCommand::RuleEditor | AppCommand::RuleApi => &[],
            AppCommand::ViewDiagram => &VIEW_1,
            AppCommand::ViewMaestro => &VIEW_2,
            AppCommand::ViewFrameworks => &VIEW_3,
            AppCommand::ViewAttackPaths => &VIEW_4,
            AppCommand::ViewChecklists => &VIEW_5,
            AppCommand::ViewPasta => &VIEW_6,
            AppCommand::AssistantSettings
            | AppCommand::AssistantSuggest
            | AppCommand::AssistantExplain
            | AppCommand::AssistantControls
            | AppCommand::AssistantDraft => &[],
            AppCommand::NudgeLeft => &LEFT,
            AppCommand::NudgeRight => &RIGHT,
            AppCommand::NudgeUp => &UP,
            AppCommand::NudgeDown => &DOWN,
            AppCommand::Present => &PRESENT,
            AppCommand::EndSession => &[],
            AppCommand::UiScaleUp => &SCALE_UP,
            AppCommand::UiScaleDown => &SCALE_DOWN,
            AppCommand::UiScaleReset => &SCALE_RESET,
        }
    }

    /// The shortcut text menus show ("Ctrl+S").
    pub fn shortcut_text(self, ctx: &egui::Context) -> Option<String> {
        self.shortcuts().first().map(|s| shortcut_text(ctx, s))
    }

    /// Copy, cut and paste arrive as clipboard events, not as key presses (the windowing layer
    /// turns Ctrl+C into `Event::Copy`), so the keyboard loop skips them.
    fn is_clipboard(self) -> bool {
        matches!(self, AppCommand::Copy | AppCommand::Cut | AppCommand::Paste)
    }

    /// Whether the shortcut still works while a text field has the keyboard. Text fields keep
    /// their own undo, select-all, delete and single-letter keys.
    fn works_while_typing(self) -> bool {
        matches!(
            self,
            AppCommand::New
                | AppCommand::Open
                | AppCommand::Save
                | AppCommand::SaveAs
                | AppCommand::Quit
                | AppCommand::Find
        )
    }

    /// The commands whose shortcuts were pressed this frame (consuming the key presses).
    pub fn pressed(ctx: &egui::Context) -> Vec<AppCommand> {
        let typing = ctx.text_edit_focused();
        // An open menu or popup takes Escape to close itself; it must not also deselect.
        let popup = egui::Popup::is_any_open(ctx);
        // The most specific shortcuts first: more modifiers win.
        let mut candidates: Vec<(AppCommand, KeyboardShortcut)> = Self::ALL
            .iter()
            .filter(|c| !c.is_clipboard() && (!typing || c.works_while_typing()))
            .filter(|c| !(popup && **c == AppCommand::ClearSelection))
            .flat_map(|c| c.shortcuts().iter().map(move |s| (*c, *s)))
            .collect();
        candidates.sort_by_key(|(_, s)| std::cmp::Reverse(modifier_count(s.modifiers)));
        let mut out = Vec::new();
        ctx.input_mut(|i| {
            for (cmd, s) in candidates {
                if i.consume_shortcut(&s) && !out.contains(&cmd) {
                    out.push(cmd);
                }
            }
            // Some keyboard layouts report "?" only as typed text, not as a key.
            let question = i.events.iter().any(|e| matches!(e, egui::Event::Text(t) if t == "?"));
            if question && !typing && !out.contains(&AppCommand::Help) {
                out.push(AppCommand::Help);
            }
        });
        out
    }

    /// Clipboard events (copy, cut, paste) this frame, unless a text field has the keyboard.
    /// Paste carries the clipboard text.
    pub fn clipboard_events(ctx: &egui::Context) -> Vec<ClipboardEvent> {
        if ctx.text_edit_focused() {
            return Vec::new();
        }
        ctx.input(|i| {
            i.events
                .iter()
                .filter_map(|e| match e {
                    egui::Event::Copy => Some(ClipboardEvent::Copy),
                    egui::Event::Cut => Some(ClipboardEvent::Cut),
                    egui::Event::Paste(text) => Some(ClipboardEvent::Paste(text.clone())),
                    _ => None,
                })
                .collect()
        })
    }
}

/// A clipboard key press, as the windowing layer reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClipboardEvent {
    /// Ctrl+C.
    Copy,
    /// Ctrl+X.
    Cut,
    /// Ctrl+V, with the clipboard's text.
    Paste(String),
}

/// "Ctrl+Shift+Z", "?", "+": how a shortcut reads in menus and the help overlay.
pub fn shortcut_text(ctx: &egui::Context, s: &KeyboardShortcut) -> String {
    let key = match s.logical_key {
        Key::Questionmark => "?",
        Key::Plus => "+",
        Key::Equals => "=",
        Key::Minus => "-",
        k => k.name(),
    };
    let mods = egui::ModifierNames::NAMES.format(&s.modifiers, ctx.os().is_mac());
    if mods.is_empty() {
        key.to_owned()
    } else {
        format!("{mods}+{key}")
    }
}

fn modifier_count(m: Modifiers) -> usize {
    [m.alt, m.ctrl, m.shift, m.mac_cmd, m.command]
        .iter()
        .filter(|b| **b)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen = std::collections::BTreeMap::new();
        for c in AppCommand::ALL {
            for s in c.shortcuts() {
                let key = format!("{:?}", (s.modifiers, s.logical_key));
                if let Some(other) = seen.insert(key.clone(), c) {
                    panic!("{c:?} and {other:?} share {key}");
                }
            }
        }
    }

    #[test]
    fn every_command_has_a_label_and_a_tooltip() {
        for c in AppCommand::ALL {
            assert!(!c.label().is_empty() && !c.tooltip().is_empty(), "{c:?}");
        }
    }
}
