//! dpalint: a compliance linter for personal-data processing inventories.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`discover`] finds dpalint files (gitignore-aware, include/exclude globs, marker check);
//! 2. [`loader`] parses YAML 1.2 into spanned nodes (pointer -> key and value spans);
//! 3. [`schema`] validates each document against `schemas/dpalint-v1.schema.json`;
//! 4. [`inventory`] merges all documents and resolves ids across files into the typed [`model`];
//! 5. [`rules`] run over the inventory with [`reference`] data and report places;
//! 6. [`engine`] applies configuration, resolves spans and sorts into [`diagnostic::Diagnostic`]s;
//! 7. [`report`] renders one format (human, concise, JSON).

pub mod baseline;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod engine;
pub mod explain;
pub mod init;
pub mod inventory;
pub mod loader;
pub mod model;
pub mod policy;
pub mod reference;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub mod suppress;
