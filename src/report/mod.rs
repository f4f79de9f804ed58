//! Renderers: one [`Report`] in, one format out. Only this module and
//! `main.rs` write to the terminal; stdout carries the chosen format only.

use crate::engine::Report;
use crate::source::SourceFile;
use std::io::{self, Write};

pub mod human;
pub mod json;

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
    if e + w + i == 0 {
        format!("dpalint: no findings in {files} (as of {})", report.as_of)
    } else {
        format!(
            "dpalint: {}, {}, {} in {files} (as of {})",
            plural(e, "error"),
            plural(w, "warning"),
            plural(i, "info"),
            report.as_of
        )
    }
}
