//! Group G: audits and information rights (Art. 28(3)(h)).
//!
//! Every rule reads `dpa.audits` of the vendors that pass the G0/G0b guard. Audits that are
//! absent or excluded (`max_per_year: 0`) are DPA037 only; DPA038 and DPA039 judge the terms of
//! an audit right that exists (I10).

use super::Rule;
use crate::model::Audits;

mod audit_frequency_capped;
mod audit_right_missing;
mod audit_right_restricted;

pub static RULES: &[&dyn Rule] = &[
    &audit_right_missing::AuditRightMissing,
    &audit_right_restricted::AuditRightRestricted,
    &audit_frequency_capped::AuditFrequencyCapped,
];

/// What DPA037 reports, in the order of its message, as (field, words):
/// no information right, no audit or inspection right, audits excluded
/// altogether (`max_per_year: 0`). Empty when the audit right exists.
fn audit_right_gaps(a: &Audits) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if !a.information {
        out.push(("information", "no right to information"));
    }
    if !a.inspections {
        out.push(("inspections", "no audit or inspection right"));
    }
    if a.max_per_year == Some(0) {
        out.push(("max_per_year", "no audits at all (at most 0 per year)"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_gap_is_named_once() {
        let full = Audits {
            information: true,
            inspections: true,
            max_per_year: Some(1),
            ..Audits::default()
        };
        assert!(audit_right_gaps(&full).is_empty());
        let fields = |a: &Audits| {
            audit_right_gaps(a)
                .into_iter()
                .map(|(f, _)| f)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fields(&Audits {
                max_per_year: Some(0),
                ..Audits::default()
            }),
            ["information", "inspections", "max_per_year"]
        );
        assert_eq!(
            fields(&Audits {
                information: true,
                max_per_year: None,
                ..Audits::default()
            }),
            ["inspections"]
        );
    }
}
