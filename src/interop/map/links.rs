//! Flows between the elements of the repository itself: a file importing another file is a call
//! from the element that owns the first to the element that owns the second (the API's routes
//! importing the agent, the agent importing its retriever); a graph's declared edges link its
//! nodes; and a part nobody else calls is invoked by the unit that hosts it.

use super::draft::{Draft, DraftFlow};
use super::imports::{FileImports, Resolver, edges, go_module};
use super::infer::Input;
use super::parts::Parts;
use crate::model::{Confidence, Evidence, Operation};
use std::collections::{BTreeMap, BTreeSet};

/// Flows one import edge may produce (a file of many parts importing another).
const MAX_FLOWS_PER_EDGE: usize = 16;

/// Import edges between the repository's files: `(importer, imported, line)`.
pub type ImportEdges = Vec<(usize, usize, u32)>;

/// Which of the repository's files import which.
pub fn import_edges(input: &Input<'_>) -> ImportEdges {
    let files = &input.scan.files;
    let rels: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
    let go_modules: Vec<(String, String)> = files
        .iter()
        .filter(|f| f.rel == "go.mod" || f.rel.ends_with("/go.mod"))
        .filter_map(|f| {
            let dir = f.rel.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
            f.text.as_deref().and_then(go_module).map(|m| (dir, m))
        })
        .collect();
    let roots: Vec<String> = input.units.list.values().filter_map(|u| u.dir.clone()).collect();
    let resolver = Resolver::new(&rels, go_modules, roots);
    let table: Vec<FileImports<'_>> = files
        .iter()
        .map(|f| (f.rel.as_str(), f.source, f.imports.as_slice()))
        .collect();
    edges(&table, &resolver)
}

/// Adds the flows between the repository's own elements.
pub fn add(draft: &mut Draft, input: &Input<'_>, parts: &Parts, drawn: &BTreeSet<&str>, imports: &ImportEdges) {
    let files = &input.scan.files;
    let rels: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
    // Who owns a file: its parts, else its unit when drawn.
    let owners = |i: usize| -> Vec<String> {
        let on = parts.of_file(i);
        if !on.is_empty() {
            return on.iter().map(|p| p.key.clone()).collect();
        }
        let rel = files.get(i).map_or("", |f| f.rel.as_str());
        let u = input.units.owner(i, rel, 1);
        if drawn.contains(u) {
            vec![u.to_owned()]
        } else {
            Vec::new()
        }
    };
    let part_units: std::collections::HashMap<&str, &str> =
        parts.list.iter().map(|p| (p.key.as_str(), p.unit.as_str())).collect();
    let mut called: BTreeSet<String> = BTreeSet::new();
    for &(from, to, line) in imports {
        // The importer is the part whose code holds the import line (a pipeline step importing
        // inside its body), not every part of its file.
        let at: Vec<String> = parts.at(from, line).iter().map(|p| p.key.clone()).collect();
        let a = if at.is_empty() { owners(from) } else { at };
        let b = owners(to);
        let ev = Evidence {
            file: rels.get(from).copied().unwrap_or("").to_owned(),
            line,
            text: files
                .get(from)
                .and_then(|f| f.imports.iter().find(|(l, _, _)| *l == line))
                .map_or_else(String::new, |(_, _, t)| t.clone()),
            detector: "import".to_owned(),
        };
        // A part importing its own unit's shared modules is not a call to the unit.
        let unit_of = |k: &str| part_units.get(k).map(|u| (*u).to_owned());
        for (x, y) in a
            .iter()
            .flat_map(|x| b.iter().map(move |y| (x, y)))
            .filter(|(x, y)| x != y && unit_of(x).as_deref() != Some(y.as_str()))
            .take(MAX_FLOWS_PER_EDGE)
        {
            call(draft, x, y, "calls", &ev);
            called.insert(y.clone());
        }
    }
    // A graph's edges and an agent's hand-offs: `add_edge("planner", "researcher")`,
    // `handoffs: [returnsAgent, salesAgent]`. Without a `from`, the part defined nearest above
    // the line is the one handing off; `to` may list several.
    for hit in &input.scan.hits {
        let Some(det) = input.detectors.list.get(hit.detector).filter(|d| d.links) else {
            continue;
        };
        let Some(targets) = &hit.target else { continue };
        let Some(file) = files.get(hit.file) else { continue };
        let unit = input.units.owner(hit.file, &file.rel, hit.line);
        let from = match &hit.symbol {
            Some(a) => parts.by_symbol(unit, a),
            None => parts.at(hit.file, hit.line).into_iter().next(),
        };
        let Some(x) = from else { continue };
        let ev = Evidence {
            file: file.rel.clone(),
            line: hit.line,
            text: hit.text.clone(),
            detector: det.id.clone(),
        };
        for b in targets
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
            .filter(|t| !t.is_empty())
        {
            if let Some(y) = parts.by_symbol(unit, b).filter(|y| y.key != x.key) {
                call(draft, &x.key, &y.key, "hands off", &ev);
                called.insert(y.key.clone());
            }
        }
    }
    // An agent uses the tools defined beside it, in its own file.
    for p in &parts.list {
        if !matches!(p.kind.as_str(), "agent-orchestrator" | "sub-agent") {
            continue;
        }
        for t in parts.of_file(p.file) {
            if t.file == p.file
                && TOOL_KINDS.contains(&t.kind.as_str())
                && let Some(ev) = t.evidence.first()
            {
                call(draft, &p.key, &t.key, "tool calls", ev);
                called.insert(t.key.clone());
            }
        }
    }
    // A part nothing else calls is run by its unit; the browser side is not run by its
    // server, it calls it.
    let mut hosted: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for p in &parts.list {
        if !called.contains(&p.key) && drawn.contains(p.unit.as_str()) && p.kind.as_str() != "web-client" {
            hosted.entry(p.unit.as_str()).or_default().push(p.key.as_str());
        }
    }
    for (unit, keys) in hosted {
        for key in keys {
            let Some(p) = parts.list.iter().find(|p| p.key == key) else {
                continue;
            };
            let ev: Vec<Evidence> = p.evidence.iter().take(1).cloned().collect();
            if let Some(e) = ev.first() {
                call(draft, unit, key, "runs", e);
            }
        }
    }
}

/// Kinds of parts an agent calls as tools.
const TOOL_KINDS: [&str; 6] = [
    "tool",
    "browser-tool",
    "email-tool",
    "code-sandbox",
    "rag-retriever",
    "mcp-client",
];

fn call(draft: &mut Draft, from: &str, to: &str, label: &str, ev: &Evidence) {
    let to_kind = draft.elements.get(to).map(|e| e.kind.clone());
    let data = match to_kind.as_ref().map(|k| k.as_str()) {
        Some("tool" | "browser-tool" | "email-tool" | "code-sandbox" | "mcp-server") => {
            BTreeSet::from(["tool-calls".into()])
        }
        _ => BTreeSet::new(),
    };
    let returns = if data.is_empty() {
        BTreeSet::new()
    } else {
        BTreeSet::from(["tool-results".into()])
    };
    draft.flow(
        from,
        to,
        || DraftFlow {
            from: from.to_owned(),
            to: to.to_owned(),
            label: label.to_owned(),
            data,
            protocol: String::new(),
            operation: Operation::Invoke,
            returns,
            evidence: Vec::new(),
            confidence: Confidence::Medium,
        },
        std::slice::from_ref(ev),
        Confidence::Medium,
    );
}
