//! DPA008 `compliance-assistance-incomplete`: missing assistance with Arts. 32–36.

use super::and_list;
use crate::diagnostic::Severity;
use crate::model::Assistance;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct ComplianceAssistanceIncomplete;

static META: RuleMeta = RuleMeta {
    id: "DPA008",
    name: "compliance-assistance-incomplete",
    severity: Severity::Warning,
    category: Category::Contract,
    legal_basis: &[
        "GDPR Art. 28(3)(f)",
        "GDPR Arts. 32–36",
        "Commission Implementing Decision (EU) 2021/915, Clauses 8(c) and 9",
    ],
    summary: "the processor is not obliged to assist with security, breaches, DPIAs and prior consultation",
    help: "add the processor's assistance with security of processing, breach notification and communication, DPIAs and prior consultation, taking into account the nature of the processing",
    docs: include_str!("../../../rules/DPA008-compliance-assistance-incomplete/docs.md"),
    dir: "DPA008-compliance-assistance-incomplete",
    opt_in: false,
};

/// The missing kinds of assistance as (field, wording), in article order.
fn missing(a: &Assistance) -> Vec<(&'static str, &'static str)> {
    [
        ("security", "security of processing", a.security),
        ("breach", "breach notification", a.breach),
        ("dpia", "DPIAs", a.dpia),
        (
            "prior_consultation",
            "prior consultation",
            a.prior_consultation,
        ),
    ]
    .into_iter()
    .filter(|(_, _, present)| !present)
    .map(|(field, words, _)| (field, words))
    .collect()
}

impl Rule for ComplianceAssistanceIncomplete {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let gone = missing(&dpa.assistance);
            let at = match gone.as_slice() {
                [] => continue,
                [(field, _)] => format!("dpa/assistance/{field}"),
                _ => "dpa/assistance".to_string(),
            };
            let words: Vec<&str> = gone.iter().map(|(_, w)| *w).collect();
            cx.report(
                &v.origin,
                &v.id,
                &at,
                format!(
                    "DPA with '{}' lacks assistance with {} (Art. 28(3)(f), Arts. 32–36)",
                    v.id,
                    and_list(&words)
                ),
            );
        }
    }
}
