//! Reports and diagram exports, run as a user would (`bulwark report`, `bulwark export`):
//! golden files for every format over the RAG example, escaping of hostile names, CSV formula
//! neutralisation, no URLs in the HTML, and byte-for-byte determinism.
//!
//! `BULWARK_UPDATE_GOLDEN=1 cargo test --test main report` rewrites the golden files in
//! `tests/golden/`; review the diff before committing it.

use crate::util::{bulwark, examples, root, stderr, stdout};
use bulwark::model::{Boundary, BoundaryKind, Element, Flow, Model, Note, NoteKind, Triage, TriageStatus};
use std::path::{Path, PathBuf};

const DATE: &str = "2026-01-01";

fn rag() -> PathBuf {
    root().join("assets/examples/rag-assistant.bulwark.ron")
}

/// Runs `bulwark ARGS` and returns stdout, failing the test on a non-zero exit.
fn run_ok(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = bulwark(dir.path(), args);
    assert!(out.status.success(), "bulwark {args:?} failed: {}", stderr(&out));
    stdout(&out)
}

/// `bulwark report FILE --format F --date 2026-01-01 [extra…]` to stdout.
fn report(file: &Path, format: &str, extra: &[&str]) -> String {
    let mut args = vec!["report", file.to_str().unwrap(), "--format", format, "--date", DATE];
    args.extend_from_slice(extra);
    run_ok(&args)
}

/// `bulwark export FILE --format F` to stdout.
fn export(file: &Path, format: &str) -> String {
    run_ok(&["export", file.to_str().unwrap(), "--format", format])
}

/// The version in "Bulwark 0.1.0" is redacted so a release does not churn every golden file.
fn redact(text: &str) -> String {
    text.replace(&format!("Bulwark {}", env!("CARGO_PKG_VERSION")), "Bulwark [version]")
}

/// Compares `actual` with `tests/golden/NAME`, or rewrites the file when
/// `BULWARK_UPDATE_GOLDEN=1`.
fn golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    let actual = redact(actual);
    if std::env::var("BULWARK_UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with BULWARK_UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        let show = |t: &str| {
            t.lines()
                .nth(line)
                .unwrap_or("<end of file>")
                .chars()
                .take(300)
                .collect::<String>()
        };
        panic!(
            "{} differs from the output at line {}:\n  golden: {}\n  actual: {}\nRun with BULWARK_UPDATE_GOLDEN=1 to accept the new output, then review the diff.",
            path.display(),
            line + 1,
            show(&expected),
            show(&actual)
        );
    }
}

#[test]
fn golden_rag_html() {
    golden("rag-assistant.html", &report(&rag(), "html", &["--include-closed"]));
}

#[test]
fn golden_rag_markdown() {
    golden("rag-assistant.md", &report(&rag(), "md", &["--include-closed"]));
}

#[test]
fn golden_rag_csv() {
    golden("rag-assistant.csv", &report(&rag(), "csv", &["--include-closed"]));
}

#[test]
fn golden_rag_svg() {
    golden("rag-assistant.svg", &export(&rag(), "svg"));
}

#[test]
fn golden_rag_mermaid() {
    golden("rag-assistant.mmd", &export(&rag(), "mermaid"));
}

#[test]
fn golden_rag_dot() {
    golden("rag-assistant.dot", &export(&rag(), "dot"));
}

#[test]
fn report_writes_to_the_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.html");
    let out = bulwark(
        dir.path(),
        &[
            "report",
            rag().to_str().unwrap(),
            "--format",
            "html",
            "-o",
            out_path.to_str().unwrap(),
            "--date",
            DATE,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let html = std::fs::read_to_string(&out_path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
}

#[test]
fn json_and_sarif_reports_are_the_check_documents() {
    let file = rag();
    let f = file.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for format in ["json", "sarif"] {
        let check = bulwark(dir.path(), &["check", f, "--format", format]);
        assert!(check.status.code() != Some(2), "{}", stderr(&check));
        assert_eq!(report(&file, format, &[]), stdout(&check), "{format}");
    }
}

#[test]
fn the_html_report_makes_no_request_and_links_nothing_outside() {
    for ex in examples() {
        for extra in [&[][..], &["--include-closed"][..]] {
            let html = report(&ex, "html", extra);
            for bad in ["http://", "https://", "<script", "<link", "<img", "@import", "url("] {
                assert!(!html.contains(bad), "{}: the HTML contains {bad:?}", ex.display());
            }
        }
    }
}

#[test]
fn every_example_renders_in_every_format() {
    for ex in examples() {
        for format in ["html", "md", "csv", "json", "sarif"] {
            assert!(!report(&ex, format, &[]).is_empty(), "{} {format}", ex.display());
        }
        for format in ["svg", "mermaid", "dot"] {
            let text = export(&ex, format);
            assert!(!text.is_empty(), "{} {format}", ex.display());
            for bad in ["NaN", "inf\"", "inf,", "inf "] {
                assert!(!text.contains(bad), "{} {format} has {bad:?}", ex.display());
            }
        }
        assert_well_formed(&export(&ex, "svg"));
    }
}

#[test]
fn output_is_the_same_bytes_every_time() {
    let file = rag();
    for format in ["html", "md", "csv", "json", "sarif"] {
        assert_eq!(
            report(&file, format, &["--include-closed"]),
            report(&file, format, &["--include-closed"]),
            "{format}"
        );
    }
    for format in ["svg", "mermaid", "dot"] {
        assert_eq!(export(&file, format), export(&file, format), "{format}");
    }
}

#[test]
fn mitigated_findings_are_left_out_unless_asked_for_and_decisions_never_are() {
    let mitigated = "id=\"f-LLM-PI-001@el-llm-api\"";
    let open_only = report(&rag(), "html", &[]);
    assert!(!open_only.contains(mitigated));
    assert!(open_only.contains("mitigated findings are left out of this report"));
    let all = report(&rag(), "html", &["--include-closed"]);
    assert!(all.contains(mitigated));
    for html in [&open_only, &all] {
        assert!(
            html.contains("Safety training of the model is the provider"),
            "the transferred finding's justification is in the risk register"
        );
    }
    let csv_open = report(&rag(), "csv", &[]);
    assert!(!csv_open.contains("LLM-PI-001@el-llm-api"));
    assert!(csv_open.contains("LLM-JB-001@el-llm-api"));
}

#[test]
fn a_bad_date_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = bulwark(
        dir.path(),
        &[
            "report",
            rag().to_str().unwrap(),
            "--format",
            "html",
            "--date",
            "2026-13-01",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("YYYY-MM-DD"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}

#[test]
fn a_missing_model_is_an_error_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["report", "nope.bulwark.ron", "--format", "html"][..],
        &["export", "nope.bulwark.ron", "--format", "svg"][..],
    ] {
        let out = bulwark(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("nope.bulwark.ron"), "{}", stderr(&out));
    }
}

/// A model whose every piece of user text is hostile, written to a temporary file.
fn hostile_model(dir: &Path) -> PathBuf {
    let mut m = Model::new("Hostile <i>system</i> & co");
    m.description = "Described with \"quotes\" & <b>markup</b>".into();
    let mut b = Boundary::new("Zone \"A\" & <b>", BoundaryKind::Internet);
    b.notes = "<script>alert(2)</script>".into();
    m.boundaries.insert("tb-zone".into(), b);
    let mut evil = Element::new("llm-api", "<script>alert(1)</script>");
    evil.boundary = Some("tb-zone".into());
    m.elements.insert("el-evil".into(), evil);
    m.elements
        .insert("el-user".into(), Element::new("user", "User's \\N `tick` | pipe #hash"));
    m.flows.insert(
        "fl-user-evil".into(),
        Flow::new("el-user", "el-evil", "\"quotes\" & <b>\"]; x --> y"),
    );
    m.notes.insert(
        "note-1".into(),
        Note {
            elements: ["el-evil".into()].into_iter().collect(),
            ..Note::new(NoteKind::Assumption, "\"quotes\" & <b>")
        },
    );
    let path = dir.join("hostile.bulwark.ron");
    bulwark::model::save(&m, &path).unwrap();
    path
}

#[test]
fn user_text_is_escaped_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let file = hostile_model(dir.path());

    let html = report(&file, "html", &["--include-closed"]);
    assert!(!html.to_lowercase().contains("<script"), "raw script tag in the HTML");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;quotes&quot; &amp; &lt;b&gt;"));
    assert!(!html.contains("\"quotes\" & <b>"));
    assert!(!html.contains("<i>system</i>"));

    let svg = export(&file, "svg");
    assert!(!svg.to_lowercase().contains("<script"), "raw script tag in the SVG");
    assert!(
        svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the full name is in the tooltip"
    );
    assert!(svg.contains("Zone &quot;A&quot; &amp; &lt;b&gt;"));
    assert_well_formed(&svg);

    let mmd = export(&file, "mermaid");
    assert!(!mmd.contains("<script") && !mmd.contains("\"quotes\""), "{mmd}");
    assert!(mmd.contains("#60;script#62;alert(1)#60;/script#62;"), "{mmd}");
    assert!(mmd.contains("#34;quotes#34; #38; #60;b#62;#34;]; x --#62; y"), "{mmd}");
    assert!(mmd.contains("#96;tick#96; #124; pipe #35;hash"), "{mmd}");

    let dot = export(&file, "dot");
    assert!(dot.contains(r#"label="\"quotes\" & <b>\"]; x --> y""#), "{dot}");
    assert!(dot.contains(r"User's \\N"), "{dot}");
    assert!(dot.contains(r#"label="Zone \"A\" & <b> (Internet)""#), "{dot}");

    let md = report(&file, "md", &[]);
    let outside_mermaid: String = md.split("```").step_by(2).collect();
    let raw: Vec<&str> = outside_mermaid
        .lines()
        .filter(|l| {
            // `\<` is a literal `<` in Markdown; only an unescaped one opens a tag.
            l.match_indices("<script")
                .chain(l.match_indices("<b>"))
                .any(|(i, _)| !l[..i].ends_with('\\'))
        })
        .collect();
    assert!(raw.is_empty(), "raw markup in the Markdown: {raw:#?}");
    assert!(outside_mermaid.contains(r"\<script\>alert(1)\</script\>"), "{md}");
}

#[test]
fn csv_cells_that_look_like_formulas_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = bulwark::model::load(&rag()).unwrap();
    m.triage.insert(
        "LLM-DOS-002@el-llm-api".into(),
        Triage {
            owner: "@ops".into(),
            ..Triage::new(TriageStatus::Accepted, "=HYPERLINK(\"x\")")
        },
    );
    let path = dir.path().join("formula.bulwark.ron");
    bulwark::model::save(&m, &path).unwrap();
    let csv = report(&path, "csv", &["--include-closed"]);
    assert!(csv.contains(",\"'=HYPERLINK(\"\"x\"\")\",\"'@ops\","), "{csv}");
    assert!(!csv.contains(",\"=") && !csv.contains(",\"@") && !csv.contains(",\"+"));
    assert!(csv.lines().all(|l| l.is_empty() || l.starts_with('"')));
    assert!(csv.contains("\r\n"), "RFC 4180 line ends");
}

#[test]
fn a_model_without_layout_is_laid_out_automatically() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = bulwark::model::load(&rag()).unwrap();
    m.layout = Default::default();
    let path = dir.path().join("no-layout.bulwark.ron");
    bulwark::model::save(&m, &path).unwrap();
    let svg = export(&path, "svg");
    assert_well_formed(&svg);
    for el in m.elements.values() {
        let first_word = el.name.split_whitespace().next().unwrap();
        assert!(svg.contains(first_word), "{} is drawn", el.name);
    }
    for b in m.boundaries.values() {
        let first_word = b.name.split_whitespace().next().unwrap();
        assert!(svg.contains(first_word), "boundary {} is drawn", b.name);
    }
}

/// A small XML check: every tag opened is closed in order, attributes are quoted, and no raw
/// `&` or `<` sits in text.
fn assert_well_formed(xml: &str) {
    let body = xml.trim_start_matches(|c| c != '<');
    let body = match body.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map(|(_, r)| r).unwrap(),
        None => body,
    };
    let mut stack: Vec<String> = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find('<') {
        let text = &rest[..i];
        assert!(
            !text.contains('>'),
            "raw '>' in text near {:?}",
            &text[..text.len().min(80)]
        );
        for (j, _) in text.match_indices('&') {
            let ent = &text[j..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                    .iter()
                    .any(|e| ent.starts_with(e)),
                "raw '&' in text near {:?}",
                &ent[..ent.len().min(40)]
            );
        }
        let end = rest[i..].find('>').map(|e| i + e).expect("unclosed tag");
        let tag = &rest[i + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.trim()), "mismatched </{name}>");
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().unwrap_or_default().to_owned();
            assert!(
                name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
                "bad tag {name:?}"
            );
            stack.push(name);
        }
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes in <{tag}>");
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed tags: {stack:?}");
}

/// Runs `bulwark ARGS… -o DIR/out` and returns the bytes written.
fn binary_output(args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut all = args.to_vec();
    all.extend_from_slice(&["-o", out.to_str().unwrap()]);
    let run = bulwark(dir.path(), &all);
    assert!(run.status.success(), "bulwark {all:?} failed: {}", stderr(&run));
    std::fs::read(&out).unwrap()
}

/// Width and height from a PNG's header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    (be(16), be(20))
}

#[test]
fn every_example_exports_a_png_twice_the_size_of_its_svg() {
    for ex in examples() {
        let path = ex.to_str().unwrap();
        let png = binary_output(&["export", path, "--format", "png"]);
        let svg = export(&ex, "svg");
        // The SVG's own width and height, doubled (rounded up).
        let attr = |name: &str| -> f32 {
            let start = svg.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            svg[start..].split('"').next().unwrap().parse().unwrap()
        };
        let (w, h) = png_size(&png);
        assert_eq!(
            (w, h),
            (
                (attr("width") * 2.0).ceil() as u32,
                (attr("height") * 2.0).ceil() as u32
            )
        );
        assert_eq!(
            png,
            binary_output(&["export", path, "--format", "png"]),
            "same bytes every time"
        );
    }
}

#[test]
fn every_example_gives_a_pdf_report_the_same_every_time() {
    for ex in examples() {
        let args = ["report", ex.to_str().unwrap(), "--format", "pdf", "--date", DATE];
        let pdf = binary_output(&args);
        assert!(pdf.starts_with(b"%PDF-1."), "{}", ex.display());
        assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"), "{} is complete", ex.display());
        assert_eq!(pdf, binary_output(&args), "{}", ex.display());
    }
}

#[test]
fn golden_rag_pdf_pages() {
    // The PDF's pages as text, page by page: where every section, row and finding landed.
    let file = rag();
    let text = std::fs::read_to_string(&file).unwrap();
    let model = std::sync::Arc::new(bulwark::model::from_str(&text, "rag-assistant.bulwark.ron").unwrap());
    let (cat, _) = bulwark::catalog::Catalog::builtin();
    let engine = bulwark::engine::Engine::new(std::sync::Arc::new(cat));
    let eval = engine.evaluate(model.clone(), 0);
    let input = bulwark::report::ReportInput {
        model: &model,
        engine: &engine,
        eval: &eval,
        file: "rag-assistant.bulwark.ron",
        source: &text,
    };
    let opts = bulwark::report::ReportOptions {
        include_closed: true,
        date: bulwark::report::ReportDate::parse(DATE).unwrap(),
    };
    golden("rag-assistant.pdf.txt", &bulwark::report::pdf_layout_text(&input, opts));
}

#[test]
fn a_pdf_is_not_written_onto_a_terminal_but_can_be_piped() {
    // Tests run with stdout captured (not a terminal), so writing to stdout works as a pipe does.
    let out = run_ok(&["report", rag().to_str().unwrap(), "--format", "pdf", "--date", DATE]);
    assert!(out.starts_with("%PDF-"));
}

/// The RAG example after a workshop: one session that walked two items, voted on an open
/// finding and confirmed it, wrote a threat, and recorded a decision and an action.
fn workshop_model(dir: &Path) -> (PathBuf, String) {
    use bulwark::model::{Question, Session, SessionId, Severity, ThreatTarget, UserThreat, Votes};
    let mut m = bulwark::model::load(&rag()).unwrap();
    let (cat, _) = bulwark::catalog::Catalog::builtin();
    let eval = bulwark::engine::Engine::new(std::sync::Arc::new(cat)).evaluate(std::sync::Arc::new(m.clone()), 0);
    let voted = eval
        .findings
        .iter()
        .find(|f| f.status == bulwark::engine::Status::Open && f.flow.is_none())
        .unwrap();
    let mut s = Session::new("Design review", "2026-12-04", "09:30");
    s.ended = "10:45".into();
    s.facilitator = "Priya".into();
    s.participants = vec!["Sam".into(), "Lee".into()];
    s.add_time(Question::Scope, None, 600);
    s.add_time(
        Question::Threats,
        Some(&ThreatTarget::Element(voted.anchor.clone())),
        900,
    );
    s.record.voted.insert(voted.id.clone());
    s.record.threats.insert("USER-replay".into());
    s.record
        .notes
        .extend(["note-w-decision".into(), "note-w-action".into()]);
    m.threats.insert(
        "USER-replay".into(),
        UserThreat::new(
            "An employee replays a colleague's chat link",
            ThreatTarget::Element(voted.anchor.clone()),
        ),
    );
    m.votes.insert(
        voted.id.clone(),
        Votes {
            likelihood: [0, 0, 1, 3, 0],
            impact: [0, 0, 0, 2, 2],
            confirmed: Some(Severity::Critical),
        },
    );
    m.notes.insert(
        "note-w-decision".into(),
        Note::new(
            NoteKind::Decision,
            "Screen retrieved passages before they reach the prompt",
        ),
    );
    let mut action = Note::new(NoteKind::Action, "Add per-user rate limits at the gateway");
    action.owner = "Sam".into();
    action.due = "2027-01-15".into();
    m.notes.insert("note-w-action".into(), action);
    m.sessions.insert(SessionId::new("session-2026-12-04"), s);
    let path = dir.join("workshop.bulwark.ron");
    bulwark::model::save(&m, &path).unwrap();
    (path, voted.title.to_string())
}

#[test]
fn the_handout_tells_the_room_what_it_rated_decided_and_owes() {
    let dir = tempfile::tempdir().unwrap();
    let (model, voted_title) = workshop_model(dir.path());
    let md = report(&model, "handout", &[]);
    for want in [
        "# Session handout: ",
        "Design review — 2026-12-04, 09:30–10:45 UTC",
        "Facilitator: Priya",
        "Participants: Sam, Lee",
        voted_title.as_str(),
        "critical, confirmed",
        "An employee replays a colleague",
        "Screen retrieved passages",
        "Add per-user rate limits at the gateway — Sam, by 2027-01-15",
        "Walked through 1 of",
        "on items the session did not walk through",
    ] {
        assert!(md.contains(want), "handout lacks {want:?}:\n{md}");
    }
    // The written threat, not voted, comes after the voted one.
    assert!(md.find(voted_title.as_str()) < md.find("An employee replays"), "{md}");

    // `-o OUT.pdf` writes a PDF; the full reports gain the Sessions section.
    let pdf = dir.path().join("handout.pdf");
    run_ok(&[
        "report",
        model.to_str().unwrap(),
        "--format",
        "handout",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let full = report(&model, "md", &[]);
    assert!(
        full.contains("## Sessions") && full.contains("Facilitator: Priya"),
        "{full}"
    );
    assert!(full.contains("### Actions") && full.contains("owner: Sam, by 2027-01-15"));
    let html = report(&model, "html", &[]);
    assert!(html.contains("id=\"sessions\""));
}

#[test]
fn a_handout_of_a_model_without_that_session_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = bulwark(dir.path(), &["report", rag().to_str().unwrap(), "--format", "handout"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("records no workshop session"), "{}", stderr(&out));
    let (model, _) = workshop_model(dir.path());
    let out = bulwark(
        dir.path(),
        &[
            "report",
            model.to_str().unwrap(),
            "--format",
            "handout",
            "--session",
            "nope",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("\"nope\"") && err.contains("session-2026-12-04"), "{err}");
}
