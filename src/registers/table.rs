//! The tabular form of a report, shared by the table formats: a
//! [`Document`] of [`Table`]s with its provenance, written as CSV (one
//! table) or Markdown here, and as HTML ([`super::html`]) or XLSX
//! ([`super::xlsx`]).

use super::{About, Context, SourceRef};
use std::fmt::Write as _;

/// A report in rows and columns.
pub struct Document<'a> {
    pub title: String,
    pub about: &'a About,
    pub tables: Vec<Table>,
}

/// One table (a sheet of the workbook, a section of the page).
pub struct Table {
    /// Heading, and sheet name (at most 31 characters, no `[]:*?/\`).
    pub title: String,
    /// A sentence under the heading (how to read the table), may be empty.
    pub intro: String,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

/// One row: its cells (as many as columns), where it comes from, and
/// whether it needs attention (past due, a transfer without a mechanism).
#[derive(Default)]
pub struct Row {
    pub cells: Vec<String>,
    pub source: Option<SourceRef>,
    pub alert: bool,
}

/// The provenance lines of a report: (label, value), then one line per input
/// error that left something out.
pub fn about_rows(about: &About, cx: &Context<'_>) -> Vec<(String, String)> {
    let l = |k: &str| cx.label(k).to_string();
    let mut rows = vec![
        (
            l("about.report"),
            cx.label(&format!("title.{}", about.report)).to_string(),
        ),
        (
            l("about.organisation"),
            about.organisation.clone().unwrap_or_default(),
        ),
        (l("about.as_of"), about.as_of.to_string()),
        (
            l("about.tool"),
            format!("{} {}", about.tool.name, about.tool.version),
        ),
        (l("about.reference"), about.reference_data_as_of.to_string()),
        (l("about.files"), about.files.to_string()),
        (l("about.lang"), about.lang.clone()),
    ];
    if about.left_out.is_empty() {
        rows.push((l("about.left_out"), l("about.nothing_left_out")));
    }
    for lo in &about.left_out {
        rows.push((
            l("about.left_out"),
            format!("{}:{} {} {}", lo.file, lo.line, lo.code, lo.message),
        ));
    }
    if !about.left_out_vendors.is_empty() {
        rows.push((
            l("about.left_out_vendors"),
            about.left_out_vendors.join(", "),
        ));
    }
    rows
}

/// A link to a source line: `link_base` + path + `#L<line>` (GitHub's form).
pub fn source_href(cx: &Context<'_>, s: &SourceRef) -> String {
    format!(
        "{}{}#L{}",
        cx.options.link_base.as_deref().unwrap_or(""),
        s.file,
        s.line
    )
}

/// CSV (RFC 4180, CRLF) of one table: a header row, then the rows; the last
/// columns are the source and the provenance (as_of, tool, reference data),
/// so every row says where and when it comes from.
pub fn write_csv(table: &Table, about: &About, cx: &Context<'_>) -> Vec<u8> {
    let mut out = String::new();
    let mut header: Vec<&str> = table.columns.iter().map(String::as_str).collect();
    header.extend([
        cx.label("col.source"),
        cx.label("about.as_of"),
        cx.label("about.tool"),
        cx.label("about.reference"),
    ]);
    csv_line(&mut out, header.iter().copied());
    let tool = format!("{} {}", about.tool.name, about.tool.version);
    let as_of = about.as_of.to_string();
    let reference = about.reference_data_as_of.to_string();
    for row in &table.rows {
        let source = row
            .source
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let cells = row.cells.iter().map(String::as_str).chain([
            source.as_str(),
            as_of.as_str(),
            tool.as_str(),
            reference.as_str(),
        ]);
        csv_line(&mut out, cells);
    }
    out.into_bytes()
}

fn csv_line<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_cell(out, cell);
    }
    out.push_str("\r\n");
}

/// One field: a value a spreadsheet would run as a formula gets a leading
/// `'` (OWASP's advice against CSV injection); quoted when it holds a comma,
/// a quote or a line break.
fn csv_cell(out: &mut String, cell: &str) {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = formula || cell.contains([',', '"', '\n', '\r']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for c in cell.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
}

/// GitHub-flavoured Markdown: title, provenance, then each table.
pub fn write_markdown(doc: &Document<'_>, cx: &Context<'_>) -> Vec<u8> {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&doc.title));
    for (label, value) in about_rows(doc.about, cx) {
        let _ = writeln!(out, "- **{}:** {}", md(&label), md(&value));
    }
    for table in &doc.tables {
        let _ = writeln!(out, "\n## {}\n", md(&table.title));
        if !table.intro.is_empty() {
            let _ = writeln!(out, "{}\n", md(&table.intro));
        }
        if table.rows.is_empty() {
            let _ = writeln!(out, "_{}_", md(cx.label("table.empty")));
            continue;
        }
        out.push('|');
        for c in table
            .columns
            .iter()
            .map(String::as_str)
            .chain([cx.label("col.source")])
        {
            let _ = write!(out, " {} |", md(c));
        }
        out.push_str("\n|");
        for _ in 0..=table.columns.len() {
            out.push_str(" --- |");
        }
        out.push('\n');
        for row in &table.rows {
            out.push('|');
            for (i, cell) in row.cells.iter().enumerate() {
                if i == 0 && row.alert {
                    let _ = write!(out, " **{}** |", md(cell));
                } else {
                    let _ = write!(out, " {} |", md(cell));
                }
            }
            match &row.source {
                Some(s) => {
                    let _ = write!(
                        out,
                        " [{}]({}) |",
                        md(&s.to_string()),
                        href_md(&source_href(cx, s))
                    );
                }
                None => out.push_str("  |"),
            }
            out.push('\n');
        }
    }
    out.into_bytes()
}

/// Text in a Markdown table cell: no HTML, no formatting, no links from the
/// inventory's values; line breaks as `<br>`.
pub fn md(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '\n' => s.push_str("<br>"),
            '\r' => {}
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '#' | '~' => {
                s.push('\\');
                s.push(c);
            }
            _ => s.push(c),
        }
    }
    s
}

/// A link target in Markdown: spaces and parentheses percent-encoded.
fn href_md(href: &str) -> String {
    href.replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting_and_formulas() {
        let mut s = String::new();
        csv_line(
            &mut s,
            [
                "plain",
                "a,b",
                "say \"hi\"",
                "two\nlines",
                "=HYPERLINK(1)",
                "-1",
            ]
            .into_iter(),
        );
        assert_eq!(
            s,
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"'=HYPERLINK(1)\",\"'-1\"\r\n"
        );
    }

    #[test]
    fn markdown_cells_are_inert() {
        assert_eq!(
            md("<b>x</b> | [a](b)\n_y_"),
            "&lt;b&gt;x&lt;/b&gt; \\| \\[a\\](b)<br>\\_y\\_"
        );
    }
}
