//! DPA001 `dpa-missing`: a processor without a written Art. 28 contract.

use crate::diagnostic::Severity;
use crate::model::{DpaForm, VendorRole};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct DpaMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA001",
    name: "dpa-missing",
    severity: Severity::Error,
    category: Category::Contract,
    legal_basis: &[
        "GDPR Art. 28(3)",
        "GDPR Art. 28(9)",
        "Commission Implementing Decision (EU) 2021/915",
    ],
    summary: "a processor has no written data processing agreement",
    help: "conclude a written or electronic Art. 28 contract (the 2021/915 standard clauses are a safe default) and record it under `dpa`",
    docs: include_str!("../../../rules/DPA001-dpa-missing/docs.md"),
    dir: "DPA001-dpa-missing",
    opt_in: false,
};

impl Rule for DpaMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        for v in &inv.vendors {
            if v.role != Some(VendorRole::Processor) {
                continue;
            }
            match &v.dpa {
                None => {
                    cx.report(
                        &v.origin,
                        &v.id,
                        "dpa",
                        format!(
                            "vendor '{}' processes personal data on your behalf but no written data processing agreement is recorded (Art. 28(3))",
                            v.id
                        ),
                    )
                    .label(&v.origin, "role", "recorded as a processor here");
                }
                Some(dpa) if dpa.form == Some(DpaForm::None) => {
                    cx.report(
                        &v.origin,
                        &v.id,
                        "dpa/form",
                        format!(
                            "vendor '{}' processes personal data on your behalf but its data processing agreement is recorded as `form: none` (Art. 28(3), (9))",
                            v.id
                        ),
                    )
                    .help("an Art. 28 contract must be in writing, which includes electronic form: sign one (the 2021/915 standard clauses are a safe default) and set `form: written` or `form: electronic`");
                }
                Some(_) => {}
            }
        }
    }
}
