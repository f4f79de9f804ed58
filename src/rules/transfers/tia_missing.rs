//! DPA028 `tia-missing`: an Art. 46 transfer to a third country without a
//! transfer impact assessment. Silent for a sub-processor covered by its
//! parent's SCCs or DPF certification (D22), while DPA025 reports the
//! instrument (I14) or DPA053 the tool (I15); DPA059 reads the TIA once done.

use super::{join_and, tia_scope};
use crate::diagnostic::Severity;
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
    help: "document a TIA (EDPB Recommendations 01/2020, six steps), supplementary measures where needed, its outcome (`tia.outcome`) and a re-evaluation date",
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
            if t.tia.done {
                continue;
            }
            let Some((mechanism, third)) = tia_scope(cx, v) else {
                continue;
            };
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
