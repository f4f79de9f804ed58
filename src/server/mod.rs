//! `dpalint server`: the Language Server Protocol over stdio.
//!
//! A stage after `check` and `report`: it loads the workspace once as a
//! [`Project`](crate::project::Project), keeps it, replaces the texts of the
//! buffers the editor changes ([`workspace`]), checks the whole project after
//! each burst of edits and publishes diagnostics for every dpalint file, and
//! answers hover, definition, references, symbols, completion and code
//! actions from the parsed trees ([`navigate`], [`assist`]).
//!
//! One thread owns the state and handles messages in order; a reader thread
//! frames stdin ([`transport`]). Checks are debounced: changes that arrive
//! while a check runs or within the debounce window are applied together, and
//! a check whose result is already outdated by queued edits is not published
//! (at most once in a row, so a client that never pauses still sees results).
//! A request that panics is answered with an error and the server goes on.

mod assist;
pub mod convert;
pub mod cursor;
mod navigate;
mod notify;
mod publish;
pub mod transport;
mod workspace;

use convert::Encoding;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use serde_json::Value;
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};
use transport::Incoming;
pub use workspace::{Settings, Workspace};

/// The command of the "explain this rule" code action.
pub const EXPLAIN_COMMAND: &str = "dpalint.explain";

/// Run the server on stdin/stdout until the client sends `exit`.
pub fn run() -> Result<(), String> {
    let rx = transport::spawn_stdin_reader();
    let mut out = std::io::stdout();
    serve(&rx, &mut out)
}

/// Serve the messages of `rx`, writing to `out`.
pub fn serve(rx: &Receiver<Incoming>, out: &mut dyn Write) -> Result<(), String> {
    // Until `initialize`: every other request is refused, notifications dropped.
    let (id, params) = loop {
        match rx.recv() {
            Err(_) => return Ok(()),
            Ok(Incoming::Malformed(e)) => {
                transport::write_parse_error(out, &e).map_err(|e| e.to_string())?;
            }
            Ok(Incoming::Message(Message::Request(r))) if r.method == "initialize" => {
                match serde_json::from_value::<lsp::InitializeParams>(r.params.clone()) {
                    Ok(p) => break (r.id, p),
                    Err(e) => send_error(out, r.id, ErrorCode::InvalidParams, e.to_string()),
                }
            }
            Ok(Incoming::Message(Message::Request(r))) => send_error(
                out,
                r.id,
                ErrorCode::ServerNotInitialized,
                "the server is not initialized yet".into(),
            ),
            Ok(Incoming::Message(Message::Notification(n))) if n.method == "exit" => return Ok(()),
            Ok(Incoming::Message(_)) => {}
        }
    };
    let mut server = Server::new(&params, out);
    let result = lsp::InitializeResult {
        capabilities: server.capabilities(),
        server_info: Some(lsp::ServerInfo {
            name: "dpalint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    server.send(Message::Response(Response::new_ok(id, result)));
    server.main_loop(rx);
    Ok(())
}

fn send_error(out: &mut dyn Write, id: RequestId, code: ErrorCode, message: String) {
    let _ = transport::write(
        out,
        &Message::Response(Response::new_err(id, code as i32, message)),
    );
}

/// What a message did to the state.
#[derive(PartialEq, Eq)]
enum Effect {
    None,
    /// Texts changed: a check is due.
    Changed,
    Exit,
}

struct Server<'o> {
    out: &'o mut dyn Write,
    ws: Workspace,
    enc: Encoding,
    /// Client capabilities we adapt to.
    pull_config: bool,
    watch_files: bool,
    show_document: bool,
    /// Requests we sent the client, by id: what the answer is for.
    pending: HashMap<RequestId, &'static str>,
    next_id: i32,
    shutdown: bool,
    /// When the first unchecked change arrived.
    due: Option<Instant>,
    skipped_last: bool,
    /// A hash of the diagnostics last published per URI.
    published: HashMap<String, u64>,
}

impl<'o> Server<'o> {
    fn new(params: &lsp::InitializeParams, out: &'o mut dyn Write) -> Server<'o> {
        let caps = &params.capabilities;
        let utf8 = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&lsp::PositionEncodingKind::UTF8));
        let ws_caps = caps.workspace.as_ref();
        let folder = workspace_folder(params);
        let mut messages = Vec::new();
        let settings = params
            .initialization_options
            .as_ref()
            .map(Settings::from_json)
            .transpose()
            .unwrap_or_else(|e| {
                messages.push(e);
                None
            })
            .unwrap_or_default();
        let mut ws = Workspace::load(folder, settings);
        ws.messages.extend(messages);
        Server {
            out,
            ws,
            enc: if utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
            pull_config: ws_caps.and_then(|w| w.configuration).unwrap_or(false),
            watch_files: ws_caps
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            show_document: caps
                .window
                .as_ref()
                .and_then(|w| w.show_document.as_ref())
                .is_some_and(|s| s.support),
            pending: HashMap::new(),
            next_id: 1,
            shutdown: false,
            due: Some(Instant::now()),
            skipped_last: false,
            published: HashMap::new(),
        }
    }

    fn capabilities(&self) -> lsp::ServerCapabilities {
        use lsp::*;
        ServerCapabilities {
            position_encoding: Some(match self.enc {
                Encoding::Utf8 => PositionEncodingKind::UTF8,
                Encoding::Utf16 => PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec![
                    " ".into(),
                    ":".into(),
                    "[".into(),
                    ",".into(),
                    "-".into(),
                ]),
                ..CompletionOptions::default()
            }),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: vec![EXPLAIN_COMMAND.into()],
                ..ExecuteCommandOptions::default()
            }),
            ..ServerCapabilities::default()
        }
    }

    fn send(&mut self, message: Message) {
        if let Err(e) = transport::write(self.out, &message) {
            transport::log(&format!("cannot write to the client: {e}"));
        }
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) {
        let n = Notification::new(method.into(), params);
        self.send(Message::Notification(n));
    }

    fn request(&mut self, method: &'static str, params: impl serde::Serialize) {
        let id = RequestId::from(self.next_id);
        self.next_id += 1;
        self.pending.insert(id.clone(), method);
        self.send(Message::Request(Request::new(id, method.into(), params)));
    }

    fn show_messages(&mut self) {
        for m in std::mem::take(&mut self.ws.messages) {
            transport::log(&m);
            self.notify(
                "window/showMessage",
                lsp::ShowMessageParams {
                    typ: lsp::MessageType::WARNING,
                    message: format!("dpalint: {m}"),
                },
            );
        }
    }

    fn debounce(&self) -> Duration {
        Duration::from_millis(self.ws.settings.debounce_ms.unwrap_or(5))
    }

    fn main_loop(&mut self, rx: &Receiver<Incoming>) {
        loop {
            let next = match self.due {
                Some(since) => {
                    let wait = (since + self.debounce()).saturating_duration_since(Instant::now());
                    match rx.recv_timeout(wait) {
                        Ok(m) => Some(m),
                        Err(RecvTimeoutError::Timeout) => None,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                None => match rx.recv() {
                    Ok(m) => Some(m),
                    Err(_) => return,
                },
            };
            match next {
                Some(m) => {
                    if self.handle(m) == Effect::Exit {
                        return;
                    }
                }
                None => {
                    if self.check_and_publish(rx) == Effect::Exit {
                        return;
                    }
                }
            }
        }
    }

    /// Check, take in what arrived meanwhile, publish unless superseded.
    fn check_and_publish(&mut self, rx: &Receiver<Incoming>) -> Effect {
        self.due = None;
        let report = guarded(|| {
            self.ws.check();
        });
        if let Err(e) = report {
            transport::log(&format!("check failed: {e}"));
        }
        let mut superseded = false;
        while let Ok(m) = rx.try_recv() {
            match self.handle(m) {
                Effect::Exit => return Effect::Exit,
                Effect::Changed => superseded = true,
                Effect::None => {}
            }
        }
        if superseded && !self.skipped_last {
            self.skipped_last = true;
            return Effect::None;
        }
        self.skipped_last = false;
        self.publish();
        self.show_messages();
        Effect::None
    }

    fn changed(&mut self) -> Effect {
        self.due.get_or_insert_with(Instant::now);
        Effect::Changed
    }

    fn handle(&mut self, incoming: Incoming) -> Effect {
        match incoming {
            Incoming::Malformed(e) => {
                transport::log(&e);
                let _ = transport::write_parse_error(self.out, &e);
                Effect::None
            }
            Incoming::Message(Message::Request(r)) => self.handle_request(r),
            Incoming::Message(Message::Notification(n)) => self.handle_notification(n),
            Incoming::Message(Message::Response(r)) => self.handle_response(r),
        }
    }

    fn handle_request(&mut self, r: Request) -> Effect {
        if r.method == "shutdown" {
            self.shutdown = true;
            self.send(Message::Response(Response::new_ok(r.id, Value::Null)));
            return Effect::None;
        }
        if self.shutdown {
            let e = Response::new_err(
                r.id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".into(),
            );
            self.send(Message::Response(e));
            return Effect::None;
        }
        let id = r.id.clone();
        let result = guarded(|| self.answer(&r));
        let response = match result {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(panic) => Response::new_err(id, ErrorCode::InternalError as i32, panic),
        };
        self.send(Message::Response(response));
        Effect::None
    }

    /// The result of a request, or an error code and message.
    fn answer(&mut self, r: &Request) -> Result<Value, (ErrorCode, String)> {
        fn params<P: serde::de::DeserializeOwned>(r: &Request) -> Result<P, (ErrorCode, String)> {
            serde_json::from_value(r.params.clone()).map_err(|e| {
                (
                    ErrorCode::InvalidParams,
                    format!("invalid params of {}: {e}", r.method),
                )
            })
        }
        let to = |v: Result<Value, serde_json::Error>| {
            v.map_err(|e| (ErrorCode::InternalError, e.to_string()))
        };
        match r.method.as_str() {
            "textDocument/hover" => {
                let p: lsp::HoverParams = params(r)?;
                self.fresh_report();
                to(serde_json::to_value(navigate::hover(
                    &self.ws,
                    &p.text_document_position_params,
                    self.enc,
                )))
            }
            "textDocument/definition" => {
                let p: lsp::GotoDefinitionParams = params(r)?;
                self.ws.sync();
                let found =
                    navigate::definition(&self.ws, &p.text_document_position_params, self.enc);
                to(serde_json::to_value(
                    found.map(lsp::GotoDefinitionResponse::Array),
                ))
            }
            "textDocument/references" => {
                let p: lsp::ReferenceParams = params(r)?;
                self.ws.sync();
                to(serde_json::to_value(navigate::references(
                    &self.ws, &p, self.enc,
                )))
            }
            "textDocument/documentSymbol" => {
                let p: lsp::DocumentSymbolParams = params(r)?;
                self.ws.sync();
                let symbols = navigate::symbols(&self.ws, &p.text_document.uri, self.enc);
                to(serde_json::to_value(
                    symbols.map(lsp::DocumentSymbolResponse::Nested),
                ))
            }
            "textDocument/completion" => {
                let p: lsp::CompletionParams = params(r)?;
                self.ws.sync();
                to(serde_json::to_value(assist::complete(
                    &self.ws,
                    &p.text_document_position,
                    self.enc,
                )))
            }
            "textDocument/codeAction" => {
                let p: lsp::CodeActionParams = params(r)?;
                self.fresh_report();
                to(serde_json::to_value(assist::code_actions(
                    &self.ws, &p, self.enc,
                )))
            }
            "workspace/executeCommand" => {
                let p: lsp::ExecuteCommandParams = params(r)?;
                self.execute(&p)
            }
            m => Err((
                ErrorCode::MethodNotFound,
                format!("dpalint server does not handle {m}"),
            )),
        }
    }

    /// Make sure the last report reflects every change (a request about
    /// findings right after an edit).
    fn fresh_report(&mut self) {
        if self.ws.has_pending() || self.ws.report.is_none() {
            self.ws.check();
            self.publish();
            self.due = None;
        }
    }

    fn execute(&mut self, p: &lsp::ExecuteCommandParams) -> Result<Value, (ErrorCode, String)> {
        if p.command != EXPLAIN_COMMAND {
            return Err((
                ErrorCode::InvalidParams,
                format!("unknown command {}", p.command),
            ));
        }
        let rule = p
            .arguments
            .first()
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let page = crate::explain::explain(&rule)
            .or_else(|e| {
                crate::explain::explain_in(&rule, &self.ws.project.policy_metas()).map_err(|_| e)
            })
            .map_err(|e| (ErrorCode::InvalidParams, e))?;
        match crate::report::sarif::rule_page(&rule).and_then(|u| u.parse::<lsp::Uri>().ok()) {
            Some(uri) if self.show_document => self.request(
                "window/showDocument",
                lsp::ShowDocumentParams {
                    uri,
                    external: Some(true),
                    take_focus: Some(true),
                    selection: None,
                },
            ),
            _ => self.notify(
                "window/showMessage",
                lsp::ShowMessageParams {
                    typ: lsp::MessageType::INFO,
                    message: page.clone(),
                },
            ),
        }
        Ok(Value::String(page))
    }

    /// The display path of a document the project may hold.
    fn display(&self, uri: &lsp::Uri) -> Option<String> {
        let path = convert::path_from_uri(uri)?;
        self.ws.accepts(&path).then(|| self.ws.display(&path))
    }

    /// Publish the last report: every file whose diagnostics changed, and an
    /// empty list for files whose findings are gone ([`publish`]).
    fn publish(&mut self) {
        let due = publish::due(&self.ws, self.enc, &mut self.published);
        for (uri, version, list) in due {
            self.publish_one(&uri, version, list);
        }
    }

    fn publish_one(&mut self, uri: &str, version: Option<i32>, diagnostics: Vec<lsp::Diagnostic>) {
        if let Ok(uri) = uri.parse::<lsp::Uri>() {
            self.notify(
                "textDocument/publishDiagnostics",
                lsp::PublishDiagnosticsParams {
                    uri,
                    diagnostics,
                    version,
                },
            );
        }
    }
}

fn is_config(uri: &lsp::Uri) -> bool {
    uri.as_str()
        .ends_with(&format!("/{}", crate::config::CONFIG_FILE))
}

/// The folder of the workspace: the first workspace folder, the root URI, or
/// the current directory.
fn workspace_folder(params: &lsp::InitializeParams) -> PathBuf {
    #[expect(
        deprecated,
        reason = "root_uri is what clients without workspace folders send"
    )]
    let root = params.root_uri.as_ref();
    params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| &f.uri)
        .or(root)
        .and_then(convert::path_from_uri)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default()
}

/// Run `f`, turning a panic into an error message (the state it leaves is
/// at worst a stale report; the next change rebuilds it).
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|p| {
        let what = p
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        transport::log(&format!("internal error: {what}"));
        format!("internal error in dpalint server: {what}")
    })
}
