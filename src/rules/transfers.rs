//! Rules of the `transfers` category (see spec RULES.md). One file per rule in `transfers/`.
//!
//! Group D: international transfers (GDPR Chapter V). DPA023–DPA030 read the
//! vendor's `transfer` block and apply to every vendor (sub-processors usually
//! have no `dpa` of their own, yet they are where most transfers happen);
//! DPA024(b) and DPA031 read `dpa.transfers` and so apply to vendors with a `dpa`.
//!
//! The derived predicates of FORMAT.md and RULES-v2 (`THIRD`, `NEEDS_TRANSFER`,
//! `FOREIGN`, `ONWARD_COVERED`, ...) live in [`super::predicates`]; the ones
//! these rules use are re-exported here. [`adequacy_gaps`] (the DPA029
//! conditions, which decide whether a partial-adequacy country is covered)
//! stays here, next to DPA029.

use super::Rule;
pub(crate) use super::predicates::{
    Located, needs_transfer, outside_eea_and_full_adequacy, relies_on_adequacy, third_countries,
    third_locations, vendor_locations,
};
use crate::inventory::Inventory;
use crate::model::{Activity, Date, Vendor};
use crate::reference::{Reference, Scope};

mod adequacy_scope_unconfirmed;
mod blanket_transfer_instruction;
mod derogation_systematic_use;
mod scc_details_missing;
mod scc_module_inconsistent;
mod tia_missing;
mod transfer_instrument_invalid;
mod transfer_mechanism_unspecified;
mod transfer_without_mechanism;

pub static RULES: &[&dyn Rule] = &[
    &transfer_without_mechanism::TransferWithoutMechanism,
    &transfer_mechanism_unspecified::TransferMechanismUnspecified,
    &transfer_instrument_invalid::TransferInstrumentInvalid,
    &scc_module_inconsistent::SccModuleInconsistent,
    &scc_details_missing::SccDetailsMissing,
    &tia_missing::TiaMissing,
    &adequacy_scope_unconfirmed::AdequacyScopeUnconfirmed,
    &derogation_systematic_use::DerogationSystematicUse,
    &blanket_transfer_instruction::BlanketTransferInstruction,
];

/// Which DPA029 condition a [`Gap`] comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GapKind {
    /// No adequacy decision in force for the country at `as_of`.
    NoDecision,
    /// A partial decision and `adequacy_scope_confirmed` is not true.
    Scope,
    /// A DPF condition (United States) is not met.
    Dpf,
}

/// One reason why an adequacy decision does not cover a transfer to a vendor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Gap {
    pub kind: GapKind,
    /// Pointer relative to the vendor of the field to fix; `None` = the country
    /// value itself (no decision for that country).
    pub pointer: Option<&'static str>,
    pub reason: String,
}

/// The DPA029 conditions for one country code of a vendor: why the adequacy
/// decision for `code` does not cover this vendor at `as_of` (empty = covered).
/// Codes in the EEA, or with no scope limits, yield nothing.
pub(crate) fn adequacy_gaps(
    inv: &Inventory,
    r: &Reference,
    as_of: Date,
    v: &Vendor,
    code: &str,
) -> Vec<Gap> {
    if r.is_eea(code) {
        return Vec::new();
    }
    let Some(entry) = r.adequacy_at(code, as_of) else {
        let reason = match r.adequacy_entry(code) {
            Some(e) if as_of < e.valid_from.unwrap_or(e.adopted) => format!(
                "the adequacy decision for {} ({}) applies only from {}",
                e.name,
                e.decision,
                e.valid_from.unwrap_or(e.adopted)
            ),
            Some(e) => format!(
                "the adequacy decision for {} ({}) is no longer in force",
                e.name, e.decision
            ),
            None => format!("there is no adequacy decision for {code}"),
        };
        return vec![Gap {
            kind: GapKind::NoDecision,
            pointer: None,
            reason,
        }];
    };
    let transfer = v.transfer.clone().unwrap_or_default();
    match entry.requires.as_deref() {
        Some("dpf_certification") => {
            let dpf = &transfer.dpf;
            let mut gaps = Vec::new();
            if !dpf.certified {
                gaps.push(Gap {
                    kind: GapKind::Dpf,
                    pointer: Some("transfer/dpf/certified"),
                    reason: "the recipient is not recorded as certified on the DPF List".into(),
                });
            }
            if dpf.verified_on.is_none() {
                gaps.push(Gap {
                    kind: GapKind::Dpf,
                    pointer: Some("transfer/dpf/verified_on"),
                    reason: "no date of verification on the DPF List is recorded".into(),
                });
            }
            match dpf.recertification_due {
                None => gaps.push(Gap {
                    kind: GapKind::Dpf,
                    pointer: Some("transfer/dpf/recertification_due"),
                    reason: "the DPF re-certification date is not recorded".into(),
                }),
                Some(due) if due < as_of => gaps.push(Gap {
                    kind: GapKind::Dpf,
                    pointer: Some("transfer/dpf/recertification_due"),
                    reason: format!("the DPF re-certification was due on {due}"),
                }),
                Some(_) => {}
            }
            if !dpf.hr_data_covered
                && let Some(a) = hr_activity(inv, v)
            {
                gaps.push(Gap {
                    kind: GapKind::Dpf,
                    pointer: Some("transfer/dpf/hr_data_covered"),
                    reason: format!(
                        "activity '{}' transfers HR data but the DPF certification is not recorded as covering HR data",
                        a.id
                    ),
                });
            }
            // With no DPF details at all, point at the mechanism rather than the `transfer:` key.
            let nothing_recorded =
                !dpf.certified && dpf.verified_on.is_none() && dpf.recertification_due.is_none();
            if nothing_recorded && let Some(first) = gaps.first_mut() {
                first.pointer = Some("transfer/mechanism");
            }
            gaps
        }
        requires
            if (entry.scope == Scope::Partial || requires == Some("adequacy_scope_confirmed"))
                && !transfer.adequacy_scope_confirmed =>
        {
            vec![Gap {
                kind: GapKind::Scope,
                pointer: Some("transfer/adequacy_scope_confirmed"),
                reason: format!(
                    "the decision for {} covers only some recipients and `adequacy_scope_confirmed` is not true",
                    entry.name
                ),
            }]
        }
        _ => Vec::new(),
    }
}

/// Words in `data_subjects` that mark HR data (English and Dutch, matched case-insensitively
/// as substrings, so "employees" and "Medewerkers" match).
const HR_TERMS: &[&str] = &[
    "employee",
    "staff",
    "personnel",
    "applicant",
    "medewerker",
    "werknemer",
    "personeel",
    "sollicitant",
];

/// Whether a data-subject category describes employees or job applicants.
pub(crate) fn is_hr_subject(subject: &str) -> bool {
    let s = subject.to_lowercase();
    HR_TERMS.iter().any(|t| s.contains(t))
}

/// The first activity that sends HR data to `v`: it lists `v` (or, for a
/// sub-processor, its parent, grandparent ...) among its recipients and one of
/// its data subjects is employees, staff, personnel or applicants.
pub(crate) fn hr_activity<'a>(inv: &'a Inventory, v: &Vendor) -> Option<&'a Activity> {
    let mut chain = vec![v.id.clone()];
    let mut current = inv.parent_of(v);
    while let Some(p) = current {
        if chain.contains(&p.id) {
            break;
        }
        chain.push(p.id.clone());
        current = inv.parent_of(p);
    }
    inv.activities
        .iter()
        .find(|a| {
            a.recipients.iter().any(|r| chain.contains(r))
                && a.data_subjects.iter().any(|s| is_hr_subject(s))
        })
        .map(|a| &**a)
}

/// "a, b and c".
pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hr_subjects() {
        for s in [
            "employees",
            "Staff",
            "job applicants",
            "Medewerkers",
            "werknemers",
            "PERSONEEL",
            "sollicitanten",
        ] {
            assert!(is_hr_subject(s), "{s}");
        }
        for s in ["customers", "website visitors", "personal contacts"] {
            assert!(!is_hr_subject(s), "{s}");
        }
    }

    #[test]
    fn join() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&s(&["a"])), "a");
        assert_eq!(join_and(&s(&["a", "b", "c"])), "a, b and c");
    }
}
