//! DPA005 `unlawful-instruction-alert-missing`: no duty to flag instructions that infringe data protection law.

use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct UnlawfulInstructionAlertMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA005",
    name: "unlawful-instruction-alert-missing",
    severity: Severity::Warning,
    category: Category::Contract,
    legal_basis: &[
        "GDPR Art. 28(3), second subparagraph",
        "Commission Implementing Decision (EU) 2021/915, Clause 7.1(b)",
    ],
    summary: "the processor need not warn you when an instruction infringes data protection law",
    help: "add: \"The processor shall immediately inform the controller if, in its opinion, an instruction infringes the GDPR or other Union or Member State data protection provisions.\"",
    docs: include_str!("../../../rules/DPA005-unlawful-instruction-alert-missing/docs.md"),
    dir: "DPA005-unlawful-instruction-alert-missing",
    opt_in: false,
};

impl Rule for UnlawfulInstructionAlertMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            if !dpa.instructions.unlawful_instruction_alert {
                cx.report(
                    &v.origin,
                    &v.id,
                    "dpa/instructions/unlawful_instruction_alert",
                    format!(
                        "DPA with '{}' lacks the processor's duty to inform you immediately if an instruction infringes data protection law (Art. 28(3), second subparagraph)",
                        v.id
                    ),
                );
            }
        }
    }
}
