//! Group E: special categories of personal data and criminal-offence data (Art. 9, 10),
//! and national identification numbers (Art. 87).

use super::Rule;

mod national_id_without_basis;
mod sensitive_data_no_legal_condition;
mod sensitive_data_vendor_mismatch;

pub static RULES: &[&dyn Rule] = &[
    &sensitive_data_no_legal_condition::SensitiveDataNoLegalCondition,
    &sensitive_data_vendor_mismatch::SensitiveDataVendorMismatch,
    &national_id_without_basis::NationalIdWithoutBasis,
];

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => format!(
            "{} and {}",
            init.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// A sensitive-category token as shown in messages (`criminal` reads as a noun phrase).
pub(crate) fn shown(token: &str) -> &str {
    if token == "criminal" {
        "criminal-offence data"
    } else {
        token
    }
}
