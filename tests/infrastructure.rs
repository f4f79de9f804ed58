//! Terraform/OpenTofu next to the inventory (docs/infrastructure.md), end to
//! end: the example `examples/infra-repo` in every output format, a plan with a
//! planted secret that no output may contain, syntax errors and unsupported
//! constructs that leave the rest of the project checked, suppressions in
//! `.tf` files, configuration, and incremental edits of `.tf` files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a broken fixture"
)]

mod common;
use common::{dpalint, fixtures, run, stdout};

use dpalint::check::{self, Selection};
use dpalint::config::Config;
use dpalint::model::Date;
use dpalint::project::{Input, Project};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const FORMATS: &[&str] = &[
    "human", "concise", "json", "sarif", "github", "junit", "gitlab", "markdown",
];

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/infra-repo")
}

#[test]
fn example_in_every_format() {
    for format in FORMATS {
        let out = run(&example(), &["--format", format]);
        insta::assert_snapshot!(format!("infra_repo_{format}"), out);
    }
}

#[test]
fn sarif_results_point_into_tf_files() {
    let sarif: serde_json::Value =
        serde_json::from_str(&stdout(&example(), &["--format", "sarif"])).unwrap();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| ["DPA066", "DPA067", "DPA068"].contains(&r["ruleId"].as_str().unwrap()))
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(!uris.is_empty());
    assert!(uris.iter().all(|u| u.ends_with(".tf")), "{uris:?}");
}

const SECRET: &str = "PLANTED-SECRET-7f3a9c";

/// A plan holds secrets in plain text: no output format, no summary, no
/// baseline and no error message may contain one.
#[test]
fn a_planted_secret_in_a_plan_never_appears() {
    let dir = fixtures().join("terraform-plan");
    assert!(
        std::fs::read_to_string(dir.join("plan.json"))
            .unwrap()
            .contains(SECRET)
    );
    let mut outputs = Vec::new();
    for format in FORMATS {
        outputs.push(run(
            &dir,
            &["--terraform-plan", "plan.json", "--format", format],
        ));
    }
    outputs.push(run(
        &dir,
        &["--terraform-plan", "plan.json", "--narrate", "--statistics"],
    ));
    let tmp = tempfile::tempdir().unwrap();
    let baseline = tmp.path().join("baseline.json");
    outputs.push(run(
        &dir,
        &[
            "--terraform-plan",
            "plan.json",
            "--write-baseline",
            baseline.to_str().unwrap(),
        ],
    ));
    outputs.push(std::fs::read_to_string(&baseline).unwrap());
    for out in &outputs {
        assert!(!out.contains(SECRET), "the secret leaked:\n{out}");
    }
    // The plan did its job: the region of the variable and of the plan-only resource.
    let human = &outputs[0];
    assert!(
        human.contains("us-east-1") && human.contains("ap-southeast-1"),
        "{human}"
    );
    insta::assert_snapshot!("plan_human", human);
}

#[test]
fn a_plan_of_another_major_version_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("plan.json");
    std::fs::write(
        &plan,
        r#"{"format_version": "2.0", "variables": {"x": {"value": "PLANTED-SECRET-7f3a9c"}}}"#,
    )
    .unwrap();
    let out = run(
        &fixtures().join("terraform-plan"),
        &["--terraform-plan", plan.to_str().unwrap()],
    );
    assert!(out.starts_with("exit: 2"), "{out}");
    assert!(out.contains("unsupported format_version 2.0"), "{out}");
    std::fs::write(
        &plan,
        "{\"format_version\": \"1.2\", \"variables\": PLANTED-SECRET-7f3a9c}",
    )
    .unwrap();
    let out = run(
        &fixtures().join("terraform-plan"),
        &["--terraform-plan", plan.to_str().unwrap()],
    );
    assert!(
        out.starts_with("exit: 2") && out.contains("not valid JSON at line 1"),
        "{out}"
    );
    assert!(!out.contains(SECRET), "{out}");
}

fn as_of() -> Date {
    Date::parse("2026-11-21").unwrap()
}

const INVENTORY: &str = "dpalint: 1\nvendors:\n  - id: aws\n    name: Amazon Web Services EMEA SARL\n    role: processor\n    country: LU\n    data_locations: [DE]\n";

fn render(inputs: Vec<Input>, config: &Config) -> String {
    let report = check::check_memory(inputs, as_of(), config, &Selection::all());
    let mut out = Vec::new();
    let opts = dpalint::report::HumanOptions {
        color: false,
        narrate: false,
        width: Some(100),
    };
    dpalint::report::human::write(&report, opts, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// A syntax error is reported in its file; the other files are still checked.
#[test]
fn syntax_errors_and_unsupported_modules_leave_the_rest_checked() {
    let out = render(
        vec![
            Input::text("inventory.yaml", INVENTORY),
            Input::text(
                "infra/broken.tf",
                "resource \"aws_s3_bucket\" \"x\" {\n  region = \n}\n",
            ),
            Input::text("infra/broken.tf.json", "{\"resource\": [\n"),
            Input::text("infra/list.tf.json", "[1, 2]\n"),
            Input::text(
                "infra/main.tf",
                "module \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n\nresource \"aws_s3_bucket\" \"y\" {\n  region = \"us-east-1\"\n}\n",
            ),
        ],
        &Config::default(),
    );
    insta::assert_snapshot!("syntax_errors", out);
    assert!(
        out.contains("DPL050") && out.contains("DPL051") && out.contains("DPA066"),
        "{out}"
    );
}

#[test]
fn suppressions_work_in_tf_files() {
    let tf = "resource \"aws_s3_bucket\" \"y\" {\n  # dpalint: ignore[DPA066] reason=\"legacy bucket, migration planned\"\n  region = \"us-east-1\"\n  tags = { a = \"b\" } # dpalint: ignore[DPA067] reason=\"nothing on this line\"\n}\n";
    let out = render(
        vec![
            Input::text("inventory.yaml", INVENTORY),
            Input::text("infra/main.tf", tf),
        ],
        &Config::default(),
    );
    insta::assert_snapshot!("suppressions", out);
    assert!(
        out.contains("DPL031"),
        "the unused suppression is reported:\n{out}"
    );
}

#[test]
fn infrastructure_can_be_switched_off_and_needs_an_inventory() {
    let tf = "resource \"aws_s3_bucket\" \"y\" {\n  region = \"us-east-1\"\n}\n";
    let mut config = Config::default();
    config.infrastructure.enabled = false;
    let off = render(
        vec![
            Input::text("inventory.yaml", INVENTORY),
            Input::text("main.tf", tf),
        ],
        &config,
    );
    assert!(!off.contains("DPA06"), "{off}");
    let project = Project::from_inputs(vec![Input::text("main.tf", tf)], Config::default());
    assert!(
        project.infrastructure().is_none(),
        "no inventory, no evidence"
    );
}

/// Editing a `.tf` file re-reads only that file; the result equals a fresh load.
#[test]
fn set_text_on_a_tf_file_equals_a_fresh_load() {
    let before = "provider \"aws\" {\n  region = \"eu-central-1\"\n}\n";
    let after = "provider \"aws\" {\n  region = \"us-west-2\"\n}\n\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n";
    let inputs = |tf: &str| {
        vec![
            Input::text("inventory.yaml", INVENTORY),
            Input::text("infra/main.tf", tf),
        ]
    };
    let mut project = Project::from_inputs(inputs(before), Config::default());
    project.set_text("infra/main.tf", Arc::from(after));
    let fresh = Project::from_inputs(inputs(after), Config::default());
    let json = |p: &Project| {
        let r = check::check(p, &Selection::all(), as_of()).unwrap();
        dpalint::report::json::to_value(&r).to_string()
    };
    assert_eq!(json(&project), json(&fresh));
    assert!(json(&project).contains("us-west-2"));
    // A new .tf file through set_text joins the project too.
    project.set_text("infra/extra.tf", Arc::from("provider \"datadog\" {}\n"));
    assert!(json(&project).contains("DPA067"));
}

#[test]
fn terraform_files_named_on_the_command_line_are_reported() {
    let out = run(&example(), &["infra/main.tf", "--format", "concise"]);
    assert!(out.contains("infra/main.tf:"), "{out}");
    assert!(!out.contains("infra/providers.tf:"), "{out}");
    let _ = dpalint(&example());
}

/// `[infrastructure] include/exclude` select the Terraform files; the
/// top-level `include` (YAML files) does not hide them.
#[test]
fn include_and_exclude_select_terraform_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let write = |rel: &str, text: &str| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    let bucket = |name: &str, region: &str| {
        format!("resource \"aws_s3_bucket\" \"{name}\" {{\n  region = \"{region}\"\n}}\n")
    };
    write("privacy/inventory.yaml", INVENTORY);
    write("infra/main.tf", &bucket("main", "us-west-2"));
    write("infra/sandbox/main.tf", &bucket("sandbox", "ap-south-1"));
    write("legacy/main.tf", &bucket("legacy", "sa-east-1"));
    let concise = |toml: &str| {
        write("dpalint.toml", toml);
        run(dir, &["--format", "concise", "--select", "DPA066"])
    };
    let all = concise("as_of = \"2026-11-21\"\ninclude = [\"privacy/**\"]\n");
    for file in ["infra/main.tf", "infra/sandbox/main.tf", "legacy/main.tf"] {
        assert!(
            all.contains(&format!("{file}:2:12: error[DPA066]")),
            "{all}"
        );
    }
    let some = concise(
        "as_of = \"2026-11-21\"\n[infrastructure]\ninclude = [\"infra/**\"]\nexclude = [\"infra/sandbox/**\"]\n",
    );
    assert!(some.contains("infra/main.tf:2:12: error[DPA066]"), "{some}");
    assert!(
        !some.contains("sandbox") && !some.contains("legacy"),
        "{some}"
    );
    let off = concise("as_of = \"2026-11-21\"\n[infrastructure]\nenabled = false\n");
    assert!(!off.contains("DPA066"), "{off}");
}

/// The fuzz target's invariants on its committed seeds (hostile ones included:
/// deep nesting, BOM + CRLF, cycles between locals): every seed read as HCL,
/// JSON and tfvars keeps its spans inside the file, and a project with it next
/// to an inventory is checked without a panic.
#[test]
fn terraform_fuzz_seeds_keep_spans_in_their_file() {
    use dpalint::project::terraform::TfFile;
    use dpalint::source::{FileId, SourceFile, Span};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/terraform");
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 10, "{}", dir.display());
    let inside = |file: &SourceFile, span: Span, what: &str| {
        assert!(
            span.start <= span.end && span.end as usize <= file.text.len(),
            "{what}: {span:?} outside {}",
            file.path
        );
    };
    for seed in &seeds {
        let text = std::fs::read_to_string(seed).unwrap();
        for name in ["main.tf", "main.tf.json", "terraform.tfvars"] {
            let file = SourceFile::new(name.into(), Arc::from(text.as_str()));
            let tf = TfFile::analyse(FileId(0), &file);
            for d in &tf.diagnostics {
                inside(&file, d.primary.span, &seed.display().to_string());
            }
            for located in tf.syntax.iter().flat_map(|s| s.index.values()) {
                inside(&file, located.primary(), &seed.display().to_string());
            }
        }
        let report = check::check_memory(
            vec![
                Input::text("inventory.yaml", INVENTORY),
                Input::text("infra/main.tf", &text),
            ],
            as_of(),
            &Config::default(),
            &Selection::all(),
        );
        let _ = dpalint::report::json::to_value(&report);
    }
}
