//! Merging all documents of a project into one inventory.
//!
//! Entities (the organisation, each activity, each vendor) are deserialised one
//! by one, so a schema error in one vendor excludes only that vendor from the
//! rules; its id still counts as known, so references to it do not cascade into
//! dangling-reference findings. Duplicate vendor ids are kept (DPA047 reports
//! them); duplicate activity ids and a second organisation are input errors.

use crate::diagnostic::{Code, Diagnostic};
use crate::loader::Document;
use crate::model::{Activity, Organisation, Origin, Vendor};
use crate::schema::Locate;
use serde::Deserialize as _;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// One schema-checked document, ready to merge.
pub struct CheckedDoc<'a> {
    pub doc: &'a Document,
    pub json: &'a Value,
    /// Pointers of this document's schema errors.
    pub error_pointers: &'a [String],
}

#[derive(Debug, Default)]
pub struct Inventory {
    pub organisation: Option<Organisation>,
    pub activities: Vec<Activity>,
    pub vendors: Vec<Vendor>,
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
        self.vendor_index.get(id).map(|&i| &self.vendors[i])
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
            .map(|&i| &self.vendors[i])
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
            .map(|&i| &self.activities[i])
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
            .map(|i| &self.activities[i])
    }

    /// Merge documents in the given (deterministic) order.
    pub fn build(docs: &[CheckedDoc<'_>]) -> (Inventory, Vec<Diagnostic>) {
        let mut inv = Inventory::default();
        let mut diags = Vec::new();
        let mut first_org: Option<&CheckedDoc<'_>> = None;
        let mut activity_ids: HashMap<String, (&CheckedDoc<'_>, String)> = HashMap::new();

        for cd in docs {
            let has_error_under = |prefix: &str| {
                cd.error_pointers
                    .iter()
                    .any(|p| p == prefix || p.starts_with(&format!("{prefix}/")))
            };
            let fatal = cd
                .error_pointers
                .iter()
                .any(|p| p.is_empty() || p == "/dpalint" || p == "/activities" || p == "/vendors");
            let origin = |pointer: String| Origin {
                file: cd.doc.file,
                doc: cd.doc.index,
                pointer,
            };

            if let Some(org_json) = cd.json.get("organisation").filter(|v| !v.is_null()) {
                if let Some(first) = first_org {
                    let here = cd.doc.locate_nearest("/organisation");
                    let there = first.doc.locate_nearest("/organisation");
                    diags.push(
                        Diagnostic::input(
                            Code::MultipleOrganisations,
                            cd.doc.file,
                            here.primary(),
                            "a second `organisation` is declared; a project describes one organisation",
                        )
                        .with_pointer("/organisation")
                        .with_entity("organisation")
                        .with_label(first.doc.file, there.primary(), "first declared here")
                        .with_help("keep one `organisation` block (e.g. in privacy/organisation.yaml) and remove the other"),
                    );
                } else {
                    first_org = Some(cd);
                    if !fatal && !has_error_under("/organisation") {
                        match Organisation::deserialize(org_json) {
                            Ok(mut org) => {
                                org.origin = origin("/organisation".into());
                                inv.organisation = Some(org);
                            }
                            Err(e) => diags.push(model_mismatch(cd, "/organisation", &e)),
                        }
                    }
                }
            }

            if let Some(items) = cd.json.get("activities").and_then(Value::as_array) {
                for (i, item) in items.iter().enumerate() {
                    let pointer = format!("/activities/{i}");
                    let id = item.get("id").and_then(Value::as_str).map(str::to_owned);
                    if let Some(id) = &id {
                        if let Some((first, first_ptr)) = activity_ids.get(id) {
                            let here = cd.doc.locate_nearest(&format!("{pointer}/id"));
                            let there = first.doc.locate_nearest(&format!("{first_ptr}/id"));
                            diags.push(
                                Diagnostic::input(
                                    Code::DuplicateActivity,
                                    cd.doc.file,
                                    here.primary(),
                                    format!("activity id `{id}` is already used by another activity"),
                                )
                                .with_pointer(format!("{pointer}/id"))
                                .with_entity(id.clone())
                                .with_label(first.doc.file, there.primary(), "first used here")
                                .with_help("activity ids must be unique across the project; rename one of them"),
                            );
                            continue;
                        }
                        activity_ids.insert(id.clone(), (cd, pointer.clone()));
                    }
                    if fatal || has_error_under(&pointer) {
                        continue;
                    }
                    match Activity::deserialize(item) {
                        Ok(mut a) => {
                            a.origin = origin(pointer);
                            inv.activities.push(a);
                        }
                        Err(e) => diags.push(model_mismatch(cd, &pointer, &e)),
                    }
                }
            }

            if let Some(items) = cd.json.get("vendors").and_then(Value::as_array) {
                for (i, item) in items.iter().enumerate() {
                    let pointer = format!("/vendors/{i}");
                    let id = item.get("id").and_then(Value::as_str);
                    if fatal || has_error_under(&pointer) {
                        if let Some(id) = id {
                            inv.invalid_vendor_ids.insert(id.to_owned());
                        }
                        continue;
                    }
                    match Vendor::deserialize(item) {
                        Ok(mut v) => {
                            v.origin = origin(pointer);
                            inv.vendors.push(v);
                        }
                        Err(e) => {
                            diags.push(model_mismatch(cd, &pointer, &e));
                            if let Some(id) = id {
                                inv.invalid_vendor_ids.insert(id.to_owned());
                            }
                        }
                    }
                }
            }
        }

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
        (inv, diags)
    }
}

/// A schema-valid entry the typed model cannot read: a dpalint defect, reported
/// rather than silently dropped.
fn model_mismatch(cd: &CheckedDoc<'_>, pointer: &str, e: &serde_json::Error) -> Diagnostic {
    let at = cd.doc.locate_nearest(pointer);
    Diagnostic::input(
        Code::SchemaValue,
        cd.doc.file,
        at.primary(),
        format!("this entry passed the schema but dpalint's model cannot read it: {e}"),
    )
    .with_pointer(pointer.to_string())
    .with_help(
        "this is a dpalint defect (schema and model disagree); please report it with this file",
    )
}
