//! The command line, run as a user would: the built binary in a temporary folder.

use crate::util::{bulwark, examples, root, stderr, stdout};

#[test]
fn library_components_json_lists_at_least_40_kinds_28_of_them_ai() {
    let dir = tempfile::tempdir().unwrap();
    let out = bulwark(dir.path(), &["library", "components", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let kinds = v.as_array().unwrap();
    assert!(kinds.len() >= 40);
    let ai = kinds.iter().filter(|k| k["category"] != "classic").count();
    assert!(ai >= 28, "{ai}");
    assert!(
        kinds
            .iter()
            .all(|k| !k["description"].as_str().unwrap_or_default().is_empty())
    );
}

#[test]
fn library_controls_json_lists_at_least_40_controls() {
    let dir = tempfile::tempdir().unwrap();
    let out = bulwark(dir.path(), &["library", "controls", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(v.as_array().unwrap().len() >= 40);
}

#[test]
fn validate_accepts_every_example() {
    let dir = tempfile::tempdir().unwrap();
    for ex in examples() {
        let out = bulwark(dir.path(), &["validate", ex.to_str().unwrap()]);
        assert!(out.status.success(), "{}: {}", ex.display(), stderr(&out));
    }
}

/// Writes a broken copy of the RAG example and expects `validate` to exit 2 with `file:line`.
fn rejects(broken: impl Fn(&str) -> String, expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("assets/examples/rag-assistant.bulwark.ron")).unwrap();
    let path = dir.path().join("broken.bulwark.ron");
    std::fs::write(&path, broken(&text)).unwrap();
    let out = bulwark(dir.path(), &["validate", path.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let prefix = format!("{}:", path.display());
    let rest = err
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("no file name in {err:?}"));
    let line: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    assert!(line.parse::<usize>().is_ok_and(|l| l > 0), "no line number in {err:?}");
    assert!(err.contains(expect), "{err:?} should mention {expect:?}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn validate_rejects_a_truncated_file_with_a_line() {
    rejects(|t| t[..t.len() * 2 / 3].to_owned(), "");
}

#[test]
fn validate_rejects_a_newer_format_naming_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("assets/examples/rag-assistant.bulwark.ron")).unwrap();
    let path = dir.path().join("new.bulwark.ron");
    std::fs::write(&path, text.replacen("format: 1,", "format: 999,", 1)).unwrap();
    let out = bulwark(dir.path(), &["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("999") && err.contains("up to 1"), "{err}");
}

#[test]
fn validate_rejects_a_flow_to_a_missing_element_with_a_line() {
    rejects(
        |t| {
            let i = t.find("to: \"").unwrap();
            let end = t[i + 5..].find('"').unwrap() + i + 5;
            format!("{}to: \"el-missing{}", &t[..i], &t[end..])
        },
        "el-missing",
    );
}

#[test]
fn validate_rejects_a_duplicated_id_with_a_line() {
    rejects(
        |t| {
            // Duplicate the first element entry under the same id.
            let start = t.find("elements: {\n").unwrap() + "elements: {\n".len();
            let end = t[start..].find("\n        ),\n").unwrap() + start + "\n        ),\n".len();
            let entry = &t[start..end];
            format!("{}{}{}", &t[..start], entry, &t[start..])
        },
        "duplicate id",
    );
}

#[test]
fn validate_reports_a_broken_rule_file_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    std::fs::write(&path, "[\n  (\n    id: \"MINE-1\",\n    title: \"t\", description: \"d\", mitigation: \"m\",\n    scope: Element,\n    controls: [\"nope\"],\n    likelihood: Low, impact: Low,\n  ),\n]\n").unwrap();
    let out = bulwark(dir.path(), &["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{}:3", path.display())) && err.contains("nope"),
        "{err}"
    );
}
