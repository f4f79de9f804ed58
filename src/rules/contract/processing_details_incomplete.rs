//! DPA002 `processing-details-incomplete`: the DPA does not describe the processing.

use super::and_list;
use crate::diagnostic::Severity;
use crate::model::ProcessingDetails;
use crate::rules::predicates::vendors_with_terms;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct ProcessingDetailsIncomplete;

static META: RuleMeta = RuleMeta {
    id: "DPA002",
    name: "processing-details-incomplete",
    severity: Severity::Error,
    category: Category::Contract,
    legal_basis: &[
        "GDPR Art. 28(3)",
        "Commission Implementing Decision (EU) 2021/915, Clause 6 and Annex II",
    ],
    summary: "the DPA does not set out subject-matter, duration, nature, purposes, data types or data subjects",
    help: "add an annex describing the subject-matter, duration, nature and purposes of the processing, the types of personal data and the categories of data subjects (2021/915 Annex II format)",
    docs: include_str!("../../../rules/DPA002-processing-details-incomplete/docs.md"),
    dir: "DPA002-processing-details-incomplete",
    opt_in: false,
};

fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|s| s.trim().is_empty())
}

fn empty(list: &[String]) -> bool {
    list.iter().all(|s| s.trim().is_empty())
}

/// The missing items as (field, wording), in Art. 28(3) order.
fn missing(d: &ProcessingDetails) -> Vec<(&'static str, &'static str)> {
    [
        ("subject_matter", "subject-matter", blank(&d.subject_matter)),
        ("duration", "duration", blank(&d.duration)),
        ("nature", "nature", blank(&d.nature)),
        ("purposes", "purposes", empty(&d.purposes)),
        ("data_types", "types of personal data", empty(&d.data_types)),
        (
            "data_subject_categories",
            "categories of data subjects",
            empty(&d.data_subject_categories),
        ),
    ]
    .into_iter()
    .filter(|(_, _, gone)| *gone)
    .map(|(field, words, _)| (field, words))
    .collect()
}

impl Rule for ProcessingDetailsIncomplete {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for (v, dpa) in vendors_with_terms(&cx.inventory.vendors) {
            let gone = missing(&dpa.processing_details);
            let at = match gone.as_slice() {
                [] => continue,
                [(field, _)] => format!("dpa/processing_details/{field}"),
                _ => "dpa/processing_details".to_string(),
            };
            let words: Vec<&str> = gone.iter().map(|(_, w)| *w).collect();
            cx.report(
                &v.origin,
                &v.id,
                &at,
                format!(
                    "DPA with '{}' does not set out the {} of the processing (Art. 28(3))",
                    v.id,
                    and_list(&words)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_strings_and_lists_count_as_missing() {
        let d = ProcessingDetails {
            subject_matter: Some("CRM hosting".into()),
            duration: Some("  ".into()),
            nature: Some("storage".into()),
            purposes: vec!["customer relations".into()],
            data_types: vec![String::new()],
            data_subject_categories: vec!["customers".into()],
            special_categories: None,
            excluded_categories: Vec::new(),
        };
        let fields: Vec<_> = missing(&d).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["duration", "data_types"]);
        assert_eq!(missing(&ProcessingDetails::default()).len(), 6);
    }
}
