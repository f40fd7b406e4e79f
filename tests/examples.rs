//! The shipped example models: they load, know only catalog terms, and are stored in canonical
//! form (load + save gives the same bytes). `BULWARK_UPDATE_EXAMPLES=1` rewrites them in
//! canonical form; review the diff.

use crate::util::examples;
use bulwark::catalog::{Catalog, check_model};

#[test]
fn there_are_at_least_three_examples_including_the_default_rag_assistant() {
    let names: Vec<String> = examples()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names.len() >= 3, "{names:?}");
    assert!(names.contains(&"rag-assistant.bulwark.ron".to_owned()), "{names:?}");
}

#[test]
fn every_example_loads_and_uses_only_catalog_terms() {
    let (cat, _) = Catalog::builtin();
    for path in examples() {
        let model = bulwark::model::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let issues = check_model(&cat, &model);
        assert!(issues.is_empty(), "{}: {issues:#?}", path.display());
        assert!(
            model.elements.len() >= 6,
            "{} is too small to be realistic",
            path.display()
        );
        assert!(!model.boundaries.is_empty(), "{} has no boundaries", path.display());
        assert!(
            model.elements.keys().all(|id| model.layout.elements.contains_key(id)),
            "{}: every element is placed",
            path.display()
        );
    }
}

#[test]
fn every_example_is_stored_in_canonical_form() {
    let update = std::env::var_os("BULWARK_UPDATE_EXAMPLES").is_some();
    for path in examples() {
        let text = std::fs::read_to_string(&path).unwrap();
        let model = bulwark::model::from_str(&text, &path.display().to_string()).unwrap_or_else(|e| panic!("{e}"));
        let canonical = bulwark::model::to_string(&model).unwrap();
        if update {
            std::fs::write(&path, &canonical).unwrap();
        } else {
            assert!(
                canonical == text,
                "{} is not canonical; run BULWARK_UPDATE_EXAMPLES=1 cargo test --test main examples",
                path.display()
            );
        }
    }
}
