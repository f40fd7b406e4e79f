//! Colours and sizes, loaded from `assets/theme.ron` (compiled in). This is the only file that
//! makes a `Color32` from numbers; `clippy.toml` bans the constructors everywhere else, so a
//! colour is always a named token a designer can change in one place.
#![allow(clippy::disallowed_methods)]

use crate::catalog::Severity;
use crate::engine::Status;
use crate::model::BoundaryKind;
use egui::Color32;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The theme file as written: colours are `"#rrggbb"` strings.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    dark: PaletteSource,
    light: PaletteSource,
    sizes: Sizes,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PaletteSource {
    canvas_bg: String,
    grid_dot: String,
    node_fill: String,
    node_stroke: String,
    text: String,
    text_weak: String,
    selection: String,
    highlight: String,
    flow: String,
    flow_crossing: String,
    label_bg: String,
    badge_text: String,
    mitigated: String,
    triaged: String,
    severity: SeveritySource,
    default_category: String,
    categories: BTreeMap<String, String>,
    default_boundary: String,
    boundaries: BTreeMap<String, String>,
    #[serde(default)]
    layers: BTreeMap<String, String>,
    boundary_fill_alpha: u8,
    code: CodeSource,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeSource {
    keyword: String,
    string: String,
    comment: String,
    number: String,
    function: String,
    error_line: String,
}

/// Colours of rhai code in the rule editor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CodeColors {
    /// `let`, `if`, `for`, `fn` …
    pub keyword: Color32,
    /// String literals.
    pub string: Color32,
    /// Comments.
    pub comment: Color32,
    /// Numbers and `true`/`false`.
    pub number: Color32,
    /// Names of called functions and methods.
    pub function: Color32,
    /// Background of a line with an error.
    pub error_line: Color32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeveritySource {
    critical: String,
    high: String,
    medium: String,
    low: String,
}

/// Sizes of canvas items (canvas units) and of text and badges (`_px`: screen points).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sizes {
    /// Width of a component box.
    pub node_width: f32,
    /// Height of a component box.
    pub node_height: f32,
    /// Corner radius of a component box.
    pub node_rounding: f32,
    /// Side of the square tile holding a component's icon.
    pub icon_tile: f32,
    /// Radius of the flow handle on a component's right edge.
    pub handle_radius: f32,
    /// Spacing of the background dot grid.
    pub grid_step: f32,
    /// A component's name at 100 % zoom.
    pub name_font_px: f32,
    /// The kind line under the name at 100 % zoom.
    pub detail_font_px: f32,
    /// Text never gets smaller than this on screen, whatever the zoom.
    pub min_font_px: f32,
    /// Text never gets larger than this on screen, whatever the zoom.
    pub max_font_px: f32,
    /// Flow and boundary labels at 100 % zoom.
    pub label_font_px: f32,
    /// Radius of a findings badge on screen.
    pub badge_radius_px: f32,
    /// Height of a boundary's title strip.
    pub boundary_header: f32,
    /// Side of a boundary's resize handle.
    pub corner_handle: f32,
}

/// The colours of one theme (dark or light).
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    /// Canvas background.
    pub canvas_bg: Color32,
    /// Background grid dots.
    pub grid_dot: Color32,
    /// Component box fill.
    pub node_fill: Color32,
    /// Component box outline.
    pub node_stroke: Color32,
    /// Main text.
    pub text: Color32,
    /// Secondary text.
    pub text_weak: Color32,
    /// Selection outline and box-select rectangle.
    pub selection: Color32,
    /// The selected finding's elements and path.
    pub highlight: Color32,
    /// A flow inside one trust zone.
    pub flow: Color32,
    /// A flow that crosses a trust boundary.
    pub flow_crossing: Color32,
    /// Background of flow labels.
    pub label_bg: Color32,
    /// Text on a findings badge.
    pub badge_text: Color32,
    /// Mitigated findings.
    pub mitigated: Color32,
    /// Triaged findings (accepted, not applicable, transferred).
    pub triaged: Color32,
    severity: [Color32; 4],
    default_category: Color32,
    categories: BTreeMap<String, Color32>,
    default_boundary: Color32,
    boundaries: BTreeMap<String, Color32>,
    layers: BTreeMap<String, Color32>,
    /// Alpha of a boundary's fill (0–255).
    pub boundary_fill_alpha: u8,
    /// Rule editor code colours.
    pub code: CodeColors,
}

/// The current theme: the palette for the window's dark/light mode, and sizes.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Colours.
    pub palette: Palette,
    /// Sizes.
    pub sizes: Sizes,
}

struct Themes {
    dark: Palette,
    light: Palette,
    sizes: Sizes,
}

static THEMES: OnceLock<Themes> = OnceLock::new();

impl Theme {
    /// The theme for dark or light mode.
    pub fn get(dark_mode: bool) -> Theme {
        let themes = THEMES.get_or_init(load_themes);
        Theme {
            palette: if dark_mode {
                themes.dark.clone()
            } else {
                themes.light.clone()
            },
            sizes: themes.sizes,
        }
    }

    /// The theme that matches `ui`'s visuals.
    pub fn for_ui(ui: &egui::Ui) -> Theme {
        Self::get(ui.visuals().dark_mode)
    }
}

impl Palette {
    /// The colour of a severity.
    pub fn severity(&self, s: Severity) -> Color32 {
        let [critical, high, medium, low] = self.severity;
        match s {
            Severity::Critical => critical,
            Severity::High => high,
            Severity::Medium => medium,
            Severity::Low => low,
        }
    }

    /// The colour of a finding: its severity while open, else the status colour.
    pub fn finding(&self, severity: Severity, status: Status) -> Color32 {
        match status {
            Status::Open => self.severity(severity),
            Status::Mitigated => self.mitigated,
            Status::Accepted | Status::NotApplicable | Status::Transferred => self.triaged,
        }
    }

    /// The colour of a palette category (icons, tiles).
    pub fn category(&self, id: &str) -> Color32 {
        self.categories.get(id).copied().unwrap_or(self.default_category)
    }

    /// The colour of a MAESTRO layer (the weak text colour for one the theme leaves out).
    pub fn layer(&self, layer: crate::model::MaestroLayer) -> Color32 {
        self.layers.get(layer.id()).copied().unwrap_or(self.text_weak)
    }

    /// The colour of a trust boundary kind.
    pub fn boundary(&self, kind: BoundaryKind) -> Color32 {
        self.boundaries.get(kind.id()).copied().unwrap_or(self.default_boundary)
    }
}

/// `c` with its alpha replaced (0–255), keeping the colour.
pub fn with_alpha(c: Color32, alpha: u8) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), alpha)
}

/// Parses `"#rrggbb"` or `"#rrggbbaa"`.
fn parse_hex(s: &str) -> Option<Color32> {
    Color32::from_hex(s).ok()
}

/// The shipped theme file.
const THEME_RON: &str = include_str!("../../assets/theme.ron");

fn load_themes() -> Themes {
    match parse_theme(THEME_RON) {
        Ok(t) => t,
        Err(message) => {
            // The file is compiled in and checked by a test; this only guards a broken edit.
            debug_assert!(false, "assets/theme.ron: {message}");
            fallback_themes()
        }
    }
}

fn parse_theme(text: &str) -> Result<Themes, String> {
    let file: ThemeFile = ron::from_str(text).map_err(|e| e.to_string())?;
    Ok(Themes {
        dark: palette(&file.dark)?,
        light: palette(&file.light)?,
        sizes: file.sizes,
    })
}

fn palette(src: &PaletteSource) -> Result<Palette, String> {
    let c = |s: &str| parse_hex(s).ok_or_else(|| format!("bad colour {s:?}"));
    let map = |m: &BTreeMap<String, String>| -> Result<BTreeMap<String, Color32>, String> {
        m.iter().map(|(k, v)| Ok((k.clone(), c(v)?))).collect()
    };
    Ok(Palette {
        canvas_bg: c(&src.canvas_bg)?,
        grid_dot: c(&src.grid_dot)?,
        node_fill: c(&src.node_fill)?,
        node_stroke: c(&src.node_stroke)?,
        text: c(&src.text)?,
        text_weak: c(&src.text_weak)?,
        selection: c(&src.selection)?,
        highlight: c(&src.highlight)?,
        flow: c(&src.flow)?,
        flow_crossing: c(&src.flow_crossing)?,
        label_bg: c(&src.label_bg)?,
        badge_text: c(&src.badge_text)?,
        mitigated: c(&src.mitigated)?,
        triaged: c(&src.triaged)?,
        severity: [
            c(&src.severity.critical)?,
            c(&src.severity.high)?,
            c(&src.severity.medium)?,
            c(&src.severity.low)?,
        ],
        default_category: c(&src.default_category)?,
        categories: map(&src.categories)?,
        default_boundary: c(&src.default_boundary)?,
        boundaries: map(&src.boundaries)?,
        layers: map(&src.layers)?,
        boundary_fill_alpha: src.boundary_fill_alpha,
        code: CodeColors {
            keyword: c(&src.code.keyword)?,
            string: c(&src.code.string)?,
            comment: c(&src.code.comment)?,
            number: c(&src.code.number)?,
            function: c(&src.code.function)?,
            error_line: c(&src.code.error_line)?,
        },
    })
}

/// Something usable if the theme file were broken: greys and egui's own red/yellow/blue.
fn fallback_themes() -> Themes {
    let pal = |dark: bool| {
        let (bg, fg) = if dark {
            (Color32::from_gray(22), Color32::from_gray(230))
        } else {
            (Color32::from_gray(246), Color32::from_gray(28))
        };
        Palette {
            canvas_bg: bg,
            grid_dot: Color32::from_gray(128),
            node_fill: bg,
            node_stroke: Color32::from_gray(128),
            text: fg,
            text_weak: Color32::from_gray(140),
            selection: Color32::LIGHT_BLUE,
            highlight: Color32::GOLD,
            flow: Color32::from_gray(140),
            flow_crossing: Color32::from_gray(160),
            label_bg: bg,
            badge_text: Color32::WHITE,
            mitigated: Color32::DARK_GREEN,
            triaged: Color32::GRAY,
            severity: [Color32::RED, Color32::ORANGE, Color32::YELLOW, Color32::LIGHT_BLUE],
            default_category: Color32::GRAY,
            categories: BTreeMap::new(),
            default_boundary: Color32::GRAY,
            boundaries: BTreeMap::new(),
            layers: BTreeMap::new(),
            boundary_fill_alpha: 16,
            code: CodeColors {
                keyword: Color32::LIGHT_BLUE,
                string: Color32::DARK_GREEN,
                comment: Color32::GRAY,
                number: Color32::ORANGE,
                function: Color32::LIGHT_BLUE,
                error_line: Color32::from_rgba_unmultiplied(229, 72, 77, 64),
            },
        }
    };
    Themes {
        dark: pal(true),
        light: pal(false),
        sizes: Sizes {
            node_width: 184.0,
            node_height: 62.0,
            node_rounding: 9.0,
            icon_tile: 40.0,
            handle_radius: 6.0,
            grid_step: 40.0,
            name_font_px: 14.0,
            detail_font_px: 11.5,
            min_font_px: 10.5,
            max_font_px: 17.0,
            label_font_px: 11.5,
            badge_radius_px: 9.5,
            boundary_header: 26.0,
            corner_handle: 14.0,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn the_shipped_theme_parses_and_colours_every_category_and_boundary_kind() {
        let themes = parse_theme(THEME_RON).unwrap();
        let (cat, _) = Catalog::builtin();
        for pal in [&themes.dark, &themes.light] {
            for c in &cat.categories {
                assert!(pal.categories.contains_key(&c.id), "no colour for category {:?}", c.id);
            }
            for k in BoundaryKind::ALL {
                assert!(
                    pal.boundaries.contains_key(k.id()),
                    "no colour for boundary {:?}",
                    k.id()
                );
            }
        }
    }

    #[test]
    fn hex_colours_parse_with_and_without_alpha() {
        assert_eq!(parse_hex("#ff0000"), Some(Color32::from_rgb(255, 0, 0)));
        assert_eq!(
            parse_hex("#ff000080"),
            Some(Color32::from_rgba_unmultiplied(255, 0, 0, 128))
        );
        assert_eq!(parse_hex("red"), None);
    }
}
