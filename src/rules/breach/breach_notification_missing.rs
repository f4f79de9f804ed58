//! DPA021 `breach-notification-missing`: the processor is not obliged to notify
//! personal data breaches to the controller (Art. 33(2)).

use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct BreachNotificationMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA021",
    name: "breach-notification-missing",
    severity: Severity::Error,
    category: Category::Breach,
    legal_basis: &[
        "GDPR Art. 33(2)",
        "GDPR Art. 28(3)(f)",
        "Commission Implementing Decision (EU) 2021/915, Clause 9.2",
    ],
    summary: "the DPA does not oblige the processor to notify personal data breaches to you",
    help: "add a duty to notify personal data breaches to you without undue delay after becoming aware, with a fixed maximum (24-48 h) and the Art. 33(3) content",
    docs: include_str!("../../../rules/DPA021-breach-notification-missing/docs.md"),
    dir: "DPA021-breach-notification-missing",
    opt_in: false,
};

impl Rule for BreachNotificationMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            if !dpa.breach.notify {
                cx.report(
                    &v.origin,
                    &v.id,
                    "dpa/breach/notify",
                    format!(
                        "DPA with '{}' does not oblige the processor to notify personal data breaches to you (Art. 33(2))",
                        v.id
                    ),
                );
            }
        }
    }
}
