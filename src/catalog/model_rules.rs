//! The rules a model brings with it: a `bulwark-rules/` folder beside the model file. Finding
//! and counting them is here; whether they run (the app asks, the command line runs them in
//! the sandbox unless `--no-model-rules`) is the caller's decision.

use super::load::read_dir_sources;
use super::rule::Rule;
use std::path::{Path, PathBuf};

/// The folder beside a model file that holds the model's own rules.
pub const MODEL_RULES_DIR: &str = "bulwark-rules";

/// A model's own rules folder and what is in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelRules {
    /// The folder (`…/bulwark-rules`).
    pub dir: PathBuf,
    /// Rule files in it (`.rhai` and `.ron`), relative to it, sorted.
    pub files: Vec<String>,
    /// How many rules they define: one per script, one per entry of a RON rule list (a RON
    /// file that does not parse counts as one, so it is not hidden from the question).
    pub rules: usize,
}

impl ModelRules {
    /// The `bulwark-rules/` folder beside `model_path`, if it exists and holds rule files.
    pub fn beside(model_path: &Path) -> Option<ModelRules> {
        let parent = model_path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let dir = parent.join(MODEL_RULES_DIR);
        if !dir.is_dir() {
            return None;
        }
        let (sources, _) = read_dir_sources(&dir);
        if sources.is_empty() {
            return None;
        }
        let rules = sources
            .iter()
            .map(|s| {
                if s.rel.ends_with(".ron") {
                    s.parse::<Vec<Rule>>().map_or(1, |v| v.len())
                } else {
                    1
                }
            })
            .sum();
        Some(ModelRules {
            dir,
            files: sources.into_iter().map(|s| s.rel).collect(),
            rules,
        })
    }

    /// "3 rules in 2 files from /path/bulwark-rules".
    pub fn summary(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{} in {} from {}",
            plural(self.rules, "rule", "rules"),
            plural(self.files.len(), "file", "files"),
            self.dir.display()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_without_the_folder_brings_no_rules() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("m.bulwark.ron");
        assert_eq!(ModelRules::beside(&model), None);
        std::fs::create_dir(dir.path().join(MODEL_RULES_DIR)).unwrap();
        assert_eq!(ModelRules::beside(&model), None, "an empty folder brings nothing");
    }

    #[test]
    fn scripts_and_ron_entries_are_counted() {
        let dir = tempfile::tempdir().unwrap();
        let rules = dir.path().join(MODEL_RULES_DIR);
        std::fs::create_dir(&rules).unwrap();
        std::fs::write(rules.join("a.rhai"), "let rule = #{};").unwrap();
        let entry = r#"(id: "M-1", title: "t", description: "d", mitigation: "m", scope: Element, likelihood: Low, impact: Low),"#;
        std::fs::write(rules.join("b.ron"), format!("[{entry}{}]", entry.replace("M-1", "M-2"))).unwrap();
        std::fs::write(rules.join("notes.txt"), "not a rule").unwrap();
        let found = ModelRules::beside(&dir.path().join("m.bulwark.ron")).unwrap();
        assert_eq!(found.files, ["a.rhai", "b.ron"]);
        assert_eq!(found.rules, 3);
        assert!(
            found.summary().starts_with("3 rules in 2 files from "),
            "{}",
            found.summary()
        );
    }
}
