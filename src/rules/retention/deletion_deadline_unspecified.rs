//! DPA055 `deletion-deadline-unspecified` (opt-in): deletion or return is
//! agreed, but without a deadline after the end of the services.

use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct DeletionDeadlineUnspecified;

static META: RuleMeta = RuleMeta {
    id: "DPA055",
    name: "deletion-deadline-unspecified",
    severity: Severity::Info,
    category: Category::Retention,
    legal_basis: &[
        "GDPR Art. 28(3)(g)",
        "GDPR Art. 5(1)(e)",
        "Commission Implementing Decision (EU) 2021/915, Clause 10(d)",
    ],
    summary: "deletion or return after the end of the services has no deadline",
    help: "optionally agree a maximum (e.g. 30-90 days, backups included) with written confirmation",
    docs: include_str!("../../../rules/DPA055-deletion-deadline-unspecified/docs.md"),
    dir: "DPA055-deletion-deadline-unspecified",
    opt_in: true,
};

impl Rule for DeletionDeadlineUnspecified {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let e = &dpa.end_of_processing;
            // No clause at all is DPA034 (I8); a deadline, however long, is DPA036's (I9).
            if e.options.is_empty() || e.deadline_days.is_some() {
                continue;
            }
            cx.report(
                &v.origin,
                &v.id,
                "dpa/end_of_processing/deadline_days",
                format!(
                    "no deadline for deletion or return by '{}' after the end of the services",
                    v.id
                ),
            );
        }
    }
}
