//! Finding dpalint files: gitignore-aware walking, include/exclude globs and
//! the cheap textual marker check.
//!
//! A `*.yaml`/`*.yml` file is a dpalint file when a line starts with `dpalint:`
//! (after an optional BOM). That check is textual on purpose: a dpalint file
//! broken beyond parsing is still reported, and Kubernetes manifests or workflow
//! files are never parsed at all. Hidden directories such as `.github/` are
//! walked; `.git/` is not.

use super::Request;
use super::read::{self, Input};
use crate::config::Config;
use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A candidate file, and whether the user named it on the command line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub path: PathBuf,
    pub explicit: bool,
}

/// A path the walk could not enter or read.
#[derive(Clone, Debug)]
pub struct WalkProblem {
    pub path: PathBuf,
    pub message: String,
}

/// Include/exclude filters, relative to the project root.
#[derive(Clone)]
pub struct Filters {
    include: Option<GlobSet>,
    exclude: GlobSet,
    /// Terraform files are walked too: `[infrastructure]` include/exclude.
    terraform: Option<(Option<GlobSet>, GlobSet)>,
}

fn glob_set(globs: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        let glob = Glob::new(g).map_err(|e| format!("invalid glob `{g}`: {e}"))?;
        b.add(glob);
    }
    b.build().map_err(|e| e.to_string())
}

impl Filters {
    /// The filters of a configuration: include/exclude, and the Terraform
    /// globs when infrastructure checks are on.
    pub fn of_config(cfg: &Config) -> Result<Filters, String> {
        let filters = Filters::new(&cfg.include, &cfg.exclude)?;
        let infra = &cfg.infrastructure;
        if infra.enabled {
            filters.with_terraform(&infra.include, &infra.exclude)
        } else {
            Ok(filters)
        }
    }

    /// Whether a listed file (a path of a git tree, relative to the root) is
    /// a candidate: the walk's rules without a walk (excluded directories,
    /// `.terraform/`, include/exclude globs, YAML or Terraform names).
    pub fn accepts_listed(&self, rel: &str) -> bool {
        let path = Path::new(rel);
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            if d.file_name().is_some_and(|n| n == ".terraform") || self.excludes_dir(d) {
                return false;
            }
            dir = d.parent();
        }
        if is_yaml_name(path) {
            self.accepts(path)
        } else {
            is_terraform_name(path) && self.accepts_terraform(path)
        }
    }

    pub fn new(include: &[String], exclude: &[String]) -> Result<Filters, String> {
        let build = |globs: &[String]| -> Result<GlobSet, String> {
            let mut b = GlobSetBuilder::new();
            for g in globs {
                let glob = Glob::new(g).map_err(|e| format!("invalid glob `{g}`: {e}"))?;
                b.add(glob);
            }
            b.build().map_err(|e| e.to_string())
        };
        Ok(Filters {
            include: if include.is_empty() {
                None
            } else {
                Some(build(include)?)
            },
            exclude: build(exclude)?,
            terraform: None,
        })
    }

    /// Also select Terraform files (`[infrastructure]` include/exclude; the
    /// top-level `exclude` applies too, the top-level `include` does not).
    pub fn with_terraform(
        mut self,
        include: &[String],
        exclude: &[String],
    ) -> Result<Filters, String> {
        let include = if include.is_empty() {
            None
        } else {
            Some(glob_set(include)?)
        };
        self.terraform = Some((include, glob_set(exclude)?));
        Ok(self)
    }

    /// Whether a walked Terraform file (relative path) is selected.
    pub fn accepts_terraform(&self, rel: &Path) -> bool {
        let Some((include, exclude)) = &self.terraform else {
            return false;
        };
        !self.exclude.is_match(rel)
            && !exclude.is_match(rel)
            && include.as_ref().is_none_or(|i| i.is_match(rel))
    }

    /// Whether a walked file (relative path) is selected.
    pub fn accepts(&self, rel: &Path) -> bool {
        if self.exclude.is_match(rel) {
            return false;
        }
        match &self.include {
            Some(set) => set.is_match(rel),
            None => true,
        }
    }

    /// Whether a directory (relative path) is excluded as a whole.
    fn excludes_dir(&self, rel: &Path) -> bool {
        !rel.as_os_str().is_empty() && self.exclude.is_match(rel)
    }
}

/// A Terraform/OpenTofu file name (`*.tf`, `*.tf.json`, tfvars).
pub fn is_terraform_name(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(super::terraform::is_terraform)
}

pub fn is_yaml_name(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "YAML" | "YML")
    )
}

/// Whether the bytes carry a top-level `dpalint:` key at the start of a line.
pub fn has_marker(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    const KEYS: [&[u8]; 3] = [b"dpalint:", b"\"dpalint\":", b"'dpalint':"];
    if KEYS.iter().any(|k| bytes.starts_with(k)) {
        return true;
    }
    bytes
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[0] == b'\n')
        .any(|(i, _)| KEYS.iter().any(|k| bytes[i + 1..].starts_with(k)))
}

/// Walk `dir` and push every selected YAML file. `root` anchors the globs.
pub fn walk(
    dir: &Path,
    root: &Path,
    filters: &Filters,
    out: &mut Vec<Candidate>,
    problems: &mut Vec<WalkProblem>,
) {
    let root_owned = root.to_path_buf();
    let dir_filters = filters.clone();
    let excluded = move |p: &Path| {
        let rel = p.strip_prefix(&root_owned).unwrap_or(p);
        dir_filters.excludes_dir(rel)
    };
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .ignore(true)
        .parents(true)
        .follow_links(true)
        .sort_by_file_path(|a, b| a.cmp(b))
        .filter_entry(move |e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            // `.terraform/` holds downloaded providers and registry modules.
            !(is_dir
                && (e.file_name() == ".git" || e.file_name() == ".terraform" || excluded(e.path())))
        })
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                if !e.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                let selected = if is_yaml_name(e.path()) {
                    filters.accepts(rel)
                } else {
                    is_terraform_name(e.path()) && filters.accepts_terraform(rel)
                };
                if selected {
                    out.push(Candidate {
                        path: e.path().to_path_buf(),
                        explicit: false,
                    });
                }
            }
            Err(err) => problems.push(walk_problem(&err)),
        }
    }
}

fn walk_problem(err: &ignore::Error) -> WalkProblem {
    let mut path = None;
    let mut cur = err;
    let mut loop_child = None;
    loop {
        match cur {
            ignore::Error::WithPath { path: p, err } => {
                path.get_or_insert_with(|| p.clone());
                cur = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                cur = err
            }
            ignore::Error::Loop { child, .. } => {
                loop_child = Some(child.clone());
                break;
            }
            _ => break,
        }
    }
    match loop_child {
        Some(child) => WalkProblem {
            message: "symbolic link loop: this directory links back to one of its parents; it was not walked".into(),
            path: path.unwrap_or(child),
        },
        None => {
            let message = match cur {
                ignore::Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
                    "permission denied: this directory or file could not be read".to_string()
                }
                other => other.to_string(),
            };
            WalkProblem {
                path: path.unwrap_or_default(),
                message,
            }
        }
    }
}

/// The files of a request, triaged, in sorted display order; file-system
/// problems met on the walk (display path, message); and whether files were
/// named explicitly (then the rest of the project is context only).
pub(crate) struct Discovered {
    pub inputs: Vec<Input>,
    pub problems: Vec<(String, String)>,
    pub explicit_files: bool,
}

/// Walk the paths of `req` (the project root as well when files are named),
/// then read and triage every candidate in parallel.
pub(crate) fn discover(req: &Request, root: &Path, cfg: &Config) -> Result<Discovered, String> {
    let filters = Filters::of_config(cfg)?;
    let infra = &cfg.infrastructure;
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
            walk(&abs, root, &filters, &mut candidates, &mut problems);
        } else {
            let rel = abs.strip_prefix(root).unwrap_or(&abs);
            let wanted = if is_terraform_name(&abs) {
                infra.enabled && filters.accepts_terraform(rel)
            } else {
                filters.accepts(rel) && is_yaml_name(&abs)
            };
            if req.skip_unmarked && !wanted {
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
        walk(root, root, &filters, &mut candidates, &mut problems);
    }
    // One entry per file; an explicit mention wins.
    let keyed: Vec<(PathBuf, Candidate)> = candidates
        .into_par_iter()
        .map(|c| {
            let key = std::fs::canonicalize(&c.path).unwrap_or_else(|_| c.path.clone());
            (key, c)
        })
        .collect();
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

    // Read and triage in parallel.
    let inputs: Vec<Input> = candidates
        .into_par_iter()
        .map(|(display, c)| Input {
            triage: read::triage(&c, cfg.max_file_size, req.skip_unmarked),
            display,
            // Files under a named directory are reported too, not only named files.
            reported: c.explicit || named_dirs.iter().any(|d| c.path.starts_with(d)),
            explicit: c.explicit,
        })
        .collect();
    let problems = problems
        .into_iter()
        .map(|p| (display_path(&p.path, root), p.message))
        .collect();
    Ok(Discovered {
        inputs,
        problems,
        explicit_files,
    })
}

/// Triage listed files read from somewhere else than the file system (a git
/// revision): `(path relative to the root, content)`, already selected by
/// [`Filters::accepts_listed`]. Sorted by path, as a walk would be.
pub(crate) fn listed(mut files: Vec<(String, Vec<u8>)>, cfg: &Config) -> Vec<Input> {
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let max = cfg.max_file_size;
    files
        .into_par_iter()
        .map(|(display, bytes)| Input {
            triage: read::triage_listed(Path::new(&display), bytes, max),
            display,
            reported: false,
            explicit: false,
        })
        .collect()
}

/// `path` relative to `base`, with `/` separators and no leading `./`.
pub fn display_path(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_check() {
        assert!(has_marker(b"dpalint: 1\n"));
        assert!(has_marker(b"\xef\xbb\xbfdpalint: 1\r\n"));
        assert!(has_marker(b"# header\n---\ndpalint: 1\n"));
        assert!(!has_marker(b"apiVersion: v1\nkind: Pod\n"));
        assert!(
            !has_marker(b"  dpalint: 1\n"),
            "nested keys are not the marker"
        );
        assert!(!has_marker(b""));
    }

    #[test]
    fn filters() {
        let f = Filters::new(&["privacy/**".into()], &["**/drafts/**".into()]).unwrap();
        assert!(f.accepts(Path::new("privacy/vendors/a.yaml")));
        assert!(!f.accepts(Path::new("k8s/deploy.yaml")));
        assert!(!f.accepts(Path::new("privacy/drafts/a.yaml")));
    }
}
