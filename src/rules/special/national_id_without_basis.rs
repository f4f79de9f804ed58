//! DPA063 `national-id-without-basis`: an activity processes a national
//! identification number (`national_id`, `national_id:<CC>-<SCHEME>`) without
//! the statutory provision that permits it (Art. 87; N8). A national number is
//! not an Art. 9/10 category: DPA032 and DPA033 do not read these tokens.

use crate::diagnostic::Severity;
use crate::model::is_national_id_token;
use crate::rules::special::and_list;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct NationalIdWithoutBasis;

static META: RuleMeta = RuleMeta {
    id: "DPA063",
    name: "national-id-without-basis",
    severity: Severity::Error,
    category: Category::SpecialCategories,
    legal_basis: &[
        "GDPR Art. 87",
        "NL: UAVG art. 46 (BSN)",
        "BE: Act of 8 August 1983 organising a National Register of natural persons, art. 8",
    ],
    summary: "an activity processes a national identification number without a recorded statutory basis",
    help: "record the provision that permits this use in `national_id_basis` (e.g. the sector law prescribing the BSN), or stop processing the number",
    docs: include_str!("../../../rules/DPA063-national-id-without-basis/docs.md"),
    dir: "DPA063-national-id-without-basis",
    opt_in: false,
};

impl Rule for NationalIdWithoutBasis {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for a in &cx.inventory.activities {
            if a.national_id_basis
                .as_deref()
                .is_some_and(|b| !b.trim().is_empty())
            {
                continue;
            }
            let Some(first) = a
                .data_categories
                .iter()
                .position(|c| is_national_id_token(c))
            else {
                continue;
            };
            let mut tokens: Vec<&str> = Vec::new();
            for t in a.national_id_categories() {
                if !tokens.contains(&t) {
                    tokens.push(t);
                }
            }
            cx.report(
                &a.origin,
                &a.id,
                &format!("data_categories/{first}"),
                format!(
                    "activity '{}' processes {} without a recorded statutory basis for using the national identification number (Art. 87)",
                    a.id,
                    and_list(&tokens)
                ),
            );
        }
    }
}
