//! Fitting text into boxes without a font engine: widths are estimated from Helvetica's advance
//! widths (which Arial and Liberation Sans share) with a margin for wider fallbacks such as
//! DejaVu Sans, so names wrap and truncate the same way on every machine and the output stays
//! byte-for-byte deterministic.

/// Helvetica advance widths of ASCII 32..=126, in thousandths of an em.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // ' ' to '/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // '0' to '9'
    278, 278, 584, 584, 584, 556, 1015, // ':' to '@'
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // 'A' to 'M'
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // 'N' to 'Z'
    278, 278, 278, 469, 556, 333, // '[' to '`'
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // 'a' to 'm'
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // 'n' to 'z'
    334, 260, 334, 584, // '{' to '~'
];

/// Room left for fonts wider than Helvetica (DejaVu Sans is about 12 % wider).
const MARGIN: f32 = 1.12;

/// The estimated width of `s` in pixels at `font_px`.
pub fn width(s: &str, font_px: f32, bold: bool) -> f32 {
    let units: u32 = s.chars().map(char_units).sum();
    let bold_factor = if bold { 1.06 } else { 1.0 };
    units as f32 / 1000.0 * font_px * MARGIN * bold_factor
}

fn char_units(c: char) -> u32 {
    let code = c as u32;
    if (32..=126).contains(&code) {
        HELVETICA.get((code - 32) as usize).map_or(556, |w| u32::from(*w))
    } else if is_wide(c) {
        1000
    } else {
        600
    }
}

/// East Asian wide characters and emoji take a full em.
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFF00..=0xFF60 | 0x1F300..=0x1FAFF)
}

/// `s` wrapped at spaces into at most `max_rows` lines of at most `max_w` pixels. A word longer
/// than a line is broken; when the text does not fit, the last line ends in "…".
pub fn fit(s: &str, font_px: f32, bold: bool, max_w: f32, max_rows: usize) -> Vec<String> {
    let max_rows = max_rows.max(1);
    let fits = |t: &str| width(t, font_px, bold) <= max_w;
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut overflow = false;
    'words: for word in s.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_owned()
        } else {
            format!("{cur} {word}")
        };
        if fits(&candidate) {
            cur = candidate;
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
            if lines.len() == max_rows {
                overflow = true;
                break;
            }
        }
        // The word alone: break it wherever it stops fitting.
        for c in word.chars() {
            let mut next = cur.clone();
            next.push(c);
            if fits(&next) || cur.is_empty() {
                cur = next;
            } else {
                lines.push(std::mem::replace(&mut cur, c.to_string()));
                if lines.len() == max_rows {
                    overflow = true;
                    break 'words;
                }
            }
        }
    }
    if !overflow && !cur.is_empty() {
        lines.push(cur);
    }
    if overflow && let Some(last) = lines.last_mut() {
        *last = with_ellipsis(last, font_px, bold, max_w);
    }
    lines
}

/// `s` on one line of at most `max_w` pixels, ending in "…" when cut.
pub fn truncate(s: &str, font_px: f32, bold: bool, max_w: f32) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if width(&one_line, font_px, bold) <= max_w {
        one_line
    } else {
        with_ellipsis(&one_line, font_px, bold, max_w)
    }
}

fn with_ellipsis(s: &str, font_px: f32, bold: bool, max_w: f32) -> String {
    let mut t: String = s.trim_end().to_owned();
    while !t.is_empty() && width(&format!("{t}…"), font_px, bold) > max_w {
        t.pop();
        let trimmed = t.trim_end().len();
        t.truncate(trimmed);
    }
    format!("{t}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_stays_on_one_line() {
        assert_eq!(fit("Retriever", 14.0, false, 112.0, 2), vec!["Retriever"]);
    }

    #[test]
    fn long_text_wraps_then_ends_in_an_ellipsis() {
        let lines = fit("Hosted LLM (chat completions)", 14.0, false, 112.0, 2);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines.iter().all(|l| width(l, 14.0, false) <= 112.0), "{lines:?}");
        let cut = fit("one two three four five six seven eight nine ten", 14.0, false, 80.0, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'), "{cut:?}");
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken() {
        let lines = fit("<script>alert(1)</script>", 14.0, false, 112.0, 3);
        assert_eq!(lines.concat(), "<script>alert(1)</script>");
        assert!(lines.len() >= 2);
    }

    #[test]
    fn truncate_keeps_what_fits() {
        assert_eq!(truncate("Tool", 12.0, false, 100.0), "Tool");
        let t = truncate("Document ingestion / knowledge connector", 11.5, false, 112.0);
        assert!(t.ends_with('…') && width(&t, 11.5, false) <= 112.0, "{t}");
    }
}
