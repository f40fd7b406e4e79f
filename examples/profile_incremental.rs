//! Times an incremental re-evaluation after one edit (development aid):
//! `cargo run --release --example profile_incremental -- 10000` (`EDIT=flow`: the edit is on a flow)

use bulwark::catalog::Catalog;
use bulwark::engine::{Changes, Engine};
use bulwark::model::{ControlState, Edit, ElementId, Target, Transaction};
use std::sync::Arc;
use std::time::Instant;

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
    // EDIT=flow: implement a control on a flow instead of on an element (a flow's content is
    // what the rules that follow data read).
    let target = if std::env::var("EDIT").as_deref() == Ok("flow") {
        let id = model.flows.keys().nth(model.flows.len() / 2).expect("a flow").clone();
        Target::Flow(id)
    } else {
        Target::Element(ElementId::new(format!("el-{:05}", n / 2)))
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
    let mut edited = (*model).clone();
    let inverse = tx.clone().apply(&mut edited).expect("applies");
    let changes = Changes::from_transaction(&tx, &inverse);
    let edited = Arc::new(edited);
    let reps: usize = std::env::var("REPS").ok().and_then(|r| r.parse().ok()).unwrap_or(30);
    let t = Instant::now();
    for _ in 0..reps {
        std::hint::black_box(engine.evaluate_incremental(&prev, edited.clone(), 1, &changes));
    }
    println!("incremental {:.2} ms", t.elapsed().as_secs_f64() * 1000.0 / reps as f64);
}
