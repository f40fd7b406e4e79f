//! Decisions about findings and threats people write, in the findings detail: a verdict is
//! recorded only together with its justification (and, optionally, who decided, a review date
//! and an assessed severity), for one finding or for several picked at once (one undo step);
//! a written threat is edited in place.

use super::PanelCtx;
use super::widgets::{commit_text, commit_text_labelled, section};
use crate::app::Effects;
use crate::app::session::{PendingVerdict, Session};
use crate::catalog::Severity;
use crate::engine::Finding;
use crate::model::{Date, Edit, FindingId, Model, ThreatTarget, Transaction, Triage, TriageStatus, UserThreat};
use egui::{Id, RichText, Ui};

/// The triage of one finding: its recorded decision, or the form that records one.
pub fn triage_ui(ui: &mut Ui, cx: &PanelCtx<'_>, f: &Finding, session: &mut Session, fx: &mut Effects) {
    section(ui, "Decision");
    let model = cx.model();
    let flag = cx.theme.palette.severity(Severity::Critical);
    if session
        .pending_verdict
        .as_ref()
        .is_some_and(|p| p.findings == [f.id.clone()])
    {
        decision_form(ui, cx, session, fx);
        return;
    }
    let Some(t) = model.triage.get(&f.id) else {
        ui.horizontal_wrapped(|ui| {
            ui.weak("Open.");
            for s in TriageStatus::ALL {
                if ui.button(verdict_button(s)).clicked() {
                    session.pending_verdict = Some(PendingVerdict::new(vec![f.id.clone()], s));
                }
            }
        });
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(t.status.label()).strong());
        for s in TriageStatus::ALL.into_iter().filter(|s| *s != t.status) {
            if ui.small_button(format!("Change to {}", s.label())).clicked() {
                record(
                    fx,
                    &f.id,
                    Triage {
                        status: s,
                        ..stamped(t, f)
                    },
                    "Change verdict",
                );
            }
        }
        if ui.small_button("Reopen").clicked() {
            fx.edit(set_triage(&f.id, None, "Reopen finding"));
        }
        if f.stale
            && ui
                .small_button("Re-confirm")
                .on_hover_text("Keep the verdict for the changed inputs")
                .clicked()
        {
            record(fx, &f.id, stamped(t, f), "Re-confirm triage");
        }
    });
    if f.review_due {
        ui.label(
            RichText::new(format!(
                "Review due since {}: the finding counts as open until someone decides again.",
                t.review_by
            ))
            .color(flag)
            .strong(),
        );
    }
    if !t.is_justified() {
        ui.label(
            RichText::new("No justification: this verdict is flagged in every report.")
                .color(flag)
                .strong(),
        );
    }
    let mut changed = |field: &str, apply: &dyn Fn(&mut Triage, String), value: Option<String>| {
        if let Some(v) = value {
            let mut n = t.clone();
            apply(&mut n, v);
            record(fx, &f.id, n, field);
        }
    };
    let key = f.id.as_str();
    ui.label("Justification");
    let v = commit_text(
        ui,
        Id::new(("triage-why", key)),
        &t.justification,
        true,
        "Why this verdict",
    );
    changed("Edit justification", &|n, v| n.justification = v, v);
    ui.horizontal(|ui| {
        ui.label("Decided by");
        let v = commit_text(ui, Id::new(("triage-by", key)), &t.decided_by, false, "Who decided");
        changed("Set who decided", &|n, v| n.decided_by = v.trim().to_owned(), v);
    });
    ui.horizontal(|ui| {
        ui.label("Owner");
        let v = commit_text(
            ui,
            Id::new(("triage-owner", key)),
            &t.owner,
            false,
            "Who owns the follow-up",
        );
        changed("Set risk owner", &|n, v| n.owner = v.trim().to_owned(), v);
    });
    ui.horizontal(|ui| {
        let l = ui.label("Review by");
        let v = commit_text_labelled(
            ui,
            Id::new(("triage-review", key)),
            &t.review_by,
            false,
            "YYYY-MM-DD",
            Some(l.id),
        );
        match v {
            Some(d) if !d.trim().is_empty() && Date::parse(d.trim()).is_none() => {
                ui.data_mut(|m| m.insert_temp(Id::new(("triage-review-bad", key)), d));
            }
            other => changed("Set review date", &|n, v| n.review_by = v.trim().to_owned(), other),
        }
    });
    if let Some(bad) = ui.data(|m| m.get_temp::<String>(Id::new(("triage-review-bad", key)))) {
        ui.label(RichText::new(format!("{bad:?} is not a date written YYYY-MM-DD.")).color(flag));
    }
    ui.horizontal(|ui| {
        ui.label("Assessed severity");
        if let Some(s) = severity_picker(ui, ("triage-sev", key), t.severity) {
            record(
                fx,
                &f.id,
                Triage {
                    severity: s,
                    ..t.clone()
                },
                "Assess severity",
            );
        }
    });
    if !t.date.is_empty() {
        ui.weak(format!("Decided {}.", t.date));
    }
}

/// Several findings picked in the list: one decision recorded for all of them, one undo step.
pub fn bulk_ui(ui: &mut Ui, cx: &PanelCtx<'_>, session: &mut Session, fx: &mut Effects) {
    let picked: Vec<FindingId> = session.picked_findings.iter().cloned().collect();
    ui.add_space(4.0);
    ui.label(RichText::new(format!("{} findings picked", picked.len())).heading());
    ui.weak("Ctrl-click a finding to add or remove it; a plain click picks one again.");
    if session.pending_verdict.as_ref().is_some_and(|p| p.findings == picked) {
        decision_form(ui, cx, session, fx);
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for s in TriageStatus::ALL {
            if ui
                .button(format!("{} all {}", verdict_button(s), picked.len()))
                .clicked()
            {
                session.pending_verdict = Some(PendingVerdict::new(picked.clone(), s));
            }
        }
        if ui.button("Clear the pick").clicked() {
            session.picked_findings.clear();
        }
    });
}

/// The form that records a verdict: nothing is written until it has a justification.
fn decision_form(ui: &mut Ui, cx: &PanelCtx<'_>, session: &mut Session, fx: &mut Effects) {
    let Some(p) = session.pending_verdict.as_mut() else {
        return;
    };
    let flag = cx.theme.palette.severity(Severity::Critical);
    ui.label(RichText::new(format!("Verdict: {} — not recorded yet", p.status.label())).strong());
    let l = ui.label("Justification (required)");
    ui.add(
        egui::TextEdit::multiline(&mut p.justification)
            .id_salt("pending-justification")
            .hint_text("Why this verdict: the evidence, the compensating control, who carries the risk")
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id);
    ui.horizontal(|ui| {
        let l = ui.label("Decided by");
        ui.add(
            egui::TextEdit::singleline(&mut p.decided_by)
                .id_salt("pending-by")
                .hint_text("Who decided"),
        )
        .labelled_by(l.id);
    });
    ui.horizontal(|ui| {
        let l = ui.label("Review by");
        ui.add(
            egui::TextEdit::singleline(&mut p.review_by)
                .id_salt("pending-review")
                .hint_text("YYYY-MM-DD (optional)"),
        )
        .labelled_by(l.id);
    });
    ui.horizontal(|ui| {
        ui.label("Assessed severity");
        if let Some(s) = severity_picker(ui, "pending-sev", p.severity) {
            p.severity = s;
        }
    });
    let date_ok = p.review_by.trim().is_empty() || Date::parse(p.review_by.trim()).is_some();
    if !date_ok {
        ui.label(RichText::new("The review date is written YYYY-MM-DD.").color(flag));
    }
    let ready = !p.justification.trim().is_empty() && date_ok;
    let mut done = false;
    ui.horizontal(|ui| {
        let label = if p.findings.len() == 1 {
            "Record decision".to_owned()
        } else {
            format!("Record for all {}", p.findings.len())
        };
        if ui
            .add_enabled(ready, egui::Button::new(label))
            .on_disabled_hover_text("A verdict is recorded with its justification")
            .clicked()
        {
            let model = cx.model();
            let today = Date::today().to_string();
            let edits = p
                .findings
                .iter()
                .map(|id| Edit::SetTriage {
                    finding: id.clone(),
                    triage: Some(Triage {
                        decided_by: p.decided_by.trim().to_owned(),
                        date: today.clone(),
                        review_by: p.review_by.trim().to_owned(),
                        severity: p.severity,
                        owner: model.triage.get(id).map(|t| t.owner.clone()).unwrap_or_default(),
                        fingerprint: cx.eval.finding(id).map(|f| f.fingerprint.clone()).unwrap_or_default(),
                        ..Triage::new(p.status, p.justification.trim())
                    }),
                })
                .collect();
            let label = format!("Triage: {} ({})", p.status.label(), p.findings.len());
            fx.edit(Transaction::new(label, edits));
            done = true;
        }
        if ui.button("Cancel").clicked() {
            done = true;
        }
    });
    if done {
        session.pending_verdict = None;
        session.picked_findings.clear();
    }
}

/// One text field of a written threat: label, hint, the field, multi-line.
type TextField = (&'static str, &'static str, fn(&mut UserThreat) -> &mut String, bool);

/// A threat a person wrote: every field editable in place, each change one undo step.
pub fn threat_ui(ui: &mut Ui, cx: &PanelCtx<'_>, id: &FindingId, fx: &mut Effects) {
    let Some(t) = cx.model().threats.get(id) else { return };
    section(ui, "Written threat");
    let key = id.as_str();
    let set = |fx: &mut Effects, label: &str, n: UserThreat| {
        fx.edit(Transaction::single(
            label,
            Edit::SetThreat {
                id: id.clone(),
                threat: Some(n),
            },
        ));
    };
    let text_fields: [TextField; 7] = [
        (
            "Statement",
            "What can go wrong, in one line",
            |t| &mut t.statement,
            false,
        ),
        (
            "Actor",
            "Who acts (an external attacker, an employee…)",
            |t| &mut t.actor,
            false,
        ),
        (
            "Prerequisites",
            "With what access or knowledge",
            |t| &mut t.prerequisites,
            false,
        ),
        ("Action", "What they do", |t| &mut t.action, false),
        ("Impact", "What follows", |t| &mut t.impact, false),
        ("Asset", "What is harmed", |t| &mut t.asset, false),
        (
            "Mitigated",
            "How it is mitigated, when no linked control says so (closes it)",
            |t| &mut t.mitigated,
            true,
        ),
    ];
    for (label, hint, field, multiline) in text_fields {
        ui.label(label);
        let mut n = t.clone();
        let current = field(&mut n).clone();
        if let Some(v) = commit_text(ui, Id::new(("threat", label, key)), &current, multiline, hint) {
            *field(&mut n) = v.trim().to_owned();
            set(fx, &format!("Edit threat: {}", label.to_lowercase()), n);
        }
    }
    ui.horizontal(|ui| {
        ui.label("Severity");
        if let Some(Some(s)) = severity_picker(ui, ("threat-sev", key), Some(t.severity)) {
            set(
                fx,
                "Edit threat: severity",
                UserThreat {
                    severity: s,
                    ..t.clone()
                },
            );
        }
    });
    section(ui, "Linked controls");
    ui.weak("Implemented together where the threat applies, they mitigate it.");
    for c in &t.controls {
        ui.horizontal(|ui| {
            let name = cx.catalog.control(c).map_or_else(|| c.to_string(), |x| x.name.clone());
            ui.label(name);
            if ui.small_button("Unlink").clicked() {
                let mut n = t.clone();
                n.controls.retain(|x| x != c);
                set(fx, "Unlink control", n);
            }
        });
    }
    egui::ComboBox::from_id_salt(("threat-link", key))
        .selected_text("Link a control…")
        .show_ui(ui, |ui| {
            let mut all: Vec<_> = cx
                .catalog
                .controls
                .values()
                .filter(|c| !t.controls.contains(&c.id))
                .collect();
            all.sort_by(|a, b| a.name.cmp(&b.name));
            for c in all {
                if ui
                    .selectable_label(false, &c.name)
                    .on_hover_text(&c.description)
                    .clicked()
                {
                    let mut n = t.clone();
                    n.controls.push(c.id.clone());
                    set(fx, "Link control", n);
                }
            }
        });
    ui.add_space(6.0);
    if ui
        .button("Promote to a rule…")
        .on_hover_text("Open the rule editor on a rule that finds this threat on every component of its kind")
        .clicked()
    {
        fx.action(crate::app::Action::PromoteThreat(id.clone()));
    }
    if ui.button("Delete this threat").clicked() {
        fx.edit(Transaction::single(
            "Delete threat",
            Edit::SetThreat {
                id: id.clone(),
                threat: None,
            },
        ));
    }
}

/// A new threat about the selected item (or the whole model), with the next free id.
pub fn new_threat(model: &Model, on: ThreatTarget) -> (FindingId, Transaction) {
    let id = model.next_threat_id();
    let tx = Transaction::single(
        "Write a threat",
        Edit::SetThreat {
            id: id.clone(),
            threat: Some(UserThreat::new("New threat: say what can go wrong", on)),
        },
    );
    (id, tx)
}

fn verdict_button(s: TriageStatus) -> &'static str {
    match s {
        TriageStatus::Accepted => "Accept…",
        TriageStatus::NotApplicable => "Not applicable…",
        TriageStatus::Transferred => "Transfer…",
    }
}

/// A severity picker; `Some(choice)` when the person picked (`None` inside: cleared).
fn severity_picker(
    ui: &mut Ui,
    salt: impl std::hash::Hash + std::fmt::Debug,
    current: Option<Severity>,
) -> Option<Option<Severity>> {
    let mut picked = None;
    egui::ComboBox::from_id_salt(salt)
        .selected_text(current.map_or("as computed", Severity::id))
        .show_ui(ui, |ui| {
            if ui.selectable_label(current.is_none(), "as computed").clicked() {
                picked = Some(None);
            }
            for s in Severity::WORST_FIRST {
                if ui.selectable_label(current == Some(s), s.id()).clicked() {
                    picked = Some(Some(s));
                }
            }
        });
    picked.filter(|p| *p != current)
}

fn stamped(t: &Triage, f: &Finding) -> Triage {
    Triage {
        date: Date::today().to_string(),
        fingerprint: f.fingerprint.clone(),
        ..t.clone()
    }
}

fn record(fx: &mut Effects, id: &FindingId, t: Triage, label: &str) {
    fx.edit(set_triage(id, Some(t), label));
}

fn set_triage(id: &FindingId, triage: Option<Triage>, label: &str) -> Transaction {
    Transaction::single(
        label,
        Edit::SetTriage {
            finding: id.clone(),
            triage,
        },
    )
}
