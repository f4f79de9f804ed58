//! Legal facts as data: rules/reference/*.yaml, embedded and parsed once.
//!
//! EEA membership, adequacy decisions (with validity windows and scope), SCC
//! instruments, the SCC module matrix, ISO 3166-1 codes, country-name aliases
//! and default thresholds. Rules ask questions (`is_eea`, `adequacy_at`, ...);
//! no legal fact is written in rule code.

use crate::config::Thresholds;
use crate::model::Date;
use serde::Deserialize;
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
}

impl Adequacy {
    pub fn valid_at(&self, date: Date) -> bool {
        let from = self.valid_from.unwrap_or(self.adopted);
        date >= from && self.valid_until.is_none_or(|u| date <= u)
    }
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
struct ThresholdsFile {
    as_of: Date,
    defaults: Thresholds,
    sources: Vec<String>,
}

/// The parsed reference data.
#[derive(Debug)]
pub struct Reference {
    /// The oldest `as_of` of all files: how fresh the legal facts are.
    pub as_of: Date,
    eea: HashSet<String>,
    pub eu_aliases: HashMap<String, String>,
    pub region_tokens: Vec<String>,
    pub adequacy: Vec<Adequacy>,
    pub invalidated: Vec<Invalidated>,
    pub scc: Vec<SccInstrument>,
    module_matrix: BTreeMap<String, BTreeMap<String, u8>>,
    pub name_aliases: BTreeMap<String, String>,
    pub iso: BTreeMap<String, String>,
    pub thresholds: Thresholds,
    /// Number of sources per file, for the data test.
    pub sources: Vec<(&'static str, usize)>,
}

fn parse<T: for<'de> Deserialize<'de>>(name: &str) -> T {
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
        Reference {
            as_of,
            eea: set,
            eu_aliases: eea.aliases.into_iter().collect(),
            region_tokens: eea.region_tokens,
            adequacy: adq.entries,
            invalidated: adq.invalidated,
            scc: ins.scc_instruments,
            module_matrix: ins.module_matrix,
            name_aliases: ali.aliases,
            iso: iso.codes,
            thresholds: thr.defaults,
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
            !r.adequate_full("BR", d("2026-01-25")),
            "Brazil only from 2026-01-26"
        );
        assert!(r.adequate_full("BR", d("2026-01-26")));
        assert!(r.adequate_partial("US", d("2026-11-21")));
        assert!(!r.adequate_partial("US", d("2023-07-09")));
        assert!(r.adequate_full("UK", d("2026-11-21")));
        assert!(r.is_third("IN", d("2026-11-21")));
        assert_eq!(r.scc_module("controller", "processor"), Some(2));
        assert_eq!(r.scc_module("processor", "processor"), Some(3));
        assert_eq!(
            r.scc_instrument("2010/87/EU").unwrap().valid_until,
            Some(d("2022-12-27"))
        );
    }
}
