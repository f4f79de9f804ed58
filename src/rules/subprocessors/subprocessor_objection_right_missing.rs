//! DPA014 `subprocessor-objection-right-missing`: general authorisation without
//! the controller's opportunity to object (Art. 28(2)).

use super::objection_right_missing;
use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct SubprocessorObjectionRightMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA014",
    name: "subprocessor-objection-right-missing",
    severity: Severity::Error,
    category: Category::SubProcessors,
    legal_basis: &[
        "GDPR Art. 28(2)",
        "Commission Implementing Decision (EU) 2021/915, Clause 7.7(a) Option 2",
    ],
    summary: "general sub-processor authorisation without a right to object to new sub-processors",
    help: "add a right to object to intended sub-processor changes, with a defined objection window and a binding consequence",
    docs: include_str!("../../../rules/DPA014-subprocessor-objection-right-missing/docs.md"),
    dir: "DPA014-subprocessor-objection-right-missing",
    opt_in: false,
};

impl Rule for SubprocessorObjectionRightMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            if objection_right_missing(dpa) {
                cx.report(
                    &v.origin,
                    &v.id,
                    "dpa/subprocessing/objection/right",
                    format!(
                        "'{}' has general authorisation but you have no right to object to new sub-processors (Art. 28(2))",
                        v.id
                    ),
                );
            }
        }
    }
}
