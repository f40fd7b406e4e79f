//! The detector library: typed entries read from `libraries/detectors/*.ron`, checked against
//! the catalog, and compiled into one bounded regex set per kind of file.

use super::source::Source;
use crate::catalog::{Catalog, Location, SourceFile, line_of, parse_ron};
use crate::model::{Confidence, ControlId, DataClassId, KindId, PropKey, Value};
use regex::bytes::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// Longest pattern accepted, in bytes.
const MAX_PATTERN_BYTES: usize = 1024;
/// Compiled size limit of one pattern.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// Compiled size limit of one kind of file's pattern set.
const SET_SIZE_LIMIT: usize = 32 << 20;

/// What a match means: a service the unit talks to.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    /// The component kind of the service.
    pub kind: KindId,
    /// Run by another organisation: drawn in its own third-party boundary.
    #[serde(default)]
    pub third_party: bool,
    /// One element per unit that uses it (an in-process index, the agent's tools) rather than
    /// one shared element.
    #[serde(default)]
    pub per_unit: bool,
    /// Data comes from the service to the unit (a model hub, a dataset): the flow is a read
    /// whose `data` come back.
    #[serde(default)]
    pub inbound: bool,
    /// One element per host its patterns' `name` group captures (a web API called by URL),
    /// except hosts ending in one of `skip_hosts` or named by another detector's `hosts`.
    #[serde(default)]
    pub per_host: bool,
    /// Hosts (or host suffixes) that are this service: a URL to them is a use of it.
    #[serde(default)]
    pub hosts: Vec<String>,
    /// For `per_host`: host suffixes that are not services (documentation, CDNs, scopes).
    #[serde(default)]
    pub skip_hosts: Vec<String>,
    /// It sits in front of the unit (a gateway, the platform that runs it, a CI pipeline that
    /// deploys it): the flow goes from it to the unit.
    #[serde(default)]
    pub fronts: bool,
    /// The detector whose element this one is (pgvector is a PostgreSQL; a compose image
    /// and a driver of one store are one element). Its kind wins when more specific.
    #[serde(default)]
    pub same_as: Option<String>,
    /// It is where a pipeline keeps its steps' artifacts (a pipeline root, an artifact
    /// store): every step of the unit writes to it.
    #[serde(default)]
    pub artifacts: bool,
    /// Protocols of other vendors' clients it serves (`"openai"`): a `compatible` client in a
    /// file that points at this service (an `endpoint` match) is a use of it.
    #[serde(default)]
    pub speaks: Vec<String>,
    /// Data classes on the flow.
    #[serde(default)]
    pub data: Vec<DataClassId>,
    /// Answers the service element gives (set only where its kind asks the question): a face
    /// matcher's answers are about people, a voice API's output is a person's voice.
    #[serde(default)]
    pub properties: BTreeMap<PropKey, Value>,
    /// The flow's label.
    #[serde(default)]
    pub label: String,
    /// The flow's protocol.
    #[serde(default)]
    pub protocol: String,
}

/// What a match defines inside its unit: an agent, a graph node, a tool, a retriever, a
/// guardrail, an MCP client or server, a pipeline step. Each becomes an element of its own,
/// grouped with its unit, keyed by unit, file and symbol.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartSpec {
    /// The part's kind.
    pub kind: KindId,
    /// What people call it ("agent", "graph node", "pipeline step"), after its name.
    pub label: String,
    /// One element per file holding matches (a file of tools), rather than one per symbol.
    #[serde(default)]
    pub per_file: bool,
    /// One element per unit holding every file that matches (the browser side of a web app
    /// whose server and client share a unit), rather than one per symbol.
    #[serde(default)]
    pub per_unit: bool,
    /// A more precise kind when the matched line or the symbol holds a word (lowercase):
    /// `("train", "training-job")`. The first that applies wins; else `kind`.
    #[serde(default)]
    pub kinds: Vec<(String, KindId)>,
    /// Only a part when one of `kinds` applies (a script is a part when its name says what it
    /// does: seeding, training, evaluating).
    #[serde(default)]
    pub only_kinds: bool,
    /// A person runs it (a script, a notebook): the operators are drawn, running it.
    #[serde(default)]
    pub operated: bool,
    /// It runs on a language model (an agent): when none of its own files calls one, it uses
    /// the models its unit calls (the model is usually built elsewhere and handed to it).
    #[serde(default)]
    pub model: bool,
    /// It is a pipeline step: its outputs are artifacts its pipeline keeps in the artifact
    /// store its unit declares (a service with `artifacts`).
    #[serde(default)]
    pub artifacts: bool,
}

impl PartSpec {
    /// The kind of a part matched on `text` and named `symbol`; `None` when `only_kinds` and
    /// none applies.
    pub fn kind_for(&self, text: &str, symbol: &str) -> Option<&KindId> {
        let text = text.to_ascii_lowercase();
        let symbol = symbol.to_ascii_lowercase();
        match self
            .kinds
            .iter()
            .find(|(w, _)| symbol.contains(w.as_str()) || text.contains(w.as_str()))
        {
            Some((_, k)) => Some(k),
            None if self.only_kinds => None,
            None => Some(&self.kind),
        }
    }
}

/// What a match says about the unit it is in: what kind of component the unit is.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitSpec {
    /// The kind the unit becomes.
    pub kind: KindId,
    /// The highest rank among a unit's matches decides its kind.
    pub rank: u8,
    /// The unit serves users: it faces the internet.
    #[serde(default)]
    pub entry_point: bool,
}

/// One pattern of a detector.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    /// The kinds of file it applies to.
    pub sources: Vec<Source>,
    /// A byte regex, matched in multi-line mode.
    pub regex: String,
    /// How sure a match makes the mapper.
    #[serde(default = "high")]
    pub confidence: Confidence,
    /// A match means the unit runs the service itself (a container image), so other units'
    /// uses of it point at that unit.
    #[serde(default)]
    pub runs: bool,
    /// A match declares that the service exists (a resource in a template) rather than a use
    /// of it: the service is drawn, and no flow from the unit holding the declaration. Matches
    /// in Bicep and Terraform files always declare.
    #[serde(default)]
    pub declares: bool,
    /// A client of a protocol many services speak (`"openai"`: the OpenAI SDK, which Azure,
    /// GitHub Models, Ollama and vLLM also serve): in a code file where an `endpoint` match
    /// points at a service that `speaks` it, the use is that service's.
    #[serde(default)]
    pub compatible: String,
    /// The match points a client at the service (its host, its port, its settings) rather
    /// than naming its own SDK.
    #[serde(default)]
    pub endpoint: bool,
}

fn high() -> Confidence {
    Confidence::High
}

/// One detector: a framework, SDK, service or library the mapper recognises.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Detector {
    /// Stable id, part of evidence keys.
    pub id: String,
    /// The name people see (and the service element's name).
    pub name: String,
    /// Group in the summary ("LLM APIs").
    pub category: String,
    /// A service the unit talks to.
    #[serde(default)]
    pub service: Option<ServiceSpec>,
    /// What the unit is.
    #[serde(default)]
    pub unit: Option<UnitSpec>,
    /// A part it defines inside the unit; its patterns name it with a `(?P<name>…)` group.
    #[serde(default)]
    pub part: Option<PartSpec>,
    /// Its patterns link two parts of one file: `(?P<from>…)` and `(?P<to>…)` name them (a
    /// graph's edges, an agent's hand-offs).
    #[serde(default)]
    pub links: bool,
    /// Its matches show where people use the unit (a page, a chat box, the calls a browser
    /// sends): evidence for the users who reach it.
    #[serde(default)]
    pub users: bool,
    /// Its matches are commands people run (a CLI, task-runner entries, a deployment tool's
    /// manifest): the operators are drawn, running the unit that holds them.
    #[serde(default)]
    pub operators: bool,
    /// Controls the unit implements.
    #[serde(default)]
    pub controls: Vec<ControlId>,
    /// Answers the unit gives (set only where its kind asks the question).
    #[serde(default)]
    pub properties: BTreeMap<PropKey, Value>,
    /// What to look for.
    pub patterns: Vec<Pattern>,
}

/// Something wrong in a detector file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DetectorError {
    /// The file is not valid RON for the detector schema.
    #[error("{location}: {message}")]
    Parse {
        /// Where.
        location: Location,
        /// What the parser expected.
        message: String,
    },
    /// A pattern does not compile or is too large.
    #[error("{location}: detector {id:?}: pattern {pattern:?} is not usable: {message}")]
    Regex {
        /// Where.
        location: Location,
        /// The detector.
        id: String,
        /// The pattern.
        pattern: String,
        /// Why.
        message: String,
    },
    /// A detector names a kind, control, data class or question the catalog lacks.
    #[error("{location}: detector {id:?} refers to unknown {what} {target:?}")]
    UnknownReference {
        /// Where.
        location: Location,
        /// The detector.
        id: String,
        /// Kind, control, data class or question.
        what: &'static str,
        /// The reference.
        target: String,
    },
    /// Two detectors share an id.
    #[error("{location}: duplicate detector id {id:?}")]
    Duplicate {
        /// Where the second one is.
        location: Location,
        /// The id.
        id: String,
    },
}

/// Patterns of one kind of file, compiled.
#[derive(Debug, Clone)]
pub struct SourcePatterns {
    /// All patterns at once: which ones match anywhere in a file.
    pub set: RegexSet,
    /// Each pattern alone, with (detector index, pattern index), in set order.
    pub each: Vec<(usize, usize, Regex)>,
}

/// The loaded, checked and compiled detector library.
#[derive(Debug, Clone)]
pub struct Detectors {
    /// Detectors in id order.
    pub list: Vec<Detector>,
    /// Compiled patterns per [`Source`] (indexed by [`Source::index`]).
    pub by_source: Vec<Option<SourcePatterns>>,
}

impl Detectors {
    /// The detectors shipped in `libraries/detectors/`.
    pub fn builtin(cat: &Catalog) -> (Detectors, Vec<DetectorError>) {
        let files: Vec<SourceFile> = crate::catalog::builtin_sources()
            .into_iter()
            .filter(|f| f.rel.starts_with("detectors/") && f.rel.ends_with(".ron"))
            .collect();
        Self::load(&files, cat)
    }

    /// Loads detector files, leaving out (and reporting) every bad entry.
    pub fn load(files: &[SourceFile], cat: &Catalog) -> (Detectors, Vec<DetectorError>) {
        let mut errors = Vec::new();
        let mut by_id: BTreeMap<String, Detector> = BTreeMap::new();
        for file in files {
            let list: Vec<Detector> = match parse_ron(&file.text, &file.display) {
                Ok(l) => l,
                Err(e) => {
                    errors.push(DetectorError::Parse {
                        location: e.location().clone(),
                        message: match e {
                            crate::catalog::LibraryError::Parse { message, .. } => message,
                            other => other.to_string(),
                        },
                    });
                    continue;
                }
            };
            for d in list {
                let location = file.at(line_of(&file.text, &format!("id: {:?}", d.id)).unwrap_or(0));
                if by_id.contains_key(&d.id) {
                    errors.push(DetectorError::Duplicate {
                        location,
                        id: d.id.clone(),
                    });
                    continue;
                }
                let errs = check(&d, cat, &location);
                if errs.is_empty() {
                    by_id.insert(d.id.clone(), d);
                } else {
                    errors.extend(errs);
                }
            }
        }
        let list: Vec<Detector> = by_id.into_values().collect();
        let by_source = Source::ALL.iter().map(|s| compile(&list, *s, &mut errors)).collect();
        (Detectors { list, by_source }, errors)
    }

    /// The compiled patterns for a kind of file, if any detector reads it.
    pub fn patterns(&self, source: Source) -> Option<&SourcePatterns> {
        self.by_source.get(source.index()).and_then(Option::as_ref)
    }
}

fn builder(pattern: &str) -> RegexBuilder {
    let mut b = RegexBuilder::new(pattern);
    // Byte regexes without Unicode classes keep the lazy DFA on every input, valid UTF-8 or not.
    b.unicode(false).multi_line(true).size_limit(REGEX_SIZE_LIMIT);
    b
}

/// Every problem with one detector: unknown references and unusable patterns.
fn check(d: &Detector, cat: &Catalog, location: &Location) -> Vec<DetectorError> {
    let mut errs = Vec::new();
    let mut unknown = |what: &'static str, target: &str| {
        errs.push(DetectorError::UnknownReference {
            location: location.clone(),
            id: d.id.clone(),
            what,
            target: target.to_owned(),
        })
    };
    let kinds = d
        .service
        .iter()
        .map(|s| &s.kind)
        .chain(d.unit.iter().map(|u| &u.kind))
        .chain(d.part.iter().map(|p| &p.kind))
        .chain(d.part.iter().flat_map(|p| p.kinds.iter().map(|(_, k)| k)));
    for k in kinds {
        if !cat.kinds.contains_key(k) {
            unknown("component kind", k.as_str());
        }
    }
    for c in &d.controls {
        if !cat.controls.contains_key(c) {
            unknown("control", c.as_str());
        }
    }
    for dc in d.service.iter().flat_map(|s| &s.data) {
        if !cat.data_classes.contains_key(dc) {
            unknown("data class", dc.as_str());
        }
    }
    for key in d
        .properties
        .keys()
        .chain(d.service.iter().flat_map(|s| s.properties.keys()))
    {
        if !cat.questions.contains_key(key) {
            unknown("question", key.as_str());
        }
    }
    for p in &d.patterns {
        let message = if p.regex.len() > MAX_PATTERN_BYTES {
            Some(format!("longer than {MAX_PATTERN_BYTES} bytes"))
        } else if p.sources.is_empty() {
            Some("names no kind of file".to_owned())
        } else {
            builder(&p.regex).build().err().map(|e| e.to_string())
        };
        if let Some(message) = message {
            errs.push(DetectorError::Regex {
                location: location.clone(),
                id: d.id.clone(),
                pattern: p.regex.chars().take(80).collect(),
                message,
            });
        }
    }
    errs
}

fn compile(list: &[Detector], source: Source, errors: &mut Vec<DetectorError>) -> Option<SourcePatterns> {
    let mut each = Vec::new();
    for (di, d) in list.iter().enumerate() {
        for (pi, p) in d.patterns.iter().enumerate() {
            if p.sources.contains(&source)
                && let Ok(re) = builder(&p.regex).build()
            {
                each.push((di, pi, re));
            }
        }
    }
    if each.is_empty() {
        return None;
    }
    let set = RegexSetBuilder::new(each.iter().map(|(_, _, re)| re.as_str()))
        .unicode(false)
        .multi_line(true)
        .size_limit(SET_SIZE_LIMIT)
        .dfa_size_limit(SET_SIZE_LIMIT)
        .build();
    match set {
        Ok(set) => Some(SourcePatterns { set, each }),
        Err(e) => {
            errors.push(DetectorError::Regex {
                location: Location {
                    path: "libraries/detectors".to_owned(),
                    line: 0,
                    column: 0,
                },
                id: format!("{source:?}"),
                pattern: String::new(),
                message: e.to_string(),
            });
            None
        }
    }
}

/// Detector ids, for lookups by id.
pub fn ids(list: &[Detector]) -> BTreeSet<&str> {
    list.iter().map(|d| d.id.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shipped detector loads: its patterns compile and every kind, control, data class
    /// and question it names exists in the catalog.
    #[test]
    fn shipped_detectors_load_and_refer_only_to_catalog_ids() {
        let (cat, _) = Catalog::builtin();
        let (d, errors) = Detectors::builtin(&cat);
        let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(shown.is_empty(), "{}", shown.join("\n"));
        assert!(d.list.len() > 50, "only {} detectors", d.list.len());
        for id in [
            "openai",
            "anthropic",
            "qdrant",
            "pinecone",
            "nemo-guardrails",
            "mlflow",
            "fastapi",
        ] {
            assert!(ids(&d.list).contains(id), "missing {id}");
        }
    }

    #[test]
    fn a_bad_detector_is_reported_with_file_and_line_and_left_out() {
        let (cat, _) = Catalog::builtin();
        let text = r#"[
    (id: "good", name: "Good", category: "x", patterns: [(sources: [Python], regex: "import good")]),
    (id: "bad-kind", name: "Bad", category: "x", service: Some((kind: "no-such-kind")), patterns: []),
    (id: "bad-regex", name: "Bad", category: "x", patterns: [(sources: [Python], regex: "(unclosed")]),
]"#;
        let file = SourceFile {
            rel: "detectors/t.ron".into(),
            display: "t.ron".into(),
            text: text.into(),
        };
        let (d, errors) = Detectors::load(&[file], &cat);
        assert_eq!(d.list.len(), 1);
        let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(
            shown
                .iter()
                .any(|e| e.starts_with("t.ron:3:") && e.contains("no-such-kind")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|e| e.starts_with("t.ron:4:") && e.contains("bad-regex")),
            "{shown:?}"
        );
    }

    #[test]
    fn a_syntax_error_names_the_line() {
        let (cat, _) = Catalog::builtin();
        let file = SourceFile {
            rel: "detectors/t.ron".into(),
            display: "t.ron".into(),
            text: "[\n  (id: \"x\",\n  oops\n]".into(),
        };
        let (_, errors) = Detectors::load(&[file], &cat);
        assert!(
            matches!(&errors[..], [DetectorError::Parse { location, .. }] if location.line == 3),
            "{errors:?}"
        );
    }
}
