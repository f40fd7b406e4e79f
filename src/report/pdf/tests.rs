use super::flow::{MARGIN_X, PAGE_H, PAGE_W};
use super::*;
use crate::catalog::Catalog;
use crate::engine::{Engine, Evaluation};
use crate::model::{Element, Model};
use crate::report::ReportDate;
use std::sync::Arc;

fn rag() -> Model {
    crate::model::from_str(
        include_str!("../../../assets/examples/rag-assistant.bulwark.ron"),
        "rag-assistant.bulwark.ron",
    )
    .unwrap()
}

fn evaluate(model: Model) -> (Arc<Model>, Engine, Evaluation) {
    let (cat, _) = Catalog::builtin();
    let engine = Engine::new(Arc::new(cat));
    let model = Arc::new(model);
    let eval = engine.evaluate(model.clone(), 0);
    (model, engine, eval)
}

fn opts(include_closed: bool) -> ReportOptions {
    ReportOptions {
        include_closed,
        date: ReportDate::parse("2026-01-01").unwrap(),
    }
}

fn pages_of(model: Model, include_closed: bool) -> (Vec<Page>, Vec<Anchor>, Evaluation) {
    let (model, engine, eval) = evaluate(model);
    let input = ReportInput {
        model: &model,
        engine: &engine,
        eval: &eval,
        file: "m.bulwark.ron",
        source: "",
    };
    let (pages, anchors) = layout(&input, opts(include_closed));
    (pages, anchors, eval)
}

fn texts(p: &Page) -> impl Iterator<Item = (&str, f32, f32, Style)> {
    p.ink.iter().filter_map(|i| match i {
        Ink::Text { x, y, text, style } => Some((text.as_str(), *x, *y, *style)),
        _ => None,
    })
}

#[test]
fn every_finding_is_in_the_report_with_its_id() {
    let (pages, _, eval) = pages_of(rag(), true);
    let all: Vec<&str> = pages.iter().flat_map(texts).map(|(t, ..)| t).collect();
    assert!(!eval.findings.is_empty());
    for f in &eval.findings {
        assert!(
            all.contains(&f.id.as_str()),
            "{} is missing from the PDF",
            f.id.as_str()
        );
    }
}

#[test]
fn all_text_stays_inside_the_page_margins() {
    let (pages, _, _) = pages_of(rag(), true);
    assert!(pages.len() > 5, "a real report: {} pages", pages.len());
    for (n, p) in pages.iter().enumerate() {
        for (t, x, y, style) in texts(p) {
            let right = x + text::width(t, style);
            assert!(
                x >= MARGIN_X - 0.5 && right <= p.w - MARGIN_X + 0.5,
                "page {}: {t:?} runs to {right}",
                n + 1
            );
            assert!(y > 0.0 && y < p.h, "page {}: {t:?} at y {y}", n + 1);
        }
    }
}

#[test]
fn the_diagram_fills_a_page_of_its_own_and_fits_it() {
    let (pages, anchors, _) = pages_of(rag(), false);
    let at = anchors.iter().find(|a| a.title == "Diagram").unwrap().page;
    let page = &pages[at];
    let drawings: Vec<f32> = page
        .ink
        .iter()
        .filter_map(|i| match i {
            Ink::Svg { scale, .. } => Some(*scale),
            _ => None,
        })
        .collect();
    assert_eq!(drawings.len(), 1, "one drawing on the diagram page");
    // The RAG example is wider than tall, so the page is turned.
    assert!(page.w > page.h, "landscape: {} × {}", page.w, page.h);
    assert!((page.w - PAGE_H).abs() < 0.01 && (page.h - PAGE_W).abs() < 0.01);
    // Nothing else of the report shares that page.
    assert!(texts(page).all(|(t, ..)| !t.starts_with("Executive")));
}

#[test]
fn contents_on_the_cover_point_at_the_right_pages() {
    let (pages, anchors, _) = pages_of(rag(), false);
    let cover: Vec<&str> = texts(&pages[0]).map(|(t, ..)| t).collect();
    for a in anchors.iter().filter(|a| a.level == 1) {
        let i = cover
            .iter()
            .position(|t| *t == a.title)
            .unwrap_or_else(|| panic!("{} not listed", a.title));
        assert_eq!(cover[i + 1], (a.page + 1).to_string(), "page of {}", a.title);
        assert!(
            texts(&pages[a.page]).any(|(t, ..)| t == a.title),
            "{} is on page {}",
            a.title,
            a.page + 1
        );
    }
}

#[test]
fn user_text_is_drawn_as_text_and_the_pdf_is_the_same_every_time() {
    let mut m = rag();
    let id = m.elements.keys().next().unwrap().clone();
    let hostile = "<script>alert(1)</script> & \"quotes\"";
    if let Some(e) = m.elements.get_mut(&id) {
        e.name = hostile.to_owned();
    }
    m.name = "Tom & Jerry's <model>".to_owned();
    let (model, engine, eval) = evaluate(m.clone());
    let input = ReportInput {
        model: &model,
        engine: &engine,
        eval: &eval,
        file: "m.bulwark.ron",
        source: "",
    };
    let a = pdf(&input, opts(true)).unwrap();
    let b = pdf(&input, opts(true)).unwrap();
    assert!(a.starts_with(b"%PDF-"));
    assert!(a == b, "deterministic bytes");
    let text = layout_text(&input, opts(true));
    assert!(text.contains(hostile), "the name appears literally");
}

#[test]
fn an_empty_model_still_gives_a_report() {
    let (pages, anchors, _) = pages_of(Model::new("Empty"), false);
    assert!(pages.len() >= 3);
    assert!(anchors.iter().any(|a| a.title == "Findings"));
}

#[test]
fn a_huge_justification_is_split_across_pages_not_lost() {
    let mut m = Model::new("Long");
    let e = Element::new("llm", "Model");
    m.elements.insert(crate::model::ElementId::new("el-1"), e);
    m.description = "word ".repeat(4000);
    let (pages, _, _) = pages_of(m, false);
    let words: usize = pages
        .iter()
        .flat_map(texts)
        .map(|(t, ..)| t.matches("word").count())
        .sum();
    // The cover shows the start of the description, the summary all of it.
    assert!(words >= 4000, "{words}");
}
