//! Rules of the `subprocessors` category (see spec RULES.md, RULES-v2.md). One file per rule in
//! `subprocessors/`.
//!
//! Group B: sub-processors (GDPR Art. 28(2) and (4)). DPA011–DPA019 and DPA060 read the
//! `dpa.subprocessing` block of every vendor that passes the G0/G0b guard
//! ([`vendors_with_terms`](super::predicates::vendors_with_terms)); DPA020 checks the identity
//! and location details of every processor and sub-processor.
//!
//! One legal problem gives one finding (RULES-v2 § 5): sub-processors without any authorisation
//! are DPA011 only (I2), no prior notice at all is DPA012 only (I3), no objection right is DPA014
//! only (I4). The conditions the other rules test for silence live here, once.

use super::Rule;
use super::predicates::subs;
use crate::inventory::Inventory;
use crate::model::{Authorisation, Dpa, NoticeMode, Vendor};

mod objection_window_too_short;
mod objection_window_unspecified;
mod objection_without_effect;
mod subprocessor_authorisation_missing;
mod subprocessor_change_notice_missing;
mod subprocessor_flow_down_incomplete;
mod subprocessor_liability_excluded;
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
    &subprocessor_liability_excluded::SubprocessorLiabilityExcluded,
];

/// "Sub-processing authorised" (RULES-v2 § 8.6): the DPA grants a general or
/// specific authorisation.
fn is_authorised(a: Option<Authorisation>) -> bool {
    matches!(a, Some(Authorisation::General | Authorisation::Specific))
}

/// DPA011's condition: `v` engages sub-processors (`SUBS(v) ≠ ∅`) although
/// its DPA grants no authorisation (`none`, `prohibited` or not stated).
fn authorisation_missing(inv: &Inventory, v: &Vendor, dpa: &Dpa) -> bool {
    !is_authorised(dpa.subprocessing.authorisation) && subs(inv, v).next().is_some()
}

/// DPA012's condition: general authorisation, but no duty to inform the
/// controller of intended changes before they take effect.
fn notice_missing(dpa: &Dpa) -> bool {
    let sp = &dpa.subprocessing;
    sp.authorisation == Some(Authorisation::General)
        && matches!(
            sp.change_notice.mode,
            None | Some(
                NoticeMode::None
                    | NoticeMode::OnRequest
                    | NoticeMode::DocumentUpdate
                    | NoticeMode::AfterTheFact
            )
        )
}

/// DPA014's condition: general authorisation without a right to object.
fn objection_right_missing(dpa: &Dpa) -> bool {
    let sp = &dpa.subprocessing;
    sp.authorisation == Some(Authorisation::General) && !sp.objection.right
}

/// An enum value for a message, or "not stated" when the field is null/absent.
fn stated<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "not stated".to_owned(), |v| v.to_string())
}
