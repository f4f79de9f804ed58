//! `dpalint check --fix` and `--fix --diff` end to end, on a copy of
//! tests/fixtures/fix: what the diff shows, what is written (comments,
//! quoting and layout kept; only the fixed values change), what remains, and
//! that a second run fixes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers

mod common;

use std::path::Path;

fn copy(dir: &Path) {
    let src = common::fixtures().join("fix");
    for rel in [
        "dpalint.toml",
        "privacy/vendors.yaml",
        "privacy/activities.yaml",
    ] {
        let to = dir.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(src.join(rel), to).unwrap();
    }
}

fn texts(dir: &Path) -> String {
    ["privacy/vendors.yaml", "privacy/activities.yaml"]
        .iter()
        .map(|rel| {
            format!(
                "=== {rel}\n{}",
                std::fs::read_to_string(dir.join(rel)).unwrap()
            )
        })
        .collect()
}

#[test]
fn diff_shows_the_fixes_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy(dir.path());
    let before = texts(dir.path());
    insta::assert_snapshot!(
        "diff",
        common::run(dir.path(), &["check", "--fix", "--diff"])
    );
    assert_eq!(texts(dir.path()), before, "--diff wrote a file");
}

#[test]
fn fix_writes_the_fixes_once() {
    let dir = tempfile::tempdir().unwrap();
    copy(dir.path());
    let out = common::run(dir.path(), &["check", "--fix", "--format", "concise"]);
    insta::assert_snapshot!("fixed_output", out);
    insta::assert_snapshot!("fixed_files", texts(dir.path()));
    // Idempotent: nothing left to fix, nothing written.
    let after = texts(dir.path());
    let again = common::run(dir.path(), &["check", "--fix", "--format", "concise"]);
    assert!(again.contains("dpalint: nothing to fix"), "{again}");
    assert_eq!(texts(dir.path()), after);
    let diff = common::run(dir.path(), &["check", "--fix", "--diff"]);
    assert!(
        diff.starts_with("exit: 0\n--- stdout\n--- stderr\n"),
        "{diff}"
    );
}

#[cfg(unix)]
#[test]
fn fix_keeps_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    copy(dir.path());
    let file = dir.path().join("privacy/vendors.yaml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    common::run(dir.path(), &["check", "--fix"]);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("country: 'DE'")
    );
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o640
    );
}
