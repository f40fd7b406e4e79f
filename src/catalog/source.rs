//! Library source files: text plus the path people know it by, and the RON parsing that turns
//! parser positions into file:line:column.

use super::error::{LibraryError, Location};
use serde::de::DeserializeOwned;
use std::borrow::Cow;

/// Largest library or model file accepted, so a hostile file cannot exhaust memory.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// One library file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to the library root (`threats/llm.ron`).
    pub rel: String,
    /// Path as shown in messages (`libraries/threats/llm.ron` or an absolute user path).
    pub display: String,
    /// The text: borrowed for the shipped library compiled into the binary (no copy of its
    /// ~0.9 MB at every start), owned for files read from disk.
    pub text: Cow<'static, str>,
}

impl SourceFile {
    /// A location at a 1-based line (0 if unknown) in this file.
    pub fn at(&self, line: usize) -> Location {
        Location {
            path: self.display.clone(),
            line,
            column: 0,
        }
    }

    /// The line of `id: "<id>"` (the first one), where an entry with that id starts.
    pub fn line_of_id(&self, id: &str) -> usize {
        line_of(&self.text, &format!("id: {id:?}"))
            .or_else(|| line_of(&self.text, &format!("{id:?}")))
            .unwrap_or(0)
    }

    /// The line of each `id: "<id>"` in the file (the first of each id), found in one pass:
    /// a library file with tens of thousands of entries is located in linear time. One search
    /// over the whole text, counting newlines between hits, rather than a search per line:
    /// this runs on every start, and per line it was a sixth of `check` on a small model (#15).
    pub fn id_lines(&self) -> IdLines<'_> {
        const NEEDLE: &str = "id: \"";
        let text = &*self.text;
        let mut lines = std::collections::HashMap::new();
        let (mut line, mut counted_to) = (1, 0);
        for at in memchr::memmem::find_iter(text.as_bytes(), NEEDLE) {
            line += memchr::memchr_iter(b'\n', &text.as_bytes()[counted_to..at]).count();
            counted_to = at;
            // The needle is ASCII, so `at + len` is a character boundary.
            let Some(rest) = text.get(at + NEEDLE.len()..) else {
                continue;
            };
            // The id ends at the next quote on the same line; without one it is not an id.
            if let Some(end) = rest.find(['"', '\n'])
                && rest[end..].starts_with('"')
            {
                lines.entry(&rest[..end]).or_insert(line);
            }
        }
        IdLines(lines)
    }

    /// Parses the whole file as `T`.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, LibraryError> {
        parse_ron(&self.text, &self.display)
    }
}

/// Where the entries of one file start, by id.
#[derive(Debug)]
pub struct IdLines<'a>(std::collections::HashMap<&'a str, usize>);

impl IdLines<'_> {
    /// The 1-based line of the entry with this id (0 if not found).
    pub fn of(&self, id: &str) -> usize {
        self.0.get(id).copied().unwrap_or(0)
    }
}

/// The 1-based line where `needle` first occurs.
pub fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.find(needle).map(|i| text[..i].matches('\n').count() + 1)
}

/// RON options used for every file Bulwark reads: `Some` may be left out, and nesting is
/// limited so a hostile file cannot overflow the stack.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(64)
}

/// Parses RON text, mapping errors to `path:line:column: message`.
pub fn parse_ron<T: DeserializeOwned>(text: &str, path: &str) -> Result<T, LibraryError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(LibraryError::Parse {
            location: Location {
                path: path.to_owned(),
                line: 0,
                column: 0,
            },
            message: format!("file is larger than {} MiB", MAX_FILE_BYTES / 1024 / 1024),
        });
    }
    // The model's fast reader first: it reads the same RON (or declines, and `ron` parses the
    // text again for its error and line), and the shipped library is read at every start (#15).
    if !tests::ron_only() {
        match crate::model::fast_ron::from_str(text) {
            Ok(value) => return Ok(value),
            Err(_) => tests::declined(path),
        }
    }
    ron_options()
        .from_str(text)
        .map_err(|e: ron::error::SpannedError| LibraryError::Parse {
            location: Location {
                path: path.to_owned(),
                line: e.span.start.line,
                column: e.span.start.col,
            },
            message: e.code.to_string(),
        })
}

#[cfg(not(test))]
mod tests {
    pub(super) fn ron_only() -> bool {
        false
    }
    pub(super) fn declined(_path: &str) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static RON_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        static DECLINED: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    pub(super) fn declined(path: &str) {
        DECLINED.with(|d| d.borrow_mut().push(path.to_owned()));
    }

    /// Whether this thread reads every library file with `ron` alone (to compare with).
    pub(super) fn ron_only() -> bool {
        RON_ONLY.with(|c| c.get())
    }

    #[test]
    fn the_fast_reader_reads_the_shipped_library_exactly_as_ron_does() {
        let (fast, report) = crate::catalog::Catalog::builtin();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        RON_ONLY.with(|c| c.set(true));
        let (slow, _) = crate::catalog::Catalog::builtin();
        RON_ONLY.with(|c| c.set(false));
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
        // And it did read them: no shipped file is left to `ron`.
        DECLINED.with(|d| d.borrow_mut().clear());
        let _ = crate::catalog::Catalog::builtin();
        assert_eq!(DECLINED.with(|d| d.borrow().clone()), Vec::<String>::new());
    }

    #[test]
    fn ids_are_found_at_their_lines_and_the_first_of_each_wins() {
        let file = SourceFile {
            rel: "x.ron".into(),
            display: "x.ron".into(),
            text:
                "[\n  (id: \"a\", x: 1),\n\n  (id: \"b\"), (id: \"c\"),\n  (id: \"a\"),\n  (id: \"broken\n  \"),\n]\n"
                    .into(),
        };
        let lines = file.id_lines();
        assert_eq!((lines.of("a"), lines.of("b"), lines.of("c")), (2, 4, 4));
        assert_eq!(lines.of("missing"), 0);
        assert_eq!(lines.of("broken\n  "), 0, "an id does not run across lines");
        assert_eq!(file.line_of_id("b"), 4);
    }
}
