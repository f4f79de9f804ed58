//! The merged inventory: every entity of a project, typed, with its indexes.
//!
//! Built by the merge stage (`project::merge`); read by the rules, reports and
//! every other consumer. Entities are shared (`Arc`) with the per-file caches of
//! the project, so re-merging after one file changed copies no entity.

use crate::model::{Activity, Organisation, Vendor};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

#[derive(Clone, Debug, Default)]
pub struct Inventory {
    pub organisation: Option<Organisation>,
    pub activities: Vec<Arc<Activity>>,
    pub vendors: Vec<Arc<Vendor>>,
    /// Ids of vendors excluded from the rules because of schema errors.
    pub invalid_vendor_ids: HashSet<String>,
    vendor_index: HashMap<String, usize>,
    children: HashMap<String, Vec<usize>>,
    /// Vendor id -> indices (ascending) of the activities listing it among their
    /// recipients, each activity once: makes recipient lookups O(1) instead of a
    /// scan of every activity per vendor (quadratic on large projects).
    recipients: HashMap<String, Vec<usize>>,
}

impl Inventory {
    /// The first vendor declared with `id`.
    pub fn vendor(&self, id: &str) -> Option<&Vendor> {
        self.vendor_index.get(id).map(|&i| &*self.vendors[i])
    }

    /// Whether `id` names a vendor, valid or not.
    pub fn knows_vendor(&self, id: &str) -> bool {
        self.vendor_index.contains_key(id) || self.invalid_vendor_ids.contains(id)
    }

    /// Vendors whose `parent` is `id`, in declaration order.
    pub fn sub_processors_of(&self, id: &str) -> impl Iterator<Item = &Vendor> {
        self.children
            .get(id)
            .into_iter()
            .flatten()
            .map(|&i| &*self.vendors[i])
    }

    /// The processor a vendor ultimately works for (itself when it has no parent).
    pub fn parent_of(&self, v: &Vendor) -> Option<&Vendor> {
        v.parent.as_deref().and_then(|p| self.vendor(p))
    }

    /// Activities listing `vendor_id` among their recipients, in declaration order.
    pub fn activities_sending_to<'s>(
        &'s self,
        vendor_id: &'s str,
    ) -> impl Iterator<Item = &'s Activity> + 's {
        self.recipients
            .get(vendor_id)
            .into_iter()
            .flatten()
            .map(|&i| &*self.activities[i])
    }

    /// The first activity (in declaration order) that lists any of `vendor_ids`
    /// among its recipients and satisfies `pred`; the same answer as
    /// `activities.iter().find(|a| a.recipients.iter().any(|r| vendor_ids.contains(r)) && pred(a))`
    /// without scanning every activity.
    pub fn first_activity_sending_to_any(
        &self,
        vendor_ids: &[String],
        pred: impl Fn(&Activity) -> bool,
    ) -> Option<&Activity> {
        vendor_ids
            .iter()
            .filter_map(|id| self.recipients.get(id.as_str()))
            .filter_map(|indices| indices.iter().copied().find(|&i| pred(&self.activities[i])))
            .min()
            .map(|i| &*self.activities[i])
    }

    /// An inventory of these entities (in declaration order), with its indexes.
    pub fn new(
        organisation: Option<Organisation>,
        activities: Vec<Arc<Activity>>,
        vendors: Vec<Arc<Vendor>>,
        invalid_vendor_ids: HashSet<String>,
    ) -> Inventory {
        let mut inv = Inventory {
            organisation,
            activities,
            vendors,
            invalid_vendor_ids,
            ..Inventory::default()
        };
        for (i, v) in inv.vendors.iter().enumerate() {
            inv.vendor_index.entry(v.id.clone()).or_insert(i);
            if let Some(p) = &v.parent {
                inv.children.entry(p.clone()).or_default().push(i);
            }
        }
        for (i, a) in inv.activities.iter().enumerate() {
            for r in &a.recipients {
                let list = inv.recipients.entry(r.clone()).or_default();
                // An activity naming the same recipient twice is listed once.
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        inv
    }
}
