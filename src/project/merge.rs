//! Merging all documents of a project into one [`Inventory`].
//!
//! Each document's entities (the organisation, each activity, each vendor) are
//! read into the typed model once, when the file is parsed ([`DocEntities`]),
//! so a schema error in one vendor excludes only that vendor from the rules
//! (its id still counts as known, so references to it do not cascade into
//! dangling-reference findings) and re-merging after one file changed reads no
//! other file again. The merge itself only decides, in file order, which
//! entities count: a second organisation and a duplicate activity id are input
//! errors; duplicate vendor ids are kept (DPA047 reports them).

use crate::diagnostic::{Code, Diagnostic};
use crate::inventory::Inventory;
use crate::model::{Activity, Organisation, Origin, Vendor};
use crate::project::parse::Document;
use crate::project::validate::Locate;
use serde::Deserialize as _;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// One schema-checked document, ready to merge.
pub struct CheckedDoc<'a> {
    pub doc: &'a Document,
    pub json: &'a Value,
    /// Pointers of this document's schema errors.
    pub error_pointers: &'a [String],
    pub entities: &'a DocEntities,
}

/// How one entity of a document enters the merge.
#[derive(Debug)]
enum Read<T> {
    /// Excluded from the rules: a schema error at or under it (or in the document).
    Invalid,
    Valid(T),
    /// Schema-valid but unreadable by the model: a dpalint defect, reported.
    Mismatch(Box<Diagnostic>),
}

/// The typed entities of one document, read once per parse.
#[derive(Debug, Default)]
pub struct DocEntities {
    /// Present when the document declares a non-null `organisation`.
    organisation: Option<Read<Organisation>>,
    activities: Vec<(Option<String>, Read<Arc<Activity>>)>,
    vendors: Vec<(Option<String>, Read<Arc<Vendor>>)>,
}

/// No entities: for documents that are merged only as JSON (policy fixtures).
static NONE: DocEntities = DocEntities {
    organisation: None,
    activities: Vec::new(),
    vendors: Vec::new(),
};

impl DocEntities {
    /// A document without typed entities (read as JSON only, e.g. by policies).
    pub fn none() -> &'static DocEntities {
        &NONE
    }

    /// Read the entities of `doc` (its JSON form and its schema errors).
    pub fn read(doc: &Document, json: &Value, error_pointers: &[String]) -> DocEntities {
        let has_error_under = |prefix: &str| {
            error_pointers.iter().any(|p| {
                p == prefix
                    || (p.starts_with(prefix) && p.as_bytes().get(prefix.len()) == Some(&b'/'))
            })
        };
        let fatal = error_pointers
            .iter()
            .any(|p| p.is_empty() || p == "/dpalint" || p == "/activities" || p == "/vendors");
        let origin = |pointer: String| Origin {
            file: doc.file,
            doc: doc.index,
            pointer,
        };
        let mut out = DocEntities::default();
        if let Some(org_json) = json.get("organisation").filter(|v| !v.is_null()) {
            let read = if fatal || has_error_under("/organisation") {
                Read::Invalid
            } else {
                match Organisation::deserialize(org_json) {
                    Ok(mut org) => {
                        org.origin = origin("/organisation".into());
                        Read::Valid(org)
                    }
                    Err(e) => Read::Mismatch(Box::new(model_mismatch(doc, "/organisation", &e))),
                }
            };
            out.organisation = Some(read);
        }
        if let Some(items) = json.get("activities").and_then(Value::as_array) {
            for (i, item) in items.iter().enumerate() {
                let pointer = format!("/activities/{i}");
                let id = item.get("id").and_then(Value::as_str).map(str::to_owned);
                let read = if fatal || has_error_under(&pointer) {
                    Read::Invalid
                } else {
                    match Activity::deserialize(item) {
                        Ok(mut a) => {
                            a.origin = origin(pointer);
                            Read::Valid(Arc::new(a))
                        }
                        Err(e) => Read::Mismatch(Box::new(model_mismatch(doc, &pointer, &e))),
                    }
                };
                out.activities.push((id, read));
            }
        }
        if let Some(items) = json.get("vendors").and_then(Value::as_array) {
            for (i, item) in items.iter().enumerate() {
                let pointer = format!("/vendors/{i}");
                let id = item.get("id").and_then(Value::as_str).map(str::to_owned);
                let read = if fatal || has_error_under(&pointer) {
                    Read::Invalid
                } else {
                    match Vendor::deserialize(item) {
                        Ok(mut v) => {
                            v.origin = origin(pointer);
                            Read::Valid(Arc::new(v))
                        }
                        Err(e) => Read::Mismatch(Box::new(model_mismatch(doc, &pointer, &e))),
                    }
                };
                out.vendors.push((id, read));
            }
        }
        out
    }
}

/// Merge documents in the given (deterministic) order.
pub fn merge(docs: &[CheckedDoc<'_>]) -> (Inventory, Vec<Diagnostic>) {
    let mut organisation = None;
    let mut activities = Vec::new();
    let mut vendors = Vec::new();
    let mut invalid_vendor_ids = std::collections::HashSet::new();
    let mut diags = Vec::new();
    let mut first_org: Option<&CheckedDoc<'_>> = None;
    let mut activity_ids: HashMap<&str, (&CheckedDoc<'_>, usize)> = HashMap::new();

    for cd in docs {
        if let Some(read) = &cd.entities.organisation {
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
                match read {
                    Read::Invalid => {}
                    Read::Valid(org) => organisation = Some(org.clone()),
                    Read::Mismatch(d) => diags.push((**d).clone()),
                }
            }
        }

        for (i, (id, read)) in cd.entities.activities.iter().enumerate() {
            if let Some(id) = id {
                if let Some((first, first_i)) = activity_ids.get(id.as_str()) {
                    let here = cd.doc.locate_nearest(&format!("/activities/{i}/id"));
                    let there = first
                        .doc
                        .locate_nearest(&format!("/activities/{first_i}/id"));
                    diags.push(
                        Diagnostic::input(
                            Code::DuplicateActivity,
                            cd.doc.file,
                            here.primary(),
                            format!("activity id `{id}` is already used by another activity"),
                        )
                        .with_pointer(format!("/activities/{i}/id"))
                        .with_entity(id.clone())
                        .with_label(first.doc.file, there.primary(), "first used here")
                        .with_help(
                            "activity ids must be unique across the project; rename one of them",
                        ),
                    );
                    continue;
                }
                activity_ids.insert(id, (cd, i));
            }
            match read {
                Read::Invalid => {}
                Read::Valid(a) => activities.push(Arc::clone(a)),
                Read::Mismatch(d) => diags.push((**d).clone()),
            }
        }

        for (id, read) in &cd.entities.vendors {
            match read {
                Read::Valid(v) => vendors.push(Arc::clone(v)),
                Read::Invalid | Read::Mismatch(_) => {
                    if let Read::Mismatch(d) = read {
                        diags.push((**d).clone());
                    }
                    if let Some(id) = id {
                        invalid_vendor_ids.insert(id.clone());
                    }
                }
            }
        }
    }
    let inventory = Inventory::new(organisation, activities, vendors, invalid_vendor_ids);
    (inventory, diags)
}

/// A schema-valid entry the typed model cannot read: a dpalint defect, reported
/// rather than silently dropped.
fn model_mismatch(doc: &Document, pointer: &str, e: &serde_json::Error) -> Diagnostic {
    let at = doc.locate_nearest(pointer);
    Diagnostic::input(
        Code::SchemaValue,
        doc.file,
        at.primary(),
        format!("this entry passed the schema but dpalint's model cannot read it: {e}"),
    )
    .with_pointer(pointer.to_string())
    .with_help(
        "this is a dpalint defect (schema and model disagree); please report it with this file",
    )
}
