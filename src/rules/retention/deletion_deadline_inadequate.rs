//! DPA036 `deletion-deadline-inadequate`: no or too long a deadline for deletion or return.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct DeletionDeadlineInadequate;

static META: RuleMeta = RuleMeta {
    id: "DPA036",
    name: "deletion-deadline-inadequate",
    severity: Severity::Warning,
    category: Category::Retention,
    legal_basis: &["GDPR Art. 28(3)(g)", "GDPR Art. 5(1)(e)"],
    summary: "deletion or return after the end of the services has no deadline or too long a one",
    help: "agree a maximum period for deletion or return (30 to 90 days is common), backups included, with written confirmation of deletion",
    docs: include_str!("../../../rules/DPA036-deletion-deadline-inadequate/docs.md"),
    dir: "DPA036-deletion-deadline-inadequate",
    opt_in: false,
};

impl Rule for DeletionDeadlineInadequate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        let max = cx.thresholds.max_deletion_days;
        for v in &inv.vendors {
            let Some(dpa) = &v.dpa else { continue };
            let e = &dpa.end_of_processing;
            if e.options.is_empty() {
                continue; // DPA034: there is no deletion or return to put a deadline on
            }
            let message = match e.deadline_days {
                None => format!(
                    "no deadline for deletion or return by '{}' after the end of the services",
                    v.id
                ),
                Some(n) if n > max => format!(
                    "deletion or return by '{}' may take {n} days after the end of the services (maximum {max})",
                    v.id
                ),
                Some(_) => continue,
            };
            cx.report(
                &v.origin,
                &v.id,
                "dpa/end_of_processing/deadline_days",
                message,
            );
        }
    }
}
