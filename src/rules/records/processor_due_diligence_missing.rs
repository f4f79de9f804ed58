//! DPA057 `processor-due-diligence-missing`: no recorded check of a
//! processor's guarantees, or the re-check is overdue (Art. 28(1); N2). The
//! overdue `due_diligence.review_due` is reported here only, never by DPA049
//! (I22). Sub-processors are out of scope (a known gap: the processor vets
//! them under Art. 28(4)).

use crate::diagnostic::Severity;
use crate::model::VendorRole;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct ProcessorDueDiligenceMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA057",
    name: "processor-due-diligence-missing",
    severity: Severity::Warning,
    category: Category::Records,
    legal_basis: &[
        "GDPR Art. 28(1)",
        "GDPR Art. 24(1)",
        "GDPR Art. 5(2)",
        "EDPB Guidelines 07/2020 v2.0 on controller and processor (sufficient guarantees)",
        "EDPB Opinion 22/2024",
    ],
    summary: "no check of a processor's guarantees is recorded, or its re-check is overdue",
    help: "record when and how you verified the processor's guarantees (certifications, audit reports, questionnaire) and when you will verify again, at an interval scaled to the risk",
    docs: include_str!("../../../rules/DPA057-processor-due-diligence-missing/docs.md"),
    dir: "DPA057-processor-due-diligence-missing",
    opt_in: false,
};

impl Rule for ProcessorDueDiligenceMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let as_of = cx.as_of;
        for v in &cx.inventory.vendors {
            if v.role != Some(VendorRole::Processor) {
                continue;
            }
            let dd = &v.due_diligence;
            if dd.date.is_none() {
                cx.report(
                    &v.origin,
                    &v.id,
                    "due_diligence/date",
                    format!(
                        "no check of the guarantees of processor '{}' is recorded (Art. 28(1))",
                        v.id
                    ),
                );
            } else if let Some(due) = dd.review_due.filter(|d| *d < as_of) {
                cx.report(
                    &v.origin,
                    &v.id,
                    "due_diligence/review_due",
                    format!(
                        "the re-check of the guarantees of processor '{}' is overdue since {due}",
                        v.id
                    ),
                );
            }
        }
    }
}
