//! DPA030 `derogation-systematic-use`: an Art. 49 derogation used for recurring or processor transfers.

use crate::diagnostic::Severity;
use crate::model::{Frequency, Mechanism, VendorRole};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct DerogationSystematicUse;

static META: RuleMeta = RuleMeta {
    id: "DPA030",
    name: "derogation-systematic-use",
    severity: Severity::Warning,
    category: Category::Transfers,
    legal_basis: &[
        "GDPR Art. 49",
        "EDPB Guidelines 2/2018 on derogations of Article 49",
    ],
    summary: "an Art. 49 derogation is relied on for recurring transfers or for a processor",
    help: "use an Art. 46 safeguard (SCCs 2021/914 with a TIA) for recurring transfers and for processors; keep derogations for occasional, non-repetitive transfers",
    docs: include_str!("../../../rules/DPA030-derogation-systematic-use/docs.md"),
    dir: "DPA030-derogation-systematic-use",
    opt_in: false,
};

impl Rule for DerogationSystematicUse {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        for v in &inv.vendors {
            let Some(t) = v
                .transfer
                .as_ref()
                .filter(|t| t.mechanism == Some(Mechanism::Derogation))
            else {
                continue;
            };
            let recurring = t
                .frequency
                .filter(|f| matches!(f, Frequency::Regular | Frequency::Continuous));
            let processor = v.is_processor_like();
            let what = match (recurring, processor) {
                (Some(f), _) => format!("{f} transfers"),
                (None, true) if v.role == Some(VendorRole::SubProcessor) => {
                    "the services of a sub-processor".to_owned()
                }
                (None, true) => "the services of a processor".to_owned(),
                (None, false) => continue,
            };
            let finding = cx.report(
                &v.origin,
                &v.id,
                "transfer/mechanism",
                format!(
                    "transfer to '{}' relies on an Art. 49 derogation for {what}; derogations are for occasional transfers",
                    v.id
                ),
            );
            if let Some(f) = recurring {
                finding.label(
                    &v.origin,
                    "transfer/frequency",
                    format!("{f}, not occasional"),
                );
            } else {
                finding.label(
                    &v.origin,
                    "role",
                    "processor services are not occasional transfers",
                );
            }
        }
    }
}
