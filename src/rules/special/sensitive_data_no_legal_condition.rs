//! DPA032 `sensitive-data-no-legal-condition`: special-category or criminal-offence
//! data without the Art. 9(2) condition or Art. 10 basis that lifts the prohibition.

use crate::diagnostic::Severity;
use crate::rules::special::{and_list, shown};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct SensitiveDataNoLegalCondition;

static META: RuleMeta = RuleMeta {
    id: "DPA032",
    name: "sensitive-data-no-legal-condition",
    severity: Severity::Error,
    category: Category::SpecialCategories,
    legal_basis: &["GDPR Art. 9(1)", "GDPR Art. 9(2)", "GDPR Art. 10"],
    summary: "an activity processes special-category or criminal-offence data without a recorded Art. 9(2) condition or Art. 10 basis",
    help: "record the Art. 9(2) exception relied on (with the national implementing provision where one applies) in `art9_condition`, or the Art. 10 legal basis in `art10_basis`; without one, stop processing these data",
    docs: include_str!("../../../rules/DPA032-sensitive-data-no-legal-condition/docs.md"),
    dir: "DPA032-sensitive-data-no-legal-condition",
    opt_in: false,
};

fn blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

impl Rule for SensitiveDataNoLegalCondition {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        for a in &cx.inventory.activities {
            let special_missing = a.has_special() && blank(a.art9_condition.as_deref());
            let criminal_missing = a.has_criminal() && blank(a.art10_basis.as_deref());
            if !special_missing && !criminal_missing {
                continue;
            }
            // The offending tokens, with their position for the underline.
            let offending: Vec<(usize, &str)> = a
                .data_categories
                .iter()
                .enumerate()
                .map(|(i, c)| (i, c.as_str()))
                .filter(|(_, c)| {
                    (special_missing && c.starts_with("special:"))
                        || (criminal_missing && *c == "criminal")
                })
                .collect();
            let mut names: Vec<&str> = Vec::new();
            for (_, c) in &offending {
                if !names.contains(&shown(c)) {
                    names.push(shown(c));
                }
            }
            let missing = match (special_missing, criminal_missing) {
                (true, true) => "Art. 9(2) condition or Art. 10 basis",
                (true, false) => "Art. 9(2) condition",
                _ => "Art. 10 basis",
            };
            let help = match (special_missing, criminal_missing) {
                (true, true) => {
                    "set `art9_condition` to the Art. 9(2) exception relied on (art9_2_a … art9_2_j) and `art10_basis` to the Union or Member State law authorising the criminal-offence data; otherwise stop processing these data"
                }
                (true, false) => {
                    "set `art9_condition` to the Art. 9(2) exception relied on (art9_2_a … art9_2_j) and check any national condition under Art. 9(4); otherwise stop processing these data"
                }
                _ => {
                    "set `art10_basis` to the Union or Member State provision that authorises processing criminal-offence data (e.g. UAVG art. 31–33); otherwise stop processing these data"
                }
            };
            let at = format!("data_categories/{}", offending[0].0);
            cx.report(
                &a.origin,
                &a.id,
                &at,
                format!(
                    "activity '{}' processes {} without a recorded {}",
                    a.id,
                    and_list(&names),
                    missing
                ),
            )
            .help(help);
        }
    }
}
