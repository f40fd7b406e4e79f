//! Workshop card decks (`libraries/decks/`): threat-modeling card games (STRIDE, Elevation of
//! Privilege, OWASP Cornucopia's AI suits, Elevation of MLsec) as prompts the walkthrough shows
//! for the focused element or flow. Each card is a question in Bulwark's own words, keyed to its
//! deck's suit and card, and says what it fits: component kinds, traits, DFD types or flows. A
//! deck is data: adding one needs no Rust change.
//!
//! This module only holds the decks and chooses cards; it knows nothing of the UI or of the
//! session that shows them.

use crate::catalog::{Catalog, DfdType, LibraryError, SourceFile};
use crate::model::{KindId, References, Stride};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// The `applies` entry that makes a card fit flows.
pub const FLOW: &str = "flow";

/// The `applies` spelling of each DFD type (as `dfd` is written in `components.ron`).
const DFD_TYPES: [(DfdType, &str); 3] = [
    (DfdType::Process, "Process"),
    (DfdType::DataStore, "DataStore"),
    (DfdType::ExternalEntity, "ExternalEntity"),
];

/// Longest prompt accepted: a card is read aloud to a room, one or two sentences.
const MAX_PROMPT_CHARS: usize = 320;

/// One deck: a published card game (or Bulwark's own) and its cards.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deck {
    /// Stable id: the file name without `.ron`.
    pub id: String,
    /// The deck's name as people know it.
    pub title: String,
    /// Who published the deck.
    pub source: String,
    /// The deck's licence, and how ours relates to it.
    pub licence: String,
    /// Where to find the deck.
    pub url: String,
    /// How our prompts relate to the original cards (adapted, or original and keyed only to
    /// the deck's ids).
    pub note: String,
    /// The deck's suits in its own order and spelling; every card names one of them.
    pub suits: Vec<String>,
    /// The cards, in the deck's order.
    pub cards: Vec<Card>,
}

/// One card of a deck.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// Unique within the deck (`"S3"`, `"LLMX"`).
    pub id: String,
    /// The deck's suit it belongs to.
    pub suit: String,
    /// The deck's own card id or rank within the suit (`"2"` … `"10"`, `"J"`, `"Q"`, `"K"`,
    /// `"A"`).
    pub card: String,
    /// The question for the room about the focused item, in Bulwark's words.
    pub prompt: String,
    /// What it fits: component kind ids, trait ids, DFD types (`Process`, `DataStore`,
    /// `ExternalEntity`) or `"flow"`; any entry may match. Empty: anything.
    #[serde(default)]
    pub applies: Vec<String>,
    /// STRIDE categories it is about.
    #[serde(default)]
    pub stride: Vec<Stride>,
    /// Framework ids it touches, checked like rules' references.
    #[serde(default)]
    pub references: References,
}

/// What the walkthrough has in focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// An element of this component kind; its traits and DFD type come from the catalog.
    Kind(&'a KindId),
    /// A flow.
    Flow,
}

impl Deck {
    /// The card with `id`, if the deck has one.
    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }
}

impl Card {
    /// Whether the card fits `target`: its `applies` is empty, names `"flow"` for a flow, or
    /// names the kind, one of the kind's traits or its DFD type. A kind the catalog does not
    /// know matches by its id alone.
    pub fn fits(&self, target: Target<'_>, cat: &Catalog) -> bool {
        if self.applies.is_empty() {
            return true;
        }
        match target {
            Target::Flow => self.applies.iter().any(|a| a == FLOW),
            Target::Kind(id) => {
                let kind = cat.kind(id);
                let dfd = kind.and_then(|k| dfd_name(k.dfd));
                self.applies
                    .iter()
                    .any(|a| a == id.as_str() || kind.is_some_and(|k| k.has_trait(a)) || dfd.is_some_and(|d| d == a))
            }
        }
    }
}

/// The cards of `deck` that fit `target`, in the deck's order.
pub fn prompts_for<'a>(deck: &'a Deck, target: Target<'_>, cat: &Catalog) -> Vec<&'a Card> {
    deck.cards.iter().filter(|c| c.fits(target, cat)).collect()
}

/// A card chosen from `cards` by `seed`, the same one every time for the same seed and list.
/// Consecutive seeds step through the list in order, each card once per round, so "next card"
/// for one item is `seed + 1`; start each item somewhere of its own with [`seed_for`]:
/// `pick(&cards, seed_for(item_id).wrapping_add(turn))`. `None` when `cards` is empty.
pub fn pick<'a>(cards: &[&'a Card], seed: u64) -> Option<&'a Card> {
    let len = u64::try_from(cards.len()).ok().filter(|n| *n > 0)?;
    let at = usize::try_from(seed % len).ok()?;
    cards.get(at).copied()
}

/// A seed for [`pick`] from a stable key (an element or flow id): FNV-1a, which, unlike std's
/// hasher, gives the same number in every build and on every machine.
pub fn seed_for(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The shipped decks, in file-name order, parsed once (the walkthrough asks on every focus
/// change). A file that does not parse is a library error, reported with its file and line;
/// a test keeps the shipped ones parsing and valid.
pub fn builtin() -> Result<&'static [Deck], String> {
    static DECKS: std::sync::OnceLock<Result<Vec<Deck>, String>> = std::sync::OnceLock::new();
    DECKS
        .get_or_init(|| {
            crate::catalog::builtin_sources()
                .iter()
                .filter(|f| is_deck_file(&f.rel))
                .map(|f| parse(f).map_err(|e| e.to_string()))
                .collect()
        })
        .as_deref()
        .map_err(Clone::clone)
}

/// Whether a library-relative path (`decks/stride.ron`) holds a deck.
pub fn is_deck_file(rel: &str) -> bool {
    rel.starts_with("decks/") && rel.ends_with(".ron")
}

/// Parses one deck file, with the file, line and column of a syntax or schema error.
pub fn parse(file: &SourceFile) -> Result<Deck, LibraryError> {
    file.parse::<Deck>()
}

/// Everything wrong with a parsed deck that its schema cannot say, each at its card's line:
/// the id is not the file's name, a header field or prompt is empty, a prompt is not a short
/// question, a card id or a suit-and-card pair repeats, a suit is not the deck's, an `applies`
/// entry names no kind, trait, DFD type or `"flow"`, or a framework reference does not exist.
pub fn problems(deck: &Deck, file: &SourceFile, cat: &Catalog) -> Vec<LibraryError> {
    let lines = card_lines(file, deck);
    let mut out = Vec::new();
    let header = |message: String| LibraryError::Invalid {
        location: file.at(file.line_of_id(&deck.id)),
        what: "deck",
        id: deck.id.clone(),
        message,
    };
    let stem = file.rel.rsplit('/').next().and_then(|n| n.strip_suffix(".ron"));
    if stem.is_some_and(|s| s != deck.id) {
        out.push(header(format!(
            "the id must be the file's name, {:?}",
            stem.unwrap_or_default()
        )));
    }
    if !crate::model::is_valid_id(&deck.id) {
        out.push(header("deck ids use letters, digits, '-', '_', '.' and ':'".into()));
    }
    for (name, value) in [
        ("title", &deck.title),
        ("source", &deck.source),
        ("licence", &deck.licence),
        ("url", &deck.url),
        ("note", &deck.note),
    ] {
        if value.trim().is_empty() {
            out.push(header(format!("`{name}` must not be empty")));
        }
    }
    if deck.cards.is_empty() {
        out.push(header("a deck needs at least one card".into()));
    }
    let suits: BTreeSet<&str> = deck.suits.iter().map(String::as_str).collect();
    if suits.len() != deck.suits.len() {
        out.push(header("a suit is listed twice".into()));
    }
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    let mut places: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for (c, line) in deck.cards.iter().zip(lines) {
        let location = file.at(line);
        let invalid = |message: String| LibraryError::Invalid {
            location: location.clone(),
            what: "card",
            id: c.id.clone(),
            message,
        };
        if let Some(first) = ids.insert(&c.id, location.line) {
            out.push(LibraryError::Duplicate {
                location: location.clone(),
                what: "card",
                id: c.id.clone(),
                first: file.at(first),
            });
        }
        if !crate::model::is_valid_id(&c.id) {
            out.push(invalid("card ids use letters, digits, '-', '_', '.' and ':'".into()));
        }
        if !suits.contains(c.suit.as_str()) {
            out.push(invalid(format!("suit {:?} is not one of the deck's `suits`", c.suit)));
        }
        if c.card.trim().is_empty() {
            out.push(invalid("`card` must not be empty".into()));
        } else if let Some(other) = places.insert((&c.suit, &c.card), &c.id) {
            out.push(invalid(format!("{:?} {:?} is also card {other:?}", c.suit, c.card)));
        }
        out.extend(prompt_problem(&c.prompt).map(invalid));
        for a in &c.applies {
            if !names_something(a, cat) {
                out.push(LibraryError::UnknownReference {
                    location: location.clone(),
                    what: "card",
                    id: c.id.clone(),
                    target_what: "kind, trait, DFD type or \"flow\"".into(),
                    target: a.clone(),
                });
            }
        }
        out.extend(
            cat.frameworks
                .reference_problems(&c.references)
                .into_iter()
                .map(invalid),
        );
    }
    out
}

/// The line of each card's `id: "…"`, searched in file order from the deck's own id, so a
/// repeated card id is placed at its own card (0 where not found).
fn card_lines(file: &SourceFile, deck: &Deck) -> Vec<usize> {
    let text = &*file.text;
    let mut from = text.find(&format!("id: {:?}", deck.id)).map_or(0, |at| at + 1);
    deck.cards
        .iter()
        .map(|c| {
            let needle = format!("id: {:?}", c.id);
            let Some(at) = text.get(from..).and_then(|rest| rest.find(&needle)) else {
                return 0;
            };
            from += at + needle.len();
            text.get(..from).map_or(0, |before| before.matches('\n').count() + 1)
        })
        .collect()
}

/// Why a prompt is not one or two sentences asking the room something, if it is not.
fn prompt_problem(prompt: &str) -> Option<String> {
    let p = prompt.trim();
    if p.is_empty() {
        Some("`prompt` must not be empty".into())
    } else if !p.ends_with('?') {
        Some("a prompt is a question for the room: end it with '?'".into())
    } else if p.chars().count() > MAX_PROMPT_CHARS {
        Some(format!(
            "a prompt is read aloud: keep it under {MAX_PROMPT_CHARS} characters"
        ))
    } else {
        None
    }
}

/// Whether an `applies` entry names a kind, a trait, a DFD type or flows.
fn names_something(entry: &str, cat: &Catalog) -> bool {
    entry == FLOW
        || cat.kinds.contains_key(&KindId::new(entry))
        || cat.traits.iter().any(|t| t.id == entry)
        || DFD_TYPES.iter().any(|(_, name)| *name == entry)
}

fn dfd_name(dfd: DfdType) -> Option<&'static str> {
    DFD_TYPES.iter().find(|(d, _)| *d == dfd).map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decks that are about AI systems, as opposed to STRIDE and Elevation of Privilege.
    const AI_DECKS: [&str; 3] = ["owasp-cornucopia-llm", "owasp-cornucopia-agentic", "elevation-of-mlsec"];
    /// Traits that make a kind part of an AI system wherever it sits in the palette.
    const AI_TRAITS: [&str; 16] = [
        "llm",
        "agent",
        "model",
        "inference-endpoint",
        "tool",
        "mcp",
        "guardrail",
        "retriever",
        "vector-store",
        "memory",
        "model-artifact-source",
        "model-store",
        "training",
        "training-data",
        "data-validation",
        "provenance-check",
    ];

    fn deck(id: &str) -> &'static Deck {
        builtin()
            .expect("shipped decks parse")
            .iter()
            .find(|d| d.id == id)
            .unwrap_or_else(|| panic!("no deck {id:?}"))
    }

    fn ids<'a>(cards: &[&'a Card]) -> Vec<&'a str> {
        cards.iter().map(|c| c.id.as_str()).collect()
    }

    fn kind(id: &str) -> KindId {
        KindId::new(id)
    }

    /// Kinds in an AI palette category (everything but operations and classic elements), or
    /// with an AI trait anywhere.
    fn ai_kinds(cat: &Catalog) -> Vec<KindId> {
        cat.kinds_in_order()
            .filter(|k| {
                !matches!(k.category.as_str(), "operations" | "classic") || AI_TRAITS.iter().any(|t| k.has_trait(t))
            })
            .map(|k| k.id.clone())
            .collect()
    }

    #[test]
    fn every_shipped_deck_parses_and_every_card_names_real_kinds_traits_and_framework_ids() {
        let (cat, _) = Catalog::builtin();
        let files: Vec<_> = crate::catalog::builtin_sources()
            .into_iter()
            .filter(|f| is_deck_file(&f.rel))
            .collect();
        assert!(files.len() >= 5, "{} deck files", files.len());
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        for f in &files {
            let deck = parse(f).expect("parses");
            assert!(seen.insert(deck.id.clone()), "deck id {:?} twice", deck.id);
            problems.extend(super::problems(&deck, f, &cat).iter().map(ToString::to_string));
        }
        assert!(problems.is_empty(), "{problems:#?}");
        assert_eq!(builtin().expect("parsed once").len(), files.len());
    }

    #[test]
    fn decks_have_the_published_suits_and_a_card_for_every_rank() {
        let ranks = ["2", "3", "4", "5", "6", "7", "8", "9", "10", "J", "Q", "K", "A"];
        for (id, suits) in [
            ("elevation-of-privilege", 6),
            ("owasp-cornucopia-llm", 1),
            ("owasp-cornucopia-agentic", 1),
            ("elevation-of-mlsec", 4),
        ] {
            let d = deck(id);
            assert_eq!(d.suits.len(), suits, "{id}");
            for suit in &d.suits {
                let in_suit: Vec<&str> = d
                    .cards
                    .iter()
                    .filter(|c| &c.suit == suit)
                    .map(|c| c.card.as_str())
                    .collect();
                assert_eq!(in_suit, ranks, "{id} / {suit}: every rank, in order");
            }
        }
        assert_eq!(deck("stride").cards.len(), 18);
    }

    #[test]
    fn every_ai_kind_gets_a_stride_prompt_and_prompts_from_an_ai_deck() {
        let (cat, _) = Catalog::builtin();
        let kinds = ai_kinds(&cat);
        assert!(kinds.len() > 40, "{} AI kinds", kinds.len());
        let mut missing = Vec::new();
        for k in &kinds {
            let target = Target::Kind(k);
            if prompts_for(deck("stride"), target, &cat).is_empty() {
                missing.push(format!("{k}: no STRIDE prompt"));
            }
            let ai: usize = AI_DECKS.iter().map(|d| prompts_for(deck(d), target, &cat).len()).sum();
            if ai < 3 {
                missing.push(format!("{k}: {ai} AI-deck prompts"));
            }
        }
        assert!(missing.is_empty(), "{missing:#?}");
    }

    #[test]
    fn an_agent_is_asked_agentic_questions_and_a_classic_database_no_llm_ones() {
        let (cat, _) = Catalog::builtin();
        let agent = kind("agent-orchestrator");
        let agentic = ids(&prompts_for(
            deck("owasp-cornucopia-agentic"),
            Target::Kind(&agent),
            &cat,
        ));
        assert!(agentic.contains(&"AAIJ"), "peer-agent trust: {agentic:?}");
        assert!(agentic.contains(&"AAIQ"), "the orchestrator itself: {agentic:?}");
        let llm = kind("self-hosted-llm");
        let injection = ids(&prompts_for(deck("owasp-cornucopia-llm"), Target::Kind(&llm), &cat));
        assert!(injection.contains(&"LLMX"), "{injection:?}");
        assert!(
            !injection.contains(&"LLM7"),
            "serving a model is not training it: {injection:?}"
        );

        let database = kind("database");
        for d in AI_DECKS {
            let got = ids(&prompts_for(deck(d), Target::Kind(&database), &cat));
            assert!(got.is_empty(), "{d} asks a classic database {got:?}");
        }
        let stride = ids(&prompts_for(deck("stride"), Target::Kind(&database), &cat));
        assert!(
            stride.contains(&"T1") && stride.contains(&"I1"),
            "data-store STRIDE: {stride:?}"
        );
        assert!(
            !stride.contains(&"S1") && !stride.contains(&"E1"),
            "no process-only cards: {stride:?}"
        );
    }

    #[test]
    fn a_flow_gets_flow_prompts_and_no_element_only_ones() {
        let (cat, _) = Catalog::builtin();
        for (d, expected) in [
            ("stride", "T2"),
            ("elevation-of-privilege", "T5"),
            ("elevation-of-mlsec", "EDRJ"),
        ] {
            let cards = prompts_for(deck(d), Target::Flow, &cat);
            assert!(ids(&cards).contains(&expected), "{d}: {:?}", ids(&cards));
            for c in &cards {
                assert!(
                    c.applies.is_empty() || c.applies.iter().any(|a| a == FLOW),
                    "{d} / {}",
                    c.id
                );
            }
        }
        assert!(!ids(&prompts_for(deck("stride"), Target::Flow, &cat)).contains(&"E1"));
        assert!(prompts_for(deck("owasp-cornucopia-agentic"), Target::Flow, &cat).is_empty());
    }

    #[test]
    fn a_kind_the_catalog_does_not_know_gets_the_cards_for_anything_and_those_naming_it() {
        let (cat, _) = Catalog::builtin();
        let unknown = kind("quantum-oracle");
        let eop = ids(&prompts_for(
            deck("elevation-of-privilege"),
            Target::Kind(&unknown),
            &cat,
        ));
        assert_eq!(eop, ["SA", "TA", "RA", "IA", "DA", "EA"], "only the aces fit anything");
        let named = Card {
            id: "X".into(),
            suit: "S".into(),
            card: "1".into(),
            prompt: "?".into(),
            applies: vec!["quantum-oracle".into()],
            stride: vec![],
            references: References::default(),
        };
        assert!(named.fits(Target::Kind(&unknown), &cat));
        assert!(!named.fits(Target::Flow, &cat));
    }

    #[test]
    fn pick_is_stable_and_next_steps_through_every_card_once_per_round() {
        let d = deck("stride");
        let cards: Vec<&Card> = d.cards.iter().collect();
        let start = seed_for("el-7f3a");
        assert_eq!(pick(&cards, start), pick(&cards, start), "same seed, same card");
        let round: BTreeSet<&str> = (0..18u64)
            .filter_map(|turn| pick(&cards, start.wrapping_add(turn)))
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(round.len(), 18, "one round shows every card once");
        assert_eq!(
            pick(&cards, start),
            pick(&cards, start.wrapping_add(18)),
            "then starts again"
        );
        assert_eq!(pick(&[], 7), None);
        // FNV-1a's published values: the seed must not change between builds or machines.
        assert_eq!(seed_for(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(seed_for("a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn problems_point_at_the_card_and_say_what_is_wrong() {
        let (cat, _) = Catalog::builtin();
        let text = r#"(
    id: "mine", title: "T", source: "S", licence: "L", url: "U", note: "N",
    suits: ["One"],
    cards: [
        (id: "A1", suit: "One", card: "1", prompt: "Fine?", applies: ["llm", "flow", "DataStore", "vector-db"]),
        (id: "A1", suit: "Two", card: "2", prompt: "No question", applies: ["llms"]),
        (id: "A3", suit: "One", card: "1", prompt: "Refs?", references: (owasp_llm: ["LLM11:2025"], cwe: ["79"])),
    ],
)"#;
        let file = SourceFile {
            rel: "decks/other.ron".into(),
            display: "decks/other.ron".into(),
            text: text.into(),
        };
        let deck = parse(&file).expect("parses");
        let got: Vec<String> = problems(&deck, &file, &cat).iter().map(ToString::to_string).collect();
        let expect = [
            "decks/other.ron:2: deck \"mine\": the id must be the file's name, \"other\"",
            "decks/other.ron:6: duplicate card id \"A1\" (first defined at decks/other.ron:5)",
            "suit \"Two\" is not one of the deck's `suits`",
            "end it with '?'",
            "refers to unknown kind, trait, DFD type or \"flow\" \"llms\"",
            "decks/other.ron:7: card \"A3\": \"One\" \"1\" is also card \"A1\"",
            "unknown OWASP LLM Top 10 2025 entry \"LLM11:2025\"",
            "\"79\" is not a CWE id",
        ];
        for e in expect {
            assert!(got.iter().any(|g| g.contains(e)), "no {e:?} in {got:#?}");
        }
        assert_eq!(got.len(), expect.len(), "{got:#?}");
        let bad = SourceFile {
            text: text.replace("prompt: \"Fine?\"", "prompt: 3").into(),
            ..file
        };
        assert!(parse(&bad).unwrap_err().to_string().starts_with("decks/other.ron:5:"));
    }
}
