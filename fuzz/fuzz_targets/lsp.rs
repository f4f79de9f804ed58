//! Arbitrary bytes -> the language server's message handling.
//!
//! The input is split at NUL bytes into up to 32 pieces. A piece that starts
//! with `{` is framed as one message (`Content-Length` header + body); any
//! other piece goes to the reader as raw bytes, so broken headers, lengths
//! that lie and bodies that are not JSON-RPC are exercised too. The harness
//! sends `initialize` (workspace: four files of the saas-startup example,
//! written once under the system temp directory) and `initialized` first, and
//! a hover, `shutdown` and `exit` last, so every input also runs a full check.
//!
//! Checks: no panic anywhere in framing, dispatch, the incremental project
//! update, checking and the request handlers (the server catches panics per
//! request and answers with an error; libFuzzer's panic hook aborts first,
//! so a caught panic is still found), no hang (libFuzzer's `-timeout`), and
//! every message the server writes is framed with a correct length.
#![no_main]

use dpalint::server::serve;
use dpalint::server::transport::read_all;
use libfuzzer_sys::fuzz_target;
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::mpsc::sync_channel;

const FILES: [(&str, &str); 4] = [
    ("organisation.yaml", include_str!("../../examples/saas-startup/privacy/organisation.yaml")),
    ("vendors/heliodesk.yaml", include_str!("../../examples/saas-startup/privacy/vendors/heliodesk.yaml")),
    (
        "vendors/heliodesk-subprocessors.yaml",
        include_str!("../../examples/saas-startup/privacy/vendors/heliodesk-subprocessors.yaml"),
    ),
    ("activities/product.yaml", include_str!("../../examples/saas-startup/privacy/activities/product.yaml")),
];

/// The workspace folder. Seeds name files under `file:///tmp/dpalint-fuzz-lsp/`.
fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let root = PathBuf::from("/tmp/dpalint-fuzz-lsp");
        for (name, text) in FILES {
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().unwrap_or(&root)).unwrap_or(());
            std::fs::write(&path, text).unwrap_or(());
        }
        std::fs::write(root.join("dpalint.toml"), "as_of = \"2026-11-21\"\n").unwrap_or(());
        root
    })
}

fn frame(out: &mut Vec<u8>, body: &[u8]) {
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
}

/// Every message the server wrote is `Content-Length: N\r\n\r\n` + N bytes of JSON.
fn check_framing(mut out: &[u8]) {
    while !out.is_empty() {
        let header_end = out.windows(4).position(|w| w == b"\r\n\r\n").expect("header end");
        let header = std::str::from_utf8(&out[..header_end]).expect("ASCII header");
        let len: usize = header
            .strip_prefix("Content-Length: ")
            .expect("Content-Length header")
            .parse()
            .expect("a length");
        let body = &out[header_end + 4..header_end + 4 + len];
        serde_json_check(body);
        out = &out[header_end + 4 + len..];
    }
}

fn serde_json_check(body: &[u8]) {
    let text = std::str::from_utf8(body).expect("UTF-8 body");
    assert!(text.starts_with('{') && text.ends_with('}'), "not a JSON object: {text}");
}

fuzz_target!(|data: &[u8]| {
    let root = root();
    let mut input = Vec::new();
    let init = format!(
        r#"{{"jsonrpc":"2.0","id":0,"method":"initialize","params":{{"processId":null,"rootUri":"file://{}","capabilities":{{}}}}}}"#,
        root.display()
    );
    frame(&mut input, init.as_bytes());
    frame(&mut input, br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
    for piece in data.split(|b| *b == 0).take(32) {
        if piece.first() == Some(&b'{') {
            frame(&mut input, piece);
        } else {
            input.extend_from_slice(piece);
        }
    }
    let hover = format!(
        r#"{{"jsonrpc":"2.0","id":99999,"method":"textDocument/hover","params":{{"textDocument":{{"uri":"file://{}/vendors/heliodesk.yaml"}},"position":{{"line":3,"character":8}}}}}}"#,
        root.display()
    );
    frame(&mut input, hover.as_bytes());
    frame(&mut input, br#"{"jsonrpc":"2.0","id":100000,"method":"shutdown"}"#);
    frame(&mut input, br#"{"jsonrpc":"2.0","method":"exit"}"#);

    // All messages are queued before the server starts, as if the client
    // sent them in one burst (the reader stops at `exit` or the end).
    let (tx, rx) = sync_channel(1024);
    read_all(&mut Cursor::new(input), &tx);
    drop(tx);
    let mut out = Vec::new();
    serve(&rx, &mut out).expect("serve returns");
    check_framing(&out);
});
