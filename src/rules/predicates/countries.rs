//! Countries of a vendor: resolution of written values, `CODES`, `FOREIGN`,
//! `THIRD` and `NEEDS_TRANSFER`.

use super::super::Context;
use crate::inventory::Inventory;
use crate::model::{Date, Mechanism, Vendor};
use crate::reference::Reference;

/// A country value of a vendor (its `country` or one of its `data_locations`),
/// with the code it resolves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// Pointer relative to the vendor: `country` or `data_locations/N`.
    pub pointer: String,
    /// The value as written.
    pub value: String,
    /// The resolved code (`GB` for `UK`, `US` for `Amerika`, `EPO`, `EEA` ...).
    pub code: String,
}

/// Resolve a written country value to a code the reference data know: an ISO
/// code, an EU alias (`EL`, `UK`), a region token (`EEA`, `EU`) or an
/// international organisation (`EPO`) as written; otherwise a country name or
/// a wrongly cased code via DPA046's suggestion (`Amerika` → `US`, `us` → `US`).
/// `None` when the value cannot be resolved: DPA046 reports it and the transfer
/// rules treat the location as not established.
pub fn resolve_country(r: &Reference, value: &str) -> Option<String> {
    let v = value.trim();
    if r.is_iso(v)
        || r.eu_aliases.contains_key(v)
        || r.region_tokens.iter().any(|t| t == v)
        || r.is_international_org(v)
    {
        return Some(r.normalise(v, true).to_owned());
    }
    // A cloud region (`aws:eu-central-1`) placing data in exactly one country or region token.
    if let Some(codes) = r.cloud().locate_qualified(v).map(|l| l.codes())
        && let [code] = codes.as_slice()
    {
        return Some(code.clone());
    }
    super::super::countries::suggest_code(r, v)
}

/// The vendor's `country` and `data_locations`, resolved (unresolvable values are skipped).
pub fn vendor_locations(r: &Reference, v: &Vendor) -> Vec<Located> {
    let country = v.country.iter().map(|c| ("country".to_owned(), c));
    let locations = v
        .data_locations
        .iter()
        .enumerate()
        .map(|(i, l)| (format!("data_locations/{i}"), l));
    country
        .chain(locations)
        .filter_map(|(pointer, value)| {
            resolve_country(r, value).map(|code| Located {
                pointer,
                value: value.clone(),
                code,
            })
        })
        .collect()
}

/// Whether `code` is neither in the EEA nor covered by a full adequacy decision at `as_of`
/// (the vendor-independent part of `THIRD`).
pub fn outside_eea_and_full_adequacy(r: &Reference, code: &str, as_of: Date) -> bool {
    !r.is_eea(code) && !r.adequate_full(code, as_of)
}

/// Whether the vendor relies on an Art. 45 decision (`adequacy` or `dpf`).
pub fn relies_on_adequacy(v: &Vendor) -> bool {
    matches!(v.mechanism(), Some(Mechanism::Adequacy | Mechanism::Dpf))
}

/// `THIRD(c)` for a code of vendor `v`: not EEA, not fully adequate, and not a
/// partial-adequacy country whose decision covers this vendor (mechanism
/// `adequacy`/`dpf` and no DPA029 gap for that code).
pub fn is_third_for(inv: &Inventory, r: &Reference, as_of: Date, v: &Vendor, code: &str) -> bool {
    if !outside_eea_and_full_adequacy(r, code, as_of) {
        return false;
    }
    let covered = relies_on_adequacy(v)
        && r.adequate_partial(code, as_of)
        && super::super::transfers::adequacy_gaps(inv, r, as_of, v, code).is_empty();
    !covered
}

/// The vendor's country values that are `THIRD`, in order (country first, then
/// data locations; every occurrence).
pub fn third_locations(inv: &Inventory, r: &Reference, as_of: Date, v: &Vendor) -> Vec<Located> {
    vendor_locations(r, v)
        .into_iter()
        .filter(|l| is_third_for(inv, r, as_of, v, &l.code))
        .collect()
}

/// The distinct third countries of a vendor (`THIRD` codes of its country and data locations).
pub fn third_countries(cx: &Context<'_>, v: &Vendor) -> Vec<String> {
    distinct_codes(&third_locations(cx.inventory, cx.reference, cx.as_of, v))
}

/// `NEEDS_TRANSFER(v)`: the vendor's country or any of its data locations is `THIRD`.
pub fn needs_transfer(cx: &Context<'_>, v: &Vendor) -> bool {
    !third_locations(cx.inventory, cx.reference, cx.as_of, v).is_empty()
}

/// Distinct codes of located values, in order of first appearance.
pub fn distinct_codes(located: &[Located]) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for l in located {
        if !codes.contains(&l.code) {
            codes.push(l.code.clone());
        }
    }
    codes
}

/// `CODES(v)`: the distinct resolved codes of `v.country` and `v.data_locations`
/// (unresolvable values skipped), in order of first appearance.
pub fn codes(r: &Reference, v: &Vendor) -> Vec<String> {
    distinct_codes(&vendor_locations(r, v))
}

/// The country values of `v` whose code is in `FOREIGN(v)`, in order (every
/// occurrence, for labels).
pub fn foreign_locations(r: &Reference, as_of: Date, v: &Vendor) -> Vec<Located> {
    vendor_locations(r, v)
        .into_iter()
        .filter(|l| outside_eea_and_full_adequacy(r, &l.code, as_of))
        .collect()
}

/// `FOREIGN(v)` = {c ∈ CODES(v) : ¬EEA(c) ∧ ¬ADEQ_FULL(c)}: the codes that need
/// a transfer tool unless a partial adequacy decision covers them. Unlike
/// `THIRD`, independent of the vendor's mechanism (US, CA, JP are foreign even
/// for a DPF-certified vendor).
pub fn foreign(cx: &Context<'_>, v: &Vendor) -> Vec<String> {
    foreign_codes(cx.reference, cx.as_of, v)
}

/// [`foreign`] without a rule context.
pub fn foreign_codes(r: &Reference, as_of: Date, v: &Vendor) -> Vec<String> {
    distinct_codes(&foreign_locations(r, as_of, v))
}
