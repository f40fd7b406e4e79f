//! The `check` output for tools (JSON). Field names are stable; the README documents them.
//! Serialised straight to the writer, so a 10,000-element model does not need a JSON tree in
//! memory.

use super::summary::Summary;
use crate::engine::{Evaluation, Finding};
use crate::model::Model;
use serde::Serialize;

#[derive(Serialize)]
struct ModelInfo<'a> {
    name: &'a str,
    file: &'a str,
    elements: usize,
    flows: usize,
    boundaries: usize,
}

#[derive(Serialize)]
struct ErrorInfo<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    rule: Option<&'a str>,
    message: &'a str,
}

/// The JSON document of a model's evaluation.
#[derive(Serialize)]
pub struct CheckJson<'a> {
    tool: &'static str,
    version: &'static str,
    model: ModelInfo<'a>,
    summary: Summary,
    findings: Vec<&'a Finding>,
    questions: Vec<super::QuestionGroup>,
    errors: Vec<ErrorInfo<'a>>,
}

/// The JSON document for a model's evaluation. `file` is the model's path as given.
pub fn check_json<'a>(model: &'a Model, file: &'a str, eval: &'a Evaluation) -> CheckJson<'a> {
    CheckJson {
        tool: "bulwark",
        version: env!("CARGO_PKG_VERSION"),
        model: ModelInfo {
            name: &model.name,
            file,
            elements: model.elements.len(),
            flows: model.flows.len(),
            boundaries: model.boundaries.len(),
        },
        summary: Summary::of(&eval.findings),
        findings: eval.findings.iter().map(|f| &**f).collect(),
        questions: super::question_groups(model, eval),
        errors: eval
            .errors
            .iter()
            .map(|e| ErrorInfo {
                path: &e.path,
                line: e.line,
                column: e.column,
                rule: e.rule.as_deref(),
                message: &e.message,
            })
            .collect(),
    }
}
