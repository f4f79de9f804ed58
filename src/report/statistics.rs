//! Findings per rule: `--statistics` (printed on stderr after the chosen
//! format) and the per-rule table of `--format markdown`.

use super::common;
use crate::check::Report;
use crate::diagnostic::Severity;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How many unsuppressed findings one rule produced.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleCount<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// The highest severity among the rule's findings.
    pub severity: Severity,
    pub count: usize,
}

/// Rules with unsuppressed findings, by count (descending), then id.
pub fn per_rule(report: &Report) -> Vec<RuleCount<'_>> {
    let mut map: BTreeMap<&str, RuleCount<'_>> = BTreeMap::new();
    for d in common::unsuppressed(report) {
        let e = map.entry(d.rule.as_ref()).or_insert(RuleCount {
            id: d.rule.as_ref(),
            name: d.name.as_ref(),
            severity: d.severity,
            count: 0,
        });
        e.count += 1;
        e.severity = e.severity.max(d.severity);
    }
    let mut v: Vec<RuleCount<'_>> = map.into_values().collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then(a.id.cmp(b.id)));
    v
}

/// `--statistics`: one line per rule, `COUNT  ID  NAME`, counts right-aligned;
/// nothing when there are no findings.
pub fn render(report: &Report) -> String {
    let rows = per_rule(report);
    let width = rows.first().map_or(1, |r| r.count.to_string().len());
    let mut s = String::new();
    for r in &rows {
        let _ = writeln!(s, "{:>width$}  {}  {}", r.count, r.id, r.name);
    }
    s
}
