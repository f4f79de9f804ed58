//! The merged inventory policies run over, and the way back from a selected
//! node to its own file and span.
//!
//! The merged inventory is the raw JSON of the schema-valid entities of every
//! document, `{"organisation": {...}|null, "activities": [...], "vendors": [...]}`,
//! in a deterministic order (files sorted by path, then document, then
//! position). Object members that are `null` are left out, since an explicit
//! null means "not established" in format v1. A side table keeps each entity's
//! origin (file, document, pointer such as `/vendors/3`), so a node below an
//! entity maps to the entity's origin plus the rest of its path.

use super::expr::Seg;
use crate::model::Origin;
use crate::project::merge::CheckedDoc;
use crate::project::parse::escape;
use crate::source::FileId;
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::collections::HashSet;

pub struct Merged {
    pub json: Value,
    organisation: Option<Origin>,
    /// (id, origin) of each activity and vendor, in the order of `json`.
    activities: Vec<(String, Origin)>,
    vendors: Vec<(String, Origin)>,
}

/// Where a selected node lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// Vendor or activity id, or `organisation`.
    pub entity: String,
    /// `vendor`, `activity` or `organisation`.
    pub kind: &'static str,
    pub file: FileId,
    pub doc: usize,
    /// Pointer of the node in its own document.
    pub pointer: String,
    /// Pointer of the entity in its own document.
    pub entity_pointer: String,
}

impl Merged {
    /// The project's inventory, from every checked document in order.
    pub fn from_docs(docs: &[CheckedDoc<'_>]) -> Merged {
        let parts: Vec<DocEntities> = docs
            .par_iter()
            .map(|cd| extract(cd.json, cd.error_pointers, cd.doc.file, cd.doc.index, ""))
            .collect();
        let mut b = Builder::default();
        for part in parts {
            b.add(part);
        }
        b.finish()
    }

    /// A policy test's inventory (`{organisation?, activities?, vendors?}`) found
    /// at `base` in document `doc` of `file`; `errors` are schema-error pointers
    /// relative to the inventory.
    pub fn from_snippet(
        inventory: &Value,
        errors: &[String],
        file: FileId,
        doc: usize,
        base: &str,
    ) -> Merged {
        let mut b = Builder::default();
        b.add(extract(inventory, errors, file, doc, base));
        b.finish()
    }

    pub fn vendor_ids(&self) -> impl Iterator<Item = (usize, &str)> {
        self.vendors
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (i, id.as_str()))
    }

    pub fn activity_ids(&self) -> impl Iterator<Item = (usize, &str)> {
        self.activities
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (i, id.as_str()))
    }

    /// The place of the node at `path` (a normalized path), or `None` when it is
    /// not inside an entity (the root, a whole list, a missing organisation).
    pub fn place(&self, path: &[Seg<'_>]) -> Option<Place> {
        let (kind, entity, origin, rest) = match path {
            [Seg::Name("organisation"), rest @ ..] => (
                "organisation",
                "organisation".to_string(),
                self.organisation.as_ref()?,
                rest,
            ),
            [Seg::Name("activities"), Seg::Index(i), rest @ ..] => {
                let (id, o) = self.activities.get(*i)?;
                ("activity", id.clone(), o, rest)
            }
            [Seg::Name("vendors"), Seg::Index(i), rest @ ..] => {
                let (id, o) = self.vendors.get(*i)?;
                ("vendor", id.clone(), o, rest)
            }
            _ => return None,
        };
        let mut pointer = origin.pointer.clone();
        for seg in rest {
            pointer.push('/');
            match seg {
                Seg::Name(n) => pointer.push_str(&escape(n)),
                Seg::Index(i) => pointer.push_str(&i.to_string()),
            }
        }
        Some(Place {
            entity,
            kind,
            file: origin.file,
            doc: origin.doc,
            pointer,
            entity_pointer: origin.pointer.clone(),
        })
    }
}

#[derive(Default)]
struct Builder {
    organisation: Option<(Value, Origin)>,
    seen_org: bool,
    activities: Vec<Value>,
    activity_meta: Vec<(String, Origin)>,
    activity_ids: HashSet<String>,
    vendors: Vec<Value>,
    vendor_meta: Vec<(String, Origin)>,
}

/// The usable entities of one document, copied (the costly part, done per
/// document in parallel). `None` marks an entity with a schema error.
struct DocEntities {
    organisation: Option<Option<(Value, Origin)>>,
    activities: Vec<(String, Option<(Value, Origin)>)>,
    vendors: Vec<(String, Value, Origin)>,
}

fn extract(json: &Value, errors: &[String], file: FileId, doc: usize, base: &str) -> DocEntities {
    let has_error_under = |prefix: &str| {
        errors.iter().any(|p| {
            p.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    };
    let fatal = errors
        .iter()
        .any(|p| p.is_empty() || p == "/dpalint" || p == "/activities" || p == "/vendors");
    let origin = |pointer: &str| Origin {
        file,
        doc,
        pointer: format!("{base}{pointer}"),
    };
    let usable = |item: &Value, pointer: &str| {
        (!fatal && !has_error_under(pointer)).then(|| (strip_nulls(item), origin(pointer)))
    };
    let id_of = |item: &Value| {
        item.get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let list = |key: &str| {
        json.get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
    };
    DocEntities {
        organisation: json
            .get("organisation")
            .filter(|v| !v.is_null())
            .map(|org| usable(org, "/organisation")),
        activities: list("activities")
            .enumerate()
            .map(|(i, item)| (id_of(item), usable(item, &format!("/activities/{i}"))))
            .collect(),
        vendors: list("vendors")
            .enumerate()
            .filter_map(|(i, item)| {
                usable(item, &format!("/vendors/{i}")).map(|(v, o)| (id_of(item), v, o))
            })
            .collect(),
    }
}

impl Builder {
    /// Add the entities of one document, mirroring `Inventory::build`: the
    /// first organisation, the first activity of each id, every vendor; an
    /// entity with a schema error is left out (but its id is taken).
    fn add(&mut self, e: DocEntities) {
        if let Some(org) = e.organisation
            && !std::mem::replace(&mut self.seen_org, true)
        {
            self.organisation = org;
        }
        for (id, entity) in e.activities {
            if !self.activity_ids.insert(id.clone()) {
                continue;
            }
            if let Some((v, o)) = entity {
                self.activities.push(v);
                self.activity_meta.push((id, o));
            }
        }
        for (id, v, o) in e.vendors {
            self.vendors.push(v);
            self.vendor_meta.push((id, o));
        }
    }

    fn finish(self) -> Merged {
        let (org_json, org_origin) = match self.organisation {
            Some((j, o)) => (j, Some(o)),
            None => (Value::Null, None),
        };
        let mut root = Map::new();
        root.insert("organisation".into(), org_json);
        root.insert("activities".into(), Value::Array(self.activities));
        root.insert("vendors".into(), Value::Array(self.vendors));
        Merged {
            json: Value::Object(root),
            organisation: org_origin,
            activities: self.activity_meta,
            vendors: self.vendor_meta,
        }
    }
}

/// A copy without `null` object members (list items keep their positions).
fn strip_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), strip_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(strip_nulls).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn places_map_back_to_their_documents() {
        let snippet = json!({
            "organisation": {"name": "Acme", "country": null},
            "vendors": [{"id": "a", "name": "A", "role": "processor"}, {"id": "b", "parent": null}],
            "activities": [{"id": "x"}, {"id": "x"}]
        });
        let m = Merged::from_snippet(
            &snippet,
            &["/vendors/0/role".into()],
            FileId(3),
            1,
            "/policies/0/tests/2/inventory",
        );
        assert_eq!(
            m.json["vendors"].as_array().unwrap().len(),
            1,
            "invalid vendor left out"
        );
        assert_eq!(
            m.json["activities"].as_array().unwrap().len(),
            1,
            "duplicate activity left out"
        );
        assert!(
            m.json["organisation"].get("country").is_none(),
            "nulls are dropped"
        );
        let p = m
            .place(&[
                Seg::Name("vendors"),
                Seg::Index(0),
                Seg::Name("data_locations"),
                Seg::Index(1),
            ])
            .unwrap();
        assert_eq!(p.entity, "b");
        assert_eq!(p.file, FileId(3));
        assert_eq!(p.doc, 1);
        assert_eq!(
            p.pointer,
            "/policies/0/tests/2/inventory/vendors/1/data_locations/1"
        );
        assert_eq!(
            m.place(&[Seg::Name("organisation")]).unwrap().entity,
            "organisation"
        );
        assert!(m.place(&[Seg::Name("vendors")]).is_none());
        assert!(m.place(&[]).is_none());
    }
}
