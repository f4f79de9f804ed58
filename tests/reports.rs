//! `dpalint report`: every format of every report on shipped examples and
//! on fixtures with hostile names, read back with real parsers (calamine
//! for XLSX, icalendar for ICS, the JSON Schema validator for JSON), bad
//! input, determinism and writing files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a broken fixture"
)]

mod common;
use common::{dpalint, fixtures};

use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-11-21";

/// Every text format of every report kind.
const TEXT: &[(&str, &[&str])] = &[
    ("ropa", &["html", "csv", "markdown", "json"]),
    ("transfers", &["mermaid", "dot", "json", "markdown", "csv"]),
    ("calendar", &["ics", "markdown", "csv", "json"]),
];

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

/// Stdout bytes of `dpalint report` in `dir`, asserting exit 0.
fn report(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = dpalint(dir)
        .arg("report")
        .args(args)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "dpalint report {args:?} in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn text(dir: &Path, args: &[&str]) -> String {
    String::from_utf8(report(dir, args)).unwrap()
}

fn snapshot_all(dir: &Path, prefix: &str) {
    for (kind, formats) in TEXT {
        for format in *formats {
            let out = text(dir, &[kind, "--format", format]);
            insta::assert_snapshot!(format!("{prefix}_{kind}_{format}"), out);
        }
    }
}

#[test]
fn saas_startup_every_format() {
    snapshot_all(&examples().join("saas-startup"), "saas_startup");
}

#[test]
fn teamleader_every_format() {
    snapshot_all(&examples().join("teamleader-crm"), "teamleader");
}

#[test]
fn hostile_names_every_format() {
    snapshot_all(&fixtures().join("reports"), "hostile");
}

#[test]
fn dutch_labels() {
    let dir = examples().join("saas-startup");
    insta::assert_snapshot!(
        "saas_startup_ropa_markdown_nl",
        text(&dir, &["ropa", "--format", "markdown", "--lang", "nl"])
    );
    let out = dpalint(&dir)
        .args(["report", "ropa", "--lang", "fr"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("no labels for language `fr`; available: en, nl")
    );
}

fn example_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(examples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("dpalint.toml").exists())
        .collect();
    dirs.sort();
    dirs.push(fixtures().join("reports"));
    dirs.push(fixtures().join("reports-errors"));
    dirs
}

#[test]
fn json_reports_match_their_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(dpalint::registers::REPORT_SCHEMA).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    for dir in example_dirs() {
        for kind in ["ropa", "transfers", "calendar"] {
            let json: serde_json::Value =
                serde_json::from_slice(&report(&dir, &[kind, "--format", "json"])).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&json)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{} {kind}: {errors:#?}", dir.display());
            assert_eq!(json["about"]["report"], kind);
            assert_eq!(json["about"]["as_of"], AS_OF);
        }
    }
}

/// The YAML of a project, for "every activity appears" checks.
fn activity_ids(dir: &Path) -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_slice(&report(dir, &["ropa", "--format", "json"])).unwrap();
    json["controller_record"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn xlsx_reads_back_with_a_spreadsheet_reader() {
    use calamine::{Data, Reader, Xlsx};
    for dir in example_dirs() {
        let bytes = report(&dir, &["ropa", "--format", "xlsx"]);
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let names = wb.sheet_names();
        let json: serde_json::Value =
            serde_json::from_slice(&report(&dir, &["ropa", "--format", "json"])).unwrap();
        let processor = !json["processor_record"].is_null();
        let expected: &[&str] = if processor {
            &["Controller record", "Processor record", "About"]
        } else {
            &["Controller record", "About"]
        };
        assert_eq!(names, expected, "{}", dir.display());
        let range = wb.worksheet_range("Controller record").unwrap();
        let ids = activity_ids(&dir);
        assert_eq!(range.get_size().0, ids.len() + 1, "{}", dir.display());
        let header: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(header[0], "Id");
        assert_eq!(header[11], "Recipients");
        assert_eq!(header.last().unwrap(), "Source");
        for (row, id) in range.rows().skip(1).zip(&ids) {
            assert_eq!(row[0], Data::String(id.clone()));
            assert!(row.last().unwrap().to_string().contains(".yaml:"));
        }
        let about = wb.worksheet_range("About").unwrap();
        let pairs: Vec<(String, String)> = about
            .rows()
            .map(|r| (r[0].to_string(), r[1].to_string()))
            .collect();
        assert!(pairs.contains(&("As of".into(), AS_OF.into())));
        assert!(
            pairs
                .iter()
                .any(|(k, v)| k == "Made by" && v.starts_with("dpalint "))
        );
    }
}

/// What a spreadsheet reader does not expose: frozen panes, the autofilter,
/// column widths and the document's creation date (the evaluation date).
#[test]
fn xlsx_has_frozen_panes_filters_widths_and_fixed_properties() {
    use std::io::Read;
    let bytes = report(&fixtures().join("reports"), &["ropa", "--format", "xlsx"]);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    for sheet in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
        let xml = part(sheet);
        assert!(xml.contains("state=\"frozen\""), "{sheet}: frozen panes");
        assert!(xml.contains("<autoFilter ref=\"A1:"), "{sheet}: autofilter");
        assert!(
            xml.contains("<col ") && xml.contains("customWidth=\"1\""),
            "{sheet}: widths"
        );
    }
    let core = part("docProps/core.xml");
    assert!(core.contains(&format!("{AS_OF}T00:00:00Z")), "{core}");
    assert!(core.contains("dpalint "), "{core}");
}

#[test]
fn xlsx_keeps_hostile_values_as_text() {
    use calamine::{Data, Reader, Xlsx};
    let bytes = report(&fixtures().join("reports"), &["ropa", "--format", "xlsx"]);
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range("Controller record").unwrap();
    let row: Vec<&Data> = range.rows().nth(1).unwrap().iter().collect();
    assert_eq!(
        row[1],
        &Data::String("Case management, \"Noord\"\nsecond line".into())
    );
    assert!(
        row[11]
            .to_string()
            .contains("=cmd|' /C calc'!A0 (processor, NL)")
    );
    let processor = wb.worksheet_range("Processor record").unwrap();
    let evil = processor.rows().nth(2).unwrap()[1].to_string();
    assert_eq!(evil, "<img src=x onerror=alert(1)> Evil, Inc.");
    let payroll = range.rows().nth(2).unwrap()[1].to_string();
    assert_eq!(payroll, "مسير الرواتب (payroll)");
    // No formulas anywhere: every cell is a string.
    let formulas = wb.worksheet_formula("Controller record").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
}

#[test]
fn ics_parses_with_an_icalendar_parser() {
    use icalendar::Component;
    for dir in example_dirs() {
        let ics = text(&dir, &["calendar", "--format", "ics"]);
        for line in ics.split_inclusive('\n') {
            assert!(line.ends_with("\r\n"), "bare LF in {}", dir.display());
            assert!(
                line.len() <= 77,
                "unfolded line in {}: {line}",
                dir.display()
            );
        }
        let unfolded = icalendar::parser::unfold(&ics);
        let raw = icalendar::parser::read_calendar(&unfolded).unwrap();
        let prop = |name: &str| {
            raw.properties
                .iter()
                .find(|p| p.name.as_str() == name)
                .map(|p| p.val.as_str().to_string())
        };
        assert_eq!(prop("VERSION").as_deref(), Some("2.0"));
        assert!(prop("PRODID").unwrap().contains("dpalint"));
        let cal: icalendar::Calendar = ics.parse().unwrap();
        let json: serde_json::Value =
            serde_json::from_slice(&report(&dir, &["calendar", "--format", "json"])).unwrap();
        let items = json["items"].as_array().unwrap();
        let events: Vec<&icalendar::Event> =
            cal.components.iter().filter_map(|c| c.as_event()).collect();
        assert_eq!(events.len(), items.len(), "{}", dir.display());
        let mut uids = std::collections::BTreeSet::new();
        for (e, item) in events.iter().zip(items) {
            assert!(
                uids.insert(e.get_uid().unwrap().to_string()),
                "UIDs are unique"
            );
            assert!(e.property_value("DTSTAMP").is_some());
            let start = e.get_start().unwrap();
            let date = item["date"].as_str().unwrap();
            assert_eq!(
                start,
                icalendar::DatePerhapsTime::Date(date.parse().unwrap()),
                "{}",
                dir.display()
            );
            let summary = e.get_summary().unwrap();
            assert_eq!(
                item["overdue"].as_bool().unwrap(),
                summary.starts_with("PAST DUE")
            );
        }
    }
}

#[test]
fn calendar_lists_past_due_first_and_filters() {
    let dir = fixtures().join("reports");
    let json: serde_json::Value =
        serde_json::from_slice(&report(&dir, &["calendar", "--format", "json"])).unwrap();
    let items = json["items"].as_array().unwrap();
    let overdue: Vec<bool> = items
        .iter()
        .map(|i| i["overdue"].as_bool().unwrap())
        .collect();
    assert!(overdue[0]);
    assert!(overdue.windows(2).all(|w| w[0] || !w[1]), "past due first");
    let whats: Vec<&str> = items.iter().map(|i| i["what"].as_str().unwrap()).collect();
    for what in [
        "ropa_review",
        "dpia_review",
        "dpa_review",
        "dpa_expiry",
        "certification_expiry",
        "dpf_recertification",
        "tia_review",
        "due_diligence_review",
        "client_agreement_review",
        "client_agreement_expiry",
        "suppression_expiry",
    ] {
        assert!(whats.contains(&what), "{what} in {whats:?}");
    }
    let within: serde_json::Value = serde_json::from_slice(&report(
        &dir,
        &["calendar", "--format", "json", "--within", "30d"],
    ))
    .unwrap();
    for i in within["items"].as_array().unwrap() {
        assert!(i["overdue"].as_bool().unwrap() || i["days"].as_i64().unwrap() <= 30);
    }
    assert!(within["items"].as_array().unwrap().len() < items.len());
    assert_eq!(within["within_days"], 30);
}

/// Every CSV report reads back with a CSV reader: one header, one record per
/// row of the JSON, every record as wide as the header, hostile values intact.
#[test]
fn csv_reads_back_with_a_csv_reader() {
    for dir in example_dirs() {
        for (kind, rows) in [
            ("ropa", "controller_record"),
            ("transfers", "edges"),
            ("calendar", "items"),
        ] {
            // The register's CSV holds one record; name it, as a processor-only
            // organisation (saas-processor) defaults to the processor record.
            let bytes = if kind == "ropa" {
                report(&dir, &[kind, "--format", "csv", "--record", "controller"])
            } else {
                report(&dir, &[kind, "--format", "csv"])
            };
            let json: serde_json::Value =
                serde_json::from_slice(&report(&dir, &[kind, "--format", "json"])).unwrap();
            let mut reader = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
            let header = reader.headers().unwrap().clone();
            assert_eq!(
                &header[header.len() - 3],
                "As of",
                "{} {kind}",
                dir.display()
            );
            let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
            assert_eq!(
                records.len(),
                json[rows].as_array().unwrap().len(),
                "{} {kind}",
                dir.display()
            );
            for r in &records {
                assert_eq!(r.len(), header.len());
                assert_eq!(&r[r.len() - 3], AS_OF);
            }
        }
    }
    let bytes = report(&fixtures().join("reports"), &["ropa", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(&first[1], "Case management, \"Noord\"\nsecond line");
    assert_eq!(
        &first[2],
        "Hollander, Smit & \"Partners\" B.V.\nPostbus 12, 3500 AA Utrecht; privacy@hollander.example"
    );
    let processor = report(
        &fixtures().join("reports"),
        &["ropa", "--format", "csv", "--record", "processor"],
    );
    let mut reader = csv::Reader::from_reader(processor.as_slice());
    let names: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[1].to_string())
        .collect();
    assert!(
        names.contains(&"<img src=x onerror=alert(1)> Evil, Inc.".to_string()),
        "{names:?}"
    );
}

#[test]
fn html_is_escaped_and_self_contained() {
    let html = text(&fixtures().join("reports"), &["ropa", "--format", "html"]);
    assert!(!html.contains("<script"));
    assert!(!html.contains("<img"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; Evil, Inc."));
    assert!(!html.contains("src=\"http"), "no external resources");
    assert!(!html.contains("<link"), "no external stylesheets");
    assert!(html.contains("@media print"));
    assert!(html.contains("<a href=\"privacy/organisation.yaml#L"));
    for id in activity_ids(&fixtures().join("reports")) {
        assert!(html.contains(&format!("data-id=\"{id}\"")), "{id}");
    }
}

#[test]
fn inputs_with_errors_still_report_and_say_what_is_left_out() {
    let dir = fixtures().join("reports-errors");
    let out = dpalint(&dir)
        .args(["report", "ropa", "--format", "markdown", "--as-of", AS_OF])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("input error(s); the entities and files they affect are left out"),
        "{stderr}"
    );
    insta::assert_snapshot!("errors_ropa_markdown", String::from_utf8_lossy(&out.stdout));
    for (kind, formats) in TEXT {
        for format in *formats {
            report(&dir, &[kind, "--format", format]);
        }
    }
}

#[test]
fn empty_project_reports_nothing_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for (kind, formats) in TEXT {
        for format in *formats {
            report(dir.path(), &[kind, "--format", format]);
        }
    }
    insta::assert_snapshot!(
        "empty_ropa_markdown",
        text(dir.path(), &["ropa", "--format", "markdown"])
    );
    use calamine::Reader;
    let wb: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(report(
        dir.path(),
        &["ropa", "--format", "xlsx"],
    )))
    .unwrap();
    assert_eq!(wb.sheet_names(), ["Controller record", "About"]);
}

#[test]
fn same_input_same_bytes() {
    let dir = fixtures().join("reports");
    for (kind, format) in [
        ("ropa", "xlsx"),
        ("ropa", "html"),
        ("calendar", "ics"),
        ("transfers", "dot"),
    ] {
        let a = report(&dir, &[kind, "--format", format]);
        let b = report(&dir, &[kind, "--format", format]);
        assert_eq!(a, b, "{kind} {format}");
    }
}

#[test]
fn writes_only_the_file_named_by_o() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("p");
    copy_dir(&fixtures().join("reports"), &project);
    let before = listing(&project);
    let out = dpalint(&project)
        .args([
            "report",
            "ropa",
            "--format",
            "xlsx",
            "-o",
            "register.xlsx",
            "--as-of",
            AS_OF,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let mut after = listing(&project);
    after.retain(|p| p != "register.xlsx");
    assert_eq!(before, after, "no other file is written");
    let bytes = std::fs::read(project.join("register.xlsx")).unwrap();
    assert_eq!(bytes, report(&project, &["ropa", "--format", "xlsx"]));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("wrote the ropa report (xlsx) to register.xlsx")
    );
}

/// A report written with `-o` is an ordinary file: the permissions any program's
/// new file gets here (0666 less the umask), not the 0600 of a temporary file;
/// a file that is replaced keeps its own.
#[cfg(unix)]
#[test]
fn written_reports_get_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("p");
    copy_dir(&fixtures().join("reports"), &project);
    std::fs::write(project.join("ordinary.txt"), "x").unwrap();
    let mode = |name: &str| {
        std::fs::metadata(project.join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    let write = |name: &str| {
        let out = dpalint(&project)
            .args([
                "report", "calendar", "--format", "ics", "-o", name, "--as-of", AS_OF,
            ])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    write("calendar.ics");
    assert_eq!(mode("calendar.ics"), mode("ordinary.txt"));
    std::fs::set_permissions(
        project.join("calendar.ics"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    write("calendar.ics");
    assert_eq!(mode("calendar.ics"), 0o640);
}

#[test]
fn wrong_format_for_a_report_is_a_usage_error() {
    let out = dpalint(&fixtures().join("reports"))
        .args(["report", "calendar", "--format", "xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "dpalint: error: `xlsx` is not a format of `dpalint report calendar`; use one of ics, markdown, csv, json\n"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(
                    p.strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out.sort();
    out
}
