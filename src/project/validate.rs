//! JSON Schema validation of input documents (and of dpalint.toml), with every
//! error turned into a diagnostic at the right span.
//!
//! Wrong values point at the value, unknown keys at the key (with "did you
//! mean"), missing keys at the parent's key. `oneOf`/`anyOf` failures report the
//! best-matching branch only.
//!
//! The input and config validators are generated at build time from the
//! embedded schemas (`jsonschema::validator`), so a run pays nothing to compile
//! them; the schema JSON itself is parsed only when an error needs its
//! descriptions. A test checks the generated validators against ones compiled
//! at run time, which also validates the schemas against the meta-schema.

use crate::diagnostic::{Code, Diagnostic, Fix};
use crate::project::parse::{Located, escape};
use crate::source::{FileId, Span};
use crate::suggest::{did_you_mean, unique_match};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ErrorIterator, ValidationError, Validator};
use serde_json::Value;
use std::sync::OnceLock;

/// The input format v1 schema, as printed by `dpalint schema`.
pub const INPUT_SCHEMA: &str = include_str!("../../schemas/dpalint-v1.schema.json");
/// The dpalint.toml schema.
pub const CONFIG_SCHEMA: &str = include_str!("../../schemas/dpalint-config.schema.json");
/// The JSON output contract.
pub const OUTPUT_SCHEMA: &str = include_str!("../../schemas/dpalint-output-v1.schema.json");

/// A schema ready to validate: its checker plus the schema document, parsed on
/// first use (only error messages need it).
pub struct CompiledSchema {
    text: &'static str,
    json: OnceLock<Value>,
    check: Check,
}

enum Check {
    /// Generated at build time: no start-up cost.
    Generated(for<'i> fn(&'i Value) -> ErrorIterator<'i>),
    /// Compiled at run time (the differential test, the compile benchmark).
    Runtime(Box<Validator>),
}

#[jsonschema::validator(
    path = "schemas/dpalint-v1.schema.json",
    draft = Draft202012,
    validate_formats = true,
    methods = { is_valid = false, validate = false, iter_errors = true }
)]
struct InputValidator;

#[jsonschema::validator(
    path = "schemas/dpalint-config.schema.json",
    draft = Draft202012,
    validate_formats = true,
    methods = { is_valid = false, validate = false, iter_errors = true }
)]
struct ConfigValidator;

/// The input format v1 schema (validator generated at build time).
pub static INPUT: CompiledSchema =
    CompiledSchema::generated(INPUT_SCHEMA, InputValidator::iter_errors);
/// The dpalint.toml schema (validator generated at build time).
pub static CONFIG: CompiledSchema =
    CompiledSchema::generated(CONFIG_SCHEMA, ConfigValidator::iter_errors);

impl CompiledSchema {
    const fn generated(
        text: &'static str,
        check: for<'i> fn(&'i Value) -> ErrorIterator<'i>,
    ) -> Self {
        CompiledSchema {
            text,
            json: OnceLock::new(),
            check: Check::Generated(check),
        }
    }

    /// Compile `text` at run time, validating it against the draft 2020-12
    /// meta-schema first.
    pub fn compile(text: &'static str) -> Result<CompiledSchema, String> {
        let json: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let validator = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&json)
            .map_err(|e| e.to_string())?;
        Ok(CompiledSchema {
            text,
            json: OnceLock::from(json),
            check: Check::Runtime(Box::new(validator)),
        })
    }

    /// Every error of `instance`, in the validator's order.
    pub fn iter_errors<'i>(&'i self, instance: &'i Value) -> ErrorIterator<'i> {
        match &self.check {
            Check::Generated(check) => check(instance),
            Check::Runtime(validator) => validator.iter_errors(instance),
        }
    }

    /// The schema document.
    pub fn json(&self) -> &Value {
        self.json.get_or_init(|| {
            // An embedded schema that is not JSON cannot get here: the generated
            // validator was built from the same file, and `tests` parse it too.
            serde_json::from_str(self.text).unwrap_or(Value::Null)
        })
    }
}

/// Something that can turn a JSON pointer into spans (a YAML document, a TOML file).
pub trait Locate {
    fn locate(&self, pointer: &str) -> Option<Located>;

    /// The YAML document behind this, for edits at a pointer (safe fixes);
    /// `None` for other inputs (Terraform), which are never edited.
    fn as_yaml(&self) -> Option<&crate::project::parse::Document> {
        None
    }

    /// The deepest existing node on the way to `pointer`.
    fn locate_nearest(&self, pointer: &str) -> Located {
        let mut p = pointer;
        loop {
            if let Some(found) = self.locate(p) {
                return found;
            }
            if p.is_empty() {
                return Located {
                    key: None,
                    value: Span::default(),
                    defined: None,
                    container: true,
                    first_key: None,
                };
            }
            p = p.rfind('/').map_or("", |i| &p[..i]);
        }
    }
}

impl Locate for crate::project::parse::Document {
    fn as_yaml(&self) -> Option<&crate::project::parse::Document> {
        Some(self)
    }

    fn locate(&self, pointer: &str) -> Option<Located> {
        self.lookup(pointer)
    }
}

/// Validate `instance` and map each error onto `doc`'s spans in `file`.
pub fn validate(
    schema: &CompiledSchema,
    instance: &Value,
    file: FileId,
    doc: &dyn Locate,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for error in schema.iter_errors(instance) {
        report(schema, &error, file, doc, &mut out);
    }
    out
}

fn report(
    schema: &CompiledSchema,
    error: &ValidationError<'_>,
    file: FileId,
    doc: &dyn Locate,
    out: &mut Vec<Diagnostic>,
) {
    let pointer = error.instance_path().as_str().to_string();
    let field = field_name(&pointer);
    let value = error.instance();
    match error.kind() {
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            if let Some(best) = best_branch(context) {
                for e in best {
                    report(schema, e, file, doc, out);
                }
                return;
            }
            let at = doc.locate_nearest(&pointer);
            out.push(
                Diagnostic::input(
                    Code::SchemaValue,
                    file,
                    at.primary(),
                    format!("{field} does not match any of the allowed forms"),
                )
                .with_pointer(pointer),
            );
        }
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let known = sibling_properties(schema, error);
            let parent = if pointer.is_empty() {
                "the document root".to_string()
            } else {
                format!("`{field}`")
            };
            // A rename is a fix only when one known key is the one close match,
            // it is not set already, and no other unknown key here would take it.
            let renames: Vec<Option<&str>> = unexpected
                .iter()
                .map(|key| unique_match(key, known.iter().map(String::as_str)))
                .map(|s| s.filter(|s| value.get(*s).is_none()))
                .collect();
            for (key, rename) in unexpected.iter().zip(&renames) {
                let child = format!("{pointer}/{}", escape(key));
                let at = doc
                    .locate(&child)
                    .unwrap_or_else(|| doc.locate_nearest(&pointer));
                let span = at.key.unwrap_or_else(|| at.primary());
                let mut d = Diagnostic::input(
                    Code::SchemaUnknownKey,
                    file,
                    span,
                    format!("unknown key `{key}` in {parent}"),
                )
                .with_pointer(child);
                d.help = Some(match did_you_mean(key, known.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if known.is_empty() => "remove this key".to_string(),
                    None => format!(
                        "remove it or use one of: {}",
                        list(known.iter().map(String::as_str), 12)
                    ),
                });
                if let Some(to) =
                    rename.filter(|to| renames.iter().flatten().filter(|r| *r == to).count() == 1)
                {
                    // The span is the key as written; `ParsedFile::analyse`
                    // keeps the fix only if the key is written plainly or simply quoted.
                    d.fix = Some(Box::new(Fix {
                        title: format!("rename `{key}` to `{to}`"),
                        span,
                        replacement: (*to).to_owned(),
                    }));
                }
                out.push(d);
            }
        }
        ValidationErrorKind::Required { property } => {
            let prop = property.as_str().unwrap_or("?");
            let at = doc.locate_nearest(&pointer);
            let parent = if pointer.is_empty() {
                "the document".to_string()
            } else {
                format!("`{field}`")
            };
            out.push(
                Diagnostic::input(
                    Code::SchemaMissingKey,
                    file,
                    at.primary(),
                    format!("missing required key `{prop}` in {parent}"),
                )
                .with_pointer(pointer.clone())
                .with_help(required_help(prop, &pointer)),
            );
        }
        kind => {
            let at = doc.locate_nearest(&pointer);
            let (message, help) = value_message(schema, error, kind, &field, value);
            let mut d = Diagnostic::input(Code::SchemaValue, file, at.primary(), message)
                .with_pointer(pointer);
            d.help = help;
            out.push(d);
        }
    }
}

fn required_help(prop: &str, pointer: &str) -> String {
    match (prop, pointer) {
        ("dpalint", "") => "add `dpalint: 1` as the first line of every dpalint document".into(),
        _ => format!("add `{prop}:` here"),
    }
}

/// The best branch of a failed `anyOf`/`oneOf`: the one whose errors reach
/// deepest into the instance, then the one with the fewest errors.
fn best_branch<'e>(
    context: &'e [Vec<ValidationError<'static>>],
) -> Option<&'e [ValidationError<'static>]> {
    context
        .iter()
        .filter(|errs| !errs.is_empty())
        .max_by(|a, b| {
            let depth = |errs: &[ValidationError<'_>]| {
                errs.iter()
                    .map(|e| e.instance_path().as_str().matches('/').count())
                    .max()
                    .unwrap_or(0)
            };
            depth(a).cmp(&depth(b)).then(b.len().cmp(&a.len()))
        })
        .map(Vec::as_slice)
}

fn value_message(
    schema: &CompiledSchema,
    error: &ValidationError<'_>,
    kind: &ValidationErrorKind,
    field: &str,
    value: &Value,
) -> (String, Option<String>) {
    let shown = show(value);
    match kind {
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => describe_type(t.as_str()).to_string(),
                TypeKind::Multiple(set) => {
                    let names: Vec<&str> = set
                        .iter()
                        .map(|t| t.as_str())
                        .filter(|t| *t != "null")
                        .map(describe_type)
                        .collect();
                    names.join(" or ")
                }
            };
            let help = match (value, expected.as_str()) {
                (Value::String(s), "a boolean")
                    if matches!(
                        s.to_ascii_lowercase().as_str(),
                        "yes" | "no" | "on" | "off" | "y" | "n"
                    ) =>
                {
                    Some(format!(
                        "YAML 1.2 reads `{s}` as text; write `true` or `false`"
                    ))
                }
                (Value::String(s), "an integer") if s.parse::<f64>().is_ok() || s.contains('_') => {
                    Some(
                        "write the number without quotes, leading zeros or underscores".to_string(),
                    )
                }
                _ => None,
            };
            (format!("`{field}` must be {expected}, found {shown}"), help)
        }
        ValidationErrorKind::Enum { options } => {
            let opts: Vec<String> = options
                .as_array()
                .map(|a| a.iter().filter(|v| !v.is_null()).map(show_plain).collect())
                .unwrap_or_default();
            let suggestion = match value {
                Value::String(s) => did_you_mean(s, opts.iter().map(String::as_str)),
                _ => None,
            };
            let help = match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("use one of: {}", list(opts.iter().map(String::as_str), 24)),
            };
            (
                format!("{shown} is not an allowed value for `{field}`"),
                Some(help),
            )
        }
        ValidationErrorKind::Constant { expected_value } => {
            if field == "dpalint" {
                (
                    format!(
                        "unsupported format version `{}`: this dpalint reads version {}",
                        show_plain(value),
                        show_plain(expected_value)
                    ),
                    Some("write `dpalint: 1`, or upgrade dpalint to read newer inventories".into()),
                )
            } else {
                (
                    format!(
                        "`{field}` must be {}, found {shown}",
                        show_plain(expected_value)
                    ),
                    None,
                )
            }
        }
        ValidationErrorKind::Format { format } if format == "date" => (
            format!("{shown} is not a valid calendar date for `{field}`"),
            Some("dates are written YYYY-MM-DD, e.g. 2026-01-31".into()),
        ),
        ValidationErrorKind::Pattern { pattern } => {
            let what = if pattern.contains("[0-9]{4}-") {
                "a date YYYY-MM-DD".to_string()
            } else {
                schema_description(schema, error)
                    .unwrap_or_else(|| format!("text matching `{pattern}`"))
            };
            (
                format!("{shown} is not a valid value for `{field}`"),
                Some(format!("expected {what}")),
            )
        }
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => (
            format!("`{field}` must be at least {limit}, found {shown}"),
            None,
        ),
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => (
            format!("`{field}` must be at most {limit}, found {shown}"),
            None,
        ),
        ValidationErrorKind::MinLength { limit } => (
            format!("`{field}` must not be empty (at least {limit} characters)"),
            None,
        ),
        _ => (format!("invalid value for `{field}`: {}", error), None),
    }
}

fn describe_type(t: &str) -> &'static str {
    match t {
        "string" => "text",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "a boolean",
        "array" => "a list",
        "object" => "a mapping",
        _ => "null",
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the text `{}`", truncate(s, 60)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

fn show_plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

fn list<'a>(items: impl Iterator<Item = &'a str>, max: usize) -> String {
    let items: Vec<&str> = items.collect();
    let mut s = items
        .iter()
        .take(max)
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > max {
        s.push_str(&format!(", … ({} more)", items.len() - max));
    }
    s
}

/// Last segment of a pointer, with list indices shown on their parent (`data_locations[2]`).
fn field_name(pointer: &str) -> String {
    let mut segments = pointer.rsplit('/');
    let last = segments.next().unwrap_or("");
    if last.is_empty() {
        return "document".into();
    }
    if last.bytes().all(|b| b.is_ascii_digit()) {
        let parent = segments.next().unwrap_or("");
        return format!("{}[{last}]", parent.replace("~1", "/").replace("~0", "~"));
    }
    last.replace("~1", "/").replace("~0", "~")
}

/// The schema object whose keyword failed, found through the keyword's schema path.
fn keyword_parent<'s>(
    schema: &'s CompiledSchema,
    error: &ValidationError<'_>,
) -> Option<&'s Value> {
    // A JSON pointer into the schema document (our schemas are single documents
    // with local `$ref`s only). Validators generated at build time set it, but
    // not `absolute_keyword_location`.
    let path = error.schema_path().as_str();
    let parent = path.rsplit_once('/').map_or("", |(p, _)| p);
    schema.json().pointer(parent)
}

fn sibling_properties(schema: &CompiledSchema, error: &ValidationError<'_>) -> Vec<String> {
    keyword_parent(schema, error)
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn schema_description(schema: &CompiledSchema, error: &ValidationError<'_>) -> Option<String> {
    keyword_parent(schema, error)
        .and_then(|s| s.get("description"))
        .and_then(Value::as_str)
        .map(|d| {
            let first = d.split(". ").next().unwrap_or(d);
            first.trim_end_matches('.').to_string()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_schemas_compile() {
        CompiledSchema::compile(INPUT_SCHEMA).unwrap();
        CompiledSchema::compile(CONFIG_SCHEMA).unwrap();
        assert!(INPUT.json().is_object() && CONFIG.json().is_object());
        let output: Value = serde_json::from_str(OUTPUT_SCHEMA).unwrap();
        jsonschema::draft202012::new(&output).unwrap();
    }

    #[test]
    fn did_you_mean_finds_close_keys() {
        let keys = ["breach", "audits", "security"];
        assert_eq!(did_you_mean("brach", keys.iter().copied()), Some("breach"));
        assert_eq!(did_you_mean("zzzzzz", keys.iter().copied()), None);
    }

    #[test]
    fn one_of_reports_the_best_branch_only() {
        let schema = serde_json::json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": { "x": { "oneOf": [
                { "type": "string" },
                { "type": "object", "additionalProperties": false,
                  "properties": { "mode": { "enum": ["a", "b"] }, "days": { "type": "integer" } } }
            ] } }
        });
        let text: &'static str = Box::leak(schema.to_string().into_boxed_str());
        let compiled = CompiledSchema::compile(text).unwrap();
        let text = "x:\n  mode: c\n  days: 3\n";
        let file = crate::source::SourceFile::new("t.yaml".into(), std::sync::Arc::from(text));
        let loaded = crate::project::parse::load(FileId(0), &file);
        let doc = &loaded.documents[0];
        let json = crate::project::parse::to_json(doc, &mut Vec::new());
        let diags = validate(&compiled, &json, FileId(0), doc);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].pointer, "/x/mode");
        assert_eq!(diags[0].help.as_deref(), Some("use one of: `a`, `b`"));
    }

    #[test]
    fn field_names() {
        assert_eq!(
            field_name("/vendors/0/data_locations/2"),
            "data_locations[2]"
        );
        assert_eq!(field_name("/vendors/0/country"), "country");
        assert_eq!(field_name(""), "document");
    }
}
