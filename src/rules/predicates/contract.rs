//! The Art. 28 contract: `DPA_TERMS`, `TERMS_RECORDED`, the common guard G0/G0b
//! and the effective objection window `W`.

use crate::model::{Dpa, DpaForm, Vendor};
use std::sync::Arc;

/// `DPA_TERMS(v)`: `v.dpa` is present and its `form` is not `none` (a `dpa`
/// without `form` counts).
pub fn dpa_terms(v: &Vendor) -> bool {
    v.dpa
        .as_ref()
        .is_some_and(|d| d.form != Some(DpaForm::None))
}

/// `TERMS_RECORDED(v)` (G0b): at least one term group of `v.dpa` is present
/// and non-empty (`audits: {}` and `own_purpose_use: []` do not count).
pub fn terms_recorded(v: &Vendor) -> bool {
    v.dpa.as_ref().is_some_and(|d| !d.recorded.is_empty())
}

/// The guard of every rule that reads `v.dpa` (G0 ∧ G0b): the DPA whose terms
/// the contract rules check, or `None` when they must stay silent for `v`:
/// no DPA or `form: none` (DPA001's case), or a DPA recorded without any of
/// its terms (DPA065's case; the terms are unknown, not absent).
pub fn checked_terms(v: &Vendor) -> Option<&Dpa> {
    if dpa_terms(v) && terms_recorded(v) {
        v.dpa.as_ref()
    } else {
        None
    }
}

/// Every vendor that passes the G0/G0b guard, with its DPA, in declaration order.
pub fn vendors_with_terms(vendors: &[Arc<Vendor>]) -> impl Iterator<Item = (&Vendor, &Dpa)> {
    vendors
        .iter()
        .filter_map(|v| checked_terms(v).map(|d| (&**v, d)))
}

/// Where the effective objection window comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowBasis {
    /// `objection.window_days`.
    Days,
    /// `objection.window_business_days` (the number of business days).
    BusinessDays(u64),
    /// `change_notice.advance_days`, because the objection right has no period
    /// of its own (2021/915 Cl. 7.7(a) Option 2).
    AdvanceNotice,
}

/// The effective objection window `W(v)`, in calendar days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ObjectionWindow {
    pub days: u64,
    pub basis: WindowBasis,
}

impl ObjectionWindow {
    /// Pointer, relative to the vendor, of the field the window comes from.
    pub fn pointer(&self) -> &'static str {
        match self.basis {
            WindowBasis::Days => "dpa/subprocessing/objection/window_days",
            WindowBasis::BusinessDays(_) => "dpa/subprocessing/objection/window_business_days",
            WindowBasis::AdvanceNotice => "dpa/subprocessing/change_notice/advance_days",
        }
    }
}

/// `W(v)` (D9): `objection.window_days` if set; else ⌊`window_business_days`
/// × 7 / 5⌋ if set; else `change_notice.advance_days` if `objection.right`;
/// else `None`.
pub fn objection_window(dpa: &Dpa) -> Option<ObjectionWindow> {
    let sub = &dpa.subprocessing;
    let objection = &sub.objection;
    if let Some(days) = objection.window_days {
        return Some(ObjectionWindow {
            days,
            basis: WindowBasis::Days,
        });
    }
    if let Some(business) = objection.window_business_days {
        return Some(ObjectionWindow {
            days: business.saturating_mul(7) / 5,
            basis: WindowBasis::BusinessDays(business),
        });
    }
    if objection.right {
        return sub.change_notice.advance_days.map(|days| ObjectionWindow {
            days,
            basis: WindowBasis::AdvanceNotice,
        });
    }
    None
}
