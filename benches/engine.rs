//! Evaluation speed: a full evaluation of the whole library, and an incremental one after
//! editing one element, over synthetic models of 100, 1,000 and 10,000 elements.
//!
//! `cargo bench --bench engine`

use bulwark::catalog::Catalog;
use bulwark::engine::{Changes, Engine};
use bulwark::model::{ControlState, Edit, ElementId, Target, Transaction};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::Arc;

// The allocator the `bulwark` binary runs with, so the times are those of the product.
#[global_allocator]
static ALLOCATOR: bulwark::allocator::MiMalloc = bulwark::allocator::MiMalloc;

fn bench(c: &mut Criterion) {
    let (cat, _) = Catalog::builtin();
    let cat = Arc::new(cat);
    let engine = Engine::new(cat.clone());
    let mut group = c.benchmark_group("evaluate");
    group.sample_size(10);
    for n in [100usize, 1_000, 10_000] {
        let model = Arc::new(bulwark::synth::synth_model(&cat, n, 1));
        group.bench_with_input(BenchmarkId::new("full", n), &model, |b, m| {
            b.iter(|| black_box(engine.evaluate(m.clone(), 0)))
        });
        // Incremental: implement one control on one element in the middle of the model.
        let prev = engine.evaluate(model.clone(), 0);
        let id = ElementId::new(format!("el-{:05}", n / 2));
        let control = model.elements[&id].kind.clone();
        let control = cat
            .kind(&control)
            .and_then(|k| k.controls.first().cloned())
            .expect("kind has controls");
        let tx = Transaction::single(
            "set",
            Edit::SetControl {
                target: Target::Element(id),
                control,
                state: Some(ControlState::Implemented),
            },
        );
        let mut edited = (*model).clone();
        let inverse = tx.clone().apply(&mut edited).expect("edit applies");
        let changes = Changes::from_transaction(&tx, &inverse);
        let edited = Arc::new(edited);
        group.bench_with_input(BenchmarkId::new("incremental_one_element", n), &edited, |b, m| {
            b.iter(|| black_box(engine.evaluate_incremental(&prev, m.clone(), 1, &changes)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
