//! The common guard G0/G0b of RULES-v2 § 1 and § 7, proven on every contract
//! rule's own failing examples: a rule that reads `v.dpa` evaluates vendor v
//! only if its DPA exists (`form` is not `none`, G0) and records at least one
//! term group (G0b). For each rule below, every `fail*.yaml` of its folder is
//! run twice more:
//!
//! - with `form: none` on every vendor's `dpa` (DPA001's case, I1): no finding
//!   of the rule;
//! - with every term group removed from every vendor's `dpa`, so that only its
//!   form, dates and source remain (DPA065's case): no finding of the rule.
//!
//! The changed fixture is fed as JSON (valid YAML 1.2) after the original
//! header comments, so `# as_of:` and `# threshold:` still apply.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a broken fixture"
)]

use dpalint::check::{self as engine, Selection};
use dpalint::config::Config;
use dpalint::model::{Date, TERM_GROUPS};
use dpalint::project::Input;
use std::path::Path;

/// The rules of G0 owned by the contract, sub-processor, breach, retention,
/// audit and security groups, and DPA031 and DPA033 (their whole condition
/// reads the DPA). DPA024 is not listed: only its part (b), the onward cover
/// of a DPA, is guarded; its part (a), a transfer without any mechanism,
/// holds without a DPA and is proven by its own fixtures.
const GUARDED: &[&str] = &[
    "DPA002", "DPA003", "DPA004", "DPA005", "DPA006", "DPA007", "DPA008", "DPA009", "DPA010",
    "DPA011", "DPA012", "DPA013", "DPA014", "DPA015", "DPA016", "DPA017", "DPA018", "DPA019",
    "DPA021", "DPA022", "DPA034", "DPA035", "DPA036", "DPA037", "DPA038", "DPA039", "DPA040",
    "DPA031", "DPA033", "DPA041", "DPA042", "DPA051", "DPA052", "DPA055", "DPA060",
];

fn header(text: &str) -> (String, Date, Config) {
    let mut as_of = "2026-11-21".to_string();
    let mut config = Config::default();
    let lines: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with('#') || l.trim().is_empty())
        .collect();
    for line in &lines {
        let line = line.trim_start_matches('#').trim();
        if let Some(v) = line.strip_prefix("as_of:") {
            as_of = v.trim().to_string();
        } else if let Some(v) = line.strip_prefix("threshold:") {
            let (k, v) = v.trim().split_once('=').unwrap();
            let value: u64 = v.trim().parse().unwrap();
            let t = &mut config.thresholds;
            match k.trim() {
                "min_objection_days" => t.min_objection_days = Some(value),
                "max_processor_breach_hours" => t.max_processor_breach_hours = Some(value),
                "max_deletion_days" => t.max_deletion_days = Some(value),
                other => panic!("unknown threshold {other}"),
            }
        }
    }
    let comments: String = lines.iter().map(|l| format!("{l}\n")).collect();
    (comments, Date::parse(&as_of).unwrap(), config)
}

/// Apply `change` to the `dpa` mapping of every vendor of the fixture.
fn with_every_dpa(
    doc: &mut serde_json::Value,
    change: &dyn Fn(&mut serde_json::Map<String, serde_json::Value>),
) {
    if let Some(vendors) = doc.get_mut("vendors").and_then(|v| v.as_array_mut()) {
        for v in vendors {
            if let Some(dpa) = v.get_mut("dpa").and_then(|d| d.as_object_mut()) {
                change(dpa);
            }
        }
    }
}

fn findings(rule: &str, name: &str, text: String, as_of: Date, config: &Config) -> Vec<String> {
    let report = engine::check_memory(
        vec![Input::text(name.to_string(), &text)],
        as_of,
        config,
        &Selection::only(rule),
    );
    let input_errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule.starts_with("DPL"))
        .map(|d| format!("{} {}", d.rule, d.message))
        .collect();
    assert!(input_errors.is_empty(), "{name}: {input_errors:?}\n{text}");
    report
        .diagnostics
        .iter()
        .filter(|d| d.rule == rule)
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn contract_rules_are_silent_without_dpa_terms() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut failures = Vec::new();
    let mut checked = 0;
    for id in GUARDED {
        let rule = dpalint::rules::find(id).unwrap_or_else(|| panic!("{id} is not a rule"));
        let dir = root.join(rule.meta().dir);
        let mut fails: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let n = p.file_name().unwrap().to_string_lossy();
                n.starts_with("fail") && n.ends_with(".yaml")
            })
            .collect();
        fails.sort();
        assert!(!fails.is_empty(), "{id} has no fail*.yaml");
        for path in fails {
            let text = std::fs::read_to_string(&path).unwrap();
            let (comments, as_of, config) = header(&text);
            let doc: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().to_string();

            let mut no_form = doc.clone();
            with_every_dpa(&mut no_form, &|dpa| {
                dpa.insert("form".into(), "none".into());
            });
            let mut no_terms = doc.clone();
            with_every_dpa(&mut no_terms, &|dpa| {
                for group in TERM_GROUPS {
                    dpa.remove(group);
                }
                dpa.insert("form".into(), "written".into());
            });
            for (variant, changed) in [("form: none", no_form), ("no terms", no_terms)] {
                let json = format!("{comments}{}", serde_json::to_string(&changed).unwrap());
                let got = findings(id, &name, json, as_of, &config);
                if !got.is_empty() {
                    failures.push(format!("{id} {name} ({variant}): {got:?}"));
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
