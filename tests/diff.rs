//! `dpalint diff` on real git repositories built from the fixture history
//! `tests/fixtures/diff/history/<step>/` (one commit and tag per step).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod common;

use common::{dpalint, fixtures, git, git_history, history_steps, run};
use serde_json::Value;
use std::path::Path;

fn history() -> tempfile::TempDir {
    git_history(&history_steps(&fixtures().join("diff/history")))
}

/// `dpalint diff BASE HEAD --format json`, parsed, validated against the schema.
fn diff_json(dir: &Path, base: &str, head: &str) -> Value {
    let out = dpalint(dir)
        .args(["diff", base, head, "--format", "json", "--fail-on", "never"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    validate(&json);
    json
}

fn validate(json: &Value) {
    let schema: Value = serde_json::from_str(dpalint::diff::DIFF_SCHEMA).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "schema errors: {errors:#?}");
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect()
}

/// The changes of entity `id` in `changed`, as `field: old -> new` lines.
fn changes(list: &Value, id: &str) -> Vec<String> {
    let entity = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("{id} not changed in {list:#}"));
    entity["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let note = c["note"]
                .as_str()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            format!(
                "{}: {} -> {}{note}",
                c["field"].as_str().unwrap(),
                c["old"],
                c["new"]
            )
        })
        .collect()
}

#[test]
fn base_without_dpalint_files_adds_everything() {
    let repo = history();
    let d = diff_json(repo.path(), "00-empty", "01-base");
    assert_eq!(ids(&d["vendors"]["added"]), ["hostnet"]);
    assert_eq!(ids(&d["activities"]["added"]), ["bookkeeping"]);
    assert_eq!(d["organisation"]["status"], "added");
    assert_eq!(d["base"]["files"], 0);
    assert!(d["vendors"]["removed"].as_array().unwrap().is_empty());
}

#[test]
fn sub_processor_added_with_country_status_and_mechanism() {
    let repo = history();
    let d = diff_json(repo.path(), "01-base", "02-subprocessor");
    let added = &d["vendors"]["added"][0];
    assert_eq!(added["id"], "crmcloud");
    assert_eq!(added["role"], "sub_processor");
    assert_eq!(added["parent"], "hostnet");
    assert_eq!(added["country"]["code"], "US");
    // The DPF adequacy decision covers certified organisations only.
    assert_eq!(added["country"]["status"], "partially adequate");
    assert_eq!(added["mechanism"], "scc");
    assert_eq!(added["at"]["file"], "privacy/vendors/crmcloud.yaml");
    assert_eq!(added["at"]["line"], 3);
    let out = run(
        repo.path(),
        &["diff", "01-base", "02-subprocessor", "--fail-on", "never"],
    );
    assert!(
        out.contains("dpalint: +1 sub-processor (US, SCCs)"),
        "{out}"
    );
}

#[test]
fn dpa_terms_locations_and_transfer_changes_field_by_field() {
    let repo = history();
    let d = diff_json(repo.path(), "02-subprocessor", "03-terms");
    let changed = &d["vendors"]["changed"];
    assert_eq!(
        changes(changed, "hostnet"),
        [
            "dpa.subprocessing.change_notice.advance_days: 30 -> 7",
            "dpa.subprocessing.objection.window_days: 30 -> 7",
        ]
    );
    let crm = changes(changed, "crmcloud");
    assert!(
        crm.contains(&"data_locations: null -> \"IE\" (IE (EEA))".to_string()),
        "{crm:#?}"
    );
    assert!(
        crm.contains(&"transfer.mechanism: \"scc\" -> \"dpf\"".to_string()),
        "{crm:#?}"
    );
    assert!(
        crm.contains(&"transfer.dpf.certified: false -> true".to_string()),
        "{crm:#?}"
    );
    assert!(d["vendors"]["added"].as_array().unwrap().is_empty());
}

#[test]
fn activities_special_categories_recipients_and_organisation() {
    let repo = history();
    let d = diff_json(repo.path(), "03-terms", "04-activities");
    assert_eq!(ids(&d["activities"]["added"]), ["helpdesk"]);
    let book = changes(&d["activities"]["changed"], "bookkeeping");
    assert!(
        book.contains(
            &"data_categories: null -> \"special:health\" (new special-category data)".to_string()
        ),
        "{book:#?}"
    );
    assert!(
        book.contains(&"recipients: null -> \"crmcloud\" (new recipient)".to_string()),
        "{book:#?}"
    );
    assert_eq!(d["organisation"]["status"], "changed");
    assert_eq!(
        changes(
            &serde_json::json!([{"id": "o", "changes": d["organisation"]["changes"]}]),
            "o"
        ),
        ["employees: 42 -> 60"]
    );
}

#[test]
fn files_moved_between_directories_change_nothing() {
    let repo = history();
    let d = diff_json(repo.path(), "04-activities", "05-move");
    for kind in ["vendors", "activities"] {
        for list in ["added", "removed", "changed", "unknown"] {
            assert_eq!(d[kind][list], serde_json::json!([]), "{kind}.{list}");
        }
    }
    assert_eq!(d["findings"]["introduced"], serde_json::json!([]));
    assert_eq!(d["findings"]["resolved"], serde_json::json!([]));
    let out = run(repo.path(), &["diff", "04-activities", "05-move"]);
    assert!(
        out.contains("no change to the inventory or its findings"),
        "{out}"
    );
}

#[test]
fn renamed_id_is_removed_and_added_with_a_hint() {
    let repo = history();
    let d = diff_json(repo.path(), "05-move", "06-rename");
    assert_eq!(ids(&d["vendors"]["removed"]), ["hostnet"]);
    assert_eq!(ids(&d["vendors"]["added"]), ["hostnet-nl"]);
    assert_eq!(
        d["renames"],
        serde_json::json!([{"kind": "vendor", "from": "hostnet", "to": "hostnet-nl", "differences": 0}])
    );
    let out = run(
        repo.path(),
        &["diff", "05-move", "06-rename", "--fail-on", "never"],
    );
    assert!(
        out.contains("hint: did you rename vendor `hostnet` to `hostnet-nl`?"),
        "{out}"
    );
}

#[test]
fn unparsable_file_makes_its_entities_unknown_and_the_rest_is_reported() {
    let repo = history();
    let d = diff_json(repo.path(), "06-rename", "07-broken");
    assert_eq!(d["head"]["unparsed"][0]["file"], "vendors/crmcloud.yaml");
    assert_eq!(d["head"]["unparsed"][0]["rule"], "DPL001");
    assert_eq!(d["vendors"]["unknown"][0]["id"], "crmcloud");
    assert_eq!(d["vendors"]["unknown"][0]["seen_at"], "base");
    assert_eq!(d["vendors"]["removed"], serde_json::json!([]));
    let introduced: Vec<&str> = d["findings"]["introduced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(introduced.contains(&"DPL001"), "{introduced:?}");
    // The other way round: the entity is unknown at BASE, not added.
    let back = diff_json(repo.path(), "07-broken", "06-rename");
    assert_eq!(back["vendors"]["unknown"][0]["seen_at"], "head");
    assert_eq!(back["vendors"]["added"], serde_json::json!([]));
    insta::assert_snapshot!(run(
        repo.path(),
        &["diff", "06-rename", "07-broken", "--fail-on", "never"]
    ));
}

#[test]
fn every_format_on_the_history() {
    let repo = history();
    for format in ["human", "markdown", "json"] {
        let out = run(
            repo.path(),
            &["diff", "01-base", "04-activities", "--format", format],
        );
        insta::assert_snapshot!(format!("history_{format}"), out);
    }
}

#[test]
fn exit_code_follows_fail_on_for_introduced_findings_only() {
    let repo = history();
    let code = |args: &[&str]| common::exit_code(repo.path(), args);
    // 03 introduces an error (DPA029) and a warning (DPA015).
    assert_eq!(code(&["diff", "02-subprocessor", "03-terms"]), 1);
    assert_eq!(
        code(&["diff", "02-subprocessor", "03-terms", "--fail-on", "never"]),
        0
    );
    // Going back resolves them and introduces none.
    assert_eq!(
        code(&["diff", "03-terms", "02-subprocessor", "--fail-on", "info"]),
        0
    );
    // 04 introduces one warning (DPA033), the error of 03 stays: it does not count.
    assert_eq!(code(&["diff", "03-terms", "04-activities"]), 0);
    assert_eq!(
        code(&["diff", "03-terms", "04-activities", "--fail-on", "warning"]),
        1
    );
    // Nothing changes when files move, although findings exist on both sides.
    assert_eq!(
        code(&["diff", "04-activities", "05-move", "--fail-on", "info"]),
        0
    );
}

#[test]
fn default_base_is_the_merge_base_and_head_the_working_tree() {
    let repo = history();
    let root = repo.path();
    git(root, &["checkout", "-q", "-b", "feature", "04-activities"]);
    let org = root.join("privacy/organisation.yaml");
    let text = std::fs::read_to_string(&org).unwrap();
    std::fs::write(&org, text.replace("employees: 60", "employees: 75")).unwrap();
    let out = run(root, &["diff", "--format", "json", "--fail-on", "never"]);
    assert!(
        out.contains("dpalint: comparing with the merge base of HEAD and main"),
        "{out}"
    );
    let json: Value = serde_json::from_str(
        out.split("--- stdout\n")
            .nth(1)
            .unwrap()
            .split("--- stderr")
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(json["head"]["label"], "working tree");
    assert!(
        json["base"]["label"]
            .as_str()
            .unwrap()
            .starts_with("merge base with main (")
    );
    let org_changes = json["organisation"]["changes"].as_array().unwrap();
    // main is at 07-broken: the merge base with feature is 04-activities.
    assert_eq!(org_changes.len(), 1, "{org_changes:#?}");
    assert_eq!(org_changes[0]["new"], 75);
}

#[test]
fn two_directories() {
    let old = tempfile::tempdir().unwrap();
    let new = tempfile::tempdir().unwrap();
    let steps = history_steps(&fixtures().join("diff/history"));
    for step in &steps[..2] {
        common::apply_step(old.path(), step);
    }
    for step in &steps[..3] {
        common::apply_step(new.path(), step);
    }
    let parent = tempfile::tempdir().unwrap();
    std::fs::rename(old.path(), parent.path().join("old")).unwrap();
    std::fs::rename(new.path(), parent.path().join("new")).unwrap();
    let out = dpalint(parent.path())
        .args([
            "diff",
            "old",
            "new",
            "--format",
            "json",
            "--fail-on",
            "never",
        ])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    validate(&json);
    assert_eq!(ids(&json["vendors"]["added"]), ["crmcloud"]);
    assert_eq!(json["base"]["label"], "old/");
}

#[test]
fn errors_name_what_to_do() {
    let plain = tempfile::tempdir().unwrap();
    let out = run(plain.path(), &["diff"]);
    assert!(out.starts_with("exit: 2"), "{out}");
    assert!(out.contains("is not in a git repository"), "{out}");

    let repo = history();
    let out = run(repo.path(), &["diff", "no-such-branch"]);
    assert!(out.starts_with("exit: 2"), "{out}");
    assert!(out.contains("unknown revision `no-such-branch`"), "{out}");

    let out = run(repo.path(), &["diff", "01-base", "../nowhere"]);
    assert!(out.starts_with("exit: 2"), "{out}");
}

#[test]
fn shallow_clone_without_the_merge_base_says_fetch_depth() {
    let repo = history();
    let root = repo.path();
    git(root, &["checkout", "-q", "-b", "feature", "03-terms"]);
    git(
        root,
        &["commit", "-q", "--allow-empty", "-m", "feature work"],
    );
    git(root, &["checkout", "-q", "main"]);
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", root.display());
    git(
        clone.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--no-single-branch",
            &url,
            "c",
        ],
    );
    let c = clone.path().join("c");
    git(&c, &["checkout", "-q", "feature"]);
    let out = run(&c, &["diff"]);
    assert!(out.starts_with("exit: 2"), "{out}");
    assert!(out.contains("fetch-depth: 0"), "{out}");
}

#[test]
fn schema_command_prints_the_diff_schema() {
    let here = fixtures();
    assert_eq!(
        common::stdout(&here, &["schema", "diff"]),
        dpalint::diff::DIFF_SCHEMA
    );
    let schema: Value = serde_json::from_str(dpalint::diff::DIFF_SCHEMA).unwrap();
    jsonschema::meta::validate(&schema).unwrap();
}

#[test]
fn git_not_installed_is_said_with_the_way_out() {
    let repo = history();
    let empty = tempfile::tempdir().unwrap();
    let out = dpalint(repo.path())
        .env("PATH", empty.path())
        .args(["diff", "01-base"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("git is not installed (or not on PATH)")
            && stderr.contains("dpalint diff OLD_DIR NEW_DIR"),
        "{stderr}"
    );
}

#[test]
fn paths_limit_both_sides() {
    let repo = history();
    // Only privacy/vendors: the organisation and its activities are left out on both sides.
    let out = dpalint(repo.path())
        .args([
            "diff",
            "01-base",
            "04-activities",
            "--paths",
            "privacy/vendors",
            "--format",
            "json",
            "--fail-on",
            "never",
        ])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ids(&json["vendors"]["added"]), ["crmcloud"]);
    assert_eq!(json["activities"]["added"], serde_json::json!([]));
    assert_eq!(json["organisation"], Value::Null);
    assert_eq!(json["base"]["files"], 1);
}

/// The shipped example's pull request (`examples/saas-processor`): its
/// `history/base/` committed, then the example as it is, which adds the US
/// sub-processor `pipelane` with ten days' notice where thirty are promised.
/// The review shows the addition with its country status and mechanism and
/// the DPA069 error the change introduces, which fails the check.
#[test]
fn saas_processor_pull_request_in_every_format() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/saas-processor");
    let repo = git_history(&[example.join("history/base"), example.clone()]);
    let (base, head) = ("base", "saas-processor");
    for format in ["human", "markdown", "json"] {
        let out = run(repo.path(), &["diff", base, head, "--format", format]);
        insta::assert_snapshot!(format!("saas_processor_{format}"), out);
    }
    let d = diff_json(repo.path(), base, head);
    assert_eq!(ids(&d["vendors"]["added"]), ["pipelane"]);
    let added = &d["vendors"]["added"][0];
    assert_eq!(added["country"]["code"], "US");
    assert_eq!(added["mechanism"], "scc");
    let introduced: Vec<&str> = d["findings"]["introduced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(introduced.contains(&"DPA069"), "{introduced:?}");
    assert_eq!(common::exit_code(repo.path(), &["diff", base, head]), 1);
}
