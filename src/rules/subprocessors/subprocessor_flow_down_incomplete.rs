//! DPA019 `subprocessor-flow-down-incomplete`: the processor need not impose the
//! same data protection obligations on its sub-processors (Art. 28(4)).

use super::{is_authorised, stated};
use crate::diagnostic::Severity;
use crate::model::FlowDown;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct SubprocessorFlowDownIncomplete;

static META: RuleMeta = RuleMeta {
    id: "DPA019",
    name: "subprocessor-flow-down-incomplete",
    severity: Severity::Error,
    category: Category::SubProcessors,
    legal_basis: &[
        "GDPR Art. 28(4)",
        "Commission Implementing Decision (EU) 2021/915, Clause 7.7(b)",
    ],
    summary: "sub-processors need not be bound by the same data protection obligations as the processor",
    help: "require a written contract imposing the same obligations as this DPA (not only the same security level, and not just \"a data protection agreement\")",
    docs: include_str!("../../../rules/DPA019-subprocessor-flow-down-incomplete/docs.md"),
    dir: "DPA019-subprocessor-flow-down-incomplete",
    opt_in: false,
};

impl Rule for SubprocessorFlowDownIncomplete {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let sp = &dpa.subprocessing;
            if !is_authorised(sp.authorisation) {
                continue;
            }
            if matches!(
                sp.flow_down,
                None | Some(
                    FlowDown::None | FlowDown::SecurityOnly | FlowDown::AgreementUnspecified
                )
            ) {
                cx.report(
                    &v.origin,
                    &v.id,
                    "dpa/subprocessing/flow_down",
                    format!(
                        "'{}' is not required to impose the same data protection obligations on its sub-processors (Art. 28(4)); flow-down: {}",
                        v.id,
                        stated(sp.flow_down)
                    ),
                );
            }
        }
    }
}
