//! The acceptance examples of rule pack v2 (RULES-v2.md § 6 and § 7): every
//! scenario is a complete project under `tests/fixtures/acceptance/<name>/`,
//! checked by the real binary at 2026-12-01, and its findings must be exactly
//! the ones listed in its `expected.txt`: one `RULE entity` per line (sorted;
//! `#` starts a comment; an empty list means "no finding at all").
//!
//! A scenario that enables the opt-in rules carries a `dpalint.toml`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a broken fixture"
)]

mod common;
use common::{dpalint, fixtures};
use std::path::Path;

const AS_OF: &str = "2026-12-01";

/// `RULE entity` for every finding of the project in `dir`.
fn findings(dir: &Path) -> Vec<String> {
    let out = dpalint(dir)
        .args([
            "check", ".", "--format", "json", "--as-of", AS_OF, "--quiet",
        ])
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    assert!(
        code == 0 || code == 1,
        "{}: exit {code}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap(),
                f["entity"].as_str().unwrap_or("-")
            )
        })
        .collect();
    found.sort();
    found
}

fn expected(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("expected.txt"))
        .unwrap_or_else(|e| panic!("{}: expected.txt: {e}", dir.display()));
    let mut lines: Vec<String> = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    lines.sort();
    lines
}

#[test]
fn every_acceptance_example_gives_exactly_its_findings() {
    let root = fixtures().join("acceptance");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(
        !dirs.is_empty(),
        "no acceptance examples under {}",
        root.display()
    );
    let mut failures = Vec::new();
    for dir in &dirs {
        let (want, got) = (expected(dir), findings(dir));
        if want != got {
            failures.push(format!(
                "{}:\n  expected {want:?}\n  found    {got:?}",
                dir.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} acceptance examples differ:\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n")
    );
}
