//! DPA034 `deletion-return-missing`: no deletion or return at the end of the services.

use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct DeletionReturnMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA034",
    name: "deletion-return-missing",
    severity: Severity::Error,
    category: Category::Retention,
    legal_basis: &["GDPR Art. 28(3)(g)"],
    summary: "the DPA does not provide for deletion or return of the data at the end of the services",
    help: "add deletion or return of all personal data at your choice after the end of the services, deletion of existing copies, and a deadline",
    docs: include_str!("../../../rules/DPA034-deletion-return-missing/docs.md"),
    dir: "DPA034-deletion-return-missing",
    opt_in: false,
};

impl Rule for DeletionReturnMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            if dpa.end_of_processing.options.is_empty() {
                cx.report(
                    &v.origin,
                    &v.id,
                    "dpa/end_of_processing/options",
                    format!(
                        "DPA with '{}' does not provide for deletion or return of personal data at the end of the services (Art. 28(3)(g))",
                        v.id
                    ),
                );
            }
        }
    }
}
