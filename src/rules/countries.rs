//! Rules of the `countries` category (see spec RULES.md). One file per rule in `countries/`.

use super::Rule;

pub static RULES: &[&dyn Rule] = &[];
