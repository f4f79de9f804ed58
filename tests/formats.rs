//! End-to-end tests of the CI output formats (`--format sarif|github|junit|gitlab|markdown`)
//! and `--statistics`, on tests/fixtures/formats: a multi-file project with
//! errors, warnings, an info, and findings whose secondary labels sit in another
//! file. Beyond the snapshots, each format is checked by a real consumer: SARIF
//! against the official 2.1.0 schema, JUnit with an XML parser, GitLab for its
//! exact field set and unique fingerprints. docs/output-formats.md documents them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a broken fixture"
)]

mod common;
use common::{dpalint, fixtures, run, stdout};

use quick_xml::events::Event;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

fn project() -> PathBuf {
    fixtures().join("formats")
}

fn format(dir: &Path, name: &str) -> String {
    stdout(dir, &["--format", name])
}

/// A temporary project with a pinned date and the given files.
fn temp_project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dpalint.toml"), "as_of = \"2026-11-21\"\n").unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// A value from user input that every format has to escape: `|` (Markdown
/// tables), `<`, `&`, `"`, `]]>` (XML), `%`, `,`, `:` (workflow commands), a
/// control character (invalid in XML 1.0) and a newline-free YAML escape.
const HOSTILE_VALUE: &str = r#""a|b<c>%25,d:e&f\"g]]>h\u0001i [x](1)""#;

fn hostile_project() -> tempfile::TempDir {
    let yaml = format!(
        "dpalint: 1\nvendors:\n  - id: relay\n    name: Relay S.L.\n    role: sub_processor\n    parent: {HOSTILE_VALUE}\n    country: ES\n    data_locations: [ES]\n    purpose: e-mail\n"
    );
    // A file name with a space, a comma and a percent sign (all legal on Windows too).
    temp_project(&[("relay 50%,v.yaml", &yaml)])
}

// ---------------------------------------------------------------- SARIF

const SARIF_SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/schemas/sarif-schema-2.1.0.json"
);

/// The official SARIF 2.1.0 schema, compiled for the draft its `$schema` names.
fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(SARIF_SCHEMA).unwrap_or_else(|e| {
        panic!(
            "the official SARIF 2.1.0 schema is missing: cannot read {SARIF_SCHEMA}: {e}\n\
             (it is vendored in the repository: tests/schemas/README.md)"
        )
    });
    let schema: Value = serde_json::from_str(&text).expect("the SARIF schema is JSON");
    let meta = schema["$schema"].as_str().unwrap_or_default();
    let draft = if meta.contains("draft-04") {
        jsonschema::Draft::Draft4
    } else if meta.contains("draft-06") {
        jsonschema::Draft::Draft6
    } else if meta.contains("draft-07") {
        jsonschema::Draft::Draft7
    } else if meta.contains("2019-09") {
        jsonschema::Draft::Draft201909
    } else if meta.contains("2020-12") {
        jsonschema::Draft::Draft202012
    } else {
        panic!("unexpected $schema {meta:?} in {SARIF_SCHEMA}")
    };
    jsonschema::options()
        .with_draft(draft)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid_sarif(sarif: &Value, what: &str) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(sarif)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF of {what} violates the 2.1.0 schema:\n{}",
        errors.join("\n")
    );
}

fn sarif(dir: &Path) -> Value {
    serde_json::from_str(&format(dir, "sarif")).expect("SARIF output is JSON")
}

/// The SARIF log with `tool.driver.rules` abridged to the rules the results
/// reference (id, name, level, tags, helpUri), so a change to some rule's prose
/// does not churn this snapshot; `sarif_lists_every_rule` checks the full list.
fn abridged(mut log: Value) -> Value {
    let run = &mut log["runs"][0];
    let rules = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .clone();
    let used: BTreeSet<usize> = run["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["ruleIndex"].as_u64())
        .map(|i| i as usize)
        .collect();
    let referenced: Vec<Value> = used
        .into_iter()
        .map(|i| {
            let r = &rules[i];
            json!({
                "ruleIndex": i,
                "id": r["id"],
                "name": r["name"],
                "shortDescription": r["shortDescription"],
                "defaultConfiguration": r["defaultConfiguration"],
                "helpUri": r["helpUri"],
                "properties": r["properties"],
            })
        })
        .collect();
    run["tool"]["driver"]["rules"] = json!({ "(abridged) referenced by results": referenced });
    log
}

#[test]
fn sarif_snapshot() {
    let log = sarif(&project());
    insta::assert_snapshot!(
        "sarif",
        serde_json::to_string_pretty(&abridged(log)).unwrap()
    );
}

#[test]
fn sarif_validates_against_the_official_schema() {
    assert_valid_sarif(&sarif(&project()), "tests/fixtures/formats");
    assert_valid_sarif(&sarif(&fixtures().join("clean")), "tests/fixtures/clean");
    assert_valid_sarif(
        &sarif(&fixtures().join("schema-errors")),
        "tests/fixtures/schema-errors",
    );
    let hostile = hostile_project();
    assert_valid_sarif(&sarif(hostile.path()), "a hostile value and file name");
}

#[test]
fn sarif_lists_every_rule_and_input_check() {
    let log = sarif(&project());
    let driver = &log["runs"][0]["tool"]["driver"];
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let listed = stdout(&project(), &["rules", "--format", "json"]);
    let listed: Value = serde_json::from_str(&listed).unwrap();
    for rule in listed.as_array().unwrap() {
        let id = rule["id"].as_str().unwrap();
        assert!(ids.contains(&id), "{id} missing from tool.driver.rules");
    }
    assert!(ids.contains(&"DPL001"), "input checks are listed too");
    let unique: HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "rule ids are unique");
    for r in rules {
        let id = r["id"].as_str().unwrap();
        for key in [
            "name",
            "shortDescription",
            "fullDescription",
            "help",
            "helpUri",
        ] {
            assert!(r.get(key).is_some(), "{id} lacks {key}");
        }
        assert!(
            r["help"]["markdown"].is_string(),
            "{id} lacks help.markdown"
        );
        let uri = r["helpUri"].as_str().unwrap();
        assert!(
            uri.starts_with("https://github.com/dpalint/dpalint/blob/main/rules/"),
            "{uri}"
        );
        if id.starts_with("DPA") {
            assert!(uri.ends_with("/README.md") && uri.contains(id), "{uri}");
            assert!(
                r["help"]["markdown"]
                    .as_str()
                    .unwrap()
                    .contains("Legal basis: "),
                "{id} help cites no legal basis"
            );
            let tags = r["properties"]["tags"].as_array().unwrap();
            assert!(!tags.is_empty(), "{id} has no tags");
        }
        // The opt-in rules of pack v2 are off unless enabled; the others
        // leave `enabled` to its SARIF default (true).
        let enabled = &r["defaultConfiguration"]["enabled"];
        if matches!(id, "DPA051" | "DPA055") {
            assert_eq!(enabled, &Value::Bool(false), "{id} is opt-in");
        } else {
            assert!(enabled.is_null(), "{id} is on by default");
        }
    }
    // Every result's ruleIndex points at its rule.
    for result in log["runs"][0]["results"].as_array().unwrap() {
        let i = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], result["ruleId"]);
    }
}

#[test]
fn sarif_never_contains_absolute_paths() {
    let text = format(&project(), "sarif");
    let root = project().canonicalize().unwrap();
    assert!(
        !text.contains(&*root.to_string_lossy()),
        "absolute root path in SARIF"
    );
    assert!(!text.contains("file://"), "file URI in SARIF");
    let log: Value = serde_json::from_str(&text).unwrap();
    for result in log["runs"][0]["results"].as_array().unwrap() {
        let locations = result["locations"]
            .as_array()
            .unwrap()
            .iter()
            .chain(result["relatedLocations"].as_array().into_iter().flatten());
        for loc in locations {
            let artifact = &loc["physicalLocation"]["artifactLocation"];
            assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
            let uri = artifact["uri"].as_str().unwrap();
            assert!(uri.starts_with("privacy/"), "{uri}");
        }
    }
}

#[test]
fn sarif_is_deterministic() {
    assert_eq!(format(&project(), "sarif"), format(&project(), "sarif"));
}

#[test]
fn sarif_escapes_file_names_into_uris() {
    let hostile = hostile_project();
    let log = sarif(hostile.path());
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "relay%2050%25%2Cv.yaml");
}

// ---------------------------------------------------------------- GitHub

#[test]
fn github_snapshot() {
    insta::assert_snapshot!("github", run(&project(), &["--format", "github"]));
}

#[test]
fn github_escapes_properties_and_data() {
    let hostile = hostile_project();
    let out = format(hostile.path(), "github");
    assert_eq!(out.lines().count(), 1, "{out}");
    let line = out.lines().next().unwrap();
    assert!(
        line.starts_with("::error file=relay 50%25%2Cv.yaml,line=6,col=13,"),
        "{line}"
    );
    // The value's own `%25` is escaped again; `,` and `:` stay in the data part.
    assert!(line.contains("a|b<c>%2525,d:e&f\"g]]>h"), "{line}");
    // No raw line break can end the command early.
    assert!(!line.contains('\r'));
}

// ---------------------------------------------------------------- JUnit

#[derive(Debug, Default)]
struct JunitSuite {
    attrs: BTreeMap<String, String>,
    cases: Vec<JunitCase>,
}

#[derive(Debug, Default)]
struct JunitCase {
    attrs: BTreeMap<String, String>,
    failures: Vec<(BTreeMap<String, String>, String)>,
}

fn xml_attrs(e: &quick_xml::events::BytesStart<'_>) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for a in e.attributes() {
        let a = a.expect("well-formed attribute (no duplicates, quoted)");
        let key = a.key.as_ref().to_string();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .expect("attribute value with known entities only")
            .into_owned();
        assert_xml_chars(&value);
        assert!(map.insert(key.clone(), value).is_none(), "duplicate {key}");
    }
    map
}

fn assert_xml_chars(s: &str) {
    for c in s.chars() {
        let ok = matches!(c, '\t' | '\n' | '\r')
            || ('\u{20}'..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}';
        assert!(ok, "character U+{:04X} is not allowed in XML 1.0", c as u32);
    }
}

/// Parse the JUnit report with quick-xml, checking well-formedness on the way:
/// one root, matching end tags, known entities, legal characters.
fn parse_junit(xml: &str) -> (BTreeMap<String, String>, Vec<JunitSuite>) {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut root_attrs = BTreeMap::new();
    let mut suites: Vec<JunitSuite> = Vec::new();
    let mut text = String::new();
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("malformed XML at {}: {e}", reader.error_position()));
        let (e, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                let name = e.name().as_ref().to_string();
                assert_eq!(stack.pop().as_deref(), Some(name.as_str()));
                if name == "failure" {
                    let case = suites.last_mut().unwrap().cases.last_mut().unwrap();
                    case.failures.last_mut().unwrap().1 = std::mem::take(&mut text);
                }
                continue;
            }
            Event::Text(t) => {
                let s = t.xml_content(quick_xml::XmlVersion::Implicit1_0);
                assert_xml_chars(&s);
                if stack.last().map(String::as_str) == Some("failure") {
                    text.push_str(&s);
                } else {
                    assert!(s.trim().is_empty(), "stray text {s:?}");
                }
                continue;
            }
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .expect("valid character reference")
                        .expect("a character")
                        .to_string()
                } else {
                    let name = r.as_ref().to_string();
                    quick_xml::escape::resolve_predefined_entity(&name)
                        .unwrap_or_else(|| panic!("undefined entity &{name};"))
                        .to_string()
                };
                assert_xml_chars(&resolved);
                assert_eq!(
                    stack.last().map(String::as_str),
                    Some("failure"),
                    "reference outside <failure>"
                );
                text.push_str(&resolved);
                continue;
            }
            Event::Decl(_) => {
                assert!(stack.is_empty() && roots == 0, "misplaced declaration");
                continue;
            }
            Event::Eof => break,
            other => panic!("unexpected XML event {other:?}"),
        };
        let name = e.name().as_ref().to_string();
        let attrs = xml_attrs(&e);
        match (stack.last().map(String::as_str), name.as_str()) {
            (None, "testsuites") => {
                roots += 1;
                root_attrs = attrs;
            }
            (Some("testsuites"), "testsuite") => suites.push(JunitSuite {
                attrs,
                cases: Vec::new(),
            }),
            (Some("testsuite"), "testcase") => suites.last_mut().unwrap().cases.push(JunitCase {
                attrs,
                failures: Vec::new(),
            }),
            (Some("testcase"), "failure") => {
                let case = suites.last_mut().unwrap().cases.last_mut().unwrap();
                case.failures.push((attrs, String::new()));
                text.clear();
            }
            (parent, child) => panic!("unexpected <{child}> in {parent:?}"),
        }
        if !empty {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed elements {stack:?}");
    assert_eq!(roots, 1, "exactly one root element");
    (root_attrs, suites)
}

fn count(attrs: &BTreeMap<String, String>, key: &str) -> usize {
    attrs[key]
        .parse()
        .unwrap_or_else(|_| panic!("{key}={:?}", attrs[key]))
}

/// Attributes agree with the elements: tests, failures, errors and skipped
/// per suite and in total.
fn assert_junit_counts(root: &BTreeMap<String, String>, suites: &[JunitSuite]) {
    let mut tests = 0;
    let mut failures = 0;
    for s in suites {
        let failing = s.cases.iter().filter(|c| !c.failures.is_empty()).count();
        assert_eq!(count(&s.attrs, "tests"), s.cases.len(), "{:?}", s.attrs);
        assert_eq!(count(&s.attrs, "failures"), failing, "{:?}", s.attrs);
        assert_eq!(count(&s.attrs, "errors"), 0);
        assert_eq!(count(&s.attrs, "skipped"), 0);
        for c in &s.cases {
            assert!(c.failures.len() <= 1, "one <failure> per test case");
            assert_eq!(
                c.attrs["file"], s.attrs["name"],
                "file of a test case is its suite's"
            );
        }
        tests += s.cases.len();
        failures += failing;
    }
    assert_eq!(count(root, "tests"), tests);
    assert_eq!(count(root, "failures"), failures);
    assert_eq!(count(root, "errors"), 0);
}

#[test]
fn junit_snapshot() {
    insta::assert_snapshot!("junit", run(&project(), &["--format", "junit"]));
}

#[test]
fn junit_is_well_formed_with_consistent_counts() {
    let (root, suites) = parse_junit(&format(&project(), "junit"));
    assert_junit_counts(&root, &suites);
    // One suite per file, one failing case per (rule, file), a passing case for a clean file.
    let names: Vec<&str> = suites.iter().map(|s| s.attrs["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "privacy/organisation.yaml",
            "privacy/vendors/cloudnest.yaml",
            "privacy/vendors/helpline.yaml",
            "privacy/vendors/subprocessors.yaml"
        ]
    );
    let clean = &suites[0].cases;
    assert_eq!(clean.len(), 1);
    assert!(clean[0].failures.is_empty());
    assert_eq!(clean[0].attrs["classname"], "privacy.organisation");
    let sub = &suites[3];
    let dangling = sub
        .cases
        .iter()
        .find(|c| c.attrs["name"] == "DPA048 dangling-reference")
        .expect("DPA048 test case");
    let (attrs, body) = &dangling.failures[0];
    assert_eq!(attrs["type"], "error");
    assert_eq!(
        body.lines().filter(|l| !l.starts_with(' ')).count(),
        2,
        "{body}"
    );
    // 7 findings, one suppressed in source: 6 findings in 5 (rule, file) pairs.
    assert_eq!(root["failures"], "5", "6 findings in 5 (rule, file) pairs");
}

#[test]
fn junit_escapes_hostile_values() {
    let hostile = hostile_project();
    let xml = format(hostile.path(), "junit");
    let (root, suites) = parse_junit(&xml);
    assert_junit_counts(&root, &suites);
    let (attrs, body) = &suites[0].cases[0].failures[0];
    // The control character is replaced, everything else survives the round trip.
    assert!(
        attrs["message"].contains("a|b<c>%25,d:e&f\"g]]>h\u{FFFD}i"),
        "{attrs:?}"
    );
    assert!(body.contains("a|b<c>%25,d:e&f\"g]]>h\u{FFFD}i"), "{body}");
    assert_eq!(suites[0].attrs["name"], "relay 50%,v.yaml");
}

#[test]
fn junit_of_a_clean_project_passes() {
    let (root, suites) = parse_junit(&format(&fixtures().join("clean"), "junit"));
    assert_junit_counts(&root, &suites);
    assert_eq!(root["failures"], "0");
    assert!(count(&root, "tests") >= 1);
}

// ---------------------------------------------------------------- GitLab

#[test]
fn gitlab_snapshot() {
    insta::assert_snapshot!("gitlab", run(&project(), &["--format", "gitlab"]));
}

fn assert_gitlab_shape(report: &Value) {
    let issues = report.as_array().expect("a JSON array");
    let mut fingerprints = HashSet::new();
    for issue in issues {
        let keys: BTreeSet<&str> = issue
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            BTreeSet::from([
                "check_name",
                "description",
                "fingerprint",
                "location",
                "severity"
            ]),
            "{issue}"
        );
        let location = issue["location"].as_object().unwrap();
        assert_eq!(
            location.keys().collect::<Vec<_>>(),
            ["path", "lines"],
            "{issue}"
        );
        let lines = issue["location"]["lines"].as_object().unwrap();
        assert_eq!(lines.keys().collect::<Vec<_>>(), ["begin"], "{issue}");
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(issue["description"].as_str().is_some_and(|d| !d.is_empty()));
        assert!(issue["check_name"].as_str().is_some_and(|d| !d.is_empty()));
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap()),
            "{issue}"
        );
        let fp = issue["fingerprint"].as_str().unwrap();
        assert!(
            fingerprints.insert(fp.to_owned()),
            "duplicate fingerprint {fp}"
        );
    }
}

#[test]
fn gitlab_has_exactly_the_documented_fields_and_unique_fingerprints() {
    let report: Value = serde_json::from_str(&format(&project(), "gitlab")).unwrap();
    assert_gitlab_shape(&report);
    assert_eq!(
        report.as_array().unwrap().len(),
        6,
        "the suppressed finding is left out"
    );
    let severities: BTreeSet<&str> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities, BTreeSet::from(["critical", "info", "minor"]));
    let clean: Value = serde_json::from_str(&format(&fixtures().join("clean"), "gitlab")).unwrap();
    assert_eq!(clean, json!([]));
}

// ---------------------------------------------------------------- Markdown

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!("markdown", run(&project(), &["--format", "markdown"]));
}

#[test]
fn markdown_of_a_clean_project() {
    insta::assert_snapshot!(
        "markdown_clean",
        run(
            &fixtures().join("clean"),
            &["--as-of", "2026-11-21", "--format", "markdown"]
        )
    );
}

#[test]
fn markdown_escapes_table_cells() {
    let hostile = hostile_project();
    let md = format(hostile.path(), "markdown");
    let row = md
        .lines()
        .find(|l| l.contains("DPL010"))
        .expect("a row for the finding");
    // Exactly the five cell borders of a four-column row remain unescaped.
    let bare_pipes = row
        .char_indices()
        .filter(|&(i, c)| c == '|' && (i == 0 || row.as_bytes()[i - 1] != b'\\'))
        .count();
    assert_eq!(bare_pipes, 5, "{row}");
    assert!(row.contains("a\\|b\\<c\\>"), "{row}");
    assert!(!row.contains("<c>"), "{row}");
}

#[test]
fn markdown_caps_the_findings_table() {
    let mut yaml = String::from("dpalint: 1\nvendors:\n");
    for i in 0..120 {
        yaml.push_str(&format!(
            "  - id: sub-{i}\n    name: Sub {i}\n    role: sub_processor\n    parent: nowhere\n    country: DE\n    data_locations: [DE]\n    purpose: hosting\n"
        ));
    }
    let dir = temp_project(&[("subs.yaml", &yaml)]);
    let md = stdout(dir.path(), &["--format", "markdown", "--select", "DPA048"]);
    let rows = md.lines().filter(|l| l.starts_with("| subs.yaml:")).count();
    assert_eq!(rows, 100, "{md}");
    assert!(
        md.contains("Showing the first 100 of 120 findings."),
        "{md}"
    );
    assert!(md.contains("| 120 |"), "per-rule count: {md}");
}

// ---------------------------------------------------------------- --statistics

#[test]
fn statistics_go_to_stderr_after_the_output() {
    insta::assert_snapshot!(
        "statistics",
        run(&project(), &["--format", "concise", "--statistics"])
    );
    // stdout stays the chosen format: valid SARIF with --statistics.
    let out = dpalint(&project())
        .args(["--format", "sarif", "--statistics"])
        .output()
        .unwrap();
    let _: Value = serde_json::from_slice(&out.stdout).expect("stdout is only the SARIF log");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("2  DPA048  dangling-reference\n"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------- all formats

#[test]
fn every_format_keeps_stdout_clean_and_exit_codes() {
    for f in ["sarif", "github", "junit", "gitlab", "markdown"] {
        let out = dpalint(&project()).args(["--format", f]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{f}: errors fail the run");
        assert!(
            out.stderr.is_empty(),
            "{f}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let clean = dpalint(&fixtures().join("clean"))
            .args(["--as-of", "2026-11-21", "--format", f])
            .output()
            .unwrap();
        assert_eq!(clean.status.code(), Some(0), "{f}");
    }
}

/// Organisation policies are rules in SARIF too: listed after the built-in rules
/// (sorted by id), with their level, and every policy result resolves its ruleIndex.
#[test]
fn sarif_lists_organisation_policies() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/policies");
    let log = sarif(&dir);
    assert_valid_sarif(&log, "examples/policies");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let policy_ids: Vec<&str> = rules
        .iter()
        .filter(|r| {
            r["properties"]["tags"]
                .as_array()
                .is_some_and(|t| t.contains(&json!("policy")))
        })
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        policy_ids,
        ["ACME001", "ACME002", "ACME003", "ACME004", "ACME005"]
    );
    let results = run["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"].as_str().unwrap().starts_with("ACME"))
    );
    for r in results {
        let i = r["ruleIndex"]
            .as_u64()
            .expect("every result has a ruleIndex") as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
}
