//! Reading a git revision without checking it out, through the `git`
//! executable (docs/diff.md says why not a library): `ls-tree` lists the
//! files of a revision, one `cat-file --batch` process reads every selected
//! blob.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A git repository, addressed by its top-level directory.
pub struct Repo {
    toplevel: PathBuf,
}

/// One file of a revision's tree.
pub struct TreeFile {
    /// Path from the top of the repository, `/` separators.
    pub path: String,
    oid: String,
}

impl Repo {
    /// The repository `cwd` is in.
    pub fn discover(cwd: &Path) -> Result<Repo, String> {
        let out = run(cwd, &["rev-parse", "--show-toplevel"])?;
        if !out.status.success() {
            return Err(format!(
                "{} is not in a git repository ({}); dpalint diff compares git revisions, or two directories: `dpalint diff OLD_DIR NEW_DIR`",
                cwd.display(),
                first_line(&out.stderr)
            ));
        }
        let top = String::from_utf8_lossy(&out.stdout).trim_end().to_string();
        Ok(Repo {
            toplevel: PathBuf::from(top),
        })
    }

    pub fn toplevel(&self) -> &Path {
        &self.toplevel
    }

    fn git(&self, args: &[&str]) -> Result<std::process::Output, String> {
        run(&self.toplevel, args)
    }

    /// The commit `rev` names (full hash), or an error naming it.
    pub fn resolve(&self, rev: &str) -> Result<String, String> {
        let spec = format!("{rev}^{{commit}}");
        let out = self.git(&[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ])?;
        if !out.status.success() || rev.starts_with('-') {
            return Err(format!(
                "unknown revision `{rev}`: git knows no commit by this name (check the branch, tag or hash; in CI, fetch it first)"
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// The default branch to compare with: `origin/HEAD`, else `main`, else
    /// `master` (local or on origin).
    pub fn default_branch(&self) -> Result<String, String> {
        for name in [
            "origin/HEAD",
            "main",
            "origin/main",
            "master",
            "origin/master",
        ] {
            if self.resolve(name).is_ok() {
                return Ok(name.to_string());
            }
        }
        Err("no default branch to compare with: neither origin/HEAD, main nor master exists; name the base revision: `dpalint diff BASE`".into())
    }

    /// The merge base of two commits.
    pub fn merge_base(&self, a: &str, b: &str) -> Result<String, String> {
        let out = self.git(&["merge-base", a, b])?;
        if out.status.success() {
            return Ok(String::from_utf8_lossy(&out.stdout).trim().to_string());
        }
        if self.is_shallow() {
            return Err(format!(
                "no merge base of {a} and {b} in this shallow clone: fetch the whole history (actions/checkout with `fetch-depth: 0`, or `git fetch --unshallow`), or name the base revision"
            ));
        }
        Err(format!(
            "{a} and {b} have no common history (no merge base); name the base revision: `dpalint diff BASE`"
        ))
    }

    fn is_shallow(&self) -> bool {
        self.git(&["rev-parse", "--is-shallow-repository"])
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "true")
    }

    /// The regular files of `commit` under `prefix` (a directory from the top,
    /// empty for all), with their blob ids. Symbolic links and submodules are
    /// not files of the inventory.
    pub fn list(&self, commit: &str, prefix: &str) -> Result<Vec<TreeFile>, String> {
        let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", commit];
        if !prefix.is_empty() {
            args.extend(["--", prefix]);
        }
        let out = self.git(&args)?;
        if !out.status.success() {
            return Err(format!(
                "cannot list the files of {commit}: {}",
                first_line(&out.stderr)
            ));
        }
        let mut files = Vec::new();
        for entry in out.stdout.split(|&b| b == 0).filter(|e| !e.is_empty()) {
            // `<mode> SP <type> SP <oid> TAB <path>`
            let Some(tab) = entry.iter().position(|&b| b == b'\t') else {
                continue;
            };
            let meta = String::from_utf8_lossy(&entry[..tab]);
            let mut parts = meta.split(' ');
            let (Some(mode), Some("blob"), Some(oid)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if mode == "120000" {
                continue;
            }
            let Ok(path) = String::from_utf8(entry[tab + 1..].to_vec()) else {
                continue;
            };
            files.push(TreeFile {
                path,
                oid: oid.to_string(),
            });
        }
        Ok(files)
    }

    /// The content of `files`, read by one `git cat-file --batch`, in order.
    pub fn read(&self, files: Vec<TreeFile>) -> Result<Vec<(String, Vec<u8>)>, String> {
        if files.is_empty() {
            return Ok(Vec::new());
        }
        let mut child = Command::new("git")
            .current_dir(&self.toplevel)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| spawn_error(&e))?;
        let mut stdin = child.stdin.take().ok_or("git cat-file: no stdin")?;
        let request: String = files.iter().map(|f| format!("{}\n", f.oid)).collect();
        // Written on a thread: git answers while it reads, and both pipes are bounded.
        let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
        let stdout = child.stdout.take().ok_or("git cat-file: no stdout")?;
        let mut reader = BufReader::with_capacity(1 << 16, stdout);
        let mut out = Vec::with_capacity(files.len());
        let mut header = Vec::new();
        for f in files {
            header.clear();
            reader
                .read_until(b'\n', &mut header)
                .map_err(|e| format!("git cat-file: {e}"))?;
            let text = String::from_utf8_lossy(&header);
            let size = text
                .trim_end()
                .rsplit(' ')
                .next()
                .and_then(|s| s.parse::<usize>().ok())
                .filter(|_| !text.ends_with("missing\n"))
                .ok_or_else(|| {
                    format!("git cat-file could not read {}: {}", f.path, text.trim())
                })?;
            let mut content = vec![0; size + 1];
            reader
                .read_exact(&mut content)
                .map_err(|e| format!("git cat-file: {e}"))?;
            content.pop();
            out.push((f.path, content));
        }
        let _ = writer.join();
        let _ = child.wait();
        Ok(out)
    }

    /// One file of `commit` (`None` when it does not exist there).
    pub fn read_path(&self, commit: &str, path: &str) -> Result<Option<Vec<u8>>, String> {
        let files: Vec<TreeFile> = self
            .list(commit, path)?
            .into_iter()
            .filter(|f| f.path == path)
            .collect();
        Ok(self.read(files)?.pop().map(|(_, bytes)| bytes))
    }
}

fn run(dir: &Path, args: &[&str]) -> Result<std::process::Output, String> {
    Command::new("git")
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| spawn_error(&e))
}

fn spawn_error(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        "git is not installed (or not on PATH): dpalint diff reads revisions with git; install it, or compare two directories: `dpalint diff OLD_DIR NEW_DIR`".into()
    } else {
        format!("cannot run git: {e}")
    }
}

fn first_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let line = text.lines().next().unwrap_or("").trim();
    line.strip_prefix("fatal: ").unwrap_or(line).to_string()
}
