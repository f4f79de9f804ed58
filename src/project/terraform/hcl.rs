//! Native HCL (`*.tf`, `terraform.tfvars`, `*.auto.tfvars`) into [`Syntax`],
//! through `hcl-edit` (every node carries its byte span; nesting is limited by
//! the parser, so hostile input yields a parse error, not a stack overflow).

use super::syntax::{
    Assign, Expr, FileKind, ModuleCall, ProviderBlock, Required, Resource, Spanned, Syntax,
    Variable, flatten,
};
use crate::source::Span;
use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::structure::{Attribute, Block, BlockLabel, Body};
use hcl_edit::template::Element;

/// A syntax error: message and byte offset.
pub struct SyntaxError {
    pub message: String,
    pub offset: usize,
}

/// Parse `text` (without a BOM; `base` is the offset of `text` in the file).
pub fn read(text: &str, base: usize, kind: FileKind) -> Result<Syntax, SyntaxError> {
    let body = hcl_edit::parser::parse_body(text).map_err(|e| SyntaxError {
        message: e.message().replace('\n', " "),
        offset: base + e.location().offset(),
    })?;
    let mut r = Reader {
        text,
        base,
        out: Syntax::new(kind),
    };
    match kind {
        FileKind::Vars => {
            for attr in body.attributes() {
                let pointer = format!("/{}", attr.key.as_str());
                let a = r.attr(attr, &pointer);
                r.out.assignments.push(a);
            }
        }
        FileKind::Config => r.config(&body),
    }
    Ok(r.out)
}

struct Reader<'t> {
    text: &'t str,
    base: usize,
    out: Syntax,
}

fn label(l: &BlockLabel) -> &str {
    match l {
        BlockLabel::Ident(i) => i.as_str(),
        BlockLabel::String(s) => s.as_str(),
    }
}

impl Reader<'_> {
    fn span(&self, s: Option<std::ops::Range<usize>>) -> Span {
        s.map_or_else(Span::default, |r| {
            Span::new(self.base + r.start, self.base + r.end)
        })
    }

    /// `resource "a" "b"`: from the block keyword to the end of its last label.
    fn header(&self, b: &Block) -> Span {
        let start = self.span(b.ident.span());
        let end = b.labels.last().map_or(start, |l| self.span(l.span()));
        Span::new(start.start as usize, end.end as usize)
    }

    fn attr(&mut self, a: &Attribute, pointer: &str) -> Assign {
        let value = self.expr(&a.value);
        let key = self.span(a.key.span());
        self.out.index_attr(pointer, key, value.span);
        Assign {
            name: a.key.as_str().to_owned(),
            value,
            pointer: pointer.to_owned(),
        }
    }

    fn config(&mut self, body: &Body) {
        for b in body.blocks() {
            let labels: Vec<&str> = b.labels.iter().map(label).collect();
            let header = self.header(b);
            let whole = self.span(b.span());
            match (b.ident.as_str(), labels.as_slice()) {
                ("variable", [name]) => {
                    let pointer = format!("/variable/{name}");
                    self.out.index_block(&pointer, header, whole);
                    let mut default = None;
                    let mut sensitive = false;
                    for a in b.body.attributes() {
                        match a.key.as_str() {
                            "default" => {
                                default = Some(self.attr(a, &format!("{pointer}/default")).value);
                            }
                            "sensitive" => {
                                sensitive = matches!(&a.value, Expression::Bool(v) if *v.value());
                            }
                            _ => {}
                        }
                    }
                    self.out.variables.push(Variable {
                        name: (*name).to_owned(),
                        default,
                        sensitive,
                        pointer,
                    });
                }
                ("locals", []) => {
                    for a in b.body.attributes() {
                        let pointer = format!("/locals/{}", a.key.as_str());
                        let assign = self.attr(a, &pointer);
                        self.out.locals.push(assign);
                    }
                }
                ("provider", [local]) => self.provider(b, local, header, whole),
                ("resource", [ty, name]) => self.resource(b, ty, name, header, whole),
                ("module", [name]) => self.module(b, name, header, whole),
                ("terraform", []) => {
                    for rp in b
                        .body
                        .blocks()
                        .filter(|x| x.ident.as_str() == "required_providers")
                    {
                        self.required_providers(&rp.body);
                    }
                }
                _ => {}
            }
        }
    }

    fn required_providers(&mut self, body: &Body) {
        for a in body.attributes() {
            let local = a.key.as_str().to_owned();
            let pointer = format!("/terraform/required_providers/{local}");
            let key = self.span(a.key.span());
            let value_span = self.span(a.value.span());
            self.out.index_attr(&pointer, key, value_span);
            // `aws = { source = "hashicorp/aws" }`, or the legacy `aws = "~> 5.0"` (no source).
            let source = match &a.value {
                Expression::Object(o) => o.iter().find_map(|(k, v)| {
                    let is_source = match k {
                        ObjectKey::Ident(i) => i.as_str() == "source",
                        ObjectKey::Expression(Expression::String(s)) => s.as_str() == "source",
                        ObjectKey::Expression(_) => false,
                    };
                    match (is_source, v.expr()) {
                        (true, Expression::String(s)) => Some(s.as_str().to_owned()),
                        _ => None,
                    }
                }),
                _ => None,
            };
            let source = source.unwrap_or_else(|| format!("hashicorp/{local}"));
            self.out.required.push(Required {
                local,
                source,
                pointer,
            });
        }
    }

    fn provider(&mut self, b: &Block, local: &str, header: Span, whole: Span) {
        let alias = b.body.attributes().find_map(|a| match &a.value {
            Expression::String(s) if a.key.as_str() == "alias" => Some(s.as_str().to_owned()),
            _ => None,
        });
        let key = match &alias {
            Some(a) => format!("{local}.{a}"),
            None => local.to_owned(),
        };
        let pointer = format!("/provider/{key}");
        self.out.index_block(&pointer, header, whole);
        let mut attrs = Vec::new();
        self.attrs(&b.body, "", &pointer, &mut attrs);
        self.out.providers.push(ProviderBlock {
            local: local.to_owned(),
            alias,
            attrs,
            pointer,
        });
    }

    fn resource(&mut self, b: &Block, ty: &str, name: &str, header: Span, whole: Span) {
        let pointer = format!("/resource/{ty}.{name}");
        self.out.index_block(&pointer, header, whole);
        let provider = b
            .body
            .attributes()
            .find(|a| a.key.as_str() == "provider")
            .and_then(|a| provider_ref(&a.value));
        let mut attrs = Vec::new();
        self.attrs(&b.body, "", &pointer, &mut attrs);
        self.out.resources.push(Resource {
            ty: ty.to_owned(),
            name: name.to_owned(),
            provider,
            attrs,
            pointer,
        });
    }

    fn module(&mut self, b: &Block, name: &str, header: Span, whole: Span) {
        let pointer = format!("/module/{name}");
        self.out.index_block(&pointer, header, whole);
        let mut source = None;
        let mut args = Vec::new();
        let mut providers = Vec::new();
        for a in b.body.attributes() {
            let p = format!("{pointer}/{}", a.key.as_str());
            match a.key.as_str() {
                "source" => {
                    let assign = self.attr(a, &p);
                    if let Expr::Str(s) = assign.value.value {
                        source = Some(s);
                    }
                }
                "providers" => {
                    if let Expression::Object(o) = &a.value {
                        for (k, v) in o.iter() {
                            let child = match k {
                                ObjectKey::Ident(i) => i.as_str().to_owned(),
                                ObjectKey::Expression(e) => self.source_text(e.span()),
                            };
                            if let Some((l, al)) = provider_ref(v.expr()) {
                                let parent = al.map_or(l.clone(), |al| format!("{l}.{al}"));
                                providers.push((child, parent));
                            }
                        }
                    }
                }
                "count" | "for_each" | "depends_on" | "version" => {}
                _ => {
                    let assign = self.attr(a, &p);
                    flatten(&assign.name, &p, &assign.value, &mut args);
                }
            }
        }
        self.out.modules.push(ModuleCall {
            name: name.to_owned(),
            source,
            args,
            providers,
            pointer,
        });
    }

    /// Attributes of a body and of its nested blocks, with dotted names.
    fn attrs(&mut self, body: &Body, prefix: &str, pointer: &str, out: &mut Vec<Assign>) {
        for a in body.attributes() {
            let name = format!("{prefix}{}", a.key.as_str());
            let p = format!("{pointer}/{name}");
            let mut assign = self.attr(a, &p);
            assign.name = name.clone();
            flatten(&name, &p, &assign.value, out);
        }
        for b in body.blocks() {
            let ident = b.ident.as_str();
            if ident == "dynamic" || ident == "lifecycle" || ident.starts_with("provisioner") {
                continue;
            }
            let nested = format!("{prefix}{ident}.");
            self.attrs(&b.body, &nested, pointer, out);
        }
    }

    fn source_text(&self, s: Option<std::ops::Range<usize>>) -> String {
        s.and_then(|r| self.text.get(r))
            .unwrap_or("")
            .trim()
            .to_owned()
    }

    fn expr(&self, e: &Expression) -> Spanned<Expr> {
        let span = self.span(e.span());
        let value = match e {
            Expression::Null(_) => Expr::Null,
            Expression::Bool(b) => Expr::Str(b.value().to_string()),
            Expression::Number(n) => Expr::Str(n.value().to_string()),
            Expression::String(s) => Expr::Str(s.as_str().to_owned()),
            Expression::Array(a) => Expr::List(a.iter().map(|x| self.expr(x)).collect()),
            Expression::Object(o) => Expr::Object(
                o.iter()
                    .map(|(k, v)| {
                        let key = match k {
                            ObjectKey::Ident(i) => i.as_str().to_owned(),
                            ObjectKey::Expression(Expression::String(s)) => s.as_str().to_owned(),
                            ObjectKey::Expression(x) => self.source_text(x.span()),
                        };
                        (key, self.expr(v.expr()))
                    })
                    .collect(),
            ),
            Expression::StringTemplate(t) => {
                let mut parts = Vec::new();
                for el in t.iter() {
                    match el {
                        Element::Literal(l) => parts.push(Spanned {
                            span: self.span(l.span()),
                            value: Expr::Str(l.value().to_string()),
                        }),
                        Element::Interpolation(i) => parts.push(self.expr(&i.expr)),
                        Element::Directive(_) => parts.push(Spanned {
                            span,
                            value: Expr::Other("a template directive (%{ })".into()),
                        }),
                    }
                }
                if parts.len() == 1 {
                    return parts.remove(0);
                }
                Expr::Template(parts)
            }
            Expression::Parenthesis(p) => return self.expr(p.inner()),
            Expression::Traversal(t) => match (&t.expr, t.operators.as_slice()) {
                (Expression::Variable(root), [op]) => match (root.as_str(), op.value()) {
                    ("var", TraversalOperator::GetAttr(name)) => {
                        Expr::Var(name.as_str().to_owned())
                    }
                    ("local", TraversalOperator::GetAttr(name)) => {
                        Expr::Local(name.as_str().to_owned())
                    }
                    _ => Expr::Other(format!("the reference `{}`", self.source_text(e.span()))),
                },
                _ => Expr::Other(format!("the reference `{}`", self.source_text(e.span()))),
            },
            Expression::Variable(v) => Expr::Other(format!("the reference `{}`", v.as_str())),
            Expression::FuncCall(_) => Expr::Other("a function call".into()),
            Expression::Conditional(_) => Expr::Other("a conditional expression".into()),
            Expression::ForExpr(_) => Expr::Other("a `for` expression".into()),
            Expression::HeredocTemplate(_) => Expr::Other("a heredoc".into()),
            Expression::UnaryOp(_) | Expression::BinaryOp(_) => Expr::Other("an operation".into()),
        };
        Spanned { span, value }
    }
}

/// `aws.us` or `aws` as a provider reference: (local name, alias).
fn provider_ref(e: &Expression) -> Option<(String, Option<String>)> {
    match e {
        Expression::Variable(v) => Some((v.as_str().to_owned(), None)),
        Expression::Traversal(t) => match (&t.expr, t.operators.as_slice()) {
            (Expression::Variable(root), [op]) => match op.value() {
                TraversalOperator::GetAttr(alias) => {
                    Some((root.as_str().to_owned(), Some(alias.as_str().to_owned())))
                }
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// A `.tf.json` string: a template when it holds `${`, else a literal.
/// `base` is the offset of the string's first character in the file.
pub fn json_string(s: &str, base: usize, span: Span) -> Spanned<Expr> {
    if !s.contains("${") {
        return Spanned {
            span,
            value: Expr::Str(s.to_owned()),
        };
    }
    let Ok(t) = hcl_edit::parser::parse_template(s) else {
        return Spanned {
            span,
            value: Expr::Other("a template dpalint cannot parse".into()),
        };
    };
    let r = Reader {
        text: s,
        base,
        out: Syntax::new(FileKind::Config),
    };
    let mut parts: Vec<Spanned<Expr>> = t
        .iter()
        .map(|el| match el {
            Element::Literal(l) => Spanned {
                span,
                value: Expr::Str(l.value().to_string()),
            },
            Element::Interpolation(i) => {
                let mut e = r.expr(&i.expr);
                // Escapes in the JSON string shift offsets: keep spans inside the string.
                if e.span.start < span.start || e.span.end > span.end {
                    e.span = span;
                }
                e
            }
            Element::Directive(_) => Spanned {
                span,
                value: Expr::Other("a template directive (%{ })".into()),
            },
        })
        .collect();
    if parts.len() == 1 {
        return parts.remove(0);
    }
    Spanned {
        span,
        value: Expr::Template(parts),
    }
}
