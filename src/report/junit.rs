//! `--format junit`: JUnit XML for CI test dashboards (GitLab, Jenkins, Azure).
//!
//! Layout (docs/output-formats.md explains the choice):
//!
//! - one `<testsuite>` per file dpalint looked at, named by its path;
//! - in it, one `<testcase>` per rule with unsuppressed findings in that file,
//!   named `DPA015 objection-window-too-short`, holding one `<failure>` that
//!   lists every finding of the rule in the file (`line:col severity: message`,
//!   help and related locations);
//! - a file without findings gets one passing test case, `no findings`, so the
//!   dashboard shows it as checked and green.
//!
//! `classname` is the path with its extension dropped, `/` turned into `.` and
//! other dots into `_` (`privacy/vendors/aws.yaml` -> `privacy.vendors.aws`), so
//! Jenkins groups test cases by directory as packages. `file` keeps the exact
//! path. All counts are computed from the same data the elements come from;
//! `time` is always 0 so the output is deterministic.

use super::common::{self, label_message, locate};
use crate::check::Report;
use crate::diagnostic::{Diagnostic, Severity};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Name of the passing test case of a file without findings.
pub const PASSING_CASE: &str = "no findings";

/// Replace characters XML 1.0 does not allow (most C0 controls, U+FFFE, U+FFFF).
fn xml_char(c: char) -> Option<char> {
    match c {
        '\t' | '\n' | '\r' => Some(c),
        c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => Some('\u{FFFD}'),
        _ => None,
    }
}

/// Escape character data.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(xml_char(c).unwrap_or(c)),
        }
    }
    out
}

/// Escape an attribute value (quoted with `"`); whitespace is kept as
/// character references so attribute normalisation does not eat it.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(xml_char(c).unwrap_or(c)),
        }
    }
    out
}

/// `privacy/vendors/aws.yaml` -> `privacy.vendors.aws`.
pub fn classname(path: &str) -> String {
    let stem = match path.rfind('.') {
        Some(dot) if dot > path.rfind('/').map_or(0, |s| s + 1) => &path[..dot],
        _ => path,
    };
    stem.replace('.', "_").replace('/', ".")
}

/// One test case: a rule with findings in one file, or a clean file.
struct Case<'a> {
    name: String,
    findings: Vec<&'a Diagnostic>,
}

/// One test suite: a file and its test cases.
struct Suite<'a> {
    path: &'a str,
    cases: Vec<Case<'a>>,
}

impl Suite<'_> {
    fn failures(&self) -> usize {
        self.cases.iter().filter(|c| !c.findings.is_empty()).count()
    }
}

fn suites(report: &Report) -> Vec<Suite<'_>> {
    // Every file, in path order, each with its findings grouped by rule id.
    let mut by_file: BTreeMap<&str, BTreeMap<&str, Vec<&Diagnostic>>> = report
        .sources
        .iter()
        .map(|(_, f)| (f.path.as_str(), BTreeMap::new()))
        .collect();
    for d in common::unsuppressed(report) {
        let path = report.sources.get(d.file()).path.as_str();
        by_file
            .entry(path)
            .or_default()
            .entry(d.rule.as_ref())
            .or_default()
            .push(d);
    }
    by_file
        .into_iter()
        .map(|(path, rules)| {
            let mut cases: Vec<Case<'_>> = rules
                .into_values()
                .map(|findings| Case {
                    name: format!("{} {}", findings[0].rule, findings[0].name),
                    findings,
                })
                .collect();
            if cases.is_empty() {
                cases.push(Case {
                    name: PASSING_CASE.to_string(),
                    findings: Vec::new(),
                });
            }
            Suite { path, cases }
        })
        .collect()
}

fn failure_body(report: &Report, findings: &[&Diagnostic]) -> String {
    let mut body = String::new();
    for d in findings {
        let at = locate(report, &d.primary);
        let _ = writeln!(
            body,
            "{}:{} {}: {}",
            at.range.start.line, at.range.start.column, d.severity, d.message
        );
        if let Some(help) = &d.help {
            let _ = writeln!(body, "  help: {help}");
        }
        if !d.legal_basis.is_empty() {
            let _ = writeln!(body, "  legal basis: {}", d.legal_basis.join("; "));
        }
        for l in &d.labels {
            let r = locate(report, l);
            let _ = writeln!(
                body,
                "  related: {}:{}:{}: {}",
                r.path,
                r.range.start.line,
                r.range.start.column,
                label_message(l)
            );
        }
    }
    body
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let suites = suites(report);
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failures: usize = suites.iter().map(Suite::failures).sum();
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<testsuites name=\"dpalint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" time=\"0\">"
    );
    for suite in &suites {
        let path = escape_attr(suite.path);
        let _ = writeln!(
            s,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" time=\"0\">",
            suite.cases.len(),
            suite.failures()
        );
        let class = escape_attr(&classname(suite.path));
        for case in &suite.cases {
            let open = format!(
                "    <testcase name=\"{}\" classname=\"{class}\" file=\"{path}\" time=\"0\"",
                escape_attr(&case.name)
            );
            let Some(first) = case.findings.first() else {
                let _ = writeln!(s, "{open}/>");
                continue;
            };
            let worst = case
                .findings
                .iter()
                .map(|d| d.severity)
                .max()
                .unwrap_or(Severity::Error);
            let message = match case.findings.len() {
                1 => first.message.clone(),
                n => format!("{n} findings; first: {}", first.message),
            };
            let _ = writeln!(s, "{open}>");
            let _ = writeln!(
                s,
                "      <failure type=\"{worst}\" message=\"{}\">{}</failure>",
                escape_attr(&message),
                escape_text(&failure_body(report, &case.findings))
            );
            let _ = writeln!(s, "    </testcase>");
        }
        let _ = writeln!(s, "  </testsuite>");
    }
    s.push_str("</testsuites>\n");
    out.write_all(s.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            escape_attr("a<b & \"c\"\n'd'\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#10;&apos;d&apos;\u{FFFD}"
        );
        assert_eq!(escape_text("x]]>y\r\n<z>"), "x]]&gt;y&#13;\n&lt;z&gt;");
    }

    #[test]
    fn classnames_follow_directories() {
        assert_eq!(classname("privacy/vendors/aws.yaml"), "privacy.vendors.aws");
        assert_eq!(classname(".github/dpa.v2.yml"), "_github.dpa_v2");
        assert_eq!(classname("inventory"), "inventory");
        assert_eq!(classname("a.d/inventory"), "a_d.inventory");
    }
}
