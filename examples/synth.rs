//! Writes a synthetic model: `cargo run --release --example synth -- --elements N -o FILE`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut n = 1000usize;
    let mut out: Option<PathBuf> = None;
    let mut seed = 1u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--elements" | "-n" => n = args.next().and_then(|v| v.parse().ok()).unwrap_or(n),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(seed),
            "-o" | "--output" => out = args.next().map(PathBuf::from),
            other => {
                eprintln!("unknown argument {other:?}\nusage: synth --elements N [--seed S] -o FILE");
                return ExitCode::from(2);
            }
        }
    }
    let Some(out) = out else {
        eprintln!("usage: synth --elements N [--seed S] -o FILE");
        return ExitCode::from(2);
    };
    let (cat, _) = bulwark::catalog::Catalog::builtin();
    let model = bulwark::synth::synth_model(&cat, n, seed);
    match bulwark::model::save(&model, &out) {
        Ok(()) => {
            println!(
                "wrote {} ({} elements, {} flows, {} boundaries)",
                out.display(),
                model.elements.len(),
                model.flows.len(),
                model.boundaries.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
