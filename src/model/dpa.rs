//! `vendors[].dpa`: what the signed Art. 28 contract with a vendor says, one
//! struct per term group, plus (format 1.1) its incorporated documents and
//! the provenance of its terms.
//!
//! A DPA also knows which of its term groups were *recorded* (G0b of the v2
//! rule pack): present in the input and holding at least one value. Absent
//! blocks deserialise to defaults like every block of the model, so this is
//! the only way to tell "the contract says nothing about audits" (a recorded
//! `audits: { inspections: false }`) from "nobody recorded the audit terms".

use super::{Date, nd};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

string_enum!(DpaForm { Written = "written", Electronic = "electronic", None = "none" });
string_enum!(SpecialCategories { Excluded = "excluded", Listed = "listed", Silent = "silent" });
string_enum!(Personnel { Committed = "committed", Statutory = "statutory", GeneralStatement = "general_statement", None = "none" });
string_enum!(Authorisation { General = "general", Specific = "specific", None = "none", Prohibited = "prohibited" });
string_enum!(ListProvision { Annex = "annex", Portal = "portal", InDocument = "in_document", OnRequest = "on_request", None = "none" });
string_enum!(NoticeMode {
    ProactiveWritten = "proactive_written", ProactivePortal = "proactive_portal", Subscription = "subscription",
    DocumentUpdate = "document_update", AfterTheFact = "after_the_fact", OnRequest = "on_request", None = "none",
});
string_enum!(CarveOutNotice { None = "none", AfterTheFact = "after_the_fact", Normal = "normal" });
string_enum!(ObjectionEffect { Block = "block", Terminate = "terminate", Negotiate = "negotiate", None = "none" });
string_enum!(FlowDown {
    SameObligations = "same_obligations", Equivalent = "equivalent", SecurityOnly = "security_only",
    AgreementUnspecified = "agreement_unspecified", None = "none",
});
string_enum!(TransferClause { None = "none", Generic = "generic", Named = "named", PerRecipient = "per_recipient" });
string_enum!(Trigger { Automatic = "automatic", OnRequest = "on_request" });
string_enum!(RetentionException {
    UnionOrMemberStateLaw = "union_or_member_state_law", ImporterLocalLawScc = "importer_local_law_scc",
    AnyLaw = "any_law", None = "none",
});
string_enum!(Commitment { Obligation = "obligation", BestEfforts = "best_efforts" });
string_enum!(
    /// What kind of incorporated document a snapshot is (1.1).
    DocumentKind { Dpa = "dpa", Toms = "toms", SubprocessorList = "subprocessor_list", Policy = "policy", Other = "other" }
);
string_enum!(
    /// Where a recorded term comes from (1.1).
    ProvenanceSource {
        DpaClause = "dpa_clause", IncorporatedScc = "incorporated_scc", Art28Restatement = "art28_restatement",
        ReferencedDocument = "referenced_document",
    }
);

/// The term groups of a DPA, in FORMAT.md order (G0b).
pub const TERM_GROUPS: [&str; 12] = [
    "processing_details",
    "instructions",
    "confidentiality",
    "assistance",
    "own_purpose_use",
    "amendment",
    "subprocessing",
    "breach",
    "transfers",
    "end_of_processing",
    "audits",
    "security",
];

/// Which term groups of a DPA were recorded: present and non-empty, i.e.
/// holding at least one value that is not null, blank text, an empty list or
/// (recursively) an empty mapping. `audits: {}` and `own_purpose_use: []` are
/// not recorded; `breach: { notify: false }` is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TermGroups(u16);

impl TermGroups {
    /// The recorded term groups of a `dpa` mapping as written.
    pub fn of(dpa: &serde_json::Value) -> TermGroups {
        let mut bits = 0u16;
        for (i, group) in TERM_GROUPS.iter().enumerate() {
            if dpa.get(group).is_some_and(holds_a_value) {
                bits |= 1 << i;
            }
        }
        TermGroups(bits)
    }

    /// No term group is recorded (DPA065).
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn contains(self, group: &str) -> bool {
        TERM_GROUPS
            .iter()
            .position(|g| *g == group)
            .is_some_and(|i| self.0 & (1 << i) != 0)
    }

    /// The recorded groups, in [`TERM_GROUPS`] order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        TERM_GROUPS
            .iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, g)| *g)
    }
}

/// Whether a value records something: a boolean, a number, non-blank text, or
/// a list or mapping containing such a value.
fn holds_a_value(v: &serde_json::Value) -> bool {
    use serde_json::Value;
    match v {
        Value::Null => false,
        Value::Bool(_) | Value::Number(_) => true,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(items) => items.iter().any(holds_a_value),
        Value::Object(map) => map.values().any(holds_a_value),
    }
}

/// The Art. 28 contract with a vendor. `Deserialize` also records which term
/// groups the input holds ([`Dpa::recorded`]); the derived field-by-field
/// implementation is kept as inherent functions (`serde(remote = "Self")`).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default, remote = "Self")]
pub struct Dpa {
    pub source: Option<String>,
    pub version: Option<String>,
    pub effective: Option<Date>,
    pub review_due: Option<Date>,
    pub expires: Option<Date>,
    pub form: Option<DpaForm>,
    /// 1.1: the date the controller accepted this version, where it differs
    /// from `effective`.
    pub accepted_on: Option<Date>,
    /// 1.1: versioned snapshots of incorporated web pages.
    #[serde(deserialize_with = "nd")]
    pub documents: Vec<DpaDocument>,
    /// 1.1: where recorded terms come from; recorded only.
    #[serde(deserialize_with = "nd")]
    pub provenance: Vec<Provenance>,
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
    /// The term groups the input records (G0b; not part of the input).
    #[serde(skip)]
    pub recorded: TermGroups,
}

impl<'de> Deserialize<'de> for Dpa {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        let recorded = TermGroups::of(&value);
        // The inherent, derived field-by-field implementation.
        let mut dpa = Dpa::deserialize(value).map_err(serde::de::Error::custom)?;
        dpa.recorded = recorded;
        Ok(dpa)
    }
}

impl Serialize for Dpa {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Dpa::serialize(self, s)
    }
}

/// 1.1: a web page or document the DPA incorporates, as retrieved.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DpaDocument {
    pub kind: Option<DocumentKind>,
    pub url: Option<String>,
    pub version: Option<String>,
    pub retrieved_on: Option<Date>,
    /// Recorded only.
    pub sha256: Option<String>,
}

/// 1.1: the source of one recorded term (recorded only, shown in reports).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Provenance {
    /// A key below `dpa`, with dots: `subprocessing.objection`.
    pub field: Option<String>,
    pub source: Option<ProvenanceSource>,
    /// `ref` in YAML: the clause, e.g. `2021/914 Cl. 9(a)`.
    #[serde(rename = "ref")]
    pub reference: Option<String>,
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
    /// 1.1: `special:*`/`criminal` tokens excluded although others are accepted (DPA033).
    #[serde(deserialize_with = "nd")]
    pub excluded_categories: Vec<String>,
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
    /// Tri-state (1.1): `Some(false)` = the DPA excludes or limits the
    /// processor's liability for its sub-processors (DPA060); `None` = silent
    /// (the liability is statutory, no finding).
    pub liability_retained: Option<bool>,
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
    /// 1.1: the window in business days; never set together with
    /// `window_days` (a schema error).
    pub window_business_days: Option<u64>,
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
    /// Tri-state (1.1): `Some(false)` = the contract was read and does not say
    /// what a breach notice contains (DPA052); `None` = not established.
    pub content_specified: Option<bool>,
    /// 1.1: recorded only.
    pub contact_point: Option<String>,
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
