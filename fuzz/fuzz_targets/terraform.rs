//! Arbitrary bytes -> the Terraform reader: each input is read as `main.tf`
//! (HCL), `main.tf.json` and `terraform.tfvars`, then evaluated as a module
//! together with an inventory, checked with every rule and rendered as JSON.
//!
//! Besides "no panic, no hang": every diagnostic span and every pointer the
//! reader indexes lies inside the file and maps to a line and column.
#![no_main]

use dpalint::check::{Selection, check_memory};
use dpalint::config::Config;
use dpalint::model::Date;
use dpalint::project::Input;
use dpalint::project::terraform::TfFile;
use dpalint::source::{FileId, SourceFile, Span};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

const INVENTORY: &str = "dpalint: 1\nvendors:\n  - id: aws\n    name: Amazon Web Services EMEA SARL\n    role: processor\n    country: LU\n    data_locations: [DE]\n";

fn check_span(file: &SourceFile, span: Span) {
    let len = file.text.len() as u32;
    assert!(span.start <= span.end && span.end <= len, "{span:?} outside 0..{len}");
    let start = file.position(span.start as usize);
    let end = file.position(span.end as usize);
    assert!(start.line >= 1 && start.column >= 1 && start <= end);
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for name in ["main.tf", "main.tf.json", "terraform.tfvars"] {
        let file = SourceFile::new(name.into(), Arc::from(text.as_ref()));
        let tf = TfFile::analyse(FileId(0), &file);
        for d in &tf.diagnostics {
            check_span(&file, d.primary.span);
        }
        if let Some(syntax) = &tf.syntax {
            for located in syntax.index.values() {
                check_span(&file, located.primary());
            }
        }
    }
    let as_of = Date::parse("2026-11-21").expect("a valid date");
    let report = check_memory(
        vec![
            Input::text("inventory.yaml", INVENTORY),
            Input::text("infra/main.tf", &text),
            Input::text("infra/terraform.tfvars", "region = \"us-east-1\"\n"),
        ],
        as_of,
        &Config::default(),
        &Selection::all(),
    );
    let _ = dpalint::report::json::to_value(&report);
});
