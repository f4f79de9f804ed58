//! The pipeline of `dpalint check`: discover -> load -> validate -> merge ->
//! rules -> configuration -> sorted diagnostics.
//!
//! Files are read, parsed and validated in parallel; everything after the merge
//! is sequential and deterministic (file ids follow sorted paths, findings are
//! sorted by file, position and rule).

use crate::config::{self, LoadedConfig};
use crate::diagnostic::{Code, Diagnostic, Label, Severity};
use crate::discover::{self, Candidate, Filters};
use crate::inventory::{CheckedDoc, Inventory};
use crate::loader::{self, Document, Located};
use crate::model::Date;
use crate::policy::{self, Policy, PolicyMeta};
use crate::reference::Reference;
use crate::rules::{self, Context, Finding};
use crate::schema::{self, Locate};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use crate::{baseline, suppress};
use rayon::prelude::*;
use std::borrow::Cow;
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
    if !meta.is_file() {
        // FIFOs, sockets and devices: reading could block forever or never end.
        return if c.explicit {
            Triage::Problem(
                "not a regular file (a FIFO, socket or device); dpalint reads regular files only"
                    .into(),
                Code::Unreadable,
                "name regular files only".into(),
            )
        } else {
            Triage::Skip
        };
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
                d.labels.push(Label {
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

/// A rule a selector can name: built-in or organisation policy.
struct Known<'a> {
    id: &'a str,
    name: &'a str,
    severity: Severity,
    /// Enabled only when named exactly or given a level (`RuleMeta::opt_in`).
    opt_in: bool,
}

fn builtins() -> Vec<Known<'static>> {
    rules::ALL
        .iter()
        .map(|r| Known {
            id: r.meta().id,
            name: r.meta().name,
            severity: r.meta().severity,
            opt_in: r.meta().opt_in,
        })
        .collect()
}

/// What a run asked for: selectors and severity overrides as written.
#[derive(Clone, Debug, Default)]
struct SelectSpec {
    select: Vec<String>,
    extend: Vec<String>,
    ignore: Vec<String>,
    overrides: Vec<(String, String)>,
}

/// Resolved rule selection: which rules (built-in and policies) run and at
/// what severity. Policies are only known once the project is loaded, so the
/// request is kept and resolved again with them ([`Selection::with_policies`]).
#[derive(Clone, Debug)]
pub struct Selection {
    spec: SelectSpec,
    /// Whether a selector that names nothing is an error (the command line and
    /// dpalint.toml) or ignored (selections built in code).
    strict: bool,
    levels: HashMap<String, Option<Severity>>,
}

impl Selection {
    fn lenient(select: Vec<String>) -> Selection {
        let spec = SelectSpec {
            select,
            ..SelectSpec::default()
        };
        let levels = resolve(&spec, &builtins(), false).unwrap_or_default();
        Selection {
            spec,
            strict: false,
            levels,
        }
    }

    /// Every rule and policy at its default severity.
    pub fn all() -> Selection {
        Selection::lenient(vec!["ALL".into()])
    }

    /// Only the rule or policy `id`, at its default severity.
    pub fn only(id: &str) -> Selection {
        Selection::lenient(vec![id.to_string()])
    }

    pub fn level(&self, id: &str) -> Option<Severity> {
        self.levels.get(id).copied().flatten()
    }

    /// The same request resolved against the built-in rules and `policies`.
    pub fn with_policies(&self, policies: &[PolicyMeta]) -> Result<Selection, String> {
        let mut known = builtins();
        known.extend(policies.iter().map(|p| Known {
            id: &p.id,
            name: &p.name,
            severity: p.severity,
            opt_in: false,
        }));
        Ok(Selection {
            levels: resolve(&self.spec, &known, self.strict)?,
            spec: self.spec.clone(),
            strict: self.strict,
        })
    }
}

/// Match a selector (ALL, id, name or id prefix) against the known rules.
/// `Ok(empty)` for a selector naming nothing unless `strict`.
fn matching<'k>(selector: &str, known: &[Known<'k>], strict: bool) -> Result<Vec<&'k str>, String> {
    if selector.eq_ignore_ascii_case("ALL") {
        return Ok(known.iter().filter(|k| !k.opt_in).map(|k| k.id).collect());
    }
    if let Some(k) = known
        .iter()
        .find(|k| k.id.eq_ignore_ascii_case(selector) || k.name == selector)
    {
        return Ok(vec![k.id]);
    }
    let upper = selector.to_ascii_uppercase();
    let by_prefix: Vec<_> = known
        .iter()
        .filter(|k| !k.opt_in && upper.len() >= 3 && k.id.starts_with(&upper))
        .map(|k| k.id)
        .collect();
    if !by_prefix.is_empty() {
        return Ok(by_prefix);
    }
    if upper.starts_with("DPL") {
        return Err(format!(
            "`{selector}` is an input check; syntax and schema problems cannot be selected, ignored or re-levelled"
        ));
    }
    if !strict {
        return Ok(Vec::new());
    }
    let names = known.iter().flat_map(|k| [k.id, k.name]);
    let hint = schema::did_you_mean(selector, names)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    Err(format!(
        "unknown rule `{selector}`{hint}; `dpalint rules` lists them"
    ))
}

fn resolve(
    spec: &SelectSpec,
    known: &[Known<'_>],
    strict: bool,
) -> Result<HashMap<String, Option<Severity>>, String> {
    let mut enabled: BTreeSet<&str> = BTreeSet::new();
    for s in spec.select.iter().chain(&spec.extend) {
        enabled.extend(matching(s, known, strict)?);
    }
    let mut ignored: BTreeSet<&str> = BTreeSet::new();
    for s in &spec.ignore {
        for id in matching(s, known, strict)? {
            enabled.remove(id);
            ignored.insert(id);
        }
    }
    let mut levels: HashMap<String, Option<Severity>> = known
        .iter()
        .map(|k| {
            (
                k.id.to_string(),
                enabled.contains(k.id).then_some(k.severity),
            )
        })
        .collect();
    for (selector, level) in &spec.overrides {
        let sev = match level.as_str() {
            "off" | "ignore" => None,
            other => Some(Severity::parse(other).ok_or_else(|| {
                format!(
                    "unknown severity `{other}` for `{selector}`: use error, warning, info or off"
                )
            })?),
        };
        for id in matching(selector, known, strict)? {
            // An opt-in rule is matched only by its exact id or name: a level
            // for it enables it, unless it is ignored.
            let opt_in = known.iter().any(|k| k.id == id && k.opt_in);
            if enabled.contains(id) || sev.is_none() || (opt_in && !ignored.contains(id)) {
                levels.insert(id.to_string(), sev);
            }
        }
    }
    Ok(levels)
}

/// The selection a request asks for (command line over dpalint.toml). Selectors
/// naming no built-in rule may name a policy: they are checked again, strictly,
/// once the project's policies are known.
pub fn select_rules(req: &Request, cfg: &config::Config) -> Result<Selection, String> {
    let select = if !req.select.is_empty() {
        req.select.clone()
    } else if !cfg.rules.select.is_empty() {
        cfg.rules.select.clone()
    } else {
        vec!["ALL".into()]
    };
    let spec = SelectSpec {
        select,
        extend: req.extend_select.clone(),
        ignore: cfg
            .rules
            .ignore
            .iter()
            .chain(&req.ignore)
            .cloned()
            .collect(),
        overrides: cfg
            .rules
            .severity
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .chain(req.severity.iter().cloned())
            .collect(),
    };
    let levels = resolve(&spec, &builtins(), false)?;
    Ok(Selection {
        spec,
        strict: true,
        levels,
    })
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
    let (triaged, problems, explicit_files) = discover_inputs(req, &root, cfg)?;
    let mut report = POOL
        .install(|| {
            analyse(
                triaged,
                problems,
                explicit_files,
                as_of,
                cfg,
                &selection,
                root,
            )
        })
        .map_err(Fatal::Usage)?;
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

/// Discovery and triage of the files of a request: the inputs, file-system
/// problems (display path, message), and whether files were named explicitly.
type Discovered = (Vec<Input>, Vec<(String, String)>, bool);

fn discover_inputs(req: &Request, root: &Path, cfg: &config::Config) -> Result<Discovered, Fatal> {
    let filters = Filters::new(&cfg.include, &cfg.exclude).map_err(Fatal::Usage)?;
    let mut candidates = Vec::new();
    let mut problems = Vec::new();
    let mut explicit_files = false;
    let mut walked_root = false;
    let paths = if req.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        req.paths.clone()
    };
    let mut named_dirs = Vec::new();
    for p in &paths {
        let abs = req.cwd.join(p);
        if abs.is_dir() {
            named_dirs.push(abs.clone());
            walked_root |= abs == root || root.starts_with(&abs);
            discover::walk(&abs, root, &filters, &mut candidates, &mut problems);
        } else {
            let rel = abs.strip_prefix(root).unwrap_or(&abs);
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
        discover::walk(root, root, &filters, &mut candidates, &mut problems);
    }
    // One entry per file; an explicit mention wins.
    let keyed: Vec<(PathBuf, Candidate)> = POOL.install(|| {
        candidates
            .into_par_iter()
            .map(|c| {
                let key = std::fs::canonicalize(&c.path).unwrap_or_else(|_| c.path.clone());
                (key, c)
            })
            .collect()
    });
    let mut by_key: HashMap<PathBuf, Candidate> = HashMap::new();
    for (key, c) in keyed {
        by_key
            .entry(key)
            .and_modify(|e| e.explicit |= c.explicit)
            .or_insert(c);
    }
    let mut candidates: Vec<(String, Candidate)> = by_key
        .into_values()
        .map(|c| (display_path(&c.path, root), c))
        .collect();
    candidates.sort();

    // Phase one (parallel): read and triage.
    let triaged: Vec<Input> = POOL.install(|| {
        candidates
            .into_par_iter()
            .map(|(display, c)| Input {
                triage: triage(&c, cfg.max_file_size, req.skip_unmarked),
                display,
                // Files under a named directory are reported too, not only named files.
                reported: c.explicit || named_dirs.iter().any(|d| c.path.starts_with(d)),
                explicit: c.explicit,
            })
            .collect()
    });
    let problems = problems
        .into_iter()
        .map(|p| (display_path(&p.path, root), p.message))
        .collect();
    Ok((triaged, problems, explicit_files))
}

/// One file after discovery.
pub struct Input {
    pub display: String,
    /// Named on the command line (a missing marker is then an error).
    pub explicit: bool,
    /// Findings in this file are reported when the run names files (others are context).
    pub reported: bool,
    triage: Triage,
}

impl Input {
    /// An in-memory dpalint file (fixtures, tests, fuzzing, `dpalint test`).
    pub fn text(display: impl Into<String>, text: &str) -> Input {
        Input {
            display: display.into(),
            explicit: false,
            reported: false,
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
    // Selections built in code never fail (they ignore selectors naming nothing).
    .unwrap_or_else(|_| Report {
        sources: SourceMap::default(),
        diagnostics: Vec::new(),
        files: 0,
        as_of,
        root: PathBuf::new(),
        baseline_unmatched: None,
        policies: Vec::new(),
    })
}

/// Run `f` on a worker thread of dpalint's pool (deep stacks: parsers and the
/// CEL interpreter recurse), as `check` does.
pub fn in_pool<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    POOL.install(f)
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
            #[expect(
                clippy::expect_used,
                reason = "if not even one thread with the default stack can be started, \
                          nothing can be checked (rayon's own pools panic the same way)"
            )]
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .expect("a one-thread pool can always be built")
        })
});

/// Files read, parsed and validated: everything before the merge.
struct Loaded {
    sources: SourceMap,
    diagnostics: Vec<Diagnostic>,
    texts: Vec<FileId>,
    explicit_ids: Vec<FileId>,
    results: Vec<(FileId, FileResult)>,
}

/// Every document of `results`, in order, ready to merge.
fn checked_docs(results: &[(FileId, FileResult)]) -> Vec<CheckedDoc<'_>> {
    let mut checked = Vec::new();
    for (_, r) in results {
        for ((doc, json), errs) in r.documents.iter().zip(&r.jsons).zip(&r.error_pointers) {
            checked.push(CheckedDoc {
                doc,
                json,
                error_pointers: errs,
            });
        }
    }
    checked
}

fn load(triaged: Vec<Input>, problems: Vec<(String, String)>) -> Loaded {
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
        reported,
        triage,
        ..
    } in triaged
    {
        match triage {
            Triage::Skip => {}
            Triage::Problem(message, code, help) => {
                let id = sources.add(SourceFile::new(display, Arc::from("")));
                if reported {
                    explicit_ids.push(id);
                }
                diagnostics
                    .push(Diagnostic::input(code, id, Span::default(), message).with_help(help));
            }
            Triage::Text(text) => {
                let id = sources.add(SourceFile::new(display, text));
                if reported {
                    explicit_ids.push(id);
                }
                texts.push(id);
            }
        }
    }

    // Phase two (parallel): parse and validate.
    let results: Vec<(FileId, FileResult)> = texts
        .par_iter()
        .map(|&id| (id, load_and_validate(id, sources.get(id))))
        .collect();
    for (_, r) in &results {
        diagnostics.extend(r.diagnostics.iter().cloned());
    }
    Loaded {
        sources,
        diagnostics,
        texts,
        explicit_ids,
        results,
    }
}

/// Everything after discovery: load, validate, merge, run rules and policies,
/// suppressions, sort. Fails when a selector names no rule and no policy.
fn analyse(
    triaged: Vec<Input>,
    problems: Vec<(String, String)>,
    explicit_files: bool,
    as_of: Date,
    cfg: &config::Config,
    selection: &Selection,
    root: PathBuf,
) -> Result<Report, String> {
    let reference = Reference::embedded();
    let thresholds = cfg.thresholds.resolve(reference, as_of)?;
    let Loaded {
        sources,
        mut diagnostics,
        texts,
        explicit_ids,
        results,
    } = load(triaged, problems);
    let files = texts.len();
    let checked = checked_docs(&results);
    let (inventory, merge_diags) = Inventory::build(&checked);
    diagnostics.extend(merge_diags);

    // Organisation policies: only looked at when some document declares them.
    let (policies, policy_diags) = if policy::any(&checked) {
        policy::collect(&checked, &sources)
    } else {
        (Vec::new(), Vec::new())
    };
    diagnostics.extend(policy_diags);
    let metas: Vec<PolicyMeta> = policies
        .iter()
        .filter(|p| p.is_valid())
        .map(|p| p.meta.clone())
        .collect();
    let selection = selection.with_policies(&metas)?;

    // Rules.
    let docs: HashMap<(FileId, usize), &Document> = checked
        .iter()
        .map(|c| ((c.doc.file, c.doc.index), c.doc))
        .collect();
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
                    let mut cx = Context::new(&inventory, as_of, &thresholds, reference, r.meta());
                    r.check(&mut cx);
                    cx.into_findings()
                })
                .collect::<Vec<Finding>>()
        },
        || {
            any_policy.then(|| {
                let merged = policy::Merged::from_docs(&checked);
                run_policies(&policies, &enabled, merged, as_of, &sources, &docs)
            })
        },
    );
    for f in findings {
        let severity = selection.level(f.rule.id).unwrap_or(f.rule.severity);
        diagnostics.push(to_diagnostic(&f, severity, &docs));
    }
    if let Some((findings, diags)) = policy_results {
        diagnostics.extend(diags);
        for f in findings {
            let p = &policies[f.policy];
            let severity = selection.level(&p.meta.id).unwrap_or(p.meta.severity);
            diagnostics.push(policy_diagnostic(p, &f, severity, &docs));
        }
    }

    // The parsed trees and JSON values are no longer needed: free them on
    // another worker while this one goes on (a large project's trees take as
    // long to free as the rules take to run).
    drop(docs);
    drop(checked);
    rayon::spawn(move || drop(results));

    // Inline suppressions, scanned per file in parallel (in file order).
    let lookup = RegistryLookup { policies: &metas };
    let mut directives = Vec::new();
    let mut suppression_diags = Vec::new();
    let scanned: Vec<_> = texts
        .par_iter()
        .map(|&id| {
            let mut diags = Vec::new();
            let found = suppress::scan(id, sources.get(id), &lookup, &mut diags);
            (found, diags)
        })
        .collect();
    for (found, diags) in scanned {
        directives.extend(found);
        suppression_diags.extend(diags);
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
    Ok(Report {
        sources,
        diagnostics,
        files,
        as_of,
        root,
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
    docs: &HashMap<(FileId, usize), &Document>,
) -> (Vec<policy::Finding>, Vec<Diagnostic>) {
    let locate = |file: FileId, doc: usize, pointer: &str| {
        docs.get(&(file, doc))
            .map(|d| d.locate_nearest(pointer).primary())
    };
    policy::evaluate(policies, enabled, merged, as_of, sources, &locate)
}

/// A policy finding as a diagnostic, like a built-in rule's.
pub(crate) fn policy_diagnostic(
    p: &Policy,
    f: &policy::Finding,
    severity: Severity,
    docs: &HashMap<(FileId, usize), &Document>,
) -> Diagnostic {
    let pointer = policy::finding_pointer(p, f.place.as_ref());
    let (file, doc) = f
        .place
        .as_ref()
        .map_or((p.file, p.doc), |pl| (pl.file, pl.doc));
    let located = docs.get(&(file, doc)).map(|d| d.locate_nearest(&pointer));
    let (primary, labels) = primary_labels(file, located.as_ref());
    let help = match p.meta.description.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => d.to_string(),
        _ => format!(
            "organisation policy defined in {}:{}; `dpalint explain {}` shows it",
            p.meta.file, p.meta.line, p.meta.id
        ),
    };
    Diagnostic {
        rule: Cow::Owned(p.meta.id.clone()),
        name: Cow::Owned(p.meta.name.clone()),
        severity,
        message: f.message.clone(),
        help: Some(help),
        legal_basis: p.meta.legal_basis.iter().cloned().map(Cow::Owned).collect(),
        pointer,
        entity: f.place.as_ref().map(|pl| pl.entity.clone()),
        primary,
        labels,
        suppression: None,
    }
}

/// The primary label for a finding located at `at` in `file`, and a second
/// label where the value was defined when it came from an alias or merge key.
fn primary_labels(file: FileId, at: Option<&Located>) -> (Label, Vec<Label>) {
    let primary = Label {
        file,
        span: at.map(Located::primary).unwrap_or_default(),
        message: None,
    };
    let defined = at.and_then(|l| l.defined).map(|def| Label {
        file,
        span: def,
        message: Some("value defined here".into()),
    });
    (primary, defined.into_iter().collect())
}

/// Rule ids and names for suppression comments: built-in rules and policies.
struct RegistryLookup<'a> {
    policies: &'a [PolicyMeta],
}

impl suppress::RuleLookup for RegistryLookup<'_> {
    fn resolve(&self, key: &str) -> Result<String, Option<String>> {
        if let Some(rule) = rules::find(key) {
            return Ok(rule.meta().id.to_string());
        }
        if let Some(p) = self
            .policies
            .iter()
            .find(|p| p.id.eq_ignore_ascii_case(key) || p.name == key)
        {
            return Ok(p.id.clone());
        }
        let names = rules::ALL
            .iter()
            .flat_map(|r| [r.meta().id, r.meta().name])
            .chain(
                self.policies
                    .iter()
                    .flat_map(|p| [p.id.as_str(), p.name.as_str()]),
            );
        Err(schema::did_you_mean(key, names).map(str::to_owned))
    }
}

/// The loaded project of `dpalint test`, `dpalint rules` and `dpalint explain`:
/// its files and its policies, without running any rule.
pub struct PolicyProject {
    pub sources: SourceMap,
    /// Input problems of the loaded files and DPL040 problems of the policies.
    pub diagnostics: Vec<Diagnostic>,
    pub policies: Vec<Policy>,
    pub as_of: Date,
    pub root: PathBuf,
    /// Files named on the command line (the rest of the project is loaded for context).
    pub explicit: Vec<FileId>,
    results: Vec<(FileId, FileResult)>,
}

impl PolicyProject {
    /// Document `index` of `file`, when it was loaded.
    pub fn document(&self, file: FileId, index: usize) -> Option<&Document> {
        self.results
            .iter()
            .find(|(id, _)| *id == file)
            .and_then(|(_, r)| r.documents.get(index))
    }

    /// Metadata of the valid policies, by id.
    pub fn metas(&self) -> Vec<PolicyMeta> {
        let mut metas: Vec<PolicyMeta> = self
            .policies
            .iter()
            .filter(|p| p.is_valid())
            .map(|p| p.meta.clone())
            .collect();
        metas.sort_by(|a, b| a.id.cmp(&b.id));
        metas
    }
}

/// Load the files of `req` (the project of the current directory when it names
/// none) and collect their policies.
pub fn load_policies(req: &Request) -> Result<PolicyProject, Fatal> {
    let (root, loaded_cfg) = resolve_config(req)?;
    let cfg = &loaded_cfg.config;
    let as_of = req
        .as_of
        .or(loaded_cfg.as_of)
        .unwrap_or_else(Date::today_utc);
    let (triaged, problems, _) = discover_inputs(req, &root, cfg)?;
    Ok(POOL.install(|| {
        let mut loaded = load(triaged, problems);
        let (policies, diags) = {
            let checked = checked_docs(&loaded.results);
            if policy::any(&checked) {
                policy::collect(&checked, &loaded.sources)
            } else {
                (Vec::new(), Vec::new())
            }
        };
        loaded.diagnostics.extend(diags);
        PolicyProject {
            sources: loaded.sources,
            diagnostics: loaded.diagnostics,
            policies,
            as_of,
            root,
            explicit: loaded.explicit_ids,
            results: loaded.results,
        }
    }))
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
    let located = locate(at.origin.file, at.origin.doc, &at.pointer);
    let (primary, labels) = primary_labels(at.origin.file, located.as_ref());
    let mut d = Diagnostic {
        rule: f.rule.id.into(),
        name: f.rule.name.into(),
        severity,
        message: f.message.clone(),
        help: Some(f.help.clone().unwrap_or_else(|| f.rule.help.to_string())),
        legal_basis: f.rule.legal_basis.iter().map(|s| (*s).into()).collect(),
        pointer: at.pointer.clone(),
        entity: Some(f.entity.clone()),
        primary,
        labels,
        suppression: None,
    };
    for (place, message) in &f.labels {
        if let Some(l) = locate(place.origin.file, place.origin.doc, &place.pointer) {
            d.labels.push(Label {
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

/// Opt-in rules (`RuleMeta::opt_in`, RULES-v2 DPA051/DPA055): off under `ALL`
/// and id prefixes, on when named exactly or given a level. Move with `resolve`.
#[cfg(test)]
mod opt_in_selection {
    use super::{Known, SelectSpec, resolve};
    use crate::diagnostic::Severity;

    fn known() -> Vec<Known<'static>> {
        let rule = |id, name, opt_in| Known {
            id,
            name,
            severity: Severity::Info,
            opt_in,
        };
        vec![
            rule("DPA050", "placeholder-value", false),
            rule("DPA051", "breach-deadline-unspecified", true),
        ]
    }

    fn levels(select: &[&str], ignore: &[&str], overrides: &[(&str, &str)]) -> Vec<&'static str> {
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        let spec = SelectSpec {
            select: owned(select),
            extend: Vec::new(),
            ignore: owned(ignore),
            overrides: overrides
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        let levels = resolve(&spec, &known(), true).unwrap();
        let mut on: Vec<&str> = ["DPA050", "DPA051"]
            .into_iter()
            .filter(|id| levels.get(*id).copied().flatten().is_some())
            .collect();
        on.sort_unstable();
        on
    }

    #[test]
    fn opt_in_rules_are_off_unless_named_or_levelled() {
        assert_eq!(levels(&["ALL"], &[], &[]), ["DPA050"]);
        assert_eq!(
            levels(&["DPA05"], &[], &[]),
            ["DPA050"],
            "a prefix is not a name"
        );
        assert_eq!(levels(&["ALL", "DPA051"], &[], &[]), ["DPA050", "DPA051"]);
        assert_eq!(
            levels(&["breach-deadline-unspecified"], &[], &[]),
            ["DPA051"]
        );
        assert_eq!(
            levels(&["ALL"], &[], &[("DPA051", "info")]),
            ["DPA050", "DPA051"]
        );
        assert_eq!(levels(&["ALL"], &[], &[("DPA05", "info")]), ["DPA050"]);
        assert_eq!(
            levels(&["ALL"], &["DPA051"], &[("DPA051", "info")]),
            ["DPA050"]
        );
        assert_eq!(
            levels(&["ALL", "DPA051"], &[], &[("DPA051", "off")]),
            ["DPA050"]
        );
    }
}
