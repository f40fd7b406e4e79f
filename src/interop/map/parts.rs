//! The AI parts inside a deployable unit: agents, graph nodes, tools, retrievers, guardrails,
//! MCP clients and servers, pipeline steps. Each is defined by a detector with a `part` (its
//! patterns name the symbol), becomes an element of its own grouped with its unit, and carries
//! the calls its files make. Its key is made of stable evidence — unit, file and symbol — so a
//! re-map finds it again (and `update` follows a renamed symbol or a moved file).

use super::detectors::Detectors;
use super::scan::ScanResult;
use super::units::Units;
use crate::model::{Evidence, KindId};
use std::collections::{BTreeMap, HashMap};

/// Parts one unit may have; past it the rest are left out (a generated file defining thousands
/// of tools would otherwise become a model nobody can open).
pub const MAX_PARTS_PER_UNIT: usize = 60;
/// Parts one file may hold.
pub const MAX_PARTS_PER_FILE: usize = 24;

/// One part.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// `part:<unit>:<file>#<symbol>`.
    pub key: String,
    /// The unit's key.
    pub unit: String,
    /// Index of the defining file in the scan.
    pub file: usize,
    /// The first defining line.
    pub line: u32,
    /// The symbol (per-file parts: the detector id).
    pub symbol: String,
    /// Name people see.
    pub name: String,
    /// Kind.
    pub kind: KindId,
    /// The defining lines.
    pub evidence: Vec<Evidence>,
    /// Other files whose code is the part's (the function a graph node runs).
    pub also: Vec<usize>,
    /// A person runs it (a script, a notebook).
    pub operated: bool,
    /// It runs on a language model (an agent definition).
    pub model: bool,
    /// A pipeline step, whose outputs go to its unit's artifact store.
    pub artifacts: bool,
}

/// The parts of a repository, and which file holds which.
#[derive(Debug, Default)]
pub struct Parts {
    /// Parts in key order.
    pub list: Vec<Part>,
    /// Per file index: indexes into `list`, by defining line.
    pub by_file: HashMap<usize, Vec<usize>>,
}

impl Parts {
    /// The parts a line of a file belongs to: the nearest part defined at or above it; a line
    /// above every definition (an import) belongs to all of the file's parts.
    pub fn at(&self, file: usize, line: u32) -> Vec<&Part> {
        let all = self.of_file(file);
        let (own, elsewhere): (Vec<&Part>, Vec<&Part>) = all.into_iter().partition(|p| p.file == file);
        if own.is_empty() {
            // The file holds the code of parts defined elsewhere (a node's function).
            return elsewhere;
        }
        match own.iter().rposition(|p| p.line <= line) {
            Some(at) => own.get(at).copied().into_iter().collect(),
            None => own,
        }
    }

    /// All parts of a file.
    pub fn of_file(&self, file: usize) -> Vec<&Part> {
        self.by_file
            .get(&file)
            .map(|ix| ix.iter().filter_map(|i| self.list.get(*i)).collect())
            .unwrap_or_default()
    }

    /// A pipeline step that imports a module of the repository inside its body (an Airflow
    /// task running `from feature_pipeline import feature_view; feature_view.create()`) runs
    /// that module: its file is the step's code too (its calls are the step's), and the
    /// definition the step calls (else the module's first) is the step's evidence. Only steps,
    /// only imports indented under a step's own definition, only modules that hold no part of
    /// their own; `imports` are the repository's resolved import edges (file, file, line).
    pub fn run_imported_modules(&mut self, scan: &ScanResult, imports: &[(usize, usize, u32)]) {
        let mut runs: Vec<(usize, usize, Evidence)> = Vec::new();
        for &(from, to, line) in imports {
            let (Some(importer), Some(module)) = (scan.files.get(from), scan.files.get(to)) else {
                continue;
            };
            if from == to || !module.source.is_code() || !self.of_file(to).is_empty() {
                continue;
            }
            // Only imports inside a function body, with what is called on them there.
            let Some((_, called)) = importer.body_calls.iter().find(|(l, _)| *l == line) else {
                continue;
            };
            let own: Vec<(usize, &Part)> = self
                .by_file
                .get(&from)
                .into_iter()
                .flatten()
                .filter_map(|&i| self.list.get(i).map(|p| (i, p)))
                .filter(|(_, p)| p.file == from)
                .collect();
            let Some(at) = own.iter().rposition(|(_, p)| p.line <= line) else {
                continue;
            };
            let Some(&(index, step)) = own.get(at) else { continue };
            if !step.artifacts {
                continue;
            }
            let def = module
                .defs
                .iter()
                .find(|(_, n)| n == called)
                .or_else(|| module.defs.first());
            let ev = match def {
                Some((l, n)) => Evidence {
                    file: module.rel.clone(),
                    line: *l,
                    text: super::scan::clip(n),
                    detector: "definition".to_owned(),
                },
                None => continue,
            };
            runs.push((index, to, ev));
        }
        if runs.is_empty() {
            return;
        }
        for (index, file, ev) in runs {
            if let Some(p) = self.list.get_mut(index) {
                if !p.also.contains(&file) {
                    p.also.push(file);
                }
                if !p.evidence.contains(&ev) {
                    p.evidence.push(ev);
                }
            }
        }
        self.by_file = index_files(&self.list);
    }

    /// Keeps the parts `keep` accepts, re-indexing the files.
    pub fn retain(&mut self, keep: impl Fn(&Part) -> bool) {
        self.list.retain(|p| keep(p));
        self.by_file = index_files(&self.list);
    }

    /// The browser side of `unit` (a per-unit `web-client` part), if it has one.
    pub fn browser_of(&self, unit: &str) -> Option<&Part> {
        self.list
            .iter()
            .find(|p| p.unit == unit && p.kind.as_str() == "web-client")
    }

    /// A part of `unit` by symbol.
    pub fn by_symbol(&self, unit: &str, symbol: &str) -> Option<&Part> {
        self.list.iter().find(|p| p.unit == unit && p.symbol == symbol)
    }
}

/// Finds the parts in the scan's hits.
pub fn find(scan: &ScanResult, units: &Units, detectors: &Detectors) -> Parts {
    // Per (unit, file, symbol): the part being built.
    let mut found: BTreeMap<(String, usize, String), Part> = BTreeMap::new();
    let mut per_file_symbols: BTreeMap<(String, usize, String), Vec<String>> = BTreeMap::new();
    // Part key → the function it runs (its own symbol, or the `ref` group), resolved below.
    let mut refs: BTreeMap<String, String> = BTreeMap::new();
    let mut operated: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for hit in &scan.hits {
        let (Some(file), Some(det)) = (scan.files.get(hit.file), detectors.list.get(hit.detector)) else {
            continue;
        };
        let Some(spec) = &det.part else { continue };
        let unit = units.owner(hit.file, &file.rel, hit.line).to_owned();
        let stem = file_stem(&file.rel);
        let named = if spec.per_file {
            stem.as_str()
        } else {
            hit.symbol.as_deref().unwrap_or("")
        };
        let Some(kind) = spec.kind_for(&hit.text, named).cloned() else {
            continue;
        };
        if spec.operated {
            operated.insert(format!(
                "part:{}:{}#{}",
                unit.trim_start_matches("unit:"),
                file.rel,
                if spec.per_file {
                    det.id.clone()
                } else {
                    named.to_owned()
                }
            ));
        }
        let (symbol, name) = if spec.per_unit {
            let unit_name = units.list.get(&unit).map_or("", |u| u.name.as_str());
            (det.id.clone(), format!("{unit_name} ({})", spec.label))
        } else if spec.per_file {
            (det.id.clone(), format!("{} ({stem})", spec.label))
        } else {
            let Some(sym) = hit.symbol.clone() else { continue };
            let name = format!("{sym} ({})", spec.label);
            (sym, name)
        };
        let ev = Evidence {
            file: file.rel.clone(),
            line: hit.line,
            text: hit.text.clone(),
            detector: det.id.clone(),
        };
        if spec.per_file
            && let Some(sym) = &hit.symbol
        {
            per_file_symbols
                .entry((unit.clone(), hit.file, symbol.clone()))
                .or_default()
                .push(sym.clone());
        }
        // A per-unit part spans files: its key names none, and its first file defines it.
        let (key, slot) = if spec.per_unit {
            (
                format!("part:{}:#{symbol}", unit.trim_start_matches("unit:")),
                usize::MAX,
            )
        } else {
            (
                format!("part:{}:{}#{symbol}", unit.trim_start_matches("unit:"), file.rel),
                hit.file,
            )
        };
        if !spec.per_file
            && !spec.per_unit
            && let Some(r) = hit.reference.clone().or_else(|| hit.symbol.clone())
        {
            refs.entry(key.clone()).or_insert(r);
        }
        found
            .entry((unit.clone(), slot, symbol.clone()))
            .and_modify(|p| {
                if p.file == hit.file {
                    p.line = p.line.min(hit.line);
                } else if !p.also.contains(&hit.file) {
                    p.also.push(hit.file);
                }
                p.evidence.push(ev.clone());
                p.model |= spec.model;
            })
            .or_insert_with(|| Part {
                key,
                unit,
                file: hit.file,
                line: hit.line,
                symbol,
                name,
                kind,
                evidence: vec![ev],
                also: Vec::new(),
                operated: false,
                model: spec.model,
                artifacts: spec.artifacts,
            });
    }
    for (k, syms) in per_file_symbols {
        if let Some(p) = found.get_mut(&k) {
            let label = p.name.split(" (").next().unwrap_or("").to_owned();
            let mut syms = syms;
            syms.dedup();
            let shown: Vec<&str> = syms.iter().take(3).map(String::as_str).collect();
            let more = syms.len().saturating_sub(shown.len());
            p.name = if more > 0 {
                format!("{label}: {} +{more}", shown.join(", "))
            } else {
                format!("{label}: {}", shown.join(", "))
            };
        }
    }
    let mut list: Vec<Part> = found.into_values().collect();
    for p in &mut list {
        p.operated = operated.contains(&p.key);
    }
    resolve_refs(&mut list, &refs, scan, units);
    // A unit's only agent is its orchestrator, not a sub-agent of one.
    let mut agents: HashMap<String, usize> = HashMap::new();
    for p in &list {
        if matches!(p.kind.as_str(), "sub-agent" | "agent-orchestrator") {
            *agents.entry(p.unit.clone()).or_default() += 1;
        }
    }
    for p in &mut list {
        if p.kind.as_str() == "sub-agent" && agents.get(&p.unit) == Some(&1) {
            p.kind = KindId::from("agent-orchestrator");
        }
    }
    list.sort_by(|a, b| a.key.cmp(&b.key));
    let mut per_unit: HashMap<String, usize> = HashMap::new();
    let mut per_file: HashMap<usize, usize> = HashMap::new();
    let mut out = Parts::default();
    for p in list {
        let u = per_unit.entry(p.unit.clone()).or_default();
        let f = per_file.entry(p.file).or_default();
        if *u >= MAX_PARTS_PER_UNIT || *f >= MAX_PARTS_PER_FILE {
            continue;
        }
        *u += 1;
        *f += 1;
        out.list.push(p);
    }
    out.by_file = index_files(&out.list);
    out
}

/// Per file: the parts it holds, by defining line.
fn index_files(list: &[Part]) -> HashMap<usize, Vec<usize>> {
    let mut by_file: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, p) in list.iter().enumerate() {
        for f in std::iter::once(p.file).chain(p.also.iter().copied()) {
            by_file.entry(f).or_default().push(i);
        }
    }
    for ix in by_file.values_mut() {
        ix.sort_by_key(|i| list.get(*i).map_or(0, |p| p.line));
        ix.dedup();
    }
    by_file
}

/// Each part that runs a function defined in another file of its unit gets that file (its
/// code is the part's, and so are the calls it makes) and the definition as evidence. A name
/// defined in several files of the unit is left unresolved.
fn resolve_refs(list: &mut [Part], refs: &BTreeMap<String, String>, scan: &ScanResult, units: &Units) {
    // Only the names some part runs are indexed.
    let wanted: std::collections::HashSet<&str> = refs.values().map(|r| r.rsplit('.').next().unwrap_or(r)).collect();
    if wanted.is_empty() {
        return;
    }
    let mut defs: HashMap<(&str, &str), Vec<(usize, u32)>> = HashMap::new();
    for (i, f) in scan.files.iter().enumerate() {
        for (line, name) in f.defs.iter().filter(|(_, n)| wanted.contains(n.as_str())) {
            let unit = units.owner(i, &f.rel, *line);
            defs.entry((unit, name.as_str())).or_default().push((i, *line));
        }
    }
    for p in list.iter_mut() {
        let Some(r) = refs.get(&p.key) else { continue };
        let name = r.rsplit('.').next().unwrap_or(r);
        let Some([(file, line)]) = defs.get(&(p.unit.as_str(), name)).map(Vec::as_slice) else {
            continue;
        };
        let Some(f) = scan.files.get(*file) else { continue };
        if *file != p.file {
            p.also.push(*file);
        }
        p.evidence.insert(
            0,
            Evidence {
                file: f.rel.clone(),
                line: *line,
                text: super::scan::clip(name),
                detector: "definition".to_owned(),
            },
        );
    }
}

/// `model_trainer` for `steps/training/model_trainer.py`; the folder for an `index` or
/// `__init__` file.
pub fn file_stem(rel: &str) -> String {
    let mut parts = rel.rsplit('/');
    let name = parts.next().unwrap_or(rel);
    let stem = name.split('.').next().unwrap_or(name);
    if matches!(stem, "index" | "__init__" | "main" | "route" | "page" | "mod")
        && let Some(dir) = parts.next()
    {
        return dir.to_owned();
    }
    stem.to_owned()
}
