//! The `organisation` section: who runs dpalint, its DPO, its Art. 30 record
//! and (format 1.1) its Art. 27 representative.

use super::{Client, Commitments, Date, Derived, Origin, OwnSecurity, nd};
use serde::{Deserialize, Serialize};

string_enum!(OrgRole { Controller = "controller", Processor = "processor", ControllerAndProcessor = "controller_and_processor" });
string_enum!(
    /// Why Art. 27 requires no representative (format 1.1).
    Art27ExemptReason {
        EuEstablishment = "eu_establishment", Art27_2A = "art27_2_a", Art27_2B = "art27_2_b",
        Art3_2NotApplicable = "art3_2_not_applicable",
    }
);

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Organisation {
    #[serde(skip)]
    pub origin: Origin,
    /// Facts derived from this entity alone, computed once per entity.
    #[serde(skip)]
    pub derived: Derived,
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
    /// 1.1: the Art. 27 representative in the Union (DPA058).
    #[serde(deserialize_with = "nd")]
    pub eu_representative: EuRepresentative,
    /// 1.1: Art. 27 does not apply or is exempt; counts only with a reason.
    #[serde(deserialize_with = "nd")]
    pub art27_exempt: bool,
    /// 1.1.
    pub art27_exempt_reason: Option<Art27ExemptReason>,
    /// The organisation's contact details (Art. 30(1)(a), 30(2)(a)); reports only.
    pub contact: Option<String>,
    /// The organisation's own security measures (Art. 30(1)(g)); reports only.
    #[serde(deserialize_with = "nd")]
    pub security: OwnSecurity,
    /// Controllers served as a processor (Art. 30(2)); reports only.
    #[serde(deserialize_with = "nd")]
    pub clients: Vec<Client>,
    /// Processor mode (1.2): the promises of the organisation's own customer DPA.
    pub commitments: Option<Commitments>,
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

/// 1.1: the representative in the Union (Art. 27). An absent block and an
/// absent or empty `name` both mean that none is designated.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct EuRepresentative {
    pub name: Option<String>,
    /// Where the representative is established; must be an EEA country.
    pub country: Option<String>,
    /// Recorded only.
    pub contact: Option<String>,
}

impl EuRepresentative {
    /// Whether a representative is designated (a non-blank `name`).
    pub fn is_designated(&self) -> bool {
        self.name.as_deref().is_some_and(|n| !n.trim().is_empty())
    }
}
