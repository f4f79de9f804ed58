//! Arbitrary bytes -> `dpalint diff` on two in-memory revisions.
//!
//! The input is split at the first `0xFF` byte into a BASE and a HEAD part
//! (no `0xFF`: HEAD is BASE with its last byte dropped); each part is split
//! at NUL bytes into up to four files, `privacy/<n>.yaml` (n = 0..3), so the
//! same name at both sides is the same file at two revisions, as `git`
//! revision loading hands them over. Both sides are loaded with
//! `Project::from_inputs`, checked with every rule, compared and rendered.
//!
//! Checks: no panic or hang in loading, checking, the entity and finding
//! comparison (field-by-field, rename hints, unknown entities of a file that
//! does not parse) and the three renderers; the JSON output is valid JSON
//! and the Markdown comment stays under GitHub's 65,536-character limit;
//! comparing a side with itself reports nothing.
#![no_main]

use dpalint::check::{Selection, check};
use dpalint::config::Config;
use dpalint::diff::{self, Side};
use dpalint::model::Date;
use dpalint::project::{Input, Project};
use libfuzzer_sys::fuzz_target;

fn load(part: &[u8]) -> Project {
    let inputs = part
        .split(|b| *b == 0)
        .take(4)
        .enumerate()
        .map(|(n, bytes)| Input::text(&format!("privacy/{n}.yaml"), &String::from_utf8_lossy(bytes)))
        .collect();
    Project::from_inputs(inputs, Config::default())
}

fuzz_target!(|data: &[u8]| {
    let (base_bytes, head_bytes) = match data.iter().position(|b| *b == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &data[..data.len().saturating_sub(1)]),
    };
    let as_of = Date::parse("2026-11-21").expect("a valid date");
    let selection = Selection::all();
    let base = load(base_bytes);
    let head = load(head_bytes);
    let base_report = check(&base, &selection, as_of).expect("check runs");
    let head_report = check(&head, &selection, as_of).expect("check runs");
    let side = |label: &str, project, report| Side { label: label.into(), project, report };
    let result = diff::compare(
        &side("base", &base, &base_report),
        &side("head", &head, &head_report),
        as_of,
    );
    let _ = diff::render::human(&result, false);
    let _ = diff::render::human(&result, true);
    let markdown = diff::render::markdown(&result);
    assert!(markdown.chars().count() <= 65_536, "comment of {} characters", markdown.chars().count());
    let json = diff::render::json(&result);
    serde_json::from_str::<serde_json::Value>(&json).expect("the JSON output parses");
    let same = diff::compare(
        &side("base", &base, &base_report),
        &side("base", &base, &base_report),
        as_of,
    );
    assert!(same.is_empty(), "a side compared with itself reports a change");
});
