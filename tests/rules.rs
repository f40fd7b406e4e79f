//! Custom rhai rules: the sandbox stops runaway rules, and broken rules are reported with
//! file:line while every other rule still runs.

use crate::util::{bulwark, root, stderr, stdout};

fn rules_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join("rules").join(name), text).unwrap();
    }
    dir
}

/// `bulwark check MODEL --format json --rules DIR`, run in `dir`.
fn check_json_with_rules(dir: &std::path::Path, model: &std::path::Path) -> std::process::Output {
    bulwark(
        dir,
        &[
            "check",
            model.to_str().unwrap(),
            "--format",
            "json",
            "--rules",
            dir.to_str().unwrap(),
        ],
    )
}

/// Writes a model file into `dir` and returns its path.
fn write_model(dir: &std::path::Path, text: &str) -> std::path::PathBuf {
    let model = dir.join("m.bulwark.ron");
    std::fs::write(&model, text).unwrap();
    model
}

const META: &str =
    r#"let rule = #{ id: "X-1", title: "t", description: "d", mitigation: "m", likelihood: "Low", impact: "Low" };"#;

#[test]
fn broken_rules_are_reported_with_file_and_line_and_the_rest_still_run() {
    let dir = rules_dir(&[
        (
            "loop.rhai",
            &format!("{}\nlet n = 0;\nloop {{ n += 1; }}\n", META.replace("X-1", "X-LOOP")),
        ),
        ("syntax.rhai", "let rule = #{ id: \"X-SYN\" };\nlet x = ;\n"),
        (
            "throw.rhai",
            &format!("{}\n\nthrow \"boom\";\n", META.replace("X-1", "X-THROW")),
        ),
    ]);
    let model = root().join("assets/examples/rag-assistant.bulwark.ron");
    let out = check_json_with_rules(dir.path(), &model);
    assert_eq!(out.status.code(), Some(2), "rule errors exit 2");
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let errors = v["errors"].as_array().unwrap();
    let find = |name: &str| {
        errors
            .iter()
            .find(|e| e["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("no error for {name}: {errors:?}"))
    };
    let lp = find("loop.rhai");
    assert!(lp["message"].as_str().unwrap().contains("sandbox"), "{lp}");
    let syn = find("syntax.rhai");
    assert_eq!(syn["line"], 2, "{syn}");
    let thr = find("throw.rhai");
    assert_eq!(thr["line"], 3, "{thr}");
    assert!(thr["message"].as_str().unwrap().contains("boom"));
    assert!(
        v["findings"].as_array().unwrap().len() > 10,
        "the built-in rules still ran"
    );
    assert!(stderr(&out).contains("loop.rhai:"), "{}", stderr(&out));
}

#[test]
fn a_custom_rule_can_flag_vector_databases_without_encryption_at_rest() {
    let rule = r#"
let rule = #{
    id: "ORG-VDB-001",
    title: "Vector database without encryption at rest",
    description: "Embeddings can be inverted back into text.",
    mitigation: "Encrypt the store.",
    controls: ["encryption-at-rest"],
    likelihood: "Medium",
    impact: "High",
};
for el in model.elements() {
    if el.kind == "vector-db" && !el.has_control("encryption-at-rest") {
        finding(el, `${el.name} keeps embeddings unencrypted`);
    }
}
"#;
    let dir = rules_dir(&[("vdb.rhai", rule)]);
    let model = root().join("assets/examples/rag-assistant.bulwark.ron");
    let out = bulwark(
        dir.path(),
        &[
            "check",
            model.to_str().unwrap(),
            "--format",
            "json",
            "--rules",
            dir.path().to_str().unwrap(),
            "--fail-on",
            "critical",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ours: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "ORG-VDB-001")
        .collect();
    assert!(!ours.is_empty(), "the RAG example has a vector database");
    assert!(ours[0]["why"].as_str().unwrap().contains("unencrypted"));
}

#[test]
fn a_rule_cannot_import_modules_or_eval() {
    let dir = rules_dir(&[
        ("import.rhai", &format!("{META}\nimport \"/etc/passwd\" as p;\n")),
        (
            "eval.rhai",
            &format!("{}\neval(\"1\");\n", META.replace("X-1", "X-EVAL")),
        ),
    ]);
    let model = root().join("assets/examples/rag-assistant.bulwark.ron");
    let out = check_json_with_rules(dir.path(), &model);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let errors = v["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["path"].as_str().unwrap().ends_with("import.rhai")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e["path"].as_str().unwrap().ends_with("eval.rhai")),
        "{errors:?}"
    );
}

/// The shipped rule tests pass, and every shipped rule (RON and rhai) has a case where it fires
/// and one where it is silenced, so a library change that breaks a rule fails CI.
#[test]
fn the_shipped_rule_tests_pass_and_cover_every_rule() {
    use bulwark::engine::{Engine, load_tests, rules_without_both_cases, run_tests};
    let (cat, _) = bulwark::catalog::Catalog::builtin();
    let (tests, errors) = load_tests(&bulwark::catalog::builtin_sources());
    assert!(errors.is_empty(), "{errors:?}");
    let engine = Engine::new(std::sync::Arc::new(cat));
    let failures: Vec<String> = run_tests(&engine, &tests)
        .iter()
        .filter(|o| !o.passed())
        .map(|o| o.report())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join(""));
    let gaps: Vec<String> = rules_without_both_cases(&engine, &tests)
        .into_iter()
        .map(|(r, fires, silenced)| format!("{r} (fires: {fires}, silenced: {silenced})"))
        .collect();
    assert!(
        gaps.is_empty(),
        "rules without both a firing and a silencing case:\n{}",
        gaps.join("\n")
    );
}

/// Runs `bulwark rules test` on a folder holding one test file, `tests/{name}`, with `text`.
fn run_rule_test_file(name: &str, text: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tests")).unwrap();
    std::fs::write(dir.path().join("tests").join(name), text).unwrap();
    bulwark(dir.path(), &["rules", "test", dir.path().to_str().unwrap()])
}

#[test]
fn a_broken_rule_test_fails_with_a_readable_diff() {
    let out = run_rule_test_file(
        "wrong.ron",
        r#"[
    (
        name: "claims the guarded agent is open",
        model: (
            format: 1,
            name: "t",
            elements: {
                "el-crawler": (kind: "web-crawler", name: "Crawler"),
                "el-agent": (kind: "agent-orchestrator", name: "Agent", properties: {"has_side_effect_tools": true, "reads_private_data": false, "can_send_externally": false}, controls: {"input-guardrail": Implemented}),
            },
            flows: {"fl-1": (from: "el-crawler", to: "el-agent", data: ["web-content"])},
        ),
        open: ["LLM-PI-002@el-agent"],
        absent: ["NOPE-1@el-agent"],
    ),
]
"#,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("FAIL  claims the guarded agent is open"), "{text}");
    assert!(text.contains("wrong.ron:3"), "the failing case's file and line: {text}");
    assert!(
        text.contains("LLM-PI-002@el-agent: expected open, got mitigated"),
        "{text}"
    );
    assert!(text.contains("0 passed, 1 failed"), "{text}");
}

/// A test model naming a kind, control or data class the library does not know fails: nothing
/// fires on such a kind and nothing closes by such a control, so an expectation would hold for
/// the wrong reason. So does an answer the element's kind does not ask: nobody could give it in
/// the app, so the test would be about a model nobody can draw.
#[test]
fn a_rule_test_on_an_unknown_kind_fails() {
    let out = run_rule_test_file(
        "typo.ron",
        r#"[
    (
        name: "the coding agent is out of scope",
        model: (
            format: 9,
            name: "t",
            elements: {
                "el-agent": (kind: "coding-agnet", name: "Agent"),
                "el-api": (kind: "inference-api", name: "API", controls: {"rate-limit": Implemented}),
                "el-gate": (kind: "inference-api", name: "Gate", properties: {"model_decides_policy": true}),
            },
            flows: {"fl-1": (from: "el-agent", to: "el-api", operation: Read, returns: ["model-outptu"])},
        ),
        absent: ["LLM-AGY-001@el-agent"],
    ),
]
"#,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("\"el-agent\": unknown component kind \"coding-agnet\""),
        "{text}"
    );
    assert!(text.contains("\"el-api\": unknown control \"rate-limit\""), "{text}");
    assert!(text.contains("\"fl-1\": unknown data class \"model-outptu\""), "{text}");
    assert!(
        text.contains("\"el-gate\": kind \"inference-api\" does not ask \"model_decides_policy\""),
        "{text}"
    );
}

/// For every rule, on every case where it fires: each set of controls it declares closes the
/// finding when implemented in the set's place; part of a set does not; the whole set on an
/// element the threat does not pass does not either.
#[test]
fn every_declared_control_set_closes_its_rule_in_its_place_and_nothing_less_does() {
    use bulwark::catalog::{Role, Scope, builtin_sources};
    use bulwark::engine::{Engine, Status, load_tests};
    use bulwark::model::{ControlId, ControlState, Element, ElementId, Model};
    use std::sync::Arc;
    let (cat, _) = bulwark::catalog::Catalog::builtin();
    let engine = Engine::new(Arc::new(cat));
    let (tests, errors) = load_tests(&builtin_sources());
    assert!(errors.is_empty(), "{errors:?}");
    // A finding gone from the list because a closed finding of the same rule in front of it
    // now stands for it (`first_sink_only`: it names it among its elements) is closed too; so
    // is one a refining rule's finding on its element stands for, closed by the same controls.
    let status = |m: &Model, id: &bulwark::model::FindingId| {
        let eval = engine.evaluate(Arc::new(m.clone()), 0);
        let (rule, anchor) = id.as_str().split_once('@').unwrap_or((id.as_str(), ""));
        eval.get(id).map(|f| f.status).or_else(|| {
            eval.findings
                .iter()
                .any(|f| {
                    f.status == Status::Mitigated
                        && ((f.rule.as_str() == rule
                            && f.anchor.as_str() != anchor
                            && f.elements.iter().any(|e| e.as_str() == anchor)
                            && f.why.contains("It stands for what it passes"))
                            || (f.anchor.as_str() == anchor
                                && f.refines.iter().any(|r| r.as_str() == rule)
                                && f.why.contains("which the same controls close")))
                })
                .then_some(Status::Mitigated)
        })
    };
    let implement = |m: &mut Model, place: &Place, controls: &[ControlId]| {
        for c in controls {
            match place {
                Place::Element(e) => {
                    m.elements
                        .get_mut(e)
                        .unwrap()
                        .controls
                        .insert(c.clone(), ControlState::Implemented);
                }
                Place::Each(list) => {
                    for e in list {
                        m.elements
                            .get_mut(e)
                            .unwrap()
                            .controls
                            .insert(c.clone(), ControlState::Implemented);
                    }
                }
                Place::Flow(f) => {
                    m.flows
                        .get_mut(f)
                        .unwrap()
                        .controls
                        .insert(c.clone(), ControlState::Implemented);
                }
            }
        }
    };
    let mut checked = 0;
    let mut failures = Vec::new();
    for t in &tests {
        let model = &t.test.model;
        let eval = engine.evaluate(Arc::new(model.clone()), 0);
        for id in &t.test.open {
            let Some(f) = eval.get(id).filter(|f| f.status == Status::Open) else {
                continue;
            };
            let rule = engine.rules().find(|r| r.id == f.rule).unwrap();
            for set in rule.control_sets() {
                let role = set.on.unwrap_or(Role::defaults(rule.scope)[0]);
                let ends = if f.path.is_empty() { &f.elements } else { &f.path };
                let place = match (role, &f.flow) {
                    (Role::Flow, Some(fl)) => Place::Flow(fl.clone()),
                    (Role::Source, _) => Place::Element(ends[0].clone()),
                    // The receiver a flow finding is anchored at, also where several flows
                    // lead into it and its elements list each sender.
                    (Role::Sink, Some(_)) => Place::Element(f.anchor.clone()),
                    (Role::Sink | Role::Guard, _) => Place::Element(ends[ends.len() - 1].clone()),
                    // Every element the anchor hands it to (they follow the anchor).
                    (Role::Receiver, _) if f.elements.len() > 1 => Place::Each(f.elements[1..].to_vec()),
                    (Role::Receiver, _) => continue,
                    _ => Place::Element(f.anchor.clone()),
                };
                if rule.scope == Scope::Model && f.flow.is_none() && role != Role::Anchor {
                    continue;
                }
                checked += 1;
                let mut closed = model.clone();
                implement(&mut closed, &place, &set.all);
                if status(&closed, id) != Some(Status::Mitigated) {
                    failures.push(format!("{id}: {:?} on {role:?} does not close it", set.all));
                } else if !f.path.is_empty()
                    && matches!(role, Role::Source | Role::Sink)
                    && let Some(why) = engine
                        .evaluate(Arc::new(closed.clone()), 0)
                        .get(id)
                        .map(|f| f.why.clone())
                {
                    // The walk's "nothing after the source guards it" must not be all the why
                    // says about a path closed on its source or sink (a sink that is a guard
                    // itself is named as the path's guard). One a closed finding in front now
                    // stands for has no why of its own.
                    let named = why.contains(" It is closed by ") && set.all.iter().all(|c| why.contains(c.as_str()));
                    if !named && !why.contains(". Every path is guarded by ") {
                        failures.push(format!(
                            "{id}: closed by {:?} on {role:?}, but its why says: {why}",
                            set.all
                        ));
                    }
                }
                if set.all.len() > 1 {
                    for skip in &set.all {
                        let part: Vec<ControlId> = set.all.iter().filter(|c| *c != skip).cloned().collect();
                        let mut partial = model.clone();
                        implement(&mut partial, &place, &part);
                        // The case may already have the left-out control in place: take it away.
                        match &place {
                            Place::Element(e) => partial.elements.get_mut(e).unwrap().controls.remove(skip),
                            Place::Each(list) => list
                                .iter()
                                .map(|e| partial.elements.get_mut(e).unwrap().controls.remove(skip))
                                .last()
                                .flatten(),
                            Place::Flow(fl) => partial.flows.get_mut(fl).unwrap().controls.remove(skip),
                        };
                        // Where a set of the rule may be spread over the way, the left-out
                        // control must be nowhere on it, or that set closes it instead.
                        if rule.control_sets().iter().any(|s| s.apart && s.all.contains(skip)) {
                            for e in ends {
                                partial.elements.get_mut(e).unwrap().controls.remove(skip);
                            }
                        }
                        if status(&partial, id) == Some(Status::Mitigated) {
                            failures.push(format!("{id}: part of {:?} (without {skip}) closes it", set.all));
                        }
                    }
                }
                let mut elsewhere = model.clone();
                let far = ElementId::new("el-elsewhere-for-the-test");
                let kind = model.elements[&f.anchor].kind.clone();
                elsewhere.elements.insert(far.clone(), Element::new(kind, "elsewhere"));
                implement(&mut elsewhere, &Place::Element(far), &set.all);
                if status(&elsewhere, id) == Some(Status::Mitigated) {
                    failures.push(format!("{id}: {:?} on an unrelated element closes it", set.all));
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} sets checked");
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

enum Place {
    Element(bulwark::model::ElementId),
    /// All of these elements (the receivers an element rule's anchor hands its threat to).
    Each(Vec<bulwark::model::ElementId>),
    Flow(bulwark::model::FlowId),
}

/// Two rules with the same STRIDE categories and the same framework ids (ATLAS, OWASP LLM, OWASP
/// Agentic, CoSAI, CWE) raise the same threat; where they can land on the same element, one
/// must declare that it refines the other, or both one `family`, so a reviewer sees the threat
/// once.
#[test]
fn rules_that_raise_one_threat_on_one_element_declare_which_refines_which() {
    use bulwark::catalog::{Catalog, Rule, Scope, Selector};
    use std::collections::BTreeSet;
    let (cat, _) = Catalog::builtin();
    let anchors = |r: &Rule| -> BTreeSet<bulwark::model::KindId> {
        let all = Selector::default();
        match r.scope {
            Scope::Element => cat.kinds_matching(&r.selector),
            // A flow finding lands on the receiver of the matching data: `to`, or `from` for
            // what comes back.
            Scope::Flow => {
                let to = r.selector.to.as_deref().unwrap_or(&all);
                let from = r.selector.from.as_deref().unwrap_or(&all);
                cat.kinds_matching(to)
                    .union(&cat.kinds_matching(from))
                    .cloned()
                    .collect()
            }
            Scope::Path => r.path.as_ref().map(|p| cat.kinds_matching(&p.sink)).unwrap_or_default(),
            Scope::Model => BTreeSet::new(),
        }
    };
    let threat = |r: &Rule| {
        let set = |v: &[String]| v.iter().cloned().collect::<BTreeSet<_>>();
        (
            r.stride.iter().map(|s| s.label()).collect::<BTreeSet<_>>(),
            set(&r.references.atlas),
            set(&r.references.owasp_llm),
            set(&r.references.agentic),
            set(&r.references.cosai),
            set(&r.references.cwe),
        )
    };
    let mut missing = Vec::new();
    for (i, a) in cat.rules.iter().enumerate() {
        for b in &cat.rules[i + 1..] {
            if threat(a) != threat(b) || anchors(a).is_disjoint(&anchors(b)) {
                continue;
            }
            let one_family = a.family.is_some() && a.family == b.family;
            if !a.refines.contains(&b.id) && !b.refines.contains(&a.id) && !one_family {
                missing.push(format!("{} / {}", a.id, b.id));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "these pairs raise one threat on one element; declare `refines` on the more specific, or one `family`:\n{}",
        missing.join("\n")
    );
}

/// Every question is read wherever it is asked, and every rule reads only questions its kinds
/// ask (issue 12, step 4: "a question no rule reads, or a rule reading a question its kinds do
/// not ask, fails `cargo test`"). A kind that asks a question no rule can read on it makes
/// people answer for nothing; a rule reading a question none of its kinds ask can never fire.
///
/// - A question is read on a kind by a rule whose element selector (a rule's selector, a
///   path's source, sink or guard, a flow's `from` or `to`) admits the kind and names the
///   question in `properties` or `not_properties`; by a rhai condition or script that calls
///   `prop("…")` (on any kind: scripts pick their elements at run time); or, on every kind,
///   by the computed severity when the question declares `severity` in `components.ron`.
/// - Where a selector names kinds, each of them must ask its `properties`; where it selects by
///   trait, category or DFD type, the question is a filter and at least one kind it admits
///   must ask it. A flow selector (`via`, `into`, a flow rule's own) has no answers to read.
#[test]
fn every_question_is_read_where_it_is_asked_and_every_rule_reads_questions_its_kinds_ask() {
    use bulwark::catalog::{Catalog, Scope, Selector};
    use bulwark::model::{KindId, PropKey};
    use std::collections::BTreeSet;
    let (cat, _) = Catalog::builtin();
    /// A question some rule reads, and the kinds it can read it on (`None`: any kind).
    struct Read {
        question: PropKey,
        on: Option<BTreeSet<KindId>>,
    }
    let asks = |k: &KindId, q: &PropKey| cat.kinds[k].questions.contains_key(q);
    let mut reads = Vec::new();
    let mut problems = Vec::new();
    let in_script =
        |by: &str, text: &str, on: Option<BTreeSet<KindId>>, reads: &mut Vec<Read>, problems: &mut Vec<String>| {
            for (at, _) in text.match_indices("prop(\"") {
                let part = &text[at + "prop(\"".len()..];
                let Some(end) = part.find('"') else { continue };
                let question = PropKey::new(&part[..end]);
                // `el.prop(…)` reads the rule's own element; another element's answer (a
                // person upstream, a flow's end) can be any kind's.
                let on = if text[..at].ends_with("el.") { on.clone() } else { None };
                let kinds = on.clone().unwrap_or_else(|| cat.kinds.keys().cloned().collect());
                if !kinds.iter().any(|k| asks(k, &question)) {
                    problems.push(format!("{by}: reads {question}, which none of its kinds ask"));
                }
                reads.push(Read { question, on });
            }
        };
    for r in &cat.rules {
        let id = r.id.as_str();
        let (mut elements, mut flows): (Vec<&Selector>, Vec<&Selector>) = (Vec::new(), Vec::new());
        match r.scope {
            Scope::Element => elements.push(&r.selector),
            Scope::Flow => flows.push(&r.selector),
            Scope::Path | Scope::Model => {}
        }
        if let Some(p) = &r.path {
            elements.extend([&p.source, &p.sink]);
            elements.extend(p.guard.as_deref());
            flows.extend(p.via.as_deref());
            flows.extend(p.into.as_deref());
        }
        // What an element sends or receives is matched by flow selectors whose ends are read.
        let mut k = 0;
        let mut own: Vec<&Selector> = elements.clone();
        while k < own.len() {
            own.extend(own[k].or.iter());
            k += 1;
        }
        for s in own {
            flows.extend(s.walk_selectors());
        }
        for f in flows {
            if let Some(q) = f
                .properties
                .keys()
                .chain(f.not_properties.keys())
                .chain(f.any_properties.keys())
                .next()
            {
                problems.push(format!("{id}: a flow selector reads {q}, which only elements answer"));
            }
            elements.extend(f.from.as_deref());
            elements.extend(f.to.as_deref());
        }
        // Each alternative of an element selector reads its questions on its own kinds.
        let mut k = 0;
        while k < elements.len() {
            let alternatives: Vec<&Selector> = elements[k].or.iter().collect();
            elements.extend(alternatives);
            k += 1;
        }
        for s in elements {
            let kinds = cat.kinds_matching(s);
            for q in s.properties.keys() {
                let missing: Vec<&str> = kinds.iter().filter(|k| !asks(k, q)).map(|k| k.as_str()).collect();
                if missing.len() == kinds.len() {
                    problems.push(format!("{id}: reads {q}, which none of its kinds ask"));
                } else if !s.kinds.is_empty() && !missing.is_empty() {
                    problems.push(format!("{id}: reads {q}, which {} do not ask", missing.join(", ")));
                }
            }
            for q in s.not_properties.keys() {
                if !kinds.iter().any(|k| asks(k, q)) {
                    problems.push(format!("{id}: leaves out by {q}, which none of its kinds ask"));
                }
            }
            for q in s.any_properties.keys() {
                if !kinds.iter().any(|k| asks(k, q)) {
                    problems.push(format!("{id}: reads {q} (one of several), which none of its kinds ask"));
                }
            }
            reads.extend(
                s.properties
                    .keys()
                    .chain(s.not_properties.keys())
                    .chain(s.any_properties.keys())
                    .map(|q| Read {
                        question: q.clone(),
                        on: Some(kinds.clone()),
                    }),
            );
        }
        if let Some(c) = &r.condition {
            let on = (r.scope == Scope::Element).then(|| cat.kinds_matching(&r.selector));
            in_script(id, c, on, &mut reads, &mut problems);
        }
    }
    for s in &cat.scripts {
        in_script(&s.display, &s.text, None, &mut reads, &mut problems);
    }
    reads.extend(cat.questions.values().filter(|q| q.severity.is_some()).map(|q| Read {
        question: q.id.clone(),
        on: None,
    }));
    for (kind, k) in &cat.kinds {
        for q in k.questions.keys() {
            let read = reads
                .iter()
                .any(|r| &r.question == q && r.on.as_ref().is_none_or(|on| on.contains(kind)));
            if !read {
                problems.push(format!("kind {kind} asks {q}, which no rule reads on it"));
            }
        }
    }
    for q in cat.questions.keys() {
        if !cat.kinds.values().any(|k| k.questions.contains_key(q)) {
            problems.push(format!("question {q} is asked by no kind"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A selector's alternatives work in a rule someone writes as much as in the library's: an
/// element rule naming "a vector database, or anything answered as verifying identity" fires on
/// both, and the why of each says which alternative it matched.
#[test]
fn a_written_rule_with_selector_alternatives_fires_on_each_and_says_which() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("threats")).unwrap();
    std::fs::write(
        dir.path().join("threats").join("alternatives.ron"),
        r#"[
    (
        id: "ORG-ALT-001",
        title: "Either a vector store or an identity check",
        description: "d",
        mitigation: "m",
        scope: Element,
        selector: (or: [(kinds: ["vector-db"]), (properties: {"verifies_identity": true})]),
        likelihood: Low,
        impact: Low,
        stride: [Tampering],
    ),
]
"#,
    )
    .unwrap();
    let model = write_model(
        dir.path(),
        r#"(
    format: 9,
    name: "alternatives",
    elements: {
        "el-index": (kind: "vector-db", name: "Index"),
        "el-face": (kind: "classic-model", name: "Face match", properties: {"verifies_identity": true}),
        "el-plain": (kind: "classic-model", name: "Classifier"),
    },
)
"#,
    );
    let out = check_json_with_rules(dir.path(), &model);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    let why = |id: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .map(|f| f["why"].as_str().unwrap().to_owned())
    };
    assert!(why("ORG-ALT-001@el-index").is_some(), "{}", stderr(&out));
    let face = why("ORG-ALT-001@el-face").expect("the identity check matches the second alternative");
    assert!(face.contains("who a person is"), "{face}");
    assert!(
        why("ORG-ALT-001@el-plain").is_none(),
        "neither alternative matches a plain classifier"
    );
}

/// A script someone writes can follow data the way it moves: `receivers_of` finds where a class
/// arrives (also handed back by a read), `receives` says so of one element, `flows_returning`
/// lists the reads it comes back on, and `downstream_of` walks back along such reads.
#[test]
fn a_written_script_follows_data_handed_back_by_reads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("reads.rhai"),
        format!(
            "{}\n{}",
            META.replace("X-1", "ORG-READ-001"),
            r#"
let at = model.receivers_of("pii");
for e in at {
    finding(e, `arrives:${e.receives("pii")}`);
}
for f in model.flows_returning("pii") {
    finding([f.to], `returned-by:${f.to.name}`);
}
for e in model.downstream_of(model.elements_of_kind("database"), "training") {
    finding(e, `downstream`);
}
"#
        ),
    )
    .unwrap();
    let model = write_model(
        dir.path(),
        r#"(
    format: 9,
    name: "reads",
    elements: {
        "el-db": (kind: "database", name: "Customers"),
        "el-job": (kind: "training-job", name: "Training"),
        "el-svc": (kind: "service", name: "Reporting"),
    },
    flows: {
        "fl-read": (from: "el-job", to: "el-db", operation: Read, returns: ["pii"]),
        "fl-push": (from: "el-svc", to: "el-db", operation: Write, data: ["features"]),
    },
)
"#,
    );
    let out = check_json_with_rules(dir.path(), &model);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    // Per anchor, its why and its members' (reports on one element are one finding).
    let whys: std::collections::BTreeMap<String, String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "ORG-READ-001")
        .map(|f| {
            let mut text = f["why"].as_str().unwrap_or_default().to_owned();
            for m in f["members"].as_array().into_iter().flatten() {
                text.push_str(m["why"].as_str().unwrap_or_default());
            }
            (f["anchor"].as_str().unwrap_or_default().to_owned(), text)
        })
        .collect();
    let on = |anchor: &str, s: &str| whys.get(anchor).is_some_and(|w| w.contains(s));
    // The personal data arrives at the job that reads it, not at the store or the service.
    assert!(on("el-job", "arrives:true"), "{whys:?}");
    assert!(!on("el-db", "arrives") && !on("el-svc", "arrives"), "{whys:?}");
    assert!(on("el-db", "returned-by:Customers"), "{whys:?}");
    // The job is downstream of the store it reads from; the service that writes to it is not.
    assert!(on("el-job", "downstream"), "{whys:?}");
    assert!(!on("el-svc", "downstream"), "{whys:?}");
}
