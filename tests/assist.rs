//! `bulwark assist` against fake assistant scripts (`tests/fixtures/assistant/`): a good reply
//! becomes pending suggestions and nothing else; malformed replies, unknown ids, hangs, huge
//! output and failures each end with a clear message and nothing applied.

use crate::util::root;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("rag.bulwark.ron");
    std::fs::copy(root().join("assets/examples/rag-assistant.bulwark.ron"), &model).unwrap();
    (dir, model)
}

fn assist(model: &Path, script: &str, extra: &[&str]) -> Output {
    let cmd = format!("sh {}", root().join("tests/fixtures/assistant").join(script).display());
    Command::new(env!("CARGO_BIN_EXE_bulwark"))
        .args([
            "assist",
            "suggest",
            model.to_str().unwrap(),
            "--assistant",
            &cmd,
            "--timeout",
            "2",
        ])
        .args(extra)
        .env_remove("BULWARK_ASSISTANT")
        .output()
        .unwrap()
}

fn pending(model: &Path) -> usize {
    bulwark::model::Suggestions::load_for(model).unwrap().pending.len()
}

#[test]
fn a_good_reply_becomes_pending_suggestions_and_an_unknown_kind_is_refused() {
    let (_dir, model) = setup();
    let before = std::fs::read(&model).unwrap();
    let out = assist(&model, "good.sh", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("quantum-oracle"),
        "the refused suggestion is named: {stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("retrieved chunk"));
    assert_eq!(std::fs::read(&model).unwrap(), before, "the model is never written");
    let side = bulwark::model::Suggestions::load_for(&model).unwrap();
    assert_eq!(side.pending.len(), 1);
    assert_eq!(side.pending[0].source, "assistant: sh good.sh");
    assert!(side.audit[0].contains("task suggest: sent") && side.audit[0].contains("1 refused"));
}

#[test]
fn bad_replies_end_with_a_clear_message_and_nothing_kept() {
    for (script, says) in [
        ("malformed.sh", "reply is not valid"),
        ("wrong-version.sh", "\"bulwark_assistant\": 1"),
        ("fails.sh", "model runner not found"),
        ("huge.sh", "wrote more than"),
    ] {
        let (_dir, model) = setup();
        let out = assist(&model, script, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{script}: {stderr}");
        assert!(stderr.contains(says), "{script}: {stderr}");
        assert_eq!(pending(&model), 0, "{script}");
    }
}

#[test]
fn a_hanging_assistant_and_its_children_are_stopped_at_the_timeout() {
    let (_dir, model) = setup();
    let started = Instant::now();
    let out = assist(&model, "hang.sh", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("did not answer within 2 s"), "{stderr}");
    // The script's own child held the pipe too; the group was killed, so we did not wait for it.
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
    assert_eq!(pending(&model), 0);
}

#[test]
fn without_an_assistant_configured_nothing_is_run() {
    let (_dir, model) = setup();
    let out = Command::new(env!("CARGO_BIN_EXE_bulwark"))
        .args(["assist", "suggest", model.to_str().unwrap()])
        .env_remove("BULWARK_ASSISTANT")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no assistant configured"));
}

#[test]
fn a_command_line_is_split_without_a_shell() {
    use bulwark::interop::assist::split_command;
    assert_eq!(
        split_command(r#"runner --model "llama 3" 'a;b' $HOME x\ y"#).unwrap(),
        ["runner", "--model", "llama 3", "a;b", "$HOME", "x y"]
    );
    assert!(split_command("runner \"open").is_err());
    assert!(split_command("   ").is_err());
}
