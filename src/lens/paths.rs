//! Attack paths: how untrusted sources reach valuable sinks, as the engine's path rules found
//! them. Every route here is a path a finding carries (its own, or its gathered members'); this
//! module never searches the graph itself, so the explorer shows exactly what the rules
//! decided.

use crate::engine::Finding;
use crate::model::{ElementId, FindingId};
use std::collections::BTreeSet;

/// One route: a finding and the path (source first, sink last) it was raised for.
#[derive(Debug, Clone, PartialEq)]
pub struct Route<'a> {
    /// The finding (the gathered one when the path is a member's).
    pub finding: &'a Finding,
    /// Source to sink.
    pub path: &'a [ElementId],
}

impl Route<'_> {
    /// Where the route starts.
    pub fn source(&self) -> &ElementId {
        &self.path[0]
    }

    /// Where it ends.
    pub fn sink(&self) -> &ElementId {
        &self.path[self.path.len() - 1]
    }
}

/// Every route of the open path findings, in the findings' order.
pub fn routes<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Vec<Route<'a>> {
    let mut out = Vec::new();
    for f in findings {
        if !f.status.is_open() {
            continue;
        }
        let mut paths: Vec<&[ElementId]> = Vec::new();
        if f.path.len() >= 2 {
            paths.push(&f.path);
        }
        for m in &f.members {
            if m.path.len() >= 2 && !paths.contains(&m.path.as_slice()) {
                paths.push(&m.path);
            }
        }
        out.extend(paths.into_iter().map(|path| Route { finding: f, path }));
    }
    out
}

/// What the explorer shows: routes of one finding, from one source, to one sink (each
/// optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RouteFilter {
    /// Only this finding's routes.
    pub finding: Option<FindingId>,
    /// Only routes starting here.
    pub source: Option<ElementId>,
    /// Only routes ending here.
    pub sink: Option<ElementId>,
}

impl RouteFilter {
    /// Whether `r` passes.
    pub fn keeps(&self, r: &Route<'_>) -> bool {
        self.finding.as_ref().is_none_or(|f| *f == r.finding.id)
            && self.source.as_ref().is_none_or(|s| s == r.source())
            && self.sink.as_ref().is_none_or(|s| s == r.sink())
    }
}

/// The components and hops the routes use: each hop is a consecutive pair on a route.
pub fn graph_of<'a>(routes: &[&Route<'a>]) -> (BTreeSet<&'a ElementId>, BTreeSet<(&'a ElementId, &'a ElementId)>) {
    let mut nodes = BTreeSet::new();
    let mut hops = BTreeSet::new();
    for r in routes {
        nodes.extend(r.path.iter());
        hops.extend(r.path.windows(2).map(|w| (&w[0], &w[1])));
    }
    (nodes, hops)
}
