//! Which files of the repository import which: the module names a code file imports (read line
//! by line, never parsed or run), and resolving them to files of the same tree. An import between
//! files of two elements is a call between them: the API's route module importing the agent's
//! module is the flow an architect draws from the backend to the agent.

use super::source::Source;
use std::collections::{BTreeSet, HashMap};

/// Imports kept per file: a file importing more is generated or vendored.
const MAX_IMPORTS_PER_FILE: usize = 200;

/// One import: its 1-based line, the module as written, and the line's text.
pub type Import = (u32, String, String);

/// The modules `bytes` imports, with 1-based lines, as written (`.rag.retriever`,
/// `@/lib/ai/tools`, `com.acme.agent.SupervisorAgent`, `github.com/acme/x/pkg/handler`).
pub fn extract(source: Source, bytes: &[u8]) -> Vec<Import> {
    let text = String::from_utf8_lossy(bytes);
    let mut in_go_block = false;
    let mut found: Vec<(u32, String)> = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let out = &mut found;
    for (i, raw) in lines.iter().enumerate() {
        if out.len() >= MAX_IMPORTS_PER_FILE {
            break;
        }
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let t = raw.trim();
        match source {
            Source::Python => python(t, line, out),
            Source::JavaScript => javascript(t, line, out),
            Source::Jvm => {
                if let Some(rest) = t.strip_prefix("import ") {
                    let rest = rest.trim_start_matches("static ").trim_end_matches(';').trim();
                    if !rest.ends_with('*') && rest.contains('.') {
                        out.push((line, rest.to_owned()));
                    }
                }
            }
            Source::Go => {
                if t.starts_with("import (") {
                    in_go_block = true;
                } else if in_go_block && t.starts_with(')') {
                    in_go_block = false;
                } else if (in_go_block || t.starts_with("import "))
                    && let Some(q) = quoted(t)
                {
                    out.push((line, q.to_owned()));
                }
            }
            _ => {}
        }
    }
    found
        .into_iter()
        .map(|(line, module)| {
            let text = lines
                .get(usize::try_from(line).unwrap_or(0).saturating_sub(1))
                .map_or_else(String::new, |l| super::scan::clip(l));
            (line, module, text)
        })
        .collect()
}

/// Definitions kept per file.
const MAX_DEFS_PER_FILE: usize = 2_000;

/// Lines searched below an import inside a function body for the call into what it imported.
const MAX_BODY_LINES: usize = 200;

/// Python imports inside a function body (indented), each with the name first called on what
/// it imported (`create` for `from pkg import view` then `view.create(`), or `""` when no such
/// call follows within the body: an orchestrator's task runs the module it imports there.
pub fn body_calls(source: Source, bytes: &[u8]) -> Vec<(u32, String)> {
    if source != Source::Python {
        return Vec::new();
    }
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut out = Vec::new();
    for (i, raw) in lines.iter().enumerate() {
        let t = raw.trim();
        if indent(raw) == 0 || !(t.starts_with("from ") || t.starts_with("import ")) {
            continue;
        }
        if out.len() >= MAX_IMPORTS_PER_FILE {
            break;
        }
        let names = imported_names(t);
        let body = lines
            .iter()
            .skip(i + 1)
            .take(MAX_BODY_LINES)
            .take_while(|l| l.trim().is_empty() || indent(l) >= indent(raw));
        let called = body
            .flat_map(|l| names.iter().filter_map(move |n| called_on(l, n)))
            .next()
            .unwrap_or_default();
        out.push((u32::try_from(i + 1).unwrap_or(u32::MAX), called.to_owned()));
    }
    out
}

/// The names an import line binds: `b`, `c` for `from a import b, d as c`; `x` for `import x.y`.
fn imported_names(t: &str) -> Vec<&str> {
    let list = match t.strip_prefix("from ").and_then(|r| r.split_once(" import ")) {
        Some((_, names)) => names,
        None => t.strip_prefix("import ").unwrap_or(""),
    };
    list.trim_matches(|c| c == '(' || c == ')' || c == ' ')
        .split(',')
        .filter_map(|n| {
            let mut words = n.split_whitespace();
            let first = words.next()?;
            let bound = match (words.next(), words.next()) {
                (Some("as"), Some(alias)) => alias,
                _ => first.split('.').next().unwrap_or(first),
            };
            bound.chars().all(|c| c.is_alphanumeric() || c == '_').then_some(bound)
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// `create` in `view.create(` when `name` is `view`.
fn called_on<'t>(line: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = line;
    while let Some(at) = rest.find(name) {
        let before = rest.get(..at).and_then(|b| b.chars().next_back());
        let after = rest.get(at + name.len()..).unwrap_or("");
        if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
            && let Some(call) = after.strip_prefix('.')
        {
            let end = call
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(call.len());
            let (called, tail) = call.split_at(end);
            if !called.is_empty() && tail.trim_start().starts_with('(') {
                return Some(called);
            }
        }
        rest = after;
    }
    None
}

/// The top-level functions and classes `bytes` defines, with 1-based lines: what a graph node
/// or a tool registration names when it runs code written elsewhere.
pub fn definitions(source: Source, bytes: &[u8]) -> Vec<(u32, String)> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        if out.len() >= MAX_DEFS_PER_FILE {
            break;
        }
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let name = match source {
            Source::Python => raw
                .strip_prefix("async def ")
                .or_else(|| raw.strip_prefix("def "))
                .or_else(|| raw.strip_prefix("class ")),
            Source::JavaScript => {
                let t = raw.strip_prefix("export ").unwrap_or(raw);
                let t = t.strip_prefix("default ").unwrap_or(t);
                let t = t.strip_prefix("async ").unwrap_or(t);
                t.strip_prefix("function ")
                    .or_else(|| t.strip_prefix("const "))
                    .or_else(|| t.strip_prefix("class "))
            }
            Source::Go => raw.strip_prefix("func "),
            _ => None,
        };
        let Some(rest) = name else { continue };
        let ident: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
            .collect();
        if !ident.is_empty() {
            out.push((line, ident));
        }
    }
    out
}

fn python(t: &str, line: u32, out: &mut Vec<(u32, String)>) {
    if let Some(rest) = t.strip_prefix("from ") {
        let Some((module, names)) = rest.split_once(" import ") else {
            return;
        };
        let module = module.trim();
        // `from . import x` and `from pkg import mod`: the names may be modules too.
        for name in names.trim_matches(|c| c == '(' || c == ')' || c == ' ').split(',') {
            let name = name.split_whitespace().next().unwrap_or("");
            if !name.is_empty() && name != "*" && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                let sep = if module.ends_with('.') { "" } else { "." };
                out.push((line, format!("{module}{sep}{name}")));
            }
        }
        out.push((line, module.to_owned()));
    } else if let Some(rest) = t.strip_prefix("import ") {
        for m in rest.split(',') {
            if let Some(m) = m.split_whitespace().next() {
                out.push((line, m.to_owned()));
            }
        }
    }
}

fn javascript(t: &str, line: u32, out: &mut Vec<(u32, String)>) {
    let from = t
        .find(" from ")
        .map(|at| &t[at + 6..])
        .filter(|_| t.starts_with("import") || t.starts_with("export") || t.starts_with('}'));
    let call = ["require(", "import("]
        .iter()
        .find_map(|k| t.find(k).map(|at| &t[at + k.len()..]));
    let bare = t.strip_prefix("import ").filter(|r| r.starts_with(['"', '\'']));
    if let Some(q) = from.or(call).or(bare).and_then(quoted) {
        out.push((line, q.to_owned()));
    }
}

/// The first quoted string in `s`.
fn quoted(s: &str) -> Option<&str> {
    let start = s.find(['"', '\'', '`'])?;
    let q = s[start..].chars().next()?;
    let rest = &s[start + 1..];
    let end = rest.find(q)?;
    Some(&rest[..end])
}

/// Resolves imports to files of the tree.
pub struct Resolver<'a> {
    rels: &'a [&'a str],
    files: HashMap<&'a str, usize>,
    /// `.java`/`.kt` files by file name, for `com.acme.X` → `…/com/acme/X.java`.
    by_name: HashMap<&'a str, Vec<usize>>,
    /// Go files by folder.
    go_dirs: HashMap<&'a str, Vec<usize>>,
    /// `module` lines of go.mod files: (folder, module path).
    go_modules: Vec<(String, String)>,
    /// Folders that are package roots (hold a manifest): `src/backend`, `packages/api`.
    roots: Vec<String>,
    /// Top-level Python packages of the package roots: name → the one base folder that holds
    /// it (`feature_pipeline` → `feature-pipeline`), for imports of one unit's package from
    /// another (a monorepo installs its packages into each other). Names two roots define are
    /// left out: which one is meant is not known.
    python_packages: HashMap<String, Option<String>>,
}

impl<'a> Resolver<'a> {
    /// Indexes `rels` (every scanned file). `go_modules` are (folder, module path) pairs read
    /// from go.mod files; `roots` are unit folders.
    pub fn new(rels: &'a [&'a str], go_modules: Vec<(String, String)>, roots: Vec<String>) -> Self {
        let mut files = HashMap::new();
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut go_dirs: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, r) in rels.iter().enumerate() {
            files.insert(*r, i);
            let (dir, name) = r.rsplit_once('/').unwrap_or(("", r));
            if name.ends_with(".java") || name.ends_with(".kt") || name.ends_with(".cs") {
                by_name.entry(name).or_default().push(i);
            }
            if name.ends_with(".go") {
                go_dirs.entry(dir).or_default().push(i);
            }
        }
        let mut roots = roots;
        roots.sort();
        roots.dedup();
        let mut me = Self {
            rels,
            files,
            by_name,
            go_dirs,
            go_modules,
            roots,
            python_packages: HashMap::new(),
        };
        let mut packages: HashMap<String, Option<String>> = HashMap::new();
        for r in rels.iter().filter(|r| r.ends_with("/__init__.py")) {
            let pkg_dir = r.trim_end_matches("/__init__.py");
            let (parent, name) = pkg_dir.rsplit_once('/').unwrap_or(("", pkg_dir));
            // A top-level package sits right in a root, or in its `src/`.
            let base = parent
                .strip_suffix("/src")
                .or(if parent == "src" { Some("") } else { None })
                .unwrap_or(parent);
            if name.is_empty() || me.roots.binary_search_by(|x| x.as_str().cmp(base)).is_err() || base.is_empty() {
                continue;
            }
            let slot = packages
                .entry(name.to_owned())
                .or_insert_with(|| Some(parent.to_owned()));
            if slot.as_deref() != Some(parent) {
                *slot = None;
            }
        }
        me.python_packages = packages;
        me
    }

    /// The package roots that hold `dir` (itself or an ancestor), found by walking up: linear
    /// in the folder's depth, not in the number of roots.
    fn roots_above(&self, dir: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut d = dir;
        loop {
            if let Ok(i) = self.roots.binary_search_by(|r| r.as_str().cmp(d)) {
                out.extend(self.roots.get(i).map(String::as_str));
            }
            match d.rsplit_once('/') {
                Some((parent, _)) => d = parent,
                None if !d.is_empty() => d = "",
                None => break,
            }
        }
        out
    }

    fn file(&self, path: &str) -> Option<usize> {
        self.files.get(path.trim_start_matches('/')).copied()
    }

    /// The files `module`, imported by `from` (a path) of kind `source`, stands for.
    pub fn resolve(&self, source: Source, from: &str, module: &str) -> Vec<usize> {
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        match source {
            Source::Python | Source::Notebook => self.python(dir, module).into_iter().collect(),
            Source::JavaScript => self.javascript(dir, module).into_iter().collect(),
            Source::Jvm => self.jvm(module).into_iter().collect(),
            Source::Go => self.go(module),
            _ => Vec::new(),
        }
    }

    fn python(&self, dir: &str, module: &str) -> Option<usize> {
        let dots = module.chars().take_while(|c| *c == '.').count();
        let path = module[dots..].replace('.', "/");
        let mut bases: Vec<String> = Vec::new();
        if dots > 0 {
            let mut d: Vec<&str> = dir.split('/').filter(|x| !x.is_empty()).collect();
            for _ in 1..dots {
                d.pop();
            }
            bases.push(d.join("/"));
        } else {
            bases.push(String::new());
            bases.push("src".to_owned());
            // The package roots holding the importing file (not every root: that would make
            // resolving quadratic in the number of units).
            for r in self.roots_above(dir) {
                bases.push(r.to_owned());
                bases.push(join(r, "src"));
            }
            // A script importing its neighbour (`import utils` beside it).
            bases.push(dir.to_owned());
        }
        if dots == 0 {
            // Another unit's package, by its top-level name.
            let top = path.split('/').next().unwrap_or("");
            if let Some(Some(base)) = self.python_packages.get(top) {
                bases.push(base.clone());
            }
        }
        for base in &bases {
            let stem = join(base, &path);
            if stem.is_empty() {
                continue;
            }
            for candidate in [format!("{stem}.py"), format!("{stem}/__init__.py")] {
                if let Some(f) = self.file(&candidate) {
                    return Some(f);
                }
            }
        }
        None
    }

    fn javascript(&self, dir: &str, module: &str) -> Option<usize> {
        let mut bases: Vec<String> = Vec::new();
        let path = if module.starts_with("./") || module.starts_with("../") {
            bases.push(dir.to_owned());
            module.to_owned()
        } else if let Some(rest) = module.strip_prefix("@/").or_else(|| module.strip_prefix("~/")) {
            // The usual `@/` alias: the package root or its `src/`, nearest first.
            let mut roots = self.roots_above(dir);
            roots.sort_by_key(|r| std::cmp::Reverse(r.len()));
            for r in roots {
                bases.push(r.to_owned());
                bases.push(join(r, "src"));
            }
            bases.push(String::new());
            bases.push("src".to_owned());
            rest.to_owned()
        } else {
            return None;
        };
        for base in &bases {
            let stem = normalize(&join(base, &path))?;
            let exts = ["", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs"];
            for ext in exts {
                if let Some(f) = self.file(&format!("{stem}{ext}")) {
                    return Some(f);
                }
            }
            // `./x.js` written for a `x.ts` source (TypeScript's ESM convention).
            if let Some(base) = stem.strip_suffix(".js")
                && let Some(f) = self.file(&format!("{base}.ts"))
            {
                return Some(f);
            }
            for ext in [".ts", ".tsx", ".js", ".jsx"] {
                if let Some(f) = self.file(&format!("{stem}/index{ext}")) {
                    return Some(f);
                }
            }
        }
        None
    }

    fn jvm(&self, module: &str) -> Option<usize> {
        let (pkg, class) = module.rsplit_once('.')?;
        let tail = format!("{}/{class}", pkg.replace('.', "/"));
        for ext in [".java", ".kt"] {
            let name = format!("{class}{ext}");
            let found: Vec<usize> = self
                .by_name
                .get(name.as_str())
                .into_iter()
                .flatten()
                .copied()
                .filter(|i| self.rels.get(*i).is_some_and(|p| p.ends_with(&format!("{tail}{ext}"))))
                .collect();
            if let [one] = found.as_slice() {
                return Some(*one);
            }
        }
        None
    }

    fn go(&self, module: &str) -> Vec<usize> {
        for (dir, path) in &self.go_modules {
            if let Some(rest) = module.strip_prefix(path.as_str()) {
                let folder = join(dir, rest.trim_start_matches('/'));
                return self.go_dirs.get(folder.as_str()).cloned().unwrap_or_default();
            }
        }
        Vec::new()
    }
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_owned(),
        (_, true) => a.to_owned(),
        _ => format!("{a}/{b}"),
    }
}

/// `a/b/../c/./d` → `a/c/d`; `None` when it climbs out of the tree.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The module path of a go.mod (`module github.com/acme/x`).
pub fn go_module(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("module "))
        .map(|m| m.trim().trim_matches('"').to_owned())
}

/// A file as [`edges`] reads it: path, kind and imports.
pub type FileImports<'a> = (&'a str, Source, &'a [Import]);

/// Distinct files imported by each file: `(importer, imported, line)`, in order.
pub fn edges(files: &[FileImports<'_>], resolver: &Resolver<'_>) -> Vec<(usize, usize, u32)> {
    let mut out = BTreeSet::new();
    for (i, (rel, source, imports)) in files.iter().enumerate() {
        let mut seen = BTreeSet::new();
        for (line, module, _) in imports.iter() {
            for j in resolver.resolve(*source, rel, module) {
                if j != i && seen.insert(j) {
                    out.insert((i, j, *line));
                }
            }
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_inside_a_body_name_what_is_called_on_them() {
        let text = b"import os\n\ndef task():\n    from pkg import view, other as o\n    import pkg.report as rep\n\n    x = o.load()\n    return view.create(x)\n\ndef later():\n    view.create()\n";
        assert_eq!(
            body_calls(Source::Python, text),
            [(4, "load".to_owned()), (5, String::new())],
            "the first call on a name it binds, within its body; top-level imports are not listed"
        );
        assert!(body_calls(Source::JavaScript, text).is_empty());
    }

    #[test]
    fn imports_are_read_and_resolved_to_files() {
        let py = extract(
            Source::Python,
            b"from .rag import retriever\nfrom src.tools.search import web_search\nimport app.agents as a\n",
        );
        let py: Vec<(u32, String)> = py.into_iter().map(|(l, m, _)| (l, m)).collect();
        assert!(py.contains(&(1, ".rag.retriever".to_owned())));
        assert!(py.contains(&(2, "src.tools.search".to_owned())));
        assert!(py.contains(&(3, "app.agents".to_owned())));
        let ts = extract(
            Source::JavaScript,
            b"import { tool } from \"ai\";\nimport { getWeather } from '@/lib/ai/tools/get-weather';\nconst x = require('./util.js');\n",
        );
        assert_eq!((ts[1].0, ts[1].1.as_str()), (2, "@/lib/ai/tools/get-weather"));
        assert_eq!(ts[2].2, "const x = require('./util.js');");
        let go = extract(
            Source::Go,
            b"import (\n\t\"fmt\"\n\t\"github.com/acme/x/pkg/handler\"\n)\n",
        );
        assert_eq!((go[1].0, go[1].1.as_str()), (3, "github.com/acme/x/pkg/handler"));

        let rels = [
            "app/main.py",
            "app/rag/retriever.py",
            "src/tools/search.py",
            "web/lib/ai/tools/get-weather.ts",
            "web/app/page.tsx",
            "web/util.ts",
            "pkg/handler/h.go",
            "svc/src/main/java/com/acme/Agent.java",
        ];
        let r = Resolver::new(
            &rels,
            vec![(String::new(), "github.com/acme/x".to_owned())],
            vec!["web".to_owned()],
        );
        assert_eq!(r.resolve(Source::Python, "app/main.py", ".rag.retriever"), [1]);
        assert_eq!(r.resolve(Source::Python, "app/main.py", "src.tools.search"), [2]);
        assert_eq!(
            r.resolve(Source::JavaScript, "web/app/page.tsx", "@/lib/ai/tools/get-weather"),
            [3]
        );
        assert_eq!(r.resolve(Source::JavaScript, "web/app/page.tsx", "../util.js"), [5]);
        assert!(
            r.resolve(Source::JavaScript, "web/app/page.tsx", "../../../x")
                .is_empty()
        );
        assert_eq!(r.resolve(Source::Go, "main.go", "github.com/acme/x/pkg/handler"), [6]);
        assert_eq!(r.resolve(Source::Jvm, "x.java", "com.acme.Agent"), [7]);
    }

    #[test]
    fn one_units_package_is_importable_from_another_unit_unless_two_define_it() {
        let rels = [
            "airflow/dags/dag.py",
            "feature-pipeline/feature_pipeline/__init__.py",
            "feature-pipeline/feature_pipeline/pipeline.py",
            "a/src/common/__init__.py",
            "b/common/__init__.py",
        ];
        let roots = ["airflow", "feature-pipeline", "a", "b"].map(str::to_owned).to_vec();
        let r = Resolver::new(&rels, Vec::new(), roots);
        assert_eq!(
            r.resolve(Source::Python, "airflow/dags/dag.py", "feature_pipeline.pipeline"),
            [2]
        );
        assert!(r.resolve(Source::Python, "airflow/dags/dag.py", "common").is_empty());
    }
}
