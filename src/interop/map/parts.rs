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
pub const MAX_PARTS_PER_FILE: usize = 12;

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
        let Some(ix) = self.by_file.get(&file) else {
            return Vec::new();
        };
        let parts: Vec<&Part> = ix.iter().filter_map(|i| self.list.get(*i)).collect();
        match parts.iter().rposition(|p| p.line <= line) {
            Some(at) => parts.get(at).copied().into_iter().collect(),
            None => parts,
        }
    }

    /// All parts of a file.
    pub fn of_file(&self, file: usize) -> Vec<&Part> {
        self.by_file
            .get(&file)
            .map(|ix| ix.iter().filter_map(|i| self.list.get(*i)).collect())
            .unwrap_or_default()
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
    for hit in &scan.hits {
        let (Some(file), Some(det)) = (scan.files.get(hit.file), detectors.list.get(hit.detector)) else {
            continue;
        };
        let Some(spec) = &det.part else { continue };
        let unit = units.owner(hit.file, &file.rel, hit.line).to_owned();
        let stem = file_stem(&file.rel);
        let (symbol, name) = if spec.per_file {
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
        let key = format!("part:{}:{}#{symbol}", unit.trim_start_matches("unit:"), file.rel);
        found
            .entry((unit.clone(), hit.file, symbol.clone()))
            .and_modify(|p| {
                p.line = p.line.min(hit.line);
                p.evidence.push(ev.clone());
            })
            .or_insert_with(|| Part {
                key,
                unit,
                file: hit.file,
                line: hit.line,
                symbol,
                name,
                kind: spec.kind.clone(),
                evidence: vec![ev],
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
    let mut per_unit: HashMap<String, usize> = HashMap::new();
    let mut per_file: HashMap<usize, usize> = HashMap::new();
    let mut out = Parts::default();
    let mut list: Vec<Part> = found.into_values().collect();
    list.sort_by(|a, b| a.key.cmp(&b.key));
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
    for (i, p) in out.list.iter().enumerate() {
        out.by_file.entry(p.file).or_default().push(i);
    }
    for ix in out.by_file.values_mut() {
        ix.sort_by_key(|i| out.list.get(*i).map_or(0, |p| p.line));
    }
    out
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
