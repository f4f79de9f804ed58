//! `dpalint test`, and the project's policies for `dpalint rules`/`explain`.

use super::{EXIT_FINDINGS, EXIT_OK, TestArgs, use_color};
use crate::model::Date;
use crate::project::{Fatal, Project, Request};
use crate::report::{self, HumanOptions};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// The valid organisation policies of the project in `cwd`, sorted by id: only
/// when a dpalint.toml marks the project (so `dpalint rules` never walks an
/// arbitrary directory tree), and none when the project cannot be loaded.
pub(super) fn project_policies(cwd: &Path) -> Vec<crate::policy::PolicyMeta> {
    if crate::config::find_config(cwd).is_none() {
        return Vec::new();
    }
    let req = Request {
        cwd: cwd.to_path_buf(),
        ..Request::default()
    };
    let mut metas = Project::load(&req)
        .map(|p| p.policy_metas())
        .unwrap_or_default();
    metas.sort_by(|a, b| a.id.cmp(&b.id));
    metas
}

/// `dpalint test`: 0 all tests pass, 1 a test fails, 2 a policy or test is invalid.
pub(super) fn test(
    args: TestArgs,
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<u8, String> {
    let req = Request {
        paths: args.paths,
        cwd: cwd.to_path_buf(),
        config: args.config,
        ..Request::default()
    };
    let mut project = match Project::load(&req) {
        Ok(p) => p,
        Err(Fatal::Usage(m)) => return Err(m),
        Err(e @ Fatal::Config { .. }) => return Err(e.to_string()),
    };
    let as_of = args
        .as_of
        .or(project.config_as_of)
        .unwrap_or_else(Date::today_utc);
    let run = crate::pool::in_pool(|| crate::policy::testing::run(&mut project, as_of));
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
                stderr.write_all(report::human::render_one(project.sources(), d, opts).as_bytes());
            let _ = writeln!(stderr);
        }
        return Err(format!(
            "{} problem(s) with policies or their tests; no test was run",
            run.invalid.len()
        ));
    }
    if project.policies().is_empty() {
        let _ = writeln!(stderr, "dpalint: no policies found");
        return Ok(EXIT_OK);
    }
    let text = crate::policy::testing::render(&run, project.policies(), project.sources());
    stdout
        .write_all(text.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(if run.failed() > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}
