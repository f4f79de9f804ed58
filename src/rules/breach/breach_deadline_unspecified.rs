//! DPA051 `breach-deadline-unspecified` (opt-in): the processor must notify
//! breaches without undue delay, but no maximum in hours is agreed.

use super::{weakening, wording};
use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct BreachDeadlineUnspecified;

static META: RuleMeta = RuleMeta {
    id: "DPA051",
    name: "breach-deadline-unspecified",
    severity: Severity::Info,
    category: Category::Breach,
    legal_basis: &[
        "GDPR Art. 33(2)",
        "EDPB Guidelines 07/2020 on the concepts of controller and processor v2.0 (Art. 28(3)(f))",
        "Commission Implementing Decision (EU) 2021/915, Clause 9.2",
    ],
    summary: "the processor's breach notification has no maximum in hours",
    help: "optionally agree a maximum (e.g. 24-48 h after awareness) in addition to \"without undue delay\", a contact point and phased information",
    docs: include_str!("../../../rules/DPA051-breach-deadline-unspecified/docs.md"),
    dir: "DPA051-breach-deadline-unspecified",
    opt_in: true,
};

impl Rule for BreachDeadlineUnspecified {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let breach = &dpa.breach;
            // No duty at all is DPA021 (I6); a weakening qualifier is DPA022 (I7).
            if !breach.notify || breach.deadline_hours.is_some() || !weakening(breach).is_empty() {
                continue;
            }
            let said = wording(breach)
                .map_or_else(|| "no wording recorded".to_owned(), |w| format!("'{w}'"));
            let f = cx.report(
                &v.origin,
                &v.id,
                "dpa/breach/deadline_hours",
                format!(
                    "breach notification by '{}' has no maximum in hours ({said}); the law requires notice without undue delay, a fixed maximum makes it verifiable",
                    v.id
                ),
            );
            if wording(breach).is_some() {
                f.label(&v.origin, "dpa/breach/wording", "the contract says this");
            }
        }
    }
}
