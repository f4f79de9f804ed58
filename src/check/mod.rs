//! Checking a loaded [`Project`]: built-in rules and organisation policies
//! run over the inventory, findings become located diagnostics, inline
//! suppressions apply, and everything is sorted.
//!
//! `check` is a function of the project, a [`Selection`] and an evaluation
//! date; it parses nothing. The stages:
//!
//! - [`select`]: which rules and policies run, at what severity;
//! - the rules (`crate::rules`) and policies (`crate::policy`) themselves;
//! - [`locate`]: findings -> diagnostics with spans;
//! - [`suppress`]: `# dpalint: ignore[...]` comments;
//! - [`baseline`]: `--baseline` / `--write-baseline`, applied by the caller.

pub mod baseline;
pub mod locate;
pub mod select;
pub mod suppress;

pub use select::{RuleArgs, Selection, select_rules};

use crate::config::Config;
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::model::Date;
use crate::policy::{self, Policy, PolicyMeta};
use crate::project::validate::Locate;
use crate::project::{DocMap, Input, Project};
use crate::reference::Reference;
use crate::rules::{self, Context, Finding};
use crate::source::{FileId, SourceMap};
use rayon::prelude::*;
use select::RegistryLookup;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Everything a renderer needs.
#[derive(Debug)]
pub struct Report {
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
    /// Number of dpalint files checked.
    pub files: usize,
    pub as_of: Date,
    pub root: PathBuf,
    /// With `--baseline`: entries of the baseline that matched no finding.
    pub baseline_unmatched: Option<usize>,
    /// The project's valid organisation policies (rule metadata for renderers).
    pub policies: Vec<PolicyMeta>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| !d.is_suppressed() && d.severity == severity)
            .count()
    }
}

/// Check a loaded project: input diagnostics, then every selected rule and
/// policy at `as_of`, suppressions, sorted. Fails when a selector names no
/// rule and no policy.
pub fn check(project: &Project, selection: &Selection, as_of: Date) -> Result<Report, String> {
    crate::pool::in_pool(|| run(project, selection, as_of))
}

/// [`check`] of in-memory files (fixtures, tests, fuzzing) with every rule of
/// `selection`.
pub fn check_memory(files: Vec<Input>, as_of: Date, cfg: &Config, selection: &Selection) -> Report {
    let project = Project::from_inputs(files, cfg.clone());
    // Selections built in code never fail (they ignore selectors naming nothing).
    check(&project, selection, as_of).unwrap_or_else(|_| Report {
        sources: SourceMap::default(),
        diagnostics: Vec::new(),
        files: 0,
        as_of,
        root: PathBuf::new(),
        baseline_unmatched: None,
        policies: Vec::new(),
    })
}

fn run(project: &Project, selection: &Selection, as_of: Date) -> Result<Report, String> {
    let reference = Reference::embedded();
    let sources = project.sources();
    let mut diagnostics = project.input_diagnostics();
    let metas = project.policy_metas();
    let selection = selection.with_policies(&metas)?;
    let policies = project.policies();
    let docs = project.documents();
    let inventory = project.inventory();
    let thresholds = project.config.thresholds.resolve(reference, as_of)?;

    // Policies run alongside the rules: nothing is done for them unless some
    // enabled policy is valid.
    let enabled = |id: &str| selection.level(id).is_some();
    let any_policy = policies.iter().any(|p| p.is_valid() && enabled(&p.meta.id));
    let (findings, policy_results) = rayon::join(
        || {
            rules::ALL
                .par_iter()
                .filter(|r| selection.level(r.meta().id).is_some())
                .flat_map_iter(|r| {
                    let mut cx = Context::new(inventory, as_of, &thresholds, reference, r.meta());
                    r.check(&mut cx);
                    cx.into_findings()
                })
                .collect::<Vec<Finding>>()
        },
        || {
            any_policy.then(|| {
                let merged = policy::Merged::from_docs(&project.checked_docs());
                run_policies(policies, &enabled, merged, as_of, sources, &docs)
            })
        },
    );
    for f in findings {
        let severity = selection.level(f.rule.id).unwrap_or(f.rule.severity);
        diagnostics.push(locate::to_diagnostic(&f, severity, &docs, sources));
    }
    if let Some((findings, diags)) = policy_results {
        diagnostics.extend(diags);
        for f in findings {
            let p = &policies[f.policy];
            let severity = selection.level(&p.meta.id).unwrap_or(p.meta.severity);
            diagnostics.push(policy::policy_diagnostic(p, &f, severity, &docs));
        }
    }

    // Inline suppressions, scanned per file in parallel (in file order).
    let lookup = RegistryLookup { policies: &metas };
    let texts: Vec<FileId> = project.parsed().map(|(id, _)| id).collect();
    let scanned: Vec<_> = texts
        .par_iter()
        .map(|&id| {
            let mut diags = Vec::new();
            let found = suppress::scan(id, sources.get(id), &lookup, &mut diags);
            (found, diags)
        })
        .collect();
    let mut directives = Vec::new();
    let mut suppression_diags = Vec::new();
    for (found, diags) in scanned {
        directives.extend(found);
        suppression_diags.extend(diags);
    }
    suppress::apply(
        &directives,
        &mut diagnostics,
        sources,
        as_of,
        &|rule| selection.level(rule).is_some(),
        &mut suppression_diags,
    );
    diagnostics.extend(suppression_diags);

    if let Some(reported) = project.reported_files() {
        let keep: BTreeSet<FileId> = reported.into_iter().collect();
        diagnostics.retain(|d| keep.contains(&d.file()));
    }
    diagnostic::sort(&mut diagnostics, sources);
    Ok(Report {
        sources: sources.clone(),
        diagnostics,
        files: texts.len(),
        as_of,
        root: project.root.clone(),
        baseline_unmatched: None,
        policies: metas,
    })
}

/// Evaluate policies with spans resolved through `docs`.
fn run_policies(
    policies: &[Policy],
    enabled: &(dyn Fn(&str) -> bool + Sync),
    merged: policy::Merged,
    as_of: Date,
    sources: &SourceMap,
    docs: &DocMap<'_>,
) -> (Vec<policy::Finding>, Vec<Diagnostic>) {
    let locate = |file: FileId, doc: usize, pointer: &str| {
        docs.get(&(file, doc))
            .map(|d| d.locate_nearest(pointer).primary())
    };
    policy::evaluate(policies, enabled, merged, as_of, sources, &locate)
}
