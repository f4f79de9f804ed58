//! DPA059 `tia-outcome-missing`: a transfer impact assessment is recorded as
//! done, but without its conclusion, without the supplementary measures it
//! calls for, or with a negative conclusion while the transfer continues under
//! the same tool (N4). Same scope as DPA028 (which reports a TIA not done).

use super::{join_and, tia_scope};
use crate::diagnostic::Severity;
use crate::model::TiaOutcome;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct TiaOutcomeMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA059",
    name: "tia-outcome-missing",
    severity: Severity::Warning,
    category: Category::Transfers,
    legal_basis: &[
        "EDPB Recommendations 01/2020 v2.0, steps 3-6",
        "Commission Implementing Decision (EU) 2021/914, Clauses 14(b), 14(d), 14(f) and 16",
        "CJEU C-311/18 (Schrems II), paras 134-135",
    ],
    summary: "a transfer impact assessment records no outcome, no supplementary measures, or a negative outcome while the transfer continues",
    help: "record the TIA's conclusion (`no_measures_needed`, `measures_adopted` with the measures, or `not_essentially_equivalent`) and act on it; re-evaluate by `tia.review_due`",
    docs: include_str!("../../../rules/DPA059-tia-outcome-missing/docs.md"),
    dir: "DPA059-tia-outcome-missing",
    opt_in: false,
};

/// What is wrong with a completed TIA.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    /// `tia.outcome` is not recorded.
    NoOutcome,
    /// `measures_adopted` with an empty `tia.measures`.
    NoMeasures,
    /// `not_essentially_equivalent` while the tool is still relied on.
    Negative,
}

impl Rule for TiaOutcomeMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        for v in &inv.vendors {
            let Some(t) = &v.transfer else { continue };
            let tia = &t.tia;
            if !tia.done {
                continue;
            }
            // Which of the three cases applies (`None`: the outcome is in order).
            let case = match tia.outcome {
                None => Case::NoOutcome,
                Some(TiaOutcome::MeasuresAdopted) if tia.measures.is_empty() => Case::NoMeasures,
                Some(TiaOutcome::NotEssentiallyEquivalent) => Case::Negative,
                Some(TiaOutcome::NoMeasuresNeeded | TiaOutcome::MeasuresAdopted) => continue,
            };
            let Some((mechanism, third)) = tia_scope(cx, v) else {
                continue;
            };
            let id = &v.id;
            let (pointer, message) = match case {
                Case::NoOutcome => (
                    "transfer/tia/done",
                    format!(
                        "the transfer impact assessment for '{id}' ({}) records no outcome",
                        join_and(&third)
                    ),
                ),
                Case::NoMeasures => (
                    "transfer/tia/outcome",
                    format!(
                        "the TIA for '{id}' concludes that supplementary measures are needed but lists none"
                    ),
                ),
                Case::Negative => (
                    "transfer/tia/outcome",
                    format!(
                        "the TIA for '{id}' concludes that {mechanism} cannot ensure essentially equivalent protection, yet the transfer is still recorded under it: suspend the transfer or adopt effective supplementary measures"
                    ),
                ),
            };
            let finding = cx.report(&v.origin, id, pointer, message);
            if case == Case::Negative {
                finding.help("suspend or end the transfer (2021/914 Clauses 14(f) and 16; C-311/18) until effective supplementary measures ensure essentially equivalent protection, then update the TIA (`outcome: measures_adopted` with the measures); or use a recipient in the EEA or an adequate country");
            }
        }
    }
}
