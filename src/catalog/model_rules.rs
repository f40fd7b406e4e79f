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
    /// The `bulwark-rules/` folder beside `model_path`, if it exists and holds rule files; a
    /// folder that leads out of the model's own folder is left out (see [`ModelRules::find`]).
    pub fn beside(model_path: &Path) -> Option<ModelRules> {
        Self::find(model_path).ok().flatten()
    }

    /// As [`ModelRules::beside`], but says why a folder was refused: a `bulwark-rules` that is
    /// a symbolic link out of the model's folder would run rules from anywhere on the disk
    /// (someone else's folder, a mounted share) under the model's name.
    pub fn find(model_path: &Path) -> Result<Option<ModelRules>, String> {
        let parent = model_path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let dir = parent.join(MODEL_RULES_DIR);
        if !dir.is_dir() {
            return Ok(None);
        }
        if let (Ok(real), Ok(home)) = (dir.canonicalize(), parent.canonicalize())
            && !real.starts_with(&home)
        {
            return Err(format!(
                "{} leads to {}, outside the model's folder; its rules were not run",
                dir.display(),
                real.display()
            ));
        }
        let (sources, _) = read_dir_sources(&dir);
        if sources.is_empty() {
            return Ok(None);
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
        Ok(Some(ModelRules {
            dir,
            files: sources.into_iter().map(|s| s.rel).collect(),
            rules,
        }))
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

    #[cfg(unix)]
    #[test]
    fn a_rules_folder_leading_out_of_the_models_folder_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("x.rhai"), "let rule = #{};").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("m.bulwark.ron");
        std::os::unix::fs::symlink(outside.path(), dir.path().join(MODEL_RULES_DIR)).unwrap();
        let err = ModelRules::find(&model).unwrap_err();
        assert!(err.contains("outside the model's folder"), "{err}");
        assert_eq!(ModelRules::beside(&model), None);
        // A link that stays inside the model's folder is its own business.
        std::fs::remove_file(dir.path().join(MODEL_RULES_DIR)).unwrap();
        std::fs::create_dir(dir.path().join("rules-v2")).unwrap();
        std::fs::write(dir.path().join("rules-v2/x.rhai"), "let rule = #{};").unwrap();
        std::os::unix::fs::symlink(dir.path().join("rules-v2"), dir.path().join(MODEL_RULES_DIR)).unwrap();
        assert!(ModelRules::find(&model).unwrap().is_some());
    }
}
