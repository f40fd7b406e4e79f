//! Layout speed: the layered layout (clusters, ordering, coordinates, routes) of synthetic
//! models of 100, 500 and 1,000 elements. Issue #18 asks for 500 elements in under a second.
//!
//! `cargo bench --bench layout`

use bulwark::catalog::Catalog;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let (cat, _) = Catalog::builtin();
    let mut group = c.benchmark_group("layered");
    group.sample_size(10);
    for n in [100usize, 500, 1_000] {
        let model = bulwark::synth::synth_model(&cat, n, 1);
        group.bench_with_input(BenchmarkId::new("layout", n), &model, |b, m| {
            b.iter(|| black_box(bulwark::layout::layered::layout(m)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
