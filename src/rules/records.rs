//! Rules of the `records` category (see spec RULES.md). One file per rule in `records/`.

use super::Rule;

pub static RULES: &[&dyn Rule] = &[];
