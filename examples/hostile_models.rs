//! Writes the two largest, slowest models the README's hostile-input table measures:
//! `cargo run --release --example hostile_models -- DIR` writes `DIR/hostile_dense.bulwark.ron`
//! (27 MiB: 3,000 elements, 150,000 flows between random pairs, so every path search explodes)
//! and `DIR/hostile_wide.bulwark.ron` (20 MiB: 250,000 elements, 30,000 flows, so every
//! built-in rule fires hundreds of thousands of times).

use std::fmt::Write as _;
use std::path::PathBuf;

const KINDS: [&str; 14] = [
    "agent-orchestrator",
    "web-crawler",
    "llm-api",
    "vector-db",
    "tool",
    "mcp-server",
    "document-ingestion",
    "user",
    "app-backend",
    "database",
    "training-job",
    "public-dataset",
    "model-server",
    "code-sandbox",
];

fn model(elements: usize, flows: usize, seed: u64) -> String {
    let mut state = seed;
    let mut next = |n: usize| {
        // xorshift: reproducible without a dependency.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut s = String::from("(\n    format: 3,\n    name: \"hostile\",\n    elements: {\n");
    for i in 0..elements {
        let _ = writeln!(
            s,
            "        \"el-{i}\": (kind: \"{}\", name: \"e{i}\"),",
            KINDS[i % KINDS.len()]
        );
    }
    s.push_str("    },\n    flows: {\n");
    for j in 0..flows {
        let _ = writeln!(
            s,
            "        \"fl-{j}\": (from: \"el-{}\", to: \"el-{}\", operation: Invoke, data: [\"prompts\", \
             \"web-content\", \"pii\", \"training-data\", \"model-weights\"], returns: [\"model-output\", \
             \"tool-results\"]),",
            next(elements),
            next(elements)
        );
    }
    s.push_str("    },\n)\n");
    s
}

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    std::fs::write(dir.join("hostile_dense.bulwark.ron"), model(3_000, 150_000, 7))?;
    std::fs::write(dir.join("hostile_wide.bulwark.ron"), model(250_000, 30_000, 11))?;
    println!(
        "wrote {}/hostile_dense.bulwark.ron and hostile_wide.bulwark.ron",
        dir.display()
    );
    Ok(())
}
