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

mod check;
mod values;

pub use check::runtime_site;
use check::*;
pub use values::*;

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
