//! Reading candidates: what each file is before anything parses it.
//!
//! A candidate is read once, in parallel with the others, and triaged: skipped
//! (not a dpalint file, a directory, a FIFO nobody named), a problem worth a
//! finding (unreadable, too large, binary, not UTF-8, no marker although named),
//! or the text of a dpalint file.

use super::discover;
use crate::diagnostic::Code;
use std::path::Path;
use std::sync::Arc;

/// One file after discovery, or an in-memory text (tests, fuzzing, an editor's
/// buffer, a file of a git revision).
#[derive(Debug)]
pub struct Input {
    /// Path relative to the project root, with `/` separators.
    pub display: String,
    /// Named on the command line (a missing marker is then an error).
    pub explicit: bool,
    /// Findings in this file are reported when the run names files (others are context).
    pub reported: bool,
    pub(crate) triage: Triage,
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

/// Phase-one result for a candidate: what to do with it.
#[derive(Debug)]
pub(crate) enum Triage {
    Skip,
    /// message, code, help
    Problem(String, Code, String),
    Text(Arc<str>),
}

pub(crate) fn triage(c: &discover::Candidate, max: u64, skip_unmarked: bool) -> Triage {
    let meta = match std::fs::metadata(&c.path) {
        Ok(m) => m,
        Err(e) => return io_problem(&e),
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
        if c.explicit || discover::is_terraform_name(&c.path) || discover::has_marker(&head) {
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
        Err(e) => return io_problem(&e),
    };
    triage_bytes(&c.path, bytes, c.explicit, skip_unmarked)
}

/// Triage a file's content (read from disk or from a git revision): binary,
/// Terraform, the `dpalint:` marker, UTF-8.
pub(crate) fn triage_bytes(
    path: &Path,
    bytes: Vec<u8>,
    explicit: bool,
    skip_unmarked: bool,
) -> Triage {
    let c = discover::Candidate {
        path: path.to_path_buf(),
        explicit,
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
    let terraform = discover::is_terraform_name(&c.path);
    if binary && terraform {
        return Triage::Problem(
            "binary content: this file is not text".into(),
            Code::Unreadable,
            "Terraform files are UTF-8 text; exclude this one under [infrastructure] in dpalint.toml".into(),
        );
    }
    if !terraform && !discover::has_marker(&bytes) {
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

/// Triage a listed file (a blob of a git revision) of `bytes`.
pub(crate) fn triage_listed(path: &Path, bytes: Vec<u8>, max: u64) -> Triage {
    if bytes.len() as u64 > max {
        if discover::is_terraform_name(path) || discover::has_marker(&bytes) {
            return Triage::Problem(
                format!(
                    "file is {} bytes, larger than the limit of {max} bytes; it was not parsed",
                    bytes.len()
                ),
                Code::TooLarge,
                "split the inventory into several files, or raise `max_file_size` in dpalint.toml"
                    .into(),
            );
        }
        return Triage::Skip;
    }
    triage_bytes(path, bytes, false, false)
}

fn read_head(path: &Path, n: usize) -> Vec<u8> {
    use std::io::Read;
    let mut buf = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(n as u64).read_to_end(&mut buf);
    }
    buf
}

fn io_problem(e: &std::io::Error) -> Triage {
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
    Triage::Problem(message, Code::Unreadable, help)
}
