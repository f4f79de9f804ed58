//! DPA039 `audit-frequency-capped`: at most one audit a year, with no exception for cause.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct AuditFrequencyCapped;

static META: RuleMeta = RuleMeta {
    id: "DPA039",
    name: "audit-frequency-capped",
    severity: Severity::Info,
    category: Category::Audits,
    legal_basis: &[
        "GDPR Art. 28(3)(h)",
        "Commission Implementing Decision (EU) 2021/915, Clause 7.6(d)",
    ],
    summary: "audits are capped at once a year or less with no exception for incidents or regulator requests",
    help: "keep the cap if you wish, but add exceptions for personal data breaches, indications of non-compliance and requests of a supervisory authority",
    docs: include_str!("../../../rules/DPA039-audit-frequency-capped/docs.md"),
    dir: "DPA039-audit-frequency-capped",
    opt_in: false,
};

impl Rule for AuditFrequencyCapped {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for v in &cx.inventory.vendors {
            let Some(dpa) = &v.dpa else { continue };
            let audits = &dpa.audits;
            let Some(n) = audits.max_per_year else {
                continue;
            };
            if n > 1 || audits.exception_for_cause {
                continue;
            }
            let message = if n == 0 {
                format!(
                    "audits of '{}' are excluded altogether (at most 0 per year), without an exception for incidents or regulator requests",
                    v.id
                )
            } else {
                format!(
                    "audits of '{}' are capped at {n} per year without an exception for incidents or regulator requests",
                    v.id
                )
            };
            cx.report(&v.origin, &v.id, "dpa/audits/max_per_year", message);
        }
    }
}
