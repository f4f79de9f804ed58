//! DPA031 `blanket-transfer-instruction`: the DPA pre-authorises transfers to
//! any country while some vendor of the processor's chain has no concrete
//! transfer mechanism (D20). Guarded by G0/G0b.

use super::{concrete, needs_transfer, onward_covered};
use crate::diagnostic::Severity;
use crate::rules::predicates::{chain, vendors_with_terms};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct BlanketTransferInstruction;

static META: RuleMeta = RuleMeta {
    id: "DPA031",
    name: "blanket-transfer-instruction",
    severity: Severity::Warning,
    category: Category::Transfers,
    legal_basis: &[
        "GDPR Art. 28(3)(a)",
        "GDPR Art. 44",
        "Commission Implementing Decision (EU) 2021/915, Clause 7.8(a)",
        "EDPB Opinion 22/2024",
    ],
    summary: "the DPA pre-authorises transfers to any country",
    help: "limit the transfer instruction to named countries or recipients (or the EEA and adequate countries) and require prior notice of new locations",
    docs: include_str!("../../../rules/DPA031-blanket-transfer-instruction/docs.md"),
    dir: "DPA031-blanket-transfer-instruction",
    opt_in: false,
};

impl Rule for BlanketTransferInstruction {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        for (v, dpa) in vendors_with_terms(&inv.vendors) {
            if !dpa.transfers.blanket_instruction {
                continue;
            }
            // The first vendor of the chain whose transfers nobody can assess:
            // no concrete mechanism, not covered by its parent, and in a third
            // country or at unknown locations.
            let Some(w) = chain(inv, v).into_iter().find(|w| {
                !onward_covered(cx, w)
                    && !concrete(w)
                    && (needs_transfer(cx, w) || w.data_locations.is_empty())
            }) else {
                continue;
            };
            let (rel, text) = if w.data_locations.is_empty() {
                (
                    "data_locations",
                    format!(
                        "'{}' has no recorded data locations and no concrete transfer mechanism",
                        w.id
                    ),
                )
            } else {
                (
                    if w.transfer.is_some() {
                        "transfer/mechanism"
                    } else {
                        "country"
                    },
                    format!(
                        "'{}' is in a third country without a concrete transfer mechanism",
                        w.id
                    ),
                )
            };
            cx.report(
                &v.origin,
                &v.id,
                "dpa/transfers/blanket_instruction",
                format!(
                    "DPA with '{}' pre-authorises transfers to any country; you cannot assess where data go",
                    v.id
                ),
            )
            .label(&w.origin, rel, text);
        }
    }
}
