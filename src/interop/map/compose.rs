//! docker-compose files: the services (each a deployable unit), their images, build folders,
//! `depends_on` and published ports, with lines.

use super::yaml_lines::{Line, children, inline_list, lines, unquote};

/// One compose service.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ComposeService {
    /// Service name.
    pub name: String,
    /// Line of its key.
    pub line: u32,
    /// Last line of its block.
    pub last_line: u32,
    /// The image, with its line.
    pub image: Option<(String, u32)>,
    /// The build folder (relative to the compose file), with its line.
    pub build: Option<(String, u32)>,
    /// Services it depends on, with lines.
    pub depends_on: Vec<(String, u32)>,
    /// Line of `ports:` when it publishes ports.
    pub ports: Option<u32>,
}

/// The services of a compose file, or why it could not be read.
pub fn services(text: &str) -> Result<Vec<ComposeService>, String> {
    let ls = lines(text).map_err(|n| format!("line {n}: tab in indentation is not valid YAML"))?;
    let Some(at) = ls
        .iter()
        .position(|l| l.indent == 0 && l.key_value() == Some(("services", "")))
    else {
        return Err("no top-level `services:` mapping".to_owned());
    };
    let body = children(&ls, at);
    let Some(service_indent) = body.first().map(|l| l.indent) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(l) = body.get(i) {
        if l.indent < service_indent {
            return Err(format!(
                "line {}: indentation does not match the services above",
                l.number
            ));
        }
        let inner = children(body, i);
        if l.indent == service_indent {
            match l.key_value() {
                Some((name, "")) => out.push(service(name, l, inner)),
                _ => return Err(format!("line {}: expected a service name", l.number)),
            }
        }
        i += 1 + inner.len();
    }
    Ok(out)
}

fn service(name: &str, key: &Line<'_>, inner: &[Line<'_>]) -> ComposeService {
    let mut s = ComposeService {
        name: name.to_owned(),
        line: key.number,
        last_line: inner.last().map_or(key.number, |l| l.number),
        ..ComposeService::default()
    };
    let Some(field_indent) = inner.first().map(|l| l.indent) else {
        return s;
    };
    for (i, l) in inner.iter().enumerate() {
        if l.indent != field_indent {
            continue;
        }
        let Some((k, v)) = l.key_value() else { continue };
        let nested = children(inner, i);
        match k {
            "image" => s.image = Some((unquote(v).to_owned(), l.number)),
            "build" if !v.is_empty() => s.build = Some((unquote(v).to_owned(), l.number)),
            "build" => {
                s.build = nested
                    .iter()
                    .find_map(|c| c.key_value().filter(|(k, _)| *k == "context"))
                    .map(|(_, v)| (unquote(v).to_owned(), l.number));
            }
            "depends_on" => {
                s.depends_on
                    .extend(inline_list(v).into_iter().map(|d| (d.to_owned(), l.number)));
                let child_indent = nested.first().map(|c| c.indent);
                for c in nested.iter().filter(|c| Some(c.indent) == child_indent) {
                    let dep = c.list_item().or_else(|| c.key_value().map(|(k, _)| k));
                    if let Some(d) = dep.filter(|d| !d.is_empty()) {
                        s.depends_on.push((d.to_owned(), c.number));
                    }
                }
            }
            "ports" => s.ports = Some(l.number),
            _ => {}
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_with_build_depends_on_and_ports() {
        let text = "version: '3'\nservices:\n  api:\n    build: ./api\n    ports:\n      - \"8000:8000\"\n    depends_on:\n      - qdrant\n  qdrant:\n    image: qdrant/qdrant:v1.9\n    depends_on: [db]\n  worker:\n    build:\n      context: ./worker\n    depends_on:\n      db:\n        condition: service_healthy\nvolumes:\n  data:\n";
        let s = services(text).expect("parses");
        let names: Vec<&str> = s.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["api", "qdrant", "worker"]);
        assert_eq!(s[0].build, Some(("./api".into(), 4)));
        assert_eq!(s[0].ports, Some(5));
        assert_eq!(s[0].depends_on, [("qdrant".to_owned(), 8)]);
        assert_eq!(s[1].image, Some(("qdrant/qdrant:v1.9".into(), 10)));
        assert_eq!(s[1].depends_on, [("db".to_owned(), 11)]);
        assert_eq!(s[2].build, Some(("./worker".into(), 13)));
        assert_eq!(s[2].depends_on, [("db".to_owned(), 16)]);
        assert_eq!((s[0].line, s[0].last_line), (3, 8));
    }

    #[test]
    fn malformed_compose_is_an_error_not_a_panic() {
        assert!(services("services:\n\tapi: {}\n").is_err());
        assert!(services("not yaml at all [[[").is_err());
        assert!(services("services:\n    api:\n  bad: 1\n").is_err());
    }
}
