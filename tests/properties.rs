//! Property tests: the loader never panics, and every pointer the schema
//! validator emits maps to a span inside the file.

use dpalint::diagnostic::Diagnostic;
use dpalint::loader::{self, Document};
use dpalint::schema::{self, Locate};
use dpalint::source::{FileId, SourceFile};
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use std::sync::Arc;

fn load(text: &str) -> (SourceFile, loader::Loaded) {
    let file = SourceFile::new("p.yaml".into(), Arc::from(text));
    let loaded = loader::load(FileId(0), &file);
    (file, loaded)
}

fn assert_in_file(file: &SourceFile, d: &Diagnostic) {
    let len = file.text.len() as u32;
    assert!(
        d.primary.span.start <= d.primary.span.end && d.primary.span.end <= len,
        "{d:?} outside {len}"
    );
    for l in &d.labels {
        assert!(l.span.end <= len, "{l:?}");
    }
    let p = file.position(d.primary.span.start as usize);
    assert!(p.line >= 1 && p.column >= 1);
}

const KEYS: &[&str] = &[
    "dpalint",
    "organisation",
    "vendors",
    "activities",
    "id",
    "name",
    "role",
    "country",
    "dpa",
    "breach",
    "notify",
    "deadline_hours",
    "transfer",
    "mechanism",
    "scc",
    "module",
    "data_locations",
    "recipients",
    "parent",
    "subprocessing",
    "objection",
    "window_days",
    "brach",
    "a/b",
    "t~1",
    "",
    "weird key",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-5i64..200).prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "NO",
            "yes",
            "processor",
            "2024-02-30",
            "2026-01-01",
            "US",
            "",
            "x\ny",
            "scc"
        ])
        .prop_map(|s| json!(s)),
    ]
}

fn tree() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS.to_vec()), inner), 0..6).prop_map(
                |kv| {
                    let mut m = Map::new();
                    for (k, v) in kv {
                        m.insert(k.to_string(), v);
                    }
                    Value::Object(m)
                }
            ),
        ]
    })
}

/// A document that usually carries the marker and the real top-level sections.
fn document() -> impl Strategy<Value = Value> {
    (tree(), tree(), tree(), any::<bool>()).prop_map(|(org, vendors, extra, marker)| {
        let mut m = Map::new();
        if marker {
            m.insert("dpalint".into(), json!(1));
        }
        m.insert("organisation".into(), org);
        m.insert("vendors".into(), json!([vendors]));
        m.insert("extra".into(), extra);
        Value::Object(m)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn loader_never_panics_on_arbitrary_text(text in any::<String>()) {
        let (file, loaded) = load(&text);
        for d in &loaded.diagnostics {
            assert_in_file(&file, d);
        }
        for doc in &loaded.documents {
            let mut diags = Vec::new();
            let _ = loader::to_json(doc, &mut diags);
            for d in &diags {
                assert_in_file(&file, d);
            }
        }
    }

    #[test]
    fn loader_never_panics_on_yaml_like_text(
        lines in prop::collection::vec(
            prop::sample::select(vec![
                "dpalint: 1", "vendors:", "  - id: a", "    name: &n X", "    role: *n", "  <<: *n",
                "---", "- [a, {b: c}", "\t- x", "key: 'unterminated", "? complex", ": value", "a: b: c",
                "\u{feff}x: 1", "y: !!binary aGk=", "z: |", "  block", "&a [*a]", "%YAML 1.2",
            ]),
            0..30,
        ),
        crlf in any::<bool>(),
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        let (file, loaded) = load(&text);
        for d in &loaded.diagnostics {
            assert_in_file(&file, d);
        }
    }

    #[test]
    fn every_schema_pointer_maps_to_a_span_in_the_file(doc in document(), pretty in any::<bool>()) {
        // JSON is YAML 1.2: the same tree, written two ways.
        let text = if pretty { serde_json::to_string_pretty(&doc).unwrap() } else { serde_json::to_string(&doc).unwrap() };
        let (file, loaded) = load(&text);
        prop_assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let d: &Document = &loaded.documents[0];
        let json = loader::to_json(d, &mut Vec::new());
        prop_assert_eq!(&json, &doc);
        for diag in schema::validate(&schema::INPUT, &json, FileId(0), d) {
            assert_in_file(&file, &diag);
            prop_assert!(d.locate(&diag.pointer).is_some(), "pointer {} of {:?} does not resolve", diag.pointer, diag.message);
        }
    }
}
