//! `dpalint report KIND`: load the project, build a register, write it.

use super::{EXIT_OK, parse_date, write_atomically};
use crate::model::Date;
use crate::project::{Fatal, Project, Request};
use crate::registers::{self, Format, GroupBy, Kind, Labels, Options, Record};
use clap::Args;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Arguments of `dpalint report`.
#[derive(Debug, Args)]
#[command(after_help = "Formats per report (the first is the default):\n  \
ropa       html, xlsx, csv, markdown, json\n  \
transfers  mermaid, dot, json, markdown, csv\n  \
calendar   ics, markdown, csv, json\n  \
subprocessors  html, markdown, json, atom\n\n\
Reports are built from the inventory, never from findings (the transfer map adds each vendor's \
findings to its edge). Entities with input errors are left out and listed in the report's \
provenance. docs/reports.md maps every column to GDPR Art. 30.\n\n\
subprocessors is meant to be published: it shows only the legal name, country, data locations, \
transfer mechanism, dates and `publish` block of each sub-processor serving customers, never notes, \
purposes, DPA terms or file paths (docs/reports.md).")]
pub struct ReportArgs {
    /// Which report
    #[arg(value_enum)]
    pub kind: Kind,
    /// Files or directories of the project [default: .]
    pub paths: Vec<PathBuf>,
    /// Output format [default: the report's first format]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to FILE (atomically) instead of stdout; the only way a report writes a file
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Evaluation date (YYYY-MM-DD) [default: config `as_of`, else today in UTC]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Language of labels and fixed words (en, nl)
    #[arg(long, value_name = "LANG", default_value = "en")]
    pub lang: String,
    /// calendar: only items due within this period (90d, 12w, 6m, 1y); past-due items always
    #[arg(long, value_name = "PERIOD", value_parser = parse_period)]
    pub within: Option<i64>,
    /// transfers: draw a box per processor (with its chain), per country, or none
    #[arg(long, value_enum, default_value_t = GroupBy::Processor)]
    pub group_by: GroupBy,
    /// transfers: only vendors with a location outside the EEA, and the processors above them
    #[arg(long)]
    pub foreign_only: bool,
    /// ropa --format csv: which record [default: controller; processor for a processor-only organisation]
    #[arg(long, value_enum)]
    pub record: Option<Record>,
    /// html, markdown: prefix of the source links, e.g. https://github.com/ORG/REPO/blob/main/
    #[arg(long, value_name = "URL")]
    pub link_base: Option<String>,
    /// Use this config file instead of searching for dpalint.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not print notes (input errors left out) on stderr
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// `90d`, `12w`, `6m` (30 days), `1y` (365 days) or a number of days.
fn parse_period(s: &str) -> Result<i64, String> {
    let err = || format!("`{s}` is not a period; use e.g. 90d, 12w, 6m or 1y");
    let (num, unit) = match s.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&s[..i], c),
        _ => (s, 'd'),
    };
    let n: i64 = num.parse().map_err(|_| err())?;
    if n < 0 {
        return Err(err());
    }
    let days = match unit {
        'd' => 1,
        'w' => 7,
        'm' => 30,
        'y' => 365,
        _ => return Err(err()),
    };
    n.checked_mul(days).ok_or_else(err)
}

pub(super) fn run(
    args: ReportArgs,
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<u8, String> {
    let format = args.format.unwrap_or(args.kind.formats()[0]);
    if !args.kind.formats().contains(&format) {
        let names: Vec<&str> = args.kind.formats().iter().map(|f| f.name()).collect();
        return Err(format!(
            "`{}` is not a format of `dpalint report {}`; use one of {}",
            format.name(),
            args.kind.name(),
            names.join(", ")
        ));
    }
    if format.is_binary() && args.output.is_none() && std::io::stdout().is_terminal() {
        return Err(format!(
            "{} is a binary format; write it to a file with -o FILE (or redirect stdout)",
            format.name()
        ));
    }
    let labels = Labels::for_lang(&args.lang)?;
    let req = Request {
        paths: args.paths.clone(),
        cwd: cwd.to_path_buf(),
        config: args.config.clone(),
        skip_unmarked: false,
        terraform_plan: None,
    };
    let project = match Project::load(&req) {
        Ok(p) => p,
        Err(Fatal::Config { file, diagnostics }) => {
            return Err(format!(
                "invalid configuration in {} ({} problem(s)); run `dpalint check` to see them",
                file.path,
                diagnostics.len()
            ));
        }
        Err(Fatal::Usage(m)) => return Err(m),
    };
    let as_of = args
        .as_of
        .or(project.config_as_of)
        .unwrap_or_else(Date::today_utc);
    let mut options = Options::new(as_of);
    options.labels = labels;
    options.within_days = args.within;
    options.group_by = args.group_by;
    options.foreign_only = args.foreign_only;
    options.record = args.record;
    options.link_base = args.link_base.clone();
    let bytes = registers::render(args.kind, format, &project, &options)?;
    match &args.output {
        Some(path) => write_atomically(&cwd.join(path), &bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => stdout.write_all(&bytes).map_err(|e| e.to_string())?,
    }
    if !args.quiet {
        let left_out = registers::left_out(&project).len();
        if left_out > 0 {
            let _ = writeln!(
                stderr,
                "dpalint: note: {left_out} input error(s); the entities and files they affect are left out of this report and listed in its provenance (run `dpalint check` for details)"
            );
        }
        if let Some(path) = &args.output {
            let _ = writeln!(
                stderr,
                "dpalint: wrote the {} report ({}) to {}",
                args.kind.name(),
                format.name(),
                path.display()
            );
        }
    }
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::parse_period;

    #[test]
    fn periods() {
        assert_eq!(parse_period("90d"), Ok(90));
        assert_eq!(parse_period("90"), Ok(90));
        assert_eq!(parse_period("12w"), Ok(84));
        assert_eq!(parse_period("6m"), Ok(180));
        assert_eq!(parse_period("1y"), Ok(365));
        assert!(parse_period("-3d").is_err());
        assert!(parse_period("3x").is_err());
        assert!(parse_period("").is_err());
    }
}
