//! Legal facts as data: rules/reference/*.yaml, embedded and parsed once.
//!
//! EEA membership, adequacy decisions (with validity windows, scope and the
//! litigation against them), SCC instruments, the SCC module matrix, ISO
//! 3166-1 codes, country-name aliases and thresholds (legal ones dated, policy
//! defaults undated). Rules ask questions (`is_eea`, `adequacy_at`, ...); no
//! legal fact is written in rule code.

use crate::model::Date;
use serde::Deserialize;

pub mod cloud;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

/// The reference files, as written (`rules/reference/*.yaml`): only the test
/// comparing them with the JSON a run parses needs them in the binary.
#[cfg(test)]
const FILES: &[(&str, &str)] = &[
    ("eea.yaml", include_str!("../rules/reference/eea.yaml")),
    (
        "adequacy.yaml",
        include_str!("../rules/reference/adequacy.yaml"),
    ),
    (
        "transfer_instruments.yaml",
        include_str!("../rules/reference/transfer_instruments.yaml"),
    ),
    (
        "country_aliases.yaml",
        include_str!("../rules/reference/country_aliases.yaml"),
    ),
    (
        "iso3166.yaml",
        include_str!("../rules/reference/iso3166.yaml"),
    ),
    (
        "thresholds.yaml",
        include_str!("../rules/reference/thresholds.yaml"),
    ),
    (
        "cloud_regions.yaml",
        include_str!("../rules/reference/cloud_regions.yaml"),
    ),
    (
        "providers.yaml",
        include_str!("../rules/reference/providers.yaml"),
    ),
];

/// The same files converted to JSON by build.rs: what a run actually parses
/// (a tenth of the cost of the YAML).
macro_rules! reference_json {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!(env!("OUT_DIR"), "/reference/", $name, ".json")),
        )
    };
}
const JSON: &[(&str, &str)] = &[
    reference_json!("eea"),
    reference_json!("adequacy"),
    reference_json!("transfer_instruments"),
    reference_json!("country_aliases"),
    reference_json!("iso3166"),
    reference_json!("thresholds"),
    reference_json!("cloud_regions"),
    reference_json!("providers"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Full,
    Partial,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Adequacy {
    pub code: String,
    pub name: String,
    pub decision: String,
    /// Where the decision is published (EUR-Lex ELI or the Commission's list).
    pub source: String,
    pub adopted: Date,
    pub scope: Scope,
    #[serde(default)]
    pub valid_from: Option<Date>,
    #[serde(default)]
    pub valid_until: Option<Date>,
    #[serde(default)]
    pub scope_note: Option<String>,
    #[serde(default)]
    pub requires: Option<String>,
    /// `false` while the decision number/ELI has not been checked against
    /// EUR-Lex (the GB renewal); absent = verified.
    #[serde(default = "verified")]
    pub decision_verified: bool,
    /// Earlier decisions this entry continues (GB: 2021/1772, the 2025 extension).
    #[serde(default)]
    pub history: Vec<AdequacyHistory>,
    /// Court cases against the decision (US: the DPF).
    #[serde(default)]
    pub litigation: Vec<Litigation>,
}

fn verified() -> bool {
    true
}

impl Adequacy {
    /// First day the decision applies: its date of effect, else its adoption.
    pub fn first_day(&self) -> Date {
        self.valid_from.unwrap_or(self.adopted)
    }

    pub fn valid_at(&self, date: Date) -> bool {
        date >= self.first_day() && self.valid_until.is_none_or(|u| date <= u)
    }

    /// The user-facing notes of litigation still pending against the decision
    /// (appended to the help of DPA029, and of DPA025 for Privacy Shield).
    pub fn pending_litigation_notes(&self) -> impl Iterator<Item = &str> {
        self.litigation
            .iter()
            .filter(|l| l.status == LitigationStatus::Pending)
            .map(|l| l.note.as_str())
    }
}

/// An earlier decision an adequacy entry continues.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdequacyHistory {
    pub decision: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default = "verified")]
    pub decision_verified: bool,
    #[serde(default)]
    pub adopted: Option<Date>,
    #[serde(default)]
    pub valid_from: Option<Date>,
    #[serde(default)]
    pub valid_until: Option<Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LitigationStatus {
    Pending,
    Decided,
}

/// A court case against an adequacy decision.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Litigation {
    pub case: String,
    pub status: LitigationStatus,
    /// One line for users, shown in rule help while the case is pending.
    pub note: String,
    #[serde(default)]
    pub outcome: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub lodged: Option<Date>,
    #[serde(default)]
    pub ecli: Option<String>,
    #[serde(default)]
    pub oj: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Invalidated {
    pub instrument: String,
    pub invalid_from: Date,
    pub judgment: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct SccInstrument {
    pub id: String,
    pub title: String,
    /// Where the instrument is published (EUR-Lex ELI).
    pub source: String,
    pub adopted: Date,
    #[serde(default)]
    pub valid_from: Option<Date>,
    #[serde(default)]
    pub valid_until: Option<Date>,
    #[serde(default)]
    pub concludable_until: Option<Date>,
}

#[derive(Deserialize)]
struct EeaFile {
    as_of: Date,
    eu: BTreeMap<String, String>,
    eea_efta: BTreeMap<String, String>,
    eu_territories_own_iso: BTreeMap<String, String>,
    not_eea_reminders: BTreeMap<String, String>,
    aliases: BTreeMap<String, String>,
    region_tokens: Vec<String>,
    sources: Vec<String>,
}

#[derive(Deserialize)]
struct AdequacyFile {
    as_of: Date,
    entries: Vec<Adequacy>,
    invalidated: Vec<Invalidated>,
    sources: Vec<String>,
}

#[derive(Deserialize)]
struct InstrumentsFile {
    as_of: Date,
    scc_instruments: Vec<SccInstrument>,
    module_matrix: BTreeMap<String, BTreeMap<String, u8>>,
    sources: Vec<String>,
}

#[derive(Deserialize)]
struct AliasesFile {
    as_of: Date,
    aliases: BTreeMap<String, String>,
    sources: Vec<String>,
}

#[derive(Deserialize)]
struct IsoFile {
    as_of: Date,
    codes: BTreeMap<String, String>,
    sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThresholdsFile {
    as_of: Date,
    legal: LegalThresholds,
    defaults: PolicyDefaults,
    sources: Vec<String>,
}

/// The thresholds fixed by law, each with dated values (thresholds.yaml `legal:`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalThresholds {
    /// Art. 33(1): hours the controller has to notify the supervisory authority.
    pub controller_breach_hours: LegalThreshold,
    /// Art. 30(5): employees from which the record-keeping exemption ends (DPA043).
    pub ropa_employee_threshold: LegalThreshold,
}

impl LegalThresholds {
    /// Every legal threshold with its name.
    pub fn all(&self) -> [(&'static str, &LegalThreshold); 2] {
        [
            ("controller_breach_hours", &self.controller_breach_hours),
            ("ropa_employee_threshold", &self.ropa_employee_threshold),
        ]
    }
}

/// A threshold fixed by law, with its values over time.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalThreshold {
    /// The provision that sets it, e.g. "GDPR Art 30(5)".
    pub basis: String,
    pub source: String,
    pub values: Vec<DatedValue>,
}

/// One value of a legal threshold and the inclusive window in which it applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedValue {
    pub value: u64,
    /// `None` = since always.
    pub valid_from: Option<Date>,
    /// `None` = open-ended.
    pub valid_until: Option<Date>,
}

impl DatedValue {
    pub fn contains(&self, date: Date) -> bool {
        self.valid_from.is_none_or(|f| date >= f) && self.valid_until.is_none_or(|u| date <= u)
    }
}

impl LegalThreshold {
    /// The value in force on `date`: the first window containing it (the data
    /// test proves there is at most one).
    pub fn value_at(&self, date: Date) -> Option<u64> {
        self.values
            .iter()
            .find(|v| v.contains(date))
            .map(|v| v.value)
    }
}

/// dpalint's policy thresholds (thresholds.yaml `defaults:`): choices, not law.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PolicyDefaults {
    pub min_objection_days: u64,
    pub max_processor_breach_hours: u64,
    pub max_deletion_days: u64,
    pub dpia_min_wp248_criteria: u64,
    pub accept_eu_aliases: bool,
}

/// The parsed reference data.
#[derive(Clone, Debug)]
pub struct Reference {
    /// The oldest `as_of` of all files: how fresh the legal facts are.
    pub as_of: Date,
    eea: HashSet<String>,
    /// The EU member states (and EU territories with their own code).
    eu: HashSet<String>,
    /// Codes often mistaken for EEA members (GB, CH, AW, SJ, ...) with an explanation.
    pub not_eea_reminders: BTreeMap<String, String>,
    pub eu_aliases: HashMap<String, String>,
    pub region_tokens: Vec<String>,
    pub adequacy: Vec<Adequacy>,
    pub invalidated: Vec<Invalidated>,
    pub scc: Vec<SccInstrument>,
    module_matrix: BTreeMap<String, BTreeMap<String, u8>>,
    pub name_aliases: BTreeMap<String, String>,
    pub iso: BTreeMap<String, String>,
    /// Legal thresholds, by date.
    pub legal_thresholds: LegalThresholds,
    /// Policy thresholds.
    pub threshold_defaults: PolicyDefaults,
    /// Number of sources per file, for the data test.
    pub sources: Vec<(&'static str, usize)>,
}

pub(crate) fn parse<T: for<'de> Deserialize<'de>>(name: &str) -> T {
    let text = JSON.iter().find(|(f, _)| *f == name).map_or("", |(_, t)| t);
    // build.rs wrote this JSON from our own embedded data, and the tests below
    // read it into these same types: failing here is a build defect, never an
    // input error, so it may panic.
    serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("rules/reference/{name}.yaml (as JSON) is invalid: {e}"))
}

static EMBEDDED: LazyLock<Reference> = LazyLock::new(Reference::load);

impl Reference {
    pub fn embedded() -> &'static Reference {
        &EMBEDDED
    }

    fn load() -> Reference {
        let eea: EeaFile = parse("eea");
        let adq: AdequacyFile = parse("adequacy");
        let ins: InstrumentsFile = parse("transfer_instruments");
        let ali: AliasesFile = parse("country_aliases");
        let iso: IsoFile = parse("iso3166");
        let thr: ThresholdsFile = parse("thresholds");
        let as_of = [
            eea.as_of, adq.as_of, ins.as_of, ali.as_of, iso.as_of, thr.as_of,
        ]
        .into_iter()
        .min()
        .unwrap_or(eea.as_of);
        let mut set = HashSet::new();
        set.extend(eea.eu.keys().cloned());
        set.extend(eea.eea_efta.keys().cloned());
        set.extend(eea.eu_territories_own_iso.keys().cloned());
        let mut eu: HashSet<String> = eea.eu.keys().cloned().collect();
        eu.extend(eea.eu_territories_own_iso.keys().cloned());
        Reference {
            eu,
            as_of,
            eea: set,
            not_eea_reminders: eea.not_eea_reminders,
            eu_aliases: eea.aliases.into_iter().collect(),
            region_tokens: eea.region_tokens,
            adequacy: adq.entries,
            invalidated: adq.invalidated,
            scc: ins.scc_instruments,
            module_matrix: ins.module_matrix,
            name_aliases: ali.aliases,
            iso: iso.codes,
            legal_thresholds: thr.legal,
            threshold_defaults: thr.defaults,
            sources: vec![
                ("eea.yaml", eea.sources.len()),
                ("adequacy.yaml", adq.sources.len()),
                ("transfer_instruments.yaml", ins.sources.len()),
                ("country_aliases.yaml", ali.sources.len()),
                ("iso3166.yaml", iso.sources.len()),
                ("thresholds.yaml", thr.sources.len()),
            ],
        }
    }

    /// Normalise EU-style aliases (`EL` -> `GR`, `UK` -> `GB`) when accepted.
    pub fn normalise<'a>(&'a self, code: &'a str, accept_aliases: bool) -> &'a str {
        if accept_aliases {
            self.eu_aliases.get(code).map_or(code, String::as_str)
        } else {
            code
        }
    }

    /// `EEA(c)`: a member state, an EEA EFTA state, an EU territory or a region token.
    pub fn is_eea(&self, code: &str) -> bool {
        let c = self.normalise(code, true);
        self.eea.contains(c) || self.region_tokens.iter().any(|t| t == c)
    }

    /// An EU member state (or an EU territory with its own code), or the token `EU`.
    pub fn is_eu(&self, code: &str) -> bool {
        let c = self.normalise(code, true);
        c == "EU" || self.eu.contains(c)
    }

    /// The cloud regions and Terraform providers (cloud_regions.yaml,
    /// providers.yaml), parsed on first use: runs without Terraform never pay for them.
    pub fn cloud(&self) -> &'static cloud::Cloud {
        cloud::Cloud::embedded()
    }

    /// The adequacy entry for `code` valid at `date`, if any.
    pub fn adequacy_at(&self, code: &str, date: Date) -> Option<&Adequacy> {
        let c = self.normalise(code, true);
        self.adequacy
            .iter()
            .find(|a| a.code == c && a.valid_at(date))
    }

    /// Any adequacy entry for `code`, valid or not.
    pub fn adequacy_entry(&self, code: &str) -> Option<&Adequacy> {
        let c = self.normalise(code, true);
        self.adequacy.iter().find(|a| a.code == c)
    }

    /// `ADEQ_FULL(c)` at `date`.
    pub fn adequate_full(&self, code: &str, date: Date) -> bool {
        self.adequacy_at(code, date)
            .is_some_and(|a| a.scope == Scope::Full)
    }

    /// `ADEQ_PARTIAL(c)` at `date`.
    pub fn adequate_partial(&self, code: &str, date: Date) -> bool {
        self.adequacy_at(code, date)
            .is_some_and(|a| a.scope == Scope::Partial)
    }

    /// `THIRD(c)`: neither EEA nor fully adequate at `date`.
    pub fn is_third(&self, code: &str, date: Date) -> bool {
        !self.is_eea(code) && !self.adequate_full(code, date)
    }

    pub fn scc_instrument(&self, id: &str) -> Option<&SccInstrument> {
        self.scc.iter().find(|s| s.id == id)
    }

    /// SCC module for an exporter/importer role pair (`controller`/`processor`).
    pub fn scc_module(&self, exporter: &str, importer: &str) -> Option<u8> {
        self.module_matrix.get(exporter)?.get(importer).copied()
    }

    /// Whether `code` is an officially assigned ISO 3166-1 alpha-2 code.
    pub fn is_iso(&self, code: &str) -> bool {
        self.iso.contains_key(code)
    }

    /// International organisations with adequacy decisions (e.g. EPO).
    pub fn is_international_org(&self, code: &str) -> bool {
        code.len() > 2 && self.adequacy.iter().any(|a| a.code == code)
    }

    /// The thresholds in force on `date` without any dpalint.toml override; an
    /// error when a legal threshold has no value on that date.
    pub fn thresholds_at(&self, date: Date) -> Result<crate::config::Thresholds, String> {
        crate::config::ThresholdOverrides::default().resolve(self, date)
    }

    /// The value of the legal threshold `name` in force on `date`, or a
    /// message saying that the reference data have none.
    pub fn legal_threshold_at(&self, name: &str, date: Date) -> Result<u64, String> {
        let Some((name, t)) = self
            .legal_thresholds
            .all()
            .into_iter()
            .find(|(n, _)| *n == name)
        else {
            return Err(format!("unknown legal threshold `{name}`"));
        };
        t.value_at(date).ok_or_else(|| {
            format!(
                "reference data error: rules/reference/thresholds.yaml has no value of `{name}` ({}) in force on {date}; set `{name}` under [thresholds] in dpalint.toml to use one value for every date",
                t.basis
            )
        })
    }

    /// Why `code` is not in the EEA although it is often taken for it (AW, SJ, GB ...).
    pub fn not_eea_reminder(&self, code: &str) -> Option<&str> {
        self.not_eea_reminders.get(code).map(String::as_str)
    }

    /// Whether the reference data are older than a year at `date`.
    pub fn is_stale_at(&self, date: Date) -> bool {
        self.as_of.days_until(date) > 365
    }
}

#[cfg(test)]
mod tests {
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
}
