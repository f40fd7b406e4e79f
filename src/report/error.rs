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
    /// The SVG drawn for a raster or PDF export could not be read back (a bug, reported plainly).
    #[error("cannot draw the diagram: {0}")]
    Svg(String),
    /// The image would be too large to allocate.
    #[error("cannot allocate a {width}×{height} image")]
    ImageSize {
        /// Pixels across.
        width: u32,
        /// Pixels down.
        height: u32,
    },
    /// PNG encoding failed.
    #[error("cannot encode the PNG: {0}")]
    Png(String),
    /// PDF writing failed.
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
    /// A session handout was asked of a model without that session.
    #[error("{}", no_session(wanted.as_deref(), have))]
    NoSession {
        /// The session asked for (`None`: the latest).
        wanted: Option<String>,
        /// The sessions the model has.
        have: Vec<String>,
    },
    /// Another tool's format could not be written (`interop::export`, which this module does
    /// not know; its message is kept).
    #[error("{0}")]
    Interop(String),
}

fn no_session(wanted: Option<&str>, have: &[String]) -> String {
    match (wanted, have.is_empty()) {
        (_, true) => "the model records no workshop session; run one in the app (View → Present) first".into(),
        (Some(w), false) => format!("the model has no session {w:?}; it has {}", have.join(", ")),
        (None, false) => "no session".into(),
    }
}
