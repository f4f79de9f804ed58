//! DPA027 `scc-details-missing`: SCCs recorded without decision, module or
//! conclusion date (`SCC_DATE`: the signature date, or the DPA's date for SCCs
//! incorporated by reference). Silent for a sub-processor covered by its
//! parent's SCCs (D22) and while DPA025 reports the instrument (I14).

use super::{instrument_invalid, join_and, onward_covered};
use crate::diagnostic::Severity;
use crate::model::Mechanism;
use crate::rules::predicates::scc_date;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct SccDetailsMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA027",
    name: "scc-details-missing",
    severity: Severity::Warning,
    category: Category::Transfers,
    legal_basis: &[
        "GDPR Art. 46(2)(c)",
        "Commission Implementing Decision (EU) 2021/914",
        "GDPR Art. 30(1)(e)",
    ],
    summary: "SCCs are recorded without their Commission decision, module or signature date",
    help: "record the Commission decision (\"2021/914\"), the module and the signature date of the SCCs; for SCCs incorporated by reference in the DPA, set `incorporated_by_reference: true` and the DPA's `effective` or `accepted_on` date",
    docs: include_str!("../../../rules/DPA027-scc-details-missing/docs.md"),
    dir: "DPA027-scc-details-missing",
    opt_in: false,
};

impl Rule for SccDetailsMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        for v in &inv.vendors {
            let Some(t) = v
                .transfer
                .as_ref()
                .filter(|t| t.mechanism == Some(Mechanism::Scc))
            else {
                continue;
            };
            if onward_covered(cx, v) || instrument_invalid(cx.reference, cx.as_of, v).is_some() {
                continue;
            }
            let scc = &t.scc;
            let fields = [
                (
                    "decision",
                    "the Commission decision",
                    scc.decision.is_none(),
                ),
                ("module", "the module", scc.module.is_none()),
                (
                    "signed",
                    "the signature date (or incorporation by reference with the DPA's date)",
                    scc_date(v).is_none(),
                ),
            ];
            let missing: Vec<_> = fields.iter().filter(|(_, _, m)| *m).collect();
            let Some((first, _, _)) = missing.first() else {
                continue;
            };
            // With no SCC details at all, point at `mechanism: scc` rather than the `transfer:` key.
            let pointer = if missing.len() == fields.len() {
                "transfer/mechanism".to_owned()
            } else {
                format!("transfer/scc/{first}")
            };
            let what: Vec<String> = missing
                .iter()
                .map(|(_, text, _)| (*text).to_owned())
                .collect();
            cx.report(
                &v.origin,
                &v.id,
                &pointer,
                format!(
                    "SCCs with '{}' recorded without {}; validity cannot be checked",
                    v.id,
                    join_and(&what)
                ),
            );
        }
    }
}
