//! DPA070 `location-outside-promise`: a sub-processor stores or accesses
//! customer data outside the locations the organisation promises its
//! customers.

use crate::diagnostic::Severity;
use crate::reference::Reference;
use crate::rules::commitments::{commitments, covered};
use crate::rules::predicates::resolve_country;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct LocationOutsidePromise;

static META: RuleMeta = RuleMeta {
    id: "DPA070",
    name: "location-outside-promise",
    severity: Severity::Error,
    category: Category::Commitments,
    legal_basis: &["GDPR Art. 28(3)(a)", "GDPR Art. 28(4)", "GDPR Art. 44"],
    summary: "a sub-processor's location is outside the data locations promised to customers",
    help: "choose a location of the vendor inside the promised ones, replace the vendor, or change the promise with your customers (with notice) before using it",
    docs: include_str!("../../../rules/DPA070-location-outside-promise/docs.md"),
    dir: "DPA070-location-outside-promise",
    opt_in: false,
};

/// Whether a resolved location `code` lies within the promised `allowed`
/// codes and region tokens. A region (`EEA`, `EU`) is within a promise only
/// when the promise covers all of it.
pub fn within(r: &Reference, allowed: &[String], code: &str) -> bool {
    allowed.iter().any(|a| {
        a == code
            || match (a.as_str(), code) {
                ("EEA", "EU") => true,
                ("EEA", c) => c != "EEA" && r.is_eea(c),
                ("EU", c) => r.is_eu(c),
                _ => false,
            }
    })
}

impl Rule for LocationOutsidePromise {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let Some((org, c)) = commitments(cx.inventory) else {
            return;
        };
        let r = cx.reference;
        let allowed: Vec<String> = c
            .data_locations
            .iter()
            .filter_map(|l| resolve_country(r, l))
            .collect();
        if allowed.is_empty() {
            return;
        }
        let shown = c.data_locations.join(", ");
        for v in covered(cx.inventory, c, cx.as_of) {
            // Where the data are; a vendor without recorded data locations is
            // taken to process them where it is established.
            let places: Vec<(String, &String)> = if v.data_locations.is_empty() {
                v.country
                    .iter()
                    .map(|c| ("country".to_owned(), c))
                    .collect()
            } else {
                v.data_locations
                    .iter()
                    .enumerate()
                    .map(|(i, l)| (format!("data_locations/{i}"), l))
                    .collect()
            };
            for (pointer, value) in places {
                // Unknown codes are DPA046's; they cannot be compared.
                let Some(code) = resolve_country(r, value) else {
                    continue;
                };
                if within(r, &allowed, &code) {
                    continue;
                }
                let what = if pointer == "country" {
                    "is established (no data locations recorded)"
                } else {
                    "processes customer data"
                };
                cx.report(
                    &v.origin,
                    &v.id,
                    &pointer,
                    format!(
                        "sub-processor '{}' {what} in {value}, outside the locations promised to your customers ({shown})",
                        v.id
                    ),
                )
                .primary_label("outside the promised locations")
                .label(
                    &org.origin,
                    "commitments/data_locations",
                    "locations promised to customers",
                );
            }
        }
    }
}
