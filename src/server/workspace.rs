//! The server's state: the loaded project, the editor's open buffers (their
//! unsaved texts replace the files on disk), the settings, and the last check.
//!
//! Edits are cheap: a buffer change only records the new text. Before a
//! check or a request that reads the project, [`Workspace::sync`] hands each
//! changed buffer to [`Project::set_text`] (that file alone is parsed again)
//! or takes it out of the project when it is no longer a dpalint file.

use crate::check::{self, Report, RuleArgs, Selection};
use crate::config::{self, Config};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Date;
use crate::project::discover::{self, Filters};
use crate::project::{Fatal, Project, Request, resolve_config};
use crate::source::{FileId, SourceFile, Span};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Settings from `initializationOptions` or `workspace/configuration`
/// (section `dpalint`); every key optional.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    /// Config file (relative to the workspace folder) instead of searching for dpalint.toml.
    pub config: Option<PathBuf>,
    /// Evaluation date (YYYY-MM-DD) instead of the config's `as_of` or today.
    pub as_of: Option<String>,
    pub select: Vec<String>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    /// Rule id or name -> error | warning | info | off.
    pub severity: BTreeMap<String, String>,
    /// Wait this long after the last change before checking (default 5 ms).
    pub debounce_ms: Option<u64>,
}

impl Settings {
    /// Read settings from a JSON value: the settings themselves or `{ "dpalint": … }`.
    pub fn from_json(value: &serde_json::Value) -> Result<Settings, String> {
        let inner = value.get("dpalint").unwrap_or(value);
        if inner.is_null() {
            return Ok(Settings::default());
        }
        serde_json::from_value(inner.clone()).map_err(|e| format!("invalid dpalint settings: {e}"))
    }
}

/// A buffer the editor has open.
pub struct OpenDoc {
    pub text: String,
    pub version: i32,
}

pub struct Workspace {
    /// The folder the editor opened.
    pub folder: PathBuf,
    pub settings: Settings,
    pub project: Project,
    pub selection: Selection,
    /// dpalint.toml's include/exclude (`None`: every YAML file).
    filters: Option<Filters>,
    /// Open buffers by display path (relative to the project root).
    pub open: HashMap<String, OpenDoc>,
    /// Buffers changed since the last sync.
    dirty: BTreeSet<String>,
    /// Buffers over `max_file_size`: path -> size (reported, not parsed).
    pub too_large: BTreeMap<String, usize>,
    /// Problems of dpalint.toml or the settings, shown on dpalint.toml and as a message.
    pub config_problems: Option<(PathBuf, SourceFile, Vec<Diagnostic>)>,
    /// Messages for the user (settings that name no rule, a config that does not load).
    pub messages: Vec<String>,
    /// The last check and what it was made from.
    pub report: Option<Report>,
}

impl Workspace {
    /// Load the project of `folder` from disk with `settings`.
    pub fn load(folder: PathBuf, settings: Settings) -> Workspace {
        let mut ws = Workspace {
            folder,
            settings,
            project: Project::from_inputs(Vec::new(), Config::default()),
            selection: Selection::all(),
            filters: None,
            open: HashMap::new(),
            dirty: BTreeSet::new(),
            too_large: BTreeMap::new(),
            config_problems: None,
            messages: Vec::new(),
            report: None,
        };
        ws.reload();
        ws
    }

    /// Load everything again from disk (dpalint.toml or the settings changed),
    /// then apply the open buffers.
    pub fn reload(&mut self) {
        self.config_problems = None;
        self.report = None;
        let req = Request {
            paths: Vec::new(),
            cwd: self.folder.clone(),
            config: self.settings.config.clone(),
            skip_unmarked: false,
            terraform_plan: None,
        };
        let (root, loaded) = match resolve_config(&req) {
            Ok(ok) => ok,
            Err(fatal) => {
                let root = self.folder.clone();
                match fatal {
                    Fatal::Config { file, diagnostics } => {
                        let path = config::find_config(&self.folder)
                            .unwrap_or_else(|| self.folder.join(config::CONFIG_FILE));
                        self.messages.push(format!(
                            "{} has {} problem(s); checking with the default configuration until they are fixed",
                            file.path,
                            diagnostics.len()
                        ));
                        self.config_problems = Some((path, file, diagnostics));
                    }
                    Fatal::Usage(m) => self.messages.push(m),
                }
                (root, config::LoadedConfig::default())
            }
        };
        self.selection = self.select(&loaded.config);
        self.filters = Filters::new(&loaded.config.include, &loaded.config.exclude).ok();
        let req = Request {
            paths: Vec::new(),
            cwd: root.clone(),
            config: None,
            skip_unmarked: false,
            terraform_plan: None,
        };
        self.project = match Project::load_configured(&req, root.clone(), loaded) {
            Ok(p) => p,
            Err(e) => {
                self.messages.push(e.to_string());
                let mut p = Project::from_inputs(Vec::new(), Config::default());
                p.root = root;
                p
            }
        };
        self.too_large.clear();
        self.dirty = self.open.keys().cloned().collect();
    }

    fn select(&mut self, cfg: &Config) -> Selection {
        let s = &self.settings;
        let args = RuleArgs {
            select: s.select.clone(),
            extend_select: s.extend_select.clone(),
            ignore: s.ignore.clone(),
            severity: s
                .severity
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        };
        check::select_rules(&args, cfg).unwrap_or_else(|e| {
            self.messages
                .push(format!("rule selection in the settings: {e}"));
            check::select_rules(&RuleArgs::default(), cfg).unwrap_or_else(|_| Selection::all())
        })
    }

    /// The display path of a file (relative to the project root, `/` separators).
    pub fn display(&self, path: &Path) -> String {
        discover::display_path(path, &self.project.root)
    }

    /// The absolute path of a display path.
    pub fn absolute(&self, display: &str) -> PathBuf {
        self.project.root.join(display)
    }

    /// Whether a path can be a dpalint file of this project (YAML, not excluded).
    pub fn accepts(&self, path: &Path) -> bool {
        let rel = path.strip_prefix(&self.project.root).unwrap_or(path);
        discover::is_yaml_name(path) && self.filters.as_ref().is_none_or(|f| f.accepts(rel))
    }

    /// Record a buffer's text; the project sees it at the next [`Workspace::sync`].
    pub fn set_buffer(&mut self, display: String, text: String, version: i32) {
        self.dirty.insert(display.clone());
        self.open.insert(display, OpenDoc { text, version });
    }

    pub fn has_pending(&self) -> bool {
        !self.dirty.is_empty()
    }

    /// A closed buffer: the file on disk counts again.
    pub fn close(&mut self, display: &str) {
        self.open.remove(display);
        self.dirty.remove(display);
        let text = std::fs::read_to_string(self.absolute(display)).ok();
        self.apply(display, text);
    }

    /// A file changed on disk (a watcher event): read it unless it is open.
    pub fn disk_changed(&mut self, display: &str) {
        if !self.open.contains_key(display) {
            let text = std::fs::read_to_string(self.absolute(display)).ok();
            self.apply(display, text);
        }
    }

    /// Hand the changed buffers to the project.
    pub fn sync(&mut self) {
        for display in std::mem::take(&mut self.dirty) {
            let text = self.open.get(&display).map(|d| d.text.clone());
            self.apply(&display, text);
        }
    }

    /// Make `text` the content of `display` in the project, or take the file
    /// out when it is gone, too large, excluded or not a dpalint file.
    fn apply(&mut self, display: &str, text: Option<String>) {
        self.report = None;
        self.too_large.remove(display);
        let accepted = self.accepts(&self.absolute(display));
        match text {
            Some(t) if accepted && t.len() as u64 > self.project.config.max_file_size => {
                if discover::has_marker(&t.as_bytes()[..t.len().min(64 * 1024)]) {
                    self.too_large.insert(display.to_owned(), t.len());
                }
                self.project.remove(display);
            }
            Some(t) if accepted && discover::has_marker(t.as_bytes()) => {
                self.project.set_text(display, Arc::from(t));
            }
            _ => {
                self.project.remove(display);
            }
        }
    }

    /// The evaluation date: the settings', the config's, else today (UTC).
    pub fn as_of(&self) -> Date {
        self.settings
            .as_of
            .as_deref()
            .and_then(Date::parse)
            .or(self.project.config_as_of)
            .unwrap_or_else(Date::today_utc)
    }

    /// Sync, then check the project (kept as [`Workspace::report`]).
    pub fn check(&mut self) -> &Report {
        self.sync();
        let as_of = self.as_of();
        let report = check::check(&self.project, &self.selection, as_of).unwrap_or_else(|e| {
            self.messages.push(e);
            check::check(&self.project, &Selection::all(), as_of).unwrap_or_else(|_| Report {
                sources: crate::source::SourceMap::default(),
                diagnostics: Vec::new(),
                files: 0,
                as_of,
                root: self.project.root.clone(),
                baseline_unmatched: None,
                policies: Vec::new(),
            })
        });
        self.report.insert(report)
    }

    /// A parsed file of the project by display path.
    pub fn file(&self, display: &str) -> Option<(FileId, &crate::project::ParsedFile)> {
        let sources = self.project.sources();
        self.project
            .parsed()
            .find(|(id, _)| sources.get(*id).path == display)
    }

    /// The diagnostic of a buffer over `max_file_size`.
    pub fn too_large_diagnostic(&self, size: usize) -> Diagnostic {
        let max = self.project.config.max_file_size;
        Diagnostic::input(
            Code::TooLarge,
            FileId(0),
            Span::default(),
            format!(
                "file is {size} bytes, larger than the limit of {max} bytes; it was not parsed"
            ),
        )
        .with_help(
            "split the inventory into several files, or raise `max_file_size` in dpalint.toml",
        )
    }
}
