//! DPA024 `transfer-mechanism-unspecified`: the transfer mechanism is not identified.

use super::{join_and, needs_transfer, third_countries};
use crate::diagnostic::Severity;
use crate::model::{Mechanism, TransferClause, Vendor};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct TransferMechanismUnspecified;

static META: RuleMeta = RuleMeta {
    id: "DPA024",
    name: "transfer-mechanism-unspecified",
    severity: Severity::Warning,
    category: Category::Transfers,
    legal_basis: &[
        "GDPR Art. 44-46",
        "GDPR Art. 28(3)(a)",
        "GDPR Art. 30(1)(e)",
    ],
    summary: "a transfer relies on unspecified safeguards, or the DPA allows transfers to unknown locations",
    help: "identify every third-country recipient and record its concrete mechanism (SCC decision, module and date, DPF certification, BCRs) and TIA",
    docs: include_str!("../../../rules/DPA024-transfer-mechanism-unspecified/docs.md"),
    dir: "DPA024-transfer-mechanism-unspecified",
    opt_in: false,
};

/// A concrete transfer mechanism is recorded for this recipient.
fn has_recorded_transfer(v: &Vendor) -> bool {
    !matches!(
        v.mechanism(),
        None | Some(Mechanism::None | Mechanism::Unspecified)
    )
}

impl Rule for TransferMechanismUnspecified {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        for v in &inv.vendors {
            // (a) a transfer is needed and the mechanism is "unspecified".
            if v.mechanism() == Some(Mechanism::Unspecified) && needs_transfer(cx, v) {
                let third = join_and(&third_countries(cx, v));
                cx.report(
                    &v.origin,
                    &v.id,
                    "transfer/mechanism",
                    format!(
                        "transfer to '{}' ({third}) relies on an unspecified mechanism",
                        v.id
                    ),
                );
                continue;
            }
            // (b) a generic or missing transfer clause while some recipient's locations are unknown.
            let Some(dpa) = &v.dpa else { continue };
            if !matches!(
                dpa.transfers.clause,
                Some(TransferClause::None | TransferClause::Generic)
            ) {
                continue;
            }
            let unknown = std::iter::once(&**v)
                .chain(inv.sub_processors_of(&v.id))
                .find(|w| w.data_locations.is_empty() && !has_recorded_transfer(w));
            let Some(w) = unknown else { continue };
            let clause = dpa.transfers.clause.map_or("none", |c| c.as_str());
            let finding = cx.report(
                &v.origin,
                &v.id,
                "dpa/transfers/clause",
                format!(
                    "DPA with '{}' allows transfers under unspecified 'appropriate safeguards' (transfer clause: {clause}) and data locations are unknown",
                    v.id
                ),
            );
            if w.id != v.id {
                finding.label(
                    &w.origin,
                    "data_locations",
                    format!("sub-processor '{}' has no data locations and no recorded transfer mechanism", w.id),
                );
            }
        }
    }
}
