//! `--format markdown`: a summary for `$GITHUB_STEP_SUMMARY` or a pull request
//! comment: a heading, the counts, a table of findings (at most [`MAX_ROWS`]
//! rows, in report order) and a table of findings per rule. Suppressed findings
//! are counted, not listed. Text from the inventory is escaped, so a value in a
//! message cannot break the table or inject markup into the comment.

use super::common::{self, locate};
use super::{sarif, statistics};
use crate::check::Report;
use crate::diagnostic::Severity;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Rows of the findings table. A pull request comment holds at most 65,536
/// characters; 100 rows of long messages and rule links stay well below that.
pub const MAX_ROWS: usize = 100;

/// Escape text for a table cell: Markdown punctuation is backslash-escaped (it
/// then renders literally), `|` cannot end the cell, line breaks become spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `[DPA015](rule page) \`objection-window-too-short\``.
fn rule_cell(id: &str, name: &str) -> String {
    match sarif::rule_page(id) {
        Some(url) => format!("[{}]({url}) `{}`", escape(id), name.replace('`', "")),
        None => format!("{} `{}`", escape(id), name.replace('`', "")),
    }
}

pub fn render(report: &Report) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let infos = report.count(Severity::Info);
    let suppressed = report
        .diagnostics
        .iter()
        .filter(|d| d.is_suppressed())
        .count();
    let total = errors + warnings + infos;
    let mut s = String::new();
    if total == 0 {
        s.push_str("## dpalint: no findings\n\n");
    } else {
        let _ = writeln!(
            s,
            "## dpalint: {}, {}, {}\n",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(infos, "info")
        );
    }
    let _ = writeln!(
        s,
        "{} checked as of {}.\n",
        plural(report.files, "file"),
        report.as_of
    );
    s.push_str("| errors | warnings | infos | suppressed | files |\n");
    s.push_str("|---:|---:|---:|---:|---:|\n");
    let _ = writeln!(
        s,
        "| {errors} | {warnings} | {infos} | {suppressed} | {} |",
        report.files
    );
    if total == 0 {
        return s;
    }

    s.push_str("\n### Findings\n\n");
    s.push_str("| location | severity | rule | message |\n");
    s.push_str("|---|---|---|---|\n");
    for d in common::unsuppressed(report).take(MAX_ROWS) {
        let at = locate(report, &d.primary);
        let _ = writeln!(
            s,
            "| {}:{}:{} | {} | {} | {} |",
            escape(at.path),
            at.range.start.line,
            at.range.start.column,
            d.severity,
            rule_cell(&d.rule, &d.name),
            escape(&d.message)
        );
    }
    if total > MAX_ROWS {
        let _ = writeln!(
            s,
            "\nShowing the first {MAX_ROWS} of {total} findings. Run `dpalint check` locally, or use `--format sarif` or `--format json`, for all of them."
        );
    }

    s.push_str("\n### Findings per rule\n\n");
    s.push_str("| rule | severity | count |\n");
    s.push_str("|---|---|---:|\n");
    for r in statistics::per_rule(report) {
        let _ = writeln!(
            s,
            "| {} | {} | {} |",
            rule_cell(r.id, r.name),
            r.severity,
            r.count
        );
    }
    s
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(render(report).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table_or_inject_markup() {
        assert_eq!(
            escape("a|b <img src=x> [l](u) *x*\nnext"),
            "a\\|b \\<img src=x\\> \\[l\\](u) \\*x\\* next"
        );
        assert_eq!(escape("window_days"), "window\\_days");
    }
}
