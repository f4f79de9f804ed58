//! Group G: audits and information rights (Art. 28(3)(h)).

use super::Rule;

mod audit_frequency_capped;
mod audit_right_missing;
mod audit_right_restricted;

pub static RULES: &[&dyn Rule] = &[
    &audit_right_missing::AuditRightMissing,
    &audit_right_restricted::AuditRightRestricted,
    &audit_frequency_capped::AuditFrequencyCapped,
];
