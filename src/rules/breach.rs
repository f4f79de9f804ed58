//! Rules of the `breach` category (see spec RULES.md). One file per rule in `breach/`.

use super::Rule;

pub static RULES: &[&dyn Rule] = &[];
