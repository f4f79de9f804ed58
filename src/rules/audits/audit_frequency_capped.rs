//! DPA039 `audit-frequency-capped`: at most one audit a year, with no exception for cause.

use super::audit_right_gaps;
use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct AuditFrequencyCapped;

static META: RuleMeta = RuleMeta {
    id: "DPA039",
    name: "audit-frequency-capped",
    severity: Severity::Info,
    category: Category::Audits,
    legal_basis: &[
        "GDPR Art. 28(3)(h)",
        "Commission Implementing Decision (EU) 2021/915, Clause 7.6(c)",
    ],
    summary: "audits are capped at once a year with no exception for incidents or regulator requests",
    help: "keep the cap but add exceptions for breaches, indications of non-compliance and supervisory-authority requests",
    docs: include_str!("../../../rules/DPA039-audit-frequency-capped/docs.md"),
    dir: "DPA039-audit-frequency-capped",
    opt_in: false,
};

impl Rule for AuditFrequencyCapped {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let audits = &dpa.audits;
            // Audits absent or excluded (`max_per_year: 0`) are DPA037's (I10).
            if !audit_right_gaps(audits).is_empty() {
                continue;
            }
            if audits.max_per_year != Some(1) || audits.exception_for_cause {
                continue;
            }
            cx.report(
                &v.origin,
                &v.id,
                "dpa/audits/max_per_year",
                format!(
                    "audits of '{}' are capped at once per year without an exception for incidents or regulator requests",
                    v.id
                ),
            );
        }
    }
}
