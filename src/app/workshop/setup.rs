//! The start dialog: what the session is about, who runs it and who takes part, the deck its
//! prompts come from and the time box per step — or resuming a session that was not ended.

use crate::model::{Model, Session, SessionId};

/// The start dialog's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    /// What the session is about.
    pub title: String,
    /// Who leads it.
    pub facilitator: String,
    /// Who takes part, comma-separated.
    pub participants: String,
    /// The deck prompts come from.
    pub deck: String,
    /// Minutes per step (0: no time box).
    pub timebox_minutes: u32,
}

/// What the dialog asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum SetupChoice {
    /// Start a new session.
    Start(Box<Session>),
    /// Resume a session that was not ended.
    Resume(SessionId),
    /// Close the dialog.
    Cancel,
}

impl Setup {
    /// A dialog with sensible defaults for `model`.
    pub fn new(model: &Model) -> Self {
        Self {
            title: format!("Threat modeling: {}", model.name),
            facilitator: String::new(),
            participants: String::new(),
            deck: "stride".to_owned(),
            timebox_minutes: 5,
        }
    }

    /// The session these fields describe, starting now.
    pub fn session(&self, date: &str, started: &str) -> Session {
        let mut s = Session::new(self.title.trim(), date, started);
        s.facilitator = self.facilitator.trim().to_owned();
        s.participants = self
            .participants
            .split([',', ';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        s.deck = self.deck.clone();
        s.timebox_minutes = self.timebox_minutes;
        s
    }

    /// Draws the dialog; returns the choice once one is made.
    pub fn ui(&mut self, ctx: &egui::Context, model: &Model, decks: &[(String, String)]) -> Option<SetupChoice> {
        let mut choice = None;
        egui::Modal::new(egui::Id::new("workshop-setup")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.heading("Start a workshop session");
            ui.label(
                "The presenter view walks the room through the four questions. Threats, votes, \
                 decisions and actions captured during the session are saved in the model with a \
                 record of the session.",
            );
            ui.add_space(6.0);
            egui::Grid::new("workshop-setup-grid")
                .num_columns(2)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    ui.label("Session");
                    ui.add(egui::TextEdit::singleline(&mut self.title).desired_width(300.0));
                    ui.end_row();
                    ui.label("Facilitator");
                    ui.add(egui::TextEdit::singleline(&mut self.facilitator).desired_width(300.0))
                        .widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Facilitator"));
                    ui.end_row();
                    ui.label("Participants");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.participants)
                            .hint_text("Names, separated by commas")
                            .desired_width(300.0),
                    )
                    .widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Participants"));
                    ui.end_row();
                    ui.label("Card deck");
                    egui::ComboBox::from_id_salt("workshop-deck")
                        .selected_text(
                            decks
                                .iter()
                                .find(|(id, _)| *id == self.deck)
                                .map_or(self.deck.as_str(), |(_, t)| t.as_str()),
                        )
                        .show_ui(ui, |ui| {
                            for (id, title) in decks {
                                ui.selectable_value(&mut self.deck, id.clone(), title);
                            }
                            ui.selectable_value(&mut self.deck, String::new(), "No prompts");
                        });
                    ui.end_row();
                    ui.label("Time box per step");
                    ui.add(egui::Slider::new(&mut self.timebox_minutes, 0..=30).suffix(" min"));
                    ui.end_row();
                });
            ui.add_space(8.0);
            let unfinished: Vec<(&SessionId, &Session)> =
                model.sessions.iter().filter(|(_, s)| s.ended.is_empty()).collect();
            for (id, s) in unfinished {
                if ui
                    .button(format!("Resume “{}” ({})", s.title, s.date))
                    .on_hover_text("Continue a session that was not ended; its record grows")
                    .clicked()
                {
                    choice = Some(SetupChoice::Resume(id.clone()));
                }
            }
            ui.horizontal(|ui| {
                let ok = !self.title.trim().is_empty();
                if ui.add_enabled(ok, egui::Button::new("Start session")).clicked() {
                    let date = crate::model::Date::today().to_string();
                    choice = Some(SetupChoice::Start(Box::new(self.session(&date, &super::now_hhmm()))));
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    choice = Some(SetupChoice::Cancel);
                }
            });
        });
        choice
    }
}
