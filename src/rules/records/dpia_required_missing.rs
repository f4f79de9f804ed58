//! DPA045 `dpia-required-missing`: an activity meets DPIA triggers but has no DPIA.

use super::{and_list, semicolon_list};
use crate::diagnostic::Severity;
use crate::model::Activity;
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct DpiaRequiredMissing;

static META: RuleMeta = RuleMeta {
    id: "DPA045",
    name: "dpia-required-missing",
    severity: Severity::Error,
    category: Category::Records,
    legal_basis: &[
        "GDPR Art. 35(1)",
        "GDPR Art. 35(3)",
        "GDPR Art. 35(4)",
        "WP29 Guidelines on DPIA (WP248 rev.01)",
    ],
    summary: "an activity meets DPIA triggers but no DPIA is recorded",
    help: "carry out and document a DPIA before the processing starts (processors must assist, Art. 28(3)(f)); consult the supervisory authority if a high residual risk remains (Art. 36)",
    docs: include_str!("../../../rules/DPA045-dpia-required-missing/docs.md"),
    dir: "DPA045-dpia-required-missing",
    opt_in: false,
};

/// The DPIA triggers an activity meets, in readable form.
fn triggers(a: &Activity, min_criteria: u64) -> Vec<String> {
    let r = &a.risk;
    let sensitive_data = a.has_special() || a.has_criminal();
    let mut out = Vec::new();
    if r.automated_decision_legal_effect && r.evaluation_scoring {
        out.push(
            "systematic evaluation with legal or similarly significant effects, Art. 35(3)(a)"
                .to_owned(),
        );
    }
    if sensitive_data && r.large_scale {
        out.push("large-scale processing of Art. 9 or Art. 10 data, Art. 35(3)(b)".to_owned());
    }
    if r.public_area_monitoring && r.large_scale {
        out.push("large-scale monitoring of a publicly accessible area, Art. 35(3)(c)".to_owned());
    }
    if !r.national_list.is_empty() {
        out.push(format!("national DPIA list {}", r.national_list.join(", ")));
    }
    // WP248 criterion c4 (sensitive data) also holds when Art. 9/10 data are declared.
    let criteria: Vec<&str> = r
        .wp248()
        .iter()
        .filter(|(name, set)| *set || (*name == "sensitive_or_highly_personal" && sensitive_data))
        .map(|(name, _)| *name)
        .collect();
    if !criteria.is_empty() && criteria.len() as u64 >= min_criteria {
        out.push(format!(
            "{} WP248 criteria: {}",
            criteria.len(),
            and_list(&criteria)
        ));
    }
    out
}

impl Rule for DpiaRequiredMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let min = cx.thresholds.dpia_min_wp248_criteria;
        for a in &cx.inventory.activities {
            if a.dpia.done {
                continue;
            }
            let found = triggers(a, min);
            if found.is_empty() {
                continue;
            }
            cx.report(
                &a.origin,
                &a.id,
                "dpia/done",
                format!(
                    "activity '{}' meets DPIA triggers ({}) but no DPIA is recorded (Art. 35)",
                    a.id,
                    semicolon_list(&found)
                ),
            );
        }
    }
}
