//! Findings of the built-in rules as diagnostics: places (entity origin +
//! pointer) resolved to spans through the parsed documents.

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::project::DocMap;
use crate::project::parse::finding_labels;
use crate::rules::Finding;
use crate::source::{FileId, SourceMap};

/// A rule's finding at `severity`, with its labels located and its fix (if
/// any) turned into an edit of the value as written.
pub fn to_diagnostic(
    f: &Finding,
    severity: Severity,
    docs: &DocMap<'_>,
    sources: &SourceMap,
) -> Diagnostic {
    let locate = |file: FileId, doc: usize, pointer: &str| {
        docs.get(&(file, doc)).map(|d| d.locate_nearest(pointer))
    };
    let at = &f.at;
    let located = locate(at.origin.file, at.origin.doc, &at.pointer);
    let (mut primary, labels) = finding_labels(at.origin.file, located.as_ref());
    primary.message.clone_from(&f.primary_label);
    let mut d = Diagnostic {
        rule: f.rule.id.into(),
        name: f.rule.name.into(),
        severity,
        message: f.message.clone(),
        help: Some(f.help.clone().unwrap_or_else(|| f.rule.help.to_string())),
        legal_basis: f.rule.legal_basis.iter().map(|s| (*s).into()).collect(),
        pointer: at.pointer.clone(),
        entity: Some(f.entity.clone()),
        primary,
        labels,
        suppression: None,
        fix: None,
    };
    for (place, message) in &f.labels {
        if let Some(l) = locate(place.origin.file, place.origin.doc, &place.pointer) {
            d.labels.push(Label {
                file: place.origin.file,
                span: l.primary(),
                message: Some(message.clone()),
            });
        }
    }
    if let Some(replacement) = &f.fix
        && let Some(doc) = docs
            .get(&(at.origin.file, at.origin.doc))
            .and_then(|d| d.as_yaml())
        && let Some((current, span)) = crate::fix::string_at(doc, &at.pointer)
    {
        let title = format!("replace '{current}' with '{replacement}'");
        let file = sources.get(at.origin.file);
        d.fix = crate::fix::replace_scalar(file, span, current, replacement, title).map(Box::new);
    }
    d
}
