//! Measures and checks the layered layout:
//! `cargo run --release --example layout -- [FILE | --synth N] [--seed S] [--runs K] [-o OUT]`.
//!
//! Prints the size of the model, the time of one layout (best and median of K runs), and what
//! `layout::check` finds in the result (overlaps, flows through components, containment,
//! crossings). `-o OUT` writes the model with Tidy layout applied.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut file: Option<PathBuf> = None;
    let mut synth: Option<usize> = None;
    let mut seed = 1u64;
    let mut runs = 5usize;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--synth" => synth = args.next().and_then(|v| v.parse().ok()),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(seed),
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).unwrap_or(runs).max(1),
            "-o" | "--output" => out = args.next().map(PathBuf::from),
            other if !other.starts_with('-') => file = Some(PathBuf::from(other)),
            other => {
                eprintln!(
                    "unknown argument {other:?}\nusage: layout [FILE | --synth N] [--seed S] [--runs K] [-o OUT]"
                );
                return ExitCode::from(2);
            }
        }
    }
    let model = match (&file, synth) {
        (Some(path), _) => match bulwark::model::load(path) {
            Ok(m) => m,
            Err(e) => {
                eprintln!("error: {e:#}");
                return ExitCode::from(2);
            }
        },
        (None, n) => {
            let (cat, _) = bulwark::catalog::Catalog::builtin();
            bulwark::synth::synth_model(&cat, n.unwrap_or(500), seed)
        }
    };
    println!(
        "{} elements, {} flows, {} boundaries",
        model.elements.len(),
        model.flows.len(),
        model.boundaries.len()
    );
    let mut times = Vec::with_capacity(runs);
    let mut drawing = None;
    for _ in 0..runs {
        let t = Instant::now();
        let d = bulwark::layout::layered::layout(&model);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        drawing = Some(d);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "layout: best {:.1} ms, median {:.1} ms over {runs} runs",
        times[0],
        times[times.len() / 2]
    );
    let Some(d) = drawing else { return ExitCode::FAILURE };
    let r = bulwark::layout::check::check(&model, &d.elements, &d.boundaries, &d.routes);
    println!(
        "overlaps {}, flows through components {}, slanted {}, outside their boundary {}, strays {}, \
         unnested {}, sibling overlaps {}, labels off their flow {}, unrouted {}, crossings {}",
        r.overlaps.len(),
        r.through.len(),
        r.slanted.len(),
        r.outside.len(),
        r.strays.len(),
        r.unnested.len(),
        r.sibling_overlaps.len(),
        r.labels_off.len(),
        r.unrouted.len(),
        r.crossings
    );
    if std::env::var_os("LAYOUT_CROSSINGS").is_some() {
        let ids: Vec<_> = d.routes.keys().collect();
        for (a, b) in bulwark::layout::check::crossing_pairs(d.routes.values().map(Vec::as_slice)) {
            println!("crossing: {} x {}", ids[a], ids[b]);
        }
    }
    if let Some(out) = out {
        let mut m = model;
        if let Err(e) = bulwark::layout::tidy_layout(&m).apply(&mut m) {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
        if let Err(e) = bulwark::model::save(&m, &out) {
            eprintln!("error: {e:#}");
            return ExitCode::FAILURE;
        }
        println!("wrote {}", out.display());
    }
    if r.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
