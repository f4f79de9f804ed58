//! What an expression evaluates over: the inventory as shared CEL values, the
//! variables `self`, `inventory` and `as_of`, dpalint's helper functions, and
//! CEL values rendered for messages.

use super::*;

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
pub(super) fn arguments<'a>(
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

pub(super) fn is_null(v: &dyn Val) -> bool {
    v.downcast_ref::<cel::common::types::CelNull>().is_some()
}

pub(super) fn type_of(v: &dyn Val) -> String {
    v.get_type().name().to_string()
}

pub(super) fn string_arg<'a>(
    ftx: &FunctionContext<'_, '_>,
    v: &'a dyn Val,
    what: &str,
) -> Result<&'a str, ExecutionError> {
    v.downcast_ref::<CelString>()
        .map(|s| s.inner())
        .ok_or_else(|| ftx.error(format!("expects {what}, got {}", type_of(v))))
}

pub(super) fn map_arg<'a, 'v>(
    ftx: &FunctionContext<'_, '_>,
    v: &'a (dyn Val + 'v),
    what: &str,
) -> Result<&'a CelMap<'v>, ExecutionError> {
    v.downcast_ref::<CelMap>()
        .ok_or_else(|| ftx.error(format!("expects {what}, got {}", type_of(v))))
}

pub(super) fn date_arg(ftx: &FunctionContext<'_, '_>, v: &dyn Val) -> Result<Date, ExecutionError> {
    let s = string_arg(ftx, v, "a date string (YYYY-MM-DD)")?;
    Date::parse(s).ok_or_else(|| ftx.error(format!("`{s}` is not a date (YYYY-MM-DD)")))
}

pub(super) fn map_get<'a, 'v>(map: &'a CelMap<'v>, key: &str) -> Option<&'a (dyn Val + 'v)> {
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
