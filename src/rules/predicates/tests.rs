//! The predicates on small inventories, most of them from the acceptance
//! examples of RULES-v2 § 6.

use super::*;
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::inventory::Inventory;
use crate::model::{Date, Vendor};
use crate::project::{Input, Project};
use crate::reference::Reference;
use crate::rules::{Category, Context, RuleMeta};

static META: RuleMeta = RuleMeta {
    id: "DPA000",
    name: "predicates-under-test",
    severity: Severity::Info,
    category: Category::Hygiene,
    legal_basis: &[],
    summary: "",
    help: "",
    docs: "",
    dir: "",
    opt_in: false,
};

/// A schema-valid inventory from one YAML document (the `dpalint: 1` line is added).
fn inventory(yaml: &str) -> Inventory {
    let text = format!("dpalint: 1\n{yaml}");
    let project = Project::from_inputs(vec![Input::text("t.yaml", &text)], Config::default());
    let diags = project.input_diagnostics();
    assert!(diags.is_empty(), "input problems: {diags:?}");
    project.inventory().clone()
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// Run `f` with a rule context on `inv` at 2026-12-01 (the date of § 6).
fn with_cx<R>(inv: &Inventory, f: impl FnOnce(&Context<'_>) -> R) -> R {
    let reference = Reference::embedded();
    let as_of = date("2026-12-01");
    let thresholds = reference.thresholds_at(as_of).unwrap();
    let cx = Context::new(inv, as_of, &thresholds, reference, &META);
    f(&cx)
}

fn vendor<'a>(inv: &'a Inventory, id: &str) -> &'a Vendor {
    inv.vendor(id).unwrap()
}

fn ids(vendors: &[&Vendor]) -> Vec<String> {
    vendors.iter().map(|v| v.id.clone()).collect()
}

/// A2: a US processor with SCCs (module 2) and sub-processors in the US, the
/// US and Ireland, and Germany.
const A2: &str = "
vendors:
  - { id: v, name: V, role: processor, country: US, data_locations: [US],
      transfer: { mechanism: scc, scc: { decision: '2021/914', module: 2, incorporated_by_reference: true } } }
  - { id: s1, name: S1, role: sub_processor, parent: v, country: US, data_locations: [US] }
  - { id: s2, name: S2, role: sub_processor, parent: v, country: US, data_locations: [US, IE] }
  - { id: s3, name: S3, role: sub_processor, parent: v, country: DE, data_locations: [DE] }
  - { id: s4, name: S4, role: sub_processor, parent: v, country: IN, data_locations: [IN] }
";

#[test]
fn onward_transfers_under_the_parents_sccs() {
    let inv = inventory(A2);
    with_cx(&inv, |cx| {
        // A2: s1, s2 covered; s3 needs nothing (no foreign country); A3: s4 not covered.
        assert!(onward_covered(cx, vendor(&inv, "s1")));
        assert!(onward_covered(cx, vendor(&inv, "s2")));
        assert!(
            !onward_covered(cx, vendor(&inv, "s3")),
            "FOREIGN(s3) is empty"
        );
        assert!(
            !onward_covered(cx, vendor(&inv, "s4")),
            "IN is not the parent's country"
        );
        assert!(
            !onward_covered(cx, vendor(&inv, "v")),
            "not a sub-processor"
        );
    });
    // A4: a parent's module left out still covers; modules 1 and 4 do not.
    for (module, covered) in [("null", true), ("3", true), ("1", false), ("4", false)] {
        let inv = inventory(&A2.replace("module: 2", &format!("module: {module}")));
        with_cx(&inv, |cx| {
            assert_eq!(
                onward_covered(cx, vendor(&inv, "s1")),
                covered,
                "module {module}"
            );
        });
    }
    // No transfer block or another mechanism on the parent: not covered.
    let inv = inventory(&A2.replace("mechanism: scc", "mechanism: unspecified"));
    with_cx(&inv, |cx| assert!(!onward_covered(cx, vendor(&inv, "s1"))));
}

#[test]
fn onward_transfers_under_the_parents_dpf_and_through_a_chain() {
    // A6: a DPF parent and US sub-processors; the parent's own defects do not matter.
    let inv = inventory(
        "
vendors:
  - { id: d, name: D, role: processor, country: US, data_locations: [US],
      transfer: { mechanism: dpf, dpf: { certified: true, recertification_due: 2026-09-30 } } }
  - { id: u, name: U, role: sub_processor, parent: d, country: US }
  - { id: uu, name: UU, role: sub_processor, parent: u, country: US, data_locations: [US, DE] }
  - { id: ca, name: CA, role: sub_processor, parent: d, country: CA }
",
    );
    with_cx(&inv, |cx| {
        assert!(onward_covered(cx, vendor(&inv, "u")));
        assert!(
            onward_covered(cx, vendor(&inv, "uu")),
            "through u, covered by d"
        );
        assert!(
            !onward_covered(cx, vendor(&inv, "ca")),
            "DPF covers the US only"
        );
    });
}

#[test]
fn walks_over_parent_cycles_terminate() {
    let inv = inventory(
        "
vendors:
  - { id: a, name: A, role: sub_processor, parent: b, country: US }
  - { id: b, name: B, role: sub_processor, parent: a, country: US }
  - { id: c, name: C, role: sub_processor, parent: c, country: US }
  - { id: d, name: D, role: sub_processor, parent: a, country: US }
",
    );
    with_cx(&inv, |cx| {
        for id in ["a", "b", "c", "d"] {
            assert!(!onward_covered(cx, vendor(&inv, id)), "{id}");
        }
    });
    assert_eq!(ids(&ancestors(&inv, vendor(&inv, "a"))), ["b"]);
    assert_eq!(ids(&ancestors(&inv, vendor(&inv, "d"))), ["a", "b"]);
    assert!(ancestors(&inv, vendor(&inv, "c")).is_empty());
    assert_eq!(ids(&chain(&inv, vendor(&inv, "a"))), ["a", "b", "d"]);
    assert_eq!(ids(&chain(&inv, vendor(&inv, "c"))), ["c"]);
    assert_eq!(
        ids(&subs(&inv, vendor(&inv, "a")).collect::<Vec<_>>()),
        ["b", "d"]
    );
}

#[test]
fn chain_is_breadth_first_and_ancestors_nearest_first() {
    let inv = inventory(
        "
vendors:
  - { id: p, name: P, role: processor }
  - { id: s1, name: S1, role: sub_processor, parent: p }
  - { id: s2, name: S2, role: sub_processor, parent: p }
  - { id: s1a, name: S1A, role: sub_processor, parent: s1 }
  - { id: other, name: O, role: processor }
",
    );
    assert_eq!(
        ids(&chain(&inv, vendor(&inv, "p"))),
        ["p", "s1", "s2", "s1a"]
    );
    assert_eq!(ids(&ancestors(&inv, vendor(&inv, "s1a"))), ["s1", "p"]);
    assert!(subs(&inv, vendor(&inv, "other")).next().is_none());
}

#[test]
fn codes_and_foreign() {
    let inv = inventory(
        "
vendors:
  - { id: v, name: V, role: processor, country: US,
      data_locations: [US, IE, EEA, UK, IL, KR, JP, Atlantis, Amerika],
      transfer: { mechanism: dpf } }
",
    );
    with_cx(&inv, |cx| {
        let v = vendor(&inv, "v");
        assert_eq!(
            codes(cx.reference, v),
            ["US", "IE", "EEA", "GB", "IL", "KR", "JP"],
            "unresolvable values are skipped, names and aliases resolved"
        );
        // Partial adequacy (US, JP) is foreign whatever the mechanism; IL and KR are full (§4.1).
        assert_eq!(foreign(cx, v), ["US", "JP"]);
        assert_eq!(foreign_locations(cx.reference, cx.as_of, v).len(), 4);
    });
}

#[test]
fn the_g0_g0b_guard() {
    let inv = inventory(
        "
vendors:
  - { id: none, name: N, role: processor, dpa: { form: none, breach: { notify: true } } }
  - { id: bare, name: B, role: processor, dpa: { form: written, effective: 2024-01-15 } }
  - { id: empty, name: E, role: processor,
      dpa: { form: written, audits: {}, own_purpose_use: [], breach: { wording: ' ', qualifiers: [] } } }
  - { id: a24, name: A, role: processor,
      dpa: { form: written, breach: { notify: true, deadline_hours: 24, content_specified: true } } }
  - { id: false_is_a_term, name: F, role: processor, dpa: { audits: { inspections: false } } }
  - { id: missing, name: M, role: processor }
",
    );
    let guard = |id| checked_terms(vendor(&inv, id)).is_some();
    assert!(!dpa_terms(vendor(&inv, "none")) && !guard("none"));
    assert!(dpa_terms(vendor(&inv, "bare")) && !terms_recorded(vendor(&inv, "bare")));
    assert!(!guard("bare"), "A24: DPA065's case");
    assert!(!guard("empty"), "present but empty groups are not recorded");
    assert!(guard("a24"));
    assert!(
        guard("false_is_a_term"),
        "a dpa without form counts; false is a term"
    );
    assert!(!dpa_terms(vendor(&inv, "missing")) && !guard("missing"));
    let checked: Vec<&str> = vendors_with_terms(&inv.vendors)
        .map(|(v, _)| v.id.as_str())
        .collect();
    assert_eq!(checked, ["a24", "false_is_a_term"]);
    let recorded: Vec<&str> = vendor(&inv, "a24")
        .dpa
        .as_ref()
        .unwrap()
        .recorded
        .names()
        .collect();
    assert_eq!(recorded, ["breach"]);
}

#[test]
fn the_effective_objection_window() {
    let window = |sub: &str| {
        let inv = inventory(&format!(
            "vendors:\n  - {{ id: v, name: V, role: processor, dpa: {{ subprocessing: {sub} }} }}\n"
        ));
        objection_window(vendor(&inv, "v").dpa.as_ref().unwrap())
    };
    let w = window(
        "{ objection: { right: true, window_days: 10 }, change_notice: { advance_days: 30 } }",
    )
    .unwrap();
    assert_eq!((w.days, w.basis), (10, WindowBasis::Days));
    // A9: 10 business days are 14 days; 5 are 7.
    let w = window("{ objection: { right: true, window_business_days: 10 } }").unwrap();
    assert_eq!((w.days, w.basis), (14, WindowBasis::BusinessDays(10)));
    assert_eq!(
        w.pointer(),
        "dpa/subprocessing/objection/window_business_days"
    );
    assert_eq!(
        window("{ objection: { window_business_days: 5 } }").map(|w| w.days),
        Some(7)
    );
    // B915: Option 2, the advance notice is the window when there is an objection right.
    let w = window("{ objection: { right: true, effect: block }, change_notice: { mode: proactive_written, advance_days: 30 } }")
        .unwrap();
    assert_eq!((w.days, w.basis), (30, WindowBasis::AdvanceNotice));
    assert_eq!(window("{ change_notice: { advance_days: 30 } }"), None);
    assert_eq!(window("{ objection: { right: true } }"), None);
}

#[test]
fn the_date_of_the_sccs() {
    let inv = inventory(
        "
vendors:
  - { id: signed, name: S, role: processor,
      transfer: { mechanism: scc, scc: { signed: 2026-06-01, incorporated_by_reference: true } },
      dpa: { effective: 2026-01-01 } }
  - { id: accepted, name: A, role: processor,
      transfer: { scc: { incorporated_by_reference: true } },
      dpa: { effective: 2026-01-01, accepted_on: 2026-02-01 } }
  - { id: effective, name: E, role: processor,
      transfer: { scc: { incorporated_by_reference: true } }, dpa: { effective: 2026-01-01 } }
  - { id: separate, name: P, role: processor, transfer: { scc: { module: 2 } },
      dpa: { effective: 2026-01-01 } }
  - { id: no_dpa, name: N, role: sub_processor, parent: signed,
      transfer: { scc: { incorporated_by_reference: true } } }
",
    );
    let at = |id| scc_date(vendor(&inv, id)).map(|d| (d.date, d.basis));
    assert_eq!(
        at("signed"),
        Some((date("2026-06-01"), SccDateBasis::Signed))
    );
    assert_eq!(
        at("accepted"),
        Some((date("2026-02-01"), SccDateBasis::AcceptedOn))
    );
    assert_eq!(
        at("effective"),
        Some((date("2026-01-01"), SccDateBasis::Effective))
    );
    assert_eq!(at("separate"), None);
    assert_eq!(at("no_dpa"), None);
    assert_eq!(
        scc_date(vendor(&inv, "accepted")).unwrap().pointer(),
        "dpa/accepted_on"
    );
}

#[test]
fn hr_data_only_by_the_flag_and_along_the_chain() {
    // A15 and clarification 7.
    let inv = inventory(
        "
activities:
  - { id: crm, name: CRM, data_subjects: [contact persons (employees of customers)], recipients: [p] }
  - { id: payroll, name: Payroll, hr_data: true, recipients: [bureau] }
vendors:
  - { id: p, name: P, role: processor, country: US }
  - { id: bureau, name: B, role: processor, country: NL }
  - { id: us_sub, name: U, role: sub_processor, parent: bureau, country: US }
",
    );
    assert!(
        hr_to(&inv, vendor(&inv, "p")).is_none(),
        "no inference from data_subjects"
    );
    assert_eq!(
        hr_to(&inv, vendor(&inv, "bureau")).map(|a| a.id.as_str()),
        Some("payroll")
    );
    assert_eq!(
        hr_to(&inv, vendor(&inv, "us_sub")).map(|a| a.id.as_str()),
        Some("payroll")
    );
}

#[test]
fn mechanisms() {
    let inv = inventory(
        "
vendors:
  - { id: none, name: A, role: processor, transfer: { mechanism: none } }
  - { id: unspecified, name: B, role: processor, transfer: { mechanism: unspecified } }
  - { id: absent, name: C, role: processor }
  - { id: scc, name: D, role: processor, transfer: { mechanism: scc } }
  - { id: dpf, name: E, role: processor, transfer: { mechanism: dpf } }
  - { id: coc, name: F, role: processor, transfer: { mechanism: code_of_conduct } }
",
    );
    let concrete_ids: Vec<&str> = inv
        .vendors
        .iter()
        .filter(|v| concrete(v))
        .map(|v| v.id.as_str())
        .collect();
    assert_eq!(concrete_ids, ["scc", "dpf", "coc"]);
    let tia: Vec<&str> = inv
        .vendors
        .iter()
        .filter(|v| uses_tia_tool(v))
        .map(|v| v.id.as_str())
        .collect();
    assert_eq!(tia, ["scc", "coc"]);
}

#[test]
fn the_nearest_governing_dpa() {
    let inv = inventory(
        "
vendors:
  - { id: p, name: P, role: processor, dpa: { transfers: { clause: generic } } }
  - { id: s, name: S, role: sub_processor, parent: p }
  - { id: ss, name: SS, role: sub_processor, parent: s }
  - { id: own, name: O, role: sub_processor, parent: p, dpa: { form: written } }
  - { id: none, name: N, role: processor, dpa: { form: none } }
  - { id: under_none, name: U, role: sub_processor, parent: none }
",
    );
    let g = |id| governing_dpa(&inv, vendor(&inv, id)).map(|v| v.id.as_str());
    assert_eq!(g("ss"), Some("p"));
    assert_eq!(g("own"), Some("own"));
    assert_eq!(g("under_none"), None);
}

#[test]
fn country_resolution() {
    let r = Reference::embedded();
    assert_eq!(resolve_country(r, "UK").as_deref(), Some("GB"));
    assert_eq!(resolve_country(r, "EL").as_deref(), Some("GR"));
    assert_eq!(resolve_country(r, "Amerika").as_deref(), Some("US"));
    assert_eq!(resolve_country(r, "us").as_deref(), Some("US"));
    assert_eq!(resolve_country(r, "EEA").as_deref(), Some("EEA"));
    assert_eq!(resolve_country(r, "EPO").as_deref(), Some("EPO"));
    assert_eq!(resolve_country(r, "Atlantis"), None);
}
