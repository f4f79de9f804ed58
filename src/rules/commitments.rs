//! Rules of the `commitments` category (processor mode). One file per rule in
//! `commitments/`.
//!
//! The organisation acts as a processor and promises its customers terms in
//! its own DPA (`organisation.commitments`). These rules check its
//! sub-processors against those promises: the advance notice actually given
//! (Art. 28(2)), the locations promised, and whether each vendor's own DPA
//! lets the organisation keep its promises (back to back, Art. 28(4)).
//! Without `organisation.commitments` they stay silent.

use super::Rule;
use crate::inventory::Inventory;
use crate::model::{Commitments, Date, Organisation, Vendor};
use crate::rules::predicates::ancestors;

mod back_to_back_gap;
mod location_outside_promise;
mod promised_notice_not_given;

pub static RULES: &[&dyn Rule] = &[
    &promised_notice_not_given::PromisedNoticeNotGiven,
    &location_outside_promise::LocationOutsidePromise,
    &back_to_back_gap::BackToBackGap,
];

/// The organisation and its commitments, when it declares any.
pub fn commitments(inv: &Inventory) -> Option<(&Organisation, &Commitments)> {
    let org = inv.organisation.as_ref()?;
    org.commitments.as_ref().map(|c| (org, c))
}

/// Whether `v` processes customer data under the commitments at `as_of`: a
/// processor or sub-processor whose engagement has not ended
/// (`engaged_until` before `as_of`) and that [`serves_customers`].
pub fn covers(inv: &Inventory, c: &Commitments, v: &Vendor, as_of: Date) -> bool {
    v.engaged_until.is_none_or(|end| end >= as_of) && serves_customers(inv, c, v)
}

/// Whether `v` is a processor or sub-processor serving the organisation's
/// customers: every one when `commitments.activities` is empty, else a
/// recipient of one of those activities or a sub-processor below one. Also
/// read by the public sub-processor list (`dpalint report subprocessors`).
pub fn serves_customers(inv: &Inventory, c: &Commitments, v: &Vendor) -> bool {
    if !v.is_processor_like() {
        return false;
    }
    if c.activities.is_empty() {
        return true;
    }
    let serves = |id: &str| {
        inv.activities_sending_to(id)
            .any(|a| c.activities.contains(&a.id))
    };
    serves(&v.id) || ancestors(inv, v).iter().any(|p| serves(&p.id))
}

/// The covered vendors, in declaration order.
pub fn covered<'a>(
    inv: &'a Inventory,
    c: &'a Commitments,
    as_of: Date,
) -> impl Iterator<Item = &'a Vendor> + 'a {
    inv.vendors
        .iter()
        .map(|v| &**v)
        .filter(move |v| covers(inv, c, v, as_of))
}
