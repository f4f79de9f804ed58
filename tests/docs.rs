//! Generated documentation is checked in and must be current: every rule page
//! `rules/<ID>-<name>/README.md` and the index `rules/README.md`.
//! `DPALINT_BLESS=1 cargo test --test docs` rewrites them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a broken fixture"
)]

use std::path::Path;

fn check(path: &Path, expected: &str, stale: &mut Vec<String>) {
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    if actual != expected {
        if std::env::var_os("DPALINT_BLESS").is_some() {
            std::fs::write(path, expected).unwrap();
        } else {
            stale.push(path.display().to_string());
        }
    }
}

#[test]
fn generated_rule_pages_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut stale = Vec::new();
    for rule in dpalint::rules::ALL.iter() {
        let page = dpalint::explain::render(*rule);
        check(
            &root.join(rule.meta().dir).join("README.md"),
            &page,
            &mut stale,
        );
    }
    check(
        &root.join("README.md"),
        &dpalint::explain::render_index(),
        &mut stale,
    );
    assert!(
        stale.is_empty(),
        "generated docs are stale; run `DPALINT_BLESS=1 cargo test --test docs`:\n{}",
        stale.join("\n")
    );
}

#[test]
fn every_rule_folder_belongs_to_a_rule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let dirs: Vec<String> = dpalint::rules::ALL
        .iter()
        .map(|r| r.meta().dir.to_string())
        .collect();
    for entry in std::fs::read_dir(&root).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_dir() {
            let name = entry.file_name().to_string_lossy().to_string();
            assert!(
                name == "reference" || dirs.contains(&name),
                "rules/{name} has no rule"
            );
        }
    }
}

/// The `default` of each policy threshold in the config schema (what editors
/// show) is the reference data's; the legal thresholds have no fixed default.
#[test]
fn config_schema_defaults_are_the_reference_data() {
    let schema: serde_json::Value =
        serde_json::from_str(dpalint::project::validate::CONFIG_SCHEMA).unwrap();
    let props = &schema["properties"]["thresholds"]["properties"];
    let d = &dpalint::reference::Reference::embedded().threshold_defaults;
    let expected = serde_json::json!({
        "min_objection_days": d.min_objection_days,
        "max_processor_breach_hours": d.max_processor_breach_hours,
        "max_deletion_days": d.max_deletion_days,
        "dpia_min_wp248_criteria": d.dpia_min_wp248_criteria,
        "accept_eu_aliases": d.accept_eu_aliases,
    });
    for (key, value) in expected.as_object().unwrap() {
        assert_eq!(&props[key]["default"], value, "default of {key}");
    }
    for key in ["controller_breach_hours", "ropa_employee_threshold"] {
        assert!(props[key].get("default").is_none(), "{key} is dated");
        assert!(props[key].is_object(), "{key} is configurable");
    }
}
