//! A vendor's transfer tool: `MECH`, `CONCRETE`, `TIA_TOOLS` and `SCC_DATE`.

use crate::model::{Date, Mechanism, Vendor};

/// `MECH(v)`: `v.transfer.mechanism` (`None` when absent or null).
pub fn mech(v: &Vendor) -> Option<Mechanism> {
    v.mechanism()
}

/// `CONCRETE(v)`: the mechanism is recorded and is neither `none` nor `unspecified`.
pub fn concrete(v: &Vendor) -> bool {
    !matches!(
        mech(v),
        None | Some(Mechanism::None | Mechanism::Unspecified)
    )
}

/// `TIA_TOOLS`: the Art. 46 tools that need a transfer impact assessment.
pub const TIA_TOOLS: [Mechanism; 5] = [
    Mechanism::Scc,
    Mechanism::Bcr,
    Mechanism::AdHocClauses,
    Mechanism::CodeOfConduct,
    Mechanism::Certification,
];

/// `MECH(v) ∈ TIA_TOOLS`.
pub fn uses_tia_tool(v: &Vendor) -> bool {
    mech(v).is_some_and(|m| TIA_TOOLS.contains(&m))
}

/// Where `SCC_DATE(v)` comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SccDateBasis {
    /// `transfer.scc.signed`.
    Signed,
    /// `dpa.accepted_on` of SCCs incorporated by reference.
    AcceptedOn,
    /// `dpa.effective` of SCCs incorporated by reference.
    Effective,
}

/// The date the SCCs with a vendor were concluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SccDate {
    pub date: Date,
    pub basis: SccDateBasis,
}

impl SccDate {
    /// Pointer, relative to the vendor, of the field the date comes from.
    pub fn pointer(&self) -> &'static str {
        match self.basis {
            SccDateBasis::Signed => "transfer/scc/signed",
            SccDateBasis::AcceptedOn => "dpa/accepted_on",
            SccDateBasis::Effective => "dpa/effective",
        }
    }
}

/// `SCC_DATE(v)` (D21): `transfer.scc.signed` if set; else, for SCCs
/// incorporated by reference, `v.dpa.accepted_on`, else `v.dpa.effective`;
/// else `None`.
pub fn scc_date(v: &Vendor) -> Option<SccDate> {
    let scc = &v.transfer.as_ref()?.scc;
    if let Some(date) = scc.signed {
        return Some(SccDate {
            date,
            basis: SccDateBasis::Signed,
        });
    }
    if !scc.incorporated_by_reference {
        return None;
    }
    let dpa = v.dpa.as_ref()?;
    dpa.accepted_on
        .map(|date| SccDate {
            date,
            basis: SccDateBasis::AcceptedOn,
        })
        .or_else(|| {
            dpa.effective.map(|date| SccDate {
                date,
                basis: SccDateBasis::Effective,
            })
        })
}
