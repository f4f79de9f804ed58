//! Registers: documents built from the merged inventory for people who do not
//! read YAML (`dpalint report KIND`): the Art. 30 record of processing
//! activities ([`ropa`]), the transfer map ([`transfers`]), the review
//! calendar ([`calendar`]) and the public sub-processor list with its Atom
//! feed ([`subprocessors`], [`atom`]).
//!
//! Reports are built from a loaded [`Project`] (its inventory, its sources for
//! `file:line` links and the [`Reference`] data), never from findings; the one
//! exception is the transfer map, which runs [`crate::check::check`] and
//! attaches each vendor's findings to the edge leading to it. Entities the
//! merge left out (schema errors, unreadable files) are listed in the report's
//! provenance ([`About::left_out`]) instead.
//!
//! Each report kind is a module with a `build` function (inventory -> a
//! serialisable model) and a `render` function (model -> one [`Format`]).
//! Shared renderers: [`table`] (CSV, Markdown), [`html`], [`xlsx`], [`graph`]
//! (Mermaid, DOT) and [`ics`]. Column labels come from [`labels`] (data, one
//! table per language). Adding a report kind: a module here, a [`Kind`]
//! variant with its formats, a `$defs` entry in
//! `schemas/dpalint-report-v1.schema.json` (docs/architecture.md).

pub mod atom;
pub mod calendar;
pub mod graph;
pub mod html;
pub mod ics;
pub mod labels;
pub mod places;
pub mod ropa;
pub mod subprocessors;
pub mod table;
pub mod transfers;
pub mod xlsx;

pub use labels::Labels;

/// The JSON Schema of `dpalint report KIND --format json` (`dpalint schema report`).
pub const REPORT_SCHEMA: &str = include_str!("../../schemas/dpalint-report-v1.schema.json");

use crate::diagnostic::Severity;
use crate::model::{Date, Origin};
use crate::project::{DocMap, Project};
use crate::reference::Reference;
use serde::Serialize;

/// The report kinds of `dpalint report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// the record of processing activities (Art. 30(1) controller, Art. 30(2) processor)
    Ropa,
    /// the transfer map: organisation -> vendors -> sub-processors, with mechanisms and findings
    Transfers,
    /// every dated obligation ahead: reviews, expiries, re-certifications
    Calendar,
    /// the public sub-processor list (processor mode) and the Atom feed of its changes
    Subprocessors,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Ropa => "ropa",
            Kind::Transfers => "transfers",
            Kind::Calendar => "calendar",
            Kind::Subprocessors => "subprocessors",
        }
    }

    /// The formats this kind is written in; the first is the default.
    pub fn formats(self) -> &'static [Format] {
        match self {
            Kind::Ropa => &[
                Format::Html,
                Format::Xlsx,
                Format::Csv,
                Format::Markdown,
                Format::Json,
            ],
            Kind::Transfers => &[
                Format::Mermaid,
                Format::Dot,
                Format::Json,
                Format::Markdown,
                Format::Csv,
            ],
            Kind::Calendar => &[Format::Ics, Format::Markdown, Format::Csv, Format::Json],
            Kind::Subprocessors => &[Format::Html, Format::Markdown, Format::Json, Format::Atom],
        }
    }
}

/// Output formats of `dpalint report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Excel workbook: a sheet per record plus "About" (binary: use -o)
    Xlsx,
    /// one table, RFC 4180
    Csv,
    /// one self-contained page with a print stylesheet
    Html,
    /// GitHub-flavoured Markdown
    Markdown,
    /// the report model (schemas/dpalint-report-v1.schema.json)
    Json,
    /// a Mermaid flowchart (renders in GitHub Markdown and PR comments)
    Mermaid,
    /// a Graphviz digraph
    Dot,
    /// an iCalendar file (RFC 5545) to import or subscribe to
    Ics,
    /// an Atom feed (RFC 4287) customers can subscribe to
    Atom,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::Mermaid => "mermaid",
            Format::Dot => "dot",
            Format::Ics => "ics",
            Format::Atom => "atom",
        }
    }

    /// Binary formats are not written to a terminal.
    pub fn is_binary(self) -> bool {
        self == Format::Xlsx
    }
}

/// Which record of the register a one-table format (CSV) holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Record {
    /// Art. 30(1): one row per activity
    Controller,
    /// Art. 30(2): one row per client (controller served)
    Processor,
}

/// How the transfer map groups its nodes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    /// a box per processor with its sub-processor chain
    #[default]
    Processor,
    /// a box per country of establishment
    Country,
    /// no boxes
    None,
}

/// Everything a report needs besides the project.
#[derive(Clone, Debug)]
pub struct Options {
    pub as_of: Date,
    pub labels: Labels,
    /// Calendar: only items due within this many days (past-due items always).
    pub within_days: Option<i64>,
    /// Transfer map: grouping.
    pub group_by: GroupBy,
    /// Transfer map: only vendors with locations outside the EEA, and their parents.
    pub foreign_only: bool,
    /// Register: the record a CSV holds (default: controller, or processor
    /// for an organisation that is only a processor).
    pub record: Option<Record>,
    /// HTML: prefix of source links (`https://github.com/o/r/blob/main/`);
    /// default: paths relative to the project root.
    pub link_base: Option<String>,
}

impl Options {
    pub fn new(as_of: Date) -> Options {
        Options {
            as_of,
            labels: Labels::english(),
            within_days: None,
            group_by: GroupBy::default(),
            foreign_only: false,
            record: None,
            link_base: None,
        }
    }
}

/// Build report `kind` of `project` and render it in `format`.
pub fn render(
    kind: Kind,
    format: Format,
    project: &Project,
    options: &Options,
) -> Result<Vec<u8>, String> {
    if !kind.formats().contains(&format) {
        let names: Vec<&str> = kind.formats().iter().map(|f| f.name()).collect();
        return Err(format!(
            "`{}` is not a format of `dpalint report {}`; use one of {}",
            format.name(),
            kind.name(),
            names.join(", ")
        ));
    }
    let cx = Context::new(project, options);
    match kind {
        Kind::Ropa => ropa::render(&ropa::build(&cx), format, &cx),
        Kind::Transfers => transfers::render(&transfers::build(&cx, true)?, format, &cx),
        Kind::Calendar => calendar::render(&calendar::build(&cx), format, &cx),
        Kind::Subprocessors => subprocessors::render(&subprocessors::build(&cx), format, &cx),
    }
}

/// What the builders read: the project, its documents (for lines), the
/// reference data and the options.
pub struct Context<'p> {
    pub project: &'p Project,
    pub docs: DocMap<'p>,
    pub reference: &'static Reference,
    pub options: &'p Options,
}

impl<'p> Context<'p> {
    pub fn new(project: &'p Project, options: &'p Options) -> Context<'p> {
        Context {
            project,
            docs: project.documents(),
            reference: Reference::embedded(),
            options,
        }
    }

    pub fn as_of(&self) -> Date {
        self.options.as_of
    }

    pub fn label<'k>(&self, key: &'k str) -> &'k str {
        self.options.labels.get(key)
    }

    /// File and line of `rel` below an entity (the entity itself for `""`;
    /// the nearest existing parent when the field is absent).
    pub fn source(&self, origin: &Origin, rel: &str) -> SourceRef {
        let file = self.project.sources().get(origin.file);
        let pointer = origin.at(rel);
        let line = self.docs.get(&(origin.file, origin.doc)).map_or(1, |doc| {
            let found = doc.locate_nearest(&pointer);
            file.position(found.primary().start as usize).line
        });
        SourceRef {
            file: file.path.clone(),
            line,
        }
    }

    /// The provenance block of a report.
    pub fn about(&self, kind: Kind) -> About {
        let left_out = left_out(self.project);
        let mut invalid: Vec<String> = self
            .project
            .inventory()
            .invalid_vendor_ids
            .iter()
            .cloned()
            .collect();
        invalid.sort();
        About {
            report: kind.name(),
            tool: Tool {
                name: "dpalint",
                version: env!("CARGO_PKG_VERSION"),
            },
            as_of: self.as_of(),
            reference_data_as_of: self.reference.as_of,
            lang: self.options.labels.lang().to_string(),
            organisation: self
                .project
                .inventory()
                .organisation
                .as_ref()
                .and_then(|o| o.name.clone()),
            files: self.project.file_count(),
            left_out,
            left_out_vendors: invalid,
        }
    }
}

/// The input errors that keep entities or files out of a report, sorted:
/// errors of the inventory files (unreadable files, syntax, schema, merge),
/// not of policy definitions or suppression comments.
pub fn left_out(project: &Project) -> Vec<LeftOut> {
    let sources = project.sources();
    let mut out: Vec<LeftOut> = project
        .input_diagnostics()
        .into_iter()
        .filter(|d| {
            d.severity >= Severity::Error
                && !d.rule.starts_with("DPL03")
                && !d.rule.starts_with("DPL04")
        })
        .map(|d| {
            let file = sources.get(d.file());
            LeftOut {
                file: file.path.clone(),
                line: file.position(d.primary.span.start as usize).line,
                code: d.rule.to_string(),
                message: d.message.clone(),
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.file, a.line, &a.code).cmp(&(&b.file, b.line, &b.code)));
    out
}

/// A place in the project: file (relative to the root) and 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SourceRef {
    pub file: String,
    pub line: u32,
}

impl std::fmt::Display for SourceRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

/// Where a report comes from, and what it leaves out.
#[derive(Clone, Debug, Serialize)]
pub struct About {
    pub report: &'static str,
    pub tool: Tool,
    pub as_of: Date,
    pub reference_data_as_of: Date,
    pub lang: String,
    pub organisation: Option<String>,
    /// dpalint files read.
    pub files: usize,
    /// Input errors: the entity (or file) at each is not in the report.
    pub left_out: Vec<LeftOut>,
    /// Ids of vendors left out because of input errors.
    pub left_out_vendors: Vec<String>,
}

/// An input error that kept something out of the report.
#[derive(Clone, Debug, Serialize)]
pub struct LeftOut {
    pub file: String,
    pub line: u32,
    pub code: String,
    pub message: String,
}

/// `value` as pretty JSON with a final newline.
pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>, String> {
    let mut out = serde_json::to_vec_pretty(value).map_err(|e| e.to_string())?;
    out.push(b'\n');
    Ok(out)
}
