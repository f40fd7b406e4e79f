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
use std::collections::BTreeMap;

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
}

impl Units {
    /// The unit a line of a file belongs to.
    pub fn owner(&self, file: usize, rel: &str, line: u32) -> &str {
        let region = self.list.values().find(|u| {
            u.regions
                .iter()
                .any(|(f, first, last)| *f == file && (*first..=*last).contains(&line))
        });
        if let Some(u) = region {
            return &u.key;
        }
        let mut best: Option<(&str, usize)> = None;
        for u in self.list.values() {
            let Some(dir) = &u.dir else { continue };
            let inside = dir.is_empty() || rel.strip_prefix(dir.as_str()).is_some_and(|r| r.starts_with('/'));
            if inside && best.is_none_or(|(_, len)| dir.len() > len) {
                best = Some((&u.key, dir.len()));
            }
        }
        best.map_or(ROOT_KEY, |(k, _)| k)
    }

    /// A unit by its name.
    pub fn by_name(&self, name: &str) -> Option<&Unit> {
        self.list.values().find(|u| u.name == name && !u.implicit)
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

/// The text of a 1-based line.
pub fn line_text(text: &str, line: u32) -> String {
    let n = usize::try_from(line).unwrap_or(0).saturating_sub(1);
    text.lines().nth(n).unwrap_or("").to_owned()
}

/// Finds the units of a repository named `repo_name`.
pub fn discover(
    repo_name: &str,
    unit_dirs: &[(String, String, (u32, String))],
    files: &[Scanned],
    warnings: &mut Vec<Warning>,
) -> Units {
    let mut units = Units::default();
    let mut exposures: Vec<(String, Evidence)> = Vec::new();
    for (dir, marker, (line, first)) in unit_dirs {
        let depth = if dir.is_empty() { 0 } else { dir.split('/').count() };
        if depth > MAX_UNIT_DEPTH {
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
                Ok(services) => services
                    .iter()
                    .for_each(|s| add_compose(&mut units, index, &f.rel, text, s)),
                Err(e) => warnings.push(Warning::new(&f.rel, format!("compose file not understood: {e}"))),
            },
            Source::Kubernetes => match kube::objects(text) {
                Ok(objects) => objects
                    .iter()
                    .for_each(|o| add_kube(&mut units, &mut exposures, index, &f.rel, text, o)),
                Err(e) => warnings.push(Warning::new(&f.rel, format!("YAML not understood: {e}"))),
            },
            _ => {}
        }
    }
    // Exposure is applied last: an Ingress may come before the workload it routes to.
    for (name, e) in exposures {
        if let Some(u) = units.list.values_mut().find(|u| u.name == name) {
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
    units
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

fn add_compose(units: &mut Units, file: usize, rel: &str, text: &str, s: &ComposeService) {
    let key = format!("unit:{}", s.name);
    // A service built from a unit folder is that folder's unit, renamed.
    let built_from = s.build.as_ref().map(|(b, _)| build_dir(rel, b));
    let folder = built_from.as_ref().and_then(|d| {
        units
            .list
            .values()
            .find(|u| u.dir.as_deref() == Some(d.as_str()))
            .map(|u| u.key.clone())
    });
    let mut unit = folder
        .and_then(|k| units.list.remove(&k))
        .or_else(|| units.list.remove(&key))
        .unwrap_or_default();
    unit.key = key.clone();
    unit.name = s.name.clone();
    unit.implicit = false;
    // Built from a folder with no manifest of its own: the folder's code is still this unit's.
    if unit.dir.is_none() {
        unit.dir = built_from;
    }
    unit.regions.push((file, s.line, s.last_line));
    unit.evidence.push(ev(rel, s.line, &line_text(text, s.line), "compose"));
    for (d, line) in &s.depends_on {
        unit.depends_on
            .push((d.clone(), ev(rel, *line, &line_text(text, *line), "compose")));
    }
    units.list.insert(key, unit);
}

fn add_kube(
    units: &mut Units,
    exposures: &mut Vec<(String, Evidence)>,
    file: usize,
    rel: &str,
    text: &str,
    o: &kube::Object,
) {
    let line_text = line_text(text, o.line);
    if !o.is_workload() {
        for name in &o.exposes {
            exposures.push((name.clone(), ev(rel, o.line, &line_text, "kubernetes")));
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
    unit.evidence.push(ev(rel, o.line, &line_text, "kubernetes"));
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
