//! Terraform's JSON syntax (`*.tf.json`, `*.tfvars.json`) into [`Syntax`].
//! JSON is YAML 1.2, so the project's own spanned YAML loader reads it (same
//! limits, same spans); strings holding `${…}` are HCL templates.

use super::hcl::json_string;
use super::syntax::{
    Assign, Expr, FileKind, ModuleCall, ProviderBlock, Required, Resource, Spanned, Syntax,
    Variable, flatten,
};
use crate::project::parse::{Node, NodeKind};

/// Read the root node of a `.tf.json` / `.tfvars.json` document.
pub fn read(root: &Node, kind: FileKind) -> Syntax {
    let mut out = Syntax::new(kind);
    let NodeKind::Map(top) = &root.kind else {
        out.unsupported.push((
            root.span,
            "a Terraform JSON file must hold an object at the top".into(),
        ));
        return out;
    };
    if kind == FileKind::Vars {
        for e in top {
            let pointer = format!("/{}", e.key.key_text());
            let assign = attr(&mut out, &e.key, &e.value, &pointer);
            out.assignments.push(assign);
        }
        return out;
    }
    for section in top {
        let NodeKind::Map(items) = &section.value.kind else {
            continue;
        };
        match section.key.key_text().as_str() {
            "variable" => {
                for v in items {
                    let name = v.key.key_text();
                    let pointer = format!("/variable/{name}");
                    out.index_block(&pointer, v.key.span, v.value.span);
                    let default = v.value.get("default").map(|d| {
                        attr(&mut out, &d.key, &d.value, &format!("{pointer}/default")).value
                    });
                    let sensitive = matches!(
                        v.value.get("sensitive").map(|s| &s.value.kind),
                        Some(NodeKind::Bool(true))
                    );
                    out.variables.push(Variable {
                        name,
                        default,
                        sensitive,
                        pointer,
                    });
                }
            }
            "locals" => {
                for l in items {
                    let pointer = format!("/locals/{}", l.key.key_text());
                    let a = attr(&mut out, &l.key, &l.value, &pointer);
                    out.locals.push(a);
                }
            }
            "provider" => {
                for p in items {
                    let local = p.key.key_text();
                    // One configuration, or a list of them (aliases).
                    let configs: Vec<&Node> = match &p.value.kind {
                        NodeKind::Seq(list) => list.iter().collect(),
                        _ => vec![&p.value],
                    };
                    for c in configs {
                        let alias = match c.get("alias").map(|a| &a.value.kind) {
                            Some(NodeKind::Str(s)) => Some(s.clone()),
                            _ => None,
                        };
                        let key = alias
                            .as_ref()
                            .map_or(local.clone(), |a| format!("{local}.{a}"));
                        let pointer = format!("/provider/{key}");
                        out.index_block(&pointer, p.key.span, c.span);
                        let mut attrs = Vec::new();
                        body(&mut out, c, "", &pointer, &mut attrs);
                        out.providers.push(ProviderBlock {
                            local: local.clone(),
                            alias,
                            attrs,
                            pointer,
                        });
                    }
                }
            }
            "resource" => {
                for t in items {
                    let NodeKind::Map(named) = &t.value.kind else {
                        continue;
                    };
                    let ty = t.key.key_text();
                    for r in named {
                        let name = r.key.key_text();
                        let pointer = format!("/resource/{ty}.{name}");
                        out.index_block(&pointer, r.key.span, r.value.span);
                        let provider = match r.value.get("provider").map(|p| &p.value.kind) {
                            Some(NodeKind::Str(s)) => Some(match s.split_once('.') {
                                Some((l, a)) => (l.to_owned(), Some(a.to_owned())),
                                None => (s.clone(), None),
                            }),
                            _ => None,
                        };
                        let mut attrs = Vec::new();
                        body(&mut out, &r.value, "", &pointer, &mut attrs);
                        out.resources.push(Resource {
                            ty: ty.clone(),
                            name,
                            provider,
                            attrs,
                            pointer,
                        });
                    }
                }
            }
            "module" => {
                for m in items {
                    let name = m.key.key_text();
                    let pointer = format!("/module/{name}");
                    out.index_block(&pointer, m.key.span, m.value.span);
                    let mut call = ModuleCall {
                        name,
                        source: None,
                        args: Vec::new(),
                        providers: Vec::new(),
                        pointer: pointer.clone(),
                    };
                    if let NodeKind::Map(args) = &m.value.kind {
                        for a in args {
                            let key = a.key.key_text();
                            let p = format!("{pointer}/{key}");
                            match key.as_str() {
                                "source" => {
                                    if let Expr::Str(s) =
                                        attr(&mut out, &a.key, &a.value, &p).value.value
                                    {
                                        call.source = Some(s);
                                    }
                                }
                                "providers" => {
                                    if let NodeKind::Map(ps) = &a.value.kind {
                                        for e in ps {
                                            if let NodeKind::Str(s) = &e.value.kind {
                                                call.providers.push((e.key.key_text(), s.clone()));
                                            }
                                        }
                                    }
                                }
                                "count" | "for_each" | "depends_on" | "version" => {}
                                _ => {
                                    let assign = attr(&mut out, &a.key, &a.value, &p);
                                    flatten(&key, &p, &assign.value, &mut call.args);
                                }
                            }
                        }
                    }
                    out.modules.push(call);
                }
            }
            "terraform" => {
                let Some(rp) = section.value.get("required_providers") else {
                    continue;
                };
                let NodeKind::Map(list) = &rp.value.kind else {
                    continue;
                };
                for e in list {
                    let local = e.key.key_text();
                    let pointer = format!("/terraform/required_providers/{local}");
                    out.index_attr(&pointer, e.key.span, e.value.span);
                    let source = match e.value.get("source").map(|s| &s.value.kind) {
                        Some(NodeKind::Str(s)) => s.clone(),
                        _ => format!("hashicorp/{local}"),
                    };
                    out.required.push(Required {
                        local,
                        source,
                        pointer,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// The attributes of a resource or provider object, nested objects and
/// lists of objects (blocks) flattened to dotted names.
fn body(out: &mut Syntax, node: &Node, prefix: &str, pointer: &str, attrs: &mut Vec<Assign>) {
    let NodeKind::Map(entries) = &node.kind else {
        return;
    };
    for e in entries {
        let key = e.key.key_text();
        if matches!(key.as_str(), "dynamic" | "lifecycle" | "provisioner" | "//") {
            continue;
        }
        let name = format!("{prefix}{key}");
        let p = format!("{pointer}/{name}");
        match &e.value.kind {
            // A list of objects is a repeated nested block.
            NodeKind::Seq(items)
                if items.iter().all(|i| matches!(i.kind, NodeKind::Map(_)))
                    && !items.is_empty() =>
            {
                for item in items {
                    body(out, item, &format!("{name}."), pointer, attrs);
                }
            }
            _ => {
                let mut assign = attr(out, &e.key, &e.value, &p);
                assign.name = name.clone();
                flatten(&name, &p, &assign.value, attrs);
            }
        }
    }
}

fn attr(out: &mut Syntax, key: &Node, value: &Node, pointer: &str) -> Assign {
    out.index_attr(pointer, key.span, value.span);
    Assign {
        name: key.key_text(),
        value: expr(value),
        pointer: pointer.to_owned(),
    }
}

fn expr(n: &Node) -> Spanned<Expr> {
    let span = n.span;
    let value = match &n.kind {
        NodeKind::Null => Expr::Null,
        NodeKind::Bool(b) => Expr::Str(b.to_string()),
        NodeKind::Number(x) => Expr::Str(x.to_string()),
        NodeKind::Str(s) => {
            // The value span includes the quotes: the text starts one byte in.
            let base = span.start as usize + 1;
            return json_string(s, base, span);
        }
        NodeKind::Seq(items) => Expr::List(items.iter().map(expr).collect()),
        NodeKind::Map(entries) => Expr::Object(
            entries
                .iter()
                .map(|e| (e.key.key_text(), expr(&e.value)))
                .collect(),
        ),
    };
    Spanned { span, value }
}
