//! Helpers shared by the end-to-end tests: run the `dpalint` binary the way a
//! user's terminal would (no colour, 100 columns) and capture what it prints.
#![allow(dead_code, reason = "each test crate uses a different subset")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a broken fixture"
)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The binary, run in `dir`, without colour and 100 columns wide.
pub fn dpalint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("dpalint").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env("COLUMNS", "100");
    cmd
}

/// Exit code, stdout and stderr, as one snapshot-ready text.
pub fn run(dir: &Path, args: &[&str]) -> String {
    let out = dpalint(dir).args(args).output().unwrap();
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Only the exit code.
pub fn exit_code(dir: &Path, args: &[&str]) -> i32 {
    dpalint(dir)
        .args(args)
        .output()
        .unwrap()
        .status
        .code()
        .unwrap()
}

/// Only stdout (must be UTF-8).
pub fn stdout(dir: &Path, args: &[&str]) -> String {
    let out = dpalint(dir).args(args).output().unwrap();
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

/// Copy every file under `from` into `to` (directories created as needed).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Lay a step of a fixture history over `dir`: its files are copied over the
/// tree, and the paths listed in its `.removed` file (one per line) deleted.
pub fn apply_step(dir: &Path, step: &Path) {
    let removed = step.join(".removed");
    if let Ok(list) = std::fs::read_to_string(&removed) {
        for path in list.lines().filter(|l| !l.trim().is_empty()) {
            std::fs::remove_file(dir.join(path.trim())).unwrap();
        }
    }
    copy_tree(step, dir);
    let _ = std::fs::remove_file(dir.join(".removed"));
}

/// Run git in `dir` with a fixed identity and dates: commit hashes are the
/// same on every machine.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "dpalint tests")
        .env("GIT_AUTHOR_EMAIL", "tests@dpalint.invalid")
        .env("GIT_COMMITTER_NAME", "dpalint tests")
        .env("GIT_COMMITTER_EMAIL", "tests@dpalint.invalid")
        .env("GIT_AUTHOR_DATE", "2026-11-20T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-11-20T12:00:00Z")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git is installed");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A git repository built from a fixture history: one commit per step
/// directory of `steps` (in order; see [`apply_step`]), each tagged with the
/// step's directory name, on branch `main`. The working tree is left at the
/// last step.
pub fn git_history(steps: &[PathBuf]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["config", "commit.gpgsign", "false"]);
    for step in steps {
        apply_step(root, step);
        let name = step.file_name().unwrap().to_string_lossy().to_string();
        git(root, &["add", "-A"]);
        git(root, &["commit", "-q", "--allow-empty", "-m", &name]);
        git(root, &["tag", &name]);
    }
    dir
}

/// The step directories of a fixture history (`tests/fixtures/diff/<case>/*`), sorted.
pub fn history_steps(case: &Path) -> Vec<PathBuf> {
    let mut steps: Vec<PathBuf> = std::fs::read_dir(case)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    steps.sort();
    steps
}
