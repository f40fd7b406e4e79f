//! Counts of findings by status and severity, shared by every output.

use crate::catalog::Severity;
use crate::engine::{Finding, Status};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// How many findings there are, by status, and open ones by severity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// All findings.
    pub total: usize,
    /// Open findings.
    pub open: usize,
    /// Open findings by severity id (`critical`, `high`, `medium`, `low`), every severity present.
    pub open_by_severity: BTreeMap<String, usize>,
    /// Findings by status id.
    pub by_status: BTreeMap<String, usize>,
}

impl Summary {
    /// Counts `findings`.
    pub fn of(findings: &[Arc<Finding>]) -> Self {
        let mut s = Summary {
            total: findings.len(),
            ..Default::default()
        };
        for sev in Severity::WORST_FIRST {
            s.open_by_severity.insert(sev.id().to_owned(), 0);
        }
        for f in findings {
            *s.by_status.entry(f.status.id().to_owned()).or_default() += 1;
            if f.status == Status::Open {
                s.open += 1;
                *s.open_by_severity.entry(f.severity.id().to_owned()).or_default() += 1;
            }
        }
        s
    }

    /// Open findings of `sev`.
    pub fn open_of(&self, sev: Severity) -> usize {
        self.open_by_severity.get(sev.id()).copied().unwrap_or(0)
    }

    /// "12 open: 2 critical, 5 high, 4 medium, 1 low".
    pub fn line(&self) -> String {
        let parts: Vec<String> = Severity::WORST_FIRST
            .iter()
            .map(|s| format!("{} {}", self.open_of(*s), s.id()))
            .collect();
        format!("{} findings, {} open: {}", self.total, self.open, parts.join(", "))
    }
}
