//! `vendors[]`: processors, sub-processors and other recipients, with their
//! establishment, data locations, transfer block (Chapter V) and (format 1.1)
//! the Art. 26 arrangement and the Art. 28(1) due diligence. The Art. 28
//! contract itself is in [`super::dpa`].

use super::{Date, Derived, Dpa, Origin, Publish, nd};
use serde::{Deserialize, Serialize};

string_enum!(VendorRole { Processor = "processor", SubProcessor = "sub_processor", Controller = "controller", JointController = "joint_controller" });
string_enum!(Mechanism {
    None = "none", Adequacy = "adequacy", Dpf = "dpf", Scc = "scc", Bcr = "bcr",
    CodeOfConduct = "code_of_conduct", Certification = "certification", AdHocClauses = "ad_hoc_clauses",
    Derogation = "derogation", Unspecified = "unspecified", PrivacyShield = "privacy_shield", SafeHarbor = "safe_harbor",
});
string_enum!(Frequency { Occasional = "occasional", Regular = "regular", Continuous = "continuous" });
string_enum!(
    /// What a transfer impact assessment concluded (1.1).
    TiaOutcome {
        NoMeasuresNeeded = "no_measures_needed", MeasuresAdopted = "measures_adopted",
        NotEssentiallyEquivalent = "not_essentially_equivalent",
    }
);

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Vendor {
    #[serde(skip)]
    pub origin: Origin,
    /// Facts derived from this entity alone, computed once per entity.
    #[serde(skip)]
    pub derived: Derived,
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
    /// 1.1: the Art. 26 arrangement, read for `role: joint_controller` (DPA056).
    #[serde(deserialize_with = "nd")]
    pub arrangement: Arrangement,
    /// 1.1: the Art. 28(1) check of a processor's guarantees (DPA057).
    #[serde(deserialize_with = "nd")]
    pub due_diligence: DueDiligence,
    /// The infrastructure this vendor provides (Terraform providers), for the
    /// infrastructure rules DPA066-DPA068.
    #[serde(deserialize_with = "nd")]
    pub infrastructure: VendorInfrastructure,
    /// Processor mode: first day the vendor processes customer data.
    pub engaged_from: Option<Date>,
    /// Processor mode: when customers were told of the engagement.
    pub announced_on: Option<Date>,
    /// Processor mode: last day the vendor processes customer data.
    pub engaged_until: Option<Date>,
    /// Processor mode: what the public sub-processor list may show.
    pub publish: Option<Publish>,
    pub notes: Option<String>,
}

/// `infrastructure` of a vendor: which Terraform providers configure its service.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct VendorInfrastructure {
    /// Provider source addresses (`hashicorp/aws`, `DataDog/datadog`).
    #[serde(deserialize_with = "nd")]
    pub terraform_providers: Vec<String>,
}

impl Vendor {
    pub fn is_processor_like(&self) -> bool {
        matches!(
            self.role,
            Some(VendorRole::Processor | VendorRole::SubProcessor)
        )
    }

    /// `MECH(v)`: `transfer.mechanism`, `None` when absent or null.
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

/// 1.1: the arrangement between joint controllers (Art. 26).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Arrangement {
    #[serde(deserialize_with = "nd")]
    pub documented: bool,
    #[serde(deserialize_with = "nd")]
    pub essence_available: bool,
    /// Recorded only (`ref` in YAML).
    #[serde(rename = "ref")]
    pub reference: Option<String>,
}

/// 1.1: the check of a processor's guarantees (Art. 28(1)).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DueDiligence {
    pub date: Option<Date>,
    pub review_due: Option<Date>,
    /// Recorded only.
    #[serde(deserialize_with = "nd")]
    pub evidence: Vec<String>,
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
    /// 1.2: the suitable safeguards of an Art. 49(1) 2nd-subparagraph transfer; reports only.
    pub safeguards: Option<String>,
    pub frequency: Option<Frequency>,
    #[serde(deserialize_with = "nd")]
    pub tia: Tia,
    /// 1.1: evidence for `code_of_conduct` and `certification` (DPA053).
    #[serde(deserialize_with = "nd")]
    pub approval: TransferApproval,
    /// 1.1: evidence for `bcr` (DPA053).
    #[serde(deserialize_with = "nd")]
    pub bcr: Bcr,
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
    /// 1.1: incorporated in the vendor's DPA, dated by `dpa.accepted_on`,
    /// else `dpa.effective` (see `SCC_DATE` in `rules::predicates`).
    #[serde(deserialize_with = "nd")]
    pub incorporated_by_reference: bool,
}

/// A transfer impact assessment.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Tia {
    #[serde(deserialize_with = "nd")]
    pub done: bool,
    pub date: Option<Date>,
    pub review_due: Option<Date>,
    /// 1.1 (DPA059).
    pub outcome: Option<TiaOutcome>,
    /// 1.1: supplementary measures adopted (DPA059).
    #[serde(deserialize_with = "nd")]
    pub measures: Vec<String>,
}

/// 1.1: an approved code of conduct or certification used as a transfer tool.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct TransferApproval {
    /// Recorded only.
    pub scheme: Option<String>,
    pub reference: Option<String>,
    #[serde(deserialize_with = "nd")]
    pub binding_commitments: bool,
}

/// 1.1: binding corporate rules used as a transfer tool.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Bcr {
    pub approval_reference: Option<String>,
    #[serde(deserialize_with = "nd")]
    pub group_member: bool,
}
