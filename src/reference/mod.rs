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

mod thresholds;
use thresholds::ThresholdsFile;
pub use thresholds::{DatedValue, LegalThreshold, LegalThresholds, PolicyDefaults};

/// The reference files, as written (`rules/reference/*.yaml`): only the test
/// comparing them with the JSON a run parses needs them in the binary.
#[cfg(test)]
const FILES: &[(&str, &str)] = &[
    ("eea.yaml", include_str!("../../rules/reference/eea.yaml")),
    (
        "adequacy.yaml",
        include_str!("../../rules/reference/adequacy.yaml"),
    ),
    (
        "transfer_instruments.yaml",
        include_str!("../../rules/reference/transfer_instruments.yaml"),
    ),
    (
        "country_aliases.yaml",
        include_str!("../../rules/reference/country_aliases.yaml"),
    ),
    (
        "iso3166.yaml",
        include_str!("../../rules/reference/iso3166.yaml"),
    ),
    (
        "thresholds.yaml",
        include_str!("../../rules/reference/thresholds.yaml"),
    ),
    (
        "cloud_regions.yaml",
        include_str!("../../rules/reference/cloud_regions.yaml"),
    ),
    (
        "providers.yaml",
        include_str!("../../rules/reference/providers.yaml"),
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
mod tests;
