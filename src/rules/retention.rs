//! Rules of the `retention` category (see spec RULES.md). One file per rule in `retention/`.

use super::Rule;

pub static RULES: &[&dyn Rule] = &[];
