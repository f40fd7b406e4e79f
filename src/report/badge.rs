//! Finding badges: how many open findings each element carries and the worst of their
//! severities, as the canvas shows them.

use crate::catalog::Severity;
use crate::engine::{Evaluation, Status};
use crate::model::ElementId;
use std::collections::BTreeMap;

/// The open findings anchored on one element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Badge {
    /// How many.
    pub open: usize,
    /// The worst severity among them.
    pub worst: Severity,
}

/// The badge of every element with at least one open finding.
pub fn badges(eval: Option<&Evaluation>) -> BTreeMap<ElementId, Badge> {
    let mut out: BTreeMap<ElementId, Badge> = BTreeMap::new();
    for f in eval.into_iter().flat_map(|e| e.findings.iter()) {
        if f.status != Status::Open {
            continue;
        }
        out.entry(f.anchor.clone())
            .and_modify(|b| {
                b.open += 1;
                b.worst = b.worst.max(f.severity);
            })
            .or_insert(Badge {
                open: 1,
                worst: f.severity,
            });
    }
    out
}
