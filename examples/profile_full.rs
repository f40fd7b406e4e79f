//! Full evaluations of a synthetic model, for profilers (development aid):
//! `cargo run --release --example profile_full -- 10000`, or under callgrind with
//! `--toggle-collect='bulwark::engine::evaluate::Engine::evaluate'` to count only evaluation.

use bulwark::catalog::Catalog;
use bulwark::engine::Engine;
use std::sync::Arc;
use std::time::Instant;

// The allocator the `bulwark` binary runs with, so the times are those of the product.
#[global_allocator]
static ALLOCATOR: bulwark::allocator::MiMalloc = bulwark::allocator::MiMalloc;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let reps: usize = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let (cat, _) = Catalog::builtin();
    let cat = Arc::new(cat);
    // No wall-clock backstop: under callgrind a large model runs fifty times slower, and rules
    // stopped by the deadline would hide their own cost.
    let limits = bulwark::script::Limits {
        deadline_millis: u64::MAX / 4,
        ..bulwark::script::Limits::default()
    };
    let engine = Engine::with_limits(cat.clone(), limits);
    let model = Arc::new(bulwark::synth::synth_model(&cat, n, 1));
    let t = Instant::now();
    let mut found = 0;
    for _ in 0..reps {
        let ev = engine.evaluate(model.clone(), 0);
        found = ev.findings.len();
    }
    println!(
        "full {:.2} ms, {found} findings",
        t.elapsed().as_secs_f64() * 1000.0 / reps as f64
    );
}
