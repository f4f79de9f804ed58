//! Rules of the `subprocessors` category (see spec RULES.md). One file per rule in `subprocessors/`.
//!
//! Group B: sub-processors (GDPR Art. 28(2) and (4)). DPA011–DPA019 read the
//! `dpa.subprocessing` block of every vendor that has a `dpa`; DPA020 checks the
//! identity and location details of every processor and sub-processor.

use super::Rule;
use crate::model::{Authorisation, Dpa, Vendor};
use std::sync::Arc;

mod objection_window_too_short;
mod objection_window_unspecified;
mod objection_without_effect;
mod subprocessor_authorisation_missing;
mod subprocessor_change_notice_missing;
mod subprocessor_flow_down_incomplete;
mod subprocessor_list_not_provided;
mod subprocessor_notice_carve_out;
mod subprocessor_objection_right_missing;
mod vendor_details_incomplete;

pub static RULES: &[&dyn Rule] = &[
    &subprocessor_authorisation_missing::SubprocessorAuthorisationMissing,
    &subprocessor_change_notice_missing::SubprocessorChangeNoticeMissing,
    &subprocessor_notice_carve_out::SubprocessorNoticeCarveOut,
    &subprocessor_objection_right_missing::SubprocessorObjectionRightMissing,
    &objection_window_too_short::ObjectionWindowTooShort,
    &objection_window_unspecified::ObjectionWindowUnspecified,
    &objection_without_effect::ObjectionWithoutEffect,
    &subprocessor_list_not_provided::SubprocessorListNotProvided,
    &subprocessor_flow_down_incomplete::SubprocessorFlowDownIncomplete,
    &vendor_details_incomplete::VendorDetailsIncomplete,
];

/// Vendors that have a `dpa` block (the scope of the contract rules), with it.
fn with_dpa(vendors: &[Arc<Vendor>]) -> impl Iterator<Item = (&Vendor, &Dpa)> {
    vendors
        .iter()
        .filter_map(|v| v.dpa.as_ref().map(|d| (&**v, d)))
}

/// "Sub-processing authorised": the DPA grants a general or specific authorisation.
fn is_authorised(a: Option<Authorisation>) -> bool {
    matches!(a, Some(Authorisation::General | Authorisation::Specific))
}

/// An enum value for a message, or "not stated" when the field is null/absent.
fn stated<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "not stated".to_owned(), |v| v.to_string())
}
