//! The fonts that raster and PDF exports embed: egui's own Ubuntu Light (the canvas font, so an
//! export looks like the canvas), Hack for identifiers, and as fallbacks Bulwark Symbols (the
//! arrows and symbols of Hack that Ubuntu lacks) and Noto Emoji. They come from the binary,
//! never from the system, so a PNG or a PDF is the same on every machine.
//! Also the text measure the PDF pages wrap with, read from the very font that draws them.

use resvg::usvg::{self, fontdb};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

/// The family name of the text font.
pub const SANS: &str = "Ubuntu";
/// The family name of the monospaced font.
pub const MONO: &str = "Hack";
/// The family name of the symbols fallback.
const SYMBOLS: &str = "Bulwark Symbols";
/// A subset of Hack with only what Ubuntu Light lacks (see `assets/fonts/`).
const SYMBOLS_TTF: &[u8] = include_bytes!("../../assets/fonts/bulwark-symbols.ttf");

/// The embedded fonts, loaded once.
pub fn database() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
        db.load_font_data(epaint_default_fonts::HACK_REGULAR.to_vec());
        db.load_font_data(epaint_default_fonts::NOTO_EMOJI_REGULAR.to_vec());
        db.load_font_data(SYMBOLS_TTF.to_vec());
        // The diagram asks for Helvetica and friends; none is here, so the generic families
        // decide, and they all point at the embedded fonts.
        db.set_sans_serif_family(SANS);
        db.set_serif_family(SANS);
        db.set_monospace_family(MONO);
        Arc::new(db)
    })
    .clone()
}

/// SVG parsing options that resolve every font to the embedded ones.
pub fn svg_options() -> usvg::Options<'static> {
    usvg::Options {
        fontdb: database(),
        font_family: SANS.to_owned(),
        font_resolver: usvg::FontResolver {
            select_font: usvg::FontResolver::default_font_selector(),
            select_fallback: Box::new(fallback),
        },
        ..usvg::Options::default()
    }
}

/// The font for a character the chosen one lacks: the symbols subset first, then emoji, then
/// anything. The order matters: usvg swaps a whole run to the fallback when the fallback has
/// every character of it, and the symbols subset has no letters, so only the missing glyphs
/// change face.
fn fallback(c: char, used: &[fontdb::ID], db: &mut Arc<fontdb::Database>) -> Option<fontdb::ID> {
    let family = |name: &str| {
        db.faces()
            .find(|f| f.families.iter().any(|(n, _)| n == name))
            .map(|f| f.id)
    };
    let preferred = [family(SYMBOLS), family("Noto Emoji")];
    preferred
        .into_iter()
        .flatten()
        .chain(db.faces().map(|f| f.id))
        .find(|id| !used.contains(id) && has_char(db, *id, c))
}

fn has_char(db: &fontdb::Database, id: fontdb::ID, c: char) -> bool {
    db.with_face_data(id, |data, index| {
        ttf_parser::Face::parse(data, index).is_ok_and(|f| f.glyph_index(c).is_some())
    })
    .unwrap_or(false)
}

/// One embedded face with its glyph ids and advances cached: the PDF report looks up every
/// character of every line at least twice (to wrap it, then to draw it), and a lookup in the
/// font's own tables (cmap subtables searched each time) was a third of the PDF's time (#15).
pub struct GlyphFace {
    /// The font file, for the PDF to embed.
    pub data: &'static [u8],
    parsed: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// Per character of the Basic Multilingual Plane: `UNKNOWN` until first looked up, then
    /// the glyph id in the high half and the advance in font units in the low half (glyph 0
    /// for a character the face lacks, since no character maps to `.notdef`).
    bmp: Box<[AtomicU32]>,
}

const UNKNOWN: u32 = u32::MAX;

impl GlyphFace {
    fn new(data: &'static [u8]) -> Option<Self> {
        let parsed = ttf_parser::Face::parse(data, 0).ok()?;
        Some(Self {
            data,
            units_per_em: f32::from(parsed.units_per_em().max(1)),
            parsed,
            bmp: (0..=u32::from(u16::MAX)).map(|_| AtomicU32::new(UNKNOWN)).collect(),
        })
    }

    /// The glyph id for `c` and its advance in ems, when the face has `c`.
    pub fn glyph(&self, c: char) -> Option<(u16, f32)> {
        let Some(slot) = self.bmp.get(c as usize) else {
            return self.lookup(c).map(|(g, adv)| (g, self.em(adv)));
        };
        // Relaxed is enough: every thread computes the same value from the same font.
        let mut packed = slot.load(Ordering::Relaxed);
        if packed == UNKNOWN {
            packed = self
                .lookup(c)
                .map_or(0, |(g, adv)| (u32::from(g) << 16) | u32::from(adv));
            slot.store(packed, Ordering::Relaxed);
        }
        let glyph = (packed >> 16) as u16;
        (glyph != 0).then(|| (glyph, self.em((packed & 0xffff) as u16)))
    }

    /// The advance of `.notdef`, in ems: what a character no face has takes up.
    pub fn notdef_advance(&self) -> f32 {
        self.em(self.parsed.glyph_hor_advance(ttf_parser::GlyphId(0)).unwrap_or(0))
    }

    fn lookup(&self, c: char) -> Option<(u16, u16)> {
        let g = self.parsed.glyph_index(c).filter(|g| g.0 != 0)?;
        Some((g.0, self.parsed.glyph_hor_advance(g).unwrap_or(0)))
    }

    fn em(&self, advance: u16) -> f32 {
        f32::from(advance) / self.units_per_em
    }
}

/// Advance widths of the embedded fonts, for wrapping text before it is drawn, and the faces
/// the PDF draws it with.
pub struct Measure {
    /// The text face (Ubuntu Light).
    pub sans: Option<GlyphFace>,
    /// The monospaced face (Hack).
    pub mono: Option<GlyphFace>,
    /// The symbols fallback.
    pub symbols: Option<GlyphFace>,
    /// The emoji fallback.
    pub emoji: Option<GlyphFace>,
}

impl Measure {
    /// The shared measure.
    pub fn get() -> &'static Measure {
        static M: OnceLock<Measure> = OnceLock::new();
        M.get_or_init(|| Measure {
            sans: GlyphFace::new(epaint_default_fonts::UBUNTU_LIGHT),
            mono: GlyphFace::new(epaint_default_fonts::HACK_REGULAR),
            symbols: GlyphFace::new(SYMBOLS_TTF),
            emoji: GlyphFace::new(epaint_default_fonts::NOTO_EMOJI_REGULAR),
        })
    }

    /// The width of `text` at `px`, in the same unit as `px`. Kerning is left out: it only
    /// ever narrows this font's text a little, so a line measured here still fits. A character
    /// the font lacks is measured in the font that will draw it (see [`Measure::lacks`]).
    pub fn width(&self, text: &str, px: f32, mono: bool) -> f32 {
        let primary = if mono { &self.mono } else { &self.sans };
        text.chars()
            .map(|c| {
                let em = [primary, &self.mono]
                    .into_iter()
                    .flatten()
                    .find_map(|face| face.glyph(c).map(|(_, adv)| adv))
                    .unwrap_or(0.6);
                em * px
            })
            .sum()
    }

    /// Whether the text font has no glyph for `c` (arrows, for one), so it must be drawn in
    /// the monospaced font, which has them.
    pub fn lacks(&self, c: char) -> bool {
        self.sans.as_ref().is_some_and(|f| f.glyph(c).is_none()) && !c.is_whitespace()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_fonts_load_and_measure() {
        let db = database();
        assert!(db.len() >= 4, "fonts loaded: {}", db.len());
        let m = Measure::get();
        let narrow = m.width("iiii", 10.0, false);
        let wide = m.width("MMMM", 10.0, false);
        assert!(narrow > 0.0 && wide > narrow * 2.0, "{narrow} vs {wide}");
        assert!(
            m.lacks('→') && !m.lacks('a') && !m.lacks('·'),
            "Ubuntu Light has no arrows"
        );
        assert!(m.width("a→b", 10.0, false) > m.width("ab", 10.0, false));
        // Monospaced: every character the same advance.
        assert!((m.width("iiii", 10.0, true) - m.width("MMMM", 10.0, true)).abs() < 0.01);
    }
}
