//! DPA010 `unilateral-amendment`: the processor can change the DPA without approval.

use crate::diagnostic::Severity;
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
        "EDPB Guidelines 07/2020 v1.0, para. 107",
        "Commission Implementing Decision (EU) 2021/915, Clause 2",
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
        let inv = cx.inventory;
        for v in &inv.vendors {
            let Some(dpa) = &v.dpa else { continue };
            let a = &dpa.amendment;
            if !a.unilateral || a.controller_approval {
                continue;
            }
            let f = cx.report(
                &v.origin,
                &v.id,
                "dpa/amendment/unilateral",
                format!(
                    "DPA with '{}' can be changed by the processor without your approval (EDPB 07/2020: changes must be notified to and approved by the controller)",
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
