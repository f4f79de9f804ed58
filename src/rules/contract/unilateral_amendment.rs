//! DPA010 `unilateral-amendment`: the processor can change the DPA without approval.

use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct UnilateralAmendment;

static META: RuleMeta = RuleMeta {
    id: "DPA010",
    name: "unilateral-amendment",
    severity: Severity::Warning,
    category: Category::Contract,
    legal_basis: &[
        "GDPR Art. 28(3)",
        "GDPR Art. 28(9)",
        "EDPB Guidelines 07/2020 on the concepts of controller and processor v2.0 (standard terms: changes notified to and approved by the controller)",
    ],
    summary: "the processor can change the DPA without the controller's approval",
    help: "require the written agreement of both parties for changes to the DPA and its annexes; at most allow processor proposals that take effect only once you approve them",
    docs: include_str!("../../../rules/DPA010-unilateral-amendment/docs.md"),
    dir: "DPA010-unilateral-amendment",
    opt_in: false,
};

impl Rule for UnilateralAmendment {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let a = &dpa.amendment;
            if !a.unilateral || a.controller_approval {
                continue;
            }
            let f = cx.report(
                &v.origin,
                &v.id,
                "dpa/amendment/unilateral",
                format!(
                    "DPA with '{}' can be changed by the processor without your approval (changes must be notified to and approved by the controller)",
                    v.id
                ),
            );
            if a.controller_may_terminate {
                f.label(
                    &v.origin,
                    "dpa/amendment/controller_may_terminate",
                    "a right to terminate is not an approval of the change",
                );
            }
        }
    }
}
