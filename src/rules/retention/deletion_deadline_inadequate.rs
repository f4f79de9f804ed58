//! DPA036 `deletion-deadline-inadequate`: the deadline for deletion or return
//! is longer than `max_deletion_days` (a missing deadline is DPA055).

use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct DeletionDeadlineInadequate;

static META: RuleMeta = RuleMeta {
    id: "DPA036",
    name: "deletion-deadline-inadequate",
    severity: Severity::Warning,
    category: Category::Retention,
    legal_basis: &["GDPR Art. 28(3)(g)", "GDPR Art. 5(1)(e)"],
    summary: "deletion or return after the end of the services may take longer than the configured maximum",
    help: "agree a maximum (e.g. 30-90 days) including backups, with written confirmation",
    docs: include_str!("../../../rules/DPA036-deletion-deadline-inadequate/docs.md"),
    dir: "DPA036-deletion-deadline-inadequate",
    opt_in: false,
};

impl Rule for DeletionDeadlineInadequate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let max = cx.thresholds.max_deletion_days;
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let e = &dpa.end_of_processing;
            if e.options.is_empty() {
                continue; // DPA034: there is no deletion or return to put a deadline on (I8)
            }
            let Some(n) = e.deadline_days.filter(|&n| n > max) else {
                continue; // within the maximum, or no deadline at all (DPA055, I9)
            };
            cx.report(
                &v.origin,
                &v.id,
                "dpa/end_of_processing/deadline_days",
                format!(
                    "deletion or return by '{}' may take {n} days after the end of the services (> {max})",
                    v.id
                ),
            );
        }
    }
}
