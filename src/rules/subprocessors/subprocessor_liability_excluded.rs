//! DPA060 `subprocessor-liability-excluded`: the DPA excludes or limits the
//! processor's liability for its sub-processors (Art. 28(4), 2nd sentence).

use super::is_authorised;
use crate::diagnostic::Severity;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct SubprocessorLiabilityExcluded;

static META: RuleMeta = RuleMeta {
    id: "DPA060",
    name: "subprocessor-liability-excluded",
    severity: Severity::Warning,
    category: Category::SubProcessors,
    legal_basis: &[
        "GDPR Art. 28(4), second sentence",
        "Commission Implementing Decision (EU) 2021/915, Clause 7.7(d)",
    ],
    summary: "the DPA excludes the processor's liability for its sub-processors",
    help: "remove the exclusion; an overall liability cap is a separate commercial term",
    docs: include_str!("../../../rules/DPA060-subprocessor-liability-excluded/docs.md"),
    dir: "DPA060-subprocessor-liability-excluded",
    opt_in: false,
};

impl Rule for SubprocessorLiabilityExcluded {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let sp = &dpa.subprocessing;
            // Only an explicit `false`: a DPA silent on the point leaves the
            // statutory liability in place (`null`, RULES-v2 § 8.2). Without
            // authorisation DPA011 reports the vendor (I2).
            if is_authorised(sp.authorisation) && sp.liability_retained == Some(false) {
                cx.report(
                    &v.origin,
                    &v.id,
                    "dpa/subprocessing/liability_retained",
                    format!(
                        "DPA with '{}' excludes the processor's liability for its sub-processors; under Art. 28(4) it remains fully liable to you",
                        v.id
                    ),
                );
            }
        }
    }
}
