//! `dpalint test`: run the tests policies carry, like `conftest verify` or
//! `kyverno test`.
//!
//! A test is a small inventory and the number of findings the policy must
//! produce on it. Tests come from two places:
//!
//! - `tests:` of the policy: `{name, inventory: {organisation?, activities?,
//!   vendors?}, expect}`; findings are located in the policy file itself;
//! - fixture files next to the policy file: `<stem>.tests/*.yaml` beside
//!   `<stem>.yaml`, each an inventory snippet (no `dpalint:` marker, so
//!   `dpalint check` never reads it as part of the real inventory) with the
//!   header comments `# expect: N` and, when the policy file holds several
//!   policies, `# policy: ID`.
//!
//! Each test runs with that one policy only, at the run's evaluation date.

use super::{Merged, Policy};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Date;
use crate::project::Project;
use crate::project::merge::CheckedDoc;
use crate::project::parse::{self, Document, Located};
use crate::project::validate::{self, Locate};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

/// The result of one test.
#[derive(Debug)]
pub struct Outcome {
    /// Index into the project's policies.
    pub policy: usize,
    pub name: String,
    /// Where the test is: `file:line` of an inline test, or the fixture file.
    pub location: String,
    pub expect: u64,
    /// The policy's findings on the test inventory.
    pub findings: Vec<Diagnostic>,
    /// Evaluation errors (`DPL041`): the test fails.
    pub errors: Vec<Diagnostic>,
}

impl Outcome {
    pub fn passed(&self) -> bool {
        self.errors.is_empty() && self.findings.len() as u64 == self.expect
    }
}

/// Everything `dpalint test` found.
#[derive(Debug, Default)]
pub struct TestRun {
    pub outcomes: Vec<Outcome>,
    /// Problems with policies, their tests or fixture files: nothing was run.
    pub invalid: Vec<Diagnostic>,
    /// Ids of valid policies without any test.
    pub untested: Vec<String>,
}

impl TestRun {
    pub fn failed(&self) -> usize {
        self.outcomes.iter().filter(|o| !o.passed()).count()
    }
}

/// A fixture file of a policy.
struct Fixture {
    file: FileId,
    policy: usize,
    name: String,
    expect: u64,
    documents: Vec<Document>,
    jsons: Vec<serde_json::Value>,
    errors: Vec<Vec<String>>,
}

/// Schema errors of an inventory snippet, located below `base` in `doc`.
struct Prefixed<'a> {
    doc: &'a Document,
    base: &'a str,
}

impl Locate for Prefixed<'_> {
    fn locate(&self, pointer: &str) -> Option<Located> {
        self.doc.lookup(&format!("{}{pointer}", self.base))
    }
}

/// Validate `inventory` as a dpalint document body; diagnostics carry pointers
/// of `doc` (below `base`), the returned pointers are relative to `inventory`.
fn validate(
    inventory: &serde_json::Value,
    file: FileId,
    doc: &Document,
    base: &str,
) -> (Vec<Diagnostic>, Vec<String>) {
    let mut instance = inventory.clone();
    match instance.as_object_mut() {
        Some(map) => {
            map.insert("dpalint".into(), serde_json::Value::from(1));
        }
        None => return (Vec::new(), vec![String::new()]),
    }
    let diags = validate::validate(&validate::INPUT, &instance, file, &Prefixed { doc, base });
    let relative: Vec<String> = diags.iter().map(|d| d.pointer.clone()).collect();
    let diags = diags
        .into_iter()
        .map(|mut d| {
            d.pointer = format!("{base}{}", d.pointer);
            d
        })
        .collect();
    (diags, relative)
}

/// Problems that make `dpalint test` exit 2: anything wrong with policies.
fn is_policy_problem(d: &Diagnostic, sources: &SourceMap) -> bool {
    if d.rule == Code::PolicyInvalid.id() || d.rule == Code::PolicyEvaluation.id() {
        return true;
    }
    if !d.rule.starts_with("DPL") {
        return false;
    }
    d.pointer.starts_with("/policies")
        || (d.pointer.is_empty() && sources.get(d.file()).text.contains("policies:"))
}

/// Run every test of every valid policy of `project`.
pub fn run(project: &mut Project, as_of: Date) -> TestRun {
    let mut result = TestRun {
        invalid: project
            .input_diagnostics()
            .into_iter()
            .filter(|d| is_policy_problem(d, project.sources()))
            .collect(),
        ..TestRun::default()
    };
    let fixtures = load_fixtures(project, &mut result.invalid);

    // Inline test inventories must be valid inventories.
    let mut inline_errors: HashMap<(usize, usize), Vec<String>> = HashMap::new();
    for (pi, p) in project.policies().iter().enumerate() {
        let Some(doc) = project.document(p.file, p.doc) else {
            continue;
        };
        for (ti, t) in p.tests.iter().enumerate() {
            let base = format!("{}/tests/{ti}/inventory", p.pointer);
            let (diags, relative) = validate(&t.inventory, p.file, doc, &base);
            result.invalid.extend(diags);
            inline_errors.insert((pi, ti), relative);
        }
    }
    for f in &fixtures {
        for (doc, json) in f.documents.iter().zip(&f.jsons) {
            let (diags, _) = validate(json, f.file, doc, "");
            result.invalid.extend(diags);
        }
    }
    if !result.invalid.is_empty() || project.policies().iter().any(|p| !p.is_valid()) {
        crate::diagnostic::sort(&mut result.invalid, project.sources());
        return result;
    }

    let mut docs: HashMap<(FileId, usize), &Document> = HashMap::new();
    for p in project.policies() {
        if let Some(d) = project.document(p.file, p.doc) {
            docs.insert((p.file, p.doc), d);
        }
    }
    for f in &fixtures {
        for d in &f.documents {
            docs.insert((d.file, d.index), d);
        }
    }
    let located: crate::project::DocMap<'_> = docs
        .iter()
        .map(|(&k, &d)| (k, d as &(dyn crate::project::validate::Locate + Sync)))
        .collect();
    let project_explicit = project.named_files();
    let sources = project.sources();
    let policies = project.policies();
    let evaluate = |pi: usize, merged: Merged| {
        let id = policies[pi].meta.id.clone();
        let enabled = move |p: &str| p == id;
        let locate = |file: FileId, doc: usize, pointer: &str| -> Option<Span> {
            docs.get(&(file, doc))
                .map(|d| d.locate_nearest(pointer).primary())
        };
        let (findings, errors) =
            super::evaluate(policies, &enabled, merged, as_of, sources, &locate);
        let mut findings: Vec<Diagnostic> = findings
            .iter()
            .map(|f| {
                let p = &policies[f.policy];
                super::policy_diagnostic(p, f, p.meta.severity, &located)
            })
            .collect();
        crate::diagnostic::sort(&mut findings, sources);
        (findings, errors)
    };

    // With files named on the command line, only their policies are tested.
    let chosen = |p: &Policy| project_explicit.is_empty() || project_explicit.contains(&p.file);
    let mut tested = vec![false; policies.len()];
    for (pi, p) in policies.iter().enumerate() {
        if !chosen(p) {
            tested[pi] = true;
            continue;
        }
        for (ti, t) in p.tests.iter().enumerate() {
            tested[pi] = true;
            let base = format!("{}/tests/{ti}/inventory", p.pointer);
            let errors = inline_errors.remove(&(pi, ti)).unwrap_or_default();
            let merged = Merged::from_snippet(&t.inventory, &errors, p.file, p.doc, &base);
            let (findings, errors) = evaluate(pi, merged);
            let line = docs
                .get(&(p.file, p.doc))
                .and_then(|d| d.lookup(&format!("{}/tests/{ti}", p.pointer)))
                .map(|l| {
                    sources
                        .get(p.file)
                        .position(l.primary().start as usize)
                        .line
                })
                .unwrap_or(p.meta.line);
            result.outcomes.push(Outcome {
                policy: pi,
                name: t.name.clone(),
                location: format!("{}:{line}", p.meta.file),
                expect: t.expect,
                findings,
                errors,
            });
        }
        for f in fixtures.iter().filter(|f| f.policy == pi) {
            tested[pi] = true;
            let checked: Vec<CheckedDoc<'_>> = f
                .documents
                .iter()
                .zip(&f.jsons)
                .zip(&f.errors)
                .map(|((doc, json), errs)| CheckedDoc {
                    doc,
                    json,
                    error_pointers: errs,
                    entities: crate::project::merge::DocEntities::none(),
                })
                .collect();
            let merged = Merged::from_docs(&checked);
            let (findings, errors) = evaluate(pi, merged);
            result.outcomes.push(Outcome {
                policy: pi,
                name: f.name.clone(),
                location: sources.get(f.file).path.clone(),
                expect: f.expect,
                findings,
                errors,
            });
        }
    }
    // Like `cargo test`: a stable order independent of the file layout.
    result
        .outcomes
        .sort_by(|a, b| policies[a.policy].meta.id.cmp(&policies[b.policy].meta.id));
    result.untested = policies
        .iter()
        .zip(tested)
        .filter(|(_, t)| !t)
        .map(|(p, _)| p.meta.id.clone())
        .collect();
    result
}

/// `<stem>.tests/*.yaml` beside each policy file, loaded into the source map.
fn load_fixtures(project: &mut Project, invalid: &mut Vec<Diagnostic>) -> Vec<Fixture> {
    let mut files: Vec<(FileId, String)> = project
        .policies()
        .iter()
        .map(|p| (p.file, p.meta.file.clone()))
        .collect();
    files.dedup();
    let mut out = Vec::new();
    for (policy_file, display) in files {
        let path = Path::new(&display);
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let dir_display = match path
            .parent()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
        {
            Some(parent) if !parent.is_empty() => format!("{parent}/{stem}.tests"),
            _ => format!("{stem}.tests"),
        };
        let Ok(entries) = std::fs::read_dir(project.root.join(&dir_display)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
            .collect();
        names.sort();
        let in_file: Vec<usize> = project
            .policies()
            .iter()
            .enumerate()
            .filter(|(_, p)| p.file == policy_file)
            .map(|(i, _)| i)
            .collect();
        for name in names {
            let display = format!("{dir_display}/{name}");
            let text = match std::fs::read_to_string(project.root.join(&display)) {
                Ok(t) => t,
                Err(e) => {
                    let id = project.add_source(SourceFile::new(display, Arc::from("")));
                    invalid.push(Diagnostic::input(
                        Code::Unreadable,
                        id,
                        Span::default(),
                        format!("cannot read the policy fixture: {e}"),
                    ));
                    continue;
                }
            };
            let id = project.add_source(SourceFile::new(display, Arc::from(text.as_str())));
            let problem = |message: String, help: &str| {
                Diagnostic::input(Code::PolicyInvalid, id, Span::new(0, 0), message).with_help(help)
            };
            if crate::project::discover::has_marker(text.as_bytes()) {
                invalid.push(problem(
                    "a policy fixture must not carry the `dpalint:` marker: `dpalint check` would read it as part of the real inventory".into(),
                    "remove the `dpalint: 1` line; fixtures hold only `organisation`, `activities` and `vendors`",
                ));
                continue;
            }
            let header = |key: &str| {
                text.lines()
                    .take_while(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
                    .find_map(|l| {
                        l.trim_start()
                            .trim_start_matches('#')
                            .trim()
                            .strip_prefix(key)
                            .map(|v| v.trim().to_string())
                    })
            };
            let Some(expect) = header("expect:").and_then(|v| v.parse::<u64>().ok()) else {
                invalid.push(problem(
                    "a policy fixture needs a header comment `# expect: N` (the number of findings)".into(),
                    "start the file with `# expect: 0` for a compliant example, `# expect: 1` for one finding",
                ));
                continue;
            };
            let policy = match header("policy:") {
                Some(key) => in_file.iter().copied().find(|&i| {
                    let m = &project.policies()[i].meta;
                    m.id.eq_ignore_ascii_case(&key) || m.name == key
                }),
                None if in_file.len() == 1 => Some(in_file[0]),
                None => None,
            };
            let Some(policy) = policy else {
                invalid.push(problem(
                    "this fixture does not say which policy of the file it tests".into(),
                    "add a header comment `# policy: ID` naming a policy of the policy file",
                ));
                continue;
            };
            let loaded = parse::load(id, project.sources().get(id));
            invalid.extend(loaded.diagnostics);
            let mut jsons = Vec::new();
            let mut errors = Vec::new();
            for doc in &loaded.documents {
                let json = parse::to_json(doc, invalid);
                let (_, relative) = validate(&json, id, doc, "");
                errors.push(relative);
                jsons.push(json);
            }
            let name = name
                .trim_end_matches(".yaml")
                .trim_end_matches(".yml")
                .to_string();
            out.push(Fixture {
                file: id,
                policy,
                name,
                expect,
                documents: loaded.documents,
                jsons,
                errors,
            });
        }
    }
    out
}

/// The report of a run, like `cargo test`'s.
pub fn render(run: &TestRun, policies: &[Policy], sources: &SourceMap) -> String {
    let mut s = String::new();
    let n = run.outcomes.len();
    let mut with_tests: Vec<usize> = run.outcomes.iter().map(|o| o.policy).collect();
    with_tests.dedup();
    let with_tests = with_tests.len();
    let _ = writeln!(
        s,
        "running {n} test{} of {with_tests} polic{}\n",
        if n == 1 { "" } else { "s" },
        if with_tests == 1 { "y" } else { "ies" }
    );
    let title = |o: &Outcome| {
        let m = &policies[o.policy].meta;
        format!("{} {} :: {}", m.id, m.name, o.name)
    };
    for o in &run.outcomes {
        let _ = writeln!(
            s,
            "test {} ... {}",
            title(o),
            if o.passed() { "ok" } else { "FAILED" }
        );
    }
    let failed: Vec<&Outcome> = run.outcomes.iter().filter(|o| !o.passed()).collect();
    if !failed.is_empty() {
        let _ = writeln!(s, "\nfailures:");
        for o in &failed {
            let _ = writeln!(s, "\n---- {} ({}) ----", title(o), o.location);
            let got = o.findings.len();
            let plural = |k: u64| if k == 1 { "finding" } else { "findings" };
            let _ = writeln!(
                s,
                "expected {} {}, got {got}{}",
                o.expect,
                plural(o.expect),
                if got > 0 { ":" } else { "" }
            );
            for d in &o.findings {
                let _ = writeln!(s, "  {}", concise(d, sources));
            }
            for d in &o.errors {
                let _ = writeln!(s, "evaluation error:\n  {}", concise(d, sources));
            }
        }
        let _ = writeln!(s, "\nfailures:");
        for o in &failed {
            let _ = writeln!(s, "    {}", title(o));
        }
    }
    let _ = writeln!(
        s,
        "\ntest result: {}. {} passed; {} failed",
        if failed.is_empty() { "ok" } else { "FAILED" },
        n - failed.len(),
        failed.len()
    );
    s
}

fn concise(d: &Diagnostic, sources: &SourceMap) -> String {
    let file = sources.get(d.file());
    let p = file.position(d.primary.span.start as usize);
    format!(
        "{}:{}:{}: {}[{}] {}",
        file.path, p.line, p.column, d.severity, d.rule, d.message
    )
}
