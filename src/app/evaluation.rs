//! Live findings: sends each new revision to the engine's worker thread after a short debounce,
//! keeps the newest result, and derives what the UI shows from it — badges per component,
//! counts per severity, and the "+2 new, 1 resolved" delta. The UI thread never evaluates, and
//! does not derive either: the worker thread derives all of that right after evaluating (see
//! [`Deriver`]) and the UI thread swaps the ready [`Derived`] in, handing the one it replaces
//! back to the worker to free (issue 15: taking a result in cost 50–150 ms at 10,000
//! components).

use crate::catalog::Severity;
use crate::engine::{Changes, Engine, Evaluation, Finding, Request, Worker};
use crate::model::{ElementId, FindingId};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
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

/// One evaluation with what the UI shows of it, derived on the worker thread.
struct Derived {
    /// Numbers the results the [`Deriver`] sent, from 1.
    seq: u64,
    eval: Arc<Evaluation>,
    badges: BTreeMap<ElementId, Badge>,
    /// Where each component's open findings sit in the findings: the inspector and the
    /// tooltip list them every frame, and filtering 27,000 findings for them cost more than the
    /// rest of a drag frame's panels (issue 15).
    open_on: BTreeMap<ElementId, Vec<usize>>,
    open_by_severity: [usize; 4],
    closed: usize,
    /// The delta against each earlier result the UI may be showing when this one is taken in,
    /// by its `seq`. Usually one; more when results arrive faster than the UI takes them.
    deltas: Vec<(u64, Delta)>,
}

impl Derived {
    /// Badges, `open_on` and counts of `eval`, with no deltas yet.
    fn of(seq: u64, eval: Arc<Evaluation>) -> Self {
        let mut d = Derived {
            seq,
            eval,
            badges: BTreeMap::new(),
            open_on: BTreeMap::new(),
            open_by_severity: [0; 4],
            closed: 0,
            deltas: Vec::new(),
        };
        for (i, f) in d.eval.findings.iter().enumerate() {
            if f.status.is_open() {
                d.open_on.entry(f.anchor.clone()).or_default().push(i);
                let b = d.badges.entry(f.anchor.clone()).or_insert(Badge {
                    open: 0,
                    worst: f.severity,
                });
                b.open += 1;
                b.worst = b.worst.max(f.severity);
                if let Some(i) = Severity::WORST_FIRST.iter().position(|s| *s == f.severity)
                    && let Some(n) = d.open_by_severity.get_mut(i)
                {
                    *n += 1;
                }
            } else {
                d.closed += 1;
            }
        }
        d
    }
}

/// What the UI thread has asked for and shows, as the worker thread sees it.
#[derive(Debug, Default)]
struct Shown {
    /// The newest revision sent to be evaluated.
    submitted: Option<u64>,
    /// The engine results must come from.
    engine: u64,
    /// The `seq` of the result shown; none for a new document (it shows no delta).
    seq: Option<u64>,
    /// The newest `seq` the UI thread has taken off the channel (shown or not).
    taken: u64,
}

/// Is a result of `revision` by `engine` out of date? An older revision than the last one
/// sent, or the results of an engine replaced by a rule reload.
fn stale(eval: &Evaluation, submitted: Option<u64>, engine: u64) -> bool {
    submitted.is_some_and(|s| eval.revision < s) || eval.engine != engine
}

/// Runs on the worker thread after each evaluation: drops results already out of date and
/// derives the rest, with their delta against every result the UI may be showing by the time
/// it takes this one in — the one it shows now, or one sent since that it has not taken yet.
struct Deriver {
    shown: Arc<Mutex<Shown>>,
    sent: u64,
    /// The results sent that the UI shows or may still show, by `seq`.
    kept: Vec<(u64, Arc<Evaluation>)>,
}

impl Deriver {
    fn derive(&mut self, eval: Evaluation) -> Option<Derived> {
        let s = lock(&self.shown);
        if stale(&eval, s.submitted, s.engine) {
            return None;
        }
        // The one shown, and those not taken yet that the UI will not find out of date.
        self.kept
            .retain(|(seq, e)| Some(*seq) == s.seq || (*seq > s.taken && !stale(e, s.submitted, s.engine)));
        drop(s);
        self.sent += 1;
        let eval = Arc::new(eval);
        let mut d = Derived::of(self.sent, eval.clone());
        d.deltas = self.kept.iter().map(|(seq, prev)| (*seq, delta(prev, &eval))).collect();
        self.kept.push((self.sent, eval));
        Some(d)
    }
}

fn lock(shown: &Mutex<Shown>) -> MutexGuard<'_, Shown> {
    // `Shown` is plain numbers, whole after any panic.
    shown.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The evaluation side of the app.
pub struct Evaluator {
    engine: Arc<Engine>,
    worker: Option<Worker<Derived>>,
    /// Why the worker could not start, shown in the status bar.
    pub worker_error: Option<String>,
    /// Shared with the worker thread's [`Deriver`].
    shown: Arc<Mutex<Shown>>,
    latest: Option<Derived>,
    submitted: Option<u64>,
    pending: Option<Changes>,
    due: Option<Instant>,
    delta: Option<Delta>,
    /// When the delta was computed (it fades after a while).
    delta_at: Option<Instant>,
}

impl std::fmt::Debug for Evaluator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Evaluator")
            .field("submitted", &self.submitted)
            .field("latest", &self.latest().map(|e| e.revision))
            .finish()
    }
}

impl Evaluator {
    /// Starts the worker thread; `notify` runs when a result is ready (ask for a repaint).
    pub fn new(engine: Arc<Engine>, notify: impl Fn() + Send + 'static) -> Self {
        let shown = Arc::new(Mutex::new(Shown {
            engine: engine.id(),
            ..Shown::default()
        }));
        let mut deriver = Deriver {
            shown: shown.clone(),
            sent: 0,
            kept: Vec::new(),
        };
        let spawned = Worker::spawn_with(engine.clone(), notify, move |eval| deriver.derive(eval));
        let (worker, worker_error) = match spawned {
            Ok(w) => (Some(w), None),
            Err(e) => (None, Some(format!("cannot start the evaluation thread: {e}"))),
        };
        Self {
            engine,
            worker,
            worker_error,
            shown,
            latest: None,
            submitted: None,
            pending: None,
            due: None,
            delta: None,
            delta_at: None,
        }
    }

    /// Frees `what` on the worker thread (here if it has stopped).
    fn discard(&self, what: impl Send + 'static) {
        if let Some(w) = &self.worker {
            w.submit(Request::Discard(Box::new(what)));
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
        // Before the worker hears of it, so it drops the old engine's results from then on.
        lock(&self.shown).engine = engine.id();
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
        lock(&self.shown).seq = None;
        if let Some(old) = self.latest.take() {
            self.discard(old);
        }
        self.delta = None;
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
        let mut arrived = self.worker.as_ref().map(Worker::arrived).unwrap_or_default();
        let Some(newest) = arrived.pop() else {
            return false;
        };
        if !arrived.is_empty() {
            self.discard(arrived);
        }
        self.accept(newest)
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
        while self.latest().is_none_or(|e| e.revision < target || e.engine != engine) {
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
            // Revisions only grow, so one older than this is out of date from now on.
            lock(&self.shown).submitted = Some(revision);
            self.submitted = Some(revision);
        } else if self.worker_error.is_none() {
            self.worker_error = Some("the evaluation thread has stopped".to_owned());
        }
    }

    /// Shows `new` unless a newer revision has been sent since or its engine was replaced.
    /// Everything shown was derived on the worker thread; what it replaces is freed there.
    fn accept(&mut self, new: Derived) -> bool {
        let shown_seq = self.latest.as_ref().map(|d| d.seq);
        {
            let mut s = lock(&self.shown);
            s.taken = s.taken.max(new.seq);
            if stale(&new.eval, self.submitted, self.engine.id()) {
                drop(s);
                self.discard(new);
                return false;
            }
            s.seq = Some(new.seq);
        }
        self.delta = self.latest.as_ref().map(|prev| {
            let derived = shown_seq.and_then(|seq| new.deltas.iter().find(|(s, _)| *s == seq));
            // Always derived: the worker keeps every result the UI may be showing.
            debug_assert!(derived.is_some(), "no delta against the result shown");
            derived.map_or_else(|| delta(&prev.eval, &new.eval), |(_, d)| *d)
        });
        self.delta_at = Some(Instant::now());
        if let Some(old) = self.latest.replace(new) {
            self.discard(old);
        }
        true
    }

    /// The newest evaluation.
    pub fn latest(&self) -> Option<&Evaluation> {
        self.latest.as_ref().map(|d| &*d.eval)
    }

    /// The newest findings (empty before the first result).
    pub fn findings(&self) -> &[Arc<Finding>] {
        self.latest().map(|e| e.findings.as_slice()).unwrap_or(&[])
    }

    /// A finding by id.
    pub fn finding(&self, id: &FindingId) -> Option<&Arc<Finding>> {
        self.latest().and_then(|e| e.get(id))
    }

    /// The badge of a component, if it has open findings.
    pub fn badge(&self, id: &ElementId) -> Option<Badge> {
        self.latest.as_ref()?.badges.get(id).copied()
    }

    /// The open findings anchored on a component, in the findings' order.
    pub fn open_on(&self, id: &ElementId) -> impl Iterator<Item = &Arc<Finding>> {
        let findings = self.findings();
        self.latest
            .as_ref()
            .and_then(|d| d.open_on.get(id))
            .into_iter()
            .flatten()
            .filter_map(move |i| findings.get(*i))
    }

    /// Open findings per severity, worst first (as `Severity::WORST_FIRST`).
    pub fn open_by_severity(&self) -> [usize; 4] {
        self.latest.as_ref().map_or([0; 4], |d| d.open_by_severity)
    }

    /// Mitigated and triaged findings.
    pub fn closed(&self) -> usize {
        self.latest.as_ref().map_or(0, |d| d.closed)
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
                self.latest()
                    .is_none_or(|e| e.revision < s || e.engine != self.engine.id())
            })
    }

    /// Rule errors: the engine's compile errors and the last run's errors, as text.
    pub fn rule_errors(&self) -> Vec<String> {
        let mut v: Vec<String> = self.engine.errors().iter().map(|e| e.to_string()).collect();
        if let Some(e) = self.latest() {
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

    fn engine() -> Arc<Engine> {
        let (cat, _) = crate::catalog::Catalog::builtin();
        Arc::new(Engine::new(Arc::new(cat)))
    }

    fn model(seed: u64) -> Arc<crate::model::Model> {
        let (cat, _) = crate::catalog::Catalog::builtin();
        Arc::new(crate::synth::synth_model(&cat, 120, seed))
    }

    /// What `accept` computed on the UI thread before issue 15 moved it to the worker thread,
    /// counted another way.
    fn synchronously(prev: Option<&Evaluation>, eval: &Evaluation) -> Derived {
        let open = || eval.findings.iter().enumerate().filter(|(_, f)| f.status.is_open());
        let mut open_on: BTreeMap<ElementId, Vec<usize>> = BTreeMap::new();
        for (i, f) in open() {
            open_on.entry(f.anchor.clone()).or_default().push(i);
        }
        let badges = open_on
            .iter()
            .map(|(id, at)| {
                let worst = at.iter().map(|i| eval.findings[*i].severity).max();
                (
                    id.clone(),
                    Badge {
                        open: at.len(),
                        worst: worst.expect("open findings"),
                    },
                )
            })
            .collect();
        Derived {
            seq: 0,
            eval: Arc::new(eval.clone()),
            badges,
            open_on,
            open_by_severity: Severity::WORST_FIRST.map(|s| open().filter(|(_, f)| f.severity == s).count()),
            closed: eval.findings.len() - open().count(),
            deltas: prev.map(|p| (0, delta(p, eval))).into_iter().collect(),
        }
    }

    /// The evaluator shows what the synchronous path derived from the same evaluations.
    fn assert_shows(e: &Evaluator, prev: Option<&Evaluation>, what: &str) {
        let eval = e.latest().expect("a result");
        let want = synchronously(prev, eval);
        let got = e.latest.as_ref().expect("a result");
        assert!(got.badges == want.badges, "badges after {what}");
        assert!(got.open_on == want.open_on, "open_on after {what}");
        assert_eq!(e.open_by_severity(), want.open_by_severity, "{what}");
        assert_eq!(e.closed(), want.closed, "{what}");
        assert_eq!(e.delta(), want.deltas.first().map(|(_, d)| *d), "delta after {what}");
        for (id, b) in &want.badges {
            assert_eq!(e.badge(id), Some(*b));
            let listed: Vec<_> = e.open_on(id).map(|f| f.id.clone()).collect();
            let open: Vec<_> = eval
                .on_element(id)
                .filter(|f| f.status.is_open())
                .map(|f| f.id.clone())
                .collect();
            assert_eq!(listed, open, "{what}");
        }
    }

    /// Issue 15: badges, `open_on`, counts and the delta come ready from the worker thread and
    /// are what deriving them on the UI thread gave.
    #[test]
    fn what_the_worker_derives_is_what_taking_a_result_in_derived() {
        let mut e = Evaluator::new(engine(), || {});
        e.changed(Changes::all(), Instant::now());
        e.wait(1, model(4));
        assert_shows(&e, None, "the first result");
        assert_eq!(e.delta(), None, "nothing to compare the first result with");
        let first = e.latest().cloned().expect("a result");

        e.changed(Changes::all(), Instant::now());
        e.wait(2, model(5));
        assert_shows(&e, Some(&first), "an edit");
        let d = e.delta().expect("a delta after an edit");
        assert!(d.new > 0 && d.resolved > 0, "another model: {d:?}");

        e.new_document();
        assert_eq!((e.findings().len(), e.delta(), e.closed()), (0, None, 0));
        e.wait(3, model(6));
        assert_shows(&e, None, "a new document");
    }

    /// Results the UI thread has not taken in yet each come with a delta against the one
    /// before: whichever of them it shows when the next arrives, the delta is against that.
    /// Out-of-date results — an older revision than the last sent, or another engine's — are
    /// not shown, whether the worker or the UI thread finds them so.
    #[test]
    fn a_result_out_of_date_is_ignored_and_the_delta_is_against_what_is_shown() {
        let engine = engine();
        let mut e = Evaluator::new(engine.clone(), || {});
        let mut worker = Deriver {
            shown: e.shown.clone(),
            sent: 0,
            kept: Vec::new(),
        };
        let evals: Vec<Evaluation> = (1..=5).map(|r| engine.evaluate(model(r), r)).collect();
        // Revision 3 is never sent: the third result is a second one for revision 2.
        let sent = |e: &mut Evaluator, revision: u64| {
            e.submitted = Some(revision);
            lock(&e.shown).submitted = Some(revision);
        };

        sent(&mut e, 1);
        assert!(e.accept(worker.derive(evals[0].clone()).expect("current")));
        assert_shows(&e, None, "the first result");
        // Two results for the same revision (sent again) arrive before the UI thread takes
        // either in.
        sent(&mut e, 2);
        let second = worker.derive(evals[1].clone()).expect("current");
        let third = worker.derive(engine.evaluate(model(3), 2)).expect("current");
        assert_eq!(third.deltas.len(), 2, "against the one shown and the one not taken yet");
        assert!(e.accept(second));
        assert_shows(&e, Some(&evals[0]), "the second result");
        let second = e.latest().cloned().expect("shown");
        assert!(e.accept(third));
        assert_shows(&e, Some(&second), "the third result");
        let third = e.latest().cloned().expect("shown");
        // The fourth is out of date by the time the UI thread sees it, and the fifth arrives
        // before that: its delta is against the third, still shown, only.
        sent(&mut e, 4);
        let fourth = worker.derive(evals[3].clone()).expect("current when derived");
        sent(&mut e, 5);
        assert!(worker.derive(evals[3].clone()).is_none(), "the worker drops it now");
        let fifth = worker.derive(evals[4].clone()).expect("current");
        assert_eq!(
            fifth.deltas.len(),
            1,
            "not against the fourth, which the UI will not show"
        );
        assert!(!e.accept(fourth), "an older revision than the last sent");
        assert_eq!(e.latest().map(|l| l.revision), Some(2));
        assert!(e.accept(fifth));
        assert_shows(&e, Some(&third), "the fifth result");

        // Rules reloaded: the old engine's results are out of date.
        let old = engine.evaluate(model(6), 6);
        let derived = worker.derive(old.clone()).expect("current when derived");
        e.set_engine(self::engine());
        assert!(!e.accept(derived), "the replaced engine's");
        assert!(worker.derive(old).is_none(), "the worker drops it too");
        assert_eq!(e.latest().map(|l| l.revision), Some(5));
    }
}
