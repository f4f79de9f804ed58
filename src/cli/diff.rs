//! `dpalint diff [BASE] [HEAD]`: load two sides (git revisions, the working
//! tree or two directories), check both with the same rules and date, and
//! render what changed (`crate::diff`).

use super::{Color, EXIT_FINDINGS, EXIT_OK, FailOn, parse_date, use_color, write_atomically};
use crate::check::{self, RuleArgs, Selection};
use crate::config::{self, LoadedConfig};
use crate::diff::{self, Side, git::Repo};
use crate::model::Date;
use crate::project::discover::{Filters, display_path};
use crate::project::{self, Fatal, Project, Request};
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// For a terminal
    #[default]
    Human,
    /// A pull-request comment (headline, sections, under 65,536 characters)
    Markdown,
    /// Machine-readable (`schemas/dpalint-diff.schema.json`)
    Json,
}

/// Arguments of `dpalint diff`.
#[derive(Debug, Default, Args)]
#[command(after_help = "\
Examples:
  dpalint diff                      working tree against the merge base with the default branch
  dpalint diff main                 working tree against main
  dpalint diff v1.2 HEAD            two revisions (read with git, nothing is checked out)
  dpalint diff old/ new/            two directories

The default base is the merge base of HEAD with origin/HEAD, else main, else master.
In CI, check out the whole history (actions/checkout `fetch-depth: 0`).
Exit codes: 0 no introduced finding at or above --fail-on, 1 some, 2 dpalint could not run.")]
pub struct DiffArgs {
    /// Base: a git revision or a directory [default: the merge base of HEAD with the default branch]
    pub base: Option<String>,
    /// Head: a git revision or a directory [default: the working tree]
    pub head: Option<String>,
    /// Compare only the dpalint files under this directory (relative to the working
    /// directory; repeatable)
    #[arg(long, value_name = "DIR")]
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// Lowest severity of an *introduced* finding that makes the exit code 1
    /// [default: config `fail_on`, else error]
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    /// Evaluation date of both sides (YYYY-MM-DD) [default: config `as_of`, else today in UTC]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Write the output to FILE (atomically) instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Use this config file instead of searching for dpalint.toml (read at each revision)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Run only these rules (ids, names, id prefixes or ALL; comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Do not run these rules
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Do not print the chosen base and the headline on stderr
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// When to use colours (NO_COLOR is honoured by `auto`)
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// A loaded side before checking.
struct Loaded {
    label: String,
    project: Project,
}

fn fatal(e: Fatal) -> String {
    match e {
        Fatal::Config { file, diagnostics } => {
            let first = diagnostics
                .first()
                .map(|d| d.message.clone())
                .unwrap_or_default();
            format!("invalid configuration in {}: {first}", file.path)
        }
        Fatal::Usage(m) => m,
    }
}

pub(super) fn run(
    args: DiffArgs,
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<u8, String> {
    let is_dir = |s: &Option<String>| s.as_deref().is_some_and(|d| cwd.join(d).is_dir());
    let (base, head, head_cfg) = if is_dir(&args.base) || is_dir(&args.head) {
        let (Some(b), Some(h)) = (&args.base, &args.head) else {
            return Err("to compare directories, name both: `dpalint diff OLD_DIR NEW_DIR`".into());
        };
        for d in [b, h] {
            if !cwd.join(d).is_dir() {
                return Err(format!(
                    "`{d}` is not a directory; name two directories, or two git revisions"
                ));
            }
        }
        let (base, _) = load_dir(cwd, b, &args)?;
        let (head, cfg) = load_dir(cwd, h, &args)?;
        (base, head, cfg)
    } else {
        load_git(cwd, &args, stderr)?
    };
    let rule_args = RuleArgs {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        ..RuleArgs::default()
    };
    let selection: Selection = check::select_rules(&rule_args, &head_cfg.config)?;
    let as_of = args
        .as_of
        .or(head.project.config_as_of)
        .unwrap_or_else(Date::today_utc);
    let (base_report, head_report) = crate::pool::in_pool(|| {
        rayon::join(
            || check::check(&base.project, &selection, as_of),
            || check::check(&head.project, &selection, as_of),
        )
    });
    let (base_report, head_report) = (base_report?, head_report?);
    let result = diff::compare(
        &Side {
            label: base.label.clone(),
            project: &base.project,
            report: &base_report,
        },
        &Side {
            label: head.label.clone(),
            project: &head.project,
            report: &head_report,
        },
        as_of,
    );
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let text = match args.format {
        DiffFormat::Human => diff::render::human(&result, use_color(args.color, to_terminal)),
        DiffFormat::Markdown => diff::render::markdown(&result),
        DiffFormat::Json => diff::render::json(&result),
    };
    match &args.output {
        Some(path) => write_atomically(&cwd.join(path), text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => stdout
            .write_all(text.as_bytes())
            .map_err(|e| e.to_string())?,
    }
    if !args.quiet && args.format != DiffFormat::Human {
        let _ = writeln!(stderr, "dpalint: {}", diff::render::headline(&result));
    }
    let fail_on = args.fail_on.unwrap_or_else(|| {
        head_cfg
            .config
            .fail_on
            .as_deref()
            .and_then(|s| FailOn::from_str(s, true).ok())
            .unwrap_or(FailOn::Error)
    });
    let failing = fail_on.threshold().is_some_and(|t| {
        result
            .findings
            .introduced
            .iter()
            .any(|f| crate::diagnostic::Severity::parse(&f.severity).is_some_and(|s| s >= t))
    });
    Ok(if failing { EXIT_FINDINGS } else { EXIT_OK })
}

/// A directory side: its own dpalint.toml (never one above it), paths relative to it.
fn load_dir(cwd: &Path, dir: &str, args: &DiffArgs) -> Result<(Loaded, LoadedConfig), String> {
    let root = cwd.join(dir);
    let cfg_path = root.join("dpalint.toml");
    let loaded = if cfg_path.is_file() {
        let text = std::fs::read_to_string(&cfg_path)
            .map_err(|e| format!("cannot read {}: {e}", cfg_path.display()))?;
        parse_config(format!("{dir}/dpalint.toml"), &text)?
    } else {
        LoadedConfig::default()
    };
    let req = Request {
        paths: args.paths.clone(),
        cwd: root.clone(),
        ..Request::default()
    };
    let project = Project::load_configured(&req, root, clone_config(&loaded)).map_err(fatal)?;
    let label = format!("{}/", dir.trim_end_matches('/'));
    Ok((Loaded { label, project }, loaded))
}

fn parse_config(display: String, text: &str) -> Result<LoadedConfig, String> {
    let loaded = config::parse(display.clone(), text);
    match loaded.diagnostics.first() {
        Some(d) => Err(format!("invalid configuration in {display}: {}", d.message)),
        None => Ok(loaded),
    }
}

fn clone_config(c: &LoadedConfig) -> LoadedConfig {
    LoadedConfig {
        config: c.config.clone(),
        file: None,
        diagnostics: Vec::new(),
        as_of: c.as_of,
    }
}

fn short(commit: &str) -> &str {
    &commit[..commit.len().min(10)]
}

/// Git sides: revisions read with git, the working tree read like `check`.
fn load_git(
    cwd: &Path,
    args: &DiffArgs,
    stderr: &mut dyn Write,
) -> Result<(Loaded, Loaded, LoadedConfig), String> {
    let repo = Repo::discover(cwd)?;
    let req = Request {
        paths: args.paths.clone(),
        cwd: cwd.to_path_buf(),
        config: args.config.clone(),
        ..Request::default()
    };
    // The working tree's configuration locates the root and the config file.
    let (root, work_cfg) = project::resolve_config(&req).map_err(fatal)?;
    let top = std::fs::canonicalize(repo.toplevel()).map_err(|e| e.to_string())?;
    let root_abs = std::fs::canonicalize(&root).map_err(|e| e.to_string())?;
    let prefix = root_abs
        .strip_prefix(&top)
        .map_err(|_| {
            format!(
                "the project root {} is outside the git repository",
                root.display()
            )
        })?
        .to_string_lossy()
        .replace('\\', "/");
    let config_in_repo = match &args.config {
        Some(p) => Some(cwd.join(p)),
        None => config::find_config(
            &req.paths
                .first()
                .map_or_else(|| cwd.to_path_buf(), |p| cwd.join(p)),
        ),
    }
    .and_then(|p| std::fs::canonicalize(p).ok())
    .and_then(|p| {
        p.strip_prefix(&top)
            .ok()
            .map(|r| r.to_string_lossy().replace('\\', "/"))
    });
    // Paths to compare, relative to the root.
    let wanted: Vec<String> = args
        .paths
        .iter()
        .map(|p| {
            let abs = std::fs::canonicalize(cwd.join(p)).unwrap_or_else(|_| cwd.join(p));
            display_path(&abs, &root_abs)
        })
        .collect();
    let load_rev =
        |rev: &str, commit: &str, label: String| -> Result<(Loaded, LoadedConfig), String> {
            let loaded = match &config_in_repo {
                Some(path) => match repo.read_path(commit, path)? {
                    Some(bytes) => {
                        parse_config(format!("{path} at {rev}"), &String::from_utf8_lossy(&bytes))?
                    }
                    None => LoadedConfig::default(),
                },
                None => LoadedConfig::default(),
            };
            let filters = Filters::of_config(&loaded.config)?;
            let strip = if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}/")
            };
            let files: Vec<_> = repo
                .list(commit, &prefix)?
                .into_iter()
                .filter_map(|mut f| {
                    let rel = f.path.strip_prefix(&strip)?.to_string();
                    let selected = filters.accepts_listed(&rel)
                        && (wanted.is_empty()
                            || wanted.iter().any(|w| {
                                w.is_empty()
                                    || w == "."
                                    || rel == *w
                                    || rel.starts_with(&format!("{w}/"))
                            }));
                    f.path = rel;
                    selected.then_some(f)
                })
                .collect();
            let blobs = repo.read(files)?;
            let project = Project::from_listed(blobs, root.clone(), clone_config(&loaded));
            Ok((Loaded { label, project }, loaded))
        };
    let head_commit = match &args.head {
        Some(rev) => Some((rev.clone(), repo.resolve(rev)?)),
        None => None,
    };
    let base_commit = match &args.base {
        Some(rev) => {
            let c = repo.resolve(rev)?;
            (rev.clone(), format!("{rev} ({})", short(&c)), c)
        }
        None => {
            let branch = repo.default_branch()?;
            let head_ref = head_commit.as_ref().map_or("HEAD", |(_, c)| c.as_str());
            let mb = repo.merge_base(&branch, head_ref)?;
            if !args.quiet {
                let _ = writeln!(
                    stderr,
                    "dpalint: comparing with the merge base of HEAD and {branch} ({}); name another base with `dpalint diff BASE`",
                    short(&mb)
                );
            }
            (
                branch.clone(),
                format!("merge base with {branch} ({})", short(&mb)),
                mb,
            )
        }
    };
    let (base, _) = load_rev(&base_commit.0, &base_commit.2, base_commit.1.clone())?;
    let (head, head_cfg) = match &head_commit {
        Some((rev, c)) => load_rev(rev, c, format!("{rev} ({})", short(c)))?,
        None => {
            let project = Project::load_configured(&req, root.clone(), clone_config(&work_cfg))
                .map_err(fatal)?;
            (
                Loaded {
                    label: "working tree".into(),
                    project,
                },
                work_cfg,
            )
        }
    };
    Ok((base, head, head_cfg))
}
