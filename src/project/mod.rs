//! The project model: everything dpalint knows about an inventory before any
//! rule runs. Every command starts here.
//!
//! Loading is one call, in pipeline order:
//!
//! 1. the configuration (`dpalint.toml`, found by walking up) and the root;
//! 2. [`discover`]: the dpalint files under the given paths;
//! 3. [`read`]: each file read and triaged (in parallel);
//! 4. [`parse`]: YAML 1.2 into spanned nodes (the pointer index);
//! 5. [`validate`]: JSON Schema validation, errors located at spans;
//! 6. [`merge`]: all documents merged into the typed [`Inventory`], ids
//!    resolved across files; the organisation policies collected.
//!
//! The result, a [`Project`], holds the sources, the parsed documents, the
//! inventory and the input diagnostics (DPL codes). A project can also be built
//! from in-memory texts (a git revision, an editor's buffers, tests), and one
//! file's text can be replaced: only that file is parsed and validated again,
//! then the documents are re-merged ([`Project::set_text`]).

pub mod discover;
pub mod file;
pub mod merge;
pub mod parse;
pub mod read;
pub mod terraform;
pub mod validate;

pub use file::ParsedFile;
pub use read::Input;

use crate::config::{self, Config, LoadedConfig};
use crate::diagnostic::{Code, Diagnostic};
use crate::inventory::Inventory;
use crate::model::Date;
use crate::policy::{self, Policy, PolicyMeta};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use merge::CheckedDoc;
use parse::Document;
use rayon::prelude::*;
use read::Triage;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use validate::Locate;

/// What to load: the paths of a command line, relative to `cwd`.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub paths: Vec<PathBuf>,
    /// Directory relative paths are resolved against.
    pub cwd: PathBuf,
    /// Use this config file instead of searching for dpalint.toml.
    pub config: Option<PathBuf>,
    /// Named files without the `dpalint:` marker, or excluded by dpalint.toml,
    /// are skipped silently instead of reported (pre-commit passes every changed YAML file).
    pub skip_unmarked: bool,
    /// `--terraform-plan FILE`: a plan or state from `terraform show -json`
    /// (overrides `[infrastructure] terraform_plan`).
    pub terraform_plan: Option<PathBuf>,
}

/// Why a project could not be loaded (exit code 2).
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
    let display = discover::display_path(&path, cwd);
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

/// What one file of the project is.
enum FileState {
    /// Could not be read as a dpalint file (unreadable, too large, binary, …).
    Problem(Diagnostic),
    Parsed(ParsedFile),
    /// A Terraform/OpenTofu file (`.tf`, `.tf.json`, tfvars).
    Terraform(terraform::TfFile),
}

/// Read a text as what its name says: Terraform or a dpalint YAML file.
fn analyse(id: FileId, file: &SourceFile) -> FileState {
    if terraform::is_terraform(&file.path) {
        FileState::Terraform(terraform::TfFile::analyse(id, file))
    } else {
        FileState::Parsed(ParsedFile::analyse(id, file))
    }
}

struct ProjectFile {
    id: FileId,
    /// Its findings are reported when the run names files.
    reported: bool,
    state: FileState,
}

/// A loaded project: sources, parsed documents, the merged inventory, the
/// organisation policies and every input diagnostic.
pub struct Project {
    /// Directory of dpalint.toml (else the working directory); paths are relative to it.
    pub root: PathBuf,
    pub config: Config,
    /// The `as_of` of dpalint.toml.
    pub config_as_of: Option<Date>,
    sources: SourceMap,
    /// Problems met while walking directories.
    walk_problems: Vec<Diagnostic>,
    /// Files in merge order (sorted paths for a file-system load).
    files: Vec<ProjectFile>,
    /// Files were named: findings are reported for the `reported` files only.
    explicit_files: bool,
    inventory: Inventory,
    merge_diagnostics: Vec<Diagnostic>,
    policies: Vec<Policy>,
    policy_diagnostics: Vec<Diagnostic>,
    /// The plan or state given with `--terraform-plan` / `[infrastructure] terraform_plan`.
    plan: Option<terraform::plan::Plan>,
    /// What the Terraform shows; `None` without Terraform files or without an inventory.
    infrastructure: Option<terraform::Evidence>,
    infrastructure_diagnostics: Vec<Diagnostic>,
}

impl Project {
    /// Load the project of a request from the file system.
    pub fn load(req: &Request) -> Result<Project, Fatal> {
        let (root, loaded_cfg) = resolve_config(req)?;
        Project::load_configured(req, root, loaded_cfg)
    }

    /// Load the project of a request whose configuration is already resolved
    /// ([`resolve_config`]).
    pub fn load_configured(
        req: &Request,
        root: PathBuf,
        loaded_cfg: LoadedConfig,
    ) -> Result<Project, Fatal> {
        crate::pool::in_pool(|| {
            let found = discover::discover(req, &root, &loaded_cfg.config).map_err(Fatal::Usage)?;
            let plan_path = req
                .terraform_plan
                .as_ref()
                .map(|p| req.cwd.join(p))
                .or_else(|| {
                    let cfg = &loaded_cfg.config.infrastructure;
                    cfg.terraform_plan.as_ref().map(|p| root.join(p))
                });
            let mut project = Project::empty(root, loaded_cfg.config, loaded_cfg.as_of);
            project.explicit_files = found.explicit_files;
            if let Some(path) = plan_path {
                project.load_plan(&path).map_err(Fatal::Usage)?;
            }
            project.add_all(found.problems, found.inputs);
            Ok(project)
        })
    }

    /// A project of in-memory files, in the given order (pass sorted paths for
    /// the same result as a file-system load).
    pub fn from_inputs(inputs: Vec<Input>, config: Config) -> Project {
        crate::pool::in_pool(|| {
            let mut project = Project::empty(PathBuf::new(), config, None);
            project.add_all(Vec::new(), inputs);
            project
        })
    }

    /// A project of files listed with their content (the blobs of a git
    /// revision, paths relative to `root`, selected with
    /// [`discover::Filters::accepts_listed`]): triaged like walked files.
    pub fn from_listed(
        files: Vec<(String, Vec<u8>)>,
        root: PathBuf,
        loaded: LoadedConfig,
    ) -> Project {
        crate::pool::in_pool(|| {
            let inputs = discover::listed(files, &loaded.config);
            let mut project = Project::empty(root, loaded.config, loaded.as_of);
            project.add_all(Vec::new(), inputs);
            project
        })
    }

    fn empty(root: PathBuf, config: Config, config_as_of: Option<Date>) -> Project {
        Project {
            root,
            config,
            config_as_of,
            sources: SourceMap::default(),
            walk_problems: Vec::new(),
            files: Vec::new(),
            explicit_files: false,
            inventory: Inventory::default(),
            merge_diagnostics: Vec::new(),
            policies: Vec::new(),
            policy_diagnostics: Vec::new(),
            plan: None,
            infrastructure: None,
            infrastructure_diagnostics: Vec::new(),
        }
    }

    /// Read a plan or state JSON; its text never enters the sources (it holds
    /// secrets): findings in it show its path only.
    pub fn load_plan(&mut self, path: &Path) -> Result<(), String> {
        let display = discover::display_path(path, &self.root);
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the Terraform plan {display}: {e}"))?;
        self.set_plan(&display, &text)
    }

    /// Use `text` as the plan or state named `display`.
    pub fn set_plan(&mut self, display: &str, text: &str) -> Result<(), String> {
        let id = self
            .sources
            .add(SourceFile::new(display.to_owned(), Arc::from("")));
        let plan = terraform::plan::read(text, id, crate::reference::Reference::embedded().cloud())
            .map_err(|e| format!("Terraform plan {display}: {e}"))?;
        self.plan = Some(plan);
        self.remerge();
        Ok(())
    }

    fn add_all(&mut self, problems: Vec<(String, String)>, inputs: Vec<Input>) {
        for (path, message) in problems {
            let id = self.sources.add(SourceFile::new(path, Arc::from("")));
            self.walk_problems.push(
                Diagnostic::input(Code::Unreadable, id, Span::default(), message)
                    .with_help("fix the file system entry, or exclude it in dpalint.toml"),
            );
        }
        // Sources first (file ids follow the input order), then parse and
        // validate the texts in parallel.
        let mut pending: Vec<(FileId, bool, Option<Diagnostic>)> = Vec::new();
        for input in inputs {
            let Input {
                display,
                reported,
                triage,
                ..
            } = input;
            match triage {
                Triage::Skip => {}
                Triage::Problem(message, code, help) => {
                    let id = self.sources.add(SourceFile::new(display, Arc::from("")));
                    let d = Diagnostic::input(code, id, Span::default(), message).with_help(help);
                    pending.push((id, reported, Some(d)));
                }
                Triage::Text(text) => {
                    let id = self.sources.add(SourceFile::new(display, text));
                    pending.push((id, reported, None));
                }
            }
        }
        let sources = &self.sources;
        let files: Vec<ProjectFile> = pending
            .into_par_iter()
            .map(|(id, reported, problem)| ProjectFile {
                id,
                reported,
                state: match problem {
                    Some(d) => FileState::Problem(d),
                    None => analyse(id, sources.get(id)),
                },
            })
            .collect();
        self.files.extend(files);
        self.remerge();
    }

    /// Replace the text of the file at `path` (relative to the root, `/`
    /// separators), or add it in sorted position: only this file is parsed and
    /// validated again, then the project is re-merged.
    pub fn set_text(&mut self, path: &str, text: Arc<str>) -> FileId {
        let file = SourceFile::new(path.to_string(), text);
        let slot = self
            .files
            .iter()
            .position(|f| self.sources.get(f.id).path == path);
        let id = match slot {
            Some(slot) => {
                let id = self.files[slot].id;
                self.sources.replace(id, file);
                let state = crate::pool::in_pool(|| analyse(id, self.sources.get(id)));
                self.files[slot].state = state;
                id
            }
            None => {
                let id = self.sources.add(file);
                let state = crate::pool::in_pool(|| analyse(id, self.sources.get(id)));
                let at = self
                    .files
                    .iter()
                    .position(|f| self.sources.get(f.id).path.as_str() > path)
                    .unwrap_or(self.files.len());
                self.files.insert(
                    at,
                    ProjectFile {
                        id,
                        reported: false,
                        state,
                    },
                );
                id
            }
        };
        self.remerge();
        id
    }

    /// Remove the file at `path` from the project (it was deleted, or is no
    /// longer a dpalint file); true when it was part of the project.
    pub fn remove(&mut self, path: &str) -> bool {
        let before = self.files.len();
        let sources = &self.sources;
        self.files.retain(|f| sources.get(f.id).path != path);
        let removed = self.files.len() != before;
        if removed {
            self.remerge();
        }
        removed
    }

    /// Merge every parsed document again and collect the policies.
    fn remerge(&mut self) {
        let ((inventory, merge_diagnostics), (policies, policy_diagnostics)) = {
            let checked = self.checked_docs();
            let merged = merge::merge(&checked);
            // Organisation policies: only looked at when some document declares them.
            let policies = if policy::any(&checked) {
                policy::collect(&checked, &self.sources)
            } else {
                (Vec::new(), Vec::new())
            };
            (merged, policies)
        };
        self.inventory = inventory;
        self.merge_diagnostics = merge_diagnostics;
        self.policies = policies;
        self.policy_diagnostics = policy_diagnostics;
        self.evaluate_infrastructure();
    }

    /// Evaluate the Terraform files (and the plan) into evidence: only when
    /// infrastructure checks are on and the project has an inventory.
    fn evaluate_infrastructure(&mut self) {
        self.infrastructure = None;
        self.infrastructure_diagnostics.clear();
        let inputs: Vec<terraform::eval::TfInput<'_>> = self
            .terraform()
            .filter_map(|(id, f)| {
                f.syntax.as_ref().map(|syntax| terraform::eval::TfInput {
                    id,
                    path: &self.sources.get(id).path,
                    syntax,
                })
            })
            .collect();
        let has_terraform = !inputs.is_empty() || self.plan.is_some();
        if !self.config.infrastructure.enabled || !has_terraform || self.file_count() == 0 {
            return;
        }
        let cloud = crate::reference::Reference::embedded().cloud();
        let (evidence, diagnostics) = terraform::eval::evaluate(&inputs, self.plan.as_ref(), cloud);
        self.infrastructure = Some(evidence);
        self.infrastructure_diagnostics = diagnostics;
    }

    /// The Terraform files of the project, in file order.
    pub fn terraform(&self) -> impl Iterator<Item = (FileId, &terraform::TfFile)> {
        self.files.iter().filter_map(|f| match &f.state {
            FileState::Terraform(t) => Some((f.id, t)),
            _ => None,
        })
    }

    /// What the Terraform next to the inventory shows (`None` when there is
    /// none, no inventory, or `[infrastructure] enabled = false`).
    pub fn infrastructure(&self) -> Option<&terraform::Evidence> {
        self.infrastructure.as_ref()
    }

    /// Every document of the project, in merge order.
    pub fn checked_docs(&self) -> Vec<CheckedDoc<'_>> {
        self.parsed().flat_map(|(_, p)| p.checked()).collect()
    }

    /// The parsed files, in merge order.
    pub fn parsed(&self) -> impl Iterator<Item = (FileId, &ParsedFile)> {
        self.files.iter().filter_map(|f| match &f.state {
            FileState::Parsed(p) => Some((f.id, p)),
            FileState::Problem(_) | FileState::Terraform(_) => None,
        })
    }

    /// Document `index` of `file`, when it was parsed.
    pub fn document(&self, file: FileId, index: usize) -> Option<&Document> {
        self.files
            .iter()
            .find(|f| f.id == file)
            .and_then(|f| match &f.state {
                FileState::Parsed(p) => p.documents.get(index),
                FileState::Problem(_) | FileState::Terraform(_) => None,
            })
    }

    /// Every parsed document by (file, index): how findings find their spans.
    /// Terraform files are document 0 of their file, located by Terraform pointers.
    pub fn documents(&self) -> DocMap<'_> {
        let yaml = self
            .parsed()
            .flat_map(|(_, p)| p.documents.iter())
            .map(|d| ((d.file, d.index), d as &(dyn Locate + Sync)));
        let tf = self.terraform().filter_map(|(id, t)| {
            t.syntax
                .as_ref()
                .map(|s| ((id, 0), s as &(dyn Locate + Sync)))
        });
        yaml.chain(tf).collect()
    }

    pub fn sources(&self) -> &SourceMap {
        &self.sources
    }

    /// Add a file that is not part of the inventory (a policy's test fixture),
    /// so diagnostics can point into it.
    pub fn add_source(&mut self, file: SourceFile) -> FileId {
        self.sources.add(file)
    }

    pub fn inventory(&self) -> &Inventory {
        &self.inventory
    }

    /// Every organisation policy, valid or not (invalid ones for `explain`).
    pub fn policies(&self) -> &[Policy] {
        &self.policies
    }

    /// Metadata of the valid policies, in declaration order.
    pub fn policy_metas(&self) -> Vec<PolicyMeta> {
        self.policies
            .iter()
            .filter(|p| p.is_valid())
            .map(|p| p.meta.clone())
            .collect()
    }

    /// Number of dpalint files parsed.
    pub fn file_count(&self) -> usize {
        self.parsed().count()
    }

    /// Files named on the command line or under a named directory.
    pub fn named_files(&self) -> Vec<FileId> {
        self.files
            .iter()
            .filter(|f| f.reported)
            .map(|f| f.id)
            .collect()
    }

    /// The files whose findings are reported when files were named on the
    /// command line (the rest is context), or `None` when all are.
    pub fn reported_files(&self) -> Option<Vec<FileId>> {
        self.explicit_files.then(|| self.named_files())
    }

    /// Every input diagnostic (file system, syntax, schema, merge, policy
    /// definitions), in pipeline order.
    pub fn input_diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = self.walk_problems.clone();
        out.extend(self.files.iter().filter_map(|f| match &f.state {
            FileState::Problem(d) => Some(d.clone()),
            FileState::Parsed(_) | FileState::Terraform(_) => None,
        }));
        for (_, p) in self.parsed() {
            out.extend(p.diagnostics.iter().cloned());
        }
        if self.config.infrastructure.enabled {
            for (_, t) in self.terraform() {
                out.extend(t.diagnostics.iter().cloned());
            }
            out.extend(self.infrastructure_diagnostics.iter().cloned());
        }
        out.extend(self.merge_diagnostics.iter().cloned());
        out.extend(self.policy_diagnostics.iter().cloned());
        out
    }
}

/// Parsed documents by (file, document index): YAML documents and Terraform
/// files (document 0), each able to locate a pointer.
pub type DocMap<'a> = HashMap<(FileId, usize), &'a (dyn Locate + Sync)>;
