//! Geometry of the layered layout on the shipped examples and on generated models.

use super::layout;
use crate::layout::check::{Report, check};
use crate::model::Model;

fn examples() -> Vec<(&'static str, Model)> {
    [
        (
            "agentic-assistant",
            include_str!("../../../assets/examples/agentic-assistant.bulwark.ron"),
        ),
        (
            "customer-support-bot",
            include_str!("../../../assets/examples/customer-support-bot.bulwark.ron"),
        ),
        (
            "ml-training-pipeline",
            include_str!("../../../assets/examples/ml-training-pipeline.bulwark.ron"),
        ),
        (
            "rag-assistant",
            include_str!("../../../assets/examples/rag-assistant.bulwark.ron"),
        ),
    ]
    .into_iter()
    .map(|(name, text)| (name, crate::model::from_str(text, name).expect("example loads")))
    .collect()
}

fn checked(model: &Model) -> Report {
    let d = layout(model);
    assert_eq!(d.elements.len(), model.elements.len());
    assert_eq!(d.boundaries.len(), model.boundaries.len());
    check(model, &d.elements, &d.boundaries, &d.routes)
}

#[test]
fn every_example_is_laid_out_cleanly() {
    for (name, model) in examples() {
        let r = checked(&model);
        assert!(r.is_clean(), "{name}: {r:#?}");
    }
}

#[test]
fn a_synthetic_model_of_100_elements_is_laid_out_cleanly() {
    let (cat, _) = crate::catalog::Catalog::builtin();
    let model = crate::synth::synth_model(&cat, 100, 7);
    let r = checked(&model);
    assert!(r.is_clean(), "{r:#?}");
}

#[test]
fn the_layout_is_deterministic() {
    for (_, model) in examples() {
        assert_eq!(layout(&model), layout(&model.clone()));
    }
}
