//! `--format gitlab`: a GitLab Code Quality report (CodeClimate subset), shown
//! in merge request widgets and the pipeline's Code Quality tab.
//!
//! A JSON array with exactly these fields per unsuppressed finding:
//! `description`, `check_name`, `fingerprint`, `severity`,
//! `location.path`, `location.lines.begin`.
//!
//! Severity: error -> `critical`, warning -> `minor`, info -> `info` (`major` and
//! `blocker` are not used). The fingerprint is the finding's stable fingerprint
//! (rule, file, entity, pointer); GitLab needs it unique per report, so a rule
//! that reports twice at the same place gets `-2`, `-3`, … on the repeats.

use super::common::{self, locate};
use crate::check::Report;
use crate::diagnostic::Severity;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{self, Write};

/// The Code Quality severity of a dpalint severity.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

pub fn to_value(report: &Report) -> Value {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let issues: Vec<Value> = common::unsuppressed(report)
        .map(|d| {
            let at = locate(report, &d.primary);
            let base = d.fingerprint(at.path);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let fingerprint = if *n == 1 { base } else { format!("{base}-{n}") };
            json!({
                "description": format!("{} {}: {}", d.rule, d.name, d.message),
                "check_name": d.rule,
                "fingerprint": fingerprint,
                "severity": severity(d.severity),
                "location": {
                    "path": at.path,
                    "lines": { "begin": at.range.start.line },
                },
            })
        })
        .collect();
    Value::Array(issues)
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
    use crate::model::Date;
    use crate::project::Input;

    #[test]
    fn fingerprints_stay_unique_when_a_rule_reports_twice_at_one_place() {
        let yaml = "dpalint: 1\nvendors:\n  - id: relay\n    name: Relay S.L.\n    role: sub_processor\n    parent: nowhere\n    country: ES\n    data_locations: [ES]\n    purpose: e-mail\n";
        let mut report = check::check_memory(
            vec![Input::text("relay.yaml", yaml)],
            Date::parse("2026-11-21").expect("valid date"),
            &Config::default(),
            &Selection::only("DPA048"),
        );
        let mut twin = report.diagnostics[0].clone();
        twin.message = "a second finding at the same pointer".into();
        report.diagnostics.push(twin.clone());
        report.diagnostics.push(twin);
        let v = to_value(&report);
        let fps: Vec<&str> = v
            .as_array()
            .expect("array")
            .iter()
            .map(|i| i["fingerprint"].as_str().expect("fingerprint"))
            .collect();
        assert_eq!(fps.len(), 3);
        assert_eq!(fps[1], format!("{}-2", fps[0]));
        assert_eq!(fps[2], format!("{}-3", fps[0]));
    }
}
