//! Rules of the `retention` category (see spec RULES.md). One file per rule in `retention/`.
//!
//! Group F, deletion or return at the end of the services (Art. 28(3)(g)). All three rules look at
//! every vendor with a `dpa` block. DPA035 and DPA036 judge the terms of an existing
//! delete-or-return clause, so they stay silent when `options` is empty (DPA034 reports that).

use super::Rule;

mod deletion_deadline_inadequate;
mod deletion_return_missing;
mod deletion_return_terms_deficient;

pub static RULES: &[&dyn Rule] = &[
    &deletion_return_missing::DeletionReturnMissing,
    &deletion_return_terms_deficient::DeletionReturnTermsDeficient,
    &deletion_deadline_inadequate::DeletionDeadlineInadequate,
];
