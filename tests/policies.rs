//! Organisation policies end to end: findings located in the selected node's
//! own file, every kind of policy problem at its line and column in the policy
//! file, policies on the organisation, activities and the whole inventory,
//! suppressions, baselines and selection, `dpalint test`, `rules`/`explain`,
//! and the examples/policies project.
//!
//! Snapshots hold exactly what users see: exit code, stdout and stderr.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a broken fixture"
)]

mod common;
use common::{dpalint, exit_code, run};

use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = dpalint(dir).args(&all).output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn findings(report: &Value) -> &Vec<Value> {
    report["findings"].as_array().unwrap()
}

/// `(rule, file, line, column)` of every finding.
fn places(report: &Value) -> Vec<(String, String, u64, u64)> {
    findings(report)
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["range"]["start"]["line"].as_u64().unwrap(),
                f["range"]["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn cross_file_finding_lands_in_the_vendor_file() {
    let dir = fixture("policies-cross-file");
    let report = json(&dir, &["--select", "ACME"]);
    let all = findings(&report);
    assert_eq!(all.len(), 1, "{report:#}");
    let f = &all[0];
    // The policy lives in policies/residency.yaml; the finding is where the vendor is.
    assert_eq!(f["file"], "privacy/vendors/us.yaml");
    assert_eq!(f["range"]["start"]["line"], 14);
    assert_eq!(f["range"]["start"]["column"], 5);
    assert_eq!(f["pointer"], "/vendors/1/data_locations");
    assert_eq!(f["entity"], "nimbus");
    assert_eq!(f["rule"], "ACME001");
    assert_eq!(f["name"], "data-stays-in-eea");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["message"], "Nimbus Inc. stores data in US, BR");
    assert_eq!(f["help"], "Processors keep personal data in the EEA.");
    assert_eq!(f["legal_basis"][0], "Board decision 2025-04");
    insta::assert_snapshot!(
        "cross_file_human",
        run(&dir, &["check", "--select", "ACME"])
    );
    // Pre-commit: with the vendor file named, the whole project (and its policies)
    // is still loaded; only that file's findings are reported.
    assert_eq!(
        places(&json(
            &dir,
            &["--select", "ACME", "privacy/vendors/us.yaml"]
        ))
        .len(),
        1
    );
    assert!(
        findings(&json(
            &dir,
            &["--select", "ACME", "privacy/vendors/eu.yaml"]
        ))
        .is_empty()
    );
}

#[test]
fn every_policy_problem_is_reported_at_its_line_and_column() {
    let dir = fixture("policies-errors");
    let report = json(&dir, &["--select", "ACME"]);
    let at = |rule: &str, line: u64, needle: &str| -> u64 {
        let f = findings(&report)
            .iter()
            .find(|f| {
                f["rule"] == rule
                    && f["range"]["start"]["line"] == line
                    && f["message"].as_str().unwrap().contains(needle)
            })
            .unwrap_or_else(|| panic!("no {rule} at line {line} with {needle:?}: {report:#}"));
        assert_eq!(
            f["file"].as_str().unwrap().split('/').next(),
            Some("policies")
        );
        f["range"]["start"]["column"].as_u64().unwrap()
    };
    // JSONPath syntax error, plain scalar: at the `=`.
    assert_eq!(at("DPL040", 8, "invalid JSONPath"), 31);
    // CEL syntax error, double-quoted scalar: at the `=`.
    assert_eq!(at("DPL040", 17, "Syntax error"), 48);
    // Unknown function, single-quoted scalar with '' escapes: at the name.
    assert_eq!(at("DPL040", 25, "`is_adequat`"), 50);
    // Unknown variable, plain scalar.
    assert_eq!(at("DPL040", 33, "`slef`"), 13);
    // Type error, literal block scalar, second line: at the `>`.
    assert_eq!(at("DPL041", 43, "no matching overload"), 39);
    // Missing field without has(), folded block scalar: at `dpa`, once for the policy.
    assert_eq!(at("DPL041", 52, "No such key: dpa"), 12);
    // Not a bool.
    assert_eq!(at("DPL041", 61, "must evaluate to a bool"), 13);
    // Message templates: never closed; failing on a node.
    assert_eq!(at("DPL040", 70, "without a closing"), 22);
    assert_eq!(at("DPL041", 77, "`message` of ACME018"), 55);
    // Ids and names: reserved prefix, schema pattern, built-in name, duplicates (other file).
    assert_eq!(at("DPL040", 80, "reserved"), 9);
    assert_eq!(at("DPL010", 87, "acme-19"), 9);
    assert_eq!(at("DPL040", 95, "built-in rule"), 11);
    let dup = findings(&report)
        .iter()
        .find(|f| {
            f["message"]
                .as_str()
                .unwrap()
                .contains("id `ACME021` is already used")
        })
        .expect("duplicate id");
    assert_eq!(dup["file"], "policies/more.yaml");
    assert_eq!(dup["labels"][0]["file"], "policies/broken.yaml");
    assert_eq!(dup["labels"][0]["message"], "first used here");

    // Evaluation errors are reported once per policy, naming the node, with a
    // label on the node in its own file.
    let missing = findings(&report)
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("ACME015"))
        .unwrap();
    assert!(
        missing["message"]
            .as_str()
            .unwrap()
            .contains("vendor `nodpa` (privacy/vendors.yaml) (and 1 more node)"),
        "{missing}"
    );
    assert_eq!(missing["labels"][0]["file"], "privacy/vendors.yaml");
    assert_eq!(
        findings(&report)
            .iter()
            .filter(|f| f["message"].as_str().unwrap().contains("ACME015"))
            .count(),
        1
    );
    // The run goes on: the valid policy in the same file reports its finding.
    assert!(
        places(&report)
            .iter()
            .any(|(r, f, l, _)| r == "ACME021" && f == "privacy/vendors.yaml" && *l == 10)
    );
    insta::assert_snapshot!("errors_human", run(&dir, &["check", "--select", "ACME"]));
    insta::assert_snapshot!(
        "errors_concise",
        run(&dir, &["check", "--select", "ACME", "--format", "concise"])
    );
}

#[test]
fn policies_on_the_organisation_activities_and_the_whole_inventory() {
    let dir = fixture("policies-scopes");
    let report = json(&dir, &["--select", "GLX"]);
    let found = places(&report);
    assert_eq!(
        found,
        vec![
            ("GLX003".into(), "policies/governance.yaml".into(), 27, 13),
            ("GLX002".into(), "privacy/activities.yaml".into(), 8, 5),
            ("GLX001".into(), "privacy/organisation.yaml".into(), 8, 16),
        ],
        "{report:#}"
    );
    let org = &findings(&report)[2];
    assert_eq!(org["entity"], "organisation");
    assert_eq!(org["pointer"], "/organisation/dpo/appointed");
    assert_eq!(findings(&report)[1]["entity"], "loyalty");
    // A node outside every entity is reported at the policy's `select`.
    assert_eq!(findings(&report)[0]["entity"], Value::Null);
    insta::assert_snapshot!("scopes_human", run(&dir, &["check", "--select", "GLX"]));
    // Without an organisation, `$.organisation` selects nothing (no finding, no error).
    let copy = copy_fixture("policies-scopes");
    std::fs::remove_file(copy.path().join("privacy/organisation.yaml")).unwrap();
    let rules: Vec<String> = places(&json(copy.path(), &["--select", "GLX"]))
        .into_iter()
        .map(|(r, ..)| r)
        .collect();
    assert_eq!(rules, ["GLX003", "GLX002"]);
}

/// Copy a fixture directory (one level of subdirectories deep is enough here).
fn copy_fixture(name: &str) -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.path().is_dir() {
                copy(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&fixture(name), dir.path());
    dir
}

#[test]
fn policy_findings_are_suppressed_baselined_and_selected_like_rules() {
    let fixture_dir = copy_fixture("policies-suppress");
    let dir = fixture_dir.path();
    let report = json(dir, &[]);
    // Inline suppressions by id (nimbus) and by name (cirrus); stratus is reported;
    // a suppression naming no rule or policy is DPL030 with a suggestion.
    assert_eq!(report["summary"]["suppressed"], 2, "{report:#}");
    assert_eq!(
        places(&report),
        vec![
            ("ACME002".into(), "privacy/vendors.yaml".into(), 19, 14),
            ("ACME001".into(), "privacy/vendors.yaml".into(), 20, 5),
            ("DPL030".into(), "privacy/vendors.yaml".into(), 26, 44),
        ]
    );
    // dpalint.toml re-levels ACME002 by name.
    assert_eq!(findings(&report)[0]["severity"], "warning");
    assert!(
        findings(&report)[2]["help"]
            .as_str()
            .unwrap()
            .contains("data-stays-in-eea")
    );
    insta::assert_snapshot!("suppress_human", run(dir, &["check"]));

    // Baseline: record, then only new findings count.
    assert_eq!(
        exit_code(dir, &["check", "--write-baseline", "baseline.json"]),
        0
    );
    let baseline = std::fs::read_to_string(dir.join("baseline.json")).unwrap();
    assert!(baseline.contains("\"rule\": \"ACME001\""), "{baseline}");
    let report = json(dir, &["--baseline", "baseline.json"]);
    assert_eq!(report["summary"]["suppressed"], 4, "{report:#}");
    assert_eq!(
        places(&report),
        vec![("DPL030".into(), "privacy/vendors.yaml".into(), 26, 44)]
    );

    // Command-line selection and severities take policy ids, names and prefixes.
    let ignored = json(dir, &["--ignore", "data-stays-in-eea"]);
    assert!(places(&ignored).iter().all(|(r, ..)| r != "ACME001"));
    let relevelled = json(dir, &["--severity", "ACME001=info"]);
    let acme001 = findings(&relevelled)
        .iter()
        .find(|f| f["rule"] == "ACME001")
        .unwrap();
    assert_eq!(acme001["severity"], "info");
    let only = json(dir, &["--select", "ACME002"]);
    assert!(places(&only).iter().all(|(r, ..)| r != "ACME001"));
    insta::assert_snapshot!(
        "unknown_selector",
        run(dir, &["check", "--select", "ACME0001"])
    );
    assert_eq!(exit_code(dir, &["check", "--ignore", "DPL040"]), 2);
}

#[test]
fn dpalint_test_passes_fails_and_rejects_invalid_policies() {
    let dir = fixture("policies-tests");
    insta::assert_snapshot!("test_pass", run(&dir.join("pass"), &["test"]));
    insta::assert_snapshot!("test_fail", run(&dir.join("fail"), &["test"]));
    insta::assert_snapshot!("test_invalid", run(&dir.join("invalid"), &["test"]));
    assert_eq!(exit_code(&dir.join("pass"), &["test"]), 0);
    assert_eq!(exit_code(&dir.join("fail"), &["test"]), 1);
    assert_eq!(exit_code(&dir.join("invalid"), &["test"]), 2);
    // Fixture files carry no `dpalint:` marker: `check` never reads them.
    let report = json(&dir.join("pass"), &[]);
    assert_eq!(report["summary"]["files"], 1, "{report:#}");
}

#[test]
fn rules_and_explain_know_the_projects_policies() {
    let dir = root().join("examples/policies");
    let listed = dpalint(&dir)
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let listed: Value = serde_json::from_slice(&listed.stdout).unwrap();
    let listed = listed.as_array().unwrap();
    let builtin = dpalint::rules::ALL.len();
    assert_eq!(
        listed.len(),
        builtin + 5,
        "every built-in rule, then the 5 policies"
    );
    assert!(listed[..builtin].iter().all(|r| r["source"] == "builtin"));
    let ids: Vec<&str> = listed[builtin..]
        .iter()
        .inspect(|r| assert_eq!(r["source"], "policy"))
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ACME001", "ACME002", "ACME003", "ACME004", "ACME005"]);
    let table = run(&dir, &["rules"]);
    let tail: Vec<&str> = table
        .lines()
        .skip_while(|l| !l.starts_with("organisation"))
        .collect();
    insta::assert_snapshot!("rules_policies", tail.join("\n"));
    insta::assert_snapshot!("explain_policy", run(&dir, &["explain", "ACME002"]));
    assert_eq!(
        run(&dir, &["explain", "breach-notice-24h"]),
        run(&dir, &["explain", "ACME002"])
    );
    insta::assert_snapshot!(
        "explain_policy_unknown",
        run(&dir, &["explain", "breach-notice-42h"])
    );
}

#[test]
fn example_project_full_output() {
    let dir = root().join("examples/policies");
    insta::assert_snapshot!("example_check_human", run(&dir, &["check"]));
    insta::assert_snapshot!(
        "example_check_json",
        run(&dir, &["check", "--format", "json"])
    );
    insta::assert_snapshot!("example_test", run(&dir, &["test"]));
    assert_eq!(exit_code(&dir, &["test"]), 0);
    // A policy file named on the command line: only its policies are tested.
    let one = run(&dir, &["test", "policies/transfers.yaml"]);
    assert!(one.contains("running 8 tests of 2 policies"), "{one}");
    assert!(!one.contains("ACME002"), "{one}");
    // Policy findings keep the JSON output contract.
    let schema: Value = serde_json::from_str(dpalint::project::validate::OUTPUT_SCHEMA).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    for project in [dir, fixture("policies-errors"), fixture("policies-scopes")] {
        let report = json(&project, &[]);
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", project.display());
    }
}
