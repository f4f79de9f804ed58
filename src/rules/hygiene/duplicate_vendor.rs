//! DPA047 `duplicate-vendor`: the same entity recorded twice.

use crate::diagnostic::Severity;
use crate::model::Vendor;
use crate::rules::{Category, Context, Rule, RuleMeta};
use std::collections::HashMap;

pub struct DuplicateVendor;

static META: RuleMeta = RuleMeta {
    id: "DPA047",
    name: "duplicate-vendor",
    severity: Severity::Warning,
    category: Category::Hygiene,
    legal_basis: &["GDPR Art. 30(1)(d)", "data hygiene"],
    summary: "two vendor entries describe the same entity",
    help: "merge the two entries, or give them distinct ids and legal names if they really are different entities",
    docs: include_str!("../../../rules/DPA047-duplicate-vendor/docs.md"),
    dir: "DPA047-duplicate-vendor",
    opt_in: false,
};

/// Legal-form suffixes ignored when comparing names (after punctuation is removed).
const LEGAL_FORMS: &[&str] = &[
    "bv", "nv", "sa", "sarl", "sàrl", "sà rl", "s à rl", "inc", "llc", "ltd", "gmbh", "ag",
];

/// Case-folded name without punctuation, spaces or a trailing legal form.
pub fn normalised_name(name: &str) -> String {
    let mut s: String = name
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect();
    s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    loop {
        let before = s.len();
        for form in LEGAL_FORMS {
            if let Some(rest) = s.strip_suffix(form)
                && (rest.is_empty() || rest.ends_with(' '))
            {
                s = rest.trim_end().to_string();
            }
        }
        if s.len() == before {
            break;
        }
    }
    s.replace(' ', "")
}

impl Rule for DuplicateVendor {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let inv = cx.inventory;
        let mut by_id: HashMap<&str, &Vendor> = HashMap::new();
        let mut by_name: HashMap<(&str, Option<&str>), &Vendor> = HashMap::new();
        for v in &inv.vendors {
            if let Some(first) = by_id.get(v.id.as_str()) {
                cx.report(&v.origin, &v.id, "id", format!("vendor id '{}' is declared twice; both entries appear to be the same entity", v.id))
                    .label(&first.origin, "id", "first declared here");
                continue;
            }
            by_id.insert(&v.id, v);
            let Some(name) = v.name.as_deref() else {
                continue;
            };
            let normalised = v
                .derived
                .normalised_name
                .get_or_init(|| normalised_name(name));
            let key = (normalised.as_str(), v.parent.as_deref());
            if key.0.is_empty() {
                continue;
            }
            if let Some(first) = by_name.get(&key) {
                cx.report(
                    &v.origin,
                    &v.id,
                    "name",
                    format!(
                        "vendors '{}' and '{}' appear to be the same entity",
                        first.id, v.id
                    ),
                )
                .label(
                    &first.origin,
                    "name",
                    format!("'{}' has the same legal name", first.id),
                );
            } else {
                by_name.insert(key, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::normalised_name;

    #[test]
    fn legal_forms_and_punctuation_are_ignored() {
        assert_eq!(
            normalised_name("Leadinfo B.V."),
            normalised_name("leadinfo bv")
        );
        assert_eq!(
            normalised_name("Amazon Web Services EMEA S.à r.l."),
            normalised_name("Amazon Web Services EMEA SARL")
        );
        assert_eq!(normalised_name("Google LLC"), "google");
        assert_ne!(
            normalised_name("Google Ireland Ltd"),
            normalised_name("Google LLC")
        );
    }
}
