//! Times each rule family on a synthetic model (development aid):
//! `cargo run --release --example profile_rules -- 1000`

use bulwark::catalog::{Catalog, Scope};
use bulwark::engine::Engine;
use std::sync::Arc;
use std::time::Instant;

// The allocator the `bulwark` binary runs with, so the times are those of the product.
#[global_allocator]
static ALLOCATOR: bulwark::allocator::MiMalloc = bulwark::allocator::MiMalloc;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let only: Option<String> = std::env::args().nth(2);
    let (cat, _) = Catalog::builtin();
    let model = Arc::new(bulwark::synth::synth_model(&cat, n, 1));
    graph_only(&model);
    let mut rows = vec![("all rules".to_owned(), cat.clone())];
    for scope in [Scope::Element, Scope::Flow, Scope::Path] {
        let mut c = cat.clone();
        c.rules.retain(|r| r.scope == scope);
        c.scripts.clear();
        // A subset refines only rules it keeps: a reference to one left out is an error that
        // would stop the rule from running, not a cost to measure.
        let kept: std::collections::BTreeSet<_> = c.rules.iter().map(|r| r.id.clone()).collect();
        for r in &mut c.rules {
            Arc::make_mut(r).refines.retain(|x| kept.contains(x));
        }
        rows.push((format!("{scope:?} rules ({})", c.rules.len()), c));
    }
    let mut none = cat.clone();
    none.rules.clear();
    none.scripts.clear();
    rows.push(("no rules (fixed cost)".into(), none));
    for s in &cat.scripts {
        let mut c = cat.clone();
        c.rules.clear();
        c.scripts = vec![s.clone()];
        rows.push((s.rel.clone(), c));
    }
    for (name, c) in rows {
        if only.as_ref().is_some_and(|o| !name.contains(o.as_str())) {
            continue;
        }
        let e = Engine::new(Arc::new(c));
        let reps = if only.is_some() { 20 } else { 1 };
        let t = Instant::now();
        let mut ev = e.evaluate(model.clone(), 0);
        for _ in 1..reps {
            ev = e.evaluate(model.clone(), 0);
        }
        println!(
            "{name:<40} {:>8.1} ms  {} findings  {} errors",
            t.elapsed().as_secs_f64() * 1000.0 / reps as f64,
            ev.findings.len(),
            ev.errors.len()
        );
        if let Some(e) = ev.errors.first() {
            println!("    first error: {e:?}");
        }
    }
}

#[allow(dead_code)]
fn graph_only(model: &Arc<bulwark::model::Model>) {
    let t = Instant::now();
    for _ in 0..20 {
        std::hint::black_box(bulwark::model::ModelGraph::new(model.clone()));
    }
    println!("ModelGraph::new {:.1} ms", t.elapsed().as_secs_f64() * 1000.0 / 20.0);
    let t = Instant::now();
    for _ in 0..20 {
        std::hint::black_box((**model).clone());
    }
    println!("Model clone {:.1} ms", t.elapsed().as_secs_f64() * 1000.0 / 20.0);
}
