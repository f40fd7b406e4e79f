//! A line-oriented reading of the YAML shapes the real reader ([`super::yaml`]) cannot take:
//! Kubernetes manifests and Helm templates, whose `{{ }}` directives are not YAML until rendered.
//! It never builds a document tree, so deep nesting or a malformed file costs nothing, and every
//! value keeps its exact line.

/// One meaningful YAML line: not blank, not a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number.
    pub number: u32,
    /// Leading spaces.
    pub indent: usize,
    /// The line without indentation and trailing comment.
    pub body: &'a str,
}

impl<'a> Line<'a> {
    /// `key` and the text after `key:` when the line is a mapping entry.
    pub fn key_value(&self) -> Option<(&'a str, &'a str)> {
        let body = self.body.strip_prefix("- ").unwrap_or(self.body);
        let (key, value) = body.split_once(':')?;
        if value.starts_with(|c: char| !c.is_whitespace()) && !value.is_empty() {
            return None;
        }
        let key = unquote(key.trim());
        if key.is_empty() || key.contains(' ') {
            return None;
        }
        Some((key, value.trim()))
    }
}

/// Removes one pair of matching quotes.
pub fn unquote(s: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|x| x.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// The meaningful lines of `text`, or the first line indented with a tab (which YAML forbids).
pub fn lines(text: &str) -> Result<Vec<Line<'_>>, u32> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let trimmed = raw.trim_start_matches(' ');
        if trimmed.starts_with('\t') {
            return Err(number);
        }
        let body = strip_comment(trimmed).trim_end();
        if body.is_empty() {
            continue;
        }
        out.push(Line {
            number,
            indent: raw.len() - trimmed.len(),
            body,
        });
    }
    Ok(out)
}

/// The line without a `# comment` (a `#` at the start or after a space, outside quotes).
fn strip_comment(s: &str) -> &str {
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if prev == ' ' => return s.get(..i).unwrap_or(s),
            _ => {}
        }
        prev = c;
    }
    s
}

/// The lines nested under `lines[at]` (strictly deeper indentation).
pub fn children<'a, 'b>(lines: &'b [Line<'a>], at: usize) -> &'b [Line<'a>] {
    let Some(parent) = lines.get(at) else { return &[] };
    let rest = lines.get(at + 1..).unwrap_or(&[]);
    let end = rest
        .iter()
        .position(|l| {
            l.indent <= parent.indent
                && !(l.indent == parent.indent && l.body.starts_with("- ") && !parent.body.starts_with("- "))
        })
        .unwrap_or(rest.len());
    rest.get(..end).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_numbers_and_drop_comments() {
        let ls = lines("a: 1\n\n  # c\n  b: \"x # y\" # z\n").expect("no tabs");
        assert_eq!(ls.len(), 2);
        assert_eq!((ls[1].number, ls[1].indent), (4, 2));
        assert_eq!(ls[1].key_value(), Some(("b", "\"x # y\"")));
        assert_eq!(lines("a:\n\tb: 1\n"), Err(2));
    }
}
