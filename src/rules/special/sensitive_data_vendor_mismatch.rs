//! DPA033 `sensitive-data-vendor-mismatch`: sensitive data sent to a vendor whose
//! DPA excludes special categories, excludes the categories sent (1.1
//! `excluded_categories`), or says nothing about them. Guarded by G0/G0b.

use crate::diagnostic::Severity;
use crate::model::{SpecialCategories, Vendor};
use crate::rules::predicates::checked_terms;
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
const EXCLUDED_AT: &str = "dpa/processing_details/excluded_categories";

/// How the DPA of `v` fails to cover the activity's sensitive tokens `tokens`:
/// the tokens concerned and whether the DPA excludes them (`true`) or is
/// silent on special categories (`false`). `None` when it covers them, when
/// `special_categories` is not established (null) and excludes none of them,
/// or when the vendor fails the G0/G0b guard (no DPA terms to read).
fn gap<'t>(v: &Vendor, tokens: &[&'t str]) -> Option<(Vec<&'t str>, bool)> {
    let details = &checked_terms(v)?.processing_details;
    match details.special_categories {
        Some(SpecialCategories::Excluded) => return Some((tokens.to_vec(), true)),
        Some(SpecialCategories::Silent) => return Some((tokens.to_vec(), false)),
        Some(SpecialCategories::Listed) | None => {}
    }
    let excluded: Vec<&str> = tokens
        .iter()
        .copied()
        .filter(|t| details.excluded_categories.iter().any(|e| e == t))
        .collect();
    (!excluded.is_empty()).then_some((excluded, true))
}

/// The shown names of tokens, each once.
fn names<'t>(tokens: &[&'t str]) -> Vec<&'t str> {
    let mut out: Vec<&str> = Vec::new();
    for c in tokens.iter().copied().map(shown) {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

impl Rule for SensitiveDataVendorMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        for a in &inv.activities {
            let tokens: Vec<&str> = a.sensitive_categories().collect();
            if tokens.is_empty() {
                continue;
            }
            // (index in recipients, vendor, tokens concerned, excluded?), each vendor once.
            let mut offenders: Vec<(usize, &Vendor, Vec<&str>, bool)> = Vec::new();
            for (i, r) in a.recipients.iter().enumerate() {
                if offenders.iter().any(|(_, v, _, _)| v.id == *r) {
                    continue;
                }
                if let Some(v) = inv.vendor(r)
                    && let Some((concerned, excluded)) = gap(v, &tokens)
                {
                    offenders.push((i, v, concerned, excluded));
                }
            }
            let Some((first, first_vendor, first_tokens, first_excluded)) = offenders.first()
            else {
                continue;
            };
            let message = if offenders.len() == 1 {
                let how = if *first_excluded {
                    "excludes them"
                } else {
                    "does not cover special-category data"
                };
                format!(
                    "activity '{}' sends {} to '{}', whose DPA {how}",
                    a.id,
                    and_list(&names(first_tokens)),
                    first_vendor.id
                )
            } else {
                let each: Vec<String> = offenders
                    .iter()
                    .map(|(_, v, concerned, excluded)| {
                        if *excluded {
                            format!("'{}' (excludes {})", v.id, and_list(&names(concerned)))
                        } else {
                            format!("'{}' (does not cover)", v.id)
                        }
                    })
                    .collect();
                format!(
                    "activity '{}' sends {} to vendors whose DPA excludes them or does not cover special-category data: {}",
                    a.id,
                    and_list(&names(&tokens)),
                    and_list(&each)
                )
            };
            let f = cx.report(&a.origin, &a.id, &format!("recipients/{first}"), message);
            for (_, v, concerned, excluded) in &offenders {
                let details = v.dpa.as_ref().map(|d| &d.processing_details);
                let whole = details.and_then(|d| d.special_categories);
                let (at, text) = match (whole, excluded) {
                    (Some(SpecialCategories::Excluded), _) => (
                        AT,
                        format!("the DPA of '{}' excludes special categories", v.id),
                    ),
                    (_, true) => (
                        EXCLUDED_AT,
                        format!(
                            "the DPA of '{}' excludes {}",
                            v.id,
                            and_list(&names(concerned))
                        ),
                    ),
                    _ => (
                        AT,
                        format!("the DPA of '{}' is silent on special categories", v.id),
                    ),
                };
                f.label(&v.origin, at, text);
            }
        }
    }
}
