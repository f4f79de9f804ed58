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

mod diagnostic;
pub mod expr;
mod merged;
pub mod scalar;
pub mod testing;

pub use diagnostic::policy_diagnostic;
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
            match compile(p, &env) {
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

/// Longest `select`, `assert` or message template expression accepted: far
/// above what a person writes, and low enough that no expression nests deep
/// enough to exhaust the stack of the parsers or the interpreter.
pub const MAX_EXPRESSION_CHARS: usize = 4096;

fn too_long(field: Field, source: &str) -> Result<(), (Field, ExprError)> {
    let n = source.chars().count();
    if n <= MAX_EXPRESSION_CHARS {
        return Ok(());
    }
    Err((
        field,
        ExprError {
            start: 0,
            len: 1,
            message: format!(
                "the expression is {n} characters long; dpalint accepts at most {MAX_EXPRESSION_CHARS}"
            ),
            help: Some("split the policy into several smaller ones".into()),
        },
    ))
}

fn compile(p: &Policy, env: &Arc<cel::Env>) -> Result<Compiled, (Field, ExprError)> {
    too_long(Field::Select, &p.meta.select)?;
    too_long(Field::Assert, &p.meta.assert)?;
    too_long(Field::Message, &p.meta.message)?;
    let select = JsonPath::parse(&p.meta.select).map_err(|e| {
        let src = &p.meta.select;
        let mut b = e.position().min(src.len());
        while !src.is_char_boundary(b) {
            b -= 1;
        }
        (
            Field::Select,
            ExprError {
                start: src[..b].chars().count(),
                len: 1,
                message: format!("invalid JSONPath: {}", e.message()),
                help: Some(
                    "`select` is an RFC 9535 JSONPath over the merged inventory, e.g. `$.vendors[?@.role == 'processor']`"
                        .into(),
                ),
            },
        )
    })?;
    let assert =
        expr::compile(env, &p.meta.assert).map_err(|e| (Field::Assert, with_cel_help(e)))?;
    let message = template(env, &p.meta.message).map_err(|e| (Field::Message, e))?;
    Ok(Compiled {
        select,
        assert,
        message,
    })
}

fn with_cel_help(mut e: ExprError) -> ExprError {
    if e.help.is_none() {
        e.help = Some(
            "`assert` is a CEL expression that is true for a compliant node, e.g. `self.data_locations.all(l, is_eea(l))`"
                .into(),
        );
    }
    e
}

/// Split a message into text and `{{ expr }}` parts, compiling each expression.
fn template(env: &Arc<cel::Env>, message: &str) -> Result<Vec<Part>, ExprError> {
    let mut parts = Vec::new();
    let mut rest = message;
    let mut consumed = 0; // chars of `message` before `rest`
    while let Some(open) = rest.find("{{") {
        let before = &rest[..open];
        if !before.is_empty() {
            parts.push(Part::Text(before.to_string()));
        }
        let open_char = consumed + before.chars().count();
        let inner = &rest[open + 2..];
        let Some(close) = inner.find("}}") else {
            return Err(ExprError {
                start: open_char,
                len: 2,
                message: "`{{` without a closing `}}` in the message template".into(),
                help: Some("write templates as `{{ self.name }}`".into()),
            });
        };
        let raw = &inner[..close];
        let lead = raw.len() - raw.trim_start().len();
        let source = raw.trim();
        let start = open_char + 2 + raw[..lead].chars().count();
        if source.is_empty() {
            return Err(ExprError {
                start: open_char,
                len: 4,
                message: "empty `{{ }}` in the message template".into(),
                help: Some("write templates as `{{ self.name }}`".into()),
            });
        }
        let program = expr::compile(env, source).map_err(|mut e| {
            e.start += start;
            e
        })?;
        parts.push(Part::Expr {
            program,
            source: source.to_string(),
            start,
        });
        let used = open + 2 + close + 2;
        consumed += rest[..used].chars().count();
        rest = &rest[used..];
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest.to_string()));
    }
    Ok(parts)
}

/// A finding of a policy, before spans and configuration are applied.
#[derive(Clone, Debug)]
pub struct Finding {
    /// Index into the policies given to [`evaluate`].
    pub policy: usize,
    /// The selected node (`None`: not inside an entity; reported at the policy's `select`).
    pub place: Option<Place>,
    pub message: String,
}

/// Where an entity is, for labels of evaluation errors in other files.
pub type Locator<'a> = dyn Fn(FileId, usize, &str) -> Option<Span> + Sync + 'a;

/// Run the valid policies for which `enabled(id)` holds over `merged`.
pub fn evaluate(
    policies: &[Policy],
    enabled: &(dyn Fn(&str) -> bool + Sync),
    mut merged: Merged,
    as_of: Date,
    sources: &SourceMap,
    locate: &Locator<'_>,
) -> (Vec<Finding>, Vec<Diagnostic>) {
    let active: Vec<usize> = policies
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_valid() && enabled(&p.meta.id))
        .map(|(i, _)| i)
        .collect();
    if active.is_empty() {
        return (Vec::new(), Vec::new());
    }
    // Every `select` runs on the JSON first; the JSON is then consumed into the
    // CEL tree (strings move), so the two never both live in full.
    let selected: Vec<Vec<Vec<Step>>> = active
        .par_iter()
        .map(|&i| select(&policies[i], &merged.json))
        .collect();
    let recipients_of: Vec<Vec<String>> = merged
        .json
        .get("activities")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .map(|a| {
            let mut ids: Vec<String> = a
                .get("recipients")
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_str)
                .map(str::to_owned)
                .collect();
            ids.sort();
            ids.dedup();
            ids
        })
        .collect();
    let env = expr::env();
    let tree = expr::build(std::mem::take(&mut merged.json));
    let list = |key: &str| -> Vec<Box<dyn Val + 'static>> {
        expr::child(tree.as_ref(), &Seg::Name(key))
            .and_then(|l| l.downcast_ref::<cel::common::types::CelList>())
            .map(|l| l.inner().iter().map(|v| v.clone_as_boxed()).collect())
            .unwrap_or_default()
    };
    // First vendor / activity of each id; clones of shared nodes are cheap.
    let mut vendors: HashMap<cel::common::types::CelMapKey<'static>, Box<dyn Val + 'static>> =
        HashMap::new();
    let vendor_values = list("vendors");
    for (i, id) in merged.vendor_ids() {
        if let Some(v) = vendor_values.get(i) {
            vendors
                .entry(cel::common::types::CelMapKey::from(id.to_string()))
                .or_insert_with(|| v.clone_as_boxed());
        }
    }
    let by_id = expr::SharedVal::boxed(Box::new(cel::common::types::CelMap::from(vendors)));
    let mut activities = HashMap::new();
    let mut by_recipient: HashMap<String, Vec<Box<dyn Val + 'static>>> = HashMap::new();
    let activity_values = list("activities");
    for (i, id) in merged.activity_ids() {
        if let Some(v) = activity_values.get(i) {
            activities
                .entry(id.to_string())
                .or_insert_with(|| v.clone_as_boxed());
        }
    }
    for (ids, v) in recipients_of.into_iter().zip(&activity_values) {
        for r in ids {
            by_recipient.entry(r).or_default().push(v.clone_as_boxed());
        }
    }
    let recipients = expr::SharedVal::boxed(Box::new(cel::common::types::CelMap::from(
        by_recipient
            .into_iter()
            .map(|(id, list)| {
                (
                    cel::common::types::CelMapKey::from(id),
                    expr::SharedVal::boxed(Box::new(cel::common::types::CelList::from(list))),
                )
            })
            .collect::<HashMap<_, _>>(),
    )));
    let shared = Arc::new(Shared {
        reference: Reference::embedded(),
        as_of,
        activities,
    });
    let merged = &merged;
    let results: Vec<(Vec<Finding>, Vec<Diagnostic>)> = active
        .par_iter()
        .zip(selected.par_iter())
        .map(|(&i, paths)| {
            let run = Run {
                env: &env,
                shared: &shared,
                tree: tree.as_ref(),
                vendors: by_id.as_ref(),
                recipients: recipients.as_ref(),
                merged,
                as_of,
                sources,
                locate,
            };
            run.policy(i, &policies[i], paths)
        })
        .collect();
    let mut findings = Vec::new();
    let mut diags = Vec::new();
    for (f, d) in results {
        findings.extend(f);
        diags.extend(d);
    }
    (findings, diags)
}

/// One step of a normalized path, owned.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Step {
    Name(String),
    Index(usize),
}

impl Step {
    fn seg(&self) -> Seg<'_> {
        match self {
            Step::Name(n) => Seg::Name(n),
            Step::Index(i) => Seg::Index(*i),
        }
    }
}

/// The normalized paths `select` returns, each once, in document order.
fn select(p: &Policy, json: &serde_json::Value) -> Vec<Vec<Step>> {
    let Some(c) = &p.compiled else {
        return Vec::new();
    };
    let mut seen = HashSet::new();
    let mut paths = Vec::new();
    for node in c.select.query_located(json).iter() {
        // `organisation` is null when none is declared: there is nothing to check.
        if node.node().is_null()
            && matches!(
                node.location().iter().collect::<Vec<_>>()[..],
                [PathElement::Name("organisation")]
            )
        {
            continue;
        }
        let path: Vec<Step> = node
            .location()
            .iter()
            .map(|e| match e {
                PathElement::Name(n) => Step::Name((*n).to_string()),
                PathElement::Index(i) => Step::Index(*i),
            })
            .collect();
        if seen.insert(path.clone()) {
            paths.push(path);
        }
    }
    paths
}

struct Run<'a> {
    env: &'a Arc<cel::Env>,
    shared: &'a Arc<Shared>,
    tree: &'a (dyn Val + 'static),
    vendors: &'a (dyn Val + 'static),
    recipients: &'a (dyn Val + 'static),
    merged: &'a Merged,
    as_of: Date,
    sources: &'a SourceMap,
    locate: &'a Locator<'a>,
}

/// The first evaluation error of a policy and how many nodes failed.
struct EvalError {
    field: Field,
    error: ExprError,
    place: Option<Place>,
    count: usize,
}

impl Run<'_> {
    fn policy(
        &self,
        index: usize,
        p: &Policy,
        selected: &[Vec<Step>],
    ) -> (Vec<Finding>, Vec<Diagnostic>) {
        let Some(c) = &p.compiled else {
            return (Vec::new(), Vec::new());
        };
        let mut paths: Vec<Vec<Seg<'_>>> = Vec::new();
        let mut nodes = Vec::new();
        for path in selected {
            let path: Vec<Seg<'_>> = path.iter().map(Step::seg).collect();
            let mut val = Some(self.tree);
            for seg in &path {
                val = val.and_then(|v| expr::child(v, seg));
            }
            if let Some(v) = val {
                paths.push(path);
                nodes.push(v);
            }
        }
        let vars = Vars {
            inventory: self.tree,
            vendors: self.vendors,
            recipients: self.recipients,
            as_of: CelString::from(self.as_of.to_string()),
            nodes,
            current: AtomicUsize::new(0),
        };
        let ctx = expr::context(self.env, self.shared, &vars);
        let mut findings = Vec::new();
        let mut error: Option<EvalError> = None;
        let mut fail = |field: Field, e: ExprError, place: &Option<Place>| match &mut error {
            Some(err) => err.count += 1,
            None => {
                error = Some(EvalError {
                    field,
                    error: e,
                    place: place.clone(),
                    count: 1,
                })
            }
        };
        for (i, path) in paths.iter().enumerate() {
            vars.select(i);
            let place = self.merged.place(path);
            match c.assert.execute(&ctx) {
                Ok(Value::Bool(true)) => {}
                Ok(Value::Bool(false)) => {
                    let mut message = String::new();
                    for part in &c.message {
                        match part {
                            Part::Text(t) => message.push_str(t),
                            Part::Expr {
                                program,
                                source,
                                start,
                            } => match program.execute(&ctx) {
                                Ok(v) => message.push_str(&expr::render(&v)),
                                Err(e) => {
                                    message.push_str(&format!("{{{{ {source} }}}}"));
                                    let (s, l) = expr::runtime_site(program, source, &e)
                                        .unwrap_or((0, source.chars().count()));
                                    fail(Field::Message, runtime_error(&e, start + s, l), &place);
                                }
                            },
                        }
                    }
                    findings.push(Finding {
                        policy: index,
                        place,
                        message,
                    });
                }
                Ok(other) => {
                    let e = ExprError {
                        start: 0,
                        len: p.meta.assert.chars().count(),
                        message: format!(
                            "`assert` must evaluate to a bool, but gave {} ({})",
                            expr::type_name(&other),
                            expr::render(&other)
                        ),
                        help: Some("write a condition that is true for a compliant node".into()),
                    };
                    fail(Field::Assert, e, &place);
                }
                Err(e) => {
                    let (s, l) = expr::runtime_site(&c.assert, &p.meta.assert, &e)
                        .unwrap_or((0, p.meta.assert.chars().count()));
                    fail(Field::Assert, runtime_error(&e, s, l), &place);
                }
            }
        }
        let mut diags = Vec::new();
        if let Some(err) = error {
            diags.push(self.eval_diagnostic(p, err));
        }
        (findings, diags)
    }

    fn eval_diagnostic(&self, p: &Policy, err: EvalError) -> Diagnostic {
        let on = match &err.place {
            Some(place) => format!(
                "{} `{}` ({})",
                place.kind,
                place.entity,
                self.sources.get(place.file).path
            ),
            None => "the selected node".to_string(),
        };
        let more = match err.count {
            1 => String::new(),
            n => format!(
                " (and {} more node{})",
                n - 1,
                if n == 2 { "" } else { "s" }
            ),
        };
        let mut e = err.error;
        e.message = format!(
            "`{}` of {} failed on {on}{more}: {}",
            err.field.key(),
            p.meta.id,
            e.message
        );
        let mut d = p.diagnostic(Code::PolicyEvaluation, err.field, &e);
        if let Some(place) = &err.place
            && let Some(span) = (self.locate)(place.file, place.doc, &place.pointer)
        {
            d.labels.push(crate::diagnostic::Label {
                file: place.file,
                span,
                message: Some(format!("evaluated on this {}", place.kind)),
            });
        }
        d
    }
}

fn runtime_error(e: &cel::ExecutionError, start: usize, len: usize) -> ExprError {
    let help = match e {
        cel::ExecutionError::NoSuchKey(field) => format!(
            "a field that may be missing must be tested first: `has(self.{field}) && …` (nested: `has(self.a) && has(self.a.b)`)"
        ),
        cel::ExecutionError::NoSuchOverload(_)
        | cel::ExecutionError::UnsupportedBinaryOperator(..)
        | cel::ExecutionError::ValuesNotComparable(..)
        | cel::ExecutionError::UnexpectedType { .. } => {
            "check the types: CEL never converts implicitly (dates are strings, counts are ints)"
                .into()
        }
        _ => "fix the expression; it is evaluated on every node `select` returns".into(),
    };
    ExprError {
        start,
        len,
        message: e.to_string(),
        help: Some(help),
    }
}

/// The span a finding of `policy` at `place` is reported at: the selected node
/// (moved by `report_at`), or the policy's `select` for nodes outside entities.
pub fn finding_pointer(policy: &Policy, place: Option<&Place>) -> String {
    match place {
        Some(place) => match policy
            .meta
            .report_at
            .as_deref()
            .map(|r| r.trim_start_matches('/'))
        {
            Some(rel) if !rel.is_empty() => format!("{}/{rel}", place.pointer),
            _ => place.pointer.clone(),
        },
        None => policy.field_pointer(Field::Select),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlong_expressions_are_refused_before_parsing() {
        assert!(too_long(Field::Assert, &"x".repeat(MAX_EXPRESSION_CHARS)).is_ok());
        let (field, e) =
            too_long(Field::Select, &"x".repeat(MAX_EXPRESSION_CHARS + 1)).expect_err("too long");
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
