//! Property tests: the loader never panics, and every pointer the schema
//! validator emits maps to a span inside the file.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a broken fixture"
)]

use dpalint::diagnostic::Diagnostic;
use dpalint::project::parse::{self as loader, Document};
use dpalint::project::validate::{self as schema, Locate};
use dpalint::source::{FileId, SourceFile};
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use std::sync::Arc;

fn load(text: &str) -> (SourceFile, loader::Loaded) {
    let file = SourceFile::new("p.yaml".into(), Arc::from(text));
    let loaded = loader::load(FileId(0), &file);
    (file, loaded)
}

fn assert_in_file(file: &SourceFile, d: &Diagnostic) {
    let len = file.text.len() as u32;
    assert!(
        d.primary.span.start <= d.primary.span.end && d.primary.span.end <= len,
        "{d:?} outside {len}"
    );
    for l in &d.labels {
        assert!(l.span.end <= len, "{l:?}");
    }
    let p = file.position(d.primary.span.start as usize);
    assert!(p.line >= 1 && p.column >= 1);
}

const KEYS: &[&str] = &[
    "dpalint",
    "organisation",
    "vendors",
    "activities",
    "id",
    "name",
    "role",
    "country",
    "dpa",
    "breach",
    "notify",
    "deadline_hours",
    "transfer",
    "mechanism",
    "scc",
    "module",
    "data_locations",
    "recipients",
    "parent",
    "subprocessing",
    "objection",
    "window_days",
    "brach",
    "a/b",
    "t~1",
    "",
    "weird key",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-5i64..200).prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "NO",
            "yes",
            "processor",
            "2024-02-30",
            "2026-01-01",
            "US",
            "",
            "x\ny",
            "scc"
        ])
        .prop_map(|s| json!(s)),
    ]
}

fn tree() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS.to_vec()), inner), 0..6).prop_map(
                |kv| {
                    let mut m = Map::new();
                    for (k, v) in kv {
                        m.insert(k.to_string(), v);
                    }
                    Value::Object(m)
                }
            ),
        ]
    })
}

/// A document that usually carries the marker and the real top-level sections.
fn document() -> impl Strategy<Value = Value> {
    (tree(), tree(), tree(), any::<bool>()).prop_map(|(org, vendors, extra, marker)| {
        let mut m = Map::new();
        if marker {
            m.insert("dpalint".into(), json!(1));
        }
        m.insert("organisation".into(), org);
        m.insert("vendors".into(), json!([vendors]));
        m.insert("extra".into(), extra);
        Value::Object(m)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn loader_never_panics_on_arbitrary_text(text in any::<String>()) {
        let (file, loaded) = load(&text);
        for d in &loaded.diagnostics {
            assert_in_file(&file, d);
        }
        for doc in &loaded.documents {
            let mut diags = Vec::new();
            let _ = loader::to_json(doc, &mut diags);
            for d in &diags {
                assert_in_file(&file, d);
            }
        }
    }

    #[test]
    fn loader_never_panics_on_yaml_like_text(
        lines in prop::collection::vec(
            prop::sample::select(vec![
                "dpalint: 1", "vendors:", "  - id: a", "    name: &n X", "    role: *n", "  <<: *n",
                "---", "- [a, {b: c}", "\t- x", "key: 'unterminated", "? complex", ": value", "a: b: c",
                "\u{feff}x: 1", "y: !!binary aGk=", "z: |", "  block", "&a [*a]", "%YAML 1.2",
            ]),
            0..30,
        ),
        crlf in any::<bool>(),
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        let (file, loaded) = load(&text);
        for d in &loaded.diagnostics {
            assert_in_file(&file, d);
        }
    }

    #[test]
    fn every_schema_pointer_maps_to_a_span_in_the_file(doc in document(), pretty in any::<bool>()) {
        // JSON is YAML 1.2: the same tree, written two ways.
        let text = if pretty { serde_json::to_string_pretty(&doc).unwrap() } else { serde_json::to_string(&doc).unwrap() };
        let (file, loaded) = load(&text);
        prop_assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let d: &Document = &loaded.documents[0];
        let json = loader::to_json(d, &mut Vec::new());
        prop_assert_eq!(&json, &doc);
        for diag in schema::validate(&schema::INPUT, &json, FileId(0), d) {
            assert_in_file(&file, &diag);
            prop_assert!(d.locate(&diag.pointer).is_some(), "pointer {} of {:?} does not resolve", diag.pointer, diag.message);
        }
    }
}

// ---------------------------------------------------------------------------
// Properties guarding the performance work (docs/performance.md): the fast
// paths must give exactly the answers of the obvious implementations.

#[path = "../tools/gen_corpus.rs"]
#[allow(dead_code)] // the generator's `main` is not used here
mod gen_corpus;

use dpalint::inventory::Inventory;
use dpalint::project::merge::{self, CheckedDoc, DocEntities};

/// Load YAML texts as documents of files 0, 1, ... with their JSON.
fn documents(texts: &[String]) -> (Vec<Document>, Vec<Value>) {
    let mut docs = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let file = SourceFile::new(format!("f{i}.yaml"), Arc::from(text.as_str()));
        let loaded = loader::load(FileId(i as u32), &file);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        docs.extend(loaded.documents);
    }
    let jsons = docs
        .iter()
        .map(|d| loader::to_json(d, &mut Vec::new()))
        .collect();
    (docs, jsons)
}

fn inventory_of(docs: &[Document], jsons: &[Value]) -> Inventory {
    let entities: Vec<DocEntities> = docs
        .iter()
        .zip(jsons)
        .map(|(doc, json)| DocEntities::read(doc, json, &[]))
        .collect();
    let checked: Vec<CheckedDoc<'_>> = docs
        .iter()
        .zip(jsons)
        .zip(&entities)
        .map(|((doc, json), entities)| CheckedDoc {
            doc,
            json,
            error_pointers: &[],
            entities,
        })
        .collect();
    merge::merge(&checked).0
}

/// Activities with recipients drawn from a small pool of ids (repeats included).
fn activities_text() -> impl Strategy<Value = String> {
    let ids = prop::sample::select(vec!["a", "b", "c", "d", "e"]);
    prop::collection::vec(
        (
            prop::collection::vec(ids, 0..5),
            any::<bool>(), // HR data subjects?
        ),
        0..12,
    )
    .prop_map(|acts| {
        let mut t = String::from("dpalint: 1\nactivities:\n");
        for (i, (recipients, hr)) in acts.iter().enumerate() {
            t.push_str(&format!(
                "  - id: act{i}\n    recipients: [{}]\n    data_subjects: [{}]\n",
                recipients.join(", "),
                if *hr { "employees" } else { "customers" }
            ));
        }
        t
    })
}

/// A YAML mapping (possibly nested) whose keys repeat, as text.
fn mapping_with_duplicates() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec!["a", "b", "c", "a/b", "t~1"]);
    let line = (0usize..3, key, 0u8..100);
    prop::collection::vec(line, 1..20).prop_map(|lines| {
        // Indentation only ever grows by one level after a key without a value.
        let mut t = String::new();
        let mut depth = 0;
        for (want, key, value) in lines {
            let d = want.min(depth);
            let key = if key.contains('/') || key.contains('~') {
                format!("\"{key}\"")
            } else {
                key.to_string()
            };
            if value % 4 == 0 {
                t.push_str(&format!("{}{key}:\n", "  ".repeat(d)));
                depth = d + 1;
            } else {
                t.push_str(&format!("{}{key}: {value}\n", "  ".repeat(d)));
                depth = d;
            }
        }
        t
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// The recipient index answers like a scan of every activity.
    #[test]
    fn recipient_index_matches_a_scan(text in activities_text(), ids in prop::collection::vec(prop::sample::select(vec!["a", "b", "c", "d", "e", "zz"]), 0..4)) {
        let (docs, jsons) = documents(&[text]);
        let inv = inventory_of(&docs, &jsons);
        for id in ["a", "b", "c", "d", "e", "zz"] {
            let fast: Vec<&str> = inv.activities_sending_to(id).map(|a| a.id.as_str()).collect();
            let slow: Vec<&str> = inv
                .activities
                .iter()
                .filter(|a| a.recipients.iter().any(|r| r == id))
                .map(|a| a.id.as_str())
                .collect();
            prop_assert_eq!(fast, slow);
        }
        let ids: Vec<String> = ids.into_iter().map(str::to_owned).collect();
        let hr = |a: &dpalint::model::Activity| a.data_subjects.iter().any(|s| s == "employees");
        let fast = inv.first_activity_sending_to_any(&ids, hr).map(|a| a.id.clone());
        let slow = inv
            .activities
            .iter()
            .find(|a| a.recipients.iter().any(|r| ids.contains(r)) && hr(a))
            .map(|a| a.id.clone());
        prop_assert_eq!(fast, slow);
    }

    /// Duplicate keys: the first occurrence wins and every later one is reported
    /// once, with a label on the first occurrence, at the pointer of the key.
    #[test]
    fn duplicate_keys_report_the_first_occurrence(text in mapping_with_duplicates()) {
        let file = SourceFile::new("d.yaml".into(), Arc::from(text.as_str()));
        let loaded = loader::load(FileId(0), &file);
        prop_assume!(loaded.diagnostics.is_empty());
        let Some(doc) = loaded.documents.first() else { return Ok(()); };
        let mut diags = Vec::new();
        let _ = loader::to_json(doc, &mut diags);
        // The obvious implementation: walk every mapping, remember first positions.
        fn expected(node: &loader::Node, out: &mut Vec<(u32, u32)>) {
            match &node.kind {
                loader::NodeKind::Map(entries) => {
                    let mut first: Vec<(String, u32)> = Vec::new();
                    for e in entries {
                        let k = e.key.key_text();
                        match first.iter().find(|(f, _)| *f == k) {
                            Some((_, at)) => out.push((e.key.span.start, *at)),
                            None => {
                                first.push((k, e.key.span.start));
                                expected(&e.value, out);
                            }
                        }
                    }
                }
                loader::NodeKind::Seq(items) => items.iter().for_each(|i| expected(i, out)),
                _ => {}
            }
        }
        let mut want = Vec::new();
        expected(&doc.root, &mut want);
        let got: Vec<(u32, u32)> = diags
            .iter()
            .map(|d| (d.primary.span.start, d.labels[0].span.start))
            .collect();
        prop_assert_eq!(got, want);
        for d in &diags {
            // The pointer names the duplicate key (escaped), and resolves to the first one.
            let found = doc.lookup(&d.pointer).expect("the pointer of a duplicate resolves");
            prop_assert_eq!(found.key.map(|k| k.start), Some(d.labels[0].span.start));
        }
    }
}

/// The benchmark corpus is schema-valid: no input (DPL) finding at any size.
#[test]
fn generated_corpus_is_schema_valid() {
    use dpalint::check::{self as engine, Selection};
    use dpalint::config::Config;
    use dpalint::project::Input;
    for n in [1, 3, 12] {
        let files = gen_corpus::project(n);
        let inputs: Vec<Input> = files
            .iter()
            .filter(|(p, _)| p.ends_with(".yaml"))
            .map(|(p, t)| Input::text(p, t))
            .collect();
        assert_eq!(
            inputs.len(),
            n + 2,
            "organisation, activities, vendor files"
        );
        let report = engine::check_memory(
            inputs,
            dpalint::model::Date::parse("2026-11-21").unwrap(),
            &Config::default(),
            &Selection::all(),
        );
        let input_problems: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule.starts_with("DPL"))
            .map(|d| format!("{}: {}", report.sources.get(d.file()).path, d.message))
            .collect();
        assert!(input_problems.is_empty(), "{input_problems:#?}");
        // Deterministic: the same bytes every time.
        assert_eq!(files, gen_corpus::project(n));
    }
    let findings = gen_corpus::findings_project(50);
    let inputs = vec![Input::text("privacy/vendors.yaml", &findings[1].1)];
    let report = engine::check_memory(
        inputs,
        dpalint::model::Date::parse("2026-11-21").unwrap(),
        &Config::default(),
        &Selection::all(),
    );
    assert_eq!(report.diagnostics.len(), 50, "one DPA001 per vendor");
    assert!(report.diagnostics.iter().all(|d| d.rule == "DPA001"));
}

// ---------------------------------------------------------------------------
// The fuzz targets' invariants (fuzz/fuzz_targets/pipeline.rs) at small scale,
// in every run of the suite: whatever the files hold, the whole pipeline
// finishes, every span lies inside the file it names, every format renders,
// and the same input gives the same bytes.

use dpalint::check::Report;
use dpalint::report::{self, Format, HumanOptions};

/// Real inventories to mutate: every example file and a few rule fixtures.
fn seed_texts() -> &'static [String] {
    static SEEDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut paths: Vec<std::path::PathBuf> = Vec::new();
        for dir in ["examples", "rules"] {
            for entry in walk(std::path::Path::new(dir)) {
                if entry.extension().is_some_and(|e| e == "yaml") {
                    paths.push(entry);
                }
            }
        }
        paths.sort();
        paths
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    })
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// A real file with one edit: a line dropped, duplicated or cut short, or the
/// text truncated at any byte.
fn mutated_seed() -> impl Strategy<Value = String> {
    (
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        0u8..4,
    )
        .prop_map(|(file, at, how)| {
            let seeds = seed_texts();
            let text = &seeds[file.index(seeds.len())];
            let lines: Vec<&str> = text.lines().collect();
            let i = at
                .index(lines.len().max(1))
                .min(lines.len().saturating_sub(1));
            match how {
                0 => lines
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, l)| *l)
                    .collect::<Vec<_>>()
                    .join("\n"),
                1 => {
                    let mut v = lines.clone();
                    if !v.is_empty() {
                        v.insert(i, lines[i]);
                    }
                    v.join("\n")
                }
                2 => {
                    let mut v: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                    if let Some(l) = v.get_mut(i) {
                        let cut = l
                            .char_indices()
                            .map(|(k, _)| k)
                            .nth(l.chars().count() / 2)
                            .unwrap_or(0);
                        l.truncate(cut);
                    }
                    v.join("\n")
                }
                _ => {
                    let mut cut = at.index(text.len() + 1);
                    while !text.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    text[..cut].to_string()
                }
            }
        })
}

fn any_file() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => mutated_seed(),
        2 => document().prop_map(|d| serde_json::to_string_pretty(&d).unwrap()),
        1 => any::<String>(),
    ]
}

fn run(texts: &[String]) -> Report {
    let inputs = texts
        .iter()
        .enumerate()
        .map(|(i, t)| dpalint::project::Input::text(format!("privacy/f{i}.yaml"), t))
        .collect();
    dpalint::check::check_memory(
        inputs,
        dpalint::model::Date::parse("2026-11-21").unwrap(),
        &dpalint::config::Config::default(),
        &dpalint::check::Selection::all(),
    )
}

fn render_all(report: &Report) -> Vec<u8> {
    let human = HumanOptions {
        color: false,
        narrate: false,
        width: Some(100),
    };
    let mut out = Vec::new();
    for format in Format::ALL {
        report::write(format, report, human, &mut out).unwrap();
    }
    let narrate = HumanOptions {
        narrate: true,
        ..human
    };
    report::write(Format::Human, report, narrate, &mut out).unwrap();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn pipeline_never_panics_and_every_span_is_in_its_file(files in prop::collection::vec(any_file(), 1..4)) {
        let report = run(&files);
        for d in &report.diagnostics {
            for label in std::iter::once(&d.primary).chain(&d.labels) {
                let len = report.sources.get(label.file).text.len() as u32;
                prop_assert!(label.span.start <= label.span.end && label.span.end <= len, "{:?} outside {}: {:?}", label, len, d.message);
            }
        }
        let first = render_all(&report);
        let json = report::json::to_value(&report);
        prop_assert_eq!(&json["version"], &json!(1));
        // Deterministic: a second run renders the same bytes.
        prop_assert!(first == render_all(&run(&files)), "two runs rendered differently");
    }

    #[test]
    fn generated_validator_matches_one_compiled_at_run_time(doc in document()) {
        prop_assert_eq!(errors(&schema::INPUT, &doc), errors(runtime_input(), &doc));
    }
}

fn runtime_input() -> &'static schema::CompiledSchema {
    static RUNTIME: std::sync::OnceLock<schema::CompiledSchema> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| schema::CompiledSchema::compile(schema::INPUT_SCHEMA).unwrap())
}

/// Every error as (instance path, schema path, message), in order.
fn errors(schema: &schema::CompiledSchema, instance: &Value) -> Vec<String> {
    schema
        .iter_errors(instance)
        .map(|e| format!("{} | {} | {}", e.instance_path(), e.schema_path(), e))
        .collect()
}

/// The validators generated at build time give exactly the errors of ones
/// compiled at run time, on every YAML file shipped in the repository.
#[test]
fn generated_validators_match_runtime_compiled_on_every_shipped_file() {
    let mut checked = 0;
    let mut with_errors = 0;
    for dir in ["examples", "rules", "tests/fixtures"] {
        for path in walk(std::path::Path::new(dir)) {
            if path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let (_, loaded) = load(&text);
            for doc in &loaded.documents {
                let json = loader::to_json(doc, &mut Vec::new());
                let generated = errors(&schema::INPUT, &json);
                assert_eq!(
                    generated,
                    errors(runtime_input(), &json),
                    "{}",
                    path.display()
                );
                checked += 1;
                with_errors += usize::from(!generated.is_empty());
            }
        }
    }
    assert!(checked > 250, "only {checked} documents found");
    assert!(
        with_errors > 10,
        "only {with_errors} documents with schema errors"
    );
    // The config schema, on a valid and an invalid config.
    let config = schema::CompiledSchema::compile(schema::CONFIG_SCHEMA).unwrap();
    for instance in [
        json!({"rules": {"select": ["ALL"]}, "thresholds": {"breach_hours": 48}}),
        json!({"rulez": 1, "thresholds": {"breach_hours": "x"}, "include": [3]}),
    ] {
        assert_eq!(
            errors(&schema::CONFIG, &instance),
            errors(&config, &instance)
        );
    }
}
