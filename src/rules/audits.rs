//! Rules of the `audits` category (see spec RULES.md). One file per rule in `audits/`.

use super::Rule;

pub static RULES: &[&dyn Rule] = &[];
