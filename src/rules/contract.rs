//! Rules of the `contract` category (see spec RULES.md). One file per rule in `contract/`.
//!
//! Group A, contract essentials: the Art. 28(3) content every processor contract must have, and
//! the Art. 26 arrangement with a joint controller. DPA001 looks at vendors with
//! `role: processor`; DPA056 at joint controllers; DPA065 at processors and sub-processors whose
//! DPA is recorded without any of its terms; the others at every vendor that passes the G0/G0b
//! guard ([`vendors_with_terms`](super::predicates::vendors_with_terms)), so that a DPA with
//! `form: none` is DPA001 only and a DPA without recorded terms is DPA065 only (I1).

use super::Rule;

mod compliance_assistance_incomplete;
mod confidentiality_commitment_missing;
mod dpa_missing;
mod dpa_terms_not_recorded;
mod dsr_assistance_missing;
mod instructions_not_documented;
mod joint_controller_arrangement_missing;
mod legal_requirement_notice_missing;
mod processing_details_incomplete;
mod processor_own_purpose_use;
mod unilateral_amendment;
mod unlawful_instruction_alert_missing;

pub static RULES: &[&dyn Rule] = &[
    &dpa_missing::DpaMissing,
    &processing_details_incomplete::ProcessingDetailsIncomplete,
    &instructions_not_documented::InstructionsNotDocumented,
    &legal_requirement_notice_missing::LegalRequirementNoticeMissing,
    &unlawful_instruction_alert_missing::UnlawfulInstructionAlertMissing,
    &confidentiality_commitment_missing::ConfidentialityCommitmentMissing,
    &dsr_assistance_missing::DsrAssistanceMissing,
    &compliance_assistance_incomplete::ComplianceAssistanceIncomplete,
    &processor_own_purpose_use::ProcessorOwnPurposeUse,
    &unilateral_amendment::UnilateralAmendment,
    &joint_controller_arrangement_missing::JointControllerArrangementMissing,
    &dpa_terms_not_recorded::DpaTermsNotRecorded,
];

/// An English enumeration: "a", "a and b", "a, b and c".
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::and_list;

    #[test]
    fn enumerations_read_as_english() {
        assert_eq!(and_list(&[]), "");
        assert_eq!(and_list(&["nature"]), "nature");
        assert_eq!(and_list(&["nature", "duration"]), "nature and duration");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
    }
}
