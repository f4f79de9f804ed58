//! Running policies: select nodes of the merged inventory, assert each
//! policy's expression on them, render messages, and report evaluation errors
//! once per policy.

use super::*;

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
