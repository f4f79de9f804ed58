//! Notifications and responses from the client: document sync, saved and
//! watched files, settings (`initializationOptions`, `workspace/configuration`).

use super::{Effect, Server, Settings, convert, is_config, transport};
use lsp_server::{Notification, Response};
use lsp_types as lsp;
use serde_json::Value;

impl Server<'_> {
    pub(super) fn handle_notification(&mut self, n: Notification) -> Effect {
        fn params<P: serde::de::DeserializeOwned>(n: &Notification) -> Option<P> {
            match serde_json::from_value(n.params.clone()) {
                Ok(p) => Some(p),
                Err(e) => {
                    transport::log(&format!("ignored {} with invalid params: {e}", n.method));
                    None
                }
            }
        }
        match n.method.as_str() {
            "exit" => return Effect::Exit,
            "initialized" => {
                self.register_watchers();
                if self.pull_config {
                    self.request_configuration();
                }
                self.show_messages();
            }
            "textDocument/didOpen" => {
                if let Some(p) = params::<lsp::DidOpenTextDocumentParams>(&n)
                    && let Some(display) = self.display(&p.text_document.uri)
                {
                    self.ws
                        .set_buffer(display, p.text_document.text, p.text_document.version);
                    return self.changed();
                }
            }
            "textDocument/didChange" => {
                if let Some(p) = params::<lsp::DidChangeTextDocumentParams>(&n)
                    && let Some(display) = self.display(&p.text_document.uri)
                {
                    let mut text = self
                        .ws
                        .open
                        .get(&display)
                        .map(|d| d.text.clone())
                        .unwrap_or_default();
                    for c in p.content_changes {
                        match c.range {
                            Some(range) => {
                                convert::apply_change(&mut text, range, &c.text, self.enc)
                            }
                            None => text = c.text,
                        }
                    }
                    self.ws.set_buffer(display, text, p.text_document.version);
                    return self.changed();
                }
            }
            "textDocument/didClose" => {
                if let Some(p) = params::<lsp::DidCloseTextDocumentParams>(&n)
                    && let Some(display) = self.display(&p.text_document.uri)
                {
                    self.ws.close(&display);
                    return self.changed();
                }
            }
            "textDocument/didSave" => {
                if let Some(p) = params::<lsp::DidSaveTextDocumentParams>(&n)
                    && is_config(&p.text_document.uri)
                {
                    self.ws.reload();
                    return self.changed();
                }
            }
            "workspace/didChangeWatchedFiles" => {
                if let Some(p) = params::<lsp::DidChangeWatchedFilesParams>(&n) {
                    if p.changes.iter().any(|c| is_config(&c.uri)) {
                        self.ws.reload();
                    } else {
                        for c in &p.changes {
                            if let Some(display) = self.display(&c.uri) {
                                self.ws.disk_changed(&display);
                            }
                        }
                    }
                    return self.changed();
                }
            }
            "workspace/didChangeConfiguration" => {
                if self.pull_config {
                    self.request_configuration();
                } else if let Some(p) = params::<lsp::DidChangeConfigurationParams>(&n) {
                    return self.apply_settings(&p.settings);
                }
            }
            _ => {}
        }
        Effect::None
    }

    pub(super) fn handle_response(&mut self, r: Response) -> Effect {
        let Some(method) = self.pending.remove(&r.id) else {
            return Effect::None;
        };
        match (method, r.response_result.ok()) {
            ("workspace/configuration", Some(Value::Array(items))) => match items.first() {
                Some(v) if !v.is_null() => self.apply_settings(v),
                _ => Effect::None,
            },
            _ => Effect::None,
        }
    }

    pub(super) fn apply_settings(&mut self, value: &Value) -> Effect {
        match Settings::from_json(value) {
            Ok(s) if s != self.ws.settings => {
                self.ws.settings = s;
                self.ws.reload();
                self.changed()
            }
            Ok(_) => Effect::None,
            Err(e) => {
                self.ws.messages.push(e);
                self.show_messages();
                Effect::None
            }
        }
    }

    pub(super) fn request_configuration(&mut self) {
        self.request(
            "workspace/configuration",
            lsp::ConfigurationParams {
                items: vec![lsp::ConfigurationItem {
                    scope_uri: None,
                    section: Some("dpalint".into()),
                }],
            },
        );
    }

    pub(super) fn register_watchers(&mut self) {
        if !self.watch_files {
            return;
        }
        let watch = |glob: &str| lsp::FileSystemWatcher {
            glob_pattern: lsp::GlobPattern::String(glob.into()),
            kind: None,
        };
        let options = lsp::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![
                watch("**/dpalint.toml"),
                watch("**/*.yaml"),
                watch("**/*.yml"),
            ],
        };
        self.request(
            "client/registerCapability",
            lsp::RegistrationParams {
                registrations: vec![lsp::Registration {
                    id: "dpalint-watch".into(),
                    method: "workspace/didChangeWatchedFiles".into(),
                    register_options: serde_json::to_value(options).ok(),
                }],
            },
        );
    }
}
