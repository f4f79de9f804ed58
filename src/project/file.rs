//! One dpalint file through parse and validate: its documents, their JSON
//! form, schema-error pointers, typed entities and input diagnostics. A file
//! is analysed on its own, so files are analysed in parallel and a changed
//! file is analysed again without touching the others.

use super::merge::{CheckedDoc, DocEntities};
use super::parse::{self, Document};
use super::validate;
use crate::diagnostic::{Diagnostic, Label};
use crate::source::{FileId, SourceFile};

/// A parsed and validated file.
#[derive(Debug)]
pub struct ParsedFile {
    pub documents: Vec<Document>,
    pub jsons: Vec<serde_json::Value>,
    /// Per document, the pointers of its schema errors.
    pub error_pointers: Vec<Vec<String>>,
    /// Per document, its entities read into the typed model.
    pub entities: Vec<DocEntities>,
    /// Syntax, schema and model problems of this file.
    pub diagnostics: Vec<Diagnostic>,
}

impl ParsedFile {
    /// Parse, convert, validate and read the entities of `file`.
    pub fn analyse(id: FileId, file: &SourceFile) -> ParsedFile {
        let loaded = parse::load(id, file);
        let mut diagnostics = loaded.diagnostics;
        let n = loaded.documents.len();
        let mut jsons = Vec::with_capacity(n);
        let mut error_pointers = Vec::with_capacity(n);
        let mut entities = Vec::with_capacity(n);
        for doc in &loaded.documents {
            let json = parse::to_json(doc, &mut diagnostics);
            let errs = validate::validate(&validate::INPUT, &json, id, doc);
            let pointers: Vec<String> = errs.iter().map(|d| d.pointer.clone()).collect();
            diagnostics.extend(errs.into_iter().map(|mut d| {
                // A key rename proposed by the schema check: kept when the key
                // is written plainly or simply quoted.
                if let Some(f) = d.fix.take() {
                    let key = d.pointer.rsplit('/').next().unwrap_or_default();
                    let key = key.replace("~1", "/").replace("~0", "~");
                    d.fix = crate::fix::replace_scalar(file, f.span, &key, &f.replacement, f.title)
                        .map(Box::new);
                }
                if let Some(e) = entity_of(&json, &d.pointer) {
                    d.entity = Some(e);
                }
                // A value that came from an alias or merge key: show where it was defined.
                if let Some(def) = doc.lookup(&d.pointer).and_then(|l| l.defined) {
                    d.labels.push(Label {
                        file: id,
                        span: def,
                        message: Some("value defined here".into()),
                    });
                }
                d
            }));
            entities.push(DocEntities::read(doc, &json, &pointers));
            error_pointers.push(pointers);
            jsons.push(json);
        }
        ParsedFile {
            documents: loaded.documents,
            jsons,
            error_pointers,
            entities,
            diagnostics,
        }
    }

    /// The documents of this file, ready to merge.
    pub fn checked(&self) -> impl Iterator<Item = CheckedDoc<'_>> {
        self.documents
            .iter()
            .zip(&self.jsons)
            .zip(&self.error_pointers)
            .zip(&self.entities)
            .map(|(((doc, json), errs), entities)| CheckedDoc {
                doc,
                json,
                error_pointers: errs,
                entities,
            })
    }
}

/// The entity (vendor/activity id, `organisation`) a pointer falls under.
fn entity_of(json: &serde_json::Value, pointer: &str) -> Option<String> {
    let mut parts = pointer.split('/').skip(1);
    match parts.next()? {
        "organisation" => Some("organisation".into()),
        section @ ("vendors" | "activities") => {
            let i = parts.next()?;
            json.pointer(&format!("/{section}/{i}/id"))
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        }
        _ => None,
    }
}
