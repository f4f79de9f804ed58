//! Group J: data hygiene (DPA046 lives in `countries`).

use super::Rule;

mod dangling_reference;
mod duplicate_vendor;
mod expired_or_overdue_date;
mod placeholder_value;

pub static RULES: &[&dyn Rule] = &[
    &duplicate_vendor::DuplicateVendor,
    &dangling_reference::DanglingReference,
    &expired_or_overdue_date::ExpiredOrOverdueDate,
    &placeholder_value::PlaceholderValue,
];
