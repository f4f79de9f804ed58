//! The shipped examples and every fixture are valid inputs, and the examples'
//! full findings are snapshotted (human and JSON).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a broken fixture"
)]

use assert_cmd::Command;
use dpalint::check::{self as engine, Selection};
use dpalint::config::Config;
use dpalint::model::Date;
use dpalint::project::Input;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml") {
            out.push(p);
        }
    }
}

fn projects() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("dpalint.toml").is_file())
        .collect();
    v.sort();
    v
}

/// Every example project and every rule fixture loads with no input error:
/// it validates against the schema and deserialises into the typed model.
#[test]
fn examples_and_fixtures_are_valid_inputs() {
    let mut sets: Vec<Vec<PathBuf>> = Vec::new();
    for p in projects() {
        let mut files = Vec::new();
        yaml_files(&p, &mut files);
        sets.push(files);
    }
    let mut fixtures = Vec::new();
    yaml_files(&root().join("rules"), &mut fixtures);
    fixtures.retain(|p| !p.starts_with(root().join("rules/reference")));
    sets.extend(fixtures.into_iter().map(|f| vec![f]));
    assert!(sets.len() >= 8, "examples and fixtures were not found");
    for files in sets {
        let inputs = files
            .iter()
            .map(|f| {
                Input::text(
                    f.strip_prefix(root()).unwrap().to_string_lossy(),
                    &std::fs::read_to_string(f).unwrap(),
                )
            })
            .collect();
        let report = engine::check_memory(
            inputs,
            Date::parse("2026-11-21").unwrap(),
            &Config::default(),
            &Selection::all(),
        );
        let input_errors: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule.starts_with("DPL"))
            .map(|d| {
                format!(
                    "{}: {} {}",
                    report.sources.get(d.file()).path,
                    d.rule,
                    d.message
                )
            })
            .collect();
        assert!(input_errors.is_empty(), "{input_errors:#?}");
    }
}

fn run(project: &Path, format: &str) -> String {
    let out = Command::cargo_bin("dpalint")
        .unwrap()
        .current_dir(project)
        .env("NO_COLOR", "1")
        .args(["check", "--format", format])
        .output()
        .unwrap();
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn example_projects_full_output() {
    for project in projects() {
        let name = project.file_name().unwrap().to_string_lossy().to_string();
        insta::assert_snapshot!(format!("{name}_human"), run(&project, "human"));
        insta::assert_snapshot!(format!("{name}_json"), run(&project, "json"));
    }
}

/// Running from the repository root on one example resolves that example's own
/// dpalint.toml (pinned `as_of`), so the README's first command is deterministic.
#[test]
fn readme_command_uses_the_examples_config() {
    let out = Command::cargo_bin("dpalint")
        .unwrap()
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(["check", "examples/saas-startup", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["as_of"], "2026-11-21");
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["file"].as_str().unwrap().starts_with("privacy/"))
    );
}
