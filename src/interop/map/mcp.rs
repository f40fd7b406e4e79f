//! MCP client configuration (`mcp.json`, `claude_desktop_config.json`, `.vscode/mcp.json`):
//! the servers an agent host starts or connects to, with lines.

use serde_json::Value as Json;

/// One configured MCP server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct McpServer {
    /// Its name in the configuration.
    pub name: String,
    /// Line of its name.
    pub line: u32,
    /// Reached over the network (`url`), rather than started as a local process (`command`).
    pub remote: bool,
    /// The command and arguments, or the URL, shortened.
    pub launch: String,
}

/// The servers configured in `text`, or why it could not be read.
pub fn servers(text: &str) -> Result<Vec<McpServer>, String> {
    let json: Json = serde_json::from_str(&strict_json(text)).map_err(|e| format!("line {}: {e}", e.line()))?;
    let table = json
        .get("mcpServers")
        .or_else(|| json.get("servers"))
        .and_then(Json::as_object)
        .ok_or_else(|| "no `mcpServers` object".to_owned())?;
    let mut out: Vec<McpServer> = table
        .iter()
        .map(|(name, cfg)| {
            let url = cfg.get("url").or_else(|| cfg.get("serverUrl")).and_then(Json::as_str);
            let command = cfg.get("command").and_then(Json::as_str).unwrap_or("");
            let args: Vec<&str> = cfg
                .get("args")
                .and_then(Json::as_array)
                .map(|a| a.iter().filter_map(Json::as_str).collect())
                .unwrap_or_default();
            let launch = url.map_or_else(|| format!("{command} {}", args.join(" ")), str::to_owned);
            McpServer {
                name: name.clone(),
                line: super::source_line(text, &format!("{name:?}")),
                remote: url.is_some(),
                launch: super::scan::clip(&launch),
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// JSON with comments and trailing commas (what VS Code and Cursor accept in `mcp.json`) as
/// strict JSON: comments become spaces and trailing commas are dropped, outside strings, so
/// lines and columns stay where they were.
fn strict_json(text: &str) -> String {
    let b = text.as_bytes();
    // Comments first, then commas: a trailing comma may stand before a comment.
    let mut out: Vec<u8> = b.to_vec();
    let mut i = 0;
    let mut in_string = false;
    while i < b.len() {
        let c = b.get(i).copied().unwrap_or(0);
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else if c == b'"' {
            in_string = true;
        } else if c == b'/' && matches!(b.get(i + 1), Some(b'/' | b'*')) {
            let end = if b.get(i + 1) == Some(&b'/') {
                b.get(i..)
                    .and_then(|r| r.iter().position(|x| *x == b'\n'))
                    .map_or(b.len(), |p| i + p)
            } else {
                b.get(i + 2..)
                    .and_then(|r| r.windows(2).position(|w| w == b"*/"))
                    .map_or(b.len(), |p| i + 2 + p + 2)
            };
            for x in out.get_mut(i..end).unwrap_or_default() {
                if *x != b'\n' {
                    *x = b' ';
                }
            }
            i = end;
            continue;
        }
        i += 1;
    }
    let mut in_string = false;
    let mut i = 0;
    while i < out.len() {
        let c = out.get(i).copied().unwrap_or(0);
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else if c == b'"' {
            in_string = true;
        } else if c == b',' {
            let next = out
                .get(i + 1..)
                .and_then(|r| r.iter().find(|x| !x.is_ascii_whitespace()))
                .copied();
            if matches!(next, Some(b'}' | b']'))
                && let Some(x) = out.get_mut(i)
            {
                *x = b' ';
            }
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_are_listed_with_their_lines() {
        let text = "{\n  \"mcpServers\": {\n    \"github\": {\"command\": \"npx\", \"args\": [\"-y\", \"@modelcontextprotocol/server-github\"]},\n    \"search\": {\"url\": \"https://mcp.example.com/sse\"}\n  }\n}\n";
        let s = servers(text).expect("parses");
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].name.as_str(), s[0].line, s[0].remote), ("github", 3, false));
        assert_eq!((s[1].name.as_str(), s[1].line, s[1].remote), ("search", 4, true));
        assert!(servers("{ not json").is_err());
        // VS Code's mcp.json: comments and trailing commas.
        let vscode = "{\n  // local servers\n  \"servers\": {\n    \"echo\": {\"type\": \"http\", \"url\": \"http://localhost:5004/mcp\",},\n    /* more */\n  },\n}\n";
        let s = servers(vscode).expect("JSONC parses");
        assert_eq!((s[0].name.as_str(), s[0].line, s[0].remote), ("echo", 4, true));
    }
}
