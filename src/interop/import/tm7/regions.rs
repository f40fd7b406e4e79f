//! Which trust boundary each stencil sits in, decided by geometry. TMT draws two kinds of
//! boundary: a border (a rectangle, whose members are the stencils drawn inside it) and a line,
//! which encloses nothing. A line is drawn as an arc from one end through its handle to the
//! other; Bulwark takes the two straight pieces (end → handle → end) extended to the edges of
//! the canvas, which cut the canvas in two, and calls the side the arc bends around (away from
//! the handle) its inside. A straight line says no side: the side with fewer stencils (but at
//! least one) is taken, and the report says so. A line drawn inside a border splits that border
//! only.
//!
//! A stencil goes into the smallest region holding its centre; a region nests in the smallest
//! larger region holding it whole (a border's corners, a line's ends and handle). A stencil drawn
//! across a line or a border's edge, or inside two regions neither of which holds the other, is
//! named in the report: those are the ambiguous ones.

use crate::model::{BoundaryId, ElementId, MAX_BOUNDARY_DEPTH, Rect};

/// A point on the canvas.
pub(super) type Point = (f32, f32);

/// Below this sine of the angle at the handle, a line counts as straight.
const STRAIGHT: f32 = 0.05;

/// How far the canvas reaches past the outermost shape.
const MARGIN: f32 = 100.0;

/// A boundary's outline as drawn.
#[derive(Debug, Clone, Copy)]
pub(super) enum Outline {
    /// A border boundary.
    Border(Rect),
    /// A line boundary: its ends, and its handle when the file gives one.
    Line {
        /// One end.
        from: Point,
        /// The other end.
        to: Point,
        /// The point the arc passes through.
        handle: Option<Point>,
    },
}

/// A boundary to place stencils in.
#[derive(Debug, Clone)]
pub(super) struct Region {
    /// Its id in the model.
    pub id: BoundaryId,
    /// Its name, for the report.
    pub name: String,
    /// How it is drawn.
    pub outline: Outline,
}

/// A stencil, where it is drawn.
#[derive(Debug, Clone)]
pub(super) struct Placed {
    /// Its id in the model.
    pub id: ElementId,
    /// Its name, for the report.
    pub name: String,
    /// Its box on the canvas.
    pub rect: Rect,
}

/// What the geometry decided.
#[derive(Debug, Default)]
pub(super) struct Outcome {
    /// Each stencil in a region, and which.
    pub members: Vec<(ElementId, BoundaryId)>,
    /// Each nested region, and its parent.
    pub parents: Vec<(BoundaryId, BoundaryId)>,
    /// Line boundaries with no stencil and no other boundary inside: dropped.
    pub empty: Vec<BoundaryId>,
    /// Decisions worth a look, for the report.
    pub notes: Vec<String>,
}

/// One side of a straight line: where `cross(dir, p - at) * sign` is positive.
#[derive(Debug, Clone, Copy)]
struct Side {
    at: Point,
    dir: Point,
    sign: f32,
}

impl Side {
    fn value(&self, p: Point) -> f32 {
        cross(self.dir, (p.0 - self.at.0, p.1 - self.at.1)) * self.sign
    }
}

/// A region as a shape: a rectangle, or the sides of one or two lines within a rectangle (the
/// border a line is drawn in, or the canvas).
#[derive(Debug, Clone)]
enum Shape {
    Box(Rect),
    Sides {
        sides: Vec<Side>,
        within: Rect,
        inner: bool,
    },
}

impl Shape {
    fn contains(&self, p: Point) -> bool {
        match self {
            Shape::Box(r) => in_rect(r, p),
            Shape::Sides { sides, within, inner } => {
                (!inner || in_rect(within, p)) && sides.iter().all(|s| s.value(p) > 0.0)
            }
        }
    }

    fn area(&self) -> f32 {
        match self {
            Shape::Box(r) => r.w * r.h,
            Shape::Sides { sides, within, .. } => {
                let mut poly = corners(within).to_vec();
                for s in sides {
                    poly = clip(&poly, s);
                }
                polygon_area(&poly)
            }
        }
    }
}

fn cross(a: Point, b: Point) -> f32 {
    a.0 * b.1 - a.1 * b.0
}

fn in_rect(r: &Rect, p: Point) -> bool {
    p.0 >= r.x && p.0 <= r.x + r.w && p.1 >= r.y && p.1 <= r.y + r.h
}

fn corners(r: &Rect) -> [Point; 4] {
    [(r.x, r.y), (r.x + r.w, r.y), (r.x + r.w, r.y + r.h), (r.x, r.y + r.h)]
}

fn centre(r: &Rect) -> Point {
    (r.x + r.w / 2.0, r.y + r.h / 2.0)
}

/// Sutherland–Hodgman: the part of a convex polygon on the inside of `side`.
fn clip(poly: &[Point], side: &Side) -> Vec<Point> {
    let mut out = Vec::with_capacity(poly.len() + 2);
    for (i, &a) in poly.iter().enumerate() {
        let b = poly[(i + 1) % poly.len()];
        let (va, vb) = (side.value(a), side.value(b));
        if va >= 0.0 {
            out.push(a);
        }
        if (va >= 0.0) != (vb >= 0.0) {
            let t = va / (va - vb);
            out.push((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)));
        }
    }
    out
}

fn polygon_area(poly: &[Point]) -> f32 {
    let mut twice = 0.0;
    for (i, &a) in poly.iter().enumerate() {
        twice += cross(a, poly[(i + 1) % poly.len()]);
    }
    twice.abs() / 2.0
}

fn bounding(rects: impl Iterator<Item = Rect>, points: impl Iterator<Item = Point>) -> Option<Rect> {
    let mut b: Option<(f32, f32, f32, f32)> = None;
    let mut add = |x0: f32, y0: f32, x1: f32, y1: f32| {
        b = Some(match b {
            None => (x0, y0, x1, y1),
            Some((a, c, d, e)) => (a.min(x0), c.min(y0), d.max(x1), e.max(y1)),
        });
    };
    for r in rects {
        add(r.x, r.y, r.x + r.w, r.y + r.h);
    }
    for p in points {
        add(p.0, p.1, p.0, p.1);
    }
    b.map(|(x0, y0, x1, y1)| Rect::new(x0 - MARGIN, y0 - MARGIN, x1 - x0 + 2.0 * MARGIN, y1 - y0 + 2.0 * MARGIN))
}

/// The points that must lie inside another region for this one to nest in it.
fn outline_points(o: &Outline) -> Vec<Point> {
    match o {
        Outline::Border(r) => corners(r).to_vec(),
        Outline::Line { from, to, handle } => [Some(*from), Some(*to), *handle].into_iter().flatten().collect(),
    }
}

/// A line's shape: the wedge its bend closes, or (straight) the side of it with fewer stencils.
/// `None` when its ends are one point.
fn line_shape(
    from: Point,
    to: Point,
    handle: Option<Point>,
    within: Rect,
    inner: bool,
    elements: &[Placed],
) -> Option<(Shape, bool)> {
    let len = |p: Point| (p.0 * p.0 + p.1 * p.1).sqrt();
    let chord = (to.0 - from.0, to.1 - from.1);
    if len(chord) < 1.0 {
        return None;
    }
    if let Some(h) = handle {
        let (a, b) = ((from.0 - h.0, from.1 - h.1), (to.0 - h.0, to.1 - h.1));
        let (la, lb) = (len(a), len(b));
        if la >= 1.0 && lb >= 1.0 && (cross(a, b) / (la * lb)).abs() > STRAIGHT {
            let o = cross(a, b).signum();
            let sides = vec![
                Side { at: h, dir: a, sign: o },
                Side {
                    at: h,
                    dir: b,
                    sign: -o,
                },
            ];
            return Some((Shape::Sides { sides, within, inner }, true));
        }
    }
    let count = |sign: f32| {
        let s = Shape::Sides {
            sides: vec![Side {
                at: from,
                dir: chord,
                sign,
            }],
            within,
            inner,
        };
        elements.iter().filter(|e| s.contains(centre(&e.rect))).count()
    };
    let (pos, neg) = (count(1.0), count(-1.0));
    let sign = if neg > 0 && (pos == 0 || neg < pos) { -1.0 } else { 1.0 };
    let sides = vec![Side {
        at: from,
        dir: chord,
        sign,
    }];
    Some((Shape::Sides { sides, within, inner }, false))
}

/// Decides membership and nesting for one diagram's stencils and boundaries.
pub(super) fn decide(elements: &[Placed], regions: &[Region]) -> Outcome {
    let mut out = Outcome::default();
    let points = regions.iter().flat_map(|r| outline_points(&r.outline));
    let Some(canvas) = bounding(elements.iter().map(|e| e.rect), points) else {
        return out;
    };
    let shapes = shapes(elements, regions, canvas, &mut out);
    // Smaller first; a line before a border of the same size; then file order. A region nests
    // only in one later in this order, so nesting never loops.
    let keys: Vec<(f32, bool)> = (0..regions.len())
        .map(|i| {
            let area = shapes[i].as_ref().map_or(f32::INFINITY, Shape::area);
            (area, matches!(regions[i].outline, Outline::Border(_)))
        })
        .collect();
    let order = |a: &usize, b: &usize| {
        keys[*a]
            .0
            .total_cmp(&keys[*b].0)
            .then(keys[*a].1.cmp(&keys[*b].1))
            .then(a.cmp(b))
    };
    let mut parent: Vec<Option<usize>> = vec![None; regions.len()];
    for (i, r) in regions.iter().enumerate() {
        if shapes[i].is_none() {
            continue;
        }
        let pts = outline_points(&r.outline);
        parent[i] = (0..regions.len())
            .filter(|j| order(j, &i).is_gt())
            .filter(|&j| shapes[j].as_ref().is_some_and(|s| pts.iter().all(|p| s.contains(*p))))
            .min_by(order);
    }
    cut_deep(&mut parent, regions, &mut out);
    let mut used = vec![false; regions.len()];
    for e in elements {
        let c = centre(&e.rect);
        let holding: Vec<usize> = (0..regions.len())
            .filter(|&j| shapes[j].as_ref().is_some_and(|s| s.contains(c)))
            .collect();
        for &j in &holding {
            used[j] = true;
        }
        across(e, regions, &shapes, &mut out);
        let Some(inner) = holding.iter().copied().min_by(order) else {
            continue;
        };
        let chain = ancestors(inner, &parent);
        let loose: Vec<&str> = holding
            .iter()
            .filter(|j| !chain.contains(j))
            .map(|&j| regions[j].name.as_str())
            .collect();
        if !loose.is_empty() {
            out.notes.push(format!(
                "{:?} lies inside {:?} and {}, which do not nest: placed in {:?}, the smaller",
                e.name,
                regions[inner].name,
                quoted(&loose),
                regions[inner].name
            ));
        }
        out.members.push((e.id.clone(), regions[inner].id.clone()));
    }
    for (i, p) in parent.iter().enumerate() {
        if let Some(p) = p {
            used[*p] = true;
            out.parents.push((regions[i].id.clone(), regions[*p].id.clone()));
        }
    }
    for (i, r) in regions.iter().enumerate() {
        if matches!(r.outline, Outline::Line { .. }) && !used[i] {
            out.empty.push(r.id.clone());
        }
    }
    out
}

/// Each region's shape; lines inside the smallest border that holds their ends and handle.
fn shapes(elements: &[Placed], regions: &[Region], canvas: Rect, out: &mut Outcome) -> Vec<Option<Shape>> {
    let borders: Vec<Rect> = regions
        .iter()
        .filter_map(|r| match r.outline {
            Outline::Border(b) => Some(b),
            Outline::Line { .. } => None,
        })
        .collect();
    regions
        .iter()
        .map(|r| match r.outline {
            Outline::Border(b) => Some(Shape::Box(b)),
            Outline::Line { from, to, handle } => {
                let pts = outline_points(&r.outline);
                let container = borders
                    .iter()
                    .filter(|b| pts.iter().all(|p| in_rect(b, *p)))
                    .min_by(|a, b| (a.w * a.h).total_cmp(&(b.w * b.h)))
                    .copied();
                let (within, inner) = container.map_or((canvas, false), |b| (b, true));
                let inside: Vec<Placed> = elements
                    .iter()
                    .filter(|e| !inner || in_rect(&within, centre(&e.rect)))
                    .cloned()
                    .collect();
                let (shape, bent) = line_shape(from, to, handle, within, inner, &inside)?;
                if !bent {
                    let names: Vec<&str> = inside
                        .iter()
                        .filter(|e| shape.contains(centre(&e.rect)))
                        .map(|e| e.name.as_str())
                        .collect();
                    if !names.is_empty() {
                        out.notes.push(format!(
                            "boundary line {:?} is straight, so nothing says which side is inside: took the side with fewer components ({})",
                            r.name,
                            quoted(&names)
                        ));
                    }
                }
                Some(shape)
            }
        })
        .collect()
}

/// Names the regions whose edge runs across `e`'s box.
fn across(e: &Placed, regions: &[Region], shapes: &[Option<Shape>], out: &mut Outcome) {
    let inside = |s: &Shape| corners(&e.rect).map(|p| s.contains(p));
    for (r, s) in regions.iter().zip(shapes) {
        let Some(s) = s else { continue };
        let c = inside(s);
        if c.iter().any(|x| *x) != c.iter().all(|x| *x) {
            let side = if s.contains(centre(&e.rect)) {
                "inside"
            } else {
                "outside"
            };
            let what = match r.outline {
                Outline::Border(_) => "the edge of boundary",
                Outline::Line { .. } => "boundary line",
            };
            out.notes.push(format!(
                "{:?} is drawn across {what} {:?}: placed by its centre, {side}",
                e.name, r.name
            ));
        }
    }
}

/// `i` and the regions above it, up to one more than the model allows.
fn ancestors(i: usize, parent: &[Option<usize>]) -> Vec<usize> {
    let mut chain = vec![i];
    let mut at = i;
    while let Some(p) = parent.get(at).copied().flatten() {
        if chain.len() > MAX_BOUNDARY_DEPTH {
            break;
        }
        chain.push(p);
        at = p;
    }
    chain
}

/// Cuts nesting deeper than the model allows where it passes the limit (a file of thousands of
/// boxes inside boxes), and says so.
fn cut_deep(parent: &mut [Option<usize>], regions: &[Region], out: &mut Outcome) {
    for i in 0..parent.len() {
        let depth = ancestors(i, parent).len();
        if depth > MAX_BOUNDARY_DEPTH {
            out.notes.push(format!(
                "boundary {:?} would nest {depth} levels deep; it is left at the top",
                regions[i].name
            ));
            parent[i] = None;
        }
    }
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(id: &str, x: f32, y: f32) -> Placed {
        Placed {
            id: ElementId::new(id),
            name: id.to_owned(),
            rect: Rect::new(x - 50.0, y - 50.0, 100.0, 100.0),
        }
    }

    fn line(id: &str, from: Point, to: Point, handle: Option<Point>) -> Region {
        Region {
            id: BoundaryId::new(id),
            name: id.to_owned(),
            outline: Outline::Line { from, to, handle },
        }
    }

    fn member(o: &Outcome, e: &str) -> Option<String> {
        o.members
            .iter()
            .find(|(id, _)| id.as_str() == e)
            .map(|(_, b)| b.as_str().to_owned())
    }

    #[test]
    fn a_bent_line_holds_what_it_bends_around_to_the_canvas_edges() {
        // A vertical line at x = 400 bending right: the left is inside, however far.
        let els = [
            el("left", 200.0, 300.0),
            el("far-left", -900.0, 1500.0),
            el("right", 700.0, 300.0),
        ];
        let o = decide(
            &els,
            &[line("tb", (400.0, 100.0), (400.0, 500.0), Some((480.0, 300.0)))],
        );
        assert_eq!(member(&o, "left").as_deref(), Some("tb"));
        assert_eq!(member(&o, "far-left").as_deref(), Some("tb"));
        assert_eq!(member(&o, "right"), None);
        assert!(o.empty.is_empty() && o.notes.is_empty(), "{:?}", o.notes);
        // Bent the other way, the other side.
        let o = decide(
            &els,
            &[line("tb", (400.0, 100.0), (400.0, 500.0), Some((320.0, 300.0)))],
        );
        assert_eq!((member(&o, "left"), member(&o, "right").as_deref()), (None, Some("tb")));
    }

    #[test]
    fn a_straight_line_takes_the_smaller_side_and_says_so() {
        let els = [el("a", 100.0, 100.0), el("b", 100.0, 400.0), el("c", 700.0, 250.0)];
        let o = decide(&els, &[line("tb", (400.0, 0.0), (400.0, 600.0), Some((400.0, 300.0)))]);
        assert_eq!(member(&o, "c").as_deref(), Some("tb"));
        assert_eq!(member(&o, "a"), None);
        assert!(o.notes[0].contains("is straight"), "{:?}", o.notes);
    }

    #[test]
    fn stencils_on_the_line_are_named_and_an_empty_line_is_dropped() {
        // The line runs from its ends through its handle: at y = 300 it is at x = 480.
        let els = [el("on", 470.0, 300.0), el("in", 100.0, 300.0)];
        let o = decide(
            &els,
            &[
                line("tb", (400.0, 100.0), (400.0, 500.0), Some((480.0, 300.0))),
                line("none", (1000.0, 0.0), (1000.0, 50.0), Some((990.0, 25.0))),
            ],
        );
        assert!(
            o.notes
                .iter()
                .any(|n| n.contains("\"on\" is drawn across boundary line \"tb\"")),
            "{:?}",
            o.notes
        );
        assert_eq!(o.empty, [BoundaryId::new("none")]);
    }

    #[test]
    fn borders_nest_in_lines_and_lines_drawn_in_a_border_split_only_it() {
        let border = Region {
            id: BoundaryId::new("box"),
            name: "box".into(),
            outline: Outline::Border(Rect::new(0.0, 0.0, 600.0, 600.0)),
        };
        let inner = line("split", (300.0, 10.0), (300.0, 590.0), Some((340.0, 300.0)));
        let outer = line("edge", (800.0, -100.0), (800.0, 900.0), Some((850.0, 400.0)));
        let els = [el("l", 150.0, 300.0), el("r", 450.0, 300.0), el("out", 1000.0, 300.0)];
        let o = decide(&els, &[border, inner, outer]);
        assert_eq!(member(&o, "l").as_deref(), Some("split"));
        assert_eq!(member(&o, "r").as_deref(), Some("box"));
        assert_eq!(member(&o, "out"), None);
        let parents: Vec<(&str, &str)> = o.parents.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(parents, [("box", "edge"), ("split", "box")]);
    }
}
