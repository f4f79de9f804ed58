//! Input format 1.1 (docs/format.md): every addition validates under the
//! `dpalint: 1` marker, the typed model reads every key (none is silently
//! dropped), the tri-state booleans keep their three states, and the schema
//! errors of the new keys read clearly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a broken fixture"
)]

mod common;
use common::{fixtures, run, stdout};

use dpalint::config::Config;
use dpalint::inventory::Inventory;
use dpalint::project::{Input, Project};
use serde_json::Value;

const FIXTURE: &str = "format-1-1/privacy/inventory.yaml";

/// The fixture's JSON document and its merged inventory.
fn load() -> (Value, Inventory) {
    let text = std::fs::read_to_string(fixtures().join(FIXTURE)).unwrap();
    let project = Project::from_inputs(vec![Input::text(FIXTURE, &text)], Config::default());
    let diags = project.input_diagnostics();
    assert!(diags.is_empty(), "{diags:#?}");
    let (_, file) = project.parsed().next().unwrap();
    (file.jsons[0].clone(), project.inventory().clone())
}

/// Every non-null leaf of `input` (pointer, value), empty lists included.
fn leaves(input: &Value, pointer: String, out: &mut Vec<(String, Value)>) {
    match input {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                leaves(v, format!("{pointer}/{k}"), out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                leaves(v, format!("{pointer}/{i}"), out);
            }
        }
        other => out.push((pointer, other.clone())),
    }
}

#[test]
fn every_addition_validates_and_reaches_the_model() {
    let (json, inventory) = load();
    let mut entities: Vec<(String, Value, Value)> = Vec::new();
    let org = inventory.organisation.as_ref().unwrap();
    entities.push((
        "/organisation".into(),
        json["organisation"].clone(),
        serde_json::to_value(org).unwrap(),
    ));
    for (i, a) in inventory.activities.iter().enumerate() {
        entities.push((
            format!("/activities/{i}"),
            json["activities"][i].clone(),
            serde_json::to_value(a).unwrap(),
        ));
    }
    for (i, v) in inventory.vendors.iter().enumerate() {
        entities.push((
            format!("/vendors/{i}"),
            json["vendors"][i].clone(),
            serde_json::to_value(v).unwrap(),
        ));
    }
    let mut missing = Vec::new();
    for (at, input, model) in &entities {
        let mut found = Vec::new();
        leaves(input, String::new(), &mut found);
        for (pointer, value) in found {
            if model.pointer(&pointer) != Some(&value) {
                missing.push(format!("{at}{pointer} = {value}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "the model drops or changes:\n{}",
        missing.join("\n")
    );
}

#[test]
fn tri_state_booleans_keep_three_states() {
    let (_, inventory) = load();
    let dpa = |id: &str| inventory.vendor(id).unwrap().dpa.as_ref().unwrap();
    let states = |id: &str| {
        (
            dpa(id).subprocessing.liability_retained,
            dpa(id).breach.content_specified,
        )
    };
    assert_eq!(states("v"), (Some(true), Some(true)));
    assert_eq!(states("other_terms"), (Some(false), Some(false)));
    assert_eq!(states("silent"), (None, None), "explicit null = absent");
}

#[test]
fn the_project_has_no_input_errors() {
    let out = stdout(&fixtures().join("format-1-1"), &["--format", "json"]);
    let report: Value = serde_json::from_str(&out).unwrap();
    let input_errors: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().is_some_and(|r| r.starts_with("DPL")))
        .collect();
    assert!(input_errors.is_empty(), "{input_errors:#?}");
}

/// Both objection periods at once is a DPL010 at the business-days value with
/// an explanation; so are the other new closed values, with did-you-mean.
#[test]
fn schema_errors_of_the_new_keys() {
    let dir = fixtures().join("format-1-1-errors");
    insta::assert_snapshot!(
        "format_1_1_errors_human",
        run(&dir, &["--as-of", "2026-12-01", "--select", "DPA048"])
    );
}

/// The closed list of `dpa.provenance[].field` is every key path below `dpa`
/// in the schema (provenance itself excluded), so it cannot drift.
#[test]
fn provenance_fields_are_the_keys_below_dpa() {
    let schema: Value = serde_json::from_str(dpalint::project::validate::INPUT_SCHEMA).unwrap();
    let defs = &schema["$defs"];
    fn resolve<'a>(defs: &'a Value, mut s: &'a Value) -> &'a Value {
        while let Some(r) = s.get("$ref").and_then(Value::as_str) {
            s = &defs[r.rsplit('/').next().unwrap()];
        }
        s
    }
    fn walk(defs: &Value, s: &Value, prefix: &str, out: &mut Vec<String>) {
        let s = resolve(defs, s);
        if let Some(items) = s.get("items") {
            let items = resolve(defs, items);
            if items.get("properties").is_some() {
                walk(defs, items, prefix, out);
            }
            return;
        }
        if let Some(props) = s.get("properties").and_then(Value::as_object) {
            for (k, v) in props {
                let path = format!("{prefix}{k}");
                if path == "provenance" {
                    continue;
                }
                out.push(path.clone());
                walk(defs, v, &format!("{path}."), out);
            }
        }
    }
    let mut expected = Vec::new();
    walk(defs, &defs["dpa"], "", &mut expected);
    let listed: Vec<String> = defs["provenance"]["properties"]["field"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    assert_eq!(listed, expected);
}
