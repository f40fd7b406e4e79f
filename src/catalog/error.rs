//! Library errors: every one names the file, the line and, where there is one, the entry id.

use std::fmt;

/// Where in a library file something is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The file, as the user knows it (`libraries/threats/llm.ron` or a user path).
    pub path: String,
    /// 1-based line; 0 when unknown.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}", self.path),
            (l, 0) => write!(f, "{}:{l}", self.path),
            (l, c) => write!(f, "{}:{l}:{c}", self.path),
        }
    }
}

/// Something wrong in a library file. Loading is partial: the good entries load and each bad
/// one yields one of these.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LibraryError {
    /// The file is not valid RON for its schema.
    #[error("{location}: {message}")]
    Parse {
        /// Where.
        location: Location,
        /// What the parser expected.
        message: String,
    },
    /// The file could not be read.
    #[error("{location}: cannot read: {message}")]
    Io {
        /// Which file.
        location: Location,
        /// The OS error.
        message: String,
    },
    /// Two entries share an id in the same library.
    #[error("{location}: duplicate {what} id {id:?} (first defined at {first})")]
    Duplicate {
        /// Where the second one is.
        location: Location,
        /// Kind, control, rule …
        what: &'static str,
        /// The id.
        id: String,
        /// Where the first one is.
        first: Location,
    },
    /// An entry refers to something that does not exist.
    #[error("{location}: {what} {id:?} refers to unknown {target_what} {target:?}")]
    UnknownReference {
        /// Where.
        location: Location,
        /// Kind, control, rule …
        what: &'static str,
        /// The entry's id.
        id: String,
        /// What kind of thing it refers to.
        target_what: String,
        /// The reference.
        target: String,
    },
    /// An entry is malformed in a way the schema cannot say.
    #[error("{location}: {what} {id:?}: {message}")]
    Invalid {
        /// Where.
        location: Location,
        /// Kind, control, rule …
        what: &'static str,
        /// The entry's id.
        id: String,
        /// What is wrong.
        message: String,
    },
}

impl LibraryError {
    /// Where the error is.
    pub fn location(&self) -> &Location {
        match self {
            LibraryError::Parse { location, .. }
            | LibraryError::Io { location, .. }
            | LibraryError::Duplicate { location, .. }
            | LibraryError::UnknownReference { location, .. }
            | LibraryError::Invalid { location, .. } => location,
        }
    }
}

/// A note about loading that is not an error: a user entry overriding a shipped one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shadowed {
    /// Kind, control, rule …
    pub what: &'static str,
    /// The id.
    pub id: String,
    /// The entry that wins.
    pub by: Location,
}

impl fmt::Display for Shadowed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} {:?} overrides the built-in one", self.by, self.what, self.id)
    }
}
