//! Rules of the `subprocessors` category (see spec RULES.md). One file per rule in `subprocessors/`.

use super::Rule;

pub static RULES: &[&dyn Rule] = &[];
