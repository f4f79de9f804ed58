//! A minimal LSP client for the tests: runs `dpalint server` as an editor
//! does (stdin/stdout, `Content-Length` framing), sends requests and
//! notifications, and keeps the last diagnostics published for each file.
#![allow(dead_code, reason = "each test uses a different subset")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly"
)]

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

/// How long to wait for one message before the test fails (a hang guard,
/// not a speed requirement).
const GUARD: Duration = Duration::from_secs(120);

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// The workspace folder; URIs are shown relative to it.
    pub root: PathBuf,
    /// Last diagnostics per relative path.
    pub diagnostics: BTreeMap<String, Vec<Value>>,
    /// Other notifications and server requests, in order.
    pub received: Vec<Value>,
}

/// The `file://` URI of a path.
pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    /// Start the server in `root` and initialize it with `options`.
    pub fn start(root: &Path, options: Value) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dpalint"))
            .arg("server")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(m) = read_frame(&mut r) {
                if tx.send(m).is_err() {
                    return;
                }
            }
        });
        let mut c = Client {
            child,
            stdin,
            rx,
            next_id: 0,
            root: root.to_path_buf(),
            diagnostics: BTreeMap::new(),
            received: Vec::new(),
        };
        let init = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "capabilities": {},
                "initializationOptions": options,
            }),
        );
        c.notify("initialized", json!({}));
        (c, init)
    }

    /// The URI of a file of the workspace.
    pub fn uri(&self, rel: &str) -> String {
        uri(&self.root.join(rel))
    }

    /// Send raw bytes (for malformed input).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.send_raw(frame.as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Send a request and wait for its response (the whole response object).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let m = self.next();
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m;
            }
            self.take(m);
        }
    }

    /// Send a request and return its result (panics on an error response).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let r = self.request_raw(method, params);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    /// The next message from the server.
    pub fn next(&mut self) -> Value {
        match self.rx.recv_timeout(GUARD) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => panic!("no message from the server in {GUARD:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    fn take(&mut self, m: Value) {
        if m["method"] == "textDocument/publishDiagnostics" {
            let uri = m["params"]["uri"].as_str().unwrap();
            let rel = self.relative(uri);
            self.diagnostics
                .insert(rel, m["params"]["diagnostics"].as_array().unwrap().clone());
        } else {
            self.received.push(m);
        }
    }

    /// A URI relative to the root (or as is when outside it).
    pub fn relative(&self, uri: &str) -> String {
        let prefix = format!("{}/", self::uri(&self.root));
        uri.strip_prefix(&prefix).unwrap_or(uri).to_owned()
    }

    /// Read messages until `done` holds for the diagnostics.
    pub fn wait_until(&mut self, done: impl Fn(&BTreeMap<String, Vec<Value>>) -> bool) {
        while !done(&self.diagnostics) {
            let m = self.next();
            self.take(m);
        }
    }

    pub fn open(&mut self, rel: &str, text: &str) {
        let uri = self.uri(rel);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": text } }),
        );
    }

    /// Replace the text from `start` to `end` (line, UTF-16 column) in a buffer.
    pub fn edit(
        &mut self,
        rel: &str,
        version: i32,
        start: (u32, u32),
        end: (u32, u32),
        text: &str,
    ) {
        let uri = self.uri(rel);
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{
                    "range": {
                        "start": { "line": start.0, "character": start.1 },
                        "end": { "line": end.0, "character": end.1 },
                    },
                    "text": text,
                }],
            }),
        );
    }

    /// A request at a position of a file.
    pub fn at(&mut self, method: &str, rel: &str, line: u32, character: u32) -> Value {
        let uri = self.uri(rel);
        let mut params = json!({
            "textDocument": { "uri": uri },
            "position": { "line": line, "character": character },
        });
        if method == "textDocument/references" {
            params["context"] = json!({ "includeDeclaration": true });
        }
        self.request(method, params)
    }

    /// The diagnostics of a file as lines `line:col CODE severity message`.
    pub fn summary(&self, rel: &str) -> String {
        let mut out = String::new();
        for d in self.diagnostics.get(rel).into_iter().flatten() {
            let s = &d["range"]["start"];
            let first = d["message"]
                .as_str()
                .unwrap()
                .lines()
                .next()
                .unwrap_or_default();
            out.push_str(&format!(
                "{}:{} {} {} {}\n",
                s["line"],
                s["character"],
                d["code"].as_str().unwrap(),
                d["severity"],
                first
            ));
        }
        out
    }

    /// Rewrite absolute URIs in a JSON value as relative paths.
    pub fn relativise(&self, v: &Value) -> Value {
        let prefix = format!("{}/", uri(&self.root));
        let text = v.to_string().replace(&prefix, "");
        serde_json::from_str(&text).unwrap()
    }

    /// `shutdown` then `exit`; the exit status of the server.
    pub fn shutdown(mut self) -> Option<i32> {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.child.wait().unwrap().code()
    }
}

fn read_frame(r: &mut dyn BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}
