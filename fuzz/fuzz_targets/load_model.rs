//! Any bytes as a model file: loading never panics; the fast reader reads what `ron` reads or
//! leaves the text to it; a model that loads saves to text that loads back to the same model,
//! and evaluates within its budgets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

fn engine() -> &'static bulwark::engine::Engine {
    static ENGINE: OnceLock<bulwark::engine::Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let (cat, _) = bulwark::catalog::Catalog::builtin();
        bulwark::engine::Engine::new(Arc::new(cat))
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The loader trusts the fast reader only because it never reads a text `ron` rejects nor
    // another model than `ron` reads (#15).
    if let Err(e) = bulwark::model::check_fast_read(text) {
        panic!("{e}");
    }
    let Ok(model) = bulwark::model::from_str(text, "fuzz.bulwark.ron") else { return };
    let saved = bulwark::model::to_string(&model).expect("a loaded model serialises");
    let again = bulwark::model::from_str(&saved, "saved.bulwark.ron").expect("a saved model loads");
    assert_eq!(again, model, "save and load round-trip");
    let eval = engine().evaluate(Arc::new(model), 0);
    // Findings are sorted and unique by (id, flow): what every consumer relies on.
    assert!(eval.findings.windows(2).all(|w| (&w[0].id, &w[0].flow) <= (&w[1].id, &w[1].flow)));
});
