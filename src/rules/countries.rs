//! Rules of the `countries` category (see spec RULES.md). One file per rule in `countries/`.
//!
//! DPA046 checks that country values are ISO 3166-1 alpha-2 codes; the
//! suggestion logic ([`suggest_code`]) is shared with the transfer rules, which
//! use it to read a country name such as "Amerika" as `US`.

use super::Rule;
use crate::reference::Reference;

mod unknown_country_code;

pub static RULES: &[&dyn Rule] = &[&unknown_country_code::UnknownCountryCode];

/// The ISO code a non-code value most likely means: a Dutch or English country
/// name from `country_aliases.yaml` (case-insensitive, `Amerika` → `US`), or a
/// wrongly cased code (`us` → `US`, `uk` → `GB`).
pub(crate) fn suggest_code(r: &Reference, value: &str) -> Option<String> {
    let v = value.trim();
    let lower = v.to_lowercase();
    if let Some(code) = r
        .name_aliases
        .iter()
        .find(|(name, _)| name.to_lowercase() == lower)
        .map(|(_, code)| code)
    {
        return Some(code.clone());
    }
    let upper = v.to_uppercase();
    if r.is_iso(&upper) {
        return Some(upper);
    }
    r.eu_aliases.get(&upper).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let r = Reference::embedded();
        assert_eq!(suggest_code(r, "Amerika").as_deref(), Some("US"));
        assert_eq!(suggest_code(r, "frankrijk").as_deref(), Some("FR"));
        assert_eq!(suggest_code(r, "Nederland").as_deref(), Some("NL"));
        assert_eq!(suggest_code(r, "België").as_deref(), Some("BE"));
        assert_eq!(suggest_code(r, "us").as_deref(), Some("US"));
        assert_eq!(suggest_code(r, "uk").as_deref(), Some("GB"));
        assert_eq!(suggest_code(r, "Atlantis"), None);
    }
}
