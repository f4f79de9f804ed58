//! The semantic comparison: vendors and activities matched by id (never by
//! file or line), compared field by field in their serde JSON form, so every
//! field is named as users write it and new fields of the format are
//! compared without code here.

use super::{
    ActivitySummary, At, Change, Changed, EntityChanges, OrganisationChange, PathSet, Place,
    Rename, Unknown, VendorSummary,
};
use crate::model::{Activity, Date, Origin, Vendor};
use crate::project::Project;
use crate::project::validate::Locate;
use crate::reference::Reference;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};

/// Renamed ids are hinted when at most this many fields differ besides the id.
const RENAME_MAX_DIFFERENCES: usize = 2;
/// Rename hints are looked for when removed × added ids are at most this many pairs.
const RENAME_MAX_PAIRS: usize = 250_000;

pub struct Context {
    pub as_of: Date,
    /// Files that could not be parsed at BASE / at HEAD.
    pub base_unparsed: PathSet,
    pub head_unparsed: PathSet,
}

/// A country or location with its status at `as_of`: `EEA`, `adequate`,
/// `partially adequate`, `third country` or `unknown` (not a country code or
/// a known cloud region).
pub fn place(code: &str, as_of: Date) -> Place {
    let r = Reference::embedded();
    let status_of = |c: &str| {
        if r.is_eea(c) {
            "EEA"
        } else if r.adequate_full(c, as_of) {
            "adequate"
        } else if r.adequate_partial(c, as_of) {
            "partially adequate"
        } else if r.is_iso(r.normalise(c, true)) || r.is_international_org(c) {
            "third country"
        } else {
            "unknown"
        }
    };
    let status = match r.cloud().locate_qualified(code) {
        // A cloud region: the status of its country (the least protected one
        // when a region spans several).
        Some(loc) if !loc.countries.is_empty() => {
            let order = [
                "EEA",
                "adequate",
                "partially adequate",
                "third country",
                "unknown",
            ];
            loc.countries
                .iter()
                .map(|c| status_of(c))
                .max_by_key(|s| order.iter().position(|o| o == s))
                .unwrap_or("unknown")
        }
        _ => status_of(code),
    };
    Place {
        code: code.to_string(),
        status: status.to_string(),
    }
}

/// Where an entity is written, from its origin.
fn at(project: &Project, origin: &Origin) -> At {
    let file = project.sources().get(origin.file);
    let line = project.document(origin.file, origin.doc).map_or(1, |d| {
        let span = d.locate_nearest(&origin.pointer).primary();
        file.position(span.start as usize).line
    });
    At {
        file: file.path.clone(),
        line,
    }
}

fn json_of<T: Serialize>(entity: &T) -> Value {
    let mut v = serde_json::to_value(entity).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.remove("id");
    }
    v
}

fn as_text<T: Serialize>(v: &Option<T>) -> Option<String> {
    v.as_ref()
        .and_then(|v| serde_json::to_value(v).ok())
        .and_then(|v| v.as_str().map(str::to_owned))
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

/// One difference: field, old value, new value, and whether it is an item
/// added to or removed from a list of values.
pub type Diff = (String, Value, Value, bool);

/// Every difference of two JSON values: objects by key,
/// lists of plain values as sets (one entry per added or removed item), other
/// lists by position. Absent, `null`, `[]` and `{}` are the same.
pub fn differences(prefix: &str, old: &Value, new: &Value, out: &mut Vec<Diff>) {
    let empty_map = Map::new();
    match (old, new) {
        (Value::Object(_) | Value::Null, Value::Object(_) | Value::Null)
            if old.is_object() || new.is_object() =>
        {
            let a = old.as_object().unwrap_or(&empty_map);
            let b = new.as_object().unwrap_or(&empty_map);
            let keys = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k)));
            for k in keys {
                let field = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                let null = Value::Null;
                differences(
                    &field,
                    a.get(k).unwrap_or(&null),
                    b.get(k).unwrap_or(&null),
                    out,
                );
            }
        }
        (Value::Array(_) | Value::Null, Value::Array(_) | Value::Null)
            if old.is_array() || new.is_array() =>
        {
            let none = Vec::new();
            let a = old.as_array().unwrap_or(&none);
            let b = new.as_array().unwrap_or(&none);
            if a.iter().chain(b).all(is_scalar) {
                for item in a.iter().filter(|i| !b.contains(i)) {
                    out.push((prefix.to_string(), item.clone(), Value::Null, true));
                }
                for item in b.iter().filter(|i| !a.contains(i)) {
                    out.push((prefix.to_string(), Value::Null, item.clone(), true));
                }
            } else {
                let null = Value::Null;
                for i in 0..a.len().max(b.len()) {
                    let field = format!("{prefix}[{i}]");
                    differences(
                        &field,
                        a.get(i).unwrap_or(&null),
                        b.get(i).unwrap_or(&null),
                        out,
                    );
                }
            }
        }
        _ if old == new => {}
        _ => out.push((prefix.to_string(), old.clone(), new.clone(), false)),
    }
}

fn vendor_topic(field: &str) -> &'static str {
    let head = field.split(['.', '[']).next().unwrap_or(field);
    match head {
        "country" | "data_locations" => "location",
        "transfer" => "transfer",
        "dpa" => "dpa",
        "role" | "parent" => "role",
        _ => "other",
    }
}

fn vendor_change((field, old, new, item): Diff, as_of: Date) -> Change {
    let topic = vendor_topic(&field);
    let note = match (topic, &old, &new) {
        ("location", Value::String(a), Value::String(b)) => {
            Some(format!("{} → {}", place(a, as_of), place(b, as_of)))
        }
        ("location", _, Value::String(b)) => Some(place(b, as_of).to_string()),
        ("location", Value::String(a), _) => Some(format!("{} no longer", place(a, as_of))),
        _ => None,
    };
    Change {
        field,
        old,
        new,
        topic: topic.to_string(),
        note,
        item,
    }
}

fn activity_change((field, old, new, item): Diff) -> Change {
    let added = new.as_str();
    let (topic, note) = match (field.as_str(), added) {
        ("data_categories", Some(c)) if c.starts_with("special:") || c == "criminal" => (
            "special_category",
            Some("new special-category data".to_string()),
        ),
        ("recipients", Some(_)) => ("recipient", Some("new recipient".to_string())),
        ("recipients", None) => ("recipient", None),
        _ => ("other", None),
    };
    Change {
        field,
        old,
        new,
        topic: topic.to_string(),
        note,
        item,
    }
}

/// First entity per id, sorted by id.
fn by_id<T>(items: &[std::sync::Arc<T>], id: impl Fn(&T) -> &str) -> BTreeMap<String, &T> {
    let mut map = BTreeMap::new();
    for item in items {
        map.entry(id(item).to_string()).or_insert(&**item);
    }
    map
}

/// How one kind of entity is compared and summarised.
struct Kind<'a, T, S> {
    name: &'static str,
    origin: fn(&T) -> &Origin,
    json: fn(&T) -> Value,
    summary: &'a dyn Fn(&Project, &T) -> S,
    change: &'a dyn Fn(Diff) -> Change,
    base_invalid: &'a HashSet<String>,
    head_invalid: &'a HashSet<String>,
}

fn compare_kind<T, S>(
    kind: &Kind<'_, T, S>,
    base: (&Project, BTreeMap<String, &T>),
    head: (&Project, BTreeMap<String, &T>),
    cx: &Context,
) -> (EntityChanges<S>, Vec<Rename>) {
    let (bp, old) = base;
    let (hp, new) = head;
    let mut out = EntityChanges::default();
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for (id, o) in &old {
        let o_at = at(bp, (kind.origin)(o));
        match new.get(id) {
            Some(n) => {
                let mut diffs = Vec::new();
                differences("", &(kind.json)(o), &(kind.json)(n), &mut diffs);
                if !diffs.is_empty() {
                    let name = (kind.json)(n)
                        .get("name")
                        .and_then(|v| v.as_str())
                        .map(str::to_owned);
                    out.changed.push(Changed {
                        id: id.clone(),
                        name,
                        at: at(hp, (kind.origin)(n)),
                        changes: diffs.into_iter().map(kind.change).collect(),
                    });
                }
            }
            None if cx.head_unparsed.contains(&o_at.file) => out.unknown.push(Unknown {
                id: id.clone(),
                seen_at: "base".into(),
                reason: format!("{} could not be parsed at HEAD", o_at.file),
                at: o_at,
            }),
            None if kind.head_invalid.contains(id) => out.unknown.push(Unknown {
                id: id.clone(),
                seen_at: "base".into(),
                reason: "it has schema errors at HEAD".into(),
                at: o_at,
            }),
            None => removed.push(id.clone()),
        }
    }
    for (id, n) in &new {
        if old.contains_key(id) {
            continue;
        }
        let n_at = at(hp, (kind.origin)(n));
        if cx.base_unparsed.contains(&n_at.file) {
            out.unknown.push(Unknown {
                id: id.clone(),
                seen_at: "head".into(),
                reason: format!("{} could not be parsed at BASE", n_at.file),
                at: n_at,
            });
        } else if kind.base_invalid.contains(id) {
            out.unknown.push(Unknown {
                id: id.clone(),
                seen_at: "head".into(),
                reason: "it had schema errors at BASE".into(),
                at: n_at,
            });
        } else {
            added.push(id.clone());
        }
    }
    // Renamed ids: a removed and an added entity with (nearly) the same content.
    // Pairs are compared only up to a bound: a rewrite of thousands of ids
    // gets no hints rather than a quadratic wait.
    let mut candidates = Vec::new();
    if removed.len().saturating_mul(added.len()) <= RENAME_MAX_PAIRS {
        let added_json: Vec<Value> = added.iter().map(|a| (kind.json)(new[a])).collect();
        for r in &removed {
            let rj = (kind.json)(old[r]);
            for (a, aj) in added.iter().zip(&added_json) {
                let mut diffs = Vec::new();
                differences("", &rj, aj, &mut diffs);
                if diffs.len() <= RENAME_MAX_DIFFERENCES {
                    candidates.push((diffs.len(), r.clone(), a.clone()));
                }
            }
        }
    }
    candidates.sort();
    let mut renames: Vec<Rename> = Vec::new();
    for (differences, from, to) in candidates {
        if renames.iter().any(|x| x.from == from || x.to == to) {
            continue;
        }
        renames.push(Rename {
            kind: kind.name.to_string(),
            from,
            to,
            differences,
        });
    }
    renames.sort_by(|a, b| a.from.cmp(&b.from));
    out.removed = removed
        .iter()
        .map(|id| (kind.summary)(bp, old[id]))
        .collect();
    out.added = added.iter().map(|id| (kind.summary)(hp, new[id])).collect();
    (out, renames)
}

pub fn vendors(
    base: &Project,
    head: &Project,
    cx: &Context,
) -> (EntityChanges<VendorSummary>, Vec<Rename>) {
    let summary = |p: &Project, v: &Vendor| VendorSummary {
        id: v.id.clone(),
        name: v.name.clone(),
        role: as_text(&v.role),
        parent: v.parent.clone(),
        country: v.country.as_deref().map(|c| place(c, cx.as_of)),
        data_locations: v
            .data_locations
            .iter()
            .map(|c| place(c, cx.as_of))
            .collect(),
        mechanism: as_text(&v.mechanism()),
        at: at(p, &v.origin),
    };
    let change = |d| vendor_change(d, cx.as_of);
    let kind = Kind {
        name: "vendor",
        origin: |v: &Vendor| &v.origin,
        json: |v: &Vendor| json_of(v),
        summary: &summary,
        change: &change,
        base_invalid: &base.inventory().invalid_vendor_ids,
        head_invalid: &head.inventory().invalid_vendor_ids,
    };
    compare_kind(
        &kind,
        (base, by_id(&base.inventory().vendors, |v: &Vendor| &v.id)),
        (head, by_id(&head.inventory().vendors, |v: &Vendor| &v.id)),
        cx,
    )
}

pub fn activities(
    base: &Project,
    head: &Project,
    cx: &Context,
) -> (EntityChanges<ActivitySummary>, Vec<Rename>) {
    let summary = |p: &Project, a: &Activity| ActivitySummary {
        id: a.id.clone(),
        name: a.name.clone(),
        special_categories: a.sensitive_categories().map(str::to_owned).collect(),
        recipients: a.recipients.clone(),
        at: at(p, &a.origin),
    };
    let none = HashSet::new();
    let kind = Kind {
        name: "activity",
        origin: |a: &Activity| &a.origin,
        json: |a: &Activity| json_of(a),
        summary: &summary,
        change: &activity_change,
        base_invalid: &none,
        head_invalid: &none,
    };
    compare_kind(
        &kind,
        (
            base,
            by_id(&base.inventory().activities, |a: &Activity| &a.id),
        ),
        (
            head,
            by_id(&head.inventory().activities, |a: &Activity| &a.id),
        ),
        cx,
    )
}

/// The organisation section, field by field.
pub fn organisation(base: &Project, head: &Project, cx: &Context) -> Option<OrganisationChange> {
    let old = base.inventory().organisation.as_ref();
    let new = head.inventory().organisation.as_ref();
    let status = match (old, new) {
        (None, None) => return None,
        (Some(o), None) if cx.head_unparsed.contains(&at(base, &o.origin).file) => return None,
        (None, Some(n)) if cx.base_unparsed.contains(&at(head, &n.origin).file) => return None,
        (Some(_), None) => "removed",
        (None, Some(_)) => "added",
        (Some(_), Some(_)) => "changed",
    };
    let mut diffs = Vec::new();
    differences("", &json_of(&old), &json_of(&new), &mut diffs);
    if diffs.is_empty() && status == "changed" {
        return None;
    }
    let changes = diffs
        .into_iter()
        .map(|(field, old, new, item)| {
            let topic = if field == "country" {
                "location"
            } else {
                "other"
            };
            let note = match (topic, new.as_str()) {
                ("location", Some(c)) => Some(place(c, cx.as_of).to_string()),
                _ => None,
            };
            Change {
                field,
                old,
                new,
                topic: topic.to_string(),
                note,
                item,
            }
        })
        .collect();
    Some(OrganisationChange {
        status: status.to_string(),
        changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn diffs(old: Value, new: Value) -> Vec<String> {
        let mut out = Vec::new();
        differences("", &old, &new, &mut out);
        out.into_iter()
            .map(|(f, a, b, item)| format!("{f}: {a} -> {b}{}", if item { " (item)" } else { "" }))
            .collect()
    }

    #[test]
    fn fields_lists_and_absent_values() {
        assert_eq!(
            diffs(
                json!({"a": {"b": 1, "c": null}, "l": ["x", "y"], "m": [{"k": 1}], "e": []}),
                json!({"a": {"b": 2}, "l": ["y", "z"], "m": [{"k": 1}, {"k": 2}], "e": null, "n": {}})
            ),
            [
                "a.b: 1 -> 2",
                "l: \"x\" -> null (item)",
                "l: null -> \"z\" (item)",
                "m[1].k: null -> 2",
            ]
        );
    }

    #[test]
    fn places_at_the_date() {
        let date = Date::parse("2026-11-21").unwrap();
        assert_eq!(place("IE", date).status, "EEA");
        assert_eq!(place("CH", date).status, "adequate");
        assert_eq!(place("CN", date).status, "third country");
        assert_eq!(place("aws:eu-central-1", date).status, "EEA");
        assert_eq!(place("Atlantis", date).status, "unknown");
    }
}
