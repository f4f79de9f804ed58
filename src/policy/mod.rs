//! Organisation policies as code: `policies:` entries of dpalint documents,
//! checked like the built-in rules.
//!
//! A policy selects nodes of the merged inventory with an RFC 9535 JSONPath
//! (`select`), asserts a CEL expression on each (`assert`, true = compliant) and
//! reports a finding with its `message` template where the assertion is false,
//! located in the selected node's own file. Expressions are compiled once per
//! run. Problems with a policy itself are diagnostics in the policy file at the
//! exact line and column of the offending expression: `DPL040`
//! (policy-invalid: malformed or duplicate id or name, JSONPath or CEL syntax,
//! unknown function or variable) and `DPL041` (policy-evaluation-error: an
//! expression that fails on some node, reported once per policy). The rest of
//! the run continues.
//!
//! Nothing here runs when a project has no policies.

mod compile;
mod diagnostic;
mod evaluate;
pub mod expr;
mod merged;
pub mod scalar;
pub mod testing;

pub use compile::MAX_EXPRESSION_CHARS;
pub use diagnostic::policy_diagnostic;
pub use evaluate::{Finding, Locator, evaluate, finding_pointer};
pub use merged::{Merged, Place};

use crate::diagnostic::{Code, Diagnostic, INPUT_CHECKS, Severity};
use crate::model::Date;
use crate::project::merge::CheckedDoc;
use crate::reference::Reference;
use crate::source::{FileId, SourceMap, Span};
use cel::common::types::CelString;
use cel::common::value::Val;
use cel::{Program, Value};
use expr::{ExprError, Seg, Shared, Vars};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json_path::{JsonPath, PathElement};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

/// What users and renderers know about a policy (`dpalint rules`, `explain`,
/// SARIF `tool.driver.rules`).
#[derive(Clone, Debug, Serialize)]
pub struct PolicyMeta {
    pub id: String,
    pub name: String,
    pub severity: Severity,
    pub description: Option<String>,
    pub select: String,
    pub assert: String,
    pub message: String,
    pub report_at: Option<String>,
    pub legal_basis: Vec<String>,
    /// The policy file, relative to the project root.
    pub file: String,
    /// 1-based line of the policy's `id` in `file`.
    pub line: u32,
    /// Inline tests (`tests:`), name and expected number of findings.
    pub tests: Vec<TestMeta>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TestMeta {
    pub name: String,
    pub expect: u64,
}

impl PolicyMeta {
    /// One line for tables: the description's first sentence.
    pub fn summary(&self) -> String {
        let d = self.description.as_deref().unwrap_or("").trim();
        let first = first_sentence(d).lines().next().unwrap_or("");
        let first = first.trim_end_matches('.');
        if first.is_empty() {
            format!("organisation policy ({})", self.message.trim())
        } else {
            first.to_string()
        }
    }
}

/// Up to the first `. ` that ends a sentence (not `Art. 9`, `e.g. x`).
fn first_sentence(text: &str) -> &str {
    const ABBREVIATIONS: [&str; 8] = ["art", "arts", "e.g", "i.e", "no", "cf", "para", "sec"];
    let mut from = 0;
    while let Some(i) = text[from..].find(". ").map(|i| from + i) {
        let word = text[..i]
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let next_upper = text[i + 2..].chars().next().is_some_and(char::is_uppercase);
        if next_upper && !ABBREVIATIONS.contains(&word.as_str()) {
            return &text[..i];
        }
        from = i + 2;
    }
    text
}

/// The policy as written (the schema has already checked the shape).
#[derive(Deserialize)]
struct Def {
    id: String,
    name: String,
    severity: String,
    #[serde(default)]
    description: Option<String>,
    select: String,
    assert: String,
    message: String,
    #[serde(default)]
    report_at: Option<String>,
    #[serde(default)]
    legal_basis: Option<Vec<String>>,
    #[serde(default)]
    tests: Option<Vec<TestDef>>,
}

/// One inline test: a small inventory and the number of findings expected.
#[derive(Clone, Debug, Deserialize)]
pub struct TestDef {
    pub name: String,
    pub inventory: serde_json::Value,
    pub expect: u64,
}

/// A field of a policy whose value is an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Id,
    Name,
    Select,
    Assert,
    Message,
}

impl Field {
    pub fn key(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Name => "name",
            Field::Select => "select",
            Field::Assert => "assert",
            Field::Message => "message",
        }
    }
}

/// A policy of the project, compiled if it is valid.
pub struct Policy {
    pub meta: PolicyMeta,
    pub file: FileId,
    pub doc: usize,
    /// `/policies/<i>` in its document.
    pub pointer: String,
    pub tests: Vec<TestDef>,
    text: Arc<str>,
    spans: [Span; 5],
    compiled: Option<Compiled>,
}

struct Compiled {
    select: JsonPath,
    assert: Program,
    message: Vec<Part>,
}

enum Part {
    Text(String),
    /// `{{ source }}`; `start` is the char index of `source` in the message.
    Expr {
        program: Program,
        source: String,
        start: usize,
    },
}

impl Policy {
    pub fn is_valid(&self) -> bool {
        self.compiled.is_some()
    }

    pub fn span(&self, field: Field) -> Span {
        self.spans[field as usize]
    }

    pub fn field_pointer(&self, field: Field) -> String {
        format!("{}/{}", self.pointer, field.key())
    }

    fn value(&self, field: Field) -> &str {
        match field {
            Field::Id => &self.meta.id,
            Field::Name => &self.meta.name,
            Field::Select => &self.meta.select,
            Field::Assert => &self.meta.assert,
            Field::Message => &self.meta.message,
        }
    }

    /// The span in the policy file of `len` chars at char `start` of `field`'s value.
    pub fn expr_span(&self, field: Field, start: usize, len: usize) -> Span {
        let span = self.span(field);
        let value = self.value(field);
        match scalar::char_offsets(&self.text, span, value) {
            Some(offsets) => {
                let last = offsets.len() - 1;
                let a = offsets[start.min(last)];
                let b = offsets[(start + len.max(1)).min(last)].max(a);
                Span::new(a, b)
            }
            None => {
                let (line, column) = line_col(value, start);
                let a = scalar::line_fallback(&self.text, span, line, column);
                let b = self.text[a..]
                    .chars()
                    .next()
                    .filter(|c| *c != '\n')
                    .map_or(a, |c| a + c.len_utf8());
                Span::new(a, b)
            }
        }
    }

    fn diagnostic(&self, code: Code, field: Field, e: &ExprError) -> Diagnostic {
        let d = Diagnostic::input(
            code,
            self.file,
            self.expr_span(field, e.start, e.len),
            e.message.clone(),
        )
        .with_pointer(self.field_pointer(field));
        match &e.help {
            Some(h) => d.with_help(h.clone()),
            None => d,
        }
    }
}

/// 0-based line and char column of char `index` of `s`.
fn line_col(s: &str, index: usize) -> (usize, usize) {
    let mut line = 0;
    let mut column = 0;
    for c in s.chars().take(index) {
        if c == '\n' {
            line += 1;
            column = 0;
        } else {
            column += 1;
        }
    }
    (line, column)
}

/// Whether any document declares policies (cheap: no policy work otherwise).
pub fn any(docs: &[CheckedDoc<'_>]) -> bool {
    docs.iter().any(|cd| {
        cd.json
            .get("policies")
            .and_then(serde_json::Value::as_array)
            .is_some_and(|a| !a.is_empty())
    })
}

/// Collect, validate and compile the policies of `docs` (in order). Problems
/// are `DPL040` diagnostics; invalid policies are kept (for `explain`) but not
/// compiled.
pub fn collect(docs: &[CheckedDoc<'_>], sources: &SourceMap) -> (Vec<Policy>, Vec<Diagnostic>) {
    let mut policies = Vec::new();
    let mut diags = Vec::new();
    for cd in docs {
        let Some(items) = cd
            .json
            .get("policies")
            .and_then(serde_json::Value::as_array)
        else {
            continue;
        };
        let fatal = cd
            .error_pointers
            .iter()
            .any(|p| p.is_empty() || p == "/dpalint" || p == "/policies");
        let source = sources.get(cd.doc.file);
        for (i, item) in items.iter().enumerate() {
            let pointer = format!("/policies/{i}");
            let broken = cd
                .error_pointers
                .iter()
                .any(|p| p == &pointer || p.starts_with(&format!("{pointer}/")));
            if fatal || broken {
                continue;
            }
            let Ok(def) = serde_json::from_value::<Def>(item.clone()) else {
                continue;
            };
            let span = |key: &str| {
                cd.doc
                    .lookup(&format!("{pointer}/{key}"))
                    .map(|l| l.value)
                    .unwrap_or_default()
            };
            let spans = [
                span("id"),
                span("name"),
                span("select"),
                span("assert"),
                span("message"),
            ];
            let tests = def.tests.unwrap_or_default();
            policies.push(Policy {
                meta: PolicyMeta {
                    line: source.position(spans[0].start as usize).line,
                    id: def.id,
                    name: def.name,
                    severity: Severity::parse(&def.severity).unwrap_or(Severity::Error),
                    description: def.description,
                    select: def.select,
                    assert: def.assert,
                    message: def.message,
                    report_at: def.report_at,
                    legal_basis: def.legal_basis.unwrap_or_default(),
                    file: source.path.clone(),
                    tests: tests
                        .iter()
                        .map(|t| TestMeta {
                            name: t.name.clone(),
                            expect: t.expect,
                        })
                        .collect(),
                },
                file: cd.doc.file,
                doc: cd.doc.index,
                pointer,
                tests,
                text: Arc::clone(&source.text),
                spans,
                compiled: None,
            });
        }
    }
    let valid = check_names(&policies, &mut diags);
    let env = expr::env();
    for (p, ok) in policies.iter_mut().zip(valid) {
        if ok {
            match compile::compile(p, &env) {
                Ok(c) => p.compiled = Some(c),
                Err((field, mut e)) => {
                    e.message = format!("`{}` of {}: {}", field.key(), p.meta.id, e.message);
                    diags.push(p.diagnostic(Code::PolicyInvalid, field, &e));
                }
            }
        }
    }
    (policies, diags)
}

/// Ids: own prefix (not DPA/DPL), unique; names: unique and not a built-in's.
fn check_names(policies: &[Policy], diags: &mut Vec<Diagnostic>) -> Vec<bool> {
    let mut valid = vec![true; policies.len()];
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut names: HashMap<&str, usize> = HashMap::new();
    for (i, p) in policies.iter().enumerate() {
        let id = &p.meta.id;
        let whole = |field: Field| ExprError {
            start: 0,
            len: p.value(field).chars().count(),
            message: String::new(),
            help: None,
        };
        let upper = id.to_ascii_uppercase();
        if upper.starts_with("DPA") || upper.starts_with("DPL") {
            let mut e = whole(Field::Id);
            e.message = format!(
                "policy id `{id}` uses a prefix reserved for dpalint (DPA: built-in rules, DPL: input checks)"
            );
            e.help =
                Some("use your organisation's own prefix and three digits, e.g. ACME001".into());
            diags.push(p.diagnostic(Code::PolicyInvalid, Field::Id, &e));
            valid[i] = false;
            continue;
        }
        if let Some(&first) = ids.get(&upper) {
            let mut e = whole(Field::Id);
            e.message = format!("policy id `{id}` is already used by another policy");
            e.help =
                Some("policy ids are unique across the project; give this policy a new id".into());
            let q = &policies[first];
            diags.push(p.diagnostic(Code::PolicyInvalid, Field::Id, &e).with_label(
                q.file,
                q.span(Field::Id),
                "first used here",
            ));
            valid[i] = false;
            continue;
        }
        ids.insert(upper, i);
        let name = p.meta.name.as_str();
        let builtin = crate::rules::ALL.iter().any(|r| r.meta().name == name)
            || INPUT_CHECKS.iter().any(|c| c.name == name);
        if builtin {
            let mut e = whole(Field::Name);
            e.message =
                format!("policy name `{name}` is the name of a built-in rule or input check");
            e.help =
                Some("choose another kebab-case name; `dpalint rules` lists the taken ones".into());
            diags.push(p.diagnostic(Code::PolicyInvalid, Field::Name, &e));
            valid[i] = false;
        } else if let Some(&first) = names.get(name) {
            let mut e = whole(Field::Name);
            e.message = format!("policy name `{name}` is already used by another policy");
            e.help = Some("policy names are unique across the project".into());
            let q = &policies[first];
            diags.push(
                p.diagnostic(Code::PolicyInvalid, Field::Name, &e)
                    .with_label(q.file, q.span(Field::Name), "first used here"),
            );
            valid[i] = false;
        } else {
            names.insert(name, i);
        }
    }
    valid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlong_expressions_are_refused_before_parsing() {
        assert!(compile::too_long(Field::Assert, &"x".repeat(MAX_EXPRESSION_CHARS)).is_ok());
        let (field, e) = compile::too_long(Field::Select, &"x".repeat(MAX_EXPRESSION_CHARS + 1))
            .expect_err("too long");
        assert_eq!(field, Field::Select);
        assert!(e.message.contains("4097 characters"), "{}", e.message);
    }

    #[test]
    fn summaries_stop_at_the_first_sentence() {
        assert_eq!(
            first_sentence("Special data (Art. 9) need a DPIA. Always."),
            "Special data (Art. 9) need a DPIA"
        );
        assert_eq!(first_sentence("One sentence."), "One sentence.");
        assert_eq!(first_sentence("See e.g. Acme. Then"), "See e.g. Acme");
    }
}
