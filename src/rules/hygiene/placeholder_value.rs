//! DPA050 `placeholder-value`: template placeholders left in the inventory.

use crate::diagnostic::Severity;
use crate::model::{Derived, Origin, Placeholder};
use crate::rules::security::{is_bare_placeholder, is_placeholder};
use crate::rules::{Category, Context, Rule, RuleMeta};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

pub struct PlaceholderValue;

static META: RuleMeta = RuleMeta {
    id: "DPA050",
    name: "placeholder-value",
    severity: Severity::Error,
    category: Category::Hygiene,
    legal_basis: &["GDPR Art. 5(2)", "GDPR Art. 30(1)", "data hygiene"],
    summary: "a field still holds a template placeholder instead of a real value",
    help: "replace the placeholder with the actual value, or remove the field if the value is unknown",
    docs: include_str!("../../../rules/DPA050-placeholder-value/docs.md"),
    dir: "DPA050-placeholder-value",
    opt_in: false,
};

/// The patterns of DPA040 plus `^(TBD|TODO|XXX|N/?A|\?)$`, `\[INSERT` and `lorem ipsum`
/// (case-insensitive, on the trimmed value).
fn is_placeholder_value(value: &str) -> bool {
    if !might_be_placeholder(value) {
        return false;
    }
    if is_placeholder(value) {
        return true;
    }
    let lower = value.trim().to_lowercase();
    is_bare_placeholder(value) || lower.contains("[insert") || lower.contains("lorem ipsum")
}

/// A quick filter, exact in one direction: every value the full check accepts
/// passes it (short, non-ASCII, or holding `#`, `[` or the start of a
/// placeholder phrase), so most ordinary values skip two lowercase copies.
fn might_be_placeholder(value: &str) -> bool {
    let t = value.trim();
    if t.len() <= 4 || !t.is_ascii() {
        return true;
    }
    let bytes = t.as_bytes();
    if bytes.iter().any(|&b| b == b'#' || b == b'[') {
        return true;
    }
    ["tbd", "todo", "link naar website", "lorem ipsum"]
        .iter()
        .any(|needle| {
            bytes
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
        })
}

/// One step from the entity to a value: a key or an array index.
#[derive(Clone, Copy)]
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

/// Paths (relative to the entity) that DPA050 does not inspect.
fn skipped(path: &[Step<'_>]) -> bool {
    // DPA040 judges the TOM reference; DPA046 judges country codes (where `NA` is Namibia).
    matches!(
        path,
        [
            Step::Key("dpa"),
            Step::Key("security"),
            Step::Key("toms_ref")
        ] | [Step::Key("country")]
            | [Step::Key("data_locations")]
    )
}

/// The relative JSON pointer of `path`: `dpa/processing_details/data_types/1`.
fn pointer(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for (i, step) in path.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        match step {
            Step::Key(k) => out.push_str(k),
            Step::Index(n) => out.push_str(&n.to_string()),
        }
    }
    out
}

/// The field as shown in messages: `dpa.processing_details.data_types[1]`.
fn field(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(n) => {
                out.push('[');
                out.push_str(&n.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// Every string below `value` that is a placeholder, as (pointer, field, text),
/// in document order. Paths are only spelled out for hits: most strings are fine.
fn placeholders<'v>(
    value: &'v Value,
    path: &mut Vec<Step<'v>>,
    out: &mut Vec<(String, String, &'v str)>,
) {
    match value {
        Value::String(s) if is_placeholder_value(s) => {
            out.push((pointer(path), field(path), s));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                placeholders(item, path, out);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                // Free-text reviewer notes may legitimately say "TODO".
                if key == "notes" {
                    continue;
                }
                path.push(Step::Key(key));
                if !skipped(path) {
                    placeholders(item, path, out);
                }
                path.pop();
            }
        }
        _ => {}
    }
}

fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    let s = s.trim();
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let head: String = s.chars().take(MAX - 1).collect();
        format!("{}…", head.trim_end())
    }
}

/// The placeholders of one entity, found once and kept with it.
fn scan<'e, T: Serialize>(entity: &T, derived: &'e Derived) -> &'e [Placeholder] {
    derived.placeholders.get_or_init(|| {
        let Ok(json) = serde_json::to_value(entity) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        placeholders(&json, &mut Vec::new(), &mut found);
        found
            .into_iter()
            .map(|(pointer, field, text)| Placeholder {
                pointer,
                field,
                text: text.to_owned(),
            })
            .collect()
    })
}

fn report(cx: &mut Context<'_>, found: &[Placeholder], origin: &Origin, id: &str) {
    if found.is_empty() {
        return;
    }
    let of = if id == "organisation" {
        "the organisation".to_owned()
    } else {
        format!("'{id}'")
    };
    for p in found {
        cx.report(
            origin,
            id,
            &p.pointer,
            format!(
                "{} of {of} contains a placeholder: '{}'",
                p.field,
                shorten(&p.text)
            ),
        );
    }
}

impl Rule for PlaceholderValue {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        if let Some(org) = &inv.organisation {
            report(cx, scan(org, &org.derived), &org.origin, "organisation");
        }
        // Scanning is the expensive part: entities in parallel, reports in order.
        let activities: Vec<&[Placeholder]> = inv
            .activities
            .par_iter()
            .map(|a| scan(&**a, &a.derived))
            .collect();
        for (a, found) in inv.activities.iter().zip(activities) {
            report(cx, found, &a.origin, &a.id);
        }
        let vendors: Vec<&[Placeholder]> = inv
            .vendors
            .par_iter()
            .map(|v| scan(&**v, &v.derived))
            .collect();
        for (v, found) in inv.vendors.iter().zip(vendors) {
            report(cx, found, &v.origin, &v.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_patterns() {
        for p in [
            "TBD",
            "todo",
            "XXX",
            "N/A",
            "na",
            " ? ",
            "[INSERT NAME]",
            "see [insert link",
            "Lorem ipsum dolor",
        ] {
            assert!(is_placeholder_value(p), "{p:?}");
        }
        for v in [
            "XXXL",
            "NAW-gegevens",
            "what?",
            "name and address",
            "Nautilus",
        ] {
            assert!(!is_placeholder_value(v), "{v:?}");
        }
    }

    #[test]
    fn quick_filter_never_rejects_a_placeholder() {
        let samples = [
            "TBD",
            "todo",
            "XXX",
            "N/A",
            "na",
            " ? ",
            "#",
            "see [our TOMs](#)",
            "[Annex III]",
            "[INSERT NAME]",
            "see [insert link",
            "Lorem ipsum dolor",
            "Link naar website",
            "Annex III (tbd)",
            "TODO: add link",
            "[specify]",
            "Ⅹ TBD",
            "naïve TODO",
            // The Kelvin sign lowercases to an ASCII `k`: a placeholder the
            // byte-wise needles cannot see, so non-ASCII text must pass.
            "Lin\u{212A} naar website",
            "ToDo later",
            "Acme B.V.",
            "ISO/IEC 27001:2022",
            "processor",
            "Todoist",
            "Nautilus",
        ];
        for s in samples {
            if is_placeholder(s) || is_bare_placeholder(s) {
                assert!(might_be_placeholder(s), "{s:?}");
            }
        }
        assert!(!might_be_placeholder("Acme B.V."));
        assert!(!might_be_placeholder("ISO/IEC 27001:2022"));
    }

    proptest::proptest! {
        #[test]
        fn quick_filter_is_exact_on_random_text(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "tbd", "ToDo", "x", " ", "Link naar website", "LOREM IPSUM", "#", "[", "]", "é",
                "\u{212a}", "na", "n/a", "?", "Acme", "-", "todoist", "(", ")",
            ]),
            0..6,
        )) {
            let s = parts.concat();
            if is_placeholder(&s) || is_bare_placeholder(&s) {
                proptest::prop_assert!(might_be_placeholder(&s), "{:?}", s);
            }
        }
    }

    #[test]
    fn walks_with_pointers_and_skips() {
        let json = serde_json::json!({
            "id": "acme",
            "country": "NA",
            "data_locations": ["NA"],
            "notes": "TODO check",
            "dpa": { "security": { "toms_ref": "TBD" }, "processing_details": { "data_types": ["name", "[INSERT]"] } }
        });
        let mut hits = Vec::new();
        placeholders(&json, &mut Vec::new(), &mut hits);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].0, "dpa/processing_details/data_types/1");
        assert_eq!(hits[0].1, "dpa.processing_details.data_types[1]");
    }
}
