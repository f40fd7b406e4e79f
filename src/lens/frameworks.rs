//! Findings laid out on a framework: the ATLAS matrix (tactics as columns, techniques as cells)
//! and the simple lists (OWASP Top 10 for LLM Applications, OWASP Agentic T1–T17) as grids.

use crate::catalog::{FrameworkItem, Frameworks};
use crate::engine::Finding;

/// One framework item with the findings that reference it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell<'a> {
    /// The technique or list item.
    pub item: &'a FrameworkItem,
    /// Findings referencing it (or, in the full ATLAS matrix, one of its sub-techniques).
    pub findings: Vec<&'a Finding>,
}

/// One ATLAS tactic and its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Column<'a> {
    /// The tactic.
    pub tactic: &'a FrameworkItem,
    /// Its techniques.
    pub cells: Vec<Cell<'a>>,
}

/// A list framework as cells, in the list's order.
pub type Grid<'a> = Vec<Cell<'a>>;

/// Every ATLAS tactic in matrix order with only the techniques `findings` reference (exact
/// ids, sub-techniques on their own, by id), as reports print it.
pub fn atlas_matrix<'a>(fw: &'a Frameworks, findings: &[&'a Finding]) -> Vec<Column<'a>> {
    fw.atlas_tactics
        .iter()
        .map(|tactic| {
            let mut cells: Vec<Cell> = fw
                .atlas_techniques
                .iter()
                .filter(|t| t.tactics.contains(&tactic.id))
                .filter_map(|t| {
                    let hits: Vec<&Finding> = findings
                        .iter()
                        .copied()
                        .filter(|f| f.references.atlas.contains(&t.id))
                        .collect();
                    (!hits.is_empty()).then_some(Cell {
                        item: t,
                        findings: hits,
                    })
                })
                .collect();
            cells.sort_by(|a, b| a.item.id.cmp(&b.item.id));
            Column { tactic, cells }
        })
        .collect()
}

/// The whole ATLAS matrix: every tactic, every technique under it (sub-techniques folded into
/// their technique), each with the findings that reference the technique or a sub-technique.
pub fn atlas_full<'a>(fw: &'a Frameworks, findings: &[&'a Finding]) -> Vec<Column<'a>> {
    fw.atlas_tactics
        .iter()
        .map(|tactic| Column {
            tactic,
            cells: fw
                .atlas_techniques
                .iter()
                .filter(|t| t.tactics.contains(&tactic.id) && !is_sub_technique(&t.id))
                .map(|t| Cell {
                    item: t,
                    findings: findings
                        .iter()
                        .copied()
                        .filter(|f| f.references.atlas.iter().any(|r| same_or_sub(r, &t.id)))
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

/// Each item of a list framework with the findings whose references (`refs`) name it.
pub fn item_grid<'a>(
    items: &'a [FrameworkItem],
    findings: &[&'a Finding],
    refs: impl Fn(&Finding) -> Vec<String>,
) -> Grid<'a> {
    items
        .iter()
        .map(|item| Cell {
            item,
            findings: findings
                .iter()
                .copied()
                .filter(|f| refs(f).contains(&item.id))
                .collect(),
        })
        .collect()
}

/// `AML.T0051.001` is a sub-technique; `AML.T0051` is not.
fn is_sub_technique(id: &str) -> bool {
    id.matches('.').count() >= 2
}

/// `r` is technique `t` or one of its sub-techniques.
fn same_or_sub(r: &str, t: &str) -> bool {
    r == t || r.strip_prefix(t).is_some_and(|rest| rest.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_techniques_fold_into_their_technique_only() {
        assert!(is_sub_technique("AML.T0051.001"));
        assert!(!is_sub_technique("AML.T0051"));
        assert!(same_or_sub("AML.T0051.001", "AML.T0051"));
        assert!(same_or_sub("AML.T0051", "AML.T0051"));
        // A different technique that shares the prefix is not a sub-technique.
        assert!(!same_or_sub("AML.T00510", "AML.T0051"));
    }
}
