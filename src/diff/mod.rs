//! Change review (`dpalint diff`): what changes between two loaded projects,
//! by entity identity and by finding, never by line.
//!
//! The stage takes two [`Side`]s (a project and its check report, built by
//! the caller from a git revision, the working tree or a directory) and
//! returns a [`Diff`]:
//!
//! - [`entities`]: vendors and activities keyed by id, the organisation;
//!   each entity compared field by field in its serde JSON form (fields named
//!   as users write them), countries and locations with their EEA/adequacy
//!   status at the evaluation date; renamed ids hinted;
//! - [`findings`]: findings introduced and resolved, matched by a
//!   fingerprint that survives moved files and reordered entities;
//! - [`git`]: reading a revision with the `git` executable;
//! - [`render`]: human, Markdown (a pull-request comment) and JSON.

pub mod entities;
pub mod findings;
pub mod git;
pub mod render;

use crate::check::Report;
use crate::diagnostic::Code;
use crate::model::Date;
use crate::project::Project;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeSet;

/// The schema of `dpalint diff --format json`.
pub const DIFF_SCHEMA: &str = include_str!("../../schemas/dpalint-diff.schema.json");

/// One side of a comparison.
pub struct Side<'a> {
    /// What it is: `main (merge base 1a2b3c4)`, `working tree`, `old/`.
    pub label: String,
    pub project: &'a Project,
    pub report: &'a Report,
}

impl Side<'_> {
    /// Files that could not be read or parsed at this side: their entities
    /// are unknown there.
    fn unparsed(&self) -> Vec<Unparsed> {
        let sources = self.project.sources();
        let mut out: Vec<Unparsed> = self
            .project
            .input_diagnostics()
            .iter()
            .filter(|d| {
                [
                    Code::YamlSyntax,
                    Code::YamlLimit,
                    Code::Unreadable,
                    Code::TooLarge,
                ]
                .iter()
                .any(|c| d.rule == c.id())
            })
            .map(|d| {
                let file = sources.get(d.file());
                Unparsed {
                    file: file.path.clone(),
                    line: file.position(d.primary.span.start as usize).line,
                    rule: d.rule.to_string(),
                    message: d.message.clone(),
                }
            })
            .collect();
        out.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        out.dedup_by(|a, b| a.file == b.file);
        out
    }
}

/// What changed between two sides.
#[derive(Debug, Serialize)]
pub struct Diff {
    /// Version of this JSON document.
    pub version: u32,
    pub as_of: String,
    pub base: SideInfo,
    pub head: SideInfo,
    /// `None` when the organisation section is the same on both sides.
    pub organisation: Option<OrganisationChange>,
    pub vendors: EntityChanges<VendorSummary>,
    pub activities: EntityChanges<ActivitySummary>,
    /// Removed and added ids that look like one entity renamed.
    pub renames: Vec<Rename>,
    pub findings: findings::FindingChanges,
}

#[derive(Debug, Serialize)]
pub struct SideInfo {
    pub label: String,
    /// dpalint files read at this side.
    pub files: usize,
    /// Files that could not be read or parsed (their entities are unknown).
    pub unparsed: Vec<Unparsed>,
}

/// A file of one side that could not be read or parsed.
#[derive(Clone, Debug, Serialize)]
pub struct Unparsed {
    pub file: String,
    pub line: u32,
    /// The input check (`DPL001`).
    pub rule: String,
    pub message: String,
}

/// Where an entity is written: file and line.
#[derive(Clone, Debug, Serialize)]
pub struct At {
    pub file: String,
    pub line: u32,
}

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// Added, removed, changed and unknown entities of one kind, sorted by id.
#[derive(Debug, Serialize)]
pub struct EntityChanges<S> {
    pub added: Vec<S>,
    pub removed: Vec<S>,
    pub changed: Vec<Changed>,
    /// Present at one side, in a file the other side could not parse: whether
    /// it was removed or added is not known.
    pub unknown: Vec<Unknown>,
}

impl<S> Default for EntityChanges<S> {
    fn default() -> Self {
        EntityChanges {
            added: Vec::new(),
            removed: Vec::new(),
            changed: Vec::new(),
            unknown: Vec::new(),
        }
    }
}

impl<S> EntityChanges<S> {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.unknown.is_empty()
    }
}

/// A country or data location with its status at the evaluation date.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Place {
    pub code: String,
    /// `EEA`, `adequate`, `partially adequate`, `third country` or `unknown`.
    pub status: String,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.code, self.status)
    }
}

/// A vendor as shown when added or removed.
#[derive(Clone, Debug, Serialize)]
pub struct VendorSummary {
    pub id: String,
    pub name: Option<String>,
    pub role: Option<String>,
    pub parent: Option<String>,
    pub country: Option<Place>,
    pub data_locations: Vec<Place>,
    /// `transfer.mechanism` as written (`scc`, `dpf`, …).
    pub mechanism: Option<String>,
    /// At HEAD for an added vendor, at BASE for a removed one.
    pub at: At,
}

/// An activity as shown when added or removed.
#[derive(Clone, Debug, Serialize)]
pub struct ActivitySummary {
    pub id: String,
    pub name: Option<String>,
    /// `special:*` and `criminal` data categories.
    pub special_categories: Vec<String>,
    pub recipients: Vec<String>,
    pub at: At,
}

/// An entity present at both sides whose fields differ.
#[derive(Clone, Debug, Serialize)]
pub struct Changed {
    pub id: String,
    pub name: Option<String>,
    /// At HEAD.
    pub at: At,
    pub changes: Vec<Change>,
}

/// One field of an entity: its old and new value (`null` when absent).
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// The field as written in YAML: `dpa.subprocessing.objection.window_days`,
    /// `data_locations` (one change per added or removed item of a list of values).
    pub field: String,
    pub old: Value,
    pub new: Value,
    /// `location`, `transfer`, `dpa`, `role`, `special_category`, `recipient` or `other`.
    pub topic: String,
    /// What the change means, e.g. `US (third country)` for a new data location.
    pub note: Option<String>,
    /// An item added to (`old` null) or removed from (`new` null) a list of values.
    pub item: bool,
}

/// An entity whose presence at one side is not known.
#[derive(Clone, Debug, Serialize)]
pub struct Unknown {
    pub id: String,
    /// The side the entity was seen at (`base` or `head`).
    pub seen_at: String,
    pub at: At,
    pub reason: String,
}

/// The organisation section.
#[derive(Clone, Debug, Serialize)]
pub struct OrganisationChange {
    /// `added`, `removed` or `changed`.
    pub status: String,
    pub changes: Vec<Change>,
}

/// A removed id and an added id of the same kind with (nearly) equal content.
#[derive(Clone, Debug, Serialize)]
pub struct Rename {
    /// `vendor` or `activity`.
    pub kind: String,
    pub from: String,
    pub to: String,
    /// Fields that differ besides the id.
    pub differences: usize,
}

/// Compare two sides at `as_of`.
pub fn compare(base: &Side<'_>, head: &Side<'_>, as_of: Date) -> Diff {
    let base_unparsed = base.unparsed();
    let head_unparsed = head.unparsed();
    let cx = entities::Context {
        as_of,
        base_unparsed: base_unparsed.iter().map(|u| u.file.clone()).collect(),
        head_unparsed: head_unparsed.iter().map(|u| u.file.clone()).collect(),
    };
    let (vendors, vendor_renames) = entities::vendors(base.project, head.project, &cx);
    let (activities, activity_renames) = entities::activities(base.project, head.project, &cx);
    let organisation = entities::organisation(base.project, head.project, &cx);
    let mut renames = vendor_renames;
    renames.extend(activity_renames);
    Diff {
        version: 1,
        as_of: as_of.to_string(),
        base: SideInfo {
            label: base.label.clone(),
            files: base.report.files,
            unparsed: base_unparsed,
        },
        head: SideInfo {
            label: head.label.clone(),
            files: head.report.files,
            unparsed: head_unparsed,
        },
        organisation,
        vendors,
        activities,
        renames,
        findings: findings::compare(base.report, head.report),
    }
}

impl Diff {
    /// Whether nothing changed: no entity, no organisation field, no finding.
    pub fn is_empty(&self) -> bool {
        self.organisation.is_none()
            && self.vendors.is_empty()
            && self.activities.is_empty()
            && self.findings.introduced.is_empty()
            && self.findings.resolved.is_empty()
    }
}

/// Paths of a set, for lookups by file.
pub(crate) type PathSet = BTreeSet<String>;
