//! Human output: rustc-style diagnostics through miette's graphical handler
//! (or its narratable handler for screen readers).
//!
//! miette reads snippets through [`IndexedSource`], which answers every
//! `read_span` from the file's line index with just the lines it needs, so
//! rendering stays linear in the number of diagnostics even for one huge file.

use crate::check::Report;
use crate::diagnostic::{Diagnostic as Finding, Label, Severity};
use crate::source::{SourceFile, SourceMap};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NarratableReportHandler, SourceCode, SourceSpan, SpanContents,
};
use std::fmt;
use std::io::{self, Write};

use super::HumanOptions;

/// A [`SourceFile`] as miette source code, answered from the line index.
pub struct IndexedSource<'a>(pub &'a SourceFile);

impl SourceCode for IndexedSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let file = self.0;
        let text = &*file.text;
        let start = span.offset().min(text.len());
        let end = (span.offset() + span.len()).min(text.len());
        if file.line_count() == 0 || text.is_empty() {
            return Ok(Box::new(MietteSpanContents::new_named(
                file.path.clone(),
                &[],
                SourceSpan::new(0.into(), 0),
                0,
                0,
                0,
            )));
        }
        // A span at the very end of a file that ends with a newline lies after the
        // last line: clamp to it so `from <= to` always holds.
        let last = file.line_count().saturating_sub(1);
        let first_line = file.line_of(start).min(last);
        let last_line = file
            .line_of(end.saturating_sub(usize::from(end > start)).max(start))
            .clamp(first_line, last);
        let from = first_line.saturating_sub(before);
        let to = (last_line + after).min(last).max(from);
        let data_start = file.line_start(from);
        let data_end = file.line_start(to + 1).min(text.len()).max(data_start);
        // miette reads the header position from line/column of a context-free read.
        let column = if from == first_line {
            (file.position(start).column as usize).saturating_sub(1)
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new_named(
            file.path.clone(),
            &text.as_bytes()[data_start..data_end],
            SourceSpan::new(data_start.into(), data_end - data_start),
            from,
            column,
            to - from + 1,
        )))
        // (`to >= from` by construction above.)
    }
}

/// One finding (or the labels of one other file) as a miette diagnostic.
struct View<'a> {
    title: String,
    severity: Severity,
    help: Option<String>,
    source: IndexedSource<'a>,
    labels: Vec<LabeledSpan>,
    related: Vec<View<'a>>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

fn labeled(label: &Label, primary: bool, default: Option<String>) -> LabeledSpan {
    let span = SourceSpan::new((label.span.start as usize).into(), label.span.len());
    let text = label.message.clone().or(default);
    if primary {
        LabeledSpan::new_primary_with_span(text, span)
    } else {
        LabeledSpan::new_with_span(text, span)
    }
}

fn view<'a>(sources: &'a SourceMap, d: &Finding) -> View<'a> {
    let file = d.file();
    let mut labels = vec![labeled(&d.primary, true, None)];
    let mut others: Vec<(crate::source::FileId, Vec<LabeledSpan>)> = Vec::new();
    for l in &d.labels {
        if l.file == file {
            labels.push(labeled(l, false, None));
        } else {
            match others.iter_mut().find(|(f, _)| *f == l.file) {
                Some((_, v)) => v.push(labeled(l, false, None)),
                None => others.push((l.file, vec![labeled(l, false, None)])),
            }
        }
    }
    let mut help = d.help.clone();
    if !d.legal_basis.is_empty() {
        let basis = format!("legal basis: {}", d.legal_basis.join("; "));
        help = Some(match help {
            Some(h) => format!("{h}\n{basis}"),
            None => basis,
        });
    }
    let related = others
        .into_iter()
        .map(|(f, labels)| View {
            title: format!("related location in {}", sources.get(f).path),
            severity: Severity::Info,
            help: None,
            source: IndexedSource(sources.get(f)),
            labels,
            related: Vec::new(),
        })
        .collect();
    View {
        title: format!("{}[{}]: {}", d.severity, d.rule, d.message),
        severity: d.severity,
        help,
        source: IndexedSource(sources.get(file)),
        labels,
        related,
    }
}

enum Handler {
    Graphical(Box<GraphicalReportHandler>),
    Narratable(NarratableReportHandler),
}

impl Handler {
    fn new(opts: HumanOptions) -> Handler {
        if opts.narrate {
            return Handler::Narratable(NarratableReportHandler::new());
        }
        let theme = if opts.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        Handler::Graphical(Box::new(
            GraphicalReportHandler::new_themed(theme)
                .with_width(opts.width.unwrap_or(100))
                .with_links(false)
                .with_context_lines(1)
                .tab_width(4),
        ))
    }

    fn render(&self, out: &mut String, diag: &dyn miette::Diagnostic) -> fmt::Result {
        match self {
            Handler::Graphical(h) => h.render_report(out, diag),
            Handler::Narratable(h) => h.render_report(out, diag),
        }
    }
}

/// Render a finding and, after it, one snippet per other file its labels point into.
/// (miette's own "related" rendering adds a severity header or re-wraps source lines.)
fn render_view(handler: &Handler, out: &mut String, v: &View<'_>) -> fmt::Result {
    handler.render(out, v)?;
    for related in &v.related {
        let mut part = String::new();
        handler.render(&mut part, related)?;
        out.push_str(part.trim_start_matches('\n'));
    }
    Ok(())
}

/// Render one diagnostic against `sources` (also used for config problems).
pub fn render_one(sources: &SourceMap, d: &Finding, opts: HumanOptions) -> String {
    let handler = Handler::new(opts);
    let mut s = String::new();
    let _ = render_view(&handler, &mut s, &view(sources, d));
    s
}

pub fn write(report: &Report, opts: HumanOptions, out: &mut dyn Write) -> io::Result<()> {
    let handler = Handler::new(opts);
    let mut buf = String::new();
    for d in report.diagnostics.iter().filter(|d| !d.is_suppressed()) {
        buf.clear();
        render_view(&handler, &mut buf, &view(&report.sources, d)).map_err(io::Error::other)?;
        out.write_all(buf.as_bytes())?;
        out.write_all(if buf.ends_with('\n') { b"\n" } else { b"\n\n" })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// Fuzzing found a subtract overflow for a span after the last line of a
    /// file that ends with a newline (pipeline target, crash-a1befe0a…).
    #[test]
    fn spans_at_the_end_of_the_file_render() {
        let file = SourceFile::new("t.yaml".into(), Arc::from("a: 1\nb: 2\n"));
        let src = IndexedSource(&file);
        for (offset, len) in [(10, 0), (9, 1), (10, 5), (0, 10), (4, 0)] {
            for (before, after) in [(0, 0), (1, 1), (3, 3)] {
                let c = src
                    .read_span(&SourceSpan::new(offset.into(), len), before, after)
                    .unwrap();
                assert!(c.line_count() >= 1);
                assert!(c.span().offset() + c.span().len() <= file.text.len());
            }
        }
    }
}
