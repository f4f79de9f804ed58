//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
//!
//! One run. `tool.driver.rules` lists every built-in rule (from `rules::ALL`)
//! and every input check (from `diagnostic::INPUT_CHECKS`), so a result's
//! `ruleIndex` always resolves. Suppressed findings are kept, with a
//! `suppressions` entry, so code scanning can show them as dismissed.
//! Paths are relative to the project root under the base id `%SRCROOT%`; no
//! absolute path of the machine is ever written. The output is deterministic.
//! docs/output-formats.md documents the mapping.

use super::common::{self, label_message, locate};
use crate::check::Report;
use crate::diagnostic::{Diagnostic, INPUT_CHECKS, Label, Severity, SuppressionKind};
use crate::rules::{self, RuleMeta};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};

/// The rule pages: `RULES_BASE_URI` + `rules/<ID>-<name>/` + `README.md`.
pub const RULES_BASE_URI: &str = "https://github.com/dpalint/dpalint/blob/main/rules/";
/// `tool.driver.informationUri`.
pub const INFORMATION_URI: &str = "https://github.com/dpalint/dpalint";
/// `$schema` of the log: the OASIS schema of SARIF 2.1.0 (errata 01).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The uriBaseId of every artifact location: the project root.
pub const SRCROOT: &str = "%SRCROOT%";
/// Key of `partialFingerprints`; bump the version if the fingerprint recipe changes.
pub const FINGERPRINT_KEY: &str = "dpalint/v1";

/// The rule page of a built-in rule, or the input-check table for `DPL` codes.
pub fn rule_page(id: &str) -> Option<String> {
    if let Some(rule) = rules::find(id) {
        return Some(format!("{RULES_BASE_URI}{}/README.md", rule.meta().dir));
    }
    INPUT_CHECKS
        .iter()
        .any(|c| c.id == id)
        .then(|| format!("{RULES_BASE_URI}README.md#input-checks"))
}

/// SARIF `level` of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `gdpr`, `gdpr:art-N` for every GDPR article cited, then the category.
/// "GDPR Art. 28(2)" -> `gdpr:art-28`; "GDPR Art. 44-46" and "GDPR Arts. 32–36"
/// name every article of the range.
pub fn tags(meta: &RuleMeta) -> Vec<String> {
    let mut articles = BTreeSet::new();
    for basis in meta.legal_basis {
        let rest = basis
            .strip_prefix("GDPR Arts. ")
            .or_else(|| basis.strip_prefix("GDPR Art. "));
        let Some(rest) = rest else { continue };
        let digits = |s: &str| -> (Option<u32>, usize) {
            let n = s.bytes().take_while(u8::is_ascii_digit).count();
            (s[..n].parse().ok(), n)
        };
        let (Some(first), n) = digits(rest) else {
            continue;
        };
        let mut last = first;
        let tail = &rest[n..];
        if let Some(after) = tail.strip_prefix('-').or_else(|| tail.strip_prefix('–'))
            && let (Some(end), _) = digits(after)
            && end > first
            && end - first <= 20
        {
            last = end;
        }
        articles.extend(first..=last);
    }
    let mut tags = Vec::new();
    if !articles.is_empty() {
        tags.push("gdpr".to_string());
    }
    tags.extend(articles.iter().map(|a| format!("gdpr:art-{a}")));
    tags.push(meta.category.as_str().to_string());
    tags
}

/// Markdown prose as plain text: headings, emphasis and code marks removed.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for line in markdown.trim().lines() {
        // `## Heading` -> `Heading`; other lines keep their `#`.
        let heading = line
            .trim_start_matches('#')
            .strip_prefix(' ')
            .filter(|_| line.starts_with('#'));
        let line = heading.unwrap_or(line);
        out.push_str(&line.replace("**", "").replace('`', ""));
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// One `## ` section of the prose, heading included (all of it if absent).
fn section<'a>(prose: &'a str, heading: &str) -> &'a str {
    let Some(start) = prose.find(heading) else {
        return prose;
    };
    let rest = &prose[start..];
    let end = rest[heading.len()..]
        .find("\n## ")
        .map_or(rest.len(), |i| i + heading.len());
    rest[..end].trim()
}

fn rule_descriptor(meta: &RuleMeta) -> Value {
    let page = format!("{RULES_BASE_URI}{}/README.md", meta.dir);
    let basis = meta.legal_basis.join("; ");
    let prose = meta.docs.trim();
    json!({
        "id": meta.id,
        "name": meta.name,
        "shortDescription": { "text": meta.summary },
        "fullDescription": { "text": plain_text(prose) },
        "help": {
            "text": format!(
                "{}.\n\nLegal basis: {basis}\n\n{}\n\nRule page with examples: {page}",
                meta.summary,
                plain_text(section(prose, "## How to fix"))
            ),
            "markdown": format!(
                "**{}**\n\nLegal basis: {basis}\n\n{prose}\n\n[Rule page with examples]({page})",
                meta.summary
            ),
        },
        "helpUri": page,
        "defaultConfiguration": default_configuration(meta),
        "properties": { "tags": tags(meta) },
    })
}

/// An opt-in rule (RULES-v2 § 0: DPA051, DPA055) is off unless enabled, which
/// SARIF says with `enabled: false`; its level is the one it has when on.
fn default_configuration(meta: &RuleMeta) -> Value {
    if meta.opt_in {
        json!({ "enabled": false, "level": level(meta.severity) })
    } else {
        json!({ "level": level(meta.severity) })
    }
}

fn input_check_descriptor(check: &crate::diagnostic::InputCheck) -> Value {
    let page = format!("{RULES_BASE_URI}README.md#input-checks");
    let about = "Input checks report problems with the inventory files themselves \
                 (YAML syntax, schema, structure, suppression comments), under their \
                 own stable DPL codes.";
    json!({
        "id": check.id,
        "name": check.name,
        "shortDescription": { "text": check.summary },
        "fullDescription": { "text": format!("{}. {about}", check.summary) },
        "help": {
            "text": format!("{}.\n\n{about}\n\nTable of input checks: {page}", check.summary),
            "markdown": format!("**{}**\n\n{about}\n\n[Table of input checks]({page})", check.summary),
        },
        "helpUri": page,
        "defaultConfiguration": { "level": level(check.code.severity()) },
        "properties": { "tags": ["input-check"] },
    })
}

/// Percent-encode a relative path for a URI reference: everything except
/// unreserved characters and `/` (so `a b.yaml` -> `a%20b.yaml`, and a `:` in
/// a file name cannot be read as a scheme).
pub fn uri_path(path: &str) -> String {
    let mut s = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

fn physical_location(report: &Report, label: &Label) -> Value {
    let at = locate(report, label);
    json!({
        "artifactLocation": { "uri": uri_path(at.path), "uriBaseId": SRCROOT },
        "region": {
            "startLine": at.range.start.line,
            "startColumn": at.range.start.column,
            "endLine": at.range.end.line,
            "endColumn": at.range.end.column,
        },
    })
}

fn result(report: &Report, d: &Diagnostic, index: &HashMap<&str, usize>) -> Value {
    let path = &report.sources.get(d.file()).path;
    let mut r = serde_json::Map::new();
    r.insert("ruleId".into(), json!(d.rule));
    if let Some(i) = index.get(d.rule.as_ref()) {
        r.insert("ruleIndex".into(), json!(i));
    }
    r.insert("level".into(), json!(level(d.severity)));
    r.insert(
        "message".into(),
        json!({ "text": common::full_message(report, d) }),
    );
    r.insert(
        "locations".into(),
        json!([{ "physicalLocation": physical_location(report, &d.primary) }]),
    );
    if !d.labels.is_empty() {
        let related: Vec<Value> = d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                json!({
                    "id": i + 1,
                    "physicalLocation": physical_location(report, l),
                    "message": { "text": label_message(l) },
                })
            })
            .collect();
        r.insert("relatedLocations".into(), json!(related));
    }
    r.insert(
        "partialFingerprints".into(),
        json!({ FINGERPRINT_KEY: d.fingerprint(path) }),
    );
    if let Some(s) = &d.suppression {
        let kind = match s.kind {
            SuppressionKind::InSource => "inSource",
            SuppressionKind::Baseline => "external",
        };
        r.insert(
            "suppressions".into(),
            json!([{ "kind": kind, "justification": s.justification }]),
        );
    }
    if let Some(f) = &d.fix {
        let range = report.sources.get(d.file()).range(f.span);
        r.insert(
            "fixes".into(),
            json!([{
                "description": { "text": f.title },
                "artifactChanges": [{
                    "artifactLocation": { "uri": uri_path(path), "uriBaseId": SRCROOT },
                    "replacements": [{
                        "deletedRegion": {
                            "startLine": range.start.line,
                            "startColumn": range.start.column,
                            "endLine": range.end.line,
                            "endColumn": range.end.column,
                        },
                        "insertedContent": { "text": f.replacement },
                    }],
                }],
            }]),
        );
    }
    let mut properties = serde_json::Map::new();
    properties.insert("name".into(), json!(d.name));
    if !d.legal_basis.is_empty() {
        properties.insert("legalBasis".into(), json!(d.legal_basis));
    }
    if !d.pointer.is_empty() {
        properties.insert("pointer".into(), json!(d.pointer));
    }
    if let Some(e) = &d.entity {
        properties.insert("entity".into(), json!(e));
    }
    r.insert("properties".into(), Value::Object(properties));
    Value::Object(r)
}

/// A rule descriptor for an organisation policy (`policies:` in the inventory).
fn policy_descriptor(p: &crate::policy::PolicyMeta) -> Value {
    let description = p.description.clone().unwrap_or_else(|| p.name.clone());
    let mut text = format!(
        "{description}\n\nOrganisation policy defined in {}:{}.\nselect: {}\nassert: {}",
        p.file, p.line, p.select, p.assert
    );
    if !p.legal_basis.is_empty() {
        text.push_str(&format!("\nLegal basis: {}", p.legal_basis.join("; ")));
    }
    let markdown = format!(
        "**{}** (organisation policy, `{}:{}`)\n\n{description}\n\n- select: `{}`\n- assert: `{}`{}",
        p.name,
        p.file,
        p.line,
        p.select,
        p.assert,
        if p.legal_basis.is_empty() {
            String::new()
        } else {
            format!("\n- legal basis: {}", p.legal_basis.join("; "))
        }
    );
    json!({
        "id": p.id,
        "name": p.name,
        "shortDescription": { "text": description },
        "fullDescription": { "text": text },
        "help": { "text": text, "markdown": markdown },
        "defaultConfiguration": { "level": level(p.severity) },
        "properties": { "tags": ["policy", "organisation"], "source": p.file },
    })
}

pub fn to_value(report: &Report) -> Value {
    let mut descriptors: Vec<Value> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for rule in rules::ALL.iter() {
        index.insert(rule.meta().id, descriptors.len());
        descriptors.push(rule_descriptor(rule.meta()));
    }
    for check in INPUT_CHECKS {
        index.insert(check.id, descriptors.len());
        descriptors.push(input_check_descriptor(check));
    }
    // The organisation's own policies, after the built-in rules.
    let mut policies: Vec<_> = report.policies.iter().collect();
    policies.sort_by(|a, b| a.id.cmp(&b.id));
    for policy in policies {
        index.insert(policy.id.as_str(), descriptors.len());
        descriptors.push(policy_descriptor(policy));
    }
    // Every diagnostic, suppressed ones included (with `suppressions`).
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| result(report, d, &index))
        .collect();
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "dpalint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": descriptors,
                }
            },
            "originalUriBaseIds": {
                SRCROOT: {
                    "description": {
                        "text": "The project root: the directory holding dpalint.toml (else the working directory). Artifact URIs are relative to it."
                    }
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": { "asOf": report.as_of.to_string() },
        }]
    })
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(report))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{self, Selection};
    use crate::config::Config;
    use crate::diagnostic::Suppression;
    use crate::model::Date;
    use crate::project::Input;

    const DANGLING: &str = "dpalint: 1\nvendors:\n  - id: relay\n    name: Relay S.L.\n    role: sub_processor\n    parent: nowhere\n    country: ES\n    data_locations: [ES]\n    purpose: e-mail\n";

    fn report() -> Report {
        check::check_memory(
            vec![Input::text("privacy/relay.yaml", DANGLING)],
            Date::parse("2026-11-21").expect("valid date"),
            &Config::default(),
            &Selection::only("DPA048"),
        )
    }

    #[test]
    fn suppressed_findings_are_kept_with_their_suppression() {
        for (kind, expected) in [
            (SuppressionKind::InSource, "inSource"),
            (SuppressionKind::Baseline, "external"),
        ] {
            let mut report = report();
            assert_eq!(report.diagnostics.len(), 1, "{:?}", report.diagnostics);
            report.diagnostics[0].suppression = Some(Suppression {
                kind,
                justification: "parent is being onboarded".into(),
            });
            let sarif = to_value(&report);
            let results = sarif["runs"][0]["results"].as_array().expect("results");
            assert_eq!(results.len(), 1, "suppressed findings stay in SARIF");
            assert_eq!(
                results[0]["suppressions"],
                json!([{ "kind": expected, "justification": "parent is being onboarded" }])
            );
            assert_eq!(results[0]["ruleId"], "DPA048");
            assert_valid(&sarif);
        }
    }

    /// Validate against the official schema (tests/formats.rs does the same for
    /// the CLI output; this covers `suppressions`, which no fixture has yet).
    fn assert_valid(sarif: &Value) {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/schemas/sarif-schema-2.1.0.json"
        );
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("the official SARIF schema is missing: {path}: {e}"));
        let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
        assert!(
            schema["$schema"]
                .as_str()
                .is_some_and(|s| s.contains("draft-04")),
            "the SARIF 2.1.0 schema is draft-04"
        );
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .should_validate_formats(true)
            .build(&schema)
            .expect("schema compiles");
        let errors: Vec<String> = validator
            .iter_errors(sarif)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
    }

    #[test]
    fn unsuppressed_findings_have_no_suppressions_key() {
        let sarif = to_value(&report());
        let result = &sarif["runs"][0]["results"][0];
        assert!(result.get("suppressions").is_none(), "{result}");
        assert_eq!(
            result["locations"][0]["physicalLocation"]["region"]["startLine"],
            6
        );
    }

    #[test]
    fn rule_index_points_at_the_rule() {
        let sarif = to_value(&report());
        let run = &sarif["runs"][0];
        let i = run["results"][0]["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(run["tool"]["driver"]["rules"][i]["id"], "DPA048");
        let n = run["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules")
            .len();
        assert_eq!(n, rules::ALL.len() + INPUT_CHECKS.len());
    }

    #[test]
    fn tags_come_from_the_legal_basis() {
        let meta = RuleMeta {
            id: "DPA999",
            name: "x",
            severity: Severity::Warning,
            category: rules::Category::Transfers,
            legal_basis: &[
                "GDPR Art. 28(2)",
                "GDPR Art. 44-46",
                "GDPR Arts. 32–33",
                "GDPR Art. 28(1)-(2)",
                "EDPB Opinion 22/2024",
            ],
            summary: "",
            help: "",
            docs: "",
            dir: "",
            opt_in: false,
        };
        assert_eq!(
            tags(&meta),
            [
                "gdpr",
                "gdpr:art-28",
                "gdpr:art-32",
                "gdpr:art-33",
                "gdpr:art-44",
                "gdpr:art-45",
                "gdpr:art-46",
                "transfers"
            ]
        );
    }

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(uri_path("privacy/a b:c.yaml"), "privacy/a%20b%3Ac.yaml");
        assert_eq!(uri_path("é.yaml"), "%C3%A9.yaml");
    }

    #[test]
    fn plain_text_drops_markdown_marks() {
        assert_eq!(
            plain_text("## What it checks\n\n`window_days` is **short**."),
            "What it checks\n\nwindow_days is short."
        );
    }
}
