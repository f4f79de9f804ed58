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
        // `history/<state>/` holds earlier states of the project (saas-processor):
        // each is a project of its own, not part of the current one.
        let history = p.join("history");
        files.retain(|f| !f.starts_with(&history));
        sets.push(files);
        if history.is_dir() {
            for state in std::fs::read_dir(&history).unwrap() {
                let mut files = Vec::new();
                yaml_files(&state.unwrap().path(), &mut files);
                sets.push(files);
            }
        }
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

/// `(rule, severity, entity)` of every finding of `dpalint check --format json`
/// in an example project, sorted.
fn findings_of(project: &Path) -> Vec<(String, String, String)> {
    let out = Command::cargo_bin("dpalint")
        .unwrap()
        .current_dir(project)
        .env("NO_COLOR", "1")
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut v: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_owned();
            (s("rule"), s("severity"), s("entity"))
        })
        .collect();
    v.sort();
    v
}

/// The text between backticks at the start of a README table cell.
fn ticked(cell: &str) -> String {
    cell.split('`').nth(1).unwrap_or(cell).trim().to_owned()
}

/// The expected findings written in examples/README.md (the "Expected findings (N)"
/// table of each project and the totals table at the top) are exactly what the tool
/// reports: the README is the hand derivation the examples are checked against.
#[test]
fn readme_expected_findings_match_the_tool() {
    let readme = std::fs::read_to_string(root().join("examples/README.md")).unwrap();
    let mut checked = 0;
    let mut sums = [0usize; 4];
    for project in projects() {
        let name = project.file_name().unwrap().to_string_lossy().to_string();
        let Some(section) = readme.split("\n## ").find(|s| {
            s.strip_prefix(name.as_str())
                .is_some_and(|r| r.starts_with('\n') || r.starts_with(' '))
        }) else {
            panic!("examples/README.md has no section for {name}");
        };
        let Some((_, rest)) = section.split_once("**Expected findings (") else {
            continue; // the policies example documents its own findings
        };
        let (count, table) = rest.split_once(").**").unwrap();
        let mut expected: Vec<(String, String, String)> = table
            .lines()
            .skip_while(|l| !l.starts_with('|'))
            .take_while(|l| l.starts_with('|'))
            .filter(|l| l.starts_with("| DPA"))
            .map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                (cells[1].to_owned(), cells[2].to_owned(), ticked(cells[3]))
            })
            .collect();
        expected.sort();
        assert_eq!(
            count.parse::<usize>().unwrap(),
            expected.len(),
            "{name}: count"
        );
        let actual = findings_of(&project);
        assert_eq!(expected, actual, "{name}: README table vs dpalint check");
        let totals = readme
            .lines()
            .find(|l| l.starts_with(&format!("| [{name}]")))
            .unwrap_or_else(|| panic!("{name} missing from the totals table"));
        let cells: Vec<&str> = totals.split('|').map(str::trim).collect();
        let by = |sev: &str| actual.iter().filter(|f| f.1 == sev).count().to_string();
        assert_eq!(
            cells[4..8],
            [
                actual.len().to_string(),
                by("error"),
                by("warning"),
                by("info")
            ],
            "{name}: totals row"
        );
        for (sum, sev) in sums.iter_mut().zip(["", "error", "warning", "info"]) {
            *sum += actual
                .iter()
                .filter(|f| sev.is_empty() || f.1 == sev)
                .count();
        }
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} example tables were checked");
    let total = readme
        .lines()
        .find(|l| l.starts_with("| **total**"))
        .expect("totals row");
    let cells: Vec<String> = total
        .split('|')
        .map(|c| c.trim().replace("**", ""))
        .collect();
    assert_eq!(cells[4..8], sums.map(|n| n.to_string()), "totals row");
}
