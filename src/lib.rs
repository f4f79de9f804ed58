//! dpalint: a compliance linter for personal-data processing inventories.
//!
//! The pipeline, one folder or module per stage (docs/architecture.md has the
//! picture and where new things go):
//!
//! 1. [`project`] loads a project: [`config`], then `discover` (files),
//!    `read` (triage), `parse` (YAML 1.2 -> spanned nodes, the pointer index),
//!    `validate` (JSON Schema) and `merge` (the typed [`inventory`] of
//!    [`model`] entities, ids resolved across files), and `terraform`
//!    (Terraform/OpenTofu next to the inventory, statically evaluated into
//!    infrastructure evidence). Its result, a
//!    [`project::Project`], is what every command starts from; one file's text
//!    can be replaced without re-parsing the others.
//! 2. [`check`] runs the built-in [`rules`] (with [`reference`] data) and the
//!    organisation [`policy`] policies over a project, turns findings into
//!    [`diagnostic::Diagnostic`]s, applies rule selection, suppressions and
//!    baselines, and sorts: a [`check::Report`].
//! 3. [`report`] renders a report in one format (human, JSON, SARIF, …);
//!    [`registers`] builds documents from the inventory instead (the Art. 30
//!    register, the transfer map, the review calendar, the public
//!    sub-processor list) and renders them (XLSX, HTML, CSV, Markdown, JSON,
//!    Mermaid, DOT, iCalendar, Atom).
//! 4. [`cli`] parses the command line and runs a command; [`explain`] and
//!    [`init`] serve `dpalint explain`/`rules` and `dpalint init`; [`fix`]
//!    applies the findings' safe fixes (`check --fix`).
//! 5. [`diff`] compares two projects (git revisions, the working tree,
//!    directories) by entity id and their reports by finding fingerprint
//!    (`dpalint diff`), reading revisions with the `git` executable.
//! 6. [`server`] is the language server (`dpalint server`): it keeps a
//!    project, re-parses changed buffers and checks again, and answers the
//!    editor from the report and the parsed trees.
//!
//! Shared by all stages: [`source`] (files, spans, lines and columns),
//! [`diagnostic`], [`model`], [`suggest`] and [`pool`] (worker threads).

pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod explain;
pub mod fix;
pub mod init;
pub mod inventory;
pub mod model;
pub mod policy;
pub mod pool;
pub mod project;
pub mod reference;
pub mod registers;
pub mod report;
pub mod rules;
pub mod server;
pub mod source;
pub mod suggest;
