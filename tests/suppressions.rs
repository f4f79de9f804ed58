//! Inline suppressions and baselines, end to end.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a broken fixture"
)]

mod common;
use common::run;

use std::path::Path;

const RULES: &[&str] = &["--select", "DPA015,DPA017,DPA020,DPA022"];

fn with(extra: &[&'static str]) -> Vec<&'static str> {
    let mut v = RULES.to_vec();
    v.extend_from_slice(extra);
    v
}

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/suppressions")
}

#[test]
fn suppressions_with_reason_missing_reason_expired_unused() {
    let out = run(&fixture(), &with(&[]));
    insta::assert_snapshot!("suppressions_human", out);
    let concise = run(&fixture(), &with(&["--format", "concise"]));
    // with a reason: suppressed (not shown)
    assert!(!concise.contains("DPA015"), "{concise}");
    assert!(!concise.contains("DPA022"), "{concise}");
    // unused, naming the rule
    assert!(
        concise.contains("warning[DPL031] suppression of DPA017 does not match"),
        "{concise}"
    );
    // unknown rule in the list
    assert!(
        concise.contains("error[DPL030] unknown rule `DPA21`"),
        "{concise}"
    );
    // expired: the finding is back and the suppression says so
    assert!(
        concise.contains("warning[DPL032] suppression of DPA020 expired on 2026-01-01"),
        "{concise}"
    );
    assert!(
        concise.contains("warning[DPA020] sub-processor 'aws'"),
        "{concise}"
    );
    // missing reason: reported and not applied
    assert!(
        concise.contains("error[DPL030] suppression without a reason"),
        "{concise}"
    );
    assert!(
        concise.contains("warning[DPA020] sub-processor 'google'"),
        "{concise}"
    );
    // counted in the summary
    assert!(
        concise.contains("2 suppressed") || out.contains("2 suppressed"),
        "{out}"
    );
    let json = run(&fixture(), &with(&["--format", "json"]));
    assert!(json.contains("\"suppressed\": 2"), "{json}");
}

#[test]
fn a_suppression_before_its_expiry_date_applies() {
    // The same inventory evaluated on 2025-12-31: the DPA020 suppression for aws still applies.
    let out = run(
        &fixture(),
        &with(&["--format", "concise", "--as-of", "2025-12-31"]),
    );
    assert!(
        !out.contains("sub-processor 'aws'") && !out.contains("DPL032"),
        "{out}"
    );
}

#[test]
fn unused_suppressions_of_rules_that_did_not_run_are_not_reported() {
    let out = run(&fixture(), &["--select", "DPA015", "--format", "concise"]);
    assert!(!out.contains("DPL031"), "{out}");
}

mod baseline {
    use super::*;

    const INVENTORY: &str = "dpalint: 1\nvendors:\n  - id: teamleader\n    name: Teamleader NV\n    role: processor\n    country: BE\n    data_locations: [IE]\n    dpa:\n      form: written\n      subprocessing:\n        authorisation: general\n        objection: { right: true, window_days: 10, effect: terminate }\n";

    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("dpalint.toml"), "as_of = \"2026-11-21\"\n").unwrap();
        std::fs::write(dir.path().join("vendors.yaml"), INVENTORY).unwrap();
        dir
    }

    #[test]
    fn write_then_check_reports_nothing_new() {
        let dir = project();
        let out = run(dir.path(), &["--write-baseline", "baseline.json"]);
        assert!(out.starts_with("exit: 0"), "{out}");
        assert!(out.contains("wrote a baseline of"), "{out}");
        let text = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
        assert!(text.contains("\"rule\": \"DPA015\""), "{text}");
        let out = run(
            dir.path(),
            &["--baseline", "baseline.json", "--fail-on", "info"],
        );
        assert!(out.starts_with("exit: 0"), "{out}");
        assert!(
            out.contains("no findings") && out.contains("suppressed"),
            "{out}"
        );
    }

    #[test]
    fn reformatting_keeps_fingerprints() {
        let dir = project();
        run(dir.path(), &["--write-baseline", "baseline.json"]);
        // Block style instead of flow style, comments added, lines moved.
        let reformatted = INVENTORY
            .replace("dpalint: 1\n", "# Vendors of Acme\ndpalint: 1\n\n")
            .replace(
                "        objection: { right: true, window_days: 10, effect: terminate }\n",
                "        objection:\n          right: true\n          window_days: 10   # per 6.3\n          effect: terminate\n",
            );
        std::fs::write(dir.path().join("vendors.yaml"), reformatted).unwrap();
        let out = run(
            dir.path(),
            &[
                "--baseline",
                "baseline.json",
                "--format",
                "concise",
                "--fail-on",
                "info",
            ],
        );
        assert!(out.starts_with("exit: 0"), "{out}");
        assert!(!out.contains("DPA"), "{out}");
    }

    #[test]
    fn a_new_violation_is_reported_and_a_fixed_one_counted() {
        let dir = project();
        run(dir.path(), &["--write-baseline", "baseline.json"]);
        // Fix the objection window (DPA015 gone), add reuse of your data (new DPA009).
        let changed = INVENTORY
            .replace("window_days: 10", "window_days: 30")
            .replace(
                "      form: written\n",
                "      form: written\n      own_purpose_use: [product analytics]\n",
            );
        std::fs::write(dir.path().join("vendors.yaml"), changed).unwrap();
        let out = run(
            dir.path(),
            &["--baseline", "baseline.json", "--format", "concise"],
        );
        assert!(out.contains("warning[DPA009]"), "{out}");
        assert!(!out.contains("DPA015"), "{out}");
        assert!(out.contains("1 baseline entry no longer matches"), "{out}");
        insta::assert_snapshot!("baseline_new_and_fixed", out);
    }

    #[test]
    fn a_missing_or_invalid_baseline_is_exit_2() {
        let dir = project();
        assert!(run(dir.path(), &["--baseline", "nope.json"]).starts_with("exit: 2"));
        std::fs::write(
            dir.path().join("bad.json"),
            "{\"version\": 7, \"findings\": []}",
        )
        .unwrap();
        let out = run(dir.path(), &["--baseline", "bad.json"]);
        assert!(
            out.starts_with("exit: 2") && out.contains("not supported"),
            "{out}"
        );
    }
}
