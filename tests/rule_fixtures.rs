//! Every built-in rule proven on its own examples in `rules/<ID>-<name>/`.
//!
//! - `pass*.yaml` must produce no finding of the rule;
//! - `fail*.yaml` must produce at least one finding, all of the rule; the human
//!   output is snapshotted next to it as `fail*.snap`.
//!
//! A fixture is one YAML file, or a directory (`pass/`, `fail-<case>/`) for
//! rules that read more than the inventory: every file under it (the YAML
//! inventory next to Terraform files, modules in subdirectories) is loaded as
//! one project, and its header comments are read from `inventory.yaml`. The
//! snapshot of `fail-<case>/` is `fail-<case>.snap` next to the directory.
//!
//! Fixtures are complete, schema-valid inventories (input errors fail the test).
//! Header comments configure a fixture:
//!   `# as_of: 2022-06-01`           evaluation date (default 2026-11-21)
//!   `# threshold: name=value`       a threshold override (repeatable)
//!   `# expect: 3`                   exact number of findings of the rule
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a broken fixture"
)]

use dpalint::check::{self as engine, Selection};
use dpalint::config::Config;
use dpalint::model::Date;
use dpalint::project::Input;
use dpalint::report::{self, HumanOptions};
use std::path::{Path, PathBuf};

const DEFAULT_AS_OF: &str = "2026-11-21";

struct Fixture {
    path: PathBuf,
    text: String,
    /// A directory fixture: (path relative to the fixture, text) of every file.
    files: Vec<(String, String)>,
    as_of: Date,
    config: Config,
    expect: Option<usize>,
}

fn dir_files(dir: &Path, rel: &str, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let rel = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        if p.is_dir() {
            dir_files(&p, &rel, out);
        } else {
            out.push((rel, std::fs::read_to_string(&p).unwrap()));
        }
    }
}

fn read_fixture(path: &Path) -> Fixture {
    let mut files = Vec::new();
    let text = if path.is_dir() {
        dir_files(path, "", &mut files);
        std::fs::read_to_string(path.join("inventory.yaml")).unwrap()
    } else {
        std::fs::read_to_string(path).unwrap()
    };
    let mut as_of = DEFAULT_AS_OF.to_string();
    let mut config = Config::default();
    let mut expect = None;
    for line in text
        .lines()
        .take_while(|l| l.starts_with('#') || l.trim().is_empty())
    {
        let line = line.trim_start_matches('#').trim();
        if let Some(v) = line.strip_prefix("as_of:") {
            as_of = v.trim().to_string();
        } else if let Some(v) = line.strip_prefix("expect:") {
            expect = Some(v.trim().parse().unwrap());
        } else if let Some(v) = line.strip_prefix("threshold:") {
            let (k, v) = v.trim().split_once('=').unwrap();
            let value: u64 = v.trim().parse().unwrap();
            let t = &mut config.thresholds;
            match k.trim() {
                "min_objection_days" => t.min_objection_days = Some(value),
                "max_processor_breach_hours" => t.max_processor_breach_hours = Some(value),
                "max_deletion_days" => t.max_deletion_days = Some(value),
                "controller_breach_hours" => t.controller_breach_hours = Some(value),
                "ropa_employee_threshold" => t.ropa_employee_threshold = Some(value),
                "dpia_min_wp248_criteria" => t.dpia_min_wp248_criteria = Some(value),
                other => panic!("{}: unknown threshold {other}", path.display()),
            }
        }
    }
    Fixture {
        path: path.to_path_buf(),
        text,
        files,
        as_of: Date::parse(&as_of).unwrap(),
        config,
        expect,
    }
}

fn run(fixture: &Fixture, rule_id: &str) -> engine::Report {
    let name = format!(
        "{}/{}",
        fixture
            .path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy(),
        fixture.path.file_name().unwrap().to_string_lossy()
    );
    let inputs = if fixture.files.is_empty() {
        vec![Input::text(name, &fixture.text)]
    } else {
        fixture
            .files
            .iter()
            .map(|(rel, text)| Input::text(format!("{name}/{rel}"), text))
            .collect()
    };
    engine::check_memory(
        inputs,
        fixture.as_of,
        &fixture.config,
        &Selection::only(rule_id),
    )
}

fn render(report: &engine::Report) -> String {
    let mut out = Vec::new();
    let opts = HumanOptions {
        color: false,
        narrate: false,
        width: Some(100),
    };
    report::human::write(report, opts, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn fixtures(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with(prefix) && (n.ends_with(".yaml") || p.is_dir())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_rule_passes_and_fails_on_its_examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut failures = Vec::new();
    for rule in dpalint::rules::ALL.iter() {
        let meta = rule.meta();
        let dir = root.join(meta.dir);
        let passes = fixtures(&dir, "pass");
        let fails = fixtures(&dir, "fail");
        if passes.is_empty() || fails.is_empty() {
            failures.push(format!(
                "{}: needs at least one pass*.yaml and one fail*.yaml in {}",
                meta.id,
                dir.display()
            ));
            continue;
        }
        for path in passes.iter().chain(&fails) {
            let fixture = read_fixture(path);
            let report = run(&fixture, meta.id);
            if report.diagnostics.iter().any(|d| d.rule.starts_with("DPL")) {
                failures.push(format!(
                    "{}: input errors (fixtures must be valid inventories):\n{}",
                    path.display(),
                    render(&report)
                ));
                continue;
            }
            let own = report
                .diagnostics
                .iter()
                .filter(|d| d.rule == meta.id)
                .count();
            let is_pass = path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("pass");
            if is_pass && own > 0 {
                failures.push(format!(
                    "{}: expected no {} finding, got:\n{}",
                    path.display(),
                    meta.id,
                    render(&report)
                ));
            }
            if !is_pass && own == 0 {
                failures.push(format!(
                    "{}: expected a {} finding, got none",
                    path.display(),
                    meta.id
                ));
            }
            if let Some(n) = fixture.expect
                && n != own
            {
                failures.push(format!(
                    "{}: expected {n} findings, got {own}:\n{}",
                    path.display(),
                    render(&report)
                ));
            }
            if !is_pass {
                let stem = path.file_stem().unwrap().to_string_lossy().to_string();
                insta::with_settings!({
                    snapshot_path => dir.clone(),
                    prepend_module_to_snapshot => false,
                    omit_expression => true,
                    description => format!("{} on {}", meta.id, path.file_name().unwrap().to_string_lossy()),
                }, {
                    insta::assert_snapshot!(stem, render(&report));
                });
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
