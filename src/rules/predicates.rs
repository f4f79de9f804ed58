//! Shared predicates of the rule pack: the derived predicates of FORMAT.md
//! (`EEA`, `THIRD`, `NEEDS_TRANSFER`, through [`crate::reference::Reference`]
//! and [`countries`]) and the definitions of RULES-v2 § 1 (`CODES`, `FOREIGN`,
//! `SUBS`, `CHAIN`, ancestors, `ONWARD_COVERED`, `DPA_TERMS`,
//! `TERMS_RECORDED`, the G0/G0b guard, `W`, `SCC_DATE`, `HR_TO`, `MECH`,
//! `CONCRETE`, `TIA_TOOLS`).
//!
//! Rules use these instead of re-deriving them, so that one legal reading
//! lives in one place. Predicates take the [`Context`](super::Context) when
//! they need the reference data or the evaluation date (a `*_at`/`*_codes`
//! variant takes them explicitly), and only the vendor when they do not.
//! Every walk over `parent` references is cycle-safe.

mod chain;
mod contract;
mod countries;
#[cfg(test)]
mod tests;
mod transfer;

pub use chain::{ancestors, chain, governing_dpa, hr_to, onward_covered, onward_covered_at, subs};
pub use contract::{
    ObjectionWindow, WindowBasis, checked_terms, dpa_terms, objection_window, terms_recorded,
    vendors_with_terms,
};
pub use countries::{
    Located, codes, distinct_codes, foreign, foreign_codes, foreign_locations, is_third_for,
    needs_transfer, outside_eea_and_full_adequacy, relies_on_adequacy, resolve_country,
    third_countries, third_locations, vendor_locations,
};
pub use transfer::{SccDate, SccDateBasis, TIA_TOOLS, concrete, mech, scc_date, uses_tia_tool};
