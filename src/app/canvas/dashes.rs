//! Dashed lines cut to what is on screen. `Shape::dashed_line` makes one shape per dash over
//! the whole line: a flow across a 10,000-component model zoomed in is thousands of points
//! long, and its dashes off screen cost more to make, copy and tessellate than everything in
//! view (issue 15). These are the same dashes, at the same places, without those out of view.

use egui::{Pos2, Rect, Shape, Stroke};

/// Adds to `out` the dashes of `path` (`dash` long, `gap` apart, from its start, as
/// `Shape::dashed_line` lays them) that can be seen in `clip`.
pub(super) fn dashed_line_in(path: &[Pos2], stroke: Stroke, dash: f32, gap: f32, clip: Rect, out: &mut Vec<Shape>) {
    let period = dash + gap;
    if !(dash > 0.0 && gap >= 0.0 && period.is_finite()) {
        out.extend(Shape::dashed_line(path, stroke, dash, gap));
        return;
    }
    // A dash that ends just outside still shows its rounded end and feathering.
    let clip = clip.expand(stroke.width + 2.0);
    // Where the next dash starts or ends, along the current segment (as egui counts it).
    let mut at = 0.0_f32;
    let mut drawing = false;
    for w in path.windows(2) {
        let (start, end) = (w[0], w[1]);
        let vector = end - start;
        let len = vector.length();
        let (seen_from, seen_to) = seen_part(start, end, clip).map_or((len, len), |(a, b)| (a * len, b * len));
        let point = |d: f32| start + vector * (d / len);
        let mut dash_start = start;
        while at < len {
            // Off screen, whole periods are skipped: between a dash's end and the next start
            // nothing is drawn, and a period later the pattern is where it was.
            if !drawing && (at + period < seen_from || at > seen_to) {
                let target = if at > seen_to { len } else { seen_from };
                let skipped = ((target - at) / period).floor().max(0.0);
                if skipped >= 1.0 {
                    at += skipped * period;
                    continue;
                }
            }
            if drawing {
                let dash_end = point(at);
                if clip.intersects(Rect::from_two_pos(dash_start, dash_end)) {
                    out.push(Shape::line_segment([dash_start, dash_end], stroke));
                }
                at += gap;
            } else {
                dash_start = point(at);
                at += dash;
            }
            drawing = !drawing;
        }
        if drawing && clip.intersects(Rect::from_two_pos(dash_start, end)) {
            out.push(Shape::line_segment([dash_start, end], stroke));
        }
        at -= len;
    }
}

/// The part of the segment from `a` to `b` inside `clip`, as fractions of its length; `None`
/// when none of it is.
fn seen_part(a: Pos2, b: Pos2, clip: Rect) -> Option<(f32, f32)> {
    crate::layout::check::clip_segment(
        (a.x, a.y),
        (b.x, b.y),
        (clip.min.x, clip.min.y),
        (clip.max.x, clip.max.y),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Color32, pos2};

    fn segments(shapes: &[Shape]) -> Vec<[Pos2; 2]> {
        shapes
            .iter()
            .map(|s| match s {
                Shape::LineSegment { points, .. } => *points,
                other => panic!("not a dash: {other:?}"),
            })
            .collect()
    }

    /// What is on screen is what `Shape::dashed_line` draws: every dash that reaches the view,
    /// where egui puts it — on long lines through the view, lines that bend in and out of it,
    /// and lines entirely inside or outside.
    #[test]
    fn the_dashes_in_view_are_where_egui_draws_them() {
        let view = Rect::from_min_max(pos2(0.0, 0.0), pos2(800.0, 600.0));
        let stroke = Stroke::new(1.8, Color32::RED);
        let lines: [&[Pos2]; 5] = [
            &[pos2(-20_000.0, -9_000.0), pos2(30_000.0, 12_000.0)],
            &[
                pos2(-5_000.0, 300.0),
                pos2(400.0, 300.0),
                pos2(400.0, 9_000.0),
                pos2(-3.0, 9_001.0),
            ],
            &[pos2(10.0, 10.0), pos2(700.0, 500.0)],
            &[pos2(5_000.0, 5_000.0), pos2(9_000.0, 5_000.0)],
            &[pos2(-900.0, 590.0), pos2(810.0, 603.0), pos2(810.0, -7_000.0)],
        ];
        for line in lines {
            let clip = view.expand(stroke.width + 2.0);
            let all: Vec<[Pos2; 2]> = segments(&Shape::dashed_line(line, stroke, 7.0, 4.0))
                .into_iter()
                .filter(|s| clip.intersects(Rect::from_two_pos(s[0], s[1])))
                .collect();
            let mut cut = Vec::new();
            dashed_line_in(line, stroke, 7.0, 4.0, view, &mut cut);
            let cut = segments(&cut);
            assert_eq!(cut.len(), all.len(), "{line:?}");
            for (c, a) in cut.iter().zip(&all) {
                assert!(
                    c[0].distance(a[0]) < 0.05 && c[1].distance(a[1]) < 0.05,
                    "{c:?} vs {a:?} on {line:?}"
                );
            }
        }
    }
}
