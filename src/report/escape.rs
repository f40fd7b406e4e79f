//! Escaping of user text for each output language. Everything a person typed (names, labels,
//! notes, justifications) goes through one of these before it reaches a report or an export, so
//! a component named `<script>alert(1)</script>` is shown as text everywhere.

/// Text for HTML and SVG, in element content and in quoted attributes: `& < > " '` become
/// character references. Control characters other than tab and newline are dropped (XML 1.0
/// does not allow them, and an SVG with one would not open).
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Text inside a quoted Mermaid label (`id["…"]`, `-->|"…"|`). Mermaid decodes `#NN;` entity
/// codes, so the characters that would end the label, start markup or an entity are written as
/// numeric codes. Line breaks become spaces.
pub fn mermaid(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '"' => out.push_str("#34;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#38;"),
            '\'' => out.push_str("#39;"),
            '<' => out.push_str("#60;"),
            '>' => out.push_str("#62;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Text inside a double-quoted Graphviz string: `"` and `\` are escaped (a bare backslash would
/// start an escape such as `\N`, the node's name), line breaks become `\n`.
pub fn dot(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Inline Markdown text (paragraphs, list items, table cells): characters that start emphasis,
/// links, code, HTML or table cells are backslash-escaped; line breaks become spaces so a note
/// cannot start a heading or a list.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_both_quotes() {
        assert_eq!(
            xml(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(xml("a\u{0}b\u{1b}c"), "abc");
    }

    #[test]
    fn mermaid_labels_cannot_be_closed_or_marked_up() {
        assert_eq!(mermaid(r#"a"]b<i>#1"#), "a#34;]b#60;i#62;#35;1");
        assert_eq!(mermaid("x|y`z"), "x#124;y#96;z");
    }

    #[test]
    fn dot_strings_cannot_be_closed() {
        assert_eq!(dot(r#"say "hi" \N"#), r#"say \"hi\" \\N"#);
        assert_eq!(dot("a\nb"), "a\\nb");
    }

    #[test]
    fn markdown_text_cannot_open_html_or_links() {
        assert_eq!(markdown("<b>[x](y)</b> | *z*"), r"\<b\>\[x\](y)\</b\> \| \*z\*");
        assert_eq!(markdown("# not\na heading"), r"\# not a heading");
    }
}
