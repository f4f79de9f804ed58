//! Command-line interface: clap definitions and the dispatch of each command.
//!
//! `run` writes to the writers it is given (stdout carries only the chosen
//! format; the summary and problems go to stderr) and returns the exit code:
//! 0 nothing at or above `--fail-on`, 1 findings at or above it, 2 the tool
//! could not do its job.

use crate::diagnostic::Severity;
use crate::engine::{self, Fatal, Request};
use crate::model::Date;
use crate::report::{self, Format, HumanOptions};
use crate::source::SourceMap;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
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
        Some(Command::Check(args)) => check(*args, cwd, stdout, stderr),
        None => check(cli.check, cwd, stdout, stderr),
        Some(Command::Schema { which }) => {
            let text = match which {
                SchemaKind::Input => crate::schema::INPUT_SCHEMA,
                SchemaKind::Config => crate::schema::CONFIG_SCHEMA,
                SchemaKind::Output => crate::schema::OUTPUT_SCHEMA,
            };
            stdout
                .write_all(text.as_bytes())
                .map(|()| EXIT_OK)
                .map_err(|e| e.to_string())
        }
        Some(Command::Rules { format }) => {
            let text = match format {
                ListFormat::Text => crate::explain::rules_table_with(&project_policies(cwd)),
                ListFormat::Json => {
                    let policies = project_policies(cwd);
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
            .or_else(|e| match project_policies(cwd) {
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
        Some(Command::Test(args)) => test_policies(args, cwd, stdout, stderr),
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

fn check(
    args: CheckArgs,
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<u8, String> {
    let req = Request {
        paths: args.paths.clone(),
        cwd: cwd.to_path_buf(),
        config: args.config.clone(),
        as_of: args.as_of,
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        severity: args.severity.clone(),
        baseline: args.baseline.clone(),
        skip_unmarked: args.skip_unmarked,
    };
    let color_stderr = use_color(args.color, std::io::stderr().is_terminal());
    let report = match engine::check(&req) {
        Ok(r) => r,
        Err(Fatal::Config { file, diagnostics }) => {
            let mut sources = SourceMap::default();
            let id = sources.add(file);
            let opts = HumanOptions {
                color: color_stderr,
                narrate: args.narrate,
                width: None,
            };
            for mut d in diagnostics {
                d.primary.file = id;
                for l in &mut d.labels {
                    l.file = id;
                }
                let _ = stderr.write_all(report::human::render_one(&sources, &d, opts).as_bytes());
            }
            return Err(format!("invalid configuration in {}", sources.get(id).path));
        }
        Err(Fatal::Usage(m)) => return Err(m),
    };
    if crate::reference::Reference::embedded().is_stale_at(report.as_of) {
        let _ = writeln!(
            stderr,
            "dpalint: warning: the legal reference data are from {}, more than a year before the evaluation date {}; adequacy decisions and SCC facts may be out of date",
            crate::reference::Reference::embedded().as_of,
            report.as_of
        );
    }
    if let Some(path) = &args.write_baseline {
        let b = crate::baseline::create(&report.diagnostics, &report.sources);
        write_atomically(&cwd.join(path), crate::baseline::to_json(&b).as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        if !args.quiet {
            let _ = writeln!(
                stderr,
                "dpalint: wrote a baseline of {} finding(s) to {}; run with --baseline {} to report only new ones",
                b.findings.len(),
                path.display(),
                path.display()
            );
        }
        return Ok(EXIT_OK);
    }
    let fail_on = match args.fail_on {
        Some(f) => f,
        None => match engine::resolve_config(&req)
            .ok()
            .and_then(|(_, c)| c.config.fail_on)
        {
            Some(s) => FailOn::from_str(&s, true).unwrap_or(FailOn::Error),
            None => FailOn::Error,
        },
    };
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let human = HumanOptions {
        color: use_color(args.color, to_terminal),
        narrate: args.narrate,
        width: None,
    };
    let mut buf = Vec::new();
    report::write(args.format, &report, human, &mut buf).map_err(|e| e.to_string())?;
    match &args.output {
        Some(path) => write_atomically(&cwd.join(path), &buf)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => stdout.write_all(&buf).map_err(|e| e.to_string())?,
    }
    for (format, path) in &args.also {
        let mut extra = Vec::new();
        let plain = HumanOptions {
            color: false,
            ..human
        };
        report::write(*format, &report, plain, &mut extra).map_err(|e| e.to_string())?;
        write_atomically(&cwd.join(path), &extra)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    // On stderr, so stdout stays the chosen format in every mode.
    if args.statistics {
        let _ = stderr.write_all(report::statistics::render(&report).as_bytes());
    }
    if !args.quiet && (args.format == Format::Human || args.output.is_some()) {
        let _ = writeln!(stderr, "{}", report::summary_line(&report));
    } else if !args.quiet
        && let Some(n) = report.baseline_unmatched.filter(|n| *n > 0)
    {
        let _ = writeln!(
            stderr,
            "dpalint: {n} baseline {} no longer match{} (fixed? refresh it with --write-baseline)",
            if n == 1 { "entry" } else { "entries" },
            if n == 1 { "es" } else { "" }
        );
    }
    let failing = fail_on.threshold().is_some_and(|t| {
        report
            .diagnostics
            .iter()
            .any(|d| !d.is_suppressed() && d.severity >= t)
    });
    Ok(if failing { EXIT_FINDINGS } else { EXIT_OK })
}

/// Write `bytes` to a temporary file beside `path`, then rename it into place:
/// readers never see a half-written file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
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

/// The valid organisation policies of the project in `cwd`: only when a
/// dpalint.toml marks the project (so `dpalint rules` never walks an arbitrary
/// directory tree), and none when the project cannot be loaded.
fn project_policies(cwd: &Path) -> Vec<crate::policy::PolicyMeta> {
    if crate::config::find_config(cwd).is_none() {
        return Vec::new();
    }
    let req = Request {
        cwd: cwd.to_path_buf(),
        ..Request::default()
    };
    engine::load_policies(&req)
        .map(|p| p.metas())
        .unwrap_or_default()
}

/// `dpalint test`: 0 all tests pass, 1 a test fails, 2 a policy or test is invalid.
fn test_policies(
    args: TestArgs,
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<u8, String> {
    let req = Request {
        paths: args.paths,
        cwd: cwd.to_path_buf(),
        config: args.config,
        as_of: args.as_of,
        ..Request::default()
    };
    let mut project = match engine::load_policies(&req) {
        Ok(p) => p,
        Err(Fatal::Usage(m)) => return Err(m),
        Err(e @ Fatal::Config { .. }) => return Err(e.to_string()),
    };
    let run = engine::in_pool(|| crate::policy::testing::run(&mut project));
    for id in &run.untested {
        let _ = writeln!(stderr, "dpalint: warning: policy {id} has no tests");
    }
    if !run.invalid.is_empty() {
        let opts = HumanOptions {
            color: use_color(args.color, std::io::stderr().is_terminal()),
            narrate: false,
            width: None,
        };
        for d in &run.invalid {
            let _ =
                stderr.write_all(report::human::render_one(&project.sources, d, opts).as_bytes());
            let _ = writeln!(stderr);
        }
        return Err(format!(
            "{} problem(s) with policies or their tests; no test was run",
            run.invalid.len()
        ));
    }
    if project.policies.is_empty() {
        let _ = writeln!(stderr, "dpalint: no policies found");
        return Ok(EXIT_OK);
    }
    let text = crate::policy::testing::render(&run, &project.policies, &project.sources);
    stdout
        .write_all(text.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(if run.failed() > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}
