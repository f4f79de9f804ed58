//! Thresholds: the legal ones with their validity windows (so `--as-of` gives
//! the value in force), and dpalint's policy defaults (choices, not law).

use crate::model::Date;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ThresholdsFile {
    pub(super) as_of: Date,
    pub(super) legal: LegalThresholds,
    pub(super) defaults: PolicyDefaults,
    pub(super) sources: Vec<String>,
}

/// The thresholds fixed by law, each with dated values (thresholds.yaml `legal:`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalThresholds {
    /// Art. 33(1): hours the controller has to notify the supervisory authority.
    pub controller_breach_hours: LegalThreshold,
    /// Art. 30(5): employees from which the record-keeping exemption ends (DPA043).
    pub ropa_employee_threshold: LegalThreshold,
}

impl LegalThresholds {
    /// Every legal threshold with its name.
    pub fn all(&self) -> [(&'static str, &LegalThreshold); 2] {
        [
            ("controller_breach_hours", &self.controller_breach_hours),
            ("ropa_employee_threshold", &self.ropa_employee_threshold),
        ]
    }
}

/// A threshold fixed by law, with its values over time.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalThreshold {
    /// The provision that sets it, e.g. "GDPR Art 30(5)".
    pub basis: String,
    pub source: String,
    pub values: Vec<DatedValue>,
}

/// One value of a legal threshold and the inclusive window in which it applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedValue {
    pub value: u64,
    /// `None` = since always.
    pub valid_from: Option<Date>,
    /// `None` = open-ended.
    pub valid_until: Option<Date>,
}

impl DatedValue {
    pub fn contains(&self, date: Date) -> bool {
        self.valid_from.is_none_or(|f| date >= f) && self.valid_until.is_none_or(|u| date <= u)
    }
}

impl LegalThreshold {
    /// The value in force on `date`: the first window containing it (the data
    /// test proves there is at most one).
    pub fn value_at(&self, date: Date) -> Option<u64> {
        self.values
            .iter()
            .find(|v| v.contains(date))
            .map(|v| v.value)
    }
}

/// dpalint's policy thresholds (thresholds.yaml `defaults:`): choices, not law.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PolicyDefaults {
    pub min_objection_days: u64,
    pub max_processor_breach_hours: u64,
    pub max_deletion_days: u64,
    pub dpia_min_wp248_criteria: u64,
    pub accept_eu_aliases: bool,
}
