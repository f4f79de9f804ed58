//! Rules of the `infrastructure` category: the declared inventory against the
//! Terraform/OpenTofu next to it (docs/infrastructure.md). They read the
//! project's evidence (`Context::infrastructure`) and do nothing without it.
//!
//! Linking a provider to a vendor: the vendors that list its source address in
//! `infrastructure.terraform_providers`; else, automatically, the one vendor
//! whose id is the provider's type (`aws`, `datadog`) or whose legal name
//! contains the service's name (preferring a non-sub-processor when several
//! do). Several candidates and no declaration is ambiguous: nothing is guessed.

use super::Rule;
use super::predicates::resolve_country;
use crate::inventory::Inventory;
use crate::model::{Vendor, VendorRole};
use crate::reference::Reference;

mod infrastructure_location_unresolved;
mod undeclared_infrastructure_location;
mod undeclared_infrastructure_vendor;

pub static RULES: &[&dyn Rule] = &[
    &undeclared_infrastructure_location::UndeclaredInfrastructureLocation,
    &undeclared_infrastructure_vendor::UndeclaredInfrastructureVendor,
    &infrastructure_location_unresolved::InfrastructureLocationUnresolved,
];

/// The vendors a provider is linked to.
pub(crate) enum Link<'a> {
    /// Declared in `infrastructure.terraform_providers` (one or more vendors).
    Declared(Vec<&'a Vendor>),
    /// Matched by id or name, unambiguously.
    Matched(&'a Vendor),
    /// Several vendors match and none declares the provider.
    Ambiguous(Vec<&'a Vendor>),
    None,
}

fn address_key(a: &str) -> String {
    let a = a.trim().to_lowercase();
    a.strip_prefix("registry.terraform.io/")
        .or_else(|| a.strip_prefix("registry.opentofu.org/"))
        .unwrap_or(&a)
        .to_owned()
}

fn squash(s: &str) -> String {
    s.split('(')
        .next()
        .unwrap_or(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase()
}

/// The vendors linked to the provider at `address` whose service is `service`.
pub(crate) fn link<'a>(inv: &'a Inventory, address: &str, service: &str) -> Link<'a> {
    let key = address_key(address);
    let declared: Vec<&Vendor> = inv
        .vendors
        .iter()
        .map(AsRef::as_ref)
        .filter(|v| {
            v.infrastructure
                .terraform_providers
                .iter()
                .any(|p| address_key(p) == key)
        })
        .collect();
    if !declared.is_empty() {
        return Link::Declared(declared);
    }
    let ty = squash(key.rsplit('/').next().unwrap_or(&key));
    let service = squash(service);
    let candidates: Vec<&Vendor> = inv
        .vendors
        .iter()
        .map(AsRef::as_ref)
        .filter(|v| {
            squash(&v.id) == ty
                || v.name
                    .as_deref()
                    .is_some_and(|n| !service.is_empty() && squash(n).contains(&service))
        })
        .collect();
    match candidates.as_slice() {
        [] => Link::None,
        [one] => Link::Matched(one),
        many => {
            let own: Vec<&&Vendor> = many
                .iter()
                .filter(|v| v.role != Some(VendorRole::SubProcessor))
                .collect();
            match own.as_slice() {
                [one] => Link::Matched(one),
                _ => Link::Ambiguous(candidates),
            }
        }
    }
}

/// The codes a vendor's `data_locations` declare: ISO codes and region tokens;
/// a cloud region (`aws:eu-central-1`) gives every country it spans.
pub(crate) fn declared_codes(r: &Reference, v: &Vendor) -> Vec<String> {
    let mut out = Vec::new();
    for l in &v.data_locations {
        let codes = match r.cloud().locate_qualified(l) {
            Some(loc) => loc.codes(),
            None => resolve_country(r, l).into_iter().collect(),
        };
        for c in codes {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// Whether `code` (a country or token) is within the declared codes.
pub(crate) fn covered(r: &Reference, declared: &[String], code: &str) -> bool {
    let has = |t: &str| declared.iter().any(|d| d == t);
    has(code)
        || (has("EEA") && (code == "EU" || (code != "EEA" && r.is_eea(code))))
        || (has("EU") && code != "EU" && code != "EEA" && r.is_eu(code))
}
