//! Settings kept between runs through eframe persistence: theme, recent files, panel sizes.
//! Deliberately small; everything else is either the document or forgotten.

use crate::app::session::{GroupBy, StatusFilter};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The key settings are stored under in eframe's storage.
pub const SETTINGS_KEY: &str = "bulwark-settings";

/// How many recent files the File menu lists.
pub const RECENT_LIMIT: usize = 10;

/// Light, dark, or whatever the system says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the operating system.
    #[default]
    System,
    /// Always dark.
    Dark,
    /// Always light.
    Light,
}

impl ThemeChoice {
    /// Every choice, in menu order.
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Dark, ThemeChoice::Light];

    /// A label for the menu.
    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => "Follow system",
            ThemeChoice::Dark => "Dark",
            ThemeChoice::Light => "Light",
        }
    }

    /// egui's preference for this choice.
    pub fn preference(self) -> egui::ThemePreference {
        match self {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
            ThemeChoice::Light => egui::ThemePreference::Light,
        }
    }
}

/// Persisted settings. Every field has a default so an old or partial settings file loads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Theme.
    pub theme: ThemeChoice,
    /// Recently opened or saved files, newest first.
    pub recent: Vec<PathBuf>,
    /// The file open when the app last closed; reopened at start.
    pub last_file: Option<PathBuf>,
    /// The app has run before (the first start opens the built-in example).
    pub started_before: bool,
    /// Width of the palette, in points.
    pub palette_width: f32,
    /// Width of the inspector, in points.
    pub inspector_width: f32,
    /// Height of the findings panel, in points.
    pub findings_height: f32,
    /// Grouping of the findings list.
    pub findings_group: GroupBy,
    /// Open, closed or all findings.
    pub findings_status: StatusFilter,
    /// Exported reports also list mitigated and triaged findings.
    pub export_include_closed: bool,
    /// The view last shown for each recent file (a model reopens in the view it was left in).
    pub views: std::collections::BTreeMap<PathBuf, crate::app::views::Lens>,
    /// The assistant command line (empty: no assistant, and no assistant menu).
    pub assistant: String,
    /// The interface scale (View → UI scale, Ctrl+= / Ctrl+- / Ctrl+0); the presenter view
    /// multiplies it.
    pub ui_scale: f32,
}

/// The UI scales offered, smallest first.
pub const UI_SCALES: [f32; 9] = [0.75, 0.85, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5];

impl Settings {
    /// The scale to apply: the setting, or 1 when it is not a sane number.
    pub fn scale(&self) -> f32 {
        if self.ui_scale.is_finite() && (UI_SCALES[0]..=UI_SCALES[UI_SCALES.len() - 1]).contains(&self.ui_scale) {
            self.ui_scale
        } else {
            1.0
        }
    }

    /// One step up (`true`) or down the offered scales.
    pub fn step_scale(&mut self, up: bool) {
        let now = self.scale();
        let next = if up {
            UI_SCALES.iter().copied().find(|s| *s > now + 0.001)
        } else {
            UI_SCALES.iter().rev().copied().find(|s| *s < now - 0.001)
        };
        self.ui_scale = next.unwrap_or(now);
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme: ThemeChoice::System,
            recent: Vec::new(),
            last_file: None,
            started_before: false,
            palette_width: 230.0,
            inspector_width: 350.0,
            findings_height: 270.0,
            findings_group: GroupBy::Severity,
            findings_status: StatusFilter::Open,
            export_include_closed: false,
            views: Default::default(),
            assistant: String::new(),
            ui_scale: 1.0,
        }
    }
}

impl Settings {
    /// Puts `path` first in the recent list (once), keeping the list short.
    pub fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(RECENT_LIMIT);
        self.last_file = Some(path.to_path_buf());
        let recent = &self.recent;
        self.views.retain(|p, _| recent.contains(p));
    }

    /// Remembers the view shown for `path` (only for recent files, so the map stays small).
    pub fn remember_view(&mut self, path: &Path, lens: crate::app::views::Lens) {
        if !self.recent.iter().any(|p| p == path) {
            return;
        }
        if lens == crate::app::views::Lens::Diagram {
            self.views.remove(path);
        } else {
            self.views.insert(path.to_path_buf(), lens);
        }
    }

    /// Reads settings from eframe's storage; anything unreadable gives the defaults.
    pub fn load(storage: Option<&dyn eframe::Storage>) -> Self {
        storage
            .and_then(|s| eframe::get_value::<Settings>(s, SETTINGS_KEY))
            .unwrap_or_default()
    }

    /// Writes settings to eframe's storage.
    pub fn store(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_settings_file_with_missing_fields_still_loads() {
        let s: Settings = ron::from_str("(theme: Dark)").unwrap();
        assert_eq!(s.theme, ThemeChoice::Dark);
        assert_eq!(s.palette_width, Settings::default().palette_width);
    }

    #[test]
    fn remembering_a_file_moves_it_to_the_front_once() {
        let mut s = Settings::default();
        s.remember(Path::new("a"));
        s.remember(Path::new("b"));
        s.remember(Path::new("a"));
        assert_eq!(s.recent, vec![PathBuf::from("a"), PathBuf::from("b")]);
        assert_eq!(s.last_file.as_deref(), Some(Path::new("a")));
    }
}
