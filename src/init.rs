//! `dpalint init [DIR]`: a starter project that passes `dpalint check` without
//! findings (its vendor's DPA is encoded like the Commission's 2021/915 clauses;
//! its comments say what to replace).
//! Never overwrites: if any target file exists, nothing is written.

use std::io::Write;
use std::path::{Path, PathBuf};

/// (relative path, contents) of the starter project.
pub const FILES: &[(&str, &str)] = &[
    ("dpalint.toml", include_str!("init/dpalint.toml")),
    (
        "privacy/organisation.yaml",
        include_str!("init/organisation.yaml"),
    ),
    (
        "privacy/vendors/example-helpdesk.yaml",
        include_str!("init/vendor.yaml"),
    ),
];

/// The pre-commit snippet: written as `.pre-commit-config.yaml` when there is
/// none, printed otherwise. It pins the release of this binary.
pub fn pre_commit_config() -> String {
    include_str!("init/pre-commit-config.yaml").replace("{version}", env!("CARGO_PKG_VERSION"))
}

/// What `init` did.
pub struct Outcome {
    pub written: Vec<PathBuf>,
    /// Set when `.pre-commit-config.yaml` exists: the snippet to add by hand.
    pub pre_commit_snippet: Option<String>,
}

pub fn init(dir: &Path) -> Result<Outcome, String> {
    let existing: Vec<String> = FILES
        .iter()
        .filter(|(rel, _)| dir.join(rel).exists())
        .map(|(rel, _)| rel.to_string())
        .collect();
    if !existing.is_empty() {
        return Err(format!(
            "refusing to overwrite existing file(s) in {}: {}; nothing was written",
            dir.display(),
            existing.join(", ")
        ));
    }
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let path = dir.join(rel);
        create_new(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    let hook = dir.join(".pre-commit-config.yaml");
    let pre_commit = pre_commit_config();
    let pre_commit_snippet = if hook.exists() {
        Some(pre_commit)
    } else {
        create_new(&hook, &pre_commit)
            .map_err(|e| format!("cannot write {}: {e}", hook.display()))?;
        written.push(hook);
        None
    };
    Ok(Outcome {
        written,
        pre_commit_snippet,
    })
}

/// Create a file that must not exist yet (no race with a file created meanwhile).
fn create_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}
