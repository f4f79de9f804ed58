//! `dpalint server` end to end: a JSON-RPC client drives the real binary over
//! stdio through a session an editor would have: initialize, diagnostics of
//! the workspace, open buffers, edits that change other files' findings,
//! hover, definition, references, symbols, completion, code actions,
//! malformed input, shutdown.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers

mod lsp_client;

use lsp_client::Client;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lsp")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(fixture().join(rel)).unwrap()
}

const VENDORS: &str = "privacy/vendors.yaml";
const ACTIVITIES: &str = "privacy/activities.yaml";

fn has(c: &lsp_client::Client, rel: &str, code: &str) -> bool {
    c.diagnostics
        .get(rel)
        .is_some_and(|l| l.iter().any(|d| d["code"] == code))
}

/// Start on the fixture and wait for the first diagnostics of both files.
fn started() -> Client {
    let (mut c, init) = Client::start(&fixture(), json!({}));
    assert_eq!(init["serverInfo"]["name"], "dpalint");
    let caps = &init["capabilities"];
    for cap in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "documentSymbolProvider",
    ] {
        assert_eq!(caps[cap], true, "{cap}");
    }
    c.wait_until(|d| d.contains_key(VENDORS) && d.contains_key(ACTIVITIES));
    c
}

#[test]
fn diagnostics_follow_edits_across_files() {
    let mut c = started();
    // The workspace is checked from disk before anything is open; a YAML file
    // without the `dpalint: 1` marker gets nothing.
    assert!(!c.diagnostics.contains_key("notes.yaml"));
    insta::assert_snapshot!(
        "initial",
        format!(
            "{VENDORS}\n{}\n{ACTIVITIES}\n{}",
            c.summary(VENDORS),
            c.summary(ACTIVITIES)
        )
    );

    c.open(VENDORS, &read(VENDORS));
    c.open(ACTIVITIES, &read(ACTIVITIES));
    // Rename vendor `mandrill` to `mandril` in the unsaved buffer: the dangling
    // reference in the other file disappears.
    c.edit(VENDORS, 2, (8, 8), (8, 16), "mandril");
    c.wait_until(|d| {
        d.get(ACTIVITIES)
            .is_some_and(|l| !l.iter().any(|x| x["code"] == "DPA048"))
    });
    assert!(!has(&c, ACTIVITIES, "DPA048"));
    // And back: it appears again.
    c.edit(VENDORS, 3, (8, 8), (8, 15), "mandrill");
    c.wait_until(|d| {
        d.get(ACTIVITIES)
            .is_some_and(|l| l.iter().any(|x| x["code"] == "DPA048"))
    });
    // Rename the parent: `mandrill`'s parent dangles, in the same file.
    c.edit(VENDORS, 4, (2, 8), (2, 17), "mailchimp-eu");
    c.wait_until(|d| {
        d.get(VENDORS)
            .is_some_and(|l| l.iter().any(|x| x["code"] == "DPA048"))
    });
    c.wait_until(|d| {
        d.get(ACTIVITIES)
            .is_some_and(|l| l.iter().filter(|x| x["code"] == "DPA048").count() == 2)
    });
    insta::assert_snapshot!(
        "renamed",
        format!(
            "{VENDORS}\n{}\n{ACTIVITIES}\n{}",
            c.summary(VENDORS),
            c.summary(ACTIVITIES)
        )
    );

    // A buffer that does not parse: its syntax error, the other file still checked.
    c.edit(VENDORS, 5, (1, 0), (1, 8), "vendors: [");
    c.wait_until(|d| {
        d.get(VENDORS).is_some_and(|l| {
            l.iter()
                .any(|x| x["code"].as_str().unwrap().starts_with("DPL"))
        })
    });
    insta::assert_snapshot!(
        "unparsable",
        format!(
            "{VENDORS}\n{}\n{ACTIVITIES}\n{}",
            c.summary(VENDORS),
            c.summary(ACTIVITIES)
        )
    );

    // Closing the buffer: the file on disk counts again.
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": c.uri(VENDORS) } }),
    );
    c.wait_until(|d| {
        d.get(ACTIVITIES)
            .is_some_and(|l| l.iter().filter(|x| x["code"] == "DPA048").count() == 1)
    });
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn hover_definition_references_symbols() {
    let mut c = started();
    c.open(VENDORS, &read(VENDORS));
    c.open(ACTIVITIES, &read(ACTIVITIES));
    // On a reference: the vendor it names.
    let on_id = c.at("textDocument/hover", ACTIVITIES, 7, 20);
    // On a finding: its rule, legal basis and page.
    let on_finding = c.at("textDocument/hover", ACTIVITIES, 7, 30);
    // On a country code: its status on the evaluation date.
    let on_country = c.at("textDocument/hover", VENDORS, 5, 13);
    let on_eea = c.at("textDocument/hover", VENDORS, 13, 22);
    let text = |v: &Value| {
        v["contents"]["value"]
            .as_str()
            .unwrap_or("(none)")
            .to_owned()
    };
    insta::assert_snapshot!(
        "hover",
        [on_id, on_finding, on_country, on_eea]
            .iter()
            .map(text)
            .collect::<Vec<_>>()
            .join("\n\n=====\n\n")
    );

    let definition = c.at("textDocument/definition", ACTIVITIES, 7, 20);
    let references = c.at("textDocument/references", VENDORS, 2, 12);
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": c.uri(VENDORS) } }),
    );
    insta::assert_json_snapshot!("definition", c.relativise(&definition));
    insta::assert_json_snapshot!("references", c.relativise(&references));
    insta::assert_json_snapshot!("symbols", c.relativise(&symbols));
    // Nothing to find on a key.
    assert_eq!(c.at("textDocument/definition", VENDORS, 4, 5), Value::Null);
    assert_eq!(c.shutdown(), Some(0));
}

fn labels(v: &Value) -> Vec<String> {
    let items = v
        .as_array()
        .or_else(|| v["items"].as_array())
        .cloned()
        .unwrap_or_default();
    items
        .iter()
        .map(|i| {
            format!(
                "{} ({})",
                i["label"].as_str().unwrap(),
                i["detail"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn completion_and_code_actions() {
    let mut c = started();
    c.open(VENDORS, &read(VENDORS));
    c.open(ACTIVITIES, &read(ACTIVITIES));
    let ids = labels(&c.at("textDocument/completion", ACTIVITIES, 7, 17));
    assert_eq!(
        ids,
        [
            "mailchimp (The Rocket Science Group LLC)",
            "mandrill (Mandrill)"
        ]
    );
    let parent = labels(&c.at("textDocument/completion", VENDORS, 11, 12));
    assert_eq!(parent.len(), 2, "{parent:?}");
    let countries = labels(&c.at("textDocument/completion", VENDORS, 5, 13));
    assert!(
        countries.contains(&"DE (Germany (EEA))".to_string()),
        "{countries:?}"
    );
    assert!(
        countries.iter().any(|c| c.starts_with("US (")),
        "{countries:?}"
    );
    let roles = labels(&c.at("textDocument/completion", VENDORS, 4, 10));
    assert!(
        roles.iter().any(|r| r.starts_with("sub_processor")),
        "{roles:?}"
    );

    // The country name: the fix (DE), a suppression comment and the rule's explanation.
    let uri = c.uri(VENDORS);
    let range =
        json!({ "start": { "line": 12, "character": 13 }, "end": { "line": 12, "character": 13 } });
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": range, "context": { "diagnostics": [] } }),
    );
    let actions: Vec<Value> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| json!({ "title": a["title"], "edit": a["edit"], "command": a["command"] }))
        .collect();
    insta::assert_json_snapshot!("code_actions", c.relativise(&Value::Array(actions)));

    let explained = c.request(
        "workspace/executeCommand",
        json!({ "command": "dpalint.explain", "arguments": ["DPA046"] }),
    );
    assert!(
        explained.as_str().unwrap().contains("DPA046"),
        "{explained}"
    );
    let unknown = c.request_raw(
        "workspace/executeCommand",
        json!({ "command": "dpalint.explain", "arguments": ["DPA999"] }),
    );
    assert_eq!(unknown["error"]["code"], -32602, "{unknown}");
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn malformed_input_is_answered_and_the_server_goes_on() {
    let mut c = started();
    c.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let error = c.next();
    assert_eq!(error["error"]["code"], -32700, "{error}");
    assert_eq!(error["id"], Value::Null);
    let unknown = c.request_raw(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": c.uri(VENDORS) } }),
    );
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let bad_params = c.request_raw("textDocument/hover", json!({ "position": "here" }));
    assert_eq!(bad_params["error"]["code"], -32602, "{bad_params}");
    // A file outside the project's YAML, and a non-dpalint YAML buffer: nothing.
    assert_eq!(c.at("textDocument/hover", "notes.yaml", 0, 1), Value::Null);
    // Still serving.
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": c.uri(VENDORS) } }),
    );
    assert_eq!(symbols.as_array().unwrap().len(), 2, "{symbols}");
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn settings_select_rules_and_date() {
    let (mut c, _) = Client::start(
        &fixture(),
        json!({ "select": ["DPA046"], "asOf": "2026-01-01" }),
    );
    c.wait_until(|d| d.contains_key(VENDORS));
    insta::assert_snapshot!("selected", c.summary(VENDORS));
    assert!(!c.diagnostics.contains_key(ACTIVITIES) || c.diagnostics[ACTIVITIES].is_empty());
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn a_100_mb_buffer_is_reported_not_parsed() {
    let mut c = started();
    let line = "# padding that makes this buffer larger than max_file_size ...........\n";
    let mut text = String::from("dpalint: 1\nvendors: []\n");
    text.push_str(&line.repeat((100 << 20) / line.len()));
    c.open("privacy/big.yaml", &text);
    c.wait_until(|d| d.contains_key("privacy/big.yaml"));
    insta::assert_snapshot!("too_large", c.summary("privacy/big.yaml"));
    // The rest is still served.
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": c.uri(VENDORS) } }),
    );
    assert_eq!(symbols.as_array().unwrap().len(), 2, "{symbols}");
    assert_eq!(c.shutdown(), Some(0));
}
