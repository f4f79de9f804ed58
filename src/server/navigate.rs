//! Reading the project at a position: diagnostics as the protocol shows them,
//! hover, go to definition, find references and document symbols.
//!
//! Ids are found in the parsed trees of every file (`vendors[].id`,
//! `activities[].id`, `vendors[].parent`, `activities[].recipients[]`), so a
//! vendor with a schema error still has a definition.

use super::convert::{self, Encoding};
use super::cursor::{self, Hit};
use super::workspace::Workspace;
use crate::check::Report;
use crate::diagnostic::{Diagnostic, INPUT_CHECKS, Severity};
use crate::project::parse::{Document, Node, NodeKind};
use crate::reference::{Reference, Scope};
use crate::source::{SourceFile, Span};
use lsp_types as lsp;

/// A dpalint diagnostic as the protocol shows it.
pub fn to_lsp(ws: &Workspace, report: &Report, d: &Diagnostic, enc: Encoding) -> lsp::Diagnostic {
    let file = report.sources.get(d.file());
    let mut out = plain_lsp(d, file, enc);
    out.related_information = Some(
        d.labels
            .iter()
            .filter_map(|l| {
                let f = report.sources.get(l.file);
                Some(lsp::DiagnosticRelatedInformation {
                    location: lsp::Location::new(
                        convert::uri_from_path(&ws.absolute(&f.path))?,
                        convert::range(f, l.span, enc),
                    ),
                    message: l
                        .message
                        .clone()
                        .unwrap_or_else(|| "related location".into()),
                })
            })
            .collect(),
    )
    .filter(|v: &Vec<_>| !v.is_empty());
    out
}

/// A diagnostic with its range in `file`, without related locations.
pub fn plain_lsp(d: &Diagnostic, file: &SourceFile, enc: Encoding) -> lsp::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    lsp::Diagnostic {
        range: convert::range(file, d.primary.span, enc),
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lsp::NumberOrString::String(d.rule.to_string())),
        code_description: crate::report::sarif::rule_page(&d.rule)
            .and_then(|u| u.parse().ok())
            .map(|href| lsp::CodeDescription { href }),
        source: Some("dpalint".into()),
        message,
        ..lsp::Diagnostic::default()
    }
}

/// The document at `pos` and the tree hit there.
fn hit_at(
    ws: &Workspace,
    doc: &lsp::TextDocumentPositionParams,
    enc: Encoding,
) -> Option<(String, usize, Hit)> {
    let path = convert::path_from_uri(&doc.text_document.uri)?;
    let display = ws.display(&path);
    let (id, parsed) = ws.file(&display)?;
    let file = ws.project.sources().get(id);
    let offset = convert::offset(file, doc.position, enc);
    let hit = parsed
        .documents
        .iter()
        .find_map(|d| cursor::hit(d, offset))?;
    Some((display, offset, hit))
}

/// Hover: the findings at the cursor, then what the value under it is.
pub fn hover(
    ws: &Workspace,
    p: &lsp::TextDocumentPositionParams,
    enc: Encoding,
) -> Option<lsp::Hover> {
    let path = convert::path_from_uri(&p.text_document.uri)?;
    let display = ws.display(&path);
    let mut parts = Vec::new();
    if let Some(report) = &ws.report
        && let Some((id, _)) = ws.file(&display)
    {
        let file = report.sources.get(id);
        let offset = convert::offset(file, p.position, enc) as u32;
        for d in report.diagnostics.iter().filter(|d| {
            d.file() == id
                && !d.is_suppressed()
                && d.primary.span.start <= offset
                && offset <= d.primary.span.end
        }) {
            parts.push(finding_text(d));
        }
    }
    if let Some((_, _, hit)) = hit_at(ws, p, enc) {
        let as_of = ws.as_of();
        if let Some(id) = hit.reference().or(hit.declaration().map(|(_, id)| id)) {
            parts.extend(entity_text(ws, id));
        } else if let Some(code) = hit.country() {
            parts.push(country_text(Reference::embedded(), code, as_of));
        }
    }
    (!parts.is_empty()).then(|| lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: None,
    })
}

fn finding_text(d: &Diagnostic) -> String {
    let (summary, basis) = match crate::rules::find(&d.rule) {
        Some(r) => (
            r.meta().summary.to_string(),
            r.meta().legal_basis.join("; "),
        ),
        None => match INPUT_CHECKS.iter().find(|c| c.id == d.rule) {
            Some(c) => (c.summary.to_string(), String::new()),
            None => (d.message.clone(), d.legal_basis.join("; ")),
        },
    };
    let mut s = format!("**{} {}** ({})\n\n{summary}", d.rule, d.name, d.severity);
    if !basis.is_empty() {
        s.push_str(&format!("\n\nLegal basis: {basis}"));
    }
    match crate::report::sarif::rule_page(&d.rule) {
        Some(page) => s.push_str(&format!("\n\n[`dpalint explain {}`]({page})", d.rule)),
        None => s.push_str(&format!("\n\n`dpalint explain {}`", d.rule)),
    }
    s
}

/// Name, role and country of the vendor or activity `id`.
fn entity_text(ws: &Workspace, id: &str) -> Option<String> {
    let inv = ws.project.inventory();
    if let Some(v) = inv.vendor(id) {
        let mut s = format!("**{id}** (vendor)");
        if let Some(n) = &v.name {
            s.push_str(&format!(": {n}"));
        }
        s.push_str(&format!(
            "\n\nrole: {} · country: {}",
            v.role.map_or("not set", |r| r.as_str()),
            v.country.as_deref().unwrap_or("not set")
        ));
        if let Some(p) = &v.parent {
            s.push_str(&format!(" · parent: {p}"));
        }
        return Some(s);
    }
    let a = inv.activities.iter().find(|a| a.id == id)?;
    let mut s = format!("**{id}** (processing activity)");
    if let Some(n) = &a.name {
        s.push_str(&format!(": {n}"));
    }
    if let Some(b) = &a.lawful_basis {
        s.push_str(&format!("\n\nlawful basis: {b}"));
    }
    if !a.recipients.is_empty() {
        s.push_str(&format!("\n\nrecipients: {}", a.recipients.join(", ")));
    }
    Some(s)
}

/// EEA and adequacy status of a country code on the evaluation date.
pub fn country_text(r: &Reference, code: &str, as_of: crate::model::Date) -> String {
    let c = r.normalise(code, true);
    let name = r.iso.get(c).map(String::as_str);
    let mut s = match name {
        Some(n) if c != code => format!("**{code}** = {c}, {n}"),
        Some(n) => format!("**{code}**: {n}"),
        None if r.region_tokens.iter().any(|t| t == c) => format!("**{code}**: region token"),
        None if r.is_international_org(c) => format!("**{code}**: international organisation"),
        None => return format!("**{code}** is not an ISO 3166-1 alpha-2 code"),
    };
    s.push_str(&format!("\n\nOn {as_of}: "));
    if r.is_eea(c) {
        s.push_str("in the EEA: no transfer (GDPR Chapter V does not apply).");
    } else if let Some(a) = r.adequacy_at(c, as_of) {
        let scope = match a.scope {
            Scope::Full => "an adequacy decision",
            Scope::Partial => "a partial adequacy decision",
        };
        s.push_str(&format!(
            "third country with {scope} (Art. 45): {}",
            a.decision
        ));
        let from = a.valid_from.unwrap_or(a.adopted);
        s.push_str(&format!(", in force from {from}"));
        if let Some(until) = a.valid_until {
            s.push_str(&format!(" until {until}"));
        }
        if let Some(note) = &a.scope_note {
            s.push_str(&format!(". Scope: {note}"));
        }
        s.push('.');
    } else {
        s.push_str("third country without an adequacy decision: a transfer needs a transfer tool (Art. 46) or a derogation (Art. 49).");
        if let Some(a) = r.adequacy_entry(c) {
            s.push_str(&format!(" ({} is not in force on this date.)", a.decision));
        }
    }
    if let Some(reminder) = r.not_eea_reminder(c) {
        s.push_str(&format!("\n\n{reminder}"));
    }
    s
}

/// A place an id is written: its file, span and whether it declares the id.
struct Occurrence {
    display: String,
    span: Span,
    declares: bool,
}

/// Every declaration of and reference to vendor or activity ids, by walking
/// the parsed trees of the project.
fn occurrences(ws: &Workspace, id: &str) -> Vec<Occurrence> {
    let sources = ws.project.sources();
    let mut out = Vec::new();
    for (fid, parsed) in ws.project.parsed() {
        let display = &sources.get(fid).path;
        for doc in &parsed.documents {
            each_id(doc, &mut |text, span, declares| {
                if text == id {
                    out.push(Occurrence {
                        display: display.clone(),
                        span,
                        declares,
                    });
                }
            });
        }
    }
    out
}

fn each_id(doc: &Document, f: &mut dyn FnMut(&str, Span, bool)) {
    let items = |key: &str| match doc.root.get(key).map(|e| &e.value.kind) {
        Some(NodeKind::Seq(items)) => items.as_slice(),
        _ => &[],
    };
    let string = |n: &Node| match &n.kind {
        NodeKind::Str(s) if n.defined.is_none() => Some(s.clone()),
        _ => None,
    };
    for section in ["vendors", "activities"] {
        for item in items(section) {
            if let Some(e) = item.get("id")
                && let Some(s) = string(&e.value)
            {
                f(&s, e.value.span, true);
            }
            if section == "vendors"
                && let Some(e) = item.get("parent")
                && let Some(s) = string(&e.value)
            {
                f(&s, e.value.span, false);
            }
            if section == "activities"
                && let Some(e) = item.get("recipients")
                && let NodeKind::Seq(rs) = &e.value.kind
            {
                for r in rs {
                    if let Some(s) = string(r) {
                        f(&s, r.span, false);
                    }
                }
            }
        }
    }
}

fn location(ws: &Workspace, o: &Occurrence, enc: Encoding) -> Option<lsp::Location> {
    let (id, _) = ws.file(&o.display)?;
    let file = ws.project.sources().get(id);
    Some(lsp::Location::new(
        convert::uri_from_path(&ws.absolute(&o.display))?,
        convert::range(file, o.span, enc),
    ))
}

/// Go to definition: from a `parent` or `recipients` id to the vendor's `id`.
pub fn definition(
    ws: &Workspace,
    p: &lsp::TextDocumentPositionParams,
    enc: Encoding,
) -> Option<Vec<lsp::Location>> {
    let (_, _, hit) = hit_at(ws, p, enc)?;
    let id = hit.reference().or(hit.declaration().map(|(_, id)| id))?;
    let found: Vec<_> = occurrences(ws, id)
        .iter()
        .filter(|o| o.declares)
        .filter_map(|o| location(ws, o, enc))
        .collect();
    (!found.is_empty()).then_some(found)
}

/// Find references: every `parent` and `recipients` naming the id under the
/// cursor, across files (and its declaration when asked).
pub fn references(
    ws: &Workspace,
    p: &lsp::ReferenceParams,
    enc: Encoding,
) -> Option<Vec<lsp::Location>> {
    let (_, _, hit) = hit_at(ws, &p.text_document_position, enc)?;
    let id = hit.reference().or(hit.declaration().map(|(_, id)| id))?;
    let with_decl = p.context.include_declaration;
    Some(
        occurrences(ws, id)
            .iter()
            .filter(|o| with_decl || !o.declares)
            .filter_map(|o| location(ws, o, enc))
            .collect(),
    )
}

/// The outline of a file: the organisation, its activities and vendors.
pub fn symbols(ws: &Workspace, uri: &lsp::Uri, enc: Encoding) -> Option<Vec<lsp::DocumentSymbol>> {
    let display = ws.display(&convert::path_from_uri(uri)?);
    let (id, parsed) = ws.file(&display)?;
    let file = ws.project.sources().get(id);
    let mut out = Vec::new();
    for doc in &parsed.documents {
        if let Some(e) = doc.root.get("organisation") {
            let name = e.value.get("name").and_then(|n| match &n.value.kind {
                NodeKind::Str(s) => Some(s.clone()),
                _ => None,
            });
            out.extend(symbol(
                file,
                "organisation",
                name,
                lsp::SymbolKind::NAMESPACE,
                e.key.span,
                &e.value,
                enc,
            ));
        }
        for (section, kind) in [
            ("activities", lsp::SymbolKind::EVENT),
            ("vendors", lsp::SymbolKind::OBJECT),
        ] {
            let Some(NodeKind::Seq(items)) = doc.root.get(section).map(|e| &e.value.kind) else {
                continue;
            };
            for item in items {
                let Some(idn) = item.get("id") else { continue };
                let NodeKind::Str(id) = &idn.value.kind else {
                    continue;
                };
                let name = item.get("name").and_then(|n| match &n.value.kind {
                    NodeKind::Str(s) => Some(s.clone()),
                    _ => None,
                });
                out.extend(symbol(file, id, name, kind, idn.value.span, item, enc));
            }
        }
    }
    Some(out)
}

#[expect(
    deprecated,
    reason = "DocumentSymbol::deprecated must be set; it is None"
)]
fn symbol(
    file: &SourceFile,
    name: &str,
    detail: Option<String>,
    kind: lsp::SymbolKind,
    selection: Span,
    node: &Node,
    enc: Encoding,
) -> Option<lsp::DocumentSymbol> {
    let extent = cursor::extent(node)?;
    let whole = Span::new(
        extent.start.min(selection.start) as usize,
        extent.end.max(selection.end) as usize,
    );
    Some(lsp::DocumentSymbol {
        name: name.to_owned(),
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: convert::range(file, whole, enc),
        selection_range: convert::range(file, selection, enc),
        children: None,
    })
}
