//! The findings panel: the live list, grouped by severity, component or framework, filtered by
//! text and status; the selected finding's why, missing controls (one click to mark one
//! implemented), references and triage in place.

use super::PanelCtx;
use super::widgets::section;
use crate::app::session::{GroupBy, Item, Selection, Session, StatusFilter};
use crate::app::{Action, Effects};
use crate::catalog::{Frameworks, Rule, Severity};
use crate::engine::{Finding, Status};
use crate::model::{ControlState, Edit, ElementId, Fact, FlowFact, FlowId, Model, Target, Transaction};
use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Id, RichText, Sense, Ui, WidgetInfo, WidgetType};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The findings panel.
#[derive(Debug, Default)]
pub struct FindingsPanel {
    /// The finding the detail pane showed last: another one starts at its top.
    shown: Option<crate::model::FindingId>,
    /// The list as last grouped, and what it was grouped from: grouping thousands of findings
    /// every frame cost a large model most of its frame time.
    grouped: Option<(ListKey, Grouped)>,
    /// The open questions as last gathered, for the evaluation and document revision they
    /// were gathered from: gathering them every frame cost 3% of a frame at 10,000 components.
    questions: Option<Questions>,
}

/// The open questions, with the evaluation (its revision and findings' address) and the
/// document revision they were gathered from.
type Questions = ((u64, usize, u64), Vec<crate::report::QuestionGroup>);

/// The list's groups in order: each group's title and the positions of its findings in the
/// evaluation's findings, worst first.
type Grouped = Vec<(String, Vec<usize>)>;

/// What the grouped list depends on.
#[derive(Debug, Clone, PartialEq)]
struct ListKey {
    /// The findings slice (its address and length) and the evaluation it came from.
    findings: (usize, usize, u64),
    /// The document revision, when the list reads components' names (grouped by component,
    /// or filtered): otherwise an edit leaves the list as it was until its findings arrive.
    doc: Option<u64>,
    filter: String,
    group: crate::app::session::GroupBy,
    status: StatusFilter,
    people_only: bool,
}

/// A group in the list: a sort key, a title, and its findings.
struct Group<'a> {
    title: String,
    findings: Vec<&'a Arc<Finding>>,
}

fn element_name(model: &Model, id: &ElementId) -> String {
    model.element_name(id).to_owned()
}

/// The group keys (sortable) and titles a finding belongs to under `by`.
fn keys_of(f: &Finding, by: GroupBy, model: &Model, fw: &Frameworks) -> Vec<(String, String)> {
    let named = |id: &str, name: Option<&str>| match name {
        Some(n) => format!("{id} {n}"),
        None => id.to_owned(),
    };
    let none = |what: &str| vec![("~".to_owned(), format!("No {what} mapping"))];
    match by {
        GroupBy::Severity => {
            let rank = Severity::WORST_FIRST.iter().position(|s| *s == f.severity).unwrap_or(9);
            vec![(rank.to_string(), severity_title(f.severity).to_owned())]
        }
        GroupBy::Element => {
            let name = element_name(model, &f.anchor);
            vec![(name.to_lowercase(), name)]
        }
        GroupBy::Stride => {
            if f.stride.is_empty() {
                return none("STRIDE");
            }
            f.stride
                .iter()
                .map(|s| (format!("{:?}", *s as u8), s.label().to_owned()))
                .collect()
        }
        GroupBy::OwaspLlm => {
            if f.references.owasp_llm.is_empty() {
                return none("OWASP LLM");
            }
            f.references
                .owasp_llm
                .iter()
                .map(|id| {
                    let item = fw.owasp_llm.iter().find(|i| &i.id == id);
                    (id.clone(), named(id, item.map(|i| i.name.as_str())))
                })
                .collect()
        }
        GroupBy::Agentic => {
            if f.references.agentic.is_empty() {
                return none("OWASP Agentic");
            }
            f.references
                .agentic
                .iter()
                .map(|id| {
                    let item = fw.agentic.iter().find(|i| &i.id == id);
                    let n: u32 = id.trim_start_matches('T').parse().unwrap_or(99);
                    (format!("{n:03}"), named(id, item.map(|i| i.name.as_str())))
                })
                .collect()
        }
        GroupBy::Maestro => {
            if f.references.maestro.is_empty() {
                return none("MAESTRO");
            }
            f.references
                .maestro
                .iter()
                .map(|l| {
                    let item = fw.maestro.iter().find(|i| i.id == l.id());
                    (l.id().to_owned(), named(l.id(), item.map(|i| i.name.as_str())))
                })
                .collect()
        }
        GroupBy::Atlas => {
            let mut tactics: Vec<(String, String)> = Vec::new();
            for t in &f.references.atlas {
                let Some(tech) = fw.atlas_techniques.iter().find(|i| &i.id == t) else {
                    continue;
                };
                for tactic in &tech.tactics {
                    let order = fw.atlas_tactics.iter().position(|x| &x.id == tactic).unwrap_or(99);
                    let title = named(tactic, fw.tactic_name(tactic));
                    let key = format!("{order:03}");
                    if !tactics.iter().any(|(k, _)| *k == key) {
                        tactics.push((key, title));
                    }
                }
            }
            if tactics.is_empty() { none("ATLAS") } else { tactics }
        }
    }
}

/// "Critical", "High" …
pub fn severity_title(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
    }
}

/// Whether a finding passes the filter (`q` in [`crate::catalog::search_form`]): its title, id,
/// why, element or one of its rules' aliases (so "model inversion" or "jailbreak" finds the
/// threat by its common name, also where another finding of its family or a more specific rule
/// stands for it).
fn passes_filter(f: &Finding, model: &Model, rules: &[&Rule], q: &str) -> bool {
    use crate::catalog::search_form;
    q.is_empty()
        || search_form(&f.title).contains(q)
        || search_form(f.id.as_str()).contains(q)
        || search_form(&f.why).contains(q)
        || search_form(&element_name(model, &f.anchor)).contains(q)
        || rules.iter().any(|r| r.matches_search_form(q))
}

/// The list's groups in order, each with its title and the positions in `findings` of its
/// findings, worst first.
fn groups(cx: &PanelCtx<'_>, session: &Session, findings: &[Arc<Finding>]) -> Grouped {
    let model = cx.model();
    let engine = cx.eval.engine();
    let query = crate::catalog::search_form(&session.findings_filter);
    let mut by_key: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        let rules: Vec<&Rule> = if query.is_empty() {
            Vec::new()
        } else {
            engine
                .rules()
                .filter(|r| r.id == f.rule || f.refines.contains(&r.id))
                .collect()
        };
        if !session.findings_status.passes(f.status.is_open())
            || !passes_filter(f, model, &rules, &query)
            || (session.findings_people_only && !crate::model::is_user_id(f.rule.as_str()))
        {
            continue;
        }
        for (key, title) in keys_of(f, session.findings_group, model, &cx.catalog.frameworks) {
            by_key.entry(key).or_insert_with(|| (title, Vec::new())).1.push(i);
        }
    }
    let mut out: Grouped = by_key.into_values().collect();
    for (_, ix) in &mut out {
        ix.sort_by(|&a, &b| {
            let (a, b) = (&findings[a], &findings[b]);
            b.severity.cmp(&a.severity).then_with(|| a.id.cmp(&b.id))
        });
    }
    out
}

impl FindingsPanel {
    /// Draws the panel.
    pub fn ui(&mut self, ui: &mut Ui, cx: &PanelCtx<'_>, session: &mut Session, fx: &mut Effects) {
        toolbar(ui, cx, session, fx, &mut self.questions);
        compare_ui(ui, cx, session, fx);
        ui.separator();
        egui::Panel::right("finding-detail")
            .resizable(true)
            .default_size(ui.available_width() * 0.48)
            .size_range(260.0..=ui.available_width() * 0.8)
            .frame(egui::Frame::NONE.inner_margin(egui::Margin::symmetric(8, 0)))
            .show(ui, |ui| {
                let mut scroll = egui::ScrollArea::vertical()
                    .id_salt("finding-detail-scroll")
                    .auto_shrink([false, false]);
                if self.shown != session.selected_finding {
                    scroll = scroll.vertical_scroll_offset(0.0);
                    self.shown = session.selected_finding.clone();
                }
                scroll.show(ui, |ui| detail_ui(ui, cx, session, fx));
            });
        egui::CentralPanel::no_frame().show(ui, |ui| {
            suggested_ui(ui, cx, fx);
            list_ui(ui, cx, session, &mut self.grouped)
        });
    }
}

/// Threats an assistant or agent suggested, waiting for a person: marked as suggested, listed
/// above the findings (they count nowhere until accepted), each accepted or rejected here.
fn suggested_ui(ui: &mut Ui, cx: &PanelCtx<'_>, fx: &mut Effects) {
    let threats: Vec<(&str, &str, Option<&crate::model::ElementId>, &str)> = cx
        .suggestions
        .iter()
        .filter_map(|s| match &s.change {
            crate::model::Proposal::AddThreat { statement, element } => {
                Some((s.id.as_str(), statement.as_str(), element.as_ref(), s.source.as_str()))
            }
            _ => None,
        })
        .collect();
    if threats.is_empty() {
        return;
    }
    let model = cx.model();
    egui::CollapsingHeader::new(format!("Suggested threats, pending your review ({})", threats.len()))
        .id_salt("suggested-threats")
        .default_open(true)
        .show(ui, |ui| {
            for (id, statement, element, source) in threats {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new("SUGGESTED").monospace().color(cx.theme.palette.text_weak));
                    ui.label(crate::io::printable_line(statement));
                    if let Some(e) = element {
                        let name = model.elements.get(e).map_or(e.as_str(), |x| x.name.as_str());
                        ui.weak(format!("— {}", crate::io::printable_line(name)));
                    }
                    if ui
                        .small_button("Accept")
                        .on_hover_text(format!(
                            "Write it into the model as a threat ({id}, from {source}); one undo step"
                        ))
                        .clicked()
                    {
                        fx.action(Action::DecideSuggestion(id.to_owned(), true));
                    }
                    if ui
                        .small_button("Reject")
                        .on_hover_text(format!("Drop {id}; the audit log keeps a line"))
                        .clicked()
                    {
                        fx.action(Action::DecideSuggestion(id.to_owned(), false));
                    }
                });
            }
        });
    ui.separator();
}

/// In compare mode: what the change did to the risk, new open findings first (click one to
/// show it), and the way out.
fn compare_ui(ui: &mut Ui, cx: &PanelCtx<'_>, session: &mut Session, fx: &mut Effects) {
    let (Some(c), Some(now)) = (session.compare.as_ref(), cx.eval.latest()) else {
        return;
    };
    let delta = crate::engine::RiskDelta::between(&c.base_eval, now);
    let label = crate::io::printable_line(&c.label).into_owned();
    let mut pick = None;
    ui.separator();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("Since {label}:")).strong());
        ui.label(format!(
            "{} new open · {} resolved · {} re-triaged · {} severity changes",
            delta.new.len(),
            delta.resolved.len(),
            delta.retriaged.len(),
            delta.severity.len()
        ));
        if ui
            .button("Leave compare")
            .on_hover_text("Back to the model alone; nothing is changed")
            .clicked()
        {
            fx.command(crate::app::AppCommand::CompareWith);
        }
    });
    ui.horizontal_wrapped(|ui| {
        for f in &delta.new {
            let text = format!("+ {} {}", f.severity.id(), crate::io::printable_line(&f.title));
            if ui
                .selectable_label(false, RichText::new(text).color(cx.theme.palette.severity(f.severity)))
                .clicked()
            {
                pick = Some(f.id.clone());
            }
        }
        for (o, why, _) in &delta.resolved {
            ui.label(RichText::new(format!("− {} ({})", crate::io::printable_line(&o.title), why.label())).weak());
        }
    });
    if let Some(id) = pick {
        session.selected_finding = Some(id);
    }
}

fn toolbar(ui: &mut Ui, cx: &PanelCtx<'_>, session: &mut Session, fx: &mut Effects, questions: &mut Option<Questions>) {
    ui.horizontal(|ui| {
        let open: usize = cx.eval.open_by_severity().iter().sum();
        ui.heading("Findings");
        ui.label(RichText::new(format!("{open} open · {} closed", cx.eval.closed())).weak());
        questions_button(ui, cx, fx, questions);
        ui.separator();
        ui.label("Group by");
        egui::ComboBox::from_id_salt("findings-group")
            .selected_text(session.findings_group.label())
            .show_ui(ui, |ui| {
                for g in GroupBy::ALL {
                    ui.selectable_value(&mut session.findings_group, g, g.label());
                }
            });
        ui.separator();
        for s in StatusFilter::ALL {
            ui.selectable_value(&mut session.findings_status, s, s.label());
        }
        ui.toggle_value(&mut session.findings_people_only, "Written by people")
            .on_hover_text("Only the threats people wrote in this model");
        if ui
            .button("Write a threat")
            .on_hover_text("A threat no rule raises, about the selected item or the whole model (T)")
            .clicked()
        {
            fx.command(crate::app::commands::AppCommand::WriteThreat);
        }
        ui.separator();
        let filter = ui.add(
            egui::TextEdit::singleline(&mut session.findings_filter)
                .hint_text("Filter findings…")
                .desired_width(200.0),
        );
        filter.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Filter findings"));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if cx.eval.is_busy() {
                ui.weak("evaluating…");
            } else if let Some((d, age)) = cx.eval.delta_age() {
                // Shown for a few seconds after a change, dimmed for two more, then gone: it is
                // news, not state. Two repaints at most, never a per-frame animation.
                const SHOWN: f32 = 6.0;
                const DIMMED: f32 = 8.0;
                let t = age.as_secs_f32();
                if t < DIMMED {
                    let color = if d.new > 0 {
                        cx.theme.palette.severity(Severity::High)
                    } else if d.resolved > 0 {
                        cx.theme.palette.mitigated
                    } else {
                        cx.theme.palette.text_weak
                    };
                    let (color, next) = if t < SHOWN {
                        (color, SHOWN - t)
                    } else {
                        (color.gamma_multiply(0.45), DIMMED - t)
                    };
                    ui.label(RichText::new(d.text()).color(color).strong())
                        .on_hover_text("What the last change did to the open findings");
                    // Never sooner than a few frames away, so waiting for it is not a busy loop.
                    ui.ctx()
                        .request_repaint_after(std::time::Duration::from_secs_f32(next.max(0.3)));
                }
            }
        });
    });
}

fn finding_row_text(f: &Finding, model: &Model, color: Color32, weak: Color32, ui: &Ui) -> LayoutJob {
    let body = FontId::proportional(13.0);
    let text = ui.visuals().text_color();
    let mut job = LayoutJob::default();
    job.append("◆ ", 0.0, TextFormat::simple(body.clone(), color));
    let sev = format!("{:<8}", f.severity.id().to_uppercase());
    job.append(&sev, 0.0, TextFormat::simple(FontId::monospace(11.0), color));
    job.append(&f.title, 6.0, TextFormat::simple(body.clone(), text));
    job.append(
        &format!("  —  {}", element_name(model, &f.anchor)),
        0.0,
        TextFormat::simple(body.clone(), weak),
    );
    // What tells two findings of one rule on one component apart: the flow, or where the
    // path starts.
    let distinct = match (&f.flow, f.path.first()) {
        (Some(fl), _) => model.flows.get(fl).map(|x| {
            if x.label.is_empty() {
                format!("via {} → {}", element_name(model, &x.from), element_name(model, &x.to))
            } else {
                format!("via “{}”", x.label)
            }
        }),
        (None, Some(start)) if f.path.len() > 1 && start != &f.anchor => {
            Some(format!("from {}", element_name(model, start)))
        }
        _ => None,
    };
    if let Some(d) = distinct {
        job.append(
            &format!("  ({})", crate::io::printable_line(&d)),
            0.0,
            TextFormat::simple(body.clone(), weak),
        );
    }
    if f.status != Status::Open {
        job.append(
            &format!("  [{}]", f.status.label()),
            0.0,
            TextFormat::simple(body, weak),
        );
    }
    job
}

/// The open questions, grouped by fact, each group answerable at once (one undo step).
fn questions_button(ui: &mut Ui, cx: &PanelCtx<'_>, fx: &mut Effects, cache: &mut Option<Questions>) {
    let Some(eval) = cx.eval.latest() else { return };
    let model = cx.model();
    let key = (eval.revision, eval.findings.as_ptr() as usize, cx.doc.revision());
    if cache.as_ref().is_none_or(|(k, _)| *k != key) {
        *cache = Some((key, crate::report::question_groups(model, eval)));
    }
    let Some((_, groups)) = cache.as_ref() else { return };
    let asked: usize = groups.iter().map(|g| g.flows.len()).sum();
    if asked == 0 {
        return;
    }
    let label = RichText::new(format!("{asked} open questions")).color(cx.theme.palette.severity(Severity::Medium));
    ui.menu_button(label, |ui| {
        ui.set_max_width(520.0);
        ui.weak("Facts nobody answered that a rule needs. They are not findings until answered.");
        for g in groups {
            ui.separator();
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(g.headline()).strong());
                for (text, value) in [("Yes to all", Fact::Yes), ("No to all", Fact::No)] {
                    if ui.small_button(text).clicked() {
                        fx.edit(answer(model, g.fact, g.flows.iter().map(|f| &f.id), value));
                    }
                }
            });
            for f in &g.flows {
                ui.horizontal(|ui| {
                    let mark = if f.crosses_boundary {
                        " (crosses a trust boundary)"
                    } else {
                        ""
                    };
                    ui.label(format!("{}{mark}", f.label));
                    for (text, value) in [("yes", Fact::Yes), ("no", Fact::No)] {
                        if ui.small_button(text).clicked() {
                            fx.edit(answer(model, g.fact, std::iter::once(&f.id), value));
                        }
                    }
                });
            }
        }
    });
}

/// One transaction answering `fact` on these flows.
fn answer<'a>(model: &Model, fact: FlowFact, flows: impl Iterator<Item = &'a FlowId>, value: Fact) -> Transaction {
    let edits: Vec<Edit> = flows
        .filter_map(|id| {
            let mut flow = model.flows.get(id)?.clone();
            fact.set(&mut flow, value);
            Some(Edit::SetFlow { id: id.clone(), flow })
        })
        .collect();
    let n = edits.len();
    Transaction::new(
        format!(
            "{}: {} on {n} flow{}",
            fact.id(),
            value.id(),
            if n == 1 { "" } else { "s" }
        ),
        edits,
    )
}

/// One row of the findings list: a group header or a finding.
enum Row<'a> {
    Header { title: String, count: usize, open: bool },
    Finding(&'a Arc<Finding>),
}

/// Height of a list row; rows are uniform so only the visible ones are laid out.
const ROW_HEIGHT: f32 = 20.0;

/// The list. Only the rows in view are drawn (a model of hundreds of components has thousands
/// of findings); collapsed groups are widget scratch in egui memory.
fn list_ui(ui: &mut Ui, cx: &PanelCtx<'_>, session: &mut Session, cache: &mut Option<(ListKey, Grouped)>) {
    let findings = cx.eval.findings();
    let Some(latest) = cx.eval.latest() else {
        ui.weak("Evaluating…");
        return;
    };
    let key = ListKey {
        findings: (findings.as_ptr() as usize, findings.len(), latest.revision),
        doc: (session.findings_group == crate::app::session::GroupBy::Element
            || !session.findings_filter.trim().is_empty())
        .then(|| cx.doc.revision()),
        filter: session.findings_filter.clone(),
        group: session.findings_group,
        status: session.findings_status,
        people_only: session.findings_people_only,
    };
    if cache.as_ref().is_none_or(|(k, _)| *k != key) {
        *cache = Some((key, groups(cx, session, findings)));
    }
    let groups: Vec<Group<'_>> = cache
        .as_ref()
        .map(|(_, g)| {
            g.iter()
                .map(|(title, ix)| Group {
                    title: title.clone(),
                    findings: ix.iter().filter_map(|i| findings.get(*i)).collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    if groups.is_empty() {
        ui.weak(match session.findings_status {
            StatusFilter::Open => "No open findings match. Every threat here is mitigated or triaged.",
            StatusFilter::Closed => "No closed findings match.",
            StatusFilter::All => "No findings match.",
        });
        return;
    }
    let collapsed_id = Id::new(("findings-collapsed", session.findings_group.label()));
    let mut collapsed: BTreeSet<String> = ui.data(|d| d.get_temp(collapsed_id)).unwrap_or_default();
    let mut rows = Vec::new();
    for g in &groups {
        let open = !collapsed.contains(&g.title);
        rows.push(Row::Header {
            title: g.title.clone(),
            count: g.findings.len(),
            open,
        });
        if open {
            rows.extend(g.findings.iter().map(|f| Row::Finding(f)));
        }
    }
    let model = cx.model();
    let pal = &cx.theme.palette;
    let mut toggle = None;
    egui::ScrollArea::vertical()
        .id_salt("findings-list-scroll")
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, rows.len(), |ui, range| {
            ui.spacing_mut().item_spacing.y = 0.0;
            for row in rows.get(range).unwrap_or_default() {
                let (rect, resp) = ui.allocate_exact_size(egui::vec2(ui.available_width(), ROW_HEIGHT), Sense::click());
                match row {
                    Row::Header { title, count, open } => {
                        let label = format!("{title}  ({count})");
                        resp.widget_info(|| WidgetInfo::labeled(WidgetType::CollapsingHeader, true, &label));
                        if resp.hovered() {
                            ui.painter()
                                .rect_filled(rect, 3.0, ui.visuals().widgets.hovered.weak_bg_fill);
                        }
                        let c = rect.left_center() + egui::vec2(8.0, 0.0);
                        let tri = if *open {
                            vec![
                                c + egui::vec2(-4.0, -2.5),
                                c + egui::vec2(4.0, -2.5),
                                c + egui::vec2(0.0, 3.0),
                            ]
                        } else {
                            vec![
                                c + egui::vec2(-2.5, -4.0),
                                c + egui::vec2(3.0, 0.0),
                                c + egui::vec2(-2.5, 4.0),
                            ]
                        };
                        let text = ui.visuals().strong_text_color();
                        ui.painter()
                            .add(egui::Shape::convex_polygon(tri, text, egui::Stroke::NONE));
                        ui.painter().text(
                            rect.left_center() + egui::vec2(18.0, 0.0),
                            egui::Align2::LEFT_CENTER,
                            label,
                            FontId::proportional(13.5),
                            text,
                        );
                        if resp.clicked() {
                            toggle = Some(title.clone());
                        }
                    }
                    Row::Finding(f) => finding_row(ui, rect, &resp, f, model, pal, session),
                }
            }
        });
    if let Some(t) = toggle {
        if !collapsed.remove(&t) {
            collapsed.insert(t);
        }
        ui.data_mut(|d| d.insert_temp(collapsed_id, collapsed));
    }
}

fn finding_row(
    ui: &Ui,
    rect: egui::Rect,
    resp: &egui::Response,
    f: &Arc<Finding>,
    model: &Model,
    pal: &crate::app::theme::Palette,
    session: &mut Session,
) {
    let anchor = element_name(model, &f.anchor);
    resp.widget_info(|| WidgetInfo::labeled(WidgetType::Button, true, format!("{} — {anchor}", f.title)));
    let selected = session.selected_finding.as_ref() == Some(&f.id) || session.picked_findings.contains(&f.id);
    if selected {
        ui.painter().rect_filled(rect, 3.0, ui.visuals().selection.bg_fill);
    } else if resp.hovered() {
        ui.painter()
            .rect_filled(rect, 3.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    let mut job = finding_row_text(f, model, pal.finding(f.severity, f.status), pal.text_weak, ui);
    job.wrap = egui::text::TextWrapping {
        max_width: rect.width() - 24.0,
        max_rows: 1,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    let galley = ui.painter().layout_job(job);
    let at = egui::pos2(rect.left() + 18.0, rect.center().y - galley.size().y / 2.0);
    ui.painter().galley(at, galley, ui.visuals().text_color());
    let resp = resp.clone().on_hover_text(format!("{}\n\n{}", f.id, f.why));
    if resp.clicked() {
        let adding = ui.input(|i| i.modifiers.command || i.modifiers.shift);
        if adding {
            // Ctrl-click picks several for one decision; the one shown in detail joins them.
            if let Some(current) = session.selected_finding.take() {
                session.picked_findings.insert(current);
            }
            if !session.picked_findings.remove(&f.id) {
                session.picked_findings.insert(f.id.clone());
            }
        } else if selected && session.picked_findings.is_empty() {
            session.selected_finding = None;
        } else {
            session.picked_findings.clear();
            session.selected_finding = Some(f.id.clone());
            session.selection = Selection::only(Item::Element(f.anchor.clone()));
        }
    }
}

fn detail_ui(ui: &mut Ui, cx: &PanelCtx<'_>, session: &mut Session, fx: &mut Effects) {
    if session.picked_findings.len() > 1 {
        super::decision::bulk_ui(ui, cx, session, fx);
        return;
    }
    let Some(id) = session.selected_finding.clone() else {
        ui.add_space(8.0);
        ui.weak("Select a finding to see why it fired, what would close it, and to triage it.");
        return;
    };
    let Some(f) = cx.eval.finding(&id).cloned() else {
        ui.weak("This finding is gone: the change that closed it removed it from the list.");
        if ui.button("Clear").clicked() {
            session.selected_finding = None;
        }
        return;
    };
    let model = cx.model();
    let pal = &cx.theme.palette;
    ui.add_space(4.0);
    ui.label(RichText::new(f.title.as_ref()).heading());
    ui.horizontal_wrapped(|ui| {
        let color = pal.finding(f.severity, f.status);
        ui.label(RichText::new(f.severity.id().to_uppercase()).color(color).strong());
        ui.label(RichText::new(f.status.label()).color(color));
        ui.weak(f.id.as_str());
        if ui
            .small_button("Show on canvas")
            .on_hover_text("Zoom to the components this finding involves")
            .clicked()
        {
            let mut ids = f.elements.clone();
            ids.extend(f.path.iter().cloned());
            ids.push(f.anchor.clone());
            fx.action(Action::Show(ids));
        }
        if ui
            .small_button("Focus")
            .on_hover_text("Fade everything but what this finding involves, until you leave focus")
            .clicked()
        {
            session.focus = Some(crate::app::session::Focus::Finding(f.id.clone()));
            let mut ids = f.elements.clone();
            ids.extend(f.path.iter().cloned());
            ids.push(f.anchor.clone());
            fx.action(Action::Show(ids));
        }
    });
    if f.stale {
        ui.label(
            RichText::new("The inputs changed since this was triaged: review the verdict.")
                .color(pal.severity(Severity::Medium)),
        );
    }
    let computed = f.computed_severity.unwrap_or(f.severity);
    if let Some(assessed) = f.assessed_severity {
        let by = if f.triage.as_ref().is_some_and(|t| t.severity.is_some()) {
            "in triage"
        } else {
            "by a workshop"
        };
        ui.label(RichText::new(format!("Assessed {} {by}; computed {}.", assessed.id(), computed.id())).strong());
    }
    if computed != f.base_severity {
        ui.weak(format!(
            "The rule's base severity is {}; {} here: {}.",
            f.base_severity.id(),
            computed.id(),
            f.severity_why
        ));
    }
    if let Some(v) = model.votes.get(&f.id) {
        let med = |d| crate::model::Votes::median(d).map_or("–".to_owned(), |m| m.to_string());
        let dots = crate::model::Votes::count(&v.likelihood) + crate::model::Votes::count(&v.impact);
        let proposed = v
            .proposed()
            .map_or(String::new(), |p| format!("; they propose {}", p.id()));
        ui.weak(format!(
            "The room's votes: likelihood {} and impact {} ({dots} dots){proposed}.",
            med(&v.likelihood),
            med(&v.impact)
        ));
    }
    if !f.refines.is_empty() {
        let names: Vec<&str> = f.refines.iter().map(|r| r.as_str()).collect();
        ui.weak(format!("Also stands for {} on this element.", names.join(", ")));
    }
    section(ui, "Why");
    ui.label(&f.why);
    if f.members.len() > 1 {
        section(ui, &format!("{} ways here", f.members.len()));
        for m in &f.members {
            let chain = if m.path.is_empty() { &m.elements } else { &m.path };
            ui.horizontal_wrapped(|ui| {
                for (i, e) in chain.iter().enumerate() {
                    if i > 0 {
                        ui.label("→");
                    }
                    element_link(ui, model, session, e);
                }
                let color = pal.finding(f.severity, m.status);
                ui.label(RichText::new(m.status.label()).color(color))
                    .on_hover_text(&m.why);
            });
        }
    } else if !f.path.is_empty() {
        section(ui, "Path");
        ui.horizontal_wrapped(|ui| {
            for (i, e) in f.path.iter().enumerate() {
                if i > 0 {
                    ui.label("→");
                }
                element_link(ui, model, session, e);
            }
        });
    } else if f.elements.len() > 1 {
        section(ui, "Involves");
        ui.horizontal_wrapped(|ui| {
            for e in &f.elements {
                element_link(ui, model, session, e);
            }
        });
    }

    let anchor_name = element_name(model, &f.anchor);
    let closing = crate::report::closing_lines(&f, |c| {
        cx.catalog.control(c).map_or_else(|| c.to_string(), |x| x.name.clone())
    });
    if !closing.is_empty() {
        section(ui, "Closed by one of");
        for line in &closing {
            ui.label(format!("• {line}"));
        }
    }
    if !f.missing_controls.is_empty() {
        section(ui, "Missing controls");
        for c in f.missing_controls.iter() {
            let control = cx.catalog.control(c);
            let name = control.map(|c| c.name.clone()).unwrap_or_else(|| c.to_string());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&name).strong())
                    .on_hover_text(control.map(|c| c.description.as_str()).unwrap_or_default());
                // A written threat about a flow counts the flow's controls; one about a boundary
                // or the model has no place to mark.
                let target = match (&f.flow, crate::model::is_user_id(f.rule.as_str())) {
                    (Some(fl), true) => Some((Target::Flow(fl.clone()), "this flow".to_owned())),
                    _ if f.anchor.as_str().is_empty() => None,
                    _ => Some((Target::Element(f.anchor.clone()), anchor_name.clone())),
                };
                let Some((target, place)) = target else { return };
                let button = ui
                    .button(format!("Mark implemented on {place}"))
                    .on_hover_text("Sets this control to implemented where the finding counts it");
                if button.clicked() {
                    fx.edit(Transaction::single(
                        format!("{name}: implemented"),
                        Edit::SetControl {
                            target,
                            control: c.clone(),
                            state: Some(ControlState::Implemented),
                        },
                    ));
                }
            });
        }
    }
    if !f.mitigated_by.is_empty() {
        section(ui, "Mitigated by");
        for m in &f.mitigated_by {
            if let Some(answered) = crate::report::answered_text(model, cx.catalog, m) {
                ui.label(answered);
                continue;
            }
            let what = m
                .control
                .as_ref()
                .map(|c| {
                    cx.catalog
                        .control(c)
                        .map(|x| x.name.clone())
                        .unwrap_or_else(|| c.to_string())
                })
                .unwrap_or_else(|| "a guard on the path".to_owned());
            ui.label(format!("{what} on {}", element_name(model, &m.element)));
        }
    }
    references_ui(ui, cx, &f);
    if crate::model::is_user_id(f.rule.as_str()) {
        super::decision::threat_ui(ui, cx, &f.id, fx);
    }
    super::decision::triage_ui(ui, cx, &f, session, fx);
}

fn element_link(ui: &mut Ui, model: &Model, session: &mut Session, id: &ElementId) {
    if ui.link(element_name(model, id)).clicked() {
        session.selection = Selection::only(Item::Element(id.clone()));
    }
}

fn references_ui(ui: &mut Ui, cx: &PanelCtx<'_>, f: &Finding) {
    let fw = &cx.catalog.frameworks;
    let r = &f.references;
    section(ui, "References");
    let line = |ui: &mut Ui, label: &str, items: Vec<String>| {
        if items.is_empty() {
            return;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(label).small().strong());
            ui.label(items.join(" · "));
        });
    };
    let name_of = |list: &[crate::catalog::FrameworkItem], id: &str| {
        list.iter()
            .find(|i| i.id == id)
            .map(|i| format!("{id} {}", i.name))
            .unwrap_or_else(|| id.to_owned())
    };
    line(ui, "STRIDE", f.stride.iter().map(|s| s.label().to_owned()).collect());
    line(
        ui,
        "OWASP LLM",
        r.owasp_llm.iter().map(|i| name_of(&fw.owasp_llm, i)).collect(),
    );
    line(
        ui,
        "Agentic",
        r.agentic.iter().map(|i| name_of(&fw.agentic, i)).collect(),
    );
    line(
        ui,
        "ATLAS",
        r.atlas.iter().map(|i| name_of(&fw.atlas_techniques, i)).collect(),
    );
    line(
        ui,
        "MAESTRO",
        r.maestro.iter().map(|l| name_of(&fw.maestro, l.id())).collect(),
    );
    line(
        ui,
        "CoSAI",
        r.cosai.iter().map(|i| name_of(&fw.cosai_risks, i)).collect(),
    );
    line(ui, "CWE", r.cwe.clone());
}
