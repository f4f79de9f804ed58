//! Command-line interface: clap definitions and the dispatch of each command.
//!
//! `run` writes to the writers it is given (stdout carries only the chosen
//! format; the summary and problems go to stderr) and returns the exit code:
//! 0 nothing at or above `--fail-on`, 1 findings at or above it, 2 the tool
//! could not do its job.

use crate::diagnostic::Severity;
use crate::model::Date;
use crate::report::Format;
mod check;
mod diff;
mod fix;
mod policies;
mod report;
mod server;

pub use check::write_atomically;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

fn long_version() -> &'static str {
    static V: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    V.get_or_init(|| {
        format!(
            "{}\nreference data as of {} (rules/reference)\ninput format version 1",
            env!("CARGO_PKG_VERSION"),
            crate::reference::Reference::embedded().as_of
        )
    })
}

#[derive(Debug, Parser)]
#[command(
    name = "dpalint",
    version,
    long_version = long_version(),
    about = "Lint personal-data processing inventories against the GDPR and your own policies",
    after_help = "Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 dpalint could not do its job.\nRunning `dpalint [PATHS]` is the same as `dpalint check [PATHS]`.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check dpalint files (the default command)
    Check(Box<CheckArgs>),
    /// List the built-in rules and the project's organisation policies
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Explain a rule or policy (by id or name): what it checks, why, how to fix, example
    Explain {
        /// Rule id (DPA015) or name (objection-window-too-short), or a policy of the project
        rule: String,
    },
    /// Write a register from the inventory: the Art. 30 record (ropa), the transfer map, the review calendar
    Report(Box<report::ReportArgs>),
    /// Show what changes between two revisions (or directories): vendors, sub-processors,
    /// locations, transfers, DPA terms, activities, and the findings introduced and resolved
    Diff(Box<diff::DiffArgs>),
    /// Run the tests of the organisation policies (`tests:` and `<policy>.tests/` fixtures)
    Test(TestArgs),
    /// Write a starter project (inventory, dpalint.toml, pre-commit config); never overwrites
    Init {
        /// Directory to create the project in
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Print a JSON Schema (input format v1 by default) for editors and tools
    Schema {
        #[arg(value_enum, default_value_t = SchemaKind::Input)]
        which: SchemaKind,
    },
    /// Run the language server (LSP over stdin/stdout) for editors: diagnostics, hover,
    /// go to definition, references, completion, code actions (docs/editors.md)
    Server,
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SchemaKind {
    /// the inventory format (use with `# yaml-language-server: $schema=`)
    Input,
    /// dpalint.toml
    Config,
    /// the output of `--format json`
    Output,
    /// the output of `dpalint report KIND --format json`
    Report,
    /// the output of `dpalint diff --format json`
    Diff,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Color {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Default, Args)]
pub struct CheckArgs {
    /// Files or directories to check [default: .]. With files, the whole project
    /// is still loaded for context and only their findings are reported.
    pub paths: Vec<PathBuf>,
    /// Evaluation date for every date rule (YYYY-MM-DD) [default: config `as_of`, else today in UTC]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the output to FILE (atomically) instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write FORMAT to FILE in the same run (repeatable), e.g. --also sarif=dpalint.sarif
    #[arg(long, value_name = "FORMAT=FILE", value_parser = parse_also)]
    pub also: Vec<(Format, PathBuf)>,
    /// Use this config file instead of searching for dpalint.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1 [default: config `fail_on`, else error]
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    /// Run only these rules (ids, names, id prefixes or ALL; comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Run these rules in addition to the selected ones
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,
    /// Do not run these rules
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Override a rule's severity: RULE=error|warning|info|off (repeatable)
    #[arg(long, value_name = "RULE=LEVEL", value_parser = parse_override)]
    pub severity: Vec<(String, String)>,
    /// Report findings recorded in this baseline as suppressed (only new findings count)
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every current finding in FILE (atomically) as the accepted baseline, then exit 0
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// After the output, print the number of findings per rule on stderr
    #[arg(long)]
    pub statistics: bool,
    /// Skip named files that have no `dpalint:` marker or are excluded by dpalint.toml,
    /// instead of reporting them (for pre-commit, which passes every changed YAML file)
    #[arg(long)]
    pub skip_unmarked: bool,
    /// Do not print the summary line on stderr
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// When to use colours (NO_COLOR is honoured by `auto`)
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Human output as plain sentences, for screen readers
    #[arg(long)]
    pub narrate: bool,
    /// Apply the safe fixes in place (country names to ISO codes, unique
    /// "did you mean" ids and keys), then report what remains
    #[arg(long, conflicts_with = "write_baseline")]
    pub fix: bool,
    /// Print the fixes `--fix` would make as a unified diff and write nothing
    /// (exit code 1 when there is something to fix)
    #[arg(long, conflicts_with_all = ["output", "also", "write_baseline"])]
    pub diff: bool,
    /// Read this plan or state (`terraform show -json plan.out > plan.json`) to resolve
    /// regions the Terraform source leaves open; only region values are read from it
    /// [default: config `[infrastructure] terraform_plan`]
    #[arg(long, value_name = "FILE")]
    pub terraform_plan: Option<PathBuf>,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a valid date; use YYYY-MM-DD"))
}

fn parse_also(s: &str) -> Result<(Format, PathBuf), String> {
    let (format, file) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}`: expected FORMAT=FILE, e.g. sarif=dpalint.sarif"))?;
    let format = Format::from_str(format, true).map_err(|_| {
        let names: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_string()))
            .collect();
        format!(
            "`{format}` is not a format; use one of {}",
            names.join(", ")
        )
    })?;
    if file.is_empty() {
        return Err(format!("`{s}`: the file name is empty"));
    }
    Ok((format, PathBuf::from(file)))
}

fn parse_override(s: &str) -> Result<(String, String), String> {
    let (rule, level) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}`: expected RULE=LEVEL, e.g. DPA015=error"))?;
    if !matches!(level, "error" | "warning" | "info" | "off") {
        return Err(format!(
            "`{level}`: level must be error, warning, info or off"
        ));
    }
    Ok((rule.to_string(), level.to_string()))
}

/// Run a parsed command line.
pub fn run(cli: Cli, cwd: &Path, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let result = match cli.command {
        Some(Command::Check(args)) => check::run(*args, cwd, stdout, stderr),
        None => check::run(cli.check, cwd, stdout, stderr),
        Some(Command::Schema { which }) => {
            let text = match which {
                SchemaKind::Input => crate::project::validate::INPUT_SCHEMA,
                SchemaKind::Config => crate::project::validate::CONFIG_SCHEMA,
                SchemaKind::Output => crate::project::validate::OUTPUT_SCHEMA,
                SchemaKind::Report => crate::registers::REPORT_SCHEMA,
                SchemaKind::Diff => crate::diff::DIFF_SCHEMA,
            };
            stdout
                .write_all(text.as_bytes())
                .map(|()| EXIT_OK)
                .map_err(|e| e.to_string())
        }
        Some(Command::Rules { format }) => {
            let text = match format {
                ListFormat::Text => {
                    crate::explain::rules_table_with(&policies::project_policies(cwd))
                }
                ListFormat::Json => {
                    let policies = policies::project_policies(cwd);
                    let mut t =
                        serde_json::to_string_pretty(&crate::explain::rules_json_with(&policies))
                            .unwrap_or_default();
                    t.push('\n');
                    t
                }
            };
            stdout
                .write_all(text.as_bytes())
                .map(|()| EXIT_OK)
                .map_err(|e| e.to_string())
        }
        Some(Command::Explain { rule }) => crate::explain::explain(&rule)
            .or_else(|e| match policies::project_policies(cwd) {
                p if p.is_empty() => Err(e),
                p => crate::explain::explain_in(&rule, &p),
            })
            .and_then(|page| {
                stdout
                    .write_all(page.as_bytes())
                    .map(|()| EXIT_OK)
                    .map_err(|e| e.to_string())
            }),
        Some(Command::Init { dir }) => crate::init::init(&cwd.join(&dir)).map(|outcome| {
            for path in &outcome.written {
                let shown = path.strip_prefix(cwd).unwrap_or(path);
                let _ = writeln!(stderr, "created {}", shown.display());
            }
            if let Some(snippet) = outcome.pre_commit_snippet {
                let _ = writeln!(
                    stderr,
                    ".pre-commit-config.yaml exists; add this hook to it:\n\n{snippet}"
                );
            }
            let _ = writeln!(
                stderr,
                "next: run `dpalint check {}` and replace the example values",
                dir.display()
            );
            EXIT_OK
        }),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "dpalint", stdout);
            Ok(EXIT_OK)
        }
        Some(Command::Test(args)) => policies::test(args, cwd, stdout, stderr),
        Some(Command::Server) => server::run(),
        Some(Command::Report(args)) => report::run(*args, cwd, stdout, stderr),
        Some(Command::Diff(args)) => diff::run(*args, cwd, stdout, stderr),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(stderr, "dpalint: error: {message}");
            EXIT_ERROR
        }
    }
}

fn use_color(choice: Color, to_terminal: bool) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// Arguments of `dpalint test`.
#[derive(Debug, Default, Args)]
pub struct TestArgs {
    /// Files or directories holding policies [default: .]
    pub paths: Vec<PathBuf>,
    /// Evaluation date of the tests (YYYY-MM-DD) [default: config `as_of`, else today in UTC]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Use this config file instead of searching for dpalint.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// When to use colours in diagnostics about invalid policies
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}
