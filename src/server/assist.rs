//! Writing help: completion (vendor ids, country codes, the schema's allowed
//! values where the cursor is) and code actions (a finding's fix, a
//! suppression comment, "explain this rule").

use super::convert::{self, Encoding};
use super::cursor;
use super::workspace::Workspace;
use crate::diagnostic::INPUT_CHECKS;
use crate::project::validate::INPUT;
use crate::reference::Reference;
use crate::source::{SourceFile, Span};
use lsp_types as lsp;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// Completion items for the value at the cursor.
pub fn complete(
    ws: &Workspace,
    p: &lsp::TextDocumentPositionParams,
    enc: Encoding,
) -> Option<lsp::CompletionResponse> {
    let path = convert::path_from_uri(&p.text_document.uri)?;
    let display = ws.display(&path);
    let text: Arc<str> = match ws.open.get(&display) {
        Some(d) => Arc::from(d.text.as_str()),
        None => Arc::clone(&ws.project.sources().get(ws.file(&display)?.0).text),
    };
    let file = SourceFile::new(display, text);
    let offset = convert::offset(&file, p.position, enc);
    let ctx = cursor::text_context(&file.text, offset);
    if !ctx.in_value {
        return None;
    }
    let key = ctx.keys.iter().rev().find(|k| *k != "-")?.as_str();
    let r = Reference::embedded();
    let items: Vec<lsp::CompletionItem> = match key {
        "parent" | "recipients" => {
            let inv = ws.project.inventory();
            let mut ids: Vec<(&str, Option<&str>)> = inv
                .vendors
                .iter()
                .map(|v| (v.id.as_str(), v.name.as_deref()))
                .collect();
            ids.sort_unstable();
            ids.dedup_by_key(|(id, _)| *id);
            ids.into_iter()
                .map(|(id, name)| {
                    item(
                        id,
                        name.map(str::to_owned),
                        lsp::CompletionItemKind::REFERENCE,
                    )
                })
                .collect()
        }
        "country" | "data_locations" => {
            let as_of = ws.as_of();
            let mut out: Vec<_> = r
                .iso
                .iter()
                .map(|(code, name)| {
                    let status = if r.is_eea(code) {
                        "EEA"
                    } else if r.adequacy_at(code, as_of).is_some() {
                        "adequacy decision"
                    } else {
                        "third country"
                    };
                    item(
                        code,
                        Some(format!("{name} ({status})")),
                        lsp::CompletionItemKind::VALUE,
                    )
                })
                .collect();
            if key == "data_locations" {
                out.extend(r.region_tokens.iter().map(|t| {
                    item(
                        t,
                        Some("region token".into()),
                        lsp::CompletionItemKind::VALUE,
                    )
                }));
            }
            out
        }
        _ => schema_values(&ctx.keys)
            .into_iter()
            .map(|v| item(&v, None, lsp::CompletionItemKind::ENUM_MEMBER))
            .collect(),
    };
    (!items.is_empty()).then_some(lsp::CompletionResponse::Array(items))
}

fn item(label: &str, detail: Option<String>, kind: lsp::CompletionItemKind) -> lsp::CompletionItem {
    lsp::CompletionItem {
        label: label.to_owned(),
        kind: Some(kind),
        detail,
        ..lsp::CompletionItem::default()
    }
}

/// The enum values the input schema allows at `keys` (`-` = a list item).
pub fn schema_values(keys: &[String]) -> Vec<String> {
    let root = INPUT.json();
    let mut at = expand(root, vec![root]);
    for k in keys {
        let mut next = Vec::new();
        for s in &at {
            if k == "-" {
                next.extend(s.get("items"));
            } else {
                next.extend(s.get("properties").and_then(|p| p.get(k.as_str())));
                if let Some(Value::Object(pp)) = s.get("patternProperties") {
                    next.extend(pp.values());
                }
            }
        }
        at = expand(root, next);
    }
    // A value typed inline as a list (`purposes: [a, b]`) takes its items' values.
    let items: Vec<&Value> = at.iter().filter_map(|s| s.get("items")).collect();
    at.extend(expand(root, items));
    let mut values = BTreeSet::new();
    for s in at {
        if let Some(Value::Array(e)) = s.get("enum") {
            values.extend(e.iter().filter_map(Value::as_str).map(str::to_owned));
        }
        if let Some(Value::String(c)) = s.get("const") {
            values.insert(c.clone());
        }
    }
    values.into_iter().collect()
}

/// `schemas` with every `$ref` followed and `oneOf`/`anyOf`/`allOf` branch added.
fn expand<'a>(root: &'a Value, schemas: Vec<&'a Value>) -> Vec<&'a Value> {
    let mut out = Vec::new();
    let mut todo = schemas;
    while let Some(s) = todo.pop() {
        if out.len() > 256 {
            break;
        }
        if let Some(r) = s.get("$ref").and_then(Value::as_str)
            && let Some(target) = r.strip_prefix('#').and_then(|p| root.pointer(p))
        {
            todo.push(target);
        }
        for combinator in ["oneOf", "anyOf", "allOf"] {
            if let Some(Value::Array(branches)) = s.get(combinator) {
                todo.extend(branches);
            }
        }
        out.push(s);
    }
    out
}

/// Code actions for the findings in `p.range`: their fix, a suppression
/// comment for rule findings, and "explain this rule".
pub fn code_actions(
    ws: &Workspace,
    p: &lsp::CodeActionParams,
    enc: Encoding,
) -> Option<Vec<lsp::CodeActionOrCommand>> {
    let report = ws.report.as_ref()?;
    let display = ws.display(&convert::path_from_uri(&p.text_document.uri)?);
    let (id, _) = ws.file(&display)?;
    let file = report.sources.get(id);
    let start = convert::offset(file, p.range.start, enc) as u32;
    let end = convert::offset(file, p.range.end, enc) as u32;
    let uri = p.text_document.uri.clone();
    let mut actions = Vec::new();
    let mut explained = BTreeSet::new();
    let newline = if file.text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    for d in report.diagnostics.iter().filter(|d| {
        d.file() == id
            && !d.is_suppressed()
            && d.primary.span.start <= end
            && start <= d.primary.span.end
    }) {
        let diag = super::navigate::plain_lsp(d, file, enc);
        let edit = |range: lsp::Range, new_text: String| lsp::WorkspaceEdit {
            changes: Some(HashMap::from([(
                uri.clone(),
                vec![lsp::TextEdit { range, new_text }],
            )])),
            ..lsp::WorkspaceEdit::default()
        };
        if let Some(f) = &d.fix {
            actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: f.title.clone(),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag.clone()]),
                edit: Some(edit(
                    convert::range(file, f.span, enc),
                    f.replacement.clone(),
                )),
                is_preferred: Some(true),
                ..lsp::CodeAction::default()
            }));
        }
        let input_check = INPUT_CHECKS.iter().any(|c| c.id == d.rule);
        if !input_check {
            let line = file.line_of(d.primary.span.start as usize);
            let line_start = file.line_start(line);
            let (_, line_end) = file.line_range(line);
            let indent: String = file.text[line_start..line_end]
                .chars()
                .take_while(|c| *c == ' ')
                .collect();
            let until = ws
                .as_of()
                .0
                .checked_add(jiff::Span::new().days(90))
                .map_or_else(|_| ws.as_of().to_string(), |d| d.to_string());
            let comment = format!(
                "{indent}# dpalint: ignore[{}] reason=\"\" until={until}{newline}",
                d.rule
            );
            let at = convert::range(file, Span::new(line_start, line_start), enc);
            actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!("Suppress {} here (write the reason)", d.rule),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag.clone()]),
                edit: Some(edit(at, comment)),
                ..lsp::CodeAction::default()
            }));
        }
        if explained.insert(d.rule.to_string()) {
            actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!("Explain {} ({})", d.rule, d.name),
                kind: Some(lsp::CodeActionKind::EMPTY),
                diagnostics: Some(vec![diag]),
                command: Some(lsp::Command {
                    title: format!("Explain {}", d.rule),
                    command: super::EXPLAIN_COMMAND.into(),
                    arguments: Some(vec![Value::String(d.rule.to_string())]),
                }),
                ..lsp::CodeAction::default()
            }));
        }
    }
    Some(actions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_values_where_the_cursor_is() {
        let keys = |k: &[&str]| k.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
        let roles = schema_values(&keys(&["vendors", "-", "role"]));
        assert!(roles.contains(&"sub_processor".to_string()), "{roles:?}");
        let mech = schema_values(&keys(&["vendors", "-", "transfer", "mechanism"]));
        assert!(mech.contains(&"scc".to_string()), "{mech:?}");
        assert!(schema_values(&keys(&["vendors", "-", "name"])).is_empty());
    }
}
