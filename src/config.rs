//! `dpalint.toml`: discovery of the project root, parsing with spans, schema
//! validation (unknown keys point into the config file) and the typed config.
//!
//! The TOML tree is converted into the loader's spanned [`Node`]s so that the
//! same schema-to-diagnostic mapping serves input files and the config file.

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::Date;
use crate::project::parse::{Document, Entry, Node, NodeKind};
use crate::project::validate;
use crate::reference::Reference;
use crate::source::{FileId, SourceFile, Span};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub const CONFIG_FILE: &str = "dpalint.toml";
pub const DEFAULT_MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// The thresholds the rules apply on one evaluation date: each is the value
/// set in dpalint.toml `[thresholds]`, else the reference data's
/// (rules/reference/thresholds.yaml: legal thresholds by date, policy defaults
/// undated). Built by [`ThresholdOverrides::resolve`].
#[derive(Clone, Debug, PartialEq)]
pub struct Thresholds {
    pub min_objection_days: u64,
    pub max_processor_breach_hours: u64,
    pub max_deletion_days: u64,
    /// Legal (Art. 33(1)): the value in force on the evaluation date.
    pub controller_breach_hours: u64,
    /// Legal (Art. 30(5)): the value in force on the evaluation date.
    pub ropa_employee_threshold: u64,
    pub dpia_min_wp248_criteria: u64,
    pub accept_eu_aliases: bool,
}

/// `[thresholds]` of dpalint.toml: every key set there overrides the
/// reference value on every date; keys left out follow the reference data.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ThresholdOverrides {
    pub min_objection_days: Option<u64>,
    pub max_processor_breach_hours: Option<u64>,
    pub max_deletion_days: Option<u64>,
    pub controller_breach_hours: Option<u64>,
    pub ropa_employee_threshold: Option<u64>,
    pub dpia_min_wp248_criteria: Option<u64>,
    pub accept_eu_aliases: Option<bool>,
}

impl ThresholdOverrides {
    /// The thresholds in force on `as_of`. Fails (a reference-data error, exit
    /// 2) when a legal threshold that is not overridden has no value on that
    /// date.
    pub fn resolve(&self, reference: &Reference, as_of: Date) -> Result<Thresholds, String> {
        let d = &reference.threshold_defaults;
        let legal = |name: &str, set: Option<u64>| match set {
            Some(v) => Ok(v),
            None => reference.legal_threshold_at(name, as_of),
        };
        Ok(Thresholds {
            min_objection_days: self.min_objection_days.unwrap_or(d.min_objection_days),
            max_processor_breach_hours: self
                .max_processor_breach_hours
                .unwrap_or(d.max_processor_breach_hours),
            max_deletion_days: self.max_deletion_days.unwrap_or(d.max_deletion_days),
            controller_breach_hours: legal(
                "controller_breach_hours",
                self.controller_breach_hours,
            )?,
            ropa_employee_threshold: legal(
                "ropa_employee_threshold",
                self.ropa_employee_threshold,
            )?,
            dpia_min_wp248_criteria: self
                .dpia_min_wp248_criteria
                .unwrap_or(d.dpia_min_wp248_criteria),
            accept_eu_aliases: self.accept_eu_aliases.unwrap_or(d.accept_eu_aliases),
        })
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuleSelection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// rule id or name -> error | warning | info | off
    pub severity: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PolicySettings {
    pub paths: Vec<String>,
}

/// `[infrastructure]`: Terraform/OpenTofu read next to the inventory.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InfrastructureSettings {
    pub enabled: bool,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// Plan or state JSON, relative to the project root.
    pub terraform_plan: Option<PathBuf>,
}

impl Default for InfrastructureSettings {
    fn default() -> Self {
        InfrastructureSettings {
            enabled: true,
            include: Vec::new(),
            exclude: Vec::new(),
            terraform_plan: None,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub as_of: Option<String>,
    pub max_file_size: u64,
    pub fail_on: Option<String>,
    pub rules: RuleSelection,
    pub thresholds: ThresholdOverrides,
    pub policies: PolicySettings,
    pub infrastructure: InfrastructureSettings,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            include: Vec::new(),
            exclude: Vec::new(),
            as_of: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            fail_on: None,
            rules: RuleSelection::default(),
            thresholds: ThresholdOverrides::default(),
            policies: PolicySettings::default(),
            infrastructure: InfrastructureSettings::default(),
        }
    }
}

/// A loaded config file, or the default when there is none.
#[derive(Debug, Default)]
pub struct LoadedConfig {
    pub config: Config,
    /// The config file, for rendering diagnostics against it.
    pub file: Option<SourceFile>,
    /// Problems found in the config file (the run stops with exit 2 when non-empty).
    pub diagnostics: Vec<Diagnostic>,
    /// `as_of` parsed, if set.
    pub as_of: Option<Date>,
}

/// Walk up from `start` to the first directory holding dpalint.toml.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    let mut dir = if start.is_dir() {
        Some(start)
    } else {
        start.parent()
    };
    while let Some(d) = dir {
        let candidate = d.join(CONFIG_FILE);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// Parse and validate config text. `display` is the path shown in diagnostics.
/// The config file uses `FileId(u32::MAX)`: it is rendered on its own.
pub fn parse(display: String, text: &str) -> LoadedConfig {
    let file_id = CONFIG_FILE_ID;
    let source = SourceFile::new(display, text.into());
    let mut out = LoadedConfig::default();
    let root = match DeTable::parse(text) {
        Ok(t) => table_node(&t),
        Err(e) => {
            let span = e
                .span()
                .map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
            out.diagnostics.push(
                Diagnostic::input(
                    Code::YamlSyntax,
                    file_id,
                    span,
                    format!("invalid TOML: {}", e.message().trim()),
                )
                .with_help("fix the TOML syntax of dpalint.toml"),
            );
            for d in &mut out.diagnostics {
                d.rule = Code::ConfigInvalid.id().into();
                d.name = Code::ConfigInvalid.name().into();
            }
            out.file = Some(source);
            return out;
        }
    };
    let doc = Document {
        file: file_id,
        index: 0,
        root,
    };
    let json = crate::project::parse::to_json(&doc, &mut out.diagnostics);
    out.diagnostics
        .extend(validate::validate(&validate::CONFIG, &json, file_id, &doc));
    if out.diagnostics.is_empty() {
        match serde_json::from_value::<Config>(json) {
            Ok(c) => out.config = c,
            Err(e) => out.diagnostics.push(Diagnostic::input(
                Code::SchemaValue,
                file_id,
                Span::new(0, 0),
                format!("invalid configuration: {e}"),
            )),
        }
    }
    if let Some(s) = out.config.as_of.clone() {
        match Date::parse(&s) {
            Some(d) => out.as_of = Some(d),
            None => out.diagnostics.push(
                Diagnostic::input(
                    Code::SchemaValue,
                    file_id,
                    doc.lookup("/as_of")
                        .map_or(Span::new(0, 0), |l| l.primary()),
                    format!("`as_of` is not a valid date: `{s}`"),
                )
                .with_help("write the evaluation date as YYYY-MM-DD"),
            ),
        }
    }
    for (key, level) in &out.config.rules.severity {
        if level != "off" && Severity::parse(level).is_none() {
            // the schema's enum already reports this; keep the typed config consistent
            continue;
        }
        let _ = key;
    }
    for d in &mut out.diagnostics {
        d.rule = Code::ConfigInvalid.id().into();
        d.name = Code::ConfigInvalid.name().into();
    }
    out.file = Some(source);
    out
}

/// FileId reserved for the config file in diagnostics.
pub const CONFIG_FILE_ID: FileId = FileId(u32::MAX);

fn span(r: std::ops::Range<usize>) -> Span {
    Span::new(r.start, r.end)
}

fn table_node(t: &Spanned<DeTable<'_>>) -> Node {
    let entries = t
        .get_ref()
        .iter()
        .map(|(k, v)| Entry {
            key: Node {
                kind: NodeKind::Str(k.get_ref().to_string()),
                span: span(k.span()),
                defined: None,
            },
            value: value_node(v),
        })
        .collect();
    Node {
        kind: NodeKind::Map(entries),
        span: span(t.span()),
        defined: None,
    }
}

fn value_node(v: &Spanned<DeValue<'_>>) -> Node {
    let kind = match v.get_ref() {
        DeValue::String(s) => NodeKind::Str(s.to_string()),
        DeValue::Integer(i) => {
            let text = i.as_str().replace('_', "");
            match i64::from_str_radix(text.trim_start_matches('+'), i.radix()) {
                Ok(n) => NodeKind::Number(n.into()),
                Err(_) => NodeKind::Str(i.as_str().to_string()),
            }
        }
        DeValue::Float(f) => f
            .as_str()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(NodeKind::Str(f.as_str().to_string()), NodeKind::Number),
        DeValue::Boolean(b) => NodeKind::Bool(*b),
        DeValue::Datetime(d) => NodeKind::Str(d.to_string()),
        DeValue::Array(items) => NodeKind::Seq(items.iter().map(value_node).collect()),
        DeValue::Table(t) => {
            return Node {
                kind: NodeKind::Map(
                    t.iter()
                        .map(|(k, v)| Entry {
                            key: Node {
                                kind: NodeKind::Str(k.get_ref().to_string()),
                                span: span(k.span()),
                                defined: None,
                            },
                            value: value_node(v),
                        })
                        .collect(),
                ),
                span: span(v.span()),
                defined: None,
            };
        }
    };
    Node {
        kind,
        span: span(v.span()),
        defined: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_config_parses() {
        let c = parse(
            "dpalint.toml".into(),
            "as_of = 2026-11-21\ninclude = [\"privacy/**\"]\n[thresholds]\nmin_objection_days = 30\n[rules]\nignore = [\"DPA039\"]\n",
        );
        assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
        assert_eq!(c.as_of.unwrap().to_string(), "2026-11-21");
        assert_eq!(c.config.thresholds.min_objection_days, Some(30));
        assert_eq!(c.config.thresholds.max_deletion_days, None);
        let t = c
            .config
            .thresholds
            .resolve(Reference::embedded(), c.as_of.unwrap())
            .unwrap();
        assert_eq!((t.min_objection_days, t.max_deletion_days), (30, 90));
        assert_eq!(c.config.rules.ignore, vec!["DPA039"]);
    }

    #[test]
    fn unknown_key_points_into_the_file() {
        let text = "as_of = \"2026-11-21\"\n[thresholds]\nmin_objection_dayz = 30\n";
        let c = parse("dpalint.toml".into(), text);
        assert_eq!(c.diagnostics.len(), 1, "{:?}", c.diagnostics);
        let d = &c.diagnostics[0];
        assert_eq!(
            &text[d.primary.span.start as usize..d.primary.span.end as usize],
            "min_objection_dayz"
        );
        assert_eq!(
            d.help.as_deref(),
            Some("did you mean `min_objection_days`?")
        );
    }
}
