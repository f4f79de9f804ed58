//! The cloud reference data stay honest: `rules/reference/cloud_regions.yaml`
//! and `rules/reference/providers.yaml` parse with the loader's YAML 1.2
//! options, every location is an ISO 3166-1 code from `iso3166.yaml` or a
//! declared token, every entry says where it came from, and the matching rules
//! the file header documents give the answers its examples promise.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on a broken fixture"
)]

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

const REGIONS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/rules/reference/cloud_regions.yaml"
));
const PROVIDERS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/rules/reference/providers.yaml"
));
const ISO: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/rules/reference/iso3166.yaml"
));

const KINDS: &[&str] = &[
    "zone",
    "multi-region",
    "dual-region",
    "network-zone",
    "family",
    "pseudo",
];
const REGION_MODELS: &[&str] = &["per_resource", "provider_config", "account", "none"];

fn parse(text: &str) -> Value {
    serde_saphyr::from_str_with_options(text, dpalint::project::parse::parser_options()).unwrap()
}

fn iso_codes() -> BTreeSet<String> {
    parse(ISO)["codes"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

fn tokens(regions: &Value) -> BTreeSet<String> {
    regions["tokens"]
        .as_object()
        .expect("cloud_regions.yaml declares its tokens")
        .keys()
        .cloned()
        .collect()
}

fn str_of<'a>(entry: &'a Value, key: &str, what: &str) -> &'a str {
    entry[key]
        .as_str()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| panic!("{what}: `{key}` missing or empty"))
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn is_https(s: &str) -> bool {
    s.starts_with("https://") && !s.contains(char::is_whitespace)
}

/// `country`, `countries` and `token` of an entry: at least one, all valid.
fn check_location(entry: &Value, iso: &BTreeSet<String>, tokens: &BTreeSet<String>, what: &str) {
    let mut found = false;
    if let Some(c) = entry.get("country") {
        let c = c
            .as_str()
            .unwrap_or_else(|| panic!("{what}: country is not a string"));
        assert!(
            iso.contains(c),
            "{what}: country {c} is not in iso3166.yaml"
        );
        found = true;
    }
    if let Some(cs) = entry.get("countries") {
        let cs = cs
            .as_array()
            .unwrap_or_else(|| panic!("{what}: countries is not a list"));
        assert!(!cs.is_empty(), "{what}: empty countries");
        for c in cs {
            let c = c.as_str().unwrap();
            assert!(
                iso.contains(c),
                "{what}: country {c} is not in iso3166.yaml"
            );
        }
        found = true;
    }
    if let Some(t) = entry.get("token") {
        let t = t.as_str().unwrap();
        assert!(tokens.contains(t), "{what}: unknown token {t}");
        found = true;
    }
    assert!(found, "{what}: no country, countries or token");
}

fn check_provenance(entry: &Value, what: &str) {
    let verified = entry["verified"]
        .as_bool()
        .unwrap_or_else(|| panic!("{what}: `verified` must be true or false"));
    if !verified {
        str_of(entry, "note", what);
    }
    if let Some(c) = entry.get("checked_in") {
        assert!(
            is_https(c.as_str().unwrap()),
            "{what}: checked_in is not https"
        );
    }
}

#[test]
fn every_region_entry_is_complete_and_located() {
    let doc = parse(REGIONS);
    let iso = iso_codes();
    let tokens = tokens(&doc);
    assert!(is_date(str_of(&doc, "as_of", "cloud_regions.yaml")));
    let sources = doc["sources"].as_array().expect("top-level sources");
    assert!(!sources.is_empty());
    for s in sources {
        assert!(is_https(s.as_str().unwrap()), "source {s} is not https");
    }
    let regions = doc["regions"].as_object().unwrap();
    for (provider, entries) in regions {
        let entries = entries.as_array().unwrap();
        assert!(!entries.is_empty(), "{provider}: no entries");
        for e in entries {
            let region = str_of(e, "region", provider);
            let what = format!("{provider}/{region}");
            assert_eq!(
                str_of(e, "provider", &what),
                provider,
                "{what}: provider field"
            );
            if let Some(k) = e.get("kind") {
                assert!(KINDS.contains(&k.as_str().unwrap()), "{what}: kind {k}");
            }
            check_location(e, &iso, &tokens, &what);
            str_of(e, "name", &what);
            assert!(
                is_https(str_of(e, "source", &what)),
                "{what}: source is not https"
            );
            assert!(
                is_date(str_of(e, "as_of", &what)),
                "{what}: as_of is not a date"
            );
            check_provenance(e, &what);
        }
    }
}

#[test]
fn no_provider_lists_a_region_twice() {
    let doc = parse(REGIONS);
    for (provider, entries) in doc["regions"].as_object().unwrap() {
        let rule = &doc["matching"][provider.as_str()];
        let mut seen = BTreeSet::new();
        for e in entries.as_array().unwrap() {
            let key = normalise(rule, e["region"].as_str().unwrap());
            assert!(seen.insert(key.clone()), "{provider}: {key} listed twice");
        }
    }
}

#[test]
fn matching_rules_and_geographies_cover_the_lists() {
    let doc = parse(REGIONS);
    let regions = doc["regions"].as_object().unwrap();
    let matching = doc["matching"].as_object().unwrap();
    let a: BTreeSet<_> = regions.keys().collect();
    let b: BTreeSet<_> = matching.keys().collect();
    assert_eq!(a, b, "every provider needs a matching rule and entries");
    let iso = iso_codes();
    let tokens = tokens(&doc);
    for (provider, geos) in doc["geographies"].as_object().unwrap() {
        let listed: BTreeSet<&str> = regions[provider]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["region"].as_str().unwrap())
            .collect();
        for g in geos.as_array().unwrap() {
            let what = format!("{provider} geography {}", g["geography"]);
            check_location(g, &iso, &tokens, &what);
            for r in g["regions"].as_array().unwrap() {
                let r = r.as_str().unwrap();
                assert!(listed.contains(r), "{what}: region {r} is not listed");
            }
        }
    }
}

#[test]
fn providers_are_complete_and_clouds_have_regions() {
    let doc = parse(PROVIDERS);
    let regions = parse(REGIONS);
    let iso = iso_codes();
    let tokens = tokens(&regions);
    assert!(is_date(str_of(&doc, "as_of", "providers.yaml")));
    assert!(!doc["sources"].as_array().unwrap().is_empty());
    let mut saas = 0;
    let mut clouds_used = BTreeSet::new();
    for (address, p) in doc["providers"].as_object().unwrap() {
        let what = address.as_str();
        assert!(
            address.split('/').count() == 2,
            "{what}: not namespace/type"
        );
        str_of(p, "service", what);
        assert!(
            p["stores_personal_data_by_default"].is_boolean(),
            "{what}: stores_personal_data_by_default"
        );
        str_of(p, "why", what);
        assert!(
            is_https(str_of(p, "source", what)),
            "{what}: source is not https"
        );
        assert!(
            REGION_MODELS.contains(&str_of(p, "region_model", what)),
            "{what}: region_model"
        );
        assert!(
            p["provider_region_attributes"].is_array(),
            "{what}: provider_region_attributes"
        );
        assert!(p["resources"].is_object(), "{what}: resources");
        check_provenance(p, what);
        match str_of(p, "kind", what) {
            "saas" => saas += 1,
            "cloud" => {
                let key = str_of(p, "cloud_regions", what);
                let listed = regions["regions"][key].as_array();
                assert!(
                    listed.is_some_and(|l| !l.is_empty()),
                    "{what}: no regions for {key}"
                );
                clouds_used.insert(key.to_owned());
            }
            other => panic!("{what}: kind {other}"),
        }
        if let Some(r) = p.get("regions") {
            str_of(r, "setting", what);
            for v in r["values"].as_array().unwrap() {
                let vwhat = format!("{what} region {}", v["value"]);
                str_of(v, "value", &vwhat);
                check_location(v, &iso, &tokens, &vwhat);
                assert!(is_https(str_of(v, "source", &vwhat)), "{vwhat}: source");
                check_provenance(v, &vwhat);
            }
        }
        if let Some(rule) = p.get("region_rule") {
            str_of(rule, "text", what);
            check_provenance(rule, what);
        }
    }
    assert!(saas >= 25, "only {saas} SaaS providers");
    let listed: BTreeSet<String> = regions["regions"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        clouds_used, listed,
        "every region list belongs to a cloud provider"
    );
}

// ---- the matching rules of the cloud_regions.yaml header, as a reference ----

fn flag(rule: &Value, name: &str) -> bool {
    rule[name].as_bool().unwrap_or(false)
}

fn normalise(rule: &Value, value: &str) -> String {
    let mut v = value.trim().to_owned();
    if flag(rule, "strip_through_colon")
        && let Some(i) = v.rfind(':')
    {
        v = v[i + 1..].to_owned();
    }
    if flag(rule, "remove_spaces") {
        v.retain(|c| c != ' ');
    }
    if flag(rule, "case_insensitive") {
        v = v.to_lowercase();
    }
    v
}

/// Where a Terraform value of `provider` puts data, by the documented steps;
/// `None` is "unknown".
fn locate(doc: &Value, provider: &str, value: &str) -> Option<BTreeSet<String>> {
    let rule = &doc["matching"][provider];
    let entries: BTreeMap<String, &Map<String, Value>> = doc["regions"][provider]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                normalise(rule, e["region"].as_str().unwrap()),
                e.as_object().unwrap(),
            )
        })
        .collect();
    let place = |e: &Map<String, Value>| -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        if let Some(c) = e.get("country") {
            out.insert(c.as_str().unwrap().to_owned());
        }
        for c in e
            .get("countries")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.insert(c.as_str().unwrap().to_owned());
        }
        if let Some(t) = e.get("token") {
            out.insert(t.as_str().unwrap().to_owned());
        }
        out
    };
    let v = normalise(rule, value);
    if let Some(e) = entries.get(&v) {
        return Some(place(e));
    }
    if flag(rule, "zone_suffix_letter")
        && v.ends_with(|c: char| c.is_ascii_lowercase())
        && let Some(e) = entries.get(&v[..v.len() - 1])
    {
        return Some(place(e));
    }
    if flag(rule, "dash_suffix") {
        let best = entries
            .iter()
            .filter(|(r, _)| {
                v.strip_prefix(r.as_str())
                    .is_some_and(|rest| rest.starts_with('-'))
            })
            .max_by_key(|(r, _)| r.len());
        if let Some((_, e)) = best {
            return Some(place(e));
        }
    }
    if flag(rule, "strip_trailing_digits") {
        let family = v
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .trim_end_matches('-');
        if let Some(e) = entries.get(family) {
            return Some(place(e));
        }
    }
    if flag(rule, "family_prefix") && v.chars().all(|c| c.is_ascii_alphabetic()) {
        let members: Vec<_> = entries
            .iter()
            .filter(|(r, _)| {
                r.strip_prefix(v.as_str()).is_some_and(|rest| {
                    !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())
                })
            })
            .map(|(_, e)| place(e))
            .collect();
        let first = members.first()?;
        return members.iter().all(|m| m == first).then(|| first.clone());
    }
    None
}

#[test]
fn documented_resolution_examples_hold() {
    let doc = parse(REGIONS);
    let set = |xs: &[&str]| Some(xs.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>());
    let cases: &[(&str, &str, Option<BTreeSet<String>>)] = &[
        ("aws", "eu-central-1", set(&["DE"])),
        ("aws", "eu-central-1a", set(&["DE"])),
        ("aws", "us-gov-west-1", set(&["US"])),
        ("aws", "cn-northwest-1", set(&["CN"])),
        ("aws", "us-east-1-bos-1a", None),
        ("aws", "ap-southeast-1-bkk-1a", None),
        ("google", "europe-west3-a", set(&["DE"])),
        ("google", "europe-west10", set(&["DE"])),
        ("google", "europe-west1-b", set(&["BE"])),
        ("google", "EUROPE-WEST3", set(&["DE"])),
        ("google", "eu", set(&["EU"])),
        ("google", "EUR4", set(&["FI", "NL"])),
        ("azure", "West Europe", set(&["NL"])),
        ("azure", "germanywestcentral", set(&["DE"])),
        ("azure", "northeurope", set(&["IE"])),
        ("oci", "eu-frankfurt-1", set(&["DE"])),
        ("oci", "Uocm:EU-FRANKFURT-1-AD-1", set(&["DE"])),
        ("hetzner", "fsn1", set(&["DE"])),
        ("hetzner", "fsn1-dc14", set(&["DE"])),
        ("hetzner", "hel1", set(&["FI"])),
        ("hetzner", "eu-central", set(&["DE", "FI"])),
        ("ovh", "GRA11", set(&["FR"])),
        ("ovh", "GRA3", set(&["FR"])),
        ("ovh", "gra", set(&["FR"])),
        ("ovh", "DE1", set(&["DE"])),
        ("ovh", "EU-WEST-PAR-A", set(&["FR"])),
        ("scaleway", "fr-par-2", set(&["FR"])),
        ("scaleway", "nl-ams", set(&["NL"])),
        ("scaleway", "par1", set(&["FR"])),
        ("digitalocean", "fra1", set(&["DE"])),
        ("digitalocean", "fra", set(&["DE"])),
        ("digitalocean", "nyc", set(&["US"])),
        ("ibm", "eu-de", set(&["DE"])),
        ("ibm", "us-south-1", set(&["US"])),
        ("alicloud", "eu-central-1", set(&["DE"])),
        ("alicloud", "eu-central-1a", set(&["DE"])),
        ("alicloud", "cn-hangzhou-b", set(&["CN"])),
        ("alicloud", "ap-southeast-1a", set(&["SG"])),
    ];
    for (provider, value, want) in cases {
        assert_eq!(&locate(&doc, provider, value), want, "{provider} {value}");
    }
}
