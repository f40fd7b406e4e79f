//! Command-line parsing and dispatch. Each subcommand lives in its own file and calls the same
//! library functions the desktop app uses.

mod assist;
mod check;
mod diff;
mod export;
mod import;
mod library;
mod map;
mod mcp;
mod merge;
mod phases;
mod report;
mod rules;
pub(crate) mod term;
mod validate;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use term::errln;

/// Threat modeling for AI/ML systems.
#[derive(Debug, Parser)]
#[command(name = "bulwark", version, about, long_about = None)]
pub struct Args {
    /// What to do; without a subcommand the desktop app opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open a model in the desktop app.
    Open {
        /// The model file; without one, the app opens as `bulwark` alone does (a desktop
        /// launcher passes a file only when a file was opened with it).
        file: Option<PathBuf>,
    },
    /// Check a model (`.bulwark.ron`), a library file (`.ron`) or a rule script (`.rhai`),
    /// printing problems as file:line:column.
    Validate {
        /// The file.
        file: PathBuf,
    },
    /// Evaluate a model: findings with why and missing controls. Exit 0 when nothing open is at
    /// or above --fail-on, 1 when something is, 2 on any error.
    Check {
        /// The model file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: check::Format,
        /// Fail (exit 1) when an open finding is at or above this severity: critical, high,
        /// medium or low.
        #[arg(long, default_value = "high")]
        fail_on: String,
        /// A folder of extra rules and libraries (RON and rhai), layered on the built-in ones.
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Do not run the rules in the `bulwark-rules/` folder beside the model.
        #[arg(long)]
        no_model_rules: bool,
        /// Also fail (exit 1) while a fact a rule needs is unanswered on a flow that crosses a
        /// trust boundary (an open question, such as whether it is encrypted).
        #[arg(long)]
        fail_on_unknown: bool,
        /// Compare with an earlier version (a file or `git:REV:PATH`): text and JSON list only
        /// findings that are new or more severe than there, `--fail-on` looks at those only,
        /// and SARIF marks every result new, unchanged, updated or absent (`baselineState`).
        #[arg(long)]
        baseline: Option<String>,
    },
    /// What changed between two versions of a model, in the design and in the risk: elements,
    /// flows and boundaries added, removed or changed (which fields), and findings new,
    /// resolved, re-triaged, newly stale or changed in severity. Either side may be a file or
    /// `git:REV:PATH` (read through `git show` in the current directory). Exit 1 when new open
    /// findings or severity increases at or above `--fail-on` appeared, 0 otherwise, 2 on any
    /// error.
    Diff {
        /// The old version.
        old: String,
        /// The new version.
        new: String,
        /// Output format: text, md (a pull-request comment) or json.
        #[arg(long, value_enum, default_value = "text")]
        format: diff::Format,
        /// With `--format md`: add a Mermaid diagram of the changed neighbourhood (added,
        /// removed and changed items marked).
        #[arg(long)]
        diagram: bool,
        /// Fail (exit 1) when a new open finding, or a severity increase, is at or above this
        /// severity: critical, high, medium or low.
        #[arg(long, default_value = "high")]
        fail_on: String,
        /// A folder of extra rules and libraries (RON and rhai), layered on the built-in ones.
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Do not run the rules in the `bulwark-rules/` folder beside the new model.
        #[arg(long)]
        no_model_rules: bool,
    },
    /// A model from another tool's file (Microsoft Threat Modeling Tool .tm7, OWASP Threat Dragon
    /// v1/v2 JSON, Open Threat Model JSON, CycloneDX 2.0 threat model JSON, AWS threat-composer
    /// .tc.json), with a migration report:
    /// per source type, how many were kept and how many dropped and why. Exit 0 when written, 2
    /// on any error.
    Import {
        /// The other tool's file.
        file: PathBuf,
        /// Where to write the model.
        #[arg(short, long)]
        output: PathBuf,
        /// The format (detected from the content when left out).
        #[arg(long, value_enum)]
        from: Option<import::From>,
    },
    /// Ask the assistant command you configured (--assistant or BULWARK_ASSISTANT; run without
    /// a shell, over stdin/stdout, never a network call from Bulwark) to draft components,
    /// suggest threats, explain a finding or suggest controls. Suggestions are checked against
    /// the model and the library and kept beside the model (`NAME.bulwark.suggestions.ron`)
    /// for a person to accept or reject; an explanation is printed. Exit 0 or 2.
    Assist {
        /// What to ask.
        #[arg(value_enum)]
        task: assist::TaskArg,
        /// The model file.
        file: PathBuf,
        /// The component the task is about.
        #[arg(long)]
        element: Option<String>,
        /// The finding to explain or find controls for.
        #[arg(long)]
        finding: Option<String>,
        /// Who the explanation is for: executive or developer.
        #[arg(long, default_value = "developer")]
        audience: String,
        /// The assistant command line (split into arguments, never run through a shell).
        #[arg(long)]
        assistant: Option<String>,
        /// Seconds to wait for the reply before the command is stopped.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
    },
    /// A Model Context Protocol server over stdio (JSON-RPC 2.0) for AI coding agents: tools
    /// check, list_components, explain_finding and diff, and the library as resources.
    /// Read-only unless started with --allow-propose FILE, which lets an agent add suggestions
    /// for FILE to its sidecar (`NAME.bulwark.suggestions.ron`) for a person to review; the
    /// model is never written.
    Mcp {
        /// The one model proposals may be made for.
        #[arg(long)]
        allow_propose: Option<PathBuf>,
    },
    /// Three-way merge of two versions of a model with their common ancestor, item by item and
    /// field by field; usable as a git merge driver (`bulwark merge %O %A %B -o %A`). Exit 0 when
    /// merged cleanly, 1 when conflict records were written into the output, 2 on any error.
    Merge {
        /// The common ancestor.
        base: PathBuf,
        /// Our version.
        ours: PathBuf,
        /// Their version.
        theirs: PathBuf,
        /// Where to write the merge.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Write a report of a model's findings: HTML (one self-contained page), Markdown, CSV,
    /// JSON or SARIF. Exit 0 when written, 2 on any error.
    Report {
        /// The model file.
        file: PathBuf,
        /// Report format.
        #[arg(long, value_enum)]
        format: report::Format,
        /// Where to write the report; standard output when left out or `-`.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Also show mitigated and triaged findings (HTML, Markdown and CSV; JSON and SARIF
        /// always list every finding).
        #[arg(long)]
        include_closed: bool,
        /// The generation date printed on the report, YYYY-MM-DD (default: today, UTC).
        #[arg(long)]
        date: Option<String>,
        /// A folder of extra rules and libraries (RON and rhai), layered on the built-in ones.
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Do not run the rules in the `bulwark-rules/` folder beside the model.
        #[arg(long)]
        no_model_rules: bool,
        /// With `--format handout`: the workshop session (its id in the model; default: the
        /// latest).
        #[arg(long)]
        session: Option<String>,
    },
    /// Export the diagram as SVG, PNG, Mermaid or Graphviz DOT, drawn from the model's layout
    /// with a badge of open findings on each component; or the model as Open Threat Model JSON
    /// (`--format otm`), a CycloneDX 2.0 threat model (`--format cyclonedx`) or a threat-composer
    /// workspace, threats and their states included. Exit 0 when written, 2 on any error.
    Export {
        /// The model file.
        file: PathBuf,
        /// Diagram or model format.
        #[arg(long, value_enum)]
        format: export::Format,
        /// Where to write the diagram; standard output when left out or `-`.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// A folder of extra rules and libraries, layered on the built-in ones (for the badges).
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Do not run the rules in the `bulwark-rules/` folder beside the model.
        #[arg(long)]
        no_model_rules: bool,
    },
    /// Infer a threat model from a repository, offline: components, flows, boundaries and the
    /// controls the code shows, each with its evidence (file:line) and marked inferred until a
    /// person confirms it. Nothing in the repository is run. Exit 0 when written, 2 on any error.
    Map {
        /// The repository folder (with --score: a benchmark case or a folder of them).
        dir: PathBuf,
        /// Where to write the model (`.bulwark.ron`).
        #[arg(short, long, required_unless_present = "score")]
        output: Option<PathBuf>,
        /// Score the mapping against an architect's ground truth instead of writing a model:
        /// DIR is a case folder (`truth.ron` and `repo/`) or a folder of cases
        /// (`tests/mapping/README.md`). Prints component, AI-component and flow recall and the
        /// false-positive share, per repository and in total.
        #[arg(long, conflicts_with = "update")]
        score: bool,
        /// Re-map into this existing model, keeping what a person changed or added: new items
        /// are flagged new, items whose evidence is gone are flagged vanished.
        #[arg(long)]
        update: Option<PathBuf>,
        /// Also map examples, tests, docs and similar folders and test files, which are left
        /// out by default.
        #[arg(long)]
        all_folders: bool,
        /// Summary format on standard output.
        #[arg(long, value_enum, default_value = "text")]
        format: map::Format,
    },
    /// Test rules and measure their coverage.
    Rules {
        /// What to do.
        #[command(subcommand)]
        action: RulesAction,
    },
    /// List what the catalog knows.
    Library {
        /// What to list.
        #[arg(value_enum)]
        what: library::What,
        /// Threats only: list those whose id, title or aliases contain this text, any case, with
        /// hyphens and spaces alike (`bulwark library threats "model inversion"`).
        search: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// A folder of user libraries layered on the built-in one.
        #[arg(long)]
        rules: Option<PathBuf>,
    },
}

/// `bulwark rules …`.
#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Run rule tests: the shipped library's, or those of a library folder (its `tests/*.ron`,
    /// with its rules layered on the shipped ones). Exit 1 when a test fails.
    Test {
        /// A library folder with `threats/`, `rules/` and `tests/`.
        dir: Option<PathBuf>,
    },
    /// Score the rules on the accuracy benchmark: human-written threat models of AI systems,
    /// transcribed with the threats their authors listed (`tests/accuracy/README.md`). Prints
    /// recall, findings per 10 elements, duplicates (and, as "full", the pairs whose
    /// findings both raise the threat in full) and the high/critical share, per case and in
    /// total, and apart from recall the threats an open question would decide ("asked").
    /// Exit 2 when a case does not load or names an unknown rule.
    Accuracy {
        /// The benchmark folder (default `tests/accuracy`).
        dir: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// List the threats each case misses or only partly raises, and where open findings
        /// duplicate one (threat, anchor, rules).
        #[arg(long)]
        misses: bool,
        /// With `--misses`, list them for the sealed holdout too. Without it the holdout
        /// prints numbers only, so nobody tuning rules reads its threats by accident.
        #[arg(long, requires = "misses")]
        unseal: bool,
        /// A folder of extra rules layered on the built-in ones (a rule with a built-in id
        /// replaces it), so a proposed change can be scored before it is made.
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Which rules fire on the given models, which never do, and the framework ids covered.
    Coverage {
        /// Model files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// A folder of extra rules layered on the built-in ones.
        #[arg(long)]
        rules: Option<PathBuf>,
    },
}

/// Runs the command; the exit code follows DESIGN.md: 0 clean, 1 findings, 2 error.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        None => open_app(None),
        Some(Command::Open { file }) => open_app(file),
        Some(Command::Validate { file }) => validate::run(&file),
        Some(Command::Check {
            file,
            format,
            fail_on,
            rules,
            no_model_rules,
            fail_on_unknown,
            baseline,
        }) => {
            let model_rules = (!no_model_rules).then_some(file.as_path());
            check::run(
                &file,
                format,
                &fail_on,
                rules.as_deref(),
                model_rules,
                fail_on_unknown,
                baseline.as_deref(),
            )
        }
        Some(Command::Import { file, output, from }) => import::run(&file, &output, from),
        Some(Command::Mcp { allow_propose }) => mcp::run(allow_propose.as_deref()),
        Some(Command::Assist {
            task,
            file,
            element,
            finding,
            audience,
            assistant,
            timeout,
        }) => assist::run(
            task,
            &file,
            element.as_deref(),
            finding.as_deref(),
            &audience,
            assistant.as_deref(),
            timeout,
        ),
        Some(Command::Merge {
            base,
            ours,
            theirs,
            output,
        }) => merge::run(&base, &ours, &theirs, &output),
        Some(Command::Diff {
            old,
            new,
            format,
            diagram,
            fail_on,
            rules,
            no_model_rules,
        }) => diff::run(&old, &new, format, diagram, &fail_on, rules.as_deref(), !no_model_rules),
        Some(Command::Rules {
            action: RulesAction::Test { dir },
        }) => rules::test(dir.as_deref()),
        Some(Command::Rules {
            action: RulesAction::Coverage { files, json, rules },
        }) => rules::coverage(&files, json, rules.as_deref()),
        Some(Command::Rules {
            action:
                RulesAction::Accuracy {
                    dir,
                    json,
                    misses,
                    unseal,
                    rules: extra,
                },
        }) => rules::accuracy(dir.as_deref(), json, misses, unseal, extra.as_deref()),
        Some(Command::Library {
            what,
            search,
            json,
            rules,
        }) => library::run(what, search.as_deref(), json, rules.as_deref()),
        Some(Command::Report {
            file,
            format,
            output,
            include_closed,
            date,
            rules,
            no_model_rules,
            session,
        }) => report::run(&report::Request {
            file: &file,
            format,
            out: output.as_deref(),
            include_closed,
            date: date.as_deref(),
            rules: rules.as_deref(),
            model_rules: !no_model_rules,
            session: session.as_deref(),
        }),
        Some(Command::Map {
            dir,
            score: true,
            format,
            ..
        }) => map::score(&dir, format),
        Some(Command::Map {
            dir,
            output,
            update,
            all_folders,
            format,
            ..
        }) => map::run(&map::Request {
            dir: &dir,
            out: output.as_deref().unwrap_or(std::path::Path::new("-")),
            update: update.as_deref(),
            options: bulwark::interop::map::MapOptions { all_folders },
            format,
        }),
        Some(Command::Export {
            file,
            format,
            output,
            rules,
            no_model_rules,
        }) => {
            // The badges count the same findings `check` reports, the model's own rules included.
            let own = (!no_model_rules).then_some(file.as_path());
            export::run(&file, format, output.as_deref(), rules.as_deref(), own)
        }
    }
}

#[cfg(feature = "gui")]
fn open_app(file: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    bulwark::app::run(file).map(|()| ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn open_app(_file: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("this build has no desktop app (built without the `gui` feature)")
}

/// The catalog with an optional user folder on top, and whether a library or rule file was
/// broken (printed as a rule error; the rest still loads and runs).
pub fn load_catalog(user_dir: Option<&std::path::Path>) -> (bulwark::catalog::Catalog, bool) {
    load_catalog_for(user_dir, None)
}

/// As [`load_catalog`], plus the `bulwark-rules/` folder beside `model` when there is one. CI
/// has no one to ask whether to run a model's own rules, so they run — in the same sandbox as
/// every rule, unable to replace a shipped or user rule — and a note on stderr names the
/// folder, so the log shows where extra findings came from. A broken RON rule file is an error
/// like a broken script: the caller exits 2 after printing what the other rules found.
pub fn load_catalog_for(
    user_dir: Option<&std::path::Path>,
    model: Option<&std::path::Path>,
) -> (bulwark::catalog::Catalog, bool) {
    let dirs: Vec<&std::path::Path> = user_dir.into_iter().collect();
    let own = match model.map(bulwark::catalog::ModelRules::find) {
        Some(Err(refused)) => {
            errln!("warning: {refused}");
            None
        }
        Some(Ok(own)) => own,
        None => None,
    };
    if let Some(own) = &own {
        errln!(
            "note: running the model's own rules: {} (--no-model-rules skips them)",
            own.summary()
        );
    }
    let (cat, report) = bulwark::catalog::Catalog::with_dirs(&dirs, own.as_ref().map(|o| o.dir.as_path()));
    for e in &report.errors {
        errln!("rule error: {e}");
    }
    for s in &report.shadowed {
        errln!("note: {s}");
    }
    give_back_freed_memory();
    (cat, !report.errors.is_empty())
}

/// Returns the pages freed so far to the system at once. Reading the model and the library
/// frees parse buffers that mimalloc would otherwise keep resident for reuse, and what later
/// phases allocate does not fill them all: called once both are read, `check` at 1,000
/// elements peaks about 1 MB lower, for no measurable CPU (issue 15).
pub(crate) fn give_back_freed_memory() {
    // SAFETY: mi_collect only walks the allocator's own heaps; it has no preconditions.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

/// Hands what a command built (model, catalog, engine, evaluation) to the end of the process
/// without freeing it piece by piece: the operating system takes a process's memory back at
/// once, and dropping tens of thousands of findings, rules and strings just before exiting was
/// about 6% of `check` (#15). Only for values the command no longer needs and that own nothing
/// that must be flushed or closed (output is flushed before this).
pub(crate) fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}

/// The engine for a command that started at `started`. Its wall-clock backstop counts from the
/// start of the command rather than of the evaluation, so a file that was slow to load leaves
/// the rules less time and `check`, `report` and `export` still end within their bound.
pub(crate) fn engine_since(
    cat: std::sync::Arc<bulwark::catalog::Catalog>,
    started: std::time::Instant,
) -> bulwark::engine::Engine {
    let limits = bulwark::script::Limits::default();
    // Loading a 32 MiB model takes about 1.5 s here; the default deadline assumes that much.
    let whole = std::time::Duration::from_millis(limits.deadline_millis + 1_500);
    let left = whole.saturating_sub(started.elapsed()).as_millis().max(500);
    bulwark::engine::Engine::with_limits(
        cat,
        bulwark::script::Limits {
            deadline_millis: u64::try_from(left).unwrap_or(u64::MAX),
            ..limits
        },
    )
}
