//! Rules of the `security` category (see spec RULES.md). One file per rule in `security/`.

use super::Rule;

pub static RULES: &[&dyn Rule] = &[];
