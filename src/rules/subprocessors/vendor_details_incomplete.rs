//! DPA020 `vendor-details-incomplete`: a processor or sub-processor without
//! country, data locations or (for sub-processors) the service it performs.

use crate::diagnostic::Severity;
use crate::model::{Vendor, VendorRole};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct VendorDetailsIncomplete;

static META: RuleMeta = RuleMeta {
    id: "DPA020",
    name: "vendor-details-incomplete",
    severity: Severity::Warning,
    category: Category::SubProcessors,
    legal_basis: &[
        "GDPR Art. 28(1)-(2)",
        "GDPR Art. 30(1)(d)-(e)",
        "EDPB Opinion 22/2024",
    ],
    summary: "a processor or sub-processor lacks its country, data locations or service description",
    help: "record the country of establishment, the countries where data are stored or accessed and, for sub-processors, the service performed; AW, CW, SX, BQ (Kingdom of the Netherlands) and SJ have their own codes and are third countries, not NL or NO",
    docs: include_str!("../../../rules/DPA020-vendor-details-incomplete/docs.md"),
    dir: "DPA020-vendor-details-incomplete",
    opt_in: false,
};

/// The missing details of `v` as (field, description), in field order.
fn missing(v: &Vendor) -> Vec<(&'static str, &'static str)> {
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
    let mut out = Vec::new();
    if blank(&v.country) {
        out.push(("country", "a country of establishment (country)"));
    }
    if v.data_locations.is_empty() {
        out.push(("data_locations", "data locations (data_locations)"));
    }
    if v.role == Some(VendorRole::SubProcessor) && blank(&v.purpose) {
        out.push(("purpose", "the service it performs (purpose)"));
    }
    out
}

fn join(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

impl Rule for VendorDetailsIncomplete {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for v in cx
            .inventory
            .vendors
            .iter()
            .filter(|v| v.is_processor_like())
        {
            let missing = missing(v);
            let Some((field, _)) = missing.first() else {
                continue;
            };
            let what: Vec<&str> = missing.iter().map(|(_, d)| *d).collect();
            let kind = if v.role == Some(VendorRole::SubProcessor) {
                "sub-processor"
            } else {
                "vendor"
            };
            cx.report(
                &v.origin,
                &v.id,
                field,
                format!(
                    "{kind} '{}' lacks {}; transfer and risk checks cannot be completed",
                    v.id,
                    join(&what)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn joins_lists_in_prose() {
        assert_eq!(join(&["a"]), "a");
        assert_eq!(join(&["a", "b"]), "a and b");
        assert_eq!(join(&["a", "b", "c"]), "a, b and c");
    }
}
