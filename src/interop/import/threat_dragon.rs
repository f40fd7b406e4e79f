//! OWASP Threat Dragon v2 JSON (and v1, read as v2) → a Bulwark model: every diagram's actors, processes and stores
//! (kinds from `libraries/import/threat-dragon.ron`), flows with their encryption fact (unknown
//! where the file does not say), boundary boxes as trust boundaries whose members are the
//! components drawn inside them, and the threats written on each cell as threats people wrote,
//! with their status. Diagrams are placed side by side.

use super::common::{Status, list, mapping, new_id, note_lines, one_line, parse_json, text};
use super::{ImportError, ImportReport};
use crate::model::{
    Boundary, BoundaryId, BoundaryKind, ControlState, Element, ElementId, Fact, FindingId, Flow, FlowId, Model,
    Operation, Pos, Rect, Severity, Stride, ThreatTarget, Triage, TriageStatus, UserThreat, Value,
};
use serde::Deserialize;
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};

const TABLE: &str = "threat-dragon.ron";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Mapping {
    kinds: BTreeMap<String, String>,
    statuses: BTreeMap<String, Status>,
    severities: BTreeMap<String, Severity>,
    stride: BTreeMap<String, Stride>,
}

fn num(v: &Json, a: &str, b: &str) -> Option<f32> {
    let n = v.get(a)?.get(b)?.as_f64()?;
    let n = n as f32;
    n.is_finite().then_some(n)
}

/// A Threat Dragon 1 diagram in the shape of a version 2 one: a component's or flow's
/// properties move under `data`, its name from the canvas text (a flow's from its label), a
/// flow's ends from `id` to `cell`, and a boundary becomes a boundary curve.
fn v1_diagram(diagram: &Json) -> Json {
    let cells = diagram
        .get("diagramJson")
        .map(|d| list(d, "cells").map(v1_cell).collect::<Vec<_>>())
        .unwrap_or_default();
    serde_json::json!({"title": text(diagram, "title"), "cells": cells})
}

fn v1_cell(cell: &Json) -> Json {
    let ty = text(cell, "type");
    let label = |c: &Json| -> String {
        c.get("attrs")
            .and_then(|a| a.get("text"))
            .map(|t| text(t, "text").to_owned())
            .or_else(|| {
                list(c, "labels")
                    .next()
                    .and_then(|l| l.get("attrs"))
                    .and_then(|a| a.get("text"))
                    .map(|t| text(t, "text").to_owned())
            })
            .unwrap_or_default()
    };
    let mut data = serde_json::Map::new();
    if let Some(o) = cell.as_object() {
        for (k, val) in o {
            if !matches!(
                k.as_str(),
                "position" | "size" | "source" | "target" | "vertices" | "attrs" | "labels" | "id" | "z" | "angle"
            ) {
                data.insert(k.clone(), val.clone());
            }
        }
    }
    data.insert("type".into(), Json::String(ty.to_owned()));
    data.insert("name".into(), Json::String(label(cell)));
    let mut out = serde_json::json!({"id": text(cell, "id"), "data": data});
    for k in ["position", "size", "vertices"] {
        if let Some(val) = cell.get(k) {
            out[k] = val.clone();
        }
    }
    match ty {
        "tm.Flow" => {
            out["shape"] = Json::String("flow".into());
            for end in ["source", "target"] {
                let e = cell.get(end).cloned().unwrap_or(Json::Null);
                out[end] = match e.get("id").and_then(Json::as_str) {
                    Some(id) => serde_json::json!({"cell": id}),
                    None => e,
                };
            }
        }
        "tm.Boundary" => {
            out["shape"] = Json::String("trust-boundary-curve".into());
            for end in ["source", "target"] {
                out[end] = cell.get(end).cloned().unwrap_or(Json::Null);
            }
        }
        _ => {}
    }
    out
}

/// Reads a Threat Dragon file (version 2, or version 1 read as 2).
pub fn from_threat_dragon(source: &str, path: &str) -> Result<(Model, ImportReport), ImportError> {
    let map: Mapping = mapping(TABLE)?;
    let v = parse_json(source, path)?;
    let diagrams = v
        .get("detail")
        .and_then(|d| d.get("diagrams"))
        .and_then(Json::as_array)
        .ok_or_else(|| ImportError::Unsupported {
            path: path.to_owned(),
            message: "not a Threat Dragon model: no detail.diagrams".into(),
        })?;
    // Threat Dragon 1 kept JointJS cells with their properties at the top; read as version 2.
    let v1 = diagrams.iter().any(|d| d.get("diagramJson").is_some());
    let upgraded: Vec<Json>;
    let diagrams = if v1 {
        upgraded = diagrams.iter().map(v1_diagram).collect();
        &upgraded
    } else {
        diagrams
    };
    let summary = v.get("summary").cloned().unwrap_or(Json::Null);
    let title = text(&summary, "title");
    let mut model = Model::new(if title.is_empty() {
        "Imported from Threat Dragon"
    } else {
        title
    });
    model.description = text(&summary, "description").to_owned();
    let mut report = ImportReport {
        format: if v1 {
            "OWASP Threat Dragon (v1 JSON, read as v2)".into()
        } else {
            "OWASP Threat Dragon (v2 JSON)".into()
        },
        ..ImportReport::default()
    };
    let mut used = BTreeSet::new();
    let mut ids: BTreeMap<String, ElementId> = BTreeMap::new();
    let mut threats: Vec<(ThreatTarget, Json)> = Vec::new();
    let mut x_offset = 0.0f32;
    for diagram in diagrams {
        let cells = diagram
            .get("cells")
            .and_then(Json::as_array)
            .cloned()
            .unwrap_or_default();
        let mut right = x_offset;
        let mut boxes: Vec<(BoundaryId, Rect)> = Vec::new();
        let mut curves: Vec<Json> = Vec::new();
        let mut placed: Vec<(ElementId, Pos)> = Vec::new();
        // Components and boundaries first, so flows find their ends.
        for cell in &cells {
            let data = cell.get("data").cloned().unwrap_or(Json::Null);
            let ty = text(&data, "type");
            let shape = text(cell, "shape");
            let at = |right: &mut f32| -> Option<(f32, f32, f32, f32)> {
                let (x, y) = (num(cell, "position", "x")?, num(cell, "position", "y")?);
                let (w, h) = (
                    num(cell, "size", "width").unwrap_or(160.0),
                    num(cell, "size", "height").unwrap_or(80.0),
                );
                *right = right.max(x_offset + x + w);
                Some((x_offset + x, y, w, h))
            };
            if let Some(kind) = map.kinds.get(ty) {
                report.saw(ty);
                report.kinds.insert(ty.to_owned(), kind.clone());
                let name = match text(&data, "name") {
                    "" => cell
                        .get("attrs")
                        .and_then(|a| a.get("text"))
                        .map(|t| text(t, "text"))
                        .unwrap_or(""),
                    n => n,
                };
                let mut el = Element::new(kind.as_str(), one_line(if name.is_empty() { ty } else { name }));
                el.notes = text(&data, "description").to_owned();
                if data.get("outOfScope").and_then(Json::as_bool) == Some(true) {
                    el.tags.insert("out-of-scope".into());
                    let why = text(&data, "reasonOutOfScope");
                    if !why.is_empty() {
                        el.notes = format!("{}\nOut of scope: {why}", el.notes).trim().to_owned();
                    }
                }
                if ty == "tm.Store" {
                    if data.get("storesCredentials").and_then(Json::as_bool) == Some(true) {
                        el.properties.insert("stores_secrets".into(), Value::Bool(true));
                    }
                    if data.get("isEncrypted").and_then(Json::as_bool) == Some(true) {
                        el.controls
                            .insert("encryption-at-rest".into(), ControlState::Implemented);
                    }
                }
                let id = ElementId::new(new_id("el", text(cell, "id"), &mut used));
                if let Some((x, y, w, h)) = at(&mut right) {
                    let centre = Pos::new(x + w / 2.0, y + h / 2.0);
                    model.layout.elements.insert(id.clone(), centre);
                    placed.push((id.clone(), centre));
                }
                ids.insert(text(cell, "id").to_owned(), id.clone());
                for t in data.get("threats").and_then(Json::as_array).into_iter().flatten() {
                    threats.push((ThreatTarget::Element(id.clone()), t.clone()));
                }
                model.elements.insert(id, el);
                report.keep(ty);
            } else if ty == "tm.Boundary" || shape.starts_with("trust-boundary") || shape.starts_with("trust-broundary")
            {
                let what = if shape.contains("box") {
                    "trust boundary (box)"
                } else {
                    "trust boundary (line)"
                };
                report.saw(what);
                if !shape.contains("box") {
                    // Second pass, once every component is placed.
                    curves.push(cell.clone());
                    continue;
                }
                let Some((x, y, w, h)) = at(&mut right) else {
                    report.drop(what, "it has no position or size");
                    continue;
                };
                let name = match text(&data, "name") {
                    "" => "Trust boundary",
                    n => n,
                };
                let id = BoundaryId::new(new_id("tb", text(cell, "id"), &mut used));
                let rect = Rect::new(x, y, w, h);
                model
                    .boundaries
                    .insert(id.clone(), Boundary::new(one_line(name), BoundaryKind::Other));
                model.layout.boundaries.insert(id.clone(), rect);
                boxes.push((id, rect));
                report
                    .kinds
                    .insert(what.to_owned(), "trust boundary (kind: other)".into());
                report.keep(what);
            } else if ty == "tm.Flow" || shape == "flow" {
                // Second pass.
            } else {
                let what = if ty.is_empty() { shape } else { ty };
                let what = if what.is_empty() { "cell without a type" } else { what };
                report.saw(what);
                report.drop(what, "not a component, flow or trust boundary (a text or a picture)");
            }
        }
        // Membership: the smallest box holding a component's centre; nesting: the smallest box
        // holding a whole box.
        let area = |r: &Rect| r.w * r.h;
        let holds = |outer: &Rect, x: f32, y: f32| {
            x >= outer.x && x <= outer.x + outer.w && y >= outer.y && y <= outer.y + outer.h
        };
        for (id, p) in &placed {
            let inner = boxes
                .iter()
                .filter(|(_, r)| holds(r, p.x, p.y))
                .min_by(|a, b| area(&a.1).total_cmp(&area(&b.1)));
            if let (Some((b, _)), Some(el)) = (inner, model.elements.get_mut(id)) {
                el.boundary = Some(b.clone());
            }
        }
        for cell in &curves {
            line_boundary(cell, x_offset, &placed, &mut model, &mut used, &mut report);
        }
        for (id, r) in &boxes {
            let parent = boxes
                .iter()
                .filter(|(o, outer)| {
                    o != id && area(outer) > area(r) && holds(outer, r.x, r.y) && holds(outer, r.x + r.w, r.y + r.h)
                })
                .min_by(|a, b| area(&a.1).total_cmp(&area(&b.1)));
            if let (Some((p, _)), Some(b)) = (parent, model.boundaries.get_mut(id)) {
                b.parent = Some(p.clone());
            }
        }
        for cell in &cells {
            let data = cell.get("data").cloned().unwrap_or(Json::Null);
            let ty = text(&data, "type");
            if !(ty == "tm.Flow" || text(cell, "shape") == "flow") {
                continue;
            }
            let what = "tm.Flow";
            report.saw(what);
            let end = |k: &str| cell.get(k).map(|e| text(e, "cell")).and_then(|c| ids.get(c)).cloned();
            let (Some(from), Some(to)) = (end("source"), end("target")) else {
                report.drop(what, "one of its ends is not a component (loose, or on a boundary)");
                continue;
            };
            let mut f = Flow::new(from.clone(), to.clone(), one_line(text(&data, "name")));
            let kind = |id: &ElementId| model.elements.get(id).map(|e| e.kind.as_str().to_owned());
            let store = map.kinds.get("tm.Store").cloned();
            f.operation = if kind(&to) == store {
                Operation::Write
            } else if kind(&from) == store {
                Operation::Stream
            } else {
                Operation::Invoke
            };
            f.protocol = text(&data, "protocol").to_owned();
            f.encrypted = match data.get("isEncrypted").and_then(Json::as_bool) {
                Some(true) => Fact::Yes,
                Some(false) => Fact::No,
                None => Fact::Unknown,
            };
            let mut notes = vec![text(&data, "description").to_owned()];
            if data.get("isPublicNetwork").and_then(Json::as_bool) == Some(true) {
                notes.push("Threat Dragon: crosses a public network.".into());
            }
            if data.get("outOfScope").and_then(Json::as_bool) == Some(true) {
                notes.push(format!(
                    "Threat Dragon: out of scope. {}",
                    text(&data, "reasonOutOfScope")
                ));
            }
            f.notes = note_lines(notes);
            let id = FlowId::new(new_id("fl", text(cell, "id"), &mut used));
            for t in data.get("threats").and_then(Json::as_array).into_iter().flatten() {
                threats.push((ThreatTarget::Flow(id.clone()), t.clone()));
            }
            model.flows.insert(id, f);
            report.kinds.insert(what.to_owned(), "flow".into());
            report.keep(what);
        }
        x_offset = right + 200.0;
    }
    for (n, (on, t)) in threats.into_iter().enumerate() {
        report.saw("threat");
        let title = text(&t, "title");
        let description = text(&t, "description");
        let mitigation = text(&t, "mitigation").trim();
        let mut statement = match (title, description) {
            ("", d) => d.to_owned(),
            (t, "") => t.to_owned(),
            (t, d) => format!("{t}: {d}"),
        };
        let status = map.statuses.get(text(&t, "status")).copied().unwrap_or(Status::Open);
        let mut threat = UserThreat::new(statement.clone(), on);
        threat.severity = map
            .severities
            .get(text(&t, "severity"))
            .copied()
            .unwrap_or(Severity::Medium);
        if let Some(s) = map.stride.get(text(&t, "type")) {
            threat.stride.push(*s);
        }
        threat.author = "Imported from Threat Dragon".into();
        let id = FindingId::new(format!("USER-{}", n + 1));
        match status {
            Status::Mitigated => {
                threat.mitigated = if mitigation.is_empty() {
                    "Marked mitigated in Threat Dragon".into()
                } else {
                    mitigation.to_owned()
                };
            }
            Status::Open if !mitigation.is_empty() => {
                statement.push_str(&format!(" Proposed mitigation: {mitigation}"));
                threat.statement = statement;
            }
            Status::Open => {}
            Status::NotApplicable | Status::Accepted | Status::Transferred => {
                let why = if mitigation.is_empty() {
                    "Marked not applicable in Threat Dragon"
                } else {
                    mitigation
                };
                let verdict = status.verdict().unwrap_or(TriageStatus::NotApplicable);
                model.triage.insert(id.clone(), Triage::new(verdict, why));
            }
        }
        model.threats.insert(id, threat);
        report.keep("threat");
    }
    if let Some(e) = model.validate().into_iter().next() {
        return Err(ImportError::Invalid {
            path: path.to_owned(),
            message: e.to_string(),
        });
    }
    Ok((model, report))
}

/// A boundary Threat Dragon draws as a line. With bends, it is read as the region the line
/// closes with the straight line between its ends; straight, as the side of the extended line
/// that holds fewer components. Components already in a box stay there; components within a few
/// points of the line are left out and named in the report.
fn line_boundary(
    cell: &Json,
    x_offset: f32,
    placed: &[(ElementId, Pos)],
    model: &mut Model,
    used: &mut BTreeSet<String>,
    report: &mut ImportReport,
) {
    const WHAT: &str = "trust boundary (line)";
    const NEAR: f32 = 15.0;
    let point = |v: &Json| -> Option<(f32, f32)> {
        let x = v.get("x")?.as_f64()? as f32 + x_offset;
        let y = v.get("y")?.as_f64()? as f32;
        (x.is_finite() && y.is_finite()).then_some((x, y))
    };
    let mut line: Vec<(f32, f32)> = Vec::new();
    line.extend(cell.get("source").and_then(point));
    line.extend(
        cell.get("vertices")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(point),
    );
    line.extend(cell.get("target").and_then(point));
    if line.len() < 2 {
        report.drop(WHAT, "its ends are not points on the canvas");
        return;
    }
    let seg_dist = |p: (f32, f32), a: (f32, f32), b: (f32, f32)| {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        ((p.0 - a.0 - t * dx).powi(2) + (p.1 - a.1 - t * dy).powi(2)).sqrt()
    };
    let free: Vec<&(ElementId, Pos)> = placed
        .iter()
        .filter(|(id, _)| model.elements.get(id).is_some_and(|e| e.boundary.is_none()))
        .collect();
    let mut near = Vec::new();
    let mut members = Vec::new();
    if line.len() > 2 {
        // Inside the closed polygon (even-odd rule).
        for (id, p) in &free {
            let q = (p.x, p.y);
            if line.windows(2).any(|w| seg_dist(q, w[0], w[1]) < NEAR) {
                near.push(id.clone());
                continue;
            }
            let mut inside = false;
            for i in 0..line.len() {
                let (a, b) = (line[i], line[(i + 1) % line.len()]);
                if (a.1 > q.1) != (b.1 > q.1) && q.0 < a.0 + (q.1 - a.1) * (b.0 - a.0) / (b.1 - a.1) {
                    inside = !inside;
                }
            }
            if inside {
                members.push(id.clone());
            }
        }
    } else {
        let (a, b) = (line[0], line[1]);
        let side = |q: (f32, f32)| (b.0 - a.0) * (q.1 - a.1) - (b.1 - a.1) * (q.0 - a.0);
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt().max(1e-3);
        let (mut left, mut right) = (Vec::new(), Vec::new());
        for (id, p) in &free {
            let s = side((p.x, p.y));
            if s.abs() / len < NEAR {
                near.push(id.clone());
            } else if s > 0.0 {
                left.push(id.clone());
            } else {
                right.push(id.clone());
            }
        }
        members = if left.len() <= right.len() { left } else { right };
    }
    let names = |ids: &[ElementId]| {
        ids.iter()
            .filter_map(|id| model.elements.get(id).map(|e| e.name.clone()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !near.is_empty() {
        report.notes.push(format!(
            "components on a boundary line, left outside it: {}",
            names(&near)
        ));
    }
    if members.is_empty() {
        report.drop(WHAT, "a boundary line that encloses no component");
        return;
    }
    let name = match text(cell.get("data").unwrap_or(&Json::Null), "name") {
        "" => "Trust boundary",
        n => n,
    };
    let id = BoundaryId::new(new_id("tb", text(cell, "id"), used));
    model
        .boundaries
        .insert(id.clone(), Boundary::new(one_line(name), BoundaryKind::Other));
    report.notes.push(format!(
        "a boundary drawn as a line was read as enclosing {} ({})",
        names(&members),
        if line.len() > 2 {
            "the region it closes with the straight line between its ends"
        } else {
            "the side of the line with fewer components"
        }
    ));
    for m in members {
        if let Some(e) = model.elements.get_mut(&m) {
            e.boundary = Some(id.clone());
        }
    }
    report.kinds.insert(
        WHAT.to_owned(),
        "trust boundary (kind: other; members by geometry)".into(),
    );
    report.keep(WHAT);
}
