//! `--format json`: the versioned output contract (schemas/dpalint-output-v1.schema.json).

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::engine::Report;
use crate::source::SourceMap;
use serde_json::{Value, json};
use std::io::{self, Write};

pub const VERSION: u32 = 1;

fn range(sources: &SourceMap, label: &Label) -> Value {
    let r = sources.get(label.file).range(label.span);
    json!({
        "start": { "line": r.start.line, "column": r.start.column, "offset": r.start.offset },
        "end": { "line": r.end.line, "column": r.end.column, "offset": r.end.offset },
    })
}

pub fn finding(sources: &SourceMap, d: &Diagnostic) -> Value {
    let path = &sources.get(d.file()).path;
    json!({
        "rule": d.rule,
        "name": d.name,
        "severity": d.severity,
        "message": d.message,
        "help": d.help,
        "legal_basis": d.legal_basis,
        "file": path,
        "pointer": d.pointer,
        "entity": d.entity,
        "range": range(sources, &d.primary),
        "labels": d.labels.iter().map(|l| json!({
            "file": sources.get(l.file).path,
            "range": range(sources, l),
            "message": l.message.clone().unwrap_or_default(),
        })).collect::<Vec<_>>(),
        "fingerprint": d.fingerprint(path),
    })
}

pub fn to_value(report: &Report) -> Value {
    let findings: Vec<Value> = report
        .diagnostics
        .iter()
        .filter(|d| !d.is_suppressed())
        .map(|d| finding(&report.sources, d))
        .collect();
    json!({
        "version": VERSION,
        "tool": { "name": "dpalint", "version": env!("CARGO_PKG_VERSION") },
        "as_of": report.as_of.to_string(),
        "findings": findings,
        "summary": {
            "files": report.files,
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "infos": report.count(Severity::Info),
            "suppressed": report.diagnostics.iter().filter(|d| d.is_suppressed()).count(),
        },
    })
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(report))?;
    writeln!(out)
}
