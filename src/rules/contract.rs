//! Rules of the `contract` category (see spec RULES.md). One file per rule in `contract/`.

use super::Rule;

pub static RULES: &[&dyn Rule] = &[];
