//! Matching detector patterns against file contents: every match becomes a hit with its file,
//! 1-based line and the line's text. Files are read as bytes, so invalid UTF-8 is matched like
//! anything else; binaries are skipped.

use super::detectors::Detectors;
use super::source::Source;
use super::summary::Warning;
use super::walk::RepoFile;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many matches of one pattern in one file are kept.
const MAX_HITS_PER_PATTERN: usize = 8;
/// How much of a file is looked at for a NUL byte.
const BINARY_PROBE_BYTES: usize = 8 * 1024;
/// Longest evidence text kept, in characters.
const MAX_TEXT_CHARS: usize = 160;

/// One match.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    /// Index of the file in the scanned list.
    pub file: usize,
    /// 1-based line.
    pub line: u32,
    /// Detector index.
    pub detector: usize,
    /// Pattern index within the detector.
    pub pattern: usize,
    /// The line, trimmed and shortened.
    pub text: String,
    /// What the pattern's `name` (or `from`) group captured: the symbol a part is called.
    pub symbol: Option<String>,
    /// What its `to` group captured: the other end of a link.
    pub target: Option<String>,
    /// What its `ref` group captured: the function a part runs, defined elsewhere.
    pub reference: Option<String>,
}

/// A file that was read, with its text kept when later steps need its structure.
#[derive(Debug, Clone)]
pub struct Scanned {
    /// Path relative to the root.
    pub rel: String,
    /// Its kind.
    pub source: Source,
    /// The text (lossy), kept for compose, Kubernetes, MCP and Dockerfile files only.
    pub text: Option<String>,
    /// Modules it imports (code files): line, the module as written, the line's text.
    pub imports: Vec<super::imports::Import>,
    /// Top-level functions and classes it defines: line and name.
    pub defs: Vec<(u32, String)>,
    /// Imports inside function bodies (Python): line, and the name first called on what
    /// they import there (`""` when none).
    pub body_calls: Vec<(u32, String)>,
}

/// Everything the scan produced.
#[derive(Debug, Default)]
pub struct ScanResult {
    /// Files read, in path order.
    pub files: Vec<Scanned>,
    /// Hits, by file, line, detector and pattern.
    pub hits: Vec<Hit>,
    /// Files skipped or read lossily.
    pub warnings: Vec<Warning>,
}

/// Reads each file with a source and matches it. `progress` counts files done.
pub fn scan(files: &[RepoFile], detectors: &Detectors, progress: &AtomicUsize) -> ScanResult {
    let mut out = ScanResult::default();
    for f in files {
        progress.fetch_add(1, Ordering::Relaxed);
        let Some(source) = f.source else { continue };
        // The walk found a regular file of at most the limit; reading it again through the one
        // reading function keeps that true if the tree changed in between.
        let bytes = match crate::io::read_bytes(&f.abs, super::walk::MAX_FILE_BYTES) {
            Ok(b) => b,
            Err(e) => {
                out.warnings.push(Warning::new(&f.rel, format!("not read: {e}")));
                continue;
            }
        };
        if bytes.iter().take(BINARY_PROBE_BYTES).any(|b| *b == 0) {
            out.warnings.push(Warning::new(&f.rel, "binary file; not read"));
            continue;
        }
        if std::str::from_utf8(&bytes).is_err() {
            out.warnings
                .push(Warning::new(&f.rel, "not valid UTF-8; read as bytes"));
        }
        let index = out.files.len();
        if source == Source::Notebook {
            // A notebook's cells are JSON strings, one source line per JSON line: with the
            // quoting peeled off, each line reads as the code it holds and keeps its number.
            if let Some(patterns) = detectors.patterns(Source::Notebook) {
                match_file(index, &bytes, patterns, &mut out.hits);
            }
            if let Some(patterns) = detectors.patterns(Source::Python) {
                match_file(index, &notebook_code(&bytes), patterns, &mut out.hits);
            }
        } else if let Some(patterns) = detectors.patterns(source) {
            match_file(index, &blank_comment_lines(source, &bytes), patterns, &mut out.hits);
        }
        let keep = matches!(
            source,
            Source::Compose
                | Source::Kubernetes
                | Source::Mcp
                | Source::Dockerfile
                | Source::Env
                | Source::Ci
                | Source::Settings
                | Source::Bicep
        );
        if let Some(problem) = malformed_manifest(&f.rel, source, &bytes) {
            out.warnings.push(Warning::new(&f.rel, problem));
        }
        let imports = super::imports::extract(source, &bytes);
        let defs = super::imports::definitions(source, &bytes);
        let body_calls = super::imports::body_calls(source, &bytes);
        out.files.push(Scanned {
            rel: f.rel.clone(),
            source,
            text: keep.then(|| String::from_utf8_lossy(&bytes).into_owned()),
            imports,
            defs,
            body_calls,
        });
    }
    out.hits.sort();
    out.hits
        .dedup_by(|a, b| a.file == b.file && a.line == b.line && a.detector == b.detector);
    out
}

/// `bytes` with each whole-line comment blanked (`# image: ollama/ollama` in a compose file,
/// `// import OpenAI from "openai"`): commented-out configuration and code are not the
/// system. Only the comment's bytes become spaces, so offsets and line numbers are kept.
pub fn blank_comment_lines(source: Source, bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let markers: &[&[u8]] = match source {
        Source::Python
        | Source::PythonDeps
        | Source::Compose
        | Source::Kubernetes
        | Source::Dockerfile
        | Source::Env
        | Source::Ci
        | Source::CargoDeps => &[b"#"],
        Source::Terraform => &[b"#", b"//"],
        Source::JavaScript | Source::Go | Source::Rust | Source::Jvm | Source::Bicep | Source::GoDeps => &[b"//"],
        Source::Settings => &[b"#", b"//", b";"],
        Source::NpmDeps | Source::JvmDeps | Source::Mcp | Source::Notebook => &[],
    };
    if markers.is_empty() {
        return std::borrow::Cow::Borrowed(bytes);
    }
    let mut out: Option<Vec<u8>> = None;
    let mut start = 0;
    while start <= bytes.len() {
        let end = bytes
            .get(start..)
            .and_then(|r| r.iter().position(|b| *b == b'\n'))
            .map_or(bytes.len(), |p| start + p);
        let line = bytes.get(start..end).unwrap_or_default();
        let indent = line.iter().take_while(|b| **b == b' ' || **b == b'\t').count();
        let rest = line.get(indent..).unwrap_or_default();
        if markers.iter().any(|m| rest.starts_with(m)) {
            let buf = out.get_or_insert_with(|| bytes.to_vec());
            if let Some(slice) = buf.get_mut(start + indent..end) {
                slice.fill(b' ');
            }
        }
        start = end + 1;
    }
    match out {
        Some(v) => std::borrow::Cow::Owned(v),
        None => std::borrow::Cow::Borrowed(bytes),
    }
}

/// A notebook's lines with JSON quoting peeled off: `    "import torch\n",` reads
/// `import torch`. Escapes are kept, so what is left of each line is still a part of it (evidence
/// quotes the file as it is). Same number of lines as the input.
pub fn notebook_code(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        let start = line.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(line.len());
        let t = line.get(start..).unwrap_or_default();
        let Some(inner) = t.strip_prefix(b"\"") else {
            out.extend_from_slice(line);
            continue;
        };
        let mut end = inner.len();
        for suffix in [&b"\\n\","[..], b"\\n\"", b"\",", b"\""] {
            if inner.ends_with(suffix) {
                end = inner.len() - suffix.len();
                break;
            }
        }
        out.extend_from_slice(inner.get(..end).unwrap_or_default());
    }
    out
}

fn match_file(file: usize, bytes: &[u8], patterns: &super::detectors::SourcePatterns, hits: &mut Vec<Hit>) {
    let matched = patterns.set.matches(bytes);
    if !matched.matched_any() {
        return;
    }
    let newlines: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
        .collect();
    for i in matched.iter() {
        let Some((detector, pattern, re)) = patterns.each.get(i) else {
            continue;
        };
        let named = re
            .capture_names()
            .flatten()
            .any(|n| matches!(n, "name" | "from" | "to" | "ref"));
        // Captures cost more than a search: only patterns that name something take them.
        let found: Vec<(std::ops::Range<usize>, Option<regex::bytes::Captures<'_>>)> = if named {
            re.captures_iter(bytes)
                .take(MAX_HITS_PER_PATTERN)
                .filter_map(|c| c.get(0).map(|m| (m.range(), Some(c))))
                .collect()
        } else {
            re.find_iter(bytes)
                .take(MAX_HITS_PER_PATTERN)
                .map(|m| (m.range(), None))
                .collect()
        };
        for (range, caps) in found {
            let m = Match(range);
            let group = |g: &str| {
                caps.as_ref()
                    .and_then(|c| c.name(g))
                    .map(|x| clip(&String::from_utf8_lossy(x.as_bytes())))
                    .filter(|x| !x.is_empty())
            };
            // A pattern anchored with `^\s*` in multi-line mode may start on a blank line above
            // what it matched (`\s` takes the newline): cite the line the text is on.
            let lead = bytes
                .get(m.range())
                .map_or(0, |t| t.iter().take_while(|b| b.is_ascii_whitespace()).count());
            let at = if lead < m.len() { m.start() + lead } else { m.start() };
            let line_index = newlines.partition_point(|nl| *nl < at);
            let start = line_index
                .checked_sub(1)
                .and_then(|i| newlines.get(i))
                .map_or(0, |nl| nl + 1);
            let end = newlines.get(line_index).copied().unwrap_or(bytes.len());
            hits.push(Hit {
                file,
                line: u32::try_from(line_index + 1).unwrap_or(u32::MAX),
                detector: *detector,
                pattern: *pattern,
                text: clip(&String::from_utf8_lossy(bytes.get(start..end).unwrap_or_default())),
                symbol: group("name").or_else(|| group("from")),
                target: group("to"),
                reference: group("ref"),
            });
        }
    }
}

/// A match's byte range.
struct Match(std::ops::Range<usize>);

impl Match {
    fn range(&self) -> std::ops::Range<usize> {
        self.0.clone()
    }
    fn start(&self) -> usize {
        self.0.start
    }
    fn len(&self) -> usize {
        self.0.len()
    }
}

/// Why a manifest does not parse, for the manifests whose format is strict (JSON, TOML). Its
/// lines are still matched: a broken manifest still names its dependencies.
fn malformed_manifest(rel: &str, source: Source, bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    match source {
        Source::NpmDeps => serde_json::from_str::<serde_json::Value>(text)
            .err()
            .map(|e| format!("malformed JSON at line {}: {e}", e.line())),
        Source::PythonDeps | Source::CargoDeps if rel.ends_with(".toml") => text
            .parse::<toml::Table>()
            .err()
            .map(|e| format!("malformed TOML: {}", e.message())),
        _ => None,
    }
}

/// Words that mark the value after them as a secret.
const SECRET_WORDS: [&str; 6] = ["key", "token", "secret", "password", "passwd", "credential"];

/// The line without anything that may be a secret, so evidence never copies one into a model
/// file: after a secret-looking name (`API_KEY=`, `password:`) and after a URL's scheme when the
/// URL carries credentials (`postgres://user:pass@db`), the rest of the line is dropped. What is
/// left is still a prefix of the line, so evidence still points at it.
pub fn redact(line: &str) -> &str {
    let lower = line.to_ascii_lowercase();
    let mut cut = line.len();
    for word in SECRET_WORDS {
        if let Some(at) = lower.find(word)
            && let Some(sep) = lower.get(at..).and_then(|rest| rest.find(['=', ':']))
        {
            cut = cut.min(at + sep + 1);
        }
    }
    if let Some(scheme) = lower.find("://") {
        let authority_end = lower
            .get(scheme + 3..)
            .and_then(|r| r.find(['/', ' ', '"', '\'']))
            .map_or(lower.len(), |e| scheme + 3 + e);
        if lower.get(scheme + 3..authority_end).is_some_and(|a| a.contains('@')) {
            cut = cut.min(scheme + 3);
        }
    }
    line.get(..cut).unwrap_or(line)
}

/// The line trimmed, without secrets, and cut to [`MAX_TEXT_CHARS`] characters.
pub fn clip(line: &str) -> String {
    let t = redact(line.trim()).trim();
    if t.chars().count() <= MAX_TEXT_CHARS {
        t.to_owned()
    } else {
        t.chars().take(MAX_TEXT_CHARS).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anchored_pattern_cites_the_line_of_its_text_not_the_blank_line_above() {
        let set = regex::bytes::RegexSetBuilder::new([r"^\s*import\s+openai\b"])
            .multi_line(true)
            .build()
            .expect("set");
        let re = regex::bytes::RegexBuilder::new(r"^\s*import\s+openai\b")
            .multi_line(true)
            .build()
            .expect("re");
        let patterns = super::super::detectors::SourcePatterns {
            set,
            each: vec![(0, 0, re)],
        };
        let mut hits = Vec::new();
        match_file(0, b"import os\n\n\n   import openai\n", &patterns, &mut hits);
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].line, hits[0].text.as_str()), (4, "import openai"));
    }

    #[test]
    fn commented_out_lines_are_not_matched_and_lines_keep_their_numbers() {
        let yaml = b"services:\n  # ollama:\n  #   image: ollama/ollama\n  app:\n    image: app # pinned\n";
        let blanked = blank_comment_lines(Source::Compose, yaml);
        assert_eq!(blanked.len(), yaml.len());
        let text = String::from_utf8_lossy(&blanked);
        assert!(!text.contains("ollama"));
        assert_eq!(
            text.lines().nth(4),
            Some("    image: app # pinned"),
            "a trailing comment is kept"
        );
        let js = b"// import OpenAI from 'openai'\nimport x from 'y'\n";
        let blanked = blank_comment_lines(Source::JavaScript, js);
        assert!(!String::from_utf8_lossy(&blanked).contains("openai"));
        assert!(matches!(
            blank_comment_lines(Source::NpmDeps, js),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn notebook_cells_read_as_code_on_their_own_lines() {
        let nb = b"{\n \"cells\": [{\n   \"source\": [\n    \"import torch\\n\",\n    \"from openai import OpenAI\"\n   ]\n}]}\n";
        let code = notebook_code(nb);
        let text = String::from_utf8(code).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), String::from_utf8_lossy(nb).lines().count());
        assert_eq!(lines[3], "import torch");
        assert_eq!(lines[4], "from openai import OpenAI");
    }

    #[test]
    fn secrets_never_reach_evidence() {
        assert_eq!(clip("OPENAI_API_KEY=sk-live-123"), "OPENAI_API_KEY=");
        assert_eq!(clip("  POSTGRES_PASSWORD: hunter2"), "POSTGRES_PASSWORD:");
        assert_eq!(clip("url: postgresql://app:pw@db/app"), "url: postgresql://");
        assert_eq!(clip("QDRANT_URL=http://qdrant:6333"), "QDRANT_URL=http://qdrant:6333");
        assert_eq!(clip("from openai import OpenAI"), "from openai import OpenAI");
    }
}
