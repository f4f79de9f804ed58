//! The processing chain: `SUBS`, `CHAIN`, ancestors, `ONWARD_COVERED`, the
//! nearest governing DPA and `HR_TO`. Every walk is cycle-safe: a chain that
//! revisits a vendor stops there (DPA048 and DPA047 report broken references
//! and duplicates; the predicates must still terminate on them).

use super::super::Context;
use super::contract::dpa_terms;
use super::countries::foreign_codes;
use crate::inventory::Inventory;
use crate::model::{Activity, Date, Mechanism, Vendor, VendorRole};
use crate::reference::Reference;

/// `SUBS(v)`: the vendors whose `parent` is `v.id`, in declaration order.
pub fn subs<'a>(inv: &'a Inventory, v: &Vendor) -> impl Iterator<Item = &'a Vendor> {
    inv.sub_processors_of(&v.id)
}

/// `CHAIN(v)`: `v` and all its transitive sub-processors, breadth first (`v`,
/// its sub-processors in declaration order, then theirs). Each vendor appears
/// once, so a cycle of `parent` references ends the walk.
pub fn chain<'a>(inv: &'a Inventory, v: &'a Vendor) -> Vec<&'a Vendor> {
    let mut out: Vec<&'a Vendor> = vec![v];
    let mut next = 0;
    while next < out.len() {
        let current = out[next];
        next += 1;
        for s in subs(inv, current) {
            if !out.iter().any(|seen| std::ptr::eq(*seen, s)) {
                out.push(s);
            }
        }
    }
    out
}

/// The ancestors of `v`: `parent(v)`, `parent(parent(v))`, … (nearest first).
/// The walk stops before a vendor already visited, `v` included, so a vendor
/// that is its own parent has no ancestors.
pub fn ancestors<'a>(inv: &'a Inventory, v: &Vendor) -> Vec<&'a Vendor> {
    let mut out: Vec<&'a Vendor> = Vec::new();
    let mut current = inv.parent_of(v);
    while let Some(p) = current {
        if std::ptr::eq(p, v) || out.iter().any(|seen| std::ptr::eq(*seen, p)) {
            break;
        }
        out.push(p);
        current = inv.parent_of(p);
    }
    out
}

/// `ONWARD_COVERED(v)` (D22): `v` is a sub-processor whose foreign countries
/// all lie in its parent's, and the parent's own transfer (SCCs of module 2, 3
/// or unstated, or a DPF certification for US-only sub-processors) or, in turn,
/// its coverage by its own parent governs the onward transfer. The validity of
/// the parent's mechanism is not checked (DPA025/027/029 report it on the
/// parent; no cascade). A cycle of parents is not covered.
pub fn onward_covered(cx: &Context<'_>, v: &Vendor) -> bool {
    onward_covered_at(cx.inventory, cx.reference, cx.as_of, v)
}

/// [`onward_covered`] without a rule context.
pub fn onward_covered_at(inv: &Inventory, r: &Reference, as_of: Date, v: &Vendor) -> bool {
    let mut visited: Vec<&Vendor> = vec![v];
    let mut current = v;
    let mut current_foreign = foreign_codes(r, as_of, v);
    loop {
        if current.role != Some(VendorRole::SubProcessor) || current_foreign.is_empty() {
            return false;
        }
        let Some(p) = inv.parent_of(current) else {
            return false;
        };
        if visited.iter().any(|seen| std::ptr::eq(*seen, p)) {
            return false;
        }
        let parent_foreign = foreign_codes(r, as_of, p);
        if !current_foreign.iter().all(|c| parent_foreign.contains(c)) {
            return false;
        }
        let transfer = p.transfer.as_ref();
        let by_scc = p.mechanism() == Some(Mechanism::Scc)
            && transfer.is_some_and(|t| matches!(t.scc.module, None | Some(2 | 3)));
        let by_dpf =
            p.mechanism() == Some(Mechanism::Dpf) && current_foreign.iter().all(|c| c == "US");
        if by_scc || by_dpf {
            return true;
        }
        // Otherwise covered only if the parent is itself covered by its parent.
        visited.push(p);
        current = p;
        current_foreign = parent_foreign;
    }
}

/// `G(w)` of DPA024: the nearest of `w` and its ancestors with `DPA_TERMS`
/// (the contract that governs `w`'s transfers), if any.
pub fn governing_dpa<'a>(inv: &'a Inventory, w: &'a Vendor) -> Option<&'a Vendor> {
    if dpa_terms(w) {
        return Some(w);
    }
    ancestors(inv, w).into_iter().find(|a| dpa_terms(a))
}

/// `HR_TO(v)` (D2): the first activity (in declaration order) with
/// `hr_data: true` that lists `v` or an ancestor of `v` among its recipients.
/// Only the flag counts: `data_subjects` text never makes data HR data.
pub fn hr_to<'a>(inv: &'a Inventory, v: &Vendor) -> Option<&'a Activity> {
    let mut ids = vec![v.id.clone()];
    ids.extend(ancestors(inv, v).into_iter().map(|a| a.id.clone()));
    inv.first_activity_sending_to_any(&ids, |a| a.hr_data)
}
