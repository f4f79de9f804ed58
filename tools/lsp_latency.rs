//! Edit-to-diagnostics latency of `dpalint server` (docs/performance.md).
//!
//! ```sh
//! lsp-latency --bin target/profiling/dpalint --corpus target/bench-corpus/v1000 --edits 60
//! ```
//!
//! Starts the server in the corpus (made by gen-corpus), waits for the first
//! diagnostics of the whole workspace, opens the first vendor file and then,
//! `--edits` times, changes the country of its first vendor to a country name
//! and back (each edit adds or removes a DPA046 finding, so each one is
//! published). The latency of an edit is the time from writing `didChange` to
//! reading the `publishDiagnostics` of that file with the edit's version; the
//! next edit is sent only after that. Prints the median, the 90th percentile,
//! the maximum, the server's CPU time per edit (less sensitive to other load on
//! the machine than the wall time), and its resident memory (VmRSS, VmHWM).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a measuring tool fails loudly"
)]

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

fn send(stdin: &mut ChildStdin, v: &Value) {
    let body = v.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
}

fn read(r: &mut dyn BufRead) -> Value {
    let mut length = 0;
    loop {
        let mut line = String::new();
        assert!(
            r.read_line(&mut line).unwrap() > 0,
            "the server closed its output"
        );
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    r.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

fn status_kib(pid: u32, field: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    text.lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
        .unwrap_or(0)
}

/// User + system CPU time of a process, in clock ticks (1/100 s on Linux).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which ends with the last ')'): utime is 14th, stime 15th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    field(11) + field(12)
}

fn main() {
    let mut bin = PathBuf::from("target/profiling/dpalint");
    let mut corpus = PathBuf::from("target/bench-corpus/v1000");
    let mut edits = 60usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next().expect("every option takes a value");
        match a.as_str() {
            "--bin" => bin = v.into(),
            "--corpus" => corpus = v.into(),
            "--edits" => edits = v.parse().unwrap(),
            _ => panic!("usage: lsp-latency --bin PATH --corpus DIR --edits N"),
        }
    }
    let corpus = std::fs::canonicalize(&corpus).unwrap();
    let bin = std::fs::canonicalize(&bin).expect("the server binary exists");
    let mut vendors: Vec<PathBuf> = std::fs::read_dir(corpus.join("privacy/vendors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    vendors.sort();
    let file = vendors
        .first()
        .expect("the corpus has vendor files")
        .clone();
    let text = std::fs::read_to_string(&file).unwrap();
    let uri = format!("file://{}", file.display());
    // The first `country:` value: its line and columns (ASCII).
    let (line, col, original) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            let at = l.find("country: ")?;
            Some((i, at + 9, l[at + 9..].to_owned()))
        })
        .expect("a vendor with a country");

    let mut child = Command::new(&bin)
        .arg("server")
        .current_dir(&corpus)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let started = Instant::now();
    send(
        &mut stdin,
        &json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": null, "rootUri": format!("file://{}", corpus.display()), "capabilities": {} } }),
    );
    while read(&mut out).get("id") != Some(&json!(1)) {}
    send(
        &mut stdin,
        &json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }),
    );
    send(
        &mut stdin,
        &json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": { "uri": uri, "languageId": "yaml", "version": 0, "text": text } } }),
    );
    // The first full check publishes the workspace; wait for the open file's.
    loop {
        let m = read(&mut out);
        if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str() {
            break;
        }
    }
    let first = started.elapsed();

    let mut times: Vec<Duration> = Vec::with_capacity(edits);
    let ticks_before = cpu_ticks(pid);
    let mut current = original.clone();
    for version in 1..=edits {
        let next = if version % 2 == 1 {
            "Germany".to_owned()
        } else {
            original.clone()
        };
        let change = json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": { "uri": uri, "version": version },
            "contentChanges": [{ "range": {
                "start": { "line": line, "character": col },
                "end": { "line": line, "character": col + current.len() } }, "text": next }] } });
        let t = Instant::now();
        send(&mut stdin, &change);
        loop {
            let m = read(&mut out);
            if m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && m["params"]["version"] == json!(version)
            {
                break;
            }
        }
        times.push(t.elapsed());
        current = next;
    }
    let cpu_ms = (cpu_ticks(pid) - ticks_before) as f64 * 10.0 / edits as f64;
    let rss = status_kib(pid, "VmRSS:");
    let hwm = status_kib(pid, "VmHWM:");
    send(
        &mut stdin,
        &json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null }),
    );
    send(
        &mut stdin,
        &json!({ "jsonrpc": "2.0", "method": "exit", "params": null }),
    );
    let _ = child.wait();

    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p = |q: f64| ms(times[((times.len() - 1) as f64 * q).round() as usize]);
    println!(
        "corpus: {} ({} vendor files)",
        corpus.display(),
        vendors.len()
    );
    println!("first diagnostics after start: {:.0} ms", ms(first));
    println!(
        "edit to diagnostics over {edits} edits: median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        p(0.5),
        p(0.9),
        ms(*times.last().unwrap())
    );
    println!("server CPU time per edit (user + system, all threads): {cpu_ms:.1} ms");
    println!(
        "server memory: VmRSS {:.1} MB, peak (VmHWM) {:.1} MB",
        rss as f64 / 1024.0,
        hwm as f64 / 1024.0
    );
}
