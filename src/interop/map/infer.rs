//! From hits and units to a draft model: one element per deployable unit or external service,
//! flows from what uses what, boundaries for the deployment, training, the internet and each
//! third party, and the controls the code shows. Which kinds, controls and answers come from
//! the detector library; this file only says how they combine.

use super::detectors::{Detector, Detectors, ServiceSpec};
use super::draft::{Draft, DraftElement, DraftFlow};
use super::mcp;
use super::parts::{Part, Parts};
use super::scan::{Hit, ScanResult};
use super::source::Source;
use super::summary::Warning;
use super::units::{Unit, Units};
use crate::catalog::Catalog;
use crate::model::{BoundaryKind, Confidence, DataClassId, Evidence, KindId, Operation, PropKey, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The actor of services that templates declare: no flow is drawn from it.
const DECLARED: &str = "declared:";
pub(super) const DEPLOYMENT: &str = "tb:deployment";
const TRAINING: &str = "tb:training";
const INTERNET: &str = "tb:internet";
const USERS: &str = "user:internet";

/// What the hits say about one unit.
#[derive(Debug, Default)]
struct Facts {
    /// Detectors used, with evidence and the best confidence.
    uses: BTreeMap<usize, (Vec<Evidence>, Confidence)>,
    /// Detectors it runs itself (an image), with evidence.
    runs: BTreeMap<usize, (Vec<Evidence>, Confidence)>,
    /// MCP servers configured in its files.
    mcp: Vec<(mcp::McpServer, Evidence)>,
    /// Other units named in URLs in its configuration.
    urls: Vec<(String, Evidence)>,
}

/// Uses of services, by who makes the call: a part when the call is in its file, else the
/// unit. Detector → evidence and best confidence.
type Calls = BTreeMap<String, BTreeMap<usize, (Vec<Evidence>, Confidence)>>;

/// Web APIs called by URL, by who calls them: host → evidence.
type Hosts = BTreeMap<String, BTreeMap<String, Vec<Evidence>>>;

/// Everything inference needs.
pub struct Input<'a> {
    /// The repository's folder name.
    pub repo_name: &'a str,
    /// What the scan read and matched.
    pub scan: &'a ScanResult,
    /// The units.
    pub units: &'a Units,
    /// The detectors.
    pub detectors: &'a Detectors,
    /// The catalog (which kinds ask which questions, which kinds are LLMs).
    pub catalog: &'a Catalog,
}

/// Builds the draft.
pub fn infer(input: &Input<'_>, warnings: &mut Vec<Warning>) -> Draft {
    let mut parts = super::parts::find(input.scan, input.units, input.detectors);
    let imports = super::links::import_edges(input);
    parts.run_imported_modules(input.scan, &imports);
    let (facts, calls, hosts) = gather(input, &parts, warnings);
    // The browser side of a unit that is itself a browser frontend is the unit; calls hung
    // on it are gathered again when one is left out.
    let before = parts.list.len();
    parts.retain(|p| {
        p.kind.as_str() != "web-client"
            || facts
                .get(&p.unit)
                .is_none_or(|f| unit_kind(input, f, false).as_str() != "web-client")
    });
    let (facts, mut calls, hosts) = if parts.list.len() == before {
        (facts, calls, hosts)
    } else {
        gather(input, &parts, &mut Vec::new())
    };
    let handed = calls_through_imports(input, &parts, &imports, &mut calls);
    // A service a part calls is called by that part, not by its unit too: the unit's manifest
    // only named the dependency, and a module its parts import made the calls for them. The
    // unit still calls it from code no part holds or imports (a route handler beside the
    // agents that calls the model itself).
    let by_parts: BTreeSet<(String, usize)> = parts
        .list
        .iter()
        .flat_map(|p| {
            calls
                .get(&p.key)
                .into_iter()
                .flat_map(|u| u.keys())
                .map(|d| (p.unit.clone(), canonical(input.detectors, *d)))
        })
        .collect();
    for (actor, uses) in calls.iter_mut() {
        uses.retain(|d, (ev, _)| {
            if !by_parts.contains(&(actor.clone(), canonical(input.detectors, *d))) {
                return true;
            }
            ev.retain(|e| is_code_file(&e.file) && !handed.contains(&e.file));
            !ev.is_empty()
        });
    }
    calls.retain(|_, uses| !uses.is_empty());
    let mut draft = Draft::default();
    let drawn = drawn_units(input.units, &facts);
    let deployment_kind = if input
        .scan
        .files
        .iter()
        .any(|f| matches!(f.source, Source::Kubernetes | Source::Terraform | Source::Bicep))
    {
        BoundaryKind::CloudAccount
    } else {
        BoundaryKind::CorporateNetwork
    };
    draft.boundary(
        DEPLOYMENT,
        &format!("{} deployment", input.repo_name),
        deployment_kind,
        None,
    );
    draft.boundary(
        TRAINING,
        "Training environment",
        BoundaryKind::TrainingEnvironment,
        Some(DEPLOYMENT),
    );
    draft.boundary(INTERNET, "Internet", BoundaryKind::Internet, None);

    // Which unit runs each service itself, so other units' uses point at it.
    let mut provider: BTreeMap<usize, String> = BTreeMap::new();
    for u in &drawn {
        if let Some(f) = facts.get(&u.key) {
            for d in f.runs.keys() {
                provider
                    .entry(canonical(input.detectors, *d))
                    .or_insert_with(|| u.key.clone());
            }
        }
    }
    let empty = Facts::default();
    let drawn_keys: BTreeSet<&str> = drawn.iter().map(|u| u.key.as_str()).collect();
    for u in &drawn {
        // With agents of its own, the unit is what hosts them, not the agent they are.
        let has_parts = parts
            .list
            .iter()
            .any(|p| p.unit == u.key && matches!(p.kind.as_str(), "agent-orchestrator" | "sub-agent"));
        add_unit(&mut draft, input, u, facts.get(&u.key).unwrap_or(&empty), has_parts);
    }
    add_parts(&mut draft, input, &parts, &drawn_keys);
    add_operators(&mut draft, input, &parts, &drawn_keys);
    for (actor, uses) in &calls {
        let unit_key = parts
            .list
            .iter()
            .find(|p| &p.key == actor)
            .map_or(actor.as_str(), |p| p.unit.as_str());
        let actor_drawn = drawn_keys.contains(actor.as_str()) || draft.elements.contains_key(actor);
        add_services(&mut draft, input, actor, unit_key, actor_drawn, uses, &provider);
    }
    agents_use_their_units_models(&mut draft, input, &parts);
    steps_write_artifacts(&mut draft, input, &parts, &calls);
    for (actor, by_host) in &hosts {
        if drawn_keys.contains(actor.as_str()) || draft.elements.contains_key(actor) {
            add_web_apis(&mut draft, actor, by_host);
        }
    }
    // Browser frontends: users reach them, and they call the backends.
    let web: BTreeSet<&str> = drawn
        .iter()
        .filter(|u| {
            draft
                .elements
                .get(&u.key)
                .is_some_and(|e| e.kind.as_str() == "web-client")
        })
        .map(|u| u.key.as_str())
        .collect();
    let backends: Vec<&str> = drawn
        .iter()
        .filter(|u| !web.contains(u.key.as_str()) && is_entry(input, u, facts.get(&u.key).unwrap_or(&empty)))
        .map(|u| u.key.as_str())
        .collect();
    for u in &drawn {
        let f = facts.get(&u.key).unwrap_or(&empty);
        let users = web.is_empty() || web.contains(u.key.as_str()) || !u.exposed.is_empty();
        add_links(&mut draft, input, &parts, u, f, users);
        if web.contains(u.key.as_str()) {
            link_frontend(&mut draft, input, u, f, &backends);
        }
    }
    agents_use_their_units_mcp_servers(&mut draft, &parts);
    super::links::add(&mut draft, input, &parts, &drawn_keys, &imports);
    draft
}

/// A part whose file imports a module of its own unit that holds no part (a client factory,
/// `llm.py`, `openai_clients.py`) makes the calls that module makes: the module is the part's
/// code too. One import deep. Returns the modules whose calls were handed to parts.
fn calls_through_imports(
    input: &Input<'_>,
    parts: &Parts,
    imports: &super::links::ImportEdges,
    calls: &mut Calls,
) -> BTreeSet<String> {
    let files = &input.scan.files;
    let mut added: Vec<(String, usize, Evidence)> = Vec::new();
    let mut handed = BTreeSet::new();
    for &(from, to, line) in imports {
        let (Some(importer), Some(module)) = (files.get(from), files.get(to)) else {
            continue;
        };
        if !parts.of_file(to).is_empty() {
            continue;
        }
        let unit = input.units.owner(to, &module.rel, 1);
        let Some(unit_calls) = calls.get(unit) else { continue };
        let callers: Vec<&Part> = parts.at(from, line).into_iter().filter(|p| p.unit == unit).collect();
        if callers.is_empty() {
            continue;
        }
        for (d, (ev, _)) in unit_calls {
            // Only what the module's code does, not what its unit's manifests name.
            let Some(at) = ev
                .iter()
                .find(|e| e.file == module.rel && input.scan.files.get(to).is_some_and(|f| f.source.is_code()))
            else {
                continue;
            };
            let via = Evidence {
                file: importer.rel.clone(),
                line,
                text: importer
                    .imports
                    .iter()
                    .find(|(l, _, _)| *l == line)
                    .map_or_else(String::new, |(_, _, t)| t.clone()),
                detector: "import".to_owned(),
            };
            for p in &callers {
                added.push((p.key.clone(), *d, at.clone()));
                added.push((p.key.clone(), *d, via.clone()));
            }
            handed.insert(module.rel.clone());
        }
    }
    for (actor, d, ev) in added {
        let e = calls
            .entry(actor)
            .or_default()
            .entry(d)
            .or_insert_with(|| (Vec::new(), Confidence::Medium));
        if !e.0.contains(&ev) {
            e.0.push(ev);
        }
    }
    handed
}

/// Whether a repository path is source code (not a manifest, a descriptor or settings).
fn is_code_file(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    Source::of_file(name).is_some_and(Source::is_code)
}

/// An agent whose own files call no language model runs on the models its unit calls: the
/// model is built in one place and handed to the agents (dependency injection, a factory
/// object, a framework setting). Evidence: the agent's definition.
fn agents_use_their_units_models(draft: &mut Draft, input: &Input<'_>, parts: &Parts) {
    parts_use_what_their_unit_uses(
        draft,
        parts,
        |e| kind_has_trait(input.catalog, &e.kind, "llm"),
        |p| p.model,
    );
}

/// Agents and MCP clients whose own files reach no MCP server use the MCP servers their unit
/// connects to (a URL in its settings, a configuration file): the tools are wired in one
/// place and handed to the agents.
fn agents_use_their_units_mcp_servers(draft: &mut Draft, parts: &Parts) {
    parts_use_what_their_unit_uses(
        draft,
        parts,
        |e| e.kind.as_str() == "mcp-server",
        |p| p.model || p.kind.as_str() == "mcp-client",
    );
}

/// For each part `who` accepts that has no flow of its own to an element `target` accepts:
/// a flow to each such element its unit or the unit's other parts reach, shaped like theirs,
/// at low confidence, citing the part's definition.
fn parts_use_what_their_unit_uses(
    draft: &mut Draft,
    parts: &Parts,
    target: impl Fn(&DraftElement) -> bool,
    who: impl Fn(&Part) -> bool,
) {
    let unit_of: BTreeMap<&str, &str> = parts.list.iter().map(|p| (p.key.as_str(), p.unit.as_str())).collect();
    // Per unit: what it or its parts reach, with the flow that shows it.
    let mut reached: BTreeMap<String, BTreeMap<String, DraftFlow>> = BTreeMap::new();
    let mut calling: BTreeSet<&str> = BTreeSet::new();
    for f in draft.flows.values() {
        if !draft.elements.get(&f.to).is_some_and(&target) {
            continue;
        }
        let unit = unit_of
            .get(f.from.as_str())
            .copied()
            .unwrap_or(f.from.as_str())
            .to_owned();
        if let Some(p) = parts.list.iter().find(|p| p.key == f.from) {
            calling.insert(p.key.as_str());
        }
        reached
            .entry(unit)
            .or_default()
            .entry(f.to.clone())
            .or_insert_with(|| f.clone());
    }
    for p in parts
        .list
        .iter()
        .filter(|p| who(p) && !calling.contains(p.key.as_str()))
    {
        let Some(targets) = reached.get(p.unit.as_str()) else {
            continue;
        };
        let ev: Vec<Evidence> = p.evidence.iter().take(1).cloned().collect();
        for (to, shape) in targets.iter().filter(|(to, _)| **to != p.key) {
            draft.flow(
                &p.key,
                to,
                || DraftFlow {
                    from: p.key.clone(),
                    to: to.clone(),
                    evidence: Vec::new(),
                    confidence: Confidence::Low,
                    ..shape.clone()
                },
                &ev,
                Confidence::Low,
            );
        }
    }
}

/// A pipeline step writes its outputs to the artifact store its unit declares (a pipeline
/// root, an artifact store): one flow from each step to each such store. Evidence: the step's
/// definition and the store's declaration.
fn steps_write_artifacts(draft: &mut Draft, input: &Input<'_>, parts: &Parts, calls: &Calls) {
    let unit_of: BTreeMap<&str, &str> = parts.list.iter().map(|p| (p.key.as_str(), p.unit.as_str())).collect();
    let mut stores: BTreeMap<&str, BTreeMap<String, Evidence>> = BTreeMap::new();
    for (actor, uses) in calls {
        let unit = unit_of.get(actor.as_str()).copied().unwrap_or(actor.as_str());
        for (d, (ev, _)) in uses {
            let is_store = input
                .detectors
                .list
                .get(*d)
                .and_then(|x| x.service.as_ref())
                .is_some_and(|s| s.artifacts);
            let key = format!(
                "service:{}",
                input
                    .detectors
                    .list
                    .get(canonical(input.detectors, *d))
                    .map_or("", |x| x.id.as_str())
            );
            if let (true, Some(e)) = (is_store, ev.first())
                && draft.elements.contains_key(&key)
            {
                stores.entry(unit).or_default().entry(key).or_insert_with(|| e.clone());
            }
        }
    }
    for p in parts.list.iter().filter(|p| p.artifacts) {
        let Some(targets) = stores.get(p.unit.as_str()) else {
            continue;
        };
        for (to, declared) in targets {
            let ev: Vec<Evidence> = p
                .evidence
                .iter()
                .take(1)
                .cloned()
                .chain(std::iter::once(declared.clone()))
                .collect();
            draft.flow(
                &p.key,
                to,
                || DraftFlow {
                    from: p.key.clone(),
                    to: to.clone(),
                    label: "artifacts".to_owned(),
                    data: BTreeSet::new(),
                    protocol: String::new(),
                    operation: Operation::Write,
                    returns: BTreeSet::new(),
                    evidence: Vec::new(),
                    confidence: Confidence::Low,
                },
                &ev,
                Confidence::Low,
            );
        }
    }
}

/// The people who run the repository's scripts and notebooks: one element, running each.
fn add_operators(draft: &mut Draft, input: &Input<'_>, parts: &Parts, drawn: &BTreeSet<&str>) {
    let mut runs: Vec<(String, Evidence)> = parts
        .list
        .iter()
        .filter(|p| p.operated)
        .filter_map(|p| p.evidence.first().map(|e| (p.key.clone(), e.clone())))
        .collect();
    // The commands a repository defines for people to run (a CLI, task-runner entries, a
    // deployment tool's manifest) are run by the same people, on the unit that holds them.
    for hit in &input.scan.hits {
        let Some(det) = input.detectors.list.get(hit.detector).filter(|d| d.operators) else {
            continue;
        };
        let Some(file) = input.scan.files.get(hit.file) else {
            continue;
        };
        let unit = input.units.owner(hit.file, &file.rel, hit.line);
        let target = parts
            .at(hit.file, hit.line)
            .into_iter()
            .find(|p| p.operated)
            .map(|p| p.key.clone())
            .or_else(|| drawn.contains(unit).then(|| unit.to_owned()));
        if let Some(t) = target {
            runs.push((t, evidence(input, hit, det)));
        }
    }
    for (to, e) in runs {
        add_operator_run(draft, &to, &e);
    }
}

/// The operators element, and a flow from it running `to`.
fn add_operator_run(draft: &mut Draft, to: &str, e: &Evidence) {
    const KEY: &str = "person:operators";
    let ev = std::slice::from_ref(e);
    draft.element(
        KEY,
        || DraftElement {
            name: "Operators".to_owned(),
            kind: "admin".into(),
            boundary: None,
            properties: BTreeMap::new(),
            controls: BTreeMap::new(),
            evidence: Vec::new(),
            confidence: Confidence::Medium,
        },
        ev,
        Confidence::Medium,
    );
    draft.flow(
        KEY,
        to,
        || DraftFlow {
            from: KEY.to_owned(),
            to: to.to_owned(),
            label: "runs".to_owned(),
            data: BTreeSet::new(),
            protocol: String::new(),
            operation: Operation::Invoke,
            returns: BTreeSet::new(),
            evidence: Vec::new(),
            confidence: Confidence::Medium,
        },
        ev,
        Confidence::Medium,
    );
}

/// The detector whose element `d`'s uses stand for (`same_as`), else `d`.
fn canonical(detectors: &Detectors, d: usize) -> usize {
    detectors
        .list
        .get(d)
        .and_then(|x| x.service.as_ref())
        .and_then(|s| s.same_as.as_ref())
        .and_then(|id| detectors.list.iter().position(|x| &x.id == id))
        .unwrap_or(d)
}

/// Parts become elements in their unit's group; the unit itself joins the group.
fn add_parts(draft: &mut Draft, input: &Input<'_>, parts: &Parts, drawn: &BTreeSet<&str>) {
    for p in &parts.list {
        let unit_boundary = draft.elements.get(&p.unit).and_then(|e| e.boundary.clone());
        let boundary = if drawn.contains(p.unit.as_str()) {
            let group = format!("group:{}", p.unit.trim_start_matches("unit:"));
            let name = input.units.list.get(&p.unit).map_or("unit", |u| u.name.as_str());
            draft.boundary(&group, name, BoundaryKind::Group, unit_boundary.as_deref());
            if let Some(u) = draft.elements.get_mut(&p.unit) {
                u.boundary = Some(group.clone());
            }
            group
        } else {
            unit_boundary.unwrap_or_else(|| DEPLOYMENT.to_owned())
        };
        let boundary = if kind_has_trait(input.catalog, &p.kind, "training") && boundary == DEPLOYMENT {
            TRAINING.to_owned()
        } else {
            boundary
        };
        draft.element(
            &p.key,
            || DraftElement {
                name: p.name.clone(),
                kind: p.kind.clone(),
                boundary: Some(boundary),
                properties: BTreeMap::new(),
                controls: BTreeMap::new(),
                evidence: Vec::new(),
                confidence: Confidence::High,
            },
            &[],
            Confidence::High,
        );
        draft.defined_at(&p.key, &p.evidence);
    }
}

/// Units that become elements: every real one, and the root stand-in when nothing else is a
/// unit or it holds an MCP configuration.
fn drawn_units<'a>(units: &'a Units, facts: &BTreeMap<String, Facts>) -> Vec<&'a Unit> {
    let real = units.drawn().count();
    units
        .list
        .values()
        .filter(|u| {
            !u.implicit
                || facts
                    .get(&u.key)
                    .is_some_and(|f| !f.mcp.is_empty() || (real == 0 && !(f.uses.is_empty() && f.runs.is_empty())))
        })
        .collect()
}

fn gather(input: &Input<'_>, parts: &Parts, warnings: &mut Vec<Warning>) -> (BTreeMap<String, Facts>, Calls, Hosts) {
    let mut facts: BTreeMap<String, Facts> = BTreeMap::new();
    let mut calls: Calls = BTreeMap::new();
    // Services declared in templates: drawn, called by nobody in particular.
    let mut declared: BTreeMap<usize, (Vec<Evidence>, Confidence)> = BTreeMap::new();
    let mut hosts: Hosts = BTreeMap::new();
    let redirected = redirected_clients(input);
    for hit in &input.scan.hits {
        if redirected.contains(&(hit.file, hit.detector, hit.pattern)) {
            continue;
        }
        let Some(file) = input.scan.files.get(hit.file) else {
            continue;
        };
        let Some(det) = input.detectors.list.get(hit.detector) else {
            continue;
        };
        let Some(pattern) = det.patterns.get(hit.pattern) else {
            continue;
        };
        if det.part.is_some() || det.links {
            continue;
        }
        let owner = input.units.owner(hit.file, &file.rel, hit.line).to_owned();
        let ev = evidence(input, hit, det);
        let declares = pattern.declares || matches!(file.source, Source::Bicep | Source::Terraform);
        if declares {
            if det.service.is_some() {
                let e = declared
                    .entry(hit.detector)
                    .or_insert_with(|| (Vec::new(), Confidence::Low));
                e.0.push(ev);
                e.1 = e.1.max(pattern.confidence);
            }
            continue;
        }
        if let Some(spec) = det.service.as_ref().filter(|s| s.per_host) {
            let Some(host) = hit.symbol.as_deref().map(str::to_ascii_lowercase) else {
                continue;
            };
            let ends = |h: &String| host == *h || host.ends_with(&format!(".{h}"));
            // A host another detector knows is that detector's service.
            let known = input
                .detectors
                .list
                .iter()
                .position(|d| d.service.as_ref().is_some_and(|s| s.hosts.iter().any(ends)));
            if known.is_none() && spec.skip_hosts.iter().any(ends) {
                continue;
            }
            let on: Vec<&Part> = parts.at(hit.file, hit.line);
            let actors: Vec<String> = if on.is_empty() {
                vec![owner.clone()]
            } else {
                on.iter().map(|p| p.key.clone()).collect()
            };
            for a in actors {
                match known {
                    Some(d) => {
                        let e = calls
                            .entry(a)
                            .or_default()
                            .entry(d)
                            .or_insert_with(|| (Vec::new(), Confidence::Low));
                        e.0.push(ev.clone());
                        e.1 = e.1.max(pattern.confidence);
                    }
                    None => hosts
                        .entry(a)
                        .or_default()
                        .entry(host.clone())
                        .or_default()
                        .push(ev.clone()),
                }
            }
            continue;
        }
        if det.service.is_some() && !pattern.runs {
            let on: Vec<&Part> = parts.at(hit.file, hit.line);
            let actors: Vec<String> = if on.is_empty() {
                vec![owner.clone()]
            } else {
                on.iter().map(|p| p.key.clone()).collect()
            };
            for a in actors {
                let e = calls
                    .entry(a)
                    .or_default()
                    .entry(hit.detector)
                    .or_insert_with(|| (Vec::new(), Confidence::Low));
                e.0.push(ev.clone());
                e.1 = e.1.max(pattern.confidence);
            }
        }
        let f = facts.entry(owner).or_default();
        let slot = if pattern.runs { &mut f.runs } else { &mut f.uses };
        let entry = slot
            .entry(hit.detector)
            .or_insert_with(|| (Vec::new(), Confidence::Low));
        entry.0.push(ev);
        entry.1 = entry.1.max(pattern.confidence);
    }
    for (index, file) in input.scan.files.iter().enumerate() {
        let Some(text) = &file.text else { continue };
        let file_lines = super::units::FileLines::new(text);
        let line_text = |line: u32| super::scan::clip(file_lines.get(line));
        if file.source == Source::Mcp {
            match mcp::servers(text) {
                Ok(servers) => {
                    for s in servers {
                        let owner = input.units.owner(index, &file.rel, s.line).to_owned();
                        let ev = Evidence {
                            file: file.rel.clone(),
                            line: s.line,
                            text: line_text(s.line),
                            detector: "mcp-config".to_owned(),
                        };
                        facts.entry(owner).or_default().mcp.push((s, ev));
                    }
                }
                Err(e) => warnings.push(Warning::new(
                    &file.rel,
                    format!("MCP configuration not understood: {e}"),
                )),
            }
        }
        if matches!(
            file.source,
            Source::Compose | Source::Kubernetes | Source::Env | Source::Settings
        ) {
            for (line, name) in url_refs(text, input.units) {
                let owner = input.units.owner(index, &file.rel, line).to_owned();
                let ev = Evidence {
                    file: file.rel.clone(),
                    line,
                    text: line_text(line),
                    detector: "url".to_owned(),
                };
                facts.entry(owner).or_default().urls.push((name, ev));
            }
        }
    }
    if !declared.is_empty() {
        calls.insert(DECLARED.to_owned(), declared);
    }
    (facts, calls, hosts)
}

/// Hits of `compatible` patterns (a client SDK many services speak) in code files that also
/// point at a service that speaks its protocol (an `endpoint` match: an OpenAI client with
/// GitHub Models' base URL, or Ollama's settings): the use is that one's. A provider's own
/// SDK beside the client (ChatDeepSeek beside ChatOpenAI) is a use of its own and moves
/// nothing. As `(file, detector, pattern)`.
fn redirected_clients(input: &Input<'_>) -> BTreeSet<(usize, usize, usize)> {
    let list = &input.detectors.list;
    let spoken = |h: &Hit| -> &str {
        list.get(h.detector)
            .and_then(|d| d.patterns.get(h.pattern))
            .map_or("", |p| p.compatible.as_str())
    };
    let speaks = |h: &Hit, protocol: &str| {
        list.get(h.detector)
            .and_then(|d| d.patterns.get(h.pattern))
            .is_some_and(|p| p.endpoint)
            && list
                .get(h.detector)
                .and_then(|d| d.service.as_ref())
                .is_some_and(|s| s.speaks.iter().any(|p| p == protocol))
    };
    let mut out = BTreeSet::new();
    let hits = &input.scan.hits;
    let mut start = 0;
    while start < hits.len() {
        let file = hits.get(start).map_or(0, |h| h.file);
        let end = hits
            .get(start..)
            .and_then(|r| r.iter().position(|h| h.file != file))
            .map_or(hits.len(), |p| start + p);
        let of_file = hits.get(start..end).unwrap_or_default();
        start = end;
        if !input.scan.files.get(file).is_some_and(|f| f.source.is_code()) {
            continue;
        }
        for h in of_file.iter().filter(|h| !spoken(h).is_empty()) {
            let t = spoken(h);
            if of_file.iter().any(|o| o.detector != h.detector && speaks(o, t)) {
                out.insert((h.file, h.detector, h.pattern));
            }
        }
    }
    out
}

/// `(line, unit name)` for each `scheme://name[:/]` naming a unit.
fn url_refs(text: &str, units: &Units) -> Vec<(u32, String)> {
    let names: BTreeSet<&str> = units.drawn().map(|u| u.name.as_str()).collect();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("://") {
            rest = rest.get(at + 3..).unwrap_or("");
            let authority: &str = rest.split(['/', '?', '#', ' ', '"', '\'']).next().unwrap_or("");
            // `user:pass@host:port`: the host is after the last `@`, before the port.
            let host_port = authority.rsplit('@').next().unwrap_or("");
            let host = host_port.split(':').next().unwrap_or("");
            // Inside Kubernetes, `name.namespace.svc.cluster.local` is the service `name`.
            let short = host.split('.').next().unwrap_or("");
            if let Some(name) = [host, short].into_iter().find(|h| names.contains(h)) {
                out.push((u32::try_from(i + 1).unwrap_or(u32::MAX), name.to_owned()));
            }
        }
    }
    out
}

fn evidence(input: &Input<'_>, hit: &Hit, det: &Detector) -> Evidence {
    Evidence {
        file: input
            .scan
            .files
            .get(hit.file)
            .map(|f| f.rel.clone())
            .unwrap_or_default(),
        line: hit.line,
        text: hit.text.clone(),
        detector: det.id.clone(),
    }
}

pub(super) fn kind_has_trait(cat: &Catalog, kind: &KindId, t: &str) -> bool {
    cat.kind(kind).is_some_and(|k| k.traits.iter().any(|x| x == t))
}

/// Sets an answer only where the kind asks the question, so the model checks clean; returns
/// whether it did.
fn answer(cat: &Catalog, kind: &KindId, props: &mut BTreeMap<PropKey, Value>, key: &PropKey, value: &Value) -> bool {
    let asked = cat.kind(kind).is_some_and(|k| k.questions.contains_key(key));
    if asked {
        props.insert(key.clone(), value.clone());
    }
    asked
}

/// The unit's kind: a service it runs, else the highest-ranked detector it uses, else a
/// generic service.
fn unit_kind(input: &Input<'_>, f: &Facts, has_parts: bool) -> KindId {
    let list = &input.detectors.list;
    if let Some(kind) = f
        .runs
        .keys()
        .filter_map(|d| list.get(*d).and_then(|x| x.service.as_ref()))
        .map(|s| s.kind.clone())
        .next()
    {
        return kind;
    }
    let mut best: Option<(u8, &KindId)> = None;
    for d in f.uses.keys().chain(f.runs.keys()) {
        let agentic = |k: &KindId| matches!(k.as_str(), "agent-orchestrator" | "mcp-client");
        if let Some(spec) = list.get(*d).and_then(|x| x.unit.as_ref())
            && !(has_parts && agentic(&spec.kind))
            && best.is_none_or(|(r, _)| spec.rank > r)
        {
            best = Some((spec.rank, &spec.kind));
        }
    }
    if !has_parts && !f.mcp.is_empty() && best.is_none_or(|(r, _)| r < 45) {
        return KindId::from("agent-orchestrator");
    }
    best.map_or_else(|| KindId::from("service"), |(_, k)| k.clone())
}

fn is_entry(input: &Input<'_>, u: &Unit, f: &Facts) -> bool {
    !u.exposed.is_empty()
        || f.uses.keys().any(|d| {
            input
                .detectors
                .list
                .get(*d)
                .and_then(|x| x.unit.as_ref())
                .is_some_and(|s| s.entry_point)
        })
}

fn add_unit(draft: &mut Draft, input: &Input<'_>, u: &Unit, f: &Facts, has_parts: bool) {
    let cat = input.catalog;
    let kind = unit_kind(input, f, has_parts);
    let boundary = if kind_has_trait(cat, &kind, "training") {
        TRAINING
    } else {
        DEPLOYMENT
    };
    let mut evidence = u.evidence.clone();
    evidence.extend(u.exposed.iter().cloned());
    // The MCP servers it is configured to use say what it is, too.
    evidence.extend(f.mcp.iter().map(|(_, e)| e.clone()));
    // A repository with no unit of its own but an MCP client configuration (an IDE's
    // .vscode/mcp.json, a desktop client's config) describes the AI client that uses the
    // servers: an MCP host, not the repository.
    let (kind, name) = if u.implicit && !f.mcp.is_empty() && f.uses.is_empty() && f.runs.is_empty() {
        (KindId::from("mcp-client"), "MCP host".to_owned())
    } else {
        (kind, u.name.clone())
    };
    let mut confidence = if u.evidence.iter().any(|e| e.detector != "manifest") {
        Confidence::High
    } else {
        Confidence::Medium
    };
    let mut properties = BTreeMap::new();
    let mut unasked: Vec<String> = Vec::new();
    let mut controls: BTreeMap<_, Vec<Evidence>> = BTreeMap::new();
    for (d, (ev, conf)) in f.uses.iter().chain(&f.runs) {
        let Some(det) = input.detectors.list.get(*d) else {
            continue;
        };
        evidence.extend(ev.iter().cloned());
        confidence = confidence.max(*conf);
        for (k, v) in &det.properties {
            // A fact the kind asks nothing about is kept as a note, never dropped.
            if !answer(cat, &kind, &mut properties, k, v)
                && let Some(e) = ev.first()
            {
                unasked.push(format!("{k}: {v} ({}, {}:{})", det.name, e.file, e.line));
            }
        }
        // A control is implemented by code that runs, not by a library being a dependency
        // or by a module people have to opt into.
        let running: Vec<Evidence> = ev.iter().filter(|e| implements(e)).cloned().collect();
        if running.is_empty() {
            continue;
        }
        for c in &det.controls {
            controls.entry(c.clone()).or_default().extend(running.iter().cloned());
        }
    }
    if is_entry(input, u, f) {
        answer(
            cat,
            &kind,
            &mut properties,
            &"internet_facing".into(),
            &Value::Bool(true),
        );
    }
    let el = draft.element(
        &u.key,
        || DraftElement {
            name: name.clone(),
            kind: kind.clone(),
            boundary: Some(boundary.to_owned()),
            properties: BTreeMap::new(),
            controls: BTreeMap::new(),
            evidence: Vec::new(),
            confidence,
        },
        &evidence,
        confidence,
    );
    el.properties.extend(properties);
    for (c, ev) in controls {
        el.controls.entry(c).or_default().extend(ev);
    }
    for n in unasked {
        draft.note(&u.key, n);
    }
}

/// Folder names of modules people opt into: code there does not implement a control for the
/// unit until someone turns it on.
const OPT_IN_FOLDERS: [&str; 6] = ["experimental", "contrib", "optional", "extras", "incubator", "labs"];

/// Whether a match can show a control implemented: a line of code (not a manifest naming a
/// dependency, a settings file or a CI secret) outside opt-in modules.
fn implements(e: &Evidence) -> bool {
    let name = e.file.rsplit('/').next().unwrap_or(&e.file);
    Source::of_file(name).is_some_and(Source::is_code)
        && !e
            .file
            .split('/')
            .any(|seg| OPT_IN_FOLDERS.contains(&seg.to_ascii_lowercase().as_str()))
}

/// The shape of a flow into `kind` (the catalog's `receives`), with the detector's data
/// classes when it names them. A service data comes from (`inbound`: a hub, a dataset) is a
/// read whose results come back.
fn flow_shape(
    cat: &Catalog,
    kind: &KindId,
    spec: &ServiceSpec,
) -> (Operation, BTreeSet<DataClassId>, BTreeSet<DataClassId>) {
    let receives = cat.kind(kind).and_then(|k| k.receives.as_ref());
    let mut op = receives.map_or(Operation::Invoke, |r| r.operation);
    let mut data: BTreeSet<DataClassId> = spec.data.iter().cloned().collect();
    let mut returns: BTreeSet<DataClassId> = receives
        .map(|r| r.returns.iter().cloned().collect())
        .unwrap_or_default();
    if spec.inbound {
        op = Operation::Read;
        returns.extend(data);
        data = BTreeSet::new();
    } else if data.is_empty() {
        data = receives.map(|r| r.data.iter().cloned().collect()).unwrap_or_default();
    }
    // A read sends a query, not the store's contents.
    if op == Operation::Read {
        data.retain(|d| !returns.contains(d));
    }
    (op, data, returns)
}

#[allow(clippy::too_many_arguments)]
fn add_services(
    draft: &mut Draft,
    input: &Input<'_>,
    actor: &str,
    unit_key: &str,
    actor_drawn: bool,
    uses: &BTreeMap<usize, (Vec<Evidence>, Confidence)>,
    provider: &BTreeMap<usize, String>,
) {
    let unit_name = input.units.list.get(unit_key).map_or("", |u| u.name.as_str());
    for (d, (ev, conf)) in uses {
        let Some(det) = input.detectors.list.get(*d) else {
            continue;
        };
        let Some(spec) = &det.service else { continue };
        if spec.per_unit && !actor_drawn {
            continue;
        }
        let c = canonical(input.detectors, *d);
        let target = match provider.get(&c) {
            Some(p) if !spec.per_unit => p.clone(),
            _ => {
                let id = input.detectors.list.get(c).map_or(det.id.as_str(), |x| x.id.as_str());
                let key = if spec.per_unit {
                    format!("service:{id}@{}", unit_key.trim_start_matches("unit:"))
                } else {
                    format!("service:{id}")
                };
                add_service_element(draft, input, &key, det, spec, unit_key, unit_name, ev, *conf);
                key
            }
        };
        if actor_drawn && target != actor {
            let kind = draft
                .elements
                .get(&target)
                .map_or(spec.kind.clone(), |e| e.kind.clone());
            let (operation, data, returns) = flow_shape(input.catalog, &kind, spec);
            // What fronts the unit (a gateway, its platform, CI) calls the unit, not its parts.
            let (from, to, operation, returns) = if spec.fronts {
                (target.as_str(), unit_key, Operation::Invoke, BTreeSet::new())
            } else {
                (actor, target.as_str(), operation, returns)
            };
            draft.flow(
                from,
                to,
                || DraftFlow {
                    from: from.to_owned(),
                    to: to.to_owned(),
                    label: spec.label.clone(),
                    data,
                    protocol: spec.protocol.clone(),
                    operation,
                    returns,
                    evidence: Vec::new(),
                    confidence: *conf,
                },
                ev,
                *conf,
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn add_service_element(
    draft: &mut Draft,
    input: &Input<'_>,
    key: &str,
    det: &Detector,
    spec: &ServiceSpec,
    unit_key: &str,
    unit_name: &str,
    ev: &[Evidence],
    conf: Confidence,
) {
    let boundary = if spec.third_party {
        let b = format!("tb:third-party:{}", det.id);
        draft.boundary(&b, &det.name, BoundaryKind::ThirdParty, None);
        b
    } else if spec.per_unit {
        draft
            .elements
            .get(unit_key)
            .and_then(|u| u.boundary.clone())
            .unwrap_or_else(|| DEPLOYMENT.to_owned())
    } else {
        DEPLOYMENT.to_owned()
    };
    let name = if spec.per_unit {
        format!("{} ({unit_name})", det.name)
    } else {
        det.name.clone()
    };
    let mut properties = BTreeMap::new();
    if spec.third_party {
        answer(
            input.catalog,
            &spec.kind,
            &mut properties,
            &"third_party".into(),
            &Value::Bool(true),
        );
    }
    for (q, v) in &spec.properties {
        answer(input.catalog, &spec.kind, &mut properties, q, v);
    }
    let el = draft.element(
        key,
        || DraftElement {
            name: name.clone(),
            kind: spec.kind.clone(),
            boundary: Some(boundary),
            properties,
            controls: BTreeMap::new(),
            evidence: Vec::new(),
            confidence: conf,
        },
        ev,
        conf,
    );
    // A more specific detector of the same store (pgvector for PostgreSQL) names it.
    if spec.same_as.is_some() && el.kind != spec.kind {
        el.kind = spec.kind.clone();
        el.name = name;
    }
}

/// Web APIs of other organisations a unit or part calls by URL: each in its own third-party
/// boundary, named by its host.
fn add_web_apis(draft: &mut Draft, actor: &str, by_host: &BTreeMap<String, Vec<Evidence>>) {
    for (host, ev) in by_host {
        let short = host.strip_prefix("api.").unwrap_or(host);
        let key = format!("service:web-api:{host}");
        let boundary = format!("tb:third-party:{host}");
        draft.boundary(&boundary, short, BoundaryKind::ThirdParty, None);
        draft.element(
            &key,
            || DraftElement {
                name: format!("{short} API"),
                kind: "third-party-api".into(),
                boundary: Some(boundary.clone()),
                properties: BTreeMap::new(),
                controls: BTreeMap::new(),
                evidence: Vec::new(),
                confidence: Confidence::Medium,
            },
            ev,
            Confidence::Medium,
        );
        draft.flow(
            actor,
            &key,
            || DraftFlow {
                from: actor.to_owned(),
                to: key.clone(),
                label: "API calls".to_owned(),
                data: BTreeSet::new(),
                protocol: "HTTPS".to_owned(),
                operation: Operation::Invoke,
                returns: BTreeSet::from(["tool-results".into()]),
                evidence: Vec::new(),
                confidence: Confidence::Medium,
            },
            ev,
            Confidence::Medium,
        );
    }
}

/// A browser frontend calls the backends its code calls (`fetch`, an event source, a dev-server
/// proxy): one flow to each entry point of the repository that is not a frontend itself.
fn link_frontend(draft: &mut Draft, input: &Input<'_>, u: &Unit, f: &Facts, backends: &[&str]) {
    let Some(calls) = input
        .detectors
        .list
        .iter()
        .position(|d| d.id == "api-client")
        .and_then(|d| f.uses.get(&d))
    else {
        return;
    };
    for b in backends.iter().filter(|b| **b != u.key) {
        draft.flow(
            &u.key,
            b,
            || DraftFlow {
                from: u.key.clone(),
                to: (*b).to_owned(),
                label: "API calls".to_owned(),
                data: BTreeSet::new(),
                protocol: "HTTPS".to_owned(),
                operation: Operation::Invoke,
                returns: BTreeSet::new(),
                evidence: Vec::new(),
                confidence: Confidence::Medium,
            },
            &calls.0,
            Confidence::Medium,
        );
    }
}

/// Flows between units (depends_on, URLs), from users to entry points, and to MCP servers.
fn add_links(draft: &mut Draft, input: &Input<'_>, parts: &Parts, u: &Unit, f: &Facts, users: bool) {
    let link = |draft: &mut Draft, to: &str, label: &str, ev: &Evidence, conf: Confidence| {
        draft.flow(
            &u.key,
            to,
            || DraftFlow {
                from: u.key.clone(),
                to: to.to_owned(),
                label: label.to_owned(),
                data: BTreeSet::new(),
                protocol: String::new(),
                operation: Operation::Invoke,
                returns: BTreeSet::new(),
                evidence: Vec::new(),
                confidence: conf,
            },
            std::slice::from_ref(ev),
            conf,
        );
    };
    for (name, ev) in &u.depends_on {
        if let Some(target) = input.units.by_name(name) {
            link(draft, &target.key, "depends on", ev, Confidence::High);
        }
    }
    for (name, ev) in &f.urls {
        if let Some(target) = input.units.by_name(name) {
            link(draft, &target.key, "connects to", ev, Confidence::Medium);
        }
    }
    if users && is_entry(input, u, f) {
        add_users(draft, input, u, f, parts.browser_of(&u.key));
    }
    for (server, ev) in &f.mcp {
        // A configured server that is a unit of this repository is that unit.
        if let Some(target) = input.units.by_name(&server.name).filter(|t| t.key != u.key) {
            link(draft, &target.key, "tool calls", ev, Confidence::High);
            continue;
        }
        let key = format!("mcp:{}", server.name);
        let boundary = if server.remote {
            let b = format!("tb:third-party:mcp:{}", server.name);
            draft.boundary(
                &b,
                &format!("MCP server {}", server.name),
                BoundaryKind::ThirdParty,
                None,
            );
            b
        } else {
            DEPLOYMENT.to_owned()
        };
        draft.element(
            &key,
            || DraftElement {
                name: format!("MCP: {}", server.name),
                kind: "mcp-server".into(),
                boundary: Some(boundary),
                properties: BTreeMap::new(),
                controls: BTreeMap::new(),
                evidence: Vec::new(),
                confidence: Confidence::High,
            },
            std::slice::from_ref(ev),
            Confidence::High,
        );
        let protocol = if server.remote { "MCP HTTP" } else { "MCP stdio" };
        draft.flow(
            &u.key,
            &key,
            || DraftFlow {
                from: u.key.clone(),
                to: key.clone(),
                label: "tool calls".to_owned(),
                data: BTreeSet::from(["tool-calls".into()]),
                protocol: protocol.to_owned(),
                operation: Operation::Invoke,
                returns: BTreeSet::from(["tool-results".into()]),
                evidence: Vec::new(),
                confidence: Confidence::High,
            },
            std::slice::from_ref(ev),
            Confidence::High,
        );
    }
}

/// People reach an entry point from the internet; prompts when the unit talks to an LLM.
///
/// In a unit with a browser side of its own (a Next.js app's client components), the users
/// reach that browser side, which calls the unit.
fn add_users(draft: &mut Draft, input: &Input<'_>, u: &Unit, f: &Facts, browser: Option<&Part>) {
    let mut ev: Vec<Evidence> = u.exposed.clone();
    if let Some(b) = browser {
        ev.extend(b.evidence.iter().cloned());
        draft.flow(
            &b.key,
            &u.key,
            || DraftFlow {
                from: b.key.clone(),
                to: u.key.clone(),
                label: "API calls".to_owned(),
                data: BTreeSet::new(),
                protocol: "HTTPS".to_owned(),
                operation: Operation::Invoke,
                returns: BTreeSet::new(),
                evidence: Vec::new(),
                confidence: Confidence::Medium,
            },
            &b.evidence,
            Confidence::Medium,
        );
    }
    let to = browser.map_or(u.key.as_str(), |b| b.key.as_str());
    for d in f.uses.keys() {
        let Some(det) = input.detectors.list.get(*d) else {
            continue;
        };
        if (det.users || det.unit.as_ref().is_some_and(|s| s.entry_point))
            && let Some((e, _)) = f.uses.get(d)
        {
            ev.extend(e.iter().cloned());
        }
    }
    let talks_to_llm = f.uses.keys().any(|d| {
        input
            .detectors
            .list
            .get(*d)
            .and_then(|x| x.service.as_ref())
            .is_some_and(|s| kind_has_trait(input.catalog, &s.kind, "llm"))
    });
    let conf = Confidence::Medium;
    draft.element(
        USERS,
        || DraftElement {
            name: "Users".to_owned(),
            kind: "user".into(),
            boundary: Some(INTERNET.to_owned()),
            properties: BTreeMap::new(),
            controls: BTreeMap::new(),
            evidence: Vec::new(),
            confidence: conf,
        },
        &ev,
        conf,
    );
    let data = if talks_to_llm {
        BTreeSet::from(["prompts".into()])
    } else {
        BTreeSet::new()
    };
    draft.flow(
        USERS,
        to,
        || DraftFlow {
            from: USERS.to_owned(),
            to: to.to_owned(),
            label: "requests".to_owned(),
            data,
            protocol: "HTTPS".to_owned(),
            operation: Operation::Invoke,
            returns: BTreeSet::new(),
            evidence: Vec::new(),
            confidence: conf,
        },
        &ev,
        conf,
    );
}

#[cfg(test)]
pub(super) mod tests {
    use crate::catalog::Catalog;
    use crate::interop::map::{Detectors, map_repository};
    use crate::model::Model;
    use std::sync::atomic::AtomicUsize;

    /// Maps a small repository written from `files` (path, text) with the shipped library.
    pub fn map_files(files: &[(&str, &str)]) -> Model {
        let tmp = tempfile::tempdir().expect("tempdir");
        let repo = tmp.path().join("repo");
        for (path, text) in files {
            let p = repo.join(path);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        }
        let cat = Catalog::builtin().0;
        let detectors = Detectors::builtin(&cat).0;
        map_repository(&repo, &cat, &detectors, &AtomicUsize::new(0))
            .expect("maps")
            .model
    }

    /// The element called `name`.
    pub fn id_of(m: &Model, name: &str) -> String {
        let names: Vec<&str> = m.elements.values().map(|e| e.name.as_str()).collect();
        m.elements
            .iter()
            .find(|(_, e)| e.name == name)
            .map(|(id, _)| id.to_string())
            .unwrap_or_else(|| panic!("no element {name:?} in {names:?}"))
    }

    /// Whether a flow goes from `from` to `to` (by name).
    pub fn has_flow(m: &Model, from: &str, to: &str) -> bool {
        let (a, b) = (id_of(m, from), id_of(m, to));
        m.flows
            .values()
            .any(|f| f.from.to_string() == a && f.to.to_string() == b)
    }

    #[test]
    fn a_unit_calls_a_model_from_code_beside_its_agents_but_not_through_their_modules() {
        let m = map_files(&[
            ("svc/requirements.txt", "openai\nopenai-agents\n"),
            (
                "svc/agent.py",
                "from agents import Agent\nfrom svc import llm\n\nplanner = Agent(name=\"planner\")\n",
            ),
            ("svc/llm.py", "from openai import OpenAI\n\nclient = OpenAI()\n"),
            (
                "svc/routes.py",
                "from openai import OpenAI\n\ndef moderate(text):\n    return OpenAI().moderations.create(input=text)\n",
            ),
        ]);
        assert!(has_flow(&m, "planner (agent)", "OpenAI API"));
        assert!(has_flow(&m, "svc", "OpenAI API"), "routes.py calls the model itself");
        let api = id_of(&m, "OpenAI API");
        let svc_call = m
            .flows
            .values()
            .find(|f| f.from.to_string() == id_of(&m, "svc") && f.to.to_string() == api)
            .and_then(|f| f.inferred.as_ref())
            .map(|p| p.evidence.iter().map(|e| e.file.clone()).collect::<Vec<_>>())
            .unwrap_or_default();
        assert_eq!(
            svc_call,
            ["svc/routes.py"],
            "llm.py's calls are the agent's, the manifest only names it"
        );
    }

    fn kind_of(m: &Model, name: &str) -> String {
        let id = id_of(m, name);
        m.elements
            .iter()
            .find(|(i, _)| i.to_string() == id)
            .map(|(_, e)| e.kind.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn a_class_implementing_an_embedding_interface_is_an_embedding_model() {
        let m = map_files(&[
            ("rag/requirements.txt", "cohere\nlangchain-core\n"),
            (
                "rag/embedders.py",
                "import cohere\nfrom langchain_core.embeddings import Embeddings\n\nclass CohereEmbedder(Embeddings):\n    def embed_documents(self, texts):\n        return cohere.Client().embed(texts=texts).embeddings\n\nclass EmbeddingCache(dict):\n    pass\n\nclass Positions(nn.Embedding):\n    pass\n",
            ),
        ]);
        assert_eq!(kind_of(&m, "CohereEmbedder (embedding model)"), "embedding-model");
        assert!(
            !m.elements.values().any(|e| e.name.starts_with("EmbeddingCache")),
            "a class that is not an embedding model is not one"
        );
        assert!(
            !m.elements.values().any(|e| e.name.starts_with("Positions")),
            "a network's embedding layer is not an embedding model"
        );
    }

    #[test]
    fn provider_prefixed_model_ids_name_the_providers_a_gateway_routes_to() {
        let routed = map_files(&[
            (
                "web/package.json",
                "{\"dependencies\": {\"ai\": \"6\", \"@ai-sdk/gateway\": \"3\"}}\n",
            ),
            (
                "web/lib/models.ts",
                "export const models = [\n  { id: \"anthropic/claude-sonnet-4.5\" },\n  { id: \"openai/gpt-4.1\" },\n];\n",
            ),
        ]);
        assert_eq!(kind_of(&routed, "Model providers (by routed model id)"), "llm-api");
        // An open-weights id names a model on a hub, not a provider's API.
        let hub = map_files(&[
            ("train/requirements.txt", "transformers\n"),
            (
                "train/train.py",
                "MODEL = \"meta-llama/Llama-3.1-8B\"\nOTHER = \"openai/gpt-oss-20b\"\n",
            ),
        ]);
        assert!(
            !hub.elements.values().any(|e| e.name.starts_with("Model providers")),
            "{:?}",
            hub.elements.values().map(|e| &e.name).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_pipeline_step_runs_the_module_it_imports_in_its_body() {
        let m = map_files(&[
            ("orchestration/requirements.txt", "apache-airflow\n"),
            (
                "orchestration/dags/dag.py",
                "from airflow.decorators import dag, task\n\n@dag()\ndef pipeline():\n    @task.virtualenv(requirements=[\"features\"])\n    def build_features():\n        from features import view\n\n        return view.create(version=1)\n\n    @task.virtualenv(requirements=[\"features\"])\n    def check():\n        from features import report\n\n        report.compute()\n\n    check(build_features())\n",
            ),
            ("features/pyproject.toml", "[project]\nname = \"features\"\n"),
            ("features/features/__init__.py", ""),
            (
                "features/features/view.py",
                "import os\n\n\ndef helper():\n    pass\n\n\ndef create(version):\n    return version\n",
            ),
            ("features/features/report.py", "def compute():\n    pass\n"),
        ]);
        let step = m
            .elements
            .values()
            .find(|e| e.name == "build_features (step)")
            .and_then(|e| e.inferred.as_ref())
            .map(|p| p.evidence.iter().map(|e| (e.file.as_str(), e.line)).collect::<Vec<_>>())
            .unwrap_or_default();
        assert!(
            step.contains(&("features/features/view.py", 8)),
            "the definition it calls: {step:?}"
        );
        assert!(
            !step.iter().any(|(f, _)| f.ends_with("report.py")),
            "another step's module: {step:?}"
        );
    }

    #[test]
    fn a_desktop_extension_manifest_draws_the_mcp_host_in_front_of_the_server() {
        let m = map_files(&[
            (
                "go.mod",
                "module example.com/notes\n\nrequire github.com/mark3labs/mcp-go v0.30.0\n",
            ),
            (
                "main.go",
                "package main\n\nimport \"github.com/mark3labs/mcp-go/server\"\n\nfunc main() {\n\ts := server.NewMCPServer(\"notes\", \"1.0\")\n\t_ = s\n}\n",
            ),
            (
                "manifest.json",
                "{\n  \"dxt_version\": \"0.1\",\n  \"name\": \"notes\",\n  \"server\": {\n    \"type\": \"binary\",\n    \"mcp_config\": {\"command\": \"notes\"}\n  }\n}\n",
            ),
        ]);
        assert_eq!(kind_of(&m, "MCP host (desktop extension)"), "mcp-client");
        let server = m
            .elements
            .values()
            .find(|e| e.kind.as_str() == "mcp-server")
            .map(|e| e.name.clone())
            .unwrap_or_default();
        assert!(
            has_flow(&m, "MCP host (desktop extension)", &server),
            "the host calls the server"
        );
    }

    #[test]
    fn a_tfx_user_module_is_the_transform_or_trainer_step_it_serves() {
        let m = map_files(&[
            ("requirements.txt", "tfx\n"),
            (
                "src/preprocessing/transformations.py",
                "import tensorflow_transform as tft\n\n\ndef preprocessing_fn(inputs):\n    return {k: tft.scale_to_z_score(v) for k, v in inputs.items()}\n",
            ),
            ("src/training/runner.py", "def run_fn(fn_args):\n    pass\n"),
            ("src/util.py", "def run_fn(job):\n    pass\n"),
        ]);
        assert_eq!(kind_of(&m, "preprocessing_fn (TFX module)"), "etl-pipeline");
        assert_eq!(kind_of(&m, "run_fn (TFX module)"), "training-job");
        let modules = m.elements.values().filter(|e| e.name.ends_with("(TFX module)")).count();
        assert_eq!(modules, 2, "a run_fn that does not take TFX's arguments is not one");
    }

    #[test]
    fn compose_services_built_from_one_folder_are_one_unit_named_after_it() {
        let compose = "x-common: &common\n  build: ./scheduler\n  depends_on: &deps\n    redis:\n      condition: service_healthy\nservices:\n  redis:\n    image: redis:7\n  web:\n    <<: *common\n    ports:\n      - \"8080:8080\"\n  worker:\n    <<: *common\n  flower:\n    <<: *common\n    depends_on:\n      <<: *deps\n";
        let m = map_files(&[
            ("docker-compose.yaml", compose),
            ("scheduler/requirements.txt", "celery\n"),
            ("scheduler/app.py", "import celery\n"),
        ]);
        let names: Vec<&str> = m.elements.values().map(|e| e.name.as_str()).collect();
        assert!(names.contains(&"scheduler"), "{names:?}");
        for copy in ["web", "worker", "flower"] {
            assert!(!names.contains(&copy), "{copy} is a copy of one workload: {names:?}");
        }
        assert!(has_flow(&m, "scheduler", "redis"), "depends_on through the merge key");
    }
}
