//! Arbitrary bytes -> the whole in-memory pipeline (`check::check_memory`
//! with every rule) -> every renderer.
//!
//! A NUL byte (never valid in YAML) splits the input into up to four files, so
//! cross-file references, duplicate ids and labels into other files are
//! reached too. Bytes that are not UTF-8 are converted lossily.
#![no_main]

use dpalint::config::Config;
use dpalint::check::{self as engine, Selection};
use dpalint::project::Input;
use dpalint::model::Date;
use dpalint::report::{self, Format, HumanOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let inputs: Vec<Input> = text
        .split('\0')
        .take(4)
        .enumerate()
        .map(|(i, part)| Input::text(format!("privacy/f{i}.yaml"), part))
        .collect();
    let Some(as_of) = Date::parse("2026-11-21") else {
        return;
    };
    let report = engine::check_memory(inputs, as_of, &Config::default(), &Selection::all());
    let json = report::json::to_value(&report);
    assert_eq!(json["version"], 1);
    let human = HumanOptions {
        color: false,
        narrate: false,
        width: Some(100),
    };
    let narrate = HumanOptions {
        narrate: true,
        ..human
    };
    let mut out = Vec::new();
    for format in Format::ALL {
        report::write(format, &report, human, &mut out).expect("writing to a Vec cannot fail");
    }
    report::write(Format::Human, &report, narrate, &mut out).expect("writing to a Vec cannot fail");
});
