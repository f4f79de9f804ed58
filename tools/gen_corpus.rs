//! Deterministic generator of synthetic dpalint projects for benchmarks and
//! profiling (`cargo run --release --example gen-corpus -- --vendor-files N --out DIR`).
//!
//! A generated project looks like a real one: `dpalint.toml` pinning
//! `as_of = "2026-11-21"`, one organisation file, activity files naming the
//! processors as recipients, and N vendor files. Each vendor file declares one
//! processor with a complete `dpa` block and nine sub-processors spread over the
//! EEA, adequate countries (CH, GB, JP with the scope confirmed) and third
//! countries (US under the DPF or SCCs, IN under SCCs), so 1,000 files hold
//! 10,000 vendors. About one vendor in fifty carries a realistic defect (a 72-hour
//! breach deadline, a 10-day objection window, a missing TIA) so the renderers
//! have something to do; the YAML itself is always schema-valid (no DPL findings).
//!
//! `--findings N` writes a different project instead: one file with N processors
//! that each trigger exactly one finding (DPA001, no DPA), about 500 bytes per
//! vendor (10,000 vendors ≈ 5 MB), to measure rendering of many diagnostics in
//! one big file.
//!
//! The PRNG (SplitMix64) is written here so the output is identical on every run
//! and every platform; no dependency is needed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "benchmarks and tools fail loudly on a broken corpus"
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
#[allow(unused_imports)] // used by `main`, which benches including this file do not call
use std::process::ExitCode;

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, good enough for test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0; the modulo bias is irrelevant here).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// A date `YYYY-MM-DD` in `year` (days 1-28, so every month is valid).
    fn date(&mut self, year: u32) -> String {
        self.date_until(year, 12)
    }

    /// A date in one of the `years` years starting with `first`.
    fn date_in(&mut self, first: u32, years: usize) -> String {
        let year = first + self.below(years) as u32;
        self.date(year)
    }

    /// A date in the first `months` months of `year`.
    fn date_until(&mut self, year: u32, months: usize) -> String {
        format!(
            "{year}-{:02}-{:02}",
            1 + self.below(months),
            1 + self.below(28)
        )
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ne", "ra", "to", "vi", "su", "de", "po", "an", "el", "or", "ul", "is", "ba",
    "co", "fi", "gu", "ha",
];
const WORDS: &[&str] = &[
    "Cloud",
    "Data",
    "Systems",
    "Labs",
    "Analytics",
    "Networks",
    "Software",
    "Logistics",
    "Media",
    "Payments",
    "Mail",
    "Hosting",
    "Security",
    "Health",
    "Works",
];
const EEA: &[&str] = &[
    "NL", "DE", "IE", "FR", "SE", "FI", "PL", "ES", "IT", "AT", "BE", "DK", "NO", "PT", "CZ",
];
const LEGAL_FORM: &[(&str, &str)] = &[
    ("NL", "B.V."),
    ("DE", "GmbH"),
    ("IE", "Ltd"),
    ("FR", "SAS"),
    ("SE", "AB"),
    ("FI", "Oy"),
    ("PL", "sp. z o.o."),
    ("ES", "S.L."),
    ("IT", "S.r.l."),
    ("AT", "GmbH"),
    ("BE", "BV"),
    ("DK", "ApS"),
    ("NO", "AS"),
    ("PT", "Lda"),
    ("CZ", "s.r.o."),
    ("CH", "AG"),
    ("GB", "Ltd"),
    ("JP", "K.K."),
    ("US", "Inc."),
    ("IN", "Pvt Ltd"),
];
const SERVICES: &[&str] = &[
    "Cloud hosting of the application",
    "Transactional e-mail delivery",
    "Error monitoring and logging",
    "Customer support ticketing",
    "Payment processing",
    "Backup storage",
    "SMS delivery",
    "Content delivery network",
    "Identity and single sign-on",
    "Document e-signing",
    "Call recording and transcription",
    "Translation of support messages",
];

/// A pronounceable name, unique for each `index` below 160,000: the index is
/// scrambled by a bijection of `0..20^4` (multiplier coprime to 20^4) and written
/// as four base-20 syllables.
fn stem(index: usize) -> String {
    const SPACE: usize = 20 * 20 * 20 * 20;
    let mut s = String::new();
    let mut n = (index % SPACE * 7919 + 12_345) % SPACE;
    for _ in 0..4 {
        s.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => s,
    }
}

fn legal_form(country: &str) -> &'static str {
    LEGAL_FORM
        .iter()
        .find(|(c, _)| *c == country)
        .map_or("Ltd", |(_, f)| f)
}

/// Where a sub-processor sits and how data get there.
#[derive(Clone, Copy)]
enum Place {
    Eea,
    Ch,
    Gb,
    Jp,
    UsDpf,
    UsScc,
    InScc,
}

const PLACES: &[Place] = &[
    Place::Eea,
    Place::Eea,
    Place::Eea,
    Place::Ch,
    Place::Gb,
    Place::Jp,
    Place::UsDpf,
    Place::UsScc,
    Place::InScc,
];

fn transfer_block(out: &mut String, rng: &mut Rng, place: Place, module: u8, defect: bool) {
    let ind = "    ";
    match place {
        Place::Eea | Place::Ch | Place::Gb => {}
        Place::Jp => {
            let _ = writeln!(out, "{ind}transfer:");
            let _ = writeln!(out, "{ind}  mechanism: adequacy");
            let _ = writeln!(out, "{ind}  adequacy_scope_confirmed: true");
            let _ = writeln!(out, "{ind}  frequency: regular");
        }
        Place::UsDpf => {
            let _ = writeln!(out, "{ind}transfer:");
            let _ = writeln!(out, "{ind}  mechanism: dpf");
            let _ = writeln!(out, "{ind}  dpf:");
            let _ = writeln!(out, "{ind}    certified: true");
            let _ = writeln!(out, "{ind}    verified_on: {}", rng.date_until(2026, 10));
            let _ = writeln!(out, "{ind}    recertification_due: {}", rng.date(2027));
            let _ = writeln!(out, "{ind}    hr_data_covered: false");
            let _ = writeln!(out, "{ind}  frequency: continuous");
        }
        Place::UsScc | Place::InScc => {
            let _ = writeln!(out, "{ind}transfer:");
            let _ = writeln!(out, "{ind}  mechanism: scc");
            let _ = writeln!(out, "{ind}  scc:");
            let _ = writeln!(out, "{ind}    decision: \"2021/914\"");
            let _ = writeln!(
                out,
                "{ind}    module: {module}            # {}",
                if module == 2 {
                    "controller -> processor"
                } else {
                    "processor -> sub-processor"
                }
            );
            let _ = writeln!(out, "{ind}    signed: {}", rng.date_in(2023, 3));
            let _ = writeln!(out, "{ind}  frequency: continuous");
            if !defect {
                let _ = writeln!(out, "{ind}  tia:");
                let _ = writeln!(out, "{ind}    done: true");
                let _ = writeln!(out, "{ind}    date: {}", rng.date_in(2023, 3));
                let _ = writeln!(out, "{ind}    review_due: {}", rng.date_in(2027, 2));
            }
        }
    }
}

fn country_of(rng: &mut Rng, place: Place) -> (&'static str, Vec<&'static str>) {
    match place {
        Place::Eea => {
            let c = *rng.pick(EEA);
            (c, vec![c])
        }
        Place::Ch => ("CH", vec!["CH"]),
        Place::Gb => ("GB", vec!["GB", "IE"]),
        Place::Jp => ("JP", vec!["JP"]),
        Place::UsDpf => ("US", vec!["US"]),
        Place::UsScc => ("US", vec!["US", "EEA"]),
        Place::InScc => ("IN", vec!["IN"]),
    }
}

/// One processor with a complete DPA, written like the shipped examples.
fn processor(out: &mut String, rng: &mut Rng, file: usize, id: &str, name: &str) {
    // Processors are mostly in the EEA; some are US companies under SCCs module 2.
    let place = if file % 5 == 4 {
        Place::UsScc
    } else if file % 7 == 3 {
        Place::Gb
    } else {
        Place::Eea
    };
    let (country, locations) = country_of(rng, place);
    let service = rng.pick(SERVICES);
    // About one processor in fifty has a realistic defect in its DPA.
    let defect = rng.below(50);
    let breach_hours = if defect == 0 {
        72
    } else {
        24 + 12 * rng.below(3)
    };
    let window = if defect == 1 { 10 } else { 30 };
    let _ = writeln!(out, "  - id: {id}");
    let _ = writeln!(out, "    name: {name} {}", legal_form(country));
    let _ = writeln!(out, "    role: processor");
    let _ = writeln!(out, "    country: {country}");
    let _ = writeln!(out, "    data_locations: [{}]", locations.join(", "));
    let _ = writeln!(out, "    purpose: {service}");
    let _ = writeln!(out, "    certifications:");
    let _ = writeln!(
        out,
        "      - {{ scheme: ISO/IEC 27001:2022, expires: {} }}",
        rng.date_in(2027, 2)
    );
    transfer_block(out, rng, place, 2, defect == 2);
    let effective = rng.date_in(2022, 4);
    let _ = write!(
        out,
        "    dpa:
      source: contracts/{id}/dpa.pdf
      version: \"{major}.{minor}\"
      effective: {effective}
      review_due: {review}
      form: {form}
      processing_details:
        subject_matter: {service} for the controller
        duration: Term of the main agreement
        nature: Collection, storage, retrieval and deletion
        purposes: [providing the contracted service]
        data_types: [contact details, account data, usage logs]
        data_subject_categories: [customers, end users]
        special_categories: excluded
      instructions: {{ documented: true, legal_requirement_notice: true, unlawful_instruction_alert: true }}
      confidentiality: {{ personnel: committed }}
      assistance:
        data_subject_rights: true
        security: true
        breach: true
        dpia: true
        prior_consultation: true
        chargeable: false
      own_purpose_use: []
      amendment: {{ unilateral: false, controller_approval: true, controller_may_terminate: true }}
      subprocessing:
        authorisation: general
        list: {list}
        change_notice: {{ mode: proactive_written, advance_days: 30 }}
        carve_outs: []
        objection: {{ right: true, window_days: {window}, silence_is_consent: false, effect: terminate }}
        flow_down: same_obligations
        liability_retained: true
      breach:
        notify: true
        deadline_hours: {breach_hours}
        wording: without undue delay, and in any event within {breach_hours} hours
        qualifiers: []
        content_specified: true
      transfers:
        clause: per_recipient
        named_mechanisms: [SCC 2021/914 Module 3 with sub-processors, EU-US DPF, adequacy]
        blanket_instruction: false
      end_of_processing:
        options: [delete, return]
        controller_choice: true
        trigger: automatic
        deadline_days: {deletion}
        qualifiers: []
        retention_exception: union_or_member_state_law
        confirmation: true
      audits:
        information: true
        inspections: true
        conditions: [reasonable_notice, confidentiality]
        max_per_year: 1
        exception_for_cause: true
        notice_days: 30
      security:
        toms_ref: Annex II (Technical and Organisational Measures) to the {name} DPA
        measures:
          - encryption_in_transit
          - encryption_at_rest
          - role_based_access
          - mfa
          - logging
          - backup
          - restore_procedure
          - penetration_testing
          - vulnerability_management
        commitment: obligation
        controller_deems_adequate: false
",
        major = 1 + rng.below(5),
        minor = rng.below(10),
        review = rng.date_in(2027, 2),
        form = if rng.chance(50) { "written" } else { "electronic" },
        list = if rng.chance(50) { "portal" } else { "annex" },
        deletion = 30 * (1 + rng.below(3)),
    );
}

fn sub_processor(out: &mut String, rng: &mut Rng, parent: &str, k: usize, index: usize) {
    let place = PLACES[(k + index) % PLACES.len()];
    let (country, locations) = country_of(rng, place);
    let defect = rng.below(60) == 0;
    let id = format!("{parent}-sub{k}");
    let name = format!("{} {}", stem(index), rng.pick(WORDS));
    let _ = writeln!(out);
    let _ = writeln!(out, "  - id: {id}");
    let _ = writeln!(out, "    name: {name} {}", legal_form(country));
    let _ = writeln!(out, "    role: sub_processor");
    let _ = writeln!(out, "    parent: {parent}");
    let _ = writeln!(out, "    country: {country}");
    let _ = writeln!(out, "    data_locations: [{}]", locations.join(", "));
    let _ = writeln!(out, "    purpose: {}", rng.pick(SERVICES));
    transfer_block(out, rng, place, 3, defect);
}

fn vendor_file(n: usize, rng: &mut Rng) -> (String, String) {
    let id = format!("{}-{n:04}", stem(n).to_ascii_lowercase());
    let name = format!("{} {}", stem(n), rng.pick(WORDS));
    let mut out = String::with_capacity(8 * 1024);
    let _ = writeln!(
        out,
        "# yaml-language-server: $schema=../../schemas/dpalint-v1.schema.json"
    );
    let _ = writeln!(out, "dpalint: 1");
    let _ = writeln!(
        out,
        "# {name}: processor with its nine sub-processors (generated by gen-corpus)."
    );
    let _ = writeln!(out, "vendors:");
    processor(&mut out, rng, n, &id, &name);
    for k in 1..10 {
        sub_processor(&mut out, rng, &id, k, n * 10 + k);
    }
    (id, out)
}

const ORGANISATION: &str = "# yaml-language-server: $schema=../schemas/dpalint-v1.schema.json
dpalint: 1
organisation:
  name: Synthetica B.V.
  country: NL
  role: controller
  public_authority: false
  employees: 420
  dpo:
    appointed: true
    contact: dpo@synthetica.example
  ropa:
    maintained: true
    review_due: 2027-03-31
  notes: Synthetic organisation generated by gen-corpus for benchmarks.
";

fn activity(out: &mut String, rng: &mut Rng, n: usize, recipients: &[String]) {
    let purposes = [
        "provide the customer portal",
        "send service e-mails",
        "answer support requests",
        "bill customers",
        "monitor service availability",
    ];
    let _ = writeln!(out, "  - id: activity-{n:04}");
    let _ = writeln!(
        out,
        "    name: Processing activity {n} ({})",
        rng.pick(&purposes)
    );
    let _ = writeln!(out, "    purposes:");
    let _ = writeln!(out, "      - {}", rng.pick(&purposes));
    let _ = writeln!(out, "    lawful_basis: art6_1_b");
    let _ = writeln!(
        out,
        "    data_categories: [name, e-mail address, account data]"
    );
    let _ = writeln!(out, "    data_subjects: [customers]");
    let _ = writeln!(out, "    recipients: [{}]", recipients.join(", "));
    let _ = writeln!(out);
}

/// The files of a generated project: (path relative to the project root, text).
pub type Files = Vec<(String, String)>;

/// A realistic project with `files` vendor files (ten vendors each).
pub fn project(files: usize) -> Files {
    let mut rng = Rng::new(0x00d9_a11e_2026_1121);
    let mut out: Files = vec![
        (
            "dpalint.toml".into(),
            "# Generated by gen-corpus: evaluation date pinned for reproducible runs.\nas_of = \"2026-11-21\"\n".into(),
        ),
        ("privacy/organisation.yaml".into(), ORGANISATION.into()),
    ];
    let mut processors = Vec::with_capacity(files);
    for n in 0..files {
        let (id, text) = vendor_file(n, &mut rng);
        out.push((format!("privacy/vendors/{id}.yaml"), text));
        processors.push(id);
    }
    // One activity per ten vendor files (at least one), a hundred activities per file.
    let activities: Vec<usize> = (0..files.div_ceil(10).max(1)).collect();
    for (f, chunk) in activities.chunks(100).enumerate() {
        let mut text = String::from("dpalint: 1\nactivities:\n");
        for &a in chunk {
            let recipients: Vec<String> =
                processors.iter().skip(a * 10).take(10).cloned().collect();
            activity(&mut text, &mut rng, a, &recipients);
        }
        out.push((format!("privacy/activities/activities-{f:03}.yaml"), text));
    }
    out
}

/// One file, `n` processors without a DPA: exactly one DPA001 finding each (their
/// guarantees were checked, so DPA057 stays silent).
pub fn findings_project(n: usize) -> Files {
    let mut rng = Rng::new(0x00d9_a11e_0000_0001);
    let mut text = String::with_capacity(n * 620 + 64);
    text.push_str("dpalint: 1\nvendors:\n");
    for i in 0..n {
        let country = *rng.pick(EEA);
        let _ = write!(
            text,
            "  - id: vendor-{i:05}
    name: {stem} {word} {form}
    role: processor
    country: {country}
    data_locations: [{country}]
    purpose: {service}
    certifications:
      - {{ scheme: ISO/IEC 27001:2022, expires: {expires} }}
    due_diligence: {{ date: 2026-03-02, review_due: 2027-03-02, evidence: [ISO/IEC 27001 certificate] }}
    notes: >-
      Onboarded by procurement; the data processing agreement has not been signed yet and is
      tracked in the contract register. Security questionnaire received, review pending with
      the privacy team; no personal data may be shared before the agreement is in place.
",
            stem = stem(i),
            word = rng.pick(WORDS),
            form = legal_form(country),
            service = rng.pick(SERVICES),
            expires = rng.date(2027),
        );
    }
    vec![
        (
            "dpalint.toml".into(),
            "# Generated by gen-corpus --findings: one big file with one finding per vendor.\nas_of = \"2026-11-21\"\n".into(),
        ),
        ("privacy/vendors.yaml".into(), text),
    ]
}

/// Write `files` below `out`.
pub fn write_files(out: &Path, files: &Files) -> std::io::Result<()> {
    for (rel, text) in files {
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}

fn usage() -> ExitCode {
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "usage: gen-corpus --vendor-files N --out DIR\n       gen-corpus --findings N --out DIR"
        );
    }
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut files = None;
    let mut findings = None;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next();
        match (a.as_str(), value) {
            ("--vendor-files", Some(v)) => files = v.parse::<usize>().ok(),
            ("--findings", Some(v)) => findings = v.parse::<usize>().ok(),
            ("--out", Some(v)) => out = Some(PathBuf::from(v)),
            _ => return usage(),
        }
    }
    let Some(out) = out else {
        return usage();
    };
    if out.exists() {
        // Regenerate from scratch so stale files of a larger run never linger, but
        // only delete a directory this generator wrote.
        let ours = std::fs::read_to_string(out.join("dpalint.toml"))
            .is_ok_and(|t| t.starts_with("# Generated by gen-corpus"));
        let empty = std::fs::read_dir(&out).is_ok_and(|mut d| d.next().is_none());
        if !ours && !empty {
            #[allow(clippy::print_stderr)]
            {
                eprintln!(
                    "gen-corpus: {} exists and was not written by gen-corpus; not touching it",
                    out.display()
                );
            }
            return ExitCode::FAILURE;
        }
        if let Err(e) = std::fs::remove_dir_all(&out) {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("gen-corpus: cannot clear {}: {e}", out.display());
            }
            return ExitCode::FAILURE;
        }
    }
    let result = match (files, findings) {
        (Some(n), None) => write_files(&out, &project(n)),
        (None, Some(n)) => write_files(&out, &findings_project(n)),
        _ => return usage(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("gen-corpus: {e}");
            }
            ExitCode::FAILURE
        }
    }
}
