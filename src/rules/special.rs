//! Rules of the `special` category (see spec RULES.md). One file per rule in `special/`.

use super::Rule;

pub static RULES: &[&dyn Rule] = &[];
