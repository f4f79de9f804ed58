//! Findings introduced and resolved between two check reports.
//!
//! Findings are matched by a fingerprint of rule, entity and the pointer below
//! the entity (`dpa/breach/deadline_hours`); the file takes part only for
//! findings outside any entity. So moving a vendor to another file, or
//! inserting one above it, changes nothing, unlike the check fingerprint
//! (which includes the path and the entity's index for baselines).

use crate::check::Report;
use crate::diagnostic::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Default, Serialize)]
pub struct FindingChanges {
    /// Present at HEAD, not at BASE; located at HEAD.
    pub introduced: Vec<FindingEntry>,
    /// Present at BASE, not at HEAD; located at BASE.
    pub resolved: Vec<FindingEntry>,
}

impl FindingChanges {
    /// Introduced findings at `severity`.
    pub fn introduced_at(&self, severity: Severity) -> usize {
        self.introduced
            .iter()
            .filter(|f| f.severity == severity.as_str())
            .count()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct FindingEntry {
    pub rule: String,
    pub name: String,
    pub severity: String,
    pub message: String,
    pub entity: Option<String>,
    pub file: String,
    pub line: u32,
    pub column: u32,
    /// The diff fingerprint (see the module documentation).
    pub fingerprint: String,
}

/// The pointer below the entity: `/vendors/3/dpa/x` -> `dpa/x`.
fn below_entity(pointer: &str) -> &str {
    let mut parts = pointer.splitn(4, '/');
    let _ = parts.next();
    match (parts.next(), parts.next()) {
        (Some("vendors" | "activities"), Some(_)) => parts.next().unwrap_or(""),
        (Some("organisation"), _) => pointer
            .trim_start_matches("/organisation")
            .trim_start_matches('/'),
        _ => pointer,
    }
}

fn key(d: &Diagnostic, path: &str) -> String {
    let mut copy = Diagnostic {
        pointer: below_entity(&d.pointer).to_string(),
        ..d.clone()
    };
    if d.entity.is_some() {
        // Entity ids are unique across the project: the file does not matter.
        copy.labels.clear();
        copy.fingerprint("")
    } else {
        copy.pointer = d.pointer.clone();
        copy.fingerprint(path)
    }
}

fn entries(report: &Report) -> BTreeMap<String, FindingEntry> {
    let mut out = BTreeMap::new();
    for d in report.diagnostics.iter().filter(|d| !d.is_suppressed()) {
        let file = report.sources.get(d.file());
        let pos = file.position(d.primary.span.start as usize);
        let fingerprint = key(d, &file.path);
        out.entry(fingerprint.clone()).or_insert(FindingEntry {
            rule: d.rule.to_string(),
            name: d.name.to_string(),
            severity: d.severity.as_str().to_string(),
            message: d.message.clone(),
            entity: d.entity.clone(),
            file: file.path.clone(),
            line: pos.line,
            column: pos.column,
            fingerprint,
        });
    }
    out
}

/// Findings of `head` not in `base` (introduced) and of `base` not in `head`
/// (resolved), each in the order of its report (file, position, rule).
pub fn compare(base: &Report, head: &Report) -> FindingChanges {
    let old = entries(base);
    let new = entries(head);
    let order = |e: &FindingEntry| {
        (
            e.file.clone(),
            e.line,
            e.column,
            e.rule.clone(),
            e.message.clone(),
        )
    };
    let mut introduced: Vec<FindingEntry> = new
        .iter()
        .filter(|(k, _)| !old.contains_key(*k))
        .map(|(_, e)| e.clone())
        .collect();
    let mut resolved: Vec<FindingEntry> = old
        .iter()
        .filter(|(k, _)| !new.contains_key(*k))
        .map(|(_, e)| e.clone())
        .collect();
    introduced.sort_by_key(order);
    resolved.sort_by_key(order);
    FindingChanges {
        introduced,
        resolved,
    }
}

#[cfg(test)]
mod tests {
    use super::below_entity;

    #[test]
    fn pointers_below_the_entity() {
        assert_eq!(below_entity("/vendors/3/dpa/breach"), "dpa/breach");
        assert_eq!(below_entity("/vendors/3"), "");
        assert_eq!(below_entity("/activities/0/recipients/1"), "recipients/1");
        assert_eq!(below_entity("/organisation/dpo"), "dpo");
        assert_eq!(below_entity(""), "");
    }
}
