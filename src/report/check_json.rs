//! The `check` output for tools (JSON). Field names are stable; `docs/check-json.md` in the
//! README documents them.

use super::summary::Summary;
use crate::engine::Evaluation;
use crate::model::Model;
use serde_json::{Value, json};

/// The JSON document for a model's evaluation. `file` is the model's path as given.
pub fn check_json(model: &Model, file: &str, eval: &Evaluation) -> Value {
    json!({
        "tool": "bulwark",
        "version": env!("CARGO_PKG_VERSION"),
        "model": {
            "name": model.name,
            "file": file,
            "elements": model.elements.len(),
            "flows": model.flows.len(),
            "boundaries": model.boundaries.len(),
        },
        "summary": Summary::of(&eval.findings),
        "findings": eval.findings.iter().map(|f| &**f).collect::<Vec<_>>(),
        "errors": eval.errors.iter().map(|e| json!({
            "path": e.path, "line": e.line, "column": e.column, "rule": e.rule, "message": e.message,
        })).collect::<Vec<_>>(),
    })
}
