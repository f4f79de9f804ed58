//! DPA065 `dpa-terms-not-recorded`: a processor's DPA is recorded (form, dates,
//! source) but none of its terms are, so no term rule can check it (G0b).

use crate::diagnostic::Severity;
use crate::rules::predicates::{dpa_terms, terms_recorded};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct DpaTermsNotRecorded;

static META: RuleMeta = RuleMeta {
    id: "DPA065",
    name: "dpa-terms-not-recorded",
    severity: Severity::Warning,
    category: Category::Contract,
    legal_basis: &["GDPR Art. 28(3)", "GDPR Art. 28(1)", "GDPR Art. 5(2)"],
    summary: "a processor's DPA is recorded but none of its terms are",
    help: "record the terms as reviewed (the `dpa` block of the input format): start with `subprocessing`, `breach`, `transfers`, `audits` and `end_of_processing`; `dpalint explain DPA065` shows a complete example",
    docs: include_str!("../../../rules/DPA065-dpa-terms-not-recorded/docs.md"),
    dir: "DPA065-dpa-terms-not-recorded",
    opt_in: false,
};

impl Rule for DpaTermsNotRecorded {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for v in &cx.inventory.vendors {
            // No DPA or `form: none` is DPA001's finding; a controller's or a
            // joint controller's `dpa` block is not an Art. 28 contract.
            if !v.is_processor_like() || !dpa_terms(v) || terms_recorded(v) {
                continue;
            }
            cx.report(
                &v.origin,
                &v.id,
                "dpa",
                format!(
                    "the DPA with '{}' is recorded but none of its terms are; dpalint cannot check it against Art. 28(3)",
                    v.id
                ),
            );
        }
    }
}
