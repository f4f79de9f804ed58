//! The one finding type every stage produces and every renderer consumes.
//!
//! A [`Diagnostic`] is plain data: rule id and name, severity, message, help,
//! legal basis, the (file, pointer, entity) it is about, a primary span and
//! secondary labels that may sit in other files. Input problems (YAML syntax,
//! schema) use the stable `DPL` codes of [`Code`]; built-in rules use `DPA` ids.

use crate::source::{FileId, SourceMap, Span};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Stable codes of the input checks (syntax, schema, inventory structure).
/// They are always errors and cannot be ignored: a file that cannot be read
/// cannot be checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    YamlSyntax,
    DuplicateKey,
    YamlLimit,
    Unreadable,
    TooLarge,
    NotDpalint,
    SchemaValue,
    SchemaUnknownKey,
    SchemaMissingKey,
    MultipleOrganisations,
    DuplicateActivity,
    ConfigInvalid,
    InvalidSuppression,
    UnusedSuppression,
    ExpiredSuppression,
    PolicyInvalid,
    PolicyEvaluation,
}

/// Metadata of an input check, listed by `dpalint rules` and documented in docs/input-checks.md.
pub struct InputCheck {
    pub code: Code,
    pub id: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
}

pub const INPUT_CHECKS: &[InputCheck] = &[
    InputCheck {
        code: Code::YamlSyntax,
        id: "DPL001",
        name: "yaml-syntax-error",
        summary: "the file is not valid YAML",
    },
    InputCheck {
        code: Code::DuplicateKey,
        id: "DPL002",
        name: "duplicate-key",
        summary: "a mapping defines the same key twice",
    },
    InputCheck {
        code: Code::YamlLimit,
        id: "DPL003",
        name: "yaml-limit-exceeded",
        summary: "nesting or alias expansion exceeds the parser's safety limits",
    },
    InputCheck {
        code: Code::Unreadable,
        id: "DPL004",
        name: "file-unreadable",
        summary: "the file cannot be read or is not UTF-8 text",
    },
    InputCheck {
        code: Code::TooLarge,
        id: "DPL005",
        name: "file-too-large",
        summary: "the file exceeds the configured size limit",
    },
    InputCheck {
        code: Code::NotDpalint,
        id: "DPL006",
        name: "not-a-dpalint-file",
        summary: "a file named on the command line has no `dpalint:` marker",
    },
    InputCheck {
        code: Code::SchemaValue,
        id: "DPL010",
        name: "schema-invalid-value",
        summary: "a value has the wrong type or is not one of the allowed values",
    },
    InputCheck {
        code: Code::SchemaUnknownKey,
        id: "DPL011",
        name: "schema-unknown-key",
        summary: "a key is not part of input format v1",
    },
    InputCheck {
        code: Code::SchemaMissingKey,
        id: "DPL012",
        name: "schema-missing-key",
        summary: "a required key is missing",
    },
    InputCheck {
        code: Code::MultipleOrganisations,
        id: "DPL013",
        name: "multiple-organisations",
        summary: "more than one document declares `organisation`",
    },
    InputCheck {
        code: Code::DuplicateActivity,
        id: "DPL014",
        name: "duplicate-activity-id",
        summary: "two activities share an id",
    },
    InputCheck {
        code: Code::ConfigInvalid,
        id: "DPL020",
        name: "config-invalid",
        summary: "dpalint.toml has a problem (exit code 2)",
    },
    InputCheck {
        code: Code::InvalidSuppression,
        id: "DPL030",
        name: "invalid-suppression",
        summary: "a `# dpalint:` suppression is malformed, names an unknown rule or gives no reason",
    },
    InputCheck {
        code: Code::UnusedSuppression,
        id: "DPL031",
        name: "unused-suppression",
        summary: "a suppression matches no finding (warning)",
    },
    InputCheck {
        code: Code::ExpiredSuppression,
        id: "DPL032",
        name: "expired-suppression",
        summary: "a suppression is past its `until` date and no longer applies (warning)",
    },
    InputCheck {
        code: Code::PolicyInvalid,
        id: "DPL040",
        name: "policy-invalid",
        summary: "an organisation policy is malformed: id, name, JSONPath or CEL (at the offending expression)",
    },
    InputCheck {
        code: Code::PolicyEvaluation,
        id: "DPL041",
        name: "policy-evaluation-error",
        summary: "a policy expression fails on a selected node (reported once per policy)",
    },
];

impl Code {
    pub fn meta(self) -> &'static InputCheck {
        INPUT_CHECKS
            .iter()
            .find(|c| c.code == self)
            .unwrap_or(&INPUT_CHECKS[0])
    }
    pub fn id(self) -> &'static str {
        self.meta().id
    }
    pub fn name(self) -> &'static str {
        self.meta().name
    }
    /// Input checks are errors, except the reminders about stale suppressions.
    pub fn severity(self) -> Severity {
        match self {
            Code::UnusedSuppression | Code::ExpiredSuppression => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// Why a finding is accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub kind: SuppressionKind,
    /// The reason given in the comment, or the baseline's file name.
    pub justification: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuppressionKind {
    /// `# dpalint: ignore[...]` comment in the YAML file.
    InSource,
    /// An entry of `--baseline FILE`.
    Baseline,
}

/// A span in some file with an optional message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: Option<String>,
}

/// A machine-applicable fix: replace `span` (in the diagnostic's primary file)
/// with `replacement`. Only attached when the fix is unambiguous (one
/// candidate, the value written plainly or simply quoted), so `check --fix`
/// and the editor's code action can apply it without asking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the edit does, e.g. "replace 'Nederland' with 'NL'".
    pub title: String,
    pub span: Span,
    pub replacement: String,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: Cow<'static, str>,
    pub name: Cow<'static, str>,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub legal_basis: Vec<Cow<'static, str>>,
    /// RFC 6901 pointer inside its YAML document (`""` = document root).
    pub pointer: String,
    /// Vendor id, activity id or `organisation`.
    pub entity: Option<String>,
    pub primary: Label,
    pub labels: Vec<Label>,
    /// Set when an inline suppression or the baseline accepted the finding.
    /// Suppressed findings are counted and kept in SARIF, not shown or failed on.
    pub suppression: Option<Suppression>,
    /// A safe mechanical fix in the primary file, when there is exactly one.
    pub fix: Option<Box<Fix>>,
}

impl Diagnostic {
    /// An input-check diagnostic (always an error).
    pub fn input(code: Code, file: FileId, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule: Cow::Borrowed(code.id()),
            name: Cow::Borrowed(code.name()),
            severity: code.severity(),
            message: message.into(),
            help: None,
            legal_basis: Vec::new(),
            pointer: String::new(),
            entity: None,
            primary: Label {
                file,
                span,
                message: None,
            },
            labels: Vec::new(),
            suppression: None,
            fix: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, file: FileId, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            file,
            span,
            message: Some(message.into()),
        });
        self
    }

    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = pointer.into();
        self
    }

    pub fn with_entity(mut self, entity: impl Into<String>) -> Self {
        self.entity = Some(entity.into());
        self
    }

    /// Attach a fix (an edit in the primary file).
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(Box::new(fix));
        self
    }

    pub fn is_suppressed(&self) -> bool {
        self.suppression.is_some()
    }

    pub fn file(&self) -> FileId {
        self.primary.file
    }

    /// Stable identity for baselines and SARIF: rule, file, entity and pointer,
    /// never line numbers (reformatting a file keeps fingerprints).
    pub fn fingerprint(&self, path: &str) -> String {
        let mut h = Fnv::default();
        h.write(self.rule.as_bytes());
        h.write(path.as_bytes());
        h.write(self.entity.as_deref().unwrap_or("").as_bytes());
        h.write(self.pointer.as_bytes());
        if self.pointer.is_empty() && self.entity.is_none() {
            // Input problems without a pointer (syntax errors) are one per file;
            // the message tells two of them apart.
            h.write(self.message.as_bytes());
        }
        format!("{:016x}", h.0)
    }
}

/// FNV-1a 64: tiny, stable across platforms and releases (unlike std's hasher).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        // field separator so ("ab","c") and ("a","bc") differ
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }
}

/// Sort by file path, position, rule, message: the order of every output.
pub fn sort(diags: &mut [Diagnostic], sources: &SourceMap) {
    diags.sort_by(|a, b| {
        let pa = &sources.get(a.file()).path;
        let pb = &sources.get(b.file()).path;
        pa.cmp(pb)
            .then(a.primary.span.start.cmp(&b.primary.span.start))
            .then(a.rule.cmp(&b.rule))
            .then(a.pointer.cmp(&b.pointer))
            .then(a.message.cmp(&b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_codes_are_unique_and_well_formed() {
        let mut ids: Vec<_> = INPUT_CHECKS.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), INPUT_CHECKS.len());
        for c in INPUT_CHECKS {
            assert!(c.id.starts_with("DPL") && c.id.len() == 6, "{}", c.id);
            assert_eq!(c.code.id(), c.id);
        }
        // Every code has its own entry (meta() must never fall back).
        let all = [
            Code::YamlSyntax,
            Code::DuplicateKey,
            Code::YamlLimit,
            Code::Unreadable,
            Code::TooLarge,
            Code::NotDpalint,
            Code::SchemaValue,
            Code::SchemaUnknownKey,
            Code::SchemaMissingKey,
            Code::MultipleOrganisations,
            Code::DuplicateActivity,
            Code::ConfigInvalid,
            Code::InvalidSuppression,
            Code::UnusedSuppression,
            Code::ExpiredSuppression,
            Code::PolicyInvalid,
            Code::PolicyEvaluation,
        ];
        assert_eq!(all.len(), INPUT_CHECKS.len());
        for code in all {
            assert!(
                INPUT_CHECKS.iter().any(|c| c.code == code),
                "{code:?} has no entry"
            );
        }
    }

    #[test]
    fn fingerprint_ignores_spans() {
        let a = Diagnostic::input(Code::SchemaValue, FileId(0), Span::new(1, 2), "m")
            .with_pointer("/vendors/0/country")
            .with_entity("acme");
        let mut b = a.clone();
        b.primary.span = Span::new(100, 200);
        b.message = "other wording".into();
        assert_eq!(a.fingerprint("x.yaml"), b.fingerprint("x.yaml"));
        assert_ne!(a.fingerprint("x.yaml"), a.fingerprint("y.yaml"));
        assert_eq!(a.fingerprint("x.yaml").len(), 16);
    }
}
