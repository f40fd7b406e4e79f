//! Text for PDF pages: the type scale, and wrapping to a width measured with the embedded font.

use super::super::fonts::Measure;
use super::super::palette;
use super::ink::{Ink, Style};

/// Body text.
pub const BODY: Style = Style::new(9.5, palette::TEXT);
/// Captions, kinds, secondary text.
pub const SMALL: Style = Style::new(8.0, palette::TEXT_WEAK);
/// Field labels in finding cards.
pub const LABEL: Style = Style::new(8.0, palette::TEXT_WEAK).bold();
/// Ids.
pub const CODE: Style = Style::new(7.6, palette::TEXT_WEAK).mono();
/// Section titles.
pub const H2: Style = Style::new(17.0, palette::TEXT).bold();
/// Sub-section titles.
pub const H3: Style = Style::new(11.5, palette::TEXT).bold();

/// `text` broken into lines no wider than `width`: at spaces where it can, inside a word where
/// a word alone is too wide, and at every newline the text has.
pub fn wrap(text: &str, style: Style, width: f32) -> Vec<String> {
    let m = Measure::get();
    let fits = |s: &str| m.width(s, style.px, style.mono) <= width;
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if fits(&candidate) {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if fits(word) {
                line = word.to_owned();
            } else {
                // A word wider than the column (a long id or URL): break it by characters.
                for c in word.chars() {
                    line.push(c);
                    if !fits(&line) && line.chars().count() > 1 {
                        line.pop();
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    }
                }
            }
        }
        lines.push(line);
    }
    // A trailing empty line from a final newline adds nothing.
    while lines.len() > 1 && lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// `text` cut to one line of `width`, with an ellipsis when it was longer.
pub fn truncate(text: &str, style: Style, width: f32) -> String {
    let m = Measure::get();
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if m.width(&one_line, style.px, style.mono) <= width {
        return one_line;
    }
    let mut s = String::new();
    for c in one_line.chars() {
        s.push(c);
        if m.width(&format!("{s}…"), style.px, style.mono) > width {
            s.pop();
            break;
        }
    }
    format!("{}…", s.trim_end())
}

/// The width of `text` in `style`.
pub fn width(text: &str, style: Style) -> f32 {
    Measure::get().width(text, style.px, style.mono)
}

/// Wrapped lines drawn from (`x`, `top`): the ink and the height used.
pub fn lines_ink(lines: &[String], style: Style, x: f32, top: f32) -> (Vec<Ink>, f32) {
    let ink = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .map(|(i, l)| Ink::Text {
            x,
            y: top + style.ascent() + i as f32 * style.line_height(),
            text: l.clone(),
            style,
        })
        .collect();
    (ink, lines.len() as f32 * style.line_height())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_and_respects_the_width() {
        let text = "Untrusted content reaches an agent that can call tools with side effects, \
                    with no guardrail on the way.\nSecond paragraph.";
        let lines = wrap(text, BODY, 120.0);
        assert!(lines.len() >= 4, "{lines:?}");
        for l in &lines {
            assert!(width(l, BODY) <= 120.0, "{l:?} is too wide");
        }
        let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(words(&lines.join(" ")), words(text));
        assert_eq!(lines.last().map(String::as_str), Some("Second paragraph."));
    }

    #[test]
    fn a_word_wider_than_the_column_is_broken_not_lost() {
        let id = "LLM-PI-001@el-0123456789abcdef@el-fedcba9876543210";
        let lines = wrap(id, CODE, 60.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), id);
    }

    #[test]
    fn truncation_marks_what_it_cut() {
        let t = truncate("A rather long system name that will not fit", H3, 80.0);
        assert!(t.ends_with('…') && width(&t, H3) <= 80.0, "{t}");
        assert_eq!(truncate("Short", H3, 80.0), "Short");
    }
}
