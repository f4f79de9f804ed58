//! Which diagnostics to publish after a check: every file whose findings (or
//! text, which moves their positions) changed since the last publication, and
//! an empty list for files whose findings are gone.
//!
//! A file's diagnostics are summarised by a hash of what the editor would see
//! (rule, severity, message, spans, labels, and the identity of the texts the
//! spans point into); only files whose hash changed are converted to protocol
//! diagnostics, so an edit in one file of a large workspace costs the
//! conversion of that file and of the files whose findings it changed.

use super::convert::{self, Encoding};
use super::navigate;
use super::workspace::Workspace;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceFile, SourceMap};
use lsp_types as lsp;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

/// One publication: URI, document version, diagnostics.
pub type Publication = (String, Option<i32>, Vec<lsp::Diagnostic>);

/// What the diagnostics of one URI are made from.
enum Origin<'a> {
    Report(FileId, Vec<&'a Diagnostic>),
    TooLarge(usize),
    Config(&'a SourceFile, &'a [Diagnostic]),
}

/// The publications due, given the hashes last published per URI (updated).
pub fn due(
    ws: &Workspace,
    enc: Encoding,
    published: &mut HashMap<String, u64>,
) -> Vec<Publication> {
    let mut now: BTreeMap<String, (Option<String>, Origin<'_>)> = BTreeMap::new();
    if let Some(report) = &ws.report {
        let parsed: HashSet<FileId> = ws.project.parsed().map(|(id, _)| id).collect();
        for (id, file) in report.sources.iter() {
            if !file.path.is_empty()
                && parsed.contains(&id)
                && let Some(uri) = convert::uri_from_path(&ws.absolute(&file.path))
            {
                now.insert(
                    uri.as_str().to_owned(),
                    (Some(file.path.clone()), Origin::Report(id, Vec::new())),
                );
            }
        }
        for d in report.diagnostics.iter().filter(|d| !d.is_suppressed()) {
            let file = report.sources.get(d.file());
            if let Some(uri) = convert::uri_from_path(&ws.absolute(&file.path)) {
                let entry = now
                    .entry(uri.as_str().to_owned())
                    .or_insert_with(|| (None, Origin::Report(d.file(), Vec::new())));
                if let Origin::Report(_, list) = &mut entry.1 {
                    list.push(d);
                }
            }
        }
    }
    for (path, size) in &ws.too_large {
        if let Some(uri) = convert::uri_from_path(&ws.absolute(path)) {
            now.insert(uri.as_str().to_owned(), (None, Origin::TooLarge(*size)));
        }
    }
    if let Some((path, file, diags)) = &ws.config_problems
        && let Some(uri) = convert::uri_from_path(path)
    {
        now.insert(uri.as_str().to_owned(), (None, Origin::Config(file, diags)));
    }

    let mut out = Vec::new();
    let mut gone: Vec<String> = published
        .keys()
        .filter(|u| !now.contains_key(*u))
        .cloned()
        .collect();
    gone.sort();
    for uri in gone {
        published.remove(&uri);
        out.push((uri, None, Vec::new()));
    }
    for (uri, (display, origin)) in now {
        let empty = matches!(&origin, Origin::Report(_, l) if l.is_empty());
        let sources = ws.report.as_ref().map(|r| &r.sources);
        let key = key(&origin, sources);
        // A file that never had findings needs no empty publication.
        if published.get(&uri) == Some(&key) || (empty && !published.contains_key(&uri)) {
            continue;
        }
        published.insert(uri.clone(), key);
        let version = display.and_then(|d| ws.open.get(&d).map(|d| d.version));
        let list = match origin {
            Origin::Report(_, list) => match &ws.report {
                Some(report) => list
                    .iter()
                    .map(|d| navigate::to_lsp(ws, report, d, enc))
                    .collect(),
                None => Vec::new(),
            },
            Origin::TooLarge(size) => {
                let d = ws.too_large_diagnostic(size);
                vec![navigate::plain_lsp(
                    &d,
                    &SourceFile::new(String::new(), Arc::from("")),
                    enc,
                )]
            }
            Origin::Config(file, diags) => diags
                .iter()
                .map(|d| navigate::plain_lsp(d, file, enc))
                .collect(),
        };
        out.push((uri, version, list));
    }
    out
}

/// A hash of what the editor would see of these diagnostics.
fn key(origin: &Origin<'_>, sources: Option<&SourceMap>) -> u64 {
    let mut h = DefaultHasher::new();
    let text_id = |file: &SourceFile, h: &mut DefaultHasher| {
        (Arc::as_ptr(&file.text) as *const u8 as usize).hash(h);
        file.text.len().hash(h);
    };
    match origin {
        Origin::Report(id, list) => {
            0u8.hash(&mut h);
            if let Some(sources) = sources {
                text_id(sources.get(*id), &mut h);
            }
            for d in list {
                d.rule.hash(&mut h);
                d.severity.hash(&mut h);
                d.message.hash(&mut h);
                d.help.hash(&mut h);
                d.primary.span.hash(&mut h);
                for l in &d.labels {
                    l.span.hash(&mut h);
                    l.message.hash(&mut h);
                    if let Some(sources) = sources {
                        sources.get(l.file).path.hash(&mut h);
                        text_id(sources.get(l.file), &mut h);
                    }
                }
            }
        }
        Origin::TooLarge(size) => (1u8, size).hash(&mut h),
        Origin::Config(file, diags) => {
            2u8.hash(&mut h);
            text_id(file, &mut h);
            for d in *diags {
                (&d.message, d.primary.span).hash(&mut h);
            }
        }
    }
    h.finish()
}
