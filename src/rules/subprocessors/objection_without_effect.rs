//! DPA017 `objection-without-effect`: an objection to a new sub-processor has no
//! binding consequence.

use super::{is_authorised, stated};
use crate::diagnostic::Severity;
use crate::model::ObjectionEffect;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct ObjectionWithoutEffect;

static META: RuleMeta = RuleMeta {
    id: "DPA017",
    name: "objection-without-effect",
    severity: Severity::Warning,
    category: Category::SubProcessors,
    legal_basis: &[
        "GDPR Art. 28(2)",
        "Commission Implementing Decision (EU) 2021/915, Clause 7.7(a) Option 2",
        "EDPB Opinion 22/2024",
        "Commission Q&A on the Standard Contractual Clauses",
    ],
    summary: "an objection to a new sub-processor has no binding consequence",
    help: "provide that on objection the processor does not engage the sub-processor, or that you may terminate the affected services without penalty",
    docs: include_str!("../../../rules/DPA017-objection-without-effect/docs.md"),
    dir: "DPA017-objection-without-effect",
    opt_in: false,
};

impl Rule for ObjectionWithoutEffect {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let objection = &dpa.subprocessing.objection;
            // Without authorisation, DPA011 reports the vendor (I2).
            if !is_authorised(dpa.subprocessing.authorisation) || !objection.right {
                continue;
            }
            let effect = objection.effect;
            if matches!(
                effect,
                None | Some(ObjectionEffect::None | ObjectionEffect::Negotiate)
            ) {
                cx.report(
                    &v.origin,
                    &v.id,
                    "dpa/subprocessing/objection/effect",
                    format!(
                        "an objection to a new sub-processor of '{}' has no binding consequence (effect: {})",
                        v.id,
                        stated(effect)
                    ),
                );
            }
        }
    }
}
