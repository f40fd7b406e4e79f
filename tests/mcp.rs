//! `bulwark mcp` end to end over stdio: the lifecycle and messages as the MCP specification
//! (revision 2025-06-18) shows them, the tools on an example, and a proposal that lands in the
//! sidecar and nowhere else.

use crate::util::root;
use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};

/// Sends each message as one line, closes stdin, and returns the replies by id.
fn session(args: &[&str], messages: &[Value]) -> (Vec<Value>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bulwark"))
        .arg("mcp")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start bulwark mcp");
    {
        let mut stdin = child.stdin.take().unwrap();
        for m in messages {
            writeln!(stdin, "{m}").unwrap();
        }
        // A line that is not JSON, answered with a parse error, does not end the session.
        writeln!(stdin, "{{not json").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let replies = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not one JSON message per line: {e}: {l}")))
        .collect();
    (replies, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn reply(replies: &[Value], id: i64) -> &Value {
    replies
        .iter()
        .find(|r| r["id"] == json!(id))
        .unwrap_or_else(|| panic!("no reply to request {id}: {replies:#?}"))
}

fn initialize(version: &str) -> Value {
    // The specification's own example request.
    json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": version, "capabilities": {"roots": {"listChanged": true}, "sampling": {}, "elicitation": {}}, "clientInfo": {"name": "ExampleClient", "title": "Example Client Display Name", "version": "1.0.0"}}})
}

fn call(id: i64, name: &str, arguments: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {"name": name, "arguments": arguments}})
}

#[test]
fn mcp_initialises_lists_tools_checks_and_a_proposal_lands_in_the_sidecar_only() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("rag.bulwark.ron");
    std::fs::copy(root().join("assets/examples/rag-assistant.bulwark.ron"), &model).unwrap();
    let before = std::fs::read(&model).unwrap();
    let m = model.to_str().unwrap();
    let messages = [
        initialize("2025-06-18"),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list", "params": {}}),
        call(3, "check", json!({"path": m})),
        call(
            4,
            "propose_edit",
            json!({"path": m, "summary": "The code calls a payments API", "proposals": [
                {"type": "add_component", "id": "el-payments", "kind": "third-party-api", "name": "Payments API"},
                {"type": "add_flow", "id": "fl-pay", "from": "el-app-backend", "to": "el-payments", "label": "refund"},
                {"type": "add_threat", "statement": "Refunds can be triggered by a prompt", "element": "el-payments"},
            ]}),
        ),
        call(
            5,
            "propose_edit",
            json!({"path": m, "summary": "bad", "proposals": [{"type": "add_component", "id": "el-x", "kind": "no-such-kind", "name": "X"}]}),
        ),
        call(
            6,
            "explain_finding",
            json!({"path": m, "finding": "LLM-PI-002@el-llm-api"}),
        ),
        call(7, "check", json!({"path": "/etc/passwd"})),
        json!({"jsonrpc": "2.0", "id": 8, "method": "resources/read", "params": {"uri": "bulwark://findings"}}),
        json!({"jsonrpc": "2.0", "id": 9, "method": "no/such/method"}),
    ];
    let (replies, stderr) = session(&["--allow-propose", m], &messages);
    assert!(stderr.is_empty(), "{stderr}");

    let init = &reply(&replies, 1)["result"];
    assert_eq!(init["protocolVersion"], "2025-06-18");
    assert_eq!(init["serverInfo"]["name"], "bulwark");
    assert!(init["capabilities"]["tools"].is_object());
    // The initialized notification gets no reply; nothing else is sent unasked.
    assert_eq!(replies.len(), messages.len() - 1 + 1, "{replies:#?}");

    let tools: Vec<&str> = reply(&replies, 2)["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    for t in ["check", "list_components", "explain_finding", "diff", "propose_edit"] {
        assert!(tools.contains(&t), "{tools:?}");
    }

    let check = &reply(&replies, 3)["result"];
    assert_eq!(check["isError"], false);
    let text = check["content"][0]["text"].as_str().unwrap();
    assert!(text.contains("Indirect prompt injection"), "{text}");
    assert!(
        check["structuredContent"]["findings"]
            .as_array()
            .is_some_and(|f| !f.is_empty())
    );

    let proposed = &reply(&replies, 4)["result"];
    assert_eq!(proposed["isError"], false, "{proposed}");
    let bad = &reply(&replies, 5)["result"];
    assert_eq!(bad["isError"], true);
    assert!(bad["content"][0]["text"].as_str().unwrap().contains("no-such-kind"));

    let explained = reply(&replies, 6)["result"]["content"][0]["text"].as_str().unwrap();
    assert!(
        explained.contains("Why:") && explained.contains("What closes it:"),
        "{explained}"
    );
    assert_eq!(
        reply(&replies, 7)["result"]["isError"],
        true,
        "only model files are read"
    );
    assert!(
        reply(&replies, 8)["result"]["contents"][0]["text"]
            .as_str()
            .unwrap()
            .contains("findings")
    );
    assert_eq!(reply(&replies, 9)["error"]["code"], -32601);
    assert!(
        replies.iter().any(|r| r["error"]["code"] == -32700),
        "the broken line is a parse error"
    );

    // The model is untouched; the sidecar holds the three suggestions from this client.
    assert_eq!(std::fs::read(&model).unwrap(), before);
    let side = bulwark::model::Suggestions::load_for(&model).unwrap();
    assert_eq!(side.pending.len(), 3, "{side:#?}");
    assert!(side.pending.iter().all(|s| s.source == "mcp: ExampleClient"));
    assert_eq!(side.audit.len(), 1);
    // Accepted, each is an ordinary edit that applies to the model.
    let (cat, _) = bulwark::catalog::Catalog::builtin();
    let mut applied = bulwark::model::load(&model).unwrap();
    for s in &side.pending {
        s.change
            .to_transaction(&applied, &cat)
            .unwrap()
            .apply(&mut applied)
            .unwrap();
    }
    assert!(applied.elements.contains_key(&"el-payments".into()));
    assert!(applied.validate().is_empty());
}

#[test]
fn mcp_without_allow_propose_is_read_only_and_negotiates_the_version() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.bulwark.ron");
    std::fs::copy(root().join("assets/examples/rag-assistant.bulwark.ron"), &model).unwrap();
    let m = model.to_str().unwrap();
    let (replies, _) = session(
        &[],
        &[
            json!({"jsonrpc": "2.0", "id": 0, "method": "tools/list"}),
            initialize("1999-01-01"),
            json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
            json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}),
            call(3, "propose_edit", json!({"path": m, "summary": "x", "proposals": []})),
        ],
    );
    // Nothing but initialize or ping before initialisation.
    assert!(reply(&replies, 0)["error"].is_object());
    // A revision the server does not speak: it answers with its newest.
    assert_eq!(reply(&replies, 1)["result"]["protocolVersion"], "2025-06-18");
    let tools = reply(&replies, 2)["result"]["tools"].as_array().unwrap();
    assert!(!tools.iter().any(|t| t["name"] == "propose_edit"));
    assert_eq!(reply(&replies, 3)["result"]["isError"], true);
    assert!(!bulwark::model::sidecar_path(&model).exists());
}

/// The product contains no network code: the normal (non-dev) dependency tree has no HTTP
/// client or server, no TLS and no async networking runtime. An assistant is a command the user
/// configures, and `bulwark mcp` speaks over stdio.
#[test]
fn the_product_depends_on_no_network_crate() {
    const BANNED: [&str; 22] = [
        "reqwest",
        "hyper",
        "hyper-util",
        "h2",
        "h3",
        "ureq",
        "rustls",
        "native-tls",
        "openssl",
        "openssl-sys",
        "curl",
        "curl-sys",
        "tokio",
        "async-std",
        "mio",
        "socket2",
        "surf",
        "isahc",
        "attohttpc",
        "tungstenite",
        "quinn",
        "webpki-roots",
    ];
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
            "--offline",
        ])
        .current_dir(root())
        .output()
        .expect("cargo tree");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tree = String::from_utf8(out.stdout).unwrap();
    let names: std::collections::BTreeSet<&str> = tree.lines().filter_map(|l| l.split_whitespace().next()).collect();
    assert!(
        names.contains("eframe") && names.contains("rhai"),
        "read the real tree: {names:?}"
    );
    let found: Vec<&&str> = BANNED.iter().filter(|b| names.contains(**b)).collect();
    assert!(
        found.is_empty(),
        "network crates in the product's dependencies: {found:?}"
    );
}
