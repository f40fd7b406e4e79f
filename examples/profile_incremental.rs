//! Times an incremental re-evaluation after one edit (development aid):
//! `cargo run --release --example profile_incremental -- 10000` (`EDIT=flow`: the edit is on a
//! flow; `SPREAD=20`: the same edit on 20 elements or flows spread over the model, each timed
//! on its own, with the median and the slowest)

use bulwark::catalog::Catalog;
use bulwark::engine::{Changes, Engine, Evaluation};
use bulwark::model::{ControlState, Edit, ElementId, Model, Target, Transaction};
use std::sync::Arc;
use std::time::Instant;

// The allocator the `bulwark` binary runs with, so the times are those of the product.
#[global_allocator]
static ALLOCATOR: bulwark::allocator::MiMalloc = bulwark::allocator::MiMalloc;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let (cat, _) = Catalog::builtin();
    let cat = Arc::new(cat);
    // No wall-clock backstop: under a profiler the full evaluation runs far slower, and rules
    // stopped by the deadline would be re-run whole after every edit.
    let limits = bulwark::script::Limits {
        deadline_millis: u64::MAX / 4,
        ..bulwark::script::Limits::default()
    };
    let engine = Engine::with_limits(cat.clone(), limits);
    let model = Arc::new(bulwark::synth::synth_model(&cat, n, 1));
    let prev = engine.evaluate(model.clone(), 0);
    let reps: usize = std::env::var("REPS").ok().and_then(|r| r.parse().ok()).unwrap_or(30);
    let spread: usize = std::env::var("SPREAD").ok().and_then(|r| r.parse().ok()).unwrap_or(0);
    let on_flow = std::env::var("EDIT").as_deref() == Ok("flow");
    if spread == 0 {
        let ms = time_edit(&engine, &cat, &model, &prev, on_flow, 1, 2, reps);
        println!("incremental {ms:.2} ms");
        return;
    }
    let mut times: Vec<(f64, usize)> = (0..spread)
        .map(|k| {
            (
                time_edit(&engine, &cat, &model, &prev, on_flow, 2 * k + 1, 2 * spread, reps),
                k,
            )
        })
        .collect();
    if std::env::var_os("EACH").is_some() {
        for (ms, k) in &times {
            println!("edit {k}: {ms:.2} ms");
        }
    }
    times.sort_by(|a, b| a.0.total_cmp(&b.0));
    let median = times[times.len() / 2].0;
    let (slowest, at) = times[times.len() - 1];
    println!("incremental over {spread} edits: median {median:.2} ms, slowest {slowest:.2} ms (edit {at})");
}

/// The mean time of re-evaluating after implementing a control on the element (or flow) at
/// `num / den` of the model's order.
#[allow(clippy::too_many_arguments)]
fn time_edit(
    engine: &Engine,
    cat: &Catalog,
    model: &Arc<Model>,
    prev: &Evaluation,
    on_flow: bool,
    num: usize,
    den: usize,
    reps: usize,
) -> f64 {
    // EDIT=flow: implement a control on a flow instead of on an element (a flow's content is
    // what the rules that follow data read).
    let target = if on_flow {
        let id = model
            .flows
            .keys()
            .nth(model.flows.len() * num / den)
            .expect("a flow")
            .clone();
        Target::Flow(id)
    } else {
        Target::Element(ElementId::new(format!("el-{:05}", model.elements.len() * num / den)))
    };
    let control = match &target {
        Target::Flow(_) => "encryption-in-transit".into(),
        Target::Element(id) => {
            let kind = model.elements[id].kind.clone();
            cat.kind(&kind)
                .and_then(|k| k.controls.first().cloned())
                .expect("a control")
        }
    };
    let tx = Transaction::single(
        "implement",
        Edit::SetControl {
            target,
            control,
            state: Some(ControlState::Implemented),
        },
    );
    let mut edited = (**model).clone();
    let inverse = tx.clone().apply(&mut edited).expect("applies");
    let changes = Changes::from_transaction(&tx, &inverse);
    let edited = Arc::new(edited);
    let t = Instant::now();
    for _ in 0..reps {
        std::hint::black_box(engine.evaluate_incremental(prev, edited.clone(), 1, &changes));
    }
    t.elapsed().as_secs_f64() * 1000.0 / reps as f64
}
