//! The incremental path of the project model: replacing, adding and removing
//! files in a loaded project gives, after every edit, exactly the report of a
//! fresh load of the same texts (compared as JSON bytes, in every case).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers

use dpalint::check::{self, Selection};
use dpalint::config::Config;
use dpalint::model::Date;
use dpalint::project::{Input, Project};
use dpalint::report::{self, Format, HumanOptions};
use proptest::prelude::*;
use std::sync::Arc;

fn as_of() -> Date {
    Date::parse("2026-11-21").unwrap()
}

fn json(project: &Project) -> String {
    let report = check::check(project, &Selection::all(), as_of()).unwrap();
    let mut out = Vec::new();
    let opts = HumanOptions {
        color: false,
        narrate: false,
        width: Some(100),
    };
    report::write(Format::Json, &report, opts, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn fresh(files: &[(String, String)]) -> Project {
    let inputs = files.iter().map(|(p, t)| Input::text(p, t)).collect();
    Project::from_inputs(inputs, Config::default())
}

/// The files of a shipped example, sorted by path (as a file-system load).
fn example(name: &str) -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                let text = std::fs::read_to_string(&path).unwrap();
                if text.contains("dpalint:") {
                    let rel = path.strip_prefix(&root).unwrap();
                    out.push((rel.to_string_lossy().replace('\\', "/"), text));
                }
            }
        }
    }
    out.sort();
    out
}

/// The model the test keeps beside the project: files in the project's order.
fn apply(model: &mut Vec<(String, String)>, project: &mut Project, edit: &Edit) {
    match edit {
        Edit::Replace(i, text) => {
            if model.is_empty() {
                return;
            }
            let i = i % model.len();
            model[i].1 = text.clone();
            project.set_text(&model[i].0, Arc::from(text.as_str()));
        }
        Edit::Add(path, text) => {
            match model.iter().position(|(p, _)| p == path) {
                Some(i) => model[i].1 = text.clone(),
                None => {
                    let at = model
                        .iter()
                        .position(|(p, _)| p.as_str() > path.as_str())
                        .unwrap_or(model.len());
                    model.insert(at, (path.clone(), text.clone()));
                }
            }
            project.set_text(path, Arc::from(text.as_str()));
        }
        Edit::Remove(i) => {
            if model.is_empty() {
                return;
            }
            let (path, _) = model.remove(i % model.len());
            assert!(project.remove(&path));
        }
    }
}

#[derive(Clone, Debug)]
enum Edit {
    Replace(usize, String),
    Add(String, String),
    Remove(usize),
}

/// Texts an editor might leave in a file: real files of the examples, cut,
/// with a line dropped or duplicated, an id renamed, or not YAML at all.
fn text() -> impl Strategy<Value = String> {
    let seeds: Vec<String> = ["saas-startup", "teamleader-crm", "policies"]
        .iter()
        .flat_map(|e| example(e))
        .map(|(_, t)| t)
        .collect();
    let n = seeds.len();
    (0..n, 0usize..400, 0usize..6, any::<u8>()).prop_map(move |(i, line, how, byte)| {
        let seed = &seeds[i];
        let lines: Vec<&str> = seed.lines().collect();
        let line = line % lines.len().max(1);
        match how {
            0 => seed.clone(),
            1 => {
                let mut l = lines.clone();
                l.remove(line);
                l.join("\n")
            }
            2 => {
                let mut l = lines.clone();
                l.insert(line, lines[line]);
                l.join("\n")
            }
            3 => {
                let mut cut = line * 17 % (seed.len() + 1);
                while !seed.is_char_boundary(cut) {
                    cut -= 1;
                }
                seed[..cut].to_string()
            }
            4 => seed.replace("id: ", &format!("id: x{byte}")),
            _ => format!("dpalint: 1\nvendors: [{{ id: {byte}"),
        }
    })
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        5 => (any::<usize>(), text()).prop_map(|(i, t)| Edit::Replace(i, t)),
        2 => (0u8..4, text()).prop_map(|(k, t)| Edit::Add(format!("privacy/new-{k}.yaml"), t)),
        1 => any::<usize>().prop_map(Edit::Remove),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn edits_equal_a_fresh_load(start in 0usize..3, edits in prop::collection::vec(edit(), 1..6)) {
        let mut model = example(["saas-startup", "teamleader-crm", "policies"][start]);
        let mut project = fresh(&model);
        for e in &edits {
            apply(&mut model, &mut project, e);
            prop_assert_eq!(json(&project), json(&fresh(&model)), "after {:?}", e);
        }
    }
}

/// A vendor renamed in one file makes references in another file dangle, and
/// renaming it back clears them: the cross-file case an editor meets.
#[test]
fn a_rename_in_one_file_updates_findings_in_another() {
    let model = example("saas-startup");
    let mut project = fresh(&model);
    let before = json(&project);
    let (path, text) = model
        .iter()
        .find(|(_, t)| t.contains("id: heliodesk\n"))
        .expect("the example declares heliodesk")
        .clone();
    project.set_text(
        &path,
        Arc::from(text.replace("id: heliodesk\n", "id: heliodeskk\n")),
    );
    let renamed = json(&project);
    assert!(
        renamed.contains("\"DPA048\""),
        "a dangling reference appears"
    );
    assert_ne!(renamed, before);
    project.set_text(&path, Arc::from(text.as_str()));
    assert_eq!(json(&project), before, "and disappears again");
}

/// Only the replaced file is parsed again: the other files' parsed documents
/// are the very same allocations before and after.
#[test]
fn set_text_reparses_only_that_file() {
    let model = example("saas-startup");
    let mut project = fresh(&model);
    let addresses = |p: &Project| -> Vec<(String, usize)> {
        p.parsed()
            .map(|(id, f)| {
                (
                    p.sources().get(id).path.clone(),
                    std::ptr::from_ref(&f.documents[0]) as usize,
                )
            })
            .collect()
    };
    let before = addresses(&project);
    let (path, text) = model[1].clone();
    project.set_text(&path, Arc::from(format!("{text}\n# edited\n")));
    let after = addresses(&project);
    for ((p1, a1), (p2, a2)) in before.iter().zip(&after) {
        assert_eq!(p1, p2);
        if *p1 == path {
            assert_ne!(a1, a2, "{p1} was parsed again");
        } else {
            assert_eq!(a1, a2, "{p1} was not parsed again");
        }
    }
}
