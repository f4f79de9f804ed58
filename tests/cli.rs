//! End-to-end tests of the `dpalint` binary: every output format on real
//! projects, every kind of bad input, exit codes, config errors.
//!
//! Snapshots hold exactly what users see: exit code, stdout and stderr.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a broken fixture"
)]

mod common;
use common::{dpalint, exit_code, fixtures, run};

use std::path::Path;

const PIN: &[&str] = &["--as-of", "2026-11-21"];

fn args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut v: Vec<&str> = PIN.to_vec();
    v.extend_from_slice(extra);
    v
}

#[test]
fn clean_project_in_every_format() {
    let dir = fixtures().join("clean");
    insta::assert_snapshot!("clean_human", run(&dir, &args(&[])));
    insta::assert_snapshot!("clean_concise", run(&dir, &args(&["--format", "concise"])));
    insta::assert_snapshot!("clean_json", run(&dir, &args(&["--format", "json"])));
    assert_eq!(exit_code(&dir, &args(&[])), 0);
}

#[test]
fn schema_errors_of_each_kind() {
    let dir = fixtures().join("schema-errors");
    insta::assert_snapshot!("schema_errors_human", run(&dir, &args(&[])));
    insta::assert_snapshot!(
        "schema_errors_concise",
        run(&dir, &args(&["--format", "concise"]))
    );
    insta::assert_snapshot!(
        "schema_errors_json",
        run(&dir, &args(&["--format", "json"]))
    );
}

#[test]
fn duplicate_keys_point_at_both() {
    let dir = fixtures().join("duplicate-keys");
    insta::assert_snapshot!("duplicate_keys_human", run(&dir, &args(&[])));
    insta::assert_snapshot!(
        "duplicate_keys_json",
        run(&dir, &args(&["--format", "json"]))
    );
}

#[test]
fn alias_values_report_where_they_were_defined() {
    let dir = fixtures().join("aliases");
    insta::assert_snapshot!("aliases_human", run(&dir, &args(&["--select", "DPA048"])));
}

#[test]
fn multi_file_project_with_dangling_reference_in_another_file() {
    let dir = fixtures().join("multi-file");
    insta::assert_snapshot!(
        "multi_file_human",
        run(&dir, &args(&["--select", "DPA047,DPA048"]))
    );
    insta::assert_snapshot!(
        "multi_file_concise",
        run(
            &dir,
            &args(&["--select", "DPA047,DPA048", "--format", "concise"])
        )
    );
    insta::assert_snapshot!(
        "multi_file_json",
        run(
            &dir,
            &args(&["--select", "DPA047,DPA048", "--format", "json"])
        )
    );
}

#[test]
fn explicit_files_load_the_project_but_report_only_themselves() {
    let dir = fixtures().join("multi-file");
    let out = run(
        &dir,
        &args(&[
            "--select",
            "DPA047,DPA048",
            "--format",
            "concise",
            "privacy/vendors/mandrill.yaml",
        ]),
    );
    assert!(
        out.contains("privacy/vendors/mandrill.yaml:6:13: error[DPA048]"),
        "{out}"
    );
    assert!(!out.contains("newsletter.yaml"), "{out}");
    // The context (mailchimp.yaml) is loaded: the duplicate id is found across files.
    assert!(out.contains("DPA047"), "{out}");
}

/// Hostile inputs, generated in a temporary project next to a good file that must still be checked.
mod hostile {
    use super::*;

    const GOOD: &str = "dpalint: 1\nvendors:\n  - id: good\n    name: Good B.V.\n    role: sub_processor\n    parent: nowhere\n    country: NL\n    data_locations: [NL]\n    purpose: hosting\n";

    fn project(name: &str, bytes: &[u8]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("dpalint.toml"), "as_of = \"2026-11-21\"\n").unwrap();
        std::fs::write(dir.path().join("good.yaml"), GOOD).unwrap();
        std::fs::write(dir.path().join(name), bytes).unwrap();
        dir
    }

    fn concise(dir: &Path, extra: &[&str]) -> String {
        let mut a = vec!["--format", "concise", "--select", "DPA048"];
        a.extend_from_slice(extra);
        run(dir, &a)
    }

    fn assert_good_still_checked(out: &str) {
        assert!(
            out.contains(
                "good.yaml:6:13: error[DPA048] parent of 'good' references unknown id 'nowhere'"
            ),
            "{out}"
        );
    }

    #[test]
    fn alias_bomb() {
        let mut bomb = String::from("dpalint: 1\na: &a [x,x,x,x,x,x,x,x,x]\n");
        for i in 1..12u8 {
            let (prev, this) = ((b'a' + i - 1) as char, (b'a' + i) as char);
            bomb.push_str(&format!(
                "{this}: &{this} [{}]\n",
                vec![format!("*{prev}"); 9].join(",")
            ));
        }
        let dir = project("bomb.yaml", bomb.as_bytes());
        let out = concise(dir.path(), &[]);
        assert_good_still_checked(&out);
        insta::assert_snapshot!("hostile_alias_bomb", out);
    }

    #[test]
    fn deep_nesting() {
        let text = format!(
            "dpalint: 1\nvendors: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let dir = project("deep.yaml", text.as_bytes());
        let out = concise(dir.path(), &[]);
        assert_good_still_checked(&out);
        insta::assert_snapshot!("hostile_deep_nesting", out);
        let mut block = String::from("dpalint: 1\n");
        for i in 0..200 {
            block.push_str(&format!("{}k{i}:\n", "  ".repeat(i)));
        }
        let dir = project("deep-block.yaml", block.as_bytes());
        let out = concise(dir.path(), &[]);
        assert_good_still_checked(&out);
        assert!(
            out.contains("deep-block.yaml") && out.contains("DPL003"),
            "{out}"
        );
    }

    #[test]
    fn invalid_utf8_and_binary() {
        let dir = project(
            "latin1.yaml",
            b"dpalint: 1\norganisation:\n  name: Caf\xe9 Noir\n",
        );
        let out = concise(dir.path(), &[]);
        assert_good_still_checked(&out);
        insta::assert_snapshot!("hostile_invalid_utf8", out);
        let dir = project("blob.yaml", b"\x00\x01dpalint: 1\n\x00\xff\xfe binary");
        let out = concise(dir.path(), &["blob.yaml", "good.yaml"]);
        assert_good_still_checked(&out);
        assert!(
            out.contains("blob.yaml:1:1: error[DPL004] binary content"),
            "{out}"
        );
    }

    #[test]
    fn bom_and_crlf_give_the_same_positions_as_lf() {
        let lf = GOOD.to_string();
        let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("lf.yaml"), &lf).unwrap();
        std::fs::write(dir.path().join("crlf.yaml"), &crlf).unwrap();
        let out = run(
            dir.path(),
            &[
                "--as-of",
                "2026-11-21",
                "--format",
                "json",
                "--select",
                "DPA048",
            ],
        );
        let json: serde_json::Value = serde_json::from_str(
            out.split("--- stdout\n")
                .nth(1)
                .unwrap()
                .split("--- stderr")
                .next()
                .unwrap(),
        )
        .unwrap();
        let f = json["findings"].as_array().unwrap();
        assert_eq!(f.len(), 2);
        let pos = |i: usize, k: &str| {
            (
                f[i]["range"][k]["line"].clone(),
                f[i]["range"][k]["column"].clone(),
            )
        };
        assert_eq!(f[0]["file"], "crlf.yaml");
        assert_eq!(pos(0, "start"), pos(1, "start"));
        assert_eq!(pos(0, "end"), pos(1, "end"));
        assert_eq!(
            f[0]["range"]["start"]["offset"].as_u64().unwrap(),
            f[1]["range"]["start"]["offset"].as_u64().unwrap() + 3 + 5,
            "BOM plus five CRs before line 6"
        );
        let human = run(dir.path(), &["--as-of", "2026-11-21", "--select", "DPA048"]);
        let body = human.split_once("--- stdout\n").unwrap().1;
        let (a, b) = body.split_once("\n\n").unwrap();
        assert_eq!(
            a.replace("crlf.yaml", "X"),
            b.split("\n\n").next().unwrap().replace("lf.yaml", "X")
        );
        insta::assert_snapshot!("hostile_bom_crlf", human);
    }

    #[test]
    fn tabs_are_reported_with_their_position() {
        let dir = project("tabs.yaml", b"dpalint: 1\nvendors:\n\t- id: x\n");
        let out = concise(dir.path(), &[]);
        assert_good_still_checked(&out);
        insta::assert_snapshot!("hostile_tabs", out);
    }

    #[test]
    fn empty_file_and_file_without_marker() {
        let dir = project("empty.yaml", b"");
        std::fs::write(
            dir.path().join("deploy.yaml"),
            "apiVersion: v1\nkind: Pod\n",
        )
        .unwrap();
        // Walked: neither is a dpalint file, both are skipped silently.
        let out = concise(dir.path(), &[]);
        assert_good_still_checked(&out);
        assert!(
            !out.contains("empty.yaml") && !out.contains("deploy.yaml"),
            "{out}"
        );
        // Named explicitly: a clear error each.
        let out = concise(dir.path(), &["empty.yaml", "deploy.yaml", "good.yaml"]);
        assert_good_still_checked(&out);
        insta::assert_snapshot!("hostile_not_dpalint_explicit", out);
    }

    #[test]
    fn file_too_large() {
        let dir = project("big.yaml", b"dpalint: 1\n");
        std::fs::write(
            dir.path().join("dpalint.toml"),
            "as_of = \"2026-11-21\"\nmax_file_size = 100\n",
        )
        .unwrap();
        let mut big = String::from("dpalint: 1\nvendors:\n");
        while big.len() < 200 {
            big.push_str("  - id: x\n    name: X\n    role: controller\n");
        }
        std::fs::write(dir.path().join("big.yaml"), big).unwrap();
        let out = concise(dir.path(), &[]);
        assert!(out.contains("big.yaml:1:1: error[DPL005]"), "{out}");
    }

    #[test]
    fn path_that_does_not_exist() {
        let dir = project("x.yaml", b"dpalint: 1\n");
        let out = concise(dir.path(), &["missing.yaml", "good.yaml"]);
        assert_good_still_checked(&out);
        assert!(
            out.contains("missing.yaml:1:1: error[DPL004] no such file or directory"),
            "{out}"
        );
    }

    #[test]
    fn hidden_directories_are_walked_and_gitignore_respected() {
        let dir = project("x.yaml", GOOD.replace("good", "x").as_bytes());
        std::fs::create_dir_all(dir.path().join(".github/privacy")).unwrap();
        std::fs::write(
            dir.path().join(".github/privacy/hidden.yaml"),
            GOOD.replace("good", "hidden"),
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("build")).unwrap();
        std::fs::write(
            dir.path().join("build/ignored.yaml"),
            GOOD.replace("good", "ignored"),
        )
        .unwrap();
        std::fs::write(dir.path().join(".gitignore"), "build/\n").unwrap();
        let out = concise(dir.path(), &[]);
        assert!(out.contains(".github/privacy/hidden.yaml"), "{out}");
        assert!(!out.contains("ignored.yaml"), "{out}");
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_reported() {
        let dir = project("x.yaml", b"dpalint: 1\n");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
        let out = concise(dir.path(), &[]);
        assert_good_still_checked(&out);
        assert!(
            out.contains("sub/loop") && out.contains("symbolic link loop"),
            "{out}"
        );
    }
}

#[test]
fn exit_codes() {
    let clean = fixtures().join("clean");
    let multi = fixtures().join("multi-file");
    assert_eq!(exit_code(&clean, &args(&[])), 0, "clean project");
    assert_eq!(
        exit_code(&multi, &args(&["--select", "DPA048"])),
        1,
        "errors"
    );
    assert_eq!(
        exit_code(&multi, &args(&["--select", "DPA047"])),
        0,
        "warnings only, --fail-on error"
    );
    assert_eq!(
        exit_code(
            &multi,
            &args(&["--select", "DPA047", "--fail-on", "warning"])
        ),
        1
    );
    assert_eq!(
        exit_code(&multi, &args(&["--select", "DPA048", "--fail-on", "never"])),
        0
    );
    assert_eq!(
        exit_code(
            &multi,
            &args(&["--select", "DPA048", "--severity", "DPA048=info"])
        ),
        0
    );
    assert_eq!(
        exit_code(&multi, &args(&["--select", "NOPE"])),
        2,
        "unknown rule"
    );
    assert_eq!(exit_code(&multi, &["--as-of", "2026-02-30"]), 2, "bad date");
    assert_eq!(
        exit_code(&multi, &args(&["--config", "missing.toml"])),
        2,
        "unreadable config"
    );
}

#[test]
fn bad_config_is_exit_2_with_a_span_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dpalint.toml"),
        "as_of = \"2026-11-21\"\n\n[thresholds]\nmin_objection_dayz = 30\n\n[rules]\nignore = [\"DPA039\"]\n",
    )
    .unwrap();
    insta::assert_snapshot!("config_unknown_key", run(dir.path(), &[]));
    std::fs::write(dir.path().join("dpalint.toml"), "as_of = \n").unwrap();
    let out = run(dir.path(), &[]);
    assert!(
        out.starts_with("exit: 2") && out.contains("DPL020"),
        "{out}"
    );
}

#[test]
fn unknown_rule_suggests_the_closest() {
    let out = run(
        &fixtures().join("clean"),
        &["--select", "dangling-refrence"],
    );
    insta::assert_snapshot!("unknown_rule", out);
}

#[test]
fn output_file_is_written_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.json");
    let out = dpalint(&fixtures().join("multi-file"))
        .args(args(&[
            "--select", "DPA048", "--format", "json", "--output",
        ]))
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&target).unwrap()).unwrap();
    assert_eq!(json["summary"]["errors"], 2);
}

#[test]
fn json_output_matches_its_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(dpalint::project::validate::OUTPUT_SCHEMA).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    for dir in [
        "clean",
        "schema-errors",
        "multi-file",
        "duplicate-keys",
        "aliases",
    ] {
        let out = dpalint(&fixtures().join(dir))
            .args(args(&["--format", "json"]))
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{dir}: {errors:?}");
    }
}

#[test]
fn narratable_mode_for_screen_readers() {
    let dir = fixtures().join("multi-file");
    insta::assert_snapshot!(
        "narrate",
        run(&dir, &args(&["--select", "DPA048", "--narrate"]))
    );
}

#[test]
fn schema_and_completions_commands() {
    let out = dpalint(&fixtures()).arg("schema").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["$id"], "urn:dpalint:schema:input:v1");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = dpalint(&fixtures())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("dpalint"));
    }
}

#[test]
fn version_prints_reference_data_date() {
    let out = dpalint(&fixtures()).arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("dpalint "));
    let out = dpalint(&fixtures()).arg("--help").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Exit codes"));
}

#[test]
fn stale_reference_data_warns_on_stderr() {
    let out = run(&fixtures().join("clean"), &["--as-of", "2028-06-01"]);
    assert!(out.contains("reference data are from 2026-11-21"), "{out}");
}

#[test]
fn explain_by_id_and_name_and_unknown() {
    let dir = fixtures();
    let by_id = run(&dir, &["explain", "DPA015"]);
    let by_name = run(&dir, &["explain", "objection-window-too-short"]);
    assert_eq!(by_id, by_name);
    assert!(by_id.starts_with("exit: 0"));
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("rules/DPA015-objection-window-too-short/README.md"),
    )
    .unwrap();
    assert!(
        by_id.contains(&page),
        "explain prints the generated rule page"
    );
    insta::assert_snapshot!("explain_unknown", run(&dir, &["explain", "DPA15"]));
    insta::assert_snapshot!("explain_input_check", run(&dir, &["explain", "DPL011"]));
    assert_eq!(
        exit_code(&dir, &["explain", "objection-window-to-short"]),
        2
    );
}

#[test]
fn rules_table_and_json() {
    let dir = fixtures();
    insta::assert_snapshot!("rules_table", run(&dir, &["rules"]));
    let out = dpalint(&dir)
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = json.as_array().unwrap();
    assert_eq!(
        rules.len(),
        dpalint::rules::ALL.len(),
        "every built-in rule is listed"
    );
    for r in rules {
        for key in [
            "id",
            "name",
            "severity",
            "enabled_by_default",
            "category",
            "legal_basis",
            "summary",
        ] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
        // Only opt-in rules are off by default, and they are `info` rules.
        if r["enabled_by_default"] == false {
            assert_eq!(r["severity"], "info", "{r}");
        }
    }
}

/// Thresholds, selection and severities from dpalint.toml change the findings;
/// the command line wins over the file.
#[test]
fn config_thresholds_and_severities() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("rules/DPA015-objection-window-too-short/pass.yaml"),
        dir.path().join("vendors.yaml"),
    )
    .unwrap();
    let concise = |extra: &[&str]| {
        let mut a = vec!["--format", "concise", "--select", "DPA015"];
        a.extend_from_slice(extra);
        run(dir.path(), &a)
    };
    std::fs::write(dir.path().join("dpalint.toml"), "as_of = \"2026-11-21\"\n").unwrap();
    assert!(
        !concise(&[]).contains("DPA015"),
        "30 days passes the default 14"
    );
    std::fs::write(
        dir.path().join("dpalint.toml"),
        "as_of = \"2026-11-21\"\n[thresholds]\nmin_objection_days = 45\n[rules.severity]\nobjection-window-too-short = \"error\"\n",
    )
    .unwrap();
    let out = concise(&[]);
    assert!(
        out.contains("error[DPA015]") && out.contains("(< 45)"),
        "{out}"
    );
    assert!(out.starts_with("exit: 1"), "{out}");
    let out = concise(&["--severity", "DPA015=info"]);
    assert!(
        out.contains("info[DPA015]") && out.starts_with("exit: 0"),
        "{out}"
    );
    let out = concise(&["--ignore", "objection-window-too-short"]);
    assert!(!out.contains("DPA015"), "{out}");
    std::fs::write(
        dir.path().join("dpalint.toml"),
        "as_of = \"2026-11-21\"\n[thresholds]\nmin_objection_days = 45\n[rules]\nignore = [\"DPA01\"]\n",
    )
    .unwrap();
    assert!(
        !concise(&["--select", "ALL"]).contains("DPA015"),
        "config ignore by prefix"
    );
}

/// Every hostile input of issue 2 in all three formats.
#[test]
fn hostile_inputs_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("dpalint.toml"), "as_of = \"2026-11-21\"\n").unwrap();
    let mut bomb = String::from("dpalint: 1\na: &a [x,x,x,x,x,x,x,x,x]\n");
    for i in 1..12u8 {
        let (prev, this) = ((b'a' + i - 1) as char, (b'a' + i) as char);
        bomb.push_str(&format!(
            "{this}: &{this} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    std::fs::write(p.join("alias-bomb.yaml"), bomb).unwrap();
    std::fs::write(
        p.join("deep.yaml"),
        format!(
            "dpalint: 1\nvendors: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    )
    .unwrap();
    std::fs::write(
        p.join("latin1.yaml"),
        b"dpalint: 1\norganisation:\n  name: Caf\xe9 Noir\n",
    )
    .unwrap();
    std::fs::write(p.join("bom-crlf.yaml"), "\u{feff}dpalint: 1\r\nvendors:\r\n  - id: x\r\n    name: X\r\n    role: sub_processor\r\n    parent: nowhere\r\n".as_bytes()).unwrap();
    std::fs::write(
        p.join("dup.yaml"),
        "dpalint: 1\norganisation:\n  name: A\n  name: B\n",
    )
    .unwrap();
    for format in ["human", "concise", "json"] {
        let out = run(p, &["--format", format, "--select", "DPA048"]);
        insta::assert_snapshot!(format!("hostile_all_{format}"), out);
    }
}

#[test]
fn init_writes_a_starter_that_passes_without_findings() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["init", "project"]);
    assert!(out.starts_with("exit: 0"), "{out}");
    let project = dir.path().join("project");
    for f in [
        "dpalint.toml",
        "privacy/organisation.yaml",
        "privacy/vendors/example-helpdesk.yaml",
        ".pre-commit-config.yaml",
    ] {
        assert!(project.join(f).is_file(), "{f} not written");
    }
    // Rule pack v2: a DPA encoded like 2021/915 gets no finding; the starter's
    // breach clause ("without undue delay", no hours) is reported only by the
    // opt-in DPA051, which its comments explain.
    let check = run(&project, &["--as-of", "2026-11-21", "--format", "concise"]);
    assert!(check.starts_with("exit: 0"), "{check}");
    let findings: Vec<&str> = check
        .lines()
        .filter(|l| l.contains("[DPA") || l.contains("[DPL"))
        .collect();
    assert!(findings.is_empty(), "{check}");
    let opt_in = run(
        &project,
        &[
            "--as-of",
            "2026-11-21",
            "--format",
            "concise",
            "--severity",
            "DPA051=info",
        ],
    );
    let findings: Vec<&str> = opt_in
        .lines()
        .filter(|l| l.contains("[DPA") || l.contains("[DPL"))
        .collect();
    assert_eq!(findings.len(), 1, "{opt_in}");
    assert!(findings[0].contains("[DPA051]"), "{opt_in}");
    let vendor =
        std::fs::read_to_string(project.join("privacy/vendors/example-helpdesk.yaml")).unwrap();
    assert!(
        vendor.contains("DPA051"),
        "the starter's comments explain the opt-in finding"
    );
}

#[test]
fn init_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("privacy")).unwrap();
    std::fs::write(dir.path().join("privacy/organisation.yaml"), "mine\n").unwrap();
    let out = run(dir.path(), &["init"]);
    assert!(
        out.starts_with("exit: 2") && out.contains("refusing to overwrite"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("privacy/organisation.yaml")).unwrap(),
        "mine\n"
    );
    assert!(
        !dir.path().join("dpalint.toml").exists(),
        "nothing is written when one file exists"
    );
    // An existing pre-commit config is left alone; the snippet is printed instead.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".pre-commit-config.yaml"), "repos: []\n").unwrap();
    let out = run(dir.path(), &["init"]);
    assert!(
        out.starts_with("exit: 0") && out.contains("add this hook"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".pre-commit-config.yaml")).unwrap(),
        "repos: []\n"
    );
}

#[test]
fn also_writes_further_formats_from_the_same_run() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("out.sarif");
    let md = dir.path().join("summary.md");
    let out = dpalint(&fixtures().join("multi-file"))
        .args(args(&[
            "--select", "DPA048", "--format", "concise", "--also",
        ]))
        .arg(format!("sarif={}", sarif.display()))
        .arg("--also")
        .arg(format!("markdown={}", md.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("error[DPA048]"));
    let sarif: serde_json::Value = serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 2);
    assert!(std::fs::read_to_string(&md).unwrap().contains("DPA048"));
    assert_eq!(
        exit_code(&fixtures().join("clean"), &["--also", "yaml=x"]),
        2,
        "unknown format"
    );
}

#[test]
fn skip_unmarked_ignores_named_files_that_are_not_dpalint_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dpalint.toml"),
        "as_of = \"2026-11-21\"\nexclude = [\"drafts/**\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("deploy.yaml"),
        "apiVersion: v1\nkind: Pod\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("drafts")).unwrap();
    std::fs::write(
        dir.path().join("drafts/x.yaml"),
        "dpalint: 1\nvendors:\n  - id: x\n    name: X\n    role: sub_processor\n",
    )
    .unwrap();
    let out = run(
        dir.path(),
        &[
            "--format",
            "concise",
            "--skip-unmarked",
            "deploy.yaml",
            "drafts/x.yaml",
        ],
    );
    assert!(
        out.starts_with("exit: 0") && !out.contains("DPL006") && !out.contains("x.yaml"),
        "{out}"
    );
    let out = run(dir.path(), &["--format", "concise", "deploy.yaml"]);
    assert!(
        out.contains("DPL006"),
        "without the flag a named unmarked file is reported: {out}"
    );
}

/// Inputs the fuzzers crashed on: each must run to a normal exit in every format.
#[test]
fn fuzz_regressions_render_in_every_format() {
    let dir = fixtures().join("fuzz-regressions");
    for format in [
        "human", "concise", "json", "sarif", "github", "junit", "gitlab", "markdown",
    ] {
        let out = dpalint(&dir)
            .args(["--as-of", "2026-11-21", "--format", format])
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{format}: {out:?}"
        );
    }
}
