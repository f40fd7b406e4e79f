//! PASTA's seven stages read from the one model: what each stage has and what it still lacks,
//! and the residual risk of each business objective from the open findings on the components
//! it depends on. Only stage 1's objectives and compliance needs are stored for PASTA
//! (`model::Pasta`); every other stage is the diagram, the findings and the paths.

use crate::catalog::Catalog;
use crate::engine::Finding;
use crate::model::{ControlState, Model, Objective, Severity};

/// One stage: what the model already gives it and what is missing.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// 1 to 7.
    pub number: u8,
    /// The stage's name.
    pub name: &'static str,
    /// What the model has for it.
    pub has: Vec<String>,
    /// What it lacks.
    pub lacks: Vec<String>,
}

/// A business objective's exposure.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveRisk<'a> {
    /// The objective.
    pub objective: &'a Objective,
    /// Open findings on the components it depends on.
    pub open: Vec<&'a Finding>,
    /// The residual risk: the worst open severity on its components, capped by the objective's
    /// impact — a threat cannot put more at stake than the objective is worth. `None` when
    /// nothing is open on them (or it names no component).
    pub residual: Option<Severity>,
}

/// Each objective with its open findings and residual risk.
pub fn objective_risks<'a>(model: &'a Model, findings: &[&'a Finding]) -> Vec<ObjectiveRisk<'a>> {
    model
        .pasta
        .objectives
        .iter()
        .map(|o| {
            let open: Vec<&Finding> = findings
                .iter()
                .copied()
                .filter(|f| {
                    f.status.is_open()
                        && (o.elements.contains(&f.anchor) || f.elements.iter().any(|e| o.elements.contains(e)))
                })
                .collect();
            let residual = open.iter().map(|f| f.severity).max().map(|worst| worst.min(o.impact));
            ObjectiveRisk {
                objective: o,
                open,
                residual,
            }
        })
        .collect()
}

/// The seven stages, in order.
pub fn stages(model: &Model, cat: &Catalog, findings: &[&Finding]) -> Vec<Stage> {
    let open: Vec<&&Finding> = findings.iter().filter(|f| f.status.is_open()).collect();
    let n = |count: usize, one: &str, many: &str| format!("{count} {}", if count == 1 { one } else { many });
    let mut out = Vec::new();

    let p = &model.pasta;
    let mut lacks = Vec::new();
    if p.objectives.is_empty() {
        lacks.push("no business objective: write what the business needs from this system".to_owned());
    }
    for o in p.objectives.iter().filter(|o| o.elements.is_empty()) {
        lacks.push(format!(
            "“{}” depends on no component, so its risk cannot be rated",
            o.name
        ));
    }
    if p.compliance.is_empty() {
        lacks.push("no compliance need recorded".to_owned());
    }
    out.push(Stage {
        number: 1,
        name: "Define the objectives",
        has: vec![
            n(p.objectives.len(), "business objective", "business objectives"),
            n(p.compliance.len(), "compliance need", "compliance needs"),
        ],
        lacks,
    });

    let unknown = model.elements.values().filter(|e| cat.kind(&e.kind).is_none()).count();
    let kinds: std::collections::BTreeSet<_> = model.elements.values().map(|e| &e.kind).collect();
    out.push(Stage {
        number: 2,
        name: "Define the technical scope",
        has: vec![
            n(model.elements.len(), "component", "components"),
            n(kinds.len(), "kind of component", "kinds of component"),
            n(model.flows.len(), "data flow", "data flows"),
        ],
        lacks: [
            (model.elements.is_empty()).then(|| "nothing drawn yet".to_owned()),
            (unknown > 0).then(|| {
                format!(
                    "{} of a kind the library does not know",
                    n(unknown, "component", "components")
                )
            }),
        ]
        .into_iter()
        .flatten()
        .collect(),
    });

    let outside = model.elements.values().filter(|e| e.boundary.is_none()).count();
    let crossing = model.flows.values().filter(|f| model.crosses_boundary(f)).count();
    out.push(Stage {
        number: 3,
        name: "Decompose the application",
        has: vec![
            n(model.boundaries.len(), "trust boundary", "trust boundaries"),
            n(
                crossing,
                "flow crossing a trust boundary",
                "flows crossing a trust boundary",
            ),
        ],
        lacks: [
            model
                .boundaries
                .is_empty()
                .then(|| "no trust boundary drawn".to_owned()),
            (outside > 0).then(|| format!("{} outside every trust boundary", n(outside, "component", "components"))),
        ]
        .into_iter()
        .flatten()
        .collect(),
    });

    let written = open.iter().filter(|f| crate::model::is_user_id(f.id.as_str())).count();
    out.push(Stage {
        number: 4,
        name: "Analyse the threats",
        has: vec![
            n(open.len(), "open threat", "open threats"),
            n(written, "written by people", "written by people"),
        ],
        lacks: (written == 0)
            .then(|| "no threat written by people: the rules see the design, not the business".to_owned())
            .into_iter()
            .collect(),
    });

    let implemented = model
        .elements
        .values()
        .flat_map(|e| e.controls.values())
        .filter(|s| **s == ControlState::Implemented)
        .count();
    let missing: std::collections::BTreeSet<_> = open.iter().flat_map(|f| f.missing_controls.iter()).collect();
    out.push(Stage {
        number: 5,
        name: "Analyse weaknesses and vulnerabilities",
        has: vec![n(implemented, "control in place", "controls in place")],
        lacks: (!missing.is_empty())
            .then(|| {
                format!(
                    "{} named by open threats",
                    n(missing.len(), "missing control", "missing controls")
                )
            })
            .into_iter()
            .collect(),
    });

    let routes = super::paths::routes(findings.iter().copied()).len();
    out.push(Stage {
        number: 6,
        name: "Model the attacks",
        has: vec![n(routes, "attack route", "attack routes")],
        lacks: (routes == 0)
            .then(|| "no attack route: no path rule found an untrusted source reaching a sink".to_owned())
            .into_iter()
            .collect(),
    });

    let risks = objective_risks(model, findings);
    let rated = risks.iter().filter(|r| !r.objective.elements.is_empty()).count();
    out.push(Stage {
        number: 7,
        name: "Analyse risk and impact",
        has: risks
            .iter()
            .map(|r| {
                format!(
                    "“{}”: residual {}",
                    r.objective.name,
                    r.residual.map_or("none open", |s| s.id())
                )
            })
            .collect(),
        lacks: (rated < risks.len() || risks.is_empty())
            .then(|| "objectives without components cannot be rated".to_owned())
            .into_iter()
            .collect(),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residual_risk_is_the_worst_open_threat_capped_by_the_objective_s_impact() {
        let (cat, _) = Catalog::builtin();
        let mut m = crate::model::from_str(include_str!("../../assets/examples/rag-assistant.bulwark.ron"), "rag")
            .expect("example");
        let engine = crate::engine::Engine::new(std::sync::Arc::new(cat.clone()));
        m.pasta = Default::default();
        let llm: crate::model::ElementId = "el-llm-api".into();
        m.pasta.objectives.push(Objective {
            name: "Answers stay internal".into(),
            impact: Severity::Medium,
            elements: [llm.clone()].into(),
        });
        m.pasta.objectives.push(Objective {
            name: "Unrated".into(),
            impact: Severity::High,
            elements: Default::default(),
        });
        let eval = engine.evaluate(std::sync::Arc::new(m.clone()), 0);
        let fs: Vec<&Finding> = eval.findings.iter().map(|f| &**f).collect();
        let risks = objective_risks(&m, &fs);
        let worst = fs
            .iter()
            .filter(|f| f.status.is_open() && (f.anchor == llm || f.elements.contains(&llm)))
            .map(|f| f.severity)
            .max()
            .expect("open threats on the hosted model");
        assert!(worst > Severity::Medium, "the example has serious threats on its model");
        assert_eq!(risks[0].residual, Some(Severity::Medium), "capped by the impact");
        assert_eq!(risks[1].residual, None);
        let stages = stages(&m, &cat, &fs);
        assert_eq!(stages.len(), 7);
        assert!(stages[0].lacks.iter().any(|l| l.contains("Unrated")));
        assert!(stages[6].lacks.iter().any(|l| l.contains("cannot be rated")));
    }
}
