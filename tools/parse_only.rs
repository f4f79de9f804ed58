//! The "parse-only" baseline of the performance targets: discovery, reading and
//! `loader::load` into the spanned tree, nothing else (no schema, no inventory,
//! no rules, no rendering). Files are read and parsed in parallel on a pool built
//! like `dpalint check`'s, so `dpalint check` ≤ 2 × this binary is a fair target.
//!
//! `cargo run --release --example parse-only -- DIR` prints the number of files,
//! documents and parse diagnostics to stderr (so hyperfine sees no stdout).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "benchmarks and tools fail loudly on a broken corpus"
)]

use dpalint::project::discover::{self, Filters};
use dpalint::project::parse as loader;
use dpalint::source::{FileId, SourceFile};
use rayon::prelude::*;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

fn main() -> ExitCode {
    let root = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    let Ok(filters) = Filters::new(&[], &[]) else {
        return ExitCode::FAILURE;
    };
    let mut candidates = Vec::new();
    let mut problems = Vec::new();
    discover::walk(&root, &root, &filters, &mut candidates, &mut problems);
    let Ok(pool) = rayon::ThreadPoolBuilder::new()
        .stack_size(64 * 1024 * 1024)
        .build()
    else {
        return ExitCode::FAILURE;
    };
    let (files, documents, diagnostics) = pool.install(|| {
        candidates
            .par_iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let bytes = std::fs::read(&c.path).ok()?;
                if !discover::has_marker(&bytes) {
                    return None;
                }
                let text = String::from_utf8(bytes).ok()?;
                let file = SourceFile::new(c.path.display().to_string(), Arc::from(text));
                let loaded = loader::load(FileId(i as u32), &file);
                Some((1, loaded.documents.len(), loaded.diagnostics.len()))
            })
            .reduce(|| (0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
    });
    #[allow(clippy::print_stderr)]
    {
        eprintln!("parse-only: {files} files, {documents} documents, {diagnostics} diagnostics");
    }
    ExitCode::SUCCESS
}
