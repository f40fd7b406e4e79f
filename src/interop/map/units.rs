//! Deployable units: compose services, Kubernetes workloads and folders with their own manifest
//! (near the top of the tree), merged when they are the same thing (a compose service built
//! from a folder, a workload named like a service). Every line of every file belongs to
//! exactly one unit: the compose or Kubernetes block it sits in, else the deepest unit folder
//! holding it, else the repository root.

use super::compose::{self, ComposeService};
use super::kube;
use super::scan::Scanned;
use super::source::Source;
use super::summary::Warning;
use crate::model::Evidence;
use std::collections::{BTreeMap, HashMap};

/// Folders deeper than this are not units of their own (a manifest there belongs to the unit
/// above: a package inside a service, a test fixture).
const MAX_UNIT_DEPTH: usize = 3;

/// One deployable unit.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Unit {
    /// Stable key (`unit:api`, `unit:.` for the root).
    pub key: String,
    /// The name people see.
    pub name: String,
    /// The folder whose files belong to it, if any (`""` for the root).
    pub dir: Option<String>,
    /// Blocks of compose or Kubernetes files that describe it: (file index, first, last line).
    pub regions: Vec<(usize, u32, u32)>,
    /// What defines it (the service key, the workload kind, the manifest).
    pub evidence: Vec<Evidence>,
    /// Names of units it depends on (compose `depends_on`), with evidence.
    pub depends_on: Vec<(String, Evidence)>,
    /// Why it is exposed to users (an Ingress or a LoadBalancer), if it is.
    pub exposed: Vec<Evidence>,
    /// The root stand-in: only drawn when nothing else is a unit.
    pub implicit: bool,
}

/// All units, and a way to find the owner of a line.
#[derive(Debug, Default)]
pub struct Units {
    /// Units by key.
    pub list: BTreeMap<String, Unit>,
    /// Lookups built once the list is complete ([`Units::index`]), so that placing every hit
    /// and resolving every `depends_on` stays linear in the repository's size.
    index: UnitIndex,
}

#[derive(Debug, Default)]
struct UnitIndex {
    /// Per file, the compose / Kubernetes blocks: (first line, last line, unit key), sorted.
    regions: HashMap<usize, Vec<(u32, u32, String)>>,
    /// Unit folders → key.
    dirs: HashMap<String, String>,
    /// Names → key of the first unit (in key order) with that name, implicit root excluded.
    names: HashMap<String, String>,
}

impl Units {
    /// Builds the lookups; call after the last change to `list`.
    pub fn index(&mut self) {
        let mut ix = UnitIndex::default();
        // Real units first: the implicit root stand-in never shadows a unit built from the
        // root folder (a compose service with `build: .`).
        let (real, implicit): (Vec<&Unit>, Vec<&Unit>) = self.list.values().partition(|u| !u.implicit);
        for u in real.into_iter().chain(implicit) {
            for (f, first, last) in &u.regions {
                ix.regions.entry(*f).or_default().push((*first, *last, u.key.clone()));
            }
            if let Some(d) = &u.dir {
                ix.dirs.entry(d.clone()).or_insert_with(|| u.key.clone());
            }
            if !u.implicit {
                ix.names.entry(u.name.clone()).or_insert_with(|| u.key.clone());
            }
        }
        for r in ix.regions.values_mut() {
            r.sort();
        }
        self.index = ix;
    }

    /// The unit a line of a file belongs to: the block of a compose or Kubernetes file it is
    /// in, else the deepest unit folder holding the file, else the root.
    pub fn owner(&self, file: usize, rel: &str, line: u32) -> &str {
        if let Some(blocks) = self.index.regions.get(&file) {
            // Blocks do not overlap: the last one starting at or before the line.
            let at = blocks.partition_point(|(first, _, _)| *first <= line);
            if let Some((_, last, key)) = at.checked_sub(1).and_then(|i| blocks.get(i))
                && line <= *last
            {
                return key;
            }
        }
        let mut dir = rel;
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if let Some(k) = self.index.dirs.get(parent) {
                return k;
            }
            dir = parent;
        }
        self.index.dirs.get("").map_or(ROOT_KEY, String::as_str)
    }

    /// A unit by its name.
    pub fn by_name(&self, name: &str) -> Option<&Unit> {
        self.index.names.get(name).and_then(|k| self.list.get(k))
    }

    /// Units people will see (the implicit root only when it is alone).
    pub fn drawn(&self) -> impl Iterator<Item = &Unit> {
        self.list.values().filter(|u| !u.implicit)
    }
}

/// Key of the repository root's unit.
pub const ROOT_KEY: &str = "unit:.";

fn ev(file: &str, line: u32, text: &str, detector: &str) -> Evidence {
    Evidence {
        file: file.to_owned(),
        line,
        text: super::scan::clip(text),
        detector: detector.to_owned(),
    }
}

/// A file's lines, split once, for files whose lines are quoted many times.
pub struct FileLines<'a>(Vec<&'a str>);

impl<'a> FileLines<'a> {
    /// Splits `text` into lines.
    pub fn new(text: &'a str) -> Self {
        Self(text.lines().collect())
    }

    /// The text of a 1-based line ("" past the end).
    pub fn get(&self, line: u32) -> &'a str {
        let n = usize::try_from(line).unwrap_or(0).saturating_sub(1);
        self.0.get(n).copied().unwrap_or("")
    }
}

/// Services one compose file may contribute; the rest are left out with a warning.
pub const MAX_SERVICES_PER_FILE: usize = 500;
/// `depends_on` entries one compose file may contribute in all.
pub const MAX_DEPENDENCIES_PER_FILE: usize = 2_000;

/// Finds the units of a repository named `repo_name`.
pub fn discover(
    repo_name: &str,
    unit_dirs: &[(String, String, (u32, String))],
    files: &[Scanned],
    warnings: &mut Vec<Warning>,
) -> Units {
    let mut units = Units::default();
    let mut exposures: Vec<(String, Evidence)> = Vec::new();
    // A Maven or Gradle module (a build file in a direct subfolder of a folder with a build
    // file of its own) is built and shipped by its parent project, not a unit of its own.
    let jvm_build = |marker: &str| {
        let name = marker.rsplit('/').next().unwrap_or(marker);
        matches!(name, "pom.xml" | "build.gradle" | "build.gradle.kts")
    };
    let jvm_projects: std::collections::HashSet<&str> = files
        .iter()
        .filter(|f| jvm_build(&f.rel))
        .map(|f| f.rel.rsplit_once('/').map_or("", |(d, _)| d))
        .collect();
    for (dir, marker, (line, first)) in unit_dirs {
        let depth = if dir.is_empty() { 0 } else { dir.split('/').count() };
        if depth > MAX_UNIT_DEPTH {
            continue;
        }
        let parent = dir.rsplit_once('/').map_or("", |(p, _)| p);
        if !dir.is_empty() && jvm_projects.contains(dir.as_str()) && jvm_projects.contains(parent) {
            continue;
        }
        let key = if dir.is_empty() {
            ROOT_KEY.to_owned()
        } else {
            format!("unit:{dir}")
        };
        let name = dir.rsplit('/').next().filter(|n| !n.is_empty()).unwrap_or(repo_name);
        units.list.insert(
            key.clone(),
            Unit {
                key,
                name: name.to_owned(),
                dir: Some(dir.clone()),
                evidence: vec![ev(marker, *line, first, "manifest")],
                ..Unit::default()
            },
        );
    }
    for (index, f) in files.iter().enumerate() {
        let Some(text) = &f.text else { continue };
        match f.source {
            Source::Compose => match compose::services(text) {
                Ok(mut services) => {
                    cap_compose(&mut services, &f.rel, warnings);
                    let file_lines = FileLines::new(text);
                    let mut folders: HashMap<String, String> = units
                        .list
                        .values()
                        .filter_map(|u| Some((u.dir.clone()?, u.key.clone())))
                        .collect();
                    for s in &services {
                        add_compose(&mut units, &mut folders, index, &f.rel, &file_lines, s);
                    }
                }
                Err(e) => warnings.push(Warning::new(&f.rel, format!("compose file not understood: {e}"))),
            },
            Source::Kubernetes if super::serverless::is_manifest(&f.rel, text) => {
                match super::serverless::functions(text) {
                    Ok(functions) => {
                        let file_lines = FileLines::new(text);
                        let mut folders: HashMap<String, String> = units
                            .list
                            .values()
                            .filter_map(|u| Some((u.dir.clone()?, u.key.clone())))
                            .collect();
                        for func in functions.iter().take(MAX_SERVICES_PER_FILE) {
                            add_function(&mut units, &mut folders, index, &f.rel, &file_lines, func);
                        }
                    }
                    Err(e) => warnings.push(Warning::new(&f.rel, format!("serverless manifest not understood: {e}"))),
                }
            }
            Source::Kubernetes => match kube::objects(text) {
                Ok(objects) => {
                    let file_lines = FileLines::new(text);
                    for o in &objects {
                        add_kube(&mut units, &mut exposures, index, &f.rel, &file_lines, o);
                    }
                }
                Err(e) => warnings.push(Warning::new(&f.rel, format!("YAML not understood: {e}"))),
            },
            _ => {}
        }
    }
    // Exposure is applied last: an Ingress may come before the workload it routes to.
    let mut by_name: HashMap<String, String> = HashMap::new();
    for u in units.list.values() {
        by_name.entry(u.name.clone()).or_insert_with(|| u.key.clone());
    }
    for (name, e) in exposures {
        if let Some(u) = by_name.get(&name).and_then(|k| units.list.get_mut(k)) {
            u.exposed.push(e);
        }
    }
    if !units.list.contains_key(ROOT_KEY) {
        units.list.insert(
            ROOT_KEY.to_owned(),
            Unit {
                key: ROOT_KEY.to_owned(),
                name: repo_name.to_owned(),
                dir: Some(String::new()),
                implicit: true,
                ..Unit::default()
            },
        );
    }
    units.index();
    units
}

/// Keeps at most [`MAX_SERVICES_PER_FILE`] services and [`MAX_DEPENDENCIES_PER_FILE`]
/// dependencies of one compose file, and says what was left out: a generated file with
/// thousands of services would otherwise become a model nobody can open.
fn cap_compose(services: &mut Vec<ComposeService>, rel: &str, warnings: &mut Vec<Warning>) {
    if services.len() > MAX_SERVICES_PER_FILE {
        warnings.push(Warning::new(
            rel,
            format!(
                "{} services; only the first {MAX_SERVICES_PER_FILE} were mapped",
                services.len()
            ),
        ));
        services.truncate(MAX_SERVICES_PER_FILE);
    }
    let mut left = MAX_DEPENDENCIES_PER_FILE;
    let mut dropped = 0usize;
    for s in services.iter_mut() {
        let keep = s.depends_on.len().min(left);
        dropped += s.depends_on.len() - keep;
        s.depends_on.truncate(keep);
        left -= keep;
    }
    if dropped > 0 {
        warnings.push(Warning::new(
            rel,
            format!("{dropped} depends_on entries past the first {MAX_DEPENDENCIES_PER_FILE} were left out"),
        ));
    }
}

/// Joins a compose build path to the compose file's folder: `./api` next to
/// `deploy/docker-compose.yml` is `deploy/api`.
fn build_dir(compose_rel: &str, build: &str) -> String {
    let mut parts: Vec<&str> = compose_rel.split('/').collect();
    parts.pop();
    for p in build.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn add_compose(
    units: &mut Units,
    folders: &mut HashMap<String, String>,
    file: usize,
    rel: &str,
    text: &FileLines<'_>,
    s: &ComposeService,
) {
    // A service built from a unit folder is that folder's unit, renamed.
    let built_from = s.build.as_ref().map(|(b, _)| build_dir(rel, b));
    let folder = built_from
        .as_ref()
        .and_then(|d| folders.get(d))
        .filter(|k| units.list.contains_key(*k))
        .cloned();
    let mut unit = folder
        .and_then(|k| units.list.remove(&k))
        .or_else(|| units.list.remove(&format!("unit:{}", s.name)))
        .unwrap_or_default();
    // Several services built from one folder (a scheduler, workers and a web server sharing
    // one image through a `<<: *common` block) are copies of one workload: one unit, named and
    // keyed after the folder, not after whichever service came last.
    let shared = unit.regions.iter().any(|(f, _, _)| *f == file)
        && built_from.as_ref().is_some_and(|d| unit.dir.as_ref() == Some(d));
    let (key, name) = match built_from.as_deref().filter(|_| shared) {
        Some(dir) => (
            if dir.is_empty() {
                ROOT_KEY.to_owned()
            } else {
                format!("unit:{dir}")
            },
            dir.rsplit('/')
                .next()
                .filter(|n| !n.is_empty())
                .unwrap_or(&unit.name)
                .to_owned(),
        ),
        None => (format!("unit:{}", s.name), s.name.clone()),
    };
    unit.key = key.clone();
    unit.name = name;
    unit.implicit = false;
    // Built from a folder with no manifest of its own: the folder's code is still this unit's.
    if unit.dir.is_none() {
        unit.dir = built_from;
    }
    unit.regions.push((file, s.line, s.last_line));
    unit.evidence.push(ev(rel, s.line, text.get(s.line), "compose"));
    for (d, line) in &s.depends_on {
        unit.depends_on
            .push((d.clone(), ev(rel, *line, text.get(*line), "compose")));
    }
    if let Some(d) = &unit.dir {
        folders.insert(d.clone(), key.clone());
    }
    units.list.insert(key, unit);
}

/// A function a serverless manifest declares: the unit of its code folder (renamed after the
/// function), described by its block of the manifest; an HTTP event exposes it.
fn add_function(
    units: &mut Units,
    folders: &mut HashMap<String, String>,
    file: usize,
    rel: &str,
    text: &FileLines<'_>,
    f: &super::serverless::Function,
) {
    let key = format!("unit:{}", f.name);
    let code = f.code.as_ref().map(|c| build_dir(rel, c));
    let folder = code
        .as_ref()
        .and_then(|d| folders.get(d))
        .filter(|k| units.list.contains_key(*k))
        .cloned();
    let mut unit = folder
        .and_then(|k| units.list.remove(&k))
        .or_else(|| units.list.remove(&key))
        .unwrap_or_default();
    unit.key = key.clone();
    unit.name = f.name.clone();
    unit.implicit = false;
    if unit.dir.is_none() {
        unit.dir = code;
    }
    unit.regions.push((file, f.line, f.last_line));
    unit.evidence.push(ev(rel, f.line, text.get(f.line), "serverless"));
    for l in &f.http {
        unit.exposed.push(ev(rel, *l, text.get(*l), "serverless"));
    }
    if let Some(d) = &unit.dir {
        folders.insert(d.clone(), key.clone());
    }
    units.list.insert(key, unit);
}

fn add_kube(
    units: &mut Units,
    exposures: &mut Vec<(String, Evidence)>,
    file: usize,
    rel: &str,
    text: &FileLines<'_>,
    o: &kube::Object,
) {
    let line_text = text.get(o.line);
    if !o.is_workload() {
        for name in &o.exposes {
            exposures.push((name.clone(), ev(rel, o.line, line_text, "kubernetes")));
        }
        return;
    }
    let key = format!("unit:{}", o.name);
    let existing = units
        .list
        .values()
        .find(|u| u.name == o.name && !u.implicit)
        .map(|u| u.key.clone());
    let mut unit = existing.and_then(|k| units.list.remove(&k)).unwrap_or_default();
    if unit.key.is_empty() {
        unit.key = key;
        unit.name = o.name.clone();
    }
    unit.regions.push((file, o.first_line, o.last_line));
    unit.evidence.push(ev(rel, o.line, line_text, "kubernetes"));
    units.list.insert(unit.key.clone(), unit);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_belong_to_their_compose_block_then_the_deepest_unit_folder() {
        let compose = "services:\n  api:\n    build: ./api\n  worker:\n    build: ./jobs/worker\n    image: x\n";
        let files = vec![Scanned {
            rel: "docker-compose.yml".into(),
            source: Source::Compose,
            text: Some(compose.into()),
            imports: Vec::new(),
            defs: Vec::new(),
            body_calls: Vec::new(),
        }];
        let dirs = vec![(
            "api".to_owned(),
            "api/requirements.txt".to_owned(),
            (1, "fastapi".to_owned()),
        )];
        let mut warnings = Vec::new();
        let units = discover("repo", &dirs, &files, &mut warnings);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(units.owner(0, "docker-compose.yml", 5), "unit:worker");
        assert_eq!(units.owner(9, "api/app/main.py", 3), "unit:api");
        // No manifest in jobs/worker, but compose builds it: its code is the worker's.
        assert_eq!(units.owner(9, "jobs/worker/run.py", 1), "unit:worker");
        assert_eq!(units.owner(9, "README.py", 1), ROOT_KEY);
        assert!(units.list[ROOT_KEY].implicit);
    }

    #[test]
    fn build_paths_are_joined_to_the_compose_folder() {
        assert_eq!(build_dir("docker-compose.yml", "./api"), "api");
        assert_eq!(build_dir("deploy/compose.yaml", "../services/api"), "services/api");
        assert_eq!(build_dir("docker-compose.yml", "."), "");
    }
}
