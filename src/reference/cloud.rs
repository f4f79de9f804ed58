//! Cloud regions and Terraform providers as data: `rules/reference/cloud_regions.yaml`
//! and `rules/reference/providers.yaml`, embedded as JSON by build.rs and
//! parsed on first use (a run without Terraform never parses them).
//!
//! [`Cloud::locate`] implements the matching steps documented in the header of
//! cloud_regions.yaml (normalise, exact, one zone letter, longest `R-` prefix,
//! trailing digits, DigitalOcean families); what matches nothing is unknown
//! (`None`), never guessed. [`Cloud::provider`] finds a provider by its source
//! address, case-insensitively, ignoring a registry host and following `aliases`.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

/// Where a value puts data: ISO codes and/or one token (EU, EEA, US, ASIA, GLOBAL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// ISO 3166-1 codes; empty when only a token is known.
    pub countries: Vec<String>,
    pub token: Option<String>,
    /// The entry (or every family member) was verified against the provider's own data.
    pub verified: bool,
    /// The provider's human name of the place (city, region display name).
    pub name: String,
}

impl Location {
    /// The codes a rule compares with `data_locations`: the countries, else the token.
    pub fn codes(&self) -> Vec<String> {
        if self.countries.is_empty() {
            self.token.iter().cloned().collect()
        } else {
            self.countries.clone()
        }
    }
}

#[derive(Deserialize)]
struct RegionEntry {
    region: String,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    countries: Vec<String>,
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    verified: bool,
}

impl RegionEntry {
    fn location(&self) -> Location {
        let mut countries: Vec<String> = self.country.iter().cloned().collect();
        countries.extend(self.countries.iter().cloned());
        Location {
            countries,
            token: self.token.clone(),
            verified: self.verified,
            name: self.name.clone(),
        }
    }
}

#[derive(Clone, Copy, Default, Deserialize)]
#[serde(default)]
struct Matching {
    case_insensitive: bool,
    remove_spaces: bool,
    strip_through_colon: bool,
    zone_suffix_letter: bool,
    dash_suffix: bool,
    strip_trailing_digits: bool,
    family_prefix: bool,
}

impl Matching {
    fn normalise(self, value: &str) -> String {
        let mut v = value.trim();
        if self.strip_through_colon
            && let Some(i) = v.rfind(':')
        {
            v = &v[i + 1..];
        }
        let mut v = v.to_owned();
        if self.remove_spaces {
            v.retain(|c| c != ' ');
        }
        if self.case_insensitive {
            v = v.to_lowercase();
        }
        v
    }
}

#[derive(Deserialize)]
struct RegionsFile {
    as_of: crate::model::Date,
    matching: BTreeMap<String, Matching>,
    regions: BTreeMap<String, Vec<RegionEntry>>,
}

/// A SaaS setting's value and where it puts data.
#[derive(Clone, Debug, Deserialize)]
pub struct SaasRegion {
    pub value: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    countries: Vec<String>,
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    pub verified: bool,
}

#[derive(Clone, Debug, Deserialize)]
pub struct SaasRegions {
    /// How the setting is read (free text from providers.yaml).
    pub setting: String,
    #[serde(default)]
    pub default: Option<String>,
    pub values: Vec<SaasRegion>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionModel {
    PerResource,
    ProviderConfig,
    Account,
    None,
}

/// A Terraform provider the knowledge base knows.
#[derive(Clone, Debug, Deserialize)]
pub struct Provider {
    /// Source address as listed (`hashicorp/aws`, `DataDog/datadog`); set on load.
    #[serde(skip)]
    pub address: String,
    pub service: String,
    /// `cloud` or `saas`.
    pub kind: String,
    #[serde(default)]
    pub cloud_regions: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub stores_personal_data_by_default: bool,
    #[serde(default)]
    pub why: String,
    pub region_model: RegionModel,
    #[serde(default)]
    pub provider_region_attributes: Vec<String>,
    /// Resource type or `prefix*` -> attribute paths carrying a location.
    #[serde(default)]
    pub resources: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub regions: Option<SaasRegions>,
}

impl Provider {
    /// The location attribute paths of resource type `ty`: an exact key wins,
    /// else the longest matching `prefix*` pattern.
    pub fn location_attributes(&self, ty: &str) -> &[String] {
        if let Some(v) = self.resources.get(ty) {
            return v;
        }
        self.resources
            .iter()
            .filter_map(|(k, v)| k.strip_suffix('*').map(|p| (p, v)))
            .filter(|(p, _)| ty.starts_with(p))
            .max_by_key(|(p, _)| p.len())
            .map_or(&[], |(_, v)| v.as_slice())
    }
}

#[derive(Deserialize)]
struct ProvidersFile {
    as_of: crate::model::Date,
    providers: BTreeMap<String, Provider>,
}

struct RegionTable {
    rule: Matching,
    /// Normalised region -> entry.
    entries: HashMap<String, RegionEntry>,
}

/// The parsed cloud reference data.
pub struct Cloud {
    /// The older `as_of` of the two files.
    pub as_of: crate::model::Date,
    tables: HashMap<String, RegionTable>,
    providers: Vec<Provider>,
    /// Lower-case address (and alias) -> index into `providers`.
    by_address: HashMap<String, usize>,
}

static CLOUD: LazyLock<Cloud> = LazyLock::new(Cloud::load);

impl Cloud {
    pub fn embedded() -> &'static Cloud {
        &CLOUD
    }

    fn load() -> Cloud {
        let regions: RegionsFile = super::parse("cloud_regions");
        let providers_file: ProvidersFile = super::parse("providers");
        let mut tables = HashMap::new();
        for (provider, list) in regions.regions {
            let rule = regions.matching.get(&provider).copied().unwrap_or_default();
            let entries = list
                .into_iter()
                .map(|e| (rule.normalise(&e.region), e))
                .collect();
            tables.insert(provider, RegionTable { rule, entries });
        }
        let mut providers = Vec::new();
        let mut by_address = HashMap::new();
        for (address, mut p) in providers_file.providers {
            p.address = address.clone();
            let i = providers.len();
            by_address.insert(address.to_lowercase(), i);
            for a in &p.aliases {
                by_address.insert(a.to_lowercase(), i);
            }
            providers.push(p);
        }
        Cloud {
            as_of: regions.as_of.min(providers_file.as_of),
            tables,
            providers,
            by_address,
        }
    }

    /// The provider at a source address (`hashicorp/aws`,
    /// `registry.terraform.io/DataDog/datadog`), case-insensitively.
    pub fn provider(&self, address: &str) -> Option<&Provider> {
        let a = address.trim().to_lowercase();
        let a = a
            .strip_prefix("registry.terraform.io/")
            .or_else(|| a.strip_prefix("registry.opentofu.org/"))
            .unwrap_or(&a);
        self.by_address.get(a).map(|&i| &self.providers[i])
    }

    /// The one provider whose type (the last part of its address) is `local`:
    /// how `provider "datadog" {}` without `required_providers` is read, since
    /// only hashicorp's own providers resolve without it. `None` when several
    /// namespaces publish that type.
    pub fn provider_by_type(&self, local: &str) -> Option<&Provider> {
        let mut found = self.providers.iter().filter(|p| {
            p.address
                .rsplit('/')
                .next()
                .is_some_and(|t| t.eq_ignore_ascii_case(local))
        });
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// Every provider of the knowledge base.
    pub fn providers(&self) -> &[Provider] {
        &self.providers
    }

    /// Whether `cloud` (aws, google, ...) has a region table.
    pub fn has_table(&self, cloud: &str) -> bool {
        self.tables.contains_key(cloud)
    }

    /// Where a Terraform value of `cloud` (a key of cloud_regions.yaml's
    /// `regions`) puts data, by the documented matching steps; `None` is unknown.
    pub fn locate(&self, cloud: &str, value: &str) -> Option<Location> {
        let table = self.tables.get(cloud)?;
        let rule = table.rule;
        let v = rule.normalise(value);
        if v.is_empty() {
            return None;
        }
        let get = |k: &str| table.entries.get(k).map(RegionEntry::location);
        if let Some(l) = get(&v) {
            return Some(l);
        }
        if rule.zone_suffix_letter
            && v.ends_with(|c: char| c.is_ascii_lowercase())
            && let Some(l) = get(&v[..v.len() - 1])
        {
            return Some(l);
        }
        if rule.dash_suffix {
            let best = table
                .entries
                .iter()
                .filter(|(r, _)| {
                    v.strip_prefix(r.as_str())
                        .is_some_and(|rest| rest.starts_with('-'))
                })
                .max_by_key(|(r, _)| r.len());
            if let Some((_, e)) = best {
                return Some(e.location());
            }
        }
        if rule.strip_trailing_digits {
            let family = v
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .trim_end_matches('-');
            if let Some(l) = get(family) {
                return Some(l);
            }
        }
        if rule.family_prefix && v.chars().all(|c| c.is_ascii_alphabetic()) {
            let mut members: Vec<(&String, Location)> = table
                .entries
                .iter()
                .filter(|(r, _)| {
                    r.strip_prefix(v.as_str()).is_some_and(|rest| {
                        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())
                    })
                })
                .map(|(r, e)| (r, e.location()))
                .collect();
            members.sort_by(|a, b| a.0.cmp(b.0));
            let (_, first) = members.first()?;
            let same = members
                .iter()
                .all(|(_, m)| m.countries == first.countries && m.token == first.token);
            return same.then(|| Location {
                countries: first.countries.clone(),
                token: first.token.clone(),
                verified: members.iter().all(|(_, m)| m.verified),
                name: format!("{v} ({} data centres)", members.len()),
            });
        }
        None
    }

    /// A `data_locations` value naming a cloud region (`aws:eu-central-1`,
    /// `google:europe-west3`): its location, when the prefix names a region
    /// table and the region is known.
    pub fn locate_qualified(&self, value: &str) -> Option<Location> {
        let (cloud, region) = value.split_once(':')?;
        self.locate(cloud.trim(), region)
    }
}

/// Where a SaaS provider's setting value puts data: the value itself, the
/// host of a URL, the host without `api.`, then each label of the host.
pub fn saas_location(regions: &SaasRegions, value: &str) -> Option<Location> {
    let find = |k: &str| {
        regions
            .values
            .iter()
            .find(|r| r.value.eq_ignore_ascii_case(k))
    };
    let v = value.trim();
    let host = v
        .split_once("://")
        .map_or(v, |(_, rest)| rest)
        .split(['/', ':', '?'])
        .next()
        .unwrap_or("");
    let candidates = [v, host, host.strip_prefix("api.").unwrap_or(host)];
    let hit = candidates
        .iter()
        .filter(|c| !c.is_empty())
        .find_map(|c| find(c))
        .or_else(|| host.split('.').find_map(find))?;
    let mut countries: Vec<String> = hit.country.iter().cloned().collect();
    countries.extend(hit.countries.iter().cloned());
    Some(Location {
        countries,
        token: hit.token.clone(),
        verified: hit.verified,
        name: hit.name.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_examples_resolve() {
        let c = Cloud::embedded();
        let codes = |cloud: &str, v: &str| c.locate(cloud, v).map(|l| l.codes());
        assert_eq!(codes("aws", "eu-central-1a"), Some(vec!["DE".to_string()]));
        assert_eq!(codes("aws", "us-east-1-bos-1a"), None);
        assert_eq!(
            codes("google", "EUROPE-WEST3"),
            Some(vec!["DE".to_string()])
        );
        assert_eq!(codes("google", "eu"), Some(vec!["EU".to_string()]));
        assert_eq!(codes("azure", "West Europe"), Some(vec!["NL".to_string()]));
        assert_eq!(codes("digitalocean", "fra"), Some(vec!["DE".to_string()]));
        assert_eq!(codes("ovh", "GRA11"), Some(vec!["FR".to_string()]));
        assert_eq!(
            c.locate_qualified("aws:eu-central-1").map(|l| l.codes()),
            Some(vec!["DE".to_string()])
        );
        assert_eq!(c.locate_qualified("mars:eu-central-1"), None);
        let aws = c.provider("registry.terraform.io/HashiCorp/AWS").unwrap();
        assert_eq!(aws.location_attributes("aws_s3_bucket"), ["region"]);
        assert!(c.provider("Snowflake-Labs/snowflake").is_some());
        let dd = c.provider("DataDog/datadog").unwrap();
        let regions = dd.regions.as_ref().unwrap();
        let l = saas_location(regions, "https://api.datadoghq.eu/").unwrap();
        assert_eq!(l.codes(), ["DE"]);
        let sentry = c.provider("jianyuan/sentry").unwrap();
        let l = saas_location(
            sentry.regions.as_ref().unwrap(),
            "https://de.sentry.io/api/",
        );
        assert_eq!(l.unwrap().codes(), ["DE"]);
        assert!(c.as_of.to_string().starts_with("20"));
    }
}
