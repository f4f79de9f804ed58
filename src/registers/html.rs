//! A report as one self-contained HTML page: no scripts, no external files,
//! a print stylesheet (A4 landscape, repeated table headers, rows kept whole),
//! every value escaped, every row linked to the `file:line` it comes from.

use super::Context;
use super::table::{Document, about_rows, source_href};
use std::fmt::Write as _;

const STYLE: &str = r#"
:root { color-scheme: light; --line: #d0d7de; --muted: #57606a; --alert: #fdecea; --alert-edge: #c0392b; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; margin: 24px; color: #1f2328; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 17px; margin: 28px 0 6px; }
.about { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; color: var(--muted); font-size: 13px; }
.about dt { font-weight: 600; }
.about dd { margin: 0; }
.intro { color: var(--muted); margin: 0 0 8px; }
.scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); white-space: pre-line; unicode-bidi: plaintext; }
th { background: #f6f8fa; position: sticky; top: 0; font-weight: 600; }
td.src { white-space: nowrap; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
tr.alert td { background: var(--alert); }
tr.alert td:first-child { box-shadow: inset 4px 0 0 var(--alert-edge); font-weight: 600; }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 24px; color: var(--muted); font-size: 12px; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; font-size: 8pt; }
  h1 { font-size: 14pt; }
  h2 { font-size: 11pt; break-after: avoid; }
  section { break-before: page; }
  section:first-of-type { break-before: auto; }
  .scroll { overflow: visible; border: 0; }
  table { font-size: 7pt; }
  th { position: static; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  tr.alert td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// The page. `row_ids[t][r]` is the id of row `r` of table `t` (an activity,
/// client or vendor id), written as `data-id`.
pub fn write(doc: &Document<'_>, row_ids: &[Vec<String>], cx: &Context<'_>) -> Vec<u8> {
    let mut out = String::with_capacity(16 * 1024);
    let lang = esc(cx.options.labels.lang());
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"{} {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(doc.about.tool.name),
        esc(doc.about.tool.version),
        esc(&doc.title)
    );
    let _ = write!(
        out,
        "<header>\n<h1>{}</h1>\n<dl class=\"about\">\n",
        esc(&doc.title)
    );
    for (label, value) in about_rows(doc.about, cx) {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(&label), esc(&value));
    }
    out.push_str("</dl>\n</header>\n<main>\n");
    for (t, table) in doc.tables.iter().enumerate() {
        let _ = write!(
            out,
            "<section id=\"table-{t}\">\n<h2>{}</h2>\n",
            esc(&table.title)
        );
        if !table.intro.is_empty() {
            let _ = writeln!(out, "<p class=\"intro\">{}</p>", esc(&table.intro));
        }
        if table.rows.is_empty() {
            let _ = write!(
                out,
                "<p class=\"empty\">{}</p>\n</section>\n",
                esc(cx.label("table.empty"))
            );
            continue;
        }
        out.push_str("<div class=\"scroll\">\n<table>\n<thead><tr>");
        for c in table
            .columns
            .iter()
            .map(String::as_str)
            .chain([cx.label("col.source")])
        {
            let _ = write!(out, "<th scope=\"col\">{}</th>", esc(c));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for (r, row) in table.rows.iter().enumerate() {
            out.push_str("<tr");
            if row.alert {
                out.push_str(" class=\"alert\"");
            }
            if let Some(id) = row_ids.get(t).and_then(|ids| ids.get(r)) {
                let _ = write!(out, " data-id=\"{}\"", esc(id));
            }
            out.push('>');
            for cell in &row.cells {
                let _ = write!(out, "<td>{}</td>", esc(cell));
            }
            match &row.source {
                Some(s) => {
                    let _ = write!(
                        out,
                        "<td class=\"src\"><a href=\"{}\">{}</a></td>",
                        esc(&href(&source_href(cx, s))),
                        esc(&s.to_string())
                    );
                }
                None => out.push_str("<td class=\"src\"></td>"),
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n</div>\n</section>\n");
    }
    let _ = write!(
        out,
        "</main>\n<footer>{} {} · {} {} · {} {}</footer>\n</body>\n</html>\n",
        esc(cx.label("about.tool")),
        esc(&format!(
            "{} {}",
            doc.about.tool.name, doc.about.tool.version
        )),
        esc(cx.label("about.as_of")),
        doc.about.as_of,
        esc(cx.label("about.reference")),
        doc.about.reference_data_as_of
    );
    out.into_bytes()
}

/// HTML text and attribute escaping.
pub fn esc(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            _ => s.push(c),
        }
    }
    s
}

/// A relative or absolute URL as an `href`: characters outside the URL
/// alphabet percent-encoded; `javascript:` and other schemes than http(s)
/// never come from the inventory (paths are relative), but a `--link-base`
/// is the user's own.
fn href(url: &str) -> String {
    let mut s = String::with_capacity(url.len());
    for b in url.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:#?=&%+@!$,;*".contains(&b) {
            s.push(b as char);
        } else {
            let _ = write!(s, "%{b:02X}");
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(href("privacy/a b.yaml#L3"), "privacy/a%20b.yaml#L3");
        assert_eq!(href("p/\"><x.yaml"), "p/%22%3E%3Cx.yaml");
    }
}
