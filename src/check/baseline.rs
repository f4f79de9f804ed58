//! Baselines: accept the findings of an existing inventory, report only new ones.
//!
//! `--write-baseline FILE` records every current finding by fingerprint (rule,
//! file, entity, pointer: reformatting or moving lines does not matter);
//! `--baseline FILE` marks findings found in it as suppressed and counts the
//! entries that no longer match anything (fixed findings).

use crate::diagnostic::{Diagnostic, Suppression, SuppressionKind};
use crate::source::SourceMap;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// One accepted finding. Only `fingerprint` is matched; the rest helps reviewers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    pub file: String,
    pub entity: Option<String>,
    pub pointer: String,
    pub message: String,
}

/// A baseline of the unsuppressed findings (input problems excluded: a file that
/// cannot be read is never "accepted").
pub fn create(diagnostics: &[Diagnostic], sources: &SourceMap) -> Baseline {
    let mut findings: Vec<Entry> = diagnostics
        .iter()
        .filter(|d| !d.is_suppressed() && !d.rule.starts_with("DPL"))
        .map(|d| {
            let file = sources.get(d.file()).path.clone();
            Entry {
                fingerprint: d.fingerprint(&file),
                rule: d.rule.to_string(),
                entity: d.entity.clone(),
                pointer: d.pointer.clone(),
                message: d.message.clone(),
                file,
            }
        })
        .collect();
    findings.sort();
    Baseline {
        version: VERSION,
        findings,
    }
}

pub fn to_json(b: &Baseline) -> String {
    let mut s = serde_json::to_string_pretty(b).unwrap_or_default();
    s.push('\n');
    s
}

pub fn parse(text: &str) -> Result<Baseline, String> {
    let b: Baseline =
        serde_json::from_str(text).map_err(|e| format!("not a dpalint baseline: {e}"))?;
    if b.version != VERSION {
        return Err(format!(
            "baseline version {} is not supported (expected {VERSION})",
            b.version
        ));
    }
    Ok(b)
}

/// Suppress findings present in `baseline`; returns how many entries matched nothing.
pub fn apply(
    baseline: &Baseline,
    name: &str,
    diagnostics: &mut [Diagnostic],
    sources: &SourceMap,
) -> usize {
    let mut remaining: HashMap<&str, usize> = HashMap::new();
    for e in &baseline.findings {
        *remaining.entry(e.fingerprint.as_str()).or_default() += 1;
    }
    for d in diagnostics.iter_mut() {
        if d.is_suppressed() || d.rule.starts_with("DPL") {
            continue;
        }
        let fp = d.fingerprint(&sources.get(d.file()).path);
        if let Some(n) = remaining.get_mut(fp.as_str())
            && *n > 0
        {
            *n -= 1;
            d.suppression = Some(Suppression {
                kind: SuppressionKind::Baseline,
                justification: format!("accepted in baseline {name}"),
            });
        }
    }
    remaining.values().sum()
}
