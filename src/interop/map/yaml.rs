//! A real YAML reading for descriptors (compose files, feature-store and settings files) that
//! keeps the line of every node and caps the work a hostile file can cause.
//!
//! Parser choice (#13 step 2): `saphyr-parser` 0.3 (0.3.1 fixed flow-mapping state per level, 0.2.2
//! rejects raw NUL) over `yaml-rust2`. Both descend from
//! yaml-rust and give a span per event; `saphyr-parser` is the event layer alone (its only new
//! dependency here is `arraydeque`; `thiserror` is already ours), while `yaml-rust2` brings
//! `hashlink`/`hashbrown` and a loader that expands aliases by cloning — the alias bomb we must
//! refuse. With events we build the tree ourselves, so aliases, depth and node count are counted
//! against fixed budgets (DESIGN "Deterministic limits") and an over-budget file is an error, never
//! a hang or an out-of-memory. `serde_yaml` is archived. The parser keeps its own state on the
//! heap and refuses more than 255 nested flow collections, so deep nesting cannot overflow the
//! stack before our depth cap sees it.
//!
//! Helm templates and Kubernetes manifests stay with the line reader (`yaml_lines`): a template
//! is not YAML until rendered, and the line reader tolerates the directives.

use saphyr_parser::{Event, Parser, Span};
use std::collections::BTreeMap;

/// Deepest nesting of collections read.
pub const MAX_DEPTH: usize = 64;
/// Most nodes one file may produce, aliases counted at their expanded size.
pub const MAX_NODES: usize = 200_000;

/// Why a YAML file was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum YamlError {
    /// Not YAML.
    #[error("line {line}: {message}")]
    Syntax {
        /// 1-based line.
        line: u32,
        /// The parser's message.
        message: String,
    },
    /// Nested deeper than [`MAX_DEPTH`].
    #[error("line {line}: nested deeper than {MAX_DEPTH} levels; not read")]
    TooDeep {
        /// 1-based line.
        line: u32,
    },
    /// More than [`MAX_NODES`] nodes, counting what aliases would expand to.
    #[error("line {line}: more than {MAX_NODES} nodes (aliases counted expanded); not read")]
    TooLarge {
        /// 1-based line.
        line: u32,
    },
}

/// The value of a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A scalar, as written (no type resolution: the mapper compares text).
    Scalar(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in file order (duplicate keys kept; the first wins in [`Node::get`]).
    Map(Vec<(Node, Node)>),
}

/// One node with the lines it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// 1-based first line.
    pub line: u32,
    /// 1-based last line (of a collection: its last content line).
    pub last_line: u32,
    /// The value.
    pub value: Value,
}

impl Node {
    /// The scalar text, if a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The value under `key` of a mapping, with the key node (for its line).
    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        self.entries().find(|(k, _)| k.as_str() == Some(key))
    }

    /// The value under `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The entries of a mapping (none for other nodes): its own, then those a `<<` merge key
    /// brings in (compose files share settings that way: `<<: *common`). Own entries come first,
    /// so they win in [`Node::get`], as the merge-key convention says. One level only: a merged
    /// mapping's own `<<` is not followed.
    pub fn entries(&self) -> impl Iterator<Item = (&Node, &Node)> {
        let own = self.map_slice().iter().filter(|(k, _)| k.as_str() != Some("<<"));
        let merged = self
            .map_slice()
            .iter()
            .filter(|(k, _)| k.as_str() == Some("<<"))
            .flat_map(|(_, v)| std::iter::once(v).chain(v.items()))
            .flat_map(|m| m.map_slice().iter().filter(|(k, _)| k.as_str() != Some("<<")));
        own.chain(merged).map(|(k, v)| (k, v))
    }

    fn map_slice(&self) -> &[(Node, Node)] {
        match &self.value {
            Value::Map(m) => m,
            _ => &[],
        }
    }

    /// The items of a sequence (none for other nodes).
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(s) => s,
            _ => &[],
        }
    }
}

/// The documents of `text`, or why it was not read.
pub fn documents(text: &str) -> Result<Vec<Node>, YamlError> {
    let mut b = Builder::default();
    for event in Parser::new_from_str(text) {
        let (ev, span) = event.map_err(|e| YamlError::Syntax {
            line: line_of(e.marker().line()),
            message: e.info().to_owned(),
        })?;
        b.on(ev, span)?;
    }
    Ok(b.docs)
}

fn line_of(line: usize) -> u32 {
    // saphyr-parser's lines are 1-based already.
    u32::try_from(line.max(1)).unwrap_or(u32::MAX)
}

/// An open collection: its start line, anchor, children so far and their node count.
struct Open {
    line: u32,
    anchor: usize,
    is_map: bool,
    items: Vec<Node>,
    size: usize,
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    docs: Vec<Node>,
    /// Anchored nodes with their node count, so an alias costs what it expands to.
    anchors: BTreeMap<usize, (Node, usize)>,
    /// Nodes built so far, counting alias expansions and the copies kept for anchors: every
    /// node this reader allocates is counted, so memory is bounded by [`MAX_NODES`] too.
    nodes: usize,
}

impl Builder {
    fn on(&mut self, ev: Event<'_>, span: Span) -> Result<(), YamlError> {
        let line = line_of(span.start.line());
        match ev {
            Event::Scalar(text, _, anchor, _) => {
                self.count(1, line)?;
                let node = Node {
                    line,
                    last_line: line_of(span.end.line()).max(line),
                    value: Value::Scalar(text.into_owned()),
                };
                self.finish(node, anchor, 1, line)?;
            }
            Event::Alias(id) => {
                // An alias to a collection still open (`&a [*a]`) is unknown here too: anchors
                // are registered when their node ends, so no alias can make a cycle.
                let Some(size) = self.anchors.get(&id).map(|(_, size)| *size) else {
                    return Err(YamlError::Syntax {
                        line,
                        message: "alias to an unknown anchor".to_owned(),
                    });
                };
                // Counted before the copy is made.
                self.count(size, line)?;
                let node = self.anchors.get(&id).map(|(n, _)| n.clone());
                if let Some(node) = node {
                    self.finish(node, 0, size, line)?;
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(YamlError::TooDeep { line });
                }
                self.count(1, line)?;
                self.stack.push(Open {
                    line,
                    anchor,
                    is_map: matches!(ev, Event::MappingStart(..)),
                    items: Vec::new(),
                    size: 1,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = self.stack.pop() else {
                    return Ok(());
                };
                let last_line = open.items.last().map_or(open.line, |n| n.last_line);
                let value = if open.is_map {
                    let mut pairs = Vec::with_capacity(open.items.len() / 2);
                    let mut it = open.items.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        pairs.push((k, v));
                    }
                    Value::Map(pairs)
                } else {
                    Value::Seq(open.items)
                };
                let node = Node {
                    line: open.line,
                    last_line,
                    value,
                };
                self.finish(node, open.anchor, open.size, line)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn count(&mut self, n: usize, line: u32) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            return Err(YamlError::TooLarge { line });
        }
        Ok(())
    }

    /// Hangs a finished node on its parent (or ends a document), keeping a counted copy when
    /// it is anchored: nested anchors (`&a [&b [&c …]]`) would otherwise copy the innermost
    /// tree once per level, uncounted.
    fn finish(&mut self, node: Node, anchor: usize, size: usize, line: u32) -> Result<(), YamlError> {
        if anchor != 0 {
            self.count(size, line)?;
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            Some(parent) => {
                parent.size = parent.size.saturating_add(size);
                parent.items.push(node);
            }
            None => self.docs.push(node),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_keep_their_lines() {
        let text = "# head\nservices:\n  api:\n    image: x\n\n    ports:\n      - 80\n";
        let docs = documents(text).expect("parses");
        let api = docs[0].get("services").and_then(|s| s.entry("api")).expect("api");
        assert_eq!(api.0.line, 3);
        assert_eq!(api.1.get("image").map(|n| n.line), Some(4));
        assert_eq!(api.1.last_line, 7);
    }

    #[test]
    fn aliases_expand_and_merge_keys_bring_entries_in() {
        let docs = documents("base: &b {x: 1, y: 2}\nother: *b\nown:\n  <<: *b\n  y: 3\n").expect("parses");
        let get = |m: &str, k: &str| docs[0].get(m).and_then(|o| o.get(k)).and_then(Node::as_str);
        assert_eq!(get("other", "x"), Some("1"));
        assert_eq!(get("own", "x"), Some("1"));
        assert_eq!(get("own", "y"), Some("3"), "own entries win over merged ones");
    }

    #[test]
    fn an_alias_bomb_is_refused_not_expanded() {
        // The "billion laughs": each level doubles ten times; expanded it would be 10^9 nodes.
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            let items = [prev.as_str(); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{items}]\n"));
        }
        assert!(matches!(documents(&text), Err(YamlError::TooLarge { .. })));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let block: String = (0..200).map(|i| format!("{}k{i}:\n", "  ".repeat(i))).collect();
        assert!(matches!(documents(&block), Err(YamlError::TooDeep { .. })));
        let flow = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(documents(&flow).is_err());
    }

    #[test]
    fn malformed_yaml_is_an_error_with_a_line() {
        let err = documents("a: 1\nb: [unclosed\nc: 3\n").expect_err("not YAML");
        assert!(matches!(err, YamlError::Syntax { line, .. } if line >= 2), "{err:?}");
        assert!(documents("a: *nowhere\n").is_err());
    }

    #[test]
    fn nested_anchors_count_the_copies_they_keep() {
        // 60 anchored levels around 4,000 items: about 240,000 copied nodes if uncounted.
        let items = ["x"; 4_000].join(", ");
        let open: String = (0..60).map(|i| format!("&a{i} [")).collect();
        let text = format!("{open}{items}{}", "]".repeat(60));
        assert!(matches!(documents(&text), Err(YamlError::TooLarge { .. })));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Hostile input: YAML's punctuation in any order gives a tree or an error, never a panic.
        #[test]
        fn any_text_gives_a_tree_or_an_error(text in "[-:\\[\\]{}&*!|>'\"#?,%@ \n\tab01]{0,160}") {
            if let Ok(docs) = documents(&text) {
                proptest::prop_assert!(docs.len() <= text.len() + 1);
            }
        }
    }
}
