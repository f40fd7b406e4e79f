//! The shapes of a TMT diagram as the file stores them: each drawing surface keeps its stencils
//! and border boundaries under `Borders` and its connectors and line boundaries under `Lines`,
//! as `KeyValueOfguidanyType` entries whose value is polymorphic (`i:type="StencilEllipse"`,
//! `"Connector"`, …) and may be a `z:Ref` to a record serialized elsewhere. A shape's name and
//! attributes are a list of typed display attributes (`StringDisplayAttribute`,
//! `ListDisplayAttribute` with the index picked, …); the first header attribute names its type.

use super::regions::Point;
use super::xml::{Refs, child, children, number, own_text, text, type_of};
use crate::model::Rect;
use roxmltree::Node;

/// What a shape is, from its generic type (`GE.P`, …), or from its drawn form when a custom
/// template leaves that out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Class {
    /// A process (ellipse).
    Process,
    /// An external interactor (rectangle).
    Interactor,
    /// A data store (parallel lines).
    Store,
    /// A data flow (connector).
    Flow,
    /// A border boundary (a rectangle around stencils).
    Border,
    /// A line boundary.
    Line,
    /// Free text on the canvas.
    Annotation,
    /// Anything else: its `i:type`.
    Other(String),
}

impl Class {
    fn of(generic: &str, drawn: &str) -> Self {
        match (generic, drawn) {
            ("GE.P", _) | ("", "StencilEllipse") => Class::Process,
            ("GE.EI", _) | ("", "StencilRectangle") => Class::Interactor,
            ("GE.DS", _) | ("", "StencilParallelLines") => Class::Store,
            ("GE.DF", _) | ("", "Connector") => Class::Flow,
            ("GE.TB.B", _) | ("", "BorderBoundary") => Class::Border,
            ("GE.TB.L", _) | ("", "LineBoundary") => Class::Line,
            ("GE.A", _) | ("", "Annotation") => Class::Annotation,
            ("", "") => Class::Other("shape without a type".into()),
            _ => Class::Other(if drawn.is_empty() { generic } else { drawn }.to_owned()),
        }
    }

    /// The generic type id (`GE.P`), for stencils.
    pub(super) fn generic_id(&self) -> Option<&'static str> {
        match self {
            Class::Process => Some("GE.P"),
            Class::Interactor => Some("GE.EI"),
            Class::Store => Some("GE.DS"),
            _ => None,
        }
    }

    /// What it is called in the report.
    pub(super) fn label(&self) -> &str {
        match self {
            Class::Process => "process",
            Class::Interactor => "external interactor",
            Class::Store => "data store",
            Class::Flow => "data flow",
            Class::Border => "border boundary",
            Class::Line => "line boundary",
            Class::Annotation => "free text annotation",
            Class::Other(t) => t,
        }
    }
}

/// A line's geometry and, for a connector, what it connects.
#[derive(Debug, Clone)]
pub(super) struct Line {
    /// Where it starts.
    pub from: Option<Point>,
    /// Where it ends.
    pub to: Option<Point>,
    /// The point its arc passes through.
    pub handle: Option<Point>,
    /// The guid of the shape it starts at.
    pub source: String,
    /// The guid of the shape it ends at.
    pub target: String,
}

/// One shape of a diagram.
#[derive(Debug, Clone)]
pub(super) struct Shape {
    /// Its guid.
    pub guid: String,
    /// What it is.
    pub class: Class,
    /// Its type id (`SE.P.TMCore.WebApp`, a GUID in custom templates).
    pub type_id: String,
    /// Its type's name (`Web Application`).
    pub type_name: String,
    /// Its name on the canvas.
    pub name: String,
    /// Its other attributes: display name and the value written or picked.
    pub attrs: Vec<(String, String)>,
    /// Its box, for stencils and borders.
    pub rect: Option<Rect>,
    /// Its line, for connectors and line boundaries.
    pub line: Option<Line>,
}

impl Shape {
    /// The value of attribute `name`, or `""`.
    pub(super) fn attr(&self, name: &str) -> &str {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The name the report uses for its type: the class and the type's name.
    pub(super) fn source_type(&self) -> String {
        match &self.class {
            Class::Annotation | Class::Other(_) => self.class.label().to_owned(),
            c => {
                let t = if self.type_name.is_empty() {
                    &self.type_id
                } else {
                    &self.type_name
                };
                format!("{}: {t}", c.label())
            }
        }
    }
}

/// A drawing surface: its name and shapes, in file order.
#[derive(Debug, Clone)]
pub(super) struct Surface {
    /// Its name (`Diagram 1`).
    pub name: String,
    /// Its shapes.
    pub shapes: Vec<Shape>,
}

/// Every drawing surface of the model (`ThreatModel/DrawingSurfaceList`).
pub(super) fn surfaces<'a, 'i>(root: Node<'a, 'i>, refs: &Refs<'a, 'i>) -> Vec<Surface> {
    let Some(list) = child(root, "DrawingSurfaceList") else {
        return Vec::new();
    };
    // A reference to a surface already read is that surface again, not a copy.
    let mut seen = std::collections::BTreeSet::new();
    list.children()
        .filter(Node::is_element)
        .filter_map(|s| refs.resolve(s))
        .filter(|s| seen.insert(s.id().get()))
        .map(|s| {
            let (name, _, _) = display_attributes(s);
            let shapes = ["Borders", "Lines"]
                .into_iter()
                .filter_map(|k| child(s, k))
                .flat_map(|k| k.children().filter(Node::is_element))
                .filter_map(|kv| refs.resolve(child(kv, "Value")?))
                .map(shape)
                .collect();
            Surface { name, shapes }
        })
        .collect()
}

/// The `Name` attribute, the first header's name, and the other attributes.
fn display_attributes(node: Node<'_, '_>) -> (String, String, Vec<(String, String)>) {
    let (mut name, mut header, mut attrs) = (String::new(), String::new(), Vec::new());
    let Some(props) = child(node, "Properties") else {
        return (name, header, attrs);
    };
    for p in props.children().filter(Node::is_element) {
        let display = text(p, "DisplayName").to_owned();
        match type_of(p) {
            "HeaderDisplayAttribute" => {
                if header.is_empty() {
                    header = display;
                }
            }
            _ if display == "Name" && name.is_empty() => name = value_of(p),
            _ => attrs.push((display, value_of(p))),
        }
    }
    (name, header, attrs)
}

/// A display attribute's value: its text, or the entry of its list that is picked.
fn value_of(p: Node<'_, '_>) -> String {
    let Some(v) = child(p, "Value") else {
        return String::new();
    };
    let options: Vec<&str> = children(v, "string").map(own_text).collect();
    if options.is_empty() {
        return own_text(v).to_owned();
    }
    let picked: usize = text(p, "SelectedIndex").parse().unwrap_or(0);
    options.get(picked).copied().unwrap_or("").to_owned()
}

fn shape(node: Node<'_, '_>) -> Shape {
    let (name, type_name, attrs) = display_attributes(node);
    let class = Class::of(text(node, "GenericTypeId"), type_of(node));
    let rect = match (number(node, "Left"), number(node, "Top")) {
        (Some(x), Some(y)) => Some(Rect::new(
            x,
            y,
            number(node, "Width").unwrap_or(100.0).max(0.0),
            number(node, "Height").unwrap_or(100.0).max(0.0),
        )),
        _ => None,
    };
    let point = |x: &'static str, y: &'static str| Some((number(node, x)?, number(node, y)?));
    let line = matches!(class, Class::Flow | Class::Line).then(|| Line {
        from: point("SourceX", "SourceY"),
        to: point("TargetX", "TargetY"),
        handle: point("HandleX", "HandleY"),
        source: text(node, "SourceGuid").to_owned(),
        target: text(node, "TargetGuid").to_owned(),
    });
    Shape {
        guid: text(node, "Guid").to_owned(),
        class,
        type_id: text(node, "TypeId").to_owned(),
        type_name,
        name,
        attrs,
        rect: rect.filter(|_| line.is_none()),
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stencil_reads_its_name_type_attributes_and_box() {
        let text = r#"<ThreatModel xmlns="http://schemas.datacontract.org/2004/07/ThreatModeling.Model" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><DrawingSurfaceList><DrawingSurfaceModel z:Id="i1" xmlns:z="http://schemas.microsoft.com/2003/10/Serialization/"><Properties xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays" xmlns:b="http://schemas.datacontract.org/2004/07/ThreatModeling.KnowledgeBase"><a:anyType i:type="b:StringDisplayAttribute"><b:DisplayName>Name</b:DisplayName><b:Value>Main</b:Value></a:anyType></Properties>
            <Borders xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><a:KeyValueOfguidanyType><a:Key>g1</a:Key><a:Value z:Id="i2" i:type="StencilParallelLines"><GenericTypeId>GE.DS</GenericTypeId><Guid>g1</Guid>
            <Properties xmlns:b="http://schemas.datacontract.org/2004/07/ThreatModeling.KnowledgeBase"><a:anyType i:type="b:HeaderDisplayAttribute"><b:DisplayName>SQL Database</b:DisplayName><b:Value i:nil="true"/></a:anyType><a:anyType i:type="b:StringDisplayAttribute"><b:DisplayName>Name</b:DisplayName><b:Value>Orders</b:Value></a:anyType><a:anyType i:type="b:ListDisplayAttribute"><b:DisplayName>Encrypted</b:DisplayName><b:Value i:type="a:ArrayOfstring"><a:string>No</a:string><a:string>Yes</a:string></b:Value><b:SelectedIndex>1</b:SelectedIndex></a:anyType></Properties>
            <TypeId>SE.DS.TMCore.SQL</TypeId><Height>80</Height><Left>10</Left><Top>20</Top><Width>120</Width></a:Value></a:KeyValueOfguidanyType>
            <a:KeyValueOfguidanyType><a:Key>g1</a:Key><a:Value z:Ref="i2"/></a:KeyValueOfguidanyType></Borders></DrawingSurfaceModel></DrawingSurfaceList></ThreatModel>"#;
        let doc = super::super::xml::parse(text, "t.tm7").unwrap();
        let refs = Refs::new(&doc);
        let s = surfaces(doc.root_element(), &refs);
        assert_eq!(s[0].name, "Main");
        assert_eq!(s[0].shapes.len(), 2, "the reference reads as the record it names");
        let sh = &s[0].shapes[1];
        assert_eq!((sh.class.clone(), sh.name.as_str()), (Class::Store, "Orders"));
        assert_eq!(
            (sh.type_id.as_str(), sh.type_name.as_str()),
            ("SE.DS.TMCore.SQL", "SQL Database")
        );
        assert_eq!(sh.attr("Encrypted"), "Yes");
        assert_eq!(sh.rect, Some(Rect::new(10.0, 20.0, 120.0, 80.0)));
        assert_eq!(sh.source_type(), "data store: SQL Database");
    }
}
