//! Group I: records of processing, DPO, DPIA and prior consultation, the
//! processor check and the EU representative (Art. 6, 27, 28(1), 30, 35, 36, 37).

use super::Rule;

mod dpia_required_missing;
mod dpia_screening_undocumented;
mod dpo_required_missing;
mod eu_representative_missing;
mod lawful_basis_missing;
mod prior_consultation_missing;
mod processor_due_diligence_missing;
mod retention_period_missing;
mod ropa_missing;

pub static RULES: &[&dyn Rule] = &[
    &ropa_missing::RopaMissing,
    &dpo_required_missing::DpoRequiredMissing,
    &dpia_required_missing::DpiaRequiredMissing,
    &dpia_screening_undocumented::DpiaScreeningUndocumented,
    &processor_due_diligence_missing::ProcessorDueDiligenceMissing,
    &eu_representative_missing::EuRepresentativeMissing,
    &lawful_basis_missing::LawfulBasisMissing,
    &retention_period_missing::RetentionPeriodMissing,
    &prior_consultation_missing::PriorConsultationMissing,
];

/// `a`, `a and b`, `a, b and c`.
fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => format!(
            "{} and {}",
            init.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// `a; b; c` for reasons that themselves contain commas.
fn semicolon_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join("; ")
}
