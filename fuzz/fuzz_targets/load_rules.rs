//! Any bytes as a user rule file, RON or rhai (the first byte chooses): loading and compiling
//! never panic, and evaluating the rule on the shipped RAG example ends within its budgets with
//! findings or a rule error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

fn example() -> &'static Arc<bulwark::model::Model> {
    static MODEL: OnceLock<Arc<bulwark::model::Model>> = OnceLock::new();
    MODEL.get_or_init(|| {
        let text = include_str!("../../assets/examples/agentic-assistant.bulwark.ron");
        Arc::new(bulwark::model::from_str(text, "example").expect("the example loads"))
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let rel = if kind % 2 == 0 { "fuzz.rhai" } else { "threats/fuzz.ron" };
    let user = vec![bulwark::catalog::SourceFile {
        rel: rel.into(),
        display: rel.into(),
        text: text.into(),
    }];
    let (cat, _) = bulwark::catalog::load_layers(&[bulwark::catalog::builtin_sources(), user]);
    let engine = bulwark::engine::Engine::new(Arc::new(cat));
    let _ = engine.evaluate(example().clone(), 0);
});
