//! What `bulwark check` and `bulwark report` do besides evaluating, over synthetic models of
//! 100, 1,000 and 10,000 elements: parsing the model file, writing the `check` JSON, and
//! rendering the HTML and PDF reports (evaluation itself is in `benches/engine.rs`).
//!
//! `cargo bench --bench pipeline` (about two minutes). The PDF of 10,000 elements (14,000
//! pages, ~20 s a sample) only runs with `BULWARK_BENCH_LARGE=1`; criterion cannot take fewer
//! than 10 samples, and a bench that takes four minutes is a bench nobody runs.

use bulwark::catalog::Catalog;
use bulwark::engine::Engine;
use bulwark::report::{ReportDate, ReportFormat, ReportInput, ReportOptions, check_json, render_report};
use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

// The allocator the `bulwark` binary runs with, so the times are those of the product.
#[global_allocator]
static ALLOCATOR: bulwark::allocator::MiMalloc = bulwark::allocator::MiMalloc;

const SIZES: [usize; 3] = [100, 1_000, 10_000];

fn bench(c: &mut Criterion) {
    let (cat, _) = Catalog::builtin();
    let cat = Arc::new(cat);
    let engine = Engine::new(cat.clone());
    let large = std::env::var_os("BULWARK_BENCH_LARGE").is_some();
    let opts = ReportOptions {
        include_closed: false,
        date: ReportDate::parse("2026-01-01").expect("a valid date"),
    };

    let mut parse = c.benchmark_group("parse");
    parse.sample_size(10);
    let mut texts = Vec::new();
    for n in SIZES {
        let model = bulwark::synth::synth_model(&cat, n, 1);
        let text = bulwark::model::to_string(&model).expect("a synthetic model saves");
        parse.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, t| {
            b.iter(|| black_box(bulwark::model::from_str(t, "m.bulwark.ron").expect("it loads")))
        });
        texts.push((n, Arc::new(model), text));
    }
    parse.finish();

    let evals: Vec<_> = texts
        .iter()
        .map(|(n, model, text)| (*n, model.clone(), text, engine.evaluate(model.clone(), 0)))
        .collect();

    let mut json = c.benchmark_group("check_json");
    json.sample_size(10);
    for (n, model, _, eval) in &evals {
        json.bench_with_input(BenchmarkId::from_parameter(n), eval, |b, e| {
            b.iter(|| {
                let mut out = Vec::with_capacity(1 << 20);
                bulwark::io::json::to_writer_pretty(&mut out, &check_json(model, "m.bulwark.ron", e))
                    .expect("it writes");
                black_box(out)
            })
        });
    }
    json.finish();

    let mut report = c.benchmark_group("report");
    report.sample_size(10).sampling_mode(SamplingMode::Flat);
    report.warm_up_time(Duration::from_millis(500));
    for (n, model, text, eval) in &evals {
        let input = ReportInput {
            model,
            engine: &engine,
            eval,
            file: "m.bulwark.ron",
            source: text,
        };
        report.bench_function(BenchmarkId::new("html", n), |b| {
            b.iter(|| black_box(render_report(ReportFormat::Html, &input, opts).expect("it renders")))
        });
        if *n < 10_000 || large {
            report.bench_function(BenchmarkId::new("pdf", n), |b| {
                b.iter(|| black_box(render_report(ReportFormat::Pdf, &input, opts).expect("it renders")))
            });
        }
    }
    report.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
