//! DPA037 `audit-right-missing`: no information right, no audit/inspection
//! right, or audits excluded altogether (`max_per_year: 0`).

use super::audit_right_gaps;
use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct AuditRightMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA037",
    name: "audit-right-missing",
    severity: Severity::Error,
    category: Category::Audits,
    legal_basis: &["GDPR Art. 28(3)(h)"],
    summary: "the DPA gives no right to information, no right to audits and inspections, or excludes audits",
    help: "add the obligation to make available all necessary information and to allow for and contribute to audits, including inspections, by you or a mandated auditor",
    docs: include_str!("../../../rules/DPA037-audit-right-missing/docs.md"),
    dir: "DPA037-audit-right-missing",
    opt_in: false,
};

impl Rule for AuditRightMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let gaps = audit_right_gaps(&dpa.audits);
            // One finding names every gap; it points at the first (a label per
            // further gap would land on the same key when the fields are absent).
            let Some(((first, _), _)) = gaps.split_first() else {
                continue;
            };
            let words: Vec<&str> = gaps.iter().map(|(_, w)| *w).collect();
            let words = match words.split_last() {
                Some((last, init)) if !init.is_empty() => format!("{} and {last}", init.join(", ")),
                _ => words.concat(),
            };
            cx.report(
                &v.origin,
                &v.id,
                &format!("dpa/audits/{first}"),
                format!("DPA with '{}' gives you {words} (Art. 28(3)(h))", v.id),
            );
        }
    }
}
