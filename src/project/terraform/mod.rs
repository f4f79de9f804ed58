//! Terraform/OpenTofu next to the inventory: the second input kind of a
//! project (docs/infrastructure.md).
//!
//! - [`syntax`]: what dpalint reads of one file, with spans and a pointer index;
//! - [`hcl`] (`*.tf`, tfvars) and [`json`] (`*.tf.json`, `*.tfvars.json`): the readers;
//! - [`eval`]: static evaluation of the whole configuration (modules,
//!   variables, locals, provider configurations) into the [`Evidence`] rules read;
//! - [`plan`]: plan/state JSON from `terraform show -json` (secrets never kept).
//!
//! A file is read on its own (so files are read in parallel and one changed
//! file is read again alone); evaluation runs over all files after every change.

pub mod eval;
pub mod evidence;
pub mod hcl;
pub mod json;
pub mod plan;
pub mod syntax;

pub use evidence::{Evidence, ProviderEvidence, Use, Value};
pub use syntax::{FileKind, Syntax};

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, SourceFile, Span};

/// Whether Terraform reads a file of this name (`*.tf`, `*.tf.json`,
/// `terraform.tfvars`, `*.auto.tfvars` and their `.json` forms).
pub fn is_terraform(path: &str) -> bool {
    FileKind::of(path).is_some()
}

/// One Terraform file after reading: its syntax (none after a syntax error)
/// and its diagnostics.
#[derive(Debug)]
pub struct TfFile {
    pub syntax: Option<Syntax>,
    pub diagnostics: Vec<Diagnostic>,
}

impl TfFile {
    /// Read `file` (its kind follows from its name).
    pub fn analyse(id: FileId, file: &SourceFile) -> TfFile {
        let kind = FileKind::of(&file.path).unwrap_or(FileKind::Config);
        let mut diagnostics = Vec::new();
        let syntax = if file.path.ends_with(".json") {
            let loaded = crate::project::parse::load(id, file);
            for mut d in loaded.diagnostics {
                d.rule = Code::TerraformSyntax.id().into();
                d.name = Code::TerraformSyntax.name().into();
                // The loader reads JSON as YAML 1.2: name the syntax the user wrote.
                if let Some(rest) = d.message.strip_prefix("invalid YAML") {
                    d.message = format!("invalid JSON{rest}");
                }
                d.help = Some("fix the JSON syntax; Terraform cannot read this file either".into());
                diagnostics.push(d);
            }
            loaded
                .documents
                .first()
                .map(|doc| json::read(&doc.root, kind))
        } else {
            let text = &*file.text;
            let (body, base) = match text.strip_prefix('\u{feff}') {
                Some(rest) => (rest, 3),
                None => (text, 0),
            };
            match hcl::read(body, base, kind) {
                Ok(s) => Some(s),
                Err(e) => {
                    let at = e.offset.min(text.len());
                    let end = text[at..]
                        .char_indices()
                        .nth(1)
                        .map_or(text.len(), |(i, _)| at + i);
                    diagnostics.push(
                        Diagnostic::input(
                            Code::TerraformSyntax,
                            id,
                            Span::new(at, end),
                            format!("HCL syntax error: {}", e.message),
                        )
                        .with_help("fix the syntax (`terraform validate` shows the same problem); the resources of this file are not checked"),
                    );
                    None
                }
            }
        };
        if let Some(s) = &syntax {
            for (span, what) in &s.unsupported {
                diagnostics.push(
                    Diagnostic::input(Code::TerraformUnsupported, id, *span, what.clone())
                        .with_help("dpalint skips this part of the file"),
                );
            }
        }
        TfFile {
            syntax,
            diagnostics,
        }
    }
}
