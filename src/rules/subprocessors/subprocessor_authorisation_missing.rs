//! DPA011 `subprocessor-authorisation-missing`: sub-processors engaged without
//! a prior specific or general written authorisation (Art. 28(2)).

use super::{authorisation_missing, stated};
use crate::diagnostic::Severity;
use crate::model::Authorisation;
use crate::rules::predicates::{subs, vendors_with_terms};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct SubprocessorAuthorisationMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA011",
    name: "subprocessor-authorisation-missing",
    severity: Severity::Error,
    category: Category::SubProcessors,
    legal_basis: &["GDPR Art. 28(2)"],
    summary: "sub-processors are engaged without a prior specific or general written authorisation",
    help: "grant a general written authorisation with change notice and objection right, or authorise each sub-processor specifically; or stop using the sub-processor",
    docs: include_str!("../../../rules/DPA011-subprocessor-authorisation-missing/docs.md"),
    dir: "DPA011-subprocessor-authorisation-missing",
    opt_in: false,
};

impl Rule for SubprocessorAuthorisationMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        for (v, dpa) in vendors_with_terms(&inv.vendors) {
            // Without declared sub-processors the Art. 28(2) default prohibition
            // applies and nothing in the setup is wrong (D16).
            if !authorisation_missing(inv, v, dpa) {
                continue;
            }
            let authorisation = dpa.subprocessing.authorisation;
            let message = if authorisation == Some(Authorisation::Prohibited) {
                format!(
                    "'{}' engages sub-processors although its DPA prohibits sub-processing (Art. 28(2))",
                    v.id
                )
            } else {
                format!(
                    "'{}' engages sub-processors without a prior specific or general written authorisation (authorisation: {}; Art. 28(2))",
                    v.id,
                    stated(authorisation)
                )
            };
            let all: Vec<_> = subs(inv, v).collect();
            let f = cx.report(&v.origin, &v.id, "dpa/subprocessing/authorisation", message);
            if let Some(sub) = all.first() {
                let label = match all.len() {
                    1 => format!("sub-processor '{}' is engaged by '{}' here", sub.id, v.id),
                    n => format!(
                        "sub-processor '{}' (one of {n}) is engaged by '{}' here",
                        sub.id, v.id
                    ),
                };
                f.label(&sub.origin, "parent", label);
            }
        }
    }
}
