//! The typed model of input format v1 with the 1.1 additions (FORMAT.md,
//! docs/format.md), read by the rules.
//!
//! Deserialised from schema-valid JSON, so types are already right. Absent or
//! `null` booleans are `false`, lists `[]`, scalars `None`; nested blocks that
//! are absent behave as all-defaults (a missing `dpa.breach` block means
//! "not stated"), except `vendors[].dpa`, whose absence DPA001 reports. Two
//! booleans are tri-state (`Option<bool>`, absent = not established):
//! `dpa.breach.content_specified` and `dpa.subprocessing.liability_retained`.
//! Positions are not here: every entity knows its [`Origin`] and rules report
//! JSON pointers relative to it.
//!
//! One submodule per entity: [`organisation`], [`activity`], [`vendor`] (with
//! its transfer block), [`dpa`] (the Art. 28 contract terms) and [`client`]
//! (the controllers served as a processor, read by the reports) and
//! [`commitments`] (processor mode: the promises to customers). Every type is
//! re-exported here, so paths stay `crate::model::Vendor`.

use crate::source::FileId;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use std::sync::OnceLock;

/// Facts a rule derives from one entity alone, computed on first use and kept
/// with the entity. Entities are immutable and shared between merges of a
/// project, so after an edit only the entities of the edited file are looked
/// at again. Not part of the input: a clone starts empty.
#[derive(Default)]
pub struct Derived {
    /// Strings of the entity that look like template placeholders (DPA050).
    pub placeholders: OnceLock<Vec<Placeholder>>,
    /// A vendor's legal name compared without case, punctuation or legal form (DPA047).
    pub normalised_name: OnceLock<String>,
}

impl Clone for Derived {
    fn clone(&self) -> Self {
        Derived::default()
    }
}

impl fmt::Debug for Derived {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Derived")
    }
}

/// A string value that looks like a template placeholder.
#[derive(Clone, Debug)]
pub struct Placeholder {
    /// Pointer relative to the entity: `dpa/processing_details/data_types/1`.
    pub pointer: String,
    /// The field as shown in messages: `dpa.processing_details.data_types[1]`.
    pub field: String,
    pub text: String,
}

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
pub(crate) fn nd<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A closed set of YAML strings as a Rust enum (`as_str`, `Display`, serde).
macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }
        impl $name {
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $text),+ } }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

pub mod activity;
pub mod client;
pub mod commitments;
pub mod dpa;
pub mod organisation;
pub mod vendor;

pub use activity::*;
pub use client::*;
pub use commitments::*;
pub use dpa::*;
pub use organisation::*;
pub use vendor::*;

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
    fn tri_state_booleans_are_not_defaulted() {
        let dpa = |json| serde_json::from_value::<Dpa>(json).unwrap();
        let d = dpa(serde_json::json!({ "breach": { "notify": true } }));
        assert_eq!(d.breach.content_specified, None);
        assert_eq!(d.subprocessing.liability_retained, None);
        let d = dpa(serde_json::json!({
            "breach": { "content_specified": false },
            "subprocessing": { "liability_retained": null }
        }));
        assert_eq!(d.breach.content_specified, Some(false));
        assert_eq!(d.subprocessing.liability_retained, None);
    }

    /// G0b: present and non-empty, however the DPA is deserialised.
    #[test]
    fn recorded_term_groups() {
        let dpa = |json| serde_json::from_value::<Dpa>(json).unwrap().recorded;
        assert!(
            dpa(serde_json::json!({ "form": "written", "effective": "2024-01-15" })).is_empty()
        );
        assert!(
            dpa(serde_json::json!({
                "audits": {}, "own_purpose_use": [], "breach": null,
                "subprocessing": { "objection": {}, "carve_outs": [{}] },
                "security": { "toms_ref": "  " }
            }))
            .is_empty()
        );
        let g = dpa(serde_json::json!({
            "audits": { "inspections": false },
            "own_purpose_use": ["analytics"],
            "subprocessing": { "change_notice": { "advance_days": 0 } }
        }));
        assert_eq!(
            g.names().collect::<Vec<_>>(),
            ["own_purpose_use", "subprocessing", "audits"]
        );
        assert!(g.contains("audits") && !g.contains("breach"));
        let v: Vendor = serde_json::from_value(serde_json::json!({
            "id": "v", "dpa": { "breach": { "notify": true } }
        }))
        .unwrap();
        assert!(v.dpa.unwrap().recorded.contains("breach"));
    }

    #[test]
    fn national_id_tokens() {
        for t in [
            "national_id",
            "national_id:NL-BSN",
            "national_id:BE-RRN",
            "national_id:DE-X1",
        ] {
            assert!(is_national_id_token(t), "{t}");
        }
        for t in [
            "national_id:nl-bsn",
            "national_id:NLD-BSN",
            "national_id:NL-",
            "national_id:NL",
            "national_identifier",
            "national_id:NL-BSN ",
        ] {
            assert!(!is_national_id_token(t), "{t}");
        }
    }

    #[test]
    fn screening_and_retention_helpers() {
        let a: Activity = serde_json::from_value(serde_json::json!({
            "id": "a",
            "dpia": { "screening": { "outcome": "not_needed", "reason": "low risk", "date": "2026-03-01" } },
            "retention": { "criteria": "  " }
        }))
        .unwrap();
        assert!(a.dpia.screening.documents_not_needed());
        assert!(!a.retention.is_recorded());
        let a: Activity = serde_json::from_value(serde_json::json!({
            "id": "a",
            "dpia": { "screening": { "outcome": "not_needed", "reason": "low risk" } },
            "retention": { "period_days": 0 }
        }))
        .unwrap();
        assert!(!a.dpia.screening.documents_not_needed(), "no date");
        assert!(a.retention.is_recorded());
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
