//! `bulwark mcp`: a Model Context Protocol server over stdio, so AI coding agents can read a
//! model, its findings and the library, and — only when started with `--allow-propose FILE` —
//! propose changes to that one model as pending suggestions in its sidecar file. It never
//! writes a model.
//!
//! A small synchronous JSON-RPC 2.0 loop over newline-delimited stdio with serde_json, rather
//! than the official `rmcp` SDK: the SDK brings an async runtime (tokio) for a server that
//! answers one request at a time, and the product keeps its dependency tree lean and free of
//! anything that could open a socket. Protocol revisions 2025-06-18, 2025-03-26 and 2024-11-05
//! are accepted (version negotiation as the lifecycle specification describes).

use bulwark::catalog::Catalog;
use bulwark::engine::Evaluation;
use bulwark::model::{Model, Proposal, Suggestions};
use serde_json::{Value, json};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// The revisions this server speaks, newest first.
pub const PROTOCOL_VERSIONS: [&str; 3] = ["2025-06-18", "2025-03-26", "2024-11-05"];

/// Longest message read, in bytes; a longer line is answered with a parse error and skipped.
pub const MAX_MESSAGE: usize = 4 * 1024 * 1024;

/// Most proposals in one `propose_edit` call.
const MAX_PROPOSALS: usize = 50;

/// Serves stdin/stdout until stdin closes.
pub fn run(allow_propose: Option<&Path>) -> anyhow::Result<ExitCode> {
    let allow = match allow_propose {
        Some(p) => Some(std::fs::canonicalize(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?),
        None => None,
    };
    let mut server = Server::new(allow);
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    while let Some(line) = read_message(&mut input, MAX_MESSAGE)? {
        let reply = match line {
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => server.handle_text(&text),
            Err(TooLong) => Some(error(
                Value::Null,
                -32700,
                &format!("message longer than {MAX_MESSAGE} bytes"),
            )),
        };
        if let Some(r) = reply {
            // serde_json escapes control characters and never writes a raw newline.
            writeln!(out, "{r}")?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A line past the size limit.
#[derive(Debug)]
pub struct TooLong;

/// The next newline-delimited message, reading at most `limit` bytes of it (the rest of a long
/// line is skipped); `None` at the end of input.
pub fn read_message(r: &mut impl BufRead, limit: usize) -> std::io::Result<Option<Result<String, TooLong>>> {
    let mut buf = Vec::new();
    let mut too_long = false;
    loop {
        let available = r.fill_buf()?;
        if available.is_empty() {
            if buf.is_empty() && !too_long {
                return Ok(None);
            }
            break;
        }
        let (chunk, done) = match available.iter().position(|b| *b == b'\n') {
            Some(i) => (&available[..i], Some(i + 1)),
            None => (available, None),
        };
        if !too_long {
            if buf.len() + chunk.len() > limit {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        let used = done.unwrap_or(available.len());
        r.consume(used);
        if done.is_some() {
            break;
        }
    }
    if too_long {
        return Ok(Some(Err(TooLong)));
    }
    Ok(Some(Ok(String::from_utf8_lossy(&buf).into_owned())))
}

fn error(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

fn result(id: Value, result: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "result": result})
}

/// A tool's answer: text for the agent, structured data beside it, or an execution error the
/// agent can read (`isError`), as the tools specification separates them from protocol errors.
fn tool_text(text: String, structured: Option<Value>) -> Value {
    let mut v = json!({"content": [{"type": "text", "text": text}], "isError": false});
    if let Some(s) = structured {
        v["structuredContent"] = s;
    }
    v
}

fn tool_error(message: String) -> Value {
    json!({"content": [{"type": "text", "text": message}], "isError": true})
}

/// The server's state: whether the client initialised, and which model it may propose for.
pub struct Server {
    initialized: bool,
    client: String,
    allow: Option<PathBuf>,
    catalog: Arc<Catalog>,
}

impl Server {
    /// A server that may propose for `allow` (canonical path) only.
    pub fn new(allow: Option<PathBuf>) -> Self {
        Self {
            initialized: false,
            client: "unknown client".into(),
            allow,
            catalog: Arc::new(Catalog::builtin().0),
        }
    }

    /// Answers one message (`None` for a notification).
    pub fn handle_text(&mut self, text: &str) -> Option<Value> {
        match serde_json::from_str::<Value>(text) {
            Ok(v) => self.handle(v),
            Err(e) => Some(error(Value::Null, -32700, &format!("parse error: {e}"))),
        }
    }

    fn handle(&mut self, msg: Value) -> Option<Value> {
        let Some(obj) = msg.as_object() else {
            return Some(error(Value::Null, -32600, "a message is a JSON object"));
        };
        let id = obj.get("id").cloned();
        let method = obj.get("method").and_then(Value::as_str);
        if obj.get("jsonrpc").and_then(Value::as_str) != Some("2.0") || method.is_none() {
            // A response from the client (we send no requests) or something that is not
            // JSON-RPC: answer requests, ignore the rest.
            return id.map(|id| error(id, -32600, "expected a JSON-RPC 2.0 request"));
        }
        let method = method.unwrap_or_default();
        let params = obj.get("params").cloned().unwrap_or(Value::Null);
        let Some(id) = id else {
            // Notifications: initialized, cancelled, … need no answer.
            if method == "notifications/initialized" {
                self.initialized = true;
            }
            return None;
        };
        if !self.initialized && !matches!(method, "initialize" | "ping") {
            // Some clients send requests right after the initialize response, before their
            // notification arrives; the response is what matters.
            if self.client == "unknown client" {
                return Some(error(
                    id,
                    -32002,
                    "the server is not initialised: send initialize first",
                ));
            }
        }
        Some(match method {
            "initialize" => self.initialize(id, &params),
            "ping" => result(id, json!({})),
            "tools/list" => result(id, json!({"tools": tools(self.allow.is_some())})),
            "tools/call" => match self.call(&params) {
                Ok(v) => result(id, v),
                Err((code, m)) => error(id, code, &m),
            },
            "resources/list" => result(id, json!({"resources": self.resources()})),
            "resources/read" => match self.read_resource(&params) {
                Ok(v) => result(id, v),
                Err((code, m)) => error(id, code, &m),
            },
            other => error(id, -32601, &format!("method not found: {other}")),
        })
    }

    fn initialize(&mut self, id: Value, params: &Value) -> Value {
        let asked = params
            .get("protocolVersion")
            .and_then(Value::as_str)
            .unwrap_or_default();
        // The same revision when we speak it, else our newest (the client decides whether to
        // go on).
        let version = PROTOCOL_VERSIONS
            .iter()
            .find(|v| **v == asked)
            .unwrap_or(&PROTOCOL_VERSIONS[0]);
        self.client = params
            .pointer("/clientInfo/name")
            .and_then(Value::as_str)
            .unwrap_or("unnamed client")
            .chars()
            .take(80)
            .collect();
        let instructions = match &self.allow {
            Some(p) => format!(
                "Bulwark threat models. Read models with check, list_components and explain_finding; propose_edit adds suggestions for {} to its sidecar file for a person to review — the model itself is never written.",
                p.display()
            ),
            None => "Bulwark threat models, read-only: check, list_components, explain_finding and diff. Proposing changes needs the server started with --allow-propose FILE.".to_owned(),
        };
        result(
            id,
            json!({
                "protocolVersion": version,
                "capabilities": {"tools": {"listChanged": false}, "resources": {"listChanged": false}},
                "serverInfo": {"name": "bulwark", "title": "Bulwark threat models", "version": env!("CARGO_PKG_VERSION")},
                "instructions": instructions,
            }),
        )
    }

    fn call(&self, params: &Value) -> Result<Value, (i64, String)> {
        let name = params.get("name").and_then(Value::as_str).unwrap_or_default();
        let args = params.get("arguments").cloned().unwrap_or(json!({}));
        let arg = |k: &str| -> Result<String, (i64, String)> {
            args.get(k)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or((-32602, format!("{name}: missing string argument {k:?}")))
        };
        Ok(match name {
            "check" => match self.evaluate(&arg("path")?) {
                Ok((model, shown, eval)) => tool_text(
                    bulwark::report::check_text(&self.catalog, &model, &eval),
                    serde_json::to_value(bulwark::report::check_json(&model, &shown, &eval)).ok(),
                ),
                Err(e) => tool_error(e),
            },
            "list_components" => match load(&arg("path")?) {
                Ok(model) => {
                    let rows: Vec<Value> = model
                        .elements
                        .iter()
                        .map(|(id, e)| json!({"id": id.as_str(), "name": e.name, "kind": e.kind.as_str(), "boundary": e.boundary.as_ref().map(|b| b.as_str())}))
                        .collect();
                    let text = model
                        .elements
                        .iter()
                        .map(|(id, e)| format!("{}  {}  ({})", id.as_str(), e.name, e.kind.as_str()))
                        .collect::<Vec<_>>()
                        .join("\n");
                    tool_text(text, Some(json!({"components": rows})))
                }
                Err(e) => tool_error(e),
            },
            "explain_finding" => {
                let wanted = arg("finding")?;
                match self.evaluate(&arg("path")?) {
                    Ok((model, _, eval)) => match eval.findings.iter().find(|f| f.id.as_str() == wanted) {
                        Some(f) => tool_text(self.explain(&model, f), None),
                        None => tool_error(format!("no finding {wanted:?} in this model (call check for the ids)")),
                    },
                    Err(e) => tool_error(e),
                }
            }
            "diff" => match (load(&arg("old")?), load(&arg("new")?)) {
                (Ok(old), Ok(new)) => {
                    let engine = bulwark::engine::Engine::new(self.catalog.clone());
                    let (before, after) = (
                        engine.evaluate(Arc::new(old.clone()), 0),
                        engine.evaluate(Arc::new(new.clone()), 0),
                    );
                    let risk = bulwark::engine::RiskDelta::between(&before, &after);
                    let design = bulwark::model::describe(&old, &new);
                    let (a, b) = (arg("old")?, arg("new")?);
                    let input = bulwark::report::DiffInput {
                        cat: &self.catalog,
                        old: (&old, &a),
                        new: (&new, &b),
                        design: &design,
                        risk: &risk,
                    };
                    tool_text(
                        bulwark::report::diff_text(&input),
                        Some(bulwark::report::diff_json(&input)),
                    )
                }
                (Err(e), _) | (_, Err(e)) => tool_error(e),
            },
            "propose_edit" => {
                let Some(allowed) = &self.allow else {
                    return Ok(tool_error(
                        "read-only: start the server with --allow-propose FILE to propose changes to FILE".into(),
                    ));
                };
                match self.propose(allowed, &arg("path")?, &arg("summary")?, args.get("proposals")) {
                    Ok(text) => tool_text(text, None),
                    Err(e) => tool_error(e),
                }
            }
            other => return Err((-32602, format!("unknown tool: {other}"))),
        })
    }

    fn evaluate(&self, path: &str) -> Result<(Model, String, Evaluation), String> {
        let model = load(path)?;
        if !model.conflicts.is_empty() {
            return Err(format!(
                "{path}: {} merge conflicts to settle first",
                model.conflicts.len()
            ));
        }
        let engine = bulwark::engine::Engine::new(self.catalog.clone());
        let eval = engine.evaluate(Arc::new(model.clone()), 0);
        Ok((model, path.to_owned(), eval))
    }

    fn explain(&self, model: &Model, f: &bulwark::engine::Finding) -> String {
        let name = |id: &bulwark::model::ElementId| {
            model
                .elements
                .get(id)
                .map_or(id.as_str(), |e| e.name.as_str())
                .to_owned()
        };
        let mut s = format!(
            "{} ({})\nSeverity: {} · status: {}\nOn: {}\n\nWhy: {}\n",
            f.title,
            f.id,
            f.severity.id(),
            f.status.label(),
            name(&f.anchor),
            f.why
        );
        if let Some(rule) = self.catalog.rules.iter().find(|r| r.id == f.rule) {
            s.push_str(&format!(
                "\nThe threat: {}\n\nWhat closes it: {}\n",
                rule.description, rule.mitigation
            ));
        }
        if !f.missing_controls.is_empty() {
            s.push_str("\nMissing controls:\n");
            for c in f.missing_controls.iter() {
                let ctl = self.catalog.controls.get(c);
                s.push_str(&format!(
                    "- {} ({}): {}\n",
                    ctl.map_or(c.as_str(), |x| x.name.as_str()),
                    c.as_str(),
                    ctl.map_or("", |x| x.description.as_str())
                ));
            }
        }
        s
    }

    fn propose(&self, allowed: &Path, path: &str, summary: &str, proposals: Option<&Value>) -> Result<String, String> {
        let canonical = std::fs::canonicalize(path).map_err(|e| format!("{path}: {e}"))?;
        if canonical != allowed {
            return Err(format!("proposals are allowed for {} only", allowed.display()));
        }
        let list = proposals
            .and_then(Value::as_array)
            .ok_or("proposals: expected an array of proposals")?;
        if list.is_empty() || list.len() > MAX_PROPOSALS {
            return Err(format!("proposals: between 1 and {MAX_PROPOSALS} per call"));
        }
        let mut model = load(path)?;
        let mut checked = Vec::new();
        // Each is checked against the model with the earlier ones of this call applied, so a
        // flow may join a component proposed just before it; nothing is kept if one fails.
        for (i, p) in list.iter().enumerate() {
            let proposal: Proposal =
                serde_json::from_value(p.clone()).map_err(|e| format!("proposal {}: {e}", i + 1))?;
            let tx = proposal
                .to_transaction(&model, &self.catalog)
                .map_err(|e| format!("proposal {}: {e}", i + 1))?;
            tx.apply(&mut model).map_err(|e| format!("proposal {}: {e}", i + 1))?;
            checked.push(proposal);
        }
        let mut side = Suggestions::load_for(&canonical)?;
        let source = format!("mcp: {}", self.client);
        let mut ids = Vec::new();
        for p in checked {
            ids.push(side.add(&source, summary, p)?);
        }
        let when = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        side.record(format!("unix {when}: {source} proposed {} ({summary})", ids.join(", ")));
        side.save_for(&canonical)?;
        Ok(format!(
            "{} suggestion(s) waiting for review in {}: {}",
            ids.len(),
            bulwark::model::sidecar_path(&canonical).display(),
            ids.join(", ")
        ))
    }

    fn resources(&self) -> Vec<Value> {
        let mut v = vec![
            json!({"uri": "bulwark://library/components", "name": "components", "title": "Component kinds", "mimeType": "application/json"}),
            json!({"uri": "bulwark://library/controls", "name": "controls", "title": "Controls", "mimeType": "application/json"}),
            json!({"uri": "bulwark://library/threats", "name": "threats", "title": "Threat rules", "mimeType": "application/json"}),
        ];
        if self.allow.is_some() {
            v.push(json!({"uri": "bulwark://model", "name": "model", "title": "The model proposals are for", "mimeType": "text/plain"}));
            v.push(json!({"uri": "bulwark://findings", "name": "findings", "title": "Its findings", "mimeType": "application/json"}));
        }
        v
    }

    fn read_resource(&self, params: &Value) -> Result<Value, (i64, String)> {
        let uri = params.get("uri").and_then(Value::as_str).unwrap_or_default();
        let cat = &self.catalog;
        let (mime, text) = match uri {
            "bulwark://library/components" => (
                "application/json",
                serde_json::to_string(&cat.kinds.values().collect::<Vec<_>>()),
            ),
            "bulwark://library/controls" => (
                "application/json",
                serde_json::to_string(&cat.controls.values().collect::<Vec<_>>()),
            ),
            "bulwark://library/threats" => ("application/json", serde_json::to_string(&cat.rules)),
            "bulwark://model" | "bulwark://findings" if self.allow.is_some() => {
                let path = self.allow.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
                let (model, shown, eval) = self.evaluate(&path).map_err(|e| (-32603, e))?;
                if uri == "bulwark://model" {
                    (
                        "text/plain",
                        Ok(bulwark::model::to_string(&model).map_err(|e| (-32603, e.to_string()))?),
                    )
                } else {
                    (
                        "application/json",
                        serde_json::to_string(&bulwark::report::check_json(&model, &shown, &eval)),
                    )
                }
            }
            _ => return Err((-32002, format!("resource not found: {uri}"))),
        };
        let text = text.map_err(|e| (-32603, e.to_string()))?;
        Ok(json!({"contents": [{"uri": uri, "mimeType": mime, "text": text}]}))
    }
}

/// A model file, through the one reading function; only `.bulwark.ron` files, so the server
/// cannot be used to probe other files.
fn load(path: &str) -> Result<Model, String> {
    if !path.ends_with(".bulwark.ron") {
        return Err(format!("{path}: not a model file (.bulwark.ron)"));
    }
    bulwark::model::load(Path::new(path)).map_err(|e| e.to_string())
}

fn tools(can_propose: bool) -> Vec<Value> {
    let path = json!({"type": "string", "description": "Path to a .bulwark.ron model file"});
    let mut v = vec![
        json!({"name": "check", "title": "Check a model", "description": "Evaluate a threat model with Bulwark's rules: open findings with why, severity and the missing controls.", "inputSchema": {"type": "object", "properties": {"path": path}, "required": ["path"]}}),
        json!({"name": "list_components", "title": "List components", "description": "The components of a model with their ids, kinds and trust boundaries.", "inputSchema": {"type": "object", "properties": {"path": path}, "required": ["path"]}}),
        json!({"name": "explain_finding", "title": "Explain a finding", "description": "Why a finding was raised, the threat it names, and which controls would close it.", "inputSchema": {"type": "object", "properties": {"path": path, "finding": {"type": "string", "description": "Finding id, as check lists it"}}, "required": ["path", "finding"]}}),
        json!({"name": "diff", "title": "Compare two versions", "description": "Design and risk changes between two versions of a model.", "inputSchema": {"type": "object", "properties": {"old": path, "new": path}, "required": ["old", "new"]}}),
    ];
    if can_propose {
        v.push(json!({"name": "propose_edit", "title": "Propose changes", "description": "Propose changes to the model as suggestions a person reviews in Bulwark (the model file is never written). Each proposal is one of: {\"type\":\"add_component\",\"id\":\"el-…\",\"kind\":KIND,\"name\":…,\"boundary\"?:\"tb-…\"}, {\"type\":\"add_flow\",\"id\":\"fl-…\",\"from\":\"el-…\",\"to\":\"el-…\",\"label\":…,\"data\"?:[DATA CLASS…]}, {\"type\":\"add_threat\",\"statement\":…,\"element\"?:\"el-…\"}, {\"type\":\"set_control\",\"element\":\"el-…\",\"control\":CONTROL,\"state\":\"implemented|required|recommended|rejected|not-applicable\"}. Kinds, controls and data classes are the library's (see the resources).", "inputSchema": {"type": "object", "properties": {"path": path, "summary": {"type": "string", "description": "Why, for the reviewer"}, "proposals": {"type": "array", "items": {"type": "object"}}}, "required": ["path", "summary", "proposals"]}}));
    }
    v
}
