//! The layered layout judged by geometry (issue #18): on every shipped example and on
//! synthetic models, no component overlaps, no flow runs through a component it does not
//! join, every component is inside its boundary and every boundary inside its parent, siblings
//! are disjoint, labels hang from their flows; and flows cross no more often than in Graphviz
//! `dot`'s drawing of the same model (skipped where `dot` is not installed).

use crate::util::examples;
use bulwark::catalog::Catalog;
use bulwark::layout::check::{check, crossings};
use bulwark::layout::layered::layout;
use bulwark::model::{Model, Pos};
use bulwark::report::{DiagramFormat, render_diagram};
use std::process::{Command, Stdio};

fn example_models() -> Vec<(String, Model)> {
    examples()
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, bulwark::model::load(p).unwrap_or_else(|e| panic!("{e}")))
        })
        .collect()
}

fn assert_clean(name: &str, model: &Model) -> usize {
    let d = layout(model);
    assert_eq!(d.elements.len(), model.elements.len(), "{name}: every element placed");
    let r = check(model, &d.elements, &d.boundaries, &d.routes);
    assert!(r.is_clean(), "{name}: {r:#?}");
    r.crossings
}

#[test]
fn every_example_and_a_100_element_model_are_laid_out_cleanly() {
    for (name, model) in example_models() {
        assert_clean(&name, &model);
    }
    let (cat, _) = Catalog::builtin();
    for seed in [1, 2, 3] {
        let model = bulwark::synth::synth_model(&cat, 100, seed);
        assert_clean(&format!("synthetic 100 #{seed}"), &model);
    }
}

/// About half a second in a debug build.
#[test]
fn a_500_element_model_is_laid_out_cleanly() {
    let (cat, _) = Catalog::builtin();
    let model = bulwark::synth::synth_model(&cat, 500, 1);
    assert_clean("synthetic 500", &model);
}

/// The routes `dot -Tplain` draws for `model` (its DOT export, clusters and all), as
/// polylines sampled from dot's B-splines; `None` when `dot` is not installed.
fn dot_routes(model: &Model) -> Option<Vec<Vec<Pos>>> {
    let (cat, _) = Catalog::builtin();
    let source = render_diagram(DiagramFormat::Dot, model, &cat, None).expect("dot export");
    let mut child = Command::new("dot")
        .arg("-Tplain")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    use std::io::Write;
    child.stdin.take()?.write_all(&source).ok()?;
    let out = child.wait_with_output().ok()?;
    assert!(out.status.success(), "dot failed");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut routes = Vec::new();
    for line in text.lines() {
        let tokens = tokenize(line);
        if tokens.first().map(String::as_str) != Some("edge") {
            continue;
        }
        let n: usize = tokens.get(3).and_then(|t| t.parse().ok()).unwrap_or(0);
        let pts: Vec<Pos> = (0..n)
            .filter_map(|i| {
                let x: f32 = tokens.get(4 + 2 * i)?.parse().ok()?;
                let y: f32 = tokens.get(5 + 2 * i)?.parse().ok()?;
                Some(Pos::new(x * 72.0, y * 72.0))
            })
            .collect();
        routes.push(sample_bezier(&pts));
    }
    Some(routes)
}

/// Splits a line of `-Tplain` output, keeping quoted strings whole.
fn tokenize(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if quoted => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Points along a piecewise cubic Bézier (control points as dot gives them).
fn sample_bezier(ctrl: &[Pos]) -> Vec<Pos> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 3 < ctrl.len() {
        let (p0, p1, p2, p3) = (ctrl[i], ctrl[i + 1], ctrl[i + 2], ctrl[i + 3]);
        for k in 0..=12 {
            let t = k as f32 / 12.0;
            let u = 1.0 - t;
            let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            let p = Pos::new(
                a * p0.x + b * p1.x + c * p2.x + d * p3.x,
                a * p0.y + b * p1.y + c * p2.y + d * p3.y,
            );
            if out.last() != Some(&p) {
                out.push(p);
            }
        }
        i += 3;
    }
    out
}

#[test]
fn flows_cross_no_more_often_than_in_graphviz_dot() {
    let (cat, _) = Catalog::builtin();
    let mut models = example_models();
    for seed in [1, 2, 3] {
        models.push((
            format!("synthetic 100 #{seed}"),
            bulwark::synth::synth_model(&cat, 100, seed),
        ));
    }
    let mut worse = Vec::new();
    let mut seen = Vec::new();
    for (name, model) in models {
        let Some(theirs) = dot_routes(&model) else {
            eprintln!("dot is not installed: skipped");
            return;
        };
        let theirs = crossings(theirs.iter().map(Vec::as_slice));
        let d = layout(&model);
        let ours = crossings(d.routes.values().map(Vec::as_slice));
        seen.push(format!("{name}: {ours} (dot {theirs})"));
        if ours > theirs {
            worse.push(name);
        }
    }
    assert!(worse.is_empty(), "more crossings than dot in {worse:?}: {seen:#?}");
}
