//! Values during static evaluation: variables, locals, templates, lists and
//! objects are followed; anything else is unresolved with the reason.

use super::{Ctx, origin};
use crate::model::Origin;
use crate::project::terraform::syntax::{Assign, Expr, Spanned};
use crate::source::FileId;
use std::collections::{HashMap, HashSet};

/// A value during evaluation.
#[derive(Clone, Debug)]
pub(super) enum Val {
    Str {
        text: String,
        at: Origin,
        via: Vec<String>,
    },
    List(Vec<Val>),
    Object(Vec<(String, Val)>),
    Null,
    Unknown(String),
}

impl<'a> Ctx<'a> {
    /// Evaluate an expression in a module instance.
    pub(super) fn value(
        &self,
        file: FileId,
        e: &'a Spanned<Expr>,
        pointer: &str,
        vars: &HashMap<String, Val>,
        locals: &mut Locals<'a>,
    ) -> Val {
        match &e.value {
            Expr::Str(s) => Val::Str {
                text: s.clone(),
                at: origin(file, pointer),
                via: Vec::new(),
            },
            Expr::Null => Val::Null,
            Expr::Var(name) => match vars.get(name) {
                Some(v) => with_via(v.clone(), format!("var.{name}")),
                None => Val::Unknown(format!("`var.{name}` is not declared in this module")),
            },
            Expr::Local(name) => {
                if let Some(v) = locals.done.get(name) {
                    return with_via(v.clone(), format!("local.{name}"));
                }
                let Some(&(lf, def)) = locals.defs.get(name) else {
                    return Val::Unknown(format!("`local.{name}` is not defined in this module"));
                };
                if !locals.active.insert(name.clone()) {
                    return Val::Unknown(format!("`local.{name}` refers to itself"));
                }
                let v = self.value(lf, &def.value, &def.pointer, vars, locals);
                locals.active.remove(name);
                locals.done.insert(name.clone(), v.clone());
                with_via(v, format!("local.{name}"))
            }
            Expr::List(items) => Val::List(
                items
                    .iter()
                    .map(|i| self.value(file, i, pointer, vars, locals))
                    .collect(),
            ),
            Expr::Object(items) => Val::Object(
                items
                    .iter()
                    .map(|(k, v)| (k.clone(), self.value(file, v, pointer, vars, locals)))
                    .collect(),
            ),
            Expr::Template(parts) => {
                let mut text = String::new();
                let mut via = Vec::new();
                for part in parts {
                    match self.value(file, part, pointer, vars, locals) {
                        Val::Str {
                            text: t, via: v, ..
                        } => {
                            text.push_str(&t);
                            via.extend(v);
                        }
                        Val::Unknown(r) => return Val::Unknown(r),
                        _ => return Val::Unknown("a template part is not a string".into()),
                    }
                }
                Val::Str {
                    text,
                    at: origin(file, pointer),
                    via,
                }
            }
            Expr::Other(what) => Val::Unknown(format!(
                "{what} cannot be evaluated without running Terraform"
            )),
        }
    }
}

#[derive(Default)]
pub(super) struct Locals<'a> {
    pub(super) defs: HashMap<String, (FileId, &'a Assign)>,
    pub(super) done: HashMap<String, Val>,
    pub(super) active: HashSet<String>,
}

pub(super) fn with_via(v: Val, step: String) -> Val {
    match v {
        Val::Str { text, at, mut via } => {
            via.insert(0, step);
            Val::Str { text, at, via }
        }
        other => other,
    }
}

/// The string leaves of a value (a list of zones gives each zone).
pub(super) fn leaves(v: Val) -> Vec<Val> {
    match v {
        Val::List(items) => items.into_iter().flat_map(leaves).collect(),
        Val::Object(items) => items.into_iter().flat_map(|(_, v)| leaves(v)).collect(),
        other => vec![other],
    }
}
