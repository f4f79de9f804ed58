//! Arbitrary bytes -> SourceFile -> `loader::load` -> `loader::to_json`.
//!
//! Bytes that are not UTF-8 are converted lossily (the engine rejects such
//! files before the loader; converting keeps every input useful). Besides "no
//! panic, no hang", every span a diagnostic carries must lie inside the file,
//! map to a position, and every document must answer pointer lookups.
#![no_main]

use dpalint::project::parse as loader;
use dpalint::source::{FileId, SourceFile, Span};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fn check_span(file: &SourceFile, span: Span) {
    let len = file.text.len() as u32;
    assert!(
        span.start <= span.end && span.end <= len,
        "{span:?} outside 0..{len}"
    );
    let start = file.position(span.start as usize);
    let end = file.position(span.end as usize);
    assert!(start.line >= 1 && start.column >= 1 && start <= end);
    let _ = file.offset_of(start.line as usize, start.column as usize);
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let file = SourceFile::new("fuzz.yaml".into(), Arc::from(text.as_ref()));
    let loaded = loader::load(FileId(0), &file);
    for d in &loaded.diagnostics {
        check_span(&file, d.primary.span);
    }
    for doc in &loaded.documents {
        let mut diagnostics = Vec::new();
        let json = loader::to_json(doc, &mut diagnostics);
        for d in &diagnostics {
            check_span(&file, d.primary.span);
            for l in &d.labels {
                check_span(&file, l.span);
            }
        }
        // Every pointer into the JSON resolves in the tree, to spans inside the file.
        for pointer in [
            "",
            "/dpalint",
            "/vendors/0",
            "/vendors/0/dpa/breach",
            "/x~1y/~0",
        ] {
            let (found, _) = doc.lookup_nearest(pointer);
            check_span(&file, found.primary());
        }
        if let Some(items) = json.get("vendors").and_then(|v| v.as_array()) {
            for i in 0..items.len() {
                let found = doc.lookup(&format!("/vendors/{i}"));
                assert!(
                    found.is_some(),
                    "/vendors/{i} is in the JSON but not in the tree"
                );
            }
        }
    }
});
