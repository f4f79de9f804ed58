//! The typed model of input format v1 (FORMAT.md), read by the rules.
//!
//! Deserialised from schema-valid JSON, so types are already right. Absent or
//! `null` booleans are `false`, lists `[]`, scalars `None`; nested blocks that
//! are absent behave as all-defaults (a missing `dpa.breach` block means
//! "not stated"), except `vendors[].dpa`, whose absence DPA001 reports.
//! Positions are not here: every entity knows its [`Origin`] and rules report
//! JSON pointers relative to it.

use crate::source::FileId;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// Where an entity lives: file, document and pointer of its mapping.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Origin {
    #[serde(skip)]
    pub file: FileId,
    #[serde(skip)]
    pub doc: usize,
    /// `/vendors/3`, `/activities/0` or `/organisation`.
    pub pointer: String,
}

impl Origin {
    /// Pointer of a field below this entity, `rel` like `dpa/breach/deadline_hours`.
    pub fn at(&self, rel: &str) -> String {
        if rel.is_empty() {
            self.pointer.clone()
        } else {
            format!("{}/{}", self.pointer, rel.trim_start_matches('/'))
        }
    }
}

/// A civil date (`YYYY-MM-DD`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    pub fn parse(s: &str) -> Option<Date> {
        if s.len() != 10 || s.as_bytes()[4] != b'-' || s.as_bytes()[7] != b'-' {
            return None;
        }
        let y: i16 = s[0..4].parse().ok()?;
        let m: i8 = s[5..7].parse().ok()?;
        let d: i8 = s[8..10].parse().ok()?;
        jiff::civil::Date::new(y, m, d).ok().map(Date)
    }

    /// Today's date in UTC.
    pub fn today_utc() -> Date {
        Date(
            jiff::Timestamp::now()
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date(),
        )
    }

    /// Days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i64 {
        let a = self
            .0
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp());
        let b = other
            .0
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp());
        match (a, b) {
            (Ok(a), Ok(b)) => (b.as_second() - a.as_second()).div_euclid(86_400),
            _ => 0,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("invalid date `{s}`")))
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// `null` and absent both mean the type's default.
fn nd<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }
        impl $name {
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $text),+ } }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

string_enum!(OrgRole { Controller = "controller", Processor = "processor", ControllerAndProcessor = "controller_and_processor" });
string_enum!(VendorRole { Processor = "processor", SubProcessor = "sub_processor", Controller = "controller", JointController = "joint_controller" });
string_enum!(Mechanism {
    None = "none", Adequacy = "adequacy", Dpf = "dpf", Scc = "scc", Bcr = "bcr",
    CodeOfConduct = "code_of_conduct", Certification = "certification", AdHocClauses = "ad_hoc_clauses",
    Derogation = "derogation", Unspecified = "unspecified", PrivacyShield = "privacy_shield", SafeHarbor = "safe_harbor",
});
string_enum!(Frequency { Occasional = "occasional", Regular = "regular", Continuous = "continuous" });
string_enum!(DpaForm { Written = "written", Electronic = "electronic", None = "none" });
string_enum!(SpecialCategories { Excluded = "excluded", Listed = "listed", Silent = "silent" });
string_enum!(Personnel { Committed = "committed", Statutory = "statutory", GeneralStatement = "general_statement", None = "none" });
string_enum!(Authorisation { General = "general", Specific = "specific", None = "none", Prohibited = "prohibited" });
string_enum!(ListProvision { Annex = "annex", Portal = "portal", InDocument = "in_document", OnRequest = "on_request", None = "none" });
string_enum!(NoticeMode {
    ProactiveWritten = "proactive_written", ProactivePortal = "proactive_portal", DocumentUpdate = "document_update",
    OnRequest = "on_request", None = "none",
});
string_enum!(CarveOutNotice { None = "none", AfterTheFact = "after_the_fact", Normal = "normal" });
string_enum!(ObjectionEffect { Block = "block", Terminate = "terminate", Negotiate = "negotiate", None = "none" });
string_enum!(FlowDown { SameObligations = "same_obligations", Equivalent = "equivalent", SecurityOnly = "security_only", None = "none" });
string_enum!(TransferClause { None = "none", Generic = "generic", Named = "named", PerRecipient = "per_recipient" });
string_enum!(Trigger { Automatic = "automatic", OnRequest = "on_request" });
string_enum!(RetentionException { UnionOrMemberStateLaw = "union_or_member_state_law", AnyLaw = "any_law", None = "none" });
string_enum!(Commitment { Obligation = "obligation", BestEfforts = "best_efforts" });

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Organisation {
    #[serde(skip)]
    pub origin: Origin,
    pub name: Option<String>,
    pub country: Option<String>,
    pub role: Option<OrgRole>,
    #[serde(deserialize_with = "nd")]
    pub public_authority: bool,
    pub employees: Option<u64>,
    #[serde(deserialize_with = "nd")]
    pub dpo: Dpo,
    #[serde(deserialize_with = "nd")]
    pub ropa: Ropa,
    pub notes: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Dpo {
    #[serde(deserialize_with = "nd")]
    pub appointed: bool,
    pub contact: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Ropa {
    #[serde(deserialize_with = "nd")]
    pub maintained: bool,
    pub review_due: Option<Date>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Activity {
    #[serde(skip)]
    pub origin: Origin,
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
    pub dpia: Assessment,
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

/// A DPIA or TIA record.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Assessment {
    #[serde(deserialize_with = "nd")]
    pub done: bool,
    pub date: Option<Date>,
    pub review_due: Option<Date>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Vendor {
    #[serde(skip)]
    pub origin: Origin,
    pub id: String,
    pub name: Option<String>,
    pub role: Option<VendorRole>,
    pub parent: Option<String>,
    pub country: Option<String>,
    #[serde(deserialize_with = "nd")]
    pub data_locations: Vec<String>,
    pub purpose: Option<String>,
    #[serde(deserialize_with = "nd")]
    pub certifications: Vec<Certification>,
    pub transfer: Option<Transfer>,
    pub dpa: Option<Dpa>,
    pub notes: Option<String>,
}

impl Vendor {
    pub fn is_processor_like(&self) -> bool {
        matches!(
            self.role,
            Some(VendorRole::Processor | VendorRole::SubProcessor)
        )
    }

    pub fn mechanism(&self) -> Option<Mechanism> {
        self.transfer.as_ref().and_then(|t| t.mechanism)
    }
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Certification {
    pub scheme: Option<String>,
    pub expires: Option<Date>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Transfer {
    pub mechanism: Option<Mechanism>,
    #[serde(deserialize_with = "nd")]
    pub adequacy_scope_confirmed: bool,
    #[serde(deserialize_with = "nd")]
    pub dpf: Dpf,
    #[serde(deserialize_with = "nd")]
    pub scc: Scc,
    pub derogation: Option<String>,
    pub frequency: Option<Frequency>,
    #[serde(deserialize_with = "nd")]
    pub tia: Assessment,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Dpf {
    #[serde(deserialize_with = "nd")]
    pub certified: bool,
    pub verified_on: Option<Date>,
    pub recertification_due: Option<Date>,
    #[serde(deserialize_with = "nd")]
    pub hr_data_covered: bool,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Scc {
    pub decision: Option<String>,
    pub module: Option<u8>,
    pub signed: Option<Date>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Dpa {
    pub source: Option<String>,
    pub version: Option<String>,
    pub effective: Option<Date>,
    pub review_due: Option<Date>,
    pub expires: Option<Date>,
    pub form: Option<DpaForm>,
    #[serde(deserialize_with = "nd")]
    pub processing_details: ProcessingDetails,
    #[serde(deserialize_with = "nd")]
    pub instructions: Instructions,
    #[serde(deserialize_with = "nd")]
    pub confidentiality: Confidentiality,
    #[serde(deserialize_with = "nd")]
    pub assistance: Assistance,
    #[serde(deserialize_with = "nd")]
    pub own_purpose_use: Vec<String>,
    #[serde(deserialize_with = "nd")]
    pub amendment: Amendment,
    #[serde(deserialize_with = "nd")]
    pub subprocessing: Subprocessing,
    #[serde(deserialize_with = "nd")]
    pub breach: Breach,
    #[serde(deserialize_with = "nd")]
    pub transfers: DpaTransfers,
    #[serde(deserialize_with = "nd")]
    pub end_of_processing: EndOfProcessing,
    #[serde(deserialize_with = "nd")]
    pub audits: Audits,
    #[serde(deserialize_with = "nd")]
    pub security: Security,
    pub notes: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ProcessingDetails {
    pub subject_matter: Option<String>,
    pub duration: Option<String>,
    pub nature: Option<String>,
    #[serde(deserialize_with = "nd")]
    pub purposes: Vec<String>,
    #[serde(deserialize_with = "nd")]
    pub data_types: Vec<String>,
    #[serde(deserialize_with = "nd")]
    pub data_subject_categories: Vec<String>,
    pub special_categories: Option<SpecialCategories>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Instructions {
    #[serde(deserialize_with = "nd")]
    pub documented: bool,
    #[serde(deserialize_with = "nd")]
    pub legal_requirement_notice: bool,
    #[serde(deserialize_with = "nd")]
    pub unlawful_instruction_alert: bool,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Confidentiality {
    pub personnel: Option<Personnel>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Assistance {
    #[serde(deserialize_with = "nd")]
    pub data_subject_rights: bool,
    #[serde(deserialize_with = "nd")]
    pub security: bool,
    #[serde(deserialize_with = "nd")]
    pub breach: bool,
    #[serde(deserialize_with = "nd")]
    pub dpia: bool,
    #[serde(deserialize_with = "nd")]
    pub prior_consultation: bool,
    #[serde(deserialize_with = "nd")]
    pub chargeable: bool,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Amendment {
    #[serde(deserialize_with = "nd")]
    pub unilateral: bool,
    #[serde(deserialize_with = "nd")]
    pub controller_approval: bool,
    #[serde(deserialize_with = "nd")]
    pub controller_may_terminate: bool,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Subprocessing {
    pub authorisation: Option<Authorisation>,
    pub list: Option<ListProvision>,
    #[serde(deserialize_with = "nd")]
    pub change_notice: ChangeNotice,
    #[serde(deserialize_with = "nd")]
    pub carve_outs: Vec<CarveOut>,
    #[serde(deserialize_with = "nd")]
    pub objection: Objection,
    pub flow_down: Option<FlowDown>,
    #[serde(deserialize_with = "nd")]
    pub liability_retained: bool,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ChangeNotice {
    pub mode: Option<NoticeMode>,
    pub advance_days: Option<u64>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CarveOut {
    pub scope: Option<String>,
    pub notice: Option<CarveOutNotice>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Objection {
    #[serde(deserialize_with = "nd")]
    pub right: bool,
    pub window_days: Option<u64>,
    #[serde(deserialize_with = "nd")]
    pub silence_is_consent: bool,
    pub effect: Option<ObjectionEffect>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Breach {
    #[serde(deserialize_with = "nd")]
    pub notify: bool,
    pub deadline_hours: Option<u64>,
    pub wording: Option<String>,
    #[serde(deserialize_with = "nd")]
    pub qualifiers: Vec<String>,
    #[serde(deserialize_with = "nd")]
    pub content_specified: bool,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DpaTransfers {
    pub clause: Option<TransferClause>,
    #[serde(deserialize_with = "nd")]
    pub named_mechanisms: Vec<String>,
    #[serde(deserialize_with = "nd")]
    pub blanket_instruction: bool,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct EndOfProcessing {
    #[serde(deserialize_with = "nd")]
    pub options: Vec<String>,
    #[serde(deserialize_with = "nd")]
    pub controller_choice: bool,
    pub trigger: Option<Trigger>,
    pub deadline_days: Option<u64>,
    #[serde(deserialize_with = "nd")]
    pub qualifiers: Vec<String>,
    pub retention_exception: Option<RetentionException>,
    #[serde(deserialize_with = "nd")]
    pub confirmation: bool,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Audits {
    #[serde(deserialize_with = "nd")]
    pub information: bool,
    #[serde(deserialize_with = "nd")]
    pub inspections: bool,
    #[serde(deserialize_with = "nd")]
    pub conditions: Vec<String>,
    pub max_per_year: Option<u64>,
    #[serde(deserialize_with = "nd")]
    pub exception_for_cause: bool,
    pub notice_days: Option<u64>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Security {
    pub toms_ref: Option<String>,
    #[serde(deserialize_with = "nd")]
    pub measures: Vec<String>,
    pub commitment: Option<Commitment>,
    #[serde(deserialize_with = "nd")]
    pub controller_deems_adequate: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_and_absent_mean_default() {
        let v: Vendor = serde_json::from_value(serde_json::json!({
            "id": "x", "name": "X", "role": "processor",
            "data_locations": null,
            "dpa": { "breach": null, "subprocessing": { "objection": { "window_days": null } } }
        }))
        .unwrap();
        assert!(v.data_locations.is_empty());
        let dpa = v.dpa.unwrap();
        assert!(!dpa.breach.notify);
        assert_eq!(dpa.subprocessing.objection.window_days, None);
    }

    #[test]
    fn dates() {
        let d = Date::parse("2024-02-29").unwrap();
        assert_eq!(d.to_string(), "2024-02-29");
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2023-2-1").is_none());
        assert_eq!(d.days_until(Date::parse("2024-03-01").unwrap()), 1);
    }
}
