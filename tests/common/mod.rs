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
