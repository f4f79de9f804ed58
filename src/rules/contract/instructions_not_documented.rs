//! DPA003 `instructions-not-documented`: processing is not tied to documented instructions.

use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct InstructionsNotDocumented;

static META: RuleMeta = RuleMeta {
    id: "DPA003",
    name: "instructions-not-documented",
    severity: Severity::Error,
    category: Category::Contract,
    legal_basis: &[
        "GDPR Art. 28(3)(a)",
        "Commission Implementing Decision (EU) 2021/915, Clause 7.1",
    ],
    summary: "the DPA does not restrict processing to the controller's documented instructions",
    help: "add a clause that the processor processes the personal data only on your documented instructions, including with regard to transfers to third countries",
    docs: include_str!("../../../rules/DPA003-instructions-not-documented/docs.md"),
    dir: "DPA003-instructions-not-documented",
    opt_in: false,
};

impl Rule for InstructionsNotDocumented {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            if !dpa.instructions.documented {
                cx.report(
                    &v.origin,
                    &v.id,
                    "dpa/instructions/documented",
                    format!(
                        "DPA with '{}' does not restrict processing to the controller's documented instructions (Art. 28(3)(a))",
                        v.id
                    ),
                );
            }
        }
    }
}
