//! Rules of the `retention` category (see spec RULES.md, RULES-v2.md). One file per rule in
//! `retention/`.
//!
//! Group F, deletion or return at the end of the services (Art. 28(3)(g)). Every rule looks at
//! the vendors that pass the G0/G0b guard. DPA035, DPA036 and DPA055 judge the terms of an
//! existing delete-or-return clause, so they stay silent when `options` is empty (DPA034 reports
//! that, I8); DPA036 (a deadline above the threshold) and the opt-in DPA055 (no deadline) exclude
//! each other (I9).

use super::Rule;

mod deletion_deadline_inadequate;
mod deletion_deadline_unspecified;
mod deletion_return_missing;
mod deletion_return_terms_deficient;

pub static RULES: &[&dyn Rule] = &[
    &deletion_return_missing::DeletionReturnMissing,
    &deletion_return_terms_deficient::DeletionReturnTermsDeficient,
    &deletion_deadline_inadequate::DeletionDeadlineInadequate,
    &deletion_deadline_unspecified::DeletionDeadlineUnspecified,
];
