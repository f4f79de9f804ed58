//! DPA007 `dsr-assistance-missing`: no assistance with data subject requests.

use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct DsrAssistanceMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA007",
    name: "dsr-assistance-missing",
    severity: Severity::Error,
    category: Category::Contract,
    legal_basis: &[
        "GDPR Art. 28(3)(e)",
        "Commission Implementing Decision (EU) 2021/915, Clause 8(a)–(b)",
    ],
    summary: "the processor is not obliged to assist with data subject requests",
    help: "add a clause under which the processor assists you with requests under Chapter III (access, rectification, erasure, portability, objection) and forwards requests it receives directly",
    docs: include_str!("../../../rules/DPA007-dsr-assistance-missing/docs.md"),
    dir: "DPA007-dsr-assistance-missing",
    opt_in: false,
};

impl Rule for DsrAssistanceMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            if !dpa.assistance.data_subject_rights {
                cx.report(
                    &v.origin,
                    &v.id,
                    "dpa/assistance/data_subject_rights",
                    format!(
                        "DPA with '{}' has no obligation to assist you with data subject requests (Art. 28(3)(e))",
                        v.id
                    ),
                );
            }
        }
    }
}
