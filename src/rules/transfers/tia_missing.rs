//! DPA028 `tia-missing`: an Art. 46 transfer to a third country without a transfer impact assessment.

use super::{join_and, third_countries};
use crate::diagnostic::Severity;
use crate::model::Mechanism;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct TiaMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA028",
    name: "tia-missing",
    severity: Severity::Warning,
    category: Category::Transfers,
    legal_basis: &[
        "CJEU C-311/18 (Schrems II)",
        "EDPB Recommendations 01/2020",
        "Commission Implementing Decision (EU) 2021/914, Clause 14",
    ],
    summary: "an Art. 46 transfer to a third country has no transfer impact assessment",
    help: "document a TIA (EDPB Recommendations 01/2020, six steps), adopt supplementary measures where needed and set a re-evaluation date",
    docs: include_str!("../../../rules/DPA028-tia-missing/docs.md"),
    dir: "DPA028-tia-missing",
    opt_in: false,
};

impl Rule for TiaMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        for v in &inv.vendors {
            let Some(t) = &v.transfer else { continue };
            let mechanism = match t.mechanism {
                Some(Mechanism::Scc) => "SCCs",
                Some(Mechanism::Bcr) => "BCRs",
                Some(Mechanism::AdHocClauses) => "ad hoc contractual clauses",
                Some(Mechanism::CodeOfConduct) => "a code of conduct",
                Some(Mechanism::Certification) => "a certification",
                _ => continue,
            };
            if t.tia.done {
                continue;
            }
            let third = third_countries(cx, v);
            if third.is_empty() {
                continue;
            }
            // Without any TIA record, point at the mechanism that requires one.
            let recorded = t.tia.date.is_some() || t.tia.review_due.is_some();
            let pointer = if recorded {
                "transfer/tia/done"
            } else {
                "transfer/mechanism"
            };
            cx.report(
                &v.origin,
                &v.id,
                pointer,
                format!(
                    "no transfer impact assessment recorded for '{}' ({}) under {mechanism}",
                    v.id,
                    join_and(&third)
                ),
            );
        }
    }
}
