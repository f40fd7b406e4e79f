//! Loading libraries: shipped files first, then each user folder on top, overriding by id.
//! Loading is partial: a broken file or entry is reported and left out; everything else loads.

use super::Catalog;
use super::component::{ComponentKind, ComponentsFile};
use super::control::{Control, DataClass};
use super::error::{LibraryError, Location, Shadowed};
use super::framework::{FrameworkList, Frameworks, is_cwe_id};
use super::rule::{Role, Rule, Scope, Selector};
use super::source::{MAX_FILE_BYTES, SourceFile};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/builtin_libraries.rs"));

/// What loading said besides the catalog itself.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    /// Errors, each with file:line; the entries they concern were left out.
    pub errors: Vec<LibraryError>,
    /// User entries that replaced shipped ones.
    pub shadowed: Vec<Shadowed>,
}

/// The shipped library files, as compiled into the binary.
pub fn builtin_sources() -> Vec<SourceFile> {
    BUILTIN_FILES
        .iter()
        .map(|(rel, text)| SourceFile {
            rel: (*rel).to_owned(),
            display: format!("libraries/{rel}"),
            text: Cow::Borrowed(text),
        })
        .collect()
}

/// Reads every `.ron` and `.rhai` file under `dir` (recursively, symlinks not followed, at
/// most 8 levels deep). Unreadable files become errors.
pub fn read_dir_sources(dir: &Path) -> (Vec<SourceFile>, Vec<LibraryError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    walk(dir, dir, 0, &mut files, &mut errors);
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    (files, errors)
}

fn walk(root: &Path, dir: &Path, depth: usize, files: &mut Vec<SourceFile>, errors: &mut Vec<LibraryError>) {
    let io_err = |p: &Path, e: std::io::Error| LibraryError::Io {
        location: Location {
            path: p.display().to_string(),
            line: 0,
            column: 0,
        },
        message: e.to_string(),
    };
    if depth > 8 {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(io_err(dir, e));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.file_type().is_symlink() {
            continue;
        }
        if meta.is_dir() {
            walk(root, &path, depth + 1, files, errors);
            continue;
        }
        if !matches!(path.extension().and_then(|e| e.to_str()), Some("ron" | "rhai")) {
            continue;
        }
        match crate::io::read_text(&path, MAX_FILE_BYTES as u64) {
            Ok(text) => {
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push(SourceFile {
                    rel,
                    display: path.display().to_string(),
                    text: text.into(),
                });
            }
            Err(e) => errors.push(LibraryError::Parse {
                location: Location {
                    path: path.display().to_string(),
                    line: 0,
                    column: 0,
                },
                message: read_problem(&e),
            }),
        }
    }
}

/// What went wrong reading a library file, without the path (the location carries it).
fn read_problem(e: &crate::io::ReadError) -> String {
    use crate::io::ReadError as R;
    match e {
        R::Io { source, .. } => source.to_string(),
        R::NotAFile { what, .. } => format!("not a regular file ({what})"),
        R::TooLarge { limit, .. } => format!("file is larger than {} MiB", limit / 1024 / 1024),
        R::NotUtf8 { .. } => "file is not valid UTF-8".to_owned(),
    }
}

/// Entries of one sort, by id, with where each came from and whether it is built in.
struct Entries<T> {
    what: &'static str,
    items: BTreeMap<String, (T, Location, usize)>,
    /// Layers from this one on may add entries but not replace earlier ones.
    additive_from: usize,
}

impl<T> Entries<T> {
    fn new(what: &'static str, additive_from: usize) -> Self {
        Self {
            what,
            items: BTreeMap::new(),
            additive_from,
        }
    }

    /// Adds an entry from library layer `layer`; a duplicate in the same layer is an error, a
    /// later layer overrides an earlier one.
    fn add(&mut self, id: String, item: T, loc: Location, layer: usize, report: &mut LoadReport) {
        if let Some((_, first, first_layer)) = self.items.get(&id) {
            if *first_layer == layer {
                report.errors.push(LibraryError::Duplicate {
                    location: loc,
                    what: self.what,
                    id,
                    first: first.clone(),
                });
                return;
            }
            if layer >= self.additive_from {
                report.errors.push(replaces_error(loc, self.what, id));
                return;
            }
            report.shadowed.push(Shadowed {
                what: self.what,
                id: id.clone(),
                by: loc.clone(),
            });
        }
        self.items.insert(id, (item, loc, layer));
    }
}

/// The part of the catalog a library file holds, by its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LibraryPart {
    Components,
    Controls,
    DataClasses,
    Frameworks,
    Rules,
}

impl LibraryPart {
    /// What `rel` (a path relative to its library root) holds in layer `layer`; `None` for the
    /// files other loaders read (decks, checklists, detectors, import mappings, rule tests).
    fn of(rel: &str, layer: usize) -> Option<Self> {
        match rel {
            "components.ron" => Some(Self::Components),
            "controls.ron" => Some(Self::Controls),
            "data-classes.ron" => Some(Self::DataClasses),
            "frameworks.ron" => Some(Self::Frameworks),
            _ if rel.starts_with("threats/") || (layer > 0 && !rel.contains('/')) => Some(Self::Rules),
            _ => None,
        }
    }
}

/// Builds a catalog from layers of source files: the first layer is the shipped library, each
/// later one overrides by id.
pub fn load_layers(layers: &[Vec<SourceFile>]) -> (Catalog, LoadReport) {
    load_layers_with(layers, usize::MAX)
}

/// The error for an entry of an additive layer that would replace an earlier one.
fn replaces_error(location: Location, what: &'static str, id: String) -> LibraryError {
    LibraryError::Invalid {
        location,
        what,
        id,
        message: "a model's own rules may add entries but not replace built-in or user ones".into(),
    }
}

/// As [`load_layers`], but layers from `additive_from` on may only add: an entry (or script
/// file) that would replace one from an earlier layer is an error and left out. A model's own
/// `bulwark-rules/` folder is loaded this way, so a model someone hands you cannot silence a
/// shipped or user rule by redefining it.
pub fn load_layers_with(layers: &[Vec<SourceFile>], additive_from: usize) -> (Catalog, LoadReport) {
    let check = cfg!(debug_assertions) || !is_builtin_alone(layers);
    load_checked(layers, additive_from, check)
}

/// Whether `layers` are the shipped library alone, exactly as compiled into the binary.
fn is_builtin_alone(layers: &[Vec<SourceFile>]) -> bool {
    let [files] = layers else {
        return false;
    };
    files.len() == BUILTIN_FILES.len()
        && files
            .iter()
            .zip(BUILTIN_FILES)
            .all(|(f, (rel, text))| f.rel == *rel && matches!(&f.text, Cow::Borrowed(t) if std::ptr::eq(*t, *text)))
}

/// As [`load_layers_with`]; `check` says whether the entries' references and shapes are checked.
/// Release builds leave the checks out when the shipped library is loaded alone: it cannot
/// change after the build, `builtin_library_loads_without_errors` checks it at every test run,
/// and `the_builtin_library_loads_the_same_unchecked` shows the checks change nothing in it. They
/// were about a tenth of a `check`'s start-up (#15). Debug builds, which content authors run,
/// check it at every start as before; any user or model layer turns them on for every entry (a
/// user's question may make a shipped selector's answer invalid).
fn load_checked(layers: &[Vec<SourceFile>], additive_from: usize, check: bool) -> (Catalog, LoadReport) {
    let mut report = LoadReport::default();
    let mut categories = Entries::new("category", additive_from);
    let mut traits = Entries::new("trait", additive_from);
    let mut questions = Entries::new("question", additive_from);
    let mut kinds = Entries::new("component kind", additive_from);
    let mut controls = Entries::new("control", additive_from);
    let mut data_classes = Entries::new("data class", additive_from);
    let mut rules = Entries::new("rule", additive_from);
    let mut frameworks: Option<Frameworks> = None;
    // By path, so a later layer's file of the same name replaces the earlier one; the layer is
    // kept so earlier layers' scripts compile first and win an id clash.
    let mut scripts: BTreeMap<String, (usize, SourceFile)> = BTreeMap::new();
    let mut kind_order: Vec<String> = Vec::new();

    for (layer, files) in layers.iter().enumerate() {
        for file in files {
            let rel = file.rel.as_str();
            if rel.ends_with(".rhai") {
                if rel.starts_with("rules/") || !rel.contains('/') {
                    if layer >= additive_from && scripts.contains_key(rel) {
                        report
                            .errors
                            .push(replaces_error(file.at(0), "rule script", rel.to_owned()));
                        continue;
                    }
                    scripts.insert(rel.to_owned(), (layer, file.clone()));
                }
                continue;
            }
            // Line tables only for the files read here: the shipped folder also holds decks,
            // checklists, detectors and rule tests (two thirds of its text), which other loaders
            // read when asked (#15).
            let Some(what) = LibraryPart::of(rel, layer) else {
                continue;
            };
            let lines = file.id_lines();
            match what {
                LibraryPart::Components => match file.parse::<ComponentsFile>() {
                    Ok(c) => {
                        for x in c.categories {
                            let loc = file.at(lines.of(&x.id));
                            categories.add(x.id.clone(), x, loc, layer, &mut report);
                        }
                        for x in c.traits {
                            let loc = file.at(lines.of(&x.id));
                            traits.add(x.id.clone(), x, loc, layer, &mut report);
                        }
                        for x in c.questions {
                            let loc = file.at(lines.of(x.id.as_str()));
                            questions.add(x.id.0.clone(), x, loc, layer, &mut report);
                        }
                        for x in c.kinds {
                            let loc = file.at(lines.of(x.id.as_str()));
                            if !kind_order.contains(&x.id.0) {
                                kind_order.push(x.id.0.clone());
                            }
                            kinds.add(x.id.0.clone(), x, loc, layer, &mut report);
                        }
                    }
                    Err(e) => report.errors.push(e),
                },
                LibraryPart::Controls => match file.parse::<Vec<Control>>() {
                    Ok(list) => {
                        for x in list {
                            let loc = file.at(lines.of(x.id.as_str()));
                            controls.add(x.id.0.clone(), x, loc, layer, &mut report);
                        }
                    }
                    Err(e) => report.errors.push(e),
                },
                LibraryPart::DataClasses => match file.parse::<Vec<DataClass>>() {
                    Ok(list) => {
                        for x in list {
                            let loc = file.at(lines.of(x.id.as_str()));
                            data_classes.add(x.id.0.clone(), x, loc, layer, &mut report);
                        }
                    }
                    Err(e) => report.errors.push(e),
                },
                LibraryPart::Frameworks if layer >= additive_from => {
                    report
                        .errors
                        .push(replaces_error(file.at(0), "framework registry", rel.to_owned()));
                }
                LibraryPart::Frameworks => match file.parse::<Frameworks>() {
                    Ok(f) => frameworks = Some(f),
                    Err(e) => report.errors.push(e),
                },
                LibraryPart::Rules => match file.parse::<Vec<Rule>>() {
                    Ok(list) => {
                        for x in list {
                            let loc = file.at(lines.of(x.id.as_str()));
                            rules.add(x.id.0.clone(), x, loc, layer, &mut report);
                        }
                    }
                    Err(e) => report.errors.push(e),
                },
            }
        }
    }

    let mut cat = Catalog {
        frameworks: frameworks.unwrap_or_default(),
        ..Catalog::default()
    };
    cat.categories = categories.items.into_values().map(|(c, _, _)| c).collect();
    cat.traits = traits.items.into_values().map(|(c, _, _)| c).collect();
    cat.questions = questions
        .items
        .into_iter()
        .map(|(k, (mut q, loc, _))| {
            if !check {
                return (k.into(), q);
            }
            // A bad `implied_by` is reported and dropped; the question stays.
            if let Some(message) = implied_error(&cat, &q) {
                report.errors.push(LibraryError::Invalid {
                    location: loc.clone(),
                    what: "question",
                    id: k.clone(),
                    message,
                });
                q.implied_by = None;
            }
            // So is a protection its own question could not be answered with.
            if let Some(p) = q.protection.as_ref().filter(|p| !q.answer.accepts(&p.answer)) {
                report.errors.push(LibraryError::Invalid {
                    location: loc,
                    what: "question",
                    id: k.clone(),
                    message: format!("protection answer {} is not a valid answer to it", p.answer),
                });
                q.protection = None;
            }
            (k.into(), q)
        })
        .collect();
    cat.data_classes = data_classes
        .items
        .into_iter()
        .map(|(k, (d, _, _))| (k.as_str().into(), d))
        .collect();

    let mut control_locations: BTreeMap<String, Location> = BTreeMap::new();
    for (id, (c, loc, _)) in controls.items {
        if !check || check_control(&cat, &c, &loc, &mut report) {
            control_locations.insert(id.clone(), loc);
            cat.controls.insert(id.as_str().into(), c);
        }
    }
    let mut kind_map: BTreeMap<String, (ComponentKind, Location)> = BTreeMap::new();
    for (id, (k, loc, _)) in kinds.items {
        if !check || check_kind(&cat, &k, &loc, &mut report) {
            kind_map.insert(id, (k, loc));
        }
    }
    for id in kind_order {
        if let Some((k, _)) = kind_map.remove(&id) {
            cat.kind_order.push(k.id.clone());
            cat.kinds.insert(k.id.clone(), k);
        }
    }
    // A control's evidence and gated-ways selectors may name kinds, so they are checked once
    // kinds are known; a bad one is reported and dropped, the control kept.
    let ids: Vec<_> = if check {
        cat.controls.keys().cloned().collect()
    } else {
        Vec::new()
    };
    for id in ids {
        let Some(loc) = control_locations.get(id.as_str()).cloned() else {
            continue;
        };
        let Some(c) = cat.controls.get(&id) else {
            continue;
        };
        let (evidence, ways) = (c.evidenced_by.clone(), c.gated_ways.clone());
        for (sel, is_ways) in [(evidence, false), (ways, true)] {
            let Some(sel) = sel else {
                continue;
            };
            let mut errs = Vec::new();
            check_selector(&cat, &sel, &loc, "control", id.as_str(), &mut errs);
            if !errs.is_empty() {
                report.errors.extend(errs);
                if let Some(c) = cat.controls.get_mut(&id) {
                    if is_ways {
                        c.gated_ways = None;
                    } else {
                        c.evidenced_by = None;
                    }
                }
            }
        }
    }
    for (_, (r, loc, _)) in rules.items {
        if !check || check_rule(&cat, &r, &loc, &mut report) {
            cat.rule_locations.insert(r.id.clone(), loc);
            cat.rules.push(std::sync::Arc::new(r));
        }
    }
    let mut scripts: Vec<(usize, SourceFile)> = scripts.into_values().collect();
    scripts.sort_by(|(la, a), (lb, b)| la.cmp(lb).then_with(|| a.rel.cmp(&b.rel)));
    cat.scripts = scripts.into_iter().map(|(_, f)| f).collect();
    report.errors.sort_by(|a, b| a.location().cmp(b.location()));
    (cat, report)
}

fn unknown(loc: &Location, what: &'static str, id: &str, target_what: impl Into<String>, target: &str) -> LibraryError {
    LibraryError::UnknownReference {
        location: loc.clone(),
        what,
        id: id.to_owned(),
        target_what: target_what.into(),
        target: target.to_owned(),
    }
}

/// What is wrong with a question's `implied_by`, if anything: a drawing can only imply a yes,
/// and only through traits the library knows.
fn implied_error(cat: &Catalog, q: &crate::catalog::Question) -> Option<String> {
    let by = q.implied_by.as_ref()?;
    if q.answer != crate::catalog::AnswerType::Bool {
        return Some("implied_by needs a yes/no question".into());
    }
    if by.to_traits.is_empty() && by.from_zones.is_empty() {
        return Some("implied_by names no trait in to_traits and no zone in from_zones".into());
    }
    if by.to_traits.is_empty() && !by.same_zones.is_empty() {
        return Some("implied_by's same_zones needs to_traits: it qualifies the flows a component sends".into());
    }
    let unknown: Vec<&str> = by
        .to_traits
        .iter()
        .filter(|t| !cat.traits.iter().any(|x| &x.id == *t))
        .map(String::as_str)
        .collect();
    (!unknown.is_empty()).then(|| format!("implied_by names unknown trait(s): {}", unknown.join(", ")))
}

fn check_framework(
    cat: &Catalog,
    list: FrameworkList,
    ids: &[String],
    loc: &Location,
    what: &'static str,
    id: &str,
    errs: &mut Vec<LibraryError>,
) {
    for r in ids {
        if cat.frameworks.find(list, r).is_none() {
            errs.push(unknown(loc, what, id, list.label(), r));
        }
    }
}

fn check_control(cat: &Catalog, c: &Control, loc: &Location, report: &mut LoadReport) -> bool {
    let mut errs = Vec::new();
    let id = c.id.as_str();
    if !crate::model::is_valid_id(id) {
        errs.push(LibraryError::Invalid {
            location: loc.clone(),
            what: "control",
            id: id.to_owned(),
            message: "invalid id".into(),
        });
    }
    check_framework(
        cat,
        FrameworkList::AtlasMitigation,
        &c.atlas,
        loc,
        "control",
        id,
        &mut errs,
    );
    check_framework(
        cat,
        FrameworkList::CosaiControl,
        &c.cosai,
        loc,
        "control",
        id,
        &mut errs,
    );
    let ok = errs.is_empty();
    report.errors.extend(errs);
    ok
}

fn check_kind(cat: &Catalog, k: &ComponentKind, loc: &Location, report: &mut LoadReport) -> bool {
    let mut errs = Vec::new();
    let id = k.id.as_str();
    if !crate::model::is_valid_id(id) {
        errs.push(LibraryError::Invalid {
            location: loc.clone(),
            what: "component kind",
            id: id.to_owned(),
            message: "invalid id".into(),
        });
    }
    if !cat.categories.iter().any(|c| c.id == k.category) {
        errs.push(unknown(loc, "component kind", id, "category", &k.category));
    }
    for t in &k.traits {
        if !cat.traits.iter().any(|x| &x.id == t) {
            errs.push(unknown(loc, "component kind", id, "trait", t));
        }
    }
    for (q, default) in &k.questions {
        match cat.questions.get(q) {
            None => errs.push(unknown(loc, "component kind", id, "question", q.as_str())),
            Some(question) if !question.answer.accepts(default) => errs.push(LibraryError::Invalid {
                location: loc.clone(),
                what: "component kind",
                id: id.to_owned(),
                message: format!("default {default} is not a valid answer to question {:?}", q.as_str()),
            }),
            Some(_) => {}
        }
    }
    for c in &k.controls {
        if !cat.controls.contains_key(c) {
            errs.push(unknown(loc, "component kind", id, "control", c.as_str()));
        }
    }
    for d in k.receives.iter().flat_map(|r| r.data.iter().chain(&r.returns)) {
        if !cat.data_classes.contains_key(d) {
            errs.push(unknown(loc, "component kind", id, "data class", d.as_str()));
        }
    }
    check_framework(
        cat,
        FrameworkList::CosaiComponent,
        &k.cosai,
        loc,
        "component kind",
        id,
        &mut errs,
    );
    let ok = errs.is_empty();
    report.errors.extend(errs);
    ok
}

/// Checks every reference in a selector (recursively through `from`/`to`).
pub(crate) fn check_selector(
    cat: &Catalog,
    s: &Selector,
    loc: &Location,
    what: &'static str,
    id: &str,
    errs: &mut Vec<LibraryError>,
) {
    for k in &s.kinds {
        if !cat.kinds.contains_key(k) {
            errs.push(unknown(loc, what, id, "component kind", k.as_str()));
        }
    }
    for c in &s.categories {
        if !cat.categories.iter().any(|x| &x.id == c) {
            errs.push(unknown(loc, what, id, "category", c));
        }
    }
    for t in s.traits.iter().chain(&s.not_traits) {
        if !cat.traits.iter().any(|x| &x.id == t) {
            errs.push(unknown(loc, what, id, "trait", t));
        }
    }
    for (p, v) in s.properties.iter().chain(&s.not_properties).chain(&s.any_properties) {
        match cat.questions.get(p) {
            None => errs.push(unknown(loc, what, id, "question", p.as_str())),
            Some(q) if !q.answer.accepts(v) => errs.push(LibraryError::Invalid {
                location: loc.clone(),
                what,
                id: id.to_owned(),
                message: format!("{v} is not a valid answer to question {:?}", p.as_str()),
            }),
            Some(_) => {}
        }
    }
    for d in &s.data {
        if !cat.data_classes.contains_key(d) {
            errs.push(unknown(loc, what, id, "data class", d.as_str()));
        }
    }
    for sub in s.parts() {
        check_selector(cat, sub, loc, what, id, errs);
    }
    for alt in s.or.iter().chain(s.walk_selectors()) {
        check_selector(cat, alt, loc, what, id, errs);
    }
}

/// Whether `s` or any selector inside it reads an element's flows (`sends` …).
fn walks_anywhere(s: &Selector) -> bool {
    s.walks_flows()
        || s.parts().any(walks_anywhere)
        || s.or.iter().any(walks_anywhere)
        || s.walk_selectors().any(walks_anywhere)
}

/// Whether a selector that may read its element's flows (an element rule's own, and its
/// alternatives) has such a test anywhere else inside it: on a flow's end or in the flows it
/// names, where re-evaluation after an edit would not look.
fn walks_nested(s: &Selector) -> bool {
    s.parts().any(walks_anywhere) || s.walk_selectors().any(walks_anywhere) || s.or.iter().any(walks_nested)
}

/// Whether `s` or any selector inside it has a `through` that is not on a flow selector of
/// `sends`, `not_sends`, `receives` or `not_receives` (`walked`: `s` is one), the only walks
/// that read it.
fn through_misplaced(s: &Selector, walked: bool) -> bool {
    (s.through.is_some() && !walked)
        || s.parts().any(|x| through_misplaced(x, false))
        || s.or.iter().any(|x| through_misplaced(x, false))
        || s.walk_selectors().any(|x| through_misplaced(x, true))
}

fn check_rule(cat: &Catalog, r: &Rule, loc: &Location, report: &mut LoadReport) -> bool {
    let mut errs = rule_errors(cat, r, loc);
    if r.scope == Scope::Model && r.condition.is_none() {
        errs.push(LibraryError::Invalid {
            location: loc.clone(),
            what: "rule",
            id: r.id.0.clone(),
            message: "model scope needs a `condition`".into(),
        });
    }
    let ok = errs.is_empty();
    report.errors.extend(errs);
    ok
}

/// Every problem with a rule's references and shape (ids, selectors, controls, framework ids).
pub fn rule_errors(cat: &Catalog, r: &Rule, loc: &Location) -> Vec<LibraryError> {
    let mut errs = Vec::new();
    let id = r.id.as_str();
    let invalid = |message: String| LibraryError::Invalid {
        location: loc.clone(),
        what: "rule",
        id: id.to_owned(),
        message,
    };
    if !crate::model::is_valid_id(id) || id.contains('@') {
        errs.push(invalid("rule ids use letters, digits, '-', '_', '.' and ':'".into()));
    }
    if crate::model::is_user_id(id) {
        errs.push(invalid(format!(
            "rule ids may not start with {:?}: that prefix is for threats people write in a model",
            crate::model::USER_PREFIX
        )));
    }
    check_selector(cat, &r.selector, loc, "rule", id, &mut errs);
    // Impersonating someone or gaining rights is somebody's doing: such a threat needs an actor.
    if r.needs_no_outsider
        && r.stride.iter().any(|s| {
            matches!(
                s,
                crate::model::Stride::Spoofing | crate::model::Stride::ElevationOfPrivilege
            )
        })
    {
        errs.push(invalid(
            "a threat of spoofing or elevation of privilege needs someone to carry it out: it cannot be marked needs_no_outsider".into(),
        ));
    }
    match (&r.scope, &r.path) {
        (Scope::Path, None) => errs.push(invalid("path scope needs a `path`".into())),
        (Scope::Path, Some(p)) => {
            for s in p.selectors() {
                check_selector(cat, s, loc, "rule", id, &mut errs);
            }
            if p.max_hops == 0 || p.max_hops > 32 {
                errs.push(invalid("max_hops must be between 1 and 32".into()));
            }
            if p.first_sink_only && p.last_sink_only {
                errs.push(invalid("a path keeps its first sinks or its last, not both".into()));
            }
            if !p.first_sink_kinds.is_empty() && !p.first_sink_only {
                errs.push(invalid("first_sink_kinds needs first_sink_only".into()));
            }
            for k in p.first_sink_kinds.iter().filter(|k| !cat.kinds.contains_key(*k)) {
                errs.push(unknown(loc, "rule", id, "component kind", k.as_str()));
            }
            if !p.after_taking.is_empty() && p.after.is_none() {
                errs.push(invalid("after_taking needs after".into()));
            }
            if p.after_taking_via.is_some() && p.after_taking.is_empty() {
                errs.push(invalid("after_taking_via needs after_taking".into()));
            }
            if p.only_through_from.is_some() && p.only_through.is_none() {
                errs.push(invalid("only_through_from needs only_through".into()));
            }
            if p.after.is_some()
                && (p.last_sink_only || p.only_through.is_some() || r.closed_by.iter().any(|c| c.apart))
            {
                // Both work on the one walk from the source; `after` walks in two stages.
                errs.push(invalid(
                    "a path that must pass an element before its sink cannot keep only its last sinks, take only_through or close by controls apart".into(),
                ));
            }
            if p.only_through.is_some() && p.last_sink_only {
                // Which sinks relay to others is worked out on one walk; `only_through` takes two.
                errs.push(invalid(
                    "a path that must pass an element cannot keep only its last sinks".into(),
                ));
            }
        }
        (_, Some(_)) => errs.push(invalid("only path scope takes a `path`".into())),
        _ => {}
    }
    for relay in r
        .relay
        .iter()
        .chain(&r.runs_in)
        .chain(&r.not_about)
        .chain(&r.inputs)
        .chain(&r.hands_to)
        .chain(&r.hands_back)
        .chain(&r.hands_through)
    {
        check_selector(cat, relay, loc, "rule", id, &mut errs);
    }
    // Alternatives are matched on elements and on the flows a path walk follows (`via`) or
    // enters a sink by (`into`) only: on another flow selector they would be ignored.
    let flow_selectors = (r.scope == Scope::Flow)
        .then_some(&r.selector)
        .into_iter()
        .chain(r.path.iter().flat_map(|p| {
            p.fetched
                .as_deref()
                .into_iter()
                .chain(p.after_taking_via.as_deref())
                .chain(&p.after_taking)
        }))
        .chain(
            r.relay
                .iter()
                .chain(&r.runs_in)
                .chain(&r.inputs)
                .chain(&r.hands_to)
                .chain(&r.hands_back),
        );
    if flow_selectors.into_iter().any(|s| !s.or.is_empty()) {
        errs.push(invalid(
            "`or` alternatives are for element selectors and a path's `via` and `into` (a flow's `from` and `to` take them)"
                .into(),
        ));
    }
    // What an element sends or receives is looked for around an element rule's anchor only:
    // re-evaluation after an edit re-checks anchors near the change, not flows' ends or paths.
    let other_selectors = r
        .path
        .iter()
        .flat_map(|p| p.selectors())
        .chain(&r.relay)
        .chain(&r.runs_in)
        .chain(&r.not_about)
        .chain(&r.inputs)
        .chain(&r.hands_to)
        .chain(&r.hands_back)
        .chain(&r.hands_through);
    let own_walks = if r.scope == Scope::Element {
        walks_nested(&r.selector)
    } else {
        walks_anywhere(&r.selector)
    };
    if own_walks || other_selectors.into_iter().any(walks_anywhere) {
        errs.push(invalid(
            "`sends`, `not_sends`, `receives` and `not_receives` are for an element rule's own selector and its alternatives".into(),
        ));
    }
    let all_selectors = std::iter::once(&r.selector)
        .chain(r.path.iter().flat_map(|p| p.selectors()))
        .chain(&r.relay)
        .chain(&r.runs_in)
        .chain(&r.not_about)
        .chain(&r.inputs)
        .chain(&r.hands_to)
        .chain(&r.hands_back)
        .chain(&r.hands_through);
    if all_selectors.into_iter().any(|s| through_misplaced(s, false)) {
        // Elsewhere it would be ignored.
        errs.push(invalid(
            "`through` is for a flow of `sends`, `not_sends`, `receives` or `not_receives`".into(),
        ));
    }
    if !r.inputs.is_empty() && r.scope != Scope::Element {
        // A flow or a path finding already names the elements it is about.
        errs.push(invalid("only an element rule names its `inputs`".into()));
    }
    if !r.hands_to.is_empty() && !matches!(r.scope, Scope::Element | Scope::Flow) {
        // A path finding already has its receiver: the sink.
        errs.push(invalid("only an element or flow rule names what it `hands_to`".into()));
    }
    if !r.hands_back.is_empty() && r.scope != Scope::Element {
        // Flow and path findings already have their receiver: the sink.
        errs.push(invalid("only an element rule names what it `hands_back`".into()));
    }
    if !r.hands_through.is_empty() && r.hands_to.is_empty() {
        // It widens the `hands_to` walk and nothing else.
        errs.push(invalid("`hands_through` needs the rule's `hands_to` flows".into()));
    }
    if r.closed_by.iter().any(|s| s.on == Some(Role::Receiver)) && r.hands_to.is_empty() && r.hands_back.is_empty() {
        errs.push(invalid(
            "a set on the receiver needs the rule's `hands_to` or `hands_back` flows".into(),
        ));
    }
    if !r.not_about.is_empty() && r.relay.is_empty() {
        // Only a relay says where an element's input goes on to.
        errs.push(invalid("`not_about` needs a `relay`".into()));
    }
    if !r.runs_in.is_empty() && r.scope != Scope::Element {
        // What runs inside another element is an element, not a flow or a path.
        errs.push(invalid("only element scope takes `runs_in`".into()));
    }
    if !r.relay.is_empty() {
        // Element and flow findings both stand at one element (a flow's at its receiver).
        if !matches!(r.scope, Scope::Element | Scope::Flow) {
            errs.push(invalid("only element and flow scope take a `relay`".into()));
        }
    }
    for c in &r.controls {
        if !cat.controls.contains_key(c) {
            errs.push(unknown(loc, "rule", id, "control", c.as_str()));
        }
    }
    for set in &r.closed_by {
        if set.all.is_empty() {
            errs.push(invalid("a set in `closed_by` needs at least one control".into()));
        }
        if let Some(c) = set.all.iter().find(|c| !r.controls.contains(c)) {
            errs.push(invalid(format!(
                "`closed_by` names {:?}, which is not in the rule's `controls`",
                c.as_str()
            )));
        }
        if let Some(role) = set.on.filter(|role| !role.fits(r.scope)) {
            errs.push(invalid(format!("a {:?} rule has no {} role", r.scope, role.id())));
        }
        if set.apart && (r.scope != Scope::Path || set.on != Some(Role::Guard)) {
            // Only the guards of a path are many places a set can be spread over.
            errs.push(invalid("a set `apart` is one `on: Guard` of a path rule".into()));
        }
    }
    let refs = &r.references;
    check_framework(
        cat,
        FrameworkList::AtlasTechnique,
        &refs.atlas,
        loc,
        "rule",
        id,
        &mut errs,
    );
    check_framework(
        cat,
        FrameworkList::OwaspLlm,
        &refs.owasp_llm,
        loc,
        "rule",
        id,
        &mut errs,
    );
    check_framework(cat, FrameworkList::Agentic, &refs.agentic, loc, "rule", id, &mut errs);
    check_framework(cat, FrameworkList::CosaiRisk, &refs.cosai, loc, "rule", id, &mut errs);
    for c in &refs.cwe {
        if !is_cwe_id(c) {
            errs.push(invalid(format!("{c:?} is not a CWE id (CWE-<number>)")));
        }
    }
    if r.title.trim().is_empty() || r.description.trim().is_empty() || r.mitigation.trim().is_empty() {
        errs.push(invalid("title, description and mitigation must not be empty".into()));
    }
    if let Some(f) = &r.family
        && (f.is_empty()
            || !f
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'))
    {
        errs.push(invalid(format!(
            "family {f:?}: a family id uses lower-case letters, digits and '-'"
        )));
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Release builds load the shipped library alone without checking it (#15): the checks
    /// must change nothing in it, and find nothing.
    #[test]
    fn the_builtin_library_loads_the_same_unchecked() {
        let builtin = [builtin_sources()];
        assert!(is_builtin_alone(&builtin));
        let (checked, report) = load_checked(&builtin, usize::MAX, true);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let (unchecked, report) = load_checked(&builtin, usize::MAX, false);
        assert!(report.errors.is_empty() && report.shadowed.is_empty());
        assert_eq!(format!("{unchecked:?}"), format!("{checked:?}"));
        assert!(!checked.rules.is_empty() && checked.rules.len() == checked.rule_locations.len());
        // Anything beside the shipped files is checked.
        let mut edited = builtin_sources();
        if let Some(f) = edited.iter_mut().find(|f| f.rel == "controls.ron") {
            f.text = Cow::Owned(f.text.to_string());
        }
        assert!(!is_builtin_alone(&[edited]));
        assert!(!is_builtin_alone(&[builtin_sources(), Vec::new()]));
        assert!(!is_builtin_alone(&[builtin_sources()[1..].to_vec()]));
    }

    #[test]
    fn a_protection_its_question_cannot_take_is_reported_at_its_line_and_dropped() {
        let user = vec![SourceFile {
            rel: "components.ron".into(),
            display: "mine/components.ron".into(),
            text: r#"(questions: [
    (
        id: "scans_uploads",
        label: "Are uploads scanned?",
        answer: Bool,
        protection: (answer: "yes", says: "its uploads are scanned"),
    ),
])"#
            .into(),
        }];
        let (cat, report) = load_layers(&[builtin_sources(), user]);
        let err = report
            .errors
            .iter()
            .map(|e| e.to_string())
            .find(|e| e.contains("scans_uploads"))
            .expect("the bad protection is reported");
        assert!(
            err.contains("mine/components.ron:3") && err.contains("protection"),
            "{err}"
        );
        let q = &cat.questions[&crate::model::PropKey::new("scans_uploads")];
        assert!(q.protection.is_none(), "the question stays, without its protection");
        assert!(
            cat.questions.values().filter(|q| q.protection.is_some()).count() >= 5,
            "the shipped protections load"
        );
    }

    #[test]
    fn a_relay_is_a_flow_selector_of_an_element_or_flow_rule() {
        let (cat, _) = Catalog::builtin();
        let loc = Location {
            path: "rules.ron".into(),
            line: 1,
            column: 0,
        };
        let rule = |id: &str| {
            cat.rules
                .iter()
                .find(|r| r.id.as_str() == id)
                .map(|r| Rule::clone(r))
                .expect("shipped rule")
        };
        // Whether the catalog rejects `r` with an error that says `why`.
        let rejects = |r: &Rule, why: &str| rule_errors(&cat, r, &loc).iter().any(|e| e.to_string().contains(why));
        let mut r = rule("LLM-EVA-001");
        assert!(!r.relay.is_empty() && rule_errors(&cat, &r, &loc).is_empty());
        r.relay.push(Selector {
            data: vec!["no-such-class".into()],
            ..Selector::default()
        });
        assert_eq!(rule_errors(&cat, &r, &loc).len(), 1, "an unknown data class");
        let mut flow_rule = rule("STR-FLOW-001");
        flow_rule.relay = vec![Selector::default()];
        assert!(rule_errors(&cat, &flow_rule, &loc).is_empty(), "a flow rule may relay");
        let mut loaded = rule("THF-EXT-001");
        assert!(!loaded.runs_in.is_empty() && rule_errors(&cat, &loaded, &loc).is_empty());
        loaded.scope = Scope::Flow;
        assert!(rejects(&loaded, "runs_in"), "only an element runs inside another");
        let mut unrelayed = rule("STR-FLOW-001");
        unrelayed.not_about = vec![Selector::default()];
        assert!(
            rejects(&unrelayed, "`not_about` needs a `relay`"),
            "what a threat is not about is found along its relay flows"
        );
        let mut path_rule = rule("LLM-PI-002");
        path_rule.relay = vec![Selector::default()];
        let mut both = rule("LLM-DISC-001");
        if let Some(p) = both.path.as_mut() {
            p.last_sink_only = true;
        }
        assert!(
            rejects(&both, "first sinks or its last"),
            "a path cannot keep both its first and its last sinks"
        );
        let mut through = rule("LLM-PI-002");
        assert!(through.path.as_ref().is_some_and(|p| p.only_through_from.is_some()));
        if let Some(p) = through.path.as_mut() {
            p.only_through = None;
        }
        assert!(
            rejects(&through, "only_through_from needs only_through"),
            "the sources a wall holds for mean nothing without the wall"
        );
        let mut staged = rule("LLM-EXF-001");
        if let Some(p) = staged.path.as_mut() {
            p.last_sink_only = true;
        }
        assert!(
            rejects(&staged, "must pass an element before its sink"),
            "a walk in two stages does not keep only its last sinks"
        );
        let mut taking = rule("LLM-EXF-001");
        assert!(taking.path.as_ref().is_some_and(|p| p.after_taking_via.is_some()));
        if let Some(p) = taking.path.as_mut() {
            p.after_taking.clear();
        }
        assert!(
            rejects(&taking, "after_taking_via needs after_taking"),
            "what a sender hands on counts only as the outside content it took in"
        );
        if let Some(p) = taking.path.as_mut() {
            p.after_taking = vec![Selector::default()];
            p.after_taking_via = Some(Box::new(Selector {
                or: vec![Selector::default()],
                ..Selector::default()
            }));
        }
        assert!(
            rejects(&taking, "`or` alternatives"),
            "the hop a sender hands content on by is a flow selector, without alternatives"
        );
        let mut staged = rule("LLM-MIS-004");
        if let Some(p) = staged.path.as_mut() {
            p.first_sink_only = false;
            p.after = Some(Box::default());
        }
        assert!(
            rejects(&staged, "must pass an element before its sink"),
            "a walk in two stages does not close by controls apart"
        );
        let mut alone = rule("LLM-MIS-004");
        alone.stride.push(crate::model::Stride::Spoofing);
        assert!(
            rejects(&alone, "needs_no_outsider"),
            "spoofing needs someone to carry it out"
        );
        let mut fronts = rule("LLM-PI-002");
        if let Some(p) = fronts.path.as_mut() {
            p.first_sink_kinds = vec!["inference-api".into()];
        }
        assert!(
            rejects(&fronts, "first_sink_kinds needs first_sink_only"),
            "front kinds mean nothing unless sinks behind others are left out"
        );
        if let Some(p) = fronts.path.as_mut() {
            p.first_sink_only = true;
            p.first_sink_kinds = vec!["inference-apj".into()];
        }
        assert_eq!(rule_errors(&cat, &fronts, &loc).len(), 1, "an unknown front kind");
        let mut named = rule("DAT-CFG-001");
        assert!(!named.inputs.is_empty() && rule_errors(&cat, &named, &loc).is_empty());
        named.scope = Scope::Flow;
        assert!(
            rejects(&named, "only an element rule names its `inputs`"),
            "a flow or path finding names its elements already"
        );
        let mut handing = rule("AGT-RCE-001");
        assert!(!handing.hands_to.is_empty() && rule_errors(&cat, &handing, &loc).is_empty());
        handing.scope = Scope::Path;
        assert!(
            rejects(&handing, "only an element or flow rule names what it `hands_to`"),
            "a path finding has its receiver already"
        );
        let flowing = rule("LLM-MIS-002");
        assert!(
            !flowing.hands_to.is_empty() && rule_errors(&cat, &flowing, &loc).is_empty(),
            "a flow rule names where its receiver hands the data on"
        );
        let mut unhanded = rule("AGT-RCE-001");
        unhanded.hands_to.clear();
        assert!(
            rejects(
                &unhanded,
                "a set on the receiver needs the rule's `hands_to` or `hands_back` flows"
            ),
            "a receiver is found along the flows a rule hands its threat on"
        );
        // A set spread over several elements is one of a path's guards; elsewhere there is
        // one place to stand on.
        let mut spread = rule("LLM-MIS-004");
        assert!(spread.closed_by.iter().any(|s| s.apart) && rule_errors(&cat, &spread, &loc).is_empty());
        for set in &mut spread.closed_by {
            set.apart = true;
        }
        assert!(
            rejects(&spread, "a set `apart` is one `on: Guard` of a path rule"),
            "a set on the sink alone cannot be spread"
        );
        // A verdict returned to the service that asked for it: validated as `hands_to` is, and
        // its callers are receivers too.
        let mut returning = rule("AGT-DEC-002");
        assert!(!returning.hands_back.is_empty() && rule_errors(&cat, &returning, &loc).is_empty());
        returning.hands_to.clear();
        assert!(
            rule_errors(&cat, &returning, &loc).is_empty(),
            "callers acting on a returned verdict are receivers for a set on the receiver"
        );
        returning.hands_back[0].or = vec![Selector::default()];
        assert!(rejects(&returning, "`or` alternatives are for element selectors"));
        returning.hands_back[0].or.clear();
        returning.hands_back[0].traits = vec!["no-such-trait".into()];
        assert!(!rule_errors(&cat, &returning, &loc).is_empty(), "an unknown trait");
        returning.hands_back[0].traits.clear();
        returning.scope = Scope::Flow;
        assert!(
            rejects(&returning, "only an element rule names what it `hands_back`"),
            "a flow or path finding has its receiver already"
        );
        let mut stored = rule("LLM-PI-005");
        assert!(stored.path.as_ref().is_some_and(|p| p.only_through.is_some()));
        assert!(rule_errors(&cat, &stored, &loc).is_empty());
        if let Some(p) = stored.path.as_mut() {
            p.last_sink_only = true;
        }
        assert!(
            rejects(&stored, "cannot keep only its last sinks"),
            "which sinks relay is worked out on one walk"
        );
        let errs = rule_errors(&cat, &path_rule, &loc);
        assert!(
            errs.iter()
                .any(|e| e.to_string().contains("only element and flow scope take a `relay`")),
            "{errs:?}"
        );
        // An alternative of a selector is checked as the selector is.
        let mut outside = rule("SUP-PATH-001");
        assert!(outside.path.as_ref().is_some_and(|p| p.source.or.len() == 2));
        assert!(rule_errors(&cat, &outside, &loc).is_empty());
        if let Some(p) = outside.path.as_mut() {
            p.source.or.push(Selector {
                traits: vec!["no-such-trait".into()],
                ..Selector::default()
            });
        }
        assert!(rejects(&outside, "no-such-trait"));
        let mut on_flows = rule("STR-FLOW-001");
        on_flows.selector.or = vec![Selector::default()];
        assert!(rejects(&on_flows, "`or` alternatives are for element selectors"));
        // A walk's `via` and the hop into a sink take alternatives (both are walked legs); what
        // the source fetches (matched on its part only) does not.
        let mut walk = rule("LLM-DOS-001");
        assert!(
            walk.path
                .as_ref()
                .is_some_and(|p| p.via.as_ref().is_some_and(|v| !v.or.is_empty()))
        );
        assert!(rule_errors(&cat, &walk, &loc).is_empty());
        if let Some(p) = walk.path.as_mut() {
            p.into = Some(Box::new(Selector {
                or: vec![Selector::default()],
                ..Selector::default()
            }));
        }
        assert!(rule_errors(&cat, &walk, &loc).is_empty());
        if let Some(p) = walk.path.as_mut() {
            p.fetched = Some(Box::new(Selector {
                or: vec![Selector::default()],
                ..Selector::default()
            }));
        }
        assert!(rejects(&walk, "`or` alternatives are for element selectors"));
        // What an element sends or receives is read around an element rule's anchor only, in
        // its own selector and alternatives, where an edit re-checks it; nested in a flow's end
        // or on another scope it is refused, and its flow selectors are checked as any are.
        let walks = "`sends`, `not_sends`, `receives` and `not_receives` are for an element rule's own selector";
        let mut acting = rule("LLM-AGY-001");
        assert!(acting.selector.walks_flows() && rule_errors(&cat, &acting, &loc).is_empty());
        acting.selector.or[1].walks.as_mut().unwrap().sends[0].traits = vec!["no-such-trait".into()];
        assert!(rejects(&acting, "no-such-trait"), "a flow it sends is checked");
        acting.selector.or[1].walks.as_mut().unwrap().sends[0].traits.clear();
        let called = acting.selector.or[1].or[1].clone();
        acting.selector.or[1].walks.as_mut().unwrap().sends[0].to = Some(Box::new(called.clone()));
        assert!(rejects(&acting, walks), "not on a flow's end");
        let mut on_path = rule("LLM-PI-002");
        if let Some(p) = on_path.path.as_mut() {
            p.sink.or = vec![called.clone()];
        }
        assert!(rejects(&on_path, walks), "not on a path's sink");
        let mut on_flow = rule("STR-FLOW-001");
        on_flow.selector.from = Some(Box::new(called));
        assert!(rejects(&on_flow, walks), "not on a flow rule's end");
        // Walking through the model an agent calls widens `hands_to`, and needs it.
        let mut through = rule("LLM-AGY-001");
        assert!(!through.hands_through.is_empty());
        through.hands_through[0].traits = vec!["no-such-trait".into()];
        assert!(rejects(&through, "no-such-trait"));
        through.hands_through[0].traits = vec!["llm".into()];
        through.hands_to.clear();
        through.closed_by.retain(|s| s.on != Some(Role::Receiver));
        assert!(rejects(&through, "`hands_through` needs the rule's `hands_to` flows"));
        // What a flow walk goes through is read on the walk's own flow selectors only, and
        // checked as any selector is.
        let misplaced = "`through` is for a flow of `sends`, `not_sends`, `receives` or `not_receives`";
        let mut passing = rule("LLM-AGY-001");
        assert!(
            passing.selector.or[1].walks.as_mut().unwrap().sends[0]
                .through
                .is_some()
        );
        assert!(rule_errors(&cat, &passing, &loc).is_empty());
        let validator = passing.selector.or[1].walks.as_mut().unwrap().sends[0].through.clone();
        if let Some(t) = passing.selector.or[1].walks.as_mut().unwrap().sends[0].through.as_mut() {
            t.traits = vec!["no-such-trait".into()];
        }
        assert!(rejects(&passing, "no-such-trait"), "what it goes through is checked");
        passing.selector.or[1].walks.as_mut().unwrap().sends[0].through = validator.clone();
        passing.hands_to[0].through = validator.clone();
        assert!(rejects(&passing, misplaced), "not on `hands_to`");
        passing.hands_to[0].through = None;
        passing.selector.or[1].through = validator.clone();
        assert!(rejects(&passing, misplaced), "not on an element selector");
        passing.selector.or[1].through = None;
        if let Some(to) = passing.selector.or[1].walks.as_mut().unwrap().sends[0].to.as_mut() {
            to.through = validator;
        }
        assert!(rejects(&passing, misplaced), "not on a walked flow's end");
    }

    #[test]
    fn a_drawing_implies_only_a_yes_through_traits_the_library_knows() {
        let (cat, _) = Catalog::builtin();
        let q = cat
            .questions
            .values()
            .find(|q| q.implied_by.is_some())
            .expect("a shipped question a drawing answers")
            .clone();
        assert_eq!(implied_error(&cat, &q), None);
        let mut unknown = q.clone();
        if let Some(by) = unknown.implied_by.as_mut() {
            by.to_traits = vec!["no-such-trait".into()];
        }
        assert!(implied_error(&cat, &unknown).is_some_and(|e| e.contains("no-such-trait")));
        let mut choice = q.clone();
        choice.answer = crate::catalog::AnswerType::Text;
        assert!(implied_error(&cat, &choice).is_some_and(|e| e.contains("yes/no")));
        let mut none = q;
        if let Some(by) = none.implied_by.as_mut() {
            by.to_traits.clear();
        }
        assert!(implied_error(&cat, &none).is_some());
    }
}
