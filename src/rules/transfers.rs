//! Rules of the `transfers` category (see spec RULES.md). One file per rule in `transfers/`.

use super::Rule;

pub static RULES: &[&dyn Rule] = &[];
