//! DPA031 `blanket-transfer-instruction`: the DPA pre-authorises transfers to any country.

use crate::diagnostic::Severity;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct BlanketTransferInstruction;

static META: RuleMeta = RuleMeta {
    id: "DPA031",
    name: "blanket-transfer-instruction",
    severity: Severity::Warning,
    category: Category::Transfers,
    legal_basis: &["GDPR Art. 28(3)(a)", "GDPR Art. 44", "EDPB Opinion 22/2024"],
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
        for v in &inv.vendors {
            if v.dpa
                .as_ref()
                .is_some_and(|d| d.transfers.blanket_instruction)
            {
                cx.report(
                    &v.origin,
                    &v.id,
                    "dpa/transfers/blanket_instruction",
                    format!("DPA with '{}' pre-authorises transfers to any country; you cannot assess where data go", v.id),
                );
            }
        }
    }
}
