//! Group I: records of processing, DPO and DPIA (Art. 30, 35, 37).

use super::Rule;

mod dpia_required_missing;
mod dpo_required_missing;
mod ropa_missing;

pub static RULES: &[&dyn Rule] = &[
    &ropa_missing::RopaMissing,
    &dpo_required_missing::DpoRequiredMissing,
    &dpia_required_missing::DpiaRequiredMissing,
];

/// `a`, `a and b`, `a, b and c`.
fn and_list<S: AsRef<str>>(items: &[S]) -> String {
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

/// `a; b; c` for reasons that themselves contain commas.
fn semicolon_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join("; ")
}
