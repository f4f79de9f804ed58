//! DPA011 `subprocessor-authorisation-missing`: sub-processing without a prior
//! specific or general written authorisation (Art. 28(2)).

use super::{stated, with_dpa};
use crate::diagnostic::Severity;
use crate::model::Authorisation;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct SubprocessorAuthorisationMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA011",
    name: "subprocessor-authorisation-missing",
    severity: Severity::Error,
    category: Category::SubProcessors,
    legal_basis: &["GDPR Art. 28(2)", "GDPR Art. 28(3)(d)"],
    summary: "the DPA grants no prior specific or general written authorisation for sub-processors",
    help: "grant a general written authorisation (with change notice and an objection right) or authorise each sub-processor specifically in the DPA",
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
        for (v, dpa) in with_dpa(&inv.vendors) {
            let authorisation = dpa.subprocessing.authorisation;
            let subs: Vec<_> = inv.sub_processors_of(&v.id).collect();
            let message = match (authorisation, subs.first()) {
                (Some(Authorisation::General | Authorisation::Specific), _) => continue,
                (Some(Authorisation::Prohibited), None) => continue,
                (Some(Authorisation::Prohibited), Some(_)) => format!(
                    "'{}' engages sub-processors although its DPA prohibits sub-processing (authorisation: prohibited; Art. 28(2))",
                    v.id
                ),
                (_, Some(_)) => format!(
                    "'{}' engages sub-processors without a prior specific or general written authorisation (authorisation: {}; Art. 28(2))",
                    v.id,
                    stated(authorisation)
                ),
                (_, None) => format!(
                    "DPA with '{}' neither authorises nor prohibits sub-processors (authorisation: {}; Art. 28(2))",
                    v.id,
                    stated(authorisation)
                ),
            };
            let f = cx.report(&v.origin, &v.id, "dpa/subprocessing/authorisation", message);
            if let Some(sub) = subs.first() {
                let label = match subs.len() {
                    1 => format!("sub-processor '{}' is engaged by '{}' here", sub.id, v.id),
                    n => format!(
                        "sub-processor '{}' (one of {n}) is engaged by '{}' here",
                        sub.id, v.id
                    ),
                };
                f.label(&sub.origin, "parent", label);
            }
            if authorisation == Some(Authorisation::Prohibited) {
                f.help("remove the sub-processor, or amend the DPA to authorise it specifically or under a general written authorisation");
            }
        }
    }
}
