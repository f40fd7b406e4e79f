//! Reading the WCF DataContract XML a `.tm7` file is: parsing with limits (no DTD, so no entity
//! is ever expanded; a bounded number of nodes; a bounded nesting depth), following `z:Ref`
//! references to the `z:Id` they name, and the few accessors the reader needs. Names are
//! matched by their local part: TMT spreads one record over several namespaces (`…Model`,
//! `…Model.Abstracts`, `…KnowledgeBase`) and the prefixes change from file to file.

use super::super::ImportError;
use roxmltree::{Document, Node, ParsingOptions};
use std::collections::HashMap;

/// The DataContract serialization namespace (`z:Id`, `z:Ref`).
const SERIALIZATION_NS: &str = "http://schemas.microsoft.com/2003/10/Serialization/";
/// The XML Schema instance namespace (`i:type`, `i:nil`).
const INSTANCE_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// At most this many XML nodes: a real model with its template has some tens of thousands; the
/// limit keeps a 32 MB file of empty tags from taking gigabytes.
pub(super) const MAX_NODES: u32 = 2_000_000;

/// At most this many levels of elements: a real model nests about fifteen.
pub(super) const MAX_DEPTH: usize = 64;

/// How many `z:Ref` hops are followed before a chain is called a loop.
const MAX_REF_HOPS: usize = 8;

/// Parses `text` (from `path`, for messages) with the limits above.
pub(super) fn parse<'i>(text: &'i str, path: &str) -> Result<Document<'i>, ImportError> {
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, options).map_err(|e| parse_error(&e, text, path))?;
    check_depth(&doc, path)?;
    Ok(doc)
}

fn parse_error(e: &roxmltree::Error, text: &str, path: &str) -> ImportError {
    let unsupported = |message: String| ImportError::Unsupported {
        path: path.to_owned(),
        message,
    };
    match e {
        roxmltree::Error::DtdDetected => {
            let at = text.find("<!DOCTYPE").unwrap_or(0);
            let (line, column) = line_column(text, at);
            ImportError::Syntax {
                path: path.to_owned(),
                line,
                column,
                message: "a document type declaration (DTD): TM7 files have none, and Bulwark never expands XML entities, so the file is refused".into(),
            }
        }
        roxmltree::Error::NodesLimitReached => unsupported(format!(
            "more than {MAX_NODES} XML nodes; a Threat Modeling Tool model has far fewer"
        )),
        _ => {
            let pos = e.pos();
            let message = e.to_string();
            let message = message
                .strip_suffix(&format!(" at {pos}"))
                .unwrap_or(&message)
                .to_owned();
            ImportError::Syntax {
                path: path.to_owned(),
                line: pos.row as usize,
                column: pos.col as usize,
                message,
            }
        }
    }
}

/// 1-based line and column of byte `at` of `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Refuses elements nested deeper than [`MAX_DEPTH`], naming where. Node ids follow document
/// order and a parent comes before its children, so one pass finds every depth.
fn check_depth(doc: &Document<'_>, path: &str) -> Result<(), ImportError> {
    let mut depth = vec![0usize; doc.descendants().count()];
    for node in doc.descendants() {
        let Some(parent) = node.parent() else { continue };
        let d = depth.get(parent.id().get_usize()).copied().unwrap_or(0) + 1;
        if let Some(slot) = depth.get_mut(node.id().get_usize()) {
            *slot = d;
        }
        if d > MAX_DEPTH && node.is_element() {
            let pos = doc.text_pos_at(node.range().start);
            return Err(ImportError::Syntax {
                path: path.to_owned(),
                line: pos.row as usize,
                column: pos.col as usize,
                message: format!(
                    "elements nested more than {MAX_DEPTH} levels deep; a Threat Modeling Tool model nests about fifteen"
                ),
            });
        }
    }
    Ok(())
}

/// Every element with a `z:Id`, so a `z:Ref` can be followed to it.
pub(super) struct Refs<'a, 'i> {
    by_id: HashMap<&'a str, Node<'a, 'i>>,
}

impl<'a, 'i> Refs<'a, 'i> {
    /// Indexes `doc`'s `z:Id`s (the first of a repeated id wins).
    pub(super) fn new(doc: &'a Document<'i>) -> Self {
        let mut by_id = HashMap::new();
        for n in doc.descendants().filter(Node::is_element) {
            if let Some(id) = n.attribute((SERIALIZATION_NS, "Id")) {
                by_id.entry(id).or_insert(n);
            }
        }
        Self { by_id }
    }

    /// `node` itself, or the element its `z:Ref` names (following a chain a few hops at most);
    /// `None` for a reference to nothing, or a loop.
    pub(super) fn resolve(&self, node: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
        let mut n = node;
        for _ in 0..MAX_REF_HOPS {
            match n.attribute((SERIALIZATION_NS, "Ref")) {
                None => return Some(n),
                Some(r) => n = *self.by_id.get(r)?,
            }
        }
        None
    }
}

/// The element children of `node` whose local name is `name`.
pub(super) fn children<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The first element child of `node` named `name`.
pub(super) fn child<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> Option<Node<'a, 'i>> {
    children(node, name).next()
}

/// The text of `node` (`""` when empty or `i:nil`).
pub(super) fn own_text<'a>(node: Node<'a, '_>) -> &'a str {
    if node.attribute((INSTANCE_NS, "nil")) == Some("true") {
        return "";
    }
    node.text().unwrap_or("").trim()
}

/// The text of the child `name` of `node`, or `""`.
pub(super) fn text<'a>(node: Node<'a, '_>, name: &'static str) -> &'a str {
    child(node, name).map_or("", own_text)
}

/// The local part of `node`'s `i:type` (`"StencilEllipse"`, `"StringDisplayAttribute"`).
pub(super) fn type_of<'a>(node: Node<'a, '_>) -> &'a str {
    let t = node.attribute((INSTANCE_NS, "type")).unwrap_or("");
    t.rsplit(':').next().unwrap_or(t)
}

/// A number child of `node`, when it is a finite one.
pub(super) fn number(node: Node<'_, '_>, name: &'static str) -> Option<f32> {
    let n: f32 = text(node, name).parse().ok()?;
    n.is_finite().then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_is_followed_and_a_loop_is_not() {
        let text = r#"<r xmlns:z="http://schemas.microsoft.com/2003/10/Serialization/">
            <a z:Id="i1"><n>one</n></a><b z:Ref="i1"/><c z:Id="i2" z:Ref="i2"/><d z:Ref="i9"/></r>"#;
        let doc = parse(text, "t.tm7").unwrap();
        let refs = Refs::new(&doc);
        let root = doc.root_element();
        let b = child(root, "b").unwrap();
        assert_eq!(text_of(refs.resolve(b)), "one");
        assert!(refs.resolve(child(root, "c").unwrap()).is_none());
        assert!(refs.resolve(child(root, "d").unwrap()).is_none());
    }

    fn text_of<'a>(n: Option<Node<'a, '_>>) -> &'a str {
        n.map_or("", |n| text(n, "n"))
    }

    #[test]
    fn entities_and_deep_nesting_are_refused_with_where() {
        let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n<ThreatModel>&lol2;</ThreatModel>";
        let e = parse(laughs, "l.tm7").unwrap_err().to_string();
        assert!(e.starts_with("l.tm7:2:1: a document type declaration"), "{e}");
        let deep = format!("<a>{}{}</a>", "<b>".repeat(5_000), "</b>".repeat(5_000));
        let e = parse(&deep, "d.tm7").unwrap_err().to_string();
        assert!(e.starts_with("d.tm7:1:"), "{e}");
        assert!(e.contains("nested more than 64 levels"), "{e}");
        let e = parse("<a><b></a>", "x.tm7").unwrap_err().to_string();
        assert!(e.starts_with("x.tm7:1:"), "{e}");
    }
}
