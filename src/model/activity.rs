//! `activities[]`: the Art. 30 records, with their DPIA screening flags, the
//! DPIA itself and (format 1.1) HR data, national identification numbers and
//! retention.

use super::{Date, Derived, Origin, nd};
use serde::{Deserialize, Serialize};

string_enum!(
    /// What a documented DPIA screening concluded (1.1).
    ScreeningOutcome { NotNeeded = "not_needed", Required = "required" }
);
string_enum!(
    /// The risk a DPIA leaves after its measures (1.1).
    ResidualRisk { Low = "low", Medium = "medium", High = "high" }
);

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Activity {
    #[serde(skip)]
    pub origin: Origin,
    /// Facts derived from this entity alone, computed once per entity.
    #[serde(skip)]
    pub derived: Derived,
    pub id: String,
    pub name: Option<String>,
    #[serde(deserialize_with = "nd")]
    pub purposes: Vec<String>,
    pub lawful_basis: Option<String>,
    #[serde(deserialize_with = "nd")]
    pub data_categories: Vec<String>,
    pub art9_condition: Option<String>,
    pub art10_basis: Option<String>,
    #[serde(deserialize_with = "nd")]
    pub data_subjects: Vec<String>,
    #[serde(deserialize_with = "nd")]
    pub recipients: Vec<String>,
    #[serde(deserialize_with = "nd")]
    pub risk: Risk,
    #[serde(deserialize_with = "nd")]
    pub dpia: Dpia,
    /// 1.1: data about the organisation's own staff or job applicants in the
    /// employment context; the only source of "HR data" (DPA029).
    #[serde(deserialize_with = "nd")]
    pub hr_data: bool,
    /// 1.1: the statutory provision permitting the use of a national
    /// identification number (DPA063).
    pub national_id_basis: Option<String>,
    /// 1.1: Art. 30(1)(f) time limit for erasure (DPA062).
    #[serde(deserialize_with = "nd")]
    pub retention: Retention,
    pub notes: Option<String>,
}

impl Activity {
    /// `special:*` tokens and `criminal`, in declaration order.
    pub fn sensitive_categories(&self) -> impl Iterator<Item = &str> {
        self.data_categories
            .iter()
            .map(String::as_str)
            .filter(|c| c.starts_with("special:") || *c == "criminal")
    }

    pub fn has_special(&self) -> bool {
        self.data_categories
            .iter()
            .any(|c| c.starts_with("special:"))
    }

    pub fn has_criminal(&self) -> bool {
        self.data_categories.iter().any(|c| c == "criminal")
    }

    /// 1.1: the national identification number tokens, in declaration order:
    /// `national_id` itself or `national_id:<CC>-<SCHEME>` (an upper-case ISO
    /// country code and scheme, e.g. `national_id:NL-BSN`). Other text that
    /// merely starts with `national_id` is free text, as any category.
    pub fn national_id_categories(&self) -> impl Iterator<Item = &str> {
        self.data_categories
            .iter()
            .map(String::as_str)
            .filter(|c| is_national_id_token(c))
    }
}

/// `national_id` or `national_id:<CC>-<SCHEME>` (`^national_id:[A-Z]{2}-[A-Z0-9]+$`).
pub fn is_national_id_token(category: &str) -> bool {
    if category == "national_id" {
        return true;
    }
    let Some(rest) = category.strip_prefix("national_id:") else {
        return false;
    };
    let Some((cc, scheme)) = rest.split_once('-') else {
        return false;
    };
    cc.len() == 2
        && cc.bytes().all(|b| b.is_ascii_uppercase())
        && !scheme.is_empty()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Risk {
    #[serde(deserialize_with = "nd")]
    pub evaluation_scoring: bool,
    #[serde(deserialize_with = "nd")]
    pub automated_decision_legal_effect: bool,
    #[serde(deserialize_with = "nd")]
    pub systematic_monitoring: bool,
    #[serde(deserialize_with = "nd")]
    pub sensitive_or_highly_personal: bool,
    #[serde(deserialize_with = "nd")]
    pub large_scale: bool,
    #[serde(deserialize_with = "nd")]
    pub matching_datasets: bool,
    #[serde(deserialize_with = "nd")]
    pub vulnerable_subjects: bool,
    #[serde(deserialize_with = "nd")]
    pub innovative_technology: bool,
    #[serde(deserialize_with = "nd")]
    pub prevents_rights_or_service: bool,
    #[serde(deserialize_with = "nd")]
    pub public_area_monitoring: bool,
    #[serde(deserialize_with = "nd")]
    pub core_activity: bool,
    #[serde(deserialize_with = "nd")]
    pub national_list: Vec<String>,
}

impl Risk {
    /// The WP248 criteria c1..c9 that are set, as (field name, value).
    pub fn wp248(&self) -> [(&'static str, bool); 9] {
        [
            ("evaluation_scoring", self.evaluation_scoring),
            (
                "automated_decision_legal_effect",
                self.automated_decision_legal_effect,
            ),
            ("systematic_monitoring", self.systematic_monitoring),
            (
                "sensitive_or_highly_personal",
                self.sensitive_or_highly_personal,
            ),
            ("large_scale", self.large_scale),
            ("matching_datasets", self.matching_datasets),
            ("vulnerable_subjects", self.vulnerable_subjects),
            ("innovative_technology", self.innovative_technology),
            (
                "prevents_rights_or_service",
                self.prevents_rights_or_service,
            ),
        ]
    }
}

/// The DPIA of an activity (Art. 35).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Dpia {
    #[serde(deserialize_with = "nd")]
    pub done: bool,
    pub date: Option<Date>,
    pub review_due: Option<Date>,
    /// 1.1: the documented screening (DPA054).
    #[serde(deserialize_with = "nd")]
    pub screening: DpiaScreening,
    /// 1.1: the risk left after the DPIA's measures (DPA064).
    pub residual_risk: Option<ResidualRisk>,
    /// 1.1: Art. 36 consultation of the supervisory authority (DPA064).
    #[serde(deserialize_with = "nd")]
    pub prior_consultation: PriorConsultation,
}

/// 1.1: a documented DPIA screening.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DpiaScreening {
    pub outcome: Option<ScreeningOutcome>,
    pub reason: Option<String>,
    pub date: Option<Date>,
}

impl DpiaScreening {
    /// A screening that documents that no DPIA is needed: outcome
    /// `not_needed` with a non-blank reason and a date (DPA054).
    pub fn documents_not_needed(&self) -> bool {
        self.outcome == Some(ScreeningOutcome::NotNeeded)
            && self.reason.as_deref().is_some_and(|r| !r.trim().is_empty())
            && self.date.is_some()
    }
}

/// 1.1: prior consultation of the supervisory authority (Art. 36).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PriorConsultation {
    #[serde(deserialize_with = "nd")]
    pub done: bool,
    pub date: Option<Date>,
    /// Recorded only.
    pub reference: Option<String>,
}

/// 1.1: how long an activity's data are kept (Art. 30(1)(f)).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Retention {
    /// Months ×30, years ×365.
    pub period_days: Option<u64>,
    pub criteria: Option<String>,
}

impl Retention {
    /// A period or non-blank criteria are recorded (DPA062 is silent).
    pub fn is_recorded(&self) -> bool {
        self.period_days.is_some()
            || self
                .criteria
                .as_deref()
                .is_some_and(|c| !c.trim().is_empty())
    }
}
