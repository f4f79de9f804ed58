//! DPA004 `legal-requirement-notice-missing`: no prior notice of a legal duty to deviate from instructions.

use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct LegalRequirementNoticeMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA004",
    name: "legal-requirement-notice-missing",
    severity: Severity::Warning,
    category: Category::Contract,
    legal_basis: &["GDPR Art. 28(3)(a)"],
    summary: "the processor need not tell you before it processes data because the law requires it",
    help: "require the processor to inform you of a Union or Member State legal requirement before processing under it, unless that law prohibits this on important grounds of public interest",
    docs: include_str!("../../../rules/DPA004-legal-requirement-notice-missing/docs.md"),
    dir: "DPA004-legal-requirement-notice-missing",
    opt_in: false,
};

impl Rule for LegalRequirementNoticeMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            if !dpa.instructions.legal_requirement_notice {
                cx.report(
                    &v.origin,
                    &v.id,
                    "dpa/instructions/legal_requirement_notice",
                    format!(
                        "DPA with '{}' lets the processor deviate from your instructions where the law requires it, without informing you of that legal requirement beforehand (Art. 28(3)(a))",
                        v.id
                    ),
                );
            }
        }
    }
}
