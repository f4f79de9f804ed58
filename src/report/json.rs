//! `--format json`: the versioned output contract (schemas/dpalint-output-v1.schema.json).
//!
//! Written straight from borrowed structs (field order is the contract's), not
//! through an intermediate `serde_json::Value`: that costs an ordered map and
//! a copy of every string per finding, most of the renderer's time on large
//! reports.

use crate::check::Report;
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::source::{Range, SourceMap};
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;
use std::io::{self, Write};

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    tool: Tool,
    as_of: String,
    findings: Vec<Finding<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    suppressed: usize,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    name: &'a str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    legal_basis: &'a [Cow<'static, str>],
    file: &'a str,
    pointer: &'a str,
    entity: Option<&'a str>,
    range: Range,
    labels: Vec<LabelOut<'a>>,
    fingerprint: String,
    /// Only present when the finding has a safe fix (additive within version 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixOut<'a>>,
}

#[derive(Serialize)]
struct FixOut<'a> {
    message: &'a str,
    range: Range,
    replacement: &'a str,
}

#[derive(Serialize)]
struct LabelOut<'a> {
    file: &'a str,
    range: Range,
    message: &'a str,
}

/// `{start, end}`, each `{line, column, offset}` (the contract's order).
fn range(sources: &SourceMap, label: &Label) -> Range {
    sources.get(label.file).range(label.span)
}

fn finding<'a>(sources: &'a SourceMap, d: &'a Diagnostic) -> Finding<'a> {
    let path = sources.get(d.file()).path.as_str();
    Finding {
        rule: &d.rule,
        name: &d.name,
        severity: d.severity,
        message: &d.message,
        help: d.help.as_deref(),
        legal_basis: &d.legal_basis,
        file: path,
        pointer: &d.pointer,
        entity: d.entity.as_deref(),
        range: range(sources, &d.primary),
        labels: d
            .labels
            .iter()
            .map(|l| LabelOut {
                file: &sources.get(l.file).path,
                range: range(sources, l),
                message: l.message.as_deref().unwrap_or_default(),
            })
            .collect(),
        fingerprint: d.fingerprint(path),
        fix: d.fix.as_ref().map(|f| FixOut {
            message: &f.title,
            range: sources.get(d.file()).range(f.span),
            replacement: &f.replacement,
        }),
    }
}

fn output(report: &Report) -> Output<'_> {
    Output {
        version: VERSION,
        tool: Tool {
            name: "dpalint",
            version: env!("CARGO_PKG_VERSION"),
        },
        as_of: report.as_of.to_string(),
        findings: report
            .diagnostics
            .iter()
            .filter(|d| !d.is_suppressed())
            .map(|d| finding(&report.sources, d))
            .collect(),
        summary: Summary {
            files: report.files,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
            suppressed: report
                .diagnostics
                .iter()
                .filter(|d| d.is_suppressed())
                .count(),
        },
    }
}

/// The report as a JSON value (the same document `write` prints).
pub fn to_value(report: &Report) -> Value {
    serde_json::to_value(output(report)).unwrap_or(Value::Null)
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &output(report))?;
    writeln!(out)
}
