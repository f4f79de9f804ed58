//! DPA006 `confidentiality-commitment-missing`: personnel not bound to confidentiality.

use crate::diagnostic::Severity;
use crate::model::Personnel;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct ConfidentialityCommitmentMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA006",
    name: "confidentiality-commitment-missing",
    severity: Severity::Error,
    category: Category::Contract,
    legal_basis: &[
        "GDPR Art. 28(3)(b)",
        "Commission Implementing Decision (EU) 2021/915, Clause 7.4(b)",
    ],
    summary: "persons authorised to process the data are not bound to confidentiality",
    help: "require the processor to ensure that everyone it authorises to process the data has signed a confidentiality undertaking or is under a statutory duty of confidentiality that survives the end of their work",
    docs: include_str!("../../../rules/DPA006-confidentiality-commitment-missing/docs.md"),
    dir: "DPA006-confidentiality-commitment-missing",
    opt_in: false,
};

impl Rule for ConfidentialityCommitmentMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let why = match dpa.confidentiality.personnel {
                Some(Personnel::Committed | Personnel::Statutory) => continue,
                Some(Personnel::GeneralStatement) => {
                    "it only states in general terms that data are treated confidentially"
                }
                Some(Personnel::None) => "it has no confidentiality clause for personnel",
                None => "no personnel confidentiality term is recorded",
            };
            cx.report(
                &v.origin,
                &v.id,
                "dpa/confidentiality/personnel",
                format!(
                    "DPA with '{}' does not require that persons authorised to process the data have committed to confidentiality: {why} (Art. 28(3)(b))",
                    v.id
                ),
            );
        }
    }
}
