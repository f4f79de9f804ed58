//! Compiling a policy: its `select` JSONPath, its `assert` CEL expression and
//! its message template, each checked for length, syntax and unknown names.

use super::*;

/// Longest `select`, `assert` or message template expression accepted: far
/// above what a person writes, and low enough that no expression nests deep
/// enough to exhaust the stack of the parsers or the interpreter.
pub const MAX_EXPRESSION_CHARS: usize = 4096;

pub(super) fn too_long(field: Field, source: &str) -> Result<(), (Field, ExprError)> {
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

pub(super) fn compile(p: &Policy, env: &Arc<cel::Env>) -> Result<Compiled, (Field, ExprError)> {
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
