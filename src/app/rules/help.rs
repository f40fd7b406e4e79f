//! Help → Rule API: `libraries/README.md` shown in the app, so the reference a rule author
//! reads is the same text whether they are in the repository or in Bulwark.
//!
//! No maintained Markdown crate supports egui 0.36 (egui_commonmark's newest release needs
//! egui 0.34), so this renders the few forms the file uses by hand: headings, paragraphs,
//! bullets, tables and fenced code blocks. Inline markup is left as written.

use egui::{RichText, Ui};

/// The API reference, compiled in.
pub const RULE_API: &str = include_str!("../../../libraries/README.md");

/// One block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block<'a> {
    /// `#`, `##`, `###`: level and text.
    Heading(usize, &'a str),
    /// Consecutive text lines, joined.
    Paragraph(String),
    /// A `- ` item.
    Bullet(String),
    /// A fenced code block or a table, shown monospace as written.
    Code(String),
}

/// Splits Markdown into blocks.
pub fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut code: Option<Vec<&str>> = None;
    let flush = |para: &mut Vec<&str>, out: &mut Vec<Block<'_>>| {
        if !para.is_empty() {
            out.push(Block::Paragraph(para.join(" ")));
            para.clear();
        }
    };
    for line in text.lines() {
        if let Some(lines) = code.as_mut() {
            if line.trim_start().starts_with("```") {
                out.push(Block::Code(lines.join("\n")));
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            flush(&mut para, &mut out);
            code = Some(Vec::new());
        } else if let Some(h) = trimmed.strip_prefix('#') {
            flush(&mut para, &mut out);
            let level = 1 + h.chars().take_while(|c| *c == '#').count();
            out.push(Block::Heading(level, h.trim_start_matches('#').trim()));
        } else if trimmed.starts_with('|') {
            flush(&mut para, &mut out);
            match out.last_mut() {
                Some(Block::Code(t)) if t.starts_with('|') => {
                    t.push('\n');
                    t.push_str(trimmed);
                }
                _ => out.push(Block::Code(trimmed.to_owned())),
            }
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            flush(&mut para, &mut out);
            out.push(Block::Bullet(item.to_owned()));
        } else if trimmed.is_empty() {
            flush(&mut para, &mut out);
        } else if line.starts_with("  ") && matches!(out.last(), Some(Block::Bullet(_))) && para.is_empty() {
            // A bullet's continuation line.
            if let Some(Block::Bullet(b)) = out.last_mut() {
                b.push(' ');
                b.push_str(trimmed);
            }
        } else {
            para.push(trimmed);
        }
    }
    flush(&mut para, &mut out);
    if let Some(lines) = code {
        out.push(Block::Code(lines.join("\n")));
    }
    out
}

/// Draws the help window while `open`.
pub fn ui(ctx: &egui::Context, open: &mut bool) {
    egui::Window::new("Rule API")
        .open(open)
        .default_size([720.0, 640.0])
        .resizable(true)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                for b in blocks(RULE_API) {
                    block_ui(ui, &b);
                }
            });
        });
}

fn block_ui(ui: &mut Ui, b: &Block<'_>) {
    match b {
        Block::Heading(1, t) => {
            ui.heading(*t);
        }
        Block::Heading(level, t) => {
            ui.add_space(if *level == 2 { 10.0 } else { 6.0 });
            let size = if *level == 2 { 17.0 } else { 15.0 };
            ui.label(RichText::new(*t).strong().size(size));
        }
        Block::Paragraph(t) => {
            ui.label(t.as_str());
            ui.add_space(4.0);
        }
        Block::Bullet(t) => {
            ui.horizontal_wrapped(|ui| {
                ui.label("•");
                ui.label(t.as_str());
            });
        }
        Block::Code(t) => {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(t.as_str()).monospace());
            });
            ui.add_space(4.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_bullets_tables_and_code_are_told_apart() {
        let md = "# Title\n\nOne\ntwo.\n\n| a | b |\n|---|---|\n\n```ron\n( x )\n```\n- item\n  more\n## Sub";
        assert_eq!(
            blocks(md),
            [
                Block::Heading(1, "Title"),
                Block::Paragraph("One two.".into()),
                Block::Code("| a | b |\n|---|---|".into()),
                Block::Code("( x )".into()),
                Block::Bullet("item more".into()),
                Block::Heading(2, "Sub"),
            ]
        );
    }

    #[test]
    fn the_shipped_reference_has_its_sections_and_no_unclosed_code_block() {
        let b = blocks(RULE_API);
        let headings: Vec<&str> = b
            .iter()
            .filter_map(|b| match b {
                Block::Heading(_, t) => Some(*t),
                _ => None,
            })
            .collect();
        assert!(headings.contains(&"The sandbox"), "{headings:?}");
        assert_eq!(RULE_API.matches("```").count() % 2, 0);
    }
}
