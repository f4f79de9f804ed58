//! DPA054 `dpia-screening-undocumented`: an activity meets the WP248 rule of
//! thumb (two or more criteria) but has neither a DPIA nor a documented
//! screening concluding that none is needed, or its screening concluded that a
//! DPIA is required and none is recorded (D7). Silent while DPA045 reports a
//! mandatory trigger (I19); a completed DPIA silences both (I20).

use super::and_list;
use super::dpia_required_missing::mandatory_triggers;
use crate::diagnostic::Severity;
use crate::model::{Activity, ScreeningOutcome};
use crate::rules::{Category, Context, Rule, RuleMeta};

pub struct DpiaScreeningUndocumented;

static META: RuleMeta = RuleMeta {
    id: "DPA054",
    name: "dpia-screening-undocumented",
    severity: Severity::Warning,
    category: Category::Records,
    legal_basis: &[
        "GDPR Art. 35(1)",
        "GDPR Art. 5(2)",
        "WP29 Guidelines on DPIA (WP248 rev.01), section III.B.a",
    ],
    summary: "an activity meets two or more WP248 criteria but neither a DPIA nor a documented screening outcome is recorded",
    help: "carry out a DPIA, or document why the processing is not likely to result in a high risk (`dpia.screening: { outcome: not_needed, reason, date }`), including the DPO's view where there is one",
    docs: include_str!("../../../rules/DPA054-dpia-screening-undocumented/docs.md"),
    dir: "DPA054-dpia-screening-undocumented",
    opt_in: false,
};

/// The WP248 criteria c1..c9 an activity meets; c4 (sensitive or highly
/// personal data) also when it declares `special:*` or `criminal` data.
fn criteria(a: &Activity) -> Vec<&'static str> {
    let sensitive_data = a.has_special() || a.has_criminal();
    a.risk
        .wp248()
        .iter()
        .filter(|(name, set)| *set || (*name == "sensitive_or_highly_personal" && sensitive_data))
        .map(|(name, _)| *name)
        .collect()
}

impl Rule for DpiaScreeningUndocumented {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context<'_>) {
        let min = cx.thresholds.dpia_min_wp248_criteria;
        for a in &cx.inventory.activities {
            if a.dpia.done || !mandatory_triggers(a).is_empty() {
                continue;
            }
            let screening = &a.dpia.screening;
            if screening.outcome == Some(ScreeningOutcome::Required) {
                cx.report(
                    &a.origin,
                    &a.id,
                    "dpia/screening/outcome",
                    format!(
                        "the DPIA screening of activity '{}' concluded that a DPIA is required, but none is recorded",
                        a.id
                    ),
                )
                .help("carry out the DPIA the screening calls for before the processing starts and record `dpia.done: true` with its date");
                continue;
            }
            let met = criteria(a);
            // A threshold of 0 behaves like 1: some criterion must be met.
            if met.is_empty() || (met.len() as u64) < min || screening.documents_not_needed() {
                continue;
            }
            let finding = cx.report(
                &a.origin,
                &a.id,
                "dpia/done",
                format!(
                    "activity '{}' meets {} WP248 {} ({}) but neither a DPIA nor a documented screening outcome is recorded",
                    a.id,
                    met.len(),
                    if met.len() == 1 { "criterion" } else { "criteria" },
                    and_list(&met)
                ),
            );
            if screening.outcome == Some(ScreeningOutcome::NotNeeded) {
                finding.label(
                    &a.origin,
                    "dpia/screening",
                    "a screening outcome `not_needed` counts only with a reason and a date",
                );
            }
        }
    }
}
