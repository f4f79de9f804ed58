//! The syntax of one Terraform/OpenTofu file as far as dpalint reads it: the
//! blocks that decide where data go (`variable`, `locals`, `provider`,
//! `terraform.required_providers`, `resource`, `module`) or a tfvars file's
//! assignments, with every value's span, plus a pointer index for locating
//! findings. Both readers (HCL in [`super::hcl`], JSON in [`super::json`])
//! produce this; evaluation ([`super::eval`]) reads only this.
//!
//! Pointers name Terraform objects, not text positions, so fingerprints survive
//! reformatting: `/resource/aws_s3_bucket.logs/region`, `/provider/aws.us/region`,
//! `/variable/region/default`, `/locals/region`, `/module/storage/region`,
//! `/terraform/required_providers/aws`, and `/NAME` in a tfvars file.

use crate::project::parse::Located;
use crate::project::validate::Locate;
use crate::source::Span;
use std::collections::HashMap;

/// A value with the span it was written at.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    pub span: Span,
    pub value: T,
}

/// An expression, as far as static evaluation can follow it.
#[derive(Clone, Debug)]
pub enum Expr {
    /// A literal string, number or bool (as its string form).
    Str(String),
    Null,
    /// `var.NAME`
    Var(String),
    /// `local.NAME`
    Local(String),
    List(Vec<Spanned<Expr>>),
    Object(Vec<(String, Spanned<Expr>)>),
    /// A string template: the parts are concatenated.
    Template(Vec<Spanned<Expr>>),
    /// Anything else; the text says what it is ("a function call").
    Other(String),
}

/// `name = value` (a tfvars assignment, a local, a module argument, a
/// resource or provider attribute; nested blocks give dotted names).
#[derive(Clone, Debug)]
pub struct Assign {
    pub name: String,
    pub value: Spanned<Expr>,
    /// Pointer of the attribute (for findings and labels).
    pub pointer: String,
}

#[derive(Clone, Debug)]
pub struct Variable {
    pub name: String,
    pub default: Option<Spanned<Expr>>,
    pub sensitive: bool,
    pub pointer: String,
}

#[derive(Clone, Debug)]
pub struct Required {
    /// Local name (`aws`).
    pub local: String,
    /// Source address (`hashicorp/aws`).
    pub source: String,
    pub pointer: String,
}

#[derive(Clone, Debug)]
pub struct ProviderBlock {
    pub local: String,
    pub alias: Option<String>,
    pub attrs: Vec<Assign>,
    pub pointer: String,
}

impl ProviderBlock {
    /// `aws` or `aws.us`.
    pub fn key(&self) -> String {
        match &self.alias {
            Some(a) => format!("{}.{a}", self.local),
            None => self.local.clone(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Resource {
    pub ty: String,
    pub name: String,
    /// The `provider = aws.us` meta-argument: (local name, alias).
    pub provider: Option<(String, Option<String>)>,
    pub attrs: Vec<Assign>,
    pub pointer: String,
}

#[derive(Clone, Debug)]
pub struct ModuleCall {
    pub name: String,
    /// The `source` string, when it is a literal.
    pub source: Option<String>,
    pub args: Vec<Assign>,
    /// `providers = { aws = aws.eu }`: (name in the child, configuration key in the caller).
    pub providers: Vec<(String, String)>,
    pub pointer: String,
}

/// What a file is to Terraform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `*.tf`, `*.tf.json`: configuration.
    Config,
    /// `terraform.tfvars`, `*.auto.tfvars` (and their `.json` forms): variable values.
    Vars,
}

impl FileKind {
    /// The kind of a file by its name, if Terraform reads it.
    pub fn of(path: &str) -> Option<FileKind> {
        let name = path.rsplit('/').next().unwrap_or(path);
        if name.ends_with(".tf") || name.ends_with(".tf.json") {
            Some(FileKind::Config)
        } else if name == "terraform.tfvars"
            || name == "terraform.tfvars.json"
            || name.ends_with(".auto.tfvars")
            || name.ends_with(".auto.tfvars.json")
        {
            Some(FileKind::Vars)
        } else {
            None
        }
    }
}

/// One file's syntax.
#[derive(Debug)]
pub struct Syntax {
    pub kind: FileKind,
    pub variables: Vec<Variable>,
    pub locals: Vec<Assign>,
    pub required: Vec<Required>,
    pub providers: Vec<ProviderBlock>,
    pub resources: Vec<Resource>,
    pub modules: Vec<ModuleCall>,
    /// tfvars assignments.
    pub assignments: Vec<Assign>,
    /// Pointer -> spans.
    pub index: HashMap<String, Located>,
    /// Constructs the reader skipped: (span, what and why).
    pub unsupported: Vec<(Span, String)>,
}

impl Syntax {
    pub fn new(kind: FileKind) -> Syntax {
        Syntax {
            kind,
            variables: Vec::new(),
            locals: Vec::new(),
            required: Vec::new(),
            providers: Vec::new(),
            resources: Vec::new(),
            modules: Vec::new(),
            assignments: Vec::new(),
            index: HashMap::new(),
            unsupported: Vec::new(),
        }
    }

    /// Record a block header (underlined for findings about the whole block).
    pub fn index_block(&mut self, pointer: &str, header: Span, whole: Span) {
        self.index.insert(
            pointer.to_owned(),
            Located {
                key: Some(header),
                value: whole,
                defined: None,
                container: true,
                first_key: None,
            },
        );
    }

    /// Record an attribute: its key and its value.
    pub fn index_attr(&mut self, pointer: &str, key: Span, value: Span) {
        self.index.insert(
            pointer.to_owned(),
            Located {
                key: Some(key),
                value,
                defined: None,
                container: false,
                first_key: None,
            },
        );
    }
}

impl Locate for Syntax {
    fn locate(&self, pointer: &str) -> Option<Located> {
        self.index.get(pointer).cloned()
    }
}

/// Flatten an object-valued attribute into dotted attributes
/// (`settings = { zone = "x" }` -> `settings.zone`), keeping the attribute itself.
pub fn flatten(prefix: &str, pointer: &str, value: &Spanned<Expr>, out: &mut Vec<Assign>) {
    out.push(Assign {
        name: prefix.to_owned(),
        value: value.clone(),
        pointer: pointer.to_owned(),
    });
    if let Expr::Object(items) = &value.value {
        for (k, v) in items {
            flatten(&format!("{prefix}.{k}"), &format!("{pointer}.{k}"), v, out);
        }
    }
}
