//! Policy findings as diagnostics, located like the built-in rules' findings.

use super::{Finding, Policy};
use crate::diagnostic::{Diagnostic, Severity};
use crate::project::DocMap;
use crate::project::parse::finding_labels;
use crate::project::validate::Locate;
use std::borrow::Cow;

/// A policy finding as a diagnostic, like a built-in rule's.
pub fn policy_diagnostic(
    p: &Policy,
    f: &Finding,
    severity: Severity,
    docs: &DocMap<'_>,
) -> Diagnostic {
    let pointer = super::finding_pointer(p, f.place.as_ref());
    let (file, doc) = f
        .place
        .as_ref()
        .map_or((p.file, p.doc), |pl| (pl.file, pl.doc));
    let located = docs.get(&(file, doc)).map(|d| d.locate_nearest(&pointer));
    let (primary, labels) = finding_labels(file, located.as_ref());
    let help = match p.meta.description.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => d.to_string(),
        _ => format!(
            "organisation policy defined in {}:{}; `dpalint explain {}` shows it",
            p.meta.file, p.meta.line, p.meta.id
        ),
    };
    Diagnostic {
        rule: Cow::Owned(p.meta.id.clone()),
        name: Cow::Owned(p.meta.name.clone()),
        severity,
        message: f.message.clone(),
        help: Some(help),
        legal_basis: p.meta.legal_basis.iter().cloned().map(Cow::Owned).collect(),
        pointer,
        entity: f.place.as_ref().map(|pl| pl.entity.clone()),
        primary,
        labels,
        suppression: None,
        fix: None,
    }
}
