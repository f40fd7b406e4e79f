//! Live findings: sends each new revision to the engine's worker thread after a short debounce,
//! keeps the newest result, and derives what the UI shows from it — badges per component,
//! counts per severity, and the "+2 new, 1 resolved" delta. The UI thread never evaluates.

use crate::catalog::Severity;
use crate::engine::{Changes, Engine, Evaluation, Finding, Request, Worker};
use crate::model::{ElementId, FindingId};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long edits settle before they are evaluated; a burst (typing, repeated undo) becomes
/// one evaluation.
pub const DEBOUNCE: Duration = Duration::from_millis(120);

/// A component's badge: how many open findings it carries and the worst severity among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Badge {
    /// Open findings anchored on the component.
    pub open: usize,
    /// The worst of their severities.
    pub worst: Severity,
}

/// What changed between two evaluations of the same document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delta {
    /// Findings open now that were not open before.
    pub new: usize,
    /// Findings open before that are not open now (mitigated, triaged or gone).
    pub resolved: usize,
}

impl Delta {
    /// "+2 new, 1 resolved", or "no change in findings".
    pub fn text(&self) -> String {
        match (self.new, self.resolved) {
            (0, 0) => "no change in findings".to_owned(),
            (n, 0) => format!("+{n} new"),
            (0, r) => format!("{r} resolved"),
            (n, r) => format!("+{n} new, {r} resolved"),
        }
    }
}

/// The evaluation side of the app.
pub struct Evaluator {
    engine: Arc<Engine>,
    worker: Option<Worker>,
    /// Why the worker could not start, shown in the status bar.
    pub worker_error: Option<String>,
    latest: Option<Evaluation>,
    submitted: Option<u64>,
    pending: Option<Changes>,
    due: Option<Instant>,
    delta: Option<Delta>,
    /// When the delta was computed (it fades after a while).
    delta_at: Option<Instant>,
    badges: BTreeMap<ElementId, Badge>,
    /// Where each component's open findings sit in the newest findings: the inspector and the
    /// tooltip list them every frame, and filtering 27,000 findings for them cost more than the
    /// rest of a drag frame's panels (issue 15).
    open_on: BTreeMap<ElementId, Vec<usize>>,
    open_by_severity: [usize; 4],
    closed: usize,
}

impl std::fmt::Debug for Evaluator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Evaluator")
            .field("submitted", &self.submitted)
            .field("latest", &self.latest.as_ref().map(|e| e.revision))
            .finish()
    }
}

impl Evaluator {
    /// Starts the worker thread; `notify` runs when a result is ready (ask for a repaint).
    pub fn new(engine: Arc<Engine>, notify: impl Fn() + Send + 'static) -> Self {
        let (worker, worker_error) = match Worker::spawn(engine.clone(), notify) {
            Ok(w) => (Some(w), None),
            Err(e) => (None, Some(format!("cannot start the evaluation thread: {e}"))),
        };
        Self {
            engine,
            worker,
            worker_error,
            latest: None,
            submitted: None,
            pending: None,
            due: None,
            delta: None,
            delta_at: None,
            badges: BTreeMap::new(),
            open_on: BTreeMap::new(),
            open_by_severity: [0; 4],
            closed: 0,
        }
    }

    /// Notes an edit; it is evaluated once edits pause for [`DEBOUNCE`].
    pub fn changed(&mut self, changes: Changes, now: Instant) {
        let merged = match self.pending.take() {
            None => changes,
            Some(mut c) => {
                c.elements.extend(changes.elements);
                c.flows.extend(changes.flows);
                c.structural |= changes.structural;
                c.everything |= changes.everything;
                c
            }
        };
        self.pending = Some(merged);
        self.due = Some(now + DEBOUNCE);
    }

    /// Rules were reloaded: evaluate everything with `engine` now. The findings shown stay
    /// until its result arrives, and the delta then says what the rule change did.
    pub fn set_engine(&mut self, engine: Arc<Engine>) {
        if let Some(w) = &self.worker
            && !w.submit(Request::SetEngine(engine.clone()))
            && self.worker_error.is_none()
        {
            self.worker_error = Some("the evaluation thread has stopped".to_owned());
        }
        self.engine = engine;
        self.pending = Some(Changes::all());
        self.due = Some(Instant::now());
    }

    /// A new document: forget the old findings and evaluate everything now. The first result
    /// for it shows no delta (there is nothing to compare with).
    pub fn new_document(&mut self) {
        self.pending = Some(Changes::all());
        self.due = Some(Instant::now());
        self.latest = None;
        self.delta = None;
        self.badges.clear();
        self.open_on.clear();
        self.open_by_severity = [0; 4];
        self.closed = 0;
    }

    /// Sends what is due and takes in what has arrived. Returns true when a new result was
    /// taken (the UI should redraw). Asks for one repaint when the debounce ends, never a loop.
    pub fn poll(
        &mut self,
        ctx: &egui::Context,
        revision: u64,
        model: impl FnOnce() -> Arc<crate::model::Model>,
    ) -> bool {
        if let Some(due) = self.due {
            let now = Instant::now();
            if now >= due {
                self.submit(revision, model());
            } else {
                ctx.request_repaint_after(due - now);
            }
        }
        let arrived = self.worker.as_ref().and_then(Worker::latest);
        arrived.is_some_and(|eval| self.accept(eval))
    }

    /// The engine findings come from (exports render with it).
    pub fn engine(&self) -> Arc<Engine> {
        self.engine.clone()
    }

    /// Sends whatever is pending now and waits for the result (tests, and before a report).
    pub fn wait(&mut self, revision: u64, model: Arc<crate::model::Model>) {
        if self.pending.is_some() {
            self.submit(revision, model);
        }
        let Some(target) = self.submitted else { return };
        let engine = self.engine.id();
        while self
            .latest
            .as_ref()
            .is_none_or(|e| e.revision < target || e.engine != engine)
        {
            let Some(eval) = self.worker.as_ref().and_then(Worker::wait) else {
                return;
            };
            self.accept(eval);
        }
    }

    fn submit(&mut self, revision: u64, model: Arc<crate::model::Model>) {
        self.due = None;
        let changes = self.pending.take().unwrap_or_else(Changes::all);
        let sent = self.worker.as_ref().is_some_and(|w| {
            w.submit(Request::Evaluate {
                revision,
                model,
                changes,
            })
        });
        if sent {
            self.submitted = Some(revision);
        } else if self.worker_error.is_none() {
            self.worker_error = Some("the evaluation thread has stopped".to_owned());
        }
    }

    /// Keeps `eval` unless a newer revision has been sent since.
    fn accept(&mut self, eval: Evaluation) -> bool {
        // Results of an engine replaced by a rule reload are already out of date.
        if self.submitted.is_some_and(|s| eval.revision < s) || eval.engine != self.engine.id() {
            return false;
        }
        self.delta = self.latest.as_ref().map(|prev| delta(prev, &eval));
        self.delta_at = Some(Instant::now());
        self.badges.clear();
        self.open_on.clear();
        self.open_by_severity = [0; 4];
        self.closed = 0;
        for (i, f) in eval.findings.iter().enumerate() {
            if f.status.is_open() {
                self.open_on.entry(f.anchor.clone()).or_default().push(i);
                let b = self.badges.entry(f.anchor.clone()).or_insert(Badge {
                    open: 0,
                    worst: f.severity,
                });
                b.open += 1;
                b.worst = b.worst.max(f.severity);
                if let Some(i) = Severity::WORST_FIRST.iter().position(|s| *s == f.severity)
                    && let Some(n) = self.open_by_severity.get_mut(i)
                {
                    *n += 1;
                }
            } else {
                self.closed += 1;
            }
        }
        self.latest = Some(eval);
        true
    }

    /// The newest evaluation.
    pub fn latest(&self) -> Option<&Evaluation> {
        self.latest.as_ref()
    }

    /// The newest findings (empty before the first result).
    pub fn findings(&self) -> &[Arc<Finding>] {
        self.latest.as_ref().map(|e| e.findings.as_slice()).unwrap_or(&[])
    }

    /// A finding by id.
    pub fn finding(&self, id: &FindingId) -> Option<&Arc<Finding>> {
        self.latest.as_ref().and_then(|e| e.get(id))
    }

    /// The badge of a component, if it has open findings.
    pub fn badge(&self, id: &ElementId) -> Option<Badge> {
        self.badges.get(id).copied()
    }

    /// The open findings anchored on a component, in the findings' order.
    pub fn open_on(&self, id: &ElementId) -> impl Iterator<Item = &Arc<Finding>> {
        let findings = self.findings();
        self.open_on
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(move |i| findings.get(*i))
    }

    /// Open findings per severity, worst first (as `Severity::WORST_FIRST`).
    pub fn open_by_severity(&self) -> [usize; 4] {
        self.open_by_severity
    }

    /// Mitigated and triaged findings.
    pub fn closed(&self) -> usize {
        self.closed
    }

    /// What the last evaluation changed, after an edit.
    pub fn delta(&self) -> Option<Delta> {
        self.delta
    }

    /// The delta with how long ago it was computed (it is shown, then fades).
    pub fn delta_age(&self) -> Option<(Delta, std::time::Duration)> {
        Some((self.delta?, self.delta_at?.elapsed()))
    }

    /// An evaluation is queued or running for a newer revision than the one shown.
    pub fn is_busy(&self) -> bool {
        self.pending.is_some()
            || self.submitted.is_some_and(|s| {
                self.latest
                    .as_ref()
                    .is_none_or(|e| e.revision < s || e.engine != self.engine.id())
            })
    }

    /// Rule errors: the engine's compile errors and the last run's errors, as text.
    pub fn rule_errors(&self) -> Vec<String> {
        let mut v: Vec<String> = self.engine.errors().iter().map(|e| e.to_string()).collect();
        if let Some(e) = &self.latest {
            v.extend(e.errors.iter().map(|e| e.to_string()));
        }
        v.sort();
        v.dedup();
        v
    }
}

/// Counted as `diff` counts them: a finding another now stands for on its element is not
/// resolved, and one shown again when that one closes is not new.
fn delta(prev: &Evaluation, now: &Evaluation) -> Delta {
    let d = crate::engine::RiskDelta::between(prev, now);
    Delta {
        new: d.new.len(),
        resolved: d.resolved.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delta_reads_like_a_sentence() {
        assert_eq!(Delta { new: 2, resolved: 1 }.text(), "+2 new, 1 resolved");
        assert_eq!(Delta { new: 0, resolved: 3 }.text(), "3 resolved");
        assert_eq!(Delta::default().text(), "no change in findings");
    }
}
