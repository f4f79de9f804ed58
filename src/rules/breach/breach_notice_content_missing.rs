//! DPA052 `breach-notice-content-missing`: the DPA does not say what a breach
//! notification to the controller must contain (Art. 33(3); 2021/915 Cl. 9.2).

use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct BreachNoticeContentMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA052",
    name: "breach-notice-content-missing",
    severity: Severity::Warning,
    category: Category::Breach,
    legal_basis: &[
        "GDPR Art. 28(3)(f)",
        "GDPR Art. 33(2)-(4)",
        "Commission Implementing Decision (EU) 2021/915, Clause 9.2(a)-(c)",
    ],
    summary: "the DPA does not say what a breach notification to you must contain",
    help: "require the notice to contain at least the items of 2021/915 Clause 9.2(a)-(c) (nature of the breach, contact point, likely consequences, measures), with further information provided in phases without undue delay",
    docs: include_str!("../../../rules/DPA052-breach-notice-content-missing/docs.md"),
    dir: "DPA052-breach-notice-content-missing",
    opt_in: false,
};

impl Rule for BreachNoticeContentMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let breach = &dpa.breach;
            // Only an explicit `false` (the contract was read and is silent on
            // the content); absent or null is not established. No duty at all
            // is DPA021 (I6).
            if breach.notify && breach.content_specified == Some(false) {
                cx.report(
                    &v.origin,
                    &v.id,
                    "dpa/breach/content_specified",
                    format!(
                        "DPA with '{}' does not say what a breach notification to you must contain (nature, contact point, likely consequences, measures)",
                        v.id
                    ),
                );
            }
        }
    }
}
