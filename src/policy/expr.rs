//! CEL for policies: the environment, what an expression sees (`self`,
//! `inventory`, `as_of` and dpalint's helper functions), static checks of
//! unknown functions and variables, and where in the expression an error is.
//!
//! Positions are char indices into the expression as written (after YAML
//! decoding); `policy::scalar` maps them to the policy file.

use crate::model::Date;
use crate::reference::Reference;
use cel::common::ast::{
    CallExpr, ComprehensionExpr, EntryExpr, Expr, IdedExpr, ListExpr, LiteralValue,
};
use cel::common::traits;
use cel::common::types::{CelList, CelMap, CelMapKey, CelString, DYN_TYPE};
use cel::common::value::{Builtin, BuiltinRef};
use cel::common::value::{CowVal, Val};
use cel::context::VariableResolver;
use cel::objects::Key;
use cel::parser::{Macro, MacroExprHelper};
use cel::{Context, Env, ExecutionError, FunctionContext, Program, Value};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Variables every policy expression sees.
pub const VARIABLES: [&str; 3] = ["self", "inventory", "as_of"];

/// Functions dpalint adds to CEL's standard library.
pub const FUNCTIONS: [&str; 7] = [
    "is_eea",
    "is_adequate",
    "vendor",
    "parent",
    "activities_of",
    "days_between",
    "has_special_categories",
];

/// A problem in an expression: where (char index and length in the
/// expression) and what.
#[derive(Debug, Clone)]
pub struct ExprError {
    pub start: usize,
    pub len: usize,
    pub message: String,
    pub help: Option<String>,
}

/// The CEL environment of a run: the standard library with its macros.
///
/// `vendor(x)` and `parent(x)` are macros expanding to the overloads
/// `@vendor(x, @vendors)` and `@parent(x, @vendors)`: `@vendors` (the vendors
/// by id, built once per run) is an argument, so the vendor found is handed
/// back borrowed instead of being copied on every call. `cel.bind(name, init,
/// expr)` (as in cel-go and Kubernetes) evaluates `init` once.
pub fn env() -> Arc<Env> {
    let mut env = Env::stdlib();
    // Declaring dpalint's own overloads and macros on a fresh standard
    // environment cannot clash; if it ever did, the context functions of
    // `context` would still serve every call, only slower.
    let _ = env.add_overload(
        "@vendor",
        "dpalint_vendor",
        vec![DYN_TYPE, DYN_TYPE],
        vendor_overload,
    );
    let _ = env.add_overload(
        "@parent",
        "dpalint_parent",
        vec![DYN_TYPE, DYN_TYPE],
        parent_overload,
    );
    let _ = env.add_overload(
        "@activities_of",
        "dpalint_activities_of",
        vec![DYN_TYPE, DYN_TYPE],
        activities_of_overload,
    );
    for (name, index) in [
        ("vendor", VENDORS),
        ("parent", VENDORS),
        ("activities_of", RECIPIENTS),
    ] {
        let _ = env.add_macro(Macro::global(name, 1, move |helper, _target, args| {
            let Some(arg) = args.pop() else {
                return Ok(None);
            };
            let index = helper.next_expr(Expr::Ident(index.into()));
            Ok(Some(helper.next_expr(Expr::Call(CallExpr {
                func_name: format!("@{name}"),
                target: None,
                args: vec![arg, index],
            }))))
        }));
    }
    let _ = env.add_macro(Macro::receiver("bind", 3, bind_macro));
    Arc::new(env)
}

/// The hidden variable holding the vendors by id.
const VENDORS: &str = "@vendors";
/// The hidden variable holding, by vendor id, the activities naming it as a recipient.
const RECIPIENTS: &str = "@recipients";

/// `cel.bind(name, init, expr)`: `expr` with `name` bound to `init`.
fn bind_macro(
    helper: &mut MacroExprHelper<'_>,
    target: &mut Option<IdedExpr>,
    args: &mut Vec<IdedExpr>,
) -> Result<Option<IdedExpr>, cel::ParseError> {
    if !matches!(target.as_ref().map(|t| &t.expr), Some(Expr::Ident(n)) if n == "cel") {
        return Ok(None);
    }
    let (Some(result), Some(init), Some(var)) = (args.pop(), args.pop(), args.pop()) else {
        return Ok(None);
    };
    let Expr::Ident(name) = var.expr else {
        return Err(helper.new_error(
            var.id,
            "cel.bind() variable name must be a simple identifier",
        ));
    };
    let bind = ComprehensionExpr {
        iter_range: helper.next_expr(Expr::List(ListExpr::new(Vec::new()))),
        iter_var: "#unused".to_owned(),
        iter_var2: None,
        accu_var: name.clone(),
        accu_init: init,
        loop_cond: helper.next_expr(Expr::Literal(LiteralValue::Boolean(false.into()))),
        loop_step: helper.next_expr(Expr::Ident(name)),
        result,
    };
    Ok(Some(helper.next_expr(Expr::Comprehension(Box::new(bind)))))
}

/// `@vendor(id, @vendors)`: the vendor with this id, borrowed, or null.
fn vendor_overload<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> Result<CowVal<'b, 'v>, ExecutionError> {
    let [x, index] = two(args)?;
    if is_null(x.as_ref()) {
        return Ok(null());
    }
    let id = x
        .downcast_ref::<CelString>()
        .map(|s| s.inner().to_string())
        .ok_or_else(|| {
            ExecutionError::function_error(
                "vendor",
                format!("expects a vendor id string, got {}", type_of(x.as_ref())),
            )
        })?;
    Ok(lookup(index, &id))
}

/// `@parent(vendor, @vendors)`: the vendor's parent, borrowed, or null.
fn parent_overload<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> Result<CowVal<'b, 'v>, ExecutionError> {
    let [x, index] = two(args)?;
    if is_null(x.as_ref()) {
        return Ok(null());
    }
    let parent_of = |v: &dyn Val| -> Option<String> {
        map_get(v.downcast_ref::<CelMap>()?, "parent")
            .and_then(|p| p.downcast_ref::<CelString>())
            .map(|p| p.inner().to_string())
    };
    let parent = if let Some(id) = x.downcast_ref::<CelString>() {
        // A vendor id: that vendor's parent.
        index
            .downcast_ref::<CelMap>()
            .and_then(|m| map_get(m, id.inner()))
            .and_then(parent_of)
    } else if x.downcast_ref::<CelMap>().is_some() {
        parent_of(x.as_ref())
    } else {
        return Err(ExecutionError::function_error(
            "parent",
            format!(
                "expects a vendor (map) or vendor id, got {}",
                type_of(x.as_ref())
            ),
        ));
    };
    Ok(match parent {
        Some(p) => lookup(index, &p),
        None => null(),
    })
}

/// `@activities_of(vendor, @recipients)`: the activities listing the vendor
/// (or vendor id) among their recipients, borrowed; `[]` for none.
fn activities_of_overload<'b, 'v>(
    args: Vec<CowVal<'b, 'v>>,
) -> Result<CowVal<'b, 'v>, ExecutionError> {
    let [x, index] = two(args)?;
    let empty = || CowVal::owned(CelList::from(Vec::<Box<dyn Val + 'v>>::new()));
    if is_null(x.as_ref()) {
        return Ok(empty());
    }
    let id = if let Some(id) = x.downcast_ref::<CelString>() {
        id.inner().to_string()
    } else if let Some(map) = x.downcast_ref::<CelMap>() {
        match map_get(map, "id").and_then(|i| i.downcast_ref::<CelString>()) {
            Some(id) => id.inner().to_string(),
            None => return Ok(empty()),
        }
    } else {
        return Err(ExecutionError::function_error(
            "activities_of",
            format!(
                "expects a vendor (map) or vendor id, got {}",
                type_of(x.as_ref())
            ),
        ));
    };
    let found = lookup(index, &id);
    Ok(if is_null(found.as_ref()) {
        empty()
    } else {
        found
    })
}

fn two<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> Result<[CowVal<'b, 'v>; 2], ExecutionError> {
    args.try_into()
        .map_err(|a: Vec<_>| ExecutionError::invalid_argument_count(2, a.len()))
}

fn null<'b, 'v>() -> CowVal<'b, 'v> {
    CowVal::owned(cel::common::types::CelNull)
}

/// The entry `id` of the vendor index, borrowed when the index is.
fn lookup<'b, 'v>(index: CowVal<'b, 'v>, id: &str) -> CowVal<'b, 'v> {
    match index {
        CowVal::Borrowed(map) => map
            .downcast_ref::<CelMap>()
            .and_then(|m| map_get(m, id))
            .map_or_else(null, CowVal::Borrowed),
        CowVal::Owned(map) => map
            .downcast_ref::<CelMap>()
            .and_then(|m| map_get(m, id))
            .map_or_else(null, |v| CowVal::Owned(v.clone_as_boxed())),
    }
}

/// Compile `source` and check that every function and variable it uses exists.
pub fn compile(env: &Arc<Env>, source: &str) -> Result<Program, ExprError> {
    let program = env.compile(source).map_err(|errors| {
        let first = errors.errors.first();
        let (line, column) = first.map_or((1, 1), |e| e.pos);
        let message = first.map_or_else(|| errors.to_string(), |e| e.msg.clone());
        ExprError {
            start: char_index_of(source, line, column),
            len: 1,
            message,
            help: None,
        }
    })?;
    let mut checker = Checker {
        env,
        source,
        info: program.source_info(),
        scope: Vec::new(),
        error: None,
    };
    checker.walk(program.expression());
    match checker.error {
        Some(e) => Err(e),
        None => Ok(program),
    }
}

/// Char index of a 1-based (line, column) CEL reports (columns count chars).
fn char_index_of(source: &str, line: isize, column: isize) -> usize {
    let line = usize::try_from(line.max(1) - 1).unwrap_or(0);
    let column = usize::try_from(column.max(1) - 1).unwrap_or(0);
    let mut index = 0;
    for (n, l) in source.split_inclusive('\n').enumerate() {
        if n == line {
            return index + column.min(l.chars().count());
        }
        index += l.chars().count();
    }
    index
}

fn byte_to_char(source: &str, byte: usize) -> usize {
    let mut b = byte.min(source.len());
    while !source.is_char_boundary(b) {
        b -= 1;
    }
    source[..b].chars().count()
}

/// Whether `name` is a function of the environment (standard library).
fn declared(env: &Arc<Env>, name: &str) -> bool {
    // `add_function` refuses names the environment declares: a probe without side effects.
    let mut probe = Context::with_env(Arc::clone(env));
    probe.add_function(name, || 0i64).is_err()
}

/// Type names usable as values (`type(x) == string`).
const TYPE_NAMES: [&str; 11] = [
    "bool",
    "bytes",
    "double",
    "int",
    "list",
    "map",
    "null_type",
    "string",
    "type",
    "uint",
    "dyn",
];

struct Checker<'a> {
    env: &'a Arc<Env>,
    source: &'a str,
    info: &'a cel::common::ast::SourceInfo,
    scope: Vec<String>,
    error: Option<ExprError>,
}

impl Checker<'_> {
    fn fail(&mut self, at: (usize, usize), message: String, help: Option<String>) {
        if self.error.as_ref().is_none_or(|e| at.0 < e.start) {
            self.error = Some(ExprError {
                start: at.0,
                len: at.1,
                message,
                help,
            });
        }
    }

    fn site(&self, e: &IdedExpr) -> (usize, usize) {
        node_site_with(self.source, e, Some(self.info))
            .unwrap_or_else(|| fallback_site(self.source, e))
    }

    fn walk(&mut self, e: &IdedExpr) {
        match &e.expr {
            Expr::Ident(name) => {
                if !self.scope.iter().any(|s| s == name)
                    && !name.starts_with('@')
                    && !VARIABLES.contains(&name.as_str())
                    && !TYPE_NAMES.contains(&name.as_str())
                    && self.env.types().find_type(name).is_none()
                {
                    let at = self.site(e);
                    let candidates = VARIABLES
                        .iter()
                        .copied()
                        .chain(self.scope.iter().map(String::as_str));
                    let help = match crate::suggest::did_you_mean(name, candidates) {
                        Some(s) => format!("did you mean `{s}`? "),
                        None => String::new(),
                    };
                    self.fail(
                        at,
                        format!("undeclared reference to `{name}`"),
                        Some(format!(
                            "{help}a policy expression sees `self` (the selected node), `inventory` and `as_of`"
                        )),
                    );
                }
            }
            Expr::Call(call) => {
                if let Some(message) =
                    misuse(&call.func_name, call.target.is_some(), call.args.len())
                {
                    let at = self.site(e);
                    self.fail(
                        at,
                        message,
                        Some(format!(
                            "dpalint's functions are {}; see docs/policies.md",
                            FUNCTIONS.join(", ")
                        )),
                    );
                }
                let operator = call.func_name.starts_with(['_', '@', '!', '-']);
                let namespaced = call
                    .target
                    .as_deref()
                    .and_then(|t| qualified(&t.expr))
                    .is_some_and(|q| declared(self.env, &format!("{q}.{}", call.func_name)));
                if !operator
                    && !namespaced
                    && !FUNCTIONS.contains(&call.func_name.as_str())
                    && !declared(self.env, &call.func_name)
                {
                    let at = self.site(e);
                    let help = match crate::suggest::did_you_mean(
                        &call.func_name,
                        FUNCTIONS
                            .iter()
                            .copied()
                            .chain(STD_FUNCTIONS.iter().copied()),
                    ) {
                        Some(s) => format!("did you mean `{s}`? "),
                        None => String::new(),
                    };
                    self.fail(
                        at,
                        format!("undeclared reference to function `{}`", call.func_name),
                        Some(format!(
                            "{help}dpalint adds {} to CEL's standard functions",
                            FUNCTIONS.join(", ")
                        )),
                    );
                }
                if let Some(t) = &call.target
                    && !namespaced
                {
                    self.walk(t);
                }
                for a in &call.args {
                    self.walk(a);
                }
            }
            Expr::Select(s) => self.walk(&s.operand),
            Expr::Comprehension(c) => {
                self.walk(&c.iter_range);
                self.walk(&c.accu_init);
                let before = self.scope.len();
                self.scope.push(c.iter_var.clone());
                if let Some(v) = &c.iter_var2 {
                    self.scope.push(v.clone());
                }
                self.scope.push(c.accu_var.clone());
                self.walk(&c.loop_cond);
                self.walk(&c.loop_step);
                self.walk(&c.result);
                self.scope.truncate(before);
            }
            Expr::List(l) => {
                for x in &l.elements {
                    self.walk(x);
                }
            }
            Expr::Map(m) => {
                for entry in &m.entries {
                    if let EntryExpr::MapEntry(me) = &entry.expr {
                        self.walk(&me.key);
                        self.walk(&me.value);
                    }
                }
            }
            Expr::Struct(s) => {
                for entry in &s.entries {
                    if let EntryExpr::StructField(f) = &entry.expr {
                        self.walk(&f.value);
                    }
                }
            }
            Expr::Literal(_) | Expr::Unspecified => {}
        }
    }
}

/// A call of one of dpalint's functions that cannot work: wrong number of
/// arguments, or `vendor`/`parent` written as methods (`vendor(x)` and
/// `parent(x)` calls with one argument are expanded by macros before this).
fn misuse(name: &str, method: bool, args: usize) -> Option<String> {
    let arity = match name {
        "vendor" | "parent" | "activities_of" => 0,
        "days_between" => 2,
        "is_eea" | "is_adequate" | "has_special_categories" => 1,
        _ => return None,
    };
    if arity == 0 {
        return Some(format!("`{name}` takes one argument, as in `{name}(x)`"));
    }
    let given = args + usize::from(method);
    (given != arity).then(|| {
        format!(
            "`{name}` takes {arity} argument{}, {given} given",
            if arity == 1 { "" } else { "s" }
        )
    })
}

/// Standard CEL function names, for "did you mean" only.
const STD_FUNCTIONS: [&str; 14] = [
    "size",
    "contains",
    "startsWith",
    "endsWith",
    "matches",
    "int",
    "uint",
    "double",
    "string",
    "bool",
    "type",
    "exists",
    "all",
    "filter",
];

/// `a.b.c` spelled by an expression (identifier and field selections).
fn qualified(e: &Expr) -> Option<String> {
    match e {
        Expr::Ident(name) => Some(name.clone()),
        Expr::Select(s) if !s.test => {
            qualified(&s.operand.expr).map(|q| format!("{q}.{}", s.field))
        }
        _ => None,
    }
}

/// (char start, char length) of the token that stands for `e`: an identifier,
/// the field name of a selection, the name of a called function, an operator.
fn node_site_with(
    source: &str,
    e: &IdedExpr,
    info: Option<&cel::common::ast::SourceInfo>,
) -> Option<(usize, usize)> {
    let (start, stop) = match info {
        Some(i) => i.offset_for(e.id)?,
        None => return Some(fallback_site(source, e)),
    };
    let (start, stop) = (start as usize, stop as usize);
    Some(site_from_offsets(source, e, start, stop))
}

fn fallback_site(source: &str, e: &IdedExpr) -> (usize, usize) {
    // Without source info, search the name in the text.
    let name = match &e.expr {
        Expr::Ident(n) => n.as_str(),
        Expr::Call(c) => c.func_name.as_str(),
        Expr::Select(s) => s.field.as_str(),
        _ => return (0, 1),
    };
    source
        .find(name)
        .map_or((0, 1), |b| (byte_to_char(source, b), name.chars().count()))
}

fn site_from_offsets(source: &str, e: &IdedExpr, start: usize, stop: usize) -> (usize, usize) {
    let start = start.min(source.len());
    let stop = stop.min(source.len().saturating_sub(1)).max(start);
    let len_of = |b: usize, n: &str| (byte_to_char(source, b), n.chars().count().max(1));
    match &e.expr {
        Expr::Select(s) => {
            // The offset is the `.`; the field name follows it.
            let after = &source[start..];
            let field_at = after.find(s.field.as_str()).map_or(start, |i| start + i);
            len_of(field_at, &s.field)
        }
        Expr::Call(c)
            if !c.func_name.starts_with(['_', '!', '-'])
                && c.func_name
                    .trim_start_matches('@')
                    .starts_with(char::is_alphabetic) =>
        {
            // The offset is the `(`; the name precedes it (`@vendor` is written `vendor`).
            let name = c.func_name.trim_start_matches('@');
            let head = source[..start].trim_end();
            if head.ends_with(name) {
                len_of(head.len() - name.len(), name)
            } else {
                (byte_to_char(source, start), 1)
            }
        }
        _ => {
            let end = source[stop..]
                .chars()
                .next()
                .map_or(stop, |c| stop + c.len_utf8());
            let a = byte_to_char(source, start);
            (a, byte_to_char(source, end).saturating_sub(a).max(1))
        }
    }
}

/// Where in `program` an evaluation error most likely comes from: the first
/// node (in source order) the error names; `None` when it names none.
pub fn runtime_site(
    program: &Program,
    source: &str,
    err: &ExecutionError,
) -> Option<(usize, usize)> {
    let wanted: Box<dyn Fn(&Expr) -> bool> = match err {
        ExecutionError::NoSuchKey(field) => {
            let field = field.to_string();
            Box::new(move |e| matches!(e, Expr::Select(s) if !s.test && s.field == field))
        }
        ExecutionError::NoSuchOverload(o) => {
            let f = o.function().trim_start_matches('@').to_string();
            Box::new(
                move |e| matches!(e, Expr::Call(c) if c.func_name.trim_start_matches('@') == f),
            )
        }
        ExecutionError::UndeclaredReference(name) => {
            let name = name.to_string();
            Box::new(move |e| match e {
                Expr::Ident(n) => *n == name,
                Expr::Call(c) => c.func_name == name,
                _ => false,
            })
        }
        ExecutionError::FunctionError { function, .. } => {
            let f = function.trim_start_matches('@').to_string();
            Box::new(
                move |e| matches!(e, Expr::Call(c) if c.func_name.trim_start_matches('@') == f),
            )
        }
        ExecutionError::UnsupportedBinaryOperator(op, ..) => {
            let name = match *op {
                "add" => "_+_",
                "sub" => "_-_",
                "mul" => "_*_",
                "div" => "_/_",
                "rem" => "_%_",
                other => other,
            };
            Box::new(move |e| matches!(e, Expr::Call(c) if c.func_name == name))
        }
        ExecutionError::DivisionByZero(_) => {
            Box::new(|e| matches!(e, Expr::Call(c) if c.func_name == "_/_"))
        }
        ExecutionError::RemainderByZero(_) => {
            Box::new(|e| matches!(e, Expr::Call(c) if c.func_name == "_%_"))
        }
        _ => return None,
    };
    let mut found: Vec<(usize, usize)> = Vec::new();
    visit(program.expression(), &mut |e| {
        if wanted(&e.expr)
            && let Some(site) = node_site_with(source, e, Some(program.source_info()))
        {
            found.push(site);
        }
    });
    found.into_iter().min()
}

fn visit(e: &IdedExpr, f: &mut dyn FnMut(&IdedExpr)) {
    f(e);
    match &e.expr {
        Expr::Call(c) => {
            if let Some(t) = &c.target {
                visit(t, f);
            }
            for a in &c.args {
                visit(a, f);
            }
        }
        Expr::Select(s) => visit(&s.operand, f),
        Expr::Comprehension(c) => {
            for x in [
                &c.iter_range,
                &c.accu_init,
                &c.loop_cond,
                &c.loop_step,
                &c.result,
            ] {
                visit(x, f);
            }
        }
        Expr::List(l) => {
            for x in &l.elements {
                visit(x, f);
            }
        }
        Expr::Map(m) => {
            for entry in &m.entries {
                if let EntryExpr::MapEntry(me) = &entry.expr {
                    visit(&me.key, f);
                    visit(&me.value, f);
                }
            }
        }
        Expr::Struct(s) => {
            for entry in &s.entries {
                if let EntryExpr::StructField(sf) = &entry.expr {
                    visit(&sf.value, f);
                }
            }
        }
        Expr::Ident(_) | Expr::Literal(_) | Expr::Unspecified => {}
    }
}

/// A CEL value as text for message templates: strings as they are, lists as
/// `a, b`, everything else in CEL-like notation.
pub fn render(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Int(i) => i.to_string(),
        Value::UInt(u) => u.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        Value::List(items) => items.iter().map(render).collect::<Vec<_>>().join(", "),
        Value::Map(m) => {
            let mut entries: Vec<(String, String)> = m
                .map
                .iter()
                .map(|(k, v)| {
                    let k = match k {
                        Key::String(s) => s.to_string(),
                        Key::Int(i) => i.to_string(),
                        Key::Uint(u) => u.to_string(),
                        Key::Bool(b) => b.to_string(),
                    };
                    (k, render(v))
                })
                .collect();
            entries.sort();
            let body: Vec<String> = entries
                .into_iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            format!("{{{}}}", body.join(", "))
        }
        other => format!("{other:?}"),
    }
}

/// CEL's name of a value's type, for messages.
pub fn type_name(v: &Value) -> String {
    v.type_of().to_string()
}

/// Data behind the helper functions, shared by every policy of a run.
pub struct Shared {
    pub reference: &'static Reference,
    pub as_of: Date,
    /// Each activity by id (cheap clones of the inventory's nodes).
    pub activities: HashMap<String, Box<dyn Val + 'static>>,
}

/// A context for evaluating policy expressions: the helper functions, and
/// variables served by `vars`.
pub fn context<'v>(env: &Arc<Env>, shared: &Arc<Shared>, vars: &'v Vars<'_>) -> Context<'v, 'v> {
    let mut ctx = Context::with_env(Arc::clone(env));
    ctx.set_variable_resolver(vars);
    let s = Arc::clone(shared);
    let _ = ctx.add_function(
        "is_eea",
        move |ftx: &FunctionContext| -> Result<Value, ExecutionError> {
            let args = arguments(ftx, 1)?;
            let code = string_arg(ftx, args[0], "a country code string")?;
            Ok(Value::Bool(s.reference.is_eea(code)))
        },
    );
    let s = Arc::clone(shared);
    let _ = ctx.add_function(
        "is_adequate",
        move |ftx: &FunctionContext| -> Result<Value, ExecutionError> {
            let args = arguments(ftx, 1)?;
            let code = string_arg(ftx, args[0], "a country code string")?;
            Ok(Value::Bool(s.reference.adequate_full(code, s.as_of)))
        },
    );
    let _ = ctx.add_function(
        "days_between",
        move |ftx: &FunctionContext| -> Result<Value, ExecutionError> {
            let args = arguments(ftx, 2)?;
            let from = date_arg(ftx, args[0])?;
            let to = date_arg(ftx, args[1])?;
            Ok(Value::Int(from.days_until(to)))
        },
    );
    let s = Arc::clone(shared);
    let _ = ctx.add_function(
        "has_special_categories",
        move |ftx: &FunctionContext| -> Result<Value, ExecutionError> {
            let args = arguments(ftx, 1)?;
            let activity: &dyn Val = match args[0].downcast_ref::<CelString>() {
                // An activity id.
                Some(id) => match s.activities.get(id.inner()) {
                    Some(a) => a.as_ref(),
                    None => return Ok(Value::Bool(false)),
                },
                None => args[0],
            };
            let map = map_arg(ftx, activity, "an activity (map) or activity id")?;
            let found = map_get(map, "data_categories")
                .and_then(|l| l.downcast_ref::<CelList>())
                .is_some_and(|l| {
                    l.inner().iter().any(|c| {
                        c.downcast_ref::<CelString>()
                            .is_some_and(|s| s.inner().starts_with("special:"))
                    })
                });
            Ok(Value::Bool(found))
        },
    );
    ctx
}

/// The arguments of a call, the receiver of `x.f()` first.
fn arguments<'a>(
    ftx: &'a FunctionContext<'_, '_>,
    n: usize,
) -> Result<Vec<&'a dyn Val>, ExecutionError> {
    let args: Vec<&dyn Val> = ftx
        .this
        .iter()
        .chain(ftx.args.iter())
        .map(|v| v.as_ref())
        .collect();
    if args.len() == n {
        Ok(args)
    } else {
        Err(ExecutionError::invalid_argument_count(n, args.len()))
    }
}

fn is_null(v: &dyn Val) -> bool {
    v.downcast_ref::<cel::common::types::CelNull>().is_some()
}

fn type_of(v: &dyn Val) -> String {
    v.get_type().name().to_string()
}

fn string_arg<'a>(
    ftx: &FunctionContext<'_, '_>,
    v: &'a dyn Val,
    what: &str,
) -> Result<&'a str, ExecutionError> {
    v.downcast_ref::<CelString>()
        .map(|s| s.inner())
        .ok_or_else(|| ftx.error(format!("expects {what}, got {}", type_of(v))))
}

fn map_arg<'a, 'v>(
    ftx: &FunctionContext<'_, '_>,
    v: &'a (dyn Val + 'v),
    what: &str,
) -> Result<&'a CelMap<'v>, ExecutionError> {
    v.downcast_ref::<CelMap>()
        .ok_or_else(|| ftx.error(format!("expects {what}, got {}", type_of(v))))
}

fn date_arg(ftx: &FunctionContext<'_, '_>, v: &dyn Val) -> Result<Date, ExecutionError> {
    let s = string_arg(ftx, v, "a date string (YYYY-MM-DD)")?;
    Date::parse(s).ok_or_else(|| ftx.error(format!("`{s}` is not a date (YYYY-MM-DD)")))
}

fn map_get<'a, 'v>(map: &'a CelMap<'v>, key: &str) -> Option<&'a (dyn Val + 'v)> {
    let key: CelMapKey<'v> = CelMapKey::from(key.to_string());
    map.inner().get(&key).map(|v| v.as_ref())
}

/// A child of a CEL value by map key or list index.
pub fn child<'a>(v: &'a (dyn Val + 'static), seg: &Seg<'_>) -> Option<&'a (dyn Val + 'static)> {
    match seg {
        Seg::Name(n) => map_get(v.downcast_ref::<CelMap>()?, n),
        Seg::Index(i) => v
            .downcast_ref::<CelList>()?
            .inner()
            .get(*i)
            .map(|b| b.as_ref()),
    }
}

/// One step of a path into the inventory.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Seg<'a> {
    Name(&'a str),
    Index(usize),
}

/// The variables of a policy evaluation: `inventory`, `as_of`, and `self`,
/// which is the node at `current`.
pub struct Vars<'a> {
    pub inventory: &'a (dyn Val + 'static),
    /// The first vendor of each id (`@vendors`, for `vendor()` and `parent()`).
    pub vendors: &'a (dyn Val + 'static),
    /// Activities by recipient id (`@recipients`, for `activities_of()`).
    pub recipients: &'a (dyn Val + 'static),
    pub as_of: CelString<'static>,
    pub nodes: Vec<&'a (dyn Val + 'static)>,
    pub current: AtomicUsize,
}

impl Vars<'_> {
    pub fn select(&self, i: usize) {
        self.current.store(i, Ordering::Relaxed);
    }
}

impl VariableResolver for Vars<'_> {
    fn resolve<'b>(&'b self, variable: &str) -> Option<CowVal<'b, 'b>> {
        match variable {
            "self" => self
                .nodes
                .get(self.current.load(Ordering::Relaxed))
                .map(|v| CowVal::Borrowed(*v)),
            "inventory" => Some(CowVal::Borrowed(self.inventory)),
            VENDORS => Some(CowVal::Borrowed(self.vendors)),
            RECIPIENTS => Some(CowVal::Borrowed(self.recipients)),
            "as_of" => Some(CowVal::Borrowed(&self.as_of)),
            _ => None,
        }
    }
}

/// A JSON value as a CEL value tree, built once per run: integers are `int`
/// (as CEL literals are); object members that are `null` are left out, because
/// an explicit null means "not established" in format v1, exactly like a
/// missing key (`has()` is false). Maps and lists are [`SharedVal`]s, so the
/// copies the interpreter makes (a comprehension binding each element, a list
/// literal, `vendor()`) cost a reference count, not a deep copy.
pub fn build(v: serde_json::Value) -> Box<dyn Val + 'static> {
    match v {
        serde_json::Value::Null => Box::new(cel::common::types::CelNull),
        serde_json::Value::Bool(b) => Box::new(cel::common::types::CelBool::from(b)),
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Box::new(cel::common::types::CelInt::from(i))
            } else if let Some(u) = n.as_u64() {
                Box::new(cel::common::types::CelUInt::from(u))
            } else {
                Box::new(cel::common::types::CelDouble::from(
                    n.as_f64().unwrap_or(f64::NAN),
                ))
            }
        }
        // Strings move into the tree: the JSON is consumed, not copied.
        serde_json::Value::String(s) => Box::new(CelString::from(s)),
        serde_json::Value::Array(items) => {
            // The entity lists are long: build their items in parallel.
            let items: Vec<Box<dyn Val + 'static>> = if items.len() > 64 {
                use rayon::prelude::*;
                items.into_par_iter().map(build).collect()
            } else {
                items.into_iter().map(build).collect()
            };
            SharedVal::boxed(Box::new(CelList::from(items)))
        }
        serde_json::Value::Object(map) => {
            let entries: HashMap<CelMapKey<'static>, Box<dyn Val + 'static>> = map
                .into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (CelMapKey::from(k), build(v)))
                .collect();
            SharedVal::boxed(Box::new(CelMap::from(entries)))
        }
    }
}

/// A map or list shared by reference count: every operation is the wrapped
/// value's, a clone is a new reference.
#[derive(Debug, Clone)]
pub struct SharedVal(Arc<Box<dyn Val + 'static>>);

impl SharedVal {
    pub fn boxed(inner: Box<dyn Val + 'static>) -> Box<dyn Val + 'static> {
        Box::new(SharedVal(Arc::new(inner)))
    }

    fn inner(&self) -> &(dyn Val + 'static) {
        self.0.as_ref().as_ref()
    }
}

impl traits::Indexer for SharedVal {
    fn get<'b, 'v>(&'b self, idx: &dyn Val) -> Result<CowVal<'b, 'v>, ExecutionError>
    where
        Self: 'v,
    {
        match self.inner().as_indexer() {
            Some(indexer) => indexer.get(idx),
            None => Err(ExecutionError::no_such_overload(
                "_[_]",
                vec![
                    self.get_type().name().to_owned(),
                    idx.get_type().name().to_owned(),
                ],
            )),
        }
    }

    fn steal<'v>(self: Box<Self>, idx: &dyn Val) -> Result<Box<dyn Val + 'v>, ExecutionError>
    where
        Self: 'v,
    {
        self.get(idx).map(CowVal::into_owned)
    }
}

impl Val for SharedVal {
    fn get_type(&self) -> &cel::common::types::Type {
        self.inner().get_type()
    }

    fn cel_type() -> &'static cel::common::types::Type
    where
        Self: Sized,
    {
        // Only asked of types named in `add_overload!`, which this one never is.
        &DYN_TYPE
    }

    fn as_adder<'b, 'v>(&'b self) -> Option<&'b (dyn traits::Adder + 'v)>
    where
        Self: 'v,
    {
        self.inner().as_adder()
    }

    fn as_comparer(&self) -> Option<&dyn traits::Comparer> {
        self.inner().as_comparer()
    }

    fn as_container(&self) -> Option<&dyn traits::Container> {
        self.inner().as_container()
    }

    fn as_indexer<'b, 'v>(&'b self) -> Option<&'b (dyn traits::Indexer + 'v)>
    where
        Self: 'v,
    {
        self.inner().as_indexer()
    }

    fn into_indexer<'v>(self: Box<Self>) -> Option<Box<dyn traits::Indexer + 'v>>
    where
        Self: 'v,
    {
        // Asked when indexing a value nothing else refers to (`a.?b.?c`): the
        // element is cloned out, which for shared maps and lists is cheap.
        self.inner().as_indexer()?;
        Some(self)
    }

    fn as_iterable<'b, 'v>(&'b self) -> Option<&'b (dyn traits::Iterable + 'v)>
    where
        Self: 'v,
    {
        self.inner().as_iterable()
    }

    fn as_sizer(&self) -> Option<&dyn traits::Sizer> {
        self.inner().as_sizer()
    }

    fn as_zeroer(&self) -> Option<&dyn traits::Zeroer> {
        self.inner().as_zeroer()
    }

    fn equals(&self, other: &dyn Val) -> bool {
        self.inner().equals(other)
    }

    fn clone_as_boxed<'v>(&self) -> Box<dyn Val + 'v>
    where
        Self: 'v,
    {
        Box::new(self.clone())
    }

    fn as_builtin<'b, 'v>(&'b self) -> BuiltinRef<'b, 'v>
    where
        Self: 'v,
    {
        self.inner().as_builtin()
    }

    fn into_builtin<'v>(self: Box<Self>) -> Option<Builtin<'v>>
    where
        Self: 'v,
    {
        match self.inner().as_builtin() {
            BuiltinRef::Map(m) => Some(Builtin::Map(m.clone())),
            BuiltinRef::List(l) => Some(Builtin::List(l.clone())),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> ExprError {
        compile(&env(), src).expect_err("an error")
    }

    #[test]
    fn syntax_errors_have_char_positions() {
        let e = err("'é' + ");
        assert_eq!(e.start, 6);
        assert!(e.message.contains("Syntax error"), "{}", e.message);
        let e = err("a ==\n  b )");
        assert_eq!(e.start, "a ==\n  b ".chars().count());
    }

    #[test]
    fn unknown_functions_and_variables_are_found() {
        let e = err("self.data_locations.all(l, is_eaa(l))");
        assert_eq!(e.start, 27);
        assert_eq!(e.len, 6);
        assert!(e.help.as_deref().unwrap().contains("is_eea"));
        let e = err("'é' == slef.name");
        assert_eq!(e.start, 7);
        assert_eq!(e.len, 4);
        let e = err("self.x.frobnicate()");
        assert_eq!((e.start, e.len), (7, 10));
        // Comprehension variables, type names, standard and dpalint functions are known.
        for ok in [
            "self.l.all(x, x.size() > 0 && type(x) == string)",
            "inventory.vendors.exists(v, v.id == self.parent)",
            "self.l.map(x, int(x)).filter(y, y > 1).size() == 0",
            "has(self.a) && self.a.startsWith('x') && matches(self.a, '^x')",
            "is_eea('DE') && is_adequate('CH') && vendor('x') == null && parent(self) == null",
            "days_between(as_of, '2030-01-01') > 0 && has_special_categories(self)",
            "optional.of(1).hasValue()",
        ] {
            assert!(
                compile(&env(), ok).is_ok(),
                "{ok}: {:?}",
                compile(&env(), ok).err()
            );
        }
    }

    #[test]
    fn runtime_errors_point_at_the_culprit() {
        let env = env();
        let inventory = build(serde_json::json!({}));
        let node = build(serde_json::json!({"n": 3, "s": "x", "nul": null}));
        let vendors = build(serde_json::json!({
            "p": {"id": "p", "name": "P"},
            "s": {"id": "s", "parent": "p"}
        }));
        let recipients = build(serde_json::json!({"s": [{"id": "a1"}]}));
        let vars = Vars {
            inventory: inventory.as_ref(),
            vendors: vendors.as_ref(),
            recipients: recipients.as_ref(),
            as_of: CelString::from("2026-11-21".to_string()),
            nodes: vec![node.as_ref()],
            current: AtomicUsize::new(0),
        };
        let shared = Arc::new(Shared {
            reference: Reference::embedded(),
            as_of: Date::parse("2026-11-21").unwrap(),
            activities: HashMap::new(),
        });
        let ctx = context(&env, &shared, &vars);
        let run = |src: &str| {
            let p = compile(&env, src).unwrap();
            let e = p.execute(&ctx).unwrap_err();
            (runtime_site(&p, src, &e), e.to_string())
        };
        assert_eq!(run("self.n > 1 && self.missing == 1").0, Some((19, 7)));
        // Explicit nulls are left out: has() is false, access is an error.
        assert_eq!(run("self.nul == 1").0, Some((5, 3)));
        assert_eq!(run("self.n < self.s").0, Some((7, 1)));
        assert_eq!(run("is_eea(self.n)").0, Some((0, 6)));
        let (_, text) = run("days_between(self.s, as_of) > 0");
        assert!(text.contains("not a date"), "{text}");
        let ok = |src: &str| compile(&env, src).unwrap().execute(&ctx).unwrap();
        assert_eq!(ok("!has(self.nul) && has(self.n)"), Value::Bool(true));
        assert_eq!(ok("days_between('2026-11-01', as_of)"), Value::Int(20));
        assert_eq!(
            ok("is_eea('NO') && !is_eea('US') && is_adequate('CH')"),
            Value::Bool(true)
        );
        assert_eq!(
            ok("parent(null) == null && vendor('nope') == null"),
            Value::Bool(true)
        );
    }

    /// Shared maps and lists behave exactly like CEL's own, owned or borrowed.
    #[test]
    fn shared_values_behave_like_cel_values() {
        let env = env();
        let doc = serde_json::json!({
            "m": {"a": {"b": {"c": 12}}, "l": ["x", "y"], "n": 1},
            "l": [{"k": 1}, {"k": 2}]
        });
        let tree = build(doc);
        let empty = build(serde_json::json!({}));
        let vars = Vars {
            inventory: tree.as_ref(),
            vendors: empty.as_ref(),
            recipients: empty.as_ref(),
            as_of: CelString::from("2026-11-21".to_string()),
            nodes: vec![tree.as_ref()],
            current: AtomicUsize::new(0),
        };
        let shared = Arc::new(Shared {
            reference: Reference::embedded(),
            as_of: Date::parse("2026-11-21").unwrap(),
            activities: HashMap::new(),
        });
        let ctx = context(&env, &shared, &vars);
        for src in [
            "self.m.?a.?b.?c.orValue(0) == 12",
            "self.m.?a.?x.?c.orValue(0) == 0",
            "self.?m.?a.?b.?c.orValue(0) == 12",
            "self.m.a.b == {'c': 12} && {'c': 12} == self.m.a.b",
            "self.m.l == ['x', 'y'] && ['x', 'y'] == self.m.l",
            "'x' in self.m.l && 'a' in self.m && size(self.m.l) == 2 && self.m.l.size() == 2",
            "self.m.l + ['z'] == ['x', 'y', 'z']",
            "self.l.map(e, e.k) == [1, 2] && self.l.exists(e, e.k == 2)",
            "[self.m, self.m][1].a.b.c == 12",
            "type(self.m) == map && type(self.m.l) == list",
            "self.m.l[1] == 'y' && self.m['n'] == 1 && has(self.m.a) && !has(self.m.z)",
            "cel.bind(x, self.m.a, x.b.c + x.b.c) == 24",
            "self.m.all(k, k in ['a', 'l', 'n'])",
        ] {
            let p = compile(&env, src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
            assert_eq!(p.execute(&ctx), Ok(Value::Bool(true)), "{src}");
        }
        let p = compile(&env, "self.m.l").unwrap();
        assert_eq!(render(&p.execute(&ctx).unwrap()), "x, y");
    }

    #[test]
    fn values_render_for_messages() {
        let v = Value::List(Arc::new(vec![
            Value::String(Arc::new("US".into())),
            Value::String(Arc::new("CN".into())),
        ]));
        assert_eq!(render(&v), "US, CN");
        assert_eq!(render(&Value::Int(3)), "3");
    }
}
