//! `dpalint report subprocessors`: the public sub-processor list of
//! examples/saas-processor in every format (snapshots), the JSON against its
//! schema, the Atom feed read back with a real feed parser (feed-rs), nothing
//! internal published, input errors, determinism and writing files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a broken fixture"
)]

mod common;
use common::dpalint;

use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-11-21";
const FORMATS: [&str; 4] = ["html", "markdown", "json", "atom"];

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/saas-processor")
}

/// `dpalint report subprocessors` in `dir`: (stdout, stderr), asserting exit 0.
fn report_with_stderr(dir: &Path, args: &[&str]) -> (Vec<u8>, String) {
    let out = dpalint(dir)
        .args(["report", "subprocessors"])
        .args(args)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    (out.stdout, stderr)
}

fn report(dir: &Path, args: &[&str]) -> Vec<u8> {
    report_with_stderr(dir, args).0
}

fn text(dir: &Path, format: &str) -> String {
    String::from_utf8(report(dir, &["--format", format])).unwrap()
}

fn json(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&report(dir, &["--format", "json"])).unwrap()
}

fn feed(dir: &Path) -> feed_rs::model::Feed {
    let bytes = report(dir, &["--format", "atom"]);
    feed_rs::parser::parse(bytes.as_slice()).unwrap()
}

#[test]
fn saas_processor_every_format() {
    for format in FORMATS {
        insta::assert_snapshot!(
            format!("saas_processor_subprocessors_{format}"),
            text(&example(), format)
        );
    }
}

#[test]
fn default_format_is_html() {
    let out = String::from_utf8(report(&example(), &[])).unwrap();
    assert!(out.starts_with("<!DOCTYPE html>"));
}

#[test]
fn json_matches_the_report_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(dpalint::registers::REPORT_SCHEMA).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    for dir in [example(), secret_project().path().to_path_buf()] {
        let value = json(&dir);
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", dir.display());
        assert_eq!(value["about"]["report"], "subprocessors");
    }
}

/// The list: current and announced sub-processors; the former one (Postrelay)
/// and the internal note of Mailwave are not on it.
#[test]
fn list_holds_the_current_and_announced_sub_processors() {
    let value = json(&example());
    let rows: Vec<(&str, &str)> = value["subprocessors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap(), e["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rows,
        [
            ("deskflow", "active"),
            ("mailwave", "active"),
            ("nordhost", "active"),
            ("pipelane", "planned")
        ]
    );
    let pipelane = &value["subprocessors"][3];
    assert_eq!(pipelane["legal_name"], "Pipelane Inc.");
    assert_eq!(pipelane["country"], "US");
    assert_eq!(pipelane["transfer_mechanism"], "SCC 2021/914, module 3");
    assert_eq!(pipelane["engaged_from"], "2026-12-01");
    assert_eq!(pipelane["announced_on"], "2026-11-21");
}

/// The feed, read back with feed-rs: one entry per change of the JSON, the
/// same ids (stable, unique), dates from the inventory, `updated` the newest.
#[test]
fn atom_feed_parses_with_a_feed_parser() {
    let value = json(&example());
    let f = feed(&example());
    assert_eq!(f.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(
        f.title.as_ref().unwrap().content,
        "Sub-processors of Parcelbeam B.V."
    );
    assert_eq!(f.id, "https://parcelbeam.example/legal/subprocessors");
    assert_eq!(
        f.updated.unwrap().to_rfc3339(),
        "2026-11-21T00:00:00+00:00",
        "the newest announcement, not the clock"
    );
    let changes = value["changes"].as_array().unwrap();
    assert_eq!(f.entries.len(), changes.len());
    let ids: Vec<&str> = f.entries.iter().map(|e| e.id.as_str()).collect();
    let json_ids: Vec<&str> = changes.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, json_ids);
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "ids are unique");
    let kinds: Vec<&str> = f
        .entries
        .iter()
        .map(|e| e.categories[0].term.as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "added", "location", "added", "removed", "added", "added", "added"
        ]
    );
    let first = &f.entries[0];
    assert_eq!(
        first.id,
        "urn:dpalint:subprocessors:parcelbeam-b-v:pipelane:added:2026-11-21"
    );
    assert_eq!(
        first.published.unwrap().to_rfc3339(),
        "2026-11-21T00:00:00+00:00"
    );
    assert_eq!(
        first.title.as_ref().unwrap().content,
        "Pipelane Inc.: new sub-processor"
    );
    assert!(
        first
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .unwrap()
            .contains("transfer mechanism: SCC 2021/914, module 3")
    );
    // Postrelay's removal, announced months before its last day.
    let removal = f
        .entries
        .iter()
        .find(|e| e.id.contains(":postrelay:removed:"))
        .unwrap();
    assert_eq!(
        removal.updated.unwrap().to_rfc3339(),
        "2026-03-02T00:00:00+00:00"
    );
}

/// An earlier evaluation date publishes the list as it was then: Pipelane not
/// yet announced, Postrelay still listed (ending), the feed's newest entry older.
#[test]
fn the_evaluation_date_decides_what_is_announced() {
    let out = dpalint(&example())
        .args([
            "report",
            "subprocessors",
            "--format",
            "json",
            "--as-of",
            "2026-05-01",
        ])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = value["subprocessors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["deskflow", "mailwave", "nordhost", "postrelay"]);
    assert_eq!(value["subprocessors"][3]["status"], "ending");
    assert_eq!(value["changes"][0]["announced_on"], "2026-03-02");
}

/// A project whose internal fields hold secret-looking text: none of it may
/// reach any published format.
fn secret_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("inventory.yaml"),
        r#"dpalint: 1
organisation:
  name: Acme <Cloud> & "Co"
  country: NL
  role: processor
  notes: "INTERNAL-ORG-NOTE"
  commitments:
    subprocessors: { notice_days: 30, list_url: "https://acme.example/subprocessors?a=1&b=2" }
    notes: "INTERNAL-COMMITMENT-NOTE"
activities:
  - id: service
    name: The service
    purposes: [INTERNAL-ACTIVITY-PURPOSE]
    recipients: [vault, hidden]
vendors:
  - id: vault
    name: "Vault <b>Ltd</b> \u0001"
    role: processor
    country: US
    data_locations: [US]
    purpose: "INTERNAL-VENDOR-PURPOSE"
    engaged_from: 2026-01-10
    announced_on: 2025-12-01
    notes: "api_key: sk_live_51HxSECRETSECRETSECRET password=hunter2"
    publish:
      service: "E-mail <script>alert(1)</script>"
      data_categories: [e-mail addresses]
      changes:
        - { kind: location, announced_on: 2026-06-01, summary: "Adds IE & DE" }
    dpa:
      source: "contracts/INTERNAL-CONTRACT-PATH.pdf"
      form: written
      breach: { notify: true, deadline_hours: 96, wording: "INTERNAL-DPA-WORDING" }
    transfer:
      mechanism: scc
      scc: { decision: "2021/914", module: 3 }
      tia: { done: true, measures: [INTERNAL-TIA-MEASURE] }
  - id: hidden
    name: Hidden GmbH
    role: processor
    country: DE
    publish: { listed: false }
"#,
    )
    .unwrap();
    dir
}

#[test]
fn internal_fields_are_never_published() {
    let dir = secret_project();
    for format in FORMATS {
        let out = text(dir.path(), format);
        for secret in [
            "sk_live",
            "hunter2",
            "api_key",
            "INTERNAL-",
            "Hidden GmbH",
            "inventory.yaml",
        ] {
            assert!(!out.contains(secret), "{format} publishes {secret}:\n{out}");
        }
        assert!(out.contains("Vault"), "{format}");
    }
    let html = text(dir.path(), "html");
    assert!(!html.contains("<script"));
    assert!(!html.contains("<b>"));
    assert!(
        !html.contains("<link") && !html.contains("src=\""),
        "self-contained"
    );
    // Hostile names still make a well-formed feed.
    let f = feed(dir.path());
    assert_eq!(f.entries.len(), 2);
    assert_eq!(f.id, "https://acme.example/subprocessors?a=1&b=2");
    assert!(
        f.entries[0]
            .title
            .as_ref()
            .unwrap()
            .content
            .starts_with("Vault <b>Ltd</b>")
    );
}

/// Input errors: the rest is still published, the list says it may be
/// incomplete, and neither the error message nor the file is published.
#[test]
fn inputs_with_errors_still_report_without_publishing_the_errors() {
    let dir = secret_project();
    std::fs::write(
        dir.path().join("broken.yaml"),
        "dpalint: 1\nvendors:\n  - id: broken\n    role: processor\n    engaged_from: not-a-date-SECRET\n",
    )
    .unwrap();
    let (out, stderr) = report_with_stderr(dir.path(), &["--format", "json"]);
    assert!(
        stderr.contains("input error(s); the entities and files they affect are left out"),
        "{stderr}"
    );
    let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(value["about"]["incomplete"], true);
    assert_eq!(value["subprocessors"][0]["id"], "vault");
    for format in FORMATS {
        let out = text(dir.path(), format);
        assert!(
            !out.contains("SECRET") && !out.contains("broken.yaml"),
            "{format}"
        );
    }
    let md = text(dir.path(), "markdown");
    assert!(md.contains("this list may be incomplete"), "{md}");
}

#[test]
fn without_commitments_every_processor_serving_customers_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("inventory.yaml"),
        "dpalint: 1\norganisation: { name: Plain B.V., country: NL, role: controller }\n\
         vendors:\n  - { id: host, name: Host B.V., role: processor, country: NL }\n  \
         - { id: partner, name: Partner B.V., role: controller, country: NL }\n",
    )
    .unwrap();
    let value = json(dir.path());
    assert_eq!(value["subprocessors"].as_array().unwrap().len(), 1);
    assert_eq!(value["promise"]["notice_days"], serde_json::Value::Null);
    let f = feed(dir.path());
    assert!(f.entries.is_empty());
    assert_eq!(f.id, "urn:dpalint:subprocessors:plain-b-v");
}

#[test]
fn same_input_same_bytes_and_o_writes_the_file() {
    for format in FORMATS {
        let a = report(&example(), &["--format", format]);
        let b = report(&example(), &["--format", format]);
        assert_eq!(a, b, "{format}");
    }
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("feed.atom");
    let out = dpalint(&example())
        .args([
            "report",
            "subprocessors",
            "--format",
            "atom",
            "--as-of",
            AS_OF,
            "-o",
        ])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert_eq!(
        std::fs::read(&target).unwrap(),
        report(&example(), &["--format", "atom"])
    );
    let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file left behind");
}

#[test]
fn other_formats_are_a_usage_error() {
    let out = dpalint(&example())
        .args(["report", "subprocessors", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("use one of html, markdown, json, atom"),
        "{stderr}"
    );
}
