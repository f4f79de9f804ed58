//! DPA033 `sensitive-data-vendor-mismatch`: sensitive data sent to a vendor whose
//! DPA excludes special categories or says nothing about them.

use crate::diagnostic::Severity;
use crate::model::{SpecialCategories, Vendor};
use crate::rules::special::{and_list, shown};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct SensitiveDataVendorMismatch;

static META: RuleMeta = RuleMeta {
    id: "DPA033",
    name: "sensitive-data-vendor-mismatch",
    severity: Severity::Warning,
    category: Category::SpecialCategories,
    legal_basis: &[
        "GDPR Art. 9",
        "GDPR Art. 28(1)",
        "Commission Implementing Decision (EU) 2021/915, Clause 7.5",
    ],
    summary: "an activity sends special-category or criminal-offence data to a vendor whose DPA excludes or does not cover them",
    help: "use a vendor whose DPA covers these data with specific safeguards, or amend the DPA (list the sensitive data in the Annex II description and add the matching restrictions and measures)",
    docs: include_str!("../../../rules/DPA033-sensitive-data-vendor-mismatch/docs.md"),
    dir: "DPA033-sensitive-data-vendor-mismatch",
    opt_in: false,
};

const AT: &str = "dpa/processing_details/special_categories";

/// How a vendor's DPA fails to cover special categories, if it does.
fn gap(v: &Vendor) -> Option<&'static str> {
    let dpa = v.dpa.as_ref()?;
    match dpa.processing_details.special_categories {
        Some(SpecialCategories::Listed) => None,
        Some(SpecialCategories::Excluded) => Some("excludes"),
        Some(SpecialCategories::Silent) | None => Some("does not cover"),
    }
}

impl Rule for SensitiveDataVendorMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        for a in &inv.activities {
            let mut categories: Vec<&str> = Vec::new();
            for c in a.sensitive_categories().map(shown) {
                if !categories.contains(&c) {
                    categories.push(c);
                }
            }
            if categories.is_empty() {
                continue;
            }
            // (index in recipients, vendor, how its DPA falls short), each vendor once.
            let mut offenders: Vec<(usize, &Vendor, &'static str)> = Vec::new();
            for (i, r) in a.recipients.iter().enumerate() {
                if offenders.iter().any(|(_, v, _)| v.id == *r) {
                    continue;
                }
                if let Some(v) = inv.vendor(r)
                    && let Some(how) = gap(v)
                {
                    offenders.push((i, v, how));
                }
            }
            let Some(&(first, first_vendor, first_how)) = offenders.first() else {
                continue;
            };
            let cats = and_list(&categories);
            let message = if offenders.len() == 1 {
                format!(
                    "activity '{}' sends {cats} to '{}', whose DPA {first_how} special-category data",
                    a.id, first_vendor.id
                )
            } else {
                let names: Vec<String> = offenders
                    .iter()
                    .map(|(_, v, how)| format!("'{}' ({how})", v.id))
                    .collect();
                format!(
                    "activity '{}' sends {cats} to vendors whose DPA excludes or does not cover special-category data: {}",
                    a.id,
                    and_list(&names)
                )
            };
            let f = cx.report(&a.origin, &a.id, &format!("recipients/{first}"), message);
            for (_, v, _) in &offenders {
                let text = match v
                    .dpa
                    .as_ref()
                    .and_then(|d| d.processing_details.special_categories)
                {
                    Some(SpecialCategories::Excluded) => {
                        format!("the DPA of '{}' excludes special categories", v.id)
                    }
                    Some(_) => format!("the DPA of '{}' is silent on special categories", v.id),
                    None => format!(
                        "the DPA of '{}' is not recorded as covering special categories",
                        v.id
                    ),
                };
                f.label(&v.origin, AT, text);
            }
        }
    }
}
