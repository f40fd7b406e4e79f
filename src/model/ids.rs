//! Stable identifiers. Every id is a newtype over a short string so the file stays readable
//! (`el-llm-api`) and an id of one kind can never be passed where another is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// Wraps a string as this id (no validation; see [`is_valid_id`]).
            pub fn new(s: impl Into<String>) -> Self {
                Self(s.into())
            }
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }
    };
}

string_id!(
    /// An element (component) of the model.
    ElementId
);
string_id!(
    /// A data flow between two elements.
    FlowId
);
string_id!(
    /// A trust boundary.
    BoundaryId
);
string_id!(
    /// A decision or assumption record.
    NoteId
);
string_id!(
    /// A workshop session recorded in the model (`session-2026-12-04`).
    SessionId
);
string_id!(
    /// A component kind from the catalog (`llm-api`, `vector-db`).
    KindId
);
string_id!(
    /// A control from the catalog (`input-guardrail`).
    ControlId
);
string_id!(
    /// A data class carried by flows (`pii`, `prompts`).
    DataClassId
);
string_id!(
    /// A property (question) key of a component kind (`accepts_untrusted_input`).
    PropKey
);
string_id!(
    /// A threat rule (`LLM-PI-001`).
    RuleId
);
string_id!(
    /// A finding: the rule id followed by the ids of the elements it involves
    /// (`LLM-PI-001@el-chat`), stable across edits and renames.
    FindingId
);

/// Ids are short, lowercase-friendly tokens: letters, digits, `-`, `_`, `.`, `:` and `@`,
/// 1 to 128 characters. Anything else (spaces, quotes, markup) is refused at load time so an id
/// is always safe to print in a report or a file name.
pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '@'))
}

/// Makes a slug from a display name: `"LLM API (OpenAI)"` → `"llm-api-openai"`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "item".to_owned() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_makes_readable_ids() {
        assert_eq!(slug("LLM API (OpenAI)"), "llm-api-openai");
        assert_eq!(slug("  <script>  "), "script");
        assert_eq!(slug("!!!"), "item");
    }

    #[test]
    fn ids_reject_markup_and_spaces() {
        assert!(is_valid_id("el-llm-api"));
        assert!(is_valid_id("LLM-PI-001@el-chat"));
        assert!(!is_valid_id("has space"));
        assert!(!is_valid_id("<b>"));
        assert!(!is_valid_id(""));
    }
}
