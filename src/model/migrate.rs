//! Format versions and migrations. Each old format has its own typed schema here and a
//! conversion to the next one, so a file from any earlier Bulwark still opens.
//!
//! Format 0 (pre-release drafts): components with inline positions (`pos: (x, y)`), flows with
//! `data_classes`, no notes and no separate layout section. Format 1: flows with
//! `bidirectional` and yes/no `encrypted` and `authenticated`. Format 2: flows with an
//! `operation`, the data that comes back (`returns`), and facts that may be unknown; boundaries
//! of kind `Group` that are not trust boundaries. Format 3: findings are one per rule and
//! element (`RULE@element`), so triage recorded under `RULE@source@sink` moves there. Format 4:
//! threats people write (`threats`), and triage records who decided, a review date and an
//! assessed severity; a format-3 file reads as format 4 unchanged. Format 5 added merge
//! conflict records; a format-4 file reads as format 5 unchanged. Format 9 added the
//! waypoints of routed flows (`layout.flows`); a format-7 or format-8 file reads as format 9
//! unchanged.

use super::document::{FORMAT_VERSION, Model};
use super::source_opts;
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// Reads only the `format` field. A file without one is format 0 (drafts had none).
pub fn probe_format(text: &str) -> Result<u32, ron::error::SpannedError> {
    match leading_format(text) {
        Some(format) => Ok(format),
        None => probe_format_by_parsing(text),
    }
}

/// The format of a file that starts the way Bulwark writes one, `(` then `format: N,`, read
/// without parsing the rest: reading the whole file only to skip everything but that field was
/// a fifth of `check` at 1,000 elements (#15). Anything else (a comment, a struct name, RON
/// attributes, no format field first) returns `None` and the file is probed by parsing.
fn leading_format(text: &str) -> Option<u32> {
    fn ws(s: &str) -> &str {
        s.trim_start_matches([' ', '\t', '\n', '\r'])
    }
    let rest = ws(text);
    let rest = ws(rest.strip_prefix('(')?);
    let rest = ws(rest.strip_prefix("format")?);
    let rest = ws(rest.strip_prefix(':')?);
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (number, after) = rest.split_at(digits);
    // `,` or `)` must follow, so `format: 4x` or `format: 4.0` are left to the parser.
    if !ws(after).starts_with([',', ')']) {
        return None;
    }
    number.parse().ok()
}

fn probe_format_by_parsing(text: &str) -> Result<u32, ron::error::SpannedError> {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        format: u32,
    }
    source_opts().from_str::<Probe>(text).map(|p| p.format)
}

/// Parses a file of the given (not newer) format and migrates it to the current one; the
/// notes say what the migration decided for people to check.
pub fn parse_any(format: u32, text: &str) -> Result<(Model, Vec<String>), ron::error::SpannedError> {
    match format {
        0 => Ok(v2::migrate(v0::Model::parse(text)?.migrate().migrate())),
        1 => Ok(v2::migrate(v1::Model::parse(text)?.migrate())),
        2 => Ok(v2::migrate((read::<Model>(text)?, Vec::new()))),
        // Formats 4 to 9 only added sections and fields with defaults.
        3..=8 => Ok((read::<Model>(text)?, Vec::new())),
        _ => {
            debug_assert_eq!(format, FORMAT_VERSION);
            Ok((read::<Model>(text)?, Vec::new()))
        }
    }
}

/// Reads a whole file with the fast reader, or with `ron` where it declines, so that what is
/// read is always what `ron` reads and an error is always `ron`'s, at `ron`'s line (#15).
fn read<T: DeserializeOwned>(text: &str) -> Result<T, ron::error::SpannedError> {
    match super::fast_ron::from_str(text) {
        Ok(value) => Ok(value),
        Err(_) => source_opts().from_str(text),
    }
}

/// Whether the fast reader kept its promise on `text` read as a current-format model: `Ok(true)`
/// when it read the model `ron` reads, `Ok(false)` when it declined, `Err` saying what differs
/// when it read a text `ron` rejects or read another model. For the fuzz harness and tests.
#[doc(hidden)]
pub fn check_fast_read(text: &str) -> Result<bool, String> {
    let Ok(fast) = super::fast_ron::from_str::<Model>(text) else {
        return Ok(false);
    };
    match source_opts().from_str::<Model>(text) {
        Err(e) => Err(format!("the fast reader accepted a text ron rejects ({e})")),
        // The text as well as equality: `-0.0 == 0.0`, but they are written differently.
        Ok(slow) if slow != fast || super::to_string(&slow).ok() != super::to_string(&fast).ok() => {
            Err(format!("the fast reader read {fast:?}, ron {slow:?}"))
        }
        Ok(_) => Ok(true),
    }
}

mod v0 {
    use crate::model::{
        Boundary, BoundaryId, ControlId, ControlState, DataClassId, Element, ElementId, FindingId, FlowId, KindId,
        Layout, PropKey, Triage, Value,
    };
    use serde::Deserialize;
    use std::collections::{BTreeMap, BTreeSet};

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Model {
        #[serde(default)]
        #[allow(dead_code)]
        format: u32,
        name: String,
        #[serde(default)]
        components: BTreeMap<ElementId, Component>,
        #[serde(default)]
        flows: BTreeMap<FlowId, DraftFlow>,
        #[serde(default)]
        boundaries: BTreeMap<BoundaryId, Boundary>,
        #[serde(default)]
        triage: BTreeMap<FindingId, Triage>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Component {
        kind: KindId,
        name: String,
        #[serde(default)]
        boundary: Option<BoundaryId>,
        #[serde(default)]
        properties: BTreeMap<PropKey, Value>,
        #[serde(default)]
        controls: BTreeMap<ControlId, ControlState>,
        pos: (f32, f32),
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct DraftFlow {
        from: ElementId,
        to: ElementId,
        #[serde(default)]
        label: String,
        #[serde(default)]
        data_classes: BTreeSet<DataClassId>,
        #[serde(default)]
        encrypted: bool,
        #[serde(default)]
        authenticated: bool,
    }

    impl Model {
        pub fn parse(text: &str) -> Result<Self, ron::error::SpannedError> {
            super::read(text)
        }

        pub fn migrate(self) -> super::v1::Model {
            let mut m = crate::model::Model::new(self.name);
            let mut layout = Layout::default();
            for (id, c) in self.components {
                layout
                    .elements
                    .insert(id.clone(), crate::model::Pos::new(c.pos.0, c.pos.1));
                let mut el = Element::new(c.kind, c.name);
                el.boundary = c.boundary;
                el.properties = c.properties;
                el.controls = c.controls;
                m.elements.insert(id, el);
            }
            let flows = self
                .flows
                .into_iter()
                .map(|(id, f)| {
                    let mut flow = super::v1::Flow::new(f.from, f.to, f.label);
                    flow.data = f.data_classes;
                    flow.encrypted = f.encrypted;
                    flow.authenticated = f.authenticated;
                    (id, flow)
                })
                .collect();
            m.boundaries = self.boundaries;
            m.triage = self.triage;
            m.layout = layout;
            super::v1::Model::from_parts(m, flows)
        }
    }
}

/// Format 1 → 2: a flow's `bidirectional` becomes an operation and the data that comes back;
/// `encrypted` / `authenticated` become yes / no / unknown.
mod v1 {
    use crate::model::{
        Boundary, BoundaryId, ControlId, ControlState, DataClassId, Element, ElementId, Fact, FindingId, FlowId,
        Layout, Note, NoteId, Operation, Provenance, Triage,
    };
    use serde::Deserialize;
    use std::collections::{BTreeMap, BTreeSet};

    /// Kinds that were data stores (DFD `DataStore`) when format 1 was current: a flow into one
    /// stores or queries, it does not make it act.
    const STORES: [&str; 19] = [
        "data-lake",
        "training-dataset",
        "feature-store",
        "experiment-tracker",
        "model-registry",
        "artifact-registry",
        "prompt-cache",
        "system-prompt-store",
        "vector-db",
        "conversation-store",
        "agent-config",
        "tool-registry",
        "agent-memory",
        "observability-store",
        "secrets-manager",
        "database",
        "object-store",
        "message-queue",
        "cache",
    ];

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Model {
        #[allow(dead_code)]
        format: u32,
        name: String,
        #[serde(default)]
        description: String,
        #[serde(default)]
        elements: BTreeMap<ElementId, Element>,
        #[serde(default)]
        flows: BTreeMap<FlowId, Flow>,
        #[serde(default)]
        boundaries: BTreeMap<BoundaryId, Boundary>,
        #[serde(default)]
        notes: BTreeMap<NoteId, Note>,
        #[serde(default)]
        triage: BTreeMap<FindingId, Triage>,
        #[serde(default)]
        layout: Layout,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Flow {
        from: ElementId,
        to: ElementId,
        #[serde(default)]
        label: String,
        #[serde(default)]
        pub data: BTreeSet<DataClassId>,
        #[serde(default)]
        protocol: String,
        #[serde(default)]
        pub encrypted: bool,
        #[serde(default)]
        pub authenticated: bool,
        #[serde(default)]
        bidirectional: bool,
        #[serde(default)]
        controls: BTreeMap<ControlId, ControlState>,
        #[serde(default)]
        notes: String,
        #[serde(default)]
        inferred: Option<Provenance>,
    }

    impl Flow {
        pub fn new(from: ElementId, to: ElementId, label: String) -> Self {
            Self {
                from,
                to,
                label,
                data: BTreeSet::new(),
                protocol: String::new(),
                encrypted: false,
                authenticated: false,
                bidirectional: false,
                controls: BTreeMap::new(),
                notes: String::new(),
                inferred: None,
            }
        }
    }

    /// Whether the flow's own words say the fact does not hold (format 1 could not tell "no"
    /// from "nobody answered", so only an explicit statement makes it a no).
    fn says_no(f: &Flow, phrases: &[&str]) -> bool {
        let text = format!("{} {} {}", f.label, f.protocol, f.notes).to_lowercase();
        phrases.iter().any(|p| text.contains(p))
    }

    const NOT_ENCRYPTED: [&str; 8] = [
        "plain http",
        "insecure http",
        "plaintext",
        "cleartext",
        "unencrypted",
        "not encrypted",
        "no tls",
        "without tls",
    ];
    const NOT_AUTHENTICATED: [&str; 5] = [
        "unauthenticated",
        "not authenticated",
        "no auth",
        "without auth",
        "anonymous",
    ];

    fn fact(value: bool, flow: &Flow, no: &[&str]) -> Fact {
        if value {
            Fact::Yes
        } else if says_no(flow, no) {
            Fact::No
        } else {
            Fact::Unknown
        }
    }

    impl Model {
        pub fn parse(text: &str) -> Result<Self, ron::error::SpannedError> {
            super::read(text)
        }

        pub fn from_parts(m: crate::model::Model, flows: BTreeMap<FlowId, Flow>) -> Self {
            Self {
                format: 1,
                name: m.name,
                description: m.description,
                elements: m.elements,
                flows,
                boundaries: m.boundaries,
                notes: m.notes,
                triage: m.triage,
                layout: m.layout,
            }
        }

        pub fn migrate(self) -> (crate::model::Model, Vec<String>) {
            let is_store = |id: &ElementId| self.elements.get(id).is_some_and(|e| STORES.contains(&e.kind.as_str()));
            let mut m = crate::model::Model::new(self.name.clone());
            let mut by_operation: BTreeMap<Operation, usize> = BTreeMap::new();
            let (mut unknown, mut said_no) = (0usize, 0usize);
            for (id, f) in &self.flows {
                let operation = match (f.bidirectional, is_store(&f.to), is_store(&f.from)) {
                    (true, true, _) => Operation::Read,
                    (true, false, _) => Operation::Invoke,
                    (false, true, _) => Operation::Write,
                    (false, false, true) => Operation::Stream,
                    (false, false, false) => Operation::Invoke,
                };
                *by_operation.entry(operation).or_default() += 1;
                let encrypted = fact(f.encrypted, f, &NOT_ENCRYPTED);
                let authenticated = fact(f.authenticated, f, &NOT_AUTHENTICATED);
                for x in [encrypted, authenticated] {
                    match x {
                        Fact::Unknown => unknown += 1,
                        Fact::No => said_no += 1,
                        Fact::Yes => {}
                    }
                }
                let mut flow = crate::model::Flow::new(f.from.clone(), f.to.clone(), f.label.clone());
                flow.operation = operation;
                flow.data = f.data.clone();
                // Format 1 could not say which way each class went: what went there may come back.
                if f.bidirectional {
                    flow.returns = f.data.clone();
                }
                flow.protocol = f.protocol.clone();
                flow.encrypted = encrypted;
                flow.authenticated = authenticated;
                flow.controls = f.controls.clone();
                flow.notes = f.notes.clone();
                flow.inferred = f.inferred.clone();
                m.flows.insert(id.clone(), flow);
            }
            m.description = self.description;
            m.elements = self.elements;
            m.boundaries = self.boundaries;
            m.notes = self.notes;
            m.triage = self.triage;
            m.layout = self.layout;
            let mut notes = Vec::new();
            if !m.flows.is_empty() {
                let ops: Vec<String> = by_operation.iter().map(|(o, n)| format!("{n} {}", o.id())).collect();
                notes.push(format!(
                    "flows now say what they do: {} (two-way flows into a store became reads, other two-way \
                     flows invocations whose data also comes back; check them)",
                    ops.join(", ")
                ));
            }
            if unknown > 0 {
                notes.push(format!(
                    "{unknown} encryption or authentication answers that were `false` are now unknown, because \
                     format 1 could not tell no from unanswered; {said_no} stay no where the flow's text says so"
                ));
            }
            (m, notes)
        }
    }
}

/// Format 2 → 3: findings gathered per rule and element. A triage stored under an id naming
/// several elements (`RULE@source@sink`) moves to `RULE@anchor`; verdicts that land on one id
/// and agree are kept as one, verdicts that disagree are dropped (the finding is open again)
/// and quoted in a decision note on the element, so nothing a person wrote is lost.
mod v2 {
    use crate::model::{ElementId, FindingId, Model, Note, NoteId, NoteKind, Triage};
    use std::collections::BTreeMap;

    /// Shipped script rules whose findings are shown on the first element they name (the
    /// others, like flow and path findings, are shown on the last).
    const ANCHORED_FIRST: [&str; 2] = ["RHAI-MCP-001", "RHAI-MEM-001"];

    fn new_id(id: &FindingId) -> Option<(FindingId, ElementId)> {
        let mut parts = id.as_str().split('@');
        let rule = parts.next()?;
        let elements: Vec<&str> = parts.collect();
        if elements.len() < 2 {
            return None;
        }
        let anchor = if ANCHORED_FIRST.contains(&rule) {
            elements[0]
        } else {
            elements[elements.len() - 1]
        };
        Some((FindingId::new(format!("{rule}@{anchor}")), ElementId::new(anchor)))
    }

    pub fn migrate((mut m, mut notes): (Model, Vec<String>)) -> (Model, Vec<String>) {
        let mut moved: BTreeMap<FindingId, (ElementId, Vec<(FindingId, Triage)>)> = BTreeMap::new();
        let old: Vec<FindingId> = m.triage.keys().filter(|k| new_id(k).is_some()).cloned().collect();
        for id in old {
            let (to, anchor) = new_id(&id).unwrap_or_else(|| (id.clone(), ElementId::new("")));
            if let Some(t) = m.triage.remove(&id) {
                moved.entry(to).or_insert_with(|| (anchor, Vec::new())).1.push((id, t));
            }
        }
        let (mut kept, mut dropped) = (0usize, 0usize);
        for (to, (anchor, group)) in moved {
            let agree = group.windows(2).all(|w| w[0].1.status == w[1].1.status) && !m.triage.contains_key(&to);
            if agree {
                let mut t = group[0].1.clone();
                let mut reasons: Vec<&str> = Vec::new();
                for (_, g) in &group {
                    if !g.justification.is_empty() && !reasons.contains(&g.justification.as_str()) {
                        reasons.push(&g.justification);
                    }
                }
                t.justification = reasons.join(" / ");
                t.date = group.iter().map(|(_, g)| g.date.clone()).max().unwrap_or_default();
                // What the finding gathers may be more than what was triaged: flag it stale so
                // a person looks again.
                t.fingerprint = "gathered-in-format-3".to_owned();
                m.triage.insert(to, t);
                kept += 1;
            } else {
                let quoted: Vec<String> = group
                    .iter()
                    .map(|(id, t)| format!("{id}: {} ({})", t.status.label(), t.justification))
                    .collect();
                let mut note = Note::new(
                    NoteKind::Decision,
                    format!(
                        "Triage of {to} before findings were gathered per element disagreed; it is open again. The earlier verdicts: {}",
                        quoted.join("; ")
                    ),
                );
                note.elements = m.elements.contains_key(&anchor).then_some(anchor).into_iter().collect();
                let id = fresh_note_id(&m);
                m.notes.insert(id, note);
                dropped += 1;
            }
        }
        if kept + dropped > 0 {
            notes.push(format!(
                "findings are now one per rule and element: {kept} triage decisions moved to their new ids, {dropped} that disagreed were reopened and quoted in a decision note"
            ));
        }
        (m, notes)
    }

    fn fresh_note_id(m: &Model) -> NoteId {
        (1..)
            .map(|n| NoteId::new(format!("note-migrated-{n}")))
            .find(|id| !m.notes.contains_key(id))
            .unwrap_or_else(|| NoteId::new("note-migrated"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_format_probe_agrees_with_parsing_on_every_shipped_model_and_fixture() {
        let mut files: Vec<std::path::PathBuf> = Vec::new();
        for dir in ["assets/examples", "tests/fixtures"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                if e.path().to_string_lossy().ends_with(".bulwark.ron") {
                    files.push(e.path());
                }
            }
        }
        assert!(files.len() >= 6, "{files:?}");
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let parsed = probe_format_by_parsing(&text).unwrap();
            assert_eq!(probe_format(&text).unwrap(), parsed, "{}", f.display());
            if let Some(quick) = leading_format(&text) {
                assert_eq!(quick, parsed, "{}", f.display());
            }
        }
    }

    #[test]
    fn files_not_written_the_usual_way_are_probed_by_parsing() {
        assert_eq!(leading_format("(\n    format: 4,\n    name: \"x\")"), Some(4));
        assert_eq!(leading_format("(format:3)"), Some(3));
        // A comment, a struct name, attributes, another field first: parse.
        for text in [
            "// hi\n(format: 4, name: \"x\")",
            "Model(format: 4, name: \"x\")",
            "#![enable(implicit_some)]\n(format: 4)",
            "(name: \"x\", format: 4)",
            "(format: 4x, name: \"x\")",
            "(format: 4.0)",
            "(format: 99999999999, name: \"x\")",
            "(format: -1)",
            "",
        ] {
            assert_eq!(leading_format(text), None, "{text:?}");
        }
        // A file from a newer Bulwark is still recognised as newer.
        assert_eq!(probe_format("(format: 99, future: [1, 2])").unwrap(), 99);
        // Drafts without a format field are format 0.
        assert_eq!(probe_format("(name: \"x\", components: {})").unwrap(), 0);
    }
}
