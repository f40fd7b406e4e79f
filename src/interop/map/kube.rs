//! Kubernetes manifests: the workloads (each a deployable unit) and what is exposed to the
//! outside (Ingress backends, LoadBalancer services), with lines. Helm templates whose names
//! are template expressions are left to the chart folder's unit.

use super::yaml_lines::{Line, children, lines, unquote};

/// Kinds that run code: each is a deployable unit.
const WORKLOADS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "CronJob",
    "Pod",
    "InferenceService",
    "RayService",
    "RayJob",
    "RayCluster",
    "Rollout",
    "Service",
    "Ingress",
];

/// One Kubernetes object of interest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    /// `kind:`.
    pub kind: String,
    /// `metadata.name`.
    pub name: String,
    /// Line of `kind:`.
    pub line: u32,
    /// First and last line of its document.
    pub first_line: u32,
    /// Last line of its document.
    pub last_line: u32,
    /// For Ingress and exposed Services: names of the services it sends traffic to.
    pub exposes: Vec<String>,
}

impl Object {
    /// Whether it runs code (as opposed to routing traffic).
    pub fn is_workload(&self) -> bool {
        !matches!(self.kind.as_str(), "Service" | "Ingress")
    }
}

/// The objects of a YAML file with several documents; a file that is not YAML gives an error.
pub fn objects(text: &str) -> Result<Vec<Object>, String> {
    let ls = lines(text).map_err(|n| format!("line {n}: tab in indentation is not valid YAML"))?;
    let mut out = Vec::new();
    let mut start = 0;
    for end in (0..=ls.len())
        .filter(|&i| i == ls.len() || ls.get(i).is_some_and(|l| l.indent == 0 && l.body.starts_with("---")))
    {
        if let Some(doc) = ls.get(start..end)
            && let Some(o) = object(doc)
        {
            out.push(o);
        }
        start = end + 1;
    }
    Ok(out)
}

fn object(doc: &[Line<'_>]) -> Option<Object> {
    let top = |key: &str| {
        doc.iter()
            .enumerate()
            .find(|(_, l)| l.indent == 0 && l.key_value().is_some_and(|(k, _)| k == key))
    };
    let (_, kind_line) = top("kind")?;
    let kind = unquote(kind_line.key_value()?.1).to_owned();
    if !WORKLOADS.contains(&kind.as_str()) {
        return None;
    }
    let (meta_at, _) = top("metadata")?;
    let meta = children(doc, meta_at);
    let indent = meta.first()?.indent;
    let name = meta
        .iter()
        .filter(|l| l.indent == indent)
        .find_map(|l| l.key_value().filter(|(k, _)| *k == "name"))
        .map(|(_, v)| unquote(v).to_owned())?;
    if name.is_empty() || name.contains("{{") {
        return None;
    }
    let exposes = match kind.as_str() {
        "Ingress" => doc
            .iter()
            .filter_map(|l| l.key_value())
            .filter(|(k, v)| *k == "name" && !v.is_empty())
            .map(|(_, v)| unquote(v).to_owned())
            .filter(|v| *v != name)
            .collect(),
        "Service"
            if doc
                .iter()
                .filter_map(|l| l.key_value())
                .any(|(k, v)| k == "type" && matches!(unquote(v), "LoadBalancer" | "NodePort")) =>
        {
            vec![name.clone()]
        }
        _ => Vec::new(),
    };
    Some(Object {
        kind,
        name,
        line: kind_line.number,
        first_line: doc.first()?.number,
        last_line: doc.last()?.number,
        exposes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_give_workloads_and_what_ingress_exposes() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: chat-api\n  labels:\n    app: chat\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/chat:1\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n    - http:\n        paths:\n          - backend:\n              service:\n                name: chat-api\n---\nkind: ConfigMap\nmetadata:\n  name: cfg\n";
        let o = objects(text).expect("parses");
        assert_eq!(o.len(), 2);
        assert_eq!(
            (o[0].kind.as_str(), o[0].name.as_str(), o[0].line),
            ("Deployment", "chat-api", 2)
        );
        assert_eq!((o[0].first_line, o[0].last_line), (1, 12));
        assert_eq!(o[1].exposes, ["chat-api"]);
        assert!(!o[1].is_workload());
    }
}
