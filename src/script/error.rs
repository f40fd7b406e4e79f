//! Rule errors: a script or condition that does not compile, throws, or exceeds its limits.
//! Always shown with file:line; never a crash, never silence.

use std::fmt;

/// What went wrong with a rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum RuleErrorKind {
    /// The script or condition does not parse.
    Syntax,
    /// It threw or called something wrongly while running.
    Runtime,
    /// It ran past a sandbox limit (operations, depth, sizes).
    Limit,
    /// Its metadata (the `rule` map of a script) is missing or wrong.
    Metadata,
}

/// A rule error with its place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, thiserror::Error)]
pub struct RuleError {
    /// The file the rule is in.
    pub path: String,
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub column: usize,
    /// The rule's id, when known.
    pub rule: Option<String>,
    /// What sort of error.
    pub kind: RuleErrorKind,
    /// The message.
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        if let Some(r) = &self.rule {
            write!(f, ": rule {r:?}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl RuleError {
    /// From a rhai parse error.
    pub fn from_parse(path: &str, rule: Option<&str>, line_offset: usize, e: &rhai::ParseError) -> Self {
        let pos = e.position();
        Self {
            path: path.to_owned(),
            line: pos.line().map_or(0, |l| l + line_offset),
            column: pos.position().unwrap_or(0),
            rule: rule.map(str::to_owned),
            kind: RuleErrorKind::Syntax,
            message: format!("syntax error: {}", e.0),
        }
    }

    /// From a rhai runtime error.
    pub fn from_eval(path: &str, rule: Option<&str>, line_offset: usize, e: &rhai::EvalAltResult) -> Self {
        use rhai::EvalAltResult as E;
        let pos = e.position();
        let kind = match e {
            E::ErrorTooManyOperations(_)
            | E::ErrorStackOverflow(_)
            | E::ErrorDataTooLarge(..)
            | E::ErrorTooManyModules(_)
            | E::ErrorTooManyVariables(_)
            | E::ErrorTerminated(..) => RuleErrorKind::Limit,
            _ => RuleErrorKind::Runtime,
        };
        let message = match kind {
            RuleErrorKind::Limit => format!("stopped by the sandbox: {e}"),
            _ => format!("runtime error: {e}"),
        };
        Self {
            path: path.to_owned(),
            line: pos.line().map_or(0, |l| l + line_offset),
            column: pos.position().unwrap_or(0),
            rule: rule.map(str::to_owned),
            kind,
            message,
        }
    }
}
