//! docker-compose files: the services (each a deployable unit), their images, build folders,
//! `depends_on` and published ports, with lines. Read with the real YAML reader ([`super::yaml`]),
//! so anchors, flow mappings and `x-` extension blocks read as compose itself reads them.

use super::yaml::{self, Node, YamlError};

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

/// Why a compose file gave no services.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    /// Not YAML, or over the reader's limits.
    #[error(transparent)]
    Yaml(#[from] YamlError),
    /// YAML, but no `services:` mapping at the top.
    #[error("no top-level `services:` mapping")]
    NoServices,
}

/// The services of a compose file, or why it could not be read.
pub fn services(text: &str) -> Result<Vec<ComposeService>, ComposeError> {
    let docs = yaml::documents(text)?;
    let Some(list) = docs.iter().find_map(|d| d.get("services")) else {
        return Err(ComposeError::NoServices);
    };
    Ok(list
        .entries()
        .filter_map(|(k, v)| Some(service(k.as_str()?, k, v)))
        .collect())
}

fn service(name: &str, key: &Node, body: &Node) -> ComposeService {
    let mut s = ComposeService {
        name: name.to_owned(),
        line: key.line,
        last_line: body.last_line.max(key.line),
        ..ComposeService::default()
    };
    for (k, v) in body.entries() {
        match k.as_str().unwrap_or_default() {
            "image" => s.image = v.as_str().map(|i| (i.to_owned(), k.line)),
            "build" => {
                let folder = v.as_str().or_else(|| v.get("context").and_then(Node::as_str));
                s.build = folder.filter(|f| !f.is_empty()).map(|f| (f.to_owned(), k.line));
            }
            // A list of names, or a mapping of name to condition.
            "depends_on" => {
                let names = v.items().iter().chain(v.entries().map(|(dk, _)| dk));
                s.depends_on.extend(
                    names
                        .filter_map(|n| Some((n.as_str()?.to_owned(), n.line)))
                        .filter(|(n, _)| !n.is_empty()),
                );
            }
            "ports" => s.ports = Some(k.line),
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
