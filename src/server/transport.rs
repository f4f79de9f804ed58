//! LSP base protocol over stdio: `Content-Length` framing, JSON-RPC messages.
//!
//! `lsp-server` provides the message types; the framing is ours because its
//! stdio reader ends the connection on the first malformed message and
//! allocates whatever `Content-Length` claims. Here a message that is not
//! JSON-RPC is answered with a parse error and the next one is read; a body
//! larger than [`MAX_MESSAGE`] is skipped in chunks (never held in memory)
//! and answered the same way. Only the end of stdin ends the reader.

use lsp_server::Message;
use std::io::{self, BufRead, Read, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// Largest message body read (a 100 MB buffer sent in full, JSON-escaped, fits).
pub const MAX_MESSAGE: usize = 512 * 1024 * 1024;

/// What the reader thread passes on.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A message that could not be read as JSON-RPC; answered with this error.
    Malformed(String),
}

/// Start the reader thread on stdin. Messages queue in a bounded channel
/// (read ahead, so queued edits can be coalesced; bounded, so a client that
/// floods the server cannot exhaust memory).
pub fn spawn_stdin_reader() -> Receiver<Incoming> {
    let (tx, rx) = sync_channel(256);
    let spawned = std::thread::Builder::new()
        .name("dpalint-lsp-reader".into())
        .spawn(move || {
            let stdin = io::stdin();
            let mut input = io::BufReader::with_capacity(1 << 16, stdin.lock());
            read_all(&mut input, &tx);
        });
    if let Err(e) = spawned {
        // No reader means no client: the receiver reports a closed channel.
        log(&format!("cannot start the reader thread: {e}"));
    }
    rx
}

/// Read messages until the input ends or the receiver is gone.
pub fn read_all(input: &mut dyn BufRead, tx: &SyncSender<Incoming>) {
    loop {
        let incoming = match read_message(input) {
            Ok(Some(m)) => m,
            Ok(None) => return,
            Err(e) => {
                log(&format!("cannot read from the client: {e}"));
                return;
            }
        };
        let is_exit =
            matches!(&incoming, Incoming::Message(Message::Notification(n)) if n.method == "exit");
        if tx.send(incoming).is_err() || is_exit {
            return;
        }
    }
}

/// One framed message; `Ok(None)` at the end of the input. I/O errors end the
/// stream; anything wrong with one message is an [`Incoming::Malformed`].
fn read_message(input: &mut dyn BufRead) -> io::Result<Option<Incoming>> {
    let mut length: Option<usize> = None;
    let mut bad_header = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.take(8192).read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_some() || bad_header.is_some() {
                break;
            }
            // Stray blank lines between messages.
            continue;
        }
        match header.split_once(':') {
            Some((name, value)) if name.eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => {
                        bad_header = Some(format!("invalid Content-Length `{}`", value.trim()))
                    }
                }
            }
            Some(_) => {}
            None => bad_header = Some(format!("malformed header line `{header}`")),
        }
    }
    let Some(length) = length else {
        return Ok(Some(Incoming::Malformed(
            bad_header.unwrap_or_else(|| "message without Content-Length".into()),
        )));
    };
    if length > MAX_MESSAGE {
        io::copy(&mut input.take(length as u64), &mut io::sink())?;
        return Ok(Some(Incoming::Malformed(format!(
            "message of {length} bytes is larger than the limit of {MAX_MESSAGE} bytes; it was skipped"
        ))));
    }
    let mut body = Vec::new();
    input.take(length as u64).read_to_end(&mut body)?;
    if body.len() < length {
        return Ok(None);
    }
    if let Some(problem) = bad_header {
        return Ok(Some(Incoming::Malformed(problem)));
    }
    Ok(Some(match serde_json::from_slice::<Message>(&body) {
        Ok(m) => Incoming::Message(m),
        Err(e) => Incoming::Malformed(format!("not a JSON-RPC message: {e}")),
    }))
}

/// Write one message to `out`.
pub fn write(out: &mut dyn Write, message: &Message) -> io::Result<()> {
    let mut w = io::BufWriter::new(out);
    message.write(&mut w)?;
    w.flush()
}

/// The error response to a message that could not be read (JSON-RPC: id null).
pub fn write_parse_error(out: &mut dyn Write, message: &str) -> io::Result<()> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": -32700, "message": message },
    })
    .to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

/// A line on stderr, which LSP clients show in their log.
pub fn log(message: &str) {
    let _ = writeln!(io::stderr(), "dpalint server: {message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<String> {
        let (tx, rx) = sync_channel(64);
        read_all(&mut io::Cursor::new(text.as_bytes().to_vec()), &tx);
        drop(tx);
        rx.iter()
            .map(|m| match m {
                Incoming::Message(Message::Request(r)) => format!("request {}", r.method),
                Incoming::Message(Message::Notification(n)) => format!("notification {}", n.method),
                Incoming::Message(Message::Response(_)) => "response".into(),
                Incoming::Malformed(e) => format!("malformed: {e}"),
            })
            .collect()
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn malformed_messages_do_not_end_the_stream() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let text = [
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":2}"#),
            "Content-Length: x\r\n\r\n".to_string(),
            frame(good),
            format!("Content-Length: {}\r\n\r\n", MAX_MESSAGE + 1),
        ]
        .concat();
        let got = read(&text);
        assert_eq!(got.len(), 5, "{got:?}");
        assert!(got[0].starts_with("malformed: not a JSON-RPC message"));
        assert!(got[1].starts_with("malformed: not a JSON-RPC message"));
        assert_eq!(got[2], "malformed: invalid Content-Length `x`");
        assert_eq!(got[3], "request shutdown");
        assert!(got[4].contains("larger than the limit"), "{}", got[4]);
    }
}
