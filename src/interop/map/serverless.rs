//! Serverless manifests: the functions an AWS SAM / CloudFormation template or a Serverless
//! Framework `serverless.yml` declares (each a deployable unit, its code in `CodeUri` or its
//! handler's folder), with the block that describes each, so the events and settings written
//! there belong to the function they configure.

use super::yaml_lines::{Line, children, lines, unquote};

/// One declared function.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Function {
    /// Its logical id (SAM) or key (Serverless Framework).
    pub name: String,
    /// Line of its key.
    pub line: u32,
    /// Last line of its block.
    pub last_line: u32,
    /// Its code folder, relative to the manifest's folder (`CodeUri`, or the handler's
    /// folder), when it names one.
    pub code: Option<String>,
    /// Lines of events that make it a public HTTP entry point (`Type: Api`, `http:`).
    pub http: Vec<u32>,
}

/// Whether `text` (a YAML file) is a serverless manifest this module reads.
pub fn is_manifest(rel: &str, text: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    text.contains("AWS::Serverless::Function")
        || ((name == "serverless.yml" || name == "serverless.yaml") && text.contains("functions:"))
}

/// The functions of a serverless manifest.
pub fn functions(text: &str) -> Result<Vec<Function>, String> {
    let ls = lines(text).map_err(|n| format!("line {n}: tab in indentation is not valid YAML"))?;
    let mut out = Vec::new();
    for (at, top) in ls.iter().enumerate().filter(|(_, l)| l.indent == 0) {
        match top.key_value() {
            Some(("Resources", "")) => sam(&ls, at, &mut out),
            Some(("functions", "")) => framework(&ls, at, &mut out),
            _ => {}
        }
    }
    Ok(out)
}

/// Entries directly under `lines[at]`: (index, line).
fn entries<'a, 'b>(ls: &'b [Line<'a>], at: usize) -> Vec<(usize, &'b Line<'a>)> {
    let body = children(ls, at);
    let indent = body.first().map_or(0, |l| l.indent);
    body.iter()
        .enumerate()
        .filter(|(_, l)| l.indent == indent)
        .map(|(i, l)| (at + 1 + i, l))
        .collect()
}

fn last_line(ls: &[Line<'_>], at: usize) -> u32 {
    children(ls, at).last().or(ls.get(at)).map_or(0, |l| l.number)
}

fn sam(ls: &[Line<'_>], resources: usize, out: &mut Vec<Function>) {
    for (at, res) in entries(ls, resources) {
        let Some((name, "")) = res.key_value() else { continue };
        let inner = children(ls, at);
        let is_function = inner.iter().any(|l| {
            l.key_value()
                .is_some_and(|(k, v)| k == "Type" && unquote(v) == "AWS::Serverless::Function")
        });
        if !is_function {
            continue;
        }
        let code = inner
            .iter()
            .find_map(|l| l.key_value().filter(|(k, _)| *k == "CodeUri").map(|(_, v)| unquote(v)))
            .filter(|v| !v.is_empty() && !v.starts_with('!') && !v.contains("://"))
            .map(|v| v.trim_end_matches('/').to_owned());
        let http = inner
            .iter()
            .filter(|l| {
                l.key_value()
                    .is_some_and(|(k, v)| k == "Type" && matches!(unquote(v), "Api" | "HttpApi"))
            })
            .map(|l| l.number)
            .collect();
        out.push(Function {
            name: name.to_owned(),
            line: res.number,
            last_line: last_line(ls, at),
            code,
            http,
        });
    }
}

fn framework(ls: &[Line<'_>], functions: usize, out: &mut Vec<Function>) {
    for (at, f) in entries(ls, functions) {
        let Some((name, "")) = f.key_value() else { continue };
        let inner = children(ls, at);
        // `handler: src/get_document/main.handler`: the code is the handler's folder.
        let code = inner
            .iter()
            .find_map(|l| l.key_value().filter(|(k, _)| *k == "handler").map(|(_, v)| unquote(v)))
            .and_then(|h| h.rsplit_once('/').map(|(d, _)| d.to_owned()));
        let http = inner
            .iter()
            .filter(|l| {
                let body = l.body.strip_prefix("- ").unwrap_or(l.body);
                body.starts_with("http:") || body.starts_with("httpApi:")
            })
            .map(|l| l.number)
            .collect();
        out.push(Function {
            name: name.to_owned(),
            line: f.number,
            last_line: last_line(ls, at),
            code,
            http,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sam_and_framework_functions_with_code_and_http_events() {
        let sam_text = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Table:\n    Type: AWS::DynamoDB::Table\n  GetDoc:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/get_document/\n      Events:\n        Root:\n          Type: Api\n          Properties:\n            Path: /doc\n  OnUpload:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/upload/\n      Events:\n        S3Event:\n          Type: S3\n";
        assert!(is_manifest("backend/template.yaml", sam_text));
        let f = functions(sam_text).expect("reads");
        assert_eq!(f.len(), 2);
        assert_eq!((f[0].name.as_str(), f[0].line, f[0].last_line), ("GetDoc", 5, 13));
        assert_eq!(f[0].code.as_deref(), Some("src/get_document"));
        assert_eq!(f[0].http, vec![11]);
        assert!(f[1].http.is_empty(), "an S3 event is not an HTTP entry point");

        let sls = "service: pdf\nfunctions:\n  ask:\n    handler: api/ask.handler\n    events:\n      - http:\n          path: ask\n  nightly:\n    handler: jobs/nightly.run\n";
        assert!(is_manifest("serverless.yml", sls));
        let f = functions(sls).expect("reads");
        assert_eq!(f.len(), 2);
        assert_eq!((f[0].code.as_deref(), f[0].http.clone()), (Some("api"), vec![6]));
        assert!(!is_manifest("k8s/deploy.yaml", "kind: Deployment\n"));
    }
}
