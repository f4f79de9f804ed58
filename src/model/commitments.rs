//! Processor mode: what the organisation promises its own customers in its
//! own DPA (`organisation.commitments`), and per vendor when a sub-processor
//! is (or will be) used, when customers were told, and what of it may be
//! published (`engaged_from`, `announced_on`, `engaged_until`, `publish`).
//!
//! Read by the commitments rules (DPA069-DPA071), by `dpalint diff` (the
//! notice duties a change triggers) and by the public sub-processor list.
//! Nothing here is compared with the law directly: these are the
//! organisation's own promises, checked against its vendors' terms and dates.

use super::{Date, nd};
use serde::{Deserialize, Serialize};

string_enum!(
    /// How customers are told of a sub-processor change.
    NoticeChannel { Email = "email", Portal = "portal", Feed = "feed", Website = "website", InApp = "in_app" }
);
string_enum!(
    /// What a published change of a sub-processor is about.
    PublishedChangeKind { Location = "location", Service = "service", Removal = "removal", Other = "other" }
);

/// `organisation.commitments`: the promises of the organisation's own DPA
/// with its customers (the organisation acting as processor).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Commitments {
    /// The customer DPA these promises come from (recorded only).
    pub source: Option<String>,
    /// From this date the promises bind: sub-processors engaged on or before
    /// it were accepted with the contract (the initial list) and need no notice.
    pub effective: Option<Date>,
    /// Ids of the activities performed for customers under this DPA. Empty:
    /// every processor and sub-processor of the inventory serves customers.
    #[serde(deserialize_with = "nd")]
    pub activities: Vec<String>,
    #[serde(deserialize_with = "nd")]
    pub subprocessors: SubprocessorPromise,
    #[serde(deserialize_with = "nd")]
    pub breach: BreachPromise,
    /// Where customer data may be processed: ISO codes, `EEA` or `EU`.
    /// Empty: no location is promised.
    #[serde(deserialize_with = "nd")]
    pub data_locations: Vec<String>,
    #[serde(deserialize_with = "nd")]
    pub audits: AuditPromise,
    pub notes: Option<String>,
}

/// What customers are promised about sub-processor changes (Art. 28(2)).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct SubprocessorPromise {
    /// Days of advance notice before a new or replacing sub-processor starts.
    pub notice_days: Option<u64>,
    #[serde(deserialize_with = "nd")]
    pub channels: Vec<NoticeChannel>,
    /// Days customers have to object after the notice.
    pub objection_window_days: Option<u64>,
    /// Where the public sub-processor list is published (recorded only).
    pub list_url: Option<String>,
}

/// What customers are promised about breach notification (Art. 33(2)).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct BreachPromise {
    /// Hours after becoming aware within which customers are notified.
    pub notice_hours: Option<u64>,
}

/// What customers are promised about audits (Art. 28(3)(h)).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct AuditPromise {
    #[serde(deserialize_with = "nd")]
    pub information: bool,
    #[serde(deserialize_with = "nd")]
    pub inspections: bool,
    /// Audits per year customers may carry out; absent: no cap.
    pub max_per_year: Option<u64>,
    /// Days of notice a customer must give before an audit.
    pub notice_days: Option<u64>,
}

/// `vendors[].publish`: what the public sub-processor list and its feed may
/// show of a vendor, beyond the always-public facts (legal name, country,
/// data locations, transfer mechanism, `engaged_from`, `announced_on`,
/// `engaged_until`). Nothing else of a vendor is ever published: not its
/// notes, its purpose as written for the inventory, or its DPA terms.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct Publish {
    /// `false` keeps the vendor off the public list (e.g. not customer-facing
    /// yet); the rules still check it.
    #[serde(deserialize_with = "default_true")]
    pub listed: bool,
    /// The service as customers should read it ("Transactional e-mail").
    pub service: Option<String>,
    /// The data categories as customers should read them.
    #[serde(deserialize_with = "nd")]
    pub data_categories: Vec<String>,
    /// Announced changes other than the engagement itself, for the feed.
    #[serde(deserialize_with = "nd")]
    pub changes: Vec<PublishedChange>,
}

/// One announced change of a sub-processor (a feed entry).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PublishedChange {
    pub kind: Option<PublishedChangeKind>,
    pub announced_on: Option<Date>,
    /// When the change takes effect.
    pub effective: Option<Date>,
    /// Public wording of the change.
    pub summary: Option<String>,
}

impl Default for Publish {
    fn default() -> Self {
        Publish {
            listed: true,
            service: None,
            data_categories: Vec::new(),
            changes: Vec::new(),
        }
    }
}

fn default_true<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(d)?.unwrap_or(true))
}
