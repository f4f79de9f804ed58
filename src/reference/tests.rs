//! The reference data checked against its sources: every file parses, every
//! entry is well formed and the JSON a run reads equals the YAML as written.

use super::*;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// build.rs converted each file with the loader's YAML 1.2 options: the
/// JSON a run parses holds exactly what the YAML says.
#[test]
fn build_time_json_equals_the_yaml() {
    for (file, yaml) in FILES {
        let name = file.trim_end_matches(".yaml");
        let (_, json) = JSON.iter().find(|(n, _)| *n == name).unwrap();
        let from_yaml: serde_json::Value =
            serde_saphyr::from_str_with_options(yaml, crate::project::parse::parser_options())
                .unwrap();
        let from_json: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(from_yaml, from_json, "{file}");
    }
    assert_eq!(FILES.len(), JSON.len());
}

#[test]
fn reference_data_parses_and_every_file_has_sources() {
    let r = Reference::embedded();
    for (file, n) in &r.sources {
        assert!(*n > 0, "{file} lists no sources");
    }
    assert_eq!(r.iso.len(), 249);
    for a in &r.adequacy {
        assert!(
            !a.decision.is_empty(),
            "{} has no decision reference",
            a.code
        );
    }
    for s in &r.scc {
        assert!(s.valid_until.is_some() || s.id == "2021/914", "{}", s.id);
    }
}

#[test]
fn eea_and_adequacy_facts() {
    let r = Reference::embedded();
    assert!(r.is_eea("NO") && r.is_eea("EL") && r.is_eea("EU") && r.is_eea("RE"));
    assert!(!r.is_eea("CH") && !r.is_eea("GB") && !r.is_eea("US"));
    assert!(
        !r.adequate_full("BR", d("2026-01-27")),
        "Brazil only from its date of effect (2026-01-28 until verified), not its adoption"
    );
    assert!(r.adequate_full("BR", d("2026-01-28")));
    assert!(!r.adequate_full("EPO", d("2025-07-17")));
    assert!(r.adequate_full("EPO", d("2025-07-18")));
    assert!(r.adequate_partial("US", d("2026-11-21")));
    assert!(!r.adequate_partial("US", d("2023-07-09")));
    assert!(r.adequate_full("UK", d("2026-11-21")));
    assert!(
        r.adequate_full("GB", d("2025-09-01")),
        "technical extension"
    );
    assert!(r.adequate_full("GB", d("2031-12-27")));
    assert!(!r.adequate_full("GB", d("2031-12-28")));
    assert!(r.is_third("IN", d("2026-11-21")));
    assert_eq!(r.scc_module("controller", "processor"), Some(2));
    assert_eq!(r.scc_module("processor", "processor"), Some(3));
    assert_eq!(
        r.scc_instrument("2010/87/EU").unwrap().valid_until,
        Some(d("2022-12-27"))
    );
}

/// RULES-v2 §4: the corrections of the legal review.
#[test]
fn v2_reference_corrections() {
    let r = Reference::embedded();
    let at = d("2026-12-01");
    // §4.1: Israel and Korea are full, with their scope notes; CA, JP, US stay partial.
    for code in ["IL", "KR"] {
        let e = r.adequacy_at(code, at).unwrap();
        assert_eq!(e.scope, Scope::Full, "{code}");
        assert!(e.requires.is_none(), "{code}");
        assert!(e.scope_note.as_deref().is_some_and(|n| n.contains("Art 1")));
    }
    for code in ["CA", "JP", "US"] {
        assert!(r.adequate_partial(code, at), "{code}");
    }
    // §4.2: the GB renewal is marked unverified, with its history.
    let gb = r.adequacy_at("GB", at).unwrap();
    assert!(!gb.decision_verified);
    assert_eq!(gb.valid_until, Some(d("2031-12-27")));
    assert!(gb.history.iter().any(|h| h.decision.contains("2021/1772")
        && h.decision_verified
        && h.valid_until == Some(d("2025-06-27"))));
    assert!(
        gb.history
            .iter()
            .any(|h| !h.decision_verified && h.valid_until == Some(d("2025-12-27")))
    );
    // §4.3: every entry adopted after 2018 states its date of effect.
    for e in &r.adequacy {
        if e.adopted > d("2018-12-31") {
            assert!(e.valid_from.is_some(), "{} has no valid_from", e.code);
        }
    }
    // §4.4: 2002/16/EC was not grandfathered.
    assert_eq!(
        r.scc_instrument("2002/16/EC").unwrap().valid_until,
        Some(d("2021-09-26"))
    );
    // §4.6: the pending DPF appeal, as a note for users.
    let us = r.adequacy_at("US", at).unwrap();
    let notes: Vec<&str> = us.pending_litigation_notes().collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].starts_with("C-703/25 P") && notes[0].contains("SCC fallback"));
    assert!(
        us.litigation
            .iter()
            .any(|l| l.status == LitigationStatus::Decided && l.case.starts_with("T-553/23"))
    );
    // §4.7: Kingdom of the Netherlands and Svalbard reminders; none of them is EEA.
    for code in ["AW", "CW", "SX", "BQ", "SJ"] {
        assert!(r.not_eea_reminder(code).is_some(), "{code}");
        assert!(r.is_third(code, at), "{code}");
    }
    for code in r.not_eea_reminders.keys() {
        assert!(
            !r.is_eea(code),
            "{code} is in the EEA and in not_eea_reminders"
        );
        assert!(r.is_iso(code), "{code}");
    }
}

/// Every fact points at where it can be checked.
#[test]
fn every_entry_has_a_source() {
    let r = Reference::embedded();
    let is_url = |s: &str| s.starts_with("https://") || s.starts_with("http://");
    for a in &r.adequacy {
        assert!(is_url(&a.source), "{}: source {:?}", a.code, a.source);
        for h in &a.history {
            if h.decision_verified {
                assert!(
                    h.source.as_deref().is_some_and(is_url),
                    "{}: verified history entry {} has no source",
                    a.code,
                    h.decision
                );
            }
        }
        for l in &a.litigation {
            assert!(
                !l.note.trim().is_empty() && !l.note.contains('\n'),
                "{}",
                l.case
            );
            assert!(
                l.ecli.is_some() || l.oj.is_some(),
                "{}: no reference",
                l.case
            );
        }
    }
    for s in &r.scc {
        assert!(is_url(&s.source), "{}", s.id);
    }
    for (name, t) in r.legal_thresholds.all() {
        assert!(is_url(&t.source) && !t.basis.is_empty(), "{name}");
    }
}

/// Legal thresholds: windows never overlap, and together they cover every
/// date (exactly one window contains any date).
#[test]
fn threshold_windows_cover_every_date_once() {
    let r = Reference::embedded();
    for (name, t) in r.legal_thresholds.all() {
        let mut windows = t.values.clone();
        windows.sort_by_key(|w| w.valid_from);
        assert!(!windows.is_empty(), "{name}");
        assert_eq!(
            windows[0].valid_from, None,
            "{name}: starts later than always"
        );
        assert_eq!(windows[windows.len() - 1].valid_until, None, "{name}: ends");
        for pair in windows.windows(2) {
            let end = pair[0]
                .valid_until
                .expect("only the last window is open-ended");
            let next = Date(end.0.tomorrow().unwrap());
            assert_eq!(
                pair[1].valid_from,
                Some(next),
                "{name}: gap or overlap after {end}"
            );
        }
        for w in &windows {
            if let (Some(f), Some(u)) = (w.valid_from, w.valid_until) {
                assert!(f <= u, "{name}: empty window");
            }
        }
        for date in ["1995-10-24", "2018-05-25", "2026-12-01", "2099-01-01"] {
            let n = t.values.iter().filter(|w| w.contains(d(date))).count();
            assert_eq!(n, 1, "{name} on {date}");
        }
    }
    let t = r.thresholds_at(d("2026-12-01")).unwrap();
    assert_eq!(
        (t.controller_breach_hours, t.ropa_employee_threshold),
        (72, 250)
    );
    assert_eq!(t.dpia_min_wp248_criteria, 2);
}

/// A date outside every window of a legal threshold is a reference-data
/// error, unless dpalint.toml fixes the value for every date.
#[test]
fn a_date_outside_every_window_is_an_error() {
    let mut r = Reference::embedded().clone();
    r.legal_thresholds.ropa_employee_threshold.values = vec![
        DatedValue {
            value: 250,
            valid_from: Some(d("2018-05-25")),
            valid_until: Some(d("2027-12-31")),
        },
        DatedValue {
            value: 750,
            valid_from: Some(d("2028-01-01")),
            valid_until: None,
        },
    ];
    assert_eq!(
        r.thresholds_at(d("2028-01-01"))
            .unwrap()
            .ropa_employee_threshold,
        750
    );
    assert_eq!(
        r.thresholds_at(d("2027-12-31"))
            .unwrap()
            .ropa_employee_threshold,
        250
    );
    let err = r.thresholds_at(d("2017-01-01")).unwrap_err();
    assert!(
        err.contains("ropa_employee_threshold")
            && err.contains("GDPR Art 30(5)")
            && err.contains("2017-01-01")
            && err.contains("[thresholds]"),
        "{err}"
    );
    let overrides = crate::config::ThresholdOverrides {
        ropa_employee_threshold: Some(100),
        ..Default::default()
    };
    let t = overrides.resolve(&r, d("2017-01-01")).unwrap();
    assert_eq!(t.ropa_employee_threshold, 100);
}
