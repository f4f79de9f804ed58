//! `organisation.clients` and the organisation's own measures: what the
//! Art. 30 records need beyond the activities and vendors (format addition
//! of `dpalint report ropa`, docs/format.md).
//!
//! A processor keeps a record per controller it acts for (Art. 30(2)): each
//! client names that controller, its representative and DPO, the activities
//! carried out on its behalf and the agreement with it. No rule reads these
//! keys; the reports do.

use super::{Date, nd};
use serde::{Deserialize, Serialize};

/// A controller on whose behalf the organisation processes as a processor.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Client {
    pub id: String,
    pub name: Option<String>,
    /// The controller's contact details (Art. 30(2)(a)).
    pub contact: Option<String>,
    /// The controller's representative in the Union, where it has one (Art. 27).
    pub representative: Option<String>,
    /// The controller's data protection officer, where it has one.
    pub dpo_contact: Option<String>,
    /// Ids of the activities carried out on its behalf.
    #[serde(deserialize_with = "nd")]
    pub activities: Vec<String>,
    /// Categories of processing carried out on its behalf, in words (Art. 30(2)(b)).
    #[serde(deserialize_with = "nd")]
    pub processing: Vec<String>,
    /// The processing agreement with this controller (Art. 28(3)).
    #[serde(deserialize_with = "nd")]
    pub agreement: ClientAgreement,
    pub notes: Option<String>,
}

/// The agreement under which the organisation processes for a client.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ClientAgreement {
    /// Where the agreement is kept (file name, contract number, URL).
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub effective: Option<Date>,
    pub review_due: Option<Date>,
    pub expires: Option<Date>,
}

/// The organisation's own technical and organisational measures (Art. 30(1)(g),
/// Art. 30(2)(d), Art. 32(1)).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct OwnSecurity {
    /// Where the measures are described (policy, annex, URL).
    pub toms_ref: Option<String>,
    /// Measures in the controlled vocabulary of `dpa.security.measures`.
    #[serde(deserialize_with = "nd")]
    pub measures: Vec<String>,
}

impl OwnSecurity {
    /// A reference or at least one measure is recorded.
    pub fn is_recorded(&self) -> bool {
        self.toms_ref
            .as_deref()
            .is_some_and(|r| !r.trim().is_empty())
            || !self.measures.is_empty()
    }
}
