//! DPA046 `unknown-country-code`: a country value that is not an ISO 3166-1 alpha-2 code.

use crate::diagnostic::Severity;
use crate::model::Origin;
use crate::reference::Reference;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct UnknownCountryCode;

static META: RuleMeta = RuleMeta {
    id: "DPA046",
    name: "unknown-country-code",
    severity: Severity::Error,
    category: Category::Hygiene,
    legal_basis: &[
        "data hygiene (ISO 3166-1 alpha-2)",
        "GDPR Art. 30(1)(e)",
        "GDPR Art. 44",
    ],
    summary: "a country or data location is not an ISO 3166-1 alpha-2 code",
    help: "use ISO 3166-1 alpha-2 codes (US, GB, GR ...); Dutch and English country names are mapped in rules/reference/country_aliases.yaml; AW, CW, SX, BQ (Kingdom of the Netherlands) and SJ (Svalbard and Jan Mayen) have their own codes and are third countries, not NL or NO",
    docs: include_str!("../../../rules/DPA046-unknown-country-code/docs.md"),
    dir: "DPA046-unknown-country-code",
    opt_in: false,
};

/// Which field a value sits in: each accepts a different set of non-ISO tokens.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    OrganisationCountry,
    /// 1.1: `organisation.eu_representative.country`.
    RepresentativeCountry,
    VendorCountry,
    DataLocation,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::OrganisationCountry | Field::VendorCountry => "country",
            Field::RepresentativeCountry => "eu_representative.country",
            Field::DataLocation => "data_locations",
        }
    }
}

/// Why a value is rejected.
enum Problem {
    /// Not a code at all (or an EU alias while aliases are not accepted).
    Unknown(Option<String>),
    /// `EEA`/`EU` outside `data_locations`.
    RegionToken,
    /// `EPO` (or another international organisation) outside `vendors[].country`.
    InternationalOrg,
}

fn judge(r: &Reference, value: &str, field: Field, accept_aliases: bool) -> Option<Problem> {
    if r.is_iso(value) {
        return None;
    }
    if let Some(target) = r.eu_aliases.get(value) {
        return if accept_aliases {
            None
        } else {
            Some(Problem::Unknown(Some(target.clone())))
        };
    }
    if r.region_tokens.iter().any(|t| t == value) {
        return (field != Field::DataLocation).then_some(Problem::RegionToken);
    }
    if r.is_international_org(value) {
        return (field != Field::VendorCountry).then_some(Problem::InternationalOrg);
    }
    let upper = value.trim().to_uppercase();
    let token_in_place = (field == Field::DataLocation && r.region_tokens.contains(&upper))
        || (field == Field::VendorCountry && r.is_international_org(&upper));
    let suggestion = if token_in_place {
        Some(upper)
    } else {
        super::suggest_code(r, value)
    };
    Some(Problem::Unknown(suggestion))
}

fn report(
    cx: &mut Context<'_>,
    origin: &Origin,
    entity: &str,
    rel: &str,
    value: &str,
    field: Field,
    problem: Problem,
) {
    let who = if matches!(
        field,
        Field::OrganisationCountry | Field::RepresentativeCountry
    ) {
        "the organisation".to_owned()
    } else {
        format!("'{entity}'")
    };
    let f = field.name();
    match problem {
        Problem::Unknown(Some(s)) => {
            cx.report(
                origin,
                entity,
                rel,
                format!("'{value}' in {f} of {who} is not an ISO 3166-1 alpha-2 code; did you mean '{s}'?"),
            )
            .help(format!("write '{s}' instead of '{value}'"))
            .fix(s);
        }
        Problem::Unknown(None) => {
            cx.report(
                origin,
                entity,
                rel,
                format!("'{value}' in {f} of {who} is not an ISO 3166-1 alpha-2 code"),
            );
        }
        Problem::RegionToken => {
            cx.report(
                origin,
                entity,
                rel,
                format!("'{value}' in {f} of {who} is a region token, not an ISO 3166-1 alpha-2 code; region tokens are allowed only in data_locations"),
            )
            .help(if field == Field::RepresentativeCountry {
                "name the Member State where the representative is established (e.g. IE)"
            } else {
                "name the country of establishment (e.g. IE); record the region under `data_locations` if the contract only guarantees EEA/EU storage"
            });
        }
        Problem::InternationalOrg => {
            cx.report(
                origin,
                entity,
                rel,
                format!("'{value}' in {f} of {who} is an international organisation, not an ISO 3166-1 alpha-2 code; it is allowed only as a vendor's country"),
            )
            .help(if field == Field::OrganisationCountry {
                "use the ISO code of the country where your organisation is established"
            } else if field == Field::RepresentativeCountry {
                "use the ISO code of the Member State where the representative is established"
            } else {
                "record the organisation as the vendor's `country` and list the countries where the data are held under `data_locations`"
            });
        }
    }
}

impl Rule for UnknownCountryCode {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        let r = cx.reference;
        let aliases = cx.thresholds.accept_eu_aliases;
        if let Some(org) = &inv.organisation
            && let Some(c) = &org.country
            && let Some(p) = judge(r, c, Field::OrganisationCountry, aliases)
        {
            report(
                cx,
                &org.origin,
                "organisation",
                "country",
                c,
                Field::OrganisationCountry,
                p,
            );
        }
        if let Some(org) = &inv.organisation
            && let Some(c) = &org.eu_representative.country
            && let Some(p) = judge(r, c, Field::RepresentativeCountry, aliases)
        {
            report(
                cx,
                &org.origin,
                "organisation",
                "eu_representative/country",
                c,
                Field::RepresentativeCountry,
                p,
            );
        }
        for v in &inv.vendors {
            if let Some(c) = &v.country
                && let Some(p) = judge(r, c, Field::VendorCountry, aliases)
            {
                report(cx, &v.origin, &v.id, "country", c, Field::VendorCountry, p);
            }
            for (i, l) in v.data_locations.iter().enumerate() {
                if let Some(p) = judge(r, l, Field::DataLocation, aliases) {
                    report(
                        cx,
                        &v.origin,
                        &v.id,
                        &format!("data_locations/{i}"),
                        l,
                        Field::DataLocation,
                        p,
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::{Selection, check_memory};
    use crate::config::Config;
    use crate::model::Date;
    use crate::project::Input;

    fn run(accept_eu_aliases: bool) -> Vec<String> {
        let text = "dpalint: 1\norganisation:\n  name: Acme\n  country: EL\nvendors:\n  - id: tesco\n    name: Tesco Stores Ltd\n    role: controller\n    country: UK\n    data_locations: [UK, EEA]\n";
        let mut cfg = Config::default();
        cfg.thresholds.accept_eu_aliases = Some(accept_eu_aliases);
        let report = check_memory(
            vec![Input::text("aliases.yaml", text)],
            Date::parse("2026-11-21").unwrap(),
            &cfg,
            &Selection::only("DPA046"),
        );
        report
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.rule, d.message))
            .collect()
    }

    #[test]
    fn eu_aliases_are_accepted_by_default() {
        assert!(run(true).is_empty(), "{:?}", run(true));
    }

    #[test]
    fn eu_aliases_are_reported_when_not_accepted() {
        let found = run(false);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found[0].contains("'EL' in country of the organisation") && found[0].contains("'GR'")
        );
        assert!(
            found
                .iter()
                .any(|m| m.contains("'UK' in data_locations of 'tesco'") && m.contains("'GB'"))
        );
    }
}
