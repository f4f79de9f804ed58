//! Rules of the `transfers` category (see spec RULES.md, RULES-v2.md). One file per rule in `transfers/`.
//!
//! Group D: international transfers (GDPR Chapter V). DPA023–DPA030, DPA053 and
//! DPA059 read the vendor's `transfer` block and apply to every vendor
//! (sub-processors usually have no `dpa` of their own, yet they are where most
//! transfers happen); DPA024(b) and DPA031 read `dpa.transfers` and so apply to
//! vendors that pass the G0/G0b guard.
//!
//! The derived predicates of FORMAT.md and RULES-v2 (`THIRD`, `NEEDS_TRANSFER`,
//! `FOREIGN`, `ONWARD_COVERED`, `HR_TO`, ...) live in [`super::predicates`];
//! the ones these rules use are re-exported here. What stays here are the
//! conditions of one rule that other rules must know to stay silent ("one legal
//! problem, one finding"): [`adequacy_gaps`] (DPA029, which also decides
//! whether a partial-adequacy country is covered), [`instrument_invalid`]
//! (DPA025) and [`tool_unevidenced`] (DPA053).

use super::Rule;
pub(crate) use super::predicates::{
    Located, concrete, hr_to, needs_transfer, onward_covered, outside_eea_and_full_adequacy,
    relies_on_adequacy, third_countries, third_locations, vendor_locations,
};
use crate::inventory::Inventory;
use crate::model::{Date, Mechanism, Vendor};
use crate::reference::{Reference, Scope};

mod adequacy_scope_unconfirmed;
mod blanket_transfer_instruction;
mod derogation_systematic_use;
mod scc_details_missing;
mod scc_module_inconsistent;
mod tia_missing;
mod tia_outcome_missing;
mod transfer_instrument_invalid;
mod transfer_mechanism_unspecified;
mod transfer_tool_unevidenced;
mod transfer_without_mechanism;

pub(crate) use adequacy_scope_unconfirmed::adequacy_unconfirmed;
pub(crate) use transfer_instrument_invalid::problem as instrument_invalid;
pub(crate) use transfer_tool_unevidenced::tool_unevidenced;

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
    &transfer_tool_unevidenced::TransferToolUnevidenced,
    &tia_outcome_missing::TiaOutcomeMissing,
];

/// How the messages of DPA028 and DPA059 name an Art. 46 tool of `TIA_TOOLS`
/// (`None` for any other mechanism).
pub(crate) fn tia_tool_name(m: Option<Mechanism>) -> Option<&'static str> {
    match m? {
        Mechanism::Scc => Some("SCCs"),
        Mechanism::Bcr => Some("BCRs"),
        Mechanism::AdHocClauses => Some("ad hoc contractual clauses"),
        Mechanism::CodeOfConduct => Some("a code of conduct"),
        Mechanism::Certification => Some("a certification"),
        _ => None,
    }
}

/// The common scope of DPA028 and DPA059 (RULES-v2 § 2, § 3): `MECH(v) ∈
/// TIA_TOOLS`, a third country among the vendor's country and data locations,
/// not covered by its parent's onward-transfer terms, and neither DPA025 (an
/// invalid instrument) nor DPA053 (an unevidenced tool) reports the vendor
/// (I14, I15). Returns the tool's name and the third countries.
pub(crate) fn tia_scope(
    cx: &super::Context<'_>,
    v: &Vendor,
) -> Option<(&'static str, Vec<String>)> {
    let tool = tia_tool_name(v.mechanism())?;
    let third = third_countries(cx, v);
    if third.is_empty()
        || onward_covered(cx, v)
        || instrument_invalid(cx.reference, cx.as_of, v).is_some()
        || tool_unevidenced(cx, v).is_some()
    {
        return None;
    }
    Some((tool, third))
}

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
                && let Some(a) = hr_to(inv, v)
            {
                gaps.push(Gap {
                    kind: GapKind::Dpf,
                    pointer: Some("transfer/dpf/hr_data_covered"),
                    reason: format!(
                        "activity '{}' (hr_data: true) sends HR data but the DPF certification is not recorded as covering HR data",
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
    fn join() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&s(&["a"])), "a");
        assert_eq!(join_and(&s(&["a", "b", "c"])), "a, b and c");
    }
}
