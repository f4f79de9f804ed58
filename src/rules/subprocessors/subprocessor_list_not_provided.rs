//! DPA018 `subprocessor-list-not-provided`: sub-processing is authorised but the
//! list of sub-processors is not part of, or kept available with, the contract.

use super::is_authorised;
use crate::diagnostic::Severity;
use crate::model::ListProvision;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct SubprocessorListNotProvided;

static META: RuleMeta = RuleMeta {
    id: "DPA018",
    name: "subprocessor-list-not-provided",
    severity: Severity::Warning,
    category: Category::SubProcessors,
    legal_basis: &[
        "GDPR Art. 28(2)",
        "EDPB Opinion 22/2024, paras. 25 and 31-32",
    ],
    summary: "sub-processing is authorised but the sub-processor list is not provided with the contract",
    help: "annex the current sub-processor list (name, address/country, service, data location) or require a continuously available portal list",
    docs: include_str!("../../../rules/DPA018-subprocessor-list-not-provided/docs.md"),
    dir: "DPA018-subprocessor-list-not-provided",
    opt_in: false,
};

impl Rule for SubprocessorListNotProvided {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let sp = &dpa.subprocessing;
            if !is_authorised(sp.authorisation) {
                continue;
            }
            let message = match sp.list {
                Some(ListProvision::OnRequest) => format!(
                    "the sub-processor list of '{}' is not provided with the contract, only on request (list: on_request)",
                    v.id
                ),
                Some(ListProvision::None) => format!(
                    "the sub-processor list of '{}' is not provided at all (list: none)",
                    v.id
                ),
                None => format!(
                    "DPA with '{}' does not say how the sub-processor list is provided (list: not stated)",
                    v.id
                ),
                Some(ListProvision::Annex | ListProvision::Portal | ListProvision::InDocument) => {
                    continue;
                }
            };
            cx.report(&v.origin, &v.id, "dpa/subprocessing/list", message);
        }
    }
}
