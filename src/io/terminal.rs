//! Text on a terminal: control characters in a model's names, a rule's explanations or a
//! repository's file names could set the window title, write the clipboard, clear the screen or
//! hide findings. Everything printed goes through [`printable`], which shows them as `\u001b`
//! instead of sending them.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal raw: C0 and C1 controls, DEL, and the bidirectional
/// overrides and isolates that reorder what is shown ("Trojan Source").
pub(super) fn is_hazard(c: char, keep_newlines: bool) -> bool {
    match c {
        '\n' | '\t' => !keep_newlines,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// Where the first character that must be shown escaped starts, scanning bytes: output is mostly
/// ASCII, and decoding every character of a large report dominated `check`'s output time.
fn first_hazard(text: &str, keep_newlines: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    // Blocks of plain printable ASCII are passed over without looking at each character; the
    // branch-free test over a block compiles to vector instructions.
    let suspect = |b: u8| (b < 0x20 && !(keep_newlines && (b == b'\n' || b == b'\t'))) | (b >= 0x7f);
    let mut i = 0;
    while i < bytes.len() {
        let block = &bytes[i..bytes.len().min(i + 64)];
        if !block.iter().fold(false, |any, &b| any | suspect(b)) {
            i += block.len();
            continue;
        }
        let end = i + block.len();
        while i < end {
            let b = bytes[i];
            if b < 0x80 {
                if is_hazard(char::from(b), keep_newlines) {
                    return Some(i);
                }
                i += 1;
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                if is_hazard(c, keep_newlines) {
                    return Some(i);
                }
                i += c.len_utf8();
            }
        }
    }
    None
}

/// Pushes `text` to `out` with its hazards escaped; `out` is a string or a byte sink.
fn escape_into(mut text: &str, keep_newlines: bool, out: &mut dyn FnMut(&str)) {
    while let Some(at) = first_hazard(text, keep_newlines) {
        out(&text[..at]);
        let c = text[at..].chars().next().unwrap_or(' ');
        // The JSON escape form: shown as text on a terminal, and the same character when the
        // output is JSON (where these only occur inside strings).
        out(&format!("\\u{:04x}", u32::from(c)));
        text = &text[at + c.len_utf8()..];
    }
    out(text);
}

fn render(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if first_hazard(text, keep_newlines).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    escape_into(text, keep_newlines, &mut |piece| out.push_str(piece));
    Cow::Owned(out)
}

/// Text safe to print: newlines and tabs kept, every other control character shown as `\uXXXX`.
pub fn printable(text: &str) -> Cow<'_, str> {
    render(text, true)
}

/// As [`printable`], for one line: newlines and tabs are shown too.
pub fn printable_line(text: &str) -> Cow<'_, str> {
    render(text, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_sent() {
        let title = "evil\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m";
        let shown = printable(title);
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert_eq!(shown, "evil\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m");
    }

    #[test]
    fn bidi_overrides_are_shown_and_plain_text_is_untouched() {
        assert_eq!(printable("a\u{202e}b"), "a\\u202eb");
        assert!(matches!(printable("Ask-IT → LLM\n\tok"), Cow::Borrowed(_)));
        assert_eq!(printable_line("two\nlines\r"), "two\\u000alines\\u000d");
    }
}
