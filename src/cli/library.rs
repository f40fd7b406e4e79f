//! `bulwark library components|controls|threats [SEARCH]|frameworks [--json]`: what the catalog
//! knows, printed from the same definitions the app and reports use.

use super::term::outln;
use bulwark::catalog::Catalog;
use serde_json::json;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// What to list.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum What {
    /// Component kinds.
    Components,
    /// Controls.
    Controls,
    /// Threat rules.
    Threats,
    /// Framework coverage of the threat rules.
    Frameworks,
}

/// Prints the list. `search` narrows threats to those whose id, title or aliases contain it.
pub fn run(what: What, search: Option<&str>, as_json: bool, user_dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    if search.is_some() && !matches!(what, What::Threats) {
        anyhow::bail!("a search text only narrows `library threats`");
    }
    let query = bulwark::catalog::search_form(search.unwrap_or_default());
    let cat = std::sync::Arc::new(super::load_catalog(user_dir).0);
    let mut out = std::io::stdout().lock();
    match (what, as_json) {
        (What::Components, true) => outln!(out, "{}", serde_json::to_string_pretty(&components_json(&cat))?)?,
        (What::Controls, true) => outln!(
            out,
            "{}",
            serde_json::to_string_pretty(&cat.controls.values().collect::<Vec<_>>())?
        )?,
        (What::Threats, true) => outln!(out, "{}", serde_json::to_string_pretty(&threats_json(&cat, &query))?)?,
        (What::Frameworks, true) => outln!(
            out,
            "{}",
            serde_json::to_string_pretty(&bulwark::engine::coverage(&cat))?
        )?,
        (What::Components, false) => {
            for c in &cat.categories {
                outln!(out, "{}", c.name)?;
                for k in cat.kinds_in_order().filter(|k| k.category == c.id) {
                    outln!(out, "  {:<24} {:<16} {}", k.id.as_str(), k.dfd.label(), k.name)?;
                }
            }
        }
        (What::Controls, false) => {
            for c in cat.controls.values() {
                outln!(out, "{:<28} {:<16} {}", c.id.as_str(), c.area, c.name)?;
            }
        }
        (What::Threats, false) => {
            let engine = bulwark::engine::Engine::new(cat.clone());
            for r in engine.rules().filter(|r| r.matches_search_form(&query)) {
                outln!(
                    out,
                    "{:<14} {:<9} {:?}  {}",
                    r.id.as_str(),
                    r.severity().id(),
                    r.scope,
                    r.title
                )?;
            }
        }
        (What::Frameworks, false) => {
            let cov = bulwark::engine::coverage(&cat);
            super::term::write_text(&mut out, &cov.to_text())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn components_json(cat: &Catalog) -> serde_json::Value {
    json!(
        cat.kinds_in_order()
            .map(|k| {
                json!({
                    "id": k.id, "name": k.name, "category": k.category, "dfd": k.dfd, "maestro": k.maestro,
                    "icon": k.icon, "description": k.description, "traits": k.traits,
                    "questions": k.questions.iter().map(|(q, default)| json!({
                        "id": q,
                        "label": cat.questions.get(q).map(|x| x.label.as_str()).unwrap_or_default(),
                        "default": default,
                    })).collect::<Vec<_>>(),
                    "controls": k.controls, "cosai": k.cosai,
                })
            })
            .collect::<Vec<_>>()
    )
}

fn threats_json(cat: &std::sync::Arc<Catalog>, query: &str) -> serde_json::Value {
    let engine = bulwark::engine::Engine::new(cat.clone());
    json!(
        engine
            .rules()
            .filter(|r| r.matches_search_form(query))
            .map(|r| {
                json!({
                    "id": r.id, "title": r.title, "aliases": r.aliases, "description": r.description, "mitigation": r.mitigation,
                    "scope": r.scope, "severity": r.severity(), "likelihood": r.likelihood, "impact": r.impact,
                    "stride": r.stride, "controls": r.controls, "references": r.references,
                    "source": cat.rule_locations.get(&r.id).map(|l| l.to_string()),
                })
            })
            .collect::<Vec<_>>()
    )
}
