//! Component kinds: the palette. Each kind says what it is, which questions it asks and which
//! controls apply to it. Loaded from `libraries/components.ron`.

pub use crate::model::MaestroLayer;
use crate::model::{ControlId, DataClassId, KindId, Operation, PropKey, Value};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The data-flow-diagram type of a kind; it drives STRIDE-per-element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DfdType {
    /// Runs code: services, models, agents, tools.
    Process,
    /// Holds data: databases, vector stores, registries, memory.
    DataStore,
    /// Outside the system's control: people, third parties.
    ExternalEntity,
}

impl DfdType {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            DfdType::Process => "process",
            DfdType::DataStore => "data store",
            DfdType::ExternalEntity => "external entity",
        }
    }
}

/// A palette category ("LLM application layer").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Id used by kinds and rules.
    pub id: String,
    /// Name shown in the palette.
    pub name: String,
    /// One line on what belongs here.
    pub description: String,
}

/// What type of answer a question takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnswerType {
    /// Yes or no.
    Bool,
    /// One of a fixed list of texts.
    Choice(Vec<String>),
    /// Free text.
    Text,
    /// A whole number.
    Int,
}

impl AnswerType {
    /// Whether `value` is a valid answer of this type.
    pub fn accepts(&self, value: &Value) -> bool {
        match (self, value) {
            (AnswerType::Bool, Value::Bool(_))
            | (AnswerType::Text, Value::Text(_))
            | (AnswerType::Int, Value::Int(_)) => true,
            (AnswerType::Choice(options), Value::Text(s)) => options.iter().any(|o| o == s),
            _ => false,
        }
    }
}

/// A question a kind asks about an element ("Does it accept untrusted input?"). Questions are
/// shared across kinds so rules can select on one key everywhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Property key.
    pub id: PropKey,
    /// The question as the inspector shows it.
    pub label: String,
    /// Why it matters for security, one or two sentences.
    #[serde(default)]
    pub help: String,
    /// The answer's type.
    pub answer: AnswerType,
    /// What the computed severity of every finding reads a yes to this question as, beside
    /// any rule that selects on it (`None`: only rules read it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<SeverityInput>,
    /// A drawing that answers this yes/no question yes where the element's own answer is not
    /// given (and its kind asks it): a model drawn invoking a tool that changes things has
    /// side-effecting tools whatever its kind's default says. A person's answer still wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implied_by: Option<ImpliedBy>,
    /// The answer that is itself a protection (dependencies pinned, models loaded only from
    /// formats that cannot run code, no training on users' data): on an element someone gave
    /// it, a rule looking for another answer raises its finding closed by this one instead of
    /// nothing, as a flow answered encrypted closes a transport finding, so the reviewer sees
    /// the threat was considered and why it is closed. A kind's default never counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protection: Option<Protection>,
}

/// See [`Question::protection`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Protection {
    /// The protective answer.
    pub answer: Value,
    /// What it says of the element, in words that follow its name ("its dependencies are
    /// pinned to exact versions").
    pub says: String,
}

/// The flows that imply a yes (see [`Question::implied_by`]), with one of `operations`: one the
/// element sends to an element whose kind has one of `to_traits` (and, with `same_zones`, that
/// sits in the sender's own trust zone, of one of those kinds: a person talking to an agent on
/// their own device), or one it receives from an element whose trust zone is of one of
/// `from_zones` (a caller on the internet makes it internet-facing). Only traits, zones and
/// operations, never other answers, so an implied answer never depends on another one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpliedBy {
    /// The flow's operation is one of these (any when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub operations: Vec<Operation>,
    /// The receiver's kind has one of these traits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to_traits: Vec<String>,
    /// The sender sits in a trust zone of one of these kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from_zones: Vec<crate::model::BoundaryKind>,
    /// With `to_traits`: the receiver also sits in the sender's own trust zone, of one of
    /// these kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same_zones: Vec<crate::model::BoundaryKind>,
}

/// How the computed severity reads a yes to a question (see "Severity precedence" in
/// DESIGN.md): so which answers adjust severity is data in `components.ron`, not a list in code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeverityInput {
    /// Outsiders reach the element (internet-facing): likelihood goes up.
    Exposure,
    /// It takes input outsiders shape: likelihood is not lowered for sitting inside.
    OutsideInput,
    /// Sensitive data sits at the element (personal data, secrets): impact is not lowered.
    Sensitivity,
    /// The element is the system's own operator (a person using their own tool): not an
    /// outsider, whatever its kind or zone.
    Operator,
}

/// A trait of a kind that rules select on ("llm", "untrusted-source"), so a rule does not need
/// to list every kind that behaves alike.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trait {
    /// The trait's id.
    pub id: String,
    /// How it reads in explanations where that is not its id (`LLM` for `llm`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What having it means.
    pub description: String,
}

impl Trait {
    /// How the trait reads in explanations.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// "a" or "an" before `phrase`, by how it is spoken: an initialism (`LLM`, `MCP`) by the name of
/// its first letter, a word by its first letter.
pub fn indefinite_article(phrase: &str) -> &'static str {
    let word = phrase.split([' ', '/', '-']).next().unwrap_or(phrase);
    let initialism = word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase());
    let first = word.chars().next().unwrap_or('x').to_ascii_lowercase();
    let vowel_sound = if initialism {
        "aefhilmnorsx".contains(first)
    } else {
        "aeiou".contains(first)
    };
    if vowel_sound { "an" } else { "a" }
}

/// A component kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentKind {
    /// Stable id.
    pub id: KindId,
    /// Name shown in the palette.
    pub name: String,
    /// Palette category id.
    pub category: String,
    /// DFD type.
    pub dfd: DfdType,
    /// MAESTRO layers it lives in.
    #[serde(default)]
    pub maestro: Vec<MaestroLayer>,
    /// Icon name (a glyph in `assets/icons/`).
    pub icon: String,
    /// One line, in our words.
    pub description: String,
    /// Traits rules select on.
    #[serde(default)]
    pub traits: Vec<String>,
    /// The questions it asks, with this kind's default answer.
    #[serde(default)]
    pub questions: BTreeMap<PropKey, Value>,
    /// Controls that apply to it (offered in the inspector).
    #[serde(default)]
    pub controls: Vec<ControlId>,
    /// CoSAI risk-map component ids it corresponds to.
    #[serde(default)]
    pub cosai: Vec<String>,
    /// What a flow drawn into a component of this kind usually is: its operation, what it
    /// carries and what comes back. A new flow starts from it; the person edits it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receives: Option<FlowDefaults>,
}

/// The usual shape of a flow into a kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowDefaults {
    /// What the flow does there.
    pub operation: Operation,
    /// What it carries.
    #[serde(default)]
    pub data: Vec<DataClassId>,
    /// What comes back.
    #[serde(default)]
    pub returns: Vec<DataClassId>,
}

impl ComponentKind {
    /// Whether the kind has `t` among its traits.
    pub fn has_trait(&self, t: &str) -> bool {
        self.traits.iter().any(|x| x == t)
    }
}

/// The whole `components.ron` file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentsFile {
    /// Palette categories, in palette order.
    #[serde(default)]
    pub categories: Vec<Category>,
    /// Traits kinds may have.
    #[serde(default)]
    pub traits: Vec<Trait>,
    /// Shared questions.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Component kinds, in palette order within their category.
    #[serde(default)]
    pub kinds: Vec<ComponentKind>,
}

#[cfg(test)]
mod article_tests {
    use super::indefinite_article;

    #[test]
    fn initialisms_take_the_article_of_their_first_letter_name() {
        assert_eq!(indefinite_article("LLM"), "an");
        assert_eq!(indefinite_article("MCP / tool"), "an");
        assert_eq!(indefinite_article("API"), "an");
        assert_eq!(indefinite_article("CI pipeline"), "a");
        assert_eq!(indefinite_article("untrusted-source"), "an");
        assert_eq!(indefinite_article("model-store"), "a");
    }
}
