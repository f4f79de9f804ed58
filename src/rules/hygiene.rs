//! Group J: data hygiene (DPA046 lives in `countries`).

use super::Rule;

mod dangling_reference;
mod duplicate_vendor;

pub static RULES: &[&dyn Rule] = &[
    &duplicate_vendor::DuplicateVendor,
    &dangling_reference::DanglingReference,
];
