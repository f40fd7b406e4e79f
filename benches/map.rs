//! Mapping speed: `bulwark map` over a generated repository of 10,000 files (100 services of
//! Python, JavaScript, Go, manifests, compose, Kubernetes, docs and data files).
//!
//! `cargo bench --bench map`

use bulwark::catalog::Catalog;
use bulwark::interop::map::{Detectors, map_repository};
use criterion::{Criterion, criterion_group, criterion_main};
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::sync::atomic::AtomicUsize;

const SERVICES: usize = 100;
/// Files per service, its manifest included.
const FILES_PER_SERVICE: usize = 100;

/// Typical source: mostly ordinary code, a few framework imports.
fn python(service: usize, file: usize) -> String {
    let mut s = String::from("\"\"\"Generated module.\"\"\"\nimport os\nimport json\nfrom typing import Any\n\n");
    match (service + file) % 7 {
        0 => s.push_str("from openai import OpenAI\n"),
        1 => s.push_str("from qdrant_client import QdrantClient\n"),
        2 => s.push_str("from fastapi import FastAPI\n"),
        3 => s.push_str("import torch\nmodel = torch.load('m.pt')\n"),
        _ => {}
    }
    for f in 0..40 {
        let _ = writeln!(
            s,
            "\ndef handler_{f}(event: dict[str, Any]) -> dict[str, Any]:\n    value = event.get('key_{f}', os.environ.get('X'))\n    return json.loads(json.dumps({{'v': value, 'n': {f}}}))"
        );
    }
    s
}

fn javascript(file: usize) -> String {
    let mut s = String::from("import path from \"node:path\";\n");
    if file.is_multiple_of(5) {
        s.push_str("import OpenAI from \"openai\";\n");
    }
    for f in 0..40 {
        let _ = writeln!(s, "export function f{f}(x) {{ return path.join(String(x), \"{f}\"); }}");
    }
    s
}

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

/// 10,000 files: per service a manifest and 99 source, doc and data files (the last service
/// two fewer), and a compose file and a `.env.example` at the root.
fn generate(root: &Path) -> usize {
    let mut compose = String::from("services:\n");
    let mut count = 0;
    for s in 0..SERVICES {
        let dir = root.join(format!("services/svc{s:03}"));
        write(
            &dir.join("requirements.txt"),
            "fastapi==0.111\nopenai>=1.30\nqdrant-client\nrequests\n",
        );
        count += 1;
        for f in 1..FILES_PER_SERVICE {
            if s == SERVICES - 1 && f >= FILES_PER_SERVICE - 2 {
                break;
            }
            let (name, text) = match f % 6 {
                0..=2 => (format!("pkg/m{f:03}.py"), python(s, f)),
                3 => (format!("web/c{f:03}.ts"), javascript(f)),
                4 => (format!("docs/n{f:03}.md"), "# Notes\n\nNothing to see.\n".repeat(20)),
                _ => (format!("data/d{f:03}.csv"), "a,b,c\n1,2,3\n".repeat(50)),
            };
            write(&dir.join(name), &text);
            count += 1;
        }
        let _ = writeln!(
            compose,
            "  svc{s:03}:\n    build: ./services/svc{s:03}\n    environment:\n      - QDRANT_URL=http://qdrant:6333\n    depends_on:\n      - qdrant"
        );
    }
    compose.push_str("  qdrant:\n    image: qdrant/qdrant:v1.9.2\n");
    write(&root.join("docker-compose.yml"), &compose);
    write(&root.join(".env.example"), "OPENAI_API_KEY=\n");
    count + 2
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("repo");
    let files = generate(&root);
    assert_eq!(files, 10_000);
    let (cat, _) = Catalog::builtin();
    let (detectors, errors) = Detectors::builtin(&cat);
    assert!(errors.is_empty(), "{errors:?}");
    let mut group = c.benchmark_group("map");
    group.sample_size(10);
    group.bench_function("repository_10000_files", |b| {
        b.iter(|| {
            let progress = AtomicUsize::new(0);
            black_box(map_repository(&root, &cat, &detectors, &progress).expect("maps"))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
