//! `dpalint check`: load the project, check it, apply the baseline, render.

use super::{CheckArgs, EXIT_FINDINGS, EXIT_OK, FailOn, use_color};
use crate::check::{self, RuleArgs};
use crate::model::Date;
use crate::project::{self, Fatal, Project, Request};
use crate::report::{self, Format, HumanOptions};
use crate::source::SourceMap;
use clap::ValueEnum;
use std::io::{IsTerminal, Write};
use std::path::Path;

pub(super) fn run(
    args: CheckArgs,
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<u8, String> {
    let req = Request {
        paths: args.paths.clone(),
        cwd: cwd.to_path_buf(),
        config: args.config.clone(),
        skip_unmarked: args.skip_unmarked,
        terraform_plan: args.terraform_plan.clone(),
    };
    let rule_args = RuleArgs {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        severity: args.severity.clone(),
    };
    let color_stderr = use_color(args.color, std::io::stderr().is_terminal());
    let loaded = project::resolve_config(&req).and_then(|(root, cfg)| {
        let selection = check::select_rules(&rule_args, &cfg.config).map_err(Fatal::Usage)?;
        let config_fail_on = cfg.config.fail_on.clone();
        let project = Project::load_configured(&req, root, cfg)?;
        Ok((project, selection, config_fail_on))
    });
    let (project, selection, config_fail_on) = match loaded {
        Ok(l) => l,
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
    let as_of = args
        .as_of
        .or(project.config_as_of)
        .unwrap_or_else(Date::today_utc);
    let baseline = match &args.baseline {
        Some(path) => {
            let text = std::fs::read_to_string(cwd.join(path))
                .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
            let b =
                check::baseline::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            Some((b, path.to_string_lossy().replace('\\', "/")))
        }
        None => None,
    };
    let check_project = |project: &Project| {
        let mut report = check::check(project, &selection, as_of)?;
        if let Some((b, name)) = &baseline {
            let unmatched =
                check::baseline::apply(b, name, &mut report.diagnostics, &report.sources);
            report.baseline_unmatched = Some(unmatched);
        }
        Ok(report)
    };
    let mut project = project;
    let (report, fixed) = if args.fix || args.diff {
        let outcome = super::fix::run(&mut project, &check_project)?;
        if args.diff {
            stdout
                .write_all(super::fix::diff(&outcome).as_bytes())
                .map_err(|e| e.to_string())?;
            if !args.quiet {
                let _ = writeln!(stderr, "{}", super::fix::summary(&outcome, true));
            }
            return Ok(if outcome.changed.is_empty() {
                EXIT_OK
            } else {
                EXIT_FINDINGS
            });
        }
        super::fix::write(&project.root, &outcome)?;
        let summary = super::fix::summary(&outcome, false);
        (outcome.report, Some(summary))
    } else {
        (check_project(&project)?, None)
    };
    // A one-shot run: the parsed project is not needed any more; free it on
    // a worker while the output is rendered.
    crate::pool::spawn(move || drop(project));
    if let (Some(summary), false) = (&fixed, args.quiet) {
        let _ = writeln!(stderr, "{summary}");
    }
    if crate::reference::Reference::embedded().is_stale_at(report.as_of) {
        let _ = writeln!(
            stderr,
            "dpalint: warning: the legal reference data are from {}, more than a year before the evaluation date {}; adequacy decisions and SCC facts may be out of date",
            crate::reference::Reference::embedded().as_of,
            report.as_of
        );
    }
    if let Some(path) = &args.write_baseline {
        let b = crate::check::baseline::create(&report.diagnostics, &report.sources);
        write_atomically(
            &cwd.join(path),
            crate::check::baseline::to_json(&b).as_bytes(),
        )
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
        None => match config_fail_on {
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
    let mut builder = tempfile::Builder::new();
    // A new file gets what any program's new file gets: 0666 less the umask
    // (the kernel applies it at creation), not the temporary file's 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    // A file that is replaced keeps its permissions.
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
