//! Helpers shared by the CI formats (SARIF, GitHub, JUnit, GitLab, Markdown):
//! where a label is, how secondary labels read as plain text, and which
//! findings a format shows. Nothing here writes output.

use crate::check::Report;
use crate::diagnostic::{Diagnostic, Label};
use crate::source::Range;

/// A label resolved to its file path (relative to the project root) and range.
pub struct Located<'a> {
    pub path: &'a str,
    pub range: Range,
}

pub fn locate<'a>(report: &'a Report, label: &Label) -> Located<'a> {
    let file = report.sources.get(label.file);
    Located {
        path: &file.path,
        range: file.range(label.span),
    }
}

/// Findings shown by the formats that skip suppressed ones (all but SARIF).
pub fn unsuppressed(report: &Report) -> impl Iterator<Item = &Diagnostic> {
    report.diagnostics.iter().filter(|d| !d.is_suppressed())
}

/// The message of a secondary label, or a neutral one for unlabelled spans.
pub fn label_message(label: &Label) -> &str {
    label.message.as_deref().unwrap_or("related location")
}

/// Secondary labels as plain lines, `related: path:line:col: message`, for
/// formats that can only carry one location per finding.
pub fn related_lines(report: &Report, d: &Diagnostic) -> Vec<String> {
    d.labels
        .iter()
        .map(|l| {
            let at = locate(report, l);
            format!(
                "related: {}:{}:{}: {}",
                at.path,
                at.range.start.line,
                at.range.start.column,
                label_message(l)
            )
        })
        .collect()
}

/// Message, then `help: …`, then the related lines, separated by newlines.
pub fn full_message(report: &Report, d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    for line in related_lines(report, d) {
        text.push('\n');
        text.push_str(&line);
    }
    text
}
