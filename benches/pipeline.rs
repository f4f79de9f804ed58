//! Micro-benchmarks of each pipeline stage on generated corpora (divan).
//!
//! `cargo bench --bench pipeline` (all), `cargo bench --bench pipeline -- load`
//! (one stage). Corpora come from the same generator as `scripts/bench.sh`
//! (tools/gen_corpus.rs), built in memory once per size: `args` is the number of
//! vendor files (ten vendors each). Stages run sequentially on one thread here,
//! so the numbers are CPU cost per stage; `scripts/bench.sh` measures the whole
//! process on both cores.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "benchmarks and tools fail loudly on a broken corpus"
)]

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use dpalint::check::{self as engine, Report, Selection};
use dpalint::config::Config;
use dpalint::model::Date;
use dpalint::project::merge::{self, CheckedDoc, DocEntities};
use dpalint::project::parse::{self as loader, Document};
use dpalint::project::validate as schema;
use dpalint::project::{Input, Project};
use dpalint::reference::Reference;
use dpalint::report::{self, HumanOptions};
use dpalint::rules::{self, Context};
use dpalint::source::{FileId, SourceFile};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[path = "../tools/gen_corpus.rs"]
#[allow(dead_code)] // the generator's `main` and CLI helpers are not used here
mod gen_corpus;

fn main() {
    divan::main();
}

const SIZES: &[usize] = &[1, 100, 1000];

/// A generated project, loaded stage by stage.
struct Corpus {
    /// (display path, text) of every YAML file.
    texts: Vec<(String, String)>,
    bytes: usize,
    documents: Vec<Document>,
    jsons: Vec<Value>,
}

impl Corpus {
    fn new(texts: Vec<(String, String)>) -> Corpus {
        let texts: Vec<(String, String)> = texts
            .into_iter()
            .filter(|(p, _)| p.ends_with(".yaml"))
            .collect();
        let files: Vec<SourceFile> = texts
            .iter()
            .map(|(p, t)| SourceFile::new(p.clone(), Arc::from(t.as_str())))
            .collect();
        let bytes = files.iter().map(|f| f.text.len()).sum();
        let mut documents = Vec::new();
        for (i, f) in files.iter().enumerate() {
            let loaded = loader::load(FileId(i as u32), f);
            assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
            documents.extend(loaded.documents);
        }
        let jsons = documents
            .iter()
            .map(|d| loader::to_json(d, &mut Vec::new()))
            .collect();
        Corpus {
            texts,
            bytes,
            documents,
            jsons,
        }
    }

    /// Every document's typed entities (read per file in the pipeline).
    fn entities(&self) -> Vec<DocEntities> {
        self.documents
            .iter()
            .zip(&self.jsons)
            .map(|(doc, json)| DocEntities::read(doc, json, &[]))
            .collect()
    }

    fn checked<'a>(&'a self, entities: &'a [DocEntities]) -> Vec<CheckedDoc<'a>> {
        self.documents
            .iter()
            .zip(&self.jsons)
            .zip(entities)
            .map(|((doc, json), entities)| CheckedDoc {
                doc,
                json,
                error_pointers: &[],
                entities,
            })
            .collect()
    }

    fn inputs(&self) -> Vec<Input> {
        self.texts.iter().map(|(p, t)| Input::text(p, t)).collect()
    }
}

/// Corpora are expensive to build: one per (kind, size), kept for the whole run.
fn corpus(kind: &str, n: usize) -> &'static Corpus {
    static CACHE: Mutex<Option<HashMap<(String, usize), &'static Corpus>>> = Mutex::new(None);
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    let map = cache.get_or_insert_with(HashMap::new);
    map.entry((kind.to_string(), n)).or_insert_with(|| {
        let texts = match kind {
            "project" => gen_corpus::project(n),
            _ => gen_corpus::findings_project(n),
        };
        Box::leak(Box::new(Corpus::new(texts)))
    })
}

fn as_of() -> Date {
    Date::parse("2026-11-21").expect("a valid date")
}

fn report_of(c: &Corpus) -> Report {
    engine::check_memory(c.inputs(), as_of(), &Config::default(), &Selection::all())
}

/// The line index of every file (`SourceFile::new`, run on one thread before parsing).
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn line_index(bencher: Bencher, n: usize) {
    let c = corpus("project", n);
    bencher.counter(BytesCount::new(c.bytes)).bench(|| {
        for (path, text) in &c.texts {
            black_box(SourceFile::new(path.clone(), Arc::from(text.as_str())));
        }
    });
}

/// Text -> line index -> spanned YAML tree (`loader::load`), every file.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn load(bencher: Bencher, n: usize) {
    let c = corpus("project", n);
    bencher.counter(BytesCount::new(c.bytes)).bench(|| {
        for (i, (path, text)) in c.texts.iter().enumerate() {
            let file = SourceFile::new(path.clone(), Arc::from(text.as_str()));
            black_box(loader::load(FileId(i as u32), &file));
        }
    });
}

/// Spanned tree -> serde_json::Value (duplicate-key check included).
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn to_json(bencher: Bencher, n: usize) {
    let c = corpus("project", n);
    bencher.counter(BytesCount::new(c.bytes)).bench(|| {
        for d in &c.documents {
            black_box(loader::to_json(d, &mut Vec::new()));
        }
    });
}

/// JSON Schema validation of every document (errors mapped to spans).
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn schema_validation(bencher: Bencher, n: usize) {
    let c = corpus("project", n);
    bencher.counter(BytesCount::new(c.bytes)).bench(|| {
        for (d, json) in c.documents.iter().zip(&c.jsons) {
            black_box(schema::validate(&schema::INPUT, json, d.file, d));
        }
    });
}

/// Read every document's entities into the typed model and merge them into
/// the inventory (one thread; the pipeline reads entities per file in parallel).
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn inventory_build(bencher: Bencher, n: usize) {
    let c = corpus("project", n);
    bencher.counter(BytesCount::new(c.bytes)).bench(|| {
        let entities = c.entities();
        black_box(merge::merge(&c.checked(&entities)).0.vendors.len())
    });
}

/// The merge alone, entities already read: what re-merging after an edit costs.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn merge_only(bencher: Bencher, n: usize) {
    let c = corpus("project", n);
    let entities = c.entities();
    let checked = c.checked(&entities);
    bencher
        .counter(BytesCount::new(c.bytes))
        .bench(|| black_box(merge::merge(&checked)));
}

/// The incremental path: one vendor file's text replaced in a loaded project,
/// then the project checked again (what an editor does on every change).
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn incremental_recheck(bencher: Bencher, n: usize) {
    let c = corpus("project", n);
    let mut project = Project::from_inputs(c.inputs(), Config::default());
    let (path, text) = c
        .texts
        .iter()
        .find(|(p, _)| p.contains("vendors"))
        .expect("the corpus has vendor files")
        .clone();
    let edited: [Arc<str>; 2] = [
        Arc::from(text.replace("purpose: ", "purpose: edited ")),
        Arc::from(text.as_str()),
    ];
    let mut i = 0;
    bencher.bench_local(|| {
        i += 1;
        project.set_text(&path, Arc::clone(&edited[i % 2]));
        black_box(engine::check(&project, &Selection::all(), as_of()).map(|r| r.diagnostics.len()))
    });
}

/// All 50 rules, one after the other, on a built inventory.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn rules_all(bencher: Bencher, n: usize) {
    let c = corpus("project", n);
    let entities = c.entities();
    let (inventory, _) = merge::merge(&c.checked(&entities));
    let reference = Reference::embedded();
    let thresholds = reference.thresholds_at(as_of()).unwrap();
    bencher.counter(BytesCount::new(c.bytes)).bench(|| {
        let mut findings = 0;
        for r in rules::ALL.iter() {
            let mut cx = Context::new(&inventory, as_of(), &thresholds, reference, r.meta());
            r.check(&mut cx);
            findings += cx.into_findings().len();
        }
        findings
    });
}

/// The whole in-memory pipeline (`check::check_memory`, both cores).
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn check_memory(bencher: Bencher, n: usize) {
    let c = corpus("project", n);
    bencher
        .counter(BytesCount::new(c.bytes))
        .with_inputs(|| c.inputs())
        .bench_values(|inputs| {
            black_box(engine::check_memory(
                inputs,
                as_of(),
                &Config::default(),
                &Selection::all(),
            ))
        });
}

const HUMAN: HumanOptions = HumanOptions {
    color: false,
    narrate: false,
    width: Some(100),
};

/// Findings per single file for the rendering benchmarks (one finding per vendor).
const FINDINGS: &[usize] = &[2_500, 5_000, 10_000];

mod render {
    use super::*;

    fn bench(bencher: Bencher, n: usize, write: fn(&Report, &mut Vec<u8>)) {
        let report = report_of(corpus("findings", n));
        assert_eq!(report.diagnostics.len(), n);
        bencher.bench(|| {
            let mut out = Vec::with_capacity(4 << 20);
            write(&report, &mut out);
            out.len()
        });
    }

    /// rustc-style output for N findings in one ~N×520-byte file.
    #[divan::bench(args = FINDINGS, sample_count = 5, sample_size = 1)]
    fn human(bencher: Bencher, n: usize) {
        bench(bencher, n, |r, out| {
            let _ = report::human::write(r, HUMAN, out);
        });
    }

    #[divan::bench(args = FINDINGS, sample_count = 5, sample_size = 1)]
    fn narrate(bencher: Bencher, n: usize) {
        bench(bencher, n, |r, out| {
            let opts = HumanOptions {
                narrate: true,
                ..HUMAN
            };
            let _ = report::human::write(r, opts, out);
        });
    }

    #[divan::bench(args = FINDINGS, sample_count = 5, sample_size = 1)]
    fn concise(bencher: Bencher, n: usize) {
        bench(bencher, n, |r, out| {
            let _ = report::write_concise(r, out);
        });
    }

    #[divan::bench(args = FINDINGS, sample_count = 5, sample_size = 1)]
    fn json(bencher: Bencher, n: usize) {
        bench(bencher, n, |r, out| {
            let _ = report::json::write(r, out);
        });
    }

    #[divan::bench(args = FINDINGS, sample_count = 5, sample_size = 1)]
    fn sarif(bencher: Bencher, n: usize) {
        bench(bencher, n, |r, out| {
            let _ = report::sarif::write(r, out);
        });
    }

    #[divan::bench(args = FINDINGS, sample_count = 5, sample_size = 1)]
    fn github(bencher: Bencher, n: usize) {
        bench(bencher, n, |r, out| {
            let _ = report::github::write(r, out);
        });
    }

    #[divan::bench(args = FINDINGS, sample_count = 5, sample_size = 1)]
    fn junit(bencher: Bencher, n: usize) {
        bench(bencher, n, |r, out| {
            let _ = report::junit::write(r, out);
        });
    }

    #[divan::bench(args = FINDINGS, sample_count = 5, sample_size = 1)]
    fn gitlab(bencher: Bencher, n: usize) {
        bench(bencher, n, |r, out| {
            let _ = report::gitlab::write(r, out);
        });
    }

    #[divan::bench(args = FINDINGS, sample_count = 5, sample_size = 1)]
    fn markdown(bencher: Bencher, n: usize) {
        bench(bencher, n, |r, out| {
            let _ = report::markdown::write(r, out);
        });
    }

    /// The generated project itself (a realistic mix of a few findings).
    #[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
    fn project_human(bencher: Bencher, n: usize) {
        let report = report_of(corpus("project", n));
        bencher.bench(|| {
            let mut out = Vec::new();
            let _ = report::human::write(&report, HUMAN, &mut out);
            out.len()
        });
    }

    #[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
    fn project_json(bencher: Bencher, n: usize) {
        let report = report_of(corpus("project", n));
        bencher.bench(|| {
            let mut out = Vec::new();
            let _ = report::json::write(&report, &mut out);
            out.len()
        });
    }
}

/// `dpalint report`: build and render each report from a loaded project (the
/// transfer map runs the rules too, as the command does). `args` is the
/// number of vendor files (ten vendors each): 1,000 is the 10,000-vendor
/// corpus of the performance targets.
mod registers {
    use super::*;
    use dpalint::registers::{self as reg, Format, Kind, Options};

    fn bench(bencher: Bencher, n: usize, kind: Kind, format: Format) {
        let c = corpus("project", n);
        let project = Project::from_inputs(c.inputs(), Config::default());
        let options = Options::new(as_of());
        bencher
            .counter(BytesCount::new(c.bytes))
            .bench(|| reg::render(kind, format, &project, &options).unwrap().len());
    }

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn ropa_xlsx(bencher: Bencher, n: usize) {
        bench(bencher, n, Kind::Ropa, Format::Xlsx);
    }

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn ropa_html(bencher: Bencher, n: usize) {
        bench(bencher, n, Kind::Ropa, Format::Html);
    }

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn ropa_csv(bencher: Bencher, n: usize) {
        bench(bencher, n, Kind::Ropa, Format::Csv);
    }

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn ropa_markdown(bencher: Bencher, n: usize) {
        bench(bencher, n, Kind::Ropa, Format::Markdown);
    }

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn ropa_json(bencher: Bencher, n: usize) {
        bench(bencher, n, Kind::Ropa, Format::Json);
    }

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn transfers_mermaid(bencher: Bencher, n: usize) {
        bench(bencher, n, Kind::Transfers, Format::Mermaid);
    }

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn transfers_dot(bencher: Bencher, n: usize) {
        bench(bencher, n, Kind::Transfers, Format::Dot);
    }

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn transfers_json(bencher: Bencher, n: usize) {
        bench(bencher, n, Kind::Transfers, Format::Json);
    }

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn transfers_markdown(bencher: Bencher, n: usize) {
        bench(bencher, n, Kind::Transfers, Format::Markdown);
    }

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn transfers_csv(bencher: Bencher, n: usize) {
        bench(bencher, n, Kind::Transfers, Format::Csv);
    }

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn calendar_ics(bencher: Bencher, n: usize) {
        bench(bencher, n, Kind::Calendar, Format::Ics);
    }

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn calendar_markdown(bencher: Bencher, n: usize) {
        bench(bencher, n, Kind::Calendar, Format::Markdown);
    }

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn calendar_csv(bencher: Bencher, n: usize) {
        bench(bencher, n, Kind::Calendar, Format::Csv);
    }

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn calendar_json(bencher: Bencher, n: usize) {
        bench(bencher, n, Kind::Calendar, Format::Json);
    }
}

/// One-off costs every process pays before it reads a file.
mod startup {
    use super::*;

    /// Compiling the input schema at run time, as dpalint did before the
    /// validators were generated at build time (kept to show what that saves).
    #[divan::bench(sample_count = 20, sample_size = 1)]
    fn compile_input_schema_at_runtime() -> schema::CompiledSchema {
        schema::CompiledSchema::compile(schema::INPUT_SCHEMA).unwrap()
    }

    #[divan::bench(sample_count = 20, sample_size = 1)]
    fn compile_config_schema_at_runtime() -> schema::CompiledSchema {
        schema::CompiledSchema::compile(schema::CONFIG_SCHEMA).unwrap()
    }
}

/// Terraform next to a one-file inventory, the whole in-memory pipeline
/// (`check::check_memory`): read every `.tf` file, evaluate the modules and
/// run every rule. `args` is the number of `.tf` files (docs/infrastructure.md).
#[divan::bench(args = [0, 100, 1000], sample_count = 10, sample_size = 1)]
fn terraform_check(bencher: Bencher, n: usize) {
    let mut texts = gen_corpus::project(1);
    texts.extend(gen_corpus::terraform_files(n));
    texts.retain(|(p, _)| p.ends_with(".yaml") || p.ends_with(".tf"));
    let bytes = texts.iter().map(|(_, t)| t.len()).sum::<usize>();
    bencher
        .counter(BytesCount::new(bytes))
        .with_inputs(|| texts.iter().map(|(p, t)| Input::text(p, t)).collect())
        .bench_values(|inputs: Vec<Input>| {
            black_box(engine::check_memory(
                inputs,
                as_of(),
                &Config::default(),
                &Selection::all(),
            ))
        });
}
