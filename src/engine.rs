//! The pipeline of `dpalint check`: discover -> load -> validate -> merge ->
//! rules -> configuration -> sorted diagnostics.
//!
//! Files are read, parsed and validated in parallel; everything after the merge
//! is sequential and deterministic (file ids follow sorted paths, findings are
//! sorted by file, position and rule).

use crate::config::{self, LoadedConfig};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::discover::{self, Candidate, Filters};
use crate::inventory::{CheckedDoc, Inventory};
use crate::loader::{self, Document};
use crate::model::Date;
use crate::reference::Reference;
use crate::rules::{self, Context, Finding};
use crate::schema::{self, Locate};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use crate::{baseline, suppress};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What to check and how: the CLI's view of one run.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub paths: Vec<PathBuf>,
    /// Directory relative paths are resolved against.
    pub cwd: PathBuf,
    pub config: Option<PathBuf>,
    pub as_of: Option<Date>,
    pub select: Vec<String>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    /// (rule selector, level) from the command line; level is error|warning|info|off.
    pub severity: Vec<(String, String)>,
    /// Findings recorded in this baseline file are reported as suppressed.
    pub baseline: Option<PathBuf>,
    /// Named files without the `dpalint:` marker, or excluded by dpalint.toml,
    /// are skipped silently instead of reported (pre-commit passes every changed YAML file).
    pub skip_unmarked: bool,
}

/// Why a run could not happen (exit code 2).
#[derive(Debug)]
pub enum Fatal {
    /// The config file has problems; render them against `file`.
    Config {
        file: SourceFile,
        diagnostics: Vec<Diagnostic>,
    },
    Usage(String),
}

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fatal::Config { file, diagnostics } => {
                write!(f, "{} problem(s) in {}", diagnostics.len(), file.path)
            }
            Fatal::Usage(m) => f.write_str(m),
        }
    }
}

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
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| !d.is_suppressed() && d.severity == severity)
            .count()
    }
}

/// The project root and its configuration for a request.
pub fn resolve_config(req: &Request) -> Result<(PathBuf, LoadedConfig), Fatal> {
    let cwd = &req.cwd;
    let config_path = match &req.config {
        Some(p) => Some(cwd.join(p)),
        None => {
            let start = req
                .paths
                .first()
                .map_or_else(|| cwd.clone(), |p| cwd.join(p));
            config::find_config(&start)
        }
    };
    let Some(path) = config_path else {
        return Ok((cwd.clone(), LoadedConfig::default()));
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Fatal::Usage(format!("cannot read config file {}: {e}", path.display())))?;
    let root = path.parent().map_or_else(|| cwd.clone(), Path::to_path_buf);
    let display = display_path(&path, cwd);
    let loaded = config::parse(display, &text);
    if !loaded.diagnostics.is_empty() {
        return Err(Fatal::Config {
            file: loaded
                .file
                .unwrap_or_else(|| SourceFile::new(String::new(), Arc::from(""))),
            diagnostics: loaded.diagnostics,
        });
    }
    Ok((root, loaded))
}

fn display_path(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

/// Phase-one result for a candidate: what to do with it.
enum Triage {
    Skip,
    Problem(String, Code, String),
    Text(Arc<str>),
}

fn triage(c: &Candidate, max: u64, skip_unmarked: bool) -> Triage {
    let meta = match std::fs::metadata(&c.path) {
        Ok(m) => m,
        Err(e) => return io_problem(&e, c),
    };
    if meta.is_dir() {
        return Triage::Skip;
    }
    if meta.len() > max {
        // Only a dpalint file (or one named explicitly) is worth a finding.
        let head = read_head(&c.path, 64 * 1024);
        if c.explicit || discover::has_marker(&head) {
            return Triage::Problem(
                format!(
                    "file is {} bytes, larger than the limit of {max} bytes; it was not parsed",
                    meta.len()
                ),
                Code::TooLarge,
                "split the inventory into several files, or raise `max_file_size` in dpalint.toml"
                    .into(),
            );
        }
        return Triage::Skip;
    }
    let bytes = match std::fs::read(&c.path) {
        Ok(b) => b,
        Err(e) => return io_problem(&e, c),
    };
    let binary = bytes.iter().take(8192).any(|&b| b == 0);
    if binary && (c.explicit || discover::has_marker(&bytes)) {
        return Triage::Problem(
            "binary content: this file is not text".into(),
            Code::Unreadable,
            "dpalint reads UTF-8 YAML; do not pass binary files, or exclude them in dpalint.toml"
                .into(),
        );
    }
    if !discover::has_marker(&bytes) {
        if c.explicit && !skip_unmarked {
            let what = if bytes.is_empty() {
                "the file is empty"
            } else {
                "no top-level `dpalint:` key was found"
            };
            return Triage::Problem(
                format!("not a dpalint file: {what}"),
                Code::NotDpalint,
                "dpalint documents start with `dpalint: 1`; add it, or do not pass this file to dpalint".into(),
            );
        }
        return Triage::Skip;
    }
    match String::from_utf8(bytes) {
        Ok(s) => Triage::Text(Arc::from(s)),
        Err(e) => {
            let bytes = e.as_bytes();
            let offset = e.utf8_error().valid_up_to();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            let message = format!(
                "the file is not valid UTF-8 (first invalid byte at offset {offset}, line {line})"
            );
            Triage::Problem(
                message,
                Code::Unreadable,
                "save the file as UTF-8 text".into(),
            )
        }
    }
}

fn read_head(path: &Path, n: usize) -> Vec<u8> {
    use std::io::Read;
    let mut buf = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(n as u64).read_to_end(&mut buf);
    }
    buf
}

fn io_problem(e: &std::io::Error, c: &Candidate) -> Triage {
    let message = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => {
            "permission denied: the file could not be read".to_string()
        }
        _ => format!("cannot read the file: {e}"),
    };
    let help = match e.kind() {
        std::io::ErrorKind::NotFound => "check the path".to_string(),
        _ => "check the file's permissions".to_string(),
    };
    let _ = c;
    Triage::Problem(message, Code::Unreadable, help)
}

/// Per-file result of loading and validation.
struct FileResult {
    documents: Vec<Document>,
    jsons: Vec<serde_json::Value>,
    error_pointers: Vec<Vec<String>>,
    diagnostics: Vec<Diagnostic>,
}

fn load_and_validate(id: FileId, file: &SourceFile) -> FileResult {
    let loaded = loader::load(id, file);
    let mut diagnostics = loaded.diagnostics;
    let mut jsons = Vec::with_capacity(loaded.documents.len());
    let mut error_pointers = Vec::with_capacity(loaded.documents.len());
    for doc in &loaded.documents {
        let json = loader::to_json(doc, &mut diagnostics);
        let errs = schema::validate(&schema::INPUT, &json, id, doc);
        error_pointers.push(errs.iter().map(|d| d.pointer.clone()).collect());
        diagnostics.extend(errs.into_iter().map(|mut d| {
            if let Some(e) = entity_of(&json, &d.pointer) {
                d.entity = Some(e);
            }
            // A value that came from an alias or merge key: show where it was defined.
            if let Some(def) = doc.lookup(&d.pointer).and_then(|l| l.defined) {
                d.labels.push(crate::diagnostic::Label {
                    file: id,
                    span: def,
                    message: Some("value defined here".into()),
                });
            }
            d
        }));
        jsons.push(json);
    }
    FileResult {
        documents: loaded.documents,
        jsons,
        error_pointers,
        diagnostics,
    }
}

/// The entity (vendor/activity id, `organisation`) a pointer falls under.
fn entity_of(json: &serde_json::Value, pointer: &str) -> Option<String> {
    let mut parts = pointer.split('/').skip(1);
    match parts.next()? {
        "organisation" => Some("organisation".into()),
        section @ ("vendors" | "activities") => {
            let i = parts.next()?;
            json.pointer(&format!("/{section}/{i}/id"))
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        }
        _ => None,
    }
}

/// Resolved rule selection: which rules run and at what severity.
pub struct Selection {
    levels: HashMap<&'static str, Option<Severity>>,
}

impl Selection {
    /// Every rule at its default severity.
    pub fn all() -> Selection {
        Selection {
            levels: rules::ALL
                .iter()
                .map(|r| (r.meta().id, Some(r.meta().severity)))
                .collect(),
        }
    }

    /// Only the rule `id`, at its default severity.
    pub fn only(id: &str) -> Selection {
        Selection {
            levels: rules::ALL
                .iter()
                .map(|r| {
                    (
                        r.meta().id,
                        (r.meta().id == id).then_some(r.meta().severity),
                    )
                })
                .collect(),
        }
    }

    pub fn level(&self, id: &str) -> Option<Severity> {
        self.levels.get(id).copied().flatten()
    }
}

/// Match a selector (ALL, id, name or id prefix) against the rule registry.
fn matching(selector: &str) -> Result<Vec<&'static str>, String> {
    let all = rules::ALL.iter().map(|r| r.meta());
    if selector.eq_ignore_ascii_case("ALL") {
        return Ok(all.map(|m| m.id).collect());
    }
    if let Some(rule) = rules::find(selector) {
        return Ok(vec![rule.meta().id]);
    }
    let upper = selector.to_ascii_uppercase();
    let by_prefix: Vec<_> = all
        .filter(|m| upper.len() >= 3 && m.id.starts_with(&upper))
        .map(|m| m.id)
        .collect();
    if !by_prefix.is_empty() {
        return Ok(by_prefix);
    }
    if upper.starts_with("DPL") {
        return Err(format!(
            "`{selector}` is an input check; syntax and schema problems cannot be selected, ignored or re-levelled"
        ));
    }
    let names = rules::ALL.iter().flat_map(|r| [r.meta().id, r.meta().name]);
    let hint = schema::did_you_mean(selector, names)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    Err(format!(
        "unknown rule `{selector}`{hint}; `dpalint rules` lists them"
    ))
}

pub fn select_rules(req: &Request, cfg: &config::Config) -> Result<Selection, String> {
    let select = if !req.select.is_empty() {
        req.select.clone()
    } else if !cfg.rules.select.is_empty() {
        cfg.rules.select.clone()
    } else {
        vec!["ALL".into()]
    };
    let mut enabled: BTreeSet<&'static str> = BTreeSet::new();
    for s in select.iter().chain(&req.extend_select) {
        enabled.extend(matching(s)?);
    }
    for s in cfg.rules.ignore.iter().chain(&req.ignore) {
        for id in matching(s)? {
            enabled.remove(id);
        }
    }
    let mut levels: HashMap<&'static str, Option<Severity>> = rules::ALL
        .iter()
        .map(|r| {
            let m = r.meta();
            (m.id, enabled.contains(m.id).then_some(m.severity))
        })
        .collect();
    let overrides = cfg
        .rules
        .severity
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .chain(req.severity.iter().cloned());
    for (selector, level) in overrides {
        let sev = match level.as_str() {
            "off" | "ignore" => None,
            other => Some(Severity::parse(other).ok_or_else(|| {
                format!(
                    "unknown severity `{other}` for `{selector}`: use error, warning, info or off"
                )
            })?),
        };
        for id in matching(&selector)? {
            if enabled.contains(id) || sev.is_none() {
                levels.insert(id, sev);
            }
        }
    }
    Ok(Selection { levels })
}

/// Run `dpalint check`.
pub fn check(req: &Request) -> Result<Report, Fatal> {
    let (root, loaded_cfg) = resolve_config(req)?;
    let cfg = &loaded_cfg.config;
    let as_of = req
        .as_of
        .or(loaded_cfg.as_of)
        .unwrap_or_else(Date::today_utc);
    let selection = select_rules(req, cfg).map_err(Fatal::Usage)?;
    let filters = Filters::new(&cfg.include, &cfg.exclude).map_err(Fatal::Usage)?;

    // Discovery.
    let mut candidates = Vec::new();
    let mut problems = Vec::new();
    let mut explicit_files = false;
    let mut walked_root = false;
    let paths = if req.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        req.paths.clone()
    };
    for p in &paths {
        let abs = req.cwd.join(p);
        if abs.is_dir() {
            walked_root |= abs == root || root.starts_with(&abs);
            discover::walk(&abs, &root, &filters, &mut candidates, &mut problems);
        } else {
            let rel = abs.strip_prefix(&root).unwrap_or(&abs);
            if req.skip_unmarked && (!filters.accepts(rel) || !discover::is_yaml_name(&abs)) {
                continue;
            }
            explicit_files = true;
            candidates.push(Candidate {
                path: abs,
                explicit: true,
            });
        }
    }
    if explicit_files && !walked_root {
        discover::walk(&root, &root, &filters, &mut candidates, &mut problems);
    }
    // One entry per file; an explicit mention wins.
    let mut by_key: HashMap<PathBuf, Candidate> = HashMap::new();
    for c in candidates {
        let key = std::fs::canonicalize(&c.path).unwrap_or_else(|_| c.path.clone());
        by_key
            .entry(key)
            .and_modify(|e| e.explicit |= c.explicit)
            .or_insert(c);
    }
    let mut candidates: Vec<(String, Candidate)> = by_key
        .into_values()
        .map(|c| (display_path(&c.path, &root), c))
        .collect();
    candidates.sort();

    // Phase one (parallel): read and triage.
    let triaged: Vec<Input> = POOL.install(|| {
        candidates
            .into_par_iter()
            .map(|(display, c)| Input {
                triage: triage(&c, cfg.max_file_size, req.skip_unmarked),
                display,
                explicit: c.explicit,
            })
            .collect()
    });
    let problems = problems
        .into_iter()
        .map(|p| (display_path(&p.path, &root), p.message))
        .collect();
    let mut report = POOL.install(|| {
        analyse(
            triaged,
            problems,
            explicit_files,
            as_of,
            cfg,
            &selection,
            root,
        )
    });
    if let Some(path) = &req.baseline {
        let text = std::fs::read_to_string(req.cwd.join(path))
            .map_err(|e| Fatal::Usage(format!("cannot read baseline {}: {e}", path.display())))?;
        let b =
            baseline::parse(&text).map_err(|e| Fatal::Usage(format!("{}: {e}", path.display())))?;
        let name = path.to_string_lossy().replace('\\', "/");
        let unmatched = baseline::apply(&b, &name, &mut report.diagnostics, &report.sources);
        report.baseline_unmatched = Some(unmatched);
    }
    Ok(report)
}

/// One file after discovery.
pub struct Input {
    pub display: String,
    pub explicit: bool,
    triage: Triage,
}

impl Input {
    /// An in-memory dpalint file (fixtures, tests, fuzzing, `dpalint test`).
    pub fn text(display: impl Into<String>, text: &str) -> Input {
        Input {
            display: display.into(),
            explicit: false,
            triage: Triage::Text(Arc::from(text)),
        }
    }
}

/// Run the pipeline on in-memory files with every rule of `selection`.
pub fn check_memory(
    files: Vec<Input>,
    as_of: Date,
    cfg: &config::Config,
    selection: &Selection,
) -> Report {
    POOL.install(|| {
        analyse(
            files,
            Vec::new(),
            false,
            as_of,
            cfg,
            selection,
            PathBuf::new(),
        )
    })
}

/// Worker threads with room for the parser's recursion up to `loader::MAX_DEPTH`
/// (debug builds use large frames); the memory is only reserved, not touched.
static POOL: std::sync::LazyLock<rayon::ThreadPool> = std::sync::LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new()
        .stack_size(64 * 1024 * 1024)
        .thread_name(|i| format!("dpalint-{i}"))
        .build()
        .unwrap_or_else(|_| {
            // Threads could not be spawned with that stack: fall back to one worker.
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .expect("a one-thread pool can always be built")
        })
});

/// Everything after discovery: load, validate, merge, run rules, sort.
fn analyse(
    triaged: Vec<Input>,
    problems: Vec<(String, String)>,
    explicit_files: bool,
    as_of: Date,
    cfg: &config::Config,
    selection: &Selection,
    root: PathBuf,
) -> Report {
    let reference = Reference::embedded();
    let mut sources = SourceMap::default();
    let mut diagnostics = Vec::new();
    let mut texts = Vec::new();
    let mut explicit_ids = Vec::new();
    for (path, message) in problems {
        let id = sources.add(SourceFile::new(path, Arc::from("")));
        diagnostics.push(
            Diagnostic::input(Code::Unreadable, id, Span::default(), message)
                .with_help("fix the file system entry, or exclude it in dpalint.toml"),
        );
    }
    for Input {
        display,
        explicit,
        triage,
    } in triaged
    {
        match triage {
            Triage::Skip => {}
            Triage::Problem(message, code, help) => {
                let id = sources.add(SourceFile::new(display, Arc::from("")));
                if explicit {
                    explicit_ids.push(id);
                }
                diagnostics
                    .push(Diagnostic::input(code, id, Span::default(), message).with_help(help));
            }
            Triage::Text(text) => {
                let id = sources.add(SourceFile::new(display, text));
                if explicit {
                    explicit_ids.push(id);
                }
                texts.push(id);
            }
        }
    }
    let files = texts.len();

    // Phase two (parallel): parse and validate.
    let results: Vec<(FileId, FileResult)> = texts
        .par_iter()
        .map(|&id| (id, load_and_validate(id, sources.get(id))))
        .collect();

    let mut checked = Vec::new();
    for (_, r) in &results {
        diagnostics.extend(r.diagnostics.iter().cloned());
        for ((doc, json), errs) in r.documents.iter().zip(&r.jsons).zip(&r.error_pointers) {
            checked.push(CheckedDoc {
                doc,
                json,
                error_pointers: errs,
            });
        }
    }
    let (inventory, merge_diags) = Inventory::build(&checked);
    diagnostics.extend(merge_diags);

    // Rules.
    let docs: HashMap<(FileId, usize), &Document> = checked
        .iter()
        .map(|c| ((c.doc.file, c.doc.index), c.doc))
        .collect();
    let findings: Vec<Finding> = rules::ALL
        .par_iter()
        .filter(|r| selection.level(r.meta().id).is_some())
        .flat_map_iter(|r| {
            let mut cx = Context::new(&inventory, as_of, &cfg.thresholds, reference, r.meta());
            r.check(&mut cx);
            cx.into_findings()
        })
        .collect();
    for f in findings {
        let severity = selection.level(f.rule.id).unwrap_or(f.rule.severity);
        diagnostics.push(to_diagnostic(&f, severity, &docs));
    }

    // Inline suppressions.
    let mut directives = Vec::new();
    let mut suppression_diags = Vec::new();
    for &id in &texts {
        directives.extend(suppress::scan(
            id,
            sources.get(id),
            &RegistryLookup,
            &mut suppression_diags,
        ));
    }
    suppress::apply(
        &directives,
        &mut diagnostics,
        &sources,
        as_of,
        &|rule| selection.level(rule).is_some(),
        &mut suppression_diags,
    );
    diagnostics.extend(suppression_diags);

    if explicit_files {
        let keep: BTreeSet<FileId> = explicit_ids.into_iter().collect();
        diagnostics.retain(|d| keep.contains(&d.file()));
    }
    sort(&mut diagnostics, &sources);
    Report {
        sources,
        diagnostics,
        files,
        as_of,
        root,
        baseline_unmatched: None,
    }
}

/// Rule ids and names for suppression comments.
struct RegistryLookup;

impl suppress::RuleLookup for RegistryLookup {
    fn resolve(&self, key: &str) -> Result<String, Option<String>> {
        if let Some(rule) = rules::find(key) {
            return Ok(rule.meta().id.to_string());
        }
        let names = rules::ALL.iter().flat_map(|r| [r.meta().id, r.meta().name]);
        Err(schema::did_you_mean(key, names).map(str::to_owned))
    }
}

fn to_diagnostic(
    f: &Finding,
    severity: Severity,
    docs: &HashMap<(FileId, usize), &Document>,
) -> Diagnostic {
    let locate = |file: FileId, doc: usize, pointer: &str| {
        docs.get(&(file, doc)).map(|d| d.locate_nearest(pointer))
    };
    let at = &f.at;
    let primary = locate(at.origin.file, at.origin.doc, &at.pointer);
    let mut d = Diagnostic {
        rule: f.rule.id.into(),
        name: f.rule.name.into(),
        severity,
        message: f.message.clone(),
        help: Some(f.help.clone().unwrap_or_else(|| f.rule.help.to_string())),
        legal_basis: f.rule.legal_basis.iter().map(|s| (*s).into()).collect(),
        pointer: at.pointer.clone(),
        entity: Some(f.entity.clone()),
        primary: crate::diagnostic::Label {
            file: at.origin.file,
            span: primary.map(|l| l.primary()).unwrap_or_default(),
            message: None,
        },
        labels: Vec::new(),
        suppression: None,
    };
    if let Some(l) = primary
        && let Some(def) = l.defined
    {
        d.labels.push(crate::diagnostic::Label {
            file: at.origin.file,
            span: def,
            message: Some("value defined here".into()),
        });
    }
    for (place, message) in &f.labels {
        if let Some(l) = locate(place.origin.file, place.origin.doc, &place.pointer) {
            d.labels.push(crate::diagnostic::Label {
                file: place.origin.file,
                span: l.primary(),
                message: Some(message.clone()),
            });
        }
    }
    d
}

/// Sort by file path, position, rule, message: the order of every output.
pub fn sort(diags: &mut [Diagnostic], sources: &SourceMap) {
    diags.sort_by(|a, b| {
        let pa = &sources.get(a.file()).path;
        let pb = &sources.get(b.file()).path;
        pa.cmp(pb)
            .then(a.primary.span.start.cmp(&b.primary.span.start))
            .then(a.rule.cmp(&b.rule))
            .then(a.pointer.cmp(&b.pointer))
            .then(a.message.cmp(&b.message))
    });
}
