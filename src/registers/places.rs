//! Countries and transfer tools as the reports show them: where a vendor is
//! (EEA, adequate, third country) on the evaluation date, from the reference
//! data, and its recorded transfer mechanism in words.
//!
//! Deliberately simpler than the rules' predicates: a report states what the
//! inventory records and what the reference data say about each country; the
//! judgement (is this transfer lawful?) is left to the rules, whose findings
//! the transfer map shows.

use crate::inventory::Inventory;
use crate::model::{Date, Mechanism, Vendor};
use crate::reference::{Reference, Scope};
use serde::Serialize;

/// Where a country stands on the evaluation date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    /// An EEA state (or the `EEA`/`EU` region tokens).
    Eea,
    /// A third country with a full adequacy decision in force.
    Adequate,
    /// A third country with a partial (sector or scheme) adequacy decision.
    AdequatePartial,
    /// A third country without an adequacy decision.
    Third,
    /// Not a country code the reference data know.
    Unknown,
}

impl Zone {
    /// Needs a transfer tool of its own (not EEA, not fully adequate).
    pub fn is_foreign(self) -> bool {
        !matches!(self, Zone::Eea | Zone::Adequate)
    }

    pub fn key(self) -> &'static str {
        match self {
            Zone::Eea => "zone.eea",
            Zone::Adequate => "zone.adequate",
            Zone::AdequatePartial => "zone.adequate_partial",
            Zone::Third => "zone.third",
            Zone::Unknown => "zone.unknown",
        }
    }
}

/// A country value of a vendor and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The value as written.
    pub value: String,
    /// The code it resolves to (`GB` for `UK`), or the value when unknown.
    pub code: String,
    pub zone: Zone,
    /// The adequacy decision in force, for adequate countries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
}

/// Resolve and classify one written country value at `as_of`.
pub fn place(r: &Reference, value: &str, as_of: Date) -> Place {
    let v = value.trim();
    let known = r.is_iso(v)
        || r.eu_aliases.contains_key(v)
        || r.region_tokens.iter().any(|t| t == v)
        || r.is_international_org(v);
    if !known {
        return Place {
            value: value.to_string(),
            code: v.to_string(),
            zone: Zone::Unknown,
            decision: None,
        };
    }
    let code = r.normalise(v, true).to_string();
    let (zone, decision) = if r.is_eea(&code) {
        (Zone::Eea, None)
    } else {
        match r.adequacy_at(&code, as_of) {
            Some(a) if a.scope == Scope::Full => (Zone::Adequate, Some(a.decision.clone())),
            Some(a) => (Zone::AdequatePartial, Some(a.decision.clone())),
            None => (Zone::Third, None),
        }
    };
    Place {
        value: value.to_string(),
        code,
        zone,
        decision,
    }
}

/// The vendor's establishment (first) and data locations, each once by code.
pub fn vendor_places(r: &Reference, v: &Vendor, as_of: Date) -> Vec<Place> {
    let mut out: Vec<Place> = Vec::new();
    for value in v.country.iter().chain(&v.data_locations) {
        let p = place(r, value, as_of);
        if !out.iter().any(|o| o.code == p.code) {
            out.push(p);
        }
    }
    out
}

/// A recorded mechanism that is a transfer tool (not `none`, `unspecified` or
/// an invalidated framework).
pub fn is_concrete(m: Option<Mechanism>) -> bool {
    !matches!(
        m,
        None | Some(
            Mechanism::None
                | Mechanism::Unspecified
                | Mechanism::PrivacyShield
                | Mechanism::SafeHarbor
        )
    )
}

/// The vendor's recorded mechanism in words (`SCC 2021/914, module 2`,
/// `derogation art49_1_2nd`), or `None` when nothing is recorded.
pub fn mechanism_text(v: &Vendor) -> Option<String> {
    let t = v.transfer.as_ref()?;
    let m = t.mechanism?;
    let mut s = match m {
        Mechanism::Scc => "SCC".to_string(),
        Mechanism::Dpf => "DPF".to_string(),
        Mechanism::Bcr => "BCR".to_string(),
        other => other.as_str().replace('_', " "),
    };
    match m {
        Mechanism::Scc => {
            if let Some(d) = &t.scc.decision {
                s.push(' ');
                s.push_str(d);
            }
            if let Some(module) = t.scc.module {
                s.push_str(&format!(", module {module}"));
            }
        }
        Mechanism::Dpf if t.dpf.certified => s.push_str(" (certified)"),
        Mechanism::Derogation => {
            if let Some(d) = &t.derogation {
                s.push(' ');
                s.push_str(d);
            }
        }
        _ => {}
    }
    Some(s)
}

/// The vendor and the processors above it, nearest first (cycles cut).
pub fn chain_up<'i>(inv: &'i Inventory, v: &'i Vendor) -> Vec<&'i Vendor> {
    let mut out: Vec<&Vendor> = Vec::new();
    let mut cur = Some(v);
    while let Some(c) = cur {
        if out.iter().any(|o| o.id == c.id) || out.len() > 64 {
            break;
        }
        out.push(c);
        cur = inv.parent_of(c);
    }
    out
}

/// Sub-processors below `v`, depth first in declaration order, with their
/// depth (1 = direct); cycles and chains deeper than 64 are cut.
pub fn chain_down<'i>(inv: &'i Inventory, v: &'i Vendor) -> Vec<(usize, &'i Vendor)> {
    fn walk<'i>(
        inv: &'i Inventory,
        v: &'i Vendor,
        depth: usize,
        seen: &mut Vec<&'i str>,
        out: &mut Vec<(usize, &'i Vendor)>,
    ) {
        if depth > 64 {
            return;
        }
        for s in inv.sub_processors_of(&v.id) {
            if seen.contains(&s.id.as_str()) {
                continue;
            }
            seen.push(&s.id);
            out.push((depth, s));
            walk(inv, s, depth + 1, seen, out);
        }
    }
    let mut out = Vec::new();
    let mut seen = vec![v.id.as_str()];
    walk(inv, v, 1, &mut seen, &mut out);
    out
}

/// The name of a vendor as shown: its `name`, else its id.
pub fn vendor_name(v: &Vendor) -> &str {
    v.name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or(&v.id)
}

/// `art6_1_b` -> `Art. 6(1)(b)`, `art49_1_2nd` -> `Art. 49(1) 2nd`; other
/// text unchanged.
pub fn article(code: &str) -> String {
    let Some(rest) = code.strip_prefix("art") else {
        return code.to_string();
    };
    let parts: Vec<&str> = rest.split('_').collect();
    if parts.is_empty() || !parts[0].chars().all(|c| c.is_ascii_digit()) || parts[0].is_empty() {
        return code.to_string();
    }
    let mut s = format!("Art. {}", parts[0]);
    for p in &parts[1..] {
        if p.len() == 1 || p.chars().all(|c| c.is_ascii_digit()) {
            s.push_str(&format!("({p})"));
        } else {
            s.push(' ');
            s.push_str(p);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles() {
        assert_eq!(article("art6_1_b"), "Art. 6(1)(b)");
        assert_eq!(article("art9_2_h"), "Art. 9(2)(h)");
        assert_eq!(article("art49_1_2nd"), "Art. 49(1) 2nd");
        assert_eq!(article("consent"), "consent");
        assert_eq!(article("article"), "article");
    }

    #[test]
    fn zones() {
        let r = Reference::embedded();
        let d = Date::parse("2026-11-21").unwrap();
        assert_eq!(place(r, "DE", d).zone, Zone::Eea);
        assert_eq!(place(r, "EU", d).zone, Zone::Eea);
        assert_eq!(place(r, "UK", d).code, "GB");
        assert_eq!(place(r, "CH", d).zone, Zone::Adequate);
        assert_eq!(place(r, "US", d).zone, Zone::AdequatePartial);
        assert_eq!(place(r, "IN", d).zone, Zone::Third);
        assert_eq!(place(r, "Amerika", d).zone, Zone::Unknown);
    }
}
