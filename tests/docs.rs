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

#[test]
fn thresholds_default_to_the_reference_data() {
    assert_eq!(
        dpalint::config::Thresholds::default(),
        dpalint::reference::Reference::embedded().thresholds
    );
}
