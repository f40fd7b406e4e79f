//! Bring your own AI, governed: an assistant is a command the user configures (a local model
//! runner behind a small script, or anything they trust), spoken to over stdin/stdout — never a
//! network call from Bulwark. One JSON request per task goes to its stdin; one JSON reply comes
//! back on its stdout. The command line is split into arguments here and never given to a
//! shell; the command runs in its own process group, which is killed as a whole on timeout or
//! when it writes too much, so a wrapper's children cannot keep the pipe open. Its reply is
//! checked against the model and the catalogue: what it suggests becomes pending suggestions a
//! person accepts or rejects, and anything unknown is refused with a note.
//!
//! The request and reply schema (version 1) is documented in `libraries/README.md`.

use crate::catalog::Catalog;
use crate::model::{ElementId, Model, Proposal};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The schema version of requests and replies.
pub const SCHEMA_VERSION: u64 = 1;

/// What can go wrong talking to the assistant.
#[derive(Debug, thiserror::Error)]
pub enum AssistError {
    /// No command configured.
    #[error("no assistant configured: set one in Settings, BULWARK_ASSISTANT or --assistant")]
    NotConfigured,
    /// The command line could not be split.
    #[error("assistant command line: {0}")]
    CommandLine(String),
    /// It could not be started.
    #[error("could not start the assistant {program:?}: {source}")]
    Spawn {
        /// The program.
        program: String,
        /// Why.
        source: std::io::Error,
    },
    /// It ran past the timeout and was stopped.
    #[error("the assistant did not answer within {0} s and was stopped")]
    Timeout(u64),
    /// It wrote more than the limit and was stopped.
    #[error("the assistant wrote more than {0} bytes and was stopped")]
    TooLarge(usize),
    /// It exited with an error.
    #[error("the assistant exited with {status}: {stderr}")]
    Failed {
        /// Exit status.
        status: String,
        /// The end of what it wrote to stderr.
        stderr: String,
    },
    /// Its reply is not a valid version-1 reply.
    #[error("the assistant's reply is not valid: {0}")]
    BadReply(String),
}

/// Limits on one request.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Wall-clock time for the whole exchange.
    pub timeout: Duration,
    /// Most bytes read from its stdout.
    pub max_output: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(120),
            max_output: 4 * 1024 * 1024,
        }
    }
}

/// Splits a command line into arguments the way a user expects from a settings field: spaces
/// separate, single and double quotes group, a backslash escapes the next character. Nothing
/// is expanded or interpreted — there is no shell.
pub fn split_command(line: &str) -> Result<Vec<String>, AssistError> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') | (None, '\\') => match chars.next() {
                Some(n) => {
                    cur.push(n);
                    in_word = true;
                }
                None => return Err(AssistError::CommandLine("ends with a backslash".into())),
            },
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, c) => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        return Err(AssistError::CommandLine("a quote is not closed".into()));
    }
    if in_word {
        out.push(cur);
    }
    if out.is_empty() {
        return Err(AssistError::NotConfigured);
    }
    Ok(out)
}

/// Runs `argv` with `input` on its stdin and returns its stdout, within `limits`.
pub fn exchange(argv: &[String], input: &[u8], limits: Limits) -> Result<Vec<u8>, AssistError> {
    let (program, args) = argv.split_first().ok_or(AssistError::NotConfigured)?;
    let mut cmd = Command::new(program);
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut child = cmd.spawn().map_err(|source| AssistError::Spawn {
        program: program.clone(),
        source,
    })?;
    let started = Instant::now();
    let mut stdin = child.stdin.take();
    let request = input.to_vec();
    // Written on its own thread: a command that does not read its input must not block us.
    let writer = std::thread::spawn(move || {
        if let Some(s) = stdin.as_mut() {
            let _ = s.write_all(&request);
        }
    });
    let too_large = Arc::new(AtomicBool::new(false));
    let stdout = child.stdout.take();
    let flag = too_large.clone();
    let max = limits.max_output;
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut s) = stdout {
            let mut chunk = [0u8; 64 * 1024];
            loop {
                match s.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if buf.len() + n > max {
                            flag.store(true, Ordering::SeqCst);
                            break;
                        }
                        buf.extend_from_slice(&chunk[..n]);
                    }
                }
            }
        }
        buf
    });
    let stderr = child.stderr.take();
    let errors = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stderr {
            let _ = s.take(64 * 1024).read_to_end(&mut buf);
        }
        buf
    });
    let status = loop {
        if too_large.load(Ordering::SeqCst) {
            kill_group(&mut child);
            let _ = child.wait();
            return Err(AssistError::TooLarge(limits.max_output));
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(e) => {
                kill_group(&mut child);
                return Err(AssistError::Spawn {
                    program: program.clone(),
                    source: e,
                });
            }
        }
        if started.elapsed() > limits.timeout {
            kill_group(&mut child);
            let _ = child.wait();
            return Err(AssistError::Timeout(limits.timeout.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    // The command is gone; anything it left running in its group still holds the pipes.
    kill_group(&mut child);
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    let err = errors.join().unwrap_or_default();
    if too_large.load(Ordering::SeqCst) {
        return Err(AssistError::TooLarge(limits.max_output));
    }
    if !status.success() {
        let text = String::from_utf8_lossy(&err);
        let tail: String = text
            .chars()
            .rev()
            .take(400)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return Err(AssistError::Failed {
            status: status.to_string(),
            stderr: crate::io::printable(tail.trim()).into_owned(),
        });
    }
    Ok(out)
}

/// Stops the command and everything in its process group.
fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        if let Ok(pid) = i32::try_from(child.id()) {
            // SAFETY: kill(2) with a negative pid signals the process group the child leads
            // (it was started with process_group(0)); no memory is touched.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    }
    let _ = child.kill();
}

/// What an assistant can be asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Draft components and flows from the model's description.
    Draft,
    /// Threats the rules did not raise, for an element or the whole model.
    Suggest,
    /// Explain a finding for an audience.
    Explain,
    /// Controls for an open finding.
    Controls,
}

impl Task {
    /// The task's name in the schema.
    pub fn id(self) -> &'static str {
        match self {
            Task::Draft => "draft",
            Task::Suggest => "suggest",
            Task::Explain => "explain",
            Task::Controls => "controls",
        }
    }
}

/// The request: the task, the architectural context the person selected (the model's
/// components, flows and boundaries — no file contents from outside it) and the approved
/// library content (kind, control and data-class ids, rule ids and titles).
pub fn request(
    task: Task,
    model: &Model,
    cat: &Catalog,
    element: Option<&ElementId>,
    finding: Option<&crate::engine::Finding>,
    audience: &str,
) -> Value {
    let elements: Vec<Value> = model
        .elements
        .iter()
        .map(|(id, e)| json!({"id": id.as_str(), "name": e.name, "kind": e.kind.as_str(), "boundary": e.boundary.as_ref().map(|b| b.as_str())}))
        .collect();
    let flows: Vec<Value> = model
        .flows
        .iter()
        .map(|(id, f)| json!({"id": id.as_str(), "from": f.from.as_str(), "to": f.to.as_str(), "label": f.label, "data": f.data.iter().map(|d| d.as_str()).collect::<Vec<_>>()}))
        .collect();
    let boundaries: Vec<Value> = model
        .boundaries
        .iter()
        .map(|(id, b)| json!({"id": id.as_str(), "name": b.name, "kind": b.kind.id()}))
        .collect();
    let mut v = json!({
        "bulwark_assistant": SCHEMA_VERSION,
        "task": task.id(),
        "model": {"name": model.name, "description": model.description, "elements": elements, "flows": flows, "boundaries": boundaries},
        "library": {
            "kinds": cat.kinds.keys().map(|k| k.as_str()).collect::<Vec<_>>(),
            "controls": cat.controls.keys().map(|c| c.as_str()).collect::<Vec<_>>(),
            "data_classes": cat.data_classes.keys().map(|d| d.as_str()).collect::<Vec<_>>(),
            "rules": cat.rules.iter().map(|r| json!({"id": r.id.as_str(), "title": r.title})).collect::<Vec<_>>(),
        },
    });
    if let Some(e) = element {
        v["element"] = json!(e.as_str());
    }
    if let Some(f) = finding {
        v["finding"] = json!({"id": f.id.as_str(), "title": f.title.as_ref(), "why": f.why, "severity": f.severity.id(), "missing_controls": f.missing_controls.iter().map(|c| c.as_str()).collect::<Vec<_>>()});
    }
    if task == Task::Explain {
        v["audience"] = json!(audience);
    }
    v
}

/// A checked reply.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// Text for the person (an explanation), printable.
    pub text: String,
    /// Suggestions that check against the model and catalogue, in order.
    pub accepted: Vec<Proposal>,
    /// Suggestions refused, with why (numbered from 1).
    pub refused: Vec<String>,
}

/// Reads and checks a reply: `{"bulwark_assistant": 1, "text"?: "…", "suggestions"?: [...]}`
/// where each suggestion is a proposal as `bulwark mcp` takes them.
pub fn parse_reply(bytes: &[u8], model: &Model, cat: &Catalog) -> Result<Reply, AssistError> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| AssistError::BadReply(e.to_string()))?;
    if v.get("bulwark_assistant").and_then(Value::as_u64) != Some(SCHEMA_VERSION) {
        return Err(AssistError::BadReply(format!(
            "expected \"bulwark_assistant\": {SCHEMA_VERSION}"
        )));
    }
    let text = crate::io::printable(v.get("text").and_then(Value::as_str).unwrap_or_default()).into_owned();
    let mut applied = model.clone();
    let (mut accepted, mut refused) = (Vec::new(), Vec::new());
    for (i, s) in v
        .get("suggestions")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let checked = serde_json::from_value::<Proposal>(s.clone())
            .map_err(|e| e.to_string())
            .and_then(|p| {
                let tx = p.to_transaction(&applied, cat)?;
                tx.apply(&mut applied).map_err(|e| e.to_string())?;
                Ok(p)
            });
        match checked {
            Ok(p) => accepted.push(p),
            Err(e) => refused.push(format!("suggestion {}: {e}", i + 1)),
        }
    }
    Ok(Reply {
        text,
        accepted,
        refused,
    })
}
