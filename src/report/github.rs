//! `--format github`: GitHub Actions workflow commands, one per unsuppressed
//! finding, which GitHub shows as annotations on the run and the pull request:
//!
//! ```text
//! ::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=DPA015 objection-window-too-short::message
//! ```
//!
//! error -> `::error`, warning -> `::warning`, info -> `::notice`. The message
//! carries the help and the secondary labels as extra lines. Values are escaped
//! as GitHub's toolkit does: data `%`, `\r`, `\n`; properties also `:` and `,`.

use super::common::{self, locate};
use crate::check::Report;
use crate::diagnostic::Severity;
use std::io::{self, Write};

/// The workflow command of a severity.
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escape the data (message) part of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in common::unsuppressed(report) {
        let at = locate(report, &d.primary);
        writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            command(d.severity),
            escape_property(at.path),
            at.range.start.line,
            at.range.start.column,
            at.range.end.line,
            at.range.end.column,
            escape_property(&format!("{} {}", d.rule, d.name)),
            escape_data(&common::full_message(report, d)),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_actions_toolkit() {
        assert_eq!(
            escape_data("50% done\r\nnext: a,b"),
            "50%25 done%0D%0Anext: a,b"
        );
        assert_eq!(escape_property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
    }
}
