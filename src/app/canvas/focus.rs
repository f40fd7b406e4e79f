//! Focus mode: on a large model, fade everything but one component's neighbourhood or one
//! finding's path, until the person leaves it. Unlike the selected finding's highlight it
//! stays while they click around inside it, and it widens a step at a time.

use super::CanvasCtx;
use crate::app::session::{Focus, Session};
use crate::model::{ElementId, FlowId, Model};
use egui::{Rect, vec2};
use std::collections::BTreeSet;

/// How far a neighbourhood focus can widen; beyond this it is most of any real model.
pub const MAX_STEPS: usize = 6;

/// The components and flows a focus keeps in full colour.
pub fn parts(cx: &CanvasCtx<'_>, focus: &Focus) -> (BTreeSet<ElementId>, BTreeSet<FlowId>) {
    match focus {
        Focus::Around { element, steps } => neighbourhood(cx.model, element, *steps),
        Focus::Finding(id) => {
            let mut elements = BTreeSet::new();
            let mut flows = BTreeSet::new();
            if let Some(f) = cx.eval.finding(id) {
                super::finding_parts(cx.model, f, &mut elements, &mut flows);
            }
            (elements, flows)
        }
    }
}

/// `start` and everything within `steps` flows of it (either direction), with the flows
/// between them.
pub fn neighbourhood(model: &Model, start: &ElementId, steps: usize) -> (BTreeSet<ElementId>, BTreeSet<FlowId>) {
    let mut elements = BTreeSet::new();
    if !model.elements.contains_key(start) {
        return (elements, BTreeSet::new());
    }
    elements.insert(start.clone());
    let mut frontier = vec![start.clone()];
    for _ in 0..steps {
        let mut next = Vec::new();
        for fl in model.flows.values() {
            for (a, b) in [(&fl.from, &fl.to), (&fl.to, &fl.from)] {
                if frontier.contains(a) && !elements.contains(b) {
                    elements.insert(b.clone());
                    next.push(b.clone());
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    let flows = model
        .flows
        .iter()
        .filter(|(_, fl)| elements.contains(&fl.from) && elements.contains(&fl.to))
        .map(|(id, _)| id.clone())
        .collect();
    (elements, flows)
}

/// The bar that says what is in focus, widens or narrows it, and leaves it.
pub fn bar_ui(ui: &egui::Ui, cx: &CanvasCtx<'_>, outer: Rect, session: &mut Session) {
    let Some(focus) = session.focus.clone() else { return };
    // What the focus was on has gone (deleted, or the finding closed by a change): nothing is
    // left to keep in colour, so the focus ends rather than fading the whole model.
    let gone = match &focus {
        Focus::Around { element, .. } => !cx.model.elements.contains_key(element),
        Focus::Finding(id) => cx.eval.finding(id).is_none(),
    };
    if gone {
        session.focus = None;
        return;
    }
    let what = match &focus {
        Focus::Around { element, steps } => {
            let name = cx.model.elements.get(element).map_or("", |e| e.name.as_str());
            let around = match steps {
                0 => String::new(),
                1 => " and what it exchanges data with".to_owned(),
                n => format!(" and what is up to {n} flows away"),
            };
            format!("Focus: {name}{around}")
        }
        Focus::Finding(id) => format!("Focus: {}", cx.eval.finding(id).map_or("", |f| f.title.as_ref())),
    };
    let mut leave = false;
    let mut widen: Option<bool> = None;
    egui::Area::new(egui::Id::new("bulwark-focus"))
        .order(egui::Order::Foreground)
        .pivot(egui::Align2::CENTER_BOTTOM)
        .fixed_pos(outer.center_bottom() - vec2(0.0, 12.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(what);
                    if let Focus::Around { steps, .. } = &focus {
                        if ui
                            .add_enabled(*steps > 0, egui::Button::new("Narrower"))
                            .on_hover_text("One flow step fewer around the component")
                            .clicked()
                        {
                            widen = Some(false);
                        }
                        if ui
                            .add_enabled(*steps < MAX_STEPS, egui::Button::new("Wider"))
                            .on_hover_text("One flow step more around the component")
                            .clicked()
                        {
                            widen = Some(true);
                        }
                    }
                    if ui
                        .button("Leave focus")
                        .on_hover_text("Show the whole model again (Esc)")
                        .clicked()
                    {
                        leave = true;
                    }
                });
            });
        });
    if let (Some(wider), Some(Focus::Around { steps, .. })) = (widen, session.focus.as_mut()) {
        *steps = if wider {
            (*steps + 1).min(MAX_STEPS)
        } else {
            steps.saturating_sub(1)
        };
    }
    if leave {
        session.focus = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Element, Flow};

    fn chain(n: usize) -> Model {
        let mut m = Model::default();
        for i in 0..n {
            m.elements.insert(
                ElementId::new(format!("e{i}")),
                Element::new("service", format!("E{i}")),
            );
        }
        for i in 1..n {
            m.flows.insert(
                FlowId::new(format!("f{i}")),
                Flow::new(format!("e{}", i - 1), format!("e{i}"), "data"),
            );
        }
        m
    }

    #[test]
    fn a_neighbourhood_grows_a_flow_at_a_time_in_both_directions() {
        let m = chain(7);
        let mid = ElementId::new("e3");
        let (e0, f0) = neighbourhood(&m, &mid, 0);
        assert_eq!(e0.len(), 1);
        assert!(f0.is_empty());
        let (e1, f1) = neighbourhood(&m, &mid, 1);
        let names: Vec<&str> = e1.iter().map(|e| e.as_str()).collect();
        assert_eq!(names, ["e2", "e3", "e4"], "upstream and downstream");
        assert_eq!(f1.len(), 2);
        let (e3, _) = neighbourhood(&m, &mid, 3);
        assert_eq!(e3.len(), 7);
        assert!(neighbourhood(&m, &ElementId::new("gone"), 2).0.is_empty());
    }
}
