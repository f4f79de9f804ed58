//! Renderers: one [`Report`] in, one format out. Only this module and
//! `main.rs` write to the terminal; stdout carries the chosen format only.

use crate::check::Report;
use crate::source::SourceFile;
use std::io::{self, Write};

mod common;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod statistics;

/// Output formats of `dpalint check`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with source snippets
    #[default]
    Human,
    /// one line per finding: `file:line:col: severity[ID] message`
    Concise,
    /// the versioned JSON contract (schemas/dpalint-output-v1.schema.json)
    Json,
    /// SARIF 2.1.0 for GitHub code scanning (keeps suppressed findings, marked)
    Sarif,
    /// GitHub Actions annotations (`::error file=…::message`)
    Github,
    /// JUnit XML: a test suite per file, a failing test case per rule with findings
    Junit,
    /// GitLab Code Quality report (JSON array)
    Gitlab,
    /// Markdown summary for $GITHUB_STEP_SUMMARY or a pull request comment
    Markdown,
}

impl Format {
    /// Every format, in declaration order (the fuzzer and property tests render all).
    pub const ALL: [Format; 8] = [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Junit,
        Format::Gitlab,
        Format::Markdown,
    ];
}

/// Options of the human renderer.
#[derive(Clone, Copy, Debug, Default)]
pub struct HumanOptions {
    pub color: bool,
    /// Plain sentences without box drawing, for screen readers.
    pub narrate: bool,
    pub width: Option<usize>,
}

pub fn write(
    format: Format,
    report: &Report,
    human: HumanOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(report, human, out),
        Format::Concise => write_concise(report, out),
        Format::Json => json::write(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::Github => github::write(report, out),
        Format::Junit => junit::write(report, out),
        Format::Gitlab => gitlab::write(report, out),
        Format::Markdown => markdown::write(report, out),
    }
}

/// `file:line:col: severity[ID] message`, one line per finding.
pub fn write_concise(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in report.diagnostics.iter().filter(|d| !d.is_suppressed()) {
        let file: &SourceFile = report.sources.get(d.file());
        let p = file.position(d.primary.span.start as usize);
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            file.path, p.line, p.column, d.severity, d.rule, d.message
        )?;
    }
    Ok(())
}

/// One-line summary for stderr in human mode.
pub fn summary_line(report: &Report) -> String {
    use crate::diagnostic::Severity;
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("{n} {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    let e = report.count(Severity::Error);
    let w = report.count(Severity::Warning);
    let i = report.count(Severity::Info);
    let files = plural(report.files, "file");
    let suppressed = report
        .diagnostics
        .iter()
        .filter(|d| d.is_suppressed())
        .count();
    let mut extra = String::new();
    if suppressed > 0 {
        extra.push_str(&format!("; {suppressed} suppressed"));
    }
    if let Some(n) = report.baseline_unmatched.filter(|n| *n > 0) {
        extra.push_str(&format!(
            "; {n} baseline {} no longer match{} (fixed? refresh it with --write-baseline)",
            if n == 1 { "entry" } else { "entries" },
            if n == 1 { "es" } else { "" }
        ));
    }
    if e + w + i == 0 {
        format!(
            "dpalint: no findings in {files} (as of {}){extra}",
            report.as_of
        )
    } else {
        format!(
            "dpalint: {}, {}, {} in {files} (as of {}){extra}",
            plural(e, "error"),
            plural(w, "warning"),
            plural(i, "info"),
            report.as_of
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_format() {
        use clap::ValueEnum;
        assert_eq!(Format::ALL.as_slice(), Format::value_variants());
    }
}
