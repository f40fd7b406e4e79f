//! What can go wrong when producing a report or an export.

/// A report or export could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A generation date that is not `YYYY-MM-DD`.
    #[error("the report date must be a calendar date written YYYY-MM-DD (got {date:?})")]
    InvalidDate {
        /// The text given.
        date: String,
    },
    /// The JSON or SARIF document could not be serialised.
    #[error("cannot write the JSON document")]
    Json(#[from] serde_json::Error),
}
