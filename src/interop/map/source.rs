//! What kind of evidence a file can hold, decided from its name alone.

use serde::{Deserialize, Serialize};

/// The kinds of file detectors' patterns apply to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Source {
    /// Python source (`.py`).
    Python,
    /// JavaScript and TypeScript source.
    JavaScript,
    /// Go source.
    Go,
    /// Rust source.
    Rust,
    /// Java, Kotlin, Scala and C# source.
    Jvm,
    /// requirements*.txt, pyproject.toml, Pipfile, setup.cfg, setup.py.
    PythonDeps,
    /// package.json.
    NpmDeps,
    /// Cargo.toml.
    CargoDeps,
    /// go.mod.
    GoDeps,
    /// pom.xml, build.gradle(.kts).
    JvmDeps,
    /// docker-compose*.yml, compose*.yaml.
    Compose,
    /// Other YAML: Kubernetes manifests, Helm charts and values.
    Kubernetes,
    /// Dockerfile, Containerfile.
    Dockerfile,
    /// Terraform (`.tf`).
    Terraform,
    /// `.env`-style files (`.env.example`, `app.env`).
    Env,
    /// MCP client configuration (`mcp.json`, `claude_desktop_config.json`).
    Mcp,
    /// Jupyter notebooks (`.ipynb`): patterns for notebooks see the JSON; Python patterns see
    /// the cells' code.
    Notebook,
    /// Azure Bicep (`.bicep`).
    Bicep,
    /// CI/CD pipelines: `.github/workflows/*.yml`, `.gitlab-ci.yml`, Cloud Build, Azure
    /// Pipelines, CodeBuild.
    Ci,
    /// Application settings: `.properties`, JSON and TOML settings (`langgraph.json`,
    /// `vercel.json`, `appsettings.json`, `config.toml`), `.ini`.
    Settings,
}

impl Source {
    /// Program source (not a manifest, descriptor or settings file).
    pub fn is_code(self) -> bool {
        matches!(
            self,
            Source::Python | Source::JavaScript | Source::Go | Source::Rust | Source::Jvm | Source::Notebook
        )
    }

    /// Every source, in a fixed order (indexes compiled pattern sets).
    pub const ALL: [Source; 20] = [
        Source::Python,
        Source::JavaScript,
        Source::Go,
        Source::Rust,
        Source::Jvm,
        Source::PythonDeps,
        Source::NpmDeps,
        Source::CargoDeps,
        Source::GoDeps,
        Source::JvmDeps,
        Source::Compose,
        Source::Kubernetes,
        Source::Dockerfile,
        Source::Terraform,
        Source::Env,
        Source::Mcp,
        Source::Notebook,
        Source::Bicep,
        Source::Ci,
        Source::Settings,
    ];

    /// Position in [`Source::ALL`].
    pub fn index(self) -> usize {
        Source::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The source a file holds, from its path relative to the repository: CI pipelines are
    /// known by their folder, everything else by [`Source::of_file`].
    pub fn of_path(rel: &str) -> Option<Source> {
        let lower = rel.to_ascii_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
        let ci = (yaml && (lower.starts_with(".github/workflows/") || lower.contains("/.github/workflows/")))
            || name == ".gitlab-ci.yml"
            || name == "jenkinsfile"
            || (yaml
                && (name.starts_with("cloudbuild")
                    || name.starts_with("azure-pipelines")
                    || name.starts_with("buildspec")
                    || lower.starts_with("build/") && name.contains("deployment")));
        if ci {
            return Some(Source::Ci);
        }
        rel.rsplit('/').next().and_then(Source::of_file)
    }

    /// The source a file holds, from its name; `None` for files no detector reads. A
    /// template's suffix (`.example`, `.sample`, `.dist`, `.template`, `.default`) is looked
    /// through: `conf.yaml.example` is YAML.
    pub fn of_file(name: &str) -> Option<Source> {
        let mut lower = name.to_ascii_lowercase();
        for suffix in [".example", ".sample", ".dist", ".template", ".default", ".tmpl"] {
            if let Some(inner) = lower.strip_suffix(suffix)
                && !inner.starts_with(".env")
                && inner.contains('.')
            {
                lower = inner.to_owned();
            }
        }
        let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        let yaml = matches!(ext, "yml" | "yaml");
        let source = match lower.as_str() {
            "pyproject.toml" | "pipfile" | "setup.cfg" | "setup.py" => Source::PythonDeps,
            "package.json" => Source::NpmDeps,
            "cargo.toml" => Source::CargoDeps,
            "go.mod" => Source::GoDeps,
            "pom.xml" | "build.gradle" | "build.gradle.kts" => Source::JvmDeps,
            "mcp.json" | ".mcp.json" | "claude_desktop_config.json" | "mcp_config.json" => Source::Mcp,
            _ if lower.starts_with("requirements") && ext == "txt" => Source::PythonDeps,
            _ if yaml && (lower.starts_with("docker-compose") || lower.starts_with("compose")) => Source::Compose,
            _ if yaml => Source::Kubernetes,
            _ if lower == "dockerfile" || lower.starts_with("dockerfile.") || lower == "containerfile" => {
                Source::Dockerfile
            }
            _ if lower.starts_with(".env") || ext == "env" => Source::Env,
            "package-lock.json" | "composer.json" | "tsconfig.json" | "jsconfig.json" => return None,
            _ if lower.starts_with("tsconfig") || lower.ends_with(".lock.json") => return None,
            _ => match ext {
                "ipynb" => Source::Notebook,
                "bicep" => Source::Bicep,
                "properties" | "ini" => Source::Settings,
                "json" | "toml" | "jsonc" => Source::Settings,
                "csproj" => Source::JvmDeps,
                "py" => Source::Python,
                "js" | "mjs" | "cjs" | "jsx" | "ts" | "mts" | "cts" | "tsx" => Source::JavaScript,
                "go" => Source::Go,
                "rs" => Source::Rust,
                "java" | "kt" | "scala" | "cs" => Source::Jvm,
                "tf" => Source::Terraform,
                _ => return None,
            },
        };
        Some(source)
    }

    /// Whether a file of this name makes its folder a deployable unit.
    pub fn is_unit_marker(name: &str) -> bool {
        let lower = name.to_ascii_lowercase();
        matches!(
            lower.as_str(),
            "pyproject.toml"
                | "pipfile"
                | "setup.py"
                | "package.json"
                | "cargo.toml"
                | "go.mod"
                | "pom.xml"
                | "build.gradle"
                | "build.gradle.kts"
                | "dockerfile"
                | "containerfile"
                | "chart.yaml"
        ) || (lower.starts_with("requirements") && lower.ends_with(".txt"))
            || lower.ends_with(".csproj")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_classified_by_name() {
        assert_eq!(Source::of_file("requirements-dev.txt"), Some(Source::PythonDeps));
        assert_eq!(Source::of_file("docker-compose.prod.yml"), Some(Source::Compose));
        assert_eq!(Source::of_file("values.yaml"), Some(Source::Kubernetes));
        assert_eq!(Source::of_file(".env.example"), Some(Source::Env));
        assert_eq!(Source::of_file("claude_desktop_config.json"), Some(Source::Mcp));
        assert_eq!(Source::of_file("index.tsx"), Some(Source::JavaScript));
        assert_eq!(Source::of_file("README.md"), None);
        assert_eq!(Source::of_file("conf.yaml.example"), Some(Source::Kubernetes));
        assert_eq!(Source::of_file(".env.sample"), Some(Source::Env));
        assert_eq!(Source::of_file("langgraph.json"), Some(Source::Settings));
        assert_eq!(Source::of_file("ch07.ipynb"), Some(Source::Notebook));
        assert_eq!(Source::of_path(".github/workflows/ci.yml"), Some(Source::Ci));
        assert_eq!(Source::of_path("deploy/values.yaml"), Some(Source::Kubernetes));
        assert!(Source::is_unit_marker("Dockerfile"));
        assert!(!Source::is_unit_marker("main.py"));
    }
}
