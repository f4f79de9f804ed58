//! `dpalint check --fix` / `--diff`: apply the findings' safe fixes.
//!
//! Fixes are applied in rounds on the in-memory project (one file re-parsed
//! per changed file, [`Project::set_text`]), until a check finds nothing more
//! to fix: a fix can make a finding checkable that was hidden before (a key
//! renamed into the schema exposes its value to the rules), so a second run
//! of `--fix` fixes nothing. Only then is anything written, each changed file
//! once and atomically, and only if it still holds the text that was read.

use super::write_atomically;
use crate::check::Report;
use crate::project::Project;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// More rounds than any chain of fixes needs (each round fixes what the
/// previous one made checkable); a guard against a fix that undoes another.
const MAX_ROUNDS: usize = 10;

/// What the rounds did.
pub(super) struct Outcome {
    /// The check of the fixed texts.
    pub report: Report,
    /// Changed files: display path -> (text read, fixed text).
    pub changed: BTreeMap<String, (Arc<str>, Arc<str>)>,
    /// Number of fixes applied.
    pub fixed: usize,
}

/// Apply fixes to `project` in rounds; `check` checks it (with the baseline
/// applied, so accepted findings are left alone).
pub(super) fn run(
    project: &mut Project,
    check: &dyn Fn(&Project) -> Result<Report, String>,
) -> Result<Outcome, String> {
    let mut originals: BTreeMap<String, Arc<str>> = BTreeMap::new();
    let mut fixed = 0;
    let mut report = check(project)?;
    for _ in 0..MAX_ROUNDS {
        let mut by_file: BTreeMap<_, Vec<_>> = BTreeMap::new();
        for d in report.diagnostics.iter().filter(|d| d.fix.is_some()) {
            by_file.entry(d.file()).or_default().push(d);
        }
        let mut edits = Vec::new();
        for (file, diags) in by_file {
            let source = report.sources.get(file);
            let planned = crate::fix::plan(diags.into_iter());
            let new = crate::fix::apply(&source.text, &planned);
            if *new != *source.text {
                edits.push((
                    source.path.clone(),
                    Arc::clone(&source.text),
                    new,
                    planned.len(),
                ));
            }
        }
        if edits.is_empty() {
            break;
        }
        for (path, old, new, n) in edits {
            originals.entry(path.clone()).or_insert(old);
            fixed += n;
            project.set_text(&path, Arc::from(new));
        }
        report = check(project)?;
    }
    let mut changed = BTreeMap::new();
    for (path, old) in originals {
        let new = report
            .sources
            .iter()
            .find(|(_, f)| f.path == path)
            .map(|(_, f)| Arc::clone(&f.text));
        if let Some(new) = new.filter(|new| **new != *old) {
            changed.insert(path, (old, new));
        }
    }
    Ok(Outcome {
        report,
        changed,
        fixed,
    })
}

/// The unified diff of every changed file, in path order.
pub(super) fn diff(outcome: &Outcome) -> String {
    outcome
        .changed
        .iter()
        .map(|(path, (old, new))| crate::fix::unified_diff(path, old, new))
        .collect()
}

/// Write every changed file under `root`, atomically, keeping its permissions.
/// A file whose content changed on disk since it was read is left alone.
pub(super) fn write(root: &Path, outcome: &Outcome) -> Result<(), String> {
    for (path, (old, new)) in &outcome.changed {
        let target = root.join(path);
        let now = std::fs::read(&target).map_err(|e| format!("cannot read {path}: {e}"))?;
        if now != old.as_bytes() {
            return Err(format!(
                "{path} changed on disk while dpalint was fixing it; nothing was written to it, run `dpalint check --fix` again"
            ));
        }
        write_atomically(&target, new.as_bytes())
            .map_err(|e| format!("cannot write {path}: {e}"))?;
    }
    Ok(())
}

/// "fixed 3 findings in 2 files" / "would fix …".
pub(super) fn summary(outcome: &Outcome, dry_run: bool) -> String {
    if outcome.fixed == 0 {
        return "dpalint: nothing to fix".into();
    }
    let n = outcome.fixed;
    let files = outcome.changed.len();
    format!(
        "dpalint: {} {n} finding{} in {files} file{}",
        if dry_run { "would fix" } else { "fixed" },
        if n == 1 { "" } else { "s" },
        if files == 1 { "" } else { "s" },
    )
}
