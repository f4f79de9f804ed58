//! DPA009 `processor-own-purpose-use`: the processor may reuse controller data for itself.

use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct ProcessorOwnPurposeUse;

static META: RuleMeta = RuleMeta {
    id: "DPA009",
    name: "processor-own-purpose-use",
    severity: Severity::Warning,
    category: Category::Contract,
    legal_basis: &[
        "GDPR Art. 28(10)",
        "GDPR Art. 5(1)(b)",
        "GDPR Art. 6",
        "EDPB Guidelines 07/2020 on the concepts of controller and processor v2.0",
    ],
    summary: "the processor may use your personal data for its own purposes",
    help: "exclude any reuse of your data by the processor (including anonymisation, enrichment and analytics), or document it as a separate processing by the vendor as controller with its own lawful basis and transparency",
    docs: include_str!("../../../rules/DPA009-processor-own-purpose-use/docs.md"),
    dir: "DPA009-processor-own-purpose-use",
    opt_in: false,
};

impl Rule for ProcessorOwnPurposeUse {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let uses: Vec<&str> = dpa
                .own_purpose_use
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect();
            if uses.is_empty() {
                continue;
            }
            cx.report(
                &v.origin,
                &v.id,
                "dpa/own_purpose_use",
                format!(
                    "vendor '{}' may use your personal data for its own purposes ({}); it would act as a controller for that use (Art. 28(10))",
                    v.id,
                    uses.join("; ")
                ),
            );
        }
    }
}
