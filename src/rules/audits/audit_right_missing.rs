//! DPA037 `audit-right-missing`: no information right or no audit/inspection right.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct AuditRightMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA037",
    name: "audit-right-missing",
    severity: Severity::Error,
    category: Category::Audits,
    legal_basis: &["GDPR Art. 28(3)(h)"],
    summary: "the DPA gives no right to information or no right to audits and inspections",
    help: "add the processor's duty to make available all information necessary to demonstrate compliance and to allow for and contribute to audits, including inspections, by you or an auditor you mandate",
    docs: include_str!("../../../rules/DPA037-audit-right-missing/docs.md"),
    dir: "DPA037-audit-right-missing",
    opt_in: false,
};

impl Rule for AuditRightMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for v in &cx.inventory.vendors {
            let Some(dpa) = &v.dpa else { continue };
            let audits = &dpa.audits;
            let (at, what) = match (audits.information, audits.inspections) {
                (true, true) => continue,
                (false, false) => (
                    "dpa/audits/information",
                    "neither information nor audit/inspection rights",
                ),
                (false, true) => (
                    "dpa/audits/information",
                    "no right to the information needed to demonstrate compliance",
                ),
                (true, false) => ("dpa/audits/inspections", "no audit or inspection right"),
            };
            cx.report(
                &v.origin,
                &v.id,
                at,
                format!("DPA with '{}' gives you {what} (Art. 28(3)(h))", v.id),
            );
        }
    }
}
