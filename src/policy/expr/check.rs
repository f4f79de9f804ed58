//! Static checks of an expression (unknown functions and variables, misused
//! helpers) and the place in the expression an error comes from.

use super::*;

/// Whether `name` is a function of the environment (standard library).
pub(super) fn declared(env: &Arc<Env>, name: &str) -> bool {
    // `add_function` refuses names the environment declares: a probe without side effects.
    let mut probe = Context::with_env(Arc::clone(env));
    probe.add_function(name, || 0i64).is_err()
}

/// Type names usable as values (`type(x) == string`).
pub(super) const TYPE_NAMES: [&str; 11] = [
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

pub(super) struct Checker<'a> {
    pub(super) env: &'a Arc<Env>,
    pub(super) source: &'a str,
    pub(super) info: &'a cel::common::ast::SourceInfo,
    pub(super) scope: Vec<String>,
    pub(super) error: Option<ExprError>,
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

    pub(super) fn walk(&mut self, e: &IdedExpr) {
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
pub(super) fn misuse(name: &str, method: bool, args: usize) -> Option<String> {
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
pub(super) const STD_FUNCTIONS: [&str; 14] = [
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
pub(super) fn qualified(e: &Expr) -> Option<String> {
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
pub(super) fn node_site_with(
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

pub(super) fn fallback_site(source: &str, e: &IdedExpr) -> (usize, usize) {
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

pub(super) fn site_from_offsets(
    source: &str,
    e: &IdedExpr,
    start: usize,
    stop: usize,
) -> (usize, usize) {
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

pub(super) fn visit(e: &IdedExpr, f: &mut dyn FnMut(&IdedExpr)) {
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
