//! rhai syntax highlighting for the rule editor: a small tokenizer (comments, strings, numbers,
//! keywords, called names) and the egui layout job that colours them and marks error lines.
//! A hand-written scanner is enough for rhai's C-like surface and needs no grammar crate.

use crate::app::theme::CodeColors;
use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId};
use std::collections::BTreeSet;
use std::ops::Range;

/// What a run of source text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// Anything not coloured.
    Plain,
    /// A reserved word.
    Keyword,
    /// A string or character literal (also back-tick templates).
    Str,
    /// `// …` or `/* … */`.
    Comment,
    /// A number or `true` / `false`.
    Number,
    /// A name followed by `(`: a function or method call.
    Call,
}

const KEYWORDS: [&str; 24] = [
    "let", "const", "fn", "if", "else", "for", "in", "while", "loop", "do", "until", "return", "break", "continue",
    "throw", "try", "catch", "switch", "private", "import", "export", "as", "this", "global",
];

/// Splits `text` into coloured runs covering it entirely, in order. Never panics: every index
/// it slices at is a char boundary it found while scanning.
pub fn tokens(text: &str) -> Vec<(Range<usize>, Token)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |(i, _)| *i);
    let at = |k: usize| chars.get(k).map(|(_, c)| *c);
    let mut out: Vec<(Range<usize>, Token)> = Vec::new();
    let mut push = |r: Range<usize>, t: Token| match out.last_mut() {
        Some((last, lt)) if *lt == t && last.end == r.start => last.end = r.end,
        _ => out.push((r, t)),
    };
    let mut k = 0;
    while let Some(c) = at(k) {
        let start = k;
        let token = if c == '/' && at(k + 1) == Some('/') {
            while at(k).is_some_and(|c| c != '\n') {
                k += 1;
            }
            Token::Comment
        } else if c == '/' && at(k + 1) == Some('*') {
            k += 2;
            while at(k).is_some() && !(at(k) == Some('*') && at(k + 1) == Some('/')) {
                k += 1;
            }
            k = (k + 2).min(chars.len());
            Token::Comment
        } else if matches!(c, '"' | '`' | '\'') {
            k += 1;
            while let Some(d) = at(k) {
                k += 1;
                if d == '\\' {
                    k += 1;
                } else if d == c || (d == '\n' && c != '`') {
                    break;
                }
            }
            k = k.min(chars.len());
            Token::Str
        } else if c.is_ascii_digit() {
            while at(k).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
                k += 1;
            }
            Token::Number
        } else if c.is_alphabetic() || c == '_' {
            while at(k).is_some_and(|c| c.is_alphanumeric() || c == '_') {
                k += 1;
            }
            let word = &text[end_of(start)..end_of(k)];
            let mut next = k;
            while at(next).is_some_and(|c| c == ' ') {
                next += 1;
            }
            if KEYWORDS.contains(&word) {
                Token::Keyword
            } else if word == "true" || word == "false" {
                Token::Number
            } else if at(next) == Some('(') {
                Token::Call
            } else {
                Token::Plain
            }
        } else {
            k += 1;
            Token::Plain
        };
        push(end_of(start)..end_of(k), token);
    }
    out
}

/// The layout job for the editor: monospace, coloured by token, with lines in `error_lines`
/// (1-based) on a tinted background. No wrapping, so line numbers stay aligned.
pub fn layout_job(
    text: &str,
    font: FontId,
    plain: Color32,
    colors: &CodeColors,
    error_lines: &BTreeSet<usize>,
) -> LayoutJob {
    let mut job = LayoutJob::default();
    let mut line = 1;
    for (range, token) in tokens(text) {
        let color = match token {
            Token::Plain => plain,
            Token::Keyword => colors.keyword,
            Token::Str => colors.string,
            Token::Comment => colors.comment,
            Token::Number => colors.number,
            Token::Call => colors.function,
        };
        // Split at newlines so each line gets its own background.
        let piece = text.get(range).unwrap_or_default();
        for part in piece.split_inclusive('\n') {
            let mut format = TextFormat::simple(font.clone(), color);
            if error_lines.contains(&line) {
                format.background = colors.error_line;
            }
            job.append(part, 0.0, format);
            if part.ends_with('\n') {
                line += 1;
            }
        }
    }
    job.wrap.max_width = f32::INFINITY;
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&str, Token)> {
        tokens(text)
            .into_iter()
            .filter(|(_, t)| *t != Token::Plain)
            .map(|(r, t)| (&text[r], t))
            .collect()
    }

    #[test]
    fn keywords_strings_comments_and_calls_are_told_apart() {
        let text = "let x = model.elements(); // all\nif x.len() > 2 { finding(x, \"a // b\"); }";
        assert_eq!(
            kinds(text),
            [
                ("let", Token::Keyword),
                ("elements", Token::Call),
                ("// all", Token::Comment),
                ("if", Token::Keyword),
                ("len", Token::Call),
                ("2", Token::Number),
                ("finding", Token::Call),
                ("\"a // b\"", Token::Str),
            ]
        );
    }

    #[test]
    fn the_runs_cover_any_text_exactly_even_when_unterminated() {
        for text in ["\"open string", "/* open comment", "é`ü", "let a = 'x", ""] {
            let runs = tokens(text);
            let joined: String = runs.iter().map(|(r, _)| &text[r.clone()]).collect();
            assert_eq!(joined, text);
        }
    }
}
